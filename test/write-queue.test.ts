// The background writer of assess's evidence copies (src/io/file-queue.ts WriteQueue): each file
// holds exactly its bytes, an existing file is never overwritten (the run stops with the error),
// and the queue never holds more writes than its limit nor hangs once a write has failed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WriteQueue } from '../src/io/file-queue.js';

const dir = mkdtempSync(join(tmpdir(), 'ato-write-queue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WriteQueue', () => {
  it('writes every file with its own bytes, more files than its limit', async () => {
    const q = new WriteQueue(2);
    const bytes = Array.from({ length: 9 }, (_, i) => Buffer.from(`{"device":${i},"pad":"${'x'.repeat(i * 1000)}"}\n`));
    for (let i = 0; i < bytes.length; i++) await q.add(join(dir, `a${i}.json`), bytes[i]!);
    await q.add(join(dir, 'text.json'), 'text é\n');
    await q.drain();
    for (let i = 0; i < bytes.length; i++) expect(readFileSync(join(dir, `a${i}.json`)).equals(bytes[i]!)).toBe(true);
    expect(readFileSync(join(dir, 'text.json'), 'utf8')).toBe('text é\n');
  });

  it('never overwrites a file already there: drain reports it, the file keeps its bytes, later adds refuse', async () => {
    const taken = join(dir, 'taken.json');
    writeFileSync(taken, 'first');
    const q = new WriteQueue(1);
    await q.add(taken, 'second');
    await expect(q.drain()).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(taken, 'utf8')).toBe('first');
    await expect(q.add(join(dir, 'after.json'), 'x')).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('a failed write frees its place: adds past the limit go on, and drain reports the failure', async () => {
    const q = new WriteQueue(1);
    await q.add(join(dir, 'no-such-folder', 'x.json'), 'x');
    // With the failed write still counted, this add would wait for ever (the test would time out).
    const next = q.add(join(dir, 'b.json'), 'b').then(() => 'added', (e: unknown) => `refused ${(e as NodeJS.ErrnoException).code}`);
    expect(await next).toMatch(/^(added|refused ENOENT)$/);
    await expect(q.drain()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
