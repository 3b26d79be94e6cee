// A control the system description expects attested (`evidence: attestation`) with no attestation
// supplied was counted among the controls "assessed by manual attestation alone" (the PDF's cover
// and executive summary, the results' description), and listed in the results' reviewed controls
// as "evidenced by manual attestations ..., each with its evidence file": the sample package said
// "5 controls by manual attestation alone" for 4 attestations, ps-6 having none. Nothing was
// examined for it: it is counted and listed apart, as not satisfied for want of its attestation.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { attestationsYaml } from './support/attestations.js';
import { propOf } from './support/oscal-json.js';
import { pdfPageTexts } from './support/pdf-text.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
let dir: string;
let result: Json;
let text: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-unattested-'));
  copyFileSync(join(root, 'samples', 'attestations', 'at-2-awareness-roster-2026.md'), join(dir, 'evidence.md'));
  // at-2 attested and reviewed; ps-6 declared `evidence: attestation` in samples/system.yaml, none given.
  writeFileSync(join(dir, 'attestations.yaml'), attestationsYaml([{ control: 'at-2', when: '2026-09-15', expires: '2027-09-14', reviewed: '2026-10-01' }]));
  const out = join(dir, 'pkg');
  await runAssess({
    inputs: [join(root, 'samples', 'MR-02', 'MR-02_2026-11-02.json')], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: true, now: '2026-11-02T18:00:00Z',
    attestations: join(dir, 'attestations.yaml'), system: join(root, 'samples', 'system.yaml'),
  });
  result = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  text = (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join(' ').replace(/\s+/g, ' ');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a control expected attested, none supplied', () => {
  it('is not among the controls evidenced by attestation in the results, but in a selection of its own', () => {
    expect(result.findings.find((f: Json) => f.target['target-id'] === 'ps-6_obj').target.status.state).toBe('not-satisfied');
    const selections: Json[] = result['reviewed-controls']['control-selections'];
    const ids = (s: Json | undefined): string[] => (s?.['include-controls'] ?? []).map((c: Json) => c['control-id']);
    const attested = selections.find((s) => propOf(s, 'assessment-method') === 'attestation' && propOf(s, 'assessment-state') === undefined);
    expect(ids(attested)).toEqual(['at-2']);
    expect(ids(selections.find((s) => propOf(s, 'assessment-state') === 'attestation-missing'))).toEqual(['ps-6']);
  });

  it('is not counted as assessed by attestation in the results\' description, the PDF cover or the executive summary', () => {
    expect(result.description).toContain('(1 of them by manual attestation alone, no check covering them; 1 with no check and the attestation the system description expects never supplied):');
    expect(text).toContain("1 control by manual attestation alone, 1 control expected attested with no attestation supplied (not satisfied), the rest from the devices' own configuration");
    expect(text).toMatch(/passed, \d+ failed\), 1 control of them by manual attestation alone, 1 control of them expected attested with no attestation supplied,/);
  });
});
