/**
 * A deterministic synthetic fleet for the benchmark: full, schema-valid snapshots of fictional
 * imaging-device consoles with a realistic mix of passing and failing values (roughly the variety
 * of samples/), each about the size of a sample (15-25 KB of JSON).
 *
 * Same (index, seed) → same snapshot, on any machine: a seeded PRNG (mulberry32) drives every
 * choice, and all times are offsets from a fixed epoch. No Math.random, no clock.
 */
import { createRequire } from 'node:module';
import { KNOWN_EXPORTS } from '../ingest/known-exports.js';
import { APPLOCKER_COLLECTION_TYPES } from '../snapshot/known-values.js';
import type {
  Account,
  FirewallProfile,
  FirewallRule,
  LockoutPolicy,
  OptionalFeature,
  PasswordPolicy,
  Service,
  Snapshot,
} from '../snapshot/types.js';

type Hardening = NonNullable<Snapshot['hardening']>;
type Malware = NonNullable<Snapshot['malware']>;
type Access = NonNullable<Snapshot['access']>;
type Audit = NonNullable<Snapshot['audit']>;
type Encryption = NonNullable<Snapshot['encryption']>;
type Volume = NonNullable<Encryption['volumes']>[number];
type ApplicationEntity = NonNullable<NonNullable<Encryption['dicom']>['applicationEntities']>[number];
type Certificate = NonNullable<Encryption['certificates']>[number];
type Subcategory = NonNullable<Audit['subcategories']>[number];
type Collection = NonNullable<NonNullable<Malware['allowlisting']>['collections']>[number];

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Collections fall in the 14 days from this instant (2026-11-02T00:00:00Z). */
const EPOCH = Date.UTC(2026, 10, 2);

