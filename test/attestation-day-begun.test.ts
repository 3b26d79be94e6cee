// An attestation's day has no zone; the documents place it at its first start, UTC+14:00
// (docs/documents.md "Days in the documents"). It is in the past once that day has begun somewhere,
// not only once it has begun at UTC: an attester at UTC+02:00 signs on 2026-11-03 at 00:30 local,
// while UTC still reads 2026-11-02. From the CLI: accepted then, refused before that day begins
// anywhere, and drift/monitor (findingsOnDay) count it from the same instant.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsOnDay } from '../src/assess/controls.js';
import { loadControlIndex, lookupControl } from '../src/catalog/control-index.js';
import { latestDayBegun } from '../src/io/dates.js';
import { cliScratch, editedSnapshot, errorLine, ROOT } from './support/cli-scratch.js';
import { samplePath, ROUND2 } from './support/drift.js';
import { validateOscal } from './support/oscal-schema.js';
import { haveShared } from './support/shared.js';
import { odpParamsJson } from './support/attestations.js';

const { dir, cli } = cliScratch('ato-attestation-day-');

function attestations(when: string): string {
  const d = join(dir(), `att-${when}`);
  mkdirSync(join(d, 'evidence'), { recursive: true });
  copyFileSync(join(ROOT, 'samples/attestations/at-2-awareness-roster-2026.md'), join(d, 'evidence', 'roster.md'));
  writeFileSync(join(d, 'att.yaml'), [
    'attestations:',
    '  - control: at-2',
    '    statement: Every console user completed the awareness course.',
    '    who: { name: Dana Whitfield, role: Security Awareness Program Manager }',
    `    when: ${when}`,
    '    expires: 2027-09-14',
    '    method: EXAMINE',
    '    evidence: evidence/roster.md',
    `    reviewed-by: { name: Tomas Ibarra, role: Assessor, when: ${when} }`,
    '',
  ].join('\n'));
  return join(d, 'att.yaml');
}

/** at-2's ODPs defined, so the attestation's day alone decides whether it satisfies at-2. */
function odps(): string {
  const p = join(dir(), 'odps.json');
  writeFileSync(p, odpParamsJson(['at-2']));
  return p;
}

describe('an attestation dated the day that has begun at UTC+14:00', () => {
  // Collected 2026-11-02T09:21:00Z, before either clock below.
  const exportsDir = () => editedSnapshot(dir(), 'snap', samplePath('MR-01', ROUND2), () => {});

  it('is taken at --now 2026-11-03T01:00:00+02:00 (still 2026-11-02 at UTC): at-2 satisfied on it, collected at the day\'s first start', () => {
    const r = cli(['assess', exportsDir(), '--out', 'pkg', '--no-pdf', '--now', '2026-11-03T01:00:00+02:00', '--attestations', attestations('2026-11-03'), '--params', odps()]);
    expect(r.code, r.stderr).toBe(0);
    const ar = JSON.parse(readFileSync(join(dir(), 'pkg', 'assessment-results.json'), 'utf8'));
    const result = ar['assessment-results'].results[0];
    const obs = result.observations.filter((o: any) => o.props?.some((p: any) => p.name === 'attested-on' && p.value === '2026-11-03'));
    expect(obs).toHaveLength(1);
    // Placed at the first start, which lies before the assessment's end: the AR reconciles.
    expect(obs[0].collected).toBe('2026-11-03T00:00:00+14:00');
    expect(Date.parse(obs[0].collected)).toBeLessThanOrEqual(Date.parse(result.end));
    const at2 = result.findings.find((f: any) => f.target['target-id'] === 'at-2_obj');
    expect(at2.target.status.state).toBe('satisfied');
    if (haveShared()) expect(validateOscal(ar, '1.1.3')).toEqual([]);
  });

  it('is refused one second before that day begins anywhere (2026-11-02T09:59:59Z), naming the file and field; nothing written', () => {
    const r = cli(['assess', exportsDir(), '--out', 'pkg-early', '--no-pdf', '--now', '2026-11-02T09:59:59Z', '--attestations', attestations('2026-11-03'), '--params', odps()]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/att\.yaml at \/attestations\/0\/when: when \(2026-11-03\) is after the assessment day \(2026-11-02\): that day has begun nowhere/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir(), 'pkg-early'))).toBe(false);
  });

  it('drift and monitor count it from the same instant (findingsOnDay with the clock)', () => {
    const index = loadControlIndex();
    const att = { controlId: 'at-2', when: '2026-11-03', expires: '2027-09-14', method: 'EXAMINE', who: { name: 'A' }, reviewedBy: { name: 'B' }, key: 'at-2#1' } as any;
    const given = (day: string) => findingsOnDay([], { all: [att], expected: [], day }, (id) => lookupControl(index, id), () => true);
    expect(latestDayBegun('2026-11-03T01:00:00+02:00')).toBe('2026-11-03');
    expect(latestDayBegun('2026-11-02T09:59:59Z')).toBe('2026-11-02');
    expect(latestDayBegun('2026-11-02T10:00:00Z')).toBe('2026-11-03');
    expect(given('2026-11-02T09:59:59Z').some((f) => f.controlId === 'at-2')).toBe(false);
    expect(given('2026-11-02T10:00:00Z').some((f) => f.controlId === 'at-2')).toBe(true);
  });
});
