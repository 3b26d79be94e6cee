// The run's configuration: check catalog, organisation parameters, deviations, control index.
// Loaded the same way by the main thread and by each worker, so all agree byte for byte.
import { loadCatalog, type CheckCatalog } from '../catalog/load-checks.js';
import type { Check } from '../catalog/types.js';
import { checksWithValues } from '../catalog/check-texts.js';
import { redactText } from '../snapshot/secrets.js';
import { indexFromCatalog, loadControlIndex, lookupControl, type ControlEntry, type ControlIndex } from '../catalog/control-index.js';
import { withSelectionsShown } from '../catalog/selection-shown.js';
import { assessmentOf, insertedParams, objectiveTextOf, odpLabel, selectionNeeds } from '../catalog/objectives.js';
import { addedRequirements, alterStatement, loadProfileFile, type LoadedDoc, type ResolvedProfile } from '../catalog/profile.js';
import { parseJson } from '../io/json-text.js';
import type { DeviationRecord } from '../evaluate/evaluate-check.js';
import { parseDeviations } from '../evaluate/deviations.js';
import { readUtf8File, textLimit } from '../io/utf8.js';
import { MAX_CSV_CHARS } from '../io/csv-text.js';
import type { ReadLimit } from '../io/file-queue.js';
import { sha256Hex } from '../oscal/ids.js';
import { definesOdp, parseParamsFile, profileOverrides, resolveParameters, type ParamOverride } from '../params/resolve.js';
import { validateCheckIds } from '../catalog/check-objectives.js';
import { placeholderEntry } from '../params/placeholder.js';
import { UserError } from '../io/errors.js';
import { inputFileName } from '../io/display-path.js';
import { byCount } from '../io/english.js';

export interface ConfigOptions {
  checks?: string;
  params?: string;
  profile?: string;
  deviations?: string;
  catalog?: string;
  /** The documents a --profile imports, by the path they are read at: monitor --regenerate's kept bytes (else read from disk). */
  imports?: (file: string) => Buffer | undefined;
}

export interface RunConfig {
  catalog: CheckCatalog;
  params: ReturnType<typeof resolveParameters>;
  deviations: DeviationRecord[];
  index: ControlIndex;
  /** The resolved --profile: its controls replace the baseline's, its parameters and added parts apply. */
  profile?: ResolvedProfile;
  /** A digest of everything above: part of the key every uuid derives from. */
  inputDigest: string;
  /** Things the user should know about the configuration. */
  warnings: string[];
  /**
   * The catalog's checks with the run's values, before withSelectionsShown judged their selection
   * objectives with this run's ODP values: `diff` judges each side's with the values its SSP states.
   */
  checksUnshown: readonly Check[];
}

/**
 * A user's catalog replaces the bundled index's titles and objectives; controls it does not
 * define (a baseline's resolved catalog lacks the others) keep the bundled entry, and say so.
 */
export function withCatalog(bundled: ControlIndex, user: ControlIndex, cited: readonly string[], file: string, warnings: string[]): ControlIndex {
  const missing = cited.filter((id) => !user.controls[id] && bundled.controls[id]);
  if (missing.length) warnings.push(`${file} does not define ${missing.join(', ')}; ${byCount(missing.length, 'its title and objectives come', 'their titles and objectives come')} from the bundled rev5 index`);
  const noObjectives = cited.filter((id) => user.controls[id] && !user.controls[id]!.assessment && bundled.controls[id]);
  if (noObjectives.length) warnings.push(`${file} has no SP 800-53A assessment objectives for ${noObjectives.join(', ')}; the verdicts per objective use NIST's (the bundled rev5 objectives)`);
  return { source: user.source, controls: { ...bundled.controls, ...user.controls }, baselines: user.baselines };
}

function readText(file: string, limit?: ReadLimit): string {
  return readUtf8File(file, 'input', limit);
}

/**
 * The control index a run judges objectives by: the bundled rev5 index, or --catalog's titles and
 * objectives over it. One function, so an export of the package (HDF's nist_in_part) reads the
 * objectives the AR and SSP were written with.
 */
