// The previous run's check results, read back line by line when each device is compared
// (src/monitor/run.ts indexResults): every device's line is found by its id, whatever the id holds.
import { describe, expect, it } from 'vitest';
import type { DriftDevice } from '../src/drift/index.js';
import { UserError } from '../src/io/errors.js';
import { indexResults, resultsLine } from '../src/monitor/run.js';

const device = (id: string, statuses: DriftDevice['statuses'], details: Array<[string, { observed: string; expected: string }]>, stale = false): DriftDevice => ({
  id, snapshot: {} as DriftDevice['snapshot'], collectedAt: '2026-11-02T10:00:00Z', file: 'x.json', sha256: 'x', statuses, details: new Map(details), ...(stale ? { stale: true as const } : {}),
});
const bad = () => new UserError('results not JSON lines');

describe('indexResults', () => {
  // Ids that look like the separator the index reads the id up to, or hold escapes.
  const devices = [
    device('MR-01', ['pass', 'fail'], [['B', { observed: '0', expected: '= 1' }]]),
    device('evil","s":"pf', ['fail', 'pass'], [['A', { observed: 'x,"s":"y', expected: '= 1' }]]),
    device('back\\slash\\', ['not-collected', 'deviation'], [], true),
    device('ünï "quoted"\n', ['not-applicable', 'pass'], []),
  ];
  const bytes = Buffer.from(devices.map((d) => resultsLine(d) + '\n').join(''));

  it('finds each device by its id and gives back its statuses, details and staleness', () => {
    const ix = indexResults(bytes, bad);
    for (const d of devices) {
      expect(ix.get(d.id)).toEqual({ statuses: d.statuses, details: d.details, ...(d.stale ? { stale: true } : {}) });
    }
    expect(ix.get('evil')).toBeUndefined();
    expect(ix.get('MR-02')).toBeUndefined();
  });

  it('a device listed twice: the last line counts', () => {
    const later = device('MR-01', ['fail', 'fail'], [['A', { observed: '1', expected: '= 0' }]]);
    const ix = indexResults(Buffer.concat([bytes, Buffer.from(resultsLine(later) + '\n')]), bad);
    expect(ix.get('MR-01')?.statuses).toEqual(['fail', 'fail']);
  });

  it('a line whose keys come in another order is still found by its id', () => {
    const ix = indexResults(Buffer.from('{"id":"A","d":[["X",{"observed":"1","expected":"= 0"}]],"s":"fp"}\n{"s":"n","id":"B","d":[]}\n'), bad);
    expect(ix.get('A')).toEqual({ statuses: ['fail', 'pass'], details: new Map([['X', { observed: '1', expected: '= 0' }]]) });
    expect(ix.get('B')).toEqual({ statuses: ['not-applicable'], details: new Map() });
  });

  it('a line that is not JSON is refused with the caller\'s error', () => {
    expect(() => indexResults(Buffer.from('{"id":"A","s":"p","d":[]}\nnot json\n'), bad)).toThrow('results not JSON lines');
    const ix = indexResults(Buffer.from('{"id":"A","s":"p","d":[}\n'), bad);
    expect(() => ix.get('A')).toThrow('results not JSON lines');
  });
});
