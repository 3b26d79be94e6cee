// A whole device folder -> one snapshot: schema-valid, provenance with real hashes, the
// effective-value rule, skipped files, and the folder-level errors.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestFolder, ingestInputs, looksLikeExportFolder, type IngestResult } from '../../src/ingest/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { input, materialiseDevice, mr01Files, mr01Input, mr01SourceDir, mr01Text, sha256, utf16 } from './fixture-folder.js';
import { expectUserError, userErrorOf, userErrorOfAsync } from '../support/user-error.js';
import { describeWithRealSamples, realSample } from './shared-samples.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/snapshot-v1.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

const made: string[] = [];
const device = (files?: Map<string, Buffer>): string => {
  const d = materialiseDevice(files);
  made.push(d);
  return d;
};
const emptyDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ato-ingest-empty-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** The value at a JSON pointer. */
function at(doc: unknown, ptr: string): unknown {
  return ptr.split('/').slice(1).reduce<unknown>((v, s) => (v === undefined || v === null ? undefined : (v as Record<string, unknown>)[s.replace(/~1/g, '/').replace(/~0/g, '~')]), doc);
}

describe('the MR-01 fixture folder, as Windows writes it', () => {
  let result: IngestResult;
  let dir: string;
  it('ingests into a snapshot that validates against schema/snapshot-v1.schema.json', async () => {
    dir = device();
    result = await ingestFolder(dir);
    const ok = validate(result.snapshot);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(result.snapshot.schemaVersion).toBe('1.0');
    expect(result.snapshot.device.id).toBe('MR-01');
    expect(result.snapshot.collectedAt).toBe('2024-03-01T10:15:22.1234567+01:00');
    // 31 = the 25 exports of collect.ps1 1.0 plus services.csv, bitlocker-volumes.csv, eventlog-acl.csv, winlogon.json, defender-preferences.json, reg-uaspstor.reg
    expect(result.recognised).toHaveLength(31);
    expect(result.skipped).toEqual([]);
  });

  it('reads every layer', () => {
    const s = result.snapshot;
    expect(s.firewall?.profiles?.map((p) => [p.name, p.enabled, p.defaultInboundAction, p.logDroppedPackets])).toEqual([['domain', true, 'block', true], ['private', true, 'block', true], ['public', true, 'block', false]]);
    expect(s.firewall?.rules?.find((r) => r.name === 'DICOM Storage SCP')?.localPorts).toEqual(['104']);
    expect(s.hardening?.autorun).toEqual({ noDriveTypeAutoRun: 255, noAutorun: 1, noAutoplayForNonVolume: 1 });
    expect(s.hardening?.removableMedia).toEqual({ patientDataExport: 'enabled', encryptExport: false, usbStorageBlocked: true });
    expect(s.hardening?.fipsMode).toBe(true);
    expect(s.hardening?.smb1Enabled).toBe(false);
    expect(s.malware?.allowlisting?.collections?.find((c) => c.type === 'Exe')?.enforcementMode).toBe('enabled');
    expect(s.malware?.antimalware?.signatureUpdatedAt).toBe('2024-02-28T08:01:00Z');
    expect(s.access?.passwordPolicy?.local).toEqual({ minLength: 12, maxLength: 14, history: 24, maxAgeDays: 60, minAgeDays: 1, complexity: true, reversibleEncryption: false });
    expect(s.access?.lockoutPolicy?.local).toEqual({ threshold: 5, durationMinutes: 15, resetMinutes: 15 });
    expect(s.access?.screenLock).toEqual({ inactivityTimeoutSecs: 900, screenSaverActive: true, screenSaverTimeoutSecs: 900, screenSaverIsSecure: true });
    expect(s.access?.logonBanner?.caption).toBe('Authorized use only');
    expect(s.audit?.subcategories).toHaveLength(18);
    expect(s.audit?.logs).toEqual([{ name: 'Application', maxSizeKB: 32768 }, { name: 'Security', maxSizeKB: 1024000 }, { name: 'System', maxSizeKB: 20480 }]);
    expect(s.audit?.securityPrivilegeHolders).toEqual(['S-1-5-32-544']);
    expect(s.audit?.timeSync).toEqual({ source: 'ntp1.hospital.local', leapIndicator: 0, stratum: 3, lastSuccessfulSyncAt: '2024-03-01T09:58:01+01:00', pollIntervalSecs: 1024 });
    expect(s.audit?.syslog?.transport).toBe('tls');
    expect(s.encryption?.volumes?.map((v) => [v.mountPoint, v.conversionStatus, v.protectionStatus])).toEqual([['C:', 'fully-encrypted', 'on'], ['D:', 'fully-decrypted', 'off']]);
    expect(s.encryption?.dicom?.applicationEntities).toHaveLength(4);
    expect(s.device.os?.name).toBe('Microsoft Windows 10 Enterprise LTSC');
    // the language-neutral exports of collect.ps1 1.1
    expect(s.hardening?.services?.find((x) => x.name === 'AppIDSvc')).toEqual({ name: 'AppIDSvc', displayName: 'Application Identity', startType: 'automatic', state: 'running' });
    expect(s.hardening?.services?.find((x) => x.name === 'TrustedInstaller')?.state).toBeUndefined(); // StartPending: left out, with a warning
    expect(s.access?.autologon).toEqual({ enabled: false, defaultPasswordConfigured: false });
    expect(s.audit?.logFiles?.find((l) => l.name === 'System')?.accessPrincipals).toEqual(['NT SERVICE\\EventLog', 'NT AUTHORITY\\SYSTEM', 'BUILTIN\\Administrators', 'BUILTIN\\Users']);
    expect(s.malware?.antimalware?.scheduledScan).toBe(true);
    expect(s.malware?.antimalware?.defaultAction).toBe('quarantine'); // the weakest of remove / quarantine
    expect(s.collector?.uiCulture).toBe('en-US');
    // Get-BitLockerVolume wins over manage-bde (both effective, the PowerShell object does not depend on
    // the language); both readers spell the method alike ("XtsAes128" is read as "XTS-AES 128")
    const method = s.provenance?.['/encryption/volumes/0/method'];
    expect([s.encryption?.volumes?.[0]?.method, method?.file, method?.alternatives?.[0]?.value]).toEqual(['XTS-AES 128', 'bitlocker-volumes.csv', 'XTS-AES 128']);
  });

  it('joins accounts across files: SID-identified built-ins, groups, vendor roles', () => {
    const accounts = result.snapshot.access?.accounts ?? [];
    const admin = accounts.find((a) => a.builtin === 'administrator');
    expect(admin).toMatchObject({ name: 'mradmin', enabled: false, role: 'system', groups: ['Administrators'], lastLogon: '2023-05-13T11:25:41.0000000+02:00' });
    expect(accounts.find((a) => a.name === 'radtech')).toMatchObject({ enabled: true, role: 'clinical', groups: ['Users'], patientDataAccess: true });
    expect(accounts.find((a) => a.name === 'dr.meyer')).toMatchObject({ enabled: true, source: 'ldap', role: 'clinical' });
    expect(accounts.filter((a) => a.name.toLowerCase() === 'mradmin')).toHaveLength(1);
    // A domain account in Administrators is kept without an enabled state (no file gives it):
    // leaving it out would make the accounts list look whole without an administrator.
    expect(accounts.find((a) => a.name === 'HOSPITAL\\jdoe')).toEqual({ name: 'HOSPITAL\\jdoe', groups: ['Administrators'], source: 'ldap' });
    expect(result.warnings.some((w) => w.includes('HOSPITAL\\jdoe'))).toBe(false);
  });

  it('gives every value a provenance whose sha256 is the real SHA-256 of the file on disk', () => {
    const s = result.snapshot;
    const prov = s.provenance ?? {};
    const real = new Map<string, string>();
    for (const f of result.recognised) real.set(f.file, sha256(readFileSync(join(dir, f.file))));
    expect(Object.keys(prov).length).toBeGreaterThan(300);
    for (const [ptr, p] of Object.entries(prov)) {
      expect(at(s, ptr), ptr).not.toBeUndefined();
      expect(p.sha256, ptr).toBe(real.get(p.file));
      expect(p.location, ptr).toMatch(/lines? \d+|bytes? \d+/);
      for (const alt of p.alternatives ?? []) expect(alt.sha256, `${ptr} alternative`).toBe(real.get(alt.file));
    }
    for (const src of s.sources ?? []) expect(src.sha256).toBe(real.get(src.file));
    expect(prov['/access/lockoutPolicy/local/threshold']).toMatchObject({ file: 'secedit.inf', location: '[System Access] LockoutBadCount, line 9' });
  });

  it('has no leaf value without provenance', () => {
    const s = result.snapshot as unknown as Record<string, unknown>;
    const prov = result.snapshot.provenance ?? {};
    const leaves: string[] = [];
    const walk = (v: unknown, ptr: string): void => {
      if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) leaves.push(ptr); // scalar list: one value
      else if (typeof v === 'object' && v !== null) for (const [k, c] of Object.entries(v)) walk(c, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      else leaves.push(ptr);
    };
    // coverage and intended describe the collection (what each file held, what a policy file intends), not console values
    for (const [k, v] of Object.entries(s)) if (!['schemaVersion', 'sources', 'provenance', 'coverage', 'intended'].includes(k)) walk(v, `/${k}`);
    expect(leaves.length).toBeGreaterThan(300);
    expect(leaves.filter((l) => !(l in prov))).toEqual([]);
  });

  it('applies the effective-value rule and keeps the other values: live registry over registry.pol', () => {
    const p = result.snapshot.provenance?.['/hardening/autorun/noDriveTypeAutoRun'];
    expect(p?.file).toBe('reg-policies-system.reg');
    expect(p?.rule).toMatch(/sources disagree.*effective export wins over a policy file/);
    expect(p?.alternatives).toEqual([{ file: 'registry.pol', sha256: sha256(readFileSync(join(dir, 'registry.pol'))), location: expect.stringMatching(/record 1, bytes/), value: 145 }]);
    expect(result.snapshot.hardening?.registry?.['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\NoDriveTypeAutoRun']).toBe(255);
    // the manifest's collection time beats the vendor file's, which is kept
    expect(result.snapshot.provenance?.['/collectedAt']?.alternatives?.[0]).toMatchObject({ file: 'vendor-settings.json', value: '2024-03-01T10:09:40+01:00' });
  });

  it('is deterministic: the same files give the same snapshot, byte for byte', async () => {
    const again = await ingestFolder(device());
    expect(JSON.stringify(again.snapshot)).toBe(JSON.stringify(result.snapshot));
  });

  it('gives the same values from UTF-8 re-saves of the text files (the fixture sources as they are)', async () => {
    const files = mr01Files();
    for (const name of [...files.keys()]) if (name !== 'registry.pol') files.set(name, readFileSync(join(mr01SourceDir, name)));
    const r = await ingestFolder(device(files));
    const strip = (s: Snapshot) => ({ ...s, sources: undefined, provenance: undefined });
    expect(strip(r.snapshot)).toEqual(strip(result.snapshot));
  });

  it('is recognised as an export folder; a folder of snapshot JSON files is not', () => {
    expect(looksLikeExportFolder(dir)).toBe(true);
    const snaps = emptyDir();
    writeFileSync(join(snaps, 'MR-01.json'), JSON.stringify(result.snapshot, null, 2));
    writeFileSync(join(snaps, 'CT-02.json'), JSON.stringify({ ...result.snapshot, device: { id: 'CT-02' } }));
    expect(looksLikeExportFolder(snaps)).toBe(false);
    expect(looksLikeExportFolder(emptyDir())).toBe(false);
    expect(looksLikeExportFolder(join(snaps, 'nope'))).toBe(false);
    // by content alone, whatever the names
    const renamed = emptyDir();
    writeFileSync(join(renamed, 'policy-export-2024.txt'), readFileSync(join(dir, 'secedit.inf')));
    expect(looksLikeExportFolder(renamed)).toBe(true);
  });
});

