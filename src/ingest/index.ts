// Ingestion: a folder of a console's native exports -> one Snapshot with provenance per value.
// Files are read here, at the edge; recognition, parsing and merging are pure functions of the
// bytes (see docs/ingest.md).
import { sha256Hex } from '../oscal/ids.js';
import { closeSync, openSync, readSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { isUserError, oneLine, UserError } from '../io/errors.js';
import { readUserFile } from '../io/file-queue.js';
import { tooDeepAt } from '../io/json-text.js';
import { JsonExportTooLarge } from './json-located.js';
import { cutForMessage, quoted, maskSecretCopies, maskSnapshotCopies, redactText, secretsInDocument, secretsInText, secretsTogether } from '../snapshot/secrets.js';
import type { Snapshot } from '../snapshot/types.js';
import { KNOWN_EXPORTS, knownExportByName } from './known-exports.js';
import { mergeExports } from './merge.js';
import { recognise, sniffKind } from './parsers/index.js';
import type { ExportInput, ParsedExport } from './types.js';
import { decodeText } from './text.js';
import { finishSnapshot } from './validate.js';
import { computerNamedBy, domainNamedOwnSidMembers, foreignSidAccounts, machineSidsOf, sameComputer } from './computer-name.js';
import { localUserSids, nameGivenTwoSids, parseMembers, sidNamedTwice, unlistedLocalMember, type ListedUser } from './parsers/local-accounts-csv.js';

export type { ExportInput, ExportKind, ExportParser, Fact, FactValue, ParsedExport, PathSeg } from './types.js';
export { KNOWN_EXPORTS, KIND_INFO, knownExportByName } from './known-exports.js';
export { PARSERS, parserFor, recognise, sniffKind } from './parsers/index.js';
export { mergeExports } from './merge.js';
export { registryValue } from './registry.js';

export interface IngestResult {
  snapshot: Snapshot;
  recognised: Array<{ file: string; kind: string; sha256: string }>;
  skipped: Array<{ file: string; reason: string }>;
  /** Things the user should know that do not stop ingestion (left-out values, script errors, ...). */
  warnings: string[];
}

export { sha256Hex };

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * A parser's refusal may quote a key or value of the file (`unknown key "<a copy of the bind
 * password>"`) that the text rules alone do not see as a secret: every copy of a secret the file
 * holds is masked in it, as redaction would mask it in the snapshot. Its warnings too.
 */
function parseMasked(parser: { parse(input: ExportInput): ParsedExport }, input: ExportInput): ParsedExport {
  let secrets: string[] | undefined;
  const of = () => (secrets ??= secretsOfFile(input));
  const p = maskingErrors(of, () => {
    const parsed = parser.parse(input);
    const computer = computerNamedBy(input, parsed.kind);
    return computer ? { ...parsed, computer } : parsed;
  });
  refuseOverlongValues(input.name, p);
  if (!p.warnings?.length || of().length === 0) return p;
  return { ...p, warnings: p.warnings.map((w) => maskSecretCopies(w, of())) };
}

/** The console's hostname as the parsed files give it (collection.json), each with where. */
function hostnamesOf(parsed: readonly ParsedExport[]): Array<{ name: string; at: string }> {
  return parsed.flatMap((p) => p.facts
    .filter((f) => f.path.length === 2 && f.path[0] === 'device' && f.path[1] === 'hostname' && typeof f.value === 'string')
    .map((f) => ({ name: f.value as string, at: `${p.file} (${f.provenance.location})` })));
}

/**
 * An event-log ACL entry or a group member named as one of this console's accounts
 * ("MR01-CONSOLE\\hospadmin", the folder's hostname) whose SID is a computer's own account of
 * another machine part than local-users.csv gives: Windows names an account by the computer whose
 * SID it carries (a computer's name is never its domain's), so this console's account cannot carry
 * another machine's SID. The entry was read on another computer of that name, or edited: read as
 * given, its SID was judged as a principal apart from the account it names. Refused, naming both.
 */
function refuseOwnNameOnForeignSid(parsed: readonly ParsedExport[], byName: ReadonlyMap<string, ExportInput>, machineSids: ReadonlySet<string>): void {
  const hostnames = hostnamesOf(parsed);
  if (hostnames.length === 0) return;
  const users = parsed.filter((p) => p.kind === 'local-users-csv').map((p) => p.file).join(', ');
  for (const p of parsed) {
    if (p.kind !== 'eventlog-acl-csv' && p.kind !== 'local-group-members-csv') continue;
    const input = byName.get(p.file)!;
    maskingErrors(() => secretsOfFile(input), () => {
      for (const a of foreignSidAccounts(input, p.kind, machineSids)) {
        const own = hostnames.find((h) => sameComputer(h.name, a.host));
        if (own === undefined) continue;
        throw new UserError(
          `${quoted(a.name)} (column ${a.column}) names an account of this console (${own.at} says ${quoted(own.name)}), but its SID ${a.sid} has the machine part ${a.part}, not the one ${users} gives for this console's accounts (${[...machineSids].join(', ')}): an account of this computer carries its own machine SID, so the entry was read on another computer or edited; one device folder must hold one device's collection`,
          { file: p.file, where: `line ${a.line}` },
        );
      }
    });
  }
}

/** What local-users.csv says of the console's own accounts: their machine parts (with where), the SIDs it lists (upper-cased), and its file names. */
interface LocalUsers {
  machineSids: Map<string, string>;
  listed: Set<string>;
  users: string;
}

function localUsersOf(parsed: readonly ParsedExport[], byName: ReadonlyMap<string, ExportInput>): LocalUsers {
  const usersFiles = parsed.filter((p) => p.kind === 'local-users-csv');
  const machineSids = new Map<string, string>();
  const listed = new Set<string>();
  for (const p of usersFiles) {
    const input = byName.get(p.file)!;
    for (const part of machineSidsOf(input)) if (!machineSids.has(part)) machineSids.set(part, `the one ${p.file} gives its accounts`);
    for (const sid of maskingErrors(() => secretsOfFile(input), () => localUserSids(input)).keys()) listed.add(sid);
  }
  return { machineSids, listed, users: usersFiles.map((p) => p.file).join(', ') };
}

/**
 * A member's name and SID that do not pair one to one in local-group-members.csv, where
 * local-users.csv lists the SID not: Get-LocalGroupMember resolves a SID to one name in a run, and
 * two accounts of one domain never share a name, so the file was edited or joins two exports (an
 * account renamed or re-created between them), and which account holds which groups (and the role
 * the vendor file gives a name) would be a guess. Read by name, a clinical account whose SID is an
 * administrator under another name passed ROLE-CLINICAL-NOT-ADMIN (one SID, two names:
 * sidNamedTwice), and one account held two SIDs' groups (one name, two SIDs of one domain:
 * nameGivenTwoSids). Refused, naming both lines, the names and the SIDs.
 */
function refuseNamesNotPairedWithSids(parsed: readonly ParsedExport[], byName: ReadonlyMap<string, ExportInput>, { listed }: LocalUsers): void {
  for (const p of parsed) {
    if (p.kind !== 'local-group-members-csv') continue;
    const input = byName.get(p.file)!;
    maskingErrors(() => secretsOfFile(input), () => {
      const twice = sidNamedTwice(input, listed);
      if (twice !== undefined) {
        throw new UserError(
          `the SID ${twice.sid} is named ${quoted(twice.first.name)} on line ${twice.first.line} and ${quoted(twice.other.name)} on line ${twice.other.line}: Get-LocalGroupMember resolves a SID to one name in a run, so the file was edited or joins two exports, and which name holds that SID's groups (and the role the vendor file gives a name) would be a guess; one device folder must hold one device's collection`,
          { file: p.file, where: `line ${twice.other.line}` },
        );
      }
      const nameTwice = nameGivenTwoSids(input, listed);
      if (nameTwice !== undefined) {
        const { first, other } = nameTwice;
        throw new UserError(
          `the name ${quoted(first.name)} is given the SID ${first.sid} on line ${first.line} and ${quoted(other.name)} the SID ${other.sid} on line ${other.line}: two accounts of one domain never share a name, and Get-LocalGroupMember resolves each SID to its own account's name in a run, so the file was edited or joins two exports (an account renamed or re-created between them), and which account holds which groups (and the role the vendor file gives the name) would be a guess; one device folder must hold one device's collection`,
          { file: p.file, where: `line ${other.line}` },
        );
      }
    });
  }
}

/**
 * The mirror of refuseOwnNameOnForeignSid: a group member named as a domain's account
 * ("HOSPITAL\\x", marked ActiveDirectory, or marked Local beside the file's own HOSPITAL directory
 * members) whose SID carries this console's machine part (local-users.csv's, or that of the file's
 * own Local members named with the hostname), and which local-users.csv does not list.
 * The SID says this computer's account, which Windows names "COMPUTER\\x" and Get-LocalUser lists;
 * the name says a domain's, whose SIDs never carry a workstation's machine part. Either reading
 * claims what nothing shows: as the domain's account, a membership (and any role the vendor file
 * gives that name) no directory export backs; as a local account, one the complete list of local
 * accounts lacks, whose membership no role check could tie to a person. Refused, naming the line,
 * the name, the SID and the file whose machine part it carries (a SID local-users.csv lists is read
 * as that user: parseMembers).
 */
function refuseDomainNameOnOwnSid(parsed: readonly ParsedExport[], byName: ReadonlyMap<string, ExportInput>, { machineSids, listed, users }: LocalUsers): void {
  const hostnames = hostnamesOf(parsed);
  const isThisComputer = (name: string): boolean => hostnames.some((h) => sameComputer(h.name, name));
  for (const p of parsed) {
    if (p.kind !== 'local-group-members-csv') continue;
    const input = byName.get(p.file)!;
    maskingErrors(() => secretsOfFile(input), () => {
      const [m] = domainNamedOwnSidMembers(input, machineSids, listed, isThisComputer);
      if (m === undefined) return;
      const unlisted = users === '' ? 'no local-users.csv lists the console\'s accounts' : `${users} does not list it`;
      throw new UserError(
        `member ${quoted(m.name)} (column Name) is named as a domain's account (${m.named}), but its SID ${m.sid} carries this console's machine part ${m.part} (${m.partFrom}) and ${unlisted}: an account of this computer is named with the computer's name and listed by Get-LocalUser, and a domain's account never carries a workstation's machine SID, so the row contradicts itself (edited, or put together from two exports) and is not read as either account; one device folder must hold one device's collection`,
        { file: p.file, where: `line ${m.line}` },
      );
    });
  }
}

/**
 * A group member named without a domain ("jsmith", marked Local or with no PrincipalSource, class
 * User) whose SID carries this console's machine part, where local-users.csv is there and does not
 * list it (unlistedLocalMember): Get-LocalGroupMember names a local account with the computer's
 * name, and Get-LocalUser lists every account of this computer, so the row was edited or comes from
 * another tool or console. Read as given, a local administrator the complete list lacks was
 * credited with its groups. Refused, naming the line, the name, the SID, the machine part and where
 * that part was read. Without local-users.csv there is no complete list to lack it: read as before.
 */
function refuseUnlistedLocalMember(parsed: readonly ParsedExport[], byName: ReadonlyMap<string, ExportInput>, { machineSids, listed, users }: LocalUsers): void {
  if (users === '') return;
  for (const p of parsed) {
    if (p.kind !== 'local-group-members-csv') continue;
    const input = byName.get(p.file)!;
    maskingErrors(() => secretsOfFile(input), () => {
      const m = unlistedLocalMember(input, machineSids, listed);
      if (m === undefined) return;
      const marked = m.source === '' ? 'no PrincipalSource' : `PrincipalSource ${quoted(m.source)}`;
      throw new UserError(
        `member ${quoted(m.name)} of ${quoted(m.group)} (column Name) is read as a local account of this computer (${marked}, named without a domain), and its SID ${m.sid} carries this console's machine part ${m.part} (${m.partFrom}), but ${users} does not list it: Get-LocalGroupMember names a local account with the computer's name and Get-LocalUser lists every account of this computer, so the row was edited or comes from another tool or console, and is not read as a local account the complete list lacks; one device folder must hold one device's collection`,
        { file: p.file, where: `line ${m.line}` },
      );
    });
  }
}

/**
 * An event-log ACL entry of one of the console's own accounts (its SID's machine part is the one
 * local-users.csv gives) names the computer Get-Acl ran on ("CT02-CONSOLE\\hospadmin"): that
 * computer is compared with the folder's hostname as PSComputerName is (computer-name.ts). Only
 * local-users.csv knows the machine SID, so the ACL file's computer is read again once all are parsed.
 */
function withMachineAccountComputers(parsed: ParsedExport[], inputs: readonly ExportInput[]): void {
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const machineSids = new Set(parsed.filter((p) => p.kind === 'local-users-csv').flatMap((p) => [...machineSidsOf(byName.get(p.file)!)]));
  if (machineSids.size === 0) return;
  refuseOwnNameOnForeignSid(parsed, byName, machineSids);
  parsed.forEach((p, i) => {
    if (p.kind !== 'eventlog-acl-csv') return;
    const input = byName.get(p.file)!;
    const computer = maskingErrors(() => secretsOfFile(input), () => computerNamedBy(input, p.kind, machineSids));
    if (computer) parsed[i] = { ...p, computer };
  });
}

/**
 * Group members read again knowing local-users.csv's SIDs: a member Get-LocalUser lists is a user
 * whatever ObjectClass the member list gives it (parseMembers). Only both files together tell.
 */
function withListedUsers(parsed: ParsedExport[], inputs: readonly ExportInput[]): void {
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const userSids = new Map<string, ListedUser>();
  for (const p of parsed) {
    if (p.kind !== 'local-users-csv') continue;
    const input = byName.get(p.file)!;
    for (const [sid, at] of maskingErrors(() => secretsOfFile(input), () => localUserSids(input))) if (!userSids.has(sid)) userSids.set(sid, at);
  }
  if (userSids.size === 0) return;
  const computers = hostnamesOf(parsed);
  parsed.forEach((p, i) => {
    if (p.kind !== 'local-group-members-csv') return;
    const input = byName.get(p.file)!;
    parsed[i] = parseMasked({ parse: (x) => parseMembers(x, userSids, computers) }, input);
  });
}

/**
 * The longest text a value may have. No setting a check reads comes near it (a logon banner is a
 * few thousand characters; Windows keeps a service's display name to 256, a user's description to
 * 48), and a value of megabytes (an export garbled into one line, a hostile file) took minutes in
 * the masking every value goes through (4 s a megabyte) and then ended in an internal error.
 */
export const MAX_VALUE_CHARS = 65536;

/**
 * Refuses a value longer than MAX_VALUE_CHARS, naming its place, never the value. A place may
 * quote a value (w32tm's source with its flags): it is cut, and masked by the text rules, which
 * on a short text take no time (the whole file's masking, as maskingErrors does, would take minutes).
 */
function refuseOverlongValues(file: string, p: ParsedExport): void {
  for (const f of p.facts) {
    const v = f.value;
    let longest = typeof v === 'string' ? v.length : 0;
    if (Array.isArray(v)) for (const s of v) longest = Math.max(longest, s.length);
    if (longest > MAX_VALUE_CHARS) {
      throw new UserError(`a value of ${longest} characters: no setting Windows exports is longer than ${MAX_VALUE_CHARS}, so the file was garbled or is not the export it looks like`, { file, where: redactText(cutForMessage(f.provenance.location, 160)) });
    }
  }
}

/**
 * The secrets an export file holds, longest first: its text read as the parsers read it (a UTF-16
 * export read as UTF-8 showed the rules no text), and a JSON file's document as well, whose names
 * may be written with escapes the text rules do not read ("bind\\u0050assword").
 */
function secretsOfFile(input: ExportInput): string[] {
  let hit = FILE_SECRETS.get(input.bytes);
  if (hit === undefined) FILE_SECRETS.set(input.bytes, (hit = readSecretsOfFile(input.bytes)));
  return hit;
}

/** Per file's bytes: a parser's message and the merged snapshot both ask. */
const FILE_SECRETS = new WeakMap<Buffer, string[]>();

function readSecretsOfFile(bytes: Buffer): string[] {
  const text = decodeText(bytes).text;
  const found = secretsInText(text);
  // A document nested deeper than any reader accepts is refused by its parser; the walk below
  // recurses and would end that refusal in a stack overflow (100,000 levels of '[').
  if (!/^\s*[[{]/.test(text) || tooDeepAt(text) !== -1) return found;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return found;
  }
  return secretsTogether(found, secretsInDocument(doc));
}

function maskingErrors<T>(secrets: readonly string[] | (() => readonly string[]), run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!isUserError(e) || e instanceof JsonExportTooLarge) throw e;
    const list = typeof secrets === 'function' ? secrets() : secrets;
    if (list.length === 0) throw e;
    const detail = maskSecretCopies(e.detail, list);
    const where = e.where === undefined ? undefined : maskSecretCopies(e.where, list);
    if (detail === e.detail && where === e.where) throw e;
    throw new UserError(detail, { ...(e.file !== undefined ? { file: e.file } : {}), ...(where !== undefined ? { where } : {}), exitCode: e.exitCode });
  }
}

