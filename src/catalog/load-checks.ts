// Reads the check catalog and the parameter definitions (YAML files a compliance officer edits)
// and turns them into typed, validated objects. Every mistake names the file and the check.
import { datedEntryProblem, entryProblem, ENTRY_FORMS, type EntryForm } from './list-entries.js';
import { interned } from './interned.js';
import { LAYERS, type Layer } from '../snapshot/types.js';
import { unknownKeyMessage } from '../io/known-keys.js';
import { UserError } from '../io/errors.js';
import { loadWording } from './check-wording.js';
import { labelOf, readYaml } from './read-yaml.js';
import { redactText } from '../snapshot/secrets.js';
import { noteParamTitles, renderCheckText, TEMPLATE_OF, TEMPLATED, templateProblem } from './check-texts.js';
import {
  COLLECTION_OPERATORS, COMBINATORS, SCALAR_OPERATORS, SEVERITIES, controlOfObjective,
  type Check, type CheckExample, type Operator, type ParameterDef, type Severity, type Test,
} from './types.js';

export const DEFAULT_CHECKS_FILE = new URL('../../controls/checks.yaml', import.meta.url);
export const DEFAULT_PARAMETERS_FILE = new URL('../../controls/parameters.yaml', import.meta.url);

const OPERATORS = new Set<string>([...SCALAR_OPERATORS, ...COLLECTION_OPERATORS, ...COMBINATORS]);
const PARAM_TYPES = new Set(['number', 'string', 'boolean', 'string-list', 'number-list']);

type Raw = Record<string, unknown>;

function isObj(x: unknown): x is Raw {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function fail(file: string, where: string, msg: string): never {
  throw new UserError(msg, { file, where });
}

function str(r: Raw, key: string, file: string, where: string, optional = false): string | undefined {
  const v = r[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v.trim() === '') fail(file, where, `"${key}" must be a non-empty text`);
  return v;
}

function strList(r: Raw, key: string, file: string, where: string): string[] {
  const v = r[key];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === 'string' && x !== '')) fail(file, where, `"${key}" must be a text or a list of texts`);
  return list as string[];
}

/** Collects parameter references inside an expected value. */
function paramRefs(x: unknown, out: string[] = []): string[] {
  if (isObj(x) && typeof x.param === 'string') out.push(x.param);
  else if (Array.isArray(x)) x.forEach((e) => paramRefs(e, out));
  return out;
}

/**
 * `inItems`: the test judges an item of an every/none/some (directly or within an all-of/any-of
 * there), where a scalar test without a field compares the item itself (a list of server names).
 */
