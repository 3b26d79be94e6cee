// Language-neutral exports of Windows state that collect.ps1 writes from PowerShell objects (never
// from localised console text): services (Get-Service), BitLocker volumes (Get-BitLockerVolume),
// event-log file permissions (Get-Acl of each .evtx), automatic logon (the Winlogon values, with
// only whether a password is stored) and Defender's preferences (Get-MpPreference).
import type { ExportInput, ExportKind, ExportParser } from '../types.js';
import { decodeOrThrow, sniffText } from '../text.js';
import { readCsvTable, sniffCsvHeader } from '../csv.js';
import type { JsonValue } from '../json-located.js';
import { registryFact } from '../registry.js';
import { bitLockerMethod } from '../bitlocker-method.js';
import { coverCsv, FactSink, unexpandedObject, jsonExportObject, own, parseLocaleDecimal, parsePsBool, quoted } from './common.js';

// ---- Get-Service ---------------------------------------------------------------------------------

const EXPECTED_SERVICES = 'a Get-Service CSV (Export-Csv with columns Name, Status, StartType)';
const SERVICE_STATE: Record<string, 'running' | 'stopped' | 'paused'> = { running: 'running', stopped: 'stopped', paused: 'paused' };
type StartType = 'automatic' | 'manual' | 'disabled' | 'boot' | 'system';
const START_TYPE: Record<string, StartType> = {
  automatic: 'automatic', automaticdelayedstart: 'automatic', manual: 'manual', disabled: 'disabled', boot: 'boot', system: 'system',
};

/**
 * A start type as Get-Service writes it (Automatic, AutomaticDelayedStart) or as the Services console
 * exports it: "Automatic (Delayed Start)", "Manual (Trigger Start)", "Automatic (Delayed Start,
 * Trigger Start)". Anything else in the brackets is refused, as an unknown type is.
 */
function startTypeOf(raw: string): { type: StartType; delayed: boolean; trigger: boolean } | undefined {
  const m = /^([a-z]+)\s*(?:\(\s*([a-z ,]*?)\s*\))?$/i.exec(raw);
  if (!m) return undefined;
  const type = own(START_TYPE, m[1]!.toLowerCase());
  if (!type) return undefined;
  let delayed = m[1]!.toLowerCase() === 'automaticdelayedstart';
  let trigger = false;
  if (m[2] !== undefined) {
    for (const q of m[2].split(',').map((x) => x.trim().toLowerCase())) {
      if (q === 'delayed start' && type === 'automatic') delayed = true;
      else if (q === 'trigger start' && (type === 'automatic' || type === 'manual')) trigger = true;
      else return undefined;
    }
  }
  return { type, delayed, trigger };
}

function parseServices(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED_SERVICES);
  const table = readCsvTable(d.text, input.name, EXPECTED_SERVICES, ['Name', 'Status', 'StartType']);
  if (table.rows.length === 0) sink.fail(`expected ${EXPECTED_SERVICES}: one row per service, found none`, `line ${table.headerLine}`);
  for (const row of table.rows) {
    const name = (row.get('Name') ?? '').trim();
    if (!name) sink.fail('expected a service name in column "Name", found an empty one', `line ${row.line}`);
    const el = { el: `svc:${name.toLowerCase()}` };
    const loc = (col: string): string => `line ${row.line}, service ${JSON.stringify(name)}, column ${col}`;
    sink.add(['hardening', 'services', el, 'name'], name, loc('Name'));
    const display = (row.get('DisplayName') ?? '').trim();
    if (display) sink.add(['hardening', 'services', el, 'displayName'], display, loc('DisplayName'));
    const status = (row.get('Status') ?? '').trim();
    const state = own(SERVICE_STATE, status.toLowerCase());
    if (state) sink.add(['hardening', 'services', el, 'state'], state, loc('Status'));
    else if (/Pending$/i.test(status)) sink.warn(`line ${row.line}: service ${name} was ${status} at collection; its state is left out`);
    else sink.fail(`expected Status Running, Stopped or Paused, found ${quoted(status)}`, `line ${row.line}`);
    const startRaw = (row.get('StartType') ?? '').trim();
    const start = startTypeOf(startRaw);
    if (!start) sink.fail(`expected StartType Automatic, Manual, Disabled, Boot or System (the Services console may add "(Delayed Start)" or "(Trigger Start)"), found ${quoted(startRaw)}`, `line ${row.line}`);
    sink.add(['hardening', 'services', el, 'startType'], start.type, loc('StartType'));
    // The start type alone decides nothing a check reads (state does); the qualifiers are kept as read.
    if (start.delayed) sink.add(['hardening', 'services', el, 'delayedStart'], true, loc('StartType'));
    if (start.trigger) sink.add(['hardening', 'services', el, 'triggerStart'], true, loc('StartType'));
  }
  coverCsv(sink, table, [{ scope: 'hardening.services', note: 'every service (Get-Service): start type and state' }]);
  return sink.result('services-csv');
}

