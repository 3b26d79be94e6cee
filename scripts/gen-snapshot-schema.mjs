// Writes schema/snapshot-v1.schema.json. The schema is committed; this script is how it was made
// (shorter and less error-prone than hand-writing 400 lines of JSON). Run: node scripts/gen-snapshot-schema.mjs
import { writeFileSync } from 'node:fs';

const str = { type: 'string' };
const nonEmpty = { type: 'string', minLength: 1 };
const int = { type: 'integer' };
const num = { type: 'number' };
const bool = { type: 'boolean' };
const dateTime = { type: 'string', format: 'date-time' };
// The console's local time as written, its zone unknown (docs/ingest.md, Times): judged in every zone.
const localDateTime = {
  type: 'string',
  description: "The console's local time as written, when its UTC offset is unknown (docs/ingest.md, Times): judged in every zone from -12:00 to +14:00.",
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$',
};
// A local time whose text reads as two dates: its export names no culture ("3/1/2024"), or writes a two-digit year ("3/1/24").
const T = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?';
const localReadings = {
  type: 'string',
  description: "A console's local time read two ways, its culture not named or its year written with two digits (docs/ingest.md, Times): the earliest and the latest reading, start/end (ISO 8601 interval), with the console's offset or, when it is unknown, without one; judged at both ends.",
  pattern: `^(${T}/${T}|${T}[+-]\\d{2}:\\d{2}/${T}[+-]\\d{2}:\\d{2})$`,
};
// A time a console export writes in local time (w32tm, Get-LocalUser, Get-MpComputerStatus in PowerShell 7).
const consoleTime = { anyOf: [dateTime, localDateTime, localReadings] };
const strArr = { type: 'array', items: str };
const obj = (properties, required = [], extra = {}) => ({ type: 'object', additionalProperties: false, properties, required, ...extra });
const enumOf = (...values) => ({ type: 'string', enum: values });

