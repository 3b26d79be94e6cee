// The first rule of the product, as a property over every check: no damaged, missing or odd value
// ever turns a check into "pass". For each check of the bundled catalog, each snapshot path it reads
// (src/catalog/check-paths.ts: its tests, `where`s, `applies-when`, field references, lists) and each
// mutation of that value (deleted, null, "", blanks, "Not Defined", "(null)", "N/A", number <-> text,
// object, array, a huge or negative number, "0x0", " 1 ", another form ("TCP/x"), a list emptied or
// with an entry twice), on the bundled samples (and DISA's real STIG GPO, ingested, when ../shared is present), through the
// loader every command uses (a refusal is never a pass):
//  - a value made absent, empty, a placeholder or of the wrong kind never yields "pass". Except what
//    the check declares: `if-absent` for a deleted value, `if-empty` for an emptied list; a field of a
//    list item the `where` does not select (it decides nothing); and a value read in one branch of an
//    any-of, where the check passes as well with that value simply unknown (another branch decides);
//  - nor "not applicable" that counts as satisfied (`not-applicable: satisfies`), but for a list
//    emptied (a list collected whole and empty says the feature is not in use);
//  - no mutation turns a check that was not "pass" into "pass" unless the check's declared
//    expectation accepts the new value (`accepts` below: written from the catalog's words, not the evaluator).
// Whole sections: removing a top-level section a check reads never gives a pass, but where its tests
// declare `if-absent` and the snapshot's coverage still says a complete source was read; removed with
// its coverage, never a pass nor a satisfying "not applicable" (no LDAP section does not say LDAP is off).
// MUTATION_ALL=1 adds a sweep over every case that lists every violation, for a person to read.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { checkPaths, type ReadPath } from '../src/catalog/check-paths.js';
import type { Check, Test } from '../src/catalog/types.js';
import { evaluateCheck, type CheckStatus, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { statusOf, type EvalContext, type ParamUse } from '../src/evaluate/test-eval.js';
import { ingestFiles } from '../src/ingest/index.js';
import { readSnapshot } from '../src/snapshot/load.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { mr01SourceDir } from './ingest/fixture-folder.js';
import { describeWithRealSamples, realSample } from './ingest/shared-samples.js';

const { checks, parameters } = loadCatalog();
const params: ResolvedParams = new Map<string, ParamUse>(parameters.map((p) => [p.id, { id: p.id, value: p.default, source: 'default' }]));
const paramValue = (id: string): unknown => params.get(id)?.value;

type Kind = 'absent' | 'empty' | 'placeholder' | 'wrong-type' | 'odd';
interface Mutation {
  name: string;
  kind: Kind;
  /** The new value (undefined: deleted), made from the value it replaces. */
  apply: (old: unknown) => unknown;
}

const DELETE = Symbol('delete');
const scalarMutations: Mutation[] = [
  { name: 'deleted', kind: 'absent', apply: () => DELETE },
  { name: 'null', kind: 'absent', apply: () => null },
  { name: 'empty string', kind: 'empty', apply: () => '' },
  { name: 'whitespace', kind: 'empty', apply: () => '   ' },
  { name: '"Not Defined"', kind: 'placeholder', apply: () => 'Not Defined' },
  { name: '"(null)"', kind: 'placeholder', apply: () => '(null)' },
  { name: '"N/A"', kind: 'placeholder', apply: () => 'N/A' },
  { name: 'number <-> string', kind: 'wrong-type', apply: (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? (Number.isFinite(Number(v)) && v.trim() !== '' ? Number(v) : 7) : typeof v === 'boolean' ? String(v) : 'text') },
  { name: 'object', kind: 'wrong-type', apply: () => ({ value: 1 }) },
  { name: 'array of it', kind: 'wrong-type', apply: (v) => (Array.isArray(v) ? { items: v } : [v]) },
  { name: 'an entry "N/A" more', kind: 'placeholder', apply: (v) => (Array.isArray(v) ? [...v, 'N/A'] : 'N/A') },
  { name: 'an entry twice', kind: 'odd', apply: (v) => (Array.isArray(v) && v.length ? [...v, v[0]] : v) },
  { name: 'huge number', kind: 'odd', apply: () => 2 ** 53 },
  { name: 'negative number', kind: 'odd', apply: () => -1 },
  { name: 'hex "0x0"', kind: 'odd', apply: () => '0x0' },
  { name: 'padded " 1 "', kind: 'odd', apply: () => ' 1 ' },
  // A value in a form nobody recognises ("TCP/x", "0x6", "Yes"): for a field a `where` selects by,
  // neither a value it selects nor a known other one, so the item may not silently drop out.
  { name: 'another form', kind: 'odd', apply: (v) => (typeof v === 'string' ? `${v}/x` : typeof v === 'number' ? `0x${v.toString(16)}` : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : v) },
];
const listMutations: Mutation[] = [
  { name: 'deleted', kind: 'absent', apply: () => DELETE },
  { name: 'null', kind: 'absent', apply: () => null },
  { name: 'empty list', kind: 'empty', apply: () => [] },
  { name: 'text', kind: 'wrong-type', apply: () => 'N/A' },
  { name: 'duplicated entry', kind: 'odd', apply: (v) => (Array.isArray(v) && v.length ? [...v, structuredClone(v[0])] : v) },
];

const ABSENT_LIKE: ReadonlySet<Kind> = new Set(['absent', 'empty', 'placeholder', 'wrong-type']);

/** The key of `rec` a path step finds: as written, else the one differing only in case (as the evaluator reads). */
function keyOf(rec: Record<string, unknown>, key: string): string | undefined {
  if (Object.hasOwn(rec, key)) return key;
  return Object.keys(rec).find((k) => k.toLowerCase() === key.toLowerCase());
}
function parentOf(root: unknown, path: string): { rec: Record<string, unknown>; key: string } | undefined {
  const keys = path.split('.');
  let cur = root;
  for (const k of keys.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    const hit = keyOf(cur as Record<string, unknown>, k);
    if (hit === undefined) return undefined;
    cur = (cur as Record<string, unknown>)[hit];
  }
  if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
  const rec = cur as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  return { rec, key: keyOf(rec, last) ?? last };
}
const valueAt = (root: unknown, path: string): unknown => {
  // No path: the value itself (a list's item, read by an item test without a field).
  if (path === '') return root;
  const p = parentOf(root, path);
  return p ? p.rec[p.key] : undefined;
};
function setAt(root: unknown, path: string, value: unknown): boolean {
  const p = parentOf(root, path);
  if (!p || !Object.hasOwn(p.rec, p.key)) return false;
  if (value === DELETE) delete p.rec[p.key];
  else p.rec[p.key] = value;
  return true;
}

/** The loader's view of a snapshot: refused (null) or validated and redacted, as every command reads one. */
function load(doc: unknown): Snapshot | null {
  try {
    return readSnapshot(Buffer.from(JSON.stringify(doc)), 'mutated.json').snapshot;
  } catch {
    return null;
  }
}
const statusOn = (check: Check, s: Snapshot | null): CheckStatus | 'refused' => (s === null ? 'refused' : evaluateCheck(check, s, params).status);

// ---- The oracle: does the check's declared expectation accept a value? Written from the catalog's
// words (docs/checks.md), independently of src/evaluate. 'unknown' where it cannot tell.
const norm = (v: unknown): unknown => (typeof v === 'string' ? v.trim().toLowerCase() : v);
function resolve(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(resolve);
  if (typeof e === 'object' && e !== null && 'param' in e) return paramValue(String((e as { param: string }).param));
  return e;
}
function accepts(t: Test, v: unknown): boolean | 'unknown' {
  if (v === DELETE || v === undefined) return t.ifAbsent === 'pass';
  if (t.alsoPass?.some((x) => norm(x) === norm(v))) return true;
  if (typeof t.expected === 'object' && t.expected !== null && !Array.isArray(t.expected) && 'field' in t.expected) return 'unknown';
  const e = resolve(t.expected);
  const num = typeof v === 'number' && Number.isFinite(v);
  switch (t.operator) {
    case 'equals': return typeof e === typeof v && norm(e) === norm(v);
    case 'at-least': return num && typeof e === 'number' && (v as number) >= e;
    case 'at-most': return num && typeof e === 'number' && (v as number) <= e;
    case 'greater-than': return num && typeof e === 'number' && (v as number) > e;
    case 'less-than': return num && typeof e === 'number' && (v as number) < e;
    case 'between': return num && Array.isArray(e) && (v as number) >= (e[0] as number) && (v as number) <= (e[1] as number);
    case 'one-of': return Array.isArray(e) && e.some((x) => typeof x === typeof v && norm(x) === norm(v));
    default: return 'unknown';
  }
}

/** Whether a declared field's known values hold `v` (texts without case and surrounding blanks, as the catalog compares). */
function knownHolds(k: NonNullable<ReadPath['known']>, v: unknown): boolean {
  return k.values.some((x) => norm(x) === norm(v)) || (typeof v === 'string' && k.form !== undefined && k.form.test(v.trim()));
}

// ---- The snapshots: the latest of each bundled sample console (and the real GPO, below).
const root = fileURLToPath(new URL('..', import.meta.url));
function bundledSamples(): Array<{ name: string; doc: Snapshot }> {
  const dir = join(root, 'samples');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && readdirSync(join(dir, e.name)).some((f) => f.endsWith('.json')))
    .map((e) => {
      const file = readdirSync(join(dir, e.name)).filter((f) => f.endsWith('.json')).sort().at(-1)!;
      return { name: `${e.name}/${file}`, doc: JSON.parse(readFileSync(join(dir, e.name, file), 'utf8')) as Snapshot };
    });
}