function parseTest(raw: unknown, file: string, where: string, params: ReadonlySet<string>, inItems = false): Test {
  if (!isObj(raw)) fail(file, where, 'a test must be a mapping with at least "operator"');
  const op = raw.operator;
  if (typeof op !== 'string' || !OPERATORS.has(op)) {
    fail(file, where, `unknown operator ${JSON.stringify(op)}; use one of: ${[...OPERATORS].join(', ')}`);
  }
  const test: Test = { operator: interned(op) as Operator };
  const field = str(raw, 'field', file, where, true);
  if (field !== undefined) test.field = interned(field);
  const isCombinator = (COMBINATORS as readonly string[]).includes(op);
  const isCollection = (COLLECTION_OPERATORS as readonly string[]).includes(op);
  if (!isCombinator && field === undefined && !isCollection && !inItems) fail(file, where, `operator "${op}" needs a "field" (only a test of the items of every/none/some may leave it out, to compare the item itself)`);
  if ('expected' in raw) {
    for (const p of paramRefs(raw.expected)) {
      if (!params.has(p)) fail(file, where, `expected refers to unknown parameter "${p}" (define it in controls/parameters.yaml)`);
    }
    test.expected = raw.expected;
  } else if (!isCombinator && !isCollection && op !== 'not-empty' && op !== 'not-every-address' && op !== 'not-own-host') {
    fail(file, where, `operator "${op}" needs "expected"`);
  }
  if (isCombinator || isCollection) {
    const tests = raw.tests;
    if (!Array.isArray(tests) || tests.length === 0) fail(file, where, `operator "${op}" needs a non-empty "tests" list`);
    test.tests = tests.map((t, i) => parseTest(t, file, `${where}.tests[${i}]`, params, isCollection || inItems));
  }
  if (raw.where !== undefined) {
    if (!isCollection || !Array.isArray(raw.where)) fail(file, where, '"where" is a list of tests and only goes with every/none');
    test.where = raw.where.map((t, i) => parseTest(t, file, `${where}.where[${i}]`, params, true));
  }
  if (raw['also-pass'] !== undefined) {
    if (!Array.isArray(raw['also-pass'])) fail(file, where, '"also-pass" must be a list of values');
    test.alsoPass = raw['also-pass'];
  }
  if (raw['if-absent'] !== undefined) {
    const v = raw['if-absent'];
    if (v !== 'pass' && v !== 'fail' && v !== 'not-applicable') fail(file, where, '"if-absent" must be pass, fail or not-applicable');
    test.ifAbsent = interned(v) as typeof v;
  }
  if (raw['if-found'] !== undefined) {
    if (raw['if-found'] !== 'not-collected') fail(file, where, '"if-found" must be not-collected');
    if (test.operator !== 'none') fail(file, where, '"if-found" applies only to operator none');
    test.ifFound = 'not-collected';
    const means = str(raw, 'found-means', file, where, true);
    if (!means) fail(file, where, '"if-found" needs "found-means": why an item found leaves the verdict unknown');
    // Each {field} must be one the test reads of the item: a typo would print "not collected" in the reason.
    const read = new Set([...(test.where ?? []), ...(test.tests ?? [])].flatMap((t) => readsOf(t)));
    for (const m of means.matchAll(/\{([A-Za-z][A-Za-z0-9.]*)\}/g)) {
      if (!read.has(m[1]!)) fail(file, where, `"found-means" names {${m[1]}}, which its where and tests do not read (${[...read].join(', ')})`);
    }
    test.foundMeans = means;
  } else if (raw['found-means'] !== undefined) {
    fail(file, where, '"found-means" only goes with "if-found"');
  }
  if (raw['if-empty'] !== undefined) {
    const v = raw['if-empty'];
    if (v !== 'pass' && v !== 'fail' && v !== 'not-applicable') fail(file, where, '"if-empty" must be pass, fail or not-applicable');
    test.ifEmpty = interned(v) as typeof v;
  }
  if (raw['min-items'] !== undefined) {
    if (typeof raw['min-items'] !== 'number') fail(file, where, '"min-items" must be a number');
    test.minItems = raw['min-items'];
  }
  const label = str(raw, 'label', file, where, true);
  if (label) test.label = label;
  if (raw['by-identity'] !== undefined) {
    if (!isCollection || typeof raw['by-identity'] !== 'boolean') fail(file, where, '"by-identity" is true or false and only goes with every/none');
    if (raw['by-identity']) test.byIdentity = true;
  }
  for (const [key, prop] of [['principal-names', 'principalNames'], ['feature-names', 'featureNames']] as const) {
    if (raw[key] === undefined) continue;
    if (raw[key] !== true) fail(file, where, `"${key}" is true or absent`);
    if (!['one-of', 'none-of', 'contains-any', 'contains-none'].includes(test.operator)) fail(file, where, `"${key}" goes with one-of, none-of, contains-any or contains-none`);
    test[prop] = true;
  }
  if (test.principalNames && test.featureNames) fail(file, where, '"principal-names" and "feature-names" do not go together');
  const describe = str(raw, 'describe', file, where, true);
  if (describe) test.describe = describe;
  if (raw.supporting !== undefined) {
    const list = strList(raw, 'supporting', file, where);
    if (list.length === 0) fail(file, where, '"supporting" must list at least one field');
    test.supporting = list;
  }
  const known = ['operator', 'field', 'expected', 'tests', 'where', 'also-pass', 'if-absent', 'if-empty', 'if-found', 'found-means', 'min-items', 'label', 'describe', 'by-identity', 'supporting', 'principal-names', 'feature-names'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) fail(file, where, `${unknownKeyMessage(k, known)}, in a test`);
  return test;
}

