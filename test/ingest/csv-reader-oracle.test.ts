// readCsv slices fields between the marks that end them (robust17: a cell of megabytes was built a
// character at a time) and counts the line breaks inside each quoted part. A slip in that counting
// changes the line every later record is cited at, which no fixture with one multi-line cell shows;
// and counting breaks in the whole text instead of the part was quadratic (a CR-less file scanned to
// its end per quoted field). The oracle is the reader as it was before, character by character:
// both must give the same records and lines, or refuse the same text at the same line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv, type CsvRecord } from '../../src/ingest/csv.js';

/** The character-at-a-time reader (c5ee043), kept as the oracle; with ef23e7e's CR CR LF and empty-line marks. */
function oracle(text: string): CsvRecord[] | string {
  const out: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  let emptyLine: number | undefined;
  const len = text.length;
  while (i < len) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let atFieldStart = true;
    let quoted = false;
    let quoteLine = 0;
    let endOfRecord = false;
    while (i < len && !endOfRecord) {
      const c = text.charCodeAt(i);
      if (quoted) {
        if (c === 34) {
          if (text.charCodeAt(i + 1) === 34) { field += '"'; i += 2; } else { quoted = false; i++; }
        } else {
          if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
          field += text[i];
          i++;
        }
        continue;
      }
      if (c === 34 && atFieldStart) { quoted = true; quoteLine = line; atFieldStart = false; i++; }
      else if (c === 44) { fields.push(field); field = ''; atFieldStart = true; i++; }
      // CR CR LF ends a record as one line end counted as two lines (ef23e7e), never an empty line.
      else if (c === 13 && text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10) { i += 3; line += 2; endOfRecord = true; }
      else if (c === 13 || c === 10) { if (c === 13 && text.charCodeAt(i + 1) === 10) i++; i++; line++; endOfRecord = true; }
      else { field += text[i]; atFieldStart = false; i++; }
    }
    if (quoted) return `line ${quoteLine}`;
    fields.push(field);
    if (fields.length === 1 && fields[0] === '') {
      emptyLine ??= startLine;
      continue;
    }
    // A record after an empty line says so (ef23e7e: Windows' CSV exports write none).
    out.push({ line: startLine, fields, ...(emptyLine !== undefined && out.length > 0 ? { afterEmptyLine: emptyLine } : {}) });
    emptyLine = undefined;
  }
  return out;
}

function read(text: string): CsvRecord[] | string {
  try {
    return readCsv(text, 'x.csv');
  } catch (e) {
    return (e as { where?: string }).where ?? String(e);
  }
}

describe('readCsv reads as the character-at-a-time reader did', () => {
  it('records, fields and lines agree on random text of quotes, commas and every line end', () => {
    const text = fc.array(fc.constantFrom('a', 'b', ',', '"', '""', '\n', '\r', '\r\n', ' '), { maxLength: 60 }).map((xs) => xs.join(''));
    fc.assert(fc.property(text, (t) => { expect(read(t)).toEqual(oracle(t)); }), { numRuns: 5000, seed: 40 });
  });
  it('a cell holding CR, LF and CRLF breaks: the next record is cited at its own line', () => {
    const t = 'Name,Note\r\n"a","one\rtwo\ntree\r\nfour"\r\nb,x\n';
    expect(read(t)).toEqual([{ line: 1, fields: ['Name', 'Note'] }, { line: 2, fields: ['a', 'one\rtwo\ntree\r\nfour'] }, { line: 6, fields: ['b', 'x'] }]);
    expect(oracle(t)).toEqual(read(t));
  });
});
