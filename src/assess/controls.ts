// From per-device check results to verdicts per SP 800-53A assessment objective and per control.
// Pure. The rules (docs/checks.md, "Assessment objectives"):
// - on a device, a leaf objective is shown when every check naming it passed (or was not
//   applicable with `not-applicable: satisfies`) and at least one passed that shows it whole (a
//   check's `in-part` passes alone show it only in part); a fail, a deviation or
//   missing data decide against it; a check not applicable otherwise leaves it not shown;
// - an objective is satisfied when shown on every device, not satisfied when anything failed,
//   deviated or was not collected, and otherwise not shown;
// - a control is satisfied only when every leaf objective is satisfied (by checks or current
//   attestations), not satisfied when any is not, and otherwise partially assessed;
// - a requirement a --profile adds to a control is one leaf more, which no check shows: only an
//   attestation of the whole control covers it.
import type { Check, Severity } from '../catalog/types.js';
import { controlOfObjective, inPartOf } from '../catalog/types.js';
import type { CheckStatus, DeviationRecord } from '../evaluate/evaluate-check.js';
import { attestationCounts, attestationStatus, type Attestation } from '../attest/attestations.js';
import { latestDayBegun } from '../io/dates.js';

/** satisfied / not satisfied as OSCAL says them; `partial`: nothing failed, but objectives were not shown. */
export type ControlState = 'satisfied' | 'not-satisfied' | 'partial';
/** `not-shown`: the checks ran but did not show the objective on every device (not applicable, or no device). */
export type ObjectiveState = 'satisfied' | 'not-satisfied' | 'not-shown';

/** Device lists kept per objective are cut here; the counts are whole. */
export const LISTED_DEVICES = 50;

/** What is counted of one objective over the devices. */
interface ObjectiveTally {
  /** Devices where a check naming it failed (first LISTED_DEVICES), and how many. */
  failingDevices: string[];
  failingCount: number;
  deviationCount: number;
  notCollectedCount: number;
  /** Devices where the objective was not shown (a check not applicable), and how many. */
  notShownDevices: string[];
  notShownCount: number;
}

export interface ObjectiveFinding extends ObjectiveTally {
  objectiveId: string;
  state: ObjectiveState;
  /** OSCAL finding reason: pass, fail, or other (deviation, evidence not collected, lapsed attestation). */
  reason: 'pass' | 'fail' | 'other';
  /** The checks that name this objective, catalog order (empty when only attestations cover it). */
  checkIds: string[];
  /** Keys of the attestations covering it ("pl-4#1"). */
  attestedBy?: string[];
  /** The system description expects an attestation of its control and none was supplied (not satisfied, reason other). */
  attestationMissing?: true;
  /** Every check naming it shows it only in part: what each leaves out ("DICOM-TLS: ..."). Never satisfied by them. */
  inPart?: string[];
  /**
   * Attested, and its determination statement inserts organisation-defined parameters no value of
   * the run defines (withUndefinedOdps): not satisfied, reason other, no weakness of its own.
   */
  undefinedOdps?: string[];
  /** The same with the catalog's labels ("at-02_odp.01 (frequency)"). */
  undefinedOdpNames?: string[];
}

/** A leaf objective nothing showed: no check names it, or its checks did not show it on every device. */
export interface UncoveredObjective {
  objectiveId: string;
  /** `added`: a requirement the --profile adds to the control (no catalog objective, no check). */
  why: 'no-check' | 'not-shown' | 'in-part' | 'added';
}

