// Text cleaning and line breaking. Every string that reaches the page goes through clean() or
// cleanProse(): nothing from a snapshot (control characters, bidi overrides, zero-width
// characters, lone surrogates, newlines, tabs) can move text around or break a table.
import type { FontKey, FontSet } from './fonts.js';
import { oneLine } from '../../io/errors.js';

// Cc: control characters (C0, DEL, C1); Cf: format characters (bidi embeddings and overrides,
// zero-width joiners, soft hyphen, BOM...); Cs: lone surrogates; Zl/Zp: line and paragraph separators.
const STRIP = /[\p{Cc}\p{Cf}\p{Cs}]/gu;
const SPACES = /[\s\p{Zl}\p{Zp}\p{Zs}]+/gu;

/**
 * A single-line value: whitespace of any kind collapsed to one space; the other controls and the bidi
 * marks, overrides and isolates shown as \xNN / \u{NNNN} (`oneLine`), as the SSP, AR and CSV show them
 * (stripped, a model "x<RLO>gnp.exe" read "xgnp.exe" on the page but "x\u{202E}gnp.exe" in the SSP);
 * the remaining format characters (zero-width space, soft hyphen, BOM) removed.
 */
export function clean(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'string' ? value : String(value);
  return oneLine(s.replace(SPACES, ' ')).replace(STRIP, '').trim();
}

/** Template output: keeps line breaks (blank line = new paragraph), cleans everything else. */
export function cleanProse(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => oneLine(line.replace(SPACES, ' ')).replace(STRIP, '').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The smallest type on any page (issue 13 §8): a paragraph asked for smaller is set at this size. */
export const MIN_FONT_SIZE = 7;

/**
 * Characters after which an identifier too long for its line may break ("OS-|SUPPORTED",
 * "firewall.|profiles[domain].|logMaxSizeKB", "evidence/|MR-01.json"). Never inside a word, a
 * number or a time: not after ':' ("13:05:|00Z"), not after '.' or ',' between digits ("0.|5").
 */
const BREAK_AFTER = new Set(['/', '\\', '-', '_', '.', ',', ';', '=', '&', '?', '|', '+', ')', ']', '}']);
const DIGIT = /[0-9]/;
/** A seam inside a run with no break character: lower case to upper case, letter to digit and back. */
const SEAM = /^(?:\p{Ll}\p{Lu}|\p{L}\p{N}|\p{N}\p{L})$/u;

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
  /**
   * Set when a run of characters with no permitted break was wider than the whole line even at
   * MIN_FONT_SIZE and had to be cut where it did not fit (a last resort; the layout avoids it).
   */
  forced?: true;
}

interface Atom {
  text: string;
  goTo: string | undefined;
  spaceBefore: boolean;
}

/** A run of a word between permitted breaks, possibly spanning several atoms (links). */
interface Segment {
  parts: Array<{ text: string; goTo: string | undefined }>;
  width: number;
}

export function para(text: string, font: FontKey = 'sans', size = 8, color = '#000000', goTo?: string): Para {
  return { spans: [goTo === undefined ? { text } : { text, goTo }], font, size, color };
}

/** May a line break after position i of text (the character there being in BREAK_AFTER)? */
function breakAfter(text: string, i: number, runStart: number): boolean {
  const c = text[i] as string;
  if (!BREAK_AFTER.has(c)) return false;
  if (i === runStart || i === text.length - 1) return false; // "-1", or nothing after it in this atom
  const before = text[i - 1] as string;
  if (BREAK_AFTER.has(before)) return false; // "]." breaks after the "."
  if ((c === '.' || c === ',') && DIGIT.test(before) && DIGIT.test(text[i + 1] as string)) return false;
  return true;
}

/** A word (atoms glued without spaces) cut into the runs between its permitted breaks. */
function segmentsOf(word: readonly Atom[], metrics: FontSet[FontKey], size: number): Segment[] {
  const out: Segment[] = [];
  let cur: Segment = { parts: [], width: 0 };
  const push = (text: string, goTo: string | undefined) => {
    if (text === '') return;
    cur.parts.push({ text, goTo });
    cur.width += metrics.width(text, size);
  };
  for (const a of word) {
    let start = 0;
    for (let i = 0; i < a.text.length; i++) {
      if (!breakAfter(a.text, i, start)) continue;
      push(a.text.slice(start, i + 1), a.goTo);
      out.push(cur);
      cur = { parts: [], width: 0 };
      start = i + 1;
    }
    push(a.text.slice(start), a.goTo);
  }
  if (cur.parts.length) out.push(cur);
  return out;
}

/** The words of a paragraph's segments (hard line breaks) as atoms. */
function wordsOf(seg: readonly Span[]): Atom[][] {
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
  const words: Atom[][] = [];
  for (const a of atoms) {
    if (a.spaceBefore || words.length === 0) words.push([a]);
    else (words[words.length - 1] as Atom[]).push(a);
  }
  return words;
}

/**
 * Breaks a paragraph into lines no wider than maxWidth. Lines break at spaces; a word longer than
 * a line breaks only after the characters of BREAK_AFTER. Where a run between two permitted
 * breaks is wider than the line, the whole paragraph is set smaller (down to MIN_FONT_SIZE) so it
 * fits; only a run wider than the line even then is cut where it does not fit (Line.forced).
 */
