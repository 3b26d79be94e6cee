// Where the layout engine draws. The layout pass draws on a NullSurface (nothing is produced, only
// pages and anchors are counted); the real pass draws on a PdfSurface. Both passes run the same
// layout code, so their page breaks are identical by construction.
import type { FontKey, FontSet } from './fonts.js';

/** A bookmark in the outline; opaque to the layout code. */
export type OutlineRef = unknown;

export interface Surface {
  beginPage(): void;
  text(text: string, x: number, y: number, font: FontKey, size: number, color: string, width: number): void;
  rect(x: number, y: number, w: number, h: number, color: string): void;
  hline(x1: number, x2: number, y: number, color: string, lineWidth: number): void;
  link(x: number, y: number, w: number, h: number, dest: string): void;
  dest(name: string, x: number, y: number): void;
  outline(parent: OutlineRef | null, title: string): OutlineRef;
  /**
   * The width the text will really take (with kerning), where it matters for drawing only: the
   * position of a piece after another on the same line. Undefined: use the layout estimate.
   */
  measure(text: string, font: FontKey, size: number): number | undefined;
  /** Lets the output stream drain (a macrotask turn); the layout pass returns at once. */
  pause(): Promise<void> | undefined;
  /** Called every few pages: drops caches that grow with the text drawn. */
  trim(): void;
}

export class NullSurface implements Surface {
  beginPage(): void {}
  text(): void {}
  rect(): void {}
  hline(): void {}
  link(): void {}
  dest(): void {}
  outline(): OutlineRef {
    return null;
  }
  measure(): undefined {
    return undefined;
  }
  pause(): undefined {
    return undefined;
  }
  trim(): void {}
}

export const PAGE_WIDTH = 792; // US Letter, landscape
export const PAGE_HEIGHT = 612;

interface OutlineItem {
  addItem(title: string, options?: object): OutlineItem;
}

/** pdfkit internals this surface touches (PDF.md traps 3 and 5): the per-font layout cache. */
interface FontWithCache {
  layoutCache?: Record<string, unknown>;
}

export class PdfSurface implements Surface {
  private font: FontKey | undefined;
  private size = 0;
  private color = '';

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    fonts: FontSet,
    /** Lets the output flow; rejects if writing failed. */
    private readonly yieldToOutput: () => Promise<void>,
  ) {
    // Registered as parsed fontkit objects: pdfkit keeps one EmbeddedFont per name.
    for (const key of ['sans', 'bold', 'mono'] as const) {
      (doc.registerFont as (name: string, src: unknown) => void).call(doc, key, fonts[key].font);
    }
  }

  beginPage(): void {
    const previous = (this.doc as unknown as { page?: { dictionary: { data: object } } }).page;
    this.doc.addPage({ size: [PAGE_WIDTH, PAGE_HEIGHT], margin: 0 });
    // addPage wrote the previous page out (no bufferPages). Its dictionary stays reachable from
    // the page tree, the outline and the destinations, which only print its object number; drop
    // its contents (annotations, resources), or every link of the document is held to the end.
    if (previous) previous.dictionary.data = {};
    // A new content stream starts with the default graphics state.
    this.font = undefined;
    this.size = 0;
    this.color = '';
  }

  private use(font: FontKey, size: number): void {
    if (font !== this.font) {
      this.doc.font(font);
      this.font = font;
    }
    if (size !== this.size) {
      this.doc.fontSize(size);
      this.size = size;
    }
  }

  measure(text: string, font: FontKey, size: number): number {
    this.use(font, size);
    return this.doc.widthOfString(text);
  }

  text(text: string, x: number, y: number, font: FontKey, size: number, color: string, width: number): void {
    const doc = this.doc;
    this.use(font, size);
    if (color !== this.color) {
      doc.fillColor(color);
      this.color = color;
    }
    // textWidth/wordCount: our own measurement, so pdfkit does not measure the string again.
    doc.text(text, x, y, { lineBreak: false, textWidth: width, wordCount: 1 } as PDFKit.Mixins.TextOptions);
  }

  rect(x: number, y: number, w: number, h: number, color: string): void {
    if (w <= 0 || h <= 0) return;
    this.doc.rect(x, y, w, h).fill(color);
    this.color = color;
  }

  hline(x1: number, x2: number, y: number, color: string, lineWidth: number): void {
    this.doc.moveTo(x1, y).lineTo(x2, y).lineWidth(lineWidth).stroke(color);
  }

  link(x: number, y: number, w: number, h: number, dest: string): void {
    this.doc.goTo(x, y, w, h, dest);
  }

  dest(name: string, x: number, y: number): void {
    this.doc.addNamedDestination(name, 'XYZ', x, y, null as unknown as number);
  }

  outline(parent: OutlineRef | null, title: string): OutlineRef {
    const base = (parent ?? this.doc.outline) as OutlineItem;
    // fit: true, or pdfkit puts the destination at left = page width; expanded: true everywhere
    // gives every item its Count (PDF.md).
    return base.addItem(title, { fit: true, expanded: true });
  }

  pause(): Promise<void> {
    return this.yieldToOutput();
  }

  trim(): void {
    // pdfkit's per-font layout cache grows without bound (pdfkit issue #1527, PDF.md trap 3).
    const families = (this.doc as unknown as { _fontFamilies: Record<string, FontWithCache> })._fontFamilies;
    for (const name of Object.keys(families)) {
      const f = families[name];
      if (f && f.layoutCache) f.layoutCache = Object.create(null) as Record<string, unknown>;
    }
  }
}
