// NIST's aggregate parameters (ac-1_prm_1, prop `aggregates`: ac-01_odp.01 and ac-01_odp.02) are the
// statement's one blank that the ODPs split. The bundled index dropped the aggregation, so (1) an
// objective whose prose inserts an aggregate (none of NIST's 53A objectives does; a user's --catalog
// may) stayed satisfied by an attestation with its ODPs undefined, and (2) a value for the aggregate
// could not be given (--params refused it as unknown; a --profile's counted for no ODP). Now the
// index keeps the aggregation, an inserted aggregate states its ODPs, and its value defines each.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { odpParamsJson } from './support/attestations.js';
import { describeWithShared, rev5 } from './support/shared.js';
import { validateOscal } from './support/oscal-schema.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
const yaml = `attestations:
  - control: ac-1
    statement: The access control policy and procedures are written, approved and handed to every console user.
    who: { name: Dana Whitfield, role: ISSO }
    when: 2026-09-15
    expires: 2027-09-14
    method: EXAMINE
    evidence: ${sample('attestations/at-2-awareness-roster-2026.md')}
    reviewed-by: { name: Tomás Ibarra, when: 2026-10-01 }
`;

/** Every control of a catalog, enhancements included. */
const controlsOf = (catalog: Json): Json[] => {
  const out: Json[] = [];
  const walk = (c: Json): void => { out.push(c); for (const s of c.controls ?? []) walk(s); };
  for (const g of catalog.groups ?? []) for (const c of g.controls ?? []) walk(c);
  return out;
};

describeWithShared('aggregate parameters', () => {
  let dir: string;
  const run = async (out: string, opts: { params: Json; catalog?: string }) => {
    writeFileSync(join(dir, `${out}.params.json`), JSON.stringify(opts.params));
    await runAssess({
      inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, out), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z',
      toolVersion: 'test', pdf: false, system: sample('system.yaml'), attestations: join(dir, 'a.yaml'), warn: () => {},
      params: join(dir, `${out}.params.json`), ...(opts.catalog ? { catalog: opts.catalog } : {}),
    });
    const ar = JSON.parse(readFileSync(join(dir, out, 'assessment-results.json'), 'utf8'));
    const ssp = JSON.parse(readFileSync(join(dir, out, 'ssp.json'), 'utf8'));
    const finding = (id: string): Json => ar['assessment-results'].results[0].findings.find((x: Json) => x.target['target-id'] === id);
    const setParam = (id: string): Json | undefined => ((ssp['system-security-plan']['control-implementation']['set-parameters'] ?? []) as Json[]).find((p) => p['param-id'] === id);
    return { ar, ssp, finding, setParam };
  };
  /** ac-1's ODPs defined, but for those named. */
  const ac1Params = (...left: string[]): Json => {
    const p = JSON.parse(odpParamsJson(['ac-1']));
    for (const id of left) delete p[id];
    return p;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'overclaim43-aggregates-'));
    writeFileSync(join(dir, 'a.yaml'), yaml);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the bundled index keeps each control\'s aggregation as NIST\'s HIGH catalog states it', () => {
    const catalog = JSON.parse(readFileSync(rev5.resolved('HIGH'), 'utf8')).catalog;
    const index = loadControlIndex();
    let n = 0;
    for (const c of controlsOf(catalog)) {
      const expected: Record<string, string[]> = {};
      for (const p of c.params ?? []) {
        const ids = (p.props ?? []).filter((x: Json) => x.name === 'aggregates').map((x: Json) => x.value);
        if (ids.length) expected[p.id] = ids;
      }
      n += Object.keys(expected).length;
      expect(index.controls[c.id]?.aggregates ?? {}, c.id).toEqual(expected);
    }
    expect(n).toBeGreaterThan(0);
    expect(index.controls['ac-1']!.aggregates!['ac-1_prm_1']).toEqual(['ac-01_odp.01', 'ac-01_odp.02']);
  });

  it('a --catalog objective inserting ac-1_prm_1 states its ODPs: not satisfied by the attestation while they are undefined', async () => {
    const doc = JSON.parse(readFileSync(rev5.resolved('MODERATE'), 'utf8'));
    const ac1 = controlsOf(doc.catalog).find((c) => c.id === 'ac-1')!;
    let edited = 0;
    const walk = (p: Json): void => {
      if (p.id === 'ac-1_obj.a-2' && typeof p.prose === 'string') { p.prose = p.prose.replace(/\{\{ insert: param, ac-01_odp\.01 \}\}/, '{{ insert: param, ac-1_prm_1 }}'); edited++; }
      for (const q of p.parts ?? []) walk(q);
    };
    for (const p of ac1.parts) walk(p);
    expect(edited).toBe(1);
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await run('catalog', { params: ac1Params('ac-01_odp.01', 'ac-01_odp.02'), catalog: file });
    const o = r.finding('ac-1_obj.a-2');
    expect(o.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(o.description).toMatch(/ac-01_odp\.01 \(.*\).*ac-01_odp\.02 \(.*\), which the organisation has not defined/);
    expect(r.finding('ac-1_obj.a-1').target.status).toEqual({ state: 'satisfied', reason: 'pass' });
  }, 120_000);

  it('--params ac-1_prm_1 defines the ODPs it aggregates: ac-1 satisfied, the SSP states the value for each, naming the aggregate', async () => {
    const r = await run('prm', { params: { ...ac1Params('ac-01_odp.01', 'ac-01_odp.02'), 'ac-1_prm_1': 'every console user and the ISSO' } });
    expect(r.finding('ac-1_obj').target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect(r.finding('ac-1_obj.a-2').target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    for (const id of ['ac-01_odp.01', 'ac-01_odp.02']) {
      expect(r.setParam(id)?.values, id).toEqual(['every console user and the ISSO']);
      expect(r.setParam(id)?.remarks, id).toMatch(/as ac-1_prm_1, which aggregates it/);
    }
    for (const version of ['1.1.3', '1.2.2'] as const) expect(validateOscal(r.ssp, version)).toEqual([]);
    // An ODP given its own value keeps it.
    const own = await run('prm-own', { params: { ...ac1Params('ac-01_odp.02'), 'ac-1_prm_1': 'every console user' } });
    expect(own.setParam('ac-01_odp.01')?.values).toEqual([JSON.parse(odpParamsJson(['ac-1']))['ac-01_odp.01']]);
    expect(own.setParam('ac-01_odp.02')?.values).toEqual(['every console user']);
  }, 120_000);

  it('an aggregate\'s placeholder value defines nothing', async () => {
    const r = await run('prm-tbd', { params: { ...ac1Params('ac-01_odp.01', 'ac-01_odp.02'), 'ac-1_prm_1': 'TBD' } });
    expect(r.finding('ac-1_obj').target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(r.finding('ac-1_obj.a-2').target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(r.setParam('ac-01_odp.01')).toBeUndefined();
  }, 120_000);
});
