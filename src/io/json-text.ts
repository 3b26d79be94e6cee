// Parsing JSON text: a syntax error becomes a UserError naming the file, line and column.
import { UserError } from './errors.js';

/** Line and column of a character offset, for JSON syntax errors. */
function lineCol(text: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return `line ${line}, column ${col}`;
}

function jsonSyntaxError(text: string, e: Error, file: string): UserError {
  const m = /position (\d+)/.exec(e.message);
  const where = m ? lineCol(text, Number(m[1])) : undefined;
  const what = e.message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected/, 'unexpected');
  return new UserError(`not valid JSON: ${what}`, { file, where });
}

/** Parses JSON text, turning a syntax error into a UserError that names the file and line. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw jsonSyntaxError(text, e as Error, file);
  }
}
