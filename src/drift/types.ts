// The drift model: plain, JSON-serialisable data in a stable order (devices by id, changes by path,
// controls in catalog order). Secrets never enter it: a changed secret is "changed" with
// "[REDACTED]" on both sides.
import type { ControlInfo, ControlState, PartialWhy } from '../assess/controls.js';
import type { Attestation } from '../attest/attestations.js';
import type { Check } from '../catalog/types.js';
import type { CheckStatus, DeviationRecord, ResolvedParams } from '../evaluate/evaluate-check.js';
import type { Layer, Snapshot } from '../snapshot/types.js';
import type { LayerCounts } from '../assess/layer-counts.js';
import type { ReportSystem } from '../report/model.js';
import { UserError } from '../io/errors.js';

export const DRIFT_FORMAT_VERSION = '1';

/** Everything the comparison needs besides the two sides: the same configuration as `assess`. */
export interface DriftContext {
  checks: readonly Check[];
  params: ResolvedParams;
  deviations: readonly DeviationRecord[];
  lookupControl: (id: string) => ControlInfo | undefined;
  baseline: string;
  /**
   * The --profile's controls where one replaces the baseline's list (assess/controls.ts
   * ControlAggregator): a finding is in the selection, and an attestation in scope, by this list.
   */
  selected?: ReadonlySet<string>;
  /** The report clock (RFC 3339 UTC): `--now`. Items due by then are listed (certificate expiry, …). */
  now: string;
  /** Digest of checks, params, deviations (RunConfig.inputDigest): recorded in drift.json. */
  configDigest: string;
  /** Per check: the snapshot fields it reads (dotted, `[]` for list items) — derived once. */
  readsByCheck: ReadonlyMap<string, readonly string[]>;
  /** Checks whose verdict depends on the clock (max-age-*, min-remaining-days, older-than-days). */
  timeChecks: ReadonlySet<string>;
  /**
   * Manual attestations (--attestations), as `assess` applies them to the findings: each side
   * counts those given by its day, current or expired on that day.
   */
  attestations?: readonly Attestation[];
  /**
   * The controls the system description (--system) expects attested (`evidence: attestation`):
   * one that no attestation names is not satisfied on each side, as `assess` says.
   */
  expectedAttestations?: readonly string[];
  /**
   * The old side's own attestations and expected attestations, where they are known apart from
   * this run's (monitor: those the previous run recorded). Absent: `attestations` and
   * `expectedAttestations` judge both sides. An attestation removed from the file since then is
   * then not taken away from the old side, whose report counted it.
   */
  old?: { attestations: readonly Attestation[]; expectedAttestations: readonly string[] };
  /**
   * A control's ODP ids and those the run's configuration defines (assess/config.ts definedOdps):
   * NEW's attested controls name the ODPs nothing defines, as assess's finding does. Absent: not said.
   */
  odps?: {
    of: (controlId: string) => readonly string[]; defined: ReadonlySet<string>; label?: (controlId: string, odp: string) => string | undefined; inserts?: (objectiveId: string) => readonly string[];
    /** The ODPs a side's own run defined, where its package records them (SideInfo.ownOdps): that side is judged with these instead of `defined`. */
    bySide?: { old?: ReadonlySet<string>; new?: ReadonlySet<string> };
    /** Their values, where a side's package records them (`diff`): a selection defined otherwise on each side is a cause too. */
    valuesBySide?: { old?: ReadonlyMap<string, string>; new?: ReadonlyMap<string, string> };
  };
  /**
   * The checks as a side's own run showed them, where its package records its ODP values (`diff`):
   * an objective inserting a selection shown in part unless the pass shows the choices that side's
   * organisation made (catalog/selection-shown.ts). Index for index `checks`; absent: `checks`.
   */
  sideChecks?: { old?: readonly Check[]; new?: readonly Check[] };
  /** Some check shows an objective a selection's choice can change (catalog/selection-shown.ts hasSelectionObjectives). */
  selectionObjectives?: true;
  /**
   * The assessor and assessment team the system description names: with none, a review is not
   * confirmed as an assessor's, as assess's finding says. Absent: not known, not said.
   */
  team?: readonly string[];
}

