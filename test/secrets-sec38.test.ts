// Over-masks sec38 fixed: a reader lost a fact that is no secret. A value in a code span after a secret's label lost its
// backquotes and the words after the span; chpasswd's user was masked when a full stop followed the command; a switch,
// a command's argument, a fed password and a URL's password masked a manual's placeholder ("-pw …", "<password>") that
// the label rule keeps. Each masking case plants a secret and asserts exactly what stays; the property plants random
// secrets in every masking shape and asserts the secret is gone and everything else stays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';
import { MASKING_SHAPES, maskingCases } from './support/masking-cases.js';

const R = REDACTED;
const PLANTED = /Zq7/;

const { masksTo, staysAsWritten } = maskingCases(PLANTED);

describe('a value in a code span after a secret label: the value masked, its backquotes and the words after it kept', () => {
  it.each([
    ['a label', 'Password: `Zq7x9k`', `Password: \`${R}\``],
    ['a label mid-sentence', 'the Password: `Zq7x9k` here', `the Password: \`${R}\` here`],
    ['a label, then a comma', 'Password: `Zq7x9k`, then log on', `Password: \`${R}\`, then log on`],
    ['double backquotes', 'Password: ``Zq7x9k``', `Password: \`\`${R}\`\``],
    ['a blank inside the span', 'Password: `Zq7 x9k`', `Password: \`${R}\``],
    ['after "="', 'pwd = `Zq7x9k` here', `pwd = \`${R}\` here`],
    ['in a connection string', 'Password=`Zq7x9k`;User=bob', `Password=\`${R}\`;User=bob`],
    ['a qualified label', 'Password (PACS): `Zq7x9k` ok', `Password (PACS): \`${R}\` ok`],
    ['a label before a dash', 'PW for AD bind - `Zq7x9k` ok', `PW for AD bind - \`${R}\` ok`],
    ['a label alone on its line', 'Password:\n`Zq7x9k`', `Password:\n\`${R}\``],
    ['a label over its value', 'LDAP bind password\n`Zq7x9k`', `LDAP bind password\n\`${R}\``],
    ['a label and a tab', 'Bind password\t`Zq7x9k`', `Bind password\t\`${R}\``],
    ['text glued after the span is the value too', 'Password: `Zq7`x9k', `Password: ${R}`],
    ['an unclosed backquote: the value runs on as before', 'Password: `Zq7x9k', `Password: ${R}`],
  ])('%s', masksTo);

  it.each([
    ['a variable in the span', 'Password: `$PW`'],
    ['a placeholder in the span', 'Password: `…`'],
  ])('%s stays as written', staysAsWritten);
});

describe("chpasswd's user stays, whatever mark ends the sentence", () => {
  it.each([
    ['a full stop', "echo 'svc:Zq7x9k' | chpasswd.", `echo 'svc:${R}' | chpasswd.`],
    ['a comma', "echo 'svc:Zq7x9k' | chpasswd, then reboot", `echo 'svc:${R}' | chpasswd, then reboot`],
    ['a path and "!"', "echo 'svc:Zq7x9k' | /usr/sbin/chpasswd!", `echo 'svc:${R}' | /usr/sbin/chpasswd!`],
    ['".exe" and a full stop', "echo 'svc:Zq7x9k' | chpasswd.exe.", `echo 'svc:${R}' | chpasswd.exe.`],
    // The same mark after a switch naming stdin hid the feed: the password was written whole.
    ['--password-stdin and a full stop', 'echo Zq7x9k | docker login -u bob --password-stdin.', `echo ${R} | docker login -u bob --password-stdin.`],
  ])('%s', masksTo);
});

