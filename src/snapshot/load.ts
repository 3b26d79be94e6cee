// Parses and validates snapshot documents. Pure over text; the caller reads the file.
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { UserError } from '../io/errors.js';
import { sha256Hex } from '../oscal/ids.js';
import { redactSnapshot } from './secrets.js';
import { SUPPORTED_SCHEMA_VERSIONS, type Snapshot } from './types.js';

const require = createRequire(import.meta.url);
export const SNAPSHOT_SCHEMA_PATH = require.resolve('../../schema/snapshot-v1.schema.json');

const FULL_DATE_TIME = (require('ajv-formats/dist/formats.js') as { fullFormats: Record<string, unknown> }).fullFormats['date-time'] as { validate: (s: string) => boolean; compare: (a: string, b: string) => number | undefined };
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digits = (s: string, at: number, n: number): number => {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

/**
 * ajv-formats' date-time, with its common case ("2026-11-02T09:14:00Z") decided from the
 * characters: its split and regular expressions were a third of a snapshot's validation. Accepts
 * exactly what ajv-formats accepts: anything not plainly valid in that form is handed to it.
 */
export function isDateTime(s: string): boolean {
  if (s.length === 20 && s.charCodeAt(19) === 90 && s.charCodeAt(10) === 84 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
    const year = digits(s, 0, 4);
    const month = digits(s, 5, 2);
    const day = digits(s, 8, 2);
    const hr = digits(s, 11, 2);
    const min = digits(s, 14, 2);
    const sec = digits(s, 17, 2);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS[month]!) && hr >= 0 && hr <= 23 && min >= 0 && min <= 59 && sec >= 0 && sec < 60) return true;
  }
  return FULL_DATE_TIME.validate(s);
}

let validator: ValidateFunction | undefined;
function getValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: false, strict: true });
    addFormats.default(ajv);
    ajv.addFormat('date-time', { type: 'string', validate: isDateTime, compare: FULL_DATE_TIME.compare });
    validator = ajv.compile(require('../../schema/snapshot-v1.schema.json') as object);
  }
  return validator;
}

// JSON text with syntax errors named by line and column: src/io/json-text.ts (kept free of ajv,
// so `validate` starts fast); re-exported for the callers that import it from here.
import { parseJson, parseJsonBytes } from '../io/json-text.js';
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

/** Longest device id: it names evidence files (`evidence/<id>_<time>.json`), which file systems limit to 255 bytes. */
export const MAX_DEVICE_ID = 64;
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Names Windows reserves for devices, alone or before a dot: a file so named cannot be opened there. */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i;

/** A device id must be usable as (part of) a file name on every system a package is opened on. */
export function checkDeviceId(id: string, file: string): void {
  const where = '/device/id';
  if (id.length > MAX_DEVICE_ID) throw new UserError(`the device id is ${id.length} characters long; at most ${MAX_DEVICE_ID} are allowed, because it names evidence files`, { file, where });
  if (!DEVICE_ID.test(id)) throw new UserError('a device id holds only letters, digits, ".", "_" and "-", and starts with a letter or digit, because it names evidence files', { file, where });
  if (WINDOWS_DEVICE_NAME.test(id)) throw new UserError(`"${id}" is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1-9, LPT1-9); a file so named cannot be opened there`, { file, where });
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
  if (device && typeof device === 'object' && !Array.isArray(device)) {
    if (!('id' in device)) throw new UserError('missing device id ("device": { "id": ... })', { file, where: '/device/id' });
    const id = (device as Record<string, unknown>).id;
    if (typeof id === 'string') checkDeviceId(id, file);
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

/** A snapshot as the pipeline sees it: validated, secrets redacted, and the bytes an output may carry. */
export interface SnapshotRead {
  /** Validated; every secret replaced by [REDACTED] (src/snapshot/secrets.ts). */
  snapshot: Snapshot;
  /** The bytes as given, or the redacted snapshot as JSON when it held a secret: never the secret. */
  bytes: Buffer;
  /** SHA-256 of `bytes`: the snapshot's identity in every output (a hash of bytes holding a secret would let anyone test guesses of it). */
  sha256: string;
  /** True when a secret was replaced. */
  redacted: boolean;
}

/**
 * THE boundary every snapshot crosses on its way in (snapshot files, ingested exports, evidence
 * copies, objects of the store): parsed (UTF-8, bounded depth), validated against the schema
 * (unless `validated`: bytes this run or the store has checked already) and redacted. Nothing
 * downstream sees a secret, so nothing downstream can write or hash one.
 */
export function readSnapshot(raw: Buffer, file: string, opts: { validated?: boolean; rawSha256?: string } = {}): SnapshotRead {
  const parsed = parseJsonBytes(raw, file);
  const doc = opts.validated ? (parsed as Snapshot) : validateSnapshot(parsed, file);
  const snapshot = redactSnapshot(doc);
  if (snapshot === doc) return { snapshot, bytes: raw, sha256: opts.rawSha256 ?? sha256Hex(raw), redacted: false };
  const bytes = Buffer.from(JSON.stringify(snapshot, null, 2) + '\n');
  return { snapshot, bytes, sha256: sha256Hex(bytes), redacted: true };
}

/**
 * A snapshot collected after the clock of the run is a mistake (a wrong --now or device clock):
 * every command that judges snapshots at a time refuses it.
 */
export function checkCollectedBy(snapshot: Snapshot, nowIso: string, file: string, clock = 'the run\'s time'): void {
  if (Date.parse(snapshot.collectedAt) > Date.parse(nowIso)) {
    throw new UserError(`collected at ${snapshot.collectedAt}, after ${clock} ${nowIso} (check --now or the device clock)`, { file, where: '/collectedAt' });
  }
}
