// Wording of drift.md and the monitoring report: templates/drift-*.hbs and pdf-monitoring-*.hbs.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { ControlTransition, Drift, DueGroup } from './types.js';
import { partialWhyText } from '../assess/controls.js';
import { expiredDeviationText } from '../oscal/observations.js';

const DIR = new URL('../../templates/', import.meta.url);

export type DriftTemplate = 'drift-markdown' | 'pdf-monitoring-labels' | 'pdf-monitoring-cover' | 'new-basis';

let hb: typeof Handlebars | undefined;
const cache = new Map<string, Handlebars.TemplateDelegate>();

export function renderDriftTemplate(name: DriftTemplate, data: object): string {
  hb ??= (() => {
    const h = Handlebars.create();
    h.registerHelper('join', (list: unknown) => (Array.isArray(list) ? list.join(', ') : ''));
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    // The sentences assess's finding and the PDF say of a control (src/oscal/templates.ts PARTIALS), word for word.
    for (const name of ['odps-undefined', 'check-in-part', 'odps-not-recorded', 'odps-own']) h.registerPartial(name, readFileSync(new URL(`${name}.hbs`, DIR), 'utf8').trim());
    // What a control's new state rests on: drift.md and the monitoring PDF alike (its comment trimmed, not its leading space).
    h.registerPartial('new-basis', readFileSync(new URL('new-basis.hbs', DIR), 'utf8').replace(/^\{\{!--[\s\S]*?--\}\}\n/, '').replace(/\n$/, ''));
    return h;
  })();
  let t = cache.get(name);
  if (!t) {
    t = hb.compile(readFileSync(new URL(`${name}.hbs`, DIR), 'utf8'), { noEscape: true, strict: false });
    cache.set(name, t);
  }
  return t(data);
}

/** Labels ("key = text" lines, {name} placeholders) from a template rendered with `base`. */
export function driftLabels(name: DriftTemplate, base: object = {}): (key: string, values?: Record<string, string | number>) => string {
  const labels = new Map<string, string>();
  for (const raw of renderDriftTemplate(name, base).split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`templates/${name}.hbs: expected "key = text", got "${line}"`);
    labels.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return (key, values) => {
    const text = labels.get(key);
    if (text === undefined) throw new Error(`templates/${name}.hbs: no label "${key}"`);
    return values ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m)) : text;
  };
}

/**
 * The data of templates/new-basis.hbs for a control with a new basis (drift.json's newBasis), each
 * text passed through `text` (drift.md escapes it for a Markdown line, the PDF cleans it).
 */
export function newBasisData(t: Pick<ControlTransition, 'controlId' | 'newBasis'>, text: (s: string) => string) {
  const b = t.newBasis ?? {};
  return {
    controlId: text(t.controlId),
    attestations: b.attestations ?? 0,
    reviewerUnconfirmed: b.reviewerUnconfirmed === true,
    undefinedOdps: (b.undefinedOdps ?? []).map(text),
    undefinedOdpNames: (b.undefinedOdpNames ?? b.undefinedOdps ?? []).map(text),
    inPart: (b.inPart ?? []).map((x) => ({ id: text(x.checkId), why: text(x.why) })),
  };
}

/** What a control's new state rests on besides check results, in the words drift.md uses ("" when nothing). */
export function newBasisSentence(t: Pick<ControlTransition, 'controlId' | 'newBasis'>, text: (s: string) => string): string {
  return t.newBasis ? renderDriftTemplate('new-basis', newBasisData(t, text)).trim() : '';
}

/**
 * A responsible device/check pair as drift.md and the monitoring PDF list it: "MR-01/FW-ENABLED
 * (fail → fail)", and for a fail whose deviation has expired the AR's own words
 * (expired-deviation, results.csv's deviation_expired): "...; deviation expired 2026-10-01
 * (approved by J. Doe); no longer applies)". `text` escapes a text of the input for the format.
 */
export function responsiblePairText(r: ControlTransition['responsible'][number], text: (s: string) => string): string {
  const expired = r.expiredDeviation ? `; deviation ${expiredDeviationText({ approver: text(r.expiredDeviation.approver), expires: text(r.expiredDeviation.expires) })}` : '';
  return `${text(r.deviceId)}/${text(r.checkId)} (${r.old ?? '—'} → ${r.new ?? '—'}${expired})`;
}

/**
 * An attested control's ODPs, or one whose checks show a selection objective differently, one side's
 * run defined and the other's did not (drift.json's odpsChanged), as drift.md's and the monitoring PDF's responsible cell name that cause.
 */
