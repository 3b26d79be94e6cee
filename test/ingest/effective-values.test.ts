// Values an export holds that Windows does not hold in force as read, or that two exports read
// differently: never a pass on them.
//
// A string where Windows reads a DWORD. secedit writes `4,900` for a REG_DWORD and `1,"900"` for a
// REG_SZ, a reg export `dword:00000384` and `"900"`: the type survives ingest. Windows does not
// apply a REG_SZ to a value it reads as a DWORD (the STIG's checks name the type: REG_DWORD), so
// such a string never stands for the number it spells: the field read from it is not collected,
// with the value named (src/ingest/merge.ts, DERIVATIONS' `dword`).
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { ingestFolder } from '../../src/ingest/index.js';
import { knownExportByName } from '../../src/ingest/known-exports.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { buildPReg, encodeAs, materialiseDevice, mr01Files } from './fixture-folder.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const check = (id: string) => catalog.checks.find((c) => c.id === id)!;
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** The MR-01 fixture folder with text replaced in some of its files (each replacement must hit). */
async function mr01With(edits: Record<string, Array<[string | RegExp, string]>>, files = mr01Files()) {
  for (const [name, list] of Object.entries(edits)) {
    const enc = knownExportByName(name)?.encoding ?? 'utf-8';
    let text = files.get(name)!.toString(enc.startsWith('utf-16') ? 'utf16le' : 'utf8').replace(/^\uFEFF/, '');
    for (const [from, to] of list) {
      const next = text.replace(from, to);
      expect(next, `${name}: ${String(from)}`).not.toBe(text);
      text = next;
    }
    files.set(name, encodeAs(text.replace(/\r\n/g, '\n'), enc));
  }
  const dir = materialiseDevice(files);
  made.push(dir);
  return ingestFolder(dir);
}

const AT = { now: '2024-03-01T12:00:00Z' };
const INACTIVITY_REG = /"InactivityTimeoutSecs"=dword:00000384/;
const INACTIVITY_INF = /InactivityTimeoutSecs=4,900/;

describe('a REG_SZ where Windows reads a REG_DWORD', () => {
  it('the premise: the fixture\'s DWORD 900 passes SCREEN-LOCK-TIMEOUT and its FIPS DWORD 1 passes OS-FIPS', async () => {
    const r = await mr01With({});
    expect(r.snapshot.access?.screenLock?.inactivityTimeoutSecs).toBe(900);
    expect(evaluateCheck(check('SCREEN-LOCK-TIMEOUT'), r.snapshot, params, AT).status).toBe('pass');
    expect(evaluateCheck(check('OS-FIPS'), r.snapshot, params, AT).status).toBe('pass');
  });

  it('InactivityTimeoutSecs as the string "900" (reg export and secedit): SCREEN-LOCK-TIMEOUT not collected, naming the value, with a warning; never a pass', async () => {
    const r = await mr01With({
      'reg-policies-system.reg': [[INACTIVITY_REG, '"InactivityTimeoutSecs"="900"']],
      'secedit.inf': [[INACTIVITY_INF, 'InactivityTimeoutSecs=1,"900"']],
    });
    expect(r.snapshot.access?.screenLock?.inactivityTimeoutSecs).toBeUndefined();
    const res = evaluateCheck(check('SCREEN-LOCK-TIMEOUT'), r.snapshot, params, AT);
    expect(res.status).toBe('not-collected');
    expect(res.reason).toMatch(/InactivityTimeoutSecs is the string "900" \(REG_SZ\), where Windows reads a DWORD/);
    expect(r.warnings.some((w) => /^reg-policies-system\.reg .*InactivityTimeoutSecs is the string "900" \(REG_SZ\)/.test(w))).toBe(true);
  });

  it('FIPS "Enabled" as the string "1": OS-FIPS not collected, not a pass', async () => {
    const r = await mr01With({
      'reg-lsa.reg': [[/(\[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy\]\r?\n)"Enabled"=dword:00000001/, '$1"Enabled"="1"']],
      'secedit.inf': [[/FIPSAlgorithmPolicy\\Enabled=4,1/, 'FIPSAlgorithmPolicy\\Enabled=1,"1"']],
    });
    expect(r.snapshot.hardening?.fipsMode).toBeUndefined();
    const res = evaluateCheck(check('OS-FIPS'), r.snapshot, params, AT);
    expect(res.status).toBe('not-collected');
    expect(res.reason).toMatch(/Enabled is the string "1" \(REG_SZ\)/);
  });

  it('the screen saver values stay strings Windows reads as strings (REG_SZ "900" is their own type)', async () => {
    const r = await mr01With({});
    expect(r.snapshot.access?.screenLock?.screenSaverTimeoutSecs).toBe(900);
    expect(r.warnings.join('\n')).not.toMatch(/REG_SZ/);
  });
});

