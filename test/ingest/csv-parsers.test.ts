// CSV exports: auditpol /backup, Get-NetFirewallProfile / Get-NetFirewallRule, Get-LocalUser /
// Get-LocalGroupMember, and the CSV reader itself.
import { describe, expect, it } from 'vitest';
import { parserFor, sniffKind, type ParsedExport } from '../../src/ingest/index.js';
import { readCsv } from '../../src/ingest/csv.js';
import { encodeAs, input, mr01Input, mr01Text } from './fixture-folder.js';
import { expectUserError } from '../support/user-error.js';

const flat = (p: ParsedExport): Record<string, unknown> =>
  Object.fromEntries(p.facts.map((f) => [f.path.map((s) => (typeof s === 'string' ? s : 'el' in s ? `[${s.el}]` : `{${s.key}}`)).join('/'), f.value]));
const csvUtf8Bom = (text: string) => encodeAs(text, 'utf-8-bom');

describe('CSV reader', () => {
  it('keeps the line a record starts on, across quoted line breaks and doubled quotes', () => {
    const rows = readCsv('"a","b"\r\n"1","x ""quoted""\r\nsecond line"\r\n\r\n"3","4"\r\n', 'f.csv');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x "quoted"\r\nsecond line'] },
      { line: 5, fields: ['3', '4'], afterEmptyLine: 4 },
    ]);
  });
  it('an unterminated quote is a UserError at the line where the quote opened', () => {
    expectUserError(() => readCsv('"a","b"\n"1","unterminated\n\n', 'f.csv'), 'f.csv', /^line 2$/, /unterminated quoted field/);
  });
});

describe('auditpol /backup CSV', () => {
  const parser = parserFor('auditpol-backup');
  it('maps subcategories by GUID; "No Auditing" (0) is neither; Option: and global SACL rows are ignored', () => {
    const inp = mr01Input('auditpol.csv');
    expect(sniffKind(inp)).toBe('auditpol-backup');
    const p = parser.parse(inp);
    expect(p.kind).toBe('auditpol-backup');
    const v = flat(p);
    expect(v['audit/subcategories/[{0cce9215-69ae-11d9-bed3-505054503030}]/success']).toBe(true);
    expect(v['audit/subcategories/[{0cce9215-69ae-11d9-bed3-505054503030}]/failure']).toBe(true);
    expect(v['audit/subcategories/[{0cce9213-69ae-11d9-bed3-505054503030}]/success']).toBe(false);
    expect(v['audit/subcategories/[{0cce9213-69ae-11d9-bed3-505054503030}]/failure']).toBe(false);
    expect(p.facts.filter((f) => f.path[3] === 'guid')).toHaveLength(18);
    expect(JSON.stringify(p.facts)).not.toMatch(/Option:|GlobalSacl/);
  });
  it('matches by GUID whatever the (localised) name and the GUID\'s case', () => {
    const text = 'Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value\r\nMR01,System,Anmelden,{0CCE9215-69AE-11D9-BED3-505054503030},Erfolg und Fehler,,3\r\n';
    const v = flat(parser.parse(input('auditpol.csv', text)));
    expect(v['audit/subcategories/[{0cce9215-69ae-11d9-bed3-505054503030}]/guid']).toBe('{0cce9215-69ae-11d9-bed3-505054503030}');
    expect(v['audit/subcategories/[{0cce9215-69ae-11d9-bed3-505054503030}]/name']).toBe('Anmelden');
  });
  it('a missing "Subcategory GUID" column is a UserError on the header line', () => {
    const text = mr01Text('auditpol.csv').split('\n').map((l) => l.split(',').filter((_, i) => i !== 3).join(',')).join('\n');
    expectUserError(() => parser.parse(input('auditpol.csv', text)), 'auditpol.csv', /^line 1$/, /missing required column "Subcategory GUID"/);
  });
  it('a malformed GUID or setting value is a UserError with its line', () => {
    const badGuid = mr01Text('auditpol.csv').replace('{0cce9216-69ae-11d9-bed3-505054503030}', '{0cce9216-nope}');
    expectUserError(() => parser.parse(input('auditpol.csv', badGuid)), 'auditpol.csv', /^line 8$/, /expected a subcategory GUID/);
    const badValue = mr01Text('auditpol.csv').replace('Logoff,{0cce9216-69ae-11d9-bed3-505054503030},Success,,1', 'Logoff,{0cce9216-69ae-11d9-bed3-505054503030},Success,,7');
    expectUserError(() => parser.parse(input('auditpol.csv', badValue)), 'auditpol.csv', /^line 8$/, /expected "Setting Value" 0-4/);
  });
  it('a row cut short is a UserError with its line', () => {
    const text = mr01Text('auditpol.csv');
    const cut = text.slice(0, text.indexOf(',Success,,1', text.indexOf('Logoff')));
    expectUserError(() => parser.parse(input('auditpol.csv', cut)), 'auditpol.csv', /^line 8$/, /expected 7 fields as in the header \(line 1\), found 4 \(the file may be cut short\)/);
  });
  const UAM = 'MR01-CONSOLE,System,User Account Management,{0cce9235-69ae-11d9-bed3-505054503030},Success and Failure,,3';
  it('a subcategory given again with another setting (a merged or edited file) is a UserError naming both lines, never the first row read as the setting', () => {
    const text = mr01Text('auditpol.csv');
    expect(text).toContain(UAM);
    const twice = text.replace(UAM, `${UAM}\nMR01-CONSOLE,System,User Account Management,{0cce9235-69ae-11d9-bed3-505054503030},No Auditing,,0`);
    expectUserError(() => parser.parse(input('auditpol.csv', twice)), 'auditpol.csv', /^line 18$/, /subcategory \{0cce9235-69ae-11d9-bed3-505054503030\} \(User Account Management\) is given twice, differently: Setting Value 3 on line 17, 0 here/);
  });
  it('the same row twice is read once, with a warning', () => {
    const p = parser.parse(input('auditpol.csv', mr01Text('auditpol.csv').replace(UAM, `${UAM}\n${UAM}`)));
    expect(flat(p)['audit/subcategories/[{0cce9235-69ae-11d9-bed3-505054503030}]/success']).toBe(true);
    expect(p.warnings.join('\n')).toMatch(/line 18: subcategory \{0cce9235-69ae-11d9-bed3-505054503030\} appears again with the same setting/);
  });
});

