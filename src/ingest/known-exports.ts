// The single list of export kinds and of the file names collect/collect.ps1 writes. The ingester
// recognises files by content; these names are how a file that fails recognition is still known
// to be meant as an export (so it is an error, not "skipped"), and the collection script's test
// checks that the script writes exactly these names in these encodings.
import type { ExportKind } from './types.js';

/** Why one source beats another: see docs/ingest.md, "Effective-value rule". */
export type SourceClass = 'collection' | 'effective' | 'vendor' | 'policy';

export interface KindInfo {
  kind: ExportKind;
  title: string;
  /** The command or tool that produces it. */
  producedBy: string;
  sourceClass: SourceClass;
  /** Higher wins when two sources give different values for the same snapshot value. */
  rank: number;
}

export const KIND_INFO: Readonly<Record<ExportKind, KindInfo>> = {
  'collection-manifest': { kind: 'collection-manifest', title: 'collection manifest', producedBy: 'collect/collect.ps1', sourceClass: 'collection', rank: 100 },
  'local-users-csv': { kind: 'local-users-csv', title: 'Get-LocalUser CSV', producedBy: 'Get-LocalUser | Export-Csv', sourceClass: 'effective', rank: 92 },
  'local-group-members-csv': { kind: 'local-group-members-csv', title: 'Get-LocalGroupMember CSV', producedBy: 'Get-LocalGroupMember | Export-Csv', sourceClass: 'effective', rank: 91 },
  'reg-export': { kind: 'reg-export', title: 'reg export file', producedBy: 'reg export', sourceClass: 'effective', rank: 88 },
  'services-csv': { kind: 'services-csv', title: 'Get-Service CSV', producedBy: 'Get-Service | Export-Csv', sourceClass: 'effective', rank: 87 },
  'winlogon-json': { kind: 'winlogon-json', title: 'Winlogon values JSON (automatic logon)', producedBy: 'collect.ps1: Get-ItemProperty of the Winlogon key (the password only as "set or not")', sourceClass: 'effective', rank: 86 },
  'secedit-export': { kind: 'secedit-export', title: 'secedit /export INF', producedBy: 'secedit /export /cfg', sourceClass: 'effective', rank: 85 },
  'auditpol-backup': { kind: 'auditpol-backup', title: 'auditpol /backup CSV', producedBy: 'auditpol /backup /file:', sourceClass: 'effective', rank: 84 },
  'firewall-profiles-csv': { kind: 'firewall-profiles-csv', title: 'Get-NetFirewallProfile CSV', producedBy: 'Get-NetFirewallProfile -PolicyStore ActiveStore | Export-Csv', sourceClass: 'effective', rank: 83 },
  'firewall-rules-csv': { kind: 'firewall-rules-csv', title: 'Get-NetFirewallRule CSV (with port filters)', producedBy: 'Get-NetFirewallRule -PolicyStore ActiveStore + Get-NetFirewallPortFilter | Export-Csv', sourceClass: 'effective', rank: 82 },
  'netsh-firewall': { kind: 'netsh-firewall', title: 'netsh advfirewall show allprofiles text', producedBy: 'netsh advfirewall show allprofiles', sourceClass: 'effective', rank: 81 },
  'bitlocker-volumes-csv': { kind: 'bitlocker-volumes-csv', title: 'Get-BitLockerVolume CSV', producedBy: 'Get-BitLockerVolume | Export-Csv', sourceClass: 'effective', rank: 80.5 },
  'manage-bde-status': { kind: 'manage-bde-status', title: 'manage-bde -status text', producedBy: 'manage-bde -status', sourceClass: 'effective', rank: 80 },
  'w32tm-status': { kind: 'w32tm-status', title: 'w32tm /query /status text', producedBy: 'w32tm /query /status', sourceClass: 'effective', rank: 79 },
  'applocker-policy': { kind: 'applocker-policy', title: 'AppLocker policy XML', producedBy: 'Get-AppLockerPolicy -Effective -Xml', sourceClass: 'effective', rank: 78 },
  'defender-status': { kind: 'defender-status', title: 'Get-MpComputerStatus JSON', producedBy: 'Get-MpComputerStatus | ConvertTo-Json', sourceClass: 'effective', rank: 77 },
  'defender-preferences': { kind: 'defender-preferences', title: 'Get-MpPreference JSON', producedBy: 'Get-MpPreference | ConvertTo-Json', sourceClass: 'effective', rank: 76.5 },
  'eventlog-acl-csv': { kind: 'eventlog-acl-csv', title: 'event log file ACL CSV', producedBy: 'collect.ps1: Get-Acl of the Application, Security and System .evtx files', sourceClass: 'effective', rank: 76 },
  'net-accounts': { kind: 'net-accounts', title: 'net accounts text', producedBy: 'net accounts', sourceClass: 'effective', rank: 70 },
  'vendor-settings': { kind: 'vendor-settings', title: 'vendor settings file', producedBy: "the vendor's configuration export (format: docs/ingest.md)", sourceClass: 'vendor', rank: 50 },
  'registry-pol': { kind: 'registry-pol', title: 'registry.pol (PReg)', producedBy: 'Group Policy (Machine\\Registry.pol)', sourceClass: 'policy', rank: 30 },
  'gpo-audit-csv': { kind: 'gpo-audit-csv', title: 'GPO advanced audit policy audit.csv', producedBy: 'Group Policy backup (Machine\\Microsoft\\Windows NT\\Audit\\audit.csv)', sourceClass: 'policy', rank: 20 },
  'gpo-template': { kind: 'gpo-template', title: 'GPO security template GptTmpl.inf', producedBy: 'Group Policy backup (Machine\\Microsoft\\Windows NT\\SecEdit\\GptTmpl.inf)', sourceClass: 'policy', rank: 20 },
};