// A REG_QWORD holds the same number, yet the policy's reader asks Windows for a REG_DWORD and
// gets nothing from a value of another type: as with a string, never a pass on it.
describe('a REG_QWORD (or REG_DWORD_BIG_ENDIAN) where Windows reads a REG_DWORD', () => {
  it('InactivityTimeoutSecs as hex(b) 900 in a reg export (secedit cannot write a QWORD: no line there): SCREEN-LOCK-TIMEOUT not collected, naming the value, with a warning', async () => {
    const r = await mr01With({
      'reg-policies-system.reg': [[INACTIVITY_REG, '"InactivityTimeoutSecs"=hex(b):84,03,00,00,00,00,00,00']],
      'secedit.inf': [[/^.*InactivityTimeoutSecs=4,900\r?\n/m, '']],
    });
    expect(r.snapshot.access?.screenLock?.inactivityTimeoutSecs).toBeUndefined();
    const res = evaluateCheck(check('SCREEN-LOCK-TIMEOUT'), r.snapshot, params, AT);
    expect(res.status).toBe('not-collected');
    expect(res.reason).toMatch(/InactivityTimeoutSecs is the QWORD 900 \(REG_QWORD\), where Windows reads a DWORD/);
    expect(r.warnings.some((w) => /^reg-policies-system\.reg .*InactivityTimeoutSecs is the QWORD 900 \(REG_QWORD\)/.test(w))).toBe(true);
  });

  it('FIPS "Enabled" as a registry.pol type 11 record of 1 (the only source): OS-FIPS not collected, not a pass', async () => {
    const files = mr01Files();
    files.delete('reg-lsa.reg');
    files.set('registry.pol', buildPReg([{ key: 'System\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy', value: 'Enabled', type: 'REG_QWORD', data: 1 }]));
    const r = await mr01With({ 'secedit.inf': [[/^.*FIPSAlgorithmPolicy\\Enabled=4,1\r?\n/m, '']] }, files);
    expect(r.snapshot.hardening?.fipsMode).toBeUndefined();
    const res = evaluateCheck(check('OS-FIPS'), r.snapshot, params, AT);
    expect(res.status).toBe('not-collected');
    expect(res.reason).toMatch(/Enabled is the QWORD 1 \(REG_QWORD\)/);
  });

  it('InactivityTimeoutSecs as hex(5) (REG_DWORD_BIG_ENDIAN) 900: SCREEN-LOCK-TIMEOUT not collected, naming the type', async () => {
    const r = await mr01With({
      'reg-policies-system.reg': [[INACTIVITY_REG, '"InactivityTimeoutSecs"=hex(5):00,00,03,84']],
      'secedit.inf': [[/^.*InactivityTimeoutSecs=4,900\r?\n/m, '']],
    });
    expect(r.snapshot.access?.screenLock?.inactivityTimeoutSecs).toBeUndefined();
    const res = evaluateCheck(check('SCREEN-LOCK-TIMEOUT'), r.snapshot, params, AT);
    expect(res.status).toBe('not-collected');
    expect(res.reason).toMatch(/InactivityTimeoutSecs is the big-endian DWORD 900 \(REG_DWORD_BIG_ENDIAN\)/);
  });
});

