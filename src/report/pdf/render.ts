// The PDF evidence package: renderEvidencePdf(input, out) writes it, streaming, in two passes.
//
// Pass 1 lays the whole document out on a NullSurface: same code, same measurements, nothing
// drawn. It yields the page count and the page of every section, check and control. Pass 2 lays
// it out again on pdfkit, with those numbers known: the table of contents prints them and every
// footer says "Page X of Y" as its page is finished. Pages are flushed as they are left (no
// bufferPages), pdfkit's font layout cache is dropped every 50 pages, and the output stream is
// given a turn after each page, so memory does not grow with the page count. Pass 2 checks that
// every destination landed on the page pass 1 predicted.
//
// Deterministic: fixed CreationDate/ModDate (the file /ID derives from them), attachments as
// Buffers with explicit dates, name trees sorted by code unit rather than by locale.
import { closeSync, openSync, writeSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { PDF_DIGEST_KEY } from '../../seal/pdf-digest.js';
import { selectionName } from '../../oscal/assessment-results.js';
import type { ReportInput } from '../model.js';
import { attachmentNames, buildDocument, fleetData, fleetGrouper } from './document.js';
import { Flow } from './flow.js';
import { loadFonts } from './fonts.js';
import { controlSummary, resultStats } from './stats.js';
import { NullSurface, PdfSurface } from './surface.js';
import { clean } from './text.js';
import { loadWording } from './wording.js';

export interface RenderOptions {
  /** Where the templates are (default: the package's templates/). */
  templateDir?: URL;
}

export interface PdfSink {
  write(chunk: Buffer): void;
}

interface NameTree {
  _compareKeys: (a: string, b: string) => number;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function renderEvidencePdf(given: ReportInput, out: PdfSink | string, options: RenderOptions = {}): Promise<{ pages: number; forcedBreaks: number }> {
  const now = new Date(given.now);
  if (Number.isNaN(now.getTime())) throw new Error(`PDF report: "now" is not a date: ${given.now}`);
  const base = {
    systemName: clean(given.systemName),
    baseline: clean(given.baseline),
    selection: clean(selectionName(given)),
    toolVersion: clean(given.toolVersion),
    now: clean(given.now),
    deviceCount: given.devices.length,
  };
  const words = loadWording(options.templateDir, base);
  // At fleet scale (document.ts): the grouped results, computed once for both passes, and the
  // listings of the manifest's folders summarised in Appendix C, attached.
  // The results are read once here: counted, and grouped at fleet scale.
  const grouper = fleetGrouper(given, words);
  const stats = resultStats(given, grouper ? (r) => grouper.add(r) : undefined);
  const fleet = grouper ? fleetData(given, words, grouper) : undefined;
  const listings = (fleet?.manifest.folded ?? []).map((f) => ({
    name: f.listing.name,
    bytes: f.listing.bytes,
    description: `Listing of the ${f.count} files of ${f.folder} in manifest.json (path, size, SHA-256)`,
    mediaType: 'text/csv',
  }));
  const input: ReportInput = listings.length ? { ...given, attachments: [...given.attachments, ...listings] } : given;
  const summary = controlSummary(input, stats);
  const embedded = attachmentNames(input);
  return renderPdf(
    {
      what: 'PDF report',
      now,
      lang: clean(words.label('meta.lang')) || 'en',
      info: {
        Title: clean(words.label('meta.title')),
        Subject: clean(words.label('meta.subject')),
        Keywords: clean(words.label('meta.keywords')),
        Author: clean(words.label('meta.author')),
        Creator: clean(words.label('meta.creator')),
        Producer: clean(words.label('meta.producer')),
        // The digest the cover prints, where `verify` reads it back without rendering (src/seal/pdf-digest.ts).
        [PDF_DIGEST_KEY]: input.manifestDigest,
      },
      build: (flow, pages) => buildDocument(flow, { input, words, stats, summary, ...(fleet ? { fleet } : {}), ...(pages ? { pages } : {}) }),
      // The OSCAL documents and snapshots, so the PDF alone is the package.
      attachments: input.attachments.map((a, i) => ({ ...a, name: embedded[i] as string })),
    },
    out,
  );
}

/** A document for renderPdf: its metadata, its content (laid out twice) and its attachments. */
export interface PdfJob {
  /** Named in internal errors ("PDF report: layout pass counted …"). */
  what: string;
  /** The document dates (the file /ID derives from them). */
  now: Date;
  lang: string;
  info: { Title: string; Subject: string; Keywords?: string; Author: string; Creator: string; Producer: string; [key: string]: string | undefined };
  /** Lays the content out on `flow`; `pages` (from the layout pass) is given in the drawing pass. */
  build(flow: Flow, pages?: { anchors: ReadonlyMap<string, number>; total: number }): Promise<void>;
  /** Embedded files, under names already safe and unique. */
  attachments: ReadonlyArray<{ name: string; bytes: Buffer; description: string; mediaType: string }>;
}

/**
 * Renders a document in two passes (module comment): a tagged PDF with a title and language,
 * every font embedded, its attachments, deterministic for the same job.
 */
export async function renderPdf(job: PdfJob, out: PdfSink | string): Promise<{ pages: number; forcedBreaks: number }> {
  const { now } = job;
  const fonts = loadFonts();

  // Pass 1: layout only.
  const layout = new Flow(new NullSurface(), fonts);
  await job.build(layout);
  const total = layout.finish();

  // Pass 2: the document.
  const doc = new PDFDocument({
    autoFirstPage: false,
    font: null as unknown as string, // no Helvetica: every font is the embedded DejaVu
    compress: true,
    pdfVersion: '1.7', // embedded files need 1.4; 1.7 is ISO 32000-1
    // Tagged (structure tree, MarkInfo), titled and with a language: what a screen reader needs.
    tagged: true,
    displayTitle: true,
    lang: job.lang,
    info: { ...job.info, CreationDate: now, ModDate: now },
  } as PDFKit.PDFDocumentOptions);
  const names = (doc as unknown as { _root: { data: { Names: { data: Record<string, NameTree | undefined> } } } })._root.data.Names.data;
  (names.Dests as NameTree)._compareKeys = byCodeUnit;

  // The output: pdfkit emits one small Buffer per line of PDF syntax; they are gathered into
  // 256 KiB writes. Once the stream flows (after the first turn of the event loop), 'data' is
  // emitted synchronously as pdfkit writes, so nothing piles up inside pdfkit's stream.
  let fd: number | undefined;
  const write =
    typeof out === 'string'
      ? (() => {
          fd = openSync(out, 'w');
          const file = fd;
          return (b: Buffer) => {
            for (let at = 0; at < b.length; ) at += writeSync(file, b, at, b.length - at);
          };
        })()
      : (b: Buffer) => out.write(b);
  const batch = new Batch(write);
  let failure: unknown;
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => {
      try {
        batch.push(chunk);
      } catch (e) {
        failure ??= e;
        doc.destroy(e as Error);
      }
    });
    doc.on('error', (e) => {
      failure ??= e;
      reject(e);
    });
    doc.on('end', () => {
      try {
        batch.flush();
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
  done.catch(() => undefined); // observed through `failure` and the final await
  const yieldToOutput = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (failure) throw failure;
  };

  const surface = new PdfSurface(doc, fonts, yieldToOutput, { lang: job.lang });
  const flow = new Flow(surface, fonts);
  try {
    await job.build(flow, { anchors: layout.anchors, total });
    const pages = flow.finish();
    if (failure) throw failure;
    if (pages !== total) throw new Error(`${job.what}: layout pass counted ${total} pages, drawing pass ${pages}`);
    for (const [name, page] of layout.anchors) {
      if (flow.anchors.get(name) !== page) throw new Error(`${job.what}: destination ${name} moved from page ${page} to ${flow.anchors.get(name)}`);
    }
    for (const a of job.attachments) {
      doc.file(a.bytes, {
        name: a.name,
        type: clean(a.mediaType),
        description: clean(a.description),
        relationship: 'Data',
        creationDate: now,
        modifiedDate: now,
      } as PDFKit.Mixins.PDFAttachmentOptions);
    }
    if (names.EmbeddedFiles) names.EmbeddedFiles._compareKeys = byCodeUnit;
    surface.endStructure();
    doc.end();
    await done;
    return { pages, forcedBreaks: flow.forcedBreaks };
  } catch (e) {
    doc.destroy();
    throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Gathers small chunks into writes of about `limit` bytes. */
class Batch {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(
    private readonly write: (b: Buffer) => void,
    private readonly limit = 256 * 1024,
  ) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.limit) this.flush();
  }
  flush(): void {
    if (this.size === 0) return;
    const b = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.write(b);
  }
}
