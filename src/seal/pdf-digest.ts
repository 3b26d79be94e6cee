// The digest a package's PDF carries, read back from the PDF itself (not from manifest.json), so
// `verify` can compare what the Authorizing Official reads on the cover with the files beside it.
//
// Where it is: the renderer (src/report/pdf/render.ts) writes the same value it prints on the
// cover into the PDF's document information dictionary, under the key PDF_DIGEST_KEY (readers
// show it among the document's custom properties). Reading it needs only the file's tail (the
// trailer names the information dictionary) and two objects found through the cross-reference
// table: a few kilobytes, whatever the size of the PDF. Extracting the cover's text instead would
// mean decompressing a page and mapping subset-font glyphs back to characters.
//
// Only the classic cross-reference table pdfkit writes is read (with incremental updates followed
// through /Prev). A PDF rewritten by another program into cross-reference streams is reported as
// unreadable, never guessed at.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The key of the document information dictionary that holds the digest printed on the cover. */
export const PDF_DIGEST_KEY = 'AtoEvidenceReportDigest';

export type PdfDigest = { digest: string } | { absent: string };

const TAIL = 4096;
const MAX_SECTIONS = 64;
const OBJECT_WINDOW = 8192;

interface Reader {
  size: number;
  read(at: number, length: number): Buffer;
}

/** Reads PDF_DIGEST_KEY from the PDF at `file`; `absent` says why there is none. Throws only on I/O errors. */
export function readPdfDigest(file: string): PdfDigest {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    return pdfDigestOf({
      size,
      read(at, length) {
        const n = Math.max(0, Math.min(length, size - at));
        const buf = Buffer.alloc(n);
        for (let got = 0; got < n; ) {
          const r = readSync(fd, buf, got, n - got, at + got);
          if (r === 0) break;
          got += r;
        }
        return buf;
      },
    });
  } finally {
    closeSync(fd);
  }
}

/** The same over an in-memory PDF (tests, and callers holding the bytes). */
export function pdfDigestOfBytes(bytes: Buffer): PdfDigest {
  return pdfDigestOf({ size: bytes.length, read: (at, length) => bytes.subarray(Math.max(0, at), Math.max(0, Math.min(bytes.length, at + length))) });
}

function pdfDigestOf(r: Reader): PdfDigest {
  if (!r.read(0, 5).toString('latin1').startsWith('%PDF-')) return { absent: 'it is not a PDF (no %PDF- header)' };
  const tail = r.read(Math.max(0, r.size - TAIL), TAIL).toString('latin1');
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!sx) return { absent: 'its end is not a PDF trailer (no startxref … %%EOF): the file was cut short or rewritten' };
  const sections = xrefSections(r, Number(sx[1]));
  if ('absent' in sections) return sections;
  const info = sections.infoRef;
  if (!info) return { absent: 'its trailer names no document information dictionary' };
  const dict = objectBody(r, sections, info);
  if (dict === undefined) return { absent: `its document information (object ${info.num}) cannot be found through the cross-reference table` };
  const m = new RegExp(`/${PDF_DIGEST_KEY}\\s*(?:(\\d+)\\s+(\\d+)\\s+R|(\\([^)]*\\)|<[0-9A-Fa-f\\s]*>))`).exec(dict);
  if (!m) return { absent: `its document information has no ${PDF_DIGEST_KEY} entry (made by another program, or by an ato-evidence older than this check)` };
  let literal = m[3];
  if (literal === undefined) {
    const body = objectBody(r, sections, { num: Number(m[1]), gen: Number(m[2]) });
    literal = body === undefined ? undefined : /^\s*(\([^)]*\)|<[0-9A-Fa-f\s]*>)/.exec(body)?.[1];
    if (literal === undefined) return { absent: `its ${PDF_DIGEST_KEY} entry (object ${m[1]}) is not a readable string` };
  }
  const text = pdfString(literal);
  if (!/^[0-9a-f]{64}$/.test(text)) return { absent: `its ${PDF_DIGEST_KEY} entry is ${JSON.stringify(text.slice(0, 80))}, not a SHA-256 (64 lowercase hex digits)` };
  return { digest: text };
}