describe('Get-NetFirewallProfile / Get-NetFirewallRule CSV', () => {
  it('profiles: NotConfigured is Windows\' default only as the active store\'s, and says so in the provenance', () => {
    const p = parserFor('firewall-profiles-csv').parse(mr01Input('firewall-profiles.csv'));
    const v = flat(p);
    expect(v['firewall/profiles/[domain]/logDroppedPackets']).toBe(true);
    // not a value of its own: merge keeps it only for an export of the active store
    expect(v['firewall/profiles/[public]/logDroppedPackets']).toBeUndefined();
    const publicDropped = p.activeStoreOnly?.find((a) => JSON.stringify(a.fact.path) === JSON.stringify(['firewall', 'profiles', { el: 'public' }, 'logDroppedPackets']));
    expect(publicDropped?.fact.value).toBe(false);
    expect(publicDropped?.fact.provenance.location).toBe('line 4, Public profile, column LogBlocked (NotConfigured: Windows default false)');
    expect(publicDropped?.scope).toBe('firewall.profiles[].logDroppedPackets');
    expect(v['firewall/profiles/[public]/logMaxSizeKB']).toBe(4096);
  });
  it('profiles: PowerShell 5.1\'s "#TYPE" first line is skipped', () => {
    const text = `#TYPE Selected.Microsoft.Management.Infrastructure.CimInstance\r\n${mr01Text('firewall-profiles.csv')}`;
    expect(sniffKind(input('fw.csv', text))).toBe('firewall-profiles-csv');
    expect(flat(parserFor('firewall-profiles-csv').parse(input('fw.csv', text)))['firewall/profiles/[domain]/enabled']).toBe(true);
  });
  it('profiles: a missing DefaultInboundAction column is a UserError', () => {
    const text = mr01Text('firewall-profiles.csv').replace('"DefaultInboundAction",', '').replace(/"Block",/g, '');
    expectUserError(() => parserFor('firewall-profiles-csv').parse(input('firewall-profiles.csv', text)), 'firewall-profiles.csv', /^line 1$/, /missing required column "DefaultInboundAction"/);
  });
  it('rules: ports, protocols (6 = TCP), profiles, remote addresses, program', () => {
    const p = parserFor('firewall-rules-csv').parse(mr01Input('firewall-rules.csv'));
    const v = flat(p);
    const dicom = '[rule:{6c1f3e8a-1d2b-4e0f-9a51-0b2c7d3e4f51}]';
    expect(v[`firewall/rules/${dicom}/name`]).toBe('DICOM Storage SCP');
    expect(v[`firewall/rules/${dicom}/localPorts`]).toEqual(['104']);
    expect(v[`firewall/rules/${dicom}/profiles`]).toEqual(['domain', 'private']);
    expect(v[`firewall/rules/${dicom}/remoteAddresses`]).toEqual(['10.20.0.0/255.255.0.0']);
    expect(v['firewall/rules/[rule:{0d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6}]/localPorts']).toEqual(['5900', '5901']);
    expect(v['firewall/rules/[rule:{0d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6}]/program']).toBeUndefined();
    expect(v['firewall/rules/[rule:remotedesktop-usermode-in-tcp]/enabled']).toBe(false);
    expect(v['firewall/rules/[rule:corenet-icmp4-dufrag-in]/localPorts']).toEqual(['any']);
    expect(v['firewall/rules/[rule:{3f4a5b6c-7d8e-4f90-a1b2-c3d4e5f60718}]/protocol']).toBe('TCP');
    expect(v['firewall/rules/[rule:{3f4a5b6c-7d8e-4f90-a1b2-c3d4e5f60718}]/direction']).toBe('outbound');
    expect(v['firewall/rules/[rule:{3f4a5b6c-7d8e-4f90-a1b2-c3d4e5f60718}]/action']).toBe('block');
  });
  it('rules: a protocol Windows names is written in its spelling ("tcp" TCP, "icmpv4" ICMPv4), any other as collected ("0x6", "Tcp6"), never upper-cased', () => {
    const header = 'Name,DisplayName,Enabled,Direction,Action,Profile,Protocol,LocalPort\r\n';
    const cells = ['0x6', 'tcp', 'icmpv4', 'Tcp6', 'ipv6-route'];
    const text = header + cells.map((c, i) => `R${i},R${i},True,Inbound,Allow,Any,${c},3389\r\n`).join('');
    const v = flat(parserFor('firewall-rules-csv').parse(input('firewall-rules.csv', text)));
    expect(cells.map((_, i) => v[`firewall/rules/[rule:r${i}]/protocol`])).toEqual(['0x6', 'TCP', 'ICMPv4', 'Tcp6', 'IPv6-Route']);
  });
  it('rules exported without their port filters (no LocalPort column) are a UserError', () => {
    const text = 'Name,DisplayName,Enabled,Direction,Action,Profile,Protocol\r\nX,X,True,Inbound,Allow,Any,TCP\r\n';
    expect(sniffKind(input('firewall-rules.csv', text))).toBe('firewall-rules-csv');
    expectUserError(() => parserFor('firewall-rules-csv').parse(input('firewall-rules.csv', text)), 'firewall-rules.csv', /^line 1$/, /missing required column "LocalPort"/);
  });
  it('rules whose array properties were not joined ("System.Object[]") are a UserError', () => {
    const text = mr01Text('firewall-rules.csv').replace('"5900,5901"', '"System.Object[]"');
    expectUserError(() => parserFor('firewall-rules-csv').parse(input('firewall-rules.csv', text)), 'firewall-rules.csv', /^line 4$/, /column "LocalPort" holds "System.Object\[\]"/);
  });
});

