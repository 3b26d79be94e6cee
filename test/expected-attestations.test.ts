// Attestations the system description expects (`controls.<id>.evidence: attestation`, docs/ssp.md):
// one nobody supplied makes the control not satisfied and is a weakness "attestation expected,
// none supplied" (issue 12 item 4). A minimal fixture, pure functions only.
import { describe, expect, it } from 'vitest';
import { finishAttestations, type Attestation } from '../src/attest/attestations.js';
import { missingAttestations, withAttestations, withMissingAttestations, type ControlFinding } from '../src/assess/controls.js';
import { expectedAttestations, parseSystemDeclarations } from '../src/assess/system-declarations.js';
import { controlInfo } from '../src/catalog/objectives.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { weaknessesOf, weaknessHasObservations } from '../src/oscal/weaknesses.js';
import type { Assessment } from '../src/assess/model.js';
import { expectUserError } from './support/user-error.js';

const F = 'system.yaml';
const index = loadControlIndex();
const info = (id: string) => controlInfo(index, id);
const TODAY = '2026-11-28';

const attestation = (controlId: string, expires: string): Attestation =>
  finishAttestations([{ controlId, statement: 's', who: { name: 'N', role: 'R' }, when: '2026-01-01', expires, method: 'EXAMINE', evidence: 'e.md', evidencePath: 'e.md', file: 'a.yaml', where: '/0', reviewedBy: { name: 'Assessor A' } }], () => 'ab'.repeat(32), TODAY)[0]!;

describe('the declaration `evidence: attestation`', () => {
  const declared = (extra: string) => ({ controls: { 'ps-6': { status: 'implemented', narrative: 'Signed agreements.', ...JSON.parse(extra) } } });

  it('is read per control, and lists the controls expected attested', () => {
    const d = parseSystemDeclarations({ controls: { 'ps-6': { status: 'implemented', narrative: 'n', evidence: 'attestation' }, 'ca-3': { status: 'implemented', narrative: 'n' } } }, F);
    expect(d.controls!.find((c) => c.controlId === 'ps-6')!.evidence).toBe('attestation');
    expect(d.controls!.find((c) => c.controlId === 'ca-3')!.evidence).toBeUndefined();
    expect(expectedAttestations(d)).toEqual(['ps-6']);
  });

  it('refuses an unknown value, a value that is not text, and a not-applicable control expected attested, naming the file and place', () => {
    expectUserError(() => parseSystemDeclarations(declared('{"evidence":"signed-form"}'), F), F, /^\/controls\/ps-6\/evidence$/, /must be one of attestation; got "signed-form"/);
    expectUserError(() => parseSystemDeclarations(declared('{"evidence":["attestation"]}'), F), F, /^\/controls\/ps-6\/evidence$/, /must be text/);
    expectUserError(() => parseSystemDeclarations({ controls: { 'pe-17': { status: 'not-applicable', narrative: 'n', evidence: 'attestation' } } }, F), F, /^\/controls\/pe-17\/evidence$/, /not-applicable is not attested/);
  });
});

describe('an expected attestation nobody supplied', () => {
  it('is missing only when no attestation names the control at all (a lapsed one is its own weakness)', () => {
    expect(missingAttestations(['ps-6', 'pl-4'], [attestation('pl-4', '2026-09-30')])).toEqual(['ps-6']);
    expect(missingAttestations(['ps-6'], [])).toEqual(['ps-6']);
  });

  it('makes a control no check covers not satisfied (reason other) on every leaf objective, never "partially assessed"', () => {
    const [f] = withMissingAttestations([], ['ps-6'], info, () => true);
    const leaves = info('ps-6')!.leaves!;
    expect(leaves.length).toBeGreaterThan(1);
    expect(f).toMatchObject({ controlId: 'ps-6', state: 'not-satisfied', reason: 'other', checkIds: [], attestationMissing: true, inBaseline: true, uncovered: [] });
    expect(f!.objectives.map((o) => [o.objectiveId, o.state, o.attestationMissing])).toEqual(leaves.map((l) => [l, 'not-satisfied', true]));
  });

  it('keeps the verdicts checks gave; only the objectives nothing decided become not satisfied', () => {
    const leaves = info('ac-2')!.leaves!;
    const [first, ...rest] = leaves;
    const checked: ControlFinding = {
      controlId: 'ac-2', title: 'ac-2', targetId: 'ac-2_obj', targetType: 'objective-id', state: 'partial', reason: 'other', checkIds: ['X'], failing: [], deviations: [], notCollected: [], inBaseline: true, resultCount: 1, passCount: 1,
      leaves, objectives: [{ objectiveId: first!, state: 'satisfied', reason: 'pass', checkIds: ['X'], failingDevices: [], failingCount: 0, deviationCount: 0, notCollectedCount: 0, notShownDevices: [], notShownCount: 0 }],
      uncovered: rest.map((objectiveId) => ({ objectiveId, why: 'no-check' as const })),
    };
    const [f] = withMissingAttestations([checked], ['ac-2'], info, () => true);
    expect(f!.state).toBe('not-satisfied');
    expect(f!.objectives.find((o) => o.objectiveId === first)!.state).toBe('satisfied');
    expect(f!.objectives.filter((o) => o.attestationMissing).map((o) => o.objectiveId)).toEqual(rest);
  });

  it('is one weakness attestation:<control>, CAT III, state missing, with no observation, shown since the earliest collection of the run', () => {
    const findings = withMissingAttestations(withAttestations([], [attestation('at-2', '2027-09-14')], info, () => true), ['ps-6'], info, () => true);
    const devices = [{ id: 'B', collectedAt: '2026-10-05T08:00:00Z' }, { id: 'A', collectedAt: '2026-09-07T15:20:00Z' }] as unknown as Assessment['devices'];
    const list = weaknessesOf({ findings, checks: [], devices });
    // at-2 is attested, current and reviewed: no weakness of it.
    expect(list.map((w) => w.key)).toEqual(['attestation:ps-6']);
    const [w] = list;
    expect(w).toMatchObject({ kind: 'attestation', attestationState: 'missing', severity: 'CAT III', controls: ['ps-6'], shownSince: '2026-09-07T15:20:00Z', attestations: [] });
    expect(w!.title).toMatch(/attestation expected, none supplied/);
    // The control finding and each objective finding it makes not satisfied (the control's own target excepted).
    expect(w!.targets).toContainEqual({ controlId: 'ps-6' });
    expect(w!.targets.filter((t) => t.objectiveId).length).toBe(info('ps-6')!.leaves!.filter((l) => l !== info('ps-6')!.objective).length);
    expect(weaknessHasObservations(w!)).toBe(false);
  });
});
