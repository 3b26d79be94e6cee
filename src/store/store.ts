// The evidence store on disk (docs/store.md):
//   STORE/store.json          format marker
//   STORE/objects/ab/cdef…    content-addressed objects, named by the SHA-256 of their bytes
//   STORE/ledger.jsonl        append-only hash chain (ledger.ts)
//   STORE/head.json           the chain's head at the end of the last complete run (a tail anchor)
//   STORE/lock                held by the one run allowed to write (lock.ts)
// Crash safety: an object is written to objects/tmp, fsynced and renamed into place before any
// ledger entry names it; a ledger entry is one write() of one whole line with O_APPEND. A kill
// therefore leaves at worst unreferenced objects, temp files, or a last line without its newline
// (a torn append): `verify` accepts all three, and the next writer removes them (recover()).
import { closeSync, copyFileSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../io/errors.js';
import { sha256Hex } from '../oscal/ids.js';
import { acquireLock, type StoreLock } from './lock.js';
import { describeEntry, formatEntry, headHash, parseLedger, type EntryBody, type LedgerEntry, type ParsedLedger } from './ledger.js';

export const STORE_MARKER = 'store.json';
export const LEDGER_FILE = 'ledger.jsonl';
export const HEAD_FILE = 'head.json';
export const OBJECTS_DIR = 'objects';
const MARKER = { format: 'ato-evidence evidence store', version: 1 };

export function objectPath(store: string, sha: string): string {
  return join(store, OBJECTS_DIR, sha.slice(0, 2), sha.slice(2));
}

export interface Head {
  entries: number;
  hash: string;
}

/** Reads STORE/head.json; null when absent (a store whose first run has not completed). */
export function readHead(store: string): Head | null {
  try {
    const o = JSON.parse(readFileSync(join(store, HEAD_FILE), 'utf8')) as Head;
    if (typeof o.entries === 'number' && typeof o.hash === 'string') return o;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
  }
  return { entries: -1, hash: '' }; // unreadable: verify names it
}

export function isStore(dir: string): boolean {
  return existsSync(join(dir, STORE_MARKER));
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
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

export interface OpenOptions {
  /** Create the store if the folder is absent or empty. */
  create?: boolean;
  /** fsync objects before the ledger names them (default true; false only for benchmarks of the rest). */
  durable?: boolean;
  /** How the store is named in messages. */
  display?: string;
}

/**
 * A store opened for writing, under its lock. Reading a store for verification needs none of
 * this: see verify.ts.
 */
export class EvidenceStore {
  readonly display: string;
  readonly entries: LedgerEntry[];
  /** What recover() found and removed, for the user to know. */
  readonly notes: string[] = [];
  private readonly ledgerFd: number;
  private readonly durable: boolean;
  private readonly lock: StoreLock;
  private tmpSeq = 0;
  private readonly knownDirs = new Set<string>();
  private readonly unsynced: string[] = [];
  /** Objects ledger entries name directly (snapshots, manifests). */
  private readonly referenced = new Set<string>();

  private constructor(readonly dir: string, opts: OpenOptions, lock: StoreLock, parsed: ParsedLedger) {
    this.display = opts.display ?? dir;
    this.durable = opts.durable !== false;
    this.lock = lock;
    this.entries = parsed.entries;
    for (const e of this.entries) this.referenced.add(e.kind === 'snapshot' ? e.object : e.manifest);
    this.ledgerFd = openSync(join(dir, LEDGER_FILE), 'a');
  }

  /** Opens (or creates) the store and takes its lock; `since` is the wall clock for the lock file. */
  static open(dir: string, since: string, opts: OpenOptions = {}): EvidenceStore {
    const display = opts.display ?? dir;
    if (!existsSync(dir) || (statSync(dir).isDirectory() && readdirSync(dir).length === 0)) {
      if (!opts.create) throw new UserError('is not an evidence store (no store.json)', { file: display });
      mkdirSync(dir, { recursive: true });
      mkdirSync(join(dir, OBJECTS_DIR, 'tmp'), { recursive: true });
      // The marker is written last: a store killed while being created is simply created again.
      if (!existsSync(join(dir, LEDGER_FILE))) writeFileSync(join(dir, LEDGER_FILE), '');
      writeFileAtomic(join(dir, STORE_MARKER), join(dir, `.${STORE_MARKER}.tmp`), JSON.stringify(MARKER, null, 2) + '\n');
    } else if (!statSync(dir).isDirectory()) {
      throw new UserError('exists and is not a folder', { file: display });
    } else if (!isStore(dir)) {
      throw new UserError('is a folder that is not an evidence store (no store.json) and not empty; name a new or empty folder, or an existing store', { file: display });
    }
    const lock = acquireLock(dir, display, since);
    try {
      mkdirSync(join(dir, OBJECTS_DIR, 'tmp'), { recursive: true });
      const notes: string[] = [];
      const parsed = recoverLedger(dir, display, notes);
      const s = new EvidenceStore(dir, { ...opts, display }, lock, parsed);
      s.notes.push(...notes);
      if (lock.tookOver) s.notes.push(`took over the lock of pid ${lock.tookOver.pid} (since ${lock.tookOver.since}), which no longer runs`);
      s.removeTemps();
      return s;
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  private removeTemps(): void {
    const tmp = join(this.dir, OBJECTS_DIR, 'tmp');
    const left = readdirSync(tmp);
    for (const f of left) rmSync(join(tmp, f), { force: true });
    if (left.length) this.notes.push(`removed ${left.length} temporary object file(s) left by an interrupted run`);
  }

  has(sha: string): boolean {
    return existsSync(objectPath(this.dir, sha));
  }

  /**
   * Stores bytes as an object (once: an existing object is kept). Returns its SHA-256 and whether
   * it was new. `sha`: the SHA-256 of these very bytes when the caller has it already.
   */
  put(bytes: Buffer | string, sha = ''): { sha: string; added: boolean } {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    sha ||= sha256Hex(buf);
    const path = objectPath(this.dir, sha);
    if (existsSync(path)) {
      // An object no ledger entry names may be the leftover of a crash before it reached the
      // disk (renamed, not yet synced): it is trusted only once its content is checked.
      if (this.referenced.has(sha) || sha256Hex(readFileSync(path)) === sha) return { sha, added: false };
    }
    const sub = sha.slice(0, 2);
    if (!this.knownDirs.has(sub)) {
      mkdirSync(join(this.dir, OBJECTS_DIR, sub), { recursive: true });
      this.knownDirs.add(sub);
    }
    // Not fsynced one by one (that costs a journal commit per object): sync() does them together
    // before any ledger entry names them.
    writeFileAtomic(path, join(this.dir, OBJECTS_DIR, 'tmp', `${sha}.${process.pid}.${this.tmpSeq++}`), buf, false);
    if (this.durable) this.unsynced.push(path);
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
    const path = objectPath(this.dir, sha);
    if (existsSync(path) && (this.referenced.has(sha) || sha256Hex(readFileSync(path)) === sha)) return { sha, added: false, size };
    const sub = sha.slice(0, 2);
    if (!this.knownDirs.has(sub)) {
      mkdirSync(join(this.dir, OBJECTS_DIR, sub), { recursive: true });
      this.knownDirs.add(sub);
    }
    const tmp = join(this.dir, OBJECTS_DIR, 'tmp', `${sha}.${process.pid}.${this.tmpSeq++}`);
    copyFileSync(file, tmp);
    renameSync(tmp, path);
    if (this.durable) this.unsynced.push(path);
    return { sha, added: true, size };
  }

  /** Makes every object written so far durable (file data, then the folders' entries). Call before a ledger entry names them. */
  sync(): void {
    if (!this.unsynced.length) return;
    const dirs = new Set<string>();
    for (const p of this.unsynced) {
      fsyncFile(p);
      dirs.add(join(p, '..'));
    }
    for (const d of dirs) fsyncFile(d);
    this.unsynced.length = 0;
  }

  /**
   * sync() with the fsyncs in flight together: the thread pool runs several at once and the file
   * system commits them in fewer journal flushes, which takes about half the time of one by one
   * for a fleet's objects. The same guarantee; call it before the ledger entries that name them.
   */
  async flush(): Promise<void> {
    const files = this.unsynced.slice();
    if (!files.length) return;
    await fsyncAll(files);
    await fsyncAll([...new Set(files.map((p) => join(p, '..')))]);
    this.unsynced.splice(0, files.length);
  }

  get(sha: string): Buffer {
    return readObject(this.dir, sha, this.display);
  }

  /** Appends one entry: one write() of one whole line. */
  append(at: string, body: EntryBody): LedgerEntry {
    this.sync();
    const seq = this.entries.length + 1;
    const prev = headHash(this.entries);
    const line = formatEntry(seq, at, prev, body);
    const buf = Buffer.from(line + '\n');
    const n = writeSync(this.ledgerFd, buf);
    if (n !== buf.length) throw new Error(`short write to the ledger (${n} of ${buf.length} bytes)`);
    const entry = { ...body, seq, at, prev, hash: sha256Hex(line), line: seq } as LedgerEntry;
    this.entries.push(entry);
    this.referenced.add(body.kind === 'snapshot' ? body.object : body.manifest);
    return entry;
  }

  /** Makes the ledger durable and records its head (the tail anchor verify compares with). */
  commitHead(): void {
    fsyncSync(this.ledgerFd);
    const head: Head = { entries: this.entries.length, hash: headHash(this.entries) };
    writeFileAtomic(join(this.dir, HEAD_FILE), join(this.dir, `.${HEAD_FILE}.tmp-${process.pid}`), JSON.stringify(head) + '\n');
  }

  close(): void {
    closeSync(this.ledgerFd);
    this.lock.release();
  }
}

export function readObject(store: string, sha: string, display = store): Buffer {
  try {
    return readFileSync(objectPath(store, sha));
  } catch (e) {
    throw new UserError(`object ${sha} is missing from the store (${(e as NodeJS.ErrnoException).code ?? String(e)}); run "ato-evidence verify --store ${display}"`, { file: display });
  }
}

export function readLedgerText(store: string): string {
  try {
    return readFileSync(join(store, LEDGER_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/**
 * Under the lock: a torn last line (no newline: an append killed mid-write) never completed, so
 * nothing refers to it; it is cut off and reported. A broken chain is refused: writing after it
 * would hide the damage.
 */
function recoverLedger(dir: string, display: string, notes: string[]): ParsedLedger {
  const path = join(dir, LEDGER_FILE);
  const text = readLedgerText(dir);
  const parsed = parseLedger(text);
  if (parsed.problem) {
    const p = parsed.problem;
    throw new UserError(`the ledger is broken at line ${p.line}${p.entry ? ` (${p.entry})` : ''}: ${p.detail}. Nothing was filed; "ato-evidence verify --store ${display}" shows the details`, { file: display });
  }
  if (parsed.tornTail) {
    const keep = Buffer.byteLength(text) - parsed.tornTail.bytes;
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, keep);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    notes.push(`removed an incomplete last ledger line (line ${parsed.tornTail.line}, ${parsed.tornTail.bytes} bytes) left by an interrupted run`);
    delete parsed.tornTail;
  }
  const head = readHead(dir);
  if (head && (head.entries > parsed.entries.length || (head.entries > 0 && parsed.entries[head.entries - 1]?.hash !== head.hash))) {
    throw new UserError(`the ledger does not reach the head recorded in head.json (entry ${head.entries}): its end was removed or changed. Nothing was filed; "ato-evidence verify --store ${display}" shows the details`, { file: display });
  }
  return parsed;
}

export { describeEntry, fsyncFile };
