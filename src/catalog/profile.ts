/**
 * OSCAL profile resolution, to the extent the tool needs: which controls a profile selects (in
 * catalog order), the parameter values it sets, and the parts it adds. Enough for any NIST
 * baseline and for an organisation's tailored profile on top of one (see docs/profiles.md).
 *
 * `resolveProfileDoc` is pure: every document it needs comes through an `ImportSource`.
 * `loadProfileFile` is the thin loader that reads files.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { parseJson, parseJsonBytes, readJsonFile } from '../io/json-text.js';
import { readUserFile } from '../io/file-queue.js';
import { UserError } from '../io/errors.js';
import { refuseUnknownKeys } from '../io/known-keys.js';
import { redactText } from '../snapshot/secrets.js';
import type { AddedRequirement } from './control-index.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The keys OSCAL's profile schema (1.1.3) allows in the objects the tool reads. A key outside them
 * is refused, never ignored: `set-parameter:` for `set-parameters:` would drop every value the
 * organisation set and leave the defaults in force without a word.
 */
const OSCAL_KEYS = {
  profile: ['uuid', 'metadata', 'imports', 'merge', 'modify', 'back-matter'],
  import: ['href', 'include-all', 'include-controls', 'exclude-controls'],
  selector: ['with-child-controls', 'with-ids', 'matching'],
  matching: ['pattern'],
  modify: ['set-parameters', 'alters'],
  setParameter: ['param-id', 'class', 'depends-on', 'props', 'links', 'label', 'usage', 'constraints', 'guidelines', 'values', 'select'],
  alter: ['control-id', 'removes', 'adds'],
  add: ['position', 'by-id', 'title', 'params', 'props', 'links', 'parts'],
  part: ['id', 'name', 'ns', 'class', 'title', 'props', 'prose', 'parts', 'links'],
} as const;

function oscalKeys(o: Json, keys: readonly string[], where: string, file: string): void {
  refuseUnknownKeys(o, keys, where, (at, message) => {
    throw new UserError(`${message}: OSCAL's profile schema has no such key there`, { file, where: at });
  });
}

/** A parameter setting, with the profile (and place) that made it. */
export interface ProfileParameter {
  paramId: string;
  values?: string[];
  label?: string;
  file: string;
  where: string;
}

/** A part added to a control by an `alter`. */
export interface AddedPart {
  name: string;
  id?: string;
  title?: string;
  prose?: string;
  label?: string;
  parts?: AddedPart[];
}

export interface ProfileAlter {
  controlId: string;
  /** OSCAL positions: before/after the by-id part, or starting/ending of the control (default ending). */
  position: 'before' | 'after' | 'starting' | 'ending';
  byId?: string;
  parts: AddedPart[];
  file: string;
  where: string;
}

export interface ResolvedProfile {
  /** The profile file as the user named it. */
  file: string;
  title?: string;
  /** Selected control ids, in the order of the catalog they come from. */
  controls: string[];
  /** Effective parameter settings: an importing profile's setting replaces an imported one's. */
  setParameters: ProfileParameter[];
  alters: ProfileAlter[];
  /** The catalog files (or the --catalog file) the profile chain ends in. */
  catalogs: string[];
  warnings: string[];
}

/** A parsed document and the name it is known by (a path, relative to the working folder). */
export interface LoadedDoc {
  file: string;
  doc: unknown;
}

export interface ImportSource {
  /**
   * The document a relative href names, resolved against the importing file; undefined when no
   * such local file exists. Throws UserError when it exists but cannot be read or parsed.
   */
  readLocal(href: string, from: string): LoadedDoc | undefined;
  /** The catalog the user gave with --catalog: satisfies imports of a remote or absent catalog. */
  external?: LoadedDoc;
}

/** Where NIST publishes the full catalog, for the error that asks for it. */
export const NIST_CATALOG_URL = 'https://github.com/usnistgov/oscal-content/blob/main/nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json';

// ---- catalog trees -----------------------------------------------------------------------------

interface CatalogNode {
  id: string;
  /** Global order: the catalog's rank plus the control's position in it. */
  rank: number;
  /** Ancestor control ids in the base catalog, nearest first. */
  ancestors: string[];
  params: string[];
  partIds: Set<string>;
}

