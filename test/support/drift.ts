/** Test helpers for drift (not shipped): sample snapshots, a drift context, assessed devices. */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunConfig } from '../../src/assess/config.js';
import { assessDevice, makeDriftContext } from '../../src/drift/side.js';
import type { AssessedDevice, DriftContext } from '../../src/drift/types.js';
import type { DeviationRecord } from '../../src/evaluate/evaluate-check.js';
import { parseSnapshot } from '../../src/snapshot/load.js';
import type { Snapshot } from '../../src/snapshot/types.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const ROUND1 = '2026-10-05';
export const ROUND2 = '2026-11-02';
export const DEVICES = ['CT-01', 'LAB-01', 'MR-01', 'MR-02'] as const;

export function samplePath(device: string, round: string): string {
  return join(ROOT, 'samples', device, `${device}_${round}.json`);
}

/** Writes `dir`/old and `dir`/new, each holding one device's sample snapshot of ROUND1 and ROUND2, as diff reads two run folders. */
export function writeSampleSides(dir: string, device = 'MR-02'): void {
  for (const [side, round] of [['old', ROUND1], ['new', ROUND2]] as const) {
    mkdirSync(join(dir, side));
    copyFileSync(samplePath(device, round), join(dir, side, `${device}.json`));
  }
}

export function sample(device: string, round: string): Snapshot {
  const f = samplePath(device, round);
  return parseSnapshot(readFileSync(f, 'utf8'), f);
}

export function sha(s: Snapshot | string): string {
  return createHash('sha256').update(typeof s === 'string' ? s : JSON.stringify(s)).digest('hex');
}

export function context(opts: { now?: string; deviations?: boolean; extraDeviations?: DeviationRecord[] } = {}): DriftContext {
  const config = loadRunConfig(opts.deviations ? { deviations: join(ROOT, 'samples/deviations.csv') } : {});
  if (opts.extraDeviations) config.deviations.push(...opts.extraDeviations);
  return makeDriftContext(config, { now: opts.now ?? '2026-11-02T23:00:00Z' });
}

/** A device of one side; deviations valid on the snapshot's collection date. */
export function assessed(s: Snapshot, ctx: DriftContext, file = `${s.device.id}.json`): AssessedDevice {
  return assessDevice(s, { file, sha256: sha(s) }, ctx, s.collectedAt.slice(0, 10));
}

export function clone<T>(x: T): T {
  return structuredClone(x);
}
