// AppLocker policy XML (Get-AppLockerPolicy -Effective -Xml, or a policy file such as the NSA
// starter policy): <AppLockerPolicy><RuleCollection Type="Exe" EnforcementMode="AuditOnly">...
// EnforcementMode: Enabled = enforced; AuditOnly = rules only logged, not enforced;
// NotConfigured (or absent) = enforced if the collection has rules, else no policy (Microsoft:
// "If rules are present in the corresponding rule collection, they're enforced").
import type { ExportInput, ExportKind, ExportParser } from '../types.js';
import { decodeOrThrow, sniffText } from '../text.js';
import { parseXml, type XmlElement } from '../xml.js';
import { everyAccountPrincipal, FactSink, quoted } from './common.js';
import { APPLOCKER_COLLECTION_TYPES } from '../../snapshot/known-values.js';
import { isBlank } from '../../evaluate/not-read.js';

const EXPECTED = 'an AppLocker policy XML (<AppLockerPolicy> with <RuleCollection> elements)';

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  // The root may be empty and closed at once, with no blank before the "/>": <AppLockerPolicy/>.
  return t !== null && /<AppLockerPolicy[\s/>]/.test(t) ? 'applocker-policy' : null;
}

// An Allow rule for a principal every user of the console holds (common.ts everyAccountPrincipal:
// Everyone, LOCAL, INTERACTIVE, NETWORK, Authenticated Users, BUILTIN\Users, Domain Users, ...) that matches
// every file makes the collection allow every file of its kind (Deny rules then make it a
// denylist, not an allowlist).
// A path condition that lets users run what they put there defeats the allowlist as surely as "*"
// (NSA's starter policy allows %WINDIR% and %PROGRAMFILES% only,
// and NSA excepts the folders of %WINDIR% users can write): every file ("*", "*.exe", "*\*": any
// folder), every file of a drive ("%OSDRIVE%\*", "C:\*"), any UNC share ("\\*"), removable and
// hot-plugged media, and the folders a standard user can write: profiles, temp, ProgramData and
// the writable folders of Windows. A folder below one of them is as writable.
const DRIVE = String.raw`(?:%OSDRIVE%|%SYSTEMDRIVE%|[A-Za-z]:|\*:?)`;
const WINDIR = String.raw`(?:%WINDIR%|%SYSTEMROOT%|${DRIVE}\\Windows)`;
const SYSTEM32 = String.raw`(?:%SYSTEM32%|${WINDIR}\\(?:System32|SysWOW64))`;
const USER_WRITABLE = [
  String.raw`\*.*`, // any folder: "*", "*.exe", "*\*"
  String.raw`${DRIVE}\\\*.*`, // every file of a drive
  String.raw`\\\\\*.*`, // any UNC server
  String.raw`%(?:USERPROFILE|APPDATA|LOCALAPPDATA|TEMP|TMP|PUBLIC|PROGRAMDATA|ALLUSERSPROFILE|HOMEPATH|HOMEDRIVE|REMOVABLE|HOT)%`,
  String.raw`${DRIVE}\\(?:Users|ProgramData|Temp)`,
  String.raw`${WINDIR}\\(?:Temp|Tasks|tracing|Debug|Registration\\CRMLog|PCHEALTH\\ERRORREP)`,
  String.raw`${SYSTEM32}\\(?:Tasks|com\\dmp|FxsTmp|spool\\(?:PRINTERS|SERVERS|drivers\\color)|Microsoft\\Crypto\\RSA\\MachineKeys)`,
];
const USER_WRITABLE_PATH = new RegExp(String.raw`^(?:${USER_WRITABLE.join('|')})(?:\\|\*|$)`, 'i');

