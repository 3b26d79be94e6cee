// A group member whose SID local-users.csv (Get-LocalUser) lists as a local account is that local
// account, whatever PrincipalSource local-group-members.csv gives it ("ActiveDirectory", "AzureAD",
// "Unknown"): read by its source, radtech in Administrators became a directory account beside the
// local radtech, whose groups then lacked Administrators, and ROLE-CLINICAL-NOT-ADMIN passed.
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

/** MR-01 with radtech (a clinical user) added to Administrators under PrincipalSource `source`. */
function radtechAdmin(source: string, sid = RADTECH, name = 'MR01-CONSOLE\\radtech') {
  const files = mr01Files();
  const members = `${mr01Text('local-group-members.csv').trimEnd()}\n"Administrators","${name}","${sid}","${source}","User"\n`;
  files.set('local-group-members.csv', Buffer.from(members));
  return ingestInputs([...files].map(([n, b]) => input(n, b)), 'MR-01');
}

describe('a member local-users.csv lists as an account is that local account whatever its PrincipalSource', () => {
  it('the members file has the column order the test writes (Group, Name, SID, PrincipalSource, ObjectClass)', () => {
    expect(mr01Text('local-group-members.csv').split('\n')[0]).toMatch(/^"?Group"?,"?Name"?,"?SID"?,"?PrincipalSource"?,"?ObjectClass"?/);
  });

  for (const source of ['ActiveDirectory', 'AzureAD', 'Unknown']) {
    it(`source ${source}: read as the local user radtech, an administrator; the check fails; a warning names both lines`, () => {
      const r = radtechAdmin(source);
      const locals = r.snapshot.access?.accounts?.filter((a) => a.name === 'radtech') ?? [];
      expect(locals).toHaveLength(1);
      expect(locals[0]!.groups).toContain('Administrators');
      expect(r.snapshot.access?.accounts?.some((a) => a.source === 'ldap' && /radtech/i.test(a.name ?? ''))).toBe(false);
      expect(evaluateCheck(check, r.snapshot, params).status).toBe('fail');
      const line = mr01Text('local-group-members.csv').trimEnd().split('\n').length + 1;
      expect(r.warnings.join('\n')).toMatch(new RegExp(`local-group-members\\.csv: line ${line}: member "MR01-CONSOLE\\\\\\\\radtech" of "Administrators" has PrincipalSource "${source}", but local-users\\.csv line \\d+ lists its SID ${RADTECH} as a local user`));
    });
  }

  it('a directory account whose SID local-users.csv does not list stays a directory account (no warning)', () => {
    const other = 'S-1-5-21-1111111111-2222222222-3333333333-1105';
    const r = radtechAdmin('ActiveDirectory', other, 'HOSPITAL\\jdoe');
    expect(r.snapshot.access?.accounts?.some((a) => a.source === 'ldap' && a.name === 'HOSPITAL\\jdoe' && a.groups?.includes('Administrators'))).toBe(true);
    expect(r.warnings.join('\n')).not.toMatch(/has PrincipalSource/);
  });

  // A domain's name (not the console's) on this console's own SID, or another account's name on it:
  // contradictory. Read as the user local-users.csv lists for the SID, warned, never by the name.
  for (const [source, name] of [['ActiveDirectory', 'HOSPITAL\\radtech'], ['ActiveDirectory', 'HOSPITAL\\jdoe'], ['Local', 'MR01-CONSOLE\\jdoe']] as const) {
    it(`${name} (${source}) with radtech's local SID: radtech is an administrator, the check fails, the warning names the contradiction`, () => {
      const r = radtechAdmin(source, RADTECH, name);
      const radtech = r.snapshot.access?.accounts?.filter((a) => a.name === 'radtech') ?? [];
      expect(radtech).toHaveLength(1);
      expect(radtech[0]!.source).toBe('local');
      expect(radtech[0]!.groups).toContain('Administrators');
      expect(r.snapshot.access?.accounts?.some((a) => a.name !== 'radtech' && /jdoe/i.test(a.name ?? '') && a.source === 'local')).toBe(false);
      expect(evaluateCheck(check, r.snapshot, params).status).toBe('fail');
      const line = mr01Text('local-group-members.csv').trimEnd().split('\n').length + 1;
      const w = r.warnings.find((x) => x.includes(`line ${line}: member`) && x.includes('contradicts local-users.csv'));
      expect(w, r.warnings.join('\n')).toBeDefined();
      expect(w).toContain(RADTECH);
      expect(w).toContain('Read as the local user "radtech"');
      if (name.startsWith('HOSPITAL')) expect(w).toMatch(/domain "HOSPITAL" is not this computer's name \(collection\.json .*"MR01-CONSOLE"\)/);
      if (name.endsWith('jdoe')) expect(w).toMatch(/account name "jdoe" is not the name local-users\.csv line \d+ gives that SID \("radtech"\)/);
    });
  }
});
