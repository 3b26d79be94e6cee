// Checks of JSON text that JSON.parse cannot make: a number not read as written (beyond a
// double's range, an integer beyond 2^53, a decimal read as an integer it is not), a member name
// written twice, nesting too deep, and where in the text each is. The whole-file reader
// (json-text.ts), the chunked reader (json-select.ts) and the YAML and ingest readers share them;
// kept apart from json-text.ts, whose syntax errors use json-select's grammar checker.

/** A number beyond a double's range (1e309, read as Infinity), as every JSON reader of the tool says it. */
export const numberTooLarge = (token: string): string => `the number ${token.slice(0, 40)} is too large for any value (beyond about 1.8e308, it reads as infinity)`;

/** One member name or index as a JSON pointer segment (RFC 6901). */
export const escapePointer = (seg: string): string => seg.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Whether the JSON integer `token` (digits alone) reads as a double `n` of another value: beyond
 * 2^53 doubles are 2 or more apart, so 18446744073709551615 (a QWORD's -1, "no limit") reads as
 * 18446744073709551616 and 9007199254740993 as ...992, silently. A number written with a fraction
 * or an exponent (1.7e308) is a decimal, read as the nearest double as every JSON reader does.
 */
export function numberRounded(token: string, n: number): boolean {
  if (!Number.isFinite(n) || Math.abs(n) <= Number.MAX_SAFE_INTEGER || !/^-?[0-9]+$/.test(token)) return false;
  return BigInt(token) !== BigInt(n);
}

/**
 * Whether the JSON number `token`, written with a fraction or an exponent, reads as an integer `n`
 * within 2^53 it is not: a double holds about 16 digits, so 14.9999999999999999 reads as 15 and
 * 1e-400 as 0; an integer setting read from it would be a value the file does not state. A decimal
 * that is the integer (15.0, 1.5e1, 150e-1) is not one, nor is a number beyond 2^53 (1e300: a
 * double written shortest, as ConvertTo-Json writes one, is a decimal read as the nearest double).
 * Within 2^53 no writer of a double writes an integer so: it writes its digits.
 */
export function decimalReadAsOther(token: string, n: number): boolean {
  if (!Number.isInteger(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER || /^-?[0-9]+$/.test(token)) return false;
  const m = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(token);
  if (!m) return false;
  const written = (m[1]! + (m[2] ?? '')).replace(/^0+/, '');
  if (written === '') return false; // zero, read as zero
  const digits = written.replace(/0+$/, '');
  const exp = Number(m[3] ?? 0) - (m[2]?.length ?? 0) + (written.length - digits.length);
  // Digits left after the point, none of them a trailing zero: the value has a fraction.
  if (exp < 0) return true;
  // n is within 2^53 (16 digits): a longer integer is another.
  if (digits.length + exp > 16) return true;
  return BigInt(digits) * 10n ** BigInt(exp) !== BigInt(Math.abs(n));
}

/** The message for a number `decimalReadAsOther` finds, naming its JSON pointer. */
export const decimalReadAsOtherMessage = (token: string, pointer: string, n: number): string => {
  return `the number ${token.slice(0, 40)} at ${pointer === '' ? 'the top level' : pointer} reads as the integer ${n === 0 ? 0 : n}, which it is not (a JSON number reads as the nearest double, about 16 digits); it is refused rather than read as that`;
};

/** The message for a number `numberRounded` finds, naming its JSON pointer. */
export const numberRoundedMessage = (token: string, pointer: string, n: number): string =>
  `the integer ${token.slice(0, 40)} at ${pointer === '' ? 'the top level' : pointer} cannot be read exactly: beyond 2^53 (9007199254740991) a JSON number reads as the nearest double, here ${BigInt(n)}, another value; it is refused rather than read as that (an identifier or a 64-bit value belongs in a string)`;

/**
 * Deepest nesting of objects and arrays accepted in any JSON or YAML input. Snapshots and OSCAL
 * documents stay under 20; the code that walks documents recursively is safe far beyond this.
 */
export const MAX_NESTING = 256;

/** Line and column of a character offset. */
export function lineCol(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** Offset of the bracket that opens level MAX_NESTING + 1, or -1 (strings are skipped with indexOf). */
export function tooDeepAt(text: string, max = MAX_NESTING): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const j = stringEnd(text, i);
      if (j === -1) return -1; // unterminated: JSON.parse reports it
      i = j;
    } else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return -1;
}

/**
 * Whether a parsed value nests objects and arrays deeper than `max`, and how many members its
 * objects hold. Iterative (it must not recurse itself) and over containers only: several times
 * faster than scanning the text, which is left to the error path, to name the line.
 */
export function shapeOf(root: unknown, max = MAX_NESTING): { deeper: boolean; members: number; overflow?: boolean; large?: boolean; integral?: boolean } {
  let members = 0;
  let overflow = false;
  // A number beyond 2^53 may have been rounded: the text is read again (error path) to tell.
  let large = typeof root === 'number' && Math.abs(root) > Number.MAX_SAFE_INTEGER;
  // An integer within 2^53 may have been written as a decimal it is not (1e-400, 2.9999999999999999).
  let integral = Number.isInteger(root) && !large;
  if (typeof root === 'number' && !Number.isFinite(root)) return { deeper: false, members, overflow: true };
  if (typeof root !== 'object' || root === null) return { deeper: false, members, ...(large ? { large } : {}), ...(integral ? { integral } : {}) };
  const stack: object[] = [root];
  const depths: number[] = [1];
  while (stack.length) {
    const v = stack.pop()!;
    const d = depths.pop()!;
    if (d > max) return { deeper: true, members };
    if (Array.isArray(v)) {
      for (const x of v) {
        if (typeof x === 'object' && x !== null) {
          stack.push(x);
          depths.push(d + 1);
        } else if (typeof x === 'number') {
          if (Math.abs(x) <= Number.MAX_SAFE_INTEGER) integral ||= Number.isInteger(x);
          else if (Number.isFinite(x)) large = true;
          else overflow = true;
        }
      }
    } else {
      for (const k in v) {
        members++;
        const x = (v as Record<string, unknown>)[k];
        if (typeof x === 'object' && x !== null) {
          stack.push(x);
          depths.push(d + 1);
        } else if (typeof x === 'number') {
          if (Math.abs(x) <= Number.MAX_SAFE_INTEGER) integral ||= Number.isInteger(x);
          else if (Number.isFinite(x)) large = true;
          else overflow = true;
        }
      }
    }
  }
  return { deeper: false, members, ...(overflow ? { overflow } : {}), ...(large ? { large } : {}), ...(integral ? { integral } : {}) };
}

/**
 * The closing quote of the string opening at `q` (one not preceded by an odd number of
 * backslashes), or -1 when the text ends first.
 */
function stringEnd(text: string, q: number): number {
  let j = q;
  for (;;) {
    j = text.indexOf('"', j + 1);
    if (j === -1) return -1;
    let k = j - 1;
    while (text.charCodeAt(k) === 92) k--;
    if ((j - 1 - k) % 2 === 0) return j;
  }
}

/**
 * Whether some decimal the text writes may read as an integer it is not: a cheap look before the
 * exact scan (inexactNumberAt), which tracks strings and pointers. Most snapshots write decimals
 * (sizes, versions in strings) and none that reads as another: the exact scan on each doubled
 * JSON.parse's time (0.16 -> 0.37 ms per 40 KB snapshot).
 *
 * It looks at each number written with a point or an exponent where a value starts (after ':', ','
 * or '[' and blanks, or at the text's start; inside a string it is a false alarm the exact scan
 * then clears). Such a number shows as a '.', 'e' or 'E' right after a digit, so only those places
 * are read back to the number's start: a regular expression matching every number where a value
 * starts (integers too) cost each snapshot a pass of the regexp engine over every character, half
 * JSON.parse's own time (0.46 s of `diff`'s 2,000 snapshots).
 */
export function decimalMayReadAsOther(text: string): boolean {
  // indexOf and a regular expression starting with a digit skip through the text far faster than a
  // loop over its characters (which cost as much as the regular expression it replaced).
  const dots = new NumberStarts(text);
  for (let i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) if (i > 0 && isDigit(text.charCodeAt(i - 1)) && dots.decimalAt(i)) return true;
  const exponents = new NumberStarts(text);
  DIGIT_EXPONENT.lastIndex = 0;
  for (let m = DIGIT_EXPONENT.exec(text); m !== null; m = DIGIT_EXPONENT.exec(text)) if (exponents.decimalAt(m.index + 1)) return true;
  return false;
}

/** A digit, then the 'e' or 'E' of an exponent. */
const DIGIT_EXPONENT = /[0-9][eE]/g;

/**
 * The numbers holding the '.' or exponent marks of a text, asked in the text's order: each mark is
 * read back to where its run of digits and points starts, and no further than the mark asked before
 * it when the run reaches it (then it is that mark's number, already judged). A string of "1.1.1…"
 * read back from every point was quadratic: 20,000 points took 3.7 s.
 */
class NumberStarts {
  private lastMark = -1;
  private lastStart = -1;

  constructor(private readonly text: string) {}

  /** Whether the number holding the mark at `mark` (a digit before it) starts where a value does and is a decimal read as an integer it is not. */
  decimalAt(mark: number): boolean {
    const text = this.text;
    // Back over the digits and points before it (a number starts where such a run does), and its sign.
    let start = mark - 1;
    while (start > 0 && (isDigit(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 46)) {
      if (start - 1 === this.lastMark) {
        // The run of the mark asked before: the same number, judged already (not a decimal read as another, or the look had stopped).
        this.lastMark = mark;
        return false;
      }
      start--;
    }
    if (start > 0 && text.charCodeAt(start - 1) === 45 /* - */) start--;
    this.lastMark = mark;
    if (start === this.lastStart) return false;
    this.lastStart = start;
    // Where a value starts: blanks (as \s reads them), then ':', ',', '[' or the text's start.
    let before = start - 1;
    while (before >= 0 && isBlank(text, before)) before--;
    if (before >= 0) {
      const b = text.charCodeAt(before);
      if (b !== 58 /* : */ && b !== 44 /* , */ && b !== 91 /* [ */) return false;
    }
    NUMBER_TOKEN.lastIndex = start;
    const m = NUMBER_TOKEN.exec(text);
    return m !== null && decimalReadAsOther(m[0], Number(m[0]));
  }
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const BLANK = /\s/;
/** A character \s matches (the look-up is only made where a decimal may start). */
function isBlank(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && BLANK.test(text[at]!));
}

/** A JSON number token, read at a given offset (sticky). */
const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The first number written outside strings that reads as infinity (1e309), with its offset; error
 * path only. Strings are skipped: a text such as "password=Zq7e4455" holds no number, and quoting
 * a piece of it would put a secret into the message and name the wrong place.
 */
export function infiniteNumberAt(text: string): { offset: number; token: string } | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const j = stringEnd(text, i);
      if (j === -1) return undefined;
      i = j;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER_TOKEN.lastIndex = i;
      const m = NUMBER_TOKEN.exec(text);
      if (m === null) continue;
      if (!Number.isFinite(Number(m[0]))) return { offset: i, token: m[0] };
      i += m[0].length - 1;
    }
  }
  return undefined;
}

