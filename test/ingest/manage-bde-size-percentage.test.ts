// manage-bde -status: a Size or Percentage Encrypted line it could not read was dropped without a
// word (no check reads them; drift shows them). "Unknown" (a locked volume's "Unknown GB",
// "Unknown%") is no value and is still left out; any other shape manage-bde does not print (no
// unit, a garbled number, above 100%) is refused naming the file, line and value.
import { describe, expect, it } from 'vitest';
import { parserFor, type ParsedExport } from '../../src/ingest/index.js';
import { input, mr01Text, utf16 } from './fixture-folder.js';
import { expectUserError } from '../support/user-error.js';

const parser = parserFor('manage-bde-status');
const TEXT = mr01Text('bitlocker.txt');
const lineOf = (label: string): number => TEXT.slice(0, TEXT.indexOf(label)).split('\n').length;
const flat = (p: ParsedExport): Record<string, unknown> =>
  Object.fromEntries(p.facts.map((f) => [f.path.map((s) => (typeof s === 'string' ? s : 'el' in s ? `[${s.el}]` : `{${s.key}}`)).join('/'), f.value]));

describe("manage-bde's Size and Percentage Encrypted", () => {
  it('the fixture prints C:\'s size as 237.87 GB and 100.0% (the lines the cases below change)', () => {
    expect(TEXT).toMatch(/Size: +237\.87 GB/);
    expect(TEXT).toMatch(/Percentage Encrypted: +100\.0%/);
  });

  for (const bad of ['237.87', '23x.87 GB', 'large']) {
    it(`Size "${bad}" is refused naming the line and value`, () => {
      const text = TEXT.replace(/Size: +237\.87 GB/, `Size:                 ${bad}`);
      expectUserError(() => parser.parse(input('bitlocker.txt', utf16(text))), 'bitlocker.txt', new RegExp(`^line ${lineOf('237.87 GB')}$`), new RegExp(`expected the Size of volume C: as manage-bde prints it .*found "${bad.replace(/\./g, '\\.')}"`));
    });
  }

  for (const bad of ['150.0%', '100.0', 'done%', '-5%']) {
    it(`Percentage Encrypted "${bad}" is refused naming the line and value`, () => {
      const text = TEXT.replace('100.0%', bad);
      expectUserError(() => parser.parse(input('bitlocker.txt', utf16(text))), 'bitlocker.txt', new RegExp(`^line ${lineOf('100.0%')}$`), new RegExp(`expected the Percentage Encrypted of volume C: as manage-bde prints it .*found "${bad.replace(/\./g, '\\.')}"`));
    });
  }

  it('"Unknown GB" and "Unknown%" are left out, the volume\'s status still read', () => {
    const text = TEXT.replace(/Size: +237\.87 GB/, 'Size:                 Unknown GB').replace('100.0%', 'Unknown%');
    const v = flat(parser.parse(input('bitlocker.txt', utf16(text))));
    expect(v['encryption/volumes/[vol:c:]/sizeGB']).toBeUndefined();
    expect(v['encryption/volumes/[vol:c:]/percentageEncrypted']).toBeUndefined();
    expect(v['encryption/volumes/[vol:c:]/conversionStatus']).toBe('fully-encrypted');
  });
});
