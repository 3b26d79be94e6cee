// What the store keeps of each run's assessment: per-control verdicts, per-layer counts (the trend
// chart's points) and the devices with their snapshot objects. Pure. Later runs build the
// assessment-results series and the trend from these summaries without re-evaluating old runs.
import { ControlAggregator, findingsOnDay, isCatalogObjective, partialWhys, uncoveredNames, withUndefinedOdps, type ControlInfo, type ControlState, type ObjectiveState, type PartialWhy } from '../assess/controls.js';
import type { Attestation } from '../attest/attestations.js';
import { countStatus, emptyLayerCounts, type LayerCounts } from '../assess/layer-counts.js';
import type { Check } from '../catalog/types.js';
import type { CheckStatus, DeviationRecord } from '../evaluate/evaluate-check.js';
import type { TrendPoint } from '../drift/index.js';
import { LAYERS, type Layer } from '../snapshot/types.js';
import { controlCciProps } from '../oscal/cci.js';

export const SUMMARY_FORMAT = 'ato-evidence run summary 1';
/** Lists in a summary are cut here (their totals are kept): a fleet's worth would bloat every later run. */
export const LISTED = 50;

export interface SummaryDevice {
  id: string;
  collectedAt: string;
  /** SHA-256 of the snapshot as given, and of the object the store keeps (redacted if it held secrets). */
  source: string;
  object: string;
  file: string;
}

export interface SummaryFinding {
  controlId: string;
  title: string;
  targetId: string;
  targetType: 'objective-id' | 'statement-id';
  /** `partial` (partially assessed) from the runs since verdicts were made per objective. */
  state: ControlState;
  reason: 'pass' | 'fail' | 'other';
  checkIds: string[];
  /** The objectives the checks decided (absent in runs stored before verdicts per objective). */
  objectives?: Array<{
    id: string; state: Exclude<ObjectiveState, 'not-shown'>; reason: 'pass' | 'fail' | 'other'; checkIds: string[]; failingTotal: number;
    /** The CCIs of its checks naming its control, and the keys of the attestations covering it (absent in runs stored before). */
    cci?: SummaryCci[]; attestedBy?: string[];
    /** Its statement inserts ODPs the run did not define, with the catalog's labels (withUndefinedOdps): not satisfied by its attestation. */
    undefinedOdpNames?: string[];
    /**
     * What assess's objective finding names (objectiveFindingText), absent in runs stored before:
     * the catalog's label, the failing device/check pairs of its checks (the first LISTED) and how
     * many, on how many devices deviations and evidence not collected, and an attestation expected, none supplied.
     */
    label?: string;
    failing?: Array<{ deviceId: string; checkId: string }>;
    failingPairs?: number;
    deviationCount?: number;
    notCollectedCount?: number;
    attestationMissing?: true;
  }>;
  /**
   * The DISA CCIs of the run's checks whose references name the control, as assess's finding states
   * them (oscal/cci.ts), routed with the run's own catalog (absent in runs stored before they were kept).
   */
  cci?: SummaryCci[];
  /** The leaf objectives left to the assessor (first LISTED) as the AR names them (uncoveredNames), and how many. */
  uncovered?: string[];
  uncoveredTotal?: number;
  leafCount?: number;
  /** Of `leafCount`, the requirements the --profile adds (worded apart from the assessment objectives, as assess words them). */
  addedCount?: number;
  /** Those requirements' part ids: the AR finding's profile-added props, as assess's (export hdf reads them). */
  added?: string[];
  inBaseline: boolean;
  severity?: string;
  resultCount: number;
  passCount: number;
  failing: Array<{ deviceId: string; checkId: string }>;
  failingTotal: number;
  failingDevices: string[];
  failingDevicesTotal: number;
  deviations: Array<{ deviceId: string; checkId: string; approver: string; expires: string }>;
  deviationsTotal: number;
  notCollected: Array<{ deviceId: string; checkId: string }>;
  notCollectedTotal: number;
  /**
   * The manual attestations behind the verdict, as the finding words them (absent in runs stored
   * before monitor's summary took attestations into account, as its drift always did).
   */
  attestations?: SummaryAttestation[];
  /** An attestation names no objectives, so it is taken for all `leafCount` of them. */
  wholeControl?: boolean;
  /** The system description expects an attestation of the control and none was supplied. */
  attestationMissing?: boolean;
  /** Attested: its ODPs no value of the run defines, as assess's finding names them (withUndefinedOdps). */
  undefinedOdps?: string[];
  /** The same with the catalog's labels (withUndefinedOdps); a summary stored before had none. */
  undefinedOdpNames?: string[];
  /** Partially assessed: why (partialWhys), as assess's result counts them; a summary stored before had none. */
  partialWhys?: PartialWhy[];
}

/** A CCI prop as assess states it on a finding: the CCI, and the remarks where its reference is not rev 5. */
export interface SummaryCci {
  cci: string;
  remarks?: string;
}

