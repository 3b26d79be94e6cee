// The monitoring report's content, laid out on the evidence package's Flow (src/report/pdf/flow.ts).
// Runs twice with the same model (layout pass, then drawing pass), like the evidence package:
// nothing here may depend on the pass except the footer's page numbers.
import type { ControlTransition, DeviceDrift, MonitoringReportModel, SettingChange, TrendPoint } from '../../drift/types.js';
import { driftLabels, renderDriftTemplate } from '../../drift/templates.js';
import { LAYER_TITLES, LAYERS, type Layer } from '../../snapshot/types.js';
import { COLORS, FOOTER_Y, type Cell, type Flow, type Row } from '../pdf/flow.js';
import type { FontKey } from '../pdf/fonts.js';
import { clean, cleanProse, type Para } from '../pdf/text.js';

const SIZE = 7.5;
const SMALL = 6.5;
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

function p(text: string, o: { font?: FontKey; size?: number; color?: string } = {}): Para {
  return { spans: [{ text: clean(text) }], font: o.font ?? 'sans', size: o.size ?? SIZE, color: o.color ?? COLORS.text };
}
const cell = (...paras: Para[]): Cell => ({ paras });

/** A value as shown: strings as they are, others as JSON; shortened. */
export function shown(v: unknown): string {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

function settingLine(s: SettingChange): string {
  if (s.kind === 'added') return `${s.path}: added ${shown(s.new)}`;
  if (s.kind === 'removed') return `${s.path}: removed (was ${shown(s.old)})`;
  return `${s.path}: ${shown(s.old)} → ${shown(s.new)}`;
}

function capped<T>(items: readonly T[]): { rows: readonly T[]; more: number } {
  return items.length > MAX_ROWS ? { rows: items.slice(0, MAX_ROWS), more: items.length - MAX_ROWS } : { rows: items, more: 0 };
}

export interface MonitoringBuild {
  model: MonitoringReportModel;
  L: Label;
  /** Page count, from the layout pass; absent during it. */
  total?: number;
}

export async function buildMonitoringDocument(flow: Flow, ctx: MonitoringBuild): Promise<void> {
  const { model, L } = ctx;
  const d = model.drift;
  const systemName = clean(model.systemName);
  if (ctx.total !== undefined) {
    const total = ctx.total;
    flow.footer = (page) => {
      const text = `${systemName} — ${L('meta.title')} — ${clean(d.now)} — ${page} / ${total}`;
      const line = flow.wrap(p(text, { size: 7, color: COLORS.muted }), flow.width)[0];
      flow.surface.hline(flow.left, flow.left + flow.width, FOOTER_Y - 4, COLORS.rule, 0.4);
      if (line) flow.drawLine(line, flow.left + (flow.width - line.width) / 2, FOOTER_Y);
    };
  }
  const devById = new Map(d.devices.map((x) => [x.deviceId, x]));
  const layerTitle = (l: Layer | 'device') => (l === 'device' ? 'Device' : LAYER_TITLES[l]);

  // ---- summary --------------------------------------------------------------------------------
  flow.section(`${L('meta.title')}: ${systemName}`, 'summary');
  const prose = cleanProse(renderDriftTemplate('pdf-monitoring-cover', {
    systemName,
    oldLabel: clean(d.old.label), newLabel: clean(d.new.label),
    oldDevices: d.old.devices, newDevices: d.new.devices,
    oldAt: clean(d.old.at), newAt: clean(d.new.at), now: clean(d.now),
    s: d.summary,
  }));
  for (const para of prose.split(/\n\n+/)) flow.paragraph(p(para, { size: 8.5 }), { after: 6 });

  // ---- regressions (first) --------------------------------------------------------------------
  flow.section(L('section.regressions'), 'regressions');
  const regressedControls = d.controls.filter((c) => c.transition === 'regressed');
  const regressedChecks = d.devices.flatMap((dev) => dev.checks.filter((c) => c.transition === 'regressed').map((c) => ({ dev, c })));
  if (!regressedControls.length && !regressedChecks.length) flow.paragraph(p(L('none.regressions')));
  if (regressedControls.length) {
    flow.subheading(L('sub.controls-regressed'));
    await controlTable(flow, L, regressedControls);
  }
  if (regressedChecks.length) {
    flow.subheading(L('sub.checks-regressed'));
    await checkTable(flow, L, regressedChecks, 'new');
  }

  // ---- remediations ---------------------------------------------------------------------------
  flow.section(L('section.remediations'), 'remediations');
  const remediatedControls = d.controls.filter((c) => c.transition === 'remediated');
  const remediatedChecks = d.devices.flatMap((dev) => dev.checks.filter((c) => c.transition === 'remediated').map((c) => ({ dev, c })));
  if (!remediatedControls.length && !remediatedChecks.length) flow.paragraph(p(L('none.remediations')));
  if (remediatedControls.length) {
    flow.subheading(L('sub.controls-remediated'));
    await controlTable(flow, L, remediatedControls);
  }
  if (remediatedChecks.length) {
    flow.subheading(L('sub.checks-remediated'));
    await checkTable(flow, L, remediatedChecks, 'new');
  }
  const other = d.controls.filter((c) => c.transition === 'newly-assessed' || c.transition === 'no-longer-assessed');
  if (other.length) {
    flow.subheading(L('section.other'));
    await controlTable(flow, L, other);
  }

  // ---- devices added / missing ----------------------------------------------------------------
  flow.section(L('section.presence'), 'presence');
  const presence = d.devices.filter((x) => x.presence !== 'both');
  if (!presence.length) flow.paragraph(p(L('none.presence')));
  else {
    await flow.table(
      { columns: [{ header: L('col.device'), weight: 2 }, { header: L('col.presence'), weight: 2 }, { header: L('col.collected'), weight: 2.5 }, { header: L('col.evidence'), weight: 7 }] },
      presence.map((x): Row => {
        const side = x.presence === 'added' ? x.new! : x.old!;
        return { cells: [cell(p(x.deviceId, { font: 'bold' })), cell(p(L(`presence.${x.presence}`), { color: x.presence === 'removed' ? RED : COLORS.text })), cell(p(side.collectedAt)), cell(p(side.file), p(side.sha256, { font: 'mono', size: SMALL }))] };
      }),
    );
  }

  // monitor --keep-going: the inputs that could not be read, and why.
  if (d.unreadable?.length) {
    flow.subheading(L('sub.unreadable'), { keep: 60 });
    for (const u of d.unreadable) flow.paragraph(p(`${u.input}: ${u.error}`));
  }

  // ---- per-device changes ---------------------------------------------------------------------
  flow.section(L('section.devices'), 'devices');
  const changed = d.devices.filter((x) => x.presence === 'both');
  const max = model.maxDevices ?? 200;
  if (!changed.length) flow.paragraph(p(L('none.devices')));
  for (const dev of changed.slice(0, max)) await deviceSection(flow, L, dev, layerTitle);
  if (changed.length > max) flow.paragraph(p(L('more.devices', { count: changed.length - max }), { color: COLORS.muted }));

  // ---- due ------------------------------------------------------------------------------------
  flow.section(L('section.due'), 'due');
  if (!d.due.length) flow.paragraph(p(L('none.due')));
  else {
    const { rows, more } = capped(d.due);
    await flow.table(
      { columns: [{ header: L('col.device'), weight: 2 }, { header: L('col.check'), weight: 3 }, { header: L('col.what'), weight: 2.5 }, { header: L('col.due'), weight: 1.6 }, { header: L('col.detail'), weight: 10 }] },
      rows.map((x): Row => ({ cells: [cell(p(x.deviceId, { font: 'bold' })), cell(p(x.checkId ?? '—')), cell(p(x.what)), cell(p(x.due ?? '—')), cell(p(x.message))] })),
    );
    if (more) flow.paragraph(p(L('more.rows', { count: more }), { color: COLORS.muted }));
  }

  // ---- trend ----------------------------------------------------------------------------------
  flow.section(L('section.trend'), 'trend');
  flow.paragraph(p(L('trend.caption'), { color: COLORS.muted }));
  trendCharts(flow, model.trend.slice(-12));

  // ---- POA&M ----------------------------------------------------------------------------------
  if (model.poamChanges && model.poamChanges.length) {
    flow.section(L('section.poam'), 'poam');
    const { rows, more } = capped(model.poamChanges);
    await flow.table(
      { columns: [{ header: L('col.kind'), weight: 1.5 }, { header: L('col.control'), weight: 1.5 }, { header: L('col.device'), weight: 1.8 }, { header: L('col.check'), weight: 2.5 }, { header: L('col.item'), weight: 6 }, { header: L('col.deadline'), weight: 1.6 }] },
      rows.map((x): Row => ({
        cells: [cell(p(x.kind, { font: 'bold', color: x.kind === 'opened' || x.kind === 'overdue' ? RED : x.kind === 'closed' ? GREEN : COLORS.text })), cell(p(x.controlId ?? '—')), cell(p(x.deviceId ?? '—')), cell(p(x.checkId ?? '—')), cell(p(x.title), ...(x.detail ? [p(x.detail, { size: SMALL, color: COLORS.muted })] : [])), cell(p(x.deadline ?? '—'))],
      })),
    );
    if (more) flow.paragraph(p(L('more.rows', { count: more }), { color: COLORS.muted }));
  }

  async function controlTable(f: Flow, lab: Label, controls: readonly ControlTransition[]): Promise<void> {
    const { rows, more } = capped(controls);
    await f.table(
      { columns: [{ header: lab('col.control'), weight: 1.3 }, { header: lab('col.title'), weight: 4 }, { header: lab('col.transition'), weight: 3 }, { header: lab('col.responsible'), weight: 9 }] },
      rows.map((t): Row => {
        const pairs = t.responsible.slice(0, 40).map((r) => `${r.deviceId}/${r.checkId} (${r.old ?? '—'} → ${r.new ?? '—'})`).join(', ');
        const extra = (t.responsibleTotal ?? t.responsible.length) - Math.min(40, t.responsible.length);
        return {
          cells: [
            cell(p(t.controlId, { font: 'bold' })),
            cell(p(t.title)),
            cell(p(`${t.old ?? '—'} → ${t.new ?? '—'}`, { color: t.transition === 'regressed' ? RED : t.transition === 'remediated' ? GREEN : COLORS.text })),
            cell(p(extra > 0 ? `${pairs} … +${extra}` : pairs || '—')),
          ],
        };
      }),
    );
    if (more) f.paragraph(p(lab('more.rows', { count: more }), { color: COLORS.muted }));
  }

  async function checkTable(f: Flow, lab: Label, items: ReadonlyArray<{ dev: DeviceDrift; c: DeviceDrift['checks'][number] }>, _side: 'new'): Promise<void> {
    const { rows, more } = capped(items);
    await f.table(
      {
        columns: [{ header: lab('col.device'), weight: 1.4 }, { header: lab('col.check'), weight: 2.4 }, { header: lab('col.status'), weight: 1.8 }, { header: lab('col.settings'), weight: 6 }, { header: lab('col.observed'), weight: 4 }, { header: lab('col.evidence'), weight: 4 }],
        continued: '(continued)',
      },
      rows.map(({ dev, c }): Row => {
        const settings = dev.settings.filter((s) => s.checks.includes(c.checkId));
        const evidence = [dev.old ? p(`old: ${dev.old.file}`, { size: SMALL }) : undefined, dev.old ? p(dev.old.sha256, { font: 'mono', size: 5.5 }) : undefined, dev.new ? p(`new: ${dev.new.file}`, { size: SMALL }) : undefined, dev.new ? p(dev.new.sha256, { font: 'mono', size: 5.5 }) : undefined].filter((x): x is Para => !!x);
        return {
          cells: [
            cell(p(dev.deviceId, { font: 'bold' })),
            cell(p(c.checkId), p(layerTitle(c.layer), { size: SMALL, color: COLORS.muted })),
            cell(p(`${c.old ?? '—'} → ${c.new ?? '—'}`, { color: c.transition === 'regressed' ? RED : GREEN }), p(lab(`cause.${c.cause}`), { size: SMALL, color: COLORS.muted })),
            cell(...(settings.length ? settings.slice(0, 20).map((s) => p(settingLine(s), { size: SMALL })) : [p(lab('none.settings'), { size: SMALL, color: COLORS.muted })])),
            cell(p(shown(c.transition === 'remediated' ? c.oldObserved : c.newObserved), { size: SMALL }), ...(c.expected ? [p(`expected: ${shown(c.expected)}`, { size: SMALL, color: COLORS.muted })] : [])),
            cell(...evidence),
          ],
        };
      }),
    );
    if (more) f.paragraph(p(lab('more.rows', { count: more }), { color: COLORS.muted }));
  }
}

async function deviceSection(flow: Flow, L: Label, dev: DeviceDrift, layerTitle: (l: Layer | 'device') => string): Promise<void> {
  flow.subheading(dev.deviceId, { keep: 60 });
  flow.paragraph(p(`${dev.old?.collectedAt ?? '—'} (${dev.old?.file ?? '—'}) → ${dev.new?.collectedAt ?? '—'} (${dev.new?.file ?? '—'})`, { size: SMALL, color: COLORS.muted }), { after: 2 });
  const real = dev.settings.filter((s) => !s.volatile);
  const volatile = dev.settings.filter((s) => s.volatile);
  if (real.length) {
    const { rows, more } = capped(real);
    await flow.table(
      { columns: [{ header: L('col.kind'), weight: 1.2 }, { header: L('col.setting'), weight: 6 }, { header: L('col.old'), weight: 4 }, { header: L('col.new'), weight: 4 }, { header: L('col.layer'), weight: 2.5 }, { header: L('col.affects'), weight: 3.5 }] },
      rows.map((s): Row => ({
        cells: [cell(p(s.kind, { font: 'bold', color: s.kind === 'removed' ? RED : s.kind === 'added' ? GREEN : COLORS.text })), cell(p(s.path, { size: SMALL })), cell(p(shown(s.old), { size: SMALL })), cell(p(shown(s.new), { size: SMALL })), cell(p(layerTitle(s.layer), { size: SMALL })), cell(p(s.checks.join(', ') || '—', { size: SMALL }))],
      })),
    );
    if (more) flow.paragraph(p(L('more.rows', { count: more }), { color: COLORS.muted }));
  } else {
    flow.paragraph(p(L('none.settings'), { color: COLORS.muted }));
  }
  for (const t of dev.time) flow.paragraph(p(`${t.checkId} (${t.old ?? '—'} → ${t.new ?? '—'}): ${t.message}`, { size: SMALL }), { after: 2 });
  if (volatile.length) {
    flow.paragraph(p(L('volatile', { list: volatile.map((s) => `${s.path} ${shown(s.old)} → ${shown(s.new)}`).join('; ') }), { size: SMALL, color: COLORS.muted }), { after: 6 });
  }
}

/** One small bar chart per layer: the pass share of each trend point, with its fail and other share. */
function trendCharts(flow: Flow, points: readonly TrendPoint[]): void {
  const perRow = 3;
  const gap = 18;
  const w = (flow.width - gap * (perRow - 1)) / perRow;
  const chartH = 110;
  const titleH = 12;
  const axisH = 18;
  const blockH = titleH + chartH + axisH + 12;
  for (let i = 0; i < LAYERS.length; i += perRow) {
    flow.ensure(blockH);
    const top = flow.y;
    LAYERS.slice(i, i + perRow).forEach((layer, k) => {
      const x = flow.left + k * (w + gap);
      const title = flow.wrap(p(LAYER_TITLES[layer], { font: 'bold', size: 7.5, color: COLORS.heading }), w)[0];
      if (title) flow.drawLine(title, x, top);
      const y0 = top + titleH;
      flow.surface.hline(x, x + w, y0 + chartH, COLORS.rule, 0.6);
      flow.surface.hline(x, x + w, y0, COLORS.rule, 0.3);
      const n = Math.max(points.length, 1);
      const slot = w / n;
      const bw = Math.min(28, slot * 0.7);
      points.forEach((pt, j) => {
        const c = pt.layers[layer];
        const total = c.pass + c.fail + c.other;
        const bx = x + j * slot + (slot - bw) / 2;
        if (total > 0) {
          // Stacked from the baseline: pass, then fail, then other (shares of 100 %).
          let y = y0 + chartH;
          for (const [v, color] of [[c.pass, GREEN], [c.fail, RED], [c.other, GREY]] as const) {
            const h = (chartH * v) / total;
            y -= h;
            if (h > 0) flow.surface.rect(bx, y, bw, h, color);
          }
        }
        const pct = total > 0 ? `${Math.round((100 * c.pass) / total)}%` : '—';
        const label = flow.wrap(p(pct, { size: 6 }), slot)[0];
        if (label) flow.drawLine(label, bx + (bw - label.width) / 2, y0 + chartH + 2);
        const date = flow.wrap(p((pt.at ?? '').slice(0, 10), { size: 5.5, color: COLORS.muted }), slot)[0];
        if (date) flow.drawLine(date, x + j * slot + (slot - date.width) / 2, y0 + chartH + 9);
      });
    });
    flow.y = top + blockH;
  }
}
