// A --params or --profile value that only restates an ODP's blank ("[Assignment: organization-defined
// frequency]", "TBD", "<value>") defined the ODP: at-2 attested whole, its training frequency so
// "set", was satisfied, and the SSP stated "TBD" as the organisation's value. It defines nothing:
// the ODP stays undefined (warned), the control partially assessed, the SSP states no value for it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { restatesPlaceholder } from '../src/params/placeholder.js';
import { odpParamsJson, sampleAt2Yaml } from './support/attestations.js';
import { describeWithShared, rev5 } from './support/shared.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
const yaml = sampleAt2Yaml(join(root, 'samples'));

describe('restatesPlaceholder', () => {
  it('takes the blank, its label, its markup and "still to come" notes for no value', () => {
    for (const v of ['[Assignment: organization-defined frequency]', 'Assignment: organization-defined frequency', 'organization-defined frequency', 'Organisation-defined events', 'TBD', ' tbd. ', 'T.B.D.', 'to be determined', 'To Be Defined', '<value>', '<frequency>', '{{ insert: param, at-02_odp.01 }}', '[Selection (one or more): guards; devices]', '"TBD"']) {
      expect(restatesPlaceholder(v), v).toBe(true);
    }
    expect(restatesPlaceholder('personnel with console access', 'personnel with console access')).toBe(true);
  });
  it('takes a real value for one, "N/A" included (a selection may offer it)', () => {
    for (const v of ['annually', 'every 365 days', 'N/A', 'organization-wide', 'organization-defined frequency: annually', 'new hires; system changes', 'Assignment of roles by the ISSO', 'TBD by 2027-01-01 per POL-12', '< 30 days']) {
      expect(restatesPlaceholder(v), v).toBe(false);
    }
  });
});

describe('an attested control whose ODP value restates its placeholder', () => {
  let dir: string;
  const run = async (out: string, opts: { params?: Json; profile?: Json }) => {
    const warnings: string[] = [];
    if (opts.params) writeFileSync(join(dir, `${out}.params.json`), JSON.stringify(opts.params));
    if (opts.profile) writeFileSync(join(dir, `${out}.profile.json`), JSON.stringify(opts.profile));
    await runAssess({
      inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, out), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z',
      toolVersion: 'test', pdf: false, system: sample('system.yaml'), attestations: join(dir, 'a.yaml'), warn: (m) => warnings.push(m),
      ...(opts.params ? { params: join(dir, `${out}.params.json`) } : {}),
      ...(opts.profile ? { profile: join(dir, `${out}.profile.json`) } : {}),
    });
    const ar = JSON.parse(readFileSync(join(dir, out, 'assessment-results.json'), 'utf8'))['assessment-results'];
    const ssp = JSON.parse(readFileSync(join(dir, out, 'ssp.json'), 'utf8'))['system-security-plan'];
    const finding = (id: string) => ar.results[0].findings.find((x: Json) => x.target['target-id'] === id);
    const setParam = (id: string) => ((ssp['control-implementation']['set-parameters'] ?? []) as Json[]).find((p) => p['param-id'] === id);
    return { finding, setParam, warnings };
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'overclaim43-placeholder-'));
    writeFileSync(join(dir, 'a.yaml'), yaml);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the premise: every at-2 ODP given a real value, at-2 and at-2_obj.a.1-3 are satisfied', async () => {
    const r = await run('real', { params: JSON.parse(odpParamsJson(['at-2'])) });
    expect(r.finding('at-2_obj').target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect(r.finding('at-2_obj.a.1-3').target.status).toEqual({ state: 'satisfied', reason: 'pass' });
  }, 60_000);

  for (const blank of ['[Assignment: organization-defined frequency]', 'organization-defined frequency', 'TBD', 'to be determined', '<value>']) {
    it(`--params at-02_odp.01 = ${JSON.stringify(blank)}: undefined, partially assessed, not in the SSP, warned`, async () => {
      const params = { ...JSON.parse(odpParamsJson(['at-2'])), 'at-02_odp.01': blank };
      const r = await run(`p-${blank.replace(/\W+/g, '_')}`, { params });
      const f = r.finding('at-2_obj');
      expect(f.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
      expect(f.description).toMatch(/Organisation-defined parameters not defined: at-02_odp\.01 \(/);
      // AT-02a.01[03] "... {{ insert: param, at-02_odp.01 }} thereafter" states the frequency nobody set.
      expect(r.finding('at-2_obj.a.1-3').target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
      expect(r.setParam('at-02_odp.01')).toBeUndefined();
      expect(r.setParam('at-02_odp.02')).toBeDefined();
      expect(r.warnings.join('\n')).toMatch(/at-02_odp\.01 .*restates the blank.*defines nothing/);
    }, 60_000);
  }

  describeWithShared('from a --profile', () => {
    it('a set-parameters value "TBD" for at-02_odp.01 defines nothing; a real one does', async () => {
      const profile = (value: string) => ({
        profile: {
          uuid: '0d1c1b4e-4f0e-4a51-9d2b-6a8b3e2f1c43',
          metadata: { title: 'Site', 'last-modified': '2026-10-01T00:00:00Z', version: '1', 'oscal-version': '1.1.3' },
          imports: [{ href: rev5.resolved('MODERATE'), 'include-all': {} }],
          modify: { 'set-parameters': [{ 'param-id': 'at-02_odp.01', values: [value] }] },
        },
      });
      const others = JSON.parse(odpParamsJson(['at-2']));
      delete others['at-02_odp.01'];
      const real = await run('profile-real', { params: others, profile: profile('annually') });
      expect(real.finding('at-2_obj').target.status).toEqual({ state: 'satisfied', reason: 'pass' });
      expect(real.setParam('at-02_odp.01')?.values).toEqual(['annually']);
      const tbd = await run('profile-tbd', { params: others, profile: profile('TBD') });
      expect(tbd.finding('at-2_obj').target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
      expect(tbd.finding('at-2_obj.a.1-3').target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
      expect(tbd.setParam('at-02_odp.01')).toBeUndefined();
      expect(tbd.warnings.join('\n')).toMatch(/profile .*at-02_odp\.01 .*restates the blank/);
    }, 120_000);
  });
});

describe('a check parameter filling an ODP, given only its blank in a params file', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'overclaim43-placeholder-check-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // logon-banner-text fills ac-08_odp.01: "TBD" was the banner a console had to show (one reading
  // "TBD" passed LOGON-BANNER) and the SSP stated it as ac-08_odp.01. It is refused, naming file and parameter.
  for (const [id, value] of [['logon-banner-text', 'TBD'], ['logon-banner-text', '[Assignment: organization-defined system use notification message or banner]']] as const) {
    it(`refuses ${id} = ${JSON.stringify(value)}, writing nothing`, async () => {
      const file = join(dir, 'params.json');
      writeFileSync(file, JSON.stringify({ [id]: value }));
      const out = join(dir, 'out');
      await expect(runAssess({
        inputs: [sample('MR-02/MR-02_2026-11-02.json')], out, force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z',
        toolVersion: 'test', pdf: false, params: file, warn: () => {},
      })).rejects.toThrow(/params\.json.*logon-banner-text.*restates the blank.*ac-08_odp\.01/s);
      expect(existsSync(out)).toBe(false);
    }, 60_000);
  }
});