/**
 * Refuses a `principal-names` (or `feature-names`) that could make a check pass more. With it a DOMAIN\\name matches a
 * bare name as well, so a one-of or contains-any is true more often and a none-of or contains-none
 * less often; that is stricter only where a true makes the check pass less. `loosens` says whether
 * a true of this test makes the check pass more: yes among a check's tests, in all-of, any-of and
 * some; no in the where of every and none (an item more is examined) and in the tests of none (an
 * item more is found). applies-when has no direction: refused there.
 */
function checkPrincipalNames(test: Test, loosens: boolean | undefined, file: string, where: string): void {
  if (test.principalNames || test.featureNames) {
    const positive = test.operator === 'one-of' || test.operator === 'contains-any';
    if (loosens === undefined || positive === loosens) {
      const [key, what] = test.principalNames ? ['principal-names', 'a DOMAIN\\name taken for a listed bare name'] : ['feature-names', 'a feature name matched however spelled'];
      fail(file, where, `"${key}" would let ${test.operator} pass more here (${what} must only ever make a check stricter): it goes with none-of or contains-none among a check's tests, or one-of or contains-any in the where of every or none`);
    }
  }
  const inner = (t: Test, i: number, part: 'tests' | 'where', l: boolean | undefined) => checkPrincipalNames(t, l, file, `${where}.${part}[${i}]`);
  const flip = loosens === undefined ? undefined : !loosens;
  // An item more chosen by where could also turn an if-empty fail into a pass: no direction then.
  const whereFlip = test.ifEmpty !== undefined && test.ifEmpty !== 'pass' ? undefined : flip;
  if (test.operator === 'every') {
    test.tests?.forEach((t, i) => inner(t, i, 'tests', loosens));
    test.where?.forEach((t, i) => inner(t, i, 'where', whereFlip));
  } else if (test.operator === 'none') {
    test.tests?.forEach((t, i) => inner(t, i, 'tests', flip));
    test.where?.forEach((t, i) => inner(t, i, 'where', whereFlip));
  } else {
    test.tests?.forEach((t, i) => inner(t, i, 'tests', loosens));
    test.where?.forEach((t, i) => inner(t, i, 'where', loosens));
  }
}

/** Snapshot paths a test reads, e.g. "firewall.profiles[].enabled". */
export function readsOf(test: Test | undefined, prefix = '', withSupporting = true): string[] {
  if (!test) return [];
  const here = test.field ? (prefix ? `${prefix}.${test.field}` : test.field) : prefix;
  const supporting = withSupporting ? (test.supporting ?? []).map((f) => (prefix ? `${prefix}.${f}` : f)) : [];
  if (test.operator === 'every' || test.operator === 'none' || test.operator === 'some') {
    const inner = `${here}[]`;
    // The item values a found item's reason names are read too (a changed member changes the reason).
    const named = [...(test.foundMeans ?? '').matchAll(/\{([A-Za-z][A-Za-z0-9.]*)\}/g)].map((m) => `${inner}.${m[1]}`);
    return [...[...(test.where ?? []), ...(test.tests ?? [])].flatMap((t) => readsOf(t, inner, withSupporting)), ...named, ...supporting];
  }
  if (test.operator === 'all-of' || test.operator === 'any-of') return [...(test.tests ?? []).flatMap((t) => readsOf(t, prefix, withSupporting)), ...supporting];
  const refs: string[] = [];
  const collect = (x: unknown): void => {
    if (isObj(x) && typeof x.field === 'string' && Object.keys(x).length === 1) refs.push(prefix ? `${prefix}.${x.field}` : x.field);
    else if (Array.isArray(x)) x.forEach(collect);
  };
  collect(test.expected);
  return [here, ...refs, ...supporting];
}

