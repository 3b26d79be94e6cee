// A control whose state did not change is in no list of drift.md or the monitoring PDF, but the
// summary counts it ("1 → 1 satisfied"): at-2, attested whole (reviewed, none of its ODPs defined,
// no assessor or assessment team named) on both sides, was satisfied in the count with no word of
// what the AR of the same inputs adds (the unconfirmed reviewer, the ODPs nothing defines). Now
// drift.json's unchangedBasis, drift.md's "What the new states rest on" and the PDF's table of
// unchanged controls say it, in the one wording (templates/new-basis.hbs).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at2DriftAndPackage } from './support/at2-drift.js';
import type { Drift } from '../src/drift/types.js';

type Json = Record<string, any>;
let dir: string;
let drift: Drift;
let md: string;
let pdf: string;
let odpSentence: string;

beforeAll(async () => {
  // OLD and NEW: the same fleet on 2026-11-02, at-2 attested on 2026-10-20 on both sides: nothing changes.
  let text: string | undefined;
  let ar: Json;
  ({ dir, drift, md, pdf: text, ar } = await at2DriftAndPackage('ato-unchanged-basis-', { old: '2026-11-02', new: '2026-11-02' }, true));
  pdf = text!;
  const f = ar.findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
  // Its ODPs undefined, the attestation does not satisfy it: partially assessed (not-satisfied, reason other).
  expect(f.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
  expect(f.description).toContain('not confirmed as an assessor');
  odpSentence = /Organisation-defined parameters not defined: [^]*? until they are defined\./.exec(f.description)![0];
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an attested control partially assessed on both sides, its ODPs undefined (not listed as a transition)', () => {
  it('drift.json: at-2 is in no transition, and unchangedBasis says what its partially assessed state rests on', () => {
    expect(drift.controls.map((c) => c.controlId)).not.toContain('at-2');
    expect(drift.summary.controls.partialNew).toBeGreaterThanOrEqual(1);
    const u = drift.unchangedBasis?.find((x) => x.controlId === 'at-2');
    expect(u?.state).toBe('partial');
    expect(u?.newBasis.reviewerUnconfirmed).toBe(true);
    expect(u?.newBasis.undefinedOdps?.length).toBeGreaterThan(0);
  });

  it("drift.md's line for at-2 carries the AR's sentences", () => {
    const at = md.indexOf('## What the new states rest on');
    expect(at).toBeGreaterThan(0);
    const line = md.slice(at).split('\n').find((l) => l.startsWith('- at-2 ('))!;
    expect(line).toMatch(/^- at-2 \(partially assessed, unchanged\):/);
    expect(line).toContain(odpSentence.replace(/_/g, '\\_'));
    expect(line).toContain('not confirmed as an assessor (no assessor or assessment team named)');
  });

  it("the monitoring PDF's row for at-2 carries the AR's sentences", () => {
    const at = pdf.indexOf('at-2 Literacy Training and Awareness partially assessed');
    expect(at, 'a row for at-2 among the unchanged controls').toBeGreaterThan(0);
    const row = pdf.slice(at, at + 1200).replace(/- /g, '-');
    expect(row).toContain(odpSentence.replace(/- /g, '-'));
    expect(row).toContain('not confirmed as an assessor (no assessor or assessment team named)');
  });
});
