// A JSON export (defender.json, collection.json, vendor settings) nested 100,000 levels deep ended
// ingest in "internal error: RangeError: Maximum call stack size exceeded" with a stack trace (the
// walk for the file's secrets recursed before the parser's own refusal could be shown), and one
// of 50 MB took 50 s and 1.3 GB to read. Both are refused, exit 1, naming the file and what is
// wrong, and no snapshot is written.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, errorLine } from '../support/cli-scratch.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

const { cli, dir } = cliScratch('ato-json-shape-');

/** MR-01's folder with defender.json given one more member, `extra` (raw JSON text). */
function defenderWith(extra: string): string {
  const text = mr01Text('defender.json').trimEnd();
  return mr01FolderWith({ 'defender.json': `${text.slice(0, -1)}, "Extra": ${extra}}` });
}

describe('a JSON export nested too deep or too large is refused with a clear message', () => {
  it('100,000 levels of nesting: refused naming the file and the depth, no stack trace', () => {
    const folder = defenderWith(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const out = join(dir(), 'deep.json');
    const r = cli(['ingest', folder, '-o', out]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^error: defender\.json at line \d+: nested deeper than 200 levels/);
    expect(r.stderr).not.toMatch(/RangeError|internal error|\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('over 16 MiB: refused naming the file and its size, in seconds, not read for a minute', () => {
    const folder = defenderWith(`[${Array.from({ length: 420_000 }, (_, i) => `{"ThreatID": ${i}, "Name": "Trojan:Win32/Test${i}"}`).join(',')}]`);
    const out = join(dir(), 'big.json');
    const started = Date.now();
    const r = cli(['ingest', folder, '-o', out]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/^error: defender\.json: is \d+\.\d MiB of JSON, more than the 16 MiB any JSON export may be/);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(existsSync(out)).toBe(false);
  });
});
