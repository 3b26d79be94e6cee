// Password and lockout policy values that are each within range but that Windows will not store
// together. Each check reads one value and an at-least check passes on it (a minimum age of 90 days
// with a maximum of 60 passed PWD-MIN-AGE and PWD-MAX-AGE), while the pair shows the values are no
// console's: hand-written, corrupted, or read at two moments. Which of the two is wrong cannot be
// told, so a verdict resting on either is no evidence: the evaluator makes a pass (or not
// applicable) reading either value not collected, with this reason (evaluate-check.ts). A fail
// stays a fail. Refusing the whole snapshot would lose every other value of the console (and
// one of the project's own samples holds such a pair). Pure.
//
// The rules (Microsoft):
// - NetUserModalsSet (USER_MODALS_INFO_0): the maximum password age "must be greater than or equal
//   to" the minimum; 0 (-1 in net accounts) means passwords never expire and lifts the rule.
// - MS-GPSB 2.2.2 (LockoutDuration): "the account lockout duration MUST be greater than or equal to
//   the reset time, ResetLockoutCount" when a lockout threshold is defined; a duration of -1 (0 in
//   some exports) locks until an administrator unlocks and lifts the rule.
// - "Relax minimum password length limits": not enabled, the minimum password length may be
//   configured to no more than 14 (the legacy limit). Judged only where the snapshot holds
//   HKLM\System\CurrentControlSet\Control\SAM\RelaxMinimumPasswordLengthLimits as the DWORD 0.
// - A minimum length above the longest password the console accepts (`maxLength`, the vendor's)
//   admits no password at all.
// The LDAP (directory) policy follows the same pairs: Active Directory enforces them as the SAM
// does, and a minimum age beyond the maximum or a reset window beyond the lockout is no
// directory's working policy either.
// - A transport its own server addresses contradict: syslog "tls" with a server written udp:// or
//   tcp://, LDAP "ldaps" with a server written ldap:// or on port 389 or 3268 (the directory's
//   plain ports; LDAPS is 636 and 3269). Only the transport is the doubted value (the server is
//   still the destination AUDIT-FORWARD judges): a pass reading it is not collected. A stronger
//   scheme than declared (ldaps:// beside starttls) claims nothing more and is no contradiction.
// - A typed field read from a registry value that the same snapshot's registry value contradicts
//   (registry-field-agreement.ts).
// - An event log file's ACL read from another path than the file the event log configuration names
//   for that log (event-log-file-agreement.ts): the principals read are the doubted value.
// - Two-factor service logon declared (serviceAccess.twoFactor true) beside a method whose words
//   name one knowledge factor alone ("password", "service PIN", "username and password"): the
//   flag is the doubted value (SERVICE-MFA reads it); a second factor named anywhere in the method
//   ("smart card + PIN", "TOTP") is no contradiction.
import { canonicalRegistryPath } from './coverage.js';
import { eventLogFileContradictions } from './event-log-file-agreement.js';
import { registryFieldContradictions } from './registry-field-agreement.js';
import type { Snapshot } from './types.js';

export interface PolicyContradiction {
  /** JSON pointers of the values in doubt: the two Windows would not hold together, or a transport its servers contradict. */
  pointers: readonly string[];
  detail: string;
}

/** The legacy limit of the minimum password length without "Relax minimum password length limits". */
export const LEGACY_MIN_LENGTH_LIMIT = 14;
const RELAX_VALUE = 'hklm\\system\\currentcontrolset\\control\\sam\\relaxminimumpasswordlengthlimits';

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The registry name holding RelaxMinimumPasswordLengthLimits as the DWORD 0, if the snapshot has one. */
function relaxOff(snapshot: Snapshot): string | undefined {
  const registry = snapshot.hardening?.registry;
  if (!registry) return undefined;
  for (const [name, value] of Object.entries(registry)) {
    if (value === 0 && canonicalRegistryPath(name) === RELAX_VALUE) return name;
  }
  return undefined;
}

const FOUND = new WeakMap<Snapshot, readonly PolicyContradiction[]>();

/** The pairs of policy values Windows would not hold together (none for nearly every snapshot). Computed once per snapshot. */
export function policyContradictions(snapshot: Snapshot): readonly PolicyContradiction[] {
  let out = FOUND.get(snapshot);
  if (!out) {
    out = find(snapshot);
    FOUND.set(snapshot, out);
  }
  return out;
}

