// Which of two snapshots of one device is the later, whatever order the files are read in: the one
// whose collectedAt names the later instant (docs/store.md "Which snapshot is the later"). Across a
// DST change the later collection reads the earlier local time ("01:10-05:00" after "01:50-04:00");
// a leap second ("23:59:60Z", which the schema accepts) was NaN to Date.parse, so assess, diff and
// monitor kept whichever file came first (or last) and the leap-second snapshot's order changed with
// the file names.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const NOW = '2026-11-02T18:00:00Z';
const SAMPLE = readFileSync(join(root, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8');
type Json = Record<string, any>;

const PAIRS = [
  { what: 'across the end of DST (the later reads the earlier local time)', later: '2026-11-01T01:10:00-05:00', earlier: '2026-11-01T01:50:00-04:00' },
  { what: 'a leap second', later: '2026-11-01T23:59:60Z', earlier: '2026-11-01T12:00:00Z' },
];

let dir: string;
beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build"');
  dir = mkdtempSync(join(tmpdir(), 'ato-snapshot-order-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args, '--now', NOW], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
};

/** A folder with the pair, the later first or last in file order. */
function pairFolder(name: string, first: string, second: string): string {
  const d = join(dir, name, 'in');
  mkdirSync(d, { recursive: true });
  for (const [file, at] of [['a.json', first], ['b.json', second]] as const) {
    writeFileSync(join(d, file), SAMPLE.replace('"collectedAt": "2026-11-02T09:21:00Z"', `"collectedAt": "${at}"`));
  }
  return d;
}

describe('the later of two snapshots of one device is the later instant, in every file order', () => {
  PAIRS.forEach((pair, i) => {
    for (const laterFirst of [true, false]) {
      const name = `p${i}-${laterFirst ? 'later-first' : 'later-last'}`;
      it(`${pair.what}, the later ${laterFirst ? 'first' : 'last'}: assess, diff and monitor keep ${pair.later}`, () => {
        const input = laterFirst ? pairFolder(name, pair.later, pair.earlier) : pairFolder(name, pair.earlier, pair.later);
        const base = join(dir, name);
        run('assess', input, '--out', join(base, 'assess'), '--no-pdf');
        const ar: Json = JSON.parse(readFileSync(join(base, 'assess', 'assessment-results.json'), 'utf8'));
        const collected = (ar['assessment-results']['back-matter'].resources as Json[]).flatMap((r) => (r.props ?? []).filter((p: Json) => p.name === 'snapshot-collected').map((p: Json) => p.value));
        expect(collected).toEqual([pair.later]);
        run('diff', input, input, '--out', join(base, 'diff'), '--no-pdf');
        const diff: Json = JSON.parse(readFileSync(join(base, 'diff', 'drift.json'), 'utf8'));
        expect([diff.old.at, diff.new.at]).toEqual([pair.later, pair.later]);
        run('monitor', input, '--store', join(base, 'store'), '--out', join(base, 'monitor'), '--no-pdf');
        const stored = [...readFileSync(join(base, 'monitor', 'drift.json'), 'utf8').matchAll(/"collectedAt": *"([^"]*)"/g)].map((m) => m[1]);
        expect(stored.length).toBeGreaterThan(0);
        expect(new Set(stored)).toEqual(new Set([pair.later]));
      }, 120_000);
    }
  });
});
