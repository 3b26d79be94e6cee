// The evidence store opened for writing (docs/store.md). Layout and the readers shared with
// `verify --store`: read.ts; the ledger's format: ledger.ts; the lock: lock.ts.
//
// Creating: a new store is built complete in a temporary sibling folder and renamed into place,
// so a run never sees a half-made store and two runs creating one at once cannot both succeed;
// the loser then meets the winner's lock ("is in use by another monitor run").
//
// Opening checks the tail before anything is appended, and refuses (UserError naming the file)
// a store.json that is not this format, a ledger that is not a file or whose chain is broken, and
// a head (head.json, store.json's copy, their signatures) the ledger does not reach: it never
// writes after a history it cannot vouch for, and never rewrites a head that does not match.
//
// Crash safety: objects are written under objects/tmp and renamed into place only by flush(),
// right before the ledger entries that name them; a ledger entry is one write() of one whole line
// with O_APPEND; STORE/in-progress marks a run that has not finished. A kill therefore leaves at
// worst temp files, objects nothing names, a last line without its newline, and the marker: the
// next writer finds the marker and removes the leftovers (recover()). A run that fails on its input
// removes what it wrote (abandon()); the store is then as it was.
import { closeSync, fsyncSync, ftruncateSync, openSync, readdirSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, copyFileSync, existsSync, type Stats } from 'node:fs';
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { readRegularFile } from '../io/file-queue.js';
import { basename, dirname, join, resolve } from 'node:path';
import { systemReason, UserError } from '../io/errors.js';
import { removeDeadLeftovers } from '../io/package-dir.js';
import { withoutUtf8Bom } from '../io/utf8.js';
import { sha256Hex } from '../oscal/ids.js';
import { signManifest, verifySignature } from '../seal/manifest.js';
import { acquireLock, StoreVanished, type StoreLock } from './lock.js';
import type { Abandoned, StoreSession } from './backend.js';
import { describeEntry, formatEntry, GENESIS, headHash, lastSignedRun, parseLedger, settledEntries, type EntryBody, type LedgerEntry, type ParsedLedger } from './ledger.js';
import {
  fsyncPath, HEAD_FILE, headFileText, headKeyFingerprint, headMismatch, headText, IN_PROGRESS_FILE, LEDGER_FILE, listObjects, OBJECTS_DIR, objectPath, objectRel,
  readHeadFile, readLedgerFile, readStoreMarker, referencedObjects, STORE_MARKER, storeMarkerText, version2Evidence, downgradeDetail, type Head, type StoreMarker,
} from './read.js';
import { makeDirs } from '../io/make-dirs.js';

export { HEAD_FILE, IN_PROGRESS_FILE, LEDGER_FILE, OBJECTS_DIR, objectPath, STORE_MARKER } from './read.js';
export type { Head } from './read.js';

export function isStore(dir: string): boolean {
  return existsSync(join(dir, STORE_MARKER));
}

async function fsyncAll(paths: readonly string[]): Promise<void> {
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < paths.length) {
      const h = await open(paths[next++]!, 'r');
      try {
        await h.sync();
      } finally {
        await h.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(32, paths.length) }, one));
}

