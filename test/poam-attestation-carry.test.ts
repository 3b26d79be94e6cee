// A lapsed attestation's item of last month's POA&M may be closed only when the control is attested
// now by an attestation that counts (docs/poam.md: "attestation weaknesses: the attestation is
// current"). October: pl-4 attested, lapsed 2026-09-30, an open item. November assessed without
// that attestation (left out of the file, or no --attestations): nothing shows pl-4 at all (the
// results list it for manual assessment), yet the item was closed "no longer shown on any device".
// Renewed and reviewed in November, the item closes.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { propOf } from './support/oscal-json.js';
import { attestationsYaml, odpParamsJson } from './support/attestations.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const snapshots = (date: string): string[] => ['CT-01', 'LAB-01', 'MR-01', 'MR-02']
  .map((d) => join(root, 'samples', d, `${d}_${date}.json`))
  .concat(join(root, 'samples', 'US-01', 'US-01_2026-09-07.json'));
const attestation = (when: string, expires: string, reviewed: string) => attestationsYaml([
  { control: 'pl-4', statement: 'Console users signed the imaging-department rules of behavior.', when, expires, evidence: 'signatures.md', reviewed },
]);

let dir: string;
const poam: Record<string, Json> = {};
const ar: Record<string, Json> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-att-carry-'));
  copyFileSync(join(root, 'samples', 'attestations', 'pl-4-rules-of-behavior-signatures-2025.md'), join(dir, 'signatures.md'));
  writeFileSync(join(dir, 'lapsed.yaml'), attestation('2025-10-01', '2026-09-30', '2025-10-02'));
  writeFileSync(join(dir, 'renewed.yaml'), attestation('2026-10-20', '2027-10-19', '2026-10-21'));
  // pl-4's ODPs defined, so a current reviewed attestation satisfies it: its dates alone decide.
  writeFileSync(join(dir, 'odps.json'), odpParamsJson(['pl-4']));
  const common = { force: false, baseline: 'moderate' as const, toolVersion: 't', pdf: false, params: join(dir, 'odps.json') };
  const run = async (name: string, date: string, extra: Record<string, string>) => {
    await runAssess({ ...common, inputs: snapshots(date), out: join(dir, name), now: `${date}T18:00:00Z`, ...extra });
    poam[name] = JSON.parse(readFileSync(join(dir, name, 'poam.json'), 'utf8'))['plan-of-action-and-milestones'];
    ar[name] = JSON.parse(readFileSync(join(dir, name, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  };
  await run('oct', '2026-10-05', { attestations: join(dir, 'lapsed.yaml') });
  await run('nov-without', '2026-11-02', { previousPoam: join(dir, 'oct', 'poam.json') });
  await run('nov-renewed', '2026-11-02', { previousPoam: join(dir, 'oct', 'poam.json'), attestations: join(dir, 'renewed.yaml') });
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const item = (name: string): Json => poam[name]!['poam-items'].find((it: Json) => propOf(it, 'weakness-key') === 'attestation:pl-4');

describe('a lapsed attestation\'s item closes only once the control is attested again', () => {
  it('November without the attestation: pl-4 is left to the assessor and the item stays open, saying why; renewed and reviewed instead, it closes', () => {
    expect(propOf(item('oct'), 'poam-status')).toBe('open');
    const manual = ar['nov-without']!['reviewed-controls']['control-selections'].find((s: Json) => propOf(s, 'assessment-method') === 'manual' && !propOf(s, 'assessment-state'));
    expect(manual['include-controls'].map((x: Json) => x['control-id'])).toContain('pl-4');
    const it = item('nov-without');
    expect(it.uuid).toBe(item('oct').uuid);
    expect(propOf(it, 'poam-status')).toBe('open');
    expect(propOf(it, 'closed')).toBeUndefined();
    expect(it.description).toMatch(/No attestation of pl-4 that counts \(current and reviewed\) was given in this assessment/);
    // Renewed and reviewed in November instead: pl-4 satisfied, and then the item closes.
    expect(ar['nov-renewed']!.findings.find((f: Json) => f.target['target-id'] === 'pl-4_obj').target.status.state).toBe('satisfied');
    expect([propOf(item('nov-renewed'), 'poam-status'), propOf(item('nov-renewed'), 'closed')]).toEqual(['closed', '2026-11-02']);
  });
});
