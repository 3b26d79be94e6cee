// Evidence not collected on a device under an objective a failing check already leaves not
// satisfied (US-01's stale SCREEN-LOCK-TIMEOUT in the samples, beside LAB-01's fail) was in the
// AR's finding but on no POA&M item. The item of the failing check now names it, and the POA&M,
// the PDF and the eMASS workbook agree with the AR.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runExport } from '../src/export/run.js';
import { pdfPageTexts } from './support/pdf-text.js';
import { propOf } from './support/oscal-json.js';
import { haveShared, validateOscal } from './support/oscal-schema.js';

const root = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-02T18:00:00Z';
const sample = (p: string) => join(root, 'samples', p);
type Json = Record<string, any>;
let dir: string;
let ar: Json;
let poam: Json;
let pdf: string;
let emassCells: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'poam-nc-'));
  const pkg = join(dir, 'pkg');
  await runAssess({
    inputs: [sample('')], out: pkg, force: false, baseline: 'moderate', toolVersion: 'test', pdf: true, now: NOW, warn: () => {},
    deviations: sample('deviations.csv'), attestations: sample('attestations.yaml'), system: sample('system.yaml'), capabilities: sample('vendor-capabilities.yaml'),
  });
  ar = JSON.parse(readFileSync(join(pkg, 'assessment-results.json'), 'utf8'))['assessment-results'];
  poam = JSON.parse(readFileSync(join(pkg, 'poam.json'), 'utf8'));
  pdf = (await pdfPageTexts(join(pkg, 'evidence-package.pdf'))).join('\n').replace(/\s+/g, ' ');
  await runExport({ format: 'emass-poam', pkg, out: join(dir, 'emass'), force: false, toolVersion: 'test', now: NOW, resources: 'Site IT staff time' });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, 'emass/emass-poam.xlsx'));
  emassCells = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => { if (typeof c.value === 'string') emassCells.push(c.value); })));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('evidence not collected under an objective a failing check explains', () => {
  it('every not-collected observation of a not-satisfied finding is cited by a POA&M item of that finding', () => {
    const r = ar.results[0];
    const obs = new Map<string, Json>(r.observations.map((o: Json) => [o.uuid, o]));
    const items: Json[] = poam['plan-of-action-and-milestones']['poam-items'].filter((it: Json) => propOf(it, 'poam-status') !== 'closed');
    let checked = 0;
    for (const f of r.findings as Json[]) {
      if (f.target.status.state !== 'not-satisfied') continue;
      const ofFinding = items.filter((it) => (it['related-findings'] ?? []).some((x: Json) => x['finding-uuid'] === f.uuid));
      const cited = new Set(ofFinding.flatMap((it) => (it['related-observations'] ?? []).map((x: Json) => x['observation-uuid'])));
      for (const ref of f['related-observations'] ?? []) {
        const o = obs.get(ref['observation-uuid']);
        if (!o || propOf(o, 'result') !== 'not-collected') continue;
        checked++;
        expect(cited.has(o.uuid), `${f.target['target-id']}: ${o.title} is on no POA&M item of the finding`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('the SCREEN-LOCK-TIMEOUT item names US-01, and the PDF and eMASS say the same', () => {
    const finding = ar.results[0].findings.find((f: Json) => f.target['target-id'] === 'ac-11_obj');
    expect(finding.description).toMatch(/Evidence not collected: US-01 \(SCREEN-LOCK-TIMEOUT\)/);
    const item = poam['plan-of-action-and-milestones']['poam-items'].find((it: Json) => propOf(it, 'weakness-key') === 'check:SCREEN-LOCK-TIMEOUT');
    expect(item.description).toMatch(/Fails on 1 device\(s\): LAB-01\. Evidence not collected under its objectives on 1 device\(s\): US-01 \(SCREEN-LOCK-SECURE, SCREEN-LOCK-TIMEOUT\)\./);
    expect(item.description).toMatch(/Found on US-01: Screen lock: not collected/);
    const row = emassCells.find((c) => c.startsWith('SCREEN-LOCK-TIMEOUT:') && c.includes('Fails on'));
    expect(row).toMatch(/Evidence not collected under its objectives on 1 device\(s\): US-01/);
    // The PDF's POA&M (its last section naming the weakness) lists US-01's finding under the item.
    const at = pdf.lastIndexOf('SCREEN-LOCK-TIMEOUT: The screen locks after at most 15 minutes of inactivity');
    expect(at).toBeGreaterThan(-1);
    expect(pdf.slice(at, at + 600)).toMatch(/Password protect the screen saver: not collected at the assessment \(the evidence is stale\)\. On: US-01/);
  });

  it.runIf(haveShared())('the POA&M stays valid against NIST\'s schema', () => {
    expect(validateOscal(poam, '1.1.3')).toEqual([]);
  });
});
