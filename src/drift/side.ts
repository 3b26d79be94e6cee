// An assessed side: each device's snapshot evaluated with the same logic as `assess`.
import { compareTimes, instantMs } from '../io/dates.js';
import type { RunConfig } from '../assess/config.js';
import { controlInfo } from '../catalog/objectives.js';
import { internCheck } from '../catalog/interned.js';
import { hasSelectionObjectives } from '../catalog/selection-shown.js';
import type { Check, Test } from '../catalog/types.js';
import { LABEL_FIELDS } from '../evaluate/test-eval.js';
import { checksReading, FieldCheckIndex, quietFields, sameJson } from './settings.js';
import { applyDeviations, checkStatus, disputedRules, evaluateCheck, evidenceAge, hasPolicySources, makeContext, policyPointers, policyProvenance, usesClock, whyNotCollected, type CheckResult, type CheckStatus } from '../evaluate/evaluate-check.js';
import type { Snapshot } from '../snapshot/types.js';
import type { AssessedDevice, AssessedSide, DriftContext, SettingChange, SideInfo } from './types.js';
import { serialOf } from '../snapshot/serial.js';
import { policyContradictions } from '../snapshot/policy-combinations.js';
import { oneProfileReads, vendorSourceState, VENDOR_ONLY_FIELD_LIST } from '../snapshot/coverage.js';
import { pointerField } from '../catalog/check-paths.js';

/** The drift context from a loaded run configuration (src/assess/config.ts loadRunConfig). */
export function makeDriftContext(config: RunConfig, opts: { now: string; baseline?: string }): DriftContext {
  const data: DriftData = { checks: config.catalog.checks, params: config.params.params, deviations: config.deviations, baseline: opts.baseline ?? 'moderate', now: opts.now, configDigest: config.inputDigest };
  const ctx = driftContextOf(data, (id) => controlInfo(config.index, id));
  const withSelections = hasSelectionObjectives(config.checksUnshown, config.index) ? { ...ctx, selectionObjectives: true as const } : ctx;
  return config.profile ? { ...withSelections, selected: new Set(config.profile.controls) } : withSelections;
}

/** The part of a drift context that is plain data: what a worker thread is given (`diff --jobs`, ./pool.ts). */
export type DriftData = Pick<DriftContext, 'checks' | 'params' | 'deviations' | 'baseline' | 'now' | 'configDigest'>;

export function dataOf(ctx: DriftContext): DriftData {
  return { checks: ctx.checks, params: ctx.params, deviations: ctx.deviations, baseline: ctx.baseline, now: ctx.now, configDigest: ctx.configDigest };
}

/** A drift context from its data and a control lookup (what is derived from the checks, derived again). */
export function driftContextOf(data: DriftData, lookupControl: DriftContext['lookupControl']): DriftContext {
  const checks: readonly Check[] = data.checks;
  // A worker's copy of the catalog: its texts made the engine's own, as the main thread's are.
  for (const c of checks) internCheck(c);
  return {
    checks,
    params: data.params,
    deviations: data.deviations,
    lookupControl,
    baseline: data.baseline,
    now: data.now,
    configDigest: data.configDigest,
    readsByCheck: new Map(checks.map((c) => [c.id, c.reads])),
    timeChecks: new Set(checks.filter((c) => usesClock(c)).map((c) => c.id)),
  };
}

const LEAN = new WeakMap<Snapshot, Snapshot>();

/**
 * The snapshot without its provenance table, made once per snapshot. Drift needs statuses and
 * texts, not where each value came from (no text depends on it): without the table the evaluator
 * skips looking every pointer up in it (a third of its time on large snapshots).
 */
