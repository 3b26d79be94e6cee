// Every check on one device. Pure.
import type { Check } from '../catalog/types.js';
import { REDACTED, secretValues } from '../snapshot/secrets.js';
import type { Snapshot } from '../snapshot/types.js';
import { applyDeviations, evaluateCheck, type AssessmentClock, type CheckResult, type DeviationRecord, type ResolvedParams } from './evaluate-check.js';

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * Evaluates the catalog on one snapshot and applies approved deviations valid on `today`
 * (YYYY-MM-DD). With `clock`, evidence is judged current at that moment (stale evidence and
 * lapsed passes are not passes: see evaluateCheck). A secret that a check happened to read is
 * replaced by [REDACTED] in the texts.
 */
export function evaluateDevice(
  snapshot: Snapshot,
  checks: readonly Check[],
  params: ResolvedParams,
  deviations: readonly DeviationRecord[],
  today: string,
  clock?: AssessmentClock,
): CheckResult[] {
  const secrets = secretValues(snapshot).filter((s) => s.length >= 3);
  return checks.map((check) => {
    let r = applyDeviations(evaluateCheck(check, snapshot, params, clock), deviations, today);
    if (secrets.length) {
      r = { ...r, observed: scrub(r.observed, secrets), problems: r.problems.map((p) => scrub(p, secrets)) };
    }
    return r;
  });
}
