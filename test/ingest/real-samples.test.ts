// The parsers on real exports from public repositories (../shared/samples-real, see its README):
// DISA's Windows 10 STIG GPO, four real w32tm outputs, the NSA AppLocker starter policy.
import { expect, it } from 'vitest';
import { ingestFiles, recognise, type ParsedExport } from '../../src/ingest/index.js';
import { describeWithRealSamples, realSample } from './shared-samples.js';
import { mr01SourceDir } from './fixture-folder.js';
import { join } from 'node:path';

function parseReal(rel: string): ParsedExport {
  const input = realSample(rel);
  const r = recognise(input);
  if ('skip' in r) throw new Error(`${rel} was not recognised: ${r.skip}`);
  return r.parser.parse(input);
}

/** Value of the fact at a path (array elements by id, registry entries by lower-case key). */
function factValue(p: ParsedExport, ...path: Array<string | { el: string } | { key: string }>): unknown {
  const want = JSON.stringify(path);
  const f = p.facts.find((x) => JSON.stringify(x.path.map((s) => (typeof s === 'object' && 'key' in s ? { key: s.key } : s))) === want);
  return f?.value;
}

describeWithRealSamples('real DISA Windows 10 STIG GPO (GptTmpl.inf, audit.csv, registry.pol)', () => {
  it('reads GptTmpl.inf (UTF-16LE, CRLF) as a GPO template with the STIG password and lockout policy', () => {
    const input = realSample('disa-win10-gpo/GptTmpl.inf');
    expect(input.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    const p = parseReal('disa-win10-gpo/GptTmpl.inf');
    expect(p.kind).toBe('gpo-template');
    const pw = ['access', 'passwordPolicy', 'local'];
    expect(factValue(p, ...pw, 'minLength')).toBe(14);
    expect(factValue(p, ...pw, 'history')).toBe(24);
    expect(factValue(p, ...pw, 'maxAgeDays')).toBe(60);
    expect(factValue(p, ...pw, 'minAgeDays')).toBe(1);
    expect(factValue(p, ...pw, 'complexity')).toBe(true);
    expect(factValue(p, ...pw, 'reversibleEncryption')).toBe(false);
    expect(factValue(p, 'access', 'lockoutPolicy', 'local', 'threshold')).toBe(3);
    expect(factValue(p, 'access', 'lockoutPolicy', 'local', 'durationMinutes')).toBe(15);
    expect(factValue(p, 'access', 'lockoutPolicy', 'local', 'resetMinutes')).toBe(15);
    // EnableAdminAccount = 1 (the "Ansible fixes" variant), EnableGuestAccount = 0 with the guest renamed.
    expect(factValue(p, 'access', 'accounts', { el: 'builtin:administrator' }, 'enabled')).toBe(true);
    expect(factValue(p, 'access', 'accounts', { el: 'builtin:guest' }, 'enabled')).toBe(false);
    expect(factValue(p, 'access', 'accounts', { el: 'builtin:guest' }, 'name')).toBe('Visitor');
    expect(factValue(p, 'audit', 'securityPrivilegeHolders')).toEqual(['S-1-5-32-544']);
    expect(factValue(p, 'hardening', 'services', { el: 'svc:seclogon' }, 'startType')).toBe('disabled');
    expect(factValue(p, 'hardening', 'registry', { key: 'hklm\\system\\currentcontrolset\\control\\lsa\\fipsalgorithmpolicy\\enabled' })).toBe(1);
    expect(factValue(p, 'hardening', 'registry', { key: 'hklm\\software\\microsoft\\windows\\currentversion\\policies\\system\\inactivitytimeoutsecs' })).toBe(900);
    expect(factValue(p, 'hardening', 'registry', { key: 'hklm\\system\\currentcontrolset\\control\\lsa\\restrictremotesam' })).toBe('O:BAG:BAD:(A;;RC;;;BA)');
    expect(factValue(p, 'hardening', 'registry', { key: 'hklm\\software\\microsoft\\windows nt\\currentversion\\winlogon\\cachedlogonscount' })).toBe('10');
    const lockout = p.facts.find((f) => f.path.join('/') === 'access/lockoutPolicy/local/threshold');
    expect(lockout?.provenance.location).toBe('[System Access] LockoutBadCount, line 9');
  });

  it('reads audit.csv by subcategory GUID (26 subcategories; Group Policy leaves Machine Name empty)', () => {
    const p = parseReal('disa-win10-gpo/audit.csv');
    expect(p.kind).toBe('gpo-audit-csv');
    const guids = new Set(p.facts.filter((f) => f.path[3] === 'guid').map((f) => f.value));
    expect(guids.size).toBe(26);
    const sub = (guid: string, field: string): unknown => factValue(p, 'audit', 'subcategories', { el: guid }, field);
    // Credential Validation: Success and Failure (3); Account Lockout: Failure (2); Logoff: Success (1)
    expect([sub('{0cce923f-69ae-11d9-bed3-505054503030}', 'success'), sub('{0cce923f-69ae-11d9-bed3-505054503030}', 'failure')]).toEqual([true, true]);
    expect([sub('{0cce9217-69ae-11d9-bed3-505054503030}', 'success'), sub('{0cce9217-69ae-11d9-bed3-505054503030}', 'failure')]).toEqual([false, true]);
    expect([sub('{0cce9216-69ae-11d9-bed3-505054503030}', 'success'), sub('{0cce9216-69ae-11d9-bed3-505054503030}', 'failure')]).toEqual([true, false]);
    expect(sub('{0cce922b-69ae-11d9-bed3-505054503030}', 'name')).toBe('Audit Process Creation');
  });

  it('reads registry.pol (binary PReg): autorun and BitLocker policy values under HKLM', () => {
    const p = parseReal('disa-win10-gpo/registry.pol');
    expect(p.kind).toBe('registry-pol');
    const reg = (k: string): unknown => factValue(p, 'hardening', 'registry', { key: k.toLowerCase() });
    expect(reg('HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\NoDriveTypeAutoRun')).toBe(255);
    expect(reg('HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\NoAutorun')).toBe(1);
    expect(reg('HKLM\\Software\\Policies\\Microsoft\\Windows\\Explorer\\NoAutoplayfornonVolume')).toBe(1);
    expect(reg('HKLM\\Software\\Policies\\Microsoft\\FVE\\UseTPMPIN')).toBe(1);
    expect(reg('HKLM\\Software\\Policies\\Microsoft\\FVE\\MinimumPIN')).toBe(6);
    expect(reg('HKLM\\Software\\Policies\\Microsoft\\Windows\\EventLog\\Security\\MaxSize')).toBe(1024000);
    expect(reg('HKLM\\Software\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002\\EccCurves')).toBe('NistP384\nNistP256');
    expect(reg('HKLM\\Software\\Policies\\Microsoft\\Windows\\System\\ShellSmartScreenLevel')).toBe('Block');
    // "**del." records are instructions to the policy engine, not values
    expect(p.facts.some((f) => JSON.stringify(f.path).includes('**del'))).toBe(false);
    expect(p.facts).toHaveLength(98);
  });

  it('does not take gpreport.xml for an export', () => {
    const r = recognise(realSample('disa-win10-gpo/gpreport.xml'));
    expect('skip' in r && r.skip).toMatch(/no known export format/);
  });

  it('merges the three GPO files with a manifest, deriving autorun, FIPS, screen lock and log sizes, with each file\'s real sha256', async () => {
    const files = ['GptTmpl.inf', 'audit.csv', 'registry.pol'].map((f) => realSample(`disa-win10-gpo/${f}`));
    const r = await ingestFiles([...files.map((f) => f.path), join(mr01SourceDir, 'collection.json')], 'disa');
    const s = r.snapshot;
    expect(s.access?.passwordPolicy?.local?.minLength).toBe(14);
    expect(s.access?.lockoutPolicy?.local?.threshold).toBe(3);
    expect(s.hardening?.autorun).toEqual({ noDriveTypeAutoRun: 255, noAutorun: 1, noAutoplayForNonVolume: 1 });
    expect(s.hardening?.fipsMode).toBe(true);
    expect(s.access?.screenLock?.inactivityTimeoutSecs).toBe(900);
    expect(s.audit?.logs).toEqual([{ name: 'Application', maxSizeKB: 32768 }, { name: 'Security', maxSizeKB: 1024000 }, { name: 'System', maxSizeKB: 32768 }]);
    expect(s.hardening?.smb1Enabled).toBe(false);
    for (const f of files) {
      expect(s.sources?.find((x) => x.file === f.name)?.sha256).toBe(f.sha256);
      const provs = Object.values(s.provenance ?? {}).filter((p) => p.file === f.name);
      expect(provs.length).toBeGreaterThan(0);
      for (const p of provs) expect(p.sha256).toBe(f.sha256);
    }
    expect(s.provenance?.['/access/lockoutPolicy/local/threshold']?.location).toBe('[System Access] LockoutBadCount, line 9');
  });
});

describeWithRealSamples('real w32tm /query /status outputs', () => {
  const timeSync = (name: string): Record<string, unknown> => {
    const p = parseReal(`w32tm/${name}.txt`);
    expect(p.kind).toBe('w32tm-status');
    return Object.fromEntries(p.facts.map((f) => [f.path[2] as string, f.value]));
  };
  it('unsynced-local-cmos-poll10 runs on the local CMOS clock, never synchronised, leap indicator 3', () => {
    expect(timeSync('unsynced-local-cmos-poll10')).toEqual({ source: 'Local CMOS Clock', leapIndicator: 3, stratum: 0, lastSuccessfulSyncAt: null, pollIntervalSecs: 1024 });
  });
  it('stratum-4-synced-time-windows syncs from time.windows.com (NTP flags ",0x8" removed)', () => {
    expect(timeSync('stratum-4-synced-time-windows')).toEqual({ source: 'time.windows.com', leapIndicator: 0, stratum: 4, lastSuccessfulSyncAt: { localDateTime: '9/16/2023 12:47:56 PM' }, pollIntervalSecs: 128 });
  });
  it('stratum-5-dc-authenticated syncs from a domain controller', () => {
    expect(timeSync('stratum-5-dc-authenticated')).toMatchObject({ source: 'DCNAME.company.com', stratum: 5, leapIndicator: 0, pollIntervalSecs: 16384 });
  });
  it('last-sync-too-old keeps its 2012 sync time (converted with the console offset at merge)', async () => {
    const t = timeSync('last-sync-too-old');
    expect(t.lastSuccessfulSyncAt).toEqual({ localDateTime: '10/24/2012 8:25:56 AM' });
    const r = await ingestFiles([realSample('w32tm/last-sync-too-old.txt').path, join(mr01SourceDir, 'collection.json')], 'w32tm');
    expect(r.snapshot.audit?.timeSync?.lastSuccessfulSyncAt).toBe('2012-10-24T08:25:56+01:00');
    expect(r.snapshot.audit?.timeSync?.source).toBe('DCName.acmecorp.com');
  });
});

describeWithRealSamples('real NSA AppLocker starter policy', () => {
  it('is audit-only in every rule collection (so not enforced), with its rules counted', () => {
    const p = parseReal('applocker/Windows10_AppLocker_Starter_Policy.xml');
    expect(p.kind).toBe('applocker-policy');
    const modes = p.facts.filter((f) => f.path[4] === 'enforcementMode').map((f) => [(f.path[3] as { el: string }).el, f.value]);
    expect(modes).toEqual([['dll', 'audit-only'], ['exe', 'audit-only'], ['msi', 'audit-only'], ['script', 'audit-only'], ['appx', 'audit-only']]);
    // 144 File*Rule elements in the file, one of them inside an XML comment (not a rule)
    const counts = p.facts.filter((f) => f.path[4] === 'ruleCount').map((f) => f.value as number);
    expect(counts).toEqual([19, 110, 2, 11, 1]);
  });
});
