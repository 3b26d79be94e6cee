// Writes the bundled sample fleet: samples/<device-id>/<device-id>_<YYYY-MM-DD>.json (4 consoles x 3
// collection rounds, and a fifth console collected once, in round 0, whose evidence is stale by
// the package's clock). Deterministic: no clock, no randomness; running it twice gives identical bytes.
// samples/README.md describes every deliberate failure and the drift between rounds; keep the two in
// step. samples/deviations.csv is hand-written (not generated).
// Run: node scripts/make-samples.mjs [OUT_DIR]   (OUT_DIR defaults to samples/; the tests regenerate
// into a temporary directory and compare bytes with the committed files)
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const SAMPLES = process.argv[2]
  ? pathToFileURL(resolve(process.argv[2]) + sep)
  : new URL('../samples/', import.meta.url);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** ISO 8601 UTC without milliseconds. */
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** The instant `ms` before `collectedAt`. */
const before = (collectedAt, ms) => iso(Date.parse(collectedAt) - ms);
const sha = (text) => createHash('sha256').update(text).digest('hex');

// ---------------------------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------------------------

/** Approved inbound ports the samples assume (organisation parameter cm-07_odp.03). */
const PORT_DICOM = '104';
const PORT_DICOM_TLS = '2762';
const PORT_REMOTE_SERVICE = '8443';

const MODALITY_SUBNET = '10.20.30.0/24';
const REMOTE_SERVICE_GATEWAY = '10.99.0.5';

/**
 * Windows advanced-audit subcategories required by the DISA Windows 10 STIG GPO
 * (GUID, auditpol name, success, failure), as in `auditpol /backup`.
 */
const AUDIT_REQUIRED = JSON.parse(readFileSync(new URL('../controls/stig-audit-subcategories.json', import.meta.url), 'utf8')).subcategories.map((r) => [r.guid, r.name, r.success, r.failure]);

/** Subcategories exactly as the STIG requires. `upperCase`: GUIDs as Get-AuditPolicy-style tools print them. */
function auditCompliant({ upperCase = false } = {}) {
  return AUDIT_REQUIRED.map(([guid, name, success, failure]) => ({
    guid: upperCase ? guid.toUpperCase() : guid,
    name,
    success,
    failure,
  }));
}

/**
 * Windows 7 out-of-the-box audit policy. PNP Activity, Group Membership and Removable Storage do
 * not exist before Windows 8/10, so auditpol on Windows 7 does not list them at all.
 */
function auditWindows7Default() {
  const win7 = {
    'Audit Credential Validation': [false, false],
    'Audit Security Group Management': [true, false],
    'Audit User Account Management': [true, false],
    'Audit Process Creation': [false, false],
    'Audit Account Lockout': [true, false],
    'Audit Logoff': [true, false],
    'Audit Logon': [true, false],
    'Audit Other Logon/Logoff Events': [false, false],
    'Audit Special Logon': [true, false],
    'Audit Detailed File Share': [false, false],
    'Audit File Share': [false, false],
    'Audit Other Object Access Events': [false, false],
    'Audit Audit Policy Change': [true, false],
    'Audit Authentication Policy Change': [true, false],
    'Audit Authorization Policy Change': [false, false],
    'Audit MPSSVC Rule-Level Policy Change': [false, false],
    'Audit Other Policy Change Events': [false, false],
    'Audit Sensitive Privilege Use': [false, false],
    'Audit IPsec Driver': [false, false],
    'Audit Other System Events': [true, true],
    'Audit Security State Change': [true, false],
    'Audit Security System Extension': [false, false],
    'Audit System Integrity': [true, true],
  };
  return AUDIT_REQUIRED.filter(([, name]) => name in win7).map(([guid, name]) => ({
    guid,
    name,
    success: win7[name][0],
    failure: win7[name][1],
  }));
}

function profiles(overrides = {}) {
  return ['domain', 'private', 'public'].map((name) => ({
    name,
    enabled: true,
    defaultInboundAction: 'block',
    defaultOutboundAction: 'allow',
    logDroppedPackets: true,
    logAllowedConnections: false,
    logMaxSizeKB: 16384,
    ...(overrides[name] ?? {}),
  }));
}

const ALL_PROFILES = ['domain', 'private', 'public'];

function rule(name, enabled, direction, action, protocol, localPorts, remoteAddresses, program, profileList = ALL_PROFILES) {
  const r = { name, enabled, direction, action, protocol };
  if (localPorts) r.localPorts = localPorts;
  r.remoteAddresses = remoteAddresses;
  r.profiles = profileList;
  if (program) r.program = program;
  return r;
}

/** The rules an Example Medical Systems imaging console ships with. */
function emsRules({ dicomExe, rdpEnabled = false }) {
  return [
    rule('EMS DICOM Storage SCP (TCP-In)', true, 'inbound', 'allow', 'TCP', [PORT_DICOM], [MODALITY_SUBNET], dicomExe),
    rule('EMS DICOM TLS Storage SCP (TCP-In)', true, 'inbound', 'allow', 'TCP', [PORT_DICOM_TLS], [MODALITY_SUBNET], dicomExe),
    rule('EMS Remote Service (TCP-In)', true, 'inbound', 'allow', 'TCP', [PORT_REMOTE_SERVICE], [REMOTE_SERVICE_GATEWAY],
      'C:\\Program Files\\Example Medical Systems\\RemoteService\\emsrsagent.exe'),
    rule('Remote Desktop - User Mode (TCP-In)', rdpEnabled, 'inbound', 'allow', 'TCP', ['3389'], ['Any'], '%SystemRoot%\\system32\\svchost.exe'),
    rule('File and Printer Sharing (SMB-In)', false, 'inbound', 'allow', 'TCP', ['445'], ['LocalSubnet'], 'System'),
    rule('Windows Remote Management (HTTP-In)', false, 'inbound', 'allow', 'TCP', ['5985'], ['LocalSubnet'], 'System'),
    rule('Core Networking - Dynamic Host Configuration Protocol (DHCP-In)', false, 'inbound', 'allow', 'UDP', ['68'], ['Any'], '%SystemRoot%\\system32\\svchost.exe'),
    rule('EMS Block NetBIOS and SMB (TCP-In)', true, 'inbound', 'block', 'TCP', ['137-139', '445'], ['Any']),
    rule('EMS DICOM to PACS (TCP-Out)', true, 'outbound', 'allow', 'TCP', ['any'], ['10.20.10.0/24'], dicomExe),
    rule('EMS LDAP over TLS (TCP-Out)', true, 'outbound', 'allow', 'TCP', ['any'], ['10.10.1.11', '10.10.1.12']),
    rule('EMS Syslog over TLS (TCP-Out)', true, 'outbound', 'allow', 'TCP', ['any'], ['10.10.5.20']),
    rule('Core Networking - NTP (UDP-Out)', true, 'outbound', 'allow', 'UDP', ['any'], ['10.10.1.11', '10.10.1.12'], '%SystemRoot%\\system32\\svchost.exe'),
    rule('EMS Remote Service (TCP-Out)', true, 'outbound', 'allow', 'TCP', ['any'], [REMOTE_SERVICE_GATEWAY],
      'C:\\Program Files\\Example Medical Systems\\RemoteService\\emsrsagent.exe'),
  ];
}

function svc(name, displayName, startType, state) {
  return { name, displayName, startType, state };
}

/** Windows services common to the Windows 10/11 imaging consoles. */
function windowsServices({ appIdRunning = true } = {}) {
  return [
    svc('AppIDSvc', 'Application Identity', 'automatic', appIdRunning ? 'running' : 'stopped'),
    svc('BFE', 'Base Filtering Engine', 'automatic', 'running'),
    svc('BITS', 'Background Intelligent Transfer Service', 'manual', 'stopped'),
    svc('CryptSvc', 'Cryptographic Services', 'automatic', 'running'),
    svc('Dhcp', 'DHCP Client', 'automatic', 'running'),
    svc('Dnscache', 'DNS Client', 'automatic', 'running'),
    svc('EventLog', 'Windows Event Log', 'automatic', 'running'),
    svc('LanmanServer', 'Server', 'disabled', 'stopped'),
    svc('LanmanWorkstation', 'Workstation', 'automatic', 'running'),
    svc('MpsSvc', 'Windows Defender Firewall', 'automatic', 'running'),
    svc('RemoteRegistry', 'Remote Registry', 'disabled', 'stopped'),
    svc('Schedule', 'Task Scheduler', 'automatic', 'running'),
    svc('seclogon', 'Secondary Logon', 'disabled', 'stopped'),
    svc('Spooler', 'Print Spooler', 'automatic', 'running'),
    svc('SSDPSRV', 'SSDP Discovery', 'disabled', 'stopped'),
    svc('TermService', 'Remote Desktop Services', 'manual', 'stopped'),
    svc('upnphost', 'UPnP Device Host', 'disabled', 'stopped'),
    svc('W32Time', 'Windows Time', 'automatic', 'running'),
    svc('WinDefend', 'Microsoft Defender Antivirus Service', 'automatic', 'running'),
    svc('WinRM', 'Windows Remote Management (WS-Management)', 'manual', 'stopped'),
    svc('Winmgmt', 'Windows Management Instrumentation', 'automatic', 'running'),
    svc('wuauserv', 'Windows Update', 'manual', 'stopped'),
  ];
}

function emsServices() {
  return [
    svc('EMSDicomNode', 'EMS DICOM Node', 'automatic', 'running'),
    svc('EMSImagingCore', 'EMS Imaging Core', 'automatic', 'running'),
    svc('EMSLicense', 'EMS License Service', 'automatic', 'running'),
    svc('EMSLogForwarder', 'EMS Operations Log Forwarder', 'automatic', 'running'),
    svc('EMSRemoteService', 'EMS Remote Service Agent', 'automatic', 'running'),
  ];
}

