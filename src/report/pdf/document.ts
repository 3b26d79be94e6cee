// The content of the evidence package, section by section, laid out on a Flow. Runs twice with
// the same input: once on a NullSurface (to learn the page of every section and control) and once
// for real. Nothing here may depend on which pass it is, except the text of page numbers (the
// table of contents, the footer), whose cells are one line either way.
import { createHash } from 'node:crypto';
import { dayIsOver, instantMs, timeWindow } from '../../io/dates.js';
import { LAYERS, type Layer } from '../../snapshot/types.js';
import type { ReportCheck, ReportControl, ReportInput, ReportParty, ReportPoamItem, ReportResult } from '../model.js';
import { COLORS, type Cell, type Column, type Flow, type Row, type TableSpec } from './flow.js';
import { cell, contentsTable, drawFooter, hash, KV_COLUMNS, kvRow, list, num, p, prose, SIZE, SMALL, type TextOpts, type TocEntry } from './parts.js';
import {
  CATEGORIES,
  categoryOf,
  compareIds,
  familyOf,
  RESULT_STATUSES,
  SEVERITY_RANK,
  type ControlCategory,
  type ControlSummary,
  type Counts,
  type ResultStats,
  type ResultStatus,
} from './stats.js';
import { clean, type Para } from './text.js';
import { boundGroups, compactIds, IdRanges, ResultGrouper, VALUES_SHOWN, type BoundedGroup } from '../group.js';
import { AGE_BANDS, ageBand, DEVICES_CSV, foldManifest, GROUP_ABOVE, summariseBy, type FoldedFolder } from '../fleet.js';
import { RESULTS_CSV } from '../results-csv.js';
import { selectionCounts, selectionName } from '../../oscal/assessment-results.js';
import { partialNeedsText, partialWhyCounts, partialWhyText } from '../../assess/controls.js';
import type { Wording } from './wording.js';

export interface BuildContext {
  input: ReportInput;
  words: Wording;
  stats: ResultStats;
  summary: ControlSummary;
  /** From the layout pass: the page of each destination and the page count; absent during it. */
  pages?: { anchors: ReadonlyMap<string, number>; total: number };
  /** What both passes share at fleet scale, computed once (fleetData()). */
  fleet?: FleetData;
}

/** At fleet scale: the grouped results (bounded per check × verdict) and the manifest folded by folder. */
export interface FleetData {
  groups: BoundedGroup[];
  manifest: { listed: ReportInput['files']; folded: FoldedFolder[] };
  /** Device ids as ranges, each list computed once for both passes. */
  ranges: IdRanges;
  /** What both passes compute alike from the devices (the device summaries), computed in the first. */
  once: <T>(key: string, make: () => T) => T;
}

function memo(): <T>(key: string, make: () => T) => T {
  const done = new Map<string, unknown>();
  return <T>(key: string, make: () => T): T => {
    if (!done.has(key)) done.set(key, make());
    return done.get(key) as T;
  };
}

/** A grouper for the results of a fleet (undefined below fleet scale), to feed in the counting pass. */
export function fleetGrouper(input: ReportInput, words: Wording): ResultGrouper | undefined {
  if (input.devices.length <= GROUP_ABOVE) return undefined;
  const asRequired = clean(words.label('results.as-required'));
  return new ResultGrouper(() => asRequired);
}

/**
 * The fleet-scale data of an input, or undefined for a fleet small enough to list device by device.
 * `filled`: a fleetGrouper that has seen every result already (else they are read once more here).
 */
export function fleetData(input: ReportInput, words: Wording, filled?: ResultGrouper): FleetData | undefined {
  let grouper = filled;
  if (!grouper) {
    grouper = fleetGrouper(input, words);
    if (!grouper) return undefined;
    for (const r of input.results()) grouper.add(r);
  }
  return {
    groups: boundGroups(grouper.groups(input.checks.map((c) => c.id))),
    manifest: foldManifest(input.files),
    ranges: new IdRanges(),
    once: memo(),
  };
}

export const CATEGORY_COLORS: Record<ControlCategory | 'manual', string> = {
  satisfied: '#2e7d32',
  'not-satisfied': '#c62828',
  deviation: '#e08a00',
  partial: '#3f51b5',
  manual: '#78909c',
};
export const STATUS_COLORS: Record<ResultStatus, string> = {
  pass: '#2e7d32',
  fail: '#c62828',
  deviation: '#e08a00',
  'not-applicable': '#757575',
  'not-collected': '#6a1b9a',
};

const SECTION_KEYS = [
  'cover',
  'contents',
  'system',
  'summary',
  'devices',
  'freshness',
  ...LAYERS.map((l) => `layer-${l}`),
  'controls',
  'manual',
  'attestations',
  'poam',
  'parameters',
  'deviations',
  'manifest',
  'attachments',
  'signatures',
] as const;

/** Above this many devices, results are grouped and per-device lists summarised (report/fleet.ts). */
export { GROUP_ABOVE };
/** At fleet scale, the id ranges a cell shows before "and N more". */
const RUNS_SHOWN = 12;
/** At fleet scale, the values a device summary table shows before one row of the others. */
const SUMMARY_ROWS = 15;

/**
 * Why the partially assessed controls among `controls` are so, counted and worded as the AR's result
 * says it (partialWhyText). A control assembled without its reasons falls back to what it names:
 * objectives left, ODPs undefined.
 */
function partialWhyOf(controls: readonly ReportControl[]): string {
  return partialWhyText(partialCountsOf(controls), controls.filter((c) => c.state === 'partial').length);
}

/** What the partially assessed controls among `controls` still need, for the reasons they have ("objectives left to the assessor, parameters to define"). */
function partialNeedsOf(controls: readonly ReportControl[]): string {
  return partialNeedsText(partialCountsOf(controls));
}

function partialCountsOf(controls: readonly ReportControl[]): ReturnType<typeof partialWhyCounts> {
  return partialWhyCounts(controls.filter((c) => c.state === 'partial').map((c) => c.partialWhys ?? [
    ...(c.uncovered.length ? ['objectives-left' as const] : []),
    ...(c.undefinedOdps?.length ? ['odps-undefined' as const] : []),
  ]));
}

function pad(n: number): string {
  return String(n).padStart(7, '0');
}

/**
 * Named destinations: a letter and a fixed-width number, so the Dests name tree sorts the same
 * in every locale (pdfkit sorts it with localeCompare).
 */
class Dests {
  private readonly controls = new Map<string, string>();
  private readonly checks = new Map<string, string>();
  private readonly files = new Map<string, string>();
  private readonly devices = new Map<string, string>();
  private readonly deviceEvidence = new Map<string, string>();

  /** `listed`, at fleet scale: the files with a row of their own in the manifest (and no device has a row); absent: all. */
  constructor(input: ReportInput, sortedControls: readonly ReportControl[], listed?: ReadonlySet<string>) {
    sortedControls.forEach((c, i) => this.controls.set(c.id, `c${pad(i)}`));
    input.checks.forEach((c, i) => this.checks.set(c.id, `k${pad(i)}`));
    input.files.forEach((f, i) => {
      if (!this.files.has(f.path) && (!listed || listed.has(f.path))) this.files.set(f.path, `f${pad(i)}`);
    });
    // At fleet scale the devices table is a summary: a device has no row to link to.
    if (listed) return;
    input.devices.forEach((d, i) => {
      const own = `d${pad(i)}`;
      this.devices.set(d.id, own);
      this.deviceEvidence.set(d.id, this.files.get(d.evidenceHref) ?? own);
    });
  }
  section(key: (typeof SECTION_KEYS)[number]): string {
    return `s${pad(SECTION_KEYS.indexOf(key))}`;
  }
  control(id: string): string | undefined {
    return this.controls.get(id);
  }
  check(id: string): string | undefined {
    return this.checks.get(id);
  }
  file(path: string): string | undefined {
    return this.files.get(path);
  }
  device(id: string): string | undefined {
    return this.devices.get(id);
  }
  /** A device's evidence copy in the manifest appendix (or its row in the device list). */
  evidence(id: string): string | undefined {
    return this.deviceEvidence.get(id);
  }
}

