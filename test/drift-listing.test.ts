// diffListings (the `diff` edge: pairs read together, OLD's texts made only for the checks whose
// status can change, kept devices evaluated again when reused) gives exactly the drift of two
// fully assessed sides (computeDrift), on pairs, on devices with two snapshots, and on files whose
// names pair devices that differ.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeDrift } from '../src/drift/compute.js';
import { listSide } from '../src/drift/io.js';
import { diffListings } from '../src/drift/run.js';
import { serializeDrift } from '../src/drift/serialize.js';
import { buildSide, dateOf } from '../src/drift/side.js';
import type { DriftContext } from '../src/drift/types.js';
import { readSnapshot } from '../src/snapshot/load.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { clone, context, DEVICES, ROUND1, ROUND2, sample } from './support/drift.js';

const root = mkdtempSync(join(tmpdir(), 'ato-drift-listing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function folder(files: Record<string, Snapshot>): string {
  const dir = join(root, `side${n++}`);
  mkdirSync(dir);
  for (const [name, s] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(s, null, 2) + '\n');
  return dir;
}

function fullSide(dir: string, ctx: DriftContext, today?: string) {
  const listing = listSide({ path: dir });
  const loaded = listing.entries.map((e) => {
    // Through the snapshot boundary, as every reader: redacted, identified by the bytes an output may carry.
    const r = readSnapshot(readFileSync(e.file), e.file);
    return { snapshot: r.snapshot, file: e.file, sha256: r.sha256 };
  });
  return buildSide(loaded, ctx, { label: dir, kind: 'snapshots' }, today);
}

async function expectSame(oldDir: string, newDir: string, ctx: DriftContext): Promise<void> {
  const newToday = dateOf(ctx.now);
  const quick = await diffListings(listSide({ path: oldDir }), listSide({ path: newDir }), ctx, { newToday });
  const full = computeDrift(fullSide(oldDir, ctx), fullSide(newDir, ctx, newToday), ctx);
  expect(serializeDrift(quick)).toBe(serializeDrift(full));
}

describe('diffListings equals a full comparison', () => {
  const ctx = context({ deviations: true, now: '2026-11-28T00:00:00Z' });
  const r1 = Object.fromEntries(DEVICES.map((d) => [`${d}_${ROUND1}.json`, sample(d, ROUND1)]));
  const r2 = Object.fromEntries(DEVICES.map((d) => [`${d}_${ROUND2}.json`, sample(d, ROUND2)]));

  it('the sample fleet, round 1 → round 2 (every device paired by name)', async () => {
    const oldDir = folder(r1);
    const newDir = folder(r2);
    const quick = await diffListings(listSide({ path: oldDir }), listSide({ path: newDir }), ctx, { newToday: '2026-11-28' });
    expect(quick.devices.some((d) => d.checks.length > 0)).toBe(true); // texts of changed checks are shown
    await expectSame(oldDir, newDir, ctx);
  });

  it('a device with two NEW snapshots, and one with two OLD snapshots (names no longer unique)', async () => {
    const later = clone(sample('MR-01', ROUND2));
    later.collectedAt = '2026-11-20T00:00:00Z';
    later.firewall!.rules!.find((r) => r.direction === 'inbound' && !r.enabled)!.enabled = true;
    const olderCt = clone(sample('CT-01', ROUND1));
    olderCt.collectedAt = '2026-09-01T00:00:00Z';
    olderCt.access!.accounts!.push({ name: 'tmp', enabled: true, role: 'clinical', groups: ['Administrators'] });
    await expectSame(folder({ ...r1, 'CT-01_2026-09-01.json': olderCt }), folder({ ...r2, 'MR-01_2026-11-20.json': later }), ctx);
    // MR-01 paired by name, then a later snapshot of it under another name (its OS baseline, failing
    // in OLD, not collected any more): compared again with OLD, whose texts must then be complete.
    const gone = clone(later);
    delete gone.hardening!.baseline;
    const newDir = folder({ ...r2, 'zz-extra.json': gone });
    await expectSame(folder(r1), newDir, ctx);
    const quick = await diffListings(listSide({ path: folder(r1) }), listSide({ path: newDir }), ctx, { newToday: '2026-11-28' });
    const base = quick.devices.find((d) => d.deviceId === 'MR-01')!.checks.find((c) => c.checkId === 'OS-BASELINE')!;
    expect(base).toMatchObject({ old: 'fail', new: 'not-collected' });
    expect(base.oldObserved).toMatch(/\w/);
  });

  it('file names that pair different devices', async () => {
    // MR-01 (which the sample deviations name) only in OLD: a removed device.
    const swapped = { 'a.json': sample('CT-01', ROUND1), 'b.json': sample('LAB-01', ROUND1), 'c.json': sample('MR-02', ROUND1), 'd.json': sample('MR-01', ROUND1) };
    const other = { 'a.json': sample('LAB-01', ROUND2), 'b.json': sample('CT-01', ROUND2), 'c.json': sample('MR-02', ROUND2) };
    await expectSame(folder(swapped), folder(other), ctx);
  });
});

describe('an assessment folder as a side', () => {
  // assess --attestations copies each attestation's evidence file (a roster, a signed form) into
  // evidence/attestations/ and cites it in the back-matter as evidence, beside the snapshots: it
  // is no snapshot, and diff of such a package was refused ("not valid JSON" on the .md file).
  it('lists the snapshots it cites, not the attestation evidence beside them', async () => {
    const dir = join(root, `assessment${n++}`);
    mkdirSync(join(dir, 'evidence', 'attestations'), { recursive: true });
    const snap = `${JSON.stringify(sample('MR-01', ROUND1), null, 2)}\n`;
    const roster = '# Awareness training roster 2026\n';
    writeFileSync(join(dir, 'evidence', 'MR-01_20261005T091400Z.json'), snap);
    writeFileSync(join(dir, 'evidence', 'attestations', 'at-2-roster.md'), roster);
    const resource = (href: string, text: string, props: Array<{ name: string; value: string }>) => ({
      uuid: '00000000-0000-4000-8000-000000000000', props: [{ name: 'type', value: 'evidence' }, ...props],
      rlinks: [{ href, hashes: [{ algorithm: 'SHA-256', value: createHash('sha256').update(text).digest('hex') }] }],
    });
    writeFileSync(join(dir, 'assessment-results.json'), JSON.stringify({ 'assessment-results': {
      results: [{ start: '2026-10-06T00:00:00Z', end: '2026-10-06T00:00:00Z' }],
      'back-matter': { resources: [
        resource('evidence/MR-01_20261005T091400Z.json', snap, [{ name: 'device-id', value: 'MR-01' }]),
        resource('evidence/attestations/at-2-roster.md', roster, [{ name: 'source-file', value: 'attestations/at-2-roster.md' }]),
      ] },
    } }));
    const listing = listSide({ path: dir });
    expect(listing.entries.map((e) => e.file)).toEqual([join(dir, 'evidence', 'MR-01_20261005T091400Z.json')]);
    const drift = await diffListings(listing, listSide({ path: folder({ 'MR-01.json': sample('MR-01', ROUND2) }) }), context({ now: '2026-11-03T00:00:00Z' }), { newToday: '2026-11-03' });
    expect(drift.devices.map((d) => d.deviceId)).toEqual(['MR-01']);
  });
});
