// One device folder, one collection time. When the files that state a collection time
// (collection.json, the vendor's settings export) are more than a day apart, the folder mixes
// exports of different visits: the snapshot is dated by the oldest, so evidence copied in from an
// earlier visit is never judged as current (src/ingest/merge.ts datedByOldest).
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { ingestFolder } from '../../src/ingest/index.js';
import { checkCollectedBy } from '../../src/snapshot/load.js';
import { userErrorOf } from '../support/user-error.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { materialiseDevice, mr01Files } from './fixture-folder.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** The MR-01 fixture folder with the vendor export's own collection time set to `vendorAt`. */
async function mr01WithVendorAt(vendorAt: string) {
  const files = mr01Files();
  const vendor = JSON.parse(files.get('vendor-settings.json')!.toString('utf8')) as Record<string, unknown>;
  expect(vendor.collectedAt).toBe('2024-03-01T10:09:40+01:00'); // the fixture, 6 minutes before collection.json's
  vendor.collectedAt = vendorAt;
  files.set('vendor-settings.json', Buffer.from(JSON.stringify(vendor, null, 2)));
  const dir = materialiseDevice(files);
  made.push(dir);
  return ingestFolder(dir);
}

const COLLECTION_JSON_AT = '2024-03-01T10:15:22.1234567+01:00';

describe('collection times far apart within one folder', () => {
  it('minutes apart (one visit): collection.json dates the snapshot, as before', async () => {
    const r = await mr01WithVendorAt('2024-03-01T08:30:00+01:00');
    expect(r.snapshot.collectedAt).toBe(COLLECTION_JSON_AT);
    expect(r.warnings.join('\n')).not.toMatch(/different visits/);
  });

  it('a vendor export 421 days older: the snapshot is dated by it, with a warning naming the file, and the other time kept in provenance', async () => {
    const r = await mr01WithVendorAt('2023-01-05T10:09:40+01:00');
    expect(r.snapshot.collectedAt).toBe('2023-01-05T10:09:40+01:00');
    const warning = r.warnings.find((w) => /different visits/.test(w));
    expect(warning).toMatch(/^vendor-settings\.json says it was written 2023-01-05T10:09:40\+01:00, 421 day\(s\) before/);
    const prov = r.snapshot.provenance?.['/collectedAt'];
    expect(prov?.file).toBe('vendor-settings.json');
    expect(prov?.alternatives?.some((a) => a.file === 'collection.json' && a.value === COLLECTION_JSON_AT)).toBe(true);
  });

  it('a vendor export 7 days newer: the snapshot keeps collection.json\'s (older) time, and the two visits are said, as the other way round', async () => {
    const r = await mr01WithVendorAt('2024-03-08T10:09:40+01:00');
    expect(r.snapshot.collectedAt).toBe(COLLECTION_JSON_AT);
    expect(r.warnings.find((w) => /different visits/.test(w))).toMatch(/^vendor-settings\.json says it was written 2024-03-08T10:09:40\+01:00, 6 day\(s\) after the .* of collection\.json/);
  });

  it('a vendor export written after the run\'s clock is refused, though the snapshot\'s own time is before it', async () => {
    // Dated by collection.json (10:15 +01:00 = 09:15Z), the vendor file says 2024-03-02T08:00Z.
    const r = await mr01WithVendorAt('2024-03-02T09:00:00+01:00');
    expect(r.snapshot.collectedAt).toBe(COLLECTION_JSON_AT);
    const e = userErrorOf(() => checkCollectedBy(r.snapshot, '2024-03-02T00:00:00Z', 'MR-01', 'the assessment time'));
    expect(e.message).toMatch(/ \/provenance\/~1collectedAt: vendor-settings\.json \(\/collectedAt, line \d+\) says it was written at 2024-03-02T09:00:00\+01:00, after the assessment time 2024-03-02T00:00:00Z/);
    expect(() => checkCollectedBy(r.snapshot, '2024-03-02T12:00:00Z', 'MR-01')).not.toThrow();
  });

  it('judged a day after collection.json, a check on the old vendor values is not collected as stale, not a pass', async () => {
    const clock = { now: '2024-03-02T10:00:00Z' };
    const fresh = await mr01WithVendorAt('2024-03-01T10:09:40+01:00');
    const old = await mr01WithVendorAt('2023-01-05T10:09:40+01:00');
    const mfa = catalog.checks.find((c) => c.id === 'SERVICE-MFA')!; // two-factor service access: the vendor export says
    const onFresh = evaluateCheck(mfa, fresh.snapshot, params, clock);
    expect(onFresh.status).toBe('pass'); // the premise: the vendor's service-access settings pass when current
    const onOld = evaluateCheck(mfa, old.snapshot, params, clock);
    expect(onOld.status).toBe('not-collected');
    expect(onOld.reason).toMatch(/^the evidence is stale: collected 2023-01-05T10:09:40\+01:00/);
  });
});
