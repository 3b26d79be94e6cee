// A deviation that expired before the assessment no longer excuses a fail: the AR's observation
// says so (expired-deviation), and so must the POA&M's copy of it and the eMASS workbook's
// Comments, or the item reads as an ordinary open weakness and the lapse of the AO's acceptance is
// lost. The samples' BITLOCKER-PREBOOT deviation for CT-01 expired 2026-09-30.
// A template's "Devices Affected" column listed MR-01 (SCREEN-LOCK-TIMEOUT, under an approved
// deviation) bare beside LAB-01 (failing), while the Comments named the deviation: the column now
// marks each device under a deviation as the POA&M states it.
import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { sealFolder } from '../src/seal/seal.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const NOW = '2026-11-02T18:00:00Z';
type Json = Record<string, any>;

let dir: string;
const TEMPLATE_HEADERS = ['POA&M Item ID', 'Control Vulnerability Description', 'Status', 'Devices Affected', 'Scheduled Completion Date', 'Milestone with Completion Dates', 'Source Identifying Vulnerability', 'Comments'];
const propOf = (o: Json, name: string): string[] => (o.props ?? []).filter((p: Json) => p.name === name).map((p: Json) => p.value);

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build"');
  dir = mkdtempSync(join(tmpdir(), 'ato-emass-expired-'));
  await runAssess({
    inputs: [join(root, 'samples')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: NOW, toolVersion: 'test',
    deviations: join(root, 'samples/deviations.csv'), attestations: join(root, 'samples/attestations.yaml'), pdf: false,
  });
  const r = spawnSync(process.execPath, [bin, 'export', 'emass-poam', 'pkg', '--out', 'emass', '--resources', 'Site IT staff time', '--office', 'Example Hospital, Jane Doe', '--now', NOW], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`export emass-poam failed: ${r.stderr}`);
  // A template with a Devices Affected column (the shared eMASS template has none).
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('POA&M');
  TEMPLATE_HEADERS.forEach((h, i) => (sheet.getRow(1).getCell(i + 1).value = h));
  writeFileSync(join(dir, 'devices.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
  const t = spawnSync(process.execPath, [bin, 'export', 'emass-poam', 'pkg', '--out', 'emass-devices', '--template', 'devices.xlsx', '--resources', 'Site IT staff time', '--office', 'Example Hospital, Jane Doe', '--now', NOW], { cwd: dir, encoding: 'utf8' });
  if (t.status !== 0) throw new Error(`export emass-poam --template failed: ${t.stderr}`);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an expired deviation', () => {
  // The AR, read on its own: the failing results whose deviation expired.
  const expiredInAr = (): Array<{ check: string; text: string }> => {
    const ar = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'))['assessment-results'].results[0];
    return (ar.observations as Json[]).filter((o) => propOf(o, 'expired-deviation').length).map((o) => ({ check: propOf(o, 'check-id')[0]!, text: propOf(o, 'expired-deviation')[0]! }));
  };

  it('is in the POA&M copy of the observation as the AR states it', () => {
    const expired = expiredInAr();
    expect(expired.map((e) => e.check)).toContain('BITLOCKER-PREBOOT');
    const poam = JSON.parse(readFileSync(join(dir, 'pkg/poam.json'), 'utf8'))['plan-of-action-and-milestones'];
    for (const e of expired) {
      const copies = (poam.observations as Json[]).filter((o) => propOf(o, 'check-id')[0] === e.check && propOf(o, 'result')[0] === 'fail');
      expect(copies.flatMap((o) => propOf(o, 'expired-deviation'))).toContain(e.text);
    }
  });

  it("is in the eMASS item's Comments, and the item stays Ongoing", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'emass/emass-poam.xlsx'));
    const ws = wb.worksheets[0]!;
    let header = 0;
    ws.eachRow((row, n) => { if (!header && String(row.getCell(2).value ?? '').includes('POA&M Item ID')) header = n; });
    const headers = Array.from(ws.getRow(header).values as unknown[]).map((v) => String(v ?? '').replace(/\s+/g, ' ').trim());
    const col = (name: string) => headers.findIndex((h) => h.startsWith(name));
    const rows: Array<{ source: string; status: string; comments: string }> = [];
    for (let n = header + 1; n <= ws.rowCount; n++) {
      const r = ws.getRow(n);
      if (r.getCell(col('Status')).value) rows.push({ source: String(r.getCell(col('Source Identifying')).value), status: String(r.getCell(col('Status')).value), comments: String(r.getCell(col('Comments')).value) });
    }
    for (const e of expiredInAr()) {
      const row = rows.find((r) => r.source.includes(`check ${e.check};`))!;
      expect(row.status).toBe('Ongoing');
      expect(row.comments).toContain(e.text);
    }
  });
});

