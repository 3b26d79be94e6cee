// The one reader of YAML inputs (of which JSON is a subset): the check catalog, the system
// description, vendor capabilities, attestations. UTF-8 only, at most MAX_YAML_BYTES, at most
// MAX_NESTING levels deep, and aliases may repeat a value but not blow the document up: 300
// aliases of a 2 MB string load as 300 references, and the first JSON.stringify of it dies with
// "Invalid string length". A syntax error becomes a UserError naming the file and line.
import { CORE_SCHEMA, EVENT_ID, floatCoreTag, getScalarValue, intCoreTag, load, NOT_RESOLVED, parseEvents, SCALAR_STYLE, YAMLException } from 'js-yaml';
import { UserError } from './errors.js';
import { decimalReadAsOther, escapePointer, MAX_NESTING } from './json-numbers.js';
import { readUserFile, type ReadLimit } from './file-queue.js';
import { decodeUtf8 } from './utf8.js';

/**
 * The largest YAML input, as written and as expanded through its aliases (characters of text
 * plus one per value). Such files are written by people: the bundled check catalog is 160 KB.
 */
export const MAX_YAML_BYTES = 16 * 2 ** 20;

class TooLarge extends Error {}
class Cycle extends Error {}
/** A number beyond 2^53 (message: its JSON pointer). */
class Rounded extends Error {}

/** Walks the loaded value as JSON.stringify would (aliases counted each time), within the bounds. */
function checkExpansion(v: unknown): void {
  let size = 0;
  const open = new Set<object>();
  const keys: string[] = [];
  const walk = (x: unknown, depth: number): void => {
    if (typeof x === 'string') size += x.length + 1;
    else size += 1;
    if (size > MAX_YAML_BYTES) throw new TooLarge();
    // Beyond 2^53 a number reads as the nearest double (18446744073709551615 as ...616): the
    // value written is not known, and the loaded document no longer holds its text to tell.
    if (typeof x === 'number' && Number.isFinite(x) && Math.abs(x) > Number.MAX_SAFE_INTEGER) throw new Rounded(keys.map((k) => `/${escapePointer(k)}`).join(''));
    if (typeof x !== 'object' || x === null) return;
    if (open.has(x)) throw new Cycle();
    if (depth >= MAX_NESTING) throw new TooLarge('depth');
    open.add(x);
    const entries: Array<[string, unknown]> = Array.isArray(x) ? x.map((e, i) => [String(i), e]) : Object.entries(x);
    for (const [k, e] of entries) {
      if (!Array.isArray(x)) size += k.length;
      keys.push(k);
      walk(e, depth + 1);
      keys.pop();
    }
    open.delete(x);
  };
  walk(v, 0);
}

/** "line 12" of the first alias, to point at. */
function firstAlias(text: string): string | undefined {
  try {
    const alias = parseEvents(text, { maxDepth: MAX_NESTING }).find((e) => e.type === EVENT_ID.ALIAS) as { anchorStart: number } | undefined;
    if (!alias) return undefined;
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < alias.anchorStart; i = text.indexOf('\n', i + 1)) line++;
    return `line ${line}`;
  } catch {
    return undefined;
  }
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

// A number's shape standing alone in the text: only when one of them is refused is the document
// parsed again (to find whether it is a plain scalar, not inside quotes or a comment, and its line),
// so a catalog of 160 KB is not parsed twice for its dates and versions.
const NUMBER_TOKEN = /(?<![\w.+-])[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\w.])/g;

/**
 * A plain scalar the YAML reader turns into a number that is not what the text says, as the
 * message to refuse it with: a decimal read as an integer it is not (2.9999999999999999 as 3,
 * 1e-400 as 0, decimalReadAsOther as for JSON), or an integer with a leading zero (017), which
 * YAML 1.2 reads as 17 and YAML 1.1 (and most writers of it) as octal 15.
 */
function misreadNumber(source: string): string | undefined {
  const int = intCoreTag.resolve(source, false, intCoreTag.tagName);
  if (int !== NOT_RESOLVED) {
    if (/^[+-]?0[0-9]/.test(source)) return `the number ${source.slice(0, 40)} has a leading zero: YAML 1.2 reads it as ${int}, YAML 1.1 as an octal number; it is refused rather than read as either (write the number without the zero, or quote a text)`;
    return undefined;
  }
  const n = floatCoreTag.resolve(source, false, floatCoreTag.tagName);
  if (n === NOT_RESOLVED || typeof n !== 'number') return undefined;
  // As JSON would write it: no sign '+', a digit before and after a point.
  const token = source.replace(/^\+/, '').replace(/^(-?)\./, '$10.').replace(/\.(?=[eE]|$)/, '');
  if (!decimalReadAsOther(token, n)) return undefined;
  return `the number ${source.slice(0, 40)} reads as the integer ${n === 0 ? 0 : n}, which it is not (a YAML number reads as the nearest double, about 16 digits); it is refused rather than read as that (a text belongs in quotes)`;
}

