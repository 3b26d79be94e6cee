// A REG_SZ, REG_EXPAND_SZ or REG_MULTI_SZ is UTF-16 text, two bytes a character. Data of an odd
// number of bytes (hex(7):41,00,42, a hex list cut or garbled) was read with its last byte dropped
// without a word ("A" for A and half a B). It is refused, naming the file, the line or record, the
// value and the byte count; even data is read as before.
import { describe, expect, it } from 'vitest';
import { parserFor } from '../../src/ingest/index.js';
import { buildPReg, input, mr01Text, utf16 } from './fixture-folder.js';
import { expectUserError } from '../support/user-error.js';

const POLICY = '"NoAutorun"=dword:00000001';

describe('registry string data of an odd number of bytes', () => {
  it('a reg export: hex(7), hex(2) and hex(1) with an odd count are refused with their line', () => {
    const lineOf = mr01Text('reg-policies-system.reg').split('\n').findIndex((l) => l.startsWith(POLICY)) + 1;
    expect(lineOf).toBeGreaterThan(0);
    for (const [data, type] of [['hex(7):41,00,42', 'REG_MULTI_SZ'], ['hex(7):41,00,42,00,00,00,00', 'REG_MULTI_SZ'], ['hex(2):41,00,00', 'REG_EXPAND_SZ'], ['hex(1):41', 'REG_SZ']] as const) {
      const text = mr01Text('reg-policies-system.reg').replace(POLICY, `"NoAutorun"=${data}`);
      expectUserError(() => parserFor('reg-export').parse(input('reg-policies-system.reg', utf16(text))), 'reg-policies-system.reg', new RegExp(`^line ${lineOf}$`), new RegExp(`even number of bytes for a ${type} \\("NoAutorun"\\).*found ${data.split(',').length}\\b`));
    }
    // Even data is read: two strings of a multi-string, one line each.
    const even = mr01Text('reg-policies-system.reg').replace(POLICY, '"NoAutorun"=hex(7):41,00,00,00,42,00,00,00,00,00');
    const facts = parserFor('reg-export').parse(input('reg-policies-system.reg', utf16(even))).facts;
    expect(facts.map((f) => f.value)).toContain('A\nB');
  });

  it('a registry.pol: a string record of an odd data size is refused naming the record', () => {
    const pol = buildPReg([
      { key: 'Software\\Policies\\Test', value: 'Caption', type: 'REG_SZ', data: 'ok' },
      { key: 'Software\\Policies\\Test', value: 'Odd', type: 'REG_BINARY', data: '410042', code: 7 },
    ]);
    expectUserError(() => parserFor('registry-pol').parse(input('registry.pol', pol)), 'registry.pol', /record 2/, /even number of bytes for a REG_MULTI_SZ \(\[Software\\Policies\\Test;Odd\]\).*found 3\b/);
  });
});
