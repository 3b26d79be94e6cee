// The language-neutral exports of collect.ps1 1.1 (services, BitLocker volumes, event-log ACLs,
// automatic logon, Defender preferences), translated native outputs refused by name, and a netsh
// export cut before its last profile. Each with the verdict it leads to.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck } from '../../src/evaluate/evaluate-check.js';
import { ingestInputs, parserFor, recognise, type ExportInput } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { expectUserError } from '../support/user-error.js';
import { encodeAs, input, mr01Input, mr01SourceDir, mr01Text, utf16 } from './fixture-folder.js';

const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const check = (id: string) => catalog.checks.find((c) => c.id === id)!;
const manifest = (): ExportInput => ({ name: 'collection.json', bytes: readFileSync(join(mr01SourceDir, 'collection.json')), sha256: 'c'.repeat(64) });
const csv = (name: string, text: string): ExportInput => input(name, encodeAs(text, 'utf-8-bom'));
const json = (name: string, value: unknown): ExportInput => input(name, encodeAs(JSON.stringify(value, null, 4), 'utf-8-bom'));
const ingest = (...files: ExportInput[]) => ingestInputs([...files, manifest()], 'MR-01');

describe('Get-Service: every service with its state', () => {
  it('AppLocker enforces only while the Application Identity service runs', () => {
    // the fixture's policy with every required collection enforced
    const msiRule = '<FilePathRule Id="5b290184-345a-4453-b184-45305f6d9a54" Name="(Default Rule) All Windows Installer files in %systemdrive%\\Windows\\Installer" Description="" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePathCondition Path="%WINDIR%\\Installer\\*" /></Conditions></FilePathRule>';
    const enforced = mr01Text('applocker.xml').replace('<RuleCollection Type="Msi" EnforcementMode="NotConfigured" />', `<RuleCollection Type="Msi" EnforcementMode="Enabled">${msiRule}</RuleCollection>`).replace('Type="Script" EnforcementMode="AuditOnly"', 'Type="Script" EnforcementMode="Enabled"');
    const applocker = input('applocker.xml', utf16(enforced));
    const stopped = csv('services.csv', mr01Text('services.csv').replace('"AppIDSvc","Application Identity","Running","Automatic"', '"AppIDSvc","Application Identity","Stopped","Manual"'));
    const s = ingest(applocker, stopped).snapshot;
    expect(s.coverage?.find((c) => c.scope === 'hardening.services')).toMatchObject({ source: 'services.csv', complete: true, effective: true });
    const r = evaluateCheck(check('MAL-ALLOWLIST'), s, params);
    expect(r.status).toBe('fail');
    expect(r.problems.join(' ')).toContain(`AppIDSvc: ${check('MAL-ALLOWLIST').wording!.fields!['state']} = stopped, expected = running`);
    expect(evaluateCheck(check('MAL-ALLOWLIST'), ingest(applocker, mr01Input('services.csv')).snapshot, params).status).toBe('pass');
    // "Enforce rules" on a collection without a rule allows every file of its kind (Microsoft): not allowlisting.
    const empty = input('applocker.xml', utf16(enforced.replace(`<RuleCollection Type="Msi" EnforcementMode="Enabled">${msiRule}</RuleCollection>`, '<RuleCollection Type="Msi" EnforcementMode="Enabled" />')));
    const none = evaluateCheck(check('MAL-ALLOWLIST'), ingest(empty, mr01Input('services.csv')).snapshot, params);
    expect(none.status).toBe('fail');
    expect(none.problems.join(' ')).toContain(`Msi: ${check('MAL-ALLOWLIST').wording!.fields!['ruleCount']} = 0, expected at least 1`);
  });

  it('an unknown status is an error with its line', () => {
    expectUserError(() => parserFor('services-csv').parse(csv('services.csv', '"Name","DisplayName","Status","StartType"\n"X","X","Dancing","Manual"\n')), 'services.csv', /^line 2$/, /expected Status Running, Stopped or Paused, found "Dancing"/);
  });
});