interface Case {
  sample: string;
  check: Check;
  read: ReadPath;
  mutation: Mutation;
  /** Every test reading the path that decides alone says what an absent value means (if-absent). */
  absenceDeclared: boolean;
}

/** Every (check, path, mutation) that applies to a snapshot: the value is there to mutate. */
function casesOf(sample: { name: string; doc: Snapshot }): Case[] {
  const out: Case[] = [];
  for (const check of checks) {
    const byPath = new Map<string, ReadPath[]>();
    for (const read of checkPaths(check)) {
      // An item itself (item '') is not the list (no item).
      const id = `${read.path}|${read.item === undefined ? '' : `[].${read.item}`}|${read.inWhere}`;
      byPath.set(id, [...(byPath.get(id) ?? []), read]);
    }
    for (const reads of byPath.values()) {
      // One path read by several tests: the decisive reading first; alternative only when every reading is.
      const read = { ...(reads.find((r) => !r.alternative) ?? reads[0]!), alternative: reads.every((r) => r.alternative) };
      const here = valueAt(sample.doc, read.path);
      if (here === undefined) continue;
      if (read.item !== undefined && !(Array.isArray(here) && here.some((x) => valueAt(x, read.item!) !== undefined))) continue;
      const list = read.item === undefined && read.test === undefined;
      for (const mutation of list ? listMutations : scalarMutations) out.push({ sample: sample.name, check, read, mutation, absenceDeclared: reads.every((r) => r.test?.ifAbsent !== undefined || r.alternative) });
    }
  }
  return out;
}

