// Parses and validates snapshot documents. Pure over text; the caller reads the file.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isUserError, UserError } from '../io/errors.js';
import { sha256Hex } from '../oscal/ids.js';
import { maskDocumentSecrets, noteRawDigest, REDACTED, redactSnapshot } from './secrets.js';
import { SUPPORTED_SCHEMA_VERSIONS, type Provenance, type Snapshot } from './types.js';
import { instantMs, isCalendarDateTime } from '../io/dates.js';
import { ONE_VISIT_MS, oldestPart, redatedProvenance } from './oldest-part.js';
import { readingsOf, toRfc3339 } from '../ingest/datetime.js';
import { snapshotValidator } from './validator.js';

export { isDateTime, SNAPSHOT_SCHEMA_PATH } from './validator.js';

/** The snapshot schema's validator: generated at build time where it can be (./validator.ts), else compiled now. */
let validator: ValidateFunction | undefined;
function getValidator(): ValidateFunction {
  return (validator ??= snapshotValidator());
}

// JSON text with syntax errors named by line and column: src/io/json-text.ts (kept free of ajv,
// so `validate` starts fast); re-exported for the callers that import it from here.
import { parseJson, parseJsonBytes } from '../io/json-text.js';
import { checkStatedOnce } from './stated-once.js';
import { coverageWithoutSource } from './coverage.js';
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
 * The schema's first complaint about `doc`, null for one without details, undefined when it
 * validates. A value redaction masked as a copy of a secret reads "[REDACTED]" where the schema
 * wants a number, one of a list of words, a date (an evidence copy or a store object, read again
 * by diff, verify, monitor): its place is known and the evaluator treats it as unknown
 * (maskedPointers), so it is validated as a value of the kind the schema wants there, never
 * refused. Any other complaint stands.
 */
function schemaError(doc: unknown): ErrorObject | null | undefined {
  const validate = getValidator();
  if (validate(doc)) return undefined;
  let work: unknown;
  // Each round puts one placeholder in a copy (a masked value may need two: a number, then within bounds).
  const tries = new Map<string, number>();
  for (;;) {
    const err = validate.errors?.[0];
    if (!err) return null;
    const placeholder = valueAt(doc, err.instancePath) === REDACTED ? placeholderFor(err) : NONE;
    const n = tries.get(err.instancePath) ?? 0;
    if (placeholder === NONE || n >= 3) return err;
    tries.set(err.instancePath, n + 1);
    work ??= structuredClone(doc);
    setAt(work, err.instancePath, placeholder);
    if (validate(work)) return undefined;
  }
}

const NONE = Symbol('none');

/** A value of the kind a schema error wants (a number within its bounds, one of its words, a date-time). */
function placeholderFor(err: ErrorObject): unknown {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'type': {
      const t = String(p.type).split(',')[0];
      return t === 'integer' || t === 'number' ? 0 : t === 'boolean' ? false : t === 'array' ? [] : t === 'object' ? {} : t === 'null' ? null : NONE;
    }
    case 'enum': return Array.isArray(p.allowedValues) && p.allowedValues.length ? p.allowedValues[0] : NONE;
    case 'minimum': case 'maximum': return p.limit;
    case 'exclusiveMinimum': return typeof p.limit === 'number' ? p.limit + 1 : NONE;
    case 'exclusiveMaximum': return typeof p.limit === 'number' ? p.limit - 1 : NONE;
    case 'format': return p.format === 'date-time' ? '1970-01-01T00:00:00Z' : p.format === 'date' ? '1970-01-01' : NONE;
    default: return NONE;
  }
}

const unescapePointer = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

