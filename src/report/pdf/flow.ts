// The layout engine: pages, headings, paragraphs and hand-drawn tables. It measures every cell
// itself (fonts.ts widths, text.ts line breaking), breaks pages itself, repeats a table's header
// row on every page it continues on, and splits a row taller than a page across pages line by line,
// so nothing is ever cut. It draws through a Surface and records on which page every named
// destination landed; the layout pass and the real pass run this same code.
//
// It also gives the document its logical structure (tagged PDF): each section is a Sect with an
// H1, sub-headings are H2/H3, paragraphs P, tables Table/TR/TH/TD, bar charts Figures with their
// alternative text, links Link; rules, fills, repeated header rows and the page chrome (running
// marking banners, footer) are artifacts.
import type { FontSet } from './fonts.js';
import { PAGE_HEIGHT, PAGE_WIDTH, type OutlineRef, type StructRef, type StructRole, type Surface, type Target } from './surface.js';
import { linesHeight, wrap, type Line, type Para } from './text.js';

export const MARGIN_X = 36;
export const MARGIN_TOP = 36;
/** Where body content ends; below it: the footer and the bottom marking banner. */
export const CONTENT_BOTTOM = PAGE_HEIGHT - 54;
export const FOOTER_Y = PAGE_HEIGHT - 46;
/** Tops of the marking banners (--marking), above the body and below the footer. */
export const BANNER_TOP_Y = 14;
export const BANNER_BOTTOM_Y = PAGE_HEIGHT - 24;
const CELL_PAD_X = 3;
const CELL_PAD_Y = 2.5;
const TRIM_EVERY = 50;
const TABLE_GAP = 8;
const HEADING_GAP = 3;
/** A section starts on a new page only when this share of the current one is used already. */
const SECTION_NEW_PAGE_AFTER = 0.5;
const SECTION_GAP = 22;
/** A section heading keeps at least this much of what follows with it. */
const SECTION_KEEP = 60;

export const COLORS = {
  text: '#000000',
  muted: '#555555',
  rule: '#b0b0b0',
  headerFill: '#e4e8ee',
  heading: '#1a3557',
  link: '#0b4f9c',
};

export interface Bar {
  segments: Array<{ value: number; color: string }>;
  max: number;
  /** What the bar shows, in words (the figure's alternative text). */
  alt: string;
}

export interface Cell {
  paras: Para[];
  align?: 'left' | 'right';
  /** Left indent inside the cell, in points. */
  indent?: number;
  bar?: Bar;
}

export interface Row {
  cells: Cell[];
  /** A named destination at the row's first line. */
  dest?: string;
  /** A bookmark for the row, under this parent. */
  outline?: { parent: OutlineRef | null; title: string };
  /** Bold rule above the row (totals). */
  strong?: boolean;
}

export interface Column {
  header: string;
  /** Relative width; the columns share the content width in these proportions. */
  weight: number;
  align?: 'left' | 'right';
}

export interface TableSpec {
  columns: Column[];
  /** Without a header row (key/value lists: the first column heads its row). */
  noHeader?: boolean;
  /** Left indent in points. */
  indent?: number;
  /** Shown under the first column's first line where a row continues on a new page. */
  continued?: string;
}

/** What the page chrome draws on every page (set by the document once it knows the page count). */
export interface Chrome {
  /** The running footer, drawn when a page is left. */
  footer?: (page: number) => void;
  /** A marking (CUI, …) shown at the top and the bottom of every page. */
  marking?: string;
}

export class Flow {
  /** Pages begun so far (1-based number of the current page). */
  page = 0;
  y = MARGIN_TOP;
  readonly anchors = new Map<string, number>();
  /** The running footer and banners; the footer is set in the drawing pass only. */
  chrome: Chrome = {};
  /**
   * Lines a run of characters had to be cut inside (Line.forced), counted each time a paragraph is
   * laid out, measurements included: zero in a well laid-out document.
   */
  forcedBreaks = 0;
  private yieldDue = false;
  /** The open section (Sect) and the element text goes into by default. */
  private sect: StructRef = null;

  constructor(
    readonly surface: Surface,
    readonly fonts: FontSet,
  ) {}

  get left(): number {
    return MARGIN_X;
  }
  get width(): number {
    return PAGE_WIDTH - 2 * MARGIN_X;
  }

  /** The element new content of the document goes into: the open section, else the root. */
  get parent(): StructRef {
    return this.sect;
  }