/** The controls a catalog or a resolved profile offers to an importing profile. */
interface Source {
  label: string;
  nodes: Map<string, CatalogNode>;
  setParameters: ProfileParameter[];
  alters: ProfileAlter[];
  catalogs: string[];
}

const CATALOG_STRIDE = 1e6;

function catalogSource(loaded: LoadedDoc, rank: number): Source {
  const { file, doc } = loaded;
  const cat = isObject(doc) && isObject(doc.catalog) ? doc.catalog : undefined;
  if (!cat) throw new UserError('is not an OSCAL catalog or profile (its root must be "catalog" or "profile")', { file });
  const nodes = new Map<string, CatalogNode>();
  let n = 0;
  const collectPartIds = (parts: unknown, into: Set<string>): void => {
    if (!Array.isArray(parts)) return;
    for (const p of parts) {
      if (!isObject(p)) continue;
      if (typeof p.id === 'string') into.add(p.id);
      collectPartIds(p.parts, into);
    }
  };
  const visitControls = (list: unknown, ancestors: string[]): void => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!isObject(c) || typeof c.id !== 'string') continue;
      const partIds = new Set<string>();
      collectPartIds(c.parts, partIds);
      const params = Array.isArray(c.params) ? c.params.filter(isObject).map((p) => p.id).filter((x): x is string => typeof x === 'string') : [];
      if (!nodes.has(c.id)) nodes.set(c.id, { id: c.id, rank: rank * CATALOG_STRIDE + n++, ancestors, params, partIds });
      visitControls(c.controls, [c.id, ...ancestors]);
    }
  };
  const visitGroups = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const g of list) {
      if (!isObject(g)) continue;
      visitControls(g.controls, []);
      visitGroups(g.groups);
    }
  };
  visitGroups(cat.groups);
  visitControls(cat.controls, []);
  if (nodes.size === 0) throw new UserError('the catalog defines no controls', { file });
  const title = isObject(cat.metadata) && typeof cat.metadata.title === 'string' ? ` (${cat.metadata.title})` : '';
  return { label: `${file}${title}`, nodes, setParameters: [], alters: [], catalogs: [file] };
}

// ---- resolution --------------------------------------------------------------------------------

interface ResolveState {
  source: ImportSource;
  /** Files being resolved, outermost first: an import of one of them is a cycle. */
  stack: string[];
  /** Parsed catalogs by file, so a catalog imported twice is read once and ranked once. */
  catalogs: Map<string, Source>;
  warnings: string[];
}

const key = (file: string) => resolvePath(file);

/** Resolves a parsed profile. Pure: documents come from `source`. */
export function resolveProfileDoc(loaded: LoadedDoc, source: ImportSource): ResolvedProfile {
  const state: ResolveState = { source, stack: [], catalogs: new Map(), warnings: [] };
  const out = resolveInto(loaded, state);
  const prof = (loaded.doc as { profile: Json }).profile;
  const title = isObject(prof.metadata) && typeof prof.metadata.title === 'string' ? prof.metadata.title : undefined;
  return {
    file: loaded.file,
    ...(title ? { title } : {}),
    controls: [...out.nodes.values()].sort((a, b) => a.rank - b.rank).map((n) => n.id),
    setParameters: out.setParameters,
    alters: out.alters,
    catalogs: out.catalogs,
    warnings: state.warnings,
  };
}