export interface ControlFinding {
  controlId: string;
  title: string;
  /** "<control>_obj" where the catalog has that objective, else the control id. */
  targetId: string;
  targetType: 'objective-id' | 'statement-id';
  state: ControlState;
  /** OSCAL finding reason: pass, fail, or other (deviation, evidence not collected, objectives not shown). */
  reason: 'pass' | 'fail' | 'other';
  checkIds: string[];
  /** device/check pairs that failed. */
  failing: Array<{ deviceId: string; checkId: string }>;
  deviations: Array<{ deviceId: string; checkId: string; deviation: DeviationRecord }>;
  notCollected: Array<{ deviceId: string; checkId: string }>;
  /** Highest severity among the failing or deviating checks. */
  severity?: Severity;
  inBaseline: boolean;
  /** Number of device/check results the verdict rests on, and how many of them passed. */
  resultCount: number;
  passCount: number;
  /**
   * Every leaf objective of the control, in catalog order (the control id alone when the catalog
   * has none), then the requirements the --profile adds to it (`added`).
   */
  leaves: string[];
  /** Of `leaves`, the requirements the --profile adds (part ids): no SP 800-53A objective, so never an objective finding. */
  added?: string[];
  /** The leaf objectives checks or attestations cover, with their verdicts, in catalog order. */
  objectives: ObjectiveFinding[];
  /** The leaf objectives left to the assessor (none when satisfied). */
  uncovered: UncoveredObjective[];
  /**
   * Manual attestations of this control (docs/attestations.md). A control with attestations and
   * no check has checkIds [] and resultCount 0; its state comes from the attestations alone.
   */
  attestations?: Attestation[];
  /**
   * The system description declares the control evidenced by attestation (`evidence:
   * attestation`) and no attestation of it was supplied: "attestation expected, none supplied".
   */
  attestationMissing?: true;
  /**
   * Attested controls only: the control's organisation-defined parameters (SP 800-53 ODPs) that no
   * value of this run defines (no --params, --profile or default value; the SSP sets none). An
   * attestation was then not judged against the values the control requires the organisation to set.
   */
  undefinedOdps?: string[];
  /** The same, each named with what the catalog says it asks for ("at-02_odp.01 (organization-defined frequency)"). */
  undefinedOdpNames?: string[];
}

/**
 * Marks each attested finding with the ODPs of its control that nothing in the run defines
 * (`defined`: the ODPs the run's parameter values fill). Only ids of the `_odp` kind count: NIST's
 * aggregate `_prm_` parameters repeat them. An attested objective whose determination statement
 * inserts one of them (`insertsOf`: the ids its catalog prose inserts; at-2_obj.a.1-3 "... {{ insert:
 * param, at-02_odp.01 }} thereafter") states a requirement nobody has set: an attestation cannot
 * show it, so it is not satisfied (reason other) where it would be satisfied. Pure.
 */
export function withUndefinedOdps(
  findings: readonly ControlFinding[],
  odpsOf: (controlId: string) => readonly string[],
  defined: ReadonlySet<string>,
  labelOf?: (controlId: string, odp: string) => string | undefined,
  insertsOf?: (objectiveId: string) => readonly string[],
): ControlFinding[] {
  return findings.map((f) => {
    if (!f.attestations?.length) return f;
    const missing = odpsOf(f.controlId).filter((id) => id.includes('_odp') && !defined.has(id));
    if (!missing.length) return f;
    const nameOf = (id: string): string => {
      const label = labelOf?.(f.controlId, id);
      return label ? `${id} (${label})` : id;
    };
    const objectives = (f.objectives ?? []).map((o) => {
      if (o.state !== 'satisfied' || !o.attestedBy?.length) return o;
      const unset = (insertsOf?.(o.objectiveId) ?? []).filter((id) => missing.includes(id));
      return unset.length ? { ...o, state: 'not-satisfied' as const, reason: 'other' as const, undefinedOdps: unset, undefinedOdpNames: unset.map(nameOf) } : o;
    });
    const marked = { ...f, objectives, undefinedOdps: missing, undefinedOdpNames: missing.map(nameOf) };
    // An attestation cannot show a requirement whose value nobody set (at-2's frequency of training):
    // a control it would satisfy is partially assessed, never satisfied (docs/attestations.md).
    // Not satisfied stays as it is: the undefined values are said beside what failed.
    return f.state === 'satisfied' ? { ...marked, state: 'partial', reason: 'other' } : marked;
  });
}

export interface ControlInfo {
  title: string;
  objective?: string;
  baselines: string[];
  /** The control's leaf objectives (catalog/objectives.ts); absent when the catalog has none. */
  leaves?: string[];
  /** The requirements a --profile's alters add to it (part ids): leaves no check shows. */
  added?: string[];
}

const SEVERITY_RANK: Record<Severity, number> = { 'CAT I': 3, 'CAT II': 2, 'CAT III': 1 };

