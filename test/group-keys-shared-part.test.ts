// A grouped observation's key (src/oscal/observation-groups.ts, docs/scale.md "What a group is") is
// the observation a device would get on its own minus its per-device fields. Two shortcuts make it
// cheaper (perf29), and both are checked here against the exact path:
// - the shared part is built directly (observations.ts observationShared), not built whole and cut
//   down: it must be exactly what `observation` writes outside its per-device fields, member order
//   included (the key is the text's SHA-256);
// - GroupKeyer compares a result only with results of its bucket (check, observed text) and does
//   not compare the observed text again: a keyer that has met other results must give each result
//   the key a fresh keyer (which builds and hashes the text) gives it, for results that differ from
//   one met before in any one field, the observed text included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import type { CheckResult } from '../src/evaluate/evaluate-check.js';
import { evaluateDevice } from '../src/evaluate/evaluate-device.js';
import { PlainWording } from '../src/evaluate/plain-wording.js';
import type { AssessedDevice } from '../src/assess/model.js';
import { automatedActors } from '../src/oscal/assessors.js';
import { GroupKeyer } from '../src/oscal/observation-groups.js';
import { observation, observationShared } from '../src/oscal/observations.js';
import { RunIds } from '../src/oscal/run-ids.js';
import { resolveParameters } from '../src/params/resolve.js';

const catalog = loadCatalog();
const checks = catalog.checks;
const params = resolveParameters(catalog.parameters, [], []).params;
const ids = new RunIds('test-run', checks.map((c) => c.id));
const actors = automatedActors(ids, undefined);
const plain = new PlainWording(params.values());
/** What docs/scale.md names as an observation's per-device fields. */
const PER_DEVICE = ['uuid', 'title', 'subjects', 'relevant-evidence', 'collected', 'expires'];

function assessed(index: number, now: string): { device: AssessedDevice; results: CheckResult[] } {
  const s = syntheticSnapshot(index);
  const device = { id: s.device.id, device: s.device, collectedAt: s.collectedAt, sourceFile: `${index}.json`, sourceSha256: 'a'.repeat(64), evidenceHref: `e/${index}.json`, evidenceSha256: 'a'.repeat(64), redacted: false, superseded: [] } as AssessedDevice;
  return { device, results: evaluateDevice(s, checks, params, [], now, { now }) };
}

// Before the fleet's snapshots (all current) and a year on (stale evidence, lapsed passes).
const clock = fc.constantFrom('2026-11-28T00:00:00Z', '2027-11-28T00:00:00Z');

/** A result changed in one field a group's text states: it is another group's (or its own) result. */
type Change = (r: CheckResult) => CheckResult;
const CHANGES: Record<string, Change> = {
  'observed text': (r) => ({ ...r, observed: `${r.observed} (changed)` }),
  status: (r) => ({ ...r, status: r.status === 'pass' ? 'fail' : 'pass' }),
  'expected text': (r) => ({ ...r, expected: `${r.expected} (changed)` }),
  'a pointer read': (r) => ({ ...r, pointers: [...r.pointers.slice(0, -1), '/changed/0'] }),
  'the reason': (r) => ({ ...r, reason: `${r.reason ?? ''} changed` }),
  nothing: (r) => ({ ...r }),
};

describe('group keys: the shared part and the buckets', () => {
  it('the shared part is the observation without its per-device fields, member for member', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), clock, (index, now) => {
        const { device, results } = assessed(index, now);
        results.forEach((r, i) => {
          const whole = observation(r, checks[i]!, device, ids, actors, plain);
          const cut = Object.fromEntries(Object.entries(whole).filter(([k]) => !PER_DEVICE.includes(k)));
          expect(JSON.stringify(observationShared(r, checks[i]!, device, actors, plain)), checks[i]!.id).toBe(JSON.stringify(cut));
        });
      }),
      { numRuns: 12 },
    );
  });

  it('a keyer that met other results gives each result the key a fresh keyer gives it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 2, maxLength: 5 }), fc.constantFrom(...Object.keys(CHANGES)), clock, (indexes, change, now) => {
        const keyer = new GroupKeyer(checks, actors, plain);
        for (const index of indexes) {
          const { device, results } = assessed(index, now);
          // The device as evaluated, then the same results changed in one field, each keyed after the first met them.
          for (const variant of [results, results.map(CHANGES[change]!)]) {
            const keys = keyer.keys(variant, device);
            const fresh = new GroupKeyer(checks, actors, plain).keys(variant, device);
            expect(keys.map((k) => [k.hash, k.variant])).toEqual(fresh.map((k) => [k.hash, k.variant]));
          }
        }
      }),
      { numRuns: 20 },
    );
  });
});
