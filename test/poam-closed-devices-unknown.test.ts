// A POA&M item closed by a POA&M written before closed items named their devices (5e3d31f: the
// `closed-device` props), carried into next month's: which devices it stood for is not known. The
// POA&M wrote it with no closed-device and said nothing, and `export emass-poam` then scoped it by
// no device and cited the check's WN10 STIG rules as before, for consoles it could not name (MR-02,
// the one it was on, runs Windows 11, which that STIG does not cover). Now the POA&M item says in
// its remarks that its devices are not known, and the export cites no STIG rule, saying why.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadStigData } from '../src/catalog/stig.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
let dir: string;
const ourProp = (x: Json, name: string): string | undefined => x.props?.find((p: Json) => p.name === name)?.value;
const ourProps = (x: Json, name: string): string[] => (x.props ?? []).filter((p: Json) => p.name === name).map((p: Json) => p.value);
const itemsOf = (file: string): Json[] => JSON.parse(readFileSync(file, 'utf8'))['plan-of-action-and-milestones']['poam-items'];

/** The closed items of month 2 whose check cites rules of the bundled STIG: the ones whose scope the export judges. */
let closedKeys: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-poam-closed-unknown-'));
  const month = (day: string) => ['CT-01', 'LAB-01', 'MR-01', 'MR-02'].map((d) => join(root, 'samples', d, `${d}_${day}.json`));
  const common = { force: false, baseline: 'moderate' as const, toolVersion: 'test', deviations: join(root, 'samples/deviations.csv'), system: join(root, 'samples/system.yaml'), pdf: false };
  await runAssess({ ...common, inputs: month('2026-10-05'), out: join(dir, 'm1'), now: '2026-10-06T00:00:00Z' });
  await runAssess({ ...common, inputs: month('2026-11-02'), out: join(dir, 'm2'), now: '2026-11-28T00:00:00Z', previousPoam: join(dir, 'm1/poam.json') });
  // Month 2's POA&M as a version before 5e3d31f wrote it: its closed items name no device.
  const doc = JSON.parse(readFileSync(join(dir, 'm2/poam.json'), 'utf8'));
  const stig = loadStigData();
  const checks = loadCatalog().checks;
  const items = doc['plan-of-action-and-milestones']['poam-items'] as Json[];
  closedKeys = items.filter((i) => ourProp(i, 'poam-status') === 'closed' && ourProps(i, 'closed-device').length > 0
    && (checks.find((c) => c.id === ourProp(i, 'check-id'))?.stig ?? []).some((id) => stig.rules.some((r) => r.stigId === id))).map((i) => ourProp(i, 'weakness-key')!);
  for (const i of items) i.props = (i.props as Json[]).filter((p) => p.name !== 'closed-device');
  writeFileSync(join(dir, 'older-poam.json'), JSON.stringify(doc, null, 2));
  await runAssess({ ...common, inputs: month('2026-11-02'), out: join(dir, 'm3'), now: '2026-11-29T00:00:00Z', previousPoam: join(dir, 'older-poam.json') });
  const r = spawnSync(process.execPath, [bin, 'export', 'emass-poam', join(dir, 'm3'), '--out', join(dir, 'emass'), '--office', 'EUH ISSO, Priya Raman', '--resources', 'Site IT staff time', '--now', '2026-11-30T00:00:00Z'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(r.stderr);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a closed item carried from a POA&M that did not name its devices', () => {
  it('the POA&M keeps it closed, names no device and says its devices are not known', () => {
    // Premise: month 2 closed an item of a check with WN10 STIG rules (LOCKOUT-RESET, on MR-02 in month 1).
    expect(closedKeys.length).toBeGreaterThan(0);
    const items = itemsOf(join(dir, 'm3/poam.json'));
    for (const key of closedKeys) {
      const item = items.find((i) => ourProp(i, 'weakness-key') === key)!;
      expect(ourProp(item, 'poam-status'), key).toBe('closed');
      expect(ourProps(item, 'closed-device'), key).toEqual([]);
      expect(ourProps(item, 'affected-device'), key).toEqual([]);
      expect(item.remarks, key).toMatch(/devices this item was on when it was closed are not known/);
    }
    // Every closed item of month 3 carried from month 2's: a check's or objective's names no device
    // now and says so; an attestation's was on no device, and says nothing of the kind.
    for (const item of items.filter((i) => ourProp(i, 'poam-status') === 'closed')) {
      const onDevices = ourProp(item, 'check-id') !== undefined || ourProp(item, 'objective-id') !== undefined;
      if (onDevices) expect(item.remarks, ourProp(item, 'weakness-key')).toMatch(/not known/);
      else expect(item.remarks, ourProp(item, 'weakness-key')).toBeUndefined();
    }
    // An item whose closing named its devices says nothing of the kind (month 2 closed with them).
    for (const i of itemsOf(join(dir, 'm2/poam.json'))) expect(i.remarks).toBeUndefined();
  });

  it('export emass-poam cites no STIG rule for it (only its CCIs) and says its scope is not known', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'emass/emass-poam.xlsx'));
    const ws = wb.worksheets[0]!;
    const text = (row: number, c: string) => String(ws.getCell(`${c}${row}`).value ?? '');
    for (const key of closedKeys) {
      let row = 8;
      while (row <= ws.rowCount && !text(row, 'M').includes(`weakness ${key} `)) row++;
      expect(row, key).toBeLessThanOrEqual(ws.rowCount);
      expect(text(row, 'L'), key).toMatch(/^Completed /);
      expect(text(row, 'F'), key).not.toMatch(/SV-\d+r\d+_rule/);
      expect(text(row, 'F'), key).toMatch(/CCI-\d+/);
      expect(text(row, 'M'), key).toMatch(/No STIG rule is cited in Security Checks: the devices this item was on when it was closed are not recorded .* is not known/);
    }
  });
});
