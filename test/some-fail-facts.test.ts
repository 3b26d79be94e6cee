// A `some` that fails states the values of its items that compare the item itself (a list of plain
// texts, ["none"]); an item test of a field states nothing there. Those tests are not evaluated
// again for every failing item (an account list of every device not in a directory): the facts
// stay those the full evaluation of each item test states, and the parameters used are recorded.
import { describe, expect, it } from 'vitest';
import type { Test } from '../src/catalog/types.js';
import { evaluateTest, statusOf, type EvalContext, type Fact } from '../src/evaluate/test-eval.js';

function context(params: Record<string, unknown> = {}): EvalContext {
  return {
    collectedAtMs: Date.parse('2026-11-02T18:00:00Z'),
    param: (id) => ({ id, value: params[id] ?? null, source: 'test' }),
    used: new Map(),
  };
}

/** The facts someFailFacts kept before: each item test evaluated on each item, those about the item itself. */
function itemFacts(tests: readonly Test[], items: readonly unknown[], field: string, ctx: EvalContext): Fact[] {
  const out: Fact[] = [];
  for (const item of items) for (const t of tests) for (const f of evaluateTest(t, item, ctx).facts ?? []) if (!f.ok && f.field === '' && f.item === undefined) out.push({ field, value: f.value, ok: false });
  return out;
}

describe('a failing some states the failing items it compares whole, and only those', () => {
  const cases: Array<[string, Test[], unknown[]]> = [
    ['a field of each item', [{ field: 'source', operator: 'equals', expected: 'ldap', ifAbsent: 'fail' }], [{ source: 'local' }, { source: 'local' }, {}]],
    ['the item itself', [{ operator: 'not-equals', expected: 'none' }], ['none', 'none']],
    ['both, in an any-of', [{ operator: 'any-of', tests: [{ field: 'kind', operator: 'equals', expected: 'group', ifAbsent: 'fail' }, { operator: 'matches', expected: '^dc' }] }], ['srv01', 'srv02']],
    ['a field and the item, side by side', [{ field: 'kind', operator: 'equals', expected: 'group', ifAbsent: 'fail' }, { operator: 'equals', expected: 'dc01' }], ['srv01', { kind: 'user' }]],
  ];
  for (const [name, tests, items] of cases) {
    it(name, () => {
      const test: Test = { operator: 'some', field: 'list', tests };
      const out = evaluateTest(test, { list: items }, context());
      expect(out.status).toBe('fail');
      expect(out.facts ?? []).toEqual(itemFacts(tests, items, 'list', context()));
    });
  }

  it('records a parameter an item test compares with, on an item lacking the value', () => {
    const test: Test = { operator: 'some', field: 'list', tests: [{ field: 'age', operator: 'at-most', describe: 'recent', expected: { param: 'max-age' }, ifAbsent: 'fail' }] };
    const ctx = context({ 'max-age': 5 });
    expect(evaluateTest(test, { list: [{}, {}] }, ctx).status).toBe('fail');
    expect([...ctx.used.keys()]).toEqual(['max-age']);
  });

  it('reads a failing item no more than judging it does, beside citing it', () => {
    let reads = 0;
    const account = () => ({ get source() { reads++; return 'local'; } });
    const items = Array.from({ length: 20 }, account);
    const test: Test = { operator: 'some', field: 'list', tests: [{ field: 'source', operator: 'equals', expected: 'ldap', ifAbsent: 'fail' }] };
    statusOf(test, { list: items }, context());
    const judging = reads;
    reads = 0;
    const out = evaluateTest(test, { list: items }, context());
    expect(out.status).toBe('fail');
    expect(out.facts).toEqual([]);
    // Judging each item, and reading it once more to cite its pointer (actualPath); the texts,
    // built and dropped before, read it again.
    expect(reads).toBe(judging + items.length);
  });
});
