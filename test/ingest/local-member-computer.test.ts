// Get-LocalGroupMember names a member of the console's own accounts "COMPUTER\user". Rows of
// "CT02-CONSOLE\hospadmin" beside MR01's collection.json (another console's export copied in) were read
// by the short name, giving MR01's accounts CT02's group memberships. The computer is compared with the
// folder's hostname as PSComputerName is (src/ingest/computer-name.ts): another computer is refused,
// naming both places; the same one in another case or as its DNS name is read. A domain member and a
// well-known principal name no computer.
import { describe, expect, it } from 'vitest';
import { ingestInputs } from '../../src/ingest/index.js';
import { userErrorOf } from '../support/user-error.js';
import { input, mr01Files, mr01Text, utf16 } from './fixture-folder.js';

const folder = (members: string) => {
  const files = mr01Files();
  files.set('local-group-members.csv', utf16(members));
  return [...files].map(([n, b]) => input(n, b));
};
const groupsOf = (members: string) =>
  Object.fromEntries((ingestInputs(folder(members), 'exports/MR-01').snapshot.access?.accounts ?? []).map((a) => [a.name, a.groups]));

describe("local-group-members.csv: the computer a local account's name gives", () => {
  const text = mr01Text('local-group-members.csv');

  it("another computer's local accounts are refused, naming collection.json's hostname and the member's line", () => {
    const e = userErrorOf(() => ingestInputs(folder(text.replaceAll('MR01-CONSOLE\\', 'CT02-CONSOLE\\')), 'exports/MR-01'));
    expect(e.file).toBe('exports/MR-01');
    expect(e.message).toMatch(/the files name different hostnames: collection\.json \(\/hostname, line 8\) says "MR01-CONSOLE", local-group-members\.csv \(line 2, column Name\) says "CT02-CONSOLE"; one device folder must hold one device's collection/);
  });

  it("one file's members of two computers are refused, naming the line of the second", () => {
    const lines = text.split('\n');
    lines[9] = lines[9]!.replace('MR01-CONSOLE\\', 'CT02-CONSOLE\\'); // radtech, line 10
    const e = userErrorOf(() => ingestInputs(folder(lines.join('\n')), 'exports/MR-01'));
    expect(e.file).toBe('local-group-members.csv');
    expect(e.where).toBe('line 10');
    expect(e.message).toMatch(/several computers' values: line 2, column Name says "MR01-CONSOLE", line 10, column Name says "CT02-CONSOLE"/);
  });

  it('the same computer in another case, as its DNS name or as "." is read, with the groups of the name as written', () => {
    const asWritten = groupsOf(text);
    expect(asWritten['hospadmin']).toEqual(['Administrators']);
    for (const host of ['mr01-console', 'MR01-CONSOLE.radiology.example', '.']) {
      expect(groupsOf(text.replaceAll('MR01-CONSOLE\\', `${host}\\`))).toEqual(asWritten);
    }
  });

  it("a domain's member and a well-known principal name no computer, whatever their prefix", () => {
    const more = `${text.trimEnd()}\n"Administrators","CT02-DOMAIN\\tech","S-1-5-21-1004336348-1177238915-682003330-4712","ActiveDirectory","User"\n"Users","NT AUTHORITY\\SYSTEM","S-1-5-18","Local","User"\n`;
    expect(groupsOf(more)['hospadmin']).toEqual(['Administrators']);
  });
});
