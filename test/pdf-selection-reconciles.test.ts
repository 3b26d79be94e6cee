// The PDF named the control selection in its own words ("Not in the moderate baseline", "Moderate
// baseline" on the cover) where the assessment results say "Not in the MODERATE baseline": one
// package, two spellings of the same selection. The PDF now takes the AR's selectionName.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mr01PdfPackage } from './support/pdf-package.js';

type Json = Record<string, any>;
let dir: string;
let ar: Json;
let text: string;

// MR-01 alone: two controls a check cites are outside the MODERATE baseline.
beforeAll(async () => {
  ({ dir, ar, text } = await mr01PdfPackage('ato-pdf-selection-'));
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

// "Controls by status" totalled the assessed and manual controls (MR-01: 287 + 2) beside a selection of 287:
// the controls a check assessed outside the selection are now named where the total is shown.
it('the PDF\'s controls total says how many are in the selection and how many outside it, as the AR counts them', () => {
  const inBaseline = (f: Json) => f.props?.find((p: Json) => p.name === 'in-baseline')?.value as string | undefined;
  const outside = ar.findings.filter((f: Json) => inBaseline(f) === 'no').length;
  const inside = ar.findings.filter((f: Json) => inBaseline(f) === 'yes').length;
  const manualSel = ar['reviewed-controls']['control-selections'].find((s: Json) => /need manual assessment/.test(s.description));
  const manual = manualSel?.['include-controls']?.length ?? 0;
  expect(outside).toBeGreaterThan(0);
  const selection = /\(Not in the ([^;]+);/.exec(ar.findings.find((f: Json) => inBaseline(f) === 'no').description)![1];
  expect(text).toContain(`Total: ${inside + manual} in the ${selection} + ${outside} outside it, assessed by checks ${inside + manual + outside}`);
});

// The System and assessment row ("N assessed in this package; M left for manual assessment") and the
// cover added up to the same total beside a selection of 287 with nothing naming the controls outside it.
it('the PDF\'s system row and cover say how many assessed controls are in the selection and how many outside it, as the AR counts them', () => {
  const inBaseline = (f: Json) => f.props?.find((p: Json) => p.name === 'in-baseline')?.value as string | undefined;
  const outside = ar.findings.filter((f: Json) => inBaseline(f) === 'no').length;
  const inside = ar.findings.filter((f: Json) => inBaseline(f) === 'yes').length;
  const manual = ar['reviewed-controls']['control-selections'].find((s: Json) => /need manual assessment/.test(s.description))?.['include-controls']?.length ?? 0;
  expect(outside).toBeGreaterThan(1);
  const selection = /\(Not in the ([^;]+);/.exec(ar.findings.find((f: Json) => inBaseline(f) === 'no').description)![1];
  expect(text).toContain(`${inside + outside} assessed in this package: ${inside} in the ${selection} + ${outside} outside it, cited by checks; ${manual} left for manual assessment (${inside + manual} in the ${selection} in all)`);
  expect(text).toContain(`The ${selection} holds ${inside + manual} controls: the ${inside} of them assessed and the ${manual} for manual assessment; the other ${outside} controls assessed, cited by checks, are outside it.`);
});
