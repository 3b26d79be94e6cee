// Device- and control-level drift on the sample fleet (samples/README.md, "Drift between
// 2026-10-05 and 2026-11-02"), devices that appear or disappear, drift that comes from the clock
// alone, and the --fail-on gate.
import { afterAll, describe, expect, it } from 'vitest';
import { computeDrift, DriftBuilder, failOnExit } from '../src/drift/compute.js';
import { failOnOf } from '../src/drift/types.js';
import { diffSettings } from '../src/drift/settings.js';
import { driftToMarkdown } from '../src/drift/markdown.js';
import { assessAgainst, assessDevice, buildSide } from '../src/drift/side.js';
import type { AssessedSide, Drift, DriftContext } from '../src/drift/types.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { join } from 'node:path';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runDiff } from '../src/drift/run.js';
import { loadAttestationsFile } from '../src/attest/attestations.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { assessmentOf } from '../src/catalog/objectives.js';
import { assessed, clone, context, DEVICES, ROOT, ROUND1, ROUND2, sample, sha } from './support/drift.js';
import { sampleAttestationsWithAt2Whole } from './support/attestations.js';

function side(snaps: Snapshot[], ctx: DriftContext, label: string): AssessedSide {
  return buildSide(snaps.map((s) => ({ snapshot: s, file: `${label}/${s.device.id}.json`, sha256: sha(s) })), ctx, { label, kind: 'snapshots' });
}

const ctx = context({ deviations: true, now: '2026-11-02T23:00:00Z' });
const round1 = DEVICES.map((d) => sample(d, ROUND1));
const round2 = DEVICES.map((d) => sample(d, ROUND2));
const drift = computeDrift(side(round1, ctx, 'r1'), side(round2, ctx, 'r2'), ctx);
const dev = (d: Drift, id: string) => d.devices.find((x) => x.deviceId === id);
const check = (d: Drift, id: string, checkId: string) => dev(d, id)?.checks.find((c) => c.checkId === checkId);

describe('the sample fleet, round 1 → round 2', () => {
  it('CT-01: the Remote Desktop rule was enabled and TermService started; FW-ALLOWED-PORTS and FW-REMOTE-SCOPE regressed because of it', () => {
    const ct = dev(drift, 'CT-01')!;
    const real = ct.settings.filter((s) => !s.volatile);
    expect(real.map((s) => [s.path, s.old, s.new])).toEqual([
      ['firewall.rules[Remote Desktop - User Mode (TCP-In)|inbound].enabled', false, true],
      ['hardening.services[TermService].state', 'stopped', 'running'],
    ]);
    for (const id of ['FW-ALLOWED-PORTS', 'FW-REMOTE-SCOPE']) {
      expect(check(drift, 'CT-01', id)).toMatchObject({ old: 'pass', new: 'fail', transition: 'regressed', cause: 'setting', layer: 'firewall' });
    }
  });

  it('CT-01: MAL-SIG-AGE regressed with no configuration change (signatures 12 days old at collection): clock-based', () => {
    expect(check(drift, 'CT-01', 'MAL-SIG-AGE')).toMatchObject({ old: 'pass', new: 'fail', cause: 'time' });
    expect(dev(drift, 'CT-01')!.time).toEqual([expect.objectContaining({ checkId: 'MAL-SIG-AGE', what: 'signature-age', old: 'pass', new: 'fail' })]);
  });

  it('MR-01: BitLocker suspended on D: (DISK-ENCRYPTION regressed) and vendor software SP1 → SP2 (OS-PATCH-LEVEL remediated)', () => {
    const mr = dev(drift, 'MR-01')!;
    // The three checks read protectionStatus (BITLOCKER-PREBOOT and BITLOCKER-PIN-LENGTH on the OS
    // volume only, so D:'s change leaves them as they were).
    expect(mr.settings.find((s) => s.path === 'encryption.volumes[D:].protectionStatus')).toMatchObject({ old: 'on', new: 'off', layer: 'encryption', checks: ['DISK-ENCRYPTION', 'BITLOCKER-PREBOOT', 'BITLOCKER-PIN-LENGTH'] });
    expect(check(drift, 'MR-01', 'BITLOCKER-PREBOOT')?.transition ?? 'unchanged').not.toBe('regressed');
    expect(check(drift, 'MR-01', 'BITLOCKER-PIN-LENGTH')?.transition ?? 'unchanged').not.toBe('regressed');
    expect(mr.settings.find((s) => s.path === 'hardening.updates.vendorSoftware.installedVersion')).toMatchObject({ old: 'XA31A SP1', new: 'XA31A SP2' });
    expect(mr.settings.find((s) => s.path === 'hardening.updates.installed[KB5070114]')).toMatchObject({ kind: 'added' });
    expect(check(drift, 'MR-01', 'DISK-ENCRYPTION')).toMatchObject({ transition: 'regressed', cause: 'setting' });
    expect(check(drift, 'MR-01', 'OS-PATCH-LEVEL')).toMatchObject({ old: 'fail', new: 'pass', transition: 'remediated', cause: 'setting' });
  });

  it('MR-02: firewall logging fixed on the public profile (FW-LOGGING remediated), AUDIT-FORWARD remediated', () => {
    const mr = dev(drift, 'MR-02')!;
    expect(mr.settings.find((s) => s.path === 'firewall.profiles[public].logDroppedPackets')).toMatchObject({ old: false, new: true });
    expect(mr.settings.find((s) => s.path === 'firewall.profiles[public].logMaxSizeKB')).toMatchObject({ old: 4096, new: 32767 });
    expect(check(drift, 'MR-02', 'FW-LOGGING')).toMatchObject({ transition: 'remediated', cause: 'setting' });
    expect(check(drift, 'MR-02', 'AUDIT-FORWARD')).toMatchObject({ old: 'fail', new: 'pass', transition: 'remediated' });
  });

  it('LAB-01: the new clinical account labtech2 in Administrators regresses ROLE-CLINICAL-NOT-ADMIN, hence controls ac-5 and ac-6.5', () => {
    const lab = dev(drift, 'LAB-01')!;
    const added = lab.settings.find((s) => s.path === 'access.accounts[labtech2]')!;
    expect(added.kind).toBe('added');
    expect((added.new as { groups: string[] }).groups).toContain('Administrators');
    expect(check(drift, 'LAB-01', 'ROLE-CLINICAL-NOT-ADMIN')).toMatchObject({ old: 'pass', new: 'fail', transition: 'regressed', cause: 'setting' });
    const regressed = drift.controls.filter((c) => c.transition === 'regressed');
    expect(regressed.map((c) => c.controlId).sort()).toEqual(['ac-5', 'ac-6.5']);
    for (const c of regressed) expect(c.responsible).toEqual([{ deviceId: 'LAB-01', checkId: 'ROLE-CLINICAL-NOT-ADMIN', old: 'pass', new: 'fail' }]);
    expect(drift.summary.controls.regressed).toBe(2);
  });

  it('controls failing in both rounds are "still failing" with who is responsible; regressions are listed first', () => {
    const sc28 = drift.controls.find((c) => c.controlId === 'sc-28')!;
    expect(sc28.transition).toBe('still-failing');
    expect(sc28.responsible).toContainEqual({ deviceId: 'MR-01', checkId: 'DISK-ENCRYPTION', old: 'pass', new: 'fail' });
    expect(sc28.responsible).toContainEqual({ deviceId: 'LAB-01', checkId: 'DISK-ENCRYPTION', old: 'fail', new: 'fail' });
    expect(drift.controls[0]!.transition).toBe('regressed');
  });

  it('devices are in id order; no device changed nothing, none appeared or disappeared', () => {
    expect(drift.devices.map((d) => d.deviceId)).toEqual(['CT-01', 'LAB-01', 'MR-01', 'MR-02']);
    expect(drift.summary.devices).toMatchObject({ old: 4, new: 4, compared: 4, added: 0, removed: 0 });
  });

  it('the trend points count results per layer on each side', () => {
    const fw = (p: typeof drift.trend.old) => p.layers.firewall;
    // CT-01 gains two firewall fails, MR-02 loses one (FW-LOGGING).
    expect(fw(drift.trend.new).fail - fw(drift.trend.old).fail).toBe(1);
    expect(drift.trend.new.controls.satisfied).toBe(drift.summary.controls.satisfiedNew);
  });
});

