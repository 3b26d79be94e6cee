// Exports whose values were read for more than they say, each assessed from its folder through the
// CLI as a user would: the AR's observation for the check is what is asserted, and the AR stays
// valid against NIST's schemas.
// - manage-bde: a volume whose conversion status is Unknown (locked) was left out, and the list of
//   the others still counted as every volume: DISK-ENCRYPTION passed.
// - manage-bde: a label given twice in one volume (two outputs run together) kept the last value.
// - USBSTOR Start = 1 (the driver loads at system start) was read with Deny_All's meaning of 1
//   (storage blocked): OS-USB-STORAGE passed on a console that mounts USB sticks.
// - AppLocker: an Allow rule giving every file to LOCAL or Domain Users (principals every user
//   holds, on the list local-group-members.csv is read with) passed MAL-ALLOWLIST.
// - BITLOCKER-PREBOOT passed on a TPM-and-PIN protector listed for a volume whose protection was
//   suspended (the key in the clear: Windows starts without the PIN).
// - Defender in passive mode: its threat default actions passed MAL-SCAN (a passive Defender
//   remediates nothing) and its signature date MAL-SIG-AGE.
// - A local time (w32tm's last sync) in a folder whose manifest gives no utcOffset and a collection
//   time in UTC was read as UTC: at +10:00 a sync 25 hours old passed TIME-SYNC.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor, errorLine } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { describeWithShared, validateOscal } from '../support/oscal-schema.js';
import { mr01Files, mr01FolderWith, mr01Text } from './fixture-folder.js';

type Json = Record<string, any>;
const NOW = '2024-03-01T12:00:00Z';
// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder (exit code,
// the AR written) is test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the
// export file it came from"; the refusal below still spawns the CLI.
const { assess, written, dir, cli } = arAssessor('ato-read-by-meaning-', NOW, { warm: true });
const folder = mr01FolderWith;
const resultOf = (ar: Json, check: string): string | undefined => propOf(observationOf(ar, 'MR-01', check), 'result');

/** MR-01's bitlocker.txt with C: fully encrypted and D: locked (manage-bde prints Unknown for all it cannot read). */
function lockedDataVolume(): string {
  const text = mr01Text('bitlocker.txt').replace('Used Space Only Encrypted', 'Fully Encrypted');
  const at = text.indexOf('Volume D:');
  expect(at).toBeGreaterThan(0);
  return `${text.slice(0, at)}Volume D: [ImageData]
[Data Volume]

    Size:                 Unknown GB
    BitLocker Version:    Unknown
    Conversion Status:    Unknown
    Percentage Encrypted: Unknown%
    Encryption Method:    Unknown
    Protection Status:    Unknown
    Lock Status:          Locked
    Identification Field: Unknown
    Automatic Unlock:     Disabled
    Key Protectors:       None Found
`;
}

describe('manage-bde -status: a volume left out is a volume not read', () => {
  it('the premise: with D: unencrypted and the CSV left out, DISK-ENCRYPTION fails on D:', () => {
    expect(resultOf(assess(folder({ 'bitlocker-volumes.csv': null })), 'DISK-ENCRYPTION')).toBe('fail');
  });

  it('D: locked (conversion status Unknown): DISK-ENCRYPTION and -ALGORITHM are not collected, naming D:, not passed on C: alone', () => {
    const ar = assess(folder({ 'bitlocker.txt': lockedDataVolume(), 'bitlocker-volumes.csv': null }));
    for (const check of ['DISK-ENCRYPTION', 'DISK-ENCRYPTION-ALGORITHM']) {
      const o = observationOf(ar, 'MR-01', check);
      expect(propOf(o, 'result'), check).toBe('not-collected');
      expect(propOf(o, 'not-collected-reason'), check).toMatch(/Unknown .*D:/);
    }
  });

  it('a volume read wrong still fails when another is left out: C: decrypted beside locked D: fails', () => {
    const text = lockedDataVolume().replace('Fully Encrypted', 'Fully Decrypted').replace('Protection On', 'Protection Off');
    expect(resultOf(assess(folder({ 'bitlocker.txt': text, 'bitlocker-volumes.csv': null })), 'DISK-ENCRYPTION')).toBe('fail');
  });

  it('Get-BitLockerVolume\'s whole list beside it still decides (D: decrypted there): fail', () => {
    expect(resultOf(assess(folder({ 'bitlocker.txt': lockedDataVolume() })), 'DISK-ENCRYPTION')).toBe('fail');
  });
});

