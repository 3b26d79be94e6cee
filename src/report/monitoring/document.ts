// The monitoring report's content, laid out on the evidence package's Flow (src/report/pdf/flow.ts)
// with its parts (src/report/pdf/parts.ts): the same footer, banners, contents and tagged structure.
// Runs twice with the same model (layout pass, then drawing pass), like the evidence package:
// nothing here may depend on the pass except the page numbers (footer, contents).
import { createHash } from 'node:crypto';
import type { ControlTransition, DeviceDrift, SideInfo, MonitoringReportModel, SettingChange, TrendPoint } from '../../drift/types.js';
import { controlStateWords, devicesSentence, driftLabels, dueDevicesText, newBasisSentence, odpsChangedTexts, partialWhyBefore, partialWhyNow, renderDriftTemplate, responsiblePairsText } from '../../drift/templates.js';
import { groupDue } from '../../drift/compute.js';
import { LAYER_TITLES, LAYERS, type Layer } from '../../snapshot/types.js';
import { shortenedText } from '../../snapshot/secrets.js';
import { passShare } from '../../assess/layer-counts.js';
import { COLORS, type Flow, type Row, type TableSpec } from '../pdf/flow.js';
import { cell, contentsTable, drawFooter, hash, KV_COLUMNS, kvRow, p, SMALL, type TocEntry } from '../pdf/parts.js';
import { clean, cleanProse, type Para } from '../pdf/text.js';

/** Values longer than this are shortened on the page (drift.json has them whole). */
const MAX_VALUE = 300;
/** Rows per table before the rest is referred to drift.json. */
export const MAX_ROWS = 2000;

const GREEN = '#2e7d32';
const RED = '#c62828';
const GREY = '#9e9e9e';

export type Label = (key: string, values?: Record<string, string | number>) => string;

export function monitoringLabels(model: MonitoringReportModel): Label {
  return driftLabels('pdf-monitoring-labels', { toolVersion: clean(model.toolVersion) });
}

/** A value as shown: strings as they are, others as JSON; shortened. */
export function shown(v: unknown): string {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return shortenedText(s, MAX_VALUE);
}

/** A side's `reassessed` as the cover's template words it: every recorded value cleaned. */
function reassessedWords(r: NonNullable<SideInfo['reassessed']>): Record<string, unknown> {
  const pair = (c: { recorded: string; current: string }) => ({ recorded: clean(c.recorded), current: clean(c.current) });
  return {
    ...(r.configDigest ? { configDigest: clean(r.configDigest) } : {}),
    ...(r.tool ? { tool: clean(r.tool) } : {}),
    ...(r.rules ? { rules: pair(r.rules) } : {}),
    ...(r.program ? { program: pair(r.program) } : {}),
  };
}

function settingLine(s: SettingChange): string {
  if (s.kind === 'added') return `${s.path}: added ${shown(s.new)}`;
  if (s.kind === 'removed') return `${s.path}: removed (was ${shown(s.old)})`;
  return `${s.path}: ${shown(s.old)} → ${shown(s.new)}`;
}

function capped<T>(items: readonly T[]): { rows: readonly T[]; more: number } {
  return items.length > MAX_ROWS ? { rows: items.slice(0, MAX_ROWS), more: items.length - MAX_ROWS } : { rows: items, more: 0 };
}

