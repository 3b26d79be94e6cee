// `ato-evidence verify --store STORE`: walks the ledger's chain, the head recorded in head.json and
// in store.json (and their signatures), and every object. Reads only; no lock needed (a concurrent
// writer only appends, and what it has not finished is tolerated as it would be after a kill).
//
// What is a problem and what is a note: anything that was part of the history and is no longer
// as recorded is a problem. A run in progress or interrupted (STORE/in-progress or STORE/lock
// present) leaves work that is not history yet: temp files, objects nothing names, a torn last
// line, entries after the head; those are notes. Without such a run, an object nothing names can
// only be one an entry named before that entry was removed (a run writes an object before the
// entry that names it): a problem.
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../io/errors.js';
import { readError, readRegularFile } from '../io/file-queue.js';
import { sha256Hex } from '../oscal/ids.js';
import { checkPublicKey, verifySignature } from '../seal/manifest.js';
import { checkFolder, readKey } from '../seal/seal.js';
import { describeEntry, lastSignedRun, parseLedger, settledEntries, type LedgerEntry } from './ledger.js';
import {
  HEAD_FILE, headMismatch, headText, IN_PROGRESS_FILE, LEDGER_FILE, listObjects, OBJECTS_DIR, objectsLayout, objectPath, objectRel, readHeadFile, readLedgerFile,
  readStoreMarker, referencedObjects, STORE_MARKER, version2Evidence, downgradeDetail, type Head,
} from './read.js';
import { LOCK_FILE } from './lock.js';

export interface StoreProblem {
  kind: 'chain' | 'head' | 'signature' | 'object-changed' | 'object-missing' | 'object-unnamed' | 'manifest' | 'store';
  /** Ledger line, file or object path (relative to the store). */
  where: string;
  detail: string;
}

/** As for packages: checked against --public-key (`valid`, `invalid`, `missing`), `not-checked` without one, or `unsigned`. */
export type HeadSignatureStatus = 'valid' | 'invalid' | 'missing' | 'not-checked' | 'unsigned';

export interface StoreVerifyResult {
  ok: boolean;
  problems: StoreProblem[];
  /** What a run in progress or interrupted leaves, and other facts that are not damage. */
  notes: string[];
  entries: number;
  snapshots: number;
  runs: number;
  objects: number;
  /** The last entry's hash (null for an empty ledger). */
  head: string | null;
  signature: HeadSignatureStatus;
}

export interface StoreVerifyOptions {
  /** Ed25519 public key (PEM file) the head's signature must verify with. */
  publicKeyFile?: string;
  /** A head hash kept elsewhere (a run's report, a ticket): the ledger must still hold that entry. */
  expectHead?: string;
}