/** Writes `bytes` to `path` via a temp sibling, fsync and rename: the file is whole or absent. */
export function writeFileAtomic(path: string, tmp: string, bytes: string | Buffer, durable = true): void {
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** An Ed25519 private key (PEM) the head is signed with; its public key checks the head found. */
export interface HeadSigningKey {
  pem: Buffer;
  /** The key file as the user named it. */
  label: string;
}

export interface OpenOptions {
  /** Create the store if the folder is absent or empty. */
  create?: boolean;
  /** fsync objects before the ledger names them (default true; false only for benchmarks of the rest). */
  durable?: boolean;
  /** How the store is named in messages. */
  display?: string;
  /** Sign the head (monitor --sign-key); a signed store refuses a run without it. */
  signKey?: HeadSigningKey;
  /**
   * monitor --start-signing: sign a store that holds entries but whose head carries no signature.
   * Without it such a store is refused with --sign-key: it cannot be told from a signed store whose
   * signatures were removed (and its ledger cut). Refused on a store already signed, where it has
   * no use and, left in a scheduled command, would re-sign a store whose signatures were removed.
   */
  startSigning?: boolean;
}

/** How the store came to be where it is, for abandon() to put things back. */
type Created = 'absent' | 'empty-folder' | null;

/**
 * A store opened for writing, under its lock: the local folder, the embedded implementation of
 * the store's interface (backend.ts). Reading a store for verification needs none of this: see
 * verify.ts.
 */
export class EvidenceStore implements StoreSession {
  readonly display: string;
  readonly entries: LedgerEntry[];
  /** What opening found and did (recovery, lock taken over, format upgrade), for the user to know. */
  readonly notes: string[] = [];
  private readonly ledgerFd: number;
  private readonly durable: boolean;
  private readonly lock: StoreLock;
  private readonly signKey: HeadSigningKey | undefined;
  /** headKeyFingerprint of signKey: recorded in the run entries this run appends. */
  private readonly headKey: string | undefined;
  private readonly created: Created;
  private readonly entriesAtOpen: number;
  private tmpSeq = 0;
  private readonly knownDirs = new Set<string>();
  /** Objects written under objects/tmp, not yet renamed into place (flush() does it). */
  private readonly pending = new Map<string, string>();
  private readonly unsynced: string[] = [];
  /** Objects this run placed that no ledger entry names yet: abandon() removes them. */
  private readonly unnamed = new Set<string>();
  /** Objects this run wrote from bytes it hashed itself (under the lock): not hashed again when read back. */
  private readonly own = new Set<string>();
  /** Objects ledger entries name directly (snapshots, manifests). */
  private readonly referenced = new Set<string>();
  private closed = false;
  private abandoned: Abandoned = 'kept';

  private constructor(readonly dir: string, opts: OpenOptions, lock: StoreLock, parsed: ParsedLedger, created: Created) {
    this.display = opts.display ?? dir;
    this.durable = opts.durable !== false;
    this.lock = lock;
    this.signKey = opts.signKey;
    this.headKey = opts.signKey ? headKeyFingerprint(opts.signKey.pem) : undefined;
    this.created = created;
    this.entries = parsed.entries;
    this.entriesAtOpen = parsed.entries.length;
    for (const e of this.entries) this.referenced.add(e.kind === 'snapshot' ? e.object : e.manifest);
    this.ledgerFd = openSync(join(dir, LEDGER_FILE), 'a');
  }

  /** Opens (or creates) the store and takes its lock; `since` is the wall clock for the lock file. */
  static open(dir: string, since: string, opts: OpenOptions = {}): EvidenceStore {
    const display = opts.display ?? dir;
    for (let attempt = 0; ; attempt++) {
      const created = placeStore(dir, display, opts.create === true);
      let lock: StoreLock;
      try {
        lock = acquireLock(dir, display, since);
      } catch (e) {
        // A run that had just created the store removed it again (its input was refused): start over.
        if (e instanceof StoreVanished && attempt < 3) continue;
        if (e instanceof StoreVanished) throw new UserError('is in use by other monitor runs that keep creating and removing it; try again', { file: display });
        throw e;
      }
      try {
        const notes: string[] = [];
        const parsed = checkTail(dir, display, { signKey: opts.signKey, startSigning: opts.startSigning === true }, notes, lock.tookOver !== undefined);
        const s = new EvidenceStore(dir, { ...opts, display }, lock, parsed, created);
        s.notes.push(...notes);
        if (lock.tookOver) s.notes.push(`took over the lock of pid ${lock.tookOver.pid} (since ${lock.tookOver.since}), which no longer runs`);
        removeStoreDrafts(dir, display, (m) => s.notes.push(m));
        s.markInProgress(since);
        return s;
      } catch (e) {
        lock.release();
        throw e;
      }
    }
  }

  /** STORE/in-progress, durable before any object is written: a kill from here on is seen by the next run and by verify. */
  private markInProgress(since: string): void {
    writeFileAtomic(join(this.dir, IN_PROGRESS_FILE), join(this.dir, `.${IN_PROGRESS_FILE}.tmp-${process.pid}`), JSON.stringify({ pid: process.pid, since }) + '\n');
    fsyncPath(this.dir);
  }

  has(sha: string): boolean {
    return this.pending.has(sha) || existsSync(objectPath(this.dir, sha));
  }

  objectNames(): Set<string> {
    const out = new Set<string>();
    const root = join(this.dir, OBJECTS_DIR);
    for (const sub of readdirSync(root)) {
      if (!/^[0-9a-f]{2}$/.test(sub)) continue;
      let names: string[];
      try {
        names = readdirSync(join(root, sub));
      } catch {
        continue; // not a folder: no object lives there
      }
      for (const name of names) out.add(sub + name);
    }
    return out;
  }

  private tmpName(sha: string): string {
    if (this.tmpSeq === 0) makeDirs(join(this.dir, OBJECTS_DIR, 'tmp'));
    return join(this.dir, OBJECTS_DIR, 'tmp', `${sha}.${process.pid}.${this.tmpSeq++}`);
  }

  /** True when `sha` needs no writing: already pending, named by the ledger, or on disk with the right content. */
  private present(sha: string): boolean {
    if (this.pending.has(sha)) return true;
    const path = objectPath(this.dir, sha);
    if (!existsSync(path)) return false;
    // An object no ledger entry names may be the leftover of a crash before it reached the
    // disk (renamed, not yet synced): it is trusted only once its content is checked.
    if (this.referenced.has(sha)) return true;
    try {
      return sha256Hex(readRegularFile(path)) === sha;
    } catch {
      return false; // a FIFO or a folder there is no such object: placing this one replaces it
    }
  }

  /**
   * Stores bytes as an object (once: an existing object is kept). Returns its SHA-256 and whether
   * it was new. `sha`: the SHA-256 of these very bytes when the caller has it already. The object
   * is placed by the next flush().
   */
  put(bytes: Buffer | string, sha = ''): { sha: string; added: boolean } {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    sha ||= sha256Hex(buf);
    if (this.present(sha)) return { sha, added: false };
    const tmp = this.tmpName(sha);
    // Not fsynced one by one (that costs a journal commit per object): flush() does them together.
    writeFileSync(tmp, buf);
    this.pending.set(sha, tmp);
    this.own.add(sha);
    return { sha, added: true };
  }

  /** Stores a file as an object without holding it in memory (report files of a large fleet are tens of MB). */
  putFile(file: string): { sha: string; added: boolean; size: number } {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    const fd = openSync(file, 'r');
    let size = 0;
    try {
      for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; size += n) hash.update(buf.subarray(0, n));
    } finally {
      closeSync(fd);
    }
    const sha = hash.digest('hex');
    if (this.present(sha)) return { sha, added: false, size };
    const tmp = this.tmpName(sha);
    copyFileSync(file, tmp);
    this.pending.set(sha, tmp);
    this.own.add(sha);
    return { sha, added: true, size };
  }

  /** Forgets an object put by this run and not yet placed: nothing will name it. */
  discard(sha: string): void {
    const tmp = this.pending.get(sha);
    if (!tmp || !this.own.has(sha)) return;
    rmSync(tmp, { force: true });
    this.pending.delete(sha);
    this.own.delete(sha);
  }

  /** Renames the pending objects into place. */
  private place(): void {
    for (const [sha, tmp] of this.pending) {
      const sub = sha.slice(0, 2);
      if (!this.knownDirs.has(sub)) {
        makeDirs(join(this.dir, OBJECTS_DIR, sub));
        this.knownDirs.add(sub);
      }
      const path = objectPath(this.dir, sha);
      renameSync(tmp, path);
      this.unnamed.add(sha);
      if (this.durable) this.unsynced.push(path);
    }
    this.pending.clear();
  }

  /** Places the objects written so far and makes them durable (file data, then the folders' entries). Call before a ledger entry names them. */
  sync(): void {
    this.place();
    if (!this.unsynced.length) return;
    const dirs = new Set<string>();
    for (const p of this.unsynced) {
      fsyncPath(p);
      dirs.add(join(p, '..'));
    }
    for (const d of dirs) fsyncPath(d);
    this.unsynced.length = 0;
  }

  /**
   * sync() with the fsyncs in flight together: the thread pool runs several at once and the file
   * system commits them in fewer journal flushes, which takes about half the time of one by one
   * for a fleet's objects. The same guarantee; call it before the ledger entries that name them.
   */
  async flush(): Promise<void> {
    this.place();
    const files = this.unsynced.slice();
    if (!files.length) return;
    await fsyncAll(files);
    await fsyncAll([...new Set(files.map((p) => join(p, '..')))]);
    this.unsynced.splice(0, files.length);
  }

  /**
   * An object's bytes, checked against its name (a changed object is refused, naming its file),
   * unless this run wrote it from bytes it hashed.
   */
  get(sha: string): Buffer {
    return readObjectAt(this.locate(sha), sha, this.display);
  }

  /** Where get() reads an object from (written by this run and not placed yet: its temporary file), and whether it checks it. */
  locate(sha: string): ObjectAt {
    const tmp = this.pending.get(sha);
    if (tmp) return { path: tmp, check: false };
    return { path: objectPath(this.dir, sha), check: !this.own.has(sha) };
  }

  /** Appends one entry: one write() of one whole line. */
  append(at: string, given: EntryBody): LedgerEntry {
    this.sync();
    const body = this.recorded(given);
    const seq = this.entries.length + 1;
    const prev = headHash(this.entries);
    const line = formatEntry(seq, at, prev, body);
    const buf = Buffer.from(line + '\n');
    const n = writeSync(this.ledgerFd, buf);
    if (n !== buf.length) throw new Error(`short write to the ledger (${n} of ${buf.length} bytes)`);
    const entry = { ...body, seq, at, prev, hash: sha256Hex(line), line: seq } as LedgerEntry;
    this.entries.push(entry);
    const named = body.kind === 'snapshot' ? body.object : body.manifest;
    this.referenced.add(named);
    // A run's manifest names every other object the run placed.
    if (body.kind === 'run') this.unnamed.clear();
    else this.unnamed.delete(named);
    return entry;
  }

  /** The entry as appended: a signing run's entry records its key (headKey), so a later unsigned head is seen as a signature removed. */
  private recorded(body: EntryBody): EntryBody {
    return body.kind === 'run' && this.headKey !== undefined ? { ...body, headKey: this.headKey } : body;
  }

  /** The head once `bodies` are appended at `at`, in order: known before anything is written. */
  headAfter(at: string, bodies: readonly EntryBody[]): { entries: number; hash: string } {
    let hash = headHash(this.entries);
    let seq = this.entries.length;
    for (const body of bodies) hash = sha256Hex(formatEntry(++seq, at, hash, this.recorded(body)));
    return { entries: seq, hash };
  }

  /** The head now: entry count and the last entry's hash. */
  head(): { entries: number; hash: string } {
    return { entries: this.entries.length, hash: headHash(this.entries) };
  }

  /**
   * Makes the ledger durable and records its head (the tail anchor verify compares with) in
   * head.json, then in store.json, each replaced whole; signed with the run's key if it has one.
   */
  commitHead(): void {
    fsyncSync(this.ledgerFd);
    const { entries, hash } = this.head();
    const head: Head = { entries, hash, ...(this.signKey ? { signature: signManifest(headText(entries, hash), this.signKey.pem, this.signKey.label) } : {}) };
    writeFileAtomic(join(this.dir, HEAD_FILE), join(this.dir, `.${HEAD_FILE}.tmp-${process.pid}`), headFileText(head));
    writeFileAtomic(join(this.dir, STORE_MARKER), join(this.dir, `.${STORE_MARKER}.tmp-${process.pid}`), storeMarkerText(head));
    fsyncPath(this.dir);
  }

  /** The end of a run that completed: the marker removed, then the lock. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.ledgerFd);
    for (const tmp of this.pending.values()) rmSync(tmp, { force: true }); // never placed: nothing names them
    this.pending.clear();
    rmSync(join(this.dir, IN_PROGRESS_FILE), { force: true });
    fsyncPath(this.dir);
    this.lock.release();
  }

  /**
   * The end of a run that failed: what it wrote and nothing names is removed (pending and placed
   * objects); entries it appended are complete, so the head is recorded over them. A store this
   * run created and filed nothing into is removed again (an empty folder the user gave is left
   * empty). If cleaning up fails, the marker and the lock stay: the next run recovers.
   */
  abandon(): Abandoned {
    if (this.closed) return this.abandoned;
    this.closed = true;
    this.abandoned = 'unfinished';
    try {
      for (const tmp of this.pending.values()) rmSync(tmp, { force: true });
      this.pending.clear();
      for (const sha of this.unnamed) rmSync(objectPath(this.dir, sha), { force: true });
      this.unnamed.clear();
      if (this.entries.length > this.entriesAtOpen) this.commitHead();
      closeSync(this.ledgerFd);
      if (this.entries.length === this.entriesAtOpen && this.created) {
        this.removeCreated();
        return (this.abandoned = 'removed');
      }
      rmSync(join(this.dir, IN_PROGRESS_FILE), { force: true });
      fsyncPath(this.dir);
    } catch {
      return this.abandoned; // left marked in progress, and locked by a process that is about to exit: the next run recovers
    }
    this.lock.release();
    return (this.abandoned = 'kept');
  }

  /** Removes a store this run created (still holding its lock: it is renamed away first, then deleted). */
  private removeCreated(): void {
    const gone = join(dirname(this.dir), `.${basename(this.dir)}.removed-${process.pid}-${randomBytes(4).toString('hex')}`);
    renameSync(this.dir, gone);
    rmSync(gone, { recursive: true, force: true });
    if (this.created === 'empty-folder') makeDirs(this.dir);
  }
}

