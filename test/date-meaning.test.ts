// Dates that can mislead: a date compared by what it means, not by how it is written, and dates
// a Windows export writes in a form that does not say which day it is, or that it is no day at all.
import { describe, expect, it } from 'vitest';
import { diffSettings, quietFields } from '../src/drift/settings.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { clone, context, ROUND2, sample } from './support/drift.js';

const ctx = context();
const base = sample('MR-01', ROUND2);

function withSettings(set: (s: Snapshot) => void): Snapshot {
  const s = clone(base);
  set(s);
  return s;
}

describe('diff: one date written two ways is no change', () => {
  const release = (v: string) => withSettings((s) => { s.hardening!.updates!.vendorSoftware!.latestReleasedOn = v; });
  const sync = (v: string) => withSettings((s) => { s.audit!.timeSync!.lastSuccessfulSyncAt = v; });

  it('a release day and that day at midnight UTC (the form days were once written in) are the same release', () => {
    for (const instant of ['2026-06-30T00:00:00Z', '2026-06-30T00:00:00.000Z', '2026-06-30T00:00:00+00:00']) {
      for (const [a, b] of [[release('2026-06-30'), release(instant)], [release(instant), release('2026-06-30')]] as const) {
        const changes = diffSettings(a, b, ctx);
        expect(changes.filter((c) => c.field.endsWith('latestReleasedOn'))).toEqual([]);
        // Still judged again: its check's text quotes the date as written.
        expect(quietFields(changes)).toContain('hardening.updates.vendorSoftware.latestReleasedOn');
      }
    }
  });

  it('one instant written at two offsets is the same time', () => {
    const changes = diffSettings(sync('2026-11-02T08:33:00Z'), sync('2026-11-02T09:33:00.0000000+01:00'), ctx);
    expect(changes.filter((c) => c.field.endsWith('lastSuccessfulSyncAt'))).toEqual([]);
  });

  it('another day, another time of the day, or another instant is still a change', () => {
    for (const [a, b] of [
      [release('2026-06-30'), release('2026-07-01T00:00:00Z')],
      [release('2026-06-30'), release('2026-06-30T12:00:00Z')],
      [release('2026-06-30'), release('2026-06-29T00:00:00Z')],
      [sync('2026-11-02T08:33:00Z'), sync('2026-11-02T08:33:00+01:00')],
    ] as const) {
      expect(diffSettings(a, b, ctx).filter((c) => /latestReleasedOn|lastSuccessfulSyncAt/.test(c.field)).map((c) => c.kind)).toEqual(['changed']);
    }
  });
});
