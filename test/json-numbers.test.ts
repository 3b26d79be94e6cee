// A JSON number beyond a double's range (1e309) parses as Infinity: accepted by a schema's
// "number" (a registry value in a snapshot), it would pass any "at least" and be written back as
// null. Both JSON readers refuse it, naming the place; -0 and large finite numbers are read.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJsonLocated } from '../src/ingest/json-located.js';
import { parseJson } from '../src/io/json-text.js';
import { parseYamlText } from '../src/io/yaml-text.js';
import { userErrorOf } from './support/user-error.js';

describe('numbers too large for any value', () => {
  it('a snapshot (parseJson): a registry value of 1e309 is refused with its line and column', () => {
    const text = '{\n  "hardening": {\n    "registry": { "HKLM\\\\X\\\\MaxSize": 1e309 }\n  }\n}';
    const e = userErrorOf(() => parseJson(text, 'MR-01.json'));
    expect(e.file).toBe('MR-01.json');
    expect(e.where).toBe('line 3, column 39');
    expect(e.message).toMatch(/the number 1e309 is too large for any value/);
    expect(userErrorOf(() => parseJson('[-1E+400]', 'a.json')).message).toMatch(/the number -1E\+400 is too large/);
    expect(parseJson('{"a": -0, "b": 1.7e308}', 'ok.json')).toEqual({ a: -0, b: 1.7e308 });
  });

  it('a snapshot (parseJson): the number named is the one that overflows, never digits inside a string nor a finite number before it', () => {
    // A string "password=Zq7e4455Lm" holds the characters 7e4455, and 2e300 is a number in range:
    // the message must name 1e309 on its own line, quoting nothing of the string.
    const text = '{\n  "note": "ldap bind password=Zq7e4455Lm",\n  "size": 2e300,\n  "limit": 1e309\n}';
    const e = userErrorOf(() => parseJson(text, 'MR-01.json'));
    expect(e.where).toBe('line 4, column 12');
    expect(e.message).toMatch(/the number 1e309 is too large for any value/);
    expect(e.message).not.toMatch(/7e4455|2e300/);
  });

  it('an export (parseJsonLocated): the vendor file\'s port of 1e309 is refused with its line, not read as null', () => {
    const e = userErrorOf(() => parseJsonLocated('{\n "syslog": {\n  "port": 1e309 }\n}', 'vendor-settings.json'));
    expect(e.file).toBe('vendor-settings.json');
    expect(e.where).toBe('line 3');
    expect(e.message).toMatch(/the number 1e309 is too large for any value/);
  });
});

// Beyond 2^53 JSON.parse reads an integer as the nearest double without a word: Get-MpPreference's
// or a QWORD's 18446744073709551615 became ...616, 9007199254740993 became ...992. Every JSON (and
// YAML) reader refuses such an integer, naming its path; one a double holds exactly is read.
describe('integers beyond 2^53 are refused, never read as another value', () => {
  it('a snapshot, params or deviations file (parseJson): names the path, line and column', () => {
    const text = '{\n  "hardening": {\n    "registry": { "HKLM\\\\X\\\\MaxSize": 18446744073709551615 }\n  }\n}';
    const e = userErrorOf(() => parseJson(text, 'MR-01.json'));
    expect(e.file).toBe('MR-01.json');
    expect(e.where).toBe('line 3, column 39');
    expect(e.message).toMatch(/18446744073709551615 at \/hardening\/registry\/HKLM\\X\\MaxSize cannot be read exactly/);
    // In an array, after a string holding digits and a smaller number: the index is the element's.
    const arr = userErrorOf(() => parseJson('{"a": ["9007199254740993x", 5, -9007199254740993]}', 'p.json'));
    expect(arr.message).toMatch(/-9007199254740993 at \/a\/2 /);
    expect(userErrorOf(() => parseJson('9007199254740993', 'p.json')).message).toMatch(/at the top level/);
    // Exactly held (2^53, 2^64) and decimals (1.7e308, 1e20) are read as written.
    expect(parseJson('{"a": 9007199254740992, "b": 18446744073709551616, "c": 1.7e308, "d": 1e20, "e": "18446744073709551615"}', 'ok.json')).toEqual({ a: 2 ** 53, b: 2 ** 64, c: 1.7e308, d: 1e20, e: '18446744073709551615' });
  });

  it('an export (parseJsonLocated): defender.json\'s MaxSize is refused with its line and JSON pointer', () => {
    const e = userErrorOf(() => parseJsonLocated('{\n "AMServiceEnabled": true,\n "Scan": [1, {"Max/Size": 18446744073709551615}]\n}', 'defender.json'));
    expect(e.file).toBe('defender.json');
    expect(e.where).toBe('line 3');
    expect(e.message).toMatch(/18446744073709551615 at \/Scan\/1\/Max~1Size cannot be read exactly/);
    expect(parseJsonLocated('{"a": 9007199254740991, "b": -18446744073709551616}', 'v.json').value).toEqual({ a: 9007199254740991, b: -(2 ** 64) });
  });

  it('a YAML input (attestations, system description): names the path', () => {
    const e = userErrorOf(() => parseYamlText('attestations:\n  - control: ac-1\n    ticket: 18446744073709551615\n', 'attestations.yaml'));
    expect(e.file).toBe('attestations.yaml');
    expect(e.message).toMatch(/the number at \/attestations\/0\/ticket is beyond 2\^53/);
    expect(parseYamlText('a: 9007199254740991\nb: "18446744073709551615"\n', 'ok.yaml')).toEqual({ a: 9007199254740991, b: '18446744073709551615' });
  });
});

