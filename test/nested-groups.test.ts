// A local group can hold groups: a domain group (HOSP\Domain Admins in Administrators on every
// domain-joined console) or a well-known principal (Authenticated Users). Get-LocalGroupMember lists
// such a member without its accounts, so no account's `groups` shows the local group it gives them.
// The role checks must then say "not collected" (a domain group) or fail (a principal every user
// has), never pass on the accounts' direct memberships alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ControlAggregator } from '../src/assess/controls.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { controlInfo } from '../src/catalog/objectives.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import type { Check } from '../src/catalog/types.js';
import { checkStatus, evaluateCheck, makeContext, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { leanSnapshot } from '../src/drift/side.js';
import { ingestInputs } from '../src/ingest/index.js';
import { mergeExports } from '../src/ingest/merge.js';
import type { Fact, FactValue, ParsedExport } from '../src/ingest/types.js';
import { listCoverage } from '../src/snapshot/coverage.js';
import { resolveParameters } from '../src/params/resolve.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { input, mr01SourceDir } from './ingest/fixture-folder.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const byId = (id: string): Check => catalog.checks.find((c) => c.id === id)!;

const USERS = [
  '"Name","Enabled","SID","PrincipalSource","ObjectClass","PasswordRequired","LastLogon"',
  '"radtech","True","S-1-5-21-1-2-3-1001","Local","User","True",""',
  '"emsfse","True","S-1-5-21-1-2-3-1003","Local","User","True",""',
  '',
].join('\r\n');
/** The MR-01 fixture's vendor settings (same console as its collection.json), with these users. */
function vendorWith(users: unknown[]): string {
  const base = JSON.parse(readFileSync(join(mr01SourceDir, 'vendor-settings.json'), 'utf8')) as Record<string, unknown>;
  return JSON.stringify({ ...base, users });
}
const VENDOR = vendorWith([
  { name: 'radtech', role: 'clinical' },
  { name: 'emsfse', role: 'service-technician' },
  { name: 'HOSP\\a.schmidt', role: 'clinical', source: 'ldap', enabled: true },
]);
const HEADER = '"Group","Name","SID","PrincipalSource","ObjectClass"';
/** Every account's direct memberships: no clinical account is directly an administrator or a technician. */
const DIRECT = [
  '"Users","MR01-CONSOLE\\radtech","S-1-5-21-1-2-3-1001","Local","User"',
  '"Administrators","MR01-CONSOLE\\emsfse","S-1-5-21-1-2-3-1003","Local","User"',
  '"EMS Service Technicians","MR01-CONSOLE\\emsfse","S-1-5-21-1-2-3-1003","Local","User"',
  '"EMS Clinical Users","HOSP\\a.schmidt","S-1-5-21-7-8-9-2201","ActiveDirectory","User"',
  // Windows puts these two in Users by default: they matter only in a privileged group.
  '"Users","NT AUTHORITY\\Authenticated Users","S-1-5-11","Unknown","Group"',
  '"Users","NT AUTHORITY\\INTERACTIVE","S-1-5-4","Unknown","Group"',
];

/** The MR-01 fixture's collection manifest, with the errors the collection script recorded. */
function manifestWith(errors: Array<{ file: string; message: string }>): string {
  const base = JSON.parse(readFileSync(join(mr01SourceDir, 'collection.json'), 'utf8')) as Record<string, unknown>;
  return JSON.stringify({ ...base, errors });
}

/**
 * The SIDs collect.ps1 writes in the GroupSID column. "Console-Admins" is the local Administrators
 * group an administrator renamed: still S-1-5-32-544.
 */
const GROUP_SIDS: Record<string, string> = {
  Administrators: 'S-1-5-32-544',
  'Console-Admins': 'S-1-5-32-544',
  Users: 'S-1-5-32-545',
  'EMS Service Technicians': 'S-1-5-21-1-2-3-1010',
  'EMS Clinical Users': 'S-1-5-21-1-2-3-1011',
  // Built-in groups other than Administrators (a German console names them so; the SID decides).
  'Sicherungs-Operatoren': 'S-1-5-32-551',
  'Hyper-V-Administratoren': 'S-1-5-32-578',
  'Server Operators': 'S-1-5-32-549',
  'Account Operators': 'S-1-5-32-548',
  'Print Operators': 'S-1-5-32-550',
  'Hauptbenutzer': 'S-1-5-32-547',
};
/** A row with its group's SID appended (the GroupSID column). */
const withGroupSid = (row: string): string => `${row},"${GROUP_SIDS[/^"([^"]*)"/.exec(row)![1]!]!}"`;

/** groupSids false: an export from a collect.ps1 before the GroupSID column. */
function snapshotWith(extraMembers: string[], errors: Array<{ file: string; message: string }> = [], groupSids = true): Snapshot {
  const rows = [...DIRECT, ...extraMembers];
  const members = (groupSids ? [`${HEADER},"GroupSID"`, ...rows.map(withGroupSid)] : [HEADER, ...rows]).concat('').join('\r\n');
  const inputs = [
    input('local-users.csv', USERS),
    input('local-group-members.csv', members),
    input('vendor-settings.json', VENDOR),
    input('collection.json', manifestWith(errors)),
  ];
  return ingestInputs(inputs, 'nested').snapshot;
}

/** The finding for a control on this one device, as `assess` aggregates it. */
function controlState(control: string, snapshot: Snapshot): string {
  const agg = new ControlAggregator(catalog.checks, (id) => controlInfo(loadControlIndex(), id), 'moderate');
  agg.addDevice(snapshot.device.id, catalog.checks.map((c) => evaluateCheck(c, snapshot, params).status), () => undefined);
  return agg.findings().find((f) => f.controlId === control)!.state;
}

/** The verdict of evaluateCheck, after checking that diff and monitor (status only, lean snapshot) agree. */
function verdict(id: string, s: Snapshot) {
  const r = evaluateCheck(byId(id), s, params);
  const lean = leanSnapshot(s);
  expect(checkStatus(byId(id), lean, makeContext(lean, params)), `${id} status-only`).toBe(r.status);
  return r;
}

describe('groups nested in local groups', () => {
  it('with no group in a privileged group, the role checks pass on the direct memberships', () => {
    const s = snapshotWith([]);
    expect(s.access?.nestedGroups?.map((n) => [n.group, n.member, n.kind])).toEqual([
      ['Users', 'NT AUTHORITY\\Authenticated Users', 'every-account'],
      ['Users', 'NT AUTHORITY\\INTERACTIVE', 'every-account'],
    ]);
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', s).status).toBe('pass');
    expect(verdict('ROLE-SERVICE-ONLY-TECHNICIANS', s).status).toBe('pass');
  });

  it('Administrators renamed "Console-Admins": a clinical account in it fails ROLE-CLINICAL-NOT-ADMIN by the group SID (S-1-5-32-544), its name matching none of administrator-groups', () => {
    const s = snapshotWith(['"Console-Admins","MR01-CONSOLE\\radtech","S-1-5-21-1-2-3-1001","Local","User"']);
    const radtech = s.access?.accounts?.find((a) => a.name === 'radtech');
    expect(radtech?.groups).toEqual(['Users', 'Console-Admins']);
    expect(radtech?.groupSids).toEqual(['S-1-5-32-545', 'S-1-5-32-544']);
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', s).status).toBe('fail');
    expect(controlState('ac-6.5', s)).not.toBe('satisfied');
  });

  it('Administrators renamed "Console-Admins" holding Everyone: every user is an administrator, a fail', () => {
    const s = snapshotWith(['"Console-Admins","Everyone","S-1-1-0","Unknown","Group"']);
    expect(s.access?.nestedGroups?.find((n) => n.group === 'Console-Admins')?.groupSid).toBe('S-1-5-32-544');
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', s).status).toBe('fail');
  });

  it('Backup Operators, Hyper-V Administrators, Server, Account and Print Operators give a member an administrator\'s power: a clinical account in one, or Everyone nested in one, fails by the group SID; Power Users does not', () => {
    for (const group of ['Sicherungs-Operatoren', 'Hyper-V-Administratoren', 'Server Operators', 'Account Operators', 'Print Operators']) {
      const member = snapshotWith([`"${group}","MR01-CONSOLE\\radtech","S-1-5-21-1-2-3-1001","Local","User"`]);
      expect(member.access?.accounts?.find((a) => a.name === 'radtech')?.groupSids, group).toContain(GROUP_SIDS[group]);
      expect(verdict('ROLE-CLINICAL-NOT-ADMIN', member).status, group).toBe('fail');
      expect(controlState('ac-6.5', member), group).not.toBe('satisfied');
      const everyone = snapshotWith([`"${group}","Everyone","S-1-1-0","Unknown","Group"`]);
      expect(verdict('ROLE-CLINICAL-NOT-ADMIN', everyone).status, `${group} holding Everyone`).toBe('fail');
    }
    // Power Users (Hauptbenutzer) has had no more rights than Users since Windows Vista.
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', snapshotWith(['"Hauptbenutzer","MR01-CONSOLE\\radtech","S-1-5-21-1-2-3-1001","Local","User"'])).status).toBe('pass');
  });

  it('an export without the GroupSID column (an older collect.ps1): the groups are known by name only, any may be Administrators renamed: not collected, not a pass', () => {
    const s = snapshotWith([], [], false);
    expect(s.access?.accounts?.find((a) => a.name === 'radtech')?.groupSids).toBeUndefined();
    const r = verdict('ROLE-CLINICAL-NOT-ADMIN', s);
    expect(r.status).toBe('not-collected');
    expect(controlState('ac-6.5', s)).not.toBe('satisfied');
    // A clinical account in a group named as Administrators still fails, SIDs or not.
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', snapshotWith(['"Administrators","MR01-CONSOLE\\radtech","S-1-5-21-1-2-3-1001","Local","User"'], [], false)).status).toBe('fail');
  });

  it('an export without GroupSID: Administrators renamed "Admins" holding Everyone, Authenticated Users, INTERACTIVE or Users, with a clinical account in no group, is not collected, never a pass', () => {
    // radtech in no local group at all: its only way to Administrators is the principal nested there.
    const direct = DIRECT.filter((r) => !r.includes('radtech'));
    for (const [member, sid] of [['Everyone', 'S-1-1-0'], ['NT AUTHORITY\\Authenticated Users', 'S-1-5-11'], ['NT AUTHORITY\\INTERACTIVE', 'S-1-5-4'], ['BUILTIN\\Users', 'S-1-5-32-545']] as const) {
      const rows = [...direct, `"Admins","${member}","${sid}","Unknown","Group"`];
      const s = ingestInputs([input('local-users.csv', USERS), input('local-group-members.csv', [HEADER, ...rows, ''].join('\r\n')), input('vendor-settings.json', VENDOR), input('collection.json', manifestWith([]))], 'nested').snapshot;
      // The snapshot as such an export gives it: a clinical account listed with no group, the groups' SIDs absent.
      const s2: Snapshot = { ...s, access: { ...s.access!, accounts: s.access!.accounts!.map((a) => (a.role === 'clinical' ? { ...a, groups: [], groupSids: [] } : a)) } };
      expect(s2.access?.nestedGroups?.find((n) => n.group === 'Admins')?.groupSid, member).toBeUndefined();
      const r = verdict('ROLE-CLINICAL-NOT-ADMIN', s2);
      expect(r.status, member).toBe('not-collected');
      expect(r.reason, member).toContain(`Admins holds ${member}, and the SID of Admins was not collected`);
      expect(controlState('ac-6.5', s2), member).not.toBe('satisfied');
    }
  });

  it('a GroupSID left empty on the row of a group holding Everyone: not collected; Everyone exported with ObjectClass User is still a principal every user has', () => {
    const rows = [...DIRECT.map(withGroupSid), '"Admins","Everyone","S-1-1-0","Unknown","Group",""'];
    const s = ingestInputs([input('local-users.csv', USERS), input('local-group-members.csv', [`${HEADER},"GroupSID"`, ...rows, ''].join('\r\n')), input('vendor-settings.json', VENDOR), input('collection.json', manifestWith([]))], 'nested').snapshot;
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', s).status).toBe('not-collected');
    // Everyone written as a "User" row of the renamed Administrators: nested, so a fail by the group's SID.
    const asUser = snapshotWith(['"Console-Admins","Everyone","S-1-1-0","Unknown","User"']);
    expect(asUser.access?.nestedGroups?.find((n) => n.group === 'Console-Admins')?.kind).toBe('every-account');
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', asUser).status).toBe('fail');
  });

  it('a domain group in Administrators: ROLE-CLINICAL-NOT-ADMIN (CAT I) is not collected, naming the group, and ac-6.5 is not satisfied', () => {
    const s = snapshotWith(['"Administrators","HOSP\\Radiology Leads","S-1-5-21-7-8-9-1120","ActiveDirectory","Group"']);
    const r = verdict('ROLE-CLINICAL-NOT-ADMIN', s);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toBe('Administrators holds HOSP\\Radiology Leads, a group whose members were not collected: whether a clinical account is an administrator through it is unknown (a group whose members the organisation reviews in the directory can be named among its reviewed directory groups, parameter reviewed-directory-groups)');
    // The group's row in the export is cited, with the file's hash.
    expect(r.provenance.some((p) => p.file === 'local-group-members.csv' && /HOSP\\\\Radiology Leads/.test(p.location ?? ''))).toBe(true);
    expect(controlState('ac-6.5', s)).not.toBe('satisfied');
    // Not a service group: the service check still passes.
    expect(verdict('ROLE-SERVICE-ONLY-TECHNICIANS', s).status).toBe('pass');
  });

  it('HOSP\\Domain Admins in Administrators (as on every domain-joined console), exported from a German console ("Gruppe"), is not collected', () => {
    // Whether a clinical domain account is in Domain Admins is not in the export.
    const s = snapshotWith(['"Administrators","HOSP\\Domain Admins","S-1-5-21-7-8-9-512","ActiveDirectory","Gruppe"']);
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', s).status).toBe('not-collected');
  });

  it('Domain Users (RID 513) in Administrators makes every domain account an administrator: a fail', () => {
    const s = snapshotWith(['"Administrators","HOSP\\Domain Users","S-1-5-21-7-8-9-513","ActiveDirectory","Group"']);
    expect(s.access?.nestedGroups?.find((n) => n.member === 'HOSP\\Domain Users')?.kind).toBe('every-account');
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', s).status).toBe('fail');
  });

  it('a directory group the organisation reviews in the directory (reviewed-directory-groups, by name or SID) no longer leaves the check not collected; the value is recorded', () => {
    const s = snapshotWith(['"Administrators","HOSP\\Domain Admins","S-1-5-21-7-8-9-512","ActiveDirectory","Group"']);
    for (const value of ['HOSP\\Domain Admins', 'S-1-5-21-7-8-9-512']) {
      const reviewed = resolveParameters(catalog.parameters, [], [{ id: 'reviewed-directory-groups', raw: [value], file: 'p.json', where: '/reviewed-directory-groups' }]).params;
      const r = evaluateCheck(byId('ROLE-CLINICAL-NOT-ADMIN'), s, reviewed);
      expect(r.status, value).toBe('pass');
      expect(r.params.find((p) => p.id === 'reviewed-directory-groups')?.value, value).toEqual([value]);
    }
    // another group nested beside it is still unknown
    const two = snapshotWith(['"Administrators","HOSP\\Domain Admins","S-1-5-21-7-8-9-512","ActiveDirectory","Group"', '"Administrators","HOSP\\Radiology","S-1-5-21-7-8-9-1120","ActiveDirectory","Group"']);
    const reviewed = resolveParameters(catalog.parameters, [], [{ id: 'reviewed-directory-groups', raw: ['HOSP\\Domain Admins'], file: 'p.json', where: '/x' }]).params;
    expect(evaluateCheck(byId('ROLE-CLINICAL-NOT-ADMIN'), two, reviewed).status).toBe('not-collected');
  });

  it('Authenticated Users in Administrators makes every user an administrator: a fail, whatever the accounts list', () => {
    const s = snapshotWith(['"Administrators","NT AUTHORITY\\Authenticated Users","S-1-5-11","Unknown","Group"']);
    const r = verdict('ROLE-CLINICAL-NOT-ADMIN', s);
    expect(r.status).toBe('fail');
    expect(r.problems.join(' ')).toContain('NT AUTHORITY\\Authenticated Users');
  });

  it('a clinical account directly in Administrators fails even where a nested group leaves other accounts unknown', () => {
    const s = snapshotWith([
      '"Administrators","MR01-CONSOLE\\radtech","S-1-5-21-1-2-3-1001","Local","User"',
      '"Administrators","HOSP\\Radiology Leads","S-1-5-21-7-8-9-1120","ActiveDirectory","Group"',
    ]);
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', s).status).toBe('fail');
  });

  it('a domain group in the vendor service group: ROLE-SERVICE-ONLY-TECHNICIANS is not collected; INTERACTIVE there fails', () => {
    const nested = snapshotWith(['"EMS Service Technicians","HOSP\\Helpdesk","S-1-5-21-7-8-9-1130","ActiveDirectory","Group"']);
    const r = verdict('ROLE-SERVICE-ONLY-TECHNICIANS', nested);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toContain('EMS Service Technicians holds HOSP\\Helpdesk');
    const everyone = snapshotWith(['"EMS Service Technicians","NT AUTHORITY\\INTERACTIVE","S-1-5-4","Unknown","Group"']);
    expect(verdict('ROLE-SERVICE-ONLY-TECHNICIANS', everyone).status).toBe('fail');
  });

  it('a group the collection script could not list (error 1332): the members file is partial, and the role checks are not collected', () => {
    const message = 'group Administrators: An unspecified error occurred (1332): No mapping between account names and security IDs was done.';
    const s = snapshotWith([], [{ file: 'local-group-members.csv', message }]);
    expect(s.coverage?.filter((c) => c.source === 'local-group-members.csv').map((c) => c.complete)).toEqual([false, false, false]);
    for (const id of ['ROLE-CLINICAL-NOT-ADMIN', 'ROLE-SERVICE-ONLY-TECHNICIANS']) {
      const r = verdict(id, s);
      expect(r.status, id).toBe('not-collected');
      expect(r.reason, id).toContain(`written in part: ${message}`);
    }
    // What the file does hold still decides a fail.
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', snapshotWith(['"Administrators","MR01-CONSOLE\\radtech","S-1-5-21-1-2-3-1001","Local","User"'], [{ file: 'local-group-members.csv', message }])).status).toBe('fail');
  });

  it('without Get-LocalGroupMember the snapshot does not say which groups its local groups hold: not collected, not a pass', () => {
    const inputs = [
      input('local-users.csv', USERS),
      input('vendor-settings.json', vendorWith([{ name: 'radtech', role: 'clinical', groups: ['Users'] }, { name: 'emsfse', role: 'service-technician' }])),
      input('collection.json', readFileSync(join(mr01SourceDir, 'collection.json'))),
    ];
    const s = ingestInputs(inputs, 'no-members').snapshot;
    expect(s.access?.accounts?.find((a) => a.name === 'radtech')?.groups).toEqual(['Users']);
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', s).status).toBe('not-collected');
  });
});

describe('an account no file gives an enabled state for', () => {
  it('a clinical domain account in Administrators (vendor role, Get-LocalGroupMember row) is kept and fails ROLE-CLINICAL-NOT-ADMIN', () => {
    const vendor = vendorWith([
      { name: 'radtech', role: 'clinical' },
      { name: 'emsfse', role: 'service-technician' },
      { name: 'HOSP\\a.schmidt', role: 'clinical', source: 'ldap', enabled: true },
      { name: 'HOSP\\j.doe', role: 'clinical', source: 'ldap' },
    ]);
    const members = [HEADER, ...DIRECT, '"Administrators","HOSP\\j.doe","S-1-5-21-7-8-9-4711","ActiveDirectory","User"', ''].join('\r\n');
    const s = ingestInputs([
      input('local-users.csv', USERS),
      input('local-group-members.csv', members),
      input('vendor-settings.json', vendor),
      input('collection.json', manifestWith([])),
    ], 'j.doe').snapshot;
    expect(s.access?.accounts?.find((a) => a.name === 'HOSP\\j.doe')).toEqual({ name: 'HOSP\\j.doe', role: 'clinical', groups: ['Administrators'], source: 'ldap' });
    const r = verdict('ROLE-CLINICAL-NOT-ADMIN', s);
    expect(r.status).toBe('fail');
    expect(r.problems.join(' ')).toContain('HOSP\\j.doe');
  });
});

describe('an item a list loses at ingest makes the list partial', () => {
  it("a firewall rule no file gives an action for is left out, and the list's coverage says it is partial, naming the rule", () => {
    const rule = (name: string, action: boolean): Fact[] => {
      const el = { el: name.toLowerCase() };
      const at = (field: string, value: FactValue): Fact => ({ path: ['firewall', 'rules', el, field], value, provenance: { file: 'rules.csv', sha256: 'a'.repeat(64), location: `rule ${name}` } });
      return [at('name', name), at('enabled', true), at('direction', 'inbound'), at('protocol', 'TCP'), at('localPorts', ['3389']), ...(action ? [at('action', 'allow')] : [])];
    };
    const parsed: ParsedExport = {
      file: 'rules.csv', sha256: 'a'.repeat(64), kind: 'firewall-rules-csv', warnings: [],
      facts: [
        { path: ['collectedAt'], value: '2026-11-02T09:00:00Z', provenance: { file: 'rules.csv', sha256: 'a'.repeat(64), location: 'line 1' } },
        { path: ['device', 'id'], value: 'MR-01', provenance: { file: 'rules.csv', sha256: 'a'.repeat(64), location: 'line 1' } },
        ...rule('DICOM-In', true),
        ...rule('Remote Desktop', false),
      ],
      coverage: [{ scope: 'firewall.rules', complete: true }],
    };
    const { snapshot, warnings } = mergeExports([parsed], 'x');
    expect(snapshot.firewall?.rules?.map((r) => r.name)).toEqual(['DICOM-In']);
    expect(warnings.some((w) => w.includes('"Remote Desktop"') && w.includes('left out'))).toBe(true);
    expect(snapshot.coverage).toEqual([{ scope: 'firewall.rules', source: 'rules.csv', kind: 'firewall-rules-csv', effective: true, complete: false, note: 'left out: "Remote Desktop" (no action)' }]);
    expect(listCoverage(snapshot, 'firewall.rules').covered).toBe(false);
  });
});

describe('a principal every user has, by its localised name where the export gives no SID', () => {
  // Windows writes Everyone and Authenticated Users in the console's display language; an export
  // without the SID cell read only the English names, so "Jeder" written as a "Benutzer" row was taken
  // for an account: ROLE-CLINICAL-NOT-ADMIN was not collected where every user is an administrator, a fail.
  it.each([
    ['Jeder', 'Benutzer'],
    ['Tout le monde', 'Utilisateur'],
    ['Todos', 'Usuario'],
    ['NT-AUTORITÄT\\Authentifizierte Benutzer', 'Benutzer'],
    ['AUTORITE NT\\Utilisateurs authentifiés', 'Utilisateur'],
  ])('%s in Administrators, written as a %s row without its SID: every user an administrator, a fail (was not collected)', (member, cls) => {
    const s = snapshotWith([`"Administrators","${member}","","Unknown","${cls}"`]);
    expect(s.access?.nestedGroups?.find((n) => n.member === member)?.kind, member).toBe('every-account');
    expect(verdict('ROLE-CLINICAL-NOT-ADMIN', s).status, member).toBe('fail');
  });
});