describe('skipped and unrecognised files', () => {
  it('lists files no parser recognises, with the reason, and still ingests the rest', async () => {
    const files = mr01Files();
    files.set('README.txt', Buffer.from('Collected on site by J. Smith, see ticket 4711.\r\n'));
    files.set('photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, ...Array.from({ length: 64 }, (_, i) => i)]));
    files.set('.DS_Store', Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
    const dir = device(files);
    mkdirSync(join(dir, 'old'));
    const r = await ingestFolder(dir);
    expect(r.skipped).toEqual([
      { file: '.DS_Store', reason: 'hidden file' },
      { file: 'old', reason: 'subfolder (one folder per device; subfolders are not read)' },
      { file: 'README.txt', reason: 'content matches no known export format (first line: "Collected on site by J. Smith, see ticket 4711.")' },
      { file: 'photo.jpg', reason: 'binary file of no known export format' },
    ].sort((a, b) => (a.file < b.file ? -1 : 1)));
    expect(r.recognised).toHaveLength(31);
  });

  it('an empty folder is a UserError, not an empty snapshot', async () => {
    const dir = emptyDir();
    const e = await userErrorOfAsync(() => ingestFolder(dir));
    expect(e.file).toBe(dir);
    expect(e.message).toMatch(/the folder is empty: expected the files written by collect\/collect.ps1/);
  });

  it('a folder with nothing recognisable is a UserError listing what was skipped', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'notes.txt'), 'nothing here\n');
    writeFileSync(join(dir, 'MR-01.json'), '{"schemaVersion": "1.0"}');
    const e = await userErrorOfAsync(() => ingestFolder(dir));
    expect(e.message).toMatch(/no recognised export among 2 files \(MR-01.json: content matches no known export format.*notes.txt: content matches/);
  });

  it('a malformed file fails the whole folder with a UserError naming that file and line', async () => {
    const files = mr01Files();
    const inf = files.get('secedit.inf') as Buffer;
    files.set('secedit.inf', inf.subarray(0, inf.length - 40));
    const e = await userErrorOfAsync(() => ingestFolder(device(files)));
    expect(e.file).toBe('secedit.inf');
    expect(e.where).toMatch(/^line \d+$/);
  });

  it('a symbolic link leading out of the folder is never read: another device\'s vendor file and /etc/passwd are skipped with the reason, a link inside the folder is read', async () => {
    // Another device's folder beside this one, whose vendor file names another location.
    const other = emptyDir();
    const vendor = JSON.parse(readFileSync(join(mr01SourceDir, 'vendor-settings.json'), 'utf8')) as { device: Record<string, unknown> };
    vendor.device.location = 'Other building, room 9';
    writeFileSync(join(other, 'vendor-settings.json'), JSON.stringify(vendor));
    const dir = device();
    unlinkSync(join(dir, 'vendor-settings.json'));
    symlinkSync(join(other, 'vendor-settings.json'), join(dir, 'vendor-settings.json'));
    symlinkSync('/etc/passwd', join(dir, 'accounts.csv'));
    symlinkSync('services.csv', join(dir, 'services-copy.csv'));
    const r = await ingestFolder(dir);
    const reasonOf = (f: string) => r.skipped.find((s) => s.file === f)?.reason;
    // The target by its real, absolute path (not "etc/passwd", which reads as a file inside the folder).
    expect(reasonOf('vendor-settings.json')).toBe(`a symbolic link to "${join(realpathSync(other), 'vendor-settings.json')}", outside the folder: not read (an export folder holds the console's own files; copy the file in if it belongs to this collection)`);
    expect(reasonOf('accounts.csv')).toMatch(new RegExp(`^a symbolic link to "${realpathSync('/etc/passwd')}", outside the folder: not read`));
    // A target named with a line break is shown on one line (it cannot forge a line of output).
    writeFileSync(join(other, 'x\nwarning: all checks passed.csv'), 'x');
    symlinkSync(join(other, 'x\nwarning: all checks passed.csv'), join(dir, 'extra.csv'));
    expect((await ingestFolder(dir)).skipped.find((s) => s.file === 'extra.csv')?.reason).toMatch(/^a symbolic link to "[^\n]*x\\x0Awarning: all checks passed\.csv", outside the folder/);
    expect(r.recognised.map((x) => x.file)).not.toContain('vendor-settings.json');
    expect(r.snapshot.device.location).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain('Other building');
    expect(JSON.stringify(r)).not.toContain('root:');
    expect(r.recognised.map((x) => x.file)).toContain('services-copy.csv');
    // Sniffing does not open it either: a folder of one such link is no export folder.
    const lone = emptyDir();
    symlinkSync(join(other, 'vendor-settings.json'), join(lone, 'vendor-settings.json'));
    expect(looksLikeExportFolder(lone)).toBe(false);
  });

  it('a file whose name no Windows file can have (a line break, CON.csv) is not read; its name is shown escaped, in one line', async () => {
    const files = mr01Files();
    // Both hold a whole services export that would otherwise be read as this console's.
    files.set('services\n.csv', files.get('services.csv')!);
    files.set('CON.csv', files.get('services.csv')!);
    files.set('\u001b[2Jnotes.txt', Buffer.from('x\r\n'));
    const r = await ingestFolder(device(files));
    const named = r.skipped.filter((s) => /Windows/.test(s.reason)).map((s) => s.file).sort();
    expect(named).toEqual(['CON.csv', '\\x1B[2Jnotes.txt', 'services\\x0A.csv']);
    expect(r.skipped.find((s) => s.file === 'CON.csv')?.reason).toMatch(/^"CON" is a device name Windows reserves/);
    expect(r.recognised.map((x) => x.file).filter((f) => /services|CON/.test(f))).toEqual(['services.csv']);
  });

  it('a subfolder and a link out of the folder with a line break in their names are named escaped, in one line', async () => {
    const dir = device();
    mkdirSync(join(dir, 'sub\nwarning: all checks passed'));
    symlinkSync('/etc/hostname', join(dir, 'lnk\nerror: forged.csv'));
    const r = await ingestFolder(dir);
    const files = r.skipped.map((s) => s.file);
    expect(files).toContain('sub\\x0Awarning: all checks passed');
    expect(files).toContain('lnk\\x0Aerror: forged.csv');
    for (const s of r.skipped) expect(s.file).not.toMatch(/[\r\n]/);
  });

  it('names and messages collection.json states are shown in one line each: a line break in them cannot forge a warning', async () => {
    const files = mr01Files();
    const manifest = JSON.parse(files.get('collection.json')!.toString('utf8').replace(/^\uFEFF/, '')) as { files: string[]; errors: unknown[] };
    manifest.files.push('x\nwarning: all checks passed');
    manifest.errors.push({ file: 'gone.txt\r\nforged', message: 'exit\nerror: none' });
    files.set('collection.json', Buffer.from(JSON.stringify(manifest)));
    const r = await ingestFolder(device(files));
    const said = r.warnings.filter((w) => /all checks passed|forged/.test(w));
    expect(said).toHaveLength(2);
    for (const w of said) expect(w).not.toMatch(/[\r\n]/);
    expect(said.join(' ')).toContain('x\\x0Awarning: all checks passed');
  });

  it('a manifest alone is not an export folder', () => {
    expect(() => ingestInputs([mr01Input('collection.json')], 'MR-01')).toThrow(/only the collection manifest was recognised/);
  });
});

