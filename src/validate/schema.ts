/**
 * NIST's complete OSCAL JSON schema (1.1.3 or 1.2.2) as a validator: compiled in-process with ajv
 * (slow: 0.7-1.7 s) or generated once with ajv's standalone code and cached (see ./cache.ts).
 * Errors come back as plain sentences with their JSON pointer: no 300-character regexes, no
 * anyOf/oneOf wrapper noise. See design/OSCAL.md.
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';

// ajv's compiler is loaded only to compile or generate: a run that imports the cached validator
// never loads it (tens of milliseconds of start-up).
const require = createRequire(import.meta.url);

/** The model roots of the complete schema, and the definition that validates each root's body. */
export const ROOT_DEFINITIONS = {
  'assessment-results': 'oscal-complete-oscal-ar:assessment-results',
  'assessment-plan': 'oscal-complete-oscal-ap:assessment-plan',
  'plan-of-action-and-milestones': 'oscal-complete-oscal-poam:plan-of-action-and-milestones',
  'system-security-plan': 'oscal-complete-oscal-ssp:system-security-plan',
  'component-definition': 'oscal-complete-oscal-component-definition:component-definition',
  catalog: 'oscal-complete-oscal-catalog:catalog',
  profile: 'oscal-complete-oscal-profile:profile',
} as const;
export type OscalRoot = keyof typeof ROOT_DEFINITIONS;
export const OSCAL_ROOTS = Object.keys(ROOT_DEFINITIONS) as OscalRoot[];

/** One schema error: where (RFC 6901 pointer into the whole document) and a plain sentence. */
export interface SchemaProblem {
  pointer: string;
  message: string;
  /** The ajv keyword that failed ("required", "pattern", …), for machines. */
  keyword: string;
}

/** A validate function per root (the body of doc[root] is what is validated). */
export type RootValidators = Record<OscalRoot, ValidateFunction | ((data: unknown) => boolean)>;

export interface OscalSchema {
  $id: string;
  definitions?: Record<string, unknown>;
}

/** "1.2.2" from the schema's $id (http://csrc.nist.gov/ns/oscal/1.0/1.2.2/oscal-complete-schema.json). */
export function schemaOscalVersion(schema: OscalSchema): string {
  const m = /\/(\d+\.\d+\.\d+)\/oscal-complete-schema\.json$/.exec(schema.$id ?? '');
  // The $id is the file's text: bounded, so a hostile schema's megabyte of it is not printed.
  if (schema.$id === undefined) throw new Error('not NIST\'s complete OSCAL JSON schema: it has no $id (NIST\'s reads http://csrc.nist.gov/ns/oscal/VERSION/oscal-complete-schema.json)');
  if (!m?.[1]) throw new Error(`not NIST's complete OSCAL JSON schema: $id is ${typeof schema.$id === 'string' && schema.$id.length > 120 ? `"${schema.$id.slice(0, 120)}…"` : JSON.stringify(schema.$id)}`);
  return m[1];
}

export function checkDefinitions(schema: OscalSchema): void {
  for (const def of Object.values(ROOT_DEFINITIONS)) {
    if (!schema.definitions || !(def in schema.definitions)) {
      throw new Error(`not NIST's complete OSCAL JSON schema: it has no definition ${def}`);
    }
  }
}

function newAjv(standalone: boolean): Ajv {
  const { Ajv: AjvClass, _ } = require('ajv') as typeof import('ajv');
  const addFormats = require('ajv-formats') as typeof import('ajv-formats');
  const ajv = new AjvClass({
    allErrors: true,
    strict: true,
    strictTypes: false,
    ...(standalone ? { code: { source: true, esm: true, formats: _`fullFormats` } } : {}),
  });
  addFormats.default(ajv);
  return ajv;
}

/** Compiles the schema in this process (0.7-1.7 s); one validator per root. */
export function compileRootValidators(schema: OscalSchema): RootValidators {
  checkDefinitions(schema);
  const ajv = newAjv(false);
  ajv.addSchema(schema as object);
  const out = {} as RootValidators;
  for (const root of OSCAL_ROOTS) {
    const v = ajv.getSchema(`${schema.$id}#/definitions/${ROOT_DEFINITIONS[root]}`);
    if (!v) throw new Error(`schema has no definition ${ROOT_DEFINITIONS[root]}`);
    out[root] = v;
  }
  return out;
}

/** The ESM export name of a root's validator in the generated module ("assessment_results"). */
export function exportName(root: OscalRoot): string {
  return root.replace(/-/g, '_');
}

