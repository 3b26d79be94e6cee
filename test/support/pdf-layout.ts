// A PDF read back for layout and structure checks (pdf.js, pure Node): every text item with its
// position, size and the marked content it belongs to (a structure element's tag, or an artifact),
// each page's structure tree, tables rebuilt from it, and the scans the typography tests make
// (words broken across lines, type smaller than 7 pt, headings left at the foot of a page).
import { spawnSync } from 'node:child_process';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface TextItem {
  str: string;
  x: number;
  /** Baseline, from the bottom of the page. */
  y: number;
  width: number;
  size: number;
  /** The tag of the innermost marked content ("P", "TD", "H2", "Artifact"), if any. */
  tag?: string;
  /** The marked-content id ("p12R_mc3") a structure element refers to. */
  mcid?: string;
}

export interface StructNode {
  role?: string;
  alt?: string;
  lang?: string;
  children?: Array<StructNode | { type: string; id: string }>;
}

export interface PdfPage {
  number: number;
  items: TextItem[];
  struct: StructNode | null;
}

export interface ReadPdf {
  pdf: PDFDocumentProxy;
  pages: PdfPage[];
}

export async function readPdf(bytes: Buffer | Uint8Array): Promise<ReadPdf> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const stack: Array<{ tag?: string; mcid?: string }> = [];
    const items: TextItem[] = [];
    for (const raw of content.items as Array<Record<string, unknown>>) {
      if (raw.type === 'beginMarkedContentProps' || raw.type === 'beginMarkedContent') {
        stack.push({ tag: raw.tag as string | undefined, mcid: raw.id as string | undefined });
        continue;
      }
      if (raw.type === 'endMarkedContent') {
        stack.pop();
        continue;
      }
      const str = raw.str as string;
      if (typeof str !== 'string' || str === '') continue;
      const t = raw.transform as number[];
      const top = stack[stack.length - 1];
      items.push({ str, x: t[4]!, y: t[5]!, width: raw.width as number, size: Math.hypot(t[2]!, t[3]!), ...(top?.tag ? { tag: top.tag } : {}), ...(top?.mcid ? { mcid: top.mcid } : {}) });
    }
    pages.push({ number: n, items, struct: ((await page.getStructTree()) as StructNode | null) ?? null });
  }
  return { pdf, pages };
}

/** The text of a page's items, in drawing order, joined by spaces. */
export function pageText(page: PdfPage, filter: (i: TextItem) => boolean = () => true): string {
  return page.items.filter(filter).map((i) => i.str).join(' ').replace(/\s+/g, ' ');
}

/** Structure elements of a page with the given role, depth first. */
export function findRoles(node: StructNode | null, role: string, out: StructNode[] = []): StructNode[] {
  if (!node) return out;
  if (node.role === role) out.push(node);
  for (const c of node.children ?? []) if ('role' in c || 'children' in c) findRoles(c as StructNode, role, out);
  return out;
}

/** The text an element holds on its page (its marked content, nested elements included). */
export function elementText(page: PdfPage, node: StructNode): string {
  const ids: string[] = [];
  const walk = (n: StructNode) => {
    for (const c of n.children ?? []) {
      if ('type' in c && c.type === 'content') ids.push((c as { id: string }).id);
      else if (!('type' in c)) walk(c as StructNode);
    }
  };
  walk(node);
  const wanted = new Set(ids);
  return page.items.filter((i) => i.mcid !== undefined && wanted.has(i.mcid)).map((i) => i.str).join(' ').replace(/\s+/g, ' ').trim();
}

/** The tables of a page as rows of cell texts (header cells included, as their rows). */
export function tables(page: PdfPage): Array<{ rows: Array<Array<{ role: string; text: string }>> }> {
  return findRoles(page.struct, 'Table').map((t) => ({
    rows: findRoles(t, 'TR').map((tr) => (tr.children ?? []).filter((c): c is StructNode => 'role' in c && (c.role === 'TD' || c.role === 'TH')).map((c) => ({ role: c.role!, text: elementText(page, c) }))),
  }));
}

interface Line {
  x: number;
  y: number;
  size: number;
  text: string;
}

/**
 * Lines of text: items on one baseline that follow each other with at most a space between them
 * (the pieces of a line with links); columns of a table are further apart than that.
 */
function lines(page: PdfPage): Line[] {
  const sorted = [...page.items].sort((a, b) => b.y - a.y || a.x - b.x);
  const out: Array<Line & { end: number }> = [];
  for (const i of sorted) {
    const prev = out.find((l) => Math.abs(l.y - i.y) < 0.5 && i.x - l.end > -1 && i.x - l.end < 0.45 * i.size);
    if (prev) {
      prev.text += (i.x - prev.end > 0.15 * i.size ? ' ' : '') + i.str;
      prev.end = i.x + i.width;
    } else out.push({ x: i.x, y: i.y, size: i.size, text: i.str, end: i.x + i.width });
  }
  return out;
}

/**
 * Line ends that break a word or an identifier: the last token of a line and the first token of
 * the next line of the same column (same left edge, one line lower) join into a token the document
 * prints whole elsewhere (`vocabulary`), with no break character between them; or a time is cut
 * after its ':' ("13:05:" / "00Z").
 */
export function brokenWords(pages: readonly PdfPage[], vocabulary: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const page of pages) {
    const ls = lines(page);
    for (const a of ls) {
      const below = ls.filter((b) => Math.abs(b.x - a.x) < 0.6 && a.y - b.y > 0.8 * a.size && a.y - b.y < 1.7 * a.size);
      const b = below.sort((p, q) => q.y - p.y)[0];
      if (!b) continue;
      const tail = a.text.trimEnd().split(' ').pop() ?? '';
      const head = b.text.trimStart().split(' ')[0] ?? '';
      if (!tail || !head) continue;
      const joined = `${tail}${head}`;
      const cut = /[\p{L}\p{N}]$/u.test(tail) && /^[\p{L}\p{N}]/u.test(head) && vocabulary.has(joined.replace(/[,;.:)]+$/u, ''));
      const time = /\d:$/.test(tail) && /^\d/.test(head);
      if (cut || time) found.push(`page ${page.number}: "${tail}|${head}"`);
    }
  }
  return found;
}

/** Every whitespace-separated token the pages print whole (trailing punctuation dropped), of 4 characters or more. */
export function vocabularyOf(pages: readonly PdfPage[]): Set<string> {
  const out = new Set<string>();
  for (const page of pages) for (const l of lines(page)) for (const t of l.text.split(/\s+/)) {
    const w = t.replace(/[,;.:)]+$/u, '').replace(/^\(/, '');
    if ([...w].length >= 4) out.add(w);
  }
  return out;
}

/**
 * For use inside a test that needs an external tool (poppler's pdfinfo, pdftotext): skip it with
 * a clear message where the tool is not installed, but fail it under CI=true.
 */
export function requireTool(ctx: { skip: (note?: string) => void }, tool: string): void {
  if (spawnSync(tool, ['-v'], { stdio: 'ignore' }).error === undefined) return;
  const why = `${tool} is not installed (apt-get install poppler-utils)`;
  if (process.env.CI === 'true') throw new Error(`${why}; under CI=true this is a failure, not a skip`);
  ctx.skip(why);
}
