// assessDevice decides each check's status without building texts (checkStatus), and evaluates
// fully only the checks that do not pass. Its statuses and details must be exactly those of a full
// evaluation (evaluateDevice, as `assess` runs it), on varied snapshots.
import { describe, expect, it } from 'vitest';
import { syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import { assessDevice, notCollectedReason } from '../src/drift/side.js';
import type { DriftContext } from '../src/drift/types.js';
import { evaluateDevice } from '../src/evaluate/evaluate-device.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { clone, context, DEVICES, ROUND1, ROUND2, sample } from './support/drift.js';

function full(s: Snapshot, ctx: DriftContext, today: string, at?: string) {
  const { provenance: _p, ...lean } = s;
  void _p;
  const results = evaluateDevice(lean as Snapshot, ctx.checks, ctx.params, ctx.deviations, today, at ? { now: at } : undefined);
  const details = new Map<string, unknown>();
  for (const r of results) {
    if (r.status !== 'pass' && r.status !== 'not-applicable') {
      const reason = notCollectedReason(ctx.checks.find((c) => c.id === r.checkId)!, r);
      details.set(r.checkId, { observed: r.observed, expected: r.expected, ...(reason ? { reason } : {}), ...(r.deviation ? { deviation: r.deviation } : {}), ...(r.expiredDeviation ? { expiredDeviation: r.expiredDeviation } : {}) });
    }
  }
  return { statuses: results.map((r) => r.status), details };
}

function same(s: Snapshot, ctx: DriftContext, today: string, at?: string): void {
  const ref = full(s, ctx, today, at);
  const got = assessDevice(s, { file: 'x.json', sha256: 'x' }, ctx, today, undefined, at);
  expect(got.statuses).toEqual(ref.statuses);
  expect(got.details).toEqual(ref.details);
}

describe('assessDevice equals a full evaluation', () => {
  const ctx = context({ deviations: true });
  const snaps: Array<[string, Snapshot]> = [];
  for (const d of DEVICES) for (const r of [ROUND1, ROUND2]) snaps.push([`${d} ${r}`, sample(d, r)]);
  for (const [name, s] of snaps) {
    it(`${name}, deviations valid and expired`, () => {
      same(s, ctx, s.collectedAt.slice(0, 10));
      same(s, ctx, '2031-01-01');
    });
    it(`${name}, judged at a clock: a day later (passes lapse), then with stale evidence`, () => {
      const later = (days: number) => new Date(Date.parse(s.collectedAt) + days * 86_400_000).toISOString();
      same(s, ctx, later(1).slice(0, 10), later(1));
      same(s, ctx, later(45).slice(0, 10), later(45));
    });
  }

  it('the sample snapshots with sections removed, lists emptied and values of the wrong type', () => {
    let varied = 0;
    for (const [, s] of snaps) {
      for (const layer of ['firewall', 'hardening', 'malware', 'access', 'audit', 'encryption'] as const) {
        const gone = clone(s);
        delete (gone as Partial<Snapshot>)[layer];
        same(gone, ctx, '2026-11-02');
        const emptied = clone(s) as unknown as Record<string, Record<string, unknown>>;
        for (const [k, v] of Object.entries(emptied[layer] ?? {})) {
          if (Array.isArray(v)) emptied[layer]![k] = [];
          else if (typeof v === 'boolean') emptied[layer]![k] = String(!v);
          else if (typeof v === 'number') emptied[layer]![k] = null;
        }
        same(emptied as unknown as Snapshot, ctx, '2026-11-02');
        varied += 2;
      }
    }
    expect(varied).toBe(snaps.length * 12);
  });

  it('a last sync written in local time with its zone unknown: fails, passes or is not collected as the full evaluation says', () => {
    // MR-01 collected 2026-11-02T09:21:00Z; a local time L is an instant between L-14h and L+12h.
    const base = sample('MR-01', ROUND2);
    const timeSync = (s: Snapshot) => s.audit!.timeSync!;
    expect(timeSync(base).lastSuccessfulSyncAt).toBeDefined();
    const cases: Array<[string, string]> = [['2026-06-02T08:25:56', 'fail'], ['2026-11-02T08:38:00', 'pass'], ['2026-11-01T18:00:00', 'not-collected']];
    for (const [at, want] of cases) {
      const s = clone(base);
      timeSync(s).lastSuccessfulSyncAt = at;
      same(s, ctx, '2026-11-02', '2026-11-02T12:00:00Z');
      const got = assessDevice(s, { file: 'x.json', sha256: 'x' }, ctx, '2026-11-02', undefined, '2026-11-02T12:00:00Z');
      expect(got.statuses[ctx.checks.findIndex((c) => c.id === 'TIME-SYNC')], at).toBe(want);
    }
  });

  it('200 synthetic devices (the benchmark fleet), some with failing checks', () => {
    let nonPass = 0;
    for (let i = 0; i < 200; i++) {
      const s = syntheticSnapshot(i);
      same(s, ctx, '2027-06-01');
      nonPass += assessDevice(s, { file: 'x', sha256: 'x' }, ctx, '2027-06-01').details.size;
    }
    expect(nonPass).toBeGreaterThan(0); // the fleet exercises the full evaluation too
  });
});
