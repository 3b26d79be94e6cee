// Not applicable is no evidence that a control is met. A control whose every check did not apply
// on every device (ia-3 on LAB-01, a console with no DICOM at all) is partially assessed, never
// satisfied, and its finding says why its objective is left to the assessor: its checks did not
// apply there. The finding named the objective without the reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { describeArsValid } from './support/oscal-schema.js';
import { ControlAggregator } from '../src/assess/controls.js';
import type { Check } from '../src/catalog/types.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const { dir, cli } = cliScratch('ato-na-control-');
const written: Json[] = [];
const prop = (x: Json, name: string): string | undefined => ((x.props ?? []) as Json[]).find((p) => p.name === name)?.value;

describe('a control whose checks are all not applicable (aggregator)', () => {
  const checks = (na: 'satisfies' | 'not-shown') => [
    { id: 'A', controls: ['sc-8'], objectives: ['sc-8_obj'], severity: 'CAT II', notApplicable: na },
    { id: 'B', controls: ['sc-8'], objectives: ['sc-8_obj'], severity: 'CAT II', notApplicable: na },
  ] as unknown as Check[];
  const info = () => ({ title: 'Transmission Confidentiality and Integrity', objective: 'sc-8_obj', baselines: ['moderate'], leaves: ['sc-8_obj'] });
  for (const na of ['satisfies', 'not-shown'] as const) {
    it(`is partially assessed, its objective not shown, with not-applicable: ${na}`, () => {
      const agg = new ControlAggregator(checks(na), info, 'moderate');
      agg.addDevice('D1', ['not-applicable', 'not-applicable'], () => undefined);
      agg.addDevice('D2', ['not-applicable', 'not-applicable'], () => undefined);
      const [f] = agg.findings();
      expect(f!.state).toBe('partial');
      expect(f!.uncovered).toEqual([{ objectiveId: 'sc-8_obj', why: 'not-shown' }]);
      expect(f!.objectives[0]!.notShownCount).toBe(2);
    });
  }
});

describe('assess of LAB-01 (no DICOM: ia-3\'s checks do not apply)', () => {
  it('ia-3\'s finding is not-satisfied, partially assessed, and says its checks did not apply on the one device', () => {
    const out = join(dir(), 'pkg');
    const r = cli(['assess', join(ROOT, 'samples/LAB-01/LAB-01_2026-11-02.json'), '--out', out, '--now', '2026-11-02T18:00:00Z', '--no-pdf']);
    expect(r.code, r.stderr).toBe(0);
    const ar = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8')) as Json;
    written.push(ar);
    const result = ar['assessment-results'].results[0] as Json;
    const ia3 = (result.findings as Json[]).find((f) => prop(f, 'control-id') === 'ia-3' && !prop(f, 'objective-id'))!;
    expect(prop(ia3, 'checks')).toBe('DICOM-NODE-AUTH DICOM-TLS-REVOCATION');
    // Both checks not applicable: their observations say so.
    const na = (result.observations as Json[]).filter((o) => /DICOM-NODE-AUTH|DICOM-TLS-REVOCATION/.test(o.title) && /not.applicable/i.test(JSON.stringify(o)));
    expect(na.length).toBeGreaterThan(0);
    expect(ia3.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(prop(ia3, 'assessment-state')).toBe('partially-assessed');
    expect(ia3.description).toContain('ia-3_obj (its checks did not apply on 1 of 1 device(s))');
    const ssp = JSON.parse(readFileSync(join(out, 'ssp.json'), 'utf8')) as Json;
    const req = (ssp['system-security-plan']['control-implementation']['implemented-requirements'] as Json[]).find((x) => x['control-id'] === 'ia-3')!;
    expect(prop(req, 'assessment-finding')).toBe('partially-assessed');
  }, 120_000);

  describeArsValid('the AR of LAB-01', written);
});
