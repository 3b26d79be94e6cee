// What the PDF evidence package is drawn from: plain data, assembled by assess/run.ts from the
// assessment and the observations it wrote. The renderer (report/pdf/) is a pure function of it
// (plus fonts and templates), so the same input always gives the same bytes.
import type { Layer } from '../snapshot/types.js';
import type { AssessmentSummary } from '../assess/model.js';
import type { PartialWhy } from '../assess/controls.js';

export interface ReportDevice {
  id: string;
  model?: string;
  manufacturer?: string;
  kind?: string;
  os?: string;
  /** Where the console stands (the snapshot's device.location): the fleet summary's site. */
  location?: string;
  collectedAt: string;
  sourceFile: string;
  sourceSha256: string;
  evidenceHref: string;
  /** Older snapshots given but not assessed. */
  superseded: Array<{ file: string; collectedAt: string }>;
  /** assess --keep-going: the input could not be read, and why (no snapshot, no evidence copy). */
  unreadable?: string;
}

export interface ReportCheck {
  id: string;
  layer: Layer;
  title: string;
  severity: 'CAT I' | 'CAT II' | 'CAT III';
  controls: string[];
  remediation: string;
}

/** One device × check result, as recorded in the assessment results' observation. */
export interface ReportResult {
  deviceId: string;
  checkId: string;
  status: 'pass' | 'fail' | 'not-applicable' | 'not-collected' | 'deviation';
  observed: string;
  expected: string;
  /** The same in plain words (controls/check-wording.yaml); absent for a check without wording. */
  plain?: { found: string; required: string; where: string };
  /**
   * Why a not-collected result is not collected (the AR's not-collected-reason), where the plain
   * wording does not say it itself: not for stale evidence or a lapsed pass, whose wording does and
   * whose reason names the device's own collection time.
   */
  reason?: string;
  /**
   * The AR observation's not-collected-reason whole, also where the plain wording says it in short
   * (stale evidence, a lapsed pass): results.csv's reason column, read without the PDF beside it.
   */
  notCollectedReason?: string;
  /** The device's evidence was stale at the assessment (the AR's evidence-stale): a fail stays a fail, marked so. */
  stale?: true;
  /** Where the values came from: the evidence file, and export files with their hashes where known. */
  evidence: Array<{ file: string; sha256: string; location?: string }>;
  deviation?: { approver: string; expires: string; justification: string };
  /** A deviation for this device and check that expired before the assessment and no longer applies (the AR's expired-deviation). */
  expiredDeviation?: { approver: string; expires: string };
}

/** An SP 800-53A assessment objective as the report names it. */
export interface ReportObjective {
  id: string;
  /** SP 800-53A label ("AC-07a."). */
  label?: string;
  /** The determination statement, parameters filled like the control statement. */
  prose?: string;
  /** Left to the assessor because its checks show it only in part: what each leaves out. */
  inPart?: string[];
}

/** What an assessor needs to determine a control by hand (the manual-assessment worksheet). */
export interface WorksheetEntry {
  /** The leaf objectives to determine (for a partially assessed control: only those left). */
  objectives: ReportObjective[];
  /** SP 800-53A assessment objects of each method (EXAMINE: the evidence expected). */
  methods: { EXAMINE?: string[]; INTERVIEW?: string[]; TEST?: string[] };
  /** How the system description (--system) declares the control, where it does. */
  declared?: { status: string; origin: string; provider?: string; roles: string[] };
}

