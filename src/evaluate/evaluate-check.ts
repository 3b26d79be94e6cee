// One check on one device. Pure: the snapshot and the resolved parameters are inputs.
import type { Check } from '../catalog/types.js';
import type { Provenance, Snapshot } from '../snapshot/types.js';
import { CLOCK_OPERATORS, counted, holdsUntil, namerOf, plainField, show, statusOf, evaluateTest, namedPart, SUPPORTING_MARK, type Bound, type Description, type EvalContext, type Fact, type ParamUse, type TestOutcome } from './test-eval.js';
import type { Test } from '../catalog/types.js';
import { plainNames, valueNames } from '../catalog/check-wording.js';
import { paramTitlesOf, readsOf } from '../catalog/load-checks.js';
import { pointerField } from '../catalog/check-paths.js';
import { oneProfileNote, oneProfileReads } from '../snapshot/coverage.js';
import { EFFECTIVE_EXPORTS_DISAGREE, FIELDS_OF_KIND, KIND_INFO, KNOWN_EXPORTS, SCOPES_OF_KIND } from '../ingest/known-exports.js';
import { holdsThroughDay, instantMs } from '../io/dates.js';
import { inOneLine } from '../io/errors.js';
import { isSecretAt, MASKED_REASON_HEAD, maskedValuesReason, REDACTED } from '../snapshot/secrets.js';
import { policyContradictions } from '../snapshot/policy-combinations.js';
import { covers, isKnownKind, knownKind, notProvedWhy, unknownKindWhy, type NotProvedAlone } from '../snapshot/source-kinds.js';
import type { ExportKind } from '../ingest/types.js';

export type CheckStatus = 'pass' | 'fail' | 'not-applicable' | 'not-collected' | 'deviation';

export interface DeviationRecord {
  checkId: string;
  deviceId: string; // '*' = every device
  justification: string;
  approver: string;
  expires: string; // YYYY-MM-DD, last day the deviation is valid
  source: string; // file and line it came from, as reports show paths (io/display-path.ts)
  /** The file as the user named it and the place in it, for messages (`source` is the reports'). */
  at?: { file: string; where: string };
  /** The compensating controls in force while the deviation is accepted (optional column). */
  compensating?: string;
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
  /** Why the result is not-collected, in words (stale evidence, a lapsed pass), beyond `missing`. */
  reason?: string;
  /** The snapshot was older than the accepted evidence age at the assessment time. */
  stale?: true;
  /** A pass at collection whose clock rule had lapsed by the assessment time: when it lapsed. */
  lapsedAt?: string;
  /** When the result stops being current: collection + the accepted age, or an earlier lapse. */
  expires?: string;
  /** Values a policy file says should apply where the effective ones read differ or are absent (snapshot `intended`). */
  intended?: Array<{ pointer: string; value: unknown; file: string; sha256: string; location?: string }>;
}

/** The assessment clock: evidence is judged current, or not, at this moment. */
export interface AssessmentClock {
  /** RFC 3339. */
  now: string;
}

/** The organisation parameter that bounds the age of evidence (controls/parameters.yaml). */
export const EVIDENCE_MAX_AGE_PARAM = 'evidence-max-age-days';

const DAY_MS = 86_400_000;

const isoMs = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** What the assessment clock makes of one snapshot: when its evidence turns stale, and whether it has. */
export interface EvidenceAge {
  nowMs: number;
  now: string;
  collectedAtMs: number;
  /** collectedAt + the accepted age (Infinity when no age parameter is defined). */
  staleAtMs: number;
  /** staleAtMs as RFC 3339, when finite. */
  staleAt?: string;
  stale: boolean;
  maxAgeDays?: number;
  param?: ParamUse;
}

// The age is the same for every check of a device: computed once per snapshot, clock and parameters.
const AGES = new WeakMap<Snapshot, { params: ResolvedParams; now: string; collectedAt: string; age: EvidenceAge }>();

function deviceAge(snapshot: Snapshot, params: ResolvedParams, clock: AssessmentClock): EvidenceAge {
  const hit = AGES.get(snapshot);
  if (hit && hit.params === params && hit.now === clock.now && hit.collectedAt === snapshot.collectedAt) return hit.age;
  const age = evidenceAge(snapshot, params, clock);
  AGES.set(snapshot, { params, now: clock.now, collectedAt: snapshot.collectedAt, age });
  return age;
}

export function evidenceAge(snapshot: Snapshot, params: ResolvedParams, clock: AssessmentClock): EvidenceAge {
  const collectedAtMs = instantMs(snapshot.collectedAt);
  const nowMs = instantMs(clock.now);
  const param = params.get(EVIDENCE_MAX_AGE_PARAM);
  const maxAgeDays = typeof param?.value === 'number' ? param.value : undefined;
  const staleAtMs = maxAgeDays === undefined ? Infinity : collectedAtMs + maxAgeDays * DAY_MS;
  return { nowMs, now: clock.now, collectedAtMs, staleAtMs, ...(Number.isFinite(staleAtMs) ? { staleAt: isoMs(staleAtMs) } : {}), stale: nowMs > staleAtMs, ...(maxAgeDays !== undefined ? { maxAgeDays } : {}), ...(param ? { param } : {}) };
}

/** Parameters resolved for a run: id -> value and where it came from. */
export type ResolvedParams = ReadonlyMap<string, ParamUse>;

export class UnknownParameterError extends Error {}

// Test descriptions depend only on the test and the parameter values: one cache per parameter set.
const DESCRIPTIONS = new WeakMap<ResolvedParams, WeakMap<object, Description>>();
// The look-up of a parameter, the same for every context of a parameter set: made once per set, not per check and device.
const PARAM_OF = new WeakMap<ResolvedParams, (id: string) => ParamUse>();

function paramOf(params: ResolvedParams): (id: string) => ParamUse {
  let f = PARAM_OF.get(params);
  if (!f) {
    f = (id: string): ParamUse => {
      const p = params.get(id);
      if (!p) throw new UnknownParameterError(`unknown organisation parameter "${id}"`);
      return p;
    };
    PARAM_OF.set(params, f);
  }
  return f;
}

