// Helpers shared by the parsers.
import { UserError } from '../../io/errors.js';
// Parsers quote what they found through the snapshot's masking (src/snapshot/secrets.ts).
export { quoted } from '../../snapshot/secrets.js';
import type { CoverageDecl, ExportInput, ExportKind, Fact, FactProvenance, FactValue, ParsedExport, PathSeg } from '../types.js';
import { decodeOrThrow } from '../text.js';
import { isObject, parseJsonLocated, type JsonValue } from '../json-located.js';
import type { CsvTable } from '../csv.js';
import { isLocalPortKeyword } from '../../evaluate/port-span.js';

export class FactSink {
  readonly facts: Fact[] = [];
  readonly warnings: string[] = [];
  readonly coverage: CoverageDecl[] = [];
  constructor(readonly input: ExportInput) {}

  /** Declares what this file collected for `scope`, and whether it is all of it. */
  cover(scope: string, complete: boolean, extra: { keys?: string[]; note?: string } = {}): void {
    this.coverage.push({ scope, complete, ...extra });
  }

  prov(location: string): FactProvenance {
    return { file: this.input.name, sha256: this.input.sha256, location };
  }

  add(path: PathSeg[], value: FactValue, location: string): void {
    this.facts.push({ path, value, provenance: this.prov(location) });
  }

  warn(message: string): void {
    this.warnings.push(`${this.input.name}: ${message}`);
  }

  result(kind: ExportKind, extra: Partial<ParsedExport> = {}): ParsedExport {
    return { file: this.input.name, sha256: this.input.sha256, kind, facts: this.facts, warnings: this.warnings, ...(this.coverage.length ? { coverage: this.coverage } : {}), ...extra };
  }

  fail(message: string, where: string): never {
    throw new UserError(message, { file: this.input.name, where });
  }
}

/** Parses a decimal integer (optionally signed). */
export function parseIntStrict(s: string): number | undefined {
  const t = s.trim();
  if (!/^[+-]?\d{1,15}$/.test(t)) return undefined;
  return Number(t);
}

/**
 * A decimal number as the console's regional format writes it: "1862.89", "1862,89" (de-DE, fr-FR),
 * and, where the tool groups digits (`grouping`), "1,862.89", "1.862,89", "1 862,89" (a blank, a
 * no-break or narrow no-break space), "1'862.89" (de-CH). Read with one separator assumed, such a
 * number silently changes value (1.862,89 read as 1.862), so each is read by its own form:
 * - `{ value }`: one reading only;
 * - `{ ambiguous }`: with grouping, one "," or "." followed by exactly three digits ("1,862",
 *   "1.862") is a thousand or a fraction of one depending on the culture: the caller refuses it;
 * - undefined: not a number in any of these forms.
 * Without grouping (PowerShell's ToString of a double, as Export-Csv writes it) a single "," or "."
 * is the decimal separator, and a number with two separators is not one.
 */
