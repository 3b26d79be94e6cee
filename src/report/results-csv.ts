// The per-device detail the grouped PDF leaves out: one CSV row per device and check, attached to
// the PDF and kept in the package (results.csv). Every cell a spreadsheet would run as a formula
// (starting with = + - @, a tab or a carriage return, or so starting after a ; or a tab, where Excel
// in other locales splits a line) is neutralised with an apostrophe; control characters and bidi
// overrides are shown as \xNN / \u{NNNN}.
// Pure: lines from the results.
import { neutralise, showControls } from '../export/emass.js';
import type { ReportResult } from './model.js';
import { evidenceStaleText, expiredDeviationText } from '../oscal/observations.js';

export const RESULTS_CSV = 'results.csv';

const HEADER = ['device', 'collected_at', 'check', 'status', 'found', 'required', 'where_to_change', 'observed_value', 'expected_value', 'evidence_file', 'evidence_sha256', 'deviation_approver', 'deviation_expires', 'reason', 'evidence_stale', 'deviation_expired'];

/**
 * One CSV cell: control characters and the characters that reorder a line shown as \xNN or \u{NNNN}
 * (tab and line breaks stay, as CSV holds them), neutralised, quoted where it holds a comma, a quote
 * or a line break (RFC 4180).
 * Excel in a locale whose list separator is ";" (German, French...) splits a line at every ";",
 * (the quotes of a ","-separated line do not protect it), and a tab-separated import at every tab: a formula character right after
 * one in the text ("rule;=cmd|...") gets the apostrophe too.
 */
export function csvCell(value: string): string {
  const v = neutralise(showControls(value)).replace(/([;\t]"*)(?=[=+\-@])/g, "$1'");
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The CSV's lines (each ending in CRLF, as RFC 4180 writes them), header first. */
export function* resultsCsvLines(results: Iterable<ReportResult>, collectedAt: ReadonlyMap<string, string>): Generator<string> {
  yield HEADER.join(',') + '\r\n';
  for (const r of results) {
    const snapshot = r.evidence[0];
    yield [
      r.deviceId,
      collectedAt.get(r.deviceId) ?? '',
      r.checkId,
      r.status,
      r.plain?.found ?? r.observed,
      r.plain?.required ?? r.expected,
      r.plain?.where ?? '',
      r.observed,
      r.expected,
      snapshot?.file ?? '',
      snapshot?.sha256 ?? '',
      r.deviation?.approver ?? '',
      r.deviation?.expires ?? '',
      // What the AR's observation says beside the verdict: why it is not collected (its
      // not-collected-reason), and that a result, a fail too, rests on stale evidence (evidence-stale).
      r.notCollectedReason ?? '',
      r.stale ? evidenceStaleText(collectedAt.get(r.deviceId) ?? 'at an unknown time') : '',
      // A deviation that expired before the assessment (the AR's expired-deviation): the row's fail is
      // no longer excused by it. Added at the end: the columns before it are a contract.
      r.expiredDeviation ? expiredDeviationText(r.expiredDeviation) : '',
    ].map(csvCell).join(',') + '\r\n';
  }
}