export function runControlIndex(catalogDoc: LoadedDoc | undefined, checks: readonly Check[], warnings: string[]): ControlIndex {
  const bundled = loadControlIndex();
  if (!catalogDoc) return bundled;
  const cited = [...new Set(checks.flatMap((c) => c.controls))];
  return withCatalog(bundled, indexFromCatalog(catalogDoc.doc, { file: catalogDoc.file, baselinesFrom: bundled }), cited, catalogDoc.file, warnings);
}

/** --catalog's file, read and parsed (undefined without one). */
export function readCatalogDoc(file: string | undefined, read: (file: string) => string = readText): LoadedDoc | undefined {
  return file ? { file, doc: parseJson(read(file), file) } : undefined;
}

/**
 * A params or deviations file is kept by a person (CSV, or JSON in the same form) and holds at
 * most 16 MiB of text: refused on its size before a byte is read (a 400 MB deviations CSV took
 * 860 MB of memory to be told it was over 16 MiB).
 */
export const PERSON_FILE_LIMIT = (what: string): ReadLimit => textLimit(MAX_CSV_CHARS, what);

/**
 * The profile's parameter labels and values, and its added parts, in the index entries (copies:
 * the bundled index is shared), so every report shows the tailored text and every verdict counts
 * the added requirements (`added`).
 */
function withProfile(index: ControlIndex, profile: ResolvedProfile, warnings: string[]): ControlIndex {
  const controls = { ...index.controls };
  const entry = (id: string): ControlEntry | undefined => (controls[id] ? (controls[id] = { ...controls[id]! }) : undefined);
  const owner = new Map(Object.entries(index.controls).flatMap(([id, e]) => e.params.map((p) => [p, id] as const)));
  for (const p of profile.setParameters) {
    const e = entry(owner.get(p.paramId) ?? '');
    if (!e) continue;
    if (p.label) e.paramLabels = { ...e.paramLabels, [p.paramId]: p.label };
    // A value that only restates the blank ("TBD", "[Assignment: organization-defined frequency]")
    // defines nothing: the ODP stays undefined, and no SSP states it as the value.
    const blank = p.values ? placeholderEntry(p.values, p.label ?? odpLabel(index, owner.get(p.paramId)!, p.paramId)) : undefined;
    if (blank !== undefined) warnings.push(restatedWarning(p.paramId, blank, `profile ${inputFileName(p.file)} (${p.where})`));
    else if (p.values) {
      e.paramValues = { ...e.paramValues, [p.paramId]: p.values.join(', ') };
      e.paramOrigins = { ...e.paramOrigins, [p.paramId]: `profile ${inputFileName(p.file)} (${p.where})` };
    }
  }
  const byControl = new Map<string, ResolvedProfile['alters']>();
  for (const a of profile.alters) byControl.set(a.controlId, [...(byControl.get(a.controlId) ?? []), a]);
  for (const [id, alters] of byControl) {
    const e = entry(id);
    const statement = e ? alterStatement(e.statement, alters) : undefined;
    if (e && statement) e.statement = statement;
    // What the profile adds is required too: a leaf of the control no check shows.
    const added = addedRequirements(id, alters);
    if (e && added.length) e.added = added;
  }
  return { ...index, controls };
}

/**
 * A params file may also set an organisation-defined parameter of the catalog that no check's
 * parameter fills (at-02_odp.01, the frequency of awareness training): no check reads it, but an
 * attestation of its control is judged against the organisation's values only when they are
 * defined (withUndefinedOdps), and the statements show it. Those entries are taken apart here
 * (a text, or a list of texts); the rest are the checks' parameters (resolveParameters).
 */