/**
 * What runs killed before their end left beside the store (placeStore's `.NAME.new-PID-hex`,
 * removeCreated's `.NAME.removed-PID-hex`): hidden and looked for by no one, they are removed once
 * the store is open, when their process no longer runs here (as package-dir does for outputs).
 */
function removeStoreDrafts(dir: string, display: string, note: (message: string) => void): void {
  const real = realpathSync(dir);
  removeDeadLeftovers(dirname(real), basename(real), { new: 'the store being created', removed: 'the store being removed (it had filed nothing)' }, real === resolve(dir) ? dirname(display) : dirname(real), note, '-[0-9a-f]{8}');
}

/**
 * Makes sure `dir` holds a store: an absent folder or an empty one gets a new, complete store
 * (built beside it and renamed into place: another run creating it at the same moment finds
 * either nothing or a whole store). Returns how it was created, or null if it existed.
 */
function placeStore(dir: string, display: string, create: boolean): Created {
  for (let attempt = 0; attempt < 3; attempt++) {
    let st: Stats | undefined;
    try {
      st = statSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: display });
    }
    if (st && !st.isDirectory()) throw new UserError('exists and is not a folder', { file: display });
    if (st && readdirSync(dir).length > 0) {
      if (!isStore(dir)) throw new UserError('is a folder that is not an evidence store (no store.json) and not empty; name a new or empty folder, or an existing store', { file: display });
      return null;
    }
    if (!create) throw new UserError('is not an evidence store (no store.json)', { file: display });
    // The real path: a link to an empty folder keeps pointing where it did.
    const target = st ? realpathSync(dir) : dir;
    const parent = dirname(target);
    const draft = join(parent, `.${basename(target)}.new-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      makeDirs(parent);
      buildStore(draft);
      renameSync(draft, target); // onto an absent name, or an empty folder; fails if a store appeared meanwhile
      fsyncPath(parent);
      return st ? 'empty-folder' : 'absent';
    } catch (e) {
      rmSync(draft, { recursive: true, force: true });
      const code = (e as NodeJS.ErrnoException).code;
      // A read-only disk, no permission, a pseudo file system: said, not a stack trace.
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw new UserError(`cannot be created in ${parent}${systemReason(e) ? `: ${systemReason(e)}` : ` (${code ?? (e as Error).message})`}`, { file: display });
      // Another run created it first: open that one.
    }
  }
  throw new UserError('could not be created: other runs keep changing it; try again', { file: display });
}

/** A complete empty store in `dir`: marker with the empty head, empty ledger, head.json, objects/tmp. */
function buildStore(dir: string): void {
  makeDirs(join(dir, OBJECTS_DIR, 'tmp'));
  const empty: Head = { entries: 0, hash: GENESIS };
  for (const [name, text] of [[LEDGER_FILE, ''], [HEAD_FILE, headFileText(empty)], [STORE_MARKER, storeMarkerText(empty)]] as const) {
    writeFileSync(join(dir, name), text);
    fsyncPath(join(dir, name));
  }
  fsyncPath(join(dir, OBJECTS_DIR));
  fsyncPath(dir);
}

function refuse(display: string, file: string, message: string): UserError {
  return new UserError(`${message}. Nothing was filed; "ato-evidence verify --store ${display}" shows the details`, { file: join(display, file) });
}

/**
 * Under the lock, before anything is appended: the marker, the ledger's chain, the head in both
 * places (and their signatures), then the leftovers of an interrupted run. Returns the ledger.
 */
function checkTail(dir: string, display: string, signing: SigningOptions, notes: string[], tookOver: boolean): ParsedLedger {
  const marker = readStoreMarker(dir);
  if (!('value' in marker)) throw refuse(display, STORE_MARKER, 'problem' in marker ? marker.problem : 'is missing');

  const ledgerText = readLedgerFile(dir);
  if ('problem' in ledgerText) throw refuse(display, LEDGER_FILE, ledgerText.problem);
  const text = 'value' in ledgerText ? ledgerText.value : '';
  const parsed = parseLedger(text);
  if (parsed.problem) {
    const p = parsed.problem;
    throw refuse(display, LEDGER_FILE, `is broken at line ${p.line}${p.entry ? ` (${p.entry})` : ''}: ${p.detail}`);
  }

  const interrupted = tookOver || existsSync(join(dir, IN_PROGRESS_FILE));
  const heads = readHeads(dir, display, marker.value, parsed, interrupted, !('absent' in ledgerText));
  // store.json put back to version 1 over a store version 2 wrote: refused, not read as version 1.
  const downgraded = marker.value.version === 1 ? version2Evidence(dir, parsed.entries, interrupted, (sha) => readObject(dir, sha, display)) : undefined;
  if (downgraded) throw refuse(display, STORE_MARKER, `${downgradeDetail(downgraded)}. Restore ${STORE_MARKER} from a backup, and investigate`);
  checkSignatures(heads, parsed.entries, interrupted, display, signing, notes);

  // A version 2 run records its head before it removes in-progress, and appends only while
  // in-progress exists: entries past the head, or a torn last line, with no interrupted run were
  // appended outside a run. Covering them with this run's head (and signature) would adopt them.
  // (Version 1 had no in-progress: its kills and failed runs left both without one.)
  const outsideRun = !interrupted && marker.value.version === 2;
  const newestHead = Math.max(0, ...heads.map((h) => h.head.entries));
  if (outsideRun && heads.length && parsed.entries.length > newestHead) {
    const first = parsed.entries[newestHead]!;
    throw refuse(display, LEDGER_FILE, `holds ${parsed.entries.length - newestHead} entr${parsed.entries.length - newestHead === 1 ? 'y' : 'ies'} after the head recorded in ${heads.map((h) => h.file).join(' and ')} (entry ${newestHead}; line ${first.line}: ${describeEntry(first)}), and no run was interrupted (no ${IN_PROGRESS_FILE}): they were appended outside a run, and this run's head would adopt them; investigate, and remove them or restore the ledger from a backup`);
  }
  if (outsideRun && parsed.tornTail) {
    throw refuse(display, LEDGER_FILE, `ends with an incomplete line (line ${parsed.tornTail.line}, ${parsed.tornTail.bytes} bytes, no newline), and no run was interrupted (no ${IN_PROGRESS_FILE}): only an interrupted run leaves one; investigate, and remove it or restore the ledger from a backup`);
  }
  if (parsed.tornTail) {
    // A line without its newline never completed: no later entry names its hash and no object
    // depends on it, so cutting it off loses nothing that was ever part of the history.
    const keep = Buffer.byteLength(text) - parsed.tornTail.bytes;
    const fd = openSync(join(dir, LEDGER_FILE), 'r+');
    try {
      ftruncateSync(fd, keep);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    notes.push(`removed an incomplete last ledger line (line ${parsed.tornTail.line}, ${parsed.tornTail.bytes} bytes) left by an interrupted run`);
    delete parsed.tornTail;
  }
  if (!('value' in ledgerText)) writeFileSync(join(dir, LEDGER_FILE), ''); // an empty store's (checked above)
  const newest = Math.max(0, ...heads.map((h) => h.head.entries));
  if (parsed.entries.length > newest) {
    notes.push(`${parsed.entries.length - newest} ledger entr${parsed.entries.length - newest === 1 ? 'y' : 'ies'} after the head recorded in ${heads.map((h) => h.file).join(' and ') || 'the store'} (filed by a run that did not finish); this run's head covers them`);
  }
  if (marker.value.version === 1) notes.push(`${STORE_MARKER} is version 1 (no copy of the head); this run upgrades it to version 2`);
  if (interrupted) recover(dir, display, parsed.entries, notes);
  return parsed;
}