/** One device of one side: its snapshot, where it came from, and its check results. */
export interface AssessedDevice {
  id: string;
  /** The snapshot as read (may hold secrets: never copied into output). Not cloned. */
  snapshot: Snapshot;
  collectedAt: string;
  /** The file the snapshot came from (evidence file inside an assessment folder, or input path). */
  file: string;
  sha256: string;
  /** The console's serial number, where the snapshot gives one: two consoles under one id are refused (run.ts keepLatest). */
  serial?: string;
  /** Status of each check, in catalog (ctx.checks) order. */
  statuses: CheckStatus[];
  /** For checks that did not pass: what was seen and required (secrets scrubbed). */
  details: Map<string, { observed: string; expected: string; reason?: string; deviation?: DeviationRecord; expiredDeviation?: DeviationRecord }>;
  /** Texts only for some checks (assessDevice `textsFor`): valid for one comparison only. */
  partial?: true;
  /** The snapshot was older than the accepted evidence age at the side's assessment clock. */
  stale?: true;
  /** The clock (RFC 3339) its deviations were judged at (assessDevice's `today`): tells which side is the later (compareChecks). */
  deviationsAt?: string;
}

/** A digest a side recorded and the one this run has. */
export interface DigestChange {
  recorded: string;
  current: string;
}

export interface SideInfo {
  /** How the user named the side (path). */
  label: string;
  kind: 'snapshots' | 'exports' | 'assessment' | 'store';
  /** The side's assessment date-time: deviations are valid on its date (YYYY-MM-DD). */
  at: string;
  devices: number;
  /** A monitor run: the evidence store's ledger up to this run's snapshots (entry count, last hash), an anchor kept outside the store. */
  store?: { entries: number; head: string };
  /**
   * `diff`: an assessment folder made by another version of ato-evidence (`tool`; its AR's
   * `generator`), either side.
   * A monitor run's previous run that was recorded with another configuration (checks, parameters,
   * deviations, catalog, profile) or version of ato-evidence: what it recorded. Its snapshots were
   * evaluated again with this run's, so no difference comes from the rules, and its states here
   * may differ from those its own report gave.
   * `rules`: where neither the configuration digest nor the version tells them apart, the rules
   * digests (src/assess/rules-digest.ts) recorded by that side and this run's: the bundled
   * reference data differ (monitor), or the configuration or the bundled data (diff: a package
   * records only the rules digest). `program`: monitor, where even the rules digests agree, the
   * code that evaluated the previous run was another build of the same version.
   */
  reassessed?: { configDigest?: string; tool?: string; rules?: DigestChange; program?: DigestChange };
  /**
   * `diff`: an assessment folder whose SSP states every organisation-defined parameter its run
   * defined (set-parameters, metadata prop `defined-odps`); `monitor`: a previous run whose summary
   * records them (RunSummary.definedOdps). Its attested controls are judged here with those, not
   * this run's (withUndefinedOdps). Absent: judged with this run's (a package or run written before
   * it recorded them, or a side of snapshots).
   */
  ownOdps?: true;
  /**
   * Its checks' objectives that insert a selection are shown here with the values its run defined
   * (DriftContext.sideChecks): `diff`, as ownOdps; `monitor`, where the previous run's summary records
   * their values too (RunSummary.definedOdpValues). Absent: shown with this run's values, or this run's checks
   * show no objective a selection's choice can change (DriftContext.selectionObjectives), and drift.md names none.
   */
  ownSelections?: true;
  /**
   * A run's side (package or store) that does not record its ODP values, where this run's checks show
   * objectives a selection's choice can change (DriftContext.selectionObjectives): those are judged
   * with this run's values, and drift.md says so (templates/odps-not-recorded.hbs, odps-own.hbs).
   */
  selectionsThisRun?: true;
}

