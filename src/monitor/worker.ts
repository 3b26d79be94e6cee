// A worker thread of `monitor --jobs N` (./pool.ts), of one of two kinds. Filing: reads the
// snapshot files it is sent (./filing.ts readForFiling) and posts back what the store keeps of
// each. Report: compares the devices it is sent (./device.ts compareStored), reading their objects
// from the store's files where the main thread says they are. Either posts back plain results, or
// the error, and writes nothing.
//
// Its drift context is the main thread's data (cloned, not read again from the files). The control
// lookup, a function, does not cross threads: a device's comparison never needs it (controls are
// judged in the builder's finish(), on the main thread), and here it fails loudly if that changes.
import { workerData } from 'node:worker_threads';
import { DeviceComparer } from '../drift/compute.js';
import { driftContextOf } from '../drift/side.js';
import { serveJobs } from '../io/ordered-pool.js';
import { readObjectAt, type ObjectAt } from '../store/store.js';
import { compareStored, objectReader, type DeviceJob, type DeviceOutcome } from './device.js';
import { movable } from '../io/threads.js';
import { readForFiling, type FiledInput } from './filing.js';
import type { FileJob, MonitorWorkerSetup } from './pool.js';

const setup = workerData as MonitorWorkerSetup;

if (setup.kind === 'file') {
  // A snapshot file never warns (only an export folder's ingest does, on the main thread).
  serveJobs<FileJob, FiledInput>((job) => readForFiling({ kind: 'snapshot', path: job.path }, setup.now, undefined, () => undefined), (filed) => movable(filed.bytes));
} else {
  const ctx = driftContextOf(setup.data, (id) => {
    throw new Error(`control ${id} looked up in a monitor worker thread, which has no control index`);
  });
  const comparer = new DeviceComparer(ctx, setup.labels);
  serveJobs<DeviceJob, DeviceOutcome>((job) => {
    const at = new Map<string, ObjectAt>();
    for (const side of [job.old, job.neu]) if (side?.at) at.set(side.device.object, side.at);
    const read = objectReader((sha) => {
      const where = at.get(sha);
      if (!where) throw new Error(`object ${sha} read by a monitor worker thread that was not told where it is`);
      return readObjectAt(where, sha, setup.display);
    }, setup.display);
    return compareStored(job, { ctx, comparer, read, ...setup.days, badResults: setup.badResults });
  });
}
