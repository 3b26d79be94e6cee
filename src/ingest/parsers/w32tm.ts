// `w32tm /query /status` (English labels):
//
//   Leap Indicator: 3(not synchronized)
//   Stratum: 0 (unspecified)
//   Last Successful Sync Time: 10/24/2012 8:25:56 AM     (local time, console culture; or "unspecified")
//   Source: time.windows.com,0x8                          (",0x8" are NTP flags, not part of the name)
//   Poll Interval: 10 (1024s)
import type { ExportInput, ExportKind, ExportParser } from '../types.js';
import { decodeOrThrow, sniffText, lastLineNumber, splitLines } from '../text.js';
import { FactSink, quoted } from './common.js';

const EXPECTED = 'the English output of "w32tm /query /status"';
/** The labels whose values are read (lower case). */
const READ = new Set(['leap indicator', 'stratum', 'source', 'last successful sync time', 'poll interval']);

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null) return null;
  return /^\s*Leap Indicator:/m.test(t) && /^\s*Stratum:/m.test(t) ? 'w32tm-status' : null;
}

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  const lines = splitLines(d.text);
  const fields = new Map<string, { value: string; n: number; label: string }>();
  for (const l of lines) {
    // Blanks around the value are trimmed, not matched by the expression: "(.*?)\s*$" retries the
    // blanks from every position, and a long line of them (a hostile or damaged file) never ends.
    const m = /^([A-Za-z][A-Za-z ]*?):(.*)$/.exec(l.text.trim());
    if (!m) continue;
    const key = (m[1] as string).toLowerCase();
    const value = (m[2] as string).trim();
    const seen = fields.get(key);
    // Two outputs in one file (appended with >>): which one is the console's state would be a guess.
    if (seen && seen.value !== value) sink.fail(`"${seen.label}:" is given twice, differently: ${quoted(seen.value)} on line ${seen.n}, ${quoted(value)} here (two outputs in one file?); expected one ${EXPECTED}`, `line ${l.n}`);
    if (!seen) fields.set(key, { value, n: l.n, label: m[1] as string });
  }
  // w32tm ends every line with a line break. A value on a last line without one may be cut with the
  // file ("Source: Local CMOS Cl" no longer names the local clock, "Source: time.windows.c" names
  // another host): refused. (A captured output that lost only the break after a line not read,
  // "Time since Last Good Sync Time: ...", loses nothing.)
  const lastLine = lines.filter((l) => l.text.trim() !== '').pop();
  const lastKey = lastLine ? /^([A-Za-z][A-Za-z ]*?):/.exec(lastLine.text.trim())?.[1]?.toLowerCase() : undefined;
  if (!d.endsWithNewline && lastLine && lastKey !== undefined && READ.has(lastKey)) {
    sink.fail(`the file is cut short: its last line ${quoted(lastLine.text.trim())} has no line break (w32tm ends every line with one), so its value may be cut; expected ${EXPECTED}`, `line ${lastLine.n}`);
  }
  const loc = (f: { n: number; label: string }): string => `${f.label}, line ${f.n}`;
  const need = (key: string) => {
    const f = fields.get(key);
    if (!f) sink.fail(`expected a "${key.replace(/\b\w/g, (c) => c.toUpperCase())}:" line in ${EXPECTED} (the file may be cut short)`, `line ${lastLineNumber(lines) || 1}`);
    return f;
  };

  // w32tm prints a number and, in brackets, what it means ("0(no warning)", "3 (secondary reference
  // - syncd by (S)NTP)"). Read as the digits it starts with, "03" was 0 and "3x" 3: any other text
  // after the number is refused, never read as the number it begins with.
  const numbered = /^(\d+)\s*(?:\(.*\))?$/;
  const leap = need('leap indicator');
  const lm = numbered.exec(leap.value);
  if (!lm || (lm[1] as string).length > 1 || Number(lm[1]) > 3) sink.fail(`expected a leap indicator 0-3, optionally followed by its meaning in brackets ("0(no warning)"), found ${quoted(leap.value)}`, `line ${leap.n}`);
  sink.add(['audit', 'timeSync', 'leapIndicator'], Number(lm[1]), loc(leap));

  const stratum = need('stratum');
  const sm = numbered.exec(stratum.value);
  if (!sm || (sm[1] as string).length > 3) sink.fail(`expected a stratum number, optionally followed by its meaning in brackets ("3 (secondary reference - syncd by (S)NTP)"), found ${quoted(stratum.value)}`, `line ${stratum.n}`);
  sink.add(['audit', 'timeSync', 'stratum'], Number(sm[1]), loc(stratum));

  const source = need('source');
  // ",0x8" (also written ", 0x8") are NTP flags, not part of the name; split, not a regular expression with
  // blanks on both sides of the comma (a long line of blanks stays linear).
  const comma = source.value.lastIndexOf(',');
  const src = (comma >= 0 && /^\s*0x[0-9a-f]+\s*$/i.test(source.value.slice(comma + 1)) ? source.value.slice(0, comma) : source.value).trim();
  if (!src) sink.fail('expected a time source name after "Source:"', `line ${source.n}`);
  sink.add(['audit', 'timeSync', 'source'], src, loc(source) + (src !== source.value ? ` (${JSON.stringify(source.value)}, NTP flags removed)` : ''));

  const last = need('last successful sync time');
  if (/^unspecified$/i.test(last.value) || last.value === '') sink.add(['audit', 'timeSync', 'lastSuccessfulSyncAt'], null, `${loc(last)} (unspecified: never synchronised)`);
  else sink.add(['audit', 'timeSync', 'lastSuccessfulSyncAt'], { localDateTime: last.value }, loc(last));

  const poll = fields.get('poll interval');
  if (poll) {
    const pm = /\((\d+)s\)/.exec(poll.value);
    if (pm) sink.add(['audit', 'timeSync', 'pollIntervalSecs'], Number(pm[1]), loc(poll));
  }
  return sink.result('w32tm-status');
}

export const w32tmParser: ExportParser = { kinds: ['w32tm-status'], sniff, parse };
