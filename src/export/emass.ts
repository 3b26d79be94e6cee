// The eMASS POA&M import workbook, as data: which column is which (found by the header text, since
// the Navy, USMC, Army and legacy layouts differ), the rows of each POA&M item (one row per
// milestone, the way eMASS reads them), the status rules eMASS enforces, and eMASS's risk matrix.
// Pure; src/export/xlsx-fill.ts writes the cells into the workbook.
import type { Check, Severity } from '../catalog/types.js';
import { checkRoute, controlLabel, loadStigData } from '../catalog/stig.js';
import { stigScope } from './stig-scope.js';
import { shownChar, shownPattern, UserError } from '../io/errors.js';
import { asSentence } from '../evaluate/plain-wording.js';
import { riskLevels, type Level } from '../catalog/risk-matrix.js';

/** The columns ato-evidence fills, by what they mean. */
export type EmassField =
  | 'itemId' | 'description' | 'control' | 'office' | 'securityChecks' | 'resources' | 'scheduledDate' | 'milestones'
  | 'milestoneChanges' | 'source' | 'status' | 'comments' | 'rawSeverity' | 'devicesAffected' | 'mitigations'
  | 'severity' | 'relevance' | 'likelihood' | 'impact' | 'impactDescription' | 'residualRisk' | 'recommendations';

/**
 * Header texts per field, compared after normalising (lower case, runs of white space as one
 * space, outer spaces and a trailing "*" removed): the legacy template's spellings first, then
 * those of newer eMASS exports.
 */
export const HEADER_TEXTS: Record<EmassField, readonly string[]> = {
  itemId: ['POA&M Item ID'],
  description: ['Control Vulnerability Description', 'Vulnerability Description'],
  control: ['Security Control Number (NC/NA controls only)', 'Controls / APs', 'Controls/APs', 'Control / AP', 'Security Control Number'],
  office: ['Office/Org', 'Office / Org'],
  securityChecks: ['Security Checks'],
  resources: ['Resources Required'],
  scheduledDate: ['Scheduled Completion Date'],
  milestones: ['Milestone with Completion Dates', 'Milestones with Completion Dates', 'Milestone w/Completion Date', 'Milestone with Completion Date'],
  milestoneChanges: ['Milestone Changes'],
  source: ['Source Identifying Vulnerability', 'Source Identifying Control Vulnerability'],
  status: ['Status'],
  comments: ['Comments'],
  rawSeverity: ['Raw Severity', 'Raw Severity Value'],
  devicesAffected: ['Devices Affected'],
  mitigations: ['Mitigations'],
  severity: ['Severity'],
  relevance: ['Relevance of Threat'],
  likelihood: ['Likelihood'],
  impact: ['Impact'],
  impactDescription: ['Impact Description'],
  residualRisk: ['Residual Risk Level'],
  recommendations: ['Recommendations'],
};

/** The fields a header row must have to be taken for the POA&M's. */
const REQUIRED_HEADERS: readonly EmassField[] = ['description', 'status', 'scheduledDate', 'milestones'];

export function normaliseHeader(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\s*\*$/, '').toLowerCase();
}

const FIELD_BY_HEADER = new Map<string, EmassField>();
for (const [field, texts] of Object.entries(HEADER_TEXTS) as Array<[EmassField, readonly string[]]>) {
  for (const t of texts) FIELD_BY_HEADER.set(normaliseHeader(t), field);
}

export interface Layout {
  /** 1-based row of the column headers; data starts on the next row. */
  headerRow: number;
  /** 1-based column of each field the template has. */
  columns: Partial<Record<EmassField, number>>;
  /** Header cells of the row that ato-evidence does not fill (left blank), as "K: text". */
  unfilled: string[];
}

/**
 * Finds the header row among the first `rows` (cell texts by 1-based row and column): the first
 * row holding every required header. A header text that appears twice (the legacy template has
 * "Control Vulnerability Description" in A and in C, and eMASS and saf read C) is taken after the
 * "POA&M Item ID" column when there is one, else at its first place.
 */