// ---- Get-BitLockerVolume -------------------------------------------------------------------------

const EXPECTED_BITLOCKER = 'a Get-BitLockerVolume CSV (columns MountPoint, VolumeType, VolumeStatus, ProtectionStatus, EncryptionMethod, KeyProtector)';
const VOLUME_STATUS: Record<string, 'fully-encrypted' | 'fully-decrypted' | 'encryption-in-progress' | 'decryption-in-progress' | 'encryption-paused' | 'decryption-paused'> = {
  fullyencrypted: 'fully-encrypted',
  fullyencryptedwipeinprogress: 'fully-encrypted',
  fullyencryptedwipesuspended: 'fully-encrypted',
  fullydecrypted: 'fully-decrypted',
  encryptioninprogress: 'encryption-in-progress',
  decryptioninprogress: 'decryption-in-progress',
  encryptionsuspended: 'encryption-paused',
  decryptionsuspended: 'decryption-paused',
};
const PROTECTION: Record<string, 'on' | 'off' | 'unknown'> = { on: 'on', off: 'off', unknown: 'unknown' };

function parseBitLocker(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED_BITLOCKER);
  const table = readCsvTable(d.text, input.name, EXPECTED_BITLOCKER, ['MountPoint', 'VolumeType', 'VolumeStatus', 'ProtectionStatus']);
  // Get-BitLockerVolume lists every volume, the operating system's at least: no rows is a file cut after its
  // header (Export-Csv writes nothing for no objects), never "no volume to encrypt".
  if (table.rows.length === 0) sink.fail(`expected ${EXPECTED_BITLOCKER}: one row per volume (the operating system's volume at least), found none: the file ends after its header, so it was cut short`, `line ${table.headerLine}`);
  for (const row of table.rows) {
    const mount = (row.get('MountPoint') ?? '').trim();
    if (!mount) sink.fail('expected a mount point in column "MountPoint" (C:), found an empty one', `line ${row.line}`);
    const el = { el: `vol:${mount.toLowerCase()}` };
    const loc = (col: string, note = ''): string => `line ${row.line}, volume ${mount}, column ${col}${note}`;
    const typeRaw = (row.get('VolumeType') ?? '').trim();
    const type = /^OperatingSystem$/i.test(typeRaw) ? 'os' : /^Data$/i.test(typeRaw) ? 'data' : undefined;
    if (!type) sink.fail(`expected VolumeType OperatingSystem or Data, found ${quoted(typeRaw)}`, `line ${row.line}`);
    const statusRaw = (row.get('VolumeStatus') ?? '').trim();
    const status = own(VOLUME_STATUS, statusRaw.toLowerCase());
    if (!status) sink.fail(`expected a VolumeStatus such as FullyEncrypted or FullyDecrypted, found ${quoted(statusRaw)}`, `line ${row.line}`);
    const protRaw = (row.get('ProtectionStatus') ?? '').trim();
    const prot = own(PROTECTION, protRaw.toLowerCase());
    if (!prot) sink.fail(`expected ProtectionStatus On, Off or Unknown, found ${quoted(protRaw)}`, `line ${row.line}`);
    sink.add(['encryption', 'volumes', el, 'mountPoint'], mount, loc('MountPoint'));
    sink.add(['encryption', 'volumes', el, 'volumeType'], type, loc('VolumeType'));
    sink.add(['encryption', 'volumes', el, 'conversionStatus'], status, loc('VolumeStatus', /wipe/i.test(statusRaw) ? ` (${statusRaw}: encrypted, free space being wiped)` : ''));
    sink.add(['encryption', 'volumes', el, 'protectionStatus'], prot, loc('ProtectionStatus'));
    const method = (row.get('EncryptionMethod') ?? '').trim();
    if (method) sink.add(['encryption', 'volumes', el, 'method'], bitLockerMethod(method), loc('EncryptionMethod'));
    // Export-Csv writes a double in the console's culture ("99,5", "1862,89" on a German console):
    // read by either separator, never dropped nor read as another number.
    const decimal = (col: string): number | undefined => {
      const raw = (row.get(col) ?? '').trim();
      if (raw === '') return undefined;
      const n = parseLocaleDecimal(raw, false);
      if (!n || 'ambiguous' in n) sink.fail(`expected a number in column "${col}" (as Export-Csv writes it: 1862.89, or 1862,89 in a culture with a decimal comma), found ${quoted(raw)}`, `line ${row.line}`);
      return n.value;
    };
    const pct = decimal('EncryptionPercentage');
    if (pct !== undefined && pct > 100) sink.fail(`expected a percentage 0 to 100 in column "EncryptionPercentage", found ${quoted((row.get('EncryptionPercentage') ?? '').trim())}`, `line ${row.line}`);
    if (pct !== undefined) sink.add(['encryption', 'volumes', el, 'percentageEncrypted'], pct, loc('EncryptionPercentage'));
    const cap = decimal('CapacityGB');
    if (cap !== undefined) sink.add(['encryption', 'volumes', el, 'sizeGB'], Math.round(cap * 100) / 100, loc('CapacityGB'));
    const protectors = row.get('KeyProtector');
    if (protectors !== undefined && unexpandedObject(protectors)) {
      // A plain "Get-BitLockerVolume | Export-Csv" writes the protector list's type name: which
      // protectors the volume has was not collected (never read as one protector called so).
      const note = `not collected: line ${row.line}, volume ${mount}, column KeyProtector holds ${quoted(protectors.trim())}, the type name PowerShell writes for a list it did not expand (collect.ps1 joins the protector types with ",")`;
      sink.warn(note);
      sink.cover(`encryption.volumes[].keyProtectors`, false, { note });
    } else if (row.has('KeyProtector')) {
      const list = (row.get('KeyProtector') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
      sink.add(['encryption', 'volumes', el, 'keyProtectors'], list, loc('KeyProtector'));
    }
  }
  coverCsv(sink, table, [{ scope: 'encryption.volumes', note: 'every BitLocker volume (Get-BitLockerVolume)' }]);
  return sink.result('bitlocker-volumes-csv');
}

