// PWD-MAX-AGE passed on the policy's maximum age alone while an enabled local account's password
// never expired (Get-LocalUser's PasswordExpires empty): the account is exempt from the policy, so
// the expiry claimed did not hold for it. Get-LocalUser's PasswordExpires is now read; such an
// account fails the check, a disabled one or a domain account does not; without the column the pass
// stands, its in-part reason saying exemptions were not read. The AR stays valid against NIST.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { describeArsValid } from '../support/oscal-schema.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const { assess, written, out } = arAssessor('ato-password-never-expires-', '2024-03-01T12:00:00Z', { warm: true });

/**
 * MR-01's local users with the service account's password set recently: the fixture's is 120 days
 * old at collection, which fails PWD-MAX-AGE by its age (time14) whatever PasswordExpires says.
 */
const recentUsers = (): string => mr01Text('local-users.csv').replace('"service","True","S-1-5-21-3623811015-3361044348-30300820-1003","Local","User","True","2023-11-02T08:00:00.0000000+01:00"', '"service","True","S-1-5-21-3623811015-3361044348-30300820-1003","Local","User","True","2024-02-20T08:00:00.0000000+01:00"');

/** MR-01's local users (recentUsers) with a PasswordExpires column: empty (never expires) for the accounts named. */
function usersWithExpiry(never: readonly string[]): string {
  const lines = recentUsers().split(/\r?\n/);
  return lines
    .map((l, i) => (l === '' ? l : i === 0 ? `${l},"PasswordExpires"` : `${l},"${never.includes(JSON.parse(l.split(',')[0]!) as string) ? '' : '2024-04-01T10:00:00.0000000+01:00'}"`))
    .join('\r\n');
}
const result = (ar: Record<string, unknown>) => {
  const o = observationOf(ar, 'MR-01', 'PWD-MAX-AGE');
  return { result: propOf(o, 'result'), text: String(o?.description ?? '') };
};

describe('PWD-MAX-AGE and accounts whose password never expires', () => {
  it('an enabled local account (radtech) with PasswordExpires empty: a fail naming it, never a pass on the policy', () => {
    const { result: r, text } = result(assess(mr01FolderWith({ 'local-users.csv': usersWithExpiry(['radtech']) })));
    expect(r).toBe('fail');
    expect(text).toMatch(/radtech/);
  });

  it('only a disabled account (mradmin, Guest) never expires: the pass stands', () => {
    expect(result(assess(mr01FolderWith({ 'local-users.csv': usersWithExpiry(['mradmin', 'Guest']) }))).result).toBe('pass');
  });

  it('no PasswordExpires column: the pass stands, its in-part reason saying such accounts were not read', () => {
    expect(recentUsers()).not.toBe(mr01Text('local-users.csv'));
    expect(result(assess(mr01FolderWith({ 'local-users.csv': recentUsers() }))).result).toBe('pass');
    const ssp = readFileSync(join(out(), 'ssp.json'), 'utf8');
    expect(ssp).toMatch(/where PasswordExpires was not collected[^"]*accounts whose password never expires/);
  });
});

// The same for an account Windows lets have no password (Get-LocalUser PasswordRequired False):
// PWD-MIN-LENGTH passed on the policy's 14 characters while radtech needed none.
describe('PWD-MIN-LENGTH and accounts allowed no password', () => {
  const policy14 = {
    'secedit.inf': mr01Text('secedit.inf').replace(/MinimumPasswordLength = 12/, 'MinimumPasswordLength = 14'),
    'net-accounts.txt': mr01Text('net-accounts.txt').replace(/(Minimum password length: +)12/, '$114'),
  };
  const minLength = (ar: Record<string, unknown>) => propOf(observationOf(ar, 'MR-01', 'PWD-MIN-LENGTH'), 'result');

  it('the premise: a 14-character policy passes', () => {
    expect(policy14['secedit.inf']).toMatch(/MinimumPasswordLength = 14/);
    expect(minLength(assess(mr01FolderWith(policy14)))).toBe('pass');
  });

  it('an enabled local account with PasswordRequired False: a fail, never a pass on the policy', () => {
    const users = mr01Text('local-users.csv').replace(/("radtech","True","[^"]*","[^"]*","[^"]*",)"True"/, '$1"False"');
    expect(users).not.toBe(mr01Text('local-users.csv'));
    expect(minLength(assess(mr01FolderWith({ ...policy14, 'local-users.csv': users })))).toBe('fail');
  });
});

describeArsValid('password never expires: the ARs stay valid', written);
