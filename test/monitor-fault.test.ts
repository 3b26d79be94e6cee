// The fault test: a `monitor` process killed with SIGKILL at seeded random moments, over and over,
// must leave a store `verify --store` accepts, and the next run must complete with nothing lost
// and nothing duplicated: the same ledger (by meaning), the same objects and the same report as
// a store that was never interrupted.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import { parseLedger } from '../src/store/ledger.js';
import { LEDGER_FILE } from '../src/store/store.js';
import { verifyStore } from '../src/store/verify.js';
import { runMonitor, type MonitorOptions } from '../src/monitor/run.js';
import { programDigestOf } from '../src/assess/rules-digest.js';

const root = new URL('..', import.meta.url).pathname;
const VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
const bin = process.env.ATO_CLI ?? join(root, 'dist/cli/main.js');
const DEVICES = 20;
const KILLS = 8;
const NOW_A = '2027-05-01T00:00:00Z';
const NOW_B = '2027-06-01T00:00:00Z';
let dir: string;

function monitorArgs(store: string, fleet: string, out: string, now: string): string[] {
  return [bin, 'monitor', '--store', join(dir, store), join(dir, fleet), '--out', join(dir, out), '--now', now, '--no-pdf', '--force', '--json'];
}

/**
 * Spawns a run with its steps traced (ATO_MONITOR_TRACE=1) and SIGKILLs it `extraMs` after it
 * reports the `nth` completion of `step` (or lets it finish if it never does).
 */
function killAt(args: string[], step: string, nth: number, extraMs: number): Promise<{ killed: boolean; code: number | null; steps: number }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ATO_MONITOR_TRACE: '1' } });
    let stderr = '';
    let armed = false;
    p.stderr!.on('data', (d) => {
      stderr += d;
      const seen = stderr.split('\n').filter((l) => l === `step: ${step}`).length;
      if (!armed && seen >= nth) {
        armed = true;
        setTimeout(() => p.kill('SIGKILL'), extraMs);
      }
    });
    p.on('close', (code, signal) => resolve({ killed: signal === 'SIGKILL', code, steps: (stderr.match(/^step: /gm) ?? []).length }));
  });
}

/** The store by meaning: snapshot entries, run entries, and the set of objects on disk. */
function contents(store: string) {
  const parsed = parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8'));
  const snapshots = parsed.entries.flatMap((e) => (e.kind === 'snapshot' ? [`${e.device} ${e.collectedAt} ${e.object}`] : []));
  const runs = parsed.entries.flatMap((e) => (e.kind === 'run' ? [`${e.run} ${e.manifest} ${e.previous}`] : []));
  const objects = readdirSync(join(store, 'objects')).filter((d) => d !== 'tmp').flatMap((d) => readdirSync(join(store, 'objects', d)).map((f) => d + f)).sort();
  return { snapshots, runs, objects, problem: parsed.problem };
}

function writeFleet(name: string, seed: number, shiftDays: number): string {
  const fleet = join(dir, name);
  mkdirSync(fleet);
  for (let i = 1; i <= DEVICES; i++) {
    const s = syntheticSnapshot(i, seed);
    s.collectedAt = new Date(Date.parse(s.collectedAt) + shiftDays * 86_400_000).toISOString().replace('.000Z', 'Z');
    writeFileSync(join(fleet, `${String(i).padStart(4, '0')}.json`), JSON.stringify(s, null, 2) + '\n');
  }
  return fleet;
}

const opts = (store: string, fleet: string, out: string, now: string): MonitorOptions => ({
  store: join(dir, store), inputs: [join(dir, fleet)], out: join(dir, out), force: true, now, wallClock: new Date().toISOString(),
  toolVersion: VERSION, baseline: 'moderate', systemName: 'Imaging-device fleet', pdf: false,
  // The runs in this process record the CLI's program digest: the killed runs and these are one program.
  program: programDigestOf(join(root, 'dist')),
});