const ctxOf = (doc: Snapshot): EvalContext => ({ collectedAtMs: Date.parse(doc.collectedAt), param: (id) => params.get(id)!, used: new Map() });
/** Whether a list item is judged by the list's tests: it passes every `where` (statusOf on the item as collected). */
const selected = (where: readonly Test[], item: unknown, ctx: EvalContext): boolean => where.every((w) => statusOf(w, item, ctx) === 'pass');

interface Mutated {
  doc: Snapshot;
  value: unknown;
  /** The mutated list item, as collected, for an item field. */
  item?: unknown;
}

const same = (a: unknown, b: unknown): boolean => b !== DELETE && JSON.stringify(a) === JSON.stringify(b);

/** The mutated document. An item field is mutated in one item, picked by `index` among those holding it: for a field the list's tests read, among the items its `where` selects, where there are any (a field of an item not judged decides nothing). */
function mutate(doc: Snapshot, c: Case, index: number): Mutated | undefined {
  const copy = structuredClone(doc);
  if (c.read.item === undefined) {
    const old = valueAt(copy, c.read.path);
    const value = c.mutation.apply(old);
    if (same(old, value)) return undefined; // null on a null: nothing damaged
    return setAt(copy, c.read.path, value) ? { doc: copy, value } : undefined;
  }
  const all = valueAt(copy, c.read.path) as unknown[];
  const holding = all.map((x, i) => ({ x, i })).filter(({ x }) => valueAt(x, c.read.item!) !== undefined);
  const ctx = ctxOf(doc);
  const judged = c.read.inWhere ? [] : holding.filter(({ i }) => selected(c.read.list?.where ?? [], (valueAt(doc, c.read.path) as unknown[])[i], ctx));
  const pool = judged.length ? judged : holding;
  const { x, i } = pool[index % pool.length]!;
  const was = valueAt(x, c.read.item);
  const value = c.mutation.apply(was);
  if (same(was, value)) return undefined;
  const item = (valueAt(doc, c.read.path) as unknown[])[i];
  // The item itself (a server name of a list of them): replaced in its list; deleting it is a list's mutation.
  if (c.read.item === '') return value === DELETE ? undefined : ((all[i] = value), { doc: copy, value, item });
  return setAt(x, c.read.item, value) ? { doc: copy, value, item } : undefined;
}

