// `net accounts` (English output): the local password and lockout policy.
//
//   Force user logoff how long after time expires?:       Never
//   Minimum password age (days):                          1
//   Maximum password age (days):                          Unlimited
//   Minimum password length:                              14
//   Length of password history maintained:                24
//   Lockout threshold:                                    Never
//   Lockout duration (minutes):                           30
//   Lockout observation window (minutes):                 30
//   Computer role:                                        WORKSTATION
//   The command completed successfully.
//
// `net accounts /domain` prints the domain's policy (after "The request will be processed at a
// domain controller ..."), not the console's: such a file is listed as skipped.
import type { ExportInput, ExportKind, ExportParser } from '../types.js';
import { decodeOrThrow, sniffText, lastLineNumber, splitLines } from '../text.js';
import { FactSink, own, parseDword, parseIntStrict, quoted } from './common.js';

const EXPECTED = 'the English output of "net accounts"';

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null) return null;
  return /^\s*Minimum password length:/im.test(t) && /^\s*Lockout threshold:/im.test(t) ? 'net-accounts' : null;
}

type Rule = { re: RegExp; path: string[]; words: Record<string, number> };
const RULES: Rule[] = [
  { re: /^Minimum password age \(days\):\s*(.+)$/i, path: ['access', 'passwordPolicy', 'local', 'minAgeDays'], words: { none: 0 } },
  { re: /^Maximum password age \(days\):\s*(.+)$/i, path: ['access', 'passwordPolicy', 'local', 'maxAgeDays'], words: { unlimited: -1 } },
  { re: /^Minimum password length:\s*(.+)$/i, path: ['access', 'passwordPolicy', 'local', 'minLength'], words: { none: 0 } },
  { re: /^Length of password history maintained:\s*(.+)$/i, path: ['access', 'passwordPolicy', 'local', 'history'], words: { none: 0 } },
  { re: /^Lockout threshold:\s*(.+)$/i, path: ['access', 'lockoutPolicy', 'local', 'threshold'], words: { never: 0 } },
  { re: /^Lockout duration \(minutes\):\s*(.+)$/i, path: ['access', 'lockoutPolicy', 'local', 'durationMinutes'], words: { never: -1 } },
  { re: /^Lockout observation window \(minutes\):\s*(.+)$/i, path: ['access', 'lockoutPolicy', 'local', 'resetMinutes'], words: {} },
];

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  if (/processed at a domain controller/i.test(d.text)) {
    return sink.result('net-accounts', { skipReason: '"net accounts /domain" output: the domain\'s policy, not the console\'s local policy' });
  }
  const lines = splitLines(d.text);
  // net accounts ends every line with a line break, and never ends on a policy line ("Computer role"
  // and "The command completed successfully." follow). A policy line that is last and has none was
  // cut, and its number with it ("Lockout threshold: 1" of 10): refused.
  const last = lines.filter((l) => l.text.trim() !== '').pop();
  if (!d.endsWithNewline && last && RULES.some((r) => r.re.test(last.text.trim()))) {
    sink.fail(`the file is cut short: its last line ${quoted(last.text.trim())} has no line break (net accounts ends every line with one), so its value may be cut; expected ${EXPECTED}`, `line ${last.n}`);
  }
  let matched = 0;
  for (const l of lines) {
    const t = l.text.trim();
    for (const r of RULES) {
      const m = r.re.exec(t);
      if (!m) continue;
      matched++;
      const raw = (m[1] as string).trim();
      const label = t.slice(0, t.indexOf(':'));
      const word = own(r.words, raw.toLowerCase());
      const v = word ?? parseDword(raw);
      if (v === undefined) sink.fail(`expected a number${Object.keys(r.words).length ? ` or ${Object.keys(r.words).map((w) => w[0]?.toUpperCase() + w.slice(1)).join('/')}` : ''} for "${label}", found ${quoted(raw)}${parseIntStrict(raw) !== undefined ? ' (beyond the 32 bits Windows keeps it in)' : ''}`, `line ${l.n}`);
      sink.add(r.path, v, `"${label}", line ${l.n}${word !== undefined ? ` (${raw})` : ''}`);
    }
  }
  if (matched < 4) sink.fail(`expected ${EXPECTED}: the password and lockout lines are missing (the file may be cut short)`, `line ${lastLineNumber(lines) || 1}`);
  return sink.result('net-accounts');
}

export const netAccountsParser: ExportParser = { kinds: ['net-accounts'], sniff, parse };