describe('devices present in only one run', () => {
  it('a device missing from NEW is reported as removed (never dropped), a new one as added, and controls see both', () => {
    const d = computeDrift(side(round1, ctx, 'r1'), side([round2[0]!, round2[2]!, round2[3]!, (() => {
      const x = clone(round2[3]!);
      x.device.id = 'MR-03';
      return x;
    })()], ctx, 'r2'), ctx);
    expect(d.devices.filter((x) => x.presence !== 'both').map((x) => [x.deviceId, x.presence])).toEqual([['LAB-01', 'removed'], ['MR-03', 'added']]);
    expect(dev(d, 'LAB-01')!.old).toMatchObject({ file: 'r1/LAB-01.json', collectedAt: round1[1]!.collectedAt });
    expect(d.summary.devices).toMatchObject({ old: 4, new: 4, removed: 1, added: 1, compared: 3 });
    // LAB-01 carried most failures: with it gone (not collected), controls it alone failed look
    // better in NEW, but nothing shows a fix: "unverified", never "remediated" (sa-22: only LAB-01
    // runs an unsupported Windows; OS-SUPPORTED shows sa-22 a, not b). ac-8 is not: CT-01's banner
    // is not the organisation's text (LOGON-BANNER compares it).
    const sa22 = d.controls.find((c) => c.controlId === 'sa-22')!;
    expect(sa22).toMatchObject({ transition: 'unverified', old: 'not-satisfied', new: 'partial' });
    expect(sa22.responsible).toEqual([{ deviceId: 'LAB-01', checkId: 'OS-SUPPORTED', old: 'fail' }]);
    expect(d.controls.find((c) => c.controlId === 'ac-8')).toMatchObject({ transition: 'still-failing' });
  });

  it('a control better in NEW only because a device that failed it is missing is not remediated, even when another device did fix it', () => {
    const d = computeDrift(side(round1, ctx, 'r1'), side(round2.filter((s) => s.device.id !== 'LAB-01'), ctx, 'r2'), ctx);
    // au-9.2 failed on LAB-01 and MR-02 (AUDIT-FORWARD); MR-02 fixed it, LAB-01 was not collected.
    const au92 = d.controls.find((c) => c.controlId === 'au-9.2')!;
    expect(au92.transition).toBe('unverified');
    expect(au92.responsible).toEqual(expect.arrayContaining([{ deviceId: 'LAB-01', checkId: 'AUDIT-FORWARD', old: 'fail' }, { deviceId: 'MR-02', checkId: 'AUDIT-FORWARD', old: 'fail', new: 'pass' }]));
    // Every control that improved had LAB-01 among those responsible: none counts as remediated.
    expect(d.controls.filter((c) => c.transition === 'remediated')).toEqual([]);
    expect(d.summary.controls.remediated).toBe(0);
    expect(d.summary.controls.unverified).toBe(d.controls.filter((c) => c.transition === 'unverified').length);
    expect(d.summary.controls.unverified).toBeGreaterThan(0);
    // With LAB-01 in NEW, the same MR-02 fix is not enough to improve au-9.2 (LAB-01 still fails it).
    expect(drift.controls.find((c) => c.controlId === 'au-9.2')).toMatchObject({ transition: 'still-failing' });
    // drift.md says so under its own heading, not under "Remediations".
    const md = driftToMarkdown(d);
    const remediations = md.slice(md.indexOf('## Remediations'), md.indexOf('## Not verified'));
    expect(remediations).toContain('No control was remediated.');
    expect(md.slice(md.indexOf('## Not verified'))).toMatch(/\| au-9\.2 \|/);
  });

  it('an empty OLD makes every control "newly assessed"; an empty NEW "no longer assessed", or "unverified" (still open) where it was not satisfied', () => {
    const a = computeDrift(side([], ctx, 'none'), side(round2, ctx, 'r2'), ctx);
    expect(a.controls.every((c) => c.transition === 'newly-assessed')).toBe(true);
    expect(a.summary.controls.newlyAssessed).toBe(new Set(ctx.checks.flatMap((c) => c.controls)).size);
    const b = computeDrift(side(round2, ctx, 'r2'), side([], ctx, 'none'), ctx);
    // Those not satisfied before stay open: every device that failed them is missing (unverified, not assessed this time).
    expect(b.controls.filter((c) => c.transition !== 'no-longer-assessed').every((c) => c.transition === 'unverified' && c.old !== 'satisfied' && c.new === undefined)).toBe(true);
    expect(b.controls.filter((c) => c.old === 'not-satisfied').every((c) => c.transition === 'unverified')).toBe(true);
    expect(b.summary.controls.unverified).toBeGreaterThan(0);
    expect(driftToMarkdown(b)).toMatch(/\| sc-45\.1 \| .* \| not satisfied → not assessed this time \|/);
    expect(b.devices.every((x) => x.presence === 'removed')).toBe(true);
  });

  it('a control whose only failing device is missing from NEW stays open: still failing (NEW not collected) or unverified "not assessed this time", never dropped as "no longer assessed"', () => {
    // sc-45.1: LAB-01 fails TIME-SOURCE in round 1, the others do not collect it. Without LAB-01, NEW
    // has only "not collected" results: assess of NEW says not satisfied, so it is still failing.
    const d = computeDrift(side(round1, ctx, 'r1'), side(round2.filter((s) => s.device.id !== 'LAB-01'), ctx, 'r2'), ctx);
    const sc451 = d.controls.find((c) => c.controlId === 'sc-45.1')!;
    expect(sc451).toMatchObject({ transition: 'still-failing', old: 'not-satisfied', new: 'not-satisfied' });
    expect(sc451.responsible).toContainEqual({ deviceId: 'LAB-01', checkId: 'TIME-SOURCE', old: 'fail' });
    expect(d.controls.filter((c) => c.transition === 'no-longer-assessed' && c.old !== 'satisfied')).toEqual([]);
    const md = driftToMarkdown(d);
    expect(md.slice(md.indexOf('## Still failing'))).toMatch(/sc-45\.1 .*LAB-01\/TIME-SOURCE \(fail → —\)/);
  });

  it('a control with only "not collected" results in OLD was not satisfied there, as assess says: still failing when NEW fails it, not "newly assessed"', () => {
    // sc-45.1 rests on TIME-SOURCE, which only LAB-01 collects. Without LAB-01, OLD has only "not
    // collected" results (assess of OLD: not satisfied, evidence not collected); NEW adds LAB-01, which fails it.
    const d = computeDrift(side(round1.filter((s) => s.device.id !== 'LAB-01'), ctx, 'r1'), side(round1, ctx, 'r2'), ctx);
    expect(d.controls.find((c) => c.controlId === 'sc-45.1')).toMatchObject({ transition: 'still-failing', old: 'not-satisfied', new: 'not-satisfied' });
    expect(d.controls.filter((c) => c.transition === 'newly-assessed' && c.new === 'not-satisfied')).toEqual([]);
  });

  it('the builder keeps the latest of two snapshots given for one device', () => {
    const b = new DriftBuilder(ctx, { label: 'a', kind: 'store', at: 'x', devices: 0 }, { label: 'b', kind: 'store', at: 'y', devices: 0 });
    const old = assessed(round1[0]!, ctx);
    b.add(old, assessed(round1[0]!, ctx));
    b.add(old, assessed(round2[0]!, ctx));
    const d = b.finish();
    expect(d.summary.devices.compared).toBe(1);
    expect(check(d, 'CT-01', 'FW-ALLOWED-PORTS')).toMatchObject({ transition: 'regressed' });
  });
});

