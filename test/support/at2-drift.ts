// The set-up the "drift says what the AR says" tests share: two samples consoles (MR-02, LAB-01),
// OLD on one day and NEW on another, at-2 attested on 2026-10-20 (reviewed, none of its ODPs
// defined, no assessor or assessment team named); `diff` of the two, and the package `assess`
// writes of NEW with the same inputs on the same clock, whose AR the drift reports are held to.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssess } from '../../src/assess/run.js';
import { runDiff } from '../../src/drift/run.js';
import type { Drift } from '../../src/drift/types.js';
import { attestationsYaml } from './attestations.js';
import { pdfPageTexts } from './pdf-text.js';

type Json = Record<string, any>;
const root = new URL('../..', import.meta.url).pathname;
export const AT2_NOW = '2026-11-02T18:00:00Z';

/** drift.json, drift.md and (when asked) the monitoring PDF's text of one `diff` run. */
export interface DriftOutputs {
  drift: Drift;
  md: string;
  pdf?: string;
}

export interface At2Drift extends DriftOutputs {
  /** The scratch folder (the caller removes it): old/, new/, drift/, pkg/. */
  dir: string;
  attestations: string;
  /** The first result of NEW's assessment-results.json. */
  ar: Json;
}

/** `diff` of two folders into `out`, read back. */
export async function diffOf(old: string, nu: string, out: string, pdf: boolean, attestations?: string): Promise<DriftOutputs> {
  await runDiff({ old, new: nu, out, force: false, now: AT2_NOW, toolVersion: 't', config: {}, pdf, ...(attestations ? { attestations } : {}) });
  return {
    drift: JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as Drift,
    md: readFileSync(join(out, 'drift.md'), 'utf8'),
    ...(pdf ? { pdf: (await pdfPageTexts(join(out, 'monitoring-report.pdf'))).join(' ') } : {}),
  };
}

/** The fleet on `days.old` and `days.new` (samples file dates), diffed with at-2's attestation, and NEW's package. */
export async function at2DriftAndPackage(prefix: string, days: { old: string; new: string }, pdf: boolean): Promise<At2Drift> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const side of ['old', 'new'] as const) {
    mkdirSync(join(dir, side));
    for (const d of ['MR-02', 'LAB-01']) copyFileSync(join(root, 'samples', d, `${d}_${days[side]}.json`), join(dir, side, `${d}.json`));
  }
  copyFileSync(join(root, 'samples', 'attestations', 'at-2-awareness-roster-2026.md'), join(dir, 'evidence.md'));
  const attestations = join(dir, 'attestations.yaml');
  writeFileSync(attestations, attestationsYaml([{ control: 'at-2', when: '2026-10-20', expires: '2027-10-19', reviewed: '2026-10-21' }]));
  const outputs = await diffOf(join(dir, 'old'), join(dir, 'new'), join(dir, 'drift'), pdf, attestations);
  await runAssess({ inputs: [join(dir, 'new')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: AT2_NOW, toolVersion: 't', pdf: false, attestations, warn: () => {} });
  const ar = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'))['assessment-results'].results[0] as Json;
  return { dir, attestations, ar, ...outputs };
}