export interface ReportControl {
  id: string;
  title: string;
  family: string;
  /** `partial`: partially assessed (nothing failed; objectives left to the assessor). */
  state: 'satisfied' | 'not-satisfied' | 'partial';
  /** not-satisfied because of fails, only deviations, or missing evidence. */
  reason: 'pass' | 'fail' | 'other';
  /** Not satisfied only because of approved deviations, as the run's summary decided it. */
  deviationOnly?: boolean;
  /** Its leaf objectives the checks or attestations decided, with the verdict of each. */
  objectives: Array<ReportObjective & { state: 'satisfied' | 'not-satisfied'; undefinedOdps?: true }>;
  /** Its leaf objectives left to the assessor, and how many leaves it has. */
  uncovered: ReportObjective[];
  leafCount: number;
  /** Of `leafCount`, the requirements the --profile adds (no SP 800-53A objective): worded apart. */
  addedCount?: number;
  severity?: 'CAT I' | 'CAT II' | 'CAT III';
  checkIds: string[];
  /** The checks that failed on some device, and those failing only under an approved deviation. */
  failingChecks?: string[];
  deviationChecks?: string[];
  failingDevices: string[];
  deviationDevices: string[];
  /** The control statement and parameter values, where a catalog was given. */
  statement?: string;
  inBaseline: boolean;
  /** Manual attestations of the control: how many, how many have expired, and how many await review (current, not reviewed). */
  attestations?: { count: number; expired: number; awaiting?: number; wholeControl?: true };
  /** Some device's evidence for one of its checks was not collected, and on how many devices (the AR finding lists them). */
  notCollected?: true;
  notCollectedDevices?: number;
  /**
   * The device/check pairs not collected, as the AR finding lists them (its order), the first
   * NOT_COLLECTED_LISTED; notCollectedPairsTotal counts them all.
   */
  notCollectedPairs?: Array<{ deviceId: string; checkId: string }>;
  notCollectedPairsTotal?: number;
  /** The system description expects the control attested and no attestation of it was supplied. */
  attestationMissing?: true;
  /** Its checks that show it only in part, and what each leaves out (catalog/types.ts inPartOf; the SSP's check-in-part). */
  inPart?: Array<{ id: string; why: string }>;
  /** Attested: its ODPs no value of the run defines (the AR finding's undefinedOdps, worded alike: templates/odps-undefined.hbs). */
  undefinedOdps?: string[];
  /** The same with the catalog's labels (ControlFinding's undefinedOdpNames). */
  undefinedOdpNames?: string[];
  /** Partially assessed: why (assess/controls.ts partialWhys), counted by the summary and the manual section as the AR counts them. */
  partialWhys?: PartialWhy[];
  /** For a partially assessed control: the worksheet's methods and declaration. */
  worksheet?: Omit<WorksheetEntry, 'objectives'>;
}

/** A manual attestation, listed apart from the automated evidence. */
export interface ReportAttestation {
  controlId: string;
  controlTitle: string;
  statement: string;
  who: string;
  role: string;
  method: 'INTERVIEW' | 'EXAMINE';
  when: string;
  expires: string;
  /** awaiting-review: current, but no assessor other than the attester reviewed it (counts for nothing). */
  status: 'valid' | 'expired' | 'awaiting-review';
  /** The assessor who reviewed it. */
  reviewer?: string;
  /** The evidence copy in the package, and its SHA-256. */
  evidenceHref: string;
  evidenceSha256: string;
}

/** A person named in the front matter or the signature block. */
export interface ReportParty {
  name: string;
  /** A team member's part in the assessment. */
  role?: string;
  organization?: string;
  email?: string;
}

/** The system description (--system) as the reports show it: front matter, signature block. */
export interface ReportSystem {
  name: string;
  shortName?: string;
  systemId?: string;
  description: string;
  status: string;
  /** FIPS 199 impact levels (low | moderate | high) and their high-water mark. */
  categorization: { confidentiality: string; integrity: string; availability: string; overall: string };
  boundary: string;
  /** Responsible parties, in the file's order: OSCAL role id, its title, the person. */
  roles: Array<ReportParty & { roleId: string; roleTitle: string }>;
  assessor?: ReportParty;
  team: ReportParty[];
  /** True when no --system file was given: every text is a placeholder. */
  placeholder: boolean;
}