function windows10Features() {
  return [
    { name: 'IIS-WebServerRole', state: 'disabled' },
    { name: 'MicrosoftWindowsPowerShellV2Root', state: 'disabled' },
    { name: 'NetFx3', state: 'enabled' },
    { name: 'Printing-PrintToPDFServices-Features', state: 'enabled' },
    { name: 'SMB1Protocol', state: 'disabled' },
    { name: 'SNMP', state: 'disabled' },
    { name: 'SimpleTCP', state: 'disabled' },
    { name: 'TFTP', state: 'disabled' },
    { name: 'TelnetClient', state: 'disabled' },
  ];
}

const AUTORUN_STIG = { noDriveTypeAutoRun: 255, noAutorun: 1, noAutoplayForNonVolume: 1 };

/**
 * Registry values as the ingester writes them ("HKLM\<key path>\<value name>"). `auth` holds the
 * values the CAT I registry checks read; a value left undefined is absent from the export (the
 * policy is not configured). `secedit`: those keys in the casing secedit and registry.pol write
 * ("HKLM\System\...", "HKLM\Software\Policies\..."), which the checks must match without case.
 */
function registryValues({ autorun, fips, inactivitySecs, caption, smb1, auth, secedit = false, minimumPin, autoAdminLogon }) {
  const lsa = secedit ? 'HKLM\\System\\CurrentControlSet\\Control\\Lsa' : 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa';
  const policies = secedit ? 'HKLM\\Software\\Policies\\Microsoft\\Windows' : 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows';
  const reg = {
    'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\NoAutorun': autorun.noAutorun,
    'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\NoDriveTypeAutoRun': autorun.noDriveTypeAutoRun,
    'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Explorer\\NoAutoplayfornonVolume': autorun.noAutoplayForNonVolume,
    'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled': fips ? 1 : 0,
    'HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters\\SMB1': smb1 ? 1 : 0,
  };
  if (inactivitySecs !== undefined) {
    reg['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\InactivityTimeoutSecs'] = inactivitySecs;
  }
  reg['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\LegalNoticeCaption'] = caption;
  const optional = {
    [`${lsa}\\NoLMHash`]: auth.noLmHash,
    [`${lsa}\\LmCompatibilityLevel`]: auth.lmCompatibilityLevel,
    [`${policies}\\Installer\\AlwaysInstallElevated`]: auth.alwaysInstallElevated,
    [`${policies}\\WinRM\\Client\\AllowBasic`]: auth.winrmClientAllowBasic,
    [`${policies}\\WinRM\\Service\\AllowBasic`]: auth.winrmServiceAllowBasic,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) reg[key] = value;
  if (minimumPin !== undefined) reg['HKLM\\SOFTWARE\\Policies\\Microsoft\\FVE\\MinimumPIN'] = minimumPin;
  if (autoAdminLogon !== undefined) reg[`${WINLOGON}\\AutoAdminLogon`] = autoAdminLogon;
  return reg;
}

const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';

/** The registry keys collect.ps1 exports in full (reg export), as the coverage of a full registry.reg. */
const COLLECT_KEYS = [
  'HKCU\\Control Panel\\Desktop',
  'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop',
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies',
  'HKLM\\SOFTWARE\\Policies',
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa',
  'HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application',
  'HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Security',
  'HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\System',
  'HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters',
  'HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR',
];

/** A source file of the snapshot, by its name inside the collection folder. */
function source(sources, fileName) {
  const src = sources.find((s) => s.file.endsWith(`/${fileName}`));
  if (!src) throw new Error(`no source ${fileName}`);
  return src;
}

/**
 * Coverage (docs/snapshot-format.md): the registry keys registry.reg read in full, and the parts of
 * the snapshot winlogon.json gave completely. `keys` defaults to every key collect.ps1 exports.
 */
function coverageFor(sources, { keys = COLLECT_KEYS, extra = [] } = {}) {
  const reg = source(sources, 'registry.reg');
  const out = [{ scope: 'hardening.registry', source: reg.file, kind: 'reg-export', effective: true, complete: true, keys }];
  if (sources.some((s) => s.file.endsWith('/winlogon.json'))) {
    out.push({ scope: 'access.autologon', source: source(sources, 'winlogon.json').file, kind: 'winlogon-json', effective: true, complete: true });
  }
  return [...out, ...extra].sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : a.source < b.source ? -1 : 1));
}

/** Event log file ACLs as Windows sets them by default (WN10-AU-000515/-520/-525). */
function logFiles() {
  return ['Application', 'Security', 'System'].map((name) => ({
    name,
    path: `C:\\Windows\\System32\\winevt\\Logs\\${name}.evtx`,
    accessPrincipals: ['NT SERVICE\\EventLog', 'NT AUTHORITY\\SYSTEM', 'BUILTIN\\Administrators'],
  }));
}

/** The CAT I registry values as the DISA Windows 10 STIG sets them. */
const AUTH_STIG = { noLmHash: 1, lmCompatibilityLevel: 5, alwaysInstallElevated: 0, winrmClientAllowBasic: 0, winrmServiceAllowBasic: 0 };

/** The DoD Notice and Consent Banner (WN10-SO-000075/-000080), paragraphs as the GPO writes them. */
const DOD_CAPTION = 'DoD Notice and Consent Banner';
const DOD_TEXT = [
  'You are accessing a U.S. Government (USG) Information System (IS) that is provided for USG-authorized use only.',
  'By using this IS (which includes any device attached to this IS), you consent to the following conditions:',
  '-The USG routinely intercepts and monitors communications on this IS for purposes including, but not limited to, penetration testing, COMSEC monitoring, network operations and defense, personnel misconduct (PM), law enforcement (LE), and counterintelligence (CI) investigations.',
  '-At any time, the USG may inspect and seize data stored on this IS.',
  '-Communications using, or data stored on, this IS are not private, are subject to routine monitoring, interception, and search, and may be disclosed or used for any USG-authorized purpose.',
  '-This IS includes security measures (e.g., authentication and access controls) to protect USG interests--not for your personal benefit or privacy.',
  '-Notwithstanding the above, using this IS does not constitute consent to PM, LE or CI investigative searching or monitoring of the content of privileged communications, or work product, related to personal representation or services by attorneys, psychotherapists, or clergy, and their assistants.  Such communications and work product are private and confidential.  See User Agreement for details.',
].join('\n\n');
/** The hospital's own notice, which an old vendor image still shows (CT-01): not the organisation's banner. */
const HOSPITAL_CAPTION = 'Authorized use only';
const HOSPITAL_TEXT =
  'This medical device is the property of Example University Hospital and is for the use of authorized ' +
  'personnel only. Use of this system constitutes consent to monitoring and recording of all activity. ' +
  'Unauthorized access to patient data is prohibited and will be reported.';

/**
 * The SIDs of the local groups, as collect.ps1's GroupSID column gives them: built-in groups by their
 * well-known SIDs, the vendor's groups by a machine SID (the same stand-in on every sample console).
 */
const BUILTIN_GROUP_SIDS = { Administrators: 'S-1-5-32-544', Users: 'S-1-5-32-545', Guests: 'S-1-5-32-546', 'System Managed Accounts Group': 'S-1-5-32-581' };
const VENDOR_GROUPS = ['EMS Application', 'EMS Service Technicians', 'EMS Hospital Admins', 'EMS Clinical Users', 'CX800 Service', 'CX800 Operators'];
function groupSid(group) {
  if (BUILTIN_GROUP_SIDS[group]) return BUILTIN_GROUP_SIDS[group];
  const i = VENDOR_GROUPS.indexOf(group);
  if (i < 0) throw new Error(`make-samples: no SID for local group ${group}`);
  return `S-1-5-21-1085031214-1563985344-725345543-${1010 + i}`;
}

function account(name, enabled, builtin, role, groups, lastLogon, patientDataAccess, source = 'local') {
  return { name, enabled, builtin, role, groups, groupSids: groups.map(groupSid), lastLogon, patientDataAccess, passwordRequired: true, source };
}

/**
 * The groups Windows itself puts in a local group (Get-LocalGroupMember lists them without
 * members): Users holds Authenticated Users and INTERACTIVE. No privileged group holds a group on
 * these consoles (the STIG's WN10-00-000070 hardening removed HOSP\\Domain Admins from Administrators).
 */
function windowsDefaultNesting() {
  return [
    { group: 'Users', groupSid: groupSid('Users'), member: 'NT AUTHORITY\\Authenticated Users', sid: 'S-1-5-11', kind: 'every-account' },
    { group: 'Users', groupSid: groupSid('Users'), member: 'NT AUTHORITY\\INTERACTIVE', sid: 'S-1-5-4', kind: 'every-account' },
  ];
}

/** Built-in accounts of a hardened Windows 10/11 console: all disabled. */
function windowsBuiltinsDisabled(adminLastLogon) {
  return [
    account('Administrator', false, 'administrator', 'system', ['Administrators'], adminLastLogon, false),
    account('Guest', false, 'guest', 'system', ['Guests'], null, false),
    account('DefaultAccount', false, null, 'system', ['System Managed Accounts Group'], null, false),
    account('WDAGUtilityAccount', false, null, 'system', [], null, false),
  ];
}

const SECURITY_PRIVILEGE_HOLDERS = ['BUILTIN\\Administrators'];

function auditLogs(securityKB, appKB, systemKB) {
  return [
    { name: 'Application', maxSizeKB: appKB, retention: 'overwrite-as-needed' },
    { name: 'Security', maxSizeKB: securityKB, retention: 'overwrite-as-needed' },
    { name: 'System', maxSizeKB: systemKB, retention: 'overwrite-as-needed' },
  ];
}

/** Source files a field engineer collected; hashes stand in for the original exports (not bundled). */
function sourcesFor(id, date, files) {
  return files.map(([file, kind]) => {
    const path = `${id}_${date}/${file}`;
    return { file: path, sha256: sha(`ato-evidence sample export ${path}`), kind };
  });
}

