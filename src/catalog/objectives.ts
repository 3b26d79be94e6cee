/**
 * SP 800-53A assessment objectives: per control, the tree of assessment-objective parts (ids,
 * labels, prose with parameters left as "{{ insert: param, <id> }}", the statement part each
 * assesses) and the objects of its EXAMINE / INTERVIEW / TEST methods.
 *
 * The bundled data (controls/rev5-objectives.json, generated with rev5-index.json by
 * scripts/build-control-index.mjs) is read lazily, on first use, so commands that do not judge
 * controls (`ato-evidence checks`) do not pay for it. A user's catalog (--catalog) with objectives
 * brings its own (ControlEntry.assessment).
 */
import { readFileSync } from 'node:fs';
import { lookupControl, type ControlIndex } from './control-index.js';

export interface ObjectiveNode {
  /** The part id: "ac-7_obj", "ac-7_obj.a", "ac-2_obj.d.3-1". */
  id: string;
  /** SP 800-53A's label ("AC-07a."). */
  label?: string;
  /** The determination statement, parameters left as "{{ insert: param, <id> }}". */
  prose?: string;
  /** The statement part this objective assesses ("ac-7_smt.a"). */
  for?: string;
  parts?: ObjectiveNode[];
}

export type AssessmentMethod = 'EXAMINE' | 'INTERVIEW' | 'TEST';

export interface ControlAssessment {
  objective: ObjectiveNode;
  /** The assessment objects of each method, one item per entry (as SP 800-53A lists them). */
  methods: Partial<Record<AssessmentMethod, string[]>>;
  /**
   * What NIST prints for each of the control's parameters where no value is set, without brackets
   * ("Assignment: organization-defined personnel or roles", "Selection (one or more): a; b").
   */
  params?: Record<string, string>;
}

interface ObjectivesFile {
  source: string;
  controls: Record<string, ControlAssessment>;
}

const BUNDLED_OBJECTIVES_URL = new URL('../../controls/rev5-objectives.json', import.meta.url);
let bundled: ObjectivesFile | undefined;

/** The bundled objectives (controls/rev5-objectives.json), parsed once per process on first use. */
export function bundledObjectives(): ObjectivesFile {
  bundled ??= JSON.parse(readFileSync(BUNDLED_OBJECTIVES_URL, 'utf8')) as ObjectivesFile;
  return bundled;
}

/**
 * A control's objectives and methods: from the user's catalog where it gave them, else from the
 * bundled (NIST SP 800-53A) data, unless the catalog names a different objective. A catalog
 * without objective parts (NIST's 5.0 releases) thus gets NIST's objectives (config.ts warns).
 * Undefined for an unknown control or one NIST gives no objective (withdrawn).
 */
export function assessmentOf(index: ControlIndex, controlId: string): ControlAssessment | undefined {
  const entry = lookupControl(index, controlId);
  if (!entry) return undefined;
  if (entry.assessment) return entry.assessment;
  const b = Object.prototype.hasOwnProperty.call(bundledObjectives().controls, controlId) ? bundledObjectives().controls[controlId] : undefined;
  return b && (entry.objective === undefined || b.objective.id === entry.objective) ? b : undefined;
}

/**
 * The objectives an assessor decides one by one ("leaf objectives"): every objective without
 * sub-objectives, and the few that carry a determination statement of their own as well as
 * sub-objectives (ac-8_obj.a, ca-7.4_obj, ra-5_obj.b). In tree order.
 */
export function leafObjectives(root: ObjectiveNode): ObjectiveNode[] {
  const out: ObjectiveNode[] = [];
  const walk = (n: ObjectiveNode): void => {
    if (!n.parts?.length || n.prose) out.push(n);
    for (const p of n.parts ?? []) walk(p);
  };
  walk(root);
  return out;
}

