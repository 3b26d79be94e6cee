// Manual attestations: controls no machine can check (policy, training, physical access) attested
// by a person, with a date, an expiry and an evidence file. Parsing and validation are pure
// (`parseAttestations`); `loadAttestationsFile` reads the file and hashes the evidence files.
// See docs/attestations.md.
import { realpathSync } from 'node:fs';
import { readRegularFile, type ReadLimit } from '../io/file-queue.js';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { archiveVerdict, isZipArchive } from './archive-content.js';
import { credentialKind } from './credential-content.js';
import { isPdf, pdfAttachmentVerdict } from './pdf-attachments.js';
import { parseCsvRecords } from '../io/csv-text.js';
import { MAX_YAML_BYTES, notTextMessage, numberTextReader, parseYamlText } from '../io/yaml-text.js';
import { readUtf8File, textLimit } from '../io/utf8.js';
import { holdsThroughDay, isCalendarDate, latestDayBegun } from '../io/dates.js';
import { UserError } from '../io/errors.js';
import { refuseUnknownKeys } from '../io/known-keys.js';
import { redactText } from '../snapshot/secrets.js';
import { sha256Hex } from '../oscal/ids.js';
import { inputFileName } from '../io/display-path.js';
import { findObjective, leafObjectives, leavesForStatement, type ObjectiveNode } from '../catalog/objectives.js';

export type AttestationMethod = 'INTERVIEW' | 'EXAMINE';
export const ATTESTATION_METHODS: readonly AttestationMethod[] = ['INTERVIEW', 'EXAMINE'];
export type AttestationStatus = 'valid' | 'expired';

/** One attestation as written in the file, checked. */
export interface AttestationRecord {
  controlId: string;
  statement: string;
  who: { name: string; role: string };
  /** The day it was attested (YYYY-MM-DD). */
  when: string;
  /** The last day it is valid (YYYY-MM-DD). */
  expires: string;
  method: AttestationMethod;
  /** The evidence file as written, and resolved against the attestations file's folder. */
  evidence: string;
  evidencePath: string;
  /** The attestations file and the place in it ("/attestations/2", "line 4"). */
  file: string;
  where: string;
  /**
   * The parts of the control attested, as written (objective ids "pl-4_obj.a" or statement ids
   * "pl-4_smt.a"), and the leaf objectives they stand for. Absent: the whole control.
   */
  parts?: string[];
  objectives?: string[];
  /**
   * The assessor (never the attester) who reviewed the attestation and its evidence. Without a
   * review it is "attested, awaiting review" and never makes an objective satisfied.
   */
  reviewedBy?: { name: string; role?: string; when?: string };
}

/** An attestation with its evidence hashed and its place in the package, and its state at the assessment clock. */
export interface Attestation extends AttestationRecord {
  /** Stable key: the control and the attestation's rank among that control's attestations. */
  key: string;
  status: AttestationStatus;
  evidenceSha256: string;
  /** Where the evidence copy lives in the package (evidence/attestations/...). */
  evidenceHref: string;
}

const isDate = isCalendarDate;

/** The place of a record's field: `/attestations/N/<field>` in YAML; a CSV row's `line N` names the row only. */
function fieldPlace(where: string, field: string): string {
  return where.startsWith('/') ? `${where}/${field}` : where;
}

/** Whether two names written by people name the same person: case, blanks and Unicode composition aside. */
export function samePerson(a: string, b: string): boolean {
  const fold = (x: string) => x.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  return fold(a) === fold(b);
}

/**
 * Refuses a review by someone the run does not name as an assessor. "Reviewed" is what makes an
 * attestation count toward a satisfied objective, and the reports say "reviewed by an assessor":
 * where the run names who assessed (`--system`'s assessor and assessment team, or `--assessor`),
 * a reviewer who is none of them (the ISSO, the system owner, the control's provider) has not
 * given an assessor's review. `assessors` empty: nobody is named, nothing can be compared.
 * `namedIn` says where the names come from. Pure.
 */
