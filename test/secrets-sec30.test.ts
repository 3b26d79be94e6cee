// Forms sec29 left: a JSON string or an XML attribute whose text runs on past an unescaped quote inside it, a format's
// marker between a label and its value (LDIF's "::", an .rdp file's type), and a time of a secret read as the secret.
// Each masking case plants a secret and asserts it is gone and exactly which text around it stays.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

const R = REDACTED;

describe('a JSON string runs on past an unescaped quote (broken JSON read as text)', () => {
  it.each([
    ['text after the close', '"Password": "abc"Zq30def', `"Password": "${R}"`],
    ['inside an object, the next member stays', '{"Password": "abc"Zq30def, "User": "svc"}', `{"Password": "${R}", "User": "svc"}`],
    ['a quote inside, closed after the tail', '{"Password":"abc"Zq30def"}', `{"Password":"${R}"}`],
    ['after an escaped quote', '"Password": "a\\"b"Zq30cd', `"Password": "${R}"`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it.each([
    ['a full stop ending a sentence', '"Password": "abc". Next', `"Password": "${R}". Next`],
    ['well-formed JSON', '{"Password":"abc","Port":"636"}', `{"Password":"${R}","Port":"636"}`],
    ['a switch state', '"Password": "true"', '"Password": "true"'],
    ["a source's escape after the close", 'send(`"Password": "abc"\\n`)', `send(\`"Password": "${R}"\\n\`)`],
  ])('ends at the close: %s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });
});

describe('an XML attribute runs on past an unescaped quote', () => {
  it.each([
    ['double quotes', '<add key="Password" value="Zq7"Zq30Secret" />', `<add key="Password" value="${R}" />`],
    ['self-closed right after', '<add key="Password" value="Zq7"Zq30Secret"/>', `<add key="Password" value="${R}"/>`],
    ['single quotes', "<add key='Password' value='Zq7'Zq30Secret'/>", `<add key='Password' value='${R}'/>`],
    ['two quotes inside', '<add key="Password" value="Zq7"Zq30"Secret" />', `<add key="Password" value="${R}" />`],
    ['the element names the secret', '<password value="Zq7"Zq30Secret"/>', `<password value="${R}"/>`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it('a switch state and other attributes stay', () => {
    expect(redactText('<add key="Password" value="true" />')).toBe('<add key="Password" value="true" />');
    expect(redactText('<add key="Server" value="pacs01" /><a href="x"/>')).toBe('<add key="Server" value="pacs01" /><a href="x"/>');
  });
});

describe("a format's marker between a label and its value stays; the value goes", () => {
  it.each([
    ["LDIF's base64 marker", 'unicodePwd:: IgBaAHEAMwAwAFMAZQBjAHIAZQB0ACIA', `unicodePwd:: ${R}`],
    ["LDIF's marker, no blank", 'userPassword::e1NTSEF9WnEzMA==', `userPassword::${R}`],
    ['in an LDIF record', 'dn: CN=svc,DC=hosp\nunicodePwd:: IgBaAHEAMwAwACIA\n-', `dn: CN=svc,DC=hosp\nunicodePwd:: ${R}\n-`],
    // Hex to the line's end, as a saved .rdp file writes it: text that is not hex is no .rdp value (secrets-sec31).
    ["an .rdp file's binary type", 'full address:s:pacs01\npassword 51:b:0200AABB00CCDDEE3030', `full address:s:pacs01\npassword 51:b:${R}`],
    ["an .rdp file's DPAPI blob", 'password 51:b:01000000D08C9DDF0115D1118C7A00C04FC297EB0100000011', `password 51:b:${R}`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it("prose naming LDIF's form keeps its quotation", () => {
    // No value follows the marker: the quotation's close and the prose after it are not read as one.
    expect(redactText('base64 after "userPassword::"), and crypt hashes "$id$" in a label')).toMatch(/^base64 after "userPassword:.*"\), and crypt hashes "\$id\$" in a label$/);
  });

  it("a letter and ':' within a label's value is the value's when the label does not begin its line", () => {
    expect(redactText('Password: b:Zq30abc')).toBe(`Password: ${R}`);
  });
});

describe("a time of a secret is no secret (Get-LapsADPassword's output)", () => {
  it('the update time and the expiry stay; the password goes', () => {
    const text = 'ComputerName        : MR-01\nAccount             : Administrator\nPassword            : Zq30Secret!\nPasswordUpdateTime  : 11/2/2026 9:00:00 AM\nExpirationTimestamp : 12/2/2026 9:00:00 AM';
    expect(redactText(text)).toBe(`ComputerName        : MR-01\nAccount             : Administrator\nPassword            : ${R}\nPasswordUpdateTime  : 11/2/2026 9:00:00 AM\nExpirationTimestamp : 12/2/2026 9:00:00 AM`);
  });

  it.each([
    ['a label', 'PasswordUpdateTime : 11/2/2026 9:00:00 AM'],
    ['ISO 8601 after "="', 'PasswordUpdateTime=2026-11-02T09:00:00Z'],
    ['JSON', '"PasswordUpdateTime": "2026-11-02T09:00:00.123+01:00"'],
    ['an XML pair', '<add key="PasswordSetDate" value="2026-11-02" />'],
    ['a label above its value', 'PasswordUpdateTime\n11/2/2026 9:00:00 AM'],
  ])('stays: %s', (_, text) => {
    expect(redactText(text)).toBe(text);
  });

  it.each([
    ['not a time', 'PasswordUpdateTime : Zq30Secret', `PasswordUpdateTime : ${R}`],
    ['digits alone', 'PasswordTime: 4821', `PasswordTime: ${R}`],
    ['a time word not last (a one-time password)', 'OneTimePassword: 11/2/2026', `OneTimePassword: ${R}`],
    ['a time with more after it', 'PasswordUpdateTime : 11/2/2026 9:00:00 AM Zq30', `PasswordUpdateTime : ${R}`],
  ])('masked: %s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });
});
