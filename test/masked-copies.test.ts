// A secret's other copies are masked wherever the snapshot repeats them (src/snapshot/secrets.ts).
// When the secret is also an ordinary word of the console's configuration ("running", "disabled"),
// the values that held that word read "[REDACTED]" after redaction: a check must not pass on
// them, since the console's real value is no longer known (src/evaluate/evaluate-check.ts
// maskedPointers). Here: the deny-listed Secondary Logon service is RUNNING, the LDAP bind
// password is "seclogon", so redaction turns the service's name into "[REDACTED]". A secret that
// is one of a typed field's own words ("running" for a service's state) is no copy there: the
// field holds it unmasked, and the check keeps its verdict (src/snapshot/enum-words.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import type { Check } from '../src/catalog/types.js';
import { checkStatus, evaluateCheck, makeContext, maskedPointers } from '../src/evaluate/evaluate-check.js';
import { PlainWording } from '../src/evaluate/plain-wording.js';
import { resolveParameters } from '../src/params/resolve.js';
import { readSnapshot, validateSnapshot } from '../src/snapshot/load.js';
import { REDACTED, redactSnapshot } from '../src/snapshot/secrets.js';
import { userErrorOf } from './support/user-error.js';
import type { Snapshot } from '../src/snapshot/types.js';

const ROOT = new URL('..', import.meta.url).pathname;
const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const check = (id: string): Check => catalog.checks.find((c) => c.id === id)!;

/** CT-01 with Secondary Logon (deny-listed) set to Disabled but still running, and the given bind password. */
function ct01(bindPassword: string | undefined): Snapshot {
  const s = JSON.parse(readFileSync(join(ROOT, 'samples/CT-01/CT-01_2026-11-02.json'), 'utf8')) as Snapshot & { access: { ldap?: Record<string, unknown> } };
  const services = s.hardening!.services as Array<Record<string, unknown>>;
  const seclogon = services.find((x) => x.name === 'seclogon')!;
  seclogon.startType = 'disabled';
  seclogon.state = 'running';
  if (bindPassword !== undefined) s.access.ldap = { ...(s.access.ldap ?? {}), bindPassword };
  return redactSnapshot(s);
}

