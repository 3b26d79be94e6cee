// Decoding of the text files Windows writes: UTF-16LE with a byte-order mark (secedit, reg export,
// PowerShell 5.1 Out-File), UTF-8 with or without BOM (Export-Csv -Encoding UTF8, re-saves), and
// legacy single-byte code pages (cmd redirection, Export-Csv's ASCII default).
import { TextDecoder } from 'node:util';
import { UserError } from '../io/errors.js';
import { isSecretName, REDACTED, redactText } from '../snapshot/secrets.js';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16le' | 'utf-16be-bom' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** UTF-16 input with an odd number of bytes: the last byte was dropped (the file is cut short). */
  oddTrailingByte: boolean;
  /** Offset (in `text`) of the first character that marks the content as binary, or -1. */
  binaryAt: number;
  /** Whether the text ends with a line break. */
  endsWithNewline: boolean;
  /**
   * A UTF-8 file (a UTF-8 byte-order mark, or valid UTF-8 sequences such as "ü") holding a byte
   * that is not UTF-8 (a Windows-1252 "ä", 0xE4): two encodings in one file, so no one reading of
   * it is certain. Where (byte offset, 1-based line) and the byte.
   */
  mixed?: { byteOffset: number; line: number; byte: number; utf8Evidence: string };
  /**
   * NUL bytes that end the file after its text (from `byteOffset`, `bytes` of them): the padding a
   * copy from a disk image or a pre-allocated file leaves, or a UTF-16 file's stray NUL. They are
   * no content: `text` is what comes before them, and ingest warns (index.ts). A copy cut inside
   * its text is then judged as every cut file is (a last line without its line break, a short row).
   */
  nulPadding?: { byteOffset: number; bytes: number };
}