interface HeadRecord {
  file: string;
  head: Head;
}

/** head.json and store.json's head, each checked against the ledger. */
function readHeads(dir: string, display: string, marker: StoreMarker, parsed: ParsedLedger, interrupted: boolean, ledgerExists: boolean): HeadRecord[] {
  const out: HeadRecord[] = [];
  const headFile = readHeadFile(dir);
  if ('problem' in headFile) throw refuse(display, HEAD_FILE, `${headFile.problem}: the ledger's tail cannot be checked against it, and it is never rewritten unchecked; restore it from a backup or investigate`);
  if ('value' in headFile) out.push({ file: HEAD_FILE, head: headFile.value });
  if (marker.head) out.push({ file: `${STORE_MARKER}'s head`, head: marker.head });
  if ('absent' in headFile) {
    // Version 2 writes head.json when it creates the store; version 1 only at the end of its first run.
    if (marker.version === 2 || (parsed.entries.length > 0 && !interrupted)) throw refuse(display, HEAD_FILE, `is missing${marker.head ? ` (${STORE_MARKER} records a head of ${marker.head.entries} entries)` : ` while the ledger holds ${parsed.entries.length} entries`}: the ledger's tail cannot be checked`);
  }
  if (!ledgerExists && out.some((h) => h.head.entries > 0)) throw refuse(display, LEDGER_FILE, `is missing, while ${out.find((h) => h.head.entries > 0)!.file} records ${Math.max(...out.map((h) => h.head.entries))} entries`);
  for (const h of out) {
    const bad = headMismatch(h.head, parsed.entries, h.file);
    if (bad) {
      const at = parsed.entries[bad.line - 1];
      throw refuse(display, LEDGER_FILE, `does not reach the head recorded in ${h.file}: line ${bad.line}${at ? ` (${describeEntry(at)})` : ''}: ${bad.detail}`);
    }
  }
  return out;
}

