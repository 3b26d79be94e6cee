// Vectors sec24 left (sec25): forms that kept a secret or damaged the text around its mask, and the prose and
// settings beside them that must stay readable.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

describe('a pair inside a quotation opened before its label', () => {
  it.each([
    ['"user: admin pass: zqxq01A9" x', `"user: admin pass: ${REDACTED}" x`],
    ["'user: admin pass: zqxq02A9' then", `'user: admin pass: ${REDACTED}' then`],
    ['<add name="db" connectionString="Server=.;User Id=sa;Password=zqxq03A9"/>', `<add name="db" connectionString="Server=.;User Id=sa;Password=${REDACTED}"/>`],
    ['Note = "pwd: zqxq04A9 k" end', `Note = "pwd: ${REDACTED}" end`],
  ])('masks the value of %j and keeps the closing quote and what follows', (text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it("an apostrophe is no quotation: the value runs as without it", () => {
    const out = redactText("the admin's password: zqxq05A9 now");
    expect(out).not.toContain('zqxq05A9');
    expect(out.startsWith("the admin's password: ")).toBe(true);
  });
});

describe("letters alone after a password's word, shaped like a plural", () => {
  it.each([
    ['passcode zqxmarksys', 'passcode '],
    ['login admin password qwxmarks', 'login admin password '],
    ['the passcode zqxmarkings was given', 'the passcode '],
    ['password blorptaks', 'password '],
  ])('masks the word of %j: an "s" alone is no plural, its singular is no word of prose', (text, kept) => {
    const out = redactText(text);
    expect(out.startsWith(`${kept}${REDACTED}`)).toBe(true);
    expect(out).not.toMatch(/zqxmark|qwxmark|blorptak/);
  });

  it.each([
    'password attacks', 'passwords expire', 'password policies', 'password schemes are weak', 'the use of complex passwords increases their strength',
    'password crackers', 'password guesses', 'password breaches', 'password requirements', 'password lengths', 'password exchanges', 'password prompts',
  ])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('a password after its word with no mark, letters in small or mixed case then digits', () => {
  it.each([
    ['P/W Zqxm12345', 'P/W '],
    ['service note P/W Zqxm12345 for the FSE', 'service note P/W '],
    ['p/w zqxm12345', 'p/w '],
    ['admin pw Zqxm12345', 'admin pw '],
    ['password zqxm12345', 'password '],
  ])('masks the word of %j', (text, kept) => {
    const out = redactText(text);
    expect(out.startsWith(`${kept}${REDACTED}`)).toBe(true);
    expect(out).not.toMatch(/zqxm/i);
  });

  it.each([
    'TCP/IP Abc12345', 'I/O Abc12345 errors', 'C:\\tools\\IO Abc12345', 'password MR-02 console', 'password KB5031356 fix', 'Password v2.1 of the policy',
    'token TKT-20391', 'P/W required', 'P/W length 14', 'the P/W policy',
  ])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});
