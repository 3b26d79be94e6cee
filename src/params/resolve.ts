// Organisation-defined parameter values. Precedence (highest first): a params file given on the
// command line, the set-parameters of an OSCAL profile, the project's documented DoD defaults.
// Every value keeps the place it came from, so each result can say which value it used and why.
import { entryProblem } from '../catalog/list-entries.js';
import { parseCsvRows, quotedHeader } from '../io/csv-text.js';
import type { ParameterDef } from '../catalog/types.js';
import type { ProfileParameter } from '../catalog/profile.js';
import type { ParamUse } from '../evaluate/test-eval.js';
import { isBlank } from '../evaluate/not-read.js';
import { UserError } from '../io/errors.js';
import { placeholderEntry } from './placeholder.js';
import { closestKey, unknownKeyMessage } from '../io/known-keys.js';
import { inputFileName } from '../io/display-path.js';
import { parseJson } from '../snapshot/load.js';
import { escapePointer, numbersWritten } from '../io/json-numbers.js';
import { quoted, redactText } from '../snapshot/secrets.js';

export interface ParamOverride {
  id: string;
  raw: unknown;
  file: string;
  /** Line or JSON pointer inside the file. */
  where: string;
  /**
   * The value with each number as the file writes it ("1.50", "1e3"), where JSON.parse reads another
   * spelling (1.5, 1000): what a parameter that is text takes. Absent where `raw` holds no number.
   */
  written?: unknown;
}

/** Where a value came from, as every report shows it: the file by its own name. */
function describeOverride(o: ParamOverride, kind: 'profile' | 'params file'): string {
  return `${kind} ${inputFileName(o.file)} (${o.where})`;
}

export interface ResolveResult {
  params: Map<string, ParamUse>;
  warnings: string[];
}

/** Days in one of a time parameter's units (controls/parameters.yaml `unit`). */
const UNIT_DAYS: Readonly<Record<string, number>> = { days: 1, hours: 1 / 24, minutes: 1 / 1440, seconds: 1 / 86_400 };

/**
 * The longest span a time parameter may name, in days. Its value is added to a collection time
 * or the clock, and a date is at most 275,760 years from 1970: 1e29 days made no date, and the
 * run died on it. A million days (2,700 years) means "never" as well as any larger number.
 */
export const MAX_SPAN_DAYS = 1_000_000;

/** The largest value of a parameter in `unit`, if it is a unit of time. */
function longestSpan(unit: string | undefined): number | undefined {
  const days = unit !== undefined && Object.hasOwn(UNIT_DAYS, unit) ? UNIT_DAYS[unit] : undefined;
  return days === undefined ? undefined : Math.round(MAX_SPAN_DAYS / days);
}

/** Coerces a raw value (from JSON, CSV text or an OSCAL profile) to the parameter's type; a text with a secret in it is masked, as in a snapshot. */
export function coerce(def: ParameterDef, raw: unknown, written: unknown = raw): { ok: true; value: unknown } | { ok: false; why: string } {
  const asList = (x: unknown): unknown[] =>
    Array.isArray(x) ? x : typeof x === 'string' ? x.split(/[;,]/).map((s) => s.trim()).filter((s) => s !== '') : [x];
  const num = (x: unknown): number | undefined => {
    if (typeof x === 'number' && Number.isFinite(x)) return x;
    if (typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x.trim())) return Number(x.trim());
    return undefined;
  };
  switch (def.type) {
    case 'number': {
      const v = num(Array.isArray(raw) && raw.length === 1 ? raw[0] : raw);
      if (v === undefined) return { ok: false, why: `must be a number, got ${quoted(raw)}` };
      const longest = longestSpan(def.unit);
      if (longest !== undefined && Math.abs(v) > longest) return { ok: false, why: `must be at most ${longest.toLocaleString('en-US')} ${def.unit}${def.unit === 'days' ? '' : ` (${MAX_SPAN_DAYS.toLocaleString('en-US')} days)`}, whether ahead or back: a date further off is past the calendar; got ${quoted(raw)}` };
      return { ok: true, value: v };
    }
    case 'boolean': {
      const r = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
      if (typeof r === 'boolean') return { ok: true, value: r };
      if (typeof r === 'string' && /^(true|false|yes|no|1|0)$/i.test(r.trim())) return { ok: true, value: /^(true|yes|1)$/i.test(r.trim()) };
      return { ok: false, why: `must be true or false, got ${quoted(raw)}` };
    }
    // A text given as a number is taken as written (ParamOverride.written): "1.50", not 1.5.
    case 'string': {
      const r = Array.isArray(written) && written.length === 1 ? written[0] : written;
      return typeof r === 'string' || typeof r === 'number' ? { ok: true, value: redactText(String(r)) } : { ok: false, why: `must be a text, got ${quoted(raw)}` };
    }
    case 'string-list': {
      const list = asList(written).map(String);
      // A blank entry names nothing; kept, it was a denied service no service is called ("\u200B").
      const blank = list.findIndex(isBlank);
      if (blank >= 0) return { ok: false, why: `entry ${blank + 1} is blank (${list[blank] === '' ? 'empty' : 'spaces or invisible characters only'}): every entry of the list must name something, got ${quoted(raw)}` };
      const form = def.entries;
      const problem = form ? list.map((x) => entryProblem(form, x)).find((x) => x !== undefined) : undefined;
      return problem ? { ok: false, why: problem } : { ok: true, value: list };
    }
    case 'number-list': {
      const list = asList(raw).map(num);
      return list.some((x) => x === undefined) ? { ok: false, why: `must be a list of numbers, got ${quoted(raw)}` } : { ok: true, value: list };
    }
  }
}