function splitOdpValues(all: readonly ParamOverride[], defs: CheckCatalog['parameters'], index: ControlIndex, warnings: string[]): { file: ParamOverride[]; odps: OdpValue[] } {
  const checkIds = new Set(defs.flatMap((d) => (d.odp ? [d.id, d.odp] : [d.id])));
  // An aggregate (ac-1_prm_1) is the statement's one blank its ODPs split: its value defines them (withAggregateValues).
  const catalogOdps = new Set(Object.values(index.controls).flatMap((e) => [...e.params.filter((p) => p.includes('_odp')), ...Object.keys(e.aggregates ?? {})]));
  const file: ParamOverride[] = [];
  const odps: OdpValue[] = [];
  const setAt = new Map<string, string>();
  for (const o of all) {
    if (checkIds.has(o.id) || !catalogOdps.has(o.id)) {
      file.push(o);
      continue;
    }
    // A number as the file writes it (ParamOverride.written): an ODP is text, "1.50" not 1.5.
    const given = o.written ?? o.raw;
    const list = Array.isArray(given) ? given : [given];
    const texts = list.map((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v));
    if (!texts.length || texts.some((v) => typeof v !== 'string' || v.trim() === '')) {
      throw new UserError(`${o.id} must be the organisation's value: a non-empty text or a list of them`, { file: o.file, where: o.where });
    }
    const first = setAt.get(o.id);
    if (first) throw new UserError(`${o.id} is set twice (first at ${first}); set it once`, { file: o.file, where: o.where });
    setAt.set(o.id, o.where);
    const owner = Object.entries(index.controls).find(([, e]) => e.params.includes(o.id))?.[0];
    const blank = placeholderEntry(texts as string[], owner ? odpLabel(index, owner, o.id) : undefined);
    if (blank !== undefined) {
      warnings.push(restatedWarning(o.id, blank, `params file ${inputFileName(o.file)} (${o.where})`));
      continue;
    }
    // Masked as any input's text is: the statements every document prints quote it.
    odps.push({ id: o.id, value: redactText((texts as string[]).map((v) => v.trim()).join(', ')), origin: `params file ${inputFileName(o.file)} (${o.where})` });
  }
  return { file, odps };
}

/** The warning for an ODP value that restates its placeholder (placeholder.ts): it is not taken. */
function restatedWarning(id: string, value: string, origin: string): string {
  return `${origin}: ${id} is ${JSON.stringify(value)}, which only restates the blank the organisation must fill: it defines nothing, so ${id} stays undefined; give the organisation's value`;
}

interface OdpValue {
  id: string;
  value: string;
  /** Where it was set, as reports show it (the SSP's set-parameters remarks). */
  origin: string;
}

/** The params file's catalog ODP values in the index entries (copies), over a profile's. */
function withOdpValues(index: ControlIndex, odps: readonly OdpValue[]): ControlIndex {
  if (!odps.length) return index;
  const controls = { ...index.controls };
  const owner = new Map(Object.entries(index.controls).flatMap(([id, e]) => e.params.map((p) => [p, id] as const)));
  for (const o of odps) {
    const id = owner.get(o.id)!;
    controls[id] = { ...controls[id]!, paramValues: { ...controls[id]!.paramValues, [o.id]: o.value }, paramOrigins: { ...controls[id]!.paramOrigins, [o.id]: o.origin } };
  }
  return { ...index, controls };
}

/**
 * A value set for an aggregate parameter (NIST's ac-1_prm_1, "organization-defined personnel or
 * roles", which aggregates ac-01_odp.01 and ac-01_odp.02: the one blank of the statement the ODPs
 * split) is the value of each ODP it aggregates that is not set itself: the SSP states it for each,
 * with its origin, and an attestation is judged against it.
 */
function withAggregateValues(index: ControlIndex): ControlIndex {
  let controls: Record<string, ControlEntry> | undefined;
  for (const [id, e] of Object.entries(index.controls)) {
    for (const [prm, odps] of Object.entries(e.aggregates ?? {})) {
      const value = e.paramValues?.[prm];
      if (value === undefined || !value.trim()) continue;
      controls ??= { ...index.controls };
      const cur = controls[id]!;
      const unset = odps.filter((o) => cur.paramValues?.[o] === undefined);
      if (!unset.length) continue;
      const origin = `${cur.paramOrigins?.[prm] ?? 'the organisation'}, as ${prm}, which aggregates it`;
      controls[id] = {
        ...cur,
        paramValues: { ...cur.paramValues, ...Object.fromEntries(unset.map((o) => [o, value])) },
        paramOrigins: { ...cur.paramOrigins, ...Object.fromEntries(unset.map((o) => [o, origin])) },
      };
    }
  }
  return controls ? { ...index, controls } : index;
}