/** Provenance entries: [jsonPointer, fileName, location, extra?]. */
function provenanceFor(sources, entries) {
  const byName = new Map(sources.map((s) => [s.file.slice(s.file.indexOf('/') + 1), s]));
  const out = {};
  for (const [pointer, fileName, location, extra] of entries) {
    const src = byName.get(fileName);
    if (!src) throw new Error(`provenance names unknown source ${fileName}`);
    out[pointer] = { file: src.file, sha256: src.sha256, location, ...(extra ?? {}) };
  }
  return out;
}

function windowsSourceFiles(avFile) {
  return [
    ['policy.inf', 'secedit-inf'],
    ['audit.csv', 'auditpol-csv'],
    ['firewall-profiles.txt', 'netsh-advfirewall'],
    ['firewall-rules.csv', 'netfirewallrule-csv'],
    ['services.csv', 'service-csv'],
    ['features.txt', 'dism-features'],
    ['registry.reg', 'reg-export'],
    ['hotfixes.csv', 'hotfix-csv'],
    ['users.csv', 'localuser-csv'],
    ['w32tm-status.txt', 'w32tm-status'],
    ['bitlocker.txt', 'manage-bde-status'],
    ['applocker.xml', 'applocker-xml'],
    avFile,
    ['vendor-config.xml', 'vendor-config'],
    ['winlogon.json', 'winlogon-json'],
    ['eventlog-acl.csv', 'eventlog-acl-csv'],
  ];
}

// ---------------------------------------------------------------------------------------------
// Devices
// ---------------------------------------------------------------------------------------------

const R1 = '2026-10-05';
const R2 = '2026-11-02';

/**
 * MR-01: 3 T MR console. Cannot lock its screen during acquisition (approved deviation).
 * LDAP over TLS with a bind password in the export (a secret the product must never print).
 * Round 1 -> 2: vendor software SP2 installed on 2026-10-20 (patch fixed); BitLocker protection
 * on the image-data volume D: suspended during that visit and never resumed.
 */
function mr01(round) {
  const date = round === 1 ? R1 : R2;
  const collectedAt = round === 1 ? '2026-10-05T09:14:00Z' : '2026-11-02T09:21:00Z';
  const dicomExe = 'C:\\Program Files\\Example Medical Systems\\DicomNode\\emsdcmnode.exe';
  const sources = sourcesFor('MR-01', date, [...windowsSourceFiles(['mpcomputerstatus.json', 'mpcomputerstatus-json']), ['GptTmpl.inf', 'gpo-template']]);
  const gpo = source(sources, 'GptTmpl.inf');
  const gpoInactivity = { value: 900, file: gpo.file, sha256: gpo.sha256, location: '[Registry Values] MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\InactivityTimeoutSecs, line 58' };
  const serviceVisit = '2026-10-20T10:05:00Z';
  return {
    schemaVersion: '1.0',
    device: {
      id: 'MR-01',
      kind: 'MR',
      manufacturer: 'Example Medical Systems',
      model: 'Magnara Vida 3T',
      serial: 'EMS-MR-174021',
      softwareVersion: round === 1 ? 'MRCon XA31A SP1' : 'MRCon XA31A SP2',
      hostname: 'RAD-MR01-CON',
      location: 'Radiology, Building B, MR suite 1',
      os: { name: 'Windows 10 IoT Enterprise LTSC 2021', build: '19044', version: '21H2' },
    },
    collectedAt,
    collector: { name: 'ato-evidence ingest', version: '0.1.0' },
    firewall: {
      profiles: profiles(),
      rules: emsRules({ dicomExe }),
    },
    hardening: {
      autorun: { ...AUTORUN_STIG },
      removableMedia: { patientDataExport: 'disabled', encryptExport: true, usbStorageBlocked: true },
      services: [...windowsServices(), ...emsServices()],
      optionalFeatures: windows10Features(),
      fipsMode: true,
      registry: registryValues({ autorun: AUTORUN_STIG, fips: true, inactivitySecs: 0, caption: DOD_CAPTION, smb1: false, auth: AUTH_STIG, autoAdminLogon: '0' }),
      updates: {
        installed: [
          { id: 'KB5066791', description: 'Security Update', installedOn: '2026-08-18T08:40:00Z' },
          { id: 'KB5068222', description: 'Security Update', installedOn: '2026-09-15T08:31:00Z' },
          ...(round === 2 ? [{ id: 'KB5070114', description: 'Security Update', installedOn: '2026-10-20T09:12:00Z' }] : []),
        ],
        vendorSoftware: round === 1
          ? { installedVersion: 'XA31A SP1', latestVersion: 'XA31A SP2', latestReleasedOn: '2026-07-15', installedOn: '2026-03-02T11:30:00Z' }
          : { installedVersion: 'XA31A SP2', latestVersion: 'XA31A SP2', latestReleasedOn: '2026-07-15', installedOn: '2026-10-20T10:48:00Z' },
        lastOsUpdateInstalledOn: round === 1 ? '2026-09-15T08:31:00Z' : '2026-10-20T09:12:00Z',
      },
      baseline: {
        name: 'DISA Microsoft Windows 10 STIG V3R2',
        differences: [
          { setting: 'InactivityTimeoutSecs (WN10-SO-000070)', expected: '1..900', actual: '0', approved: true },
          { setting: 'BitLocker startup PIN (WN10-00-000031)', expected: 'TPM And PIN', actual: 'TPM', approved: false },
        ],
      },
      smb1Enabled: false,
    },
    malware: {
      allowlisting: {
        product: 'AppLocker',
        collections: [
          { type: 'Exe', enforcementMode: 'enabled', ruleCount: 42, allowsEveryFile: false },
          { type: 'Msi', enforcementMode: 'enabled', ruleCount: 6, allowsEveryFile: false },
          { type: 'Script', enforcementMode: 'enabled', ruleCount: 12, allowsEveryFile: false },
          { type: 'Dll', enforcementMode: 'enabled', ruleCount: 88, allowsEveryFile: false },
          { type: 'Appx', enforcementMode: 'enabled', ruleCount: 3, allowsEveryFile: false },
        ],
      },
      antimalware: {
        product: 'Microsoft Defender Antivirus',
        serviceRunning: true,
        realTimeProtection: true,
        signatureVersion: round === 1 ? '1.447.212.0' : '1.449.105.0',
        signatureUpdatedAt: round === 1 ? '2026-10-04T03:10:00Z' : '2026-11-01T03:12:00Z',
        scheduledScan: true,
        scanDay: 'Sunday',
        defaultAction: 'quarantine',
        lastFullScanAt: round === 1 ? '2026-10-04T02:00:00Z' : '2026-11-01T02:00:00Z',
      },
    },
    access: {
      accounts: [
        ...windowsBuiltinsDisabled('2025-02-11T14:20:00Z'),
        account('emsmeduser', true, null, 'system', ['Users', 'EMS Application'], before(collectedAt, 3 * HOUR + 11 * MIN), true),
        account('emsfse', true, null, 'service-technician', ['Administrators', 'EMS Service Technicians'],
          round === 1 ? '2026-09-22T13:40:00Z' : serviceVisit, true),
        account('radadmin', true, null, 'hospital-administrator', ['EMS Hospital Admins'], before(collectedAt, 6 * DAY + 2 * HOUR), false),
        account('HOSP\\a.schmidt', true, null, 'clinical', ['EMS Clinical Users'], before(collectedAt, 2 * HOUR), true, 'ldap'),
        account('HOSP\\t.nguyen', true, null, 'clinical', ['EMS Clinical Users'], before(collectedAt, 1 * DAY + 5 * HOUR), true, 'ldap'),
        account('HOSP\\r.okafor', true, null, 'clinical', ['EMS Clinical Users'], before(collectedAt, 9 * DAY), true, 'ldap'),
      ],
      nestedGroups: windowsDefaultNesting(),
      ldap: {
        enabled: true,
        servers: ['ldaps://dc01.hospital.example:636', 'ldaps://dc02.hospital.example:636'],
        transport: 'ldaps',
        signing: 'required',
        bindDn: 'CN=svc-mr01-bind,OU=Service Accounts,DC=hospital,DC=example',
        bindPassword: 'S3cr3t-LDAP-bind!',
      },
      serviceAccess: { twoFactor: true, method: 'vendor PKI smart card + PIN', activeRevokedKeys: 0, remoteServiceEnabled: true },
      passwordPolicy: {
        local: { minLength: 14, maxLength: 14, history: 24, maxAgeDays: 60, minAgeDays: 1, complexity: true, reversibleEncryption: false },
        ldap: { minLength: 14, maxLength: 63, history: 24, maxAgeDays: 60, minAgeDays: 1, complexity: true, reversibleEncryption: false },
      },
      lockoutPolicy: {
        local: { threshold: 3, durationMinutes: 15, resetMinutes: 15 },
        ldap: { threshold: 3, durationMinutes: 15, resetMinutes: 15 },
      },
      // The MR application locks itself after 10 minutes, except during acquisition (vendor settings).
      screenLock: { inactivityTimeoutSecs: 0, screenSaverActive: false, screenSaverTimeoutSecs: 900, screenSaverIsSecure: true, applicationLockSecs: 600, noLockDuringAcquisition: true },
      autologon: { enabled: false, defaultPasswordConfigured: false },
      logonBanner: { caption: DOD_CAPTION, text: DOD_TEXT },
    },
    audit: {
      subcategories: auditCompliant(),
      logs: auditLogs(1024000, 32768, 32768),
      logFiles: logFiles(),
      securityPrivilegeHolders: SECURITY_PRIVILEGE_HOLDERS,
      syslog: { enabled: true, server: 'siem.hospital.example', port: 6514, transport: 'tls', lastSuccessfulSendAt: before(collectedAt, 2 * MIN) },
      timeSync: { source: 'dc01.hospital.example', leapIndicator: 0, stratum: 4, lastSuccessfulSyncAt: before(collectedAt, 41 * MIN), pollIntervalSecs: 1024 },
    },
    encryption: {
      volumes: [
        { mountPoint: 'C:', volumeType: 'os', sizeGB: 237.9, conversionStatus: 'fully-encrypted', percentageEncrypted: 100, method: 'XTS-AES 256', protectionStatus: 'on', keyProtectors: ['TPM', 'Numerical Password'] },
        { mountPoint: 'D:', volumeType: 'data', sizeGB: 1863, conversionStatus: 'fully-encrypted', percentageEncrypted: 100, method: 'XTS-AES 256', protectionStatus: round === 1 ? 'on' : 'off', keyProtectors: ['External Key', 'Numerical Password'] },
      ],
      dicom: {
        revocationChecking: 'ocsp',
        applicationEntities: [
          { aeTitle: 'MR01_VIDA', role: 'local', port: 2762, tls: 'authentication-and-encryption', purpose: 'storage SCP (TLS)' },
          { aeTitle: 'MR01_VIDA_LEG', role: 'local', port: 104, tls: 'none', purpose: 'storage SCP for legacy senders' },
          { aeTitle: 'PACS_ARCH', role: 'remote', host: 'pacs01.hospital.example', port: 2762, tls: 'authentication-and-encryption', purpose: 'archive, storage commitment' },
          { aeTitle: 'RIS_MWL', role: 'remote', host: 'ris.hospital.example', port: 2762, tls: 'authentication-and-encryption', purpose: 'modality worklist, MPPS' },
          { aeTitle: 'POST_WS1', role: 'remote', host: 'post-ws1.rad.hospital.example', port: 2762, tls: 'authentication-and-encryption', purpose: 'post-processing workstation' },
        ],
      },
      certificates: [
        { subject: 'CN=rad-mr01-con.rad.hospital.example', issuer: 'CN=Example University Hospital Issuing CA 02, DC=hospital, DC=example', notAfter: '2027-09-14T12:00:00Z', keyAlgorithm: 'RSA', keySize: 2048, trustedIssuer: true, purpose: 'DICOM TLS node certificate' },
      ],
    },
    sources,
    coverage: coverageFor(sources, { extra: [{ scope: 'hardening.registry', source: gpo.file, kind: 'gpo-template', effective: false, complete: false, note: '[Registry Values]: only the values the template sets' }] }),
    // The hospital's GPO asks for a 900-second lock; the vendor set 0 locally for acquisition.
    intended: {
      '/access/screenLock/inactivityTimeoutSecs': gpoInactivity,
      '/hardening/registry/HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\InactivityTimeoutSecs': gpoInactivity,
    },
    provenance: provenanceFor(sources, [
      ['/access/lockoutPolicy/local/threshold', 'policy.inf', '[System Access] LockoutBadCount (line 11)'],
      ['/access/passwordPolicy/local/maxAgeDays', 'policy.inf', '[System Access] MaximumPasswordAge (line 5)'],
      ['/access/screenLock/inactivityTimeoutSecs', 'registry.reg',
        '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System] "InactivityTimeoutSecs", line 212',
        { rule: 'sources disagree; effective value from registry.reg (reg export file): the console\'s own effective export wins over a policy file, which says what should be applied, not what is (GPO security template GptTmpl.inf)', alternatives: [{ file: gpo.file, sha256: gpo.sha256, location: gpoInactivity.location, value: 900 }] }],
      ['/access/ldap/transport', 'vendor-config.xml', '/Configuration/Security/Ldap/@transport'],
      ['/encryption/volumes/1/protectionStatus', 'bitlocker.txt', 'Volume D: [Image Data] Protection Status (line 27)'],
      ['/malware/antimalware/signatureUpdatedAt', 'mpcomputerstatus.json', 'AntivirusSignatureLastUpdated'],
      ['/audit/timeSync/source', 'w32tm-status.txt', 'Source (line 8)'],
    ]),
  };
}