const cache = new WeakMap<Buffer, DecodedText>();

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');
const utf16le = new TextDecoder('utf-16le');
let win1252: TextDecoder | undefined;
function decodeWin1252(bytes: Uint8Array): string {
  try {
    win1252 ??= new TextDecoder('windows-1252');
    return win1252.decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

/** UTF-16 BE without a byte-order mark: LE's pattern one byte on (a zero before each ASCII character). */
function looksUtf16beWithoutBom(b: Buffer): boolean {
  return b.length >= 4 && looksUtf16leWithoutBom(b.subarray(1));
}

function looksUtf16leWithoutBom(b: Buffer): boolean {
  if (b.length < 4) return false;
  const n = Math.min(b.length - (b.length % 2), 512);
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) zeroEven++;
    if (b[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  return zeroOdd >= pairs * 0.6 && zeroEven <= pairs * 0.1;
}

/**
 * Byte offset of the first byte that does not begin a well-formed UTF-8 sequence, else -1; and
 * the first well-formed multi-byte sequence anywhere, if any (the sign that the file is UTF-8).
 */
function utf8Check(b: Uint8Array): { invalidAt: number; multibyte?: string } {
  let multibyte: string | undefined;
  let invalidAt = -1;
  for (let i = 0; i < b.length && (invalidAt < 0 || multibyte === undefined); ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    let ok = n > 0 && i + n <= b.length;
    for (let k = 1; ok && k < n; k++) ok = (b[i + k]! & 0xc0) === 0x80;
    // Overlong forms, surrogates and code points above U+10FFFF are not UTF-8 either.
    if (ok && n === 3) ok = !(c === 0xe0 && b[i + 1]! < 0xa0) && !(c === 0xed && b[i + 1]! >= 0xa0);
    if (ok && n === 4) ok = !(c === 0xf0 && b[i + 1]! < 0x90) && !(c === 0xf4 && b[i + 1]! >= 0x90);
    if (!ok) {
      if (invalidAt < 0) invalidAt = i;
      i++;
      continue;
    }
    multibyte ??= Buffer.from(b.subarray(i, i + n)).toString('utf8');
    i += n;
  }
  return { invalidAt, ...(multibyte !== undefined ? { multibyte } : {}) };
}

/** 1-based line of a byte offset in single-byte-line-break text (UTF-8, Windows-1252). */
function lineOfByte(b: Uint8Array, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (b[i] === 10 || (b[i] === 13 && b[i + 1] !== 10)) n++;
  return n;
}

/** Offset of the first NUL or of a run of C0 control characters typical of binary data, else -1. */
function findBinary(text: string): number {
  let controls = 0;
  const n = Math.min(text.length, 1 << 20);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return i;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 26) {
      controls++;
      if (controls > 8 || controls > n / 100) return i;
    } else if (c === 0xfffd) {
      // replacement characters from a lenient decode: binary that is not valid text
      controls++;
      if (controls > 8 || controls > n / 50) return i;
    }
  }
  return -1;
}

/** Decodes bytes to text, detecting the encoding. Never throws. Cached per Buffer. */
export function decodeText(input: Buffer): DecodedText {
  const hit = cache.get(input);
  if (hit) return hit;
  let bytes = input;
  let text: string;
  let encoding: TextEncoding;
  let odd = false;
  let mixed: DecodedText['mixed'];
  // A DOS end-of-file mark (Ctrl-Z) that `copy /a` or an old tool appended after the content is
  // not content: one byte 0x1A after a UTF-16 file would otherwise read as the file cut inside a
  // unit, and the character as a last line without its line break.
  if (bytes.length % 2 === 1 && bytes[bytes.length - 1] === 0x1a && (bytes[0] === 0xff || bytes[0] === 0xfe || looksUtf16leWithoutBom(bytes))) {
    bytes = bytes.subarray(0, bytes.length - 1);
  }
  // Trailing NUL bytes are padding, not text (see nulPadding). In UTF-16LE the last character's
  // high byte is a zero too: given back when the text before the padding has an odd length. In
  // UTF-16BE the padding is whole NUL characters: a single zero byte more is the first half of a
  // character, the file cut inside it (refused below, as an odd length is).
  let nulPadding: DecodedText['nulPadding'];
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  if (end < bytes.length && end > 0) {
    const core = bytes.subarray(0, end);
    const bomLe = core[0] === 0xff && core[1] === 0xfe;
    const bomBe = core[0] === 0xfe && core[1] === 0xff;
    const bomless = !bomLe && !bomBe && !(core[0] === 0xef && core[1] === 0xbb);
    if ((bomLe || (bomless && looksUtf16leWithoutBom(core))) && end % 2 === 1) end++;
    else if ((bomBe || (bomless && looksUtf16beWithoutBom(core))) && (bytes.length - end) % 2 === 1) end++;
    if (end < bytes.length) {
      nulPadding = { byteOffset: end, bytes: bytes.length - end };
      bytes = bytes.subarray(0, end);
    }
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) {
    encoding = 'utf-16le-bom';
    odd = bytes.length % 2 === 1;
    text = utf16le.decode(bytes.subarray(2, bytes.length - (odd ? 1 : 0)));
  } else if (b0 === 0xfe && b1 === 0xff) {
    encoding = 'utf-16be-bom';
    odd = bytes.length % 2 === 1;
    const body = Buffer.from(bytes.subarray(2, bytes.length - (odd ? 1 : 0)));
    body.swap16();
    text = utf16le.decode(body);
  } else if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8-bom';
    text = utf8Lenient.decode(bytes.subarray(3));
    // A lenient decode would turn a Windows-1252 "ä" appended to a UTF-8 file into U+FFFD: a
    // silently wrong value. Such a file mixes two encodings and is refused (decodeOrThrow).
    const { invalidAt } = utf8Check(bytes.subarray(3));
    if (invalidAt >= 0) mixed = { byteOffset: 3 + invalidAt, line: lineOfByte(bytes, 3 + invalidAt), byte: bytes[3 + invalidAt]!, utf8Evidence: 'it starts with a UTF-8 byte-order mark' };
  } else if (looksUtf16leWithoutBom(bytes)) {
    encoding = 'utf-16le';
    odd = bytes.length % 2 === 1;
    text = utf16le.decode(bytes.subarray(0, bytes.length - (odd ? 1 : 0)));
  } else if (looksUtf16beWithoutBom(bytes)) {
    // Read as its zero bytes say, as LE without a mark is: read as UTF-8 it was "binary data".
    encoding = 'utf-16be';
    odd = bytes.length % 2 === 1;
    const body = Buffer.from(bytes.subarray(0, bytes.length - (odd ? 1 : 0)));
    body.swap16();
    text = utf16le.decode(body);
  } else {
    try {
      text = utf8.decode(bytes);
      encoding = 'utf-8';
    } catch {
      text = decodeWin1252(bytes);
      encoding = 'windows-1252';
      // A legacy code page is the reading only when nothing in the file is UTF-8: a UTF-8 "ü"
      // read as Windows-1252 is "Ã¼", as wrong as the other way round.
      const { invalidAt, multibyte } = utf8Check(bytes);
      if (multibyte !== undefined && invalidAt >= 0) mixed = { byteOffset: invalidAt, line: lineOfByte(bytes, invalidAt), byte: bytes[invalidAt]!, utf8Evidence: `it holds UTF-8 text (${JSON.stringify(multibyte)})` };
    }
  }
  text = text.replace(/\x1a+$/, '');
  const last = text.charCodeAt(text.length - 1);
  const out: DecodedText = { text, encoding, oddTrailingByte: odd, binaryAt: findBinary(text), endsWithNewline: last === 10 || last === 13, ...(mixed ? { mixed } : {}), ...(nulPadding ? { nulPadding } : {}) };
  cache.set(input, out);
  return out;
}

/** Whether the file was written in UTF-16 (as Windows tools write it, rather than re-saved). */
export function isUtf16(enc: TextEncoding): boolean {
  return enc.startsWith('utf-16');
}

export interface Line {
  /** 1-based line number. */
  n: number;
  text: string;
}

/**
 * Splits text into lines (CRLF, LF or CR), numbering from 1. CR CR LF is one line end: a CRLF file
 * whose line ends were converted again (LF to CRLF by a copy, an editor, git), read as a line and an
 * empty one, parted a reg export's hex value continued with "\\" from its next line, and the file
 * was refused as cut. Its line still counts as two, as an editor shows them (and lineAt counts).
 */
