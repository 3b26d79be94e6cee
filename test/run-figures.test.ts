// One run's per-layer figures are the same in every output: the assess CLI summary and --json,
// diff's drift.json, drift.md and PDF, monitor's drift.json, stored run summary and PDF. One
// definition (src/assess/layer-counts.ts): pass / fail / other (deviation, not collected), not
// applicable apart, the pass share over the results that applied.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMonitoringReport } from '../src/drift/report-model.js';
import type { Drift, TrendPoint } from '../src/drift/types.js';
import { runMonitor } from '../src/monitor/run.js';
import { SUMMARY_FORMAT, type RunSummary } from '../src/monitor/summary.js';
import { renderMonitoringPdfBytes } from '../src/report/monitoring/render.js';
import { LAYER_TITLES, LAYERS, type Layer } from '../src/snapshot/types.js';
import { findRoles, readPdf } from './support/pdf-layout.js';
import { pdfPageTexts } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;
const bin = process.env.ATO_CLI ?? join(root, 'dist/cli/main.js');
const sample = (device: string, month: string) => join(root, 'samples', device, `${device}_2026-${month}.json`);
// The sample consoles collected in October and November: some access, audit and encryption checks do not apply on them.
const DEVICES = ['CT-01', 'LAB-01', 'MR-01', 'MR-02'];
const NOW = '2026-11-03T00:00:00Z';
type Counts = { pass: number; fail: number; other: number; notApplicable?: number };

let dir: string;
let inputs: string[];
let stored: RunSummary;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Per layer, counted here from the package's results.csv (device × check × status) and the catalog's layers. */
function countsFromResultsCsv(csv: string, layerOf: Map<string, Layer>): Record<Layer, Required<Counts>> {
  const out = Object.fromEntries(LAYERS.map((l) => [l, { pass: 0, fail: 0, other: 0, notApplicable: 0 }])) as Record<Layer, Required<Counts>>;
  for (const { check, status } of parse(csv, { columns: true }) as Array<{ check: string; status: string }>) {
    const c = out[layerOf.get(check)!];
    if (status === 'pass') c.pass++;
    else if (status === 'fail') c.fail++;
    else if (status === 'not-applicable') c.notApplicable++;
    else c.other++;
  }
  return out;
}

const percent = (c: Counts) => Math.round((100 * c.pass) / (c.pass + c.fail + c.other));
const newestShare = (alt: string) => alt.match(/(\d+)%$/)?.[1];

