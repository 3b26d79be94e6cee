/**
 * Test helper (not shipped): the two kinds of case a masking test states, for `it.each` rows of
 * [name, text, want?]: a text whose planted secret is masked, and a text with nothing to mask.
 */
import { expect } from 'vitest';
import { redactText } from '../../src/snapshot/secrets.js';

export function maskingCases(planted: RegExp): {
  masksTo: (name: string, text: string, want: string) => void;
  staysAsWritten: (name: string, text: string) => void;
} {
  return {
    /** The output is exactly `want`, and no planted secret is left in it. */
    masksTo(_name, text, want) {
      const out = redactText(text);
      expect(out).toBe(want);
      expect(out).not.toMatch(planted);
    },
    /** The text comes out as written. */
    staysAsWritten(_name, text) {
      expect(redactText(text)).toBe(text);
    },
  };
}
