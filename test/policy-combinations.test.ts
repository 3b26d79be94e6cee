// Password and lockout values each within range that Windows will not hold together
// (src/snapshot/policy-combinations.ts): a pass resting on either value of such a pair is not
// collected, naming both; a fail stays a fail. Found: MR-01 with a minimum password age of 90 days
// and a maximum of 60 passed PWD-MIN-AGE and PWD-MAX-AGE; a reset window of 30 minutes with a
// lockout of 15 passed LOCKOUT-RESET and LOCKOUT-DURATION; a minimum length of 20 with
// RelaxMinimumPasswordLengthLimits 0 passed PWD-MIN-LENGTH.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { runDiff } from '../src/drift/run.js';
import { ingestFolder } from '../src/ingest/index.js';
import { knownExportByName } from '../src/ingest/known-exports.js';
import { resolveParameters } from '../src/params/resolve.js';
import { readSnapshot } from '../src/snapshot/load.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { encodeAs, materialiseDevice, mr01Files } from './ingest/fixture-folder.js';
import { userErrorOf } from './support/user-error.js';

const ROOT = new URL('..', import.meta.url).pathname;
const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const AT = { now: '2026-11-02T18:00:00Z' };
const RELAX = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SAM\\RelaxMinimumPasswordLengthLimits';

const mr01 = (): Snapshot => JSON.parse(readFileSync(join(ROOT, 'samples', 'MR-01', 'MR-01_2026-11-02.json'), 'utf8')) as Snapshot;
const read = (doc: Snapshot): Snapshot => readSnapshot(Buffer.from(JSON.stringify(doc)), 'policy.json').snapshot;
const run = (id: string, s: Snapshot) => evaluateCheck(catalog.checks.find((c) => c.id === id)!, read(s), params, AT);

describe('a declared TLS transport its own server addresses contradict (a snapshot, not an export folder)', () => {
  it('the premise: MR-01 passes AUDIT-FORWARD-TLS (tls) and CENTRAL-AUTH', () => {
    expect(run('AUDIT-FORWARD-TLS', mr01()).status).toBe('pass');
    expect(run('CENTRAL-AUTH', mr01()).status).toBe('pass');
  });

  it('syslog tls to udp://: AUDIT-FORWARD-TLS not collected naming both values; AUDIT-FORWARD, which reads the server, still judged', () => {
    const s = mr01();
    expect(s.audit!.syslog!.transport).toBe('tls');
    s.audit!.syslog!.server = 'udp://siem.hospital.example:514';
    const r = run('AUDIT-FORWARD-TLS', s);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toMatch(/\/audit\/syslog\/transport.*udp:\/\/siem\.hospital\.example:514.*\(on these values the result would be pass\)$/);
    expect(run('AUDIT-FORWARD', s).status).toBe(run('AUDIT-FORWARD', mr01()).status);
  });

  it('LDAP ldaps with a server on 389: CENTRAL-AUTH not collected; ldaps:// or port 636 beside it is no contradiction', () => {
    const s = mr01();
    s.access!.ldap!.transport = 'ldaps';
    s.access!.ldap!.servers = ['ldaps://dc01.hospital.example', 'dc02.hospital.example:636'];
    expect(run('CENTRAL-AUTH', s).status).toBe('pass');
    s.access!.ldap!.servers = ['ldaps://dc01.hospital.example', 'dc02.hospital.example:389'];
    const r = run('CENTRAL-AUTH', s);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toContain('/access/ldap/servers/1');
  });
});

describe('two-factor service logon declared beside a method naming a password alone', () => {
  const withMethod = (method: string): Snapshot => {
    const s = mr01();
    s.access!.serviceAccess!.twoFactor = true;
    s.access!.serviceAccess!.method = method;
    return s;
  };
  it('the premise: MR-01 (smart card + PIN) passes SERVICE-MFA', () => {
    expect(mr01().access!.serviceAccess!.twoFactor).toBe(true);
    expect(run('SERVICE-MFA', mr01()).status).toBe('pass');
  });
  it.each(['password', 'Password only', 'username and password', 'local service PIN', 'Windows account password'])('%s: not collected, naming both values', (method) => {
    const r = run('SERVICE-MFA', withMethod(method));
    expect(r.status).toBe('not-collected');
    expect(r.reason).toContain('/access/serviceAccess/method');
    expect(r.reason).toContain('/access/serviceAccess/twoFactor');
  });
  it.each(['vendor PKI smart card + PIN', 'TOTP (vendor service portal)', 'password + one-time code', 'FIDO2 key with PIN'])('%s: a second factor named, still a pass', (method) => {
    expect(run('SERVICE-MFA', withMethod(method)).status).toBe('pass');
  });
  it('twoFactor false with a password method stays a fail', () => {
    const s = withMethod('password');
    s.access!.serviceAccess!.twoFactor = false;
    expect(run('SERVICE-MFA', s).status).toBe('fail');
  });
});

