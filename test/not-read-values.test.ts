// Texts that say a value was not read ("N/A", "(null)", "Not Defined", "", blanks) are no value:
// neither a pass resting on one (src/evaluate/not-read.ts) nor an item left out of a list because
// one stands where the `where` looks. Each case is a counterexample test/check-mutation.property.test.ts
// found on a bundled sample, shrunk to the one value changed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { checkStatus, evaluateCheck, makeContext, type CheckResult, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { notReadText } from '../src/evaluate/not-read.js';
import type { ParamUse } from '../src/evaluate/test-eval.js';
import type { Snapshot } from '../src/snapshot/types.js';

const { checks, parameters } = loadCatalog();
const params: ResolvedParams = new Map<string, ParamUse>(parameters.map((p) => [p.id, { id: p.id, value: p.default, source: 'default' }]));

/** The latest bundled snapshot of a console, with one change. */
function sample(device: string, change: (s: any) => void): Snapshot {
  const s = JSON.parse(readFileSync(new URL(`../samples/${device}/${device}_2026-11-02.json`, import.meta.url), 'utf8'));
  change(s);
  return s as Snapshot;
}
const run = (id: string, s: Snapshot): CheckResult => evaluateCheck(checks.find((c) => c.id === id)!, s, params);

describe('a pass never rests on a text that says the value was not read', () => {
  it('TIME-SYNC: a time source "(null)" is not a time source other than the local clock', () => {
    expect(run('TIME-SYNC', sample('CT-01', () => {})).status).toBe('pass');
    const r = run('TIME-SYNC', sample('CT-01', (s) => { s.audit.timeSync.source = '(null)'; }));
    // Since 49938db the source must read as a host name or address: "(null)" names none, and a
    // test asking what a value IS fails on it (only a pass is withheld on such a text), naming it.
    expect(r.status).toBe('fail');
    expect(r.problems.join('; ')).toContain('Time source = (null), expected a host name or address');
  });

  it('AUDIT-FORWARD: a syslog server "N/A" is not shown to be a remote server', () => {
    expect(run('AUDIT-FORWARD', sample('CT-01', (s) => { s.audit.syslog.server = 'N/A'; })).status).toBe('not-collected');
  });

  it('MAL-ALLOWLIST: a product "(null)" is not shown to be an allow-listing product other than AppLocker', () => {
    expect(run('MAL-ALLOWLIST', sample('LAB-01', () => {})).status).toBe('pass');
    expect(run('MAL-ALLOWLIST', sample('LAB-01', (s) => { s.malware.allowlisting.product = '(null)'; })).status).not.toBe('pass');
  });

  it('TLS-CERTIFICATE: a certificate whose subject reads "Not Defined" is not shown to be issued by another', () => {
    expect(run('TLS-CERTIFICATE', sample('CT-01', () => {})).status).toBe('pass');
    expect(run('TLS-CERTIFICATE', sample('CT-01', (s) => { s.encryption.certificates[0].subject = 'Not Defined'; })).status).toBe('not-collected');
  });

  it('ROLE-CLINICAL-NOT-ADMIN: a clinical account whose groups include "N/A" is not shown to be outside Administrators', () => {
    const clinical = (s: any) => s.access.accounts.find((a: { role?: string }) => a.role === 'clinical');
    expect(run('ROLE-CLINICAL-NOT-ADMIN', sample('CT-01', () => {})).status).toBe('pass');
    const r = run('ROLE-CLINICAL-NOT-ADMIN', sample('CT-01', (s) => { clinical(s).groups.push('N/A'); }));
    expect(r.status).toBe('not-collected');
  });

  it('a value the check itself names keeps its verdict: MAL-ALLOWLIST fails a product "unknown", LOGON-BANNER an empty banner', () => {
    expect(run('MAL-ALLOWLIST', sample('LAB-01', (s) => { s.malware.allowlisting.product = 'unknown'; s.hardening.services = s.hardening.services.filter((x: { name: string }) => x.name !== 'AppIDSvc'); })).status).toBe('fail');
    expect(run('LOGON-BANNER', sample('MR-01', (s) => { s.access.logonBanner.text = ''; })).status).toBe('fail');
  });
});

describe('a list item whose where-value was not read is not left out', () => {
  it('FW-ALLOWED-PORTS: the SMB rule on port 445 with protocol "" is still judged (not a pass)', () => {
    const before = run('FW-ALLOWED-PORTS', sample('LAB-01', () => {}));
    expect(before.status).toBe('fail');
    const r = run('FW-ALLOWED-PORTS', sample('LAB-01', (s) => {
      for (const rule of s.firewall.rules) if (rule.localPorts?.includes('445')) rule.protocol = '';
    }));
    expect(r.status).toBe('not-collected');
  });

  it('OS-SERVICES: a service named "N/A" could be a denied one: not collected', () => {
    expect(run('OS-SERVICES', sample('MR-01', () => {})).status).toBe('pass');
    expect(run('OS-SERVICES', sample('MR-01', (s) => { s.hardening.services[0].name = 'N/A'; })).status).toBe('not-collected');
  });

  it('ROLE-CLINICAL-NOT-ADMIN: a nested group whose group SID reads "N/A" could be Administrators: not collected', () => {
    expect(run('ROLE-CLINICAL-NOT-ADMIN', sample('CT-01', () => {})).status).toBe('pass');
    expect(run('ROLE-CLINICAL-NOT-ADMIN', sample('CT-01', (s) => { s.access.nestedGroups[0].groupSid = 'N/A'; })).status).toBe('not-collected');
  });
});

