// One OSCAL observation per device and check. Pure. Serialised as soon as a device is evaluated
// (`serializeObservations`), so a large fleet's results need not be held until the end.
import type { Check } from '../catalog/types.js';
import type { CheckResult } from '../evaluate/evaluate-check.js';
import { stringifyAt } from '../io/json-stream.js';
import { dayFirstEndUtc } from '../io/dates.js';
import type { AssessedDevice } from '../assess/model.js';
import { prop, type Json } from './common.js';
import type { RunIds } from './run-ids.js';
import { checkCciProps } from './cci.js';
import { NOT_DEFINED, originKind, paramValueText } from '../params/resolve.js';
import { asSentence, type PlainWording } from '../evaluate/plain-wording.js';

/** Indentation of an observation in assessment-results.json (document > AR > results[] > result > observations[]). */
export const OBSERVATION_INDENT = 10;

/**
 * "id = value (origin)": `whole` gives the origin with the catalog's basis (the result's own
 * `parameter` props, once per run), otherwise its kind alone (each observation's).
 */
export function paramText(p: CheckResult['params'][number], whole = false): string {
  const origin = whole ? p.source : originKind(p.source);
  const value = paramValueText(p);
  // A value no one defined is its origin: "(not defined by the organisation) (not defined by the
  // organisation; basis: …)" said it twice. The origin alone, bracketed as a value, keeps "id = v (origin)"'s shape for wholeParamText.
  if (value === `(${NOT_DEFINED})` && originKind(p.source) === NOT_DEFINED) return `${p.id} = (${origin})`;
  return `${p.id} = ${value} (${origin})`;
}

/**
 * The whole text of an observation's `parameter` prop, from its result's `parameter` props (by
 * id): a default's basis is stated once per result. A text already whole (a package written
 * before, an override) is returned as it is.
 */
export function wholeParamText(text: string, wholeById: ReadonlyMap<string, string>): string {
  const whole = wholeById.get(text.slice(0, text.indexOf(' = ')));
  // "id = v (default)" is whole as "id = v (default; basis: …)" (or, written before, "(default (…))").
  return whole !== undefined && whole !== text && (whole.startsWith(`${text.slice(0, -1)}; `) || whole.startsWith(`${text.slice(0, -1)} (`)) ? whole : text;
}

/** The first list index in a pointer: "/0" in "/audit/subcategories/0/success". */
const FIRST_INDEX = /\/(\d+)(?=\/|$)/;

/**
 * Pointers for a person, the items of a list folded: "/audit/subcategories/{0,1,2}/success"
 * rather than one pointer per item (a check over a list reads every item).
 */
export function compactPointers(pointers: readonly string[]): string {
  type Group = { head: string; tail: string; indexes: string[] };
  const groups = new Map<string, Group>();
  const out: Array<string | Group> = [];
  for (const p of pointers) {
    const m = FIRST_INDEX.exec(p);
    if (!m) {
      out.push(p);
      continue;
    }
    const head = p.slice(0, m.index);
    const tail = p.slice(m.index + m[0].length);
    const key = `${head}\u0000${tail}`;
    const g = groups.get(key);
    if (g) g.indexes.push(m[1]!);
    else {
      const ng = { head, tail, indexes: [m[1]!] };
      groups.set(key, ng);
      out.push(ng);
    }
  }
  return out.map((x) => (typeof x === 'string' ? x : x.indexes.length === 1 ? `${x.head}/${x.indexes[0]}${x.tail}` : `${x.head}/{${x.indexes.join(',')}}${x.tail}`)).join(', ');
}

/** A folded list index as compactPointers writes it: "/{0,1,2}". */
const FOLDED = /\/\{(\d+(?:,\d+)+)\}(?=\/|$)/;

/**
 * compactPointers read back: "/a/{0,1}/b, /c" → ["/a/0/b", "/a/1/b", "/c"]. Each folded list
 * comes back item by item where it stood; a check that read several lists interleaved (item 0 of
 * both, then item 1) comes back list by list. A pointer whose own text holds ", " cannot be told
 * apart from two pointers.
 */
export function expandPointers(compact: string): string[] {
  if (!compact) return [];
  return compact.split(', ').flatMap((p) => {
    const m = FOLDED.exec(p);
    if (!m) return [p];
    const head = p.slice(0, m.index);
    const tail = p.slice(m.index + m[0].length);
    return m[1]!.split(',').map((i) => `${head}/${i}${tail}`);
  });
}

/** The `source-file` text of a value's provenance ("pointer: file (location)"): the observation's prop and the checklists' "Source:" line. */
export function sourceFileText(p: { pointer: string; file: string; location?: string }): string {
  return `${p.pointer}: ${p.file}${p.location ? ` (${p.location})` : ''}`;
}

/** A device's evidence-stale prop: its own collection time (results.csv's evidence_stale says the same). */
export function evidenceStaleText(collectedAt: string): string {
  return `collected ${collectedAt}, older than the accepted evidence age at the assessment`;
}

