// The seam between what uses the evidence store (`monitor`) and where it keeps things
// (docs/scale.md, "Past one machine"). Types only: the local folder (store.ts, `EvidenceStore`)
// is the one implementation, embedded and the default. A second one (objects in an S3-compatible
// bucket, the ledger in PostgreSQL) would implement the same three parts and be returned by
// `openStore`; nothing of it exists.
//
// The guarantees every implementation owes (the local store's, docs/store.md):
// - objects are immutable and named by the SHA-256 of their bytes; putting existing bytes again
//   is a no-op; an object read back is checked against its name;
// - an object is durable before any ledger entry names it (`flush` / `sync` before `append`);
// - the ledger is append-only and hash-chained (ledger.ts computes the chain: the backend only
//   stores whole lines in order); the head is recorded (`commitHead`) after a run's entries;
// - one writer at a time: opening takes the lock, `close` / `abandon` release it; a run that
//   stops half-way leaves nothing a later run or `verify` would take for complete.
import type { EntryBody, LedgerEntry } from './ledger.js';
import { EvidenceStore, type ObjectAt, type OpenOptions } from './store.js';

/** Content-addressed objects, by SHA-256 (hex). */
export interface ObjectStore {
  /** The object exists (or is waiting to be placed by this run). */
  has(sha: string): boolean;
  /** Stores bytes once; `sha`, when the caller has it, is the SHA-256 of these very bytes. */
  put(bytes: Buffer | string, sha?: string): { sha: string; added: boolean };
  /** Stores a file's bytes without holding them in memory. */
  putFile(file: string): { sha: string; added: boolean; size: number };
  /** The object's bytes, checked against its name. */
  get(sha: string): Buffer;
  /**
   * Where a worker thread can read the object as get() does (readObjectAt): a local file, and
   * whether to check it. Absent where objects are not local files: `monitor` then reads them all on
   * its main thread.
   */
  locate?(sha: string): ObjectAt;
  /**
   * The names of every object placed, listed in one pass (the local store reads its folders):
   * cheaper than has() for each of a large store's objects. Absent where listing is not cheap.
   */
  objectNames?(): Set<string>;
  /** Forgets an object this run put and no entry will name, before it is placed (flush). */
  discard(sha: string): void;
  /** Makes every object put so far durable: before a ledger entry names them. */
  flush(): Promise<void>;
  /** flush(), synchronously. */
  sync(): void;
}

/** The head of the chain: how many entries, and the last one's hash. */
export interface LedgerHead {
  entries: number;
  hash: string;
}

/** The append-only, hash-chained ledger. */
export interface Ledger {
  /** Every entry, in order (read and checked when the store was opened). */
  readonly entries: readonly LedgerEntry[];
  /** Appends one entry (whole, or not at all), after the objects it names are durable. */
  append(at: string, body: EntryBody): LedgerEntry;
  head(): LedgerHead;
  /** The head once `bodies` are appended at `at`: known before anything is written. */
  headAfter(at: string, bodies: readonly EntryBody[]): LedgerHead;
  /** Makes the entries durable and records the head (signed when the store is). */
  commitHead(): void;
}

/**
 * A store opened for writing: objects and ledger under the store's lock, which opening took.
 * `close` ends a run that completed; `abandon` one that failed (what it wrote and nothing names
 * is removed). Either releases the lock.
 */
export interface StoreSession extends ObjectStore, Ledger {
  /** How the store is named in messages. */
  readonly display: string;
  /** What opening found and did (recovery, a lock taken over, a format upgrade). */
  readonly notes: readonly string[];
  close(): void;
  /** How the store was left: tidied ('kept'), removed (a store this run created and filed nothing into), or marked in progress for the next run to recover ('unfinished'). */
  abandon(): Abandoned;
}

export type Abandoned = 'kept' | 'removed' | 'unfinished';

/**
 * Opens (or, with `create`, makes) the store at `location` and takes its lock; `since` is the
 * wall clock written in the lock. The embedded default: the local folder (store.ts).
 */
export function openStore(location: string, since: string, opts: OpenOptions = {}): StoreSession {
  return EvidenceStore.open(location, since, opts);
}
