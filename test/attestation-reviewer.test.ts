// An attestation counts toward a satisfied objective only once an assessor has reviewed it
// (docs/attestations.md). The audit of the sample package found that any name other than the
// attester's passed for an assessor: a "review" by the system's own ISSO made at-2 satisfied,
// "reviewed by an assessor". And a reviewer who was on the assessment team was a second party of
// the same name, with no role, so the results did not show the review was the team's.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReviewers, parseAttestations } from '../src/attest/attestations.js';
import { runAssess } from '../src/assess/run.js';
import { odpParamsJson } from './support/attestations.js';
import { UserError } from '../src/io/errors.js';
import { expectUserError } from './support/user-error.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);

const attestationYaml = (reviewer: string) => `attestations:
  - control: at-2
    statement: Every console user completed the 2026 awareness course.
    who: { name: Dana Whitfield, role: Security Awareness Program Manager }
    when: 2026-09-15
    expires: 2027-09-14
    method: EXAMINE
    evidence: ${sample('attestations/at-2-awareness-roster-2026.md')}
    reviewed-by: { name: ${reviewer}, when: 2026-10-01 }
`;

// at-2's ODPs defined, so the review decides whether the attestation satisfies it (an attestation
// does not satisfy a control whose ODPs nothing defines: test/attestation-odps.test.ts).
const odps = (dir: string) => {
  const p = join(dir, 'odps.json');
  writeFileSync(p, odpParamsJson(['at-2']));
  return p;
};

describe('checkReviewers', () => {
  const records = (reviewer: string) => parseAttestations(attestationYaml(reviewer), 'a.yaml', () => true, '2026-11-02');

  it('refuses a reviewer who is neither the assessor nor on the assessment team, naming the file, place and who the run names', () => {
    expectUserError(() => checkReviewers(records('Priya Raman'), ['Dr. Helena Voss', 'Tomás Ibarra'], 'system.yaml'), 'a.yaml', /^\/attestations\/0\/reviewed-by$/,
      /reviewed-by names Priya Raman, who is not the assessor or a member of the assessment team \(system\.yaml: Dr\. Helena Voss, Tomás Ibarra\)/);
    // A team member passes however the name is cased or spaced; when the run names nobody, nothing can be compared.
    expect(() => checkReviewers(records('tomás  IBARRA'), ['Dr. Helena Voss', 'Tomás Ibarra'], 'system.yaml')).not.toThrow();
    expect(() => checkReviewers(records('Priya Raman'), [], '')).not.toThrow();
  });
});

describe('assess with --system and a reviewed attestation', () => {
  let dir: string;
  const run = (name: string, reviewer: string) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, attestationYaml(reviewer));
    return runAssess({
      inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, name), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z',
      toolVersion: 'test', pdf: false, system: sample('system.yaml'), attestations: file, params: odps(dir),
    });
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ato-reviewer-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a review by the system\'s own ISSO (not an assessor), and writes nothing', async () => {
    const e = await run('isso', 'Priya Raman').then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).where).toBe('/attestations/0/reviewed-by');
    expect((e as UserError).message).toMatch(/Priya Raman, who is not the assessor or a member of the assessment team/);
    expect(existsSync(join(dir, 'isso'))).toBe(false);
  }, 60_000);

  it('names a team member\'s review by the team\'s party and role, not a second party of the same name', async () => {
    await run('team', 'Tomás Ibarra');
    const ar = JSON.parse(readFileSync(join(dir, 'team', 'assessment-results.json'), 'utf8'))['assessment-results'];
    const team: string[] = ar.metadata['responsible-parties'].find((r: Json) => r['role-id'] === 'assessment-team')['party-uuids'];
    const obs = ar.results[0].observations.find((o: Json) => o.props?.some((p: Json) => p.name === 'attestation-review' && p.value === 'reviewed'));
    expect(obs.origins[0].actors).toEqual([{ type: 'party', 'actor-uuid': team[0], 'role-id': 'assessment-team' }]);
    expect(ar.metadata.parties.filter((p: Json) => p.name === 'Tomás Ibarra')).toHaveLength(1);
    // The review counts: at-2 is satisfied by it.
    const f = ar.results[0].findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
    expect(f.target.status.state).toBe('satisfied');
  }, 60_000);
});

// Without --system or --assessor nobody is named to compare with: the review is still taken (the
// rule, docs/attestations.md), but the tool cannot know the reviewer is an assessor, so no text may
// say "reviewed by an assessor", and a warning says the reviewer is unconfirmed.
describe('assess with no assessor or team named and a reviewed attestation', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ato-reviewer-bare-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('does not call the reviewer an assessor, says why, and warns', async () => {
    const file = join(dir, 'a.yaml');
    writeFileSync(file, attestationYaml('Priya Raman'));
    const warnings: string[] = [];
    await runAssess({
      inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, 'out'), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z',
      toolVersion: 'test', pdf: false, attestations: file, params: odps(dir), warn: (m) => warnings.push(m),
    });
    const ar = JSON.parse(readFileSync(join(dir, 'out', 'assessment-results.json'), 'utf8'))['assessment-results'];
    const f = ar.results[0].findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
    expect(f.description).not.toMatch(/reviewed by an assessor/);
    expect(f.description).toMatch(/reviewed by someone other than the attester, not confirmed as an assessor/);
    expect(f.description).toMatch(/reviewed by Priya Raman \(not confirmed as an assessor: no assessor or assessment team named\)/);
    // No finding or objective finding anywhere calls the review an assessor's.
    for (const x of ar.results[0].findings as Json[]) expect(x.description).not.toMatch(/reviewed by an assessor/);
    expect(warnings.some((w) => /Priya Raman/.test(w) && /cannot be confirmed as assessors/.test(w))).toBe(true);
  }, 60_000);

  it('with a team member as reviewer, still says the review was an assessor\'s', async () => {
    const file = join(dir, 'b.yaml');
    writeFileSync(file, attestationYaml('Tomás Ibarra'));
    const warnings: string[] = [];
    await runAssess({
      inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, 'team'), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z',
      toolVersion: 'test', pdf: false, system: sample('system.yaml'), attestations: file, params: odps(dir), warn: (m) => warnings.push(m),
    });
    const ar = JSON.parse(readFileSync(join(dir, 'team', 'assessment-results.json'), 'utf8'))['assessment-results'];
    const f = ar.results[0].findings.find((x: Json) => x.target['target-id'] === 'at-2_obj');
    expect(f.description).toMatch(/reviewed by an assessor/);
    expect(f.description).not.toMatch(/not confirmed as an assessor/);
    expect(warnings.some((w) => /cannot be confirmed as assessors/.test(w))).toBe(false);
  }, 60_000);
});
