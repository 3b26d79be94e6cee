// Advanced audit policy CSV ([MS-GPAC] 2.2): `auditpol /backup` output (the console's effective
// policy; "Machine Name" holds the computer name) and a GPO's audit.csv (Machine Name empty).
// Subcategories are matched by GUID: the "Subcategory" column is localised and for display only.
// "Option:" rows (CrashOnAuditFail, ...) and the global SACL rows are not subcategories.
import type { ExportInput, ExportKind, ExportParser } from '../types.js';
import { decodeOrThrow, sniffText } from '../text.js';
import { readCsvTable, sniffCsvHeader } from '../csv.js';
import { coverCsv, FactSink, quoted } from './common.js';

const COLUMNS = ['Machine Name', 'Policy Target', 'Subcategory', 'Subcategory GUID', 'Inclusion Setting', 'Exclusion Setting', 'Setting Value'];
const REQUIRED = ['Machine Name', 'Policy Target', 'Subcategory', 'Subcategory GUID', 'Setting Value'];
const EXPECTED = 'an advanced audit policy CSV (auditpol /backup or GPO audit.csv)';

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null) return null;
  const header = sniffCsvHeader(t);
  if (!header) return null;
  const hits = COLUMNS.filter((c) => header.includes(c.toLowerCase())).length;
  if (hits < 4 || !header.includes('policy target')) return null;
  // auditpol /backup fills "Machine Name"; Group Policy leaves it empty.
  const firstRow = t.split(/\r\n?|\n/)[1] ?? '';
  const machine = (firstRow.split(',')[header.indexOf('machine name')] ?? '').replace(/"/g, '').trim();
  return machine ? 'auditpol-backup' : 'gpo-audit-csv';
}

/**
 * The "Inclusion Setting" texts auditpol writes (English, German, French) and the Setting Value each
 * stands for (0 and 4 are both no auditing). The value decides; a known text naming another setting
 * (a file edited by hand: "No Auditing" beside 3) leaves which holds a guess. Other languages'
 * texts are not judged: the value alone is read, as before.
 */
const INCLUSION_TEXTS: ReadonlyMap<string, readonly number[]> = new Map<string, readonly number[]>([
  ...['no auditing', 'keine überwachung', 'aucun audit'].map((t) => [t, [0, 4]] as const),
  ...['success', 'erfolg', 'succès'].map((t) => [t, [1]] as const),
  ...['failure', 'fehler', 'échec'].map((t) => [t, [2]] as const),
  ...['success and failure', 'erfolg und fehler', 'succès et échec'].map((t) => [t, [3]] as const),
]);

const GUID_RE = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  const table = readCsvTable(d.text, input.name, EXPECTED, REQUIRED);
  const kind: ExportKind = table.rows.some((r) => (r.get('Machine Name') ?? '').trim() !== '') ? 'auditpol-backup' : 'gpo-audit-csv';
  /** Each subcategory's first row: its line and Setting Value. */
  const seen = new Map<string, { line: number; value: number }>();
  for (const row of table.rows) {
    const sub = (row.get('Subcategory') ?? '').trim();
    const target = (row.get('Policy Target') ?? '').trim();
    const guidText = (row.get('Subcategory GUID') ?? '').trim();
    if (/^Option:/i.test(sub) || /GlobalSacl$/i.test(sub)) continue;
    if (target.toLowerCase() !== 'system') {
      if (target === '' && guidText === '') continue;
      sink.warn(`line ${row.line}: per-user audit policy for ${JSON.stringify(target)} is not a system setting and is not read`);
      continue;
    }
    const m = GUID_RE.exec(guidText);
    if (!m) sink.fail(`expected a subcategory GUID like {0cce923f-69ae-11d9-bed3-505054503030} in column "Subcategory GUID", found ${quoted(guidText)}`, `line ${row.line}`);
    const guid = `{${(m[1] as string).toLowerCase()}}`;
    const valueText = (row.get('Setting Value') ?? '').trim();
    if (!/^[0-4]$/.test(valueText)) sink.fail(`expected "Setting Value" 0-4 (0 none/unchanged, 1 success, 2 failure, 3 both, 4 none), found ${quoted(valueText)}`, `line ${row.line}`);
    const v = Number(valueText);
    const inclusion = (row.get('Inclusion Setting') ?? '').trim();
    const meant = INCLUSION_TEXTS.get(inclusion.toLowerCase().replace(/\s+/g, ' '));
    if (meant && !meant.includes(v)) sink.fail(`subcategory ${guid} (${sub || 'unnamed'}): "Inclusion Setting" ${quoted(inclusion)} contradicts "Setting Value" ${v}; which one holds would be a guess`, `line ${row.line}`);
    const before = seen.get(guid);
    if (before) {
      // auditpol /backup writes each subcategory once. The same setting again is harmless; another
      // one (a file merged or edited by hand) leaves which holds a guess: auditpol /restore would
      // apply the later row, a reader keeping the first would claim the other. Never picked.
      if (before.value !== v) sink.fail(`subcategory ${guid} (${sub || 'unnamed'}) is given twice, differently: Setting Value ${before.value} on line ${before.line}, ${v} here; which one holds would be a guess`, `line ${row.line}`);
      sink.warn(`line ${row.line}: subcategory ${guid} appears again with the same setting; the first row is used`);
      continue;
    }
    seen.set(guid, { line: row.line, value: v });
    // In a GPO, 0 means "not configured" (leave unchanged); in auditpol /backup it means no auditing.
    // Compared with the subcategory's other rows first: skipped before, a GPO's "No Auditing,,0"
    // beside "Success and Failure,,3" for one subcategory was passed over and the 3 read, unwarned.
    if (v === 0 && kind === 'gpo-audit-csv') continue;
    const loc = `line ${row.line}, ${guid} (${sub || 'unnamed'}), Setting Value ${v}`;
    const el = { el: guid };
    sink.add(['audit', 'subcategories', el, 'guid'], guid, loc);
    if (sub) sink.add(['audit', 'subcategories', el, 'name'], sub, loc);
    sink.add(['audit', 'subcategories', el, 'success'], v === 1 || v === 3, loc);
    sink.add(['audit', 'subcategories', el, 'failure'], v === 2 || v === 3, loc);
  }
  if (kind === 'auditpol-backup') coverCsv(sink, table, [{ scope: 'audit.subcategories' }]);
  else sink.cover('audit.subcategories', false, { note: 'only the subcategories the GPO configures' });
  return sink.result(kind);
}

export const auditpolCsvParser: ExportParser = { kinds: ['auditpol-backup', 'gpo-audit-csv'], sniff, parse };