/** One run, assessed: device id -> device. Build with `buildSide` or `readSide`. */
export interface AssessedSide {
  info: SideInfo;
  devices: Map<string, AssessedDevice>;
}

export interface SettingChange {
  /** Readable location, keyed by identity: "firewall.rules[Remote Desktop|inbound].enabled". */
  path: string;
  /** The catalog-style field (dotted, `[]` for list items): "firewall.rules[].enabled". */
  field: string;
  kind: 'added' | 'removed' | 'changed';
  old?: unknown;
  new?: unknown;
  layer: Layer | 'device';
  /**
   * Checks this change can move: those that read the field, less those that read its list only
   * through a `where` on the item's name and select another item (selected-items.ts). The same
   * rule decides a check change's cause `setting`; which checks are judged again follows every read.
   */
  checks: string[];
  /** True when the value is a secret (old/new are then "[REDACTED]"). */
  secret?: true;
  /** A timestamp that moves with every collection (last signature update, sync, logon): listed, but alone it does not make a device "changed". */
  volatile?: true;
}

export interface CheckChange {
  checkId: string;
  layer: Layer;
  old?: CheckStatus;
  new?: CheckStatus;
  /** regressed: was pass/n-a, now fail/deviation/not-collected; remediated: the reverse; changed: other moves. */
  transition: 'regressed' | 'remediated' | 'changed';
  /**
   * Why, when known: a setting it reads changed; the clock moved (nothing it reads changed); a
   * deviation expired (`deviation`: its day ended, a time-based change); the organisation granted a
   * deviation for a fail (`deviation-granted`) or withdrew one that had not expired
   * (`deviation-withdrawn`): its decision, neither the console nor the clock; the evidence of one side is stale at its clock and the
   * other's is not (`stale`); what the snapshots say was collected changed for a field it reads
   * (`coverage`: a list now known partial, a scope now read from a policy file); a value it reads
   * comes only from a policy file on one side and not the other, or a reordered list moved such a
   * value onto another item (`policy-source`). docs/drift.md lists them.
   */
  cause: 'setting' | 'time' | 'deviation' | 'deviation-granted' | 'deviation-withdrawn' | 'stale' | 'coverage' | 'policy-source' | 'exports-disagree' | 'one-profile-source' | 'unknown';
  /** What was seen on each side (scrubbed of secrets), whether the check failed or passed there. */
  oldObserved?: string;
  newObserved?: string;
  expected?: string;
  /**
   * Why a side is not collected, as that side's assessment results say it (an observation's
   * `not-collected-reason`, else the values its `not-collected` prop names): stale evidence, a
   * pass whose time limit lapsed, a value the snapshot does not hold. The observed text alone
   * cannot tell a reader why a value that is there is not a pass.
   */
  oldReason?: string;
  newReason?: string;
}

/** A check whose verdict changed with the clock alone (no setting it reads changed). */
export interface TimeDrift {
  checkId: string;
  layer: Layer;
  what: 'signature-age' | 'time-sync' | 'certificate-expiry' | 'deviation-expiry' | 'other';
  old?: CheckStatus;
  new?: CheckStatus;
  /** Plain sentence, e.g. "signatures 9 days old at 2026-11-02T13:05:00Z (limit 7)". */
  message: string;
}

/**
 * A check whose verdict changed by the organisation's decision: a deviation granted for a fail, or
 * one withdrawn before it expired. Not a time-based change (TimeDrift), nor the console's.
 */
export interface DecisionDrift {
  checkId: string;
  layer: Layer;
  what: 'deviation-granted' | 'deviation-withdrawn';
  old?: CheckStatus;
  new?: CheckStatus;
  /** Plain sentence naming the deviation (its source and expiry). */
  message: string;
}

