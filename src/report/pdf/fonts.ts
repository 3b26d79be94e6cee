// The embedded fonts (DejaVu, Bitstream Vera licence) as parsed fontkit objects, opened once per
// process and shared by every document (PDF.md trap 2: a font registered by path is re-parsed
// on every switch), with the metrics the layout engine measures text with.
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

export type FontKey = 'sans' | 'bold' | 'mono';
export const FONT_KEYS: readonly FontKey[] = ['sans', 'bold', 'mono'];

const FILES: Record<FontKey, string> = {
  sans: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  mono: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
};

/**
 * One font with a width table. Widths are the sum of the glyphs' advances, without kerning: at
 * most a fraction of a point wider than what pdfkit draws (DejaVu's kerning pairs only tighten),
 * so a line measured to fit always fits. Both layout passes measure with this same function,
 * which is what makes their page breaks identical.
 */
export class FontMetrics {
  readonly font: fontkit.Font;
  /** Ascent and line height per point of font size. */
  readonly ascent: number;
  readonly lineHeight: number;
  private readonly bmp = new Float64Array(0x10000).fill(-1);
  private readonly astral = new Map<number, number>();
  private readonly unitsPerEm: number;
  private readonly glyphs = new Map<number, boolean>();

  constructor(font: fontkit.Font) {
    this.font = font;
    this.unitsPerEm = font.unitsPerEm;
    this.ascent = font.ascent / font.unitsPerEm;
    this.lineHeight = (font.ascent - font.descent + font.lineGap) / font.unitsPerEm;
  }

  /** Advance of one code point, in font units. */
  advance(codePoint: number): number {
    if (codePoint < 0x10000) {
      let w = this.bmp[codePoint] ?? -1;
      if (w < 0) {
        w = this.font.glyphForCodePoint(codePoint).advanceWidth;
        this.bmp[codePoint] = w;
      }
      return w;
    }
    let w = this.astral.get(codePoint);
    if (w === undefined) {
      w = this.font.glyphForCodePoint(codePoint).advanceWidth;
      this.astral.set(codePoint, w);
    }
    return w;
  }

  /**
   * `text` with every character this font has no glyph for shown as \u{NNNN}: drawn, it would be an empty
   * box or nothing, and an AO would read another value ("a＝b" read "ab"). ASCII is always in the font.
   */
  shown(text: string): string {
    if (!NON_ASCII.test(text)) return text;
    let out = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let has = cp < 0x80 || this.glyphs.get(cp);
      if (has === undefined) {
        // Glyph 0 is .notdef, what a font draws for a character it lacks.
        has = this.font.glyphForCodePoint(cp).id !== 0;
        this.glyphs.set(cp, has);
      }
      out += has ? ch : `\\u{${cp.toString(16).toUpperCase()}}`;
    }
    return out;
  }

  /** Width of a string at a font size, in points. */
  width(text: string, size: number): number {
    let units = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          units += this.advance(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
          i++;
          continue;
        }
      }
      units += this.advance(c);
    }
    return (units * size) / this.unitsPerEm;
  }
}

const NON_ASCII = /[^\u0000-\u007f]/;

export type FontSet = Record<FontKey, FontMetrics>;

let cached: FontSet | undefined;

/** The parsed fonts, opened on first use. */
export function loadFonts(): FontSet {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const open = (key: FontKey) => new FontMetrics(fontkit.openSync(require.resolve(FILES[key])));
    cached = { sans: open('sans'), bold: open('bold'), mono: open('mono') };
  }
  return cached;
}
