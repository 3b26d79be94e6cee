/**
 * Test helper (not shipped): where the shared material is (NIST's OSCAL schemas, catalogs and
 * examples, real Windows exports, DoD interop data), and how a test that needs it behaves where it
 * is absent. The one place that knows the location: every test goes through `sharedPath`.
 *
 * Location: $ATO_EVIDENCE_SHARED if set, else ../shared beside the repository root. `.ci/run` runs
 * the test files importing this module (`vitest related`) a second time with
 * ATO_EVIDENCE_SHARED=/nonexistent to prove a fresh clone passes: a test reaching the folder any
 * other way would escape that run.
 *
 * Where it is absent, the tests that need it are skipped with a message naming the missing folder,
 * except under CI=true, where each such suite registers one failing test saying why (a silent skip
 * in CI would hide that those tests never ran). Nothing here reads ../shared when a test file is
 * imported: a test reads it inside its own body (or a beforeAll), never at module load or in a
 * describe() callback, because vitest runs the callbacks of skipped suites too, to list their tests.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/** The shared folder: $ATO_EVIDENCE_SHARED, else ../shared beside the repository root. */
export const sharedDir: string = resolve(process.env.ATO_EVIDENCE_SHARED || fileURLToPath(new URL('../../../shared/', import.meta.url)));

/** A path inside the shared folder (a string only: nothing is read). */
export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}

/** What a part of the shared folder holds, for the skip message. */
export interface SharedPart {
  /** Relative to the shared folder; its presence is what the tests check. */
  marker: string;
  /** "NIST's OSCAL material", "the real Windows exports" ... */
  what: string;
}

export const OSCAL: SharedPart = { marker: 'oscal', what: "NIST's OSCAL schemas, catalogs and examples" };
export const SAMPLES_REAL: SharedPart = { marker: join('samples-real', 'README.md'), what: 'the real Windows exports' };

export function haveShared(part: SharedPart = OSCAL): boolean {
  return existsSync(sharedPath(part.marker));
}

function isCI(): boolean {
  return process.env.CI === 'true';
}

export function missingMessage(part: SharedPart = OSCAL): string {
  const where = process.env.ATO_EVIDENCE_SHARED ? 'ATO_EVIDENCE_SHARED' : '../shared beside the repository';
  return `${sharedPath(part.marker)} is missing (${where}): the tests that need ${part.what} cannot run`;
}

const ciFailure = (part: SharedPart) => `${missingMessage(part)}; under CI=true this is a failure, not a skip`;

/**
 * describe() for tests that need the shared folder. Where it is absent they are skipped with a
 * clear message (vitest still calls `fn` to list them, so `fn` must not read shared files itself),
 * except under CI=true, where the suite is one failing test saying why.
 */
export function describeWithShared(name: string, fn: () => void, part: SharedPart = OSCAL): void {
  if (haveShared(part)) {
    describe(name, fn);
    return;
  }
  if (isCI()) {
    describe(name, () => {
      it(`needs ${part.what}`, () => {
        throw new Error(ciFailure(part));
      });
    });
    return;
  }
  describe.skip(`${name} [skipped: ${missingMessage(part)}]`, fn);
}

/** it() for one test that needs the shared folder: skipped with the message, a failure under CI=true. */
export function itWithShared(name: string, fn: () => void | Promise<void>, part: SharedPart = OSCAL): void {
  if (haveShared(part)) it(name, fn);
  else if (isCI()) it(name, () => {
    throw new Error(ciFailure(part));
  });
  else it.skip(`${name} [skipped: ${missingMessage(part)}]`, fn);
}

/** For use inside a test: skip it (or fail it under CI=true) when the shared folder is absent. */
export function requireShared(ctx: { skip: (note?: string) => void }, part: SharedPart = OSCAL): void {
  if (haveShared(part)) return;
  if (isCI()) throw new Error(ciFailure(part));
  ctx.skip(missingMessage(part));
}

/** NIST's rev5 baseline files in the shared folder ("LOW", "MODERATE", "HIGH"). */
export const rev5 = {
  dir: (): string => sharedPath('oscal', 'nist-800-53-rev5'),
  profile: (baseline: string): string => sharedPath('oscal', 'nist-800-53-rev5', `NIST_SP-800-53_rev5_${baseline}-baseline_profile.json`),
  resolved: (baseline: string): string => sharedPath('oscal', 'nist-800-53-rev5', `NIST_SP-800-53_rev5_${baseline}-baseline-resolved-profile_catalog-min.json`),
};

const fixtureDir = fileURLToPath(new URL('../fixtures/profiles/', import.meta.url));

/**
 * A profile fixture whose relative imports of the shared folder ("../../../../shared/...", right
 * for the default layout) are pointed at the shared folder actually in use: a copy, under the same
 * file name, in `dir` (the calling test file's own temporary folder, which it removes). Call it
 * inside a test or hook (it reads the fixture).
 */
export function sharedProfileFixture(name: string, dir: string): string {
  const text = readFileSync(join(fixtureDir, name), 'utf8').replace(/"href": "(?:\.\.\/)+shared\/([^"]+)"/g, (_m, rest: string) => `"href": ${JSON.stringify(sharedPath(...rest.split('/')))}`);
  const out = join(dir, basename(name));
  writeFileSync(out, text);
  return out;
}