/** The first plain scalar `misreadNumber` refuses, with its line. */
function firstMisreadNumber(body: string): { message: string; line: number } | undefined {
  let any = false;
  for (const m of body.matchAll(NUMBER_TOKEN)) if ((any = misreadNumber(m[0]) !== undefined)) break;
  if (!any) return undefined;
  for (const e of parseEvents(body, { maxDepth: MAX_NESTING })) {
    if (e.type !== EVENT_ID.SCALAR || e.style !== SCALAR_STYLE.PLAIN) continue;
    // An explicit tag other than a number's (!!str 017) says what the text is.
    if (e.tagStart !== -1 && !/(?:int|float)$/.test(body.slice(e.tagStart, e.tagEnd))) continue;
    const message = misreadNumber(body.slice(e.valueStart, e.valueEnd));
    if (message) return { message, line: lineAt(body, e.valueStart) };
  }
  return undefined;
}

/** Parses YAML or JSON text (a leading byte-order mark is ignored). `kind` names the syntax in the message. */
export function parseYamlText(text: string, file: string, kind = 'YAML or JSON', options: { core?: boolean } = {}): unknown {
  if (text.length > MAX_YAML_BYTES) throw new UserError(`is larger than ${MAX_YAML_BYTES / 2 ** 20} MiB, the most a ${kind} input may be`, { file });
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = load(body, { maxDepth: MAX_NESTING, ...(options.core ? { schema: CORE_SCHEMA } : {}) });
  } catch (e) {
    if (e instanceof YAMLException) {
      const reason = /maxDepth/.test(e.reason) ? `nested deeper than ${MAX_NESTING} levels` : e.reason;
      throw new UserError(`not valid ${kind}: ${reason}`, { file, where: e.mark ? `line ${e.mark.line + 1}` : undefined });
    }
    throw e;
  }
  const misread = firstMisreadNumber(body);
  if (misread) throw new UserError(misread.message, { file, where: `line ${misread.line}` });
  try {
    checkExpansion(doc);
  } catch (e) {
    if (e instanceof Rounded) throw new UserError(`the number at ${e.message || 'the top level'} is beyond 2^53 (9007199254740991), where a number reads as the nearest double, not as written: refused rather than read as another value (an identifier or a 64-bit value belongs in quotes)`, { file });
    if (e instanceof Cycle) throw new UserError(`an alias refers to a value that contains it, which makes the ${kind} document infinite`, { file, where: firstAlias(body) });
    if (e instanceof TooLarge) {
      const what = e.message === 'depth' ? `nested deeper than ${MAX_NESTING} levels through its aliases` : `expands through its aliases to more than ${MAX_YAML_BYTES / 2 ** 20} MiB`;
      throw new UserError(`${what}: aliases may repeat a value, not multiply the document`, { file, where: firstAlias(body) });
    }
    throw e;
  }
  return doc;
}

/** Decodes (UTF-8 only) and parses a YAML document's bytes. */
export function parseYamlBytes(bytes: Uint8Array, file: string, kind = 'YAML or JSON', options: { core?: boolean } = {}): unknown {
  if (bytes.length > MAX_YAML_BYTES) throw new UserError(`is larger than ${MAX_YAML_BYTES / 2 ** 20} MiB, the most a ${kind} input may be`, { file });
  return parseYamlText(decodeUtf8(bytes, file, kind), file, kind, options);
}

/** The ReadLimit of a YAML input: refused on its size before a byte is read. */
export function yamlReadLimit(kind = 'YAML or JSON'): ReadLimit {
  return { bytes: MAX_YAML_BYTES, what: `${MAX_YAML_BYTES / 2 ** 20} MiB, the most a ${kind} input may be` };
}

/** Reads and parses a YAML file the user named. */
export function readYamlFile(file: string, kind = 'YAML or JSON', options: { core?: boolean } = {}): unknown {
  return parseYamlBytes(readUserFile(file, yamlReadLimit(kind)), file, kind, options);
}

/**
 * The source text of each plain scalar value by JSON pointer (keys escaped as escapePointer does),
 * with its line. Keys, quoted or block scalars, aliases and values under a key that is itself a
 * collection are left out: only a plain scalar can be read as a number other than its text.
 */
