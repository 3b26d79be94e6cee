// Typed snapshot fields that stand for registry values: the registry value(s) each one is read
// from, in priority order. Ingest derives the fields from these values (src/ingest/derive.ts);
// the evaluator asks the snapshot's coverage whether one of these values was collected before
// reading an absent field as "not set" (src/snapshot/coverage.ts). One table, so the two agree.

const SYS = 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\';
const EXPLORER = 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\';
const DESKTOP_POLICY = 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop\\';
const DESKTOP_USER = 'HKCU\\Control Panel\\Desktop\\';
const WINLOGON = 'HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\';

/** Dotted snapshot field -> the registry values (HKLM\...\Name) it is read from, first present wins. */
export const REGISTRY_SOURCES: Readonly<Record<string, readonly string[]>> = {
  'hardening.autorun.noDriveTypeAutoRun': [`${EXPLORER}NoDriveTypeAutoRun`],
  'hardening.autorun.noAutorun': [`${EXPLORER}NoAutorun`],
  'hardening.autorun.noAutoplayForNonVolume': ['HKLM\\Software\\Policies\\Microsoft\\Windows\\Explorer\\NoAutoplayfornonVolume'],
  'hardening.fipsMode': ['HKLM\\System\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled'],
  'hardening.smb1Enabled': ['HKLM\\System\\CurrentControlSet\\Services\\LanmanServer\\Parameters\\SMB1'],
  'hardening.removableMedia.usbStorageBlocked': ['HKLM\\Software\\Policies\\Microsoft\\Windows\\RemovableStorageDevices\\Deny_All', 'HKLM\\System\\CurrentControlSet\\Services\\USBSTOR\\Start'],
  'access.screenLock.inactivityTimeoutSecs': [`${SYS}InactivityTimeoutSecs`],
  'access.screenLock.screenSaverActive': [`${DESKTOP_POLICY}ScreenSaveActive`],
  'access.screenLock.screenSaverTimeoutSecs': [`${DESKTOP_POLICY}ScreenSaveTimeOut`],
  'access.screenLock.screenSaverIsSecure': [`${DESKTOP_POLICY}ScreenSaverIsSecure`],
  'access.logonBanner.caption': [`${SYS}LegalNoticeCaption`],
  'access.logonBanner.text': [`${SYS}LegalNoticeText`],
  'access.autologon.enabled': [`${WINLOGON}AutoAdminLogon`],
  'access.autologon.defaultPasswordConfigured': [`${WINLOGON}DefaultPassword`],
};

/**
 * Registry values that hold a field's setting for one profile alone, which the field is never read
 * from: reg-desktop.reg is HKCU of the account that ran the collection script (an administrator),
 * not the clinical users' sessions. Only Group Policy's per-user key applies to every user. Named
 * in the reason a check reading the field is not collected (coverage.ts, absenceNotes).
 */
export const ONE_PROFILE_SOURCES: Readonly<Record<string, readonly string[]>> = {
  'access.screenLock.screenSaverActive': [`${DESKTOP_USER}ScreenSaveActive`],
  'access.screenLock.screenSaverTimeoutSecs': [`${DESKTOP_USER}ScreenSaveTimeOut`],
  'access.screenLock.screenSaverIsSecure': [`${DESKTOP_USER}ScreenSaverIsSecure`],
};

/** The event logs whose size comes from the registry (audit.logs), with their two sources. */
export const EVENT_LOG_SIZE_SOURCES = (log: string): readonly string[] => [
  `HKLM\\Software\\Policies\\Microsoft\\Windows\\EventLog\\${log}\\MaxSize`,
  `HKLM\\System\\CurrentControlSet\\Services\\EventLog\\${log}\\MaxSize`,
];

/**
 * A registry path without the backslashes that lead or end it. A loop, not /^\\+|\\+$/: that
 * expression tries each backslash of a run inside the path as the start of the end, and a key
 * line of a hostile .reg file holding a long run of them took minutes.
 */
export function trimBackslashes(path: string): string {
  let start = 0;
  let end = path.length;
  while (start < end && path.charCodeAt(start) === 92) start++;
  while (end > start && path.charCodeAt(end - 1) === 92) end--;
  return path.slice(start, end);
}