/** `in-part: {objectives: [...], why: ...}`: objectives of the check a pass shows only in part. */
function parseInPart(raw: unknown, objectives: readonly string[], file: string, where: string): { objectives: string[]; why: string } {
  if (!isObj(raw)) fail(file, where, 'must be a mapping with "objectives" (those a pass shows only in part) and "why" (what it leaves out)');
  const list = strList(raw, 'objectives', file, where).map((o) => o.toLowerCase());
  if (list.length === 0) fail(file, where, '"objectives" must name at least one of the check\'s objectives');
  for (const o of list) if (!objectives.includes(o)) fail(file, where, `"${o}" is not among the check's objectives (${objectives.join(', ')})`);
  const why = str(raw, 'why', file, where);
  if (!why) fail(file, where, '"why" must say what a pass leaves out');
  for (const k of Object.keys(raw)) if (k !== 'objectives' && k !== 'why') fail(file, where, unknownKeyMessage(k, ['objectives', 'why']));
  return { objectives: list, why };
}

/**
 * `shows-choices`: per selection ODP the check names in `odp`, the choices a pass shows, each by
 * the words it begins with ("initiating a device lock after"). Matched against the catalog's
 * choices when the catalog is checked against the control catalog (check-objectives.ts
 * validateCheckIds), which refuses a text beginning none of them or more than one.
 */
function parseShowsChoices(raw: unknown, odp: readonly string[], file: string, where: string): Record<string, string[]> {
  if (!isObj(raw)) fail(file, where, 'must map a selection ODP of the check\'s "odp" to the choices a pass shows');
  const out: Record<string, string[]> = {};
  for (const [id, v] of Object.entries(raw)) {
    if (!odp.includes(id)) fail(file, where, `"${id}" is not among the check's "odp" (${odp.join(', ') || 'none'})`);
    const list = Array.isArray(v) ? v : [v];
    if (!list.length || !list.every((x) => typeof x === 'string' && x.trim() !== '')) fail(file, `${where}.${id}`, 'must list the choices a pass shows, as texts');
    out[id] = list as string[];
  }
  return out;
}

/**
 * `shows-any-value`: per assignment ODP an objective of the check inserts, one line saying why a
 * pass proves that objective whatever value the organisation gives the ODP. Whether the catalog
 * knows the ODP, and an objective of the check inserts it, is checked with the control catalog
 * (check-objectives.ts validateCheckIds).
 */
function parseShowsAnyValue(raw: unknown, file: string, where: string): Record<string, string> {
  if (!isObj(raw) || !Object.keys(raw).length) fail(file, where, 'must map an assignment ODP an objective of the check inserts to why a pass proves the objective whatever its value');
  const out: Record<string, string> = {};
  for (const [id, v] of Object.entries(raw)) {
    if (typeof v !== 'string' || v.trim() === '' || /[\r\n]/.test(v.trim())) fail(file, `${where}.${id}`, 'must say in one line why a pass proves the objective whatever value the organisation gives it');
    out[id] = redactText(v.trim());
  }
  return out;
}

function parseExample(raw: unknown, file: string, where: string, params: ReadonlySet<string>): CheckExample {
  if (!isObj(raw)) fail(file, where, 'an example must be a mapping with "expect" and "values"');
  const exampleKeys = ['expect', 'values', 'edge', 'collected-at', 'params'];
  for (const k of Object.keys(raw)) if (!exampleKeys.includes(k)) fail(file, where, unknownKeyMessage(k, exampleKeys));
  const expect = raw.expect;
  if (expect !== 'pass' && expect !== 'fail' && expect !== 'not-applicable' && expect !== 'not-collected') {
    fail(file, where, '"expect" must be pass, fail, not-applicable or not-collected');
  }
  if (!isObj(raw.values)) fail(file, where, '"values" must map snapshot paths to values');
  const ex: CheckExample = { expect, values: raw.values };
  const edge = str(raw, 'edge', file, where, true);
  if (edge) ex.edge = redactText(edge);
  const at = str(raw, 'collected-at', file, where, true);
  if (at) ex.collectedAt = at;
  if (raw.params !== undefined) {
    if (!isObj(raw.params)) fail(file, where, '"params" must map organisation parameter ids to values');
    for (const id of Object.keys(raw.params)) if (!params.has(id)) fail(file, where, `"params" names unknown parameter "${id}" (controls/parameters.yaml)`);
    ex.params = raw.params;
  }
  return ex;
}

