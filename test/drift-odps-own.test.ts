// diff of two packages whose runs defined at-2's organisation-defined parameters differently: one
// assessed with --params naming them (at-2 satisfied by its attestation), one without (partially
// assessed: an attestation is not judged against values nobody set). Both packages' SSPs state every
// ODP their run defined, so drift judges each side with its own run's values, not the diff run's:
// before, both sides were judged with the diff run's (none), and at-2 showed "partially assessed,
// unchanged", the old report's satisfied state nowhere. Now at-2 moves, and its row names the cause.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { odpParamsJson, sampleAt2Yaml } from './support/attestations.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-02T18:00:00Z';
const { dir, cli } = cliScratch('ato-drift-odps-own-');
const sample = (p: string) => join(ROOT, 'samples', p);

describe('diff of a package whose run defined at-2\'s ODPs and one whose run did not, each judged with its own', () => {
  const at2 = (pkg: string): Json => {
    const ar = JSON.parse(readFileSync(join(dir(), pkg, 'assessment-results.json'), 'utf8'))['assessment-results'];
    return ar.results[0].findings.find((f: Json) => f.target['target-id'] === 'at-2_obj').target.status;
  };
  const diff = (old: string, neu: string, out: string, extra: string[] = []) => {
    const r = cli(['diff', join(dir(), old), join(dir(), neu), '--out', join(dir(), out), '--now', NOW, '--no-pdf', '--system', sample('system.yaml'), '--attestations', join(dir(), 'a.yaml'), ...extra]);
    expect(r.code, r.stderr).toBe(0);
    return { r, drift: JSON.parse(readFileSync(join(dir(), out, 'drift.json'), 'utf8')) as Json, md: readFileSync(join(dir(), out, 'drift.md'), 'utf8') };
  };
  beforeAll(() => {
    writeFileSync(join(dir(), 'a.yaml'), sampleAt2Yaml(join(ROOT, 'samples')));
    writeFileSync(join(dir(), 'odps.json'), odpParamsJson(['at-2']));
    const common = ['--now', NOW, '--no-pdf', '--system', sample('system.yaml'), '--attestations', join(dir(), 'a.yaml')];
    // A catalog of one check (FW-ENABLED), whose objectives insert no selection.
    const lines = readFileSync(join(ROOT, 'controls/checks.yaml'), 'utf8').split('\n');
    const start = lines.findIndex((l) => l === '- id: FW-ENABLED');
    const end = lines.findIndex((l, i) => i > start && l.startsWith('- id: '));
    writeFileSync(join(dir(), 'fw.yaml'), lines.slice(start, end).join('\n') + '\n');
    const fw = ['--checks', join(dir(), 'fw.yaml')];
    for (const [out, extra] of [['with', ['--params', join(dir(), 'odps.json')]], ['without', []], ['fw-with', ['--params', join(dir(), 'odps.json'), ...fw]], ['fw-without', fw]] as const) {
      const r = cli(['assess', sample('MR-02/MR-02_2026-11-02.json'), '--out', join(dir(), out), ...common, ...extra]);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 180_000);

  it('the premise: each package\'s own AR gives at-2 satisfied with the values, partially assessed without', () => {
    expect(at2('with').state).toBe('satisfied');
    expect(at2('without').state).toBe('not-satisfied');
    const ar = JSON.parse(readFileSync(join(dir(), 'without', 'assessment-results.json'), 'utf8'))['assessment-results'];
    const f = ar.results[0].findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
    expect(f.props.find((p: Json) => p.name === 'assessment-state').value).toBe('partially-assessed');
  });

  it('OLD with the values, NEW without: at-2 regressed from satisfied to partially assessed, the organisation\'s parameters named as the cause', () => {
    const { r, drift, md } = diff('with', 'without', 'd1');
    const t = drift.controls.find((c: Json) => c.controlId === 'at-2');
    expect(t).toMatchObject({ transition: 'regressed', old: 'satisfied', new: 'partial' });
    // The ODPs the old run defined and the new one did not: those odps.json names.
    const named = Object.keys(JSON.parse(readFileSync(join(dir(), 'odps.json'), 'utf8')));
    expect(t.odpsChanged.definedOnlyNew).toEqual([]);
    expect(t.odpsChanged.definedOnlyOld.map((n: string) => n.split(' ')[0])).toEqual(named);
    expect(drift.old.ownOdps).toBe(true);
    expect(drift.new.ownOdps).toBe(true);
    const row = md.split('\n').find((l) => l.startsWith('| at-2 |'))!;
    expect(row).toContain('satisfied → partially assessed');
    expect(row).toMatch(/the organisation's parameters at-02\\_odp\.01 \(organization-defined frequency\).* defined in the old run, not in the new one/);
    // The old run was judged by other rules (its --params): said, and said that its own ODP values judged it.
    const para = md.split('\n\n').find((p) => p.startsWith('**Rules changed since the old run.**'))!;
    expect(para).toMatch(/judged here with the organisation-defined parameters the old run defined, as its SSP states them/);
    expect(para).not.toMatch(/does not record which of them it defined/);
    expect(r.stderr).toMatch(/Regressed: at-2 \(the organisation's parameters\)/);
  });

  it('checks none of whose objectives insert a selection: the paragraph speaks of the attested controls alone', () => {
    const { drift, md } = diff('fw-with', 'fw-without', 'd-fw', ['--checks', join(dir(), 'fw.yaml')]);
    expect(drift.controls.find((c: Json) => c.controlId === 'at-2')).toMatchObject({ transition: 'regressed' });
    expect(drift.old.ownOdps).toBe(true);
    expect(drift.old.ownSelections).toBeUndefined();
    const para = md.split('\n\n').find((p) => p.startsWith('**Rules changed since the old run.**'))!;
    expect(para).toMatch(/Its attested controls are judged here with the organisation-defined parameters the old run defined, as its SSP states them \(set-parameters\): an attestation is judged against them \(docs\/attestations\.md\), so a control that moves only because one run defined them and the other did not names them as its cause\./);
    expect(para).not.toMatch(/selection/);
  });

  it('OLD without the values, NEW with them: at-2 remediated from partially assessed to satisfied, the same cause named', () => {
    const { drift, md } = diff('without', 'with', 'd2');
    const t = drift.controls.find((c: Json) => c.controlId === 'at-2');
    expect(t).toMatchObject({ transition: 'remediated', old: 'partial', new: 'satisfied' });
    expect(t.odpsChanged.definedOnlyOld).toEqual([]);
    expect(t.odpsChanged.definedOnlyNew.length).toBe(Object.keys(JSON.parse(readFileSync(join(dir(), 'odps.json'), 'utf8'))).length);
    const row = md.split('\n').find((l) => l.startsWith('| at-2 |'))!;
    expect(row).toContain('partially assessed → satisfied');
    expect(row).toMatch(/defined in the new run, not in the old one/);
    const para = md.split('\n\n').find((p) => p.startsWith('**Rules changed since the new run.**'))!;
    expect(para).toMatch(/judged here with the organisation-defined parameters the new run defined, as its SSP states them/);
  });

  it('two packages whose runs defined the same values: at-2 is in no transition and no cause is named', () => {
    const { drift } = diff('without', 'without', 'd3');
    expect(drift.controls.find((c: Json) => c.controlId === 'at-2')).toBeUndefined();
  });
});
