// CSV files a person keeps (deviations, attestations, parameters): rows with their line numbers,
// a syntax error and a wrong header as UserErrors naming the file and the line. The header is
// quoted as found, so the user sees what is wrong with it, not only what was expected.
import { parse as parseCsv } from 'csv-parse/sync';
import { UserError } from './errors.js';
import { unknownKeyMessage } from './known-keys.js';

export interface CsvRow {
  /** The fields, trimmed. */
  record: string[];
  /** The line the record ends on (csv-parse's count; a record spans lines only inside quotes). */
  line: number;
}

/**
 * The largest CSV input, in characters. Such files are written by people (a deviation or an
 * attestation a row); csv-parse takes about a second a megabyte, so a 40 MB file of one field
 * kept a run busy for a minute before it was refused. The same bound as a YAML input's.
 */
export const MAX_CSV_CHARS = 16 * 2 ** 20;

/** Every non-empty, non-comment (#) record, the header included. */
export function parseCsvRows(text: string, file: string): CsvRow[] {
  if (text.length > MAX_CSV_CHARS) throw new UserError(`is larger than ${MAX_CSV_CHARS / 2 ** 20} MiB (${text.length} characters), the most a CSV input may be`, { file });
  // As the JSON and YAML readers do: a NUL is no character of text a person wrote (a binary file,
  // a damaged copy), and would otherwise be carried into a justification, a statement or a value.
  const body = text.replace(/^\uFEFF/, '');
  const nul = body.indexOf('\u0000');
  if (nul >= 0) {
    const before = body.slice(0, nul);
    const line = before.split('\n').length;
    throw new UserError('holds a NUL byte (0x00): a CSV file is text and holds none (a binary file, or a damaged copy?); save it as UTF-8 text', { file, where: `line ${line}, column ${nul - before.lastIndexOf('\n')}` });
  }
  try {
    const rows = parseCsv(body, { skip_empty_lines: true, trim: true, comment: '#', info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    return rows.map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (e) {
    const m = /line (\d+)/i.exec((e as Error).message);
    const where = m ? `line ${m[1]}` : undefined;
    // csv-parse quotes the field's text up to a stray quote ("value is ..."): a justification or a
    // note may hold a secret there, and the message reaches the terminal and logs. Say which field.
    const { code, column } = e as { code?: string; column?: unknown };
    if (code === 'INVALID_OPENING_QUOTE') {
      const field = typeof column === 'number' ? `field ${column + 1}` : 'a field';
      throw new UserError(`not valid CSV: ${field} holds a double quote but does not start with one (its text is not shown); write the whole field in double quotes and double each quote inside it ("a ""quoted"" word")`, { file, where });
    }
    throw new UserError(`not valid CSV: ${((e as Error).message.split('\n')[0] ?? '').replace(/, value is ".*$/, '')}`, { file, where });
  }
}

/** The longest header a message quotes whole, in characters. */
const QUOTED_HEADER_CHARS = 200;

/** The header as written, for messages: `"check_id;device;…"` (a long one cut, saying how long it is). */
export function quotedHeader(header: readonly string[]): string {
  const text = header.join(',');
  if (text.length <= QUOTED_HEADER_CHARS) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, QUOTED_HEADER_CHARS))}… (${text.length} characters)`;
}

/**
 * Records keyed by the header's column names (lower-cased). The header must name every column of
 * `required` and no column outside `required` and `optional`: a column the tool does not read
 * ("expiry" for "expires", "objective" for "objectives") is refused, naming it and the nearest
 * known column, never ignored. An unnamed column (a trailing comma) is refused where a row fills
 * it. Else a UserError quoting the header found.
 */
export function parseCsvRecords(text: string, file: string, required: readonly string[], optional: readonly string[] = []): Array<{ record: Record<string, string>; line: number }> {
  const [head, ...rows] = parseCsvRows(text, file);
  if (!head) return [];
  const names = head.record.map((h) => h.toLowerCase());
  // Two columns of one name: which value holds would be a guess (an expiry in each).
  const twice = names.find((n, i) => n.trim() !== '' && names.indexOf(n) !== i);
  if (twice !== undefined) throw new UserError(`the header is ${quotedHeader(head.record)}: column "${twice}" is named twice; name each column once`, { file, where: `line ${head.line}` });
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length) {
    throw new UserError(`the header is ${quotedHeader(head.record)}, but it must name the columns ${required.join(',')} (missing: ${missing.join(', ')})`, { file, where: `line ${head.line}` });
  }
  const known = [...required, ...optional];
  const unknown = names.findIndex((n) => n.trim() !== '' && !known.includes(n));
  if (unknown >= 0) {
    throw new UserError(`the header is ${quotedHeader(head.record)}: column ${unknown + 1}: ${unknownKeyMessage(names[unknown]!, known, 'column')}`, { file, where: `line ${head.line}` });
  }
  return rows.map(({ record, line }) => {
    const unnamed = names.findIndex((n, i) => n.trim() === '' && (record[i] ?? '') !== '');
    if (unnamed >= 0) throw new UserError(`field ${unnamed + 1} has no column name in the header (${quotedHeader(head.record)}): name the column or remove the field`, { file, where: `line ${line}` });
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    names.forEach((n, i) => {
      if (!(n in out)) out[n] = record[i] ?? '';
    });
    return { record: out, line };
  });
}
