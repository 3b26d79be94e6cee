// `npm run bench -- monitor`: `diff` of N device pairs and `monitor` filing N snapshots into a
// store that already holds N (N = BENCH_MONITOR_DEVICES, default 10,000), each in a fresh child
// process, against a floor measured in the same run: reading and JSON.parse of both sides, plus
// JSON.stringify and writing of the drift JSON. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticNextMonth, syntheticSnapshot } from './synthetic-fleet.js';

const count = Number(process.env.BENCH_MONITOR_DEVICES ?? 10_000);
const root = mkdtempSync(join(tmpdir(), 'ato-bench-monitor-'));
const child = join(new URL('.', import.meta.url).pathname, 'run-monitor.js');

function time<T>(fn: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const v = fn();
  return [v, Number(process.hrtime.bigint() - t) / 1e6];
}

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

function runChild(args: string[]): { ms: number; maxRssKB: number; devices: number } {
  return JSON.parse(execFileSync(process.execPath, [child, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] }));
}

try {
  const oldDir = join(root, 'old');
  const newDir = join(root, 'new');
  process.stderr.write(`generating 2 x ${count} synthetic snapshots in ${root} ...\n`);
  writeFleets(oldDir, newDir);
  const files = (d: string) => readdirSync(d).sort().map((f) => join(d, f));
  for (const f of [...files(oldDir), ...files(newDir)]) readFileSync(f); // warm the page cache

  const [, readParseMs] = time(() => {
    for (const f of [...files(oldDir), ...files(newDir)]) JSON.parse(readFileSync(f, 'utf8'));
  });

  const diff = runChild(['diff', oldDir, newDir, join(root, 'diff-out')]);
  // The floor's output side: the drift JSON the diff wrote, stringified and written again.
  const drift = JSON.parse(readFileSync(join(root, 'diff-out', 'drift.json'), 'utf8'));
  const [driftText, stringifyMs] = time(() => JSON.stringify(drift, null, 2) + '\n');
  const [, writeMs] = time(() => writeFileSync(join(root, 'floor-drift.json'), driftText));
  const floorMs = readParseMs + stringifyMs + writeMs;

  // The store already holds the first collection (untimed), then the second is filed (timed).
  const store = join(root, 'store');
  runChild(['monitor', store, oldDir, join(root, 'monitor-1'), '2027-05-01T00:00:00Z']);
  const monitor = runChild(['monitor', store, newDir, join(root, 'monitor-2'), '2027-06-01T00:00:00Z']);

  const line = (name: string, r: { ms: number; maxRssKB: number; devices: number }) =>
    `${name}: ${r.devices} devices in ${(r.ms / 1000).toFixed(2)} s = ${Math.round(r.devices / (r.ms / 1000))} devices/s; peak RSS ${Math.round(r.maxRssKB / 1024)} MiB; ${(r.ms / floorMs).toFixed(2)}x the floor\n`;
  const report = {
    devices: count,
    floorMs: Math.round(floorMs),
    floorReadParseMs: Math.round(readParseMs),
    floorDriftJsonMs: Math.round(stringifyMs + writeMs),
    driftJsonMiB: +(driftText.length / 2 ** 20).toFixed(1),
    diffMs: Math.round(diff.ms),
    diffDevicesPerSecond: Math.round(diff.devices / (diff.ms / 1000)),
    diffPeakRssMiB: Math.round(diff.maxRssKB / 1024),
    diffRatioToFloor: +(diff.ms / floorMs).toFixed(2),
    monitorMs: Math.round(monitor.ms),
    monitorDevicesPerSecond: Math.round(monitor.devices / (monitor.ms / 1000)),
    monitorPeakRssMiB: Math.round(monitor.maxRssKB / 1024),
    monitorRatioToFloor: +(monitor.ms / floorMs).toFixed(2),
    target: 'ratio <= 3',
  };
  process.stdout.write(
    `floor: read+parse both sides ${(readParseMs / 1000).toFixed(2)} s + drift JSON ${((stringifyMs + writeMs) / 1000).toFixed(2)} s (${report.driftJsonMiB} MiB) = ${(floorMs / 1000).toFixed(2)} s\n` +
      line('diff', diff) +
      line('monitor (store already holding the first collection)', monitor) +
      JSON.stringify(report) + '\n',
  );
} finally {
  // BENCH_MONITOR_KEEP=1 keeps the fleets and the store, to profile a child run by hand.
  if (process.env.BENCH_MONITOR_KEEP === '1') process.stderr.write(`kept ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
}