describe('a placeholder is no value, whichever rule reads it', () => {
  it.each([
    ['a secret switch, "…"', 'plink -pw … host'],
    ['a secret switch, "..."', 'plink -pw ... host'],
    ['a secret switch, "<password>"', 'plink -pw <password> host'],
    ['a long switch', 'tool --password <your password> --verbose'],
    ['a /p: switch', 'net use X: \\\\srv\\share /p:…'],
    ['cmdkey /pass:', 'cmdkey /add:srv /user:svc /pass:<password>'],
    ['FreeRDP /p:', 'xfreerdp /p:<password> /v:host'],
    ['a -p switch beside a user', 'tool --user svc -p <password>'],
    ["net user's positional password", 'net user svc <password> /add'],
    ["net user's positional password, an ellipsis", 'net user svc … /add'],
    ['psexec -p', 'psexec -u svc -p <password> \\\\host cmd'],
    ["mysql's glued -p", 'mysql -u bob -p<password> db'],
    ['sshpass -p', 'sshpass -p … ssh host'],
    ['usermod -p', 'usermod -p … bob'],
    ['a fed password', 'echo … | passwd --stdin svc'],
    ['a fed quoted placeholder', 'echo "<password>" | passwd --stdin svc'],
    ["chpasswd's password part", "echo 'svc:<password>' | chpasswd"],
    ["a URL's password", 'ldap://svc:<password>@dc01'],
    ["a URL's password, an ellipsis", 'ldap://svc:…@dc01'],
    ['a label', 'Password: <password>'],
    ['a pair', 'password=<DB_PASSWORD>;User=bob'],
    ['prose', 'the password is <password>'],
    ['a JSON member', '{"password": "<password>"}'],
    ['sp_password', "EXEC sp_password NULL, '…', 'bob'"],
    ['IDENTIFIED BY', 'ALTER USER bob IDENTIFIED BY <password>;'],
    ['a reg query line', '    DefaultPassword    REG_SZ    ...'],
    // Quoted in a code span, the whole line's read took the data to the line's end: the span's close ends it.
    ['a reg query line in a code span', '(`    DefaultPassword    REG_SZ    …`) and in a .reg file'],
    ['a label over its value', 'LDAP bind password\n<password>'],
    ['an SNMP community line', 'snmp-server community … RO'],
    ['a quoted community', 'community "<password>"'],
    ['a TACACS+ key', 'tacacs-server key <password>'],
    // A variable named for the secret, as the label rule keeps it ("Password: $password"): the bare-prose rule read the
    // switch's name and the word after it as "pw Zq7x9k" is read.
    ['a variable after a secret switch', 'plink -pw $password host'],
    ["an environment variable after a secret switch", 'tool --password $DB_PASSWORD host'],
    ["cmd's variable after a secret switch", 'tool -pw %PASSWORD% host'],
  ])('%s stays as written', staysAsWritten);

  it.each([
    ['a value written in brackets', 'plink -pw <Zq7x9k> host', `plink -pw ${R} host`],
    ['a word with digits in brackets', 'Password: <Zq7word1>', `Password: ${R}`],
    ['a bracketed word naming no secret', 'net user svc <Zq7abc> /add', `net user svc ${R} /add`],
    ['a variable not named for a secret after a switch', 'plink -pw $Zq7winter host', `plink -pw ${R} host`],
    ['a placeholder with text beside it', 'plink -pw <password>Zq7 host', `plink -pw ${R} host`],
    ['a reg query line in a code span, a password as its data', '(`    DefaultPassword    REG_SZ    Zq7x9k`) and more', `(\`    DefaultPassword    REG_SZ    ${R}\`) and more`],
    ['a value in brackets with a blank, after a switch: masked whole', 'tool --password <Zq7 x9k> --verbose', `tool --password ${R} --verbose`],
  ])('%s', masksTo);
});

describe('every masking shape, with a random secret', () => {
  it('masks the secret and keeps the text outside it (labels, delimiters, user names)', () => {
    const password = fc.tuple(fc.stringMatching(/^[A-Za-z]{4,8}$/), fc.stringMatching(/^[A-Za-z0-9!*+]{0,6}$/)).map(([a, b]) => `Qz${a}${b}`);
    fc.assert(fc.property(password, fc.constantFrom(...MASKING_SHAPES), (v, shape) => {
      const out = redactText(shape.text(v));
      expect(out).not.toContain(v);
      expect(out, shape.name).toBe((shape.masked ?? shape.text)(R));
    }), { numRuns: 600, seed: 38 });
  });
});
