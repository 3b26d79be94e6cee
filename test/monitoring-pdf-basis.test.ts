// The monitoring PDF says what a listed control's new state rests on, as drift.md and the new run's
// assessment results say it (templates/new-basis.hbs): at-2, attested whole (reviewed, none of its
// ODPs defined, no assessor or assessment team named), newly assessed in NEW, read "not assessed →
// satisfied" in the PDF's table while drift.md added the unconfirmed reviewer and the ODPs nothing
// defines; ac-6.5 going to partially assessed did not say ROLE-CLINICAL-NOT-ADMIN shows it only in part.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at2DriftAndPackage, diffOf } from './support/at2-drift.js';
import type { Drift } from '../src/drift/types.js';

type Json = Record<string, any>;
let dir: string;
let ar: Json;
let pdf: string;
let reversed: { drift: Drift; pdf: string };
/** drift.md of the forward diff. */
let md: string;

/** The PDF's table row of a control (from its id in bold to the next row's), whitespace collapsed. */
function rowOf(text: string, controlId: string, title: string): string {
  const at = text.indexOf(`${controlId} ${title}`);
  expect(at, `a row for ${controlId}`).toBeGreaterThanOrEqual(0);
  return text.slice(at, at + 1500);
}

beforeAll(async () => {
  let text: string | undefined;
  ({ dir, ar, pdf: text, md } = await at2DriftAndPackage('ato-pdf-basis-', { old: '2026-10-05', new: '2026-11-02' }, true));
  pdf = text!;
  const back = await diffOf(join(dir, 'new'), join(dir, 'old'), join(dir, 'reversed'), true);
  reversed = { drift: back.drift, pdf: back.pdf! };
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the monitoring PDF says what a listed control\'s new state rests on', () => {
  it('at-2 (newly assessed, attested, its ODPs undefined: partially assessed): its row names the ODPs nothing defines and the unconfirmed reviewer, as the AR finding does', () => {
    const f = ar.findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
    // An attestation cannot show a requirement whose value is undefined: the AR's partially assessed, the PDF's too.
    expect(f.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    const row = rowOf(pdf, 'at-2', 'Literacy Training and Awareness');
    expect(row.replace(/\s+/g, ' ')).toContain('not assessed → partially assessed');
    const odps = /Organisation-defined parameters not defined: [^]*? until they are defined\./.exec(f.description)?.[0];
    expect(odps).toBeDefined();
    expect(row.replace(/\s+/g, ' ')).toContain(odps!.replace(/\s+/g, ' '));
    expect(f.description).toContain('not confirmed as an assessor');
    expect(row).toContain('1 manual attestation(s), reviewed by someone other than the attester, not confirmed as an assessor');
  });

  it('ac-6.5 (not satisfied → partially assessed): its row names the check that shows it only in part', () => {
    const t = reversed.drift.controls.find((c) => c.controlId === 'ac-6.5');
    expect(t?.new).toBe('partial');
    const part = t?.newBasis?.inPart ?? [];
    expect(part.map((x) => x.checkId)).toContain('ROLE-CLINICAL-NOT-ADMIN');
    // A long check id wraps after a hyphen in the cell.
    const row = rowOf(reversed.pdf, 'ac-6.5', t!.title).replace(/\s+/g, ' ').replace(/- /g, '-');
    expect(row).toContain('partially assessed');
    for (const x of part) expect(row).toContain(`${x.checkId} shows ac-6.5 in part: ${x.why}`.replace(/\s+/g, ' ').replace(/- /g, '-'));
  });

  // The PDF's summary stated the satisfied controls before and now but not the partially assessed
  // ones drift.md states ("5 → 2 partially assessed"). Its numbers are held to drift.md's text and
  // to NEW's assessment results (the same inputs on the same clock), counted from the findings.
  it('the summary states the partially assessed controls before and now, as drift.md and the AR count them', () => {
    const text = pdf.replace(/\s+/g, ' ');
    // Each side's count may be followed by its reasons in brackets (partialWhyOld / partialWhyNew).
    const m = /(\d+) satisfied before, (\d+) now; (\d+) partially assessed before(?: \(((?:[^()]|\([^()]*\))*)\))?, (\d+) now/.exec(text);
    expect(m, 'the PDF states both counts, before and now').not.toBeNull();
    const [satisfiedOld, satisfiedNew, partialOld, partialNew] = [m![1], m![2], m![3], m![5]].map(Number);
    // The old side's reasons, where stated, count each of its partially assessed controls once.
    if (m![4]) expect([...m![4].replace(/\([^()]*\)/g, '').matchAll(/(?:^|, )(\d+) /g)].reduce((n, x) => n + Number(x[1]), 0)).toBe(partialOld);
    const controls = (ar.findings as Json[]).filter((f) => !(f.props as Json[]).some((p) => p.name === 'objective-id'));
    const partial = controls.filter((f) => (f.props as Json[]).some((p) => p.name === 'assessment-state' && p.value === 'partially-assessed')).length;
    expect(partial).toBeGreaterThan(0); // premise
    expect([satisfiedNew, partialNew]).toEqual([controls.filter((f) => f.target.status.state === 'satisfied').length, partial]);
    const inMd = /\((\d+) → (\d+) satisfied; (\d+) → (\d+) partially assessed/.exec(md)!;
    expect([satisfiedOld, satisfiedNew, partialOld, partialNew]).toEqual(inMd.slice(1).map(Number));
  });
});