describe('a minimum password age longer than the maximum age', () => {
  it('the premise: MR-01 (minimum 1 day, maximum 60) passes both checks', () => {
    expect(run('PWD-MIN-AGE', mr01()).status).toBe('pass');
    expect(run('PWD-MAX-AGE', mr01()).status).toBe('pass');
  });

  it('minimum 90 days, maximum 60: PWD-MIN-AGE and PWD-MAX-AGE not collected, the reason naming both values', () => {
    const s = mr01();
    s.access!.passwordPolicy!.local!.minAgeDays = 90;
    for (const id of ['PWD-MIN-AGE', 'PWD-MAX-AGE']) {
      const r = run(id, s);
      expect(r.status, id).toBe('not-collected');
      expect(r.reason, id).toMatch(/minimum password age \(90 days, \/access\/passwordPolicy\/local\/minAgeDays\) is longer than the maximum age \(60 days, \/access\/passwordPolicy\/local\/maxAgeDays\).*\(on these values the result would be pass\)$/);
    }
  });

  it('equal ages (which the SAM stores), and any minimum when passwords never expire, stay judged as before', () => {
    const s = mr01();
    s.access!.passwordPolicy!.local!.minAgeDays = 60;
    expect(run('PWD-MIN-AGE', s).status).toBe('pass');
    s.access!.passwordPolicy!.local!.minAgeDays = 90;
    s.access!.passwordPolicy!.local!.maxAgeDays = 0;
    expect(run('PWD-MIN-AGE', s).status).toBe('pass');
    expect(run('PWD-MAX-AGE', s).status).toBe('fail');
  });

  it('the directory (LDAP) policy too: minimum 90, maximum 60 is not collected for PWD-MIN-AGE-LDAP', () => {
    const s = mr01();
    s.access!.passwordPolicy!.ldap!.minAgeDays = 90;
    expect(run('PWD-MIN-AGE-LDAP', s).status).toBe('not-collected');
    expect(run('PWD-MIN-AGE', s).status).toBe('pass');
  });
});

