// The monitoring report's model and its trend points.
import type { ObservedNamer } from '../catalog/check-wording.js';
import type { RequiredNamer } from '../evaluate/plain-wording.js';
import { computeDrift } from './compute.js';
import type { AssessedSide, Drift, DriftContext, MonitoringReportModel, PoamChange, TrendPoint } from './types.js';

/**
 * A trend point from one assessed side (per layer pass/fail/other, controls satisfied): what
 * `monitor` stores per run so later reports can draw the history.
 */
export function trendPointOf(side: AssessedSide, ctx: DriftContext, label?: string): TrendPoint {
  const empty: AssessedSide = { info: { ...side.info, devices: 0 }, devices: new Map() };
  const p = computeDrift(empty, side, ctx).trend.new;
  return label === undefined ? p : { ...p, label };
}

export interface MonitoringReportOptions {
  systemName?: string;
  system?: MonitoringReportModel['system'];
  marking?: string;
  checkTitles?: Record<string, string>;
  /** Names the values of a check's observed text (namedObserved), as every human text states them. */
  observedName?: ObservedNamer;
  /** States a check's expected value as the wording's required text (requiredNamer), as every human text states it. */
  requiredName?: RequiredNamer;
  attachments?: MonitoringReportModel['attachments'];
  toolVersion: string;
  trend?: TrendPoint[];
  poamChanges?: PoamChange[];
  maxDevices?: number;
}

/** The system's name when nothing names it (no --system-name, no --system, no ssp.json to read it from). */
export const DEFAULT_SYSTEM_NAME = 'Imaging-device fleet';

export function buildMonitoringReport(drift: Drift, opts: MonitoringReportOptions): MonitoringReportModel {
  return {
    title: 'Continuous monitoring report',
    systemName: opts.systemName ?? opts.system?.name ?? DEFAULT_SYSTEM_NAME,
    ...(opts.system ? { system: opts.system } : {}),
    ...(opts.marking ? { marking: opts.marking } : {}),
    ...(opts.checkTitles ? { checkTitles: opts.checkTitles } : {}),
    ...(opts.observedName ? { observedName: opts.observedName } : {}),
    ...(opts.requiredName ? { requiredName: opts.requiredName } : {}),
    ...(opts.attachments ? { attachments: opts.attachments } : {}),
    now: drift.now,
    toolVersion: opts.toolVersion,
    drift,
    trend: opts.trend ?? [drift.trend.old, drift.trend.new],
    ...(opts.poamChanges ? { poamChanges: opts.poamChanges } : {}),
    ...(opts.maxDevices !== undefined ? { maxDevices: opts.maxDevices } : {}),
  };
}
