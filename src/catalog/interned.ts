// Texts of the check catalog as the engine's own copies, for the evaluator's hot loops.
import type { Operator, Test } from './types.js';

/**
 * The same text as the engine's own copy (a property name's). Texts read from YAML, or cloned into
 * a worker, are separate copies: every comparison of an operator and every property look-up by a
 * field name would compare or hash them character by character, hundreds of times per device.
 */
export function interned(s: string): string {
  return Object.keys({ [s]: 0 })[0]!;
}

/** Makes a test's operator, field and outcome names interned texts, at any depth (in place; returns it). */
export function internTest(test: Test): Test {
  test.operator = interned(test.operator) as Operator;
  if (test.field !== undefined) test.field = interned(test.field);
  if (test.ifAbsent !== undefined) test.ifAbsent = interned(test.ifAbsent) as Test['ifAbsent'];
  if (test.ifEmpty !== undefined) test.ifEmpty = interned(test.ifEmpty) as Test['ifEmpty'];
  if (test.ifFound !== undefined) test.ifFound = interned(test.ifFound) as Test['ifFound'];
  for (const t of test.tests ?? []) internTest(t);
  for (const t of test.where ?? []) internTest(t);
  return test;
}

/**
 * A check's tests with interned texts (in place; returns it): for a catalog cloned into a worker
 * thread, whose texts arrive as copies.
 */
export function internCheck<C extends { test: Test; appliesWhen?: Test }>(check: C): C {
  internTest(check.test);
  if (check.appliesWhen) internTest(check.appliesWhen);
  return check;
}
