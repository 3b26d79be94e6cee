// Verdicts per SP 800-53A objective (src/assess/controls.ts): the rules of docs/checks.md,
// "Assessment objectives", on the shipped check catalog and NIST's objectives, device by device.
import { describe, expect, it } from 'vitest';
import { ControlAggregator, type ControlFinding } from '../src/assess/controls.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { controlInfo } from '../src/catalog/objectives.js';
import type { Check } from '../src/catalog/types.js';
import type { CheckStatus } from '../src/evaluate/evaluate-check.js';
import { computeDrift } from '../src/drift/compute.js';
import { resolveParameters } from '../src/params/resolve.js';
import type { AssessedDevice, AssessedSide, DriftContext } from '../src/drift/types.js';

const { checks, parameters } = loadCatalog();
const index = loadControlIndex();
const info = (id: string) => controlInfo(index, id);

/** Statuses of every check on one device: pass unless said otherwise. */
const device = (overrides: Record<string, CheckStatus> = {}): CheckStatus[] => checks.map((c) => overrides[c.id] ?? 'pass');

function verdicts(devices: Record<string, CheckStatus[]>, list: readonly Check[] = checks): Map<string, ControlFinding> {
  const agg = new ControlAggregator(list, info, 'moderate');
  for (const [id, statuses] of Object.entries(devices)) agg.addDevice(id, statuses, () => undefined);
  return new Map(agg.findings().map((f) => [f.controlId, f]));
}

// The lockout checks show ac-7 only in part in the shipped catalog (the built-in Administrator's
// exemption, the vendor application's logons). A catalog where they still showed it whole, as they
// did, stands below for any control its checks show whole: the rules of aggregation, not ac-7's.
const lockout = checks.filter((c) => c.id.startsWith('LOCKOUT-')).map((c) => c.id);
const wholeLockout: Check[] = checks.map((c) => {
  if (!lockout.includes(c.id)) return c;
  const { inPart: _left, ...rest } = c;
  return rest;
});

describe('an objective is shown on a device when every check naming it passed', () => {
  it('ac-7 is satisfied when the local lockout checks pass and the LDAP ones do not apply (LDAP not in use), in a catalog where they show it whole', () => {
    const ldapOff = device({ 'LOCKOUT-THRESHOLD-LDAP': 'not-applicable', 'LOCKOUT-DURATION-LDAP': 'not-applicable', 'LOCKOUT-RESET-LDAP': 'not-applicable' });
    const ac7 = verdicts({ D1: ldapOff, D2: device() }, wholeLockout).get('ac-7')!;
    expect(ac7).toMatchObject({ state: 'satisfied', reason: 'pass', uncovered: [] });
    expect(ac7.objectives.map((o) => [o.objectiveId, o.state])).toEqual([['ac-7_obj.a', 'satisfied'], ['ac-7_obj.b', 'satisfied']]);
  });

  it('one failing check fails the objective on that device, and only the objectives it names', () => {
    const ac7 = verdicts({ D1: device({ 'LOCKOUT-DURATION': 'fail' }), D2: device() }, wholeLockout).get('ac-7')!;
    expect(ac7).toMatchObject({ state: 'not-satisfied', reason: 'fail' });
    expect(ac7.objectives.map((o) => [o.objectiveId, o.state, o.failingDevices])).toEqual([
      ['ac-7_obj.a', 'satisfied', []],
      ['ac-7_obj.b', 'not-satisfied', ['D1']],
    ]);
  });

  it('missing evidence or a deviation makes the objective not satisfied with reason "other", never a pass', () => {
    const v = verdicts({ D1: device({ 'LOCKOUT-RESET': 'not-collected' }), D2: device({ 'LOCKOUT-DURATION': 'deviation' }) }).get('ac-7')!;
    expect(v.objectives.map((o) => [o.objectiveId, o.state, o.reason, o.notCollectedCount, o.deviationCount])).toEqual([
      ['ac-7_obj.a', 'not-satisfied', 'other', 1, 0],
      ['ac-7_obj.b', 'not-satisfied', 'other', 0, 1],
    ]);
    expect(v).toMatchObject({ state: 'not-satisfied', reason: 'other' });
  });
});

