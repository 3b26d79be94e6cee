// Text inputs (JSON, YAML, CSV) must be UTF-8 (RFC 8259 requires it of JSON). Node's decoder
// silently turns a Latin-1 byte into U+FFFD and UTF-16 into mojibake, which would then be written
// into OSCAL as if it were the user's text: here such files are refused with the encoding found,
// or the line, column and byte offset of the first byte that is not UTF-8.
import { isUtf8 } from 'node:buffer';
import { UserError } from './errors.js';
import { MAX_TEXT_BYTES, readChunks, readUserFile, type ReadLimit } from './file-queue.js';

/** The longest text a JavaScript string can hold (inputs are read whole). */
export { MAX_TEXT_BYTES };

/** The encoding a byte-order mark or a NUL pattern at the start gives away, if not UTF-8. */
export function sniffWideEncoding(b: Uint8Array): { name: string; why: string } | undefined {
  const hex = (n: number) => [...b.subarray(0, n)].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { name: 'UTF-32LE', why: `byte-order mark ${hex(4)}` };
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { name: 'UTF-32BE', why: `byte-order mark ${hex(4)}` };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { name: 'UTF-16LE', why: `byte-order mark ${hex(2)}` };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { name: 'UTF-16BE', why: `byte-order mark ${hex(2)}` };
  // Without a mark: ASCII text in a wide encoding has NUL bytes beside each character.
  if (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] === 0 && b[3] === 0) return { name: 'UTF-32LE', why: `starts ${hex(4)}` };
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] !== 0) return { name: 'UTF-32BE', why: `starts ${hex(4)}` };
  if (b.length >= 2 && b[0] !== 0 && b[1] === 0) return { name: 'UTF-16LE', why: `starts ${hex(2)}` };
  if (b.length >= 2 && b[0] === 0 && b[1] !== 0) return { name: 'UTF-16BE', why: `starts ${hex(2)}` };
  return undefined;
}

/**
 * Offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or -1. Only run once `isUtf8` has said no.
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0; // overlong
      if (c === 0xed) hi = 0x9f; // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90; // overlong
      if (c === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined) return i;
      if (k === 1 ? x < lo || x > hi : x < 0x80 || x > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** "line 3, column 12 (byte offset 40)" of a byte offset; the column counts characters. */
