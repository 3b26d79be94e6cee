// Local accounts exported with Export-Csv:
// - Get-LocalUser: Name, Enabled, SID, LastLogon, PasswordRequired, ... (one row per account)
// - Get-LocalGroupMember for every local group, with the group name added as a "Group" column
//   (Get-LocalGroupMember itself does not say which group it listed; collect.ps1 adds it), and
//   the group's SID as a "GroupSID" column: a privileged group is known by its SID
//   (S-1-5-32-544 Administrators), since an administrator may rename it ("Console-Admins").
// Built-in accounts are identified by SID (RID 500 Administrator, 501 Guest), since they are
// often renamed. LastLogon and PasswordLastSet are local time in the console's culture; the merge converts them.
import type { ExportInput, ExportKind, ExportParser } from '../types.js';
import { decodeOrThrow, sniffText } from '../text.js';
import { readCsvTable, sniffCsvHeader } from '../csv.js';
import { decodeText } from '../text.js';
import { isNeverDate, isRfc3339 } from '../datetime.js';
import { directoryDomainsOf, machinePartOf, sameComputer } from '../computer-name.js';
import { coverCsv, FactSink, accountElementId, heldByEveryAccountSid, parsePsBool, quoted } from './common.js';

const EXPECTED_USERS = 'a Get-LocalUser CSV (Export-Csv with columns Name, Enabled, SID)';
const EXPECTED_MEMBERS = 'a Get-LocalGroupMember CSV with a "Group" column (as collect.ps1 writes it)';
const USER_COLUMNS = ['passwordrequired', 'usermaychangepassword', 'passwordlastset', 'accountexpires', 'passwordexpires', 'lastlogon', 'passwordchangeabledate'];

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null) return null;
  const h = sniffCsvHeader(t);
  if (!h || !h.includes('name')) return null;
  const userCols = USER_COLUMNS.filter((c) => h.includes(c)).length;
  if (userCols >= 2) return 'local-users-csv';
  if (h.includes('objectclass') && h.includes('principalsource') && (h.includes('sid') || h.includes('group'))) return 'local-group-members-csv';
  return null;
}

