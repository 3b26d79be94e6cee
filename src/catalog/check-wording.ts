// The plain-language wording of each check (controls/check-wording.yaml): the setting in Windows'
// own words, what is required, where to change it, and names for the values a check compares.
// Kept beside checks.yaml, keyed by check id, so a compliance officer edits the words without
// touching the rules. Loaded and validated here; rendered by src/evaluate/plain-wording.ts.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { UserError } from '../io/errors.js';
import { readYaml, labelOf } from './read-yaml.js';
import { redactText } from '../snapshot/secrets.js';
import type { Check, ParameterDef, Test } from './types.js';

export interface CheckWording {
  /** The setting as Windows (or the vendor's console) names it: "Account lockout threshold". */
  setting: string;
  /** What is required, in words; `{{parameter-id}}` is replaced by the organisation's value. */
  required: string;
  /** Where to change it: "Local Security Policy > Account Policies > Account Lockout Policy". */
  where: string;
  /** For a check comparing several values: the name of each compared field, as the test writes it. */
  fields?: Record<string, string>;
  /**
   * The fields the check compares (set by the loader): `fields` may also name fields that only
   * choose items or decide whether the check applies, which what was found does not state.
   */
  compared?: readonly string[];
  /** For a check over a list: what its items are, in the plural ("firewall profiles"). */
  items?: string;
  /**
   * Names for raw values ("255" -> "255 (all drives)", "false" -> "Off"); a key "field=value" names
   * the value of that field alone, where the same raw value means another thing in another field
   * (a leap indicator of 0 is "in sync", a stratum of 0 says no source).
   */
  values?: Record<string, string>;
  /** Why the check may not apply to a console ("the console does not use an LDAP directory"). */
  notApplicable?: string;
}

export const WORDING_FILE_NAME = 'check-wording.yaml';

/** The wording file beside a checks file (the bundled one: controls/check-wording.yaml). */
export function wordingFileFor(checksFile: URL | string): string {
  const path = typeof checksFile === 'string' ? checksFile : fileURLToPath(checksFile);
  return join(dirname(path), WORDING_FILE_NAME);
}

const KEYS = new Set(['setting', 'required', 'where', 'fields', 'items', 'values', 'not-applicable']);

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The fields a check compares (not those that select list items), as its tests write them. */
export function comparedFields(test: Test | undefined, out = new Set<string>()): Set<string> {
  if (!test) return out;
  if (test.operator === 'all-of' || test.operator === 'any-of' || test.operator === 'every' || test.operator === 'none' || test.operator === 'some') {
    for (const t of test.tests ?? []) comparedFields(t, out);
  } else if (test.field !== undefined) out.add(test.field);
  return out;
}

const VALUE_NAMES = new WeakMap<Check, { names: Readonly<Record<string, string>>; fields: ReadonlySet<string> } | null>();
/**
 * The wording's names for raw values (`values`) and the fields they name: those the check
 * compares, wherever they are (a list's items, a one-of, a not-equals), never a `where`'s or
 * applies-when's, whose values mean other things. Undefined when the wording names no value.
 */
export function valueNames(check: Check): { names: Readonly<Record<string, string>>; fields: ReadonlySet<string> } | undefined {
  let v = VALUE_NAMES.get(check);
  if (v === undefined) {
    const names = check.wording?.values;
    VALUE_NAMES.set(check, (v = names ? { names, fields: comparedFields(check.test) } : null));
  }
  return v ?? undefined;
}

/**
 * A raw value with the check's name for it: "-1 (never expires)", "true (On)", "allow" for a name
 * "Allow" (the name adds nothing), "none — plain DICOM (no TLS)" for a name with parentheses of
 * its own. The one rule for every text stating a named value (problems, the exports' "Observed").
 */
export function withValueName(raw: string, name: string): string {
  // A name that differs only in case or punctuation ("fully encrypted") adds nothing.
  const bare = (x: string): string => x.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  if (bare(name) === bare(raw)) return raw;
  if (name.startsWith(`${raw} `) || name.endsWith(`(${raw})`)) return name;
  // A name with parentheses of its own is set off by a dash, never nested.
  return name.includes('(') ? `${raw} — ${name}` : `${raw} (${name})`;
}

/**
 * A result's observed value (the AR's raw `observed-value`, "-1; 3 checked, all compliant") as a
 * person reads it: each part ("; " apart, outside brackets) that is exactly a value the wording
 * names gets its name, as the found text and the problems say it ("-1 (never expires); 3 checked,
 * all compliant"); a part's "[effective; intended …]" note stays after it. A name given for one
 * field only ("audit.timeSync.stratum=0") is used only where the check compares that field alone:
 * the raw text does not say which field a part is. The raw value itself stays raw where a
 * machine reads it (the AR prop, the CSV's observed_value, drift.json).
 */
