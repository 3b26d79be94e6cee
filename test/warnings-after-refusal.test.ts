// A run refused for its input prints the refusal alone. assess and monitor printed their warnings
// as they went (pl-4's attestation expired, ...) and then refused the run (a review by someone the
// system description does not name as assessor): the user read warnings about a package that was
// never written. The warnings are now handed on once the run has succeeded, the same ones in the
// same order.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runMonitor } from '../src/monitor/run.js';
import { sampleAttestationsWithAt2Whole } from './support/attestations.js';
import { userErrorOfAsync } from './support/user-error.js';

const root = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-02T18:00:00Z';
const inputs = [join(root, 'samples', 'MR-02', 'MR-02_2026-11-02.json')];
const system = join(root, 'samples', 'system.yaml');
let dir: string;
let good: string;
let refused: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-warn-refusal-'));
  good = sampleAttestationsWithAt2Whole(root, join(dir, 'att'));
  // The same attestations, at-2 reviewed by the ISSO, whom samples/system.yaml does not name as assessor or team member.
  refused = sampleAttestationsWithAt2Whole(root, join(dir, 'att-isso'));
  writeFileSync(refused, readFileSync(refused, 'utf8').replace('reviewed-by: { name: Tomás Ibarra', 'reviewed-by: { name: Priya Raman'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('assess', () => {
  it('refusing a review by someone not on the team, prints no warning; the accepted run warns of pl-4\'s expiry', async () => {
    const seen: string[] = [];
    const base = { inputs, force: false, baseline: 'moderate' as const, now: NOW, toolVersion: 'test', pdf: false, system, warn: (m: string) => seen.push(m) };
    const e = await userErrorOfAsync(() => runAssess({ ...base, out: join(dir, 'pkg-refused'), attestations: refused }));
    expect(e.message).toMatch(/reviewed-by names Priya Raman, who is not the assessor or a member of the assessment team/);
    expect(seen).toEqual([]);
    // The run that succeeds has warnings to print, among them the one the refused run used to print first.
    const outcome = await runAssess({ ...base, out: join(dir, 'pkg'), attestations: good });
    expect(seen.some((m) => /attestation of pl-4 .* expired on/.test(m))).toBe(true);
    expect(seen).toEqual(outcome.warnings);
  }, 120_000);
});

describe('monitor', () => {
  it('refusing an input that is not a snapshot, prints no warning; the accepted run prints its warnings', async () => {
    // A folder whose dangling link is warned of as it is walked, and a file that is no snapshot.
    const fleet = join(dir, 'fleet');
    mkdirSync(fleet);
    cpSync(inputs[0]!, join(fleet, 'MR-02.json'));
    symlinkSync('nowhere.json', join(fleet, 'gone.json'));
    writeFileSync(join(dir, 'bad.json'), '{ "not": "a snapshot"');
    const seen: string[] = [];
    const base = { force: false, now: NOW, wallClock: NOW, toolVersion: 'test', baseline: 'moderate' as const, pdf: false, warn: (m: string) => seen.push(m) };
    const e = await userErrorOfAsync(() => runMonitor({ ...base, inputs: [fleet, join(dir, 'bad.json')], store: join(dir, 'store-refused'), out: join(dir, 'run-refused') }));
    expect(e.file).toBe(join(dir, 'bad.json'));
    expect(seen).toEqual([]);
    const outcome = await runMonitor({ ...base, inputs: [fleet], store: join(dir, 'store'), out: join(dir, 'run') });
    expect(seen).toEqual([`${join(fleet, 'gone.json')}: skipped: a dangling symbolic link (to nowhere.json, which does not exist)`]);
    expect(outcome.warnings).toEqual(seen);
  }, 120_000);
});
