// Approved deviations: a file a compliance officer keeps (CSV or JSON) listing, per check and
// device, the justification, the approver and the last day the deviation is valid.
import { isCalendarDate } from '../io/dates.js';
import { inputFileName } from '../io/display-path.js';
import { parseCsvRecords } from '../io/csv-text.js';
import { UserError } from '../io/errors.js';
import { refuseUnknownKeys } from '../io/known-keys.js';
import { redactText } from '../snapshot/secrets.js';
import { parseJson } from '../snapshot/load.js';
import type { DeviationRecord } from './evaluate-check.js';

const COLUMNS = ['check_id', 'device_id', 'justification', 'approver', 'expires'] as const;
// An optional column: compensating_controls (the POA&M's mitigating factors while the deviation is accepted).
const OPTIONAL = ['compensating_controls'] as const;

function checkRecord(r: Record<string, unknown>, file: string, where: string, knownChecks: ReadonlySet<string>): DeviationRecord {
  for (const c of COLUMNS) {
    if (typeof r[c] !== 'string' || (r[c] as string).trim() === '') throw new UserError(`"${c}" is missing or empty`, { file, where });
  }
  const rec = {
    checkId: (r.check_id as string).trim(),
    deviceId: (r.device_id as string).trim(),
    // Justifications reach the POA&M, the OSCAL results and the PDF: a pasted password, key or token is masked.
    justification: redactText((r.justification as string).trim()),
    // The approver reaches the POA&M and the PDF: masked as the justification is.
    approver: redactText((r.approver as string).trim()),
    expires: (r.expires as string).trim(),
    // Shown in the POA&M, the results and the PDF: no folder of the machine that ran the assessment.
    source: `${inputFileName(file)} ${where}`,
    at: { file, where },
  };
  // A list or a number (JSON) is not the text read: refused rather than dropped.
  if (r.compensating_controls !== undefined && r.compensating_controls !== null && typeof r.compensating_controls !== 'string') {
    throw new UserError('"compensating_controls" must be a text (one text naming every compensating control)', { file, where: where.startsWith('/') ? `${where}/compensating_controls` : where });
  }
  const compensating = typeof r.compensating_controls === 'string' ? redactText(r.compensating_controls.trim()) : '';
  if (!isCalendarDate(rec.expires)) {
    throw new UserError(`expires must be a date as YYYY-MM-DD that the calendar has, got "${rec.expires}"`, { file, where });
  }
  if (!knownChecks.has(rec.checkId)) throw new UserError(`unknown check id "${rec.checkId}" ("ato-evidence checks" lists them)`, { file, where });
  return compensating ? { ...rec, compensating } : rec;
}

export function parseDeviations(text: string, file: string, knownChecks: ReadonlySet<string>): DeviationRecord[] {
  const body = text.replace(/^\uFEFF/, '');
  let records: DeviationRecord[];
  if (body.trimStart().startsWith('[')) {
    const doc = parseJson(body, file);
    if (!Array.isArray(doc)) throw new UserError('a JSON deviations file must be a list', { file, where: '/' });
    records = doc.map((r, i) => {
      if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new UserError('each deviation must be an object', { file, where: `/${i}` });
      // A key the tool does not read is refused: `expiry` ignored would leave the deviation's end unread.
      refuseUnknownKeys(r as Record<string, unknown>, [...COLUMNS, ...OPTIONAL], `/${i}`, (where, message) => {
        throw new UserError(message, { file, where });
      });
      return checkRecord(r as Record<string, unknown>, file, `/${i}`, knownChecks);
    });
  } else {
    records = parseCsvRecords(body, file, COLUMNS, OPTIONAL).map(({ record, line }) => checkRecord(record, file, `line ${line}`, knownChecks));
  }
  // Two deviations for one check and device: which justification and expiry apply would be a guess.
  const seen = new Map<string, DeviationRecord>();
  for (const d of records) {
    const key = `${d.checkId}\u0000${d.deviceId}`;
    const first = seen.get(key);
    if (first) {
      const at = placeOf(d);
      throw new UserError(`a second deviation for ${d.checkId} on ${d.deviceId === '*' ? 'every device (*)' : d.deviceId}: ${placeOf(first).where} and ${at.where} both grant one; keep one (the justification, approver and expiry must be unambiguous)`, at);
    }
    seen.set(key, d);
  }
  return records;
}

/** The file and place a deviation came from, as the user named it (else from `source`: "FILE line N" or "FILE /i"). */
export function placeOf(d: DeviationRecord): { file: string; where: string } {
  if (d.at) return d.at;
  const m = /^(.*) (line \d+|\/\d+)$/s.exec(d.source);
  return m ? { file: m[1]!, where: m[2]! } : { file: d.source, where: '' };
}

/**
 * A deviation for a device the run does not assess is a mistake (a misspelt id would otherwise
 * silently grant nothing): a UserError naming the deviation's file and line. `*` always applies.
 * `unsure`: inputs could not be read (--keep-going), so a device may be among them under an id no
 * one can tell: such a deviation is warned of, not applied, instead of stopping the run (it grants
 * nothing either way; an unattended run must not stall on one console's broken export).
 */
export function checkDeviationDevices(deviations: readonly DeviationRecord[], devices: ReadonlySet<string>, assessed = 'the assessed devices', unsure?: { unreadable: number; warn: (m: string) => void }): void {
  for (const d of deviations) {
    if (d.deviceId === '*' || devices.has(d.deviceId)) continue;
    const shown = [...devices].sort();
    const list = shown.length > 12 ? `${shown.slice(0, 12).join(', ')}, …` : shown.join(', ');
    const what = `the deviation for ${d.checkId} names device "${d.deviceId}", which is not among ${assessed} (${list || 'none'})`;
    if (unsure !== undefined && unsure.unreadable > 0) {
      const at = placeOf(d);
      unsure.warn(`${at.file}${at.where ? ` at ${at.where}` : ''}: ${what}; ${unsure.unreadable} input(s) could not be read (--keep-going), so it may be one of them: not applied in this run`);
      continue;
    }
    throw new UserError(`${what}; correct the id, or use * for every device`, placeOf(d));
  }
}

/** The approver's name: the text before a parenthesis or comma ("Jonas Lindqvist (Authorizing Official)"). */
function approverName(approver: string): string {
  return approver.split(/[(,]/)[0]!.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Only the Authorizing Official accepts a risk: a deviation whose approver is not a party holding
 * the authorizing-official role in the system description is a UserError naming the deviations
 * file and line. `officials`: the names of those parties.
 */
export function checkDeviationApprovers(deviations: readonly DeviationRecord[], officials: readonly string[], systemFile: string): void {
  const names = new Set(officials.map((n) => n.replace(/\s+/g, ' ').trim().toLowerCase()));
  for (const d of deviations) {
    if (names.has(approverName(d.approver))) continue;
    const who = officials.length ? `the Authorizing Official of ${systemFile} (${officials.join(', ')})` : `an Authorizing Official, and ${systemFile} names none (responsible-parties with role authorizing-official)`;
    throw new UserError(`the deviation for ${d.checkId} on ${d.deviceId} is approved by "${d.approver}", who is not ${who}: only the AO accepts a risk`, placeOf(d));
  }
}
