// The PDF evidence package, read back with pdfjs-dist (pure Node) and, where installed, with
// qpdf and poppler-utils.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/report/pdf/fonts.js';
import { loadWording } from '../../src/report/pdf/wording.js';
import { renderEvidencePdf } from '../../src/report/pdf/render.js';
import { clean, para, wrap } from '../../src/report/pdf/text.js';
import { LAYERS, LAYER_TITLES, type Layer } from '../../src/snapshot/types.js';
import type { ReportInput, ReportResult } from '../../src/report/model.js';
import { DEVICES, DIRTY, LAYER_CONTROL, LONG_REMEDIATION, LONG_ROW, PARTIAL_CONTROL, SYSTEM_NAME, fixtureInput, rowMarker, sha256 } from './fixture.js';

async function render(input: ReportInput): Promise<{ bytes: Buffer; pages: number }> {
  const chunks: Buffer[] = [];
  const { pages } = await renderEvidencePdf(input, { write: (c) => chunks.push(c) });
  return { bytes: Buffer.concat(chunks), pages };
}

interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineNode[];
}

let bytes: Buffer;
let pages: number;
let pdf: PDFDocumentProxy;
/** Text of each page (index 0 = page 1), items joined by spaces, whitespace collapsed. */
let texts: string[];
let outline: OutlineNode[];
const input = fixtureInput();

async function pageOf(dest: string | unknown[] | null): Promise<number> {
  const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : dest;
  if (!explicit) throw new Error(`unresolved destination ${String(dest)}`);
  return (await pdf.getPageIndex(explicit[0] as Parameters<PDFDocumentProxy['getPageIndex']>[0])) + 1;
}

/**
 * Pages [first, last] of a top-level outline section. A section may end on the page the next one
 * starts on (sections follow each other on a page that is not half full), so that page is included.
 */
async function sectionPages(title: string): Promise<number[]> {
  const i = outline.findIndex((o) => o.title === title);
  if (i < 0) throw new Error(`no outline item ${title}`);
  const first = await pageOf((outline[i] as OutlineNode).dest);
  const next = outline[i + 1];
  const last = next ? Math.max(first, await pageOf(next.dest)) : pages;
  return Array.from({ length: last - first + 1 }, (_, k) => first + k);
}

beforeAll(async () => {
  ({ bytes, pages } = await render(input));
  pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  texts = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    texts.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  outline = ((await pdf.getOutline()) ?? []) as OutlineNode[];
});

afterAll(async () => {
  await pdf?.destroy();
});

