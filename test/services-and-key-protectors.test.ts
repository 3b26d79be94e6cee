// Three passes the evidence did not prove, assessed through the CLI (ARs valid against NIST):
// - FW-ENABLED passed on three profiles "On" while services.csv showed the firewall service
//   (MpsSvc) stopped, or Disabled (gone at the next restart): nothing applies the profiles.
// - DISK-ENCRYPTION passed a volume "Fully Encrypted, Protection On" whose key protector list was
//   read and empty ("None Found"): no protector guards the volume key.
// - MAL-ALLOWLIST passed AppLocker enforced with the Application Identity service running but
//   Disabled: it does not start again after a restart, and AppLocker then enforces nothing.
// - MAL-AV-ON passed on RealTimeProtectionEnabled true while OnAccessProtectionEnabled was false:
//   files were opened unscanned.
// - Every other firewall check passed on its settings with MpsSvc stopped or Disabled; MAL-AV-ON,
//   MAL-SIG-AGE and MAL-SCAN on Defender's status with WinDefend stopped or Disabled; and services.csv
//   as the Services console writes it ("Manual (Trigger Start)") was refused.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor, mr01With as copyMr01 } from './support/cli-scratch.js';
import { observationOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';
import { describeArsValid } from './support/oscal-schema.js';

type Json = Record<string, any>;
const ROOT = new URL('..', import.meta.url).pathname;
const MR01 = join(ROOT, 'test/fixtures/exports/mr-01');
// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came
// from"; the refusal of "Manual (Sometimes)" below still spawns the CLI.
const mr01 = arAssessor('ato-services-protectors-mr01-', '2024-03-01T12:00:00Z', { warm: true });
const mr02 = arAssessor('ato-services-protectors-mr02-', '2026-11-02T18:00:00Z', { warm: true });

const resultOf = (ar: Json, device: string, check: string): string | undefined => propOf(observationOf(ar, device, check), 'result');

const mr01With = (name: string, edits: Record<string, (text: string) => string>): string => copyMr01(mr01.dir(), name, MR01, edits);

const mpsSvc = (status: string, start: string) => (t: string): string =>
  t.replace('"MpsSvc","Windows Defender Firewall","Running","Automatic"', `"MpsSvc","Windows Defender Firewall","${status}","${start}"`);

describe('FW-ENABLED reads the firewall service, not only the profiles', () => {
  it('the unchanged exports pass (the premise: three profiles On, MpsSvc running, Automatic)', () => {
    expect(resultOf(mr01.assess(mr01With('as-is', {})), 'MR-01', 'FW-ENABLED')).toBe('pass');
  });
  it('MpsSvc stopped fails, the profiles still On', () => {
    expect(resultOf(mr01.assess(mr01With('stopped', { 'services.csv': mpsSvc('Stopped', 'Automatic') })), 'MR-01', 'FW-ENABLED')).toBe('fail');
  });
  it('MpsSvc running but Disabled fails', () => {
    expect(resultOf(mr01.assess(mr01With('disabled', { 'services.csv': mpsSvc('Running', 'Disabled') })), 'MR-01', 'FW-ENABLED')).toBe('fail');
  });
});

describe('DISK-ENCRYPTION: protection on with no key protector is no protection', () => {
  it('D: fully encrypted, "Protection On", "Key Protectors: None Found" (and an empty KeyProtector in the CSV) fails on D:', () => {
    const encryptD = (t: string): string => {
      const at = t.indexOf('Volume D:');
      return t.slice(0, at) + t.slice(at)
        .replace('BitLocker Version:    None', 'BitLocker Version:    2.0')
        .replace('Fully Decrypted', 'Fully Encrypted')
        .replace('Percentage Encrypted: 0.0%', 'Percentage Encrypted: 100.0%')
        .replace('Encryption Method:    None', 'Encryption Method:    XTS-AES 128')
        .replace('Protection Off', 'Protection On');
    };
    const ar = mr01.assess(mr01With('no-protector', {
      'bitlocker.txt': encryptD,
      'bitlocker-volumes.csv': (t) => t.replace('"D:","Data","FullyDecrypted","Off","None","0","1862.89",""', '"D:","Data","FullyEncrypted","On","XtsAes128","100","1862.89",""'),
    }));
    const obs = observationOf(ar, 'MR-01', 'DISK-ENCRYPTION');
    expect(propOf(obs, 'result')).toBe('fail');
    // The finding names D: and its missing protector, not C: (which has TPM and a recovery password).
    expect(obs.description).toMatch(/D:/);
    expect(obs.description).not.toMatch(/C:: /);
  });
});

describe('MAL-ALLOWLIST: the Application Identity service must not be Disabled', () => {
  const mr02With = (startType: string): string => {
    const s = JSON.parse(readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8')) as Json;
    const svc = (s.hardening.services as Json[]).find((x) => x.name === 'AppIDSvc')!;
    expect(svc.state).toBe('running');
    svc.startType = startType;
    const d = join(mr02.dir(), startType);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'MR-02.json'), JSON.stringify(s, null, 2));
    return d;
  };
  it('running and Automatic passes (MR-02 as shipped); running and Manual (trigger start) passes; running but Disabled fails', () => {
    expect(resultOf(mr02.assess(mr02With('automatic')), 'MR-02', 'MAL-ALLOWLIST')).toBe('pass');
    expect(resultOf(mr02.assess(mr02With('manual')), 'MR-02', 'MAL-ALLOWLIST')).toBe('pass');
    expect(resultOf(mr02.assess(mr02With('disabled')), 'MR-02', 'MAL-ALLOWLIST')).toBe('fail');
  });
});

