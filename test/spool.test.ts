import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Spool } from '../src/io/spool.js';

describe('Spool', () => {
  it('gives back each chunk exactly, in any order, across buffer flushes, with multi-byte text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const spool = new Spool(join(dir, 's.tmp'));
    try {
      const chunks = Array.from({ length: 300 }, (_, i) => [`Gerät ${i} ≥ ✓ `, 'x'.repeat(i * 97), i % 50 === 0 ? 'é'.repeat(2_000_000) : '']);
      const spans = chunks.map((parts) => {
        spool.begin();
        for (const p of parts) spool.write(p);
        return spool.end();
      });
      for (const i of [299, 0, 150, 50, 1]) expect(spool.read(spans[i]!).toString('utf8')).toBe(chunks[i]!.join(''));
      spool.begin();
      expect(spool.read(spool.end()).length).toBe(0);
    } finally {
      spool.remove();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
