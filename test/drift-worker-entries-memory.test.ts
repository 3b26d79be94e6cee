// diff/monitor --jobs: a device's entry comes back from a worker thread as a structured clone,
// which copies every string it holds. The builder keeps every entry until finish(): without
// sharing, a fleet's entries held a copy of "not-collected", "pass", each check id and each
// expected text per check per device (200,000 copies of "not-collected" alone at 3,000 devices,
// most of monitor's peak memory with threads). Measured on the heap, as the copies cannot be told
// apart from the shared text by any comparison in JavaScript.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DriftBuilder } from '../src/drift/compute.js';
import { assessed, context, ROUND1, ROUND2, sample } from './support/drift.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('entries cloned from worker threads', () => {
  it('the builder keeps one copy of the texts they repeat, not one per device', () => {
    const ctx = context({ now: '2026-11-02T23:00:00Z' });
    const info = { label: 'a', kind: 'store' as const, at: '2026-11-02T23:00:00Z', devices: 0 };
    const maker = new DriftBuilder(ctx, info, info);
    const entry = maker.comparer.entryOf(assessed(sample('MR-01', ROUND1), ctx), assessed(sample('MR-01', ROUND2), ctx));
    expect(entry.drift.checks.length).toBeGreaterThan(0); // the entry carries check changes besides its statuses
    const n = 3000;
    const cloneAs = (i: number) => {
      const e = structuredClone(entry);
      e.drift.deviceId = `DEV-${i}`;
      return e;
    };

    // What the clones hold as they arrive, kept as they are.
    let base = heapAfterGc();
    const held = Array.from({ length: n }, (_, i) => cloneAs(i));
    const asCloned = heapAfterGc() - base;
    held.length = 0;

    // The same clones given to the builder.
    base = heapAfterGc();
    const builder = new DriftBuilder(ctx, info, info);
    for (let i = 0; i < n; i++) builder.accept(cloneAs(i));
    const kept = heapAfterGc() - base;

    // Each clone's statuses alone are ~2 x 70 strings of 16-32 bytes: sharing them and the
    // changes' texts leaves well under two thirds of the clones' size.
    expect(kept).toBeLessThan(asCloned * 0.65);
    // and the drift is the same as that of the entries as given
    const d = builder.finish();
    expect(d.summary.devices.compared).toBe(n);
    expect(d.devices[0]!.checks).toEqual(entry.drift.checks);
  });
});

describe('after finish()', () => {
  it('the builder no longer holds the devices\' statuses: only the drift it returned is left', () => {
    const ctx = context({ now: '2026-11-02T23:00:00Z' });
    const info = { label: 'a', kind: 'store' as const, at: '2026-11-02T23:00:00Z', devices: 0 };
    const old = assessed(sample('MR-01', ROUND1), ctx);
    const neu = assessed(sample('MR-01', ROUND1), ctx); // unchanged: the drift lists no device
    let builder: DriftBuilder | undefined = new DriftBuilder(ctx, info, info);
    const n = 3000;
    const base = heapAfterGc();
    for (let i = 0; i < n; i++) {
      const e = builder.comparer.entryOf({ ...old, id: `DEV-${i}` }, { ...neu, id: `DEV-${i}` });
      e.drift.deviceId = `DEV-${i}`;
      builder.accept(structuredClone(e));
    }
    const accepted = heapAfterGc() - base;
    const d = builder.finish();
    // monitor and diff hold the builder while they write the reports
    const afterFinish = heapAfterGc() - base;
    builder = undefined;
    const driftOnly = heapAfterGc() - base;
    expect(d.summary.devices.unchanged).toBe(n);
    expect(accepted).toBeGreaterThan(1_000_000); // what there was to let go
    // What the builder itself still holds: its control tallies (~0.2x), no longer every device's
    // statuses and entry (~0.7x of what was accepted).
    expect(afterFinish - driftOnly).toBeLessThan(accepted * 0.35);
  });
});
