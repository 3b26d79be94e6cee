// Decoding of the text files Windows writes: UTF-16LE with a byte-order mark (secedit, reg export,
// PowerShell 5.1 Out-File), UTF-8 with or without BOM (Export-Csv -Encoding UTF8, re-saves), and
// legacy single-byte code pages (cmd redirection, Export-Csv's ASCII default).
import { TextDecoder } from 'node:util';
import { UserError } from '../io/errors.js';
import { isSecretName, REDACTED, redactText } from '../snapshot/secrets.js';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16le' | 'utf-16be-bom' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** UTF-16 input with an odd number of bytes: the last byte was dropped (the file is cut short). */
  oddTrailingByte: boolean;
  /** Offset (in `text`) of the first character that marks the content as binary, or -1. */
  binaryAt: number;
  /** Whether the text ends with a line break. */
  endsWithNewline: boolean;
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
  // A DOS end-of-file mark (Ctrl-Z) that `copy /a` or an old tool appended after the content is
  // not content: one byte 0x1A after a UTF-16 file would otherwise read as the file cut inside a
  // unit, and the character as a last line without its line break.
  if (bytes.length % 2 === 1 && bytes[bytes.length - 1] === 0x1a && (bytes[0] === 0xff || bytes[0] === 0xfe || looksUtf16leWithoutBom(bytes))) {
    bytes = bytes.subarray(0, bytes.length - 1);
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
  } else if (looksUtf16leWithoutBom(bytes)) {
    encoding = 'utf-16le';
    odd = bytes.length % 2 === 1;
    text = utf16le.decode(bytes.subarray(0, bytes.length - (odd ? 1 : 0)));
  } else {
    try {
      text = utf8.decode(bytes);
      encoding = 'utf-8';
    } catch {
      text = decodeWin1252(bytes);
      encoding = 'windows-1252';
    }
  }
  text = text.replace(/\x1a+$/, '');
  const last = text.charCodeAt(text.length - 1);
  const out: DecodedText = { text, encoding, oddTrailingByte: odd, binaryAt: findBinary(text), endsWithNewline: last === 10 || last === 13 };
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

/** Splits text into lines (CRLF, LF or CR), numbering from 1. */
export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  let n = 1;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      out.push({ n: n++, text: text.slice(start, i) });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start < len) out.push({ n, text: text.slice(start) });
  return out;
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
    throw new UserError(`expected ${expected}, found binary data (byte offset ~${approxByteOffset(d, d.binaryAt)})`, { file, where: `line ${lineAt(d.text, d.binaryAt)}` });
  }
  if (d.oddTrailingByte) {
    throw new UserError(`the file is cut short: a UTF-16 file must have an even number of bytes (found ${bytes.length}); expected ${expected}`, { file, where: `line ${splitLines(d.text).length || 1}` });
  }
  return d;
}

function approxByteOffset(d: DecodedText, charOffset: number): number {
  return d.encoding.startsWith('utf-16') ? 2 + charOffset * 2 : charOffset + (d.encoding === 'utf-8-bom' ? 3 : 0);
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