interface SigningOptions {
  signKey: HeadSigningKey | undefined;
  startSigning: boolean;
}

/**
 * A signed head stays signed: a run without --sign-key is refused (it would leave the head
 * unsigned), and with one the signature found must verify with the key's public half. A head
 * without signature is refused too when the ledger it covers records a signing run (the
 * signatures were removed), and, with --sign-key, when the store holds entries and
 * --start-signing was not given (it cannot be told from signatures removed by someone without the key).
 */
function checkSignatures(heads: readonly HeadRecord[], entries: readonly LedgerEntry[], interrupted: boolean, display: string, signing: SigningOptions, notes: string[]): void {
  const { signKey, startSigning } = signing;
  const signed = heads.filter((h) => h.head.signature !== undefined);
  const fileOf = (h: HeadRecord) => (h.file === HEAD_FILE ? HEAD_FILE : STORE_MARKER);
  // Not the entries of a run killed before it recorded its head: it never signed one.
  const covered = settledEntries(entries, Math.max(0, ...heads.map((h) => h.head.entries)), interrupted);
  const signer = lastSignedRun(entries, covered);
  if (signer && signed.length === 0) {
    throw refuse(display, HEAD_FILE, `carries no head signature (nor does ${STORE_MARKER}), while ${LEDGER_FILE} line ${signer.line} (${describeEntry(signer)}) records that its run signed the head (key SHA-256 ${signer.headKey}): the signatures were removed, and the ledger may have been cut since. No run signs or files over it: restore head.json and store.json from a backup, and check the ledger against a head kept outside the store ("ato-evidence verify --store ${display} --expect-head HASH")`);
  }
  if (!signKey) {
    if (signed.length) throw refuse(display, fileOf(signed[0]!), 'is signed (the store\'s head carries an Ed25519 signature); give --sign-key with the same key to file into it, or the head would be left unsigned');
    return;
  }
  // Both copies are signed by every signing run: one signed and one not is a signature removed.
  const bare = heads.find((h) => h.head.signature === undefined);
  if (signed.length && bare) {
    throw refuse(display, fileOf(bare), `carries no head signature while ${signed[0]!.file} does: a signing run signs both, so the signature was removed; this run would sign over it`);
  }
  const pub = createPublicKey(signKey.pem).export({ type: 'spki', format: 'pem' });
  for (const h of signed) {
    if (!verifySignature(headText(h.head.entries, h.head.hash), h.head.signature!, pub, signKey.label)) {
      throw refuse(display, fileOf(h), `carries a head signature that does not verify with the public key of ${signKey.label}: the head was changed, or signed with another key`);
    }
  }
  if (signed.length && startSigning) {
    throw refuse(display, fileOf(signed[0]!), 'is signed already: --start-signing is only for the first signed run of a store that holds unsigned entries; remove it from the command (left in a scheduled command, it would re-sign a store whose signatures were removed)');
  }
  // A head of 0 entries: a new store (or one whose first run was interrupted): nothing to vouch for yet.
  if (signed.length === 0 && covered > 0) {
    if (!startSigning) {
      throw refuse(display, HEAD_FILE, `carries no head signature (nor does ${STORE_MARKER}) while the ledger holds ${covered} entries of earlier runs: either the store was never signed, or its signatures were removed (and its ledger perhaps cut) by someone without the key, and signing now would vouch for whatever was done. If it was never signed, check it ("ato-evidence verify --store ${display}", and --expect-head with a head you kept) and give --start-signing once to sign it from this run on`);
    }
    notes.push('the store\'s head was not signed before; it is signed from this run on (--start-signing)');
  }
}

