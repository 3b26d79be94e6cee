// A store object of JSON lines read by position after one hashing pass (src/store/object-lines.ts):
// every line found whatever chunk boundary it straddles, a changed object refused after the pass as
// readObject refuses it, and a line read after the file was written in place refused too.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferLines, scanObjectLines } from '../src/store/object-lines.js';
import { objectPath } from '../src/store/store.js';
import { userErrorOf } from './support/user-error.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-object-lines-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Files `bytes` as an object of a store folder `dir/name`; returns its sha and path. */
function object(name: string, bytes: Buffer): { store: string; sha: string; path: string } {
  const store = join(dir, name);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const path = objectPath(store, sha);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
  return { store, sha, path };
}

// Lines of every length around the pass's 1 MiB chunk: short ones, one longer than a chunk, empty
// lines between, and a last line without its newline.
const texts = ['{"id":"a"}', 'x'.repeat(1_048_570), '{"id":"b","s":"p"}', '', 'y'.repeat(2_500_000), 'é'.repeat(300), 'last'];
const bytes = Buffer.from(texts.join('\n'));
const nonEmpty = texts.filter((t) => t !== '');

describe('scanObjectLines', () => {
  it('gives each line that is not empty its place and head, and reads it back by position as the bytes say', () => {
    const { store, sha, path } = object('good', bytes);
    const seen: Array<{ start: number; end: number; head: string }> = [];
    const lines = scanObjectLines({ path, check: true }, sha, store, (start, end, head) => seen.push({ start, end, head: head.toString('latin1') }), 16);
    try {
      expect(seen.map((l) => bytes.toString('utf8', l.start, l.end))).toEqual(nonEmpty);
      expect(seen.map((l) => l.head)).toEqual(nonEmpty.map((t) => Buffer.from(t).subarray(0, 16).toString('latin1')));
      for (const l of [...seen].reverse()) expect(lines.read(l.start, l.end).toString('utf8')).toBe(bytes.toString('utf8', l.start, l.end));
    } finally {
      lines.close();
    }
  });

  it('the same places as the reader of bytes in memory', () => {
    const { store, sha, path } = object('same', bytes);
    const fromFile: number[][] = [];
    const fromMemory: number[][] = [];
    scanObjectLines({ path, check: true }, sha, store, (s, e) => fromFile.push([s, e]), 8).close();
    bufferLines(bytes, (s, e) => fromMemory.push([s, e]), 8);
    expect(fromFile).toEqual(fromMemory);
  });

  it('a changed object: refused after the pass as readObject refuses it, naming the object', () => {
    const { store, sha, path } = object('changed', bytes);
    writeFileSync(path, Buffer.concat([bytes, Buffer.from('\n{"id":"c"}')]));
    const e = userErrorOf(() => scanObjectLines({ path, check: true }, sha, store, () => undefined, 16));
    expect(e.file).toBe(join(store, 'objects', sha.slice(0, 2), sha.slice(2)));
    expect(e.message).toMatch(/its content no longer matches its name: it was changed after it was filed; nothing was filed/);
  });

  it('a missing object, or a folder in its place', () => {
    const sha = 'ab'.repeat(32);
    const store = join(dir, 'missing');
    expect(userErrorOf(() => scanObjectLines({ path: objectPath(store, sha), check: true }, sha, store, () => undefined, 16)).message).toMatch(/is missing from the store/);
    mkdirSync(objectPath(store, sha), { recursive: true });
    expect(userErrorOf(() => scanObjectLines({ path: objectPath(store, sha), check: true }, sha, store, () => undefined, 16)).message).toMatch(/is a folder, not an object file/);
  });

  it('the file written in place after the pass: a line read then is refused as a changed object, whatever line was written', () => {
    const { store, sha, path } = object('in-place', bytes);
    // Filed earlier than the pass, as a previous run's object is: the file system stamps times by a
    // clock of a few milliseconds' tick, and a second write within the tick of the first one is not told.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    const seen: Array<[number, number]> = [];
    const lines = scanObjectLines({ path, check: true }, sha, store, (s, e) => seen.push([s, e]), 16);
    try {
      expect(lines.read(seen[0]![0], seen[0]![1]).toString()).toBe('{"id":"a"}');
      // Another process rewrites the last line's bytes in place (same size): not the line read next.
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.from('LAST'), 0, 4, bytes.length - 4);
      closeSync(fd);
      const e = userErrorOf(() => lines.read(seen[2]![0], seen[2]![1]));
      expect(e.message).toMatch(/its content no longer matches its name/);
      expect(e.file).toBe(join(store, 'objects', sha.slice(0, 2), sha.slice(2)));
    } finally {
      lines.close();
    }
  });
});
