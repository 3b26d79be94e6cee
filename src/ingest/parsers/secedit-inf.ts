// Security templates: `secedit /export /cfg` output (the console's effective security policy) and
// a GPO's GptTmpl.inf (what a Group Policy says should be applied). Both are INF files as Windows
// writes them: UTF-16LE with BOM and CRLF, or UTF-8 after a re-save. Section and key names are
// case-insensitive; ';' starts a comment line.
//
// Which of the two a file is, is decided by content: `secedit /export` always writes
// RequireLogonToChangePassword in [System Access] (a setting Group Policy editors cannot set), a
// GPO template never does.
import type { ExportInput, ExportKind, ExportParser, RegType } from '../types.js';
import { decodeOrThrow, isUtf16, sniffText, lastLineNumber, splitLines, type Line } from '../text.js';
import { canonicalKeyPath, registryFact, registryLabel } from '../registry.js';
import { FactSink, own, parseDword, parseIntStrict, quoted } from './common.js';
import { cutForMessage, isSecretName, isSecretValue } from '../../snapshot/secrets.js';

const SECTION_RE = /^\s*\[\s*(Unicode|Version|System Access|Event Audit|Registry Values|Privilege Rights|Service General Setting|Kerberos Policy|Group Membership|Registry Keys|File Security)\s*\]\s*$/im;

interface Section {
  name: string;
  line: number;
  lines: Line[];
}

// Messages quote what was found, but never a secret's data (assess --keep-going carries the message into reports).
const shownData = (key: string, data: string, shown: string): string => (isSecretValue(key, data) ? '(not shown: the value is a secret)' : shown);
/** A line that does not parse, for a message: not shown when it starts with a secret's name ("DefaultPassword S3cr3t", "password: S3cr3t"). */
const shownLine = (text: string, max: number): string => {
  const name = /^[\s"]*([A-Za-z_][\w.-]*)/.exec(text)?.[1];
  return name && isSecretName(name) ? '(not shown: it names a secret)' : quoted(cutForMessage(text, max));
};

const EXPECTED = 'a security template INF (secedit /export or GPO GptTmpl.inf: [Unicode], [System Access], [Registry Values], [Version] signature="$CHICAGO$")';

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null || !SECTION_RE.test(t)) return null;
  return /^\s*RequireLogonToChangePassword\s*=/im.test(t) ? 'secedit-export' : 'gpo-template';
}

/** Splits an INF value list: commas separate items; double quotes protect (so `","` is a literal comma). */
export function splitInfList(s: string): string[] {
  // Sliced between the quotes and commas, never built a character at a time: a line of 30 MB made
  // 30 million strings (11 s, 1.1 GB) before its value could be refused as too long.
  const out: string[] = [];
  let parts: string[] = [];
  let from = 0;
  let inQ = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      parts.push(s.slice(from, i));
      from = i + 1;
      inQ = !inQ;
    } else if (c === 44 && !inQ) {
      parts.push(s.slice(from, i));
      out.push(parts.join(''));
      parts = [];
      from = i + 1;
    }
  }
  parts.push(s.slice(from));
  out.push(parts.join(''));
  return out;
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

// `never`: a key whose -1 means "never" (passwords never expire, locked until an administrator
// unlocks). Windows reads the template's number into a 32-bit integer, so 4294967295 is the same
// DWORD as -1 (some tools write it unsigned) and is read as -1, never as 4294967295 days or minutes.
type Mapping = { path: string[]; kind: 'int' | 'bool'; never?: true };
const SYSTEM_ACCESS: Record<string, Mapping> = {
  minimumpasswordage: { path: ['access', 'passwordPolicy', 'local', 'minAgeDays'], kind: 'int' },
  maximumpasswordage: { path: ['access', 'passwordPolicy', 'local', 'maxAgeDays'], kind: 'int', never: true },
  minimumpasswordlength: { path: ['access', 'passwordPolicy', 'local', 'minLength'], kind: 'int' },
  passwordcomplexity: { path: ['access', 'passwordPolicy', 'local', 'complexity'], kind: 'bool' },
  passwordhistorysize: { path: ['access', 'passwordPolicy', 'local', 'history'], kind: 'int' },
  cleartextpassword: { path: ['access', 'passwordPolicy', 'local', 'reversibleEncryption'], kind: 'bool' },
  lockoutbadcount: { path: ['access', 'lockoutPolicy', 'local', 'threshold'], kind: 'int' },
  lockoutduration: { path: ['access', 'lockoutPolicy', 'local', 'durationMinutes'], kind: 'int', never: true },
  resetlockoutcount: { path: ['access', 'lockoutPolicy', 'local', 'resetMinutes'], kind: 'int' },
};