export function checkReviewers(list: readonly AttestationRecord[], assessors: readonly string[], namedIn: string): void {
  if (!assessors.length) return;
  for (const a of list) {
    if (!a.reviewedBy || assessors.some((n) => samePerson(n, a.reviewedBy!.name))) continue;
    throw new UserError(
      `reviewed-by names ${a.reviewedBy.name}, who is not the assessor or a member of the assessment team (${namedIn}: ${assessors.join(', ')}): an attestation counts only once an assessor has reviewed it; name the assessor who did, add the reviewer to the assessment team if they are one, or leave reviewed-by out until then`,
      { file: a.file, where: fieldPlace(a.where, 'reviewed-by') },
    );
  }
}

/** Current, and reviewed by an assessor other than the attester: only then does it count toward a satisfied objective. */
export function attestationCounts(a: Pick<Attestation, 'status' | 'reviewedBy'>): boolean {
  return a.status === 'valid' && a.reviewedBy !== undefined;
}

/** Current but not reviewed: "attested, awaiting review". */
export function awaitingReview(a: Pick<Attestation, 'status' | 'reviewedBy'>): boolean {
  return a.status === 'valid' && a.reviewedBy === undefined;
}

/**
 * Valid while its last day lasts everywhere at the clock `at` (RFC 3339, or a day): the day has no
 * zone, so it is over once it ends at UTC+14:00 (holdsThroughDay, as deviations).
 */
export function attestationStatus(expires: string, at: string): AttestationStatus {
  return holdsThroughDay(expires, at) ? 'valid' : 'expired';
}

type Raw = Record<string, unknown>;
type NumberText = ReturnType<typeof numberTextReader>;

