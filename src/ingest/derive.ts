// Snapshot fields that come from registry values, whichever file the value was read from
// (secedit [Registry Values], registry.pol, reg export). The registry values are merged first (with
// the effective-value rule), then these fields are derived from the winners, carrying the
// winner's provenance.
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

const SYS = 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\';
const EXPLORER = 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\';
const DESKTOP_POLICY = 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop\\';
const DESKTOP_USER = 'HKCU\\Control Panel\\Desktop\\';
const POLICY_NOTE = 'a Group Policy value (Software\\Policies) overrides the user\'s own setting';

export const DERIVATIONS: Derivation[] = [
  { target: ['hardening', 'autorun', 'noDriveTypeAutoRun'], sources: [`${EXPLORER}NoDriveTypeAutoRun`], transform: int, expected: 'a DWORD' },
  { target: ['hardening', 'autorun', 'noAutorun'], sources: [`${EXPLORER}NoAutorun`], transform: int, expected: 'a DWORD' },
  { target: ['hardening', 'autorun', 'noAutoplayForNonVolume'], sources: ['HKLM\\Software\\Policies\\Microsoft\\Windows\\Explorer\\NoAutoplayfornonVolume'], transform: int, expected: 'a DWORD' },
  { target: ['hardening', 'fipsMode'], sources: ['HKLM\\System\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled'], transform: bool01, expected: '0 or 1' },
  {
    target: ['hardening', 'smb1Enabled'],
    sources: ['HKLM\\System\\CurrentControlSet\\Services\\LanmanServer\\Parameters\\SMB1'],
    transform: bool01,
    expected: '0 or 1',
  },
  {
    target: ['hardening', 'removableMedia', 'usbStorageBlocked'],
    sources: ['HKLM\\Software\\Policies\\Microsoft\\Windows\\RemovableStorageDevices\\Deny_All', 'HKLM\\System\\CurrentControlSet\\Services\\USBSTOR\\Start'],
    priorityNote: 'the removable-storage Deny_All policy is checked before the USBSTOR driver start type',
    transform: (v) => {
      const n = num(v);
      return n === undefined ? undefined : n === 4 || n === 1 ? true : n === 3 || n === 0 ? false : undefined;
    },
    expected: 'Deny_All 0/1 or USBSTOR Start 3/4',
  },
  { target: ['access', 'screenLock', 'inactivityTimeoutSecs'], sources: [`${SYS}InactivityTimeoutSecs`], transform: nonNegInt, expected: 'a number of seconds' },
  { target: ['access', 'screenLock', 'screenSaverActive'], sources: [`${DESKTOP_POLICY}ScreenSaveActive`, `${DESKTOP_USER}ScreenSaveActive`], priorityNote: POLICY_NOTE, transform: bool01, expected: '"0" or "1"' },
  { target: ['access', 'screenLock', 'screenSaverTimeoutSecs'], sources: [`${DESKTOP_POLICY}ScreenSaveTimeOut`, `${DESKTOP_USER}ScreenSaveTimeOut`], priorityNote: POLICY_NOTE, transform: nonNegInt, expected: 'a number of seconds' },
  { target: ['access', 'screenLock', 'screenSaverIsSecure'], sources: [`${DESKTOP_POLICY}ScreenSaverIsSecure`, `${DESKTOP_USER}ScreenSaverIsSecure`], priorityNote: POLICY_NOTE, transform: bool01, expected: '"0" or "1"' },
  { target: ['access', 'logonBanner', 'caption'], sources: [`${SYS}LegalNoticeCaption`], transform: str, expected: 'a string' },
  { target: ['access', 'logonBanner', 'text'], sources: [`${SYS}LegalNoticeText`], transform: str, expected: 'a string' },
];

for (const log of ['Application', 'Security', 'System', 'Setup']) {
  const el = { el: `log:${log.toLowerCase()}` };
  DERIVATIONS.push({
    target: ['audit', 'logs', el, 'maxSizeKB'],
    sources: [`HKLM\\Software\\Policies\\Microsoft\\Windows\\EventLog\\${log}\\MaxSize`, `HKLM\\System\\CurrentControlSet\\Services\\EventLog\\${log}\\MaxSize`],
    priorityNote: 'the Group Policy size (KB) overrides the event log service setting (bytes)',
    // The policy value is in KB; the service value is in bytes.
    transform: (v, source) => {
      const n = nonNegInt(v);
      return n === undefined ? undefined : /\\Services\\EventLog\\/i.test(source) ? Math.floor(n / 1024) : n;
    },
    expected: 'a size',
    alongside: [{ path: ['audit', 'logs', el, 'name'], value: log }],
  });
}
