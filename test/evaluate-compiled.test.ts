// The status-only path (statusOf: what list items, diff and monitor are judged by) compiles a
// scalar test against a constant once, and a `where` of one such test, instead of re-reading the
// test for every item. It must decide exactly as the full evaluation (evaluateTest, which builds
// the texts and never takes the compiled path) on any value, of any type, in any case.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { internTest } from '../src/catalog/interned.js';
import { SCALAR_OPERATORS, type Test } from '../src/catalog/types.js';
import { evaluateTest, statusOf, type EvalContext } from '../src/evaluate/test-eval.js';

const COLLECTED = Date.parse('2026-11-02T18:00:00Z');

function context(): EvalContext {
  return {
    collectedAtMs: COLLECTED,
    param: (id) => ({ id, value: null, source: 'test' }),
    used: new Map(),
  };
}

// Values a console's export holds: texts in either case, numbers, dates, lists, null, booleans.
const word = fc.constantFrom('Public', 'public', 'PUBLIC', 'Domain', '0cce923f-69ae-11d9-bed3-505054503030', '0CCE923F-69AE-11D9-BED3-505054503030', '10.0.19044', '19044', '19044 until 2027-01-12', '', ' 19044 ');
// Dates without a zone too (console local time, zone unknown): decided only where every zone agrees.
const date = fc.constantFrom('2026-10-01T00:00:00Z', '2026-11-02T17:00:00Z', '2027-03-01T00:00:00Z', 'not a date', '2026-11-02T17:00:00', '2026-11-01T20:00:00', '2026-11-03T20:00:00');
const scalar = fc.oneof(word, date, fc.integer({ min: -2, max: 20 }), fc.boolean(), fc.constant(null));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.constant(undefined));
/** Values close to the expected one (the same text in another case, the same number as text, a list of it): where a comparison is decided. */
function near(expected: unknown): fc.Arbitrary<unknown> {
  const close = (x: unknown): unknown[] =>
    typeof x === 'string' ? [x, x.toUpperCase(), x.toLowerCase(), ` ${x}`] : typeof x === 'number' ? [x, x - 1, x + 1, String(x)] : [x];
  const all = (Array.isArray(expected) ? expected : [expected]).flatMap(close);
  return all.length ? fc.oneof(fc.constantFrom(...all), fc.array(fc.constantFrom(...all), { minLength: 1, maxLength: 2 })) : value;
}

const expectedFor = (op: string): fc.Arbitrary<unknown> => {
  switch (op) {
    case 'between': return fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 20 }));
    case 'matches':
    case 'not-matches': return fc.constantFrom('^public$', 'PUB', '0cce923f-69ae-11d9-bed3-505054503030', '\\bIoT\\b', '^$');
    case 'max-age-days':
    case 'max-age-hours':
    case 'min-remaining-days':
    case 'older-than-days': return fc.integer({ min: 0, max: 60 });
    case 'version-at-least': return fc.constantFrom('10.0.19044', '10', '19044');
    default: return fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
  }
};

const scalarTest: fc.Arbitrary<Test> = fc
  .constantFrom(...SCALAR_OPERATORS)
  .chain((operator) => fc.record({ expected: expectedFor(operator), ifAbsent: fc.constantFrom(undefined, 'pass', 'fail', 'not-applicable') as fc.Arbitrary<Test['ifAbsent']> })
    .map(({ expected, ifAbsent }) => ({ operator, field: 'v', expected, ...(ifAbsent ? { ifAbsent } : {}) }) as Test));

