// A secret's name quoted with ' or " (also inside an index's [...]) before an assignment's mark ("=", "=>", ":=") or ":":
// code's "config['password'] = 'x'", PowerShell's "@{ 'Password' = 'x' }", Perl's "'password' => 'x'". Each masking case
// plants a secret and asserts exactly what stays; the property plants a random one behind each shape and asserts no part
// of it reaches the output while the neighbour stays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

const R = REDACTED;

describe('a quoted secret name before "=", "=>" or ":="', () => {
  it.each([
    ['an index, single quotes', "config['password'] = 'Zq7x'", `config['password'] = '${R}'`],
    ['an index, double quotes', 'cfg["password"] = "Zq7x"', `cfg["password"] = "${R}"`],
    ['an index with blanks', "cfg[ 'password' ] = 'Zq7x'", `cfg[ 'password' ] = '${R}'`],
    ['a PowerShell hashtable', "$h = @{ 'Password' = 'Zq7x' }", `$h = @{ 'Password' = '${R}' }`],
    ['an arrow', "'Password' => 'Zq7x'", `'Password' => '${R}'`],
    ['a bare value', "'password' = Zq7x", `'password' = ${R}`],
    ['no blanks', "'password'='Zq7x'", `'password'='${R}'`],
    ['another secret name', "'bind_pw' = 'Zq7x'", `'bind_pw' = '${R}'`],
    [':=', "'password' := 'Zq7x'", `'password' := '${R}'`],
    ['a statement after it', "'password' = 'Zq7x'; other = 1", `'password' = '${R}'; other = 1`],
    ['a bare value, a statement after it', "'password' = Zq7x; other = 1", `'password' = ${R}; other = 1`],
    ['a pair after it', "'password' = 'Zq7x', 'x' = '1'", `'password' = '${R}', 'x' = '1'`],
    ['run on past its close', "'password' = 'Zq31'a, 'x' = '1'", `'password' = '${R}', 'x' = '1'`],
    ['a passphrase of words', "@{ 'Password' = 'correct horse' }", `@{ 'Password' = '${R}' }`],
    ['a word of letters', "config['password'] = 'letmein'", `config['password'] = '${R}'`],
  ])('%s', (_, text, want) => {
    const out = redactText(text);
    expect(out).toBe(want);
    expect(out).not.toMatch(/Zq7x|Zq31|horse|letmein/);
  });

  it.each([
    ['prose quoting a word before ":"', "She said 'password': 'reset it' at the desk"],
    ['a switch', "'password' = True"],
    ['an empty value', "'password' = ''"],
    ['a setting under a length name', "'password_length' = 12"],
    ['a plain name', "'user' = 'bob'"],
  ])('%s stays as written', (_, text) => {
    expect(redactText(text)).toBe(text);
  });

  it(".reg lines stay the registry rule's: a setting's dword under a Policies key is kept, a secret's string masked", () => {
    const reg = '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vendor\\App]\r\n"OSPassphrase"=dword:00000001\r\n"ProxyPassword"="Zq7x"';
    expect(redactText(reg).split('\r\n')).toEqual(['[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vendor\\App]', '"OSPassphrase"=dword:00000001', `"ProxyPassword"="${R}"`]);
  });

  it('a random password (with a digit) behind each quoted-name shape never reaches the output; the neighbour stays', () => {
    const shapes = [
      (q: string, v: string) => `config[${q}password${q}] = ${q}${v}${q}; other = 1`,
      (q: string, v: string) => `$h = @{ ${q}Password${q} = ${q}${v}${q}; ${q}User${q} = ${q}bob${q} }`,
      (q: string, v: string) => `${q}password${q} => ${q}${v}${q}, ${q}port${q} => ${q}104${q}`,
      (q: string, v: string) => `${q}bind_pw${q}=${v}; other = 1`,
      (q: string, v: string) => `${q}passwd${q} := ${q}${v}${q}, ${q}port${q} := ${q}104${q}`,
    ];
    const password = fc.tuple(fc.stringMatching(/^[A-Za-z!#%*+]{2,8}$/), fc.integer({ min: 0, max: 9 }), fc.stringMatching(/^[A-Za-z0-9]{0,6}$/)).map(([a, d, b]) => `${a}${d}${b}`);
    fc.assert(fc.property(password, fc.constantFrom("'", '"'), fc.integer({ min: 0, max: shapes.length - 1 }), (v, q, i) => {
      const out = redactText(shapes[i]!(q, v));
      expect(out).not.toContain(v);
      expect(out).toMatch(/other = 1|bob|104/);
    }), { numRuns: 300, seed: 34 });
  });
});
