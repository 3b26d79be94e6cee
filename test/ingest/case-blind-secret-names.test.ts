// Windows compares registry value names without case: "limitblankpassworduse" is the LimitBlankPasswordUse
// switch. Written in one case its words cannot be told apart by case, so it was read as one word holding
// "password" and masked: a .reg giving it twice, differently, showed both values as "(not shown: the value is
// a secret)". A one-case word is now also read as the known words it is made of (src/snapshot/secrets.ts
// isSecretSegment): shown only where every such reading is a setting's; a word with any unknown part
// ("defaultpassword") stays a secret.
import { describe, expect, it } from 'vitest';
import { ingestInputs } from '../../src/ingest/index.js';
import { isSecretName, isSecretValue } from '../../src/snapshot/secrets.js';
import { userErrorOf } from '../support/user-error.js';
import { input, mr01Files, mr01Text, utf16 } from './fixture-folder.js';

const LSA = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\';
const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\';

function conflict(file: string, from: string, to: string): string {
  const files = mr01Files();
  const text = mr01Text(file);
  expect(text).toContain(from);
  files.set(file, utf16(text.replace(from, to)));
  return userErrorOf(() => ingestInputs([...files].map(([n, b]) => input(n, b)), 'MR-01')).message;
}

describe('setting names written in one case are no secrets', () => {
  it('a .reg giving "limitblankpassworduse" and "LimitBlankPasswordUse" differently shows both values', () => {
    const m = conflict('reg-lsa.reg', '"LimitBlankPasswordUse"=dword:00000001', '"limitblankpassworduse"=dword:00000000\n"LimitBlankPasswordUse"=dword:00000001');
    expect(m).toMatch(/LimitBlankPasswordUse is given twice, differently: 0 here, 1 at .*"LimitBlankPasswordUse", line \d+/i);
    expect(m).not.toContain('not shown');
  });

  it.each(['limitblankpassworduse', 'LIMITBLANKPASSWORDUSE', 'Limitblankpassworduse', 'minimumpasswordlength', 'MAXIMUMPASSWORDAGE',
    'disablepasswordchange', 'cleartextpassword', 'passwordexpirywarning', 'minimumpinlength'])('%s is a setting, as its camel-case spelling is', (name) => {
    expect(isSecretName(`${LSA}${name}`)).toBe(false);
    expect(isSecretValue(`${LSA}${name}`, 1)).toBe(false);
  });

  it.each(['defaultpassword', 'DEFAULTPASSWORD', 'adminpassword', 'userpassword', 'bindpwd', 'passwordid', 'usepasswordx', 'privatekey', 'communitystring', 'serverpassword'])(
    '%s stays a secret: a part of it is no setting word', (name) => {
      expect(isSecretName(`${WINLOGON}${name}`)).toBe(true);
      expect(isSecretValue(`${WINLOGON}${name}`, 'Kq7-rv2Lx9')).toBe(true);
    });

  it('a one-case secret name given twice, differently, still shows neither value', () => {
    const files = mr01Files();
    const reg = 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon]\n"defaultpassword"="Kq7-rv2Lx9"\n"DefaultPassword"="Zp4-tt8Qw1"\n';
    files.set('reg-extra.reg', utf16(reg));
    const m = userErrorOf(() => ingestInputs([...files].map(([n, b]) => input(n, b)), 'MR-01')).message;
    expect(m).toMatch(/given twice, differently: \(not shown: the value is a secret\) here, \(not shown: the value is a secret\)/);
    expect(m).not.toMatch(/Kq7|Zp4/);
  });
});

describe('a long one-case name', () => {
  it('is judged as written, at once: a run of setting words around "password" of 100,000 characters stays masked', () => {
    const name = `${'use'.repeat(50_000)}password`;
    const t = Date.now();
    expect(isSecretName(`${LSA}${name}`)).toBe(true);
    expect(Date.now() - t).toBeLessThan(2000);
  });
});