/** Numbers and booleans are taken from a profile; texts and lists only where a parameter opts in. */
function acceptsProfile(def: ParameterDef): boolean {
  return def.fromProfile ?? (def.type === 'number' || def.type === 'boolean');
}

/**
 * Parameters whose meaning changed under a new id: an old params file setting one is refused, not
 * read with the new meaning (a list of every supported build must not become the list of
 * general-channel builds, where 19044 would pass Windows 10 21H2).
 */
const RETIRED: Readonly<Record<string, string>> = {
  'supported-os-builds': 'was split in three: supported-ltsc-builds (LTSC/LTSB editions), supported-gac-builds (Enterprise and Education editions of the general channel) and supported-server-builds (Windows Server); set the ones you mean',
};

/** What a parameter no organisation has given a value to, and with no default, reads as in every report. */
export const NOT_DEFINED = 'not defined by the organisation';

/**
 * Whether a parameter's default is no value: none (`default: null`), or an empty list (a list
 * only the organisation can fill, reviewed-directory-groups). Reports say "not defined by the
 * organisation", never "default" for a default that is not one.
 */
export function noDefault(def: ParameterDef): boolean {
  return def.default === null || (Array.isArray(def.default) && def.default.length === 0);
}

/**
 * A parameter's origin without the catalog's basis ("default", "not defined by the organisation"):
 * what each observation states. The basis is a paragraph per parameter, the same for the whole
 * run, and repeated in every observation it was 9% of a fleet's assessment results; the result
 * states each parameter's full origin once (oscal/assessment-results.ts). An override's origin
 * (file and line) is short and stays whole. Packages written before "; basis:" wrote "default (basis)".
 */
export function originKind(source: string): string {
  for (const kind of ['default', NOT_DEFINED]) if (source.startsWith(`${kind}; `) || source.startsWith(`${kind} (`)) return kind;
  return source;
}

/**
 * Whether a check parameter's value defines the SP 800-53 ODP it fills: one rule for the SSP's
 * set-parameters (oscal/set-parameters.ts) and the ODPs attestations are judged against
 * (assess/config.ts definedOdps), which disagreed on an empty list. Not: no value, a default that is
 * none ("not defined by the organisation"), a text restating the blank ("TBD": placeholder.ts), and
 * an empty list, whoever gave it. Every list parameter an ODP takes names what the organisation must
 * name (cm-07_odp.05/.06 the functions and services to prohibit, sc-45.01_odp.02 the authoritative
 * time sources), and none of those ODPs has "none" for an answer: an empty list names nothing (a deny
 * list's checks are not collected on it). A list ODP whose meaning allowed "none" would need saying so.
 */
export function definesOdp(value: unknown, source: string): boolean {
  if (value === null || value === undefined || originKind(source) === NOT_DEFINED) return false;
  const list = Array.isArray(value) ? value : [value];
  return list.length > 0 && placeholderEntry(list.filter((x): x is string => typeof x === 'string')) === undefined;
}