export function makeContext(snapshot: Snapshot, params: ResolvedParams, clock?: AssessmentClock): EvalContext {
  let descriptions = DESCRIPTIONS.get(params);
  if (!descriptions) DESCRIPTIONS.set(params, (descriptions = new WeakMap()));
  // Made per check: the device's age (and with it the collection instant) is parsed once per device.
  const age = clock ? deviceAge(snapshot, params, clock) : undefined;
  // Every field named, in one order, whether set or not: one shape for every context (of every
  // check and device), so the check language's reads of it stay monomorphic (selectingCopy does the same).
  const ctx: { [K in keyof Required<EvalContext>]: EvalContext[K] } = {
    collectedAtMs: age ? age.collectedAtMs : instantMs(snapshot.collectedAt),
    param: paramOf(params),
    used: new Map(),
    descriptions,
    snapshot,
    itemScope: undefined,
    age,
    selecting: undefined,
    fieldNames: undefined,
    valueNames: undefined,
    paramTitles: undefined,
    denyLists: undefined,
    choosing: undefined,
  };
  return ctx;
}

/** A provenance table's keys, and every pointer that encloses one (where a walk down may still find a key). */
interface ProvenanceTree {
  keys: ReadonlySet<string>;
  inner: ReadonlySet<string>;
  /** A small table's keys (but ''), tried one by one: a few prefix tests cost less than cutting and hashing each level. */
  few?: readonly string[];
}

/** Up to this many keys, a pointer is tested against each key instead of walked down the tree. */
const FEW_KEYS = 16;
const TREES = new WeakMap<Readonly<Record<string, Provenance>>, ProvenanceTree>();

function treeOf(table: Readonly<Record<string, Provenance>>): ProvenanceTree {
  let tree = TREES.get(table);
  if (!tree) {
    const keys = new Set(Object.keys(table));
    const inner = new Set<string>();
    for (const k of keys) for (let cut = k.lastIndexOf('/'); cut > 0; cut = k.lastIndexOf('/', cut - 1)) inner.add(k.slice(0, cut));
    TREES.set(table, (tree = { keys, inner, ...(keys.size <= FEW_KEYS ? { few: [...keys].filter((k) => k !== '') } : {}) }));
  }
  return tree;
}

/**
 * The provenance key that covers a pointer: its own, or the nearest enclosing value's ('' for
 * none). Walked down from the root, and only as deep as the table has keys: checks read many
 * values (every item of a list) that no entry covers.
 */
function provenanceKey(tree: ProvenanceTree, pointer: string): string {
  let found = '';
  if (tree.few) {
    // The same answer as the walk: the longest key that is the pointer or encloses it (ends where a segment does).
    for (const k of tree.few) if (k.length > found.length && pointer.startsWith(k) && (pointer.length === k.length || pointer.charCodeAt(k.length) === 47 /* / */)) found = k;
    return found;
  }
  for (let cut = pointer.indexOf('/', 1); ; cut = pointer.indexOf('/', cut + 1)) {
    const prefix = cut < 0 ? pointer : pointer.slice(0, cut);
    if (tree.keys.has(prefix)) found = prefix;
    if (cut < 0 || !tree.inner.has(prefix)) return found;
  }
}

/**
 * The provenance of the values read: each value's own, or its nearest enclosing value's. Values
 * covered by one enclosing entry (every item of a list whose provenance is the list's) are cited
 * once, by the enclosing pointer, not once per value. Also used by `export` to rebuild a grouped
 * observation's sources from each device's evidence copy (export/results.ts).
 */
export function provenanceOf(table: Readonly<Record<string, Provenance>> | undefined, pointers: readonly string[]): CheckResult['provenance'] {
  if (!table) return [];
  const tree = treeOf(table);
  const byKey = new Map<string, { first: string; count: number }>();
  for (const pointer of pointers) {
    const key = provenanceKey(tree, pointer);
    if (key === '') continue;
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, { first: pointer, count: 1 });
  }
  return [...byKey].map(([key, { first, count }]) => ({ pointer: count === 1 ? first : key, ...table[key]! }));
}

/** The pointers without repeats, in the order first met (most lists of pointers are short). */
function distinct(pointers: readonly string[]): string[] {
  if (pointers.length > 8) return [...new Set(pointers)];
  // A few: compared in place (no hashing of strings built for this device).
  const out: string[] = [];
  for (const p of pointers) if (!out.includes(p)) out.push(p);
  return out;
}

/** The parameters used, by id (most checks use none or one: no sort then). */
function byId(used: ReadonlyMap<string, ParamUse>): ParamUse[] {
  const list = [...used.values()];
  return list.length < 2 ? list : list.sort((a, b) => a.id.localeCompare(b.id));
}

/** The check's outcome at collection, with its texts and the pointers of the values read. */
function outcomeOf(check: Check, snapshot: Snapshot, ctx: EvalContext): TestOutcome {
  // Whoever asks (evaluateCheck, or checkStatus on a context shared by a snapshot's checks), the
  // texts name this check's fields.
  return namedBy(check, ctx, () => outcomeNamed(check, snapshot, ctx));
}

/** Runs `fn` with the check's names set on the context, then restores the names it had. */
function namedBy<T>(check: Check, ctx: EvalContext, fn: () => T): T {
  const outer: CheckNames = { fieldNames: ctx.fieldNames, valueNames: ctx.valueNames, paramTitles: ctx.paramTitles, denyLists: ctx.denyLists };
  nameFor(check, ctx);
  try {
    return fn();
  } finally {
    setNames(ctx, outer);
  }
}

type CheckNames = Pick<EvalContext, 'fieldNames' | 'valueNames' | 'paramTitles' | 'denyLists'>;

/** Sets the check's names (fields, values, parameters' titles) on a context its texts are made with. */
function nameFor(check: Check, ctx: EvalContext): void {
  ctx.fieldNames = plainNames(check);
  ctx.valueNames = valueNames(check);
  ctx.paramTitles = paramTitlesOf(check);
  ctx.denyLists = check.denyLists;
}

/** Assigned, undefined where the check has none (not deleted: a deletion would change the context's shape). */
function setNames(ctx: EvalContext, names: CheckNames): void {
  ctx.fieldNames = names.fieldNames;
  ctx.valueNames = names.valueNames;
  ctx.paramTitles = names.paramTitles;
  ctx.denyLists = names.denyLists;
}

function outcomeNamed(check: Check, snapshot: Snapshot, ctx: EvalContext): TestOutcome {
  if (!check.appliesWhen) return withNamedField(check, evaluateTest(check.test, snapshot, ctx), ctx);
  const applies = evaluateTest(check.appliesWhen, snapshot, ctx);
  // The condition names its field as the check's own texts do ("Audit forwarding = true", not "= true").
  const condition = namedPart(check.appliesWhen, applies.expected, ctx);
  if (applies.status === 'fail' || applies.status === 'not-applicable') {
    const outcome: TestOutcome = { ...applies, status: 'not-applicable', problems: [], expected: `applies only when ${condition}`, facts: [] };
    delete outcome.items;
    return outcome;
  }
  if (applies.status === 'not-collected') return condition === applies.expected ? applies : { ...applies, expected: condition };
  return withNamedField(check, evaluateTest(check.test, snapshot, ctx), ctx);
}

