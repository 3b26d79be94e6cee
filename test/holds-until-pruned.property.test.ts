// holdsUntil (when a pass lapses as the clock moves on: passLapse, atClock, drift's due list) walks
// only the parts of a test a clock rule can reach (clockReach in src/evaluate/test-eval.ts): a part
// without one keeps its status for ever, and a list without one holds for ever when it passes. The
// full walk (`prune` false, every part's status evaluated again) is the reference: on any test and
// any values, both give the same lapse, to the rule and the zone-unknown latest instant, and both
// see no lapse at all alike (an infinite bound is "never", whatever else it carries).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Test } from '../src/catalog/types.js';
import { holdsUntil, statusOf, type Bound, type EvalContext, type TestStatus } from '../src/evaluate/test-eval.js';

const COLLECTED = Date.parse('2026-11-02T18:00:00Z');

function context(): EvalContext {
  return { collectedAtMs: COLLECTED, param: (id) => ({ id, value: null, source: 'test' }), used: new Map() };
}

// Dates on both sides of every bound the rules below draw (and a console-local time, zone unknown).
const date = fc.constantFrom('2026-09-01T00:00:00Z', '2026-10-30T00:00:00Z', '2026-11-02T10:00:00Z', '2026-11-20T00:00:00Z', '2027-02-01T00:00:00Z', '2026-11-02T17:00:00', '2026-10-20T08:00:00', 'not a date', null);
const word = fc.constantFrom('19044', '19045', '22621', 'tls', 'none', '');
const num = fc.integer({ min: 0, max: 6 });

const CLOCK: ReadonlyArray<[Test['operator'], fc.Arbitrary<unknown>]> = [
  ['max-age-days', fc.integer({ min: 1, max: 90 })],
  ['max-age-hours', fc.integer({ min: 1, max: 72 })],
  ['min-remaining-days', fc.integer({ min: 1, max: 60 })],
  ['older-than-days', fc.integer({ min: 1, max: 90 })],
];
const clockTest: fc.Arbitrary<Test> = fc.oneof(
  fc.constantFrom(...CLOCK).chain(([operator, e]) => e.map((expected) => ({ operator, field: 'd', expected }) as Test)),
  fc.constantFrom(['19044 until 2027-01-12', '19045 until 2026-11-20'], ['19044 until 2026-11-01', '22621 until 2026-11-05']).map((expected) => ({ operator: 'listed-until', field: 's', expected }) as Test),
);
const plainTest: fc.Arbitrary<Test> = fc.oneof(
  word.map((expected) => ({ operator: 'equals', field: 's', expected }) as Test),
  fc.constantFrom('^190', '^tls$').map((expected) => ({ operator: 'matches', field: 's', expected }) as Test),
  num.map((expected) => ({ operator: 'at-least', field: 'n', expected }) as Test),
  fc.constant({ operator: 'not-empty', field: 's' } as Test),
);
const withAbsence = (t: fc.Arbitrary<Test>): fc.Arbitrary<Test> =>
  fc.tuple(t, fc.constantFrom(undefined, 'pass', 'fail', 'not-applicable')).map(([x, ifAbsent]) => (ifAbsent ? { ...x, ifAbsent } as Test : x));

/** Tests of any shape: combinations and lists (nested once), with and without clock rules. */
const { tree } = fc.letrec<{ tree: Test; leaf: Test; list: Test }>((tie) => ({
  leaf: withAbsence(fc.oneof({ weight: 2, arbitrary: plainTest }, { weight: 1, arbitrary: clockTest })),
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.record({ operator: fc.constantFrom('all-of', 'any-of') as fc.Arbitrary<Test['operator']>, tests: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }) as fc.Arbitrary<Test>,
    tie('list'),
  ),
  list: fc
    .record({
      operator: fc.constantFrom('every', 'none', 'some') as fc.Arbitrary<Test['operator']>,
      where: fc.array(tie('leaf'), { maxLength: 1 }),
      tests: fc.array(tie('tree'), { minLength: 1, maxLength: 2 }),
      ifEmpty: fc.constantFrom(undefined, 'pass', 'fail', 'not-applicable'),
    })
    .map(({ ifEmpty, where, ...t }) => ({ ...t, field: 'list', ...(where.length ? { where } : {}), ...(ifEmpty ? { ifEmpty } : {}) }) as Test),
}));

const flat = fc.record({ d: date, s: word, n: num }, { requiredKeys: [] });
const item = fc.tuple(flat, fc.array(flat, { maxLength: 2 })).map(([f, list]) => ({ ...f, list }));
const root = fc.tuple(flat, fc.array(item, { maxLength: 3 })).map(([f, list]) => ({ ...f, list }));

/** A bound as passLapse and atClock read it: the lapse when finite, else never. */
function seen(b: Bound): Bound | 'never' {
  return Number.isFinite(b.ms) ? b : 'never';
}

describe('holdsUntil walks only what a clock rule reaches, and finds the lapse the full walk finds', () => {
  it('on random tests and values, for the status at collection and for every status a caller may pass', () => {
    fc.assert(
      fc.property(tree, root, (test, r) => {
        const statuses: TestStatus[] = [statusOf(test, r, context()), 'pass', 'fail', 'not-collected', 'not-applicable'];
        for (const s of statuses) {
          const full = seen(holdsUntil(test, r, context(), s, false));
          expect(seen(holdsUntil(test, r, context(), s)), s).toEqual(full);
        }
        expect(seen(holdsUntil(test, r, context()))).toEqual(seen(holdsUntil(test, r, context(), undefined, false)));
      }),
      { numRuns: 3000 },
    );
  });

  it('a list no clock rule reaches lapses at collection when it does not pass, as the full walk says, and never when it passes', () => {
    const every: Test = { operator: 'every', field: 'list', tests: [{ operator: 'equals', field: 's', expected: 'tls' }] };
    const failing = { list: [{ s: 'none' }] };
    expect(statusOf(every, failing, context())).toBe('fail');
    expect(holdsUntil(every, failing, context(), 'fail')).toEqual({ ms: COLLECTED });
    expect(holdsUntil(every, failing, context(), 'fail', false)).toEqual({ ms: COLLECTED });
    expect(seen(holdsUntil(every, { list: [{ s: 'tls' }] }, context(), 'pass'))).toBe('never');
  });

  it('a certificate list whose key-size part has no clock rule still lapses with its remaining-days rule', () => {
    const test: Test = {
      operator: 'all-of',
      tests: [
        { operator: 'every', field: 'list', tests: [{ operator: 'min-remaining-days', field: 'd', expected: 30 }, { operator: 'any-of', tests: [{ operator: 'equals', field: 's', expected: 'tls' }, { operator: 'at-least', field: 'n', expected: 2 }] }] },
        { operator: 'none', field: 'list', tests: [{ operator: 'equals', field: 's', expected: 'none' }] },
      ],
    };
    const r = { list: [{ d: '2027-02-01T00:00:00Z', s: 'tls', n: 1 }, { d: '2026-12-20T00:00:00Z', s: 'x', n: 4 }] };
    expect(statusOf(test, r, context())).toBe('pass');
    const b = holdsUntil(test, r, context(), 'pass');
    // 30 days before the earlier certificate's end
    expect(b.ms).toBe(Date.parse('2026-12-20T00:00:00Z') - 30 * 86_400_000);
    expect(b).toEqual(holdsUntil(test, r, context(), 'pass', false));
  });
});
