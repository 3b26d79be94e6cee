// The outcome cache (src/evaluate/outcome-cache.ts, used by assess) changes no result: on fleets built from a few
// snapshots with random small changes (a value changed or removed, a key spelled in another case,
// coverage that says a source was partial or names another file, another collection time), every
// device's results with the cache equal its results evaluated alone. The fleets repeat values on
// purpose, so most lookups hit: a key that misses something a check reads would show here.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunConfig } from '../src/assess/config.js';
import { syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import { evaluateDevice } from '../src/evaluate/evaluate-device.js';
import { OutcomeCache } from '../src/evaluate/outcome-cache.js';
import { readSnapshot } from '../src/snapshot/load.js';
import type { Snapshot } from '../src/snapshot/types.js';

type Obj = Record<string, unknown>;
const config = loadRunConfig({});
const checks = config.catalog.checks;
const params = config.params.params;
const clock = { now: '2026-12-20T00:00:00Z' };
const today = '2026-12-20';

const samplesDir = join(import.meta.dirname, '..', 'samples');
const sampleFiles = readdirSync(samplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'attestations')
  .flatMap((d) => readdirSync(join(samplesDir, d.name)).filter((f) => f.endsWith('.json')).map((f) => join(samplesDir, d.name, f)));
const bases: Snapshot[] = [
  ...sampleFiles.map((f) => readSnapshot(readFileSync(f), f).snapshot),
  syntheticSnapshot(0),
  syntheticSnapshot(1),
  syntheticSnapshot(7),
];

/** Every path to a scalar or an empty list/object inside the parts of a snapshot checks read. */
function leaves(v: unknown, path: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v as Obj);
    if (entries.length === 0) out.push(path);
    for (const [k, x] of entries) leaves(x, [...path, k], out);
  } else out.push(path);
  return out;
}
const SECTIONS = ['firewall', 'hardening', 'malware', 'access', 'audit', 'encryption', 'device'];
const leafPaths = bases.map((b) => SECTIONS.flatMap((s) => leaves((b as unknown as Obj)[s], [s])));

const clone = <T>(x: T): T => structuredClone(x);

function parentOf(root: Obj, path: ReadonlyArray<string | number>): { parent: Obj; key: string | number } | undefined {
  let cur: unknown = root;
  for (const k of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Obj)[k as string];
  }
  if (cur === null || typeof cur !== 'object') return undefined;
  return { parent: cur as Obj, key: path[path.length - 1]! };
}

const VALUES: unknown[] = [true, false, 0, 1, 5, 900, 'none', 'enabled', 'TLS', '2026-12-01T00:00:00Z', '2020-01-01T00:00:00Z', null, [], ''];

type Change =
  | { kind: 'set'; leaf: number; value: number }
  | { kind: 'delete'; leaf: number }
  | { kind: 'case'; leaf: number; depth: number }
  | { kind: 'coverage'; variant: number; entry: number }
  | { kind: 'collected'; days: number }
  | { kind: 'id'; n: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), leaf: fc.nat(), value: fc.nat(VALUES.length - 1) }),
  fc.record({ kind: fc.constant('delete' as const), leaf: fc.nat() }),
  fc.record({ kind: fc.constant('case' as const), leaf: fc.nat(), depth: fc.nat(4) }),
  fc.record({ kind: fc.constant('coverage' as const), variant: fc.nat(4), entry: fc.nat() }),
  fc.record({ kind: fc.constant('collected' as const), days: fc.constantFrom(-40, -3, 0, 2) }),
  fc.record({ kind: fc.constant('id' as const), n: fc.nat(3) }),
);

function applyChange(s: Snapshot, base: number, c: Change): void {
  const root = s as unknown as Obj;
  const paths = leafPaths[base]!;
  switch (c.kind) {
    case 'set':
    case 'delete':
    case 'case': {
      const path = paths[c.leaf % paths.length]!;
      // Never a section's own name: a snapshot without `device` is refused before evaluation.
      const at = c.kind === 'case' ? path.slice(0, Math.max(2, path.length - c.depth)) : path;
      const p = parentOf(root, at);
      if (!p) return;
      if (c.kind === 'set') p.parent[p.key as string] = clone(VALUES[c.value]);
      else if (Array.isArray(p.parent)) {
        if (c.kind === 'delete') p.parent.splice(p.key as number, 1);
      } else if (c.kind === 'delete') delete p.parent[p.key as string];
      else if (typeof p.key === 'string' && p.key in p.parent) {
        // Another spelling of the key (registry names, hand-written snapshots): read case-insensitively.
        const other = p.key === p.key.toUpperCase() ? p.key.toLowerCase() : p.key.toUpperCase();
        const v = p.parent[p.key];
        delete p.parent[p.key];
        p.parent[other] = v;
      }
      return;
    }
    case 'coverage': {
      const list = (s.coverage ?? []) as unknown as Obj[];
      const e = list[c.entry % Math.max(1, list.length)];
      if (c.variant === 0) delete (s as Partial<Snapshot>).coverage;
      else if (!e) return;
      else if (c.variant === 1) e.complete = false;
      else if (c.variant === 2) e.source = `${String(e.source)}-other`;
      else if (c.variant === 3) e.note = 'could not be written';
      else e.effective = false;
      return;
    }
    case 'collected':
      s.collectedAt = new Date(Date.parse(s.collectedAt) + c.days * 86_400_000).toISOString().replace('.000Z', 'Z');
      return;
    case 'id':
      s.device = { ...s.device, id: `DEV-${c.n}` };
      return;
  }
}

