// A control whose state did not change is in no list of drift.md or the monitoring PDF, but the
// summary counts it ("1 → 1 satisfied"): at-2, attested whole (reviewed, none of its ODPs defined,
// no assessor or assessment team named) on both sides, was satisfied in the count with no word of
// what the AR of the same inputs adds (the unconfirmed reviewer, the ODPs nothing defines). Now
// drift.json's unchangedBasis, drift.md's "What the new states rest on" and the PDF's table of
// unchanged controls say it, in the one wording (templates/new-basis.hbs).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runDiff } from '../src/drift/run.js';
import type { Drift } from '../src/drift/types.js';
import { attestationsYaml } from './support/attestations.js';
import { pdfPageTexts } from './support/pdf-text.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-02T18:00:00Z';
let dir: string;
let drift: Drift;
let md: string;
let pdf: string;
let odpSentence: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-unchanged-basis-'));
  // OLD and NEW: the same fleet on 2026-11-02, at-2 attested on 2026-10-20 on both sides: nothing changes.
  for (const side of ['old', 'new']) {
    mkdirSync(join(dir, side));
    for (const d of ['MR-02', 'LAB-01']) copyFileSync(join(root, 'samples', d, `${d}_2026-11-02.json`), join(dir, side, `${d}.json`));
  }
  copyFileSync(join(root, 'samples', 'attestations', 'at-2-awareness-roster-2026.md'), join(dir, 'evidence.md'));
  writeFileSync(join(dir, 'attestations.yaml'), attestationsYaml([{ control: 'at-2', when: '2026-10-20', expires: '2027-10-19', reviewed: '2026-10-21' }]));
  const attestations = join(dir, 'attestations.yaml');
  await runDiff({ old: join(dir, 'old'), new: join(dir, 'new'), out: join(dir, 'drift'), force: false, now: NOW, toolVersion: 't', config: {}, pdf: true, attestations });
  drift = JSON.parse(readFileSync(join(dir, 'drift', 'drift.json'), 'utf8')) as Drift;
  md = readFileSync(join(dir, 'drift', 'drift.md'), 'utf8');
  pdf = (await pdfPageTexts(join(dir, 'drift', 'monitoring-report.pdf'))).join(' ');
  await runAssess({ inputs: [join(dir, 'new')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: NOW, toolVersion: 't', pdf: false, attestations, warn: () => {} });
  const ar = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  const f = ar.findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
  expect(f.target.status.state).toBe('satisfied');
  expect(f.description).toContain('not confirmed as an assessor');
  odpSentence = /Organisation-defined parameters not defined: [^]*? must define for it\./.exec(f.description)![0];
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an attested control satisfied on both sides (not listed as a transition)', () => {
  it('drift.json: at-2 is in no transition, and unchangedBasis says what its satisfied state rests on', () => {
    expect(drift.controls.map((c) => c.controlId)).not.toContain('at-2');
    expect(drift.summary.controls.satisfiedNew).toBeGreaterThanOrEqual(1);
    const u = drift.unchangedBasis?.find((x) => x.controlId === 'at-2');
    expect(u?.state).toBe('satisfied');
    expect(u?.newBasis.reviewerUnconfirmed).toBe(true);
    expect(u?.newBasis.undefinedOdps?.length).toBeGreaterThan(0);
  });

  it("drift.md's line for at-2 carries the AR's sentences", () => {
    const at = md.indexOf('## What the new states rest on');
    expect(at).toBeGreaterThan(0);
    const line = md.slice(at).split('\n').find((l) => l.startsWith('- at-2 ('))!;
    expect(line).toMatch(/^- at-2 \(satisfied, unchanged\):/);
    expect(line).toContain(odpSentence.replace(/_/g, '\\_'));
    expect(line).toContain('not confirmed as an assessor (no assessor or assessment team named)');
  });

  it("the monitoring PDF's row for at-2 carries the AR's sentences", () => {
    const at = pdf.indexOf('at-2 Literacy Training and Awareness satisfied');
    expect(at, 'a row for at-2 among the unchanged controls').toBeGreaterThan(0);
    const row = pdf.slice(at, at + 1200).replace(/- /g, '-');
    expect(row).toContain(odpSentence.replace(/- /g, '-'));
    expect(row).toContain('not confirmed as an assessor (no assessor or assessment team named)');
  });
});