describe('identity and collection time', () => {
  it('no collection time anywhere is a UserError naming what is missing (never the current time)', () => {
    const vendor = JSON.parse(readFileSync(join(mr01SourceDir, 'vendor-settings.json'), 'utf8')) as Record<string, unknown>;
    delete vendor.collectedAt;
    const e = (() => {
      try {
        ingestInputs([mr01Input('secedit.inf'), input('vendor-settings.json', JSON.stringify(vendor))], 'MR-01');
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    expect(e?.name).toBe('UserError');
    expect(e?.message).toMatch(/^MR-01: no collection time found: expected "collectedAt" in collection.json .* or in the vendor settings file/);
  });

  it('no device id anywhere is a UserError', () => {
    const manifest = JSON.parse(readFileSync(join(mr01SourceDir, 'collection.json'), 'utf8')) as Record<string, unknown>;
    delete manifest.deviceId;
    expect(() => ingestInputs([mr01Input('secedit.inf'), input('collection.json', JSON.stringify(manifest))], 'X')).toThrow(/no device id found/);
  });

  it('a vendor settings file of another device is refused, both ids named; a difference of case only is the same device', () => {
    const vendorOf = (id: string) => input('vendor-settings.json', readFileSync(join(mr01SourceDir, 'vendor-settings.json'), 'utf8').replace('"id": "MR-01"', `"id": "${id}"`));
    const files = (id: string) => [mr01Input('collection.json'), mr01Input('secedit.inf'), vendorOf(id)];
    const e = (() => {
      try {
        ingestInputs(files('CT-07'), 'exports/MR-01');
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    expect(e?.name).toBe('UserError');
    expect(e?.message).toMatch(/^exports\/MR-01: the files name different devices: collection\.json \(\/deviceId, line 7\) says "MR-01", vendor-settings\.json \(\/device\/id, line 4\) says "CT-07"/);
    expect(ingestInputs(files('mr-01'), 'exports/MR-01').snapshot.device.id).toBe('MR-01');
  });

  it('a vendor settings file naming another hostname than collection.json is refused, both named (it was read silently, collection.json\'s winning); a difference of case only is the same computer', () => {
    const vendorOf = (host: string) => input('vendor-settings.json', readFileSync(join(mr01SourceDir, 'vendor-settings.json'), 'utf8').replace('"id": "MR-01",', `"id": "MR-01", "hostname": "${host}",`));
    const files = (host: string) => [mr01Input('collection.json'), mr01Input('secedit.inf'), vendorOf(host)];
    const e = userErrorOf(() => ingestInputs(files('CT02-CONSOLE'), 'exports/MR-01'));
    expect(e.file).toBe('exports/MR-01');
    expect(e.message).toMatch(/^exports\/MR-01: the files name different hostnames: collection\.json \(\/hostname, line 8\) says "MR01-CONSOLE", vendor-settings\.json \(\/device\/hostname, line 4\) says "CT02-CONSOLE"; one device folder must hold one device's collection/);
    expect(ingestInputs(files('mr01-console'), 'exports/MR-01').snapshot.device.hostname).toBe('MR01-CONSOLE');
  });

  describe("the computer a PowerShell export was collected from (PSComputerName)", () => {
    // Export-Csv of objects returned through remoting: PSComputerName as the last column, one value a row.
    const rulesFrom = (...hosts: string[]) => {
      const lines = readFileSync(join(mr01SourceDir, 'firewall-rules.csv'), 'utf8').trimEnd().split('\n');
      return input('firewall-rules.csv', lines.map((l, i) => `${l},"${i === 0 ? 'PSComputerName' : hosts[Math.min(i - 1, hosts.length - 1)]}"`).join('\r\n') + '\r\n');
    };
    const folder = (rules: ReturnType<typeof input>) => [mr01Input('collection.json'), mr01Input('secedit.inf'), rules];

    it('a firewall CSV naming another computer than collection.json is refused, both places named (it was read as this console\'s firewall)', () => {
      const e = userErrorOf(() => ingestInputs(folder(rulesFrom('CT02-CONSOLE')), 'exports/MR-01'));
      expect(e.file).toBe('exports/MR-01');
      expect(e.message).toMatch(/the files name different hostnames: collection\.json \(\/hostname, line 8\) says "MR01-CONSOLE", firewall-rules\.csv \(line 2, column PSComputerName\) says "CT02-CONSOLE"; one device folder must hold one device's collection/);
    });

    it('the same computer in another case or as its DNS name is read; so is an empty PSComputerName or localhost', () => {
      for (const host of ['mr01-console', 'MR01-CONSOLE.radiology.example', '', 'localhost']) {
        const r = ingestInputs(folder(rulesFrom(host)), 'exports/MR-01');
        expect(r.snapshot.device.hostname).toBe('MR01-CONSOLE');
        expect(r.snapshot.firewall?.rules?.length).toBeGreaterThan(0);
      }
    });

    it('rows of two computers in one file are refused, naming the line of the second', () => {
      const e = userErrorOf(() => ingestInputs(folder(rulesFrom('MR01-CONSOLE', 'CT02-CONSOLE')), 'exports/MR-01'));
      expect(e.file).toBe('firewall-rules.csv');
      expect(e.where).toBe('line 3');
      expect(e.message).toMatch(/several computers' values: line 2, column PSComputerName says "MR01-CONSOLE", line 3, column PSComputerName says "CT02-CONSOLE"/);
    });

    it('a ConvertTo-Json export (Get-MpComputerStatus) naming another computer is refused with its line', () => {
      // Collected from CT02 through remoting: PSComputerName and the CIM instance's ServerName both name it.
      const defender = input('defender.json', readFileSync(join(mr01SourceDir, 'defender.json'), 'utf8').replace('"PSComputerName":  null', '"PSComputerName":  "CT02-CONSOLE"').replaceAll('MR01-CONSOLE', 'CT02-CONSOLE'));
      const e = userErrorOf(() => ingestInputs([mr01Input('collection.json'), mr01Input('secedit.inf'), defender], 'exports/MR-01'));
      expect(e.message).toMatch(/different hostnames: collection\.json \(\/hostname, line 8\) says "MR01-CONSOLE", defender\.json \(\/PSComputerName, line 64\) says "CT02-CONSOLE"/);
    });

    it('auditpol /backup\'s Machine Name naming another computer is refused, both places named; empty (a GPO\'s audit.csv) or the same computer is read', () => {
      const auditFrom = (host: string) => input('auditpol.csv', readFileSync(join(mr01SourceDir, 'auditpol.csv'), 'utf8').replaceAll('MR01-CONSOLE', host));
      const e = userErrorOf(() => ingestInputs([mr01Input('collection.json'), mr01Input('secedit.inf'), auditFrom('CT02-CONSOLE')], 'exports/MR-01'));
      expect(e.message).toMatch(/the files name different hostnames: collection\.json \(\/hostname, line 8\) says "MR01-CONSOLE", auditpol\.csv \(line 2, column Machine Name\) says "CT02-CONSOLE"/);
      for (const host of ['mr01-console', 'MR01-CONSOLE.radiology.example']) {
        expect(ingestInputs([mr01Input('collection.json'), mr01Input('secedit.inf'), auditFrom(host)], 'exports/MR-01').snapshot.device.hostname).toBe('MR01-CONSOLE');
      }
      const gpo = readFileSync(join(mr01SourceDir, 'auditpol.csv'), 'utf8').replace(/^MR01-CONSOLE,/gm, ',');
      expect(ingestInputs([mr01Input('collection.json'), mr01Input('secedit.inf'), input('auditpol.csv', gpo)], 'exports/MR-01').snapshot.device.hostname).toBe('MR01-CONSOLE');
    });

    it('auditpol.csv rows of two computers are refused, naming the line of the second', () => {
      const lines = readFileSync(join(mr01SourceDir, 'auditpol.csv'), 'utf8').split('\n');
      lines[3] = lines[3]!.replace('MR01-CONSOLE', 'CT02-CONSOLE');
      const e = userErrorOf(() => ingestInputs([mr01Input('collection.json'), mr01Input('secedit.inf'), input('auditpol.csv', lines.join('\n'))], 'exports/MR-01'));
      expect(e.file).toBe('auditpol.csv');
      expect(e.where).toBe('line 4');
      expect(e.message).toMatch(/line 2, column Machine Name says "MR01-CONSOLE", line 4, column Machine Name says "CT02-CONSOLE"/);
    });

    it('Get-MpComputerStatus run against another computer through a CIM session (PSComputerName empty, CimSystemProperties.ServerName CT02) is refused', () => {
      const defender = input('defender.json', readFileSync(join(mr01SourceDir, 'defender.json'), 'utf8').replaceAll('MR01-CONSOLE', 'CT02-CONSOLE'));
      const e = userErrorOf(() => ingestInputs([mr01Input('collection.json'), mr01Input('secedit.inf'), defender], 'exports/MR-01'));
      expect(e.message).toMatch(/different hostnames: collection\.json \(\/hostname, line 8\) says "MR01-CONSOLE", defender\.json \(\/CimSystemProperties\/ServerName, line 99\) says "CT02-CONSOLE"/);
      expect(ingestInputs([mr01Input('collection.json'), mr01Input('secedit.inf'), mr01Input('defender.json')], 'exports/MR-01').snapshot.device.hostname).toBe('MR01-CONSOLE');
    });
  });

  it('one file giving one value twice, differently, is refused with both places; given twice alike, it is read', () => {
    const profiles = readFileSync(join(mr01SourceDir, 'firewall-profiles.csv'), 'utf8').trimEnd();
    const publicRow = profiles.split('\n').find((l) => l.startsWith('"Public"'))!;
    const withRow = (row: string) => [mr01Input('collection.json'), input('firewall-profiles.csv', `${profiles}\n${row}\n`)];
    // The Public profile a second time, off: which row holds decides FW-ENABLED.
    expectUserError(
      () => ingestInputs(withRow(publicRow.replace('"Public","True"', '"Public","False"')), 'MR-01'),
      'firewall-profiles.csv', /^line 4, Public profile, column Enabled$/,
      /\/firewall\/profiles\/\[public\]\/enabled is given twice, differently: true here, false at line 5, Public profile, column Enabled/,
    );
    const net = readFileSync(join(mr01SourceDir, 'net-accounts.txt'), 'utf8').replace(/^(Lockout threshold:\s+)5$/m, '$1Never\n$15');
    expectUserError(() => ingestInputs([mr01Input('collection.json'), input('net-accounts.txt', net)], 'MR-01'), 'net-accounts.txt', /^"Lockout threshold", line 6 \(Never\)$/, /\/access\/lockoutPolicy\/local\/threshold is given twice, differently: 0 here, 5 at "Lockout threshold", line 7/);
    const same = ingestInputs(withRow(publicRow), 'MR-01').snapshot;
    expect(same.firewall?.profiles?.find((p) => p.name === 'public')?.enabled).toBe(true);
  });

  it('a value the snapshot schema rejects is a UserError naming its source file and location', () => {
    const manifest = readFileSync(join(mr01SourceDir, 'collection.json'), 'utf8').replace('"deviceId":  "MR-01"', '"deviceId":  "MR 01 (left)"');
    expectUserError(() => ingestInputs([mr01Input('secedit.inf'), input('collection.json', manifest)], 'X'), 'collection.json', /^\/deviceId, line 7$/, /the value "MR 01 \(left\)" read for \/device\/id does not have the expected form/);
  });

  it('without a culture in the manifest, a local time that reads as two dates keeps both (never en-US alone); the offset comes from collectedAt', () => {
    const manifest = JSON.parse(readFileSync(join(mr01SourceDir, 'collection.json'), 'utf8')) as Record<string, unknown>;
    delete manifest.culture;
    delete manifest.utcOffset;
    manifest.collectedAt = '2024-03-01T04:15:22-05:00';
    const r = ingestInputs([mr01Input('w32tm.txt'), input('collection.json', JSON.stringify(manifest))], 'X');
    // "3/1/2024": 1 March (en-US) or 3 January (en-GB, en-AU): the earliest and the latest reading.
    expect(r.snapshot.audit?.timeSync?.lastSuccessfulSyncAt).toBe('2024-01-03T09:58:01-05:00/2024-03-01T09:58:01-05:00');
    expect(r.snapshot.provenance?.['/audit/timeSync/lastSuccessfulSyncAt']?.location).toMatch(/local time "3\/1\/2024 9:58:01 AM" read as 2024-01-03T09:58:01 \("d\/M\/yyyy h:mm:ss tt"\) or 2024-03-01T09:58:01 \("M\/d\/yyyy h:mm:ss tt"\): the export names no culture; UTC-05:00/);
    expect(r.warnings.join('\n')).toMatch(/w32tm\.txt: the local time "3\/1\/2024 9:58:01 AM" reads as .* collection\.json names no culture/);
    expect(validate(r.snapshot), JSON.stringify(validate.errors)).toBe(true);
    // A text only one culture's order reads is read so: "24.10.2012 08:25:56" (day first, 24-hour clock).
    const de = ingestInputs([input('w32tm.txt', mr01Text('w32tm.txt').replace(/Last Successful Sync Time: .*/, 'Last Successful Sync Time: 24.02.2024 08:25:56')), input('collection.json', JSON.stringify(manifest))], 'X');
    expect(de.snapshot.audit?.timeSync?.lastSuccessfulSyncAt).toBe('2024-02-24T08:25:56-05:00');
  });

  it('a local time that does not fit the console\'s culture is a UserError naming the file', () => {
    const manifest = readFileSync(join(mr01SourceDir, 'collection.json'), 'utf8').replace('"M/d/yyyy"', '"dd.MM.yyyy"').replace('"h:mm:ss tt"', '"HH:mm:ss"');
    expectUserError(() => ingestInputs([mr01Input('w32tm.txt'), input('collection.json', manifest)], 'X'), 'w32tm.txt', /^Last Successful Sync Time, line 7$/, /expected a local date and time in the console's format "dd.MM.yyyy HH:mm:ss"/);
  });

  it('warns about files the manifest lists that are missing', () => {
    const r = ingestInputs([mr01Input('collection.json'), mr01Input('w32tm.txt')], 'MR-01');
    expect(r.warnings).toContain('collection.json lists secedit.inf, which is not among the recognised files of MR-01');
  });

  it('a file collection.json says this collection did not write (an error, not in "files") is an earlier collection\'s: left out, its part not collected with the script\'s reason', () => {
    const all = mr01Files();
    const manifest = JSON.parse(all.get('collection.json')!.toString('utf8').replace(/^\uFEFF/, '')) as { files: string[]; errors: Array<{ file: string; message: string }> };
    const reason = 'skipped: the console\'s display language is not English (firewall-profiles.csv, from Get-NetFirewallProfile, holds the same settings)';
    manifest.files = manifest.files.filter((f) => f !== 'firewall-netsh.txt');
    manifest.errors = [{ file: 'firewall-netsh.txt', message: reason }];
    const inputs = [...all].map(([name, bytes]) => input(name, name === 'collection.json' ? JSON.stringify(manifest) : bytes));
    const r = ingestInputs(inputs, 'MR-01');
    // Listed as skipped with the reason, not as ingested; nothing of it is in the snapshot; its scopes are not collected from it.
    expect(r.recognised.map((x) => x.file)).not.toContain('firewall-netsh.txt');
    expect(r.skipped).toContainEqual({ file: 'firewall-netsh.txt', reason: `collection.json says this collection did not write it (${reason}), so the file is another collection's, of an unknown time` });
    expect(JSON.stringify(r.snapshot.provenance)).not.toContain('firewall-netsh.txt');
    const fromIt = (r.snapshot.coverage ?? []).filter((c) => c.source === 'firewall-netsh.txt');
    expect(fromIt.length).toBeGreaterThan(0);
    for (const c of fromIt) expect(c).toMatchObject({ complete: false, note: `not collected: ${reason}` });
    // Listed as written (and as failing in part), the same file is read.
    manifest.files.push('firewall-netsh.txt');
    const partly = ingestInputs([...all].map(([name, bytes]) => input(name, name === 'collection.json' ? JSON.stringify(manifest) : bytes)), 'MR-01');
    expect(JSON.stringify(partly.snapshot.provenance)).toContain('firewall-netsh.txt');
    expect(partly.skipped.map((x) => x.file)).not.toContain('firewall-netsh.txt');
  });
});

describe('the effective-value rule: the console\'s own export wins over a GPO template', () => {
  // A GPO template as Group Policy writes it: no RequireLogonToChangePassword.
  const gpo = utf16(`[Unicode]\nUnicode=yes\n[System Access]\nMinimumPasswordLength = 14\nLockoutBadCount = 3\nPasswordHistorySize = 24\n[Registry Values]\nMACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\InactivityTimeoutSecs=4,600\n[Version]\nsignature="$CHICAGO$"\nRevision=1\n`);

  it('keeps both values in the provenance: rule and alternatives', () => {
    const tmpl = input('GptTmpl.inf', gpo);
    const r = ingestInputs([mr01Input('collection.json'), mr01Input('secedit.inf'), tmpl], 'MR-01');
    expect(r.recognised.find((f) => f.file === 'GptTmpl.inf')?.kind).toBe('gpo-template');
    expect(r.snapshot.access?.passwordPolicy?.local?.minLength).toBe(12);
    const p = r.snapshot.provenance?.['/access/passwordPolicy/local/minLength'];
    expect(p).toEqual({
      file: 'secedit.inf',
      sha256: mr01Input('secedit.inf').sha256,
      location: '[System Access] MinimumPasswordLength, line 6',
      rule: "sources disagree; effective value from secedit.inf (secedit /export INF): the console's own effective export wins over a policy file, which says what should be applied, not what is (GPO security template GptTmpl.inf)",
      alternatives: [{ file: 'GptTmpl.inf', sha256: tmpl.sha256, location: '[System Access] MinimumPasswordLength, line 4', value: 14 }],
    });
    // agreeing sources are listed too
    expect(r.snapshot.provenance?.['/access/passwordPolicy/local/history']?.rule).toBe('2 sources agree; effective value from secedit.inf (secedit /export INF)');
    // derived values carry the rule of the registry value they come from
    expect(r.snapshot.access?.screenLock?.inactivityTimeoutSecs).toBe(900);
    expect(r.snapshot.provenance?.['/access/screenLock/inactivityTimeoutSecs']?.alternatives?.[0]).toMatchObject({ file: 'GptTmpl.inf', value: 600 });
  });

  it('two files of the same kind that disagree are a UserError (one folder, one collection)', () => {
    const a = input('a.reg', utf16('Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy]\n"Enabled"=dword:00000001\n\n'));
    const b = input('b.reg', utf16('Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy]\n"Enabled"=dword:00000000\n\n'));
    expect(() => ingestInputs([mr01Input('collection.json'), a, b], 'MR-01')).toThrow(/two files of the same kind disagree on .*FipsAlgorithmPolicy\\Enabled: a.reg .* says 1, b.reg .* says 0/);
  });

  it('two files of the same kind that disagree where neither gives the value (secedit wins over both net accounts files) are a UserError too, naming both files', () => {
    const net = mr01Text('net-accounts.txt');
    const other = input('net-accounts (2).txt', utf16(net.replace(/^(Maximum password age \(days\):\s+)60$/m, '$190')));
    const ins = [mr01Input('collection.json'), mr01Input('secedit.inf'), mr01Input('net-accounts.txt'), other];
    expect(() => ingestInputs(ins, 'MR-01')).toThrow(/two files of the same kind disagree on \/access\/passwordPolicy\/local\/maxAgeDays: net-accounts \(2\)\.txt \("Maximum password age \(days\)", line 3\) says 90, net-accounts\.txt \("Maximum password age \(days\)", line 3\) says 60; one device folder must hold one collection/);
    // The same export under two names agrees with itself: read as one.
    const copy = input('net-accounts (2).txt', utf16(net));
    expect(ingestInputs([mr01Input('collection.json'), mr01Input('secedit.inf'), mr01Input('net-accounts.txt'), copy], 'MR-01').snapshot.access?.passwordPolicy?.local?.maxAgeDays).toBe(60);
  });
});

describeWithRealSamples('the effective-value rule with the real DISA GptTmpl.inf', () => {
  it('the console\'s secedit export (12, 5) wins over the DISA GPO (14, 3); the GPO values stay as alternatives', () => {
    const real = realSample('disa-win10-gpo/GptTmpl.inf');
    const r = ingestInputs([mr01Input('collection.json'), mr01Input('secedit.inf'), real], 'MR-01');
    expect(r.snapshot.access?.passwordPolicy?.local?.minLength).toBe(12);
    expect(r.snapshot.access?.lockoutPolicy?.local?.threshold).toBe(5);
    const p = r.snapshot.provenance?.['/access/lockoutPolicy/local/threshold'];
    expect(p?.file).toBe('secedit.inf');
    expect(p?.rule).toMatch(/effective export wins over a policy file/);
    expect(p?.alternatives).toEqual([{ file: 'GptTmpl.inf', sha256: real.sha256, location: '[System Access] LockoutBadCount, line 9', value: 3 }]);
    // the built-in guest: renamed "Visitor" by the GPO, still "Guest" in the export
    const guest = r.snapshot.access?.accounts?.find((a) => a.builtin === 'guest');
    expect(guest?.name).toBe('Guest');
    const idx = r.snapshot.access?.accounts?.indexOf(guest!);
    expect(r.snapshot.provenance?.[`/access/accounts/${idx}/name`]?.alternatives).toEqual([expect.objectContaining({ file: 'GptTmpl.inf', value: 'Visitor' })]);
  });
});