function plainValueSources(body: string): Map<string, { text: string | undefined; line: number }> {
  type Frame = { kind: 'doc' | 'seq' | 'map'; path: string; index: number; key: string | undefined; awaitingKey: boolean; childIsKey: boolean };
  const out = new Map<string, { text: string | undefined; line: number }>();
  const stack: Frame[] = [];
  // Where the next value goes: undefined while a key is being read (or under a complex key).
  const place = (): string | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return undefined;
    if (top.kind === 'doc') return top.path;
    if (top.kind === 'seq') return `${top.path}/${top.index}`;
    return top.awaitingKey || top.key === undefined ? undefined : `${top.path}/${escapePointer(top.key)}`;
  };
  const advance = (keyText: string | undefined): void => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.kind === 'seq') top.index++;
    else if (top.kind === 'map') {
      if (top.awaitingKey) {
        top.key = keyText;
        top.awaitingKey = false;
      } else top.awaitingKey = true;
    }
  };
  for (const e of parseEvents(body, { maxDepth: MAX_NESTING })) {
    const top = stack[stack.length - 1];
    const isKey = top?.kind === 'map' && top.awaitingKey;
    if (e.type === EVENT_ID.DOCUMENT) stack.push({ kind: 'doc', path: '', index: 0, key: undefined, awaitingKey: false, childIsKey: false });
    else if (e.type === EVENT_ID.SEQUENCE || e.type === EVENT_ID.MAPPING) {
      if (top) top.childIsKey = isKey;
      stack.push({ kind: e.type === EVENT_ID.SEQUENCE ? 'seq' : 'map', path: isKey ? '\0' : (place() ?? '\0'), index: 0, key: undefined, awaitingKey: true, childIsKey: false });
    } else if (e.type === EVENT_ID.POP) {
      stack.pop();
      const parent = stack[stack.length - 1];
      // A collection as a key leaves no key a pointer can name.
      if (parent) advance(parent.childIsKey ? undefined : '');
    } else if (e.type === EVENT_ID.ALIAS) {
      // A value reached through an alias has no text of its own here: its line (of "*name") is kept,
      // for a refusal to name where to quote.
      const at = isKey ? undefined : place();
      if (at !== undefined && !at.includes('\0')) out.set(at, { text: undefined, line: lineAt(body, e.anchorStart) });
      advance(undefined);
    }
    else if (e.type === EVENT_ID.SCALAR) {
      if (isKey) advance(getScalarValue(body, e));
      else {
        const at = place();
        if (at !== undefined && !at.includes('\0') && e.style === SCALAR_STYLE.PLAIN) out.set(at, { text: body.slice(e.valueStart, e.valueEnd), line: lineAt(body, e.valueStart) });
        advance('');
      }
    }
  }
  return out;
}

/**
 * Why a value where text belongs is not text, with what to do: a boolean (`statement: true`, read
 * as "missing or empty" before, or dropped where the field is optional), a list or a mapping.
 * Undefined for text, a number (numberTextReader keeps it as written) and nothing (null, absent).
 */
export function notTextMessage(key: string, v: unknown): string | undefined {
  if (typeof v === 'boolean') return `"${key}" is text, but YAML reads ${v} there as a boolean: quote it ("${v}") if that is the text meant`;
  if (Array.isArray(v)) return `"${key}" is text, but a list is given there`;
  if (typeof v === 'object' && v !== null) return `"${key}" is text, but a mapping is given there (a value holding ": " must be quoted)`;
  return undefined;
}

/**
 * Reads a field that is text where YAML loaded a number: `version: 1.10` loads as 1.1, `0o17` as
 * 15, `1e3` as 1000, and stating that as what the user wrote would be false. Returns the scalar as
 * written (1.10); where that cannot be found (an alias), refuses it, naming the line where known,
 * with advice to quote it. `text` is the whole file as given to parseYamlText. The document is
 * parsed again only when a reader meets a number where text belongs.
 */
export function numberTextReader(text: string, file: string): (value: number, pointer: string, key: string) => string {
  let sources: Map<string, { text: string | undefined; line: number }> | undefined;
  return (value, pointer, key) => {
    sources ??= plainValueSources(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    const at = pointer.replace(/^\/\//, '/');
    const src = sources.get(at);
    // The text found must load as this very number, or it is not the value read.
    if (src?.text !== undefined) {
      const back = intCoreTag.resolve(src.text, false, intCoreTag.tagName);
      const n = back !== NOT_RESOLVED ? back : floatCoreTag.resolve(src.text, false, floatCoreTag.tagName);
      if (n !== NOT_RESOLVED && Number(n) === value) return src.text;
    }
    const alias = src !== undefined && src.text === undefined ? ', reached through an alias' : '';
    throw new UserError(`"${key}" is text, but YAML reads ${String(value)} there as a number${alias}, which need not be what was written (1.10 reads as 1.1, 0o17 as 15): quote it ("…") to keep the text as written`, { file, where: src ? `line ${src.line} (${at})` : at });
  };
}