/** Something that comes due by the report clock (`now`) plus DUE_WITHIN_DAYS without a new collection. */
export interface DueItem {
  deviceId: string;
  checkId?: string;
  what: 'signature-age' | 'time-sync' | 'certificate-expiry' | 'deviation-expiry' | 'evidence-age' | 'other';
  /** The date it passes (or passed) its limit, YYYY-MM-DD. */
  due?: string;
  /** A pass's lapse and the evidence's max age: the earliest instant it stops being a pass (RFC 3339). */
  at?: string;
  message: string;
}

/**
 * The rows of `due` that come due at the same moment for the same reason (the same `what`, check,
 * instant or day, and message), with the devices concerned: what drift.md, the monitoring PDF and
 * the CLI show, one row per group (a fleet collected together comes due together: one row for
 * 1,000 devices' stale evidence, not 1,000). `due` keeps one row per device, as before.
 */
export interface DueGroup {
  what: DueItem['what'];
  checkId?: string;
  due?: string;
  at?: string;
  message: string;
  /** How many devices (the length of `devices`). */
  count: number;
  /** The devices, by id, in order. */
  devices: string[];
}

export interface DeviceDrift {
  deviceId: string;
  /** both: compared; added: only in NEW; removed: only in OLD (never silently dropped). */
  presence: 'both' | 'added' | 'removed';
  old?: { collectedAt: string; file: string; sha256: string };
  new?: { collectedAt: string; file: string; sha256: string };
  settings: SettingChange[];
  checks: CheckChange[];
  time: TimeDrift[];
  /** Checks moved by the organisation's decision (a deviation granted or withdrawn); absent in a drift written before. */
  decisions?: DecisionDrift[];
  /**
   * Set when the console NEW gives under this id is one OLD knew under another id (`wasId`): two
   * consoles swapped ids, or the exports were mislabelled. Its checks that got better are
   * "changed", not "remediated", and the controls they bettered are "unverified".
   */
  identity?: { oldSerial: string; newSerial: string; wasId: string };
}

export interface ControlTransition {
  controlId: string;
  title: string;
  /**
   * regressed: satisfied became partially assessed or not satisfied, or partial became not
   * satisfied; remediated: the reverse; still-failing: not satisfied on both sides.
   * unverified: better in NEW, or (not satisfied in OLD) shown by no result in NEW (`new` absent:
   * "not assessed this time"), only because a device responsible for OLD's state is missing from
   * NEW (not collected this time), or is now another console under the same id (DeviceDrift
   * identity): nothing shows it was fixed, so it is not a remediation and stays open.
   * A control not satisfied in OLD whose only results in NEW are "not collected" is still-failing
   * (assess says not satisfied on both sides), its OLD pairs on missing devices named too.
   */
  transition: 'regressed' | 'remediated' | 'unverified' | 'still-failing' | 'newly-assessed' | 'no-longer-assessed';
  old?: ControlState;
  new?: ControlState;
  inBaseline: boolean;
  /**
   * The device/check pairs responsible: failing/deviating/not-collected on the side that is not
   * satisfied, or (partially assessed) not applicable where that left an objective not shown.
   */
  responsible: Array<{ deviceId: string; checkId: string; old?: CheckStatus; new?: CheckStatus; expiredDeviation?: { approver: string; expires: string } }>;
  /** Set when `responsible` was cut short (huge fleets): the full count. */
  responsibleTotal?: number;
  /** Manual attestations of the control that had expired on the side that is not satisfied. */
  lapsed?: Array<{ name: string; expires: string }>;
  /**
   * Attestations the old side counted (monitor: from the previous run's own file) that this run's
   * attestations file no longer holds: gone, not lapsed. By whom and the day given.
   */
  withdrawn?: Array<{ name: string; when: string }>;
  /**
   * The side blamed (NEW, but OLD for a control no longer assessed, remediated or unverified) is not
   * satisfied because the system description expects an attestation of it and none was supplied, as
   * its AR finding says ("Attestation expected, none supplied"): the reason a row with no failing
   * pair would otherwise lack.
   */
  attestationMissing?: true;
  /**
   * An attested control (either side), or one whose checks show a selection objective in part on one
   * side only (shownByChecks), whose organisation-defined parameters one side's run defined and the other's did not, each side judged with its own (SideInfo.ownOdps): an attestation
   * satisfies a control only where they are defined, so this is a cause of the transition. The
   * ODPs with the catalog's labels, as undefinedOdpNames.
   */
  odpsChanged?: {
    definedOnlyOld: string[];
    definedOnlyNew: string[];
    /**
     * Set where the sides' checks show an objective of the control that inserts a selection ODP
     * differently (each side's own values, DriftContext.sideChecks): a pass shows it only where the
     * organisation chose what the pass shows. `attested`: the control is attested too. Absent: only an attestation.
     */
    shownByChecks?: true;
    attested?: true;
    /** With shownByChecks: its ODPs both runs defined, with other values (absent: none). */
    definedOtherwise?: string[];
  };
  /**
   * What NEW's state rests on besides check results, where assess of NEW's finding qualifies it
   * (set only when there is something to say): its manual attestations (how many), reviews not
   * confirmed as an assessor's (no assessor or assessment team named), the ODPs of an attested
   * control that nothing defines, the checks that show a satisfied or partially assessed control
   * only in part and what each leaves out.
   */
  newBasis?: { attestations?: number; reviewerUnconfirmed?: true; undefinedOdps?: string[]; undefinedOdpNames?: string[]; inPart?: Array<{ checkId: string; why: string }> };
}

