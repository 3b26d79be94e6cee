/**
 * Test helper (not shipped): the real exports in the shared folder's samples-real/ (see
 * ../support/shared.ts for where it is). Tests that read them are skipped with a clear message where
 * it is absent, but FAIL under CI=true, where a silent skip would hide that the real-sample tests
 * never ran. `realSample` reads a file: call it inside a test, never in a describe() callback.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ExportInput } from '../../src/ingest/index.js';
import { describeWithShared, haveShared, SAMPLES_REAL, sharedPath } from '../support/shared.js';

/** samples-real/ in the shared folder. */
export const samplesRealDir = sharedPath('samples-real');

export function haveRealSamples(): boolean {
  return haveShared(SAMPLES_REAL);
}

/** describe() for tests on the real samples: skipped where absent, one failing test under CI=true. */
export function describeWithRealSamples(name: string, fn: () => void): void {
  describeWithShared(name, fn, SAMPLES_REAL);
}

/** Reads a real sample as an ExportInput (name = its file name). */
export function realSample(relPath: string): ExportInput & { path: string } {
  const path = sharedPath('samples-real', ...relPath.split('/'));
  const bytes = readFileSync(path);
  return { name: basename(path), bytes, sha256: createHash('sha256').update(bytes).digest('hex'), path };
}
