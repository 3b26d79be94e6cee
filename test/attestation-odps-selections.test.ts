// A selection whose choice inserts another ODP (pe-03_odp.02: "Selection (one or more): {{ insert:
// param, pe-03_odp.03 }}; guards"). With pe-03_odp.02 defined ("badge readers and guards") and
// pe-03_odp.03 (the systems or devices) undefined, the attested objective PE-03a.02 ("... using {{
// insert: param, pe-03_odp.02 }}") was satisfied: it states a requirement nobody set. It is not
// satisfied now, naming pe-03_odp.03; "guards" alone (a choice inserting nothing) needs nothing more.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { bundledObjectives, insertedParams, selectionNeeds } from '../src/catalog/objectives.js';
import { odpParamsJson } from './support/attestations.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
/** The catalog's placeholder of an ODP (bundled SP 800-53A data), never written out here. */
const placeholder = (control: string, odp: string): string => bundledObjectives().controls[control]!.params![odp]!;

describe('selectionNeeds', () => {
  const pe = placeholder('pe-3', 'pe-03_odp.02');
  const ac = placeholder('ac-7', 'ac-07_odp.03');
  it('the premise: the catalog\'s pe-03_odp.02 and ac-07_odp.03 are selections with choices inserting other ODPs', () => {
    expect(pe).toMatch(/^Selection/);
    expect(insertedParams(pe)).toEqual(['pe-03_odp.03']);
    expect(insertedParams(ac)).toEqual(['ac-07_odp.04', 'ac-07_odp.05', 'ac-07_odp.06']);
  });
  it('a value made of the choices inserting nothing needs no other ODP', () => {
    expect(selectionNeeds(pe, 'guards')).toEqual([]);
    expect(selectionNeeds(pe, ' Guards. ')).toEqual([]);
    expect(selectionNeeds(ac, 'notify system administrator')).toEqual([]);
    expect(selectionNeeds(ac, 'lock the account or node until released by an administrator; notify system administrator')).toEqual([]);
  });
  it('a value taking an inserting choice needs its ODP; a value no choice reads as needs every one', () => {
    expect(selectionNeeds(pe, 'badge readers and guards')).toEqual(['pe-03_odp.03']);
    expect(selectionNeeds(pe, 'badge readers; guards')).toEqual(['pe-03_odp.03']);
    expect(selectionNeeds(ac, 'lock the account or node for 30 minutes')).toEqual(['ac-07_odp.04']);
    expect(selectionNeeds(ac, 'delay next logon prompt per 5 s, notify system administrator')).toEqual(['ac-07_odp.05']);
    expect(selectionNeeds(ac, 'lock it').sort()).toEqual(['ac-07_odp.04', 'ac-07_odp.05', 'ac-07_odp.06']);
  });
  it('an assignment, or no value, needs nothing of its own', () => {
    expect(selectionNeeds(placeholder('pe-3', 'pe-03_odp.03'), 'badge readers')).toEqual([]);
    expect(selectionNeeds(pe, undefined)).toEqual([]);
  });
});

describe('an attested objective inserting a defined selection whose value needs an undefined ODP', () => {
  let dir: string;
  const yaml = `attestations:
  - control: pe-3
    statement: The console room's doors are controlled as the physical access policy says.
    who: { name: Dana Whitfield, role: Facility Security Officer }
    when: 2026-09-15
    expires: 2027-09-14
    method: EXAMINE
    evidence: ${sample('attestations/at-2-awareness-roster-2026.md')}
    reviewed-by: { name: Tomás Ibarra, when: 2026-10-01 }
`;
  const run = async (out: string, odp02: string) => {
    const params = JSON.parse(odpParamsJson(['pe-3']));
    delete params['pe-03_odp.03'];
    params['pe-03_odp.02'] = odp02;
    writeFileSync(join(dir, `${out}.json`), JSON.stringify(params));
    await runAssess({
      inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, out), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z',
      toolVersion: 'test', pdf: false, system: sample('system.yaml'), attestations: join(dir, 'a.yaml'), params: join(dir, `${out}.json`), warn: () => {},
    });
    const ar = JSON.parse(readFileSync(join(dir, out, 'assessment-results.json'), 'utf8'))['assessment-results'];
    return (id: string): Json => ar.results[0].findings.find((x: Json) => x.target['target-id'] === id);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'overclaim43-selection-'));
    writeFileSync(join(dir, 'a.yaml'), yaml);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('"badge readers and guards" with pe-03_odp.03 undefined: PE-03a.02 not satisfied, naming pe-03_odp.03', async () => {
    const finding = await run('readers', 'badge readers and guards');
    const o = finding('pe-3_obj.a.2');
    expect(o.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(o.description).toMatch(/pe-03_odp\.03 \(organization-defined systems or devices\), which the organisation has not defined/);
    // PE-03a.01 inserts pe-03_odp.01 only, which is defined.
    expect(finding('pe-3_obj.a.1').target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect(finding('pe-3_obj').target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
  }, 60_000);

  it('"guards" (a choice inserting nothing): PE-03a.02 satisfied; the control still names pe-03_odp.03 as undefined', async () => {
    const finding = await run('guards', 'guards');
    expect(finding('pe-3_obj.a.2').target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect(finding('pe-3_obj').description).toMatch(/Organisation-defined parameters not defined: pe-03_odp\.03 \(/);
  }, 60_000);
});
