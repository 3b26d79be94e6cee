// What the store keeps of each run's assessment: per-control verdicts, per-layer counts (the trend
// chart's points) and the devices with their snapshot objects. Pure. Later runs build the
// assessment-results series and the trend from these summaries without re-evaluating old runs.
import { ControlAggregator, type ControlInfo, type ControlState, type ObjectiveState } from '../assess/controls.js';
import { countStatus, emptyLayerCounts, type LayerCounts } from '../assess/layer-counts.js';
import type { Check } from '../catalog/types.js';
import type { CheckStatus, DeviationRecord } from '../evaluate/evaluate-check.js';
import type { TrendPoint } from '../drift/index.js';
import { LAYERS, type Layer } from '../snapshot/types.js';

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
  objectives?: Array<{ id: string; state: Exclude<ObjectiveState, 'not-shown'>; reason: 'pass' | 'fail' | 'other'; checkIds: string[]; failingTotal: number }>;
  /** The leaf objectives left to the assessor (first LISTED), and how many. */
  uncovered?: string[];
  uncoveredTotal?: number;
  leafCount?: number;
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
}

/** Accumulates one run's devices as they are assessed. */
export class SummaryBuilder {
  private readonly aggregator: ControlAggregator;
  private readonly devices: SummaryDevice[] = [];
  private readonly results: Partial<Record<CheckStatus, number>> = {};
  private readonly layers = Object.fromEntries(LAYERS.map((l) => [l, emptyLayerCounts()])) as Record<Layer, Required<LayerCounts>>;

  constructor(private readonly checks: readonly Check[], lookup: (id: string) => ControlInfo | undefined, private readonly baseline: string) {
    this.aggregator = new ControlAggregator(checks, lookup, baseline);
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

  finish(run: { run: string; now: string; previous: string | null; previousDevices: readonly string[] }): RunSummary {
    const devices = [...this.devices].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const ids = new Set(devices.map((d) => d.id));
    const before = new Set(run.previousDevices);
    const findings: SummaryFinding[] = this.aggregator.findings().map((f) => {
      const failingDevices = [...new Set(f.failing.map((x) => x.deviceId))];
      const out: SummaryFinding = {
        controlId: f.controlId, title: f.title, targetId: f.targetId, targetType: f.targetType, state: f.state, reason: f.reason,
        checkIds: f.checkIds, inBaseline: f.inBaseline, resultCount: f.resultCount, passCount: f.passCount,
        failing: f.failing.slice(0, LISTED), failingTotal: f.failing.length,
        failingDevices: failingDevices.slice(0, LISTED), failingDevicesTotal: failingDevices.length,
        deviations: f.deviations.slice(0, LISTED).map((x) => ({ deviceId: x.deviceId, checkId: x.checkId, approver: x.deviation.approver, expires: x.deviation.expires })),
        deviationsTotal: f.deviations.length,
        notCollected: f.notCollected.slice(0, LISTED), notCollectedTotal: f.notCollected.length,
        objectives: f.objectives.flatMap((o) => (o.state === 'not-shown' ? [] : [{ id: o.objectiveId, state: o.state, reason: o.reason, checkIds: o.checkIds, failingTotal: o.failingCount }])),
        uncovered: f.uncovered.slice(0, LISTED).map((u) => u.objectiveId), uncoveredTotal: f.uncovered.length, leafCount: f.leaves.length,
      };
      if (f.severity) out.severity = f.severity;
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
