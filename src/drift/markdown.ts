// drift.md: the drift for people. Data is prepared here (escaped for Markdown tables, long values
// shortened); the wording is templates/drift-markdown.hbs.
import { shownChar, shownPattern } from '../io/errors.js';
import { LAYER_TITLES, LAYERS, type Layer } from '../snapshot/types.js';
import { shortenedText } from '../snapshot/secrets.js';
import { passShare, type LayerCounts } from '../assess/layer-counts.js';
import { controlStateWords, devicesSentence, driftLabels, dueDevicesText, newBasisData, odpsChangedTexts, partialWhyBefore, partialWhyNow, renderDriftTemplate, responsiblePairsText } from './templates.js';
import { groupDue } from './compute.js';
import type { ObservedNamer } from '../catalog/check-wording.js';
import type { ControlTransition, DeviceDrift, Drift, SettingChange, TrendPoint } from './types.js';

export const DRIFT_MD = 'drift.md';
/** Devices shown in full in drift.md; drift.json lists them all. */
export const MD_MAX_DEVICES = 500;
const MAX_VALUE = 160;

/**
 * Control characters (C0 but tab and line breaks, DEL, C1) and the invisible characters that reorder a line
 * (bidirectional marks, overrides and isolates): a rule or account name holding an escape sequence
 * would act on the terminal that shows drift.md, a right-to-left override would disguise a value.
 */
const UNSAFE = shownPattern(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/);

/** A value for a Markdown table cell: JSON for non-strings, pipes and newlines escaped, control characters shown as \xNN or \u{NNNN}, shortened. */
export function cell(v: unknown, max = MAX_VALUE): string {
  if (v === undefined) return '—';
  let s = typeof v === 'string' ? v : JSON.stringify(v);
  s = shortenedText(s, max);
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n?|\n/g, ' ').replace(/([*_`<>[\]])/g, '\\$1')
    .replace(UNSAFE, shownChar);
}

/**
 * A name or text of the input that drift.md shows whole (a device id, a check id, a file name, a
 * side's label): escaped as a cell is, never shortened. Every text from a snapshot or a file the
 * user gave goes through this or `cell`, so no value can open a link, emphasis or HTML, or break a
 * table row or a list line.
 */
const md = (v: unknown): string => cell(v, Infinity).replace(/#/g, '\\#');

/** A text shown inside a code span (`digest`): a backtick or line break would end it; none is part of a digest. */
const code = (v: string | undefined): string | undefined => (v === undefined ? v : v.replace(/[`\r\n]/g, '?'));

function layerTitle(l: Layer | 'device'): string {
  return l === 'device' ? 'Device' : LAYER_TITLES[l];
}

function settingRow(s: SettingChange) {
  return { kind: s.kind, path: cell(s.path), old: cell(s.old), new: cell(s.new), layer: layerTitle(s.layer), checks: s.checks.length ? s.checks.map(md).join(', ') : '—', volatile: !!s.volatile, secret: !!s.secret };
}

/**
 * The "now observed" cell: what NEW shows and, when it is not collected, why, as its assessment
 * results say (the reason is a sentence of the tool's, never cut: "not collected" alone would not
 * tell a stale or lapsed value from one the snapshot lacks).
 */
function nowObserved(c: DeviceDrift['checks'][number], named: ObservedNamer): string {
  const observed = c.newObserved === undefined ? undefined : named(c.checkId, c.newObserved);
  if (!c.newReason) return cell(observed);
  const why = `not collected: ${cell(c.newReason, Infinity)}`;
  return c.newObserved === undefined || c.newObserved === '' || c.newObserved === 'not collected' ? why : `${cell(observed)} (${why})`;
}

const stateWords = controlStateWords;