/** Every objective of the tree (groups included), in tree order. */
export function allObjectives(root: ObjectiveNode): ObjectiveNode[] {
  const out: ObjectiveNode[] = [];
  const walk = (n: ObjectiveNode): void => {
    out.push(n);
    for (const p of n.parts ?? []) walk(p);
  };
  walk(root);
  return out;
}

/** The objective with this id in the tree, or undefined. */
export function findObjective(root: ObjectiveNode, id: string): ObjectiveNode | undefined {
  return allObjectives(root).find((n) => n.id === id);
}

/**
 * The leaf objectives that assess a statement part ("ac-2_smt.d" covers those assessing
 * ac-2_smt.d, ac-2_smt.d.1, ...; "ac-2_smt" covers them all). Each leaf counts with the statement
 * it or its nearest ancestor names.
 */
export function leavesForStatement(root: ObjectiveNode, statementId: string): string[] {
  const out: string[] = [];
  const walk = (n: ObjectiveNode, inherited: string | undefined): void => {
    const f = n.for ?? inherited;
    if (!n.parts?.length || n.prose) {
      if (f !== undefined && (f === statementId || f.startsWith(`${statementId}.`))) out.push(n.id);
    }
    for (const p of n.parts ?? []) walk(p, f);
  };
  walk(root, undefined);
  return out;
}

/** A readable name for an objective: its 53A label where known ("AC-07a."), else its id. */
export function objectiveLabel(root: ObjectiveNode | undefined, id: string): string {
  return (root && findObjective(root, id)?.label) ?? id;
}

/**
 * What the verdicts need of a control (assess/controls.ts ControlInfo): title, baselines, its
 * top objective and its leaf objectives, and the requirements a --profile added to it. Undefined for a control the index does not know.
 */
export function controlInfo(index: ControlIndex, controlId: string): { title: string; objective?: string; baselines: string[]; leaves?: string[]; added?: string[] } | undefined {
  const entry = lookupControl(index, controlId);
  if (!entry) return undefined;
  const a = assessmentOf(index, controlId);
  return {
    title: entry.title,
    ...(entry.objective ? { objective: entry.objective } : {}),
    baselines: entry.baselines,
    ...(a ? { leaves: leafObjectives(a.objective).map((n) => n.id) } : {}),
    ...(entry.added?.length ? { added: entry.added.map((x) => x.id) } : {}),
  };
}

/** An objective's 53A label and prose by id, from the control catalog (memoised per control). */
export function objectiveTextOf(index: ControlIndex): (objectiveId: string) => { label?: string; prose?: string } {
  const byControl = new Map<string, Map<string, ObjectiveNode>>();
  return (objectiveId) => {
    const controlId = /^(.+?)_obj/.exec(objectiveId)?.[1];
    if (!controlId) return {};
    let nodes = byControl.get(controlId);
    if (!nodes) {
      const a = assessmentOf(index, controlId);
      nodes = new Map(a ? allObjectives(a.objective).map((n) => [n.id, n]) : []);
      byControl.set(controlId, nodes);
    }
    const n = nodes.get(objectiveId);
    return n ? { ...(n.label ? { label: n.label } : {}), ...(n.prose ? { prose: n.prose } : {}) } : {};
  };
}

/**
 * What an organisation-defined parameter asks for, as the catalog labels it ("organization-defined
 * frequency"; a --profile's label first): named beside its id wherever a report says it is not
 * defined. Undefined when the catalog gives no label.
 */
export function odpLabel(index: ControlIndex, controlId: string, odp: string): string | undefined {
  const labels = lookupControl(index, controlId)?.paramLabels ?? {};
  // A parameter a label or placeholder inserts shows as NIST prints it, never as the catalog's markup
  // (a user's catalog labels a selection "one of: lock … for {{ insert: param, ac-07_odp.04 }}").
  const placeholderOf = (id: string): string | undefined => assessmentOf(index, controlId)?.params?.[id] ?? (labels[id] ? `Assignment: ${/^organization-defined\b/.test(labels[id]!) ? '' : 'organization-defined '}${labels[id]}` : undefined);
  const own = labels[odp];
  if (own) return readablePlaceholder(own, placeholderOf);
  const placeholder = assessmentOf(index, controlId)?.params?.[odp];
  return placeholder ? readablePlaceholder(placeholder.replace(/^Assignment: /, ''), placeholderOf) : undefined;
}

