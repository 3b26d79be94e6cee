// A POA&M item closed last month, failing again only on a snapshot collected before that closure
// (an older snapshot assessed again with --previous-poam): the evidence shows the weakness before it
// was closed, not its return. The item is reopened by this assessment: poam.json, the PDF and the
// eMASS export all give the assessment's day as detected, never a day before the closure they state,
// and say the evidence predates the closure. Samples: MR-02 fails LOCKOUT-RESET on 2026-10-05 and
// passes on 2026-11-02 (samples/README.md).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { requireTool } from './support/pdf-layout.js';
import { propOf } from './support/oscal-json.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
type Json = Record<string, any>;
const KEY = 'check:LOCKOUT-RESET';
const DEVICES = ['CT-01', 'LAB-01', 'MR-01', 'MR-02'];
const snap = (d: string, day: string) => join(root, 'samples', d, `${d}_${day}.json`);
const DEC_NOW = '2026-12-06T18:00:00Z';

let dir: string;
let nov: Json;
let dec: Json;
let warnings: string[] = [];
const items = (p: Json): Json[] => p['plan-of-action-and-milestones']['poam-items'];
const item = (p: Json, key: string): Json => items(p).find((x) => propOf(x, 'weakness-key') === key)!;
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build"');
  dir = mkdtempSync(join(tmpdir(), 'ato-reopen-older-'));
  const common = { force: false, baseline: 'moderate' as const, toolVersion: 'test', deviations: join(root, 'samples/deviations.csv'), system: join(root, 'samples/system.yaml') };
  await runAssess({ ...common, pdf: false, inputs: DEVICES.map((d) => snap(d, '2026-10-05')), out: join(dir, 'oct'), now: '2026-10-05T18:00:00Z' });
  await runAssess({ ...common, pdf: false, inputs: DEVICES.map((d) => snap(d, '2026-11-02')), out: join(dir, 'nov'), now: '2026-11-03T18:00:00Z', previousPoam: join(dir, 'oct/poam.json') });
  // December: MR-02's October snapshot, older than November's closure, is what is assessed of it.
  await runAssess({
    ...common, pdf: true, inputs: [...DEVICES.slice(0, 3).map((d) => snap(d, '2026-11-02')), snap('MR-02', '2026-10-05')],
    out: join(dir, 'dec'), now: DEC_NOW, previousPoam: join(dir, 'nov/poam.json'), warn: (m: string) => warnings.push(m),
  });
  nov = JSON.parse(readFileSync(join(dir, 'nov/poam.json'), 'utf8'));
  dec = JSON.parse(readFileSync(join(dir, 'dec/poam.json'), 'utf8'));
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an item reopened on evidence collected before its closure', () => {
  it('poam.json: reopened as detected on the assessment day (not before the closure), its deadline from that day, and says why', () => {
    const closed = propOf(item(nov, KEY), 'closed')!;
    expect(closed).toBe('2026-11-03'); // the premise: November's run closed it
    const it = item(dec, KEY);
    const detected = propOf(it, 'detected')!;
    expect(propOf(it, 'poam-status')).toBe('open');
    expect(detected).toBe(DEC_NOW.slice(0, 10));
    expect(detected >= closed).toBe(true);
    expect(propOf(it, 'deadline')).toBe(plusDays(detected, 90)); // CAT II
    expect(propOf(it, 'first-detected')! < closed).toBe(true);
    expect(it.description).toContain(`reopened ${detected}`);
    expect(it.description).toContain(`collected 2026-10-05, before the item was closed ${closed}`);
    expect(warnings.filter((w) => w.startsWith(`${KEY} was closed ${closed}`) && w.includes('collected 2026-10-05, before that closure') && w.includes(`detected ${detected}`))).toHaveLength(1);
  });

  it('the PDF gives the same reopening date and says the evidence predates the closure', (ctx) => {
    requireTool(ctx, 'pdftotext');
    const r = spawnSync('pdftotext', ['-raw', join(dir, 'dec/evidence-package.pdf'), '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const text = r.stdout.replace(/\s+/g, ' ');
    const it = item(dec, KEY);
    expect(text).toContain(`Reopened ${propOf(it, 'detected')}`);
    expect(text).toContain(`before its closure ${propOf(item(nov, KEY), 'closed')}`);
    expect(text.includes('Reopened 2026-10-05'), 'the PDF names the pre-closure day as the reopening').toBe(false);
  });

  it('the eMASS export gives the same detection, scheduled date and the reason', async () => {
    const r = spawnSync(process.execPath, [bin, 'export', 'emass-poam', 'dec', '--out', 'emass', '--office', 'ISSO', '--resources', 'IT staff', '--now', '2026-12-07T00:00:00Z'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'emass/emass-poam.xlsx'));
    const it = item(dec, KEY);
    const cells: string[][] = [];
    wb.worksheets[0]!.eachRow((row) => cells.push((row.values as unknown[]).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? '')))));
    const rows = cells.filter((row) => row.some((c) => c.includes(`weakness ${KEY} `)));
    expect(rows).toHaveLength(1);
    const row = rows[0]!.join('\n');
    expect(row).toContain(`detected again ${propOf(it, 'detected')}`);
    expect(row).not.toContain('detected again 2026-10-05');
    expect(row).toContain(`before the item was closed ${propOf(item(nov, KEY), 'closed')}`);
    expect(rows[0]).toContain(propOf(it, 'deadline'));
  });
});

describeWithShared('the reopened POA&M and its assessment results are valid OSCAL', () => {
  it('poam.json and assessment-results.json pass both NIST schemas', () => {
    const ar = JSON.parse(readFileSync(join(dir, 'dec/assessment-results.json'), 'utf8'));
    for (const version of ['1.1.3', '1.2.2'] as const) {
      expect(validateOscal(dec, version), `poam ${version}`).toEqual([]);
      expect(validateOscal(ar, version), `ar ${version}`).toEqual([]);
    }
  });
});