function text(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The control catalog's objective tree of a control (catalog/objectives.ts), to resolve `objectives`. */
export type ObjectiveTreeOf = (controlId: string) => ObjectiveNode | undefined;

/**
 * The leaf objectives the parts named stand for: an objective id its leaves (itself when it is
 * one, whatever is under it), a statement id the leaves assessing it. Returns an error message for a part the control
 * does not have.
 */
function resolveParts(controlId: string, parts: readonly string[], tree: ObjectiveNode | undefined): string[] | string {
  if (!tree) return `the control catalog has no assessment objectives for ${controlId}: leave "objectives" out to attest the whole control`;
  const out = new Set<string>();
  for (const p of parts) {
    const node = p.startsWith(`${controlId}_obj`) ? findObjective(tree, p) : undefined;
    // A leaf stands for itself, also one with objectives under it (ac-8_obj.a: the banner is
    // shown; ac-8_obj.a.1-a.4: what it says): evidence of the one is none of the others.
    const leaf = node && (!node.parts?.length || !!node.prose);
    const leaves = node ? (leaf ? [node.id] : leafObjectives(node).map((n) => n.id)) : p.startsWith(`${controlId}_smt`) ? leavesForStatement(tree, p) : [];
    if (!leaves.length) return `"${p}" is neither an assessment objective (${controlId}_obj…) nor a statement (${controlId}_smt…) of ${controlId}`;
    for (const l of leaves) out.add(l);
  }
  const order = leafObjectives(tree).map((n) => n.id);
  return order.filter((l) => out.has(l));
}

/**
 * The keys of a YAML attestation: the documented ones, and the CSV columns' names, which the
 * reader has always taken in YAML too (`who: Name` with `role:`, `reviewed_by`).
 */
const YAML_KEYS = ['control', 'statement', 'who', 'role', 'when', 'expires', 'method', 'evidence', 'objectives', 'reviewed-by', 'reviewed_by', 'reviewer_role', 'reviewed_on'] as const;
const PERSON_KEYS = ['name', 'role'] as const;
const REVIEW_KEYS = ['name', 'role', 'when'] as const;
/** Why a day after the assessment day is refused: it has begun nowhere at the assessment's clock. */
const BEGUN = ': that day has begun nowhere at the assessment time (each day begins first at UTC+14:00)';

/** The keys of the mapping holding the list. */
const ROOT_KEYS = ['attestations'] as const;

/**
 * Checks one record. `knownControl` says whether the control catalog defines an id; `today` is
 * the assessment day, the latest day begun anywhere at the clock (latestDayBegun: an attestation
 * dated after it is a mistake in the input); `treeOf` gives a
 * control's objectives for a record that attests only some of them.
 */
function checkRecord(r: Raw, file: string, where: string, knownControl: (id: string) => boolean, today: string, treeOf?: ObjectiveTreeOf, asWritten?: NumberText): AttestationRecord {
  const fail = (message: string, field?: string): never => {
    throw new UserError(message, { file, where: field ? fieldPlace(where, field) : where });
  };
  // A YAML number in a text field (role: 2.10) is the text as written, not String(2.1).
  // A boolean, list or mapping is no text: refused saying what it is, never "missing" nor dropped.
  const textAt = (value: unknown, field: string): string | undefined => {
    const wrong = notTextMessage(field, value);
    if (wrong !== undefined) fail(wrong, field);
    return typeof value === 'number' && asWritten ? text(asWritten(value, fieldPlace(where, field), field.split('/').pop()!)) : text(value);
  };
  const need = (field: string, value: unknown): string => textAt(value, field) ?? fail(`"${field}" is missing or empty`, field);
  // A key the tool does not read is refused: `objective:` ignored would attest the whole control.
  // A CSV row's columns were checked against the header already.
  if (where.startsWith('/')) {
    refuseUnknownKeys(r, YAML_KEYS, where, (at, message) => {
      throw new UserError(message, { file, where: at });
    });
    const isMapping = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    for (const [field, keys] of [['who', PERSON_KEYS], ['reviewed-by', REVIEW_KEYS], ['reviewed_by', REVIEW_KEYS]] as const) {
      if (isMapping(r[field])) {
        refuseUnknownKeys(r[field] as Raw, keys, fieldPlace(where, field), (at, message) => {
          throw new UserError(message, { file, where: at });
        });
      }
    }
    // One thing said twice is read once: the other would be dropped without a word.
    if (r['reviewed-by'] !== undefined && r.reviewed_by !== undefined) fail('"reviewed-by" and "reviewed_by" are one field, given twice: keep one', 'reviewed_by');
    const present = (k: string) => r[k] !== undefined && r[k] !== null;
    if (isMapping(r.who) && present('role')) fail('"role" beside a "who" mapping is not read: the attester\'s role is who/role; keep one', 'role');
    const review = isMapping(r['reviewed-by']) ? 'reviewed-by' : isMapping(r.reviewed_by) ? 'reviewed_by' : undefined;
    for (const k of ['reviewer_role', 'reviewed_on']) {
      if (review && present(k)) fail(`"${k}" beside a "${review}" mapping is not read: write the reviewer's ${k === 'reviewed_on' ? 'date as when' : 'role as role'} inside ${review}`, k);
    }
  }
  const controlId = need('control', r.control).toLowerCase();
  if (!knownControl(controlId)) fail(`unknown control id "${controlId}": the control catalog has no such control`, 'control');
  // The statement reaches the OSCAL documents and the PDF: a pasted password, key or token is masked.
  const statement = redactText(need('statement', r.statement));
  // who: { name, role } in YAML; "who" and "role" columns in CSV.
  const who = r.who;
  // Names and roles reach the OSCAL parties and the PDF too: masked as the statement is.
  const name = redactText(typeof who === 'object' && who !== null ? need('who/name', (who as Raw).name) : need('who', who));
  const role = redactText(typeof who === 'object' && who !== null ? need('who/role', (who as Raw).role) : need('role', r.role));
  const when = need('when', r.when);
  if (!isDate(when)) fail(`when must be a date as YYYY-MM-DD, got "${when}"`, 'when');
  const expires = need('expires', r.expires);
  if (!isDate(expires)) fail(`expires must be a date as YYYY-MM-DD, got "${expires}"`, 'expires');
  if (expires < when) fail(`expires (${expires}) is before when (${when})`, 'expires');
  if (when > today) fail(`when (${when}) is after the assessment day (${today})${BEGUN}`, 'when');
  const method = need('method', r.method).toUpperCase();
  if (!(ATTESTATION_METHODS as readonly string[]).includes(method)) fail(`method must be INTERVIEW or EXAMINE, got "${String(r.method)}"`, 'method');
  const evidence = need('evidence', r.evidence);
  const evidencePath = isAbsolute(evidence) ? evidence : join(dirname(file), evidence);
  const record: AttestationRecord = { controlId, statement, who: { name, role }, when, expires, method: method as AttestationMethod, evidence, evidencePath, file, where };
  // reviewed-by: { name, role, when } in YAML; "reviewed_by", "reviewer_role", "reviewed_on" columns in CSV.
  const rv = r['reviewed-by'] ?? r.reviewed_by;
  const reviewless = ['reviewer_role', 'reviewed_on'].find((k) => textAt(r[k], k) !== undefined);
  if ((rv === undefined || rv === null || rv === '') && reviewless !== undefined) {
    fail(`"${reviewless}" is given but no reviewer (reviewed-by, or the reviewed_by column): a review without a reviewer is not recorded; name the reviewer or leave ${reviewless} out`, reviewless);
  }
  if (rv !== undefined && rv !== null && rv !== '') {
    const field = r['reviewed-by'] !== undefined ? 'reviewed-by' : 'reviewed_by';
    const obj = typeof rv === 'object' && !Array.isArray(rv) ? (rv as Raw) : undefined;
    const reviewer = redactText(obj ? need(`${field}/name`, obj.name) : need(field, rv));
    const reviewerRole = obj ? textAt(obj.role, `${field}/role`) : textAt(r.reviewer_role, 'reviewer_role');
    const reviewedOn = obj ? textAt(obj.when, `${field}/when`) : textAt(r.reviewed_on, 'reviewed_on');
    if (samePerson(reviewer, name)) {
      fail(`${field} names the attester (${name}): an attestation counts only once an assessor other than the attester has reviewed it; leave ${field} out until then`, field);
    }
    if (reviewedOn !== undefined) {
      if (!isDate(reviewedOn)) fail(`the review date must be a date as YYYY-MM-DD, got "${reviewedOn}"`, field);
      if (reviewedOn < when) fail(`the review date (${reviewedOn}) is before the attestation (${when})`, field);
      if (reviewedOn > today) fail(`the review date (${reviewedOn}) is after the assessment day (${today})${BEGUN}`, field);
    }
    record.reviewedBy = { name: reviewer, ...(reviewerRole ? { role: redactText(reviewerRole) } : {}), ...(reviewedOn ? { when: reviewedOn } : {}) };
  }
  // What YAML read where text was meant, as the user wrote it (a number as written: 1.10, not 1.1).
  const readAs = (v: unknown, pointer: string): string =>
    typeof v === 'number' ? `the number ${asWritten ? asWritten(v, pointer, pointer.split('/').pop()!) : String(v)}`
      : typeof v === 'boolean' ? `${v} as a boolean`
      : v === null || v === undefined ? 'an empty value'
      : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping (a value holding ": " must be quoted)' : JSON.stringify(v);
  // objectives: a YAML list (or one id), or in CSV ids separated by spaces, commas or semicolons.
  const rawParts = r.objectives;
  // In YAML the key is written on purpose: `objectives:` left empty (null, "", []) would attest the
  // whole control, the rule for an attestation naming none. A CSV row's empty cell names none.
  if (where.startsWith('/') && 'objectives' in r) {
    // `objectives: true` read as "empty" told nothing of what YAML read.
    if (typeof rawParts === 'boolean' || (typeof rawParts === 'object' && rawParts !== null && !Array.isArray(rawParts))) fail(`"objectives" is a list of objective or statement ids, but YAML reads ${typeof rawParts === 'boolean' ? `${rawParts} there as a boolean` : 'a mapping there'}: name the objectives or statements the evidence shows, or leave the key out to attest the whole control`, 'objectives');
    const names = Array.isArray(rawParts) ? rawParts.some((x) => typeof x !== 'string' || x.trim() !== '') : text(rawParts) !== undefined;
    if (!names) fail('"objectives" is empty: name the objectives or statements the evidence shows, or leave the key out to attest the whole control', 'objectives');
  }
  if (rawParts !== undefined && rawParts !== null && rawParts !== '') {
    const list = Array.isArray(rawParts) ? rawParts : typeof rawParts === 'string' ? rawParts.split(/[\s,;]+/) : undefined;
    // Say what YAML read and where: `objectives: [1, 2]` or `- 3.1` named no place and no value.
    if (!list) fail(`"objectives" is a list of objective or statement ids (e.g. "ac-2_obj.a", "ac-2_smt.a"), but YAML reads ${readAs(rawParts, fieldPlace(where, 'objectives'))} there: write the ids, quoted where YAML would read them otherwise`, 'objectives');
    const wrong = list!.findIndex((x) => typeof x !== 'string');
    if (wrong >= 0) fail(`objectives entry ${wrong + 1} is no objective or statement id: YAML reads ${readAs(list![wrong], fieldPlace(where, `objectives/${wrong}`))} there; write the id (e.g. "ac-2_obj.a", "ac-2_smt.a"), quoted where YAML would read it otherwise`, `objectives/${wrong}`);
    const parts = list!.map((x) => (x as string).trim().toLowerCase()).filter(Boolean);
    if (parts.length) {
      const resolved = resolveParts(controlId, parts, treeOf?.(controlId));
      if (typeof resolved === 'string') fail(resolved, 'objectives');
      record.parts = parts;
      record.objectives = resolved as string[];
    }
  }
  return record;
}

const CSV_COLUMNS = ['control', 'statement', 'who', 'role', 'when', 'expires', 'evidence', 'method'] as const;
// Optional CSV columns: `objectives` (the parts of the control attested), `reviewed_by`,
// `reviewer_role`, `reviewed_on` (the assessor's review).
const CSV_OPTIONAL = ['objectives', 'reviewed_by', 'reviewer_role', 'reviewed_on'] as const;

/**
 * Parses an attestations file: YAML (a list, or `attestations:` holding one) or CSV with the
 * header control,statement,who,role,when,expires,evidence,method. Pure.
 */
export function parseAttestations(body: string, file: string, knownControl: (id: string) => boolean, today: string, treeOf?: ObjectiveTreeOf): AttestationRecord[] {
  const textBody = body.replace(/^\uFEFF/, '');
  if (/\.csv$/i.test(file)) {
    return parseCsvRecords(textBody, file, CSV_COLUMNS, CSV_OPTIONAL).map(({ record, line }) => checkRecord(record, file, `line ${line}`, knownControl, today, treeOf));
  }
  // The core schema keeps dates as text ("2026-03-01"), as the file says them.
  const doc = parseYamlText(textBody, file, 'YAML', { core: true });
  const asWritten = numberTextReader(textBody, file);
  const mapping = typeof doc === 'object' && doc !== null && !Array.isArray(doc);
  // `attestation:` holding the list is a slip for `attestations:`, said so rather than "expected a list".
  if (mapping) {
    refuseUnknownKeys(doc as Raw, ROOT_KEYS, '', (at, message) => {
      throw new UserError(message, { file, where: at });
    });
  }
  const wrapped = mapping && 'attestations' in doc;
  const list = wrapped ? (doc as Raw).attestations : doc;
  const base = wrapped ? '/attestations' : '';
  if (!Array.isArray(list)) throw new UserError('expected a list of attestations (or "attestations:" holding one)', { file, where: base || '/' });
  return list.map((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new UserError('each attestation must be a mapping', { file, where: `${base}/${i}` });
    return checkRecord(r as Raw, file, `${base}/${i}`, knownControl, today, treeOf, asWritten);
  });
}

/**
 * Gives each record its key, status at `today` (the clock, RFC 3339, or a day), and a unique place for its evidence copy under
 * evidence/attestations/ (one copy per evidence file, however many attestations cite it). Pure.
 */
export function finishAttestations(records: readonly AttestationRecord[], hashOf: (path: string) => string, today: string): Attestation[] {
  const hrefs = new Map<string, string>();
  const used = new Set<string>();
  const perControl = new Map<string, number>();
  return records.map((r) => {
    let href = hrefs.get(r.evidencePath);
    if (!href) {
      const ext = extname(r.evidencePath);
      // Masked before it is made a file name: "_" for "=" would hide a "token=…" from redaction.
      const stem = basename(redactText(basename(r.evidencePath, ext))).replace(/[^A-Za-z0-9._-]+/g, '_') || 'evidence';
      let name = `${stem}${ext}`;
      for (let n = 2; used.has(name.toLowerCase()); n++) name = `${stem}-${n}${ext}`;
      used.add(name.toLowerCase());
      hrefs.set(r.evidencePath, (href = `evidence/attestations/${name}`));
    }
    const n = (perControl.get(r.controlId) ?? 0) + 1;
    perControl.set(r.controlId, n);
    return { ...r, key: `${r.controlId}#${n}`, status: attestationStatus(r.expires, today), evidenceSha256: hashOf(r.evidencePath), evidenceHref: href };
  });
}

/**
 * The first line of a text evidence file (UTF-8, no NUL) that the text redaction would change, or
 * undefined: the evidence file is copied into the package byte for byte (its hash is the
 * attester's), so a secret in it is refused rather than masked. A binary file (a PDF, an image)
 * cannot be read this way and is copied as it is.
 */
function secretLine(bytes: Buffer): number | undefined {
  if (bytes.includes(0)) return undefined;
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) return undefined;
  const masked = redactText(text);
  if (masked === text) return undefined;
  // The line where the first mask begins: a value masked by what stands on other lines (a CSV row under its header,
  // a value under its label) is on no line that masks alone.
  let i = 0;
  while (text[i] === masked[i]) i++;
  const before = text.slice(0, i);
  return 1 + (before.match(/\r\n|\r|\n/g)?.length ?? 0);
}