export interface DriftSummary {
  devices: {
    old: number; new: number; compared: number; added: number; removed: number; changed: number; unchanged: number; swapped?: number;
    /**
     * Of `changed`, those whose every change is a check moved by the clock alone (cause `time`: no
     * setting, deviation or collection changed; a pass lapsing as evidence ages): a reader must not
     * take them for consoles whose configuration changed. Absent in a drift written before.
     */
    byClock?: number;
  };
  settings: { added: number; removed: number; changed: number };
  checks: { regressed: number; remediated: number; changed: number; failingNew: number };
  controls: { regressed: number; remediated: number; unverified: number; stillFailing: number; newlyAssessed: number; noLongerAssessed: number; satisfiedOld: number; satisfiedNew: number; partialOld?: number; partialNew?: number; /** Of partialNew, how many for each reason (assess/controls.ts partialWhys); a drift written before had none. */ partialWhysNew?: Record<PartialWhy, number>; /** Of partialOld, the same, from the old side's findings; a drift written before had none. */ partialWhysOld?: Record<PartialWhy, number> };
  time: number;
  /** Check changes by the organisation's decision (deviations granted or withdrawn); absent in a drift written before. */
  decisions?: number;
  due: number;
  /** The rows of `dueGroups` (devices due at the same moment for the same reason, one row). */
  dueGroups?: number;
}

export interface Drift {
  driftVersion: typeof DRIFT_FORMAT_VERSION;
  /** The report clock. */
  now: string;
  configDigest: string;
  old: SideInfo;
  new: SideInfo;
  summary: DriftSummary;
  /** Controls whose state or responsible pairs are worth reporting (unchanged satisfied ones are omitted). */
  controls: ControlTransition[];
  /**
   * Controls satisfied or partially assessed on both sides (not in `controls`) whose NEW state
   * rests on more than check results, as NEW's assessment results word it (`newBasis`, as a listed
   * control's): the summary's "satisfied" counts them, so the reports qualify them too. Absent when none.
   */
  unchangedBasis?: Array<{ controlId: string; title: string; state: 'satisfied' | 'partial'; newBasis: NonNullable<ControlTransition['newBasis']> }>;
  /** Devices with any change, added or removed; unchanged devices are counted, not listed. */
  devices: DeviceDrift[];
  due: DueItem[];
  /** `due` grouped: devices that come due at the same moment for the same reason, one row (DueGroup). */
  dueGroups?: DueGroup[];
  /** Per-layer check counts on each side, for the trend chart. */
  trend: { old: TrendPoint; new: TrendPoint };
  /** monitor --keep-going: inputs of the new run that could not be read, and why (absent when none). */
  unreadable?: Array<{ input: string; error: string }>;
}

