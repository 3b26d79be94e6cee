// A check's title, remediation and description as a document states them. checks.yaml writes a value an
// organisation may set as a placeholder on its parameter ("at most {{lockout-threshold-max}} bad
// logon attempts"), never as the default's digits: a package assessed with lockout-threshold-max =
// 10 must not title the check "at most 3" beside "Required: 1 to 10". One function renders them:
// with a run's values (assess, diff, monitor, exports reading a package), or by name where a
// document is tied to no run (the component definition: "at most the organisation's
// lockout-threshold-max (default 3)"). Pure.
import type { Check, ParameterDef } from './types.js';

/** `{{parameter-id}}`, or with a unit `{{minutes parameter-id}}` (a value in seconds said in minutes) / `{{days parameter-id}}` ("1 day", "7 days"). */
const PLACEHOLDER = /\{\{\s*(?:(minutes|days)\s+)?([^\s{}]+)\s*\}\}/g;

/**
 * A placeholder and the unit word the template writes after it ("{{lockout-duration-min-minutes}} minutes"):
 * named by parameter, the unit goes inside the bracket ("the organisation's lockout-duration-min-minutes
 * (default 15 minutes)"), not after it ("(default 15) minutes").
 */
const UNITS = 'seconds|minutes|hours|days?|KB|MB|GB|bits|bytes|characters|digits';
const PLACEHOLDER_UNIT = new RegExp(`${PLACEHOLDER.source}( (?:${UNITS})\\b)?`, 'g');

/** A placeholder, a word, then a unit ("{{cert-min-remaining-days}} more days"): by name the unit could not go inside the bracket. */
const UNIT_AFTER_WORD = new RegExp(`${PLACEHOLDER.source} ([a-z]+) (${UNITS})\\b`, 'g');

/** Text ending in a determiner or "last"/"first", where "the organisation's X" cannot follow ("within the last {{x}} days"). */
const AFTER_DETERMINER = /(?:^|\s)(?:the|a|an|last|first)\s+$/i;

/** How many brackets are open at the end of `text`. */
function openBrackets(text: string): number {
  let depth = 0;
  for (const ch of text) if (ch === '(') depth++; else if (ch === ')' && depth > 0) depth--;
  return depth;
}

/** The problem with a title, description or remediation template, or undefined: each placeholder names one of the check's number parameters. */
export function templateProblem(text: string, defs: ReadonlyMap<string, ParameterDef>, checkParams: ReadonlySet<string>): string | undefined {
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) return 'inserts a parameter as {{parameter-id}}, {{minutes parameter-id}} or {{days parameter-id}}; found another use of {{ }}';
  for (const m of text.matchAll(PLACEHOLDER)) {
    const id = m[2]!;
    const def = defs.get(id);
    if (!def) return `inserts "${id}", which is not an organisation parameter (controls/parameters.yaml)`;
    if (def.type !== 'number') return `inserts "${id}", a ${def.type} parameter; only a number parameter's value is stated in a title or remediation`;
    if (!checkParams.has(id)) return `inserts "${id}", which the check's test does not compare with`;  }
  // By name "(default 30) more days" leaves the unit outside the bracket: the unit follows the value.
  for (const m of text.matchAll(UNIT_AFTER_WORD)) {
    return `writes "${m[3]} ${m[4]}" after {{${m[2]}}}: write the unit right after the value ("{{${m[2]}}} ${m[4]} ${m[3]}", or rephrase)`;
  }
  // "{{minutes x}} minutes" would read "15 minutes minutes": the helper states the unit.
  for (const m of text.matchAll(PLACEHOLDER_UNIT)) {
    if (m[1] && m[3]) return `inserts "${m[2]}" with {{${m[1]} …}}, which states the unit, and writes "${m[3].trim()}" after it again`;
  }
  return undefined;
}

