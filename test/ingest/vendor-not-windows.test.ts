// Values the vendor settings file declares, read as the console's collected state (overclaim13):
// - SCREEN-LOCK-TIMEOUT passed on noLockDuringAcquisition read as false where no vendor settings
//   file was collected at all: the vendor's word on it was never read.
// - PWD-MIN-LENGTH, PWD-HISTORY, PWD-COMPLEXITY and LOCKOUT-THRESHOLD passed on the vendor file's
//   passwordPolicy.local / lockoutPolicy.local with secedit and `net accounts` absent: a vendor's
//   declaration is not the policy Windows enforces.
// - secedit: a key given twice, differently, kept the first value "as Windows does", which no
//   Microsoft documentation says: MinimumPasswordLength 14 then 8 passed PWD-MIN-LENGTH.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { describeWithShared, validateOscal } from '../support/oscal-schema.js';
import { pdfPageTexts } from '../support/pdf-text.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

type Json = Record<string, any>;
const NOW = '2024-03-01T12:00:00Z';
// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const { assess, out: lastOut, written } = arAssessor('ato-vendor-not-windows-', NOW, { warm: true });
const folder = mr01FolderWith;
const obs = (ar: Json, check: string): Json => observationOf(ar, 'MR-01', check);

describe('SCREEN-LOCK-TIMEOUT: no vendor settings file, no word on locking during acquisition', () => {
  it('the premise: with the vendor file (no noLockDuringAcquisition in it) a 900-second limit passes', () => {
    expect(propOf(obs(assess(folder({})), 'SCREEN-LOCK-TIMEOUT'), 'result')).toBe('pass');
  });

  it('without the vendor file it is not collected, naming the vendor setting', () => {
    const o = obs(assess(folder({ 'vendor-settings.json': null })), 'SCREEN-LOCK-TIMEOUT');
    expect(propOf(o, 'result')).toBe('not-collected');
    // By the wording's name for the vendor setting, not its snapshot field (noLockDuringAcquisition).
    expect(propOf(o, 'not-collected-reason')).toContain('No lock during image acquisition (vendor setting) is given only by the vendor settings file');
  });
});

/** MR-01's vendor file declaring the whole local account policy (as a vendor's export may). */
function vendorDeclaringPolicy(): string {
  const v = JSON.parse(mr01Text('vendor-settings.json')) as Json;
  v.passwordPolicy.local = { minLength: 14, maxLength: 14, history: 24, complexity: true };
  v.lockoutPolicy.local = { threshold: 5, durationMinutes: 30, resetMinutes: 30 };
  return JSON.stringify(v, null, 2);
}
const POLICY_CHECKS = ['PWD-MIN-LENGTH', 'PWD-HISTORY', 'PWD-COMPLEXITY', 'LOCKOUT-THRESHOLD'];