/** Whether `path` is `dir` or lies inside it. */
function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Why an evidence file lies outside the attestations file's folder where its path does not say
 * so plainly, or undefined: a relative path climbing out with "..", or a symbolic link (in the
 * path or the file itself) leading out. An absolute path names its place plainly (documented).
 */
function outsideFolder(r: AttestationRecord): string | undefined {
  const folder = resolve(dirname(r.file));
  let realFolder = folder;
  let real: string;
  try {
    realFolder = realpathSync(folder);
    real = realpathSync(r.evidencePath);
  } catch {
    return undefined;
  }
  const lexical = resolve(r.evidencePath);
  if (real !== lexical && !isInside(realFolder, real)) return `through a symbolic link to ${real}`;
  if (!isAbsolute(r.evidence) && !isInside(folder, lexical)) return `through ".." (${lexical})`;
  return undefined;
}

/**
 * The most an evidence file may hold: it is read whole (hashed, checked for keys and secrets, an
 * archive's entries inflated up to the same 256 MiB). A larger one is refused on its size before
 * a byte is read: a 600 MB file took 1.3 GB of memory to end in an internal error.
 */
export const MAX_EVIDENCE_BYTES = 256 * 2 ** 20;

/** An evidence file's bytes: a FIFO or device is not read (it could wait or run forever), nor one over MAX_EVIDENCE_BYTES. */
function readEvidence(path: string): Buffer {
  return readRegularFile(path, MAX_EVIDENCE_BYTES);
}

