// `reg export` files: UTF-16LE with BOM and CRLF, first line "Windows Registry Editor Version 5.00"
// (or the ANSI "REGEDIT4"). Keys in [brackets]; values as "Name"="string", "Name"=dword:0000000a,
// "Name"=hex(7):41,00,..., with long hex lists continued on the next line after a trailing "\".
// These are the console's live registry values (effective state).
import type { ExportInput, ExportKind, ExportParser, RegType } from '../types.js';
import { decodeOrThrow, isUtf16, sniffText, lastLineNumber, splitLines } from '../text.js';
import { canonicalKeyPath, hexValue, multiSzCutNote, multiSzOf, oddUtf16Data, qwordValue, registryFact, registryLabel, stringRegType, utf16MultiSz, utf16Strings, type MultiSz } from '../registry.js';
import { FactSink, quoted } from './common.js';
import { cutForMessage, isSecretValue } from '../../snapshot/secrets.js';

const EXPECTED = 'a "reg export" file starting with "Windows Registry Editor Version 5.00"';

// Messages quote what was found, but never a secret (assess --keep-going carries the message into
// reports): a line that did not parse with its name=value pairs masked, a secret value's data not at all.
const shownLine = (text: string, max: number): string => quoted(cutForMessage(text, max));
const shownData = (label: string, data: string, max: number): string => (isSecretValue(label, data) ? '(not shown: the value is a secret)' : JSON.stringify(data.slice(0, max)));

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes, 256);
  if (t === null) return null;
  return /^\s*(Windows Registry Editor Version 5\.00|REGEDIT4)\s*$/m.test(t.split(/\r?\n/, 2)[0] ?? '') ? 'reg-export' : null;
}

/** Reads a quoted .reg string starting at s[0] === '"'. Returns the string and the rest. */
function readQuoted(s: string): { value: string; rest: string } | null {
  // Runs between escapes are sliced, not added a character at a time: a value of megabytes (a
  // garbled file) took 20 s and 1.8 GB in garbage before it could be refused.
  const parts: string[] = [];
  let from = 1;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) {
      if (i + 1 >= s.length) return null;
      parts.push(s.slice(from, i), s[i + 1]!);
      i++;
      from = i + 1;
    } else if (c === 34) {
      parts.push(s.slice(from, i));
      return { value: parts.join(''), rest: s.slice(i + 1) };
    }
  }
  return null;
}

