// `manage-bde -status` text. English only: the labels and values are localised, and guessing at
// translations of "Protection Off" is how a parser starts reporting unencrypted disks as
// encrypted. Any other language is a UserError ("unsupported language").
//
//   Volume C: [OS]
//   [OS Volume]
//
//       Size:                 475.95 GB
//       Conversion Status:    Fully Encrypted
//       Percentage Encrypted: 100.0%
//       Encryption Method:    XTS-AES 128
//       Protection Status:    Protection On
//       Key Protectors:
//           TPM
//           Numerical Password
import type { ExportInput, ExportKind, ExportParser } from '../types.js';
import { decodeOrThrow, isUtf16, sniffText, lastLineNumber, splitLines } from '../text.js';
import { FactSink, own, parseLocaleDecimal, quoted } from './common.js';
import { languageOf } from '../localized.js';
import { bitLockerMethod } from '../bitlocker-method.js';

const EXPECTED = 'the English output of "manage-bde -status"';

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null) return null;
  const head = t.slice(0, 800);
  if (!/BitLocker/i.test(head)) return null;
  if (/Microsoft Corporation/i.test(head) || /^\s*Volume\w*\s+(?:[A-Z]:|\\\\\?\\)/m.test(t) || /Conversion Status:/.test(t)) return 'manage-bde-status';
  return null;
}

const CONVERSION: Record<string, 'fully-encrypted' | 'fully-decrypted' | 'encryption-in-progress' | 'decryption-in-progress' | 'encryption-paused' | 'decryption-paused'> = {
  'fully encrypted': 'fully-encrypted',
  'used space only encrypted': 'fully-encrypted',
  'fully decrypted': 'fully-decrypted',
  'encryption in progress': 'encryption-in-progress',
  'decryption in progress': 'decryption-in-progress',
  'encryption paused': 'encryption-paused',
  'decryption paused': 'decryption-paused',
};

const SIZE_UNITS: Record<string, number> = { kb: 1 / (1024 * 1024), mb: 1 / 1024, gb: 1, tb: 1024 };