const START_TYPES: Record<string, 'boot' | 'system' | 'automatic' | 'manual' | 'disabled'> = { '0': 'boot', '1': 'system', '2': 'automatic', '3': 'manual', '4': 'disabled' };

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const kind = sniff(input) ?? 'gpo-template';
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  const lines = splitLines(d.text);
  const lastLine = lastLineNumber(lines);
  if (isUtf16(d.encoding) && d.text.length > 0 && !d.endsWithNewline) {
    sink.fail(`the file is cut short: its last line has no line break (Windows ends every line of an INF with CRLF); expected ${EXPECTED}`, `line ${lastLine}`);
  }

  // Sections
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || t.startsWith(';')) continue;
    if (t.startsWith('[')) {
      const m = /^\[([^\]]*)\]$/.exec(t);
      if (!m) sink.fail(`expected a section header "[Name]", found ${shownLine(t, 60)}`, `line ${l.n}`);
      const name = (m[1] as string).trim();
      const key = name.toLowerCase();
      current = sections.get(key);
      // [Unicode] opens and [Version] closes every template Windows writes, once each; and
      // secedit /export writes every section once. A section again means two files joined (a
      // copy of the same export agrees with itself and was read as one, a mix of two kept the
      // first's keys beside the second's): refused, never merged.
      if (current && (key === 'unicode' || key === 'version' || kind === 'secedit-export')) {
        sink.fail(`a second [${name}] section (the first is on line ${current.line}): ${key === 'unicode' || key === 'version' ? `[${current.name}] comes once in a security template, so two files were joined` : 'secedit /export writes each section once, so the file was edited or two exports were joined'}, and which of their values hold would be a guess; give each export on its own`, `line ${l.n}`);
      }
      if (!current) {
        current = { name, line: l.n, lines: [] };
        sections.set(key, current);
      }
      continue;
    }
    if (!current) sink.fail(`expected a section header such as [Unicode] or [System Access] before ${shownLine(t, 60)}`, `line ${l.n}`);
    current.lines.push({ n: l.n, text: t });
  }

  const version = sections.get('version');
  const signature = version?.lines.find((l) => /^signature\s*=/i.test(l.text));
  if (version && (!signature || !/^signature\s*=\s*"?\$(CHICAGO|WINDOWS NT)\$"?\s*$/i.test(signature.text))) {
    sink.fail('expected signature="$CHICAGO$" in the [Version] section', `[Version], line ${version.line}`);
  }
  if (!version) {
    // Windows (secedit, Group Policy) always writes [Version]; a hand-edited template may lack it.
    // A file cut inside a line is an error; one that ends on a whole line is read, with a warning.
    if (d.text.length > 0 && !d.endsWithNewline) {
      sink.fail(`the file is cut short: no [Version] section, and its last line has no line break; expected ${EXPECTED}`, `line ${lastLine}`);
    }
    const last = [...sections.values()].sort((a, b) => b.line - a.line)[0];
    sink.warn(`no [Version] section (signature="$CHICAGO$"): read as a hand-edited template. secedit and Group Policy always write one, so if Windows wrote this file it was cut short after line ${lastLine}${last ? ` and its last section, [${last.name}], may be incomplete` : ''}`);
  }

  // A key given twice: the same value is one value. Given differently, which one Windows applies
  // is not documented (secedit never writes a key twice: the file was edited or two runs joined),
  // so neither is read: the key is left out, its scope noted, and its checks are not collected.
  /** Keys given twice differently, per section (lower case) -> key (lower case) -> why. */
  const conflicts = new Map<string, Map<string, string>>();
  const keyValues = (s: Section): Array<{ n: number; key: string; value: string }> => {
    const out: Array<{ n: number; key: string; value: string }> = [];
    const seen = new Map<string, { n: number; key: string; value: string }>();
    const dropped = new Map<string, string>();
    for (const l of s.lines) {
      const eq = l.text.indexOf('=');
      if (eq <= 0) sink.fail(`expected "Key = value" in [${s.name}], found ${shownLine(l.text, 60)}`, `[${s.name}], line ${l.n}`);
      const key = l.text.slice(0, eq).trim();
      const value = l.text.slice(eq + 1).trim();
      const lk = key.toLowerCase();
      const first = seen.get(lk);
      if (first === undefined) {
        const e = { n: l.n, key, value };
        seen.set(lk, e);
        out.push(e);
        continue;
      }
      if (first.value === value || dropped.has(lk)) continue;
      const why = `[${s.name}] ${key} is given twice, differently: ${shownData(key, first.value, quoted(first.value))} on line ${first.n}, ${shownData(key, value, quoted(value))} on line ${l.n}; which one Windows applies is not documented, so neither is read`;
      dropped.set(lk, why);
      sink.warn(why);
    }
    conflicts.set(s.name.toLowerCase(), dropped);
    return out.filter((e) => !dropped.has(e.key.toLowerCase()));
  };
  const conflictsOf = (s: Section): Map<string, string> => conflicts.get(s.name.toLowerCase()) ?? new Map();

  // secedit (and the Group Policy editor's GptTmpl.inf) write a number in plain decimal: no sign '+',
  // no leading zero, no '-0'. Another shape ('+15', '015', '-0') is an edit or another tool's
  // output, read by parseDword as a value the file may not mean (015 is octal 13 to some readers).
  const plainDword = (text: string): number | undefined => (/^(?:0|-?[1-9][0-9]*)$/.test(text.trim()) ? parseDword(text) : undefined);
  const notPlain = (text: string): string => (parseDword(text) !== undefined ? ' (secedit writes a number in plain decimal: no sign "+", no leading zero, no "-0")' : '');

  // [System Access]
  const sa = sections.get('system access');
  if (sa) {
    const names: Record<string, { value: string; n: number; key: string }> = {};
    const enabled: Record<string, { value: boolean; n: number; key: string }> = {};
    for (const { n, key, value } of keyValues(sa)) {
      const lk = key.toLowerCase();
      const loc = `[${sa.name}] ${key}, line ${n}`;
      const map = own(SYSTEM_ACCESS, lk);
      if (map) {
        const text = value.replace(/\s*;.*$/, '');
        const v = plainDword(text);
        if (v === undefined) sink.fail(`expected an integer for ${key}, found ${quoted(value)}${notPlain(text) || (parseIntStrict(text) !== undefined ? ' (beyond the 32 bits Windows keeps it in: -2147483648 to 4294967295)' : '')}`, loc);
        if (map.kind === 'bool') {
          if (v !== 0 && v !== 1) sink.fail(`expected 0 or 1 for ${key}, found ${v}`, loc);
          sink.add(map.path, v === 1, loc);
        } else if (map.never && v === 0xffffffff) sink.add(map.path, -1, `${loc} (4294967295: the 32-bit -1, never)`);
        else sink.add(map.path, v, loc);
      } else if (lk === 'enableadminaccount' || lk === 'enableguestaccount') {
        const v = plainDword(value);
        if (v !== 0 && v !== 1) sink.fail(`expected 0 or 1 for ${key}, found ${quoted(value)}${notPlain(value)}`, loc);
        enabled[lk === 'enableadminaccount' ? 'administrator' : 'guest'] = { value: v === 1, n, key };
      } else if (lk === 'newadministratorname' || lk === 'newguestname') {
        const v = unquote(value);
        if (v) names[lk === 'newadministratorname' ? 'administrator' : 'guest'] = { value: v, n, key };
      }
    }
    for (const [lk, why] of conflictsOf(sa)) {
      const map = own(SYSTEM_ACCESS, lk);
      if (map) sink.cover(map.path.join('.'), false, { note: why });
    }
    if (Object.keys(enabled).length || Object.keys(names).length) {
      sink.cover('access.accounts', false, { note: `only the built-in Administrator and Guest that [${sa.name}] names (EnableAdminAccount, EnableGuestAccount)` });
    }
    for (const which of ['administrator', 'guest'] as const) {
      const en = enabled[which];
      const nm = names[which];
      if (!en && !nm) continue;
      const el = { el: `builtin:${which}` };
      if (nm) sink.add(['access', 'accounts', el, 'name'], nm.value, `[${sa.name}] ${nm.key}, line ${nm.n}`);
      else if (en) sink.add(['access', 'accounts', el, 'name'], which === 'administrator' ? 'Administrator' : 'Guest', `[${sa.name}] ${en.key}, line ${en.n} (no New${which === 'administrator' ? 'Administrator' : 'Guest'}Name: Windows' default name)`);
      const at = en ?? nm;
      if (at) {
        sink.add(['access', 'accounts', el, 'builtin'], which, `[${sa.name}] ${at.key}, line ${at.n}`);
        sink.add(['access', 'accounts', el, 'source'], 'local', `[${sa.name}] ${at.key}, line ${at.n}`);
      }
      if (en) sink.add(['access', 'accounts', el, 'enabled'], en.value, `[${sa.name}] ${en.key}, line ${en.n}`);
    }
  }

  // [Registry Values]
  const rv = sections.get('registry values');
  if (rv) {
    sink.cover('hardening.registry', false, {
      note: kind === 'secedit-export' ? `[${rv.name}]: the security options secedit reports, not whole registry keys` : `[${rv.name}]: only the values the template sets`,
    });
    const rvValues = keyValues(rv);
    for (const [lk, why] of conflictsOf(rv)) {
      const bs = lk.lastIndexOf('\\');
      const keyPath = bs > 0 ? canonicalKeyPath(lk.slice(0, bs)) : undefined;
      if (keyPath) sink.cover(`hardening.registry.${registryLabel(keyPath, lk.slice(bs + 1))}`, false, { note: why });
    }
    for (const { n, key, value } of rvValues) {
      const loc = `[${rv.name}] ${key}, line ${n}`;
      const m = /^(\d+)\s*,(.*)$/s.exec(value);
      if (!m) sink.fail(`expected "path=type,value" (type 1, 2, 3, 4 or 7), found ${shownData(key, value, quoted(`${key}=${value}`.slice(0, 80)))}`, loc);
      const type = m[1] as string;
      const raw = (m[2] as string).trim();
      const bs = key.lastIndexOf('\\');
      const keyPath = bs > 0 ? canonicalKeyPath(key.slice(0, bs)) : undefined;
      if (!keyPath) sink.fail(`expected a registry path starting with MACHINE\\ (or another hive), found ${quoted(key.slice(0, 80))}`, loc);
      const label = registryLabel(keyPath, key.slice(bs + 1));
      let v: string | number;
      let regType: RegType | undefined;
      switch (type) {
        case '4': {
          const x = plainDword(raw);
          if (x === undefined) sink.fail(`expected a decimal DWORD after "4,", found ${shownData(key, raw, quoted(raw))}${notPlain(raw)}`, loc);
          v = x;
          break;
        }
        case '1':
        case '2':
          v = unquote(raw);
          regType = type === '1' ? 'REG_SZ' : 'REG_EXPAND_SZ';
          break;
        case '7':
          // Kept whole, an empty entry too: here the list is secedit's text (a banner's blank line is
          // ",,"), not the registry's data, whose list ends at an empty string (registry.ts, multiSzOf).
          v = raw === '' ? '' : splitInfList(raw).join('\n');
          regType = 'REG_MULTI_SZ';
          break;
        case '3':
          v = raw;
          regType = 'REG_BINARY';
          break;
        default:
          sink.fail(`expected value type 1 (REG_SZ), 2 (REG_EXPAND_SZ), 3 (REG_BINARY), 4 (REG_DWORD) or 7 (REG_MULTI_SZ), found ${type}`, loc);
      }
      sink.facts.push(registryFact(label, v, sink.prov(loc), regType));
    }
  }

  // [Privilege Rights]
  const pr = sections.get('privilege rights');
  if (pr) {
    const kv = keyValues(pr);
    const sec = kv.find((e) => e.key.toLowerCase() === 'sesecurityprivilege');
    const secConflict = conflictsOf(pr).get('sesecurityprivilege');
    // Given twice differently: not "absent, so no holder" either.
    if (secConflict) sink.cover('audit.securityPrivilegeHolders', false, { note: secConflict });
    else if (sec) {
      const holders = sec.value === '' ? [] : splitInfList(sec.value).map((h) => h.trim().replace(/^\*/, '')).filter((h) => h !== '');
      sink.add(['audit', 'securityPrivilegeHolders'], holders, `[${pr.name}] ${sec.key}, line ${sec.n}`);
    } else if (kind === 'secedit-export' && version) {
      // secedit /export lists every right that has a holder; an absent right has none. Only in a
      // whole export: secedit writes [Version] last, so without it the file was cut (a cut at a line
      // break is not otherwise seen) and the right may have stood after the cut. Then nothing is
      // read for it: AUDIT-PROTECT is not collected rather than passing on no holder at all.
      sink.add(['audit', 'securityPrivilegeHolders'], [], `[${pr.name}], line ${pr.line} (SeSecurityPrivilege absent: no holder)`);
    } else if (kind === 'secedit-export') {
      sink.warn(`[${pr.name}] (line ${pr.line}) has no SeSecurityPrivilege line and the file has no [Version] section, which secedit writes last: the export may have been cut before the right, so its holders are not read`);
    }
  }

  // [Service General Setting]
  const sg = sections.get('service general setting');
  if (sg) {
    sink.cover('hardening.services', false, { note: `[${sg.name}]: only the services the ${kind === 'secedit-export' ? 'policy' : 'template'} configures, start type only` });
    for (const l of sg.lines) {
      const loc = `[${sg.name}], line ${l.n}`;
      const f = splitInfList(l.text);
      const name = (f[0] ?? '').trim();
      const start = own(START_TYPES, (f[1] ?? '').trim());
      if (!name || !start) sink.fail(`expected "service",start-type(0-4),"security descriptor", found ${shownLine(l.text, 80)}`, loc);
      const el = { el: `svc:${name.toLowerCase()}` };
      sink.add(['hardening', 'services', el, 'name'], name, loc);
      sink.add(['hardening', 'services', el, 'startType'], start, loc);
    }
  }

  return sink.result(kind);
}

export const seceditInfParser: ExportParser = { kinds: ['secedit-export', 'gpo-template'], sniff, parse };
