// A worker thread of `diff --jobs N` (./pool.ts): compares the OLD/NEW pairs it is sent
// (./pair.ts comparePair) and posts back the plain result, or the error. It writes nothing.
//
// Its drift context is the main thread's data (checks, parameters, deviations, clock: cloned,
// not read again from the files, so both threads judge by the same rules). The control lookup, a
// function, does not cross threads: one pair's comparison never needs it (controls are judged in
// the builder's finish(), on the main thread), and here it fails loudly if that ever changes.
import { parentPort, workerData } from 'node:worker_threads';
import { DeviceComparer } from './compute.js';
import { fileEntry } from './io.js';
import { comparePair } from './pair.js';
import { postedError, type DiffWorkerSetup, type PairJob, type PairReply } from './pool.js';
import { driftContextOf } from './side.js';

const setup = workerData as DiffWorkerSetup;
const ctx = driftContextOf(setup.data, (id) => {
  throw new Error(`control ${id} looked up in a diff worker thread, which has no control index`);
});
const comparer = new DeviceComparer(ctx, setup.labels);

parentPort!.on('message', (job: PairJob) => {
  void run(job);
});

async function run({ index, old, neu }: PairJob): Promise<void> {
  try {
    const outcome = await comparePair(fileEntry(old), fileEntry(neu), ctx, setup.days, comparer);
    parentPort!.postMessage({ index, outcome } satisfies PairReply);
  } catch (e) {
    parentPort!.postMessage({ index, error: postedError(e) } satisfies PairReply);
  }
}
