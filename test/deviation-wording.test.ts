// An approved deviation's justification, in the AR observation and the POA&M's copy of it: said once,
// ending in one full stop whether or not the organisation's text ends with its own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';

const root = new URL('..', import.meta.url).pathname;
const inputs = ['MR-01', 'LAB-01'].map((d) => join(root, 'samples', d, `${d}_2026-11-02.json`));

type Prop = { name: string; value: string };
type Observation = { description: string; props?: Prop[] };
const checkOf = (o: Observation) => o.props?.find((p) => p.name === 'check-id')?.value;

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-deviation-wording-'));
  // One justification ends with its own full stop, the other with none.
  writeFileSync(join(dir, 'deviations.csv'), [
    'check_id,device_id,justification,approver,expires,compensating_controls',
    'SCREEN-LOCK-TIMEOUT,MR-01,The console must not lock during an acquisition.,Jonas Lindqvist (Authorizing Official),2027-06-30,',
    'SCREEN-LOCK-TIMEOUT,LAB-01,Analyser runs unattended overnight,Jonas Lindqvist (Authorizing Official),2027-06-30,',
  ].join('\n') + '\n');
  await runAssess({ inputs, out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z', toolVersion: 'test', deviations: join(dir, 'deviations.csv'), pdf: false });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an approved deviation in the AR and the POA&M', () => {
  it('is stated with one full stop after the justification, in the observation and in its POA&M copy alike', () => {
    const ar = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8')) as { 'assessment-results': { results: Array<{ observations: Observation[] }> } };
    const poam = JSON.parse(readFileSync(join(dir, 'pkg', 'poam.json'), 'utf8')) as { 'plan-of-action-and-milestones': { observations: Observation[] } };
    const described = [
      ...ar['assessment-results'].results[0]!.observations,
      ...poam['plan-of-action-and-milestones'].observations,
    ].filter((o) => checkOf(o) === 'SCREEN-LOCK-TIMEOUT' && o.props?.some((p) => p.name === 'deviation')).map((o) => o.description);
    // Both devices' deviations, each in the AR and the POA&M (or grouped there with its devices).
    expect(described.some((d) => d.includes('acquisition.'))).toBe(true);
    expect(described.some((d) => d.includes('overnight.'))).toBe(true);
    for (const d of described) {
      expect(d).not.toMatch(/acquisition\.\./);
      expect(d).toMatch(/\): (The console must not lock during an acquisition|Analyser runs unattended overnight)\.(\s|$)/);
    }
  });
});
