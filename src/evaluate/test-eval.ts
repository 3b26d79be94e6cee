// Evaluates one catalog Test against plain data. Pure: the clock is the snapshot's collectedAt.
// Three-valued on purpose: a value that is absent is "not collected", never a pass.
import { interned } from '../catalog/interned.js';
import { parseDatedEntry, type DatedEntry } from '../catalog/list-entries.js';
import { FEATURE_ALIASES } from '../catalog/windows-features.js';
import type { ParamRef, Test } from '../catalog/types.js';
import { withValueName } from '../catalog/check-wording.js';
import { absenceNotes, fieldCoverage, listCoverage, vendorFieldAbsence, type ScopeNamer } from '../snapshot/coverage.js';
import { isKnownValue, KNOWN_ITEM_VALUES, knownValuesText } from '../snapshot/known-values.js';
import { inOneLine } from '../io/errors.js';
import { instantMs, isCalendarDate } from '../io/dates.js';
import { isSecretAt, maskedValuesReason, REDACTED } from '../snapshot/secrets.js';
import type { Snapshot } from '../snapshot/types.js';
import { computedScopeEntries, isRemoteAddressEntry, spansEveryAddress } from './address-span.js';
import { allowsAnyPort } from './port-span.js';
import { differentDn } from './distinguished-name.js';
import { lookAlike, NEGATIVE_OPERATORS, POSITIVE_OPERATORS } from './look-alike.js';
import { isBlank, notReadReason, showsNothingCompared } from './not-read.js';
import { NOT_DEFINED, paramValueText } from '../params/resolve.js';

export type TestStatus = 'pass' | 'fail' | 'not-collected' | 'not-applicable';

export interface ParamUse {
  id: string;
  value: unknown;
  source: string;
}

export interface TestOutcome {
  status: TestStatus;
  /** What was seen, for a person ("0", "2 of 3 profiles: public disabled"). */
  observed: string;
  /** What was required, with parameters already substituted ("between 1 and 3"). */
  expected: string;
  /** One line per failing item or condition. */
  problems: string[];
  /** JSON pointers of the values read (for provenance). */
  pointers: string[];
  /** Dotted paths that were needed but absent. */
  missing: string[];
  /**
   * Why a not-collected outcome could not be decided, beyond `missing` (a source not collected); on a
   * fail, what beside the failing parts or items was not collected (the fail decides all the same).
   */
  reasons?: string[];
  /**
   * The values behind the verdict, for plain-language wording (src/evaluate/plain-wording.ts):
   * each compared value with the field it came from (relative to its list item) and whether it
   * met the test; for a failing list, only the values of the items that failed.
   */
  facts?: Fact[];
  /** For a list: how many items were checked, how many failed, and the least number required. */
  items?: { checked: number; failing: number; required?: number };
}

/** One compared value: `item` names the list item it belongs to ("public", "Remote Desktop (TCP-In)"). */
export interface Fact {
  item?: string;
  field: string;
  value: string;
  ok: boolean;
}

export interface EvalContext {
  /** The snapshot's collection time in ms: ages are measured from here, never from "today". */
  collectedAtMs: number;
  param(id: string): ParamUse;
  /** Parameters used so far (filled as a side effect for the caller's record). */
  used: Map<string, ParamUse>;
  /** Descriptions of tests, which depend only on the test and the parameters: made once per run. */
  descriptions?: WeakMap<object, Description>;
  /**
   * The snapshot being judged: tests on it (not on a list item) ask its coverage before reading
   * an absent value as "not set" or a list as the whole list (src/snapshot/coverage.ts).
   */
  snapshot?: Snapshot;
  /**
   * While a collection judges the items of a snapshot list: that list's coverage scope
   * ("audit.logFiles"), so an item's field is looked up as "audit.logFiles[].accessPrincipals".
   * Set and restored by the collection judging them (itemsScope); undefined when not known.
   */
  itemScope?: string;
  /** The assessment clock's view of the snapshot (evaluate-check.ts); absent = judged at collection only. */
  age?: import('./evaluate-check.js').EvidenceAge;
  /**
   * Set while a list's `where` chooses the items to judge: there a value that says it was not read
   * ("N/A", "") is not collected rather than a fail, which would silently leave the item out (./not-read.ts).
   */
  selecting?: boolean;
  /**
   * The check's plain names for the fields it compares (check-wording.yaml `fields`): a part of an
   * all-of/any-of states its field by this name, else by its snapshot path (namedPart).
   */
  fieldNames?: Readonly<Record<string, string>>;
  /**
   * The check's names for raw values (check-wording.yaml `values`) and the fields they name (those
   * the check compares, not a `where`'s or applies-when's): "= true (On)", "one of: 0 (in sync)".
   */
  valueNames?: { names: Readonly<Record<string, string>>; fields: ReadonlySet<string> };
  /** The titles of the organisation parameters the check compares with (parameters.yaml `title`), by id. */
  paramTitles?: Readonly<Record<string, string>>;
  /** The catalog's deny-list parameters (parameters.yaml `deny-list`): empty, a test comparing with one proves nothing. */
  denyLists?: readonly string[];
  /**
   * The copy a list's `where` chooses items with (selectingCtx), kept on the context it was made
   * from: a context is made per check and device, and a WeakMap entry for each cost its insert and
   * the collector's work on it.
   */
  choosing?: EvalContext;
}

/**
 * A field as a result's texts state it (observed values, problems, reasons): the check's plain
 * name for it; a worded check's field without one, its last name in words ("nested groups",
 * "screen saver active"); a check without wording (a user's own catalog), its path.
 */
export function plainField(field: string, ctx: Pick<EvalContext, 'fieldNames'>): string {
  // No field: an item test comparing the item itself (a server name of a list of them).
  if (field === '') return 'value';
  const names = ctx.fieldNames;
  if (!names) return field;
  return names[field] ?? inWords(field);
}

// Fields come from the check catalog (a few hundred): each one's words are made once per process.
// Bounded all the same, should a field ever be named by an input.
const IN_WORDS = new Map<string, string>();
const IN_WORDS_MAX = 10_000;

/** "access.nestedGroups" -> "nested groups", "maxSizeKB" -> "max size KB": a field's last name, split into words. */
export function inWords(field: string): string {
  let words = IN_WORDS.get(field);
  if (words === undefined) {
    words = splitWords(field);
    if (IN_WORDS.size < IN_WORDS_MAX) IN_WORDS.set(field, words);
  }
  return words;
}

function splitWords(field: string): string {
  const last = field.replace(/\[\]/g, '').split('.').filter(Boolean).pop() ?? field;
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(/[\s_]+/);
  // A capitalised word is lowered ("Size" -> "size"); an acronym stays ("KB", "TLS").
  return words.map((w) => (/^[A-Z][a-z]/.test(w) ? w.toLowerCase() : w)).join(' ');
}

/**
 * A raw value with the check's name for it, where the field's values are named: "true (On)",
 * "allow" for a name "Allow" (the name adds nothing), "255 (all drives)" for a name that states it.
 */
export function namedValue(raw: string, field: string | undefined, ctx: EvalContext): string {
  const v = ctx.valueNames;
  if (!v || field === undefined || !v.fields.has(field)) return raw;
  // A name for this field's value ("audit.timeSync.leapIndicator=0") before one for the value in any field.
  const qualified = `${field}=${raw}`;
  const key = Object.hasOwn(v.names, qualified) ? qualified : Object.hasOwn(v.names, raw) ? raw : undefined;
  return key === undefined ? raw : withValueName(raw, v.names[key]!);
}


/** A value as shown, each entry of a list with its name (namedValue): for the operators stating values. */
function shownNamed(e: unknown, field: string | undefined, ctx: EvalContext | undefined): string {
  if (!ctx?.valueNames) return show(e);
  if (Array.isArray(e) && e.length > 0) return e.map((x) => namedValue(show(x), field, ctx)).join(', ');
  return namedValue(show(e), field, ctx);
}

/** "X (a)" and "b" -> "X (a; b)", "X" and "b" -> "X (b)": one pair of parentheses. */
function withAside(text: string, aside: string): string {
  return text.endsWith(')') ? `${text.slice(0, -1)}; ${aside})` : `${text} (${aside})`;
}

/** A parameter no organisation defined, as an expected value states it: its title and what that means for the result. */
function unsetParamText(id: string, ctx: EvalContext): string {
  const v = ctx.param(id).value;
  if (Array.isArray(v) && v.length === 0) return `${paramTitle(id, ctx)}, an empty list (not collected until it names one)`;
  return `${paramTitle(id, ctx)}, which the organisation has not defined (not collected until it does)`;
}

/** An organisation parameter by its title, in the middle of a sentence ("the organisation's authoritative time sources (...)"). */
function paramTitle(id: string, ctx: EvalContext): string {
  const title = ctx.paramTitles?.[id];
  if (title === undefined) return `the organisation parameter ${id}`;
  return /^[A-Z][a-z]/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
}

/** The context for a list's `where` (selecting: true), made once per context. */
function selectingCtx(ctx: EvalContext): EvalContext {
  if (ctx.selecting) return ctx;
  let s = ctx.choosing;
  // A context serves the checks of one snapshot in turn: the copy follows the check's field names
  // (and a spread of a context, which copies this field, gets its own for another snapshot).
  if (!s || s.snapshot !== ctx.snapshot || s.fieldNames !== ctx.fieldNames || s.valueNames !== ctx.valueNames || s.paramTitles !== ctx.paramTitles || s.denyLists !== ctx.denyLists) ctx.choosing = s = selectingCopy(ctx);
  return s;
}

/**
 * `{ ...ctx, selecting: true }` with every field named: the contexts of different checks differ in
 * shape (their names set or not), and a spread of them cost 1.5% of a fleet's `assess`. A field
 * EvalContext gains and this copy does not name fails to compile.
 */
function selectingCopy(ctx: EvalContext): EvalContext {
  const copy: { [K in keyof Required<EvalContext>]: EvalContext[K] } = {
    collectedAtMs: ctx.collectedAtMs, param: ctx.param, used: ctx.used, descriptions: ctx.descriptions, snapshot: ctx.snapshot, itemScope: ctx.itemScope,
    age: ctx.age, selecting: true, fieldNames: ctx.fieldNames, valueNames: ctx.valueNames, paramTitles: ctx.paramTitles, denyLists: ctx.denyLists, choosing: undefined,
  };
  return copy;
}

/** A test's description, with the parameters its text states (recorded in `used` whoever made it first). */
export interface Description {
  text: string;
  used: readonly ParamUse[];
}

/**
 * A text made with the wording's field names ("Log dropped packets = true") is not the one made
 * without them ("logDroppedPackets = true"): each has its own cache, else a run's texts depended on
 * which path (a status-only pass, a thread) first described the test. A test belongs to one check,
 * so to one set of names.
 */
const NAMED_DESCRIPTIONS = new WeakMap<WeakMap<object, Description>, WeakMap<object, Description>>();
function namedDescriptions(plain: WeakMap<object, Description>): WeakMap<object, Description> {
  let named = NAMED_DESCRIPTIONS.get(plain);
  if (!named) NAMED_DESCRIPTIONS.set(plain, (named = new WeakMap()));
  return named;
}

/**
 * `key` is the test, or a part of it (its `where` list) for a second text about the same test.
 * A description states parameter values: those count as used by every evaluation that shows it,
 * not only by the first, which made it (else a result's parameters would depend on evaluation order).
 */
function cachedDescription(test: object, ctx: EvalContext, make: () => string): string {
  const cache = ctx.descriptions && (ctx.fieldNames ? namedDescriptions(ctx.descriptions) : ctx.descriptions);
  if (!cache) return make();
  let d = cache.get(test);
  if (d === undefined) {
    const outer = ctx.used;
    const used = new Map<string, ParamUse>();
    ctx.used = used;
    try {
      d = { text: make(), used: [...used.values()] };
    } finally {
      ctx.used = outer;
    }
    cache.set(test, d);
  }
  for (const use of d.used) ctx.used.set(use.id, use);
  return d.text;
}

const REGEX = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let r = REGEX.get(source);
  if (!r) REGEX.set(source, (r = new RegExp(source, 'i')));
  return r;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function isParamRef(x: unknown): x is ParamRef {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as ParamRef).param === 'string' && Object.keys(x).length === 1;
}

function isFieldRef(x: unknown): x is { field: string } {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as { field: unknown }).field === 'string' && Object.keys(x).length === 1;
}

/** Marks a field reference whose value is absent. */
const ABSENT = Symbol('absent');

/**
 * Substitutes organisation parameters ({param: id}) and other snapshot values ({field: path},
 * relative to `root`) inside an expected value. Without a root, field references are described.
 */
export function resolveExpected(expected: unknown, ctx: EvalContext, root?: unknown): unknown {
  if (isParamRef(expected)) {
    const use = ctx.param(expected.param);
    ctx.used.set(use.id, use);
    return use.value;
  }
  if (isFieldRef(expected)) {
    // Described by the check's plain name for the field when it has one ("Latest vendor release").
    if (root === undefined) return ctx.fieldNames?.[expected.field] ?? `the value of ${expected.field}`;
    const v = getPath(root, expected.field);
    return v === undefined ? ABSENT : v;
  }
  // A list of plain values (most) is itself: not copied for every item of every device.
  if (Array.isArray(expected)) return isConstant(expected) ? expected : expected.map((e) => resolveExpected(e, ctx, root));
  return expected;
}

const CONSTANT = new WeakMap<readonly unknown[], boolean>();
/** Whether a catalog list holds no parameter or field reference, at any depth (found once per list). */
function isConstant(list: readonly unknown[]): boolean {
  let c = CONSTANT.get(list);
  if (c === undefined) CONSTANT.set(list, (c = list.every((e) => !isParamRef(e) && !isFieldRef(e) && (!Array.isArray(e) || isConstant(e)))));
  return c;
}

const REFS = new WeakMap<Test, readonly string[]>();
/** The field references of a test's expected value (made once per test). */
function refsOf(test: Test): readonly string[] {
  let refs = REFS.get(test);
  if (!refs) REFS.set(test, (refs = fieldRefs(test.expected)));
  return refs;
}

function fieldRefs(expected: unknown, out: string[] = []): string[] {
  if (isFieldRef(expected)) out.push(expected.field);
  else if (Array.isArray(expected)) expected.forEach((e) => fieldRefs(e, out));
  return out;
}

