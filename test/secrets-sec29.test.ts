// Forms sec28 left: a quoted value whose text runs on past its closing quote (or escapes a quote by doubling it),
// credential hashes and Active Directory attributes named by a setting's word ("PasswordHash", "ntPwdHistory"), and a
// label above its value with a user's name beside it. Each masking case plants a secret and asserts it is gone and
// exactly which text around it stays.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

const R = REDACTED;

describe('a quoted value runs on past its closing quote', () => {
  it.each([
    ['text after the close', 'Password: "abc"Zq29def', `Password: ${R}`],
    ['text after a single-quoted close', "pwd='x'Zq29y", `pwd=${R}`],
    ['a doubled quote (CSV, VB)', 'Password="a""Zq29b"', `Password=${R}`],
    ['a doubled single quote (SQL)', "Password: 'it''Zq29s'", `Password: ${R}`],
    ['in a connection string', 'Server=db;Password="a""Zq29b";Uid=sa', `Server=db;Password=${R};Uid=sa`],
    ['an empty pair of quotes, then text', 'Password=""Zq29Secret', `Password=${R}`],
    ['a switch', 'setup.exe --password "abc"Zq29def --quiet', `setup.exe --password ${R} --quiet`],
    ['a switch with a doubled quote', 'setup.exe /password "a""Zq29b" /quiet', `setup.exe /password ${R} /quiet`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it.each([
    ['a full stop', 'Password: "abc".', `Password: ${R}.`],
    ['a comma and a pair', 'Password: "abc", user: bob', `Password: ${R}, user: bob`],
    ['a blank and a pair', 'Password="abc" User=svc', `Password=${R} User=svc`],
    ['a closing parenthesis', '(Password="abc") kept', `(Password=${R}) kept`],
  ])('ends at its close before %s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });
});

describe("a password's hash and a directory attribute holding a credential, named with a setting's word", () => {
  const NT = '8846f7eaee8fb117ad06bdd830b7586c';
  const LM = 'aad3b435b51404eeaad3b435b51404ee';
  it.each([
    ['PasswordHash=', `PasswordHash=${NT}`, `PasswordHash=${R}`],
    ['Password hash: ', `Password hash: ${NT}`, `Password hash: ${R}`],
    ['pwdHash = ', `pwdHash = ${NT}`, `pwdHash = ${R}`],
    ['password_hash: (a short crypt hash)', 'password_hash: $6$abc$Zq29xyz', `password_hash: ${R}`],
    ['ASP.NET Identity JSON', '{"UserName":"svc","PasswordHash":"AQAAAAEAACcQAAAAEZq29Identity"}', `{"UserName":"svc","PasswordHash":"${R}"}`],
    ['XML', `<PasswordHash>AQAAAAEZq29</PasswordHash>`, `<PasswordHash>${R}</PasswordHash>`],
    ['JSON NTHash', `{"NTHash": "${NT}"}`, `{"NTHash": "${R}"}`],
    ['NTHash, not hex', 'NTHash: Zq29nothex', `NTHash: ${R}`],
    ['ntPwdHistory', `ntPwdHistory: ${NT}`, `ntPwdHistory: ${R}`],
    ['lmPwdHistory in a note', `LDAP attribute lmPwdHistory: ${LM}`, `LDAP attribute lmPwdHistory: ${R}`],
    ['LAPS encrypted history', 'msLAPS-EncryptedPasswordHistory: AQAAAAEZq29', `msLAPS-EncryptedPasswordHistory: ${R}`],
    ["a TPM's owner authorization", 'msTPM-OwnerInformation: Zq29abcd=', `msTPM-OwnerInformation: ${R}`],
    ["a trust's secret", 'trustAuthIncoming: AQAAAAEZq29', `trustAuthIncoming: ${R}`],
    ['the NT hash of a user, in prose', `The NT hash of svc is ${NT}`, `The NT hash of svc is ${R}`],
    ["mimikatz's lsadump::sam", `User : svc\n  Hash NTLM: ${NT}`, `User : svc\n  Hash NTLM: ${R}`],
    ["mimikatz's sekurlsa", `\t * Username : svc\n\t * NTLM     : ${NT}`, `\t * Username : svc\n\t * NTLM     : ${R}`],
    ["mimikatz's history", `    ntlm- 0: ${NT}\n    lm  - 0: ${LM}`, `    ntlm- 0: ${R}\n    lm  - 0: ${R}`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it.each([
    'PasswordHistorySize = 24', 'NoLMHash = 1', 'NoLMHash: Enabled', 'PasswordHashAlgorithm = SHA256', 'Password hash: Enabled', 'ntPwdHistory: 24',
    'NTLM: Enabled', 'LmCompatibilityLevel = 5', 'ms-Mcs-AdmPwdExpirationTime: 133456789012345678', 'Enforce password history: 24',
  ])('%s stays', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("a label above its value judges a switch's word or a short number beside a user's name as a label beside it does", () => {
  it.each([
    ['a pair label, the value on the next line', 'User: svc\nPassword:\n123', `User: svc\nPassword:\n${R}`],
    ['a switch word on the next line', 'User: svc\nPassword:\ntrue', `User: svc\nPassword:\n${R}`],
    ['a label of two words', 'User: svc\nBind password:\n42', `User: svc\nBind password:\n${R}`],
    ['a qualified label, the value on the next line', 'User: svc\nPassword (PACS):\n123', `User: svc\nPassword (PACS):\n${R}`],
    ['a qualified label, the value beside it', 'User: svc\nPassword (PACS): 123', `User: svc\nPassword (PACS): ${R}`],
    ['a label without a mark', 'user=svc\nPassword\n123', `user=svc\nPassword\n${R}`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it.each([
    'Password:\n123', 'Password:\ntrue', 'Password (PACS): 12', 'Password\nRequired', 'Server: pacs01\nPassword:\n1',
  ])('%j stays with no user beside it', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('a DPAPI blob: a password encrypted for the console\'s user or machine', () => {
  const HEX = '01000000d08c9ddf0115d1118c7a00c04fc297eb01000000a1b2c3d4e5f60718293a4b5c6d7e8f90';
  it.each([
    ["Export-Clixml's PSCredential", `<S N="UserName">HOSP\\svc</S><SS N="Password">${HEX}</SS>`, `<S N="UserName">HOSP\\svc</S><SS N="Password">${R}</SS>`],
    ['ConvertFrom-SecureString kept in a variable', `$enc = "${HEX}"`, `$enc = "${R}"`],
    ['in capitals', `blob ${HEX.toUpperCase()} saved`, `blob ${R} saved`],
    ['in base64, as .NET ProtectedData stores it', '<add key="Blob" value="AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAAZq29xyz+/=="/>', `<add key="Blob" value="${R}"/>`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it('a hex run that only contains the header inside a longer word stays', () => {
    const text = `id x${HEX}`;
    expect(redactText(text)).toBe(text);
  });
});

describe("PowerShell's CLIXML names a property by its N attribute", () => {
  it.each([
    ['a string property', '<Props><S N="UserName">svc</S><S N="Password">Zq29Plain</S></Props>', `<Props><S N="UserName">svc</S><S N="Password">${R}</S></Props>`],
    ["a PIN's number", '<I32 N="PIN">4821</I32>', `<I32 N="PIN">${R}</I32>`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it.each(['<B N="PasswordNeverExpires">true</B>', '<B N="PasswordRequired">false</B>', '<S N="Name">Password</S>'])('%s stays', (text) => {
    expect(redactText(text)).toBe(text);
  });
});