/** Why readEvidence refused or failed, completing "evidence file … ". */
function evidenceUnreadable(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { size?: number };
  if (err.code === 'ENOTREG') return 'is not a regular file but a FIFO, device or socket: it is not read, because reading it could wait or run forever';
  if (err.code === 'EFBIG') return `is ${err.size} bytes, more than the ${MAX_EVIDENCE_BYTES / 2 ** 20} MiB an evidence file may hold; give the document that shows the control, or a smaller extract of it`;
  return `cannot be read (${errorCode(e)})`;
}

const errorCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/**
 * The bytes of an attestation's evidence file as they were checked and hashed: read again when
 * the package copies them, and refused when they changed meanwhile (a file swapped after the
 * check would otherwise be packaged unchecked, under the hash of the one checked).
 */
export function evidenceAsChecked(a: Pick<Attestation, 'evidence' | 'evidencePath' | 'evidenceSha256' | 'file' | 'where'>): Buffer {
  const where = fieldPlace(a.where, 'evidence');
  let bytes: Buffer;
  try {
    bytes = readEvidence(a.evidencePath);
  } catch (e) {
    throw new UserError(`evidence file "${a.evidence}" cannot be read any more (${['ENOTREG', 'EFBIG'].includes(errorCode(e)) ? evidenceUnreadable(e) : errorCode(e)}; looked for ${a.evidencePath})`, { file: a.file, where });
  }
  if (sha256Hex(bytes) !== a.evidenceSha256) {
    throw new UserError(`evidence file "${a.evidence}" (${a.evidencePath}) changed while the run read it: it is no longer the file checked and hashed; run again once nothing writes to it`, { file: a.file, where });
  }
  return bytes;
}