/**
 * MR-02: 1.5 T MR console, the mostly compliant device. Lockout duration -1 (until an administrator
 * unlocks: passes). Signatures exactly 3 days old in round 2. Patient-data export to CD/DVD is on
 * without a deviation (its one failing setting in round 2, also an unapproved baseline difference).
 * AlwaysInstallElevated is not configured (absent: the Windows default, passes).
 * Round 1 -> 2: firewall logging on the public profile fixed; syslog forwarding repaired.
 */
function mr02(round) {
  const date = round === 1 ? R1 : R2;
  const collectedAt = round === 1 ? '2026-10-05T10:02:00Z' : '2026-11-02T10:37:00Z';
  const dicomExe = 'C:\\Program Files\\Example Medical Systems\\DicomNode\\emsdcmnode.exe';
  const sources = sourcesFor('MR-02', date, windowsSourceFiles(['mpcomputerstatus.json', 'mpcomputerstatus-json']));
  return {
    schemaVersion: '1.0',
    device: {
      id: 'MR-02',
      kind: 'MR',
      manufacturer: 'Example Medical Systems',
      model: 'Magnara Sola 1.5T',
      serial: 'EMS-MR-181377',
      softwareVersion: 'MRCon XA60A',
      hostname: 'RAD-MR02-CON',
      location: 'Radiology, Building B, MR suite 2',
      os: { name: 'Windows 11 IoT Enterprise LTSC 2024', build: '26100', version: '24H2' },
    },
    collectedAt,
    collector: { name: 'ato-evidence ingest', version: '0.1.0' },
    firewall: {
      profiles: round === 1
        ? profiles({ public: { logDroppedPackets: false, logMaxSizeKB: 4096 } })
        : profiles({ domain: { logMaxSizeKB: 32767 }, private: { logMaxSizeKB: 32767 }, public: { logMaxSizeKB: 32767 } }),
      rules: emsRules({ dicomExe }),
    },
    hardening: {
      autorun: { ...AUTORUN_STIG },
      removableMedia: { patientDataExport: 'enabled', encryptExport: true, usbStorageBlocked: true },
      services: [...windowsServices(), ...emsServices()],
      optionalFeatures: windows10Features().filter((f) => f.name !== 'MicrosoftWindowsPowerShellV2Root'),
      fipsMode: true,
      registry: registryValues({ autorun: AUTORUN_STIG, fips: true, inactivitySecs: 900, caption: DOD_CAPTION, smb1: false, auth: { ...AUTH_STIG, alwaysInstallElevated: undefined }, minimumPin: 6, autoAdminLogon: '0' }),
      updates: {
        installed: [
          { id: 'KB5067930', description: 'Security Update', installedOn: '2026-09-09T07:55:00Z' },
          { id: 'KB5069411', description: 'Security Update', installedOn: '2026-09-30T07:50:00Z' },
          ...(round === 2 ? [{ id: 'KB5071287', description: 'Security Update', installedOn: '2026-10-28T07:48:00Z' }] : []),
        ],
        vendorSoftware: { installedVersion: 'XA60A', latestVersion: 'XA60A', latestReleasedOn: '2026-05-11', installedOn: '2026-06-03T12:15:00Z' },
        lastOsUpdateInstalledOn: round === 1 ? '2026-09-30T07:50:00Z' : '2026-10-28T07:48:00Z',
      },
      baseline: {
        name: 'DISA Microsoft Windows 11 STIG',
        differences: [
          { setting: 'Patient data export to removable media (vendor)', expected: 'disabled', actual: 'enabled', approved: false },
        ],
      },
      smb1Enabled: false,
    },
    malware: {
      allowlisting: {
        product: 'AppLocker',
        collections: [
          { type: 'Exe', enforcementMode: 'enabled', ruleCount: 39, allowsEveryFile: false },
          { type: 'Msi', enforcementMode: 'enabled', ruleCount: 5, allowsEveryFile: false },
          { type: 'Script', enforcementMode: 'enabled', ruleCount: 11, allowsEveryFile: false },
          { type: 'Dll', enforcementMode: 'enabled', ruleCount: 81, allowsEveryFile: false },
          { type: 'Appx', enforcementMode: 'enabled', ruleCount: 3, allowsEveryFile: false },
        ],
      },
      antimalware: {
        product: 'Microsoft Defender Antivirus',
        serviceRunning: true,
        realTimeProtection: true,
        signatureVersion: round === 1 ? '1.447.198.0' : '1.448.977.0',
        signatureUpdatedAt: before(collectedAt, round === 1 ? 2 * DAY : 3 * DAY),
        scheduledScan: true,
        scanDay: 'Saturday',
        defaultAction: 'quarantine',
        lastFullScanAt: round === 1 ? '2026-10-03T01:30:00Z' : '2026-10-31T01:30:00Z',
      },
    },
    access: {
      accounts: [
        ...windowsBuiltinsDisabled('2025-11-04T09:00:00Z'),
        account('emsmeduser', true, null, 'system', ['Users', 'EMS Application'], before(collectedAt, 2 * HOUR + 47 * MIN), true),
        account('emsfse', false, null, 'service-technician', ['Administrators', 'EMS Service Technicians'], '2026-06-03T12:40:00Z', true),
        account('radadmin2', true, null, 'hospital-administrator', ['EMS Hospital Admins'], before(collectedAt, 12 * DAY + 4 * HOUR), false),
        account('HOSP\\a.schmidt', true, null, 'clinical', ['EMS Clinical Users'], before(collectedAt, 1 * DAY + 1 * HOUR), true, 'ldap'),
        account('HOSP\\m.rossi', true, null, 'clinical', ['EMS Clinical Users'], before(collectedAt, 30 * MIN), true, 'ldap'),
        account('HOSP\\k.lindqvist', true, null, 'clinical', ['EMS Clinical Users'], before(collectedAt, 4 * DAY), true, 'ldap'),
      ],
      nestedGroups: windowsDefaultNesting(),
      ldap: {
        enabled: true,
        servers: ['ldap://dc01.hospital.example:389', 'ldap://dc02.hospital.example:389'],
        transport: 'starttls',
        signing: 'required',
        bindDn: 'CN=svc-mr02-bind,OU=Service Accounts,DC=hospital,DC=example',
      },
      serviceAccess: { twoFactor: true, method: 'TOTP (vendor service portal)', activeRevokedKeys: 0, remoteServiceEnabled: true },
      passwordPolicy: {
        local: { minLength: 15, maxLength: 127, history: 24, maxAgeDays: 60, minAgeDays: 1, complexity: true, reversibleEncryption: false },
        ldap: { minLength: 14, maxLength: 63, history: 24, maxAgeDays: 60, minAgeDays: 1, complexity: true, reversibleEncryption: false },
      },
      lockoutPolicy: {
        // Round 1 (and round 0): the bad-logon counter resets after 10 minutes; fixed in round 2.
        local: { threshold: 3, durationMinutes: -1, resetMinutes: round === 1 ? 10 : 15 },
        ldap: { threshold: 3, durationMinutes: 30, resetMinutes: 30 },
      },
      screenLock: { inactivityTimeoutSecs: 900, screenSaverActive: true, screenSaverTimeoutSecs: 900, screenSaverIsSecure: true },
      autologon: { enabled: false, defaultPasswordConfigured: false },
      logonBanner: { caption: DOD_CAPTION, text: DOD_TEXT },
    },
    audit: {
      subcategories: auditCompliant(),
      logs: auditLogs(1024000, 32768, 32768),
      logFiles: logFiles(),
      securityPrivilegeHolders: SECURITY_PRIVILEGE_HOLDERS,
      syslog: round === 1
        ? { enabled: true, server: 'siem.hospital.example', port: 6514, transport: 'tls', lastSuccessfulSendAt: '2026-09-26T22:03:00Z' }
        : { enabled: true, server: 'siem.hospital.example', port: 6514, transport: 'tls', lastSuccessfulSendAt: before(collectedAt, 1 * MIN) },
      // Round 2: the last sync was 23 hours before collection: a pass then, lapsed 1 hour later (evidence age).
      timeSync: { source: 'ntp1.hospital.example,0x8', leapIndicator: 0, stratum: 3, lastSuccessfulSyncAt: before(collectedAt, round === 1 ? 17 * MIN : 23 * HOUR), pollIntervalSecs: 1024 },
    },
    encryption: {
      volumes: [
        { mountPoint: 'C:', volumeType: 'os', sizeGB: 475.8, conversionStatus: 'fully-encrypted', percentageEncrypted: 100, method: 'XTS-AES 256', protectionStatus: 'on', keyProtectors: ['TPM And PIN', 'Numerical Password'] },
        { mountPoint: 'D:', volumeType: 'data', sizeGB: 3725, conversionStatus: 'fully-encrypted', percentageEncrypted: 100, method: 'XTS-AES 256', protectionStatus: 'on', keyProtectors: ['External Key', 'Numerical Password'] },
      ],
      dicom: {
        revocationChecking: 'crl',
        applicationEntities: [
          { aeTitle: 'MR02_SOLA', role: 'local', port: 2762, tls: 'authentication-and-encryption', purpose: 'storage SCP (TLS)' },
          { aeTitle: 'PACS_ARCH', role: 'remote', host: 'pacs01.hospital.example', port: 2762, tls: 'authentication-and-encryption', purpose: 'archive, storage commitment' },
          { aeTitle: 'RIS_MWL', role: 'remote', host: 'ris.hospital.example', port: 2762, tls: 'encryption', purpose: 'modality worklist, MPPS' },
        ],
      },
      certificates: [
        { subject: 'CN=rad-mr02-con.rad.hospital.example', issuer: 'CN=Example University Hospital Issuing CA 02, DC=hospital, DC=example', notAfter: '2028-01-31T12:00:00Z', keyAlgorithm: 'RSA', keySize: 3072, trustedIssuer: true, purpose: 'DICOM TLS node certificate' },
      ],
    },
    sources,
    coverage: coverageFor(sources),
    provenance: provenanceFor(sources, [
      ['/access/lockoutPolicy/local/threshold', 'policy.inf', '[System Access] LockoutBadCount (line 11)'],
      ['/access/lockoutPolicy/local/durationMinutes', 'policy.inf', '[System Access] LockoutDuration (line 13)'],
      ['/access/passwordPolicy/local/maxAgeDays', 'policy.inf', '[System Access] MaximumPasswordAge (line 5)'],
      ['/firewall/profiles/2/logDroppedPackets', 'firewall-profiles.txt', 'Public Profile Settings: LogDroppedConnections (line 41)'],
      ['/malware/antimalware/signatureUpdatedAt', 'mpcomputerstatus.json', 'AntivirusSignatureLastUpdated'],
      ['/audit/syslog/lastSuccessfulSendAt', 'vendor-config.xml', '/Status/Logging/Syslog/@lastSuccess'],
    ]),
  };
}

