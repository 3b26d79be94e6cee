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
export { makeDriftContext, assessDevice, assessAgainst, buildSide, dateOf } from './side.js';
export { DriftBuilder, computeDrift, failOnExit } from './compute.js';
export { diffSettings, COLLECTION_KEYS, VOLATILE_FIELDS } from './settings.js';
export { DRIFT_JSON, driftAttachment, serializeDrift, writeDriftJson } from './serialize.js';
export { DRIFT_MD, driftToMarkdown } from './markdown.js';
export { buildMonitoringReport, trendPointOf } from './report-model.js';
export { MONITORING_PDF, renderMonitoringPdf, renderMonitoringPdfBytes } from '../report/monitoring/render.js';
export { listSide, readSide, type SideInput, type SideListing } from './io.js';
export { diffListings, runDiff, type DiffOptions, type DiffOutcome } from './run.js';