/**
 * Text from the input (a file name, a name or message collection.json states) with its control
 * characters, line breaks included, as \\xNN: shown in one line of a message, it cannot forge the
 * next line ("warning: all checks passed") nor move the terminal's cursor. The escaping messages
 * use for file names (io/errors.ts), one function for both.
 */
const escapeControls = oneLine;

/**
 * Why no Windows file could bear this name, or undefined. The exports are written on the console,
 * by Windows: a name holding a control character (a line break) or a reserved device name
 * (`CON.csv`, `nul.txt`, `COM1.reg`) was made somewhere else, so the file is not this
 * collection's and is not read (listed as skipped, its name escaped).
 */
function notAWindowsName(name: string): string | undefined {
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'a name with a control character, which no Windows file has: not written by the console\'s collection, not read';
  const device = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i.exec(name.replace(/[ .]+$/, ''));
  if (device) return `"${device[1]!.toUpperCase()}" is a device name Windows reserves, so no Windows file has this name: not written by the console's collection, not read`;
  return undefined;
}

/**
 * Pure: recognises, parses and merges files already read. `label` names the folder in messages.
 * Throws UserError for an empty or unrecognisable set of files and for malformed files.
 */
export function ingestInputs(inputs: readonly ExportInput[], label: string, preSkipped: Array<{ file: string; reason: string }> = []): IngestResult {
  const skipped = [...preSkipped];
  const parsed: ParsedExport[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const input of [...inputs].sort(byName)) {
    const odd = notAWindowsName(input.name);
    if (odd !== undefined) {
      skipped.push({ file: escapeControls(input.name), reason: odd });
      continue;
    }
    if (seen.has(input.name.toLowerCase())) throw new UserError(`two files named ${input.name} (file names are compared case-insensitively)`, { file: label });
    seen.add(input.name.toLowerCase());
    const r = recognise(input);
    if ('skip' in r) {
      skipped.push({ file: input.name, reason: r.skip });
      continue;
    }
    if (r.nameHint) notes.push(r.nameHint);
    const p = parseMasked(r.parser, input);
    if (p.skipReason) {
      skipped.push({ file: input.name, reason: p.skipReason });
      continue;
    }
    // NUL padding after the text (a copy from a disk image) was left out by decodeText: said, with
    // where it starts. registry.pol is binary, read from its bytes: its zeros are content.
    const padding = p.kind === 'registry-pol' ? undefined : decodeText(input.bytes).nulPadding;
    if (padding) notes.push(`${input.name}: ends in ${padding.bytes} NUL byte${padding.bytes === 1 ? '' : 's'} from byte offset ${padding.byteOffset} (padding a copy from a disk image or a pre-allocated file leaves, not text): the text before byte ${padding.byteOffset} is read`);
    parsed.push(p);
  }
  withMachineAccountComputers(parsed, inputs);
  const inputsByName = new Map(inputs.map((i) => [i.name, i]));
  const localUsers = localUsersOf(parsed, inputsByName);
  refuseDomainNameOnOwnSid(parsed, inputsByName, localUsers);
  refuseNamesNotPairedWithSids(parsed, inputsByName, localUsers);
  refuseUnlistedLocalMember(parsed, inputsByName, localUsers);
  withListedUsers(parsed, inputs);
  if (parsed.length === 0) {
    if (inputs.length === 0 && preSkipped.length === 0) {
      throw new UserError(`the folder is empty: expected the files written by collect/collect.ps1 (${KNOWN_EXPORTS.filter((k) => k.collected).map((k) => k.file).slice(0, 6).join(', ')}, ...)`, { file: label });
    }
    throw new UserError(
      `no recognised export among ${skipped.length} file${skipped.length === 1 ? '' : 's'} (${skipped.slice(0, 5).map((s) => `${s.file}: ${s.reason}`).join('; ')}${skipped.length > 5 ? '; ...' : ''}); expected the files written by collect/collect.ps1`,
      { file: label },
    );
  }
  if (parsed.every((p) => p.kind === 'collection-manifest')) {
    throw new UserError('only the collection manifest was recognised, no export: expected the files collect/collect.ps1 writes next to collection.json', { file: label });
  }
  const { kept, leftOut } = withoutOtherCollections(parsed);
  skipped.push(...leftOut);
  // Merging compares values across files (and its messages quote them): masked with every file's secrets.
  let secrets: string[] | undefined;
  const of = () => (secrets ??= secretsTogether(...inputs.map(secretsOfFile)));
  const { snapshot, warnings: merged } = maskingErrors(of, () => mergeExports(kept, label));
  // A secret a file states is masked wherever the snapshot repeats it, though the snapshot need not
  // hold the secret itself (a vendor file's bind password is not read; a hostname may repeat it).
  const finished = maskSnapshotCopies(finishSnapshot(snapshot, label), of());
  // A warning may quote a copy of a secret the snapshot holds in a form the text rules do not take
  // apart (secedit's `…\BindPassword=1,"…"`): masked with the snapshot's secrets as well.
  const told = merged.length ? secretsTogether(of(), secretsInDocument(finished)) : [];
  const warnings = merged.map((w) => maskSecretCopies(w, told));
  // What is reported beside the snapshot (the terminal, ingest --json, assess's warnings) is masked
  // as the snapshot is: a file's name is input too ("notes password=….txt"), and so is a skip reason
  // or a warning quoting a line.
  return {
    snapshot: finished,
    recognised: kept.map((p) => ({ file: redactText(p.file), kind: p.kind, sha256: p.sha256 })),
    skipped: skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).map((x) => ({ file: escapeControls(redactText(x.file)), reason: escapeControls(redactText(x.reason)) })),
    warnings: [...notes, ...warnings].map((w) => escapeControls(redactText(w))),
  };
}

