// Where the layout engine draws. The layout pass draws on a NullSurface (nothing is produced, only
// pages and anchors are counted); the real pass draws on a PdfSurface. Both passes run the same
// layout code, so their page breaks are identical by construction.
//
// Tagged PDF (issue 13 §9): everything drawn goes either into a structure element (a heading, a
// paragraph, a table cell, a figure, a link) as marked content, or is marked as an artifact (rules,
// fills, the repeated header row of a continued table, the running header and footer), so a
// screen reader reads the document in its logical order and skips the decoration.
import type { FontKey, FontSet } from './fonts.js';

/** A bookmark in the outline; opaque to the layout code. */
export type OutlineRef = unknown;

/** A structure element of the tagged PDF; opaque to the layout code (null on the NullSurface). */
export type StructRef = object | null;

/** Structure types used (ISO 32000-1 §14.8.4 standard structure types). */
export type StructRole = 'Document' | 'Sect' | 'H1' | 'H2' | 'H3' | 'P' | 'Table' | 'TR' | 'TH' | 'TD' | 'Figure' | 'Link';

export interface StructOptions {
  /** Alternative text (figures). */
  alt?: string;
  /** Header cells: the cells they head. */
  scope?: 'Column' | 'Row';
  /** Title of a section. */
  title?: string;
  lang?: string;
}

/** Content that is not part of the logical structure: layout decoration, running header/footer. */
export type ArtifactKind = 'layout' | 'header' | 'footer';

/** Where drawn content belongs: a structure element, or an artifact of that kind. */
export type Target = StructRef | ArtifactKind;

export interface Surface {
  beginPage(): void;
  /** A structure element, child of `parent` (null: the document's root element). */
  struct(role: StructRole, parent: StructRef, options?: StructOptions): StructRef;
  /** Ends a structure element: nothing more is added to it. */
  end(element: StructRef): void;
  text(text: string, x: number, y: number, font: FontKey, size: number, color: string, width: number, into: Target): void;
  /** Fills and rules are artifacts unless drawn into a figure. */
  rect(x: number, y: number, w: number, h: number, color: string, into?: Target): void;
  hline(x1: number, x2: number, y: number, color: string, lineWidth: number, into?: Target): void;
  /** A link annotation; in a tagged PDF, part of the Link element `into`. */
  link(x: number, y: number, w: number, h: number, dest: string, into: StructRef): void;
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
  struct(): StructRef {
    return null;
  }
  end(): void {}
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

/** pdfkit's structure element (PDFStructureElement; not in @types/pdfkit). */
interface PdfStruct {
  add(child: unknown): PdfStruct;
  end(): void;
  dictionary: { data: Record<string, unknown> };
}

/** The pdfkit API of tagged PDF, which @types/pdfkit does not declare. */
interface TaggingDoc {
  struct(type: string, options?: object): PdfStruct;
  addStructure(element: PdfStruct): void;
  markStructureContent(tag: string, options?: object): unknown;
  markContent(tag: string, options?: object | null): void;
  endMarkedContent(): void;
  getStructParentTree(): { get(key: number): unknown; add(key: number, value: unknown): unknown };
  ref(data: unknown): { end(): void; data: unknown };
  page: { dictionary: { data: { StructParents?: number } } };
}

/**
 * A stand-in for a written object in a tree pdfkit prints at the end: it prints as the object's
 * reference ("12 0 R") and holds nothing else. pdfkit prints any PDFAbstractReference with
 * toString(); the class is taken from the reference given (pdfkit does not export it).
 */
let NumberOnly: (new (text: string) => object) | undefined;
function numberOnly(ref: { toString(): string }): object {
  if (!NumberOnly) {
    const Base = (Object.getPrototypeOf(Object.getPrototypeOf(ref)) as { constructor: new () => object }).constructor;
    NumberOnly = class extends Base {
      constructor(private readonly text: string) {
        super();
      }
      override toString(): string {
        return this.text;
      }
    };
  }
  return new NumberOnly(ref.toString());
}

const ARTIFACT: Record<ArtifactKind, object> = {
  layout: { type: 'Layout' },
  header: { type: 'Pagination', attached: ['Top'] },
  footer: { type: 'Pagination', attached: ['Bottom'] },
};

export class PdfSurface implements Surface {
  private font: FontKey | undefined;
  private size = 0;
  private color = '';
  /** The document's root structure element (tagged documents only). */
  private readonly root: PdfStruct | undefined;
  /** The marked-content sequence open on the page: its element or artifact kind. */
  private marked: Target | undefined;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    fonts: FontSet,
    /** Lets the output flow; rejects if writing failed. */
    private readonly yieldToOutput: () => Promise<void>,
    /** Tagged PDF: the root element's language (the document is created with `tagged: true`). */
    tagged?: { lang: string },
  ) {
    // Registered as parsed fontkit objects: pdfkit keeps one EmbeddedFont per name.
    for (const key of ['sans', 'bold', 'mono'] as const) {
      (doc.registerFont as (name: string, src: unknown) => void).call(doc, key, fonts[key].font);
    }
    if (tagged) {
      this.root = this.tagging.struct('Document', { lang: tagged.lang });
      this.tagging.addStructure(this.root);
    }
  }

