// Two CSV exports joined into one file where the second header names the columns in another order
// (Select-Object with the properties in another order, ConvertTo-Csv appended with >>). The field
// count matched, so the second header was read as a data row and every row after it under the first
// header's columns: an Administrators member "radtech" was read as the member "Administrators" of a
// group "MR01-CONSOLE\radtech", and ROLE-CLINICAL-NOT-ADMIN lost its fail. Refused now, naming the line.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { mr01IngestedWith, mr01RefusalWith, mr01Text } from './fixture-folder.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const AT = { now: '2024-03-01T12:00:00Z' };
const check = (id: string) => catalog.checks.find((c) => c.id === id)!;

const ingestWith = mr01IngestedWith;
const refusal = mr01RefusalWith;

const RADTECH_ADMIN = '"MR01-CONSOLE\\radtech","Administrators","S-1-5-21-3623811015-3361044348-30300820-1001","Local","User"';

describe('a CSV export joined with a second export whose header has another column order', () => {
  const members = mr01Text('local-group-members.csv');
  const lines = members.replace(/\n+$/, '').split('\n').length;

  it('the premise: radtech in Administrators, as a row of the first export, fails ROLE-CLINICAL-NOT-ADMIN', () => {
    const row = RADTECH_ADMIN.replace(/^("[^"]*"),("[^"]*")/, '$2,$1');
    const r = ingestWith('local-group-members.csv', `${members}${row}\n`);
    expect(evaluateCheck(check('ROLE-CLINICAL-NOT-ADMIN'), r.snapshot, params, AT).status).toBe('fail');
  });

  it('the same member under a second header "Name","Group",... is refused, naming the line of that header', () => {
    const msg = refusal('local-group-members.csv', `${members}"Name","Group","SID","PrincipalSource","ObjectClass"\n${RADTECH_ADMIN}\n`);
    expect(msg).toContain(`local-group-members.csv at line ${lines + 1}: a second header row (5 of its 5 fields name columns of the header on line 1, in another order or set): two exports were joined`);
  });

  it.each(['services.csv', 'firewall-rules.csv', 'local-users.csv', 'eventlog-acl.csv', 'bitlocker-volumes.csv', 'firewall-profiles.csv'])('%s: its header reversed mid-file is refused as a second header', (name) => {
    const text = mr01Text(name);
    const [head, ...rows] = text.replace(/\n+$/, '').split('\n');
    const reversed = [head!.split(',').reverse().join(','), ...rows.map((r) => r.split('","').reverse().join('","').replace(/^([^"])/, '"$1').replace(/([^"])$/, '$1"'))];
    const msg = refusal(name, `${text}${reversed.join('\n')}\n`);
    expect(msg).toContain(`${name} at line ${rows.length + 2}: a second header row`);
  });

  it('a data row holding one column name as a value is read as data (Description "Name")', () => {
    const users = mr01Text('local-users.csv').replace('"Radiology technologist (shared clinical login)"', '"Name"');
    const r = ingestWith('local-users.csv', users);
    expect(r.snapshot.access?.accounts?.find((a) => a.name === 'radtech')).toBeDefined();
  });
});

describe('rows of another width appended to a CSV export (>> or Add-Content of another export)', () => {
  const services = mr01Text('services.csv');
  const rows = services.replace(/\n+$/, '').split('\n').length;

  it.each([
    ['fewer fields', '"MpsSvc","Running"'],
    ['more fields', '"MpsSvc","Windows Defender Firewall","Running","Automatic","MR01-CONSOLE"'],
  ])('%s, with a row of the export after them: refused as another export appended, naming the line', (_what, row) => {
    const msg = refusal('services.csv', `${services}${row}\n"WinRM","Windows Remote Management (WS-Management)","Stopped","Manual"\n`);
    expect(msg).toContain(`services.csv at line ${rows + 1}: expected 4 fields as in the header (line 1), found ${row.split(',').length}: Export-Csv writes every row as wide as its header, so this row is another export's, appended to this one`);
  });

  it('a last row with fewer fields is still named as a file cut short', () => {
    const msg = refusal('services.csv', `${services}"MpsSvc","Windows Defender Firewall"\n`);
    expect(msg).toContain(`services.csv at line ${rows + 1}: expected 4 fields as in the header (line 1), found 2 (the file may be cut short)`);
  });
});