async function chartAlts(pdf: Buffer): Promise<Map<Layer, string>> {
  const read = await readPdf(pdf);
  const alts = read.pages.flatMap((p) => findRoles(p.struct, 'Figure')).map((f) => f.alt ?? '');
  return new Map(LAYERS.map((l) => [l, alts.find((a) => a.startsWith(`${LAYER_TITLES[l]}:`))!]));
}

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npm run build" (npm test does it)`);
  dir = mkdtempSync(join(tmpdir(), 'ato-run-figures-'));
  inputs = DEVICES.map((d) => sample(d, '11-02'));
  const base = { store: join(dir, 'store'), force: false, wallClock: NOW, toolVersion: 'test', baseline: 'moderate' as const, pdf: true };
  await runMonitor({ ...base, inputs: DEVICES.map((d) => sample(d, '10-05')), out: join(dir, 'mon-oct'), now: '2026-10-06T00:00:00Z' });
  await runMonitor({ ...base, inputs, out: join(dir, 'mon-nov'), now: NOW });
  // The November run's summary as the store keeps it (what later runs' trend charts draw).
  const objects = join(dir, 'store', 'objects');
  stored = readdirSync(objects).flatMap((d) => readdirSync(join(objects, d)).map((f) => readFileSync(join(objects, d, f), 'utf8')))
    .filter((t) => t.includes(SUMMARY_FORMAT)).map((t) => JSON.parse(t) as RunSummary).find((x) => x.now === NOW)!;
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one run, the same figures in every report', () => {
  it('counts not-applicable apart and gives one pass share in the CLI, --json, drift.json, drift.md and both PDFs', async () => {
    cli(['assess', ...inputs, '--out', join(dir, 'pkg'), '--now', NOW]);
    const summary = JSON.parse(cli(['assess', ...inputs, '--out', join(dir, 'pkg-json'), '--now', NOW, '--no-pdf', '--force', '--json']).stdout).summary;
    // The summary a user reads is written to stderr (stdout is kept for --json).
    const text = cli(['assess', ...inputs, '--out', join(dir, 'pkg-text'), '--now', NOW, '--no-pdf']).stderr;
    cli(['diff', join(root, 'samples'), join(dir, 'pkg'), '--out', join(dir, 'diff'), '--now', NOW]);
    const diffJson = JSON.parse(readFileSync(join(dir, 'diff', 'drift.json'), 'utf8')) as Drift;
    const diffMd = readFileSync(join(dir, 'diff', 'drift.md'), 'utf8');
    const diffAlts = await chartAlts(readFileSync(join(dir, 'diff', 'monitoring-report.pdf')));
    const monJson = JSON.parse(readFileSync(join(dir, 'mon-nov', 'drift.json'), 'utf8')) as Drift;
    const monAlts = await chartAlts(readFileSync(join(dir, 'mon-nov', 'monitoring-report.pdf')));

    const { checks } = JSON.parse(cli(['checks', '--json']).stdout) as { checks: Array<{ id: string; layer: Layer }> };
    const expected = countsFromResultsCsv(readFileSync(join(dir, 'pkg', 'results.csv'), 'utf8'), new Map(checks.map((c) => [c.id, c.layer])));
    // The samples have results that do not apply: the definitions would differ without them.
    expect(LAYERS.some((l) => expected[l].notApplicable > 0)).toBe(true);
    for (const l of LAYERS) {
      const want = expected[l];
      expect(summary.layers[l], `assess --json ${l}`).toEqual(want);
      expect(diffJson.trend.new.layers[l], `diff drift.json ${l}`).toEqual(want);
      expect(monJson.trend.new.layers[l], `monitor drift.json ${l}`).toEqual(want);
      expect(stored.trend.layers[l], `monitor's stored summary ${l}`).toEqual(want);
      const share = `${percent(want)}%`;
      const row = text.split('\n').find((x) => x.trim().startsWith(LAYER_TITLES[l]))!;
      expect(row.replace(/\s+/g, ' ')).toContain(`${want.pass} / ${want.fail} / ${want.other} ${share} passed; ${want.notApplicable} not applicable`);
      const mdRow = diffMd.split('\n').find((x) => x.startsWith(`| ${LAYER_TITLES[l]} |`))!;
      expect(mdRow.endsWith(`| ${want.pass} / ${want.fail} / ${want.other} | ${share} | ${want.notApplicable} |`), mdRow).toBe(true);
      expect(newestShare(diffAlts.get(l)!), `diff PDF ${l}`).toBe(String(percent(want)));
      expect(newestShare(monAlts.get(l)!), `monitor PDF ${l}`).toBe(String(percent(want)));
    }
  }, 240_000);

  it('shows a point stored before not-applicable was counted apart as its run reported it, and says so', async () => {
    const now = stored.trend;
    const drift = JSON.parse(readFileSync(join(dir, 'mon-nov', 'drift.json'), 'utf8')) as Drift;
    // A run summary of an earlier version: no notApplicable, and `other` holding those results.
    const older: TrendPoint = {
      ...now,
      at: '2026-09-08T00:00:00Z',
      layers: Object.fromEntries(LAYERS.map((l) => [l, { pass: now.layers[l].pass, fail: now.layers[l].fail, other: now.layers[l].other + (now.layers[l].notApplicable ?? 0) }])) as TrendPoint['layers'],
    };
    const { bytes: pdf } = await renderMonitoringPdfBytes(buildMonitoringReport(drift, { toolVersion: 'test', trend: [older, now] }));
    const access = (await chartAlts(pdf)).get('access')!;
    const o = older.layers.access;
    const n = now.layers.access;
    expect(o.other).toBeGreaterThan(n.other);
    // Each point's share as its own run counted it: the older one over every result.
    expect(access).toContain(`2026-09-08 ${percent(o)}%`);
    expect(access).toContain(`${now.at.slice(0, 10)} ${percent(n)}%`);
    writeFileSync(join(dir, 'older.pdf'), pdf);
    const pages = (await pdfPageTexts(join(dir, 'older.pdf'))).join(' ');
    expect(pages).toContain('Runs stored before not-applicable results were counted apart (2026-09-08)');
  }, 120_000);
});

