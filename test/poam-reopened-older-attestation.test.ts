// A POA&M item of a lapsed attestation, closed last month by a renewed attestation, reopened because
// the old attestation file is given again: the attestation lapsed before the closure. poam.json,
// the PDF, the eMASS export and the warning said "the evidence showing it again was collected
// {day}", as if a snapshot had been collected that day; they now word it as the attestation's own
// day (the day it lapsed), with the closure, identically. Samples: pl-4's attestation lapsed
// 2026-09-30 (samples/attestations.yaml).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const DEVICES = ['CT-01', 'LAB-01', 'MR-01', 'MR-02'];
const snaps = DEVICES.map((d) => join(root, 'samples', d, `${d}_2026-11-02.json`));
const LAPSED = '2026-09-30';

let dir: string;
let dec: Json;
let jan: Json;
const warnings: string[] = [];
const items = (p: Json): Json[] => p['plan-of-action-and-milestones']['poam-items'];
const pl4 = (p: Json): Json | undefined => items(p).find((x) => String(propOf(x, 'weakness-key')).startsWith('attestation:') && x.title.startsWith('PL-4'));

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build"');
  dir = mkdtempSync(join(tmpdir(), 'ato-reopen-attestation-'));
  // December's attestations: the samples' with pl-4 renewed and reviewed before the run.
  mkdirSync(join(dir, 'renewed/attestations'), { recursive: true });
  for (const f of ['at-2-awareness-roster-2026.md', 'at-3-role-based-training-2026.md', 'pe-3-badge-access-review-2026Q3.md', 'pl-4-rules-of-behavior-signatures-2025.md']) {
    copyFileSync(join(root, 'samples/attestations', f), join(dir, 'renewed/attestations', f));
  }
  const yaml = readFileSync(join(root, 'samples/attestations.yaml'), 'utf8')
    .replace('    when: 2025-10-01\n    expires: 2026-09-30\n', '    when: 2026-11-20\n    expires: 2027-11-19\n    reviewed-by: { name: Tomás Ibarra, role: Configuration review, when: 2026-11-25 }\n');
  expect(yaml).toContain('expires: 2027-11-19');
  writeFileSync(join(dir, 'renewed/attestations.yaml'), yaml);
  const common = { force: false, baseline: 'moderate' as const, toolVersion: 'test', system: join(root, 'samples/system.yaml'), inputs: snaps };
  const sample = join(root, 'samples/attestations.yaml');
  await runAssess({ ...common, pdf: false, attestations: sample, out: join(dir, 'nov'), now: '2026-11-03T18:00:00Z' });
  await runAssess({ ...common, pdf: false, attestations: join(dir, 'renewed/attestations.yaml'), out: join(dir, 'dec'), now: '2026-12-06T18:00:00Z', previousPoam: join(dir, 'nov/poam.json') });
  // January: the old file again, whose pl-4 attestation lapsed before December's closure.
  await runAssess({
    ...common, pdf: true, attestations: sample, out: join(dir, 'jan'), now: '2027-01-05T18:00:00Z', previousPoam: join(dir, 'dec/poam.json'), warn: (m: string) => warnings.push(m),
  });
  dec = JSON.parse(readFileSync(join(dir, 'dec/poam.json'), 'utf8'));
  jan = JSON.parse(readFileSync(join(dir, 'jan/poam.json'), 'utf8'));
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an attestation item reopened on an attestation that lapsed before its closure', () => {
  it('poam.json and the warning word the day as the attestation\'s, not as evidence collected', () => {
    const closed = propOf(pl4(dec)!, 'closed')!;
    expect(closed).toBe('2026-12-06'); // the premise: December's renewed attestation closed it
    const it = pl4(jan)!;
    expect(propOf(it, 'poam-status')).toBe('open');
    expect(it.description).toContain(`the attestation showing it again lapsed ${LAPSED}, before the item was closed ${closed}`);
    expect(it.description).not.toMatch(/was collected \d{4}-\d\d-\d\d, before the item was closed/);
    const key = propOf(it, 'weakness-key')!;
    const mine = warnings.filter((w) => w.startsWith(`${key} was closed ${closed}`));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(`the attestation showing it now lapsed ${LAPSED}, before that closure`);
    expect(mine[0]).not.toContain('collected');
  });

  // Its risk log said "first shown by the collection of", "no longer shown on any affected device"
  // and "fails again" of an attestation, as of a check on devices.
  it('the risk log words each step as an attestation\'s', () => {
    const log = (p: Json): string[] => {
      const uuid = pl4(p)!['related-risks'][0]['risk-uuid'];
      const risk = (p['plan-of-action-and-milestones'].risks as Json[]).find((r) => r.uuid === uuid)!;
      return (risk['risk-log']?.entries as Json[] ?? []).map((e) => e.title as string);
    };
    const titles = log(jan);
    expect(titles).toHaveLength(3);
    expect(titles[0]).toMatch(/^Detected by assessment of the attestations: PL-4: attestation lapsed 2026-09-30/);
    expect(titles[1]).toMatch(/^Closed: an attestation of pl-4 that counts/);
    expect(titles[2]).toBe('Reopened: PL-4: attestation lapsed 2026-09-30');
    for (const t of titles) expect(t).not.toMatch(/collection of|fails again|affected device/);
  });

  it('the PDF says the same: an attestation that lapsed, before the closure', (ctx) => {
    requireTool(ctx, 'pdftotext');
    const r = spawnSync('pdftotext', ['-raw', join(dir, 'jan/evidence-package.pdf'), '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain(`on an attestation that lapsed ${LAPSED}, before its closure ${propOf(pl4(dec)!, 'closed')}`);
    expect(text).not.toContain(`on evidence collected ${LAPSED}`);
    expect(text).not.toContain('on evidence collected 2026-10-01');
  });

  it('the eMASS export carries poam.json\'s words', async () => {
    const r = spawnSync(process.execPath, [bin, 'export', 'emass-poam', 'jan', '--out', 'emass', '--office', 'ISSO', '--resources', 'IT staff', '--now', '2027-01-06T00:00:00Z'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'emass/emass-poam.xlsx'));
    const key = propOf(pl4(jan)!, 'weakness-key')!;
    const cells: string[][] = [];
    wb.worksheets[0]!.eachRow((row) => cells.push((row.values as unknown[]).map((v) => String(v ?? ''))));
    const rows = cells.filter((row) => row.some((c) => c.includes(`weakness ${key} `)));
    expect(rows).toHaveLength(1);
    const row = rows[0]!.join('\n');
    expect(row).toContain(`the attestation showing it again lapsed ${LAPSED}, before the item was closed ${propOf(pl4(dec)!, 'closed')}`);
    expect(row).not.toMatch(/was collected \d{4}-\d\d-\d\d, before the item was closed/);
  });
});

describeWithShared('the reopened POA&M is valid OSCAL', () => {
  it('poam.json passes both NIST schemas', () => {
    for (const version of ['1.1.3', '1.2.2'] as const) expect(validateOscal(jan, version), `poam ${version}`).toEqual([]);
  });
});
