// Reads a JSON document from chunks of bytes and keeps only the values a caller selects. Last
// month's POA&M of a large fleet is hundreds of megabytes, nearly all of it observations that
// carrying its history forward does not need: JSON.parse of the whole text held over a gigabyte.
// Every byte is still checked against the JSON grammar (RFC 8259, as JSON.parse accepts it), so
// a document JSON.parse refuses is refused here too; only the message differs. A member written
// twice in an object it walks into or a value it captures is refused too (JSON.parse keeps the
// last silently, another reader the first: which value holds would be a guess); in the values it
// only skips it is not looked for (nothing is read from them).
import { escapePointer, memberWrittenTwice, numberNotExact } from './json-numbers.js';

/** Where a value sits: the keys and array indices from the root. */
export type JsonPath = ReadonlyArray<string | number>;
export type JsonKind = 'object' | 'array' | 'scalar';
/** Parse the value whole, walk into it (objects and arrays only), or only check its syntax. */
export type JsonSelection = 'capture' | 'descend' | 'skip';

export interface JsonSelectHandler {
  /** Asked for the root and for each member or element of a value walked into. */
  select(path: JsonPath, kind: JsonKind): JsonSelection;
  /** A captured value, parsed (JSON.parse of its text). */
  captured(path: JsonPath, value: unknown): void;
}

export class JsonSyntaxError extends Error {
  /** What was found and expected, without the place; `offset`: the byte it was found at (-1: the end). */
  constructor(message: string, readonly detail = message, readonly offset = -1) {
    super(message);
  }
}

// What is expected next.
const VALUE = 0; // a value (root, after ':' or after ',' in an array)
const VALUE_OR_CLOSE = 1; // after '['
const KEY_OR_CLOSE = 2; // after '{'
const KEY = 3; // after ',' in an object
const COLON = 4;
const AFTER = 5; // after a value inside a container: ',' or the closing bracket
const DONE = 6; // after the root value: whitespace only
const STRING = 7;
const ESCAPE = 8;
const UNICODE = 9;
const NUMBER = 10;
const LITERAL = 11;

// Number states (RFC 8259 grammar); the FINAL ones may end the number.
const N_MINUS = 0;
const N_ZERO = 1; // final
const N_INT = 2; // final
const N_DOT = 3;
const N_FRAC = 4; // final
const N_E = 5;
const N_ESIGN = 6;
const N_EXP = 7; // final
const N_FINAL = [false, true, true, false, true, false, false, true];

const OBJ = 1;
const ARR = 2;

const LITERALS: Record<number, Uint8Array> = { 0x74: Buffer.from('true'), 0x66: Buffer.from('false'), 0x6e: Buffer.from('null') };
/** Bytes allowed after a backslash (other than u): " \ / b f n r t. */
const SIMPLE_ESCAPES = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPES[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Feed it the document's bytes with `write` (any chunking; chunks may be reused by the caller
 * afterwards), then call `end`. Throws JsonSyntaxError at the first byte JSON does not allow.
 */
export class JsonSelector {
  private mode = VALUE;
  private stack = new Uint8Array(64);
  private depth = 0;
  /** The outer `tracked` levels of the stack were walked into; `path` has one entry per level. */
  private tracked = 0;
  private readonly path: Array<string | number> = [];
  private isKey = false;
  /** The text of a key being read (in a tracked object) or of a value being captured. */
  private keyAt = -1;
  private keyParts: Buffer[] = [];
  private captureDepth = -1;
  private captureAt = -1;
  private captureParts: Buffer[] = [];
  private num = 0;
  private literal: Uint8Array = LITERALS[0x74]!;
  private literalAt = 0;
  private hexLeft = 0;
  /** Bytes before the current chunk, for error positions. */
  private offset = 0;
  /** The names met so far in each object walked into, by depth. */
  private readonly names: Array<Set<string> | undefined> = [];
  /** Where (bytes) the key being read, and the value being captured, start. */
  private keyStart = 0;
  private captureStart = 0;

  constructor(private readonly handler: JsonSelectHandler) {}

