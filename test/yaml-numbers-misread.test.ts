// A YAML number reads as the nearest double: 2.9999999999999999 as 3 and 1e-400 as 0, where an
// integer is meant (a --checks file's threshold, an ODP value) a value the file does not state.
// The JSON readers refuse such a decimal (decimalReadAsOther); every YAML input (attestations,
// system description, capabilities, check catalogs) refuses it alike, naming file, line and value.
// An integer with a leading zero (017) is 17 to YAML 1.2 and octal 15 to YAML 1.1: refused too.
import { describe, expect, it } from 'vitest';
import { parseAttestations } from '../src/attest/attestations.js';
import { parseYamlText } from '../src/io/yaml-text.js';
import { userErrorOf } from './support/user-error.js';

describe('YAML numbers read as a value they are not', () => {
  it('a decimal a double reads as another integer is refused naming file, line and value', () => {
    const e = userErrorOf(() => parseYamlText('checks:\n  - id: X\n    expected:\n      at-most: 2.9999999999999999\n', 'my-checks.yaml'));
    expect(e.file).toBe('my-checks.yaml');
    expect(e.where).toBe('line 4');
    expect(e.message).toMatch(/the number 2\.9999999999999999 reads as the integer 3, which it is not/);
    const tiny = userErrorOf(() => parseYamlText('a: 1\nb: [2, 1e-400]\n', 'system.yaml'));
    expect(tiny.where).toBe('line 2');
    expect(tiny.message).toMatch(/the number 1e-400 reads as the integer 0/);
    // YAML's own shapes of a number: a sign '+', a point with no digit before it.
    expect(userErrorOf(() => parseYamlText('a: +14.9999999999999999\n', 's.yaml')).message).toMatch(/\+14\.9999999999999999 reads as the integer 15/);
    expect(userErrorOf(() => parseYamlText('a: -.99999999999999999e1\n', 's.yaml')).message).toMatch(/reads as the integer -10/);
  });

  it('an attestations file with such a number is refused at its line', () => {
    const body = 'attestations:\n  - control: at-2\n    statement: 0.99999999999999999\n    who: { name: Dana, role: ISSO }\n    when: 2026-01-05\n    expires: 2027-01-05\n    evidence: e.md\n';
    const e = userErrorOf(() => parseAttestations(body, 'attestations.yaml', () => true, '2026-02-01'));
    expect(e.file).toBe('attestations.yaml');
    expect(e.where).toBe('line 3');
    expect(e.message).toMatch(/the number 0\.99999999999999999 reads as the integer 1/);
  });

  it('an integer written with a leading zero is refused; quoted or tagged as text it is text', () => {
    const e = userErrorOf(() => parseYamlText('a: 1\nminimum-length: 017\n', 'params.yaml'));
    expect(e.where).toBe('line 2');
    expect(e.message).toMatch(/the number 017 has a leading zero: YAML 1\.2 reads it as 17, YAML 1\.1 as an octal number/);
    expect(userErrorOf(() => parseYamlText('a: [-007]\n', 'p.yaml')).message).toMatch(/the number -007 has a leading zero/);
    expect(parseYamlText('a: "017"\nb: !!str 017\nc: 2026-01-05\nd: 09:30\n', 'ok.yaml')).toEqual({ a: '017', b: '017', c: '2026-01-05', d: '09:30' });
  });

  it('numbers that are what they say are read as before', () => {
    expect(parseYamlText('a: 3.0\nb: 1.5e1\nc: .5\nd: 0\ne: -0\nf: 2.5\ng: 0.0\ni: 0o17\nj: "2.9999999999999999"\n', 'ok.yaml')).toEqual({
      a: 3, b: 15, c: 0.5, d: 0, e: -0, f: 2.5, g: 0, i: 15, j: '2.9999999999999999',
    });
  });
});
