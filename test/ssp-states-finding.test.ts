// The SSP keeps the statuses the vendor and the organisation declared (docs/ssp.md, the RMF order),
// but it must not read as if nothing were wrong: where the assessment results hold a finding of a
// control, the requirement states that finding (prop assessment-finding, the link's text), and a
// control declared implemented (or partial) that the assessment found not satisfied says so in
// its remarks. npm start's pl-4 (declared implemented, its attestation expired), pe-3 (attested,
// awaiting review) and ps-6 (attestation expected, none supplied) are such controls.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const S = (f: string) => join(root, 'samples', f);
const LATEST = ['CT-01/CT-01_2026-11-02', 'LAB-01/LAB-01_2026-11-02', 'MR-01/MR-01_2026-11-02', 'MR-02/MR-02_2026-11-02', 'US-01/US-01_2026-09-07'].map((f) => S(`${f}.json`));

let dir: string;
let ar: Json;
let reqs: Json[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-ssp-finding-'));
  await runAssess({
    inputs: LATEST, out: join(dir, 'pkg'), force: false, baseline: 'moderate', toolVersion: 't', pdf: false, now: '2026-11-02T18:00:00Z',
    system: S('system.yaml'), attestations: S('attestations.yaml'), capabilities: S('vendor-capabilities.yaml'), deviations: S('deviations.csv'),
  });
  ar = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  reqs = JSON.parse(readFileSync(join(dir, 'pkg', 'ssp.json'), 'utf8'))['system-security-plan']['control-implementation']['implemented-requirements'];
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const propOf = (o: Json, name: string): string | undefined => o.props?.find((x: Json) => x.name === name)?.value;
/** The control's own finding in the results (target `<control>_obj`), if any: its state, or partially-assessed as its prop says. */
const arState = (control: string): string | undefined => {
  const f = ar.findings.find((x: Json) => x.target['target-id'] === `${control}_obj`);
  return f && (propOf(f, 'assessment-state') ?? f.target.status.state);
};

describe('the SSP states the assessment\'s finding beside the declared status', () => {
  it('pl-4, pe-3 and ps-6: declared implemented, found not satisfied, and the requirement says both', () => {
    for (const c of ['pl-4', 'pe-3', 'ps-6']) {
      const r = reqs.find((x) => x['control-id'] === c)!;
      expect(arState(c), c).toBe('not-satisfied');
      expect(propOf(r, 'implementation-status'), c).toBe('implemented');
      expect(propOf(r, 'assessment-finding'), c).toBe('not-satisfied');
      expect(r.remarks, c).toContain('Declared implemented, but the assessment of 2026-11-02T18:00:00Z found it not satisfied');
      expect(r.links[0].text, c).toMatch(/: not satisfied; they say whether it works/);
    }
  });

  it('every requirement that states a finding states the one the results hold, and no declared status meets a contrary finding unsaid', () => {
    let stated = 0;
    for (const r of reqs) {
      const c = r['control-id'];
      const own = arState(c);
      const said = propOf(r, 'assessment-finding');
      if (own) {
        expect(said, c).toBe(own);
        stated++;
      }
      const status = propOf(r, 'implementation-status')!;
      if (own === 'not-satisfied' && status !== 'planned' && status !== 'not-applicable') expect(r.remarks, c).toMatch(/found it not satisfied/);
      if (said !== 'not-satisfied') expect(r.remarks ?? '', c).not.toMatch(/found it not satisfied/);
    }
    expect(stated).toBeGreaterThan(40);
  });
});
