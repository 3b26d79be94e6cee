// `diff --jobs N`: the OLD/NEW pairs compared by N worker threads (./worker.ts), each reading,
// validating, redacting, evaluating and comparing the pairs it is sent (./pair.ts comparePair),
// several in flight. The main thread takes the results strictly in input order (a reorder
// buffer, as src/assess/pool.ts does), so the drift builder, the choice of the latest snapshot of
// a device and the first error see exactly the sequence one thread sees: the report is
// byte-identical for any N.
import { workerScript } from '../io/threads.js';
import { Worker } from 'node:worker_threads';
import { isUserError, UserError } from '../io/errors.js';
import type { FileEntryDescription } from './io.js';
import type { PairOutcome, SideDays } from './pair.js';
import type { DriftData } from './side.js';

/** Pairs in flight per worker: enough to keep it busy while the main thread takes results. */
const WINDOW = 4;

/** What a worker is given: the drift context's data (its functions cannot cross threads), the sides' labels and days. */
export interface DiffWorkerSetup {
  data: DriftData;
  /** How the user named each side (device files are shown relative to them). */
  labels: { old: string; new: string };
  days: SideDays;
}

export interface PairJob {
  index: number;
  old: FileEntryDescription;
  neu: FileEntryDescription;
}

/** An error as it crosses threads: enough to throw on the main thread the error one thread throws. */
export interface PostedError {
  message: string;
  detail: string;
  file?: string;
  where?: string;
  exitCode: number;
  /** Not the user's input: a bug (message holds the stack). */
  internal?: true;
}

export type PairReply = { index: number; outcome: PairOutcome } | { index: number; error: PostedError };

export function postedError(e: unknown): PostedError {
  if (isUserError(e)) return { message: e.message, detail: e.detail, ...(e.file !== undefined ? { file: e.file } : {}), ...(e.where !== undefined ? { where: e.where } : {}), exitCode: e.exitCode };
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return { message, detail: message, exitCode: 1, internal: true };
}

function thrown(p: PostedError): Error {
  if (p.internal) return new Error(`a diff worker thread failed: ${p.message}`);
  return new UserError(p.detail, { ...(p.file !== undefined ? { file: p.file } : {}), ...(p.where !== undefined ? { where: p.where } : {}), exitCode: p.exitCode });
}

/**
 * The pairs' results in the pairs' order. Started before the main thread needs them (workers
 * start and read ahead while it does other work); at most WINDOW pairs per worker are sent ahead
 * of what the main thread took, so memory stays flat however slow it is.
 */
export class PairPool {
  private readonly workers: Worker[];
  private readonly outstanding: number[];
  private readonly replies = new Map<number, PairReply>();
  private sent = 0;
  private taken = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly jobs: ReadonlyArray<Omit<PairJob, 'index'>>, threads: number, setup: DiffWorkerSetup) {
    this.workers = Array.from({ length: threads }, () => new Worker(workerScript(import.meta.url, 'drift/worker.js'), { workerData: setup }));
    this.outstanding = this.workers.map(() => 0);
    this.workers.forEach((w, i) => {
      w.on('message', (r: PairReply) => {
        this.outstanding[i]!--;
        this.replies.set(r.index, r);
        this.fill();
        this.wakeUp();
      });
      w.on('error', (e) => this.fail(e));
      w.on('messageerror', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (this.outstanding[i]! > 0) this.fail(new Error(`a diff worker thread stopped (exit code ${code}) with ${this.outstanding[i]} pair(s) unanswered`));
      });
    });
    this.fill();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wakeUp();
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Sends pairs to the least busy workers, up to WINDOW per worker ahead of the main thread. */
  private fill(): void {
    while (!this.failure && this.sent < this.jobs.length && this.sent - this.taken < this.workers.length * WINDOW) {
      let best = 0;
      for (let i = 1; i < this.workers.length; i++) if (this.outstanding[i]! < this.outstanding[best]!) best = i;
      const job = this.jobs[this.sent]!;
      this.outstanding[best]!++;
      this.workers[best]!.postMessage({ index: this.sent, old: job.old, neu: job.neu } satisfies PairJob);
      this.sent++;
    }
  }

  /** The next pair's result (of the pair `old`/`neu`, the next in the jobs' order); its error, thrown as one thread throws it. */
  async take(old: FileEntryDescription, neu: FileEntryDescription): Promise<PairOutcome> {
    const index = this.taken;
    const job = this.jobs[index];
    if (!job || job.old.file !== old.file || job.neu.file !== neu.file) throw new Error(`diff pool: pair ${index} asked out of order (${old.file}, ${neu.file})`);
    while (!this.replies.has(index)) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    const r = this.replies.get(index)!;
    this.replies.delete(index);
    this.taken++;
    this.fill();
    if ('error' in r) throw thrown(r.error);
    return r.outcome;
  }

  private closed = false;

  /** Stops the workers (again: nothing). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.outstanding.fill(0); // terminating is not a failure
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
