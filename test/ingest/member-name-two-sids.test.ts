// local-group-members.csv giving one name two SIDs of one domain ("HOSPITAL\jsmith" with
// S-1-5-21-…-1105 in Users and S-1-5-21-…-2207 in Administrators) was read by name: one account
// HOSPITAL\jsmith holding both groups, though two accounts of one domain never share a name and
// Get-LocalGroupMember resolves each SID to its own account's name in a run. The file was edited, or
// joins two exports (an account renamed or re-created between them): which account holds which
// groups, and the role the vendor file gives the name, would be a guess. Now refused naming both
// lines, the name and both SIDs. Two SIDs of different domains under one name are what a migrated
// account's SID history shows (the token holds both): still read as one account with both groups.
import { describe, expect, it } from 'vitest';
import { ingestWithMemberRows, mr01MemberLines } from './fixture-folder.js';

const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330';
const OLD_DOMAIN = 'S-1-5-21-2718281828-4590452353-602874713';
const lineCount = mr01MemberLines();
const ingestWith = (...rows: string[]) => ingestWithMemberRows(rows);

describe('one name given two SIDs in local-group-members.csv', () => {
  it.each([
    ['HOSPITAL\\jsmith', 'hospital\\JSMITH', 'User'],
    ['HOSPITAL\\Radiology', 'HOSPITAL\\Radiology', 'Group'],
  ])('%s and %s with two SIDs of one domain is refused naming both lines, the name and both SIDs', (first, other, cls) => {
    const r = ingestWith(`"Users","${first}","${DOMAIN}-1105","ActiveDirectory","${cls}"`, `"Administrators","${other}","${DOMAIN}-2207","ActiveDirectory","${cls}"`);
    expect(typeof r).toBe('string');
    const message = r as string;
    expect(message).toContain(`local-group-members.csv at line ${lineCount + 2}`);
    expect(message).toContain(`the name ${JSON.stringify(first)} is given the SID ${DOMAIN}-1105 on line ${lineCount + 1} and ${JSON.stringify(other)} the SID ${DOMAIN}-2207 on line ${lineCount + 2}`);
    expect(message).toContain('two accounts of one domain never share a name');
  });

  it('the existing MR-01 member HOSPITAL\\jdoe given a second SID of its domain is refused', () => {
    const r = ingestWith(`"Users","HOSPITAL\\jdoe","${DOMAIN}-4712","ActiveDirectory","User"`);
    expect(r).toEqual(expect.stringContaining(`the name "HOSPITAL\\\\jdoe" is given the SID ${DOMAIN}-4711 on line 5`));
  });

  it('one name with the SIDs of two domains (a migrated account\'s SID history) is read as one account holding both groups', () => {
    const r = ingestWith(`"Users","HOSPITAL\\jsmith","${DOMAIN}-1105","ActiveDirectory","User"`, `"Administrators","HOSPITAL\\jsmith","${OLD_DOMAIN}-2207","ActiveDirectory","User"`);
    expect(typeof r).not.toBe('string');
    if (typeof r === 'string') return;
    expect((r.snapshot.access?.accounts ?? []).find((a) => a.name?.toLowerCase() === 'hospital\\jsmith')?.groups).toEqual(['Users', 'Administrators']);
  });

  it('one name with one SID in several groups is read, as before', () => {
    const r = ingestWith(`"Users","HOSPITAL\\jsmith","${DOMAIN}-1105","ActiveDirectory","User"`, `"Administrators","HOSPITAL\\jsmith","${DOMAIN}-1105","ActiveDirectory","User"`);
    expect(typeof r).not.toBe('string');
  });
});
