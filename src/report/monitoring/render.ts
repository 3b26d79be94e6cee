// The monitoring-report PDF, through the evidence package's engine (src/report/pdf/): the same
// fonts, layout Flow and surfaces, laid out twice (a layout pass that counts pages, then the
// drawing pass, so every footer can say "page X / Y"). Deterministic: the document dates are
// the report clock, from which pdfkit derives the file /ID.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { MonitoringReportModel } from '../../drift/types.js';
import { Flow } from '../pdf/flow.js';
import { loadFonts } from '../pdf/fonts.js';
import { NullSurface, PdfSurface } from '../pdf/surface.js';
import { clean } from '../pdf/text.js';
import { buildMonitoringDocument, monitoringLabels } from './document.js';

export const MONITORING_PDF = 'monitoring-report.pdf';

/** Renders the report; returns the PDF bytes and page count. */
export async function renderMonitoringPdfBytes(model: MonitoringReportModel): Promise<{ bytes: Buffer; pages: number }> {
  const now = new Date(model.now);
  if (Number.isNaN(now.getTime())) throw new Error(`monitoring report: "now" is not a date: ${model.now}`);
  const fonts = loadFonts();
  const L = monitoringLabels(model);

  const layout = new Flow(new NullSurface(), fonts);
  await buildMonitoringDocument(layout, { model, L });
  const total = layout.finish();

  const doc = new PDFDocument({
    autoFirstPage: false,
    font: null as unknown as string, // every font is the embedded DejaVu, as in the evidence package
    compress: true,
    pdfVersion: '1.7',
    displayTitle: true,
    lang: clean(L('meta.lang')) || 'en',
    info: {
      Title: clean(`${L('meta.title')}: ${model.systemName}`),
      Subject: clean(L('meta.subject')),
      Author: clean(L('meta.author')),
      Creator: clean(L('meta.creator')),
      Producer: clean(L('meta.producer')),
      CreationDate: now,
      ModDate: now,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const flow = new Flow(new PdfSurface(doc, fonts, async () => undefined), fonts);
  try {
    await buildMonitoringDocument(flow, { model, L, total });
    const pages = flow.finish();
    if (pages !== total) throw new Error(`monitoring report: layout pass counted ${total} pages, drawing pass ${pages}`);
    doc.end();
    await done;
    return { bytes: Buffer.concat(chunks), pages };
  } catch (e) {
    doc.destroy();
    throw e;
  }
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
