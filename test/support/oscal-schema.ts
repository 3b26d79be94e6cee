/**
 * Test helper (not shipped): validates OSCAL documents against NIST's complete JSON schemas 1.1.3
 * and 1.2.2 from ../shared/oscal/schema/, and lets tests that need ../shared skip where it is absent
 * (but FAIL under CI=true).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
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

export const ROOT_DEFINITIONS = {
  'assessment-results': 'oscal-complete-oscal-ar:assessment-results',
  'assessment-plan': 'oscal-complete-oscal-ap:assessment-plan',
  'plan-of-action-and-milestones': 'oscal-complete-oscal-poam:plan-of-action-and-milestones',
  'system-security-plan': 'oscal-complete-oscal-ssp:system-security-plan',
  'component-definition': 'oscal-complete-oscal-component-definition:component-definition',
} as const;
type Root = keyof typeof ROOT_DEFINITIONS;

interface Compiled {
  validators: Map<Root, ValidateFunction>;
}

const compiled = new Map<OscalSchemaVersion, Compiled>();

/** Compiles one schema version once per process (0.7-1.7 s each, see design/OSCAL.md). */
function getCompiled(version: OscalSchemaVersion): Compiled {
  let c = compiled.get(version);
  if (c) return c;
  const schema = JSON.parse(readFileSync(join(schemaDir, `oscal_complete_schema-${version}.json`), 'utf8')) as {
    $id: string;
  };
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  addFormats.default(ajv);
  ajv.addSchema(schema);
  const validators = new Map<Root, ValidateFunction>();
  for (const [root, def] of Object.entries(ROOT_DEFINITIONS) as [Root, string][]) {
    const v = ajv.getSchema(`${schema.$id}#/definitions/${def}`);
    if (!v) throw new Error(`schema ${version} has no definition ${def}`);
    validators.set(root, v);
  }
  c = { validators };
  compiled.set(version, c);
  return c;
}

/** Plain sentences for the datatype patterns whose regexes are too long to print. */
const PATTERN_SENTENCES: Record<string, string> = {
  UUIDDatatype: 'must be a version 4 or 5 UUID',
  DateTimeWithTimezoneDatatype: 'must be an RFC 3339 date-time with a timezone',
  DateDatatype: 'must be a date (YYYY-MM-DD)',
  DateWithTimezoneDatatype: 'must be a date with a timezone',
  TokenDatatype: "must be a token (a letter or '_', then letters, digits, '.', '-' or '_'; no spaces or colons)",
  StringDatatype: 'must be a non-empty string without leading or trailing whitespace',
  URIDatatype: 'must be an absolute URI (scheme:...)',
  EmailAddressDatatype: 'must be an email address',
};

function formatError(e: ErrorObject): string {
  const where = e.instancePath || '/';
  if (e.keyword === 'pattern') {
    const def = /#\/definitions\/([^/]+)\//.exec(e.schemaPath)?.[1];
    if (def && PATTERN_SENTENCES[def]) return `${where} ${PATTERN_SENTENCES[def]}`;
    const pattern = String((e.params as { pattern?: string }).pattern ?? '');
    if (pattern.length > 60) return `${where} does not match the pattern of ${def ?? 'its datatype'}`;
  }
  if (e.keyword === 'additionalProperties') {
    return `${where} has unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (e.keyword === 'enum') {
    return `${where} ${e.message ?? 'is not allowed'}: ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).join(', ')}`;
  }
  return `${where} ${e.message ?? e.keyword}`;
}

/**
 * Validates an OSCAL document against the given complete schema version, using the root's own
 * definition (not the oneOf over all roots). Returns readable error strings; [] means valid.
 */
export function validateOscal(doc: unknown, version: OscalSchemaVersion): string[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return ['/ must be a JSON object'];
  const keys = Object.keys(doc).filter((k) => k !== '$schema');
  const root = keys.find((k): k is Root => k in ROOT_DEFINITIONS);
  if (!root || keys.length !== 1) {
    return [`/ must have exactly one root of ${Object.keys(ROOT_DEFINITIONS).join(', ')}; found ${keys.join(', ') || 'none'}`];
  }
  const validate = getCompiled(version).validators.get(root)!;
  if (validate((doc as Record<string, unknown>)[root])) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of validate.errors ?? []) {
    const s = formatError({ ...e, instancePath: `/${root}${e.instancePath}` });
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  }
  return out;
}
