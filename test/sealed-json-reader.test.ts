// manifest.json is decoded as every text input is (io/utf8.ts), and head.json and store.json are
// read as every JSON input is (io/json-text.ts): a UTF-16 file is named as such, instead of
// JSON.parse's message quoting the garbled bytes ("Unexpected token '\uFFFD', \"\uFFFD\uFFFD{\x00...\""),
// and a member written twice in head.json or store.json is refused, not its last value taken.
// (A manifest's repeated field is a verification finding: its text is compared with the one
// ato-evidence writes, test/seal.test.ts.)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyFolder } from '../src/seal/seal.js';
import { HEAD_FILE, readHeadFile, readStoreMarker, STORE_MARKER } from '../src/store/read.js';
import { userErrorOf } from './support/user-error.js';

const dir = mkdtempSync(join(tmpdir(), 'ato-sealed-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ZEROS = '0'.repeat(64);
const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

function folder(name: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  return d;
}

describe('a package manifest', () => {
  it('saved as UTF-16 is named as such, not quoted as garbled bytes', () => {
    const pkg = folder('utf16');
    writeFileSync(join(pkg, 'manifest.json'), utf16('{"manifestVersion": 1}'));
    const m = userErrorOf(() => verifyFolder(pkg, {})).message;
    expect(m).toMatch(/manifest\.json: is UTF-16LE \(byte-order mark FF FE\), not UTF-8/);
  });

});

describe("the evidence store's head.json and store.json", () => {
  it('a head.json saying its count twice is a problem naming the member, not the last value taken', () => {
    const store = folder('store-twice');
    writeFileSync(join(store, HEAD_FILE), `{"entries": 5, "entries": 0, "hash": "${ZEROS}"}`);
    const found = readHeadFile(store);
    expect(found).toEqual({ problem: expect.stringMatching(/^line 1, column \d+: member "entries" is written twice/) });
  });

  it('a store.json saved as UTF-16 is named as such', () => {
    const store = folder('store-utf16');
    writeFileSync(join(store, STORE_MARKER), utf16('{"format": "ato-evidence-store", "version": 1}'));
    expect(readStoreMarker(store)).toEqual({ problem: expect.stringMatching(/^is UTF-16LE \(byte-order mark FF FE\), not UTF-8/) });
  });
});
