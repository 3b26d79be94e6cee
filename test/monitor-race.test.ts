// Runs started at one instant on a store that does not exist yet (or is an empty folder): each
// either finishes or is refused with "is in use by another monitor run", never anything else, and
// the store holds exactly one run. Each process loads its modules, then waits on a shared barrier
// (test/support/barrier.mjs, a --import preload) that the test releases once all are waiting.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../src/store/verify.js';

const root = new URL('..', import.meta.url).pathname;
const bin = process.env.ATO_CLI ?? join(root, 'dist/cli/main.js');
const preload = new URL('./support/barrier.mjs', import.meta.url).href;
const ROUNDS = 20;
const RUNS = 3;
let dir: string;

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npm run build" (npm test does it)`);
  dir = mkdtempSync(join(tmpdir(), 'ato-monitor-race-'));
  const s = JSON.parse(readFileSync(join(root, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8'));
  mkdirSync(join(dir, 'in'));
  writeFileSync(join(dir, 'in', 'MR-02.json'), JSON.stringify(s, null, 2));
  const lines = readFileSync(join(root, 'controls/checks.yaml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l === '- id: FW-ENABLED');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('- id: '));
  writeFileSync(join(dir, 'fw.yaml'), lines.slice(start, end).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function waitFor(test: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => (test() ? resolve() : Date.now() > until ? reject(new Error('processes did not reach the barrier')) : setTimeout(tick, 5));
    tick();
  });
}

async function round(n: number): Promise<Array<{ code: number | null; stderr: string }>> {
  const store = join(dir, `store-${n}`);
  if (n % 2 === 1) mkdirSync(store); // odd rounds: an empty folder, even rounds: no folder yet
  const barrier = join(dir, `barrier-${n}`);
  const runs = Array.from({ length: RUNS }, (_, i) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, ['--import', preload, bin, 'monitor', '--store', store, 'in', '--out', `out-${n}-${i}`, '--checks', 'fw.yaml', '--no-pdf', '--now', '2026-11-03T00:00:00Z'], {
      cwd: dir, env: { ...process.env, NO_COLOR: '1', ATO_TEST_BARRIER: barrier },
    });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stderr }));
  }));
  await waitFor(() => readdirSync(dir).filter((f) => f.startsWith(`barrier-${n}.ready-`)).length === RUNS, 120_000);
  writeFileSync(barrier, '');
  return Promise.all(runs);
}

describe('runs started at one instant on a new store', () => {
  it(`${ROUNDS} rounds of ${RUNS} runs: each finishes or is refused as "in use"; the store holds one run and verifies`, async () => {
    const outcomes: string[] = [];
    for (let n = 0; n < ROUNDS; n++) {
      const results = await round(n);
      for (const r of results) {
        if (r.code !== 0) {
          expect(r.code, r.stderr).toBe(1);
          expect(r.stderr, r.stderr).toMatch(/^error: .*store-\d+: is in use by another monitor run \(pid \d+/);
        }
      }
      const finished = results.filter((r) => r.code === 0).length;
      expect(finished).toBeGreaterThanOrEqual(1);
      outcomes.push(`${finished}/${RUNS}`);
      // The same run by every finisher: recorded once, the others regenerated it.
      expect(verifyStore(join(dir, `store-${n}`))).toMatchObject({ ok: true, problems: [], snapshots: 1, runs: 1, notes: [] });
      // No half-made store left beside it.
      expect(readdirSync(dir).filter((f) => f.startsWith(`.store-${n}.`))).toEqual([]);
    }
    process.stderr.write(`race: runs finished per round ${outcomes.join(' ')}\n`);
  }, 600_000);
});