function valueAt(doc: unknown, pointer: string): unknown {
  let v = doc;
  for (const seg of pointer.split('/').slice(1).map(unescapePointer)) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

function setAt(doc: unknown, pointer: string, value: unknown): void {
  const segs = pointer.split('/').slice(1).map(unescapePointer);
  const last = segs.pop();
  if (last === undefined) return;
  const parent = valueAt(doc, segs.length ? `/${segs.map((x) => x.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` : '');
  if (parent !== null && typeof parent === 'object') (parent as Record<string, unknown>)[last] = value;
}

/**
 * Validates a parsed document as a snapshot. Throws a UserError naming the file and the JSON
 * pointer of the first problem.
 */
export function validateSnapshot(doc: unknown, file: string): Snapshot {
  try {
    return validateDocument(doc, file);
  } catch (e) {
    // A refusal may quote a key or a value of the document: the secrets it holds are masked there too.
    if (!isUserError(e)) throw e;
    const mask = (t: string) => maskDocumentSecrets(doc, t);
    const detail = mask(e.detail);
    const where = e.where === undefined ? undefined : mask(e.where);
    if (detail === e.detail && where === e.where) throw e;
    throw new UserError(detail, { ...(e.file !== undefined ? { file: e.file } : {}), ...(where !== undefined ? { where } : {}), exitCode: e.exitCode });
  }
}

function validateDocument(doc: unknown, file: string): Snapshot {
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
  const err = schemaError(doc);
  if (err !== undefined) {
    if (err === null) throw new UserError('does not match the snapshot schema', { file });
    const pointer = err.keyword === 'required' ? `${err.instancePath}/${String((err.params as { missingProperty: string }).missingProperty)}`
      : err.keyword === 'additionalProperties' ? `${err.instancePath}/${String((err.params as { additionalProperty: string }).additionalProperty)}`
      : err.instancePath || '/';
    throw new UserError(describeAjvError(err), { file, where: pointer });
  }
  const snap = doc as Snapshot;
  if (Number.isNaN(instantMs(snap.collectedAt))) throw new UserError('collectedAt is not a valid date-time', { file, where: '/collectedAt' });
  checkStatedOnce(snap, file);
  const unsourced = coverageWithoutSource(snap);
  if (unsourced) {
    const { index, entry } = unsourced;
    throw new UserError(`coverage says ${entry.scope} was read whole from ${JSON.stringify(entry.source)}, which is not among the snapshot's sources: a value absent there cannot be read as "not set" on the word of a file the snapshot does not hold (list the file under "sources", or mark the entry "complete": false)`, { file, where: `/coverage/${index}/source` });
  }
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
  /** Set when the snapshot was dated by an older part (datedByOldestPart): why, for a warning. */
  redated?: string;
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
  const redacted = redactSnapshot(doc);
  const snapshot = datedByOldestPart(redacted, file);
  if (snapshot === doc) return { snapshot, bytes: raw, sha256: opts.rawSha256 ?? sha256Hex(raw), redacted: false };
  if (redacted !== doc) noteRawDigest(snapshot, opts.rawSha256 ?? sha256Hex(raw));
  // The evidence copy is the snapshot as judged (redacted, re-dated), never the bytes as given.
  const bytes = Buffer.from(JSON.stringify(snapshot, null, 2) + '\n');
  const p = snapshot.provenance?.['/collectedAt'];
  const redated = snapshot.collectedAt !== redacted.collectedAt && p
    ? `${p.file}${p.location ? ` (${p.location})` : ''} says it was written ${snapshot.collectedAt}, more than a day before the snapshot's collectedAt ${redacted.collectedAt}: the snapshot is dated by its oldest part, so all its evidence ages from ${snapshot.collectedAt}`
    : undefined;
  return { snapshot, bytes, sha256: sha256Hex(bytes), redacted: redacted !== doc, ...(redated ? { redated } : {}) };
}

/**
 * A snapshot is no fresher than its oldest part. When its provenance keeps another collection time
 * more than a day before `collectedAt` (a vendor export of an earlier visit, in a snapshot another
 * tool wrote or that was edited), its values are that old: judged from the newer time they would
 * pass as current evidence. It is dated by the oldest, as ingest dates a folder (docs/ingest.md
 * "One folder, one visit"), and the provenance says why. A time is read at the latest instant it
 * can name (partTime). One that reads as several dates (a culture's order, its culture not named)
 * dates the snapshot only when every reading is that old; when one is and another is not, which
 * month it is decides whether its values are current, so the snapshot is refused: never guessed.
 * So is one that reads as no time at all ("yesterday", a month 13, a number): how old the part is
 * cannot be told, and taken as current its values would pass.
 */
function datedByOldestPart(s: Snapshot, file: string): Snapshot {
  const p = s.provenance?.['/collectedAt'];
  const at = instantMs(s.collectedAt);
  if (!p || !Number.isFinite(at)) return s;
  const alternatives = p.alternatives ?? [];
  alternatives.forEach((a, i) => {
    const t = partTime(a.value);
    // A time that cannot be read dates nothing: the part may be of any age, and the snapshot's values would pass as current.
    if (!t) {
      const masked = JSON.stringify(a.value ?? null).includes(REDACTED) ? ' (it was masked as a copy of a secret held elsewhere in the snapshot)' : '';
      throw new UserError(`${a.file}${a.location ? ` (${a.location})` : ''} says it was written ${JSON.stringify(a.value ?? null)}, which is no date and time this tool can read${masked}: the snapshot may be older than its collectedAt ${s.collectedAt} says, and its values would pass as current (state that time as RFC 3339 with its offset, e.g. 2026-11-02T09:14:00Z, or a local date-time)`, { file, where: `/provenance/~1collectedAt/alternatives/${i}/value` });
    }
    if (!t.readings) return;
    const older = t.readings.map((r) => instantMs(`${r}-12:00`) < at - ONE_VISIT_MS);
    if (older.some((o) => o) && older.some((o) => !o)) {
      throw new UserError(`${a.file}${a.location ? ` (${a.location})` : ''} says it was written ${JSON.stringify(a.value)}, which reads as ${t.readings.join(' or ')} (the culture's date order is not named): one reading is more than a day before collectedAt ${s.collectedAt}, the other not, so whether its values are current cannot be told (state that time as RFC 3339 with its offset)`, { file, where: `/provenance/~1collectedAt/alternatives/${i}/value` });
    }
  });
  const found = oldestPart(at, alternatives, (a) => instantMs(partTime(a.value)?.latest));
  if (!found) return s;
  const oldest = found.part;
  const t = partTime(oldest.value)!;
  const zoneless = t.readings ? ` (${JSON.stringify(oldest.value)} reads as ${t.readings.join(' or ')}, its culture not named, and states no zone: the latest reading at UTC-12:00 is taken, the latest instant it can name)`
    : t.zoneless ? ` (${JSON.stringify(oldest.value)} states no zone: read at UTC-12:00, the latest instant it can name)` : '';
  const dated = redatedProvenance(p, s.collectedAt, oldest, `sources disagree by more than a day (${found.days} days); the earliest is taken: a snapshot is no fresher than its oldest export (${p.file} says ${s.collectedAt})${zoneless}`);
  return { ...s, collectedAt: t.latest, provenance: { ...s.provenance, '/collectedAt': dated } };
}

const ZONELESS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?$/;
/** A culture's date and a time to the minute ("05/01/2026 10:00", "01.05.2026 10:00 AM"): read at the minute's start. */
const TO_THE_MINUTE = /^(.*\d[\sT,]+\d{1,2}:\d{2})(\s*[AaPp]\.?[Mm]\.?)?$/;

/** The instants another collection time can name (partTime). */
interface PartTime {
  /** The earliest instant it can name: a zoneless time at UTC+14:00 (its earliest reading when read several ways). */
  earliest: string;
  /** The latest: a zoneless time at UTC-12:00 (its latest reading when read several ways). */
  latest: string;
  /** It states no zone. */
  zoneless: boolean;
  /** Its readings, earliest first, when it reads as more than one date (a culture's order, the culture not named). */
  readings?: string[];
}

/**
 * Another collection time a snapshot's provenance keeps, as RFC 3339 instants: as written when it
 * has a zone; a date-time without one (a vendor export's local time, as text or `{localDateTime}`)
 * at UTC+14:00 at the earliest and UTC-12:00 at the latest, so it is never read as older, or as
 * newer, than it can be. A date in a culture's order ("05/01/2026 10:00") is read in every order
 * that fits it (ingest's readingsOf): one reading when the text allows one ("13/01/2026"), else
 * several, kept, for the caller never to pick a month. Undefined for anything else.
 */
function partTime(v: unknown): PartTime | undefined {
  const text = typeof v === 'string' ? v : v !== null && typeof v === 'object' && typeof (v as { localDateTime?: unknown }).localDateTime === 'string' ? (v as { localDateTime: string }).localDateTime : undefined;
  if (text === undefined) return undefined;
  if (isCalendarDateTime(text)) return { earliest: text, latest: text, zoneless: false };
  const m = ZONELESS.exec(text);
  const locals = m ? [`${m[1]}${m[2] ?? ':00'}`] : cultureReadings(text);
  const earliest = `${locals[0]}+14:00`;
  const latest = `${locals[locals.length - 1]}-12:00`;
  if (locals.length === 0 || !isCalendarDateTime(earliest) || !isCalendarDateTime(latest)) return undefined;
  return { earliest, latest, zoneless: true, ...(locals.length > 1 ? { readings: locals } : {}) };
}

/** Every local date-time a culture's date and time can be ("2026-01-05T10:00:00", ...), earliest first. */
function cultureReadings(text: string): string[] {
  let readings = readingsOf(text, undefined, undefined);
  const minute = TO_THE_MINUTE.exec(text.trim());
  if (readings.length === 0 && minute) readings = readingsOf(`${minute[1]}:00${minute[2] ?? ''}`, undefined, undefined);
  return readings.map((r) => toRfc3339(r.parts, ''));
}

/**
 * A snapshot collected after the clock of the run is a mistake (a wrong --now or device clock):
 * every command that judges snapshots at a time refuses it. So is one whose parts say so: the
 * other collection times its provenance keeps (a vendor export's, where collection.json's time is
 * the snapshot's) are times its values claim too, and none may lie after the run's clock.
 */
export function checkCollectedBy(snapshot: Snapshot, nowIso: string, file: string, clock = 'the run\'s time'): void {
  const nowMs = instantMs(nowIso);
  if (instantMs(snapshot.collectedAt) > nowMs) {
    throw new UserError(`collected at ${snapshot.collectedAt}, after ${clock} ${nowIso} (check --now or the device clock)`, { file, where: '/collectedAt' });
  }
  // A time stated without a zone is read at UTC+14:00, the earliest instant it can name (its
  // earliest reading when its culture's order reads it several ways): after the clock even so, it
  // is after it in every zone, as a zoned one is refused.
  for (const a of snapshot.provenance?.['/collectedAt']?.alternatives ?? []) {
    const t = partTime(a.value);
    // A text no rule here reads ("Tue Dec 1 2026", "12/01/2026 10:00 PM"): Date.parse read it in the
    // process's zone, or in an order it guessed, and let it pass as before the clock. Whether it is
    // cannot be told: refused, naming it (readSnapshot's datedByOldestPart refuses it too).
    if (!t) {
      throw new UserError(`${a.file}${a.location ? ` (${a.location})` : ''} says it was written at ${JSON.stringify(a.value ?? null)}, which is no date and time this tool can read (RFC 3339 with its offset, a local date-time, or a culture's date), so whether it lies after ${clock} ${nowIso} cannot be told: state it as RFC 3339 with its offset, e.g. 2026-11-02T09:14:00Z`, { file, where: '/provenance/~1collectedAt' });
    }
    if (instantMs(t.earliest) > nowMs) {
      const read = t.readings ? ` (read as ${t.readings.join(' or ')}, its culture not named, each at UTC+14:00, the earliest instant it can name)` : t.zoneless ? ` (it states no zone: read at UTC+14:00, ${t.earliest}, the earliest instant it can name)` : '';
      const shown = typeof a.value === 'string' ? a.value : JSON.stringify(a.value);
      throw new UserError(`${a.file}${a.location ? ` (${a.location})` : ''} says it was written at ${shown}${read}, after ${clock} ${nowIso}: its values claim a time the run has not reached (check --now, the device clock or the vendor tool's clock)`, { file, where: '/provenance/~1collectedAt' });
    }
  }
}