/**
 * CT-01: 128-slice CT console in the emergency department, the drifting device.
 * Password max age 0 (never expires), AppLocker audit-only, plain LDAP, a legacy 3D workstation
 * reached by DICOM without TLS, vendor software two service packs behind, an idle clinical account,
 * lockout duration 10 min, TPM-only BitLocker (its deviation expired on 2026-09-30), LAN Manager
 * authentication level 3 instead of 5 (kept for the legacy workstation's share).
 * Round 1 -> 2: Remote Desktop (TCP 3389) opened to any address (TermService now running);
 * anti-malware signatures 12 days old.
 * Audit GUIDs are printed in upper case (same GUIDs; match case-insensitively), and the registry
 * keys the CAT I registry checks read are in secedit's casing (HKLM\System\..., match without case).
 */
function ct01(round) {
  const date = round === 1 ? R1 : R2;
  const collectedAt = round === 1 ? '2026-10-05T11:47:00Z' : '2026-11-02T13:05:00Z';
  const dicomExe = 'C:\\Program Files\\Example Medical Systems\\DicomNode\\emsdcmnode.exe';
  const sources = sourcesFor('CT-01', date, windowsSourceFiles(['av-status.xml', 'vendor-av-xml']));
  return {
    schemaVersion: '1.0',
    device: {
      id: 'CT-01',
      kind: 'CT',
      manufacturer: 'Example Medical Systems',
      model: 'Tomora Edge 128',
      serial: 'EMS-CT-093310',
      softwareVersion: 'CTCon VB20A SP1',
      hostname: 'ED-CT01-CON',
      location: 'Emergency Department, CT room 1',
      os: { name: 'Windows 10 Enterprise LTSC 2019', build: '17763', version: '1809' },
    },
    collectedAt,
    collector: { name: 'ato-evidence ingest', version: '0.1.0' },
    firewall: {
      profiles: profiles(),
      rules: emsRules({ dicomExe, rdpEnabled: round === 2 }),
    },
    hardening: {
      autorun: { ...AUTORUN_STIG },
      removableMedia: { patientDataExport: 'disabled', encryptExport: true, usbStorageBlocked: true },
      services: [
        ...windowsServices().map((s) => {
          if (s.name === 'WinDefend') return svc('WinDefend', 'Microsoft Defender Antivirus Service', 'disabled', 'stopped');
          if (s.name === 'TermService' && round === 2) return svc('TermService', 'Remote Desktop Services', 'manual', 'running');
          return s;
        }),
        ...emsServices(),
        svc('ExampleEPAgent', 'Example Endpoint Security Agent', 'automatic', 'running'),
      ],
      optionalFeatures: windows10Features(),
      fipsMode: true,
      registry: registryValues({ autorun: AUTORUN_STIG, fips: true, inactivitySecs: 600, caption: HOSPITAL_CAPTION, smb1: false, auth: { ...AUTH_STIG, lmCompatibilityLevel: 3 }, secedit: true, minimumPin: 6, autoAdminLogon: '0' }),
      updates: {
        installed: [
          { id: 'KB5066586', description: 'Security Update', installedOn: '2026-07-22T06:30:00Z' },
          { id: 'KB5067102', description: 'Security Update', installedOn: '2026-08-26T06:28:00Z' },
        ],
        vendorSoftware: { installedVersion: 'VB20A SP1', latestVersion: 'VB20A SP3', latestReleasedOn: '2026-06-30', installedOn: '2025-11-17T15:20:00Z' },
        lastOsUpdateInstalledOn: '2026-08-26T06:28:00Z',
      },
      baseline: {
        name: 'DISA Microsoft Windows 10 STIG V3R2',
        differences: [
          { setting: 'MaximumPasswordAge (WN10-AC-000025)', expected: '1..60', actual: '0', approved: false },
          { setting: 'LockoutDuration (WN10-AC-000005)', expected: '>= 15', actual: '10', approved: false },
          { setting: 'AppLocker enforcement (WN10-00-000035)', expected: 'Enabled', actual: 'AuditOnly', approved: false },
          { setting: 'BitLocker startup PIN (WN10-00-000031)', expected: 'TPM And PIN', actual: 'TPM', approved: false },
          { setting: 'LmCompatibilityLevel (WN10-SO-000205)', expected: '5', actual: '3', approved: false },
        ],
      },
      smb1Enabled: false,
    },
    malware: {
      allowlisting: {
        product: 'AppLocker',
        collections: [
          { type: 'Exe', enforcementMode: 'audit-only', ruleCount: 3 },
          { type: 'Msi', enforcementMode: 'audit-only', ruleCount: 3 },
          { type: 'Script', enforcementMode: 'audit-only', ruleCount: 3 },
          { type: 'Dll', enforcementMode: 'audit-only', ruleCount: 3 },
          { type: 'Appx', enforcementMode: 'audit-only', ruleCount: 1 },
        ],
      },
      antimalware: {
        product: 'Example Endpoint Security 10.7',
        serviceRunning: true,
        realTimeProtection: true,
        signatureVersion: round === 1 ? '5231.0' : '5243.0',
        signatureUpdatedAt: round === 1 ? before(collectedAt, 13 * HOUR + 7 * MIN) : before(collectedAt, 12 * DAY),
        scheduledScan: true,
        scanDay: 'Wednesday',
        defaultAction: 'clean, then quarantine',
        lastFullScanAt: round === 1 ? '2026-09-30T22:00:00Z' : '2026-10-28T22:00:00Z',
      },
    },
    access: {
      accounts: [
        ...windowsBuiltinsDisabled('2024-05-06T10:10:00Z'),
        account('emsctuser', true, null, 'system', ['Users', 'EMS Application'], before(collectedAt, 5 * HOUR + 3 * MIN), true),
        account('emsfse', true, null, 'service-technician', ['Administrators', 'EMS Service Technicians'],
          round === 1 ? '2026-09-28T08:15:00Z' : '2026-10-14T16:22:00Z', true),
        account('ctadmin', true, null, 'hospital-administrator', ['EMS Hospital Admins'], before(collectedAt, 3 * DAY + 6 * HOUR), false),
        account('ct.koenig', true, null, 'clinical', ['EMS Clinical Users'], '2026-08-10T07:02:00Z', true),
        account('HOSP\\j.fernandes', true, null, 'clinical', ['EMS Clinical Users'], before(collectedAt, 40 * MIN), true, 'ldap'),
        account('HOSP\\p.wojcik', true, null, 'clinical', ['EMS Clinical Users'], before(collectedAt, 2 * DAY + 3 * HOUR), true, 'ldap'),
      ],
      nestedGroups: windowsDefaultNesting(),
      ldap: {
        enabled: true,
        servers: ['ldap://dc02.hospital.example:389'],
        transport: 'plain',
        signing: 'none',
        bindDn: 'CN=svc-ct01-bind,OU=Service Accounts,DC=hospital,DC=example',
      },
      serviceAccess: { twoFactor: true, method: 'TOTP (vendor service portal)', activeRevokedKeys: 0, remoteServiceEnabled: true },
      passwordPolicy: {
        local: { minLength: 14, maxLength: 127, history: 24, maxAgeDays: 0, minAgeDays: 1, complexity: true, reversibleEncryption: false },
        ldap: { minLength: 14, maxLength: 63, history: 24, maxAgeDays: 60, minAgeDays: 1, complexity: true, reversibleEncryption: false },
      },
      lockoutPolicy: {
        local: { threshold: 3, durationMinutes: 10, resetMinutes: 15 },
        ldap: { threshold: 3, durationMinutes: 15, resetMinutes: 15 },
      },
      screenLock: { inactivityTimeoutSecs: 600, screenSaverActive: true, screenSaverTimeoutSecs: 600, screenSaverIsSecure: true },
      autologon: { enabled: false, defaultPasswordConfigured: false },
      logonBanner: { caption: HOSPITAL_CAPTION, text: HOSPITAL_TEXT },
    },
    audit: {
      subcategories: auditCompliant({ upperCase: true }),
      logs: auditLogs(1024000, 32768, 32768),
      logFiles: logFiles(),
      securityPrivilegeHolders: SECURITY_PRIVILEGE_HOLDERS,
      syslog: { enabled: true, server: 'siem.hospital.example', port: 6514, transport: 'tls', lastSuccessfulSendAt: before(collectedAt, 4 * MIN) },
      timeSync: { source: 'dc02.hospital.example', leapIndicator: 0, stratum: 4, lastSuccessfulSyncAt: before(collectedAt, 2 * HOUR + 12 * MIN), pollIntervalSecs: 1024 },
    },
    encryption: {
      volumes: [
        { mountPoint: 'C:', volumeType: 'os', sizeGB: 237.9, conversionStatus: 'fully-encrypted', percentageEncrypted: 100, method: 'XTS-AES 128', protectionStatus: 'on', keyProtectors: ['TPM', 'Numerical Password'] },
        { mountPoint: 'D:', volumeType: 'data', sizeGB: 1863, conversionStatus: 'fully-encrypted', percentageEncrypted: 100, method: 'XTS-AES 128', protectionStatus: 'on', keyProtectors: ['External Key', 'Numerical Password'] },
      ],
      dicom: {
        // The vendor's DICOM TLS stack does not check revocation on this (older) software.
        revocationChecking: 'none',
        applicationEntities: [
          { aeTitle: 'CT01_EDGE', role: 'local', port: 2762, tls: 'authentication-and-encryption', purpose: 'storage SCP (TLS)' },
          { aeTitle: 'PACS_ARCH', role: 'remote', host: 'pacs01.hospital.example', port: 2762, tls: 'authentication-and-encryption', purpose: 'archive, storage commitment' },
          { aeTitle: 'RIS_MWL', role: 'remote', host: 'ris.hospital.example', port: 2762, tls: 'authentication-and-encryption', purpose: 'modality worklist, MPPS' },
          { aeTitle: 'ADV_WS3D', role: 'remote', host: '10.20.40.17', port: 104, tls: 'none', purpose: 'legacy 3D reconstruction workstation' },
        ],
      },
      certificates: [
        { subject: 'CN=ed-ct01-con.rad.hospital.example', issuer: 'CN=Example University Hospital Issuing CA 02, DC=hospital, DC=example', notAfter: '2028-03-31T12:00:00Z', keyAlgorithm: 'RSA', keySize: 2048, trustedIssuer: true, purpose: 'DICOM TLS node certificate' },
      ],
    },
    sources,
    coverage: coverageFor(sources),
    provenance: provenanceFor(sources, [
      ['/access/passwordPolicy/local/maxAgeDays', 'policy.inf', '[System Access] MaximumPasswordAge (line 5)'],
      ['/access/lockoutPolicy/local/durationMinutes', 'policy.inf', '[System Access] LockoutDuration (line 13)'],
      ['/firewall/rules/3/enabled', 'firewall-rules.csv', 'Remote Desktop - User Mode (TCP-In), column Enabled (line 4)'],
      ['/malware/allowlisting/collections/0/enforcementMode', 'applocker.xml', '/AppLockerPolicy/RuleCollection[@Type="Exe"]/@EnforcementMode'],
      ['/malware/antimalware/signatureUpdatedAt', 'av-status.xml', '/EndpointStatus/Signatures/@updated'],
      ['/encryption/dicom/applicationEntities/3/tls', 'vendor-config.xml', '/Configuration/Dicom/Nodes/Node[@ae="ADV_WS3D"]/@tls'],
      ['/hardening/registry/HKLM\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel', 'policy.inf',
        '[Registry Values] MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel=4,3 (line 73)'],
    ]),
  };
}

