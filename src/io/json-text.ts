// The one reader of JSON inputs: UTF-8 only (src/io/utf8.ts), at most MAX_NESTING levels deep,
// and a syntax error becomes a UserError naming the file, line and column. JSON.parse itself
// reads any depth (it does not recurse), but everything after it (schema validation,
// JSON.stringify, the redaction walk) does, and would die with "Maximum call stack size
// exceeded" on a hostile document.
import { JsonSelector, JsonSyntaxError } from './json-select.js';
import { decimalMayReadAsOther, duplicateMember, inexactNumberAt, infiniteNumberAt, lineCol, MAX_NESTING, membersWritten, numberTooLarge, shapeOf, tooDeepAt } from './json-numbers.js';
import { UserError } from './errors.js';
import { readUserFile } from './file-queue.js';
import { decodeUtf8 } from './utf8.js';

// The checks live in json-numbers.ts; the names callers import from here stay here.
export { decimalReadAsOther, decimalReadAsOtherMessage, escapePointer, MAX_NESTING, memberWrittenTwice, numberNotExact, numberRounded, numberRoundedMessage, numberTooLarge, tooDeepAt } from './json-numbers.js';

function jsonSyntaxError(text: string, e: Error, file: string): UserError {
  // JSON.parse's messages quote the text around the error (which may hold a secret or control
  // bytes) and some give no position: the grammar checker of json-select names the byte instead.
  const bytes = Buffer.from(text, 'utf8');
  try {
    const checker = new JsonSelector({ select: () => 'skip', captured: () => undefined });
    checker.write(bytes);
    checker.end();
  } catch (found) {
    if (found instanceof JsonSyntaxError) {
      const where = lineCol(text, found.offset >= 0 ? bytes.subarray(0, found.offset).toString('utf8').length : text.length);
      return new UserError(`not valid JSON: ${found.detail}`, { file, where });
    }
  }
  const m = /at position (\d+)/.exec(e.message);
  const what = e.message.replace(/(,\s*".*" is not valid JSON|\s*in JSON at position \d+.*)$/s, '').replace(/^Unexpected/, 'unexpected');
  return new UserError(`not valid JSON: ${what}`, { file, where: m ? lineCol(text, Number(m[1])) : undefined });
}

/**
 * Parses JSON text (a leading byte-order mark is ignored); errors name the file, line and column.
 * A member name written twice in one object is refused: JSON.parse keeps the last value silently,
 * another reader may keep the first, so the document does not say which value holds (a lockout
 * threshold of 0 and of 3).
 */
export function parseJson(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    throw jsonSyntaxError(body, e as Error, file);
  }
  const shape = shapeOf(doc);
  if (shape.deeper) {
    throw new UserError(`nested deeper than ${MAX_NESTING} levels of objects and arrays; no input of this tool needs that many`, { file, where: lineCol(body, Math.max(0, tooDeepAt(body))) });
  }
  // A number beyond a double's range (1e309) parses as Infinity, which JSON cannot write back:
  // every copy would say null, and a comparison (at-least) would pass on it. No setting is that large.
  if (shape.overflow) {
    const m = infiniteNumberAt(body);
    throw new UserError(numberTooLarge(m ? m.token : ''), { file, ...(m ? { where: lineCol(body, m.offset) } : {}) });
  }
  // An integer beyond 2^53 read as another, or a decimal read as an integer it is not (a stored
  // snapshot's "lockoutThreshold": 2.9999999999999999 read as 3, 1e-400 as 0): refused, as ingest does.
  if (shape.large || (shape.integral && decimalMayReadAsOther(body))) {
    const r = inexactNumberAt(body);
    if (r) throw new UserError(r.message, { file, where: lineCol(body, r.offset) });
  }
  // Fewer members parsed than written: a name was written twice in some object.
  if (shape.members !== 0 && shape.members !== membersWritten(body)) {
    const dup = duplicateMember(body);
    if (dup) throw new UserError(`member ${JSON.stringify(dup.name)} is written twice in one object; JSON readers disagree on which value holds, so neither is taken`, { file, where: lineCol(body, dup.offset) });
  }
  return doc;
}

/** Decodes (UTF-8 only) and parses a JSON document's bytes. */
export function parseJsonBytes(bytes: Uint8Array, file: string): unknown {
  return parseJson(decodeUtf8(bytes, file, 'JSON'), file);
}

/** Reads and parses a JSON file the user named. */
export function readJsonFile(file: string): unknown {
  return parseJsonBytes(readUserFile(file), file);
}