export function parseLocaleDecimal(s: string, grouping: boolean): { value: number } | { ambiguous: string } | undefined {
  const t = s.trim();
  if (!grouping) {
    const m = /^(\d+)(?:[.,](\d+))?$/.exec(t);
    return m ? { value: Number(`${m[1]}.${m[2] ?? '0'}`) } : undefined;
  }
  // Integer part: digits, or groups of three after a group separator (one kind throughout).
  const m = /^(\d{1,3}(?:([.,' \u00a0\u202f\u2019])\d{3})*|\d+)(?:([.,])(\d+))?$/.exec(t);
  if (!m) return undefined;
  const [, int, group, dec, frac] = m as unknown as [string, string, string | undefined, string | undefined, string | undefined];
  if (group !== undefined && group === dec) return undefined; // "1.862.89": no culture writes it
  const digits = group === undefined ? int : int.split(group).join('');
  if (dec === undefined) {
    // "1.862.890" groups only; a single "1.862" is the ambiguous case.
    if ((group === '.' || group === ',') && int.split(group).length === 2) {
      // "0,862" groups nothing: a fraction
      return int.startsWith(`0${group}`) ? { value: Number(`0.${int.slice(2)}`) } : { ambiguous: t };
    }
    return { value: Number(digits) };
  }
  if (group === undefined && frac!.length === 3 && /^[1-9]\d{0,2}$/.test(int)) return { ambiguous: t };
  return { value: Number(`${digits}.${frac}`) };
}

/**
 * A number Windows keeps in 32 bits (a DWORD: password and lockout policy, REG_DWORD), written
 * signed (-1: "never") or unsigned. A larger number is no value Windows could hold or print, so a
 * file carrying one was not written by Windows as it stands: undefined, for the caller to refuse.
 */
export function parseDword(s: string): number | undefined {
  const v = parseIntStrict(s);
  return v !== undefined && v >= -0x80000000 && v <= 0xffffffff ? v : undefined;
}

/**
 * The size of a firewall profile's log in KB: Windows accepts 1 to 32767 (Set-NetFirewallProfile
 * -LogMaxSizeKilobytes, netsh MaxFileSize). Another number is no value Windows could hold or print:
 * undefined, for the caller to refuse.
 */
export const FIREWALL_LOG_MAX_KB = 32767;
export function parseFirewallLogSizeKB(s: string): number | undefined {
  const v = parseIntStrict(s);
  return v !== undefined && v >= 1 && v <= FIREWALL_LOG_MAX_KB ? v : undefined;
}

/**
 * One item of a firewall rule's LocalPort as Windows exports it: a port as plain decimal (0 to
 * 65535), a range "a-b" of such ports (low to high), or one of Windows' keywords (Any, RPC,
 * RPCEPMap, IPHTTPSIn, Teredo, PlayToDiscovery, ...: port-span.ts's list, which the checks judge).
 * "0104", "+104", "0x68", "abc80", full-width digits or another word is no port Windows prints: a
 * file holding one was not written by Windows as it stands, and a check could only guess at it.
 */
export function isFirewallPortItem(s: string): boolean {
  const port = (t: string): boolean => /^(0|[1-9][0-9]{0,4})$/.test(t) && Number(t) <= 65535;
  const range = /^([0-9]+)-([0-9]+)$/.exec(s);
  if (range) return port(range[1]!) && port(range[2]!) && Number(range[1]) <= Number(range[2]);
  return port(s) || isLocalPortKeyword(s);
}

/**
 * Well-known principals that every account logging on to the console holds. One list for every
 * reader: a local group holding one makes every user a member; an AppLocker Allow rule for one
 * gives its files to every user (applocker-xml.ts kept a shorter list, and a rule allowing every
 * file to LOCAL or Domain Users passed MAL-ALLOWLIST).
 */
const EVERY_ACCOUNT_SIDS: ReadonlyMap<string, { name: string; holders: string }> = new Map([
  // `holders`: who holds it, for texts that name the principal: NETWORK is every network logon's,
  // not every user's in a sense a reader would take (a rule for it still covers every user).
  ['S-1-1-0', { name: 'Everyone', holders: 'every user' }],
  ['S-1-2-0', { name: 'LOCAL', holders: 'every user logged on at the console' }],
  ['S-1-2-1', { name: 'CONSOLE LOGON', holders: 'every console logon' }],
  ['S-1-5-2', { name: 'NETWORK', holders: 'every network logon' }],
  ['S-1-5-4', { name: 'INTERACTIVE', holders: 'every interactive logon' }],
  ['S-1-5-11', { name: 'Authenticated Users', holders: 'every authenticated user' }],
  ['S-1-5-14', { name: 'REMOTE INTERACTIVE LOGON', holders: 'every Remote Desktop logon' }],
  ['S-1-5-15', { name: 'This Organization', holders: 'every user of the organization' }],
  ['S-1-5-32-545', { name: 'BUILTIN\\Users', holders: 'every local and domain user' }],
]);

/** Domain Users (RID 513): every account of the domain. */
const DOMAIN_USERS_SID = /^S-1-5-21-\d+-\d+-\d+-513$/i;

/** Whether a SID is one every account logging on holds (EVERY_ACCOUNT_SIDS, or a domain's Domain Users). */
export function heldByEveryAccountSid(sid: string): boolean {
  return everyAccountPrincipal(sid) !== undefined;
}

/**
 * A SID heldByEveryAccountSid accepts, named with who holds it ("NETWORK (S-1-5-2), a principal
 * every network logon holds"); undefined for any other SID.
 */
export function everyAccountPrincipal(sid: string): string | undefined {
  const t = sid.trim();
  const known = EVERY_ACCOUNT_SIDS.get(t.toUpperCase());
  if (known) return `${known.name} (${t}), a principal ${known.holders} holds`;
  return DOMAIN_USERS_SID.test(t) ? `Domain Users (${t}), a group every account of the domain holds` : undefined;
}

/** "True"/"False" as PowerShell writes booleans (case-insensitive). */
export function parsePsBool(s: string | undefined): boolean | undefined {
  if (s === undefined) return undefined;
  const t = s.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return undefined;
}

/** Accounts: array element id of a local account, from its SID (RID 500/501 are the built-ins) or name. */
export function accountElementId(name: string, sid?: string): { id: string; builtin: 'administrator' | 'guest' | null } {
  const rid = sid ? /^S-1-5-21-\d+-\d+-\d+-(\d+)$/i.exec(sid.trim())?.[1] : undefined;
  if (rid === '500') return { id: 'builtin:administrator', builtin: 'administrator' };
  if (rid === '501') return { id: 'builtin:guest', builtin: 'guest' };
  return { id: `user:${name.trim().toLowerCase()}`, builtin: null };
}

/**
 * Declares what a CSV export's rows cover. A file whose last row has no line break (Export-Csv and
 * auditpol end every line with one) may have been cut right after that row, with whole rows lost
 * behind it: its lists are then partial, with a warning naming the line, so a check that passes
 * because nothing on the list is wrong (no allow-any rule, no administrator among the clinical
 * accounts) is not collected instead; a fail found in the rows read stays a fail.
 */
export function coverCsv(sink: FactSink, table: CsvTable, scopes: ReadonlyArray<{ scope: string; note?: string }>): void {
  const at = table.unterminatedLine;
  if (at === undefined) {
    for (const c of scopes) sink.cover(c.scope, true, c.note ? { note: c.note } : {});
    return;
  }
  const note = `may be cut short: its last line (${at}) has no line break, which Windows writes after every line, so rows after it may be missing`;
  sink.warn(`the file ${note}; read as a partial list (a check that passes only on the whole list is not collected)`);
  for (const c of scopes) sink.cover(c.scope, false, { note });
}

/**
 * Whether a cell holds what PowerShell writes for a value it did not expand: an array's or
 * object's type name (Export-Csv of a list property: "System.Object[]", "System.String[]",
 * "System.Collections.Generic.List`1[Microsoft.BitLocker.Structures.BitLockerVolumeKeyProtector]",
 * "Microsoft.Management.Infrastructure.CimInstance[]", "System.Collections.Hashtable"), or a nested
 * object's "@{Name=...; SID=...}" (ConvertTo-Json past its -Depth, Export-Csv of a custom object).
 * Such a cell holds no value: it must never be read as a name, an address or a protector.
 */
export function unexpandedObject(cell: string): boolean {
  const t = cell.trim();
  return /^(System|Microsoft)\.[\w.`+]+(\[[\w.`+,\[\] ]*\])?$/.test(t) || /^@\{[^=;{}]+=.*\}$/s.test(t);
}

/** A table lookup that ignores inherited properties ("constructor", "__proto__" in input are just unknown keys). */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * A JSON export's top object, with the line of each key: PowerShell's ConvertTo-Json writes one
 * object, or (piped one by one) an array of one. `what` names the export in messages.
 */
export function jsonExportObject(sink: FactSink, what: string): { obj: { [k: string]: JsonValue }; line: (key: string) => string } {
  const d = decodeOrThrow(sink.input.bytes, sink.input.name, what);
  const json = parseJsonLocated(d.text, sink.input.name);
  let root: JsonValue = json.value;
  let base = '';
  if (Array.isArray(root)) {
    if (root.length !== 1) sink.fail(`expected one object (${what}), found an array of ${root.length}`, 'line 1');
    root = root[0] as JsonValue;
    base = '/0';
  }
  if (!isObject(root)) sink.fail(`expected ${what}: a JSON object`, 'line 1');
  // line('') is the line of the object itself
  return { obj: root, line: (key) => `line ${json.lineOf(key === '' ? base : `${base}/${key}`) ?? 1}` };
}