describe('not applicable', () => {
  it('with "not-applicable: satisfies" (screen saver off) it does not hide the objective: ac-11.1 is shown by the machine lock', () => {
    expect(checks.find((c) => c.id === 'SCREEN-LOCK-SECURE')?.notApplicable).toBe('satisfies');
    const v = verdicts({ D1: device({ 'SCREEN-LOCK-SECURE': 'not-applicable' }) }).get('ac-11.1')!;
    expect(v).toMatchObject({ state: 'satisfied' });
  });

  it('a console that never locks fails ac-11.1: a screen lock not applicable never satisfies it', () => {
    const v = verdicts({ D1: device({ 'SCREEN-LOCK-TIMEOUT': 'fail', 'SCREEN-LOCK-SECURE': 'not-applicable' }) }).get('ac-11.1')!;
    expect(v).toMatchObject({ state: 'not-satisfied', reason: 'fail' });
  });

  it('by default it leaves the objective not shown on that device: the control is partially assessed, the device named', () => {
    // OS-INSTALLER-NO-ELEVATION does not apply on a snapshot whose registry values are empty.
    const v = verdicts({ D1: device({ 'OS-INSTALLER-NO-ELEVATION': 'not-applicable' }), D2: device() });
    const ac610 = v.get('ac-6.10')!;
    expect(ac610).toMatchObject({ state: 'partial', reason: 'other', uncovered: [{ objectiveId: 'ac-6.10_obj', why: 'not-shown' }] });
    expect(ac610.objectives[0]).toMatchObject({ state: 'not-shown', notShownDevices: ['D1'], notShownCount: 1 });
  });

  it('an objective whose checks are all "not applicable, satisfies" on a device is still not shown there: nothing was seen', () => {
    // sc-8: no audit forwarding, no remote DICOM peers, no local DICOM TLS listener. Nothing transmitted is checked, so nothing is shown.
    const v = verdicts({ D1: device({ 'AUDIT-FORWARD-TLS': 'not-applicable', 'DICOM-TLS': 'not-applicable', 'DICOM-NO-PLAIN-LISTENER': 'not-applicable' }) }).get('sc-8')!;
    expect(v).toMatchObject({ state: 'partial', uncovered: [{ objectiveId: 'sc-8_obj', why: 'not-shown' }] });
  });

  it('with no device at all, nothing is shown and nothing is claimed', () => {
    for (const f of verdicts({}).values()) expect(f.state, f.controlId).toBe('partial');
  });
});

describe('objectives no check names', () => {
  it('leave a control whose checks all pass partially assessed, naming them: ac-8 (the banner check shows a and b only)', () => {
    const ac8 = verdicts({ D1: device() }).get('ac-8')!;
    expect(ac8.state).toBe('partial');
    expect(ac8.objectives.map((o) => o.objectiveId)).toEqual(['ac-8_obj.a', 'ac-8_obj.b']);
    expect(ac8.uncovered.map((u) => u.objectiveId)).toEqual(['ac-8_obj.a.1', 'ac-8_obj.a.2', 'ac-8_obj.a.3', 'ac-8_obj.a.4', 'ac-8_obj.c.1', 'ac-8_obj.c.2', 'ac-8_obj.c.3']);
    expect(ac8.uncovered.every((u) => u.why === 'no-check')).toBe(true);
  });

  it('do not stop a failure from being a failure: ac-8 with the banner missing is not satisfied', () => {
    expect(verdicts({ D1: device({ 'LOGON-BANNER': 'fail' }) }).get('ac-8')).toMatchObject({ state: 'not-satisfied', reason: 'fail' });
  });

  it('a control without objective data in the catalog is judged on its own objective id', () => {
    const c = { ...checks.find((x) => x.id === 'AUDIT-LOG-SIZE')!, controls: ['zz-1'], objectives: [] } as Check;
    const agg = new ControlAggregator([c], () => ({ title: 'Z', objective: 'zz-1_obj', baselines: [] }), 'moderate');
    agg.addDevice('D1', ['pass'], () => undefined);
    expect(agg.findings()[0]).toMatchObject({ controlId: 'zz-1', state: 'satisfied', leaves: ['zz-1_obj'] });
  });
});

