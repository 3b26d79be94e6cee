// A test that passes because a value is not a name it rules out, on a look-alike of that name
// (Cyrillic or Greek letters drawn like Latin ones, full-width forms, invisible characters): not
// judged, not collected naming the characters (src/evaluate/look-alike.ts). Found: a time source
// "Lоcal CMOS Clock" (Cyrillic о) passed TIME-SYNC, a clinical account in "Аdministrators"
// (Cyrillic А) passed ROLE-CLINICAL-NOT-ADMIN, a product "АppLocker" spared MAL-ALLOWLIST the
// Application Identity service, a certificate whose issuer is its subject with one Cyrillic letter
// passed TLS-CERTIFICATE's "not self-signed".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { evaluateCheck, makeContext, checkStatus, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { skeleton } from '../src/evaluate/look-alike.js';
import { resolveParameters } from '../src/params/resolve.js';
import { readSnapshot } from '../src/snapshot/load.js';
import type { Snapshot } from '../src/snapshot/types.js';

const ROOT = new URL('..', import.meta.url).pathname;
const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const AT = { now: '2026-11-02T18:00:00Z' };
const load = (d: string): Snapshot => JSON.parse(readFileSync(join(ROOT, 'samples', d, `${d}_2026-11-02.json`), 'utf8')) as Snapshot;
/** The full evaluation and the status-only path (drift's) agree; both returned. */
const run = (id: string, doc: Snapshot) => {
  const s = readSnapshot(Buffer.from(JSON.stringify(doc)), 'x.json').snapshot;
  const check = catalog.checks.find((c) => c.id === id)!;
  const r = evaluateCheck(check, s, params, AT);
  expect(checkStatus(check, s, makeContext(s, params, AT)), `${id}: status path`).toBe(r.status);
  return r;
};

describe('skeleton', () => {
  it('reads Cyrillic and Greek look-alikes, full-width letters and invisible characters as the Latin text they show', () => {
    expect(skeleton('\u0410dministrators')).toBe('administrators');
    expect(skeleton('Gu\u0435st')).toBe('guest');
    expect(skeleton('\uff2c\uff4f\uff43\uff41\uff4c')).toBe('local');
    expect(skeleton('App\u200bLocker')).toBe('applocker');
    expect(skeleton('\u039f\u03a1\u0395\u039d')).toBe('open');
  });

  it('leaves real words of other scripts distinct from Latin names', () => {
    expect(skeleton('Администраторы')).not.toBe('administrators');
  });
});

describe('a look-alike of a name a check rules out', () => {
  const synced = (s: Snapshot, source: string): Snapshot => {
    s.audit!.timeSync = { ...s.audit!.timeSync, source, leapIndicator: 0, lastSuccessfulSyncAt: '2026-11-02T08:00:00Z' };
    return s;
  };

  // Since 49938db a time source must read as a host name or address (an NTP server, a domain
  // controller): a look-alike of the local clock names no host either, so it fails, never a pass.
  it('TIME-SYNC: "Local CMOS Clock" fails; written with a Cyrillic о, full-width, or with a zero-width space it fails too (it names no host), never a pass', () => {
    expect(run('TIME-SYNC', synced(load('MR-01'), 'Local CMOS Clock')).status).toBe('fail');
    for (const source of ['L\u043ecal CMOS Clock', '\uff2c\uff4f\uff43\uff41\uff4c CMOS Clock', 'Local\u200b CMOS Clock']) {
      const r = run('TIME-SYNC', synced(load('MR-01'), source));
      expect(r.status, source).toBe('fail');
      expect(r.problems.join(' '), source).toMatch(/host name or address/);
    }
    expect(run('TIME-SYNC', synced(load('MR-01'), 'dc01.hospital.example')).status).toBe('pass');
  });

  it('ROLE-CLINICAL-NOT-ADMIN: a clinical account in "Аdministrators" (Cyrillic А) is not collected; in the Russian group name it fails as before', () => {
    const withGroup = (name: string): Snapshot => {
      const s = load('LAB-01');
      // Names only, as an export without the groups' SIDs gives them: by SID the group is Administrators whatever its name.
      for (const a of s.access!.accounts!) {
        if (a.groups) a.groups = a.groups.map((g) => (g === 'Administrators' ? name : g));
        delete a.groupSids;
      }
      return s;
    };
    const r = run('ROLE-CLINICAL-NOT-ADMIN', withGroup('\u0410dministrators'));
    expect(r.status).toBe('not-collected');
    expect(r.reason).toMatch(/Local groups of the account = "\u0410dministrators" reads as "Administrators" .*U\+0410/);
    expect(run('ROLE-CLINICAL-NOT-ADMIN', withGroup('Администраторы')).status).toBe('fail');
  });

  it('MAL-ALLOWLIST: a product "АppLocker" is not another product; without the Application Identity service it is never a pass', () => {
    const s = load('MR-01');
    s.malware!.allowlisting!.product = '\u0410ppLocker';
    for (const c of s.malware!.allowlisting!.collections!) c.allowsEveryFile = false;
    s.hardening!.services = s.hardening!.services!.filter((x) => x.name !== 'AppIDSvc');
    expect(run('MAL-ALLOWLIST', s).status).toBe('not-collected');
    s.malware!.allowlisting!.product = 'AppLocker';
    expect(run('MAL-ALLOWLIST', s).status).toBe('fail');
  });

  it('TLS-CERTIFICATE: an issuer that is the subject with one Cyrillic letter is not shown to differ from it', () => {
    const s = load('MR-01');
    const cert = s.encryption!.certificates![0]!;
    expect(run('TLS-CERTIFICATE', s).status).toBe('pass');
    cert.issuer = cert.subject.replace('o', '\u043e');
    const r = run('TLS-CERTIFICATE', s);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toMatch(/Issuer = ".*" reads as ".*" but is written with other characters \(U\+043E\)/);
  });
});
