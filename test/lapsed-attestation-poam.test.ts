// A lapsed attestation is a weakness of its own, whatever else keeps the objective it covers from
// satisfied (docs/attestations.md: "any expired -> not satisfied"): the assessment results, the
// POA&M and the PDF must all say it, and fixing another weakness must not be what reveals it.
// - ac-7, attested (lapsed 2026-09-30) while every objective has a failing check (LOCKOUT-* on
//   LAB-01 and CT-01): the POA&M had the check items only, the lapse appeared nowhere in it.
// - au-9.4, attested (lapsed) while its objective's evidence is not collected on US-01 (stale)
//   and passes elsewhere: the POA&M had the lapse only, not the evidence not collected.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPageTexts } from './support/pdf-text.js';
import { runAssess } from '../src/assess/run.js';
import { propOf } from './support/oscal-json.js';
import { attestationEntry } from './support/attestations.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
const NOW = '2026-11-02T18:00:00Z';

let dir: string;
let ar: Json;
let poam: Json;
let pdfText: string;

// Reviewed, lapsed on 2026-09-30.
const attestation = (control: string) => attestationEntry({ control, when: '2025-10-01', expires: '2026-09-30', reviewed: '2025-10-02' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-lapsed-'));
  mkdirSync(join(dir, 'att'));
  writeFileSync(join(dir, 'att', 'evidence.md'), 'signed procedure\n');
  // pe-3: current, but not yet reviewed by an assessor.
  const awaiting = attestationEntry({ control: 'pe-3', when: '2025-10-01', expires: '2027-09-30' });
  writeFileSync(join(dir, 'att', 'attestations.yaml'), `attestations:\n${attestation('ac-7')}${attestation('au-9.4')}${awaiting}`);
  const out = join(dir, 'pkg');
  await runAssess({
    inputs: [join(root, 'samples')], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: true, now: NOW,
    deviations: sample('deviations.csv'), attestations: join(dir, 'att', 'attestations.yaml'),
  });
  ar = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  poam = JSON.parse(readFileSync(join(out, 'poam.json'), 'utf8'))['plan-of-action-and-milestones'];
  pdfText = (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join(' ').replace(/\s+/g, ' ');
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const propsOf = (o: Json, name: string): string[] => (o.props ?? []).filter((x: Json) => x.name === name).map((x: Json) => x.value);
const itemsOf = (control: string): Json[] => poam['poam-items'].filter((it: Json) => propsOf(it, 'control-id').includes(control));
const finding = (target: string): Json => ar.findings.find((f: Json) => f.target['target-id'] === target);

describe('a lapsed attestation beside a failing check (ac-7)', () => {
  it('the AR: not satisfied, the attestation expired, and the finding cites the lapse\'s risk beside the checks\'', () => {
    const f = finding('ac-7_obj');
    expect(f.target.status.state).toBe('not-satisfied');
    expect(propOf(f, 'attestations')).toMatch(/expired until 2026-09-30/);
    // Every objective of ac-7 is failed by a check: the premise of the case.
    for (const o of ar.findings.filter((x: Json) => propOf(x, 'control-id') === 'ac-7' && propOf(x, 'objective-id'))) expect(o.target.status.reason).toBe('fail');
    const lapse = itemsOf('ac-7').filter((it) => propOf(it, 'weakness-key') === 'attestation:ac-7');
    expect(lapse).toHaveLength(1);
    const risk = lapse[0]!['related-risks'][0]['risk-uuid'];
    expect(f['related-risks'].map((r: Json) => r['risk-uuid'])).toContain(risk);
    expect(ar.risks.some((r: Json) => r.uuid === risk)).toBe(true);
  });

  it('the POA&M: one open item for the lapse, first detected the day after it, beside the failing checks\' items', () => {
    const items = itemsOf('ac-7');
    expect(items.map((it) => propOf(it, 'weakness-key')).sort()).toEqual(['attestation:ac-7', 'check:LOCKOUT-DURATION', 'check:LOCKOUT-THRESHOLD']);
    const lapse = items.find((it) => propOf(it, 'weakness-key') === 'attestation:ac-7')!;
    expect(propOf(lapse, 'poam-status')).toBe('open');
    expect(propOf(lapse, 'first-detected')).toBe('2026-10-01');
    expect(lapse.title).toMatch(/attestation lapsed 2026-09-30/);
  });

  it('the PDF lists the lapse among the POA&M items', () => {
    expect(pdfText.includes('AC-7: attestation lapsed 2026-09-30'), 'the PDF\'s POA&M lists the lapse').toBe(true);
  });
});

describe('a lapsed attestation beside evidence not collected (au-9.4)', () => {
  it('both weaknesses are items: the lapse, and the evidence not collected on US-01', () => {
    expect(finding('au-9.4_obj').target.status.state).toBe('not-satisfied');
    const keys = itemsOf('au-9.4').map((it) => propOf(it, 'weakness-key')).sort();
    expect(keys).toEqual(['attestation:au-9.4', 'objective:au-9.4_obj']);
    const missing = itemsOf('au-9.4').find((it) => propOf(it, 'weakness-key') === 'objective:au-9.4_obj')!;
    expect(propsOf(missing, 'affected-device')).toEqual(['US-01']);
    // The finding cites both risks.
    const cited = finding('au-9.4_obj')['related-risks'].map((r: Json) => r['risk-uuid']);
    for (const it of itemsOf('au-9.4')) expect(cited).toContain(it['related-risks'][0]['risk-uuid']);
  });
});

// The milestones said "<subject> remediated on every affected device" for every item: a lapsed
// attestation is renewed, not fixed on devices, and evidence not collected is collected.
describe('each item\'s milestones say what ends its weakness', () => {
  const milestones = (it: Json): string[] => {
    const risk = poam.risks.find((r: Json) => r.uuid === it['related-risks'][0]['risk-uuid']);
    return risk.remediations.flatMap((m: Json) => (m.tasks ?? []).map((t: Json) => t.title));
  };
  const item = (key: string): Json => poam['poam-items'].find((it: Json) => propOf(it, 'weakness-key') === key);

  it('a lapsed attestation: renewed and reviewed, no device named', () => {
    const titles = milestones(item('attestation:ac-7'));
    expect(titles).toEqual(['ac-7: the attestation renewed', 'Renewed attestation reviewed by an assessor']);
  });

  it('an attestation awaiting review: reviewed, nothing said renewed (nothing lapsed)', () => {
    const it_ = item('attestation:pe-3');
    expect(propOf(it_, 'poam-status')).toBe('open');
    const titles = milestones(it_);
    expect(titles[0]).toBe('pe-3: the attestation reviewed');
    expect(titles.join(' ')).not.toMatch(/renew/i);
  });

  it('evidence not collected: collected from the affected devices, and the objective shown', () => {
    const titles = milestones(item('objective:au-9.4_obj'));
    expect(titles[0]).toBe('au-9.4_obj: evidence collected from every affected device');
    expect(titles[1]).toMatch(/^Evidence verified/);
    expect(titles.join(' ')).not.toMatch(/remediated|the check passes/);
  });

  it('a failing check keeps the fix on its devices', () => {
    expect(milestones(item('check:LOCKOUT-THRESHOLD'))).toEqual(['LOCKOUT-THRESHOLD remediated on every affected device', 'Fix verified: the check passes on every affected device in an automated assessment']);
  });
});