describe('MAL-AV-ON: real-time protection with on-access scanning off is off', () => {
  it('Get-MpComputerStatus RealTimeProtectionEnabled true but OnAccessProtectionEnabled false fails, though the preferences say real-time monitoring is on', () => {
    const ar = mr01.assess(mr01With('on-access-off', { 'defender.json': (t) => t.replace('"OnAccessProtectionEnabled":  true', '"OnAccessProtectionEnabled":  false') }));
    expect(resultOf(ar, 'MR-01', 'MAL-AV-ON')).toBe('fail');
  });
});

const FW_FILTERING = ['FW-DEFAULT-DENY-IN', 'FW-ALLOWED-PORTS', 'FW-ALLOWED-PROTOCOLS', 'FW-REMOTE-SCOPE', 'FW-LOGGING'];
/** Keeps only the two DICOM rules (approved port, TCP, a named subnet), so the rule checks pass on their rules. */
const firewallAsRequired: Record<string, (t: string) => string> = {
  'firewall-rules.csv': (t) => t.split(/\r?\n/).slice(0, 3).join('\n') + '\n',
};

describe('every firewall check reads the firewall service, not only its settings', () => {
  it('the premise: with MpsSvc running, FW-DEFAULT-DENY-IN passes and the two DICOM rules pass the rule checks', () => {
    const ar = mr01.assess(mr01With('fw-premise', firewallAsRequired));
    for (const id of ['FW-DEFAULT-DENY-IN', 'FW-ALLOWED-PORTS', 'FW-ALLOWED-PROTOCOLS', 'FW-REMOTE-SCOPE']) expect(resultOf(ar, 'MR-01', id), id).toBe('pass');
  });
  it('MpsSvc stopped (start type Manual) fails each of them: no rule and no default action filters anything', () => {
    const ar = mr01.assess(mr01With('fw-stopped', { ...firewallAsRequired, 'services.csv': mpsSvc('Stopped', 'Manual') }));
    for (const id of FW_FILTERING) {
      const obs = observationOf(ar, 'MR-01', id);
      expect(propOf(obs, 'result'), id).toBe('fail');
      expect(obs.description, id).toMatch(/MpsSvc/);
    }
  });
  it('MpsSvc running but Disabled fails FW-DEFAULT-DENY-IN', () => {
    expect(resultOf(mr01.assess(mr01With('fw-disabled', { 'services.csv': mpsSvc('Running', 'Disabled') })), 'MR-01', 'FW-DEFAULT-DENY-IN')).toBe('fail');
  });
});

