/**
 * Validates one OSCAL document file: NIST's schema (the root's own definition), then the producer
 * rules the schema cannot state (src/oscal/rules.ts). Pure apart from reading the document and the
 * files its relative rlinks name.
 */
import { readRegularFile, readUserFile } from '../io/file-queue.js';
import { dirname, resolve } from 'node:path';
import type { ControlIndex } from '../catalog/control-index.js';
import { checkProducerRules, oscalVersionNote, SUPPORTED_ROOTS, type RuleId } from '../oscal/rules.js';
import type { SchemaValidator } from './cache.js';
import { documentRoot } from './schema.js';
import { parseJsonBytes } from '../io/json-text.js';
import { isUserError } from '../io/errors.js';
import { redactText } from '../snapshot/secrets.js';

export interface ValidationProblem {
  /** The document, as named by the caller. */
  file: string;
  /**
   * schema: NIST's schema; rule: a producer rule; read: the file is unreadable or not JSON;
   * note: worth saying but not a problem (an older compatible oscal-version): it never fails validation.
   */
  kind: 'schema' | 'rule' | 'read' | 'note';
  /** The ajv keyword (kind schema) or the rule id (kind rule). */
  code: string;
  /** RFC 6901 pointer into the document ("" = the whole document). */
  pointer: string;
  message: string;
}

export interface ValidateFileOptions {
  /** Control ids for the rules; without it, ids are not checked. */
  controlIndex?: ControlIndex;
  /** The project's own prop namespace, passed to the rules. */
  projectNs?: string;
  strictRefs?: boolean;
  /** Check relative rlinks against the files beside the document (default true). */
  checkFiles?: boolean;
}

/** Reads a relative rlink beside the document; undefined when there is no such file. */
function besideReader(docFile: string): (rel: string) => Buffer | undefined {
  const dir = dirname(resolve(docFile));
  return (rel) => {
    const p = resolve(dir, rel);
    try {
      // As the document itself is read: a FIFO or device is not waited on, nor a file larger than a string read whole.
      return readRegularFile(p);
    } catch {
      return undefined;
    }
  };
}

/**
 * Validates an already parsed document (file names it in the problems and anchors relative rlinks).
 * Notes (kind "note") come back with the problems; they never make a document invalid.
 */
export function validateDocument(doc: unknown, file: string, validator: SchemaValidator, opts: ValidateFileOptions = {}): ValidationProblem[] {
  return findProblems(doc, file, validator, opts).map(masked);
}

/**
 * A problem as the terminal, logs and --json show it: its pointer and message quote the document
 * (an unknown property's name, a key in the pointer), and a document may hold a secret where it
 * does not belong ("password=…" as a key), so both pass the text redaction every UserError passes.
 */
function masked(p: ValidationProblem): ValidationProblem {
  return { ...p, pointer: redactText(p.pointer), message: redactText(p.message) };
}

function findProblems(doc: unknown, file: string, validator: SchemaValidator, opts: ValidateFileOptions): ValidationProblem[] {
  const out: ValidationProblem[] = validator
    .validate(doc)
    .map((p) => ({ file, kind: 'schema' as const, code: p.keyword, pointer: p.pointer, message: p.message }));
  const r = documentRoot(doc);
  if ('problem' in r) return out;
  const body = (doc as Record<string, unknown>)[r.root] as { metadata?: { 'oscal-version'?: unknown } } | undefined;
  const docVersion = body?.metadata?.['oscal-version'];
  const note = typeof docVersion === 'string' ? oscalVersionNote(docVersion, validator.oscalVersion) : undefined;
  if (note) out.push({ file, kind: 'note', code: 'oscal-version', pointer: `/${r.root}/metadata/oscal-version`, message: note });
  // The rules cover the models a producer writes; catalogs and profiles get the schema only.
  if (!(SUPPORTED_ROOTS as readonly string[]).includes(r.root)) return out;
  const rules = checkProducerRules(doc, {
    expectedOscalVersion: validator.oscalVersion,
    ...(opts.checkFiles === false ? {} : { readFile: besideReader(file) }),
    ...(opts.controlIndex ? { controlIndex: opts.controlIndex } : {}),
    ...(opts.projectNs ? { projectNs: opts.projectNs } : {}),
    ...(opts.strictRefs ? { strictRefs: true } : {}),
  });
  for (const p of rules) out.push({ file, kind: 'rule', code: p.rule satisfies RuleId, pointer: p.pointer, message: p.message });
  return out;
}

/** Reads, parses and validates one document file. */
export function validateFile(file: string, validator: SchemaValidator, opts: ValidateFileOptions = {}): ValidationProblem[] {
  let bytes: Buffer;
  try {
    // Judged on the open file before a byte is read: a folder, a FIFO, more than a string holds.
    bytes = readUserFile(file);
  } catch (e) {
    if (!isUserError(e)) throw e;
    return [{ file, kind: 'read', code: 'unreadable', pointer: '', message: e.detail }];
  }
  let doc: unknown;
  try {
    doc = parseJsonBytes(bytes, file);
  } catch (e) {
    if (!isUserError(e)) throw e;
    // The CLI names the file in front of each problem: keep the place and the message only.
    return [{ file, kind: 'read', code: 'not-json', pointer: '', message: e.where ? `${e.where}: ${e.detail}` : e.detail }];
  }
  return validateDocument(doc, file, validator, opts);
}