describe('drift from the clock alone', () => {
  const later = (s: Snapshot, days: number): Snapshot => {
    const x = clone(s);
    x.collectedAt = new Date(Date.parse(s.collectedAt) + days * 86_400_000).toISOString().replace('.000Z', 'Z');
    return x;
  };

  it('the same values collected 10 days later: signatures and time sync age past their limits; no setting changed', () => {
    const s = round1[0]!; // CT-01: signatures 13 h old, time sync fresh at collection
    const c = context({ now: '2026-10-20T00:00:00Z' });
    const d = computeDrift(side([s], c, 'a'), side([later(s, 10)], c, 'b'), c);
    const ct = dev(d, 'CT-01')!;
    expect(ct.settings).toEqual([]);
    expect(ct.time.map((t) => [t.checkId, t.what, t.old, t.new])).toEqual(expect.arrayContaining([
      ['MAL-SIG-AGE', 'signature-age', 'pass', 'fail'],
      ['TIME-SYNC', 'time-sync', 'pass', 'fail'],
    ]));
    for (const t of ct.time) expect(check(d, 'CT-01', t.checkId)!.cause).toBe('time');
  });

  it('at the report clock (--now) a certificate within 30 days of expiry and ageing signatures are listed as due', () => {
    const lab = round1[1]!; // LAB-01: certificate notAfter 2026-11-20
    const c = context({ now: '2026-11-01T00:00:00Z' });
    const d = computeDrift(side([lab], c, 'a'), side([lab], c, 'b'), c);
    expect(d.due).toContainEqual(expect.objectContaining({ deviceId: 'LAB-01', what: 'certificate-expiry', due: '2026-11-20' }));
    expect(d.due).toContainEqual(expect.objectContaining({ deviceId: 'LAB-01', checkId: 'MAL-SIG-AGE', what: 'signature-age' }));
    // An earlier report: the certificate is 50 days away (not listed); the signatures' pass lapses
    // within the 30 days looked ahead, so it is listed, with the instant still to come.
    const early = context({ now: '2026-10-01T00:00:00Z' });
    const e = computeDrift(side([lab], early, 'a'), side([lab], early, 'b'), early);
    expect(e.due.filter((x) => x.what === 'certificate-expiry')).toEqual([]);
    const sig = e.due.find((x) => x.checkId === 'MAL-SIG-AGE')!;
    expect(Date.parse(sig.at!)).toBeGreaterThan(Date.parse('2026-10-01T00:00:00Z'));
    expect(sig.message).toMatch(/ lapses at /);
  });

  it('a deviation that expires between the runs turns a deviation into a fail: cause "deviation"', () => {
    const c = context({ extraDeviations: [{ checkId: 'SCREEN-LOCK-TIMEOUT', deviceId: 'MR-01', justification: 'acquisition', approver: 'CISO', expires: '2026-10-20', source: 'test.csv line 2' }] });
    const d = computeDrift(side([round1[2]!], c, 'a'), side([round2[2]!], c, 'b'), c);
    expect(check(d, 'MR-01', 'SCREEN-LOCK-TIMEOUT')).toMatchObject({ old: 'deviation', new: 'fail', cause: 'deviation' });
    expect(dev(d, 'MR-01')!.time).toContainEqual(expect.objectContaining({ checkId: 'SCREEN-LOCK-TIMEOUT', what: 'deviation-expiry' }));
  });

  it('a device covered by a deviation on both sides is named, with "deviation" on each side, among those responsible for its controls', () => {
    // The builder keeps only statuses and deviations of each device until finish(): the deviation must survive.
    const c = context({ now: '2026-11-02T23:00:00Z', extraDeviations: [{ checkId: 'SCREEN-LOCK-TIMEOUT', deviceId: 'MR-01', justification: 'acquisition', approver: 'CISO', expires: '2027-06-30', source: 'test.csv line 2' }] });
    const d = computeDrift(side([round1[2]!], c, 'a'), side([round2[2]!], c, 'b'), c);
    expect(check(d, 'MR-01', 'SCREEN-LOCK-TIMEOUT')).toBeUndefined(); // a deviation on both sides: no change
    const controls = c.checks.find((x) => x.id === 'SCREEN-LOCK-TIMEOUT')!.controls;
    const naming = d.controls.filter((t) => controls.includes(t.controlId) && t.responsible.some((r) => r.deviceId === 'MR-01' && r.checkId === 'SCREEN-LOCK-TIMEOUT'));
    expect(naming.length).toBeGreaterThan(0);
    for (const t of naming) expect(t.responsible.find((r) => r.checkId === 'SCREEN-LOCK-TIMEOUT')).toEqual({ deviceId: 'MR-01', checkId: 'SCREEN-LOCK-TIMEOUT', old: 'deviation', new: 'deviation' });
  });

  it('a deviation expiring within 30 days of the report clock is listed as due', () => {
    const c = context({ now: '2026-11-02T23:00:00Z', extraDeviations: [{ checkId: 'SCREEN-LOCK-TIMEOUT', deviceId: 'MR-01', justification: 'acquisition', approver: 'CISO', expires: '2026-11-25', source: 'test.csv line 2' }] });
    const d = computeDrift(side([round2[2]!], c, 'a'), side([round2[2]!], c, 'b'), c);
    expect(d.due).toContainEqual(expect.objectContaining({ deviceId: 'MR-01', checkId: 'SCREEN-LOCK-TIMEOUT', what: 'deviation-expiry', due: '2026-11-25' }));
  });
});