describe('the Devices Affected column of a template that has one', () => {
  /** samples/deviations.csv: check → device → expiry. */
  // Read with csv-parse, as the tool reads it: a justification may hold commas.
  const deviationsCsv = (): Array<{ check: string; device: string; expires: string; justification: string }> =>
    (parse(readFileSync(join(root, 'samples/deviations.csv')), { columns: true }) as Array<Record<string, string>>)
      .map((r) => ({ check: r.check_id!, device: r.device_id!, expires: r.expires!, justification: r.justification! }));

  it('marks each device under a deviation, as the Comments and the POA&M do, and leaves the others bare', async () => {
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(join(dir, 'emass-devices/emass-poam.xlsx'));
    const ws = back.worksheets[0]!;
    const col = (name: string) => TEMPLATE_HEADERS.indexOf(name) + 1;
    const rows: Array<{ source: string; devices: string; comments: string }> = [];
    for (let n = 2; n <= ws.rowCount; n++) {
      const r = ws.getRow(n);
      if (r.getCell(col('Status')).value) rows.push({ source: String(r.getCell(col('Source Identifying Vulnerability')).value), devices: String(r.getCell(col('Devices Affected')).value ?? ''), comments: String(r.getCell(col('Comments')).value ?? '') });
    }
    const row = (check: string) => rows.find((r) => r.source.includes(`check ${check};`))!;
    const screen = row('SCREEN-LOCK-TIMEOUT');
    const approved = deviationsCsv().find((d) => d.check === 'SCREEN-LOCK-TIMEOUT')!;
    expect(approved.expires > NOW.slice(0, 10)).toBe(true);
    const cells = screen.devices.split('; ');
    // The device under the approved deviation, marked with its expiry; the one failing, bare.
    expect(cells).toContain(`${approved.device} (approved deviation until ${approved.expires})`);
    expect(cells).toContain('LAB-01');
    expect(screen.comments).toContain(`Approved deviation (${approved.device})`);
    // The samples' justification ends with its own full stop: the line ends with one, not two.
    expect(approved.justification.endsWith('.')).toBe(true);
    expect(screen.comments).toContain(`${approved.justification}\n`);
    expect(screen.comments).not.toMatch(/\.\.(\s|$)/);
    // The expired one: marked as expired, not as approved.
    const expired = deviationsCsv().find((d) => d.check === 'BITLOCKER-PREBOOT')!;
    expect(expired.expires < NOW.slice(0, 10)).toBe(true);
    expect(row('BITLOCKER-PREBOOT').devices.split('; ')).toContain(`${expired.device} (deviation expired ${expired.expires})`);
    // Every other device stands bare: a mark only where a deviation says so.
    const marked = rows.flatMap((r) => r.devices.split('; ')).filter((d) => d.includes('('));
    expect(marked.every((d) => / \((approved deviation until|deviation expired) \d{4}-\d{2}-\d{2}\)$/.test(d)), marked.join(' | ')).toBe(true);
  });
});

describe("an item's approved-deviation Comments", () => {
  // A check's deviation observation may list devices of other POA&M items for the check (one
  // deviation, "*" or several rows with one text): each item's Comments named them all as its own.
  it("name only the item's own devices, as poam.json's item lists them", async () => {
    const pkg = join(dir, 'pkg-shared-deviation');
    cpSync(join(dir, 'pkg'), pkg, { recursive: true });
    const poamFile = join(pkg, 'poam.json');
    const doc = JSON.parse(readFileSync(poamFile, 'utf8'));
    const poam = doc['plan-of-action-and-milestones'];
    const item = (poam['poam-items'] as Json[]).find((i) => propOf(i, 'check-id')[0] === 'SCREEN-LOCK-TIMEOUT')!;
    const own = propOf(item, 'affected-device');
    const ssp = JSON.parse(readFileSync(join(pkg, 'ssp.json'), 'utf8'))['system-security-plan'];
    const other = (ssp['system-implementation']['inventory-items'] as Json[]).find((i) => !own.includes(propOf(i, 'asset-id')[0]!))!;
    const otherId = propOf(other, 'asset-id')[0]!;
    const obs = (poam.observations as Json[]).find((o) => propOf(o, 'check-id')[0] === 'SCREEN-LOCK-TIMEOUT' && propOf(o, 'deviation').length)!;
    obs.subjects.push({ 'subject-uuid': other.uuid, type: 'inventory-item', title: otherId });
    writeFileSync(poamFile, JSON.stringify(doc, null, 2));
    rmSync(join(pkg, 'manifest.json'));
    sealFolder(pkg, { createdAt: NOW, tool: 'test' });
    const r = spawnSync(process.execPath, [bin, 'export', 'emass-poam', 'pkg-shared-deviation', '--out', 'emass-shared', '--resources', 'Site IT staff time', '--office', 'Example Hospital, Jane Doe', '--now', NOW], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'emass-shared/emass-poam.xlsx'));
    const comments: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => { const v = String(c.value ?? ''); if (v.includes('Approved deviation (')) comments.push(v); }));
    const line = comments.join('\n').split('\n').find((l) => l.startsWith('Approved deviation ('))!;
    const named = /^Approved deviation \(([^)]*)\)/.exec(line)![1]!.split('; ');
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((d) => own.includes(d)), line).toBe(true);
    expect(named).not.toContain(otherId);
  }, 60_000);
});
