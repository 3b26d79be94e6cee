// The evidence package at fleet scale: the page count follows the fleet's distinct configurations,
// not its devices; no list of device ids is printed one per line (or grows with the fleet); the
// device-by-device detail is in the attached CSVs, which hold every device and every evidence file.
import { createHash } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEvidencePdf } from '../../src/report/pdf/render.js';
import { syntheticReportInput } from '../../src/bench/synthetic-report.js';
import { boundGroups, groupResults, VALUES_SHOWN } from '../../src/report/group.js';
import type { ReportInput, ReportResult } from '../../src/report/model.js';
import { pageText, readPdf, type PdfPage } from '../support/pdf-layout.js';

interface Rendered {
  input: ReportInput;
  pages: PdfPage[];
  pdf: PDFDocumentProxy;
  attachments: Map<string, Buffer>;
}

/** The same 20 configurations spread over `devices` consoles. */
async function render(devices: number): Promise<Rendered> {
  const input = syntheticReportInput(devices, { configurations: 20 });
  const chunks: Buffer[] = [];
  await renderEvidencePdf(input, { write: (c) => chunks.push(c) });
  const { pdf, pages } = await readPdf(Buffer.concat(chunks));
  const raw = ((await pdf.getAttachments()) ?? {}) as Record<string, { filename: string; content: Uint8Array }>;
  return { input, pdf, pages, attachments: new Map(Object.values(raw).map((a) => [a.filename, Buffer.from(a.content)])) };
}

/** The lines of a page, top to bottom: its text items grouped by baseline, left to right. */
function lines(page: PdfPage): string[] {
  const byY = new Map<number, Array<{ x: number; str: string }>>();
  for (const i of page.items) {
    const y = Math.round(i.y);
    (byY.get(y) ?? byY.set(y, []).get(y)!).push({ x: i.x, str: i.str });
  }
  return [...byY.entries()]
    .sort(([a], [b]) => b - a)
    .map(([, items]) => items.sort((a, b) => a.x - b.x).map((i) => i.str).join(' ').replace(/\s+/g, ' ').trim());
}

/** Runs of `min` or more consecutive lines that are each one device id: a list printed one per line. */
function oneIdPerLine(page: PdfPage, min = 3): string[][] {
  const out: string[][] = [];
  let run: string[] = [];
  for (const l of [...lines(page), '']) {
    if (/^IMG-\d{5},?$/.test(l)) run.push(l);
    else {
      if (run.length >= min) out.push(run);
      run = [];
    }
  }
  return out;
}

const DEVICE_ID = /IMG-\d{5}/g;
const allText = (r: Rendered) => r.pages.map((p) => pageText(p)).join('\n');
const csvRows = (b: Buffer) => (parseCsv(b.toString('utf8')) as string[][]).slice(1);

let small: Rendered;
let large: Rendered;

beforeAll(async () => {
  small = await render(300);
  large = await render(600);
}, 180_000);
afterAll(async () => {
  await small?.pdf.destroy();
  await large?.pdf.destroy();
});

