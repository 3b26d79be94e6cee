// A value a comparison cannot judge (a number where a text is matched, a text where a number is
// compared) failed its test, "cannot be judged". Under `none` that fail read as "this item does not
// match", so the list passed on an item that may be the very one ruled out; in a `where` it left
// the item out of the list judged. Both are now not judged: never a pass resting on such a value.
import { describe, expect, it } from 'vitest';
import type { Test } from '../src/catalog/types.js';
import { evaluateTest, statusOf, type EvalContext } from '../src/evaluate/test-eval.js';

function context(): EvalContext {
  return { collectedAtMs: Date.parse('2026-11-02T18:00:00Z'), param: (id) => ({ id, value: null, source: 'test' }), used: new Map() };
}

/** No certificate whose key algorithm is SHA-1 based; no account whose failed-logon count exceeds 3. */
const noWeakKey: Test = { operator: 'none', field: 'certificates', tests: [{ field: 'keyAlgorithm', operator: 'matches', expected: 'sha1' }] } as Test;
const noneOver3: Test = { operator: 'none', field: 'accounts', tests: [{ field: 'badLogons', operator: 'greater-than', expected: 3 }] } as Test;
/** Every enabled account has a password: an item whose `enabled` cannot be compared is not left out. */
const everyEnabledHasPassword: Test = {
  operator: 'every',
  field: 'accounts',
  where: [{ field: 'enabled', operator: 'at-least', expected: 1 }],
  tests: [{ field: 'passwordRequired', operator: 'equals', expected: true }],
} as Test;

describe('a value a comparison cannot judge', () => {
  it('under none: not collected, naming the value, in both the full and the status-only path', () => {
    const root = { certificates: [{ subject: 'CN=a', keyAlgorithm: 'RSA' }, { subject: 'CN=b', keyAlgorithm: 42 }] };
    const o = evaluateTest(noWeakKey, root, context());
    expect(o.status).toBe('not-collected');
    expect((o.reasons ?? []).join(' ')).toMatch(/42 cannot be judged by "matches"/);
    expect(statusOf(noWeakKey, root, context())).toBe('not-collected');
    const accounts = { accounts: [{ name: 'a', badLogons: 1 }, { name: 'b', badLogons: 'many' }] };
    expect(evaluateTest(noneOver3, accounts, context()).status).toBe('not-collected');
    expect(statusOf(noneOver3, accounts, context())).toBe('not-collected');
  });

  it('under none: an item that matches still fails the list, whatever else is unjudged', () => {
    const root = { accounts: [{ name: 'a', badLogons: 9 }, { name: 'b', badLogons: 'many' }] };
    expect(evaluateTest(noneOver3, root, context()).status).toBe('fail');
    expect(statusOf(noneOver3, root, context())).toBe('fail');
  });

  it('in a where: the item is not left out of the list judged', () => {
    const root = { accounts: [{ name: 'a', enabled: 1, passwordRequired: true }, { name: 'b', enabled: 'yes', passwordRequired: false }] };
    expect(evaluateTest(everyEnabledHasPassword, root, context()).status).toBe('not-collected');
    expect(statusOf(everyEnabledHasPassword, root, context())).toBe('not-collected');
  });

  it('outside none and where, it still fails (never a pass either way)', () => {
    const t: Test = { field: 'badLogons', operator: 'at-most', expected: 3 } as Test;
    expect(evaluateTest(t, { badLogons: 'many' }, context()).status).toBe('fail');
    expect(statusOf(t, { badLogons: 'many' }, context())).toBe('fail');
  });
});