describe('--fail-on', () => {
  it('regression: 3 when a control regressed, else 0', () => {
    expect(failOnExit(drift, ['regression'])).toBe(3);
    const back = computeDrift(side(round2, ctx, 'r2'), side(round1, ctx, 'r1'), ctx);
    expect(back.summary.controls.regressed).toBe(0);
    expect(failOnExit(back, ['regression'])).toBe(0);
  });

  it('fail: 3 when any check fails in NEW, else 0 (a deviation does not trip it)', () => {
    expect(failOnExit(drift, ['fail'])).toBe(3);
    const mr02 = round2[3]!;
    const fixed = clone(mr02);
    fixed.hardening!.removableMedia!.patientDataExport = 'disabled';
    fixed.hardening!.baseline!.differences = fixed.hardening!.baseline!.differences.map((x) => ({ ...x, approved: true }));
    // ... and its two other round-2 failures: the directory's 63-character maximum, the unauthenticated worklist node
    fixed.access!.passwordPolicy!.ldap!.maxLength = 127;
    fixed.encryption!.dicom!.applicationEntities!.find((ae) => ae.aeTitle === 'RIS_MWL')!.tls = 'authentication-and-encryption';
    const d = computeDrift(side([mr02], ctx, 'a'), side([fixed], ctx, 'b'), ctx);
    expect(d.summary.checks.failingNew).toBe(0);
    expect(failOnExit(d, ['fail'])).toBe(0);
  });
});