export function verifyStore(store: string, opts: StoreVerifyOptions = {}): StoreVerifyResult {
  const problems: StoreProblem[] = [];
  const notes: string[] = [];
  let signature: HeadSignatureStatus = 'unsigned';
  const result = (entries: readonly LedgerEntry[], objects: number): StoreVerifyResult => ({
    ok: problems.length === 0,
    problems,
    notes,
    entries: entries.length,
    snapshots: entries.filter((e) => e.kind === 'snapshot').length,
    runs: entries.filter((e) => e.kind === 'run').length,
    objects,
    head: entries.length ? entries[entries.length - 1]!.hash : null,
    signature,
  });
  let publicKey: Buffer | undefined;
  if (opts.publicKeyFile !== undefined) {
    publicKey = readKey(opts.publicKeyFile);
    checkPublicKey(publicKey, opts.publicKeyFile);
  }

  // A mistyped path is said as such, not as a store found damaged ("NOT intact").
  checkFolder(store, 'the evidence store\'s folder');
  const marker = readStoreMarker(store);
  if (!('value' in marker)) {
    problems.push({ kind: 'store', where: STORE_MARKER, detail: 'absent' in marker ? 'missing: this folder is not an evidence store' : `${marker.problem}: nothing in the store can be trusted to be what this version reads` });
    return result([], 0);
  }
  const ledgerText = readLedgerFile(store);
  if ('problem' in ledgerText) {
    problems.push({ kind: 'store', where: LEDGER_FILE, detail: ledgerText.problem });
    return result([], 0);
  }
  const parsed = parseLedger('value' in ledgerText ? ledgerText.value : '');
  const entries = parsed.entries;
  if (parsed.problem) {
    const p = parsed.problem;
    problems.push({ kind: 'chain', where: `${LEDGER_FILE} line ${p.line}`, detail: `${p.entry ? `${p.entry}: ` : ''}${p.detail}` });
  }
  const inProgress = existsSync(join(store, IN_PROGRESS_FILE)) || existsSync(join(store, LOCK_FILE));
  if (inProgress) notes.push(`${existsSync(join(store, IN_PROGRESS_FILE)) ? IN_PROGRESS_FILE : LOCK_FILE}: a monitor run is writing, or was interrupted: what it has not finished is listed as notes; the next run completes or removes it`);
  // Version 2 appends only while in-progress exists (version 1 had no such file, so its kills left
  // torn lines and entries past head.json without one).
  // store.json put back to version 1 over a store version 2 wrote: a problem, and read as version 2.
  const downgraded = marker.value.version === 1 ? version2Evidence(store, entries, inProgress, (sha) => trustedObject(store, sha)) : undefined;
  if (downgraded) problems.push({ kind: 'store', where: STORE_MARKER, detail: downgradeDetail(downgraded) });
  const outsideRun = !inProgress && (marker.value.version === 2 || downgraded !== undefined);
  if (parsed.tornTail && outsideRun) problems.push({ kind: 'chain', where: `${LEDGER_FILE} line ${parsed.tornTail.line}`, detail: `an incomplete last line (${parsed.tornTail.bytes} bytes, no newline), and no run is in progress (no ${IN_PROGRESS_FILE} or ${LOCK_FILE}): only a run interrupted while appending leaves one, and such a run leaves ${IN_PROGRESS_FILE}` });
  else if (parsed.tornTail) notes.push(`${LEDGER_FILE} line ${parsed.tornTail.line}: an incomplete append (${parsed.tornTail.bytes} bytes, no newline) from an interrupted run; not part of the history; the next monitor run removes it`);

  // The tail anchors: a chain cannot show that its last entries were cut off; the heads can.
  const heads: Array<{ where: string; head: Head }> = [];
  const headFile = readHeadFile(store);
  if ('problem' in headFile) problems.push({ kind: 'head', where: HEAD_FILE, detail: `${headFile.problem}: the ledger's tail cannot be checked against it` });
  else if ('value' in headFile) heads.push({ where: HEAD_FILE, head: headFile.value });
  else if (marker.value.version === 2 || (entries.length > 0 && !inProgress)) {
    problems.push({ kind: 'head', where: HEAD_FILE, detail: `missing${marker.value.head ? ` (${STORE_MARKER} records a head of ${marker.value.head.entries} entries)` : ''}: the ledger's tail cannot be checked against it; it was removed` });
  }
  if (marker.value.head) heads.push({ where: STORE_MARKER, head: marker.value.head });
  else if (!downgraded) notes.push(`${STORE_MARKER} is version 1: it records no copy of the head (the next monitor run adds it)`);
  if (!('value' in ledgerText) && heads.some((h) => h.head.entries > 0)) problems.push({ kind: 'store', where: LEDGER_FILE, detail: 'missing, while the head records entries: it was removed' });
  if (!parsed.problem) {
    for (const h of heads) {
      const bad = headMismatch(h.head, entries, h.where);
      if (!bad) continue;
      const at = entries[bad.line - 1];
      problems.push({ kind: 'head', where: `${LEDGER_FILE} line ${bad.line}`, detail: `${at ? `${describeEntry(at)}: ` : 'missing: '}${bad.detail}` });
    }
    const newest = Math.max(0, ...heads.map((h) => h.head.entries));
    const after = entries.length - newest;
    if (heads.length && after > 0 && !outsideRun) {
      notes.push(`${LEDGER_FILE}: ${after} entr${after === 1 ? 'y' : 'ies'} after the recorded head (filed by a run that did not finish; not covered by the head${signedHead(heads) ? ' nor its signature' : ''}); the next monitor run's head covers them`);
    } else if (heads.length && after > 0) {
      // A version 2 run records its head before it removes in-progress: entries past the head with
      // no run in progress were appended outside a run (or its in-progress was removed by hand).
      const first = entries[newest]!;
      problems.push({ kind: 'head', where: `${LEDGER_FILE} line ${first.line}`, detail: `${describeEntry(first)}: ${after} entr${after === 1 ? 'y' : 'ies'} after the head recorded in ${heads.map((h) => h.where).join(' and ')} (entry ${newest}), and no run is in progress (no ${IN_PROGRESS_FILE} or ${LOCK_FILE}): a run records its head before it finishes, so these were appended outside a run` });
    }
  }
  signature = checkHeadSignatures(heads, publicKey, opts.publicKeyFile, problems, notes);
  // A run that signed its head records its key in its entry: a head covering it and carrying no
  // signature lost it (with or without --public-key: the ledger itself says the store is signed).
  const signer = lastSignedRun(entries, settledEntries(entries, Math.max(0, ...heads.map((h) => h.head.entries)), inProgress));
  if (signer && !signedHead(heads)) {
    problems.push({ kind: 'signature', where: `${LEDGER_FILE} line ${signer.line}`, detail: `${describeEntry(signer)} records that its run signed the head (key SHA-256 ${signer.headKey}), but neither ${HEAD_FILE} nor ${STORE_MARKER} carries a signature: they were removed, and the ledger may have been cut since` });
    if (signature === 'unsigned') signature = 'missing';
  }
  if (opts.expectHead !== undefined) {
    const want = opts.expectHead.toLowerCase();
    const found = entries.find((e) => e.hash === want);
    if (!found) problems.push({ kind: 'head', where: LEDGER_FILE, detail: `holds no entry whose hash is ${want} (the head you kept): the history up to it was cut or rewritten` });
  }

  // Objects the ledger names (directly, or through a run's manifest), with the entry that names them.
  const referencedBy = new Map<string, string>();
  for (const e of entries) {
    const o = e.kind === 'snapshot' ? e.object : e.manifest;
    if (!referencedBy.has(o)) referencedBy.set(o, `${LEDGER_FILE} line ${e.line} (${describeEntry(e)})`);
  }
  const tmpLeft = (() => {
    try {
      return readdirSync(join(store, OBJECTS_DIR, 'tmp')).length;
    } catch {
      return 0;
    }
  })();
  if (tmpLeft) notes.push(`${OBJECTS_DIR}/tmp: ${tmpLeft} temporary file(s) from an interrupted run; the next monitor run removes them`);
  // A link there reads what lies outside the store; a stray entry is nothing a run wrote (monitor refuses the one, warns of the other).
  const layout = objectsLayout(store);
  for (const l of layout.links) {
    // An object that is a link is named below with the entry that names it.
    if (l.split('/').length < 3) problems.push({ kind: 'store', where: l, detail: `is a symbolic link (to ${linkTarget(join(store, l))}): the store would read objects from outside it; replace it with the folder it points to` });
  }
  for (const x of layout.stray) problems.push({ kind: 'store', where: x, detail: 'is not an object nor a folder of objects: no run writes it there; move it out of the store' });
  const present = new Set<string>();
  const changed = new Map<string, string>();
  const listed = listObjects(store);
  for (const o of listed) {
    present.add(o.sha);
    if (o.notFile) {
      changed.set(o.sha, `is ${o.notFile}, not an object file`);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readRegularFile(objectPath(store, o.sha));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        present.delete(o.sha); // removed meanwhile by a recovering writer
        continue;
      }
      changed.set(o.sha, `cannot be read (${code ?? String(e)})`);
      continue;
    }
    const actual = sha256Hex(bytes);
    if (actual !== o.sha) changed.set(o.sha, `its content no longer matches its name (SHA-256 now ${actual})`);
  }
  // Manifests name further objects (report files, configuration, the run's summary).
  for (const e of entries) {
    if (e.kind !== 'run' || !present.has(e.manifest) || changed.has(e.manifest)) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(readRegularFile(objectPath(store, e.manifest)).toString('utf8'));
    } catch {
      problems.push({ kind: 'manifest', where: objectRel(e.manifest), detail: `the manifest of ${describeEntry(e)} is not JSON` });
      continue;
    }
    for (const o of referencedObjects(doc)) if (!referencedBy.has(o)) referencedBy.set(o, `the manifest of ${describeEntry(e)} (${LEDGER_FILE} line ${e.line})`);
  }
  const unnamed: string[] = [];
  for (const [sha, what] of changed) {
    const by = referencedBy.get(sha);
    if (by) problems.push({ kind: 'object-changed', where: objectRel(sha), detail: `${what}; named by ${by}` });
    else unnamed.push(sha);
  }
  for (const [sha, by] of referencedBy) {
    if (!present.has(sha)) problems.push({ kind: 'object-missing', where: objectRel(sha), detail: `missing; named by ${by}` });
  }
  for (const sha of present) if (!referencedBy.has(sha) && !changed.has(sha)) unnamed.push(sha);
  if (unnamed.length) {
    const list = `${unnamed.slice(0, 5).map(objectRel).join(', ')}${unnamed.length > 5 ? `, and ${unnamed.length - 5} more` : ''}`;
    if (inProgress) {
      notes.push(`${unnamed.length} object(s) no ledger entry names yet (${list}): written by the run in progress or interrupted; the next monitor run removes what it does not name`);
    } else if (!parsed.problem) {
      problems.push({
        kind: 'object-unnamed',
        where: `${OBJECTS_DIR}/`,
        detail: `${unnamed.length} object(s) no ledger entry names (${list}), and no run is in progress: a run writes an object only before the entry that names it, so entries naming these were removed from the ledger`,
      });
    }
  }
  return result(entries, listed.length);
}

