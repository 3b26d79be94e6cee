// Counts for the human summary and the --json output. Pure.
import type { Check } from '../catalog/types.js';
import type { ControlFinding } from './controls.js';
import type { AssessmentSummary, DeviceOutcome } from './model.js';

export function summarise(
  deviceCount: number,
  checks: readonly Check[],
  outcomes: ReadonlyMap<string, DeviceOutcome>,
  findings: readonly ControlFinding[],
  manual: readonly string[],
  maxAgeDays?: number,
  unreadable: AssessmentSummary['unreadable'] = [],
): AssessmentSummary {
  const results: Record<string, number> = { pass: 0, fail: 0, deviation: 0, 'not-applicable': 0, 'not-collected': 0 };
  const layers: AssessmentSummary['layers'] = {};
  for (const c of checks) layers[c.layer] ??= { pass: 0, fail: 0, other: 0 };
  for (const outcome of outcomes.values()) {
    outcome.statuses.forEach((status, i) => {
      results[status] = (results[status] ?? 0) + 1;
      const l = layers[checks[i]!.layer]!;
      if (status === 'pass') l.pass++;
      else if (status === 'fail') l.fail++;
      else l.other++;
    });
  }
  const satisfied = findings.filter((f) => f.state === 'satisfied').length;
  const partial = findings.filter((f) => f.state === 'partial').length;
  const staleDevices: string[] = [];
  let lapsedPasses = 0;
  for (const [id, o] of outcomes) {
    if (o.stale) staleDevices.push(id);
    lapsedPasses += o.lapsed ?? 0;
  }
  return {
    devices: deviceCount,
    checks: checks.length,
    results,
    evidence: { ...(maxAgeDays !== undefined ? { maxAgeDays } : {}), staleDevices: staleDevices.sort(), lapsedPasses },
    unreadable,
    controls: { assessed: findings.length, satisfied, notSatisfied: findings.length - satisfied - partial, partial, manual: manual.length },
    layers,
  };
}
