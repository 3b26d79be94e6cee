// The evaluator's semantics, on small hand-built tests: three-valued logic, ages from collectedAt,
// collections, parameters and deviations.
import { describe, expect, it } from 'vitest';
import type { Check, Test } from '../src/catalog/types.js';
import { applyDeviations, checkStatus, evaluateCheck, makeContext, type CheckResult, type DeviationRecord } from '../src/evaluate/evaluate-check.js';
import { compareVersions } from '../src/evaluate/test-eval.js';
import type { Snapshot } from '../src/snapshot/types.js';

const params = new Map([
  ['max', { id: 'max', value: 3, source: 'default (test)' }],
  ['ports', { id: 'ports', value: ['104', '2762'], source: 'params file x.csv (line 2)' }],
]);

function check(test: Test, extra: Partial<Check> = {}): Check {
  return {
    id: 'T-1', layer: 'access', title: 't', test, controls: ['ac-7'], odp: [], severity: 'CAT II', method: 'TEST',
    remediation: 'r', examples: [], reads: [], ...extra,
  };
}

function snap(extra: Record<string, unknown> = {}, collectedAt = '2026-11-02T10:00:00Z'): Snapshot {
  return { schemaVersion: '1.0', device: { id: 'D-1' }, collectedAt, ...extra } as Snapshot;
}

const threshold: Test = { field: 'access.lockoutPolicy.local.threshold', operator: 'between', expected: [1, { param: 'max' }] };
const lockout = (v: unknown) => snap({ access: { lockoutPolicy: { local: { threshold: v } } } });

