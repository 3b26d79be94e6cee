// monitor reads the previous run's check results (one JSON line per device, ~325 MB at 10,000
// devices judged stale) by position: one pass hashes the object and notes where each device's line
// is, and a line is read when its device is compared (src/monitor/run.ts storedResults). Read whole
// and kept for the run, the object was most of monitor's peak memory (issue 15). Measured as the
// memory outside the heap that Buffers hold, after forced collections, while the index is open.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/io/errors.js';
import { objectReader } from '../src/monitor/device.js';
import { storedResults } from '../src/monitor/run.js';
import { objectPath, readObject } from '../src/store/store.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function buffersAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().arrayBuffers;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-results-memory-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEVICES = 1500;
/** A device's results line as monitor writes them (device.ts resultsLine): ~32 KB of details, as a stale device's. */
const lineOf = (i: number) => JSON.stringify({ id: `DEV-${String(i).padStart(5, '0')}`, s: 'pfcn'.repeat(20), d: Array.from({ length: 160 }, (_, k) => [`CHK-${k}`, { observed: `value ${i} ${k} `.padEnd(150, '.'), expected: '= 1' }]), st: 1 });

describe('the previous run\'s results', () => {
  it('are not held whole: the index keeps where each line is, and reads a device\'s line when asked', () => {
    // The object written line by line, never whole in this process either.
    const store = join(dir, 'store');
    const tmp = join(dir, 'results.tmp');
    const hash = createHash('sha256');
    const fd = openSync(tmp, 'w');
    let size = 0;
    for (let i = 0; i < DEVICES; i++) {
      const b = Buffer.from(lineOf(i) + '\n');
      hash.update(b);
      writeSync(fd, b);
      size += b.length;
    }
    closeSync(fd);
    const sha = hash.digest('hex');
    mkdirSync(join(objectPath(store, sha), '..'), { recursive: true });
    renameSync(tmp, objectPath(store, sha));
    expect(size).toBeGreaterThan(40_000_000);

    // The store's reader as monitor --regenerate makes it (a local store: the objects are files).
    const read = objectReader((s) => readObject(store, s), store, (s) => ({ path: objectPath(store, s), check: true }));
    const before = buffersAfterGc();
    const index = storedResults(read, sha, () => new UserError('not JSON lines'));
    try {
      const held = buffersAfterGc() - before;
      // Whole, the object alone is `size` bytes; by position, only the lines read meanwhile (none).
      expect(held).toBeLessThan(size / 20);
      // and every device's line is found, as written
      for (const i of [0, 1, 777, DEVICES - 1]) expect(index.line(`DEV-${String(i).padStart(5, '0')}`)).toBe(lineOf(i));
      expect(index.get('DEV-00003')?.statuses.slice(0, 4)).toEqual(['pass', 'fail', 'not-collected', 'not-applicable']);
      expect(index.line('DEV-99999')).toBeUndefined();
    } finally {
      index.close();
    }
  });
});