const device = fc.record({ base: fc.nat(bases.length - 1), changes: fc.array(change, { maxLength: 3 }) });

function fleetOf(specs: ReadonlyArray<{ base: number; changes: Change[] }>): Snapshot[] {
  return specs.map(({ base, changes }) => {
    const s = clone(bases[base]!);
    for (const c of changes) applyChange(s, base, c);
    return s;
  });
}

describe('outcome cache', () => {
  it('changes no result: every device, with the cache, is evaluated as it is alone (fast-check)', () => {
    let hits = 0;
    fc.assert(
      fc.property(fc.array(device, { minLength: 2, maxLength: 12 }), (specs) => {
        const cache = new OutcomeCache();
        for (const s of fleetOf(specs)) {
          const alone = evaluateDevice(s, checks, params, [], today, clock);
          const cached = evaluateDevice(s, checks, params, [], today, clock, cache);
          expect(cached).toEqual(alone);
        }
        hits += cache.stats().hits;
      }),
      { numRuns: 60, seed: 20261203 },
    );
    // Not vacuous: most lookups were served from the cache.
    expect(hits).toBeGreaterThan(1000);
  });

  it('serves a device that reads the same values from the cache, and evaluates one that differs', () => {
    const cache = new OutcomeCache();
    const a = clone(bases[0]!);
    const b = { ...clone(bases[0]!), device: { ...bases[0]!.device, id: 'OTHER-ID' } };
    evaluateDevice(a, checks, params, [], today, clock, cache);
    const first = cache.stats();
    const results = evaluateDevice(b, checks, params, [], today, clock, cache);
    const second = cache.stats();
    expect(second.hits - first.hits).toBeGreaterThan(checks.length / 2);
    // The device's own parts are its own.
    expect(results.every((r) => r.deviceId === 'OTHER-ID')).toBe(true);

    // The lockout threshold changed to 0: ac-7's check is evaluated again, and fails.
    const c = clone(b);
    (c.access as Obj).lockoutPolicy = { ...((c.access as Obj).lockoutPolicy as Obj), local: { ...(((c.access as Obj).lockoutPolicy as Obj).local as Obj), threshold: 0 } };
    const lockout = evaluateDevice(c, checks, params, [], today, clock, cache).find((r) => r.checkId === 'LOCKOUT-THRESHOLD')!;
    expect(lockout.status).toBe('fail');
    expect(lockout.observed).toBe('0');
  });

  it('does not let one device\'s coverage answer for another\'s', () => {
    // The same absent registry value: "not set" where the export covering its key was collected,
    // not collected (naming why) where it was not.
    const registryCheck = checks.find((c) => c.id === 'WINRM-NO-BASIC-AUTH')!;
    const withExport = clone(bases[0]!);
    const reg = (withExport.hardening as Obj).registry as Obj;
    const allowBasic = Object.keys(reg).filter((k) => /\\WinRM\\(Client|Service)\\AllowBasic$/i.test(k));
    expect(allowBasic).toHaveLength(2);
    for (const k of allowBasic) delete reg[k];
    const without = clone(withExport);
    without.coverage = (without.coverage ?? []).filter((e) => e.scope !== 'hardening.registry');
    // Judged the day after collection: current evidence.
    const clock = { now: new Date(Date.parse(withExport.collectedAt) + 86_400_000).toISOString() };
    const today = clock.now.slice(0, 10);
    const cache = new OutcomeCache();
    for (const s of [withExport, without, withExport, without]) {
      const alone = evaluateDevice(s, [registryCheck], params, [], today, clock);
      expect(evaluateDevice(s, [registryCheck], params, [], today, clock, cache)).toEqual(alone);
    }
    const [covered, uncovered] = [withExport, without].map((s) => evaluateDevice(s, [registryCheck], params, [], today, clock, cache)[0]!);
    // Not set where the export of its key was read: the STIG's default (allowed) applies, a fail.
    expect(covered!.status).toBe('fail');
    expect(uncovered!.status).toBe('not-collected');
    expect(uncovered!.reason).toMatch(/no registry export covering/);
  });
});
