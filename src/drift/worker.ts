// A worker thread of `diff --jobs N` (./pool.ts): compares the OLD/NEW pairs it is sent
// (./pair.ts comparePair) and posts back the plain result, or the error. It writes nothing.
//
// It rebuilds the drift context from the run's options (the context holds functions, which do
// not cross threads). Only what one pair's comparison reads is needed (checks, parameters,
// deviations, the clock): attestations and the system description count in the builder's
// finish(), on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { loadRunConfig } from '../assess/config.js';
import { UserError } from '../io/errors.js';
import { DeviceComparer } from './compute.js';
import { fileEntry } from './io.js';
import { comparePair } from './pair.js';
import { postedError, type DiffWorkerSetup, type PairJob, type PairReply } from './pool.js';
import { makeDriftContext } from './side.js';
import type { DriftContext } from './types.js';

const setup = workerData as DiffWorkerSetup;

function context(): { ctx: DriftContext; comparer: DeviceComparer } {
  const ctx = makeDriftContext(loadRunConfig(setup.config), { now: setup.now, ...(setup.baseline ? { baseline: setup.baseline } : {}) });
  // The files were read again here: if they changed since the main thread read them, the pairs
  // would be judged by other rules than the rest of the report.
  if (ctx.configDigest !== setup.configDigest) throw new UserError('the check catalog, parameters or deviations changed while the diff was running');
  return { ctx, comparer: new DeviceComparer(ctx, setup.labels) };
}

let made: { ctx: DriftContext; comparer: DeviceComparer } | undefined;

parentPort!.on('message', (job: PairJob) => {
  void run(job);
});

async function run({ index, old, neu }: PairJob): Promise<void> {
  try {
    made ??= context();
    const outcome = await comparePair(fileEntry(old), fileEntry(neu), made.ctx, setup.days, made.comparer);
    parentPort!.postMessage({ index, outcome } satisfies PairReply);
  } catch (e) {
    parentPort!.postMessage({ index, error: postedError(e) } satisfies PairReply);
  }
}
