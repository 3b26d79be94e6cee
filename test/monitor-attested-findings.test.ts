// One monitor run, one verdict per control in every document. monitor's drift.json took the
// attestations and the system description into account (as assess does); the run's own
// assessment-results.json and stored summary (the trend chart's counts) did not: at-2, satisfied by
// its reviewed attestation in drift.json, was absent from the results, and so were pe-3, pl-4 and
// ps-6 (awaiting review, expired, never supplied). And the drift listed no control that was not
// satisfied with nothing shown (ps-6; sc-45.1, whose only check was not collected), where assess lists it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import type { Drift } from '../src/drift/types.js';
import { runMonitor } from '../src/monitor/run.js';
import { odpParamsJson, sampleAttestationsWithAt2Whole } from './support/attestations.js';
import { userErrorOfAsync } from './support/user-error.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-02T18:00:00Z';
const inputs = ['CT-01', 'MR-01'].map((d) => join(root, 'samples', d, `${d}_2026-11-02.json`));
const system = join(root, 'samples', 'system.yaml');

let dir: string;
let monitorResult: Json;
let assessResult: Json;
let drift: Drift;

/** Each control's state as a results document gives it in its control findings (a partially assessed control's is not-satisfied). */
function controlStates(result: Json): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of result.findings as Json[]) {
    if (!/_obj$/.test(f.target['target-id'])) continue;
    const partial = f.props.some((p: Json) => p.name === 'assessment-state' && p.value === 'partially-assessed');
    out.set(f.props.find((p: Json) => p.name === 'control-id').value, partial ? 'partial' : f.target.status.state);
  }
  return out;
}
const counted = (result: Json) => (result.description as string).match(/(\d+) controls assessed.*?: (\d+) satisfied, (\d+) not satisfied, (\d+) partially assessed/)!.slice(1).map(Number);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-monitor-attested-'));
  const attestations = sampleAttestationsWithAt2Whole(root, join(dir, 'att'));
  // at-2's ODPs defined (so its reviewed attestation satisfies it); pe-3's and pl-4's left undefined.
  const params = join(dir, 'odps.json');
  writeFileSync(params, odpParamsJson(['at-2']));
  await runMonitor({
    store: join(dir, 'store'), inputs, out: join(dir, 'run'), force: false, now: NOW, wallClock: NOW, toolVersion: 'test',
    baseline: 'moderate', pdf: false, attestations, system, params,
  });
  await runAssess({ inputs, out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', pdf: false, attestations, system, params });
  monitorResult = JSON.parse(readFileSync(join(dir, 'run', 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  assessResult = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  drift = JSON.parse(readFileSync(join(dir, 'run', 'drift.json'), 'utf8'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a monitor run with --attestations and --system', () => {
  it('its results give each control the verdict assess gives the same snapshots, clock and attestations', () => {
    const monitored = controlStates(monitorResult);
    expect(monitored.get('at-2')).toBe('satisfied');
    for (const id of ['pe-3', 'pl-4', 'ps-6']) expect(monitored.get(id), id).toBe('not-satisfied');
    expect([...monitored].sort()).toEqual([...controlStates(assessResult)].sort());
    expect(counted(monitorResult)).toEqual(counted(assessResult));
  });

  it('words an attested control as assess does: by attestation, whose, and its review', () => {
    const at2 = (monitorResult.findings as Json[]).find((f) => f.target['target-id'] === 'at-2_obj')!;
    expect(at2.description).toMatch(/^at-2 \(Literacy Training and Awareness\) is satisfied by manual attestation, reviewed by an assessor/);
    expect(at2.description).toContain('Dana Whitfield (Security Awareness Program Manager), EXAMINE on 2026-09-15, reviewed by Tomás Ibarra');
    expect(at2.description).not.toContain('every automated check mapped to it');
    const pe3 = (monitorResult.findings as Json[]).find((f) => f.target['target-id'] === 'pe-3_obj')!;
    expect(pe3.description).toMatch(/is not satisfied: it is attested, awaiting review/);
  });

  it('names an attested control\'s undefined ODPs as assess does (pe-3, pl-4: none of their ODPs is set; at-2\'s are)', () => {
    const odpSentence = (result: Json, id: string) => /Organisation-defined parameters not defined: [^]*? until they are defined\./.exec((result.findings as Json[]).find((f) => f.target['target-id'] === `${id}_obj`)!.description)?.[0];
    expect(odpSentence(monitorResult, 'at-2')).toBeUndefined();
    expect(odpSentence(assessResult, 'at-2')).toBeUndefined();
    for (const id of ['pe-3', 'pl-4']) {
      const assessed = odpSentence(assessResult, id);
      expect(assessed, id).toContain(`${id.replace('-', '-0')}_odp.01`);
      expect(odpSentence(monitorResult, id), id).toBe(assessed);
    }
  });

  it('its drift.json lists every control assess assessed, with the same counts as its results', () => {
    const [assessed, satisfied, notSatisfied, partial] = counted(monitorResult);
    const listed = new Map(drift.controls.map((c) => [c.controlId, c.new]));
    for (const [id, state] of controlStates(assessResult)) expect(listed.get(id), id).toBe(state);
    expect(drift.controls.length).toBe(assessed);
    expect(drift.summary.controls.satisfiedNew).toBe(satisfied);
    expect(drift.summary.controls.partialNew).toBe(partial);
    expect(drift.controls.filter((c) => c.new === 'not-satisfied').length).toBe(notSatisfied);
    // Not satisfied with nothing shown: the attestation never supplied, the only check not collected.
    expect(drift.controls.find((c) => c.controlId === 'ps-6')).toMatchObject({ transition: 'newly-assessed', new: 'not-satisfied' });
    expect(drift.controls.find((c) => c.controlId === 'sc-45.1')).toMatchObject({ transition: 'newly-assessed', new: 'not-satisfied' });
  });
});


describe('a review by someone the system description does not name as an assessor', () => {
  it('is refused by monitor as by assess, naming the attestations file and place, before the store is touched', async () => {
    const attestations = sampleAttestationsWithAt2Whole(root, join(dir, 'att-isso'));
    writeFileSync(attestations, readFileSync(attestations, 'utf8').replace('reviewed-by: { name: Tomás Ibarra', 'reviewed-by: { name: Priya Raman'));
    const store = join(dir, 'store-isso');
    const e = await userErrorOfAsync(() => runMonitor({
      store, inputs, out: join(dir, 'run-isso'), force: false, now: NOW, wallClock: NOW, toolVersion: 'test', baseline: 'moderate', pdf: false, attestations, system,
    }));
    expect(e.message).toMatch(/reviewed-by names Priya Raman, who is not the assessor or a member of the assessment team/);
    expect(e.file).toBe(attestations);
    expect(e.where).toBe('/attestations/0/reviewed-by');
    expect(existsSync(store)).toBe(false);
  });
});