describe('a value masked as a copy of a secret is not evidence', () => {
  it('unmasked, the running deny-listed service fails OS-SERVICES (the baseline the next case must not turn into a pass)', () => {
    const r = evaluateCheck(check('OS-SERVICES'), ct01(undefined), params);
    expect(r.status).toBe('fail');
  });

  it('with the bind password "seclogon", the service\'s name reads [REDACTED] and OS-SERVICES is not collected, naming the masked value, not a pass', () => {
    const s = ct01('seclogon');
    const seclogon = (s.hardening!.services as Array<Record<string, unknown>>).find((x) => x.name === REDACTED)!;
    expect(seclogon.state).toBe('running'); // the premise: redaction masked the copy, the name
    const r = evaluateCheck(check('OS-SERVICES'), s, params);
    expect(r.status).toBe('not-collected');
    const i = (s.hardening!.services as unknown[]).indexOf(seclogon);
    expect(r.reason).toContain(`/hardening/services/${i}/name`);
    expect(r.reason).toMatch(/masked as a secret/);
    // The status alone (drift's path: src/drift/side.ts) decides the same.
    expect(checkStatus(check('OS-SERVICES'), s, makeContext(s, params))).toBe('not-collected');
  });

  it('with the bind password "running", one of a service state\'s own words, the state is kept and OS-SERVICES fails as without it; the password itself is masked', () => {
    const s = ct01('running');
    const seclogon = (s.hardening!.services as Array<Record<string, unknown>>).find((x) => x.name === 'seclogon')!;
    expect(seclogon.state).toBe('running');
    expect((s.access as { ldap: Record<string, unknown> }).ldap.bindPassword).toBe(REDACTED);
    expect(maskedPointers(s)).toEqual([]);
    expect(evaluateCheck(check('OS-SERVICES'), s, params).status).toBe('fail');
    expect(checkStatus(check('OS-SERVICES'), s, makeContext(s, params))).toBe('fail');
  });

  it('a check that reads no masked value keeps its verdict, and the secret itself is not among the masked values', () => {
    const s = ct01('seclogon');
    const masked = maskedPointers(s);
    expect(masked.length).toBeGreaterThan(0);
    expect(masked.every((p) => !p.startsWith('/access/ldap/bindPassword'))).toBe(true);
    expect(masked.some((p) => /^\/hardening\/services\/\d+\/name$/.test(p))).toBe(true);
    // Lockout threshold and AutoRun read no service name: the same verdict with or without the mask
    // (every FW-* check now reads MpsSvc's state, so a service name masked concerns them).
    for (const id of ['LOCKOUT-THRESHOLD', 'OS-AUTORUN-OFF']) {
      expect(evaluateCheck(check(id), s, params).status).toBe(evaluateCheck(check(id), ct01(undefined), params).status);
    }
  });

  it('a PIN whose digits the snapshot repeats as a number: that number reads [REDACTED], and AUDIT-LOG-SIZE, which would pass on it, is not collected', () => {
    const mr02 = (pin: string | undefined): Snapshot => {
      const s = JSON.parse(readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8')) as Snapshot;
      if (pin !== undefined) s.hardening!.registry!['HKLM\\SOFTWARE\\Vendor\\App\\ServicePin'] = pin;
      return redactSnapshot(s);
    };
    // The premise: the Security log is 1024000 KB, and the check passes on it.
    const plain = mr02(undefined);
    const security = plain.audit!.logs!.findIndex((l) => l.name === 'Security');
    expect(plain.audit!.logs![security]!.maxSizeKB).toBe(1024000);
    expect(evaluateCheck(check('AUDIT-LOG-SIZE'), plain, params).status).toBe('pass');
    const s = mr02('1024000');
    expect(s.audit!.logs![security]!.maxSizeKB).toBe(REDACTED);
    const r = evaluateCheck(check('AUDIT-LOG-SIZE'), s, params);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toContain(`/audit/logs/${security}/maxSizeKB`);
    expect(r.reason).toMatch(/masked as a secret/);
    expect(checkStatus(check('AUDIT-LOG-SIZE'), s, makeContext(s, params))).toBe('not-collected');
  });

  it('the plain wording of a result not collected on a masked value says it is withheld as a secret, never that the snapshot does not hold it', () => {
    const plain = new PlainWording(params.values());
    // A number masked as a PIN's digits (the test's result names it missing) and a word masked as the bind password.
    const mr02 = JSON.parse(readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8')) as Snapshot;
    mr02.hardening!.registry!['HKLM\\SOFTWARE\\Vendor\\App\\ServicePin'] = '1024000';
    for (const [id, s] of [['AUDIT-LOG-SIZE', redactSnapshot(mr02)], ['OS-SERVICES', ct01('seclogon')]] as const) {
      const r = evaluateCheck(check(id), s, params);
      expect(r.status, id).toBe('not-collected');
      const found = plain.found(check(id), r)!;
      expect(found, id).not.toMatch(/does not hold/);
      expect(found, id).toMatch(/withheld .*repeats a secret/);
      expect(found, id).not.toContain('1024000');
    }
  });

  it('a redacted copy holding masked values where the schema wants a number or one of its words is read again (diff, verify and monitor re-validate evidence copies); other errors stand', () => {
    // A log size "[REDACTED]" (an integer): diff of the package refused its own evidence copy.
    const s = ct01('seclogon');
    const mr02 = JSON.parse(readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8')) as Snapshot;
    mr02.hardening!.registry!['HKLM\\SOFTWARE\\Vendor\\App\\ServicePin'] = '1024000';
    for (const copy of [s, redactSnapshot(mr02)]) {
      const bytes = Buffer.from(JSON.stringify(copy, null, 2));
      const again = readSnapshot(bytes, 'evidence/copy.json');
      expect(again.snapshot).toEqual(copy);
      expect(maskedPointers(again.snapshot)).toEqual(maskedPointers(copy));
    }
    // Not a masked value: still refused, named.
    const bad = JSON.parse(JSON.stringify(s)) as { hardening: { services: Array<Record<string, unknown>> } };
    bad.hardening.services[0]!.state = 'runing';
    expect(userErrorOf(() => validateSnapshot(bad, 'x.json')).message).toMatch(/at \/hardening\/services\/0\/state: must be one of/);
    const badNumber = JSON.parse(JSON.stringify(redactSnapshot(mr02))) as { audit: { logs: Array<Record<string, unknown>> } };
    badNumber.audit.logs[0]!.maxSizeKB = 'big';
    expect(userErrorOf(() => validateSnapshot(badNumber, 'x.json')).message).toMatch(/maxSizeKB: must be integer/);
  });

  it('no sample snapshot holds a masked copy (so the bundled package is unchanged by the rule)', () => {
    const files = readdirSync(join(ROOT, 'samples'), { recursive: true, encoding: 'utf8' }).filter((f) => /_\d{4}-\d{2}-\d{2}\.json$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(13);
    for (const f of files) expect(maskedPointers(redactSnapshot(JSON.parse(readFileSync(join(ROOT, 'samples', f), 'utf8')) as Snapshot)), f).toEqual([]);
  });
});
