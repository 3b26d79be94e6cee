// Edges of the assessment clock (docs/ingest.md "Times", docs/poam.md): each gives a clear verdict
// or a clear refusal, never a silent pass. A --now without a zone and one before a snapshot's
// collection are refused; a leap day and a year's last day, with no zone, end at UTC+14:00 whatever
// zone the clock is written in; a snapshot whose times carry different zones is judged by instant.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, errorLine, ROOT } from './support/cli-scratch.js';

const { dir, cli } = cliScratch('ato-clock-edges-');
const SNAP = join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'); // collected 2026-11-02T09:21:00Z
type Json = Record<string, any>;

function assess(name: string, input: string, now: string, extra: string[] = []) {
  const out = join(dir(), name);
  const r = cli(['assess', input, '--out', out, '--now', now, '--no-pdf', ...extra]);
  return { ...r, out, ar: () => JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8')) as Json };
}
const result = (ar: Json, check: string): string | undefined =>
  ((ar['assessment-results'].results[0].observations as Json[]).find((o) => o.title === `${check} on MR-01`)?.props ?? []).find((p: Json) => p.name === 'result')?.value;
function deviation(expires: string): string {
  const f = join(dir(), `dev-${expires}.csv`);
  writeFileSync(f, `check_id,device_id,justification,approver,expires\nSCREEN-LOCK-TIMEOUT,MR-01,acquisition,AO,${expires}\n`);
  return f;
}

describe('clock edges', () => {
  it('--now at a leap second is refused saying so and naming the second after it, not called "not RFC 3339" (exit 2, nothing written)', () => {
    for (const [now, after] of [['2016-12-31T23:59:60Z', '2017-01-01T00:00:00Z'], ['2016-12-31T18:59:60-05:00', '2017-01-01T00:00:00Z'], ['2016-12-31T23:59:60.5Z', '2017-01-01T00:00:00Z']] as const) {
      const r = assess(`leap-${now.slice(-6).replace(/[:.]/g, '')}`, SNAP, now);
      expect(r.code).toBe(2);
      const line = errorLine(r.stderr);
      expect(line).not.toMatch(/must be an RFC 3339/);
      expect(line).toContain(`--now "${now}" is a leap second`);
      expect(line).toContain(`give ${after}, the second after it`);
      expect(existsSync(join(r.out, 'assessment-results.json'))).toBe(false);
    }
    // A clock at second 00 of a new year (after this snapshot's collection) is accepted as before.
    expect(assess('after-leap', SNAP, '2027-01-01T00:00:00Z').code).toBe(0);
  });

  it('--now without a zone is a usage error (exit 2), nothing written', () => {
    const r = assess('nozone', SNAP, '2026-11-02T18:00:00');
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)).toMatch(/--now must be an RFC 3339 date-time with a timezone/);
    expect(existsSync(join(r.out, 'assessment-results.json'))).toBe(false);
  });

  it('--now before the collection is refused naming the file, its collectedAt and the clock (exit 1)', () => {
    const r = assess('early', SNAP, '2026-11-02T14:00:00+05:30'); // 08:30Z, before 09:21Z
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/MR-01_2026-11-02\.json at \/collectedAt: collected at 2026-11-02T09:21:00Z, after the assessment time 2026-11-02T08:30:00Z/);
  });

  it('a deviation through the leap day 2028-02-29 applies until that day ends at UTC+14:00, not after', () => {
    const inside = assess('leap-in', SNAP, '2028-02-29T09:59:59Z', ['--deviations', deviation('2028-02-29')]);
    expect(inside.code).toBe(0);
    expect(result(inside.ar(), 'SCREEN-LOCK-TIMEOUT')).toBe('deviation');
    const after = assess('leap-out', SNAP, '2028-02-29T10:00:00Z', ['--deviations', deviation('2028-02-29')]);
    expect(after.code).toBe(0);
    expect(result(after.ar(), 'SCREEN-LOCK-TIMEOUT')).toBe('fail');
    expect(after.stderr).toMatch(/expired on 2028-02-29 \(that day ended at UTC\+14:00, 2028-02-29T09:59:59Z/);
    const bad = assess('leap-bad', SNAP, '2027-03-01T00:00:00Z', ['--deviations', deviation('2027-02-29')]);
    expect(bad.code).toBe(1);
    expect(errorLine(bad.stderr)).toMatch(/line 2: expires must be a date as YYYY-MM-DD that the calendar has, got "2027-02-29"/);
  });

  it('an expiry of 2026-12-31 judged at 2027-01-01T05:00:00-05:00 has lapsed: the deviation no longer applies', () => {
    const r = assess('year-end', SNAP, '2027-01-01T05:00:00-05:00', ['--deviations', deviation('2026-12-31')]);
    expect(r.code).toBe(0);
    expect(result(r.ar(), 'SCREEN-LOCK-TIMEOUT')).toBe('fail');
    expect(r.stderr).toMatch(/before 2027-01-01T10:00:00Z\); it no longer applies/);
  });

  it('a snapshot whose times carry +05:30 and -03:00 is judged by instant, as the same times in UTC', () => {
    const s = JSON.parse(readFileSync(SNAP, 'utf8'));
    s.collectedAt = '2026-11-02T14:51:00+05:30'; // 09:21Z
    s.malware.antimalware.signatureUpdatedAt = '2026-11-01T00:12:00-03:00'; // 03:12Z
    s.audit.timeSync.lastSuccessfulSyncAt = '2026-11-02T05:40:00-03:00'; // 08:40Z
    const f = join(dir(), 'zones.json');
    writeFileSync(f, JSON.stringify(s, null, 2));
    const zoned = assess('zones', f, '2026-11-02T18:00:00Z');
    const utc = assess('utc', SNAP, '2026-11-02T18:00:00Z');
    expect(zoned.code).toBe(0);
    for (const check of ['MAL-SIG-AGE', 'TIME-SYNC', 'FW-ENABLED']) expect(result(zoned.ar(), check)).toBe(result(utc.ar(), check));
    expect(result(zoned.ar(), 'TIME-SYNC')).toBe('pass');
  });
});