const PARAM_REFS = new WeakMap<Test, readonly string[]>();
/** The organisation parameters a test compares with, at any depth (its parts, `where` and `tests`): made once per test. */
function paramRefsOf(test: Test): readonly string[] {
  let ids = PARAM_REFS.get(test);
  if (!ids) {
    const out = new Set<string>();
    const walk = (x: unknown): void => {
      if (isParamRef(x)) out.add(x.param);
      else if (Array.isArray(x)) x.forEach(walk);
    };
    const visit = (t: Test): void => {
      walk(t.expected);
      for (const u of t.tests ?? []) visit(u);
      for (const u of t.where ?? []) visit(u);
    };
    visit(test);
    PARAM_REFS.set(test, (ids = [...out]));
  }
  return ids;
}

/** Why a value no organisation defined cannot be compared with (parameters.yaml `default: null`). */
export function unsetParamReason(id: string, ctx?: EvalContext): string {
  const title = ctx?.paramTitles?.[id];
  // By its title where the catalog gives one; the id stays, as the key a params file sets.
  const what = title === undefined ? `the organisation parameter ${id}` : withAside(paramTitle(id, ctx!), `parameter ${id}`);
  return `the organisation has not defined ${what}: it has no default (only the organisation can name it), so the result is not collected until it is given in a params file (--params) or an OSCAL profile's set-parameters`;
}

/** Why a test comparing with an empty deny list (parameters.yaml `deny-list`) shows nothing. */
function emptyDenyListReason(id: string, ctx: EvalContext): string {
  const title = ctx.paramTitles?.[id];
  // Its title as written: the reason starts with it ("Windows services …", not "windows services …").
  const what = title === undefined ? `The organisation parameter ${id}` : withAside(title, `parameter ${id}`);
  return `${what} is an empty list: a check that none of its entries is present proves nothing when it names none, so the result is not collected until the list names at least one`;
}

/**
 * The reasons a test cannot be decided because an organisation parameter it compares with has no
 * value (none defined, no default), or is an empty deny list, or undefined when every one has a
 * value. Such a test is not collected, never a pass or a fail on a made-up value; nor a pass that
 * rests on a list of nothing to look for.
 */
function unsetParams(test: Test, ctx: EvalContext): string[] | undefined {
  const ids = paramRefsOf(test);
  if (ids.length === 0) return undefined;
  let reasons: string[] | undefined;
  for (const id of ids) {
    const use = ctx.param(id);
    const emptyDeny = Array.isArray(use.value) && use.value.length === 0 && ctx.denyLists?.includes(id) === true;
    if (use.value !== null && use.value !== undefined && !emptyDeny) continue;
    ctx.used.set(use.id, use);
    (reasons ??= []).push(emptyDeny ? emptyDenyListReason(id, ctx) : unsetParamReason(id, ctx));
  }
  return reasons;
}

function hasAbsent(x: unknown): boolean {
  return x === ABSENT || (Array.isArray(x) && x.some(hasAbsent));
}

const SPLIT = new Map<string, string[]>();
function segments(path: string): string[] {
  let segs = SPLIT.get(path);
  // Interned: each is a property name looked up in every device's data. No field ('') is the
  // value itself: an item of a list of plain texts, compared by an item test without a field.
  if (!segs) SPLIT.set(path, (segs = path === '' ? [] : path.split('.').map(interned)));
  return segs;
}

/** Looks a dotted path up; a key not found as written is matched case-insensitively (registry names). */
function getPath(root: unknown, path: string): unknown {
  return getSegments(root, segments(path));
}

function getSegments(root: unknown, segs: readonly string[]): unknown {
  let cur: unknown = root;
  for (const key of segs) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    const rec = cur as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(rec, key)) cur = rec[key];
    else {
      const hit = caseInsensitiveKey(rec, key);
      cur = hit === undefined ? undefined : rec[hit];
    }
  }
  return cur;
}

function caseInsensitiveKey(rec: Record<string, unknown>, key: string): string | undefined {
  const lk = key.toLowerCase();
  return Object.keys(rec).find((k) => k.toLowerCase() === lk);
}

/** The path with each key spelled as the data spells it (so a pointer built from it resolves). */
function actualPath(root: unknown, path: string): string {
  // Most paths are spelled as the data spells them: checked without building anything.
  let cur: unknown = root;
  for (const key of segments(path)) {
    if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) {
      const rec = cur as Record<string, unknown>;
      if (!Object.prototype.hasOwnProperty.call(rec, key) && caseInsensitiveKey(rec, key) !== undefined) return respelled(root, path);
      cur = rec[key];
    } else cur = undefined;
  }
  return path;
}

function respelled(root: unknown, path: string): string {
  const out: string[] = [];
  let cur: unknown = root;
  let changed = false;
  for (const key of segments(path)) {
    let k = key;
    if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) {
      const rec = cur as Record<string, unknown>;
      if (!Object.prototype.hasOwnProperty.call(rec, key)) {
        const hit = caseInsensitiveKey(rec, key);
        if (hit !== undefined) {
          k = hit;
          changed = true;
        }
      }
      cur = rec[k];
    } else cur = undefined;
    out.push(k);
  }
  return changed ? out.join('.') : path;
}

const PLAIN_POINTERS = new Map<string, string>();
/** "/a/b" for "a.b", its keys as written (statusOf's masked-copy test): made once per path, not per item and device. */
function plainPointer(path: string): string {
  let p = PLAIN_POINTERS.get(path);
  if (p === undefined) PLAIN_POINTERS.set(path, (p = `/${segments(path).join('/')}`));
  return p;
}

const POINTER_SUFFIX = new Map<string, string>();
function pointerOf(base: string, path: string): string {
  let suffix = POINTER_SUFFIX.get(path);
  if (suffix === undefined) {
    suffix = path === '' ? '' : '/' + segments(path).map((k) => k.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    POINTER_SUFFIX.set(path, suffix);
  }
  return base + suffix;
}

/**
 * A value as the texts of a result show it. A console's text is shown in one line (io/errors.ts
 * inOneLine): a rule named "x\u202E…" or "x\r\n=cmd" would otherwise reorder or break the tool's
 * sentence in the AR, POA&M, CSV, PDF, drift report and checklists, which all quote these texts.
 */
export function show(v: unknown): string {
  if (v === undefined) return 'not collected';
  if (v === null) return 'none';
  if (typeof v === 'string') return v === '' ? '(empty)' : inOneLine(v);
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.map(show).join(', ');
  if (typeof v === 'object') return inOneLine(JSON.stringify(v));
  return String(v);
}

/**
 * A text as compared: without case and without surrounding blanks ("Any " is "Any": a rule open to
 * every address must not pass FW-REMOTE-SCOPE for a trailing blank, nor " TCP" leave FW-ALLOWED-PORTS).
 */
function lower(v: unknown): unknown {
  return typeof v === 'string' ? v.trim().toLowerCase() : v;
}
function includesLoose(list: unknown[], v: unknown): boolean {
  // indexOf: strict equality, as `some(x => lower(x) === lv)` (not includes: NaN).
  return lowered(list).indexOf(lower(v)) >= 0;
}

/**
 * `principal-names`: a principal written with its domain or computer (`HOSP\\Domain Admins`,
 * `BUILTIN\\Backup Operators`, `.\\Administrators`, `MR01\\Administrators`) is the listed bare name
 * (`Domain Admins`) too; a listed `DOMAIN\\name` matches only itself. Exports write a group with or
 * without its domain as they please, and an exact comparison let a clinical account in
 * `HOSP\\Domain Admins` pass ROLE-CLINICAL-NOT-ADMIN. The loader allows the key only where a match
 * makes a check stricter (a negative test, a `where` choosing what is examined), so it can only
 * turn a pass into a fail or not collected (src/catalog/load-checks.ts).
 */
function includesName(list: unknown[], v: unknown): boolean {
  if (includesLoose(list, v)) return true;
  if (typeof v !== 'string') return false;
  const slash = v.lastIndexOf('\\');
  return slash >= 0 && includesLoose(list, v.slice(slash + 1));
}

/**
 * `feature-names`: a Windows feature is one name however an export spells it. The optional-feature
 * name (`TelnetClient`, Get-WindowsOptionalFeature), the Windows Server name (`Telnet-Client`,
 * Get-WindowsFeature) and the display name (`Telnet Client`) are compared with case, blanks,
 * hyphens, underscores, dots, slashes and parentheses ignored (`Simple Network Management Protocol (SNMP)`), and the server and display names that differ
 * by more than that (`FS-SMB1`, `Web-Server`, `SMB 1.0/CIFS File Sharing Support`) are read as
 * the optional feature they install (FEATURE_ALIASES, src/catalog/windows-features.ts). An exact comparison let an enabled
 * `Telnet-Client` pass OS-FEATURES. Like principal-names, only where a match makes the check stricter.
 */
const featureKey = (v: string): string => v.toLowerCase().replace(/[\s\-_./()]+/gu, '');
/** Server (Get-WindowsFeature) and display names whose key is not their optional feature's key (src/catalog/windows-features.ts). */
const FEATURE_KEYS: ReadonlyMap<string, string> = new Map(FEATURE_ALIASES.map((a) => [featureKey(a.name), featureKey(a.feature)]));
export const featureName = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  const k = featureKey(v);
  return FEATURE_KEYS.get(k) ?? k;
};
function includesFeature(list: unknown[], v: unknown): boolean {
  const fv = featureName(v);
  return list.some((x) => featureName(x) === fv);
}

/** compare, with names of principals (includesName) or of Windows features (includesFeature) matched as the test asks. */
function compareTest(test: Test, v: unknown, e: unknown, ctx: EvalContext): boolean | undefined {
  const has = test.principalNames ? includesName : test.featureNames ? includesFeature : undefined;
  if (!has || !Array.isArray(e)) return compare(test.operator, v, e, ctx);
  switch (test.operator) {
    case 'one-of': return has(e, v);
    case 'none-of': return !has(e, v);
    case 'contains-any': return Array.isArray(v) ? v.some((x) => has(e, x)) : undefined;
    case 'contains-none': return Array.isArray(v) ? !v.some((x) => has(e, x)) : undefined;
    default: return compare(test.operator, v, e, ctx);
  }
}

const LOWERED = new WeakMap<readonly unknown[], unknown[]>();
/** A list with its texts in lower case, made once per list (expected lists are read for every item of every device). */
function lowered(list: readonly unknown[]): unknown[] {
  let l = LOWERED.get(list);
  if (!l) LOWERED.set(list, (l = list.map(lower)));
  return l;
}

/** Dotted versions: "10.2.1" >= "10.2" etc. Non-numeric parts compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-_ ]/);
  const pb = b.split(/[.\-_ ]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

/** "1 day", "7 days": a count of a unit, singular at 1. */
export function counted(n: unknown, unit: string): string {
  return `${show(n)} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * An operator's phrase for its expected value. With `field` and a context whose check names raw
 * values (check-wording.yaml `values`), the values stated are named: "= true (On)", "one of: 0 (in sync), ...".
 */
function describeScalar(op: string, e: unknown, field?: string, ctx?: EvalContext): string {
  const named = (x: unknown): string => shownNamed(x, field, ctx);
  switch (op) {
    case 'equals': return `= ${named(e)}`;
    case 'not-equals': return `not ${named(e)}`;
    case 'not-same-dn': return `not the same distinguished name as ${show(e)}`;
    case 'at-least': return `at least ${show(e)}`;
    case 'at-most': return `at most ${show(e)}`;
    case 'greater-than': return `more than ${show(e)}`;
    case 'less-than': return `less than ${show(e)}`;
    case 'contains-any': return `includes at least one of: ${named(e)}`;
    case 'allows-port': return `lets in port ${Array.isArray(e) ? e.map(show).join(' or ') : show(e)} (a port, a range holding it, or Any)`;
    case 'not-matches': return `does not match /${show(e)}/`;
    case 'between': {
      const [lo, hi] = Array.isArray(e) ? e : [];
      return `between ${show(lo)} and ${show(hi)}`;
    }
    case 'one-of': return `one of: ${named(e)}`;
    case 'host-one-of': return `one of the hosts: ${show(e)}`;
    case 'not-own-host': return 'not the console itself (its host name)';
    case 'listed-until': return `one of: ${show(e)} (a dated entry through that day in every time zone)`;
    case 'none-of': return `none of: ${named(e)}`;
    case 'contains': return `includes ${named(e)}`;
    case 'not-contains': return `does not include ${named(e)}`;
    case 'contains-none': return `includes none of: ${named(e)}`;
    case 'subset-of': return `only: ${named(e)}`;
    case 'not-empty': return 'set (not empty)';
    case 'not-every-address': return 'does not span every address (Any written as subnets or ranges)';
    case 'matches': return `matches /${show(e)}/`;
    // A date's phrase follows its name after a colon (statedPart): "Valid until: at least 30 days
    // after collection", "Signatures updated on: within the 7 days before collection".
    case 'max-age-days': return `within the ${counted(e, 'day')} before collection`;
    case 'max-age-hours': return `within the ${counted(e, 'hour')} before collection`;
    case 'min-remaining-days': return `at least ${counted(e, 'day')} after collection`;
    case 'older-than-days': return `more than ${counted(e, 'day')} before collection`;
    case 'version-at-least': return `at least version ${show(e)}`;
    case 'same-text': return Array.isArray(e) && e.length > 1 ? `the same text as one of: ${e.map((x) => `"${show(x)}"`).join(', ')}` : `the same text as "${show(Array.isArray(e) ? e[0] : e)}"`;
    default: return `${op} ${show(e)}`;
  }
}

function toMs(v: unknown): number | undefined {
  // A date-time without a zone is no instant (Date.parse would read it in the process's zone): placements().
  if (typeof v !== 'string' || ZONELESS.test(v) || DAY_ONLY.test(v) || v.includes('/')) return undefined;
  const t = instantMs(v);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * How far after collection an event's date may lie and still be clock skew (the same day the
 * ingest allows between the files of one visit, docs/ingest.md). Beyond it the clock that wrote
 * the date, or the export, is wrong: how old the event was at collection is unknown.
 */
export const CLOCK_SKEW_MS = DAY_MS;

/** Operators that measure an event's age at collection (a date in the past). */
const AGE_OPERATORS: ReadonlySet<string> = new Set(['max-age-days', 'max-age-hours', 'older-than-days']);

/**
 * Why an age rule cannot judge `v`: an event dated more than CLOCK_SKEW_MS after collection did
 * not happen yet when the snapshot was taken, so its age is unknown (never "age 0": a signature
 * update dated a year ahead would otherwise pass for a year). Undefined when the date can be judged.
 */
function futureDated(op: string, field: string, v: unknown, ctx: EvalContext, placed = false): string | undefined {
  if (!AGE_OPERATORS.has(op)) return undefined;
  const t = toMs(v);
  if (t === undefined) return undefined;
  // Within the skew after collection, but after the assessment's own clock: the run has not reached
  // that time, so the date says nothing of an age at --now (a delivery "at 09:14" judged at 09:00).
  // Not asked of the latest placement of a time whose zone is unknown (`placed`): that instant
  // after --now shows only that the console is not in that zone, not a wrong clock.
  if (!placed && ctx.age && t > ctx.age.nowMs && t - ctx.collectedAtMs <= CLOCK_SKEW_MS) {
    return `${field} = ${show(v)} is dated after the assessment time (${ctx.age.now}), a time the run's clock has not reached: the clock that wrote it, or --now, is wrong, so its age is unknown`;
  }
  if (t - ctx.collectedAtMs <= CLOCK_SKEW_MS) return undefined;
  return `${field} = ${show(v)} is dated more than a day after the collection (${new Date(ctx.collectedAtMs).toISOString().replace('.000Z', 'Z')}): the clock that wrote it, or the export, is wrong, so its age is unknown`;
}

