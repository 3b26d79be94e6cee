/**
 * Test helper (not shipped): the real exports in ../shared/samples-real/ (beside the repository
 * root). Tests that read them are skipped with a clear message where ../shared is absent, but
 * FAIL under CI=true, where a silent skip would hide that the real-sample tests never ran.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import type { ExportInput } from '../../src/ingest/index.js';

/** ../shared/samples-real/ relative to the repository root (this file is test/ingest/shared-samples.ts). */
export const samplesRealDir = fileURLToPath(new URL('../../../shared/samples-real/', import.meta.url));

export function haveRealSamples(): boolean {
  return existsSync(join(samplesRealDir, 'README.md'));
}

const missing = (): string => `${samplesRealDir} is missing: the tests on real Windows exports (../shared/samples-real) cannot run`;

/** describe() for tests on the real samples: skipped where absent, one failing test under CI=true. */
export function describeWithRealSamples(name: string, fn: () => void): void {
  if (haveRealSamples()) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs ../shared/samples-real', () => {
        throw new Error(`${missing()}; under CI=true this is a failure, not a skip`);
      });
    });
    return;
  }
  describe.skip(`${name} [skipped: ${missing()}]`, fn);
}

/** Reads a real sample as an ExportInput (name = its file name). */
export function realSample(relPath: string): ExportInput & { path: string } {
  const path = join(samplesRealDir, relPath);
  const bytes = readFileSync(path);
  return { name: basename(path), bytes, sha256: createHash('sha256').update(bytes).digest('hex'), path };
}
