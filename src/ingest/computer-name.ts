// Which computer an export says it was collected from. PowerShell adds a PSComputerName property to
// every object returned through remoting (Invoke-Command -ComputerName, a CIM session), and
// Export-Csv / ConvertTo-Json keep it as a column or property; a CIM instance (Defender's) names the computer that
// answered in CimSystemProperties.ServerName, auditpol /backup in its "Machine Name" column, and Get-LocalGroupMember
// in a local account's name ("MR01-CONSOLE\user"), as Get-Acl does in eventlog-acl.csv for an account whose SID is the
// console's own (the machine SID local-users.csv gives). A file naming another computer than the device folder's hostname is
// another device's evidence (merge.ts refuses it, as it refuses a vendor file naming another host);
// a file whose rows name several computers is refused here, naming the line.
import { isIP } from 'node:net';
import { UserError } from '../io/errors.js';
import { readCsvTable, type CsvRow } from './csv.js';
import { isObject, parseJsonLocated, type JsonValue } from './json-located.js';
import { decodeText } from './text.js';
import type { ExportInput, ExportKind } from './types.js';
import { quoted } from '../snapshot/secrets.js';

export interface NamedComputer {
  name: string;
  /** Where the file names it: "line 2, column PSComputerName", "/PSComputerName, line 64". */
  location: string;
}

/**
 * The CSV exports whose column names the computer: PowerShell objects' (Export-Csv) PSComputerName, and
 * auditpol /backup's "Machine Name" (the computer auditpol ran on; a GPO's audit.csv leaves it empty).
 */
const CSV_COLUMNS: ReadonlyMap<ExportKind, string> = new Map<ExportKind, string>([
  ...(['firewall-profiles-csv', 'firewall-rules-csv', 'local-users-csv', 'local-group-members-csv', 'services-csv', 'bitlocker-volumes-csv', 'eventlog-acl-csv'] as const).map((k) => [k, 'PSComputerName'] as [ExportKind, string]),
  ['auditpol-backup', 'Machine Name'],
  ['gpo-audit-csv', 'Machine Name'],
]);
/**
 * The JSON exports of PowerShell objects: PSComputerName, and a CIM instance's CimSystemProperties.ServerName
 * (Get-MpComputerStatus and Get-MpPreference are CIM instances; ServerName is the computer that answered).
 */
const JSON_KINDS: ReadonlySet<ExportKind> = new Set(['defender-status', 'defender-preferences', 'winlogon-json']);

/**
 * A name that says nothing of which computer it is: empty (a local run), "localhost" or "." (the
 * computer the command ran on, whichever that was), or an address (no host name to compare).
 */
function namesNoComputer(name: string): boolean {
  const t = name.trim().toLowerCase();
  return t === '' || t === '.' || t === 'localhost' || isIP(t.replace(/%[^%]*$/, '')) !== 0;
}

/** NetBIOS names are 15 characters at most: a longer host name is cut there for them. */
const NETBIOS_LENGTH = 15;

/**
 * Whether two names are one computer: Windows compares computer names without case, and a DNS name
 * ("MR01-CONSOLE.radiology.example") is the computer of its first label where the other is a short
 * name. Two full DNS names are compared whole. A computer whose name is longer than 15 characters
 * ("MAGNARA-VIDA-3T-CONSOLE01") names itself by its NetBIOS name, the first 15 characters, in
 * `HOST\user` names and PSComputerName ("MAGNARA-VIDA-3T"): that cut, exactly 15 characters, is the
 * same computer; a shorter prefix or another 15-character name is not.
 */
export function sameComputer(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  if (x === y) return true;
  if (x.includes('.') && y.includes('.')) return false;
  const [fx, fy] = [x.split('.')[0]!, y.split('.')[0]!];
  if (fx === fy) return true;
  return isNetbiosCutOf(x, fy) || isNetbiosCutOf(y, fx);
}

/** Whether `name` (a short name, no dot) is the NetBIOS name of a computer whose first label is `label`. */
function isNetbiosCutOf(name: string, label: string): boolean {
  return !name.includes('.') && name.length === NETBIOS_LENGTH && label.length > NETBIOS_LENGTH && label.slice(0, NETBIOS_LENGTH) === name;
}

/**
 * The first two of `names` that are not one computer, or undefined where all are. Every pair is
 * compared, not each with the first: a NetBIOS name is one computer with each longer name it cuts
 * ("MAGNARA-VIDA-3T" with "…-CONSOLE01" and with "…-CONSOLE02"), which are not one computer.
 * Each spelling (ignoring case) is compared once: a file of many rows naming one computer costs one look-up a row.
 */