/** A date-time written without a zone: the console's local time when its UTC offset is unknown (docs/ingest.md, "Times"). */
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;
/** A calendar day with no time and no zone (a vendor's release day): every instant of that day in any zone. */
const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Rules that compare a date with the collection time. */
const TIME_RULES: ReadonlySet<string> = new Set([...AGE_OPERATORS, 'min-remaining-days']);

/**
 * The earliest and latest instant a console-local time can be: one whose zone is unknown, L, is an
 * instant of [L-14h, L+12h] (UTC offsets run from -12:00 to +14:00); one read two ways, its culture
 * not named ("A/B", the earliest and the latest reading, docs/ingest.md "Times"), is from A to B,
 * each end placed so when its zone is unknown too. Undefined for any other value.
 */
function placements(v: unknown): [string, string] | undefined {
  if (typeof v !== 'string') return undefined;
  if (ZONELESS.test(v)) return [`${v}+14:00`, `${v}-12:00`];
  // A day runs from its start at UTC+14:00 to its end at UTC-12:00 (as dayEnds in io/dates.ts).
  if (DAY_ONLY.test(v)) return isCalendarDate(v) ? [`${v}T00:00:00+14:00`, `${v}T23:59:59-12:00`] : undefined;
  const [a, b, more] = v.split('/');
  if (a === undefined || b === undefined || more !== undefined) return undefined;
  if (ZONELESS.test(a) && ZONELESS.test(b)) return [`${a}+14:00`, `${b}-12:00`];
  return toMs(a) !== undefined && toMs(b) !== undefined ? [a, b] : undefined;
}

/** A date written with no time, kept as its whole day (merge.ts resolveValue): "…T00:00:00/…T23:59:59.999". */
const WHOLE_DAY = /^\d{4}-\d{2}-\d{2}T00:00:00([+-]\d{2}:\d{2})?\/\d{4}-\d{2}-\d{2}T23:59:59\.999([+-]\d{2}:\d{2})?$/;

/** What makes a console-local time uncertain, and how its two ends are named (timeReason). */
function uncertainty(v: string): { what: string; on: string; ends: [string, string] } {
  if (ZONELESS.test(v)) return { what: "the console's local time with its time zone unknown", on: 'the zone', ends: ['at UTC+14:00', 'at UTC-12:00'] };
  if (DAY_ONLY.test(v)) return { what: 'a calendar day with no time zone', on: 'the zone', ends: ['read as its start at UTC+14:00', 'read as its end at UTC-12:00'] };
  const [a, b] = v.split('/') as [string, string];
  const zoneless = ZONELESS.test(a);
  if (WHOLE_DAY.test(v)) {
    return {
      what: `a date written with no time, the whole of that day${a.slice(0, 10) === b.slice(0, 10) ? '' : ' (read several ways: the export names no culture, or writes the year with two digits)'}${zoneless ? ', with its time zone unknown' : ''}`,
      on: zoneless ? 'the time of day and the zone' : 'the time of day',
      ends: zoneless ? [`at ${a} UTC+14:00`, `at ${b} UTC-12:00`] : [`at ${a}`, `at ${b}`],
    };
  }
  return {
    what: `the console's local time read two ways (its culture not named, or its year written with two digits)${zoneless ? ', with its time zone unknown' : ''}`,
    on: zoneless ? 'how the date is read and the zone' : 'how the date is read',
    ends: zoneless ? [`read as ${a} at UTC+14:00`, `read as ${b} at UTC-12:00`] : [`read as ${a}`, `read as ${b}`],
  };
}

/**
 * A text spelling a number where a number is compared ("5" for LmCompatibilityLevel 5, a REG_SZ
 * where Windows reads a DWORD): it never equals the number, and shown bare, or named as the
 * number's meaning, a fail would read "found: Refuse LM & NTLM (5), required: Refuse LM & NTLM (5)".
 */
function numberAsText(v: unknown, e: unknown): v is string {
  const numeric = typeof e === 'number' || (Array.isArray(e) && e.length > 0 && e.every((x) => typeof x === 'number'));
  return numeric && typeof v === 'string' && /^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+|0x[0-9a-f]+)\s*$/i.test(v);
}

/** How a console-local time is shown: as written, saying what is unknown (never an invented UTC time). */
function showTime(op: string, v: unknown): string {
  if (!TIME_RULES.has(op) || !placements(v)) return show(v);
  if (DAY_ONLY.test(String(v))) return `${show(v)} (a calendar day, time zone unknown)`;
  const zoneless = ZONELESS.test(String(v).split('/')[0]!);
  const day = WHOLE_DAY.test(String(v));
  const parts = [...(day ? ['a date with no time: the whole day'] : String(v).includes('/') ? ['read two ways: the export names no culture, or writes the year with two digits'] : []), ...(zoneless ? ['time zone unknown'] : [])];
  return `${show(v)} (console local time, ${parts.join('; ')})`;
}

/**
 * Why a time rule cannot judge `v`: futureDated's reasons; and for a console-local time whose
 * zone or date order is unknown, a verdict that is not the same at both ends of its window (a
 * sync 23 hours old by the console's clock is within 24 hours at +14:00 and not at -12:00). Both
 * ends deciding alike, every instant between does (the rules are monotonic in the date), and
 * compare decides.
 */
function timeReason(op: string, field: string, v: unknown, e: unknown, ctx: EvalContext, name = field): string | undefined {
  if (op === 'listed-until') return listedDayReason(name, v, e, ctx);
  const p = TIME_RULES.has(op) ? placements(v) : undefined;
  if (!p) return futureDated(op, name, v, ctx);
  const [early, late] = [futureDated(op, name, p[0], ctx), futureDated(op, name, p[1], ctx, true)];
  const [a, b] = p.map((x) => compare(op, x, e, ctx));
  if (early === undefined && late === undefined && a === b) return undefined;
  const cov = ctx.snapshot?.coverage?.find((c) => c.scope === field && c.note);
  const u = uncertainty(String(v));
  const head = `${name} = ${show(v)} is ${u.what}${cov ? ` (${cov.source}: ${cov.note})` : ''}`;
  // The earliest instant unjudgeable (after the collection's day or --now): so is every later one.
  if (early !== undefined) return `${head}: whatever ${u.on}, it is dated after the collection or the assessment time, so its age is unknown`;
  const at = (x: boolean | undefined, future: string | undefined): string => (future !== undefined ? 'its age is unknown (dated more than a day after the collection)' : x === true ? 'it holds' : 'it does not hold');
  return `${head}: the result depends on ${u.on}: ${u.ends[0]} ${at(a, early)}, ${u.ends[1]} ${at(b, late)}`;
}

const isoOf = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * Why a listed-until rule cannot judge `v`: its entry's last day, a calendar day with no zone,
 * ends from UTC+14:00 to UTC-12:00, and the collection lies between those ends (over in some
 * zones, not in others). Before the earliest end it passes everywhere, after the latest it fails.
 */
function listedDayReason(name: string, v: unknown, e: unknown, ctx: EvalContext): string | undefined {
  const entry = listedEntry(v, e);
  if (!entry?.day || ctx.collectedAtMs <= entry.lastMs || ctx.collectedAtMs > entry.latestMs) return undefined;
  return `${name} = ${show(v)} is listed until ${entry.day}, a calendar day with no time zone, which ends from ${isoOf(entry.lastMs)} (at UTC+14:00) to ${isoOf(entry.latestMs)} (at UTC-12:00); the collection (${isoOf(ctx.collectedAtMs)}) lies between: the result depends on the zone`;
}

/**
 * Why a comparison of a value with another field of the snapshot (`expected: {field: ...}`)
 * cannot be judged: either side is a text that says nothing was read. Two such texts are equal
 * and would pass (installed version "" = latest version ""), showing nothing.
 */
function unreadComparison(test: Test, field: string, v: unknown, e: unknown, ctx?: EvalContext): string | undefined {
  const refs = refsOf(test);
  if (refs.length === 0) return undefined;
  if (!showsNothingCompared(v) && !(Array.isArray(e) ? e.some(showsNothingCompared) : showsNothingCompared(e))) return undefined;
  return `${field} = ${JSON.stringify(v)} compared with ${ctx ? refs.map((r) => plainField(r, ctx)).join(', ') : refs.join(', ')} = ${JSON.stringify(e)}: an empty or placeholder text says the value was not read, so the comparison shows nothing`;
}

/** An age rule measures from the event, or from collection for a date within the skew after it (age 0). */
const ageFrom = (t: number, ctx: EvalContext): number => Math.min(t, ctx.collectedAtMs);

/** Scalar comparison. Returns undefined when the value has the wrong type to be judged. */
function compare(op: string, v: unknown, e: unknown, ctx: EvalContext): boolean | undefined {
  // A local time whose zone is unknown: where it is judged, both ends of its window decide alike (timeReason).
  const p = TIME_RULES.has(op) ? placements(v) : undefined;
  if (p) return compare(op, p[0], e, ctx);
  switch (op) {
    case 'equals': return lower(v) === lower(e);
    case 'not-equals': return lower(v) !== lower(e);
    case 'not-same-dn': return differentDn(v, e);
    case 'at-least': return typeof v === 'number' && typeof e === 'number' ? v >= e : undefined;
    case 'at-most': return typeof v === 'number' && typeof e === 'number' ? v <= e : undefined;
    case 'greater-than': return typeof v === 'number' && typeof e === 'number' ? v > e : undefined;
    case 'less-than': return typeof v === 'number' && typeof e === 'number' ? v < e : undefined;
    case 'contains-any': return Array.isArray(v) && Array.isArray(e) ? v.some((x) => includesLoose(e, x)) : undefined;
    case 'allows-port': return allowsAnyPort(v, e);
    case 'not-matches': return typeof v === 'string' && typeof e === 'string' ? !regex(e).test(v) : undefined;
    case 'between': {
      if (typeof v !== 'number' || !Array.isArray(e)) return undefined;
      const [lo, hi] = e as [number, number];
      return v >= lo && v <= hi;
    }
    case 'one-of': return Array.isArray(e) ? includesLoose(e, v) : undefined;
    case 'host-one-of': return typeof v === 'string' && Array.isArray(e) ? e.some((h) => typeof h === 'string' && hostName(h) === hostName(v)) : undefined;
    // The console's name as the snapshot gives it (device.hostname); without it nothing is ruled out.
    case 'not-own-host': {
      const self = ctx.snapshot?.device.hostname;
      return typeof v === 'string' ? !(typeof self === 'string' && self.trim() !== '' && sameHost(v, self)) : undefined;
    }
    case 'listed-until': {
      const entry = listedEntry(v, e);
      if (entry === undefined) return Array.isArray(e) && (typeof v === 'string' || typeof v === 'number') ? false : undefined;
      return ctx.collectedAtMs <= entry.lastMs;
    }
    case 'none-of': return Array.isArray(e) ? !includesLoose(e, v) : undefined;
    case 'contains': return Array.isArray(v) ? includesLoose(v, e) : undefined;
    case 'not-contains': return Array.isArray(v) ? !includesLoose(v, e) : undefined;
    case 'contains-none': return Array.isArray(v) && Array.isArray(e) ? !v.some((x) => includesLoose(e, x)) : undefined;
    case 'subset-of': return Array.isArray(v) && Array.isArray(e) ? v.every((x) => includesLoose(e, x)) : undefined;
    case 'not-empty':
      if (typeof v === 'string') return !isBlank(v);
      if (Array.isArray(v)) return v.length > 0;
      if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
      return v !== null;
    // An entry Windows would not accept ("", "Not Configured") cannot be judged: never a pass.
    case 'not-every-address': return Array.isArray(v) && v.every(isRemoteAddressEntry) ? !spansEveryAddress(v) : undefined;
    case 'matches': return typeof v === 'string' && typeof e === 'string' ? regex(e).test(v) : undefined;
    case 'max-age-days':
    case 'max-age-hours': {
      const t = toMs(v);
      if (t === undefined || typeof e !== 'number') return undefined;
      // A date shortly after collection is clock skew, not staleness: its age counts as zero
      // (further after it, futureDated has made the value unjudgeable before compare is asked).
      const age = ctx.collectedAtMs - ageFrom(t, ctx);
      return age <= e * (op === 'max-age-days' ? DAY_MS : HOUR_MS);
    }
    case 'min-remaining-days': {
      const t = toMs(v);
      if (t === undefined || typeof e !== 'number') return undefined;
      return t - ctx.collectedAtMs >= e * DAY_MS;
    }
    case 'older-than-days': {
      if (v === null) return true; // never happened: older than any bound
      const t = toMs(v);
      if (t === undefined || typeof e !== 'number') return undefined;
      return ctx.collectedAtMs - ageFrom(t, ctx) > e * DAY_MS;
    }
    case 'version-at-least':
      return typeof v === 'string' && typeof e === 'string' ? compareVersions(v, e) >= 0 : undefined;
    case 'same-text': {
      // A banner re-typed with other line breaks or spacing is the same text.
      if (typeof v !== 'string') return undefined;
      // A blank text is no notice: it never equals a required one, not even a blank one an
      // organisation's params file left (an empty CSV cell), which names no text to compare with.
      const nv = normalText(v);
      if (isBlank(nv)) return false;
      const want = (Array.isArray(e) ? e : [e]).filter((x): x is string => typeof x === 'string' && !isBlank(x));
      if (want.length === 0) return undefined;
      return want.some((w) => normalText(w) === nv);
    }
    default:
      return undefined;
  }
}