// ---------------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes seed and index into one 32-bit state so every index is reachable without its predecessors. */
function mixSeed(seed: number, index: number): number {
  const hi = Math.floor(index / 4294967296) >>> 0;
  let h = Math.imul((seed >>> 0) ^ 0x85ebca6b, 0x9e3779b1) >>> 0;
  h = (h ^ Math.imul((index >>> 0) + 0x7f4a7c15, 0xc2b2ae35) ^ Math.imul(hi + 0x165667b1, 0x27d4eb2f)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

class Rng {
  private readonly next: () => number;
  constructor(state: number) {
    this.next = mulberry32(state);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** Pick with weights: [[value, weight], ...]. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 0x10000).toString(16).padStart(4, '0');
    return out.slice(0, length);
  }
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

// ---------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------

/** Windows advanced-audit subcategories the DISA Windows 10 STIG requires: GUID, name, success, failure. */
const AUDIT_REQUIRED: ReadonlyArray<readonly [string, string, boolean, boolean]> = (
  createRequire(import.meta.url)('../../controls/stig-audit-subcategories.json') as { subcategories: Array<{ guid: string; name: string; success: boolean; failure: boolean }> }
).subcategories.map((r) => [r.guid, r.name, r.success, r.failure] as const);

interface OsChoice {
  name: string;
  build: string;
  version: string;
  windows7?: boolean;
}
const OPERATING_SYSTEMS: ReadonlyArray<readonly [OsChoice, number]> = [
  [{ name: 'Windows 10 IoT Enterprise LTSC 2021', build: '19044', version: '21H2' }, 35],
  [{ name: 'Windows 10 Enterprise LTSC 2019', build: '17763', version: '1809' }, 30],
  [{ name: 'Windows 11 IoT Enterprise LTSC 2024', build: '26100', version: '24H2' }, 20],
  [{ name: 'Windows 10 Enterprise LTSB 2016', build: '14393', version: '1607' }, 8],
  [{ name: 'Windows 7 Professional', build: '7601', version: '6.1 Service Pack 1', windows7: true }, 7],
];

type Kind = NonNullable<Snapshot['device']['kind']>;
const KINDS: ReadonlyArray<readonly [Kind, number]> = [
  ['MR', 20], ['CT', 20], ['XR', 20], ['US', 15], ['NM', 5], ['PET', 5], ['LAB', 15],
];
const MODELS: Record<Kind, readonly string[]> = {
  MR: ['Magnara Vida 3T', 'Magnara Sola 1.5T', 'Magnara Free.Max 0.55T'],
  CT: ['Tomora Edge 128', 'Tomora Go.Top 64', 'Tomora Force 384'],
  XR: ['Radiant DR 500', 'Radiant Mobile M2', 'Luminos Fluoro F7'],
  US: ['Sonara X900', 'Sonara Juniper 5'],
  NM: ['Symbion Intevo 6'],
  PET: ['Biovista PET/CT Horizon'],
  LAB: ['ChemaLyte CX-800', 'Hemalyse HX-40', 'ImmunoQuant IQ-7'],
  OTHER: ['Example Device'],
};
const MANUFACTURERS: Record<Kind, readonly string[]> = {
  MR: ['Example Medical Systems', 'Sample Imaging Corp.'],
  CT: ['Example Medical Systems', 'Sample Imaging Corp.'],
  XR: ['Example Medical Systems', 'Demo Radiography Ltd.'],
  US: ['Sample Imaging Corp.'],
  NM: ['Example Medical Systems'],
  PET: ['Example Medical Systems'],
  LAB: ['Example Diagnostics', 'Demo Laboratory Instruments'],
  OTHER: ['Example Medical Systems'],
};

const APPROVED_INBOUND: ReadonlyArray<readonly [string, string]> = [
  ['DICOM Storage SCP (TCP-In)', '104'],
  ['DICOM TLS Storage SCP (TCP-In)', '2762'],
  ['Vendor Remote Service (TCP-In)', '8443'],
];
const UNAPPROVED_INBOUND: ReadonlyArray<readonly [string, string, string]> = [
  ['Remote Desktop - User Mode (TCP-In)', 'TCP', '3389'],
  ['File and Printer Sharing (SMB-In)', 'TCP', '445'],
  ['VNC Server (TCP-In)', 'TCP', '5900'],
  ['Windows Remote Management (HTTP-In)', 'TCP', '5985'],
  ['SNMP Service (UDP In)', 'UDP', '161'],
];

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

function firewall(rng: Rng, vendorDir: string): NonNullable<Snapshot['firewall']> {
  const weak = rng.chance(0.12); // one badly configured profile
  const weakProfile = rng.pick(['domain', 'private', 'public'] as const);
  const logSize = rng.weighted([[16384, 55], [32767, 30], [4096, 15]] as const);
  const profiles: FirewallProfile[] = (['domain', 'private', 'public'] as const).map((name) => {
    const bad = weak && name === weakProfile;
    return {
      name,
      enabled: bad ? rng.chance(0.4) : true,
      defaultInboundAction: bad && rng.chance(0.5) ? 'allow' : 'block',
      defaultOutboundAction: 'allow',
      logDroppedPackets: rng.chance(0.88),
      logAllowedConnections: rng.chance(0.1),
      logMaxSizeKB: logSize,
    };
  });
  const subnet = `10.${rng.int(10, 60)}.${rng.int(0, 250)}.0/24`;
  const gateway = `10.99.0.${rng.int(2, 30)}`;
  const dicomExe = `C:\\Program Files\\${vendorDir}\\DicomNode\\dcmnode.exe`;
  const rules: FirewallRule[] = APPROVED_INBOUND.map(([name, port]) => ({
    name,
    enabled: true,
    direction: 'inbound',
    action: 'allow',
    protocol: 'TCP',
    localPorts: [port],
    remoteAddresses: [port === '8443' ? gateway : subnet],
    profiles: ['domain', 'private', 'public'],
    program: port === '8443' ? `C:\\Program Files\\${vendorDir}\\RemoteService\\rsagent.exe` : dicomExe,
  }));
  for (const [name, protocol, port] of UNAPPROVED_INBOUND) {
    rules.push({
      name,
      enabled: rng.chance(0.05),
      direction: 'inbound',
      action: 'allow',
      protocol,
      localPorts: [port],
      remoteAddresses: [rng.pick(['Any', 'LocalSubnet'])],
      profiles: ['domain', 'private', 'public'],
    });
  }
  rules.push(
    { name: 'Block NetBIOS and SMB (TCP-In)', enabled: true, direction: 'inbound', action: 'block', protocol: 'TCP', localPorts: ['137-139', '445'], remoteAddresses: ['Any'], profiles: ['domain', 'private', 'public'] },
    { name: 'DICOM to PACS (TCP-Out)', enabled: true, direction: 'outbound', action: 'allow', protocol: 'TCP', localPorts: ['any'], remoteAddresses: ['10.20.10.0/24'], profiles: ['domain', 'private', 'public'], program: dicomExe },
    { name: 'LDAP over TLS (TCP-Out)', enabled: true, direction: 'outbound', action: 'allow', protocol: 'TCP', localPorts: ['any'], remoteAddresses: ['10.10.1.11', '10.10.1.12'], profiles: ['domain', 'private', 'public'] },
    { name: 'Syslog over TLS (TCP-Out)', enabled: true, direction: 'outbound', action: 'allow', protocol: 'TCP', localPorts: ['any'], remoteAddresses: ['10.10.5.20'], profiles: ['domain', 'private', 'public'] },
    { name: 'Core Networking - NTP (UDP-Out)', enabled: true, direction: 'outbound', action: 'allow', protocol: 'UDP', localPorts: ['any'], remoteAddresses: ['10.10.1.11'], profiles: ['domain', 'private', 'public'] },
  );
  return { profiles, rules };
}

function services(rng: Rng, vendorPrefix: string, thirdPartyAv: boolean): Service[] {
  const s = (name: string, displayName: string, startType: Service['startType'], state: Service['state']): Service =>
    ({ name, displayName, startType, state });
  const risky = (name: string, displayName: string, p: number): Service =>
    rng.chance(p) ? s(name, displayName, 'automatic', 'running') : s(name, displayName, 'disabled', 'stopped');
  return [
    s('AppIDSvc', 'Application Identity', 'automatic', 'running'),
    s('BFE', 'Base Filtering Engine', 'automatic', 'running'),
    s('BITS', 'Background Intelligent Transfer Service', 'manual', 'stopped'),
    s('CryptSvc', 'Cryptographic Services', 'automatic', 'running'),
    s('Dhcp', 'DHCP Client', 'automatic', 'running'),
    s('Dnscache', 'DNS Client', 'automatic', 'running'),
    s('EventLog', 'Windows Event Log', 'automatic', 'running'),
    s('LanmanServer', 'Server', rng.chance(0.3) ? 'automatic' : 'disabled', rng.chance(0.3) ? 'running' : 'stopped'),
    s('LanmanWorkstation', 'Workstation', 'automatic', 'running'),
    s('MpsSvc', 'Windows Defender Firewall', 'automatic', 'running'),
    risky('RemoteRegistry', 'Remote Registry', 0.07),
    s('Schedule', 'Task Scheduler', 'automatic', 'running'),
    rng.chance(0.1) ? s('seclogon', 'Secondary Logon', 'manual', 'running') : s('seclogon', 'Secondary Logon', 'disabled', 'stopped'),
    s('Spooler', 'Print Spooler', 'automatic', 'running'),
    risky('SSDPSRV', 'SSDP Discovery', 0.05),
    s('TermService', 'Remote Desktop Services', 'manual', rng.chance(0.06) ? 'running' : 'stopped'),
    risky('upnphost', 'UPnP Device Host', 0.03),
    s('W32Time', 'Windows Time', 'automatic', 'running'),
    thirdPartyAv
      ? s('WinDefend', 'Microsoft Defender Antivirus Service', 'disabled', 'stopped')
      : s('WinDefend', 'Microsoft Defender Antivirus Service', 'automatic', 'running'),
    s('WinRM', 'Windows Remote Management (WS-Management)', 'manual', 'stopped'),
    s('Winmgmt', 'Windows Management Instrumentation', 'automatic', 'running'),
    s('wuauserv', 'Windows Update', 'manual', 'stopped'),
    s(`${vendorPrefix}DicomNode`, `${vendorPrefix} DICOM Node`, 'automatic', 'running'),
    s(`${vendorPrefix}ImagingCore`, `${vendorPrefix} Imaging Core`, 'automatic', 'running'),
    s(`${vendorPrefix}License`, `${vendorPrefix} License Service`, 'automatic', 'running'),
    s(`${vendorPrefix}LogForwarder`, `${vendorPrefix} Operations Log Forwarder`, 'automatic', 'running'),
    s(`${vendorPrefix}RemoteService`, `${vendorPrefix} Remote Service Agent`, 'automatic', 'running'),
    ...(thirdPartyAv ? [s('ExampleEPAgent', 'Example Endpoint Security Agent', 'automatic', 'running')] : []),
  ];
}

function features(rng: Rng): OptionalFeature[] {
  const on = (p: number): OptionalFeature['state'] => (rng.chance(p) ? 'enabled' : 'disabled');
  return [
    { name: 'IIS-WebServerRole', state: on(0.03) },
    { name: 'MicrosoftWindowsPowerShellV2Root', state: on(0.1) },
    { name: 'NetFx3', state: 'enabled' },
    { name: 'Printing-PrintToPDFServices-Features', state: 'enabled' },
    { name: 'SMB1Protocol', state: on(0.06) },
    { name: 'SNMP', state: on(0.04) },
    { name: 'SimpleTCP', state: on(0.02) },
    { name: 'TFTP', state: on(0.03) },
    { name: 'TelnetClient', state: on(0.08) },
  ];
}

function hardening(rng: Rng, at: number, os: OsChoice, vendorPrefix: string, thirdPartyAv: boolean): Hardening {
  const autorun = rng.chance(0.85)
    ? { noDriveTypeAutoRun: 255, noAutorun: 1, noAutoplayForNonVolume: 1 }
    : { noDriveTypeAutoRun: 145, noAutorun: 0, noAutoplayForNonVolume: 0 };
  const fipsMode = rng.chance(0.8);
  const optionalFeatures = features(rng);
  const smb1 = optionalFeatures.some((f) => f.name === 'SMB1Protocol' && f.state === 'enabled');
  const release = rng.int(2, 9);
  const current = rng.chance(0.7);
  const latestReleasedOn = at - rng.int(20, 200) * DAY;
  const installed: NonNullable<NonNullable<Hardening['updates']>['installed']> = [];
  const kbCount = rng.int(3, 6);
  let kbAt = at - rng.int(1, 60) * DAY;
  for (let i = 0; i < kbCount; i++) {
    installed.unshift({ id: `KB50${rng.int(60000, 79999)}`, description: 'Security Update', installedOn: iso(kbAt) });
    kbAt -= rng.int(25, 35) * DAY;
  }
  const lastOs = installed[installed.length - 1]?.installedOn ?? iso(at - 90 * DAY);
  const differences: NonNullable<Hardening['baseline']>['differences'] = [];
  if (autorun.noAutorun !== 1) differences.push({ setting: 'NoAutorun (WN10-CC-000185)', expected: '1', actual: String(autorun.noAutorun), approved: false });
  if (!fipsMode) differences.push({ setting: 'FIPSAlgorithmPolicy (WN10-SO-000230)', expected: '1', actual: '0', approved: false });
  return {
    autorun,
    removableMedia: {
      patientDataExport: rng.chance(0.3) ? 'enabled' : 'disabled',
      encryptExport: rng.chance(0.85),
      usbStorageBlocked: rng.chance(0.7),
    },
    services: services(rng, vendorPrefix, thirdPartyAv),
    optionalFeatures,
    fipsMode,
    registry: {
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\NoAutorun': autorun.noAutorun,
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\NoDriveTypeAutoRun': autorun.noDriveTypeAutoRun,
      'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Explorer\\NoAutoplayfornonVolume': autorun.noAutoplayForNonVolume,
      'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled': fipsMode ? 1 : 0,
      'HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters\\SMB1': smb1 ? 1 : 0,
    },
    updates: {
      installed,
      vendorSoftware: {
        installedVersion: `${release}.${current ? 4 : rng.int(0, 3)}.0`,
        latestVersion: `${release}.4.0`,
        latestReleasedOn: iso(latestReleasedOn).slice(0, 10), // a vendor publishes a day, not an instant
        installedOn: iso(current ? latestReleasedOn + rng.int(3, 15) * DAY : latestReleasedOn - rng.int(60, 400) * DAY),
      },
      lastOsUpdateInstalledOn: os.windows7 ? '2020-01-21T10:00:00Z' : lastOs,
    },
    baseline: { name: os.windows7 ? 'DISA Windows 7 STIG (sunset)' : 'DISA Microsoft Windows 10 STIG V3R2', differences },
    smb1Enabled: smb1,
  };
}

function malware(rng: Rng, at: number, thirdPartyAv: boolean): Malware {
  const mode = rng.weighted([['enabled', 75], ['audit-only', 20], ['not-configured', 5]] as const);
  const collections: Collection[] = APPLOCKER_COLLECTION_TYPES.map((type) => ({
    type,
    enforcementMode: mode,
    ruleCount: mode === 'not-configured' ? 0 : rng.int(1, 120),
    // As ingest writes it: no rule of the fleet's policies allows every file to everyone.
    allowsEveryFile: false,
  }));
  const sigAgeHours = rng.weighted([[rng.int(1, 48), 60], [rng.int(49, 168), 25], [rng.int(169, 960), 15]] as const);
  return {
    allowlisting: { product: 'AppLocker', collections },
    antimalware: {
      product: thirdPartyAv ? 'Example Endpoint Security 10.7' : 'Microsoft Defender Antivirus',
      serviceRunning: rng.chance(0.96),
      realTimeProtection: rng.chance(0.9),
      signatureVersion: thirdPartyAv ? `${rng.int(5200, 5260)}.0` : `1.${rng.int(440, 450)}.${rng.int(0, 999)}.0`,
      signatureUpdatedAt: iso(at - sigAgeHours * HOUR - rng.int(0, 59) * MIN),
      scheduledScan: rng.chance(0.88),
      scanDay: rng.pick(['Saturday', 'Sunday', 'Wednesday']),
      defaultAction: rng.pick(['quarantine', 'clean, then quarantine', 'remove']),
      lastFullScanAt: iso(at - rng.int(1, 9) * DAY),
    },
  };
}

const GIVEN = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't'];
const FAMILY = ['schmidt', 'nguyen', 'okafor', 'rossi', 'lindqvist', 'fernandes', 'wojcik', 'koenig', 'haddad', 'tanaka', 'murphy', 'silva', 'novak', 'dubois'];

function accounts(rng: Rng, at: number, ldapEnabled: boolean, windows7: boolean): Account[] {
  const lastLogonWithin = (maxDays: number): string => iso(at - rng.int(5, maxDays * 24 * 60) * MIN);
  const list: Account[] = [
    {
      name: 'Administrator', enabled: rng.chance(windows7 ? 0.6 : 0.05), builtin: 'administrator', role: 'system',
      groups: ['Administrators'], lastLogon: iso(at - rng.int(1, 600) * DAY), patientDataAccess: false, passwordRequired: true, source: 'local',
    },
    { name: 'Guest', enabled: rng.chance(0.02), builtin: 'guest', role: 'system', groups: ['Guests'], lastLogon: null, patientDataAccess: false, passwordRequired: true, source: 'local' },
  ];
  if (!windows7) {
    list.push(
      { name: 'DefaultAccount', enabled: false, builtin: null, role: 'system', groups: ['System Managed Accounts Group'], lastLogon: null, patientDataAccess: false, passwordRequired: true, source: 'local' },
      { name: 'WDAGUtilityAccount', enabled: false, builtin: null, role: 'system', groups: [], lastLogon: null, patientDataAccess: false, passwordRequired: true, source: 'local' },
    );
  }
  list.push(
    { name: 'appuser', enabled: true, builtin: null, role: 'system', groups: ['Users', 'Vendor Application'], lastLogon: lastLogonWithin(1), patientDataAccess: true, passwordRequired: true, source: 'local' },
    {
      name: 'fse', enabled: rng.chance(0.7), builtin: null, role: 'service-technician', groups: ['Administrators', 'Service Technicians'],
      lastLogon: iso(at - rng.int(1, 90) * DAY), patientDataAccess: true, passwordRequired: true, source: 'local',
    },
    {
      name: 'hospadmin', enabled: true, builtin: null, role: 'hospital-administrator',
      groups: rng.chance(0.5) ? ['Hospital Admins'] : ['Administrators', 'Hospital Admins'],
      lastLogon: lastLogonWithin(20), patientDataAccess: rng.chance(0.06), passwordRequired: true, source: 'local',
    },
  );
  const clinicalCount = rng.int(3, 8);
  for (let i = 0; i < clinicalCount; i++) {
    const ldap = ldapEnabled && rng.chance(0.8);
    const base = `${rng.pick(GIVEN)}.${rng.pick(FAMILY)}${i}`;
    const admin = rng.chance(0.015);
    list.push({
      name: ldap ? `HOSP\\${base}` : base,
      enabled: rng.chance(0.95),
      builtin: null,
      role: 'clinical',
      groups: admin ? ['Clinical Users', 'Administrators'] : ['Clinical Users'],
      // The groups' SIDs, as collect.ps1's GroupSID column gives them (Clinical Users: a vendor group).
      groupSids: admin ? ['S-1-5-21-1085031214-1563985344-725345543-1013', 'S-1-5-32-544'] : ['S-1-5-21-1085031214-1563985344-725345543-1013'],
      lastLogon: rng.chance(0.08) ? iso(at - rng.int(36, 200) * DAY) : rng.chance(0.03) ? null : lastLogonWithin(30),
      patientDataAccess: true,
      passwordRequired: rng.chance(0.98),
      source: ldap ? 'ldap' : 'local',
    });
  }
  return list;
}

function passwordPolicy(rng: Rng, ldap: boolean): PasswordPolicy {
  const minLength = rng.weighted([[14, 55], [15, 15], [12, 12], [8, 12], [6, 6]] as const);
  return {
    minLength,
    maxLength: ldap ? 63 : rng.weighted([[127, 70], [minLength < 14 ? 14 : minLength, 30]] as const),
    history: rng.weighted([[24, 70], [10, 15], [0, 15]] as const),
    maxAgeDays: rng.weighted([[60, 50], [42, 10], [90, 15], [0, 10], [-1, 15]] as const),
    minAgeDays: rng.weighted([[1, 80], [0, 20]] as const),
    complexity: rng.chance(0.88),
    reversibleEncryption: rng.chance(0.02),
  };
}

function lockoutPolicy(rng: Rng): LockoutPolicy {
  return {
    threshold: rng.weighted([[3, 55], [0, 15], [5, 15], [10, 10], [1, 5]] as const),
    durationMinutes: rng.weighted([[15, 40], [30, 20], [-1, 15], [0, 5], [10, 10], [5, 10]] as const),
    resetMinutes: rng.weighted([[15, 60], [30, 25], [5, 15]] as const),
  };
}

function access(rng: Rng, at: number, index: number, windows7: boolean): Access {
  const ldapEnabled = !windows7 && rng.chance(0.75);
  const transport = rng.weighted([['ldaps', 60], ['starttls', 25], ['plain', 15]] as const);
  const ldap: Access['ldap'] = ldapEnabled
    ? {
        enabled: true,
        servers: transport === 'ldaps' ? ['ldaps://dc01.hospital.example:636', 'ldaps://dc02.hospital.example:636'] : ['ldap://dc01.hospital.example:389'],
        transport,
        signing: transport === 'plain' ? rng.pick(['none', 'negotiate'] as const) : 'required',
        bindDn: `CN=svc-syn${index}-bind,OU=Service Accounts,DC=hospital,DC=example`,
        ...(rng.chance(0.2) ? { bindPassword: `SynBind-${rng.hex(12)}!` } : {}),
      }
    : { enabled: false, servers: [] };
  const inactivity = rng.weighted([[900, 45], [600, 25], [300, 10], [0, 12], [1800, 8]] as const);
  const screenLock: Access['screenLock'] = windows7
    ? { screenSaverActive: rng.chance(0.8), screenSaverTimeoutSecs: rng.pick([600, 900, 1200]), screenSaverIsSecure: rng.chance(0.9) }
    : { inactivityTimeoutSecs: inactivity, screenSaverActive: inactivity > 0, screenSaverTimeoutSecs: inactivity > 0 ? inactivity : 900, screenSaverIsSecure: true };
  const banner = rng.chance(0.9);
  return {
    accounts: accounts(rng, at, ldapEnabled, windows7),
    // Windows' own nesting (Users holds Authenticated Users and INTERACTIVE); a domain-joined console
    // that kept HOSP\Domain Admins in Administrators now and then. No draw of its own, so the rest
    // of the fleet stays as it was.
    nestedGroups: [
      { group: 'Users', groupSid: 'S-1-5-32-545', member: 'NT AUTHORITY\\Authenticated Users', sid: 'S-1-5-11', kind: 'every-account' },
      { group: 'Users', groupSid: 'S-1-5-32-545', member: 'NT AUTHORITY\\INTERACTIVE', sid: 'S-1-5-4', kind: 'every-account' },
      ...(ldapEnabled && inactivity === 1800 ? [{ group: 'Administrators', groupSid: 'S-1-5-32-544', member: 'HOSP\\Domain Admins', sid: 'S-1-5-21-1004336348-1177238915-682003330-512', kind: 'group' as const }] : []),
    ],
    ldap,
    serviceAccess: ((twoFactor: boolean, method: string) => ({
      twoFactor,
      // A console declaring two-factor service logon names a second factor (a password alone contradicts it: policy-combinations.ts).
      method: twoFactor && method === 'password' ? 'vendor PKI smart card + PIN' : method,
      activeRevokedKeys: rng.chance(0.05) ? 1 : 0,
      remoteServiceEnabled: rng.chance(0.9),
    }))(rng.chance(0.85), rng.pick(['TOTP (vendor service portal)', 'vendor PKI smart card + PIN', 'password'])),
    passwordPolicy: ldapEnabled ? { local: passwordPolicy(rng, false), ldap: passwordPolicy(rng, true) } : { local: passwordPolicy(rng, false) },
    lockoutPolicy: ldapEnabled ? { local: lockoutPolicy(rng), ldap: lockoutPolicy(rng) } : { local: lockoutPolicy(rng) },
    screenLock,
    logonBanner: banner
      ? {
          caption: 'Authorized use only',
          text: 'This medical device is for the use of authorized personnel only. Use of this system constitutes consent to monitoring and recording of all activity.',
        }
      : { caption: '', text: '' },
  };
}

function audit(rng: Rng, at: number): Audit {
  const defaults = rng.chance(0.1); // never configured: most subcategories off
  const upper = rng.chance(0.2);
  const subcategories: Subcategory[] = AUDIT_REQUIRED.map(([guid, name, success, failure]) => {
    const off = defaults ? rng.chance(0.6) : rng.chance(0.02);
    return { guid: upper ? guid.toUpperCase() : guid, name, success: off ? false : success, failure: off ? false : failure };
  });
  const small = rng.chance(0.12);
  const cmos = rng.chance(0.08);
  const syslogOn = rng.chance(0.85);
  return {
    subcategories,
    logs: [
      { name: 'Application', maxSizeKB: small ? 20480 : 32768, retention: 'overwrite-as-needed' },
      { name: 'Security', maxSizeKB: small ? 20480 : rng.pick([1024000, 1048576]), retention: 'overwrite-as-needed' },
      { name: 'System', maxSizeKB: small ? 20480 : 32768, retention: 'overwrite-as-needed' },
    ],
    securityPrivilegeHolders: rng.chance(0.95) ? ['BUILTIN\\Administrators'] : ['BUILTIN\\Administrators', 'BUILTIN\\Users'],
    syslog: syslogOn
      ? {
          enabled: true,
          server: 'siem.hospital.example',
          port: 6514,
          transport: rng.weighted([['tls', 75], ['tcp', 10], ['udp', 15]] as const),
          lastSuccessfulSendAt: iso(at - (rng.chance(0.9) ? rng.int(1, 30) * MIN : rng.int(2, 20) * DAY)),
        }
      : { enabled: false },
    timeSync: cmos
      ? { source: 'Local CMOS Clock', leapIndicator: 3, stratum: 0, lastSuccessfulSyncAt: null, pollIntervalSecs: 1024 }
      : {
          source: rng.pick(['dc01.hospital.example', 'dc02.hospital.example', 'ntp1.hospital.example,0x8']),
          leapIndicator: 0,
          stratum: rng.int(2, 5),
          lastSuccessfulSyncAt: iso(at - (rng.chance(0.93) ? rng.int(1, 600) * MIN : rng.int(2, 40) * DAY)),
          pollIntervalSecs: rng.pick([1024, 2048, 32768]),
        },
  };
}

function encryption(rng: Rng, at: number, windows7: boolean, host: string): Encryption {
  const volume = (mountPoint: string, volumeType: Volume['volumeType'], sizeGB: number): Volume => {
    if (windows7 || rng.chance(0.05)) {
      return { mountPoint, volumeType, sizeGB, conversionStatus: 'fully-decrypted', percentageEncrypted: 0, method: 'None', protectionStatus: 'off', keyProtectors: [] };
    }
    const inProgress = rng.chance(0.03);
    return {
      mountPoint,
      volumeType,
      sizeGB,
      conversionStatus: inProgress ? 'encryption-in-progress' : 'fully-encrypted',
      percentageEncrypted: inProgress ? rng.int(5, 95) : 100,
      method: rng.weighted([['XTS-AES 256', 50], ['XTS-AES 128', 35], ['AES 128', 10], ['AES 256', 5]] as const),
      protectionStatus: rng.chance(0.92) ? 'on' : 'off',
      keyProtectors: volumeType === 'os'
        ? [rng.chance(0.2) ? 'TPM And PIN' : 'TPM', 'Numerical Password']
        : ['External Key', 'Numerical Password'],
    };
  };
  const volumes: Volume[] = [volume('C:', 'os', rng.pick([237.9, 475.8, 465.8]))];
  const dataVolumes = rng.int(1, 2);
  for (let i = 0; i < dataVolumes; i++) volumes.push(volume(String.fromCharCode(68 + i) + ':', 'data', rng.pick([931.5, 1863, 3725])));
  const tls = (): ApplicationEntity['tls'] =>
    rng.weighted([['authentication-and-encryption', 83], ['encryption', 8], ['authentication', 4], ['none', 5]] as const);
  const applicationEntities: ApplicationEntity[] = [
    { aeTitle: host.replace(/-/g, '_').slice(0, 16), role: 'local', port: 2762, tls: 'authentication-and-encryption', purpose: 'storage SCP (TLS)' },
  ];
  const remotes = rng.int(2, 5);
  const remoteNames = ['PACS_ARCH', 'RIS_MWL', 'POST_WS1', 'ADV_WS3D', 'VNA_STORE', 'QA_TOOL'];
  for (let i = 0; i < remotes; i++) {
    const aeTitle = remoteNames[i] ?? `REMOTE_${i}`;
    const mode = tls();
    applicationEntities.push({
      aeTitle,
      role: 'remote',
      host: `${aeTitle.toLowerCase().replace(/_/g, '-')}.hospital.example`,
      port: mode === 'none' ? 104 : 2762,
      tls: mode,
      purpose: aeTitle === 'PACS_ARCH' ? 'archive, storage commitment' : aeTitle === 'RIS_MWL' ? 'modality worklist, MPPS' : 'image exchange',
    });
  }
  const weakCert = rng.chance(0.08);
  const certificates: Certificate[] = [
    {
      subject: `CN=${host.toLowerCase()}.hospital.example`,
      issuer: weakCert ? `CN=${host.toLowerCase()}.hospital.example` : 'CN=Example University Hospital Issuing CA 02, DC=hospital, DC=example',
      notAfter: iso(at + rng.weighted([[rng.int(120, 900), 85], [rng.int(1, 29), 10], [-rng.int(1, 60), 5]] as const) * DAY),
      keyAlgorithm: 'RSA',
      keySize: weakCert ? 1024 : rng.pick([2048, 2048, 3072, 4096]),
      trustedIssuer: !weakCert,
      purpose: 'DICOM TLS node certificate',
    },
  ];
  return { volumes, dicom: { applicationEntities }, certificates };
}

const SOURCE_FILES: ReadonlyArray<readonly [string, string]> = [
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
  ['av-status.json', 'antimalware-status'],
  ['vendor-config.xml', 'vendor-config'],
];

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** Device id for an index: SYN-000001 for 1 (at least six digits). */
export function syntheticDeviceId(index: number): string {
  return `SYN-${String(index).padStart(6, '0')}`;
}

/**
 * One full synthetic snapshot. `index` is a non-negative integer (the id is SYN-<index, 6 digits>);
 * `seed` selects a different but equally deterministic fleet.
 */
export function syntheticSnapshot(index: number, seed = 1): Snapshot {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`synthetic snapshot index must be a non-negative integer, got ${index}`);
  if (!Number.isFinite(seed)) throw new RangeError(`synthetic fleet seed must be a finite number, got ${seed}`);
  const rng = new Rng(mixSeed(Math.trunc(seed), index));
  const id = syntheticDeviceId(index);
  const at = EPOCH + rng.int(0, 14 * 24 * 60 - 1) * MIN;
  const collectedAt = iso(at);
  const kind = rng.weighted(KINDS);
  const os = rng.weighted(OPERATING_SYSTEMS);
  const windows7 = os.windows7 === true;
  const manufacturer = rng.pick(MANUFACTURERS[kind]);
  const vendorPrefix = manufacturer.split(/\s+/).map((w) => w[0] ?? '').join('').toUpperCase();
  const vendorDir = manufacturer.replace(/\.$/, '');
  const host = `${kind}-${String(index).padStart(6, '0')}-CON`;
  const thirdPartyAv = windows7 || rng.chance(0.3);
  const date = collectedAt.slice(0, 10);
  const sources = SOURCE_FILES.map(([file, kind]) => ({ file: `${id}_${date}/${file}`, sha256: rng.hex(64), kind }));
  const src = (name: string) => {
    const found = sources.find((s) => s.file.endsWith(`/${name}`));
    if (!found) throw new Error(`no source ${name}`);
    return { file: found.file, sha256: found.sha256 };
  };

  const snapshot: Snapshot = {
    schemaVersion: '1.0',
    device: {
      id,
      kind,
      manufacturer,
      model: rng.pick(MODELS[kind]),
      serial: `${vendorPrefix}-${kind}-${rng.int(100000, 999999)}`,
      softwareVersion: `${rng.pick(['XA', 'VB', 'VE', 'R'])}${rng.int(10, 70)}${rng.pick(['A', 'B', 'C'])}`,
      hostname: host,
      location: `${kind === 'LAB' ? 'Central Laboratory' : rng.pick(['Radiology', 'Emergency Department', 'Cardiology', 'Oncology', 'Outpatient Imaging'])}, room ${rng.int(1, 40)}`,
      os: { name: os.name, build: os.build, version: os.version },
    },
    collectedAt,
    collector: { name: 'ato-evidence synthetic fleet', version: '1' },
    firewall: firewall(rng, vendorDir),
    hardening: hardening(rng, at, os, vendorPrefix, thirdPartyAv),
    malware: malware(rng, at, thirdPartyAv),
    access: access(rng, at, index, windows7),
    audit: audit(rng, at),
    encryption: encryption(rng, at, windows7, host),
    sources,
    provenance: {
      '/access/lockoutPolicy/local/threshold': { ...src('policy.inf'), location: '[System Access] LockoutBadCount (line 11)' },
      '/access/passwordPolicy/local/maxAgeDays': { ...src('policy.inf'), location: '[System Access] MaximumPasswordAge (line 5)' },
      '/access/screenLock': { ...src('registry.reg'), location: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System' },
      '/audit/subcategories': { ...src('audit.csv') },
      '/audit/timeSync/source': { ...src('w32tm-status.txt'), location: 'Source (line 8)' },
      '/encryption/volumes': { ...src('bitlocker.txt') },
      '/malware/antimalware/signatureUpdatedAt': { ...src('av-status.json'), location: 'AntivirusSignatureLastUpdated' },
    },
  };
  collector110(snapshot, new Rng(mixSeed(Math.trunc(seed) ^ 0x1b873593, index)), src('registry.reg').file);
  return snapshot;
}

/** The registry keys collect.ps1 exports in full: what its registry exports cover. */
const EXPORTED_KEYS = KNOWN_EXPORTS.filter((e) => e.kind === 'reg-export' && e.command).map((e) => e.command!);
const EVENT_LOG_PRINCIPALS = ['NT SERVICE\\EventLog', 'NT AUTHORITY\\SYSTEM', 'BUILTIN\\Administrators'];

/**
 * What collect.ps1 1.1.0 adds to a snapshot: coverage (the registry keys exported in full, the
 * Winlogon reading), automatic logon, the event log file ACLs, BitLocker's minimum PIN policy and
 * DICOM revocation checking. Drawn from its own PRNG stream so the rest of the fleet is unchanged.
 */
function collector110(s: Snapshot, rng: Rng, registryFile: string): void {
  const autologon = rng.chance(0.04);
  s.access = { ...s.access, autologon: { enabled: autologon, defaultPasswordConfigured: autologon && rng.chance(0.5) } };
  if (s.audit) {
    s.audit.logFiles = ['Application', 'Security', 'System'].map((name) => ({
      name,
      path: `C:\\Windows\\System32\\winevt\\Logs\\${name}.evtx`,
      accessPrincipals: rng.chance(0.05) ? [...EVENT_LOG_PRINCIPALS, 'BUILTIN\\Users'] : [...EVENT_LOG_PRINCIPALS],
    }));
  }
  const registry = s.hardening?.registry;
  if (registry && rng.chance(0.6)) registry['HKLM\\SOFTWARE\\Policies\\Microsoft\\FVE\\MinimumPIN'] = rng.weighted([[6, 30], [8, 60], [4, 10]] as const);
  const dicom = s.encryption?.dicom;
  if (dicom) dicom.revocationChecking = rng.weighted([['crl', 50], ['ocsp', 20], ['crl-and-ocsp', 10], ['none', 20]] as const);
  // The file a coverage entry names is among the sources, as ingest lists it (the loader refuses
  // a complete entry from a file the snapshot does not hold).
  const winlogon = registryFile.replace(/[^/]+$/, 'winlogon.json');
  if (s.sources && !s.sources.some((x) => x.file === winlogon)) s.sources.push({ file: winlogon, sha256: rng.hex(64), kind: 'winlogon-json' });
  s.coverage = [
    { scope: 'access.autologon', source: winlogon, kind: 'winlogon-json', effective: true, complete: true },
    { scope: 'hardening.registry', source: registryFile, kind: 'reg-export', effective: true, complete: true, keys: [...EXPORTED_KEYS] },
  ];
}

/** Snapshots SYN-000001 … SYN-<count>, generated lazily. */
export function* syntheticFleet(count: number, seed = 1): Generator<Snapshot, void, undefined> {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`synthetic fleet size must be a non-negative integer, got ${count}`);
  for (let index = 1; index <= count; index++) yield syntheticSnapshot(index, seed);
}

