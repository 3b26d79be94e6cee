// A JSON parser that records the line of every value by JSON pointer, so that values read from
// JSON exports (Get-MpComputerStatus, the vendor settings file, the manifest) carry a line in
// their provenance, and syntax errors name the line. Strict JSON (RFC 8259); a leading BOM is ignored.
import { UserError } from '../io/errors.js';
import { decimalReadAsOther, decimalReadAsOtherMessage, escapePointer, numberRounded, numberRoundedMessage, numberTooLarge } from '../io/json-numbers.js';

export { escapePointer };

/** Deepest nesting read in a JSON export (ConvertTo-Json writes at most 100 levels, -Depth's limit). */
const MAX_EXPORT_NESTING = 200;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface LocatedJson {
  value: JsonValue;
  /** 1-based line on which the value at a JSON pointer starts ("" is the root). */
  lineOf(pointer: string): number | undefined;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The largest JSON export read, in characters. Get-MpComputerStatus, Get-MpPreference, the
 * Winlogon values, collection.json and vendor settings are kilobytes; a 50 MB defender.json took
 * 50 s and 1.3 GB to read, to no use.
 */
export const MAX_JSON_EXPORT_CHARS = 16 * 2 ** 20;

/** The refusal of a JSON export over MAX_JSON_EXPORT_CHARS: it quotes nothing of the file, so ingest need not scan the file's secrets to mask it (36 s for 50 MB). */
export class JsonExportTooLarge extends UserError {}

/** A JSON export that does not read as JSON (a syntax error, nesting past MAX_EXPORT_NESTING): its message quotes one character at most. */
export class JsonUnreadable extends UserError {}

export function parseJsonLocated(text: string, file: string): LocatedJson {
  if (text.length > MAX_JSON_EXPORT_CHARS) throw new JsonExportTooLarge(`is ${(text.length / 2 ** 20).toFixed(1)} MiB of JSON, more than the ${MAX_JSON_EXPORT_CHARS / 2 ** 20} MiB any JSON export may be (the console's are a few KB): not an export as the console writes it`, { file });
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const lines = new Map<string, number>();
  const len = text.length;

  const fail = (what: string): never => {
    // One character, never the text that follows: a syntax error can sit inside a value that is a
    // secret (a bind password written without quotes), and this message reaches reports
    // (assess --keep-going names the unreadable input and why).
    const cp = text.codePointAt(i) ?? 0;
    const found = i >= len ? 'end of file' : cp >= 0x20 && cp < 0x7f ? `'${String.fromCodePoint(cp)}'` : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new JsonUnreadable(`not valid JSON: expected ${what}, found ${found}`, { file, where: `line ${line}` });
  };
  const ws = (): void => {
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c === 13) {
        if (text.charCodeAt(i + 1) !== 10) line++;
      } else if (c !== 32 && c !== 9) break;
      i++;
    }
  };
  const str = (): string => {
    // at opening quote
    i++;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= len) fail('a closing double quote');
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c === 92) {
        out += text.slice(start, i);
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('four hex digits after \\u');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            i -= 2;
            fail('a valid escape sequence');
        }
        start = i;
        continue;
      }
      if (c < 32) fail('no raw control character inside a string');
      i++;
    }
  };
  const value = (ptr: string, depth: number): JsonValue => {
    if (depth > MAX_EXPORT_NESTING) throw new JsonUnreadable(`nested deeper than ${MAX_EXPORT_NESTING} levels of objects and arrays; no export is nested that deep`, { file, where: `line ${line}` });
    ws();
    lines.set(ptr, line);
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [k: string]: JsonValue } = {};
      // The line of each name, by its lower case: see below.
      const nameLines = new Map<string, number>();
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        const nameLine = line;
        const k = str();
        // JSON.parse would keep the last value silently; another reader may keep the first.
        // Names equal but for case are refused too: PowerShell's property names ignore case, so
        // ConvertTo-Json never writes both "AntivirusEnabled" and "antivirusEnabled" (the file was
        // edited or joined), and a reader matching one spelling (or either, as PSComputerName is
        // found) would take one of them silently.
        if (Object.hasOwn(obj, k)) throw new UserError(`member ${JSON.stringify(k)} is written twice in one object; JSON readers disagree on which value holds, so neither is taken`, { file, where: `line ${nameLine}` });
        const folded = k.toLowerCase();
        const firstLine = nameLines.get(folded);
        if (firstLine !== undefined) {
          const first = Object.keys(obj).find((n) => n.toLowerCase() === folded) ?? '';
          throw new UserError(`member ${JSON.stringify(k)} is written twice in one object, also as ${JSON.stringify(first)} on line ${firstLine}: the names differ only in case, which PowerShell does not tell apart (ConvertTo-Json never writes both), so which value holds would be a guess and neither is taken`, { file, where: `line ${nameLine}` });
        }
        nameLines.set(folded, nameLine);
        ws();
        if (text[i] !== ':') fail("':' after a property name");
        i++;
        Object.defineProperty(obj, k, { value: value(`${ptr}/${escapePointer(k)}`, depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(`${ptr}/${arr.length}`, depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail("',' or ']'");
      }
    }
    if (c === '"') return str();
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m && m[0].length > 0) {
      const n = Number(m[0]);
      // 1e309 reads as Infinity, which JSON writes back as null: no export value is that large.
      if (!Number.isFinite(n)) throw new UserError(numberTooLarge(m[0]), { file, where: `line ${line}` });
      if (numberRounded(m[0], n)) throw new UserError(numberRoundedMessage(m[0], ptr, n), { file, where: `line ${line}` });
      if (decimalReadAsOther(m[0], n)) throw new UserError(decimalReadAsOtherMessage(m[0], ptr, n), { file, where: `line ${line}` });
      i += m[0].length;
      return n;
    }
    if (c === 't' && text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (c === 'f' && text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (c === 'n' && text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    return fail('a JSON value');
  };
  const root = value('', 0);
  ws();
  if (i < len) fail('end of file after the top-level value');
  return { value: root, lineOf: (p) => lines.get(p) };
}

export function isObject(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
