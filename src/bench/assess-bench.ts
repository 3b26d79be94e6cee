// `npm run bench`: times `assess` end to end on a deterministic synthetic fleet and compares it
// with floors measured in the same run (./floor.ts): reading and JSON.parse of every input, plus
// JSON.stringify of every JSON document written (the full floor), and the input side alone, then assesses the next month with
// --previous-poam (peak RSS; BENCH_SECOND_MONTH=0 skips it); then renders the PDF evidence package of a
// 10,000-device fleet and reports pages, ms/page and peak RSS; then times `validate` (./validate-bench.ts),
// on a ~50 MB AR and on the fleet's own AR (BENCH_VALIDATE_FLEET=0 skips the second).
// Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticNextMonth, syntheticSnapshot } from './synthetic-fleet.js';
import { validateBench, validateFleetBench } from './validate-bench.js';
import { floorOf, floorText, loadAverage, ratios, readParseMs } from './floor.js';

// `npm run bench -- monitor` runs only the diff/monitor section (src/bench/monitor-bench.ts).
if (process.argv[2] === 'monitor' || process.argv[2] === 'diff') {
  await import('./monitor-bench.js');
  process.exit(0);
}
// `npm run bench -- export` runs only the export section (src/bench/export-bench.ts); it is not
// part of the default run (it writes tens of gigabytes of checklists at 10,000 devices).
if (process.argv[2] === 'export') {
  await import('./export-bench.js');
  process.exit(0);
}

const count = Number(process.env.BENCH_DEVICES ?? 10_000);
const root = mkdtempSync(join(tmpdir(), 'ato-bench-'));
const input = join(root, 'fleet');
const out = join(root, 'pkg');
mkdirSync(input);

// `npm run bench -- validate` (or BENCH=validate) runs one part: assess, pdf or validate.
const only = process.argv[2] ?? process.env.BENCH;
const PARTS = ['assess', 'pdf', 'validate'];
if (only !== undefined && !PARTS.includes(only)) {
  process.stderr.write(`unknown benchmark part "${only}": one of ${PARTS.join(', ')}\n`);
  rmSync(root, { recursive: true, force: true });
  process.exit(2);
}
const parts = new Set(only ? [only] : PARTS);