describe('a lockout counter reset window longer than the lockout', () => {
  it('reset after 30 minutes, locked for 15: LOCKOUT-RESET and LOCKOUT-DURATION not collected', () => {
    const s = mr01();
    expect(run('LOCKOUT-RESET', s).status).toBe('pass');
    s.access!.lockoutPolicy!.local!.resetMinutes = 30;
    for (const id of ['LOCKOUT-RESET', 'LOCKOUT-DURATION']) {
      const r = run(id, s);
      expect(r.status, id).toBe('not-collected');
      expect(r.reason, id).toMatch(/resets after 30 minutes .* longer than the lockout lasts \(15 minutes/);
    }
  });

  it('a lockout until an administrator unlocks (-1) holds any reset window', () => {
    const s = mr01();
    s.access!.lockoutPolicy!.local!.resetMinutes = 30;
    s.access!.lockoutPolicy!.local!.durationMinutes = -1;
    expect(run('LOCKOUT-RESET', s).status).toBe('pass');
  });

  it('a fail stays a fail: locked for 10, reset after 15 (CT-01\'s sample) fails LOCKOUT-DURATION', () => {
    const s = mr01();
    s.access!.lockoutPolicy!.local!.durationMinutes = 10;
    expect(run('LOCKOUT-DURATION', s).status).toBe('fail');
    expect(run('LOCKOUT-RESET', s).status).toBe('not-collected');
  });
});

describe('a minimum password length Windows holds only with "Relax minimum password length limits"', () => {
  const with20 = (relax: number): Snapshot => {
    const s = mr01();
    s.access!.passwordPolicy!.local!.minLength = 20;
    delete s.access!.passwordPolicy!.local!.maxLength;
    s.hardening!.registry = { ...s.hardening!.registry, [RELAX]: relax };
    return s;
  };

  it('minimum length 20 with RelaxMinimumPasswordLengthLimits 0: PWD-MIN-LENGTH not collected, naming the registry value', () => {
    const r = run('PWD-MIN-LENGTH', with20(0));
    expect(r.status).toBe('not-collected');
    expect(r.reason).toMatch(/minimum password length is 20 .* while RelaxMinimumPasswordLengthLimits is 0 .*at most 14/);
  });

  it('with the relax setting 1, or not collected, 20 passes as before', () => {
    expect(run('PWD-MIN-LENGTH', with20(1)).status).toBe('pass');
    const s = with20(0);
    delete s.hardening!.registry![RELAX];
    expect(run('PWD-MIN-LENGTH', s).status).toBe('pass');
  });
});

describe('the directory (LDAP) password policy', () => {
  it('a minimum length above the longest password the console accepts: PWD-MIN-LENGTH-LDAP not collected', () => {
    const s = mr01();
    s.access!.passwordPolicy!.ldap!.minLength = 100; // maxLength 63
    const r = run('PWD-MIN-LENGTH-LDAP', s);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toMatch(/minimum password length \(100, \/access\/passwordPolicy\/ldap\/minLength\) is above the longest password the console accepts \(63/);
  });

  it('a history of 10^6 passwords is refused, naming the field (no directory holds more than 65535)', () => {
    const s = mr01();
    s.access!.passwordPolicy!.ldap!.history = 1e6;
    expect(userErrorOf(() => read(s)).message).toMatch(/^policy\.json at \/access\/passwordPolicy\/ldap\/history: must be <= 65535/);
    s.access!.passwordPolicy!.ldap!.history = 65535;
    expect(run('PWD-HISTORY-LDAP', s).status).toBe('pass');
  });

  it('a minimum length of 10^9 is refused, naming the field (no directory holds more than 255)', () => {
    const s = mr01();
    s.access!.passwordPolicy!.ldap!.minLength = 1e9;
    expect(userErrorOf(() => read(s)).message).toMatch(/^policy\.json at \/access\/passwordPolicy\/ldap\/minLength: must be <= 255/);
    s.access!.passwordPolicy!.ldap!.minLength = 255;
    delete s.access!.passwordPolicy!.ldap!.maxLength;
    expect(run('PWD-MIN-LENGTH-LDAP', s).status).toBe('pass');
  });
});

describe('the directory (LDAP) ages and lockout times past what Active Directory holds', () => {
  // A 64-bit count of 100 ns (msDS-MaximumPasswordAge, msDS-LockoutDuration, maxPwdAge, ...) holds
  // at most 2^63 - 1: whole days and minutes below that.
  const MAX_DAYS = Number((2n ** 63n - 1n) / 864000000000n);
  const MAX_MINUTES = Number((2n ** 63n - 1n) / 600000000n);

  it('a minimum age of 10^9 days, a lockout of 10^12 minutes, a reset window of 10^11 minutes, a threshold of 70000: refused, naming the field (they passed PWD-MIN-AGE-LDAP, LOCKOUT-DURATION-LDAP, LOCKOUT-RESET-LDAP); at the limit, judged as before', () => {
    const cases: Array<[string, (s: Snapshot) => void, RegExp]> = [
      ['minAgeDays', (s) => { s.access!.passwordPolicy!.ldap!.minAgeDays = 1e9; s.access!.passwordPolicy!.ldap!.maxAgeDays = 0; }, /\/access\/passwordPolicy\/ldap\/minAgeDays: must be <= 10675199/],
      ['maxAgeDays', (s) => { s.access!.passwordPolicy!.ldap!.maxAgeDays = 1e10; }, /\/access\/passwordPolicy\/ldap\/maxAgeDays: must be <= 10675199/],
      ['durationMinutes', (s) => { s.access!.lockoutPolicy!.ldap!.durationMinutes = 1e12; }, /\/access\/lockoutPolicy\/ldap\/durationMinutes: must be <= 15372286728/],
      ['resetMinutes', (s) => { s.access!.lockoutPolicy!.ldap!.resetMinutes = 1e11; s.access!.lockoutPolicy!.ldap!.durationMinutes = -1; }, /\/access\/lockoutPolicy\/ldap\/resetMinutes: must be <= 15372286728/],
      ['threshold', (s) => { s.access!.lockoutPolicy!.ldap!.threshold = 70000; }, /\/access\/lockoutPolicy\/ldap\/threshold: must be <= 65535/],
    ];
    for (const [field, change, message] of cases) {
      const s = mr01();
      change(s);
      expect(userErrorOf(() => read(s)).message, field).toMatch(message);
    }
    // At the limit, the values are judged as before.
    expect([MAX_DAYS, MAX_MINUTES]).toEqual([10675199, 15372286728]);
    const s = mr01();
    s.access!.passwordPolicy!.ldap!.minAgeDays = MAX_DAYS;
    s.access!.passwordPolicy!.ldap!.maxAgeDays = MAX_DAYS;
    s.access!.lockoutPolicy!.ldap!.durationMinutes = MAX_MINUTES;
    s.access!.lockoutPolicy!.ldap!.resetMinutes = MAX_MINUTES;
    for (const id of ['PWD-MIN-AGE-LDAP', 'LOCKOUT-DURATION-LDAP', 'LOCKOUT-RESET-LDAP']) expect(run(id, s).status, id).toBe('pass');
    expect(run('PWD-MAX-AGE-LDAP', s).status).toBe('fail');
  });

  it('through ingest: a vendor export giving a lockout of 10^12 minutes is not read as the domain\'s (ce6a97b): LOCKOUT-DURATION-LDAP not collected, the note naming the vendor\'s declaration, never a pass', async () => {
    const files = mr01Files();
    const vendor = JSON.parse(files.get('vendor-settings.json')!.toString('utf8').replace(/^\uFEFF/, '')) as { lockoutPolicy: { ldap: { durationMinutes: number } } };
    vendor.lockoutPolicy.ldap.durationMinutes = 1e12;
    files.set('vendor-settings.json', encodeAs(JSON.stringify(vendor, null, 2), knownExportByName('vendor-settings.json')?.encoding ?? 'utf-8'));
    const dir = materialiseDevice(files);
    try {
      const { snapshot } = await ingestFolder(dir);
      expect(snapshot.access?.lockoutPolicy?.ldap?.durationMinutes).toBeUndefined();
      const r = run('LOCKOUT-DURATION-LDAP', snapshot);
      expect(r.status).toBe('not-collected');
      expect(r.reason).toMatch(/vendor-settings\.json declares 1000000000000, but only the vendor settings declare it; the domain enforces/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('through ingest: secedit and net accounts agreeing on a minimum age of 90 days (maximum 60)', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('PWD-MIN-AGE is not collected; the provenance names secedit.inf', async () => {
    const files = mr01Files();
    for (const [name, from, to] of [['secedit.inf', /MinimumPasswordAge = 1/, 'MinimumPasswordAge = 90'], ['net-accounts.txt', /(Minimum password age \(days\): +)1/, '$190']] as const) {
      const enc = knownExportByName(name)?.encoding ?? 'utf-8';
      const text = files.get(name)!.toString(enc.startsWith('utf-16') ? 'utf16le' : 'utf8').replace(/^\uFEFF/, '');
      const next = text.replace(from, to);
      expect(next).not.toBe(text);
      files.set(name, encodeAs(next.replace(/\r\n/g, '\n'), enc));
    }
    const dir = materialiseDevice(files);
    made.push(dir);
    const { snapshot } = await ingestFolder(dir);
    const r = evaluateCheck(catalog.checks.find((c) => c.id === 'PWD-MIN-AGE')!, snapshot, params, { now: '2024-03-01T12:00:00Z' });
    expect(r.status).toBe('not-collected');
    expect(r.provenance.map((p) => p.file)).toContain('secedit.inf');
  });
});

describe('drift: a change of one value of the pair changes the check reading the other', () => {
  it('lockout duration 15 -> 10 (reset 15): LOCKOUT-RESET pass -> not collected by diff, as a full evaluation says', async () => {
    const a = mr01();
    const b = mr01();
    b.collectedAt = '2026-11-03T10:00:00Z';
    b.access!.lockoutPolicy!.local!.durationMinutes = 10;
    const dir = mkdtempSync(join(tmpdir(), 'ato-policy-pair-'));
    try {
      for (const [name, snap] of [['old', a], ['new', b]] as const) {
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, 'MR-01.json'), JSON.stringify(snap, null, 2) + '\n');
      }
      const r = await runDiff({ old: join(dir, 'old'), new: join(dir, 'new'), out: join(dir, 'out'), force: true, now: '2026-11-04T00:00:00Z', toolVersion: 'test', config: {}, pdf: false, jobs: 1 });
      const changed = r.drift.devices.find((d) => d.deviceId === 'MR-01')!.checks;
      expect(changed.find((c) => c.checkId === 'LOCKOUT-RESET')).toMatchObject({ old: 'pass', new: 'not-collected' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
