// Snapshot fields that come from registry values, whichever file the value was read from
// (secedit [Registry Values], registry.pol, reg export). The registry values are merged first (with
// the effective-value rule), then these fields are derived from the winners, carrying the
// winner's provenance.
import { EVENT_LOG_SIZE_SOURCES, REGISTRY_SOURCES } from '../snapshot/registry-fields.js';
import type { FactValue, PathSeg } from './types.js';

export interface Derivation {
  target: PathSeg[];
  /** Registry labels in priority order (compared case-insensitively); the first present is used. */
  sources: string[];
  /** Why the first source beats the others, when several are present. */
  priorityNote?: string;
  /** The snapshot value, or undefined if the registry value is not one this field can take. */
  transform: (v: string | number, source: string) => FactValue | undefined;
  expected: string;
  /** Extra leaves set with the same provenance (e.g. the name of a log element). */
  alongside?: Array<{ path: PathSeg[]; value: FactValue }>;
  /**
   * Windows reads the value as a REG_DWORD: a string there (REG_SZ "900", `1,"900"` in secedit)
   * is not applied, so it never stands for the number it spells (merge.ts: not collected).
   */
  dword?: true;
  /**
   * A registry value that must agree before a `true` read from a source matching `after` stands,
   * read with the same transform: USBSTOR's Start 4 disables one of the two drivers USB storage
   * mounts through; the UAS driver (UASPStor, Windows 8 and later) is the other (merge.ts).
   */
  companion?: { after: RegExp; source: string; why: string };
}

const num = (v: string | number): number | undefined => {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  const t = v.trim();
  return /^-?\d{1,15}$/.test(t) ? Number(t) : undefined;
};
const int = (v: string | number): number | undefined => num(v);
const nonNegInt = (v: string | number): number | undefined => {
  const n = num(v);
  return n !== undefined && n >= 0 ? n : undefined;
};
const bool01 = (v: string | number): boolean | undefined => {
  const n = num(v);
  return n === 1 ? true : n === 0 ? false : undefined;
};
const str = (v: string | number): string | undefined => (typeof v === 'string' ? v : String(v));

const POLICY_NOTE = 'a Group Policy value (Software\\Policies) overrides the user\'s own setting';
const src = (field: string): string[] => [...(REGISTRY_SOURCES[field] ?? [])];
const target = (field: string): PathSeg[] => field.split('.');
/** REG_SZ "0"/"1" (Winlogon writes AutoAdminLogon as a string). */
const flag01 = (v: string | number): boolean | undefined => bool01(typeof v === 'string' ? v.trim() : v);

export const DERIVATIONS: Derivation[] = [
  { target: target('hardening.autorun.noDriveTypeAutoRun'), sources: src('hardening.autorun.noDriveTypeAutoRun'), transform: int, dword: true, expected: 'a DWORD' },
  { target: target('hardening.autorun.noAutorun'), sources: src('hardening.autorun.noAutorun'), transform: int, dword: true, expected: 'a DWORD' },
  { target: target('hardening.autorun.noAutoplayForNonVolume'), sources: src('hardening.autorun.noAutoplayForNonVolume'), transform: int, dword: true, expected: 'a DWORD' },
  { target: target('hardening.fipsMode'), sources: src('hardening.fipsMode'), transform: bool01, dword: true, expected: '0 or 1' },
  { target: target('hardening.smb1Enabled'), sources: src('hardening.smb1Enabled'), transform: bool01, dword: true, expected: '0 or 1' },
  {
    target: target('hardening.removableMedia.usbStorageBlocked'),
    sources: src('hardening.removableMedia.usbStorageBlocked'),
    dword: true,
    priorityNote: 'the removable-storage Deny_All policy is checked before the USBSTOR driver start type',
    // Each value by its own meaning: the driver's Start 1 is "load at system start" (USB storage
    // mounts), not Deny_All's 1; read as one table, Start=1 passed OS-USB-STORAGE.
    transform: (v, source) => {
      const n = num(v);
      if (n === undefined) return undefined;
      if (/\\(USBSTOR|UASPStor)\\Start$/i.test(source)) return n === 4 ? true : n >= 0 && n <= 3 ? false : undefined; // 4 disabled; 0-3 boot, system, automatic, manual
      return n === 1 ? true : n === 0 ? false : undefined;
    },
    expected: 'Deny_All 0/1 or USBSTOR Start 0-4',
    // Deny_All blocks every removable-storage class whichever driver mounts it; USBSTOR's Start only one driver.
    companion: { after: /\\USBSTOR\\Start$/i, source: 'HKLM\\System\\CurrentControlSet\\Services\\UASPStor\\Start', why: 'USB storage also mounts through the UAS driver (UASPStor)' },
  },
  { target: target('access.screenLock.inactivityTimeoutSecs'), sources: src('access.screenLock.inactivityTimeoutSecs'), transform: nonNegInt, dword: true, expected: 'a number of seconds' },
  { target: target('access.screenLock.screenSaverActive'), sources: src('access.screenLock.screenSaverActive'), priorityNote: POLICY_NOTE, transform: bool01, expected: '"0" or "1"' },
  { target: target('access.screenLock.screenSaverTimeoutSecs'), sources: src('access.screenLock.screenSaverTimeoutSecs'), priorityNote: POLICY_NOTE, transform: nonNegInt, expected: 'a number of seconds' },
  { target: target('access.screenLock.screenSaverIsSecure'), sources: src('access.screenLock.screenSaverIsSecure'), priorityNote: POLICY_NOTE, transform: bool01, expected: '"0" or "1"' },
  { target: target('access.logonBanner.caption'), sources: src('access.logonBanner.caption'), transform: str, expected: 'a string' },
  { target: target('access.logonBanner.text'), sources: src('access.logonBanner.text'), transform: str, expected: 'a string' },
  { target: target('access.autologon.enabled'), sources: src('access.autologon.enabled'), transform: flag01, expected: '"0" or "1"' },
  // The password itself is a secret: only whether one is stored is a snapshot value.
  { target: target('access.autologon.defaultPasswordConfigured'), sources: src('access.autologon.defaultPasswordConfigured'), transform: (v) => String(v) !== '', expected: 'a string' },
];

for (const log of ['Application', 'Security', 'System', 'Setup']) {
  const el = { el: `log:${log.toLowerCase()}` };
  DERIVATIONS.push({
    target: ['audit', 'logs', el, 'maxSizeKB'],
    sources: [...EVENT_LOG_SIZE_SOURCES(log)],
    priorityNote: 'the Group Policy size (KB) overrides the event log service setting (bytes)',
    // The policy value is in KB; the service value is in bytes.
    transform: (v, source) => {
      const n = nonNegInt(v);
      return n === undefined ? undefined : /\\Services\\EventLog\\/i.test(source) ? Math.floor(n / 1024) : n;
    },
    expected: 'a size',
    dword: true,
    alongside: [{ path: ['audit', 'logs', el, 'name'], value: log }],
  });
}
