// A params file (JSON) giving a text parameter or a catalog ODP as a number: JSON.parse reads 1.50 as
// 1.5, 1e3 as 1000 and 0.1000 as 0.1, and String() of that number was stated as the organisation's
// value. The value is now the number as the file writes it.
import { describe, expect, it } from 'vitest';
import { loadRunConfig } from '../src/assess/config.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { parseParamsFile, resolveParameters } from '../src/params/resolve.js';

const defs = loadCatalog().parameters;

describe('a number in a JSON params file where text is expected keeps its text as written', () => {
  for (const written of ['1.50', '1e3', '0.1000', '-0', '2E+2']) {
    it(`logon-banner-text (a text parameter) given ${written} is "${written}"`, () => {
      const r = resolveParameters(defs, [], parseParamsFile(`{"logon-banner-text": ${written}}`, 'site.json'));
      expect(r.params.get('logon-banner-text')?.value).toBe(written);
    });
  }

  it('a number parameter still reads a number (lockout-threshold-max 3.0 is 3)', () => {
    const r = resolveParameters(defs, [], parseParamsFile('{"lockout-threshold-max": 3.0}', 'site.json'));
    expect(r.params.get('lockout-threshold-max')?.value).toBe(3);
  });

  it('catalog ODPs no check fills (at-02_odp.*) keep 1.50, 1e3 and a list entry 0.1000 as written', () => {
    const text = '\uFEFF{"at-02_odp.01": 1.50, "at-02_odp.02": 1e3, "at-02_odp.03": ["every", 0.1000]}';
    const config = loadRunConfig({ params: 'site.json' }, () => text);
    const values = config.index.controls['at-2']!.paramValues ?? {};
    expect(values['at-02_odp.01']).toBe('1.50');
    expect(values['at-02_odp.02']).toBe('1e3');
    expect(values['at-02_odp.03']).toBe('every, 0.1000');
  });
});