function parseUsers(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED_USERS);
  const table = readCsvTable(d.text, input.name, EXPECTED_USERS, ['Name', 'Enabled', 'SID']);
  // A header and no rows is no export: Export-Csv writes nothing for no objects, and Windows always has
  // local accounts (the built-in Administrator and Guest cannot be deleted). Read as "no account", every
  // check over the accounts passed on an empty list: the file was cut after its header.
  if (table.rows.length === 0) sink.fail(`expected ${EXPECTED_USERS}: one row per local account (Windows always has the built-in Administrator and Guest), found none: the file ends after its header, so it was cut short or is not Get-LocalUser's export`, `line ${table.headerLine}`);
  // Get-LocalUser lists one computer's own accounts, which all carry its machine SID
  // (S-1-5-21-<machine>-<rid>): two machine parts are two computers' accounts in one file, or an
  // edit, and the machine part is what eventlog-acl.csv's and the groups' entries are told apart by.
  let machine: { part: string; at: string } | undefined;
  for (const row of table.rows) {
    const name = (row.get('Name') ?? '').trim();
    const sid = (row.get('SID') ?? '').trim();
    if (!name) sink.fail('expected an account name in column "Name", found an empty one', `line ${row.line}`);
    if (!/^S-1-[0-9-]+$/i.test(sid)) sink.fail(`expected a SID like S-1-5-21-...-1001 in column "SID", found ${quoted(sid)}`, `line ${row.line}`);
    const part = machinePartOf(sid);
    if (part !== undefined && machine === undefined) machine = { part, at: `line ${row.line}, account ${quoted(name)} (${sid})` };
    else if (part !== undefined && part !== machine!.part) {
      sink.fail(`expected every local account's SID to carry this computer's machine SID, as Get-LocalUser lists one computer's accounts: ${machine!.at} has the machine part ${machine!.part}, line ${row.line}, account ${quoted(name)} (${sid}) has ${part}; the file holds two computers' accounts or was edited`, `line ${row.line}`);
    }
    const { id, builtin } = accountElementId(name, sid);
    const el = { el: id };
    const loc = (col: string): string => `line ${row.line}, account ${JSON.stringify(name)}, column ${col}`;
    sink.add(['access', 'accounts', el, 'name'], name, loc('Name'));
    const enabled = parsePsBool(row.get('Enabled'));
    if (enabled === undefined) sink.fail(`expected True or False in column "Enabled", found ${quoted(row.get('Enabled'))}`, `line ${row.line}`);
    sink.add(['access', 'accounts', el, 'enabled'], enabled, loc('Enabled'));
    sink.add(['access', 'accounts', el, 'builtin'], builtin, `${loc('SID')} (${sid})`);
    const source = (row.get('PrincipalSource') ?? 'Local').trim();
    sink.add(['access', 'accounts', el, 'source'], /^local$/i.test(source) || source === '' ? 'local' : 'ldap', row.has('PrincipalSource') ? loc('PrincipalSource') : `line ${row.line} (Get-LocalUser lists local accounts)`);
    const pr = row.get('PasswordRequired');
    if (pr !== undefined && pr.trim() !== '') {
      const b = parsePsBool(pr);
      if (b === undefined) sink.fail(`expected True or False in column "PasswordRequired", found ${quoted(pr)}`, `line ${row.line}`);
      sink.add(['access', 'accounts', el, 'passwordRequired'], b, loc('PasswordRequired'));
    }
    // An empty PasswordExpires is a password that never expires (the account's own flag, or a policy
    // maximum age of 0): the account is exempt from the maximum age a policy pass rests on.
    if (row.has('PasswordExpires')) {
      const pe = (row.get('PasswordExpires') ?? '').trim();
      if (pe !== '' && !/^never$/i.test(pe) && !/\d/.test(pe)) sink.fail(`expected a date or nothing (never expires) in column "PasswordExpires", found ${quoted(pe)}`, `line ${row.line}`);
      sink.add(['access', 'accounts', el, 'passwordNeverExpires'], pe === '' || /^never$/i.test(pe), loc('PasswordExpires') + (pe === '' ? ' (empty: the password never expires)' : ''));
    }
    if (row.has('LastLogon')) {
      const ll = (row.get('LastLogon') ?? '').trim();
      // collect.ps1 writes LastLogon with .ToString('o') (ISO 8601 with the offset in force at that
      // date); a plain Export-Csv writes local time in the console's culture, read by the merge.
      // "Never", or a date no logon has (FILETIME 0 shown as 1/1/1601): never logged on, as empty.
      const never = ll !== '' && isNeverDate(ll);
      const value = ll === '' || never ? null : isRfc3339(ll) ? ll : { localDateTime: ll };
      sink.add(['access', 'accounts', el, 'lastLogon'], value, loc('LastLogon') + (ll === '' ? ' (empty: never logged on)' : never ? ` (${JSON.stringify(ll)}: Windows' "never", never logged on)` : ''));
    }
    // PasswordLastSet is written like LastLogon and read the same way (culture, zone window). An
    // empty cell is no date (a password never set, or one Windows asks to change at next logon):
    // left out, so a check on the password's age is not collected for that account, never a pass.
    // So is Windows' "never" (isNeverDate): no date, not a password set in 1601.
    const pls = (row.get('PasswordLastSet') ?? '').trim();
    if (pls !== '' && !isNeverDate(pls)) sink.add(['access', 'accounts', el, 'passwordLastSet'], isRfc3339(pls) ? pls : { localDateTime: pls }, loc('PasswordLastSet'));
  }
  coverCsv(sink, table, [{ scope: 'access.accounts', note: 'every local account (Get-LocalUser); domain accounts are not local accounts' }]);
  return sink.result('local-users-csv');
}