/**
 * A check of one field states it as a compound's parts do (test-eval.ts namedPart): "Password
 * history at least 24", not "at least 24", by the wording's name for the field, else the setting
 * the check words (its one field), else the snapshot path.
 */
function withNamedField(check: Check, o: TestOutcome, ctx: EvalContext): TestOutcome {
  // The values it states are named by the test's own phrase (test-eval.ts describeScalar: "= true (Blocked)").
  const expected = namedPart(check.test, o.expected, ctx, check.wording?.setting);
  return expected === o.expected ? o : { ...o, expected };
}

const POLICY_FILES = new WeakMap<Snapshot, ReadonlySet<string>>();
/** The snapshot's sources that are policy files (a GPO template, Registry.pol, a GPO's audit.csv): what should apply, not what is in force. */
function policyFiles(snapshot: Snapshot): ReadonlySet<string> {
  let files = POLICY_FILES.get(snapshot);
  if (!files) {
    // The kind without case or blanks around it (knownKind): a hand-written "GPO-Template" is still a policy file.
    const policy = (kind: string | undefined): boolean => {
      const k = knownKind(kind);
      return k !== undefined && KIND_INFO[k].sourceClass === 'policy';
    };
    files = new Set((snapshot.sources ?? []).filter((s) => policy(s.kind)).map((s) => s.file));
    POLICY_FILES.set(snapshot, files);
  }
  return files;
}

/** What a reason says of a value its source cannot prove alone, and the pointers it covers (a NOT_PROVED_ALONE entry, or one for a source of an unknown kind). */
type Unproved = Pick<NotProvedAlone, 'gives' | 'sections' | 'except' | 'why'>;

const UNPROVED = new WeakMap<Snapshot, ReadonlyMap<string, { entry: Unproved; file: string }>>();
/**
 * The keys of the provenance table whose value a source gave that cannot prove it alone, with the
 * proving export not among the snapshot's sources (src/snapshot/source-kinds.ts NOT_PROVED_ALONE:
 * Get-MpPreference without Get-MpComputerStatus, account policy only the vendor's file declared),
 * as ingest leaves such a value out; any value a listed source of a kind this tool does not
 * know gave (unknownKindEntry); and any value credited to a file the sources do not list
 * (unlistedEntry), to other bytes than the listed file's (otherBytesEntry), or to a file listed
 * with several SHA-256s (twoCopiesEntry): nothing shows which export the value came from. Empty for nearly every snapshot. Computed once per snapshot.
 */
function unprovedKeys(snapshot: Snapshot): ReadonlyMap<string, { entry: Unproved; file: string }> {
  let out = UNPROVED.get(snapshot);
  if (!out) {
    const found = new Map<string, { entry: Unproved; file: string }>();
    const table = snapshot.provenance;
    const sources = snapshot.sources;
    // Without a sources list (a hand-written snapshot) the snapshot is taken at its word.
    if (table && sources) {
      // A file listed twice under two kinds is judged by each: the weaker one decides.
      const kindsOf = new Map<string, ExportKind[]>();
      // Files of a kind this tool does not know (or of none), with the kind as stated.
      const unknown = new Map<string, string>();
      // Files whose kind was masked as a copy of a secret: which export gave their values is not known.
      const maskedKind = new Set<string>();
      const present = new Set<ExportKind>();
      const listed = new Set(sources.map((s) => s.file));
      // The SHA-256s the sources state per file: a value read from other bytes is from another export.
      const hashes = new Map<string, Set<string>>();
      for (const s of sources) hashes.set(s.file, (hashes.get(s.file) ?? new Set()).add(s.sha256));
      for (const s of sources) {
        const k = knownKind(s.kind);
        if (k === undefined && s.kind?.includes(REDACTED)) maskedKind.add(s.file);
        if (k === undefined) {
          if (!isKnownKind(s.kind)) unknown.set(s.file, s.kind?.trim() ? `of kind "${inOneLine(s.kind.trim())}"` : 'of no stated kind');
          continue;
        }
        present.add(k);
        kindsOf.set(s.file, [...(kindsOf.get(s.file) ?? []), k]);
      }
      for (const key of Object.keys(table)) {
        const file = table[key]!.file;
        let entry: Unproved | undefined;
        for (const k of kindsOf.get(file) ?? []) if ((entry = notProvedWhy(k, key, present))) break;
        // A file the sources do not list is of no kind the snapshot states either.
        const stated = unknown.get(file) ?? (kindsOf.has(file) || listed.has(file) ? undefined : 'not among the snapshot\'s sources');
        const other = entry || stated === undefined ? undefined : unknownKindWhy(key, present);
        // An unknown kind may be the one that proves nothing alone, under another name.
        if (other) entry = { ...other, gives: `a source ${stated}, whose kind this tool does not know (it may be ${KIND_INFO[other.kind].title}), gives` };
        // Elsewhere too, a listed source of an unknown kind proves nothing: it may be a policy file
        // (what should apply) or a declaration under a name this tool cannot read as an effective export.
        const unknownListed = unknown.get(file);
        if (maskedKind.has(file) && !kindsOf.has(file)) entry = maskedKindEntry(key);
        else if (!entry && unknownListed !== undefined) entry = unknownKindEntry(unknownListed, key);
        // Anywhere, a value credited to a file the sources do not list, or to other bytes than the
        // listed file's, rests on an export nothing in the snapshot shows was collected.
        else if (!entry && !listed.has(file)) entry = unlistedEntry(file, key);
        else if (!entry && !hashes.get(file)!.has(table[key]!.sha256)) {
          const given = table[key]!.sha256;
          const listedHashes = [...hashes.get(file)!];
          // A hash masked as a copy of a secret is no other copy: which bytes gave the value is what is not known.
          entry = [given, ...listedHashes].some((h) => h.includes(REDACTED)) ? maskedKindEntry(key, 'SHA-256') : otherBytesEntry(file, given, listedHashes, key);
        } else if (!entry && hashes.get(file)!.size > 1) entry = twoCopiesEntry(file, hashes.get(file)!.size, key);
        if (entry) found.set(key, { entry, file });
      }
    }
    UNPROVED.set(snapshot, (out = found));
  }
  return out;
}

/** The entry for a value at `key` a listed source of a kind this tool does not know gave (`stated`: 'of kind "…"' or 'of no stated kind'). */
function unknownKindEntry(stated: string, key: string): Unproved {
  return {
    gives: `a source ${stated}, which this tool does not know, gives`,
    sections: [key],
    why: 'this tool cannot tell whether it states the effective setting (name the source by its kind, or give the effective export beside it)',
  };
}