function resolveInto(loaded: LoadedDoc, state: ResolveState): Source {
  const { file, doc } = loaded;
  const fail = (message: string, where?: string): never => {
    throw new UserError(message, where === undefined ? { file } : { file, where });
  };
  if (!isObject(doc) || !isObject(doc.profile)) {
    if (isObject(doc) && isObject(doc.catalog)) fail('is an OSCAL catalog, not a profile: pass it with --catalog, and a profile with --profile');
    fail('is not an OSCAL profile (no "profile" root)', '/profile');
  }
  const prof = (doc as { profile: Json }).profile;
  oscalKeys(prof, OSCAL_KEYS.profile, '/profile', file);
  const imports = prof.imports;
  if (!Array.isArray(imports) || imports.length === 0) fail('a profile needs at least one import', '/profile/imports');

  state.stack.push(key(file));
  const selected = new Map<string, CatalogNode>();
  const inherited: { params: ProfileParameter[]; alters: ProfileAlter[]; catalogs: string[] } = { params: [], alters: [], catalogs: [] };
  (imports as unknown[]).forEach((imp, i) => {
    const at = `/profile/imports/${i}`;
    if (!isObject(imp) || typeof imp.href !== 'string' || imp.href === '') fail('an import needs an "href"', at);
    const im = imp as Json;
    oscalKeys(im, OSCAL_KEYS.import, at, file);
    const src = importSource(im.href as string, loaded, prof, `${at}/href`, state);
    const chosen = select(src, im, file, at);
    for (const id of chosen) if (!selected.has(id)) selected.set(id, src.nodes.get(id)!);
    inherited.params.push(...src.setParameters);
    inherited.alters.push(...src.alters.filter((a) => chosen.has(a.controlId)));
    for (const c of src.catalogs) if (!inherited.catalogs.includes(c)) inherited.catalogs.push(c);
  });
  state.stack.pop();

  // The resolved controls keep their base-catalog ancestry; only the selected ones remain.
  const modify = isObject(prof.modify) ? prof.modify : undefined;
  if (modify) oscalKeys(modify, OSCAL_KEYS.modify, '/profile/modify', file);
  const own = modify ? setParameters(modify['set-parameters'], selected, file, state.warnings) : [];
  const params = new Map<string, ProfileParameter>();
  for (const p of [...inherited.params, ...own]) {
    const prev = params.get(p.paramId);
    // An importing profile's setting wins; a field it leaves out keeps the imported value.
    params.set(p.paramId, prev ? { ...prev, ...p, ...(p.values ? {} : prev.values ? { values: prev.values } : {}), ...(p.label ? {} : prev.label ? { label: prev.label } : {}) } : p);
  }
  const alters = [...inherited.alters, ...(modify ? ownAlters(modify.alters, selected, file, state.warnings) : [])];
  return { label: file, nodes: selected, setParameters: [...params.values()], alters, catalogs: inherited.catalogs };
}

/** The catalog or resolved profile an import's href names. */
function importSource(href: string, from: LoadedDoc, prof: Json, where: string, state: ResolveState): Source {
  const fail = (message: string): never => {
    throw new UserError(message, { file: from.file, where });
  };
  const needCatalog = (what: string): Source => {
    const ext = state.source.external;
    if (!ext) {
      fail(`imports ${what}, which is not a local file: download NIST's SP 800-53 rev5 catalog (${NIST_CATALOG_URL}) and pass it with --catalog FILE`);
    }
    return loadedSource(ext!, state, from, where);
  };
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return needCatalog(href);
  if (href.startsWith('#')) {
    const uuid = href.slice(1);
    const resources = isObject(prof['back-matter']) && Array.isArray(prof['back-matter'].resources) ? prof['back-matter'].resources : [];
    const res = resources.find((r) => isObject(r) && r.uuid === uuid) as Json | undefined;
    if (!res) fail(`imports ${href}, but the profile's back-matter has no resource with uuid ${uuid}`);
    const rlinks = Array.isArray(res!.rlinks) ? res!.rlinks.filter(isObject) : [];
    // JSON first: it is the only format read here.
    const ordered = [...rlinks].sort((a, b) => Number(/json/.test(String(b['media-type'] ?? b.href))) - Number(/json/.test(String(a['media-type'] ?? a.href))));
    for (const l of ordered) {
      const h = typeof l.href === 'string' ? l.href : '';
      if (!h || /^[a-z][a-z0-9+.-]*:/i.test(h) || !/\.json$/i.test(h)) continue;
      const local = state.source.readLocal(h, from.file);
      if (local) return loadedSource(local, state, from, where);
    }
    const what = typeof res!.title === 'string' ? res!.title : typeof res!.description === 'string' ? res!.description : href;
    return needCatalog(`${href} (${what})`);
  }
  if (!/\.json$/i.test(href)) fail(`imports "${href}": only OSCAL JSON files can be imported (convert XML or YAML to JSON first)`);
  const local = state.source.readLocal(href, from.file);
  if (!local) fail(`imports "${href}", which does not exist (looked beside ${from.file})`);
  return loadedSource(local!, state, from, where);
}