describe('firewall values Windows cannot hold are refused, naming the file and line', () => {
  it('profiles: LogMaxSizeKilobytes outside 1..32767 (what Windows accepts)', () => {
    for (const bad of ['32768', '65536', '0']) {
      const text = mr01Text('firewall-profiles.csv').replace('"Private","True","Block","Allow","False","True","16384"', `"Private","True","Block","Allow","False","True","${bad}"`);
      expectUserError(() => parserFor('firewall-profiles-csv').parse(input('firewall-profiles.csv', text)), 'firewall-profiles.csv', /^line 3$/, new RegExp(`LogMaxSizeKilobytes.*found "${bad}"`));
    }
    // The limit itself is a size Windows keeps.
    const max = mr01Text('firewall-profiles.csv').replace('"Private","True","Block","Allow","False","True","16384"', '"Private","True","Block","Allow","False","True","32767"');
    expect(flat(parserFor('firewall-profiles-csv').parse(input('firewall-profiles.csv', max)))['firewall/profiles/[private]/logMaxSizeKB']).toBe(32767);
  });
  it('rules: a LocalPort that is not plain decimal 0..65535, a range or a keyword', () => {
    // A word that is none of Windows' keywords, or a token starting with letters or a sign, names
    // no port the checks can judge: refused, never kept for the evaluator to guess at.
    const unknownWords = ['abc80', '80a', '0x50', '\uFF18\uFF10', '80-', '-80', '443-80', 'Anywhere', 'RPC2', 'Intranet', 'Any-80'];
    for (const bad of ['0104', '+104', '0x68', '65536', '200-100', '1-070000', ...unknownWords]) {
      const text = mr01Text('firewall-rules.csv').replace('"TCP","104","10.20.0.0/255.255.0.0"', `"TCP","${bad}","10.20.0.0/255.255.0.0"`);
      expectUserError(() => parserFor('firewall-rules-csv').parse(input('firewall-rules.csv', text)), 'firewall-rules.csv', /^line 2$/, new RegExp(`"LocalPort".*found "${bad.replace(/[+\-]/g, '\\$&')}"`));
    }
    // Windows' keywords are kept as keywords, as written, in any case.
    const keywords = ['RPC', 'RPCEPMap', 'IPHTTPS', 'IPHTTPSIn', 'IPHTTPSOut', 'Teredo', 'PlayToDiscovery', 'mDNS', 'DHCP', 'Ply2Disc', 'rpc'];
    const fine = mr01Text('firewall-rules.csv').replace('"TCP","104","10.20.0.0/255.255.0.0"', `"TCP","0,104,49152-65535,${keywords.join(',')}","10.20.0.0/255.255.0.0"`);
    expect(flat(parserFor('firewall-rules-csv').parse(input('firewall-rules.csv', fine)))['firewall/rules/[rule:{6c1f3e8a-1d2b-4e0f-9a51-0b2c7d3e4f51}]/localPorts']).toEqual(['0', '104', '49152-65535', ...keywords]);
  });
});