/**
 * The exports without those of another collection: a file collection.json says this collection did
 * not write (named in its "errors", absent from its "files": the export failed or was skipped) but
 * which the folder holds was left by an earlier collection into the same folder. Its values are of
 * an unknown time, not this collection's, so it is skipped with the reason (its part is then not
 * collected, with the script's message). A file named in both was written in part, and is read.
 */
function withoutOtherCollections(parsed: readonly ParsedExport[]): { kept: ParsedExport[]; leftOut: Array<{ file: string; reason: string }> } {
  const stale = new Map<string, { manifest: string; message: string }>();
  for (const p of parsed) {
    if (!p.context?.files || !p.context.errors) continue;
    const written = new Set(p.context.files.map((f) => f.toLowerCase()));
    for (const e of p.context.errors) if (e.file && !written.has(e.file.toLowerCase())) stale.set(e.file.toLowerCase(), { manifest: p.file, message: e.message });
  }
  const kept: ParsedExport[] = [];
  const leftOut: Array<{ file: string; reason: string }> = [];
  for (const p of parsed) {
    const s = p.kind === 'collection-manifest' ? undefined : stale.get(p.file.toLowerCase());
    if (s) leftOut.push({ file: p.file, reason: `${s.manifest} says this collection did not write it (${s.message}), so the file is another collection's, of an unknown time` });
    else kept.push(p);
  }
  return { kept, leftOut };
}