function loadedSource(loaded: LoadedDoc, state: ResolveState, from: LoadedDoc, where: string): Source {
  const k = key(loaded.file);
  if (state.stack.includes(k)) {
    const chain = [...state.stack.slice(state.stack.indexOf(k)), k].map((f) => f.replace(/^.*[\\/]/, '')).join(' → ');
    throw new UserError(`import cycle: ${chain}`, { file: from.file, where });
  }
  if (isObject(loaded.doc) && 'profile' in loaded.doc) return resolveInto(loaded, state);
  let cat = state.catalogs.get(k);
  if (!cat) state.catalogs.set(k, (cat = catalogSource(loaded, state.catalogs.size)));
  return cat;
}

const CHILDREN_YES = (sel: Json) => sel['with-child-controls'] === 'yes';

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The ids one selector names in `src`: with-ids (each must exist), matching patterns, children. */
function selectorIds(src: Source, sel: unknown, file: string, at: string): string[] {
  if (!isObject(sel)) throw new UserError('a control selector must be an object', { file, where: at });
  oscalKeys(sel, OSCAL_KEYS.selector, at, file);
  const ids: string[] = [];
  if (sel['with-ids'] !== undefined) {
    if (!Array.isArray(sel['with-ids'])) throw new UserError('"with-ids" must be an array of control ids', { file, where: `${at}/with-ids` });
    sel['with-ids'].forEach((id, k) => {
      if (typeof id !== 'string' || !src.nodes.has(id)) {
        throw new UserError(`unknown control id ${JSON.stringify(id)}: ${src.label} has no such control`, { file, where: `${at}/with-ids/${k}` });
      }
      ids.push(id);
    });
  }
  if (Array.isArray(sel.matching)) {
    for (const [k, m] of sel.matching.entries()) {
      if (isObject(m)) oscalKeys(m, OSCAL_KEYS.matching, `${at}/matching/${k}`, file);
      if (!isObject(m) || typeof m.pattern !== 'string') continue;
      const re = globToRegExp(m.pattern);
      for (const id of src.nodes.keys()) if (re.test(id)) ids.push(id);
    }
  }
  if (CHILDREN_YES(sel)) {
    const chosen = new Set(ids);
    for (const n of src.nodes.values()) if (n.ancestors.some((a) => chosen.has(a))) ids.push(n.id);
  }
  return ids;
}

