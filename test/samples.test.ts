import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { parseDeviations } from '../src/evaluate/deviations.js';
import type { CheckResult, ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { evaluateDevice } from '../src/evaluate/evaluate-device.js';
import type { Snapshot } from '../src/snapshot/types.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const samplesDir = join(root, 'samples');
const schema = JSON.parse(readFileSync(join(root, 'schema', 'snapshot-v1.schema.json'), 'utf8')) as object;

/** Strict Ajv, compiled inside the tests that need it so a schema problem fails only those tests. */
function compileSnapshotSchema(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []))
    .sort();
}

const files = jsonFiles(samplesDir);
const load = (device: string, date: string): Snapshot =>
  JSON.parse(readFileSync(join(samplesDir, device, `${device}_${date}.json`), 'utf8')) as Snapshot;
/** Round 0: round 1 moved four weeks back (scripts/make-samples.mjs). */
const EARLIEST = '2026-09-07';
const FIRST = '2026-10-05';
const LATEST = '2026-11-02';
const DAY = 86_400_000;
const ageDays = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / DAY;

/** The 26 advanced-audit subcategory GUIDs of the DISA Windows 10 STIG GPO (lower case, braced). */
const STIG_AUDIT_GUIDS = [
  '0cce923f', '0cce9237', '0cce9235', '0cce9248', '0cce922b', '0cce9217', '0cce9249', '0cce9216', '0cce9215',
  '0cce921c', '0cce921b', '0cce9244', '0cce9224', '0cce9227', '0cce9245', '0cce922f', '0cce9230', '0cce9231',
  '0cce9232', '0cce9234', '0cce9228', '0cce9213', '0cce9214', '0cce9210', '0cce9211', '0cce9212',
].map((p) => `{${p}-69ae-11d9-bed3-505054503030}`);