interface Vol {
  mount: string;
  line: number;
  type?: 'os' | 'data';
  typeLine?: number;
  fields: Map<string, { value: string; line: number }>;
  protectors?: { list: string[]; line: number };
}

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  const lines = splitLines(d.text);
  // Line by line: "^\s*" over the whole text (flag m) runs from every line start across the blank
  // lines after it, and a file of many empty lines (a run of CRs) took seconds.
  const english = lines.some((l) => /^\s*BitLocker Drive Encryption:\s+Configuration Tool/.test(l.text) || /^\s*Conversion Status:/.test(l.text));
  if (!english) {
    const first = lines.find((l) => l.text.trim() !== '');
    sink.fail(
      `${languageOf(d.text)} manage-bde output: labels not recognised (unsupported language: manage-bde output must be in English; found ${quoted((first?.text ?? '').trim().slice(0, 70))}); collect.ps1 takes the volumes from Get-BitLockerVolume (bitlocker-volumes.csv), which does not depend on the language: remove this file`,
      `line ${first?.n ?? 1}`,
    );
  }
  // Each line manage-bde prints ends with a line break: a UTF-16 file (as collect.ps1 writes it)
  // whose last line has none was cut, and the volumes after the cut would silently be missing.
  if (isUtf16(d.encoding) && !d.endsWithNewline) {
    sink.fail(`the file is cut short: its last line has no line break (manage-bde ends every line with one), so volumes after it may be missing; expected ${EXPECTED}`, `line ${lastLineNumber(lines)}`);
  }
  const err = lines.find((l) => /^\s*ERROR:/.test(l.text));
  if (err) sink.fail(`manage-bde reported an error instead of volume status: ${quoted(err.text.trim())}; expected ${EXPECTED}`, `line ${err.n}`);

  const vols: Vol[] = [];
  let cur: Vol | undefined;
  let inProtectors = false;
  for (const l of lines) {
    const raw = l.text;
    const t = raw.trim();
    const vm = /^Volume\s+(.+?)\s*\[(.*)\]\s*$/.exec(t);
    if (vm && !/^\s/.test(raw)) {
      cur = { mount: (vm[1] as string).trim(), line: l.n, fields: new Map() };
      vols.push(cur);
      inProtectors = false;
      continue;
    }
    if (!cur) continue;
    const tm = /^\[(OS|Data) Volume\]$/i.exec(t);
    if (tm && !cur.type) {
      cur.type = (tm[1] as string).toLowerCase() as 'os' | 'data';
      cur.typeLine = l.n;
      continue;
    }
    if (t === '') {
      inProtectors = false;
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(t);
    if (inProtectors && (!kv || /^\s{6,}/.test(raw))) {
      cur.protectors?.list.push(t);
      continue;
    }
    if (!kv) continue;
    inProtectors = false;
    const key = (kv[1] as string).toLowerCase();
    const value = (kv[2] as string).trim();
    if (key === 'key protectors') {
      cur.protectors = { list: [], line: l.n };
      if (value === '') inProtectors = true;
      else if (!/^None Found$/i.test(value)) cur.protectors.list.push(value);
      continue;
    }
    // A label given twice in one volume (two outputs run together): which one is the volume's state
    // would be a guess, and the last one read used to win ("Fully Decrypted" then "Fully Encrypted").
    const seen = cur.fields.get(key);
    if (seen && seen.value !== value) sink.fail(`Volume ${cur.mount} gives "${kv[1] as string}:" twice, differently: ${quoted(seen.value)} on line ${seen.line}, ${quoted(value)} here (two outputs in one file?); expected ${EXPECTED}`, `line ${l.n}`);
    if (!seen) cur.fields.set(key, { value, line: l.n });
  }
  if (vols.length === 0) sink.fail(`expected ${EXPECTED}: no "Volume X: [label]" block found`, `line ${lastLineNumber(lines) || 1}`);

  /** Volumes whose state manage-bde did not print: the list read is then not every volume. */
  const leftOut: string[] = [];
  for (const v of vols) {
    const el = { el: `vol:${v.mount.toLowerCase()}` };
    const at = (key: string, line: number): string => `Volume ${v.mount} ${key}, line ${line}`;
    if (!v.type) sink.fail(`expected "[OS Volume]" or "[Data Volume]" after the volume header`, `line ${v.line}`);
    const conv = v.fields.get('conversion status');
    const prot = v.fields.get('protection status');
    if (!conv || !prot) sink.fail(`expected "Conversion Status" and "Protection Status" for volume ${v.mount} (the file may be cut short)`, `line ${v.line}`);
    const convValue = own(CONVERSION, conv.value.toLowerCase());
    if (!convValue) {
      if (/^unknown$/i.test(conv.value)) {
        sink.warn(`volume ${v.mount}: conversion status Unknown (volume locked?) cannot be represented; the volume is left out`);
        leftOut.push(`${v.mount} (line ${conv.line})`);
        continue;
      }
      sink.fail(`expected a conversion status (Fully Encrypted, Used Space Only Encrypted, Fully Decrypted, Encryption in Progress, ...), found ${quoted(conv.value)}`, `line ${conv.line}`);
    }
    let protValue: 'on' | 'off' | 'unknown';
    if (/^Protection On\b/i.test(prot.value)) protValue = 'on';
    else if (/^Protection Off\b/i.test(prot.value)) protValue = 'off';
    else if (/^Protection Unknown\b/i.test(prot.value)) protValue = 'unknown';
    else sink.fail(`expected "Protection On", "Protection Off" or "Protection Unknown", found ${quoted(prot.value)}`, `line ${prot.line}`);

    sink.add(['encryption', 'volumes', el, 'mountPoint'], v.mount, `Volume ${v.mount}, line ${v.line}`);
    sink.add(['encryption', 'volumes', el, 'volumeType'], v.type, `Volume ${v.mount} [${v.type === 'os' ? 'OS' : 'Data'} Volume], line ${v.typeLine ?? v.line}`);
    sink.add(['encryption', 'volumes', el, 'conversionStatus'], convValue, at('Conversion Status', conv.line) + (/^used/i.test(conv.value) ? ' ("Used Space Only Encrypted": all used space is encrypted)' : ''));
    sink.add(['encryption', 'volumes', el, 'protectionStatus'], protValue, at('Protection Status', prot.line) + (prot.value.length > 14 ? ` (${prot.value})` : ''));
    // The console's regional format decides the separators (an English manage-bde on a German
    // console prints "1.862,89 GB"): each number is read by its own form, never by one assumed.
    const number = (f: { value: string; line: number }, text: string, what: string): number | undefined => {
      const n = parseLocaleDecimal(text, true);
      if (n && 'ambiguous' in n) sink.fail(`${what} of volume ${v.mount} is ${quoted(f.value)}, which reads as two numbers depending on the console's regional format (${n.ambiguous.replace(/[.,]/, '')} or ${n.ambiguous.replace(',', '.')}; manage-bde writes two decimals), so neither is read`, `line ${f.line}`);
      return n?.value;
    };
    // No check reads size or percentage, but drift shows them: "Unknown" (a locked volume's
    // "Unknown GB", "Unknown%") is no value and left out; anything else manage-bde does not print
    // (no unit, "12x GB", 150%) is an edit or a garbled line, refused as the values checks read are.
    const unknown = (f: { value: string }): boolean => /^unknown\b/i.test(f.value);
    const size = v.fields.get('size');
    const sm = size ? /^([\d.,'\u00a0\u202f\u2019 ]+?)\s*(KB|MB|GB|TB)$/i.exec(size.value) : null;
    if (size && !unknown(size)) {
      const n = sm ? number(size, sm[1] as string, 'the Size') : undefined;
      if (n === undefined) sink.fail(`expected the Size of volume ${v.mount} as manage-bde prints it (a number and KB, MB, GB or TB, or Unknown GB), found ${quoted(size.value)}`, `line ${size.line}`);
      sink.add(['encryption', 'volumes', el, 'sizeGB'], Math.round(n * (own(SIZE_UNITS, (sm![2] as string).toLowerCase()) ?? 1) * 100) / 100, at('Size', size.line));
    }
    const pct = v.fields.get('percentage encrypted');
    const pm = pct ? /^([\d.,]+)\s*%$/.exec(pct.value) : null;
    if (pct && !unknown(pct)) {
      const n = pm ? number(pct, pm[1] as string, 'the Percentage Encrypted') : undefined;
      if (n === undefined || n < 0 || n > 100) sink.fail(`expected the Percentage Encrypted of volume ${v.mount} as manage-bde prints it (0 to 100 and %, or Unknown%), found ${quoted(pct.value)}`, `line ${pct.line}`);
      sink.add(['encryption', 'volumes', el, 'percentageEncrypted'], n, at('Percentage Encrypted', pct.line));
    }
    const method = v.fields.get('encryption method');
    if (method && method.value) sink.add(['encryption', 'volumes', el, 'method'], bitLockerMethod(method.value), at('Encryption Method', method.line));
    if (v.protectors) sink.add(['encryption', 'volumes', el, 'keyProtectors'], v.protectors.list, at('Key Protectors', v.protectors.line));
  }
  // A volume left out is a volume whose encryption is unknown: with it silently missing, "every
  // volume is fully encrypted" passed on the others. The list is partial, so such a check is not
  // collected (a fail on a volume read stays a fail; Get-BitLockerVolume's CSV, if complete, still vouches).
  // "manage-bde -status" heads the list of every volume with this line; "manage-bde -status C:"
  // prints the volumes it was asked for without it: a second fixed volume is never mentioned, and
  // "every volume is encrypted" passed on C: alone.
  const everyVolume = lines.some((l) => /^\s*Disk volumes that can be protected with\b/i.test(l.text));
  const notes: string[] = [];
  if (leftOut.length) notes.push(`conversion status Unknown (volume locked?) for ${leftOut.join(', ')}, so whether it is encrypted was not read`);
  if (!everyVolume) notes.push(`the output names only volume${vols.length > 1 ? 's' : ''} ${vols.map((v) => v.mount).join(', ')} and lacks the heading "Disk volumes that can be protected with BitLocker Drive Encryption:" that manage-bde -status prints before every volume (manage-bde -status C: names the volumes asked for), so volumes not named were not read`);
  if (notes.length === 0) sink.cover('encryption.volumes', true);
  else sink.cover('encryption.volumes', false, { note: `not every volume: ${notes.join('; ')}` });
  return sink.result('manage-bde-status');
}

export const manageBdeParser: ExportParser = { kinds: ['manage-bde-status'], sniff, parse };
