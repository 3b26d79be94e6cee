// Forms sec31 left: an XML attribute's value run on past a quote inside it straight into the next attribute, a value
// of brackets or dashes alone (nothing secret), a name with no value before ", next: …", and a secret-named key file's
// name read as a label. Each masking case plants a secret and asserts exactly what stays; the property cases plant a
// random one and assert no part of it reaches the output.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

const R = REDACTED;
/** A password-like text: letters and digits, never a setting's word or a run of digits alone. */
const secretPart = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{3,11}$/).map((t) => `Q${t}7`);

describe('an XML value run on past a quote inside it, straight into the next attribute', () => {
  it.each([
    ['double quotes', '<add key="Password" value="Zq31"a"x="1"/>', `<add key="Password" value="${R}"x="1"/>`],
    ['single quotes', "<add key='Password' value='Zq31'a'x='1'/>", `<add key='Password' value='${R}'x='1'/>`],
    ['value before key', '<add value="Zq31"a"key="Password"/>', `<add value="${R}"key="Password"/>`],
    ['two quotes inside, more attributes after', '<add key="Password" value="Zq31"a"b"x="1" y="2"/>', `<add key="Password" value="${R}"x="1" y="2"/>`],
    ['an open tag', '<add key="Password" value="Zq31"a"x="1">', `<add key="Password" value="${R}"x="1">`],
    ['the element named as the secret', '<Password value="Zq31"a"x="1"/>', `<Password value="${R}"x="1"/>`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it('a random secret in the shape never reaches the output, in any part', () => {
    fc.assert(fc.property(secretPart, secretPart, fc.constantFrom('"', "'"), (a, b, q) => {
      const out = redactText(`<add key=${q}Password${q} value=${q}${a}${q}${b}${q}x=${q}1${q}/>`);
      expect(out).not.toContain(a);
      expect(out).not.toContain(b);
    }), { numRuns: 200, seed: 32 });
  });
});

describe('a quoted value run on past its close in a .reg line, a JSON name/value pair and a quoted dict', () => {
  it.each([
    ['.reg, run on to the end', '"Password"="Zq7"Secret', `"Password"="${R}"`],
    ['.reg, run on to the next line', '"Password"="Zq7"Secret\n"X"="1"', `"Password"="${R}"\n"X"="1"`],
    ['.reg, straight into the next pair', '"Password"="Zq31"a"x"="1"', `"Password"="${R}"x"="1"`],
    ['JSON name/value, run on', '{"Name":"Password","Value":"Zq7"Secret}', `{"Name":"Password","Value":"${R}"}`],
    ['JSON name/value, run on before a member', '{"Name":"Password","Value":"Zq7"Secret, "x": 1}', `{"Name":"Password","Value":"${R}", "x": 1}`],
    ['JSON name/value, straight into the next member', '{"Name":"Password","Value":"Zq31"a"x":"1"}', `{"Name":"Password","Value":"${R}"x":"1"}`],
    ['a quoted dict, run on', "{'password': 'Zq7'Secret}", `{'password': '${R}'}`],
    ['a quoted dict, run on before a member', "{'password': 'Zq7'Secret, 'x': 1}", `{'password': '${R}', 'x': 1}`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it('a value closed where it should be keeps what follows it', () => {
    expect(redactText('"Password"="abc", line 4')).toBe(`"Password"="${R}", line 4`);
    expect(redactText('{"Name":"Password","Value":"abc","X":"y"}')).toBe(`{"Name":"Password","Value":"${R}","X":"y"}`);
    expect(redactText("{'password': 'abc', 'user': 'bob'}")).toBe(`{'password': '${R}', 'user': 'bob'}`);
    expect(redactText('"Password"=""')).toBe('"Password"=""');
  });

  it('a random secret run on in each shape never reaches the output', () => {
    const shapes = [
      (a: string, b: string) => `"Password"="${a}"${b}`,
      (a: string, b: string) => `"Password"="${a}"${b}"x"="1"`,
      (a: string, b: string) => `{"Name":"Password","Value":"${a}"${b}, "x": 1}`,
      (a: string, b: string) => `{"Name":"Password","Value":"${a}"${b}"x":"1"}`,
      (a: string, b: string) => `{'password': '${a}'${b}, 'x': 1}`,
    ];
    fc.assert(fc.property(secretPart, secretPart, fc.constantFrom(...shapes), (a, b, shape) => {
      const out = redactText(shape(a, b));
      expect(out).not.toContain(a);
      expect(out).not.toContain(b);
    }), { numRuns: 300, seed: 32 });
  });
});

describe('a value of brackets, dashes or quotes alone holds nothing secret: the text comes out unchanged', () => {
  it.each([
    ['empty parentheses', 'Password: ()'],
    ['empty brackets', 'Password: []'],
    ['empty braces', 'Password: {}'],
    ['a dash in parentheses', 'Password: (-)'],
    ['a blank in parentheses', 'Password: ( )'],
    ['a dash quoted', 'Password: "-"'],
    ['a dash in single quotes', "Password: '-'"],
    ['a dash quoted after =', 'Password="-"'],
    ['an XML attribute', '<add key="Password" value="-"/>'],
    ['an XML attribute in single quotes', "<add key='Password' value='-'/>"],
    ['a JSON member', '"Password": "-"'],
    ['a JSON member of parentheses', '"Password": "()"'],
    ['a JSON name/value pair', '{"Name":"Password","Value":"-"}'],
    ['a quoted dict', "{'password': '-'}"],
    ['a .reg line', '"Password"="-"'],
    ['an XML element', '<Password>-</Password>'],
    ['a .NET setting', '<setting name="Password"><value>-</value></setting>'],
    ['a CSV cell', 'User,Password\nbob,-'],
    ['a two-column line', 'Password\t()'],
    ['prose', 'the password is "-"'],
  ])('%s', (_, text) => {
    expect(redactText(text)).toBe(text);
  });

  it('a value with anything else in it is still masked', () => {
    expect(redactText('Password: (Zq7)')).toBe(`Password: ${R}`);
    expect(redactText('Password: ()Zq7')).toBe(`Password: ${R}`);
    expect(redactText('Password: "-"x')).toBe(`Password: ${R}`);
    expect(redactText('Password: !@#$%')).toBe(`Password: ${R}`);
    expect(redactText('<add key="Password" value="-Zq7"/>')).toBe(`<add key="Password" value="${R}"/>`);
    expect(redactText('User,Password\nbob,-\nann,Zq7x')).toBe(`User,Password\nbob,-\nann,${R}`);
  });
});

describe('a name with no value before the next pair', () => {
  it.each([
    ['a comma', 'Password:, User: bob'],
    ['a blank, then a comma', 'Password: , User: bob'],
    ['after =', 'Password=, User=bob'],
    ['a qualified label', 'Password (PACS):, User: bob'],
  ])('%s: the pair after it is its own and stays', (_, text) => {
    expect(redactText(text)).toBe(text);
  });

  it('the next pair is still judged, and text after a separator that is no pair is masked', () => {
    expect(redactText('Password:, User: bob, Pwd: Zq7x')).toBe(`Password:, User: bob, Pwd: ${R}`);
    expect(redactText('Password: ,Zq7x')).toBe(`Password: ${R}`);
    expect(redactText('Password:, Zq7x more')).toBe(`Password:${R}`);
  });

  it('a random secret after a separator that no pair follows never reaches the output', () => {
    fc.assert(fc.property(secretPart, fc.constantFrom(',', ', ', ' , ', ' ,'), (a, sep) => {
      expect(redactText(`Password:${sep}${a}`)).not.toContain(a);
    }), { numRuns: 200, seed: 32 });
  });
});

describe("a key or certificate file's name is a message's subject, or where a secret is kept: never the secret", () => {
  it.each([
    ['a link named like a key', 'skipped secret.key: a symbolic link to "/srv/x.txt", outside the folder: not read'],
    ['a link named like a key store', 'skipped passwords.kdbx: a symbolic link to "/srv/x.txt", outside the folder: not read'],
    ['an unknown format', 'skipped password.pem: content matches no known export format (first line: "abc")'],
    ['the same for a .txt', 'skipped password.txt: content matches no known export format (first line: "abc")'],
    ['a PKCS#12 file', 'secret.pfx: outside the folder'],
    ['a KeePass file', 'password.kdbx: corrupt'],
    ['a private key named as a value', 'Private key: private.pem'],
    ['a path to it', 'private key: C:\\certs\\private.pem'],
    ['a setting naming the file', 'PrivateKeyFile=server.key'],
    ['a qualified label', 'Password (PACS): private.pem'],
    ['prose', 'the private key private.pem is missing'],
  ])('%s: unchanged', (_, text) => {
    expect(redactText(text)).toBe(text);
  });

  it("a setting named '….key' keeps its value's mask; a password after a file's name, or of a password's form, is masked", () => {
    expect(redactText('app.secret.key: supersecret')).toBe(`app.secret.key: ${R}`);
    expect(redactText('jwt.secret.key: Zq7Secret')).toBe(`jwt.secret.key: ${R}`);
    expect(redactText('password.p12: Zq7Secret')).toBe(`password.p12: ${R}`);
    expect(redactText('Password: Zq7.pem')).toBe(`Password: ${R}`);
    expect(redactText('Password=Zq7x.pem;User=bob')).toBe(`Password=${R};User=bob`);
  });

  it("a key's text is masked whole wherever it stands, after a key file's name too", () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Zq31keybody';
    for (const text of [
      `private.pem: -----BEGIN PRIVATE KEY----- ${body} -----END PRIVATE KEY-----`,
      `server.key:\n-----BEGIN EC PRIVATE KEY-----\n${body}\n-----END EC PRIVATE KEY-----`,
      `skipped secret.key: content matches no known export format (first line: "-----BEGIN RSA PRIVATE KEY-----\n${body}`,
    ]) {
      const out = redactText(text);
      expect(out).not.toContain(body);
      expect(out).not.toContain('BEGIN');
    }
  });

  it('a random password after a key-named setting or in a password-formed file name never reaches the output', () => {
    fc.assert(fc.property(secretPart, fc.constantFrom('app.secret.key', 'encryption.key', 'password.pem', 'secret.pfx'), (a, name) => {
      expect(redactText(`${name}: ${a}`)).not.toContain(a);
      expect(redactText(`Password: ${a}.pem`)).not.toContain(a);
    }), { numRuns: 200, seed: 32 });
  });
});

describe('a start tag too malformed to read as XML, its value run on into what follows', () => {
  it.each([
    ['an unquoted attribute after the run-on', '<add key="Password" value="Zq31"a"x=1/>', `<add key="Password" value="${R}"x=1/>`],
    ['a blank, then a run-on', '<add key="Password" value="Zq31" a"x="1"/>', `<add key="Password" value="${R}"x="1"/>`],
    ['the element named as the secret', '<Password value="Zq31" a"x=1/>', `<Password value="${R}"x=1/>`],
    ['an unquoted value', '<add key="Password" value=Zq31/>', `<add key="Password" value=${R}/>`],
    ['an unquoted value before an attribute', '<add key="Password" value=Zq31 x="1"/>', `<add key="Password" value=${R} x="1"/>`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it("a switch's data, an empty value and a plain pair stay", () => {
    for (const text of ['<add key="Password" value=true/>', '<add key="Password" value= />', '<add key="Server" value=pacs01 x"y=1/>', '<input name="password" value="">']) {
      expect(redactText(text)).toBe(text);
    }
  });

  it('a random secret in such a tag never reaches the output, in any part', () => {
    const shapes = [
      (a: string, b: string) => `<add key="Password" value="${a}"${b}"x=1/>`,
      (a: string, b: string) => `<add key="Password" value="${a}" ${b}"x="1"/>`,
      (a: string, b: string) => `<add key='Password' value='${a}' ${b} x='1'/>`,
      (a: string, b: string) => `<add key="Password" value=${a}${b}/>`,
      (a: string, b: string) => `<add value="${a}"${b}"/key="Password"/>`,
    ];
    fc.assert(fc.property(secretPart, secretPart, fc.constantFrom(...shapes), (a, b, shape) => {
      const out = redactText(shape(a, b));
      expect(out).not.toContain(a);
      expect(out).not.toContain(b);
    }), { numRuns: 300, seed: 32 });
  });
});
