// The snapshot: one device at one moment. Plain data; mirrors schema/snapshot-v1.schema.json.
// Every section is optional: a section the collector could not read is absent, and every check
// that reads it comes out "not collected" (never a pass).

export const SNAPSHOT_SCHEMA_VERSION = '1.0';
export const SUPPORTED_SCHEMA_VERSIONS = ['1.0'] as const;

export type Layer = 'firewall' | 'hardening' | 'malware' | 'access' | 'audit' | 'encryption';
export const LAYERS: readonly Layer[] = ['firewall', 'hardening', 'malware', 'access', 'audit', 'encryption'];
export const LAYER_TITLES: Record<Layer, string> = {
  firewall: 'Firewall',
  hardening: 'OS and application hardening',
  malware: 'Malware protection',
  access: 'Authorization, user management and authentication',
  audit: 'Audit trails',
  encryption: 'Encryption of patient data',
};

/** Where one value came from: enough for an assessor to find the bytes again. */
export interface Provenance {
  file: string;
  sha256: string;
  /** Section/key, line number or byte range inside the file, e.g. "[System Access] LockoutBadCount (line 12)". */
  location?: string;
  /** When several sources gave a value: the rule that chose the effective one. */
  rule?: string;
  /** The other sources and the values they held. */
  alternatives?: Array<{ file: string; sha256: string; location?: string; value: unknown }>;
}

export interface SourceFile {
  file: string;
  sha256: string;
  kind?: string;
}

/**
 * What one source collected for one part of the snapshot, and how completely (docs/snapshot-format.md,
 * "Coverage"). An absent value is read as "not set" only where an effective, complete source
 * covered it; a list counts as the whole list only if some source collected it completely.
 */
export interface CoverageEntry {
  /** Dotted snapshot path the entry is about: "hardening.registry", "access.accounts", "audit.subcategories", ... */
  scope: string;
  /** The file (as in `sources`) or collection step. */
  source: string;
  /** Its export kind, as in `sources`. */
  kind?: string;
  /** Whether the source reads the console's state in force (not a policy file's intent or a vendor's declaration). */
  effective?: boolean;
  /** Whether the source holds all of the scope (every item of a list; every value of the registry keys in `keys`). */
  complete: boolean;
  /** hardening.registry: the keys (or single values) read in full, "HKLM\\SOFTWARE\\Policies". */
  keys?: string[];
  /** For a person: what the source holds, or why it is incomplete. */
  note?: string;
}

/** A value a policy file (GPO template, Registry.pol) says should apply, where the effective value differs or is absent. */
export interface IntendedValue {
  value: unknown;
  file: string;
  sha256: string;
  location?: string;
}

export interface Device {
  id: string;
  kind?: 'MR' | 'CT' | 'XR' | 'US' | 'NM' | 'PET' | 'LAB' | 'OTHER';
  manufacturer?: string;
  model?: string;
  serial?: string;
  softwareVersion?: string;
  hostname?: string;
  location?: string;
  os?: { name: string; build?: string; version?: string };
}

export interface FirewallProfile {
  name: 'domain' | 'private' | 'public';
  enabled?: boolean;
  defaultInboundAction?: 'block' | 'allow';
  defaultOutboundAction?: 'block' | 'allow';
  logDroppedPackets?: boolean;
  logAllowedConnections?: boolean;
  logMaxSizeKB?: number;
}

export interface FirewallRule {
  name: string;
  enabled: boolean;
  direction: 'inbound' | 'outbound';
  action: 'allow' | 'block';
  protocol: string;
  /** "104", "2762", "49152-65535" or "any". */
  localPorts?: string[];
  remoteAddresses?: string[];
  profiles?: string[];
  program?: string;
}

export interface Service {
  name: string;
  displayName?: string;
  startType?: 'automatic' | 'manual' | 'disabled' | 'boot' | 'system';
  /** Started after the other automatic services ("Automatic (Delayed Start)"). */
  delayedStart?: boolean;
  /** Also started by a trigger (a device, a network event): "Manual (Trigger Start)". */
  triggerStart?: boolean;
  state?: 'running' | 'stopped' | 'paused';
}

export interface OptionalFeature {
  name: string;
  state: 'enabled' | 'disabled';
}