describe('two consoles under swapped ids (their serials show it)', () => {
  // Round 2 labels LAB-01's console MR-02 and MR-02's console LAB-01: comparing by id compares two consoles.
  const swap = (): Snapshot[] => round2.map((s) => {
    const x = clone(s);
    if (s.device.id === 'LAB-01') x.device.id = 'MR-02';
    else if (s.device.id === 'MR-02') x.device.id = 'LAB-01';
    return x;
  });
  const serialOf = (id: string) => round2.find((s) => s.device.id === id)!.device.serial!;

  it('each swapped id says which console it now names; nothing on it is "remediated", and no control is remediated by it', () => {
    const d = computeDrift(side(round2, ctx, 'r2'), side(swap(), ctx, 'swapped'), ctx);
    expect(dev(d, 'MR-02')?.identity).toEqual({ oldSerial: serialOf('MR-02'), newSerial: serialOf('LAB-01'), wasId: 'LAB-01' });
    expect(dev(d, 'LAB-01')?.identity).toEqual({ oldSerial: serialOf('LAB-01'), newSerial: serialOf('MR-02'), wasId: 'MR-02' });
    expect(d.summary.devices.swapped).toBe(2);
    for (const id of ['LAB-01', 'MR-02']) {
      const changes = dev(d, id)!.checks;
      expect(changes.length, id).toBeGreaterThan(0);
      expect(changes.filter((c) => c.transition === 'remediated'), id).toEqual([]);
    }
    // Without the serials the same input read as fixes on both ids: the case is not empty.
    const blind = computeDrift(side(round2, ctx, 'r2'), side(swap().map((s) => { const x = clone(s); delete x.device.serial; return x; }), ctx, 'blind'), ctx);
    expect(blind.devices.flatMap((x) => x.checks).filter((c) => c.transition === 'remediated').length).toBeGreaterThan(0);
    expect(driftToMarkdown(d)).toMatch(/\*\*Another console under this id\.\*\* Old serial .*which the old run gave as LAB-01/);
  });

  it('a console that took the id of one not collected this time: the controls that one failed are "unverified", not remediated', () => {
    // LAB-01's console is not in round 2; MR-02's console is filed under LAB-01 (and MR-02 is absent).
    const takeover = round2.filter((s) => s.device.id !== 'LAB-01').map((s) => { const x = clone(s); if (x.device.id === 'MR-02') x.device.id = 'LAB-01'; return x; });
    const blindSide = takeover.map((s) => { const x = clone(s); delete x.device.serial; return x; });
    const blind = computeDrift(side(round2, ctx, 'r2'), side(blindSide, ctx, 'blind'), ctx);
    const d = computeDrift(side(round2, ctx, 'r2'), side(takeover, ctx, 'takeover'), ctx);
    const remediatedBlind = blind.controls.filter((t) => t.transition === 'remediated').map((t) => t.controlId);
    expect(remediatedBlind.length, 'without serials LAB-01 looks fixed').toBeGreaterThan(0);
    expect(dev(d, 'LAB-01')?.identity?.wasId).toBe('MR-02');
    expect(d.controls.filter((t) => t.transition === 'remediated')).toEqual([]);
    expect(d.controls.filter((t) => t.transition === 'unverified').map((t) => t.controlId)).toEqual(expect.arrayContaining(remediatedBlind));
  });

  it('a console replaced under its id (a serial the old run never saw) or renamed (to a new id) is not a swap', () => {
    const replaced = round2.map((s) => { const x = clone(s); if (x.device.id === 'MR-02') x.device.serial = 'NEW-SERIAL-0001'; return x; });
    const r = computeDrift(side(round2, ctx, 'r2'), side(replaced, ctx, 'replaced'), ctx);
    expect(r.devices.filter((x) => x.identity)).toEqual([]);
    const renamed = round2.map((s) => { const x = clone(s); if (x.device.id === 'MR-02') x.device.id = 'MR-09'; return x; });
    const n = computeDrift(side(round2, ctx, 'r2'), side(renamed, ctx, 'renamed'), ctx);
    expect(n.devices.filter((x) => x.identity)).toEqual([]);
    expect(n.summary.devices.swapped).toBeUndefined();
  });
});