export function findLayout(rows: ReadonlyMap<number, ReadonlyMap<number, string>>, what: string): Layout {
  const sorted = [...rows.keys()].sort((a, b) => a - b);
  for (const r of sorted) {
    const cells = rows.get(r)!;
    const found = new Map<EmassField, number[]>();
    for (const [col, text] of [...cells].sort((a, b) => a[0] - b[0])) {
      const f = FIELD_BY_HEADER.get(normaliseHeader(text));
      if (f) found.set(f, [...(found.get(f) ?? []), col]);
    }
    if (!REQUIRED_HEADERS.every((f) => found.has(f))) continue;
    const itemCol = found.get('itemId')?.[0];
    const columns: Partial<Record<EmassField, number>> = {};
    for (const [f, cols] of found) columns[f] = (itemCol !== undefined ? cols.find((c) => c > itemCol) : undefined) ?? cols[0]!;
    const used = new Set(Object.values(columns));
    const unfilled = [...cells].filter(([c, t]) => !used.has(c) && t.trim() !== '').map(([c, t]) => `${columnName(c)}: ${t.trim()}`);
    return { headerRow: r, columns, unfilled };
  }
  throw new UserError(
    `has no POA&M header row in its first sheet: looked in the first ${sorted.length ? sorted[sorted.length - 1] : 0} rows for one with ${REQUIRED_HEADERS.map((f) => `"${HEADER_TEXTS[f][0]}"`).join(', ')} (a blank POA&M template exported from eMASS has them)`,
    { file: what },
  );
}

/** "A", "Z", "AA" from a 1-based column number. */
export function columnName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

// The risk matrix is shared with the OSCAL risks' characterizations (catalog/risk-matrix.ts).
export { LEVELS, LIKELIHOOD, RESIDUAL_RISK, LEVEL_OF_CAT, type Level } from '../catalog/risk-matrix.js';

/** Raw Severity (the STIG category) and the Severity / Impact levels a category is given. */
export const RAW_SEVERITY: Record<Severity, string> = { 'CAT I': 'I', 'CAT II': 'II', 'CAT III': 'III' };

/** A POA&M item as read from the package's poam.json. */
export interface PoamEntry {
  uuid: string;
  key: string;
  controlId: string;
  /** Every control of the weakness (controlId first). */
  controls: string[];
  /** The check, or '' for a weakness that is not one (a lapsed attestation, evidence not collected). */
  checkId: string;
  severity: Severity;
  status: 'open' | 'deviation-approved' | 'closed';
  firstDetected: string;
  detected: string;
  deadline: string;
  closed?: string;
  devices: string[];
  /** A closed item's devices the weakness was on when it was closed (`closed-device`): its STIG scope. */
  closedDevices?: string[];
  title: string;
  description: string;
  remediation: string;
  milestones: Array<{ title: string; date: string }>;
  /** "approved by … until …: justification" → the devices it covers. */
  deviations: Array<{ text: string; devices: string[] }>;
  /** Deviations that expired ("expired YYYY-MM-DD (that day ended at UTC+14:00, …; approved by …); no longer applies"): the item is open. */
  expiredDeviations?: Array<{ text: string; devices: string[] }>;
}

export interface EmassInputs {
  systemName: string;
  packageDigest: string;
  assessedAt: string;
  office?: string;
  resources?: string;
  relevance?: Level;
  /** The check catalog (titles, descriptions, STIG rules). */
  checks: ReadonlyMap<string, Check>;
  /** Each device's OS as its inventory item names it ("NAME build N"), by asset id: whether the STIG covers it. */
  deviceOs: ReadonlyMap<string, string | undefined>;
}

export type EmassStatus = 'Ongoing' | 'Risk Accepted' | 'Completed';

/** One POA&M item's cells; `milestones` go one per row, from the item's first row down. */
export interface EmassItem {
  key: string;
  status: EmassStatus;
  cells: Partial<Record<EmassField, string | { date: string }>>;
  milestones: string[];
}

