// Each device's results carry the instant their evidence stops holding (expires); the grouper reads
// it as each device arrives (ObservationGrouper.addKeys), and a group later states the earliest of its
// members'. Devices whose expiries differ, met one after another, each keep their own instant.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Check } from '../src/catalog/types.js';
import { Spool } from '../src/io/spool.js';
import { ObservationGrouper, type ResultKey } from '../src/oscal/observation-groups.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('expiry instants of the devices in a group', () => {
  it('each device keeps the instant of its own expiry, whichever device came before it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'group-expiry-'));
    dirs.push(dir);
    const checks = [{ id: 'A' }, { id: 'B' }] as unknown as Check[];
    const grouper = new ObservationGrouper(checks, new Spool(join(dir, 'spool')), '2027-01-01T00:00:00Z');
    const key = (ci: number, expires: string | undefined, text?: string): ResultKey => ({ ci, hash: `h${ci}`, provenance: false, ...(text ? { text } : {}), ...(expires ? { expires } : {}) });
    // Three devices in the same two groups: their evidence turns stale on three different days, the second device's check B never.
    const devices = [
      ['2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z'],
      ['2026-12-20T10:00:00Z', undefined],
      ['2026-11-15T00:00:00+01:00', '2026-12-31T23:59:59Z'],
    ] as const;
    const got = devices.map(([a, b], i) => grouper.addKeys([key(0, a, i === 0 ? '[0,null,{}]' : undefined), key(1, b, i === 0 ? '[1,null,{}]' : undefined)]));
    devices.forEach(([a, b], i) => {
      expect(got[i]!.expires).toEqual([a, b]);
      expect(got[i]!.expiresMs![0]).toBe(Date.parse(a));
      if (b === undefined) expect(got[i]!.expiresMs![1]).toBeNaN();
      else expect(got[i]!.expiresMs![1]).toBe(Date.parse(b));
    });
  });
});
