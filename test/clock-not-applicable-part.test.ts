// A clock rule beside a list part that is not applicable (an `every` / `none` / `some` whose `where`
// selects nothing, `if-empty: not-applicable`): the all-of passes at collection (not applicable
// counts as passing there), and the pass holds while the clock rule does. holdsUntil read the
// not-applicable part as "not a pass" and gave it no life past collection, so the pass lapsed at
// its own collection time: "passed at collection (T), but ... lapsed at T" on a console whose
// evidence was an hour old.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import type { Check, Test } from '../src/catalog/types.js';
import { checkStatus, evaluateCheck, makeContext, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { resolveParameters } from '../src/params/resolve.js';
import type { Snapshot } from '../src/snapshot/types.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const base = catalog.checks.find((c) => c.id === 'MAL-SIG-AGE')!;
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

const COLLECTED = '2026-11-02T10:00:00Z';
const UPDATED = '2026-10-30T10:00:00Z'; // 3 days old at collection; 7 allowed: lapses 2026-11-06T10:00Z
const LAPSES = Date.parse(UPDATED) + 7 * DAY;

const ageRule: Test = { field: 'malware.antimalware.signatureUpdatedAt', operator: 'max-age-days', expected: 7 } as Test;
/** Lists that select nothing on the snapshot below (no WinDefend among the services): not applicable. */
const listParts: Record<string, Test> = {
  every: { operator: 'every', field: 'hardening.services', where: [{ field: 'name', operator: 'equals', expected: 'WinDefend' }], ifEmpty: 'not-applicable', tests: [{ field: 'state', operator: 'equals', expected: 'running' }] } as Test,
  none: { operator: 'none', field: 'hardening.services', where: [{ field: 'name', operator: 'equals', expected: 'WinDefend' }], ifEmpty: 'not-applicable', tests: [{ field: 'state', operator: 'equals', expected: 'stopped' }] } as Test,
  some: { operator: 'some', field: 'hardening.services', where: [{ field: 'name', operator: 'equals', expected: 'WinDefend' }], ifEmpty: 'not-applicable', tests: [{ field: 'state', operator: 'equals', expected: 'running' }] } as Test,
  // A list with a clock rule inside it, selecting nothing.
  'every (clock inside)': { operator: 'every', field: 'hardening.services', where: [{ field: 'name', operator: 'equals', expected: 'WinDefend' }], ifEmpty: 'not-applicable', tests: [{ field: 'installedAt', operator: 'max-age-days', expected: 7 }] } as Test,
};

const snapshot = { schemaVersion: '1.0', device: { id: 'D-1' }, collectedAt: COLLECTED, hardening: { services: [{ name: 'Spooler', state: 'running', startType: 'automatic' }] }, malware: { antimalware: { signatureUpdatedAt: UPDATED } } } as unknown as Snapshot;

describe('an all-of with a not-applicable list part and a clock rule', () => {
  for (const [name, part] of Object.entries(listParts)) {
    const check: Check = { ...base, id: `T-${name}`, test: { operator: 'all-of', tests: [ageRule, part] } as Test };

    it(`${name}: passes at collection, and still passes while the age rule holds (never "lapsed" at collection)`, () => {
      expect(evaluateCheck(check, snapshot, params).status).toBe('pass');
      const hourLater = evaluateCheck(check, snapshot, params, { now: '2026-11-02T11:00:00Z' });
      expect([hourLater.status, hourLater.lapsedAt, hourLater.reason]).toEqual(['pass', undefined, undefined]);
      expect(hourLater.expires).toBe(iso(LAPSES));
      expect(checkStatus(check, snapshot, makeContext(snapshot, params, { now: '2026-11-02T11:00:00Z' }))).toBe('pass');
    });

    it(`${name}: not a pass once the age rule lapsed, the reason naming the rule and its instant`, () => {
      const after = evaluateCheck(check, snapshot, params, { now: iso(LAPSES + 1000) });
      expect(after.status).toBe('not-collected');
      expect(after.lapsedAt).toBe(iso(LAPSES));
      expect(after.reason).toMatch(/passed at collection \(2026-11-02T10:00:00Z\), but its time limit \(.*7 days.*\) lapsed at 2026-11-06T10:00:00Z/);
    });

    it(`${name}: stale evidence is never a pass, whatever the parts`, () => {
      const stale = evaluateCheck(check, snapshot, params, { now: '2026-12-03T00:00:00Z' });
      expect(stale.status).toBe('not-collected');
      expect(stale.reason).toMatch(/the evidence is stale/);
    });
  }

  it('a fail at collection is never said to have lapsed', () => {
    const failing = { ...snapshot, malware: { antimalware: { signatureUpdatedAt: '2026-10-01T10:00:00Z' } } } as unknown as Snapshot;
    const check: Check = { ...base, id: 'T-fail', test: { operator: 'all-of', tests: [ageRule, listParts.every!] } as Test };
    const r = evaluateCheck(check, failing, params, { now: '2026-11-02T11:00:00Z' });
    expect(r.status).toBe('fail');
    expect(r.lapsedAt).toBeUndefined();
    expect(r.reason ?? '').not.toMatch(/lapse/);
  });
});