  private leavePage(): void {
    if (this.page === 0) return;
    this.chrome.footer?.(this.page);
    const marking = this.chrome.marking;
    if (marking) {
      const line = this.wrap({ spans: [{ text: marking }], font: 'bold', size: 8, color: COLORS.text }, this.width)[0];
      if (line) {
        for (const [y, kind] of [[BANNER_TOP_Y, 'header'], [BANNER_BOTTOM_Y, 'footer']] as const) this.drawLine(line, this.left + (this.width - line.width) / 2, y, kind);
      }
    }
  }

  newPage(): void {
    this.leavePage();
    this.page++;
    if (this.page % TRIM_EVERY === 0) this.surface.trim();
    this.surface.beginPage();
    this.y = MARGIN_TOP;
    this.yieldDue = true;
  }

  /** Ends the last page and the document's structure. */
  finish(): number {
    this.leavePage();
    this.endSection();
    return this.page;
  }

  /** Gives the output stream a turn after a page break (the real pass only). */
  async breathe(): Promise<void> {
    if (this.yieldDue) {
      this.yieldDue = false;
      await this.surface.pause();
    }
  }

  /** Starts a new page unless h points still fit on this one. */
  ensure(h: number): void {
    // At the top of a page already: more than a page is not a reason for an empty one.
    if (this.page === 0 || (this.y > MARGIN_TOP && this.y + h > CONTENT_BOTTOM)) this.newPage();
  }

  space(h: number): void {
    this.y = Math.min(this.y + h, CONTENT_BOTTOM);
  }

  anchor(name: string, x = MARGIN_X): void {
    this.anchors.set(name, this.page);
    this.surface.dest(name, x, this.y);
  }

  wrap(p: Para, width: number): Line[] {
    const lines = wrap(p, width, this.fonts);
    for (const l of lines) if (l.forced) this.forcedBreaks++;
    return lines;
  }

  /** A structure element under `parent` (default: the open section). */
  struct(role: StructRole, parent: StructRef = this.sect, options: { alt?: string; scope?: 'Column' | 'Row' } = {}): StructRef {
    return this.surface.struct(role, parent, options);
  }

  end(element: StructRef): void {
    this.surface.end(element);
  }

  /**
   * Draws one line at (x, y), with its links, into a structure element (or as an artifact).
   * Several pieces on a line (links among plain text) are placed by their real, kerned widths, so
   * no gap opens between them; where lines break was decided with the estimate, which is never
   * narrower.
   */
  drawLine(line: Line, x: number, y: number, into: Target): void {
    let shift = 0;
    const structured = into !== null && typeof into === 'object';
    line.pieces.forEach((piece, i) => {
      const px = x + piece.dx - shift;
      const real = line.pieces.length > 1 ? this.surface.measure(piece.text, line.font, line.size) : undefined;
      const width = real ?? piece.width;
      if (piece.goTo) {
        const link = structured ? this.surface.struct('Link', into) : null;
        this.surface.text(piece.text, px, y, line.font, line.size, COLORS.link, width, link ?? into);
        this.surface.link(px, y, width, line.height, piece.goTo, link);
        this.surface.end(link);
      } else {
        this.surface.text(piece.text, px, y, line.font, line.size, line.color, width, into);
      }
      if (i < line.pieces.length - 1) shift += piece.width - width;
    });
  }

  /** Flowing text (a P element): lines break across pages; the first two stay together. */
  paragraph(p: Para, opts: { indent?: number; after?: number; role?: StructRole } = {}): void {
    const indent = opts.indent ?? 0;
    const lines = this.wrap(p, this.width - indent);
    this.ensure(linesHeight(lines.slice(0, 2)));
    const el = this.struct(opts.role ?? 'P');
    for (const line of lines) {
      this.ensure(line.height);
      this.drawLine(line, this.left + indent, this.y, el);
      this.y += line.height;
    }
    this.end(el);
    this.space(opts.after ?? 4);
  }

  private endSection(): void {
    if (this.sect) this.end(this.sect);
    this.sect = null;
  }

  /** Opens a section element (Sect) without a heading (the cover): what follows belongs to it. */
  openSection(title: string): void {
    this.endSection();
    this.sect = this.surface.struct('Sect', null, { title });
  }

