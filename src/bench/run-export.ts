// Child process of the export benchmark: runs one `export` in a fresh process and prints its wall
// time, peak RSS and what it wrote as JSON, so the figures are those of the export alone.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runExport, type ExportFormat } from '../export/run.js';
import { peakRssKB } from './peak-rss.js';

const [format, pkg, out, template] = process.argv.slice(2);
if (!format || !pkg || !out) {
  process.stderr.write('usage: run-export FORMAT PKG OUT [TEMPLATE]\n');
  process.exit(2);
}
const started = process.hrtime.bigint();
const r = await runExport({
  format: format as ExportFormat,
  pkg,
  out,
  force: true,
  toolVersion: 'bench',
  now: '2026-11-29T00:00:00Z',
  ...(format === 'emass-poam' ? { resources: 'Site IT staff time', office: 'Example Hospital, Bench ISSO', relevance: 'Moderate' } : {}),
  ...(template ? { template } : {}),
});
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const bytes = readdirSync(out).reduce((n, f) => n + statSync(join(out, f)).size, 0);
process.stdout.write(JSON.stringify({ ms, maxRssKB: peakRssKB(), files: r.files.length, bytes, summary: format === 'emass-poam' ? r.summary : undefined }) + '\n');
