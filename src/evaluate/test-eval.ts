// Evaluates one catalog Test against plain data. Pure: the clock is the snapshot's collectedAt.
// Three-valued on purpose: a value that is absent is "not collected", never a pass.
import type { ParamRef, Test } from '../catalog/types.js';

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
  descriptions?: WeakMap<object, string>;
}

/** `key` is the test, or a part of it (its `where` list) for a second text about the same test. */
function cachedDescription(test: object, ctx: EvalContext, make: () => string): string {
  const cache = ctx.descriptions;
  if (!cache) return make();
  let d = cache.get(test);
  if (d === undefined) cache.set(test, (d = make()));
  return d;
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
    if (root === undefined) return `the value of ${expected.field}`;
    const v = getPath(root, expected.field);
    return v === undefined ? ABSENT : v;
  }
  if (Array.isArray(expected)) return expected.map((e) => resolveExpected(e, ctx, root));
  return expected;
}

function fieldRefs(expected: unknown, out: string[] = []): string[] {
  if (isFieldRef(expected)) out.push(expected.field);
  else if (Array.isArray(expected)) expected.forEach((e) => fieldRefs(e, out));
  return out;
}

function hasAbsent(x: unknown): boolean {
  return x === ABSENT || (Array.isArray(x) && x.some(hasAbsent));
}

const SPLIT = new Map<string, string[]>();
function segments(path: string): string[] {
  let segs = SPLIT.get(path);
  if (!segs) SPLIT.set(path, (segs = path.split('.')));
  return segs;
}

