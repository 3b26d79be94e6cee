// The evidence store's ledger: JSON lines, each naming the SHA-256 of the line before it, so an
// edit, a deletion or a reordering breaks the chain at a line we can name. Pure: text in, entries
// and problems out. store.ts does the files.
import { sha256Hex } from '../oscal/ids.js';

/** `prev` of the first entry. */
export const GENESIS = '0'.repeat(64);

/** A snapshot filed into the store. `object` holds the (secret-redacted) bytes; `source` is the SHA-256 of the bytes as given. */
export interface SnapshotBody {
  kind: 'snapshot';
  run: string;
  device: string;
  collectedAt: string;
  object: string;
  source: string;
  /** The path the snapshot came from, as the user named it. */
  file: string;
  redacted: boolean;
}

/** A completed monitor run: its manifest object lists inputs, configuration, clock and the files of its report. */
export interface RunBody {
  kind: 'run';
  run: string;
  now: string;
  manifest: string;
  previous: string | null;
  /**
   * Set by a run that signed the head (monitor --sign-key): the SHA-256 of the key's public half
   * (SubjectPublicKeyInfo, DER). Kept in the chain, so a later head without a signature is seen as
   * one whose signature was removed, not as a store that was never signed. Absent in runs filed
   * without a key, and in runs stored before it existed.
   */
  headKey?: string;
}

export type EntryBody = SnapshotBody | RunBody;

export type LedgerEntry = EntryBody & {
  seq: number;
  /** When it was filed: the run's clock (--now), so a store built twice from the same inputs is the same. */
  at: string;
  prev: string;
  /** SHA-256 of this entry's line (without its newline); the next entry's `prev`. */
  hash: string;
  /** 1-based line number in the ledger file. */
  line: number;
};

/** One ledger line (without newline). Key order is fixed: the hash is over these bytes. */
export function formatEntry(seq: number, at: string, prev: string, body: EntryBody): string {
  return JSON.stringify({ seq, at, prev, ...body });
}

export interface LedgerProblem {
  line: number;
  /** What the line claims to be, when readable ("seq 7, snapshot MR-01 2026-10-01T…"). */
  entry?: string;
  detail: string;
}

export interface ParsedLedger {
  /** The entries up to the first broken link (all of them when the chain is intact). */
  entries: LedgerEntry[];
  /** The first broken link, if any. */
  problem?: LedgerProblem;
  /** Bytes after the last newline: an append interrupted by a kill or a crash (never part of the history). */
  tornTail?: { line: number; bytes: number };
}

export function describeEntry(e: Partial<LedgerEntry>): string {
  const what = e.kind === 'snapshot' ? `snapshot ${e.device} ${e.collectedAt}` : e.kind === 'run' ? `run ${e.run}` : `kind ${String(e.kind)}`;
  return `seq ${String(e.seq)}, ${what}`;
}

const HEX64 = /^[0-9a-f]{64}$/;

function checkBody(o: Record<string, unknown>): string | undefined {
  const str = (k: string) => typeof o[k] === 'string' && (o[k] as string).length > 0;
  if (!str('at')) return '"at" is missing';
  if (o.kind === 'snapshot') {
    for (const k of ['run', 'device', 'collectedAt', 'file']) if (!str(k)) return `"${k}" is missing`;
    for (const k of ['object', 'source']) if (typeof o[k] !== 'string' || !HEX64.test(o[k] as string)) return `"${k}" is not a SHA-256`;
    if (typeof o.redacted !== 'boolean') return '"redacted" is not true or false';
    return undefined;
  }
  if (o.kind === 'run') {
    for (const k of ['run', 'now']) if (!str(k)) return `"${k}" is missing`;
    if (typeof o.manifest !== 'string' || !HEX64.test(o.manifest)) return '"manifest" is not a SHA-256';
    if (o.previous !== null && typeof o.previous !== 'string') return '"previous" is neither a run id nor null';
    if (o.headKey !== undefined && (typeof o.headKey !== 'string' || !HEX64.test(o.headKey))) return '"headKey" is not a SHA-256';
    return undefined;
  }
  return `unknown kind ${JSON.stringify(o.kind)}`;
}

/**
 * Reads the ledger text and walks the chain. Stops at the first broken link and names it: the
 * line, what the entry says it is, and why (not JSON, out of sequence, or its `prev` is not the
 * hash of the line before: that line was edited, removed, or the two were swapped).
 */
export function parseLedger(text: string): ParsedLedger {
  const out: ParsedLedger = { entries: [] };
  const lastNl = text.lastIndexOf('\n');
  const body = text.slice(0, lastNl + 1);
  const tail = text.slice(lastNl + 1);
  const lines = body === '' ? [] : body.slice(0, -1).split('\n');
  if (tail.length) out.tornTail = { line: lines.length + 1, bytes: Buffer.byteLength(tail) };
  let prev = GENESIS;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    let o: Record<string, unknown>;
    try {
      const v: unknown = JSON.parse(raw);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
      o = v as Record<string, unknown>;
    } catch {
      out.problem = { line: lineNo, detail: 'is not a JSON object: the line was edited or damaged' };
      return out;
    }
    const entry = describeEntry(o as Partial<LedgerEntry>);
    const expectedSeq = out.entries.length + 1;
    if (o.prev !== prev) {
      const before = lineNo === 1 ? 'the chain start (all zeros)' : `the hash of line ${lineNo - 1} (${describeEntry(out.entries[i - 1]!)})`;
      const why = o.seq !== expectedSeq
        ? `its seq is ${String(o.seq)} where ${expectedSeq} belongs: entries were removed or reordered before it`
        : `line ${lineNo - 1} was edited, or an entry between them was removed`;
      out.problem = { line: lineNo, entry, detail: `"prev" is not ${before}: ${why}` };
      return out;
    }
    if (o.seq !== expectedSeq) {
      out.problem = { line: lineNo, entry, detail: `seq is ${String(o.seq)} where ${expectedSeq} belongs` };
      return out;
    }
    const bad = checkBody(o);
    if (bad) {
      out.problem = { line: lineNo, entry, detail: bad };
      return out;
    }
    const hash = sha256Hex(raw);
    out.entries.push({ ...(o as unknown as LedgerEntry), hash, line: lineNo });
    prev = hash;
  }
  return out;
}

/** The hash the next entry must carry as `prev`. */
export function headHash(entries: readonly LedgerEntry[]): string {
  return entries.length ? entries[entries.length - 1]!.hash : GENESIS;
}

/** The last run entry among the first `upTo` that records a signed head (`headKey`), if any. */
export function lastSignedRun(entries: readonly LedgerEntry[], upTo: number): (RunBody & LedgerEntry) | undefined {
  for (let i = Math.min(upTo, entries.length) - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.kind === 'run' && e.headKey !== undefined) return e as RunBody & LedgerEntry;
  }
  return undefined;
}

/**
 * How many entries, from the start, are history a head vouched for or a completed run left: all
 * of them, except, when a run was interrupted, the trailing entries past the head (`covered`)
 * that carry the last entry's run id (what that run appended before it was killed). A head moved
 * back by hand, or removed, with an in-progress made by hand, therefore does not turn earlier
 * runs into an interrupted run's.
 */
export function settledEntries(entries: readonly LedgerEntry[], covered: number, interrupted: boolean): number {
  let n = entries.length;
  if (!interrupted || n === 0) return n;
  const last = entries[n - 1]!.run;
  while (n > covered && entries[n - 1]!.run === last) n--;
  return n;
}
