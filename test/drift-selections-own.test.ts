// diff of two packages of the same MR-02 snapshot whose runs made the selection ac-11_odp.01 (how
// further access is prevented) differently. SCREEN-LOCK-TIMEOUT's pass shows only "initiating a
// device lock after a period of inactivity" (catalog/selection-shown.ts): ac-11_obj.a is shown whole
// only where the organisation chose that, so the package assessed with it gives ac-11 satisfied, the
// one without (or with another choice) partially assessed. Each side's checks must be judged with the
// values its own SSP states: before, diff applied its own run's (none) to both, and the control was
// in no transition. (ac-7 and its selection ac-07_odp.03 stood here until its lockout checks became
// in part: the built-in Administrator's exemption and the vendor application's logons are left to
// the assessor, so no choice makes ac-7 satisfied.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { asSspStatingNoOdps } from './support/older-package.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-02T18:00:00Z';
const { dir, cli } = cliScratch('ato-drift-selections-own-');

describe("diff of packages whose runs made ac-11's selection ac-11_odp.01 differently, each judged with its own", () => {
  const ac11State = (pkg: string): string => {
    const ar = JSON.parse(readFileSync(join(dir(), pkg, 'assessment-results.json'), 'utf8'))['assessment-results'];
    const f = ar.results[0].findings.find((x: Json) => x.target['target-id'] === 'ac-11_obj');
    return f.props.find((p: Json) => p.name === 'assessment-state')?.value ?? f.target.status.state;
  };
  const diff = (old: string, neu: string, out: string) => {
    const r = cli(['diff', join(dir(), old), join(dir(), neu), '--out', join(dir(), out), '--now', NOW, '--no-pdf']);
    expect(r.code, r.stderr).toBe(0);
    const drift = JSON.parse(readFileSync(join(dir(), out, 'drift.json'), 'utf8')) as Json;
    const md = readFileSync(join(dir(), out, 'drift.md'), 'utf8');
    return { r, drift, md, ac11: drift.controls.find((c: Json) => c.controlId === 'ac-11') as Json | undefined, row: md.split('\n').find((l) => l.startsWith('| ac-11 |')) };
  };
  beforeAll(() => {
    // The choice SCREEN-LOCK-TIMEOUT's pass shows, and one it does not.
    writeFileSync(join(dir(), 'lock.json'), JSON.stringify({ 'ac-11_odp.01': 'initiating a device lock after 15 minutes of inactivity' }));
    writeFileSync(join(dir(), 'manual.json'), JSON.stringify({ 'ac-11_odp.01': 'requiring the user to initiate a device lock before leaving the system unattended' }));
    for (const [out, extra] of [['lock', ['--params', join(dir(), 'lock.json')]], ['manual', ['--params', join(dir(), 'manual.json')]], ['none', []], ['older', ['--params', join(dir(), 'lock.json')]]] as const) {
      const r = cli(['assess', join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), '--out', join(dir(), out), '--now', NOW, '--no-pdf', ...extra]);
      expect(r.code, r.stderr).toBe(0);
    }
    asSspStatingNoOdps(join(dir(), 'older'));
  }, 240_000);

  it("the premise: each package's own AR gives ac-11 satisfied with the device lock chosen, partially assessed otherwise", () => {
    expect(ac11State('lock')).toBe('satisfied');
    expect(ac11State('older')).toBe('satisfied');
    expect(ac11State('none')).toBe('partially-assessed');
    expect(ac11State('manual')).toBe('partially-assessed');
  });

  it('OLD with the device lock chosen, NEW with no choice: ac-11 regressed, ac-11_odp.01 named as the cause (drift.json, drift.md, terminal)', () => {
    const { r, md, ac11, row } = diff('lock', 'none', 'd1');
    expect(ac11).toMatchObject({ transition: 'regressed', old: 'satisfied', new: 'partial' });
    expect(ac11!.odpsChanged.definedOnlyOld.map((n: string) => n.split(' ')[0])).toEqual(['ac-11_odp.01']);
    expect(ac11!.odpsChanged.definedOnlyNew).toEqual([]);
    expect(ac11!.odpsChanged.shownByChecks).toBe(true);
    // What NEW rests on: SCREEN-LOCK-TIMEOUT shows ac-11_obj.a in part, the selection not made.
    expect(ac11!.newBasis.inPart.map((x: Json) => x.checkId)).toContain('SCREEN-LOCK-TIMEOUT');
    expect(row).toContain('satisfied → partially assessed');
    // The cause is what the check's pass shows, not an attestation (ac-11 is attested on neither side).
    expect(row).toMatch(/the organisation's parameters ac-11\\_odp\.01 .* defined in the old run, not in the new one \(a check's pass shows an objective inserting a selection only where the organisation chose what the pass shows\)/);
    expect(row).not.toMatch(/attestation/);
    expect(r.stderr).toMatch(/Regressed: ac-11 \(the organisation's parameters\)/);
    const para = md.split('\n\n').find((p) => p.startsWith('**Rules changed since the old run.**'))!;
    // Nothing is attested on either side: the paragraph speaks of the selection objectives alone.
    expect(para).toMatch(/\. The objectives its checks show that insert a selection are judged here with the organisation-defined parameters the old run defined, as its SSP states them \(set-parameters\): a check's pass shows such an objective only where the organisation chose what the pass shows/);
    expect(para).not.toMatch(/attested|attestation/);
  });

  it('OLD with no choice, NEW with the device lock chosen: ac-11 remediated, the same cause named', () => {
    const { ac11, row } = diff('none', 'lock', 'd2');
    expect(ac11).toMatchObject({ transition: 'remediated', old: 'partial', new: 'satisfied' });
    expect(ac11!.odpsChanged.definedOnlyNew.map((n: string) => n.split(' ')[0])).toEqual(['ac-11_odp.01']);
    expect(row).toMatch(/defined in the new run, not in the old one/);
  });

  it('OLD with the device lock chosen, NEW with a choice no pass shows: ac-11 regressed, the selection named as defined otherwise', () => {
    const { ac11, row } = diff('lock', 'manual', 'd3');
    expect(ac11).toMatchObject({ transition: 'regressed', old: 'satisfied', new: 'partial' });
    expect(ac11!.odpsChanged.definedOtherwise.map((n: string) => n.split(' ')[0])).toEqual(['ac-11_odp.01']);
    expect(row).toMatch(/ac-11\\_odp\.01 .* defined otherwise in the old run than in the new one/);
  });

  it('the same choice on both sides: ac-11 in no transition', () => {
    expect(diff('lock', 'lock', 'd4').ac11).toBeUndefined();
  });

  it("an OLD package whose SSP does not record its ODPs: judged with this run's values (none), ac-11 partially assessed on both sides, no cause invented", () => {
    const { drift, ac11 } = diff('older', 'none', 'd5');
    expect(drift.old.ownOdps).toBeUndefined();
    expect(ac11).toBeUndefined();
  });
});
