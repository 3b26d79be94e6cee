// What the evidence store keeps of a file a run reads (--system, --checks, --params, --profile,
// --catalog, --deviations): the file's bytes, or, when a text in it reads as a secret (a password,
// token or key), the same document with each such text masked as the reports mask it, written back
// in the file's own form (YAML, JSON or CSV). The store is read by anyone holding it, and
// `--regenerate` rebuilds a run's report from what it keeps, so a masked file is kept only when it
// reads back as the same input (the caller's `readsSame`): the regenerated report is then the one
// written, and the configuration digest (run id, cached results) is the one of the file as given.
// A file without such a text is kept byte for byte.
import { isDeepStrictEqual } from 'node:util';
import { CORE_SCHEMA, dump, load } from 'js-yaml';
import { parseCsvRows } from '../io/csv-text.js';
import { UserError } from '../io/errors.js';
import { parseJson } from '../io/json-text.js';
import { decodeUtf8 } from '../io/utf8.js';
import { redactText } from '../snapshot/secrets.js';

export type KeptForm = 'yaml' | 'json' | 'csv';

/** A text's place in the document: "/a/0/b" for a value, "/a/0/b#key" for the key b. */
type Place = string;

/** The document as data: a YAML or JSON value, or CSV rows (each with the line it ends on). */
type Doc = { form: 'yaml' | 'json'; data: unknown } | { form: 'csv'; rows: Array<{ record: string[]; line: number }> };

const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** The data with the texts at `places` masked (`all`: every text redactText changes). */
function masked(v: unknown, at: (p: Place) => boolean, p: Place = ''): unknown {
  if (typeof v === 'string') return at(p) ? redactText(v) : v;
  if (Array.isArray(v)) return v.map((x, i) => masked(x, at, `${p}/${i}`));
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [at(`${p}/${esc(k)}#key`) ? redactText(k) : k, masked(x, at, `${p}/${esc(k)}`)]));
  }
  return v;
}

/** Every place whose text redactText changes. */
function secretPlaces(doc: Doc): Place[] {
  const out: Place[] = [];
  const walk = (v: unknown, p: Place): void => {
    if (typeof v === 'string') {
      if (redactText(v) !== v) out.push(p);
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${p}/${i}`));
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (redactText(k) !== k) out.push(`${p}/${esc(k)}#key`);
        walk(x, `${p}/${esc(k)}`);
      }
    }
  };
  walk(doc.form === 'csv' ? doc.rows.map((r) => r.record) : doc.data, '');
  return out;
}

/**
 * Comments that hold what reads as a secret: no parse sees them, so only the text shows them. A
 * comment runs from a `#` to the end of its line: in YAML a `#` first on a line or after a blank
 * (`bindDn: cn=x  # password=…`), in CSV any `#` outside quotes (the reader drops the rest of the line).
 * Read generously (a `#` inside a quoted value or a block scalar counts too): a text the parse sees is
 * masked anyway, and the re-written file, which drops every comment, must still read as the same input.
 */
function secretInComments(text: string, form: 'yaml' | 'csv'): boolean {
  const start = form === 'yaml' ? /(?:^|[ \t])#/ : /#/;
  const comments = text.split(/\r?\n/).flatMap((l) => {
    const m = start.exec(l);
    return m ? [l.slice(m.index + m[0].length)] : [];
  }).join('\n');
  return comments !== '' && redactText(comments) !== comments;
}

function csvField(s: string): string {
  return /[",\r\n#]|^\s|\s$/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The document written back in its form. CSV records end on the lines they ended on (messages and deviations name them). */
function written(doc: Doc, at: (p: Place) => boolean): string {
  if (doc.form !== 'csv') return doc.form === 'json' ? JSON.stringify(masked(doc.data, at), null, 2) + '\n' : dump(masked(doc.data, at), { schema: CORE_SCHEMA, lineWidth: -1 });
  const rows = masked(doc.rows.map((r) => r.record), at) as string[][];
  let text = '';
  let line = 1;
  rows.forEach((record, i) => {
    const row = record.map(csvField).join(',');
    const spans = row.split('\n').length - 1;
    // Blank lines (skipped by the reader) so that the record ends on its line.
    while (line + spans < doc.rows[i]!.line) {
      text += '\n';
      line++;
    }
    text += `${row}\n`;
    line += spans + 1;
  });
  return text;
}

function parsed(text: string, form: KeptForm, file: string): Doc {
  if (form === 'csv') return { form, rows: parseCsvRows(text, file) };
  if (form === 'json') return { form, data: parseJson(text, file) };
  return { form, data: load(text.replace(/^\uFEFF/, ''), { schema: CORE_SCHEMA }) };
}

/** A place as messages name it: a JSON pointer, or a CSV record's line and field. */
function placeLabel(doc: Doc, p: Place): string {
  if (doc.form !== 'csv') return p.endsWith('#key') ? `the key ${p.slice(0, -4)}` : p || '/';
  const [row, field] = p.split('/').slice(1).map(Number);
  return `line ${doc.rows[row!]!.line}, field ${field! + 1}`;
}

/**
 * The bytes the store keeps of `file` (see the top of this file). `readsSame` says whether a
 * re-written text reads as the same input as the file given. Every file's texts are masked as the
 * run reads them (the system description, deviations, parameters, profile, and the check and control
 * catalogs' texts), so a text that cannot be masked without changing the input (a secret in a check's
 * test, read as written) refuses the run, naming the file and the place.
 */
export function keptBytes(file: string, bytes: Buffer, form: KeptForm, readsSame: (text: string) => boolean): Buffer {
  const text = decodeUtf8(bytes, file, form.toUpperCase());
  const doc = parsed(text, form, file);
  const places = secretPlaces(doc);
  const inComments = form !== 'json' && secretInComments(text, form);
  if (!places.length && !inComments) return bytes;
  const every = written(doc, (p) => places.includes(p));
  if (readsSame(every)) return Buffer.from(every, 'utf8');
  const why = 'holds what reads as a secret (a password, token or key)';
  const remove = 'the evidence store keeps this file (monitor --regenerate rebuilds the report from it), so remove the secret from the file';
  // Which text changes the input when masked: named in the refusal.
  const changing = places.find((p) => !readsSame(written(doc, (q) => q === p)));
  if (changing !== undefined) throw new UserError(`${why} where masking it would change what the file says; ${remove}`, { file, where: placeLabel(doc, changing) });
  throw new UserError(`${why}${inComments ? ' in a comment' : ''}, and written back without it the file would read as another ${form.toUpperCase()} document; ${remove}`, { file });
}

/** `readsSame` for a parsed value: deep equality of what `parse` makes of the text, a parse error being "not the same". */
export function sameParse<T>(parse: (text: string) => T, given: T): (text: string) => boolean {
  return (text) => {
    try {
      return isDeepStrictEqual(parse(text), given);
    } catch {
      return false;
    }
  };
}