const winDefend = (status: string, start: string) => (t: string): string =>
  t.replace('"WinDefend","Microsoft Defender Antivirus Service","Running","Automatic"', `"WinDefend","Microsoft Defender Antivirus Service","${status}","${start}"`);

describe('MAL-AV-ON, MAL-SIG-AGE and MAL-SCAN read the Defender service beside Defender\'s status', () => {
  const MAL = ['MAL-AV-ON', 'MAL-SIG-AGE', 'MAL-SCAN'];
  it('the premise: WinDefend running passes all three', () => {
    const ar = mr01.assess(mr01With('wd-running', {}));
    for (const id of MAL) expect(resultOf(ar, 'MR-01', id), id).toBe('pass');
  });
  it('WinDefend stopped fails all three, defender.json still saying running and on', () => {
    const ar = mr01.assess(mr01With('wd-stopped', { 'services.csv': winDefend('Stopped', 'Automatic') }));
    for (const id of MAL) expect(resultOf(ar, 'MR-01', id), id).toBe('fail');
  });
  it('WinDefend running but Disabled fails all three', () => {
    const ar = mr01.assess(mr01With('wd-disabled', { 'services.csv': winDefend('Running', 'Disabled') }));
    for (const id of MAL) expect(resultOf(ar, 'MR-01', id), id).toBe('fail');
  });
});

describe('services.csv: the start types the Services console writes are read', () => {
  it('"Manual (Trigger Start)", "Automatic (Delayed Start)" and "Automatic (Delayed Start, Trigger Start)" are read; judged by state', () => {
    const ar = mr01.assess(mr01With('start-qualifiers', {
      'services.csv': (t) => winDefend('Running', 'Automatic (Delayed Start)')(mpsSvc('Running', 'Automatic (Delayed Start, Trigger Start)')(t.replaceAll('"Manual"', '"Manual (Trigger Start)"'))),
    }));
    expect(resultOf(ar, 'MR-01', 'FW-ENABLED')).toBe('pass');
    expect(resultOf(ar, 'MR-01', 'MAL-AV-ON')).toBe('pass');
  });
  it('MpsSvc "Automatic (Trigger Start)" but stopped still fails FW-ENABLED', () => {
    expect(resultOf(mr01.assess(mr01With('trigger-stopped', { 'services.csv': mpsSvc('Stopped', 'Automatic (Trigger Start)') })), 'MR-01', 'FW-ENABLED')).toBe('fail');
  });
  it('an unknown qualifier is refused, naming the file, line and value', () => {
    const d = mr01With('start-unknown', { 'services.csv': (t) => t.replace('"WinRM","Windows Remote Management (WS-Management)","Stopped","Manual"', '"WinRM","Windows Remote Management (WS-Management)","Stopped","Manual (Sometimes)"') });
    const r = mr01.cli(['assess', d, '--out', join(mr01.dir(), 'start-unknown-pkg'), '--now', '2024-03-01T12:00:00Z', '--no-pdf']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/services\.csv at line 11: .*"Manual \(Sometimes\)"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('TIME-SYNC: the console itself is not a time source', () => {
  // collection.json names the console MR01-CONSOLE; w32tm's source is ntp1.hospital.local,0x9.
  const source = (src: string) => ({ 'w32tm.txt': (t: string): string => t.replace('Source: ntp1.hospital.local,0x9', `Source: ${src}`) });
  it('its own host name (qualified, with w32tm\'s flags) and a loopback address fail; another host whose name begins alike passes', () => {
    expect(resultOf(mr01.assess(mr01With('own-host', source('mr01-console.hospital.local,0x9'))), 'MR-01', 'TIME-SYNC')).toBe('fail');
    expect(resultOf(mr01.assess(mr01With('loopback', source('127.0.0.1,0x8'))), 'MR-01', 'TIME-SYNC')).toBe('fail');
    expect(resultOf(mr01.assess(mr01With('other-host', source('mr01-console-ntp.hospital.local,0x9'))), 'MR-01', 'TIME-SYNC')).toBe('pass');
  });
});

describeArsValid('services and key protectors: ARs (mr-01 exports)', mr01.written);
describeArsValid('services and key protectors: ARs (MR-02 sample)', mr02.written);
