/**
 * Test helper (not shipped): validates OSCAL documents against NIST's complete JSON schemas 1.1.3
 * and 1.2.2 from ../shared/oscal/schema/, and lets tests that need ../shared skip where it is absent
 * (but FAIL under CI=true).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  ROOT_DEFINITIONS,
  compileRootValidators,
  formatSchemaProblem,
  validateAgainst,
  type OscalSchema,
  type RootValidators,
} from '../../src/validate/schema.js';
import { describe, it } from 'vitest';

/** ../shared beside the repository root (this file is test/support/oscal-schema.ts). */
export const sharedDir = fileURLToPath(new URL('../../../shared/', import.meta.url));

export const schemaDir = join(sharedDir, 'oscal', 'schema');
export const examplesDir = join(sharedDir, 'oscal', 'examples');

export function haveShared(): boolean {
  return existsSync(join(sharedDir, 'oscal'));
}

function isCI(): boolean {
  return process.env.CI === 'true';
}

const MISSING = () =>
  `${sharedDir} is missing: the tests that need NIST's OSCAL material (../shared) cannot run`;

/**
 * describe() for tests that need ../shared. Where it is absent they are skipped with a clear
 * message, except under CI=true, where the suite registers one failing test saying why.
 */
export function describeWithShared(name: string, fn: () => void): void {
  if (haveShared()) {
    describe(name, fn);
    return;
  }
  if (isCI()) {
    describe(name, () => {
      it('needs ../shared', () => {
        throw new Error(`${MISSING()}; under CI=true this is a failure, not a skip`);
      });
    });
    return;
  }
  describe.skipIf(true)(`${name} [skipped: ${MISSING()}]`, fn);
}

/** For use inside a test: skip it (or fail it under CI=true) when ../shared is absent. */
export function requireShared(ctx: { skip: (note?: string) => void }): void {
  if (haveShared()) return;
  if (isCI()) throw new Error(`${MISSING()}; under CI=true this is a failure, not a skip`);
  ctx.skip(MISSING());
}

export type OscalSchemaVersion = '1.1.3' | '1.2.2';

export { ROOT_DEFINITIONS };

const compiled = new Map<OscalSchemaVersion, RootValidators>();

/** Compiles one schema version once per process (0.7-1.7 s each, see design/OSCAL.md). */
function getCompiled(version: OscalSchemaVersion): RootValidators {
  let c = compiled.get(version);
  if (c) return c;
  c = compileRootValidators(JSON.parse(readFileSync(schemaFile(version), 'utf8')) as OscalSchema);
  compiled.set(version, c);
  return c;
}

export function schemaFile(version: OscalSchemaVersion): string {
  return join(schemaDir, `oscal_complete_schema-${version}.json`);
}

/**
 * Validates an OSCAL document against the given complete schema version, using the root's own
 * definition (not the oneOf over all roots), with the product's error sentences
 * (src/validate/schema.ts). Returns "pointer sentence" strings; [] means valid.
 */
export function validateOscal(doc: unknown, version: OscalSchemaVersion): string[] {
  return validateAgainst(getCompiled(version), doc).map(formatSchemaProblem);
}
