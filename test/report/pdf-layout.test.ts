// The evidence package's front matter, page chrome, typography and tagged structure, read back
// from the PDF (pdf.js: text with positions, sizes and marked content; the structure tree) and,
// where installed, by poppler's pdfinfo.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEvidencePdf } from '../../src/report/pdf/render.js';
import { para, wrap, MIN_FONT_SIZE } from '../../src/report/pdf/text.js';
import { loadFonts } from '../../src/report/pdf/fonts.js';
import type { ReportInput } from '../../src/report/model.js';
import { brokenWords, elementText, findRoles, pageText, readPdf, requireTool, tables, vocabularyOf, type PdfPage } from '../support/pdf-layout.js';
import { DEVICES, MARKING, SYSTEM, fixtureInput } from './fixture.js';

async function render(input: ReportInput): Promise<{ bytes: Buffer; pages: number; forcedBreaks: number }> {
  const chunks: Buffer[] = [];
  const r = await renderEvidencePdf(input, { write: (c) => chunks.push(c) });
  return { bytes: Buffer.concat(chunks), ...r };
}

let bytes: Buffer;
let forcedBreaks: number;
let pdf: PDFDocumentProxy;
let pages: PdfPage[];
const input = fixtureInput();

/** The page a top-level bookmark leads to. */
async function outlinePage(title: string): Promise<number> {
  const item = ((await pdf.getOutline()) ?? []).find((o) => o.title === title);
  if (!item) throw new Error(`no bookmark ${title}`);
  const dest = typeof item.dest === 'string' ? await pdf.getDestination(item.dest) : item.dest;
  return (await pdf.getPageIndex(dest![0] as Parameters<PDFDocumentProxy['getPageIndex']>[0])) + 1;
}

/** Text in the body (not the banners and footer, which are artifacts). */
const body = (page: PdfPage) => pageText(page, (i) => i.tag !== 'Artifact');

beforeAll(async () => {
  ({ bytes, forcedBreaks } = await render(input));
  ({ pdf, pages } = await readPdf(bytes));
});
afterAll(async () => {
  await pdf?.destroy();
});

describe('front matter from the system description', () => {
  it('names the system, its categorization, the AO and the assessor on the cover', () => {
    const cover = body(pages[0]!);
    expect(cover).toContain(SYSTEM.name);
    expect(cover).toContain('RAD-SUD · CHU-ISSO-2025-007');
    // High-water mark of moderate / high / low.
    expect(cover).toContain('High (FIPS 199: confidentiality Moderate, integrity High, availability Low)');
    expect(cover).toMatch(/Authorizing Official Étienne Marchand CHU, direction générale/);
    expect(cover).toMatch(/Assessor Inès Duval Auditeurs Associés/);
    expect(cover).toContain('Assessment date 2025-03-14');
    // The collection window: the first and the last device's collection.
    expect(cover).toContain('2025-03-10T08:00:00Z to 2025-03-12T08:00:00Z');
  });

  it('labels the cover digest for what it is, not as the manifest SHA-256', () => {
    const cover = body(pages[0]!);
    expect(cover).not.toContain('Manifest SHA-256');
    expect(cover).toContain(`Digest of the other package files ${input.manifestDigest}`);
    expect(cover).toContain('every file of the package except evidence-package.pdf');
  });

  it('has a System and assessment page with roles, assessor, method, window and scope', async () => {
    const first = await outlinePage('System and assessment');
    const text = [first, first + 1].map((n) => body(pages[n - 1]!)).join(' ');
    const roles = tables(pages[first - 1]!).find((t) => t.rows[0]?.[0]?.text === 'Role');
    expect(roles, 'the roles table').toBeDefined();
    const row = (title: string) => roles!.rows.find((r) => r[0]?.text.startsWith(title))?.map((c) => c.text);
    expect(row('Authorizing Official')).toEqual(['Authorizing Official', 'Étienne Marchand', 'CHU, direction générale', 'e.marchand@chu.example']);
    expect(row('System Owner')?.[1]).toBe('Dr Claire Fontaine');
    expect(row('Information System Security Officer')?.[1]).toBe('Nadia Benali');
    // Nobody is invented for a role the description does not fill.
    expect(row('Information System Security Manager')?.[1]).toBe('Not named in the system description');
    expect(text).toContain('Les consoles IRM-01, SCAN-02 et ECHO-03 et le VLAN des modalités');
    expect(text).toMatch(/Confidentiality Integrity Availability Overall \(high-water mark\) Moderate High Low High/);
    expect(text).toContain('Hugo Lemaire — revue de configuration');
    expect(text).toContain(`${input.checks.length} configuration checks evaluated on the configuration snapshot of each of 3 device(s)`);
    expect(text).toContain(`Controls left to the assessor, not assessed in this package: ${input.manual.length}`);
    expect(text).toContain('2 organisation-defined parameter value(s), from: default (1); params file (1)');
    expect(text).toContain(`Marking ${MARKING}`);
  });

  it('ends with a signature and concurrence block for the assessor and the AO', () => {
    const last = body(pages[pages.length - 1]!);
    expect(last).toContain('Signatures and concurrence');
    expect(last.indexOf('Inès Duval')).toBeLessThan(last.indexOf('Étienne Marchand'));
    expect(last).toContain('☐ Concur');
    expect(last).toContain('☐ Do not concur');
    expect(last).toMatch(/Signature _{20,}/);
  });

  it('says so, and names nobody, without a system description (or with the placeholder one assess uses)', async () => {
    const bare = fixtureInput();
    delete bare.system;
    const placeholder = fixtureInput();
    placeholder.system = { ...SYSTEM, description: '[PLACEHOLDER: complete with ...] What the system is.', boundary: '[PLACEHOLDER: complete with ...] Which consoles.', roles: [], placeholder: true };
    delete placeholder.system.assessor;
    for (const input of [bare, placeholder]) {
      const { bytes: b } = await render(input);
      const r = await readPdf(b);
      try {
        const cover = body(r.pages[0]!);
        expect(cover).toContain('Authorizing Official Not stated: no system description was given');
        expect(cover).toContain('Categorization Not stated');
        expect(cover).not.toContain('Étienne Marchand');
        const all = r.pages.map(body).join(' ');
        expect(all).toContain('No system description was given (assess --system FILE');
        expect(all).not.toContain('[PLACEHOLDER');
      } finally {
        await r.pdf.destroy();
      }
    }
  });

  it('Appendix C counts every file of the manifest, this PDF included', async () => {
    const first = await outlinePage('Appendix C — Evidence manifest');
    const text = body(pages[first - 1]!);
    expect(text).toContain(`manifest.json lists ${input.files.length + 1} files: the ${input.files.length} below`);
    expect(text).toMatch(/evidence-package\.pdf — This document: its SHA-256 and size are in manifest\.json/);
  });
});

