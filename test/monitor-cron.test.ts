// --schedule: the cron parser and the schedule loop, with an injected clock (no real waiting).
import { describe, expect, it } from 'vitest';
import { nextRun, parseCron, runOnSchedule } from '../src/monitor/cron.js';
import { userErrorOf } from './support/user-error.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const next = (cron: string, after: string) => iso(nextRun(parseCron(cron), t(after)));

describe('cron schedule', () => {
  it('Mondays at 06:00 UTC: from a Saturday evening, the coming Monday', () => {
    // 2026-11-28 is a Saturday.
    expect(next('0 6 * * 1', '2026-11-28T20:00:00Z')).toBe('2026-11-30T06:00:00Z');
    expect(next('0 6 * * mon', '2026-11-30T06:00:00Z')).toBe('2026-12-07T06:00:00Z'); // strictly after
  });

  it('steps, ranges and lists', () => {
    expect(next('*/15 * * * *', '2026-11-28T10:07:30Z')).toBe('2026-11-28T10:15:00Z');
    expect(next('0 9-17/4 * * *', '2026-11-28T10:00:00Z')).toBe('2026-11-28T13:00:00Z');
    expect(next('30 2 1,15 * *', '2026-11-15T03:00:00Z')).toBe('2026-12-01T02:30:00Z');
  });

  it('the first of each month rolls over the year, and 7 is Sunday', () => {
    expect(next('0 0 1 * *', '2026-12-15T00:00:00Z')).toBe('2027-01-01T00:00:00Z');
    expect(next('0 12 * * 7', '2026-11-28T00:00:00Z')).toBe('2026-11-29T12:00:00Z');
  });

  it('both day fields restricted: either one matches (cron\'s rule)', () => {
    // The 1st of the month or a Friday, whichever comes first after Saturday 28 Nov: Dec 1 (Tue).
    expect(next('0 0 1 * 5', '2026-11-28T00:00:00Z')).toBe('2026-12-01T00:00:00Z');
    // Friday Dec 4 after Dec 1.
    expect(next('0 0 1 * 5', '2026-12-01T00:00:00Z')).toBe('2026-12-04T00:00:00Z');
  });

  it('February 29th waits for a leap year', () => {
    expect(next('0 0 29 2 *', '2026-11-28T00:00:00Z')).toBe('2028-02-29T00:00:00Z');
  });

  it('bad schedules are usage errors that say what is wrong', () => {
    expect(userErrorOf(() => parseCron('0 6 * *')).message).toMatch(/has 4 field\(s\)/);
    expect(userErrorOf(() => parseCron('61 * * * *')).message).toMatch(/minute: 61 is outside 0-59/);
    expect(userErrorOf(() => parseCron('0 6 * * funday')).message).toMatch(/day of week: "funday" is not a number or a name/);
    expect(userErrorOf(() => parseCron('0 6 * *')).exitCode).toBe(2);
    expect(userErrorOf(() => nextRun(parseCron('0 0 31 2 *'), 0)).message).toMatch(/never fires/);
  });
});

describe('schedule loop', () => {
  /** A fake clock that moves only when the loop sleeps. */
  function fakeClock(start: string) {
    let now = t(start);
    return { clock: () => now, sleep: async (ms: number) => void (now += ms), advance: (ms: number) => void (now += ms) };
  }

  it('runs at each scheduled time, with that time as the run clock', async () => {
    const c = fakeClock('2026-11-28T05:59:00Z');
    const ran: string[] = [];
    const r = await runOnSchedule(parseCron('0 6 * * *'), {
      clock: c.clock, sleep: c.sleep, signal: new AbortController().signal, maxRuns: 3,
      run: async (now) => {
        ran.push(now);
        c.advance(90_000); // a run takes a minute and a half
        return 0;
      },
    });
    expect(ran).toEqual(['2026-11-28T06:00:00Z', '2026-11-29T06:00:00Z', '2026-11-30T06:00:00Z']);
    expect(r).toEqual({ runs: 3, lastExit: 0 });
  });

  it('a stop signal while waiting ends the loop before the next run', async () => {
    const c = fakeClock('2026-11-28T05:00:00Z');
    const stop = new AbortController();
    let sleeps = 0;
    const ran: string[] = [];
    const r = await runOnSchedule(parseCron('0 6 * * *'), {
      clock: c.clock,
      sleep: async (ms) => {
        if (++sleeps === 2) stop.abort(); // SIGTERM arrives during the wait
        c.advance(ms);
      },
      signal: stop.signal,
      run: async (now) => void ran.push(now) ?? 0,
    });
    expect(ran).toEqual([]);
    expect(r.runs).toBe(0);
  });

  it('a stop signal during a run lets that run finish, then stops; its exit code is kept', async () => {
    const c = fakeClock('2026-11-28T05:59:00Z');
    const stop = new AbortController();
    const ran: string[] = [];
    const r = await runOnSchedule(parseCron('0 6 * * *'), {
      clock: c.clock, sleep: c.sleep, signal: stop.signal,
      run: async (now) => {
        stop.abort();
        ran.push(now);
        return 3;
      },
    });
    expect(ran).toEqual(['2026-11-28T06:00:00Z']);
    expect(r).toEqual({ runs: 1, lastExit: 3 });
  });
});
