// The test language is three-valued, and its combinators follow one rule (Kleene's): for "all must
// hold" (all-of, a list's `where` and item tests, every, none) a definite fail decides over a part
// not collected; for "one must hold" (any-of, some) a definite pass does. Before 2d917d1 an
// item of a `none` with one test failing (so it cannot match) and another not collected made the
// whole list not collected, and a `where` not collected did so even for an item its tests clear
// either way. A property over random trees of combinators against a plain reference evaluator; a
// fail beside a part not collected still names that part in its reasons.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Test } from '../src/catalog/types.js';
import { evaluateTest, statusOf, type EvalContext } from '../src/evaluate/test-eval.js';

type K = 'pass' | 'fail' | 'not-collected';
type Obj = Record<string, unknown>;

const FIELDS = ['f0', 'f1', 'f2'];
const LISTS = ['L', 'M'];

function and(xs: K[]): K {
  return xs.includes('fail') ? 'fail' : xs.includes('not-collected') ? 'not-collected' : 'pass';
}
function or(xs: K[]): K {
  return xs.includes('pass') ? 'pass' : xs.includes('not-collected') ? 'not-collected' : 'fail';
}
const not = (x: K): K => (x === 'pass' ? 'fail' : x === 'fail' ? 'pass' : x);

/** The reference: Kleene's three-valued logic, written from the rule, not from the evaluator. */
function reference(t: Test, o: Obj): K {
  switch (t.operator) {
    case 'all-of': return and((t.tests ?? []).map((u) => reference(u, o)));
    case 'any-of': return or((t.tests ?? []).map((u) => reference(u, o)));
    case 'every':
    case 'none':
    case 'some': {
      const raw = o[t.field!];
      if (raw === undefined) return 'not-collected';
      const items = raw as Obj[];
      const chosen = (i: Obj): K => and((t.where ?? []).map((u) => reference(u, i)));
      const holds = (i: Obj): K => and((t.tests ?? []).map((u) => reference(u, i)));
      // every: no item chosen and failing; none: no item chosen and matching; some: one chosen and matching.
      if (t.operator === 'every') return not(or(items.map((i) => and([chosen(i), not(holds(i))]))));
      if (t.operator === 'none') return not(or(items.map((i) => and([chosen(i), holds(i)]))));
      return or(items.map((i) => and([chosen(i), holds(i)])));
    }
    default: {
      const v = o[t.field!];
      return v === undefined ? 'not-collected' : v === 1 ? 'pass' : 'fail';
    }
  }
}

const leaf: fc.Arbitrary<Test> = fc.constantFrom(...FIELDS).map((f) => ({ field: f, operator: 'equals', expected: 1 }) as Test);
const { tree } = fc.letrec<{ tree: Test }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ operator: fc.constantFrom('all-of', 'any-of'), tests: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }) as fc.Arbitrary<Test>,
    fc.record({
      operator: fc.constantFrom('every', 'none', 'some'),
      field: fc.constantFrom(...LISTS),
      label: fc.constant('name'),
      where: fc.array(tie('tree'), { maxLength: 2 }),
      tests: fc.array(tie('tree'), { minLength: 1, maxLength: 2 }),
    }) as fc.Arbitrary<Test>,
  ),
}));

const value = fc.constantFrom<unknown>(1, 0, undefined);
const objAt = (depth: number): fc.Arbitrary<Obj> =>
  fc.record({
    name: fc.constantFrom('a', 'b', 'c'),
    f0: value,
    f1: value,
    f2: value,
    L: depth > 0 ? fc.option(fc.array(objAt(depth - 1), { maxLength: 3 }), { nil: undefined }) : fc.constant(undefined),
    M: depth > 0 ? fc.option(fc.array(objAt(depth - 1), { maxLength: 3 }), { nil: undefined }) : fc.constant(undefined),
  }).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));