/** The snapshot parts each kind of export gives: where a file the script could not write leaves a gap. */
export const SCOPES_OF_KIND: Partial<Readonly<Record<ExportKind, readonly string[]>>> = {
  'secedit-export': ['access.passwordPolicy.local', 'access.lockoutPolicy.local', 'audit.securityPrivilegeHolders'],
  'auditpol-backup': ['audit.subcategories'],
  'netsh-firewall': ['firewall.profiles'],
  'firewall-profiles-csv': ['firewall.profiles'],
  'firewall-rules-csv': ['firewall.rules'],
  'manage-bde-status': ['encryption.volumes'],
  'bitlocker-volumes-csv': ['encryption.volumes'],
  'local-users-csv': ['access.accounts'],
  'net-accounts': ['access.passwordPolicy.local', 'access.lockoutPolicy.local'],
  'w32tm-status': ['audit.timeSync'],
  'applocker-policy': ['malware.allowlisting'],
  'defender-status': ['malware.antimalware'],
  'defender-preferences': ['malware.antimalware'],
  'services-csv': ['hardening.services'],
  'eventlog-acl-csv': ['audit.logFiles'],
  'winlogon-json': ['access.autologon'],
};

/**
 * The fields a kind of export sets where it shares its scope with another kind that sets others:
 * a reason naming the export that would give a missing value names only those that give it
 * (signatures' date: defender.json, not defender-preferences.json). The parsers' own paths;
 * test/export-fields.test.ts parses each kind's fixture and holds the two together.
 */
export const FIELDS_OF_KIND: Partial<Readonly<Record<ExportKind, readonly string[]>>> = {
  'defender-status': ['product', 'serviceRunning', 'realTimeProtection', 'signatureVersion', 'signatureUpdatedAt', 'signatureAgeDays', 'lastFullScanAt'].map((f) => `malware.antimalware.${f}`),
  'defender-preferences': ['realTimeProtection', 'scheduledScan', 'scanDay', 'defaultAction'].map((f) => `malware.antimalware.${f}`),
  // Accounts and their groups come from two exports; an account's role and patient-data access from neither.
  'local-users-csv': ['name', 'enabled', 'builtin', 'source', 'passwordRequired', 'passwordNeverExpires', 'lastLogon', 'passwordLastSet'].map((f) => `access.accounts.${f}`),
  'local-group-members-csv': [...['name', 'source', 'groups', 'groupSids'].map((f) => `access.accounts.${f}`), 'access.nestedGroups'],
  'net-accounts': [
    ...['minAgeDays', 'maxAgeDays', 'minLength', 'history'].map((f) => `access.passwordPolicy.local.${f}`),
    ...['threshold', 'durationMinutes', 'resetMinutes'].map((f) => `access.lockoutPolicy.local.${f}`),
  ],
};

