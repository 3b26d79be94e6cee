// Child process of the benchmark: runs one assessment in a fresh process and prints its wall time
// and peak RSS as JSON, so the figures are those of `assess` alone.
import { runAssess } from '../assess/run.js';
import { peakRssKB } from './peak-rss.js';

const [input, out, now = '2026-11-28T00:00:00Z', previousPoam] = process.argv.slice(2);
if (!input || !out) {
  process.stderr.write('usage: run-assess INPUT_DIR OUT_DIR [NOW [PREVIOUS_POAM]]\n');
  process.exit(2);
}
const started = process.hrtime.bigint();
const outcome = await runAssess({
  inputs: [input],
  out,
  force: true,
  baseline: 'moderate',
  now,
  ...(previousPoam ? { previousPoam } : {}),
  toolVersion: 'bench',
  pdf: false, // the AR's figure; the PDF has its own benchmark
  // BENCH_JOBS: threads (default: every core, as the CLI).
  jobs: process.env.BENCH_JOBS ? Number(process.env.BENCH_JOBS) : 'auto',
});
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ ms, maxRssKB: peakRssKB(), devices: outcome.summary.devices, results: outcome.summary.results }) + '\n');
