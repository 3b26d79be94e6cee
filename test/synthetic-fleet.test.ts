import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { syntheticDeviceId, syntheticFleet, syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import type { Snapshot } from '../src/snapshot/types.js';

const schema = JSON.parse(readFileSync(new URL('../schema/snapshot-v1.schema.json', import.meta.url), 'utf8')) as object;

/** Strict Ajv, compiled inside the tests that need it so a schema problem fails only those tests. */
function compileSnapshotSchema(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('synthetic fleet', () => {
  it('generates 50 snapshots that validate against schema/snapshot-v1.schema.json', () => {
    const validate = compileSnapshotSchema();
    for (const snapshot of syntheticFleet(50)) {
      const ok = validate(snapshot);
      expect(ok ? [] : validate.errors, snapshot.device.id).toEqual([]);
    }
  });

  it('is deterministic: same index and seed give deep-equal snapshots', () => {
    for (const index of [0, 1, 2, 17, 999, 123456]) {
      expect(syntheticSnapshot(index)).toEqual(syntheticSnapshot(index));
      expect(syntheticSnapshot(index, 42)).toEqual(syntheticSnapshot(index, 42));
    }
    // The fleet iterator yields exactly what random access gives.
    const viaFleet = [...syntheticFleet(5, 7)];
    expect(viaFleet).toEqual([1, 2, 3, 4, 5].map((i) => syntheticSnapshot(i, 7)));
  });

  it('gives every index its own id and every seed its own values', () => {
    expect(syntheticSnapshot(1).device.id).toBe('SYN-000001');
    expect(syntheticSnapshot(2).device.id).not.toBe(syntheticSnapshot(1).device.id);
    expect(syntheticDeviceId(1234567)).toBe('SYN-1234567');
    const ids = [...syntheticFleet(300)].map((s) => s.device.id);
    expect(new Set(ids).size).toBe(300);
    expect(ids[0]).toBe('SYN-000001');
    expect(ids[299]).toBe('SYN-000300');
    // Another seed: same ids, different content.
    const a = syntheticSnapshot(3, 1);
    const b = syntheticSnapshot(3, 2);
    expect(b.device.id).toBe(a.device.id);
    expect(b).not.toEqual(a);
  });

  it('does not mutate shared state between calls', () => {
    const first = JSON.stringify(syntheticSnapshot(10));
    const mutated = syntheticSnapshot(10);
    mutated.access?.accounts?.push({ name: 'intruder', enabled: true });
    expect(JSON.stringify(syntheticSnapshot(10))).toBe(first);
  });

  it('is not uniform: a realistic mix of passing and failing values', () => {
    const fleet: Snapshot[] = [...syntheticFleet(200)];
    const values = <T>(pick: (s: Snapshot) => T): Set<T> => new Set(fleet.map(pick));

    const thresholds = values((s) => s.access?.lockoutPolicy?.local?.threshold);
    expect(thresholds.has(0)).toBe(true);
    expect(thresholds.has(3)).toBe(true);

    const maxAges = values((s) => s.access?.passwordPolicy?.local?.maxAgeDays);
    expect(maxAges.has(-1)).toBe(true);
    expect(maxAges.has(0)).toBe(true);
    expect(maxAges.has(60)).toBe(true);

    const durations = values((s) => s.access?.lockoutPolicy?.local?.durationMinutes);
    expect(durations.has(-1)).toBe(true);
    expect(durations.has(15)).toBe(true);

    const modes = values((s) => s.malware?.allowlisting?.collections?.[0]?.enforcementMode);
    expect(modes.has('enabled')).toBe(true);
    expect(modes.has('audit-only')).toBe(true);

    const osNames = values((s) => s.device.os?.name);
    expect(osNames.has('Windows 7 Professional')).toBe(true);
    expect(osNames.size).toBeGreaterThanOrEqual(4);

    expect(fleet.some((s) => s.access?.screenLock?.inactivityTimeoutSecs === 0)).toBe(true);
    expect(fleet.some((s) => s.audit?.timeSync?.source === 'Local CMOS Clock')).toBe(true);
    expect(fleet.some((s) => s.encryption?.dicom?.applicationEntities?.some((ae) => ae.role === 'remote' && ae.tls === 'none'))).toBe(true);
    expect(fleet.some((s) => s.encryption?.volumes?.some((v) => v.protectionStatus === 'off'))).toBe(true);
    expect(fleet.some((s) => s.firewall?.rules?.some((r) => r.enabled && r.direction === 'inbound' && r.action === 'allow' && r.localPorts?.includes('3389')))).toBe(true);

    // Signature ages measured from collectedAt: both fresh (<= 7 days) and stale ones occur.
    const ages = fleet.map((s) => (Date.parse(s.collectedAt) - Date.parse(s.malware?.antimalware?.signatureUpdatedAt ?? '')) / 86_400_000);
    expect(ages.every((d) => Number.isFinite(d) && d > 0)).toBe(true);
    expect(ages.some((d) => d <= 7)).toBe(true);
    expect(ages.some((d) => d > 7)).toBe(true);

    // Mostly compliant, not mostly broken: most consoles lock after 1..3 bad attempts.
    const compliantLockout = fleet.filter((s) => {
      const t = s.access?.lockoutPolicy?.local?.threshold ?? 0;
      return t >= 1 && t <= 3;
    }).length;
    expect(compliantLockout).toBeGreaterThan(fleet.length / 2);
    expect(compliantLockout).toBeLessThan(fleet.length);
  });

  it('produces snapshots about the size of a sample', () => {
    for (const snapshot of syntheticFleet(20)) {
      const size = JSON.stringify(snapshot).length;
      expect(size).toBeGreaterThan(10_000);
      expect(size).toBeLessThan(30_000);
    }
  });

  it('keeps every timestamp at or before collectedAt where the schema means "already happened"', () => {
    for (const s of syntheticFleet(100)) {
      const at = Date.parse(s.collectedAt);
      for (const a of s.access?.accounts ?? []) if (a.lastLogon) expect(Date.parse(a.lastLogon)).toBeLessThanOrEqual(at);
      expect(Date.parse(s.audit?.timeSync?.lastSuccessfulSyncAt ?? s.collectedAt)).toBeLessThanOrEqual(at);
      expect(Date.parse(s.hardening?.updates?.vendorSoftware?.installedOn ?? s.collectedAt)).toBeLessThanOrEqual(at);
    }
  });

  it('rejects invalid arguments', () => {
    expect(() => syntheticSnapshot(-1)).toThrow(RangeError);
    expect(() => syntheticSnapshot(1.5)).toThrow(RangeError);
    expect(() => [...syntheticFleet(-2)]).toThrow(RangeError);
  });
});