/**
 * LAB-01: clinical-chemistry analyser workstation on Windows 7 Professional (out of support).
 * Lockout threshold 0, passwords never expire (-1), no BitLocker (not in Windows 7 Professional),
 * time from the local CMOS clock, no DICOM at all (results go to the LIS over HL7, outbound).
 * Registry: NoLMHash 1 (the Windows 7 default, passes), LmCompatibilityLevel and the WinRM Basic
 * policies not configured (absent: fail), AlwaysInstallElevated 1 (the analyser's installer needs it).
 * Round 1 -> 2: a new local administrator "labtech2" (a clinical user) appears.
 */
function lab01(round) {
  const date = round === 1 ? R1 : R2;
  const collectedAt = round === 1 ? '2026-10-05T14:30:00Z' : '2026-11-02T14:52:00Z';
  const autorun = { noDriveTypeAutoRun: 145, noAutorun: 0, noAutoplayForNonVolume: 0 };
  const appExe = 'C:\\Program Files (x86)\\Example Diagnostics\\CX800\\cx800host.exe';
  const sources = sourcesFor('LAB-01', date, [
    ['net-accounts.txt', 'net-accounts'],
    ['policy.inf', 'secedit-inf'],
    ['audit.csv', 'auditpol-csv'],
    ['firewall-profiles.txt', 'netsh-advfirewall'],
    ['firewall-rules.txt', 'netsh-advfirewall-rules'],
    ['services.csv', 'service-csv'],
    ['features.txt', 'dism-features'],
    ['registry.reg', 'reg-export'],
    ['registry.pol', 'registry-pol'],
    ['winlogon.json', 'winlogon-json'],
    ['hotfixes.csv', 'hotfix-csv'],
    ['users.txt', 'wmic-useraccount'],
    ['w32tm-status.txt', 'w32tm-status'],
    ['appcontrol-status.txt', 'vendor-allowlist-status'],
    ['av-status.xml', 'vendor-av-xml'],
    ['cx800-config.ini', 'vendor-config'],
  ]);
  const labtech2 = account('labtech2', true, null, 'clinical', ['Users', 'Administrators', 'CX800 Operators'], before(collectedAt, 2 * HOUR + 9 * MIN), true);
  return {
    schemaVersion: '1.0',
    device: {
      id: 'LAB-01',
      kind: 'LAB',
      manufacturer: 'Example Diagnostics',
      model: 'ChemaLyte CX-800',
      serial: 'EDX-CX8-20417',
      softwareVersion: 'CX-800 Workstation 4.2.1',
      hostname: 'LAB-CX800-WS',
      location: 'Central Laboratory, clinical chemistry',
      os: { name: 'Windows 7 Professional', build: '7601', version: '6.1 Service Pack 1' },
    },
    collectedAt,
    collector: { name: 'ato-evidence ingest', version: '0.1.0' },
    firewall: {
      profiles: profiles({
        domain: { logDroppedPackets: false, logMaxSizeKB: 4096 },
        private: { logDroppedPackets: false, logMaxSizeKB: 4096 },
        public: { enabled: false, defaultInboundAction: 'allow', logDroppedPackets: false, logMaxSizeKB: 4096 },
      }),
      rules: [
        rule('EDX Remote Support (TCP-In)', true, 'inbound', 'allow', 'TCP', [PORT_REMOTE_SERVICE], [REMOTE_SERVICE_GATEWAY],
          'C:\\Program Files (x86)\\Example Diagnostics\\RemoteSupport\\edxrsd.exe'),
        rule('File and Printer Sharing (SMB-In)', true, 'inbound', 'allow', 'TCP', ['445'], ['LocalSubnet'], 'System', ['domain', 'private']),
        rule('Remote Desktop (TCP-In)', false, 'inbound', 'allow', 'TCP', ['3389'], ['Any'], 'System'),
        rule('CX800 LIS HL7 (TCP-Out)', true, 'outbound', 'allow', 'TCP', ['any'], ['10.30.2.15'], appExe),
        rule('EDX Remote Support (TCP-Out)', true, 'outbound', 'allow', 'TCP', ['any'], [REMOTE_SERVICE_GATEWAY],
          'C:\\Program Files (x86)\\Example Diagnostics\\RemoteSupport\\edxrsd.exe'),
      ],
    },
    hardening: {
      autorun,
      removableMedia: { patientDataExport: 'enabled', encryptExport: false, usbStorageBlocked: false },
      services: [
        svc('BFE', 'Base Filtering Engine', 'automatic', 'running'),
        svc('CX800Host', 'CX-800 Analyser Host', 'automatic', 'running'),
        svc('CX800LIS', 'CX-800 LIS Connector', 'automatic', 'running'),
        svc('EDXRemoteSupport', 'EDX Remote Support Daemon', 'automatic', 'running'),
        svc('EventLog', 'Windows Event Log', 'automatic', 'running'),
        svc('ExampleAppControl', 'Example Application Control', 'automatic', 'running'),
        svc('ExampleEPAgent', 'Example Endpoint Security Agent', 'automatic', 'running'),
        svc('LanmanServer', 'Server', 'automatic', 'running'),
        svc('LanmanWorkstation', 'Workstation', 'automatic', 'running'),
        svc('MpsSvc', 'Windows Firewall', 'automatic', 'running'),
        svc('RemoteRegistry', 'Remote Registry', 'automatic', 'running'),
        svc('Schedule', 'Task Scheduler', 'automatic', 'running'),
        svc('seclogon', 'Secondary Logon', 'manual', 'running'),
        svc('Spooler', 'Print Spooler', 'automatic', 'running'),
        svc('SSDPSRV', 'SSDP Discovery', 'manual', 'running'),
        svc('W32Time', 'Windows Time', 'manual', 'running'),
        svc('WinDefend', 'Windows Defender', 'disabled', 'stopped'),
        svc('wuauserv', 'Windows Update', 'disabled', 'stopped'),
      ],
      optionalFeatures: [
        { name: 'IIS-WebServerRole', state: 'disabled' },
        { name: 'NetFx3', state: 'enabled' },
        { name: 'SNMP', state: 'disabled' },
        { name: 'SimpleTCP', state: 'disabled' },
        { name: 'TFTP', state: 'disabled' },
        { name: 'TelnetClient', state: 'enabled' },
        { name: 'TelnetServer', state: 'disabled' },
      ],
      fipsMode: false,
      registry: registryValues({ autorun, fips: false, caption: '', smb1: true, auth: { noLmHash: 1, alwaysInstallElevated: 1 }, secedit: true, autoAdminLogon: '1' }),
      updates: {
        installed: [
          { id: 'KB4474419', description: 'Security Update', installedOn: '2019-09-24T10:00:00Z' },
          { id: 'KB4534310', description: 'Security Update', installedOn: '2020-01-21T10:00:00Z' },
        ],
        vendorSoftware: { installedVersion: '4.2.1', latestVersion: '4.2.1', latestReleasedOn: '2025-02-03', installedOn: '2025-03-10T09:30:00Z' },
        lastOsUpdateInstalledOn: '2020-01-21T10:00:00Z',
      },
      baseline: {
        name: 'DISA Windows 7 STIG (sunset)',
        differences: [
          { setting: 'LockoutBadCount', expected: '1..3', actual: '0' },
          { setting: 'MaximumPasswordAge', expected: '1..60', actual: '-1' },
          { setting: 'MinimumPasswordLength', expected: '>= 14', actual: '8' },
          { setting: 'EnableAdminAccount', expected: '0', actual: '1' },
          { setting: 'NoDriveTypeAutoRun', expected: '255', actual: '145' },
          { setting: 'AlwaysInstallElevated', expected: '0', actual: '1' },
        ],
      },
      smb1Enabled: true,
    },
    malware: {
      allowlisting: {
        product: 'Example Application Control 8.3',
        collections: [
          { type: 'Exe', enforcementMode: 'enabled', ruleCount: 1274, allowsEveryFile: false },
          { type: 'Msi', enforcementMode: 'enabled', ruleCount: 12, allowsEveryFile: false },
          { type: 'Dll', enforcementMode: 'enabled', ruleCount: 3381, allowsEveryFile: false },
          { type: 'Script', enforcementMode: 'enabled', ruleCount: 57, allowsEveryFile: false },
        ],
      },
      antimalware: {
        product: 'Example Endpoint Security 10.5',
        serviceRunning: true,
        realTimeProtection: false,
        signatureVersion: round === 1 ? '5226.0' : '5252.0',
        signatureUpdatedAt: before(collectedAt, 5 * DAY + 2 * HOUR),
        scheduledScan: false,
        defaultAction: 'report only',
        lastFullScanAt: '2026-03-12T18:40:00Z',
      },
    },
    access: {
      accounts: [
        account('Administrator', true, 'administrator', 'service-technician', ['Administrators'], '2026-10-05T13:55:00Z', true),
        account('Guest', false, 'guest', 'system', ['Guests'], null, false),
        account('edxsvc', true, null, 'service-technician', ['Administrators', 'CX800 Service'], '2026-10-05T13:58:00Z', true),
        account('labadmin', true, null, 'hospital-administrator', ['Administrators'], before(collectedAt, 5 * DAY + 3 * HOUR), false),
        account('labuser', true, null, 'clinical', ['Users', 'CX800 Operators'], before(collectedAt, 6 * MIN), true),
        ...(round === 2 ? [labtech2] : []),
      ],
      nestedGroups: windowsDefaultNesting(),
      ldap: { enabled: false, servers: [] },
      serviceAccess: { twoFactor: false, method: 'password', activeRevokedKeys: 0, remoteServiceEnabled: true },
      passwordPolicy: {
        local: { minLength: 8, maxLength: 127, history: 0, maxAgeDays: -1, minAgeDays: 0, complexity: false, reversibleEncryption: false },
      },
      lockoutPolicy: {
        local: { threshold: 0, durationMinutes: 30, resetMinutes: 30 },
      },
      screenLock: { screenSaverActive: true, screenSaverTimeoutSecs: 600, screenSaverIsSecure: true },
      // The analyser workstation logs its operator account on at start-up, password in Winlogon.
      autologon: { enabled: true, defaultPasswordConfigured: true },
      logonBanner: { caption: '', text: '' },
    },
    audit: {
      subcategories: auditWindows7Default(),
      logs: auditLogs(20480, 20480, 20480),
      securityPrivilegeHolders: SECURITY_PRIVILEGE_HOLDERS,
      syslog: { enabled: false },
      timeSync: { source: 'Local CMOS Clock', leapIndicator: 3, stratum: 0, lastSuccessfulSyncAt: null, pollIntervalSecs: 1024 },
    },
    encryption: {
      volumes: [
        { mountPoint: 'C:', volumeType: 'os', sizeGB: 465.8, conversionStatus: 'fully-decrypted', percentageEncrypted: 0, method: 'None', protectionStatus: 'off', keyProtectors: [] },
        { mountPoint: 'D:', volumeType: 'data', sizeGB: 931.5, conversionStatus: 'fully-decrypted', percentageEncrypted: 0, method: 'None', protectionStatus: 'off', keyProtectors: [] },
      ],
      dicom: { applicationEntities: [] },
      certificates: [
        { subject: 'CN=LAB-CX800-WS', issuer: 'CN=LAB-CX800-WS', notAfter: '2026-11-20T08:00:00Z', keyAlgorithm: 'RSA', keySize: 1024, trustedIssuer: false, purpose: 'remote support web console (self-signed)' },
      ],
    },
    sources,
    // The Windows 7 export script read the SYSTEM keys and the Explorer/System policies, but not
    // HKLM\\SOFTWARE\\Policies (absent on a console without domain policy); the analyser's
    // installer set AlwaysInstallElevated through the local Group Policy (registry.pol).
    coverage: coverageFor(sources, {
      keys: COLLECT_KEYS.filter((k) => k !== 'HKLM\\SOFTWARE\\Policies'),
      extra: [{ scope: 'hardening.registry', source: source(sources, 'registry.pol').file, kind: 'registry-pol', effective: false, complete: false, note: 'the values this Group Policy sets (a policy file: what should apply, not what does)' }],
    }),
    provenance: provenanceFor(sources, [
      ['/access/lockoutPolicy/local/threshold', 'net-accounts.txt', 'Lockout threshold: Never (line 6)'],
      ['/access/passwordPolicy/local/maxAgeDays', 'net-accounts.txt', 'Maximum password age (days): Unlimited (line 3)'],
      ['/device/os/name', 'policy.inf', 'header (exported by secedit on Windows 7 Professional 6.1.7601)'],
      ['/audit/timeSync/source', 'w32tm-status.txt', 'Source: Local CMOS Clock (line 8)'],
      ['/audit/timeSync/leapIndicator', 'w32tm-status.txt', 'Leap Indicator: 3(not synchronized) (line 1)'],
      ['/hardening/registry/HKLM\\Software\\Policies\\Microsoft\\Windows\\Installer\\AlwaysInstallElevated', 'registry.pol', '[Software\\Policies\\Microsoft\\Windows\\Installer;AlwaysInstallElevated] record 4, bytes 412-531'],
      ['/access/autologon', 'winlogon.json', '/AutoAdminLogon, line 3; /DefaultPasswordSet, line 6'],
    ]),
  };
}

