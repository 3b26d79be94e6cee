// PWD-COMPLEXITY, PWD-HISTORY and PWD-MIN-AGE passed on the policy alone while an enabled local
// account was allowed no password (Get-LocalUser PasswordRequired False, UF_PASSWD_NOTREQD): no
// password is not complex, and the account may keep or return to it whatever the history or the
// minimum age say. Each now fails naming the account, as PWD-MIN-LENGTH did (overclaim17); the
// lockout checks stand (bad attempts still lock). The ARs stay valid against NIST.
import { describe, expect, it } from 'vitest';
import { arAssessor } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { describeArsValid } from '../support/oscal-schema.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const { assess, written } = arAssessor('ato-password-not-required-', '2024-03-01T12:00:00Z', { warm: true });

const VOIDED = ['PWD-COMPLEXITY', 'PWD-HISTORY', 'PWD-MIN-AGE'] as const;
const result = (ar: Record<string, unknown>, id: string) => {
  const o = observationOf(ar, 'MR-01', id);
  return { result: propOf(o, 'result'), text: String(o?.description ?? '') };
};

describe('the password policy and an enabled local account allowed no password', () => {
  const users = (account: string) => mr01Text('local-users.csv').replace(new RegExp(`("${account}","[^"]*","[^"]*","[^"]*","[^"]*",)"True"`), '$1"False"');

  it('the premise: MR-01 passes complexity, history and minimum age on its policy', () => {
    const ar = assess(mr01FolderWith({}));
    for (const id of VOIDED) expect(result(ar, id).result, id).toBe('pass');
  });

  it('radtech (enabled) allowed no password: each fails naming it, never a pass on the policy', () => {
    expect(users('radtech')).not.toBe(mr01Text('local-users.csv'));
    const ar = assess(mr01FolderWith({ 'local-users.csv': users('radtech') }));
    for (const id of VOIDED) {
      expect(result(ar, id).result, id).toBe('fail');
      expect(result(ar, id).text, id).toMatch(/radtech/);
    }
    // Lockout limits bad attempts whatever the password: not voided.
    expect(result(ar, 'LOCKOUT-DURATION').result).toBe('pass');
  });

  it('only a disabled account (mradmin) allowed no password: the passes stand', () => {
    const ar = assess(mr01FolderWith({ 'local-users.csv': users('mradmin') }));
    for (const id of VOIDED) expect(result(ar, id).result, id).toBe('pass');
  });
});

describeArsValid('password not required: the ARs stay valid', written);
