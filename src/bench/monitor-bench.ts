// `npm run bench -- monitor`: `diff` of N device pairs and `monitor` filing N snapshots into a
// store that already holds N (N = BENCH_MONITOR_DEVICES, default 10,000), each on every core and
// then on one thread (the speed-up), each in a fresh child process, against floors measured in the same run (./floor.ts): reading and JSON.parse of both
// sides (the input-only floor), plus JSON.stringify of the JSON each command writes (diff: drift.json;
// monitor: drift.json and its assessment-results.json). Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticNextMonth, syntheticSnapshot } from './synthetic-fleet.js';
import { floorOf, floorText, loadAverage, ratios, readParseMs } from './floor.js';

const count = Number(process.env.BENCH_MONITOR_DEVICES ?? 10_000);
const root = mkdtempSync(join(tmpdir(), 'ato-bench-monitor-'));
const child = join(new URL('.', import.meta.url).pathname, 'run-monitor.js');

/**
 * The second collection is the first a month later, as a real one is: every device collected
 * again (its signature update moved with it), and a few real changes: 1 device in 10 has a
 * firewall rule switched, 1 in 20 a new local administrator, 1 in 50 its public firewall profile off.
 */
function writeFleets(oldDir: string, newDir: string): void {
  mkdirSync(oldDir);
  mkdirSync(newDir);
  for (let i = 0; i < count; i++) {
    const name = `${String(i).padStart(6, '0')}.json`;
    const s = syntheticSnapshot(i);
    writeFileSync(join(oldDir, name), JSON.stringify(s, null, 2) + '\n');
    syntheticNextMonth(s, i, { publicProfileOff: true });
    writeFileSync(join(newDir, name), JSON.stringify(s, null, 2) + '\n');
  }
}

function runChild(args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; maxRssKB: number; devices: number; threads?: number } {
  return JSON.parse(execFileSync(process.execPath, [child, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'], env }));
}

try {
  const oldDir = join(root, 'old');
  const newDir = join(root, 'new');
  process.stderr.write(`generating 2 x ${count} synthetic snapshots in ${root} ...\n`);
  writeFleets(oldDir, newDir);
  const inputMs = readParseMs([oldDir, newDir]);

  const diff = runChild(['diff', oldDir, newDir, join(root, 'diff-out')]);
  // drift.json's items (controls, devices, due) start at 4 spaces; at 6 (as the floor was) a file
  // too large to stringify whole had no item found, and its stringify counted 0 s.
  const diffFloor = floorOf(inputMs, [{ name: 'drift.json', path: join(root, 'diff-out', 'drift.json'), itemIndent: 4 }]);
  // The same diff on one thread (BENCH_SINGLE=0 skips it): the speed-up of the worker threads.
  const diffSingle = process.env.BENCH_SINGLE === '0' ? undefined : runChild(['diff', oldDir, newDir, join(root, 'diff-out-1')], { ...process.env, BENCH_JOBS: '1' });
  rmSync(join(root, 'diff-out-1'), { recursive: true, force: true });

  // The store already holds the first collection (untimed), then the second is filed (timed).
  const store = join(root, 'store');
  runChild(['monitor', store, oldDir, join(root, 'monitor-1'), '2027-05-01T00:00:00Z']);
  // The same second run on one thread, into a copy of the store as it was (BENCH_SINGLE=0 skips it).
  const store1 = join(root, 'store-jobs-1');
  if (process.env.BENCH_SINGLE !== '0') cpSync(store, store1, { recursive: true });
  const monitor = runChild(['monitor', store, newDir, join(root, 'monitor-2'), '2027-06-01T00:00:00Z']);
  const monitorSingle = process.env.BENCH_SINGLE === '0' ? undefined : runChild(['monitor', store1, newDir, join(root, 'monitor-2-jobs-1'), '2027-06-01T00:00:00Z'], { ...process.env, BENCH_JOBS: '1' });
  rmSync(store1, { recursive: true, force: true });
  rmSync(join(root, 'monitor-2-jobs-1'), { recursive: true, force: true });
  const monitorFloor = floorOf(inputMs, [
    { name: 'drift.json', path: join(root, 'monitor-2', 'drift.json'), itemIndent: 4 },
    { name: 'assessment-results.json', path: join(root, 'monitor-2', 'assessment-results.json'), itemIndent: 10 },
  ]);

  const load = loadAverage();
  const figures = (name: string, r: { ms: number; maxRssKB: number; devices: number }, floor: ReturnType<typeof floorOf>) => {
    const q = ratios(r.ms, floor);
    return {
      line: `${name} floor: ${floorText(floor)}\n${name}: ${r.devices} devices in ${(r.ms / 1000).toFixed(2)} s = ${Math.round(r.devices / (r.ms / 1000))} devices/s; peak RSS ${Math.round(r.maxRssKB / 1024)} MiB; ${q.text} (target <= 3x; load average ${load})\n`,
      json: { ms: Math.round(r.ms), devicesPerSecond: Math.round(r.devices / (r.ms / 1000)), peakRssMiB: Math.round(r.maxRssKB / 1024), floorMs: Math.round(floor.fullMs), floorReadParseMs: Math.round(floor.inputMs), floorOutputs: floor.outputs, ratioToFloor: q.ratioToFloor, ratioToInputFloor: q.ratioToInputFloor },
    };
  };
  const d = figures('diff', diff, diffFloor);
  const d1 = diffSingle && figures('diff --jobs 1', diffSingle, diffFloor);
  const speedUp = diffSingle ? +(diffSingle.ms / diff.ms).toFixed(2) : undefined;
  // The threads diff used (fewer than the cores for a small fleet: src/io/threads.ts workersFor).
  const threads = diff.threads ?? 1;
  const m = figures('monitor (store already holding the first collection)', monitor, monitorFloor);
  const m1 = monitorSingle && figures('monitor --jobs 1', monitorSingle, monitorFloor);
  const monitorSpeedUp = monitorSingle ? +(monitorSingle.ms / monitor.ms).toFixed(2) : undefined;
  const monitorThreads = monitor.threads ?? 1;
  const single = d1 ? `${d1.line.split('\n')[1]}; speed-up with ${threads} threads: ${speedUp}x\n` : '';
  const monitorLine = m1 ? `${m1.line.split('\n')[1]}; speed-up with ${monitorThreads} threads: ${monitorSpeedUp}x\n` : '';
  process.stdout.write(d.line + single + m.line + monitorLine + JSON.stringify({ devices: count, diff: { ...d.json, threads, ...(d1 ? { jobs1: d1.json, speedUp } : {}) }, monitor: { ...m.json, threads: monitorThreads, ...(m1 ? { jobs1: m1.json, speedUp: monitorSpeedUp } : {}) }, loadAverage: load, target: 'ratio <= 3, peak RSS < 1024 MiB' }) + '\n');
} finally {
  // BENCH_MONITOR_KEEP=1 keeps the fleets and the store, to profile a child run by hand.
  if (process.env.BENCH_MONITOR_KEEP === '1') process.stderr.write(`kept ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
}