const passwordPolicy = obj({
  minLength: { ...int, minimum: 0, description: 'MinimumPasswordLength' },
  maxLength: { ...int, minimum: 0, description: 'Longest password the console accepts' },
  history: { ...int, minimum: 0, description: 'PasswordHistorySize' },
  maxAgeDays: { ...int, minimum: -1, description: 'MaximumPasswordAge; -1 or 0 = never expires' },
  minAgeDays: { ...int, minimum: 0, description: 'MinimumPasswordAge' },
  complexity: bool,
  reversibleEncryption: { ...bool, description: 'ClearTextPassword' },
});
const lockoutPolicy = obj({
  threshold: { ...int, minimum: 0, description: 'LockoutBadCount; 0 = never locks' },
  durationMinutes: { ...int, minimum: -1, description: 'LockoutDuration; -1 or 0 = until an administrator unlocks' },
  resetMinutes: { ...int, minimum: 0, description: 'ResetLockoutCount' },
});
// The local policy as Windows holds it: a larger value is no export's (Microsoft Learn, security
// policy settings reference, gives each range). The LDAP policies keep the directory's own limits.
const limited = (policy, limits) => ({ ...policy, properties: Object.fromEntries(Object.entries(policy.properties).map(([k, v]) => [k, limits[k] ? { ...v, description: `${v.description}; Windows holds at most ${limits[k][0]} (Microsoft Learn, ${limits[k][1]})`, maximum: limits[k][0] } : v])) });
const localPasswordPolicy = limited(passwordPolicy, {
  minLength: [128, '"Minimum password length": 14 unless "Relax minimum password length limits" is enabled, then 128'],
  history: [24, '"Enforce password history": 0 to 24'],
  maxAgeDays: [999, '"Maximum password age": 1 to 999, 0 = never'],
  minAgeDays: [998, '"Minimum password age": 0 to 998'],
});
const localLockoutPolicy = limited(lockoutPolicy, {
  threshold: [999, '"Account lockout threshold": 0 to 999'],
  durationMinutes: [99999, '"Account lockout duration": 0 to 99999'],
  resetMinutes: [99999, '"Reset account lockout counter after": 1 to 99999'],
});
// A directory's policy, to the widest limit Active Directory holds (a fine-grained password
// settings object, msDS-PasswordSettings, reaches past the Default Domain Policy's 128, 24, 999
// days and 99999 minutes): a larger value is no directory's, and an at-least check would pass on it
// (a minimum of 10^9 passed PWD-MIN-LENGTH-LDAP, a minimum age of 10^9 days PWD-MIN-AGE-LDAP, a
// lockout of 10^12 minutes LOCKOUT-DURATION-LDAP). Lengths and counts: msDS-MinimumPasswordLength
// 0 to 255, msDS-PasswordHistoryLength and msDS-LockoutThreshold (lockoutThreshold) 0 to 65535
// (MS-ADA2, MS-SAMR: 16-bit). Ages and times: msDS-MaximumPasswordAge, msDS-MinimumPasswordAge,
// msDS-LockoutDuration, msDS-LockoutObservationWindow (maxPwdAge, minPwdAge, lockoutDuration,
// lockOutObservationWindow) are 64-bit counts of 100 ns, at most 2^63 - 1: 10675199 whole days,
// 15372286728 whole minutes ("never" is -2^63, the same 10675199 days).
const AD_MAX_DAYS = Math.floor(9223372036854775807 / 864000000000); // 10675199
const AD_MAX_MINUTES = 15372286728; // floor((2^63 - 1) / 600000000), beyond a double's exact 2^63
const ldapPasswordPolicy = limited(passwordPolicy, {
  minLength: [255, 'msDS-MinimumPasswordLength, MS-ADA2: 0 to 255, the widest directory limit'],
  history: [65535, 'msDS-PasswordHistoryLength, MS-ADA2: 0 to 65535, the widest directory limit'],
  maxAgeDays: [AD_MAX_DAYS, 'msDS-MaximumPasswordAge / maxPwdAge: a 64-bit count of 100 ns, the widest directory limit'],
  minAgeDays: [AD_MAX_DAYS, 'msDS-MinimumPasswordAge / minPwdAge: a 64-bit count of 100 ns, the widest directory limit'],
});
const ldapLockoutPolicy = limited(lockoutPolicy, {
  threshold: [65535, 'msDS-LockoutThreshold / lockoutThreshold, MS-ADA2: 0 to 65535, the widest directory limit'],
  durationMinutes: [AD_MAX_MINUTES, 'msDS-LockoutDuration / lockoutDuration: a 64-bit count of 100 ns, the widest directory limit'],
  resetMinutes: [AD_MAX_MINUTES, 'msDS-LockoutObservationWindow / lockOutObservationWindow: a 64-bit count of 100 ns, the widest directory limit'],
});
const provenance = obj({
  file: nonEmpty,
  sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  location: str,
  rule: str,
  alternatives: {
    type: 'array',
    items: obj({ file: nonEmpty, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, location: str, value: {} }, ['file', 'sha256', 'value']),
  },
}, ['file', 'sha256']);

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://ato-evidence.dev/schema/snapshot-v1.schema.json',
  title: 'ato-evidence device snapshot, version 1',
  description: 'One imaging-device console at one moment: identity, collection time and the settings of the six defense-in-depth layers. Absent sections mean "not collected".',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'device', 'collectedAt'],
  properties: {
    $schema: str,
    schemaVersion: { type: 'string', enum: ['1.0'], description: 'Format version; a reader refuses versions it does not know.' },
    device: obj({
      id: { ...nonEmpty, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'Stable device identifier (letters, digits, dot, dash, underscore; at most 64 characters; not a Windows device name such as CON or COM1): it names evidence files' },
      kind: enumOf('MR', 'CT', 'XR', 'US', 'NM', 'PET', 'LAB', 'OTHER'),
      manufacturer: str, model: str, serial: str, softwareVersion: str, hostname: str, location: str,
      os: obj({ name: nonEmpty, build: str, version: str }, ['name']),
    }, ['id']),
    collectedAt: { ...dateTime, description: 'When the settings were read (RFC 3339 with timezone). Ages (signatures, syncs) are measured from here.' },
    collector: obj({ name: nonEmpty, version: str, uiCulture: { ...str, description: 'The console\'s display language at collection, e.g. "fr-FR"' } }, ['name']),
    firewall: obj({
      profiles: { type: 'array', items: obj({
        name: enumOf('domain', 'private', 'public'),
        enabled: bool,
        defaultInboundAction: enumOf('block', 'allow'),
        defaultOutboundAction: enumOf('block', 'allow'),
        logDroppedPackets: bool,
        logAllowedConnections: bool,
        logMaxSizeKB: { ...int, minimum: 0, maximum: 32767, description: 'Windows accepts 1 to 32767 KB (Set-NetFirewallProfile -LogMaxSizeKilobytes, netsh MaxFileSize); a larger size is no export\'s' },
      }, ['name']) },
      rules: { type: 'array', items: obj({
        name: nonEmpty, enabled: bool,
        direction: enumOf('inbound', 'outbound'),
        action: enumOf('allow', 'block'),
        protocol: str,
        localPorts: { type: 'array', minItems: 1, description: 'The rule\'s local ports; ["any"] when the rule names none (Windows then opens every port). An empty list says nothing and is refused: a check would read it as opening no port.', items: str }, remoteAddresses: strArr, profiles: strArr, program: str,
      }, ['name', 'enabled', 'direction', 'action', 'protocol']) },
    }),
    hardening: obj({
      autorun: obj({ noDriveTypeAutoRun: int, noAutorun: int, noAutoplayForNonVolume: int }),
      removableMedia: obj({ patientDataExport: enumOf('enabled', 'disabled'), encryptExport: bool, usbStorageBlocked: bool }),
      services: { type: 'array', items: obj({
        name: nonEmpty, displayName: str,
        startType: enumOf('automatic', 'manual', 'disabled', 'boot', 'system'),
        delayedStart: bool, triggerStart: bool,
        state: enumOf('running', 'stopped', 'paused'),
      }, ['name']) },
      optionalFeatures: { type: 'array', items: obj({ name: nonEmpty, state: enumOf('enabled', 'disabled') }, ['name', 'state']) },
      fipsMode: bool,
      registry: { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
      updates: obj({
        installed: { type: 'array', items: obj({ id: nonEmpty, description: str, installedOn: dateTime }, ['id']) },
        vendorSoftware: obj({ installedVersion: str, latestVersion: str, latestReleasedOn: { anyOf: [dateTime, { type: 'string', description: 'The release day as the vendor publishes it, with no time zone: judged in every zone from its start at UTC+14:00 to its end at UTC-12:00 (docs/checks.md, max-age-days).', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }] }, installedOn: dateTime }),
        lastOsUpdateInstalledOn: dateTime,
      }),
      baseline: obj({
        name: nonEmpty,
        differences: { type: 'array', items: obj({ setting: nonEmpty, expected: str, actual: str, approved: bool }, ['setting', 'expected', 'actual']) },
      }, ['name', 'differences']),
      osSupported: bool,
      smb1Enabled: bool,
    }),
    malware: obj({
      allowlisting: obj({
        product: str,
        collections: { type: 'array', items: obj({ type: nonEmpty, enforcementMode: enumOf('enabled', 'audit-only', 'not-configured'), ruleCount: { ...int, minimum: 0 }, allowsEveryFile: { ...bool, description: 'An Allow rule for a principal every user or every logon of a kind holds (Everyone, Authenticated Users, Users, INTERACTIVE, NETWORK, ...) matches every file: path *, %OSDRIVE%\\* or a drive root, or a publisher rule with publisher, product and file name all *. The collection then allows every file of its kind' }, allowsEveryFileTo: { ...str, description: 'When allowsEveryFile is true: the principal of the rule, as given, named with who holds it (e.g. NETWORK (S-1-5-2), a principal every network logon holds)' } }, ['type', 'enforcementMode']) },
      }),
      antimalware: obj({
        product: str, serviceRunning: bool, realTimeProtection: bool, signatureVersion: str,
        signatureUpdatedAt: consoleTime,
        signatureAgeDays: { ...int, minimum: 0, description: 'Days since the signatures were released, as the product states it at collection (Get-MpComputerStatus AntivirusSignatureAge): signatures applied recently may be weeks old' },
        scheduledScan: bool, scanDay: str, defaultAction: str, lastFullScanAt: consoleTime,
      }),
    }),
    access: obj({
      accounts: { type: 'array', items: obj({
        name: nonEmpty,
        enabled: { ...bool, description: 'Absent where no file gives it: a domain account listed as a member of a local group' },
        builtin: { enum: ['administrator', 'guest', null] },
        role: enumOf('clinical', 'hospital-administrator', 'service-technician', 'system', 'unknown'),
        groups: strArr,
        groupSids: { ...strArr, description: 'The SIDs of the local groups in groups (S-1-5-32-544 for Administrators, whatever its name); absent where the export did not give them' },
        lastLogon: { anyOf: [dateTime, localDateTime, localReadings, { type: 'null' }] },
        passwordLastSet: { description: "When the account's password was last set (Get-LocalUser PasswordLastSet); absent where the export has none.", ...consoleTime },
        patientDataAccess: bool, passwordRequired: bool,
        passwordNeverExpires: { ...bool, description: 'The account\'s password never expires whatever the policy\'s maximum age (Get-LocalUser PasswordExpires empty, net user "Password expires Never"); absent when not read' },
        source: enumOf('local', 'ldap'),
      }, ['name']) },
      nestedGroups: {
        type: 'array',
        description: 'Members of local groups that are groups or well-known principals (HOSP\\Domain Admins, NT AUTHORITY\\Authenticated Users), listed without their members: an account\'s groups never show the local groups it is in through them.',
        items: obj({
          group: { ...nonEmpty, description: 'The local group (Administrators)' },
          member: { ...nonEmpty, description: 'The member as Windows names it' },
          sid: str,
          groupSid: { ...str, description: 'The SID of the local group (S-1-5-32-544), where the export gives it' },
          kind: { ...enumOf('every-account', 'group'), description: 'every-account: a principal every account that logs on holds (Everyone, Authenticated Users, INTERACTIVE, ...); group: a group whose members were not collected' },
        }, ['group', 'member', 'kind']),
      },
      ldap: obj({
        enabled: bool, servers: strArr,
        transport: enumOf('ldaps', 'starttls', 'plain'),
        signing: enumOf('required', 'negotiate', 'none'),
        bindDn: str,
        bindPassword: { ...str, description: 'Secret. Accepted because exports carry it; never reported.' },
      }),
      serviceAccess: obj({ twoFactor: bool, method: str, activeRevokedKeys: { ...int, minimum: 0 }, remoteServiceEnabled: bool }),
      passwordPolicy: obj({ local: localPasswordPolicy, ldap: ldapPasswordPolicy }),
      lockoutPolicy: obj({ local: localLockoutPolicy, ldap: ldapLockoutPolicy }),
      screenLock: obj({
        inactivityTimeoutSecs: { ...int, minimum: 0, description: 'InactivityTimeoutSecs; 0 = no lock' },
        screenSaverActive: bool,
        screenSaverTimeoutSecs: { ...int, minimum: 0 },
        screenSaverIsSecure: bool,
        applicationLockSecs: { ...int, minimum: 0, description: 'The vendor application\'s own lock after inactivity (seconds; 0 = none): supporting evidence only' },
        noLockDuringAcquisition: { ...bool, description: 'The vendor documents that the console must not lock during acquisition' },
      }),
      autologon: obj({
        enabled: { ...bool, description: 'Winlogon AutoAdminLogon = 1' },
        defaultPasswordConfigured: { ...bool, description: 'A Winlogon DefaultPassword is stored (its value is never read)' },
      }),
      logonBanner: obj({ caption: str, text: str }),
    }),
    audit: obj({
      subcategories: { type: 'array', items: obj({
        guid: { type: 'string', pattern: '^\\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\}?$' },
        name: str, success: bool, failure: bool,
      }, ['guid', 'success', 'failure']) },
      logs: { type: 'array', items: obj({ name: nonEmpty, maxSizeKB: { ...int, minimum: 0, maximum: 2147483647, description: 'Windows holds at most 2147483647 KB (Microsoft: event log policy "Specify the maximum log file size (KB)", 1024 to 2147483647; the event log service\'s MaxSize in bytes is a DWORD, at most 4194303 KB)' }, retention: str }, ['name', 'maxSizeKB']) },
      logFiles: { type: 'array', items: obj({ name: nonEmpty, path: str, accessPrincipals: strArr }, ['name', 'accessPrincipals']) },
      securityPrivilegeHolders: strArr,
      syslog: obj({ enabled: bool, server: str, port: { ...int, minimum: 1, maximum: 65535 }, transport: enumOf('udp', 'tcp', 'tls'), lastSuccessfulSendAt: dateTime }),
      timeSync: obj({
        source: str, leapIndicator: { ...int, minimum: 0, maximum: 3 }, stratum: { ...int, minimum: 0 },
        lastSuccessfulSyncAt: { anyOf: [dateTime, localDateTime, localReadings, { type: 'null' }] }, pollIntervalSecs: { ...int, minimum: 0 },
      }),
    }),
    encryption: obj({
      volumes: { type: 'array', items: obj({
        mountPoint: nonEmpty,
        volumeType: enumOf('os', 'data', 'removable'),
        sizeGB: num,
        conversionStatus: enumOf('fully-encrypted', 'fully-decrypted', 'encryption-in-progress', 'decryption-in-progress', 'encryption-paused', 'decryption-paused'),
        percentageEncrypted: { ...num, minimum: 0, maximum: 100 },
        method: str,
        protectionStatus: enumOf('on', 'off', 'unknown'),
        keyProtectors: strArr,
      }, ['mountPoint', 'volumeType', 'conversionStatus', 'protectionStatus']) },
      dicom: obj({
        revocationChecking: { ...enumOf('none', 'crl', 'ocsp', 'crl-and-ocsp'), description: 'How the DICOM TLS stack checks peer certificates for revocation' },
        applicationEntities: { type: 'array', items: obj({
          aeTitle: nonEmpty, role: enumOf('local', 'remote'), host: str, port: { ...int, minimum: 1, maximum: 65535 },
          tls: enumOf('none', 'authentication', 'encryption', 'authentication-and-encryption'), purpose: str,
        }, ['aeTitle', 'role', 'tls']) },
      }),
      certificates: { type: 'array', items: obj({
        subject: nonEmpty, issuer: nonEmpty, notAfter: dateTime, keyAlgorithm: nonEmpty,
        keySize: { ...int, minimum: 0 }, trustedIssuer: bool, purpose: str,
      }, ['subject', 'issuer', 'notAfter', 'keyAlgorithm', 'keySize']) },
    }),
    sources: { type: 'array', items: obj({ file: nonEmpty, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, kind: str }, ['file', 'sha256']) },
    coverage: {
      type: 'array',
      description: 'What was collected, per section and source, and how completely. An absent value is read as "not set" only where an effective, complete source covered it; a list counts as whole only if a source collected it completely. Absent: read conservatively (docs/snapshot-format.md).',
      items: obj({
        scope: { ...nonEmpty, description: 'Dotted snapshot path: hardening.registry, access.accounts, audit.subcategories, ...' },
        source: { ...nonEmpty, description: 'The file (as in sources) or collection step' },
        kind: str,
        effective: { ...bool, description: 'The source reads the console\'s state in force (not a policy file\'s intent or a vendor\'s declaration)' },
        complete: { ...bool, description: 'The source holds all of the scope: every item of a list, every value of the registry keys in keys' },
        keys: { ...strArr, description: 'hardening.registry: the keys (or single values) read in full, e.g. HKLM\\SOFTWARE\\Policies' },
        note: str,
      }, ['scope', 'source', 'complete']),
    },
    intended: {
      type: 'object',
      description: 'Values a policy file (GPO template, Registry.pol) says should apply where the effective value differs or is absent, by JSON pointer of the value.',
      propertyNames: { pattern: '^(/[^/]*)+$' },
      additionalProperties: obj({ value: {}, file: nonEmpty, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, location: str }, ['value', 'file', 'sha256']),
    },
    provenance: {
      type: 'object',
      description: 'Provenance per value, keyed by the JSON pointer of the value in this document.',
      propertyNames: { pattern: '^(/[^/]*)+$' },
      additionalProperties: provenance,
    },
  },
};

writeFileSync(new URL('../schema/snapshot-v1.schema.json', import.meta.url), JSON.stringify(schema, null, 2) + '\n');
