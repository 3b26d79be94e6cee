// The snapshot validator's date-time format decides the common form itself (src/snapshot/load.ts
// isDateTime): it must accept exactly what both io/dates.ts isCalendarDateTime (the one rule
// instantMs reads by) and ajv-formats' full date-time format accept.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isCalendarDateTime } from '../src/io/dates.js';
import { isDateTime } from '../src/snapshot/load.js';

const require = createRequire(import.meta.url);
const reference = (require('ajv-formats/dist/formats.js') as { fullFormats: Record<string, { validate: (s: string) => boolean }> }).fullFormats['date-time']!.validate;

describe('isDateTime agrees with isCalendarDateTime and ajv-formats', () => {
  it('on valid, invalid and edge-case strings', () => {
    const cases = [
      '2026-11-02T09:14:00Z', '2024-02-29T23:59:59Z', '2023-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '2000-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-04-31T00:00:00Z', '2026-04-30T24:00:00Z', '2026-04-30T23:60:00Z',
      '2026-04-30T23:59:60Z', '2026-12-31T23:59:60Z', '2026-11-02t09:14:00z', '2026-11-02 09:14:00Z', '2026-11-02T09:14:00',
      '2026-11-02T09:14:00.123Z', '2026-11-02T09:14:00+01:00', '2026-11-02T09:14:0aZ', '2026-1a-02T09:14:00Z', '20261102T091400Z',
      '2026-11-02T09:14:00Y', '2026-11-02X09:14:00Z', '2026/11/02T09:14:00Z', '+026-11-02T09:14:00Z', '', 'Z',
    ];
    for (const s of cases) {
      expect(isDateTime(s), s).toBe(isCalendarDateTime(s) && reference(s));
    }
    // ajv-formats' looser forms, which Date.parse read in its own way: refused.
    for (const s of ['2026-11-02 09:14:00Z', '2026-11-02T09:14:00+0100']) expect([s, reference(s), isDateTime(s)]).toEqual([s, true, false]);
  });

  it('on 20,000 random strings of the common form, valid or nearly', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const pad = (v: number, w: number) => String(v).padStart(w, '0');
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const s = `${pad(rnd(10000), 4)}-${pad(rnd(14), 2)}-${pad(rnd(33), 2)}T${pad(rnd(26), 2)}:${pad(rnd(62), 2)}:${pad(rnd(62), 2)}Z`;
      const want = isCalendarDateTime(s) && reference(s);
      expect(isDateTime(s), s).toBe(want);
      if (want) accepted++;
    }
    expect(accepted).toBeGreaterThan(5000); // both outcomes are exercised
    expect(accepted).toBeLessThan(20_000);
  });
});