describe('drift between runs knows "partially assessed"', () => {
  const ctx: DriftContext = {
    checks: wholeLockout, params: resolveParameters(parameters, [], []).params, deviations: [], lookupControl: info, baseline: 'moderate', now: '2026-12-01T00:00:00Z', configDigest: 'x',
    readsByCheck: new Map(checks.map((c) => [c.id, c.reads])), timeChecks: new Set(),
  };
  const side = (label: string, statuses: CheckStatus[]): AssessedSide => {
    const d: AssessedDevice = { id: 'D1', snapshot: { schemaVersion: '1.0', device: { id: 'D1' }, collectedAt: '2026-11-01T00:00:00Z' } as AssessedDevice['snapshot'], collectedAt: '2026-11-01T00:00:00Z', file: `${label}.json`, sha256: label.padEnd(64, '0'), statuses, details: new Map() };
    return { info: { label, kind: 'snapshots', at: '2026-11-01T00:00:00Z', devices: 1 }, devices: new Map([['D1', d]]) };
  };

  it('satisfied to partially assessed is a regression, blaming the check that no longer applies', () => {
    const d = computeDrift(side('a', device()), side('b', device({ 'LOCKOUT-DURATION': 'not-applicable', 'OS-INSTALLER-NO-ELEVATION': 'not-applicable' })), ctx);
    const t = d.controls.find((c) => c.controlId === 'ac-7')!;
    expect(t).toMatchObject({ transition: 'regressed', old: 'satisfied', new: 'partial' });
    expect(t.responsible).toEqual([{ deviceId: 'D1', checkId: 'LOCKOUT-DURATION', old: 'pass', new: 'not-applicable' }]);
    expect(d.summary.controls).toMatchObject({ regressed: 1, satisfiedOld: d.summary.controls.satisfiedNew + 1 });
    // cm-11 rests on OS-INSTALLER-NO-ELEVATION alone: with no result left that passed or failed, it is no longer assessed.
    expect(d.controls.find((c) => c.controlId === 'cm-11')).toMatchObject({ transition: 'no-longer-assessed', old: 'partial' });
  });

  it('satisfied to "not collected" everywhere is a regression, as assess of NEW says not satisfied: lapsed evidence is not "no longer assessed"', () => {
    // Every control satisfied in OLD, on one device: its checks' evidence not collected in NEW (stale, lapsed, missing).
    const old = verdicts({ D1: device() }, wholeLockout);
    const satisfied = [...old.values()].filter((f) => f.state === 'satisfied' && f.checkIds.length > 0);
    expect(satisfied.length).toBeGreaterThan(0); // one such control is the premise
    const target = satisfied[0]!;
    const nc = Object.fromEntries(target.checkIds.map((id) => [id, 'not-collected' as CheckStatus]));
    // assess of NEW: not satisfied, from not-collected results only.
    expect(verdicts({ D1: device(nc) }, wholeLockout).get(target.controlId)).toMatchObject({ state: 'not-satisfied', failing: [] });
    const d = computeDrift(side('a', device()), side('b', device(nc)), ctx);
    const t = d.controls.find((c) => c.controlId === target.controlId)!;
    expect(t).toMatchObject({ transition: 'regressed', old: 'satisfied', new: 'not-satisfied' });
    expect(t.responsible).toContainEqual({ deviceId: 'D1', checkId: target.checkIds[0], old: 'pass', new: 'not-collected' });
    expect(d.controls.filter((c) => c.transition === 'no-longer-assessed' && c.controlId === target.controlId)).toEqual([]);
    expect(d.summary.controls.regressed).toBeGreaterThanOrEqual(1);
  });

  it('partially assessed back to satisfied is a remediation; unchanged partial controls are not listed', () => {
    const d = computeDrift(side('a', device({ 'LOCKOUT-DURATION': 'not-applicable' })), side('b', device()), ctx);
    expect(d.controls.find((c) => c.controlId === 'ac-7')).toMatchObject({ transition: 'remediated', old: 'partial', new: 'satisfied' });
    expect(d.controls.find((c) => c.controlId === 'ac-8')).toBeUndefined(); // partial on both sides
    expect(d.trend.new.controls.satisfied).toBe(d.trend.old.controls.satisfied + 1);
    expect(d.trend.new.controls.notSatisfied).toBe(0); // partially assessed is counted apart, never as not satisfied
  });

  it('partially assessed to not satisfied is a regression', () => {
    const d = computeDrift(side('a', device()), side('b', device({ 'LOGON-BANNER': 'fail' })), ctx);
    expect(d.controls.find((c) => c.controlId === 'ac-8')).toMatchObject({ transition: 'regressed', old: 'partial', new: 'not-satisfied' });
  });
});

