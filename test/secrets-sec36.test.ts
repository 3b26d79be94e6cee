// Shapes that still wrote a secret whole: a secret compared by a call ("strcmp(pw, …)", "assertEquals(password, …)",
// "expect(password).toBe(…)", "password in (…)"), a password fed to a command ("echo X | passwd --stdin", chpasswd's
// "user:X", "usermod -p X", SQL Server's "sp_password NULL, 'X', 'sa'"), and Go's or Pascal's ":=". And shapes masked that
// hold no secret: a variable as the value ("'password' = $null", "= $pw"), a placeholder in a Markdown code span, a reason
// ingest gives for skipping a file. Each masking case plants a secret and asserts exactly what stays; the property plants a
// random secret behind each new shape and asserts no part of it reaches the output while the neighbour stays.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INGEST_SKIP_REASON, REDACTED, redactText, secretsInText } from '../src/snapshot/secrets.js';
import { maskingCases } from './support/masking-cases.js';

const R = REDACTED;
const PLANTED = /Zq7x|Winterpass|Old1x/;

const { masksTo, staysAsWritten } = maskingCases(PLANTED);

describe('a secret compared by a call', () => {
  it.each([
    ["C's strcmp", 'if (strcmp(pw, "Zq7x9k") == 0)', `if (strcmp(pw, "${R}") == 0)`],
    ['strcmp without a blank', 'strcmp(password,"Zq7x9k")', `strcmp(password,"${R}")`],
    ['the literal first, strncmp', 'strncmp("Zq7x9k", cfg->password, 6)', `strncmp("${R}", cfg->password, 6)`],
    ['_stricmp', '_stricmp(szPwd, "Zq7x9k")', `_stricmp(szPwd, "${R}")`],
    ["wcscmp of a wide literal", 'wcscmp(pwd, L"Zq7x9k")', `wcscmp(pwd, L"${R}")`],
    ["C#'s String.Equals", 'String.Equals(password, "Zq7x9k")', `String.Equals(password, "${R}")`],
    ['assertEquals', 'assertEquals(password, "Zq7x9k")', `assertEquals(password, "${R}")`],
    ["NUnit's Assert.AreEqual, the literal first", 'Assert.AreEqual("Zq7x9k", user.Password);', `Assert.AreEqual("${R}", user.Password);`],
    ["Jest's toBe", 'expect(password).toBe("Zq7x9k")', `expect(password).toBe("${R}")`],
    ["Jest's toEqual", "expect(cfg.password).toEqual('Zq7x9k');", `expect(cfg.password).toEqual('${R}');`],
    ["Chai's to.equal", 'expect(password).to.equal("Zq7x9k")', `expect(password).to.equal("${R}")`],
    ["Chai's should", 'password.should.equal("Zq7x9k")', `password.should.equal("${R}")`],
    ["AssertJ's isEqualTo", 'assertThat(password).isEqualTo("Zq7x9k");', `assertThat(password).isEqualTo("${R}");`],
    ["RSpec's eq", 'expect(password).to eq("Zq7x9k")', `expect(password).to eq("${R}")`],
    ["Python's in", "password in ('Zq7x9k', 'Other1')", `password in ('${R}', '${R}')`],
    ['not in a list', 'if pw not in ["Zq7x9k"]:', `if pw not in ["${R}"]:`],
    ["SQL's IN", "WHERE password IN ('Zq7x9k')", `WHERE password IN ('${R}')`],
    ["PowerShell's -in", "$pw -in @('Zq7x9k', 'Other1')", `$pw -in @('${R}', '${R}')`],
  ])('%s', masksTo);

  it.each([
    ['a user compared', 'strcmp(user, "admin")'],
    ['a user asserted', 'expect(user).toBe("bob")'],
    ['two variables', 'strcmp(pw, expected_pw)'],
    ['an empty literal', 'assertEquals(password, "")'],
    ['a length', 'expect(password.length).toBe(12)'],
    ['a user in a list', "user in ('bob', 'alice')"],
    ['prose with "in"', "the password in (the vault's) 'prod' folder"],
  ])('%s stays as written', staysAsWritten);

  it("a compared literal is told as a secret found, so its copies elsewhere are masked too", () => {
    expect(secretsInText('strcmp(pw, "Zq7x9k")')).toContain('Zq7x9k');
  });
});