/**
 * After an interrupted run (STORE/in-progress present, or a dead run's lock taken over): its temp
 * files, and the objects it placed that no entry names (direct, or through a run's manifest), are
 * removed. An object is written before the entry naming it, so nothing that was history is lost.
 */
function recover(dir: string, display: string, entries: readonly LedgerEntry[], notes: string[]): void {
  // in-progress, head.json and store.json are replaced through `.NAME.tmp-PID` (writeFileAtomic),
  // only under the lock, which this run holds: any such file is a dead run's, never renamed.
  const replacing = new RegExp(`^\\.(${[IN_PROGRESS_FILE, HEAD_FILE, STORE_MARKER].map((n) => n.replace('.', '\\.')).join('|')})\\.tmp-\\d+$`);
  const halfReplaced = readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile() && replacing.test(f.name)).map((f) => f.name).sort();
  for (const f of halfReplaced) rmSync(join(dir, f), { force: true });
  if (halfReplaced.length) notes.push(`removed ${halfReplaced.join(', ')}, left by an interrupted run while it replaced the file of that name`);
  const tmp = join(dir, OBJECTS_DIR, 'tmp');
  makeDirs(tmp);
  const left = readdirSync(tmp);
  for (const f of left) rmSync(join(tmp, f), { recursive: true, force: true });
  if (left.length) notes.push(`removed ${left.length} temporary object file(s) left by an interrupted run`);
  const named = new Set<string>();
  for (const e of entries) {
    if (e.kind === 'snapshot') {
      named.add(e.object);
      continue;
    }
    named.add(e.manifest);
    let doc: unknown;
    try {
      doc = JSON.parse(readObject(dir, e.manifest, display).toString('utf8'));
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw refuse(display, objectRel(e.manifest), `the manifest of ${describeEntry(e)} is not JSON`);
    }
    for (const o of referencedObjects(doc)) named.add(o);
  }
  let removed = 0;
  for (const o of listObjects(dir)) {
    if (named.has(o.sha) || o.notFile) continue;
    rmSync(objectPath(dir, o.sha), { force: true });
    removed++;
  }
  if (removed) notes.push(`removed ${removed} object(s) an interrupted run wrote and no ledger entry names`);
}