/** Looks a dotted path up; a key not found as written is matched case-insensitively (registry names). */
function getPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const key of segments(path)) {
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

const POINTER_SUFFIX = new Map<string, string>();
function pointerOf(base: string, path: string): string {
  let suffix = POINTER_SUFFIX.get(path);
  if (suffix === undefined) {
    suffix = '/' + segments(path).map((k) => k.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    POINTER_SUFFIX.set(path, suffix);
  }
  return base + suffix;
}

export function show(v: unknown): string {
  if (v === undefined) return 'not collected';
  if (v === null) return 'none';
  if (typeof v === 'string') return v === '' ? '(empty)' : v;
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.map(show).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function lower(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v;
}
function includesLoose(list: unknown[], v: unknown): boolean {
  const lv = lower(v);
  return list.some((x) => lower(x) === lv);
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

function describeScalar(op: string, e: unknown): string {
  switch (op) {
    case 'equals': return `= ${show(e)}`;
    case 'not-equals': return `not ${show(e)}`;
    case 'at-least': return `at least ${show(e)}`;
    case 'at-most': return `at most ${show(e)}`;
    case 'greater-than': return `more than ${show(e)}`;
    case 'less-than': return `less than ${show(e)}`;
    case 'contains-any': return `includes at least one of: ${show(e)}`;
    case 'not-matches': return `does not match /${show(e)}/`;
    case 'between': {
      const [lo, hi] = Array.isArray(e) ? e : [];
      return `between ${show(lo)} and ${show(hi)}`;
    }
    case 'one-of': return `one of: ${show(e)}`;
    case 'none-of': return `none of: ${show(e)}`;
    case 'contains': return `includes ${show(e)}`;
    case 'not-contains': return `does not include ${show(e)}`;
    case 'contains-none': return `includes none of: ${show(e)}`;
    case 'subset-of': return `only: ${show(e)}`;
    case 'not-empty': return 'set (not empty)';
    case 'matches': return `matches /${show(e)}/`;
    case 'max-age-days': return `at most ${show(e)} days old at collection`;
    case 'max-age-hours': return `at most ${show(e)} hours old at collection`;
    case 'min-remaining-days': return `valid for at least ${show(e)} more days at collection`;
    case 'older-than-days': return `more than ${show(e)} days before collection`;
    case 'version-at-least': return `version at least ${show(e)}`;
    default: return `${op} ${show(e)}`;
  }
}

function toMs(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** Scalar comparison. Returns undefined when the value has the wrong type to be judged. */
function compare(op: string, v: unknown, e: unknown, ctx: EvalContext): boolean | undefined {
  switch (op) {
    case 'equals': return lower(v) === lower(e);
    case 'not-equals': return lower(v) !== lower(e);
    case 'at-least': return typeof v === 'number' && typeof e === 'number' ? v >= e : undefined;
    case 'at-most': return typeof v === 'number' && typeof e === 'number' ? v <= e : undefined;
    case 'greater-than': return typeof v === 'number' && typeof e === 'number' ? v > e : undefined;
    case 'less-than': return typeof v === 'number' && typeof e === 'number' ? v < e : undefined;
    case 'contains-any': return Array.isArray(v) && Array.isArray(e) ? v.some((x) => includesLoose(e, x)) : undefined;
    case 'not-matches': return typeof v === 'string' && typeof e === 'string' ? !regex(e).test(v) : undefined;
    case 'between': {
      if (typeof v !== 'number' || !Array.isArray(e)) return undefined;
      const [lo, hi] = e as [number, number];
      return v >= lo && v <= hi;
    }
    case 'one-of': return Array.isArray(e) ? includesLoose(e, v) : undefined;
    case 'none-of': return Array.isArray(e) ? !includesLoose(e, v) : undefined;
    case 'contains': return Array.isArray(v) ? includesLoose(v, e) : undefined;
    case 'not-contains': return Array.isArray(v) ? !includesLoose(v, e) : undefined;
    case 'contains-none': return Array.isArray(v) && Array.isArray(e) ? !v.some((x) => includesLoose(e, x)) : undefined;
    case 'subset-of': return Array.isArray(v) && Array.isArray(e) ? v.every((x) => includesLoose(e, x)) : undefined;
    case 'not-empty':
      if (typeof v === 'string') return v.trim() !== '';
      if (Array.isArray(v)) return v.length > 0;
      if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
      return v !== null;
    case 'matches': return typeof v === 'string' && typeof e === 'string' ? regex(e).test(v) : undefined;
    case 'max-age-days':
    case 'max-age-hours': {
      const t = toMs(v);
      if (t === undefined || typeof e !== 'number') return undefined;
      // A date after collection is clock skew, not staleness: its age counts as zero.
      const age = Math.max(0, ctx.collectedAtMs - t);
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
      return ctx.collectedAtMs - t > e * DAY_MS;
    }
    case 'version-at-least':
      return typeof v === 'string' && typeof e === 'string' ? compareVersions(v, e) >= 0 : undefined;
    default:
      return undefined;
  }
}

const LABEL_FIELDS = ['name', 'aeTitle', 'mountPoint', 'subject', 'type', 'guid', 'id'];
function itemLabel(item: unknown, index: number, label?: string): string {
  if (item && typeof item === 'object') {
    const rec = item as Record<string, unknown>;
    for (const f of label ? [label] : LABEL_FIELDS) {
      const v = rec[f];
      if (typeof v === 'string' && v !== '') return v;
    }
  }
  return `#${index + 1}`;
}

function nc(expected: string, missing: string[], pointers: string[]): TestOutcome {
  return { status: 'not-collected', observed: 'not collected', expected, problems: [], pointers, missing };
}

/** Evaluates `test` on `root` (the snapshot, or an item of a list when nested). */
export function evaluateTest(test: Test, root: unknown, ctx: EvalContext, base = ''): TestOutcome {
  switch (test.operator) {
    case 'all-of':
    case 'any-of':
      return evalCombinator(test, root, ctx, base);
    case 'every':
    case 'none':
      return evalCollection(test, root, ctx, base);
    default:
      return evalScalar(test, root, ctx, base);
  }
}

function absentOutcome(test: Test, expected: string, missing: string[], pointers: string[]): TestOutcome {
  if (test.ifAbsent === undefined) return nc(expected, missing, pointers);
  return {
    status: test.ifAbsent,
    observed: 'not set',
    expected,
    problems: test.ifAbsent === 'fail' ? [`${missing.join(', ')} not set; expected ${expected}`] : [],
    pointers,
    missing: [],
    facts: missing.map((field) => ({ field, value: 'not set', ok: test.ifAbsent !== 'fail' })),
  };
}

function evalScalar(test: Test, root: unknown, ctx: EvalContext, base: string): TestOutcome {
  const field = test.field ?? '';
  const e = resolveExpected(test.expected, ctx, root);
  const refs = fieldRefs(test.expected);
  const shownE = refs.length ? resolveExpected(test.expected, ctx) : e;
  const expected = test.describe ?? (refs.length
    ? (hasAbsent(e) ? describeScalar(test.operator, shownE) : `${describeScalar(test.operator, shownE)} (${show(e)})`)
    : cachedDescription(test, ctx, () => describeScalar(test.operator, shownE)));
  const pointer = pointerOf(base, actualPath(root, field));
  const refPointers = refs.map((r) => pointerOf(base, actualPath(root, r)));
  const v = getPath(root, field);
  if (v === undefined) return absentOutcome(test, `${field} ${expected}`, [field], [pointer, ...refPointers]);
  if (hasAbsent(e)) return nc(`${field} ${expected}`, refs.filter((r) => getPath(root, r) === undefined), [pointer, ...refPointers]);
  const observed = show(v);
  const pointers = [pointer, ...refPointers];
  if (test.alsoPass && includesLoose(test.alsoPass, v)) {
    return { status: 'pass', observed, expected: `${expected} (or ${show(test.alsoPass)})`, problems: [], pointers, missing: [], facts: [{ field, value: observed, ok: true }] };
  }
  const ok = compare(test.operator, v, e, ctx);
  const fullExpected = test.alsoPass ? `${expected} (or ${show(test.alsoPass)})` : expected;
  if (ok === undefined) {
    return { status: 'fail', observed, expected: fullExpected, problems: [`${field} = ${observed} cannot be judged by "${test.operator}"`], pointers, missing: [], facts: [{ field, value: observed, ok: false }] };
  }
  return {
    status: ok ? 'pass' : 'fail',
    observed,
    expected: fullExpected,
    problems: ok ? [] : [`${field} = ${observed}, expected ${fullExpected}`],
    pointers,
    missing: [],
    facts: [{ field, value: observed, ok }],
  };
}

function evalCombinator(test: Test, root: unknown, ctx: EvalContext, base: string): TestOutcome {
  const parts = (test.tests ?? []).map((t) => evaluateTest(t, root, ctx, base));
  const pointers = parts.flatMap((p) => p.pointers);
  const missing = parts.flatMap((p) => p.missing);
  const joiner = test.operator === 'all-of' ? ' and ' : ' or ';
  const expected = test.describe ?? parts.map((p) => p.expected).join(joiner);
  const observed = parts.map((p) => p.observed).join('; ');
  let status: TestStatus;
  if (test.operator === 'all-of') {
    status = parts.some((p) => p.status === 'fail') ? 'fail' : parts.some((p) => p.status === 'not-collected') ? 'not-collected' : 'pass';
  } else {
    status = parts.some((p) => p.status === 'pass') ? 'pass' : parts.some((p) => p.status === 'not-collected') ? 'not-collected' : 'fail';
  }
  const problems = status === 'fail' ? parts.flatMap((p) => p.problems) : [];
  const out: TestOutcome = { status, observed, expected, problems, pointers, missing: status === 'not-collected' ? missing : [], facts: parts.flatMap((p) => p.facts ?? []) };
  // The lists inside (one per audit subcategory, per AppLocker rule collection) add up.
  for (const p of parts) {
    if (!p.items) continue;
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
      return collectionStatus(test, root, ctx);
    default: {
      const v = getPath(root, test.field ?? '');
      if (v === undefined) return test.ifAbsent ?? 'not-collected';
      const e = resolveExpected(test.expected, ctx, root);
      if (hasAbsent(e)) return 'not-collected';
      if (test.alsoPass && includesLoose(test.alsoPass, v)) return 'pass';
      return compare(test.operator, v, e, ctx) === true ? 'pass' : 'fail';
    }
  }
}

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

/**
 * evalCollection's status without its texts, stopping at the first item that decides a fail.
 * Mirrors evalCollection case by case: an item whose `where` or tests are not collected adds a
 * missing path (a not-collected outcome always names one), a deciding item makes it fail.
 */
function collectionStatus(test: Test, root: unknown, ctx: EvalContext): TestStatus {
  const field = test.field ?? '';
  const raw = field === '' ? root : getPath(root, field);
  if (raw === undefined) return test.ifAbsent ?? 'not-collected';
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (test.minItems !== undefined && items.length < test.minItems) return 'fail';
  const where = test.where ?? [];
  const sub = test.tests ?? [];
  const every = test.operator === 'every';
  let missing = false;
  let selected = 0;
  for (const item of items) {
    const whereStatus = whereStatusOf(where, item, ctx);
    if (whereStatus === 'fail' || whereStatus === 'not-applicable') continue;
    if (whereStatus === 'not-collected') {
      missing = true;
      continue;
    }
    selected++;
    const { allPass, anyMissing } = itemTestsStatus(sub, item, ctx);
    if (every ? !allPass : allPass && !anyMissing) return 'fail';
    if (anyMissing) missing = true;
  }
  if (missing) return 'not-collected';
  if (selected === 0) return test.ifEmpty ?? 'pass';
  return 'pass';
}

function collectionDescription(test: Test, ctx: EvalContext): { expected: string; scope: string } {
  const field = test.field ?? '';
  const describeAll = (tests: Test[] | undefined) =>
    (tests ?? []).map((t) => `${t.field ?? ''} ${t.describe ?? describeScalar(t.operator, resolveExpected(t.expected, ctx))}`).join(' and ');
  const whereText = describeAll(test.where);
  const scope = whereText ? ` where ${whereText}` : '';
  const expected = test.describe ?? (test.operator === 'every' ? `every ${field}${scope}: ${describeAll(test.tests)}` : `no ${field}${scope} with ${describeAll(test.tests)}`);
  return { expected, scope };
}

function evalCollection(test: Test, root: unknown, ctx: EvalContext, base: string): TestOutcome {
  const field = test.field ?? '';
  const raw = field === '' ? root : getPath(root, field);
  const listPointer = field === '' ? base : pointerOf(base, field);
  const sub = test.tests ?? [];
  const where = test.where ?? [];
  const scope = test.where?.length ? cachedDescription(test.where, ctx, () => collectionDescription(test, ctx).scope) : '';
  const expected = cachedDescription(test, ctx, () => collectionDescription(test, ctx).expected);
  if (raw === undefined) return absentOutcome(test, expected, [field], [listPointer]);
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  const itemBase = (i: number) => (Array.isArray(raw) ? `${listPointer}/${i}` : listPointer);

  if (test.minItems !== undefined && items.length < test.minItems) {
    return { status: 'fail', observed: `${items.length} item(s)`, expected: `${expected} (at least ${test.minItems} items)`, problems: [`only ${items.length} of the required ${test.minItems} ${field} present`], pointers: [listPointer], missing: [], facts: [], items: { checked: items.length, failing: 0, required: test.minItems } };
  }

  const missing: string[] = [];
  const offending: string[] = [];
  const facts: Fact[] = [];
  const pointers: string[] = [listPointer];
  let selected = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const whereStatus = whereStatusOf(where, item, ctx);
    if (whereStatus === 'fail' || whereStatus === 'not-applicable') continue;
    if (whereStatus === 'not-collected') {
      const detail = where.map((t) => evaluateTest(t, item, ctx, itemBase(i)));
      missing.push(...detail.flatMap((w) => w.missing.map((m) => `${field}[${itemLabel(item, i, test.label)}].${m}`)));
      continue;
    }
    selected++;
    const { allPass, anyMissing } = itemTestsStatus(sub, item, ctx);
    const decisive = test.operator === 'every' ? !allPass : allPass && !anyMissing;
    if (!decisive && !anyMissing) continue;
    // Only the items that decide or block the verdict get their full texts.
    const outcomes = sub.map((t) => evaluateTest(t, item, ctx, itemBase(i)));
    const label = itemLabel(item, i, test.label);
    if (anyMissing && !(test.operator === 'every' && !allPass)) {
      missing.push(...outcomes.flatMap((o) => o.missing.map((m) => `${field}[${label}].${m}`)));
      continue;
    }
    pointers.push(...outcomes.flatMap((o) => o.pointers));
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
  if (offending.length) {
    const noun = test.operator === 'every' ? 'not compliant' : 'matching';
    return { status: 'fail', observed: `${offending.length} of ${selected} ${noun}: ${offending.join(' | ')}`, expected, problems: offending, pointers, missing: [], facts, items: { checked: selected, failing: offending.length } };
  }
  if (missing.length) return nc(expected, missing, pointers);
  if (selected === 0) {
    const empty = test.ifEmpty ?? 'pass';
    // A required item that is not there: named by the test's own description where it has one.
    const none: Fact[] = empty === 'fail' ? [{ ...(test.describe ? { item: test.describe } : {}), field: '', value: 'none listed', ok: false }] : [];
    return { status: empty, observed: `no ${field}${scope}`, expected, problems: empty === 'fail' ? [`no ${field}${scope}`] : [], pointers, missing: [], facts: none, items: empty === 'fail' ? { checked: 1, failing: 1 } : { checked: 0, failing: 0 } };
  }
  return { status: 'pass', observed: `${selected} checked, all compliant`, expected, problems: [], pointers, missing: [], facts: [], items: { checked: selected, failing: 0 } };
}