describe('samples/ fleet', () => {
  it('holds four consoles with three collection rounds each, and US-01 collected once in round 0, named <id>/<id>_<date>.json', () => {
    expect(files.map((f) => relative(samplesDir, f).split('\\').join('/'))).toEqual([
      'CT-01/CT-01_2026-09-07.json', 'CT-01/CT-01_2026-10-05.json', 'CT-01/CT-01_2026-11-02.json',
      'LAB-01/LAB-01_2026-09-07.json', 'LAB-01/LAB-01_2026-10-05.json', 'LAB-01/LAB-01_2026-11-02.json',
      'MR-01/MR-01_2026-09-07.json', 'MR-01/MR-01_2026-10-05.json', 'MR-01/MR-01_2026-11-02.json',
      'MR-02/MR-02_2026-09-07.json', 'MR-02/MR-02_2026-10-05.json', 'MR-02/MR-02_2026-11-02.json',
      'US-01/US-01_2026-09-07.json',
    ]);
  });

  it('every sample validates against schema/snapshot-v1.schema.json', () => {
    const validate = compileSnapshotSchema();
    for (const file of files) {
      const ok = validate(JSON.parse(readFileSync(file, 'utf8')));
      expect(ok ? [] : validate.errors, relative(root, file)).toEqual([]);
    }
  });

  it('file names agree with device.id and collectedAt, and every section is filled', () => {
    for (const file of files) {
      const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
      const [, id, date] = /([^/\\]+)_(\d{4}-\d{2}-\d{2})\.json$/.exec(file) ?? [];
      expect(s.device.id).toBe(id);
      expect(s.collectedAt.slice(0, 10)).toBe(date);
      expect(s.collectedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
      for (const section of ['firewall', 'hardening', 'malware', 'access', 'audit', 'encryption', 'sources', 'provenance'] as const) {
        expect(s[section], `${id} ${date} ${section}`).toBeDefined();
      }
    }
  });

  it('is exactly what scripts/make-samples.mjs generates (byte for byte, pretty-printed, trailing newline)', () => {
    const out = mkdtempSync(join(tmpdir(), 'ato-samples-'));
    try {
      execFileSync(process.execPath, [join(root, 'scripts', 'make-samples.mjs'), out], { stdio: 'pipe' });
      const generated = jsonFiles(out).map((f) => relative(out, f));
      expect(generated).toEqual(files.map((f) => relative(samplesDir, f)));
      for (const rel of generated) {
        const committed = readFileSync(join(samplesDir, rel), 'utf8');
        expect(readFileSync(join(out, rel), 'utf8'), rel).toBe(committed);
        expect(committed.endsWith('}\n')).toBe(true);
        expect(committed).toBe(JSON.stringify(JSON.parse(committed), null, 2) + '\n');
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('uses real Windows advanced-audit subcategory GUIDs', () => {
    for (const file of files) {
      const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
      for (const sub of s.audit?.subcategories ?? []) expect(STIG_AUDIT_GUIDS).toContain(sub.guid.toLowerCase());
    }
  });
});

describe('samples/README.md trap facts, checked on the data', () => {
  it('MR-01: screen lock 0 in both rounds; BitLocker D: suspended in round 2; SP2 installed; bind password present', () => {
    for (const date of [FIRST, LATEST]) {
      const s = load('MR-01', date);
      expect(s.access?.screenLock?.inactivityTimeoutSecs).toBe(0);
      expect(s.access?.screenLock?.screenSaverActive).toBe(false);
      expect(s.access?.ldap?.bindPassword).toBe('S3cr3t-LDAP-bind!');
      expect(s.encryption?.volumes?.find((v) => v.mountPoint === 'C:')?.keyProtectors).not.toContain('TPM And PIN');
    }
    const first = load('MR-01', FIRST);
    const latest = load('MR-01', LATEST);
    const d1 = first.encryption?.volumes?.find((v) => v.mountPoint === 'D:');
    const d2 = latest.encryption?.volumes?.find((v) => v.mountPoint === 'D:');
    expect([d1?.volumeType, d1?.conversionStatus, d1?.protectionStatus]).toEqual(['data', 'fully-encrypted', 'on']);
    expect([d2?.volumeType, d2?.conversionStatus, d2?.protectionStatus]).toEqual(['data', 'fully-encrypted', 'off']);
    const v1 = first.hardening?.updates?.vendorSoftware;
    const v2 = latest.hardening?.updates?.vendorSoftware;
    expect([v1?.installedVersion, v1?.latestVersion]).toEqual(['XA31A SP1', 'XA31A SP2']);
    expect(Math.floor(ageDays(v1?.latestReleasedOn ?? '', first.collectedAt))).toBe(82);
    expect([v2?.installedVersion, v2?.latestVersion]).toEqual(['XA31A SP2', 'XA31A SP2']);
    // Only MR-01 carries a bind password.
    for (const file of files.filter((f) => !f.includes('MR-01'))) expect(readFileSync(file, 'utf8')).not.toContain('bindPassword');
  });

  it('round 0 is round 1 four weeks earlier: every date-time and day 28 days back, export paths renamed, nothing else', () => {
    const shift = (v: unknown): unknown => {
      if (typeof v === 'string') {
        if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v)) return new Date(Date.parse(v) - 28 * DAY).toISOString().replace('.000Z', 'Z');
        // a day with no time (a vendor's release day, 3271b15) moves back as a day
        if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(Date.parse(`${v}T00:00:00Z`) - 28 * DAY).toISOString().slice(0, 10);
        return v.replace(`_${FIRST}/`, `_${EARLIEST}/`);
      }
      if (Array.isArray(v)) return v.map(shift);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'sha256' ? '' : shift(x)]));
      return v;
    };
    const blankSha = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'sha256' ? '' : x)));
    for (const id of ['MR-01', 'MR-02', 'CT-01', 'LAB-01']) {
      expect(blankSha(load(id, EARLIEST)), id).toEqual(shift(load(id, FIRST)));
    }
  });

  it('MR-02: the bad-logon counter resets after 10 minutes in rounds 0 and 1, 15 in round 2 (LOCKOUT-RESET fixed)', () => {
    expect(load('MR-02', EARLIEST).access?.lockoutPolicy?.local?.resetMinutes).toBe(10);
    expect(load('MR-02', FIRST).access?.lockoutPolicy?.local?.resetMinutes).toBe(10);
    expect(load('MR-02', LATEST).access?.lockoutPolicy?.local?.resetMinutes).toBe(15);
  });

  it('MR-02: lockout duration -1 with threshold 3; signatures exactly 3 days old in round 2; pre-boot PIN', () => {
    const s = load('MR-02', LATEST);
    expect(s.access?.lockoutPolicy?.local).toEqual({ threshold: 3, durationMinutes: -1, resetMinutes: 15 });
    expect(ageDays(s.malware?.antimalware?.signatureUpdatedAt ?? '', s.collectedAt)).toBe(3);
    expect(s.encryption?.volumes?.find((v) => v.volumeType === 'os')?.keyProtectors).toContain('TPM And PIN');
    expect(s.hardening?.removableMedia?.patientDataExport).toBe('enabled');
    const fse = s.access?.accounts?.find((a) => a.name === 'emsfse');
    expect(fse?.enabled).toBe(false);
    expect(ageDays(fse?.lastLogon ?? '', s.collectedAt)).toBeGreaterThan(35);
    // Round 1 -> 2 fixes: public-profile logging and syslog forwarding.
    const first = load('MR-02', FIRST);
    expect(first.firewall?.profiles?.find((p) => p.name === 'public')).toMatchObject({ logDroppedPackets: false, logMaxSizeKB: 4096 });
    expect(s.firewall?.profiles?.every((p) => p.logDroppedPackets === true && (p.logMaxSizeKB ?? 0) >= 16384)).toBe(true);
    expect(ageDays(first.audit?.syslog?.lastSuccessfulSendAt ?? '', first.collectedAt)).toBeGreaterThan(8);
    expect(ageDays(s.audit?.syslog?.lastSuccessfulSendAt ?? '', s.collectedAt)).toBeLessThan(1);
  });

  it('CT-01: max age 0, AppLocker audit-only, DICOM AE without TLS, RDP opened and signatures 12 days old in round 2', () => {
    const first = load('CT-01', FIRST);
    const latest = load('CT-01', LATEST);
    for (const s of [first, latest]) {
      expect(s.access?.passwordPolicy?.local?.maxAgeDays).toBe(0);
      expect(s.access?.lockoutPolicy?.local?.durationMinutes).toBe(10);
      expect(s.malware?.allowlisting?.collections?.map((c) => c.enforcementMode)).toEqual(Array(5).fill('audit-only'));
      expect(s.encryption?.dicom?.applicationEntities?.filter((ae) => ae.role === 'remote' && ae.tls === 'none').map((ae) => ae.aeTitle)).toEqual(['ADV_WS3D']);
      expect([s.access?.ldap?.transport, s.access?.ldap?.signing]).toEqual(['plain', 'none']);
      expect(s.audit?.subcategories?.every((sub) => sub.guid === sub.guid.toUpperCase())).toBe(true);
      const koenig = s.access?.accounts?.find((a) => a.name === 'ct.koenig');
      expect(koenig?.enabled).toBe(true);
      expect(ageDays(koenig?.lastLogon ?? '', s.collectedAt)).toBeGreaterThan(35);
    }
    const rdp = (s: Snapshot) => s.firewall?.rules?.find((r) => r.localPorts?.includes('3389'));
    expect(rdp(first)?.enabled).toBe(false);
    expect(rdp(latest)).toMatchObject({ enabled: true, direction: 'inbound', action: 'allow', remoteAddresses: ['Any'] });
    expect(ageDays(first.malware?.antimalware?.signatureUpdatedAt ?? '', first.collectedAt)).toBeLessThan(1);
    expect(ageDays(latest.malware?.antimalware?.signatureUpdatedAt ?? '', latest.collectedAt)).toBe(12);
  });

  it('LAB-01: Windows 7, lockout threshold 0, max age -1, CMOS clock with leap 3, no DICOM; new local admin in round 2', () => {
    const first = load('LAB-01', FIRST);
    const latest = load('LAB-01', LATEST);
    for (const s of [first, latest]) {
      expect(s.device.os).toMatchObject({ name: 'Windows 7 Professional', build: '7601' });
      expect(s.hardening?.osSupported).toBeUndefined();
      expect(s.access?.lockoutPolicy?.local?.threshold).toBe(0);
      expect(s.access?.passwordPolicy?.local?.maxAgeDays).toBe(-1);
      expect(s.audit?.timeSync).toMatchObject({ source: 'Local CMOS Clock', leapIndicator: 3, lastSuccessfulSyncAt: null });
      expect(s.encryption?.dicom?.applicationEntities).toEqual([]);
      expect(s.encryption?.volumes?.every((v) => v.conversionStatus === 'fully-decrypted' && v.protectionStatus === 'off')).toBe(true);
      expect(s.audit?.subcategories).toHaveLength(23);
      expect(s.access?.screenLock?.inactivityTimeoutSecs).toBeUndefined();
    }
    const clinicalAdmins = (s: Snapshot) =>
      (s.access?.accounts ?? []).filter((a) => a.enabled && a.role === 'clinical' && a.groups?.includes('Administrators')).map((a) => a.name);
    expect(clinicalAdmins(first)).toEqual([]);
    expect(clinicalAdmins(latest)).toEqual(['labtech2']);
  });

  it('registry values of the CAT I registry checks: a realistic mix, LAB-01 failing, CT-01 in secedit casing', () => {
    const reg = (id: string, date = LATEST) => load(id, date).hardening?.registry ?? {};
    const LSA = 'CurrentControlSet\\Control\\Lsa\\';
    for (const date of [FIRST, LATEST]) {
      expect(reg('MR-01', date)[`HKLM\\SYSTEM\\${LSA}LmCompatibilityLevel`]).toBe(5);
      expect(reg('MR-02', date)['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer\\AlwaysInstallElevated']).toBeUndefined();
      expect(reg('CT-01', date)[`HKLM\\System\\${LSA}LmCompatibilityLevel`]).toBe(3);
      expect(reg('CT-01', date)[`HKLM\\SYSTEM\\${LSA}LmCompatibilityLevel`]).toBeUndefined();
      const lab = reg('LAB-01', date);
      expect(lab[`HKLM\\System\\${LSA}NoLMHash`]).toBe(1);
      expect(lab['HKLM\\Software\\Policies\\Microsoft\\Windows\\Installer\\AlwaysInstallElevated']).toBe(1);
      expect(Object.keys(lab).filter((k) => /LmCompatibilityLevel|\\WinRM\\/i.test(k))).toEqual([]);
    }
  });

  it('the latest round carries the required traps across the fleet', () => {
    const latest = ['MR-01', 'MR-02', 'CT-01', 'LAB-01'].map((id) => load(id, LATEST));
    const by = (id: string) => latest.find((s) => s.device.id === id);
    expect(latest.filter((s) => s.access?.lockoutPolicy?.local?.threshold === 0).map((s) => s.device.id)).toEqual(['LAB-01']);
    expect(latest.filter((s) => s.access?.passwordPolicy?.local?.maxAgeDays === -1).map((s) => s.device.id)).toEqual(['LAB-01']);
    expect(latest.filter((s) => s.access?.passwordPolicy?.local?.maxAgeDays === 0).map((s) => s.device.id)).toEqual(['CT-01']);
    expect(latest.filter((s) => s.access?.screenLock?.inactivityTimeoutSecs === 0).map((s) => s.device.id)).toEqual(['MR-01']);
    expect(latest.filter((s) => s.access?.lockoutPolicy?.local?.durationMinutes === -1).map((s) => s.device.id)).toEqual(['MR-02']);
    expect(by('MR-02')?.device.kind).toBe('MR');
    expect(by('LAB-01')?.device.kind).toBe('LAB');
    expect(by('CT-01')?.device.kind).toBe('CT');
  });

  it('coverage and intended values: MR-01 intends 900 where it has 0; LAB-01\'s export did not read HKLM\\SOFTWARE\\Policies', () => {
    const mr01 = load('MR-01', LATEST);
    expect(mr01.access?.screenLock?.inactivityTimeoutSecs).toBe(0);
    expect(mr01.intended?.['/access/screenLock/inactivityTimeoutSecs']).toMatchObject({ value: 900, file: 'MR-01_2026-11-02/GptTmpl.inf' });
    expect(mr01.coverage?.find((c) => c.scope === 'hardening.registry' && c.complete)?.keys).toContain('HKLM\\SOFTWARE\\Policies');
    const lab = load('LAB-01', LATEST);
    const keys = lab.coverage?.filter((c) => c.scope === 'hardening.registry' && c.complete).flatMap((c) => c.keys ?? []) ?? [];
    expect(keys).not.toContain('HKLM\\SOFTWARE\\Policies');
    expect(keys).toContain('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa');
    expect(lab.access?.autologon).toEqual({ enabled: true, defaultPasswordConfigured: true });
  });

  it('US-01: collected once, 2026-09-07, 56 days before the package clock (stale), and MR-02\'s round-2 sync 23 hours before collection', () => {
    const us = load('US-01', EARLIEST);
    expect(Math.floor(ageDays(us.collectedAt, '2026-11-02T18:00:00Z'))).toBe(56);
    const mr02 = load('MR-02', LATEST);
    expect(ageDays(mr02.audit?.timeSync?.lastSuccessfulSyncAt ?? '', mr02.collectedAt) * 24).toBe(23);
  });

  it('deviations.csv: a valid screen-lock deviation for MR-01 and an expired BitLocker one for CT-01', () => {
    const text = readFileSync(join(samplesDir, 'deviations.csv'), 'utf8');
    // compensating_controls is optional (docs/poam.md: it becomes the risk's mitigating factors).
    expect(text.split('\n')[0]).toBe('check_id,device_id,justification,approver,expires,compensating_controls');
    const rows = parseCsv(text, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.check_id, r.device_id, r.expires])).toEqual([
      ['SCREEN-LOCK-TIMEOUT', 'MR-01', '2027-06-30'],
      ['BITLOCKER-PREBOOT', 'CT-01', '2026-09-30'],
    ]);
    for (const r of rows) {
      expect(r.justification?.length).toBeGreaterThan(20);
      expect(r.approver?.length).toBeGreaterThan(3);
    }
    // The accepted screen-lock deviation says what compensates; the expired one need not.
    expect(rows[0]!.compensating_controls?.length).toBeGreaterThan(20);
    // The CT-01 deviation expired before either collection; the MR-01 one outlives both.
    for (const date of [FIRST, LATEST]) {
      expect('2026-09-30' < load('CT-01', date).collectedAt.slice(0, 10)).toBe(true);
      expect('2027-06-30' > load('MR-01', date).collectedAt.slice(0, 10)).toBe(true);
    }
  });
});

