// diff of two packages of the same MR-02 snapshot whose runs made the selection ac-07_odp.03 (what
// follows the unsuccessful logon attempts) differently. LOCKOUT-DURATION's pass shows only "lock the
// account or node for a period" (catalog/selection-shown.ts): ac-7_obj.b is shown whole only where
// the organisation chose that, so the package assessed with it gives ac-7 satisfied, the one without
// (or with another choice) partially assessed. Each side's checks must be judged with the values its
// own SSP states: before, diff applied its own run's (none) to both, and ac-7 was in no transition.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { asSspStatingNoOdps } from './support/older-package.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-02T18:00:00Z';
const { dir, cli } = cliScratch('ato-drift-selections-own-');

describe("diff of packages whose runs made ac-7's selection ac-07_odp.03 differently, each judged with its own", () => {
  const ac7State = (pkg: string): string => {
    const ar = JSON.parse(readFileSync(join(dir(), pkg, 'assessment-results.json'), 'utf8'))['assessment-results'];
    const f = ar.results[0].findings.find((x: Json) => x.target['target-id'] === 'ac-7_obj');
    return f.props.find((p: Json) => p.name === 'assessment-state')?.value ?? f.target.status.state;
  };
  const diff = (old: string, neu: string, out: string) => {
    const r = cli(['diff', join(dir(), old), join(dir(), neu), '--out', join(dir(), out), '--now', NOW, '--no-pdf']);
    expect(r.code, r.stderr).toBe(0);
    const drift = JSON.parse(readFileSync(join(dir(), out, 'drift.json'), 'utf8')) as Json;
    const md = readFileSync(join(dir(), out, 'drift.md'), 'utf8');
    return { r, drift, md, ac7: drift.controls.find((c: Json) => c.controlId === 'ac-7') as Json | undefined, row: md.split('\n').find((l) => l.startsWith('| ac-7 |')) };
  };
  beforeAll(() => {
    // The choice LOCKOUT-DURATION's pass shows, and one it does not.
    writeFileSync(join(dir(), 'lock.json'), JSON.stringify({ 'ac-07_odp.03': 'lock the account or node for 15 minutes' }));
    writeFileSync(join(dir(), 'notify.json'), JSON.stringify({ 'ac-07_odp.03': 'notify system administrator' }));
    for (const [out, extra] of [['lock', ['--params', join(dir(), 'lock.json')]], ['notify', ['--params', join(dir(), 'notify.json')]], ['none', []], ['older', ['--params', join(dir(), 'lock.json')]]] as const) {
      const r = cli(['assess', join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), '--out', join(dir(), out), '--now', NOW, '--no-pdf', ...extra]);
      expect(r.code, r.stderr).toBe(0);
    }
    asSspStatingNoOdps(join(dir(), 'older'));
  }, 240_000);

  it("the premise: each package's own AR gives ac-7 satisfied with the lock chosen, partially assessed otherwise", () => {
    expect(ac7State('lock')).toBe('satisfied');
    expect(ac7State('older')).toBe('satisfied');
    expect(ac7State('none')).toBe('partially-assessed');
    expect(ac7State('notify')).toBe('partially-assessed');
  });

  it('OLD with the lock chosen, NEW with no choice: ac-7 regressed, ac-07_odp.03 named as the cause (drift.json, drift.md, terminal)', () => {
    const { r, md, ac7, row } = diff('lock', 'none', 'd1');
    expect(ac7).toMatchObject({ transition: 'regressed', old: 'satisfied', new: 'partial' });
    expect(ac7!.odpsChanged.definedOnlyOld.map((n: string) => n.split(' ')[0])).toEqual(['ac-07_odp.03']);
    expect(ac7!.odpsChanged.definedOnlyNew).toEqual([]);
    expect(ac7!.odpsChanged.shownByChecks).toBe(true);
    // What NEW rests on: LOCKOUT-DURATION shows ac-7_obj.b in part, the selection not made.
    expect(ac7!.newBasis.inPart.map((x: Json) => x.checkId)).toContain('LOCKOUT-DURATION');
    expect(row).toContain('satisfied → partially assessed');
    // The cause is what the check's pass shows, not an attestation (ac-7 is attested on neither side).
    expect(row).toMatch(/the organisation's parameters ac-07\\_odp\.03 .* defined in the old run, not in the new one \(a check's pass shows an objective inserting a selection only where the organisation chose what the pass shows\)/);
    expect(row).not.toMatch(/attestation/);
    expect(r.stderr).toMatch(/Regressed: ac-7 \(the organisation's parameters\)/);
    const para = md.split('\n\n').find((p) => p.startsWith('**Rules changed since the old run.**'))!;
    // Nothing is attested on either side: the paragraph speaks of the selection objectives alone.
    expect(para).toMatch(/\. The objectives its checks show that insert a selection are judged here with the organisation-defined parameters the old run defined, as its SSP states them \(set-parameters\): a check's pass shows such an objective only where the organisation chose what the pass shows/);
    expect(para).not.toMatch(/attested|attestation/);
  });

  it('OLD with no choice, NEW with the lock chosen: ac-7 remediated, the same cause named', () => {
    const { ac7, row } = diff('none', 'lock', 'd2');
    expect(ac7).toMatchObject({ transition: 'remediated', old: 'partial', new: 'satisfied' });
    expect(ac7!.odpsChanged.definedOnlyNew.map((n: string) => n.split(' ')[0])).toEqual(['ac-07_odp.03']);
    expect(row).toMatch(/defined in the new run, not in the old one/);
  });

  it('OLD with the lock chosen, NEW with a choice no pass shows: ac-7 regressed, the selection named as defined otherwise', () => {
    const { ac7, row } = diff('lock', 'notify', 'd3');
    expect(ac7).toMatchObject({ transition: 'regressed', old: 'satisfied', new: 'partial' });
    expect(ac7!.odpsChanged.definedOtherwise.map((n: string) => n.split(' ')[0])).toEqual(['ac-07_odp.03']);
    expect(row).toMatch(/ac-07\\_odp\.03 .* defined otherwise in the old run than in the new one/);
  });

  it('the same choice on both sides: ac-7 in no transition', () => {
    expect(diff('lock', 'lock', 'd4').ac7).toBeUndefined();
  });

  it("an OLD package whose SSP does not record its ODPs: judged with this run's values (none), ac-7 partially assessed on both sides, no cause invented", () => {
    const { drift, ac7 } = diff('older', 'none', 'd5');
    expect(drift.old.ownOdps).toBeUndefined();
    expect(ac7).toBeUndefined();
  });
});