describe('Get-BitLockerVolume: the volumes, whatever the display language', () => {
  it('FullyEncrypted and EncryptionSuspended are read; a suspended encryption fails DISK-ENCRYPTION', () => {
    const text = mr01Text('bitlocker-volumes.csv').replace('"D:","Data","FullyDecrypted","Off","None","0"', '"D:","Data","EncryptionSuspended","Off","XtsAes128","42"');
    const s = ingest(csv('bitlocker-volumes.csv', text)).snapshot;
    expect(s.encryption?.volumes?.map((v) => [v.mountPoint, v.volumeType, v.conversionStatus, v.protectionStatus, v.percentageEncrypted])).toEqual([
      ['C:', 'os', 'fully-encrypted', 'on', 100],
      ['D:', 'data', 'encryption-paused', 'off', 42],
    ]);
    expect(s.encryption?.volumes?.[0]?.keyProtectors).toEqual(['Tpm', 'RecoveryPassword']);
    expect(evaluateCheck(check('DISK-ENCRYPTION'), s, params).status).toBe('fail');
    expect(evaluateCheck(check('BITLOCKER-PREBOOT'), s, params).status).toBe('fail'); // Tpm only, no TpmPin
  });
});

describe('event log file ACLs (au-9)', () => {
  it('BUILTIN\\Users on System.evtx fails AUDIT-LOG-PERMISSIONS; a deny entry grants nothing', () => {
    const s = ingest(mr01Input('eventlog-acl.csv')).snapshot;
    const r = evaluateCheck(check('AUDIT-LOG-PERMISSIONS'), s, params);
    expect(r.status).toBe('fail');
    expect(r.problems.join(' ')).toContain('BUILTIN\\Users');
    const denied = mr01Text('eventlog-acl.csv').replace('"BUILTIN\\Users","ReadAndExecute, Synchronize","Allow"', '"BUILTIN\\Users","ReadAndExecute, Synchronize","Deny"');
    expect(evaluateCheck(check('AUDIT-LOG-PERMISSIONS'), ingest(csv('eventlog-acl.csv', denied)).snapshot, params).status).toBe('pass');
  });
  it('an entry of System.evtx under another log name is refused, not taken away from the System log', () => {
    // Found by mutation-fuzzing: the BUILTIN\Users row with its Log cell garbled ("Sys", "Systemé",
    // a quote too many) moved the entry to a log of its own, and AUDIT-LOG-PERMISSIONS passed.
    for (const log of ['Sys', 'Systemé', 'Application']) {
      const moved = mr01Text('eventlog-acl.csv').replace('"System","C:\\Windows\\System32\\winevt\\Logs\\System.evtx","BUILTIN\\Users"', `"${log}","C:\\Windows\\System32\\winevt\\Logs\\System.evtx","BUILTIN\\Users"`);
      expect(moved).not.toBe(mr01Text('eventlog-acl.csv'));
      expectUserError(() => ingest(csv('eventlog-acl.csv', moved)), 'eventlog-acl.csv', /^line 11, column Log$/, /System\.evtx" is listed under log "System" \(line 8\) and under log "/);
    }
    // The file named in another case is the same file, under the same log: read.
    const cased = mr01Text('eventlog-acl.csv').replace('"System","C:\\Windows\\System32\\winevt\\Logs\\System.evtx","BUILTIN\\Users"', '"system","C:\\WINDOWS\\System32\\winevt\\Logs\\System.evtx","BUILTIN\\Users"');
    expect(evaluateCheck(check('AUDIT-LOG-PERMISSIONS'), ingest(csv('eventlog-acl.csv', cased)).snapshot, params).status).toBe('fail');
  });
});