function byteSize(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// ---- the document ------------------------------------------------------------------------------

export async function buildDocument(flow: Flow, ctx: BuildContext): Promise<void> {
  const { input, words } = ctx;
  const L = (key: string, values?: Record<string, string | number>) => clean(words.label(key, values));
  const controls = [...input.controls].sort((a, b) => compareIds(a.id, b.id));
  const fleet = ctx.fleet ?? fleetData(input, words);
  const ranges = fleet?.ranges ?? new IdRanges();
  const once = fleet?.once ?? memo();
  const dests = new Dests(input, controls, fleet ? new Set(fleet.manifest.listed.map((f) => f.path)) : undefined);
  const checkById = new Map(input.checks.map((c) => [c.id, c]));
  const layerTitle = (l: Layer) => L(`layer.${l}`);
  const systemName = clean(input.systemName);
  // What chose the controls, in the AR's words ("MODERATE baseline" or "profile <title>").
  const selection = clean(selectionName(input));
  const attestations = input.attestations ?? [];

  // The page chrome: the marking banners on every page; the footer in the real pass only (the
  // layout pass has no page count).
  if (input.marking) flow.chrome.marking = clean(input.marking);
  if (ctx.pages) {
    const total = ctx.pages.total;
    flow.chrome.footer = (page) => drawFooter(flow, words.prose('pdf-footer', { systemName, page, pages: total, now: clean(input.now) }).replace(/\n+/g, ' '));
  }

  const checkLink = (id: string, o: TextOpts = {}) => p(id, { ...o, goTo: dests.check(id) });
  const controlItems = (ids: readonly string[]) => ids.map((id) => ({ text: id, goTo: dests.control(id) }));
  const deviceItems = (ids: readonly string[]) => ids.map((id) => ({ text: id, goTo: dests.evidence(id) }));
  // Where a per-device file is: attached to this PDF (and in the package), or only in the package.
  const whereIs = (name: string) => L(input.attachments.some((a) => a.name === name) ? 'file.attached' : 'file.in-package', { name });
  /** Devices as ids (linked) below fleet scale; at fleet scale a count (unless `count: false`) and id ranges, bounded. */
  const devicesParas = (ids: readonly string[], o: { count?: boolean; csv?: string } = {}): Para[] => {
    if (!fleet) return [list(deviceItems(ids))];
    const { runs, more } = ranges.of(ids, RUNS_SHOWN);
    return [
      ...(o.count !== false ? [p(L('results.device-count', { count: ids.length }), { font: 'bold' })] : []),
      p(runs.join(', ')),
      ...(more ? [p(L('results.more-devices', { count: more, where: whereIs(o.csv ?? RESULTS_CSV) }), { size: SMALL, color: COLORS.muted })] : []),
    ];
  };
  const catLabel = (c: ControlCategory | 'manual') => L(`category.${c}`);
  const statusPara = (s: ResultStatus) => p(L(`status.${s}`), { font: 'bold', color: STATUS_COLORS[s] });
  const countsText = (c: Counts<ResultStatus>) =>
    RESULT_STATUSES.filter((s) => c[s] > 0)
      .map((s) => `${L(`status.${s}`)}: ${c[s]}`)
      .join(' · ') || L('none');
  const system = input.system;
  const described = system && !system.placeholder ? system : undefined;
  const impact = (level: string) => (words.has(`impact.${level}`) ? L(`impact.${level}`) : clean(level));
  /** A person: "name, organization", or the note that the system description names nobody there. */
  const person = (who: ReportParty | undefined, missing: string): Para[] =>
    who
      ? [p(who.name, { font: 'bold' }), ...(who.organization ? [p(who.organization)] : []), ...(who.email ? [p(who.email, { color: COLORS.muted })] : [])]
      : [p(missing, { color: COLORS.muted })];
  const roleHolder = (roleId: string) => system?.roles.find((r) => r.roleId === roleId);
  const noSystem = L('system.not-described');
  // The collection window: the earliest and the latest collection.
  const collected = timeWindow(input.devices.map((d) => d.collectedAt));
  const window = !collected ? L('none') : collected.first === collected.last ? clean(collected.first) : L('cover.date-range', { from: clean(collected.first), to: clean(collected.last) });
  const assessmentDate = clean(input.now).slice(0, 10);
  const selectionText = input.profile
    ? L('cover.profile-value', { title: clean(input.profile.title ?? input.profile.file), count: input.profile.controlCount })
    : L('cover.baseline-value', { selection });
  const expiredAttestations = attestations.filter((a) => a.status === 'expired').length;
  /** Stale devices as id ranges, bounded. */
  const staleRanges = (ids: string[]) => {
    const { runs, more } = ranges.of(ids, RUNS_SHOWN);
    return more ? `${runs.join(', ')} ${L('fleet.and-more', { count: more })}` : runs.join(', ');
  };

  // ---- cover -----------------------------------------------------------------------------------
  flow.newPage();
  flow.openSection(L('section.cover'));
  flow.anchor(dests.section('cover'));
  flow.surface.outline(null, L('section.cover'));
  flow.space(40);
  flow.paragraph(p(L('cover.kicker'), { size: 12, color: COLORS.heading }), { after: 6 });
  flow.paragraph(p(systemName, { font: 'bold', size: 24, color: COLORS.heading }), { after: 14, role: 'H1' });
  // Controls no check covers: decided by attestations alone, not by the devices' configuration
  // (the cover and the executive summary say so apart).
  const attestedOnly = input.controls.filter((c) => c.checkIds.length === 0 && c.attestations?.count).length;
  // No check and no attestation: expected attested, none supplied (not satisfied; nothing examined).
  const unattested = input.controls.filter((c) => c.checkIds.length === 0 && !c.attestations?.count).length;
  // Controls a check assessed outside the selection (the AR's in-baseline = no): the cover, the
  // system row and the status total name them apart, or assessed + manual reads as the selection's size.
  // Counted as the AR's and monitor's result descriptions count them (one function).
  const counted = selectionCounts(input.controls, input.manual);
  const { outside, inSelection, selectionTotal } = counted;
  const coverData = {
    systemName,
    deviceCount: input.devices.length,
    checkCount: input.checks.length,
    controlCount: input.controls.length,
    attestedOnly,
    unattested,
    attestations: input.attestations?.length ?? 0,
    manualCount: input.manual.length,
    ...counted,
    manual: input.manual.length,
    baseline: clean(input.baseline),
    selection,
    now: clean(input.now),
    toolVersion: clean(input.toolVersion),
  };
  for (const text of words.prose('pdf-cover', coverData).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
  flow.space(8);
  const COVER_DEVICES = 12;
  const shown = input.devices.slice(0, COVER_DEVICES).map((d) => {
    const what = [d.manufacturer, d.model].map(clean).filter(Boolean).join(' ');
    return { text: what ? `${d.id} (${what})` : d.id, goTo: dests.device(d.id) };
  });
  const deviceParas: Para[] = [p(L('cover.device-count', { count: input.devices.length }), { font: 'bold' })];
  if (shown.length > 0) deviceParas.push(list(shown));
  if (input.devices.length > COVER_DEVICES) {
    deviceParas.push(p(L('cover.more-devices', { count: input.devices.length - COVER_DEVICES }), { goTo: dests.section('devices') }));
  }
  const systemLine = system && !system.placeholder ? [system.shortName, system.systemId].map(clean).filter(Boolean).join(' · ') : '';
  await flow.table({ columns: KV_COLUMNS, noHeader: true }, [
    kvRow(L('cover.system'), p(systemName, { font: 'bold' }), ...(systemLine ? [p(systemLine)] : []), p(L('cover.system-link'), { goTo: dests.section('system') })),
    kvRow(
      L('cover.categorization'),
      p(system && !system.placeholder ? L('cover.categorization-value', { overall: impact(system.categorization.overall), c: impact(system.categorization.confidentiality), i: impact(system.categorization.integrity), a: impact(system.categorization.availability) }) : noSystem, { color: system && !system.placeholder ? COLORS.text : COLORS.muted }),
    ),
    kvRow(L('cover.ao'), ...person(roleHolder('authorizing-official'), system?.placeholder === false ? L('system.not-named') : noSystem)),
    kvRow(L('cover.assessor'), ...person(system?.assessor, system?.placeholder === false ? L('system.not-named') : noSystem)),
    // The day and the instant the run judged at (--now in UTC), as the System page and the AR's end state it.
    kvRow(L('cover.assessed'), p(L('system.assessed-value', { date: assessmentDate, now: clean(input.now) }))),
    kvRow(L('cover.collected'), p(window)),
    kvRow(L('cover.devices'), ...deviceParas),
    kvRow(L('cover.selection'), p(selectionText)),
    ...(attestations.length ? [kvRow(L('cover.attestations'), p(L('cover.attestation-count', { count: attestations.length, expired: expiredAttestations }), { goTo: dests.section('attestations') }))] : []),
    kvRow(L('cover.digest'), hash(input.manifestDigest, COLORS.text), p(L('cover.digest-note', { file: clean(input.selfName ?? 'this PDF') }), { size: SMALL, color: COLORS.muted, goTo: dests.section('manifest') })),
  ]);

  // ---- contents --------------------------------------------------------------------------------
  flow.section(L('section.contents'), dests.section('contents'));
  const toc: TocEntry[] = [];
  const top = (key: (typeof SECTION_KEYS)[number], title: string) => toc.push({ title, dest: dests.section(key), level: 0 });
  top('system', L('section.system'));
  top('summary', L('section.summary'));
  top('devices', L('section.devices'));
  top('freshness', L('section.freshness'));
  for (const l of LAYERS) {
    top(`layer-${l}`, L('section.layer', { title: layerTitle(l) }));
    for (const c of input.checks.filter((k) => k.layer === l)) toc.push({ title: `${clean(c.id)} — ${clean(c.title)}`, dest: dests.check(c.id) as string, level: 1 });
  }
  top('controls', L('section.controls'));
  for (const c of controls) toc.push({ title: `${clean(c.id)} — ${clean(c.title)}`, dest: dests.control(c.id) as string, level: 1 });
  top('manual', L('section.manual'));
  if (attestations.length) top('attestations', L('section.attestations'));
  top('poam', L('section.poam'));
  top('parameters', L('section.parameters'));
  top('deviations', L('section.deviations'));
  top('manifest', L('section.manifest'));
  toc.push({ title: L('section.attachments'), dest: dests.section('attachments'), level: 1 });
  top('signatures', L('section.signatures'));
  const pages = ctx.pages;
  await contentsTable(flow, toc, pages ? (d) => pages.anchors.get(d) : undefined, { title: L('toc.title'), page: L('toc.page') });

  // ---- system and assessment -------------------------------------------------------------------
  flow.section(L('section.system'), dests.section('system'));
  if (!system || system.placeholder) flow.paragraph(p(L('system.placeholder-note'), { color: COLORS.muted }), { after: 6 });
  /** A sub-heading and its table, kept on one page when the table takes at most half of one. */
  const headedTable = async (title: string, spec: TableSpec, rows: Row[]) => {
    const h = flow.tableHeight(spec, rows);
    flow.subheading(title, { keep: h <= flow.pageRoom / 2 ? h : flow.tableStart(spec, rows) });
    await flow.table(spec, rows);
  };
  await headedTable(L('system.about'), { columns: KV_COLUMNS, noHeader: true }, [
    kvRow(L('system.name'), p(system?.name ?? systemName)),
    ...(system?.shortName ? [kvRow(L('system.short-name'), p(system.shortName))] : []),
    kvRow(L('system.id'), p(system?.systemId ?? L('system.no-id'), { color: system?.systemId ? COLORS.text : COLORS.muted })),
    ...(system ? [kvRow(L('system.status'), p(words.has(`status.system.${system.status}`) ? L(`status.system.${system.status}`) : system.status))] : []),
    // The placeholder description's texts are notes to the system owner, not facts: not shown.
    kvRow(L('system.description'), described ? p(described.description) : p(noSystem, { color: COLORS.muted })),
    kvRow(L('system.boundary'), described ? p(described.boundary) : p(noSystem, { color: COLORS.muted })),
  ]);
  if (system && !system.placeholder) {
    await headedTable(
      L('system.categorization'),
      {
        columns: [
          { header: L('col.confidentiality'), weight: 1 },
          { header: L('col.integrity'), weight: 1 },
          { header: L('col.availability'), weight: 1 },
          { header: L('col.overall'), weight: 1 },
        ],
      },
      [{ cells: [cell(p(impact(system.categorization.confidentiality))), cell(p(impact(system.categorization.integrity))), cell(p(impact(system.categorization.availability))), cell(p(impact(system.categorization.overall), { font: 'bold' }))] }],
    );
  } else {
    flow.subheading(L('system.categorization'));
    flow.paragraph(p(noSystem, { color: COLORS.muted }));
  }
  // The four roles an ATO names, in this order, then any other role of the description.
  const KEY_ROLES = ['system-owner', 'authorizing-official', 'information-system-security-officer', 'information-system-security-manager'];
  const roleRows: Row[] = KEY_ROLES.flatMap((id) => {
    const holders = system?.roles.filter((r) => r.roleId === id) ?? [];
    const title = L(`role.${id}`);
    if (holders.length === 0) return [{ cells: [cell(p(title, { font: 'bold' })), cell(p(system?.placeholder === false ? L('system.not-named') : noSystem, { color: COLORS.muted })), cell(), cell()] }];
    return holders.map((r) => ({ cells: [cell(p(title, { font: 'bold' })), cell(p(r.name)), cell(p(r.organization ?? '')), cell(p(r.email ?? ''))] }));
  });
  for (const r of system?.roles ?? []) {
    if (!KEY_ROLES.includes(r.roleId)) roleRows.push({ cells: [cell(p(r.roleTitle, { font: 'bold' })), cell(p(r.name)), cell(p(r.organization ?? '')), cell(p(r.email ?? ''))] });
  }
  await headedTable(
    L('system.roles'),
    {
      columns: [
        { header: L('col.role'), weight: 2.6 },
        { header: L('col.name'), weight: 2.4 },
        { header: L('col.organization'), weight: 3.4 },
        { header: L('col.email'), weight: 2.6 },
      ],
    },
    roleRows,
  );
  const results = RESULT_STATUSES.reduce((n, k) => n + ctx.stats.total[k], 0);
  const method: Para[] = [p(L('system.method-automated', { checks: input.checks.length, devices: input.devices.length, results }))];
  if (attestations.length) method.push(p(L('system.method-attested', { count: attestations.length, expired: expiredAttestations }), { goTo: dests.section('attestations') }));
  method.push(p(L('system.method-manual', { count: input.manual.length }), { goTo: dests.section('manual') }));
  const team = system?.team ?? [];
  await headedTable(L('system.assessment'), { columns: KV_COLUMNS, noHeader: true }, [
    kvRow(L('system.assessor'), ...person(system?.assessor, system?.placeholder === false ? L('system.not-named') : noSystem)),
    ...(team.length ? [kvRow(L('system.team'), ...team.map((m) => p([m.name, m.role, m.organization].map(clean).filter(Boolean).join(' — '))))] : []),
    kvRow(L('system.method'), ...method),
    kvRow(L('system.tool'), p(L('system.tool-value', { version: clean(input.toolVersion) })), ...(input.rulesDigest ? [hash(input.rulesDigest, COLORS.text), p(L('system.rules-note'), { size: SMALL, color: COLORS.muted })] : [])),
    kvRow(L('system.assessed'), p(L('system.assessed-value', { date: assessmentDate, now: clean(input.now) }))),
    kvRow(L('system.collected'), p(window), p(L('system.collected-note'), { color: COLORS.muted, goTo: dests.section('devices') })),
  ]);
  // "default (basis...)", "params file x.yaml (line 3)", "profile p.json (set-parameter ...)":
  // counted by where, without the details (Appendix A has them).
  const sources = new Map<string, number>();
  for (const prm of input.parameters) {
    const where = clean(prm.source).replace(/;.*$|\s*\(.*$/, '') || clean(prm.source);
    sources.set(where, (sources.get(where) ?? 0) + 1);
  }
  const sourceText = [...sources.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([s, n]) => L('cover.source-count', { source: s, count: n }))
    .join('; ');
  const modelOf = (d: (typeof input.devices)[number]) => [d.manufacturer, d.model].map(clean).filter(Boolean).join(' ') || L('system.model-unknown');
  const models = once('models', () => {
    const m = new Map<string, number>();
    for (const d of input.devices) m.set(modelOf(d), (m.get(modelOf(d)) ?? 0) + 1);
    return m;
  });
  // At fleet scale the most common models; the others are counted (Devices assessed has them all).
  const modelList = [...models.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const modelsShown = fleet ? [...modelList].sort(([, x], [, y]) => y - x).slice(0, SUMMARY_ROWS).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : modelList;
  const modelsLeft = modelList.length - modelsShown.length;
  const expiredDeviations = input.deviations.filter((d) => d.expired).length;
  await headedTable(L('system.scope'), { columns: KV_COLUMNS, noHeader: true }, [
    kvRow(L('system.devices'), p(L('cover.device-count', { count: input.devices.length }), { font: 'bold', goTo: dests.section('devices') }), list(modelsShown.map(([m, n]) => ({ text: `${m} (${n})` }))), ...(modelsLeft ? [p(L('fleet.other-models', { count: modelsLeft, devices: modelList.length === 0 ? 0 : input.devices.length - modelsShown.reduce((t, [, n]) => t + n, 0) }), { color: COLORS.muted, goTo: dests.section('devices') })] : [])),
    kvRow(L('system.selection'), p(selectionText), ...(input.profile ? [p(input.profile.file, { color: COLORS.muted })] : [])),
    kvRow(L('system.controls'), p(outside
      ? L('system.controls-value-outside', { assessed: input.controls.length, inSelection, outside, selection, manual: input.manual.length, selectionTotal })
      : L('system.controls-value', { assessed: input.controls.length, manual: input.manual.length }))),
    kvRow(L('system.catalog'), p(input.catalogSource)),
    kvRow(L('system.parameters'), p(L('system.parameters-value', { count: input.parameters.length, sources: sourceText || L('none') }), { goTo: dests.section('parameters') })),
    kvRow(L('system.deviations'), p(L('system.deviations-value', { count: input.deviations.length, expired: expiredDeviations }), { goTo: dests.section('deviations') })),
    kvRow(L('system.marking'), p(input.marking ? clean(input.marking) : L('system.no-marking'), { color: input.marking ? COLORS.text : COLORS.muted })),
  ]);

  // ---- executive summary -----------------------------------------------------------------------
  const { summary, stats } = ctx;
  flow.section(L('section.summary'), dests.section('summary'));
  const assessed = input.controls.length;
  for (const text of words
    .prose('pdf-summary', {
      systemName,
      deviceCount: input.devices.length,
      checkCount: input.checks.length,
      assessed,
      attestedOnly,
      unattested,
      satisfied: summary.total.satisfied,
      // Not satisfied counts the controls not satisfied only because of deviations too, as the CLI does.
      notSatisfied: summary.total['not-satisfied'] + summary.total.deviation,
      deviationOnly: summary.total.deviation,
      partial: summary.total.partial,
      partialWhy: partialWhyOf(input.controls),
      ...summaryRisk(summary),
      manual: summary.manual,
      baseline: clean(input.baseline),
      selection,
      results: RESULT_STATUSES.reduce((s, k) => s + stats.total[k], 0),
      pass: stats.total.pass,
      fail: stats.total.fail,
      failingControls: summary.failing.length,
    })
    .split('\n\n'))
    flow.paragraph(prose(text), { after: 6 });

  const legend = (['satisfied', 'not-satisfied', 'deviation', 'partial', 'manual'] as const).map((c) => ({ label: catLabel(c), color: CATEGORY_COLORS[c] }));
  const bar = (counts: Partial<Record<ControlCategory | 'manual', number>>, max: number, what: string): Cell => {
    const parts = (['satisfied', 'not-satisfied', 'deviation', 'partial', 'manual'] as const).filter((k) => (counts[k] ?? 0) > 0).map((k) => `${catLabel(k).replace(/^\W+\s*/u, '')} ${counts[k]}`);
    return {
      paras: [],
      bar: {
        max,
        segments: (['satisfied', 'not-satisfied', 'deviation', 'partial', 'manual'] as const).map((k) => ({ value: counts[k] ?? 0, color: CATEGORY_COLORS[k] })),
        alt: L('chart.alt', { what, parts: parts.join(', ') || L('chart.nothing') }),
      },
    };
  };

  flow.subheading(L('summary.by-status'), { keep: 90 });
  flow.legend(legend);
  const overall = assessed + summary.manual;
  // The controls outside the selection count in the total but not in the selection (see the cover).
  const totalLabel = outside ? L('summary.total-outside', { total: overall, inSelection: selectionTotal, selection, outside }) : L('summary.total');
  await flow.table(
    {
      columns: [
        { header: L('col.status'), weight: 3 },
        { header: L('col.controls'), weight: 1, align: 'right' },
        { header: L('col.chart'), weight: 8 },
      ],
    },
    [
      ...(['satisfied', 'not-satisfied', 'deviation', 'partial'] as const).map((c) => ({
        cells: [cell(p(catLabel(c), { color: CATEGORY_COLORS[c], font: 'bold' })), num(summary.total[c]), bar({ [c]: summary.total[c] }, overall, catLabel(c))],
      })),
      { cells: [cell(p(catLabel('manual'), { color: CATEGORY_COLORS.manual, font: 'bold' })), num(summary.manual), bar({ manual: summary.manual }, overall, catLabel('manual'))] },
      {
        strong: true,
        cells: [cell(p(totalLabel, { font: 'bold' })), num(overall), bar({ ...summary.total, manual: summary.manual }, overall, L('summary.total'))],
      },
    ],
  );

  flow.subheading(L('summary.by-layer'), { keep: 90 });
  flow.paragraph(p(L('summary.by-layer-note'), { color: COLORS.muted }));
  const layerMax = Math.max(1, ...LAYERS.map((l) => CATEGORIES.reduce((s, c) => s + (summary.byLayer.get(l) as Counts<ControlCategory>)[c], 0)));
  await flow.table(
    {
      columns: [
        { header: L('col.layer'), weight: 4 },
        { header: catLabel('satisfied'), weight: 1.3, align: 'right' },
        { header: catLabel('not-satisfied'), weight: 1.3, align: 'right' },
        { header: catLabel('deviation'), weight: 1.3, align: 'right' },
        { header: catLabel('partial'), weight: 1.3, align: 'right' },
        { header: L('col.chart'), weight: 4 },
        ...RESULT_STATUSES.map((s) => ({ header: L(`col.results-${s}`), weight: 1.2, align: 'right' as const })),
      ],
    },
    LAYERS.map((l) => {
      const c = summary.byLayer.get(l) as Counts<ControlCategory>;
      const r = stats.byLayer.get(l) as Counts<ResultStatus>;
      return {
        cells: [
          cell(p(layerTitle(l), { goTo: dests.section(`layer-${l}`) })),
          num(c.satisfied),
          num(c['not-satisfied']),
          num(c.deviation),
          num(c.partial),
          bar(c, layerMax, layerTitle(l)),
          ...RESULT_STATUSES.map((s) => num(r[s])),
        ],
      };
    }),
  );

  flow.subheading(L('summary.by-family'), { keep: 90 });
  const famMax = Math.max(1, ...[...summary.byFamily.values()].map((c) => c.satisfied + c['not-satisfied'] + c.deviation + c.partial + c.manual));
  await flow.table(
    {
      columns: [
        { header: L('col.family'), weight: 4 },
        { header: catLabel('satisfied'), weight: 1.3, align: 'right' },
        { header: catLabel('not-satisfied'), weight: 1.3, align: 'right' },
        { header: catLabel('deviation'), weight: 1.3, align: 'right' },
        { header: catLabel('partial'), weight: 1.3, align: 'right' },
        { header: catLabel('manual'), weight: 1.3, align: 'right' },
        { header: L('col.chart'), weight: 7 },
      ],
    },
    [...summary.byFamily.entries()].map(([fam, c]) => ({
      cells: [
        cell(p(familyLabel(words, fam))),
        num(c.satisfied),
        num(c['not-satisfied']),
        num(c.deviation),
        num(c.partial),
        num(c.manual),
        bar(c, famMax, familyLabel(words, fam)),
      ],
    })),
  );

  flow.subheading(L('summary.failing'), { keep: 60 });
  if (summary.failing.length === 0) flow.paragraph(p(L('summary.no-failing')));
  else
    await flow.table(
      {
        columns: [
          { header: L('col.control'), weight: 1.4 },
          { header: L('col.title'), weight: 5 },
          { header: L('col.severity'), weight: 1.1 },
          { header: L('col.failing-devices'), weight: 1.3, align: 'right' },
          { header: L('col.failed-checks'), weight: 3.4 },
          { header: L('col.objectives'), weight: 3.4 },
        ],
      },
      summary.failing.map((c) => {
        // Only the checks that failed (or are failing under a deviation), not every check of the control.
        const failed = c.failingChecks ?? c.checkIds;
        const shown = c.objectives.filter((o) => o.state === 'satisfied').length;
        const notShown = c.objectives.length - shown;
        return {
          cells: [
            cell(p(c.id, { font: 'bold', goTo: dests.control(c.id) })),
            cell(p(c.title)),
            cell(p(c.severity ?? L('none'), { color: c.severity === 'CAT I' ? STATUS_COLORS.fail : COLORS.text })),
            num(c.failingDevices.length),
            cell(
              ...(failed.length ? [list(failed.map((k) => ({ text: k, goTo: dests.check(k) })))] : []),
              ...(c.deviationChecks?.length ? [p(L('summary.deviation-checks'), { size: SMALL, color: CATEGORY_COLORS.deviation }), list(c.deviationChecks.map((k) => ({ text: k, goTo: dests.check(k) })))] : []),
              ...(failed.length === 0 && !c.deviationChecks?.length ? [p(L('summary.no-failed-check'), { color: COLORS.muted })] : []),
              ...(c.checkIds.length > failed.length + (c.deviationChecks?.length ?? 0) ? [p(L('summary.checks-passed', { count: c.checkIds.length - failed.length - (c.deviationChecks?.length ?? 0), total: c.checkIds.length }), { size: SMALL, color: COLORS.muted })] : []),
            ),
            cell(
              p(L('summary.objectives', { leaves: c.leafCount, shown, notShown, left: c.uncovered.length }), { size: SMALL }),
              ...(c.objectives.some((o) => o.state !== 'satisfied') ? [p(L('summary.objectives-failed', { ids: c.objectives.filter((o) => o.state !== 'satisfied').map((o) => o.label ?? o.id).join(', ') }), { size: SMALL, color: CATEGORY_COLORS['not-satisfied'] })] : []),
            ),
          ],
        };
      }),
    );

  // ---- devices ---------------------------------------------------------------------------------
  const nowMs = instantMs(input.now);
  const ageDays = (at: string) => Math.max(0, Math.floor((nowMs - instantMs(at)) / 86_400_000));
  /**
   * At fleet scale: the devices by model, operating system, site and evidence age, each value with
   * its count and id ranges (bounded); the list device by device is devices.csv.
   */
  const deviceSummaries = async () => {
    const unknown = L('fleet.not-stated');
    const bandLabel = (i: number) =>
      i < AGE_BANDS.length ? L('fleet.age-band', { from: i === 0 ? 0 : AGE_BANDS[i - 1]! + 1, to: AGE_BANDS[i]! }) : L('fleet.age-older', { days: AGE_BANDS[AGE_BANDS.length - 1]! });
    const traits: Array<[string, (d: (typeof input.devices)[number]) => string, ((a: string, b: string) => number)?]> = [
      [L('fleet.by-model'), (d) => [modelOf(d), d.kind ? `(${clean(d.kind)})` : ''].filter(Boolean).join(' ')],
      [L('fleet.by-os'), (d) => clean(d.os ?? '') || unknown],
      [L('fleet.by-site'), (d) => clean(d.location ?? '') || unknown],
      // Bands in age order, not by count.
      [L('fleet.by-age'), (d) => String(ageBand(ageDays(d.collectedAt))), (a, b) => Number(a) - Number(b)],
    ];
    const spec: TableSpec = {
      columns: [
        { header: L('col.value'), weight: 5 },
        { header: L('col.device-count'), weight: 1.3, align: 'right' },
        { header: L('col.device-ids'), weight: 8 },
      ],
      continued: L('table.continued'),
    };
    for (const [i, [title, keyOf, order]] of traits.entries()) {
      const { rows, other } = once(`summary-${i}`, () => summariseBy(input.devices, keyOf, SUMMARY_ROWS, order));
      const body: Row[] = rows.map((r) => ({
        cells: [cell(p(i === traits.length - 1 ? bandLabel(Number(r.value)) : r.value, { font: 'bold' })), num(r.ids.length), cell(...devicesParas(r.ids, { count: false, csv: DEVICES_CSV }))],
      }));
      if (other) body.push({ cells: [cell(p(L('fleet.other-values', { count: other.values }), { color: COLORS.muted })), num(other.devices), cell(p(L('fleet.see', { where: whereIs(DEVICES_CSV) }), { color: COLORS.muted }))] });
      await headedTable(title, spec, body);
    }
  };
  flow.section(L('section.devices'), dests.section('devices'));
  for (const text of words.prose('pdf-devices', { deviceCount: input.devices.length, fleet: fleet !== undefined, list: whereIs(DEVICES_CSV) }).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
  if (fleet) await deviceSummaries();
  else
    await flow.table(
      {
        columns: [
          // The snapshot column holds a SHA-256 on one line (64 × 0.602 em × 7 pt = 270 pt).
          { header: L('col.device'), weight: 2 },
          { header: L('col.model'), weight: 2.8 },
          { header: L('col.os'), weight: 2.2 },
          { header: L('col.collected'), weight: 2.8 },
          { header: L('col.snapshot'), weight: 8 },
          { header: L('col.superseded'), weight: 2.6 },
        ],
      },
      (function* () {
        for (const d of input.devices) {
          yield {
            dest: dests.device(d.id) as string,
            cells: [
              cell(p(d.id, { font: 'bold', goTo: dests.evidence(d.id) === dests.device(d.id) ? undefined : dests.evidence(d.id) })),
              cell(...[d.manufacturer, d.model, d.kind].filter((v) => v).map((v) => p(v))),
              cell(p(d.os ?? '')),
              cell(p(d.collectedAt)),
              d.unreadable !== undefined
                ? cell(p(d.sourceFile), p(L('device.unreadable'), { size: SMALL, color: COLORS.muted }))
                : cell(p(d.sourceFile), hash(d.sourceSha256), p(d.evidenceHref, { size: SMALL, goTo: dests.file(d.evidenceHref) })),
              cell(...(d.superseded.length === 0 ? [p(L('none'), { color: COLORS.muted })] : d.superseded.map((s) => p(`${clean(s.file)} (${clean(s.collectedAt)})`, { size: SMALL })))),
            ],
          } satisfies Row;
        }
      })(),
    );

  // assess --keep-going: the inputs that could not be read, and why (their checks are not collected).
  const unreadable = input.devices.filter((d) => d.unreadable !== undefined);
  if (unreadable.length) {
    flow.subheading(L('sub.unreadable'), { keep: 60 });
    const UNREADABLE_SHOWN = 20;
    for (const d of fleet ? unreadable.slice(0, UNREADABLE_SHOWN) : unreadable) flow.paragraph(p(`${d.id}: ${d.sourceFile}: ${d.unreadable}`), { after: 4 });
    if (fleet && unreadable.length > UNREADABLE_SHOWN) flow.paragraph(p(L('fleet.more-unreadable', { count: unreadable.length - UNREADABLE_SHOWN, where: whereIs(DEVICES_CSV) }), { color: COLORS.muted }));
  }
  // ---- evidence freshness: each device's collection date and age at the assessment ----------------
  flow.section(L('section.freshness'), dests.section('freshness'), null, { compact: true });
  const evidence = input.summary?.evidence;
  const stale = new Set(evidence?.staleDevices ?? []);
  const lapsed = ctx.summary.lapsed;
  for (const text of words
    .prose('pdf-freshness', {
      devices: input.devices.length,
      maxAgeDays: evidence?.maxAgeDays ?? '',
      judged: evidence !== undefined,
      stale: stale.size,
      staleList: fleet ? staleRanges([...stale]) : [...stale].join(', '),
      lapsedPasses: evidence?.lapsedPasses ?? 0,
      lapsedAttestations: lapsed.attestations.length,
      lapsedAttestationControls: lapsed.attestations.join(', '),
      lapsedDeviations: lapsed.deviations,
      missingAttestations: lapsed.missingAttestations?.length ?? 0,
      missingAttestationControls: (lapsed.missingAttestations ?? []).join(', '),
      oldest: input.devices.reduce((m, d) => Math.max(m, ageDays(d.collectedAt)), 0),
    })
    .split('\n\n'))
    flow.paragraph(prose(text), { after: 6 });
  // Oldest first: the evidence an assessor should question first.
  const byAge = input.devices
    .map((d) => ({ d, age: ageDays(d.collectedAt) }))
    .sort((a, b) => b.age - a.age || (a.d.id < b.d.id ? -1 : a.d.id > b.d.id ? 1 : 0))
    .map((x) => x.d);
  const FRESHNESS_ROWS = 60;
  await flow.table(
    {
      columns: [
        { header: L('col.device'), weight: 2 },
        { header: L('col.collected'), weight: 3 },
        { header: L('col.age-days'), weight: 1.6, align: 'right' },
        { header: L('col.state'), weight: 4 },
      ],
    },
    byAge.slice(0, FRESHNESS_ROWS).map((d) => ({
      cells: [
        cell(p(d.id, { font: 'bold', goTo: dests.device(d.id) })),
        cell(p(d.collectedAt)),
        num(ageDays(d.collectedAt)),
        cell(stale.has(d.id) ? p(L('freshness.stale', { max: evidence?.maxAgeDays ?? '' }), { font: 'bold', color: STATUS_COLORS.fail }) : p(evidence ? L('freshness.current') : L('freshness.not-judged'), { color: COLORS.muted })),
      ],
    })),
  );
  if (byAge.length > FRESHNESS_ROWS) flow.paragraph(p(L('freshness.more', { count: byAge.length - FRESHNESS_ROWS }), { color: COLORS.muted, goTo: dests.section('devices') }));

  // ---- one section per layer -------------------------------------------------------------------
  const deviceColumns: Column[] = [
    // The evidence column holds a SHA-256 on one line (64 × 0.602 em × 7 pt = 270 pt).
    { header: L('col.device'), weight: 1.5 },
    { header: L('col.check'), weight: 2.4 },
    // One column for both: an identifier or a value too long for half of it still fits whole.
    { header: L('col.observed-expected'), weight: 6.8 },
    { header: L('col.verdict'), weight: 1.6 },
    { header: L('col.evidence'), weight: 7.8 },
  ];
  // The check's plain wording where the catalog has it; the test's own texts only for a user's
  // catalog without one.
  const observedParas = (r: ReportResult): Para[] => {
    if (!r.plain) return [p(r.observed), p(L('results.expected', { value: clean(r.expected) }), { color: COLORS.muted })];
    const out = [p(r.plain.found), p(L('results.required', { value: clean(r.plain.required) }), { color: COLORS.muted })];
    if (r.status === 'fail' || r.status === 'deviation') out.push(p(L('results.where', { value: clean(r.plain.where) }), { size: SMALL, color: COLORS.muted }));
    if (r.reason) out.splice(1, 0, p(L('results.reason', { value: clean(r.reason) })));
    return out;
  };
  const resultRow = (r: ReportResult): Row => {
    const verdict: Para[] = [statusPara(r.status)];
    // Not collected on stale evidence says so in its wording; a fail on it is marked here.
    if (r.stale && r.status !== 'not-collected') verdict.push(p(L('results.stale'), { size: SMALL, color: COLORS.muted }));
    if (r.deviation) {
      verdict.push(p(L('results.deviation', { approver: clean(r.deviation.approver), expires: clean(r.deviation.expires) }), { size: SMALL, color: COLORS.muted }));
    }
    const evidence: Para[] = [];
    for (const e of r.evidence) {
      evidence.push(p(e.location ? `${clean(e.file)} — ${clean(e.location)}` : e.file, { size: SMALL, goTo: dests.file(e.file) }));
      evidence.push(hash(e.sha256));
    }
    if (evidence.length === 0) evidence.push(p(L('none'), { color: COLORS.muted }));
    return {
      cells: [
        cell(p(r.deviceId, { goTo: dests.evidence(r.deviceId) })),
        cell(checkLink(r.checkId)),
        cell(...observedParas(r)),
        cell(...verdict),
        cell(...evidence),
      ],
    };
  };
  // A fleet larger than GROUP_ABOVE devices gets its results grouped (report/group.ts): one row per
  // check × verdict × what was found, with its devices as ranges of ids, so the page count follows
  // distinct failures, not devices; each device × check is in the attached results CSV. A small
  // fleet keeps one row per device and check, with its evidence file and SHA-256.
  const grouped = fleet !== undefined;
  const resultColumns: Column[] = [
    { header: L('col.check'), weight: 2.4 },
    { header: L('col.verdict'), weight: 1.8 },
    { header: L('col.devices'), weight: 4 },
    { header: L('col.observed-expected'), weight: 9 },
  ];
  const groups = fleet?.groups ?? [];
  const groupRow = (g: BoundedGroup): Row => {
    // The values past the most common VALUES_SHOWN of a check × verdict, as one row.
    if ('otherValues' in g) {
      return {
        cells: [
          cell(checkLink(g.checkId, { font: 'bold' })),
          cell(statusPara(g.status)),
          cell(p(L('results.device-count', { count: g.devices }), { font: 'bold' })),
          cell(p(L('results.other-values', { count: g.otherValues, devices: g.devices, where: whereIs(RESULTS_CSV) }), { color: COLORS.muted })),
        ],
      };
    }
    const verdict: Para[] = [statusPara(g.status)];
    if (g.stale && g.status !== 'not-collected') verdict.push(p(L('results.stale'), { size: SMALL, color: COLORS.muted }));
    if (g.deviation) verdict.push(p(L('results.deviation', { approver: clean(g.deviation.approver), expires: clean(g.deviation.expires) }), { size: SMALL, color: COLORS.muted }));
    const devices = devicesParas(g.devices, { count: true });
    const found: Para[] = [p(g.found), ...(g.reason ? [p(L('results.reason', { value: clean(g.reason) }))] : []), p(L('results.required', { value: clean(g.required) }), { color: COLORS.muted })];
    if (g.where) found.push(p(L('results.where', { value: clean(g.where) }), { size: SMALL, color: COLORS.muted }));
    return { cells: [cell(checkLink(g.checkId, { font: 'bold' })), cell(...verdict), cell(...devices), cell(...found)] };
  };
  const layerOf = (id: string) => checkById.get(id)?.layer;
  for (const layer of LAYERS) {
    const checks = input.checks.filter((c) => c.layer === layer);
    const counts = stats.byLayer.get(layer) as Counts<ResultStatus>;
    const ref = flow.section(L('section.layer', { title: layerTitle(layer) }), dests.section(`layer-${layer}`));
    for (const text of words
      .prose('pdf-layer', {
        layer,
        title: layerTitle(layer),
        checkCount: checks.length,
        deviceCount: input.devices.length,
        results: RESULT_STATUSES.reduce((s, k) => s + counts[k], 0),
        pass: counts.pass,
        fail: counts.fail,
        deviation: counts.deviation,
        notApplicable: counts['not-applicable'],
        notCollected: counts['not-collected'],
      })
      .split('\n\n'))
      flow.paragraph(prose(text), { after: 6 });
    flow.subheading(L('layer.checks'), { size: 9.5 });
    if (checks.length === 0) flow.paragraph(p(L('layer.no-checks')));
    else
      await flow.table(
        {
          columns: [
            { header: L('col.check'), weight: 2 },
            { header: L('col.title'), weight: 5 },
            { header: L('col.severity'), weight: 1.3 },
            { header: L('col.controls'), weight: 2 },
            { header: L('col.remediation'), weight: 4.5 },
            ...RESULT_STATUSES.map((s) => ({ header: L(`col.results-${s}`), weight: 1.05, align: 'right' as const })),
          ],
        },
        checks.map((c: ReportCheck) => {
          const k = stats.byCheck.get(c.id) as Counts<ResultStatus>;
          return {
            dest: dests.check(c.id) as string,
            outline: { parent: ref, title: `${clean(c.id)} — ${clean(c.title)}` },
            cells: [
              cell(p(c.id, { font: 'bold' })),
              cell(p(c.title)),
              cell(p(c.severity)),
              cell(list(controlItems(c.controls))),
              cell(p(c.remediation, { size: SMALL })),
              ...RESULT_STATUSES.map((s) => num(k[s])),
            ],
          };
        }),
      );
    flow.subheading(L(grouped ? 'layer.results-grouped' : 'layer.results', { where: whereIs(RESULTS_CSV), shown: VALUES_SHOWN }), { size: 9.5 });
    const results = counts.pass + counts.fail + counts.deviation + counts['not-applicable'] + counts['not-collected'];
    if (results === 0) flow.paragraph(p(L('layer.no-results')));
    else
      await flow.table(
        { columns: grouped ? resultColumns : deviceColumns, continued: L('table.continued') },
        grouped
          ? groups.filter((g) => layerOf(g.checkId) === layer).map(groupRow)
          : (function* () {
            for (const r of input.results()) if (layerOf(r.checkId) === layer) yield resultRow(r);
          })(),
      );
  }

  // ---- assessed controls -----------------------------------------------------------------------
  const ctlRef = flow.section(L('section.controls'), dests.section('controls'));
  for (const text of words.prose('pdf-controls', { assessed, baseline: clean(input.baseline), partialNeeds: partialNeedsText() }).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
  const poamDevices = new Map<string, string[]>();
  for (const item of input.poam) for (const c of item.controls) poamDevices.set(`${c}\u0000${item.checkId}`, item.devices);
  const deviationsByCheck = new Map<string, string[]>();
  for (const d of input.deviations) {
    const list = deviationsByCheck.get(d.checkId) ?? [];
    list.push(d.deviceId);
    deviationsByCheck.set(d.checkId, list);
  }
  for (const c of controls) {
    const cat = categoryOf(c, stats);
    const heading = `${clean(c.id)} — ${clean(c.title)}`;
    const assessment = words.prose('pdf-control', {
      id: clean(c.id),
      title: clean(c.title),
      category: cat,
      satisfied: cat === 'satisfied',
      deviationOnly: cat === 'deviation',
      reason: c.reason,
      severity: c.severity ?? '',
      checkCount: c.checkIds.length,
      deviceCount: input.devices.length,
      failingCount: c.failingDevices.length,
      deviationCount: c.deviationDevices.length,
      inBaseline: c.inBaseline,
      baseline: clean(input.baseline),
      selection,
      attestationCount: c.attestations?.count ?? 0,
      attestationExpired: c.attestations?.expired ?? 0,
      attestationAwaiting: c.attestations?.awaiting ?? 0,
      attestationWholeControl: c.attestations?.wholeControl === true,
      notCollected: c.notCollected === true,
      notCollectedDevices: c.notCollectedDevices ?? 0,
      notCollectedList: (c.notCollectedPairs ?? []).map((x) => `${clean(x.deviceId)} (${clean(x.checkId)})`).join(', '),
      notCollectedMore: Math.max(0, (c.notCollectedPairsTotal ?? 0) - (c.notCollectedPairs?.length ?? 0)),
      attestationMissing: c.attestationMissing === true,
      undefinedOdps: (c.undefinedOdps ?? []).map(clean),
      undefinedOdpNames: (c.undefinedOdpNames ?? c.undefinedOdps ?? []).map(clean),
      inPart: (c.inPart ?? []).map((x) => ({ id: clean(x.id), why: clean(x.why) })),
      partial: cat === 'partial',
      leafCount: c.leafCount,
      objectiveCount: c.leafCount - (c.addedCount ?? 0),
      addedCount: c.addedCount ?? 0,
      shownCount: c.objectives.filter((o) => o.state === 'satisfied').length,
      // Attested, not shown only because their statement's ODP is undefined: covered, said why beside.
      coveredCount: c.objectives.filter((o) => o.state === 'satisfied' || o.undefinedOdps).length,
      uncoveredCount: c.uncovered.length,
    });
    const rows: Row[] = [
      kvRow(L('control.status'), p(catLabel(cat), { font: 'bold', color: CATEGORY_COLORS[cat] })),
      kvRow(L('control.family'), p(familyLabel(words, familyOf(c.id, c.family)))),
    ];
    if (c.severity) rows.push(kvRow(L('control.severity'), p(c.severity)));
    if (c.statement) rows.push(kvRow(L('control.statement'), prose(cleanStatement(c.statement), { size: SIZE })));
    rows.push(kvRow(L('control.assessment'), ...assessment.split('\n\n').map((t) => prose(t, { size: SIZE }))));
    const objectiveName = (o: { id: string; label?: string }) => (o.label ? `${o.label} (${o.id})` : o.id);
    if (c.objectives.length > 0) {
      rows.push(kvRow(L('control.objectives'), ...c.objectives.map((o) => p(`${o.state === 'satisfied' ? L('objective.satisfied') : L('objective.not-satisfied')} ${objectiveName(o)}`, { size: SIZE, color: o.state === 'satisfied' ? CATEGORY_COLORS.satisfied : CATEGORY_COLORS['not-satisfied'] }))));
    }
    if (c.uncovered.length > 0) {
      const partly = c.uncovered.filter((o) => o.inPart);
      rows.push(kvRow(L('control.uncovered'), p(c.uncovered.map(objectiveName).join(', '), { size: SIZE }),
        ...partly.map((o) => p(L('control.in-part', { objective: objectiveName(o), why: (o.inPart ?? []).join('; ') }), { size: SMALL })),
        p(L('control.uncovered-link'), { size: SMALL, color: COLORS.muted, goTo: dests.section('manual') })));
    }
    if (c.failingDevices.length > 0) rows.push(kvRow(L('control.failing-devices'), ...devicesParas(c.failingDevices, { count: true })));
    if (c.deviationDevices.length > 0) rows.push(kvRow(L('control.deviation-devices'), ...devicesParas(c.deviationDevices, { count: true })));
    if (c.attestations) rows.push(kvRow(L('control.attestations'), p(L('control.attestations-value', { count: c.attestations.count, expired: c.attestations.expired }), { goTo: dests.section('attestations') })));
    rows.push(kvRow(L('control.evidence'), p(L(fleet ? 'control.evidence-fleet' : 'control.evidence-link'), { goTo: dests.section('manifest') })));
    const devSet = new Set(c.deviationDevices);
    const checkSpec = {
      columns: [
        { header: L('col.check'), weight: 2.6 },
        { header: L('col.layer'), weight: 2.2 },
        { header: L('col.severity'), weight: 1 },
        { header: L('col.results'), weight: 3.2 },
        { header: L('col.failing-devices'), weight: 4 },
        { header: L('col.deviations'), weight: 3 },
      ],
      indent: 12,
    };
    const checkRows: Row[] = c.checkIds.map((k) => {
        const check = checkById.get(k);
        const failing = poamDevices.get(`${c.id}\u0000${k}`) ?? [];
        const devs = (deviationsByCheck.get(k) ?? []).filter((d) => devSet.has(d));
        const counts = stats.byCheck.get(k);
        return {
          cells: [
            cell(checkLink(k, { font: 'bold' })),
            cell(p(check ? layerTitle(check.layer) : L('none'))),
            cell(p(check?.severity ?? '')),
            cell(p(counts ? countsText(counts) : L('none'))),
            failing.length ? cell(...devicesParas(failing)) : cell(p(L('none'), { color: COLORS.muted })),
            devs.length ? cell(...devicesParas(devs)) : cell(p(L('none'), { color: COLORS.muted })),
          ],
        };
      });
    // An entry that fits on a page is kept on one page; a longer one keeps its heading with its
    // summary table and the first row of its check table.
    const kv = flow.tableHeight({ columns: KV_COLUMNS, noHeader: true }, rows);
    const body = kv + (checkRows.length ? flow.tableHeight(checkSpec, checkRows) : 0);
    const room = flow.pageRoom - flow.headingHeight(heading, 10);
    const keep = body <= room ? body : Math.min(room, kv + (checkRows.length ? flow.tableStart(checkSpec, checkRows) : 0));
    flow.subheading(heading, { dest: dests.control(c.id) as string, outlineParent: ctlRef, size: 10, keep });
    await flow.table({ columns: KV_COLUMNS, noHeader: true }, rows);
    // An attested control without checks has no check table.
    if (checkRows.length) await flow.table(checkSpec, checkRows);
  }

  // ---- manual assessment -----------------------------------------------------------------------
  flow.section(L('section.manual'), dests.section('manual'));
  const partialControls = controls.filter((c) => c.state === 'partial');
  for (const text of words.prose('pdf-manual', { manual: input.manual.length, partial: partialControls.length, partialWhy: partialWhyOf(partialControls), partialNeeds: partialNeedsOf(partialControls), baseline: clean(input.baseline), selection, attested: attestations.length > 0 }).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
  // The worksheet: one row per control, compact (SMALL type), with the objectives to determine,
  // the assessment objects of each method, who owns it, and a box for the determination.
  const worksheetSpec: TableSpec = {
    columns: [
      { header: L('col.control'), weight: 2.2 },
      { header: L('col.objectives-to-determine'), weight: 6 },
      { header: L('col.assessment-objects'), weight: 5.4 },
      { header: L('col.determination'), weight: 2.4 },
    ],
    continued: L('table.continued'),
  };
  const worksheetRow = (id: string, title: string, objectives: readonly { id: string; label?: string; prose?: string }[], w: { methods: Partial<Record<'EXAMINE' | 'INTERVIEW' | 'TEST', string[]>>; declared?: { status: string; origin: string; provider?: string; roles: string[] } } | undefined, goTo?: string, undefinedOdps: readonly string[] = []): Row => {
    const owner: Para[] = [];
    const d = w?.declared;
    if (d) {
      owner.push(p(d.origin === 'common' ? L('worksheet.inherited', { provider: clean(d.provider ?? '') }) : d.origin === 'hybrid' ? L('worksheet.hybrid', { provider: clean(d.provider ?? '') }) : L('worksheet.system-specific'), { size: SMALL }));
      if (d.roles.length) owner.push(p(L('worksheet.owner', { roles: d.roles.map(clean).join(', ') }), { size: SMALL }));
      owner.push(p(L('worksheet.declared', { status: clean(d.status) }), { size: SMALL, color: COLORS.muted }));
    } else owner.push(p(L('worksheet.not-declared'), { size: SMALL, color: COLORS.muted }));
    const methods: Para[] = [];
    for (const m of ['EXAMINE', 'INTERVIEW', 'TEST'] as const) {
      const items = w?.methods[m] ?? [];
      if (items.length) methods.push(p(`${L(`worksheet.method-${m.toLowerCase()}`)} ${items.map((i) => clean(i)).join('; ')}`, { size: SMALL }));
    }
    if (methods.length === 0) methods.push(p(L('worksheet.no-methods'), { size: SMALL, color: COLORS.muted }));
    return {
      cells: [
        cell(p(id, { font: 'bold', goTo }), p(title, { size: SMALL }), ...owner),
        // An attested control partial for its undefined ODPs alone has every objective decided: what is
        // left is the organisation's values, not objectives the catalog lacks (at-2 attested whole).
        cell(
          ...(objectives.length ? objectives.map((o) => p(`☐ ${o.label ?? o.id} ${o.prose ?? ''}`.trim(), { size: SMALL }))
            : undefinedOdps.length ? [] : [p(L('worksheet.no-objectives'), { size: SMALL, color: COLORS.muted })]),
          ...(undefinedOdps.length ? [p(L(objectives.length ? 'worksheet.odps-undefined-also' : 'worksheet.odps-undefined', { odps: undefinedOdps.map(clean).join(', ') }), { size: SMALL })] : []),
        ),
        cell(...methods),
        cell(p(L('worksheet.satisfied'), { size: SMALL }), p(L('worksheet.other'), { size: SMALL }), prose(`${L('worksheet.by')}\n\n${L('sign.date-line')}`, { size: SMALL })),
      ],
    };
  };
  if (input.manual.length > 0)
    await flow.table(
      worksheetSpec,
      [...input.manual].sort((a, b) => compareIds(a.id, b.id)).map((m) => worksheetRow(m.id, m.title, m.objectives ?? [], m.methods ? { methods: m.methods, ...(m.declared ? { declared: m.declared } : {}) } : undefined)),
    );
  // Partially assessed controls: what the checks showed has findings; only the objectives left
  // are the assessor's.
  if (partialControls.length > 0) {
    flow.subheading(L('manual.partial'), { keep: 60 });
    await flow.table(
      worksheetSpec,
      partialControls.map((c) => worksheetRow(c.id, c.title, c.uncovered, c.worksheet, dests.control(c.id), c.undefinedOdpNames ?? c.undefinedOdps ?? [])),
    );
  }

  // ---- manual attestations: a person's word, kept apart from the automated evidence --------------
  if (attestations.length) {
    flow.section(L('section.attestations'), dests.section('attestations'));
    const expired = attestations.filter((a) => a.status === 'expired').length;
    const awaiting = attestations.filter((a) => a.status === 'awaiting-review').length;
    for (const text of words.prose('pdf-attestations', { count: attestations.length, expired, awaiting, valid: attestations.length - expired - awaiting, reviewerUnconfirmed: input.reviewerUnconfirmed === true }).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
    await flow.table(
      {
        // The evidence column holds a SHA-256 on one line (64 × 0.602 em × 7 pt = 270 pt).
        columns: [
          { header: L('col.control'), weight: 1.5 },
          { header: L('col.statement'), weight: 5.2 },
          { header: L('col.attested-by'), weight: 2.6 },
          { header: L('col.attestation-dates'), weight: 2.2 },
          { header: L('col.evidence-file'), weight: 7.2 },
        ],
        continued: L('table.continued'),
      },
      attestations.map((a) => ({
        cells: [
          cell(p(a.controlId, { font: 'bold', goTo: dests.control(a.controlId) }), p(a.controlTitle, { size: SMALL, color: COLORS.muted })),
          cell(p(a.statement)),
          cell(p(a.who), p(a.role, { size: SMALL, color: COLORS.muted }), p(a.method, { size: SMALL })),
          cell(
            p(L('attestation.when', { date: clean(a.when) })),
            p(L('attestation.expires', { date: clean(a.expires) })),
            p(L(`attestation.${a.status}`), { font: 'bold', color: a.status === 'expired' ? STATUS_COLORS.fail : a.status === 'awaiting-review' ? STATUS_COLORS.deviation : STATUS_COLORS.pass }),
            ...(a.reviewer ? [p(L(input.reviewerUnconfirmed ? 'attestation.reviewed-by-unconfirmed' : 'attestation.reviewed-by', { name: clean(a.reviewer) }), { size: SMALL })] : []),
          ),
          cell(p(a.evidenceHref, { size: SMALL, goTo: dests.file(a.evidenceHref) }), hash(a.evidenceSha256)),
        ],
      })),
    );
  }

  // ---- POA&M -----------------------------------------------------------------------------------
  flow.section(L('section.poam'), dests.section('poam'));
  await poamSection(flow, ctx, input.poamItems, { L, checkDest: (id) => dests.check(id), controlItems });

  // ---- appendices ------------------------------------------------------------------------------
  flow.section(L('section.parameters'), dests.section('parameters'));
  for (const text of words.prose('pdf-parameters', { count: input.parameters.length }).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
  if (input.parameters.length > 0)
    await flow.table(
      {
        columns: [
          { header: L('col.parameter'), weight: 3 },
          { header: L('col.odp'), weight: 2 },
          { header: L('col.value'), weight: 4 },
          { header: L('col.source'), weight: 4 },
        ],
      },
      input.parameters.map((prm) => ({ cells: [cell(p(prm.id, { font: 'bold' })), cell(p(prm.odp ?? '')), cell(p(prm.value)), cell(p(prm.source))] })),
    );

  const deviationRows = () => {
    const rows = new Map<string, (typeof input.deviations)[number] & { devices: string[] }>();
    for (const d of input.deviations) {
      const key = fleet ? [d.checkId, d.approver, d.expires, d.expired, d.justification].join('\u0000') : String(rows.size);
      const row = rows.get(key);
      if (row) row.devices.push(d.deviceId);
      else rows.set(key, { ...d, devices: [d.deviceId] });
    }
    return [...rows.values()];
  };
  flow.section(L('section.deviations'), dests.section('deviations'), null, { compact: input.deviations.length <= 10 });
  for (const text of words.prose('pdf-deviations', { count: input.deviations.length, expired: input.deviations.filter((d) => d.expired).length }).split('\n\n'))
    flow.paragraph(prose(text), { after: 6 });
  if (input.deviations.length > 0)
    await flow.table(
      {
        columns: [
          { header: L('col.check'), weight: 2 },
          { header: L('col.device'), weight: 1.6 },
          { header: L('col.approver'), weight: 2 },
          { header: L('col.expires'), weight: 1.6 },
          { header: L('col.state'), weight: 1.2 },
          { header: L('col.justification'), weight: 6 },
        ],
      },
      // At fleet scale one row per check × approver × expiry × justification, its devices as ranges.
      deviationRows().map((d) => ({
        cells: [
          cell(checkLink(d.checkId)),
          cell(...devicesParas(d.devices)),
          cell(p(d.approver)),
          cell(p(d.expires)),
          cell(p(L(d.expired ? 'deviation.expired' : 'deviation.valid'), { font: 'bold', color: d.expired ? STATUS_COLORS.fail : STATUS_COLORS.pass })),
          cell(p(d.justification)),
        ],
      })),
    );

  const manifestRef = flow.section(L('section.manifest'), dests.section('manifest'));
  // At fleet scale a folder of many files (each device's evidence copy) is one row: its count, bytes
  // and the SHA-256 of its listing, which is attached (report/fleet.ts).
  const listedFiles = fleet?.manifest.listed ?? input.files;
  const folded = fleet?.manifest.folded ?? [];
  const totalBytes = input.files.reduce((s, f) => s + f.size, 0);
  // The manifest lists this PDF too; it cannot carry its own digest, so it is listed without one.
  const self = input.selfName !== undefined && !input.files.some((f) => f.path === input.selfName) ? clean(input.selfName) : undefined;
  for (const text of words
    .prose('pdf-manifest', {
      count: input.files.length + (self ? 1 : 0),
      listed: input.files.length,
      self: self ?? '',
      bytes: byteSize(totalBytes),
      manifestDigest: clean(input.manifestDigest),
      attachments: input.attachments.length,
      folded: folded.reduce((n, f) => n + f.count, 0),
      folders: folded.map((f) => clean(f.folder)).join(', '),
    })
    .split('\n\n'))
    flow.paragraph(prose(text), { after: 6 });
  await flow.table(
    {
      columns: [
        { header: L('col.path'), weight: 5 },
        { header: L('col.size'), weight: 1.2, align: 'right' },
        { header: L('col.sha256'), weight: 5.5 },
      ],
    },
    (function* () {
      const owned = new Set<string>();
      for (const f of listedFiles) {
        const dest = dests.file(f.path);
        const row: Row = { cells: [cell(p(f.path)), { paras: [p(byteSize(f.size))], align: 'right' }, cell(hash(f.sha256, COLORS.text))] };
        // The first entry of a path owns its destination.
        if (dest !== undefined && !owned.has(dest)) {
          owned.add(dest);
          row.dest = dest;
        }
        yield row;
      }
      for (const f of folded) {
        yield {
          cells: [
            cell(p(L('manifest.folder', { folder: clean(f.folder), count: f.count }), { font: 'bold' }), p(L('manifest.folder-note', { name: clean(f.listing.name) }), { size: SMALL, color: COLORS.muted })),
            { paras: [p(byteSize(f.bytes))], align: 'right' },
            cell(hash(f.listing.sha256, COLORS.text), p(L('manifest.listing-digest'), { size: SMALL, color: COLORS.muted })),
          ],
        };
      }
      if (self) yield { cells: [cell(p(self, { font: 'bold' })), { paras: [p(L('none'))], align: 'right' }, cell(p(L('manifest.self'), { color: COLORS.muted }))] };
    })(),
  );
  flow.subheading(L('section.attachments'), { dest: dests.section('attachments'), outlineParent: manifestRef, size: 11 });
  flow.paragraph(p(L('attachments.note'), { color: COLORS.muted }));
  const embeddedNames = attachmentNames(input);
  if (input.attachments.length > 0)
    await flow.table(
      {
        columns: [
          { header: L('col.name'), weight: 3.5 },
          { header: L('col.media-type'), weight: 2 },
          { header: L('col.size'), weight: 1.2, align: 'right' },
          { header: L('col.sha256'), weight: 6.6 },
          { header: L('col.description'), weight: 3.5 },
        ],
      },
      input.attachments.map((a, i) => ({
        cells: [
          cell(p(embeddedNames[i])),
          cell(p(a.mediaType)),
          { paras: [p(byteSize(a.bytes.length))], align: 'right' },
          cell(hash(createHash('sha256').update(a.bytes).digest('hex'), COLORS.text)),
          cell(p(a.description)),
        ],
      })),
    );

  // ---- signatures and concurrence: both blocks on one page ---------------------------------------
  const signer = (label: string, statement: string, who: ReportParty | undefined, role: string, extra: Para[]) => {
    const rows: Row[] = [
      kvRow(L('sign.statement'), prose(statement, { size: 8.5 })),
      ...extra.length ? [kvRow(L('sign.decision'), ...extra)] : [],
      kvRow(L('sign.name'), ...(who ? [p(who.name, { font: 'bold', size: 8.5 }), ...(who.organization ? [p(who.organization)] : [])] : [p(L('sign.name-blank'), { size: 8.5 })]), p(role, { color: COLORS.muted })),
      // Room to sign above each rule.
      kvRow(L('sign.signature'), prose(`\n\n${L('sign.line')}`, { size: 8.5 })),
      kvRow(L('sign.date'), prose(`\n${L('sign.date-line')}`, { size: 8.5 })),
    ];
    return { label, rows };
  };
  const blocks = [
    signer(L('sign.assessor'), words.prose('pdf-signature-assessor', { systemName, date: assessmentDate, selection }), system?.assessor, L('sign.assessor-role'), []),
    signer(L('sign.ao'), words.prose('pdf-signature-ao', { systemName, date: assessmentDate }), roleHolder('authorizing-official'), L('role.authorizing-official'), [...['sign.concur', 'sign.concur-conditions', 'sign.not-concur'].map((k) => p(L(k), { size: 8.5 })), prose(`\n${L('sign.conditions')}`, { size: 8.5 })]),
  ];
  const signSpec = { columns: KV_COLUMNS, noHeader: true };
  const blockHeight = (b: (typeof blocks)[number]) => flow.headingHeight(b.label) + flow.tableHeight(signSpec, b.rows);
  flow.section(L('section.signatures'), dests.section('signatures'), null, { keep: blocks.reduce((h, b) => h + blockHeight(b), 0) });
  for (const b of blocks) {
    flow.subheading(b.label, { keep: flow.tableHeight(signSpec, b.rows) });
    await flow.table(signSpec, b.rows);
  }
}

/**
 * The names the attachments are embedded under: cleaned, without path separators (pdfdetach
 * -saveall writes each attachment under its name), unique.
 */
export function attachmentNames(input: ReportInput): string[] {
  const used = new Set<string>();
  return input.attachments.map((a) => {
    const safe = clean(a.name).replace(/[/\\]/g, '_') || 'attachment';
    let name = safe;
    for (let n = 2; used.has(name); n++) name = `${safe} (${n})`;
    used.add(name);
    return name;
  });
}

/** The executive summary's risk figures, from the one summary. */
function summaryRisk(s: ControlSummary) {
  return {
    risk: s.risk,
    catI: s.open['CAT I'],
    catII: s.open['CAT II'],
    catIII: s.open['CAT III'],
    unrated: s.open.unrated,
    lapsedAttestations: s.lapsed.attestations.length,
    lapsedAttestationControls: s.lapsed.attestations.join(', '),
    lapsedDeviations: s.lapsed.deviations,
    missingAttestations: s.lapsed.missingAttestations?.length ?? 0,
    missingAttestationControls: (s.lapsed.missingAttestations ?? []).join(', '),
  };
}

/** A catalog statement may come with its own line structure; keep it, cleaned. */
function cleanStatement(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => clean(l))
    .filter((l) => l !== '')
    .join('\n');
}

function familyLabel(words: Wording, fam: string): string {
  const name = words.has(`family.${fam}`) ? clean(words.label(`family.${fam}`)) : '';
  return name ? `${fam.toUpperCase()} — ${name}` : fam.toUpperCase();
}

/** What the POA&M section borrows from buildDocument: labels and links. */
interface PoamHelpers {
  L: (key: string, values?: Record<string, string | number>) => string;
  checkDest: (id: string) => string | undefined;
  controlItems: (ids: readonly string[]) => Array<{ text: string; goTo: string | undefined }>;
}

/** A POA&M list names at most this many devices per cell, as id ranges (results.csv has them all). */
const POAM_DEVICES = 10;
/** And at most this many distinct findings per item. */
const POAM_FINDINGS = 6;

/**
 * The POA&M in eMASS's shape, from poam.json's own items (the same plan, ids and dates): open
 * items (overdue first), items accepted by approved deviation with their expiry, lapsed or
 * unreviewed attestations, and the items this assessment closed.
 */
async function poamSection(flow: Flow, ctx: BuildContext, items: readonly ReportPoamItem[], h: PoamHelpers): Promise<void> {
  const { words } = ctx;
  const { L } = h;
  const now = clean(ctx.input.now);
  const overdue = (i: ReportPoamItem) => i.status === 'open' && dayIsOver(i.deadline, now);
  const order = (a: ReportPoamItem, b: ReportPoamItem) =>
    Number(overdue(b)) - Number(overdue(a)) ||
    (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3) ||
    (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const open = items.filter((i) => i.status === 'open' && i.kind !== 'attestation').sort(order);
  const accepted = items.filter((i) => i.status === 'deviation-approved').sort(order);
  const attested = items.filter((i) => i.status === 'open' && i.kind === 'attestation').sort(order);
  const closedNow = items.filter((i) => i.closedNow).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const data = {
    // Open as poam.json's poam-status and the CLI summary count it: attestation items included.
    total: items.length, open: open.length + attested.length, overdue: [...open, ...attested].filter(overdue).length, accepted: accepted.length, attested: attested.length,
    closedNow: closedNow.length, closedBefore: items.filter((i) => i.status === 'closed' && !i.closedNow).length,
    // Their own not-satisfied findings have no item: said here so the AR's count reconciles with this list.
    partial: ctx.input.controls.filter((c) => c.state === 'partial').map((c) => clean(c.id)),
    partialNeeds: partialNeedsOf(ctx.input.controls),
  };
  for (const text of words.prose('pdf-poam', data).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
  // The same for every item (poam.json's risks name the same point of contact): said once.
  await flow.table({ columns: KV_COLUMNS, noHeader: true }, [
    kvRow(L('poam.poc'), p(ctx.input.pointOfContact ?? L('poam.no-poc'), { color: ctx.input.pointOfContact ? COLORS.text : COLORS.muted })),
    kvRow(L('poam.resources'), p(L('poam.no-resources'), { color: COLORS.muted })),
  ]);
  const spec: TableSpec = {
    columns: [
      { header: L('col.poam-item'), weight: 2.2 },
      { header: L('col.weakness'), weight: 5.6 },
      { header: L('col.security-checks'), weight: 2.4 },
      { header: L('col.poam-dates'), weight: 2.3 },
      { header: L('col.milestones'), weight: 3.4 },
      { header: L('col.remediation'), weight: 4.6 },
    ],
    continued: L('table.continued'),
  };
  const devicesPara = (label: string, ids: readonly string[]): Para[] => {
    if (!ids.length) return [];
    const c = compactIds(ids, POAM_DEVICES);
    return [p(`${label} ${c.runs.join(', ')}${c.more ? ` ${L('poam.more', { count: c.more })}` : ''}`, { size: SMALL })];
  };
  const row = (i: ReportPoamItem): Row => {
    const dates: Para[] = [p(i.severity, { font: 'bold', color: i.severity === 'CAT I' ? STATUS_COLORS.fail : COLORS.text })];
    dates.push(p(L('poam.detected', { date: i.firstDetected })));
    if (i.detected !== i.firstDetected) dates.push(p(L('poam.reopened', { date: i.detected }), { size: SMALL }));
    // An attestation's day is its own (lapsed, made), never a collection: worded as poam.json words it.
    if (i.reopenedOn) dates.push(p(L(i.reopenedOn.attestation ? `poam.reopened-on-older-${i.reopenedOn.attestation}` : 'poam.reopened-on-older', i.reopenedOn), { size: SMALL }));
    if (i.status === 'deviation-approved') dates.push(p(L('poam.accepted-until', { date: i.deadline }), { font: 'bold', color: STATUS_COLORS.deviation }));
    else dates.push(p(L('poam.scheduled', { date: i.deadline })));
    if (overdue(i)) dates.push(p(L('poam.overdue'), { font: 'bold', color: STATUS_COLORS.fail }));
    if (i.closed) dates.push(p(L('poam.closed', { date: i.closed }), { font: 'bold', color: STATUS_COLORS.pass }));
    const weakness: Para[] = [p(i.title, { font: 'bold' })];
    // Most common first; a fleet's many distinct values are counted, not listed (results.csv has each).
    const findings = [...i.findings].sort((a, b) => b.devices.length - a.devices.length || (a.found < b.found ? -1 : a.found > b.found ? 1 : 0));
    for (const f of findings.slice(0, POAM_FINDINGS)) weakness.push(p(f.found), ...devicesPara(L('poam.found-on'), f.devices));
    if (findings.length > POAM_FINDINGS) {
      const rest = findings.slice(POAM_FINDINGS);
      weakness.push(p(L('poam.more-findings', { count: rest.length, devices: new Set(rest.flatMap((f) => f.devices)).size }), { size: SMALL, color: COLORS.muted }));
    }
    if (!i.findings.length) weakness.push(...devicesPara(L(i.kind === 'objective' ? 'poam.not-collected-on' : 'poam.affects'), i.devices));
    weakness.push(...devicesPara(L('poam.unverified'), i.unverified));
    for (const d of i.deviations) weakness.push(p(L('poam.deviation', { device: d.deviceId === '*' ? L('poam.every-device') : d.deviceId, approver: d.approver, date: d.expires }), { size: SMALL, color: STATUS_COLORS.deviation }));
    const checks: Para[] = [p(L('poam.controls'), { size: SMALL, color: COLORS.muted }), list(h.controlItems(i.controls))];
    if (i.ccis.length) checks.push(p(L('poam.cci'), { size: SMALL, color: COLORS.muted }), p(i.ccis.join(', '), { size: SMALL }));
    if (i.stigRules.length) checks.push(p(L('poam.stig'), { size: SMALL, color: COLORS.muted }), p(i.stigRules.join(', '), { size: SMALL }));
    const milestones = i.milestones.flatMap((m) => [
      p(`${m.date} ${L(`poam.milestone-${m.status}`)}`, { size: SMALL, font: 'bold', color: m.status === 'overdue' ? STATUS_COLORS.fail : m.status === 'completed' ? STATUS_COLORS.pass : COLORS.text }),
      p(m.title, { size: SMALL }),
    ]);
    return {
      cells: [
        cell(p(i.key, { font: 'bold', ...(i.checkId ? { goTo: h.checkDest(i.checkId) } : {}) }), p(i.uuid, { size: SMALL, color: COLORS.muted })),
        cell(...weakness),
        cell(...checks),
        cell(...dates),
        cell(...milestones),
        cell(p(i.remediation, { size: SMALL })),
      ],
    };
  };
  const groups: Array<[string, ReportPoamItem[]]> = [['poam.open', open], ['poam.accepted', accepted], ['poam.attestations', attested], ['poam.closed-now', closedNow]];
  for (const [key, list] of groups) {
    const rows = list.map(row);
    const title = L(key, { count: list.length });
    if (!rows.length) {
      flow.subheading(title, { keep: 30 });
      flow.paragraph(p(L('poam.none'), { color: COLORS.muted }));
      continue;
    }
    const height = flow.tableHeight(spec, rows);
    flow.subheading(title, { keep: height <= flow.pageRoom / 2 ? height : flow.tableStart(spec, rows) });
    await flow.table(spec, rows);
  }
}