describe('the evidence package of a fleet', () => {
  it('has the same number of pages for 300 and 600 devices of the same 20 configurations', () => {
    // Sanity: a fleet this size would need hundreds of pages one row per device and check.
    expect(small.input.devices.length * small.input.checks.length).toBe(10_800);
    expect(Math.abs(large.pages.length - small.pages.length)).toBeLessThanOrEqual(4);
    expect(large.pages.length).toBeLessThan(200);
  });

  it('prints no list of device ids one per line, and names about as many ids for 600 devices as for 300', () => {
    for (const r of [small, large]) {
      expect(r.pages.flatMap((p) => oneIdPerLine(p).map((run) => `p${p.number}: ${run.join(' | ')}`))).toEqual([]);
    }
    const named = (r: Rendered) => allText(r).match(DEVICE_ID)?.length ?? 0;
    // Id ranges are bounded per cell: doubling the fleet does not double the ids printed.
    expect(named(large)).toBeLessThan(named(small) * 1.3);
  });

  it('summarises the devices by model, OS, site and evidence age, and attaches devices.csv with every device', () => {
    const text = allText(large);
    for (const t of ['Devices by model', 'Devices by operating system', 'Devices by site', 'Devices by age of their evidence at the assessment']) expect(text).toContain(t);
    // 600 devices over 3 operating systems' worth of rows: the OS table counts them all.
    expect(text).toMatch(/Windows 10 Enterprise LTSC 2021 400 /);
    expect(text).toMatch(/Windows 10 IoT Enterprise LTSC 2019 200 /);
    const csv = large.attachments.get('devices.csv');
    expect(csv, 'devices.csv attached').toBeDefined();
    const rows = csvRows(csv!);
    expect(rows.map((r) => r[0]).sort()).toEqual(large.input.devices.map((d) => d.id).sort());
    // Each row carries the snapshot's SHA-256 the input gives for that device.
    const sha = new Map(large.input.devices.map((d) => [d.id, d.sourceSha256]));
    for (const r of rows) expect(r[8]).toBe(sha.get(r[0]!));
  });

  it('summarises the evidence folder of Appendix C in one row whose digest is that of the attached listing of every file', () => {
    const evidence = large.input.files.filter((f) => f.path.startsWith('evidence/'));
    expect(evidence).toHaveLength(600);
    const listing = large.attachments.get('manifest-evidence.csv');
    expect(listing, 'the listing of evidence/ attached').toBeDefined();
    const rows = csvRows(listing!);
    expect(rows.map(([path, size, sha]) => ({ path, size: Number(size), sha256: sha }))).toEqual(evidence);
    const text = allText(large);
    expect(text.replace(/\s+/g, '')).toContain(createHash('sha256').update(listing!).digest('hex'));
    expect(text).toContain('evidence/ — 600 files');
    // Appendix C still counts every file of the manifest.
    expect(text).toContain(`manifest.json lists ${large.input.files.length} files`);
  });

  it('names failing devices of a control as ranges with a count, and points to the CSV for the rest', () => {
    const text = allText(large);
    const failing = large.input.controls.find((c) => c.failingDevices.length > 100)!;
    expect(failing, 'a control failing on over 100 devices').toBeDefined();
    expect(text).toContain(`${failing.failingDevices.length} device(s)`);
    expect(text).toMatch(/and \d+ more device\(s\): see results\.csv \(in the package beside this PDF\)/);
  });
});

describe('grouped results, bounded', () => {
  it(`shows the ${VALUES_SHOWN} most common failing values of a check, then one row counting the others and their devices`, () => {
    const results: ReportResult[] = [];
    // 30 distinct failing values: value k on k + 1 devices (the most common: 29, 28, ...).
    let n = 0;
    for (let k = 0; k < 30; k++) {
      for (let i = 0; i <= k; i++) {
        const id = `D-${String(n++).padStart(4, '0')}`;
        results.push({ deviceId: id, checkId: 'SIG-AGE', status: 'fail', observed: `value ${k}`, expected: 'at most 7 days', evidence: [] });
      }
    }
    const bounded = boundGroups(groupResults(results, ['SIG-AGE'], () => 'As required.'));
    expect(bounded).toHaveLength(VALUES_SHOWN + 1);
    const shown = bounded.slice(0, VALUES_SHOWN).map((g) => ('found' in g ? g.found : ''));
    expect(shown).toEqual(Array.from({ length: VALUES_SHOWN }, (_, i) => `value ${29 - i}`));
    const other = bounded[VALUES_SHOWN]!;
    expect(other).toMatchObject({ checkId: 'SIG-AGE', status: 'fail', otherValues: 30 - VALUES_SHOWN });
    // The devices of values 0 .. 21: 1 + 2 + ... + 22.
    expect('otherValues' in other && other.devices).toBe(((30 - VALUES_SHOWN) * (31 - VALUES_SHOWN)) / 2);
  });
});