/** An object's bytes if they match its name, else undefined (damage is reported where every object is checked). */
function trustedObject(store: string, sha: string): Buffer | undefined {
  try {
    const bytes = readRegularFile(objectPath(store, sha));
    return sha256Hex(bytes) === sha ? bytes : undefined;
  } catch {
    return undefined;
  }
}

function signedHead(heads: ReadonlyArray<{ head: Head }>): boolean {
  return heads.some((h) => h.head.signature !== undefined);
}

/** The heads' signatures against --public-key; without one, a signature is noted as not checked. */
function checkHeadSignatures(heads: ReadonlyArray<{ where: string; head: Head }>, publicKey: Buffer | undefined, keyFile: string | undefined, problems: StoreProblem[], notes: string[]): HeadSignatureStatus {
  const signed = heads.filter((h) => h.head.signature !== undefined);
  if (!publicKey || keyFile === undefined) {
    if (signed.length) notes.push(`the head is signed (${signed.map((h) => h.where).join(', ')}); give --public-key to check the signature`);
    return signed.length ? 'not-checked' : 'unsigned';
  }
  let status: HeadSignatureStatus = 'valid';
  if (!heads.length) {
    problems.push({ kind: 'signature', where: HEAD_FILE, detail: `no head is recorded, so nothing is signed to check against ${keyFile}` });
    return 'missing';
  }
  for (const h of heads) {
    if (h.head.signature === undefined) {
      problems.push({ kind: 'signature', where: h.where, detail: `its head (entry ${h.head.entries}) is not signed, so it cannot be checked against ${keyFile}: the store was not signed (monitor --sign-key), or the signature was removed` });
      if (status === 'valid') status = 'missing';
    } else if (!verifySignature(headText(h.head.entries, h.head.hash), h.head.signature, publicKey, keyFile)) {
      problems.push({ kind: 'signature', where: h.where, detail: `its head signature (entry ${h.head.entries}) does not verify with ${keyFile}: the head was changed after signing, or signed with another key` });
      status = 'invalid';
    }
  }
  return status;
}

/** A head hash given on the command line: 64 hex digits. */
export function checkExpectedHead(value: string): string {
  if (!/^[0-9a-fA-F]{64}$/.test(value)) throw new UserError(`--expect-head "${value.slice(0, 80)}": must be a ledger entry's hash (64 hex digits), as a run's report or "verify --store" prints it`, { exitCode: 2 });
  return value.toLowerCase();
}

/** Where a symbolic link points, as written, or "?" when it cannot be read. */
function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
}
