// local-group-members.csv: a member marked PrincipalSource Local but named with a domain the file's
// own directory members name ("HOSPITAL\x" beside "HOSPITAL\Domain Admins", ActiveDirectory) was
// taken for an account of a computer called HOSPITAL, and the folder refused with "the file holds
// several computers' values": wrong about what is wrong. Now the domain's name names no computer;
// the member is read as the domain's account its name says it is (never as a local account), with a
// warning naming the line, the value and the contradiction. A SID local-users.csv lists is still
// read as that local user (the SID decides, as for any other name).
import { describe, expect, it } from 'vitest';
import { ingestInputs } from '../../src/ingest/index.js';
import { input, mr01Files, mr01Text, utf16 } from './fixture-folder.js';

const folder = (members: string) => {
  const files = mr01Files();
  files.set('local-group-members.csv', utf16(members));
  return [...files].map(([n, b]) => input(n, b));
};
const text = mr01Text('local-group-members.csv');
const withRow = (row: string) => `${text.trimEnd()}\n${row}\n`;
const lineCount = text.trimEnd().split('\n').length;

describe('a Local member named with a domain the file shows', () => {
  it('is read as the domain\'s account, warned with its line and value, never as another computer', () => {
    const r = ingestInputs(folder(withRow('"Administrators","HOSPITAL\\x","S-1-5-21-1004336348-1177238915-682003330-4800","Local","User"')), 'exports/MR-01');
    const accounts = r.snapshot.access?.accounts ?? [];
    const member = accounts.find((a) => a.name?.toLowerCase() === 'hospital\\x');
    expect(member?.source).toBe('ldap');
    expect(member?.groups).toEqual(['Administrators']);
    expect(accounts.some((a) => a.name === 'x')).toBe(false);
    const w = (r.warnings ?? []).join('\n');
    expect(w).toMatch(new RegExp(`line ${lineCount + 1}: member "HOSPITAL\\\\\\\\x" of "Administrators" has PrincipalSource "Local", but "HOSPITAL" is a domain`));
  });

  it('with a SID local-users.csv lists, is read as that local user', () => {
    const r = ingestInputs(folder(withRow('"Administrators","HOSPITAL\\radtech","S-1-5-21-3623811015-3361044348-30300820-1001","Local","User"')), 'exports/MR-01');
    const radtech = (r.snapshot.access?.accounts ?? []).find((a) => a.name === 'radtech');
    expect(radtech?.groups).toContain('Administrators');
    expect((r.warnings ?? []).join('\n')).toMatch(/HOSPITAL\\\\radtech.*contradicts local-users\.csv/);
  });

  it('a Local member of a name no row shows as a domain is refused saying the row may be what is wrong', () => {
    const lines = text.split('\n');
    lines[9] = lines[9]!.replace('MR01-CONSOLE\\', 'OTHERNAME\\'); // radtech, line 10
    let message = '';
    try {
      ingestInputs(folder(lines.join('\n')), 'exports/MR-01');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/line 10, column Name says "OTHERNAME" \(a member marked PrincipalSource Local .*or a row's PrincipalSource is wrong\)/);
  });

  // The SID carries MR01's own machine part (radtech's, S-1-5-21-3623811015-3361044348-30300820-…)
  // with a RID local-users.csv does not list: the SID says a local account the complete list lacks,
  // the name a domain's account. Read as HOSPITAL's account (as before), it was credited with
  // Administrators as a directory account nothing else backs.
  const OWN_UNLISTED = 'S-1-5-21-3623811015-3361044348-30300820-4800';
  const refusal = (row: string): string => {
    try {
      ingestInputs(folder(withRow(row)), 'exports/MR-01');
    } catch (e) {
      return (e as Error).message;
    }
    return 'ingested';
  };

  it.each([
    ['marked Local beside the file\'s HOSPITAL directory members', 'Local', /line 4 naming a directory member of "HOSPITAL"/],
    ['marked ActiveDirectory', 'ActiveDirectory', /its PrincipalSource "ActiveDirectory"/],
  ])('named HOSPITAL\\x, %s, with this console\'s machine SID unlisted, is refused naming the line and the contradiction', (_, source, named) => {
    const message = refusal(`"Administrators","HOSPITAL\\x","${OWN_UNLISTED}","${source}","User"`);
    expect(message).toContain(`local-group-members.csv at line ${lineCount + 1}`);
    expect(message).toMatch(named);
    expect(message).toContain(`member "HOSPITAL\\\\x" (column Name) is named as a domain's account`);
    expect(message).toContain(`its SID ${OWN_UNLISTED} carries this console's machine part 3623811015-3361044348-30300820`);
    expect(message).toContain('local-users.csv does not list it');
  });

  it('named with this computer\'s name, or with a SID of another machine part, is not refused by that rule', () => {
    expect(refusal(`"Administrators","MR01-CONSOLE\\x","${OWN_UNLISTED}","ActiveDirectory","User"`)).toBe('ingested');
    expect(refusal('"Administrators","HOSPITAL\\x","S-1-5-21-1004336348-1177238915-682003330-4800","Local","User"')).toBe('ingested');
  });

  it('without local-users.csv, the machine part of the file\'s own MR01-CONSOLE members tells the SID is this console\'s', () => {
    const files = mr01Files();
    files.delete('local-users.csv');
    files.set('local-group-members.csv', utf16(withRow(`"Administrators","HOSPITAL\\x","${OWN_UNLISTED}","Local","User"`)));
    let message = 'ingested';
    try {
      ingestInputs([...files].map(([n, b]) => input(n, b)), 'exports/MR-01');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`local-group-members.csv at line ${lineCount + 1}`);
    expect(message).toMatch(/machine part 3623811015-3361044348-30300820 \(line 2's "MR01-CONSOLE\\\\hospadmin", an account of this computer\) and no local-users\.csv lists/);
  });
});