export function placeOfByte(b: Uint8Array, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < b.length; i++) {
    if (b[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Characters before the offset on its line (the prefix is valid UTF-8 up to the offset).
  const column = Buffer.from(b.buffer, b.byteOffset + lineStart, offset - lineStart).toString('utf8').length + 1;
  return `line ${line}, column ${column} (byte offset ${offset})`;
}

/**
 * Decodes a whole input file as UTF-8 (a UTF-8 byte-order mark is dropped). `what` names the kind
 * of file in the message ("JSON", "YAML", "CSV"). Throws a UserError naming the file and where.
 */
/** The bytes after a UTF-8 byte-order mark (Windows PowerShell 5.1 writes one), or the bytes themselves. */
export function withoutUtf8Bom<T extends Uint8Array>(bytes: T): T {
  // subarray of a Buffer is a Buffer (no copy).
  return (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes) as T;
}

export function decodeUtf8(bytes: Uint8Array, file: string, what = 'input'): string {
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new UserError(`is ${bytes.length} bytes: ${what} files are read whole, and the most this program can hold is ${MAX_TEXT_BYTES} bytes`, { file });
  }
  const wide = sniffWideEncoding(bytes);
  if (wide) throw new UserError(`is ${wide.name} (${wide.why}), not UTF-8: ${what} files must be UTF-8; save it as UTF-8`, { file });
  const body = withoutUtf8Bom(bytes);
  if (!isUtf8(body)) {
    const at = firstInvalidUtf8(body);
    const skip = body === bytes ? 0 : 3;
    if (at >= 0) {
      throw new UserError(`byte 0x${body[at]!.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8 (Latin-1 or Windows-1252 text?): ${what} files must be UTF-8; save it as UTF-8`, { file, where: placeOfByte(bytes, at + skip) });
    }
    throw new UserError(`is not UTF-8: ${what} files must be UTF-8; save it as UTF-8`, { file });
  }
  return Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8');
}

/** Reads a file the user named and decodes it as UTF-8 (see decodeUtf8). */
export function readUtf8File(file: string, what = 'input', limit?: ReadLimit): string {
  return decodeUtf8(readUserFile(file, limit), file, what);
}

/**
 * The ReadLimit for text held to `maxChars` characters once decoded: a UTF-8 file of more than
 * 4 bytes a character cannot be within it, so it is refused before it is read.
 */
export function textLimit(maxChars: number, what: string): ReadLimit {
  return { bytes: 4 * maxChars, what: `${4 * maxChars / 2 ** 20} MiB, more than the ${maxChars / 2 ** 20} MiB of text a ${what} input may hold` };
}

/** Bytes a UTF-8 sequence starting with `lead` has (1 for ASCII and for bytes that cannot lead: those fail the check). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/**
 * The same check for a file read in chunks (last month's POA&M can be hundreds of MB): feed
 * every chunk to `write`, then call `end`. A character split between two chunks is checked whole.
 */
export class Utf8Stream {
  private carry: Buffer = Buffer.alloc(0);
  /** Offset in the file of the next byte `write` will see. */
  private offset = 0;

  constructor(private readonly file: string, private readonly what = 'input') {}

  write(chunk: Uint8Array): void {
    if (this.offset === 0) {
      const wide = sniffWideEncoding(chunk);
      if (wide) throw new UserError(`is ${wide.name} (${wide.why}), not UTF-8: ${this.what} files must be UTF-8; save it as UTF-8`, { file: this.file });
    }
    let from = 0;
    if (this.carry.length) {
      // Complete the character the previous chunk ended in.
      const need = Math.min(sequenceLength(this.carry[0]!) - this.carry.length, chunk.length);
      const joined = Buffer.concat([this.carry, chunk.subarray(0, need)]);
      from = need;
      if (joined.length < sequenceLength(joined[0]!)) {
        this.carry = joined;
        this.offset += need;
        return;
      }
      if (!isUtf8(joined)) this.fail(this.offset - this.carry.length + Math.max(0, firstInvalidUtf8(joined)));
      this.carry = Buffer.alloc(0);
    }
    // Keep back an incomplete character at the end of the chunk.
    let cut = chunk.length;
    for (let k = 1; k <= Math.min(3, chunk.length - from); k++) {
      const b = chunk[chunk.length - k]!;
      if ((b & 0xc0) === 0x80) continue;
      if (sequenceLength(b) > k) cut = chunk.length - k;
      break;
    }
    const body = chunk.subarray(from, cut);
    if (!isUtf8(body)) this.fail(this.offset + from + firstInvalidUtf8(body));
    this.carry = Buffer.from(chunk.subarray(cut));
    this.offset += chunk.length;
  }

  end(): void {
    if (this.carry.length) this.fail(this.offset - this.carry.length);
  }

  private fail(at: number): never {
    throw new UserError(`the byte at offset ${at} is not UTF-8 (Latin-1 or Windows-1252 text?): ${this.what} files must be UTF-8; save it as UTF-8`, { file: this.file, where: placeInFile(this.file, at) });
  }
}

/** "line 3, column 12 (byte offset 40)" of a byte of a file read in chunks (an error path: reads it again). */
function placeInFile(file: string, offset: number): string {
  let line = 1;
  let column = 1;
  let seen = 0;
  readChunks(file, (chunk) => {
    for (let i = 0; i < chunk.length && seen < offset; i++, seen++) {
      const b = chunk[i]!;
      if (b === 0x0a) {
        line++;
        column = 1;
      } else if ((b & 0xc0) !== 0x80) column++; // a character starts here
    }
  });
  return `line ${line}, column ${column} (byte offset ${offset})`;
}