describe('automatic logon (winlogon.json): never the password', () => {
  it('AutoAdminLogon "1" with a stored password fails; the Windows default (no value) passes, the coverage says the key was read', () => {
    const on = ingest(json('winlogon.json', { Key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon', AutoAdminLogon: '1', DefaultUserName: 'radtech', DefaultPasswordSet: true })).snapshot;
    expect(on.access?.autologon).toEqual({ enabled: true, defaultPasswordConfigured: true });
    expect(evaluateCheck(check('AUTOLOGON-OFF'), on, params).status).toBe('fail');
    const unset = ingest(json('winlogon.json', { AutoAdminLogon: null, DefaultPasswordSet: false })).snapshot;
    expect(unset.access?.autologon).toEqual({ defaultPasswordConfigured: false });
    const r = evaluateCheck(check('AUTOLOGON-OFF'), unset, params);
    expect([r.status, r.observed]).toEqual(['pass', 'not set; false']);
  });

  it('a file that holds the password itself is refused, and the password appears in no message', () => {
    const e = expectUserError(() => ingest(json('winlogon.json', { AutoAdminLogon: '1', DefaultPassword: 'Sup3rS3cret!', DefaultPasswordSet: true })), 'winlogon.json', /^line \d+$/, /holds a "DefaultPassword" value/);
    expect(e.message).not.toContain('Sup3rS3cret!');
  });
});

describe('Get-MpPreference: real-time and scan settings', () => {
  const prefs = (over: Record<string, unknown>) => json('defender-preferences.json', { ...JSON.parse(mr01Text('defender-preferences.json')), ...over });
  // Read beside Defender's status (normal mode): alone, the preferences decide nothing (merge.ts unprovedWithout, the table of src/snapshot/source-kinds.ts).
  it('a threat level set to Allow (6) makes the default action "allow": MAL-SCAN fails', () => {
    const s = ingest(mr01Input('defender.json'), prefs({ LowThreatDefaultAction: 6 })).snapshot;
    expect(s.malware?.antimalware?.defaultAction).toBe('allow');
    expect(s.provenance?.['/malware/antimalware/defaultAction']?.location).toMatch(/LowThreatDefaultAction, line \d+ \(the weakest of SevereThreatDefaultAction 3, HighThreatDefaultAction 2, ModerateThreatDefaultAction 2, LowThreatDefaultAction 6\)/);
    expect(evaluateCheck(check('MAL-SCAN'), s, params).status).toBe('fail');
  });
  it('ScanScheduleDay 8 is "never": no scheduled scan', () => {
    const s = ingest(mr01Input('defender.json'), prefs({ ScanScheduleDay: 8 })).snapshot;
    expect(s.malware?.antimalware?.scheduledScan).toBe(false);
  });
  it('0 (left to the security intelligence) records no default action, with a warning: MAL-SCAN is not collected, not passed', () => {
    const r = ingest(prefs({ ModerateThreatDefaultAction: 0 }));
    expect(r.snapshot.malware?.antimalware?.defaultAction).toBeUndefined();
    expect(r.warnings.join('\n')).toMatch(/ModerateThreatDefaultAction = 0: the action is left to Defender's security intelligence/);
  });
  it('real-time protection: the status export (Get-MpComputerStatus) wins over the preference, which stays in the provenance', () => {
    const s = ingest(mr01Input('defender.json'), prefs({ DisableRealtimeMonitoring: true })).snapshot;
    const p = s.provenance?.['/malware/antimalware/realTimeProtection'];
    expect([s.malware?.antimalware?.realTimeProtection, p?.file, p?.alternatives?.[0]?.value]).toEqual([true, 'defender.json', false]);
  });
});

describe('translated native outputs are refused by name, never skipped', () => {
  const frW32tm = [
    'Indicateur de saut : 0(aucun avertissement)',
    'Strate : 4 (référence secondaire - synchronisée par (S)NTP)',
    'Précision : -23 (119.209ns par battement d’horloge)',
    'Délai de racine : 0.0312500s',
    'Dispersion de racine : 7.7850000s',
    'ID de référence : 0x0A0A010B (IP de la source : 10.10.1.11)',
    'Dernière synchronisation réussie de l’heure : 01/03/2024 09:58:01',
    'Source : ntp1.hospital.local,0x8',
    'Intervalle d’interrogation : 10 (1024s)',
    '',
  ].join('\n');
  it('French w32tm output: labels not recognised', () => {
    expectUserError(() => recognise(input('w32tm.txt', utf16(frW32tm))), 'w32tm.txt', /^line 1$/, /French w32tm output: labels not recognised \(only English labels are read\); w32tm has no language-neutral output/);
    // whatever its name
    expectUserError(() => recognise(input('zeit.txt', utf16(frW32tm))), 'zeit.txt', /^line 1$/, /French w32tm output/);
  });
  it('German netsh advfirewall output, with the export to use instead', () => {
    const de = mr01Text('firewall-netsh.txt').replace(/Domain Profile Settings:/, 'Domänenprofil-Einstellungen:').replace(/Private Profile Settings:/, 'Privates Profil-Einstellungen:').replace(/Public Profile Settings:/, 'Öffentliches Profil-Einstellungen:').replace(/^State/gm, 'Status').replace(/Firewall Policy/g, 'Firewallrichtlinie');
    expectUserError(() => recognise(input('firewall-netsh.txt', utf16(de))), 'firewall-netsh.txt', /^line 1$/, /German netsh advfirewall output: labels not recognised .*Get-NetFirewallProfile \(firewall-profiles\.csv\)/);
  });
  it('French manage-bde output names the language and Get-BitLockerVolume', () => {
    const fr = mr01Text('bitlocker.txt').replace('BitLocker Drive Encryption: Configuration Tool', 'Chiffrement de lecteur BitLocker : outil de configuration').replace(/Conversion Status:/g, 'État de la conversion :');
    expectUserError(() => parserFor('manage-bde-status').parse(input('bitlocker.txt', utf16(fr))), 'bitlocker.txt', /^line 1$/, /French manage-bde output: labels not recognised \(unsupported language: manage-bde output must be in English.*Get-BitLockerVolume/);
  });
  it('an English file is still read (the fingerprints do not catch it)', () => {
    expect('kind' in recognise(mr01Input('w32tm.txt'))).toBe(true);
    expect('kind' in recognise(mr01Input('firewall-netsh.txt'))).toBe(true);
  });
});

describe('netsh advfirewall cut before its last profile', () => {
  it('warns "cut short: public profile missing", and FW-ENABLED is not collected (not a fail on two profiles)', () => {
    const text = mr01Text('firewall-netsh.txt');
    const cut = text.slice(0, text.indexOf('Public Profile Settings'));
    const r = ingest(input('firewall-netsh.txt', utf16(cut)));
    expect(r.warnings).toContain(`firewall-netsh.txt: cut short: public profile missing (netsh prints all three; the export ends after line ${cut.split('\n').length - 1})`);
    const fw = evaluateCheck(check('FW-ENABLED'), r.snapshot, params);
    expect(fw.status).toBe('not-collected');
    // The profiles' list by its own name, not the items word of both lists (firewall profiles and services).
    expect(fw.reason).toContain('firewall profiles hold only part of the list: firewall-netsh.txt (cut short: public profile missing)');
    // with Get-NetFirewallProfile beside it, the complete export decides (and the service list, which
    // FW-ENABLED also reads since e3d8e83: the firewall service running)
    const both = ingest(input('firewall-netsh.txt', utf16(cut)), mr01Input('firewall-profiles.csv'), mr01Input('services.csv'));
    expect(evaluateCheck(check('FW-ENABLED'), both.snapshot, params).status).toBe('pass');
  });
});

describe('a file the collection script could not write explains the gap', () => {
  it('w32tm skipped on a French console: TIME-SYNC is not collected, and says why', () => {
    const m = JSON.parse(readFileSync(join(mr01SourceDir, 'collection.json'), 'utf8').replace(/^\uFEFF/, ''));
    m.errors = [{ file: 'w32tm.txt', message: 'the display language is fr-FR, and this tool prints translated labels that ingest does not read' }];
    m.files = m.files.filter((f: string) => f !== 'w32tm.txt');
    const r = ingestInputs([mr01Input('secedit.inf'), { name: 'collection.json', bytes: encodeAs(JSON.stringify(m), 'utf-8-bom'), sha256: 'd'.repeat(64) }], 'MR-01');
    const t = evaluateCheck(check('TIME-SYNC'), r.snapshot, params);
    expect(t.status).toBe('not-collected');
    expect(t.reason).toBe('time sync: w32tm.txt not collected: the display language is fr-FR, and this tool prints translated labels that ingest does not read');
  });
});

describe('vendor settings: the application lock, the acquisition exception, DICOM revocation checking', () => {
  it('are read (JSON and CSV spellings), judged by SCREEN-LOCK-TIMEOUT (no lock during acquisition fails) and DICOM-TLS-REVOCATION', () => {
    const vendor = JSON.parse(mr01Text('vendor-settings.json'));
    vendor.screenLock = { applicationLockSecs: 600, noLockDuringAcquisition: true };
    vendor.dicom.revocationChecking = 'none';
    const s = ingest(json('vendor-settings.json', vendor), mr01Input('reg-policies-system.reg')).snapshot;
    expect(s.access?.screenLock).toMatchObject({ applicationLockSecs: 600, noLockDuringAcquisition: true });
    const lock = evaluateCheck(check('SCREEN-LOCK-TIMEOUT'), s, params);
    // The vendor's own lock is supporting evidence; "no lock during acquisition" decides: the console does not lock then, whatever its 900 s limit.
    expect(lock.observed).toContain(`${check('SCREEN-LOCK-TIMEOUT').wording!.fields!['access.screenLock.applicationLockSecs']} = 600`);
    expect(lock.status).toBe('fail');
    expect(lock.provenance.some((p) => p.pointer === '/access/screenLock/applicationLockSecs' && p.file === 'vendor-settings.json')).toBe(true);
    expect(evaluateCheck(check('DICOM-TLS-REVOCATION'), s, params).status).toBe('fail');
    const csvText = 'key,value\nformat,ato-evidence-vendor-settings/1\ndevice.id,MR-01\ncollectedAt,2024-03-01T10:09:40+01:00\nscreenLock.applicationLockSecs,300\ndicom.revocationChecking,ocsp\n';
    const c = ingest(csv('vendor-settings.csv', csvText)).snapshot;
    expect([c.access?.screenLock?.applicationLockSecs, c.encryption?.dicom?.revocationChecking]).toEqual([300, 'ocsp']);
  });
});