describe('--fail-on missing: evidence the fleet gave before is missing', () => {
  it('3 when a device of OLD is absent from NEW, even where no control regressed; 0 when every device is there', () => {
    const withoutLab = round2.filter((s) => s.device.id !== 'LAB-01');
    const d = computeDrift(side(round2, ctx, 'r2'), side(withoutLab, ctx, 'r2b'), ctx);
    expect(d.summary.devices.removed).toBe(1);
    expect(d.summary.controls.regressed).toBe(0);
    expect(failOnExit(d, ['regression'])).toBe(0);
    expect(failOnExit(d, ['missing'])).toBe(3);
    expect(failOnExit(d, ['regression', 'missing'])).toBe(3);
    const all = computeDrift(side(round1, ctx, 'r1'), side(round2, ctx, 'r2'), ctx);
    expect(all.summary.devices.removed).toBe(0);
    expect(failOnExit(all, ['missing'])).toBe(0);
  });

  it('3 when an input of the new run could not be read (monitor --keep-going)', () => {
    const d = computeDrift(side(round2, ctx, 'r2'), side(round2, ctx, 'r2b'), ctx);
    expect(failOnExit(d, ['missing'])).toBe(0);
    expect(failOnExit({ ...d, unreadable: [{ input: 'exports/CT-07', error: 'not valid JSON' }] }, ['missing'])).toBe(3);
  });

  it('the option takes one mode or several, comma-separated; anything else is a usage error', () => {
    expect(failOnOf('regression,missing')).toEqual(['regression', 'missing']);
    expect(failOnOf(' Missing ')).toEqual(['missing']);
    expect(failOnOf(undefined)).toBeUndefined();
    for (const bad of ['sometimes', 'regression,sometimes', '', ',']) {
      expect(() => failOnOf(bad), bad).toThrow(/--fail-on takes regression, fail, missing/);
    }
  });
});

describe('assessAgainst (re-running only what can have changed) equals a full evaluation', () => {
  const c = context({ deviations: true });
  const cases: Array<[string, Snapshot, Snapshot]> = DEVICES.map((d, i) => [`${d} round 1 → 2`, round1[i]!, round2[i]!]);
  const mr01 = round2[2]!;
  const m1 = clone(mr01);
  m1.access!.accounts!.push({ name: 'x', enabled: true, role: 'clinical', groups: ['Administrators'] });
  m1.encryption!.volumes!.reverse();
  m1.collectedAt = '2026-11-20T00:00:00Z';
  cases.push(['MR-01 with an admin account added, volumes reordered, 18 days later', mr01, m1]);
  const m2 = clone(round2[3]!);
  m2.firewall!.rules!.find((r) => r.direction === 'inbound' && !r.enabled)!.enabled = true;
  cases.push(['MR-02 with a disabled rule enabled', round2[3]!, m2]);
  // What diffSettings leaves out as metadata, but the evaluator reads (each changes some result).
  const ct = round2[0]!;
  const c1 = clone(ct);
  c1.coverage = [...(c1.coverage ?? []), { scope: 'access.accounts', source: 'CT-01/local-users.csv', kind: 'localuser-csv', effective: true, complete: false }];
  cases.push(['CT-01 whose account list is now known to be partial (coverage)', ct, c1]);
  const c2 = clone(ct);
  c2.sources = c2.sources!.map((s) => ({ ...s, kind: 'gpo-template' }));
  cases.push(['CT-01 whose values now come from a policy file only (sources)', ct, c2]);
  const c3 = clone(ct);
  c3.intended = { '/access/lockoutPolicy/local/durationMinutes': { value: 30, file: 'CT-01/GptTmpl.inf', sha256: '0'.repeat(64), location: '[System Access] LockoutDuration, line 9' } };
  cases.push(['CT-01 with a value a policy file intends otherwise (intended)', ct, c3]);
  for (const [name, a, b] of cases) {
    it(name, () => {
      const old = assessed(a, c);
      const src = { file: 'n.json', sha256: sha(b) };
      const full = assessDevice(b, src, c, '2026-11-28');
      const quick = assessAgainst(old, b, src, diffSettings(a, b, c), c, '2026-11-28');
      expect(quick.statuses).toEqual(full.statuses);
      expect([...quick.details.keys()].sort()).toEqual([...full.details.keys()].sort());
      for (const [k, v] of full.details) {
        expect(quick.details.get(k)!.expected, k).toBe(v.expected);
        expect(quick.details.get(k)!.observed, k).toBe(v.observed);
      }
    });
    it(`${name}, judged at a clock (passes lapsed; then NEW stale while OLD was not)`, () => {
      const old = assessed(a, c);
      const src = { file: 'n.json', sha256: sha(b) };
      for (const at of ['2026-11-28T00:00:00Z', '2027-02-01T00:00:00Z']) {
        const full = assessDevice(b, src, c, at.slice(0, 10), undefined, at);
        const quick = assessAgainst(old, b, src, diffSettings(a, b, c), c, at.slice(0, 10), at);
        expect(quick.statuses, at).toEqual(full.statuses);
        expect(quick.stale, at).toBe(full.stale);
      }
    });
  }
});