describe('page chrome', () => {
  it('prints the marking at the top and the bottom of every page', () => {
    for (const page of pages) {
      // Banners are running artifacts (the System and assessment page also names the marking in its body).
      const banners = page.items.filter((i) => i.str === MARKING && i.tag === 'Artifact');
      expect(banners, `page ${page.number}`).toHaveLength(2);
      // One above the body (y from the bottom of a 612 pt page), one below the footer.
      const ys = banners.map((b) => b.y).sort((a, b) => a - b);
      const bodyYs = page.items.filter((i) => i.tag !== 'Artifact').map((i) => i.y);
      expect(ys[0]!, `page ${page.number}`).toBeLessThan(Math.min(...bodyYs));
      expect(ys[1]!, `page ${page.number}`).toBeGreaterThan(Math.max(...bodyYs));
    }
  });

  it('has no banner without --marking', async () => {
    const plain = fixtureInput();
    delete plain.marking;
    const { bytes: b } = await render(plain);
    const r = await readPdf(b);
    try {
      expect(r.pages.flatMap((p) => p.items).some((i) => i.str === MARKING)).toBe(false);
      // The same pagination either way: the banners have their own room.
      expect(r.pages.length).toBe(pages.length);
    } finally {
      await r.pdf.destroy();
    }
  });
});