export function leanSnapshot(snapshot: Snapshot): Snapshot {
  let lean = LEAN.get(snapshot);
  if (!lean && (hasPolicySources(snapshot) || disputedRules(snapshot).size > 0 || oneProfileReads(snapshot).size > 0)) {
    // A policy file's values decide nothing alone (evaluate-check.ts intentOnly), nor do values two
    // effective exports disagree on (evaluate-check.ts disputed), nor one profile's own setting
    // (evaluate-check.ts oneProfileRead): which they are is in the provenance.
    LEAN.set(snapshot, (lean = snapshot));
  }
  if (!lean) {
    const { provenance: _provenance, ...rest } = snapshot;
    void _provenance;
    LEAN.set(snapshot, (lean = rest as Snapshot));
  }
  return lean;
}

/**
 * Why a result is not collected, as the assessment results give it: their observation's
 * `not-collected-reason` (stale evidence, a lapsed pass, a masked value...), else each value
 * missing, named as the AR's reason names it (whyNotCollected: plainField, never a snapshot path).
 * Undefined for any other status.
 */
export function notCollectedReason(check: Check, r: Pick<CheckResult, 'status' | 'reason' | 'missing'>): string | undefined {
  return whyNotCollected(check, r);
}

/**
 * Evaluates one snapshot. `today` is the side's assessment clock (RFC 3339; a bare day is its start at UTC), at which deviations
 * are valid; ages are measured from the snapshot's collectedAt, as in `assess`. `at` (RFC 3339) is
 * the side's assessment clock: evidence older than the accepted age, and passes whose clock rule
 * lapsed by then, are not passes (as `assess --now at` judges them). Without it, the snapshot is
 * judged at its own collection time.
 *
 * `textsFor`: only these checks get their observed/expected texts; the details of the others hold
 * their deviations and "" as texts. For `diff`'s OLD side, where a check's texts are shown only
 * when its status changes, which only the checks of redoChecks can do (see assessAgainst). The
 * result is then `partial` and must not be compared with any other snapshot.
 */
export function assessDevice(snapshot: Snapshot, source: { file: string; sha256: string }, ctx: DriftContext, today: string, textsFor?: ReadonlySet<string>, at?: string): AssessedDevice {
  const clock = at ? { now: at } : undefined;
  const lean = leanSnapshot(snapshot);
  // Statuses first, without texts (checkStatus decides as evaluateCheck does); the full result,
  // with deviations as evaluateDevice applies them, only for the checks that need details. Most
  // checks pass, and building their texts was most of the evaluation's time. (The snapshot was
  // redacted when read: no text can hold a secret.)
  const quick = makeContext(lean, ctx.params, clock);
  // Evidence stale at the clock makes every check that applies not collected, texts wanted: the
  // status first would be computed twice for nearly every check, so it is skipped.
  const stale = quick.age?.stale === true;
  const statuses: CheckStatus[] = [];
  const details: AssessedDevice['details'] = new Map();
  for (const check of ctx.checks) {
    const status = stale && !textsFor ? undefined : checkStatus(check, lean, quick);
    if (status === 'pass' || status === 'not-applicable') {
      statuses.push(status);
      continue;
    }
    if (status && textsFor && !textsFor.has(check.id)) {
      // Deviations need no texts: only the status, check and device.
      const r = applyDeviations({ checkId: check.id, deviceId: lean.device.id, status, observed: '', expected: '', problems: [], missing: [], params: [], pointers: [], provenance: [] }, ctx.deviations, today);
      statuses.push(r.status);
      details.set(check.id, { observed: '', expected: '', ...(r.deviation ? { deviation: r.deviation } : {}), ...(r.expiredDeviation ? { expiredDeviation: r.expiredDeviation } : {}) });
      continue;
    }
    const r = applyDeviations(evaluateCheck(check, lean, ctx.params, clock), ctx.deviations, today);
    statuses.push(r.status);
    if (r.status !== 'pass' && r.status !== 'not-applicable') {
      const reason = notCollectedReason(check, r);
      details.set(r.checkId, {
        observed: r.observed,
        expected: r.expected,
        ...(reason ? { reason } : {}),
        ...(r.deviation ? { deviation: r.deviation } : {}),
        ...(r.expiredDeviation ? { expiredDeviation: r.expiredDeviation } : {}),
      });
    }
  }
  return { id: snapshot.device.id, snapshot, collectedAt: snapshot.collectedAt, file: source.file, sha256: source.sha256, ...serialOf(snapshot), statuses, details, deviationsAt: today, ...(quick.age?.stale ? { stale: true as const } : {}), ...(textsFor ? { partial: true as const } : {}) };
}