/**
 * The check's "objectives": assessment-objective ids of the controls it cites, at least one per
 * control. Whether each exists in the control catalog is checked with the catalog
 * (catalog/check-objectives.ts), not here: `ato-evidence checks` does not load it.
 */
function parseObjectives(raw: Raw, controls: readonly string[], file: string, where: string): string[] {
  const list = strList(raw, 'objectives', file, where).map((o) => o.toLowerCase());
  const seen = new Set<string>();
  for (const o of list) {
    const owner = controlOfObjective(o);
    if (!owner) fail(file, where, `objective "${o}" is not an assessment-objective id (like ac-7_obj.a)`);
    if (!controls.includes(owner)) fail(file, where, `objective "${o}" belongs to ${owner}, which the check does not cite in "controls"`);
    if (seen.has(o)) fail(file, where, `objective "${o}" is listed twice`);
    seen.add(o);
  }
  for (const c of controls) {
    if (!list.some((o) => controlOfObjective(o) === c)) {
      fail(file, where, `cites ${c} but names none of its assessment objectives in "objectives" (the ones a pass shows, like ${c}_obj.a): cite a control only for what the check shows`);
    }
  }
  return list;
}

export function parseParameters(doc: unknown, file: string): ParameterDef[] {
  if (!Array.isArray(doc)) fail(file, 'top level', 'must be a list of parameters');
  const seen = new Set<string>();
  return doc.map((raw, i) => {
    const where = `parameter #${i + 1}`;
    if (!isObj(raw)) fail(file, where, 'must be a mapping');
    const id = str(raw, 'id', file, where)!;
    const w = `parameter ${id}`;
    if (seen.has(id)) fail(file, w, `duplicate parameter id "${id}"`);
    seen.add(id);
    const type = raw.type;
    if (typeof type !== 'string' || !PARAM_TYPES.has(type)) fail(file, w, `"type" must be one of ${[...PARAM_TYPES].join(', ')}`);
    if (!('default' in raw)) fail(file, w, 'needs a "default" value');
    const def: ParameterDef = { id, title: str(raw, 'title', file, w)!, type: type as ParameterDef['type'], default: raw.default, basis: str(raw, 'basis', file, w)! };
    const odp = str(raw, 'odp', file, w, true);
    if (odp) def.odp = odp;
    const unit = str(raw, 'unit', file, w, true);
    if (unit) def.unit = unit;
    if (raw.entries !== undefined) {
      if (typeof raw.entries !== 'string' || !(ENTRY_FORMS as readonly string[]).includes(raw.entries) || type !== 'string-list') {
        fail(file, w, `"entries" must be one of ${ENTRY_FORMS.join(', ')}, on a string-list`);
      }
      def.entries = raw.entries as EntryForm;
      for (const entry of Array.isArray(raw.default) ? raw.default : []) {
        const problem = entryProblem(def.entries, entry);
        if (problem) fail(file, w, `default ${problem}`);
      }
    }
    if (raw['from-profile'] !== undefined) {
      if (typeof raw['from-profile'] !== 'boolean') fail(file, w, '"from-profile" must be true or false');
      def.fromProfile = raw['from-profile'];
    }
    if (raw['deny-list'] !== undefined) {
      if (raw['deny-list'] !== true || type !== 'string-list') fail(file, w, '"deny-list" must be true, on a string-list');
      def.denyList = true;
    }
    return def;
  });
}

/**
 * A `listed-until` test reads a dated list: a parameter declared `entries: dated` (so a params file's entries
 * are checked when read) or a literal list of well-formed entries.
 */