function find(snapshot: Snapshot): PolicyContradiction[] {
  const out: PolicyContradiction[] = [];
  for (const scope of ['local', 'ldap'] as const) {
    const pw = snapshot.access?.passwordPolicy?.[scope];
    const lock = snapshot.access?.lockoutPolicy?.[scope];
    const pp = `/access/passwordPolicy/${scope}`;
    const lp = `/access/lockoutPolicy/${scope}`;
    const who = scope === 'local' ? 'Windows' : 'a directory';
    if (pw?.minAgeDays !== undefined && pw.maxAgeDays !== undefined && pw.maxAgeDays > 0 && pw.minAgeDays > pw.maxAgeDays) {
      out.push({
        pointers: [`${pp}/minAgeDays`, `${pp}/maxAgeDays`],
        detail: `the minimum password age (${pw.minAgeDays} days, ${pp}/minAgeDays) is longer than the maximum age (${pw.maxAgeDays} days, ${pp}/maxAgeDays); ${who} stores a minimum age no longer than the maximum unless passwords never expire, so at least one of them is not the console's value`,
      });
    }
    if (lock?.resetMinutes !== undefined && lock.durationMinutes !== undefined && lock.durationMinutes > 0 && lock.threshold !== 0 && lock.resetMinutes > lock.durationMinutes) {
      out.push({
        pointers: [`${lp}/resetMinutes`, `${lp}/durationMinutes`],
        detail: `the bad logon counter resets after ${lock.resetMinutes} minutes (${lp}/resetMinutes), longer than the lockout lasts (${lock.durationMinutes} minutes, ${lp}/durationMinutes); ${who} stores a reset window no longer than the lockout duration (MS-GPSB, LockoutDuration), so at least one of them is not the console's value`,
      });
    }
    if (pw?.minLength !== undefined && pw.maxLength !== undefined && pw.minLength > pw.maxLength) {
      out.push({
        pointers: [`${pp}/minLength`, `${pp}/maxLength`],
        detail: `the minimum password length (${pw.minLength}, ${pp}/minLength) is above the longest password the console accepts (${pw.maxLength}, ${pp}/maxLength): no password could be set, so at least one of them is not the console's value`,
      });
    }
  }
  const local = snapshot.access?.passwordPolicy?.local;
  const relax = local?.minLength !== undefined && local.minLength > LEGACY_MIN_LENGTH_LIMIT ? relaxOff(snapshot) : undefined;
  if (relax !== undefined) {
    const other = `/hardening/registry/${escapePointer(relax)}`;
    out.push({
      pointers: ['/access/passwordPolicy/local/minLength', other],
      detail: `the minimum password length is ${local?.minLength ?? ''} (/access/passwordPolicy/local/minLength) while RelaxMinimumPasswordLengthLimits is 0 (${other}); without that setting Windows holds a minimum length of at most ${LEGACY_MIN_LENGTH_LIMIT}, so at least one of them is not the console's value`,
    });
  }
  out.push(...contradictedTransports(snapshot));
  out.push(...registryFieldContradictions(snapshot));
  out.push(...eventLogFileContradictions(snapshot));
  out.push(...contradictedServiceFactors(snapshot));
  return out;
}

/** Words of a service logon method that name a knowledge factor, and those that only qualify one. */
const KNOWLEDGE_FACTOR = new Set(['password', 'passwords', 'passphrase', 'pin', 'pwd', 'pw']);
const QUALIFIER = new Set(['user', 'username', 'name', 'login', 'logon', 'local', 'shared', 'service', 'account', 'static', 'windows', 'only', 'and', 'with', 'or', 'a', 'the']);

/** twoFactor true beside a method naming one knowledge factor and nothing else. */
function contradictedServiceFactors(snapshot: Snapshot): PolicyContradiction[] {
  const service = snapshot.access?.serviceAccess;
  if (service?.twoFactor !== true || typeof service.method !== 'string') return [];
  const words = service.method.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  const oneFactor = words.some((w) => KNOWLEDGE_FACTOR.has(w)) && words.every((w) => KNOWLEDGE_FACTOR.has(w) || QUALIFIER.has(w));
  if (!oneFactor) return [];
  return [{
    pointers: ['/access/serviceAccess/twoFactor', '/access/serviceAccess/method'],
    detail: `two-factor service logon is declared (/access/serviceAccess/twoFactor) but the method is ${JSON.stringify(service.method)} (/access/serviceAccess/method), one knowledge factor alone, so which of them is the console's is unknown`,
  }];
}

/** Server addresses written with a plain scheme (or, for LDAP, on a plain port) beside a declared TLS transport. */
function contradictedTransports(snapshot: Snapshot): PolicyContradiction[] {
  const out: PolicyContradiction[] = [];
  const check = (transport: string | undefined, claimed: string, at: string, servers: Array<{ text: string; at: string }>, plain: RegExp, what: string): void => {
    if (transport?.toLowerCase() !== claimed) return;
    const bad = servers.filter((s) => plain.test(s.text));
    if (bad.length === 0) return;
    out.push({
      pointers: [at],
      detail: `the transport is ${transport} (${at}), but ${bad.map((b) => `${JSON.stringify(b.text)} (${b.at})`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} ${what}, so which transport the console uses is unknown`,
    });
  };
  const syslog = snapshot.audit?.syslog;
  if (typeof syslog?.server === 'string') {
    check(syslog.transport, 'tls', '/audit/syslog/transport', [{ text: syslog.server, at: '/audit/syslog/server' }], /^\s*(?:udp|tcp):\/\//i, 'written for plain syslog (udp:// or tcp://)');
  }
  const ldap = snapshot.access?.ldap;
  if (Array.isArray(ldap?.servers)) {
    const servers = ldap.servers.flatMap((text, i) => (typeof text === 'string' ? [{ text, at: `/access/ldap/servers/${i}` }] : []));
    check(ldap.transport, 'ldaps', '/access/ldap/transport', servers, /^\s*ldap:\/\/|:(?:389|3268)\/?\s*$/i, 'plain LDAP (ldap://, or port 389 or 3268, where LDAPS is 636 or 3269)');
  }
  return out;
}