/** An attestation as a monitor run's finding words it (templates/finding-description.hbs). */
export interface SummaryAttestation {
  /** Its key ("pl-4#1") and status at the run's clock, as assess's prop `attestations` names it (absent in runs stored before). */
  key?: string;
  status?: string;
  name: string;
  role: string;
  method: string;
  when: string;
  expires: string;
  expired: boolean;
  /** Current, not yet reviewed. */
  awaiting: boolean;
  reviewer: string;
  /** Reviewed, but no assessor or assessment team is named to confirm the reviewer is one. */
  unconfirmed: boolean;
}

/** What a run judges its controls with beyond the checks, as `assess` does: docs/attestations.md. */
export interface SummaryAttested {
  /** The whole attestations file (an attestation given after the run's day still names its control). */
  all: readonly Attestation[];
  /** Controls the system description says are evidenced by attestation. */
  expected: readonly string[];
  /** The assessor and assessment team the system description names: none, no reviewer can be confirmed as one. */
  team: readonly string[];
  /** A control's ODP ids and those the run's configuration defines (assess/config.ts definedOdps). */
  odps?: { of: (controlId: string) => readonly string[]; defined: ReadonlySet<string>; label?: (controlId: string, odp: string) => string | undefined; inserts?: (objectiveId: string) => readonly string[] };
}

export interface RunSummary {
  format: typeof SUMMARY_FORMAT;
  run: string;
  now: string;
  previous: string | null;
  baseline: string;
  checks: number;
  devices: SummaryDevice[];
  /** Devices of the previous run that this run did not include, and devices new in this one. */
  missing: string[];
  added: string[];
  results: Partial<Record<CheckStatus, number>>;
  findings: SummaryFinding[];
  trend: TrendPoint;
  /**
   * What the run's verdicts were judged with, as assess's result states it (judgedWithProps: control
   * selection, catalog, each parameter's value and origin, attestations); absent in runs stored before.
   */
  judgedWith?: Array<{ name: string; value: string }>;
  /**
   * The controls of the selection left to manual assessment (assess/controls.ts manualControlsOf),
   * and the selection's name ("MODERATE baseline", "profile …"), as assess's result states them;
   * absent in runs stored before.
   */
  manual?: string[];
  selection?: string;
  /**
   * The organisation-defined parameters (ODP ids, sorted) the run's configuration defined
   * (assess/config.ts definedOdps): an attestation is judged against them, so the next run judges
   * this one's attested controls with these, as diff does a package by its SSP's set-parameters.
   * Absent in runs stored before: the next run judges them with its own and says it cannot tell.
   */
  definedOdps?: string[];
  /**
   * Their values (sorted by id; assess/config.ts odpsOfRun values): the next run shows this one's
   * checks' objectives that insert a selection with these (catalog/selection-shown.ts), as diff does
   * a package's with its SSP's. Absent in runs stored before: the next run shows them with its own.
   */
  definedOdpValues?: Array<{ id: string; value: string }>;
}

function withCci(cci: SummaryCci[]): { cci?: SummaryCci[] } {
  return cci.length ? { cci } : {};
}

/** Accumulates one run's devices as they are assessed. */
export class SummaryBuilder {
  private readonly aggregator: ControlAggregator;
  private readonly devices: SummaryDevice[] = [];
  private readonly results: Partial<Record<CheckStatus, number>> = {};
  private readonly layers = Object.fromEntries(LAYERS.map((l) => [l, emptyLayerCounts()])) as Record<Layer, Required<LayerCounts>>;

  /** `selected`: the --profile's controls, where one replaces the baseline's list (as assess's ControlAggregator takes it). */
  /** `objectiveLabel`: the catalog's label of an objective ("AC-02(03)(d)"), as assess's objective finding titles it. */
  constructor(private readonly checks: readonly Check[], private readonly lookup: (id: string) => ControlInfo | undefined, private readonly baseline: string, private readonly selected?: ReadonlySet<string>, private readonly objectiveLabel?: (objectiveId: string) => string | undefined) {
    this.aggregator = new ControlAggregator(checks, lookup, baseline, selected);
  }

  /** A device of this run: its statuses, with the deviation behind each "deviation" (as the drift builder keeps them). */
  add(id: string, collectedAt: string, d: { statuses: readonly CheckStatus[]; deviations?: ReadonlyMap<string, DeviationRecord> }, stored: { source: string; object: string; file: string }): void {
    this.devices.push({ id, collectedAt, source: stored.source, object: stored.object, file: stored.file });
    d.statuses.forEach((status, i) => {
      const check = this.checks[i]!;
      this.results[status] = (this.results[status] ?? 0) + 1;
      countStatus(this.layers[check.layer], status);
    });
    this.aggregator.addDevice(id, d.statuses, (checkId) => d.deviations?.get(checkId));
  }