export interface ReportInput {
  systemName: string;
  /** The system description; absent: the front matter says none was given. */
  system?: ReportSystem;
  /**
   * The run's summary (assess/summary.ts): the counts the CLI and --json print, which the
   * executive summary prints too. Absent (a report built by hand): counted from the controls.
   */
  summary?: AssessmentSummary;
  /** A marking (--marking, e.g. CUI) printed at the top and bottom of every page. */
  marking?: string;
  /** This PDF's own name in the package (it is in the manifest, but cannot list its own digest). */
  selfName?: string;
  now: string;
  toolVersion: string;
  /** The rules digest the AR and manifest record (src/assess/rules-digest.ts). */
  rulesDigest?: string;
  baseline: 'low' | 'moderate' | 'high';
  catalogSource: string;
  devices: ReportDevice[];
  checks: ReportCheck[];
  controls: ReportControl[];
  /**
   * Controls of the selection with no automated check and no attestation, with titles, and what
   * the assessor's worksheet needs (objectives, methods, the system description's declaration).
   */
  manual: Array<{ id: string; title: string } & Partial<WorksheetEntry>>;
  /** Set when an OSCAL profile (--profile) chose the controls instead of the baseline. */
  profile?: { file: string; title?: string; controlCount: number };
  /** Manual attestations (--attestations), in file order. */
  attestations?: ReportAttestation[];
  /**
   * No assessor and no assessment team is named (--system, --assessor): a review by someone other
   * than the attester is taken, but nothing confirms the reviewer is an assessor (the AR's wording).
   */
  reviewerUnconfirmed?: true;
  parameters: Array<{ id: string; value: string; source: string; odp?: string }>;
  deviations: Array<{ checkId: string; deviceId: string; justification: string; approver: string; expires: string; expired: boolean }>;
  /**
   * Open POA&M items: one per weakness (a failing check across its controls, a lapsed attestation,
   * an objective whose evidence was not collected). `checkId` is the check, or the weakness's
   * subject (attested control, objective id) when `kind` is not "check".
   */
  poam: Array<{ controlId: string; controls: string[]; checkId: string; kind: 'check' | 'attestation' | 'objective'; severity: string; deadline: string; remediation: string; devices: string[] }>;
  /**
   * Every item of poam.json, in its order, as the POA&M section lists them in eMASS's shape
   * (oscal/poam.ts planPoam: the same ids, dates and statuses).
   */
  poamItems: ReportPoamItem[];
  /** Whom a POA&M item's owner asks (the ISSO or the system owner of --system), as poam.json's risks name them. */
  pointOfContact?: string;
  /** Every file of the package (path, SHA-256, size), and the sealed manifest's digest. */
  files: Array<{ path: string; sha256: string; size: number }>;
  manifestDigest: string;
  /** Files embedded as attachments (OSCAL documents, snapshots). */
  attachments: Array<{ name: string; bytes: Buffer; description: string; mediaType: string }>;
  /**
   * The results, device by device in device-id order. Called once per pass the renderer needs;
   * a large fleet's results are read back from disk, not held.
   */
  results: () => Iterable<ReportResult>;
}

/** A POA&M item as the evidence package lists it, in the shape of eMASS's POA&M. */
export interface ReportPoamItem {
  /** poam.json's poam-item uuid, and its weakness key (`check:<id>`, `attestation:<control>`, `objective:<id>`). */
  uuid: string;
  key: string;
  kind: 'check' | 'attestation' | 'objective';
  /** The check of a check weakness; '' otherwise. */
  checkId: string;
  status: 'open' | 'deviation-approved' | 'closed';
  /** Closed by this assessment (open in --previous-poam, shown fixed now). */
  closedNow: boolean;
  /** What the weakness is ("LOCKOUT-THRESHOLD: Accounts lock after a few failed logons"). */
  title: string;
  /** What was found, in plain words, with the devices showing each. */
  findings: Array<{ found: string; devices: string[] }>;
  controls: string[];
  /** DISA CCIs and STIG rule ids of its check(s). */
  ccis: string[];
  stigRules: string[];
  severity: 'CAT I' | 'CAT II' | 'CAT III';
  /** YYYY-MM-DD: first detected (the collection that first showed it), the current episode's start, scheduled completion, closed. */
  firstDetected: string;
  detected: string;
  deadline: string;
  closed?: string;
  /** Reopened on evidence all collected before the previous closure (`detected` is the assessment's day). */
  reopenedOn?: { collected: string; closed: string; attestation?: 'lapsed' | 'awaiting-review' };
  /** Devices affected now (failing, or under a deviation), and those not shown fixed (not re-assessed). */
  devices: string[];
  unverified: string[];
  remediation: string;
  milestones: Array<{ title: string; date: string; status: 'planned' | 'overdue' | 'completed' }>;
  /** The approved deviations of an accepted item: who approved, until when. */
  deviations: Array<{ deviceId: string; approver: string; expires: string }>;
}