/**
 * `read` returns a file's text (monitor --regenerate passes the bytes kept in the evidence store
 * under their original names); `onRead` is told the bytes of every other file the options pull
 * in, as read: --checks and the check-wording.yaml beside it, the catalogs and profiles a
 * --profile imports, the parameter definitions whose defaults apply (option, file, bytes).
 */
export function loadRunConfig(opts: ConfigOptions, read: (file: string, limit?: ReadLimit) => string = readText, onRead?: (option: string, file: string, bytes: Buffer) => void): RunConfig {
  const via = (option: string) => (onRead ? (file: string, bytes: Buffer) => onRead(option, file, bytes) : undefined);
  const onChecksRead = via('--checks');
  // The parameters' defaults decide a verdict wherever --params and --profile leave a value: cited as '--params defaults'.
  const onParametersRead = via('--params');
  const catalog = loadCatalog({ ...(opts.checks ? { checksFile: opts.checks } : {}), ...(opts.checks && onChecksRead ? { onRead: onChecksRead } : {}), ...(onParametersRead ? { onParametersRead } : {}) });
  const catalogDoc = readCatalogDoc(opts.catalog, read);
  const resolved = opts.profile ? loadProfileFile(opts.profile, catalogDoc, read(opts.profile), via('--profile'), opts.imports) : undefined;
  const profile: ParamOverride[] = resolved ? profileOverrides(resolved.setParameters) : [];
  const warnings: string[] = [];
  const base = runControlIndex(catalogDoc, catalog.checks, warnings);
  const all: ParamOverride[] = opts.params ? parseParamsFile(read(opts.params, PERSON_FILE_LIMIT('params')), opts.params) : [];
  const { file, odps } = splitOdpValues(all, catalog.parameters, base, warnings);
  const params = resolveParameters(catalog.parameters, profile, file);
  const deviations = opts.deviations ? parseDeviations(read(opts.deviations, PERSON_FILE_LIMIT('deviations')), opts.deviations, new Set(catalog.checks.map((c) => c.id))) : [];
  if (resolved) warnings.unshift(...resolved.warnings);
  const index = withAggregateValues(withOdpValues(resolved ? withProfile(base, resolved, warnings) : base, odps));
  validateCheckIds(catalog.checks, index, opts.checks ?? 'controls/checks.yaml', opts.catalog ?? 'controls/rev5-index.json');
  const profileKey = resolved ? { controls: resolved.controls, setParameters: resolved.setParameters, alters: resolved.alters } : undefined;
  // A deviation's `at` (the file as the user named it, for messages) is no part of what was decided.
  const inputDigest = sha256Hex(JSON.stringify({ checks: catalog.checks, params: [...params.params.values()], deviations: deviations.map(({ at: _at, ...d }) => d), catalog: index.source, profile: profileKey, ...(odps.length ? { odps: odps.map((o) => [o.id, o.value]) } : {}) }));
  // Every document of the run states a check's title and remediation with the run's values
  // ("at most 10 bad logon attempts" when the params file says 10), never the defaults.
  const values = new Map([...params.params.values()].map((p) => [p.id, p.value]));
  const withValues = { ...catalog, checks: checksWithValues(catalog.checks, catalog.parameters, values) };
  // A check showing an objective whose statement inserts a selection the run leaves unmade, or
  // makes with a choice the pass does not show, shows it only in part (catalog/selection-shown.ts).
  const defined = definedOdps({ catalog: withValues, params, index });
  const valueOf = odpValueOf({ catalog: withValues, params, index });
  const stated = { ...withValues, checks: withSelectionsShown(withValues.checks, index, (odp) => (defined.has(odp) ? valueOf(odp) : undefined)) };
  return { catalog: stated, params, deviations, index, inputDigest, warnings, checksUnshown: withValues.checks, ...(resolved ? { profile: resolved } : {}) };
}

/**
 * The organisation-defined parameters (SP 800-53 ODP ids) a run's configuration defines: those its
 * parameter values fill (--params, --profile, a default; the SSP's set-parameters). assess and
 * monitor name an attested control's others in its finding (withUndefinedOdps).
 */
