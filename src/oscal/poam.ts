// OSCAL 1.1.3 plan of action and milestones (poam.json) from an Assessment and, optionally, last
// month's POA&M. Pure: the previous document arrives as text, the clock as `a.now`.
//
// One poam-item per weakness = control x check (a check mapped to two controls is two weaknesses).
// Its uuid is a v5 uuid of the system name and the weakness key, not of the run, so it is the same
// every month; with a previous POA&M it is taken from there. Everything hanging off an item (its
// risk, remediation, milestones, log entries) is a v5 uuid under the item's uuid. See docs/poam.md.
import type { Check, Severity } from '../catalog/types.js';
import { SEVERITIES } from '../catalog/types.js';
import type { AssessedDevice, Assessment } from '../assess/model.js';
import type { ControlFinding } from '../assess/controls.js';
import { isCalendarDate } from '../io/dates.js';
import { UserError } from '../io/errors.js';
import { checkCciProps, controlCciProps } from './cci.js';
import { RefArray, StreamedArray } from '../io/json-stream.js';
import { JsonSelector, type JsonKind, type JsonPath, type JsonSelection } from '../io/json-select.js';
import { streamedEvidenceResources, streamedInventoryItems } from './assessment-results.js';
import { OSCAL_VERSION, oscalString, prop, SSP_FILE, type Json } from './common.js';
import { PROJECT_NAMESPACE, PROJECT_NS, uuidV5 } from './ids.js';
import { jsonPointer } from './rules.js';
import { distinctObservations, observationIndexOf } from './observation-groups.js';
import type { Templates } from './templates.js';

export { POAM_FILE } from './common.js';

export type PoamStatus = 'open' | 'deviation-approved' | 'closed';
export type DeadlineDays = Record<Severity, number>;

/** Days from detection to the deadline, by severity (DoD convention; `--poam-days` changes them). */
export const DEFAULT_DEADLINE_DAYS: DeadlineDays = { 'CAT I': 30, 'CAT II': 90, 'CAT III': 180 };

/** What this builder needs to know of an item of the previous POA&M. */
export interface PreviousItem {
  key: string;
  uuid: string;
  title: string;
  description: string;
  controlId: string;
  checkId: string;
  severity: Severity;
  /** YYYY-MM-DD of the first detection (never changes). */
  firstDetected: string;
  /** YYYY-MM-DD the current episode began (first detection, or the last reopening). */
  detected: string;
  status: PoamStatus;
  closed?: string;
  devices: string[];
  remediation: string;
  /** The risk's log entries, carried forward verbatim: the history of the item. */
  log: Json[];
}

export interface PreviousPoam {
  file: string;
  items: Map<string, PreviousItem>;
}

export interface PoamOptions {
  previous?: PreviousPoam;
  deadlineDays: DeadlineDays;
}

/** One item as decided for this month: also what the PDF's POA&M table shows. */
export interface PoamItemState {
  key: string;
  uuid: string;
  controlId: string;
  checkId: string;
  checkTitle: string;
  severity: Severity;
  status: PoamStatus;
  firstDetected: string;
  detected: string;
  /** YYYY-MM-DD. */
  deadline: string;
  closed?: string;
  reopened: boolean;
  remediation: string;
  /** Devices failing now. */
  failing: string[];
  /** Devices failing now under an approved deviation. */
  deviating: string[];
  /** Devices affected last time that were not shown fixed now (not assessed, or evidence not collected). */
  unverified: string[];
  /** Set for items carried from the previous POA&M whose check is no longer in the catalog. */
  carried?: PreviousItem;
}

const KEY_PROP = 'weakness-key';
const SCHEME = 'control-id:check-id';

