// Forms sec29 and sec30 left: XML attributes written without a blank between them, a name with no value after it (only
// punctuation), an .rdp type marker kept before what is not an .rdp value, a file's name read as a secret's label, and
// the cost of a JSON string run on past its close. Each masking case plants a secret and asserts exactly what stays.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

const R = REDACTED;

describe("a hand-edited .config's attribute shapes", () => {
  it.each([
    ['no blank between the attributes', '<add key="Password"value="Zq31a" />', `<add key="Password"value="${R}" />`],
    ['no blank, self-closed', '<add key="Password"value="Zq31a"/>', `<add key="Password"value="${R}"/>`],
    ['single quotes, no blank', "<add key='Password'value='Zq31a'/>", `<add key='Password'value='${R}'/>`],
    ['value before key, no blank', '<add value="Zq31a"key="Password"/>', `<add value="${R}"key="Password"/>`],
    ['upper-case names, no blank', '<add KEY="Password"VALUE="Zq31a" />', `<add KEY="Password"VALUE="${R}" />`],
    ['single quotes', "<add key='Password' value='Zq31a' />", `<add key='Password' value='${R}' />`],
    ['a tab between', '<add key="Password"\tvalue="Zq31a" />', `<add key="Password"\tvalue="${R}" />`],
    ['a line break between', '<add key="Password"\n     value="Zq31a" />', `<add key="Password"\n     value="${R}" />`],
    ['value before key', '<add value="Zq31a" key="Password" />', `<add value="${R}" key="Password" />`],
    ['upper-case names', '<add KEY="Password" VALUE="Zq31a" />', `<add KEY="Password" VALUE="${R}" />`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it('a setting and a plain pair written so stay', () => {
    expect(redactText('<add key="Password"value="true"/>')).toBe('<add key="Password"value="true"/>');
    expect(redactText('<add key="Server"value="pacs01"/>')).toBe('<add key="Server"value="pacs01"/>');
  });
});

describe('a name followed only by punctuation has no value: the text comes out unchanged', () => {
  it.each([
    ['LDIF\'s name quoted in prose', '"userPassword::"'],
    ['LDIF\'s name quoted, closing a parenthesis', 'base64 after "userPassword::"), as LDIF writes'],
    ['in single quotes', "'unicodePwd::'"],
    ['alone', 'userPassword::'],
    ['a label quoted whole', '"Password:"'],
    ['a label quoted whole before prose', 'the field "Password:" is the label'],
    ['a label in parentheses', '(Password:)'],
    ['a label before a full stop', 'Password:.'],
    ['a label before a comma', 'Password:,'],
    ['a dash for none in a table', 'Password: -'],
    ['an ellipsis', 'Password: ...'],
    ['an em dash', 'Password: \u2014'],
    ['three colons', 'Password:::'],
    ['a pair before a semicolon', 'pwd=:;'],
    ['a two-column table', 'Password    -'],
  ])('%s', (_, text) => {
    expect(redactText(text)).toBe(text);
  });

  it.each([
    ['symbols that are no closing marks', 'Password: !@#$%^', `Password: ${R}`],
    ['a dash, then a value', 'Password: - Zq31x', `Password: ${R}`],
    ['a quoted label with a value inside', 'x "Password: Zq31x" y', `x "Password: ${R}" y`],
  ])('a value stays masked: %s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });
});

describe("an .rdp file's type marker stays only in its real shape", () => {
  it.each([
    ['a password beginning with "b:" after an .rdp label', 'password 51:b:b:Zq31Secret', `password 51:${R}`],
    ['on a later line', 'full address:s:pacs01\npassword 51:b:b:Zq31Secret\n', `full address:s:pacs01\npassword 51:${R}\n`],
    ['no blank after a label of a note', 'Password:b:Zq31', `Password:${R}`],
    ["a string's type is the value's", 'Password:s:Zq31', `Password:${R}`],
    ['after a blank', 'Password: b:Zq31', `Password: ${R}`],
    ['hex too short for a blob', 'password 51:b:0A1B2C', `password 51:${R}`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it.each([
    ['a blob in hex', 'password 51:b:0200AABB00CCDDEEFF0011223344', `password 51:b:${R}`],
    ['a DPAPI blob', 'full address:s:pacs01\npassword 51:b:01000000D08C9DDF0115D1118C7A00C04FC297EB0100000011\nusername:s:svc', `full address:s:pacs01\npassword 51:b:${R}\nusername:s:svc`],
  ])('kept before a blob: %s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });
});

describe("a file's name before ':' is a message's subject", () => {
  it('a warning about a link named like a secret keeps the file name and the reason', () => {
    const w = 'skipped password.txt: a symbolic link to "/srv/other/x.txt", outside the folder: not read';
    expect(redactText(w)).toBe(w);
    const v = '/data/MR-01: skipped db-pwd.csv: not a regular file';
    expect(redactText(v)).toBe(v);
  });

  it('a value in the message is masked; a password after the name is too', () => {
    expect(redactText('skipped password.txt: a symbolic link to "/srv/pwd=Zq31abc9/x.txt", outside the folder'))
      .toBe(`skipped password.txt: a symbolic link to "/srv/pwd=${R}", outside the folder`);
    expect(redactText('password.txt: Zq31Secret9')).toBe(`password.txt: ${R}`);
    expect(redactText('password.txt = Zq31Secret9')).toBe(`password.txt = ${R}`);
    // A dotted setting's name is no file's: "spring.datasource.password".
    expect(redactText('spring.datasource.password: Zq31')).toBe(`spring.datasource.password: ${R}`);
  });
});

describe('crafted texts of many run-on values (the speed fixes change no result)', () => {
  it('every run-on JSON string is masked, every value-less quoted name stays', () => {
    const n = 2000;
    const masked = redactText('"Password": "a"b, '.repeat(n));
    expect(masked).toBe(`"Password": "${R}", `.repeat(n));
    const prose = 'x "Password:" y '.repeat(n) + '"userPassword::" '.repeat(n);
    expect(redactText(prose)).toBe(prose);
  });
});