describe('PDF evidence package', () => {
  it('has several pages, and says how many', () => {
    expect(pages).toBeGreaterThan(1);
    expect(pdf.numPages).toBe(pages);
  });

  it('carries the document information, dated input.now', async () => {
    const { info } = (await pdf.getMetadata()) as { info: Record<string, string> };
    expect(info.Title).toBe(`${SYSTEM_NAME} — NIST SP 800-53 rev5 evidence package`);
    expect(info.Subject).toContain('3 imaging-device console(s)');
    // The selection in the AR's words (selectionName), as every other mention in the PDF.
    expect(info.Subject).toContain('MODERATE baseline');
    expect(info.Keywords).toContain('NIST SP 800-53');
    expect(info.CreationDate).toBe('D:20250314093000Z');
    expect(info.ModDate).toBe('D:20250314093000Z');
  });

  it('has a bookmark for every section, layer, check and control', () => {
    const titles = outline.map((o) => o.title);
    for (const l of LAYERS) expect(titles).toContain(`Layer: ${LAYER_TITLES[l]}`);
    for (const s of ['Cover', 'Contents', 'Executive summary', 'Assessed controls', 'Controls needing manual assessment', 'Appendix C — Evidence manifest']) {
      expect(titles).toContain(s);
    }
    const controls = outline.find((o) => o.title === 'Assessed controls')?.items.map((o) => o.title) ?? [];
    expect(controls).toContain('ac-7 — Unsuccessful Logon Attempts');
    expect(controls).toHaveLength(input.controls.length);
    const firewall = outline.find((o) => o.title === 'Layer: Firewall')?.items.map((o) => o.title) ?? [];
    expect(firewall).toEqual(['FW-ENABLED — Pare-feu activé pour chaque profil', 'FW-INBOUND-BLOCK — Inbound connections blocked by default']);
  });

  it('prints "Page X of Y" and the accented system name on every page', () => {
    texts.forEach((text, i) => {
      expect(text).toContain(`Page ${i + 1} of ${pages}`);
      expect(text).toContain('bâtiment Sud');
    });
  });

  it('renders accents and ✓ ✗ ≥ as text', () => {
    const all = texts.join('\n');
    for (const s of ['EPIQ Elite échographe', 'Pare-feu activé', '✓ pass', '✗ fail', '≥ 3', 'Désactiver l’exécution automatique']) expect(all).toContain(s);
  });

  it('sums up the controls, worst first, with bar charts', async () => {
    const summary = await sectionPages('Executive summary');
    const text = summary.map((n) => texts[n - 1]).join('\n');
    const satisfied = input.controls.filter((c) => c.state === 'satisfied').length;
    // sc-8 fails only through IRM-01's approved deviation; au-4 lacks evidence on ECHO-03; ia-5.1 is partially assessed.
    expect(text).toContain(`${input.controls.length} controls were assessed on 3 device(s)`);
    // Not satisfied counts the deviation-only control too (as the CLI does), and says so; grammar by count.
    expect(text).toContain(`${satisfied} controls are satisfied (every objective shown), ${input.controls.length - satisfied - 1} controls are not satisfied (1 of them only because of approved deviations), and 1 control is partially assessed`);
    const failing = text.slice(text.indexOf('Controls not satisfied, highest severity first'));
    const order = ['cm-6', 'ac-7', 'au-4'].map((id) => failing.indexOf(` ${id} `));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b)); // CAT I, CAT II, then no severity
    // Bars: a filled path in each category's colour.
    const filled = new Set<string>();
    for (const n of summary) {
      const ops = await (await pdf.getPage(n)).getOperatorList();
      let color = '';
      ops.fnArray.forEach((fn, i) => {
        if (fn === OPS.setFillRGBColor) color = String((ops.argsArray[i] as unknown[])[0]);
        // pdfjs 5: constructPath carries the painting operator. Bars are wider than the 7 pt legend squares.
        const [paint, , box] = (fn === OPS.constructPath ? ops.argsArray[i] : []) as [number, unknown, Record<number, number>];
        if (paint === OPS.fill && box && (box[2] as number) - (box[0] as number) > 10) filled.add(color);
      });
    }
    for (const c of ['#2e7d32', '#c62828', '#e08a00', '#3f51b5', '#78909c']) expect(filled).toContain(c);
  });

  it('lists a partially assessed control with the objectives left to the assessor, in its entry and under manual assessment', async () => {
    const manual = (await sectionPages('Controls needing manual assessment')).map((n) => texts[n - 1]).join('\n').replace(/\s+/g, ' ');
    // The worksheet's heading, from the wording the PDF uses (templates/pdf-labels.hbs).
    expect(manual).toContain(loadWording().label('manual.partial'));
    for (const o of PARTIAL_CONTROL.uncovered) expect(manual).toContain(o.label);
    expect(manual).toContain('list of commonly used, expected, or compromised passwords');
    const all = texts.join('\n').replace(/\s+/g, ' ');
    expect(all).toMatch(/ia-5\.1 — Password-based Authentication.*◐ Partially assessed/);
    expect(all).toContain('IA-05(01)(a) (ia-5.1_obj.a), IA-05(01)(b) (ia-5.1_obj.b)');
    expect(all).toContain('✓ IA-05(01)(h) (ia-5.1_obj.h)');
  });

  it("shows a control id of each layer's checks in that layer's section", async () => {
    for (const l of LAYERS) {
      const text = (await sectionPages(`Layer: ${LAYER_TITLES[l as Layer]}`)).map((n) => texts[n - 1]).join('\n');
      expect(text, l).toContain(LAYER_CONTROL[l]);
      for (const c of input.checks.filter((k) => k.layer === l)) expect(text, c.id).toContain(c.id);
    }
  });

  it('repeats the header row on every page of a split table and loses no row', async () => {
    const section = await sectionPages('Layer: OS and application hardening');
    const withRows = section.filter((n) => /obs-[A-Z]+-\d+-HARD-/.test(texts[n - 1] as string) || (texts[n - 1] as string).includes('mot2'));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const n of withRows) {
      const text = texts[n - 1] as string;
      for (const header of ['Device', 'Check', 'Found on the device (and required)', 'Verdict', 'Evidence (file, SHA-256)']) expect(text, `page ${n}`).toContain(header);
    }
    const text = section.map((n) => texts[n - 1]).join('\n');
    for (const d of DEVICES) {
      for (const c of input.checks.filter((k) => k.layer === 'hardening')) {
        if ((d === LONG_ROW.deviceId && c.id === LONG_ROW.checkId) || (d === DIRTY.deviceId && c.id === DIRTY.checkId)) continue;
        expect(text).toContain(rowMarker(d, c.id));
      }
    }
  });

  it('splits a row taller than a page across pages without cutting it', () => {
    const holding = texts.map((t, i) => (t.includes('mot') && /\bmot\d{3}\b/.test(t) ? i + 1 : 0)).filter(Boolean);
    expect(holding.length).toBeGreaterThanOrEqual(2);
    const all = holding.map((n) => texts[n - 1]).join(' ');
    const found = new Set(all.match(/\bmot\d{3}\b/g));
    expect(LONG_ROW.words.filter((w) => !found.has(w))).toEqual([]);
  });

  it('wraps a long cell instead of cutting it', () => {
    const all = texts.join(' ');
    const words = LONG_REMEDIATION.split(' ');
    // Every consecutive pair of words is on the page (a line break becomes a space).
    for (let i = 0; i + 1 < words.length; i++) expect(all).toContain(`${words[i]} ${words[i + 1]}`);
  });

  it('keeps control and bidi characters out of the page', () => {
    const all = texts.join('\n');
    expect(all).toContain(DIRTY.clean);
    expect(all).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e]/);
  });

  it('embeds every attachment with its exact bytes, and prints their SHA-256', async () => {
    const attachments = (await pdf.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>;
    const byName = new Map(Object.values(attachments).map((a) => [a.filename, sha256(Buffer.from(a.content))]));
    expect([...byName.keys()].sort()).toEqual(['assessment-results.json', 'snapshots_IRM-01.json']);
    const manifest = (await sectionPages('Appendix C — Evidence manifest')).map((n) => texts[n - 1]).join('\n');
    for (const a of input.attachments) {
      const digest = sha256(a.bytes);
      expect(byName.get(a.name.replace('/', '_'))).toBe(digest);
      expect(manifest).toContain(digest);
    }
    for (const f of input.files) expect(manifest).toContain(f.sha256);
  });

  it('has working internal links, and a table of contents with the right page numbers', async () => {
    const dests = (await pdf.getDestinations()) as Record<string, unknown[]>;
    let links = 0;
    for (let n = 1; n <= pages; n++) {
      for (const a of (await (await pdf.getPage(n)).getAnnotations()) as Array<{ subtype: string; dest?: unknown }>) {
        if (a.subtype !== 'Link') continue;
        links++;
        expect(typeof a.dest, `page ${n}`).toBe('string');
        expect(dests[a.dest as string], `page ${n}: ${String(a.dest)}`).toBeDefined();
      }
    }
    expect(links).toBeGreaterThan(50);

    // Each page number printed in the contents is the page its link leads to.
    const contents = await sectionPages('Contents');
    let checked = 0;
    for (const n of contents) {
      const page = await pdf.getPage(n);
      const items = (await page.getTextContent()).items.filter((i) => 'str' in i && /^\d+$/.test(i.str)) as Array<{ str: string; transform: number[] }>;
      for (const a of (await page.getAnnotations()) as Array<{ subtype: string; dest?: string; rect: number[] }>) {
        const [x1, y1, x2, y2] = a.rect as [number, number, number, number];
        const number = items.find((i) => (i.transform[4] as number) >= x1 - 1 && (i.transform[4] as number) <= x2 && (i.transform[5] as number) >= y1 - 1 && (i.transform[5] as number) <= y2 + 1);
        if (!number || a.dest === undefined) continue;
        expect(Number(number.str), a.dest).toBe(await pageOf(a.dest));
        checked++;
      }
    }
    // Sections, checks and controls: one number each.
    expect(checked).toBeGreaterThanOrEqual(10 + input.checks.length + input.controls.length);
  });

  it('is byte-identical across runs, sinks and time zones', async () => {
    const again = await render(fixtureInput());
    expect(again.bytes.equals(bytes)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'ato-pdf-'));
    const tz = process.env.TZ;
    try {
      const file = join(dir, 'package.pdf');
      process.env.TZ = 'Pacific/Kiritimati';
      await renderEvidencePdf(fixtureInput(), file);
      expect(readFileSync(file).equals(bytes)).toBe(true);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
      rmSync(dir, { recursive: true, force: true });
    }
    // A different input gives different bytes (the comparison can fail).
    const other = fixtureInput();
    other.now = '2025-03-15T09:30:00Z';
    expect((await render(other)).bytes.equals(bytes)).toBe(false);
  });
});