  private get tagging(): TaggingDoc {
    return this.doc as unknown as TaggingDoc;
  }

  beginPage(): void {
    this.unmark();
    const previous = (this.doc as unknown as { page?: { dictionary: { data: { StructParents?: number } } } }).page;
    this.doc.addPage({ size: [PAGE_WIDTH, PAGE_HEIGHT], margin: 0 });
    if (previous) {
      // addPage wrote the previous page out (no bufferPages). Its dictionary stays reachable from
      // the page tree, the outline and the destinations, which only print its object number; drop
      // its contents (annotations, resources), or every link of the document is held to the end.
      const key = previous.dictionary.data.StructParents;
      previous.dictionary.data = {};
      // The page's entry of the structure parent tree (one structure element per marked-content
      // id) is written out now as an indirect array, so the elements it names are not held to
      // the end of the document either.
      if (key !== undefined) {
        const tree = this.tagging.getStructParentTree();
        const ref = this.tagging.ref(tree.get(key));
        ref.end();
        ref.data = null;
        tree.add(key, ref);
      }
    }
    // A new content stream starts with the default graphics state.
    this.font = undefined;
    this.size = 0;
    this.color = '';
  }

  struct(role: StructRole, parent: StructRef, options: StructOptions = {}): StructRef {
    if (!this.root) return null;
    const element = this.tagging.struct(role, options);
    ((parent as PdfStruct | null) ?? this.root).add(element);
    return element;
  }

  end(element: StructRef): void {
    if (!element) return;
    if (this.marked === element) this.unmark();
    const e = element as PdfStruct;
    e.end();
  }

  /** Ends the document's structure (before doc.end()). */
  endStructure(): void {
    this.unmark();
    this.root?.end();
  }

  /** Opens the marked-content sequence `into` needs, closing the one open if it is another. */
  private mark(into: Target | undefined): void {
    if (!this.root || into === undefined || into === this.marked) return;
    this.unmark();
    if (typeof into === 'string') this.tagging.markContent('Artifact', ARTIFACT[into]);
    else if (into) (into as PdfStruct).add(this.tagging.markStructureContent(String((into as PdfStruct).dictionary.data.S)));
    else return;
    this.marked = into;
  }

  private unmark(): void {
    if (this.marked === undefined) return;
    this.tagging.endMarkedContent();
    this.marked = undefined;
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

  text(text: string, x: number, y: number, font: FontKey, size: number, color: string, width: number, into: Target): void {
    const doc = this.doc;
    this.mark(into);
    this.use(font, size);
    if (color !== this.color) {
      doc.fillColor(color);
      this.color = color;
    }
    // textWidth/wordCount: our own measurement, so pdfkit does not measure the string again.
    doc.text(text, x, y, { lineBreak: false, textWidth: width, wordCount: 1 } as PDFKit.Mixins.TextOptions);
  }

  rect(x: number, y: number, w: number, h: number, color: string, into: Target = 'layout'): void {
    if (w <= 0 || h <= 0) return;
    this.mark(into);
    this.doc.rect(x, y, w, h).fill(color);
    this.color = color;
  }

  hline(x1: number, x2: number, y: number, color: string, lineWidth: number, into: Target = 'layout'): void {
    this.mark(into);
    this.doc.moveTo(x1, y).lineTo(x2, y).lineWidth(lineWidth).stroke(color);
  }

  link(x: number, y: number, w: number, h: number, dest: string, into: StructRef): void {
    // In a tagged PDF the annotation is a child of its Link element (OBJR), after its text.
    this.doc.goTo(x, y, w, h, dest, (into ? { structParent: into } : {}) as object);
    if (!into) return;
    // pdfkit keeps the Link element's whole dictionary in the parent tree to the end of the
    // document, one per link (hundreds of thousands at fleet scale); only its object number is
    // ever printed there, so a reference that holds just that replaces it.
    const root = (this.doc as unknown as { _root: { data: { StructTreeRoot: { data: { ParentTreeNextKey: number } } } } })._root.data.StructTreeRoot.data;
    const tree = this.tagging.getStructParentTree();
    const key = root.ParentTreeNextKey - 1;
    tree.add(key, numberOnly(tree.get(key) as { toString(): string }));
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
