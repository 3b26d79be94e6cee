// Minimal typings for the parts of fontkit 2 the PDF renderer uses (fontkit ships none).
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    advanceWidth: number;
  }
  export interface Font {
    postscriptName: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    lineGap: number;
    glyphForCodePoint(codePoint: number): Glyph;
    layout(text: string): { advanceWidth: number };
  }
  export function openSync(path: string, postscriptName?: string): Font;
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