/**
 * Whether two snapshots agree on what the evaluator reads beyond the settings (which diffSettings
 * leaves out, as metadata): the coverage (a list now known to be partial is no longer the whole
 * list, so a pass on it is not collected; a value absent where no complete source covers it is
 * not "not set"), the values a policy file intends (shown beside the effective ones), and which
 * values only a policy file gave (a verdict resting on them is not collected). Source names and
 * notes, which change with every collection, are left out: they only word the reasons.
 */
function judgedAlike(a: Snapshot, b: Snapshot): boolean {
  if (!sameCoverage(a.coverage ?? [], b.coverage ?? [])) return false;
  // A vendor-only field's absence is "not declared" or "never read" by whether a vendor file is
  // among the sources (coverage.ts vendorFieldAbsence): no setting changes when the file goes.
  if (vendorSourceState(a) !== vendorSourceState(b)) return false;
  if (a.intended !== undefined || b.intended !== undefined) {
    if (JSON.stringify(a.intended ?? null) !== JSON.stringify(b.intended ?? null)) return false;
    if (!sameItemsAt(a, b, Object.keys(a.intended ?? {}))) return false;
  }
  if (policyProvenance(a) !== policyProvenance(b)) return false;
  // A value two effective exports disagree on is not collected whatever it reads: which values are
  // disputed (and the rule naming both readings, which the reason quotes) must be the same.
  if (!sameDisputes(a, b)) return false;
  // Policy values Windows does not hold together make a pass reading either not collected: a
  // change of one value (the lockout duration) concerns a check reading only the other (the reset).
  if (JSON.stringify(policyContradictions(a)) !== JSON.stringify(policyContradictions(b))) return false;
  // A value an older ingest took from one profile's own setting (coverage.ts oneProfileReads) is not
  // collected whatever it reads: which values those are, and the fields they stand for, must be the
  // same, and on the same list items.
  const oa = oneProfileReads(a);
  const ob = oneProfileReads(b);
  if (oa.size !== ob.size) return false;
  for (const [k, v] of oa) if (ob.get(k) !== v) return false;
  if (oa.size > 0 && !sameItemsAt(a, b, [...oa.keys()])) return false;
  // Both tables alike, pointer for pointer; but a pointer names a list item by its place, and the
  // settings compare lists by identity: a list reordered (the same items) moves a policy file's
  // entry onto another item, and a verdict on that item rests on the policy file alone (or no
  // longer does). The items the table's pointers land on must be the same ones on both sides.
  return !hasPolicySources(a) || sameItemsAt(a, b, Object.keys(a.provenance ?? {}));
}

/**
 * Collection metadata that differs between two snapshots of a device and can change a check's
 * result with no setting changed (see judgedAlike), with the fields (dotted, as a check's `reads`)
 * it concerns: `coverage`, a scope now collected in part, in full, or from another kind of source;
 * `policy-source`, a value that only a policy file gives on one side and not on the other, or that
 * a reordered list moved onto another item; `one-profile-source`, a value an older ingest took from
 * one profile's own setting on one side only. For drift.json's `cause` of a check transition.
 * (`intended` values only word the texts: they change no result.)
 */
