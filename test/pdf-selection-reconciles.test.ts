// The PDF named the control selection in its own words ("Not in the moderate baseline", "Moderate
// baseline" on the cover) where the assessment results say "Not in the MODERATE baseline": one
// package, two spellings of the same selection. The PDF now takes the AR's selectionName.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pdfPageTexts } from './support/pdf-text.js';
import { runAssess } from '../src/assess/run.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
let dir: string;
let ar: Json;
let text: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-pdf-selection-'));
  const out = join(dir, 'pkg');
  // MR-01 alone: two controls a check cites are outside the MODERATE baseline.
  await runAssess({
    inputs: [join(root, 'samples', 'MR-01')], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: true, now: '2026-11-02T18:00:00Z', warn: () => {},
  });
  ar = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  text = (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join(' ').replace(/\s+/g, ' ');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the PDF names the selection in the words of the AR', () => {
  const arOutside = ar.findings.map((f: Json) => /\(Not in the ([^;]+);/.exec(f.description)?.[1]).filter(Boolean);
  expect(arOutside.length).toBeGreaterThan(0);
  const selection: string = arOutside[0];
  for (const s of arOutside) expect(s).toBe(selection);

  const pdfOutside = [...text.matchAll(/Not in the ([^;.]+);/g)].map((m) => m[1]);
  expect(pdfOutside.length).toBeGreaterThan(0);
  for (const s of pdfOutside) expect(s).toBe(selection);
  // Every other mention of the baseline as the selection (cover, summary, manual section, signature).
  const mentions = [...text.matchAll(/\b(\w+) baseline\b/gi)].map((m) => m[0]).filter((m) => /^(low|moderate|high) /i.test(m));
  expect(mentions.length).toBeGreaterThan(3);
  for (const m of mentions) expect(m).toBe(selection);
});
