// The PDF's control entry and attestation section say what the assessment results say of the same
// run, no more: an AO reading only the PDF must not read more than the AR claims.
// - at-2 attested whole, none of its ODPs defined: the AR finding names the undefined ODPs; the
//   PDF's control entry did not, reading as a plain "Satisfied by 1 current manual attestation(s)".
//   (Now partially assessed in both: an attestation cannot show a requirement whose value is undefined.)
// - sc-28, whose BitLocker check shows it only in part (confidentiality, not integrity, at rest): the
//   SSP and the component definition say "<check> shows sc-28 in part: ..." (prop check-in-part);
//   the PDF's entry named the check as plain evidence.
// - No assessor and no assessment team named (no --system, no --assessor): the AR says the reviewer is
//   "not confirmed as an assessor"; the PDF's attestation section said an attestation counts only
//   once an assessor has reviewed it, and that the reviewed ones were so.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlAssessmentIn, pdfPageTexts } from './support/pdf-text.js';
import { runAssess } from '../src/assess/run.js';
import { attestationsYaml, odpParamsJson } from './support/attestations.js';
import { loadControlIndex, lookupControl } from '../src/catalog/control-index.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { inPartOf } from '../src/catalog/types.js';
import { withSelectionsShown } from '../src/catalog/selection-shown.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
let dir: string;
let ar: Json;
let text: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-pdf-ar-'));
  copyFileSync(join(root, 'samples', 'attestations', 'at-2-awareness-roster-2026.md'), join(dir, 'evidence.md'));
  // Reviewed, current, naming no objectives; no --system, no --assessor. at-2: none of its ODPs
  // defined, so partially assessed; pl-4: its ODPs defined by --params, so satisfied by attestation.
  writeFileSync(join(dir, 'attestations.yaml'), attestationsYaml([{ control: 'at-2', when: '2026-09-15', expires: '2027-09-14', reviewed: '2026-10-01' }, { control: 'pl-4', when: '2026-09-15', expires: '2027-09-14', reviewed: '2026-10-01' }]));
  writeFileSync(join(dir, 'params.json'), odpParamsJson(['pl-4']));
  const out = join(dir, 'pkg');
  await runAssess({ inputs: [join(root, 'samples', 'MR-02', 'MR-02_2026-11-02.json')], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: true, now: '2026-11-02T18:00:00Z', attestations: join(dir, 'attestations.yaml'), params: join(dir, 'params.json'), warn: () => {} });
  ar = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  text = (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join(' ').replace(/\s+/g, ' ');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const assessmentOf = (heading: string): string => controlAssessmentIn(text, heading);

describe('an attested control whose ODPs nothing defines', () => {
  it('at-2: the PDF names the undefined ODPs as the AR finding does', () => {
    const f = ar.findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
    // An attestation cannot show a requirement whose value is undefined: partially assessed, in both.
    expect(f.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    // From NIST's catalog, not from the output: at-2's ODPs (no parameter of the run defines any).
    const odps = lookupControl(loadControlIndex(), 'at-2')!.params.filter((p) => p.includes('_odp'));
    expect(odps.length).toBeGreaterThan(1);
    const said = assessmentOf('at-2 — Literacy Training and Awareness');
    expect(said).toMatch(/^Partially assessed: manual attestations cover (\d+) of its \1 assessment objectives; an attestation cannot show a requirement whose value nobody has set, and the organisation has not defined at-02_odp\.01 \(organization-defined frequency\), /);
    // Every objective is attested: none is left to the assessor ("the other 0 are left" was said).
    expect(said).not.toMatch(/left to the assessor/);
    for (const id of odps) expect(said).toContain(id);
    // The same sentence as the AR's, word for word.
    const sentence = /Organisation-defined parameters not defined: [^]*? until they are defined\./.exec(f.description)?.[0];
    expect(sentence).toBeDefined();
    expect(said).toContain(sentence);
  });
});

describe('reviews when no assessor or assessment team is named', () => {
  it('the AR says the reviewer is not confirmed as an assessor, and so does the PDF; it never says an assessor reviewed it', () => {
    const f = ar.findings.find((x: Json) => x.target['target-id'] === 'pl-4_obj');
    expect(f.target.status.state).toBe('satisfied');
    expect(f.description).toContain('not confirmed as an assessor (no assessor or assessment team named');
    const at = text.indexOf('These 2 attestations are a person');
    expect(at).toBeGreaterThan(0);
    const section = text.slice(at, text.indexOf(' Control ', at));
    expect(section).toMatch(/not confirmed as an assessor/);
    expect(text).toContain("reviewed by Tomás Ibarra, not confirmed as an assessor");
    expect(section).toMatch(/no assessor or assessment team is named/);
    expect(section).not.toMatch(/once an assessor other than the attester has reviewed it/);
  });
});

describe('a control a check shows only in part', () => {
  it('sc-28: the PDF says which check shows it in part and what it leaves out, as the SSP does', () => {
    // From the check catalog, not from the output: the checks naming sc-28, and those that show it
    // in part, as a run defining no ODP states them (catalog/selection-shown.ts adds what a pass
    // leaves out of an objective inserting ODPs no check compares with: DISK-ENCRYPTION's sc-28.1_obj-1).
    const checks = withSelectionsShown(loadCatalog().checks, loadControlIndex(), () => undefined);
    const named = checks.filter((c) => c.controls.includes('sc-28')).map((c) => c.id);
    const partly = checks.filter((c) => named.includes(c.id) && inPartOf(c, 'sc-28'));
    expect(partly.length).toBeGreaterThan(0);
    const said = assessmentOf('sc-28 — Protection of Information at Rest');
    for (const c of partly) expect(said).toContain(`${c.id} shows sc-28 in part: ${inPartOf(c, 'sc-28')}.`);
    // A check that shows it whole is not said to be in part.
    for (const id of named.filter((id) => !partly.some((c) => c.id === id))) expect(said).not.toContain(`${id} shows sc-28 in part`);
  });
});

// sc-28.1 on the sample fleet failed on three consoles and was not collected on US-01 (stale): the
// AR's finding says "Evidence not collected: US-01 (...)", the PDF said only "failed on 3 of 5
// device(s)", as if the fifth had been seen to pass.
describe('a control failed on some devices and not collected on others', () => {
  let fleetAr: Json;
  let fleetText: string;
  beforeAll(async () => {
    const out = join(dir, 'fleet');
    await runAssess({ inputs: [join(root, 'samples')], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: true, now: '2026-11-02T18:00:00Z', warn: () => {} });
    fleetAr = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
    fleetText = (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join(' ').replace(/\s+/g, ' ');
  }, 180_000);

  it('sc-28.1: the PDF says on how many devices the evidence was not collected, as the AR lists them', () => {
    const f = fleetAr.findings.find((x: Json) => x.target['target-id'] === 'sc-28.1_obj');
    expect(f.target.status.reason).toBe('fail');
    const listed = /Evidence not collected: ([^.]*)\./.exec(f.description)?.[1];
    expect(listed).toBeDefined();
    const devices = new Set([...listed!.matchAll(/([A-Z0-9-]+) \(/g)].map((m) => m[1]));
    expect(devices.size).toBeGreaterThan(0);
    const heading = 'sc-28.1 — Cryptographic Protection';
    const at = fleetText.lastIndexOf(`${heading} Status `);
    const entry = fleetText.slice(at, at + 1500);
    const said = entry.slice(entry.indexOf(' Assessment ') + ' Assessment '.length, entry.indexOf(' Objectives decided '));
    expect(said).toMatch(/^Not satisfied: failed on \d+ of \d+ device\(s\)/);
    expect(said).toContain(`evidence not collected on ${devices.size} device(s)`);
  });

  it('sc-28.1: the PDF names the device/check pairs not collected, as the AR finding lists them', () => {
    const f = fleetAr.findings.find((x: Json) => x.target['target-id'] === 'sc-28.1_obj');
    const pairs = [...(/Evidence not collected: ([^.]*)\./.exec(f.description)?.[1] ?? '').matchAll(/([A-Z0-9-]+) \(([A-Z0-9-]+)\)/g)].map((m) => `${m[1]} (${m[2]})`);
    expect(pairs.length).toBeGreaterThan(0);
    const heading = 'sc-28.1 — Cryptographic Protection';
    const at = fleetText.lastIndexOf(`${heading} Status `);
    const entry = fleetText.slice(at, at + 1500);
    const said = entry.slice(entry.indexOf(' Assessment ') + ' Assessment '.length, entry.indexOf(' Objectives decided '));
    // Each pair the AR names (fewer than the PDF's bound here), in the AR's order, and no more.
    expect(said).toContain(`device(s): ${pairs.join(', ')}.`);
  });
});
