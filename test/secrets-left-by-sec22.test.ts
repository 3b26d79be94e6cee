// Vectors sec22 found: secret forms that kept their value, and an identifier masked as a secret. Each test plants a
// value and asserts it is gone (or, for a setting or an identifier, that the text stays whole).
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

describe('a label before an arrow or a double dash', () => {
  it.each([
    ['pwd -> zqxmark01', 'pwd -> '],
    ['password -- zqxmark02', 'password -- '],
    ['Bind password \u2192 zqxmark03', 'Bind password \u2192 '],
    ['PIN -> 48291377', 'PIN -> '],
  ])('masks the value of %j', (text, label) => {
    const out = redactText(text);
    expect(out).toBe(`${label}${REDACTED}`);
    expect(out).not.toMatch(/zqxmark|48291377/);
  });

  it.each(['Password -- see the vault', 'Password length -> 14', 'PIN -- 6 digits', 'Password policy -> Yes', 'a -> b', 'Password required -> Yes'])(
    'leaves %j',
    (text) => {
      expect(redactText(text)).toBe(text);
    },
  );
});

describe("an identifier after a password's word names which one, as a name does", () => {
  const guid = '{8F1C2A3B-1111-2222-3333-444455556666}';
  it.each([
    `Numerical Password ID: ${guid}`,
    `    ID: ${guid}`,
    `Password ID = ${guid}`,
    `"passwordId": "${guid}"`,
    `PIN GUID: ${guid}`,
  ])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('still masks the recovery password that manage-bde writes under it', () => {
    const text = [
      '    Numerical Password:',
      `      ID: ${guid}`,
      '      Password:',
      '        482913-482913-482913-482913-482913-482913-482913-482913',
      '    Password: zqxmarkid1',
    ].join('\n');
    const out = redactText(text);
    expect(out).toContain(`ID: ${guid}`);
    expect(out).not.toMatch(/482913|zqxmarkid1/);
  });
});

describe("a password's word of another language before its verb", () => {
  it.each([
    ['Kennwort ist zqxmark20', 'Kennwort ist '],
    ['Das Passwort war zqxmark20', 'Das Passwort war '],
    ['la contraseña es zqxmark21', 'la contraseña es '],
    ['le mot de passe est zqxmark22', 'le mot de passe est '],
    ['passord er zqxmark23', 'passord er '],
  ])('masks the value of %j', (text, kept) => {
    const out = redactText(text);
    expect(out).toBe(`${kept}${REDACTED}`);
  });

  it.each(['Kennwort ist abgelaufen', 'la contraseña es obligatoria', 'le mot de passe est expiré', 'Die Kennwortlänge ist 14', 'Kennwort ist MR-02'])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("a wireless network's or an AAA server's key, a PIN's code", () => {
  it.each([
    ['wifi key zqxmark14', 'wifi key '],
    ['WPA2 key zqxmark15', 'WPA2 key '],
    ['tacacs key zqxmark16', 'tacacs key '],
    ['RADIUS key: zqxmark16', 'RADIUS key: '],
    ['PIN code 482913', 'PIN code '],
  ])('masks the value of %j', (text, kept) => {
    const out = redactText(text);
    expect(out).toBe(`${kept}${REDACTED}`);
  });

  it.each([
    'wifi key length 14',
    'PIN code length 6',
    'tacacs key configured: Yes',
    'key: HKLM\\SOFTWARE\\Policies\\Microsoft\\FVE',
    'MinimumPasswordLength = 14',
    'Key = Value',
  ])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('whom a password is for in brackets between its word and its value', () => {
  it.each([
    ['password [admin] zqxmark03', 'password [admin] '],
    ['PIN (service) 48291377', 'PIN (service) '],
    ['Bind password [PACS]  zqxmark03', 'Bind password [PACS]  '],
  ])('masks the value of %j', (text, kept) => {
    expect(redactText(text)).toBe(`${kept}${REDACTED}`);
  });

  it.each(['Password [optional] required', 'Password (see policy) GPO-01', 'PIN (6 digits) length', 'Password [admin] never expires'])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});
