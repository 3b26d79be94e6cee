// A word saying there is none ("none", "not configured", manage-bde's "None Found") was read as a
// value wherever a check tested a text only for being there: LDAP on over LDAPS with the server
// list ["none"] passed CENTRAL-AUTH (not-empty on the list), a volume whose key protectors read
// ["None Found"] passed DISK-ENCRYPTION, forwarding "on" over TLS to the server "none" passed
// AUDIT-FORWARD-TLS, and two factors beside the logon method "none" passed SERVICE-MFA. An item
// test without a field now compares a list's item itself, and these checks require a value that
// is not such a word (the anchor no-host, as AUDIT-FORWARD and TIME-SYNC). Assessed through the CLI; the ARs are valid against NIST.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor, editedSnapshot } from './support/cli-scratch.js';
import { observationOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';
import { describeArsValid } from './support/oscal-schema.js';

const ROOT = new URL('..', import.meta.url).pathname;
// The verdicts are the point: each snapshot is assessed by the built CLI's assess command in one
// warm worker (warm-assess.ts), not a process each. The command line itself is test/cli.test.ts's
// "writes the package, a human summary on stderr, and --json on stdout only"; the drift below still spawns it.
const run = arAssessor('ato-none-word-entries-', '2026-11-03T00:00:00Z', { warm: true });

/** MR-01 (LDAP over LDAPS, forwarding over TLS) with D: protected, then `edit`. */
function mr01With(name: string, edit: (s: Record<string, any>) => void): string {
  return editedSnapshot(run.dir(), name, join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), (s) => {
    s.encryption.volumes[1].protectionStatus = 'on';
    edit(s);
  });
}
const result = (dir: string, check: string): string | undefined => propOf(observationOf(run.assess(dir), 'MR-01', check), 'result');
/** The result of `check`, and its description (what was found, in words). */
const judged = (dir: string, check: string): [string | undefined, string] => {
  const o = observationOf(run.assess(dir), 'MR-01', check);
  return [propOf(o, 'result'), String(o.description)];
};

describe('CENTRAL-AUTH: a directory server list holding only a word saying there is none names no server', () => {
  it('the premise: named servers pass', () => {
    expect(result(mr01With('ldap-named', () => {}), 'CENTRAL-AUTH')).toBe('pass');
  });
  it.each([['none'], ['not configured'], ['(none)'], ['none', 'NOT_SET']])('%j: fail, the result stating the word', (...servers) => {
    const dir = mr01With(`ldap-${servers.join('-').replace(/\W/g, '_')}`, (s) => (s.access.ldap.servers = servers));
    const [status, description] = judged(dir, 'CENTRAL-AUTH');
    expect(status).toBe('fail');
    expect(description).toContain(`Directory servers: ${servers[0]}`);
  });
  it('a word beside a named server, or a host starting with such a word, passes', () => {
    expect(result(mr01With('ldap-mixed', (s) => (s.access.ldap.servers = ['none', 'dc01'])), 'CENTRAL-AUTH')).toBe('pass');
    expect(result(mr01With('ldap-prefix', (s) => (s.access.ldap.servers = ['none01.hospital.example'])), 'CENTRAL-AUTH')).toBe('pass');
  });
  it('"-" (nothing read) stays not collected', () => {
    expect(result(mr01With('ldap-dash', (s) => (s.access.ldap.servers = ['-'])), 'CENTRAL-AUTH')).toBe('not-collected');
  });
});

describe('DISK-ENCRYPTION: key protectors read as "None Found" are no protector', () => {
  it('the premise: named protectors pass', () => {
    expect(result(mr01With('kp-named', () => {}), 'DISK-ENCRYPTION')).toBe('pass');
  });
  it.each(['None Found', 'none'])('C: with key protectors ["%s"]: fail, naming C:', (word) => {
    const dir = mr01With(`kp-${word.replace(/\W/g, '_')}`, (s) => (s.encryption.volumes[0].keyProtectors = [word]));
    const [status, description] = judged(dir, 'DISK-ENCRYPTION');
    expect(status).toBe('fail');
    expect(description).toContain(`C: (Key protectors: ${word})`);
  });
});

describe('AUDIT-FORWARD-TLS: forwarding over TLS to a server written "none" forwards nothing', () => {
  it('the premise: a named server passes', () => {
    expect(result(mr01With('fwd-named', () => {}), 'AUDIT-FORWARD-TLS')).toBe('pass');
  });
  it.each(['none', 'not configured'])('server "%s": fail, as AUDIT-FORWARD', (word) => {
    const dir = mr01With(`fwd-${word.replace(/\W/g, '_')}`, (s) => (s.audit.syslog.server = word));
    const ar = run.assess(dir);
    expect(propOf(observationOf(ar, 'MR-01', 'AUDIT-FORWARD-TLS'), 'result')).toBe('fail');
    expect(propOf(observationOf(ar, 'MR-01', 'AUDIT-FORWARD'), 'result')).toBe('fail');
  });
});

describe('SERVICE-MFA: two factors declared beside a logon method written "none" show no two-factor logon', () => {
  it('the premise: a named method passes', () => {
    expect(result(mr01With('mfa-named', () => {}), 'SERVICE-MFA')).toBe('pass');
  });
  it.each(['none', 'disabled'])('method "%s": fail, naming it', (word) => {
    const [status, description] = judged(mr01With(`mfa-${word}`, (s) => (s.access.serviceAccess.method = word)), 'SERVICE-MFA');
    expect(status).toBe('fail');
    expect(description).toContain(`Method: ${word}`);
  });
  it('a method not in the export leaves the flag to decide, as before', () => {
    expect(result(mr01With('mfa-absent', (s) => delete s.access.serviceAccess.method), 'SERVICE-MFA')).toBe('pass');
  });
  it('drift: the method changed to "none" regresses SERVICE-MFA, the change naming the check', () => {
    // The settings are read as an item (an object taken as a list of one): the change is at
    // access.serviceAccess.method all the same, and must not reuse the old pass.
    const before = join(mr01With('mfa-drift-old', () => {}), 'MR-01.json');
    const after = join(mr01With('mfa-drift-new', (s) => (s.access.serviceAccess.method = 'none')), 'MR-01.json');
    const out = join(run.dir(), 'mfa-drift');
    const r = run.cli(['diff', before, after, '--out', out, '--now', '2026-11-03T00:00:00Z']);
    expect(r.code, r.stderr).toBe(0);
    const device = JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')).devices[0];
    expect(device.checks.find((c: { checkId: string }) => c.checkId === 'SERVICE-MFA')).toMatchObject({ old: 'pass', new: 'fail' });
    expect(device.settings.find((x: { field: string }) => x.field === 'access.serviceAccess.method').checks).toContain('SERVICE-MFA');
  });
});

describeArsValid('none-word-entries ARs', run.written);