describe('typography', () => {
  it('breaks no word or identifier across lines', () => {
    const vocabulary = vocabularyOf(pages);
    for (const id of [...input.checks.map((c) => c.id), ...DEVICES, ...input.controls.map((c) => c.id)]) vocabulary.add(id);
    // The scan can fail: a line end inside a word the document prints whole is reported.
    expect(brokenWords([{ number: 0, struct: null, items: [{ str: 'HARD-', x: 10, y: 100, width: 20, size: 7 }, { str: 'changed', x: 10, y: 80, width: 20, size: 7 }, { str: 'Observed: change', x: 50, y: 100, width: 60, size: 7 }, { str: 'd now', x: 50, y: 92, width: 20, size: 7 }] }], new Set(['changed']))).toEqual(['page 0: "change|d"']);
    expect(brokenWords(pages, vocabulary)).toEqual([]);
    expect(forcedBreaks).toBe(0);
  });

  it('sets nothing smaller than 7 pt', () => {
    const small = pages.flatMap((p) => p.items.filter((i) => i.size < MIN_FONT_SIZE - 0.01).map((i) => `page ${p.number}: ${i.size.toFixed(2)} pt "${i.str}"`));
    expect(small).toEqual([]);
  });

  it('never leaves a heading, or a table header without rows, at the foot of a page', () => {
    for (const page of pages.slice(0, -1)) {
      const tags = page.items.filter((i) => i.tag && i.tag !== 'Artifact').map((i) => i.tag);
      expect(tags[tags.length - 1], `page ${page.number} ends with a heading or a header row`).not.toMatch(/^(H\d|TH)$/);
    }
  });

  it('leaves no page nearly empty but the last', () => {
    // The lowest body line of each page, as a share of the body's height (36 pt to 558 pt from the top).
    for (const page of pages.slice(0, -1)) {
      const lowest = Math.min(...page.items.filter((i) => i.tag !== 'Artifact').map((i) => i.y));
      const used = (612 - 36 - lowest) / (558 - 36);
      expect(used, `page ${page.number}`).toBeGreaterThan(0.3);
    }
  });

  it('shrinks a word too wide for its cell (down to 7 pt) instead of breaking it, and breaks identifiers only after - _ . /', () => {
    const fonts = loadFonts();
    const text = (w: number, s: string, size = 7.5) => wrap(para(s, 'bold', size), w, fonts).map((l) => l.pieces.map((x) => x.text).join(''));
    const narrow = fonts.bold.width('changed', 7.5) - 1;
    const lines = wrap(para('changed', 'bold', 7.5), narrow, fonts);
    expect(lines.map((l) => l.pieces.map((x) => x.text).join(''))).toEqual(['changed']);
    expect(lines[0]!.size).toBeLessThan(7.5);
    expect(lines[0]!.size).toBeGreaterThanOrEqual(MIN_FONT_SIZE);
    expect(text(fonts.bold.width('OS-SUPPORT', 7.5), 'OS-SUPPORTED')).toEqual(['OS-', 'SUPPORTED']);
    // A time is never cut after its ':' (nor a decimal after its '.').
    for (const line of text(fonts.bold.width('2026-11-02T13:05', 7), '2026-11-02T13:05:00Z 0.5')) expect(line).not.toMatch(/:$|\d\.$/);
    // Never smaller than 7 pt, whatever is asked.
    expect(wrap(para('x', 'sans', 4), 100, fonts)[0]!.size).toBe(MIN_FONT_SIZE);
  });
});

describe('tagged PDF', () => {
  it('has a structure tree: sections with headings, paragraphs, tables with header cells, figures with alternative text, links', () => {
    const roles = new Set<string>();
    const walk = (n: { role?: string; children?: unknown[] } | null) => {
      if (!n) return;
      if (n.role) roles.add(n.role);
      for (const c of n.children ?? []) walk(c as { role?: string; children?: unknown[] });
    };
    for (const p of pages) walk(p.struct);
    for (const r of ['Document', 'Sect', 'H1', 'H2', 'P', 'Table', 'TR', 'TH', 'TD', 'Figure', 'Link']) expect(roles, r).toContain(r);
    // The executive summary's heading is an H1 holding its title.
    const h1s = pages.flatMap((p) => findRoles(p.struct, 'H1').map((h) => elementText(p, h)));
    expect(h1s).toContain('Executive summary');
    expect(h1s).toContain('System and assessment');
    // A results table's header cells are TH with the column titles.
    const results = pages.flatMap((p) => tables(p)).find((t) => t.rows[0]?.map((c) => c.text).join('|') === 'Device|Check|Found on the device (and required)|Verdict|Evidence (file, SHA-256)');
    expect(results, 'a results table').toBeDefined();
    expect(results!.rows[0]!.every((c) => c.role === 'TH')).toBe(true);
    expect(results!.rows[1]!.every((c) => c.role === 'TD')).toBe(true);
  });

  it('gives each bar chart alternative text with its figures', () => {
    const alts = pages.flatMap((p) => findRoles(p.struct, 'Figure').map((f) => f.alt ?? ''));
    const satisfied = input.controls.filter((c) => c.state === 'satisfied').length;
    expect(alts).toContain(`Bar chart, ✓ Satisfied: Satisfied ${satisfied}`);
    expect(alts.every((a) => a.startsWith('Bar chart, '))).toBe(true);
  });

  it('has a title shown as the window title, and a language', async () => {
    expect(await pdf.getMarkInfo()).toMatchObject({ Marked: true });
    expect(await pdf.getViewerPreferences()).toMatchObject({ DisplayDocTitle: true });
    // The catalog's /Lang (objects other than streams are not compressed).
    expect(bytes.toString('latin1')).toMatch(/\/Lang \(en\)/);
    const { info } = (await pdf.getMetadata()) as { info: Record<string, string> };
    expect(info.Title).toContain(SYSTEM.name);
  });

  it('pdfinfo says "Tagged: yes"', (ctx) => {
    requireTool(ctx, 'pdfinfo');
    const dir = mkdtempSync(join(tmpdir(), 'ato-pdf-tag-'));
    try {
      const file = join(dir, 'package.pdf');
      writeFileSync(file, bytes);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Tagged:\s+yes$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