/**
 * US-01: portable ultrasound on Windows 10 IoT, collected once, on 2026-09-07 (round 0), and not
 * since: it moved to the wards and the field engineer could not reach it. Its evidence is stale
 * by the package's clock (2026-11-02T18:00:00Z, 56 days later): its passes are not passes then,
 * its two failures (no Windows update for 68 days, no audit forwarding) stay failures, marked stale.
 */
function us01() {
  const date = '2026-09-07';
  const collectedAt = '2026-09-07T15:20:00Z';
  const sources = sourcesFor('US-01', date, windowsSourceFiles(['mpcomputerstatus.json', 'mpcomputerstatus-json']));
  const dicomExe = 'C:\\Program Files\\Example Medical Systems\\UltrasoundNode\\emsusnode.exe';
  return {
    schemaVersion: '1.0',
    device: {
      id: 'US-01',
      kind: 'US',
      manufacturer: 'Example Medical Systems',
      model: 'Sonara P7 portable ultrasound',
      serial: 'EMS-US-220815',
      softwareVersion: 'SonaraOS 5.2',
      hostname: 'WARD-US01',
      location: 'Wards (portable), home base Radiology, Building B',
      os: { name: 'Windows 10 IoT Enterprise LTSC 2021', build: '19044', version: '21H2' },
    },
    collectedAt,
    collector: { name: 'ato-evidence ingest', version: '0.1.0' },
    firewall: {
      profiles: profiles(),
      rules: [
        rule('EMS DICOM to PACS (TCP-Out)', true, 'outbound', 'allow', 'TCP', ['any'], ['10.20.10.0/24'], dicomExe),
        rule('Remote Desktop - User Mode (TCP-In)', false, 'inbound', 'allow', 'TCP', ['3389'], ['Any'], '%SystemRoot%\\system32\\svchost.exe'),
      ],
    },
    hardening: {
      autorun: { ...AUTORUN_STIG },
      removableMedia: { patientDataExport: 'disabled', encryptExport: true, usbStorageBlocked: true },
      services: windowsServices(),
      optionalFeatures: windows10Features(),
      fipsMode: true,
      registry: registryValues({ autorun: AUTORUN_STIG, fips: true, inactivitySecs: 600, caption: DOD_CAPTION, smb1: false, auth: AUTH_STIG, minimumPin: 6, autoAdminLogon: '0' }),
      updates: {
        installed: [{ id: 'KB5062554', description: 'Security Update', installedOn: '2026-07-01T08:10:00Z' }],
        vendorSoftware: { installedVersion: 'SonaraOS 5.2', latestVersion: 'SonaraOS 5.2', latestReleasedOn: '2026-04-14', installedOn: '2026-05-02T09:00:00Z' },
        lastOsUpdateInstalledOn: '2026-07-01T08:10:00Z',
      },
      baseline: { name: 'DISA Microsoft Windows 10 STIG V3R2', differences: [] },
      smb1Enabled: false,
    },
    malware: {
      allowlisting: {
        product: 'AppLocker',
        collections: [
          { type: 'Exe', enforcementMode: 'enabled', ruleCount: 21, allowsEveryFile: false },
          { type: 'Msi', enforcementMode: 'enabled', ruleCount: 4, allowsEveryFile: false },
          { type: 'Script', enforcementMode: 'enabled', ruleCount: 7, allowsEveryFile: false },
        ],
      },
      antimalware: {
        product: 'Microsoft Defender Antivirus',
        serviceRunning: true,
        realTimeProtection: true,
        signatureVersion: '1.445.302.0',
        signatureUpdatedAt: before(collectedAt, 1 * DAY),
        scheduledScan: true,
        scanDay: 'Sunday',
        defaultAction: 'quarantine',
        lastFullScanAt: '2026-09-06T02:00:00Z',
      },
    },
    access: {
      accounts: [
        ...windowsBuiltinsDisabled('2025-03-01T10:00:00Z'),
        account('emsususer', true, null, 'system', ['Users', 'EMS Application'], before(collectedAt, 1 * HOUR), true),
        account('HOSP\\l.bianchi', true, null, 'clinical', ['EMS Clinical Users'], before(collectedAt, 3 * HOUR), true, 'ldap'),
      ],
      nestedGroups: windowsDefaultNesting(),
      ldap: {
        enabled: true,
        servers: ['ldaps://dc01.hospital.example:636'],
        transport: 'ldaps',
        signing: 'required',
        bindDn: 'CN=svc-us01-bind,OU=Service Accounts,DC=hospital,DC=example',
      },
      serviceAccess: { twoFactor: true, method: 'TOTP (vendor service portal)', activeRevokedKeys: 0, remoteServiceEnabled: false },
      passwordPolicy: {
        local: { minLength: 14, maxLength: 127, history: 24, maxAgeDays: 60, minAgeDays: 1, complexity: true, reversibleEncryption: false },
        ldap: { minLength: 14, maxLength: 127, history: 24, maxAgeDays: 60, minAgeDays: 1, complexity: true, reversibleEncryption: false },
      },
      lockoutPolicy: {
        local: { threshold: 3, durationMinutes: 15, resetMinutes: 15 },
        ldap: { threshold: 3, durationMinutes: 15, resetMinutes: 15 },
      },
      screenLock: { inactivityTimeoutSecs: 600, screenSaverActive: false },
      autologon: { enabled: false, defaultPasswordConfigured: false },
      logonBanner: { caption: DOD_CAPTION, text: DOD_TEXT },
    },
    audit: {
      subcategories: auditCompliant(),
      logs: auditLogs(1024000, 32768, 32768),
      logFiles: logFiles(),
      securityPrivilegeHolders: SECURITY_PRIVILEGE_HOLDERS,
      // A portable console: audit forwarding was never set up.
      syslog: { enabled: false },
      timeSync: { source: 'dc01.hospital.example', leapIndicator: 0, stratum: 4, lastSuccessfulSyncAt: before(collectedAt, 35 * MIN), pollIntervalSecs: 1024 },
    },
    encryption: {
      volumes: [
        { mountPoint: 'C:', volumeType: 'os', sizeGB: 476.9, conversionStatus: 'fully-encrypted', percentageEncrypted: 100, method: 'XTS-AES 256', protectionStatus: 'on', keyProtectors: ['TPM And PIN', 'Numerical Password'] },
      ],
      dicom: {
        revocationChecking: 'ocsp',
        applicationEntities: [
          { aeTitle: 'PACS_ARCH', role: 'remote', host: 'pacs01.hospital.example', port: 2762, tls: 'authentication-and-encryption', purpose: 'archive' },
        ],
      },
      certificates: [
        { subject: 'CN=ward-us01.rad.hospital.example', issuer: 'CN=Example University Hospital Issuing CA 02, DC=hospital, DC=example', notAfter: '2028-06-30T12:00:00Z', keyAlgorithm: 'RSA', keySize: 2048, trustedIssuer: true, purpose: 'DICOM TLS node certificate' },
      ],
    },
    sources,
    coverage: coverageFor(sources),
    provenance: provenanceFor(sources, [
      ['/hardening/updates/lastOsUpdateInstalledOn', 'hotfixes.csv', 'KB5062554, column InstalledOn (line 2)'],
      ['/audit/syslog/enabled', 'vendor-config.xml', '/Configuration/Logging/Syslog/@enabled'],
    ]),
  };
}