export function firstDifferentComputers<T>(items: readonly T[], nameOf: (t: T) => string, same: (a: string, b: string) => boolean = sameComputer): [T, T] | undefined {
  const distinct = new Map<string, T>();
  for (const item of items) {
    const key = nameOf(item).toLowerCase();
    if (distinct.has(key)) continue;
    for (const seen of distinct.values()) if (!same(nameOf(seen), nameOf(item))) return [seen, item];
    distinct.set(key, item);
  }
  return undefined;
}

/**
 * The computer a local account's name is written with: Get-LocalGroupMember names a member of the
 * console's own accounts (PrincipalSource Local) "COMPUTER\user", COMPUTER the console's name. Rows
 * of "CT02-CONSOLE\clinuser" beside MR01's collection.json are CT02's groups: read by the short
 * name, they gave MR01's accounts CT02's memberships. A well-known principal (NT AUTHORITY\…, by
 * its SID, never S-1-5-21-…) and a member of another source (a domain's) name no computer.
 */
function localAccountComputer(row: CsvRow, domains: ReadonlyMap<string, number>): string | undefined {
  if (!/^local$/i.test((row.get('PrincipalSource') ?? '').trim())) return undefined;
  const sid = (row.get('SID') ?? '').trim();
  if (sid !== '' && !/^S-1-5-21-/i.test(sid)) return undefined;
  const name = (row.get('Name') ?? '').trim();
  const cut = name.indexOf('\\');
  if (cut < 0) return undefined;
  const host = name.slice(0, cut).trim();
  // "HOSPITAL\\x" marked Local where the file's directory members show HOSPITAL is a domain: the row
  // contradicts itself (parseMembers says so), and names no computer.
  return namesNoComputer(host) || domains.has(host.toLowerCase()) ? undefined : host;
}

/**
 * The domains a group-member export shows by its own rows: the part before the backslash of a
 * member whose PrincipalSource is a directory's (ActiveDirectory, AzureAD), lower-cased, with the
 * line first showing it. "Unknown" (a well-known principal's, NT AUTHORITY) shows none.
 */
export function directoryDomainsOf(rows: readonly CsvRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) {
    const source = (row.get('PrincipalSource') ?? '').trim();
    if (source === '' || /^(local|unknown)$/i.test(source)) continue;
    const name = (row.get('Name') ?? '').trim();
    const cut = name.indexOf('\\');
    const domain = cut < 0 ? '' : name.slice(0, cut).trim().toLowerCase();
    if (domain !== '' && !out.has(domain)) out.set(domain, row.line);
  }
  return out;
}

/** The machine part of a SID of a computer's own account (S-1-5-21-a-b-c-rid: "a-b-c"), or undefined for any other SID. */
export function machinePartOf(sid: string): string | undefined {
  return /^S-1-5-21-(\d+-\d+-\d+)-\d+$/i.exec(sid.trim())?.[1];
}

/**
 * The machine SIDs local-users.csv (Get-LocalUser) gives: every local account's SID is the
 * computer's own S-1-5-21-<machine>-<rid>. Empty where the export's SIDs give none.
 */
export function machineSidsOf(localUsers: ExportInput): Set<string> {
  const table = readCsvTable(decodeText(localUsers.bytes).text, localUsers.name, 'a Get-LocalUser CSV', []);
  const out = new Set<string>();
  for (const row of table.rows) {
    const part = machinePartOf(row.get('SID') ?? '');
    if (part !== undefined) out.add(part);
  }
  return out;
}

/**
 * The computer an event-log ACL entry names where its SID is one of this console's own accounts
 * (the machine part local-users.csv gives): Get-Acl writes such an account "COMPUTER\user" with the
 * name of the computer it ran on. "CT02-CONSOLE\hospadmin" with MR01's machine SID is the ACL as
 * CT02 read it (a console cloned from MR01's image shares its machine SID): the file is CT02's. A
 * name with another machine part (a domain's account, another console's) cannot be told apart by
 * its name, and names none: AUDIT-LOG-PERMISSIONS lists its SID as a principal not on the list.
 */
function machineAccountComputer(row: CsvRow, machineSids: ReadonlySet<string>): string | undefined {
  const part = machinePartOf(row.get('SID') ?? '');
  if (part === undefined || !machineSids.has(part)) return undefined;
  const name = (row.get('IdentityReference') ?? '').trim();
  const cut = name.indexOf('\\');
  if (cut < 0) return undefined;
  const host = name.slice(0, cut).trim();
  return namesNoComputer(host) ? undefined : host;
}

