// The assessment as plain data: what the emitters (OSCAL, summaries, later PDF and CSV) read.
import type { Check } from '../catalog/types.js';
import type { OptionFileRead } from './option-files.js';
import type { CheckStatus, DeviationRecord } from '../evaluate/evaluate-check.js';
import type { StreamedArray } from '../io/json-stream.js';
import type { RunIds } from '../oscal/run-ids.js';
import type { ObservationIndex } from '../oscal/observation-groups.js';
import type { ParamUse } from '../evaluate/test-eval.js';
import type { Device } from '../snapshot/types.js';
import type { ControlFinding } from './controls.js';
import type { LayerCounts } from './layer-counts.js';
import type { Attestation } from '../attest/attestations.js';
import type { AssessmentTeam } from '../oscal/assessors.js';

import type { Baseline } from '../catalog/control-index.js';
export type { Baseline };

export interface AssessedDevice {
  id: string;
  device: Device;
  collectedAt: string;
  /** The snapshot (or export folder) as the user named it. */
  sourceFile: string;
  /** SHA-256 of the snapshot as assessed: the file as given, or its redacted copy when it held a secret (never the bytes holding one). */
  sourceSha256: string;
  /** The evidence copy inside the package, relative to the package folder. */
  evidenceHref: string;
  evidenceSha256: string;
  /** True when secrets were replaced in the evidence copy (the original file's hash is then not published). */
  redacted: boolean;
  /** Older snapshots of the same device that were given but not assessed. */
  superseded: Array<{ file: string; collectedAt: string }>;
  /**
   * assess --keep-going: the input could not be read (the message says why). The device has no
   * snapshot and no evidence copy; its checks are not collected; collectedAt is the assessment time.
   */
  unreadable?: string;
}

export interface Assessment {
  /** The assessment clock (RFC 3339, UTC). */
  now: string;
  baseline: Baseline;
  toolVersion: string;
  /** What the checks were judged with (assess/rules-digest.ts): the AR's metadata prop `rules-digest`. */
  rulesDigest?: string;
  systemName: string;
  devices: AssessedDevice[];
  checks: Check[];
  /** Per device id: the status of each check (catalog order) and details of what failed. */
  outcomes: ReadonlyMap<string, DeviceOutcome>;
  /** The observations: grouped by result (oscal/observation-groups.ts), or serialised per device and check in device order. */
  observations: StreamedArray;
  /** Which observation holds each device's result for each check (absent: one per device and check, `ids.observation`). */
  observationIndex?: ObservationIndex;
  findings: ControlFinding[];
  /** Controls of the selection (baseline or profile) with no automated check and no attestation. */
  manual: string[];
  /** An assessment objective's SP 800-53A label ("AC-07a.") and prose, from the control catalog. */
  objectiveText?: (objectiveId: string) => { label?: string; prose?: string };
  /** The controls of the selection (the --profile's, else the baseline's), in catalog order. */
  selectedControls?: string[];
  /** Set when --profile chose the controls instead of --baseline. */
  profile?: { file: string; title?: string; controlCount: number };
  /** Manual attestations (their findings are in `findings`), in file order. */
  attestations?: Attestation[];
  /** The files the options named, with the SHA-256 of the bytes read: cited in the AR's back-matter. */
  optionFiles?: OptionFileRead[];
  /** Every organisation parameter with its value and origin. */
  params: ParamUse[];
  /** Where the control titles and baselines came from. */
  catalogSource: string;
  /** A digest of every input: the same inputs and clock give the same key, hence the same uuids. */
  runKey: string;
  /** Who assessed (--system's assessor and assessment-team, or --assessor): parties and origins. */
  team?: AssessmentTeam;
  /** The uuids of the run (device-level ones already used by the observations). */
  ids: RunIds;
}

/**
 * What is kept of one device's results once its observations are written: a fleet of 10,000
 * devices has 700,000 results, too many to hold whole.
 */
export interface DeviceOutcome {
  statuses: CheckStatus[];
  /** The snapshot was older than the accepted evidence age at the assessment clock. */
  stale?: boolean;
  /** Checks that passed at collection but whose clock rule had lapsed by the assessment clock. */
  lapsed?: number;
  /** assess --keep-going: the input could not be read (its checks are all not collected). */
  unreadable?: string;
  /** For fails, deviations and evidence not collected: what was seen and required, for risk statements and the POA&M. */
  /** `found`: what was found in plain words (controls/check-wording.yaml), for the risks' and POA&M items' texts. */
  details: Map<string, { observed: string; expected: string; found?: string; deviation?: DeviationRecord; expiredDeviation?: DeviationRecord; expires?: string; stale?: true }>;
}

export interface AssessmentSummary {
  devices: number;
  checks: number;
  results: Record<string, number>;
  /** Evidence age at the assessment clock: devices whose snapshot is stale, passes that lapsed. */
  evidence: { maxAgeDays?: number; staleDevices: string[]; lapsedPasses: number };
  /** assess --keep-going: inputs that could not be read, and the device each stands for. */
  unreadable: Array<{ input: string; deviceId: string; error: string }>;
  /**
   * assessed = satisfied + notSatisfied + partial (partially assessed: nothing failed, objectives
   * left to the assessor); manual: controls of the selection no check or attestation covers;
   * outsideSelection: of those assessed, the controls outside the selection a check cites (the AR's
   * in-baseline = no), so the selection holds assessed - outsideSelection + manual.
   */
  controls: { assessed: number; outsideSelection: number; satisfied: number; notSatisfied: number; deviationOnly: number; partial: number; manual: number };
  /** The controls not satisfied (the open findings) by their highest severity. */
  openFindings: { 'CAT I': number; 'CAT II': number; 'CAT III': number; unrated: number };
  /**
   * The overall risk the automated evidence shows: the highest severity of an open finding
   * (high: CAT I, moderate: CAT II, low: CAT III or unrated, none: no open finding).
   */
  risk: 'high' | 'moderate' | 'low' | 'none';
  /**
   * Every control not satisfied, highest severity first, then most failing devices; deviationOnly:
   * not satisfied only because of approved deviations (nothing failed, no value missing).
   */
  notSatisfied: Array<{ control: string; severity?: 'CAT I' | 'CAT II' | 'CAT III'; deviationOnly: boolean; failingDevices: string[] }>;
  /**
   * Evidence that lapsed by the assessment date: expired attestations (control ids) and
   * deviations; and the attestations the system description expects that nobody supplied.
   */
  lapsed: { attestations: string[]; deviations: number; missingAttestations?: string[] };
  /** Per layer, device × check results, not applicable apart (assess/layer-counts.ts: the one definition every report uses). */
  layers: Record<string, Required<LayerCounts>>;
}