export function namedObserved(check: Check, observed: string): string {
  if (!check.wording) return observed;
  const v = valueNames(check) ?? { names: {}, fields: comparedFields(check.test) };
  const only = v.fields.size === 1 ? [...v.fields][0] : undefined;
  const nameOf = (raw: string): string | undefined => {
    if (only !== undefined && Object.hasOwn(v.names, `${only}=${raw}`)) return v.names[`${only}=${raw}`];
    return Object.hasOwn(v.names, raw) ? v.names[raw] : Object.hasOwn(SWITCH_NAMES, raw) ? SWITCH_NAMES[raw] : undefined;
  };
  const parts: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < observed.length; i++) {
    const c = observed[i];
    if (c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && depth > 0) depth--;
    else if (depth === 0 && c === ';' && observed[i + 1] === ' ') { parts.push(observed.slice(start, i)); start = i + 2; }
  }
  parts.push(observed.slice(start));
  return parts.map((part) => {
    const note = part.indexOf(' [');
    const head = note < 0 ? part : part.slice(0, note);
    const name = nameOf(head);
    return name === undefined ? part : withValueName(head, name) + (note < 0 ? '' : part.slice(note));
  }).join('; ');
}

/**
 * One field's raw value with the check's name for it (`field=raw` first, then `raw`, then a
 * switch's Enabled / Disabled), as namedObserved names a part: for a setting change's old and new values.
 */
export function namedFieldValue(check: Check, field: string, raw: string): string {
  if (!check.wording) return raw;
  const names = valueNames(check)?.names ?? {};
  const name = Object.hasOwn(names, `${field}=${raw}`) ? names[`${field}=${raw}`] : Object.hasOwn(names, raw) ? names[raw] : Object.hasOwn(SWITCH_NAMES, raw) ? SWITCH_NAMES[raw] : undefined;
  return name === undefined ? raw : withValueName(raw, name);
}

/**
 * A switch's state the wording does not name ("true" -> "Enabled"), as the found text says it
 * (plain-wording.ts valueName) and the exports' "Observed:" line ("true (Enabled)"): one rule.
 */
export const SWITCH_NAMES: Readonly<Record<string, string>> = { true: 'Enabled', false: 'Disabled' };

/** A check id and a raw observed value to the text a person reads (namedObserved), for reports that hold only check ids. */
export type ObservedNamer = (checkId: string, observed: string) => string;

/** namedObserved for each check of a catalog by its id; an unknown id's value stays as it is. */
export function observedNamer(checks: readonly Check[]): ObservedNamer {
  const byId = new Map(checks.map((c) => [c.id, c]));
  return (checkId, observed) => {
    const check = byId.get(checkId);
    return check ? namedObserved(check, observed) : observed;
  };
}

/** Every field a check reads as its tests write them: compared, choosing list items (`where`), its lists, `applies-when`, fields compared with, and supporting evidence. */
export function readFields(check: Pick<Check, 'test' | 'appliesWhen'>): Set<string> {
  const out = new Set<string>();
  const refs = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(refs);
    else if (typeof x === 'object' && x !== null && typeof (x as { field?: unknown }).field === 'string' && Object.keys(x).length === 1) out.add((x as { field: string }).field);
  };
  const walk = (t: Test | undefined): void => {
    if (!t) return;
    if (t.field) out.add(t.field);
    for (const f of t.supporting ?? []) out.add(f);
    refs(t.expected);
    for (const u of [...(t.tests ?? []), ...(t.where ?? [])]) walk(u);
  };
  walk(check.test);
  walk(check.appliesWhen);
  return out;
}

/** The fields of a check's lists (`every`, `none`, `some`), at any depth. */
function listFields(test: Test | undefined, out = new Set<string>()): Set<string> {
  if (!test) return out;
  if ((test.operator === 'every' || test.operator === 'none' || test.operator === 'some') && test.field) out.add(test.field);
  for (const t of test.tests ?? []) listFields(t, out);
  return out;
}

const PLAIN_NAMES = new WeakMap<Check, Readonly<Record<string, string>>>();
/**
 * The plain name of each field a check's texts state: the wording's `fields`; the check's list
 * (its test's, else its only one) not named there by its `items` ("firewall profiles"); its one compared field not named
 * there by its `setting`. Made once per check (the same object each time: description caches
 * and the list's `where` context follow it).
 */
export function plainNames(check: Check): Readonly<Record<string, string>> | undefined {
  const w = check.wording;
  if (!w) return undefined;
  let names = PLAIN_NAMES.get(check);
  if (!names) {
    const out: Record<string, string> = { ...(w.fields ?? {}) };
    // The list `items` speaks of: the check's own (its test a list), else its only one.
    const t = check.test;
    const lists = (t.operator === 'every' || t.operator === 'none' || t.operator === 'some') && t.field ? [t.field] : [...listFields(t)];
    if (w.items && lists.length === 1 && out[lists[0]!] === undefined) out[lists[0]!] = w.items;
    const compared = [...comparedFields(check.test)];
    if (compared.length === 1 && out[compared[0]!] === undefined) out[compared[0]!] = w.setting;
    PLAIN_NAMES.set(check, (names = out));
  }
  return names;
}

function hasList(test: Test): boolean {
  return test.operator === 'every' || test.operator === 'none' || test.operator === 'some' || (test.tests ?? []).some(hasList);
}