/** Marks, in a value's provenance rule, two effective exports that read it differently (merge.ts writes it, evaluate-check.ts reads it). */
export const EFFECTIVE_EXPORTS_DISAGREE = "the console's own effective exports disagree";

export const SOURCE_CLASS_TEXT: Readonly<Record<SourceClass, string>> = {
  collection: 'written by the collection run itself',
  effective: "the console's own effective export",
  vendor: "the vendor's settings export",
  policy: 'a policy file, which says what should be applied, not what is',
};

/**
 * How collect.ps1 writes a file: the helper function it calls (see collect/collect.ps1):
 * native = Export-Native (the tool writes the file itself), text = Export-Text (Set-Content
 * -Encoding Unicode), csv = Export-Table (Export-Csv -NoTypeInformation -Encoding UTF8),
 * json = Export-Json (ConvertTo-Json | Out-File -Encoding UTF8), registry = Export-Registry
 * (reg.exe export), copy = Copy-Export (bytes copied as they are), manifest = collection.json.
 */
export type Writer = 'manifest' | 'native' | 'text' | 'csv' | 'json' | 'registry' | 'copy';

/** Bytes as they land on disk. */
export type FileEncoding = 'utf-16le-bom' | 'utf-8-bom' | 'utf-8' | 'binary';

export interface KnownExport {
  /** File name inside the device folder. */
  file: string;
  kind: ExportKind;
  /** Whether collect/collect.ps1 writes it (false: copied in by hand, e.g. from a GPO backup). */
  collected: boolean;
  writer: Writer | 'gpo-backup';
  /**
   * What the script must run to produce it (compared as a substring of the helper call): the
   * command line, or for the registry writer the key exported, or for copy the source.
   */
  command?: string;
  encoding: FileEncoding;
}

const text = (file: string, kind: ExportKind, command: string): KnownExport => ({ file, kind, collected: true, writer: 'text', command, encoding: 'utf-16le-bom' });
const csv = (file: string, kind: ExportKind, command: string): KnownExport => ({ file, kind, collected: true, writer: 'csv', command, encoding: 'utf-8-bom' });
const reg = (file: string, key: string): KnownExport => ({ file, kind: 'reg-export', collected: true, writer: 'registry', command: key, encoding: 'utf-16le-bom' });

