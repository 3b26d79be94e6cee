// A control satisfied by attestation whose organisation-defined parameters (ODPs) nothing in the
// run defines: the checks' rule for such a parameter is "not collected" until the organisation
// gives it (controls/parameters.yaml, src/evaluate), yet the finding said only "satisfied by manual
// attestation". It must say which ODPs were not defined, so nobody reads the attestation as judged
// against the organisation's values.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { definedOdps } from '../src/assess/config.js';
import { odpParamsJson, sampleAt2Yaml } from './support/attestations.js';
import { withUndefinedOdps, type ControlFinding } from '../src/assess/controls.js';
import { loadControlIndex, lookupControl } from '../src/catalog/control-index.js';
import { itWithShared, requireShared, sharedPath } from './support/shared.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
const yaml = sampleAt2Yaml(join(root, 'samples'));

describe('an attested control whose ODPs nothing defines', () => {
  let dir: string;
  let ar: Json;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ato-attest-odp-'));
    writeFileSync(join(dir, 'a.yaml'), yaml);
    await runAssess({
      inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, 'out'), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z',
      toolVersion: 'test', pdf: false, system: sample('system.yaml'), attestations: join(dir, 'a.yaml'), warn: () => {},
    });
    ar = JSON.parse(readFileSync(join(dir, 'out', 'assessment-results.json'), 'utf8'))['assessment-results'];
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says in the finding which of the control\'s ODPs were not defined', () => {
    // From NIST's catalog, not from the output: at-2's ODPs; no parameter of controls/parameters.yaml fills any.
    const odps = lookupControl(loadControlIndex(), 'at-2')!.params.filter((p) => p.includes('_odp'));
    expect(odps.length).toBeGreaterThan(0);
    const ssp = JSON.parse(readFileSync(join(dir, 'out', 'ssp.json'), 'utf8'));
    const set = (ssp['system-security-plan']['control-implementation']['set-parameters'] ?? []).map((p: Json) => p['param-id']);
    for (const id of odps) expect(set).not.toContain(id);
    const f = ar.results[0].findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
    expect(f.description).toMatch(/Organisation-defined parameters not defined: /);
    for (const id of odps) expect(f.description).toContain(id);
  });

  // An attestation cannot show a requirement whose value is undefined (at-2's frequency of
  // training): the control attested whole was "satisfied"; it is partially assessed, in every document.
  it('is not satisfied: partially assessed in the AR and the SSP, with no POA&M item (nothing failed)', () => {
    const f = ar.results[0].findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
    expect(f.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect([...(f.props ?? []), ...(f.target.props ?? [])]).toContainEqual(expect.objectContaining({ name: 'assessment-state', value: 'partially-assessed' }));
    expect(f.description).toMatch(/none satisfies at-2 until they are defined/);
    expect(f.description).not.toMatch(/is satisfied by manual attestation/);
    const ssp = JSON.parse(readFileSync(join(dir, 'out', 'ssp.json'), 'utf8'));
    const req = ssp['system-security-plan']['control-implementation']['implemented-requirements'].find((r: Json) => r['control-id'] === 'at-2');
    const props = JSON.stringify(req);
    expect(props).toMatch(/"name":"assessment-finding","[^}]*"value":"partially-assessed"|"value":"partially-assessed"[^}]*"name":"assessment-finding"/);
    const poam = readFileSync(join(dir, 'out', 'poam.json'), 'utf8');
    expect(poam).not.toMatch(/\bat-2\b/);
  });

  // Every objective is attested (the attestation names none): nothing is left to the assessor, so the
  // finding must not say "the others are left to the assessor"; it says what is missing, by name and label.
  it('says what keeps it from satisfied: the undefined parameters with the catalog\'s labels, nothing left to the assessor', () => {
    const f = ar.results[0].findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
    expect(f.description).toMatch(/an attestation cannot show a requirement whose value nobody has set, and the organisation has not defined at-02_odp\.01 \(organization-defined frequency\), /);
    expect(f.description).not.toMatch(/left to the assessor/);
  });

  // The objective findings: an objective whose determination statement inserts an undefined ODP
  // ("... {{ insert: param, at-02_odp.01 }} thereafter") was still "satisfied" by the attestation.
  // Which objectives insert which ODP is read from NIST's rev5 catalog, not from the output.
  itWithShared('makes not satisfied each objective whose statement inserts an undefined ODP, and only those', () => {
    const catalog = JSON.parse(readFileSync(sharedPath('oscal', 'nist-800-53-rev5', 'NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json'), 'utf8')).catalog;
    const at2 = catalog.groups.find((g: Json) => g.id === 'at').controls.find((c: Json) => c.id === 'at-2');
    const inserts = new Map<string, string[]>();
    const walk = (p: Json) => {
      if (p.prose && !(p.parts ?? []).length) inserts.set(p.id, [...String(p.prose).matchAll(/insert: param, ([^ }]+)/g)].map((m) => m[1]!));
      for (const q of p.parts ?? []) walk(q);
    };
    for (const p of at2.parts.filter((x: Json) => x.name === 'assessment-objective')) walk(p);
    const withOdp = [...inserts].filter(([, ids]) => ids.length);
    const without = [...inserts].filter(([, ids]) => !ids.length);
    expect(withOdp.length).toBeGreaterThan(0);
    expect(without.length).toBeGreaterThan(0);
    const findings = ar.results[0].findings as Json[];
    const poam = readFileSync(join(dir, 'out', 'poam.json'), 'utf8');
    for (const [id, ids] of withOdp) {
      const o = findings.find((x) => x.target['target-id'] === id)!;
      expect(o.target.status, id).toEqual({ state: 'not-satisfied', reason: 'other' });
      expect(o.description).toMatch(/is not satisfied: an attestation cannot show a requirement whose value nobody has set/);
      // Partially assessed as its control is: nothing failed, the reason is the same.
      expect(o.props).toContainEqual(expect.objectContaining({ name: 'assessment-state', value: 'partially-assessed' }));
      for (const odp of ids) expect(o.description).toContain(odp);
      // Nothing to remediate but defining the value: no POA&M item, as for the control.
      expect(poam).not.toContain(o.uuid);
      expect(o.related_risks ?? o['related-risks']).toBeUndefined();
    }
    for (const [id] of without) {
      const o = findings.find((x) => x.target['target-id'] === id)!;
      expect(o.target.status, id).toEqual({ state: 'satisfied', reason: 'pass' });
      expect(o.description).not.toMatch(/has not defined/);
    }
  });
});

