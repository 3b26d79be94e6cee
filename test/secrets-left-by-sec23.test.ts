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

describe('settings about keys and passwords stay readable', () => {
  it.each([
    'API key rotation: 90 days',
    'Password rotation: 30 days',
    'KeyRotationInterval = 90',
    'Password history: 24',
    'password length 14',
    'Key usage: digitalSignature',
    'PIN length 6',
    'Min password age (days): 1',
  ])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('still masks the key named next to its rotation', () => {
    const out = redactText('API key rotation: 90 days\nAPI key: zqxmark04q');
    expect(out).toBe(`API key rotation: 90 days\nAPI key: ${REDACTED}`);
  });
});