let reference: ReturnType<typeof contents>;
beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npm run build" (npm test does it)`);
  dir = mkdtempSync(join(tmpdir(), 'ato-fault-'));
  writeFleet('fleet-a', 1, 0);
  writeFleet('fleet-b', 2, 30);
  // The reference: the same two runs, never interrupted (in process: the same code as the CLI's build).
  await runMonitor(opts('ref', 'fleet-a', 'ref-a', NOW_A));
  await runMonitor(opts('ref', 'fleet-b', 'ref-b', NOW_B));
  reference = contents(join(dir, 'ref'));
  // The store as it was after the first run: each kill starts from a copy of it.
  await runMonitor(opts('after-a', 'fleet-a', 'out-a', NOW_A));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('monitor killed mid-run (SIGKILL)', () => {
  it(`${KILLS} kills at seeded moments: verify accepts the store after each, the next run completes, nothing lost or duplicated`, async () => {
    expect(reference.snapshots).toHaveLength(2 * DEVICES);
    expect(reference.runs).toHaveLength(2);
    const random = mulberry32(20261128);
    // Where to strike: inside the filing (after the k-th object or ledger entry), or after a later step.
    const targets = ['object', 'object', 'entry', 'entry', 'report', 'manifest', 'run', 'head'];
    const seen: string[] = [];
    let interrupted = 0;
    for (let i = 0; i < KILLS; i++) {
      const store = join(dir, `store-${i}`);
      cpSync(join(dir, 'after-a'), store, { recursive: true });
      const step = targets[Math.floor(random() * targets.length)]!;
      const nth = step === 'object' || step === 'entry' ? 1 + Math.floor(random() * DEVICES) : 1;
      const extraMs = Math.floor(random() * 15);
      const r = await killAt(monitorArgs(`store-${i}`, 'fleet-b', `out-${i}`, NOW_B), step, nth, extraMs);
      const where = `${step} #${nth} + ${extraMs} ms`;
      const v = verifyStore(store);
      expect(v.problems, `after a kill at ${where}`).toEqual([]);
      const mid = contents(store);
      if (r.killed) interrupted++;
      seen.push(`${where}: ${r.killed ? 'killed' : `finished (${r.code})`} after ${r.steps} steps: ${mid.snapshots.length - DEVICES} of ${DEVICES} new snapshot entries, ${mid.runs.length} run(s)${v.notes.length ? `; notes: ${v.notes.map((n) => n.slice(0, 40)).join(' | ')}` : ''}`);
      // Never a duplicate, whatever the moment.
      expect(new Set(mid.snapshots).size).toBe(mid.snapshots.length);

      // The next run completes, and the store is as if nothing had happened.
      const again = await runMonitor(opts(`store-${i}`, 'fleet-b', `out-${i}`, NOW_B));
      expect(again.run).toBe(reference.runs[1]!.split(' ')[0]);
      const final = contents(store);
      expect(final.snapshots).toEqual(reference.snapshots);
      expect(final.runs).toEqual(reference.runs);
      expect(final.objects).toEqual(reference.objects);
      for (const f of ['drift.json', 'drift.md', 'assessment-results.json']) {
        expect(readFileSync(join(dir, `out-${i}`, f)).equals(readFileSync(join(dir, 'ref-b', f))), f).toBe(true);
      }
      expect(verifyStore(store)).toMatchObject({ ok: true, notes: [], snapshots: 2 * DEVICES, runs: 2 });
      rmSync(store, { recursive: true, force: true });
    }
    process.stderr.write(`fault test:\n  ${seen.join('\n  ')}\n`);
    // The seeded moments must actually interrupt runs, or this test proves nothing.
    expect(interrupted).toBeGreaterThanOrEqual(KILLS / 2);
  }, 300_000); // 16 monitor processes: ~50 s alone, over 100 s on a loaded 2-core machine
});
