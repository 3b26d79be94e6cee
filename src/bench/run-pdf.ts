// Child process of the benchmark: renders the PDF evidence package for a synthetic fleet in a fresh
// process, and prints pages, ms/page and peak RSS as JSON. The time per page is the renderer's
// (renderEvidencePdf, which reads every result itself); building the synthetic input (its
// controls and POA&M come from one pass over the results, as assess makes them) is timed apart.
import { renderEvidencePdf } from '../report/pdf/render.js';
import { syntheticReportInput } from './synthetic-report.js';
import { peakRssKB } from './peak-rss.js';

const [devices, out, configurations] = process.argv.slice(2);
if (!devices || !out) {
  process.stderr.write('usage: run-pdf DEVICES OUT.pdf [CONFIGURATIONS]\n');
  process.exit(2);
}
const started = process.hrtime.bigint();
const input = syntheticReportInput(Number(devices), configurations ? { configurations: Number(configurations) } : {});
const built = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const { pages } = await renderEvidencePdf(input, out);
const ms = Number(process.hrtime.bigint() - built) / 1e6;
const inputMs = Number(built - started) / 1e6;
// CPU time of the render (every thread of the process: the GC's too): on a loaded machine the wall
// time measures the machine as much as the code.
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(JSON.stringify({ pages, ms, msPerPage: ms / pages, inputMs, cpuMs, cpuMsPerPage: cpuMs / pages, maxRssKB: peakRssKB() }) + '\n');
