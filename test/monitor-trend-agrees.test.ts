// drift.md and the monitoring PDF of a monitor run show the same trend: the same runs of the store,
// the same share per layer. drift.md showed only the previous run and this one ("Results per
// layer"), while the PDF charted every run of the store (up to 12): a reader of drift.md saw two of
// the three runs the PDF showed an AO.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { runMonitor } from '../src/monitor/run.js';
import { LAYER_TITLES, LAYERS } from '../src/snapshot/types.js';

const root = new URL('..', import.meta.url).pathname;
const DEVICES = ['CT-01', 'MR-01', 'MR-02', 'LAB-01'];
const RUNS = [['2026-09-07', '2026-09-08T00:00:00Z'], ['2026-10-05', '2026-10-06T00:00:00Z'], ['2026-11-02', '2026-11-03T00:00:00Z']] as const;
let dir: string;

/** The alternative text of each Figure of the PDF (the trend chart's: "{layer}: share … at each run: {date} {share}, …"). */
async function figureAlts(file: string): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  const out: string[] = [];
  const walk = (n: any): void => {
    if (!n) return;
    if (n.role === 'Figure' && n.alt) out.push(n.alt);
    for (const c of n.children ?? []) walk(c);
  };
  for (let i = 1; i <= pdf.numPages; i++) walk(await (await pdf.getPage(i)).getStructTree());
  await pdf.destroy();
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-trend-'));
  for (const [i, [day, now]] of RUNS.entries()) {
    const inputs = DEVICES.map((d) => join(root, 'samples', d, `${d}_${day}.json`));
    await runMonitor({ store: join(dir, 'store'), inputs, out: join(dir, `out${i}`), force: false, now, wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate', pdf: true, program: 'test' });
  }
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('drift.md and the monitoring PDF chart the same runs', () => {
  it('the third run: drift.md lists the three runs the PDF charts, each layer with the PDF\'s share', async () => {
    const out = join(dir, 'out2');
    const md = readFileSync(join(out, 'drift.md'), 'utf8');
    const at = md.indexOf('## Trend per layer');
    expect(at, 'drift.md has a trend').toBeGreaterThan(0);
    const rows = md.slice(at).split('\n').filter((l) => /^\| \d{4}-/.test(l)).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(rows.map((r) => r[0]), 'the store\'s runs, oldest first').toEqual(RUNS.map(([, now]) => now));
    // "{layer}: … at each run: 2026-09-08 83%, …" as drift.md's cells give them.
    const fromMd = LAYERS.map((l, i) => `${LAYER_TITLES[l]}: ${rows.map((r) => `${r[0]!.slice(0, 10)} ${r[2 + i]!.split(' ')[0]}`).join(', ')}`);
    const fromPdf = (await figureAlts(join(out, 'monitoring-report.pdf'))).map((a) => a.replace(/: share of results that passed at each run: /, ': '));
    expect(fromPdf).toHaveLength(LAYERS.length);
    expect(fromMd).toEqual(fromPdf);
  });
});
