// Coverage (issue 11 §1): an absent value is "not set" only where a source that would hold it was
// collected, and a list is the whole list only where a source collected all of it. The three
// over-claims of the issue, on DISA's real Windows 10 STIG GPO (../shared/samples-real), and the
// effective export deciding whole sections, with the intended value shown as such.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ControlAggregator } from '../src/assess/controls.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { controlInfo } from '../src/catalog/objectives.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import type { Check } from '../src/catalog/types.js';
import { checkStatus, evaluateCheck, makeContext, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { leanSnapshot } from '../src/drift/side.js';
import { ingestFiles, ingestInputs } from '../src/ingest/index.js';
import { resolveParameters } from '../src/params/resolve.js';
import { fieldCoverage, listCoverage, vendorFieldAbsence, vendorSourceState } from '../src/snapshot/coverage.js';
import { MASKED_REASON_HEAD, REDACTED } from '../src/snapshot/secrets.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { input, mr01SourceDir, utf16 } from './ingest/fixture-folder.js';
import { describeWithRealSamples, realSample } from './ingest/shared-samples.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const byId = (id: string): Check => catalog.checks.find((c) => c.id === id)!;
const manifest = join(mr01SourceDir, 'collection.json');
const tmp = mkdtempSync(join(tmpdir(), 'ato-coverage-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Device D, the checks of one control, all results: the finding's state as `assess` would give it. */
function controlState(control: string, snapshot: Snapshot): string {
  const index = loadControlIndex();
  const agg = new ControlAggregator(catalog.checks, (id) => controlInfo(index, id), 'moderate');
  agg.addDevice(snapshot.device.id, catalog.checks.map((c) => evaluateCheck(c, snapshot, params).status), () => undefined);
  return agg.findings().find((f) => f.controlId === control)!.state;
}

describeWithRealSamples('the three over-claims of a GPO template read alone (DISA Windows 10 STIG GptTmpl.inf)', () => {
  const gptTmpl = () => realSample('disa-win10-gpo/GptTmpl.inf');

  it('AlwaysInstallElevated, which [Registry Values] cannot hold, is not collected (not a pass), and cm-11 is not satisfied', async () => {
    const s = (await ingestFiles([gptTmpl().path, manifest], 'disa')).snapshot;
    expect(Object.keys(s.hardening?.registry ?? {}).some((k) => /AlwaysInstallElevated/i.test(k))).toBe(false);
    const r = evaluateCheck(byId('OS-INSTALLER-NO-ELEVATION'), s, params);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toMatch(/^no registry export covering HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer; registry values also came from GptTmpl\.inf \(\[Registry Values\]: only the values the template sets\)/);
    expect(controlState('cm-11', s)).toBe('not-satisfied');
  });

  it('WinRM AllowBasic (an administrative-template setting no INF holds) is not collected, not a fail', async () => {
    const s = (await ingestFiles([gptTmpl().path, manifest], 'disa')).snapshot;
    const r = evaluateCheck(byId('WINRM-NO-BASIC-AUTH'), s, params);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toContain('no registry export covering HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WinRM\\Client');
    expect(r.reason).toContain('no registry export covering HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WinRM\\Service');
  });

  it('ACCOUNT-INACTIVE on the two built-ins an INF names is not collected, and ac-2.3 is not satisfied', async () => {
    // The template as the STIG wants it (EnableAdminAccount = 0): both built-ins disabled, nothing idle among them.
    const text = utf16(gptTmpl().bytes.subarray(2).toString('utf16le').replace(/EnableAdminAccount = 1/, 'EnableAdminAccount = 0'));
    writeFileSync(join(tmp, 'GptTmpl.inf'), text);
    const s = (await ingestFiles([join(tmp, 'GptTmpl.inf'), manifest], 'disa')).snapshot;
    expect(s.access?.accounts?.map((a) => [a.builtin, a.enabled])).toEqual([['administrator', false], ['guest', false]]);
    expect(s.coverage?.find((c) => c.scope === 'access.accounts')).toMatchObject({ source: 'GptTmpl.inf', complete: false, effective: false });
    const r = evaluateCheck(byId('ACCOUNT-INACTIVE'), s, params);
    expect(r.status).toBe('not-collected');
    // Named as the check's wording names the list, the source file kept (it is evidence).
    expect(r.reason).toContain(`${byId('ACCOUNT-INACTIVE').wording!.items} hold only part of the list: GptTmpl.inf (only the built-in Administrator and Guest`);
    expect(r.reason).not.toContain('access.accounts');
    expect(controlState('ac-2.3', s)).toBe('not-satisfied');
    // The built-ins are named by the INF, a GPO template: what it intends, not the accounts' state on the console.
    const builtin = evaluateCheck(byId('ACCOUNT-BUILTIN'), s, params);
    expect(builtin.status).toBe('not-collected');
    expect(builtin.reason).toMatch(/only a policy file gives the values read \(GptTmpl\.inf\).*not what is in force/);
  });

  it('the whole DISA GPO (template, registry.pol, audit.csv) alone: its values show intent, never a pass; a fail it states stands; the coverage names each file', async () => {
    const files = ['GptTmpl.inf', 'registry.pol', 'audit.csv'].map((f) => realSample(`disa-win10-gpo/${f}`).path);
    const s = (await ingestFiles([...files, manifest], 'disa')).snapshot;
    expect(s.coverage?.map((c) => [c.scope, c.source, c.complete])).toEqual([
      ['access.accounts', 'GptTmpl.inf', false],
      ['audit.subcategories', 'audit.csv', false],
      ['hardening.registry', 'GptTmpl.inf', false],
      ['hardening.registry', 'registry.pol', false],
      ['hardening.services', 'GptTmpl.inf', false],
    ]);
    // registry.pol sets AlwaysInstallElevated = 0: what Group Policy should apply, not shown in force
    const installer = evaluateCheck(byId('OS-INSTALLER-NO-ELEVATION'), s, params);
    expect(installer.status).toBe('not-collected');
    expect(installer.reason).toMatch(/only a policy file gives the values read \(registry\.pol\).*would be pass/);
    // the audit subcategories the GPO configures: 26 of 26 as required in audit.csv, none shown in force
    expect(evaluateCheck(byId('AUDIT-SUBCATEGORIES'), s, params).status).toBe('not-collected');
    // No check passes on a policy value, so no control (nor objective) is satisfied by the GPO alone.
    const results = catalog.checks.map((c) => evaluateCheck(c, s, params));
    const passes = results.filter((r) => r.status === 'pass' || r.status === 'not-applicable');
    for (const r of passes) expect(r.provenance.filter((p) => /GptTmpl\.inf|registry\.pol|audit\.csv/.test(p.file)), r.checkId).toEqual([]);
    expect(passes.map((r) => r.checkId)).toEqual(['OS-SUPPORTED']); // from the collection manifest
    for (const control of ['ac-2.4', 'ac-6.9', 'au-4', 'au-9.4', 'ia-5.1', 'ac-7', 'cm-11']) expect(controlState(control, s), control).not.toBe('satisfied');
    // A fail the policy itself states stays a fail (registry.pol enables WinRM service Basic authentication).
    expect(evaluateCheck(byId('WINRM-NO-BASIC-AUTH'), s, params).status).toBe('fail');
    // diff and monitor (status-only, on drift's lean snapshot) decide as evaluateCheck does.
    const lean = leanSnapshot(s);
    const ctx = makeContext(lean, params);
    for (const c of catalog.checks) expect(checkStatus(c, lean, ctx), c.id).toBe(evaluateCheck(c, s, params).status);
  });
});

describe('a full reg export of the key proves a value absent', () => {
  it('AlwaysInstallElevated absent from the MR-01 fixture\'s reg export of HKLM\\SOFTWARE\\Policies passes (the Windows default), and the coverage says why', async () => {
    const files = ['reg-policies.reg', 'collection.json'].map((f) => join(mr01SourceDir, f));
    const s = (await ingestFiles(files, 'mr-01')).snapshot;
    expect(s.coverage).toEqual([{ scope: 'hardening.registry', source: 'reg-policies.reg', kind: 'reg-export', effective: true, complete: true, keys: ['HKLM\\SOFTWARE\\Policies'] }]);
    expect(fieldCoverage(s, 'hardening.registry.HKLM\\Software\\Policies\\Microsoft\\Windows\\Installer\\AlwaysInstallElevated')).toEqual({ covered: true });
    const r = evaluateCheck(byId('OS-INSTALLER-NO-ELEVATION'), s, params);
    expect([r.status, r.observed]).toEqual(['pass', 'not set']);
    // the Lsa key was not exported: LmCompatibilityLevel's absence proves nothing
    const lm = evaluateCheck(byId('AUTH-NTLMV2-ONLY'), s, params);
    expect(lm.status).toBe('not-collected');
    expect(lm.reason).toContain('no registry export covering HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa; the exports read HKLM\\SOFTWARE\\Policies');
  });
});

describe('the effective export decides a whole section; the intended value is shown as such', () => {
  const secedit = (threshold: number, extra = '') => `[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordLength = 14\r\nLockoutBadCount = ${threshold}\r\n${extra}RequireLogonToChangePassword = 0\r\n[Version]\r\nsignature="$CHICAGO$"\r\nRevision=1\r\n`;
  const gpo = '[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordLength = 15\r\nLockoutBadCount = 3\r\nLockoutDuration = 15\r\nResetLockoutCount = 15\r\n[Version]\r\nsignature="$CHICAGO$"\r\nRevision=1\r\n';
  const files = (s: string) => [
    input('secedit.inf', utf16(s)),
    input('GptTmpl.inf', utf16(gpo)),
    { name: 'collection.json', bytes: readFileSync(manifest), sha256: 'a'.repeat(64) },
  ];

  it('secedit /export with threshold 0 (Windows then omits the duration) and a GPO with 3 / 15: no duration from the GPO', () => {
    const r = ingestInputs(files(secedit(0)), 'mix');
    const lockout = r.snapshot.access?.lockoutPolicy?.local;
    expect(lockout).toEqual({ threshold: 0 }); // not { threshold: 0, durationMinutes: 15, resetMinutes: 15 }
    expect(r.snapshot.intended).toMatchObject({
      '/access/lockoutPolicy/local/durationMinutes': { value: 15, file: 'GptTmpl.inf', location: '[System Access] LockoutDuration, line 6' },
      '/access/lockoutPolicy/local/resetMinutes': { value: 15, file: 'GptTmpl.inf' },
      '/access/lockoutPolicy/local/threshold': { value: 3, file: 'GptTmpl.inf' },
      '/access/passwordPolicy/local/minLength': { value: 15, file: 'GptTmpl.inf' },
    });
    // the verdicts: the threshold fails on the effective 0; the duration is not applicable (no
    // account locks), whatever duration the GPO intends
    const t = evaluateCheck(byId('LOCKOUT-THRESHOLD'), r.snapshot, params);
    expect(t.status).toBe('fail');
    expect(t.observed).toBe('0 [effective; intended 3 per GptTmpl.inf ([System Access] LockoutBadCount, line 5)]');
    expect(t.intended?.[0]).toMatchObject({ pointer: '/access/lockoutPolicy/local/threshold', value: 3, file: 'GptTmpl.inf' });
    const d = evaluateCheck(byId('LOCKOUT-DURATION'), r.snapshot, params);
    expect(d.status).toBe('not-applicable');
    expect(d.observed).toBe('0 [effective; intended 3 per GptTmpl.inf ([System Access] LockoutBadCount, line 5)]');
  });

  it('where they agree there is no intended value to show', () => {
    const agree = secedit(3, 'LockoutDuration = 15\r\nResetLockoutCount = 15\r\n').replace('MinimumPasswordLength = 14', 'MinimumPasswordLength = 15');
    const r = ingestInputs(files(agree), 'agree');
    expect(r.snapshot.intended).toBeUndefined();
    expect(r.snapshot.provenance?.['/access/lockoutPolicy/local/threshold']?.rule).toMatch(/^2 sources agree/);
    expect(evaluateCheck(byId('LOCKOUT-THRESHOLD'), r.snapshot, params).observed).toBe('3');
  });
});

describe('lists: a partial list decides only what it holds', () => {
  const snap = (coverage: Snapshot['coverage'], accounts: NonNullable<Snapshot['access']>['accounts']): Snapshot =>
    ({ schemaVersion: '1.0', device: { id: 'D' }, collectedAt: '2026-11-02T10:00:00Z', access: { accounts }, ...(coverage ? { coverage } : {}) }) as Snapshot;
  const partial = [{ scope: 'access.accounts', source: 'vendor-settings.json', complete: false, note: 'the vendor application\'s users' }];

  it('an idle account found in a partial list is still a fail; no idle account in it proves nothing', () => {
    const idle = snap(partial, [{ name: 'old', enabled: true, lastLogon: '2025-01-01T00:00:00Z' }]);
    expect(evaluateCheck(byId('ACCOUNT-INACTIVE'), idle, params).status).toBe('fail');
    const fresh = snap(partial, [{ name: 'new', enabled: true, lastLogon: '2026-11-01T00:00:00Z' }]);
    expect(evaluateCheck(byId('ACCOUNT-INACTIVE'), fresh, params).status).toBe('not-collected');
    // a complete source next to the partial one makes it the whole list
    expect(evaluateCheck(byId('ACCOUNT-INACTIVE'), snap([...partial, { scope: 'access.accounts', source: 'local-users.csv', complete: true }], fresh.access!.accounts!), params).status).toBe('pass');
  });

  it('a list operator on a partial list (subset-of, contains-none, ...) decides only what the list holds (mutation fuzzing: AUDIT-PROTECT)', () => {
    const holders = (coverage: Snapshot['coverage'], list: string[]): Snapshot =>
      ({ schemaVersion: '1.0', device: { id: 'D' }, collectedAt: '2026-11-02T10:00:00Z', audit: { securityPrivilegeHolders: list }, ...(coverage ? { coverage } : {}) }) as Snapshot;
    const part = [{ scope: 'audit.securityPrivilegeHolders', source: 'rights.txt', complete: false, note: 'the script wrote part of it' }];
    const status = (s: Snapshot) => [evaluateCheck(byId('AUDIT-PROTECT'), s, params).status, checkStatus(byId('AUDIT-PROTECT'), s, makeContext(s, params))];
    // Only Administrators in a list that may lack holders: the other holders are unknown.
    expect(status(holders(part, ['*S-1-5-32-544']))).toEqual(['not-collected', 'not-collected']);
    expect(evaluateCheck(byId('AUDIT-PROTECT'), holders(part, ['*S-1-5-32-544']), params).reason).toContain(`${byId('AUDIT-PROTECT').wording!.setting} holds only part of the list: rights.txt`);
    // A holder it does name that is not approved fails whatever the list lacks.
    expect(status(holders(part, ['*S-1-5-32-544', 'Users']))).toEqual(['fail', 'fail']);
    // Whole (no coverage entry, or a complete source): Administrators alone passes.
    expect(status(holders(undefined, ['*S-1-5-32-544']))).toEqual(['pass', 'pass']);
    expect(status(holders([...part, { scope: 'audit.securityPrivilegeHolders', source: 'secedit.inf', complete: true }], ['*S-1-5-32-544']))).toEqual(['pass', 'pass']);
    // contains / contains-any: a fail says an item is missing, which a partial list cannot say.
    const pin: Check = { ...byId('AUDIT-PROTECT'), id: 'T-PIN', test: { field: 'audit.securityPrivilegeHolders', operator: 'contains-any', expected: ['Auditors'] } };
    expect(evaluateCheck(pin, holders(part, ['*S-1-5-32-544']), params).status).toBe('not-collected');
    expect(evaluateCheck(pin, holders(part, ['Auditors']), params).status).toBe('pass');
    expect(evaluateCheck(pin, holders(undefined, ['*S-1-5-32-544']), params).status).toBe('fail');
  });

  it('a coverage record masked as a secret\'s copy is found on the snapshot as it is when asked, also after its coverage or sources change (the scan is remembered per snapshot)', () => {
    const s = snap([{ scope: 'access.services', source: 'services.csv', complete: true }], []);
    expect(listCoverage(s, 'access.accounts')).toEqual({ covered: true });
    // The same object given a coverage, then sources, holding a mask: a list without an entry of its own is no longer whole.
    s.coverage = [...s.coverage!, { scope: 'hardening.registry', source: 'registry.reg', complete: true, keys: [`HKLM\\SOFTWARE\\${REDACTED}`] }];
    const masked = listCoverage(s, 'access.accounts');
    expect(masked.covered).toBe(false);
    expect(masked.covered ? '' : masked.reason).toContain(MASKED_REASON_HEAD);
    s.coverage = s.coverage.slice(0, 1);
    expect(listCoverage(s, 'access.accounts')).toEqual({ covered: true });
    s.sources = [{ file: 'x.json', sha256: '0'.repeat(64), kind: `reg-${REDACTED}` }];
    expect(listCoverage(s, 'access.accounts').covered).toBe(false);
  });

  it('a list without any coverage entry is taken as collected whole (a hand-written snapshot\'s list)', () => {
    expect(listCoverage(snap(undefined, []), 'access.accounts')).toEqual({ covered: true });
    expect(evaluateCheck(byId('ACCOUNT-INACTIVE'), snap(undefined, [{ name: 'new', enabled: true, lastLogon: '2026-11-01T00:00:00Z' }]), params).status).toBe('pass');
  });
});

// vendorSourceState matched 'vendor-settings' / 'vendor-config' exactly, while every other reader of
// a kind goes through knownKind (case and blanks aside): a snapshot naming its vendor file
// 'Vendor-Config' had a vendor-only field it does not set read as "given only by the vendor
// settings file, and none was collected", and drift saw a vendor file come and go.
describe('the vendor settings file is known by its kind as every kind is (knownKind)', () => {
  const withVendorKind = (kind: string): Snapshot => {
    const s = JSON.parse(readFileSync(new URL('../samples/MR-01/MR-01_2026-11-02.json', import.meta.url), 'utf8')) as Snapshot;
    s.sources = s.sources!.map((x) => (x.kind === 'vendor-config' ? { ...x, kind } : x));
    return s;
  };
  const FIELD = 'access.screenLock.noLockDuringAcquisition';
  for (const kind of ['Vendor-Config', ' VENDOR-SETTINGS ', 'vendor-settings']) {
    it(`"${kind}": an absent vendor-only field is not called uncollected for want of the vendor file`, () => {
      expect(vendorSourceState(withVendorKind(kind))).toBe('vendor');
      expect(vendorFieldAbsence(withVendorKind(kind), FIELD)).toBeUndefined();
    });
  }
  it('a kind this tool does not know is not the vendor file', () => {
    expect(vendorFieldAbsence(withVendorKind('acme-settings'), FIELD)).toMatch(/given only by the vendor settings file, and none was collected/);
  });
});
