// GroupKeyer (src/oscal/observation-groups.ts) finds a result already met by comparing it with the
// results remembered under its bucket. On a fleet, PWD-MAX-AGE's not-collected results share one
// observed text and differ in which accounts' passwordLastSet is missing: bucketed by the observed
// text alone, each result was compared with up to 500 before it (quadratic in the fleet, 12% of a
// worker's time at 2,000 devices). The bucket now also holds sizes and the last missing value, so a
// result is compared only with results that may equal it; the keys are the same.
import { describe, expect, it } from 'vitest';
import { syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { evaluateCheck, type CheckResult } from '../src/evaluate/evaluate-check.js';
import type { AssessedDevice } from '../src/assess/model.js';
import { GroupKeyer } from '../src/oscal/observation-groups.js';
import { resolveParameters } from '../src/params/resolve.js';

const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const check = catalog.checks.find((c) => c.id === 'PWD-MAX-AGE')!;
const now = '2026-11-28T00:00:00Z';
const DEVICES = 600;

const fleet = Array.from({ length: DEVICES }, (_, i) => {
  const s = syntheticSnapshot(i + 1);
  const device = { id: s.device.id, device: s.device, collectedAt: s.collectedAt, sourceFile: `${i}.json`, sourceSha256: 'a'.repeat(64), evidenceHref: `e/${i}.json`, evidenceSha256: 'a'.repeat(64), redacted: false, superseded: [] } as AssessedDevice;
  return { result: evaluateCheck(check, s, params, { now }), device };
});

/** The result as a proxy counting every read of `missing` (sameResult reads it on both sides of each comparison). */
function counted(r: CheckResult, reads: { n: number }): CheckResult {
  return new Proxy(r, { get: (t, k, recv) => (k === 'missing' && reads.n++, Reflect.get(t, k, recv)) });
}

describe('GroupKeyer buckets', () => {
  it('the fleet has many PWD-MAX-AGE results under one observed text that differ in what is missing', () => {
    const byObserved = new Map<string, Set<string>>();
    for (const { result } of fleet) byObserved.set(result.observed, (byObserved.get(result.observed) ?? new Set()).add(JSON.stringify(result.missing)));
    expect(Math.max(...[...byObserved.values()].map((s) => s.size))).toBeGreaterThan(DEVICES / 3);
  });

  it('compares a result only with results that may equal it: work grows with the fleet, not its square', () => {
    const reads = { n: 0 };
    const keyer = new GroupKeyer([check]);
    for (const { result, device } of fleet) keyer.keys([counted(result, reads)], device);
    // A handful of reads per result (its bucket, and the few results met under it), not one per result before it.
    expect(reads.n).toBeLessThan(DEVICES * 8);
  });

  it('gives every result the key a keyer meeting it first gives', () => {
    const keyer = new GroupKeyer([check]);
    for (const { result, device } of fleet) {
      const [key] = keyer.keys([result], device);
      const [alone] = new GroupKeyer([check]).keys([result], device);
      expect({ hash: key!.hash, variant: key!.variant }).toEqual({ hash: alone!.hash, variant: alone!.variant });
    }
  });
});
