// Shapes that still wrote a secret whole: a secret's name compared with a literal, a call or an argument list giving it
// one, Lisp's pairs, SQL's "IDENTIFIED BY", a one-word value of a quoted name. Each masking case plants a secret and
// asserts exactly what stays; the kept cases are comparisons with no literal, prose and settings a report needs; the
// property plants a random secret behind each shape and asserts no part of it reaches the output while the neighbour stays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, secretsInText } from '../src/snapshot/secrets.js';
import { maskingCases } from './support/masking-cases.js';

const R = REDACTED;
const PLANTED = /Zq7x|Winterpass|changeme/;

const { masksTo, staysAsWritten } = maskingCases(PLANTED);

describe('a secret compared with a literal', () => {
  it.each([
    ['an index, ==', "if x['password'] == 'Zq7x'", `if x['password'] == '${R}'`],
    ['PowerShell -eq', "$pw -eq 'Zq7x'", `$pw -eq '${R}'`],
    ['PowerShell -ne', '$password -ne "Zq7x"', `$password -ne "${R}"`],
    ['bare name, ==', 'password == "Zq7x"', `password == "${R}"`],
    ['after a word', 'assert password == "Zq7x"', `assert password == "${R}"`],
    ['===', 'password === "Zq7x"', `password === "${R}"`],
    ['!=', 'password != "Zq7x"', `password != "${R}"`],
    ['Perl eq', 'password eq "Zq7x"', `password eq "${R}"`],
    ['shell test', 'test "$password" == "Zq7x"', `test "$password" == "${R}"`],
    ['shell [[ ]] with a bare literal', 'if [[ $PASSWORD == Zq7x9 ]]', `if [[ $PASSWORD == ${R} ]]`],
    ['a word of letters', 'if (password == "changeme")', `if (password == "${R}")`],
    ['the literal first', "'Zq7x' == password", `'${R}' == password`],
    ['the literal first, PowerShell', 'if ("Zq7x" -eq $password) {', `if ("${R}" -eq $password) {`],
    ['equals()', 'password.equals("Zq7x")', `password.equals("${R}")`],
    ['-match', 'password -match "Zq7x"', `password -match "${R}"`],
    ["R's <-", 'password <- "Zq7x"', `password <- "${R}"`],
  ])('%s', masksTo);

  it.each([
    ['null', 'password == null'],
    ['$null', 'if ($password -eq $null)'],
    ['an empty literal', 'password == ""'],
    ['another variable', 'password == other_password'],
    ['an index on both sides', "x['password'] == x['other']"],
    ['a length', 'password == 8'],
    ['a policy setting', 'if (PasswordComplexity == 1)'],
  ])('with %s, stays as written', staysAsWritten);
});

describe('a secret given as an argument', () => {
  it.each([
    ['a name, then its value', "x('password','Zq7x')", `x('password','${R}')`],
    ['.Add', '$h.Add("Password", "Zq7x")', `$h.Add("Password", "${R}")`],
    ['SetEnvironmentVariable', '[System.Environment]::SetEnvironmentVariable("PASSWORD", "Zq7x")', `[System.Environment]::SetEnvironmentVariable("PASSWORD", "${R}")`],
    ['after other arguments', 'config.set("db", "password", "Zq7x")', `config.set("db", "password", "${R}")`],
    ['a tuple', "('password', 'Zq7x')", `('password', '${R}')`],
    ['a list', '["password", "Zq7x"]', `["password", "${R}"]`],
    ["Erlang's tuple", '{password, "Zq7x"}', `{password, "${R}"}`],
    ['an argument after it stays', "x('password', 'Zq7x', 'other')", `x('password', '${R}', 'other')`],
    ["a registry export's CSV row", '"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon","DefaultPassword","Zq7x9"', `"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon","DefaultPassword","${R}"`],
    ['a call named for the secret', 'setPassword("Zq7x")', `setPassword("${R}")`],
    ['a method named for it', "obj.set_password('Zq7x')", `obj.set_password('${R}')`],
  ])('%s', masksTo);

  it.each([
    ['a variable', 'setPassword(pw)'],
    ['null', 'setPassword(null)'],
    ['an empty text', "setPassword('')"],
    ['a call', 'setPassword(getenv("X"))'],
    ['a CSV header', '"User","Password","Domain","Notes"'],
    ['a CSV header of more columns', '"Name","Password","PasswordLastSet","Enabled"'],
    ['a look-up by key', 'getPassword("pacs-ldap-bind")'],
    ['a look-up by key, a method', "vault.read_secret('svc-pacs-01')"],
  ])('%s stays as written', staysAsWritten);
});

