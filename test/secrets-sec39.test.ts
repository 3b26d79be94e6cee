// Leaks sec39 fixed (found by sec38): a password written whole into a report.
// A Markdown table's row naming a secret in one cell and holding its value in the next ("| Password | X |"): only a column
// named for a secret (a header over rows) was read, a row's name/value pair never.
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

describe("a Markdown table's row: a secret's name in one cell, its value in the next", () => {
  it.each([
    ['a padded row', '| Password | Zq7x9k |', `| Password | ${R} |`],
    ['a code span: the backquotes kept', '| LDAP bind password | `Zq7x9k` |', `| LDAP bind password | \`${R}\` |`],
    ['no blanks', '|Password|Zq7x9k|', `|Password|${R}|`],
    ['a header naming a column for the secret', '| Account | Password |\n| svc | Zq7x9k |', `| Account | Password |\n| svc | ${R} |`],
    ['a row under a Name/Value header, the next row kept', '| Name | Value |\n|---|---|\n| Password | Zq7x9k |\n| Host | pacs01 |', `| Name | Value |\n|---|---|\n| Password | ${R} |\n| Host | pacs01 |`],
    ['two pairs in one row', '| Password | Zq7x9k | PIN | 4829131 |', `| Password | ${R} | PIN | ${R} |`],
    ['a qualified name, a blank in the value, a note after it', '| Password (PACS) | Zq7 x9k | rotated |', `| Password (PACS) | ${R} | rotated |`],
    ['indented, CRLF', '  | Bind password | Zq7x9k |\r\n', `  | Bind password | ${R} |\r\n`],
    ["an escaped '|' inside the value", '| Password | Zq7\\|x9k |', `| Password | ${R} |`],
    // As the label rule reads "Password: required" (a word may be the password).
    ['a word as the label rule masks it', '| Password | required |', `| Password | ${R} |`],
    // A row under no header reads as a header too: the rows under it lose the cell under the secret's column, never a value.
    ['a row over another row, both read', '| Password | Zq7x9k |\n| PIN | 4829131 |', `| Password | ${R} |\n| ${R} | ${R} |`],
    // An identifier naming a secret keys a setting's record as a label does: the other reading (an id, its next field) would
    // write the password (docs/checks.md's "| PWD-NO-LM-HASH | access |" loses "access": an over-mask a reader can look up).
    ['an identifier naming a secret, in capitals', '| LDAP-BIND-PASSWORD | Zq7x9k |', `| LDAP-BIND-PASSWORD | ${R} |`],
  ])('%s', masksTo);

  it.each([
    ['a switch\'s state', '| Password | yes |'],
    ['"no"', '| Password | no |'],
    ['a dash', '| Password | - |'],
    ['an ellipsis', '| Password | … |'],
    ['a placeholder', '| Password | <password> |'],
    ['a variable', '| Password | `$PW` |'],
    ["a setting's name", '| Password length | 14 |'],
    ['a verdict', '| Pass | 12 |'],
    ['prose', '| Password | see the vault |'],
    ['no secret named', '| Host | pacs01 |'],
    ['a header over its rule', '| Password | Account |\n|---|---|'],
    ["a pipeline's continued line", '    | grep -i password | sort'],
  ])('%s stays as written', staysAsWritten);
});

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