// A double holds about 16 digits: 2.9999999999999999 reads as 3 and 1e-400 as 0. A stored snapshot's
// lockout threshold so written passed as 3; the user JSON reader (snapshots, params, deviations)
// refuses it as the export reader does (json-located.ts), naming file, line, column and pointer.
describe('decimals read as an integer they are not (parseJson)', () => {
  it('a stored snapshot\'s threshold of 2.9999999999999999 is refused, not read as 3', () => {
    const text = '{\n  "access": {\n    "lockoutPolicy": { "local": { "threshold": 2.9999999999999999 } }\n  }\n}';
    const e = userErrorOf(() => parseJson(text, 'MR-01.json'));
    expect(e.file).toBe('MR-01.json');
    expect(e.where).toBe(`line 3, column ${'    "lockoutPolicy": { "local": { "threshold": '.length + 1}`);
    expect(e.message).toContain('the number 2.9999999999999999 at /access/lockoutPolicy/local/threshold reads as the integer 3, which it is not');
  });

  it('1e-400 (read as 0), in an array after a string holding digits, names its index; at the top level too', () => {
    const e = userErrorOf(() => parseJson('{"a": ["v1.0e5", 2.5, -1e-400]}', 'p.json'));
    expect(e.message).toContain('the number -1e-400 at /a/2 reads as the integer 0, which it is not');
    expect(userErrorOf(() => parseJson('0.99999999999999999', 'p.json')).message).toContain('at the top level reads as the integer 1');
  });

  it('a decimal that is the integer, a fraction a double holds, and one beyond 2^53 are read as written', () => {
    expect(parseJson('{"a": 3.0, "b": 3e0, "c": 30e-1, "d": 2.5, "e": 1e300, "f": 0.0, "g": "2.9999999999999999"}', 'ok.json')).toEqual({ a: 3, b: 3, c: 3, d: 2.5, e: 1e300, f: 0, g: '2.9999999999999999' });
  });
});

// The look for such a decimal before the exact scan (decimalMayReadAsOther) reads only the places a
// '.', 'e' or 'E' follows a digit, back to where the number starts. Whatever the nesting, sign,
// blanks and strings around it, a document holding one is refused, and a document holding none
// (strings that look like one included) is read.
describe('decimals read as an integer they are not, anywhere in a document (property)', () => {
  const INEXACT = ['2.9999999999999999', '-2.9999999999999999', '1e-400', '-1E-400', '0.99999999999999999', '14.9999999999999999e0', '-0.5e-400'];
  const EXACT = ['3', '-3', '0', '3.0', '30e-1', '2.5', '-2.5', '1e300', '1E2', '1.5e1', '-0.0', '150e-1', '7'];
  const LOOKALIKE = ['"v1.0e5"', '"a:2.9999999999999999"', '"[1e-400"', '"x,-0.99999999999999999"', '"3.5"'];
  const blank = fc.constantFrom('', ' ', '\n  ', '\t', ' \r\n');
  type Doc = { text: string; inexact: boolean };
  const leaf: fc.Arbitrary<Doc> = fc.oneof(
    fc.constantFrom(...INEXACT).map((text) => ({ text, inexact: true })),
    fc.constantFrom(...EXACT, ...LOOKALIKE).map((text) => ({ text, inexact: false })),
  );
  const { doc } = fc.letrec<{ doc: Doc }>((tie) => ({
    doc: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(fc.tuple(blank, tie('doc'), blank), { maxLength: 4 }).map((xs) => ({ text: `[${xs.map(([a, d, b]) => a + d.text + b).join(',')}]`, inexact: xs.some(([, d]) => d.inexact) })),
      fc.array(fc.tuple(blank, tie('doc'), blank), { maxLength: 4 }).map((xs) => ({ text: `{${xs.map(([a, d, b], i) => `${a}"k${i}"${b}:${a}${d.text}${b}`).join(',')}}`, inexact: xs.some(([, d]) => d.inexact) })),
    ),
  }));

  it('a document is refused exactly when one of its numbers is such a decimal', () => {
    fc.assert(
      fc.property(doc, blank, ({ text, inexact }, around) => {
        const read = () => parseJson(around + text + around, 'p.json');
        if (inexact) expect(userErrorOf(read).message).toMatch(/reads as the integer -?\d+, which it is not/);
        else expect(read).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });

  it('a string of 500,000 digits and points ("1.1.1…", a version or an address run on) is read, and a decimal after it still refused', () => {
    const run = '1.'.repeat(500_000) + '1';
    expect(parseJson(JSON.stringify({ note: run, n: 3 }), 'p.json')).toEqual({ note: run, n: 3 });
    expect(userErrorOf(() => parseJson(`{"note": "${run}", "n": 2.9999999999999999}`, 'p.json')).message).toContain('the number 2.9999999999999999 at /n reads as the integer 3, which it is not');
  });
});
