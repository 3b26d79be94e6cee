/**
 * Test helper (not shipped): validates OSCAL documents against NIST's complete JSON schemas 1.1.3
 * and 1.2.2 from the shared folder's oscal/schema/ (see ./shared.ts: where it is, and how tests that
 * need it skip where it is absent but FAIL under CI=true). The schema is read on first use only.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  ROOT_DEFINITIONS,
  compileRootValidators,
  formatSchemaProblem,
  validateAgainst,
  type OscalSchema,
  type RootValidators,
} from '../../src/validate/schema.js';
import { describeWithShared, sharedPath } from './shared.js';

// The shared folder and its skip helpers live in ./shared.ts; re-exported for the tests that import them from here.
export { describeWithShared, haveShared, requireShared, sharedDir } from './shared.js';

export const schemaDir = sharedPath('oscal', 'schema');
export const examplesDir = sharedPath('oscal', 'examples');

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
  return sharedPath('oscal', 'schema', `oscal_complete_schema-${version}.json`);
}

/**
 * Validates an OSCAL document against the given complete schema version, using the root's own
 * definition (not the oneOf over all roots), with the product's error sentences
 * (src/validate/schema.ts). Returns "pointer sentence" strings; [] means valid.
 */
export function validateOscal(doc: unknown, version: OscalSchemaVersion): string[] {
  return validateAgainst(getCompiled(version), doc).map(formatSchemaProblem);
}

/** A describe (skipped without the shared folder) holding that every AR a CLI test wrote validates against NIST 1.1.3 and 1.2.2. */
export function describeArsValid(name: string, written: ReadonlyArray<Record<string, unknown>>): void {
  describeWithShared(name, () => {
    it('the ARs written above validate against NIST 1.1.3 and 1.2.2', () => {
      expect(written.length).toBeGreaterThan(0);
      for (const ar of written) {
        expect(validateOscal(ar, '1.1.3')).toEqual([]);
        expect(validateOscal(ar, '1.2.2')).toEqual([]);
      }
    });
  });
}
