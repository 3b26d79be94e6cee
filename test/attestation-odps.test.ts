// A control satisfied by attestation whose organisation-defined parameters (ODPs) nothing in the
// run defines: the checks' rule for such a parameter is "not collected" until the organisation
// gives it (controls/parameters.yaml, src/evaluate), yet the finding said only "satisfied by manual
// attestation". It must say which ODPs were not defined, so nobody reads the attestation as judged
// against the organisation's values.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { withUndefinedOdps, type ControlFinding } from '../src/assess/controls.js';
import { loadControlIndex, lookupControl } from '../src/catalog/control-index.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
const yaml = `attestations:
  - control: at-2
    statement: Every console user completed the 2026 awareness course.
    who: { name: Dana Whitfield, role: Security Awareness Program Manager }
    when: 2026-09-15
    expires: 2027-09-14
    method: EXAMINE
    evidence: ${sample('attestations/at-2-awareness-roster-2026.md')}
    reviewed-by: { name: Tomás Ibarra, when: 2026-10-01 }
`;

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
});

describe('withUndefinedOdps', () => {
  const f = (controlId: string, attested: boolean) => ({ controlId, ...(attested ? { attestations: [{}] } : {}) }) as unknown as ControlFinding;
  it('names only the undefined _odp parameters of attested controls', () => {
    const out = withUndefinedOdps([f('ac-7', true), f('ac-8', false)], () => ['x_odp.01', 'x_odp.02', 'x_prm_1'], new Set(['x_odp.01']));
    expect(out[0]!.undefinedOdps).toEqual(['x_odp.02']);
    expect(out[1]!.undefinedOdps).toBeUndefined();
  });
});