export function wrap(para: Para, maxWidth: number, fonts: FontSet): Line[] {
  const metrics = fonts[para.font];
  // Characters the paragraph's font cannot draw are shown as \u{NNNN} before anything is measured (fonts.ts `shown`).
  const spans = para.spans.map((s) => {
    const text = metrics.shown(s.text);
    return text === s.text ? s : { ...s, text };
  });
  const p = spans.some((s, i) => s !== para.spans[i]) ? { ...para, spans } : para;
  const width = Math.max(maxWidth, 0); // a column narrower than a character still gets one per line
  // Most table cells are one short value: one line, nothing to break.
  const only = p.spans.length === 1 ? p.spans[0]! : undefined;
  if (only && p.size >= MIN_FONT_SIZE && !only.text.includes('\n') && !only.text.includes('  ') && only.text === only.text.trim() && only.text !== '') {
    const w = metrics.width(only.text, p.size);
    if (w <= width) {
      const piece: Piece = { text: only.text, dx: 0, width: w };
      if (only.goTo !== undefined) piece.goTo = only.goTo;
      return [{ font: p.font, size: p.size, color: p.color, height: metrics.lineHeight * p.size, width: w, pieces: [piece] }];
    }
  }
  // Hard line breaks (prose only: clean() removes newlines from values).
  const blocks: Span[][] = [[]];
  for (const span of p.spans) {
    span.text.split('\n').forEach((part, i) => {
      if (i > 0) blocks.push([]);
      (blocks[blocks.length - 1] as Span[]).push(span.goTo === undefined ? { text: part } : { text: part, goTo: span.goTo });
    });
  }
  const words = blocks.map(wordsOf);

  const asked = Math.max(p.size, MIN_FONT_SIZE);
  // Each word's runs between permitted breaks, measured at the size asked for (widths scale with
  // the size). The widest run decides whether the paragraph must be set smaller.
  const segmented = words.map((block) => block.map((w) => segmentsOf(w, metrics, asked)));
  let widest = 0;
  for (const block of segmented) for (const segs of block) for (const s of segs) widest = Math.max(widest, s.width);
  let size = asked;
  if (widest > width && size > MIN_FONT_SIZE && widest > 0) size = Math.max(MIN_FONT_SIZE, Math.floor((size * width * 4) / widest) / 4);
  const scale = size / asked;

  const height = metrics.lineHeight * size;
  const space = metrics.width(' ', size);
  const out: Line[] = [];
  for (const [b, block] of words.entries()) {
    let line: Line = { font: p.font, size, color: p.color, height, width: 0, pieces: [] };
    let lastGoTo: string | undefined | null = null; // null: no piece yet
    const flush = () => {
      out.push(line);
      line = { font: p.font, size, color: p.color, height, width: 0, pieces: [] };
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
    const placeSegment = (s: Segment, gap: number) => s.parts.forEach((part, i) => place(part.text, part.goTo, metrics.width(part.text, size), i === 0 ? gap : 0));

    for (const [w, word] of block.entries()) {
      const segments = scale === 1 ? segmented[b]![w]! : segmentsOf(word, metrics, size);
      const wordWidth = segments.reduce((sum, s) => sum + s.width, 0);
      const gap = line.pieces.length > 0 ? space : 0;
      if (line.width + gap + wordWidth <= width) {
        segments.forEach((s, i) => placeSegment(s, i === 0 ? gap : 0));
        continue;
      }
      if (line.pieces.length > 0 && wordWidth <= width) {
        flush();
        segments.forEach((s) => placeSegment(s, 0));
        continue;
      }
      // Longer than a line: its runs fill lines, breaking only between them.
      segments.forEach((s, i) => {
        const g = i === 0 && line.pieces.length > 0 ? space : 0;
        if (line.width + g + s.width <= width) return placeSegment(s, g);
        if (line.pieces.length > 0) flush();
        if (s.width <= width) return placeSegment(s, 0);
        forceSegment(s);
      });
    }
    flush();

    /** Last resort: a run wider than a line, cut character by character. */
    function forceSegment(s: Segment): void {
      for (const part of s.parts) {
        const chars = Array.from(part.text);
        let start = 0;
        while (start < chars.length) {
          const room = width - line.width;
          let w = 0;
          let end = start;
          while (end < chars.length) {
            const cw = metrics.width(chars[end] as string, size);
            if (w + cw > room && (end > start || line.pieces.length > 0)) break;
            w += cw;
            end++;
          }
          if (end === start) {
            flush();
            continue;
          }
          // Where the run goes on, cut where a reader sees a seam ("PowerShellV2|Root"), if one is
          // in the second half of what fits.
          if (end < chars.length) {
            for (let k = end; k > start + (end - start) / 2; k--) {
              if (SEAM.test((chars[k - 1] as string) + (chars[k] as string))) {
                end = k;
                break;
              }
            }
          }
          const text = chars.slice(start, end).join('');
          place(text, part.goTo, metrics.width(text, size), 0);
          start = end;
          if (start < chars.length) {
            line.forced = true;
            flush();
          }
        }
      }
    }
  }
  return out;
}

/** Height of wrapped lines. */
export function linesHeight(lines: readonly Line[]): number {
  let h = 0;
  for (const l of lines) h += l.height;
  return h;
}
