// drift.md says no more of a control's new state than the new run's assessment results say:
// at-2, attested whole (reviewed, none of its ODPs defined, no assessor or assessment team named),
// newly assessed in NEW, read in drift.md as a plain "satisfied", while the AR's finding of the same
// inputs adds that the reviewer is not confirmed as an assessor and names the ODPs nothing defines.
// (Such a control is now partially assessed, in the AR and in the drift alike.)
// A check that shows a listed control only in part is named as the SSP and the PDF name it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at2DriftAndPackage, diffOf } from './support/at2-drift.js';
import type { Drift } from '../src/drift/types.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { inPartOf } from '../src/catalog/types.js';
import { odpLabel } from '../src/catalog/objectives.js';
import { loadControlIndex } from '../src/catalog/control-index.js';

type Json = Record<string, any>;
let dir: string;
let drift: Drift;
let md: string;
let ar: Json;
let reversed: { drift: Drift; md: string };

beforeAll(async () => {
  // OLD: the fleet on 2026-10-05; NEW: on 2026-11-02. at-2's attestation was given in between (2026-10-20):
  // not on OLD's day, so at-2 is newly assessed in NEW. ar: the package of NEW, with the same inputs, on the day diff judges NEW on.
  ({ dir, drift, md, ar } = await at2DriftAndPackage('ato-drift-ar-', { old: '2026-10-05', new: '2026-11-02' }, false));
  // The other way round: ac-5 and ac-6.5 go from not satisfied (LAB-01's ROLE-CLINICAL-NOT-ADMIN fails on
  // 2026-11-02) to partially assessed, by checks that show them only in part.
  const back = await diffOf(join(dir, 'new'), join(dir, 'old'), join(dir, 'reversed'), false);
  reversed = { drift: back.drift, md: back.md };
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** drift.md's line for a control in "What the new states rest on". */
function basisLine(controlId: string, text = md): string {
  const md = text;
  const at = md.indexOf('## What the new states rest on');
  expect(at, 'drift.md has the section').toBeGreaterThan(0);
  const line = md.slice(at).split('\n').find((l) => l.startsWith(`- ${controlId} (`));
  expect(line, controlId).toBeDefined();
  return line!;
}

describe('an attested control newly assessed in NEW', () => {
  it('at-2: drift.md names the ODPs nothing defines and the unconfirmed reviewer, as the AR finding does', () => {
    const f = ar.findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
    // An attestation cannot show a requirement whose value is undefined: partially assessed in the
    // AR, and in drift.json alike (drift's verdict was "satisfied", the AR's partially assessed).
    expect(f.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(f.props).toContainEqual(expect.objectContaining({ name: 'assessment-state', value: 'partially-assessed' }));
    const t = drift.controls.find((c) => c.controlId === 'at-2');
    expect(t?.transition).toBe('newly-assessed');
    expect(t?.new).toBe('partial');
    const line = basisLine('at-2');
    // The AR's sentence, word for word.
    const odps = /Organisation-defined parameters not defined: [^]*? until they are defined\./.exec(f.description)?.[0];
    expect(odps).toBeDefined();
    expect(line).toContain(odps!.replace(/_/g, '\\_'));
    // Each ODP named as the catalog labels it, as the AR and the PDF name it, never by its id alone
    // (drift.md said "at-02_odp.01, at-02_odp.02, ..."). The label is the index's, not the output's.
    const label = odpLabel(loadControlIndex(), 'at-2', 'at-02_odp.01');
    expect(label).toBeTruthy();
    expect(odps).toContain(`at-02_odp.01 (${label})`);
    expect(line).toContain(`at-02\\_odp.01 (${label})`);
    expect(drift.controls.find((c) => c.controlId === 'at-2')?.newBasis?.undefinedOdpNames).toContain(`at-02_odp.01 (${label})`);
    expect(f.description).toContain('not confirmed as an assessor');
    expect(line).toContain('not confirmed as an assessor (no assessor or assessment team named)');
  });
});

describe('a listed control a check shows only in part', () => {
  it('drift.md says which check shows a partially assessed or satisfied control in part and what it leaves out, as the SSP and the PDF do', () => {
    const checks = loadCatalog().checks;
    const listed = reversed.drift.controls.filter((c) => c.new === 'partial' || c.new === 'satisfied');
    const withInPart = listed.flatMap((c) => {
      const part = checks.filter((k) => k.controls.includes(c.controlId) && inPartOf(k, c.controlId));
      return part.length ? [{ c, part }] : [];
    });
    expect(withInPart.map((x) => x.c.controlId), 'ac-6.5 is listed, partially assessed, shown in part by its checks').toContain('ac-6.5');
    for (const { c, part } of withInPart) {
      const line = basisLine(c.controlId, reversed.md);
      for (const k of part) expect(line).toContain(`${k.id} shows ${c.controlId} in part: `);
    }
  });
});
