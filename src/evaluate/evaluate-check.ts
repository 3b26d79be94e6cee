// One check on one device. Pure: the snapshot and the resolved parameters are inputs.
import type { Check } from '../catalog/types.js';
import type { Provenance, Snapshot } from '../snapshot/types.js';
import { evaluateTest, statusOf, type EvalContext, type Fact, type ParamUse, type TestOutcome } from './test-eval.js';

export type CheckStatus = 'pass' | 'fail' | 'not-applicable' | 'not-collected' | 'deviation';

export interface DeviationRecord {
  checkId: string;
  deviceId: string; // '*' = every device
  justification: string;
  approver: string;
  expires: string; // YYYY-MM-DD, last day the deviation is valid
  source: string; // file and line it came from
}

export interface CheckResult {
  checkId: string;
  deviceId: string;
  status: CheckStatus;
  observed: string;
  expected: string;
  problems: string[];
  /** Dotted paths that were needed but absent (why the result is not-collected). */
  missing: string[];
  params: ParamUse[];
  /** JSON pointers of the snapshot values the verdict rests on. */
  pointers: string[];
  /** Provenance of those values, where the snapshot records it. */
  provenance: Array<{ pointer: string } & Provenance>;
  /** The approved deviation that turned a fail into a documented deviation. */
  deviation?: DeviationRecord;
  /** A deviation that would have applied had it not expired before the assessment. */
  expiredDeviation?: DeviationRecord;
  /** The values behind the verdict and a list's counts, for the plain wording (TestOutcome). */
  facts?: Fact[];
  items?: TestOutcome['items'];
}

/** Parameters resolved for a run: id -> value and where it came from. */
export type ResolvedParams = ReadonlyMap<string, ParamUse>;

export class UnknownParameterError extends Error {}

// Test descriptions depend only on the test and the parameter values: one cache per parameter set.
const DESCRIPTIONS = new WeakMap<ResolvedParams, WeakMap<object, string>>();

export function makeContext(snapshot: Snapshot, params: ResolvedParams): EvalContext {
  let descriptions = DESCRIPTIONS.get(params);
  if (!descriptions) DESCRIPTIONS.set(params, (descriptions = new WeakMap()));
  return {
    descriptions,
    collectedAtMs: Date.parse(snapshot.collectedAt),
    param(id: string) {
      const p = params.get(id);
      if (!p) throw new UnknownParameterError(`unknown organisation parameter "${id}"`);
      return p;
    },
    used: new Map(),
  };
}

/** Provenance recorded for a pointer, or for the nearest enclosing value that has one. */
function provenanceFor(snapshot: Snapshot, pointer: string): Provenance | undefined {
  const table = snapshot.provenance;
  if (!table) return undefined;
  for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
    const hit = table[p];
    if (hit) return hit;
  }
  return undefined;
}

export function evaluateCheck(check: Check, snapshot: Snapshot, params: ResolvedParams): CheckResult {
  const ctx = makeContext(snapshot, params);
  let outcome: TestOutcome;
  if (check.appliesWhen) {
    const applies = evaluateTest(check.appliesWhen, snapshot, ctx);
    if (applies.status === 'fail' || applies.status === 'not-applicable') {
      outcome = { ...applies, status: 'not-applicable', problems: [], expected: `applies only when ${applies.expected}`, facts: [] };
      delete outcome.items;
    } else if (applies.status === 'not-collected') {
      outcome = applies;
    } else {
      outcome = evaluateTest(check.test, snapshot, ctx);
    }
  } else {
    outcome = evaluateTest(check.test, snapshot, ctx);
  }
  const pointers = [...new Set(outcome.pointers)];
  const provenance: CheckResult['provenance'] = [];
  const seen = new Set<string>();
  for (const pointer of pointers) {
    const p = provenanceFor(snapshot, pointer);
    if (p && !seen.has(pointer)) {
      seen.add(pointer);
      provenance.push({ pointer, ...p });
    }
  }
  return {
    checkId: check.id,
    deviceId: snapshot.device.id,
    status: outcome.status,
    observed: outcome.observed,
    expected: outcome.expected,
    problems: outcome.problems,
    missing: outcome.missing,
    params: [...ctx.used.values()].sort((a, b) => a.id.localeCompare(b.id)),
    pointers,
    provenance,
    ...(outcome.facts ? { facts: outcome.facts } : {}),
    ...(outcome.items ? { items: outcome.items } : {}),
  };
}

/**
 * The status evaluateCheck would give, before deviations, without building its texts and pointers
 * (statusOf decides exactly as evaluateTest does). For callers that need texts only for the
 * checks that do not pass (src/drift). `ctx`: makeContext, reusable across checks of one snapshot.
 */
export function checkStatus(check: Check, snapshot: Snapshot, ctx: EvalContext): CheckStatus {
  if (check.appliesWhen) {
    const applies = statusOf(check.appliesWhen, snapshot, ctx);
    if (applies === 'fail' || applies === 'not-applicable') return 'not-applicable';
    if (applies === 'not-collected') return 'not-collected';
  }
  return statusOf(check.test, snapshot, ctx);
}

/**
 * A fail with an approved, unexpired deviation becomes "deviation" (documented, still reported);
 * an expired one changes nothing but is recorded so the report can say why it no longer applies.
 * `today` is the assessment date (YYYY-MM-DD): a deviation is valid through its expiry day.
 */
export function applyDeviations(result: CheckResult, deviations: readonly DeviationRecord[], today: string): CheckResult {
  if (result.status !== 'fail') return result;
  const matching = deviations.filter((d) => d.checkId === result.checkId && (d.deviceId === result.deviceId || d.deviceId === '*'));
  if (matching.length === 0) return result;
  const valid = matching.filter((d) => d.expires >= today).sort((a, b) => b.expires.localeCompare(a.expires));
  if (valid[0]) return { ...result, status: 'deviation', deviation: valid[0] };
  const latest = [...matching].sort((a, b) => b.expires.localeCompare(a.expires))[0];
  return latest ? { ...result, expiredDeviation: latest } : result;
}