  write(chunk: Uint8Array): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      switch (this.mode) {
        case STRING: {
          let j = i;
          let b = 0;
          for (; j < n; j++) {
            b = chunk[j]!;
            if (b === 0x22 || b === 0x5c || b < 0x20) break;
          }
          if (j === n) {
            i = n;
          } else if (b === 0x22) {
            i = j + 1;
            this.endString(chunk, i);
          } else if (b === 0x5c) {
            i = j + 1;
            this.mode = ESCAPE;
          } else {
            this.fail(chunk, j, 'no control character inside a string (write it as a \\u escape)');
          }
          break;
        }
        case ESCAPE: {
          const b = chunk[i]!;
          if (b === 0x75) {
            this.hexLeft = 4;
            this.mode = UNICODE;
          } else if (SIMPLE_ESCAPES[b]) {
            this.mode = STRING;
          } else {
            this.fail(chunk, i, 'a bad escape in a string');
          }
          i++;
          break;
        }
        case UNICODE: {
          if (!HEX[chunk[i]!]) this.fail(chunk, i, 'a bad \\u escape in a string');
          if (--this.hexLeft === 0) this.mode = STRING;
          i++;
          break;
        }
        case NUMBER: {
          const b = chunk[i]!;
          const next = this.numberStep(b);
          if (next >= 0) {
            this.num = next;
            i++;
          } else if (N_FINAL[this.num] && next === -1) {
            this.valueEnded(chunk, i); // the byte that ended the number is read again
          } else {
            this.fail(chunk, i, 'a malformed number');
          }
          break;
        }
        case LITERAL: {
          if (chunk[i] !== this.literal[this.literalAt]) this.fail(chunk, i, 'a misspelt true, false or null');
          i++;
          if (++this.literalAt === this.literal.length) this.valueEnded(chunk, i);
          break;
        }
        default: {
          const b = chunk[i]!;
          if (!isSpace(b)) this.structural(chunk, i, b);
          i++;
        }
      }
    }
    // A key or captured value continuing into the next chunk: keep a copy of its start.
    if (this.captureDepth >= 0) {
      if (this.captureAt < n) this.captureParts.push(Buffer.from(chunk.subarray(this.captureAt)));
      this.captureAt = 0;
    }
    if (this.keyAt >= 0) {
      if (this.keyAt < n) this.keyParts.push(Buffer.from(chunk.subarray(this.keyAt)));
      this.keyAt = 0;
    }
    this.offset += n;
  }

  end(): void {
    const none = new Uint8Array(0);
    if (this.mode === NUMBER && N_FINAL[this.num]) this.valueEnded(none, 0);
    if (this.mode !== DONE) throw new JsonSyntaxError('Unexpected end of JSON input', 'unexpected end of the document (a bracket or quote not closed?)');
  }

  /** -1: the byte ends the number; -2: the byte cannot follow; else the next state. */
  private numberStep(b: number): number {
    const digit = isDigit(b);
    switch (this.num) {
      case N_MINUS: return b === 0x30 ? N_ZERO : digit ? N_INT : -2;
      case N_ZERO: return b === 0x2e ? N_DOT : b === 0x65 || b === 0x45 ? N_E : digit ? -2 : -1;
      case N_INT: return digit ? N_INT : b === 0x2e ? N_DOT : b === 0x65 || b === 0x45 ? N_E : -1;
      case N_DOT: return digit ? N_FRAC : -2;
      case N_FRAC: return digit ? N_FRAC : b === 0x65 || b === 0x45 ? N_E : -1;
      case N_E: return b === 0x2b || b === 0x2d ? N_ESIGN : digit ? N_EXP : -2;
      case N_ESIGN: return digit ? N_EXP : -2;
      default: return digit ? N_EXP : -1;
    }
  }

  private structural(chunk: Uint8Array, i: number, b: number): void {
    switch (this.mode) {
      case VALUE:
        return this.startValue(chunk, i, b);
      case VALUE_OR_CLOSE:
        return b === 0x5d ? this.close(chunk, i) : this.startValue(chunk, i, b);
      case KEY_OR_CLOSE:
        return b === 0x7d ? this.close(chunk, i) : this.startKey(chunk, i, b);
      case KEY:
        return this.startKey(chunk, i, b);
      case COLON:
        if (b !== 0x3a) return this.fail(chunk, i, "':' after a key");
        this.mode = VALUE;
        return;
      case AFTER: {
        const top = this.stack[this.depth - 1];
        if (b === 0x2c) {
          if (top === ARR) {
            if (this.depth <= this.tracked) (this.path[this.depth - 1] as number)++;
            this.mode = VALUE;
          } else {
            this.mode = KEY;
          }
          return;
        }
        if ((b === 0x7d && top === OBJ) || (b === 0x5d && top === ARR)) return this.close(chunk, i);
        return this.fail(chunk, i, top === OBJ ? "',' or '}'" : "',' or ']'");
      }
      default: // DONE
        return this.fail(chunk, i, 'nothing after the document');
    }
  }

  private startKey(chunk: Uint8Array, i: number, b: number): void {
    if (b !== 0x22) return this.fail(chunk, i, 'a key (a string in double quotes)');
    this.mode = STRING;
    this.isKey = true;
    if (this.depth <= this.tracked) {
      this.keyAt = i;
      this.keyParts = [];
      this.keyStart = this.offset + i;
    }
  }

  private startValue(chunk: Uint8Array, i: number, b: number): void {
    if (!(b === 0x7b || b === 0x5b || b === 0x22 || b === 0x2d || isDigit(b) || LITERALS[b])) return this.fail(chunk, i, 'a value');
    const kind = b === 0x7b ? 'object' : b === 0x5b ? 'array' : 'scalar';
    let descend = false;
    if (this.depth === this.tracked && this.captureDepth < 0) {
      const choice = this.handler.select([...this.path], kind);
      if (choice === 'capture') {
        this.captureDepth = this.depth;
        this.captureAt = i;
        this.captureParts = [];
        this.captureStart = this.offset + i;
      } else if (choice === 'descend' && kind !== 'scalar') {
        descend = true;
      }
    }
    if (kind !== 'scalar') {
      if (this.depth === this.stack.length) {
        const bigger = new Uint8Array(this.stack.length * 2);
        bigger.set(this.stack);
        this.stack = bigger;
      }
      this.stack[this.depth++] = kind === 'object' ? OBJ : ARR;
      if (descend) {
        this.tracked++;
        this.path.push(kind === 'object' ? '' : 0);
      }
      this.names[this.depth - 1] = descend && kind === 'object' ? new Set() : undefined;
      this.mode = kind === 'object' ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
    } else if (b === 0x22) {
      this.mode = STRING;
      this.isKey = false;
    } else if (b === 0x2d || isDigit(b)) {
      this.mode = NUMBER;
      this.num = b === 0x2d ? N_MINUS : b === 0x30 ? N_ZERO : N_INT;
    } else {
      this.mode = LITERAL;
      this.literal = LITERALS[b]!;
      this.literalAt = 1;
    }
  }

  private close(chunk: Uint8Array, i: number): void {
    this.depth--;
    if (this.depth < this.tracked) {
      this.tracked = this.depth;
      this.path.pop();
    }
    this.valueEnded(chunk, i + 1);
  }

  private endString(chunk: Uint8Array, end: number): void {
    if (!this.isKey) return this.valueEnded(chunk, end);
    this.isKey = false;
    this.mode = COLON;
    if (this.keyAt >= 0) {
      const text = joined(this.keyParts, chunk.subarray(this.keyAt, end));
      const name = JSON.parse(text) as string;
      const names = this.names[this.depth - 1];
      if (names?.has(name)) this.writtenTwice(name, this.keyStart);
      names?.add(name);
      this.path[this.depth - 1] = name;
      this.keyAt = -1;
      this.keyParts = [];
    }
  }

  /** A value ended just before `end` in `chunk`. */
  private valueEnded(chunk: Uint8Array, end: number): void {
    if (this.captureDepth === this.depth) {
      const text = joined(this.captureParts, chunk.subarray(this.captureAt, end));
      this.captureDepth = -1;
      this.captureAt = -1;
      this.captureParts = [];
      const value: unknown = JSON.parse(text);
      const twice = memberWrittenTwice(text, value);
      if (twice) this.writtenTwice(twice.name, this.captureStart + Buffer.byteLength(text.slice(0, twice.offset)));
      // A number JSON.parse did not read as written (1e309 as infinity, 18446744073709551615 as
      // ...616) would be carried forward as another value: refused, as every JSON reader refuses it.
      const inexact = numberNotExact(text, value, this.path.map((k) => `/${escapePointer(String(k))}`).join(''));
      if (inexact) {
        const at = this.captureStart + Buffer.byteLength(text.slice(0, inexact.offset));
        throw new JsonSyntaxError(`${inexact.message} (at byte ${at})`, inexact.message, at);
      }
      this.handler.captured([...this.path], value);
    }
    this.mode = this.depth === 0 ? DONE : AFTER;
  }

  private writtenTwice(name: string, at: number): never {
    const what = `member ${JSON.stringify(name)} is written twice in one object; JSON readers disagree on which value holds, so neither is taken`;
    throw new JsonSyntaxError(`${what} (at byte ${at})`, what, at);
  }

  private fail(chunk: Uint8Array, i: number, expected: string): never {
    const b = chunk[i]!;
    const shown = b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, '0')}`;
    throw new JsonSyntaxError(`Unexpected ${shown} at byte ${this.offset + i}; expected ${expected}`, `unexpected ${shown}; expected ${expected}`, this.offset + i);
  }
}

function joined(parts: Buffer[], last: Uint8Array): string {
  if (!parts.length) return Buffer.from(last.buffer, last.byteOffset, last.length).toString('utf8');
  return Buffer.concat([...parts, last]).toString('utf8');
}
