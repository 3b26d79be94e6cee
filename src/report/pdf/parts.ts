// Building blocks both PDFs (the evidence package and the monitoring report) are made of, so they
// look alike: text constructors, key/value tables, the running footer, the contents table.
import { COLORS, FOOTER_Y, type Cell, type Column, type Flow, type Row } from './flow.js';
import type { FontKey } from './fonts.js';
import { clean, MIN_FONT_SIZE, type Para, type Span } from './text.js';

/** Body text in tables, and the smaller type of secondary lines (hashes, notes): never under 7 pt. */
export const SIZE = 7.5;
export const SMALL = MIN_FONT_SIZE;

export interface TextOpts {
  font?: FontKey;
  size?: number;
  color?: string;
  goTo?: string | undefined;
}

/** A single-line value (cleaned), possibly a link. */
export function p(text: unknown, o: TextOpts = {}): Para {
  const span: Span = { text: clean(text) };
  if (o.goTo !== undefined) span.goTo = o.goTo;
  return { spans: [span], font: o.font ?? 'sans', size: o.size ?? SIZE, color: o.color ?? COLORS.text };
}

/** Prose from a template: paragraphs and line breaks kept. */
export function prose(text: string, o: TextOpts = {}): Para {
  return { spans: [{ text }], font: o.font ?? 'sans', size: o.size ?? 9, color: o.color ?? COLORS.text };
}

/** A list of items, each possibly a link, separated by commas, wrapping between items. */
export function list(items: ReadonlyArray<{ text: string; goTo?: string | undefined }>, o: TextOpts = {}): Para {
  const spans: Span[] = [];
  items.forEach((item, i) => {
    const span: Span = { text: clean(item.text) };
    if (item.goTo !== undefined) span.goTo = item.goTo;
    spans.push(span);
    if (i < items.length - 1) spans.push({ text: ', ' });
  });
  return { spans, font: o.font ?? 'sans', size: o.size ?? SIZE, color: o.color ?? COLORS.text };
}

export function cell(...paras: Para[]): Cell {
  return { paras };
}

export function num(n: number): Cell {
  return { paras: [p(String(n))], align: 'right' };
}

/** A SHA-256 on its own line, in the monospaced font (never broken: its column is made wide enough). */
export function hash(hex: string, color: string = COLORS.muted): Para {
  return p(hex, { font: 'mono', size: SMALL, color });
}

/** A row of a key/value table: the key heads the row. */
export function kvRow(label: string, ...value: Para[]): Row {
  return { cells: [cell(p(label, { font: 'bold' })), cell(...value)] };
}

export const KV_COLUMNS: Column[] = [
  { header: '', weight: 1.4 },
  { header: '', weight: 6 },
];

/** The running footer: a rule and one or two centred lines of 7 pt (a longer text is shortened). */
export function drawFooter(flow: Flow, text: string): void {
  const lines = flow.wrap(p(text, { size: MIN_FONT_SIZE, color: COLORS.muted }), flow.width);
  if (lines.length > 2) {
    const second = lines[1]!;
    const last = second.pieces[second.pieces.length - 1];
    if (last) last.text = `${last.text.replace(/.$/u, '')}…`;
    lines.length = 2;
  }
  flow.surface.hline(flow.left, flow.left + flow.width, FOOTER_Y - 4, COLORS.rule, 0.4, 'footer');
  let y = FOOTER_Y;
  for (const line of lines) {
    flow.drawLine(line, flow.left + (flow.width - line.width) / 2, y, 'footer');
    y += line.height;
  }
}

export interface TocEntry {
  title: string;
  dest: string;
  level: 0 | 1;
}

/**
 * The contents: one row per entry, linked, with the page it starts on (`pageOf` is undefined in
 * the layout pass, where the numbers are not known yet; their cells are one line either way).
 */
export async function contentsTable(flow: Flow, entries: readonly TocEntry[], pageOf: ((dest: string) => number | undefined) | undefined, labels: { title: string; page: string }): Promise<void> {
  await flow.table(
    {
      columns: [
        { header: labels.title, weight: 12 },
        { header: labels.page, weight: 1, align: 'right' },
      ],
    },
    entries.map((e) => ({
      cells: [
        { paras: [p(e.title, { font: e.level === 0 ? 'bold' : 'sans', size: e.level === 0 ? 8.5 : SIZE, goTo: e.dest })], indent: e.level * 14 },
        { paras: [p(pageOf ? String(pageOf(e.dest) ?? '') : '0', { goTo: e.dest })], align: 'right' },
      ],
    })),
  );
}