/** Where an object is read from, and whether its bytes are checked against its name (Store.locate). */
export interface ObjectAt {
  path: string;
  check: boolean;
}

/** An object's bytes, checked against its name; a missing, replaced or changed object is a UserError naming its file. */
export function readObject(store: string, sha: string, display = store, check = true): Buffer {
  return readObjectAt({ path: objectPath(store, sha), check }, sha, display);
}

/** readObject from where Store.locate says (a worker thread reads the objects a run's main thread would). */
export function readObjectAt(at: ObjectAt, sha: string, display: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(at.path);
  } catch (e) {
    throw unreadableObject(e, sha, display);
  }
  if (at.check && sha256Hex(bytes) !== sha) throw changedObject(sha, display);
  return bytes;
}

/** The refusal of an object that cannot be read (missing, a folder, …): `e` is the file system's error. */
export function unreadableObject(e: unknown, sha: string, display: string): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  const what = code === 'ENOENT' ? 'is missing from the store' : code === 'EISDIR' ? 'is a folder, not an object file'
    : code === 'ENOTREG' ? 'is not an object file but a FIFO, device or socket (not read: reading it could wait forever)' : `cannot be read (${code ?? String(e)})`;
  return new UserError(`${what}; nothing was filed; run "ato-evidence verify --store ${display}"`, { file: join(display, objectRel(sha)) });
}