/**
 * What makes `--fail-on` exit 3 (one or more, comma-separated on the command line): `regression`,
 * a control got worse; `fail`, a check fails in NEW; `missing`, evidence of the fleet is missing
 * from NEW (a device of OLD not collected, or an input that could not be read).
 */
export const FAIL_MODES = ['regression', 'fail', 'missing'] as const;
export type FailMode = (typeof FAIL_MODES)[number];
export type FailOn = readonly FailMode[];

/** `--fail-on regression,missing` as a list of modes; undefined with the modes accepted when a word is not one. */
export function parseFailOn(text: string): FailOn | undefined {
  const words = text.split(',').map((w) => w.trim().toLowerCase()).filter((w) => w !== '');
  if (words.length === 0 || words.some((w) => !(FAIL_MODES as readonly string[]).includes(w))) return undefined;
  return [...new Set(words)] as FailMode[];
}

/**
 * One point of the compliance trend: per layer, how many device/check results passed, failed,
 * applied otherwise (deviation, not collected) and did not apply (assess/layer-counts.ts, the one
 * definition every report uses). A point a monitor run stored before not-applicable was counted
 * apart has no `notApplicable`: its `other` includes them, as its report showed.
 */
export interface TrendPoint {
  at: string;
  label?: string;
  layers: Record<Layer, LayerCounts>;
  /** Assessed controls by state; `partial` (partially assessed) is counted apart from notSatisfied (absent in runs stored before it existed). */
  controls: { satisfied: number; notSatisfied: number; partial?: number };
}

/** A change to the POA&M between runs (computed elsewhere; rendered when given). */
export interface PoamChange {
  kind: 'opened' | 'closed' | 'changed' | 'overdue';
  controlId?: string;
  deviceId?: string;
  checkId?: string;
  title: string;
  deadline?: string;
  detail?: string;
}

/** Input of the monitoring-report PDF. */
export interface MonitoringReportModel {
  title: string;
  systemName: string;
  /** The system description (--system): front matter as in the evidence package. */
  system?: ReportSystem;
  /** A marking (--marking) printed at the top and bottom of every page. */
  marking?: string;
  /** The check catalog's titles, so a row names its check ("What" comes due). */
  checkTitles?: Record<string, string>;
  /** A check's observed value as a person reads it (values named: namedObserved); raw where absent. */
  observedName?: (checkId: string, observed: string) => string;
  /** A check's expected value as a person reads it (the wording's required text: requiredNamer); raw where absent. */
  requiredName?: (checkId: string, expected: string) => string;
  /** Files embedded in the PDF (drift.json). */
  attachments?: Array<{ name: string; bytes: Buffer; description: string; mediaType: string }>;
  now: string;
  toolVersion: string;
  drift: Drift;
  /** Oldest first; `diff` passes its two points, `monitor` the store's history. */
  trend: TrendPoint[];
  poamChanges?: PoamChange[];
  /** Cap on per-device sections (huge fleets are summarised). Default 200. */
  maxDevices?: number;
}

/** Why a `--fail-on` value is refused (the command line and failOnOf say it alike). */
export function failOnUsage(v: unknown): string {
  return `--fail-on takes ${FAIL_MODES.join(', ')}, or several of them comma-separated (regression,missing); got ${typeof v === 'string' ? `"${v}"` : JSON.stringify(v)}`;
}

/** The `--fail-on` option as commander gives it (already a list) or as a caller writes it ("regression,missing"). */
export function failOnOf(v: unknown): FailOn | undefined {
  if (v === undefined) return undefined;
  const modes = Array.isArray(v) ? parseFailOn(v.join(',')) : typeof v === 'string' ? parseFailOn(v) : undefined;
  if (!modes) throw new UserError(failOnUsage(v), { exitCode: 2 });
  return modes;
}