export function metadataChanges(a: Snapshot, b: Snapshot): Array<{ cause: 'coverage' | 'policy-source' | 'exports-disagree' | 'one-profile-source'; fields: string[] }> {
  const out: Array<{ cause: 'coverage' | 'policy-source' | 'exports-disagree' | 'one-profile-source'; fields: string[] }> = [];
  const coverage = coverageScopes(a.coverage ?? [], b.coverage ?? []);
  if (vendorSourceState(a) !== vendorSourceState(b)) for (const f of VENDOR_ONLY_FIELD_LIST) if (!coverage.includes(f)) coverage.push(f);
  if (coverage.length) out.push({ cause: 'coverage', fields: coverage });
  const pa = new Set(policyPointers(a));
  const pb = new Set(policyPointers(b));
  const moved = [...new Set([...pa, ...pb])].filter((p) => pa.has(p) !== pb.has(p) || !sameItemsAt(a, b, [p]));
  if (moved.length) out.push({ cause: 'policy-source', fields: [...new Set(moved.map(pointerField))] });
  const da = disputedRules(a);
  const db = disputedRules(b);
  const disputed = [...new Set([...da.keys(), ...db.keys()])].filter((p) => da.get(p) !== db.get(p));
  if (disputed.length) out.push({ cause: 'exports-disagree', fields: [...new Set(disputed.map(pointerField))] });
  const oa = oneProfileReads(a);
  const ob = oneProfileReads(b);
  const own = [...new Set([...oa.keys(), ...ob.keys()])].filter((p) => oa.get(p) !== ob.get(p) || !sameItemsAt(a, b, [p]));
  if (own.length) out.push({ cause: 'one-profile-source', fields: [...new Set(own.map(pointerField))] });
  return out;
}

/** Whether both snapshots hold the same disputed values with the same rules (see judgedAlike). */
function sameDisputes(a: Snapshot, b: Snapshot): boolean {
  const da = disputedRules(a);
  const db = disputedRules(b);
  if (da.size !== db.size) return false;
  for (const [k, v] of da) if (db.get(k) !== v) return false;
  return true;
}

/** The scopes of the coverage entries one side has and the other not (as sameCoverage compares them), or, when only their order differs, of those out of place. */
function coverageScopes(a: NonNullable<Snapshot['coverage']>, b: NonNullable<Snapshot['coverage']>): string[] {
  if (sameCoverage(a, b)) return [];
  const key = (e: NonNullable<Snapshot['coverage']>[number]): string => JSON.stringify([e.scope, !!e.complete, e.effective !== false, e.keys ?? null]);
  const count = new Map<string, number>();
  for (const e of a) count.set(key(e), (count.get(key(e)) ?? 0) + 1);
  for (const e of b) count.set(key(e), (count.get(key(e)) ?? 0) - 1);
  const scopes = new Set([...a, ...b].filter((e) => count.get(key(e)) !== 0).map((e) => e.scope));
  if (scopes.size === 0) a.forEach((e, i) => { if (key(e) !== key(b[i]!)) scopes.add(e.scope).add(b[i]!.scope); });
  return [...scopes];
}

/**
 * Whether each JSON pointer (the same list on both sides) passes through the same list item on
 * both snapshots (the outermost item: it holds any inner list). Items compared by value, each once.
 */
function sameItemsAt(a: Snapshot, b: Snapshot, pointers: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const pointer of pointers) {
    let x: unknown = a;
    let y: unknown = b;
    for (let from = 1; from <= pointer.length; ) {
      let to = pointer.indexOf('/', from);
      if (to < 0) to = pointer.length;
      if (x === null || typeof x !== 'object' || y === null || typeof y !== 'object') break;
      const raw = pointer.slice(from, to);
      if (Array.isArray(x) || Array.isArray(y)) {
        const at = pointer.slice(0, to);
        if (!seen.has(at)) {
          seen.add(at);
          const i = Number(raw);
          if (!Array.isArray(x) || !Array.isArray(y) || !sameJson(x[i], y[i])) return false;
        }
        break;
      }
      const seg = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
      x = (x as Record<string, unknown>)[seg];
      y = (y as Record<string, unknown>)[seg];
      from = to + 1;
    }
  }
  return true;
}

