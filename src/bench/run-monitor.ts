// Child process of the monitor benchmark: one `diff` or one `monitor` run in a fresh process,
// printing its wall time and peak RSS as JSON, so the figures are those of that run alone.
//   run-monitor diff OLD_DIR NEW_DIR OUT
//   run-monitor monitor STORE INPUT_DIR OUT NOW
import { runDiff } from '../drift/run.js';
import { runMonitor } from '../monitor/run.js';
import { peakRssKB } from './peak-rss.js';

const [mode, a, b, c, d] = process.argv.slice(2);
const started = process.hrtime.bigint();
let devices = 0;
let threads: number | undefined;
if (mode === 'diff' && a && b && c) {
  // BENCH_JOBS: threads (default: every core, as the CLI).
  const jobs = process.env.BENCH_JOBS ? Number(process.env.BENCH_JOBS) : 'auto';
  const r = await runDiff({ old: a, new: b, out: c, force: true, now: '2027-06-01T00:00:00Z', toolVersion: 'bench', config: {}, pdf: false, jobs });
  devices = r.drift.summary.devices.compared + r.drift.summary.devices.added + r.drift.summary.devices.removed;
  threads = r.threads;
} else if (mode === 'monitor' && a && b && c && d) {
  const r = await runMonitor({
    store: a, inputs: [b], out: c, force: true, now: d, wallClock: new Date().toISOString(), toolVersion: 'bench', baseline: 'moderate',
    pdf: process.env.BENCH_MONITOR_PDF === '1', durable: process.env.BENCH_MONITOR_FSYNC !== '0',
    // BENCH_JOBS: threads (default: every core, as the CLI).
    jobs: process.env.BENCH_JOBS ? Number(process.env.BENCH_JOBS) : 'auto',
  });
  devices = r.devices;
  threads = r.threads;
} else {
  process.stderr.write('usage: run-monitor diff OLD NEW OUT | run-monitor monitor STORE INPUT OUT NOW\n');
  process.exit(2);
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ ms, maxRssKB: peakRssKB(), devices, ...(threads !== undefined ? { threads } : {}) }) + '\n');