/** An account entry named "HOST\\user" whose SID is a computer's own account of another machine part than the console's. */
export interface ForeignSidAccount {
  host: string;
  name: string;
  sid: string;
  part: string;
  line: number;
  column: string;
}

/**
 * The entries of an event-log ACL (IdentityReference) or a local group's members (Name) written
 * "HOST\user" whose SID is a computer's own account (S-1-5-21-<machine>-<rid>) of a machine part
 * local-users.csv does not give for this console. Such an entry names a domain's account or another
 * computer's: Windows names an account by the computer or domain whose SID it carries, and a
 * computer's name is never its domain's, so one naming this console is a contradiction (the caller
 * compares HOST with the folder's hostname).
 */
export function foreignSidAccounts(input: ExportInput, kind: ExportKind, machineSids: ReadonlySet<string>): ForeignSidAccount[] {
  const column = kind === 'eventlog-acl-csv' ? 'IdentityReference' : kind === 'local-group-members-csv' ? 'Name' : undefined;
  if (column === undefined || machineSids.size === 0) return [];
  const table = readCsvTable(decodeText(input.bytes).text, input.name, 'a CSV export', []);
  const out: ForeignSidAccount[] = [];
  for (const row of table.rows) {
    const sid = (row.get('SID') ?? '').trim();
    const part = machinePartOf(sid);
    if (part === undefined || machineSids.has(part)) continue;
    const name = (row.get(column) ?? '').trim();
    const cut = name.indexOf('\\');
    if (cut < 0) continue;
    const host = name.slice(0, cut).trim();
    if (!namesNoComputer(host)) out.push({ host, name, sid, part, line: row.line, column });
  }
  return out;
}

/** A group member named as a domain's account whose SID carries this console's own machine part (domainNamedOwnSidMembers). */
export interface DomainNamedOwnSid {
  name: string;
  sid: string;
  part: string;
  line: number;
  /** What names it a domain's: its PrincipalSource, or the line of the file that names a directory member of its domain. */
  named: string;
  /** What shows the machine part is this console's: local-users.csv, or a line of the file naming an account of this computer. */
  partFrom: string;
}

/**
 * The members of local-group-members.csv named "DOMAIN\\x" as a domain's account (a directory's
 * PrincipalSource, or a domain the file's own directory members name: directoryDomainsOf), or named
 * without a domain ("jsmith") and marked with a directory's PrincipalSource, whose SID
 * is a computer's own account of this console's machine part, and which local-users.csv does not
 * list (`listedSids`, upper-cased). This console's machine parts: those local-users.csv gives
 * (`machineSids`, with the file that gives them), and those of the file's own Local members named
 * with this computer's name (`isThisComputer`), so a folder without local-users.csv is read alike.
 * A name that is this console's is left out: the name and the SID agree there. The SID says an
 * account of this computer, which Windows would name "COMPUTER\\x" and Get-LocalUser would list;
 * the name says a domain's, whose SIDs never carry a workstation's machine part: no export writes both.
 */
export function domainNamedOwnSidMembers(input: ExportInput, machineSids: ReadonlyMap<string, string>, listedSids: ReadonlySet<string>, isThisComputer: (name: string) => boolean): DomainNamedOwnSid[] {
  const table = readCsvTable(decodeText(input.bytes).text, input.name, 'a CSV export', []);
  const member = (row: CsvRow) => {
    const name = (row.get('Name') ?? '').trim();
    const cut = name.indexOf('\\');
    const sid = (row.get('SID') ?? '').trim();
    return { name, sid, part: machinePartOf(sid), prefix: cut < 0 ? '' : name.slice(0, cut).trim(), source: (row.get('PrincipalSource') ?? '').trim() };
  };
  const parts = new Map(machineSids);
  for (const row of table.rows) {
    const m = member(row);
    if (m.part !== undefined && !parts.has(m.part) && /^local$/i.test(m.source) && m.prefix !== '' && isThisComputer(m.prefix)) parts.set(m.part, `line ${row.line}'s ${quoted(m.name)}, an account of this computer`);
  }
  if (parts.size === 0) return [];
  const domains = directoryDomainsOf(table.rows);
  const out: DomainNamedOwnSid[] = [];
  for (const row of table.rows) {
    const m = member(row);
    const partFrom = m.part === undefined ? undefined : parts.get(m.part);
    if (partFrom === undefined || listedSids.has(m.sid.toUpperCase())) continue;
    // A bare name ("jsmith") is a domain's only by a directory PrincipalSource; "." or an address names no authority.
    if ((m.prefix !== '' && namesNoComputer(m.prefix)) || isThisComputer(m.prefix)) continue;
    const directory = m.source !== '' && !/^(local|unknown)$/i.test(m.source);
    const domainLine = domains.get(m.prefix.toLowerCase());
    if (!directory && domainLine === undefined) continue;
    const named = directory ? `its PrincipalSource ${quoted(m.source)}` : `line ${domainLine} naming a directory member of ${quoted(m.prefix)}`;
    out.push({ name: m.name, sid: m.sid, part: m.part!, line: row.line, named, partFrom });
  }
  return out;
}

