// Child process of the benchmark: renders the PDF evidence package for a synthetic fleet sized to
// about 2,000 pages, in a fresh process, and prints pages, ms/page and peak RSS as JSON.
import { renderEvidencePdf } from '../report/pdf/render.js';
import { syntheticReportInput } from './synthetic-report.js';
import { peakRssKB } from './peak-rss.js';

const [devices, out] = process.argv.slice(2);
if (!devices || !out) {
  process.stderr.write('usage: run-pdf DEVICES OUT.pdf\n');
  process.exit(2);
}
const started = process.hrtime.bigint();
const { pages } = await renderEvidencePdf(syntheticReportInput(Number(devices)), out);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ pages, ms, msPerPage: ms / pages, maxRssKB: peakRssKB() }) + '\n');
