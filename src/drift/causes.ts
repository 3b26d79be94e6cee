// The terminal's "Regressed: …" line, one wording for diff and monitor (src/cli/diff.ts, src/cli/monitor.ts).
import type { ControlTransition, DriftSummary } from './types.js';

/**
 * The check changes the clock alone made beside those the organisation's decision made (a deviation
 * granted or withdrawn), as diff's and monitor's terminals say them: a granted deviation is no
 * time-based change, as drift.md and the monitoring PDF say too.
 */
export function causeCounts(s: Pick<DriftSummary, 'time' | 'decisions'>): string {
  return `${s.time} clock-only, ${s.decisions ?? 0} by the organisation's decision (deviations granted or withdrawn)`;
}

/** What made a regressed control worse: its devices, else (an attested control) the attestation or the
 * organisation's parameters; nothing rather than "()". */
export function regressionCauses(x: ControlTransition): string {
  const parts = [...[...new Set(x.responsible.map((r) => r.deviceId))].slice(0, 4), ...(x.lapsed?.length ? ['attestation expired'] : []), ...(x.withdrawn?.length ? ['attestation withdrawn'] : []), ...(x.odpsChanged ? ["the organisation's parameters"] : [])];
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** "Regressed: ac-7 (the organisation's parameters); …" for the first 8 regressed controls, or undefined when none regressed. */
export function regressedLine(controls: readonly ControlTransition[]): string | undefined {
  const reg = controls.filter((x) => x.transition === 'regressed');
  if (!reg.length) return undefined;
  return `Regressed: ${reg.slice(0, 8).map((x) => `${x.controlId}${regressionCauses(x)}`).join('; ')}${reg.length > 8 ? `; and ${reg.length - 8} more` : ''}`;
}
