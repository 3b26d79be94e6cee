// One list of texts that say nothing was read (src/evaluate/not-read.ts). There were two: the
// evaluator's comparison of two fields kept its own (`UNREAD_TEXTS`: "na", "none"), the rest read
// `NOT_READ` ("(null)", "<null>", "not defined"), so a syslog server "NA" passed AUDIT-FORWARD while
// "N/A" was not collected. Every value of either old list is judged here on every path: a test
// against a constant (evaluateCheck, and checkStatus, which takes statusOf's and the compiled
// tests' road), a `where` choosing list items, and a comparison with another field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { checkStatus, evaluateCheck, makeContext, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import type { ParamUse } from '../src/evaluate/test-eval.js';
import type { Snapshot } from '../src/snapshot/types.js';

const { checks, parameters } = loadCatalog();
const params: ResolvedParams = new Map<string, ParamUse>(parameters.map((p) => [p.id, { id: p.id, value: p.default, source: 'default' }]));

function sample(device: string, change: (s: any) => void): Snapshot {
  const s = JSON.parse(readFileSync(new URL(`../samples/${device}/${device}_2026-11-02.json`, import.meta.url), 'utf8'));
  change(s);
  return s as Snapshot;
}
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