describe('scalar operators', () => {
  it('between with a parameter: 3 passes, 4 and 0 fail, and the parameter used is recorded', () => {
    const ok = evaluateCheck(check(threshold), lockout(3), params);
    expect(ok.status).toBe('pass');
    expect(ok.params).toEqual([{ id: 'max', value: 3, source: 'default (test)' }]);
    expect(ok.expected).toBe('access.lockoutPolicy.local.threshold between 1 and 3'); // no wording: named by its path
    expect(evaluateCheck(check(threshold), lockout(4), params).status).toBe('fail');
    const zero = evaluateCheck(check(threshold), lockout(0), params);
    expect(zero.status).toBe('fail');
    expect(zero.observed).toBe('0');
  });

  it('a missing value is not collected, never a pass', () => {
    const r = evaluateCheck(check(threshold), snap(), params);
    expect(r.status).toBe('not-collected');
    expect(r.missing).toEqual(['access.lockoutPolicy.local.threshold']);
  });

  it('also-pass values pass whatever the operator says (lockout duration -1)', () => {
    const t: Test = { field: 'access.lockoutPolicy.local.durationMinutes', operator: 'at-least', expected: 15, alsoPass: [-1, 0] };
    const dur = (v: number) => evaluateCheck(check(t), snap({ access: { lockoutPolicy: { local: { durationMinutes: v } } } }), params).status;
    expect([dur(-1), dur(0), dur(15), dur(14)]).toEqual(['pass', 'pass', 'pass', 'fail']);
  });

  it('ages are measured from collectedAt, not from today', () => {
    const t: Test = { field: 'malware.antimalware.signatureUpdatedAt', operator: 'max-age-days', expected: 7 };
    const at = (sig: string, collected: string) => evaluateCheck(check(t), snap({ malware: { antimalware: { signatureUpdatedAt: sig } } }, collected), params).status;
    // Both signatures are years old relative to the real clock; only collectedAt matters.
    expect(at('2020-01-01T00:00:00Z', '2020-01-05T00:00:00Z')).toBe('pass');
    expect(at('2020-01-01T00:00:00Z', '2020-01-08T00:00:00Z')).toBe('pass'); // exactly 7 days
    expect(at('2020-01-01T00:00:00Z', '2020-01-08T00:00:01Z')).toBe('fail');
    // A signature dated after collection is clock skew, not staleness.
    expect(at('2020-01-09T00:00:00Z', '2020-01-08T00:00:00Z')).toBe('pass');
  });

  it('a value of the wrong type fails with a reason instead of passing', () => {
    const r = evaluateCheck(check(threshold), lockout('three'), params);
    expect(r.status).toBe('fail');
    expect(r.problems[0]).toMatch(/cannot be judged/);
  });

  it('text is compared without surrounding blanks: a rule open to "Any " fails, a " TCP" rule is selected (mutation fuzzing)', () => {
    const scope: Test = {
      field: 'firewall.rules', operator: 'every', label: 'name',
      where: [{ field: 'protocol', operator: 'one-of', expected: ['TCP', 'UDP'] }],
      tests: [
        { field: 'remoteAddresses', operator: 'contains-none', expected: ['Any', '*'] },
        { field: 'localPorts', operator: 'subset-of', expected: { param: 'ports' } },
      ],
    };
    const rule = (r: Record<string, unknown>) => evaluateCheck(check(scope), snap({ firewall: { rules: [{ name: 'r', protocol: 'TCP', remoteAddresses: ['10.0.0.1'], localPorts: ['104'], ...r }] } }), params);
    expect(rule({}).status).toBe('pass');
    for (const any of ['Any ', ' any', '\tANY\t', ' * ']) expect(rule({ remoteAddresses: ['10.0.0.1', any] }).status, JSON.stringify(any)).toBe('fail');
    // The rule stays selected however its protocol is padded, so its unapproved port fails it.
    for (const tcp of ['TCP ', ' tcp', 'Tcp\n']) expect(rule({ protocol: tcp, localPorts: ['3389'] }).status, JSON.stringify(tcp)).toBe('fail');
    // equals and the compiled path (a where of one scalar test) alike.
    const lockout: Test = { field: 'firewall.profiles', operator: 'every', where: [{ field: 'name', operator: 'equals', expected: 'public' }], tests: [{ field: 'defaultInboundAction', operator: 'equals', expected: 'block' }] };
    const pub = (name: string, action: string) => evaluateCheck(check(lockout), snap({ firewall: { profiles: [{ name, defaultInboundAction: action }] } }), params).status;
    expect([pub('public ', 'allow'), pub(' Public', 'block '), pub('public', 'allowed')]).toEqual(['fail', 'pass', 'fail']);
  });

  it('a pass on a policy file\'s values alone is not collected, whatever the case of the file\'s kind (mutation fuzzing)', () => {
    const viaPolicy = (kind: string) => {
      const s = snap({
        access: { lockoutPolicy: { local: { threshold: 3 } } },
        sources: [{ file: 'GptTmpl.inf', sha256: '0'.repeat(64), kind }],
        provenance: { '/access/lockoutPolicy/local/threshold': { file: 'GptTmpl.inf', sha256: '0'.repeat(64), location: '[System Access] LockoutBadCount' } },
      });
      return [evaluateCheck(check(threshold), s, params).status, checkStatus(check(threshold), s, makeContext(s, params))];
    };
    for (const kind of ['gpo-template', 'GPO-Template', ' registry-pol ', 'GPO-AUDIT-CSV']) expect(viaPolicy(kind), kind).toEqual(['not-collected', 'not-collected']);
    // The console's own export decides.
    expect(viaPolicy('secedit-export')).toEqual(['pass', 'pass']);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('10.2.10', '10.2.9')).toBe(1);
    expect(compareVersions('VA50', 'VA50')).toBe(0);
    expect(compareVersions('1.0', '1.0.1')).toBe(-1);
  });
});