// ---- event log file ACLs -------------------------------------------------------------------------

const EXPECTED_ACL = 'an event-log ACL CSV (columns Log, Path, IdentityReference, FileSystemRights, AccessControlType, as collect.ps1 writes it)';

function parseEventLogAcl(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const d = decodeOrThrow(input.bytes, input.name, EXPECTED_ACL);
  const table = readCsvTable(d.text, input.name, EXPECTED_ACL, ['Log', 'IdentityReference', 'AccessControlType']);
  const logs = new Map<string, { name: string; path?: string; line: number; principals: string[]; lines: number[] }>();
  const fileLog = new Map<string, { log: string; line: number }>();
  // collect.ps1 1.4.0 adds each principal's SID: the name is in the display language
  // ("VORDEFINIERT\Administratoren"), the SID is the same everywhere, so a principal with a SID is
  // recorded by it (an exact identity: it can make a name-only allow-list stricter, never looser).
  const bySid = table.header.some((h) => /^sid$/i.test(h));
  for (const row of table.rows) {
    const log = (row.get('Log') ?? '').trim();
    const name = (row.get('IdentityReference') ?? '').trim();
    const sid = (row.get('SID') ?? '').trim();
    if (sid && !/^S-1-\d+(-\d+)+$/i.test(sid)) sink.fail(`expected a SID (S-1-...) or nothing in column "SID", found ${quoted(sid)}`, `line ${row.line}, column SID`);
    const who = sid ? sid.toUpperCase() : name;
    const type = (row.get('AccessControlType') ?? '').trim();
    if (!log || !name) sink.fail('expected a log name in column "Log" and a principal in column "IdentityReference"', `line ${row.line}`);
    if (!/^(Allow|Deny)$/i.test(type)) sink.fail(`expected AccessControlType Allow or Deny, found ${quoted(type)}`, `line ${row.line}`);
    const entry = logs.get(log.toLowerCase()) ?? { name: log, line: row.line, principals: [], lines: [] };
    const path = (row.get('Path') ?? '').trim();
    // Get-Acl reads one file per log: a file listed under two logs (a garbled or edited Log cell)
    // would take its entries away from the log they belong to.
    const owner = path ? fileLog.get(path.toLowerCase()) : undefined;
    if (owner && owner.log.toLowerCase() !== log.toLowerCase()) {
      sink.fail(`the file ${quoted(path)} is listed under log ${quoted(owner.log)} (line ${owner.line}) and under log ${quoted(log)}: each log's file is listed under its own name`, `line ${row.line}, column Log`);
    }
    if (path && !owner) fileLog.set(path.toLowerCase(), { log, line: row.line });
    if (path && !entry.path) entry.path = path;
    // A deny entry takes access away: only the principals that are granted access are listed.
    if (/^Allow$/i.test(type) && !entry.principals.some((p) => p.toLowerCase() === who.toLowerCase())) entry.principals.push(who);
    entry.lines.push(row.line);
    logs.set(log.toLowerCase(), entry);
  }
  for (const [id, e] of logs) {
    const el = { el: `logfile:${id}` };
    const loc = `lines ${e.lines.join(', ')}, ${e.name} log, column ${bySid ? 'SID (IdentityReference where it is empty)' : 'IdentityReference'} (allow entries)`;
    sink.add(['audit', 'logFiles', el, 'name'], e.name, `line ${e.line}, column Log`);
    if (e.path) sink.add(['audit', 'logFiles', el, 'path'], e.path, `line ${e.line}, column Path`);
    sink.add(['audit', 'logFiles', el, 'accessPrincipals'], e.principals, loc);
  }
  // A log's principals are gathered from its rows: where rows may be lost, so may its entries.
  coverCsv(sink, table, [
    { scope: 'audit.logFiles', note: 'the ACLs of the Application, Security and System .evtx files' },
    { scope: 'audit.logFiles[].accessPrincipals', note: "every allow entry of each log file's ACL (Get-Acl)" },
  ]);
  return sink.result('eventlog-acl-csv');
}

