// A deviation that expired before the assessment no longer excuses a fail: the AR's observation
// says so (expired-deviation), and so must the POA&M's copy of it and the eMASS workbook's
// Comments, or the item reads as an ordinary open weakness and the lapse of the AO's acceptance is
// lost. The samples' BITLOCKER-PREBOOT deviation for CT-01 expired 2026-09-30.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const NOW = '2026-11-02T18:00:00Z';
type Json = Record<string, any>;

let dir: string;
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
      const row = rows.find((r) => r.source.includes(`check ${e.check} `))!;
      expect(row.status).toBe('Ongoing');
      expect(row.comments).toContain(e.text);
    }
  });
});