describe('collections and combinators', () => {
  const ports: Test = {
    field: 'firewall.rules', operator: 'every',
    where: [{ field: 'enabled', operator: 'equals', expected: true }, { field: 'direction', operator: 'equals', expected: 'inbound' }, { field: 'action', operator: 'equals', expected: 'allow' }],
    tests: [{ field: 'localPorts', operator: 'subset-of', expected: { param: 'ports' } }],
  };
  const rule = (name: string, localPorts: string[], enabled = true) => ({ name, enabled, direction: 'inbound', action: 'allow', protocol: 'TCP', localPorts });

  it('every: names the offending item, ignores items outside `where`, passes an empty selection', () => {
    const fw = (rules: unknown[]) => evaluateCheck(check(ports), snap({ firewall: { rules } }), params);
    expect(fw([rule('DICOM', ['104']), rule('Old telnet', ['23'], false)]).status).toBe('pass');
    const bad = fw([rule('DICOM', ['104']), rule('VNC', ['5900'])]);
    expect(bad.status).toBe('fail');
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatch(/^VNC: /);
    expect(bad.params.map((p) => p.source)).toEqual(['params file x.csv (line 2)']);
    expect(fw([]).status).toBe('pass');
  });

  it('none: fails when an item matches all tests; a missing item field is not collected', () => {
    const t: Test = { field: 'access.accounts', operator: 'none', tests: [{ field: 'role', operator: 'equals', expected: 'clinical' }, { field: 'groups', operator: 'contains', expected: 'Administrators' }] };
    const acc = (accounts: unknown[]) => evaluateCheck(check(t), snap({ access: { accounts } }), params);
    expect(acc([{ name: 'tech', enabled: true, role: 'clinical', groups: ['Users'] }]).status).toBe('pass');
    const r = acc([{ name: 'mta', enabled: true, role: 'clinical', groups: ['users', 'administrators'] }]);
    expect(r.status).toBe('fail');
    expect(r.problems[0]).toMatch(/^mta/);
    expect(acc([{ name: 'x', enabled: true, groups: ['Administrators'] }]).status).toBe('not-collected');
  });

  it('min-items: two of three firewall profiles is a fail, not a pass', () => {
    const t: Test = { field: 'firewall.profiles', operator: 'every', minItems: 3, tests: [{ field: 'enabled', operator: 'equals', expected: true }] };
    const p = (names: string[]) => evaluateCheck(check(t), snap({ firewall: { profiles: names.map((name) => ({ name, enabled: true })) } }), params).status;
    expect(p(['domain', 'private'])).toBe('fail');
    expect(p(['domain', 'private', 'public'])).toBe('pass');
  });

  it('if-empty: not-applicable when nothing is selected', () => {
    const t: Test = { field: 'encryption.dicom.applicationEntities', operator: 'every', ifEmpty: 'not-applicable', where: [{ field: 'role', operator: 'equals', expected: 'remote' }], tests: [{ field: 'tls', operator: 'one-of', expected: ['encryption', 'authentication-and-encryption'] }] };
    const r = evaluateCheck(check(t), snap({ encryption: { dicom: { applicationEntities: [{ aeTitle: 'LOCAL', role: 'local', tls: 'none' }] } } }), params);
    expect(r.status).toBe('not-applicable');
  });

  it('any-of: screen lock by InactivityTimeoutSecs or by the screen saver; all missing = not collected', () => {
    const t: Test = { operator: 'any-of', tests: [
      { field: 'access.screenLock.inactivityTimeoutSecs', operator: 'between', expected: [1, 900] },
      { operator: 'all-of', tests: [{ field: 'access.screenLock.screenSaverActive', operator: 'equals', expected: true }, { field: 'access.screenLock.screenSaverTimeoutSecs', operator: 'between', expected: [1, 900] }] },
    ] };
    const s = (screenLock: unknown) => evaluateCheck(check(t), snap({ access: { screenLock } }), params).status;
    expect(s({ inactivityTimeoutSecs: 0 })).toBe('not-collected'); // the other way is unknown
    expect(s({ inactivityTimeoutSecs: 0, screenSaverActive: false, screenSaverTimeoutSecs: 600 })).toBe('fail');
    expect(s({ inactivityTimeoutSecs: 0, screenSaverActive: true, screenSaverTimeoutSecs: 600 })).toBe('pass');
    expect(s({})).toBe('not-collected');
  });

  it('applies-when: not applicable when the condition fails, not collected when unknown', () => {
    const c = check({ field: 'access.ldap.transport', operator: 'one-of', expected: ['ldaps', 'starttls'] }, { appliesWhen: { field: 'access.ldap.enabled', operator: 'equals', expected: true } });
    expect(evaluateCheck(c, snap({ access: { ldap: { enabled: false, transport: 'plain' } } }), params).status).toBe('not-applicable');
    expect(evaluateCheck(c, snap({ access: { ldap: { enabled: true, transport: 'plain' } } }), params).status).toBe('fail');
    expect(evaluateCheck(c, snap({ access: {} }), params).status).toBe('not-collected');
  });

  it('records provenance of the values read, from the nearest enclosing pointer', () => {
    const s = lockout(0);
    s.provenance = { '/access/lockoutPolicy/local': { file: 'secedit.inf', sha256: 'a'.repeat(64), location: '[System Access]' } };
    const r = evaluateCheck(check(threshold), s, params);
    expect(r.provenance).toEqual([{ pointer: '/access/lockoutPolicy/local/threshold', file: 'secedit.inf', sha256: 'a'.repeat(64), location: '[System Access]' }]);
  });

  it('a passing check over a list cites the provenance of every item it read, not only failing ones', () => {
    const profiles: Test = { operator: 'every', field: 'firewall.profiles', tests: [{ field: 'enabled', operator: 'equals', expected: true }] };
    const s = snap({ firewall: { profiles: ['domain', 'private', 'public'].map((name) => ({ name, enabled: true })) } });
    s.provenance = Object.fromEntries([0, 1, 2].map((i) => [`/firewall/profiles/${i}/enabled`, { file: 'firewall-profiles.csv', sha256: 'b'.repeat(64), location: `line ${i + 2}, column Enabled` }]));
    const r = evaluateCheck(check(profiles), s, params);
    expect(r.status).toBe('pass');
    expect(r.provenance.map((p) => [p.pointer, p.location])).toEqual([
      ['/firewall/profiles/0/enabled', 'line 2, column Enabled'],
      ['/firewall/profiles/1/enabled', 'line 3, column Enabled'],
      ['/firewall/profiles/2/enabled', 'line 4, column Enabled'],
    ]);
    // items left out by `where` were not judged: not cited
    const inbound: Test = { operator: 'every', field: 'firewall.profiles', where: [{ field: 'name', operator: 'equals', expected: 'public' }], tests: [{ field: 'enabled', operator: 'equals', expected: true }] };
    expect(evaluateCheck(check(inbound), s, params).provenance.map((p) => p.pointer)).toEqual(['/firewall/profiles/2/enabled']);
  });
  it('items whose provenance is their list\'s are cited once, by the list, not once per item', () => {
    const subcats: Test = { operator: 'every', field: 'audit.subcategories', tests: [{ field: 'success', operator: 'equals', expected: true }] };
    const s = snap({ audit: { subcategories: ['Logon', 'Logoff', 'Special Logon'].map((name) => ({ name, success: true })) } });
    s.provenance = { '/audit/subcategories': { file: 'auditpol.csv', sha256: 'c'.repeat(64) } };
    const r = evaluateCheck(check(subcats), s, params);
    expect(r.pointers).toEqual(['/audit/subcategories', '/audit/subcategories/0/success', '/audit/subcategories/1/success', '/audit/subcategories/2/success']);
    expect(r.provenance).toEqual([{ pointer: '/audit/subcategories', file: 'auditpol.csv', sha256: 'c'.repeat(64) }]);
    // one value read keeps its own pointer even when the citation comes from an enclosing entry
    const lock = snap({ screenLock: { timeoutSeconds: 900 } });
    lock.provenance = { '/screenLock': { file: 'screenlock.reg', sha256: 'd'.repeat(64) } };
    const timeout: Test = { field: 'screenLock.timeoutSeconds', operator: 'equals', expected: 900 };
    expect(evaluateCheck(check(timeout), lock, params).provenance.map((p) => p.pointer)).toEqual(['/screenLock/timeoutSeconds']);
  });
});

