// A file ending in NUL bytes: the padding a copy from a disk image (or a pre-allocated file) leaves
// after the text, or a UTF-16 file's stray NUL. The text before them is read, with a warning naming
// the file and the byte offset; a NUL with text after it is refused, naming its byte offset.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestInputs } from '../../src/ingest/index.js';
import { input, mr01Input, mr01SourceDir } from './fixture-folder.js';
import { userErrorOf } from '../support/user-error.js';

const rules = readFileSync(join(mr01SourceDir, 'firewall-rules.csv'));
const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rules.toString('utf8'), 'utf16le')]);
const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(rules.toString('utf8'), 'utf16le').swap16()]);
const folder = (bytes: Buffer) => [mr01Input('collection.json'), mr01Input('secedit.inf'), input('firewall-rules.csv', bytes)];
const rulesRead = (bytes: Buffer) => ingestInputs(folder(bytes), 'exports/MR-01');

describe('NUL bytes ending a file', () => {
  const clean = rulesRead(rules).snapshot.firewall?.rules;

  it.each([
    ['UTF-8, 4096 NULs', Buffer.concat([rules, Buffer.alloc(4096)]), rules.length, 4096],
    ['UTF-8, one NUL', Buffer.concat([rules, Buffer.alloc(1)]), rules.length, 1],
    ['UTF-16LE, one stray NUL byte', Buffer.concat([utf16, Buffer.alloc(1)]), utf16.length, 1],
    ['UTF-16LE, 2048 NUL bytes', Buffer.concat([utf16, Buffer.alloc(2048)]), utf16.length, 2048],
    ['UTF-16BE, 64 NUL bytes', Buffer.concat([utf16be, Buffer.alloc(64)]), utf16be.length, 64],
  ])('%s: the text before them is read as the file without them, with a warning naming the byte offset', (_what, bytes, offset, count) => {
    const r = rulesRead(bytes);
    expect(clean?.length).toBeGreaterThan(0);
    expect(r.snapshot.firewall?.rules).toEqual(clean);
    expect(r.warnings.some((w) => w.startsWith(`firewall-rules.csv: ends in ${count} NUL byte`) && w.includes(`from byte offset ${offset}`))).toBe(true);
  });

  it('a copy cut inside a row and padded with NULs is judged as a cut file: refused, naming its line', () => {
    const cut = Buffer.concat([rules.subarray(0, rules.indexOf('\n', 400) - 20), Buffer.alloc(512)]);
    const e = userErrorOf(() => rulesRead(cut));
    expect(e.file).toBe('firewall-rules.csv');
    expect(e.message).toMatch(/cut short/);
  });

  it('a NUL with text after it is refused, naming the file and its byte offset', () => {
    const bytes = Buffer.concat([rules.subarray(0, 300), Buffer.alloc(10), rules.subarray(300)]);
    const e = userErrorOf(() => rulesRead(bytes));
    expect(e.file).toBe('firewall-rules.csv');
    expect(e.message).toMatch(/a NUL character at byte offset 300\b/);
  });
});
