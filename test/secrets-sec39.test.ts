// Leaks sec39 fixed (found by sec38): a password written whole into a report.
// A here-string fed to a password-reading command with words before it on its line ("Run passwd --stdin svc <<< X"): only
// the text's first word was read as the command, so a sentence's word ("Run", "Then:") hid the command and its password.
// A word of letters in a code span under a secret's label ("LDAP bind password\n`Welcome`") was read as a heading's next
// line and kept: a heading's text is not quoted as code (sec38's property found it once more shapes were sampled).
// Each masking case plants a secret and asserts exactly what stays; MASKING_SHAPES carries each shape into sec38's property.
import { describe, it } from 'vitest';
import { REDACTED } from '../src/snapshot/secrets.js';
import { maskingCases } from './support/masking-cases.js';

const R = REDACTED;
const { masksTo, staysAsWritten } = maskingCases(/Zq7/);

describe('a here-string fed to a password-reading command, words before the command', () => {
  it.each([
    ['an imperative before passwd', 'Run passwd --stdin svc <<< Zq7x9k', `Run passwd --stdin svc <<< ${R}`],
    ["a sentence's label before passwd", 'Then: passwd --stdin svc <<< Zq7x9k', `Then: passwd --stdin svc <<< ${R}`],
    ['a path to passwd, the text quoted', 'Then: /usr/bin/passwd --stdin svc <<< "Zq7x9k"', `Then: /usr/bin/passwd --stdin svc <<< "${R}"`],
    ["chpasswd's user:password, the user kept", "Then: chpasswd <<< 'svc:Zq7x9k'", `Then: chpasswd <<< 'svc:${R}'`],
    ['sudo -S after words', 'Run sudo -S apt update <<< Zq7x9k', `Run sudo -S apt update <<< ${R}`],
    ['sudo before passwd', 'Step 2: sudo passwd --stdin svc <<< Zq7x9k', `Step 2: sudo passwd --stdin svc <<< ${R}`],
    ['smbpasswd after words', 'Then run smbpasswd -s -a svc <<< Zq7x9k', `Then run smbpasswd -s -a svc <<< ${R}`],
  ])('%s', masksTo);

  it.each([
    ['a here-string to a command that reads no password', 'Run grep svc <<< Zq7x9k'],
    ["prose naming a password before '<<<'", 'Type the password <<< here'],
    ['a placeholder fed after words', 'Run passwd --stdin svc <<< <password>'],
    ['a variable fed after words', 'Run passwd --stdin svc <<< $PW'],
  ])('%s stays as written', staysAsWritten);
});

describe('a word of letters in a code span under a secret label', () => {
  const letters = maskingCases(/zqabcd/i);
  it.each([
    ['capitalised', 'LDAP bind password\n`Zqabcd`', `LDAP bind password\n\`${R}\``],
    ['small letters', 'Password\n`zqabcd`', `Password\n\`${R}\``],
  ])('%s', letters.masksTo);

  it.each([
    ['a heading over a word, no code span', 'Password\nRequired'],
    ['a variable in the span', 'Password\n`$PW`'],
  ])('%s stays as written', letters.staysAsWritten);
});
