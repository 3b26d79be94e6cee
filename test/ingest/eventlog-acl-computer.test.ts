// eventlog-acl.csv (Get-Acl of the .evtx files) names a principal "CT02-CONSOLE\hospadmin" beside MR01's
// collection.json. It has no PrincipalSource column: by its name, a local account of another console
// cannot be told from a domain account. Its SID can: a console's own account is S-1-5-21-<machine>-<rid>,
// <machine> the part every SID of local-users.csv shares.
// - Another machine part (a domain's account, another console's): recorded by its SID, which is on no
//   list, so AUDIT-LOG-PERMISSIONS fails naming it (never passes). Pinned here: that was already so.
// - MR01's own machine part under another computer's name: Get-Acl ran on CT02 (a console cloned from one
//   image shares the machine SID), so the file is CT02's: refused as a PSComputerName of CT02 is, naming
//   collection.json's hostname, the ACL file's line and both names (src/ingest/computer-name.ts).
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck } from '../../src/evaluate/evaluate-check.js';
import { ingestInputs } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { userErrorOf } from '../support/user-error.js';
import { input, mr01Files, mr01Text, utf16 } from './fixture-folder.js';

const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const check = catalog.checks.find((c) => c.id === 'AUDIT-LOG-PERMISSIONS')!;
/** The machine part of MR01's local accounts (test/fixtures/exports/mr-01/local-users.csv). */
const MR01_MACHINE = '3623811015-3361044348-30300820';
const SIDS: Record<string, string> = {
  'NT SERVICE\\EventLog': 'S-1-5-80-880578595-1860270145-482643319-2788375705-1540778122',
  'NT AUTHORITY\\SYSTEM': 'S-1-5-18',
  'BUILTIN\\Administrators': 'S-1-5-32-544',
  'BUILTIN\\Users': 'S-1-5-32-545',
};

/** MR01's ACL export as collect.ps1 1.4.0 writes it (a SID column), plus one Security entry for `name` (SID `sid`). */
function aclWith(name: string, sid: string | undefined): string {
  const lines = mr01Text('eventlog-acl.csv').split('\n').filter((l) => l !== '');
  const rows = lines.map((l, i) => {
    const cells = l.split('","');
    if (sid !== undefined) cells.splice(3, 0, i === 0 ? 'SID' : SIDS[cells[2]!]!);
    return cells.join('","');
  });
  const extra = ['Security', 'C:\\Windows\\System32\\winevt\\Logs\\Security.evtx', name, ...(sid !== undefined ? [sid] : []), 'Read', 'Allow', 'False'];
  return [...rows, `"${extra.join('","')}"`, ''].join('\n');
}
const folder = (acl: string, withUsers = true) => {
  const files = mr01Files();
  files.set('eventlog-acl.csv', utf16(acl));
  if (!withUsers) files.delete('local-users.csv');
  return [...files].map(([n, b]) => input(n, b));
};
const verdict = (acl: string, withUsers = true) => evaluateCheck(check, ingestInputs(folder(acl, withUsers), 'MR-01').snapshot, params);

describe("eventlog-acl.csv: a principal named with another computer's name", () => {
  it('another machine part: the entry is a principal not on the list, and the check fails naming it', () => {
    const sid = 'S-1-5-21-1004336348-1177238915-682003330-1001';
    const r = verdict(aclWith('CT02-CONSOLE\\hospadmin', sid));
    expect(r.status).toBe('fail');
    expect(r.observed).toContain(`Security: Principals with access = `);
    expect(r.observed).toMatch(new RegExp(`Security: Principals with access = [^;]*${sid}`));
  });

  it('without a SID column (before collect.ps1 1.4.0) the name is the principal: fail, naming it', () => {
    const r = verdict(aclWith('CT02-CONSOLE\\hospadmin', undefined));
    expect(r.status).toBe('fail');
    expect(r.observed).toMatch(/Security: Principals with access = [^;]*CT02-CONSOLE\\hospadmin/);
  });

  it("MR01's machine part under CT02's name is refused, naming the hostname's place, the ACL's line and both names", () => {
    const acl = aclWith('CT02-CONSOLE\\hospadmin', `S-1-5-21-${MR01_MACHINE}-1001`);
    const line = acl.split('\n').findIndex((l) => l.includes('CT02-CONSOLE')) + 1;
    const e = userErrorOf(() => ingestInputs(folder(acl), 'exports/MR-01'));
    expect(e.file).toBe('exports/MR-01');
    expect(e.message).toContain(`the files name different hostnames: collection.json (/hostname, line 8) says "MR01-CONSOLE", eventlog-acl.csv (line ${line}, column IdentityReference (SID S-1-5-21-${MR01_MACHINE}-1001)) says "CT02-CONSOLE"`);
  });

  it("MR01's own account, in any case or as its DNS name, is read: a principal not on the list, fail", () => {
    for (const host of ['MR01-CONSOLE', 'mr01-console', 'MR01-CONSOLE.radiology.example']) {
      const r = verdict(aclWith(`${host}\\hospadmin`, `S-1-5-21-${MR01_MACHINE}-1001`));
      expect(r.status, host).toBe('fail');
      expect(r.observed).toMatch(new RegExp(`Security: Principals with access = [^;]*S-1-5-21-${MR01_MACHINE}-1001`));
    }
  });

  it('without local-users.csv the machine SID is not known: the entry is read, and the check fails naming it', () => {
    const r = verdict(aclWith('CT02-CONSOLE\\hospadmin', `S-1-5-21-${MR01_MACHINE}-1001`), false);
    expect(r.status).toBe('fail');
    expect(r.observed).toMatch(new RegExp(`Security: Principals with access = [^;]*S-1-5-21-${MR01_MACHINE}-1001`));
  });
});

