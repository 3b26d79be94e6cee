// monitor of a run after one whose configuration defined at-2's organisation-defined parameters
// (--params naming them: at-2 satisfied by its attestation) and now does not (partially assessed).
// The store kept no record of the ODPs a run defined, so the previous run was judged with this
// run's (none): at-2 showed "partially assessed, unchanged" and drift.md said the old run's report
// does not record them, where diff of two packages names the change (test/drift-odps-own.test.ts).
// Each run's summary now records them (definedOdps); a store written before keeps the old wording.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { odpParamsJson, sampleAt2Yaml } from './support/attestations.js';
import { asStoreWithoutSummaryField } from './support/older-store.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FIRST = '2026-11-03T00:00:00Z';
const SECOND = '2026-11-04T00:00:00Z';
const { dir, cli } = cliScratch('ato-monitor-odps-');
const sample = (p: string) => join(ROOT, 'samples', p);

describe('monitor after a run whose configuration defined at-2\'s ODPs, now without them', () => {
  const common = () => [sample('MR-02/MR-02_2026-11-02.json'), '--no-pdf', '--system', sample('system.yaml'), '--attestations', join(dir(), 'a.yaml')];
  const monitor = (store: string, now: string, out: string, extra: string[] = []) => {
    const r = cli(['monitor', ...common(), '--store', join(dir(), store), '--out', join(dir(), out), '--now', now, ...extra]);
    expect(r.code, r.stderr).toBe(0);
    return { r, drift: JSON.parse(readFileSync(join(dir(), out, 'drift.json'), 'utf8')) as Json, md: readFileSync(join(dir(), out, 'drift.md'), 'utf8') };
  };
  const at2Status = (out: string): Json => {
    const results = JSON.parse(readFileSync(join(dir(), out, 'assessment-results.json'), 'utf8'))['assessment-results'].results as Json[];
    return results[results.length - 1]!.findings.find((f: Json) => f.target['target-id'] === 'at-2_obj').target.status;
  };
  const rulesParagraph = (md: string) => md.split('\n\n').find((p) => p.startsWith('**Rules changed since the old run.**'));
  let named: string[] = [];
  beforeAll(() => {
    writeFileSync(join(dir(), 'a.yaml'), sampleAt2Yaml(join(ROOT, 'samples')));
    writeFileSync(join(dir(), 'odps.json'), odpParamsJson(['at-2']));
    named = Object.keys(JSON.parse(readFileSync(join(dir(), 'odps.json'), 'utf8')) as Json);
    for (const store of ['store', 'older']) monitor(store, FIRST, `${store}-1`, ['--params', join(dir(), 'odps.json')]);
    // A catalog of one check (FW-ENABLED), whose objectives insert no selection.
    const lines = readFileSync(join(ROOT, 'controls/checks.yaml'), 'utf8').split('\n');
    const start = lines.findIndex((l) => l === '- id: FW-ENABLED');
    const end = lines.findIndex((l, i) => i > start && l.startsWith('- id: '));
    writeFileSync(join(dir(), 'fw.yaml'), lines.slice(start, end).join('\n') + '\n');
    monitor('fw', FIRST, 'fw-1', ['--params', join(dir(), 'odps.json'), '--checks', join(dir(), 'fw.yaml')]);
  }, 180_000);

  it('the premise: the first run, with the values, had at-2 satisfied', () => {
    expect(named.length).toBeGreaterThan(0);
    expect(at2Status('store-1')).toEqual({ state: 'satisfied', reason: 'pass' });
  });

  it('the second run judges the first with the ODPs it recorded: at-2 regressed, the organisation\'s parameters named as the cause', () => {
    const { drift, md } = monitor('store', SECOND, 'store-2');
    expect(at2Status('store-2')).toMatchObject({ state: 'not-satisfied', reason: 'other' });
    const t = drift.controls.find((c: Json) => c.controlId === 'at-2');
    expect(t).toMatchObject({ transition: 'regressed', old: 'satisfied', new: 'partial' });
    expect(t.odpsChanged.definedOnlyNew).toEqual([]);
    expect(t.odpsChanged.definedOnlyOld.map((n: string) => n.split(' ')[0])).toEqual(named);
    expect(drift.old.ownOdps).toBe(true);
    const row = md.split('\n').find((l) => l.startsWith('| at-2 |'))!;
    expect(row).toContain('satisfied → partially assessed');
    expect(row).toMatch(/the organisation's parameters at-02\\_odp\.01 \(organization-defined frequency\).* defined in the old run, not in the new one/);
    const para = rulesParagraph(md);
    // at-2 is attested, and this run's checks show selection objectives: both are said.
    expect(para).toMatch(/Its attested controls, and the objectives its checks show that insert a selection, are judged here with the organisation-defined parameters the old run defined, as the evidence store's record of that run states them: an attestation is judged against them/);
    expect(para).not.toMatch(/does not record which of them it defined/);
    expect(para).not.toMatch(/SSP/);
  });

  it("checks none of whose objectives insert a selection: the paragraph speaks of the attested controls alone", () => {
    const { drift, md } = monitor('fw', SECOND, 'fw-2', ['--checks', join(dir(), 'fw.yaml')]);
    expect(drift.controls.find((c: Json) => c.controlId === 'at-2')).toMatchObject({ transition: 'regressed' });
    expect(drift.old.ownOdps).toBe(true);
    expect(drift.old.ownSelections).toBeUndefined();
    const para = rulesParagraph(md);
    expect(para).toMatch(/Its attested controls are judged here with the organisation-defined parameters the old run defined, as the evidence store's record of that run states them: an attestation is judged against them \(docs\/attestations\.md\), so a control that moves only because one run defined them and the other did not names them as its cause\./);
    expect(para).not.toMatch(/selection/);
  });

  it('a store whose previous run recorded no ODPs (written before): judged with this run\'s, and said so, no cause claimed', () => {
    asStoreWithoutSummaryField(join(dir(), 'older'), 'definedOdps');
    const { drift, md } = monitor('older', SECOND, 'older-2');
    expect(drift.old.ownOdps).toBeUndefined();
    expect(drift.controls.find((c: Json) => c.controlId === 'at-2')).toBeUndefined();
    // The old side is the store's record of a run (its summary), not a report: worded as what it is.
    expect(rulesParagraph(md)).toMatch(/the evidence store's record of the old run does not state which of them it defined, so its attested controls, and the objectives its checks show that insert a selection, are judged here with this run's values/);
    expect(rulesParagraph(md)).toMatch(/\(a control that record gave as satisfied may be partially assessed here, or the reverse\)/);
    expect(rulesParagraph(md)).not.toMatch(/run's report|its own report gave as satisfied/);
  });
});