describe('an attested control whose ODPs a --params file defines', () => {
  let dir: string;
  const run = async (params: string, out: string) => {
    writeFileSync(join(dir, `${out}.json`), params);
    await runAssess({
      inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, out), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z',
      toolVersion: 'test', pdf: false, system: sample('system.yaml'), attestations: join(dir, 'a.yaml'), params: join(dir, `${out}.json`), warn: () => {},
    });
    return JSON.parse(readFileSync(join(dir, out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0].findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ato-attest-odp-set-'));
    writeFileSync(join(dir, 'a.yaml'), yaml);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is satisfied when every ODP of at-2 has the organisation\'s value, and names none as undefined', async () => {
    const f = await run(odpParamsJson(['at-2']), 'all');
    expect(f.target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect(f.description).not.toMatch(/not defined/);
    const objectives = JSON.parse(readFileSync(join(dir, 'all', 'assessment-results.json'), 'utf8'))['assessment-results'].results[0].findings.filter((x: Json) => x.target['target-id'].startsWith('at-2_obj.'));
    expect(objectives.length).toBeGreaterThan(0);
    for (const o of objectives) expect(o.target.status).toEqual({ state: 'satisfied', reason: 'pass' });
  }, 60_000);

  // The SSP stated the checks' parameter values only: the values the attestation of at-2 was judged
  // against (a --params entry naming a catalog ODP) were in no set-parameter.
  it('the SSP states each of those values as a set-parameter, with its origin, valid under both NIST schemas', async (ctx) => {
    requireShared(ctx);
    const given = JSON.parse(odpParamsJson(['at-2'])) as Record<string, string>;
    await run(JSON.stringify(given), 'ssp');
    const ssp = JSON.parse(readFileSync(join(dir, 'ssp', 'ssp.json'), 'utf8'));
    const sps = ssp['system-security-plan']['control-implementation']['set-parameters'] as Json[];
    const at2 = lookupControl(loadControlIndex(), 'at-2')!.params.filter((p) => p.includes('_odp'));
    expect(Object.keys(given).sort()).toEqual([...at2].sort());
    for (const id of at2) {
      const sp = sps.find((p) => p['param-id'] === id);
      expect(sp, id).toBeDefined();
      expect(sp!.values).toEqual([given[id]]);
      expect(sp!.remarks).toMatch(/params file ssp\.json/);
    }
    // One set-parameter per ODP, the checks' values still there.
    expect(new Set(sps.map((p) => p['param-id'])).size).toBe(sps.length);
    expect(sps.some((p) => p['param-id'] === 'ac-07_odp.01')).toBe(true);
    const { validateOscal } = await import('./support/oscal-schema.js');
    for (const version of ['1.1.3', '1.2.2'] as const) expect(validateOscal(ssp, version)).toEqual([]);
  }, 60_000);

  it('stays partially assessed while one ODP is left out, naming only that one', async () => {
    const some = JSON.parse(odpParamsJson(['at-2']));
    delete some['at-02_odp.03'];
    const f = await run(JSON.stringify(some), 'some');
    expect(f.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(f.description).toMatch(/Organisation-defined parameters not defined: at-02_odp\.03 \(/);
    expect(f.description).not.toMatch(/at-02_odp\.01/);
  }, 60_000);

  it('refuses an empty value, naming the file and the parameter', async () => {
    await expect(run(JSON.stringify({ 'at-02_odp.01': ' ' }), 'empty')).rejects.toThrow(/empty\.json.*at-02_odp\.01.*non-empty text/);
    expect(existsSync(join(dir, 'empty'))).toBe(false);
  });

  it('counts an ODP a --profile sets (the index entry\'s value) as defined', () => {
    const config = { catalog: { parameters: [] }, params: { params: new Map() }, index: { controls: { 'at-2': { params: ['at-02_odp.01'], paramValues: { 'at-02_odp.01': 'annually' } } } } };
    expect([...definedOdps(config as never)]).toEqual(['at-02_odp.01']);
  });
});

describe('withUndefinedOdps', () => {
  const f = (controlId: string, attested: boolean) => ({ controlId, ...(attested ? { attestations: [{}] } : {}) }) as unknown as ControlFinding;
  it('names only the undefined _odp parameters of attested controls', () => {
    const out = withUndefinedOdps([f('ac-7', true), f('ac-8', false)], () => ['x_odp.01', 'x_odp.02', 'x_prm_1'], new Set(['x_odp.01']));
    expect(out[0]!.undefinedOdps).toEqual(['x_odp.02']);
    expect(out[1]!.undefinedOdps).toBeUndefined();
  });
  it('makes a satisfied attested control partially assessed; one whose ODPs are all defined stays satisfied', () => {
    const g = { ...f('ac-7', true), state: 'satisfied', reason: 'pass' } as ControlFinding;
    expect(withUndefinedOdps([g], () => ['x_odp.01'], new Set())[0]).toMatchObject({ state: 'partial', reason: 'other' });
    expect(withUndefinedOdps([g], () => ['x_odp.01'], new Set(['x_odp.01']))[0]).toMatchObject({ state: 'satisfied', reason: 'pass' });
    const failed = { ...g, state: 'not-satisfied', reason: 'fail' } as ControlFinding;
    expect(withUndefinedOdps([failed], () => ['x_odp.01'], new Set())[0]).toMatchObject({ state: 'not-satisfied', reason: 'fail' });
  });
});