/** The entry for a value at `key` credited to `file`, which the snapshot's sources do not list. */
function unlistedEntry(file: string, key: string): Unproved {
  return {
    gives: 'a file not among the snapshot\'s sources gives',
    sections: [key],
    why: `nothing in the snapshot shows that ${JSON.stringify(inOneLine(file))} was collected, what its SHA-256 is or what kind of export it is, so whether it states the effective setting is not known (list it under "sources" with its sha256 and kind)`,
  };
}

/** The entry for a value at `key` whose provenance names a SHA-256 (`given`) none of its listed source's (`listed`) is. */
function otherBytesEntry(file: string, given: string, listed: readonly string[], key: string): Unproved {
  const short = (h: string): string => JSON.stringify(inOneLine(h.length > 16 ? `${h.slice(0, 16)}…` : h));
  return {
    gives: 'a file whose SHA-256 is not the one its source lists gives',
    sections: [key],
    why: `the value was read from bytes of ${JSON.stringify(inOneLine(file))} with SHA-256 ${short(given)}, while the snapshot's sources list that file with ${listed.map(short).join(' or ')}: it came from another copy of the file (an earlier visit's, an edited one) than the export the snapshot holds (give the value from the listed export, or list the file as read)`,
  };
}

/**
 * The entry for a value at `key` from a file the sources list `copies` times with different
 * SHA-256s: two copies of one export (two visits'), and which is the console's state is not known;
 * the other may say otherwise, as two effective exports disagreeing would.
 */
function twoCopiesEntry(file: string, copies: number, key: string): Unproved {
  return {
    gives: 'a file the sources list with several SHA-256s gives',
    sections: [key],
    why: `the snapshot's sources list ${JSON.stringify(inOneLine(file))} ${copies} times with different SHA-256s, so it holds ${copies} copies of that export (of different visits, or one edited) and which states the console's setting is not known (list each file once, as read)`,
  };
}

/** The entry for a value whose listed source's kind was masked as a secret's copy: said as every masked read is (MASKED_REASON_HEAD). */
function maskedKindEntry(key: string, what: 'kind' | 'SHA-256' = 'kind'): Unproved {
  return {
    gives: `a source whose ${what} was masked`,
    sections: [key],
    why: `${MASKED_REASON_HEAD} (the source's ${what}): the snapshot repeats there a secret found elsewhere in it, so which export gave the value, and whether it states the effective setting, is not known`,
  };
}

/** Whether a provenance entry is a value only a policy file gave, or one its source cannot prove alone: it decides nothing alone. */
function intentAt(snapshot: Snapshot, pointer: string, file: string): boolean {
  return policyFiles(snapshot).has(file) || unprovedKeys(snapshot).has(pointer);
}

/**
 * For each key of the provenance table, whether a policy file gave its value (or a source that
 * cannot prove it alone, unprovedKeys): with the pointers a check reads, all that intentOnly and
 * unprovedRead decide by. Empty for a snapshot without such sources (then neither decides
 * anything). For drift (drift/side.ts redoChecks).
 */
export function policyProvenance(snapshot: Snapshot): string {
  const table = snapshot.provenance;
  if (!hasPolicySources(snapshot) || !table) return '';
  return JSON.stringify(Object.keys(table).sort().map((k) => [k, intentAt(snapshot, k, table[k]!.file)]));
}

/** The pointers of the provenance table whose value a policy file gave, or a source that cannot prove it alone (for drift: which checks a change of them concerns). */
export function policyPointers(snapshot: Snapshot): string[] {
  const table = snapshot.provenance;
  if (!hasPolicySources(snapshot) || !table) return [];
  return Object.keys(table).filter((k) => intentAt(snapshot, k, table[k]!.file));
}

/**
 * The values read (as `pointer in file`, with the table's entry) whose source cannot prove them
 * alone (unprovedKeys): a pass or not applicable on one rests on what that source cannot show,
 * whether Defender scans at all or what Windows or the domain enforces. A read pointer counts
 * where its provenance is such a key, or where it encloses one (a whole section read).
 */
function unprovedRead(check: Check, snapshot: Snapshot, pointers: readonly string[]): Array<{ at: string; entry: Unproved }> {
  const keys = unprovedKeys(snapshot);
  const table = snapshot.provenance;
  if (keys.size === 0 || !table) return [];
  const tree = treeOf(table);
  const out: Array<{ at: string; entry: Unproved }> = [];
  const add = (p: string, u: { entry: Unproved; file: string }): void => {
    const at = `${p} in ${u.file}`;
    if (!out.some((o) => o.at === at)) out.push({ at, entry: u.entry });
  };
  // The pass rests on its applies-when too (conditionPointers).
  for (const p of [...pointers, ...conditionPointers(check)]) {
    const u = keys.get(provenanceKey(tree, p));
    if (u && covers(u.entry, p)) add(p, u);
    for (const [k, v] of keys) if (k.startsWith(`${p}/`)) add(k, v);
  }
  return out;
}

/** "only Get-MpPreference gives the values read (…): why", one clause per kind of source. */
function unprovedReason(read: ReadonlyArray<{ at: string; entry: Unproved }>, status: CheckStatus): string {
  const gives = [...new Set(read.map((r) => r.entry.gives))];
  const clauses = gives.map((g) => {
    const mine = read.filter((r) => r.entry.gives === g);
    return `only ${g} the values read (${mine.map((r) => r.at).join(', ')}): ${[...new Set(mine.map((r) => r.entry.why))].join('; ')}`;
  });
  return `${clauses.join('; ')} (on these values the result would be ${status})`;
}

/**
 * The values two of the console's effective exports disagree on (their provenance rule, which
 * `disputed` reads: no check passes on them), pointer → rule. For drift: a snapshot holding any
 * keeps its provenance, and two sides that differ in them are evaluated again (drift/side.ts).
 */
export function disputedRules(snapshot: Snapshot): Map<string, string> {
  const out = new Map<string, string>();
  const table = snapshot.provenance;
  if (!table) return out;
  for (const k of Object.keys(table)) {
    const rule = table[k]!.rule;
    if (rule?.includes(EFFECTIVE_EXPORTS_DISAGREE)) out.set(k, rule);
  }
  return out;
}

const DISPUTES = new WeakMap<Readonly<Record<string, Provenance>>, boolean>();
/**
 * Whether any provenance entry of the snapshot says two effective exports disagree: without one,
 * `disputed` finds nothing whatever the values read, so checkStatus need not build a passing
 * check's outcome (its texts and pointers) to ask. Computed once per snapshot's table.
 */
