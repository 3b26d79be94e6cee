// Shapes sec36 left: a quoted variable reference ('password="$PW"') was masked though it holds no secret. Each masking
// case plants a secret and asserts exactly what stays.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

const R = REDACTED;
const PLANTED = /Zq7/;

/** A case whose planted secret is masked: the output is exactly `want`, and no planted secret is left in it. */
function masksTo(_: string, text: string, want: string): void {
  const out = redactText(text);
  expect(out).toBe(want);
  expect(out).not.toMatch(PLANTED);
}
/** A case with nothing to mask: the text comes out as written. */
function staysAsWritten(_: string, text: string): void {
  expect(redactText(text)).toBe(text);
}

describe('a quoted variable reference', () => {
  it.each([
    ['a shell variable in double quotes', 'password="$PW"'],
    ['a braced variable in single quotes', "password='${DB_PASSWORD}'"],
    ["cmd's variable in double quotes", 'password="%PW%"'],
    ['an environment variable quoted after ":"', 'Password: "$env:DB_PASSWORD"'],
  ])('%s stays as written', staysAsWritten);

  it.each([
    ['literal text before the variable', 'password="Zq7$PW"', `password=${R}`],
    ['literal text after the variable', 'password="$PWZq7x"', `password=${R}`],
    ['quotes that do not match', `password="$PW'Zq7`, `password=${R}`],
    ['a variable not named for a secret', 'password="$Zq7abc"', `password=${R}`],
  ])('%s', masksTo);
});
