// A group member whose SID local-users.csv (Get-LocalUser) lists as a local account is a user,
// whatever ObjectClass local-group-members.csv gives it ("Group", "Usr", empty): read by its class,
// the clinical user radtech in Administrators was kept as a nested group without members, and
// ROLE-CLINICAL-NOT-ADMIN said not-collected where it fails. Read as the user, with a warning.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck } from '../../src/evaluate/evaluate-check.js';
import { ingestInputs } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { input, mr01Files, mr01Text } from './fixture-folder.js';

const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const check = catalog.checks.find((c) => c.id === 'ROLE-CLINICAL-NOT-ADMIN')!;
const RADTECH = 'S-1-5-21-3623811015-3361044348-30300820-1001';

/** MR-01 with radtech (a clinical user) added to Administrators under ObjectClass `cls`. */
function radtechAdmin(cls: string, sid = RADTECH) {
  const files = mr01Files();
  const members = `${mr01Text('local-group-members.csv').trimEnd()}\n"Administrators","MR01-CONSOLE\\radtech","${sid}","Local","${cls}"\n`;
  files.set('local-group-members.csv', Buffer.from(members));
  return ingestInputs([...files].map(([n, b]) => input(n, b)), 'MR-01');
}

describe('a member local-users.csv lists as an account is a user whatever its ObjectClass', () => {
  it('classed User: radtech is an administrator and the check fails (the baseline)', () => {
    const r = radtechAdmin('User');
    expect(r.snapshot.access?.accounts?.find((a) => a.name === 'radtech')?.groups).toContain('Administrators');
    expect(evaluateCheck(check, r.snapshot, params).status).toBe('fail');
  });

  for (const cls of ['Group', 'Usr', '']) {
    it(`classed ${JSON.stringify(cls)}: read as the user radtech, not a nested group; the check fails; a warning names the line and the class`, () => {
      const r = radtechAdmin(cls);
      expect(r.snapshot.access?.accounts?.find((a) => a.name === 'radtech')?.groups).toContain('Administrators');
      expect(r.snapshot.access?.nestedGroups?.some((g) => g.sid === RADTECH)).toBe(false);
      expect(evaluateCheck(check, r.snapshot, params).status).toBe('fail');
      const line = mr01Text('local-group-members.csv').trimEnd().split('\n').length + 1;
      expect(r.warnings.join('\n')).toContain(`local-group-members.csv: line ${line}: member "MR01-CONSOLE\\\\radtech" of "Administrators" has ObjectClass ${JSON.stringify(cls)}, but local-users.csv line`);
    });
  }

  it('a SID local-users.csv does not list, classed "Usr", stays a member whose accounts are not listed: never a pass', () => {
    const other = 'S-1-5-21-3623811015-3361044348-30300820-1042';
    const r = radtechAdmin('Usr', other);
    expect(r.snapshot.access?.nestedGroups?.some((g) => g.sid === other && g.kind === 'group')).toBe(true);
    expect(evaluateCheck(check, r.snapshot, params).status).not.toBe('pass');
  });
});