describe('an objective every check naming it shows only in part (in-part) is never satisfied by them', () => {
  it('sc-8: DICOM and syslog over TLS on every device leave sc-8_obj to the assessor (the control partially assessed, never satisfied)', () => {
    const named = checks.filter((c) => c.objectives.includes('sc-8_obj')).map((c) => c.id);
    // The shipped catalog says why for each: DICOM, syslog, a DICOM listener are channels, not every channel.
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(checks.find((c) => c.id === id)!.inPart?.objectives, id).toContain('sc-8_obj');
    const sc8 = verdicts({ D1: device(), D2: device() }).get('sc-8')!;
    expect(sc8.state).toBe('partial');
    expect(sc8.uncovered).toEqual([{ objectiveId: 'sc-8_obj', why: 'in-part' }]);
    const o = sc8.objectives.find((x) => x.objectiveId === 'sc-8_obj')!;
    expect(o.state).toBe('not-shown');
    expect(o.inPart?.find((w) => w.startsWith('DICOM-TLS: '))).toMatch(/the DICOM channel only/);
  });

  it('sc-12[01] (key establishment) and si-4 c.1 (monitoring deployed across the system) are not shown by the console\'s own certificates or firewall log', () => {
    const all = verdicts({ D1: device(), D2: device() });
    for (const [control, objective, check, why] of [
      ['sc-12', 'sc-12_obj-1', 'TLS-CERTIFICATE', /not how the system's other keys .* are established/],
      ['si-4', 'si-4_obj.c.1', 'FW-LOGGING', /the console's own firewall log only/],
    ] as const) {
      const o = all.get(control)!.objectives.find((x) => x.objectiveId === objective)!;
      expect(o.state, objective).toBe('not-shown');
      expect(o.inPart?.find((w) => w.startsWith(`${check}: `)), objective).toMatch(why);
      expect(all.get(control)!.state, control).not.toBe('satisfied');
    }
  });

  it('a fail still decides: DICOM in the clear on one device makes sc-8 not satisfied', () => {
    const sc8 = verdicts({ D1: device({ 'DICOM-TLS': 'fail' }), D2: device() }).get('sc-8')!;
    expect(sc8).toMatchObject({ state: 'not-satisfied', reason: 'fail' });
    expect(sc8.objectives.find((x) => x.objectiveId === 'sc-8_obj')).toMatchObject({ state: 'not-satisfied', failingDevices: ['D1'] });
  });

  it('one check that shows the objective whole is enough: in-part checks beside it do not hold it back', () => {
    const dicom = checks.find((c) => c.id === 'DICOM-TLS')!;
    const whole: Check = { ...dicom, id: 'ALL-CHANNELS-TLS', inPart: undefined };
    const list = [...checks, whole];
    const statuses = [...device(), 'pass' as CheckStatus];
    const agg = new ControlAggregator(list, info, 'moderate');
    agg.addDevice('D1', statuses, () => undefined);
    const sc8 = agg.findings().find((f) => f.controlId === 'sc-8')!;
    expect(sc8.objectives.find((x) => x.objectiveId === 'sc-8_obj')).toMatchObject({ state: 'satisfied' });
    expect(sc8.objectives.find((x) => x.objectiveId === 'sc-8_obj')?.inPart).toBeUndefined();
  });
});

// ia-5.1 h (composition and complexity rules are enforced): the directory's password policy is one
// setting of the domain's; the accounts it exempts (allowed no password) are not read, nor are the
// local accounts. Its checks passed alone showed the objective whole while LDAP applied, hiding what
// the local checks leave out: every check naming it shows it only in part now.
describe('ia-5.1_obj.h: a pass of the directory\'s password policy does not show the rules enforced', () => {
  const ldap = ['PWD-MIN-LENGTH-LDAP', 'PWD-HISTORY-LDAP', 'PWD-MIN-AGE-LDAP', 'PWD-COMPLEXITY-LDAP'];
  const objective = (devices: Record<string, CheckStatus[]>, list: readonly Check[] = checks) => verdicts(devices, list).get('ia-5.1')!.objectives.find((o) => o.objectiveId === 'ia-5.1_obj.h')!;

  it('every password check passing with LDAP in use leaves ia-5.1_obj.h to the assessor, naming the directory accounts not examined', () => {
    const o = objective({ D1: device(), D2: device() });
    expect(o.state).toBe('not-shown');
    for (const id of ldap) expect(o.inPart?.find((w) => w.startsWith(`${id}: `)), id).toMatch(/directory accounts exempt from it .* are not examined/);
    const ia51 = verdicts({ D1: device() }).get('ia-5.1')!;
    expect(ia51.uncovered).toContainEqual({ objectiveId: 'ia-5.1_obj.h', why: 'in-part' });
  });

  it('a fail of a directory check still decides: not satisfied', () => {
    expect(objective({ D1: device({ 'PWD-COMPLEXITY-LDAP': 'fail' }) }).state).toBe('not-satisfied');
  });
});

// ac-2(4) (account creation, change, enabling, disabling, removal audited) and ac-6(9) (privileged
// functions logged): the Windows audit policy's subcategories, whose own why for au-2 says the
// vendor application's users and events are not examined. Their passes showed these controls whole.
describe('a Windows audit subcategory does not show the vendor application\'s accounts or privileged functions audited', () => {
  it('every check passing leaves ac-2.4 and ac-6.9 partially assessed, naming the vendor application', () => {
    const all = verdicts({ D1: device() });
    for (const id of ['ac-2.4', 'ac-6.9']) {
      const f = all.get(id)!;
      expect(f.state, id).not.toBe('satisfied');
      expect(f.uncovered.length, id).toBeGreaterThan(0);
      for (const u of f.uncovered) expect(u.why, `${id} ${u.objectiveId}`).toBe('in-part');
      for (const o of f.objectives) expect(o.inPart?.join(' ') ?? '', o.objectiveId).toMatch(/the vendor application's (users|events) are not examined/);
    }
  });

  it('a fail still decides: not satisfied', () => {
    expect(verdicts({ D1: device({ 'AUDIT-ACCOUNT-MGMT': 'fail' }) }).get('ac-2.4')!.state).toBe('not-satisfied');
    expect(verdicts({ D1: device({ 'AUDIT-PRIVILEGE-USE': 'fail' }) }).get('ac-6.9')!.state).toBe('not-satisfied');
  });
});

// ac-7 a (the limit of invalid logon attempts enforced): the lockout policy's values, local or the
// directory's. Windows exempts the built-in Administrator (RID 500) unless AllowAdministratorLockout
// is set, which no input reads, and the vendor application's own logons are not read: every check
// passing showed ac-7 satisfied.
describe('the lockout policy does not show every logon limited: the built-in Administrator and the vendor application\'s logons', () => {
  it('every lockout check passing, with LDAP or without, leaves ac-7 a to the assessor, naming what is left', () => {
    const ldapOff = device({ 'LOCKOUT-THRESHOLD-LDAP': 'not-applicable', 'LOCKOUT-DURATION-LDAP': 'not-applicable', 'LOCKOUT-RESET-LDAP': 'not-applicable' });
    for (const devices of [{ D1: device() }, { D1: ldapOff }]) {
      const ac7 = verdicts(devices).get('ac-7')!;
      expect(ac7.state).toBe('partial');
      expect(ac7.uncovered).toContainEqual({ objectiveId: 'ac-7_obj.a', why: 'in-part' });
      const o = ac7.objectives.find((x) => x.objectiveId === 'ac-7_obj.a')!;
      expect(o.state).toBe('not-shown');
      expect(o.inPart?.length).toBeGreaterThan(0);
      for (const why of o.inPart ?? []) expect(why).toMatch(/built-in Administrator account \(RID 500\) is exempt from it unless .*Allow Administrator account lockout.* the vendor application's own logons are not examined/);
    }
  });

  it('a fail still decides: a threshold of 0 (accounts never lock) makes ac-7 not satisfied', () => {
    const ac7 = verdicts({ D1: device({ 'LOCKOUT-THRESHOLD': 'fail' }) }).get('ac-7')!;
    expect(ac7).toMatchObject({ state: 'not-satisfied', reason: 'fail' });
    expect(ac7.objectives.find((o) => o.objectiveId === 'ac-7_obj.a')).toMatchObject({ state: 'not-satisfied', failingDevices: ['D1'] });
  });
});

// sc-7 a[02] (communications at external managed interfaces controlled): the firewall's inbound
// side (on, default deny inbound, allow rules' remote scope). Outbound is allowed by default, which
// the checks' own why for sc-7(5) admits: their passes showed the communications controlled.
describe('an inbound firewall does not show the communications at the console\'s interface controlled', () => {
  it('every firewall check passing leaves sc-7_obj.a-2 to the assessor, naming outbound traffic', () => {
    const sc7 = verdicts({ D1: device() }).get('sc-7')!;
    expect(sc7.state).not.toBe('satisfied');
    expect(sc7.uncovered).toContainEqual({ objectiveId: 'sc-7_obj.a-2', why: 'in-part' });
    const o = sc7.objectives.find((x) => x.objectiveId === 'sc-7_obj.a-2')!;
    expect(o.state).toBe('not-shown');
    for (const id of ['FW-ENABLED', 'FW-DEFAULT-DENY-IN', 'FW-REMOTE-SCOPE']) expect(o.inPart?.find((w) => w.startsWith(`${id}: `)), id).toMatch(/outbound traffic is allowed by default/);
  });

  it('a fail still decides: the firewall off makes sc-7 not satisfied', () => {
    expect(verdicts({ D1: device({ 'FW-ENABLED': 'fail' }) }).get('sc-7')).toMatchObject({ state: 'not-satisfied', reason: 'fail' });
  });
});

// ac-5 b (system access authorisations supporting separation of duties defined): the role checks
// read Windows local groups and one declared separation; the vendor application's own roles, where
// most of the console's duties are authorised, are not read. Their passes showed ac-5 b whole.
describe('Windows groups do not show the access authorisations separating duties defined', () => {
  it('every role check passing leaves ac-5_obj.b to the assessor, naming the vendor application\'s roles', () => {
    const ac5 = verdicts({ D1: device() }).get('ac-5')!;
    expect(ac5.state).toBe('partial');
    expect(ac5.uncovered).toContainEqual({ objectiveId: 'ac-5_obj.b', why: 'in-part' });
    const o = ac5.objectives.find((x) => x.objectiveId === 'ac-5_obj.b')!;
    expect(o.state).toBe('not-shown');
    for (const id of ['ROLE-CLINICAL-NOT-ADMIN', 'ROLE-ADMIN-NO-PATIENT-DATA', 'ROLE-SERVICE-ONLY-TECHNICIANS']) expect(o.inPart?.find((w) => w.startsWith(`${id}: `)), id).toMatch(/the vendor application's own roles/);
  });

  it('a fail still decides: a hospital administrator with patient data access makes ac-5 not satisfied', () => {
    expect(verdicts({ D1: device({ 'ROLE-ADMIN-NO-PATIENT-DATA': 'fail' }) }).get('ac-5')).toMatchObject({ state: 'not-satisfied', reason: 'fail' });
  });
});

// An objective named whole by checks that did not apply (not applicable satisfying) and in part by
// the others: the in-part passes alone show it only in part on that device. A catalog where the
// LDAP password checks still showed ia-5.1_obj.h whole (as they did) stands for any such objective.
describe('an objective whose whole checks are not applicable is shown only in part by in-part passes', () => {
  const ldap = ['PWD-MIN-LENGTH-LDAP', 'PWD-HISTORY-LDAP', 'PWD-MIN-AGE-LDAP', 'PWD-COMPLEXITY-LDAP'];
  const wholeLdap: Check[] = checks.map((c) => {
    if (!ldap.includes(c.id)) return c;
    const { inPart: _left, ...rest } = c;
    return rest;
  });
  const ldapOff = () => device(Object.fromEntries(ldap.map((id) => [id, 'not-applicable' as CheckStatus])));
  const objective = (devices: Record<string, CheckStatus[]>) => verdicts(devices, wholeLdap).get('ia-5.1')!.objectives.find((o) => o.objectiveId === 'ia-5.1_obj.h')!;

  it('the premise: the LDAP checks show ia-5.1_obj.h whole there, the local ones in part, and "not applicable" satisfies for the LDAP ones', () => {
    for (const id of ldap) {
      const c = wholeLdap.find((x) => x.id === id)!;
      expect(c.objectives, id).toContain('ia-5.1_obj.h');
      expect(c.inPart?.objectives ?? [], id).not.toContain('ia-5.1_obj.h');
      expect(c.notApplicable, id).toBe('satisfies');
    }
    expect(wholeLdap.find((x) => x.id === 'PWD-MIN-LENGTH')!.inPart?.objectives).toContain('ia-5.1_obj.h');
    expect(objective({ D1: device() }).state).toBe('satisfied'); // with LDAP, every check passing
  });

  it('LDAP not in use on one device: ia-5.1_obj.h is not shown, in part, naming what the local checks leave out; ia-5.1 not satisfied', () => {
    const o = objective({ D1: ldapOff(), D2: device() });
    expect(o.state).toBe('not-shown');
    expect(o.inPart?.find((w) => w.startsWith('PWD-MIN-LENGTH: '))).toMatch(/PasswordRequired was not collected are not examined/);
    const ia51 = verdicts({ D1: ldapOff(), D2: device() }, wholeLdap).get('ia-5.1')!;
    expect(ia51.state).not.toBe('satisfied');
    expect(ia51.uncovered).toContainEqual({ objectiveId: 'ia-5.1_obj.h', why: 'in-part' });
  });

  it('a fail still decides over it: a local check failing makes it not satisfied', () => {
    const d = ldapOff();
    d[checks.findIndex((c) => c.id === 'PWD-MIN-LENGTH')] = 'fail';
    expect(objective({ D1: d }).state).toBe('not-satisfied');
  });
});

describe('the firewall default action decides the allowed ports and protocols', () => {
  it('a console that lets every port in (default inbound allow) does not satisfy cm-7 b ports / protocols, cm-7(1) or sc-7 a, though its allow rules are approved', () => {
    const open = verdicts({ D1: device({ 'FW-DEFAULT-DENY-IN': 'fail' }) });
    const state = (control: string, objective: string) => open.get(control)!.objectives.find((o) => o.objectiveId === objective)?.state;
    expect(state('cm-7', 'cm-7_obj.b-2')).toBe('not-satisfied');
    expect(state('cm-7', 'cm-7_obj.b-3')).toBe('not-satisfied');
    expect(state('cm-7.1', 'cm-7.1_obj.b-2')).toBe('not-satisfied');
    expect(state('cm-7.1', 'cm-7.1_obj.b-3')).toBe('not-satisfied');
    expect(state('sc-7', 'sc-7_obj.a-2')).toBe('not-satisfied');
    // and with the default action blocking, the allowed ports are the only ones: shown.
    expect(verdicts({ D1: device() }).get('cm-7')!.objectives.find((o) => o.objectiveId === 'cm-7_obj.b-2')?.state).toBe('satisfied');
  });
});