/**
 * Reads, checks and hashes an attestations file and its evidence files. An evidence file that is
 * a key or a credential store, or a text file holding a secret, is refused; one that lies
 * outside the attestations file's folder through ".." or a symbolic link is warned of (`warn`).
 */
/** `read` reads the file's text once (assess notes its bytes: assess/option-files.ts). */
export function loadAttestationsFile(file: string, knownControl: (id: string) => boolean, today: string, treeOf?: ObjectiveTreeOf, warn?: (message: string) => void, read: (file: string, limit: ReadLimit, what: string) => string = (f, l, w) => readUtf8File(f, w, l)): Attestation[] {
  const kind = /\.csv$/i.test(file) ? 'CSV' : 'YAML';
  // Either form holds at most 16 MiB of text (MAX_CSV_CHARS, MAX_YAML_BYTES).
  const body = read(file, textLimit(MAX_YAML_BYTES, kind), kind);
  const records = parseAttestations(body, file, knownControl, latestDayBegun(today), treeOf);
  const hashes = new Map<string, string>();
  for (const r of records) {
    if (hashes.has(r.evidencePath)) continue;
    let bytes: Buffer;
    try {
      bytes = readEvidence(r.evidencePath);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is not a file' : evidenceUnreadable(e);
      throw new UserError(`evidence file "${r.evidence}" ${why} (looked for ${r.evidencePath})`, { file: r.file, where: fieldPlace(r.where, 'evidence') });
    }
    const where = fieldPlace(r.where, 'evidence');
    // An empty file (or blanks alone) shows nothing of what was attested: the package would cite
    // its SHA-256 as evidence all the same (a file truncated by a failed copy, a placeholder).
    if (bytes.length === 0 || (bytes.length <= 4096 && /^[\s\uFEFF\0]*$/.test(bytes.toString('utf8')))) {
      throw new UserError(`evidence file "${r.evidence}" (${r.evidencePath}) is empty${bytes.length === 0 ? '' : ` (${bytes.length} bytes of blanks)`}: it shows nothing of what was attested; name the document that shows it`, { file: r.file, where });
    }
    // By its content, not its name: a key store renamed ".pdf" is still one, and cannot be masked.
    const kind = credentialKind(bytes);
    if (kind !== undefined) {
      throw new UserError(`evidence file "${r.evidence}" (${r.evidencePath}) is ${kind} by its content: the package copies an evidence file as it is and would hand the key or credentials to every reader; name the document that shows the control instead`, { file: r.file, where });
    }
    if (isZipArchive(bytes)) {
      // A ZIP, DOCX, XLSX or ODF document is copied as it is too: what is inside ships with it.
      const v = archiveVerdict(bytes, credentialKind, secretLine);
      if (v?.kind === 'unreadable') throw new UserError(`evidence file "${r.evidence}" (${r.evidencePath}) is a ZIP archive (a .zip, or an Office or OpenDocument file) that cannot be read to check what it holds (${v.why}); give the document as PDF or an archive that can be read`, { file: r.file, where });
      if (v?.kind === 'credential') throw new UserError(`evidence file "${r.evidence}" (${r.evidencePath}) is an archive holding "${v.entry}", ${v.what}: the package copies an evidence file as it is and would hand the key or credentials to every reader; remove it from the archive`, { file: r.file, where });
      if (v?.kind === 'secret') throw new UserError(`evidence file "${r.evidence}" (${r.evidencePath}) is an archive whose "${v.entry}" holds what reads as a secret on its line ${v.line} (a password, token or key, by the rules of docs/snapshot-format.md "Secrets"): the package copies an evidence file as it is, so remove the secret from the document`, { file: r.file, where });
    }
    const pdf = isPdf(bytes) ? pdfAttachmentVerdict(bytes) : undefined;
    if (pdf?.kind === 'unreadable') {
      // Its attachments could not be looked for: refused as one with attachments would be (fail closed).
      throw new UserError(`evidence file "${r.evidence}" (${r.evidencePath}) is a PDF that cannot be read to check for attached (embedded) files: ${pdf.why}; the package copies an evidence file as it is, attachments included; give the PDF saved without compressed object streams (qpdf --object-streams=disable) or printed to PDF anew`, { file: r.file, where });
    }
    if (pdf?.kind === 'attachments') {
      // Copied as it is, attachments included; they are not read (pdf-attachments.ts): refused, our own
      // evidence package too (its being ours cannot be told from bytes anyone can write): its manifest cites it.
      throw new UserError(`evidence file "${r.evidence}" (${r.evidencePath}) is a PDF with attached (embedded) files: the package copies an evidence file as it is, attachments included, and they are not checked for keys or secrets; give the PDF without its attachments (qpdf --list-attachments lists them, --remove-attachment removes one); an evidence package this tool wrote is such a PDF (it carries the package's files), so to cite one give that package's manifest.json, which names each of its files with its SHA-256`, { file: r.file, where });
    }
    const out = outsideFolder(r);
    if (out !== undefined) warn?.(`evidence file "${r.evidence}" of ${r.file} at ${where} lies outside the attestations file's folder ${out}: it is copied into the package; check it is the document meant`);
    const line = secretLine(bytes);
    if (line !== undefined) {
      throw new UserError(`evidence file "${r.evidence}" holds what reads as a secret on its line ${line} (a password, token or key, by the rules of docs/snapshot-format.md "Secrets"): the package copies an evidence file as it is, so remove the secret from the file`, { file: r.file, where });
    }
    hashes.set(r.evidencePath, sha256Hex(bytes));
  }
  return finishAttestations(records, (p) => hashes.get(p)!, today);
}

/**
 * The attestations as a run's digest (and the evidence store) keeps them: without where their
 * evidence lies on this machine, their file by its own name. The same inputs copied to another
 * folder give the same digest, so the same document ids and run id.
 */
export function attestationsWithoutPlaces(list: readonly Attestation[]): Array<Omit<Attestation, 'evidencePath'>> {
  return list.map(({ evidencePath: _path, ...rest }) => ({ ...rest, file: inputFileName(rest.file) }));
}
