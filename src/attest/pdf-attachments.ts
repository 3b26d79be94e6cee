// Whether a PDF given as attestation evidence carries attached files (embedded files: the
// document's /EmbeddedFiles, a /FileAttachment annotation). The package copies an evidence file as
// it is, so an attachment (a .pfx, a text with a password) would reach every reader with it; and
// unlike a ZIP's entries (archive-content.ts), a PDF's attachments are not read here (that would
// take a PDF parser). Such a PDF is refused instead: the attester gives the document without its
// attachments. The names that mark one are looked for in the plain text and in every object stream,
// decoded by its filters; an object stream that cannot be decoded is refused too (fail closed), as
// what it holds is unknown. Pure (bytes in, a verdict out).
import { inflateSync } from 'node:zlib';

/** True when the bytes are a PDF by their start (the header may follow up to 1,024 bytes of junk, as readers accept). */
export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}

/**
 * The names that mark an attached file: an embedded file stream (/Type /EmbeddedFile, which every
 * writer sets), the name tree of the document's attachments (/EmbeddedFiles), a file attachment
 * annotation (/FileAttachment). Long names: in a compressed font or image, bytes that spell one by
 * chance are not to be expected (a short one such as /EF would be, in a large file).
 */
const ATTACHMENT_NAME = /\/(?:EmbeddedFiles?|FileAttachment)(?![A-Za-z0-9#])/;
/**
 * A PDF name written so that any of its characters may be spelled #xx ("/Obj#53tm" is "/ObjStm" to
 * a reader): the object streams are found by such a pattern, or one so spelled would go unread.
 */
const nameAnySpelling = (name: string): string =>
  name
    .split('')
    .map((c) => `(?:${c}|#${c.charCodeAt(0).toString(16).padStart(2, '0').replace(/[a-f]/g, (h) => `[${h}${h.toUpperCase()}]`)})`)
    .join('');
/** An object stream (PDF 1.5): dictionaries such as the catalog's /Names may sit in one, compressed. */
const OBJECT_STREAM = new RegExp(`/${nameAnySpelling('Type')}\\s*/${nameAnySpelling('ObjStm')}(?![A-Za-z0-9#])`, 'g');
/** Bytes decoded from the object streams of one file, in all (a "zip bomb" in a PDF stops there). */
const MAX_INFLATED = 64 * 1024 * 1024;

/** PDF names may spell a character as #xx ("/Embedded#46ile"): spelled out before the search. */
const spelled = (text: string): string => text.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** What the attachment check found: attached files, or an object stream it could not read (and why). */
export type PdfAttachmentVerdict = { kind: 'attachments' } | { kind: 'unreadable'; why: string } | undefined;

/**
 * Attached files named in the PDF's plain text or in any of its object streams; an object stream
 * that cannot be decoded (a filter not read here, damaged data, an encrypted document, past the
 * budget) is "unreadable": what it holds is unknown, so the caller refuses it (fail closed) rather
 * than pass a PDF whose attachments it could not look for.
 */
export function pdfAttachmentVerdict(bytes: Buffer): PdfAttachmentVerdict {
  const text = bytes.toString('latin1');
  if (ATTACHMENT_NAME.test(spelled(text))) return { kind: 'attachments' };
  let budget = MAX_INFLATED;
  OBJECT_STREAM.lastIndex = 0;
  for (let m = OBJECT_STREAM.exec(text); m; m = OBJECT_STREAM.exec(text)) {
    // The stream's dictionary: from its object's "N G obj" to the "stream" keyword that follows.
    const objStart = text.lastIndexOf('obj', m.index);
    const keyword = /stream\r?\n/g;
    keyword.lastIndex = m.index;
    const k = keyword.exec(text);
    const at = `the object stream at byte ${m.index}`;
    if (!k) return { kind: 'unreadable', why: `${at} has no data (no "stream" keyword follows it)` };
    const start = k.index + k[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) return { kind: 'unreadable', why: `${at} is cut short (no "endstream")` };
    const decoded = decodeStream(spelled(text.slice(objStart < 0 ? m.index : objStart, k.index)), bytes.subarray(start, end), budget);
    if (typeof decoded === 'string') return { kind: 'unreadable', why: `${at} cannot be decoded (${decoded})${/\/Encrypt\b/.test(text) ? '; the document is encrypted' : ''}` };
    budget -= decoded.length;
    if (ATTACHMENT_NAME.test(spelled(decoded.toString('latin1')))) return { kind: 'attachments' };
    OBJECT_STREAM.lastIndex = end;
  }
  return undefined;
}

/** A stream's data decoded by the filters its dictionary names, in order; a string says why it cannot be. */
function decodeStream(dict: string, data: Buffer, budget: number): Buffer | string {
  const filterValue = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+|\d+\s+\d+\s+R)/.exec(dict)?.[1];
  if (filterValue !== undefined && /R$/.test(filterValue)) return 'its /Filter is given by reference';
  const filters = filterValue === undefined ? [] : (filterValue.match(/\/[A-Za-z0-9]+/g) ?? []);
  const parms = /\/DecodeParms\s*(\[[\s\S]*?\]\s*(?=\/|$)|<<[\s\S]*?>>|\d+\s+\d+\s+R)/.exec(dict)?.[1];
  if (parms !== undefined && /R\s*$/.test(parms)) return 'its /DecodeParms are given by reference';
  // One set of parameters per filter: an array of dictionaries (or nulls), or one for a single filter.
  const parmsOf = (i: number): string | undefined => (parms === undefined ? undefined : parms.startsWith('[') ? (parms.match(/<<[\s\S]*?>>|null/g) ?? [])[i] : i === 0 ? parms : undefined);
  let out = data;
  for (const [i, f] of filters.entries()) {
    const next = decodeOne(f, out, parmsOf(i), budget);
    if (typeof next === 'string') return next;
    out = next;
  }
  return out.length > budget ? 'more than 64 MiB decoded from the object streams in all' : out;
}

function decodeOne(filter: string, data: Buffer, parms: string | undefined, budget: number): Buffer | string {
  switch (filter) {
    case '/FlateDecode':
    case '/Fl': {
      let inflated: Buffer;
      try {
        inflated = inflateSync(data, { maxOutputLength: budget });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return code === 'ERR_BUFFER_TOO_LARGE' ? 'more than 64 MiB decoded from the object streams in all' : `its /FlateDecode data is damaged (${(e as Error).message})`;
      }
      return unpredict(inflated, parms);
    }
    case '/ASCIIHexDecode':
    case '/AHx': {
      const hex = data.toString('latin1').split('>')[0]!.replace(/\s+/g, '');
      if (/[^0-9A-Fa-f]/.test(hex)) return 'its /ASCIIHexDecode data holds a character that is not hexadecimal';
      return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
    }
    case '/ASCII85Decode':
    case '/A85':
      return ascii85(data.toString('latin1'));
    case '/RunLengthDecode':
    case '/RL':
      return runLength(data);
    default:
      return `its filter ${filter} is not read by this check`;
  }
}

/** A Flate stream's /Predictor undone: none (1), or the PNG ones (10-15, a filter byte per row); TIFF's (2) is not read. */
function unpredict(data: Buffer, parms: string | undefined): Buffer | string {
  const num = (key: string, dflt: number): number => Number(new RegExp(`/${key}\\s+(\\d+)`).exec(parms ?? '')?.[1] ?? dflt);
  const predictor = num('Predictor', 1);
  if (predictor === 1) return data;
  if (predictor < 10) return `its /Predictor ${predictor} is not read by this check`;
  // Only the sizes PDF defines (ISO 32000 7.4.4.4): a 400-digit /Columns read as Infinity and
  // made an internal error; any other value gives rows no encoder wrote, so the stream is unread.
  const bits = num('BitsPerComponent', 8);
  if (![1, 2, 4, 8, 16].includes(bits)) return `its /BitsPerComponent ${bits} is not one PDF defines (1, 2, 4, 8, 16)`;
  for (const key of ['Colors', 'Columns']) {
    const n = num(key, 1);
    if (!Number.isSafeInteger(n) || n < 1 || n > 0xffffff) return `its /${key} ${String(n).slice(0, 20)} is not a row size this check reads (1 to ${0xffffff})`;
  }
  const bpp = Math.max(1, Math.ceil((num('Colors', 1) * num('BitsPerComponent', 8)) / 8));
  const rowLen = Math.ceil((num('Columns', 1) * num('Colors', 1) * num('BitsPerComponent', 8)) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const src = r * (rowLen + 1) + 1;
    const at = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? out[at + i - bpp]! : 0;
      const up = r > 0 ? out[at - rowLen + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[at - rowLen + i - bpp]! : 0;
      const x = data[src + i]!;
      let v: number;
      if (type === 0) v = x;
      else if (type === 1) v = x + left;
      else if (type === 2) v = x + up;
      else if (type === 3) v = x + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else return `its PNG predictor row type ${type} is not one PNG defines`;
      out[at + i] = v & 0xff;
    }
  }
  return out;
}

/** ASCII85 (up to its "~>"), "z" for four zero bytes. */
function ascii85(text: string): Buffer | string {
  const body = text.split('~>')[0]!.replace(/^\s*<~/, '').replace(/\s+/g, '');
  const out: number[] = [];
  let group: number[] = [];
  const flush = (n: number): void => {
    const v = group.reduce((acc, c) => acc * 85 + c, 0);
    for (let i = 0; i < n; i++) out.push(Math.floor(v / 256 ** (3 - i)) % 256);
  };
  for (const ch of body) {
    if (ch === 'z' && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    const c = ch.charCodeAt(0) - 33;
    if (c < 0 || c > 84) return `its /ASCII85Decode data holds "${ch}", not an ASCII85 character`;
    group.push(c);
    if (group.length === 5) {
      flush(4);
      group = [];
    }
  }
  if (group.length === 1) return 'its /ASCII85Decode data ends in a lone character';
  if (group.length > 0) {
    const n = group.length - 1;
    while (group.length < 5) group.push(84);
    flush(n);
  }
  return Buffer.from(out);
}

/** RunLength: a length byte, then that many + 1 bytes, or one byte repeated 257 - length times; 128 ends. */
function runLength(data: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.length; ) {
    const n = data[i++]!;
    if (n === 128) break;
    if (n < 128) {
      for (let j = 0; j <= n && i < data.length; j++) out.push(data[i++]!);
    } else {
      const b = data[i++] ?? 0;
      for (let j = 0; j < 257 - n; j++) out.push(b);
    }
  }
  return Buffer.from(out);
}
