// The snapshot paths a check reads, with the test reading each and where it stands in the check:
// what test/check-mutation.property.test.ts damages, one value at a time, to show that no damaged,
// missing or odd value makes a check pass. Pure.
import { KNOWN_ITEM_VALUES, type KnownValues } from '../snapshot/known-values.js';
import type { Check, Test } from './types.js';

/** One snapshot value a check reads: a top-level path, or a field of the items of a top-level list. */
export interface ReadPath {
  /** Dotted path from the snapshot (a scalar), or of the list whose items hold `item`. */
  path: string;
  /** For an item field: its path inside the item. */
  item?: string;
  /** The scalar test reading it (undefined for a list itself). */
  test?: Test;
  /** The collection test over the list (for a list or an item field). */
  list?: Test;
  /** Read inside an any-of (applies-when's included): another branch may decide without it. */
  alternative: boolean;
  /** An item field read by the list's `where` (which items are judged), not by its `tests`. */
  inWhere: boolean;
  /** For an item field read by a `where`: the entry of the list's `where` that reads it. */
  whereEntry?: Test;
  /**
   * For an item field read by a `where`: the values the field is known to hold (src/snapshot/known-values.ts).
   * The `where` leaves an item out only on one of them; any other value makes the item not collected.
   */
  known?: KnownValues;
}

/**
 * The snapshot paths a check reads, with the test that reads each: every scalar `field` (and field
 * reference) of its test and `applies-when`, lists of `every`/`none`/`some`, and their items' fields.
 * Supporting fields are left out: they never decide.
 */
export function checkPaths(check: Check): ReadPath[] {
  const out: ReadPath[] = [];
  const walk = (t: Test | undefined, alt: boolean, list?: { path: string; test: Test }, whereEntry?: Test): void => {
    if (!t) return;
    const inWhere = whereEntry !== undefined;
    if (t.operator === 'all-of' || t.operator === 'any-of') return (t.tests ?? []).forEach((x) => walk(x, alt || t.operator === 'any-of', list, whereEntry));
    if (t.operator === 'every' || t.operator === 'none' || t.operator === 'some') {
      if (list) return; // a list inside a list item: no shipped check has one; its paths are not listed
      const l = { path: t.field ?? '', test: t };
      out.push({ path: l.path, list: t, alternative: alt, inWhere: false });
      for (const x of t.where ?? []) walk(x, alt, l, x);
      for (const x of t.tests ?? []) walk(x, alt, l);
      return;
    }
    const refs = typeof t.expected === 'object' && t.expected !== null && !Array.isArray(t.expected) && 'field' in t.expected ? [String((t.expected as { field: string }).field)] : [];
    for (const f of [t.field ?? '', ...refs]) {
      const known = list && inWhere ? KNOWN_ITEM_VALUES.get(`${list.path}[].${f}`) : undefined;
      out.push(list ? { path: list.path, item: f, test: t, list: list.test, alternative: alt, inWhere, ...(whereEntry ? { whereEntry } : {}), ...(known ? { known } : {}) } : { path: f, test: t, alternative: alt, inWhere: false });
    }
  };
  walk(check.appliesWhen, false);
  walk(check.test, false);
  return out;
}

/** A JSON pointer as the dotted field a check reads: "/access/accounts/3/enabled" is "access.accounts[].enabled". */
export function pointerField(pointer: string): string {
  let field = '';
  for (const raw of pointer.split('/').slice(1)) {
    if (/^(?:0|[1-9][0-9]*)$/.test(raw)) field += '[]';
    else field += (field ? '.' : '') + raw.replace(/~1/g, '/').replace(/~0/g, '~');
  }
  return field;
}
