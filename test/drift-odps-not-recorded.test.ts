// diff of two packages whose runs defined at-2's organisation-defined parameters differently (the
// old one with --params naming them, the new one without). An attestation is judged against those
// values (withUndefinedOdps), but a package's report does not record which ODPs its run defined:
// drift judges both sides with the diff run's values, so at-2 showed "partially assessed,
// unchanged" with nothing saying that the old report had it satisfied on other values. drift.md
// must say so rather than let the unchanged state stand as a finding. A package now records them
// (its SSP's set-parameters, with the `defined-odps` prop: test/drift-odps-own.test.ts); this one is
// made as a package written before that, the prop taken out and the package sealed again.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { attestationsYaml, odpParamsJson } from './support/attestations.js';
import { asSspStatingNoOdps } from './support/older-package.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-02T18:00:00Z';
const { dir, cli } = cliScratch('ato-drift-odps-');
const sample = (p: string) => join(ROOT, 'samples', p);

describe('diff of a package whose run defined the ODPs and one whose run did not', () => {
  let md: string;
  let oldAr: Json;
  let drift: Json;
  beforeAll(() => {
    writeFileSync(join(dir(), 'a.yaml'), attestationsYaml([{ control: 'at-2', statement: 'Every console user completed the 2026 awareness course.', when: '2026-09-15', expires: '2027-09-14', evidence: sample('attestations/at-2-awareness-roster-2026.md'), reviewed: '2026-10-01' }]));
    writeFileSync(join(dir(), 'odps.json'), odpParamsJson(['at-2']));
    const common = ['--now', NOW, '--no-pdf', '--system', sample('system.yaml'), '--attestations', join(dir(), 'a.yaml')];
    for (const [out, extra] of [['old', ['--params', join(dir(), 'odps.json')]], ['new', []]] as const) {
      const r = cli(['assess', sample('MR-02/MR-02_2026-11-02.json'), '--out', join(dir(), out), ...common, ...extra]);
      expect(r.code, r.stderr).toBe(0);
    }
    asSspStatingNoOdps(join(dir(), 'old'));
    oldAr = JSON.parse(readFileSync(join(dir(), 'old', 'assessment-results.json'), 'utf8'))['assessment-results'];
    const r = cli(['diff', join(dir(), 'old'), join(dir(), 'new'), '--out', join(dir(), 'drift'), '--now', NOW, '--system', sample('system.yaml'), '--attestations', join(dir(), 'a.yaml')]);
    expect(r.code, r.stderr).toBe(0);
    md = readFileSync(join(dir(), 'drift', 'drift.md'), 'utf8');
    drift = JSON.parse(readFileSync(join(dir(), 'drift', 'drift.json'), 'utf8'));
  }, 180_000);

  it('the old report had at-2 satisfied on its own values; drift.md says the old run is judged with this run\'s ODP values, unrecorded', () => {
    // The premise, from the old package itself: its run's values satisfied at-2.
    expect(oldAr.results[0].findings.find((f: Json) => f.target['target-id'] === 'at-2_obj').target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    const para = md.split('\n\n').find((p) => p.startsWith('**Rules changed since the old run.**'));
    expect(para).toBeDefined();
    expect(para).toMatch(/the old run's report does not record which of them it defined, so its attested controls, and the objectives its checks show that insert a selection, are judged here with this run's values/);
    expect(para).toMatch(/a change in those values between the runs shows in no transition below/);
    // Judged with this run's values (none defined): unchanged, and no cause claimed from values nobody recorded.
    expect(drift.old.ownOdps).toBeUndefined();
    expect(drift.new.ownOdps).toBe(true);
    expect(drift.controls.find((c: Json) => c.controlId === 'at-2')).toBeUndefined();
    expect(drift.unchangedBasis.find((u: Json) => u.controlId === 'at-2')).toMatchObject({ state: 'partial' });
  });
});