describe("Lisp's pairs, SQL's IDENTIFIED BY, a quoted name's one-word value", () => {
  it.each([
    ['an alist', '(password . "Zq7x")', `(password . "${R}")`],
    ['a plist keyword', ':password "Zq7x"', `:password "${R}"`],
    ['a Clojure map', '{:user "bob" :password "Zq7x"}', `{:user "bob" :password "${R}"}`],
    ['setq', '(setq password "Zq7x")', `(setq password "${R}")`],
    ['define', '(define password "Zq7x")', `(define password "${R}")`],
    ['CREATE USER', "CREATE USER bob IDENTIFIED BY 'Zq7x'", `CREATE USER bob IDENTIFIED BY '${R}'`],
    ["Oracle's bare value", 'ALTER USER bob IDENTIFIED BY Zq7x9;', `ALTER USER bob IDENTIFIED BY ${R};`],
    ['GRANT', "GRANT ALL ON *.* TO 'u'@'%' IDENTIFIED BY 'Zq7x';", `GRANT ALL ON *.* TO 'u'@'%' IDENTIFIED BY '${R}';`],
    ["a quoted name's one word after ':'", "'password': 'Winterpass'", `'password': '${R}'`],
    ["a bare word of letters after '='", "'password' = Winterpass", `'password' = ${R}`],
    ["a YAML block scalar '|'", 'db:\n  password: |\n    Zq7x9k\n  user: bob', `db:\n  password: |\n    ${R}\n  user: bob`],
    ["a YAML folded block '>-'", 'password: >-\n  Zq7x9k\n  tail\nuser: bob', `password: >-\n  ${R}\n  ${R}\nuser: bob`],
  ])('%s', masksTo);

  it.each([
    ['prose quoting words', "She said 'password': 'reset it' at the desk"],
    ['prose quoting a state', "'password': 'reset'"],
    ['prose after identified by', 'the console identified by its serial'],
    ['a placeholder', 'Password: (none)'],
    ['a policy setting', 'PasswordComplexity = 1'],
  ])('%s stays as written', staysAsWritten);

  it('a comparison\'s literal is told as a secret found, so its copies elsewhere are masked too', () => {
    expect(secretsInText("if ($pw -eq 'Zq7x9k') { }")).toContain('Zq7x9k');
  });
});

describe('a random secret behind each shape', () => {
  it('never reaches the output; the neighbour stays', () => {
    const shapes = [
      (q: string, v: string) => `if x[${q}password${q}] == ${q}${v}${q}: other = 1`,
      (q: string, v: string) => `$pw -ne ${q}${v}${q} -and $port -eq 104`,
      (q: string, v: string) => `$h.Add(${q}Password${q}, ${q}${v}${q}); $h.Add(${q}User${q}, ${q}bob${q})`,
      (q: string, v: string) => `setPassword(${q}${v}${q}); port = 104`,
      (_: string, v: string) => `((user . "bob") (password . "${v}"))`,
      (_: string, v: string) => `{:user "bob" :password "${v}"}`,
      (q: string, v: string) => `CREATE USER bob IDENTIFIED BY ${q}${v}${q}; other = 1`,
      (q: string, v: string) => `${q}password${q}: ${q}${v}${q}, ${q}user${q}: ${q}bob${q}`,
    ];
    // Letters alone too: a comparison's or a pair's quoted word is the secret whatever its letters.
    const password = fc.tuple(fc.stringMatching(/^[A-Za-z]{4,8}$/), fc.stringMatching(/^[A-Za-z0-9!#%*+]{0,6}$/)).map(([a, b]) => `Qz${a}${b}`);
    fc.assert(fc.property(password, fc.constantFrom("'", '"'), fc.integer({ min: 0, max: shapes.length - 1 }), (v, q, i) => {
      const out = redactText(shapes[i]!(q, v));
      expect(out).not.toContain(v);
      expect(out).toMatch(/other = 1|bob|104/);
    }), { numRuns: 400, seed: 35 });
  });
});
