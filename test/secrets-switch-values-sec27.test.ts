// sec27: one rule for a switch's value written after a password word, whatever the syntax. sec26 kept it in XML
// named pairs only ('<add key="Password" value="true"/>') and in 'Password: true', while 'Password=true',
// '{"Name":"Password","Value":"true"}' and '<Password>true</Password>' were masked. Now a switch's state written
// exactly (isSettingData, no blank inside its quotes) stays in every syntax, unless a user's name stands beside it
// (a login's password is what it holds) or the name is a PIN's or a code's (digits are what a PIN is).
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

/** The same pair in each syntax the text rules read. */
const SYNTAXES: ReadonlyArray<readonly [string, (name: string, v: string) => string, boolean?]> = [
  // Unquoted: a blank after the value is no part of it (the last flag).
  ['key=value', (n, v) => `${n}=${v}`, true],
  ['key = value in an INI section', (n, v) => `[Console]\r\n${n} = ${v}\r\nTheme=dark`, true],
  ['key: value', (n, v) => `${n}: ${v}`, true],
  ['a JSON member', (n, v) => `{"${n}": "${v}", "Theme": "dark"}`],
  ['a JSON Name/Value pair', (n, v) => `[{"Name":"${n}","Value":"${v}"},{"Name":"Theme","Value":"dark"}]`],
  ['an XML named pair', (n, v) => `<appSettings>\n  <add key="${n}" value="${v}"/>\n  <add key="Theme" value="dark"/>\n</appSettings>`],
  ['an XML element', (n, v) => `<Config><${n}>${v}</${n}><Theme>dark</Theme></Config>`],
  ['an XML named element', (n, v) => `<Setting Name="${n}">${v}</Setting>`],
  ["a Python dict", (n, v) => `{'${n}': '${v}', 'theme': 'dark'}`],
];

describe("a switch's value after a password word stays in every syntax", () => {
  for (const [syntax, form] of SYNTAXES) {
    it.each(['true', 'False', 'no', 'Enabled', 'off', '1', '0'])(`${syntax}: Password holding %j`, (value) => {
      const text = form('Password', value);
      expect(redactText(text)).toBe(text);
    });
  }
});

