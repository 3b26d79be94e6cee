// An export of a byte-order mark alone (UTF-16LE or UTF-8: the collector created the file, then wrote nothing),
// or of blank lines only, holds nothing. It was refused as "expected <format>, but the content is not one (first
// line: "")", which sent the reader looking for a wrong format; now the refusal says the file is empty, naming
// the file and line 1. A file of no known name so made is skipped as empty, as a 0-byte one is.
import { describe, expect, it } from 'vitest';
import { ingestInputs, recognise } from '../../src/ingest/index.js';
import { isUserError } from '../../src/io/errors.js';
import { input, mr01Files } from './fixture-folder.js';

function refusal(name: string, bytes: Buffer) {
  const files = mr01Files();
  files.set(name, bytes);
  try {
    ingestInputs([...files].map(([n, b]) => input(n, b)), 'mr-01');
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  throw new Error('read without a refusal');
}

describe('an export of a byte-order mark alone, or of blanks', () => {
  for (const name of ['secedit.inf', 'auditpol.csv', 'defender.json', 'reg-lsa.reg', 'w32tm.txt', 'applocker.xml']) {
    it(`${name}: refused as empty, naming the file and line 1`, () => {
      const u16 = refusal(name, Buffer.from([0xff, 0xfe]));
      expect(u16.file).toBe(name);
      expect(u16.where).toBe('line 1');
      expect(u16.detail).toMatch(/^the file is empty but for its UTF-16LE byte-order mark; expected /);
      expect(refusal(name, Buffer.from([0xef, 0xbb, 0xbf])).detail).toMatch(/^the file is empty but for its UTF-8 byte-order mark; expected /);
      expect(refusal(name, Buffer.from('\ufeff\r\n  \r\n', 'utf16le')).detail).toMatch(/^the file holds only blanks and line breaks; expected /);
    });
  }

  it('a file of no known name holding a BOM alone is skipped as empty', () => {
    expect(recognise(input('notes.txt', Buffer.from([0xff, 0xfe])))).toEqual({ skip: 'empty file' });
  });
});