/**
 * A host name or address as a time source names it: w32tm's NTP flags (",0x8", ",0x9") and a
 * trailing dot removed, without case (host-one-of).
 */
function hostName(t: string): string {
  return t.trim().replace(/,0x[0-9a-f]+$/i, '').trim().replace(/\.$/, '').toLowerCase();
}

/**
 * Whether a time source names the host `self` (its host name): as host-one-of reads it, a bracketed
 * address unwrapped, a qualified name the same host as its first label when either side is
 * unqualified (RAD-MR01-CON.hospital.local is RAD-MR01-CON). Loopback names are the check's to rule out.
 */
function sameHost(source: string, self: string): boolean {
  const a = hostName(source).replace(/^\[(.*)\]$/, '$1');
  const b = hostName(self).replace(/^\[(.*)\]$/, '$1');
  if (a === b) return true;
  const isName = (h: string): boolean => /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/.test(h) && !/^[\d.]+$/.test(h);
  if (!isName(a) || !isName(b) || (a.includes('.') && b.includes('.'))) return false;
  return a.split('.')[0] === b.split('.')[0];
}

/** The entry of `list` naming `v` (without case), with the last instant it is accepted (Infinity when it gives no date). */
function listedEntry(v: unknown, list: unknown): DatedEntry | undefined {
  if (!Array.isArray(list) || (typeof v !== 'string' && typeof v !== 'number')) return undefined;
  return datedIndex(list).get(String(v).trim().toLowerCase());
}

const DATED_INDEX = new WeakMap<readonly unknown[], Map<string, DatedEntry>>();
/** A dated list read once (not its dates parsed again for every device): each value with its entry. */
function datedIndex(list: readonly unknown[]): Map<string, DatedEntry> {
  let index = DATED_INDEX.get(list);
  if (!index) {
    index = new Map();
    for (const x of list) {
      const entry = parseDatedEntry(x);
      if (!entry) continue;
      // Listed twice: the later end wins (the organisation accepted it that long). A day that does not exist accepts nothing.
      const found = index.get(entry.value);
      if (!found || entry.lastMs > found.lastMs) index.set(entry.value, entry);
    }
    DATED_INDEX.set(list, index);
  }
  return index;
}

/** Text with runs of whitespace made one space, trimmed, without case (same-text). */
function normalText(t: string): string {
  return t.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The item fields that name a list item in texts (the first present), unless the test names its own `label`. */
export const LABEL_FIELDS: readonly string[] = ['name', 'aeTitle', 'mountPoint', 'subject', 'type', 'guid', 'id'];
function itemLabel(item: unknown, index: number, label?: string): string {
  // An item of a list of plain texts (server names) is named by itself.
  if (typeof item === 'string' && item.trim() !== '' && label === undefined) return inOneLine(item);
  if (item && typeof item === 'object') {
    const rec = item as Record<string, unknown>;
    for (const f of label ? [label] : LABEL_FIELDS) {
      const v = rec[f];
      // Shown in one line, as values are (see show).
      if (typeof v === 'string' && v !== '') return inOneLine(v);
    }
  }
  return `#${index + 1}`;
}

function nc(expected: string, missing: string[], pointers: string[], reasons?: string[]): TestOutcome {
  return { status: 'not-collected', observed: 'not collected', expected, problems: [], pointers, missing, ...(reasons?.length ? { reasons } : {}) };
}

/** A found item's meaning (`found-means`), with {field} replaced by the item's value. */
function foundMeans(test: Test, item: unknown): string {
  return (test.foundMeans ?? '').replace(/\{([A-Za-z][A-Za-z0-9.]*)\}/g, (_, f: string) => {
    const v = getPath(item, f);
    return typeof v === 'string' ? inOneLine(v) : show(v);
  });
}

/** Whether `root` is the snapshot itself (coverage applies), not an item of one of its lists. */
function atTop(root: unknown, ctx: EvalContext): ctx is EvalContext & { snapshot: Snapshot } {
  return ctx.snapshot !== undefined && root === ctx.snapshot;
}

/**
 * The coverage scope of `field` read on `root`: the field itself on the snapshot, the item field
 * ("audit.logFiles[].accessPrincipals") on an item of a snapshot list being judged, else undefined.
 */
function scopeOf(field: string, root: unknown, ctx: EvalContext): string | undefined {
  if (ctx.snapshot === undefined || field === '') return undefined;
  if (root === ctx.snapshot) return field;
  return ctx.itemScope === undefined ? undefined : itemFieldScope(ctx.itemScope, field);
}

/**
 * `${scope}[].${field}`, one string per pair: asked for every item of every list a test reads, the
 * text was built (and then hashed to look it up) item after item. Both come from the catalog's
 * fields, so the pairs are few.
 */
const ITEM_FIELD_SCOPES = new Map<string, Map<string, string>>();
function itemFieldScope(scope: string, field: string): string {
  let byField = ITEM_FIELD_SCOPES.get(scope);
  if (byField === undefined) ITEM_FIELD_SCOPES.set(scope, (byField = new Map()));
  let s = byField.get(field);
  if (s === undefined) byField.set(field, (s = `${scope}[].${field}`));
  return s;
}

/**
 * The scope of the items of the list at `field` (on `root`), for ctx.itemScope while they are
 * judged: their fields then ask their own coverage, so an item's contents gathered from several
 * rows (a log's ACL entries, an account's groups) are partial where those rows may be.
 */
function itemsScope(field: string, root: unknown, ctx: EvalContext): string | undefined {
  return field === '' ? (root === ctx.snapshot ? undefined : ctx.itemScope) : scopeOf(field, root, ctx);
}

/**
 * Scopes `ctx` to the items of the list at `field` while a collection judges them (itemsScope), and
 * the selecting copy a `where` reads them with alike: that copy is cached (selectingCtx), so it
 * would otherwise keep the scope it was made with. `leave` restores both.
 */
function enterItems(field: string, root: unknown, ctx: EvalContext): { choosing: EvalContext; leave: () => void } {
  const outerScope = ctx.itemScope;
  ctx.itemScope = itemsScope(field, root, ctx);
  const choosing = selectingCtx(ctx);
  const outerChoosing = choosing.itemScope;
  choosing.itemScope = ctx.itemScope;
  return {
    choosing,
    leave: () => {
      choosing.itemScope = outerChoosing;
      ctx.itemScope = outerScope;
    },
  };
}

/** The last segment of each item field with known values ("protocol"): most `where`s read none (a GUID, a name). */
const KNOWN_FIELD_NAMES: ReadonlySet<string> = new Set([...KNOWN_ITEM_VALUES.keys()].map((k) => k.slice(k.lastIndexOf('.') + 1)));
/** Whether a field's last name is one of KNOWN_FIELD_NAMES, per field (the catalog's: few). */
const FIELD_KNOWN = new Map<string, boolean>();
function isKnownFieldName(field: string): boolean {
  let known = FIELD_KNOWN.get(field);
  if (known === undefined) FIELD_KNOWN.set(field, (known = KNOWN_FIELD_NAMES.has(field.slice(field.lastIndexOf('.') + 1))));
  return known;
}

/**
 * Whether a `where` that leaves an item out (`ok` not true) rests on a value the item's field is
 * not known to hold (src/snapshot/known-values.ts): "0x6", "TCP/IP" or "Tcp6" is no value a check
 * selects, yet no known other one (ICMPv4, Any) either, and may be TCP written otherwise. Such an
 * item is not collected, never silently out of the check. Only while selecting; undefined when the
 * value is known, or the field is not one with known values.
 */
function unrecognisedScope(field: string, v: unknown, root: unknown, ctx: EvalContext): string | undefined {
  if (!ctx.selecting || !isKnownFieldName(field)) return undefined;
  const scope = scopeOf(field, root, ctx);
  return scope === undefined || isKnownValue(scope, v) ? undefined : scope;
}

function unrecognisedReason(name: string, scope: string, v: unknown): string {
  return `${name} is ${JSON.stringify(v)}, which is neither a value the check selects items by nor another value ${name} is known to hold (${knownValuesText(scope)}): the item cannot be left out unjudged`;
}

/** Coverage of an absent value that `if-absent` would read as "not set". */
/** Per object: whether one of its keys holds a mask (a registry path repeating a secret). */
const MASKED_KEYS = new WeakMap<object, boolean>();

/**
 * Why a value absent at `field` may be there after all, or undefined: an object on its path lacks the
 * next key but holds a key masked as a copy of a secret (a bind password that equals a registry key's
 * path masks that key, and every value under it reads as absent). Neither "not set" nor a missing item
 * is known there.
 */
function maskedKeyOver(root: unknown, field: string): string | undefined {
  let cur = root;
  const at: string[] = [];
  for (const key of segments(field)) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    const rec = cur as Record<string, unknown>;
    const hit = Object.prototype.hasOwnProperty.call(rec, key) ? key : caseInsensitiveKey(rec, key);
    if (hit === undefined) {
      let masked = MASKED_KEYS.get(rec);
      if (masked === undefined) MASKED_KEYS.set(rec, (masked = Object.keys(rec).some((k) => k.includes(REDACTED))));
      return masked ? maskedValuesReason([`a key of /${at.map((k) => k.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`]) : undefined;
    }
    at.push(hit);
    cur = rec[hit];
  }
  return undefined;
}

function absenceCovered(test: Test, root: unknown, ctx: EvalContext): string | undefined {
  const masked = maskedKeyOver(root, test.field ?? '');
  if (masked !== undefined) return masked;
  const vendor = ctx.snapshot === undefined ? undefined : vendorFieldAbsence(ctx.snapshot, scopeOf(test.field ?? '', root, ctx) ?? '', namerOf(ctx));
  if (vendor !== undefined) return vendor;
  if (atTop(root, ctx)) {
    const a = fieldCoverage(ctx.snapshot, test.field ?? '', namerOf(ctx));
    return a.covered ? undefined : a.reason;
  }
  // An item's record is read whole, unless its source says this field of the items is partial.
  return listPartial(test.field ?? '', root, ctx);
}

/** Why a list (on the snapshot, or an item's list-valued field) cannot be taken as the whole list, or undefined. */
function listPartial(field: string, root: unknown, ctx: EvalContext): string | undefined {
  const scope = scopeOf(field, root, ctx);
  if (scope === undefined) return undefined;
  const a = listCoverage(ctx.snapshot!, scope, namerOf(ctx));
  return a.covered ? undefined : a.reason;
}

const AS_WRITTEN: ScopeNamer = (scope) => scope;
const NAMERS = new WeakMap<Readonly<Record<string, string>>, ScopeNamer>();
/**
 * How coverage reasons name a scope ("access.screenLock.inactivityTimeoutSecs", an item's
 * "firewall.profiles[].logMaxSizeKB"): by the check's plain name for it (written whole, or as its
 * list item's field), else in words (plainField). A check without wording keeps the path.
 */
export function namerOf(ctx: EvalContext): ScopeNamer {
  const names = ctx.fieldNames;
  if (!names) return AS_WRITTEN;
  let namer = NAMERS.get(names);
  if (!namer) {
    namer = (scope) => {
      const cut = scope.lastIndexOf('[].');
      const own = cut < 0 ? scope : scope.slice(cut + 3);
      return names[scope] ?? names[scope.replace(/\[\]/g, '')] ?? names[own] ?? inWords(scope);
    };
    NAMERS.set(names, namer);
  }
  return namer;
}

/**
 * Why a pass of `not-every-address` is not known: the list names a keyword whose addresses Windows
 * works out on the console (./address-span.ts computedScopeEntries), which no export collects. The
 * "Any" the check rules out may be among them; a fail (Any written out beside it) stays a fail.
 */
function scopeUnknown(op: string, name: string, v: unknown, ok: boolean | undefined): string | undefined {
  if (op !== 'not-every-address' || ok !== true) return undefined;
  const computed = computedScopeEntries(v);
  if (computed.length === 0) return undefined;
  return `${name} holds ${computed.join(', ')}, ${computed.length === 1 ? 'a keyword' : 'keywords'} whose addresses Windows works out on the console (the network isolation policy's intranet ranges, remote-access clients, Play To devices, captive portals) and were not collected: whether the rule is limited to named remote hosts is not known`;
}

/** List operators whose pass (or, for the last two, whose fail) says what a list lacks: they need the whole list. */
const PASS_ON_LACK = new Set(['subset-of', 'contains-none', 'not-contains', 'not-every-address']);
const FAIL_ON_LACK = new Set(['contains', 'contains-any', 'allows-port']);
/**
 * Operators whose unreadable value may be the very thing asked about (a local port "10x4" may be 104):
 * not judged, rather than the fail "cannot be judged" gives elsewhere, which under `none` (no rule
 * allows the port) counted as an item that does not match and let the check pass.
 */
const UNREAD_IS_UNKNOWN = new Set(['allows-port']);

/**
 * How many `none` collections' item tests are being judged (evaluation is synchronous; a worker has
 * its own count). There, and in a `where` choosing items, a value a comparison cannot judge (a
 * number where a text is matched, a date no reading gives) may be the very thing ruled out or
 * chosen: the fail "cannot be judged" gives elsewhere would count as "does not match" and let
 * `none` pass, or leave the item out of `every`. It is not judged instead.
 */
let underNone = 0;
/** Whether an unjudgeable comparison is unknown here rather than a fail (see underNone). */
function unjudgedIsUnknown(op: string, ctx: EvalContext): boolean {
  return underNone > 0 || ctx.selecting === true || UNREAD_IS_UNKNOWN.has(op);
}

/**
 * Whether a verdict on a text saying nothing was read (./not-read.ts) would decide for the check: a
 * pass, a `where`'s choice, or under `none` any verdict, where a fail ("state '' is not running")
 * counts as an item that does not match and lets the check pass. Elsewhere a fail stays a fail.
 */
