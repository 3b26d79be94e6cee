// A worker thread of `diff --jobs N` (./pool.ts): compares the OLD/NEW pairs it is sent
// (./pair.ts comparePair) and posts back the plain result, or the error. It writes nothing.
//
// Its drift context is the main thread's data (checks, parameters, deviations, clock: cloned,
// not read again from the files, so both threads judge by the same rules). The control lookup, a
// function, does not cross threads: one pair's comparison never needs it (controls are judged in
// the builder's finish(), on the main thread), and here it fails loudly if that ever changes.
import { workerData } from 'node:worker_threads';
import { serveJobs } from '../io/ordered-pool.js';
import { DeviceComparer } from './compute.js';
import { fileEntry } from './io.js';
import { comparePair, type PairOutcome } from './pair.js';
import type { DiffWorkerSetup, PairJob } from './pool.js';
import { driftContextOf } from './side.js';

const setup = workerData as DiffWorkerSetup;
const ctx = driftContextOf(setup.data, (id) => {
  throw new Error(`control ${id} looked up in a diff worker thread, which has no control index`);
});
const comparer = new DeviceComparer(ctx, setup.labels);

serveJobs<PairJob, PairOutcome>(({ old, neu }) => comparePair(fileEntry(old), fileEntry(neu), ctx, setup.days, comparer));
