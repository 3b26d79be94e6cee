// Get-Acl names a file's principals in the console's display language: on a German console the
// MR-01 event-log ACLs read "VORDEFINIERT\Administratoren" and "NT-AUTORITÄT\SYSTEM", which are
// not on AUDIT-LOG-PERMISSIONS' list (English names and SIDs), so a console with exactly the STIG's
// permissions failed. collect.ps1 1.4.0 adds each principal's SID, and ingest records a principal
// with a SID by it: the same in every language, and exact (a look-alike name cannot pass).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck } from '../../src/evaluate/evaluate-check.js';
import { ingestInputs, type ExportInput } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { expectUserError } from '../support/user-error.js';
import { encodeAs, input, mr01SourceDir, mr01Text } from './fixture-folder.js';

const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const check = catalog.checks.find((c) => c.id === 'AUDIT-LOG-PERMISSIONS')!;
const manifest = (): ExportInput => ({ name: 'collection.json', bytes: readFileSync(join(mr01SourceDir, 'collection.json')), sha256: 'c'.repeat(64) });
const verdict = (text: string) => evaluateCheck(check, ingestInputs([input('eventlog-acl.csv', encodeAs(text, 'utf-8-bom')), manifest()], 'MR-01').snapshot, params);

/** Well-known SIDs of the principals in the MR-01 ACLs, by their English name. */
const SIDS: Record<string, string> = {
  'NT SERVICE\\EventLog': 'S-1-5-80-880578595-1860270145-482643319-2788375705-1540778122',
  'NT AUTHORITY\\SYSTEM': 'S-1-5-18',
  'BUILTIN\\Administrators': 'S-1-5-32-544',
  'BUILTIN\\Users': 'S-1-5-32-545',
};
const GERMAN: Record<string, string> = { 'BUILTIN\\Administrators': 'VORDEFINIERT\\Administratoren', 'NT AUTHORITY\\SYSTEM': 'NT-AUTORITÄT\\SYSTEM', 'BUILTIN\\Users': 'VORDEFINIERT\\Benutzer' };

/** The MR-01 ACL export as a German console writes it; with `withSid`, as collect.ps1 1.4.0 does (a SID column after IdentityReference). */
function germanAcl(withSid: boolean, keepUsers: boolean): string {
  const lines = mr01Text('eventlog-acl.csv').split('\n').filter((l) => l !== '' && (keepUsers || !l.includes('"BUILTIN\\Users"')));
  return lines
    .map((l, i) => {
      const cells = l.split('","');
      const name = cells[2]!;
      const sid = i === 0 ? 'SID' : SIDS[name]!;
      expect(sid, name).toBeDefined();
      cells[2] = GERMAN[name] ?? name;
      if (withSid) cells.splice(3, 0, sid);
      return cells.join('","');
    })
    .concat('')
    .join('\n');
}

describe('event log ACLs of a console in another display language', () => {
  it('the premise: the German names alone are not on the list (they are not matched by translation): fail', () => {
    expect(germanAcl(false, false)).toContain('VORDEFINIERT\\Administratoren');
    expect(verdict(germanAcl(false, false)).status).toBe('fail');
  });

  it('with the SID column (collect.ps1 1.4.0) the STIG permissions pass, the principals recorded by SID', () => {
    const r = verdict(germanAcl(true, false));
    expect(r.status).toBe('pass');
    const s = ingestInputs([input('eventlog-acl.csv', encodeAs(germanAcl(true, false), 'utf-8-bom')), manifest()], 'MR-01').snapshot;
    expect(s.audit?.logFiles?.find((f) => f.name === 'Security')?.accessPrincipals).toEqual([SIDS['NT SERVICE\\EventLog'], 'S-1-5-18', 'S-1-5-32-544']);
  });

  it('Users (VORDEFINIERT\\Benutzer, S-1-5-32-545) on the System log still fails', () => {
    expect(verdict(germanAcl(true, true)).status).toBe('fail');
  });

  it('a local group named like Administrators but with its own SID is not the Administrators group: fail', () => {
    const lookAlike = germanAcl(true, false).replace('"VORDEFINIERT\\Administratoren","S-1-5-32-544","FullControl","Allow","True"\n"System"', '"MR01-CONSOLE\\Administratoren","S-1-5-21-1-2-3-1010","FullControl","Allow","True"\n"System"');
    expect(lookAlike).toContain('S-1-5-21-1-2-3-1010');
    expect(verdict(lookAlike).status).toBe('fail');
  });

  it('a SID cell that is not a SID is refused, naming the line', () => {
    const bad = germanAcl(true, false).replace('"S-1-5-18"', '"SYSTEM"');
    expectUserError(() => verdict(bad), 'eventlog-acl.csv', /^line 3, column SID$/, /expected a SID \(S-1-\.\.\.\) or nothing in column "SID", found "SYSTEM"/);
  });
});