function unreadDecides(ok: boolean | undefined, ctx: EvalContext): boolean {
  return ok === true || missDecides(ctx);
}

/** Whether a fail decides for the check: in a `where` (the item is left out) or under `none` (it does not match). */
function missDecides(ctx: EvalContext): boolean {
  return ctx.selecting === true || underNone > 0;
}

/**
 * Why a verdict resting on a look-alike of a name (./look-alike.ts) cannot stand: a negative
 * operator's pass, or a positive one's fail where that fail decides for the check (missDecides).
 */
function lookAlikeDeciding(op: string, name: string, v: unknown, e: unknown, ok: boolean | undefined, ctx: EvalContext): string | undefined {
  if (ok === true) return lookAlike(op, name, v, e, regex);
  return ok === false && missDecides(ctx) ? lookAlike(op, name, v, e, regex, true) : undefined;
}

/** Why a scalar verdict on a top-level list cannot stand: it rests on items the list may lack (coverage partial). */
function lacksWhole(test: Test, v: unknown, ok: boolean | undefined, root: unknown, ctx: EvalContext): string | undefined {
  if (!Array.isArray(v) || !(ok === true ? PASS_ON_LACK.has(test.operator) : ok === false && FAIL_ON_LACK.has(test.operator))) return undefined;
  return listPartial(test.field ?? '', root, ctx);
}

/** Evaluates `test` on `root` (the snapshot, or an item of a list when nested). */
export function evaluateTest(test: Test, root: unknown, ctx: EvalContext, base = ''): TestOutcome {
  let o: TestOutcome;
  switch (test.operator) {
    case 'all-of':
    case 'any-of':
      o = evalCombinator(test, root, ctx, base);
      break;
    case 'every':
    case 'none':
    case 'some':
      o = evalCollection(test, root, ctx, base);
      break;
    default:
      o = evalScalar(test, root, ctx, base);
  }
  return test.supporting ? withSupporting(o, test.supporting, root, base, ctx) : o;
}

/** Where supporting evidence starts in an observed text. */
export const SUPPORTING_MARK = '; supporting evidence, not deciding: ';

/** Supporting evidence: shown beside the verdict, with its pointers (so its provenance is cited), never deciding it. */
function withSupporting(o: TestOutcome, fields: readonly string[], root: unknown, base: string, ctx: EvalContext): TestOutcome {
  const shown = fields.map((f) => `${plainField(f, ctx)} = ${show(getPath(root, f))}`);
  return { ...o, observed: `${o.observed}${SUPPORTING_MARK}${shown.join(', ')}`, pointers: [...o.pointers, ...fields.map((f) => pointerOf(base, actualPath(root, f)))] };
}

function absentOutcome(test: Test, expected: string, missing: string[], pointers: string[], root: unknown, ctx: EvalContext): TestOutcome {
  if (test.ifAbsent === undefined) {
    const masked = maskedKeyOver(root, test.field ?? '');
    const notes = atTop(root, ctx) ? absenceNotes(ctx.snapshot, test.field ?? '', namerOf(ctx)) : [];
    return nc(expected, missing, pointers, masked === undefined ? (atTop(root, ctx) ? notes : undefined) : [masked, ...notes]);
  }
  // "Not set" only where a source that would hold the value was collected.
  const uncovered = absenceCovered(test, root, ctx);
  if (uncovered !== undefined) return nc(expected, missing, pointers, [uncovered]);
  return {
    status: test.ifAbsent,
    observed: 'not set',
    expected,
    // Named as what was found states it; the expected phrase without the path evalScalar put before it.
    problems: test.ifAbsent === 'fail' ? [`${missing.map((m) => plainField(m, ctx)).join(', ')} not set; expected ${test.field && expected.startsWith(`${test.field} `) ? expected.slice(test.field.length + 1) : expected}`] : [],
    pointers,
    missing: [],
    facts: missing.map((field) => ({ field, value: 'not set', ok: test.ifAbsent !== 'fail' })),
  };
}

/**
 * True if `v`, read at `pointer` (a path that is no secret's own), holds a mask: redaction put it there for
 * a copy of a secret found elsewhere (a bind password that equals the OS name masks the OS name), or the
 * export arrived masked. What the console holds there is not known, so neither a pass nor a fail is
 * (evaluateCheck gives the reason, maskedPointers: the value was masked as a copy of a secret).
 */
function maskedCopy(v: unknown, pointer: string): boolean {
  if (Array.isArray(v)) return v.some((x, i) => maskedCopy(x, `${pointer}/${i}`));
  return typeof v === 'string' && v.includes(REDACTED) && !isSecretAt(pointer, v);
}

/** "field expected", or the expected phrase alone for an item test comparing the item itself (no field). */
function fieldText(field: string, text: string): string {
  return field === '' ? text : `${field} ${text}`;
}

/** Where an item's value not collected is, as `missing` names it: "list[label].field", or "list[label]" for the item itself. */
function itemPath(field: string, label: string, m: string): string {
  return m === '' ? `${field}[${label}]` : `${field}[${label}].${m}`;
}

function evalScalar(test: Test, root: unknown, ctx: EvalContext, base: string): TestOutcome {
  const field = test.field ?? '';
  const e = resolveExpected(test.expected, ctx, root);
  const refs = refsOf(test);
  const shownE = refs.length ? resolveExpected(test.expected, ctx) : e;
  const expected = test.describe ?? (refs.length
    ? (hasAbsent(e) ? describeScalar(test.operator, shownE) : `${describeScalar(test.operator, shownE)} ${inParens(show(e))}`)
    : cachedDescription(test, ctx, () => describeScalar(test.operator, shownE, field, ctx)));
  const pointer = pointerOf(base, actualPath(root, field));
  const refPointers = refs.map((r) => pointerOf(base, actualPath(root, r)));
  const v = getPath(root, field);
  if (v === undefined) return absentOutcome(test, fieldText(field, expected), [field], [pointer, ...refPointers], root, ctx);
  if (hasAbsent(e)) return nc(fieldText(field, expected), refs.filter((r) => getPath(root, r) === undefined), [pointer, ...refPointers]);
  const unset = unsetParams(test, ctx);
  if (unset) return nc(fieldText(field, describeScalar(test.operator, paramRefsOf(test).map((id) => unsetParamText(id, ctx)).join(', '))), [], [pointer, ...refPointers], unset);
  // A value read, or one it is compared with (a certificate's subject for its issuer), masked as a secret's copy.
  const pointers = [pointer, ...refPointers];
  const masked = pointers.filter((p, i) => maskedCopy(i === 0 ? v : getPath(root, refs[i - 1]!), p));
  if (masked.length) return nc(fieldText(field, expected), [], pointers, [maskedValuesReason(masked)]);
  const observed = numberAsText(v, e) ? `${JSON.stringify(v.trim())} (written as text where a number is required)` : showTime(test.operator, v);
  // Problems and reasons name the field as what was found does, and its value as the wording names it
  // (namedValue, called where a problem or reason states it: a pass states neither).
  const name = plainField(field, ctx);
  if (test.alsoPass && includesLoose(test.alsoPass, v)) {
    return { status: 'pass', observed, expected: `${expected} (or ${show(test.alsoPass)})`, problems: [], pointers, missing: [], facts: [{ field, value: observed, ok: true }] };
  }
  const future = timeReason(test.operator, field, v, e, ctx, name) ?? unreadComparison(test, name, v, e, ctx);
  if (future !== undefined) return nc(fieldText(field, expected), [], pointers, [future]);
  const ok = compareTest(test, v, e, ctx);
  const fullExpected = test.alsoPass ? `${expected} (or ${show(test.alsoPass)})` : expected;
  // A pass, or an item's selection, resting on a text that says nothing was read: not judged (./not-read.ts).
  const unread = unreadDecides(ok, ctx) ? notReadReason(test.operator, name, v, e, regex) : undefined;
  if (unread !== undefined) return nc(fieldText(field, fullExpected), [], pointers, [unread]);
  // An item left out by a `where` on a value its field is not known to hold: not judged, never dropped.
  const odd = ok !== true ? unrecognisedScope(field, v, root, ctx) : undefined;
  if (odd !== undefined) return nc(fieldText(field, fullExpected), [], pointers, [unrecognisedReason(name, odd, v)]);
  const partial = lacksWhole(test, v, ok, root, ctx);
  if (partial !== undefined) return nc(fieldText(field, fullExpected), [], pointers, [`${partial}: ${ok ? 'a pass' : 'a fail'} would rest on items it may lack`]);
  // A pass because the value is not a name ruled out, on a look-alike of that name: not judged (./look-alike.ts).
  const like = lookAlikeDeciding(test.operator, name, v, e, ok, ctx);
  if (like !== undefined) return nc(fieldText(field, fullExpected), [], pointers, [like]);
  // A pass on remote addresses Windows works out at run time (Intranet, PlayToDevice): not judged.
  const scope = scopeUnknown(test.operator, name, v, ok);
  if (scope !== undefined) return nc(fieldText(field, fullExpected), [], pointers, [scope]);
  // A number masked as a copy of a secret (a PIN's digits) cannot be compared: its value is unknown,
  // not wrong (evaluateCheck gives the reason: the masked values read, maskedPointers).
  if (ok === undefined && v === REDACTED) return nc(fieldText(field, fullExpected), [field], pointers);
  if (ok === undefined && unjudgedIsUnknown(test.operator, ctx)) {
    const why = UNREAD_IS_UNKNOWN.has(test.operator) ? 'cannot be read as ports (a port, a range a-b, Any or a Windows port keyword)' : `cannot be judged by "${test.operator}"`;
    return nc(fieldText(field, fullExpected), [], pointers, [`${name} = ${namedValue(observed, field, ctx)} ${why}: whether it ${fullExpected} is not known`]);
  }
  if (ok === undefined) {
    return { status: 'fail', observed, expected: fullExpected, problems: [`${name} = ${namedValue(observed, field, ctx)} cannot be judged by "${test.operator}"`], pointers, missing: [], facts: [{ field, value: observed, ok: false }] };
  }
  return {
    status: ok ? 'pass' : 'fail',
    observed,
    expected: fullExpected,
    problems: ok ? [] : [`${name} = ${namedValue(observed, field, ctx)}, expected ${fullExpected}`],
    pointers,
    missing: [],
    facts: [{ field, value: observed, ok }],
  };
}

const COMPOUND = new Set(['all-of', 'any-of', 'every', 'none', 'some']);

/** A value in parentheses, once: "(empty)" stays "(empty)", never "((empty))". */
function inParens(text: string): string {
  return /^\([^()]*\)$/.test(text) ? text : `(${text})`;
}

/**
 * A part of an all-of/any-of as the whole states it: a scalar part names its field (the check's
 * plain name, else the snapshot path), so parts joined never read "= 255 and = 1" with nothing
 * saying what is required of what. A part's text already naming the field keeps its words; a
 * compound part (a list, a nested all-of) names its own fields.
 */
export function namedPart(part: Test, text: string, ctx: EvalContext, fallback?: string): string {
  const field = part.field;
  if (!field || COMPOUND.has(part.operator)) return text;
  // Texts of a value not collected already start with the path: restated by the plain name.
  const bare = text.startsWith(`${field} `) ? text.slice(field.length + 1) : text;
  const name = ctx.fieldNames?.[field] ?? fallback ?? plainField(field, ctx);
  const lower = bare.toLowerCase();
  if (lower.startsWith(`${name.toLowerCase()} `) || lower.startsWith(`${field.toLowerCase()} `)) return bare;
  return part.describe == null ? statedPart(part.operator, name, bare) : `${name} ${bare}`;
}

/** The operators comparing a date with the collection time: their phrase is about the date, not the name. */
const DATE_OPERATORS = new Set(['max-age-days', 'max-age-hours', 'min-remaining-days', 'older-than-days']);

/**
 * A field's name and its operator's phrase (describeScalar) as one statement, for any name: a
 * date's name may end in a word of its own ("updated on", "Valid until"), so its phrase follows
 * a colon ("Valid until: at least 30 days after collection"); the others read on ("Enforce
 * password history at least 24", "Log dropped packets = true").
 */
export function statedPart(operator: string, name: string, phrase: string): string {
  return DATE_OPERATORS.has(operator) ? `${name}: ${phrase}` : `${name} ${phrase}`;
}

/** What a rule over one object that passed observed: nothing beyond what the other parts state. */
const AS_REQUIRED = 'as required';

/** Whether part i's observed text adds nothing: said already by a part reading the same values, or AS_REQUIRED beside another part. */
function restated(p: TestOutcome, outcomes: readonly TestOutcome[], i: number): boolean {
  if (p.observed === AS_REQUIRED) return outcomes.length > 1;
  for (let j = 0; j < i; j++) {
    const q = outcomes[j]!;
    // The same places, each read once or more (an any-of lists the pointer of each of its parts).
    if (q.observed === p.observed && samePlaces(p.pointers, q.pointers)) return true;
  }
  return false;
}

/** Up to this many pointers a side, samePlaces compares in place (no Sets hashing this device's strings). */
const FEW_PLACES = 8;

/** The same set of pointers (Sets: a list's parts can cite thousands of items). */
function samePlaces(a: readonly string[], b: readonly string[]): boolean {
  // Asked for every pair of parts with the same observed text (AUDIT-SUBCATEGORIES: 26 passing
  // lists, "1 checked, all compliant", 325 pairs a device), which mostly differ: two small lists
  // are the same set when each holds every pointer of the other.
  if (a.length <= FEW_PLACES && b.length <= FEW_PLACES) {
    for (const x of a) if (!b.includes(x)) return false;
    for (const x of b) if (!a.includes(x)) return false;
    return true;
  }
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size !== sb.size) return false;
  for (const x of sa) if (!sb.has(x)) return false;
  return true;
}