/** The refusal of an object whose bytes are not those its name is the hash of. */
export function changedObject(sha: string, display: string): UserError {
  return new UserError(`its content no longer matches its name: it was changed after it was filed; nothing was filed; run "ato-evidence verify --store ${display}"`, { file: join(display, objectRel(sha)) });
}

/**
 * A store object holding JSON (a manifest, a summary, a snapshot): parsed, or a UserError naming
 * the object. A snapshot is kept as given, and one saved with a UTF-8 byte-order mark (as Windows
 * PowerShell 5.1 writes UTF-8) was read past it when filed (src/io/utf8.ts): so it is here.
 */
export function readJsonObject<T>(read: (sha: string) => Buffer, sha: string, display: string, what: string): T {
  const bytes = read(sha);
  const text = withoutUtf8Bom(bytes).toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new UserError(`${what} is not JSON (${(e as Error).message}); run "ato-evidence verify --store ${display}"`, { file: join(display, objectRel(sha)) });
  }
}

/** The ledger for reading without the lock (`--regenerate`): a UserError for a damaged store. */
export function readLedgerForReading(store: string): ParsedLedger {
  const marker = readStoreMarker(store);
  if (!('value' in marker)) throw new UserError('absent' in marker ? 'is missing: this folder is not an evidence store' : marker.problem, { file: join(store, STORE_MARKER) });
  const text = readLedgerFile(store);
  if ('problem' in text) throw new UserError(text.problem, { file: join(store, LEDGER_FILE) });
  const parsed = parseLedger('value' in text ? text.value : '');
  if (parsed.problem) throw new UserError(`is broken at line ${parsed.problem.line}: ${parsed.problem.detail}; run "ato-evidence verify --store ${store}"`, { file: join(store, LEDGER_FILE) });
  return parsed;
}

export { describeEntry };