/**
 * The same device collected a month later (30 days on, its signature update moved with it), with a
 * few real changes: 1 device in 10 has a firewall rule switched, 1 in 20 a new local administrator,
 * and, with `publicProfileOff`, 1 in 50 its public firewall profile off. Changes `s` in place.
 */
export function syntheticNextMonth(s: Snapshot, index: number, opts: { publicProfileOff?: boolean } = {}): Snapshot {
  const shift = (iso: string) => new Date(Date.parse(iso) + 30 * 86_400_000).toISOString().replace('.000Z', 'Z');
  s.collectedAt = shift(s.collectedAt);
  const av = s.malware?.antimalware;
  if (av?.signatureUpdatedAt) av.signatureUpdatedAt = shift(av.signatureUpdatedAt);
  const rule = s.firewall?.rules?.[index % Math.max(1, s.firewall.rules.length)];
  if (index % 10 === 3 && rule) rule.enabled = !rule.enabled;
  if (index % 20 === 7) s.access?.accounts?.push({ name: `tech${index}`, enabled: true, builtin: null, role: 'service-technician', groups: ['Administrators'], source: 'local', passwordRequired: true });
  if (opts.publicProfileOff && index % 50 === 11) {
    const pub = s.firewall?.profiles?.find((p) => p.name === 'public');
    if (pub) pub.enabled = false;
  }
  return s;
}