function evalCombinator(test: Test, root: unknown, ctx: EvalContext, base: string): TestOutcome {
  const all = test.operator === 'all-of';
  // One pass over the parts (no intermediate arrays: this runs for every device and check).
  const pointers: string[] = [];
  const missing: string[] = [];
  const facts: Fact[] = [];
  let observed = '';
  let expected: string = '';
  let anyPass = false;
  let anyFail = false;
  let anyNc = false;
  const parts = test.tests ?? [];
  const outcomes: TestOutcome[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = (outcomes[i] = evaluateTest(parts[i]!, root, ctx, base));
    for (const x of p.pointers) pointers.push(x);
    for (const x of p.missing) missing.push(x);
    if (p.status === 'pass') anyPass = true;
    else if (p.status === 'fail') anyFail = true;
    else if (p.status === 'not-collected') anyNc = true;
  }
  if (test.describe != null) expected = test.describe;
  else {
    const joiner = all ? ' and ' : ' or ';
    for (let i = 0; i < outcomes.length; i++) expected += (i > 0 ? joiner : '') + namedPart(parts[i]!, outcomes[i]!.expected, ctx);
  }
  const status: TestStatus = all ? (anyFail ? 'fail' : anyNc ? 'not-collected' : 'pass') : anyPass ? 'pass' : anyNc ? 'not-collected' : 'fail';
  // An any-of that passes is shown by its passing parts: the others' values decide nothing.
  const shown = (p: TestOutcome): boolean => all || status !== 'pass' || p.status === 'pass';
  const stated = all || status !== 'pass' ? outcomes : outcomes.filter(shown);
  for (let i = 0; i < stated.length; i++) {
    const p = stated[i]!;
    if (p.facts) for (const f of p.facts) facts.push(f);
    // A value read again by another part (TIME-SYNC reads its source four times) is stated once, and a
    // part with nothing to state (AS_REQUIRED) adds no words beside those that do.
    if (restated(p, stated, i)) continue;
    observed += (observed === '' ? '' : '; ') + p.observed;
  }
  if (observed === '' && parts.length > 0) observed = AS_REQUIRED;
  const problems: string[] = [];
  const reasons: string[] = [];
  if (status === 'fail') for (const p of outcomes) for (const x of p.problems) problems.push(x);
  // A fail beside a part not collected still says what was not: the fail decides, the rest is not hidden.
  if (status !== 'pass') {
    for (const p of outcomes) {
      if (p.status !== 'not-collected') continue;
      if (p.reasons) for (const x of p.reasons) reasons.push(x);
      if (status === 'fail' && !p.reasons?.length) for (const m of p.missing) reasons.push(`${plainField(m, ctx)} not collected`);
    }
  }
  const out: TestOutcome = { status, observed, expected, problems, pointers, missing: status === 'not-collected' ? missing : [], ...(reasons.length ? { reasons } : {}), facts };
  // The lists inside (one per audit subcategory, per AppLocker rule collection) add up; an any-of
  // that passes counts only its passing parts (WinDefend stopped is no failing item beside another
  // anti-malware product).
  for (const p of outcomes) {
    if (!p.items || !shown(p)) continue;
    const sum: NonNullable<TestOutcome['items']> = out.items ?? { checked: 0, failing: 0 };
    sum.checked += p.items.checked;
    sum.failing += p.items.failing;
    if (p.items.required !== undefined) sum.required = p.items.required;
    out.items = sum;
  }
  return out;
}

/**
 * The status alone, without texts or pointers: what collections need for every item, where
 * building messages for hundreds of services or rules would dominate the run.
 */
export function statusOf(test: Test, root: unknown, ctx: EvalContext): TestStatus {
  switch (test.operator) {
    case 'all-of': {
      let nc = false;
      for (const t of test.tests ?? []) {
        const st = statusOf(t, root, ctx);
        if (st === 'fail') return 'fail';
        if (st === 'not-collected') nc = true;
      }
      return nc ? 'not-collected' : 'pass';
    }
    case 'any-of': {
      let nc = false;
      for (const t of test.tests ?? []) {
        const st = statusOf(t, root, ctx);
        if (st === 'pass') return 'pass';
        if (st === 'not-collected') nc = true;
      }
      return nc ? 'not-collected' : 'fail';
    }
    case 'every':
    case 'none':
    case 'some':
      return collectionStatus(test, root, ctx);
    default: {
      const fast = scalarStatusOf(test);
      if (fast !== null) {
        const st = fast(root, ctx);
        if (st !== undefined) return st;
      }
      const v = getPath(root, test.field ?? '');
      if (v === undefined) {
        if (test.ifAbsent === undefined || absenceCovered(test, root, ctx) !== undefined) return 'not-collected';
        return test.ifAbsent;
      }
      const e = resolveExpected(test.expected, ctx, root);
      if (hasAbsent(e)) return 'not-collected';
      if (unsetParams(test, ctx)) return 'not-collected';
      if (maskedCopy(v, plainPointer(test.field ?? '')) || refsOf(test).some((r) => maskedCopy(getPath(root, r), plainPointer(r)))) return 'not-collected';
      if (test.alsoPass && includesLoose(test.alsoPass, v)) return 'pass';
      if (timeReason(test.operator, '', v, e, ctx) !== undefined || unreadComparison(test, '', v, e) !== undefined) return 'not-collected';
      const ok = compareTest(test, v, e, ctx);
      if (unreadDecides(ok, ctx) && notReadReason(test.operator, '', v, e, regex) !== undefined) return 'not-collected';
      if (ok !== true && unrecognisedScope(test.field ?? '', v, root, ctx) !== undefined) return 'not-collected';
      if (lacksWhole(test, v, ok, root, ctx) !== undefined) return 'not-collected';
      if (lookAlikeDeciding(test.operator, '', v, e, ok, ctx) !== undefined) return 'not-collected';
      if (scopeUnknown(test.operator, '', v, ok) !== undefined) return 'not-collected';
      if (ok === undefined && (v === REDACTED || unjudgedIsUnknown(test.operator, ctx))) return 'not-collected';
      return ok === true ? 'pass' : 'fail';
    }
  }
}

/** A scalar test's status on a present value, or undefined when the general path must decide (the value is absent). */
type ScalarStatus = (root: unknown, ctx: EvalContext) => TestStatus | undefined;

const SCALAR_STATUS = new WeakMap<Test, ScalarStatus | null>();
/**
 * statusOf for a scalar test against a constant (no parameter, no field reference, no also-pass),
 * made once per test: list items are judged by the hundred for every device (each audit
 * subcategory, firewall rule, service), and the general path re-reads the test every time.
 * Null for any other test. It decides exactly as the general path does (test/evaluate-compiled.test.ts).
 */
function scalarStatusOf(test: Test): ScalarStatus | null {
  let f = SCALAR_STATUS.get(test);
  if (f === undefined) SCALAR_STATUS.set(test, (f = compileScalarStatus(test)));
  return f;
}

function compileScalarStatus(test: Test): ScalarStatus | null {
  const e = test.expected;
  // refsOf and paramRefsOf look into the expected value at any depth: what is left is a constant.
  // A list operator on a top-level list asks the list's coverage (lacksWhole): the general path.
  if (test.alsoPass || test.principalNames || test.featureNames || refsOf(test).length > 0 || paramRefsOf(test).length > 0 || PASS_ON_LACK.has(test.operator) || FAIL_ON_LACK.has(test.operator)) return null;
  const field = test.field ?? '';
  const segs = segments(field);
  const op = test.operator;
  let ok: (v: unknown, ctx: EvalContext) => boolean | undefined;
  if (op === 'equals') {
    const le = lower(e);
    ok = (v) => lower(v) === le;
  } else if (op === 'matches' && typeof e === 'string') {
    const re = regex(e);
    ok = (v) => (typeof v === 'string' ? re.test(v) : undefined);
  } else ok = (v, ctx) => compare(op, v, e, ctx);
  const ages = TIME_RULES.has(op) || op === 'listed-until';
  const negative = NEGATIVE_OPERATORS.has(op);
  const positive = POSITIVE_OPERATORS.has(op);
  const fieldPointer = `/${segs.join('/')}`;
  const judged = (v: unknown, root: unknown, ctx: EvalContext): TestStatus => {
    if (maskedCopy(v, fieldPointer)) return 'not-collected';
    if (ages && timeReason(op, '', v, e, ctx) !== undefined) return 'not-collected';
    const r = ok(v, ctx);
    if (unreadDecides(r, ctx) && notReadReason(op, '', v, e, regex) !== undefined) return 'not-collected';
    if (r !== true && unrecognisedScope(field, v, root, ctx) !== undefined) return 'not-collected';
    if ((r === true ? negative : r === false && positive && missDecides(ctx)) && lookAlikeDeciding(op, '', v, e, r, ctx) !== undefined) return 'not-collected';
    return r === true ? 'pass' : r === undefined && (v === REDACTED || unjudgedIsUnknown(op, ctx)) ? 'not-collected' : 'fail';
  };
  // An equality or a match on a field without known values reads nothing of the context but whether it
  // is choosing items or under `none` (the value's own texts: masked, not read, look-alike): its status
  // is then one per value and mode, remembered (the 26 audit subcategories' GUIDs, each compared by 26
  // `where`s on every device).
  if ((op === 'equals' || (op === 'matches' && typeof e === 'string')) && !isKnownFieldName(field)) {
    const memo: Map<string | boolean, TestStatus>[] = [new Map(), new Map(), new Map(), new Map()];
    return (root, ctx) => {
      const v = getSegments(root, segs);
      if (v === undefined) return undefined;
      if (typeof v !== 'boolean' && (typeof v !== 'string' || v.length > MEMO_TEXT_MAX)) return judged(v, root, ctx);
      const seen = memo[(ctx.selecting === true ? 1 : 0) + (underNone > 0 ? 2 : 0)]!;
      let st = seen.get(v);
      if (st === undefined) {
        if (seen.size >= MEMO_VALUES_MAX) seen.clear();
        seen.set(v, (st = judged(v, root, ctx)));
      }
      return st;
    };
  }
  return (root, ctx) => {
    const v = getSegments(root, segs);
    return v === undefined ? undefined : judged(v, root, ctx);
  };
}

/**
 * Bounds of a compiled test's remembered statuses: texts up to this long (a GUID, a name, a state),
 * this many a mode, then it starts again. Small: the catalog compiles a few hundred such tests, and a
 * field whose value differs on every device (a host name) gains nothing from a larger one.
 */
const MEMO_TEXT_MAX = 64;
const MEMO_VALUES_MAX = 64;

/** How a selected item fares on a collection's tests: all pass, and whether any lacks its data. */
function itemTestsStatus(tests: readonly Test[], item: unknown, ctx: EvalContext): { allPass: boolean; anyMissing: boolean } {
  let allPass = true;
  let anyMissing = false;
  for (const t of tests) {
    const st = statusOf(t, item, ctx);
    if (st === 'not-collected') anyMissing = true;
    else if (st !== 'pass') allPass = false;
  }
  return { allPass, anyMissing };
}

/** `judge()` of a `none` collection's item tests, counted as such (see underNone). */
function underNoneJudged<T>(judge: () => T): T {
  underNone++;
  try {
    return judge();
  } finally {
    underNone--;
  }
}

/** Whether an item is selected by a collection's `where` tests: the first fail or not-applicable decides. */
function whereStatusOf(where: readonly Test[], item: unknown, ctx: EvalContext): TestStatus {
  let status: TestStatus = 'pass';
  for (const t of where) {
    const st = statusOf(t, item, ctx);
    if (st !== 'pass') {
      status = st;
      if (st === 'fail' || st === 'not-applicable') break;
    }
  }
  return status;
}

type ItemStatus = (item: unknown, ctx: EvalContext) => TestStatus;

const NO_TESTS: readonly Test[] = [];
const WHERE_FILTER = new WeakMap<readonly Test[], ItemStatus>();
/**
 * whereStatusOf for one `where` list, made once per list: a single comparison with a constant
 * (most: an audit subcategory's GUID, a profile's name) skips the general path for every item that
 * has the value.
 */
function whereFilterOf(where: readonly Test[]): ItemStatus {
  let f = WHERE_FILTER.get(where);
  if (!f) {
    // Compiled for a scalar comparison only: a list or an all-of/any-of compared as a scalar read its
    // list as a value ("every" of [] cannot be judged) and chose or dropped the item on that.
    const only = where.length === 1 && !COMPOUND.has(where[0]!.operator) ? scalarStatusOf(where[0]!) : null;
    f = where.length === 0 ? () => 'pass' : only ? (item, ctx) => only(item, ctx) ?? statusOf(where[0]!, item, ctx) : (item, ctx) => whereStatusOf(where, item, ctx);
    WHERE_FILTER.set(where, f);
  }
  return f;
}

/**
 * Whether an item whose tests gave `allPass`/`anyMissing` leaves the collection's verdict open. Its
 * tests are a conjunction, where a definite fail decides over a part not collected: under `none` or
 * `some` an item with a failing test neither matches nor witnesses, whatever the rest; under
 * `every` such an item decides the fail itself, so only one with no fail and a part missing is open.
 */
function itemOpen(allPass: boolean, anyMissing: boolean): boolean {
  return anyMissing && allPass;
}

/**
 * Whether an item whose `where` is not collected (it may or may not be chosen) changes nothing: its
 * tests decide it harmless either way (under `every` it passes them all; under `none` or `some` one
 * of them fails). Only with the collection's default for an empty selection, which then agrees.
 */
function harmlessUnselected(test: Test, sub: readonly Test[], item: unknown, ctx: EvalContext): boolean {
  if (test.ifEmpty !== undefined || test.minItems !== undefined || test.ifFound !== undefined) return false;
  const { allPass, anyMissing } = test.operator === 'none' ? underNoneJudged(() => itemTestsStatus(sub, item, ctx)) : itemTestsStatus(sub, item, ctx);
  return test.operator === 'every' ? allPass && !anyMissing : !allPass;
}

/**
 * evalCollection's status without its texts, stopping at the first item that decides a fail.
 * Mirrors evalCollection case by case: an item whose `where` or tests are not collected adds a
 * missing path (a not-collected outcome always names one), a deciding item makes it fail.
 */
