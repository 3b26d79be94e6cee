// A test's description (its expected text) is made once per run and parameter set; the parameters
// it states count as used by every result that shows it, not only by the device evaluated first.
// Before, a device whose list was absent (so only the description stated the parameter) listed it
// only if it happened to be the first of its thread: results depended on evaluation order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunConfig } from '../src/assess/config.js';
import { evaluateDevice } from '../src/evaluate/evaluate-device.js';
import { readSnapshot } from '../src/snapshot/load.js';

type Obj = Record<string, unknown>;
const sample = join(import.meta.dirname, '..', 'samples', 'CT-01', 'CT-01_2026-11-02.json');
const base = readSnapshot(readFileSync(sample), sample).snapshot;
// Judged the day after collection: current evidence.
const clock = { now: '2026-11-03T00:00:00Z' };
const today = '2026-11-03';

describe('parameters a result lists', () => {
  it('do not depend on which device was evaluated first', () => {
    const config = loadRunConfig({});
    const check = config.catalog.checks.find((c) => c.id === 'AUDIT-LOG-PERMISSIONS')!;
    const withLogs = structuredClone(base);
    const withoutLogs = structuredClone(base);
    expect((withoutLogs.audit as Obj).logFiles).toBeDefined();
    delete (withoutLogs.audit as Obj).logFiles;
    // A fresh parameter set each time: descriptions are made once per parameter set.
    const fresh = () => loadRunConfig({}).params.params;
    const shared = fresh();
    const first = evaluateDevice(withLogs, [check], shared, [], today, clock)[0]!;
    const second = evaluateDevice(withoutLogs, [check], shared, [], today, clock)[0]!;
    const alone = evaluateDevice(withoutLogs, [check], fresh(), [], today, clock)[0]!;
    expect(first.params.map((p) => p.id)).toContain('audit-log-file-principals');
    expect(second.status).toBe('not-collected');
    // The expected text names the principals allowed: the parameter is listed, first or not.
    expect(second.expected).toContain('NT SERVICE\\EventLog');
    expect(second.params.map((p) => p.id)).toContain('audit-log-file-principals');
    expect(second.params).toEqual(alone.params);
  });
});