/** "2027-03-02" → "03/02/2027" (eMASS's text dates: milestone and status dates follow the text). */
export function usDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${m}/${d}/${y}`;
}

const EMASS_STATUS: Record<PoamEntry['status'], EmassStatus> = { open: 'Ongoing', 'deviation-approved': 'Risk Accepted', closed: 'Completed' };

/** The expiry in a deviation prop ("approved by … until 2027-06-30: …"; "expired 2026-09-30 (approved by …); …"). */
const DEVIATION_DATE = /^(?:approved by .*? until|expired) (\d{4}-\d{2}-\d{2})\b/s;

/**
 * The item's devices, each under a deviation marked as the POA&M's items and Comments state it
 * ("MR-01 (approved deviation until 2027-06-30)", "CT-01 (deviation expired 2026-09-30)"): a bare
 * list would read every device as failing unexcused beside Comments saying otherwise.
 */
function devicesAffected(e: PoamEntry): string {
  const mark = new Map<string, string>();
  const note = (list: PoamEntry['deviations'] | undefined, word: (date: string | undefined) => string) => {
    for (const d of list ?? []) for (const dev of d.devices) if (!mark.has(dev)) mark.set(dev, word(DEVIATION_DATE.exec(d.text)?.[1]));
  };
  note(e.deviations, (date) => `approved deviation${date ? ` until ${date}` : ''}`);
  note(e.expiredDeviations, (date) => `deviation expired${date ? ` ${date}` : ''}`);
  return e.devices.map((dev) => (mark.has(dev) ? `${dev} (${mark.get(dev)})` : dev)).join('; ');
}

/**
 * The STIG rules a weakness may cite in Security Checks, and the Comments line saying why any are
 * left out: a rule is a STIG finding only on a device whose OS the STIG covers (checklist.ts
 * stigScope, as the CKL/CKLB exports judge it). On no covered device, none is cited; on some, they
 * are cited and the Comments name the devices they stand for and the ones the STIG does not cover.
 */
function stigRulesCited(e: PoamEntry, ruleIds: readonly string[], deviceOs: EmassInputs['deviceOs']): { ruleIds: readonly string[]; note?: string } {
  // A Completed item affects no device now: the devices it was on when closed are its scope.
  const devices = e.devices.length ? e.devices : e.closedDevices ?? [];
  if (!ruleIds.length) return { ruleIds };
  const { id, title } = loadStigData().stig;
  // A Completed item of a check names no device when a POA&M written before closed items named
  // theirs closed it: its scope is not known, so no rule is cited as if the STIG covered it.
  if (!devices.length && e.status === 'closed') return { ruleIds: [], note: `No STIG rule is cited in Security Checks: the devices this item was on when it was closed are not recorded (it was closed by a POA&M written before closed items named them), so whether the ${title} covers them is not known.` };
  if (!devices.length) return { ruleIds };
  const scopes = devices.map((d) => ({ d, scope: stigScope(id, title, d, deviceOs.get(d)) }));
  const covered = scopes.filter((s) => s.scope.covered).map((s) => s.d);
  const why = scopes.flatMap((s) => (s.scope.covered ? [] : [s.scope.why]));
  if (!why.length) return { ruleIds };
  // A device whose OS the package does not name is not shown outside the STIG: it is not known.
  const outside = scopes.filter((s) => !s.scope.covered && !s.scope.unknown).map((s) => s.d).join('; ');
  const unknown = scopes.filter((s) => !s.scope.covered && s.scope.unknown).map((s) => s.d).join('; ');
  const which = [
    ...(outside ? [`the ${title} does not cover ${outside}`] : []),
    ...(unknown ? [`whether ${outside ? 'it' : `the ${title}`} covers ${unknown} is not known (the operating system, or its release, was not collected)`] : []),
  ].join('; ');
  const because = why.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  if (!covered.length) return { ruleIds: [], note: `No STIG rule is cited in Security Checks: ${which}. ${because}` };
  return { ruleIds, note: `The STIG rules in Security Checks stand for ${covered.join('; ')} only: ${which}. ${because}` };
}

/** The item's cells and milestone rows. `hasDevicesColumn`: else the devices go into Comments. */
export function emassItem(e: PoamEntry, inp: EmassInputs, hasDevicesColumn: boolean): EmassItem {
  const status = EMASS_STATUS[e.status];
  const check = inp.checks.get(e.checkId);
  const route = check ? checkRoute(check) : undefined;
  const cited = stigRulesCited(e, route?.rules.map((r) => r.ruleId) ?? [], inp.deviceOs);
  const securityChecks = route ? [...cited.ruleIds, ...route.ccis.map((c) => c.cci)] : [];
  const devices = e.devices.join('; ');
  const comments: string[] = [];
  if (status === 'Risk Accepted' || e.deviations.length) {
    for (const d of e.deviations) comments.push(`Approved deviation (${d.devices.join('; ')}): ${asSentence(d.text)}`);
  }
  for (const d of e.expiredDeviations ?? []) comments.push(`Deviation (${d.devices.join('; ')}) ${asSentence(d.text)}`);
  // eMASS takes one control per row: the first; the others the weakness touches are named here.
  if (e.controls.length > 1) comments.push(`Also affects ${e.controls.slice(1).map(controlLabel).join(', ')}.`);
  comments.push(`ato-evidence weakness ${e.key} (poam.json item ${e.uuid}); first detected ${e.firstDetected}${e.detected !== e.firstDetected ? `, detected again ${e.detected}` : ''}; ${e.devices.length} device(s) affected.`);
  if (!hasDevicesColumn && e.devices.length) comments.push(`Devices affected: ${devices}.`);
  if (cited.note) comments.push(cited.note);
  if (route?.ccis.some((c) => c.revision !== 5)) {
    comments.push(`CCIs without a rev 5 reference in DISA's list: ${route.ccis.filter((c) => c.revision !== 5).map((c) => `${c.cci} (rev 4 ${c.refs.join('; ') || 'none'})`).join(', ')}.`);
  }
  const levels = riskLevels(e.severity, inp.relevance);
  const severity = levels.severity;
  const likelihood = inp.relevance ? levels.likelihood : undefined;
  const impact = levels.impact;
  const cells: EmassItem['cells'] = {
    description: `${e.title}. ${e.description}`,
    control: controlLabel(e.controlId),
    securityChecks: securityChecks.join('; '),
    // The check by id alone: its title is in the description as the package states it (with the
    // run's parameter values, which poam.json does not carry apart; the catalog's title says the defaults).
    source: `ato-evidence automated assessment of ${inp.assessedAt.slice(0, 10)}, ${e.checkId ? `check ${e.checkId}` : `weakness ${e.key}`}; package digest ${inp.packageDigest}`,
    status: status === 'Completed' && e.closed ? `Completed ${usDate(e.closed)}` : status,
    comments: comments.join('\n'),
    rawSeverity: RAW_SEVERITY[e.severity],
    severity,
    impact,
    recommendations: e.remediation,
  };
  if (inp.office) cells.office = inp.office;
  if (inp.resources && status !== 'Risk Accepted') cells.resources = inp.resources;
  if (status !== 'Risk Accepted') cells.scheduledDate = { date: e.deadline };
  // Comments name the deviations beside their bare list; a column on its own marks them.
  if (hasDevicesColumn) cells.devicesAffected = devicesAffected(e);
  if (status === 'Risk Accepted') cells.mitigations = e.deviations.map((d) => d.text).join('\n');
  if (inp.relevance) {
    cells.relevance = inp.relevance;
    cells.likelihood = likelihood!;
    cells.residualRisk = levels.risk;
  }
  if (check?.description) cells.impactDescription = check.description;
  const milestones = status === 'Risk Accepted' ? [] : e.milestones.map((m) => `${m.title} ${usDate(m.date)}`);
  return { key: e.key, status, cells, milestones };
}