function collectionStatus(test: Test, root: unknown, ctx: EvalContext): TestStatus {
  const field = test.field ?? '';
  const raw = field === '' ? root : getPath(root, field);
  if (raw === undefined) {
    if (test.ifAbsent === undefined || absenceCovered(test, root, ctx) !== undefined) return 'not-collected';
    return test.ifAbsent;
  }
  if (unsetParams(test, ctx)) return 'not-collected';
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  // Verdicts that rest on what the list lacks need the whole list (a fail on an item it holds does not).
  const whole = (status: TestStatus): TestStatus => (listPartial(field, root, ctx) === undefined ? status : 'not-collected');
  if (test.minItems !== undefined && items.length < test.minItems) return whole('fail');
  const sub = test.tests ?? [];
  const every = test.operator === 'every';
  const some = test.operator === 'some';
  const selects = whereFilterOf(test.where ?? NO_TESTS);
  let missing = false;
  let selected = 0;
  const { choosing, leave } = enterItems(field, root, ctx);
  try {
    for (const item of items) {
      const whereStatus = selects(item, choosing);
      if (whereStatus === 'fail' || whereStatus === 'not-applicable') continue;
      if (whereStatus === 'not-collected') {
        if (!harmlessUnselected(test, sub, item, ctx)) missing = true;
        continue;
      }
      selected++;
      const { allPass, anyMissing } = test.operator === 'none' ? underNoneJudged(() => itemTestsStatus(sub, item, ctx)) : itemTestsStatus(sub, item, ctx);
      if (some) {
        // some: the first item that passes decides (it is there, whatever the list lacks)
        if (allPass && !anyMissing) return 'pass';
      } else if (every ? !allPass : allPass && !anyMissing) return test.ifFound ?? 'fail';
      if (itemOpen(allPass, anyMissing)) missing = true;
    }
  } finally {
    leave();
  }
  if (missing) return 'not-collected';
  if (some) return whole(selected === 0 ? test.ifEmpty ?? 'fail' : 'fail');
  if (selected === 0) return whole(test.ifEmpty ?? 'pass');
  return test.byIdentity ? 'pass' : whole('pass');
}

/** The pointers of the values `tests` read on one item (no texts, no evaluation): for citing compliant items. */
function pointersOf(tests: readonly Test[], item: unknown, base: string, out: string[]): void {
  for (const t of tests) {
    switch (t.operator) {
      case 'all-of':
      case 'any-of':
        pointersOf(t.tests ?? [], item, base, out);
        break;
      case 'every':
      case 'none':
      case 'some':
        out.push(t.field ? pointerOf(base, actualPath(item, t.field)) : base);
        break;
      default:
        if (t.field) out.push(pointerOf(base, actualPath(item, t.field)));
        for (const r of refsOf(t)) out.push(pointerOf(base, actualPath(item, r)));
    }
  }
}

/** A list by the check's plain name for it (its `items`: "firewall profiles"), else in words (plainField): its `where` is stated by plain names too. */
function listName(field: string, ctx: EvalContext): string {
  return plainField(field, ctx);
}

/** A test's expected value as its description states it: a parameter no organisation defined by its title and what that means (unsetParamText). */
function describedExpected(t: Test, ctx: EvalContext): unknown {
  const e = resolveExpected(t.expected, ctx);
  const unset = paramRefsOf(t).filter((id) => {
    const v = ctx.param(id).value;
    return v === null || v === undefined;
  });
  if (unset.length) return unset.map((id) => unsetParamText(id, ctx)).join(', ');
  // A list with no default that nobody filled (reviewed-directory-groups) is compared as empty, and said to be undefined, not "(none)".
  const empty = paramRefsOf(t).filter((id) => paramValueText(ctx.param(id)) === `(${NOT_DEFINED})`);
  return empty.length ? empty.map((id) => `${paramTitle(id, ctx)}, which the organisation has not defined (none)`).join(', ') : e;
}

function collectionDescription(test: Test, ctx: EvalContext): { expected: string; scope: string } {
  const field = test.field ?? '';
  // A test without a field (an all-of/any-of) is its description alone: no blank name before it;
  // undescribed, its parts joined, each naming its field as evalCombinator's do.
  const describeOne = (t: Test): string =>
    t.describe == null && (t.operator === 'all-of' || t.operator === 'any-of')
      ? (t.tests ?? []).map((p) => namedPart(p, describeOne(p), ctx)).join(t.operator === 'all-of' ? ' and ' : ' or ')
      : t.describe ?? describeScalar(t.operator, describedExpected(t, ctx), t.field, ctx);
  // An item's field by the check's plain name, as a compound's parts (a nested list keeps its path).
  const describeAll = (tests: Test[] | undefined) =>
    (tests ?? []).map((t) => (t.field && !COMPOUND.has(t.operator) ? namedPart(t, describeOne(t), ctx) : [t.field && listName(t.field, ctx), describeOne(t)].filter(Boolean).join(' '))).join(' and ');
  const whereText = describeAll(test.where);
  const scope = whereText ? ` where ${whereText}` : '';
  const list = listName(field, ctx);
  const expected = test.describe ?? (test.operator === 'every' ? `each of the ${list}${scope}: ${describeAll(test.tests)}` : test.operator === 'some' ? `at least one of the ${list}${scope} with ${describeAll(test.tests)}` : `no ${list}${scope} with ${describeAll(test.tests)}`);
  return { expected, scope };
}

/** Why an item could not be judged, naming the item and its list as the texts do: "public, one of the firewall profiles: ...". */
function itemReason(field: string, label: string, reason: string, ctx: EvalContext): string {
  return field === '' ? `${label}: ${reason}` : `${label}, one of the ${listName(field, ctx)}: ${reason}`;
}

/**
 * The values of a list of plain texts none of which passes a `some` (["none"]: an item test without
 * a field compares the item itself), as failing values of the list, so the result states them.
 */
function someFailFacts(test: Test, items: readonly unknown[], failed: readonly number[], field: string, ctx: EvalContext): Fact[] {
  const facts: Fact[] = [];
  // Only the item tests that can state the item itself are evaluated again: the others' texts and facts
  // were built and dropped (the LDAP checks' `some` source = ldap: every account of every device not in a directory).
  const tests = (test.tests ?? []).filter(mayStateItself);
  if (tests.length === 0) return facts;
  for (const i of failed) {
    for (const o of tests.map((t) => evaluateTest(t, items[i], ctx))) {
      for (const f of o.facts ?? []) if (!f.ok && f.field === '' && f.item === undefined) facts.push({ field, value: f.value, ok: false });
    }
  }
  return facts;
}

const STATES_ITSELF = new WeakMap<Test, boolean>();
/**
 * Whether evaluating `t` on an item can give a fact someFailFacts keeps (no field, no item). A
 * scalar test with a field states only facts of that field (evalScalar, absentOutcome), an
 * all-of/any-of only its parts' facts; a list may (its "none listed"). A test comparing with a
 * parameter is kept all the same: its evaluation records the parameter as used (resolveExpected),
 * which its status alone may not have done (an absent value).
 */
function mayStateItself(t: Test): boolean {
  let may = STATES_ITSELF.get(t);
  if (may === undefined) {
    if (t.operator === 'all-of' || t.operator === 'any-of') may = (t.tests ?? []).some(mayStateItself);
    else if (COMPOUND.has(t.operator)) may = true;
    else may = !t.field || paramRefsOf(t).length > 0;
    STATES_ITSELF.set(t, may);
  }
  return may;
}

function evalCollection(test: Test, root: unknown, ctx: EvalContext, base: string): TestOutcome {
  const field = test.field ?? '';
  const raw = field === '' ? root : getPath(root, field);
  const listPointer = field === '' ? base : pointerOf(base, field);
  const sub = test.tests ?? [];
  const where = test.where ?? NO_TESTS;
  const scope = test.where?.length ? cachedDescription(test.where, ctx, () => collectionDescription(test, ctx).scope) : '';
  const expected = cachedDescription(test, ctx, () => collectionDescription(test, ctx).expected);
  if (raw === undefined) return absentOutcome(test, expected, [field], [listPointer], root, ctx);
  // An item test against a value no organisation defined decides nothing, for any item.
  const unset = unsetParams(test, ctx);
  if (unset) return nc(expected, [], [listPointer], unset);
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  const itemBase = (i: number) => (Array.isArray(raw) ? `${listPointer}/${i}` : listPointer);
  /** A verdict that rests on what the list lacks, unless the list is known to be partial. */
  const whole = (o: TestOutcome): TestOutcome => {
    const partial = listPartial(field, root, ctx);
    return partial === undefined ? o : nc(expected, [], o.pointers, [`${partial}: ${o.status === 'pass' ? 'a pass' : `"${o.observed}"`} would rest on items it may lack`]);
  };

  if (test.minItems !== undefined && items.length < test.minItems) {
    return whole({ status: 'fail', observed: `${items.length} item(s)`, expected: `${expected} (at least ${test.minItems} items)`, problems: [`only ${items.length} of the required ${test.minItems} ${listName(field, ctx)} present`], pointers: [listPointer], missing: [], facts: [], items: { checked: items.length, failing: 0, required: test.minItems } });
  }

  const missing: string[] = [];
  /** Why an item's value could not be judged although it is there (a date after collection): never dropped. */
  const unjudged: string[] = [];
  const offending: string[] = [];
  const found: unknown[] = [];
  const facts: Fact[] = [];
  const pointers: string[] = [listPointer];
  /** The item fields found missing, as coverage names them ("encryption.volumes[].keyProtectors"). */
  const itemScopes = new Set<string>();
  let selected = 0;
  /** `some`: the items judged that do not pass, whose values a fail states. */
  const failed: number[] = [];
  const selects = whereFilterOf(where);
  const { choosing, leave } = enterItems(field, root, ctx);
  try {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const whereStatus = selects(item, choosing);
      if (whereStatus === 'fail' || whereStatus === 'not-applicable') continue;
      if (whereStatus === 'not-collected') {
        if (harmlessUnselected(test, sub, item, ctx)) {
          pointersOf(where, item, itemBase(i), pointers);
          pointersOf(sub, item, itemBase(i), pointers);
          continue;
        }
        const detail = where.map((t) => evaluateTest(t, item, choosing, itemBase(i)));
        missing.push(...detail.flatMap((w) => w.missing.map((m) => itemPath(field, itemLabel(item, i, test.label), m))));
        unjudged.push(...detail.flatMap((w) => (w.reasons ?? []).map((r) => itemReason(field, itemLabel(item, i, test.label), r, ctx))));
        continue;
      }
      selected++;
      const { allPass, anyMissing } = test.operator === 'none' ? underNoneJudged(() => itemTestsStatus(sub, item, ctx)) : itemTestsStatus(sub, item, ctx);
      if (test.operator === 'some') {
        if (allPass && !anyMissing) {
          pointersOf(where, item, itemBase(i), pointers);
          pointersOf(sub, item, itemBase(i), pointers);
          const label = itemLabel(item, i, test.label);
          const seen = sub.map((t) => evaluateTest(t, item, ctx, itemBase(i)).observed).join(', ');
          // An item of plain text is named by its value: said once ("dc01", not "dc01: dc01").
          return { status: 'pass', observed: seen === label ? label : `${label}: ${seen}`, expected, problems: [], pointers, missing: [] };
        }
        if (itemOpen(allPass, anyMissing)) {
          const outcomes = sub.map((t) => evaluateTest(t, item, ctx, itemBase(i)));
          missing.push(...outcomes.flatMap((o) => o.missing.map((m) => itemPath(field, itemLabel(item, i, test.label), m))));
          for (const o of outcomes) for (const m of o.missing) itemScopes.add(itemPath(field, '', m));
          unjudged.push(...outcomes.flatMap((o) => (o.reasons ?? []).map((r) => itemReason(field, itemLabel(item, i, test.label), r, ctx))));
        } else {
          pointersOf(sub, item, itemBase(i), pointers);
          failed.push(i);
        }
        continue;
      }
      const decisive = test.operator === 'every' ? !allPass : allPass && !anyMissing;
      if (!decisive && !itemOpen(allPass, anyMissing)) {
        // A compliant item is evidence too: its values are cited, without building its texts.
        const at = itemBase(i);
        pointersOf(where, item, at, pointers);
        pointersOf(sub, item, at, pointers);
        continue;
      }
      // Only the items that decide or block the verdict get their full texts.
      const judge = () => sub.map((t) => evaluateTest(t, item, ctx, itemBase(i)));
      const outcomes = test.operator === 'none' ? underNoneJudged(judge) : judge();
      const label = itemLabel(item, i, test.label);
      if (!decisive) {
        missing.push(...outcomes.flatMap((o) => o.missing.map((m) => itemPath(field, label, m))));
        for (const o of outcomes) for (const m of o.missing) itemScopes.add(itemPath(field, '', m));
        unjudged.push(...outcomes.flatMap((o) => (o.reasons ?? []).map((r) => itemReason(field, label, r, ctx))));
        continue;
      }
      pointers.push(...outcomes.flatMap((o) => o.pointers));
      found.push(item);
      const itemName = (f: Fact) => (f.item ? `${label} › ${f.item}` : label);
      if (test.operator === 'every') {
        offending.push(`${label}: ${outcomes.filter((o) => o.status === 'fail').map((o) => o.problems.join('; ')).join('; ')}`);
        for (const o of outcomes) for (const f of o.facts ?? []) if (!f.ok) facts.push({ ...f, item: itemName(f) });
      } else {
        offending.push(`${label}: ${outcomes.map((o) => o.observed).join(', ')}`);
        // An item that matches what must not be there: each of its values counts against it.
        for (const o of outcomes) for (const f of o.facts ?? []) facts.push({ ...f, item: itemName(f), ok: false });
      }
    }
  } finally {
    leave();
  }
  if (found.length && test.ifFound === 'not-collected') {
    // The items found say the verdict's data was not collected: not a fail, never a pass.
    return nc(expected, [], pointers, found.map((item) => foundMeans(test, item)));
  }
  if (offending.length) {
    const noun = test.operator === 'every' ? 'not compliant' : 'matching';
    // Items not judged beside the failing ones are named all the same (the fail decides).
    const open = [...unjudged, ...missing.map((m) => `${m} not collected`)];
    return { status: 'fail', observed: `${offending.length} of ${selected} ${noun}: ${offending.join(' | ')}`, expected, problems: offending, pointers, missing: [], ...(open.length ? { reasons: open } : {}), facts, items: { checked: selected, failing: offending.length } };
  }
  // An item that could not be judged (missing a value, or one no rule can read) leaves the verdict open.
  if (missing.length || unjudged.length) {
    // Why an item's value is absent, where its source says so (a cell PowerShell did not expand).
    const notes = atTop(root, ctx) ? [...itemScopes].flatMap((f) => absenceNotes(ctx.snapshot, f, namerOf(ctx))) : [];
    return nc(expected, missing, pointers, [...unjudged, ...new Set(notes)]);
  }
  if (test.operator === 'some') {
    const status = selected === 0 ? test.ifEmpty ?? 'fail' : 'fail';
    const what = selected === 0 ? `no ${listName(field, ctx)}${scope}` : `none of the ${selected} ${listName(field, ctx)}${scope} passes`;
    return whole({ status, observed: what, expected, problems: status === 'fail' ? [what] : [], pointers, missing: [], ...(selected > 0 ? { facts: someFailFacts(test, items, failed, field, ctx) } : {}) });
  }
  if (selected === 0) {
    const empty = test.ifEmpty ?? 'pass';
    // A required item that is not there: named by the test's own description where it has one.
    const none: Fact[] = empty === 'fail' ? [{ ...(test.describe ? { item: test.describe } : {}), field: '', value: 'none listed', ok: false }] : [];
    return whole({ status: empty, observed: `no ${listName(field, ctx)}${scope}`, expected, problems: empty === 'fail' ? [`no ${listName(field, ctx)}${scope}`] : [], pointers, missing: [], facts: none, items: empty === 'fail' ? { checked: 1, failing: 1 } : { checked: 0, failing: 0 } });
  }
  // A rule over one object (audit.timeSync), not a list, checked no items: "1 checked, all
  // compliant" and "time synchronisation states: 1 checked" counted nothing an assessor can find.
  const passed: TestOutcome = Array.isArray(raw)
    ? { status: 'pass', observed: `${selected} checked, all compliant`, expected, problems: [], pointers, missing: [], facts: [], items: { checked: selected, failing: 0 } }
    : { status: 'pass', observed: AS_REQUIRED, expected, problems: [], pointers, missing: [], facts: [] };
  return test.byIdentity ? passed : whole(passed);
}