/**
 * A placeholder as NIST prints it: a selection's choice that inserts another parameter
 * ("Selection (one or more):  {{ insert: param, pe-03_odp.03 }} ; guards") shows that parameter's
 * own placeholder in brackets ("…: [Assignment: organization-defined systems or devices]; guards"),
 * never the catalog's markup; blanks the markup left are closed up. Nested inserts go 3 levels deep.
 */
function readablePlaceholder(text: string, placeholderOf: (id: string) => string | undefined, depth = 0): string {
  const expanded = text.replace(/\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}/g, (_m, id: string) => {
    const inner = depth < 3 ? placeholderOf(id) : undefined;
    return inner ? `[${readablePlaceholder(inner, placeholderOf, depth + 1)}]` : `[${id}]`;
  });
  return expanded.replace(/\s+/g, ' ').replace(/\s+([;,.)\]])/g, '$1').trim();
}

/** The parameter ids a catalog prose inserts ("{{ insert: param, at-02_odp.01 }}"), in order, once each. */
export function insertedParams(prose: string | undefined): string[] {
  if (!prose) return [];
  return [...new Set([...prose.matchAll(/\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}/g)].map((m) => m[1]!))];
}

/**
 * The parameters a selection's value needs defined as well. A choice of a selection may insert
 * another parameter (pe-03_odp.02, "Selection (one or more): {{ insert: param, pe-03_odp.03 }};
 * guards"): a statement inserting the selection then states that parameter too wherever the value
 * takes such a choice. The value is read against the choices: the choices that insert nothing
 * ("guards") need none; a part of the value that reads as an inserting choice with its blank
 * filled ("lock the account or node for 30 minutes", "badge readers" for pe-03's bare blank) needs
 * that choice's parameters; a part no choice reads as may be any of them, so it needs them all.
 * `placeholder` is the catalog's ("Selection (one or more): a; b"); none for an assignment. Pure.
 */
export function selectionNeeds(placeholder: string | undefined, value: string | undefined): string[] {
  const m = placeholder === undefined ? null : /^\s*Selection[^:]*:(.*)$/s.exec(placeholder);
  if (!m || value === undefined) return [];
  const norm = (s: string): string => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  const choices = m[1]!.split(';').map((c) => c.trim()).filter((c) => c !== '');
  const all = [...new Set(choices.flatMap((c) => insertedParams(c)))];
  if (!all.length) return [];
  const plain = choices.filter((c) => !insertedParams(c).length).map(norm).filter((c) => c !== '').sort((a, b) => b.length - a.length);
  // Each inserting choice as a pattern, its blanks any text; the most literal text first, so
  // "lock the account or node for …" is read before a choice that is a bare blank.
  const escape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const templates = choices.filter((c) => insertedParams(c).length).map((c) => {
    const pieces = norm(c).split(/\{\{\s*insert:\s*param,\s*[^\s}]+\s*\}\}/);
    return { needs: insertedParams(c), literal: pieces.join('').trim().length, re: new RegExp(`^${pieces.map((x) => escape(x.trim())).join('\\s*(.+?)\\s*')}$`) };
  }).sort((a, b) => b.literal - a.literal);
  let rest = norm(value);
  for (const c of plain) rest = rest.split(c).join(';');
  const out = new Set<string>();
  for (const raw of rest.split(/[;,]/)) {
    const part = raw.replace(/^\s*(?:and\/or|and|or)\b/, '').replace(/\b(?:and\/or|and|or)\s*$/, '').replace(/[\s.]+$/, '').trim();
    if (part === '') continue;
    const t = templates.find((x) => x.re.test(part));
    for (const id of t ? t.needs : all) out.add(id);
  }
  return [...out];
}