/**
 * Walks the numbers written in `text` (JSON that JSON.parse accepted), strings skipped and containers
 * tracked for each number's JSON pointer; `visit` returning true stops the walk. Error path and
 * params files only: the hot readers keep their own unrolled loops.
 */
function walkNumbersWritten(text: string, visit: (token: string, offset: number, pointer: () => string) => boolean | void): void {
  const keys: Array<string | number> = [];
  const pointer = () => keys.map((k) => `/${escapePointer(String(k))}`).join('');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const j = stringEnd(text, i);
      if (j === -1) return;
      if (typeof keys.at(-1) === 'string' && text.charCodeAt(skipBlank(text, j + 1)) === 58) keys[keys.length - 1] = JSON.parse(text.slice(i, j + 1)) as string;
      i = j;
    } else if (c === 123 || c === 91) keys.push(c === 91 ? 0 : '');
    else if (c === 125 || c === 93) keys.pop();
    else if (c === 44 && typeof keys.at(-1) === 'number') keys[keys.length - 1] = (keys.at(-1) as number) + 1;
    else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER_TOKEN.lastIndex = i;
      const m = NUMBER_TOKEN.exec(text);
      if (m === null) continue;
      if (visit(m[0], i, pointer) === true) return;
      i += m[0].length - 1;
    }
  }
}