describe('which texts say nothing was read (notReadText)', () => {
  it('each in any case, padded by any blank Unicode trims, alone or in a list; values that only begin alike, or say "none", are values', () => {
    // notReadText decides most values by their first character, without a lower-cased copy: every
    // spelling that trims and lower-cases to one of the texts must still be found.
    const texts = ['', '   ', 'n/a', 'N/A', 'Unknown', 'UNKNOWN', 'null', 'NULL', '(null)', '(NULL)', '<null>', 'undefined', 'Not Defined', 'NOT AVAILABLE', '-', '--', '?'];
    for (const t of texts) {
      for (const padded of [t, ` ${t}`, `\t${t}\t`, `\u00a0${t}`, `\u2003${t}\n`, `\ufeff${t}`]) {
        expect(notReadText(padded), JSON.stringify(padded)).toBe(padded);
        expect(notReadText(['Administrators', padded]), JSON.stringify(padded)).toBe(padded);
      }
    }
    for (const v of ['none', 'None', 'Enabled', 'no', 'nullable', 'unknown host', 'N/A (see note)', '-1', '2027-06-01T00:00:00Z', 'NT AUTHORITY\\SYSTEM', 0, null, true]) {
      expect(notReadText(v), JSON.stringify(v)).toBeUndefined();
    }
  });
});

// One list of texts that say nothing was read (src/evaluate/not-read.ts). There were two: the
// evaluator's comparison of two fields kept its own (`UNREAD_TEXTS`: "na", "none"), the rest read
// `NOT_READ` ("(null)", "<null>", "not defined"), so a syslog server "NA" passed AUDIT-FORWARD while
// "N/A" was not collected. Every value of either old list is judged here on every path: a test
// against a constant (evaluateCheck, and checkStatus, which takes statusOf's and the compiled
// tests' road), a `where` choosing list items, and a comparison with another field.
/** The check's status both ways; they must agree. */
function statuses(id: string, s: Snapshot): string {
  const check = checks.find((c) => c.id === id)!;
  const full = evaluateCheck(check, s, params).status;
  expect(checkStatus(check, s, makeContext(s, params)), `${id}: checkStatus agrees with evaluateCheck`).toBe(full);
  return full;
}

// The union of the two old lists, as each spelled them.
const OLD_NOT_READ = ['', 'n/a', 'unknown', 'null', '(null)', '<null>', 'undefined', 'not defined', 'not available', '-', '--', '?'];
const OLD_UNREAD_TEXTS = ['', 'unknown', 'n/a', 'na', 'none', 'null', 'undefined', '-', '--', '?', 'not available'];
// By design "none" is a setting's value (tls: none) against a constant, yet no value two fields
// can share (installed version "none" = latest "none" shows no release): it is left out of the
// constant and `where` paths below and kept in the comparison path.
const SAYS_NONE = 'none';
const texts = [...new Set([...OLD_NOT_READ, ...OLD_UNREAD_TEXTS])].flatMap((t) => [t, t.toUpperCase()]);

describe('a text from either old list of "nothing was read" is treated alike on every path', () => {
  it('premises: the unchanged samples pass AUDIT-FORWARD and OS-SERVICES, and fail OS-PATCH-LEVEL (SP1 installed, SP3 out since June)', () => {
    expect(statuses('AUDIT-FORWARD', sample('CT-01', () => {}))).toBe('pass');
    expect(statuses('OS-SERVICES', sample('MR-01', () => {}))).toBe('pass');
    expect(statuses('OS-PATCH-LEVEL', sample('CT-01', () => {}))).toBe('fail');
  });

  it('against a constant: a syslog server reading it is not shown to be a named server (AUDIT-FORWARD never passes)', () => {
    // Not collected, or a fail where the check's own test fails it ("" is empty: a fail stays a fail).
    for (const t of texts.filter((x) => x.toLowerCase() !== SAYS_NONE)) {
      expect(statuses('AUDIT-FORWARD', sample('CT-01', (s) => { s.audit.syslog.server = t; })), JSON.stringify(t)).not.toBe('pass');
    }
  });

  it('in a where: a service named by it could be a denied one (OS-SERVICES not collected)', () => {
    for (const t of texts.filter((x) => x.toLowerCase() !== SAYS_NONE)) {
      expect(statuses('OS-SERVICES', sample('MR-01', (s) => { s.hardening.services[0].name = t; })), JSON.stringify(t)).toBe('not-collected');
    }
  });

  it('compared with another field: installed and latest version both reading it show no release (OS-PATCH-LEVEL not collected)', () => {
    for (const t of texts) {
      const s = sample('CT-01', (x) => { x.hardening.updates.vendorSoftware.installedVersion = t; x.hardening.updates.vendorSoftware.latestVersion = t; });
      expect(statuses('OS-PATCH-LEVEL', s), JSON.stringify(t)).toBe('not-collected');
    }
  });
});