describe('deviations', () => {
  const fail: CheckResult = { checkId: 'SCREEN-LOCK-TIMEOUT', deviceId: 'MR-01', status: 'fail', observed: '0', expected: '', problems: [], missing: [], params: [], pointers: [], provenance: [] };
  const dev = (expires: string, deviceId = 'MR-01'): DeviationRecord => ({ checkId: 'SCREEN-LOCK-TIMEOUT', deviceId, justification: 'acquisition', approver: 'ISSM', expires, source: 'd.csv line 2' });

  it('a valid deviation turns a fail into a documented deviation, valid through its expiry day', () => {
    const r = applyDeviations(fail, [dev('2026-11-28')], '2026-11-28');
    expect(r.status).toBe('deviation');
    expect(r.deviation?.approver).toBe('ISSM');
  });
  it('an expired deviation no longer applies, and is recorded as expired', () => {
    const r = applyDeviations(fail, [dev('2026-11-27')], '2026-11-28');
    expect(r.status).toBe('fail');
    expect(r.expiredDeviation?.expires).toBe('2026-11-27');
  });
  it('a deviation for another device does not apply; "*" applies to all', () => {
    expect(applyDeviations(fail, [dev('2027-01-01', 'MR-02')], '2026-11-28').status).toBe('fail');
    expect(applyDeviations(fail, [dev('2027-01-01', '*')], '2026-11-28').status).toBe('deviation');
  });
  it('never touches a pass', () => {
    expect(applyDeviations({ ...fail, status: 'pass' }, [dev('2027-01-01')], '2026-11-28').status).toBe('pass');
  });
});

