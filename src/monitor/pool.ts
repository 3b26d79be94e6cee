// `monitor --jobs N`: the devices of a run's report compared by N worker threads (./worker.ts),
// each reading both sides back from the store, evaluating and comparing them (./device.ts
// compareStored). The main thread takes the results in the devices' order (src/io/ordered-pool.ts)
// and builds the drift, the summary and the results file from them exactly as one thread does: the
// report is byte-identical for any N.
import { OrderedPool } from '../io/ordered-pool.js';
import { workersFor, workerScript } from '../io/threads.js';
import { dataOf, type DriftData } from '../drift/side.js';
import type { ObjectAt } from '../store/store.js';
import type { InputItem } from '../io/inputs.js';
import type { CompareEnv, DeviceJob, DeviceOutcome, StoredSide } from './device.js';
import type { FiledInput } from './filing.js';

/** What a worker is given: the inputs' clock to read them by (filing), or the drift context's data, the sides' labels, the days and how the store is named (the report). */
export type MonitorWorkerSetup = { kind: 'file'; now: string } | CompareSetup;

export interface CompareSetup {
  kind: 'compare';
  data: DriftData;
  labels: { old: string; new: string };
  days: Pick<CompareEnv, 'oldToday' | 'oldAt' | 'newToday' | 'newAt'>;
  badResults: CompareEnv['badResults'];
  display: string;
}

/**
 * With --jobs unset, `monitor` uses threads from this many devices per thread: below, a run is
 * faster on one. Measured on 2 cores (docs/scale.md "Every core"): 2,000 devices took 5.2-6.2 s on
 * one thread and 6.1-7.0 s on two; 10,000 devices 21.7 s and 19.4 s. A worker's start-up, the
 * results cloned across and the second heap cost about as much as the second core gives below a
 * few thousand devices.
 */
export const MONITOR_MIN_PER_WORKER = 2_500;

/** Threads for the devices (`monitor --jobs`): 'auto' = every core, from MONITOR_MIN_PER_WORKER devices a thread. */
export interface MonitorThreads {
  jobs: number | 'auto';
  /** Told how many worker threads compare the devices (not called when this thread does). */
  started?: (threads: number) => void;
}

export type DevicePool = OrderedPool<DeviceJob, DeviceOutcome>;

/**
 * The pool for a report's devices, when `threads` gives more than one and the store's objects are
 * files a worker can read (ObjectReader.locate). `prepare` completes a job when its turn comes.
 */
export function devicePool(jobs: readonly DeviceJob[], prepare: (job: DeviceJob) => DeviceJob, env: CompareEnv, labels: { old: string; new: string }, threads?: MonitorThreads): DevicePool | undefined {
  const locate = env.read.locate;
  if (!threads || !locate) return undefined;
  const n = workersFor(threads.jobs, jobs.length, MONITOR_MIN_PER_WORKER);
  if (n <= 1) return undefined;
  threads.started?.(n);
  const setup: MonitorWorkerSetup = {
    kind: 'compare',
    data: dataOf(env.ctx),
    labels,
    days: { oldToday: env.oldToday, oldAt: env.oldAt, newToday: env.newToday, newAt: env.newAt },
    badResults: env.badResults,
    display: env.read.display,
  };
  const located = <T extends StoredSide>(side: T): T & { at: ObjectAt } => ({ ...side, at: locate(side.device.object) });
  return new OrderedPool<DeviceJob, DeviceOutcome>(jobs, n, workerScript(import.meta.url, 'monitor/worker.js'), setup, 'monitor', (job) => {
    const j = prepare(job);
    return { ...j, ...(j.old ? { old: located(j.old) } : {}), ...(j.neu ? { neu: located(j.neu) } : {}) };
  });
}

/** An input a worker reads for filing: a snapshot file (an export folder is ingested on the main thread). */
export interface FileJob {
  path: string;
}

export type FilingPool = OrderedPool<FileJob, FiledInput>;

/** The pool reading a run's snapshot files (read, validated, redacted, hashed), when `jobs` gives more than one thread. */
export function filingPool(items: readonly InputItem[], now: string, jobs: number | 'auto'): FilingPool | undefined {
  const files = items.filter((i) => i.kind === 'snapshot').map((i): FileJob => ({ path: i.path }));
  const n = workersFor(jobs, files.length, MONITOR_MIN_PER_WORKER);
  if (n <= 1) return undefined;
  return new OrderedPool<FileJob, FiledInput>(files, n, workerScript(import.meta.url, 'monitor/worker.js'), { kind: 'file', now } satisfies MonitorWorkerSetup, 'monitor');
}