function highest(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

/** What an aggregator keeps of one objective while devices come in. */
interface ObjectiveAcc extends ObjectiveTally {
  objectiveId: string;
  /** Indexes into the check list of the checks naming it, and whether their "not applicable" satisfies. */
  checks: number[];
  naSatisfies: boolean[];
  shownCount: number;
  /** Set when every check naming it shows it only in part (Check.inPart): what each leaves out. */
  inPart?: string[];
  /** Per check, whether it shows the objective whole (not in part). */
  whole: boolean[];
  /** What the checks showing it only in part leave out, when some but not all do. */
  partWhys: string[];
  /** Devices where the only passes were of checks showing it in part (the others not applicable). */
  inPartCount: number;
  /** Those devices (first LISTED_DEVICES), for the documents that show a pass per check (HDF). */
  inPartDevices: string[];
}

/** An objective some devices showed only in part (their passes all of checks naming it in part). */
export interface ShownInPartOn {
  objectiveId: string;
  /** The devices, first LISTED_DEVICES, in the order they were added; `count` is whole. */
  devices: string[];
  count: number;
}

/** The catalog's leaves of a control, or the control's own objective id when it has none. */
function catalogLeavesOf(controlId: string, info: ControlInfo | undefined): string[] {
  return info?.leaves?.length ? info.leaves : [info?.objective ?? controlId];
}

/**
 * The leaves a control is judged on: the catalog's, then the requirements the profile adds (a
 * check passing everything the catalog asks has not shown what the organisation added).
 */
function leavesOf(controlId: string, info: ControlInfo | undefined): string[] {
  const own = catalogLeavesOf(controlId, info);
  const added = (info?.added ?? []).filter((id) => !own.includes(id));
  return added.length ? [...own, ...added] : own;
}

/** The added leaves of a finding's control, for `ControlFinding.added`. */
function addedOf(controlId: string, info: ControlInfo | undefined): { added?: string[] } {
  const own = catalogLeavesOf(controlId, info);
  const added = (info?.added ?? []).filter((id) => !own.includes(id));
  return added.length ? { added } : {};
}

/** Whether a leaf of a finding is one of the catalog's objectives, not a requirement the profile added. */
export function isCatalogObjective(f: Pick<ControlFinding, 'added'>, leaf: string): boolean {
  return !f.added?.includes(leaf);
}

/**
 * The leaves a finding leaves to the assessor as its texts name them (assess's and monitor's AR):
 * a requirement the profile added named as such (no objective of the catalog), an objective its
 * checks did not apply to with on how many devices (not applicable shows nothing).
 */
export function uncoveredNames(f: Pick<ControlFinding, 'uncovered' | 'objectives'>, deviceCount: number): string[] {
  const notShownOn = new Map(f.objectives.map((o) => [o.objectiveId, o.notShownCount]));
  return f.uncovered.map((u) => {
    if (u.why === 'added') return `${u.objectiveId} (a requirement the profile adds)`;
    const n = u.why === 'not-shown' ? notShownOn.get(u.objectiveId) ?? 0 : 0;
    return n > 0 ? `${u.objectiveId} (its checks did not apply on ${n} of ${deviceCount} device(s))` : u.objectiveId;
  });
}

/**
 * The leaves of `controlId` a check shows: those it names (or the single pseudo-leaf of a control
 * without objective data), never a requirement the profile added.
 */
function objectivesOfCheck(check: Check, controlId: string, leaves: readonly string[], info: ControlInfo | undefined): string[] {
  if (!info?.leaves?.length) return catalogLeavesOf(controlId, info);
  const own = catalogLeavesOf(controlId, info);
  return (check.objectives ?? []).filter((o) => controlOfObjective(o) === controlId && leaves.includes(o) && own.includes(o));
}

/** The indexes of the checks that name `objectiveId`, a leaf of `controlId`. */
function checksNaming(checks: readonly Check[], controlId: string, objectiveId: string, leaves: readonly string[], info: ControlInfo | undefined): number[] {
  return checks.flatMap((c, i) => (c.controls.includes(controlId) && objectivesOfCheck(c, controlId, leaves, info).includes(objectiveId) ? [i] : []));
}

/**
 * The leaves of a control that its checks can never show: named by no check, or only in part by
 * every check naming them. Whatever the results, the control's finding leaves them to the assessor
 * (`uncovered`, 'no-check' or 'in-part'), so a pass of all its checks never shows it satisfied;
 * a document that shows a pass per control (HDF's NIST view) must say so.
 */
export function leavesNoCheckShows(controlId: string, checks: readonly Check[], info: ControlInfo | undefined): string[] {
  const leaves = leavesOf(controlId, info);
  return leaves.filter((leaf) => {
    const idx = checksNaming(checks, controlId, leaf, leaves, info);
    return !idx.length || idx.every((i) => checks[i]!.inPart?.objectives.includes(leaf));
  });
}

/** Accumulates results one device at a time, so a fleet's results need not be held twice. */
export class ControlAggregator {
  private readonly byControl = new Map<string, ControlFinding>();
  private readonly accs = new Map<string, ObjectiveAcc[]>();
  private readonly checks: readonly Check[];
  /** Per check (by index), the findings of its controls: looked up once, not per device and check. */
  private readonly findingsOfCheck: ControlFinding[][];
  /** Every control's objective accumulators, in one list: each device visits them all. */
  private readonly allAccs: ObjectiveAcc[] = [];
  private deviceCount = 0;

  /** `selected`: the control ids of the --profile, when one replaces the baseline's list. */
  constructor(checks: readonly Check[], lookup: (id: string) => ControlInfo | undefined, baseline: string, selected?: ReadonlySet<string>) {
    this.checks = checks;
    const ids = [...new Set(checks.flatMap((c) => c.controls))].sort(compareControlIds);
    for (const id of ids) {
      const info = lookup(id);
      const leaves = leavesOf(id, info);
      this.byControl.set(id, {
        controlId: id,
        title: info?.title ?? id,
        targetId: info?.objective ?? id,
        targetType: 'objective-id',
        state: 'satisfied',
        reason: 'pass',
        checkIds: checks.filter((c) => c.controls.includes(id)).map((c) => c.id),
        failing: [],
        deviations: [],
        notCollected: [],
        inBaseline: selected ? selected.has(id) : info?.baselines.includes(baseline) ?? false,
        resultCount: 0,
        passCount: 0,
        leaves,
        ...addedOf(id, info),
        objectives: [],
        uncovered: [],
      });
      const accs: ObjectiveAcc[] = [];
      for (const objectiveId of leaves) {
        const idx = checksNaming(checks, id, objectiveId, leaves, info);
        if (!idx.length) continue;
        const partly = idx.map((i) => checks[i]!).filter((c) => c.inPart?.objectives.includes(objectiveId));
        // What each leaves out of this objective's control only (inPartOf), as the SSP and POA&M say it.
        const partWhys = partly.map((c) => `${c.id}: ${inPartOf(c, controlOfObjective(objectiveId) ?? id)}`);
        accs.push({
          objectiveId, checks: idx, naSatisfies: idx.map((i) => checks[i]!.notApplicable === 'satisfies'),
          whole: idx.map((i) => !checks[i]!.inPart?.objectives.includes(objectiveId)),
          partWhys, inPartCount: 0, inPartDevices: [],
          failingDevices: [], failingCount: 0, deviationCount: 0, notCollectedCount: 0, notShownDevices: [], notShownCount: 0, shownCount: 0,
          ...(partly.length === idx.length ? { inPart: partWhys } : {}),
        });
      }
      this.accs.set(id, accs);
      this.allAccs.push(...accs);
    }
    this.findingsOfCheck = checks.map((c) => c.controls.map((id) => this.byControl.get(id)!));
  }

  /**
   * One device's results: the status of every check, in the order of the checks the aggregator
   * was built with, and the deviation behind each status "deviation".
   */
  addDevice(deviceId: string, statuses: readonly CheckStatus[], deviationOf: (checkId: string) => DeviationRecord | undefined): void {
    this.deviceCount++;
    // Plain loops over lists made once (the constructor's): every device of a fleet comes through
    // here, once per side in diff and monitor.
    const n = Math.min(statuses.length, this.checks.length);
    for (let i = 0; i < n; i++) {
      const status = statuses[i];
      const check = this.checks[i]!;
      // One pair shared by the controls of the check: a fleet's results are millions of pairs.
      let pair: { deviceId: string; checkId: string } | undefined;
      for (const f of this.findingsOfCheck[i]!) {
        f.resultCount++;
        if (status === 'pass') f.passCount++;
        else if (status === 'fail') {
          f.failing.push((pair ??= { deviceId, checkId: check.id }));
          f.severity = highest(f.severity, check.severity);
        } else if (status === 'deviation') {
          const deviation = deviationOf(check.id);
          if (deviation) f.deviations.push({ ...(pair ??= { deviceId, checkId: check.id }), deviation });
          f.severity = highest(f.severity, check.severity);
        } else if (status === 'not-collected') {
          f.notCollected.push((pair ??= { deviceId, checkId: check.id }));
        }
      }
    }
    for (const o of this.allAccs) {
      let fail = false;
      let deviation = false;
      let missing = false;
      let notShown = false;
      let pass = false;
      let wholePass = false;
      const cis = o.checks;
      for (let k = 0; k < cis.length; k++) {
        const s = statuses[cis[k]!];
        if (s === 'pass') {
          pass = true;
          if (o.whole[k]) wholePass = true;
        }
        else if (s === 'fail') fail = true;
        else if (s === 'deviation') deviation = true;
        else if (s === 'not-collected' || s === undefined) missing = true;
        else if (s === 'not-applicable' && !o.naSatisfies[k]) notShown = true;
      }
      if (fail) {
        o.failingCount++;
        if (o.failingDevices.length < LISTED_DEVICES) o.failingDevices.push(deviceId);
      } else if (deviation) o.deviationCount++;
      else if (missing) o.notCollectedCount++;
      else if (notShown || !pass) {
        // Not applicable, or every check not applicable because its feature is off: nothing shown here.
        o.notShownCount++;
        if (o.notShownDevices.length < LISTED_DEVICES) o.notShownDevices.push(deviceId);
      } else if (!wholePass && !o.inPart) {
        // Only checks showing it in part passed, those showing it whole not applicable (a directory
        // policy's check on a console without LDAP beside a local one in part): a satisfying "not
        // applicable" shows nothing, so the passes show the objective only in part.
        o.inPartCount++;
        if (o.inPartDevices.length < LISTED_DEVICES) o.inPartDevices.push(deviceId);
      } else o.shownCount++;
    }
  }

  /**
   * The objectives of `controlId` that some device showed only in part: checks naming them whole
   * exist but did not apply there (a directory policy's check on a console without LDAP), so the passes
   * of the in-part checks left them to the assessor on those devices. Static leavesNoCheckShows
   * cannot know these; a document showing a pass per check (HDF's NIST view) must say them too.
   */
  shownInPartOn(controlId: string): ShownInPartOn[] {
    return (this.accs.get(controlId) ?? []).filter((o) => o.inPartCount > 0).map((o) => ({ objectiveId: o.objectiveId, devices: [...o.inPartDevices], count: o.inPartCount }));
  }

  /** The verdicts: per covered objective, and per control from all its leaf objectives. */
  findings(): ControlFinding[] {
    return [...this.byControl.values()].map((f) => {
      const objectives = (this.accs.get(f.controlId) ?? []).map((o) => objectiveFinding(o, this.checks, this.deviceCount));
      return settle({ ...f, objectives });
    });
  }
}

function objectiveFinding(o: ObjectiveAcc, checks: readonly Check[], deviceCount: number): ObjectiveFinding {
  const base = {
    objectiveId: o.objectiveId,
    checkIds: o.checks.map((i) => checks[i]!.id),
    failingDevices: [...o.failingDevices],
    failingCount: o.failingCount,
    deviationCount: o.deviationCount,
    notCollectedCount: o.notCollectedCount,
    notShownDevices: [...o.notShownDevices],
    notShownCount: o.notShownCount,
  };
  if (o.failingCount) return { ...base, state: 'not-satisfied', reason: 'fail' };
  if (o.deviationCount || o.notCollectedCount) return { ...base, state: 'not-satisfied', reason: 'other' };
  if (o.notShownCount || deviceCount === 0) return { ...base, state: 'not-shown', reason: 'other' };
  // Shown only in part by every check naming it: a pass everywhere still leaves the rest to the assessor.
  if (o.inPart) return { ...base, state: 'not-shown', reason: 'other', inPart: o.inPart };
  // On some device only by checks showing it in part: as above, by those checks.
  if (o.inPartCount) return { ...base, state: 'not-shown', reason: 'other', inPart: o.partWhys };
  return { ...base, state: 'satisfied', reason: 'pass' };
}

/** The control's state, reason and uncovered leaves from its objective findings. */
function settle(f: ControlFinding): ControlFinding {
  const byId = new Map(f.objectives.map((o) => [o.objectiveId, o]));
  const uncovered: UncoveredObjective[] = [];
  for (const leaf of f.leaves) {
    const o = byId.get(leaf);
    if (!o) uncovered.push({ objectiveId: leaf, why: f.added?.includes(leaf) ? 'added' : 'no-check' });
    else if (o.state === 'not-shown') uncovered.push({ objectiveId: leaf, why: o.inPart ? 'in-part' : 'not-shown' });
  }
  const failed = f.objectives.filter((o) => o.state === 'not-satisfied');
  if (failed.length) return { ...f, uncovered, state: 'not-satisfied', reason: failed.some((o) => o.reason === 'fail') || f.failing.length ? 'fail' : 'other' };
  if (uncovered.length) return { ...f, uncovered, state: 'partial', reason: 'other' };
  return { ...f, uncovered, state: 'satisfied', reason: 'pass' };
}

/** ac-2 < ac-2.1 < ac-2.10 < ac-3 (numeric, not lexical). */
export function compareControlIds(a: string, b: string): number {
  const pa = a.split(/[-.]/);
  const pb = b.split(/[-.]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (c !== 0) return c;
  }
  return 0;
}

/** Baseline controls no automated check covers: listed for manual assessment, never claimed. */
export function manualControls(baselineIds: readonly string[], checks: readonly Check[]): string[] {
  const covered = new Set(checks.flatMap((c) => c.controls));
  return baselineIds.filter((id) => !covered.has(id));
}

/** The finding of a control no check covers, before attestations (or their absence) decide it. */
function uncheckedFinding(id: string, info: ControlInfo | undefined, inBaseline: boolean): ControlFinding {
  return {
    controlId: id, title: info?.title ?? id, targetId: info?.objective ?? id, targetType: 'objective-id', state: 'partial', reason: 'other',
    checkIds: [], failing: [], deviations: [], notCollected: [], inBaseline, resultCount: 0, passCount: 0,
    leaves: leavesOf(id, info), ...addedOf(id, info), objectives: [], uncovered: [],
  };
}

/** The leaves an attestation covers: those it names (resolved when it was read), else the whole control. */
function attestedLeaves(a: Attestation, leaves: readonly string[]): string[] {
  return a.objectives?.length ? leaves.filter((l) => a.objectives!.includes(l)) : [...leaves];
}

/**
 * Adds manual attestations to the findings, objective by objective. An attestation covers the
 * objectives it names (or the statements it names map to), else every objective of its control.
 * Attestations add to automated evidence, never override it: an objective a check failed stays
 * not satisfied; an objective covered by an expired attestation is not satisfied (reason "other":
 * nothing failed, the evidence lapsed); one covered by current attestations only is satisfied.
 * The control is then settled from its leaves as for checks. Pure; findings come back in
 * control-id order.
 */
export function withAttestations(
  findings: readonly ControlFinding[],
  attestations: readonly Attestation[],
  lookup: (id: string) => ControlInfo | undefined,
  inScope: (id: string) => boolean,
): ControlFinding[] {
  if (attestations.length === 0) return [...findings];
  const byControl = new Map<string, Attestation[]>();
  for (const a of attestations) byControl.set(a.controlId, [...(byControl.get(a.controlId) ?? []), a]);
  const attest = (f: ControlFinding, list: Attestation[]): ControlFinding => {
    const objectives = new Map(f.objectives.map((o) => [o.objectiveId, { ...o }]));
    for (const leaf of f.leaves) {
      const covering = list.filter((a) => attestedLeaves(a, f.leaves).includes(leaf));
      if (!covering.length) continue;
      const keys = covering.map((a) => a.key);
      const lapsed = covering.some((a) => a.status === 'expired');
      // Only a reviewed attestation counts; one awaiting review shows nothing (docs/attestations.md).
      const reviewed = covering.some(attestationCounts);
      const had = objectives.get(leaf);
      if (had) {
        had.attestedBy = keys;
        if (had.state === 'not-satisfied') continue; // an attestation never mends a failed check
        if (lapsed) Object.assign(had, { state: 'not-satisfied', reason: 'other' });
        else if (reviewed) Object.assign(had, { state: 'satisfied', reason: 'pass' });
        else if (had.state !== 'satisfied') Object.assign(had, { state: 'not-satisfied', reason: 'other' }); // attested, awaiting review
      } else {
        const ok = !lapsed && reviewed;
        objectives.set(leaf, {
          objectiveId: leaf, state: ok ? 'satisfied' : 'not-satisfied', reason: ok ? 'pass' : 'other', checkIds: [],
          failingDevices: [], failingCount: 0, deviationCount: 0, notCollectedCount: 0, notShownDevices: [], notShownCount: 0, attestedBy: keys,
        });
      }
    }
    const ordered = f.leaves.flatMap((l) => (objectives.has(l) ? [objectives.get(l)!] : []));
    return settle({ ...f, objectives: ordered, attestations: list });
  };
  const out: ControlFinding[] = findings.map((f) => {
    const list = byControl.get(f.controlId);
    if (!list) return f;
    byControl.delete(f.controlId);
    return attest(f, list);
  });
  for (const [id, list] of byControl) out.push(attest(uncheckedFinding(id, lookup(id), inScope(id)), list));
  return out.sort((a, b) => compareControlIds(a.controlId, b.controlId));
}

/**
 * The controls the system description expects attested (docs/ssp.md, `evidence: attestation`)
 * that no attestation names, whatever its state: a lapsed or unreviewed one is its own weakness.
 */
export function missingAttestations(expected: readonly string[], attestations: readonly Attestation[]): string[] {
  const named = new Set(attestations.map((a) => a.controlId));
  return [...new Set(expected)].filter((id) => !named.has(id));
}

/**
 * Marks the controls whose expected attestation is missing: every leaf objective nothing else
 * decided (no check, or checks that did not show it) becomes not satisfied, reason "other"
 * ("attestation expected, none supplied"), so the control is not satisfied and never merely
 * "left to the assessor". Objectives the checks decided keep their verdict. Pure; findings come
 * back in control-id order.
 */
export function withMissingAttestations(
  findings: readonly ControlFinding[],
  missing: readonly string[],
  lookup: (id: string) => ControlInfo | undefined,
  inScope: (id: string) => boolean,
): ControlFinding[] {
  if (missing.length === 0) return [...findings];
  const mark = (f: ControlFinding): ControlFinding => {
    const objectives = new Map(f.objectives.map((o) => [o.objectiveId, o]));
    for (const leaf of f.leaves) {
      const had = objectives.get(leaf);
      if (had && had.state !== 'not-shown') continue;
      objectives.set(leaf, {
        objectiveId: leaf, state: 'not-satisfied', reason: 'other', checkIds: had?.checkIds ?? [],
        failingDevices: [], failingCount: 0, deviationCount: 0, notCollectedCount: 0, notShownDevices: had?.notShownDevices ?? [], notShownCount: had?.notShownCount ?? 0, attestationMissing: true,
      });
    }
    return settle({ ...f, objectives: f.leaves.flatMap((l) => (objectives.has(l) ? [objectives.get(l)!] : [])), attestationMissing: true });
  };
  const want = new Set(missing);
  const out = findings.map((f) => (want.delete(f.controlId) ? mark(f) : f));
  for (const id of want) out.push(mark(uncheckedFinding(id, lookup(id), inScope(id))));
  return out.sort((a, b) => compareControlIds(a.controlId, b.controlId));
}

/** Controls of the selection (baseline or profile) no automated check covers and no attestation speaks for. */
export function manualControlsAfterAttestations(selected: readonly string[], checks: readonly Check[], attestations: readonly Attestation[]): string[] {
  const attested = new Set(attestations.map((a) => a.controlId));
  return manualControls(selected, checks).filter((id) => !attested.has(id));
}

/**
 * The controls of the selection left to manual assessment, as assess and monitor state them: no
 * check covers them, no attestation names them, and none is expected and missing (that one is a
 * finding, not satisfied).
 */
export function manualControlsOf(selected: readonly string[], checks: readonly Check[], attestations: readonly Attestation[], expected: readonly string[]): string[] {
  const missing = new Set(missingAttestations(expected, attestations));
  return manualControlsAfterAttestations(selected, checks, attestations).filter((id) => !missing.has(id));
}

/** Controls assessed only in part: nothing failed, but something is left undecided (partialWhys). */
export function partialControls(findings: readonly ControlFinding[]): ControlFinding[] {
  return findings.filter((f) => f.state === 'partial');
}

/**
 * Why a control is partially assessed, as its finding shows it: `objectives-left` (leaf objectives
 * no check or attestation shows: none maps to them, or the checks show them only in part),
 * `odps-undefined` (attested, with ODPs nobody defined: ec02d21), `profile-added` (requirements
 * the --profile adds, which no check shows), `not-applied` (its checks did not apply on some
 * device: not applicable is no evidence). A control may have more than one. Pure.
 */
export type PartialWhy = 'objectives-left' | 'odps-undefined' | 'profile-added' | 'not-applied';
export const PARTIAL_WHYS: readonly PartialWhy[] = ['objectives-left', 'odps-undefined', 'profile-added', 'not-applied'];

export function partialWhys(f: { uncovered: ReadonlyArray<Pick<UncoveredObjective, 'why'>>; undefinedOdps?: readonly string[] }): PartialWhy[] {
  const whyOf = { 'no-check': 'objectives-left', 'in-part': 'objectives-left', added: 'profile-added', 'not-shown': 'not-applied' } as const;
  const found = new Set<PartialWhy>(f.uncovered.map((u) => whyOf[u.why]));
  if (f.undefinedOdps?.length) found.add('odps-undefined');
  return PARTIAL_WHYS.filter((w) => found.has(w));
}

/** How many of a control's leaves left undecided (`uncovered`) are so for each reason (partialWhys' words); reasons with none left out. Pure. */
export function leftByWhy(uncovered: ReadonlyArray<Pick<UncoveredObjective, 'why'>>): Partial<Record<PartialWhy, number>> {
  const out: Partial<Record<PartialWhy, number>> = {};
  for (const u of uncovered) {
    const w = partialWhys({ uncovered: [u] })[0]!;
    out[w] = (out[w] ?? 0) + 1;
  }
  return out;
}

/**
 * What one partially assessed control still needs, counted ("8 objectives left to the assessor; 5
 * parameters the organisation has not defined"), as the assess CLI and the SSP say it: `by` its
 * leaves left for each reason (leftByWhy), `undefinedOdps` how many of its ODPs nobody defined. An
 * attested control partial for its ODPs alone names them alone: "0 objectives" would say nothing is
 * missing. Pure.
 */
export function partialLeftText(by: Partial<Record<PartialWhy, number>>, undefinedOdps: number): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const leaves = (by['objectives-left'] ?? 0) + (by['profile-added'] ?? 0) + (by['not-applied'] ?? 0);
  return [
    ...(by['objectives-left'] || (!leaves && !undefinedOdps) ? [`${n(by['objectives-left'] ?? 0, 'objective', 'objectives')} left to the assessor`] : []),
    ...(by['profile-added'] ? [n(by['profile-added'], 'requirement the profile adds', 'requirements the profile adds')] : []),
    ...(by['not-applied'] ? [`${n(by['not-applied'], 'objective', 'objectives')} whose checks did not apply on every device`] : []),
    ...(undefinedOdps ? [`${n(undefinedOdps, 'parameter', 'parameters')} the organisation has not defined`] : []),
  ].join('; ');
}