/**
 * The computer the file names (once, at its first mention), or undefined where it names none.
 * Throws UserError where its rows or objects name different computers. The file has already been
 * parsed by its reader, so its text decodes and its CSV or JSON reads.
 */
export function computerNamedBy(input: ExportInput, kind: ExportKind, machineSids: ReadonlySet<string> = new Set()): NamedComputer | undefined {
  const mentions: NamedComputer[] = [];
  const column = CSV_COLUMNS.get(kind);
  if (column !== undefined) {
    const text = decodeText(input.bytes).text;
    const members = kind === 'local-group-members-csv';
    const byAccount = members || (kind === 'eventlog-acl-csv' && machineSids.size > 0);
    if (!byAccount && !text.slice(0, 8192).toLowerCase().includes(column.toLowerCase())) return undefined;
    const table = readCsvTable(text, input.name, 'a CSV export', []);
    const domains = members ? directoryDomainsOf(table.rows) : new Map<string, number>();
    for (const row of table.rows) {
      const v = row.get(column);
      if (v !== undefined && !namesNoComputer(v)) mentions.push({ name: v.trim(), location: `line ${row.line}, column ${column}` });
      const host = members ? localAccountComputer(row, domains) : undefined;
      if (host !== undefined) mentions.push({ name: host, location: `line ${row.line}, column Name` });
      const owner = kind === 'eventlog-acl-csv' ? machineAccountComputer(row, machineSids) : undefined;
      if (owner !== undefined) mentions.push({ name: owner, location: `line ${row.line}, column IdentityReference (SID ${row.get('SID')!.trim()})` });
    }
  } else if (JSON_KINDS.has(kind)) {
    const text = decodeText(input.bytes).text;
    if (!/"(PSComputerName|ServerName)"/i.test(text)) return undefined;
    const json = parseJsonLocated(text, input.name);
    const objects: Array<{ obj: { [k: string]: JsonValue }; pointer: string }> = [];
    if (isObject(json.value)) objects.push({ obj: json.value, pointer: '' });
    else if (Array.isArray(json.value)) json.value.forEach((v, i) => { if (isObject(v)) objects.push({ obj: v, pointer: `/${i}` }); });
    for (const { obj, pointer } of objects) {
      // Property names ignore case in PowerShell; ConvertTo-Json writes this one as PSComputerName.
      const key = Object.keys(obj).find((k) => k.toLowerCase() === 'pscomputername');
      const v = key === undefined ? undefined : obj[key];
      if (typeof v === 'string' && !namesNoComputer(v)) mentions.push({ name: v.trim(), location: `${pointer}/${key}, line ${json.lineOf(`${pointer}/${key}`) ?? 1}` });
      const cim = Object.keys(obj).find((k) => k.toLowerCase() === 'cimsystemproperties');
      const props = cim === undefined ? undefined : obj[cim];
      const serverKey = isObject(props) ? Object.keys(props).find((k) => k.toLowerCase() === 'servername') : undefined;
      const server = serverKey === undefined || !isObject(props) ? undefined : props[serverKey];
      if (typeof server === 'string' && !namesNoComputer(server)) {
        const at = `${pointer}/${cim}/${serverKey}`;
        mentions.push({ name: server.trim(), location: `${at}, line ${json.lineOf(at) ?? 1}` });
      }
    }
  }
  const first = mentions[0];
  if (!first) return undefined;
  const differ = firstDifferentComputers(mentions, (m) => m.name);
  if (differ) {
    const [one, other] = differ;
    // A member's name is a computer's only because its row says Local: that row may be what is wrong.
    const byMember = [one, other].some((m) => m.location.endsWith('column Name'));
    const why = byMember ? ' (a member marked PrincipalSource Local is read as an account of the computer its name gives: the file mixes two computers\' members, or a row\'s PrincipalSource is wrong)' : '';
    throw new UserError(
      `the file holds several computers' values: ${one.location} says ${quoted(one.name)}, ${other.location} says ${quoted(other.name)}${why}; one file must hold one device's export (collect each console into its own folder)`,
      { file: input.name, where: other.location.replace(/^.*?(line \d+).*$/, '$1') },
    );
  }
  return first;
}