/**
 * The first number written that `numberRounded` or `decimalReadAsOther` finds, with its offset and
 * the message naming its JSON pointer (`at`: the pointer of `text` in its document); error path only.
 */
export function inexactNumberAt(text: string, at = ''): { offset: number; message: string } | undefined {
  let found: { offset: number; message: string } | undefined;
  walkNumbersWritten(text, (token, offset, pointer) => {
    const n = Number(token);
    if (numberRounded(token, n)) found = { offset, message: numberRoundedMessage(token, at + pointer(), n) };
    else if (decimalReadAsOther(token, n)) found = { offset, message: decimalReadAsOtherMessage(token, at + pointer(), n) };
    return found !== undefined;
  });
  return found;
}

/**
 * Every number as written in `text` (JSON that JSON.parse accepted), by its JSON pointer: "1.50",
 * "1e3", "0.1000", where JSON.parse gives 1.5, 1000 and 0.1. A reader of a field that is text keeps
 * the text the user wrote, never the number's shortest spelling.
 */
export function numbersWritten(text: string): Map<string, string> {
  const out = new Map<string, string>();
  walkNumbersWritten(text, (token, _offset, pointer) => {
    out.set(pointer(), token);
  });
  return out;
}

/** Offset of the first non-blank character at or after `i`. */
function skipBlank(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  return i;
}