/**
 * Parses and validates the wording of every check: each check has one, each text is non-empty,
 * `{{...}}` names only the check's parameters, a check comparing several fields names each of
 * them, a check over a list names its items. Every mistake names the file and the check.
 */
export function parseWording(doc: unknown, file: string, checks: readonly Check[], params: readonly ParameterDef[]): Map<string, CheckWording> {
  const fail = (where: string, msg: string): never => {
    throw new UserError(msg, { file, where });
  };
  if (!isObj(doc)) fail('top level', 'must map each check id to its wording (setting, required, where)');
  const raw = doc as Record<string, unknown>;
  const paramIds = new Set(params.map((p) => p.id));
  const out = new Map<string, CheckWording>();
  const known = new Set(checks.map((c) => c.id));
  for (const id of Object.keys(raw)) if (!known.has(id)) fail(id, `no check "${id}" in the check catalog`);
  for (const check of checks) {
    const where = check.id;
    const entry = raw[check.id];
    if (!isObj(entry)) fail(where, 'has no wording: give it "setting", "required" and "where"');
    const w = entry as Record<string, unknown>;
    for (const k of Object.keys(w)) if (!KEYS.has(k)) fail(where, `unknown key "${k}" (known: ${[...KEYS].join(', ')})`);
    const text = (k: string, optional = false): string | undefined => {
      const v = w[k];
      if (v === undefined && optional) return undefined;
      if (typeof v !== 'string' || v.trim() === '') fail(where, `"${k}" must be a non-empty text`);
      // Masked as read, like check titles and descriptions (load-checks.ts): a secret pasted into
      // a wording text would otherwise reach results.csv, the AR and the PDF.
      return redactText((v as string).replace(/\s+/g, ' ').trim());
    };
    const names = (k: string): Record<string, string> | undefined => {
      const v = w[k];
      if (v === undefined) return undefined;
      if (!isObj(v) || !Object.values(v).every((x) => typeof x === 'string' && x.trim() !== '')) fail(where, `"${k}" must map each name to a non-empty text`);
      return Object.fromEntries(Object.entries(v as Record<string, string>).map(([name, t]) => [name, redactText(t)]));
    };
    const wording: CheckWording = { setting: text('setting')!, required: text('required')!, where: text('where')! };
    // The placeholders of "required": the organisation's parameters, nothing else.
    let ast: hbs.AST.Program;
    try {
      ast = Handlebars.parse(wording.required);
    } catch (e) {
      fail(where, `"required" is not a valid template: ${(e as Error).message.split('\n')[0]}`);
    }
    for (const node of ast!.body) {
      if (node.type === 'ContentStatement') continue;
      const name = node.type === 'MustacheStatement' ? ((node as hbs.AST.MustacheStatement).path as hbs.AST.PathExpression).original : undefined;
      if (name === undefined || !paramIds.has(name)) fail(where, `"required" may only insert organisation parameters as {{parameter-id}}; ${name === undefined ? 'found a block or helper' : `"${name}" is not one (controls/parameters.yaml)`}`);
    }
    const fields = names('fields');
    const compared = comparedFields(check.test);
    if (fields) {
      // Any field the check's texts state may be named: compared, choosing items, a list, applies-when.
      const read = readFields(check);
      for (const f of Object.keys(fields)) if (!read.has(f)) fail(where, `"fields" names "${f}", which the check does not read (it reads: ${[...read].join(', ')})`);
      wording.fields = fields;
      wording.compared = [...compared];
    }
    if (compared.size > 1) {
      const unnamed = [...compared].filter((f) => !fields?.[f]);
      if (unnamed.length) fail(where, `the check compares several values: name each in "fields" (missing: ${unnamed.join(', ')})`);
    }
    const items = text('items', true);
    if (hasList(check.test) && !items) fail(where, 'the check goes over a list: say what its items are in "items" (plural, e.g. "firewall profiles")');
    if (items) wording.items = items;
    const values = names('values');
    if (values) {
      for (const k of Object.keys(values)) {
        const at = k.indexOf('=');
        if (at > 0 && !compared.has(k.slice(0, at))) fail(where, `"values" names "${k}", but the check compares no field "${k.slice(0, at)}" (it compares: ${[...compared].join(', ')})`);
      }
      wording.values = values;
    }
    const na = text('not-applicable', true);
    if (na) wording.notApplicable = na;
    out.set(check.id, wording);
  }
  return out;
}

/**
 * The wording file beside `checksFile`, when there is one; else undefined (a user's own catalog
 * without wording: the reports show the test's own texts).
 */
export function loadWording(checksFile: URL | string, checks: readonly Check[], params: readonly ParameterDef[], onRead?: (file: string, bytes: Buffer) => void): Map<string, CheckWording> | undefined {
  const path = wordingFileFor(checksFile);
  if (!existsSync(path)) return undefined;
  const label = labelOf(typeof checksFile === 'string' ? path : new URL(WORDING_FILE_NAME, checksFile));
  return parseWording(readYaml(path, label, onRead), label, checks, params);
}