describe('samples/README.md expected-results table, checked against the evaluator', () => {
  const { checks, parameters } = loadCatalog();
  const params: ResolvedParams = new Map(parameters.map((p) => [p.id, { id: p.id, value: p.default, source: 'default' }]));
  const deviations = parseDeviations(readFileSync(join(samplesDir, 'deviations.csv'), 'utf8'), 'samples/deviations.csv', new Set(checks.map((c) => c.id)));
  /** The day deviations are judged on: the --now of the README's example run (npm start). */
  const TODAY = '2026-11-02';
  const DEVICES = ['MR-01', 'MR-02', 'CT-01', 'LAB-01', 'US-01'];
  /** Every snapshot, device by device (US-01 was collected in round 0 only). */
  const columns = DEVICES.flatMap((d) => (d === 'US-01' ? [EARLIEST] : [EARLIEST, FIRST, LATEST]).map((date) => ({ device: d, date, head: `${d} ${date.slice(5)}` })));
  const symbol = (r: CheckResult): string => {
    if (r.status === 'pass') return '.';
    if (r.status === 'deviation') return 'F*';
    if (r.status === 'fail') return r.expiredDeviation ? 'F†' : 'F';
    if (r.status === 'not-applicable') return 'n/a';
    return 'not collected';
  };
  const readme = readFileSync(join(samplesDir, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Expected check results'), readme.indexOf('### Why each failure fails'));
  const lines = section.split('\n').filter((l) => l.startsWith('| '));
  const header = lines[0]?.split('|').slice(1, -1).map((c) => c.trim());
  const rows = lines.slice(1).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  const actual = columns.map(({ device, date }) => evaluateDevice(load(device, date), checks, params, deviations, TODAY));

  it('has one column per device and round', () => {
    expect(header).toEqual(['check', ...columns.map((c) => c.head)]);
  });

  it('has one row per check of the catalog, in catalog order, with the result of every snapshot', () => {
    expect(rows.map((r) => r[0])).toEqual(checks.map((c) => c.id));
    const got = checks.map((c, i) => [c.id, ...actual.map((results) => symbol(results[i]!))]);
    expect(rows).toEqual(got);
  });

  it('states the failure count of each latest snapshot', () => {
    const counts = DEVICES.map((d) => {
      const results = actual[columns.findIndex((c) => c.device === d && c.date === (d === 'US-01' ? EARLIEST : LATEST))]!;
      return `${d} ${results.filter((r) => r.status === 'fail' || r.status === 'deviation').length}`;
    });
    const sentence = /Failures per latest snapshot \(2026-11-02\):([^.]*)\./.exec(section.replace(/\s+/g, ' '))?.[1] ?? '';
    const stated = sentence.split(',').map((part) => part.trim().replace(/ \(.*\)$/, ''));
    expect(stated).toEqual(counts);
  });

  it('explains every failure of the table by naming the check in the narrative', () => {
    const narrative = readme.slice(readme.indexOf('### Why each failure fails'), readme.indexOf('## Drift between'));
    const failing = checks.filter((c, i) => actual.some((results) => ['fail', 'deviation'].includes(results[i]!.status))).map((c) => c.id);
    expect(failing.filter((id) => !narrative.includes(`\`${id}\``))).toEqual([]);
  });
});