describe('Get-LocalUser / Get-LocalGroupMember CSV', () => {
  it('users: builtin accounts by SID (RID 500/501, whatever their name), enabled, last logon', () => {
    const v = flat(parserFor('local-users-csv').parse(mr01Input('local-users.csv')));
    expect(v['access/accounts/[builtin:administrator]/name']).toBe('mradmin');
    expect(v['access/accounts/[builtin:administrator]/enabled']).toBe(false);
    expect(v['access/accounts/[builtin:administrator]/builtin']).toBe('administrator');
    expect(v['access/accounts/[builtin:guest]/builtin']).toBe('guest');
    expect(v['access/accounts/[user:radtech]/builtin']).toBeNull();
    expect(v['access/accounts/[user:radtech]/lastLogon']).toBe('2024-02-29T16:12:09.0000000+01:00');
    expect(v['access/accounts/[user:service]/lastLogon']).toBeNull();
    expect(v['access/accounts/[user:service]/passwordRequired']).toBe(true);
  });
  it('users: a plain Export-Csv (culture-formatted LastLogon) is read as local time for the merge to convert', () => {
    const text = '"AccountExpires","Description","Enabled","FullName","PasswordChangeableDate","PasswordExpires","UserMayChangePassword","PasswordRequired","PasswordLastSet","LastLogon","Name","SID","PrincipalSource","ObjectClass"\r\n"","","True","","","","True","True","","2/29/2024 4:12:09 PM","radtech","S-1-5-21-1-2-3-1001","Local","User"\r\n';
    expect(sniffKind(input('users.csv', csvUtf8Bom(text)))).toBe('local-users-csv');
    const v = flat(parserFor('local-users-csv').parse(input('users.csv', csvUtf8Bom(text))));
    expect(v['access/accounts/[user:radtech]/lastLogon']).toEqual({ localDateTime: '2/29/2024 4:12:09 PM' });
  });
  it('users: a missing Enabled column is a UserError', () => {
    const text = mr01Text('local-users.csv').replace('"Enabled",', '').replace(/"(True|False)","S-1/g, '"S-1');
    expectUserError(() => parserFor('local-users-csv').parse(input('local-users.csv', text)), 'local-users.csv', /^line 1$/, /missing required column "Enabled"/);
  });
  it('group members: groups per local account; domain members kept by full name; nested groups ignored', () => {
    const v = flat(parserFor('local-group-members-csv').parse(mr01Input('local-group-members.csv')));
    expect(v['access/accounts/[user:service]/groups']).toEqual(['Remote Desktop Users', 'Users']);
    expect(v['access/accounts/[builtin:administrator]/groups']).toEqual(['Administrators']);
    expect(v['access/accounts/[user:hospital\\jdoe]/name']).toBe('HOSPITAL\\jdoe');
    expect(v['access/accounts/[user:hospital\\jdoe]/source']).toBe('ldap');
    // A nested group is no account: it is recorded as a group the accounts' groups cannot show.
    expect(Object.keys(v).some((k) => k.startsWith('access/accounts/') && k.includes('domain admins'))).toBe(false);
    const nested = Object.entries(v).filter(([k]) => k.startsWith('access/nestedGroups/') && k.endsWith('/member')).map(([, m]) => m);
    expect(nested.sort()).toEqual(['HOSPITAL\\Domain Admins', 'NT AUTHORITY\\Authenticated Users', 'NT AUTHORITY\\INTERACTIVE']);
    const kindOf = (member: string) => {
      const k = Object.keys(v).find((key) => key.endsWith('/member') && v[key] === member)!;
      return [v[k.replace(/member$/, 'group')], v[k.replace(/member$/, 'kind')]];
    };
    expect(kindOf('HOSPITAL\\Domain Admins')).toEqual(['Administrators', 'group']);
    expect(kindOf('NT AUTHORITY\\Authenticated Users')).toEqual(['Users', 'every-account']);
    const parsed = parserFor('local-group-members-csv').parse(mr01Input('local-group-members.csv'));
    expect(parsed.coverage).toContainEqual(expect.objectContaining({ scope: 'access.nestedGroups', complete: true }));
  });
  it('a well-known principal is known by its SID whatever its translated name, by its English name without a SID', () => {
    const text = [
      '"Group","Name","SID","PrincipalSource","ObjectClass"',
      '"Administratoren","NT-AUTORITÄT\\Authentifizierte Benutzer","S-1-5-11","Unknown","Gruppe"',
      '"Administratoren","NT-AUTORITÄT\\INTERAKTIV","S-1-5-4","Unknown","Group"',
      '"Administrators","Everyone","","Unknown","Group"',
      '"Administrators","HOSP\\Radiology","S-1-5-21-9-8-7-1120","ActiveDirectory","Group"',
      '"Administrators","HOSP\\Everyone Else","","ActiveDirectory","Group"',
      '"Administratoren","KONSOLE\\radtech","S-1-5-21-1-2-3-1001","Local","Benutzer"',
      '"Administrators","S-1-5-21-9-8-7-4242","S-1-5-21-9-8-7-4242","Unknown",""',
      '',
    ].join('\r\n');
    const v = flat(parserFor('local-group-members-csv').parse(input('local-group-members.csv', text)));
    const kinds = Object.fromEntries(Object.keys(v).filter((k) => k.endsWith('/member')).map((k) => [v[k], v[k.replace(/member$/, 'kind')]]));
    expect(kinds).toEqual({
      'NT-AUTORITÄT\\Authentifizierte Benutzer': 'every-account',
      'NT-AUTORITÄT\\INTERAKTIV': 'every-account',
      Everyone: 'every-account',
      'HOSP\\Radiology': 'group',
      'HOSP\\Everyone Else': 'group',
      // a SID Windows could not resolve names no one; its members are unknown all the same
      'S-1-5-21-9-8-7-4242': 'group',
    });
    // An account in a German export ("Benutzer") is an account, with its group.
    expect(v['access/accounts/[user:radtech]/groups']).toEqual(['Administratoren']);
  });
  it('group members without the "Group" column (plain Get-LocalGroupMember) are a UserError', () => {
    const text = '"Name","SID","PrincipalSource","ObjectClass"\r\n"MR01\\radtech","S-1-5-21-1-2-3-1001","Local","User"\r\n';
    expect(sniffKind(input('local-group-members.csv', text))).toBe('local-group-members-csv');
    expectUserError(() => parserFor('local-group-members-csv').parse(input('local-group-members.csv', text)), 'local-group-members.csv', /^line 1$/, /missing required column "Group"/);
  });
});