/** How many of the partially assessed controls are so for each reason (`whys`: each one's partialWhys). */
export function partialWhyCounts(whys: ReadonlyArray<readonly PartialWhy[]>): Record<PartialWhy, number> {
  const counts = Object.fromEntries(PARTIAL_WHYS.map((w) => [w, 0])) as Record<PartialWhy, number>;
  for (const list of whys) for (const w of new Set(list)) counts[w]++;
  return counts;
}

/**
 * The counts said in words, as every document's summary says them ("1 with objectives left to the
 * assessor, 1 with parameters the organisation has not defined"); the wording of the assess CLI's
 * summary (bf16972), saying so where a control counts under more than one (`total`: how many are
 * partial). '' when no control is partial.
 */
export function partialWhyText(counts: Record<PartialWhy, number>, total: number): string {
  const words: Record<PartialWhy, string> = {
    'objectives-left': 'with objectives left to the assessor',
    'odps-undefined': 'with parameters the organisation has not defined, which an attestation cannot show met',
    'profile-added': 'with requirements the profile adds that no check shows',
    'not-applied': 'whose checks did not apply on every device (not applicable is no evidence)',
  };
  const said = PARTIAL_WHYS.filter((w) => counts[w] > 0);
  const sum = said.reduce((t, w) => t + counts[w], 0);
  return `${said.map((w) => `${counts[w]} ${words[w]}`).join(', ')}${sum > total ? '; some controls for more than one of these' : ''}`;
}