function holdsDisputes(snapshot: Snapshot): boolean {
  const table = snapshot.provenance;
  if (!table) return false;
  let any = DISPUTES.get(table);
  if (any === undefined) DISPUTES.set(table, (any = Object.keys(table).some((k) => table[k]!.rule?.includes(EFFECTIVE_EXPORTS_DISAGREE) === true)));
  return any;
}

/** Whether the snapshot holds values that only a policy file gave, or a source that cannot prove them alone (then drift keeps its provenance: see drift/side.ts leanSnapshot). */
export function hasPolicySources(snapshot: Snapshot): boolean {
  return policyFiles(snapshot).size > 0 || unprovedKeys(snapshot).size > 0;
}

/**
 * The policy files among the sources of the values a verdict rests on. A pass (or a not
 * applicable) that rests on a value only a policy file gave shows what Group Policy intends, not
 * what is in force on the console (docs/ingest.md, "Effective-value rule"): it is not collected.
 */
function intentOnly(snapshot: Snapshot, provenance: CheckResult['provenance']): string[] {
  const files = policyFiles(snapshot);
  if (files.size === 0) return [];
  return [...new Set(provenance.filter((p) => files.has(p.file)).map((p) => p.file))];
}

const SUPPORTING_ONLY = new WeakMap<Check, ReadonlySet<string>>();
/** The fields (dotted, `[]` for a list's items) a check reads only as supporting evidence: they decide nothing. */
function supportingOnly(check: Check): ReadonlySet<string> {
  let out = SUPPORTING_ONLY.get(check);
  if (!out) {
    const deciding = new Set([...readsOf(check.appliesWhen, '', false), ...readsOf(check.test, '', false)]);
    out = new Set([...readsOf(check.appliesWhen), ...readsOf(check.test)].filter((f) => !deciding.has(f)));
    SUPPORTING_ONLY.set(check, out);
  }
  return out;
}

const CONDITION_POINTERS = new WeakMap<Check, readonly string[]>();
/**
 * The pointers of the values a check's `applies-when` reads outside any list. A pass's pointers
 * are its test's alone, but the pass rests on the condition too: a screen saver "on" in one
 * profile only is no screen saver every user has.
 */
function conditionPointers(check: Check): readonly string[] {
  let out = CONDITION_POINTERS.get(check);
  if (!out) {
    out = [...new Set(readsOf(check.appliesWhen, '', false))].filter((f) => f !== '' && !f.includes('[]')).map((f) => `/${f.split('.').map((k) => k.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`);
    CONDITION_POINTERS.set(check, out);
  }
  return out;
}

/**
 * The values a verdict rests on (supporting evidence aside) that a snapshot ingested before
 * 7595c67 took from a source holding one profile's setting alone (coverage.ts oneProfileReads:
 * the collecting account's own screen saver), as [pointer read, the field that source is the twin
 * of]. A pass or a not applicable on one says nothing of the clinical users' sessions.
 */
function oneProfileRead(check: Check, snapshot: Snapshot, pointers: readonly string[]): Array<[string, string]> {
  const reads = oneProfileReads(snapshot);
  const table = snapshot.provenance;
  if (reads.size === 0 || !table) return [];
  const tree = treeOf(table);
  const aside = supportingOnly(check);
  const out: Array<[string, string]> = [];
  for (const p of [...pointers, ...conditionPointers(check)]) {
    const field = reads.get(provenanceKey(tree, p));
    if (field !== undefined && !aside.has(pointerField(p)) && !out.some(([q]) => q === p)) out.push([p, field]);
  }
  return out;
}

/** The reason 7595c67 gives where ingest reads no such value, for each field, with the value read and the result it would give. */
function oneProfileReason(read: ReadonlyArray<[string, string]>, status: CheckStatus, ctx: EvalContext): string {
  const fields = [...new Set(read.map(([, f]) => f))];
  return `${fields.flatMap((f) => oneProfileNote(f, namerOf(ctx))).join('; ')} (the stored value${read.length > 1 ? 's' : ''} read from there: ${read.map(([p]) => p).join(', ')}; on ${read.length > 1 ? 'them' : 'it'} the result would be ${status})`;
}

/**
 * The values read whose provenance says two of the console's own effective exports disagree on
 * them (src/ingest/merge.ts): one of the two is not what is in force, and which is not shown.
 */
function disputed(provenance: CheckResult['provenance']): string[] {
  return provenance.filter((p) => p.rule?.includes(EFFECTIVE_EXPORTS_DISAGREE)).map((p) => `${p.pointer}: ${p.rule!.slice(p.rule!.indexOf(EFFECTIVE_EXPORTS_DISAGREE) + EFFECTIVE_EXPORTS_DISAGREE.length + 2)}`);
}

const disputedReason = (values: readonly string[], status: CheckStatus): string =>
  `${EFFECTIVE_EXPORTS_DISAGREE} on a value read (${values.join('; ')}): one of them is not what is in force, and which is not shown (on the preferred export's value the result would be ${status})`;

/** Parts of a snapshot that describe its collection, not the console: no check reads them. */
const METADATA_KEYS = new Set(['provenance', 'intended', 'coverage', 'sources']);
const MASKED = new WeakMap<Snapshot, readonly string[]>();

/**
 * The pointers of the console's values that hold "[REDACTED]" where their own path is not a
 * secret: redaction masked a copy there of a secret found elsewhere in the snapshot (a bind
 * password "Disabled" masks a service's start type "Disabled"), or the export arrived masked. The
 * real value is not known there: a check that passes on "[REDACTED]" (a state "not Running")
 * would pass on a word no console holds. A secret's own value (its path a secret) is evidence of
 * its presence and stays readable. Computed once per snapshot; empty for nearly all.
 */
export function maskedPointers(snapshot: Snapshot): readonly string[] {
  let out = MASKED.get(snapshot);
  if (!out) {
    const found: string[] = [];
    // The path as a stack of keys, made into a pointer only at a hit (most snapshots have none).
    const path: Array<string | number> = [];
    const pointer = (): string => path.map((k) => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
    const walk = (v: unknown): void => {
      if (typeof v === 'string') {
        if (v.includes(REDACTED)) {
          const p = pointer();
          if (!isSecretAt(p, v)) found.push(p);
        }
      } else if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          path.push(i);
          walk(v[i]);
          path.pop();
        }
      } else if (v !== null && typeof v === 'object') {
        for (const k in v) {
          if (!Object.hasOwn(v, k) || (path.length === 0 && METADATA_KEYS.has(k))) continue;
          path.push(k);
          walk((v as Record<string, unknown>)[k]);
          path.pop();
        }
      }
    };
    walk(snapshot);
    out = found;
    MASKED.set(snapshot, out);
  }
  return out;
}