function controlRow(t: ControlTransition) {
  const devices = [...new Set(t.responsible.map((r) => r.deviceId))];
  return {
    controlId: md(t.controlId),
    title: cell(t.title),
    old: stateWords(t.old, 'not assessed'),
    new: stateWords(t.new, 'not assessed this time'),
    responsible: [
      responsiblePairsText(t, (x) => cell(x, Infinity)),
      // An attestation that lapsed is responsible too, as drift.json's `lapsed` and the PDF say (a
      // control attested alone would otherwise show no reason at all).
      ...(t.lapsed ?? []).map((x) => `attestation by ${cell(x.name)} expired on ${cell(x.expires)}`),
      ...(t.withdrawn ?? []).map((x) => `attestation by ${cell(x.name)} of ${cell(x.when)} no longer in the attestations file`),
      // Not satisfied for want of the attestation the system description expects, as the AR finding says.
      ...(t.attestationMissing ? [driftLabels('pdf-monitoring-labels')('attested.missing', {})] : []),
      // ODPs one side's run defined and the other's did not: the cause of an attested control's move (its responsible pairs may be none).
      ...odpsChangedTexts(t, (x) => cell(x, Infinity)),
    ].filter((x) => x !== '').join(', '),
    devices: devices.map(md).join(', '),
  };
}

/** NEW's basis of a listed control (drift.json's newBasis), for the section saying what NEW's states rest on. */
function basisRow(t: ControlTransition) {
  return { ...newBasisData(t, md), controlId: md(t.controlId), new: stateWords(t.new, 'not assessed this time') };
}

/** A side's snapshot of a device: its file name is input (a file or folder the user named). */
function fileView(f: NonNullable<DeviceDrift['old']>) {
  return { collectedAt: md(f.collectedAt), file: md(f.file), sha256: md(f.sha256) };
}

/** A side as drift.md's head names it: its label is a folder or file the user named, or a package's recorded version and digests. */
function sideView(info: Drift['old']) {
  const r = info.reassessed;
  return {
    ...info,
    label: md(info.label),
    at: md(info.at),
    ...(r ? { reassessed: { ...r, ...(r.tool !== undefined ? { tool: md(r.tool) } : {}), ...(r.configDigest !== undefined ? { configDigest: code(r.configDigest) } : {}),
      ...(r.rules ? { rules: { recorded: code(r.rules.recorded), current: code(r.rules.current) } } : {}), ...(r.program ? { program: { recorded: code(r.program.recorded), current: code(r.program.current) } } : {}) } } : {}),
    ...(info.store ? { store: { entries: info.store.entries, head: code(info.store.head) } } : {}),
  };
}

function deviceView(d: DeviceDrift, named: ObservedNamer) {
  const real = d.settings.filter((s) => !s.volatile);
  const volatile = d.settings.filter((s) => s.volatile);
  return {
    deviceId: md(d.deviceId),
    presence: d.presence,
    old: d.old && fileView(d.old),
    new: d.new && fileView(d.new),
    settings: real.map(settingRow),
    volatile: volatile.map(settingRow),
    checks: d.checks.map((c) => ({ ...c, checkId: md(c.checkId), oldObserved: cell(c.oldObserved === undefined ? undefined : named(c.checkId, c.oldObserved)), newObserved: nowObserved(c, named), expected: cell(c.expected) })),
    time: d.time.map((t) => ({ ...t, checkId: md(t.checkId), message: cell(t.message, Infinity) })),
    decisions: (d.decisions ?? []).map((t) => ({ ...t, checkId: md(t.checkId), message: cell(t.message, Infinity) })),
    ...(d.identity ? { identity: { oldSerial: cell(d.identity.oldSerial), newSerial: cell(d.identity.newSerial), wasId: cell(d.identity.wasId) } } : {}),
  };
}

/**
 * `monitor`'s trend: the store's runs the monitoring PDF's chart shows (the same points, passed by
 * the caller), each layer's share and counts as that run's own report gave them; runs stored before
 * not-applicable was counted apart are named in the PDF's words (pdf-monitoring-labels.hbs trend.older).
 */