  /**
   * A section (Sect, with an H1 heading; returns its bookmark). It starts a new page when half
   * of the current one is used; otherwise it follows on the same page, so a table's last rows
   * never leave a page nearly empty before the next section (`compact`: a short section follows
   * whenever it fits; `newPage`: always on a new page; `keep`: what must follow on its page).
   */
  section(title: string, dest: string, parent: OutlineRef | null = null, opts: { newPage?: boolean; compact?: boolean; keep?: number } = {}): OutlineRef {
    this.endSection();
    const p: Para = { spans: [{ text: title }], font: 'bold', size: 16, color: COLORS.heading };
    const lines = this.wrap(p, this.width);
    const used = (this.y - MARGIN_TOP) / this.pageRoom;
    // compact: a short section follows on the same page whenever its start fits there.
    if (this.page === 0 || opts.newPage || (!opts.compact && used > SECTION_NEW_PAGE_AFTER)) this.newPage();
    else {
      this.space(SECTION_GAP);
      this.ensure(linesHeight(lines) + 12 + Math.max(SECTION_KEEP, opts.keep ?? 0));
    }
    this.openSection(title);
    this.anchor(dest);
    const ref = this.surface.outline(parent, title);
    const h = this.struct('H1');
    for (const line of lines) {
      this.drawLine(line, this.left, this.y, h);
      this.y += line.height;
    }
    this.end(h);
    this.surface.hline(this.left, this.left + this.width, this.y + 2, COLORS.heading, 1);
    this.space(10);
    return ref;
  }

  /** The height subheading() takes, its spacing included. */
  headingHeight(title: string, size = 11): number {
    return linesHeight(this.wrap({ spans: [{ text: title }], font: 'bold', size, color: COLORS.heading }, this.width)) + HEADING_GAP;
  }

  /** A sub-heading (H2, or H3 for a size under 10) kept with at least `keep` points of what follows. */
  subheading(title: string, opts: { dest?: string; outlineParent?: OutlineRef | null; size?: number; keep?: number; role?: 'H2' | 'H3' } = {}): OutlineRef {
    const size = opts.size ?? 11;
    const p: Para = { spans: [{ text: title }], font: 'bold', size, color: COLORS.heading };
    const lines = this.wrap(p, this.width);
    this.ensure(linesHeight(lines) + HEADING_GAP + (opts.keep ?? 48));
    if (opts.dest) this.anchor(opts.dest);
    const ref = opts.outlineParent !== undefined ? this.surface.outline(opts.outlineParent, title) : null;
    const h = this.struct(opts.role ?? (size < 10 ? 'H3' : 'H2'));
    for (const line of lines) {
      this.drawLine(line, this.left, this.y, h);
      this.y += line.height;
    }
    this.end(h);
    this.space(HEADING_GAP);
    return ref;
  }

  /** The first line of a cell again, muted, and the "continued" label. */
  private continuation(lines: readonly Line[], label: string, width: number): Line[] {
    const first = lines[0];
    const out: Line[] = [];
    if (first) out.push({ ...first, color: COLORS.muted, pieces: first.pieces.map(({ goTo: _goTo, ...rest }) => rest) });
    out.push(...this.wrap({ spans: [{ text: label }], font: 'sans', size: 7, color: COLORS.muted }, width));
    return out;
  }

  /** Column positions and the wrapped header of a table. */
  private prepare(spec: TableSpec) {
    const x0 = this.left + (spec.indent ?? 0);
    const total = this.width - (spec.indent ?? 0);
    const weights = spec.columns.reduce((s, c) => s + c.weight, 0);
    const widths = spec.columns.map((c) => (total * c.weight) / weights);
    const xs: number[] = [];
    let acc = x0;
    for (const w of widths) {
      xs.push(acc);
      acc += w;
    }
    const header: Line[][] | undefined = spec.noHeader
      ? undefined
      : spec.columns.map((c, i) => this.wrap({ spans: [{ text: c.header }], font: 'bold', size: 7.5, color: COLORS.text }, (widths[i] ?? 0) - 2 * CELL_PAD_X));
    const headerHeight = header ? Math.max(...header.map(linesHeight)) + 2 * CELL_PAD_Y : 0;
    return { x0, total, widths, xs, header, headerHeight };
  }