describe("the vendor settings file's local account policy is not Windows' policy", () => {
  it('the premise: with secedit and net accounts collected, Windows\' values decide (its 12-character minimum fails beside the vendor\'s 14)', () => {
    const ar = assess(folder({ 'vendor-settings.json': vendorDeclaringPolicy() }));
    expect(propOf(obs(ar, 'PWD-MIN-LENGTH'), 'result')).toBe('fail');
    for (const check of POLICY_CHECKS) expect(propOf(obs(ar, check), 'result'), check).toMatch(/^(pass|fail)$/);
  });

  it('without secedit and net accounts, the vendor\'s declaration passes none of them: not collected, saying the value came from the vendor file, in the AR, the PDF and results.csv', async () => {
    const exportsDir = folder({ 'vendor-settings.json': vendorDeclaringPolicy(), 'secedit.inf': null, 'net-accounts.txt': null });
    const ar = assess(exportsDir, { pdf: true });
    const out = lastOut();
    const csv = readFileSync(join(out, 'results.csv'), 'utf8');
    for (const check of POLICY_CHECKS) {
      const o = obs(ar, check);
      expect(propOf(o, 'result'), check).toBe('not-collected');
      expect(propOf(o, 'not-collected-reason'), check).toMatch(/vendor-settings\.json declares .*only the vendor settings declare it; Windows' own policy \(secedit \/ net accounts\) was not collected/);
      const row = csv.split('\n').find((l) => l.includes(check) && l.includes('MR-01'));
      expect(row, check).toMatch(/not-collected/);
      expect(row, check).toMatch(/only the vendor settings declare it/);
    }
    const pdf = (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join('\n').replace(/\s+/g, ' ');
    expect(pdf.includes('only the vendor settings declare it'), 'the PDF gives the reason').toBe(true);
  });
});

describe('secedit: a key given twice, differently, is not read', () => {
  const twice = (second: string): string => mr01Text('secedit.inf').replace('MinimumPasswordLength = 12\n', `MinimumPasswordLength = 14\n`).replace('[Event Audit]\n', `${second}\n[Event Audit]\n`);

  it('MinimumPasswordLength 14, then 8 (net accounts absent): PWD-MIN-LENGTH is not collected, naming both lines and values', () => {
    const o = obs(assess(folder({ 'secedit.inf': twice('MinimumPasswordLength = 8'), 'net-accounts.txt': null })), 'PWD-MIN-LENGTH');
    expect(propOf(o, 'result')).toBe('not-collected');
    expect(propOf(o, 'not-collected-reason')).toMatch(/MinimumPasswordLength is given twice, differently: "14" on line \d+, "8" on line \d+/);
  });

  it('the same value twice is one value: 14 and 14 pass', () => {
    expect(propOf(obs(assess(folder({ 'secedit.inf': twice('MinimumPasswordLength = 14'), 'net-accounts.txt': null })), 'PWD-MIN-LENGTH'), 'result')).toBe('pass');
  });
});

/** MR-01's vendor file declaring a strong directory (LDAP) policy: every LDAP check would pass on it. */
function vendorDeclaringLdapPolicy(): string {
  const v = JSON.parse(mr01Text('vendor-settings.json')) as Json;
  expect(v.ldap.enabled).toBe(true);
  v.passwordPolicy.ldap = { minLength: 15, maxLength: 127, history: 24, minAgeDays: 1, maxAgeDays: 60, complexity: true, reversibleEncryption: false };
  v.lockoutPolicy.ldap = { threshold: 3, durationMinutes: 30, resetMinutes: 30 };
  return JSON.stringify(v, null, 2);
}
const LDAP_POLICY_CHECKS = ['PWD-MIN-LENGTH-LDAP', 'PWD-HISTORY-LDAP', 'PWD-COMPLEXITY-LDAP', 'PWD-MIN-AGE-LDAP', 'PWD-MAX-AGE-LDAP', 'PWD-REVERSIBLE-LDAP', 'LOCKOUT-THRESHOLD-LDAP', 'LOCKOUT-DURATION-LDAP', 'LOCKOUT-RESET-LDAP'];

describe("the vendor settings file's directory (LDAP) policy is not the domain's", () => {
  it('passes none of the LDAP policy checks: not collected, saying only the vendor declares it and the domain enforces it; the vendor application\'s own maximum length is still read', () => {
    const ar = assess(folder({ 'vendor-settings.json': vendorDeclaringLdapPolicy() }));
    for (const check of LDAP_POLICY_CHECKS) {
      const o = obs(ar, check);
      expect(propOf(o, 'result'), check).toBe('not-collected');
      expect(propOf(o, 'not-collected-reason'), check).toMatch(/vendor-settings\.json declares .*only the vendor settings declare it; the domain enforces the directory's (password|lockout) policy/);
    }
    expect(propOf(obs(ar, 'PWD-MAX-LENGTH-LDAP'), 'result')).toBe('pass');
  });
});

describeWithShared('the ARs written here', () => {
  it('validate against NIST 1.1.3 and 1.2.2', () => {
    expect(written.length).toBeGreaterThan(0);
    for (const ar of written) {
      expect(validateOscal(ar, '1.1.3')).toEqual([]);
      expect(validateOscal(ar, '1.2.2')).toEqual([]);
    }
  });
});