// Well-known principals that every account logging on holds (common.ts heldByEveryAccountSid):
// in a local group, they make every user a member. By SID, since Windows translates their names
// (NT-AUTORITÄT\Authentifizierte Benutzer); by name where the export has no SID.

// The names in the console's display language too (Windows translates them, and an export without
// the SID cell gives nothing else): "Jeder" in Administrators read as an account left
// ROLE-CLINICAL-NOT-ADMIN not collected where every user is an administrator, a fail. Whatever
// authority is written before the name (NT AUTHORITY, NT-AUTORITÄT, AUTORITE NT): taking a
// principal for one every user has can only make a check fail, never pass.
const EVERY_ACCOUNT_NAMES = new RegExp(
  '^(?:' + [
    // Everyone: en, de, fr, es/pt, nl, pl, sv, da/nb, fi, ru, tr, hu
    'everyone|jeder|tout le monde|todos|iedereen|wszyscy|alla|alle|kaikki|все|herkes|mindenki',
    // Authenticated Users, INTERACTIVE, NETWORK, ... (en, de, fr, es, pt)
    '(?:[^\\\\]+\\\\)?(?:authenticated users|authentifizierte benutzer|utilisateurs authentifiés|usuarios autentificados|usuários autenticados|interactive|interaktiv|interactif|interactivo|interativo|network|netzwerk|réseau|remote interactive logon|this organization)',
    'local|console logon',
    // Users, qualified (a bare "Benutzer" may be an account's name)
    '(?:builtin|vordefiniert)\\\\(?:users|benutzer|utilisateurs|usuarios|usuários)',
  ].join('|') + ')$', 'iu');

/**
 * ObjectClass of an account, as Windows writes it in its display language. Any other class (Group,
 * Gruppe, an unresolved SID with none) is kept as a member whose accounts are not listed: skipping
 * it would let an account's groups look complete.
 */
const USER_CLASS = /^(?:user|benutzer|utilisateur|usuario|utente|gebruiker|usuário|użytkownik|uživatel|användare|bruger|bruker|käyttäjä)$/i;

function heldByEveryAccount(name: string, sid: string): boolean {
  return sid ? heldByEveryAccountSid(sid) : EVERY_ACCOUNT_NAMES.test(name);
}

/** A local user local-users.csv lists: where (file and line) and under which name. */
export interface ListedUser {
  at: string;
  name: string;
}

/**
 * The SIDs local-users.csv (Get-LocalUser) lists, upper-cased, each with the line that lists it and
 * the account's name there: every one is a local user's, whatever class a group's member list gives it.
 */
export function localUserSids(localUsers: ExportInput): Map<string, ListedUser> {
  const out = new Map<string, ListedUser>();
  for (const row of readCsvTable(decodeText(localUsers.bytes).text, localUsers.name, EXPECTED_USERS, []).rows) {
    const sid = (row.get('SID') ?? '').trim().toUpperCase();
    if (/^S-1-[0-9-]+$/.test(sid) && !out.has(sid)) out.set(sid, { at: `${localUsers.name} line ${row.line}`, name: (row.get('Name') ?? '').trim() });
  }
  return out;
}

/** Two rows of a group-member list that give one SID two names (sidNamedTwice). */
export interface SidNamedTwice {
  sid: string;
  first: { name: string; line: number };
  other: { name: string; line: number };
}

/**
 * The first SID local-group-members.csv gives two names (compared without case), among the SIDs
 * local-users.csv does not list (`listedSids`, upper-cased: for those the SID names the account,
 * whatever the row's name, parseMembers). Get-LocalGroupMember resolves each member's SID to one
 * name in one run, and an account not listed there is known by its name alone (the vendor file's
 * roles are by name): "HOSPITAL\\dr.meyer" in Users and "HOSPITAL\\jsmith" in Administrators with one
 * SID gave the clinical dr.meyer only Users, though the SID is an administrator.
 */
