// The monitoring-report PDF, through the evidence package's engine (src/report/pdf/): the same
// fonts, layout Flow, surfaces and two-pass renderer (a layout pass that counts pages, then the
// drawing pass, so every footer can say "Page X of Y" and the contents give page numbers).
// Deterministic: the document dates are the report clock, from which pdfkit derives the file /ID.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import type { MonitoringReportModel } from '../../drift/types.js';
import { renderPdf } from '../pdf/render.js';
import { clean } from '../pdf/text.js';
import { buildMonitoringDocument, monitoringLabels } from './document.js';

export const MONITORING_PDF = 'monitoring-report.pdf';

/** Renders the report; returns the PDF bytes and page count. */
export async function renderMonitoringPdfBytes(model: MonitoringReportModel): Promise<{ bytes: Buffer; pages: number; forcedBreaks: number }> {
  const now = new Date(model.now);
  if (Number.isNaN(now.getTime())) throw new Error(`monitoring report: "now" is not a date: ${model.now}`);
  const L = monitoringLabels(model);
  const chunks: Buffer[] = [];
  const used = new Set<string>();
  const { pages, forcedBreaks } = await renderPdf(
    {
      what: 'monitoring report',
      now,
      lang: clean(L('meta.lang')) || 'en',
      info: {
        Title: clean(`${L('meta.title')}: ${model.systemName}`),
        Subject: clean(L('meta.subject')),
        Author: clean(L('meta.author')),
        Creator: clean(L('meta.creator')),
        Producer: clean(L('meta.producer')),
      },
      build: (flow, layout) => buildMonitoringDocument(flow, { model, L, ...(layout ? { pages: layout } : {}) }),
      attachments: (model.attachments ?? []).map((a) => {
        let name = clean(a.name).replace(/[/\\]/g, '_') || 'attachment';
        while (used.has(name)) name = `_${name}`;
        used.add(name);
        return { ...a, name };
      }),
    },
    { write: (c) => chunks.push(c) },
  );
  return { bytes: Buffer.concat(chunks), pages, forcedBreaks };
}

/** Writes the report to `file` (a temporary name first, renamed once complete). */
export async function renderMonitoringPdf(model: MonitoringReportModel, file: string): Promise<{ pages: number }> {
  const { bytes, pages } = await renderMonitoringPdfBytes(model);
  const tmp = `${file}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  writeFileSync(tmp, bytes, { flag: 'wx' });
  renameSync(tmp, file);
  return { pages };
}