// ---- Winlogon (automatic logon) ------------------------------------------------------------------

const WINLOGON_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
const EXPECTED_WINLOGON = `a winlogon.json (collect.ps1: AutoAdminLogon and DefaultPasswordSet from ${WINLOGON_KEY})`;

function parseWinlogon(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const { obj: o, line } = jsonExportObject(sink, EXPECTED_WINLOGON);
  // The password itself is never written by collect.ps1 and never read here: a secret.
  if ('DefaultPassword' in o) sink.fail('holds a "DefaultPassword" value: the file must say only whether one is set ("DefaultPasswordSet"), never the password; delete the file and collect again with collect.ps1', line('DefaultPassword'));
  const auto = o.AutoAdminLogon;
  if (auto !== null && auto !== undefined) {
    if (typeof auto !== 'string' && typeof auto !== 'number') sink.fail(`expected "AutoAdminLogon" as the registry string ("0" or "1"), found ${quoted(auto)}`, line('AutoAdminLogon'));
    sink.facts.push(registryFact(`${WINLOGON_KEY}\\AutoAdminLogon`, typeof auto === 'number' ? String(auto) : auto, sink.prov(`/AutoAdminLogon, ${line('AutoAdminLogon')}`)));
  }
  const set: JsonValue | undefined = o.DefaultPasswordSet;
  const b = typeof set === 'boolean' ? set : typeof set === 'string' ? parsePsBool(set) : undefined;
  // A collector that wrote the password itself here must not have it quoted.
  if (b === undefined) sink.fail(`expected "DefaultPasswordSet": true or false, found ${typeof set === 'string' || typeof set === 'number' ? '(not shown: it may be the password)' : quoted(set ?? null)}`, line('DefaultPasswordSet'));
  sink.add(['access', 'autologon', 'defaultPasswordConfigured'], b, `/DefaultPasswordSet, ${line('DefaultPasswordSet')} (whether ${WINLOGON_KEY}\\DefaultPassword holds a value; the value is not collected)`);
  // The script read the whole key: an AutoAdminLogon it does not list is not set.
  sink.cover('hardening.registry', true, { keys: [`${WINLOGON_KEY}\\AutoAdminLogon`], note: 'the AutoAdminLogon value of the Winlogon key' });
  sink.cover('access.autologon', true, { note: 'AutoAdminLogon, and whether a DefaultPassword is stored' });
  return sink.result('winlogon-json');
}

// ---- Get-MpPreference ----------------------------------------------------------------------------

