// Vectors sec23 found: secret forms that kept their value (or part of its label), and settings masked as secrets.
// Each test plants a value and asserts it is gone (or, for a setting, that the text stays whole).
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

describe("an arrow '=>' between a secret's name and its value", () => {
  it.each([
    ['pwd => zqxmark01', 'pwd => '],
    ['note: pwd=>zqxmark02 and go', 'note: pwd=>'],
    ['Password => "zqx mark03"', 'Password => '],
  ])('masks the value of %j and keeps the arrow whole', (text, kept) => {
    const out = redactText(text);
    expect(out.startsWith(`${kept}${REDACTED}`)).toBe(true);
    expect(out).not.toMatch(/zqx ?mark/);
  });

  it.each(['x => y', 'Password length => 14'])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});