function checkDatedLists(test: Test, params: readonly ParameterDef[], file: string, where: string): void {
  if (test.operator === 'listed-until') {
    const e = test.expected;
    const ref = isObj(e) && typeof e.param === 'string' ? e.param : undefined;
    if (ref !== undefined) {
      if (params.find((p) => p.id === ref)?.entries !== 'dated') fail(file, where, `listed-until reads parameter "${ref}", which is not declared "entries: dated"`);
    } else if (!Array.isArray(e)) {
      fail(file, where, 'listed-until needs a list ("19044", "19044 until 2027-01-12") or a dated parameter');
    } else {
      for (const entry of e) {
        const problem = datedEntryProblem(entry);
        if (problem) fail(file, where, `listed-until ${problem}`);
      }
    }
  }
  for (const t of [...(test.tests ?? []), ...(test.where ?? [])]) checkDatedLists(t, params, file, where);
}

/** The parameters a check's tests compare with (`expected: {param: id}` at any depth). */
export function paramsCompared(...tests: (Test | undefined)[]): Set<string> {
  const out = new Set<string>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (isObj(x)) {
      if (typeof x.param === 'string') out.add(x.param);
      Object.values(x).forEach(walk);
    }
  };
  tests.forEach(walk);
  return out;
}

export { paramTitlesOf } from './check-texts.js';

export function parseChecks(doc: unknown, file: string, params: readonly ParameterDef[]): Check[] {
  if (!Array.isArray(doc)) fail(file, 'top level', 'must be a list of checks');
  const paramIds = new Set(params.map((p) => p.id));
  const defs = new Map(params.map((p) => [p.id, p]));
  const defaults = new Map(params.map((p) => [p.id, p.default]));
  const titles: Readonly<Record<string, string>> = Object.fromEntries(params.map((p) => [p.id, p.title]));
  const denyLists = params.filter((p) => p.denyList).map((p) => p.id);
  const seen = new Set<string>();
  return doc.map((raw, i) => {
    if (!isObj(raw)) fail(file, `check #${i + 1}`, 'must be a mapping');
    const id = str(raw, 'id', file, `check #${i + 1}`)!;
    const where = `check ${id}`;
    if (!/^[A-Z0-9]+(-[A-Z0-9]+)*$/.test(id)) fail(file, where, 'id must be upper-case words joined by dashes, e.g. LOCKOUT-THRESHOLD');
    if (seen.has(id)) fail(file, where, `duplicate check id "${id}"`);
    seen.add(id);
    const layer = raw.layer;
    if (typeof layer !== 'string' || !(LAYERS as readonly string[]).includes(layer)) fail(file, where, `"layer" must be one of ${LAYERS.join(', ')}`);
    const severity = raw.severity;
    if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) fail(file, where, `"severity" must be one of ${SEVERITIES.join(', ')}`);
    // Reading configuration is EXAMINE under SP 800-53A; TEST is for a check that exercises a mechanism.
    const method = raw.method ?? 'EXAMINE';
    if (method !== 'TEST' && method !== 'EXAMINE') fail(file, where, '"method" must be EXAMINE or TEST');
    const controls = strList(raw, 'controls', file, where).map((c) => c.toLowerCase());
    if (controls.length === 0) fail(file, where, '"controls" must name at least one 800-53 rev5 control');
    const objectives = parseObjectives(raw, controls, file, where);
    const na = raw['not-applicable'] ?? 'not-shown';
    if (na !== 'satisfies' && na !== 'not-shown') fail(file, where, '"not-applicable" must be satisfies (the feature is not in use, which meets the objectives) or not-shown');
    const test = parseTest(raw.test, file, `${where}.test`, paramIds);
    checkPrincipalNames(test, true, file, `${where}.test`);
    const appliesWhen = raw['applies-when'] === undefined ? undefined : parseTest(raw['applies-when'], file, `${where}.applies-when`, paramIds);
    if (appliesWhen) checkPrincipalNames(appliesWhen, undefined, file, `${where}.applies-when`);
    checkDatedLists(test, params, file, `${where}.test`);
    if (appliesWhen) checkDatedLists(appliesWhen, params, file, `${where}.applies-when`);
    if (!Array.isArray(raw.examples)) fail(file, where, '"examples" must list a passing, a failing and an edge example');
    const examples = raw.examples.map((e, j) => parseExample(e, file, `${where}.examples[${j}]`, paramIds));
    const check: Check = {
      id,
      layer: layer as Layer,
      // The catalog's texts reach the plan, the SSP and the PDF (and the store keeps the file):
      // a pasted password, key or token is masked as it is read, as in every user file.
      title: redactText(str(raw, 'title', file, where)!),
      test,
      controls,
      objectives,
      notApplicable: na,
      odp: strList(raw, 'odp', file, where),
      severity: severity as Severity,
      method,
      remediation: redactText(str(raw, 'remediation', file, where)!),
      examples,
      reads: [...new Set([...readsOf(appliesWhen), ...readsOf(test)])],
    };
    const description = str(raw, 'description', file, where, true);
    if (description) check.description = redactText(description);
    // A title, remediation or description stating a parameter's value: kept as written, stated
    // with the defaults here and with a run's values by checksWithValues (check-texts.ts), so a
    // description never says "3" beside a title saying the run's 10.
    const compared = paramsCompared(test, appliesWhen);
    for (const k of TEMPLATED) {
      const text = check[k];
      if (text === undefined || !text.includes('{{')) continue;
      const problem = templateProblem(text, defs, compared);
      if (problem) fail(file, where, `"${k}" ${problem}`);
      check[TEMPLATE_OF[k]] = text;
      check[k] = renderCheckText(text, defs, defaults);
    }
    if (appliesWhen) check.appliesWhen = appliesWhen;
    if (raw['in-part'] !== undefined) check.inPart = parseInPart(raw['in-part'], objectives, file, `${where}.in-part`);
    if (raw['shows-choices'] !== undefined) check.showsChoices = parseShowsChoices(raw['shows-choices'], check.odp, file, `${where}.shows-choices`);
    if (raw['shows-any-value'] !== undefined) check.showsAnyValue = parseShowsAnyValue(raw['shows-any-value'], file, `${where}.shows-any-value`);
    // Only the test's parameters: one read by applies-when decides whether the check applies, not what a pass shows.
    const comparesOdps = [...new Set([...paramsCompared(test)].flatMap((id) => defs.get(id)?.odp ?? []))].sort();
    if (comparesOdps.length) check.comparesOdps = comparesOdps;
    const stig = strList(raw, 'stig', file, where);
    if (stig.length) check.stig = stig;
    const mds2 = strList(raw, 'mds2', file, where);
    if (mds2.length) check.mds2 = mds2;
    const known = ['id', 'layer', 'title', 'description', 'test', 'applies-when', 'controls', 'objectives', 'in-part', 'shows-choices', 'shows-any-value', 'not-applicable', 'odp', 'severity', 'method', 'remediation', 'stig', 'mds2', 'examples'];
    for (const k of Object.keys(raw)) if (!known.includes(k)) fail(file, where, unknownKeyMessage(k, known));
    noteParamTitles(check, titles, denyLists);
    return check;
  });
}

