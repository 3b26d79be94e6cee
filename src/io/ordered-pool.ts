// Jobs run by N worker threads, their results taken strictly in the jobs' order (a reorder buffer),
// so the main thread sees exactly the sequence, and the first error, that one thread would: what it
// builds from them is the same for any N. Used by `diff --jobs` (src/drift/pool.ts) and `monitor
// --jobs` (src/monitor/pool.ts); the worker side is `serveJobs` below.
import { parentPort, Worker } from 'node:worker_threads';
import { isUserError, UserError } from './errors.js';

/** Jobs in flight per worker: enough to keep it busy while the main thread takes results. */
const WINDOW = 4;

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

export function postedError(e: unknown): PostedError {
  if (isUserError(e)) return { message: e.message, detail: e.detail, ...(e.file !== undefined ? { file: e.file } : {}), ...(e.where !== undefined ? { where: e.where } : {}), exitCode: e.exitCode };
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return { message, detail: message, exitCode: 1, internal: true };
}

/** The error one thread would have thrown (a UserError), or a bug in a worker, named as such. */
export function thrownError(p: PostedError, what: string): Error {
  if (p.internal) return new Error(`a ${what} worker thread failed: ${p.message}`);
  return new UserError(p.detail, { ...(p.file !== undefined ? { file: p.file } : {}), ...(p.where !== undefined ? { where: p.where } : {}), exitCode: p.exitCode });
}

type Reply<R> = { index: number; outcome: R } | { index: number; error: PostedError };

/** What a job may hand over to the worker instead of copying (ArrayBuffers of its bytes). */
export type Transfer<T> = (value: T) => ArrayBuffer[];

/**
 * The worker side: runs each job it is sent with `handle` and posts back its outcome, or the
 * error it threw. `transfer` lists buffers of an outcome to move rather than copy.
 */
export function serveJobs<S, R>(handle: (job: S) => Promise<R> | R, transfer?: Transfer<R>): void {
  parentPort!.on('message', ({ index, job }: { index: number; job: S }) => {
    void (async () => {
      try {
        const outcome = await handle(job);
        parentPort!.postMessage({ index, outcome } satisfies Reply<R>, transfer ? transfer(outcome) : []);
      } catch (e) {
        parentPort!.postMessage({ index, error: postedError(e) } satisfies Reply<R>);
      }
    })();
  });
}

/**
 * The jobs' results in the jobs' order. Started at construction (workers start and work ahead
 * while the main thread does other things); at most WINDOW jobs per worker are sent ahead of what
 * the main thread took, so memory stays flat however slow it is.
 */
export class OrderedPool<J, R, S = J> {
  private readonly workers: Worker[];
  private readonly outstanding: number[];
  private readonly replies = new Map<number, Reply<R>>();
  private sent = 0;
  private taken = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private closed = false;

  /**
   * `what` names the pool in errors ("a monitor worker thread failed: …"); `prepare` makes the
   * message a job is sent as, when its turn comes (what is costly to hold for every job at once).
   */
  constructor(private readonly jobs: readonly J[], threads: number, script: URL, workerData: unknown, private readonly what: string, private readonly prepare: (job: J) => S = (job) => job as unknown as S) {
    this.workers = Array.from({ length: threads }, () => new Worker(script, { workerData }));
    this.outstanding = this.workers.map(() => 0);
    this.workers.forEach((w, i) => {
      w.on('message', (r: Reply<R>) => {
        this.outstanding[i]!--;
        this.replies.set(r.index, r);
        this.fill();
        this.wakeUp();
      });
      w.on('error', (e) => this.fail(e));
      w.on('messageerror', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (this.outstanding[i]! > 0) this.fail(new Error(`a ${what} worker thread stopped (exit code ${code}) with ${this.outstanding[i]} job(s) unanswered`));
      });
    });
    this.fill();
  }

  get threads(): number {
    return this.workers.length;
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

  /** Sends jobs to the least busy workers, up to WINDOW per worker ahead of the main thread. */
  private fill(): void {
    while (!this.failure && !this.closed && this.sent < this.jobs.length && this.sent - this.taken < this.workers.length * WINDOW) {
      let best = 0;
      for (let i = 1; i < this.workers.length; i++) if (this.outstanding[i]! < this.outstanding[best]!) best = i;
      this.outstanding[best]!++;
      this.workers[best]!.postMessage({ index: this.sent, job: this.prepare(this.jobs[this.sent]!) });
      this.sent++;
    }
  }

  /**
   * The next job's result; its error, thrown as one thread throws it. `isExpected` tells the job
   * the caller means to take: a caller that takes out of order is a bug, refused loudly.
   */
  async take(isExpected: (job: J) => boolean): Promise<R> {
    const index = this.taken;
    const job = this.jobs[index];
    if (job === undefined || !isExpected(job)) throw new Error(`${this.what} pool: job ${index} taken out of order`);
    while (!this.replies.has(index)) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    const r = this.replies.get(index)!;
    this.replies.delete(index);
    this.taken++;
    this.fill();
    if ('error' in r) throw thrownError(r.error, this.what);
    return r.outcome;
  }

  /** Stops the workers (again: nothing). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.outstanding.fill(0); // terminating is not a failure
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