/** The coverage entries alike in what decides (scope, complete, effective, keys), in order; compared in place (every pair of a fleet asks). */
function sameCoverage(a: NonNullable<Snapshot['coverage']>, b: NonNullable<Snapshot['coverage']>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.scope !== y.scope || !!x.complete !== !!y.complete || (x.effective !== false) !== (y.effective !== false)) return false;
    const xk = x.keys;
    const yk = y.keys;
    if (xk === undefined || yk === undefined) {
      if (xk !== yk) return false;
      continue;
    }
    if (xk.length !== yk.length) return false;
    for (let j = 0; j < xk.length; j++) if (xk[j] !== yk[j]) return false;
  }
  return true;
}

/**
 * The checks whose result can differ between two snapshots of device `id` with these setting
 * changes: those reading a changed setting, those that depend on the clock, and those with a
 * deviation for the device. Every other check reads the same values with the same parameters.
 */
export function redoChecks(id: string, settings: readonly SettingChange[], ctx: DriftContext, old?: Snapshot, neu?: Snapshot): Set<string> {
  // What the settings leave out but the evaluator reads: every check then (see judgedAlike).
  if (old && neu && !judgedAlike(old, neu)) return new Set(ctx.checks.map((c) => c.id));
  const redo = new Set<string>(ctx.timeChecks);
  const labels = labelIndex(ctx.checks);
  for (const s of settings) {
    // Every check reading the field, not only those it can move (s.checks, narrowed by name
    // selection): a reused result must equal a full evaluation.
    for (const c of checksReading(s.field, ctx)) redo.add(c);
    // A field that only names a list item in a check's texts ("Audit Logon: failure = false"): the texts change.
    for (const c of labels.checksFor(s.field)) redo.add(c);
  }
  for (const f of quietFields(settings)) {
    for (const c of checksReading(f, ctx)) redo.add(c);
    for (const c of labels.checksFor(f)) redo.add(c);
  }
  for (const d of ctx.deviations) if (d.deviceId === id || d.deviceId === '*') redo.add(d.checkId);
  return redo;
}

/**
 * The item fields each check's texts name its list items by (a test's `label`, else the first of
 * LABEL_FIELDS an item has: test-eval.ts itemLabel), as dotted paths like its `reads`. Not among
 * `reads` (what the verdict rests on, which drift.json lists for each setting change): only so that
 * a renamed item's texts are made again.
 */
export function labelReadsOf(test: Test | undefined, prefix = ''): string[] {
  if (!test) return [];
  const here = test.field ? (prefix ? `${prefix}.${test.field}` : test.field) : prefix;
  if (test.operator === 'every' || test.operator === 'none' || test.operator === 'some') {
    const inner = `${here}[]`;
    const own = (test.label ? [test.label] : LABEL_FIELDS).map((f) => `${inner}.${f}`);
    return [...own, ...[...(test.where ?? []), ...(test.tests ?? [])].flatMap((t) => labelReadsOf(t, inner))];
  }
  if (test.operator === 'all-of' || test.operator === 'any-of') return (test.tests ?? []).flatMap((t) => labelReadsOf(t, prefix));
  return [];
}

const LABEL_INDEXES = new WeakMap<readonly Check[], FieldCheckIndex>();
function labelIndex(checks: readonly Check[]): FieldCheckIndex {
  let idx = LABEL_INDEXES.get(checks);
  if (!idx) LABEL_INDEXES.set(checks, (idx = new FieldCheckIndex(new Map(checks.map((c) => [c.id, [...new Set([...labelReadsOf(c.appliesWhen), ...labelReadsOf(c.test)])]])))));
  return idx;
}

/**
 * A side from snapshots already read. When a device appears more than once, the most recent
 * snapshot is kept (as `assess` does). `info.at` defaults to the latest collectedAt. Deviations
 * are in force at `today` (a clock, RFC 3339) or, without it, at each snapshot's own collection time.
 */