describe('the compiled status path decides as the full evaluation', () => {
  for (const operator of SCALAR_OPERATORS) {
    it(`${operator} against a constant, on any value`, () => {
      const test = fc.record({ expected: expectedFor(operator), ifAbsent: fc.constantFrom(undefined, 'pass', 'fail', 'not-applicable') as fc.Arbitrary<Test['ifAbsent']> });
      fc.assert(
        fc.property(test.chain((t) => fc.tuple(fc.constant(t), fc.oneof(value, near(t.expected)))), ([{ expected, ifAbsent }, v]) => {
          const t: Test = { operator, field: 'v', expected, ...(ifAbsent ? { ifAbsent } : {}) };
          const item = v === undefined ? {} : { v };
          expect(statusOf(t, item, context())).toBe(evaluateTest(t, item, context()).status);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('a list selected by a where of one constant test, judged by every / none / some', () => {
    const collection = fc.record({
      operator: fc.constantFrom('every', 'none', 'some') as fc.Arbitrary<'every' | 'none' | 'some'>,
      where: scalarTest,
      tests: fc.array(scalarTest, { minLength: 1, maxLength: 2 }),
      ifEmpty: fc.constantFrom(undefined, 'pass', 'fail') as fc.Arbitrary<Test['ifEmpty']>,
    });
    const items = fc.array(fc.record({ v: fc.oneof(value, word) }).map((r) => (r.v === undefined ? {} : r)), { maxLength: 5 });
    fc.assert(
      fc.property(collection, items, (c, list) => {
        const test: Test = { operator: c.operator, field: 'list', where: [c.where], tests: c.tests, ...(c.ifEmpty ? { ifEmpty: c.ifEmpty } : {}) };
        // The same selection through the general path: a second where test that every item passes.
        const general: Test = { ...test, where: [c.where, { operator: 'not-empty', field: 'absent', ifAbsent: 'pass' }] };
        const root = { list };
        const want = evaluateTest(general, root, context()).status;
        expect(statusOf(general, root, context())).toBe(want);
        expect(statusOf(test, root, context())).toBe(want);
        expect(evaluateTest(test, root, context()).status).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });

  it('a date without a zone (console local time, zone unknown) decides only where every zone agrees, on both paths', () => {
    // Collected 2026-11-02T18:00:00Z; a local time L is an instant between L-14h and L+12h.
    const test: Test = { operator: 'max-age-hours', field: 'v', expected: 24 };
    const cases: Array<[string, string]> = [['2026-06-01T10:00:00', 'fail'], ['2026-11-02T17:00:00', 'pass'], ['2026-11-01T20:00:00', 'not-collected']];
    for (const [v, want] of cases) {
      expect(evaluateTest(test, { v }, context()).status, v).toBe(want);
      expect(statusOf(test, { v }, context()), v).toBe(want);
    }
    const o = evaluateTest(test, { v: '2026-11-01T20:00:00' }, context());
    expect(o.reasons?.join(' ')).toMatch(/time zone unknown.*depends on the zone/);
  });

  it('a test whose texts are interned (a worker\'s copy of the catalog) decides as the one read', () => {
    const read: Test = { operator: 'every', field: 'list', where: [{ operator: 'matches', field: 'guid', expected: '0CCE923F' }], tests: [{ operator: 'equals', field: 'success', expected: true }], ifEmpty: 'fail' };
    const copy = internTest(structuredClone(read));
    const root = { list: [{ guid: '0cce923f-69ae', success: false }, { guid: 'other', success: true }] };
    expect(statusOf(copy, root, context())).toBe('fail');
    expect(statusOf(read, root, context())).toBe('fail');
    const fixed = { list: [{ guid: '0cce923f-69ae', success: true }] };
    expect(statusOf(copy, fixed, context())).toBe('pass');
  });
});

describe('one compiled test judged in every mode decides each as a fresh one', () => {
  // The compiled status of an equality or a match is remembered per value (src/evaluate/test-eval.ts
  // compileScalarStatus): a value whose verdict depends on whether items are being chosen (a `where`)
  // or matched under `none` (a text saying nothing was read, a look-alike of the GUID) must not carry
  // one mode's verdict into another. The same test object is read in each mode, in both orders.
  const guid = '0cce923f-69ae-11d9-bed3-505054503030';
  const lookalike = '0cce923f-69ae-11d9-bed3-5050545030З0'; // a Cyrillic Ze for the 3 before the last 0
  const values: unknown[] = [guid, guid.toUpperCase(), '', '   ', 'n/a', lookalike, 'other', true, false];
  const uses = (t: Test): Array<[string, (v: unknown) => [Test, unknown]]> => [
    ['plain', (v) => [t, { guid: v }]],
    ['where of every', (v) => [{ operator: 'every', field: 'list', where: [t], tests: [{ operator: 'equals', field: 'ok', expected: true }] }, { list: [{ guid: v, ok: false }] }]],
    ['item test under none', (v) => [{ operator: 'none', field: 'list', tests: [t] }, { list: [{ guid: v }] }]],
    ['where of none', (v) => [{ operator: 'none', field: 'list', where: [t], tests: [{ operator: 'equals', field: 'ok', expected: true }] }, { list: [{ guid: v, ok: true }] }]],
    ['item test of every', (v) => [{ operator: 'every', field: 'list', tests: [t] }, { list: [{ guid: v }] }]],
  ];
  for (const t of [{ operator: 'matches', field: 'guid', expected: `^${guid}$` }, { operator: 'equals', field: 'guid', expected: guid }] as Test[]) {
    for (const order of ['forward', 'backward']) {
      it(`${t.operator}, modes ${order}`, () => {
        const shared = uses(t);
        const modes = order === 'forward' ? shared : [...shared].reverse();
        for (const v of values) {
          for (const [mode, make] of modes) {
            const [test, root] = make(v);
            const fresh = uses(structuredClone(t)).find(([m]) => m === mode)![1](v);
            expect(statusOf(test, root, context()), `${mode} ${JSON.stringify(v)}`).toBe(evaluateTest(fresh[0], fresh[1], context()).status);
          }
        }
      });
    }
  }
});