interface Ref {
  num: number;
  gen: number;
}

interface Sections {
  /** Object number -> byte offset (the newest section's entry wins). */
  offsets: Map<number, number>;
  infoRef?: Ref;
}

/** Walks the cross-reference sections from `start` through /Prev, newest first. */
function xrefSections(r: Reader, start: number): Sections | { absent: string } {
  const out: Sections = { offsets: new Map() };
  const seen = new Set<number>();
  for (let at: number | undefined = start, n = 0; at !== undefined; n++) {
    if (n >= MAX_SECTIONS || seen.has(at) || at >= r.size) return { absent: 'its cross-reference sections loop or point outside the file' };
    seen.add(at);
    const head = r.read(at, 64).toString('latin1');
    if (!/^xref\s/.test(head)) return { absent: 'its cross-reference is not a table (a cross-reference stream: the PDF was rewritten by another program)' };
    let pos = at + /^xref\s*/.exec(head)![0].length;
    // Subsections: "first count" then `count` entries of exactly 20 bytes each, until "trailer".
    for (;;) {
      const line = r.read(pos, 64).toString('latin1');
      const sub = /^(\d+)\s+(\d+)\s*?(?:\r\n|\r|\n)/.exec(line);
      if (!sub) {
        if (!/^\s*trailer/.test(line)) return { absent: 'its cross-reference table is malformed' };
        break;
      }
      const first = Number(sub[1]);
      const count = Number(sub[2]);
      pos += sub[0].length;
      const entries = r.read(pos, count * 20).toString('latin1');
      if (entries.length < count * 20) return { absent: 'its cross-reference table is cut short' };
      for (let i = 0; i < count; i++) {
        const e = entries.slice(i * 20, i * 20 + 18);
        if (e[17] === 'n' && !out.offsets.has(first + i)) out.offsets.set(first + i, Number(e.slice(0, 10)));
      }
      pos += count * 20;
    }
    const trailer = r.read(pos, OBJECT_WINDOW).toString('latin1');
    const dict = /^\s*trailer\s*<<([\s\S]*?)>>\s*(?:startxref|$)/.exec(trailer)?.[1] ?? /^\s*trailer\s*<<([\s\S]*)/.exec(trailer)?.[1] ?? '';
    if (!out.infoRef) {
      const info = /\/Info\s+(\d+)\s+(\d+)\s+R/.exec(dict);
      if (info) out.infoRef = { num: Number(info[1]), gen: Number(info[2]) };
    }
    const prev = /\/Prev\s+(\d+)/.exec(dict);
    at = prev ? Number(prev[1]) : undefined;
  }
  return out;
}

/** The text between "N G obj" and "endobj" of an object, or undefined when it is not where the table says. */
function objectBody(r: Reader, s: Sections, ref: Ref): string | undefined {
  const at = s.offsets.get(ref.num);
  if (at === undefined) return undefined;
  const text = r.read(at, OBJECT_WINDOW).toString('latin1');
  const m = new RegExp(`^\\s*${ref.num}\\s+${ref.gen}\\s+obj\\b([\\s\\S]*?)endobj`).exec(text);
  return m?.[1];
}

/** A PDF string: literal "(…)" with its escapes, or hexadecimal "<…>"; UTF-16BE with a byte-order mark is decoded. */
function pdfString(token: string): string {
  let bytes: Buffer;
  if (token.startsWith('<')) {
    const hex = token.slice(1, -1).replace(/\s+/g, '');
    bytes = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
  } else {
    const body = token.slice(1, -1).replace(/\\(?:([nrtbf\\()])|([0-7]{1,3})|\r?\n)/g, (_, c: string | undefined, oct: string | undefined) => {
      if (oct) return String.fromCharCode(parseInt(oct, 8) & 0xff);
      if (!c) return '';
      return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c;
    });
    bytes = Buffer.from(body, 'latin1');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff && bytes.length % 2 === 0) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('latin1');
}
