// A JSON export's number written with a fraction or an exponent that a double reads as an integer it
// is not (a double holds about 16 digits): "activeRevokedKeys": 1e-400 read as 0 passed
// SERVICE-KEYS-REVOKED, 14.9999999999999999 read as 15. Refused, naming the file, the line, the
// value's pointer and what it reads as. A decimal that is the integer (15.0, 1.5e1, 150e-1) is read as it.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck } from '../../src/evaluate/evaluate-check.js';
import { ingestInputs } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { userErrorOf } from '../support/user-error.js';
import { input, mr01Files, mr01Text } from './fixture-folder.js';

const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const check = catalog.checks.find((c) => c.id === 'SERVICE-KEYS-REVOKED')!;
const withVendor = (edit: (t: string) => string) => {
  const files = mr01Files();
  const text = edit(mr01Text('vendor-settings.json'));
  expect(text).not.toBe(mr01Text('vendor-settings.json'));
  files.set('vendor-settings.json', Buffer.from(text));
  return ingestInputs([...files].map(([n, b]) => input(n, b)), 'MR-01');
};
const keys = (v: string) => withVendor((t) => t.replace('"activeRevokedKeys": 0', `"activeRevokedKeys": ${v}`));
const lineOfKeys = mr01Text('vendor-settings.json').split('\n').findIndex((l) => l.includes('"activeRevokedKeys"')) + 1;

describe('JSON exports: a decimal read as an integer it is not', () => {
  it('1e-400 revoked keys (read as 0, a pass) is refused, naming file, line, pointer and the integer', () => {
    const e = userErrorOf(() => keys('1e-400'));
    expect(e.file).toBe('vendor-settings.json');
    expect(e.where).toBe(`line ${lineOfKeys}`);
    expect(e.message).toContain('the number 1e-400 at /serviceAccess/activeRevokedKeys reads as the integer 0, which it is not');
  });

  it('a fraction beyond a double\'s digits is refused, in either direction and sign', () => {
    for (const [v, n] of [['0.99999999999999999', '1'], ['-0.99999999999999999', '-1'], ['1.00000000000000000000001', '1']]) {
      expect(userErrorOf(() => keys(v)).message, v).toContain(`the number ${v} at /serviceAccess/activeRevokedKeys reads as the integer ${n}, which it is not`);
    }
  });

  it('a decimal that is the integer is read as it: 0.0 and 0e5 pass, 1.0 and 1e0 and 10e-1 fail', () => {
    for (const v of ['0.0', '0e5', '-0', '0.000']) expect(evaluateCheck(check, keys(v).snapshot, params).status, v).toBe('pass');
    for (const v of ['1.0', '1e0', '10e-1', '0.1e1']) {
      const s = keys(v).snapshot;
      expect(s.access?.serviceAccess?.activeRevokedKeys, v).toBe(1);
      expect(evaluateCheck(check, s, params).status, v).toBe('fail');
    }
  });

  it('a number beyond 2^53 in exponent form is read as the nearest double, as before (a double written shortest)', () => {
    expect(() => withVendor((t) => t.replace('"maxLength": 14', '"maxLength": 1e300'))).not.toThrow();
  });
});
