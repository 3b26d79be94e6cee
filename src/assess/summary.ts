// Counts for the human summary and the --json output. Pure.
import type { Check } from '../catalog/types.js';
import type { ControlFinding } from './controls.js';
import { countStatus, emptyLayerCounts } from './layer-counts.js';
import type { AssessmentSummary, DeviceOutcome } from './model.js';

const RANK: Record<string, number> = { 'CAT I': 0, 'CAT II': 1, 'CAT III': 2 };

/** The higher of two severities, as an optional property. */
function severityOf(...list: Array<ControlFinding['severity']>): { severity?: NonNullable<ControlFinding['severity']> } {
  const top = list.filter((x): x is NonNullable<typeof x> => x !== undefined).sort((a, b) => RANK[a]! - RANK[b]!)[0];
  return top ? { severity: top } : {};
}

/** Natural order of control ids: ac-2 < ac-2.1 < ac-10. */
function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * The one summary every report prints (CLI, --json, the PDF's executive summary): counts of
 * results and controls, the controls not satisfied by severity (open findings), the evidence
 * that lapsed. `lapsed`: attestations and deviations expired by the assessment date.
 * `weaknessSeverity`: per control, the highest severity of the POA&M weaknesses (risks) touching
 * it, so that a control not satisfied for evidence not collected or an attestation is counted
 * under the same CAT as its risk in the assessment results and the POA&M.
 */
export function summarise(
  deviceCount: number,
  checks: readonly Check[],
  outcomes: ReadonlyMap<string, DeviceOutcome>,
  findings: readonly ControlFinding[],
  manual: readonly string[],
  maxAgeDays?: number,
  unreadable: AssessmentSummary['unreadable'] = [],
  lapsed: AssessmentSummary['lapsed'] = { attestations: [], deviations: 0 },
  weaknessSeverity?: ReadonlyMap<string, string>,
): AssessmentSummary {
  const results: Record<string, number> = { pass: 0, fail: 0, deviation: 0, 'not-applicable': 0, 'not-collected': 0 };
  const layers: AssessmentSummary['layers'] = {};
  for (const c of checks) layers[c.layer] ??= emptyLayerCounts();
  for (const outcome of outcomes.values()) {
    outcome.statuses.forEach((status, i) => {
      results[status] = (results[status] ?? 0) + 1;
      countStatus(layers[checks[i]!.layer]!, status);
    });
  }
  const satisfied = findings.filter((f) => f.state === 'satisfied').length;
  const partial = findings.filter((f) => f.state === 'partial').length;
  // A check with a value not collected on some device: its controls are not "only deviations".
  const missing = new Set<string>();
  for (const outcome of outcomes.values()) outcome.statuses.forEach((status, i) => status === 'not-collected' && missing.add(checks[i]!.id));
  const notSatisfied = findings
    .filter((f) => f.state === 'not-satisfied')
    .map((f) => ({
      control: f.controlId,
      ...severityOf(f.severity, weaknessSeverity?.get(f.controlId) as ControlFinding['severity']),
      deviationOnly: f.reason !== 'fail' && f.failing.length === 0 && f.deviations.length > 0 && !f.checkIds.some((k) => missing.has(k)),
      failingDevices: [...new Set(f.failing.map((x) => x.deviceId))],
    }))
    .sort((a, b) => (RANK[a.severity ?? ''] ?? 3) - (RANK[b.severity ?? ''] ?? 3) || b.failingDevices.length - a.failingDevices.length || compareIds(a.control, b.control));
  const openFindings = { 'CAT I': 0, 'CAT II': 0, 'CAT III': 0, unrated: 0 };
  for (const f of notSatisfied) openFindings[f.severity ?? 'unrated']++;
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
    controls: { assessed: findings.length, outsideSelection: findings.filter((f) => !f.inBaseline).length, satisfied, notSatisfied: notSatisfied.length, deviationOnly: notSatisfied.filter((f) => f.deviationOnly).length, partial, manual: manual.length },
    openFindings,
    risk: openFindings['CAT I'] > 0 ? 'high' : openFindings['CAT II'] > 0 ? 'moderate' : openFindings['CAT III'] + openFindings.unrated > 0 ? 'low' : 'none',
    notSatisfied,
    lapsed,
    layers,
  };
}