export interface Account {
  name: string;
  /** Absent where no file gives it: a domain account listed as a member of a local group. */
  enabled?: boolean;
  /** Windows RID-500 administrator and RID-501 guest. */
  builtin?: 'administrator' | 'guest' | null;
  role?: 'clinical' | 'hospital-administrator' | 'service-technician' | 'system' | 'unknown';
  groups?: string[];
  /**
   * The SIDs of the local groups in `groups` (S-1-5-32-544 for Administrators, whatever its name).
   * Absent where the export did not give them (a collect.ps1 before GroupSID).
   */
  groupSids?: string[];
  /** ISO date-time of the last logon; null = never logged on. */
  lastLogon?: string | null;
  /** ISO date-time the password was last set (Get-LocalUser PasswordLastSet); absent where not given. */
  passwordLastSet?: string;
  patientDataAccess?: boolean;
  passwordRequired?: boolean;
  /** The password never expires whatever the policy's maximum age (an exemption from it); absent when not read. */
  passwordNeverExpires?: boolean;
  source?: 'local' | 'ldap';
}

/**
 * A member of a local group that is itself a group or a well-known principal. Get-LocalGroupMember
 * lists it without its members, so no account's `groups` shows the local group it gives.
 */
export interface NestedGroup {
  /** The local group (Administrators). */
  group: string;
  /** The member as Windows names it (HOSP\Radiology, NT AUTHORITY\Authenticated Users). */
  member: string;
  sid?: string;
  /** The SID of the local group (S-1-5-32-544), where the export gives it. */
  groupSid?: string;
  /** every-account: every account that logs on holds it (Everyone, Authenticated Users, ...); group: members not collected. */
  kind: 'every-account' | 'group';
}

export interface PasswordPolicy {
  minLength?: number;
  maxLength?: number;
  history?: number;
  /** Days. -1 or 0 mean "never expires". */
  maxAgeDays?: number;
  minAgeDays?: number;
  complexity?: boolean;
  reversibleEncryption?: boolean;
}

export interface LockoutPolicy {
  /** LockoutBadCount. 0 means accounts never lock. */
  threshold?: number;
  /** Minutes. -1 (or 0) means locked until an administrator unlocks. */
  durationMinutes?: number;
  resetMinutes?: number;
}