export function buildSide(
  entries: Iterable<{ snapshot: Snapshot; file: string; sha256: string }>,
  ctx: DriftContext,
  info: Omit<SideInfo, 'devices' | 'at'> & { at?: string },
  today?: string,
  clockAt?: string,
): AssessedSide {
  const latest = new Map<string, { snapshot: Snapshot; file: string; sha256: string }>();
  for (const e of entries) {
    const prev = latest.get(e.snapshot.device.id);
    if (!prev || compareTimes(prev.snapshot.collectedAt, e.snapshot.collectedAt) < 0) latest.set(e.snapshot.device.id, e);
  }
  let at = info.at;
  if (!at) {
    let max = -Infinity;
    for (const e of latest.values()) {
      const t = instantMs(e.snapshot.collectedAt);
      if (t > max) {
        max = t;
        at = e.snapshot.collectedAt;
      }
    }
  }
  at ??= ctx.now;
  const devices = new Map<string, AssessedDevice>();
  for (const id of [...latest.keys()].sort()) {
    const e = latest.get(id)!;
    devices.set(id, assessDevice(e.snapshot, e, ctx, today ?? e.snapshot.collectedAt, undefined, clockAt));
  }
  return { info: { ...info, at, devices: devices.size }, devices };
}

/** YYYY-MM-DD (UTC) of a date-time. */
export function dateOf(iso: string): string {
  return new Date(instantMs(iso)).toISOString().slice(0, 10);
}

/**
 * Evaluates a NEW snapshot against its OLD counterpart, re-running only the checks that can have
 * changed: those reading a setting that changed (`settings`), those that depend on the clock, and
 * those with a deviation for this device. Every other check reads exactly the values it read in
 * OLD (keyed lists compared by identity), with the same parameters, so its result is OLD's. This
 * halves the work of a diff where few settings change. The result equals `assessDevice`'s.
 */
export function assessAgainst(
  old: AssessedDevice,
  snapshot: Snapshot,
  source: { file: string; sha256: string },
  settings: readonly SettingChange[],
  ctx: DriftContext,
  today: string,
  at?: string,
  unchangedTexts = false,
): AssessedDevice {
  const id = snapshot.device.id;
  // Stale evidence changes every check's status: OLD's results are reused only when both sides
  // are judged alike in that respect (the checks that read the clock are redone anyway)...
  const stale = at ? evidenceAge(snapshot, ctx.params, { now: at }).stale : false;
  // ...or, for a caller that reads no texts of a check whose status is unchanged (diff), when
  // NEW's evidence is stale and OLD's not: a check not redone decides at collection as in OLD, and
  // stale evidence turns its pass or not applicable into not collected (redone, for its texts) and
  // leaves a fail or a not collected as it was (OLD's, texts and all). Every check whose status
  // changed then has NEW's own texts, so the result is not partial (compareChecks may take a
  // redone check's observed value for OLD's).
  const staleAnew = unchangedTexts && stale && old.stale !== true;
  if (stale !== (old.stale === true) && !staleAnew) return assessDevice(snapshot, source, ctx, today, undefined, at);
  const redo = redoChecks(id, settings, ctx, old.snapshot, snapshot);
  const subset = ctx.checks.filter((c, i) => redo.has(c.id) || (staleAnew && (old.statuses[i] === 'pass' || old.statuses[i] === 'not-applicable')));
  const fresh = subset.length ? assessDevice(snapshot, source, { ...ctx, checks: subset }, today, undefined, at) : undefined;
  const freshIndex = new Map(subset.map((c, i) => [c.id, i]));
  const statuses = ctx.checks.map((c, i) => {
    const j = freshIndex.get(c.id);
    return j === undefined ? old.statuses[i]! : fresh!.statuses[j]!;
  });
  const details: AssessedDevice['details'] = new Map();
  for (const c of ctx.checks) {
    const d = freshIndex.has(c.id) ? fresh!.details.get(c.id) : old.details.get(c.id);
    if (d) details.set(c.id, d);
  }
  return { id, snapshot, collectedAt: snapshot.collectedAt, file: source.file, sha256: source.sha256, ...serialOf(snapshot), statuses, details, deviationsAt: today, ...(stale ? { stale: true as const } : {}), ...(old.partial && !staleAnew ? { partial: true as const } : {}) };
}
