// The monitoring-report PDF, through the evidence package's engine (src/report/pdf/).
import type { MonitoringReportModel } from '../../drift/types.js';

export const MONITORING_PDF = 'monitoring-report.pdf';

export async function renderMonitoringPdf(_model: MonitoringReportModel, _file: string): Promise<void> {
  throw new Error('not implemented yet');
}