// The other way round: an entry named as this console's own account ("MR01-CONSOLE\hospadmin") whose
// SID has another machine part than local-users.csv gives. Windows names an account by the computer
// (or domain) whose SID it carries, and a computer's name is never its domain's: this console's
// account cannot carry another machine's SID. The ACL (or the group list) was read on another
// computer of that name, or edited. Read as given, its SID was judged as some principal apart from
// the account it names. Refused, naming the file, the line, the name, the SID and both machine parts.
describe("an entry named as this console's account with another machine's SID", () => {
  const other = 'S-1-5-21-1004336348-1177238915-682003330-1001';
  it('in eventlog-acl.csv, in any spelling of the hostname, is refused naming the line, the SID and both machine parts', () => {
    for (const host of ['MR01-CONSOLE', 'mr01-console', 'MR01-CONSOLE.radiology.example']) {
      const acl = aclWith(`${host}\\hospadmin`, other);
      const line = acl.split('\n').findIndex((l) => l.includes('\\hospadmin')) + 1;
      const e = userErrorOf(() => ingestInputs(folder(acl), 'MR-01'));
      expect(e.file, host).toBe('eventlog-acl.csv');
      expect(e.where).toBe(`line ${line}`);
      expect(e.message).toContain(`"${host}\\\\hospadmin" (column IdentityReference) names an account of this console (collection.json (/hostname, line 8) says "MR01-CONSOLE"), but its SID ${other} has the machine part 1004336348-1177238915-682003330, not the one local-users.csv gives for this console's accounts (${MR01_MACHINE})`);
    }
  });

  it('in local-group-members.csv is refused the same way', () => {
    const files = mr01Files();
    const members = mr01Text('local-group-members.csv').replace(`"MR01-CONSOLE\\hospadmin","S-1-5-21-${MR01_MACHINE}-1002"`, `"MR01-CONSOLE\\hospadmin","${other}"`);
    expect(members).not.toBe(mr01Text('local-group-members.csv'));
    files.set('local-group-members.csv', utf16(members));
    const e = userErrorOf(() => ingestInputs([...files].map(([n, b]) => input(n, b)), 'MR-01'));
    expect(e.file).toBe('local-group-members.csv');
    expect(e.where).toBe('line 2');
    expect(e.message).toContain(`"MR01-CONSOLE\\\\hospadmin" (column Name) names an account of this console`);
    expect(e.message).toContain(`its SID ${other} has the machine part`);
  });

  it("a domain's account (its own name) with that machine part is read as before: a principal not on the list, fail", () => {
    const r = verdict(aclWith('HOSPITAL\\jdoe', other));
    expect(r.status).toBe('fail');
    expect(r.observed).toMatch(new RegExp(`Security: Principals with access = [^;]*${other}`));
  });
});

// local-users.csv is what the machine part is taken from: Get-LocalUser lists one computer's own
// accounts, all carrying its machine SID. Two machine parts in it (a second computer's accounts
// pasted in, or an edit) made both count as this console's, so an ACL entry named as this console's
// account with the other computer's SID was read. Refused, naming both accounts' lines and parts.
describe('local-users.csv holding two machine parts', () => {
  it('is refused naming the first account, the other, and both parts', () => {
    const other = '1004336348-1177238915-682003330';
    const files = mr01Files();
    const text = mr01Text('local-users.csv');
    const users = text.replace(`"S-1-5-21-${MR01_MACHINE}-1002"`, `"S-1-5-21-${other}-1002"`);
    expect(users).not.toBe(text);
    files.set('local-users.csv', utf16(users));
    const line = users.split('\n').findIndex((l) => l.includes(other)) + 1;
    const e = userErrorOf(() => ingestInputs([...files].map(([n, b]) => input(n, b)), 'MR-01'));
    expect(e.file).toBe('local-users.csv');
    expect(e.where).toBe(`line ${line}`);
    expect(e.message).toContain(`line 2, account "DefaultAccount" (S-1-5-21-${MR01_MACHINE}-503) has the machine part ${MR01_MACHINE}, line ${line}, account "hospadmin" (S-1-5-21-${other}-1002) has ${other}; the file holds two computers' accounts or was edited`);
  });
});