const EXPECTED_MPPREF = 'the JSON of "Get-MpPreference | ConvertTo-Json"';
const SCAN_DAYS = ['every day', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Threat default actions (MPTHREAT_ACTION); 0 = the action the security intelligence recommends. */
const ACTIONS: Record<number, { text: string; strength: number }> = {
  1: { text: 'clean', strength: 4 }, 2: { text: 'quarantine', strength: 5 }, 3: { text: 'remove', strength: 6 }, 10: { text: 'block', strength: 5 },
  8: { text: 'user defined', strength: 2 }, 9: { text: 'no action', strength: 1 }, 6: { text: 'allow', strength: 0 },
};
const LEVELS = ['Severe', 'High', 'Moderate', 'Low'];

function parseMpPreference(input: ExportInput) {
  const sink: FactSink = new FactSink(input);
  const { obj: o, line } = jsonExportObject(sink, EXPECTED_MPPREF);
  const loc = (k: string, note = ''): string => `/${k}, ${line(k)}${note}`;
  const int = (k: string): number | undefined => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) sink.fail(`expected a number for "${k}", found ${quoted(v)}`, line(k));
    return v;
  };
  const rt = o.DisableRealtimeMonitoring;
  if (typeof rt === 'boolean') sink.add(['malware', 'antimalware', 'realTimeProtection'], !rt, loc('DisableRealtimeMonitoring', ` (${rt}: real-time protection ${rt ? 'off' : 'on'} in the preferences)`));
  const day = int('ScanScheduleDay');
  if (day !== undefined) {
    if (day < 0 || day > 8) sink.fail(`expected "ScanScheduleDay" 0 (every day) to 8 (never), found ${day}`, line('ScanScheduleDay'));
    sink.add(['malware', 'antimalware', 'scheduledScan'], day !== 8, loc('ScanScheduleDay', ` (${day}: ${day === 8 ? 'never' : SCAN_DAYS[day]})`));
    if (day !== 8) sink.add(['malware', 'antimalware', 'scanDay'], SCAN_DAYS[day]!, loc('ScanScheduleDay'));
  }
  // The weakest action over the threat levels decides; "0" leaves it to the security intelligence,
  // which the preferences cannot show: no default action is recorded then.
  const levels = LEVELS.map((l) => ({ key: `${l}ThreatDefaultAction`, v: int(`${l}ThreatDefaultAction`) })).filter((x) => x.v !== undefined) as Array<{ key: string; v: number }>;
  if (levels.length) {
    const explicit = levels.filter((x) => x.v !== 0);
    for (const x of explicit) if (!ACTIONS[x.v]) sink.fail(`expected a threat action (1 clean, 2 quarantine, 3 remove, 6 allow, 8 user defined, 9 no action, 10 block, 0 default), found ${x.v}`, line(x.key));
    const weakest = [...explicit].sort((a, b) => ACTIONS[a.v]!.strength - ACTIONS[b.v]!.strength)[0];
    if (weakest && (ACTIONS[weakest.v]!.strength < 4 || explicit.length === levels.length)) {
      sink.add(['malware', 'antimalware', 'defaultAction'], ACTIONS[weakest.v]!.text, loc(weakest.key, ` (the weakest of ${levels.map((x) => `${x.key} ${x.v}`).join(', ')})`));
    } else {
      sink.warn(`${levels.filter((x) => x.v === 0).map((x) => x.key).join(', ')} = 0: the action is left to Defender's security intelligence, which the preferences do not show; no default action is recorded`);
    }
  }
  if (!('DisableRealtimeMonitoring' in o) && !('ScanScheduleDay' in o)) sink.fail(`expected ${EXPECTED_MPPREF}: "DisableRealtimeMonitoring" and "ScanScheduleDay" are missing`, 'line 1');
  return sink.result('defender-preferences');
}

// ---- recognition ---------------------------------------------------------------------------------

function sniff(input: ExportInput): ExportKind | null {
  const t = sniffText(input.bytes);
  if (t === null) return null;
  if (/^\s*[[{]/.test(t)) {
    if (/"DefaultPasswordSet"\s*:/.test(t) && /"AutoAdminLogon"\s*:/.test(t)) return 'winlogon-json';
    if (/"DisableRealtimeMonitoring"\s*:/.test(t) && /"ScanScheduleDay"\s*:/.test(t)) return 'defender-preferences';
    return null;
  }
  const h = sniffCsvHeader(t);
  if (!h) return null;
  if (h.includes('mountpoint') && h.includes('volumestatus') && h.includes('protectionstatus')) return 'bitlocker-volumes-csv';
  if (h.includes('log') && h.includes('identityreference') && h.includes('accesscontroltype')) return 'eventlog-acl-csv';
  if (h.includes('name') && h.includes('status') && h.includes('starttype')) return 'services-csv';
  return null;
}

export const windowsStateParser: ExportParser = {
  kinds: ['services-csv', 'bitlocker-volumes-csv', 'eventlog-acl-csv', 'winlogon-json', 'defender-preferences'],
  sniff,
  parse: (input) => {
    switch (sniff(input)) {
      case 'services-csv': return parseServices(input);
      case 'bitlocker-volumes-csv': return parseBitLocker(input);
      case 'eventlog-acl-csv': return parseEventLogAcl(input);
      case 'winlogon-json': return parseWinlogon(input);
      default: return parseMpPreference(input);
    }
  },
};