/** The masked values (maskedPointers) among, or inside, the values read. */
function maskedRead(snapshot: Snapshot, pointers: readonly string[]): string[] {
  const masked = maskedPointers(snapshot);
  if (masked.length === 0) return [];
  return masked.filter((m) => pointers.some((p) => m === p || m.startsWith(`${p}/`)));
}

export { MASKED_REASON_HEAD };

const maskedReason = (pointers: readonly string[], status: CheckStatus): string =>
  `${MASKED_REASON_HEAD} (${pointers.join(', ')}): the snapshot repeats there a secret found elsewhere in it, or the export arrived masked, so the console's real value is not known (on the masked text the result would be ${status})`;

const maskedNcReason = maskedValuesReason;

const intentReason = (files: readonly string[], status: CheckStatus): string =>
  `only a policy file gives the values read (${files.join(', ')}): it shows what Group Policy should apply, not what is in force on the console; the console's own export is needed (on the policy's values the result would be ${status})`;

/**
 * The policy values Windows would not hold together (src/snapshot/policy-combinations.ts) among,
 * or inside, the values read: the reason of each such pair.
 */
function contradictedRead(snapshot: Snapshot, pointers: readonly string[]): string[] {
  const found = policyContradictions(snapshot);
  if (found.length === 0) return [];
  return found.filter((c) => c.pointers.some((m) => pointers.some((p) => m === p || m.startsWith(`${p}/`)))).map((c) => c.detail);
}

const contradictedReason = (details: readonly string[], status: CheckStatus): string =>
  `the policy values read cannot all be in force: ${details.join('; ')} (on these values the result would be ${status})`;

/** How the reason of a result not collected because its evidence is stale begins (the exports tell it by this: src/export/results.ts staleLine). */
export const STALE_REASON_HEAD = 'the evidence is stale: collected ';

export function evaluateCheck(check: Check, snapshot: Snapshot, params: ResolvedParams, clock?: AssessmentClock): CheckResult {
  const ctx = makeContext(snapshot, params, clock);
  // The context is this check's own: named once, with nothing to restore (outcomeOf's save and
  // restore, for a context shared by a snapshot's checks, cost a few percent of a fleet's run).
  nameFor(check, ctx);
  const result = evaluateNamed(check, snapshot, ctx);
  // Every not collected result says what is missing: a value absent with no coverage note (its
  // export not in the folder at all: MAL-SIG-AGE without defender.json) gave an empty reason.
  // Named as every other text of the result names a field (plainField: the check's plain name, else in words).
  if (result.status === 'not-collected' && !result.reason?.trim()) result.reason = missingReason(result.missing.length ? result.missing : [...new Set(readsOf(check.test, '', false))], (f) => plainField(f, ctx));
  return result;
}

/**
 * Why a not collected result is not collected, for a caller holding a result rather than the
 * evaluation (drift's sides): its reason, else each value missing named as evaluateCheck names it
 * (one wording). Undefined for any other status.
 */
export function whyNotCollected(check: Check, r: Pick<CheckResult, 'status' | 'reason' | 'missing'>): string | undefined {
  if (r.status !== 'not-collected') return undefined;
  if (r.reason?.trim()) return r.reason;
  const names = { fieldNames: plainNames(check) };
  return missingReason(r.missing.length ? r.missing : [...new Set(readsOf(check.test, '', false))], (f) => plainField(f, names));
}

/** Whether `field` is `path`, lies inside it or holds it (dotted, list items' `[]` taken out). */
const overlaps = (field: string, path: string): boolean => field === path || field.startsWith(`${path}.`) || path.startsWith(`${field}.`);

/**
 * The exports that give a dotted field (its list items' `[]` kept), as "file (command)": by the
 * fields a kind sets where the known-exports table lists them (FIELDS_OF_KIND), else by its scope.
 */
function exportsGiving(field: string): string[] {
  const bare = field.replace(/\[\]/g, '');
  const kinds = KNOWN_EXPORTS.map((e) => e.kind).filter((k) => (FIELDS_OF_KIND[k] ?? SCOPES_OF_KIND[k] ?? []).some((sc) => overlaps(bare, sc)));
  return KNOWN_EXPORTS.filter((e) => kinds.includes(e.kind)).map((e) => `${e.file} (${e.command ?? KIND_INFO[e.kind].producedBy})`);
}

/**
 * Why a result is not collected where nothing else said: each value missing and the export that
 * would give it. A list item's value ("access.accounts[Guest].role") is its field once, with the
 * items it is missing on ("role not collected for DefaultAccount, Guest"), not once per item.
 */
function missingReason(missing: readonly string[], named: (field: string) => string): string {
  const items = new Map<string, string[]>();
  for (const m of missing) {
    if (m === '') continue;
    const labels: string[] = [];
    const field = m.replace(/\[([^\]]*)\]/g, (_, label: string) => (labels.push(label), '[]'));
    const on = items.get(field) ?? [];
    if (labels.length && labels.every((l) => l !== '')) on.push(labels.join(' > '));
    items.set(field, on);
  }
  // A parent beside one of its own fields ("malware.antimalware" beside "….signatureUpdatedAt",
  // "access.accounts" beside "access.accounts[].role") says nothing more.
  const fields = [...items.keys()].filter((m) => ![...items.keys()].some((o) => o.startsWith(`${m}.`) || o.startsWith(`${m}[]`)));
  if (fields.length === 0) return 'not collected: the snapshot holds none of the values this check reads';
  return fields.map((f) => {
    const from = exportsGiving(f);
    const on = [...new Set(items.get(f))];
    // An item's field by its name within the item ("role"), as the check's wording names it.
    const name = named(f.includes('[].') ? f.slice(f.lastIndexOf('[].') + 3) : f);
    return `${name} not collected${on.length ? ` for ${on.join(', ')}` : ''}: the snapshot holds no value for it (${from.length ? `given by ${from.join(' or ')}, not read for this device` : 'no export read gives it; the vendor settings file may'})`;
  }).join('; ');
}