/** A value as the reports state it beside its origin: a parameter with no default and none given reads "(not defined by the organisation)", not an empty list. */
export function paramValueText(p: { value: unknown; source: string }): string {
  if (p.value === null || p.value === undefined) return `(${NOT_DEFINED})`;
  if (Array.isArray(p.value)) return p.value.length > 0 ? p.value.join(', ') : originKind(p.source) === NOT_DEFINED ? `(${NOT_DEFINED})` : '(none)';
  return String(p.value);
}

function defaultSource(def: ParameterDef): string {
  // One bracket level: the basis has brackets of its own ("(default (DISA …))" read as nested).
  return `${noDefault(def) ? NOT_DEFINED : 'default'}; basis: ${def.basis}`;
}

/**
 * Resolves every parameter. Profile values that do not fit the parameter's type (OSCAL profiles
 * often hold prose) are skipped with a warning; a params file value that does not fit is an error,
 * because the user wrote it for this tool.
 */
export function resolveParameters(defs: readonly ParameterDef[], profile: readonly ParamOverride[], file: readonly ParamOverride[]): ResolveResult {
  const params = new Map<string, ParamUse>();
  const warnings: string[] = [];
  for (const def of defs) params.set(def.id, { id: def.id, value: def.default, source: defaultSource(def) });

  const byOdp = new Map<string, ParameterDef[]>();
  for (const def of defs) if (def.odp) byOdp.set(def.odp, [...(byOdp.get(def.odp) ?? []), def]);
  for (const o of profile) {
    const linked = byOdp.get(o.id) ?? [];
    if (linked.length === 0) continue; // an ODP no check uses
    if (linked.length > 1) {
      // One ODP value cannot mean "14 characters" and "24 remembered passwords" at once.
      warnings.push(`${describeOverride(o, 'profile')}: not applied: ${o.id} is filled by several parameters (${linked.map((d) => d.id).join(', ')}); set them in a params file`);
      continue;
    }
    const def = linked[0]!;
    if (!acceptsProfile(def)) {
      warnings.push(`${describeOverride(o, 'profile')}: not applied to ${def.id}: a profile's ${def.type} value is prose for people, not a list the checks can use; set it in a params file`);
      continue;
    }
    // "TBD", "[Assignment: organization-defined …]": the profile leaves the value to come, it sets none.
    const blank = placeholderEntry((Array.isArray(o.raw) ? o.raw : [o.raw]).filter((x): x is string => typeof x === 'string'));
    if (blank !== undefined) {
      warnings.push(`${describeOverride(o, 'profile')}: value for ${def.id} ignored: ${JSON.stringify(blank)} only restates the blank the organisation must fill, it defines nothing; using ${params.get(def.id)?.source}`);
      continue;
    }
    const c = coerce(def, o.raw, o.written);
    if (c.ok) params.set(def.id, { id: def.id, value: c.value, source: describeOverride(o, 'profile') });
    else warnings.push(`${describeOverride(o, 'profile')}: value for ${def.id} ignored: ${c.why}; using ${params.get(def.id)?.source}`);
  }
  const ids = new Map(defs.map((d) => [d.id, d]));
  // A parameter set twice in the params file: which value the organisation meant is a guess.
  const setAt = new Map<string, ParamOverride>();
  for (const o of file) {
    const def = ids.get(o.id) ?? (byOdp.get(o.id)?.length === 1 ? byOdp.get(o.id)![0] : undefined);
    if (!def) {
      const retired = RETIRED[o.id];
      if (retired) throw new UserError(`parameter "${o.id}" ${retired}`, { file: o.file, where: o.where });
      const hint = byOdp.get(o.id) ? ` (ODP ${o.id} is filled by several parameters: ${byOdp.get(o.id)!.map((d) => d.id).join(', ')}; name one)` : '';
      const near = hint ? undefined : closestKey(o.id, defs.map((d) => d.id));
      const guess = near !== undefined ? `: did you mean "${near}"?` : '';
      throw new UserError(`unknown parameter "${o.id}"${guess}${hint}; "ato-evidence checks --params" lists them`, { file: o.file, where: o.where });
    }
    const first = setAt.get(def.id);
    if (first) throw new UserError(`${def.id} is set twice (${first.id === o.id ? '' : `as ${first.id} and as ${o.id}, `}first at ${first.where}); set it once`, { file: o.file, where: o.where });
    setAt.set(def.id, o);
    // A check parameter filling an ODP holds the organisation's value: "TBD" would be compared
    // (a banner reading "TBD" passing) and stated as ac-08_odp.01 in the SSP (placeholder.ts).
    const blank = def.odp ? placeholderEntry((Array.isArray(o.raw) ? o.raw : [o.raw]).filter((x): x is string => typeof x === 'string')) : undefined;
    if (blank !== undefined) throw new UserError(`${def.id} is ${JSON.stringify(blank)}, which only restates the blank the organisation must fill (${def.odp}): give the organisation's value, or leave ${def.id} out`, { file: o.file, where: o.where });
    const c = coerce(def, o.raw, o.written);
    if (!c.ok) throw new UserError(`${def.id} ${c.why}`, { file: o.file, where: o.where });
    params.set(def.id, { id: def.id, value: c.value, source: describeOverride(o, 'params file') });
  }
  return { params, warnings };
}