/**
 * The rules eMASS enforces on import, checked before anything is written: an Ongoing item needs a
 * scheduled completion date, an office, resources, a source and a milestone; a Risk Accepted item
 * needs comments and no milestones; a Completed item needs its completion date. A UserError names
 * each thing missing once, with the option that supplies it and the items that lack it (all of a
 * status's items in a word: without --office every Ongoing item lacks it, and one line says so).
 */
export function checkEmassRules(items: readonly EmassItem[]): void {
  // Per status, then per thing needed (in the order found), the items lacking it.
  const lacking = new Map<EmassItem['status'], Map<string, string[]>>();
  const total = new Map<EmassItem['status'], number>();
  for (const it of items) {
    total.set(it.status, (total.get(it.status) ?? 0) + 1);
    const c = it.cells;
    const missing: string[] = [];
    if (it.status === 'Ongoing') {
      if (!c.scheduledDate) missing.push('a Scheduled Completion Date');
      if (!c.office) missing.push('Office/Org (pass --office "Organization, First Last, Phone, Email", or describe the ISSO or system owner in the SSP with assess --system)');
      if (!c.resources) missing.push('Resources Required (pass --resources TEXT)');
      if (!c.source) missing.push('a Source Identifying Vulnerability');
      if (!it.milestones.length) missing.push('a milestone');
    } else if (it.status === 'Risk Accepted') {
      if (!c.comments) missing.push('Comments');
      if (it.milestones.length) missing.push('no milestones (a Risk Accepted item may not have any)');
    } else if (!/^Completed \d\d\/\d\d\/\d{4}$/.test(String(c.status))) {
      missing.push('its completion date');
    }
    if (!c.description) missing.push('a Control Vulnerability Description');
    if (!missing.length) continue;
    let needs = lacking.get(it.status);
    if (!needs) lacking.set(it.status, (needs = new Map()));
    for (const m of missing) needs.set(m, [...(needs.get(m) ?? []), it.key]);
  }
  if (!lacking.size) return;
  const lines: string[] = [];
  for (const [status, needs] of lacking) {
    const all = total.get(status)!;
    for (const [need, keys] of needs) {
      if (keys.length === 1) lines.push(`POA&M item ${keys[0]} (${status}) needs ${need}`);
      else if (keys.length === all) lines.push(`all ${all} ${status} POA&M items need ${need}`);
      else lines.push(`${keys.length} of the ${all} ${status} POA&M items need ${need}: ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? `, … and ${keys.length - 10} more` : ''}`);
    }
  }
  throw new UserError(`the POA&M breaks the rules eMASS enforces on import, so no workbook is written:\n  ${lines.join('\n  ')}`);
}

