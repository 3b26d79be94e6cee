// The content of the evidence package, section by section, laid out on a Flow. Runs twice with
// the same input: once on a NullSurface (to learn the page of every section and control) and once
// for real. Nothing here may depend on which pass it is, except the text of page numbers (the
// table of contents, the footer), whose cells are one line either way.
import { createHash } from 'node:crypto';
import { LAYERS, type Layer } from '../../snapshot/types.js';
import type { ReportCheck, ReportControl, ReportInput, ReportResult } from '../model.js';
import { COLORS, FOOTER_Y, type Cell, type Column, type Flow, type Row } from './flow.js';
import type { FontKey } from './fonts.js';
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
import { clean, type Para, type Span } from './text.js';
import type { Wording } from './wording.js';

export interface BuildContext {
  input: ReportInput;
  words: Wording;
  stats: ResultStats;
  summary: ControlSummary;
  /** From the layout pass: the page of each destination and the page count; absent during it. */
  pages?: { anchors: ReadonlyMap<string, number>; total: number };
}

const SIZE = 7.5;
const SMALL = 6.5;

export const CATEGORY_COLORS: Record<ControlCategory | 'manual', string> = {
  satisfied: '#2e7d32',
  'not-satisfied': '#c62828',
  deviation: '#e08a00',
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
  'summary',
  'devices',
  ...LAYERS.map((l) => `layer-${l}`),
  'controls',
  'manual',
  'attestations',
  'poam',
  'parameters',
  'deviations',
  'manifest',
  'attachments',
] as const;

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

  constructor(input: ReportInput, sortedControls: readonly ReportControl[]) {
    sortedControls.forEach((c, i) => this.controls.set(c.id, `c${pad(i)}`));
    input.checks.forEach((c, i) => this.checks.set(c.id, `k${pad(i)}`));
    input.files.forEach((f, i) => {
      if (!this.files.has(f.path)) this.files.set(f.path, `f${pad(i)}`);
    });
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

// ---- small constructors ------------------------------------------------------------------------

interface TextOpts {
  font?: FontKey;
  size?: number;
  color?: string;
  goTo?: string | undefined;
}

function p(text: unknown, o: TextOpts = {}): Para {
  const span: Span = { text: clean(text) };
  if (o.goTo !== undefined) span.goTo = o.goTo;
  return { spans: [span], font: o.font ?? 'sans', size: o.size ?? SIZE, color: o.color ?? COLORS.text };
}

/** Prose from a template: paragraphs and line breaks kept. */
function prose(text: string, o: TextOpts = {}): Para {
  return { spans: [{ text }], font: o.font ?? 'sans', size: o.size ?? 9, color: o.color ?? COLORS.text };
}

/** A list of items, each possibly a link, separated by commas, wrapping between items. */
function list(items: Array<{ text: string; goTo?: string | undefined }>, o: TextOpts = {}): Para {
  const spans: Span[] = [];
  items.forEach((item, i) => {
    const span: Span = { text: clean(item.text) };
    if (item.goTo !== undefined) span.goTo = item.goTo;
    spans.push(span);
    if (i < items.length - 1) spans.push({ text: ', ' });
  });
  return { spans, font: o.font ?? 'sans', size: o.size ?? SIZE, color: o.color ?? COLORS.text };
}

function cell(...paras: Para[]): Cell {
  return { paras };
}

function num(n: number): Cell {
  return { paras: [p(String(n))], align: 'right' };
}

function kvRow(label: string, ...value: Para[]): Row {
  return { cells: [cell(p(label, { font: 'bold' })), cell(...value)] };
}

const KV_COLUMNS: Column[] = [
  { header: '', weight: 1.2 },
  { header: '', weight: 6 },
];

function byteSize(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// ---- the document ------------------------------------------------------------------------------

export async function buildDocument(flow: Flow, ctx: BuildContext): Promise<void> {
  const { input, words } = ctx;
  const L = (key: string, values?: Record<string, string | number>) => clean(words.label(key, values));
  const controls = [...input.controls].sort((a, b) => compareIds(a.id, b.id));
  const dests = new Dests(input, controls);
  const checkById = new Map(input.checks.map((c) => [c.id, c]));
  const layerTitle = (l: Layer) => L(`layer.${l}`);
  const pageText = (dest: string) => (ctx.pages ? String(ctx.pages.anchors.get(dest) ?? '') : '0');
  const systemName = clean(input.systemName);
  // What chose the controls: the baseline, or an OSCAL profile that replaced its list.
  const selection = input.profile ? `profile ${clean(input.profile.title ?? input.profile.file)}` : `${clean(input.baseline)} baseline`;
  const attestations = input.attestations ?? [];

  // The footer, drawn when a page is left (the real pass only: the layout pass has no total).
  if (ctx.pages) {
    const total = ctx.pages.total;
    flow.footer = (page) => {
      const text = words.prose('pdf-footer', { systemName, page, pages: total, now: clean(input.now) }).replace(/\n+/g, ' ');
      // Two lines at most: a long system name makes the type smaller, never leaves the page.
      let lines = flow.wrap(p(text, { size: 7, color: COLORS.muted }), flow.width);
      for (const size of [6, 5, 4]) if (lines.length > 2) lines = flow.wrap(p(text, { size, color: COLORS.muted }), flow.width);
      flow.surface.hline(flow.left, flow.left + flow.width, FOOTER_Y - 4, COLORS.rule, 0.4);
      let y = FOOTER_Y;
      for (const line of lines) {
        flow.drawLine(line, flow.left + (flow.width - line.width) / 2, y);
        y += line.height;
      }
    };
  }

  const checkLink = (id: string, o: TextOpts = {}) => p(id, { ...o, goTo: dests.check(id) });
  const controlItems = (ids: readonly string[]) => ids.map((id) => ({ text: id, goTo: dests.control(id) }));
  const deviceItems = (ids: readonly string[]) => ids.map((id) => ({ text: id, goTo: dests.evidence(id) }));
  const catLabel = (c: ControlCategory | 'manual') => L(`category.${c}`);
  const statusPara = (s: ResultStatus) => p(L(`status.${s}`), { font: 'bold', color: STATUS_COLORS[s] });
  const countsText = (c: Counts<ResultStatus>) =>
    RESULT_STATUSES.filter((s) => c[s] > 0)
      .map((s) => `${L(`status.${s}`)}: ${c[s]}`)
      .join(' · ') || L('none');

  // ---- cover -----------------------------------------------------------------------------------
  flow.newPage();
  flow.anchor(dests.section('cover'));
  flow.surface.outline(null, L('section.cover'));
  flow.space(70);
  flow.paragraph(p(L('cover.kicker'), { size: 12, color: COLORS.heading }), { after: 6 });
  flow.paragraph(p(systemName, { font: 'bold', size: 24, color: COLORS.heading }), { after: 14 });
  const coverData = {
    systemName,
    deviceCount: input.devices.length,
    checkCount: input.checks.length,
    controlCount: input.controls.length,
    manualCount: input.manual.length,
    baseline: clean(input.baseline),
    now: clean(input.now),
    toolVersion: clean(input.toolVersion),
  };
  for (const text of words.prose('pdf-cover', coverData).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
  flow.space(8);
  const dates = input.devices.map((d) => clean(d.collectedAt)).sort((a, b) => (Date.parse(a) || 0) - (Date.parse(b) || 0) || (a < b ? -1 : a > b ? 1 : 0));
  // "default (basis...)", "params file x.yaml (line 3)", "profile p.json (set-parameter ...)":
  // the cover counts by where, without the details (Appendix A has them).
  const sources = new Map<string, number>();
  for (const prm of input.parameters) {
    const where = clean(prm.source).replace(/\s*\(.*$/, '') || clean(prm.source);
    sources.set(where, (sources.get(where) ?? 0) + 1);
  }
  const sourceText = [...sources.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([s, n]) => L('cover.source-count', { source: s, count: n }))
    .join('; ');
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
  await flow.table({ columns: KV_COLUMNS, noHeader: true }, [
    kvRow(L('cover.system'), p(systemName)),
    kvRow(L('cover.devices'), ...deviceParas),
    kvRow(
      L('cover.collected'),
      p(dates.length === 0 ? L('none') : dates[0] === dates[dates.length - 1] ? (dates[0] as string) : L('cover.date-range', { from: dates[0] as string, to: dates[dates.length - 1] as string })),
    ),
    kvRow(L('cover.baseline'), p(L(`baseline.${input.baseline}`))),
    ...(input.profile ? [kvRow(L('cover.profile'), p(L('cover.profile-value', { title: clean(input.profile.title ?? input.profile.file), count: input.profile.controlCount })), p(input.profile.file, { size: SMALL, color: COLORS.muted }))] : []),
    ...(attestations.length ? [kvRow(L('cover.attestations'), p(L('cover.attestation-count', { count: attestations.length, expired: attestations.filter((a) => a.status === 'expired').length }), { goTo: dests.section('attestations') }))] : []),
    kvRow(L('cover.catalog'), p(input.catalogSource)),
    kvRow(L('cover.parameters'), p(sourceText || L('none'))),
    kvRow(L('cover.tool'), p(input.toolVersion)),
    kvRow(L('cover.generated'), p(input.now)),
    kvRow(L('cover.manifest'), p(input.manifestDigest, { font: 'mono' }), p(L('cover.manifest-note'), { size: SMALL, color: COLORS.muted, goTo: dests.section('manifest') })),
  ]);

  // ---- contents --------------------------------------------------------------------------------
  flow.section(L('section.contents'), dests.section('contents'));
  interface TocEntry {
    title: string;
    dest: string;
    level: 0 | 1;
  }
  const toc: TocEntry[] = [];
  const top = (key: (typeof SECTION_KEYS)[number], title: string) => toc.push({ title, dest: dests.section(key), level: 0 });
  top('summary', L('section.summary'));
  top('devices', L('section.devices'));
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
  await flow.table(
    {
      columns: [
        { header: L('toc.title'), weight: 12 },
        { header: L('toc.page'), weight: 1, align: 'right' },
      ],
    },
    toc.map((e) => ({
      cells: [
        { paras: [p(e.title, { font: e.level === 0 ? 'bold' : 'sans', size: e.level === 0 ? 8.5 : SIZE, goTo: e.dest })], indent: e.level * 14 },
        { paras: [p(pageText(e.dest), { goTo: e.dest })], align: 'right' },
      ],
    })),
  );

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
      satisfied: summary.total.satisfied,
      notSatisfied: summary.total['not-satisfied'],
      deviation: summary.total.deviation,
      manual: summary.manual,
      baseline: clean(input.baseline),
      results: RESULT_STATUSES.reduce((s, k) => s + stats.total[k], 0),
      pass: stats.total.pass,
      fail: stats.total.fail,
      failingControls: summary.failing.length,
    })
    .split('\n\n'))
    flow.paragraph(prose(text), { after: 6 });

  const legend = (['satisfied', 'not-satisfied', 'deviation', 'manual'] as const).map((c) => ({ label: catLabel(c), color: CATEGORY_COLORS[c] }));
  const bar = (counts: Partial<Record<ControlCategory | 'manual', number>>, max: number): Cell => ({
    paras: [],
    bar: { max, segments: (['satisfied', 'not-satisfied', 'deviation', 'manual'] as const).map((k) => ({ value: counts[k] ?? 0, color: CATEGORY_COLORS[k] })) },
  });

  flow.subheading(L('summary.by-status'), { keep: 90 });
  flow.legend(legend);
  const overall = assessed + summary.manual;
  await flow.table(
    {
      columns: [
        { header: L('col.status'), weight: 3 },
        { header: L('col.controls'), weight: 1, align: 'right' },
        { header: L('col.chart'), weight: 8 },
      ],
    },
    [
      ...(['satisfied', 'not-satisfied', 'deviation'] as const).map((c) => ({
        cells: [cell(p(catLabel(c), { color: CATEGORY_COLORS[c], font: 'bold' })), num(summary.total[c]), bar({ [c]: summary.total[c] }, overall)],
      })),
      { cells: [cell(p(catLabel('manual'), { color: CATEGORY_COLORS.manual, font: 'bold' })), num(summary.manual), bar({ manual: summary.manual }, overall)] },
      {
        strong: true,
        cells: [cell(p(L('summary.total'), { font: 'bold' })), num(overall), bar({ ...summary.total, manual: summary.manual }, overall)],
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
          bar(c, layerMax),
          ...RESULT_STATUSES.map((s) => num(r[s])),
        ],
      };
    }),
  );

  flow.subheading(L('summary.by-family'), { keep: 90 });
  const famMax = Math.max(1, ...[...summary.byFamily.values()].map((c) => c.satisfied + c['not-satisfied'] + c.deviation + c.manual));
  await flow.table(
    {
      columns: [
        { header: L('col.family'), weight: 4 },
        { header: catLabel('satisfied'), weight: 1.3, align: 'right' },
        { header: catLabel('not-satisfied'), weight: 1.3, align: 'right' },
        { header: catLabel('deviation'), weight: 1.3, align: 'right' },
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
        num(c.manual),
        bar(c, famMax),
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
          { header: L('col.checks'), weight: 4 },
        ],
      },
      summary.failing.map((c) => ({
        cells: [
          cell(p(c.id, { font: 'bold', goTo: dests.control(c.id) })),
          cell(p(c.title)),
          cell(p(c.severity ?? L('none'), { color: c.severity === 'CAT I' ? STATUS_COLORS.fail : COLORS.text })),
          num(c.failingDevices.length),
          cell(list(c.checkIds.map((k) => ({ text: k, goTo: dests.check(k) })))),
        ],
      })),
    );

  // ---- devices ---------------------------------------------------------------------------------
  flow.section(L('section.devices'), dests.section('devices'));
  for (const text of words.prose('pdf-devices', { deviceCount: input.devices.length }).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
  await flow.table(
    {
      columns: [
        { header: L('col.device'), weight: 2 },
        { header: L('col.model'), weight: 3 },
        { header: L('col.os'), weight: 2.4 },
        { header: L('col.collected'), weight: 2 },
        { header: L('col.snapshot'), weight: 5 },
        { header: L('col.superseded'), weight: 3 },
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
              : cell(p(d.sourceFile), p(d.sourceSha256, { font: 'mono', size: SMALL, color: COLORS.muted }), p(d.evidenceHref, { size: SMALL, goTo: dests.file(d.evidenceHref) })),
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
    for (const d of unreadable) flow.paragraph(p(`${d.id}: ${d.sourceFile}: ${d.unreadable}`), { after: 4 });
  }

  // ---- one section per layer -------------------------------------------------------------------
  const resultColumns: Column[] = [
    // The evidence column holds a SHA-256 on one line (64 × 0.602 em × 6 pt = 231 pt).
    { header: L('col.device'), weight: 1.4 },
    { header: L('col.check'), weight: 2.1 },
    { header: L('col.observed'), weight: 3.5 },
    { header: L('col.expected'), weight: 3.5 },
    { header: L('col.verdict'), weight: 1.2 },
    { header: L('col.evidence'), weight: 5.9 },
  ];
  const resultRow = (r: ReportResult): Row => {
    const verdict: Para[] = [statusPara(r.status)];
    if (r.deviation) {
      verdict.push(p(L('results.deviation', { approver: clean(r.deviation.approver), expires: clean(r.deviation.expires) }), { size: SMALL, color: COLORS.muted }));
    }
    const evidence: Para[] = [];
    for (const e of r.evidence) {
      evidence.push(p(e.location ? `${clean(e.file)} — ${clean(e.location)}` : e.file, { size: SMALL, goTo: dests.file(e.file) }));
      evidence.push(p(e.sha256, { font: 'mono', size: 6, color: COLORS.muted }));
    }
    if (evidence.length === 0) evidence.push(p(L('none'), { color: COLORS.muted }));
    return {
      cells: [
        cell(p(r.deviceId, { goTo: dests.evidence(r.deviceId) })),
        cell(checkLink(r.checkId)),
        cell(p(r.observed)),
        cell(p(r.expected)),
        cell(...verdict),
        cell(...evidence),
      ],
    };
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
    flow.subheading(L('layer.results'), { size: 9.5 });
    const results = counts.pass + counts.fail + counts.deviation + counts['not-applicable'] + counts['not-collected'];
    if (results === 0) flow.paragraph(p(L('layer.no-results')));
    else
      await flow.table(
        { columns: resultColumns, continued: L('table.continued') },
        (function* () {
          for (const r of input.results()) if (layerOf(r.checkId) === layer) yield resultRow(r);
        })(),
      );
  }

  // ---- assessed controls -----------------------------------------------------------------------
  const ctlRef = flow.section(L('section.controls'), dests.section('controls'));
  for (const text of words.prose('pdf-controls', { assessed, baseline: clean(input.baseline) }).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
  const poamDevices = new Map<string, string[]>();
  for (const item of input.poam) poamDevices.set(`${item.controlId}\u0000${item.checkId}`, item.devices);
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
    });
    const rows: Row[] = [
      kvRow(L('control.status'), p(catLabel(cat), { font: 'bold', color: CATEGORY_COLORS[cat] })),
      kvRow(L('control.family'), p(familyLabel(words, familyOf(c.id, c.family)))),
    ];
    if (c.severity) rows.push(kvRow(L('control.severity'), p(c.severity)));
    if (c.statement) rows.push(kvRow(L('control.statement'), prose(cleanStatement(c.statement), { size: SIZE })));
    rows.push(kvRow(L('control.assessment'), ...assessment.split('\n\n').map((t) => prose(t, { size: SIZE }))));
    if (c.failingDevices.length > 0) rows.push(kvRow(L('control.failing-devices'), list(deviceItems(c.failingDevices))));
    if (c.deviationDevices.length > 0) rows.push(kvRow(L('control.deviation-devices'), list(deviceItems(c.deviationDevices))));
    if (c.attestations) rows.push(kvRow(L('control.attestations'), p(L('control.attestations-value', { count: c.attestations.count, expired: c.attestations.expired }), { goTo: dests.section('attestations') })));
    rows.push(kvRow(L('control.evidence'), p(L('control.evidence-link'), { goTo: dests.section('manifest') })));
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
            cell(failing.length ? list(deviceItems(failing)) : p(L('none'), { color: COLORS.muted })),
            cell(devs.length ? list(deviceItems(devs)) : p(L('none'), { color: COLORS.muted })),
          ],
        };
      });
    // An entry that fits on a page is kept on one page.
    const body = flow.tableHeight({ columns: KV_COLUMNS, noHeader: true }, rows) + (checkRows.length ? flow.tableHeight(checkSpec, checkRows) : 0);
    const keep = flow.headingHeight(heading, 10) + body <= flow.pageRoom ? body : 70;
    flow.subheading(heading, { dest: dests.control(c.id) as string, outlineParent: ctlRef, size: 10, keep });
    await flow.table({ columns: KV_COLUMNS, noHeader: true }, rows);
    // An attested control without checks has no check table.
    if (checkRows.length) await flow.table(checkSpec, checkRows);
  }

  // ---- manual assessment -----------------------------------------------------------------------
  flow.section(L('section.manual'), dests.section('manual'));
  for (const text of words.prose('pdf-manual', { manual: input.manual.length, baseline: clean(input.baseline), selection, attested: attestations.length > 0 }).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
  if (input.manual.length > 0)
    await flow.table(
      {
        columns: [
          { header: L('col.control'), weight: 1.2 },
          { header: L('col.title'), weight: 6 },
          { header: L('col.family'), weight: 3 },
        ],
      },
      [...input.manual]
        .sort((a, b) => compareIds(a.id, b.id))
        .map((m) => ({ cells: [cell(p(m.id, { font: 'bold' })), cell(p(m.title)), cell(p(familyLabel(words, familyOf(m.id))))] })),
    );

  // ---- manual attestations: a person's word, kept apart from the automated evidence --------------
  if (attestations.length) {
    flow.section(L('section.attestations'), dests.section('attestations'));
    const expired = attestations.filter((a) => a.status === 'expired').length;
    for (const text of words.prose('pdf-attestations', { count: attestations.length, expired, valid: attestations.length - expired }).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
    await flow.table(
      {
        columns: [
          { header: L('col.control'), weight: 1.4 },
          { header: L('col.statement'), weight: 5 },
          { header: L('col.attested-by'), weight: 2.6 },
          { header: L('col.method'), weight: 1.5 },
          { header: L('col.attested'), weight: 1.6 },
          { header: L('col.expires'), weight: 1.6 },
          { header: L('col.state'), weight: 1.3 },
          { header: L('col.evidence-file'), weight: 4.2 },
        ],
        continued: L('table.continued'),
      },
      attestations.map((a) => ({
        cells: [
          cell(p(a.controlId, { font: 'bold', goTo: dests.control(a.controlId) }), p(a.controlTitle, { size: SMALL, color: COLORS.muted })),
          cell(p(a.statement)),
          cell(p(a.who), p(a.role, { size: SMALL, color: COLORS.muted })),
          cell(p(a.method)),
          cell(p(a.when)),
          cell(p(a.expires)),
          cell(p(L(`attestation.${a.status}`), { font: 'bold', color: a.status === 'expired' ? STATUS_COLORS.fail : STATUS_COLORS.pass })),
          cell(p(a.evidenceHref, { size: SMALL, goTo: dests.file(a.evidenceHref) }), p(a.evidenceSha256, { font: 'mono', size: 6, color: COLORS.muted })),
        ],
      })),
    );
  }

  // ---- POA&M -----------------------------------------------------------------------------------
  flow.section(L('section.poam'), dests.section('poam'));
  for (const text of words.prose('pdf-poam', { items: input.poam.length }).split('\n\n')) flow.paragraph(prose(text), { after: 6 });
  if (input.poam.length > 0)
    await flow.table(
      {
        columns: [
          { header: L('col.control'), weight: 1.2 },
          { header: L('col.check'), weight: 2 },
          { header: L('col.severity'), weight: 1 },
          { header: L('col.deadline'), weight: 1.5 },
          { header: L('col.devices'), weight: 4 },
          { header: L('col.remediation'), weight: 6 },
        ],
        continued: L('table.continued'),
      },
      [...input.poam]
        .sort(
          (a, b) =>
            (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3) ||
            (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0) ||
            compareIds(a.controlId, b.controlId) ||
            (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0),
        )
        .map((item) => ({
          cells: [
            cell(p(item.controlId, { font: 'bold', goTo: dests.control(item.controlId) })),
            cell(checkLink(item.checkId)),
            cell(p(item.severity, { color: item.severity === 'CAT I' ? STATUS_COLORS.fail : COLORS.text })),
            cell(p(item.deadline)),
            cell(p(L('poam.device-count', { count: item.devices.length }), { font: 'bold' }), list(deviceItems(item.devices))),
            cell(p(item.remediation)),
          ],
        })),
    );

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

  flow.section(L('section.deviations'), dests.section('deviations'));
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
      input.deviations.map((d) => ({
        cells: [
          cell(checkLink(d.checkId)),
          cell(p(d.deviceId, { goTo: dests.evidence(d.deviceId) })),
          cell(p(d.approver)),
          cell(p(d.expires)),
          cell(p(L(d.expired ? 'deviation.expired' : 'deviation.valid'), { font: 'bold', color: d.expired ? STATUS_COLORS.fail : STATUS_COLORS.pass })),
          cell(p(d.justification)),
        ],
      })),
    );

  const manifestRef = flow.section(L('section.manifest'), dests.section('manifest'));
  const totalBytes = input.files.reduce((s, f) => s + f.size, 0);
  for (const text of words
    .prose('pdf-manifest', { count: input.files.length, bytes: byteSize(totalBytes), manifestDigest: clean(input.manifestDigest), attachments: input.attachments.length })
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
      for (const [i, f] of input.files.entries()) {
        const dest = dests.file(f.path);
        const row: Row = { cells: [cell(p(f.path)), { paras: [p(byteSize(f.size))], align: 'right' }, cell(p(f.sha256, { font: 'mono', size: SMALL }))] };
        // The first entry of a path owns its destination.
        if (dest === `f${pad(i)}`) row.dest = dest;
        yield row;
      }
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
          { header: L('col.sha256'), weight: 5.8 },
          { header: L('col.description'), weight: 3.5 },
        ],
      },
      input.attachments.map((a, i) => ({
        cells: [
          cell(p(embeddedNames[i])),
          cell(p(a.mediaType)),
          { paras: [p(byteSize(a.bytes.length))], align: 'right' },
          cell(p(createHash('sha256').update(a.bytes).digest('hex'), { font: 'mono', size: SMALL })),
          cell(p(a.description)),
        ],
      })),
    );
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
