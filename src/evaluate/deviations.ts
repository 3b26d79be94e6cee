// Approved deviations: a file a compliance officer keeps (CSV or JSON) listing, per check and
// device, the justification, the approver and the last day the deviation is valid.
import { parse as parseCsv } from 'csv-parse/sync';
import { UserError } from '../io/errors.js';
import { parseJson } from '../snapshot/load.js';
import type { DeviationRecord } from './evaluate-check.js';

const COLUMNS = ['check_id', 'device_id', 'justification', 'approver', 'expires'] as const;

function checkRecord(r: Record<string, unknown>, file: string, where: string, knownChecks: ReadonlySet<string>): DeviationRecord {
  for (const c of COLUMNS) {
    if (typeof r[c] !== 'string' || (r[c] as string).trim() === '') throw new UserError(`"${c}" is missing or empty`, { file, where });
  }
  const rec = {
    checkId: (r.check_id as string).trim(),
    deviceId: (r.device_id as string).trim(),
    justification: (r.justification as string).trim(),
    approver: (r.approver as string).trim(),
    expires: (r.expires as string).trim(),
    source: `${file} ${where}`,
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(rec.expires) || Number.isNaN(Date.parse(rec.expires))) {
    throw new UserError(`expires must be a date as YYYY-MM-DD, got "${rec.expires}"`, { file, where });
  }
  if (!knownChecks.has(rec.checkId)) throw new UserError(`unknown check id "${rec.checkId}" ("ato-evidence checks" lists them)`, { file, where });
  return rec;
}

export function parseDeviations(text: string, file: string, knownChecks: ReadonlySet<string>): DeviationRecord[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('[')) {
    const doc = parseJson(body, file);
    if (!Array.isArray(doc)) throw new UserError('a JSON deviations file must be a list', { file, where: '/' });
    return doc.map((r, i) => {
      if (typeof r !== 'object' || r === null) throw new UserError('each deviation must be an object', { file, where: `/${i}` });
      return checkRecord(r as Record<string, unknown>, file, `/${i}`, knownChecks);
    });
  }
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parseCsv(body, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true, info: true, comment: '#' });
  } catch (e) {
    const m = /line (\d+)/i.exec((e as Error).message);
    throw new UserError(`not valid CSV: ${(e as Error).message.split('\n')[0]}`, { file, where: m ? `line ${m[1]}` : undefined });
  }
  const first = rows[0]?.record;
  if (first) {
    const missing = COLUMNS.filter((c) => !(c in first));
    if (missing.length) throw new UserError(`missing column(s) ${missing.join(', ')}; the header is ${COLUMNS.join(',')}`, { file, where: 'line 1' });
  }
  return rows.map(({ record, info }) => checkRecord(record, file, `line ${info.lines}`, knownChecks));
}