  /**
   * The run's summary. `attested`: the attestations and expected attestations the run was given;
   * the control verdicts then take them into account on the run's day, as its drift's new side and
   * `assess` do (one function, findingsOnDay), so the run's results and its drift.json agree.
   */
  finish(run: { run: string; now: string; previous: string | null; previousDevices: readonly string[] }, attested?: SummaryAttested): RunSummary {
    const devices = [...this.devices].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const ids = new Set(devices.map((d) => d.id));
    const before = new Set(run.previousDevices);
    const inScope = (id: string) => (this.selected ? this.selected.has(id) : this.lookup(id)?.baselines.includes(this.baseline) ?? false);
    const onDay = attested && (attested.all.length || attested.expected.length)
      ? findingsOnDay(this.aggregator.findings(), { all: attested.all, expected: attested.expected, day: run.now }, this.lookup, inScope)
      : this.aggregator.findings();
    // As assess: an attested control's finding names the ODPs nothing in the run defines.
    const judged = attested?.odps ? withUndefinedOdps(onDay, attested.odps.of, attested.odps.defined, attested.odps.label, attested.odps.inserts) : onDay;
    const unconfirmed = !attested?.team.length;
    const byId = new Map(this.checks.map((c) => [c.id, c]));
    const cciOf = (controlId: string, checkIds: readonly string[]): SummaryCci[] =>
      controlCciProps(controlId, checkIds.map((c) => byId.get(c))).map((p) => ({ cci: String(p.value), ...(p.remarks ? { remarks: String(p.remarks) } : {}) }));
    const findings: SummaryFinding[] = judged.map((f) => {
      const failingDevices = [...new Set(f.failing.map((x) => x.deviceId))];
      const out: SummaryFinding = {
        controlId: f.controlId, title: f.title, targetId: f.targetId, targetType: f.targetType, state: f.state, reason: f.reason,
        checkIds: f.checkIds, inBaseline: f.inBaseline, resultCount: f.resultCount, passCount: f.passCount,
        failing: f.failing.slice(0, LISTED), failingTotal: f.failing.length,
        failingDevices: failingDevices.slice(0, LISTED), failingDevicesTotal: failingDevices.length,
        deviations: f.deviations.slice(0, LISTED).map((x) => ({ deviceId: x.deviceId, checkId: x.checkId, approver: x.deviation.approver, expires: x.deviation.expires })),
        deviationsTotal: f.deviations.length,
        notCollected: f.notCollected.slice(0, LISTED), notCollectedTotal: f.notCollected.length,
        // As assess's AR (objectiveFindingsOf): a requirement the profile added has no objective finding.
        objectives: f.objectives.flatMap((o) => {
          if (o.state === 'not-shown' || !isCatalogObjective(f, o.objectiveId)) return [];
          const label = this.objectiveLabel?.(o.objectiveId);
          const failing = f.failing.filter((x) => o.checkIds.includes(x.checkId));
          return [{
            id: o.objectiveId, state: o.state, reason: o.reason, checkIds: o.checkIds, failingTotal: o.failingCount,
            ...withCci(cciOf(f.controlId, o.checkIds)), ...(o.attestedBy?.length ? { attestedBy: o.attestedBy } : {}),
            ...(o.undefinedOdpNames?.length ? { undefinedOdpNames: o.undefinedOdpNames } : {}),
            ...(label ? { label } : {}),
            failing: failing.slice(0, LISTED), failingPairs: failing.length, deviationCount: o.deviationCount, notCollectedCount: o.notCollectedCount,
            ...(o.attestationMissing ? { attestationMissing: true as const } : {}),
          }];
        }),
        uncovered: uncoveredNames({ uncovered: f.uncovered.slice(0, LISTED), objectives: f.objectives }, devices.length), uncoveredTotal: f.uncovered.length, leafCount: f.leaves.length,
        ...(f.added?.length ? { addedCount: f.added.length, added: f.added } : {}),
      };
      if (f.severity) out.severity = f.severity;
      Object.assign(out, withCci(cciOf(f.controlId, f.checkIds)));
      if (f.attestations?.length) {
        out.attestations = f.attestations.map((x) => ({
          key: x.key, status: x.status,
          name: x.who.name, role: x.who.role, method: x.method, when: x.when, expires: x.expires, expired: x.status === 'expired',
          awaiting: x.status === 'valid' && !x.reviewedBy, reviewer: x.reviewedBy?.name ?? '', unconfirmed: !!x.reviewedBy && unconfirmed,
        }));
        if (f.leaves.length > 1 && f.attestations.some((x) => !x.objectives?.length)) out.wholeControl = true;
      }
      if (f.attestationMissing) out.attestationMissing = true;
      if (f.undefinedOdps?.length) out.undefinedOdps = f.undefinedOdps;
      if (f.undefinedOdpNames?.length) out.undefinedOdpNames = f.undefinedOdpNames;
      if (f.state === 'partial') out.partialWhys = partialWhys(f);
      return out;
    });
    const satisfied = findings.filter((f) => f.state === 'satisfied').length;
    const partial = findings.filter((f) => f.state === 'partial').length;
    return {
      format: SUMMARY_FORMAT,
      run: run.run,
      now: run.now,
      previous: run.previous,
      baseline: this.baseline,
      checks: this.checks.length,
      devices,
      missing: [...before].filter((id) => !ids.has(id)).sort(),
      added: run.previous === null ? [] : devices.map((d) => d.id).filter((id) => !before.has(id)),
      results: this.results,
      findings,
      trend: { at: run.now, label: run.run, layers: this.layers, controls: { satisfied, notSatisfied: findings.length - satisfied - partial, partial } },
    };
  }
}