/** The check's verdict when the value mutated is simply not known: deleted, and no test reading it told what absence means. */
function unknownStatus(c: Case, m: Mutated, base: Snapshot): CheckStatus | 'refused' {
  const doc = structuredClone(base);
  if (c.read.item === undefined) setAt(doc, c.read.path, DELETE);
  else {
    const i = (valueAt(base, c.read.path) as unknown[]).indexOf(m.item);
    const list = valueAt(doc, c.read.path) as unknown[];
    // An item itself not known: the list without it.
    if (c.read.item === '') list.splice(i, 1);
    else setAt(list[i], c.read.item, DELETE);
  }
  const field = c.read.item ?? c.read.path;
  const strip = (t: Test): Test => ({ ...t, ...(t.field === field ? { ifAbsent: undefined } : {}), ...(t.where ? { where: t.where.map(strip) } : {}), ...(t.tests ? { tests: t.tests.map(strip) } : {}) });
  const check: Check = { ...c.check, test: strip(c.check.test), ...(c.check.appliesWhen ? { appliesWhen: strip(c.check.appliesWhen) } : {}) };
  // Not through the loader: the schema may require the field (a service's name), and "unknown" is what is asked.
  return statusOn(check, doc);
}

/** Why a case's outcome breaks the rule, or undefined. */
function violation(c: Case, m: Mutated, base: Snapshot, before: CheckStatus | 'refused', after: CheckStatus | 'refused'): string | undefined {
  const t = c.read.test;
  const value = m.value;
  const where = `${c.check.id} on ${c.sample}: ${c.read.path}${c.read.item ? `[].${c.read.item}` : ''} ${c.mutation.name} (${value === DELETE ? 'deleted' : JSON.stringify(value)})`;
  const damaged = ABSENT_LIKE.has(c.mutation.kind);
  // Not applicable with `not-applicable: satisfies` counts toward a satisfied objective: the feature
  // must be shown off, never assumed off because the value saying so is damaged or missing.
  if (after === 'not-applicable' && before !== 'not-applicable' && c.check.notApplicable === 'satisfies' && damaged) {
    // A list collected whole and empty says the feature is not in use (no DICOM peer, no certificate):
    // what applies-when and if-empty: not-applicable declare. A list deleted says nothing.
    const declaredEmpty = c.mutation.kind === 'empty' && !t;
    if (!declaredEmpty && unknownStatus(c, m, base) !== 'not-applicable') return `${where}: ${before} -> not-applicable (counts as satisfied)`;
  }
  if (after !== 'pass') return undefined;
  if (damaged) {
    // Absent means what the tests reading it declare (if-absent), and nothing else.
    if (value === DELETE && c.absenceDeclared) return undefined;
    // A list emptied: a pass only where the list's own test accepts an empty list.
    if (!t && c.mutation.kind === 'empty' && (c.read.list?.ifEmpty ?? (c.read.list?.operator === 'some' ? 'fail' : 'pass')) === 'pass' && !c.read.list?.minItems) return undefined;
    // A field of an item the list's `where` does not select decides nothing...
    if (c.read.item !== undefined && !c.read.inWhere && !selected(c.read.list?.where ?? [], m.item, ctxOf(base))) return undefined;
    // ... nor one read by a `where` entry, on an item the other entries leave out anyway.
    if (c.read.inWhere && (c.read.list?.where ?? []).some((w) => w !== c.read.whereEntry && statusOf(w, m.item, ctxOf(base)) === 'fail')) return undefined;
    // ... nor one read by a `where`, on an item the list's tests clear whether it is chosen or not
    // (it passes them all under `every`, fails one under `none` or `some`): Kleene's rule
    // (test/combinators-three-valued.property.test.ts), with the list's default for an empty selection.
    const list = c.read.list;
    if (c.read.inWhere && list && list.ifEmpty === undefined && list.minItems === undefined && list.ifFound === undefined) {
      const st = (list.tests ?? []).map((u) => statusOf(u, m.item, ctxOf(base)));
      if (list.operator === 'every' ? st.every((x) => x === 'pass') : st.includes('fail')) return undefined;
    }
    // Read in one branch of an any-of: the check may pass without it, as it does with the value unknown.
    if (c.read.alternative && unknownStatus(c, m, base) === 'pass') return undefined;
    // The test's own expectation names the text ("^$" selects an empty SID).
    if (t && typeof value === 'string' && accepts(t, value) === true) return undefined;
    return `${where}: ${before} -> pass on an ${c.mutation.kind} value`;
  }
  if (before === 'pass') return undefined;
  if (!t) return c.mutation.name === 'duplicated entry' ? `${where}: ${before} -> pass by duplicating an entry` : undefined;
  const ok = accepts(t, value);
  if (ok === true) return undefined;
  // A value a `where` does not select puts the item out of the check's declared scope only where the
  // field is known to hold it (a rule with protocol ICMPv4 is no TCP/UDP rule for FW-ALLOWED-PORTS;
  // FW-ALLOWED-PROTOCOLS judges it). An unrecognised selecting value ("0x0", "TCP/x" for a protocol)
  // never turns a non-pass into a pass: the item is not collected, not silently left out.
  if (c.read.inWhere && ok === false && (c.read.known === undefined || knownHolds(c.read.known, value))) return undefined;
  return `${where}: ${before} -> pass, but "${t.operator} ${JSON.stringify(t.expected)}" ${ok === false ? 'does not accept' : 'cannot be shown to accept'} it`;
}