/**
 * Control characters (C0 but tab and line breaks, DEL, C1) and the invisible characters that reorder a line
 * (bidirectional marks, overrides and isolates): a cell holding an escape sequence would act on the terminal
 * that shows the file (cat results.csv: retitle, clear the screen), a right-to-left override would disguise
 * a value in a spreadsheet (evil<RLO>exe.txt).
 */
const UNSAFE = shownPattern(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/);

/** A cell's text with those characters shown as \xNN or \u{NNNN}, as drift.md and the CLI show them. */
export function showControls(s: string): string {
  return s.replace(UNSAFE, shownChar);
}

/** A value a spreadsheet or a later CSV would run as a formula is kept as text with a leading apostrophe. */
export function neutralise(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** Excel's limit on the characters of one cell. */
export const CELL_MAX = 32_767;

/** A cell's text within Excel's limit, saying how much was left out (the full text is in poam.json). */
export function fitCell(s: string): string {
  if (s.length <= CELL_MAX) return s;
  const note = (n: number) => ` … (${n} more characters: the full text is in poam.json)`;
  const keep = CELL_MAX - note(s.length).length;
  return s.slice(0, keep) + note(s.length - keep);
}

/** Days since 1899-12-30 (Excel's 1900 date system) of a YYYY-MM-DD date. */
export function excelDate(iso: string): number {
  const ms = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round((ms - Date.UTC(1899, 11, 30)) / 86_400_000);
}