describe('metadata the settings leave out', () => {
  it('diff: a list now known to be partial makes the checks that passed on it regress, as assess judges NEW', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ato-drift-coverage-'));
    try {
      const a = round2[0]!;
      const b = clone(a);
      b.collectedAt = '2026-11-03T10:00:00Z';
      b.coverage = [...(b.coverage ?? []), { scope: 'access.accounts', source: 'CT-01/local-users.csv', kind: 'localuser-csv', effective: true, complete: false }];
      for (const [side, s] of [['old', a], ['new', b]] as const) {
        mkdirSync(join(dir, side));
        writeFileSync(join(dir, side, 'CT-01.json'), JSON.stringify(s, null, 2) + '\n');
      }
      // The pair path (OLD's texts only for the checks that can change, NEW against OLD).
      const r = await runDiff({ old: join(dir, 'old'), new: join(dir, 'new'), out: join(dir, 'out'), force: true, now: '2026-11-04T00:00:00Z', toolVersion: 'test', config: {}, pdf: false, jobs: 1 });
      for (const id of ['ROLE-CLINICAL-NOT-ADMIN', 'ROLE-ADMIN-NO-PATIENT-DATA', 'ROLE-SERVICE-ONLY-TECHNICIANS']) {
        expect(check(r.drift, 'CT-01', id), id).toMatchObject({ old: 'pass', new: 'not-collected', transition: 'regressed', cause: 'coverage' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the cause of a transition that no setting explains', () => {
  const c = context({ now: '2026-11-04T00:00:00Z' });
  const a = round2[0]!; // CT-01
  const POL = { file: 'CT-01/registry.pol', sha256: '0'.repeat(64), kind: 'registry-pol' };
  const later = (s: Snapshot): Snapshot => ({ ...clone(s), collectedAt: '2026-11-03T10:00:00Z' });
  const causes = (old: Snapshot, neu: Snapshot, at?: string) => {
    const d = computeDrift(side([old], c, 'o'), buildSide([{ snapshot: neu, file: 'n/CT-01.json', sha256: sha(neu) }], c, { label: 'n', kind: 'snapshots' }, undefined, at), c);
    expect(dev(d, 'CT-01')!.settings.filter((x) => !x.volatile)).toEqual([]);
    return dev(d, 'CT-01')!.checks;
  };

  it('a list now known to be partial: "coverage", on the checks reading it only', () => {
    const b = later(a);
    b.coverage = [...(b.coverage ?? []), { scope: 'access.accounts', source: 'CT-01/local-users.csv', kind: 'localuser-csv', effective: true, complete: false }];
    const changed = causes(a, b);
    // The roles, and (since b9a241f) the password policies an account allowed no password voids:
    // an account the list lacks may be one.
    expect(changed.map((x) => x.checkId).sort()).toEqual(['PWD-COMPLEXITY', 'PWD-HISTORY', 'PWD-MIN-AGE', 'PWD-MIN-LENGTH', 'ROLE-ADMIN-NO-PATIENT-DATA', 'ROLE-CLINICAL-NOT-ADMIN', 'ROLE-SERVICE-ONLY-TECHNICIANS']);
    for (const x of changed) expect(x, x.checkId).toMatchObject({ old: 'pass', new: 'not-collected', cause: 'coverage' });
  });

  it('a value now given only by a policy file: "policy-source"', () => {
    const b = later(a);
    b.sources = [...(b.sources ?? []), POL];
    b.provenance = { ...b.provenance, '/access/lockoutPolicy/local/threshold': { file: POL.file, sha256: POL.sha256 } };
    expect(causes(a, b)).toEqual([expect.objectContaining({ checkId: 'LOCKOUT-THRESHOLD', old: 'pass', new: 'not-collected', cause: 'policy-source' })]);
  });

  it('two of the console\'s effective exports now disagree on a value read: "exports-disagree", not collected with the reason the AR gives, in memory and by diff', async () => {
    const P = '/access/lockoutPolicy/local/threshold';
    const b = later(a);
    const prov = b.provenance?.[P] ?? { file: 'CT-01/policy.inf', sha256: '1'.repeat(64) };
    // The effective export the value is credited to is among the sources (a file they do not list is of no known kind: source-kinds.ts).
    if (!b.sources?.some((x) => x.file === prov.file)) b.sources = [...(b.sources ?? []), { file: prov.file, sha256: prov.sha256, kind: 'secedit-export' }];
    b.provenance = { ...b.provenance, [P]: { ...prov, rule: `the console's own effective exports disagree: ${prov.file} says ${b.access!.lockoutPolicy!.local!.threshold}, CT-01/net-accounts.txt (line 6) says 10` } };
    const expected = { checkId: 'LOCKOUT-THRESHOLD', old: 'pass', new: 'not-collected', transition: 'regressed', cause: 'exports-disagree', newReason: expect.stringMatching(/^the console's own effective exports disagree on a value read \(.*says 10\)/) };
    expect(causes(a, b)).toEqual([expect.objectContaining(expected)]);
    const dir = mkdtempSync(join(tmpdir(), 'ato-drift-disputed-'));
    try {
      for (const [name, snap] of [['old', a], ['new', b]] as const) {
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, 'CT-01.json'), JSON.stringify(snap, null, 2) + '\n');
      }
      const r = await runDiff({ old: join(dir, 'old'), new: join(dir, 'new'), out: join(dir, 'out'), force: true, now: '2026-11-04T00:00:00Z', toolVersion: 'test', config: {}, pdf: false, jobs: 1 });
      expect(check(r.drift, 'CT-01', 'LOCKOUT-THRESHOLD')).toMatchObject(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a reordered list that moves a policy file\'s value onto another account: "policy-source"', () => {
    const old = clone(a);
    old.sources = [...(old.sources ?? []), POL];
    const clinical = old.access!.accounts!.findIndex((x) => x.role === 'clinical');
    old.provenance = { ...old.provenance, [`/access/accounts/${clinical}/role`]: { file: POL.file, sha256: POL.sha256 } };
    const b = later(old);
    b.access!.accounts!.reverse();
    expect(b.access!.accounts![clinical]!.role).not.toBe('clinical');
    expect(causes(old, b)).toEqual([expect.objectContaining({ checkId: 'ROLE-CLINICAL-NOT-ADMIN', old: 'not-collected', new: 'pass', cause: 'policy-source' })]);
  });

  it('evidence stale at the new clock: "stale" for every check it makes not collected, none listed as clock-only', () => {
    const at = '2027-03-01T00:00:00Z';
    const d = computeDrift(side([a], c, 'o'), buildSide([{ snapshot: a, file: 'n/CT-01.json', sha256: sha(a) }], c, { label: 'n', kind: 'snapshots' }, undefined, at), c);
    const changed = dev(d, 'CT-01')!.checks;
    expect(changed.length).toBeGreaterThan(10);
    for (const x of changed) expect(x, x.checkId).toMatchObject({ new: 'not-collected', cause: 'stale' });
    expect(dev(d, 'CT-01')!.time).toEqual([]);
  });
});

describe('what the report shows of a changed check', () => {
  it('a remediated check carries the value observed now, and the one before', () => {
    // MR-02: local lockout reset 10 → 15 minutes (LOCKOUT-RESET requires at least 15).
    const c = check(drift, 'MR-02', 'LOCKOUT-RESET')!;
    expect(c).toMatchObject({ old: 'fail', new: 'pass', transition: 'remediated' });
    expect(c.newObserved).toMatch(/\b15\b/);
    expect(c.newObserved).not.toMatch(/\b10\b/);
    expect(c.oldObserved).toMatch(/\b10\b/);
  });

  it('a regressed check carries the value observed before it failed', () => {
    const c = check(drift, 'MR-01', 'DISK-ENCRYPTION')!;
    expect(c.oldObserved).toBeDefined();
    expect(c.newObserved).toMatch(/off/);
    expect(c.oldObserved).not.toEqual(c.newObserved);
  });

  it('every item that comes due has a date: a clock-dependent check the first day it fails', () => {
    const lab = round1[1]!; // LAB-01: signatures collected 2026-10-05T14:30, 7 days allowed
    const c = context({ now: '2026-11-01T00:00:00Z' });
    const d = computeDrift(side([lab], c, 'a'), side([lab], c, 'b'), c);
    expect(d.due.length).toBeGreaterThan(1);
    for (const x of d.due) expect(x.due, `${x.deviceId} ${x.checkId ?? x.what}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const sig = d.due.find((x) => x.checkId === 'MAL-SIG-AGE')!;
    // The check passes evaluated on the day before, and fails on the day given.
    const atDay = (day: string) => assessDevice({ ...lab, collectedAt: `${day}T23:59:00Z` }, { file: 'x', sha256: 'x' }, c, day).statuses[c.checks.findIndex((k) => k.id === 'MAL-SIG-AGE')];
    const before = new Date(Date.parse(`${sig.due}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(atDay(sig.due!)).toBe('fail');
    expect(atDay(before)).toBe('pass');
  });
});

describe('manual attestations count as in assess', () => {
  // at-2 attested whole: a control satisfied by a reviewed attestation alone.
  const attDir = mkdtempSync(join(tmpdir(), 'ato-drift-att-'));
  afterAll(() => rmSync(attDir, { recursive: true, force: true }));
  const attestations = loadAttestationsFile(sampleAttestationsWithAt2Whole(ROOT, attDir), () => true, '2026-11-28', (id) => assessmentOf(loadControlIndex(), id)?.objective);
  const withAttestations: DriftContext = { ...ctx, attestations };
  const d = computeDrift(side(round1, withAttestations, 'r1'), side(round2, withAttestations, 'r2'), withAttestations);
  it('an attested control counts as assessed: pe-3, attested 2026-10-20 and awaiting review, is newly assessed and not satisfied', () => {
    expect(d.controls.find((t) => t.controlId === 'pe-3')).toMatchObject({ transition: 'newly-assessed', new: 'not-satisfied' });
    expect(drift.controls.find((t) => t.controlId === 'pe-3')).toBeUndefined();
  });
  it('an expired attestation leaves its control not satisfied on both sides, and says whose it was', () => {
    expect(d.controls.find((t) => t.controlId === 'pl-4')).toMatchObject({ transition: 'still-failing', old: 'not-satisfied', new: 'not-satisfied', lapsed: [{ name: 'Dana Whitfield', expires: '2026-09-30' }] });
  });
  it('satisfied counts include the current reviewed attestations (at-2 on both sides; pe-3 awaits review)', () => {
    expect(d.summary.controls.satisfiedOld).toBe(drift.summary.controls.satisfiedOld + 1);
    expect(d.summary.controls.satisfiedNew).toBe(drift.summary.controls.satisfiedNew + 1);
  });
});

describe('drift.md table cells', () => {
  it('a value with a lone CR (a Markdown line ending too) stays on its row: no heading or row can be injected', async () => {
    const { cell } = await import('../src/drift/markdown.js');
    const shown = cell('Authorized use only.\r# INJECTED\r\n| x | y |\nend');
    expect(shown).not.toMatch(/[\r\n]/);
    expect(shown).toBe('Authorized use only. # INJECTED \\| x \\| y \\| end');
  });
  it('a firewall rule name with terminal escape sequences or a right-to-left override shows them as \\xNN and \\u{NNNN}: cat drift.md runs nothing, the name reads as it is', async () => {
    const { cell } = await import('../src/drift/markdown.js');
    const shown = cell('Vendor\u001b]0;owned\u0007\u001b[2J rule\u202eexe.txt\u2066\u0085\u007f\ttab');
    expect(shown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(shown).toBe('Vendor\\x1B\\]0;owned\\x07\\x1B\\[2J rule\\u{202E}exe.txt\\u{2066}\\x85\\x7F\ttab');
  });
});
