// Parses and validates snapshot documents. Pure over text; the caller reads the file.
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { UserError } from '../io/errors.js';
import { SUPPORTED_SCHEMA_VERSIONS, type Snapshot } from './types.js';

const require = createRequire(import.meta.url);
export const SNAPSHOT_SCHEMA_PATH = require.resolve('../../schema/snapshot-v1.schema.json');

let validator: ValidateFunction | undefined;
function getValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: false, strict: true });
    addFormats.default(ajv);
    validator = ajv.compile(require('../../schema/snapshot-v1.schema.json') as object);
  }
  return validator;
}

// JSON text with syntax errors named by line and column: src/io/json-text.ts (kept free of ajv,
// so `validate` starts fast); re-exported for the callers that import it from here.
import { parseJson } from '../io/json-text.js';
export { parseJson };

export function describeAjvError(err: ErrorObject): string {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required': return `missing required property "${String(p.missingProperty)}"`;
    case 'additionalProperties': return `unknown property "${String(p.additionalProperty)}"`;
    case 'type': return `must be ${String(p.type).replace(',', ' or ')}`;
    case 'enum': return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format': return p.format === 'date-time' ? 'must be an RFC 3339 date-time with a timezone, e.g. 2026-11-02T09:14:00Z' : `must be a valid ${String(p.format)}`;
    case 'pattern': return `does not have the expected form (${String(p.pattern)})`;
    default: return err.message ?? err.keyword;
  }
}

/**
 * Validates a parsed document as a snapshot. Throws a UserError naming the file and the JSON
 * pointer of the first problem.
 */
export function validateSnapshot(doc: unknown, file: string): Snapshot {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new UserError('a snapshot must be a JSON object', { file, where: '/' });
  }
  const version = (doc as Record<string, unknown>).schemaVersion;
  if (version === undefined) throw new UserError('missing "schemaVersion" (this tool reads snapshot format 1.0)', { file, where: '/schemaVersion' });
  if (!(SUPPORTED_SCHEMA_VERSIONS as readonly unknown[]).includes(version)) {
    throw new UserError(`unknown schemaVersion ${JSON.stringify(version)}; this version of ato-evidence reads ${SUPPORTED_SCHEMA_VERSIONS.join(', ')}`, { file, where: '/schemaVersion' });
  }
  const device = (doc as Record<string, unknown>).device;
  if (device && typeof device === 'object' && !Array.isArray(device) && !('id' in device)) {
    throw new UserError('missing device id ("device": { "id": ... })', { file, where: '/device/id' });
  }
  const validate = getValidator();
  if (!validate(doc)) {
    const err = validate.errors?.[0];
    if (!err) throw new UserError('does not match the snapshot schema', { file });
    const pointer = err.keyword === 'required' ? `${err.instancePath}/${String((err.params as { missingProperty: string }).missingProperty)}`
      : err.keyword === 'additionalProperties' ? `${err.instancePath}/${String((err.params as { additionalProperty: string }).additionalProperty)}`
      : err.instancePath || '/';
    throw new UserError(describeAjvError(err), { file, where: pointer });
  }
  const snap = doc as Snapshot;
  if (Number.isNaN(Date.parse(snap.collectedAt))) throw new UserError('collectedAt is not a valid date-time', { file, where: '/collectedAt' });
  return snap;
}

export function parseSnapshot(text: string, file: string): Snapshot {
  return validateSnapshot(parseJson(text, file), file);
}