describe('a password fed to a command', () => {
  it.each([
    ['echo into passwd --stdin', 'echo Zq7x9k | passwd --stdin svc', `echo ${R} | passwd --stdin svc`],
    ['echo -e of two lines into passwd', 'echo -e "Zq7x9k\\nZq7x9k" | passwd svc', `echo -e "${R}" | passwd svc`],
    ["printf, its format kept", "printf '%s' Zq7x9k | smbpasswd -s svc", `printf '%s' ${R} | smbpasswd -s svc`],
    ["chpasswd's user:password, the user kept", "echo 'svc:Zq7x9k' | chpasswd", `echo 'svc:${R}' | chpasswd`],
    ['chpasswd of two users', 'echo "svc:Zq7x9k\\nbob:Zq7x8j" | chpasswd', `echo "svc:${R}\\nbob:${R}" | chpasswd`],
    ['sudo -S', 'echo Zq7x9k | sudo -S systemctl restart pacs', `echo ${R} | sudo -S systemctl restart pacs`],
    ['--password-stdin', 'echo Zq7x9k | docker login -u svc --password-stdin registry', `echo ${R} | docker login -u svc --password-stdin registry`],
    ['a here-string', 'passwd --stdin svc <<< Zq7x9k', `passwd --stdin svc <<< ${R}`],
    ["a here-string to chpasswd", "chpasswd <<< 'svc:Zq7x9k'", `chpasswd <<< 'svc:${R}'`],
    ['in a code span, the user and the span kept', "run `echo 'svc:Zq7x9k' | chpasswd` once", `run \`echo 'svc:${R}' | chpasswd\` once`],
    ['a here-string in a code span', 'run `passwd --stdin svc <<< Zq7x9k` once', `run \`passwd --stdin svc <<< ${R}\` once`],
    // A backquote inside an unquoted password is part of it: the whole word is masked, not the part before it.
    ['echoed, a backquote inside', 'echo Zq7`x9k | passwd --stdin svc', `echo ${R} | passwd --stdin svc`],
    ['a here-string, a backquote inside', 'passwd --stdin svc <<< Zq7`x9k', `passwd --stdin svc <<< ${R}`],
    ['a here-string in a code span, a comma after it', 'run `passwd --stdin svc <<< Zq7x9k`, then', `run \`passwd --stdin svc <<< ${R}\`, then`],
    ['usermod -p', 'usermod -p Zq7x9k svc', `usermod -p ${R} svc`],
    ["sp_password's new password, the login kept", "sp_password NULL, 'Zq7x9k', 'sa'", `sp_password NULL, '${R}', 'sa'`],
    ["sp_password's old and new", "EXEC sp_password 'Old1x', 'Zq7x9k', 'sa';", `EXEC sp_password '${R}', '${R}', 'sa';`],
    ["sp_password's named parameters", "EXEC sp_password @old = NULL, @new = N'Zq7x9k', @loginame = 'sa'", `EXEC sp_password @old = NULL, @new = N'${R}', @loginame = 'sa'`],
    ['sp_addlogin, the login kept', "EXEC master.dbo.sp_addlogin 'bob', 'Zq7x9k'", `EXEC master.dbo.sp_addlogin 'bob', '${R}'`],
    ["Go's :=", 'password := "Zq7x9k"', `password := ${R}`],
    ["Pascal's :=", "Password := 'Zq7x9k';", `Password := ${R};`],
  ])('%s', masksTo);

  it.each([
    ['echo into grep', 'echo password | grep -i pass'],
    ['a variable fed', 'echo $PW | passwd --stdin svc'],
    ['a status', 'passwd -S svc'],
    ['an OR, not a pipe', 'echo done || passwd svc'],
    ['sp_password named alone', 'EXEC sp_password'],
    ['a device line, already masked elsewhere', 'net user svc /active:yes'],
  ])('%s stays as written', staysAsWritten);

  it('already masked before: a device\'s password lines, net user, --password= (checked, unchanged)', () => {
    expect(redactText('password Zq7x9k')).toBe(`password ${R}`);
    expect(redactText('username admin password Zq7x9k')).toBe(`username admin password ${R}`);
    expect(redactText('net user svc Zq7x9k')).toBe(`net user svc ${R}`);
    expect(redactText('useradd -m --password=Zq7x9k svc')).toBe(`useradd -m --password=${R} svc`);
  });
});