  private layoutRow(row: Row, widths: readonly number[]) {
    const cellLines = row.cells.map((cell, i) => {
      const w = (widths[i] ?? 0) - 2 * CELL_PAD_X - (cell.indent ?? 0);
      const lines: Line[] = [];
      for (const p of cell.paras) for (const l of this.wrap(p, w)) lines.push(l);
      return lines;
    });
    const barHeight = row.cells.some((c) => c.bar) ? 9 : 0;
    const contentHeight = Math.max(barHeight, this.minLine, ...cellLines.map(linesHeight));
    return { cellLines, barHeight, rowHeight: contentHeight + 2 * CELL_PAD_Y };
  }

  private get minLine(): number {
    return this.fonts.sans.lineHeight * 7.5;
  }

  /** The height a table takes when it does not break (to keep small blocks together). */
  tableHeight(spec: TableSpec, rows: readonly Row[]): number {
    const { widths, headerHeight } = this.prepare(spec);
    return rows.reduce((h, row) => h + this.layoutRow(row, widths).rowHeight, headerHeight) + TABLE_GAP;
  }

  /** The height of a table's header and first `n` rows: what must follow a heading on its page. */
  tableStart(spec: TableSpec, rows: readonly Row[], n = 1): number {
    const { widths, headerHeight } = this.prepare(spec);
    return rows.slice(0, n).reduce((h, row) => h + this.layoutRow(row, widths).rowHeight, headerHeight);
  }

  /** Height available on an empty page. */
  get pageRoom(): number {
    return CONTENT_BOTTOM - MARGIN_TOP;
  }

  /** A table; rows may be a stream (results of a large fleet). */
  async table(spec: TableSpec, rows: Iterable<Row>): Promise<void> {
    const { x0, total, widths, xs, header, headerHeight } = this.prepare(spec);
    const right = x0 + total;
    let table: StructRef = null;
    /** The header row: a TR of THs the first time, an artifact where it is repeated. */
    const drawHeader = (repeat: boolean) => {
      if (!header) return;
      this.surface.rect(x0, this.y, total, headerHeight, COLORS.headerFill);
      const tr = repeat ? null : this.struct('TR', table);
      header.forEach((lines, i) => {
        const th: Target = repeat ? 'layout' : this.struct('TH', tr, { scope: 'Column' });
        let y = this.y + CELL_PAD_Y;
        const align = spec.columns[i]?.align;
        for (const line of lines) {
          const dx = align === 'right' ? (widths[i] ?? 0) - 2 * CELL_PAD_X - line.width : 0;
          this.drawLine(line, (xs[i] ?? 0) + CELL_PAD_X + dx, y, th);
          y += line.height;
        }
        if (!repeat) this.end(th as StructRef);
      });
      if (!repeat) this.end(tr);
      this.y += headerHeight;
    };
    const freshPage = () => {
      this.newPage();
      drawHeader(true);
    };

    const minLine = this.minLine;
    const pageRoom = CONTENT_BOTTOM - MARGIN_TOP - headerHeight;
    let started = false;

    for (const row of rows) {
      const { cellLines, barHeight, rowHeight } = this.layoutRow(row, widths);
      if (!started) {
        // The header and the first row stay together (a row taller than a page: its first lines).
        this.ensure(headerHeight + Math.min(rowHeight, Math.max(3 * minLine + 2 * CELL_PAD_Y, pageRoom / 3)));
        table = this.struct('Table');
        drawHeader(false);
        started = true;
      }
      if (this.y + rowHeight > CONTENT_BOTTOM && rowHeight <= pageRoom) freshPage();

      const tr = this.struct('TR', table);
      const cellEls = row.cells.map((_, i) => this.struct(spec.noHeader && i === 0 ? 'TH' : 'TD', tr, spec.noHeader && i === 0 ? { scope: 'Row' } : {}));
      // Draws the row, in as many page-sized segments as it needs.
      const next = cellLines.map(() => 0);
      let first = true;
      for (;;) {
        const room = CONTENT_BOTTOM - this.y - 2 * CELL_PAD_Y;
        // What fits of each cell in this segment.
        const take = cellLines.map((lines, i) => {
          let h = 0;
          let n = next[i] ?? 0;
          while (n < lines.length && h + (lines[n] as Line).height <= room) h += (lines[n++] as Line).height;
          return n;
        });
        const remainingBefore = cellLines.some((lines, i) => (next[i] ?? 0) < lines.length);
        const progress = take.some((n, i) => n > (next[i] ?? 0));
        // A row's first column says whose it is (an item's id): it is not cut across pages where a
        // fresh page holds it whole (the continued segments repeat it in part as a reminder).
        const headCut = first && (take[0] ?? 0) < (cellLines[0]?.length ?? 0) && linesHeight(cellLines[0] ?? []) <= pageRoom - 2 * CELL_PAD_Y && this.y > MARGIN_TOP + headerHeight + 1;
        if ((remainingBefore && !progress) || (first && barHeight > room) || headCut) {
          freshPage();
          continue;
        }
        let segHeight = first ? Math.max(barHeight, minLine) : minLine;
        cellLines.forEach((lines, i) => {
          segHeight = Math.max(segHeight, linesHeight(lines.slice(next[i], take[i])));
        });
        // A continued row says whose it is, in its first column, when that column is done.
        const reminder = !first && spec.continued !== undefined && (next[0] ?? 0) >= (cellLines[0]?.length ?? 0) ? this.continuation(cellLines[0] ?? [], spec.continued, (widths[0] ?? 0) - 2 * CELL_PAD_X) : [];
        if (linesHeight(reminder) <= room) segHeight = Math.max(segHeight, linesHeight(reminder));
        else reminder.length = 0;
        const top = this.y;
        if (first) {
          if (row.strong) this.surface.hline(x0, right, top, COLORS.text, 0.8);
          if (row.dest) this.anchor(row.dest, x0);
          if (row.outline) this.surface.outline(row.outline.parent, row.outline.title);
        }
        row.cells.forEach((cell, i) => {
          const cx = (xs[i] ?? 0) + CELL_PAD_X + (cell.indent ?? 0);
          const cw = (widths[i] ?? 0) - 2 * CELL_PAD_X - (cell.indent ?? 0);
          const el = cellEls[i] ?? null;
          if (first && cell.bar) this.drawBar(cell.bar, cx, top + CELL_PAD_Y + (segHeight - 9) / 2 + 1, cw, 7, el);
          const lines = cellLines[i] as Line[];
          let y = top + CELL_PAD_Y;
          for (let n = next[i] ?? 0; n < (take[i] ?? 0); n++) {
            const line = lines[n] as Line;
            const dx = (cell.align ?? spec.columns[i]?.align) === 'right' ? cw - line.width : 0;
            this.drawLine(line, cx + dx, y, el);
            y += line.height;
          }
          if (i === 0) for (const line of reminder) {
            this.drawLine(line, cx, y, 'layout');
            y += line.height;
          }
          next[i] = take[i] ?? 0;
        });
        this.y = top + segHeight + 2 * CELL_PAD_Y;
        this.surface.hline(x0, right, this.y, COLORS.rule, 0.4);
        first = false;
        if (!cellLines.some((lines, i) => (next[i] ?? 0) < lines.length)) break;
        freshPage();
      }
      for (const el of cellEls) this.end(el);
      this.end(tr);
      await this.breathe();
    }
    if (started) this.end(table);
    this.space(TABLE_GAP);
  }