function context(): EvalContext {
  return { collectedAtMs: Date.parse('2026-11-02T18:00:00Z'), param: (id) => ({ id, value: null, source: 'test' }), used: new Map() };
}

describe('combinators: fail dominates not collected for all must hold, pass for one must hold', () => {
  it('evaluateTest and statusOf agree with the three-valued reference on every tree', () => {
    fc.assert(
      fc.property(tree, objAt(2), (t, o) => {
        const want = reference(t, o);
        expect(evaluateTest(t, o, context()).status).toBe(want);
        expect(statusOf(t, o, context())).toBe(want);
      }),
      { numRuns: 3000, seed: 19 },
    );
  });

  it('an all-of that fails beside a part not collected names that part in its reasons', () => {
    fc.assert(
      fc.property(fc.array(tree, { minLength: 2, maxLength: 3 }), objAt(2), (parts, o) => {
        const t = { operator: 'all-of', tests: parts } as Test;
        const out = evaluateTest(t, o, context());
        fc.pre(out.status === 'fail' && parts.some((p) => reference(p, o) === 'not-collected'));
        expect(out.reasons?.length ?? 0).toBeGreaterThan(0);
      }),
      { numRuns: 2000, seed: 19 },
    );
  });

  it('none: an item with a failing test does not match whatever else is not collected; one that matches fails the list, naming the item and what was not collected', () => {
    const t = { operator: 'none', field: 'L', label: 'name', tests: [{ field: 'f0', operator: 'equals', expected: 1 }, { field: 'f1', operator: 'equals', expected: 1 }] } as Test;
    expect(evaluateTest(t, { L: [{ name: 'x', f0: 0 }] }, context()).status).toBe('pass');
    expect(statusOf(t, { L: [{ name: 'x', f0: 0 }] }, context())).toBe('pass');
    const o = evaluateTest(t, { L: [{ name: 'y', f0: 1 }, { name: 'x', f0: 1, f1: 1 }] }, context());
    expect(o.status).toBe('fail');
    expect(o.problems.join(' ')).toMatch(/^x: /);
    expect((o.reasons ?? []).join(' ')).toMatch(/L\[y\]\.f1 not collected/);
  });
});

describe('a pass left standing by an item whose where is not collected holds only while its tests clear it', () => {
  it('ACCOUNT-INACTIVE: a directory account, its enabled state not collected, that logged on 32 days before collection passes until it turns 35 days idle, then is not collected', async () => {
    const { readFileSync } = await import('node:fs');
    const { loadCatalog } = await import('../src/catalog/load-checks.js');
    const { evaluateCheck } = await import('../src/evaluate/evaluate-check.js');
    const { resolveParameters } = await import('../src/params/resolve.js');
    const catalog = loadCatalog();
    const params = resolveParameters(catalog.parameters, [], []).params;
    const s = JSON.parse(readFileSync(new URL('../samples/MR-01/MR-01_2026-11-02.json', import.meta.url), 'utf8'));
    delete s.provenance;
    const clinical = s.access.accounts.find((a: { role?: string }) => a.role === 'clinical');
    const { enabled: _, ...rest } = clinical;
    s.access.accounts.push({ ...rest, name: 'HOSP\\dom.user', lastLogon: '2026-10-01T08:00:00Z', source: 'ldap' });
    const check = catalog.checks.find((c) => c.id === 'ACCOUNT-INACTIVE')!;
    // The premise: account-inactive-max-days is 35 (the default), so the account turns idle at 2026-11-05T08:00:00Z.
    expect(params.get('account-inactive-max-days')?.value).toBe(35);
    expect(evaluateCheck(check, s, params, { now: '2026-11-03T12:00:00Z' }).status).toBe('pass');
    const later = evaluateCheck(check, s, params, { now: '2026-11-20T12:00:00Z' });
    expect(later.status).toBe('not-collected');
    expect(later.reason).toMatch(/lapsed at 2026-11-05T08:00:00Z/);
  });
});