export function weaknessKey(controlId: string, checkId: string): string {
  return `${controlId}:${checkId}`;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Deadlines and milestone dates are days; OSCAL wants date-times: the end of that day, UTC. */
function endOfDay(date: string): string {
  return `${date}T23:59:59Z`;
}

/** A uuid under an item's uuid: stable as long as the item's is. */
function under(itemUuid: string, ...parts: string[]): string {
  return uuidV5(parts.join('\u001f'), itemUuid);
}

/** The uuid a new weakness gets: independent of the run, so the same month after month. */
export function newItemUuid(systemName: string, key: string): string {
  return uuidV5(['poam-item', systemName, key].join('\u001f'), PROJECT_NAMESPACE);
}

const PASSED: ReadonlySet<string> = new Set(['pass', 'not-applicable']);

/** Decides every item of this month's POA&M. */
export function planPoam(a: Assessment, opts: PoamOptions): PoamItemState[] {
  const today = a.now.slice(0, 10);
  const checkIndex = new Map(a.checks.map((c, i) => [c.id, i]));
  const checksById = new Map(a.checks.map((c) => [c.id, c]));
  const previous = opts.previous?.items ?? new Map<string, PreviousItem>();

  // Current weaknesses, in finding (control) order then catalog order of checks.
  const current = new Map<string, { controlId: string; check: Check; failing: string[]; deviating: string[] }>();
  for (const f of a.findings) {
    const touch = (checkId: string) => {
      const key = weaknessKey(f.controlId, checkId);
      let w = current.get(key);
      if (!w) current.set(key, (w = { controlId: f.controlId, check: checksById.get(checkId)!, failing: [], deviating: [] }));
      return w;
    };
    for (const x of f.failing) touch(x.checkId).failing.push(x.deviceId);
    for (const x of f.deviations) touch(x.checkId).deviating.push(x.deviceId);
  }

  const items: PoamItemState[] = [];
  const days = (s: Severity) => opts.deadlineDays[s];
  for (const [key, w] of current) {
    const prev = previous.get(key);
    const status: PoamStatus = w.failing.length ? 'open' : 'deviation-approved';
    const reopened = prev?.status === 'closed';
    const firstDetected = prev?.firstDetected ?? today;
    const detected = prev && !reopened ? prev.detected : today;
    items.push({
      key, uuid: prev?.uuid ?? newItemUuid(a.systemName, key), controlId: w.controlId, checkId: w.check.id, checkTitle: w.check.title,
      severity: w.check.severity, status, firstDetected, detected, deadline: addDays(detected, days(w.check.severity)), reopened,
      remediation: w.check.remediation, failing: [...new Set(w.failing)].sort(), deviating: [...new Set(w.deviating)].sort(), unverified: [],
    });
  }
  // Items of the previous POA&M that nothing fails now: closed only if each device affected last
  // time was assessed and passed (or the check no longer applied); otherwise they stay as they were.
  for (const prev of [...previous.values()].sort((x, y) => x.key.localeCompare(y.key))) {
    if (current.has(prev.key)) continue;
    const check = checksById.get(prev.checkId);
    const index = checkIndex.get(prev.checkId);
    const fixed = (d: string) => index !== undefined && PASSED.has(a.outcomes.get(d)?.statuses[index] ?? '');
    const unverified = prev.status === 'closed' ? [] : prev.devices.filter((d) => !fixed(d));
    const severity = check?.severity ?? prev.severity;
    const closed = prev.status === 'closed' ? prev.closed : unverified.length ? undefined : today;
    items.push({
      key: prev.key, uuid: prev.uuid, controlId: prev.controlId, checkId: prev.checkId, checkTitle: check?.title ?? prev.checkId, severity,
      status: closed ? 'closed' : prev.status, firstDetected: prev.firstDetected, detected: prev.detected,
      deadline: addDays(prev.detected, days(severity)), ...(closed ? { closed } : {}), reopened: false,
      remediation: check?.remediation ?? prev.remediation, failing: [], deviating: [], unverified,
      ...(check ? {} : { carried: prev }),
    });
  }
  return items;
}

export interface PoamBuild {
  document: Json;
  items: PoamItemState[];
}

/**
 * The POA&M document. Observations and findings are carried for the affected devices only; the
 * observations are a StreamedArray: write with writeJsonStream (or `materialise` for tests).
 */
export function buildPoam(a: Assessment, templates: Templates, opts: PoamOptions): PoamBuild {
  const items = planPoam(a, opts);
  const ids = a.ids;
  const today = a.now.slice(0, 10);
  const checksById = new Map(a.checks.map((c) => [c.id, c]));
  const devicesById = new Map(a.devices.map((d) => [d.id, d]));
  const findingByControl = new Map(a.findings.map((f) => [f.controlId, f]));
  const previousLog = new Map([...(opts.previous?.items.values() ?? [])].map((p) => [p.key, p.log]));

  // Observations are produced while writing (a StreamedArray): a large fleet's failures are
  // hundreds of thousands of them. Only the pairs are kept until then, once each (a check mapped to
  // two controls is two weaknesses sharing its observations).
  const pairDevices: AssessedDevice[] = [];
  const pairChecks: Check[] = [];
  const seen = new Map<string, Set<string>>(); // check id -> device ids
  const affectedDevices = new Set<string>();
  const observe = (d: AssessedDevice, check: Check): void => {
    let devices = seen.get(check.id);
    if (!devices) seen.set(check.id, (devices = new Set()));
    if (!devices.has(d.id)) {
      devices.add(d.id);
      pairDevices.push(d);
      pairChecks.push(check);
      affectedDevices.add(d.id);
    }
  };
  const checkIndex = new Map(a.checks.map((c, i) => [c.id, i]));
  // The AR's observation of each failing result: grouped by result there, so one here may hold several devices.
  const obsIndex = observationIndexOf(a);
  const observation = (uuid: string, check: Check, devices: readonly AssessedDevice[]): Json => {
    const d = devices[0]!;
    const outcome = a.outcomes.get(d.id);
    const detail = outcome?.details.get(check.id);
    let expires: string | undefined;
    for (const x of devices) {
      const e = a.outcomes.get(x.id)?.details.get(check.id)?.expires;
      if (e !== undefined && (expires === undefined || Date.parse(e) < Date.parse(expires))) expires = e;
    }
    const status = outcome?.statuses[checkIndex.get(check.id)!] ?? 'fail';
    const props = [prop('check-id', check.id), prop('result', status)];
    if (detail) props.push(prop('observed-value', detail.observed), prop('expected-value', detail.expected));
    if (detail?.stale) props.push(prop('evidence-stale', `collected ${d.collectedAt}, older than the accepted evidence age at the assessment`));
    props.push(...checkCciProps(check));
    let description = `${check.title}: ${status}.`;
    if (detail?.deviation) {
      const dv = detail.deviation;
      props.push(prop('deviation', `approved by ${dv.approver} until ${dv.expires}: ${dv.justification}`));
      description += ` Approved deviation (${dv.approver}, until ${dv.expires}): ${dv.justification}.`;
    }
    // The same uuid as in assessment-results.json: this is a copy of that observation, cut down.
    return {
      uuid,
      title: devices.length === 1 ? `${check.id} on ${d.id}` : `${check.id} on ${devices.length} devices`,
      description: oscalString(description),
      props,
      methods: [check.method],
      subjects: devices.map((x) => ({ 'subject-uuid': ids.item(x.id), type: 'inventory-item' })),
      'relevant-evidence': devices.map((x) => ({ href: `#${ids.resource(x.id)}`, description: `Snapshot of ${x.id} collected ${x.collectedAt}.` })),
      collected: devices.reduce((min, x) => (Date.parse(x.collectedAt) < Date.parse(min) ? x.collectedAt : min), d.collectedAt),
      // The earliest expiry of the devices' evidence: the group is no fresher than its oldest.
      ...(expires ? { expires } : {}),
    };
  };

  // What every part of an item needs; its risk, finding and poam-item are made while writing, one
  // at a time (their descriptions and statements are tens of megabytes for a large fleet).
  const plans = items.map((it) => {
    const check = checksById.get(it.checkId);
    const affected = [...it.failing, ...it.deviating];
    const observed = check ? affected.filter((d) => devicesById.has(d)) : [];
    for (const d of observed) observe(devicesById.get(d)!, check!);
    const data = {
      ...it, title: `${it.controlId.toUpperCase()} ${it.checkId}`, open: it.status !== 'closed', deviationOnly: it.status === 'deviation-approved',
      devices: affected, deviceCount: affected.length, days: opts.deadlineDays[it.severity], closedItem: it.status === 'closed',
    };
    return {
      it, check, affected, data,
      /** The uuids of the observations of this item, in device order. */
      obsUuids: () => distinctObservations(obsIndex, observed.map((d) => ({ deviceId: d, checkId: check!.id }))),
      hasObservations: observed.length > 0,
      title: it.carried?.title ?? `${it.controlId.toUpperCase()} ${it.checkTitle}`,
      listed: it.status === 'closed' ? [] : affected.length ? affected : it.unverified,
      riskUuid: under(it.uuid, 'risk'),
      // A failed objective is a weakness: the item's findings target the objectives of its
      // control that its check shows (the control's own objective where the catalog has none).
      targets: weaknessTargets(findingByControl.get(it.controlId), check).map((t) => ({ ...t, findingUuid: ids.run.uuid('poam-finding', it.key, t.targetId) })),
    };
  });
  type Plan = (typeof plans)[number];

  const poamItem = (p: Plan): Json => {
    const { it } = p;
    const itemProps: Json[] = [
      prop(KEY_PROP, it.key), prop('control-id', it.controlId), prop('check-id', it.checkId), prop('severity', it.severity),
      prop('poam-status', it.status), prop('first-detected', it.firstDetected), prop('detected', it.detected), prop('deadline', it.deadline),
    ];
    if (it.closed) itemProps.push(prop('closed', it.closed));
    for (const d of p.listed) itemProps.push(prop('affected-device', d));
    const out: Json = {
      uuid: it.uuid,
      title: oscalString(p.title),
      description: it.carried && it.status === 'closed' ? it.carried.description : templates.render('poam-item', p.data),
      props: itemProps,
    };
    if (p.hasObservations) {
      out['related-findings'] = p.targets.map((t) => ({ 'finding-uuid': t.findingUuid }));
      out['related-observations'] = relatedObservations(p.obsUuids);
    }
    out['related-risks'] = [{ 'risk-uuid': p.riskUuid }];
    return out;
  };

  // The findings of this assessment for the weakness, one per objective it fails: only while something fails.
  const finding = (p: Plan, t: Plan['targets'][number]): Json => {
    const { it } = p;
    return {
      uuid: t.findingUuid,
      title: `${it.controlId.toUpperCase()} ${it.checkId}: ${t.targetId} not satisfied`,
      description: oscalString(`${it.checkId} (${it.checkTitle}) ${it.status === 'open' ? 'failed' : 'failed under an approved deviation'} on ${p.affected.length} device(s) in the assessment of ${today}, so ${t.targetId} is not satisfied.`),
      props: [prop('control-id', it.controlId), prop('check-id', it.checkId), ...(t.targetId !== it.controlId ? [prop('objective-id', t.targetId)] : []), ...controlCciProps(it.controlId, [checksById.get(it.checkId)])],
      target: { type: t.targetType, 'target-id': t.targetId, status: { state: 'not-satisfied', reason: it.status === 'open' ? 'fail' : 'other' } },
      'related-observations': relatedObservations(p.obsUuids),
      'related-risks': [{ 'risk-uuid': p.riskUuid }],
    };
  };

  const risk = (p: Plan): Json => {
    const { it } = p;
    const remediationUuid = under(it.uuid, 'remediation');
    // Milestones: the fix on every device by the deadline, then its verification by re-assessment.
    const done = it.status === 'closed';
    const milestoneProps = (m: string): Json[] => (done ? [prop('milestone-status', 'completed'), prop('completed', it.closed!)] : [prop('milestone-status', m)]);
    const remediation: Json = {
      uuid: remediationUuid,
      lifecycle: done ? 'completed' : 'planned',
      title: oscalString(`Remediate ${it.checkId}`),
      description: oscalString(it.remediation || `Bring ${it.checkId} into compliance.`),
      props: [prop('check-id', it.checkId)],
      tasks: [
        {
          uuid: under(it.uuid, 'milestone', 'remediated', it.detected),
          type: 'milestone',
          title: oscalString(`${it.checkId} remediated on every affected device`),
          props: milestoneProps(it.deadline < today ? 'overdue' : 'planned'),
          timing: { 'within-date-range': { start: `${it.detected}T00:00:00Z`, end: endOfDay(it.deadline) } },
        },
        {
          uuid: under(it.uuid, 'milestone', 'verified', it.detected),
          type: 'milestone',
          title: 'Fix verified: the check passes on every affected device in an automated assessment',
          props: milestoneProps('planned'),
          timing: { 'on-date': { date: endOfDay(done ? it.closed! : it.deadline) } },
        },
      ],
    };
    const log = logEntries(it, previousLog.get(it.key) ?? [], a.now, remediationUuid);
    const out: Json = {
      uuid: p.riskUuid,
      title: oscalString(`${p.title}: ${done ? `closed ${it.closed}` : it.status === 'deviation-approved' ? 'accepted by approved deviation' : `open on ${p.listed.length} device(s)`}`),
      description: oscalString(`${it.checkId} ${done ? 'failed' : 'fails'} for ${it.controlId}; first detected ${it.firstDetected}.`),
      statement: done || !p.hasObservations ? templates.render('poam-item', p.data) : templates.render('risk-statement', riskStatementData(a, it, p.check!)),
      props: [prop('severity', it.severity), prop('control-id', it.controlId), prop('check-id', it.checkId), prop('first-detected', it.firstDetected)],
      status: it.status,
      deadline: endOfDay(it.deadline),
      remediations: [remediation],
      'risk-log': { entries: log },
    };
    if (p.hasObservations) out['related-observations'] = relatedObservations(p.obsUuids);
    return out;
  };

  const affected = a.devices.filter((d) => affectedDevices.has(d.id));
  const body: Json = {
    uuid: uuidV5(['poam', a.runKey, ...items.map((i) => `${i.uuid}:${i.status}`)].join('\u001f'), PROJECT_NAMESPACE),
    metadata: {
      title: `Plan of action and milestones: ${a.systemName}`,
      'last-modified': a.now,
      version: a.now,
      'oscal-version': OSCAL_VERSION,
      props: [prop('generator', `ato-evidence ${a.toolVersion}`), ...(opts.previous ? [prop('previous-poam', opts.previous.file)] : [])],
    },
    'import-ssp': { href: SSP_FILE },
  };
  if (affected.length) body['local-definitions'] = { 'inventory-items': streamedInventoryItems(ids, affected, true) };
  if (pairDevices.length) body.observations = new StreamedArray(function* () {
    const byUuid = new Map<string, { check: Check; devices: AssessedDevice[] }>();
    for (let i = 0; i < pairDevices.length; i++) {
      const u = obsIndex.of(pairDevices[i]!.id, pairChecks[i]!.id);
      const g = byUuid.get(u);
      if (g) g.devices.push(pairDevices[i]!);
      else byUuid.set(u, { check: pairChecks[i]!, devices: [pairDevices[i]!] });
    }
    for (const [u, g] of byUuid) yield observation(u, g.check, g.devices);
  });
  if (plans.length) body.risks = new StreamedArray(function* () {
    for (const p of plans) yield risk(p);
  }, true);
  if (plans.some((p) => p.hasObservations)) body.findings = new StreamedArray(function* () {
    for (const p of plans) if (p.hasObservations) for (const t of p.targets) yield finding(p, t);
  }, true);
  body['poam-items'] = new StreamedArray(function* () {
    for (const p of plans) yield poamItem(p);
  }, true);
  if (affected.length) body['back-matter'] = { resources: streamedEvidenceResources(ids, affected) };
  return { document: { 'plan-of-action-and-milestones': body }, items };
}

/**
 * What a weakness's findings target: the leaf objectives of the control the check names (a failed
 * objective is a weakness), else the control's own objective (a control without objective data).
 */
function weaknessTargets(f: ControlFinding | undefined, check: Check | undefined): Array<{ targetId: string; targetType: 'objective-id' | 'statement-id' }> {
  if (!f) return [];
  const named = (check?.objectives ?? []).filter((o) => f.leaves.includes(o));
  if (named.length) return named.map((targetId) => ({ targetId, targetType: 'objective-id' as const }));
  return [{ targetId: f.targetId, targetType: f.targetType }];
}

/** Streamed: an item failing on a whole fleet relates to thousands of observations, three times over. */
function relatedObservations(uuids: () => readonly string[]): RefArray {
  return new RefArray('observation-uuid', uuids);
}

/** A risk statement names at most this many devices (the related observations list them all). */
const NAMED_IN_STATEMENT = 50;

function riskStatementData(a: Assessment, it: PoamItemState, check: Check) {
  const f = a.findings.find((x) => x.controlId === it.controlId)!;
  const detail = (d: string) => a.outcomes.get(d)?.details.get(it.checkId);
  return {
    controlId: it.controlId,
    title: f.title,
    severity: it.severity,
    failingDevices: it.failing,
    failingByCheck: it.failing.length
      ? [{
        checkId: it.checkId, checkTitle: check.title, remediation: check.remediation,
        devices: it.failing.slice(0, NAMED_IN_STATEMENT).map((d) => ({ deviceId: d, observed: detail(d)?.observed ?? '', expected: detail(d)?.expected ?? '' })),
        more: Math.max(0, it.failing.length - NAMED_IN_STATEMENT),
      }]
      : [],
    deviations: it.deviating.slice(0, NAMED_IN_STATEMENT).map((d) => {
      const dv = detail(d)?.deviation;
      return { deviceId: d, checkId: it.checkId, justification: dv?.justification ?? '', approver: dv?.approver ?? '', expires: dv?.expires ?? '' };
    }),
  };
}

/** The risk's history: last month's entries verbatim, and one entry for what changed now. */
function logEntries(it: PoamItemState, previous: Json[], now: string, remediationUuid: string): Json[] {
  const entries = [...previous];
  const lastStatus = [...previous].reverse().find((e) => typeof e['status-change'] === 'string')?.['status-change'];
  const add = (event: string, title: string, status: PoamStatus) => {
    const uuid = under(it.uuid, 'log', event, now.slice(0, 10));
    if (entries.some((e) => e.uuid === uuid)) return; // the same month assessed twice
    entries.push({ uuid, title, start: now, end: now, 'status-change': status, 'related-responses': [{ 'response-uuid': remediationUuid }] });
  };
  if (!previous.length) add('detected', `Detected by automated assessment${it.status === 'deviation-approved' ? ' (under an approved deviation)' : ''}`, it.status);
  else if (it.reopened) add('reopened', `Reopened: ${it.checkId} fails again`, it.status);
  else if (lastStatus !== it.status) {
    add(it.status, it.status === 'closed' ? `Closed: ${it.checkId} passed on every affected device` : `Status changed to ${it.status}`, it.status);
  }
  return entries;
}

// ---- the previous POA&M ------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is kept of a poam-item of the previous POA&M until the whole file has been read. */
interface ReadItem {
  object: boolean;
  uuid?: string;
  title?: string;
  description?: string;
  /** Values of our own props (ns PROJECT_NS) by name, in document order. */
  ours: Map<string, string[]>;
  riskRef?: string;
}

/** What is kept of a risk of the previous POA&M: its log (the item's history) and remediation. */
interface ReadRisk {
  log: Json[];
  remediation: string;
}

const BODY = 'plan-of-action-and-milestones';

/**
 * Reads last month's POA&M (as written by this tool) from its bytes, in chunks of any size
 * (`write`, then `finish`): only the poam-items and risks are parsed, one at a time, and only what
 * carrying the history forward needs is kept; the observations are checked but not kept (at
 * 10,000 devices they are most of a file of several hundred megabytes). Anything it cannot use
 * is a UserError naming the file and the JSON pointer: carrying a half-understood history forward
 * would be worse. Errors are raised by `finish`, in the order of a check of the whole document,
 * so a file that is not JSON is reported as such whatever else is wrong with it.
 */
export class PreviousPoamReader {
  private readonly parser: JsonSelector;
  private rootKind: JsonKind | undefined;
  private bodyKind: JsonKind | undefined;
  private itemsKind: JsonKind | undefined;
  private risksKind: JsonKind | undefined;
  private items: ReadItem[] = [];
  private risks = new Map<string, ReadRisk>();
  private syntax: Error | undefined;

  constructor(readonly file: string) {
    this.parser = new JsonSelector({ select: (path, kind) => this.select(path, kind), captured: (path, value) => this.captured(path, value) });
  }

  write(chunk: Uint8Array): void {
    if (this.syntax) return;
    try {
      this.parser.write(chunk);
    } catch (e) {
      this.syntax = e as Error;
    }
  }

  finish(): PreviousPoam {
    const file = this.file;
    if (!this.syntax) {
      try {
        this.parser.end();
      } catch (e) {
        this.syntax = e as Error;
      }
    }
    if (this.syntax) throw new UserError(`is not JSON (${this.syntax.message}); --previous-poam needs the poam.json of an earlier assessment`, { file });
    const fail = (path: (string | number)[], message: string): never => {
      throw new UserError(message, { file, where: jsonPointer(path) || '/' });
    };
    if (this.rootKind !== 'object' || this.bodyKind !== 'object') fail([], 'the root must be "plan-of-action-and-milestones" (an OSCAL POA&M); --previous-poam needs the poam.json of an earlier assessment');
    const root = [BODY];
    if (this.itemsKind !== 'array') fail([...root, 'poam-items'], 'must be an array of poam-items');
    if (this.risksKind !== undefined && this.risksKind !== 'array') fail([...root, 'risks'], 'must be an array');
    const items = new Map<string, PreviousItem>();
    this.items.forEach((item, i) => {
      const at = [...root, 'poam-items', i];
      if (!item.object) fail(at, 'must be an object');
      const ours = (name: string) => item.ours.get(name) ?? [];
      const one = (name: string, pattern?: { test(s: string): boolean }): string => {
        const v = ours(name)[0];
        if (v === undefined) fail([...at, 'props'], `no "${name}" prop (ns ${PROJECT_NS}): this poam-item was not written by ato-evidence, so its history cannot be carried forward`);
        if (pattern && !pattern.test(v!)) fail([...at, 'props'], `the "${name}" prop "${v}" is not valid`);
        return v!;
      };
      const key = one(KEY_PROP, /^[^:\s]+:[^:\s]+$/);
      if (items.has(key)) fail([...at, 'props'], `weakness ${key} appears twice`);
      const uuid = item.uuid !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(item.uuid) ? item.uuid : fail([...at, 'uuid'], 'must be a uuid');
      const date = { test: isCalendarDate };
      const status = one('poam-status', /^(open|deviation-approved|closed)$/) as PoamStatus;
      const severity = one('severity');
      if (!(SEVERITIES as readonly string[]).includes(severity)) fail([...at, 'props'], `the "severity" prop "${severity}" is not one of ${SEVERITIES.join(', ')}`);
      const [controlId, checkId] = key.split(':') as [string, string];
      const risk = item.riskRef !== undefined ? this.risks.get(item.riskRef) : undefined;
      items.set(key, {
        key, uuid, controlId, checkId,
        title: item.title ?? key,
        description: item.description ?? key,
        severity: severity as Severity,
        firstDetected: one('first-detected', date),
        detected: one('detected', date),
        status,
        ...(status === 'closed' ? { closed: one('closed', date) } : {}),
        devices: ours('affected-device'),
        remediation: risk?.remediation ?? '',
        log: risk?.log ?? [],
      });
    });
    return { file, items };
  }

  private select(path: JsonPath, kind: JsonKind): JsonSelection {
    switch (path.length) {
      case 0:
        this.rootKind = kind;
        return kind === 'object' ? 'descend' : 'skip';
      case 1:
        if (path[0] !== BODY) return 'skip';
        // A repeated key: JSON.parse keeps the last one, and so does this.
        this.bodyKind = kind;
        this.itemsKind = this.risksKind = undefined;
        this.items = [];
        this.risks = new Map();
        return kind === 'object' ? 'descend' : 'skip';
      case 2:
        if (path[1] === 'poam-items') {
          this.itemsKind = kind;
          this.items = [];
        } else if (path[1] === 'risks') {
          this.risksKind = kind;
          this.risks = new Map();
        } else {
          return 'skip';
        }
        return kind === 'array' ? 'descend' : 'skip';
      default:
        return 'capture'; // an element of poam-items or risks
    }
  }

  private captured(path: JsonPath, value: unknown): void {
    if (path[1] === 'poam-items') this.items.push(readItem(value));
    else if (isObj(value) && typeof value.uuid === 'string') this.risks.set(value.uuid, readRisk(value));
  }
}

function readItem(raw: unknown): ReadItem {
  const ours = new Map<string, string[]>();
  if (!isObj(raw)) return { object: false, ours };
  for (const p of Array.isArray(raw.props) ? raw.props : []) {
    if (!isObj(p) || p.ns !== PROJECT_NS || typeof p.name !== 'string') continue;
    const name = p.name;
    const list = ours.get(name);
    if (list) list.push(String(p.value));
    else ours.set(name, [String(p.value)]);
  }
  const riskRef = Array.isArray(raw['related-risks']) && isObj(raw['related-risks'][0]) ? raw['related-risks'][0]['risk-uuid'] : undefined;
  return {
    object: true,
    ...(typeof raw.uuid === 'string' ? { uuid: raw.uuid } : {}),
    ...(typeof raw.title === 'string' ? { title: raw.title } : {}),
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    ours,
    ...(typeof riskRef === 'string' ? { riskRef } : {}),
  };
}

function readRisk(risk: Obj): ReadRisk {
  const log = isObj(risk['risk-log']) && Array.isArray(risk['risk-log'].entries) ? (risk['risk-log'].entries as unknown[]).filter(isObj) : [];
  const remediation = Array.isArray(risk.remediations) && isObj(risk.remediations[0]) ? String(risk.remediations[0].description ?? '') : '';
  return { log: log as Json[], remediation };
}

/** Reads last month's POA&M from its whole text (see PreviousPoamReader). */
export function parsePreviousPoam(text: string, file: string): PreviousPoam {
  const reader = new PreviousPoamReader(file);
  reader.write(Buffer.from(text, 'utf8'));
  return reader.finish();
}

/** "CAT I=30,CAT II=90,CAT III=180" (any subset; the rest keep their defaults). */
export function parseDeadlineDays(spec: string, option = '--poam-days'): DeadlineDays {
  const out: DeadlineDays = { ...DEFAULT_DEADLINE_DAYS };
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(CAT\s*(?:I{1,3}))\s*=\s*(\d+)$/i.exec(part);
    const sev = m ? (`CAT ${m[1]!.replace(/^CAT\s*/i, '').toUpperCase()}` as Severity) : undefined;
    if (!m || !sev || !(SEVERITIES as readonly string[]).includes(sev)) {
      throw new UserError(`${option}: "${part}" is not SEVERITY=DAYS; expected e.g. "CAT I=30,CAT II=90,CAT III=180"`, { exitCode: 2 });
    }
    const n = Number(m[2]);
    if (n < 1 || n > 3650) throw new UserError(`${option}: ${sev} must be between 1 and 3650 days; got ${m[2]}`, { exitCode: 2 });
    out[sev] = n;
  }
  return out;
}
