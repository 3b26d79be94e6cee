// UTF-16 big-endian without a byte-order mark: its zero bytes say so, as for little-endian without
// one (read before). It was read as UTF-8 and refused as "binary data"; now read as written, and cut
// inside a character (an odd number of bytes) still refused.
import { describe, expect, it } from 'vitest';
import { parserFor, type ParsedExport } from '../../src/ingest/index.js';
import { decodeText } from '../../src/ingest/text.js';
import { expectUserError } from '../support/user-error.js';
import { input, mr01Input, mr01Text } from './fixture-folder.js';

const be = (t: string): Buffer => Buffer.from(t, 'utf16le').swap16();
const values = (p: ParsedExport): Record<string, unknown> => Object.fromEntries(p.facts.map((f) => [JSON.stringify(f.path), f.value]));

describe('UTF-16 BE without a byte-order mark', () => {
  it('decodes as written: the text, not binary data', () => {
    const d = decodeText(be('[Unicode]\r\nUnicode=yes\r\nÄ=ü\r\n'));
    expect(d.encoding).toBe('utf-16be');
    expect(d.text).toBe('[Unicode]\r\nUnicode=yes\r\nÄ=ü\r\n');
    expect(d.binaryAt).toBe(-1);
  });

  it('secedit.inf and net accounts give the values of the little-endian original', () => {
    for (const [kind, name] of [['secedit-export', 'secedit.inf'], ['net-accounts', 'net-accounts.txt']] as const) {
      const p = parserFor(kind);
      const text = mr01Text(name).replace(/\r?\n/g, '\r\n');
      expect(values(p.parse(input(name, be(text)))), name).toEqual(values(p.parse(mr01Input(name))));
    }
  });

  it('cut inside a character (an odd number of bytes): refused, naming the file', () => {
    const text = mr01Text('net-accounts.txt').replace(/\r?\n/g, '\r\n');
    const bytes = be(text).subarray(0, 301);
    expectUserError(() => parserFor('net-accounts').parse(input('net-accounts.txt', Buffer.from(bytes))), 'net-accounts.txt', /^line \d+$/, /the file is cut short: a UTF-16 file must have an even number of bytes \(found 301\)/);
  });
});
