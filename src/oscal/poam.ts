// OSCAL 1.1.3 plan of action and milestones (poam.json) from an Assessment and, optionally, last
// month's POA&M. Pure: the previous document arrives as text, the clock as `a.now`.
//
// One poam-item per weakness (oscal/weaknesses.ts): a failing check across its controls and
// devices, a lapsed attestation, or an objective whose evidence was not collected. The item's uuid
// is a v5 uuid of the system name and the weakness key, not of the run, so it is the same every
// month; with a previous POA&M it is taken from there. Its risk (a uuid under the item's) is the
// SAME risk, with the same uuid and content, in assessment-results.json (`riskJson` builds both).
// First detected is the collection time of the earliest snapshot showing the weakness (last
// month's POA&M, the older snapshots given to assess), never the run's clock. See docs/poam.md.
import type { Check, Severity } from '../catalog/types.js';
import { SEVERITIES } from '../catalog/types.js';
import type { CheckStatus, DeviationRecord } from '../evaluate/evaluate-check.js';
import type { AssessedDevice, Assessment, DeviceOutcome } from '../assess/model.js';
import { PlainWording } from '../evaluate/plain-wording.js';
import { compareControlIds, type ControlFinding } from '../assess/controls.js';
import { compareTimes, dayFirstEnd, dayFirstStart, dayIsOver, instantMs, isCalendarDate, isCalendarDateTime, utcDay } from '../io/dates.js';
import { UserError } from '../io/errors.js';
import { inputFileName } from '../io/display-path.js';
import { checkCciProps, controlCciProps } from './cci.js';
import { RawJson, RefArray, StreamedArray } from '../io/json-stream.js';
import { JsonSelector, type JsonKind, type JsonPath, type JsonSelection } from '../io/json-select.js';
import { metadata as documentMetadata, streamedEvidenceResources } from './document-parts.js';
import { automatedActors, toolComponent } from './assessors.js';
import { OSCAL_VERSION, oscalString, prop, SSP_FILE, type Json } from './common.js';
import { PROJECT_NAMESPACE, PROJECT_NS, uuidV5 } from './ids.js';
import { jsonPointer } from './rules.js';
import { distinctObservations, observationIndexOf } from './observation-groups.js';
import { approvedDeviationText, expiredDeviationText } from './observations.js';
import type { Templates } from './templates.js';
import { findingUuidOf, weaknessesOf, weaknessHasObservations, weaknessObservationUuids, WEAKNESS_KINDS, type FindingTarget, type Weakness, type WeaknessKind } from './weaknesses.js';
import { attestationObservation, attestationResources, attesterParties } from './attestations.js';
import { attestationCounts } from '../attest/attestations.js';
import { riskLevels, type Level } from '../catalog/risk-matrix.js';

export { POAM_FILE } from './common.js';

export type PoamStatus = 'open' | 'deviation-approved' | 'closed';
export type DeadlineDays = Record<Severity, number>;

/** Days from detection to the deadline, by severity (DoD convention; `--poam-days` changes them). */
export const DEFAULT_DEADLINE_DAYS: DeadlineDays = { 'CAT I': 30, 'CAT II': 90, 'CAT III': 180 };

/** What this builder needs to know of an item of the previous POA&M. */
export interface PreviousItem {
  key: string;
  uuid: string;
  kind: WeaknessKind;
  /** The check id, attested control or objective id. */
  subject: string;
  title: string;
  description: string;
  /** Every control it listed. */
  controls: string[];
  /** The first of `controls` (what a single-control reader shows). */
  controlId: string;
  /** Its check, for a check weakness; '' otherwise. */
  checkId: string;
  severity: Severity;
  /** YYYY-MM-DD of the first detection (never changes). */
  firstDetected: string;
  /** YYYY-MM-DD the current episode began (first detection, or the last reopening). */
  detected: string;
  status: PoamStatus;
  closed?: string;
  devices: string[];
  /** A closed item's devices the weakness was on when it was closed (its `closed-device` props). */
  closedDevices: string[];
  remediation: string;
  /** The risk's log entries, carried forward verbatim: the history of the item. */
  log: Json[];
  /** uuids of items of an older POA&M this one absorbed (control × check items collapsed into one weakness). */
  absorbed: string[];
}

export interface PreviousPoam {
  file: string;
  items: Map<string, PreviousItem>;
}

/** Older snapshots of a device that assess was given: what each showed, for first-detected. */
export interface DeviceHistory {
  collectedAt: string;
  statuses: readonly CheckStatus[];
}

export interface PoamOptions {
  previous?: PreviousPoam;
  deadlineDays: DeadlineDays;
  /** Per device, the older snapshots evaluated (any order). */
  history?: ReadonlyMap<string, readonly DeviceHistory[]>;
  /** Relevance of threat for the risk matrix (docs/poam.md); default Moderate. */
  relevance?: Level;
}

/** One item as decided for this month: also what the PDF's POA&M table shows. */
export interface PoamItemState {
  key: string;
  uuid: string;
  /** The risk's uuid: the same in assessment-results.json and poam.json. */
  riskUuid: string;
  kind: WeaknessKind;
  subject: string;
  /** Every control the weakness touches (finding order). */
  controls: string[];
  /** controls[0]. */
  controlId: string;
  /** The check, for a check weakness; '' otherwise. */
  checkId: string;
  /** What the weakness is, short ("DICOM-TLS: DICOM associations use TLS"). */
  checkTitle: string;
  severity: Severity;
  status: PoamStatus;
  firstDetected: string;
  detected: string;
  /** YYYY-MM-DD: by severity from `detected`, or the deviation's expiry when accepted. */
  deadline: string;
  closed?: string;
  reopened: boolean;
  /**
   * A reopened item whose failing evidence was all collected before the previous POA&M closed it:
   * the newest day of that evidence and the closure. `detected` is then this assessment's day.
   * An attestation item's evidence is the attestation, not a collection: `attestation` says which
   * (lapsed, awaiting review), and `collected` is then its own day (when it lapsed, when it was made).
   */
  reopenedOn?: { collected: string; closed: string; attestation?: 'lapsed' | 'awaiting-review' };
  remediation: string;
  /** Devices failing now. */
  failing: string[];
  /** Devices failing now under an approved deviation. */
  deviating: string[];
  /** The deviations in force. */
  deviations: DeviationRecord[];
  /** Devices affected last time that were not shown fixed now (not assessed, or evidence not collected). */
  unverified: string[];
  /** uuids of older items this one absorbed. */
  absorbed: string[];
  /** The current weakness (absent for an item only carried from the previous POA&M). */
  weakness?: Weakness;
  /** Set for items carried from the previous POA&M that nothing shows now. */
  carried?: PreviousItem;
  /** A carried attestation item left open: no attestation of its control counts in this assessment. */
  unattested?: true;
}

const KEY_PROP = 'weakness-key';