/** Every case, in order (MUTATION_ALL=1: a full sweep listing every violation, for a person to read). */
function sweep(samples: Array<{ name: string; doc: Snapshot }>): string[] {
  const found: string[] = [];
  for (const s of samples) {
    const before = new Map(checks.map((c) => [c.id, statusOn(c, load(s.doc))]));
    for (const c of casesOf(s)) {
      const m = mutate(s.doc, c, 0);
      if (!m) continue;
      const why = violation(c, m, s.doc, before.get(c.check.id)!, statusOn(c.check, load(m.doc)));
      if (why) found.push(why);
    }
  }
  return found;
}

const RUNS = Number(process.env.MUTATION_RUNS ?? 4000);

function runProperty(samples: Array<{ name: string; doc: Snapshot }>, runs = RUNS): { cases: number; checks: number; paths: number } {
  const base = new Map(samples.map((s) => [s.name, s.doc]));
  const before = new Map<string, CheckStatus | 'refused'>();
  const cases = samples.flatMap(casesOf);
  for (const s of samples) for (const check of checks) before.set(`${s.name}|${check.id}`, statusOn(check, load(s.doc)));
  fc.assert(
    // A case by its number: a counterexample prints as two numbers, and the violation says what it is.
    fc.property(fc.nat(cases.length - 1), fc.nat(50), (n, index) => {
      const c = cases[n]!;
      const m = mutate(base.get(c.sample)!, c, index);
      if (!m) return;
      const after = statusOn(c.check, load(m.doc));
      const why = violation(c, m, base.get(c.sample)!, before.get(`${c.sample}|${c.check.id}`)!, after);
      expect(why).toBeUndefined();
    }),
    { seed: Number(process.env.MUTATION_SEED ?? 20261205), numRuns: runs },
  );
  return {
    cases: cases.length,
    checks: new Set(cases.map((c) => c.check.id)).size,
    paths: new Set(cases.map((c) => `${c.check.id}|${c.read.path}|${c.read.item === undefined ? '' : `[].${c.read.item}`}`)).size,
  };
}