try {
  if (parts.has('assess')) {
    process.stderr.write(`generating ${count} synthetic snapshots in ${input} ...\n`);
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const text = JSON.stringify(syntheticSnapshot(i), null, 2) + '\n';
      bytes += text.length;
      writeFileSync(join(input, `${String(i).padStart(6, '0')}.json`), text);
    }

    const inputMs = readParseMs([input]);

    const child = join(new URL('.', import.meta.url).pathname, 'run-assess.js');
    const wallStart = process.hrtime.bigint();
    const stdout = execFileSync(process.execPath, [child, input, out], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
    const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
    const run = JSON.parse(stdout) as { ms: number; maxRssKB: number; devices: number; results: Record<string, number> };

    const arPath = join(out, 'assessment-results.json');
    const arBytes = statSync(arPath).size;
    // Every JSON document assess writes (the evidence copies are the inputs' bytes, not stringified).
    const floor = floorOf(inputMs, [
      { name: 'assessment-results.json', path: arPath, itemIndent: 10 },
      { name: 'poam.json', path: join(out, 'poam.json'), itemIndent: 6 },
      { name: 'ssp.json', path: join(out, 'ssp.json'), itemIndent: 6 },
      { name: 'assessment-plan.json', path: join(out, 'assessment-plan.json'), itemIndent: 8 },
    ]);
    const r = ratios(run.ms, floor);
    const report = {
      devices: run.devices,
      inputMiB: +(bytes / 2 ** 20).toFixed(1),
      assessmentResultsMiB: +(arBytes / 2 ** 20).toFixed(1),
      sspMiB: +(statSync(join(out, 'ssp.json')).size / 2 ** 20).toFixed(1),
      poamMiB: +(statSync(join(out, 'poam.json')).size / 2 ** 20).toFixed(1),
      assessMs: Math.round(run.ms),
      processWallMs: Math.round(wallMs),
      devicesPerSecond: Math.round(run.devices / (run.ms / 1000)),
      peakRssMiB: Math.round(run.maxRssKB / 1024),
      floorMs: Math.round(floor.fullMs),
      floorReadParseMs: Math.round(floor.inputMs),
      floorOutputs: floor.outputs,
      ratioToFloor: r.ratioToFloor,
      ratioToInputFloor: r.ratioToInputFloor,
      loadAverage: loadAverage(),
      target: 'ratio <= 3, peak RSS < 1024 MiB, AR <= 300 MiB',
    };
    process.stdout.write(
      `assess (${availableParallelism()} threads): ${report.devices} devices in ${(run.ms / 1000).toFixed(2)} s = ${report.devicesPerSecond} devices/s; peak RSS ${report.peakRssMiB} MiB (load average ${report.loadAverage})\n` +
        `assess floor: ${floorText(floor)}\n` +
        `assess: ${r.text} (target <= 3x); AR ${report.assessmentResultsMiB} MiB (target <= 300; POA&M ${report.poamMiB} MiB, SSP ${report.sspMiB} MiB) from ${report.inputMiB} MiB of snapshots\n` +
        JSON.stringify(report) + '\n',
    );

    // `validate` opens the fleet's assessment results (BENCH_VALIDATE_FLEET=0 skips it).
    if (process.env.BENCH_VALIDATE_FLEET !== '0') validateFleetBench(arPath, root, loadAverage);

    // The same fleet on one thread (BENCH_SINGLE=0 skips it): the speed-up of the worker threads.
    if (process.env.BENCH_SINGLE !== '0') {
      const out1 = join(root, 'pkg-jobs-1');
      const single = JSON.parse(execFileSync(process.execPath, [child, input, out1], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_JOBS: '1' } })) as typeof run;
      rmSync(out1, { recursive: true, force: true });
      const q = ratios(single.ms, floor);
      process.stdout.write(
        `assess --jobs 1: ${single.devices} devices in ${(single.ms / 1000).toFixed(2)} s; peak RSS ${Math.round(single.maxRssKB / 1024)} MiB; ${q.text}; ` +
          `speed-up with ${availableParallelism()} threads: ${(single.ms / run.ms).toFixed(2)}x (load average ${loadAverage()})\n` +
          JSON.stringify({ jobs1Ms: Math.round(single.ms), jobs1PeakRssMiB: Math.round(single.maxRssKB / 1024), threads: availableParallelism(), speedUp: +(single.ms / run.ms).toFixed(2), jobs1RatioToFloor: q.ratioToFloor }) + '\n',
      );
    }

    // The next month: the fleet collected again 30 days later with some changes, assessed with
    // --previous-poam (last month's poam.json, hundreds of megabytes at 10,000 devices).
    // BENCH_SECOND_MONTH=0 skips it.
    if (process.env.BENCH_SECOND_MONTH !== '0') {
      const input2 = join(root, 'fleet-2');
      mkdirSync(input2);
      for (let i = 0; i < count; i++) writeFileSync(join(input2, `${String(i).padStart(6, '0')}.json`), JSON.stringify(syntheticNextMonth(syntheticSnapshot(i), i), null, 2) + '\n');
      for (const f of readdirSync(input2)) readFileSync(join(input2, f));
      const previous = join(root, 'previous-poam.json');
      renameSync(join(out, 'poam.json'), previous);
      const previousMiB = +(statSync(previous).size / 2 ** 20).toFixed(1);
      rmSync(out, { recursive: true, force: true });
      const out2 = join(root, 'pkg-2');
      const month2 = JSON.parse(execFileSync(process.execPath, [child, input2, out2, '2026-12-28T00:00:00Z', previous], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] })) as typeof run;
      const poamMiB = +(statSync(join(out2, 'poam.json')).size / 2 ** 20).toFixed(1);
      const second = { devices: month2.devices, assessMs: Math.round(month2.ms), peakRssMiB: Math.round(month2.maxRssKB / 1024), previousPoamMiB: previousMiB, poamMiB, target: 'peak RSS < 1024 MiB' };
      process.stdout.write(
        `assess --previous-poam (next month, previous POA&M ${previousMiB} MiB): ${month2.devices} devices in ${(month2.ms / 1000).toFixed(2)} s; peak RSS ${second.peakRssMiB} MiB (load average ${loadAverage()})\n` +
          JSON.stringify(second) + '\n',
      );
    }
  }

  if (parts.has('pdf')) {
    // The PDF evidence package of a 10,000-device fleet (issue 13's targets: at most 500 pages, 25
    // ms/page, under 400 MB), twice: the worst case (every device its own random mix of results,
    // about 100 distinct values per check) and a fleet of BENCH_PDF_CONFIGURATIONS configurations.
    const pdfDevices = Number(process.env.BENCH_PDF_DEVICES ?? 10_000);
    const configurations = Number(process.env.BENCH_PDF_CONFIGURATIONS ?? 200);
    const pdfChild = join(new URL('.', import.meta.url).pathname, 'run-pdf.js');
    for (const [label, extra] of [['worst case', []], [`${configurations} configurations`, [String(configurations)]]] as const) {
      const pdf = JSON.parse(execFileSync(process.execPath, [pdfChild, String(pdfDevices), join(root, 'bench.pdf'), ...extra], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { pages: number; ms: number; msPerPage: number; inputMs: number; cpuMs: number; cpuMsPerPage: number; maxRssKB: number };
      const rss = Math.round(pdf.maxRssKB / 1024);
      process.stdout.write(
        `pdf (${label}): ${pdf.pages} pages for ${pdfDevices} devices (target <= 500) in ${(pdf.ms / 1000).toFixed(2)} s = ${pdf.msPerPage.toFixed(1)} ms/page, ${(pdf.msPerPage / 25).toFixed(2)}x the target of 25 ` +
          `(CPU time ${pdf.cpuMsPerPage.toFixed(1)} ms/page; building the synthetic input ${(pdf.inputMs / 1000).toFixed(2)} s, not counted); peak RSS ${rss} MiB (target < 400) (load average ${loadAverage()})\n` +
          JSON.stringify({ pdf: label, pdfPages: pdf.pages, pdfMsPerPage: +pdf.msPerPage.toFixed(2), pdfCpuMsPerPage: +pdf.cpuMsPerPage.toFixed(2), pdfPeakRssMiB: rss, target: 'pages <= 500, ms/page <= 25, peak RSS < 400 MiB' }) + '\n',
      );
    }
  }

  if (parts.has('validate')) validateBench(root);
} finally {
  rmSync(root, { recursive: true, force: true });
}

// The diff/monitor section, in its own temporary folder (when no single part was asked for).
if (!only) await import('./monitor-bench.js');