/** A result's expired-deviation prop: the deviation that no longer applies (results.csv's deviation_expired says the same). */
export function expiredDeviationText(d: { approver: string; expires: string }): string {
  // The day has no zone: the deviation lapsed when it ended at UTC+14:00 (applyDeviations), said so
  // because in the hours after that the day still lasts west of it.
  return `expired ${d.expires} (that day ended at UTC+14:00, ${dayFirstEndUtc(d.expires)}; approved by ${d.approver}); no longer applies`;
}

/**
 * The approved deviation as the observation's description and its POA&M copy both say it. A
 * justification usually ends with its own full stop; one stop, not two.
 */
export function approvedDeviationText(d: { approver: string; expires: string; justification: string }): string {
  return ` Approved deviation (${d.approver}, until ${d.expires}): ${asSentence(d.justification)}`;
}

/**
 * The part of a device's observation that is not per device: description, props, methods and
 * origins, in the observation's own member order (they stand together in it). The grouped
 * observation's key (observation-groups.ts) is this part, built without the uuids, title, subject
 * and evidence it would leave out.
 */
export function observationShared(r: CheckResult, check: Check, device: AssessedDevice, actors?: Json[], plain?: PlainWording): Json {
  const props: Json[] = [
    prop('check-id', check.id),
    prop('layer', check.layer),
    prop('result', r.status),
    prop('observed-value', r.observed),
    prop('expected-value', r.expected),
    ...checkCciProps(check),
  ];
  for (const p of r.params) props.push(prop('parameter', paramText(p)));
  if (r.deviation) props.push(prop('deviation', `approved by ${r.deviation.approver} until ${r.deviation.expires}: ${r.deviation.justification}`));
  if (r.expiredDeviation) props.push(prop('expired-deviation', expiredDeviationText(r.expiredDeviation)));
  if (r.missing.length) props.push(prop('not-collected', r.missing.join(', ')));
  if (r.reason) props.push(prop('not-collected-reason', r.reason));
  if (r.stale) props.push(prop('evidence-stale', evidenceStaleText(device.collectedAt)));
  if (r.lapsedAt) props.push(prop('lapsed', r.lapsedAt));
  for (const i of r.intended ?? []) props.push(prop('intended-value', `${i.pointer}: ${typeof i.value === 'string' ? i.value : JSON.stringify(i.value)} per ${i.file}${i.location ? ` (${i.location})` : ''}, SHA-256 ${i.sha256}; the effective value decides`));
  let description = `${check.title}: ${r.status}.`;
  if (r.reason) description += ` ${r.reason.charAt(0).toUpperCase()}${r.reason.slice(1)}.`;
  // The same plain wording as the PDF (controls/check-wording.yaml); the props keep the raw values.
  const words = plain?.describe(check, r);
  if (words) description += ` ${words.found} Required: ${words.required}.${r.status === 'fail' || r.status === 'deviation' ? ` Change it in: ${words.where}.` : ''}`;
  if (r.deviation) description += approvedDeviationText(r.deviation);
  if (r.expiredDeviation) description += ` A deviation existed but expired on ${r.expiredDeviation.expires}; it no longer applies.`;
  return {
    description,
    props,
    methods: [check.method],
    // The tool read the configuration; the assessor answers for it (oscal/assessors.ts).
    ...(actors?.length ? { origins: [{ actors }] } : {}),
  };
}

/** Where the values were read, as the evidence's description states them: "(none)" where none. */
export function valuesReadText(r: CheckResult): string {
  return r.pointers.length ? compactPointers(r.pointers) : '(none)';
}

export function observation(r: CheckResult, check: Check, device: AssessedDevice, ids: RunIds, actors?: Json[], plain?: PlainWording): Json {
  const evidence: Json = {
    href: `#${ids.resource(device.id)}`,
    description: `Snapshot of ${device.id} collected ${device.collectedAt}; values at ${valuesReadText(r)}.`,
  };
  if (r.provenance.length) {
    evidence.props = r.provenance.flatMap((p) => [
      prop('source-file', sourceFileText(p)),
      prop('source-sha256', `${p.pointer}: ${p.sha256}`),
    ]);
  }
  return {
    uuid: ids.observation(device.id, check.id),
    title: `${check.id} on ${device.id}`,
    ...observationShared(r, check, device, actors, plain),
    subjects: [{ 'subject-uuid': ids.item(device.id), type: 'inventory-item' }],
    'relevant-evidence': [evidence],
    collected: device.collectedAt,
    ...(r.expires ? { expires: r.expires } : {}),
  };
}

/**
 * A device's observations as text for the observations array: items joined by ",\n" and the
 * indentation, without the first item's indentation. Handed to `write` piece by piece.
 */
export function serializeObservations(results: readonly CheckResult[], checks: readonly Check[], device: AssessedDevice, ids: RunIds, write: (text: string) => void, actors?: Json[], plain?: PlainWording): void {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const separator = ',\n' + ' '.repeat(OBSERVATION_INDENT);
  let first = true;
  for (const r of results) {
    const check = byId.get(r.checkId);
    if (!check) continue;
    if (!first) write(separator);
    write(stringifyAt(observation(r, check, device, ids, actors, plain), OBSERVATION_INDENT)!);
    first = false;
  }
}
