// A partially assessed control (nothing failed, objectives left to the assessor) has its own
// not-satisfied finding and no POA&M item: every document says why in the same sentence, so a
// reader counting not-satisfied control findings in the AR reconciles them with the POA&M's items
// and the PDF from the documents alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';
import { pdfPageTexts } from './support/pdf-text.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
const propOf = (o: Json, name: string): string | undefined => (o.props ?? []).find((p: Json) => p.name === name)?.value;
const flat = (s: string) => s.replace(/\s+/g, ' ');

let dir: string;
let ar: Json;
let poam: Json;
let pdf: string;
let ssp: Json;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-partial-reconciles-'));
  await runAssess({
    inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', toolVersion: 'test', pdf: true,
    now: '2026-11-02T18:00:00Z', warn: () => {}, attestations: sample('attestations.yaml'), system: sample('system.yaml'),
  });
  ar = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'))['assessment-results'];
  ssp = JSON.parse(readFileSync(join(dir, 'pkg/ssp.json'), 'utf8'))['system-security-plan'];
  poam = JSON.parse(readFileSync(join(dir, 'pkg/poam.json'), 'utf8'))['plan-of-action-and-milestones'];
  pdf = flat((await pdfPageTexts(join(dir, 'pkg/evidence-package.pdf'))).join(' '));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a partially assessed control across the package', () => {
  const controlFindings = () => (ar.results[0].findings as Json[]).filter((f) => propOf(f, 'control-id') && !propOf(f, 'objective-id'));

  it('every not-satisfied control finding either has a risk on a POA&M item or says why it has none', () => {
    const itemRisks = new Set((poam['poam-items'] as Json[]).flatMap((i) => (i['related-risks'] ?? []).map((r: Json) => r['risk-uuid'])));
    const notSatisfied = controlFindings().filter((f) => f.target.status.state === 'not-satisfied');
    const partial = notSatisfied.filter((f) => propOf(f, 'assessment-state') === 'partially-assessed');
    expect(partial.length).toBeGreaterThan(0);
    for (const f of notSatisfied) {
      const risks = (f['related-risks'] ?? []).map((r: Json) => r['risk-uuid']);
      if (partial.includes(f)) {
        expect(risks, f.title).toEqual([]);
        expect(f.remarks, f.title).toMatch(/no POA&M item or risk: nothing failed/);
      } else {
        expect(risks.some((u: string) => itemRisks.has(u)), f.title).toBe(true);
      }
    }
  });

  it('the PDF says the same sentence in the control entry and names the controls in its POA&M section', () => {
    const partial = controlFindings().filter((f) => propOf(f, 'assessment-state') === 'partially-assessed');
    for (const f of partial) expect(pdf).toContain(flat(f.remarks));
    const ids = partial.map((f) => propOf(f, 'control-id')).join(', ');
    expect(pdf).toContain(`The ${partial.length} partially assessed control(s) (${ids}) have a not-satisfied finding in assessment-results.json`);
  });

  it('the SSP says why wherever its declared status and the AR finding of the same run disagree', () => {
    const byControl = new Map(controlFindings().map((f) => [propOf(f, 'control-id'), f]));
    let partialDeclared = 0;
    for (const r of ssp['control-implementation']['implemented-requirements'] as Json[]) {
      const f = byControl.get(r['control-id']);
      const status = propOf(r, 'implementation-status');
      if (!f || !status) continue;
      const remarks = String(r.remarks ?? '');
      if (f.target.status.state === 'not-satisfied' && ['implemented', 'partial', 'alternative'].includes(status)) {
        if (propOf(f, 'assessment-state') === 'partially-assessed') {
          partialDeclared++;
          expect(remarks, r['control-id']).toMatch(/not-satisfied \(reason other, assessment-state partially-assessed\).*no POA&M item/);
        } else expect(remarks, r['control-id']).toMatch(/found it not satisfied/);
      }
      if (f.target.status.state === 'satisfied' && status === 'planned') expect(remarks, r['control-id']).toMatch(/Declared planned, but .* found it satisfied/);
    }
    expect(partialDeclared).toBeGreaterThan(0);
  });

  it('no rendered text of the package has doubled words or units, undefined, NaN, [object Object], "()" or a by-name default', () => {
    writeFileSync(join(dir, 'pdf.txt'), pdf);
    const files = ['assessment-results.json', 'poam.json', 'ssp.json', 'assessment-plan.json'].map((f) => join(dir, 'pkg', f));
    const r = spawnSync(process.execPath, [join(root, 'scripts/text-sweep.mjs'), ...files, join(dir, 'pdf.txt')], { encoding: 'utf8' });
    // The PDF's extracted text runs table cells together ("Moderate Moderate" across columns): words doubled there are layout.
    expect(r.stdout.split('\n').filter((l) => l && !(l.startsWith(join(dir, 'pdf.txt')) && l.includes(': doubled word: ')))).toEqual([]);
    // A run states its values: a parameter named with its default is the component definition's form only.
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/\(default \d/);
    expect(pdf).not.toMatch(/\(default \d/);
  });

  describeWithShared('schemas', () => {
    it('the results stay valid against NIST 1.1.3 and 1.2.2', () => {
      const doc = { 'assessment-results': ar };
      expect(validateOscal(doc, '1.1.3')).toEqual([]);
      expect(validateOscal(doc, '1.2.2')).toEqual([]);
    });
  });
});