export function odpsChangedTexts(t: Pick<ControlTransition, 'odpsChanged'>, text: (s: string) => string): string[] {
  const c = t.odpsChanged;
  if (!c) return [];
  const L = driftLabels('pdf-monitoring-labels');
  // Why they move it: what a check's pass shows of a selection objective (shownByChecks), an attestation, or both.
  const key = c.shownByChecks ? 'shown' : 'attested';
  const attested = c.shownByChecks && c.attested ? L('shown.attested') : '';
  return [
    ...(c.definedOnlyOld.length ? [L(`${key}.odps-old`, { odps: c.definedOnlyOld.map(text).join(', '), attested })] : []),
    ...(c.definedOnlyNew.length ? [L(`${key}.odps-new`, { odps: c.definedOnlyNew.map(text).join(', '), attested })] : []),
    ...(c.definedOtherwise?.length ? [L('shown.odps-otherwise', { odps: c.definedOtherwise.map(text).join(', '), attested })] : []),
  ];
}

/** How many responsible pairs of a control drift.md and the monitoring PDF show (the rest counted). */
export const RESPONSIBLE_SHOWN = 12;

/**
 * A control's responsible pairs as both reports list them: the first RESPONSIBLE_SHOWN (those with an
 * expired deviation come first, drift/compute.ts), then "and N more" for the rest drift.json counts.
 */
export function responsiblePairsText(t: Pick<ControlTransition, 'responsible' | 'responsibleTotal'>, text: (s: string) => string): string {
  const shown = t.responsible.slice(0, RESPONSIBLE_SHOWN).map((r) => responsiblePairText(r, text));
  const more = (t.responsibleTotal ?? t.responsible.length) - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/**
 * A control state as drift.md and the monitoring PDF write it, in the words of the CLI summary and
 * the evidence PDF ("not satisfied", "partially assessed"), never the OSCAL token ("not-satisfied",
 * "partial") beside prose. `absent`: the words for a side where the control was not assessed.
 */
export function controlStateWords(s: string | undefined, absent: string): string {
  return s === undefined ? absent : s === 'partial' ? 'partially assessed' : s === 'not-satisfied' ? 'not satisfied' : s;
}

/** How many devices of a "What comes due" row drift.md and the monitoring PDF name (drift.json's `dueGroups` has them all). */
export const DUE_DEVICES_SHOWN = 20;

/**
 * The devices of a row of "What comes due" as drift.md and the monitoring PDF name them: the one
 * device, or "3 devices: CT-01, MR-01, MR-02" (the first DUE_DEVICES_SHOWN, then "and N more").
 */
export function dueDevicesText(g: Pick<DueGroup, 'devices' | 'count'>, text: (s: string) => string): string {
  if (g.count === 1) return text(g.devices[0]!);
  const shown = g.devices.slice(0, DUE_DEVICES_SHOWN).map(text).join(', ');
  const more = g.count - Math.min(g.count, DUE_DEVICES_SHOWN);
  return `${g.count} devices: ${shown}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * The devices that changed, as the terminals, drift.md and the monitoring PDF say them: "2 changed",
 * or "2 changed, 1 of them only by the clock" ("1 changed, only by the clock") where some moved with time alone
 * (summary.devices.byClock), so a lapsed pass is not read as a console whose configuration changed.
 */
export function devicesChangedText(d: Drift['summary']['devices']): string {
  return `${d.changed} changed${d.byClock ? `, ${d.byClock === d.changed ? (d.changed === 1 ? "only" : "all only") : `${d.byClock} of them only`} by the clock` : ''}`;
}

/**
 * The devices compared, changed and unchanged, new and missing, in one sentence drift.md and the
 * monitoring PDF's cover both print: "3 compared (1 changed; 2 unchanged), 0 new, 0 missing from the
 * new run" (the changed count's own words may hold a comma, hence the semicolon inside).
 */
export function devicesSentence(d: Drift['summary']['devices']): string {
  return `${d.compared} compared (${devicesChangedText(d)}; ${d.unchanged} unchanged), ${d.added} new, ${d.removed} missing from the new run`;
}

/**
 * Why NEW's partially assessed controls are so, in the words of assess's result (partialWhyText):
 * '' for a drift written before it counted them, whose sentence then names no reason.
 */
export function partialWhyNow(s: Drift['summary']): string {
  return s.controls.partialWhysNew ? partialWhyText(s.controls.partialWhysNew, s.controls.partialNew ?? 0) : '';
}

/** The same of OLD's partially assessed controls: '' for a drift written before it counted them, or none partial. */
export function partialWhyBefore(s: Drift['summary']): string {
  return s.controls.partialWhysOld ? partialWhyText(s.controls.partialWhysOld, s.controls.partialOld ?? 0) : '';
}
