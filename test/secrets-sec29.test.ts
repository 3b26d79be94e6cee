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