export const KNOWN_EXPORTS: readonly KnownExport[] = [
  { file: 'collection.json', kind: 'collection-manifest', collected: true, writer: 'manifest', encoding: 'utf-8-bom' },
  { file: 'secedit.inf', kind: 'secedit-export', collected: true, writer: 'native', command: 'secedit.exe /export /cfg', encoding: 'utf-16le-bom' },
  // MS-GPAC: advanced audit policy files are UTF-8.
  { file: 'auditpol.csv', kind: 'auditpol-backup', collected: true, writer: 'native', command: 'auditpol.exe /backup /file:', encoding: 'utf-8' },
  text('firewall-netsh.txt', 'netsh-firewall', 'netsh.exe advfirewall show allprofiles'),
  csv('firewall-profiles.csv', 'firewall-profiles-csv', 'Get-NetFirewallProfile -PolicyStore ActiveStore'),
  csv('firewall-rules.csv', 'firewall-rules-csv', 'Get-NetFirewallRule -PolicyStore ActiveStore'),
  text('bitlocker.txt', 'manage-bde-status', 'manage-bde.exe -status'),
  csv('bitlocker-volumes.csv', 'bitlocker-volumes-csv', 'Get-BitLockerVolume'),
  csv('services.csv', 'services-csv', 'Get-Service'),
  csv('eventlog-acl.csv', 'eventlog-acl-csv', 'Get-Acl'),
  csv('local-users.csv', 'local-users-csv', 'Get-LocalUser'),
  csv('local-group-members.csv', 'local-group-members-csv', 'Get-LocalGroupMember'),
  text('net-accounts.txt', 'net-accounts', 'net.exe accounts'),
  text('w32tm.txt', 'w32tm-status', 'w32tm.exe /query /status'),
  reg('reg-policies-system.reg', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies'),
  reg('reg-policies.reg', 'HKLM\\SOFTWARE\\Policies'),
  reg('reg-lsa.reg', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa'),
  reg('reg-usbstor.reg', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR'),
  reg('reg-uaspstor.reg', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\UASPStor'),
  reg('reg-lanmanserver.reg', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters'),
  reg('reg-eventlog-application.reg', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application'),
  reg('reg-eventlog-security.reg', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Security'),
  reg('reg-eventlog-system.reg', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\System'),
  reg('reg-desktop.reg', 'HKCU\\Control Panel\\Desktop'),
  reg('reg-desktop-policy.reg', 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop'),
  { file: 'registry.pol', kind: 'registry-pol', collected: true, writer: 'copy', command: 'GroupPolicy\\Machine\\Registry.pol', encoding: 'binary' },
  { file: 'applocker.xml', kind: 'applocker-policy', collected: true, writer: 'text', command: 'Get-AppLockerPolicy -Effective -Xml', encoding: 'utf-16le-bom' },
  { file: 'defender.json', kind: 'defender-status', collected: true, writer: 'json', command: 'Get-MpComputerStatus', encoding: 'utf-8-bom' },
  { file: 'defender-preferences.json', kind: 'defender-preferences', collected: true, writer: 'json', command: 'Get-MpPreference', encoding: 'utf-8-bom' },
  { file: 'winlogon.json', kind: 'winlogon-json', collected: true, writer: 'json', command: 'Winlogon', encoding: 'utf-8-bom' },
  // Copied from the vendor's export when collect.ps1 is given -VendorSettings (format: docs/ingest.md).
  { file: 'vendor-settings.json', kind: 'vendor-settings', collected: true, writer: 'copy', command: '$VendorSettings', encoding: 'utf-8' },
  { file: 'vendor-settings.csv', kind: 'vendor-settings', collected: true, writer: 'copy', command: '$VendorSettings', encoding: 'utf-8' },
  { file: 'GptTmpl.inf', kind: 'gpo-template', collected: false, writer: 'gpo-backup', encoding: 'utf-16le-bom' },
  { file: 'audit.csv', kind: 'gpo-audit-csv', collected: false, writer: 'gpo-backup', encoding: 'utf-8' },
];

/** Extensions whose files can only be one format: content that fails recognition is an error. */
export const FORMAT_EXTENSIONS: Readonly<Record<string, ExportKind>> = {
  '.inf': 'secedit-export',
  '.pol': 'registry-pol',
  '.reg': 'reg-export',
};

export function knownExportByName(name: string): KnownExport | undefined {
  const lower = name.toLowerCase();
  return KNOWN_EXPORTS.find((k) => k.file.toLowerCase() === lower);
}

/**
 * The known export a file name holds, where it is not one itself (`collection.json.txt`,
 * `Copy of secedit.inf`, `MR-03 collection.json.bak`): the INPUT walker refuses a folder holding
 * such a file rather than pass over a device whose exports were misnamed (src/io/inputs.ts).
 */
export function resembledExport(name: string): KnownExport | undefined {
  if (knownExportByName(name)) return undefined;
  const lower = name.toLowerCase();
  return KNOWN_EXPORTS.find((k) => lower.includes(k.file.toLowerCase()));
}