export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  let n = 1;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      out.push({ n: n++, text: text.slice(start, i) });
      if (c === 13 && text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10) {
        i += 2;
        n++;
      } else if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start < len) out.push({ n, text: text.slice(start) });
  return out;
}

/** The number of the last of `lines` (splitLines), 0 for none: not their count, where a CR CR LF counts two. */
export function lastLineNumber(lines: readonly Line[]): number {
  return lines[lines.length - 1]?.n ?? 0;
}

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/** `name: value` (YAML, INI-like text) with a secret name. */
const SECRET_COLON_PAIR = /^("?)([A-Za-z_][A-Za-z0-9_ .-]*)\1(\s*:\s*)\S.*$/;

/**
 * The first non-empty line, shortened, for messages. Whatever file it is (an unrecognised file is
 * named in warnings, --json and, as an error, in reports), a secret on it is masked:
 * "DB_PASSWORD=…" and "password: …" show as [REDACTED].
 */
export function firstLinePreview(text: string): string {
  for (const l of splitLines(text.slice(0, 4096))) {
    const t = l.text.trim();
    if (!t) continue;
    const m = SECRET_COLON_PAIR.exec(t);
    const shown = m && isSecretName(m[2] as string) ? `${m[1]}${m[2]}${m[1]}${m[3]}${REDACTED}` : redactText(t);
    return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  }
  return '';
}

/** Decodes, and throws a UserError when the content is binary or cut inside a UTF-16 unit. */
export function decodeOrThrow(bytes: Buffer, file: string, expected: string): DecodedText {
  const d = decodeText(bytes);
  if (d.binaryAt >= 0) {
    throw new UserError(`expected ${expected}, found ${binaryWhat(d)}`, { file, where: `line ${lineAt(d.text, d.binaryAt)}` });
  }
  if (d.mixed) {
    const hex = d.mixed.byte.toString(16).toUpperCase().padStart(2, '0');
    throw new UserError(
      `the file mixes two encodings: ${d.mixed.utf8Evidence}, but byte 0x${hex} (byte offset ${d.mixed.byteOffset}) is not UTF-8 (a character of a legacy code page such as Windows-1252, where 0xE4 is "ä"?), so no reading of its text is certain; export the file again in one encoding. Expected ${expected}`,
      { file, where: `line ${d.mixed.line}` },
    );
  }
  // A byte-order mark opens a file: one at the start of a later line is a second file's, two
  // exports joined (`type a.reg b.reg > c.reg`, `Get-Content a,b`), whose parts a reader would take
  // as one export, the mark hidden in the first value of the second ("\uFEFF\"Name\"" is no header).
  const bom = /[\r\n]\uFEFF/.exec(d.text);
  if (bom) {
    throw new UserError(`a byte-order mark (U+FEFF) at the start of this line: it begins a file, so two files were joined here, and which of their parts hold would be a guess; give each export on its own. Expected ${expected}`, { file, where: `line ${lineAt(d.text, bom.index + 1)}` });
  }
  if (d.oddTrailingByte) {
    throw new UserError(`the file is cut short: a UTF-16 file must have an even number of bytes (found ${bytes.length}); expected ${expected}`, { file, where: `line ${lastLineNumber(splitLines(d.text)) || 1}` });
  }
  return d;
}

/** The byte offset in the file of a character of `d.text` (its encoding's bytes before it, and the byte-order mark's). */
export function byteOffsetOf(d: DecodedText, charOffset: number): number {
  switch (d.encoding) {
    case 'utf-16le-bom': case 'utf-16be-bom': return 2 + charOffset * 2;
    case 'utf-16le': case 'utf-16be': return charOffset * 2;
    case 'utf-8-bom': return 3 + Buffer.byteLength(d.text.slice(0, charOffset), 'utf8');
    case 'utf-8': return Buffer.byteLength(d.text.slice(0, charOffset), 'utf8');
    default: return charOffset;
  }
}

/**
 * What marks a decoded text as binary, with its byte offset: "a NUL character at byte offset 312
 * (more text follows it, so it is no padding at the end)", "binary data from byte offset 40".
 */
export function binaryWhat(d: DecodedText): string {
  const at = byteOffsetOf(d, d.binaryAt);
  return d.text.charCodeAt(d.binaryAt) === 0
    ? `a NUL character at byte offset ${at}, with text after it (NULs only at the end would be read as padding): binary data, or parts of a file overwritten`
    : `binary data (byte offset ${at})`;
}

const prefixCache = new WeakMap<Buffer, Map<number, string | null>>();

/** A text prefix, for sniffers: the first `max` characters of the decoded text (cached per Buffer). */
export function sniffText(bytes: Buffer, max = 8192): string | null {
  let m = prefixCache.get(bytes);
  if (!m) {
    m = new Map();
    prefixCache.set(bytes, m);
  }
  const hit = m.get(max);
  if (hit !== undefined) return hit;
  const d = decodeText(bytes);
  const out = d.binaryAt >= 0 && d.binaryAt < Math.min(max, 512) ? null : d.text.length > max ? d.text.slice(0, max) : d.text;
  m.set(max, out);
  return out;
}