function readInput(path: string, name: string): ExportInput {
  // Judged on the open file (a folder, a FIFO, one too large to hold), said as every input's read is.
  const bytes = readUserFile(path);
  return { name, bytes, sha256: sha256Hex(bytes) };
}

/**
 * Where a symbolic link in an export folder leads when that is outside the folder, else undefined.
 * An export folder holds what the console's collection wrote: a link to /etc/passwd or to another
 * device's vendor-settings.json would put a file of somewhere else into this device's evidence
 * under this folder's name, so such a link is never opened (docs/ingest.md). `realDir` is the
 * folder's real path; a link that cannot be resolved is left to the caller's stat.
 */
function linkOutside(realDir: string, path: string): string | undefined {
  let target: string;
  try {
    target = realpathSync(path);
  } catch {
    return undefined;
  }
  const rel = relative(realDir, target);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? target : undefined;
}

/**
 * The target as its real absolute path, quoted and one line: this reason is a terminal warning (and
 * ingest --json), never a report, so the place is named whole; shortened it read as a path inside
 * the folder ("etc/passwd"), and a target named with a line break could forge a line of output.
 */
const outsideReason = (target: string): string =>
  `a symbolic link to "${oneLine(target)}", outside the folder: not read (an export folder holds the console's own files; copy the file in if it belongs to this collection)`;

