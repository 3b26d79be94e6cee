// A worker thread of `assess --jobs N` (./pool.ts): reads, validates, redacts and evaluates the
// snapshots it is sent and posts back what the main thread keeps (process.ts `Evaluated`). It
// writes nothing: files stay with the main thread.
import { movable } from '../io/threads.js';
import { parentPort, workerData } from 'node:worker_threads';
import { readUserFile } from '../io/file-queue.js';
import type { InputItem } from '../io/inputs.js';
import { loadInputSnapshot, type FolderIngester } from './load-input.js';
import { SnapshotEvaluator, toProcessError, type EvaluateContext } from './process.js';

export interface WorkerJob {
  index: number;
  item: InputItem;
}

export type WorkerReply =
  | { index: number; evaluated: import('./process.js').Evaluated; warnings: string[] }
  /** `bytes`: what was read of an input that could not be assessed (--keep-going names its device from them). */
  | { index: number; error: import('./process.js').ProcessError; warnings: string[]; bytes?: Uint8Array };

const setup = workerData as { ctx: EvaluateContext; ingest: boolean; keepGoing: boolean };
const evaluator = new SnapshotEvaluator(setup.ctx);
let ingester: FolderIngester | undefined;

parentPort!.on('message', (job: WorkerJob) => {
  void run(job);
});

async function run({ index, item }: WorkerJob): Promise<void> {
  const warnings: string[] = [];
  let bytes: Buffer | undefined;
  try {
    if (item.kind === 'exports' && setup.ingest) ingester ??= (await import('../ingest/index.js')) as FolderIngester;
    if (item.kind !== 'exports') bytes = readUserFile(item.path);
    const loaded = await loadInputSnapshot(item, ingester, (m) => warnings.push(m), bytes);
    const evaluated = evaluator.evaluate(index, { ...loaded, file: item.path });
    // The evidence bytes move to the main thread instead of being copied.
    parentPort!.postMessage({ index, evaluated, warnings } satisfies WorkerReply, movable(evaluated.evidence));
  } catch (e) {
    const error = toProcessError(index, e);
    // --keep-going assesses a user's bad input as a device, named from what was read.
    parentPort!.postMessage({ index, error, warnings, ...(setup.keepGoing && !error.internal && bytes ? { bytes } : {}) } satisfies WorkerReply);
  }
}