/** A check's result on a snapshot, with the context evaluateCheck made and named for it. */
function evaluateNamed(check: Check, snapshot: Snapshot, ctx: EvalContext): CheckResult {
  const outcome = outcomeNamed(check, snapshot, ctx);
  const pointers = distinct(outcome.pointers);
  const provenance = provenanceOf(snapshot.provenance, pointers);
  const result: CheckResult = {
    checkId: check.id,
    deviceId: snapshot.device.id,
    status: outcome.status,
    observed: outcome.observed,
    expected: outcome.expected,
    problems: outcome.problems,
    missing: outcome.missing,
    params: byId(ctx.used),
    pointers,
    provenance,
    ...(outcome.facts ? { facts: outcome.facts } : {}),
    ...(outcome.items ? { items: outcome.items } : {}),
  };
  if (outcome.status === 'not-collected' && outcome.reasons?.length) result.reason = [...new Set(outcome.reasons)].join('; ');
  if (result.status === 'pass' || result.status === 'not-applicable') {
    const files = intentOnly(snapshot, provenance);
    const masked = maskedRead(snapshot, pointers);
    const rivals = disputed(provenance);
    const contradicted = contradictedRead(snapshot, pointers);
    const oneProfile = oneProfileRead(check, snapshot, pointers);
    const unproved = unprovedRead(check, snapshot, pointers);
    if (files.length || masked.length || rivals.length || contradicted.length || oneProfile.length || unproved.length) {
      result.reason = [...(oneProfile.length ? [oneProfileReason(oneProfile, result.status, ctx)] : []), ...(files.length ? [intentReason(files, result.status)] : []), ...(unproved.length ? [unprovedReason(unproved, result.status)] : []), ...(masked.length ? [maskedReason(masked, result.status)] : []), ...(rivals.length ? [disputedReason(rivals, result.status)] : []), ...(contradicted.length ? [contradictedReason(contradicted, result.status)] : [])].join('; ');
      result.status = 'not-collected';
    }
  } else if (result.status === 'not-collected') {
    // Not collected because a value read is masked (a number repeating a secret's digits cannot be compared): said so.
    const masked = maskedRead(snapshot, pointers);
    const told = masked.filter((m) => !result.reason?.includes(`${m})`) && !result.reason?.includes(`${m},`));
    if (told.length) result.reason = [...(result.reason ? [result.reason] : []), maskedNcReason(told)].join('; ');
  }
  const intended = snapshot.intended;
  if (intended) {
    // Intended (a GPO template, a Registry.pol) and effective differ: shown as such, the effective value decides.
    const hits = pointers.filter((p) => Object.hasOwn(intended, p)).map((p) => ({ pointer: p, ...intended[p]! }));
    if (hits.length) {
      result.intended = hits;
      const note = ` [effective; intended ${hits.map((h) => `${show(h.value)} per ${inOneLine(h.file)}${h.location ? ` (${inOneLine(h.location)})` : ''}`).join(', ')}]`;
      // Right after the deciding value, before any supporting evidence (which it does not describe).
      const at = result.observed.indexOf(SUPPORTING_MARK);
      result.observed = at < 0 ? result.observed + note : result.observed.slice(0, at) + note + result.observed.slice(at);
    }
  }
  const age = ctx.age;
  if (!age) return result;
  // Collected after the clock: an age computed negative is no freshness (the loaders refuse such a
  // snapshot; a caller of this function may not). Judged as stale evidence is: a pass or a
  // not-applicable is withheld, a fail stays.
  if (age.collectedAtMs > age.nowMs && (result.status === 'pass' || result.status === 'not-applicable')) {
    result.reason = `collected at ${snapshot.collectedAt}, after the assessment time (${age.now}), a time the run's clock has not reached: the device clock or --now is wrong, so the evidence's age is unknown; at collection the result was ${result.status}`;
    result.status = 'not-collected';
    result.problems = [];
    return result;
  }
  const judged = atClock(check, snapshot, ctx, result.status);
  const lapseMs = judged.lapse?.ms ?? Infinity;
  if (lapseMs < age.staleAtMs) result.expires = isoMs(lapseMs);
  else if (age.staleAt) result.expires = age.staleAt;
  if (age.stale) {
    result.stale = true;
    if (age.param) result.params = [...result.params.filter((p) => p.id !== age.param!.id), age.param].sort((a, b) => a.id.localeCompare(b.id));
    if (judged.status === 'not-collected' && result.status !== 'not-collected') {
      result.reason = `${STALE_REASON_HEAD}${snapshot.collectedAt}, ${formatDays(age.nowMs - age.collectedAtMs)} before the assessment (${age.now}), older than the ${counted(age.maxAgeDays, 'day')} accepted (parameter ${EVIDENCE_MAX_AGE_PARAM}); at collection the result was ${result.status}`;
      result.status = 'not-collected';
      result.problems = [];
    }
  } else if (judged.status === 'not-collected' && result.status === 'pass' && judged.lapse) {
    result.lapsedAt = isoMs(judged.lapse.ms);
    result.reason = `passed at collection (${snapshot.collectedAt}), but ${lapseWords(judged.lapse, age.nowMs)}, before the assessment (${age.now}): a new collection is needed`;
    result.status = 'not-collected';
  }
  return result;
}

/**
 * "its time limit (…) lapsed at T" for a pass's lapse (passLapse) seen from the clock `nowMs`: lapsed
 * by then, or lapsing later. A console-local time whose zone or date order is unknown lapses at the
 * earliest at `ms`, in every case at `latestMs`: both are said.
 */
export function lapseWords(lapse: Bound, nowMs: number): string {
  const rule = lapse.rule ? `its time limit (${lapse.rule})` : 'a rule that depends on the clock';
  const from = isoMs(lapse.ms);
  const { latestMs: latest, on, ends } = lapse;
  if (latest === undefined || !ends) return `${rule} ${lapse.ms <= nowMs ? 'lapsed' : 'lapses'} at ${from}`;
  if (latest < nowMs) return `${rule} lapsed by ${isoMs(latest)} whatever ${on} (from ${from} ${ends[0]})`;
  return `${rule} ${lapse.ms <= nowMs ? 'may have lapsed' : 'may lapse'} from ${from} (${ends[0]}; ${ends[1]} it lapses at ${isoMs(latest)}: it depends on ${on})`;
}