/** Reads one device's export folder (not its subfolders) and ingests it. */
export async function ingestFolder(dir: string): Promise<IngestResult> {
  let entries;
  let realDir: string;
  try {
    if (!statSync(dir).isDirectory()) throw new UserError('is not a folder: expected a folder of exports (one device)', { file: dir });
    entries = readdirSync(dir, { withFileTypes: true });
    realDir = realpathSync(dir);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: dir });
  }
  const inputs: ExportInput[] = [];
  const preSkipped: Array<{ file: string; reason: string }> = [];
  for (const e of entries.sort(byName)) {
    const p = join(dir, e.name);
    let isFile = e.isFile();
    let isDir = e.isDirectory();
    if (e.isSymbolicLink()) {
      try {
        const st = statSync(p);
        isFile = st.isFile();
        isDir = st.isDirectory();
      } catch (err) {
        // A loop is no broken link: said as a link given on the command line is (src/cli/paths.ts).
        preSkipped.push({ file: e.name, reason: (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'a symbolic link that loops' : 'broken symbolic link' });
        continue;
      }
      const outside = isFile ? linkOutside(realDir, p) : undefined;
      if (outside !== undefined) {
        preSkipped.push({ file: e.name, reason: outsideReason(outside) });
        continue;
      }
    }
    if (isDir) preSkipped.push({ file: e.name, reason: 'subfolder (one folder per device; subfolders are not read)' });
    else if (isFile) inputs.push(readInput(p, e.name));
    else preSkipped.push({ file: e.name, reason: 'not a regular file' });
  }
  return ingestInputs(inputs, dir, preSkipped);
}