/** Whether an Allow path condition lets users run files they can write there (see USER_WRITABLE), or climbs with ".." out of the folder it names. */
function pathUsersCanWrite(path: string): boolean {
  const p = path.trim().replace(/\//g, '\\');
  return USER_WRITABLE_PATH.test(p) || /(?:^|\\)\.\.(?:\\|$)/.test(p)
    || spelledOut(path, true).some((a) => DRIVE_WRITABLE.some((w) => reaches(a, w)));
}

// Folders of the system drive users can write, spelled out as spelledOut() writes paths.
const DRIVE_WRITABLE = ['c:\\users', 'c:\\programdata', 'c:\\temp'];

// Stands for a short name's unknown rest: any characters of one name (not "\\").
const ONE_NAME = '\u0001';

/**
 * A path condition in one spelling, lower case: the system drive (%OSDRIVE%, %SYSTEMDRIVE%, any
 * letter) as c:, %WINDIR% / %SYSTEMROOT% as c:\windows, %SYSTEM32% as c:\windows\system32 (and
 * \syswow64 with `wow`), and a short 8.3 name (SYSTEM~1, PROGRA~3) as the "*" pattern of the long
 * names it may stand for (any name starting SYSTEM, PROGRA), so that "C:\WINDOWS\SYSTEM~1\*" is read as what it may match.
 */
function spelledOut(path: string, wow: boolean): string[] {
  let p = path.trim().replace(/\//g, '\\').toLowerCase()
    .replace(/^(?:%osdrive%|%systemdrive%|[a-z]:)(?=\\|$)/, 'c:')
    .replace(/^(?:%windir%|%systemroot%)(?=\\|\*|$)/, 'c:\\windows');
  p = p.split('\\').map((c) => c.replace(/^([^~*?\\]{1,6})~\d+(?:\.[^\\]*)?$/, `$1${ONE_NAME}`)).join('\\');
  return /^%system32%(?=\\|\*|$)/.test(p)
    ? (wow ? ['system32', 'syswow64'] : ['system32']).map((d) => p.replace(/^%system32%/, `c:\\windows\\${d}`))
    : [p];
}

/**
 * Whether a spelled-out path pattern matches a file in `folder` or below (or names `folder`):
 * AppLocker's "*" matches any characters, "\\" included, so "C:\Win*" matches all of C:\Windows.
 * Walks the pattern over `folder\`; any place reached may go on to some file there, unless what
 * is left of the pattern needs a ":" (a drive), which no name below a folder holds.
 */
function reaches(pattern: string, folder: string): boolean {
  const pat = pattern.replace(/\\+$/, '');
  if (pat === folder) return true;
  const close = (states: Set<number>) => {
    for (const i of [...states]) for (let j = i; j < pat.length && (pat[j] === '*' || pat[j] === ONE_NAME); j++) states.add(j + 1);
    return states;
  };
  let states = close(new Set([0]));
  for (const c of `${folder}\\`) {
    const next = new Set<number>();
    for (const i of states) {
      if (i >= pat.length) continue;
      if ((pat[i] === '*' && c !== ':') || (pat[i] === ONE_NAME && c !== ':' && c !== '\\')) next.add(i);
      else if ((pat[i] === '?' && c !== ':') || pat[i] === c) next.add(i + 1);
    }
    states = close(next);
    if (states.size === 0) return false;
  }
  return [...states].some((i) => !pat.slice(i).includes(':'));
}

// Folders below Windows a standard user can write, and so run what they put there, on a default
// Windows 10/11, relative to the Windows folder: Oddvar Moe's UltimateAppLockerByPassList (tested on
// Windows 10 1803; winPEAS checks the same list). NSA's starter policy excepts each of them (or a
// folder above it) but System32\Microsoft\Crypto\RSA\MachineKeys. An Allow rule for a folder above
// one of them (%WINDIR%\*, Microsoft's default rule; %SYSTEM32%\*; %WINDIR%\System32\spool\*)
// allows what users put there unless the rule's <Exceptions> except it or a folder above it.
// System32\Tasks_Migrated exists after an in-place upgrade of Windows 10 and is on it (users write
// there as in System32\Tasks); NSA's %SYSTEM32%\Tasks\* exception does not except it.
const WINDOWS_WRITABLE = [
  'Temp', 'Tasks', 'tracing', 'Registration\\CRMLog',
  'System32\\FxsTmp', 'System32\\com\\dmp', 'System32\\Microsoft\\Crypto\\RSA\\MachineKeys',
  'System32\\spool\\PRINTERS', 'System32\\spool\\SERVERS', 'System32\\spool\\drivers\\color',
  'System32\\Tasks\\Microsoft\\Windows\\SyncCenter', 'System32\\Tasks\\Microsoft\\Windows\\PLA\\System', 'System32\\Tasks_Migrated',
  'SysWOW64\\FxsTmp', 'SysWOW64\\com\\dmp',
  'SysWOW64\\Tasks\\Microsoft\\Windows\\SyncCenter', 'SysWOW64\\Tasks\\Microsoft\\Windows\\PLA\\System',
];
const WINDOWS_ROOT = new RegExp(String.raw`^${WINDIR}(?=\\|\*|$)`, 'i');
// AppLocker's %SYSTEM32% may name SysWOW64 beside System32 (NSA's policy excepts both by name):
// read as both where it allows, as System32 alone where it excepts.
const SYSTEM32_ROOT = /^%SYSTEM32%(?=\\|\*|$)/i;

/**
 * A path condition as what it names below the Windows folder, lower case: `folders` each relative
 * to it ('' the whole folder; %SYSTEM32% gives System32, and SysWOW64 with `wow`), `prefix` when a
 * "*" inside makes it match any name starting so. Undefined when it is not below the Windows folder.
 */
function belowWindows(path: string, wow: boolean): { folders: string[]; prefix: boolean } | undefined {
  const p = path.trim().replace(/\//g, '\\').replace(/(?:\\\*|\\)+$/, '');
  const rest = (re: RegExp) => p.replace(re, '').replace(/^\\/, '').toLowerCase();
  const rel = WINDOWS_ROOT.test(p) ? [rest(WINDOWS_ROOT)]
    : SYSTEM32_ROOT.test(p) ? (wow ? ['system32', 'syswow64'] : ['system32']).map((d) => [d, rest(SYSTEM32_ROOT)].filter(Boolean).join('\\'))
    : undefined;
  if (!rel) return undefined;
  return rel.some((r) => r.includes('*')) ? { folders: rel.map((r) => r.slice(0, r.indexOf('*'))), prefix: true } : { folders: rel, prefix: false };
}

/** Whether `folder` (relative to Windows, lower case) is `above` or below it. */
const within = (folder: string, above: string): boolean => above === '' || folder === above || folder.startsWith(`${above}\\`);

/** The user-writable folders of Windows an Allow path condition matches and the rule's <Exceptions> do not except (none: it matches none). */
function windowsFoldersNotExcepted(path: string, rule: XmlElement): string[] {
  // Every spelling the allow path may match: "*" inside a name and short 8.3 names included.
  const allowed = spelledOut(path, true);
  // An exception with a "*" inside is not read as excepting a folder: it may except less.
  const excepted = (rule.children.find((c) => c.name === 'Exceptions')?.children ?? [])
    .filter((c) => c.name === 'FilePathCondition')
    .map((c) => belowWindows(c.attrs.Path ?? '', false))
    .filter((e) => e !== undefined && !e.prefix)
    .flatMap((e) => e!.folders);
  return WINDOWS_WRITABLE.filter((w) => {
    const folder = w.toLowerCase();
    const matched = allowed.some((a) => reaches(a, `c:\\windows\\${folder}`));
    return matched && !excepted.some((e) => within(folder, e));
  });
}

/**
 * The first Allow rule of `rc` for a principal every user (or every logon of a kind) holds that
 * matches every file, or files users can write: the rule described, and its principal named as
 * given (NETWORK is not "every user" to a reader); undefined if none.
 */
function allowsEveryFile(rc: XmlElement): { rule: string; principal: string } | undefined {
  for (const rule of rc.children) {
    if (!/Rule$/.test(rule.name) || (rule.attrs.Action ?? '').toLowerCase() !== 'allow') continue;
    const principal = everyAccountPrincipal(rule.attrs.UserOrGroupSid ?? '');
    if (principal === undefined) continue;
    const conditions = rule.children.find((c) => c.name === 'Conditions')?.children ?? [];
    const path = conditions.find((c) => c.name === 'FilePathCondition' && pathUsersCanWrite(c.attrs.Path ?? ''));
    const publisher = conditions.some((c) => c.name === 'FilePublisherCondition' && [c.attrs.PublisherName, c.attrs.ProductName, c.attrs.BinaryName].every((v) => (v ?? '').trim() === '*'));
    const windows = conditions.filter((c) => c.name === 'FilePathCondition').map((c) => ({ c, open: windowsFoldersNotExcepted(c.attrs.Path ?? '', rule) })).find((x) => x.open.length > 0);
    const what = path ? `allows files of path ${quoted(path.attrs.Path ?? '')} (every file, or where users can write and then run what they put)`
      : publisher ? 'allows every file'
      : windows ? `allows files of path ${quoted(windows.c.attrs.Path ?? '')} without exceptions for the folders of Windows users can write (${windows.open.map((x) => `%WINDIR%\\${x}`).join(', ')}): users run what they put there`
      : undefined;
    if (what) return { rule: `<${rule.name}> ${quoted(rule.attrs.Name ?? rule.attrs.Id ?? '')} ${what} to ${principal}, line ${rule.line}`, principal };
  }
  return undefined;
}

/** The attributes naming what a condition matches: AppLocker writes each (`*` for any), never blank. */
const CONDITION_ATTRS: Readonly<Record<string, readonly string[]>> = {
  FilePathCondition: ['Path'],
  FilePublisherCondition: ['PublisherName', 'ProductName', 'BinaryName'],
};

/**
 * Refuses a rule without a readable Action or SID, and a condition or exception whose path or publisher is blank (empty, spaces, invisible
 * characters): Get-AppLockerPolicy never writes one, so the file is broken, and read as given such
 * a rule matched nothing and so never counted as one allowing every file.
 */
function refuseBlankConditions(rc: XmlElement, sink: FactSink): void {
  for (const rule of rc.children) {
    if (!/Rule$/.test(rule.name)) continue;
    // Every rule AppLocker writes says whom it is for and whether it allows or denies. Without a
    // readable Action a rule was never an Allow rule here, nor without a SID one for every user: an
    // allow-every-file rule for Everyone with `Action="Allow "` or no Action at all passed unseen.
    const named = `<${rule.name}> ${quoted(rule.attrs.Name ?? rule.attrs.Id ?? '')}`;
    if (!/^(allow|deny)$/i.test(rule.attrs.Action ?? '')) sink.fail(`expected Action="Allow" or Action="Deny" on ${named} (AppLocker writes one on every rule), found ${rule.attrs.Action === undefined ? 'none' : quoted(rule.attrs.Action)}`, `line ${rule.line}`);
    if (isBlank(rule.attrs.UserOrGroupSid ?? '')) sink.fail(`expected a UserOrGroupSid on ${named} (AppLocker writes the SID each rule is for), found ${rule.attrs.UserOrGroupSid === undefined ? 'none' : `the blank ${quoted(rule.attrs.UserOrGroupSid)}`}`, `line ${rule.line}`);
    for (const part of rule.children) {
      for (const c of part.children) {
        for (const a of CONDITION_ATTRS[c.name] ?? []) {
          if (isBlank(c.attrs[a] ?? '')) sink.fail(`expected a ${a} in <${c.name}> of <${rule.name}> ${quoted(rule.attrs.Name ?? rule.attrs.Id ?? '')} (AppLocker writes one, "*" for any), found ${c.attrs[a] === undefined ? 'none' : `the blank ${quoted(c.attrs[a])}`}`, `line ${c.line}`);
        }
      }
    }
  }
}

// A rule's Id is a GUID (Get-AppLockerPolicy writes "921cc481-6e17-4653-8f75-050b80acca20"; .NET also
// reads one in braces), compared as the value it is: case and braces aside.
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** A rule as a message names it: its element, name, collection and line. */
const ruleAt = (rule: XmlElement, rc: XmlElement): string =>
  `<${rule.name}> ${quoted(rule.attrs.Name ?? '')} of <RuleCollection Type="${rc.attrs.Type ?? ''}">, line ${rule.line}`;

/**
 * Refuses a rule without a GUID Id, and two rules (of one collection or two) sharing one: AppLocker
 * keys a policy's rules by Id (Set-AppLockerPolicy rejects such a policy; a console's effective
 * policy never holds one), so the file was edited or put together by hand, and read as given its
 * rules were counted and judged as if Windows held them all.
 */
function refuseBadRuleIds(root: XmlElement, sink: FactSink): void {
  const byId = new Map<string, string>();
  for (const rc of root.children) {
    if (rc.name !== 'RuleCollection') continue;
    for (const rule of rc.children) {
      if (!/Rule$/.test(rule.name)) continue;
      const id = rule.attrs.Id;
      const guid = id === undefined ? undefined : GUID.exec(id.trim())?.[1]?.toLowerCase();
      if (guid === undefined) {
        sink.fail(`expected an Id GUID (as "921cc481-6e17-4653-8f75-050b80acca20") on ${ruleAt(rule, rc)}, found ${id === undefined ? 'none' : quoted(id)}: AppLocker keys every rule by its GUID`, `line ${rule.line}`);
      }
      const first = byId.get(guid);
      if (first !== undefined) {
        sink.fail(`two rules share the Id ${quoted(id!)}: ${first} and ${ruleAt(rule, rc)}; AppLocker keys rules by Id and refuses such a policy (Set-AppLockerPolicy), so no console holds it: export the policy again with Get-AppLockerPolicy -Effective -Xml`, `line ${rule.line}`);
      }
      byId.set(guid, ruleAt(rule, rc));
    }
  }
}

function parse(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED);
  const root = parseXml(d.text, input.name);
  if (root.name !== 'AppLockerPolicy') sink.fail(`expected the root element <AppLockerPolicy>, found <${root.name}>`, `line ${root.line}`);
  sink.add(['malware', 'allowlisting', 'product'], 'AppLocker', `<AppLockerPolicy>, line ${root.line}`);
  refuseBadRuleIds(root, sink);
  const seen = new Set<string>();
  for (const rc of root.children) {
    if (rc.name !== 'RuleCollection') continue;
    const type = rc.attrs.Type;
    if (!type) sink.fail(`expected a Type attribute (${APPLOCKER_COLLECTION_TYPES.join(', ')}) on <RuleCollection>`, `line ${rc.line}`);
    if (seen.has(type.toLowerCase())) sink.fail(`expected one <RuleCollection Type="${type}">, found another`, `line ${rc.line}`);
    seen.add(type.toLowerCase());
    const ruleCount = rc.children.filter((c) => /Rule$/.test(c.name)).length;
    refuseBlankConditions(rc, sink);
    const modeAttr = rc.attrs.EnforcementMode;
    let mode: 'enabled' | 'audit-only' | 'not-configured';
    let note = '';
    switch ((modeAttr ?? 'NotConfigured').toLowerCase()) {
      case 'enabled':
        mode = 'enabled';
        break;
      case 'auditonly':
        mode = 'audit-only';
        break;
      case 'notconfigured':
        mode = ruleCount > 0 ? 'enabled' : 'not-configured';
        if (ruleCount > 0) note = ` (NotConfigured with ${ruleCount} rules: AppLocker enforces them)`;
        break;
      default:
        sink.fail(`expected EnforcementMode Enabled, AuditOnly or NotConfigured, found ${quoted(modeAttr)}`, `line ${rc.line}`);
    }
    const el = { el: type.toLowerCase() };
    const loc = `<RuleCollection Type="${type}">${modeAttr === undefined ? ' (no EnforcementMode)' : ` EnforcementMode="${modeAttr}"`}, line ${rc.line}`;
    sink.add(['malware', 'allowlisting', 'collections', el, 'type'], type, loc);
    sink.add(['malware', 'allowlisting', 'collections', el, 'enforcementMode'], mode, loc + note);
    sink.add(['malware', 'allowlisting', 'collections', el, 'ruleCount'], ruleCount, `<RuleCollection Type="${type}"> rule elements, line ${rc.line}`);
    const every = allowsEveryFile(rc);
    sink.add(['malware', 'allowlisting', 'collections', el, 'allowsEveryFile'], every !== undefined, every?.rule ?? `<RuleCollection Type="${type}">: no Allow rule for a principal every user or logon holds matches every file, line ${rc.line}`);
    if (every) sink.add(['malware', 'allowlisting', 'collections', el, 'allowsEveryFileTo'], every.principal, every.rule);
  }
  sink.cover('malware.allowlisting.collections', true);
  return sink.result('applocker-policy');
}

export const applockerXmlParser: ExportParser = { kinds: ['applocker-policy'], sniff, parse };