/**
 * What a partially assessed control still needs, for each reason: the words every document uses
 * where it says where that is listed (the PDF's manual section and POA&M) or defines a partially
 * assessed control (the PDF's controls section), so no text names fewer reasons than there are.
 */
const PARTIAL_NEEDS: Record<PartialWhy, string> = {
  'objectives-left': 'objectives left to the assessor',
  'odps-undefined': 'parameters to define',
  'profile-added': 'requirements the profile adds',
  'not-applied': 'objectives whose checks did not apply on every device',
};

/**
 * The needs of the reasons `counts` has (every reason when none is given: the definition), e.g.
 * "objectives left to the assessor, parameters to define". Pure.
 */
export function partialNeedsText(counts?: Record<PartialWhy, number>): string {
  return PARTIAL_WHYS.filter((w) => !counts || counts[w] > 0).map((w) => PARTIAL_NEEDS[w]).join(', ');
}

/**
 * The findings as `assess` reports them at `day` (the clock, RFC 3339, or a day), from the checks' findings: the attestations
 * given by then (each at its status that day) added, and the controls whose expected attestation
 * no attestation names marked. `all` is the whole attestations file: an attestation given later
 * still names its control. One definition for drift's two sides and monitor's stored summary. Pure.
 */
export function findingsOnDay(
  findings: readonly ControlFinding[],
  attested: { all: readonly Attestation[]; expected: readonly string[]; day: string },
  lookup: (id: string) => ControlInfo | undefined,
  inScope: (id: string) => boolean,
): ControlFinding[] {
  const given = attested.all.filter((x) => x.when <= latestDayBegun(attested.day)).map((x) => ({ ...x, status: attestationStatus(x.expires, attested.day) }));
  const withGiven = given.length === 0 ? [...findings] : withAttestations(findings, given, lookup, inScope);
  const missing = missingAttestations(attested.expected, attested.all);
  return missing.length ? withMissingAttestations(withGiven, missing, lookup, inScope) : withGiven;
}