function byteSize(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface MonitoringBuild {
  model: MonitoringReportModel;
  L: Label;
  /** From the layout pass: the page of each destination and the page count; absent during it. */
  pages?: { anchors: ReadonlyMap<string, number>; total: number };
}

const SECTIONS = ['cover', 'contents', 'summary', 'regressions', 'remediations', 'presence', 'devices', 'due', 'trend', 'poam', 'attachments'] as const;
type SectionKey = (typeof SECTIONS)[number];

export async function buildMonitoringDocument(flow: Flow, ctx: MonitoringBuild): Promise<void> {
  const { model, L } = ctx;
  const d = model.drift;
  const systemName = clean(model.systemName);
  const system = model.system;
  const dest = (key: SectionKey) => `s${String(SECTIONS.indexOf(key)).padStart(2, '0')}`;
  const deviceDest = (id: string) => `d-${id}`;
  if (model.marking) flow.chrome.marking = clean(model.marking);
  if (ctx.pages) {
    const total = ctx.pages.total;
    flow.chrome.footer = (page) => drawFooter(flow, L('footer', { systemName, now: clean(d.now), page, pages: total }));
  }
  const layerTitle = (l: Layer | 'device') => (l === 'device' ? 'Device' : LAYER_TITLES[l]);
  const checkName = (id: string) => model.checkTitles?.[id];
  const impact = (level: string) => L(`impact.${level}`);
  const changed = d.devices.filter((x) => x.presence === 'both');
  const max = model.maxDevices ?? 200;
  const shownDevices = new Set(changed.slice(0, max).map((x) => x.deviceId));
  const attachments = model.attachments ?? [];

  // ---- cover ----------------------------------------------------------------------------------
  flow.newPage();
  flow.openSection(L('section.cover'));
  flow.anchor(dest('cover'));
  flow.surface.outline(null, L('section.cover'));
  flow.space(40);
  flow.paragraph(p(L('cover.kicker'), { size: 12, color: COLORS.heading }), { after: 6 });
  flow.paragraph(p(systemName, { font: 'bold', size: 24, color: COLORS.heading }), { after: 14, role: 'H1' });
  const described = system && !system.placeholder ? system : undefined;
  const ao = described?.roles.find((r) => r.roleId === 'authorizing-official');
  const side = (s: typeof d.old) => p(L('cover.side', { label: clean(s.label), devices: s.devices, at: clean(s.at) }));
  await flow.table({ columns: KV_COLUMNS, noHeader: true }, [
    kvRow(L('cover.system'), p(systemName, { font: 'bold' }), ...(described && (described.shortName || described.systemId) ? [p([described.shortName, described.systemId].map(clean).filter(Boolean).join(' · '))] : [])),
    kvRow(
      L('cover.categorization'),
      described
        ? p(L('cover.categorization-value', { overall: impact(described.categorization.overall), c: impact(described.categorization.confidentiality), i: impact(described.categorization.integrity), a: impact(described.categorization.availability) }))
        : p(L('cover.no-system'), { color: COLORS.muted }),
    ),
    kvRow(L('cover.ao'), ...(ao ? [p(ao.name, { font: 'bold' }), ...(ao.organization ? [p(ao.organization)] : [])] : [p(described ? L('cover.not-named') : L('cover.no-system'), { color: COLORS.muted })])),
    kvRow(L('cover.compared'), side(d.old), side(d.new)),
    kvRow(L('cover.report-date'), p(d.now)),
    ...(model.marking ? [kvRow(L('cover.marking'), p(model.marking))] : []),
  ]);

  // ---- contents -------------------------------------------------------------------------------
  flow.section(L('section.contents'), dest('contents'));
  const toc: TocEntry[] = [];
  const top = (key: SectionKey, title: string) => toc.push({ title, dest: dest(key), level: 0 });
  top('summary', L('section.summary'));
  top('regressions', L('section.regressions'));
  top('remediations', L('section.remediations'));
  top('presence', L('section.presence'));
  top('devices', L('section.devices'));
  for (const x of changed.slice(0, max)) toc.push({ title: x.deviceId, dest: deviceDest(x.deviceId), level: 1 });
  top('due', L('section.due'));
  top('trend', L('section.trend'));
  if (model.poamChanges?.length) top('poam', L('section.poam'));
  top('attachments', L('section.attachments'));
  const pages = ctx.pages;
  await contentsTable(flow, toc, pages ? (x) => pages.anchors.get(x) : undefined, { title: L('toc.title'), page: L('toc.page') });

  // ---- summary --------------------------------------------------------------------------------
  flow.section(L('section.summary'), dest('summary'));
  const summary = cleanProse(renderDriftTemplate('pdf-monitoring-cover', {
    systemName,
    oldLabel: clean(d.old.label), newLabel: clean(d.new.label),
    oldDevices: d.old.devices, newDevices: d.new.devices,
    oldAt: clean(d.old.at), newAt: clean(d.new.at), now: clean(d.now),
    ...(d.old.reassessed ? { reassessed: reassessedWords(d.old.reassessed), configDigest: clean(d.configDigest) } : {}),
    // monitor's trend draws stored runs as reported; diff's two points are this run's re-evaluation.
    storedTrend: d.old.kind === 'store',
    ...(d.new.reassessed ? { newReassessed: reassessedWords(d.new.reassessed) } : {}),
    s: d.summary,
    devices: devicesSentence(d.summary.devices),
    decisions: d.summary.decisions ?? 0,
    partialWhyNew: partialWhyNow(d.summary),
    partialWhyOld: partialWhyBefore(d.summary),
  }));
  for (const para of summary.split(/\n\n+/)) flow.paragraph(p(para, { size: 8.5 }), { after: 6 });

  // ---- regressions (first) --------------------------------------------------------------------
  flow.section(L('section.regressions'), dest('regressions'));
  const regressedControls = d.controls.filter((c) => c.transition === 'regressed');
  const regressedChecks = d.devices.flatMap((dev) => dev.checks.filter((c) => c.transition === 'regressed').map((c) => ({ dev, c })));
  if (!regressedControls.length && !regressedChecks.length) flow.paragraph(p(L('none.regressions')));
  if (regressedControls.length) await controlTable(L('sub.controls-regressed'), regressedControls);
  if (regressedChecks.length) await checkTable(L('sub.checks-regressed'), regressedChecks);

  // ---- remediations ---------------------------------------------------------------------------
  flow.section(L('section.remediations'), dest('remediations'));
  const remediatedControls = d.controls.filter((c) => c.transition === 'remediated');
  const remediatedChecks = d.devices.flatMap((dev) => dev.checks.filter((c) => c.transition === 'remediated').map((c) => ({ dev, c })));
  const unverifiedControls = d.controls.filter((c) => c.transition === 'unverified');
  if (!remediatedControls.length && !remediatedChecks.length) flow.paragraph(p(L('none.remediations')));
  if (remediatedControls.length) await controlTable(L('sub.controls-remediated'), remediatedControls);
  if (remediatedChecks.length) await checkTable(L('sub.checks-remediated'), remediatedChecks);
  if (unverifiedControls.length) await controlTable(L('sub.controls-unverified'), unverifiedControls);
  const other = d.controls.filter((c) => c.transition === 'newly-assessed' || c.transition === 'no-longer-assessed');
  if (other.length) await controlTable(L('section.other'), other);
  // Still failing, every one, as drift.md's "Still failing" lists them: a pair whose deviation has
  // expired says so in the AR's expired-deviation words (responsiblePairText). Listing only those
  // left the others to a count, and the two reports disagreed on what is still open.
  const stillFailing = d.controls.filter((c) => c.transition === 'still-failing');
  if (stillFailing.length) await controlTable(L('sub.controls-still-failing'), stillFailing);
  // Unchanged, so in no table above, but counted satisfied (or partially assessed) in the summary: what that rests on.
  const unchanged = d.unchangedBasis ?? [];
  if (unchanged.length) await unchangedTable(L('sub.controls-unchanged-basis'), unchanged);

  // ---- devices added / missing ----------------------------------------------------------------
  flow.section(L('section.presence'), dest('presence'), null, { compact: !d.devices.some((x) => x.presence !== 'both') });
  const presence = d.devices.filter((x) => x.presence !== 'both');
  if (!presence.length) flow.paragraph(p(L('none.presence')));
  else {
    await flow.table(
      // The evidence column holds a SHA-256 on one line (64 × 0.602 em × 7 pt = 270 pt).
      { columns: [{ header: L('col.device'), weight: 2 }, { header: L('col.presence'), weight: 2.2 }, { header: L('col.collected'), weight: 2.6 }, { header: L('col.file'), weight: 4 }, { header: L('col.sha256'), weight: 6.8 }] },
      presence.map((x): Row => {
        const s = x.presence === 'added' ? x.new! : x.old!;
        return { cells: [cell(p(x.deviceId, { font: 'bold' })), cell(p(L(`presence.${x.presence}`), { color: x.presence === 'removed' ? RED : COLORS.text })), cell(p(s.collectedAt)), cell(p(s.file)), cell(hash(s.sha256))] };
      }),
    );
  }

  // A console filed under an id whose serial the old run gave another id (drift identity).
  const swapped = d.devices.filter((x) => x.identity);
  if (swapped.length) {
    flow.subheading(L('sub.swapped'), { keep: 60 });
    for (const x of swapped) flow.paragraph(p(`${x.deviceId}: ${L('swapped.old-serial')} ${x.identity!.oldSerial}; ${L('swapped.new-serial')} ${x.identity!.newSerial}, ${L('swapped.was')} ${x.identity!.wasId}.`));
    flow.paragraph(p(L('swapped.meaning')));
  }

  // monitor --keep-going: the inputs that could not be read, and why.
  if (d.unreadable?.length) {
    flow.subheading(L('sub.unreadable'), { keep: 60 });
    for (const u of d.unreadable) flow.paragraph(p(`${u.input}: ${u.error}`));
  }

  // ---- per-device changes ---------------------------------------------------------------------
  flow.section(L('section.devices'), dest('devices'));
  if (!changed.length) flow.paragraph(p(L('none.devices')));
  for (const dev of changed.slice(0, max)) await deviceSection(dev);
  if (changed.length > max) flow.paragraph(p(L('more.devices', { count: changed.length - max }), { color: COLORS.muted }));

  // ---- due ------------------------------------------------------------------------------------
  flow.section(L('section.due'), dest('due'));
  if (!d.due.length) flow.paragraph(p(L('none.due')));
  else {
    // One row per moment and reason, naming its devices (drift.json's dueGroups; drift.md alike).
    const { rows, more } = capped(d.dueGroups ?? groupDue(d.due));
    await flow.table(
      { columns: [{ header: L('col.device'), weight: 1.6 }, { header: L('col.what'), weight: 4.4 }, { header: L('col.due'), weight: 1.8 }, { header: L('col.detail'), weight: 10 }] },
      rows.map((x): Row => {
        const what: Para[] =
          (x.what === 'certificate-expiry' || x.what === 'evidence-age') && !x.checkId
            ? [p(L(`what.${x.what}`), { font: 'bold' })]
            : x.what === 'deviation-expiry'
              ? [p(L('what.deviation-expiry', { check: clean(x.checkId ?? '') }), { font: 'bold' }), ...(x.checkId && checkName(x.checkId) ? [p(checkName(x.checkId), { color: COLORS.muted })] : [])]
              : [p(L('what.check', { title: clean(checkName(x.checkId ?? '') ?? x.checkId ?? '') }), { font: 'bold' }), p(x.checkId ?? '', { color: COLORS.muted })];
        return { cells: [cell(p(dueDevicesText(x, clean), { font: 'bold' })), cell(...what), cell(p(x.due ?? '—')), cell(p(x.message))] };
      }),
    );
    if (more) flow.paragraph(p(L('more.rows', { count: more }), { color: COLORS.muted }));
  }

  // ---- trend ----------------------------------------------------------------------------------
  flow.section(L('section.trend'), dest('trend'));
  flow.paragraph(p(L('trend.caption'), { color: COLORS.muted }));
  const points = model.trend.slice(-12);
  // Older stored points hold no per-layer not-applicable count: said, not guessed (assess/layer-counts.ts).
  const older = points.filter((pt) => LAYERS.some((l) => !passShare(pt.layers[l]).countedApart));
  if (older.length) flow.paragraph(p(L('trend.older', { dates: older.map((pt) => (pt.at ?? '').slice(0, 10)).join(', ') }), { color: COLORS.muted }));
  trendCharts(flow, L, points);

  // ---- POA&M ----------------------------------------------------------------------------------
  if (model.poamChanges && model.poamChanges.length) {
    flow.section(L('section.poam'), dest('poam'));
    const { rows, more } = capped(model.poamChanges);
    await flow.table(
      { columns: [{ header: L('col.kind'), weight: 1.5 }, { header: L('col.control'), weight: 1.5 }, { header: L('col.device'), weight: 1.8 }, { header: L('col.check'), weight: 2.5 }, { header: L('col.item'), weight: 6 }, { header: L('col.deadline'), weight: 1.8 }] },
      rows.map((x): Row => ({
        cells: [cell(p(x.kind, { font: 'bold', color: x.kind === 'opened' || x.kind === 'overdue' ? RED : x.kind === 'closed' ? GREEN : COLORS.text })), cell(p(x.controlId ?? '—')), cell(p(x.deviceId ?? '—')), cell(p(x.checkId ?? '—')), cell(p(x.title), ...(x.detail ? [p(x.detail, { size: SMALL, color: COLORS.muted })] : [])), cell(p(x.deadline ?? '—'))],
      })),
    );
    if (more) flow.paragraph(p(L('more.rows', { count: more }), { color: COLORS.muted }));
  }

  // ---- attachments ----------------------------------------------------------------------------
  flow.section(L('section.attachments'), dest('attachments'), null, { compact: true });
  if (!attachments.length) flow.paragraph(p(L('none.attachments'), { color: COLORS.muted }));
  else {
    flow.paragraph(p(L('attachments.note'), { color: COLORS.muted }));
    await flow.table(
      { columns: [{ header: L('col.name'), weight: 3 }, { header: L('col.size'), weight: 1.4, align: 'right' }, { header: L('col.sha256'), weight: 7 }, { header: L('col.description'), weight: 4 }] },
      attachments.map((a) => ({ cells: [cell(p(a.name)), { paras: [p(byteSize(a.bytes.length))], align: 'right' }, cell(hash(createHash('sha256').update(a.bytes).digest('hex'), COLORS.text)), cell(p(a.description))] })),
    );
  }

  async function controlTable(title: string, controls: readonly ControlTransition[]): Promise<void> {
    const { rows, more } = capped(controls);
    const spec: TableSpec = { columns: [{ header: L('col.control'), weight: 1.3 }, { header: L('col.title'), weight: 4 }, { header: L('col.transition'), weight: 3 }, { header: L('col.responsible'), weight: 9 }] };
    const tableRows = rows.map((t): Row => {
      const pairs = responsiblePairsText(t, clean);
      const lapsed = (t.lapsed ?? []).map((x) => L('attested.lapsed', { name: clean(x.name), expires: clean(x.expires) }));
      const withdrawn = (t.withdrawn ?? []).map((x) => L('attested.withdrawn', { name: clean(x.name), when: clean(x.when) }));
      const missing = t.attestationMissing ? [L('attested.missing')] : [];
      const text = [pairs, ...lapsed, ...withdrawn, ...missing, ...odpsChangedTexts(t, clean)].filter((x) => x !== '').join(', ');
      const basis = newBasisSentence(t, clean);
      return {
        cells: [
          cell(p(t.controlId, { font: 'bold' })),
          cell(p(t.title)),
          cell(
            p(`${stateWords(t.old, 'not assessed')} → ${stateWords(t.new, 'not assessed this time')}`, { color: t.transition === 'regressed' ? RED : t.transition === 'remediated' ? GREEN : COLORS.text }),
            // What the new state rests on besides check results, in drift.md's words (templates/new-basis.hbs).
            ...(basis ? [p(L('transition.basis'), { size: SMALL, color: COLORS.muted }), p(basis, { size: SMALL })] : []),
          ),
          cell(p(text || '—')),
        ],
      };
    });
    flow.subheading(title, { keep: flow.tableStart(spec, tableRows) });
    await flow.table(spec, tableRows);
    if (more) flow.paragraph(p(L('more.rows', { count: more }), { color: COLORS.muted }));
  }

  /** Controls whose state did not change, with what their new state rests on besides check results (templates/new-basis.hbs). */
  async function unchangedTable(title: string, controls: NonNullable<MonitoringReportModel['drift']['unchangedBasis']>): Promise<void> {
    const { rows, more } = capped(controls);
    const spec: TableSpec = { columns: [{ header: L('col.control'), weight: 1.3 }, { header: L('col.title'), weight: 4 }, { header: L('col.state'), weight: 2 }, { header: L('col.basis'), weight: 10 }] };
    const tableRows = rows.map((u): Row => ({
      cells: [cell(p(u.controlId, { font: 'bold' })), cell(p(u.title)), cell(p(stateWords(u.state, ''))), cell(p(newBasisSentence(u, clean), { size: SMALL }))],
    }));
    flow.subheading(title, { keep: flow.tableStart(spec, tableRows) });
    await flow.table(spec, tableRows);
    if (more) flow.paragraph(p(L('more.rows', { count: more }), { color: COLORS.muted }));
  }

  /** Checks that changed on a device: the settings that moved, what is observed now (and was before). */
  async function checkTable(title: string, items: ReadonlyArray<{ dev: DeviceDrift; c: DeviceDrift['checks'][number] }>): Promise<void> {
    const { rows, more } = capped(items);
    const spec: TableSpec = {
      columns: [{ header: L('col.device'), weight: 1.5 }, { header: L('col.check'), weight: 2.6 }, { header: L('col.status'), weight: 2 }, { header: L('col.settings'), weight: 6 }, { header: L('col.observed'), weight: 4.4 }],
      continued: '(continued)',
    };
    const tableRows = rows.map(({ dev, c }): Row => {
      const settings = dev.settings.filter((s) => s.checks.includes(c.checkId));
      const named = (v: string | undefined) => (v === undefined || !model.observedName ? v : model.observedName(c.checkId, v));
      const observed: Para[] = [p(shown(named(c.newObserved)), { font: 'bold' })];
      // Why a side is not collected, as its assessment results say (a value may be there and still not count).
      if (c.newReason) observed.push(p(L('observed.why', { reason: c.newReason })));
      if (c.oldObserved !== undefined) observed.push(p(L('observed.was', { value: shown(named(c.oldObserved)) }), { color: COLORS.muted }));
      if (c.oldReason) observed.push(p(L('observed.was-why', { reason: c.oldReason }), { color: COLORS.muted }));
      if (c.expected) observed.push(p(L('observed.expected', { value: shown(model.requiredName ? model.requiredName(c.checkId, c.expected) : c.expected) }), { color: COLORS.muted }));
      return {
        cells: [
          cell(p(dev.deviceId, { font: 'bold', goTo: shownDevices.has(dev.deviceId) ? deviceDest(dev.deviceId) : undefined })),
          cell(p(c.checkId), ...(checkName(c.checkId) ? [p(checkName(c.checkId), { color: COLORS.muted })] : []), p(layerTitle(c.layer), { color: COLORS.muted })),
          cell(p(`${c.old ?? '—'} → ${c.new ?? '—'}`, { color: c.transition === 'regressed' ? RED : GREEN }), p(L(`cause.${c.cause}`), { color: COLORS.muted })),
          cell(...(settings.length ? settings.slice(0, 20).map((s) => p(settingLine(s), { size: SMALL })) : [p(L('none.settings'), { color: COLORS.muted })])),
          cell(...observed),
        ],
      };
    });
    flow.subheading(title, { keep: flow.tableStart(spec, tableRows) });
    await flow.table(spec, tableRows);
    if (more) flow.paragraph(p(L('more.rows', { count: more }), { color: COLORS.muted }));
  }

  async function deviceSection(dev: DeviceDrift): Promise<void> {
    const real = dev.settings.filter((s) => !s.volatile);
    const volatile = dev.settings.filter((s) => s.volatile);
    const snapshots: Row[] = (['old', 'new'] as const).flatMap((k) => {
      const s = dev[k];
      return s ? [{ cells: [cell(p(L(`side.${k}`), { font: 'bold' })), cell(p(s.collectedAt)), cell(p(s.file)), cell(hash(s.sha256))] }] : [];
    });
    const snapshotSpec: TableSpec = { columns: [{ header: L('col.side'), weight: 1 }, { header: L('col.collected'), weight: 2.4 }, { header: L('col.file'), weight: 5 }, { header: L('col.sha256'), weight: 6.2 }] };
    flow.subheading(dev.deviceId, { dest: deviceDest(dev.deviceId), keep: flow.tableHeight(snapshotSpec, snapshots) });
    await flow.table(snapshotSpec, snapshots);
    if (real.length) {
      const { rows, more } = capped(real);
      await flow.table(
        { columns: [{ header: L('col.kind'), weight: 1.5 }, { header: L('col.setting'), weight: 6 }, { header: L('col.old'), weight: 4 }, { header: L('col.new'), weight: 4 }, { header: L('col.layer'), weight: 2.5 }, { header: L('col.affects'), weight: 3.5 }] },
        rows.map((s): Row => ({
          cells: [cell(p(L(`kind.${s.kind}`), { font: 'bold', color: s.kind === 'removed' ? RED : s.kind === 'added' ? GREEN : COLORS.text })), cell(p(s.path)), cell(p(shown(s.old))), cell(p(shown(s.new))), cell(p(layerTitle(s.layer))), cell(p(s.checks.join(', ') || '—'))],
        })),
      );
      if (more) flow.paragraph(p(L('more.rows', { count: more }), { color: COLORS.muted }));
    } else {
      flow.paragraph(p(L('none.settings'), { color: COLORS.muted }));
    }
    for (const t of dev.time) flow.paragraph(p(`${t.checkId} (${t.old ?? '—'} → ${t.new ?? '—'}): ${t.message}`, { size: SMALL }), { after: 2 });
    for (const t of dev.decisions ?? []) flow.paragraph(p(L('decision.line', { check: t.checkId, old: t.old ?? '—', new: t.new ?? '—', message: t.message }), { size: SMALL }), { after: 2 });
    if (volatile.length) {
      flow.paragraph(p(L('volatile', { list: volatile.map((s) => `${s.path} ${shown(s.old)} → ${shown(s.new)}`).join('; ') }), { size: SMALL, color: COLORS.muted }), { after: 6 });
    }
  }
}

const stateWords = controlStateWords;

/**
 * One small bar chart per layer: the pass share of each trend point (with its fail and other
 * share), on a y-axis labelled in percent; each chart is a Figure whose alternative text lists
 * the shares.
 */
function trendCharts(flow: Flow, L: Label, points: readonly TrendPoint[]): void {
  const perRow = 3;
  const gap = 18;
  const axisW = 24;
  const w = (flow.width - gap * (perRow - 1)) / perRow;
  const plotW = w - axisW;
  const chartH = 110;
  const headH = 24;
  const belowH = 22;
  const blockH = headH + chartH + belowH + 12;
  const line = (text: string, width: number, o: { font?: 'sans' | 'bold'; color?: string } = {}) => flow.wrap(p(text, { size: 7, font: o.font ?? 'sans', color: o.color ?? COLORS.text }), width)[0];
  const n = Math.max(points.length, 1);
  const slot = plotW / n;
  // Labels under the bars: the full date where it fits, else the month and day; where even that
  // is wider than a bar's slot, every k-th bar is labelled (the figure's alternative text has all).
  const fits = (text: string) => (line(text, 1000)?.width ?? 0) <= slot - 2;
  const dateOf = (at: string | undefined) => (fits('0000-00-00') ? (at ?? '').slice(0, 10) : (at ?? '').slice(5, 10));
  const stride = Math.max(1, Math.ceil(((line('00-00', 1000)?.width ?? 0) + 4) / slot), Math.ceil(((line('100%', 1000)?.width ?? 0) + 4) / slot));
  for (let i = 0; i < LAYERS.length; i += perRow) {
    flow.ensure(blockH);
    const top = flow.y;
    LAYERS.slice(i, i + perRow).forEach((layer, k) => {
      const x = flow.left + k * (w + gap);
      const px = x + axisW;
      const shares = points.map((pt) => {
        const share = passShare(pt.layers[layer]).percent;
        return `${(pt.at ?? '').slice(0, 10)} ${share === undefined ? '—' : `${share}%`}`;
      });
      const fig = flow.struct('Figure', flow.parent, { alt: L('trend.alt', { layer: LAYER_TITLES[layer], points: shares.join(', ') }) });
      const into = fig ?? 'layout';
      const title = line(LAYER_TITLES[layer], w, { font: 'bold', color: COLORS.heading });
      if (title) flow.drawLine(title, x, top, 'layout');
      // The y-axis: its label above it, and 0, 50 and 100 % with gridlines.
      const axis = line(L('trend.axis'), w, { color: COLORS.muted });
      if (axis) flow.drawLine(axis, x, top + 11, 'layout');
      const y0 = top + headH;
      for (const pct of [0, 50, 100]) {
        const gy = y0 + chartH - (chartH * pct) / 100;
        flow.surface.hline(px, px + plotW, gy, COLORS.rule, pct === 0 ? 0.6 : 0.3);
        const tick = line(`${pct}%`, axisW);
        if (tick) flow.drawLine(tick, px - 3 - tick.width, gy - tick.height / 2, 'layout');
      }
      const bw = Math.min(28, slot * 0.7);
      points.forEach((pt, j) => {
        const c = pt.layers[layer];
        const total = c.pass + c.fail + c.other;
        const bx = px + j * slot + (slot - bw) / 2;
        if (total > 0) {
          // Stacked from the baseline: pass, then fail, then other (shares of 100 %).
          let y = y0 + chartH;
          for (const [v, color] of [[c.pass, GREEN], [c.fail, RED], [c.other, GREY]] as const) {
            const h = (chartH * v) / total;
            y -= h;
            if (h > 0) flow.surface.rect(bx, y, bw, h, color, into);
          }
        }
        // The newest bar is always labelled.
        if ((points.length - 1 - j) % stride !== 0) return;
        const share = passShare(c).percent;
        const pct = share === undefined ? '—' : `${share}%`;
        const label = line(pct, 1000);
        if (label) flow.drawLine(label, px + j * slot + (slot - label.width) / 2, y0 + chartH + 2, 'layout');
        const date = line(dateOf(pt.at), 1000, { color: COLORS.muted });
        if (date) flow.drawLine(date, px + j * slot + (slot - date.width) / 2, y0 + chartH + 11, 'layout');
      });
      flow.end(fig);
    });
    flow.y = top + blockH;
  }
}