export interface Snapshot {
  schemaVersion: string;
  device: Device;
  collectedAt: string;
  collector?: { name: string; version?: string; /** The console's display language at collection, e.g. "fr-FR". */ uiCulture?: string };
  firewall?: {
    profiles?: FirewallProfile[];
    rules?: FirewallRule[];
  };
  hardening?: {
    autorun?: { noDriveTypeAutoRun?: number; noAutorun?: number; noAutoplayForNonVolume?: number };
    removableMedia?: {
      patientDataExport?: 'enabled' | 'disabled';
      encryptExport?: boolean;
      usbStorageBlocked?: boolean;
    };
    services?: Service[];
    optionalFeatures?: OptionalFeature[];
    fipsMode?: boolean;
    /** Security-relevant registry values (hive\\path\\name -> value), for checks and the baseline comparison. */
    registry?: Record<string, string | number>;
    updates?: {
      installed?: Array<{ id: string; description?: string; installedOn?: string }>;
      vendorSoftware?: { installedVersion?: string; latestVersion?: string; latestReleasedOn?: string; installedOn?: string };
      lastOsUpdateInstalledOn?: string;
    };
    baseline?: {
      name: string;
      differences: Array<{ setting: string; expected: string; actual: string; approved?: boolean }>;
    };
    osSupported?: boolean;
    smb1Enabled?: boolean;
  };
  malware?: {
    allowlisting?: {
      product?: string;
      /** Per rule collection (the types: src/snapshot/known-values.ts, APPLOCKER_COLLECTION_TYPES, and ManagedInstaller where a managed installer is set up). */
      collections?: Array<{ type: string; enforcementMode: 'enabled' | 'audit-only' | 'not-configured'; ruleCount?: number; allowsEveryFile?: boolean; allowsEveryFileTo?: string }>;
    };
    antimalware?: {
      product?: string;
      serviceRunning?: boolean;
      realTimeProtection?: boolean;
      signatureVersion?: string;
      signatureUpdatedAt?: string;
      /** Days since the signatures were released, as the product states it at collection (Get-MpComputerStatus AntivirusSignatureAge). */
      signatureAgeDays?: number;
      scheduledScan?: boolean;
      scanDay?: string;
      defaultAction?: string;
      lastFullScanAt?: string;
    };
  };
  access?: {
    accounts?: Account[];
    nestedGroups?: NestedGroup[];
    ldap?: {
      enabled?: boolean;
      servers?: string[];
      transport?: 'ldaps' | 'starttls' | 'plain';
      signing?: 'required' | 'negotiate' | 'none';
      bindDn?: string;
      /** A secret: read for nothing, reported nowhere. Present only because exports carry it. */
      bindPassword?: string;
    };
    serviceAccess?: {
      twoFactor?: boolean;
      method?: string;
      activeRevokedKeys?: number;
      remoteServiceEnabled?: boolean;
    };
    passwordPolicy?: { local?: PasswordPolicy; ldap?: PasswordPolicy };
    lockoutPolicy?: { local?: LockoutPolicy; ldap?: LockoutPolicy };
    screenLock?: {
      inactivityTimeoutSecs?: number;
      screenSaverActive?: boolean;
      screenSaverTimeoutSecs?: number;
      screenSaverIsSecure?: boolean;
      /** The vendor application's own lock after inactivity (seconds; 0 = none): supporting evidence, never the machine-wide lock. */
      applicationLockSecs?: number;
      /** The vendor documents that the console must not lock during acquisition (an exception to record as a deviation). */
      noLockDuringAcquisition?: boolean;
    };
    /** Windows automatic logon (Winlogon): whether it is on, and whether a password is stored for it (never the password). */
    autologon?: { enabled?: boolean; defaultPasswordConfigured?: boolean };
    logonBanner?: { caption?: string; text?: string };
  };
  audit?: {
    /** auditpol subcategories, matched by GUID. */
    subcategories?: Array<{ guid: string; name?: string; success: boolean; failure: boolean }>;
    logs?: Array<{ name: string; maxSizeKB: number; retention?: string }>;
    /** Event log files and the principals their ACL grants access (allow entries). */
    logFiles?: Array<{ name: string; path?: string; accessPrincipals: string[] }>;
    /** Holders of SeSecurityPrivilege (manage auditing and security log). */
    securityPrivilegeHolders?: string[];
    syslog?: {
      enabled?: boolean;
      server?: string;
      port?: number;
      transport?: 'udp' | 'tcp' | 'tls';
      lastSuccessfulSendAt?: string;
    };
    timeSync?: {
      source?: string;
      leapIndicator?: number;
      stratum?: number;
      lastSuccessfulSyncAt?: string | null;
      pollIntervalSecs?: number;
    };
  };
  encryption?: {
    volumes?: Array<{
      mountPoint: string;
      volumeType: 'os' | 'data' | 'removable';
      sizeGB?: number;
      conversionStatus: 'fully-encrypted' | 'fully-decrypted' | 'encryption-in-progress' | 'decryption-in-progress' | 'encryption-paused' | 'decryption-paused';
      percentageEncrypted?: number;
      method?: string;
      protectionStatus: 'on' | 'off' | 'unknown';
      keyProtectors?: string[];
    }>;
    dicom?: {
      /** How the DICOM TLS stack checks peer certificates for revocation. */
      revocationChecking?: 'none' | 'crl' | 'ocsp' | 'crl-and-ocsp';
      applicationEntities?: Array<{
        aeTitle: string;
        role: 'local' | 'remote';
        host?: string;
        port?: number;
        tls: 'none' | 'authentication' | 'encryption' | 'authentication-and-encryption';
        purpose?: string;
      }>;
    };
    certificates?: Array<{
      subject: string;
      issuer: string;
      notAfter: string;
      keyAlgorithm: string;
      keySize: number;
      trustedIssuer?: boolean;
      purpose?: string;
    }>;
  };
  /** Files the values were read from. */
  sources?: SourceFile[];
  /** What was collected, per section and source, and how completely. Absent: read conservatively. */
  coverage?: CoverageEntry[];
  /** Intended values from policy files that differ from the effective ones (or whose effective value is absent), by JSON pointer. */
  intended?: Record<string, IntendedValue>;
  /** Provenance per value, keyed by the value's JSON pointer (e.g. "/access/lockoutPolicy/local/threshold"). */
  provenance?: Record<string, Provenance>;
}
