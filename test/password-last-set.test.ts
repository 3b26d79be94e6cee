// PWD-MAX-AGE judged the policy's maximum alone: MR-01's enabled "service" account, whose password
// was set on 2023-11-02 (120 days before the 2024-03-01 collection), passed under a 60-day policy.
// Get-LocalUser's PasswordLastSet is now read (ISO with offset, or the console's culture, with the
// zone window and the two-readings rule of every local time) and each enabled local account's
// password must be younger than the maximum.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { ingestFolder } from '../src/ingest/index.js';
import { resolveParameters } from '../src/params/resolve.js';
import type { Snapshot } from '../src/snapshot/types.js';

const catalog = loadCatalog();
const PWD = catalog.checks.find((c) => c.id === 'PWD-MAX-AGE')!;
const defaults: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const root = mkdtempSync(join(tmpdir(), 'ato-pwd-last-set-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const NOW = '2024-03-02T00:00:00Z';

/** A copy of the MR-01 fixture with the "service" account's PasswordLastSet cell replaced, and collection.json edited. */
async function mr01(name: string, serviceSetAt: string, manifest: (m: Record<string, unknown>) => void = () => {}, edits: Array<[string, string]> = []): Promise<Snapshot> {
  const dir = join(root, name);
  cpSync('test/fixtures/exports/mr-01', dir, { recursive: true });
  const users = join(dir, 'local-users.csv');
  const text = readFileSync(users, 'utf8');
  const edited = text.replace('"service","True","S-1-5-21-3623811015-3361044348-30300820-1003","Local","User","True","2023-11-02T08:00:00.0000000+01:00"', `"service","True","S-1-5-21-3623811015-3361044348-30300820-1003","Local","User","True",${JSON.stringify(serviceSetAt)}`);
  expect(edited.includes(JSON.stringify(serviceSetAt)), 'the fixture holds the service account\'s row').toBe(true);
  writeFileSync(users, edits.reduce((t, [a, b]) => t.replace(a, b), edited));
  const m = JSON.parse(readFileSync(join(dir, 'collection.json'), 'utf8'));
  manifest(m);
  writeFileSync(join(dir, 'collection.json'), JSON.stringify(m));
  // Both files state the visit's time: moved together, so the folder stays one visit.
  const vendor = join(dir, 'vendor-settings.json');
  writeFileSync(vendor, readFileSync(vendor, 'utf8').replace('"2024-03-01T10:09:40+01:00"', JSON.stringify(m.collectedAt)));
  return (await ingestFolder(dir)).snapshot;
}

const service = (s: Snapshot) => s.access?.accounts?.find((a) => a.name === 'service');

describe('PWD-MAX-AGE: each enabled local account\'s password age, beside the policy', () => {
  it('fails on MR-01: the policy says 60 days, the enabled service account\'s password is 120 days old', async () => {
    const s = await mr01('as-collected', '2023-11-02T08:00:00.0000000+01:00');
    expect(s.access?.passwordPolicy?.local?.maxAgeDays).toBe(60);
    expect(service(s)?.passwordLastSet).toBe('2023-11-02T08:00:00.0000000+01:00');
    const r = evaluateCheck(PWD, s, defaults, { now: NOW });
    expect(r.status).toBe('fail');
    expect(r.observed).toMatch(/service/);
    expect(r.observed).not.toMatch(/radtech|hospadmin/);
  });

  it('passes when every enabled local account\'s password is within the maximum', async () => {
    const s = await mr01('recent', '2024-02-20T08:00:00.0000000+01:00');
    expect(evaluateCheck(PWD, s, defaults, { now: NOW }).status).toBe('pass');
  });

  it('reads the console\'s culture format with its offset (collection.json names en-US and +01:00)', async () => {
    const s = await mr01('culture', '11/2/2023 8:00:00 AM');
    expect(service(s)?.passwordLastSet).toBe('2023-11-02T08:00:00+01:00');
    expect(evaluateCheck(PWD, s, defaults, { now: NOW }).status).toBe('fail');
  });

  it('a culture date that reads two ways, the culture not named: judged at both readings', async () => {
    const noCulture = (m: Record<string, unknown>) => { delete m.culture; };
    // Collected 2024-03-20: 1/2/2024 is 2 January (older than 60 days) or 1 February (within): not collected.
    const later = (m: Record<string, unknown>) => { noCulture(m); m.collectedAt = '2024-03-20T10:00:00+01:00'; };
    // hospadmin's password (set 2024-01-15) would be 65 days old by then: set later, so the service account decides.
    const two = await mr01('two-readings', '1/2/2024 8:00:00 AM', later, [['2024-01-15T09:00:00.0000000+01:00', '2024-03-01T09:00:00.0000000+01:00']]);
    expect(service(two)?.passwordLastSet).toBe('2024-01-02T08:00:00+01:00/2024-02-01T08:00:00+01:00');
    const r = evaluateCheck(PWD, two, defaults, { now: '2024-03-21T00:00:00Z' });
    expect(r.status).toBe('not-collected');
    expect(JSON.stringify(r)).toMatch(/depends on how the date is read/);
    // 1/11/2023 (1 November or 11 January): too old either way, a fail.
    const old = await mr01('two-readings-old', '1/11/2023 8:00:00 AM', noCulture);
    expect(evaluateCheck(PWD, old, defaults, { now: NOW }).status).toBe('fail');
  });

  it('a local time whose zone is unknown: decided only where every offset agrees', async () => {
    const noOffset = (m: Record<string, unknown>) => { delete m.utcOffset; m.collectedAt = '2024-03-01T09:15:22Z'; };
    // 60 days before 2024-03-01T09:15:22Z is 2024-01-01T09:15:22Z; 2024-01-01 12:00 local is from
    // 2023-12-31T22:00Z (at UTC+14:00: older) to 2024-01-02T00:00Z (at UTC-12:00: within).
    const edge = await mr01('zone-unknown', '1/1/2024 12:00:00 PM', noOffset);
    expect(service(edge)?.passwordLastSet).toBe('2024-01-01T12:00:00');
    const r = evaluateCheck(PWD, edge, defaults, { now: NOW });
    expect(r.status).toBe('not-collected');
    expect(JSON.stringify(r)).toMatch(/depends on the zone/);
    const old = await mr01('zone-unknown-old', '11/2/2023 8:00:00 AM', noOffset);
    expect(evaluateCheck(PWD, old, defaults, { now: NOW }).status).toBe('fail');
  });

  it('an enabled local account whose PasswordLastSet cell is empty leaves the check not collected, never a pass', async () => {
    const s = await mr01('empty', '');
    expect(service(s)?.passwordLastSet).toBeUndefined();
    expect(evaluateCheck(PWD, s, defaults, { now: NOW }).status).toBe('not-collected');
  });
});
