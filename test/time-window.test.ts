// The collection window is by instant, not text order: a snapshot collected at "09:00+05:00" was
// collected before one at "06:00Z", and the assessment results must start at it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import { timeWindow } from '../src/io/dates.js';

const dir = mkdtempSync(join(tmpdir(), 'ato-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('timeWindow', () => {
  it('orders by instant across offsets and fractions of a second', () => {
    // 04:00Z, 06:00Z, 09:14:00Z, 09:14:00.5Z: text order would put 06:00Z first and 09:14:00Z last.
    expect(timeWindow(['2026-11-02T06:00:00Z', '2026-11-02T09:14:00.5Z', '2026-11-02T09:00:00+05:00', '2026-11-02T09:14:00Z']))
      .toEqual({ first: '2026-11-02T09:00:00+05:00', last: '2026-11-02T09:14:00.5Z' });
  });
  it('gives the same answer whatever the order, for two texts of one instant', () => {
    const a = ['2026-11-02T06:00:00Z', '2026-11-02T07:00:00+01:00'];
    expect(timeWindow(a)).toEqual(timeWindow([...a].reverse()));
    expect(timeWindow(a)).toEqual({ first: '2026-11-02T06:00:00Z', last: '2026-11-02T07:00:00+01:00' });
    expect(timeWindow([])).toBeUndefined();
  });
});

describe('the assessment results of devices collected in two time zones', () => {
  it('start at the earliest collection by instant', async () => {
    mkdirSync(join(dir, 'in'));
    const times = ['2026-11-02T06:00:00Z', '2026-11-02T09:00:00+05:00'];
    times.forEach((t, i) => writeFileSync(join(dir, 'in', `${i}.json`), JSON.stringify({ ...syntheticSnapshot(i), collectedAt: t })));
    await runAssess({ inputs: [join(dir, 'in')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: '2026-11-28T00:00:00Z', toolVersion: 'test', pdf: false });
    const ar = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'));
    expect(ar['assessment-results'].results[0].start).toBe('2026-11-02T09:00:00+05:00');
  });
});

describe('one device collected three times, in two time zones', () => {
  it('is assessed at its latest collection, the others listed oldest first, by instant', async () => {
    mkdirSync(join(dir, 'three'));
    // Instants 04:00Z, 05:00Z, 06:00Z; text order would list 05:00Z before 09:00+05:00.
    const times = ['2026-11-02T06:00:00Z', '2026-11-02T09:00:00+05:00', '2026-11-02T05:00:00Z'];
    times.forEach((t, i) => writeFileSync(join(dir, 'three', `${i}.json`), JSON.stringify({ ...syntheticSnapshot(1), collectedAt: t })));
    const outcome = await runAssess({ inputs: [join(dir, 'three')], out: join(dir, 'pkg3'), force: false, baseline: 'moderate', now: '2026-11-28T00:00:00Z', toolVersion: 'test', pdf: false });
    expect(outcome.devices.map((d) => [d.collectedAt, d.superseded.map((s) => s.collectedAt)])).toEqual([
      ['2026-11-02T06:00:00Z', ['2026-11-02T09:00:00+05:00', '2026-11-02T05:00:00Z']],
    ]);
  });
});