export interface CheckCatalog {
  checks: Check[];
  parameters: ParameterDef[];
}

/**
 * `onRead` is told the bytes of each user's file read, `onParametersRead` those of the parameter
 * definitions whose defaults the run uses (assess cites them in the AR: assess/option-files.ts).
 */
export function loadCatalog(opts: { checksFile?: string; parametersFile?: string; onRead?: (file: string, bytes: Buffer) => void; onParametersRead?: (file: string, bytes: Buffer) => void } = {}): CheckCatalog {
  const pFile = opts.parametersFile ?? DEFAULT_PARAMETERS_FILE;
  const cFile = opts.checksFile ?? DEFAULT_CHECKS_FILE;
  const parameters = parseParameters(readYaml(pFile, labelOf(pFile), opts.onParametersRead), labelOf(pFile));
  const checks = parseChecks(readYaml(cFile, labelOf(cFile), opts.onRead), labelOf(cFile), parameters);
  // The plain-language wording beside the checks file (controls/check-wording.yaml), where there is one.
  // Beside a user's --checks file, it is the user's too: told to onRead (the bundled one is in the rules digest).
  const wording = loadWording(cFile, checks, parameters, typeof cFile === 'string' ? opts.onRead : undefined);
  if (wording) for (const c of checks) c.wording = wording.get(c.id);
  return { checks, parameters };
}
