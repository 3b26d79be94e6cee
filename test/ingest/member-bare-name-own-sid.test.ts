// local-group-members.csv: a member named without a domain ("jsmith") whose SID carries this
// console's own machine part (the one local-users.csv's accounts carry) but which local-users.csv
// does not list. Marked ActiveDirectory it was read as a directory account "jsmith", credited with
// Administrators, though a domain's account never carries a workstation's machine SID; marked Local
// it was read as a local account jsmith in Administrators that Get-LocalUser's complete list of
// this computer's accounts lacks. Either reading claims what nothing shows: refused, naming the
// line, the name, the SID, the machine part and where that part was read. A SID local-users.csv
// lists is still read as that user; an unresolved SID (named by itself, PrincipalSource Unknown) is
// still a member whose accounts are not listed.
import { describe, expect, it } from 'vitest';
import { ingestWithMemberRows, mr01MemberLines } from './fixture-folder.js';

const OWN_UNLISTED = 'S-1-5-21-3623811015-3361044348-30300820-4800';
const PART = '3623811015-3361044348-30300820';
const RADTECH = 'S-1-5-21-3623811015-3361044348-30300820-1001';
const lineCount = mr01MemberLines();
const ingestWith = (row: string, withoutUsers = false) => ingestWithMemberRows([row], { withoutUsers });
const refusal = (row: string, withoutUsers = false): string => {
  const r = ingestWith(row, withoutUsers);
  return typeof r === 'string' ? r : 'ingested';
};

describe('a member named without a domain whose SID is this console\'s own, unlisted', () => {
  it.each(['ActiveDirectory', 'AzureAD'])('marked %s is refused: a domain\'s account never carries this console\'s machine SID', (source) => {
    const message = refusal(`"Administrators","jsmith","${OWN_UNLISTED}","${source}","User"`);
    expect(message).toContain(`local-group-members.csv at line ${lineCount + 1}`);
    expect(message).toContain(`member "jsmith" (column Name) is named as a domain's account (its PrincipalSource "${source}")`);
    expect(message).toContain(`its SID ${OWN_UNLISTED} carries this console's machine part ${PART} (the one local-users.csv gives its accounts)`);
  });

  it.each([
    ['jsmith', 'Local'],
    ['jsmith', ''],
  ])('named %j, PrincipalSource %j, is refused: Get-LocalUser\'s complete list of local accounts lacks it', (name, source) => {
    const message = refusal(`"Administrators","${name}","${OWN_UNLISTED}","${source}","User"`);
    expect(message).toContain(`local-group-members.csv at line ${lineCount + 1}`);
    expect(message).toContain(`member ${JSON.stringify(name)} of "Administrators" (column Name) is read as a local account of this computer`);
    expect(message).toContain(`its SID ${OWN_UNLISTED} carries this console's machine part ${PART} (the one local-users.csv gives its accounts), but local-users.csv does not list it`);
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('named with this computer\'s name (the export\'s own shape) it is read as that local account, as before', () => {
    const r = ingestWith(`"Administrators","MR01-CONSOLE\\jsmith","${OWN_UNLISTED}","Local","User"`);
    expect(r).not.toEqual(expect.any(String));
  });

  it('a bare name whose SID local-users.csv lists is read as that user', () => {
    const r = ingestWith(`"Administrators","radtech","${RADTECH}","Local","User"`);
    expect(typeof r).not.toBe('string');
    if (typeof r === 'string') return;
    expect(r.snapshot.access?.accounts?.find((a) => a.name === 'radtech')?.groups).toContain('Administrators');
  });

  it('an unresolved SID named by itself (PrincipalSource Unknown, no class) stays a member whose accounts are not listed', () => {
    const r = ingestWith(`"Administrators","${OWN_UNLISTED}","${OWN_UNLISTED}","Unknown",""`);
    expect(typeof r).not.toBe('string');
    if (typeof r === 'string') return;
    expect(r.snapshot.access?.nestedGroups?.some((g) => g.sid === OWN_UNLISTED && g.kind === 'group')).toBe(true);
  });

  it('without local-users.csv, a bare Local name is read as a local account (no complete list to lack it); marked ActiveDirectory it is still refused', () => {
    const r = ingestWith(`"Administrators","jsmith","${OWN_UNLISTED}","Local","User"`, true);
    expect(typeof r).not.toBe('string');
    const message = refusal(`"Administrators","jsmith","${OWN_UNLISTED}","ActiveDirectory","User"`, true);
    expect(message).toMatch(/machine part 3623811015-3361044348-30300820 \(line 2's "MR01-CONSOLE\\\\hospadmin", an account of this computer\)/);
  });
});