/** A selection parameter's choices as the catalog writes them ("Selection (one or more): a; b"); undefined for an assignment. */
export function selectionChoices(placeholder: string | undefined): string[] | undefined {
  const m = placeholder === undefined ? null : /^\s*Selection[^:]*:(.*)$/s.exec(placeholder);
  return m ? m[1]!.split(';').map((c) => c.trim()).filter((c) => c !== '') : undefined;
}

const normChoice = (s: string): string => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
const INSERT = /\{\{\s*insert:\s*param,\s*[^\s}]+\s*\}\}/g;

/**
 * The choices (their indexes in `choices`) a selection's value reads as: a choice inserting
 * nothing by its words ("signature-based", never inside "non-signature-based"), one inserting a
 * parameter with its blank filled ("lock the account or node for 30 minutes"). Undefined when any
 * part of the value reads as no choice, or nothing does: then which choices it makes is unknown.
 * Pure.
 */
export function choicesOfValue(choices: readonly string[], value: string): number[] | undefined {
  const escape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const out = new Set<number>();
  let rest = normChoice(value);
  // The longest plain choice first, each as whole words, so one choice inside another is not read.
  const plain = choices.map((c, i) => ({ i, t: normChoice(c) })).filter((c) => !insertedParams(c.t).length && c.t !== '').sort((a, b) => b.t.length - a.t.length);
  for (const c of plain) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}-])${escape(c.t)}(?![\\p{L}\\p{N}-])`, 'gu');
    if (re.test(rest)) out.add(c.i);
    rest = rest.replace(re, ';');
  }
  const templates = choices.map((c, i) => ({ i, c })).filter((x) => insertedParams(x.c).length).map(({ i, c }) => {
    const pieces = normChoice(c).split(INSERT);
    return { i, literal: pieces.join('').trim().length, re: new RegExp(`^${pieces.map((x) => escape(x.trim())).join('\\s*(.+?)\\s*')}$`) };
  }).sort((a, b) => b.literal - a.literal);
  for (const raw of rest.split(/[;,]/)) {
    const part = raw.replace(/^\s*(?:and\/or|and|or)\b/, '').replace(/\b(?:and\/or|and|or)\s*$/, '').replace(/[\s.]+$/, '').trim();
    if (part === '') continue;
    const t = templates.find((x) => x.re.test(part));
    if (!t) return undefined;
    out.add(t.i);
  }
  return out.size ? [...out].sort((a, b) => a - b) : undefined;
}

/**
 * The choices (indexes) a check names by the words each begins with (checks.yaml `shows-choices`):
 * a text names the one choice it begins, its inserted parameters left out; a text beginning none,
 * or more than one, names nothing. Pure.
 */
export function choicesNamed(choices: readonly string[], texts: readonly string[]): number[] {
  const out = new Set<number>();
  for (const t of texts) {
    const hits = choicesBeginningWith(choices, t);
    if (hits.length === 1) out.add(hits[0]!);
  }
  return [...out].sort((a, b) => a - b);
}

/** The indexes of the choices that begin with the text's words: one for a text naming a choice. */
export function choicesBeginningWith(choices: readonly string[], text: string): number[] {
  const n = normChoice(text);
  if (n === '') return [];
  return choices.flatMap((c, i) => (normChoice(c.replace(INSERT, ' ')).startsWith(n) ? [i] : []));
}

/** A selection's choice as NIST prints it, an inserted parameter as its placeholder in brackets. */
export function readableChoice(index: ControlIndex, controlId: string, choice: string): string {
  return readablePlaceholder(choice, (id) => assessmentOf(index, controlId)?.params?.[id]);
}