function numberText(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function valueText(unit: string | undefined, v: number): string {
  if (unit === 'minutes') return v % 60 === 0 ? `${numberText(v / 60)} minute${v === 60 ? '' : 's'}` : `${numberText(v)} second${v === 1 ? '' : 's'}`;
  if (unit === 'days') return `${numberText(v)} day${v === 1 ? '' : 's'}`;
  return numberText(v);
}

/** "1 days" -> "1 day": a plural unit word ("minutes", a parameter's `unit` such as "attempts") said of the value 1. */
export function singular(word: string): string {
  return word.replace(/([a-z]{2,})s$/, '$1');
}

/**
 * Plural unit words a template may write after a value, up to two words on ("{{x}} minutes",
 * "{{x}} bad logon attempts", "{{x}} passwords remembered"): the time and size units and every
 * plural `unit` of controls/parameters.yaml (a test holds the list to the file).
 */
export const PLURAL_UNITS = ['seconds', 'minutes', 'hours', 'days', 'characters', 'digits', 'bits', 'bytes', 'attempts', 'passwords'] as const;
const ONE_THEN_UNIT = new RegExp(`(\\{\\{\\s*(?:(?:minutes|days)\\s+)?([^\\s{}]+)\\s*\\}\\})((?:\\s+[\\w-]+){0,2}?\\s+)(${PLURAL_UNITS.join('|')})\\b`, 'g');

/**
 * The template with the unit word after each placeholder whose value is 1 in the singular ("1 day",
 * "at most 1 bad logon attempt"): check texts and check-wording.yaml's `required` alike.
 */
export function singularAfterOne(template: string, isOne: (id: string) => boolean): string {
  return template.replace(ONE_THEN_UNIT, (m: string, placeholder: string, id: string, lead: string, noun: string) => (isOne(id) ? `${placeholder}${lead}${singular(noun)}` : m));
}

/**
 * The text with each placeholder replaced: by the run's value (`values`, by parameter id), or,
 * without a run (`values` undefined), by the parameter's name and default. A run whose value is
 * unset (no default, none given) names the parameter as not set.
 */
export function renderCheckText(template: string, defs: ReadonlyMap<string, ParameterDef>, values: ReadonlyMap<string, unknown> | undefined): string {
  const text = values ? singularAfterOne(template, (id) => values.get(id) === 1) : template;
  return text.replace(PLACEHOLDER_UNIT, (m: string, unit: string | undefined, id: string, after: string | undefined, at: number) => {
    const def = defs.get(id);
    const value = values ? values.get(id) : undefined;
    // A default of 1 says the unit it brings into its bracket in the singular ("(default 1 day)").
    const tail = after === undefined ? '' : !values && def?.default === 1 ? singular(after) : after;
    const placeholder = m.slice(0, m.length - (after ?? '').length);
    if (values && typeof value === 'number') return valueText(unit, value) + tail;
    const fallback = def && typeof def.default === 'number' ? `default ${valueText(unit, def.default)}` : 'no default';
    const state = values ? 'not set' : fallback;
    // Already in brackets ("the organisation's maximum (…)", a command line in brackets): no second
    // bracket and no owner inside; a unit may follow the default ("(password-min-length, default 14 characters)").
    if ((text[at - 1] === '(' && text[at + placeholder.length] === ')') || (openBrackets(text.slice(0, at)) > 0 && state.startsWith('default '))) return `${id}, ${state}${tail}`;
    // The unit written after the placeholder belongs to the value, inside the bracket.
    const unitWord = tail.trim();
    const stated = !unitWord ? state : state.startsWith('default ') ? `${state} ${unitWord}` : `${state}, in ${unitWord}`;
    // After a determiner ("within the last", "The last") an owner cannot follow: the name stands for the number.
    if (AFTER_DETERMINER.test(text.slice(Math.max(0, at - 12), at))) return `${id} (the organisation's value, ${stated})`;
    return `the organisation's ${id} (${stated})`;
  });
}

/** A check's texts that may state a parameter's value, each beside the field keeping it as written. */
export const TEMPLATED = ['title', 'remediation', 'description'] as const;
export const TEMPLATE_OF = { title: 'titleTemplate', remediation: 'remediationTemplate', description: 'descriptionTemplate' } as const;

/** Whether a check's texts state a parameter's value (its templates differ from the texts). */
function templated(c: Check): boolean {
  return TEMPLATED.some((k) => c[TEMPLATE_OF[k]] !== undefined);
}

/** Records the titles of the organisation parameters of the catalog `check` was read with, by id (see `paramTitlesOf`). */
export function noteParamTitles(check: Check, titles: Readonly<Record<string, string>>, denyLists: readonly string[] = []): void {
  check.paramTitles = titles;
  if (denyLists.length) check.denyLists = denyLists;
}

/**
 * The titles of the organisation parameters (parameters.yaml `title`) of the catalog a check was
 * read with, by id: a result's texts name a parameter by its title, not its id. Undefined for a
 * check made otherwise (a test's own).
 */
export function paramTitlesOf(check: Check): Readonly<Record<string, string>> | undefined {
  return check.paramTitles;
}

function rendered(c: Check, defs: ReadonlyMap<string, ParameterDef>, values: ReadonlyMap<string, unknown> | undefined): Check {
  const out: Check = { ...c };
  for (const k of TEMPLATED) {
    const template = c[TEMPLATE_OF[k]];
    if (template !== undefined) out[k] = renderCheckText(template, defs, values);
  }
  return out;
}

/**
 * The checks as a run states them: each title, remediation and description with the run's parameter values.
 * Checks whose texts state no value are returned as they are (the same objects).
 */
export function checksWithValues(checks: readonly Check[], parameters: readonly ParameterDef[], values: ReadonlyMap<string, unknown>): Check[] {
  const defs = new Map(parameters.map((p) => [p.id, p]));
  return checks.map((c) => (templated(c) ? rendered(c, defs, values) : c));
}

/** The checks as a document tied to no run states them: each value by its parameter's name and default. */
export function checksByParameterName(checks: readonly Check[], parameters: readonly ParameterDef[]): Check[] {
  const defs = new Map(parameters.map((p) => [p.id, p]));
  return checks.map((c) => (templated(c) ? rendered(c, defs, undefined) : c));
}

/**
 * The number parameters' values a package's results were judged with, from the observations'
 * "id = value (origin)" texts (the `parameter` props): what its exports state in check titles.
 */
export function valuesOfParameterTexts(texts: Iterable<string>, parameters: readonly ParameterDef[]): Map<string, unknown> {
  const defs = new Map(parameters.map((p) => [p.id, p]));
  const out = new Map<string, unknown>();
  for (const p of parameters) if (p.type === 'number' && typeof p.default === 'number') out.set(p.id, p.default);
  for (const t of texts) {
    const m = /^(\S+) = (-?\d+(?:\.\d+)?) \(/.exec(t);
    if (m && defs.get(m[1]!)?.type === 'number') out.set(m[1]!, Number(m[2]));
  }
  return out;
}
