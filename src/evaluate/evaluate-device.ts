// Every check on one device. Pure.
import type { Check } from '../catalog/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { applyDeviations, evaluateCheck, type AssessmentClock, type CheckResult, type DeviationRecord, type ResolvedParams } from './evaluate-check.js';

/**
 * Evaluates the catalog on one snapshot and applies approved deviations in force at `at`
 * (the assessment clock, RFC 3339: applyDeviations). With `clock`, evidence is judged current at that moment (stale evidence and
 * lapsed passes are not passes: see evaluateCheck). The snapshot is already redacted
 * (src/snapshot/load.ts readSnapshot): a check that reads a secret sees [REDACTED], so no text can carry one.
 */
export function evaluateDevice(
  snapshot: Snapshot,
  checks: readonly Check[],
  params: ResolvedParams,
  deviations: readonly DeviationRecord[],
  at: string,
  clock?: AssessmentClock,
): CheckResult[] {
  return checks.map((check) => applyDeviations(evaluateCheck(check, snapshot, params, clock), deviations, at));
}