/** "56 days", "3 days 4 hours", "5 hours" (a grouped observation states its oldest evidence's age so: oscal/observation-groups.ts). */
export function formatDays(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms - days * DAY_MS) / 3_600_000);
  if (days === 0) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${days} day${days === 1 ? '' : 's'}${hours ? ` ${hours} hour${hours === 1 ? '' : 's'}` : ''}`;
}

function testUsesClock(t: Test | undefined): boolean {
  if (!t) return false;
  if (CLOCK_OPERATORS.has(t.operator)) return true;
  return [...(t.where ?? []), ...(t.tests ?? [])].some(testUsesClock);
}

const USES_CLOCK = new WeakMap<Check, boolean>();
/** Whether the check's verdict can change with the clock alone (a max-age-*, min-remaining-days, older-than-days or listed-until rule). */
export function usesClock(check: Check): boolean {
  let v = USES_CLOCK.get(check);
  if (v === undefined) USES_CLOCK.set(check, (v = testUsesClock(check.test) || testUsesClock(check.appliesWhen)));
  return v;
}

/**
 * For a check that passes at collection: the earliest instant its clock rule (max-age-*,
 * min-remaining-days, listed-until, in its test or its applies-when) stops it passing, values
 * unchanged; for a console-local time whose zone is unknown, `ms` is the earliest such instant and
 * `latestMs` the one by which it has lapsed in every zone. Undefined when no clock rule ends it.
 * The one rule for a lapsed pass (atClock) and for what comes due (src/drift/compute.ts dueOf).
 */
export function passLapse(check: Check, snapshot: Snapshot, ctx: EvalContext): Bound | undefined {
  if (!usesClock(check)) return undefined;
  // Its rule names the check's fields by their plain names, whoever asks (drift's due list too).
  const lapse = namedBy(check, ctx, () => {
    const t = holdsUntil(check.test, snapshot, ctx, 'pass');
    const a = check.appliesWhen ? holdsUntil(check.appliesWhen, snapshot, ctx, 'pass') : undefined;
    return a && a.ms < t.ms ? a : t;
  });
  return Number.isFinite(lapse.ms) ? lapse : undefined;
}

/**
 * The status at the assessment clock, from the status at collection: stale evidence never yields
 * a pass (nor a not-applicable: the console may have changed); a pass whose clock rule lapsed
 * before the clock is not a pass at the clock. A fail stays a fail. Shared by evaluateCheck and
 * checkStatus, so the full and the status-only paths decide alike.
 */
function atClock(check: Check, snapshot: Snapshot, ctx: EvalContext, status: CheckStatus): { status: CheckStatus; lapse?: Bound } {
  const age = ctx.age!;
  const lapse = status === 'pass' ? passLapse(check, snapshot, ctx) : undefined;
  if (age.stale) return { status: status === 'pass' || status === 'not-applicable' ? 'not-collected' : status, ...(lapse ? { lapse } : {}) };
  if (lapse && age.nowMs > lapse.ms) return { status: 'not-collected', lapse };
  return { status, ...(lapse ? { lapse } : {}) };
}

/**
 * The status evaluateCheck would give, before deviations, without building its texts and pointers
 * (statusOf decides exactly as evaluateTest does). For callers that need texts only for the
 * checks that do not pass (src/drift). `ctx`: makeContext, reusable across checks of one snapshot.
 */
export function checkStatus(check: Check, snapshot: Snapshot, ctx: EvalContext): CheckStatus {
  const status = statusAtCollection(check, snapshot, ctx);
  return ctx.age ? atClock(check, snapshot, ctx, status).status : status;
}

/** The status at collection (before deviations and the assessment clock): checkStatus without the clock. */
export function statusAtCollection(check: Check, snapshot: Snapshot, ctx: EvalContext): CheckStatus {
  let status: CheckStatus;
  if (check.appliesWhen) {
    const applies = statusOf(check.appliesWhen, snapshot, ctx);
    status = applies === 'fail' || applies === 'not-applicable' ? 'not-applicable' : applies === 'not-collected' ? 'not-collected' : statusOf(check.test, snapshot, ctx);
  } else status = statusOf(check.test, snapshot, ctx);
  // A pass or not applicable on a policy file's values alone is not collected, as evaluateCheck decides.
  if ((status === 'pass' || status === 'not-applicable') && hasPolicySources(snapshot)) {
    const pointers = distinct(outcomeOf(check, snapshot, ctx).pointers);
    // ... and so is one on a value its source cannot prove alone (Get-MpPreference without the status, a vendor's declared policy).
    if (intentOnly(snapshot, provenanceOf(snapshot.provenance, pointers)).length || unprovedRead(check, snapshot, pointers).length) return 'not-collected';
  }
  // A pass or not applicable on one profile's own setting (a snapshot of an older ingest) is not collected, as evaluateCheck decides.
  if ((status === 'pass' || status === 'not-applicable') && oneProfileReads(snapshot).size > 0 && oneProfileRead(check, snapshot, distinct(outcomeOf(check, snapshot, ctx).pointers)).length) return 'not-collected';
  // A pass or not applicable on a value two effective exports disagree on is not collected, as evaluateCheck decides.
  if ((status === 'pass' || status === 'not-applicable') && holdsDisputes(snapshot) && disputed(provenanceOf(snapshot.provenance, distinct(outcomeOf(check, snapshot, ctx).pointers))).length) return 'not-collected';
  // A pass or not applicable on a value masked as a secret's copy is not collected, as evaluateCheck decides.
  if ((status === 'pass' || status === 'not-applicable') && maskedPointers(snapshot).length && maskedRead(snapshot, outcomeOf(check, snapshot, ctx).pointers).length) return 'not-collected';
  // A pass or not applicable on policy values Windows does not hold together is not collected, as evaluateCheck decides.
  if ((status === 'pass' || status === 'not-applicable') && policyContradictions(snapshot).length && contradictedRead(snapshot, outcomeOf(check, snapshot, ctx).pointers).length) return 'not-collected';
  return status;
}

/**
 * A fail with an approved, unexpired deviation becomes "deviation" (documented, still reported);
 * an expired one changes nothing but is recorded so the report can say why it no longer applies.
 * `at` is the assessment clock (RFC 3339; a bare YYYY-MM-DD is that day's start at UTC). The expiry
 * is a calendar day with no zone: the risk is accepted only while that day lasts everywhere, until it
 * ends at UTC+14:00 (holdsThroughDay); once it is over in some zone, accepting it would over-claim.
 */
export function applyDeviations(result: CheckResult, deviations: readonly DeviationRecord[], at: string): CheckResult {
  if (result.status !== 'fail') return result;
  const matching = deviations.filter((d) => d.checkId === result.checkId && (d.deviceId === result.deviceId || d.deviceId === '*'));
  if (matching.length === 0) return result;
  const valid = matching.filter((d) => holdsThroughDay(d.expires, at)).sort((a, b) => b.expires.localeCompare(a.expires));
  if (valid[0]) return { ...result, status: 'deviation', deviation: valid[0] };
  const latest = [...matching].sort((a, b) => b.expires.localeCompare(a.expires))[0];
  return latest ? { ...result, expiredDeviation: latest } : result;
}
