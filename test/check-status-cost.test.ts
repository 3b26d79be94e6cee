// checkStatus (src/evaluate/evaluate-check.ts) decides a check's status without building its texts
// and pointers. A pass is still withdrawn when a value read is one two effective exports disagree on,
// which needs the pointers; a snapshot whose provenance records no such disagreement needs none,
// so no passing check's outcome is built for it (test/drift.test.ts covers the withdrawn pass).
import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ n: 0 }));
vi.mock('../src/evaluate/test-eval.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/evaluate/test-eval.js')>();
  return {
    ...real,
    evaluateTest: (...args: Parameters<typeof real.evaluateTest>) => {
      calls.n++;
      return real.evaluateTest(...args);
    },
  };
});
const { checkStatus, evaluateCheck, hasPolicySources, makeContext, maskedPointers } = await import('../src/evaluate/evaluate-check.js');
const { policyContradictions } = await import('../src/snapshot/policy-combinations.js');
const { context, sample, ROUND2 } = await import('./support/drift.js');
const { syntheticSnapshot } = await import('../src/bench/synthetic-fleet.js');
type Snapshot = import('../src/snapshot/types.js').Snapshot;

// Snapshots with provenance but no policy file, masked value or contradiction among their values.
const SNAPSHOTS: Array<[string, () => Snapshot]> = [['MR-02', () => sample('MR-02', ROUND2)], ...[1, 3].map((i): [string, () => Snapshot] => [`synthetic ${i}`, () => syntheticSnapshot(i)])];

describe('checkStatus builds no outcome for a pass it need not withdraw', () => {
  const ctx = context();
  for (const [name, snapshot] of SNAPSHOTS) {
    it(`${name}: every passing check is decided by its status alone, as evaluateCheck decides it`, () => {
      const s = snapshot();
      expect(s.provenance).toBeDefined();
      // Premises: nothing else makes checkStatus read the values behind a pass.
      expect(hasPolicySources(s)).toBe(false);
      expect(maskedPointers(s)).toEqual([]);
      expect(policyContradictions(s)).toEqual([]);
      const quick = makeContext(s, ctx.params);
      let passes = 0;
      for (const check of ctx.checks) {
        calls.n = 0;
        const status = checkStatus(check, s, quick);
        if (status !== 'pass') continue;
        passes++;
        expect(calls.n, check.id).toBe(0);
        expect(evaluateCheck(check, s, ctx.params).status).toBe('pass');
      }
      expect(passes).toBeGreaterThan(0);
    });
  }
});