/** A params file: JSON `{ "id": value }` or CSV with columns `parameter,value`. */
export function parseParamsFile(text: string, file: string): ParamOverride[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{')) {
    const doc = parseJson(text, file);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UserError('a JSON params file must be an object of parameter id -> value', { file, where: '/' });
    // JSON.parse reads 1.50 as 1.5 and 1e3 as 1000: a value that is text keeps what was written.
    const numbers = numbersWritten(text.replace(/^\uFEFF/, ''));
    const asWritten = (v: unknown, at: string): unknown =>
      typeof v === 'number' ? (numbers.get(at) ?? String(v)) : Array.isArray(v) ? v.map((x, i) => asWritten(x, `${at}/${i}`)) : v;
    return Object.entries(doc as Record<string, unknown>).map(([id, raw]) => {
      const at = `/${escapePointer(id)}`;
      const written = asWritten(raw, at);
      return { id, raw, file, where: `/${id}`, ...(JSON.stringify(written) !== JSON.stringify(raw) ? { written } : {}) };
    });
  }
  const rows = parseCsvRows(text, file);
  const header = rows[0]?.record.map((h) => h.toLowerCase());
  if (!header || header.length < 2 || !['parameter', 'id', 'param-id'].includes(header[0]!) || header[1] !== 'value') {
    throw new UserError(`${rows[0] ? `the header is ${quotedHeader(rows[0].record)}, but ` : ''}a CSV params file needs the header "parameter,value"`, { file, where: `line ${rows[0]?.line ?? 1}` });
  }
  // A third column (a note, a second value) is not read: refused rather than ignored.
  const extra = header.findIndex((h, i) => i >= 2 && h !== '');
  if (extra >= 0) {
    throw new UserError(`the header is ${quotedHeader(rows[0]!.record)}: column ${extra + 1}: ${unknownKeyMessage(header[extra]!, ['parameter', 'value'], 'column')}; a CSV params file has the two columns "parameter,value"`, { file, where: `line ${rows[0]!.line}` });
  }
  const filled = rows.slice(1).find(({ record }) => record.slice(2).some((f) => f !== ''));
  if (filled) throw new UserError('a field beyond "parameter,value" is not read: a CSV params file has two columns (quote a value holding a comma)', { file, where: `line ${filled.line}` });
  return rows.slice(1).map(({ record, line }) => ({ id: record[0] ?? '', raw: record[1] ?? '', file, where: `line ${line}` }));
}

/**
 * A --profile's set-parameters with values, as parameter overrides (each names the profile that set
 * it). The settings come from the profile loader (catalog/profile.ts), which refuses a key OSCAL's
 * profile schema does not allow: there is no second, unchecked reader of a profile here.
 */
export function profileOverrides(sets: readonly ProfileParameter[]): ParamOverride[] {
  // A setting without values (constraints or guidance only, as NIST's baselines) sets nothing.
  return sets.flatMap((p) => (p.values?.length ? [{ id: p.paramId, raw: p.values.length === 1 ? p.values[0] : p.values, file: p.file, where: p.where }] : []));
}