/** A line continuing a hex list: bytes separated by commas, maybe ending with "," and "\\" (more follows). */
/** A value line that stops inside its data: a dword of fewer than 8 digits, hex data ending after a comma or one digit. */
const CUT_VALUE = /=\s*(?:dword:[0-9a-fA-F]{0,7}|hex(?:\([0-9a-fA-F]+\))?:(?:[0-9a-fA-F\s,\\]*,)?\s*[0-9a-fA-F]?)\s*$|^\s*(?:[0-9a-fA-F]{2}\s*,\s*)*(?:[0-9a-fA-F]{2}\s*,|[0-9a-fA-F])\s*$/i;
const HEX_CONTINUATION = /^\s*[0-9a-fA-F]{2}(\s*,\s*[0-9a-fA-F]{2})*\s*,?\s*\\?\s*$/;

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** "4e,00,69,00" (whitespace allowed, a trailing comma tolerated) -> bytes; null if malformed. */
function hexBytes(list: string): Uint8Array | null {
  const out = new Uint8Array((list.length + 1) >> 1);
  let n = 0;
  let cur = -1;
  let digits = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      if (digits === 0) return null;
      out[n++] = cur;
      cur = -1;
      digits = 0;
    } else if (c === 32 || c === 9) {
      continue;
    } else {
      const d = hexDigit(c);
      if (d < 0 || digits === 2) return null;
      cur = digits === 0 ? d : cur * 16 + d;
      digits++;
    }
  }
  if (digits > 0) out[n++] = cur;
  return out.subarray(0, n);
}

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  const lines = splitLines(d.text);
  const first = lines.find((l) => l.text.trim() !== '');
  const ansi = /^\s*REGEDIT4\s*$/.test(first?.text ?? '');
  if (!first || !(/^\s*Windows Registry Editor Version 5\.00\s*$/.test(first.text) || ansi)) {
    sink.fail(`expected ${EXPECTED}`, `line ${first?.n ?? 1}`);
  }
  if (isUtf16(d.encoding) && !d.endsWithNewline) {
    sink.fail(`the file is cut short: its last line has no line break (reg export ends every line with CRLF); expected ${EXPECTED}`, `line ${lastLineNumber(lines)}`);
  }
  // Re-saved in another encoding, a file may have lost its last line break and is still read; but
  // a last line that stops inside a value was cut: "dword:00000" would read as another number
  // (0 for 0x00000001), a hex list cut after one digit or a comma as other bytes.
  const last = lines[lines.length - 1];
  if (!d.endsWithNewline && last && CUT_VALUE.test(last.text)) {
    sink.fail(`the file is cut short: its last line has no line break and stops inside a value (reg export writes a dword as 8 hex digits and hex data as 2-digit bytes); expected ${EXPECTED}`, `line ${last.n}`);
  }
  let key: string | undefined;
  let keyText = '';
  const keys = new Set<string>();
  // What the file deletes and what it gives, by key (lower case), to find a value both given and
  // deleted: regedit would apply them in order, but reg export writes no deletion, so such a file
  // was edited or joined, and which one is the console's state would be a guess.
  const deleted: Array<{ key: string; name?: string; text: string; line: number }> = [];
  const given: Array<{ key: string; name: string; text: string; line: number }> = [];
  for (let idx = lines.indexOf(first) + 1; idx < lines.length; idx++) {
    const startLine = lines[idx] as { n: number; text: string };
    let text = startLine.text.trim();
    // Continuation lines (a hex list wrapped at ~80 columns ends with "\"). reg export continues a
    // list only with more hex bytes: any other line there (empty, a value, a key) means the lines
    // that continued it are missing, and joining would decode what is left as the value.
    // The parts are joined once: appended a line at a time, the growing text was read whole for each
    // next line (its "\" end), and a 5 MB value wrapped on 200,000 lines took hours.
    const parts: string[] = [];
    let last = text;
    while (last.endsWith('\\') && (parts.length > 0 || /=\s*hex/i.test(text))) {
      const next = lines[idx + 1];
      if (!next) sink.fail('the file is cut short: a value continued with "\\" has no next line', `line ${startLine.n}`);
      if (!HEX_CONTINUATION.test(next.text)) {
        // A value line is shown by its name only: its data may be a secret.
        const t = next.text.trim();
        const named = /^("(?:[^"\\]|\\.)*"|@)\s*=/.exec(t);
        const found = t === '' ? 'an empty line' : named ? `the value line ${shownLine(named[0], 60)}` : shownLine(t, 60);
        const ends = lines[idx]!.n;
        const value = ends === startLine.n ? `the value on line ${ends}, which ends with "\\"` : `the value of line ${startLine.n} (line ${ends} ends with "\\")`;
        sink.fail(`expected hex bytes continuing ${value}, found ${found}: the lines that continued it are missing (the file was cut or edited)`, `line ${next.n}`);
      }
      parts.push(last.slice(0, -1));
      last = next.text.trim();
      idx++;
    }
    if (parts.length > 0) text = parts.join('') + last;
    if (text === '' || text.startsWith(';')) continue;
    if (/^(Windows Registry Editor Version 5\.00|REGEDIT4)$/.test(text)) {
      sink.fail(`a second header ${quoted(text)} (the first is on line ${first.n}): two .reg files were joined into one, and a value they both give would be read twice; give each file on its own`, `line ${startLine.n}`);
    }
    if (text.startsWith('[')) {
      if (!text.endsWith(']')) sink.fail(`expected a key header "[HKEY_...\\Path]", found ${shownLine(text, 80)}`, `line ${startLine.n}`);
      const inner = text.slice(1, -1);
      if (inner.startsWith('-')) {
        key = undefined; // deletion of a key: nothing to read
        const gone = canonicalKeyPath(inner.slice(1));
        if (gone) deleted.push({ key: gone.toLowerCase(), text: `[${inner}]`, line: startLine.n });
        continue;
      }
      const canon = canonicalKeyPath(inner);
      if (!canon) sink.fail(`expected a key starting with a hive (HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, ...), found ${quoted(inner.slice(0, 80))}`, `line ${startLine.n}`);
      key = canon;
      keyText = inner;
      keys.add(canon);
      continue;
    }
    if (!key) {
      if (/^("|@)/.test(text)) sink.fail('expected a [key] header before the first value', `line ${startLine.n}`);
      sink.fail(`expected a [key] header or a value line, found ${shownLine(text, 80)}`, `line ${startLine.n}`);
    }
    let name: string;
    let rest: string;
    if (text.startsWith('@')) {
      name = '';
      rest = text.slice(1);
    } else if (text.startsWith('"')) {
      const q = readQuoted(text);
      if (!q) sink.fail(`expected a closing quote in the value name of ${shownLine(text, 60)} (the file may be cut short)`, `line ${startLine.n}`);
      name = q.value;
      rest = q.rest;
    } else {
      sink.fail(`expected "Name"=value or @=value, found ${shownLine(text, 80)}`, `line ${startLine.n}`);
    }
    rest = rest.trim();
    if (!rest.startsWith('=')) sink.fail(`expected "=" after the value name ${quoted(name)}`, `line ${startLine.n}`);
    const data = rest.slice(1).trim();
    let loc = `[${keyText}] ${name === '' ? '@' : JSON.stringify(name)}, line ${startLine.n}`;
    const label = registryLabel(key, name);
    if (data === '-') {
      deleted.push({ key: key.toLowerCase(), name: name.toLowerCase(), text: `[${keyText}] ${name === '' ? '@' : JSON.stringify(name)}=-`, line: startLine.n });
      continue;
    }
    given.push({ key: key.toLowerCase(), name: name.toLowerCase(), text: `[${keyText}] ${name === '' ? '@' : JSON.stringify(name)}`, line: startLine.n });
    let value: string | number;
    let regType: RegType | undefined;
    if (data.startsWith('"')) {
      const q = readQuoted(data);
      if (!q || q.rest.trim() !== '') sink.fail(`expected a string value in double quotes for ${quoted(name)} (the file may be cut short)`, `line ${startLine.n}`);
      value = q.value;
      regType = 'REG_SZ';
    } else if (/^dword:/i.test(data)) {
      const h = data.slice(6);
      if (!/^[0-9a-fA-F]{1,8}$/.test(h)) sink.fail(`expected dword:xxxxxxxx (8 hex digits) for ${quoted(name)}, found ${shownData(label, data, 40)}`, `line ${startLine.n}`);
      value = parseInt(h, 16);
    } else {
      const hm = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/i.exec(data);
      if (!hm) sink.fail(`expected "string", dword:..., or hex(...):... for ${quoted(name)}, found ${shownData(label, data, 40)}`, `line ${startLine.n}`);
      const type = hm[1] === undefined ? 3 : parseInt(hm[1], 16);
      const bytes = hexBytes(hm[2] as string);
      if (!bytes) sink.fail(`expected comma-separated hex bytes for ${quoted(name)} (the file may be cut short)`, `line ${startLine.n}`);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const odd = ansi || (type !== 1 && type !== 2 && type !== 7) ? undefined : oddUtf16Data(type, bytes.length, quoted(name));
      if (odd) sink.fail(odd, `line ${startLine.n}`);
      switch (type) {
        case 1:
        case 2:
          value = ansi ? Buffer.from(bytes).toString('latin1').replace(/\0.*$/s, '') : utf16Strings(bytes);
          regType = stringRegType(type);
          break;
        case 7: {
          const multi: MultiSz = ansi ? multiSzOf(Buffer.from(bytes).toString('latin1')) : utf16MultiSz(bytes);
          value = multi.value;
          regType = 'REG_MULTI_SZ';
          if (multi.cut) {
            const { note, warning } = multiSzCutNote(multi.cut, quoted(name));
            sink.warn(`${loc}: ${warning}`);
            loc = `${loc} (${note})`;
          }
          break;
        }
        case 4:
          if (bytes.length !== 4) sink.fail(`expected 4 bytes for a REG_DWORD, found ${bytes.length}`, `line ${startLine.n}`);
          value = view.getUint32(0, true);
          break;
        case 5:
          if (bytes.length !== 4) sink.fail(`expected 4 bytes for a REG_DWORD_BIG_ENDIAN, found ${bytes.length}`, `line ${startLine.n}`);
          value = view.getUint32(0, false);
          regType = 'REG_DWORD_BIG_ENDIAN';
          break;
        case 11:
          if (bytes.length !== 8) sink.fail(`expected 8 bytes for a REG_QWORD, found ${bytes.length}`, `line ${startLine.n}`);
          value = qwordValue(view.getBigUint64(0, true));
          regType = 'REG_QWORD';
          break;
        default:
          value = hexValue(bytes);
          if (type === 0 || type === 3) regType = type === 0 ? 'REG_NONE' : 'REG_BINARY';
      }
    }
    sink.facts.push(registryFact(label, value, sink.prov(loc), regType));
  }
  for (const d of deleted) {
    const g = given.find((v) => (d.name === undefined ? v.key === d.key || v.key.startsWith(`${d.key}\\`) : v.key === d.key && v.name === d.name));
    if (g) {
      const what = d.name === undefined ? `deletes the key ${cutForMessage(d.text, 120)}` : `deletes the value ${cutForMessage(d.text, 120)}`;
      sink.fail(`line ${d.line} ${what}, and line ${g.line} gives ${cutForMessage(g.text, 120)}: reg export writes no deletion, so the file was edited or joined, and whether the value is set would be a guess`, `line ${Math.min(d.line, g.line)}`);
    }
  }
  // reg export writes a key with all its values and subkeys: the keys at the top were read in full.
  const all = [...keys];
  const roots = all.filter((k) => !all.some((o) => o !== k && k.toLowerCase().startsWith(`${o.toLowerCase()}\\`)));
  if (roots.length) sink.cover('hardening.registry', true, { keys: roots.sort() });
  return sink.result('reg-export');
}

export const regExportParser: ExportParser = { kinds: ['reg-export'], sniff, parse };