function select(src: Source, imp: Json, file: string, at: string): Set<string> {
  const chosen = new Set<string>();
  const inc = imp['include-controls'];
  // No include at all means everything, as include-all does.
  if (imp['include-all'] !== undefined || inc === undefined) for (const id of src.nodes.keys()) chosen.add(id);
  if (inc !== undefined) {
    if (!Array.isArray(inc)) throw new UserError('"include-controls" must be an array', { file, where: `${at}/include-controls` });
    inc.forEach((sel, j) => selectorIds(src, sel, file, `${at}/include-controls/${j}`).forEach((id) => chosen.add(id)));
  }
  const exc = imp['exclude-controls'];
  if (exc !== undefined) {
    if (!Array.isArray(exc)) throw new UserError('"exclude-controls" must be an array', { file, where: `${at}/exclude-controls` });
    exc.forEach((sel, j) => selectorIds(src, sel, file, `${at}/exclude-controls/${j}`).forEach((id) => chosen.delete(id)));
  }
  return chosen;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function setParameters(list: unknown, selected: Map<string, CatalogNode>, file: string, warnings: string[]): ProfileParameter[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new UserError('"set-parameters" must be an array', { file, where: '/profile/modify/set-parameters' });
  const known = new Set([...selected.values()].flatMap((n) => n.params));
  const out: ProfileParameter[] = [];
  list.forEach((s, i) => {
    const at = `/profile/modify/set-parameters/${i}`;
    if (!isObject(s) || typeof s['param-id'] !== 'string') throw new UserError('set-parameter without param-id', { file, where: at });
    oscalKeys(s, OSCAL_KEYS.setParameter, at, file);
    const id = s['param-id'];
    if (!known.has(id)) {
      warnings.push(`${file} at ${at}: sets ${id}, a parameter of no selected control; ignored`);
      return;
    }
    let values: string[] | undefined;
    if (s.values !== undefined) {
      if (!Array.isArray(s.values) || s.values.some((v) => typeof v !== 'string')) throw new UserError('"values" must be an array of texts', { file, where: `${at}/values` });
      if (s.values.length) values = s.values as string[];
    }
    const label = str(s.label);
    if (!values && !label) return; // constraints or guidance only
    out.push({ paramId: id, ...(values ? { values } : {}), ...(label ? { label } : {}), file, where: `set-parameters ${id}` });
  });
  return out;
}

function toPart(p: unknown, file: string, at: string): AddedPart {
  if (!isObject(p) || typeof p.name !== 'string') throw new UserError('an added part needs a "name"', { file, where: at });
  oscalKeys(p, OSCAL_KEYS.part, at, file);
  const label = Array.isArray(p.props) ? p.props.find((x) => isObject(x) && x.name === 'label' && typeof x.value === 'string') : undefined;
  const part: AddedPart = { name: p.name };
  if (typeof p.id === 'string') part.id = p.id;
  // Added text reaches the SSP and the PDF: a pasted password, key or token is masked, as in every user file.
  if (typeof p.title === 'string') part.title = redactText(p.title);
  if (typeof p.prose === 'string') part.prose = redactText(p.prose);
  if (isObject(label)) part.label = label.value as string;
  if (Array.isArray(p.parts)) part.parts = p.parts.map((c, k) => toPart(c, file, `${at}/parts/${k}`));
  return part;
}

const POSITIONS = new Set(['before', 'after', 'starting', 'ending']);

function ownAlters(list: unknown, selected: Map<string, CatalogNode>, file: string, warnings: string[]): ProfileAlter[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new UserError('"alters" must be an array', { file, where: '/profile/modify/alters' });
  const out: ProfileAlter[] = [];
  list.forEach((a, i) => {
    const at = `/profile/modify/alters/${i}`;
    if (!isObject(a) || typeof a['control-id'] !== 'string') throw new UserError('an alter needs a "control-id"', { file, where: at });
    oscalKeys(a, OSCAL_KEYS.alter, at, file);
    const id = a['control-id'];
    const node = selected.get(id);
    if (!node) throw new UserError(`alters ${id}, which this profile does not select`, { file, where: `${at}/control-id` });
    if (a.removes !== undefined) warnings.push(`${file} at ${at}/removes: removes are not applied by ato-evidence; the catalog text is kept`);
    if (a.adds === undefined) return;
    if (!Array.isArray(a.adds)) throw new UserError('"adds" must be an array', { file, where: `${at}/adds` });
    a.adds.forEach((add, j) => {
      const aat = `${at}/adds/${j}`;
      if (!isObject(add)) throw new UserError('an add must be an object', { file, where: aat });
      oscalKeys(add, OSCAL_KEYS.add, aat, file);
      const byId = str(add['by-id']);
      const position = (str(add.position) ?? (byId ? 'after' : 'ending')) as ProfileAlter['position'];
      if (!POSITIONS.has(position)) throw new UserError(`position must be one of before, after, starting, ending; got ${JSON.stringify(add.position)}`, { file, where: `${aat}/position` });
      if (byId && !node.partIds.has(byId)) throw new UserError(`by-id ${byId} is not a part of ${id}`, { file, where: `${aat}/by-id` });
      if (!Array.isArray(add.parts) || add.parts.length === 0) {
        if (add.params !== undefined || add.props !== undefined || add.links !== undefined) warnings.push(`${file} at ${aat}: only added parts are carried into statements; its params, props and links are not`);
        return;
      }
      const parts = add.parts.map((p, k) => toPart(p, file, `${aat}/parts/${k}`));
      // An added part under an id the control already has would stand in for that part: a
      // requirement added as "ac-7_obj.a" would be taken as shown by the checks that show ac-7_obj.a.
      parts.forEach((p, k) => {
        const taken = [p, ...nestedParts(p)].find((x) => x.id !== undefined && node.partIds.has(x.id));
        if (taken) throw new UserError(`an added part's id ${taken.id} is already a part of ${id}: give the added part an id of its own`, { file, where: `${aat}/parts/${k}` });
      });
      out.push({ controlId: id, position, ...(byId ? { byId } : {}), parts, file, where: aat });
    });
  });
  return out;
}

/** Every part under an added part, depth first. */
function nestedParts(p: AddedPart): AddedPart[] {
  return (p.parts ?? []).flatMap((c) => [c, ...nestedParts(c)]);
}

// ---- into statements ---------------------------------------------------------------------------

/** Added parts as statement lines: "label prose", children indented. */
export function addedPartsText(parts: readonly AddedPart[]): string[] {
  const lines: string[] = [];
  const walk = (p: AddedPart, depth: number): void => {
    const text = [p.label, p.title && !p.prose ? p.title : undefined, p.prose?.replace(/\s+/g, ' ').trim()].filter(Boolean).join(' ');
    if (text) lines.push(`${'  '.repeat(depth)}${text}`);
    for (const c of p.parts ?? []) walk(c, depth + (text ? 1 : 0));
  };
  for (const p of parts) walk(p, 0);
  return lines;
}

/**
 * Part names that state no requirement: guidance (SP 800-53's discussion) and how to assess.
 * Every other added part (an `item`, a `statement`, an objective, a name OSCAL leaves open) is
 * something the organisation requires of the control.
 */
const NOT_REQUIREMENTS = new Set(['guidance', 'assessment-method', 'assessment', 'overview']);

/**
 * The requirements a profile's alters add to `controlId`, in the order added: each added part
 * that is not guidance, by its id (or, without one, "<control>, added part N"), with its text.
 * No check can show them, so the control is never satisfied by its checks alone (assess/controls.ts).
 */
export function addedRequirements(controlId: string, alters: readonly ProfileAlter[]): AddedRequirement[] {
  const parts = alters.filter((a) => a.controlId === controlId).flatMap((a) => a.parts).filter((p) => !NOT_REQUIREMENTS.has(p.name));
  return parts.map((p, i) => ({ id: p.id ?? `${controlId}, added part ${i + 1}`, text: addedPartsText([p]).join(' ') }));
}

/**
 * A control statement with a profile's added parts: at the start (starting/before) or the end
 * (after/ending). The statement is lines of text, so a by-id place is approximated by its end.
 */
export function alterStatement(statement: string | undefined, alters: readonly ProfileAlter[]): string | undefined {
  if (!alters.length) return statement;
  const head: string[] = [];
  const tail: string[] = [];
  for (const a of alters) (a.position === 'starting' || a.position === 'before' ? head : tail).push(...addedPartsText(a.parts));
  const lines = [...head, ...(statement ? [statement] : []), ...tail];
  return lines.length ? lines.join('\n') : statement;
}

// ---- the loader --------------------------------------------------------------------------------

function readJson(file: string): unknown {
  return readJsonFile(file);
}

/**
 * Reads local imports relative to the importing file. `onRead` is told the bytes of each file
 * read: the catalogs and profiles a --profile pulls in decide the verdicts too, and assess cites
 * them in the AR (assess/option-files.ts).
 */
export function fileImportSource(external?: LoadedDoc, onRead?: (file: string, bytes: Buffer) => void, kept?: (file: string) => Buffer | undefined): ImportSource {
  return {
    readLocal(href, from) {
      const path = isAbsolute(href) ? href : join(dirname(from), decodeURIComponent(href));
      // monitor --regenerate: the bytes the evidence store kept of the document read at this path.
      const stored = kept?.(path);
      if (stored) {
        onRead?.(path, stored);
        return { file: path, doc: parseJsonBytes(stored, path) };
      }
      if (!existsSync(path) || !statSync(path).isFile()) return undefined;
      if (!onRead) return { file: path, doc: readJson(path) };
      const bytes = readUserFile(path);
      onRead(path, bytes);
      return { file: path, doc: parseJsonBytes(bytes, path) };
    },
    ...(external ? { external } : {}),
  };
}

/**
 * Reads and resolves a profile file; `catalog` is the parsed --catalog, if one was given. `text`
 * is the profile's own text when the caller already has it (monitor --regenerate reads it from the
 * evidence store); the documents it imports are read from `kept` where it holds them (the store's
 * bytes, by the path they were read at), else from disk.
 */
export function loadProfileFile(file: string, catalog?: LoadedDoc, text?: string, onRead?: (file: string, bytes: Buffer) => void, kept?: (file: string) => Buffer | undefined): ResolvedProfile {
  return resolveProfileDoc({ file, doc: text === undefined ? readJson(file) : parseJson(text, file) }, fileImportSource(catalog, onRead, kept));
}

export { readJson as readOscalJson };
