// The monitoring report's model and trend points.
import type { AssessedSide, Drift, DriftContext, MonitoringReportModel, PoamChange, TrendPoint } from './types.js';

/** A trend point from an assessed side (per layer pass/fail/other, controls satisfied). */
export function trendPointOf(_side: AssessedSide, _ctx: DriftContext, _label?: string): TrendPoint {
  throw new Error('not implemented yet');
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
