// Checks the merged snapshot against schema/snapshot-v1.schema.json, and puts its properties in
// the schema's order (so that output is stable and readable). A value the schema rejects came
// from a file: the error names that file and the location given by the value's provenance.
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { UserError } from '../io/errors.js';
import type { Snapshot } from '../snapshot/types.js';

const require = createRequire(import.meta.url);

type SchemaNode = { properties?: Record<string, SchemaNode>; items?: SchemaNode; additionalProperties?: SchemaNode | boolean };

let cached: { validate: ValidateFunction; schema: SchemaNode } | undefined;
function get(): { validate: ValidateFunction; schema: SchemaNode } {
  if (!cached) {
    const schema = require('../../schema/snapshot-v1.schema.json') as SchemaNode;
    // First error only: it is reported with the provenance of the value it concerns.
    const ajv = new Ajv({ allErrors: false, strict: true });
    addFormats.default(ajv);
    cached = { validate: ajv.compile(schema), schema };
  }
  return cached;
}

function order(value: unknown, schema: SchemaNode | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => order(v, schema?.items));
  if (typeof value !== 'object' || value === null || !schema) return value;
  const o = value as Record<string, unknown>;
  if (!schema.properties) return o;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(schema.properties)) if (k in o) out[k] = order(o[k], schema.properties[k]);
  for (const k of Object.keys(o)) if (!(k in out)) out[k] = o[k];
  return out;
}

function describe(err: ErrorObject): string {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required': return `missing required property "${String(p.missingProperty)}"`;
    case 'enum': return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format': return p.format === 'date-time' ? 'must be an RFC 3339 date-time with a time zone' : `must be a valid ${String(p.format)}`;
    case 'pattern': return `does not have the expected form (${String(p.pattern)})`;
    default: return err.message ?? err.keyword;
  }
}

/** Orders and validates. Throws UserError naming the source file of the first rejected value. */
export function finishSnapshot(snapshot: Snapshot, folder: string): Snapshot {
  const { validate, schema } = get();
  const ordered = order(snapshot, schema) as Snapshot;
  if (validate(ordered as unknown) === true) return ordered;
  const err = (validate.errors ?? [])[0] as ErrorObject;
  const ptr = err.instancePath;
  const prov = ordered.provenance ?? {};
  // The value's own provenance, else the nearest child's (for a "required" error on an object).
  let p = prov[ptr];
  if (!p) {
    const child = Object.keys(prov).find((k) => k.startsWith(`${ptr}/`));
    if (child) p = prov[child];
  }
  const value = ptr.split('/').slice(1).reduce<unknown>((v, s) => (v as Record<string, unknown> | undefined)?.[s.replace(/~1/g, '/').replace(/~0/g, '~')], ordered);
  const msg = `the value ${JSON.stringify(value)} read for ${ptr || '/'} ${describe(err)}`;
  if (p) throw new UserError(msg, { file: p.file, where: p.location });
  throw new UserError(msg, { file: folder });
}
