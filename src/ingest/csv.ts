// A small RFC 4180 CSV reader that keeps the line each record starts on (for provenance), and
// a header-checked table view for the CSV exports of PowerShell (Export-Csv) and auditpol.
// (csv-parse reports the line a record ends on, and only approximately for quoted line breaks.)
import { UserError } from '../io/errors.js';
import { quoted } from '../snapshot/secrets.js';

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
  /** The line of an empty line between this record and the one before it (none before the first record). */
  afterEmptyLine?: number;
}

/**
 * The most fields a record may have. The widest export (Get-NetFirewallRule's Export-Csv) has a few dozen
 * columns; a line of a million commas (a garbled or hostile file) made a million fields a row, 550 MB and 4 s,
 * before anything could refuse it.
 */
export const MAX_CSV_FIELDS = 1000;

/** Parses CSV text. Throws UserError on an unterminated quoted field and on a record of more than MAX_CSV_FIELDS fields. */
export function readCsv(text: string, file: string): CsvRecord[] {
  // Fields are sliced between the marks that end them, not built a character at a time: a cell of
  // megabytes (a garbled export) took 40 s and 2 GB in garbage before it could be refused.
  const out: CsvRecord[] = [];
  const FIELD_END = /[,\r\n]/g;
  let i = 0;
  let line = 1;
  let emptyLine: number | undefined;
  const len = text.length;
  // Line breaks inside one quoted part, searched in the part alone: searched in the whole text, a
  // file without a CR scanned to its end for every quoted field (quadratic: 20,000 rows, 2.6 s).
  const breaksIn = (part: string): number => {
    let n = 0;
    for (let k = part.indexOf('\n'); k !== -1; k = part.indexOf('\n', k + 1)) n++;
    // A CR ending the part is followed by the closing quote, so it is a break of its own.
    for (let k = part.indexOf('\r'); k !== -1; k = part.indexOf('\r', k + 1)) if (part.charCodeAt(k + 1) !== 10) n++;
    return n;
  };
  while (i < len) {
    const startLine = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let field = '';
      if (text.charCodeAt(i) === 34) {
        // A quoted part: up to the closing quote ("" is one quote), then, as before, what follows
        // up to the field's end is kept as written.
        const quoteLine = line;
        const parts: string[] = [];
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) throw new UserError('unterminated quoted field: expected a closing double quote (the file may be cut short)', { file, where: `line ${quoteLine}` });
          const part = text.slice(from, q);
          parts.push(part);
          line += breaksIn(part);
          if (text.charCodeAt(q + 1) === 34) {
            parts.push('"');
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        field = parts.join('');
      }
      FIELD_END.lastIndex = i;
      const m = FIELD_END.exec(text);
      const stop = m ? m.index : len;
      field += text.slice(i, stop);
      fields.push(field);
      if (fields.length > MAX_CSV_FIELDS) {
        throw new UserError(`more than ${MAX_CSV_FIELDS} fields on one record: no export has that many columns (the file is not a CSV export, or is garbled)`, { file, where: `line ${startLine}` });
      }
      if (!m) {
        i = len;
        endOfRecord = true;
      } else if (m[0] === ',') {
        i = stop + 1;
        if (i >= len) {
          fields.push('');
          endOfRecord = true;
        }
      } else if (m[0] === '\r' && text.charCodeAt(stop + 1) === 13 && text.charCodeAt(stop + 2) === 10) {
        // CR CR LF: a CRLF file converted again is one line end, counted as two lines as an editor
        // shows them (text.ts splitLines), never an empty line between two rows.
        i = stop + 3;
        line += 2;
        endOfRecord = true;
      } else {
        i = stop + (m[0] === '\r' && text.charCodeAt(stop + 1) === 10 ? 2 : 1);
        line++;
        endOfRecord = true;
      }
    }
    if (fields.length === 1 && fields[0] === '') {
      emptyLine ??= startLine; // an empty line: only a record after it says anything (below)
      continue;
    }
    out.push({ line: startLine, fields, ...(emptyLine !== undefined && out.length > 0 ? { afterEmptyLine: emptyLine } : {}) });
    emptyLine = undefined;
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
 * `required` columns must be present. A row after an empty line is refused unless `emptyLines`
 * (a file written by hand, the vendor's settings, may have them; no Windows export does).
 */
export function readCsvTable(text: string, file: string, what: string, required: readonly string[], options: { emptyLines?: boolean } = {}): CsvTable {
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
    const cells = rec.fields.map((h) => h.trim().toLowerCase());
    if (typeLine || cells.join('\u0000') === headerKey) {
      throw new UserError(
        `${typeLine ? 'a "#TYPE" line' : `the header row of line ${head.line}`} again: two exports were joined into one file, and which of their rows hold would be a guess; give each export on its own`,
        { file, where: `line ${rec.line}` },
      );
    }
    // A second export's header in another column order (Select-Object with other properties,
    // ConvertTo-Csv appended with >>) has the same field count, so it was read as a data row
    // (a member "SID" of the group "Name"), and every row after it was read under the first
    // header's columns: values credited to the wrong column. A record most of whose cells name
    // columns of the header is such a header; no export's value is a column name of its own.
    const named = cells.filter((c) => c !== '' && index.has(c)).length;
    if (named >= 2 && named * 2 >= cells.length) {
      throw new UserError(
        `a second header row (${named} of its ${cells.length} fields name columns of the header on line ${head.line}${cells.join('\u0000') !== headerKey ? ', in another order or set' : ''}): two exports were joined into one file, and the rows after it would be read under the first header's columns; give each export on its own`,
        { file, where: `line ${rec.line}` },
      );
    }
    // Export-Csv and auditpol write no empty line: rows after one were appended (Export-Csv
    // -Append, `>>`, a second export pasted on), from another run of another time, and read as one
    // table an item both gave was read twice or from either, one only the later run gave as if on the
    // console now. Refused, naming both lines; an empty line at the end says nothing and stays.
    if (rec.afterEmptyLine !== undefined && !options.emptyLines) {
      throw new UserError(
        `a row after the empty line ${rec.afterEmptyLine}: Export-Csv and auditpol write no empty line, so the rows after it were appended (Export-Csv -Append, >>, another export pasted on), and which run's rows hold would be a guess; give one export on its own (expected ${what})`,
        { file, where: `line ${rec.line}` },
      );
    }
    if (rec.fields.length !== header.length) {
      throw new UserError(
        `expected ${header.length} fields as in the header (line ${head.line}), found ${rec.fields.length}${
          // The last record short: cut. Any other record of another width: rows of another export
          // (another Select-Object's properties) appended with >> or Add-Content.
          rec === records[records.length - 1] && rec.fields.length < header.length
            ? ' (the file may be cut short)'
            : ': Export-Csv writes every row as wide as its header, so this row is another export\'s, appended to this one (>>, Add-Content, Export-Csv -Append of other properties); give one export on its own'
        }`,
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
  // A line ends as readCsvTable ends it: CRLF, LF or a lone CR (a file whose line ends were converted to
  // CR alone read whole as its header, and a Get-Service CSV was refused as "not one", quoting its header).
  if (text.startsWith('#TYPE')) {
    const nl = text.search(/\r\n?|\n/);
    if (nl < 0) return null;
    start = nl + (text[nl] === '\r' && text[nl + 1] === '\n' ? 2 : 1);
  }
  const m = /\r\n?|\n|$/.exec(text.slice(start));
  const lineText = text.slice(start, start + (m ? m.index : text.length));
  if (!lineText.includes(',')) return null;
  return lineText.split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
}