/** Ingests files from anywhere (e.g. a GPO backup plus a manifest); names must be distinct. */
export async function ingestFiles(paths: readonly string[], label = 'files'): Promise<IngestResult> {
  return ingestInputs(paths.map((p) => readInput(p, basename(p))), label);
}

function readPrefix(path: string, max: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(max);
    const n = readSync(fd, buf, 0, max, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether `dir` holds one device's native exports (rather than, say, snapshot JSON files): a file
 * with a known export name, or a file whose first bytes are recognised as an export. Never throws.
 */
export function looksLikeExportFolder(dir: string): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  // A link counts only when it leads to a regular file inside the folder: opening a FIFO would
  // block, and a file outside is never read (ingestFolder).
  let realDir: string;
  try {
    realDir = realpathSync(dir);
  } catch {
    return false;
  }
  const isFileBehindLink = (name: string) => {
    try {
      return statSync(join(dir, name)).isFile() && linkOutside(realDir, join(dir, name)) === undefined;
    } catch {
      return false;
    }
  };
  const files = entries.filter((e) => !e.name.startsWith('.') && (e.isFile() || (e.isSymbolicLink() && isFileBehindLink(e.name))));
  if (files.some((e) => knownExportByName(e.name))) return true;
  for (const e of files) {
    try {
      const bytes = readPrefix(join(dir, e.name), 8192);
      // A snapshot (this project's own JSON) is never an export, whatever strings it quotes.
      if (/^\s*\{[\s\S]*"schemaVersion"\s*:/.test(bytes.toString('utf8').replace(/^\uFEFF/, ''))) continue;
      if (sniffKind({ name: e.name, bytes, sha256: '' })) return true;
    } catch {
      // unreadable: not evidence either way
    }
  }
  return false;
}