export function sidNamedTwice(members: ExportInput, listedSids: ReadonlySet<string>): SidNamedTwice | undefined {
  const named = new Map<string, { name: string; line: number }>();
  for (const { sid, name, line } of unlistedMembers(members, listedSids)) {
    const first = named.get(sid);
    if (first === undefined) named.set(sid, { name, line });
    else if (first.name.toLowerCase() !== name.toLowerCase()) return { sid, first, other: { name, line } };
  }
  return undefined;
}

/** Two rows of a group-member list that give one name two SIDs of one domain (nameGivenTwoSids). */
export interface NameGivenTwoSids {
  first: { name: string; sid: string; line: number };
  other: { name: string; sid: string; line: number };
}

/**
 * The first name (compared without case) local-group-members.csv gives two SIDs of one authority
 * (the SID without its last part: S-1-5-21-<domain>), among the SIDs local-users.csv does not list
 * (`listedSids`, upper-cased: those are read by the SID, parseMembers). Two accounts of one domain
 * never share a name, and Get-LocalGroupMember resolves each SID to its own account's name in a
 * run: read by name, "HOSPITAL\\jsmith" with -1105 in Users and -2207 in Administrators was one
 * account holding both groups. Two S-1-5-21 SIDs of different domains under one name are what a
 * migrated account's SID history shows (its token holds both, so it holds both groups): not returned.
 */
export function nameGivenTwoSids(members: ExportInput, listedSids: ReadonlySet<string>): NameGivenTwoSids | undefined {
  const sidsOf = new Map<string, Array<{ name: string; sid: string; line: number }>>();
  const authorityOf = (sid: string): string => sid.slice(0, sid.lastIndexOf('-'));
  for (const m of unlistedMembers(members, listedSids)) {
    const seen = sidsOf.get(m.name.toLowerCase()) ?? [];
    const first = seen.find((f) => f.sid !== m.sid && (authorityOf(f.sid) === authorityOf(m.sid) || machinePartOf(f.sid) === undefined || machinePartOf(m.sid) === undefined));
    if (first !== undefined) return { first, other: m };
    if (!seen.some((f) => f.sid === m.sid)) seen.push(m);
    sidsOf.set(m.name.toLowerCase(), seen);
  }
  return undefined;
}

/** The rows of a group-member list with a name and a SID (upper-cased) local-users.csv does not list (`listedSids`). */
function* unlistedMembers(members: ExportInput, listedSids: ReadonlySet<string>): Generator<{ name: string; sid: string; line: number }> {
  for (const row of readCsvTable(decodeText(members.bytes).text, members.name, EXPECTED_MEMBERS, []).rows) {
    const sid = (row.get('SID') ?? '').trim().toUpperCase();
    const name = (row.get('Name') ?? '').trim();
    if (/^S-1-[0-9-]+$/.test(sid) && name !== '' && !listedSids.has(sid)) yield { name, sid, line: row.line };
  }
}

/** A group member named without a domain, read as a local account of this computer that local-users.csv does not list (unlistedLocalMember). */
export interface UnlistedLocalMember {
  name: string;
  group: string;
  sid: string;
  part: string;
  line: number;
  /** Where the machine part was read (machineParts' value). */
  partFrom: string;
  source: string;
}

/**
 * The first member of local-group-members.csv named without a domain ("jsmith") that parseMembers
 * would credit as a local account of this computer (class User, PrincipalSource Local or none)
 * whose SID carries this console's machine part (`machineParts`: part -> where it was read) but is
 * not among the SIDs local-users.csv lists (`listedSids`, upper-cased). Get-LocalGroupMember names
 * a local account "COMPUTER\\x", so only the SID says whose the row is, and Get-LocalUser, which
 * lists every account of this computer, does not know it: read so, "jsmith" in Administrators was
 * a local administrator the complete list lacks, whose enabled state and password no file gives.
 * A name with this computer's name is the export's own shape and is read as that local account, as
 * before (a short local-users.csv beside it is read: header-only-csv). Another class stays a member
 * whose accounts are not listed (parseMembers), never credited, so it is left out.
 */
