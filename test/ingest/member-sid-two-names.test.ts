// local-group-members.csv giving one SID two names ("HOSPITAL\dr.meyer" in Users, "HOSPITAL\jsmith"
// in Administrators, one SID) was read by name: dr.meyer (a clinical account, say) got only
// Users, though the SID is an administrator under the other name: the groups ROLE-CLINICAL-NOT-ADMIN
// reads for dr.meyer lacked Administrators. Get-LocalGroupMember resolves a SID to one name in a run: the file
// was edited or joins two exports. Now refused naming both lines, both names and the SID. A SID
// local-users.csv lists is still read as that local user whatever the row names it (parseMembers).
import { describe, expect, it } from 'vitest';
import { ingestWithMemberRows, mr01MemberLines } from './fixture-folder.js';

const X = 'S-1-5-21-1004336348-1177238915-682003330-4900';
const RADTECH = 'S-1-5-21-3623811015-3361044348-30300820-1001';
const lineCount = mr01MemberLines();
const ingestWith = (...rows: string[]) => ingestWithMemberRows(rows);

describe('one SID given two names in local-group-members.csv', () => {
  it('is refused naming both lines, both names and the SID', () => {
    const r = ingestWith(`"Users","HOSPITAL\\dr.meyer","${X}","ActiveDirectory","User"`, `"Administrators","HOSPITAL\\jsmith","${X}","ActiveDirectory","User"`);
    expect(typeof r).toBe('string');
    const message = r as string;
    expect(message).toContain(`local-group-members.csv at line ${lineCount + 2}`);
    expect(message).toContain(`the SID ${X} is named "HOSPITAL\\\\dr.meyer" on line ${lineCount + 1} and "HOSPITAL\\\\jsmith" on line ${lineCount + 2}`);
    expect(message).toContain('which name holds that SID\'s groups');
  });

  it('one name with one SID in two groups, or written in another case, is read: the account holds both groups', () => {
    const r = ingestWith(`"Users","HOSPITAL\\dr.meyer","${X}","ActiveDirectory","User"`, `"Administrators","hospital\\DR.MEYER","${X}","ActiveDirectory","User"`);
    expect(typeof r).not.toBe('string');
    if (typeof r === 'string') return;
    const meyer = (r.snapshot.access?.accounts ?? []).find((a) => a.name?.toLowerCase() === 'hospital\\dr.meyer');
    expect(meyer?.groups).toEqual(['Users', 'Administrators']);
  });

  it('a SID local-users.csv lists, named two ways, is read as that local user', () => {
    const r = ingestWith(`"Administrators","HOSPITAL\\radtech","${RADTECH}","ActiveDirectory","User"`);
    expect(typeof r).not.toBe('string');
    if (typeof r === 'string') return;
    expect((r.snapshot.access?.accounts ?? []).find((a) => a.name === 'radtech')?.groups).toContain('Administrators');
  });
});