// A policy value no Windows export can hold (secedit and net accounts agreeing on it): refused
// naming the source file, never a pass (a minimum length of 200 passed PWD-MIN-LENGTH).
describe('a password or lockout value beyond what Windows holds', () => {
  it('MinimumPasswordLength = 200 in secedit and net accounts: ingest refuses, naming secedit.inf and the field', async () => {
    await expect(mr01With({
      'secedit.inf': [[/MinimumPasswordLength = 12/, 'MinimumPasswordLength = 200']],
      'net-accounts.txt': [[/(Minimum password length: +)12/, '$1200']],
    })).rejects.toThrow(/^secedit\.inf at \[System Access\] MinimumPasswordLength, line \d+: the value 200 read for \/access\/passwordPolicy\/local\/minLength must be <= 128/);
  });

  it('LockoutDuration = 200000 in secedit and net accounts: refused, naming the field', async () => {
    await expect(mr01With({
      'secedit.inf': [[/LockoutDuration = 15/, 'LockoutDuration = 200000']],
      'net-accounts.txt': [[/(Lockout duration \(minutes\): +)15/, '$1200000']],
    })).rejects.toThrow(/^secedit\.inf at \[System Access\] LockoutDuration, line \d+: the value 200000 read for \/access\/lockoutPolicy\/local\/durationMinutes must be <= 99999/);
  });
});

