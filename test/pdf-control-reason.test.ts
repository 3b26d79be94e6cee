// The PDF's control entry says why a control is not satisfied, as the assessment results do:
// - pe-3, attested but awaiting review (no check): the PDF said "Not satisfied: 0 of its 1 manual
//   attestation(s) expired", which gives no reason (the AR: "attested, awaiting review");
// - ac-11, whose checks all pass on MR-02 and whose attestation lapsed: the PDF said "evidence is
//   missing for at least one device", which is not so (the AR: the attestation expired).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlAssessmentIn, pdfPageTexts } from './support/pdf-text.js';
import { runAssess } from '../src/assess/run.js';
import { propOf } from './support/oscal-json.js';
import { attestationsYaml } from './support/attestations.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
let dir: string;
let ar: Json;
let text: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-pdf-reason-'));
  copyFileSync(join(root, 'samples', 'attestations', 'pe-3-badge-access-review-2026Q3.md'), join(dir, 'evidence.md'));
  writeFileSync(join(dir, 'attestations.yaml'), attestationsYaml([
    // Awaiting review.
    { control: 'pe-3', statement: 'The MR suite is badge-controlled.', who: { name: 'Marcus Oyelaran', role: 'Facilities Security Manager' }, when: '2026-10-20', expires: '2027-04-20', method: 'INTERVIEW' },
    // Reviewed, lapsed before the assessment.
    { control: 'ac-11', statement: 'Consoles are never left logged on unattended.', when: '2025-10-01', expires: '2026-09-30', reviewed: '2025-10-02' },
  ]));
  const out = join(dir, 'pkg');
  await runAssess({ inputs: [join(root, 'samples', 'MR-02', 'MR-02_2026-11-02.json')], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: true, now: '2026-11-02T18:00:00Z', attestations: join(dir, 'attestations.yaml') });
  ar = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  text = (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join(' ').replace(/\s+/g, ' ');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const assessmentOf = (heading: string): string => controlAssessmentIn(text, heading);

describe('the PDF gives the reason the AR gives for a control not satisfied', () => {
  it('pe-3, awaiting review: the AR and the PDF say "attested, awaiting review"', () => {
    const f = ar.findings.find((x: Json) => x.target['target-id'] === 'pe-3_obj');
    expect(f.target.status.state).toBe('not-satisfied');
    expect(f.description).toMatch(/attested, awaiting review/);
    const said = assessmentOf('pe-3 — Physical Access Control');
    expect(said).toMatch(/^Not satisfied: attested, awaiting review/);
    expect(said).not.toMatch(/expired/);
  });

  it('ac-11, its checks passing on MR-02 and its attestation lapsed: the PDF says the attestation expired, not that evidence is missing', () => {
    const f = ar.findings.find((x: Json) => x.target['target-id'] === 'ac-11_obj');
    expect(f.target.status.state).toBe('not-satisfied');
    expect(propOf(f, 'attestations')).toMatch(/expired/);
    const checks = propOf(f, 'checks')!.split(' ');
    for (const o of ar.observations.filter((x: Json) => checks.includes(propOf(x, 'check-id')!))) expect(['pass', 'not-applicable']).toContain(propOf(o, 'result'));
    const said = assessmentOf('ac-11 — Device Lock');
    expect(said).toMatch(/^Not satisfied: an attestation of it expired\./);
    expect(said).not.toMatch(/evidence is missing/);
  });
});

// The cover and the executive summary said "N controls were assessed from the devices' own
// configuration" and "every value comes from a configuration snapshot", N counting pe-3, which no
// check covers and only an attestation decided.
describe('controls decided by attestations alone are not presented as configuration evidence', () => {
  it('the AR, the PDF cover and the executive summary count them apart', () => {
    const attested = ar['reviewed-controls']['control-selections'].find((s: Json) => propOf(s, 'assessment-method') === 'attestation');
    const ids: string[] = attested['include-controls'].map((c: Json) => c['control-id']);
    expect(ids).toContain('pe-3');
    expect(ids).not.toContain('ac-11'); // its checks ran on MR-02
    const n = ids.length;
    const of = n === 1 ? '1 control' : `${n} controls`;
    expect(ar.description).toContain(`(${n} of them by manual attestation alone, no check covering them)`);
    expect(text).toContain(`${of} by manual attestation alone, the rest from the devices' own configuration`);
    expect(text).toMatch(new RegExp(`passed, \\d+ failed\\), ${of} of them by manual attestation alone`));
    expect(text).toContain('Manual attestations (2) are not configuration evidence');
    expect(text).not.toContain("controls were assessed from the devices' own configuration");
  });
});
