// `assess --jobs N`: snapshots evaluated by N worker threads (./worker.ts) while the main thread
// keeps what each leaves (evidence copy, spools, observation groups) in input order. The output
// does not depend on which thread evaluated what: records are accepted in input order (a reorder
// buffer), and a group's text is the same whoever computed it. Reading (in the workers),
// evaluation and writing (the main thread's evidence copies and spools) overlap.
import { asBuffer, workerScript } from '../io/threads.js';
import { Worker } from 'node:worker_threads';
import type { ObservationGrouper } from '../oscal/observation-groups.js';
import { sha256Hex } from '../oscal/ids.js';
import { SnapshotProcessor, unreadableDeviceId, type EvaluateContext, type ProcessContext, type ProcessedRecord, type ProcessError } from './process.js';
import type { WorkerJob, WorkerReply } from './worker.js';
import type { InputItem } from '../io/inputs.js';

/** Snapshots in flight per worker: enough to keep it busy while the main thread writes. */
const WINDOW = 4;

type Outcome = ProcessedRecord | ProcessError;

export async function processWithWorkers(items: ReadonlyArray<InputItem & { index: number }>, ctx: ProcessContext, jobs: number, ingest: boolean, warn: (m: string) => void, progress: () => void, keepGoing = false): Promise<{ outcomes: Outcome[]; grouper: ObservationGrouper | undefined }> {
  const processor = new SnapshotProcessor(ctx);
  const evaluateCtx: EvaluateContext = {
    checks: ctx.checks, params: ctx.params, deviations: ctx.deviations, today: ctx.today, nowIso: ctx.nowIso, configKey: ctx.configKey, report: ctx.report,
    ...(ctx.perDevice ? { perDevice: true } : {}),
    ...(ctx.team ? { team: ctx.team } : {}),
  };
  const workers = Array.from({ length: jobs }, () => new Worker(workerScript(import.meta.url, 'assess/worker.js'), { workerData: { ctx: evaluateCtx, ingest, keepGoing } }));
  const outcomes: Outcome[] = [];
  const pending = new Map<number, WorkerReply>();
  let next = 0;
  let expected = 0;
  let stopped = false;
  let chain = Promise.resolve();
  try {
    await new Promise<void>((resolve, reject) => {
      const dispatch = (w: Worker) => {
        if (stopped || next >= items.length) return;
        const it = items[next++]!;
        w.postMessage({ index: next - 1, item: { kind: it.kind, path: it.path } as InputItem } satisfies WorkerJob);
      };
      // Accepts replies strictly in input order; stops at the first error, as the single-thread loop does.
      const drain = async () => {
        while (!stopped && pending.has(expected)) {
          const r = pending.get(expected)!;
          pending.delete(expected);
          expected++;
          r.warnings.forEach(warn);
          if ('error' in r && keepGoing && !r.error.internal) {
            // As on one thread (run.ts processInputs): the input becomes a device whose checks are not collected.
            const it = items[r.index]!;
            const bytes = r.bytes ? asBuffer(r.bytes) : undefined;
            warn(`could not read ${it.path}, assessed as not collected (--keep-going): ${r.error.message}`);
            outcomes.push(processor.unreadable(it.index, it.path, unreadableDeviceId(it.path, bytes), r.error.portable ?? r.error.message, sha256Hex(bytes ?? Buffer.from(`unreadable input ${it.path}`))));
            progress();
            continue;
          }
          if ('error' in r) {
            outcomes.push({ ...r.error, index: items[r.index]!.index });
            stopped = true;
            await processor.abandon();
            resolve();
            return;
          }
          const e = r.evaluated;
          const evidence = asBuffer(e.evidence);
          outcomes.push(await processor.accept({ ...e, index: items[r.index]!.index, evidence }));
          progress();
        }
        if (!stopped && expected === items.length) {
          stopped = true;
          await processor.finish();
          resolve();
        }
      };
      for (const w of workers) {
        w.on('message', (r: WorkerReply) => {
          dispatch(w);
          pending.set(r.index, r);
          chain = chain.then(drain).catch((e: unknown) => {
            stopped = true;
            reject(e);
          });
        });
        w.on('error', (e) => {
          stopped = true;
          reject(e);
        });
        for (let i = 0; i < WINDOW; i++) dispatch(w);
      }
      if (items.length === 0) chain = chain.then(drain);
    });
  } catch (e) {
    await processor.abandon();
    throw e;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { outcomes, grouper: processor.grouper };
}
