// The directory's password and lockout policy checks (PWD-*-LDAP, LOCKOUT-*-LDAP) were "not
// applicable" (which satisfies ia-5.1 h, ac-7 ...) on MR-01's exports with the vendor's LDAP sign-in
// off and no directory account listed, while local-group-members.csv showed HOSPITAL\Domain Admins
// in Administrators: its members sign in to the console under the domain's policy, which no export
// collected. A directory group in a local group now makes the checks apply (not collected here);
// without one they stay not applicable. Assessed through ingest and the CLI; ARs valid against NIST.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor } from './support/cli-scratch.js';
import { observationOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';
import { describeArsValid } from './support/oscal-schema.js';

const ROOT = new URL('..', import.meta.url).pathname;
const MR01 = join(ROOT, 'test/fixtures/exports/mr-01');
// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const run = arAssessor('ato-directory-group-ldap-', '2024-03-01T12:00:00Z', { warm: true });
const CHECKS = ['PWD-MIN-LENGTH-LDAP', 'PWD-HISTORY-LDAP', 'PWD-COMPLEXITY-LDAP', 'LOCKOUT-THRESHOLD-LDAP', 'LOCKOUT-RESET-LDAP'];

/** MR-01's exports with the vendor's LDAP sign-in off and no directory account; `keep` filters the group members' lines. */
function ldapOff(name: string, keep: (line: string) => boolean): string {
  const dev = join(run.dir(), name, 'MR-01');
  mkdirSync(dev, { recursive: true });
  cpSync(MR01, dev, { recursive: true });
  const vendor = JSON.parse(readFileSync(join(dev, 'vendor-settings.json'), 'utf8')) as Record<string, any>;
  vendor.ldap = { enabled: false };
  vendor.users = (vendor.users as Array<Record<string, unknown>>).filter((u) => u.source !== 'ldap');
  delete vendor.passwordPolicy;
  delete vendor.lockoutPolicy;
  writeFileSync(join(dev, 'vendor-settings.json'), JSON.stringify(vendor, null, 2));
  const members = join(dev, 'local-group-members.csv');
  // HOSPITAL\jdoe is a directory account listed on its own: it already made the checks apply.
  const lines = readFileSync(members, 'utf8').split('\n').filter((l) => !/jdoe/.test(l) && keep(l));
  writeFileSync(members, lines.join('\n'));
  return join(run.dir(), name);
}
const results = (dir: string): Record<string, string | undefined> => {
  const ar = run.assess(dir);
  return Object.fromEntries(CHECKS.map((c) => [c, propOf(observationOf(ar, 'MR-01', c), 'result')]));
};

describe('the directory policy checks apply where a directory group is in a local group', () => {
  it('HOSPITAL\\Domain Admins in Administrators, LDAP sign-in off: not collected (the domain policy was not collected), never not applicable', () => {
    const dir = ldapOff('domain-admins', () => true);
    expect(readFileSync(join(dir, 'MR-01', 'local-group-members.csv'), 'utf8')).toMatch(/HOSPITAL\\Domain Admins/);
    for (const [check, result] of Object.entries(results(dir))) expect(result, check).toBe('not-collected');
  });
  it('the same console without the directory group: not applicable, as before', () => {
    for (const [check, result] of Object.entries(results(ldapOff('local-only', (l) => !/Domain Admins/.test(l))))) expect(result, check).toBe('not-applicable');
  });
  it('a console whose local groups hold no group at all (the list read whole, none found): not applicable', () => {
    for (const [check, result] of Object.entries(results(ldapOff('no-nested', (l) => !/Domain Admins|NT AUTHORITY/.test(l))))) expect(result, check).toBe('not-applicable');
  });
});

describeArsValid('directory-group-ldap-policy ARs', run.written);