describe('manage-bde -status: a label given twice in one volume, differently', () => {
  it('is refused naming the file, the line and both values (the last one read was the verdict: D: passed as encrypted)', () => {
    const text = mr01Text('bitlocker.txt')
      .replace('    Conversion Status:    Fully Decrypted\n', '    Conversion Status:    Fully Decrypted\n    Conversion Status:    Fully Encrypted\n')
      .replace('    Protection Status:    Protection Off\n', '    Protection Status:    Protection Off\n    Protection Status:    Protection On\n');
    const exportsDir = folder({ 'bitlocker.txt': text, 'bitlocker-volumes.csv': null });
    const r = cli(['assess', exportsDir, '--out', join(dir(), 'twice'), '--now', NOW, '--no-pdf']);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/bitlocker\.txt at line \d+: Volume D: gives "Conversion Status:" twice, differently: "Fully Decrypted" on line \d+, "Fully Encrypted" here/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  // "manage-bde -status C:" names the volumes asked for, without the heading of the list of every
  // volume: a second fixed volume never mentioned left DISK-ENCRYPTION passing on C: alone.
  const cOnly = (heading: boolean): string => {
    const text = mr01Text('bitlocker.txt');
    const c = text.slice(0, text.indexOf('Volume D:'));
    return heading ? c : c.replace('Disk volumes that can be protected with\nBitLocker Drive Encryption:\n', '');
  };
  it('the premise: the list of every volume (its heading) naming C: alone, encrypted: DISK-ENCRYPTION and -ALGORITHM pass', () => {
    expect(cOnly(true)).toContain('Disk volumes that can be protected with');
    const ar = assess(folder({ 'bitlocker.txt': cOnly(true), 'bitlocker-volumes.csv': null }));
    expect(resultOf(ar, 'DISK-ENCRYPTION')).toBe('pass');
    expect(resultOf(ar, 'DISK-ENCRYPTION-ALGORITHM')).toBe('pass');
  });
  it('manage-bde -status C: (no heading): DISK-ENCRYPTION and -ALGORITHM not collected, naming the volume read and the missing heading', () => {
    const ar = assess(folder({ 'bitlocker.txt': cOnly(false), 'bitlocker-volumes.csv': null }));
    for (const check of ['DISK-ENCRYPTION', 'DISK-ENCRYPTION-ALGORITHM']) {
      expect(resultOf(ar, check), check).toBe('not-collected');
      expect(propOf(observationOf(ar, 'MR-01', check), 'not-collected-reason'), check).toMatch(/names only volume C: and lacks the heading/);
    }
  });
  it('manage-bde -status C: beside Get-BitLockerVolume\'s whole list (D: decrypted there): DISK-ENCRYPTION fails', () => {
    expect(resultOf(assess(folder({ 'bitlocker.txt': cOnly(false) })), 'DISK-ENCRYPTION')).toBe('fail');
  });

  it('the same value twice is one value: read as before', () => {
    const text = mr01Text('bitlocker.txt').replace('    Protection Status:    Protection Off\n', '    Protection Status:    Protection Off\n    Protection Status:    Protection Off\n');
    expect(resultOf(assess(folder({ 'bitlocker.txt': text, 'bitlocker-volumes.csv': null })), 'DISK-ENCRYPTION')).toBe('fail');
  });
});

describe('USBSTOR Start read by its own meaning, not Deny_All\'s', () => {
  const usbstor = (start: number) => mr01Text('reg-usbstor.reg').replace(/"Start"=dword:0000000\d/, `"Start"=dword:0000000${start}`);

  it('the premise: the fixture has no Deny_All policy and Start = 4 (disabled): OS-USB-STORAGE passes', () => {
    expect(mr01Text('reg-usbstor.reg')).toContain('"Start"=dword:00000004');
    expect([...mr01Files().values()].some((b) => b.toString('latin1').includes('Deny_All') || b.toString('utf16le').includes('Deny_All'))).toBe(false);
    expect(resultOf(assess(folder({})), 'OS-USB-STORAGE')).toBe('pass');
  });

  it.each([1, 3])('Start = %i (the driver loads at system start, or on demand): OS-USB-STORAGE fails', (start) => {
    expect(resultOf(assess(folder({ 'reg-usbstor.reg': usbstor(start) })), 'OS-USB-STORAGE')).toBe('fail');
  });
});

// USB storage also mounts through the UAS driver (UASPStor, Windows 8 and later): USBSTOR's Start 4
// alone passed OS-USB-STORAGE beside a UAS driver that loads on demand.
describe('USBSTOR Start 4 blocks USB storage only with the UAS driver (UASPStor) disabled too', () => {
  const uaspstor = (start: number) => mr01Text('reg-uaspstor.reg').replace(/"Start"=dword:0000000\d/, `"Start"=dword:0000000${start}`);
  const reasonOf = (ar: Json): string | undefined => propOf(observationOf(ar, 'MR-01', 'OS-USB-STORAGE'), 'not-collected-reason');

  it('the premise: the fixture has UASPStor Start 4 beside USBSTOR Start 4: OS-USB-STORAGE passes', () => {
    expect(mr01Text('reg-uaspstor.reg')).toContain('"Start"=dword:00000004');
    expect(resultOf(assess(folder({})), 'OS-USB-STORAGE')).toBe('pass');
  });

  it.each([0, 3])('UASPStor Start = %i beside USBSTOR Start 4: OS-USB-STORAGE fails', (start) => {
    expect(resultOf(assess(folder({ 'reg-uaspstor.reg': uaspstor(start) })), 'OS-USB-STORAGE')).toBe('fail');
  });

  it('UASPStor not collected (a USBSTOR export alone proves nothing of it): not collected, the reason naming UASPStor', () => {
    const ar = assess(folder({ 'reg-uaspstor.reg': null }));
    expect(resultOf(ar, 'OS-USB-STORAGE')).toBe('not-collected');
    expect(reasonOf(ar)).toMatch(/UASPStor\\Start was not collected/);
  });
});

describe('AppLocker: an Allow rule giving every file to a principal every user holds', () => {
  /** MR-01's policy with Msi and Script enforced (each with a rule), and an Exe rule allowing path * to `sid` (none: without it). */
  const policy = (sid?: string): string => {
    let x = mr01Text('applocker.xml')
      .replace('<RuleCollection Type="Msi" EnforcementMode="NotConfigured" />', '<RuleCollection Type="Msi" EnforcementMode="Enabled"><FilePathRule Id="5b290184-345a-4453-b184-45305f6d9a54" Name="Windows Installer files" Description="" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePathCondition Path="%WINDIR%\\Installer\\*" /></Conditions></FilePathRule></RuleCollection>')
      .replace('Type="Script" EnforcementMode="AuditOnly"', 'Type="Script" EnforcementMode="Enabled"');
    if (sid) {
      const exe = '<RuleCollection Type="Exe" EnforcementMode="Enabled">';
      x = x.replace(exe, `${exe}<FilePathRule Id="11111111-6e17-4653-8f75-050b80acca20" Name="Vendor: all files" Description="" UserOrGroupSid="${sid}" Action="Allow"><Conditions><FilePathCondition Path="*" /></Conditions></FilePathRule>`);
    }
    expect(x).not.toBe(mr01Text('applocker.xml'));
    return x;
  };

  it('the premise: the policy without such a rule passes MAL-ALLOWLIST; with path * for Everyone it fails', () => {
    expect(resultOf(assess(folder({ 'applocker.xml': policy() })), 'MAL-ALLOWLIST')).toBe('pass');
    expect(resultOf(assess(folder({ 'applocker.xml': policy('S-1-1-0') })), 'MAL-ALLOWLIST')).toBe('fail');
  });

  it.each([
    ['LOCAL', 'S-1-2-0'],
    ['Domain Users', 'S-1-5-21-1004336348-1177238915-682003330-513'],
  ])('path * for %s (%s): MAL-ALLOWLIST fails, as for Everyone', (_name, sid) => {
    expect(resultOf(assess(folder({ 'applocker.xml': policy(sid) })), 'MAL-ALLOWLIST')).toBe('fail');
  });

  // The whole Windows folder (Microsoft's default rule, %WINDIR%\*) holds Temp, Tasks and tracing,
  // which every standard user can write: allowed to Everyone without exceptions for them, it passed.
  it('the premise: MR-01\'s %WINDIR%\\* rule excepts Temp, Tasks and tracing', () => {
    expect(policy()).toMatch(/Path="%WINDIR%\\\*" \/><\/Conditions><Exceptions>.*%WINDIR%\\tracing\\\*/);
  });
  it('%WINDIR%\\* without the tracing exception: MAL-ALLOWLIST fails', () => {
    const ar = assess(folder({ 'applocker.xml': policy().replace('<FilePathCondition Path="%WINDIR%\\tracing\\*" />', '') }));
    expect(resultOf(ar, 'MAL-ALLOWLIST')).toBe('fail');
  });
  it('C:\\Windows\\* (the default rule spelled as a drive path) without exceptions: MAL-ALLOWLIST fails', () => {
    const x = policy().replace(/<Conditions><FilePathCondition Path="%WINDIR%\\\*" \/><\/Conditions><Exceptions>.*?<\/Exceptions>/, '<Conditions><FilePathCondition Path="C:\\Windows\\*" /></Conditions>');
    expect(x).toContain('C:\\Windows\\*');
    expect(resultOf(assess(folder({ 'applocker.xml': x })), 'MAL-ALLOWLIST')).toBe('fail');
  });
  it('a path climbing out with ".." (%PROGRAMFILES%\\..\\Users\\*) for Everyone: MAL-ALLOWLIST fails', () => {
    const x = policy().replace('<FilePathCondition Path="%PROGRAMFILES%\\*" />', '<FilePathCondition Path="%PROGRAMFILES%\\..\\Users\\*" />');
    expect(x).toContain('..');
    expect(resultOf(assess(folder({ 'applocker.xml': x })), 'MAL-ALLOWLIST')).toBe('fail');
  });
});

describe('BITLOCKER-PREBOOT: a PIN protector counts only while protection is on', () => {
  /** MR-01's bitlocker.txt with C:'s protectors TPM And PIN, protection `status`. */
  const preboot = (status: 'On' | 'Off'): string => {
    const text = mr01Text('bitlocker.txt').replace('        TPM\n', '        TPM And PIN\n').replace('Protection Status:    Protection On', `Protection Status:    Protection ${status}`);
    expect(text).toContain('TPM And PIN');
    return text;
  };

  it('the premise: TPM And PIN with protection on passes', () => {
    expect(resultOf(assess(folder({ 'bitlocker.txt': preboot('On'), 'bitlocker-volumes.csv': null })), 'BITLOCKER-PREBOOT')).toBe('pass');
  });

  it('TPM And PIN listed with protection suspended (Off: the key in the clear, no PIN asked) fails', () => {
    const o = observationOf(assess(folder({ 'bitlocker.txt': preboot('Off'), 'bitlocker-volumes.csv': null })), 'MR-01', 'BITLOCKER-PREBOOT');
    expect(propOf(o, 'result')).toBe('fail');
  });
});

// A minimum PIN length was read alone: with C:'s only startup protector the TPM (no PIN asked at
// all), MinimumPIN = 6 passed BITLOCKER-PIN-LENGTH, whose finding says the pre-boot PIN is 6 digits.
describe('BITLOCKER-PIN-LENGTH: a minimum PIN length governs a PIN only where one is asked', () => {
  /** MR-01's reg-policies.reg with MinimumPIN = 6 under its FVE key. */
  const minimumPin = (): string => {
    const text = mr01Text('reg-policies.reg').replace('"UseTPMPIN"=dword:00000002', '"UseTPMPIN"=dword:00000002\n"MinimumPIN"=dword:00000006');
    expect(text).toContain('"MinimumPIN"=dword:00000006');
    return text;
  };
  const withPin = (): string => mr01Text('bitlocker.txt').replace('        TPM\n', '        TPM And PIN\n');

  it('the premise: MinimumPIN 6 and C: protected by TPM And PIN passes', () => {
    expect(withPin()).toContain('TPM And PIN');
    expect(resultOf(assess(folder({ 'reg-policies.reg': minimumPin(), 'bitlocker.txt': withPin(), 'bitlocker-volumes.csv': null })), 'BITLOCKER-PIN-LENGTH')).toBe('pass');
  });

  it('MinimumPIN 6 but C: protected by the TPM alone (no PIN asked) fails, naming the key protectors', () => {
    expect(mr01Text('bitlocker.txt')).not.toContain('TPM And PIN');
    const o = observationOf(assess(folder({ 'reg-policies.reg': minimumPin(), 'bitlocker-volumes.csv': null })), 'MR-01', 'BITLOCKER-PIN-LENGTH');
    expect(propOf(o, 'result')).toBe('fail');
    // The failing part is the volume's protectors, not the policy value (6 is enough).
    expect(propOf(o, 'observed-value')).toMatch(/^6; 1 of 1 not compliant: C:: Key protectors = TPM, Numerical Password, expected includes a pre-boot PIN protector/);
  });
});

describe('Defender not the active scanner (passive): its preferences and signatures are not the protection in force', () => {
  const passive = (): string => {
    const status = JSON.parse(mr01Text('defender.json')) as Record<string, unknown>;
    expect(status.AMRunningMode).toBe('Normal');
    return JSON.stringify({ ...status, AMRunningMode: 'Passive Mode' }, null, 2);
  };

  it('the premise: in normal mode MAL-SCAN and MAL-SIG-AGE pass', () => {
    const ar = assess(folder({}));
    expect(resultOf(ar, 'MAL-SCAN')).toBe('pass');
    expect(resultOf(ar, 'MAL-SIG-AGE')).toBe('pass');
  });

  it('in passive mode MAL-SCAN (its threat actions: a passive Defender remediates nothing) and MAL-SIG-AGE are not collected, naming AMRunningMode', () => {
    const ar = assess(folder({ 'defender.json': passive() }));
    for (const check of ['MAL-AV-ON', 'MAL-SCAN', 'MAL-SIG-AGE']) {
      const o = observationOf(ar, 'MR-01', check);
      expect(propOf(o, 'result'), check).toBe('not-collected');
      expect(propOf(o, 'not-collected-reason'), check).toMatch(/AMRunningMode is "Passive Mode"/);
    }
  });
});

describe('Get-MpPreference without Get-MpComputerStatus: what Defender is set to do, not whether it is the scanner in force', () => {
  it('MAL-SCAN on the preferences\' schedule and threat actions alone (the status export absent) is not collected, naming the export that would show it', () => {
    const o = observationOf(assess(folder({ 'defender.json': null })), 'MR-01', 'MAL-SCAN');
    expect(propOf(o, 'result')).toBe('not-collected');
    expect(propOf(o, 'not-collected-reason')).toMatch(/Get-MpComputerStatus.*was not collected/);
    expect(propOf(o, 'not-collected-reason')).toContain('defender-preferences.json');
  });

  it('a schedule of "never" in the preferences alone is no fail either: Defender may be passive, another product scanning', () => {
    const prefs = { ...(JSON.parse(mr01Text('defender-preferences.json')) as Record<string, unknown>), ScanScheduleDay: 8 };
    const ar = assess(folder({ 'defender.json': null, 'defender-preferences.json': JSON.stringify(prefs, null, 2) }));
    expect(resultOf(ar, 'MAL-SCAN')).toBe('not-collected');
  });

  it('with the status export (normal mode) beside it, the preferences decide as before: a schedule of "never" fails', () => {
    const prefs = { ...(JSON.parse(mr01Text('defender-preferences.json')) as Record<string, unknown>), ScanScheduleDay: 8 };
    expect(resultOf(assess(folder({ 'defender-preferences.json': JSON.stringify(prefs, null, 2) })), 'MAL-SCAN')).toBe('fail');
  });
});

describe('a local time without the console\'s UTC offset is not read as UTC', () => {
  /** MR-01's manifest without utcOffset and with the collection time in UTC ("Z"); w32tm's last sync at `lastSync` (local). */
  const withoutOffset = (lastSync: string, keepOffset = false): Record<string, string> => {
    const manifest = JSON.parse(mr01Text('collection.json')) as Record<string, unknown>;
    expect(manifest.utcOffset).toBe('+01:00');
    if (!keepOffset) delete manifest.utcOffset;
    manifest.collectedAt = '2024-03-01T09:15:22Z';
    const w32tm = mr01Text('w32tm.txt').replace(/Last Successful Sync Time: .*/, `Last Successful Sync Time: ${lastSync}`);
    expect(w32tm).toContain(lastSync);
    return { 'collection.json': JSON.stringify(manifest, null, 2), 'w32tm.txt': w32tm };
  };

  it('the premise: with the manifest\'s utcOffset (+01:00) a last sync 16 hours before collection passes TIME-SYNC', () => {
    expect(resultOf(assess(folder(withoutOffset('2/29/2024 6:00:00 PM', true))), 'TIME-SYNC')).toBe('pass');
  });

  it('without it, the local last sync is not collected, naming the missing offset (read as UTC it passed, 25 hours old at +10:00)', () => {
    const o = observationOf(assess(folder(withoutOffset('2/29/2024 6:00:00 PM'))), 'MR-01', 'TIME-SYNC');
    expect(propOf(o, 'result')).toBe('not-collected');
    expect(propOf(o, 'not-collected-reason')).toMatch(/UTC offset is not known/);
    // 15 h 15 min old at UTC+00:00: within 24 hours at -12:00 (3 h), not at +14:00 (29 h).
    expect(propOf(o, 'not-collected-reason')).toMatch(/depends on the zone/);
    expect(propOf(o, 'not-collected-reason')).toContain('w32tm.txt');
  });

  // Collected 2024-03-01T09:15:22Z: a local time L is an instant between L-14h (+14:00) and L+12h (-12:00).
  it('a last sync 5 months old fails TIME-SYNC in every zone: failed, not left out', () => {
    const o = observationOf(assess(folder(withoutOffset('10/1/2023 8:25:56 AM'))), 'MR-01', 'TIME-SYNC');
    expect(propOf(o, 'result')).toBe('fail');
  });

  it('a last sync 43 minutes before collection by the console\'s clock passes TIME-SYNC in every zone (at most 14 h 43 min old); the value is shown as written, its zone unknown', () => {
    const ar = assess(folder(withoutOffset('3/1/2024 8:32:00 AM')));
    const o = observationOf(ar, 'MR-01', 'TIME-SYNC');
    expect(propOf(o, 'result')).toBe('pass');
    expect(JSON.stringify(o)).toContain('2024-03-01T08:32:00 (console local time, time zone unknown)');
    expect(JSON.stringify(o)).not.toMatch(/2024-03-01T08:32:00(Z|[+-]\d\d:\d\d)/);
  });

  it('without collection.json, the reason names the file whose UTC collection time left the offset unknown, not a manifest that is not there', () => {
    const vendor = mr01Text('vendor-settings.json').replace(/"collectedAt":\s*"[^"]*"/, '"collectedAt": "2024-03-01T09:10:00Z"');
    expect(vendor).toContain('2024-03-01T09:10:00Z');
    const { 'w32tm.txt': w32tm } = withoutOffset('2/29/2024 6:00:00 PM');
    const o = observationOf(assess(folder({ 'collection.json': null, 'vendor-settings.json': vendor, 'w32tm.txt': w32tm! })), 'MR-01', 'TIME-SYNC');
    expect(propOf(o, 'result')).toBe('not-collected');
    const reason = propOf(o, 'not-collected-reason') ?? '';
    expect(reason).toMatch(/UTC offset is not known/);
    expect(reason).toContain('vendor-settings.json');
    expect(reason).not.toMatch(/collection\.json gives/);
  });
});

describe('every console-local time whose zone is unknown is judged at both ends of its window, not left out nor read as UTC', () => {
  // Collected 2024-03-01T09:15:22Z without utcOffset: a local time L is an instant of [L-14h, L+12h].
  const manifest = (): string => {
    const m = JSON.parse(mr01Text('collection.json')) as Record<string, unknown>;
    delete m.utcOffset;
    m.collectedAt = '2024-03-01T09:15:22Z';
    return JSON.stringify(m, null, 2);
  };
  /** Get-LocalUser through a plain Export-Csv: LastLogon in the culture's format (en-US), hospadmin's at `hospadmin`. */
  const users = (hospadmin: string): string => {
    const text = mr01Text('local-users.csv')
      .replace('2024-02-29T16:12:09.0000000+01:00', '2/29/2024 4:12:09 PM')
      .replace('2024-01-10T14:45:37.0000000+01:00', hospadmin)
      // the service account logged on 10 days before collection (it never had: idle whatever the zone)
      .replace(/("2023-11-02T08:00:00\.0000000\+01:00"),""/, '$1,"2/20/2024 10:00:00 AM"');
    expect(text).toContain(hospadmin);
    expect(text).toContain('2/20/2024 10:00:00 AM');
    return text;
  };
  /** Get-MpComputerStatus from PowerShell 7 without an offset: signatures updated at `sig`, console time. */
  const defender = (sig: string): string => {
    const status = JSON.parse(mr01Text('defender.json')) as Record<string, unknown>;
    return JSON.stringify({ ...status, AntivirusSignatureLastUpdated: sig }, null, 2);
  };
  const idle = (hospadmin: string) => observationOf(assess(folder({ 'collection.json': manifest(), 'local-users.csv': users(hospadmin) })), 'MR-01', 'ACCOUNT-INACTIVE');

  it('a LastLogon 7 weeks old by the console\'s clock is idle in every zone: ACCOUNT-INACTIVE fails on it, the time shown as written', () => {
    const o = idle('1/10/2024 2:45:37 PM');
    expect(propOf(o, 'result')).toBe('fail');
    expect(JSON.stringify(o)).toContain('hospadmin');
    expect(JSON.stringify(o)).not.toMatch(/2024-01-10T14:45:37(Z|[+-]\d\d:\d\d)/);
  });

  it('a LastLogon 35 days old by the console\'s clock (idle at +14:00, not at -12:00) is not collected, saying it depends on the zone', () => {
    const o = idle('1/26/2024 3:00:00 PM');
    expect(propOf(o, 'result')).toBe('not-collected');
    expect(propOf(o, 'not-collected-reason')).toMatch(/hospadmin.*depends on the zone/);
    // Not blamed on the accounts whose logon is judged alike in every zone (radtech, service).
    expect(propOf(o, 'not-collected-reason')).not.toMatch(/radtech|"service"/);
  });

  it('a signature date without an offset decides MAL-SIG-AGE (7 days) only where both ends agree', () => {
    const sig = (at: string) => observationOf(assess(folder({ 'collection.json': manifest(), 'defender.json': defender(at) })), 'MR-01', 'MAL-SIG-AGE');
    expect(propOf(sig('2024-02-28T08:01:00'), 'result')).toBe('pass');
    expect(propOf(sig('2024-02-22T20:00:00'), 'result')).toBe('fail');
    const open = sig('2024-02-23T12:00:00'); // [02-22T22:00Z, 02-24T00:00Z] around the bound 02-23T09:15:22Z
    expect(propOf(open, 'result')).toBe('not-collected');
    expect(propOf(open, 'not-collected-reason')).toMatch(/depends on the zone/);
  });
});

describe('a local time whose export names no culture and that reads as two dates is judged on both readings', () => {
  /** MR-01 without the manifest's culture (its utcOffset +01:00 kept); w32tm's last sync at `lastSync`. */
  const noCulture = (lastSync: string): Record<string, string> => {
    const manifest = JSON.parse(mr01Text('collection.json')) as Record<string, unknown>;
    expect(manifest.culture).toBeDefined();
    delete manifest.culture;
    const w32tm = mr01Text('w32tm.txt').replace(/Last Successful Sync Time: .*/, `Last Successful Sync Time: ${lastSync}`);
    expect(w32tm).toContain(lastSync);
    return { 'collection.json': JSON.stringify(manifest, null, 2), 'w32tm.txt': w32tm };
  };
  const sync = (lastSync: string) => observationOf(assess(folder(noCulture(lastSync))), 'MR-01', 'TIME-SYNC');

  it('"3/1/2024 9:58:01 AM" (1 March, 17 minutes before collection, in en-US; 3 January in en-GB): TIME-SYNC is not collected, saying it depends on how the date is read', () => {
    const o = sync('3/1/2024 9:58:01 AM');
    expect(propOf(o, 'result')).toBe('not-collected');
    expect(propOf(o, 'not-collected-reason')).toMatch(/read two ways.*depends on how the date is read/);
  });

  it('"10/1/2023 8:25:56 AM" (1 October or 10 January 2023): months old either way, TIME-SYNC fails', () => {
    expect(propOf(sync('10/1/2023 8:25:56 AM'), 'result')).toBe('fail');
  });

  it('"2/29/2024 6:00:00 PM" reads one way only (no 29th month): TIME-SYNC passes on it as before', () => {
    expect(propOf(sync('2/29/2024 6:00:00 PM'), 'result')).toBe('pass');
  });
});

describeWithShared('exports read by meaning: the AR stays valid', () => {
  it('the ARs written above (a locked volume, USBSTOR Start 1 and 3, AppLocker rules) validate against NIST 1.1.3 and 1.2.2', () => {
    expect(written.length).toBeGreaterThan(0);
    for (const ar of written) {
      expect(validateOscal(ar, '1.1.3')).toEqual([]);
      expect(validateOscal(ar, '1.2.2')).toEqual([]);
    }
  });
});