describe('no secret: a variable, a placeholder in a code span', () => {
  it.each([
    ["PowerShell's $null", "'password' = $null"],
    ['a variable named for the secret', 'password = $pw'],
    ['a variable of the same name', '$cfg.password = $password'],
    ['after ":"', 'Password: $pw'],
    ['an environment variable', 'Password: $env:DB_PASSWORD'],
    ['a braced variable', 'password = ${DB_PASSWORD}'],
    ["cmd's variable", 'password = %DB_PASSWORD%'],
    ['a member', '$h["Password"] = $cred.Password'],
    ['a placeholder in a code span', '`Password: (none)`'],
    ['a placeholder in a code span mid-line', 'write `Password: (none)` when none is set'],
    ['a variable in a code span', "write `'password' = $null` when none is set"],
    ['the placeholder outside one', 'Password: (none)'],
  ])('%s stays as written', staysAsWritten);

  it.each([
    ['a value of a password\'s form after "$"', 'password = $Winter2026', `password = ${R}`],
    ['a variable not named for a secret', "'password' = $Winterpass", `'password' = ${R}`],
    ['a code span\'s password, its close kept', 'set `Password: Zq7x9k` first', `set \`Password: ${R}\` first`],
  ])('%s is masked', masksTo);
});

/** The reasons src/ingest writes for a skipped file: every literal after "reason:", "skip:", "skipReason:" or in a "…Reason" function. */
function ingestReasons(): string[] {
  const files = (function walk(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  })(new URL('../src/ingest', import.meta.url).pathname);
  const out: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const at = /(?:\b(?:skipReason|reason|skip)\s*:|Reason\s*=\s*\([^)]*\)\s*(?::\s*string\s*)?=>)\s*(?:'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*?)(?:`|\$\{(?!\s*[\w.]+\s*\})))/g;
    for (const m of text.matchAll(at)) {
      // A template's placeholders read as a plain word (a manifest's name); its text is cut at the first nested expression.
      const r = (m[1] ?? m[2]!).replace(/\\'/g, "'").replace(/\$\{[\w.() ]+\}/g, 'collection.json');
      if (r.trim() !== '' && !r.startsWith('odd')) out.push(r);
    }
  }
  return out;
}

describe('every reason ingest gives for a skipped file', () => {
  const reasons = ingestReasons();
  it('is found in the sources (the net accounts parser\'s and the manifest\'s among them)', () => {
    expect(reasons.length).toBeGreaterThanOrEqual(10);
    expect(reasons.some((r) => r.startsWith('"net accounts /domain"'))).toBe(true);
    expect(reasons.some((r) => r.includes('says this collection did not write it'))).toBe(true);
  });
  it.each(reasons.map((r) => [r]))('%s: read as a reason, kept whole after a ".key" file\'s name', (reason) => {
    expect(INGEST_SKIP_REASON.test(reason)).toBe(true);
    const line = `skipped secret.key: ${reason}`;
    expect(redactText(line)).toBe(line);
  });
});

describe('a random secret behind each new shape', () => {
  it('never reaches the output; the neighbour stays', () => {
    const shapes = [
      (q: string, v: string) => `if (strcmp(pw, ${q}${v}${q}) == 0) port = 104;`,
      (q: string, v: string) => `assertEquals(user.password, ${q}${v}${q}); port = 104`,
      (q: string, v: string) => `expect(password).toEqual(${q}${v}${q}); port = 104`,
      (q: string, v: string) => `if password in (${q}${v}${q}, ${q}Qx${v}${q}): port = 104`,
      (q: string, v: string) => `echo ${q}${v}${q} | passwd --stdin svc; port = 104`,
      (q: string, v: string) => `echo ${q}svc:${v}${q} | chpasswd; user = bob`,
      (_: string, v: string) => `usermod -p ${v} bob`,
      (_: string, v: string) => `EXEC sp_password NULL, '${v}', 'bob'`,
      (q: string, v: string) => `password := ${q}${v}${q}; user := ${q}bob${q}`,
    ];
    const password = fc.tuple(fc.stringMatching(/^[A-Za-z]{4,8}$/), fc.stringMatching(/^[A-Za-z0-9!#%*+]{0,6}$/)).map(([a, b]) => `Qz${a}${b}`);
    fc.assert(fc.property(password, fc.constantFrom("'", '"'), fc.integer({ min: 0, max: shapes.length - 1 }), (v, q, i) => {
      const out = redactText(shapes[i]!(q, v));
      expect(out).not.toContain(v);
      expect(out).toMatch(/104|bob/);
    }), { numRuns: 400, seed: 36 });
  });
});
