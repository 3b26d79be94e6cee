// Counts for the human summary and the --json output. Pure.
import type { Check } from '../catalog/types.js';
import type { CheckResult } from '../evaluate/evaluate-check.js';
import type { ControlFinding } from './controls.js';
import type { AssessmentSummary } from './model.js';

export function summarise(
  deviceCount: number,
  checks: readonly Check[],
  resultsByDevice: ReadonlyMap<string, readonly CheckResult[]>,
  findings: readonly ControlFinding[],
  manual: readonly string[],
): AssessmentSummary {
  const results: Record<string, number> = { pass: 0, fail: 0, deviation: 0, 'not-applicable': 0, 'not-collected': 0 };
  const layerOf = new Map(checks.map((c) => [c.id, c.layer]));
  const layers: AssessmentSummary['layers'] = {};
  for (const c of checks) layers[c.layer] ??= { pass: 0, fail: 0, other: 0 };
  for (const list of resultsByDevice.values()) {
    for (const r of list) {
      results[r.status] = (results[r.status] ?? 0) + 1;
      const l = layers[layerOf.get(r.checkId) ?? ''];
      if (!l) continue;
      if (r.status === 'pass') l.pass++;
      else if (r.status === 'fail') l.fail++;
      else l.other++;
    }
  }
  const satisfied = findings.filter((f) => f.state === 'satisfied').length;
  return {
    devices: deviceCount,
    checks: checks.length,
    results,
    controls: { assessed: findings.length, satisfied, notSatisfied: findings.length - satisfied, manual: manual.length },
    layers,
  };
}
