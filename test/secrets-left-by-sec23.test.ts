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

describe("a password's or a device code's other spellings", () => {
  it.each([
    ['P/W: zqxmark11', 'P/W: '],
    ['Console login, P/W: zqxmark12, then reboot', 'Console login, P/W: '],
    ['pass word: zqxmark13', 'pass word: '],
    ['user admin, pass word: zqxmark14', 'user admin, pass word: '],
    ['unlock code zqxmark15', 'unlock code '],
    ['Unlock code: zqxmark16', 'Unlock code: '],
    ['pass code 48291377', 'pass code '],
  ])('masks the value of %j', (text, kept) => {
    const out = redactText(text);
    expect(out.startsWith(`${kept}${REDACTED}`)).toBe(true);
    expect(out).not.toMatch(/zqxmark|48291377/);
  });

  // "P/W" only with its slash: a Word document's "<w:p w:rsidR=…>" beside password prose is no "p w:" label.
  it.each(['Checks pass: 12 of 12', 'pass word length: 14', 'I/O: 12', 'unlock code length: 6', 'Pass: 5 of 5', '<w:p w:rsidR="00A102C3"><w:t>Password policy: 14 characters</w:t></w:p>'])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("a secret's label alone on its line, its value on a later line", () => {
  it.each([
    ['password\nzqxmark21', 'password\n'],
    ['password:\n\nzqxmark22', 'password:\n\n'],
    ['Admin password\n\n  zqxmark23\nnext line', 'Admin password\n\n  '],
    ['Console notes\nPIN\n48291377\n', 'Console notes\nPIN\n'],
    ['pass word\r\nzqxmark24', 'pass word\r\n'],
  ])('masks the value of %j', (text, kept) => {
    const out = redactText(text);
    expect(out.startsWith(`${kept}${REDACTED}`)).toBe(true);
    expect(out).not.toMatch(/zqxmark|48291377/);
  });

  it.each([
    'Password\nMinimum length 14',
    'Password\nRequired',
    'Pass\n12',
    'Passwords\n--------',
    'If you forget the password\ncall',
    'Password history\n24',
    'Password length\n\n14',
    'PIN\nnever',
  ])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('a user and its secret given as a pair', () => {
  it.each([
    ['credentials admin/zqxmark31', 'credentials admin/'],
    ['Credentials admin/zqxmark32 for the console', 'Credentials admin/'],
    ['sa / zqxmark33', 'sa / '],
    ['login svc / zqxmark34', 'login svc / '],
    ['user: admin pass: zqxmark35', 'user: admin pass: '],
    ['user: admin, pass: zqxmark36', 'user: admin, pass: '],
    ['credentials admin/plainword', 'credentials admin/'],
  ])('masks the secret of %j', (text, kept) => {
    const out = redactText(text);
    expect(out.startsWith(`${kept}${REDACTED}`)).toBe(true);
    expect(out).not.toMatch(/zqxmark|plainword/);
  });

  it.each(['credentials and/or badges', 'login with/without a card', 'net user svc /passwordreq:yes', 'admin/user roles', 'root / admin', 'account read/write', 'https://host/admin/x1y2z3', '/home/admin/bin2', 'admin/v2/api', 'user/group ACL', 'A lapsed pass: MR-02', 'Checks pass: 12 of 12'])(
    'leaves %j',
    (text) => {
      expect(redactText(text)).toBe(text);
    },
  );
});
