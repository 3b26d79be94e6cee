/** Test helper (not shipped): asserts that a call throws a UserError naming a file and a place. */
import { expect } from 'vitest';
import { UserError } from '../../src/io/errors.js';

export function userErrorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw new Error(`expected a UserError, got ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`);
  }
  throw new Error('expected a UserError, nothing was thrown');
}

export async function userErrorOfAsync(fn: () => Promise<unknown>): Promise<UserError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw new Error(`expected a UserError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error('expected a UserError, nothing was thrown');
}

/** The error names `file`, a place matching `where` (e.g. /line 14/), and says `what` was expected. */
export function expectUserError(fn: () => unknown, file: string, where: RegExp, what: RegExp): UserError {
  const e = userErrorOf(fn);
  expect(e.file).toBe(file);
  expect(e.where ?? '').toMatch(where);
  expect(e.message).toMatch(what);
  expect(e.message.startsWith(`${file} at `)).toBe(true);
  return e;
}
