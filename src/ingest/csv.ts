// A small RFC 4180 CSV reader that keeps the line each record starts on (for provenance), and
// a header-checked table view for the CSV exports of PowerShell (Export-Csv) and auditpol.
// (csv-parse reports the line a record ends on, and only approximately for quoted line breaks.)
import { UserError } from '../io/errors.js';
import { quoted } from '../snapshot/secrets.js';

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
}

/** Parses CSV text. Throws UserError on an unterminated quoted field. */
export function readCsv(text: string, file: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let i = 0;
  let line = 1;
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
          if (text.charCodeAt(i + 1) === 34) {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
          field += text[i];
          i++;
        }
        continue;
      }
      if (c === 34 && atFieldStart) {
        quoted = true;
        quoteLine = line;
        atFieldStart = false;
        i++;
      } else if (c === 44) {
        fields.push(field);
        field = '';
        atFieldStart = true;
        i++;
      } else if (c === 13 || c === 10) {
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        i++;
        line++;
        endOfRecord = true;
      } else {
        field += text[i];
        atFieldStart = false;
        i++;
      }
    }
    if (quoted) {
      throw new UserError('unterminated quoted field: expected a closing double quote (the file may be cut short)', { file, where: `line ${quoteLine}` });
    }
    fields.push(field);
    if (fields.length === 1 && fields[0] === '') continue; // empty line
    out.push({ line: startLine, fields });
  }
  return out;
}

export interface CsvRow {
  line: number;
  /** Value of a column by its header name (case-insensitive); undefined if the column is absent. */
  get(column: string): string | undefined;
  has(column: string): boolean;
}

export interface CsvTable {
  header: string[];
  headerLine: number;
  rows: CsvRow[];
  /**
   * Line of the last record when the text does not end with a line break. Export-Csv and auditpol
   * end every line with CRLF, so such a file may have been cut right after that record, with
   * whole rows lost behind it (nothing in the rows left shows it).
   */
  unterminatedLine?: number;
}

/**
 * Reads a CSV export with a header row. Skips PowerShell 5.1's "#TYPE ..." line. Every record
 * must have as many fields as the header (a short last record means the file was cut), and
 * `required` columns must be present.
 */
export function readCsvTable(text: string, file: string, what: string, required: readonly string[]): CsvTable {
  const records = readCsv(text, file);
  let idx = 0;
  if (records[0] && records[0].fields.length >= 1 && /^#TYPE\b/i.test(records[0].fields[0] ?? '')) idx = 1;
  const head = records[idx];
  if (!head) throw new UserError(`expected ${what}: a header row, found no rows`, { file, where: 'line 1' });
  const header = head.fields.map((h) => h.trim());
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.toLowerCase();
    const before = index.get(key);
    // PowerShell property names ignore case, so Export-Csv never writes one column twice: a file
    // with "StartType" and "starttype" was edited or assembled, and which column holds a guess.
    if (before !== undefined && h !== '') {
      throw new UserError(`column ${quoted(h)} (column ${i + 1}) repeats column ${quoted(header[before]!)} (column ${before + 1}): names are compared without case, as PowerShell does, and which of the two holds would be a guess; expected ${what}`, { file, where: `line ${head.line}` });
    }
    if (before === undefined) index.set(key, i);
  });
  const missing = required.filter((r) => !index.has(r.toLowerCase()));
  if (missing.length > 0) {
    throw new UserError(
      `missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} in the header of ${what} (found: ${header.map((h) => quoted(h)).join(', ')})`,
      { file, where: `line ${head.line}` },
    );
  }
  const rows: CsvRow[] = [];
  const headerKey = header.map((h) => h.toLowerCase()).join('\u0000');
  for (const rec of records.slice(idx + 1)) {
    // The header (or PowerShell 5.1's #TYPE line) again: two exports joined into one file. Its
    // rows would be read as one table, an item given by both read twice or from either.
    const typeLine = /^#TYPE\b/i.test(rec.fields[0] ?? '');
    if (typeLine || rec.fields.map((h) => h.trim().toLowerCase()).join('\u0000') === headerKey) {
      throw new UserError(
        `${typeLine ? 'a "#TYPE" line' : `the header row of line ${head.line}`} again: two exports were joined into one file, and which of their rows hold would be a guess; give each export on its own`,
        { file, where: `line ${rec.line}` },
      );
    }
    if (rec.fields.length !== header.length) {
      throw new UserError(
        `expected ${header.length} fields as in the header (line ${head.line}), found ${rec.fields.length}${rec.fields.length < header.length ? ' (the file may be cut short)' : ''}`,
        { file, where: `line ${rec.line}` },
      );
    }
    const f = rec.fields;
    rows.push({
      line: rec.line,
      get: (c) => {
        const i = index.get(c.toLowerCase());
        return i === undefined ? undefined : f[i];
      },
      has: (c) => index.has(c.toLowerCase()),
    });
  }
  const last = text.charCodeAt(text.length - 1);
  const unterminated = last !== 10 && last !== 13;
  return { header, headerLine: head.line, rows, ...(unterminated ? { unterminatedLine: records[records.length - 1]?.line ?? head.line } : {}) };
}

/** Header fields of the first non-#TYPE line of a text prefix (for sniffers; tolerant). */
export function sniffCsvHeader(text: string): string[] | null {
  let start = 0;
  if (text.startsWith('#TYPE')) {
    const nl = text.search(/\r?\n/);
    if (nl < 0) return null;
    start = nl + (text[nl] === '\r' ? 2 : 1);
  }
  const m = /\r?\n|$/.exec(text.slice(start));
  const lineText = text.slice(start, start + (m ? m.index : text.length));
  if (!lineText.includes(',')) return null;
  return lineText.split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
}