describe('no damaged, missing or odd value turns a check into a pass', () => {
  it('checkPaths lists what a check reads: its fields, field references, lists and their items, applies-when', () => {
    const byId = new Map(checks.map((c) => [c.id, c]));
    const paths = (id: string) => checkPaths(byId.get(id)!).map((r) => (r.item ? `${r.path}[].${r.item}` : r.path));
    expect(paths('LOCKOUT-THRESHOLD')).toEqual(['access.lockoutPolicy.local.threshold']);
    expect(paths('OS-PATCH-LEVEL')).toContain('hardening.updates.vendorSoftware.latestVersion');
    expect(paths('PWD-MIN-LENGTH-LDAP')).toEqual(expect.arrayContaining(['access.ldap.enabled', 'access.accounts', 'access.accounts[].source', 'access.passwordPolicy.ldap.minLength']));
    expect(paths('FW-ALLOWED-PORTS')).toEqual(expect.arrayContaining(['firewall.rules', 'firewall.rules[].direction', 'firewall.rules[].localPorts']));
  });

  it('an unrecognised selecting value never turns a non-pass into a pass: every item of every list a where selects by a field with known values', () => {
    // Deterministic, beside the random property: each item in turn, each odd form, on every sample.
    const odd = scalarMutations.filter((m) => ['another form', 'hex "0x0"', 'padded " 1 "'].includes(m.name));
    const problems: string[] = [];
    let judged = 0;
    for (const s of bundledSamples()) {
      const before = new Map(checks.map((c) => [c.id, statusOn(c, load(s.doc))]));
      for (const c of casesOf(s).filter((x) => x.read.inWhere && x.read.known && x.mutation.name === 'deleted')) {
        const items = (valueAt(s.doc, c.read.path) as unknown[]).filter((x) => valueAt(x, c.read.item!) !== undefined);
        for (const mutation of odd) {
          for (let i = 0; i < items.length; i++) {
            const m = mutate(s.doc, { ...c, mutation }, i);
            if (!m) continue;
            judged++;
            const why = violation({ ...c, mutation }, m, s.doc, before.get(c.check.id)!, statusOn(c.check, load(m.doc)));
            if (why) problems.push(why);
          }
        }
      }
    }
    expect(judged).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  }, 120_000);

  it.runIf(process.env.MUTATION_ALL)('sweep', () => {
    const found = sweep(bundledSamples());
    console.log(found.join('\n'));
    expect(found).toEqual([]);
  }, 600_000);

  it('on the bundled samples: every check, every path it reads, every mutation', () => {
    const r = runProperty(bundledSamples());
    console.log(`mutation property: ${r.checks} checks, ${r.paths} check × path pairs, ${r.cases} check × path × mutation cases on the bundled samples; ${RUNS} runs`);
    expect(r.checks).toBeGreaterThan(50);
  }, 120_000);

  it('removing a whole section a check reads never gives a pass, but where the check declares what absence means', () => {
    // Two cases. The section removed with its coverage kept: the snapshot still says a complete source
    // was read (winlogon.json, a full export of HKLM\SOFTWARE\Policies), so a test declaring
    // `if-absent` may read the absence as "not set" (AUTOLOGON-OFF, OS-INSTALLER-NO-ELEVATION: their
    // examples). The section removed with its coverage: simply not collected, never a pass, and never
    // "not applicable" counting as satisfied (no LDAP section does not say LDAP is off).
    const problems: string[] = [];
    for (const s of bundledSamples()) {
      for (const section of ['firewall', 'hardening', 'malware', 'access', 'audit', 'encryption'] as const) {
        if (!(section in s.doc)) continue;
        const kept = structuredClone(s.doc) as unknown as Record<string, unknown>;
        delete kept[section];
        const gone = structuredClone(kept) as { coverage?: Array<{ scope: string }> };
        if (gone.coverage) gone.coverage = gone.coverage.filter((e) => e.scope.split('.')[0] !== section);
        for (const check of checks) {
          const reads = checkPaths(check).filter((r) => r.path.split('.')[0] === section);
          // Read only in one branch of an any-of: the other branch may decide (MAL-ALLOWLIST: a product that is not AppLocker).
          if (reads.length === 0 || reads.every((r) => r.alternative)) continue;
          const declared = reads.every((r) => r.alternative || r.test?.ifAbsent !== undefined);
          const withCoverage = statusOn(check, load(kept));
          if (withCoverage === 'pass' && !declared) problems.push(`${check.id} on ${s.name} without "${section}": pass`);
          const without = statusOn(check, load(gone));
          if (without === 'pass') problems.push(`${check.id} on ${s.name} without "${section}" nor its coverage: pass`);
          if (without === 'not-applicable' && check.notApplicable === 'satisfies') problems.push(`${check.id} on ${s.name} without "${section}" nor its coverage: not applicable, counted as satisfied`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describeWithRealSamples('no damaged value turns a check into a pass, on the real DISA STIG GPO', () => {
  it('every check, every path it reads, every mutation', async () => {
    const files = ['GptTmpl.inf', 'audit.csv', 'registry.pol'].map((f) => realSample(`disa-win10-gpo/${f}`).path);
    const snap = (await ingestFiles([...files, join(mr01SourceDir, 'collection.json')], 'disa')).snapshot;
    const r = runProperty([{ name: 'disa-win10-gpo', doc: snap }], Math.min(RUNS, 1200));
    console.log(`mutation property (real GPO): ${r.checks} checks, ${r.paths} pairs, ${r.cases} cases`);
  }, 120_000);
});