describe('a password that only resembles a switch is masked in every syntax', () => {
  for (const [syntax, form, unquoted] of SYNTAXES) {
    // A word with letters after it, a digit after "no", a capital inside, a blank inside the quotes: text a password may be.
    it.each(['Tr0ub4dor', 'truex', 'no1', 'eNabled', ...(unquoted ? [] : ['true '])])(`${syntax}: Password holding %j`, (value) => {
      const out = redactText(form('Password', value));
      expect(out).toContain(REDACTED);
      expect(out).not.toMatch(new RegExp(`[>="':] ?${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      // Only the password's value: the setting beside it stays.
      expect(out).toMatch(/dark|<\/Setting>|Password=\[REDACTED\]$|Password: \[REDACTED\]$/);
    });
  }

  it("masks a quoted '\"true \"' after = and :", () => {
    expect(redactText('Password="true "')).toBe(`Password=${REDACTED}`);
    expect(redactText('Password: "true "')).toBe(`Password: ${REDACTED}`);
  });
});

describe("beside a user's name, a switch's word or digits are the login's password", () => {
  it.each([
    ['user=svc Password=123', `user=svc Password=${REDACTED}`],
    ['Server=pacs01;User Id=sa;Password=1;', `Server=pacs01;User Id=sa;Password=${REDACTED};`],
    ['[db]\nUser=svc\nPassword=yes\n', `[db]\nUser=svc\nPassword=${REDACTED}\n`],
    ['Username: admin\nPassword: 123', `Username: admin\nPassword: ${REDACTED}`],
    ['<add key="UserName" value="svc"/>\n<add key="Password" value="1"/>', `<add key="UserName" value="svc"/>\n<add key="Password" value="${REDACTED}"/>`],
    ['{"user": "svc", "password": "true"}', `{"user": "svc", "password": "${REDACTED}"}`],
    ['<Login><Username>svc</Username><Password>123</Password></Login>', `<Login><Username>svc</Username><Password>${REDACTED}</Password></Login>`],
  ])('masks %j', (text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it('keeps the switch when the user is further away than the next line', () => {
    const text = 'User=svc\nTheme=dark\nLanguage=en\nPassword=1';
    expect(redactText(text)).toBe(text);
  });
});

describe("a PIN's or a code's digits are the secret, a password policy's digits are settings", () => {
  it.each([
    ['PIN=123', `PIN=${REDACTED}`],
    ['<add key="StartupPin" value="42"/>', `<add key="StartupPin" value="${REDACTED}"/>`],
    ['<UnlockCode>907</UnlockCode>', `<UnlockCode>${REDACTED}</UnlockCode>`],
    ['{"Name":"Passcode","Value":"12"}', `{"Name":"Passcode","Value":"${REDACTED}"}`],
  ])('masks %j', (text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it.each(['PasswordComplexity = 1', 'MinimumPasswordLength = 14', '<add key="MinimumPasswordLength" value="14"/>', 'PIN=true'])('keeps %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("an htpasswd line as a secret name's value: the user stays, the hash is masked", () => {
  const HASH = '$apr1$Zq7salt1$Hk2Fx8Yq3nRp9Ss5Tt7Uu1';
  it.each([
    [`.htpasswd: svc:${HASH}`, `.htpasswd: svc:$apr1$${REDACTED}`],
    [`htpasswd: svc:${HASH}`, `htpasswd: svc:$apr1$${REDACTED}`],
    [`Password: svc:${HASH}`, `Password: svc:$apr1$${REDACTED}`],
    [`{"htpasswd": "svc:${HASH}"}`, `{"htpasswd": "svc:$apr1$${REDACTED}"}`],
    [`[{"Name":"htpasswd","Value":"svc:${HASH}"}]`, `[{"Name":"htpasswd","Value":"svc:$apr1$${REDACTED}"}]`],
    [`<htpasswd>svc:${HASH}</htpasswd>`, `<htpasswd>svc:$apr1$${REDACTED}</htpasswd>`],
    [`<add key="htpasswd" value="svc:${HASH}"/>`, `<add key="htpasswd" value="svc:$apr1$${REDACTED}"/>`],
  ])('%j', (text, want) => {
    const out = redactText(text);
    expect(out).not.toContain('Hk2Fx8Yq3nRp9');
    expect(out).toBe(want);
  });

  it('masks the whole value when what follows the id is no hash, or text follows the mask', () => {
    expect(redactText('htpasswd: svc:$apr1$short')).toBe(`htpasswd: ${REDACTED}`);
    expect(redactText(`Password: S3cr3t:$apr1$${REDACTED}x`)).toBe(`Password: ${REDACTED}`);
  });
});

describe("a switch's word masked under a secret name is no copy of a secret elsewhere in the snapshot", () => {
  it.each(['Enabled', 'disabled', 'ALLOWED'])('registry Password = %j: masked there; the word elsewhere and a registry name "…\\Enabled" stay', async (word) => {
    const { readFileSync } = await import('node:fs');
    const { redactSnapshot } = await import('../src/snapshot/secrets.js');
    const s = JSON.parse(readFileSync('samples/MR-01/MR-01_2026-11-02.json', 'utf8')) as { hardening: { registry: Record<string, unknown>; baseline: { differences: Array<{ actual: string }> } } };
    const fips = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled';
    expect(s.hardening.registry[fips]).toBe(1);
    s.hardening.registry['HKLM\\SOFTWARE\\Vendor\\App\\Password'] = word;
    s.hardening.baseline.differences[0]!.actual = `Audit mode ${word} by the vendor`;
    const out = redactSnapshot(s as never) as unknown as typeof s;
    expect(out.hardening.registry['HKLM\\SOFTWARE\\Vendor\\App\\Password']).toBe(REDACTED);
    expect(out.hardening.registry[fips]).toBe(1);
    expect(out.hardening.baseline.differences[0]!.actual).toBe(`Audit mode ${word} by the vendor`);
  });

  it('a password of letters under a secret name is still a copy masked elsewhere', async () => {
    const { readFileSync } = await import('node:fs');
    const { redactSnapshot } = await import('../src/snapshot/secrets.js');
    const s = JSON.parse(readFileSync('samples/MR-01/MR-01_2026-11-02.json', 'utf8')) as { hardening: { registry: Record<string, unknown>; baseline: { differences: Array<{ actual: string }> } } };
    s.hardening.registry['HKLM\\SOFTWARE\\Vendor\\App\\Password'] = 'Sunshine';
    s.hardening.baseline.differences[0]!.actual = 'Audit mode Sunshine by the vendor';
    const out = redactSnapshot(s as never) as unknown as typeof s;
    expect(out.hardening.baseline.differences[0]!.actual).toBe(`Audit mode ${REDACTED} by the vendor`);
  });
});