/** The weakness key of a check (the POA&M's item key). */
export function weaknessKey(checkId: string): string {
  return `check:${checkId}`;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Deadlines and milestone dates are days with no zone; OSCAL wants date-times. One rule for every
 * day that ends something (severity deadlines, accepted deviations, attestations, drift's due
 * list): the day's first end anywhere, at UTC+14:00 (dates.ts dayFirstEnd). A deadline written at
 * UTC's end would call an item on time 14 hours after its day was over east of UTC.
 */
const endOfDay = dayFirstEnd;

/** A uuid under an item's uuid: stable as long as the item's is. */
function under(itemUuid: string, ...parts: string[]): string {
  return uuidV5(parts.join('\u001f'), itemUuid);
}

/** The uuid a new weakness gets: independent of the run, so the same month after month. */
export function newItemUuid(systemName: string, key: string): string {
  return uuidV5(['poam-item', systemName, key].join('\u001f'), PROJECT_NAMESPACE);
}

/** The risk of an item: the same uuid in the assessment results and the POA&M. */
export function riskUuidOf(itemUuid: string): string {
  return under(itemUuid, 'risk');
}

const PASSED: ReadonlySet<string> = new Set(['pass', 'not-applicable']);
const FAILED: ReadonlySet<string> = new Set(['fail', 'deviation']);
const minDate = (...dates: Array<string | undefined>): string => dates.filter((d): d is string => !!d).sort()[0] ?? '';

/**
 * When the weakness began, from the older snapshots of the devices it affects: `detected` is the
 * start of the current unbroken run of snapshots showing it (the earliest over its devices),
 * `first` the earliest snapshot ever showing it. Dates (YYYY-MM-DD) of collection times.
 *
 * A reopened item (`closed`: the day the previous POA&M closed it) was detected again at the
 * earliest by evidence collected on or after that day: a snapshot older than the closure shows
 * the weakness before it was closed, not its return. When nothing showing it was collected since
 * the closure (an older snapshot assessed again), it was detected again by this assessment
 * (`today`), and `collectedBefore` is the newest day of that older evidence, for the documents to say so.
 */
function historyOf(
  w: Weakness, checkIndex: ReadonlyMap<string, number>, history: ReadonlyMap<string, readonly DeviceHistory[]> | undefined,
  collectedDay: ReadonlyMap<string, string>, closed: string | undefined, today: string,
): { detected: string; first: string; collectedBefore?: string } {
  const shown = utcDay(w.shownSince);
  const counts = (day: string) => !closed || day >= closed;
  const devices = [...w.failing, ...w.deviating];
  // The current evidence's days: each device's own collection (shownSince is only the earliest).
  const current = w.kind === 'attestation' || !devices.length ? [shown] : devices.map((d) => collectedDay.get(d) ?? shown);
  let first = minDate(...current);
  let detected = minDate(...current.filter(counts));
  if (history && w.kind !== 'attestation') {
    const indexes = (w.kind === 'check' ? [w.checkId!] : w.missingChecks).map((c) => checkIndex.get(c)).filter((i): i is number => i !== undefined);
    const shows = (s: readonly CheckStatus[]) => indexes.some((i) => (w.kind === 'check' ? FAILED.has(s[i] ?? '') : s[i] === 'not-collected'));
    for (const d of devices) {
      // Newest first, by instant (text order is wrong across offsets).
      const older = [...(history.get(d) ?? [])].sort((x, y) => compareTimes(y.collectedAt, x.collectedAt));
      let unbroken = counts(collectedDay.get(d) ?? shown);
      for (const h of older) {
        const day = utcDay(h.collectedAt);
        if (shows(h.statuses)) {
          first = minDate(first, day);
          if (unbroken && counts(day)) detected = minDate(detected, day);
        } else unbroken = false;
      }
    }
  }
  if (detected) return { detected, first };
  return { detected: today, first, collectedBefore: [...current].sort().pop()! };
}

/**
 * Why an item is reopened on evidence older than its closure. An attestation's day is its own (the
 * day it lapsed, the day it was made), which the documents word as an attestation's, never as a collection.
 */
function reopenedOnOf(w: Weakness, collected: string, closed: string): NonNullable<PoamItemState['reopenedOn']> {
  const x = w.attestations[0];
  if (w.kind === 'attestation' && x && w.attestationState === 'lapsed') return { collected: x.expires, closed, attestation: 'lapsed' };
  if (w.kind === 'attestation' && x && w.attestationState === 'awaiting-review') return { collected: x.when, closed, attestation: 'awaiting-review' };
  return { collected, closed };
}

/** Decides every item of this month's POA&M. */
export function planPoam(a: Assessment, opts: PoamOptions): PoamItemState[] {
  const today = a.now.slice(0, 10);
  const checkIndex = new Map(a.checks.map((c, i) => [c.id, i]));
  const checksById = new Map(a.checks.map((c) => [c.id, c]));
  const collectedDay = new Map(a.devices.map((d) => [d.id, utcDay(d.collectedAt)]));
  const previous = opts.previous?.items ?? new Map<string, PreviousItem>();
  const days = (s: Severity) => opts.deadlineDays[s];

  const items: PoamItemState[] = [];
  const current = weaknessesOf(a);
  const currentKeys = new Set(current.map((w) => w.key));
  // Per objective, the devices whose evidence for it is not collected now: an objective item's
  // device is not fixed by being assessed again with the evidence still missing (its weakness may
  // not be current only because a check now fails on the objective, which explains it first).
  const notCollectedOn = new Map<string, Set<string>>();
  for (const f of a.findings) {
    for (const o of f.objectives) {
      if (o.notCollectedCount > 0) notCollectedOn.set(o.objectiveId, new Set(f.notCollected.filter((x) => o.checkIds.includes(x.checkId)).map((x) => x.deviceId)));
    }
  }
  // A device the previous item affected is fixed when it was assessed and passed (or the check no
  // longer applied); one not assessed this time, or whose evidence was not collected, is not.
  const fixedNow = (prev: PreviousItem, d: string): boolean => {
    const index = prev.checkId ? checkIndex.get(prev.checkId) : undefined;
    if (prev.kind === 'check') return index !== undefined && PASSED.has(a.outcomes.get(d)?.statuses[index] ?? '');
    if (prev.kind === 'objective') return a.outcomes.has(d) && !notCollectedOn.get(prev.subject)?.has(d);
    return a.outcomes.has(d);
  };
  for (const w of current) {
    const prev = previous.get(w.key);
    // Devices the open item affected last time that show it neither failing nor fixed now stay on
    // it: dropping them would let the item close later without their fix ever being seen.
    const shown = new Set([...w.failing, ...w.deviating]);
    const unverified = prev && prev.status !== 'closed' ? prev.devices.filter((d) => !shown.has(d) && !fixedNow(prev, d)) : [];
    const status: PoamStatus = w.kind === 'check' && !w.failing.length && w.deviating.length && !(unverified.length && prev?.status === 'open') ? 'deviation-approved' : 'open';
    const reopened = prev?.status === 'closed';
    const h = historyOf(w, checkIndex, opts.history, collectedDay, reopened ? prev.closed : undefined, today);
    const detected = prev && !reopened ? minDate(prev.detected, h.detected) : h.detected;
    const firstDetected = minDate(prev?.firstDetected, h.first, detected);
    // Accepted: the deadline is the day the (first) deviation lapses, when it must be renewed or the weakness fixed.
    const deadline = status === 'deviation-approved' ? minDate(...w.deviations.map((d) => d.expires)) : addDays(detected, days(w.severity));
    const uuid = prev?.uuid ?? newItemUuid(a.systemName, w.key);
    items.push({
      key: w.key, uuid, riskUuid: riskUuidOf(uuid), kind: w.kind, subject: w.subject, controls: w.controls, controlId: w.controls[0] ?? '', checkId: w.checkId ?? '',
      checkTitle: w.title, severity: w.severity, status, firstDetected, detected, deadline, reopened, remediation: w.remediation,
      ...(h.collectedBefore ? { reopenedOn: reopenedOnOf(w, h.collectedBefore, prev!.closed!) } : {}),
      failing: w.failing, deviating: w.deviating, deviations: w.deviations, unverified, absorbed: prev?.absorbed ?? [], weakness: w,
    });
  }
  // Controls an attestation that counts (current and reviewed) speaks for now.
  const attestedNow = new Set((a.attestations ?? []).filter(attestationCounts).map((x) => x.controlId));
  // Items of the previous POA&M that nothing shows now: closed only if each device affected last
  // time was assessed and passed (or the check no longer applied), and an attestation item only if
  // its control is attested now by one that counts: an attestation left out of this run's file (or
  // no --attestations) shows nothing fixed, its control is merely left to the assessor. Otherwise
  // they stay as they were.
  for (const prev of [...previous.values()].sort((x, y) => x.key.localeCompare(y.key))) {
    if (currentKeys.has(prev.key)) continue;
    const check = prev.checkId ? checksById.get(prev.checkId) : undefined;
    const unverified = prev.status === 'closed' ? [] : prev.devices.filter((d) => !fixedNow(prev, d));
    const severity = check?.severity ?? prev.severity;
    const unattested = prev.status !== 'closed' && prev.kind === 'attestation' && !prev.controls.every((c) => attestedNow.has(c));
    const closed = prev.status === 'closed' ? prev.closed : unverified.length || unattested ? undefined : today;
    items.push({
      key: prev.key, uuid: prev.uuid, riskUuid: riskUuidOf(prev.uuid), kind: prev.kind, subject: prev.subject, controls: prev.controls, controlId: prev.controlId, checkId: prev.checkId,
      // The previous title carries its controls (itemTitle): without them, or they are listed twice.
      checkTitle: check ? `${check.id}: ${check.title}` : withoutControls(prev.title, prev.controls), severity,
      status: closed ? 'closed' : prev.status, firstDetected: prev.firstDetected, detected: prev.detected,
      deadline: addDays(prev.detected, days(severity)), ...(closed ? { closed } : {}), reopened: false,
      remediation: check?.remediation ?? prev.remediation, failing: [], deviating: [], deviations: [], unverified, absorbed: prev.absorbed, carried: prev, ...(unattested ? { unattested: true as const } : {}),
    });
  }
  return items;
}

export interface PoamBuild {
  document: Json;
  items: PoamItemState[];
}

/** Who or what made a statement: the tool and the assessor (item 5 of issue 12), as OSCAL origins. */
export interface Origins {
  /** The actors of every automated statement (tool, then assessor party). */
  actors: Json[];
}

/** What `riskJson` needs besides the item: shared by the assessment results and the POA&M. */
export interface RiskContext {
  a: Assessment;
  templates: Templates;
  opts: PoamOptions;
  /** Last month's risk log per item key. */
  previousLog: ReadonlyMap<string, Json[]>;
  /** The actors of automated statements (tool component, assessor party), when known. */
  actors?: Json[];
  /** A point of contact for the risks (the ISSO or system owner of the system description). */
  pointOfContact?: string;
  /** The checks' plain wording with the run's parameter values. */
  plain: PlainWording;
}

export function riskContext(a: Assessment, templates: Templates, opts: PoamOptions, extra: Pick<RiskContext, 'actors' | 'pointOfContact'> = {}): RiskContext {
  return { a, templates, opts, previousLog: new Map([...(opts.previous?.items.values() ?? [])].map((p) => [p.key, p.log])), actors: automatedActors(a.ids, a.team), plain: new PlainWording(a.params), ...extra };
}

/** What was found on an item's devices, in plain words: each distinct text once, with its devices. */
export interface ItemFinding {
  found: string;
  devices: string[];
}

/**
 * What an item's weakness showed, in the words of controls/check-wording.yaml: for a failing check,
 * each device's finding; for evidence not collected, which setting was not. Empty for an item
 * nothing shows now, an attestation, or a check without wording. poam.json's item description and
 * the PDF's POA&M list both print these.
 */
export function itemFindings(a: Pick<Assessment, 'outcomes'>, it: PoamItemState): ItemFinding[] {
  // The results' risks, poam.json and the PDF each print them: computed once per item and run.
  let cache = findingsCache.get(a.outcomes);
  if (!cache) findingsCache.set(a.outcomes, (cache = new WeakMap()));
  let found = cache.get(it);
  if (!found) cache.set(it, (found = findingsOf(a, it)));
  return found;
}

const findingsCache = new WeakMap<object, WeakMap<PoamItemState, ItemFinding[]>>();

function findingsOf(a: Pick<Assessment, 'outcomes'>, it: PoamItemState): ItemFinding[] {
  const w = it.weakness;
  if (!w) return [];
  const pairs = w.kind === 'check' ? [...[...it.failing, ...it.deviating].map((deviceId) => ({ deviceId, checkId: it.checkId })), ...w.missingPairs] : w.kind === 'objective' ? w.missingPairs : [];
  // A Set per finding: a fleet's devices often share one finding (a list's includes was quadratic).
  const byText = new Map<string, Set<string>>();
  for (const x of pairs) {
    // Without a plain-language text (an input that could not be read), the observed value says
    // why, as results.csv's found column does: a device of the item is never left out of its findings.
    const d = a.outcomes.get(x.deviceId)?.details.get(x.checkId);
    const found = d?.found ?? d?.observed;
    if (found === undefined) continue;
    const devices = byText.get(found);
    if (!devices) byText.set(found, new Set([x.deviceId]));
    else devices.add(x.deviceId);
  }
  return [...byText].map(([found, devices]) => ({ found, devices: [...devices].sort() }));
}

/** An item description names at most this many distinct findings, and this many devices for each. */
const FINDINGS_IN_DESCRIPTION = 10;
const DEVICES_PER_FINDING = 20;

/** "US-01 (SCREEN-LOCK-TIMEOUT, SCREEN-LOCK-SECURE)": each device once, with the checks not collected on it. */
export function notCollectedText(pairs: ReadonlyArray<{ deviceId: string; checkId: string }>): string[] {
  const byDevice = new Map<string, string[]>();
  for (const x of pairs) {
    const checks = byDevice.get(x.deviceId);
    if (checks) checks.push(x.checkId);
    else byDevice.set(x.deviceId, [x.checkId]);
  }
  return [...byDevice].map(([d, checks]) => `${d} (${checks.join(', ')})`);
}

function itemData(a: Assessment, it: PoamItemState, days: number) {
  const affected = [...it.failing, ...it.deviating];
  const findings = itemFindings(a, it);
  return {
    ...it, title: it.checkTitle, controlList: it.controls.join(', '), open: it.status !== 'closed', deviationOnly: it.status === 'deviation-approved',
    attestationState: it.weakness?.attestationState ?? '',
    devices: affected, deviceCount: affected.length, days, closedItem: it.status === 'closed',
    // A check item's devices whose evidence under its objectives was not collected (weaknesses.ts).
    notCollected: it.kind === 'check' && it.weakness ? notCollectedText(it.weakness.missingPairs) : [],
    expiries: [...new Set(it.deviations.map((d) => d.expires))].sort(),
    findings: findings.slice(0, FINDINGS_IN_DESCRIPTION).map((f) => ({ found: f.found, devices: f.devices.slice(0, DEVICES_PER_FINDING), more: Math.max(0, f.devices.length - DEVICES_PER_FINDING) })),
    moreFindings: Math.max(0, findings.length - FINDINGS_IN_DESCRIPTION),
  };
}

/** A closed item's remarks where the devices it was on when it was closed are not known (closedDevicesUnknown). */
export const CLOSED_DEVICES_UNKNOWN = 'The devices this item was on when it was closed are not known: it was closed by a POA&M written before closed items named them (closed-device), so which devices it stood for, and whether a STIG covers them, is not known.';

/** The devices a closed item was on when it was closed: the previous item's, open or already closed. */
function closedDevicesOf(it: PoamItemState): string[] {
  const prev = it.carried;
  if (!prev) return [];
  return prev.status === 'closed' ? prev.closedDevices : prev.devices;
}

/**
 * A closed item whose devices at closing are not known: it was carried from an item a POA&M closed
 * before closed items named their devices (no `closed-device` props). A check's weakness (failing
 * devices) and an objective's (devices not collected) are always on some device, so none named means
 * none recorded, not none affected; an attestation's is on none.
 */
function closedDevicesUnknown(it: PoamItemState): boolean {
  return it.status === 'closed' && it.kind !== 'attestation' && it.carried !== undefined && closedDevicesOf(it).length === 0;
}

/** A title itemTitle wrote, without the controls it appended. */
function withoutControls(title: string, controls: readonly string[]): string {
  const suffix = ` (${controls.map((c) => c.toUpperCase()).join(', ')})`;
  return controls.length && title.endsWith(suffix) ? title.slice(0, -suffix.length) : title;
}

/** The item's title: what the weakness is and the controls it touches. */
export function itemTitle(it: Pick<PoamItemState, 'checkTitle' | 'controls'>): string {
  return `${it.checkTitle} (${it.controls.map((c) => c.toUpperCase()).join(', ')})`;
}

/** The observation uuids of an item: those of its weakness (none for a carried item, nor for a missing attestation: nothing observed it). */
function itemObservations(a: Assessment, it: PoamItemState, cited: 'risk' | 'item'): RefArray | undefined {
  const w = it.weakness;
  if (!w || !weaknessHasObservations(w)) return undefined;
  return new RefArray('observation-uuid', () => [...weaknessObservationUuids(observationIndexOf(a), a.ids, w, undefined, cited)]);
}

/** A milestone of an item: its risk's remediation tasks (poam.json) and the PDF's POA&M list both show these. */
export interface ItemMilestone {
  /** Part of the task's uuid. */
  part: 'deviation-review' | 'remediated' | 'verified';
  title: string;
  status: 'planned' | 'overdue' | 'completed';
  /** YYYY-MM-DD: the start of a milestone that spans a period (remediation from detection). */
  start?: string;
  /** YYYY-MM-DD: when it is due (or, once closed, when it was verified). */
  date: string;
  /** YYYY-MM-DD the item was closed, for a completed milestone. */
  completed?: string;
}

function remediatedTitle(it: PoamItemState, subject: string): string {
  if (it.kind === 'attestation') {
    const state = it.weakness?.attestationState;
    return `${subject}: ${state === 'missing' ? 'an attestation supplied' : state === 'awaiting-review' ? 'the attestation reviewed' : 'the attestation renewed'}`;
  }
  if (it.kind === 'objective') return `${subject}: evidence collected from every affected device`;
  return `${subject} remediated on every affected device`;
}

/** The milestones of an item as of the clock `now` (RFC 3339). */
export function itemMilestones(it: PoamItemState, now: string): ItemMilestone[] {
  const done = it.status === 'closed';
  const subject = it.checkId || it.subject;
  const at = (status: 'planned' | 'overdue'): Pick<ItemMilestone, 'status' | 'completed'> => (done ? { status: 'completed', completed: it.closed! } : { status });
  // While the deviation is accepted nothing is to be fixed: one milestone, the review at its expiry.
  if (it.status === 'deviation-approved') {
    return [{ part: 'deviation-review', title: `Deviation review before it lapses on ${it.deadline}: the Authorizing Official renews it, or ${subject} is remediated`, ...at(dayIsOver(it.deadline, now) ? 'overdue' : 'planned'), date: it.deadline }];
  }
  return [
    // Only a failing check is fixed on devices: a lapsed or missing attestation is renewed or
    // supplied, and evidence not collected is collected.
    { part: 'remediated', title: remediatedTitle(it, subject), ...at(dayIsOver(it.deadline, now) ? 'overdue' : 'planned'), start: it.detected, date: it.deadline },
    {
      part: 'verified',
      title: it.kind === 'attestation'
        ? (it.weakness?.attestationState === 'missing'
          ? 'Attestation supplied and reviewed by an assessor'
          // Awaiting review: nothing lapsed, nothing is renewed; the review is recorded and an assessment reads it.
          : it.weakness?.attestationState === 'awaiting-review' ? "Assessor's review recorded (reviewed-by) and read by an assessment" : 'Renewed attestation reviewed by an assessor')
        : it.kind === 'objective' ? 'Evidence verified: an automated assessment collects it from every affected device and shows the objective' : 'Fix verified: the check passes on every affected device in an automated assessment',
      ...at('planned'),
      date: done ? it.closed! : it.deadline,
    },
  ];
}

/**
 * The risk of an item, exactly as both assessment-results.json and poam.json carry it: status,
 * deadline, likelihood and impact from the risk matrix, mitigating factors (the compensating
 * controls of the deviations), the remediation with its milestones and the history.
 */
export function riskJson(ctx: RiskContext, it: PoamItemState): Json {
  const { a, templates, opts } = ctx;
  const done = it.status === 'closed';
  const accepted = it.status === 'deviation-approved';
  const remediationUuid = under(it.uuid, 'remediation');
  const milestoneProps = (m: ItemMilestone): Json[] => (m.completed ? [prop('milestone-status', 'completed'), prop('completed', m.completed)] : [prop('milestone-status', m.status)]);
  const subject = it.checkId || it.subject;
  const tasks: Json[] = itemMilestones(it, a.now).map((m) => ({
    uuid: under(it.uuid, 'milestone', m.part, accepted ? it.deadline : it.detected),
    type: 'milestone',
    title: oscalString(m.title),
    props: milestoneProps(m),
    timing: m.start ? { 'within-date-range': { start: dayFirstStart(m.start), end: endOfDay(m.date) } } : { 'on-date': { date: endOfDay(m.date) } },
  }));
  const remediation: Json = {
    uuid: remediationUuid,
    lifecycle: done ? 'completed' : accepted ? 'recommendation' : 'planned',
    title: oscalString(accepted ? `Accept ${subject} by approved deviation until ${it.deadline}` : `Remediate ${subject}`),
    description: oscalString(it.remediation || `Bring ${subject} into compliance.`),
    props: it.checkId ? [prop('check-id', it.checkId)] : [prop('weakness-key', it.key)],
    tasks,
  };
  const log = logEntries(it, ctx.previousLog.get(it.key) ?? [], a.now, remediationUuid);
  const listed = done ? [] : [...it.failing, ...it.deviating, ...it.unverified];
  const levels = riskLevels(it.severity, opts.relevance);
  const data = itemData(a, it, opts.deadlineDays[it.severity]);
  const w = it.weakness;
  const out: Json = {
    uuid: it.riskUuid,
    title: oscalString(`${itemTitle(it)}: ${done ? `closed ${it.closed}` : accepted ? `accepted by approved deviation until ${it.deadline}` : `open on ${listed.length} device(s)`}`),
    description: oscalString(`${it.checkTitle} ${done ? 'was a weakness' : 'is a weakness'} of ${it.controls.join(', ')}; first detected ${it.firstDetected}.`),
    statement: !w || done ? templates.render('poam-item', data) : templates.render('risk-statement', riskStatementData(a, it, w, ctx.plain)),
    props: [
      prop(KEY_PROP, it.key), prop('severity', it.severity), ...it.controls.map((c) => prop('control-id', c)), ...(it.checkId ? [prop('check-id', it.checkId)] : []),
      prop('first-detected', it.firstDetected),
      ...(ctx.pointOfContact ? [prop('point-of-contact', ctx.pointOfContact)] : []),
    ],
    status: it.status,
    ...(ctx.actors?.length ? { origins: [{ actors: ctx.actors }] } : {}),
    characterizations: [{
      origin: { actors: ctx.actors?.length ? ctx.actors : automatedActors(a.ids, a.team) },
      facets: [
        { name: 'likelihood', system: RISK_MATRIX_SYSTEM, value: levels.likelihood },
        { name: 'impact', system: RISK_MATRIX_SYSTEM, value: levels.impact },
        { name: 'risk', system: RISK_MATRIX_SYSTEM, value: levels.risk },
      ],
    }],
  };
  if (it.deviations.length) {
    out['mitigating-factors'] = it.deviations.map((d) => ({
      uuid: under(it.uuid, 'mitigating-factor', d.source),
      description: oscalString(d.compensating ? `${d.compensating} (deviation for ${d.checkId} on ${d.deviceId === '*' ? 'every device' : d.deviceId}, approved by ${d.approver} until ${d.expires})` : `No compensating control recorded; deviation for ${d.checkId} on ${d.deviceId === '*' ? 'every device' : d.deviceId} approved by ${d.approver} until ${d.expires}: ${d.justification}`),
      props: [prop('approver', d.approver), prop('expires', d.expires), prop('deviation-source', d.source)],
    }));
  }
  // An accepted item's deadline is the deviation's last day, a severity deadline a day counted from
  // detection: both end at the day's first end (UTC+14:00), the moment drift's due list states.
  out.deadline = endOfDay(it.deadline);
  out.remediations = [remediation];
  out['risk-log'] = { entries: log };
  const related = itemObservations(a, it, 'risk');
  if (related) out['related-observations'] = related;
  return out;
}

/** The `system` of the likelihood / impact / risk facets: DoD's risk matrix as eMASS applies it (docs/poam.md). */
export const RISK_MATRIX_SYSTEM = `${PROJECT_NS}/dod-rmf-risk-matrix`;

/**
 * The POA&M document. Observations and findings are carried for the affected devices only; the
 * observations are a StreamedArray: write with writeJsonStream (or `materialise` for tests).
 * `items` (from planPoam) is what the assessment results were written with, when they were.
 */
export function buildPoam(a: Assessment, templates: Templates, opts: PoamOptions, planned?: PoamItemState[], extra: Pick<RiskContext, 'actors' | 'pointOfContact'> = {}): PoamBuild {
  const items = planned ?? planPoam(a, opts);
  const ctx = riskContext(a, templates, opts, extra);
  const ids = a.ids;
  const today = a.now.slice(0, 10);
  const checksById = new Map(a.checks.map((c) => [c.id, c]));
  const devicesById = new Map(a.devices.map((d) => [d.id, d]));
  const findingByControl = new Map(a.findings.map((f) => [f.controlId, f]));

  // Observations are produced while writing (a StreamedArray): a large fleet's failures are
  // hundreds of thousands of them. Only the pairs are kept until then, once each.
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
  const attested = items.flatMap((it) => it.weakness?.attestations ?? []);
  const checkIndex = new Map(a.checks.map((c, i) => [c.id, i]));
  // The AR's observation of each failing result: grouped by result there, so one here may hold several devices.
  const obsIndex = observationIndexOf(a);
  // Each device's collection instant, parsed once (a fleet's copies list each failing device).
  const collectedMs = new Map(a.devices.map((d) => [d, instantMs(d.collectedAt)]));
  const observation = (uuid: string, check: Check, devices: readonly AssessedDevice[]): RawJson => {
    const d = devices[0]!;
    const outcome = a.outcomes.get(d.id);
    const detail = outcome?.details.get(check.id);
    let expires: string | undefined;
    let expiresMs = Infinity;
    for (const x of devices) {
      const e = a.outcomes.get(x.id)?.details.get(check.id)?.expires;
      if (e === undefined || e === expires) continue;
      const ms = instantMs(e);
      if (expires === undefined || ms < expiresMs) [expires, expiresMs] = [e, ms];
    }
    const status = outcome?.statuses[checkIndex.get(check.id)!] ?? 'fail';
    const props = [prop('check-id', check.id), prop('result', status)];
    if (detail) props.push(prop('observed-value', detail.observed), prop('expected-value', detail.expected));
    let collected = d.collectedAt;
    let collectedAtMs = collectedMs.get(d)!;
    for (const x of devices) {
      const ms = collectedMs.get(x)!;
      if (ms < collectedAtMs) [collected, collectedAtMs] = [x.collectedAt, ms];
    }
    // Stale results group too (oscal/observation-groups.ts): a copy states its oldest evidence.
    if (detail?.stale) props.push(prop('evidence-stale', `collected ${devices.length === 1 ? collected : `${collected} (the earliest of the ${devices.length} devices)`}, older than the accepted evidence age at the assessment`));
    props.push(...checkCciProps(check));
    let description = `${check.title}: ${status}.`;
    if (detail?.deviation) {
      const dv = detail.deviation;
      props.push(prop('deviation', `approved by ${dv.approver} until ${dv.expires}: ${dv.justification}`));
      description += approvedDeviationText(dv);
    }
    // As the results' observation says it (observations.ts): the deviation that no longer excuses the fail.
    if (detail?.expiredDeviation) {
      props.push(prop('expired-deviation', expiredDeviationText(detail.expiredDeviation)));
      description += ` A deviation existed but expired on ${detail.expiredDeviation.expires}; it no longer applies.`;
    }
    // The same uuid as in assessment-results.json: this is a copy of that observation, cut down.
    // One observation per line, as in the results (observation-groups.ts): a copy may list
    // thousands of failing devices, which indenting would spread over four lines each.
    return new RawJson(JSON.stringify({
      uuid,
      title: devices.length === 1 ? `${check.id} on ${d.id}` : `${check.id} on ${devices.length} devices`,
      description: oscalString(description),
      props,
      methods: [check.method],
      ...(ctx.actors?.length ? { origins: [{ actors: ctx.actors }] } : {}),
      // The SSP's inventory items; the title names the device, so this copy reads alone.
      subjects: devices.map((x) => ({ 'subject-uuid': ids.item(x.id), type: 'inventory-item', title: x.id })),
      'relevant-evidence': devices.map((x) => ({ href: `#${ids.resource(x.id)}`, description: `Snapshot of ${x.id} collected ${x.collectedAt}.` })),
      collected,
      // The earliest expiry of the devices' evidence: the group is no fresher than its oldest.
      ...(expires ? { expires } : {}),
    }));
  };
  for (const it of items) {
    const w = it.weakness;
    if (!w) continue;
    if (w.kind === 'check') for (const d of [...w.failing, ...w.deviating]) if (devicesById.has(d)) observe(devicesById.get(d)!, checksById.get(w.checkId!)!);
    for (const x of w.missingPairs) if (devicesById.has(x.deviceId)) observe(devicesById.get(x.deviceId)!, checksById.get(x.checkId)!);
  }

  // The findings of the assessment results that the current weaknesses make not satisfied, copied
  // with the results' uuids (cut down: the observations of the affected devices only).
  const targets = new Map<string, { t: FindingTarget; f: ControlFinding; items: PoamItemState[] }>();
  for (const it of items) {
    for (const t of it.weakness?.targets ?? []) {
      const uuid = findingUuidOf(ids, t);
      const f = findingByControl.get(t.controlId);
      if (!f) continue;
      const entry = targets.get(uuid) ?? { t, f, items: [] };
      entry.items.push(it);
      targets.set(uuid, entry);
    }
  }
  const finding = (uuid: string, e: { t: FindingTarget; f: ControlFinding; items: PoamItemState[] }): Json => {
    const { t, f } = e;
    const o = t.objectiveId ? f.objectives.find((x) => x.objectiveId === t.objectiveId) : undefined;
    const targetId = t.objectiveId ?? f.targetId;
    const reason = o ? o.reason : f.reason;
    const causes = e.items.map((it) => it.checkTitle).join('; ');
    return {
      uuid,
      title: oscalString(`${targetId} ${f.title}: not satisfied`),
      description: oscalString(`${targetId} is not satisfied in the assessment of ${today} (assessment-results.json has the finding under this uuid): ${causes}.`),
      props: [prop('control-id', f.controlId), ...(t.objectiveId ? [prop('objective-id', t.objectiveId)] : []), ...controlCciProps(f.controlId, e.items.map((it) => checksById.get(it.checkId)))],
      target: { type: t.objectiveId ? 'objective-id' : f.targetType, 'target-id': targetId, status: { state: 'not-satisfied', reason } },
      ...(e.items.some((it) => weaknessHasObservations(it.weakness!)) ? { 'related-observations': new RefArray('observation-uuid', () => e.items.flatMap((it) => [...weaknessObservationUuids(obsIndex, ids, it.weakness!)])) } : {}),
      'related-risks': e.items.map((it) => ({ 'risk-uuid': it.riskUuid })),
    };
  };

  // A carried item whose check left the catalog keeps its last title.
  const checkKnown = (it: PoamItemState): boolean => it.kind !== 'check' || checksById.has(it.checkId);
  const poamItem = (it: PoamItemState): Json => {
    const listed = it.status === 'closed' ? [] : [...it.failing, ...it.deviating, ...it.unverified];
    const itemProps: Json[] = [
      prop(KEY_PROP, it.key), ...it.controls.map((c) => prop('control-id', c)), ...(it.checkId ? [prop('check-id', it.checkId)] : []),
      ...(it.kind === 'objective' ? [prop('objective-id', it.subject)] : []), prop('severity', it.severity),
      prop('poam-status', it.status), prop('first-detected', it.firstDetected), prop('detected', it.detected), prop('deadline', it.deadline),
    ];
    if (it.closed) itemProps.push(prop('closed', it.closed));
    for (const d of listed) itemProps.push(prop('affected-device', d));
    // A closed item affects no device, but the devices it was on when it was closed (carried from
    // item to item) say which it stood for: the eMASS export scopes its STIG rules by their OS.
    for (const d of it.status === 'closed' ? closedDevicesOf(it) : []) itemProps.push(prop('closed-device', d));
    for (const u of it.absorbed) itemProps.push(prop('absorbed-item-uuid', u));
    const out: Json = {
      uuid: it.uuid,
      title: oscalString(it.carried && (it.status === 'closed' || !checkKnown(it)) ? it.carried.title : itemTitle(it)),
      description: it.carried && it.status === 'closed' ? it.carried.description : ctx.templates.render('poam-item', itemData(ctx.a, it, opts.deadlineDays[it.severity])),
      props: itemProps,
    };
    // Said, never left to read as "closed on no device": the eMASS export then cites no STIG rule for it (export/emass.ts).
    if (closedDevicesUnknown(it)) out.remarks = CLOSED_DEVICES_UNKNOWN;
    if (ctx.actors?.length && it.weakness) out.origins = [{ actors: ctx.actors }];
    const w = it.weakness;
    if (w) {
      const uuids = w.targets.map((t) => findingUuidOf(ids, t)).filter((u) => targets.has(u));
      if (uuids.length) out['related-findings'] = uuids.map((u) => ({ 'finding-uuid': u }));
      const related = itemObservations(a, it, 'item');
      if (related) out['related-observations'] = related;
    }
    out['related-risks'] = [{ 'risk-uuid': it.riskUuid }];
    return out;
  };

  const affected = a.devices.filter((d) => affectedDevices.has(d.id));
  const body: Json = {
    uuid: uuidV5(['poam', a.runKey, ...items.map((i) => `${i.uuid}:${i.status}`)].join('\u001f'), PROJECT_NAMESPACE),
    // The attesters and reviewers the copied attestation observations name in their origins.
    metadata: documentMetadata(a, `Plan of action and milestones: ${a.systemName}`, attesterParties(attested, ids, a.team), opts.previous ? [prop('previous-poam', inputFileName(opts.previous.file))] : []),
    'import-ssp': { href: SSP_FILE },
  };
  // The tool is defined here because the risks' characterizations and origins name it.
  // The devices are the SSP's inventory items (import-ssp), never redefined here (docs/documents.md).
  body['local-definitions'] = { components: [toolComponent(ids, a.toolVersion)] };
  if (pairDevices.length || attested.length) body.observations = new StreamedArray(function* () {
    // The results' observations of these pairs: grouped there, so one may hold several devices.
    const byUuid = new Map<string, { check: Check; devices: AssessedDevice[] }>();
    for (let i = 0; i < pairDevices.length; i++) {
      const u = obsIndex.of(pairDevices[i]!.id, pairChecks[i]!.id);
      const g = byUuid.get(u);
      if (g) g.devices.push(pairDevices[i]!);
      else byUuid.set(u, { check: pairChecks[i]!, devices: [pairDevices[i]!] });
    }
    for (const [u, g] of byUuid) yield observation(u, g.check, g.devices);
    for (const x of attested) yield attestationObservation(x, ids, a.team);
  });
  if (items.length) body.risks = new StreamedArray(function* () {
    for (const it of items) yield riskJson(ctx, it);
  }, true);
  if (targets.size) body.findings = new StreamedArray(function* () {
    for (const [uuid, e] of targets) yield finding(uuid, e);
  }, true);
  body['poam-items'] = new StreamedArray(function* () {
    for (const it of items) yield poamItem(it);
  }, true);
  if (affected.length || attested.length) body['back-matter'] = { resources: streamedEvidenceResources(ids, affected, attestationResources(attested, ids)) };
  return { document: { 'plan-of-action-and-milestones': body }, items };
}

/**
 * One failing device in a risk statement: what was found and what is required in plain words
 * where the check has wording (`plain`), else the raw values.
 */
type ResultDetail = NonNullable<ReturnType<DeviceOutcome['details']['get']>>;

function deviceFinding(d: ResultDetail | undefined, deviceId: string, required: string | undefined) {
  if (d?.found !== undefined && required !== undefined) return { deviceId, plain: true, observed: d.found, expected: required };
  return { deviceId, plain: false, observed: d?.observed ?? '', expected: d?.expected ?? '' };
}

/** A risk statement names at most this many devices (the related observations list them all). */
const NAMED_IN_STATEMENT = 50;

function riskStatementData(a: Assessment, it: PoamItemState, w: Weakness, plain: PlainWording) {
  const detail = (d: string, checkId: string) => a.outcomes.get(d)?.details.get(checkId);
  const checksById = new Map(a.checks.map((c) => [c.id, c]));
  const check = w.checkId ? checksById.get(w.checkId) : undefined;
  // What is required, in the words of controls/check-wording.yaml (the props keep the raw values).
  const required = check ? plain.required(check) : undefined;
  const failingByCheck = w.kind === 'check' && it.failing.length
    ? [{
      checkId: w.checkId!, checkTitle: check?.title ?? w.checkId!, remediation: it.remediation, where: check?.wording?.where ?? '',
      devices: it.failing.slice(0, NAMED_IN_STATEMENT).map((d) => deviceFinding(detail(d, w.checkId!), d, required)),
      more: Math.max(0, it.failing.length - NAMED_IN_STATEMENT),
    }]
    : [];
  return {
    controlId: it.controls.join(', '),
    title: it.checkTitle,
    severity: it.severity,
    kind: it.kind,
    failingDevices: it.failing,
    failingByCheck,
    missingChecks: w.missingChecks,
    attestations: w.attestations.map((x) => ({ controlId: x.controlId, name: x.who.name, role: x.who.role, expires: x.expires })),
    attestationState: w.attestationState ?? '',
    deviations: it.deviating.slice(0, NAMED_IN_STATEMENT).map((d) => {
      const dv = detail(d, it.checkId)?.deviation;
      return { deviceId: d, checkId: it.checkId, justification: dv?.justification ?? '', approver: dv?.approver ?? '', expires: dv?.expires ?? '' };
    }),
  };
}

/** The risk's history: last month's entries verbatim, and one entry for what changed now. */
function logEntries(it: PoamItemState, previous: Json[], now: string, remediationUuid: string): Json[] {
  const entries = [...previous];
  const lastStatus = [...previous].reverse().find((e) => typeof e['status-change'] === 'string')?.['status-change'];
  const subject = it.checkId || it.subject;
  const add = (event: string, title: string, status: PoamStatus) => {
    const uuid = under(it.uuid, 'log', event, now.slice(0, 10));
    if (entries.some((e) => e.uuid === uuid)) return; // the same month assessed twice
    entries.push({ uuid, title, start: now, end: now, 'status-change': status, 'related-responses': [{ 'response-uuid': remediationUuid }] });
  };
  // An attestation item is shown by an attestation (its title says which: lapsed, awaiting review,
  // none supplied), never by a collection or a device, and closed by one that counts.
  const attested = it.kind === 'attestation';
  if (!previous.length) {
    add('detected', attested
      ? `Detected by assessment of the attestations: ${it.checkTitle}; shown since ${it.firstDetected}`
      : `Detected by automated assessment${it.status === 'deviation-approved' ? ' (under an approved deviation)' : ''}; first shown by the collection of ${it.firstDetected}`, it.status);
  } else if (it.reopened) add('reopened', attested ? `Reopened: ${it.checkTitle}` : `Reopened: ${subject} fails again`, it.status);
  else if (lastStatus !== it.status) {
    const closed = attested ? `Closed: an attestation of ${it.controls.join(', ')} that counts (current and reviewed) was given` : `Closed: ${subject} no longer shown on any affected device`;
    add(it.status, it.status === 'closed' ? closed : `Status changed to ${it.status}`, it.status);
  }
  if (it.absorbed.length && !previous.some((e) => typeof e.title === 'string' && e.title.startsWith('Collapsed'))) {
    const uuid = under(it.uuid, 'log', 'collapsed', now.slice(0, 10));
    entries.push({ uuid, title: `Collapsed from ${it.absorbed.length + 1} control × check items of the previous POA&M into one weakness`, description: `Absorbed item uuids: ${it.absorbed.join(', ')}.`, start: now, end: now, 'related-responses': [{ 'response-uuid': remediationUuid }] });
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
  /** Each kept log entry's index in the risk's `risk-log/entries`, and the risk's in `risks` (for the pointers of errors). */
  logAt: number[];
  index: number;
  remediation: string;
}

const BODY = 'plan-of-action-and-milestones';
/** A weakness key as written now, and the older control × check form still read. */
const NEW_KEY = new RegExp(`^(${WEAKNESS_KINDS.join('|')}):\\S+$`);
const LEGACY_KEY = /^[a-z]{2}-\d+(?:\.\d+)*:[^:\s]+$/;

const STATUS_RANK: Record<PoamStatus, number> = { open: 2, 'deviation-approved': 1, closed: 0 };
const SEVERITY_RANK: Record<Severity, number> = { 'CAT I': 3, 'CAT II': 2, 'CAT III': 1 };

/**
 * One item from several of an older POA&M that stand for one weakness: the uuid of the earliest
 * detected (so a weakness that had one item keeps its uuid), the others' uuids recorded as
 * absorbed, the earliest first detection, every control and device, the worst status and severity,
 * and every log entry in time order.
 */
function collapse(group: PreviousItem[]): PreviousItem {
  const sorted = [...group].sort((x, y) => x.firstDetected.localeCompare(y.firstDetected) || x.uuid.localeCompare(y.uuid));
  const kept = sorted[0]!;
  if (sorted.length === 1) return kept;
  const status = sorted.reduce<PoamStatus>((s, x) => (STATUS_RANK[x.status] > STATUS_RANK[s] ? x.status : s), 'closed');
  const inStatus = sorted.filter((x) => x.status === status);
  const log = new Map<string, Json>();
  for (const x of sorted) for (const e of x.log) if (typeof e.uuid === 'string' && !log.has(e.uuid)) log.set(e.uuid, e);
  const closedDates = inStatus.map((x) => x.closed).filter((d): d is string => !!d).sort();
  const { closed: _closed, ...base } = kept;
  return {
    ...base,
    ...(status === 'closed' ? { closed: closedDates[closedDates.length - 1]! } : {}),
    controls: [...new Set(sorted.flatMap((x) => x.controls))].sort(compareControlIds),
    controlId: [...new Set(sorted.flatMap((x) => x.controls))].sort(compareControlIds)[0]!,
    severity: sorted.reduce<Severity>((s, x) => (SEVERITY_RANK[x.severity] > SEVERITY_RANK[s] ? x.severity : s), 'CAT III'),
    firstDetected: sorted.map((x) => x.firstDetected).sort()[0]!,
    detected: inStatus.map((x) => x.detected).sort()[0]!,
    status,
    devices: [...new Set(sorted.flatMap((x) => x.devices))].sort(),
    closedDevices: [...new Set(sorted.flatMap((x) => [...x.devices, ...x.closedDevices]))].sort(),
    log: [...log.values()].sort((x, y) => String(x.start ?? '').localeCompare(String(y.start ?? ''))),
    absorbed: [...new Set([...sorted.flatMap((x) => x.absorbed), ...sorted.slice(1).map((x) => x.uuid)])],
  };
}

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
  private riskCount = 0;
  private lastModified: unknown;
  private syntax: Error | undefined;

  /**
   * `now`: the clock of the run carrying the POA&M forward (assess --now). A POA&M dated after it
   * (its last-modified, an item's dates, a risk-log entry) is refused, as a snapshot collected
   * after the clock is: carried forward, a reopened item could be detected before its closure.
   */
  constructor(readonly file: string, private readonly now?: string) {
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
    // A POA&M written after this run's clock (docs/poam.md, "Carrying older POA&Ms forward").
    const now = this.now;
    const afterNow = () => `, after this assessment's clock (--now ${now}): a POA&M from after the assessment cannot be carried forward (is --now or the file wrong?)`;
    // What is wrong with a time of the file at this clock: after it, or in a form instantMs does not
    // read ("2026-11-03 12:00:00Z"), where whether it is after cannot be told (Date.parse guessed).
    const lateTime = (t: unknown): string | undefined => {
      if (now === undefined || typeof t !== 'string') return undefined;
      if (!isCalendarDateTime(t)) return `, which is no RFC 3339 date-time with its zone (e.g. 2026-11-02T09:14:00Z): whether it lies after this assessment's clock (--now ${now}) cannot be told`;
      return instantMs(t) > instantMs(now) ? afterNow() : undefined;
    };
    const modified = lateTime(this.lastModified);
    if (modified) fail([...root, 'metadata', 'last-modified'], `the POA&M was last modified ${String(this.lastModified)}${modified}`);
    if (this.itemsKind !== 'array') fail([...root, 'poam-items'], 'must be an array of poam-items');
    if (this.risksKind !== undefined && this.risksKind !== 'array') fail([...root, 'risks'], 'must be an array');
    // Items written in the older control × check form ("ac-7:LOCKOUT") are collapsed into the
    // weakness they belong to ("check:LOCKOUT"): earliest first detection, every control, the
    // absorbed uuids kept on the item (docs/poam.md, "Carrying older POA&Ms forward").
    const items = new Map<string, PreviousItem>();
    const legacy = new Map<string, PreviousItem[]>();
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
      const written = one(KEY_PROP, { test: (k) => NEW_KEY.test(k) || LEGACY_KEY.test(k) });
      const old = !NEW_KEY.test(written);
      const [kindText, ...rest] = written.split(':');
      const kind: WeaknessKind = old ? 'check' : (kindText as WeaknessKind);
      const subject = old ? rest.join(':') : rest.join(':');
      const key = old ? weaknessKey(subject) : written;
      if (!old && items.has(key)) fail([...at, 'props'], `weakness ${key} appears twice`);
      const uuid = item.uuid !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(item.uuid) ? item.uuid : fail([...at, 'uuid'], 'must be a uuid');
      const date = { test: isCalendarDate };
      const status = one('poam-status', /^(open|deviation-approved|closed)$/) as PoamStatus;
      const severity = one('severity');
      if (!(SEVERITIES as readonly string[]).includes(severity)) fail([...at, 'props'], `the "severity" prop "${severity}" is not one of ${SEVERITIES.join(', ')}`);
      const controls = old ? [kindText!] : ours('control-id');
      const risk = item.riskRef !== undefined ? this.risks.get(item.riskRef) : undefined;
      const read: PreviousItem = {
        key, uuid, kind, subject, controls, controlId: controls[0] ?? '', checkId: kind === 'check' ? subject : '',
        title: item.title ?? key,
        description: item.description ?? key,
        severity: severity as Severity,
        firstDetected: one('first-detected', date),
        detected: one('detected', date),
        status,
        ...(status === 'closed' ? { closed: one('closed', date) } : {}),
        devices: ours('affected-device'),
        closedDevices: ours('closed-device'),
        remediation: risk?.remediation ?? '',
        log: risk?.log ?? [],
        absorbed: ours('absorbed-item-uuid'),
      };
      if (now !== undefined) {
        const today = utcDay(now);
        for (const [name, day] of [['first-detected', read.firstDetected], ['detected', read.detected], ['closed', read.closed]] as const) {
          if (day !== undefined && day > today) fail([...at, 'props'], `item ${written} was ${name.replace('-', ' ')} ${day}${afterNow()}`);
        }
        if (risk) risk.log.forEach((entry, e) => {
          for (const field of ['start', 'end'] as const) {
            const wrong = lateTime(entry[field]);
            if (wrong) fail([...root, 'risks', risk.index, 'risk-log', 'entries', risk.logAt[e]!, field], `item ${written}'s risk-log entry "${String(entry.title ?? '')}" is dated ${String(entry[field])}${wrong}`);
          }
        });
      }
      if (old) legacy.set(key, [...(legacy.get(key) ?? []), read]);
      else items.set(key, read);
    });
    for (const [key, group] of legacy) items.set(key, collapse(items.get(key) ? [items.get(key)!, ...group] : group));
    return { file, items };
  }

  private select(path: JsonPath, kind: JsonKind): JsonSelection {
    switch (path.length) {
      case 0:
        this.rootKind = kind;
        return kind === 'object' ? 'descend' : 'skip';
      case 1:
        if (path[0] !== BODY) return 'skip';
        // A repeated key is refused by the selector (json-select.ts) before it gets here.
        this.bodyKind = kind;
        this.itemsKind = this.risksKind = undefined;
        this.items = [];
        this.risks = new Map();
        this.riskCount = 0;
        this.lastModified = undefined;
        return kind === 'object' ? 'descend' : 'skip';
      case 2:
        if (path[1] === 'metadata') return kind === 'object' ? 'descend' : 'skip';
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
        if (path[1] === 'metadata') return path.length === 3 && path[2] === 'last-modified' ? 'capture' : 'skip';
        return 'capture'; // an element of poam-items or risks
    }
  }

  private captured(path: JsonPath, value: unknown): void {
    if (path[1] === 'metadata') this.lastModified = value;
    else if (path[1] === 'poam-items') this.items.push(readItem(value));
    else if (path[1] === 'risks') {
      const index = this.riskCount++;
      if (isObj(value) && typeof value.uuid === 'string') this.risks.set(value.uuid, readRisk(value, index));
    }
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

function readRisk(risk: Obj, index: number): ReadRisk {
  const entries = isObj(risk['risk-log']) && Array.isArray(risk['risk-log'].entries) ? (risk['risk-log'].entries as unknown[]) : [];
  const logAt = entries.flatMap((e, i) => (isObj(e) ? [i] : []));
  const remediation = Array.isArray(risk.remediations) && isObj(risk.remediations[0]) ? String(risk.remediations[0].description ?? '') : '';
  return { log: logAt.map((i) => entries[i] as Json), logAt, index, remediation };
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
