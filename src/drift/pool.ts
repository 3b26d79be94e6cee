// `diff --jobs N`: the OLD/NEW pairs compared by N worker threads (./worker.ts), each reading,
// validating, redacting, evaluating and comparing the pairs it is sent (./pair.ts comparePair),
// several in flight. The main thread takes the results strictly in input order (src/io/ordered-pool.ts),
// so the drift builder, the choice of the latest snapshot of a device and the first error see
// exactly the sequence one thread sees: the report is byte-identical for any N.
import { OrderedPool } from '../io/ordered-pool.js';
import { workerScript } from '../io/threads.js';
import type { FileEntryDescription } from './io.js';
import type { PairOutcome, SideDays } from './pair.js';
import type { DriftData } from './side.js';

/** What a worker is given: the drift context's data (its functions cannot cross threads), the sides' labels and days. */
export interface DiffWorkerSetup {
  data: DriftData;
  /** How the user named each side (device files are shown relative to them). */
  labels: { old: string; new: string };
  days: SideDays;
}

export interface PairJob {
  old: FileEntryDescription;
  neu: FileEntryDescription;
}

/** The pairs' results in the pairs' order (started at construction: workers read ahead). */
export class PairPool {
  private readonly pool: OrderedPool<PairJob, PairOutcome>;

  constructor(jobs: readonly PairJob[], threads: number, setup: DiffWorkerSetup) {
    this.pool = new OrderedPool(jobs, threads, workerScript(import.meta.url, 'drift/worker.js'), setup, 'diff');
  }

  /** The next pair's result (of the pair `old`/`neu`, the next in the jobs' order); its error, thrown as one thread throws it. */
  take(old: FileEntryDescription, neu: FileEntryDescription): Promise<PairOutcome> {
    return this.pool.take((job) => job.old.file === old.file && job.neu.file === neu.file);
  }

  /** Stops the workers (again: nothing). */
  close(): Promise<void> {
    return this.pool.close();
  }
}