function trendView(points: readonly TrendPoint[]) {
  const older = points.filter((pt) => LAYERS.some((l) => !passShare(pt.layers[l]).countedApart));
  return {
    layerTitles: LAYERS.map((l) => LAYER_TITLES[l]),
    points: points.map((pt) => ({
      at: cell(pt.at),
      label: pt.label === undefined ? '—' : cell(pt.label),
      cells: LAYERS.map((l) => {
        const c = pt.layers[l];
        const share = passShare(c).percent;
        return `${share === undefined ? '—' : `${share}%`} (${c.pass} / ${c.fail} / ${c.other}; ${c.notApplicable ?? '—'})`;
      }),
    })),
    older: older.length ? driftLabels('pdf-monitoring-labels')('trend.older', { dates: older.map((pt) => (pt.at ?? '').slice(0, 10)).join(', ') }) : '',
  };
}

/** drift.md; `trend`: monitor's points of the store's runs, as its PDF charts them (diff's two points are "Results per layer"). */
export function driftToMarkdown(drift: Drift, trend?: readonly TrendPoint[], named: ObservedNamer = (_id, v) => v): string {
  const by = (k: ControlTransition['transition']) => drift.controls.filter((c) => c.transition === k).map(controlRow);
  const shown = drift.devices.slice(0, MD_MAX_DEVICES);
  const data = {
    drift: { ...drift, now: md(drift.now), configDigest: code(drift.configDigest), old: sideView(drift.old), new: sideView(drift.new) },
    s: drift.summary,
    devices: devicesSentence(drift.summary.devices),
    decisions: drift.summary.decisions ?? 0,
    partialWhyNew: partialWhyNow(drift.summary),
    partialWhyOld: partialWhyBefore(drift.summary),
    // Attested controls on either side: a side judged again cannot be judged by its own ODPs (templates/odps-not-recorded.hbs).
    attested: drift.controls.some((c) => c.newBasis?.attestations) || (drift.unchangedBasis ?? []).some((u) => u.newBasis?.attestations),
    regressed: by('regressed'),
    remediated: by('remediated'),
    unverified: by('unverified'),
    newlyAssessed: by('newly-assessed'),
    noLongerAssessed: by('no-longer-assessed'),
    stillFailing: by('still-failing'),
    // In the order the sections list them.
    basis: [
      ...(['regressed', 'remediated', 'unverified', 'newly-assessed', 'still-failing'] as const).flatMap((k) => drift.controls.filter((c) => c.transition === k && c.newBasis && c.new !== undefined)).map(basisRow),
      // Unchanged controls the summary counts as satisfied or partially assessed: qualified alike.
      ...(drift.unchangedBasis ?? []).map((u) => ({ ...newBasisData(u, md), controlId: md(u.controlId), new: `${stateWords(u.state, '')}, unchanged` })),
    ],
    added: drift.devices.filter((d) => d.presence === 'added').map((d) => deviceView(d, named)),
    removed: drift.devices.filter((d) => d.presence === 'removed').map((d) => deviceView(d, named)),
    changed: shown.filter((d) => d.presence === 'both').map((d) => deviceView(d, named)),
    omitted: Math.max(0, drift.devices.length - shown.length),
    // The instant (else the day) before the message, which a long value may shorten.
    due: (drift.dueGroups ?? groupDue(drift.due)).map((g) => ({ ...g, devices: dueDevicesText(g, md), ...(g.checkId !== undefined ? { checkId: md(g.checkId) } : {}), when: md(g.at ?? g.due ?? '—'), message: cell(g.message, Infinity) })),
    unreadable: (drift.unreadable ?? []).map((u) => ({ input: cell(u.input), error: cell(u.error) })),
    ...(trend ? { trend: trendView(trend) } : {}),
    layers: (Object.keys(drift.trend.new.layers) as Layer[]).map((l) => ({ title: LAYER_TITLES[l], old: layerCells(drift.trend.old.layers[l]), new: layerCells(drift.trend.new.layers[l]) })),
  };
  return renderDriftTemplate('drift-markdown', data).replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/** A layer's counts as the CLI summary and the monitoring PDF show them (assess/layer-counts.ts). */
function layerCells(c: LayerCounts): string {
  const share = passShare(c).percent;
  return `${c.pass} / ${c.fail} / ${c.other} | ${share === undefined ? '—' : `${share}%`} | ${c.notApplicable ?? '—'}`;
}
