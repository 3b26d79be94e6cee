// Drift between two assessed runs: the public API used by `diff` (src/cli/diff.ts) and `monitor`
// (src/monitor/). Pure over plain data; reading inputs and writing files live in ./io.ts and the
// CLI. Types are in ./types.ts so that callers can import them without pulling the evaluator.
export type {
  AssessedDevice as DriftDevice,
  AssessedSide,
  CheckChange,
  ControlTransition,
  DeviceDrift,
  Drift,
  DriftContext,
  DriftSummary,
  DueItem,
  FailOn,
  MonitoringReportModel,
  PoamChange,
  SettingChange,
  SideInfo,
  TimeDrift,
  TrendPoint,
} from './types.js';
export { DRIFT_FORMAT_VERSION } from './types.js';
export { makeDriftContext, assessDevice, buildSide } from './side.js';
export { DriftBuilder, computeDrift, failOnExit } from './compute.js';
export { diffSettings } from './settings.js';
export { serializeDrift, writeDriftJson } from './serialize.js';
export { driftToMarkdown } from './markdown.js';
export { buildMonitoringReport, trendPointOf } from './report-model.js';
export { renderMonitoringPdf } from '../report/monitoring/render.js';
export { readSide, type SideInput } from './io.js';
