// The monitoring report's model and its trend points.
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

export function buildMonitoringReport(drift: Drift, opts: { systemName?: string; toolVersion: string; trend?: TrendPoint[]; poamChanges?: PoamChange[]; maxDevices?: number }): MonitoringReportModel {
  return {
    title: 'Continuous monitoring report',
    systemName: opts.systemName ?? 'Imaging-device fleet',
    now: drift.now,
    toolVersion: opts.toolVersion,
    drift,
    trend: opts.trend ?? [drift.trend.old, drift.trend.new],
    ...(opts.poamChanges ? { poamChanges: opts.poamChanges } : {}),
    ...(opts.maxDevices !== undefined ? { maxDevices: opts.maxDevices } : {}),
  };
}