// ---------------------------------------------------------------------------------------------
// How long a verdict holds as the clock moves on (evidence age, docs/checks.md "Evidence age").
// Ages are judged at collection; the rules that depend on the clock (max-age-*, min-remaining-days,
// older-than-days) flip at a moment the snapshot itself fixes. `holdsUntil` finds, for a test's
// current status, the last instant that status still holds with every value unchanged: the
// moment a passing signature-age rule lapses, an idle-account rule starts matching, ...
// It mirrors statusOf case by case, and is only asked about checks that read the clock.

/** The last instant (ms) a status holds, and the rule that ends it (for messages). */
export interface Bound {
  ms: number;
  rule?: string;
  /**
   * Set when `ms` is the earliest of the instants a console-local time whose zone is unknown may
   * be (placements()): the status may turn from `ms` on, and has turned in every zone at `latestMs`.
   */
  latestMs?: number;
  /** With latestMs: what the turn depends on ("the zone") and how the two ends are named ("at UTC+14:00"). */
  on?: string;
  ends?: [string, string];
}

const FOREVER: Bound = { ms: Infinity };

/** The bound picked by `pick`, its latestMs the same pick of both bounds' latest turns (a zone-unknown time's, else ms). */
function combined(a: Bound, b: Bound, pick: (x: number, y: number) => number): Bound {
  const chosen = pick(a.ms, b.ms) === b.ms && b.ms !== a.ms ? b : a;
  if (a.latestMs === undefined && b.latestMs === undefined) return chosen;
  const last = pick(a.latestMs ?? a.ms, b.latestMs ?? b.ms);
  const { latestMs: _, on: _on, ends: _ends, ...rest } = chosen;
  const labels = chosen.latestMs !== undefined ? chosen : a.latestMs !== undefined ? a : b;
  return last > chosen.ms ? { ...rest, latestMs: last, ...(labels.on ? { on: labels.on } : {}), ...(labels.ends ? { ends: labels.ends } : {}) } : rest;
}
function earliest(a: Bound, b: Bound): Bound {
  return combined(a, b, Math.min);
}
function latest(a: Bound, b: Bound): Bound {
  return combined(a, b, Math.max);
}

/** A clock rule as a result's reason states it: by the check's plain name for its field, else in words (plainField). */
function namedRule(test: Test, ctx: EvalContext, phrase: string): string {
  return statedPart(test.operator, plainField(test.field ?? '', ctx), phrase);
}

/** Until when a scalar comparison keeps its result (the clock only moves forward). */
function scalarHolds(test: Test, root: unknown, ctx: EvalContext, status: TestStatus): Bound {
  const v = getPath(root, test.field ?? '');
  if (v === undefined) return FOREVER;
  if (test.alsoPass && includesLoose(test.alsoPass, v)) return FOREVER;
  const e = resolveExpected(test.expected, ctx, root);
  if (test.operator === 'listed-until') {
    // A pass holds through its entry's last day where it ends first (UTC+14:00), and has lapsed in
    // every zone once the day is over at UTC-12:00; a fail (not listed, or listed until an earlier
    // day) stays a fail.
    const entry = status === 'pass' ? listedEntry(v, e) : undefined;
    if (!entry || !Number.isFinite(entry.lastMs)) return FOREVER;
    return { ms: entry.lastMs, rule: namedRule(test, ctx, `${show(v)} listed until ${entry.day}`), latestMs: entry.latestMs, on: `the zone (${entry.day} is a calendar day with no time zone)`, ends: ['at UTC+14:00', 'at UTC-12:00'] };
  }
  // A local time whose zone is unknown: its earliest instant is the first to age past a bound,
  // where the outcome turns (to not collected, until every instant has) (placements()).
  const p = placements(v);
  const t = toMs(p?.[0] ?? v);
  if (typeof e !== 'number' || t === undefined) return FOREVER;
  const rule = namedRule(test, ctx, describeScalar(test.operator, e));
  const turns = (at: number): number | undefined => {
    switch (test.operator) {
      case 'max-age-days':
      case 'max-age-hours':
        // passes while clock - t <= e units; a fail never turns back into a pass
        // from collection for a date within the skew after it: age 0 then, not younger than 0
        return status === 'pass' ? ageFrom(at, ctx) + e * (test.operator === 'max-age-days' ? DAY_MS : HOUR_MS) : undefined;
      case 'min-remaining-days':
        return status === 'pass' ? at - e * DAY_MS : undefined;
      case 'older-than-days':
        // true once clock - t > e days, and true for ever after
        return status === 'pass' ? undefined : ageFrom(at, ctx) + e * DAY_MS;
      default:
        return undefined;
    }
  };
  const ms = turns(t);
  if (ms === undefined) return FOREVER;
  // The zone unknown: the status may turn at the earliest instant's bound, and has in every zone at the latest's.
  const latest = p ? turns(toMs(p[1])!) : undefined;
  if (latest === undefined || latest === ms) return { ms, rule };
  const { on, ends } = uncertainty(v as string);
  return { ms, rule, latestMs: latest, on, ends };
}

/** Until when a list of tests (all must pass: `where`, or a collection item's `tests`) keeps its outcome. */
function conjunctionHolds(tests: readonly Test[], item: unknown, ctx: EvalContext, prune = true): Bound {
  // No clock rule in any of them: each keeps its status for ever, and so does the list (no status needed).
  if (prune && tests.every((t) => clockReach(t) === 'none')) return FOREVER;
  let allPass = true;
  const statuses = tests.map((t) => statusOf(t, item, ctx));
  for (const s of statuses) if (s !== 'pass' && s !== 'not-applicable') allPass = false;
  if (allPass) {
    let b = FOREVER;
    tests.forEach((t, i) => (b = earliest(b, holdsUntil(t, item, ctx, statuses[i]!, prune))));
    return b;
  }
  // Not all pass: holds while any of the failing ones keeps failing.
  let b: Bound = { ms: -Infinity };
  tests.forEach((t, i) => {
    if (statuses[i] === 'fail') b = latest(b, holdsUntil(t, item, ctx, 'fail', prune));
  });
  return b.ms === -Infinity ? FOREVER : b;
}

/**
 * How far the clock reaches into a test, so holdsUntil walks only what a clock rule can change
 * (it used to evaluate every part's status again, clock rule or not: 11% of TLS-CERTIFICATE's time).
 * - `none`: no clock rule and no list inside: whatever its status, it holds for ever (a scalar
 *   comparison without a clock rule never turns; a combination of such never does either).
 * - `list`: a some / every / none with no clock rule, whose where and tests are all `none`: holds
 *   for ever when it passes (each kept item's tests hold for ever), else only at collection
 *   (holdsUntil's conservative answer for a list that does not pass, status alone decides it).
 * - `clock`: anything else, walked.
 * The same answers the full walk gives (test/holds-until-pruned.property.test.ts).
 */
type ClockReach = 'none' | 'list' | 'clock';

const CLOCK_REACH = new WeakMap<Test, ClockReach>();
function clockReach(test: Test): ClockReach {
  let r = CLOCK_REACH.get(test);
  if (r === undefined) CLOCK_REACH.set(test, (r = reachOf(test)));
  return r;
}
function reachOf(test: Test): ClockReach {
  const inner = [...(test.where ?? []), ...(test.tests ?? [])];
  switch (test.operator) {
    case 'all-of':
    case 'any-of':
      return inner.every((t) => clockReach(t) === 'none') ? 'none' : 'clock';
    case 'some':
    case 'every':
    case 'none':
      return inner.every((t) => clockReach(t) === 'none') ? 'list' : 'clock';
    default:
      return CLOCK_OPERATORS.has(test.operator) ? 'clock' : 'none';
  }
}
/** The operators whose verdict the clock alone can turn (scalarHolds' cases). */
export const CLOCK_OPERATORS: ReadonlySet<string> = new Set(['max-age-days', 'max-age-hours', 'min-remaining-days', 'older-than-days', 'listed-until']);

/**
 * Whether a list's status at collection is one holdsUntil follows past collection: a pass, or not
 * applicable (nothing selected, `if-empty: not-applicable`), which an all-of counts as passing. A
 * list's other statuses hold only at collection (conservative: the items deciding them are not
 * tracked). Not applicable read as "not a pass" made an all-of's pass lapse at its own collection.
 */
function keptBySelection(status: TestStatus): boolean {
  return status === 'pass' || status === 'not-applicable';
}

/**
 * The last instant `test` keeps `status` (its status at collection) as the clock moves on, all
 * values unchanged. Infinity when no clock rule can change it. Conservative where a rule's effect
 * is not tracked (a collection nested inside a failing item): the status may change at once.
 */
export function holdsUntil(test: Test, root: unknown, ctx: EvalContext, status?: TestStatus, prune = true): Bound {
  // `prune` false walks every part, as before clockReach: kept as the reference the property test compares with.
  if (prune) {
    const reach = clockReach(test);
    if (reach === 'none') return FOREVER;
    if (reach === 'list') return keptBySelection(status ?? statusOf(test, root, ctx)) ? FOREVER : { ms: ctx.collectedAtMs };
  }
  status ??= statusOf(test, root, ctx);
  switch (test.operator) {
    case 'all-of':
    case 'any-of': {
      const tests = test.tests ?? [];
      const deciding = test.operator === 'all-of' ? (status === 'pass' ? 'all' : 'failing') : status === 'pass' ? 'passing' : 'all';
      if (deciding === 'all') {
        // all-of pass: every part must keep passing; any-of fail: every part must keep failing.
        // A part no clock rule reaches keeps its status for ever: neither it nor its status is needed.
        let b = FOREVER;
        for (const t of tests) if (!prune || clockReach(t) !== 'none') b = earliest(b, holdsUntil(t, root, ctx, statusOf(t, root, ctx), prune));
        return b;
      }
      // all-of fail: holds while one failing part keeps failing; any-of pass: while one passing part keeps passing
      const want = deciding === 'failing' ? 'fail' : 'pass';
      let b: Bound = { ms: -Infinity };
      for (const t of tests) {
        const s = statusOf(t, root, ctx);
        if (s !== want) continue;
        // One deciding part no clock rule reaches decides for ever.
        if (prune && clockReach(t) === 'none') return FOREVER;
        b = latest(b, holdsUntil(t, root, ctx, s, prune));
      }
      return b.ms === -Infinity ? FOREVER : b;
    }
    case 'some': {
      if (!keptBySelection(status)) return { ms: ctx.collectedAtMs };
      const raw = (test.field ?? '') === '' ? root : getPath(root, test.field ?? '');
      const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
      // Not applicable (`if-empty`, nothing selected): holds while no item comes to be selected.
      if (status === 'not-applicable') return items.reduce<Bound>((b, item) => earliest(b, conjunctionHolds(test.where ?? [], item, ctx, prune)), FOREVER);
      // holds while one kept item keeps passing (and stays kept)
      let b: Bound = { ms: -Infinity };
      const choosing = selectingCtx(ctx); // one object per context: looked up once, not per item
      for (const item of items) {
        if (whereStatusOf(test.where ?? [], item, choosing) !== 'pass') continue;
        const { allPass, anyMissing } = itemTestsStatus(test.tests ?? [], item, ctx);
        if (allPass && !anyMissing) b = latest(b, earliest(conjunctionHolds(test.where ?? [], item, ctx, prune), conjunctionHolds(test.tests ?? [], item, ctx, prune)));
      }
      return b.ms === -Infinity ? FOREVER : b;
    }
    case 'every':
    case 'none': {
      // Not applicable (`if-empty`, nothing selected) is walked as a pass: no item is kept, and it
      // holds while the selection stays as it is.
      if (!keptBySelection(status)) return { ms: ctx.collectedAtMs };
      const field = test.field ?? '';
      const raw = field === '' ? root : getPath(root, field);
      if (raw === undefined) return FOREVER;
      const items: unknown[] = Array.isArray(raw) ? raw : [raw];
      let b = FOREVER;
      const choosing = selectingCtx(ctx);
      for (const item of items) {
        // A change of selection can add an offending item (or empty the selection).
        b = earliest(b, conjunctionHolds(test.where ?? [], item, ctx, prune));
        const chosen = whereStatusOf(test.where ?? [], item, choosing);
        // An item whose `where` is not collected left the pass standing only while its tests clear
        // it (harmlessUnselected): the pass holds as long as they do.
        if (chosen === 'not-collected') b = earliest(b, conjunctionHolds(test.tests ?? [], item, ctx, prune));
        if (chosen !== 'pass') continue;
        // every: each kept item keeps passing all its tests; none: each keeps failing one of them
        b = earliest(b, conjunctionHolds(test.tests ?? [], item, ctx, prune));
      }
      return b;
    }
    default:
      return scalarHolds(test, root, ctx, status);
  }
}
