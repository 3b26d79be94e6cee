// Text cleaning and line breaking. Every string that reaches the page goes through clean() or
// cleanProse(): nothing from a snapshot (control characters, bidi overrides, zero-width
// characters, lone surrogates, newlines, tabs) can move text around or break a table.
import type { FontKey, FontSet } from './fonts.js';

// Cc: control characters (C0, DEL, C1); Cf: format characters (bidi embeddings and overrides,
// zero-width joiners, soft hyphen, BOM...); Cs: lone surrogates; Zl/Zp: line and paragraph separators.
const STRIP = /[\p{Cc}\p{Cf}\p{Cs}]/gu;
const SPACES = /[\s\p{Zl}\p{Zp}\p{Zs}]+/gu;

/** A single-line value: whitespace of any kind collapsed to one space, control and format characters removed. */
export function clean(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'string' ? value : String(value);
  return s.replace(SPACES, ' ').replace(STRIP, '').trim();
}

/** Template output: keeps line breaks (blank line = new paragraph), cleans everything else. */
export function cleanProse(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(SPACES, ' ').replace(STRIP, '').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Characters after which an over-long word (a path, a hash, a URL) may be broken. */
const SOFT_BREAK_AFTER = new Set(['/', '\\', '-', '_', '.', ',', ';', ':', '=', '&', '?', '|', '+', ')', ']', '}']);

export interface Span {
  text: string;
  /** A named destination this text links to. */
  goTo?: string;
}

export interface Para {
  spans: Span[];
  font: FontKey;
  size: number;
  color: string;
}

export interface Piece {
  text: string;
  dx: number;
  width: number;
  goTo?: string;
}

export interface Line {
  font: FontKey;
  size: number;
  color: string;
  height: number;
  width: number;
  pieces: Piece[];
}

interface Atom {
  text: string;
  goTo: string | undefined;
  spaceBefore: boolean;
}

export function para(text: string, font: FontKey = 'sans', size = 8, color = '#000000', goTo?: string): Para {
  return { spans: [goTo === undefined ? { text } : { text, goTo }], font, size, color };
}

/** Breaks a paragraph into lines no wider than maxWidth; a word wider than a line is split. */
export function wrap(p: Para, maxWidth: number, fonts: FontSet): Line[] {
  const metrics = fonts[p.font];
  const height = metrics.lineHeight * p.size;
  const out: Line[] = [];
  // Hard line breaks (prose only: clean() removes newlines from values).
  const segments: Span[][] = [[]];
  for (const span of p.spans) {
    const parts = span.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) segments.push([]);
      const seg = segments[segments.length - 1] as Span[];
      seg.push(span.goTo === undefined ? { text: part } : { text: part, goTo: span.goTo });
    });
  }
  const space = metrics.width(' ', p.size);
  const width = Math.max(maxWidth, 0); // a column narrower than a character still gets one per line

  for (const seg of segments) {
    const atoms: Atom[] = [];
    let pendingSpace = false;
    for (const span of seg) {
      const parts = span.text.split(' ');
      parts.forEach((part, i) => {
        if (i > 0) pendingSpace = true;
        if (part.length === 0) return;
        atoms.push({ text: part, goTo: span.goTo, spaceBefore: pendingSpace && atoms.length > 0 });
        pendingSpace = false;
      });
    }
    // Words: atoms glued together without a space between them.
    const words: Atom[][] = [];
    for (const a of atoms) {
      if (a.spaceBefore || words.length === 0) words.push([a]);
      else (words[words.length - 1] as Atom[]).push(a);
    }

    let line: Line = { font: p.font, size: p.size, color: p.color, height, width: 0, pieces: [] };
    let lastGoTo: string | undefined | null = null; // null: no piece yet
    const flush = () => {
      out.push(line);
      line = { font: p.font, size: p.size, color: p.color, height, width: 0, pieces: [] };
      lastGoTo = null;
    };
    const place = (text: string, goTo: string | undefined, w: number, gap: number) => {
      const last = line.pieces[line.pieces.length - 1];
      if (last && lastGoTo === goTo) {
        last.text += (gap > 0 ? ' ' : '') + text;
        last.width += gap + w;
      } else {
        const piece: Piece = { text, dx: line.width + gap, width: w };
        if (goTo !== undefined) piece.goTo = goTo;
        line.pieces.push(piece);
      }
      lastGoTo = goTo;
      line.width += gap + w;
    };

    for (const word of words) {
      const widths = word.map((a) => metrics.width(a.text, p.size));
      const wordWidth = widths.reduce((s, w) => s + w, 0);
      const gap = line.pieces.length > 0 ? space : 0;
      if (line.width + gap + wordWidth <= width) {
        word.forEach((a, i) => place(a.text, a.goTo, widths[i] ?? 0, i === 0 ? gap : 0));
        continue;
      }
      if (line.pieces.length > 0) flush();
      if (wordWidth <= width) {
        word.forEach((a, i) => place(a.text, a.goTo, widths[i] ?? 0, 0));
        continue;
      }
      // An over-long word: split it, preferring a break after punctuation in the last 60% of the line.
      for (const a of word) {
        const chars = Array.from(a.text);
        let start = 0;
        while (start < chars.length) {
          const room = width - line.width;
          let w = 0;
          let end = start;
          let soft = -1;
          while (end < chars.length) {
            const cw = metrics.width(chars[end] as string, p.size);
            if (w + cw > room && end > start) break;
            if (w + cw > room && line.pieces.length > 0) break;
            w += cw;
            end++;
            if (SOFT_BREAK_AFTER.has(chars[end - 1] as string) && line.width + w >= width * 0.4) soft = end;
          }
          if (end === start) {
            flush();
            continue;
          }
          if (end < chars.length && soft > start) end = soft;
          const text = chars.slice(start, end).join('');
          place(text, a.goTo, metrics.width(text, p.size), 0);
          start = end;
          if (start < chars.length) flush();
        }
      }
    }
    flush();
  }
  return out;
}

/** Height of wrapped lines. */
export function linesHeight(lines: readonly Line[]): number {
  let h = 0;
  for (const l of lines) h += l.height;
  return h;
}
