// A check failing on part of a fleet whose objective also has evidence not collected on the rest
// (7cac4a6: the check's item names those device/check pairs too) made weaknessesOf quadratic in
// the pairs: each was looked up in the item's list before being added. At 2,000 synthetic devices
// that was 2.7% of `assess`; at 10,000, 25 times that. The pairs are now deduplicated by a set.
// Pure functions, a hand-built finding. What is asserted is the list (each pair once, in order);
// the time is the benchmark's (`npm run bench`), never a unit test's.
import { describe, expect, it } from 'vitest';
import type { ControlFinding } from '../src/assess/controls.js';
import type { Assessment } from '../src/assess/model.js';
import type { Check } from '../src/catalog/types.js';
import { weaknessesOf } from '../src/oscal/weaknesses.js';

const DEVICES = 8_000;
const id = (i: number) => `D-${String(i).padStart(6, '0')}`;
const check = (cid: string) => ({ id: cid, title: cid, severity: 'CAT II', remediation: 'fix' }) as unknown as Check;

/** ac-11 fails on device 0 by A; on every device B and C were not collected (twice over: two objectives). */
function fleet(): Pick<Assessment, 'findings' | 'checks' | 'devices'> {
  const devices = Array.from({ length: DEVICES }, (_, i) => ({ id: id(i), collectedAt: '2026-11-01T00:00:00Z' })) as unknown as Assessment['devices'];
  const notCollected = devices.flatMap((d) => [{ deviceId: d.id, checkId: 'B' }, { deviceId: d.id, checkId: 'C' }]);
  const objective = (objectiveId: string) => ({ objectiveId, state: 'not-satisfied', reason: 'fail', checkIds: ['A', 'B', 'C'], failingDevices: [id(0)], failingCount: 1, deviationCount: 0, notCollectedCount: notCollected.length, notShownDevices: [], notShownCount: 0 });
  const finding = {
    controlId: 'ac-11', title: 'ac-11', targetId: 'ac-11_obj', targetType: 'objective-id', state: 'not-satisfied', reason: 'fail', checkIds: ['A', 'B', 'C'],
    failing: [{ deviceId: id(0), checkId: 'A' }], deviations: [], notCollected, inBaseline: true, resultCount: 3 * DEVICES, passCount: 0,
    leaves: ['ac-11_obj.a', 'ac-11_obj.b'], objectives: [objective('ac-11_obj.a'), objective('ac-11_obj.b')], uncovered: [],
  } as unknown as ControlFinding;
  return { findings: [finding], checks: [check('A'), check('B'), check('C')], devices };
}

describe('a failing check whose objectives have evidence not collected across a fleet', () => {
  it('names each device/check pair not collected once, sorted', () => {
    const list = weaknessesOf(fleet());
    const w = list.find((x) => x.key === 'check:A')!;
    expect(w.failing).toEqual([id(0)]);
    // Both objectives name the same pairs: each is on the item once.
    expect(w.missingPairs.length).toBe(2 * DEVICES);
    expect(new Set(w.missingPairs.map((p) => `${p.deviceId} ${p.checkId}`)).size).toBe(2 * DEVICES);
    expect(w.missingPairs[0]).toEqual({ deviceId: id(0), checkId: 'B' });
    expect(w.missingPairs.at(-1)).toEqual({ deviceId: id(DEVICES - 1), checkId: 'C' });
  }, 120_000);
});