describe('field references, if-absent, case-insensitive keys', () => {
  it('compares two snapshot values: max length must exceed min length', () => {
    const t: Test = { field: 'access.passwordPolicy.local.maxLength', operator: 'greater-than', expected: { field: 'access.passwordPolicy.local.minLength' } };
    const pw = (local: unknown) => evaluateCheck(check(t), snap({ access: { passwordPolicy: { local } } }), params);
    expect(pw({ minLength: 14, maxLength: 127 }).status).toBe('pass');
    const same = pw({ minLength: 14, maxLength: 14 });
    expect(same.status).toBe('fail');
    expect(same.expected).toBe('access.passwordPolicy.local.maxLength more than the value of access.passwordPolicy.local.minLength (14)');
    expect(same.pointers).toEqual(['/access/passwordPolicy/local/maxLength', '/access/passwordPolicy/local/minLength']);
    // The value compared against is missing: not collected, naming it.
    const half = pw({ maxLength: 14 });
    expect(half.status).toBe('not-collected');
    expect(half.missing).toEqual(['access.passwordPolicy.local.minLength']);
  });

  it('if-absent decides what an absent value means where a source that would hold it was collected; without it absence is not-collected', () => {
    const t: Test = { field: 'hardening.smb1Enabled', operator: 'equals', expected: false, ifAbsent: 'fail' };
    // hardening.smb1Enabled is read from LanmanServer\Parameters\SMB1: an export of that key shows it absent
    const exported = { coverage: [{ scope: 'hardening.registry', source: 'reg-lanmanserver.reg', effective: true, complete: true, keys: ['HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters'] }] };
    const r = evaluateCheck(check(t), snap({ hardening: {}, ...exported }), params);
    expect(r.status).toBe('fail');
    expect(r.problems[0]).toMatch(/not set/);
    expect(evaluateCheck(check({ ...t, ifAbsent: undefined }), snap({ hardening: {}, ...exported }), params).status).toBe('not-collected');
    // nothing says the key was read: not collected, with the reason
    const unknown = evaluateCheck(check(t), snap({ hardening: {} }), params);
    expect(unknown.status).toBe('not-collected');
    expect(unknown.reason).toMatch(/^hardening\.smb1Enabled is read from the registry value HKLM\\System\\CurrentControlSet\\Services\\LanmanServer\\Parameters\\SMB1: no registry export covering/);
  });

  it('finds registry values whatever the case the export used', () => {
    const t: Test = { field: 'hardening.registry.HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\NoLMHash', operator: 'equals', expected: 1 };
    const r = evaluateCheck(check(t), snap({ hardening: { registry: { 'MACHINE\\x': 0, 'hklm\\system\\currentcontrolset\\control\\lsa\\nolmhash': 1 } } }), params);
    expect(r.status).toBe('pass');
  });

  it('not-matches and contains-any', () => {
    const os = (name: string) => evaluateCheck(check({ field: 'device.os.name', operator: 'not-matches', expected: '^Windows (7|8\\.1)\\b' }), snap({ device: { id: 'D-1', os: { name } } }), params).status;
    expect([os('Windows 7 Professional'), os('Windows 10 IoT Enterprise LTSC 2021')]).toEqual(['fail', 'pass']);
    const kp = (keyProtectors: string[]) => evaluateCheck(check({ field: 'encryption.volumes', operator: 'every', tests: [{ field: 'keyProtectors', operator: 'contains-any', expected: ['TPM And PIN', 'TPM And PIN And Startup Key'] }] }), snap({ encryption: { volumes: [{ mountPoint: 'C:', volumeType: 'os', conversionStatus: 'fully-encrypted', protectionStatus: 'on', keyProtectors }] } }), params).status;
    expect([kp(['TPM', 'Numerical Password']), kp(['tpm and pin'])]).toEqual(['fail', 'pass']);
  });
});