describe('two of the console\'s own effective exports read one setting differently', () => {
  it('secedit says a minimum length of 14, net accounts 8: PWD-MIN-LENGTH not collected naming both, with a warning; never a pass on the preferred file', async () => {
    const r = await mr01With({
      'secedit.inf': [[/MinimumPasswordLength = 12/, 'MinimumPasswordLength = 14']],
      'net-accounts.txt': [[/(Minimum password length: +)12/, '$18']],
    });
    expect(r.snapshot.access?.passwordPolicy?.local?.minLength).toBe(14); // secedit is preferred, as before
    const res = evaluateCheck(check('PWD-MIN-LENGTH'), r.snapshot, params, AT);
    expect(res.status).toBe('not-collected');
    expect(res.reason).toMatch(/effective exports disagree on a value read \(\/access\/passwordPolicy\/local\/minLength: secedit\.inf says 14, net-accounts\.txt .* says 8\)/);
    expect(r.warnings.some((w) => /minLength: the console's own effective exports disagree/.test(w))).toBe(true);
  });

  it('the same state spelled differently (manage-bde "XTS-AES 128", Get-BitLockerVolume "XtsAes128") is no disagreement: the fixture warns of none', async () => {
    const r = await mr01With({});
    expect(r.warnings.join('\n')).not.toMatch(/effective exports disagree/);
  });

  // Words the snapshot enumerates (and a BitLocker method, which both readers spell alike): each
  // reader normalises its text to them, so two differing say two states, not two spellings.
  const disagreeOn = (warnings: string[], field: string): boolean => warnings.some((w) => w.includes(`${field}: the console's own effective exports disagree`));

  it('netsh says AllowInbound on the Domain profile, the profiles CSV Block: FW-DEFAULT-DENY-IN not collected naming both, never a pass on the CSV', async () => {
    const r = await mr01With({ 'firewall-netsh.txt': [[/BlockInbound,AllowOutbound/, 'AllowInbound,AllowOutbound']] });
    expect(r.snapshot.firewall?.profiles?.find((p) => p.name === 'domain')?.defaultInboundAction).toBe('block'); // the CSV is preferred, as before
    expect(disagreeOn(r.warnings, '/firewall/profiles/[domain]/defaultInboundAction')).toBe(true);
    const res = evaluateCheck(check('FW-DEFAULT-DENY-IN'), r.snapshot, params, AT);
    expect(res.status).toBe('not-collected');
    expect(res.reason).toMatch(/effective exports disagree on a value read \(\/firewall\/profiles\/0\/defaultInboundAction: firewall-profiles\.csv says "block", firewall-netsh\.txt .* says "allow"\)/);
  });

  it('netsh BlockInboundAlways beside the CSV\'s Block is one state: no disagreement, FW-DEFAULT-DENY-IN passes', async () => {
    const r = await mr01With({ 'firewall-netsh.txt': [[/BlockInbound,AllowOutbound/g, 'BlockInboundAlways,AllowOutbound']] });
    expect(r.warnings.join('\n')).not.toMatch(/effective exports disagree/);
    expect(evaluateCheck(check('FW-DEFAULT-DENY-IN'), r.snapshot, params, AT).status).toBe('pass');
  });

  it('Get-Service says seclogon is Disabled, secedit\'s [Service General Setting] 3 (manual): OS-SERVICES not collected, not a pass', async () => {
    const r = await mr01With({ 'secedit.inf': [[/\[Privilege Rights\]/, '[Service General Setting]\n"seclogon",3,""\n[Privilege Rights]']] });
    expect(disagreeOn(r.warnings, '/hardening/services/[svc:seclogon]/startType')).toBe(true);
    expect(evaluateCheck(check('OS-SERVICES'), r.snapshot, params, AT).status).toBe('not-collected');
  });

  it('Get-Service\'s AutomaticDelayedStart and secedit\'s 2 are one start type, Disabled and 4 another: no disagreement', async () => {
    const r = await mr01With({
      'services.csv': [[/"Spooler","Print Spooler","Running","Automatic"/, '"Spooler","Print Spooler","Running","AutomaticDelayedStart"']],
      'secedit.inf': [[/\[Privilege Rights\]/, '[Service General Setting]\n"Spooler",2,""\n"seclogon",4,""\n[Privilege Rights]']],
    });
    expect(r.warnings.join('\n')).not.toMatch(/effective exports disagree/);
    expect(evaluateCheck(check('OS-SERVICES'), r.snapshot, params, AT).status).toBe('pass');
  });

  it('Get-BitLockerVolume says XtsAes256, manage-bde XTS-AES 128: a disagreement on the method', async () => {
    const r = await mr01With({ 'bitlocker-volumes.csv': [[/XtsAes128/, 'XtsAes256']] });
    expect(disagreeOn(r.warnings, '/encryption/volumes/[vol:c:]/method')).toBe(true);
  });

  it('every spelling pair of one BitLocker state is no disagreement: methods, FullyEncryptedWipeInProgress / Used Space Only Encrypted, protection', async () => {
    const pairs: Array<[string, string]> = [['Aes256Diffuser', 'AES 256 with Diffuser'], ['XtsAes256', 'XTS-AES 256'], ['Aes128', 'AES 128'], ['HardwareEncryption', 'Hardware Encryption']];
    for (const [csv, bde] of pairs) {
      const r = await mr01With({
        'bitlocker-volumes.csv': [[/XtsAes128/, csv], [/"FullyEncrypted"/, '"FullyEncryptedWipeInProgress"']],
        'bitlocker.txt': [[/XTS-AES 128/, bde]],
      });
      expect(r.warnings.join('\n'), `${csv} / ${bde}`).not.toMatch(/effective exports disagree/);
      expect(r.snapshot.encryption?.volumes?.find((v) => v.mountPoint === 'C:')?.method).toBe(bde);
    }
  });
});

// Defender in passive mode (another product is primary) keeps RealTimeProtectionEnabled and the
// preferences' DisableRealtimeMonitoring as configured, but scans nothing on access: MAL-AV-ON
// passed on the fixture with AMRunningMode "Passive Mode", on the preferences' value.
describe('Microsoft Defender that is not the active scanner', () => {
  it('the premise: the fixture (AMRunningMode "Normal") passes MAL-AV-ON', async () => {
    const r = await mr01With({});
    expect(evaluateCheck(check('MAL-AV-ON'), r.snapshot, params, AT).status).toBe('pass');
  });

  for (const [from, to, why] of [
    [/"AMRunningMode":\s*"Normal"/, '"AMRunningMode": "Passive Mode"', /AMRunningMode is "Passive Mode"/],
    [/"AntivirusEnabled":\s*true/, '"AntivirusEnabled": false', /AntivirusEnabled is false/],
  ] as const) {
    it(`${String(to)}: MAL-AV-ON not collected with the reason, whatever the preferences say; a warning names the file`, async () => {
      const r = await mr01With({ 'defender.json': [[from, to]] });
      expect(r.snapshot.malware?.antimalware?.realTimeProtection).toBeUndefined();
      const res = evaluateCheck(check('MAL-AV-ON'), r.snapshot, params, AT);
      expect(res.status).toBe('not-collected');
      expect(res.reason).toMatch(why);
      expect(r.warnings.some((w) => w.startsWith('defender.json: ') && why.test(w))).toBe(true);
    });
  }
});