  /** A legend: a coloured square and a label per item, on one or more lines (a P; the squares are decoration). */
  legend(items: Array<{ label: string; color: string }>, size = 7.5): void {
    const metrics = this.fonts.sans;
    const h = metrics.lineHeight * size;
    let x = this.left;
    this.ensure(h);
    const el = this.struct('P');
    for (const item of items) {
      const p: Para = { spans: [{ text: item.label }], font: 'sans', size, color: COLORS.text };
      const line = this.wrap(p, this.width - 12)[0];
      if (!line) continue;
      const w = 10 + line.width + 12;
      if (x > this.left && x + w > this.left + this.width) {
        x = this.left;
        this.y += h;
        this.ensure(h);
      }
      this.surface.rect(x, this.y + h * 0.2, 7, 7, item.color);
      this.drawLine(line, x + 10, this.y, el);
      x += w;
    }
    this.end(el);
    this.y += h;
    this.space(4);
  }

  /** A bar in a table cell: a Figure whose alternative text says what it shows. */
  private drawBar(bar: Bar, x: number, y: number, width: number, height: number, parent: StructRef): void {
    const fig = this.struct('Figure', parent, { alt: bar.alt });
    const max = bar.max > 0 ? bar.max : 1;
    let at = x;
    for (const s of bar.segments) {
      const w = (width * Math.max(0, s.value)) / max;
      this.surface.rect(at, y, w, height, s.color, fig ?? 'layout');
      at += w;
    }
    this.end(fig);
  }
}