describe('line breaking', () => {
  const fonts = loadFonts();
  it('never loses a character and never exceeds the width (except a single wide character)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), fc.integer({ min: 4, max: 300 }), (raw, width) => {
        const text = clean(raw);
        const lines = wrap(para(text), width, fonts);
        // A character the font has no glyph for is drawn as its \u{NNNN} (fonts.ts `shown`): what must not be lost is that.
        const drawn = fonts[para(text).font].shown(text);
        const joined = lines.map((l) => l.pieces.map((p) => p.text).join('')).join('');
        expect(joined.replace(/ /g, '')).toBe(drawn.replace(/ /g, ''));
        for (const l of lines) {
          if (Array.from(l.pieces.map((p) => p.text).join('')).length > 1) expect(l.width).toBeLessThanOrEqual(width + 1e-6);
        }
      }),
      { numRuns: 300 },
    );
  });
});

const has = (tool: string) => spawnSync(tool, ['-v'], { stdio: 'ignore' }).error === undefined;
const missingTools = ['qpdf', 'pdffonts', 'pdfdetach'].filter((t) => !has(t));
if (missingTools.length > 0) console.warn(`PDF checks by external tools skipped, not installed: ${missingTools.join(', ')} (apt-get install qpdf poppler-utils)`);

describe('PDF evidence package, checked by qpdf and poppler', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ato-pdf-'));
    file = join(dir, 'evidence-package.pdf');
    await renderEvidencePdf(fixtureInput(), file);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.runIf(has('qpdf'))('qpdf --check finds nothing wrong', () => {
    const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('No syntax or stream encoding errors');
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it.runIf(has('pdffonts'))('pdffonts: every font is embedded, subset, with a Unicode map', () => {
    const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    const rows = out.split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      expect(row).toMatch(/DejaVu/);
      // columns: emb sub uni object ID
      expect(row, row).toMatch(/\byes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    }
  });

  it.runIf(has('pdfdetach'))('pdfdetach -list lists the attachments', () => {
    const out = execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' });
    expect(out).toMatch(/^2 embedded files/m);
    expect(out).toContain('assessment-results.json');
    expect(out).toContain('snapshots_IRM-01.json');
  });

});

describe('PDF evidence package, edge cases', () => {
  it('renders an assessment with nothing in it', async () => {
    const empty: ReportInput = {
      ...fixtureInput(),
      devices: [],
      checks: [],
      controls: [],
      manual: [],
      parameters: [],
      deviations: [],
      poam: [],
      poamItems: [],
      files: [],
      attachments: [],
      results: () => [],
    };
    const { bytes: out, pages: n } = await render(empty);
    const doc = await getDocument({ data: new Uint8Array(out), verbosity: 0 }).promise;
    try {
      expect(doc.numPages).toBe(n);
      const last = await (await doc.getPage(n)).getTextContent();
      expect(last.items.map((i) => ('str' in i ? i.str : '')).join(' ')).toContain(`Page ${n} of ${n}`);
    } finally {
      await doc.destroy();
    }
  });

  it('refuses a result for a check the input does not define', async () => {
    const bad = fixtureInput();
    const first = [...bad.results()][0] as ReportResult;
    const results = [...bad.results(), { ...first, checkId: 'NO-SUCH-CHECK' }];
    bad.results = () => results;
    await expect(render(bad)).rejects.toThrow(/unknown check NO-SUCH-CHECK/);
  });
});