export function unlistedLocalMember(members: ExportInput, machineParts: ReadonlyMap<string, string>, listedSids: ReadonlySet<string>): UnlistedLocalMember | undefined {
  for (const row of readCsvTable(decodeText(members.bytes).text, members.name, EXPECTED_MEMBERS, []).rows) {
    const name = (row.get('Name') ?? '').trim();
    const sid = (row.get('SID') ?? '').trim();
    const source = (row.get('PrincipalSource') ?? '').trim();
    const part = machinePartOf(sid);
    const partFrom = part === undefined ? undefined : machineParts.get(part);
    if (partFrom === undefined || listedSids.has(sid.toUpperCase())) continue;
    if (!USER_CLASS.test((row.get('ObjectClass') ?? '').trim()) || heldByEveryAccount(name, sid) || !(source === '' || /^local$/i.test(source))) continue;
    if (name.includes('\\')) continue;
    return { name, group: (row.get('Group') ?? '').trim(), sid, part: part!, line: row.line, partFrom, source };
  }
  return undefined;
}

/** This computer's name as the device folder gives it (collection.json's hostname), with where. */
export interface ComputerName {
  name: string;
  at: string;
}

/**
 * Get-LocalGroupMember's members. `userSids` (localUserSids, given once local-users.csv is read):
 * a member whose SID Get-LocalUser lists is a user whatever its ObjectClass says ("Group", "Usr",
 * empty, a class in a language USER_CLASS lacks): read by its class, a clinical user in
 * Administrators was kept as a nested group without members, and the check on it gave not-collected
 * where it fails. Read as the user, with a warning naming the line and the class. So for a
 * PrincipalSource other than Local ("ActiveDirectory", "AzureAD"): read as the local user, warned.
 * And for a name that contradicts the SID (`computers`: this console's names): "HOSPITAL\radtech" (a
 * domain's name, not this computer's) or "MR01-CONSOLE\jdoe" where local-users.csv names that SID
 * radtech: read as the user local-users.csv lists (by its name there), with a warning naming the
 * contradiction; read by the name, the membership went to an account no file lists and the local
 * user's Administrators was hidden from the role checks.
 */