/**
 * Standalone ESM source of the validators (one export per root, see exportName) plus
 * `export const oscalVersion`. `requireFrom` is an absolute file URL or path from which the
 * generated code resolves ajv's runtime and ajv-formats (so the module works wherever it is written).
 */
export async function generateStandaloneSource(schema: OscalSchema, requireFrom: string): Promise<string> {
  checkDefinitions(schema);
  const version = schemaOscalVersion(schema);
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const ajv = newAjv(true);
  ajv.addSchema(schema as object);
  const refs: Record<string, string> = {};
  for (const root of OSCAL_ROOTS) refs[exportName(root)] = `${schema.$id}#/definitions/${ROOT_DEFINITIONS[root]}`;
  const code = (standaloneCode as unknown as { default?: typeof standaloneCode }).default
    ? (standaloneCode as unknown as { default: (a: Ajv, r: Record<string, string>) => string }).default(ajv, refs)
    : (standaloneCode as unknown as (a: Ajv, r: Record<string, string>) => string)(ajv, refs);
  // The generated code require()s ajv's runtime (and would require ajv-formats): give it a require
  // rooted in this project, so it resolves from any cache folder.
  const header = [
    '// Generated by ato-evidence from NIST\'s complete OSCAL JSON schema: do not edit.',
    'import { createRequire } from "node:module";',
    `const require = createRequire(${JSON.stringify(requireFrom)});`,
    'const { fullFormats } = require("ajv-formats/dist/formats.js");',
    `export const oscalVersion = ${JSON.stringify(version)};`,
  ].join('\n');
  return `${header}\n${code.replace(/^"use strict";/, '')}\n`;
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

/** Wrapper keywords whose own message only says "a branch failed" (the branches say why). */
const WRAPPERS = new Set(['anyOf', 'oneOf', 'if', 'not']);

function sentence(e: ErrorObject): string {
  if (e.keyword === 'pattern') {
    const def = /#\/definitions\/([^/]+)\//.exec(e.schemaPath)?.[1];
    if (def && PATTERN_SENTENCES[def]) return PATTERN_SENTENCES[def];
    const pattern = String((e.params as { pattern?: string }).pattern ?? '');
    if (pattern.length > 60) return `does not match the pattern of ${def ?? 'its datatype'}`;
  }
  if (e.keyword === 'additionalProperties') {
    return `has unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (e.keyword === 'enum') {
    return `${e.message ?? 'is not allowed'}: ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}`;
  }
  if (e.keyword === 'oneOf' || e.keyword === 'anyOf') return `does not match any of the forms allowed here`;
  return e.message ?? e.keyword;
}

/**
 * ajv errors (from validating doc[root]) as plain sentences with pointers into the whole document,
 * deduplicated, wrapper errors dropped where a more precise error covers the same place.
 */
export function schemaProblems(root: string, errors: readonly ErrorObject[] | null | undefined): SchemaProblem[] {
  const list = errors ?? [];
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of list) {
    if (e.keyword === 'if') continue;
    if (WRAPPERS.has(e.keyword) && e.keyword !== 'not') {
      const covered = list.some((o) => !WRAPPERS.has(o.keyword) && (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)));
      if (covered) continue;
    }
    const pointer = `/${root}${e.instancePath}`;
    const message = sentence(e);
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, message, keyword: e.keyword });
  }
  return out;
}

/** The document's root: exactly one of OSCAL_ROOTS (besides "$schema"), or a problem. */
export function documentRoot(doc: unknown): { root: OscalRoot } | { problem: SchemaProblem } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { problem: { pointer: '', message: 'the document must be a JSON object', keyword: 'type' } };
  }
  const keys = Object.keys(doc).filter((k) => k !== '$schema');
  const root = keys.find((k): k is OscalRoot => k in ROOT_DEFINITIONS);
  if (!root || keys.length !== 1) {
    return {
      problem: {
        pointer: '',
        message: `the document must have exactly one root of ${OSCAL_ROOTS.join(', ')}; found ${keys.join(', ') || 'none'}`,
        keyword: 'root',
      },
    };
  }
  return { root };
}

/** Validates a parsed OSCAL document against its root's definition; [] means valid. */
export function validateAgainst(validators: RootValidators, doc: unknown): SchemaProblem[] {
  const r = documentRoot(doc);
  if ('problem' in r) return [r.problem];
  const validate = validators[r.root] as ValidateFunction;
  if (validate((doc as Record<string, unknown>)[r.root])) return [];
  return schemaProblems(r.root, validate.errors);
}

/** "pointer sentence", the one-line form ("/" for the whole document). */
export function formatSchemaProblem(p: SchemaProblem): string {
  return `${p.pointer || '/'} ${p.message}`;
}
