// One package with its PDF, for the tests that hold the PDF to the AR and the POA&M: MR-01 alone,
// assessed at the samples' clock (the reconcile tests differed only in what they add to it).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssess } from '../../src/assess/run.js';
import { pdfPageTexts } from './pdf-text.js';

type Json = Record<string, any>;
const root = new URL('../..', import.meta.url).pathname;

export interface PdfPackage {
  /** The scratch folder (the caller removes it). */
  dir: string;
  /** The AR's one result. */
  ar: Json;
  poam: Json;
  /** The PDF's text, pages joined, white space collapsed. */
  text: string;
}

/** MR-01's sample folder assessed with a PDF; `extra`: the run's other options (attestations, system). */
export async function mr01PdfPackage(prefix: string, extra: Partial<Parameters<typeof runAssess>[0]> = {}): Promise<PdfPackage> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const out = join(dir, 'pkg');
  await runAssess({
    inputs: [join(root, 'samples', 'MR-01')], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: true, now: '2026-11-02T18:00:00Z', warn: () => {}, ...extra,
  });
  return {
    dir,
    ar: JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0],
    poam: JSON.parse(readFileSync(join(out, 'poam.json'), 'utf8'))['plan-of-action-and-milestones'],
    text: (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join(' ').replace(/\s+/g, ' '),
  };
}
