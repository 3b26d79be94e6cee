// The assessment clock is an input: --now, else SOURCE_DATE_EPOCH, else the system clock.
import { instantMs, isCalendarDateTime } from '../io/dates.js';
import { UserError } from '../io/errors.js';

/**
 * Normalises to UTC in whole seconds: 2026-11-28T09:00:00Z. A --now with a fraction of a second is
 * refused (exit 2); the system clock is taken up to the next whole second.
 */
export function resolveNow(now: string | undefined, env: NodeJS.ProcessEnv, clock: () => number = Date.now): string {
  let ms: number;
  if (now !== undefined) {
    if (!isCalendarDateTime(now) || Number.isNaN(instantMs(now))) {
      throw new UserError(`--now must be an RFC 3339 date-time with a timezone, e.g. 2026-11-28T09:00:00Z; got "${now}"`, { exitCode: 2 });
    }
    // A leap second is valid RFC 3339, but no report can state it as the clock (every time they
    // write, computed in POSIX time, has no second 60), and the documents judge evidence at the time
    // they show. Read as the second before (as input times are), the clock would judge evidence a
    // second younger than it is; the second after is the stricter side, so it is named to give.
    if (/T\d{2}:\d{2}:60/.test(now)) {
      const after = new Date(Math.floor(instantMs(now) / 1000) * 1000 + 1000).toISOString().replace('.000Z', 'Z');
      throw new UserError(`--now "${now}" is a leap second (second 60), which is not accepted as the assessment clock: every report states the clock and judges evidence at the time it states, and no time it writes has a second 60; give ${after}, the second after it, so that no evidence is judged younger than it is`, { exitCode: 2 });
    }
    // Every output shows the clock in whole seconds: a fraction would be judged at one instant and
    // shown as another (a pass lapsing within that second called lapsed "before" the time shown).
    const fraction = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(now)?.[1];
    if (fraction !== undefined && /[1-9]/.test(fraction)) {
      const up = new Date(Math.floor(Date.parse(now) / 1000) * 1000 + 1000).toISOString().replace('.000Z', 'Z');
      throw new UserError(`--now must be whole seconds (every report shows the assessment time so, and judges evidence at the time it shows); got "${now}": give ${up}, the next whole second, so that no evidence is judged younger than it is`, { exitCode: 2 });
    }
    ms = Date.parse(now);
  } else if (env.SOURCE_DATE_EPOCH !== undefined && env.SOURCE_DATE_EPOCH !== '') {
    if (!/^\d+$/.test(env.SOURCE_DATE_EPOCH)) throw new UserError(`SOURCE_DATE_EPOCH must be whole seconds since 1970; got "${env.SOURCE_DATE_EPOCH}"`, { exitCode: 2 });
    ms = Number(env.SOURCE_DATE_EPOCH) * 1000;
  } else {
    // The system clock up to the next whole second: judged never before the run's instant, so
    // evidence is never judged younger than it is (at 09:15:22.9, at 09:15:23, not 22).
    ms = Math.ceil(clock() / 1000) * 1000;
  }
  // In UTC, the documents state the time with a four-digit year (RFC 3339, OSCAL's date-time):
  // "9999-12-31T23:59:59-01:00" is in year 10000, which toISOString writes "+010000-…"; a time
  // before 1970 precedes every console's clock and SOURCE_DATE_EPOCH's origin.
  if (!(ms >= 0 && ms <= LATEST_MS)) {
    const source = now !== undefined ? `--now "${now}"` : env.SOURCE_DATE_EPOCH !== undefined && env.SOURCE_DATE_EPOCH !== '' ? `SOURCE_DATE_EPOCH "${env.SOURCE_DATE_EPOCH}"` : 'the system clock';
    throw new UserError(`${source} is ${ms < 0 ? 'before 1970-01-01T00:00:00Z' : 'after 9999-12-31T23:59:59Z'} in UTC: the assessment clock must lie from 1970 to 9999, the years the documents can state`, { exitCode: 2 });
  }
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** 9999-12-31T23:59:59.999Z: the last instant with a four-digit year. */
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