// ---------------------------------------------------------------------------------------------
// Write
// ---------------------------------------------------------------------------------------------

const DEVICES = [['MR-01', mr01], ['MR-02', mr02], ['CT-01', ct01], ['LAB-01', lab01]];

/**
 * Round 0 (2026-09-07) is round 1 four weeks earlier: every date-time and day moves back 28 days, so every
 * age a check measures from collectedAt is unchanged and so is every check result. The export
 * paths name the round's date, and their stand-in SHA-256 values follow the paths.
 */
const R0 = '2026-09-07';
const SHIFT = Date.parse(`${R1}T00:00:00Z`) - Date.parse(`${R0}T00:00:00Z`);
function earlier(snapshot, id) {
  const shas = new Map();
  const move = (v) => {
    if (typeof v === 'string') {
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v)) return iso(Date.parse(v) - SHIFT);
      // A day with no time (a vendor's release day) moves back as a day.
      if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return iso(Date.parse(`${v}T00:00:00Z`) - SHIFT).slice(0, 10);
      if (v.includes(`${id}_${R1}/`)) {
        const path = v.replace(`${id}_${R1}/`, `${id}_${R0}/`);
        shas.set(sha(`ato-evidence sample export ${v}`), sha(`ato-evidence sample export ${path}`));
        return path;
      }
      return v;
    }
    if (Array.isArray(v)) return v.map(move);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, move(x)]));
    return v;
  };
  const moved = move(snapshot);
  const resha = (v) => {
    if (typeof v === 'string') return shas.get(v) ?? v;
    if (Array.isArray(v)) return v.map(resha);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resha(x)]));
    return v;
  };
  return resha(moved);
}

/**
 * Get-LocalUser's PasswordLastSet for each local account (PWD-MAX-AGE judges each enabled one's
 * age): 12 to 40 days before collection, within every sample policy's 60-day maximum, so the
 * policy decides PWD-MAX-AGE as it did before the dates were read.
 */
function withPasswordAges(snapshot) {
  let i = 0;
  const accounts = (snapshot.access?.accounts ?? []).map((a) => {
    if (a.source !== 'local') return a;
    const at = before(snapshot.collectedAt, (12 + 7 * (i++ % 5)) * DAY);
    return Object.fromEntries(Object.entries(a).flatMap(([k, v]) => (k === 'lastLogon' ? [[k, v], ['passwordLastSet', at]] : [[k, v]])));
  });
  return snapshot.access?.accounts ? { ...snapshot, access: { ...snapshot.access, accounts } } : snapshot;
}

for (const [id, make] of DEVICES) {
  for (const [round, date] of [[0, R0], [1, R1], [2, R2]]) {
    const snapshot = round === 0 ? earlier(withPasswordAges(make(1)), id) : withPasswordAges(make(round));
    if (snapshot.device.id !== id || !snapshot.collectedAt.startsWith(date)) throw new Error(`inconsistent sample ${id} ${date}`);
    const dir = new URL(`${id}/`, SAMPLES);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL(`${id}_${date}.json`, dir), JSON.stringify(snapshot, null, 2) + '\n');
  }
}
// US-01: collected once, in round 0, and never since (its evidence is stale by the package's clock).
{
  const snapshot = withPasswordAges(us01());
  mkdirSync(new URL('US-01/', SAMPLES), { recursive: true });
  writeFileSync(new URL(`US-01/US-01_${R0}.json`, SAMPLES), JSON.stringify(snapshot, null, 2) + '\n');
}
process.stdout.write(`wrote ${DEVICES.length * 3 + 1} snapshots under ${SAMPLES.pathname}\n`);