export function parseMembers(input: ExportInput, userSids: ReadonlyMap<string, ListedUser> = new Map(), computers: readonly ComputerName[] = []) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED_MEMBERS);
  const table = readCsvTable(d.text, input.name, EXPECTED_MEMBERS, ['Group', 'Name', 'ObjectClass']);
  // No rows: no group has a member, which Windows never shows (Administrators always holds the built-in
  // Administrator); read so, "no clinical user is an administrator" passed on nothing. Cut after its header.
  if (table.rows.length === 0) sink.fail(`expected ${EXPECTED_MEMBERS}: one row per member of a local group (Administrators always holds the built-in Administrator), found none: the file ends after its header, so it was cut short or is not collect.ps1's export`, `line ${table.headerLine}`);
  const byAccount = new Map<string, { name: string; local: boolean; groups: string[]; groupSids: string[]; everySid: boolean; lines: number[] }>();
  // Exports written before collect.ps1 added GroupSID: the groups' SIDs were not collected.
  const hasGroupSid = table.rows.some((r) => r.has('GroupSID'));
  const domains = directoryDomainsOf(table.rows);
  for (const row of table.rows) {
    const group = (row.get('Group') ?? '').trim();
    const full = (row.get('Name') ?? '').trim();
    const cls = (row.get('ObjectClass') ?? '').trim();
    if (!group || !full) sink.fail('expected a group name in column "Group" and a member in column "Name"', `line ${row.line}`);
    const source = (row.get('PrincipalSource') ?? '').trim();
    const sid = (row.get('SID') ?? '').trim();
    const groupSid = (row.get('GroupSID') ?? '').trim();
    if (groupSid && !/^S-1-[0-9-]+$/i.test(groupSid)) sink.fail(`expected the group's SID like S-1-5-32-544 in column "GroupSID", found ${quoted(groupSid)}`, `line ${row.line}`);
    // A principal every user has is nested whatever ObjectClass the export gives it: read as an
    // account, it would give its local group to no one.
    const listedAs = sid ? userSids.get(sid.toUpperCase()) : undefined;
    const listedUser = USER_CLASS.test(cls) ? undefined : listedAs?.at;
    if (listedUser !== undefined) sink.warn(`line ${row.line}: member ${quoted(full)} of ${quoted(group)} has ObjectClass ${quoted(cls)}, but ${listedUser} lists its SID ${sid} as a local user (Get-LocalGroupMember writes a user's class as User): read as that user`);
    if ((!USER_CLASS.test(cls) && listedUser === undefined) || heldByEveryAccount(full, sid)) {
      // Listed without its members: no account's groups can show the local group it gives them.
      const el = { el: `${group.toLowerCase()}|${(sid || full).toLowerCase()}` };
      const loc = `line ${row.line}, member ${JSON.stringify(full)} of ${JSON.stringify(group)}, column ObjectClass`;
      sink.add(['access', 'nestedGroups', el, 'group'], group, loc);
      sink.add(['access', 'nestedGroups', el, 'member'], full, loc);
      if (sid) sink.add(['access', 'nestedGroups', el, 'sid'], sid, loc);
      if (groupSid) sink.add(['access', 'nestedGroups', el, 'groupSid'], groupSid.toUpperCase(), `line ${row.line}, group ${JSON.stringify(group)}, column GroupSID`);
      sink.add(['access', 'nestedGroups', el, 'kind'], heldByEveryAccount(full, sid) ? 'every-account' : 'group', loc);
      continue;
    }
    // Get-LocalUser's list settles the source as it does the class: a SID it lists is a local
    // account's, whatever PrincipalSource says ("ActiveDirectory", "AzureAD"). Read as a directory
    // account, radtech in Administrators was another account than the local radtech, whose groups
    // then hid Administrators and let ROLE-CLINICAL-NOT-ADMIN pass.
    const sourceLocal = source === '' || /^local$/i.test(source);
    if (listedAs !== undefined && !sourceLocal) sink.warn(`line ${row.line}: member ${quoted(full)} of ${quoted(group)} has PrincipalSource ${quoted(source)}, but ${listedAs.at} lists its SID ${sid} as a local user (Get-LocalGroupMember writes a local account's source as Local): read as that user`);
    const cut = full.lastIndexOf('\\');
    const prefix = cut < 0 ? '' : full.slice(0, cut).trim();
    const written = cut < 0 ? full : full.slice(cut + 1);
    // "HOSPITAL\\x" marked Local, where the file's own directory members show HOSPITAL is a domain,
    // and no local user of that SID listed: Windows names an account by the authority whose SID it
    // carries, so the name says a domain's account and only PrincipalSource says local. Read as the
    // domain's member it is named as, warned: read as the local x, it gave a local account a group
    // nothing shows it holds; refused as "several computers' values", the message was wrong. One whose
    // SID carries this console's machine part never gets here (index.ts refuseDomainNameOnOwnSid).
    const domainLine = sourceLocal && listedAs === undefined && prefix !== '' ? domains.get(prefix.toLowerCase()) : undefined;
    if (domainLine !== undefined) sink.warn(`line ${row.line}: member ${quoted(full)} of ${quoted(group)} has PrincipalSource ${quoted(source)}, but ${quoted(prefix)} is a domain (line ${domainLine} names a directory member of it), not this computer: a local account is named with the computer's name. Read as the domain's account ${quoted(full)}, not as a local account ${quoted(written.trim())}`);
    const local = (sourceLocal && domainLine === undefined) || listedAs !== undefined;
    // The SID is what Windows resolves a member by, and Get-LocalUser's list says whose it is: a name
    // that says otherwise (another domain or computer before the backslash, another account after it)
    // is an edit or a mix of exports. Read as the listed local user, never by the name: that can only
    // add a group to a local account the role checks read, where refusing would drop the device's
    // evidence and reading by the name hid the local member of Administrators.
    if (listedAs !== undefined) {
      const said: string[] = [];
      const own = computers.find((c) => sameComputer(c.name, prefix));
      if (prefix !== '' && computers.length > 0 && own === undefined) said.push(`its name's domain ${quoted(prefix)} is not this computer's name (${computers.map((c) => `${c.at} says ${quoted(c.name)}`).join(', ')}), while the SID is this console's own account's`);
      if (listedAs.name !== '' && written.trim().toLowerCase() !== listedAs.name.toLowerCase()) said.push(`its account name ${quoted(written.trim())} is not the name ${listedAs.at} gives that SID (${quoted(listedAs.name)})`);
      if (said.length > 0) sink.warn(`line ${row.line}: member ${quoted(full)} of ${quoted(group)} with SID ${sid} contradicts local-users.csv: ${said.join('; ')}. Read as the local user ${quoted(listedAs.name)} (Windows resolves a member by its SID); the export was edited or mixes two computers' files`);
    }
    const short = listedAs !== undefined && listedAs.name !== '' ? listedAs.name : written;
    const { id } = local ? accountElementId(short, sid) : { id: `user:${full.toLowerCase()}` };
    const entry = byAccount.get(id) ?? { name: local ? short : full, local, groups: [], groupSids: [], everySid: true, lines: [] };
    if (!entry.groups.some((g) => g.toLowerCase() === group.toLowerCase())) entry.groups.push(group);
    if (!groupSid) entry.everySid = false;
    else if (!entry.groupSids.includes(groupSid.toUpperCase())) entry.groupSids.push(groupSid.toUpperCase());
    entry.lines.push(row.line);
    byAccount.set(id, entry);
  }
  for (const [id, e] of byAccount) {
    const el = { el: id };
    const loc = `line${e.lines.length > 1 ? 's' : ''} ${e.lines.join(', ')}, member ${JSON.stringify(e.name)}, column Group`;
    sink.add(['access', 'accounts', el, 'groups'], e.groups, loc);
    // Only when every group of the account came with its SID: a partial list would hide the one missing.
    if (hasGroupSid && e.everySid) sink.add(['access', 'accounts', el, 'groupSids'], e.groupSids, loc.replace(/column Group$/, 'column GroupSID'));
    if (!e.local) {
      sink.add(['access', 'accounts', el, 'name'], e.name, loc);
      sink.add(['access', 'accounts', el, 'source'], 'ldap', loc);
    }
  }
  coverCsv(sink, table, [
    { scope: 'access.accounts[].groups', note: 'the members of every local group (Get-LocalGroupMember)' },
    ...(hasGroupSid ? [{ scope: 'access.accounts[].groupSids', note: 'the SIDs of the local groups of every member (Get-LocalGroup, as collect.ps1 adds them)' }] : []),
    { scope: 'access.nestedGroups', note: 'the members of every local group that are groups (Get-LocalGroupMember)' },
  ]);
  return sink.result('local-group-members-csv');
}

export const localAccountsCsvParser: ExportParser = {
  kinds: ['local-users-csv', 'local-group-members-csv'],
  sniff,
  parse: (input) => (sniff(input) === 'local-group-members-csv' ? parseMembers(input) : parseUsers(input)),
};