export function definedOdps(config: Pick<RunConfig, 'catalog' | 'params' | 'index'>): Set<string> {
  // As the SSP's set-parameters state them (one rule, definesOdp): not a value nobody defined, an
  // empty list or a text restating the blank ("TBD", which a params file has refused and a profile skipped).
  const ofChecks = [...config.params.params.values()].flatMap((p) => {
    const odp = config.catalog.parameters.find((d) => d.id === p.id)?.odp;
    return odp && definesOdp(p.value, p.source) ? [odp] : [];
  });
  // A --profile's set-parameters values or the params file's (splitOdpValues) define an ODP no check reads.
  const ofCatalog = Object.values(config.index.controls).flatMap((e) => Object.entries(e.paramValues ?? {}).flatMap(([id, v]) => (v.trim() ? [id] : [])));
  return new Set<string>([...ofChecks, ...ofCatalog]);
}

/** An ODP's value as the run defines it: the organisation's (params file, profile) or a check parameter's. */
function odpValueOf(config: Pick<RunConfig, 'catalog' | 'params' | 'index'>): (odp: string) => string | undefined {
  const owner = new Map(Object.entries(config.index.controls).flatMap(([id, e]) => e.params.map((p) => [p, id] as const)));
  return (odp) => {
    const own = config.index.controls[owner.get(odp) ?? '']?.paramValues?.[odp];
    if (own !== undefined) return own;
    const uses = config.catalog.parameters.filter((d) => d.odp === odp).map((d) => config.params.params.get(d.id)?.value);
    const texts = uses.flatMap((v) => (v === null || v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]));
    return texts.length ? texts.join('; ') : undefined;
  };
}

/** What withUndefinedOdps reads of a run's configuration: one place for assess, monitor and drift. */
export function odpsOfRun(config: Pick<RunConfig, 'catalog' | 'params' | 'index'>): OdpsOfRun {
  const text = objectiveTextOf(config.index);
  const defined = definedOdps(config);
  const owner = new Map(Object.entries(config.index.controls).flatMap(([id, e]) => e.params.map((p) => [p, id] as const)));
  const valueOf = odpValueOf(config);
  // What an objective's statement states: the parameters it inserts, and those a defined
  // selection's value needs through a choice that inserts them (selectionNeeds), in turn.
  const inserts = (objectiveId: string): string[] => {
    const out = new Set<string>();
    const add = (odp: string): void => {
      if (out.has(odp)) return;
      out.add(odp);
      const controlId = owner.get(odp);
      // An aggregate (ac-1_prm_1) states each ODP it aggregates.
      for (const id of config.index.controls[controlId ?? '']?.aggregates?.[odp] ?? []) add(id);
      if (!controlId || !defined.has(odp)) return;
      for (const id of selectionNeeds(assessmentOf(config.index, controlId)?.params?.[odp], valueOf(odp))) add(id);
    };
    for (const id of insertedParams(text(objectiveId).prose)) add(id);
    return [...out];
  };
  // The values the run's checks were shown with (withSelectionsShown: a defined ODP's value), by id, sorted.
  const values = new Map([...defined].sort().flatMap((odp) => {
    const v = valueOf(odp);
    return v === undefined ? [] : [[odp, v] as const];
  }));
  return {
    of: (id) => lookupControl(config.index, id)?.params ?? [],
    defined,
    values,
    label: (id, odp) => odpLabel(config.index, id, odp),
    inserts,
  };
}

export interface OdpsOfRun {
  of: (controlId: string) => readonly string[];
  defined: ReadonlySet<string>;
  /** The defined ODPs' values (sorted by id), as the run's checks' selection objectives were shown with them (loadRunConfig). */
  values: ReadonlyMap<string, string>;
  label: (controlId: string, odp: string) => string | undefined;
  /** The parameters an objective's determination statement inserts (catalog prose). */
  inserts: (objectiveId: string) => readonly string[];
}

/**
 * The options whose text every document prints (--system-name on every title and PDF page,
 * --assessor as a party, --marking on every page), masked as any input's text is: typed on a
 * command line, they may hold what a person pasted ("CUI token=…").
 */
export function withMaskedTexts<T extends { systemName?: string; assessor?: string; marking?: string }>(opts: T): T {
  const out = { ...opts };
  for (const k of ['systemName', 'assessor', 'marking'] as const) if (typeof out[k] === 'string') out[k] = redactText(out[k]!) as T[typeof k];
  return out;
}