describe('pointers follow the data', () => {
  it('a case-insensitive match points at the key as the data spells it, so its provenance is found', () => {
    const t: Test = { field: 'hardening.registry.HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel', operator: 'equals', expected: 5 };
    const s = snap({ hardening: { registry: { 'HKLM\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel': 3 } } });
    s.provenance = { '/hardening/registry/HKLM\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel': { file: 'secedit.inf', sha256: 'b'.repeat(64), location: '[Registry Values] line 40' } };
    const r = evaluateCheck(check(t), s, params);
    expect(r.status).toBe('fail');
    expect(r.pointers).toEqual(['/hardening/registry/HKLM\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel']);
    expect(r.provenance[0]?.file).toBe('secedit.inf');
  });
  it('a field and the field it is compared with each point as the data spells that one, whichever is respelled', () => {
    // The field's spelling is read off the walk that found its value: the reference's walk must not stand in for it.
    const t: Test = { field: 'accounts.Admin.lastLogon', operator: 'equals', expected: { field: 'accounts.guest.lastLogon' } };
    const r1 = evaluateCheck(check(t), snap({ accounts: { admin: { lastLogon: 1 }, guest: { lastLogon: 2 } } }), params);
    expect(r1.pointers).toEqual(['/accounts/admin/lastLogon', '/accounts/guest/lastLogon']);
    const r2 = evaluateCheck(check(t), snap({ accounts: { Admin: { lastLogon: 1 }, Guest: { lastLogon: 2 } } }), params);
    expect(r2.pointers).toEqual(['/accounts/Admin/lastLogon', '/accounts/Guest/lastLogon']);
    expect([r1.status, r2.status]).toEqual(['fail', 'fail']);
  });
  it('not-empty: an empty object is empty', () => {
    const t: Test = { field: 'hardening.registry', operator: 'not-empty' };
    expect(evaluateCheck(check(t), snap({ hardening: { registry: {} } }), params).status).toBe('fail');
    expect(evaluateCheck(check(t), snap({ hardening: { registry: { a: 1 } } }), params).status).toBe('pass');
  });
});