/**
 * Member names written in the text (each string followed by ':'), counted without building
 * anything. Only for text JSON.parse accepted: every double quote outside a string opens one.
 */
export function membersWritten(text: string): number {
  let n = 0;
  for (let q = text.indexOf('"'); q !== -1; ) {
    const end = stringEnd(text, q);
    if (end === -1) break;
    const after = skipBlank(text, end + 1);
    if (text.charCodeAt(after) === 58 /* : */) n++;
    q = text.indexOf('"', after);
  }
  return n;
}

/** The first member name written twice in one object: its offset and name (error path only). */
export function duplicateMember(text: string): { offset: number; name: string } | undefined {
  const objects: Array<Set<string> | undefined> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) objects.push(new Set());
    else if (c === 91 /* [ */) objects.push(undefined);
    else if (c === 125 || c === 93) objects.pop();
    else if (c === 34) {
      const end = stringEnd(text, i);
      if (end === -1) break;
      const names = objects.at(-1);
      if (names && text.charCodeAt(skipBlank(text, end + 1)) === 58) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (names.has(name)) return { offset: i, name };
        names.add(name);
      }
      i = end;
    }
  }
  return undefined;
}

/**
 * The first member name written twice in one object of `text` (JSON that JSON.parse read as
 * `value`): its offset (characters) and name; undefined when every name is written once. The
 * chunked reader (json-select.ts) asks it of each value it captures.
 */
export function memberWrittenTwice(text: string, value: unknown): { offset: number; name: string } | undefined {
  const shape = shapeOf(value, Infinity);
  return shape.members !== 0 && shape.members !== membersWritten(text) ? duplicateMember(text) : undefined;
}

/**
 * The first number of `text` (JSON that JSON.parse read as `value`) that is not read as written: one
 * beyond a double's range (read as infinity), an integer beyond 2^53 read as another (`numberRounded`)
 * or a decimal read as an integer it is not (`decimalReadAsOther`),
 * with its offset (characters) and the message every JSON reader gives; `at` is the JSON pointer of
 * `text` in its document. The chunked reader (json-select.ts) asks it of each value it captures.
 */
export function numberNotExact(text: string, value: unknown, at = ''): { offset: number; message: string } | undefined {
  const shape = shapeOf(value, Infinity);
  if (shape.overflow) {
    const m = infiniteNumberAt(text);
    return { offset: m?.offset ?? 0, message: numberTooLarge(m ? m.token : '') };
  }
  if (shape.large || (shape.integral && decimalMayReadAsOther(text))) {
    const r = inexactNumberAt(text, at);
    if (r) return r;
  }
  return undefined;
}
