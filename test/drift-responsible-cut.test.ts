// drift.md cut a control's responsible device/check pairs at 12, the monitoring PDF at 40, both in
// drift.json's order (device, check): a pair whose deviation had expired, past the 12th, was said in
// the PDF and not in drift.md. Both now show the same pairs, those with an expired deviation first,
// and count the rest in the same words.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runMonitor, type MonitorOptions } from '../src/monitor/run.js';
import { pdfPageTexts } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;
const sample = (device: string, month: string) => join(root, 'samples', device, `${device}_2026-${month}.json`);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-drift-cut-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** CT-01's snapshot of `month` and twelve copies named AA-01… (before CT-01, none under a deviation). */
function inputs(month: string): string[] {
  const files = [sample('CT-01', month), sample('MR-01', month)];
  for (let n = 1; n <= 12; n++) {
    const s = JSON.parse(readFileSync(sample('CT-01', month), 'utf8'));
    const id = `AA-${String(n).padStart(2, "0")}`;
    s.device = { ...s.device, id, serial: `${s.device.serial}-${n}`, hostname: `${s.device.hostname}-${n}` };
    const f = join(dir, `${id}_${month}.json`);
    writeFileSync(f, JSON.stringify(s));
    files.push(f);
  }
  return files;
}

it('a pair with an expired deviation is named in drift.md and the monitoring PDF alike, whatever the cut', async () => {
  const base: MonitorOptions = { store: join(dir, 'store'), inputs: [], out: '', force: false, now: '', wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate', deviations: join(root, 'samples', 'deviations.csv'), pdf: true };
  await runMonitor({ ...base, inputs: inputs('10-05'), out: join(dir, 'oct'), now: '2026-10-06T00:00:00Z' });
  await runMonitor({ ...base, inputs: inputs('11-02'), out: join(dir, 'nov'), now: '2026-11-03T00:00:00Z' });
  const drift = JSON.parse(readFileSync(join(dir, 'nov', 'drift.json'), 'utf8')) as { controls: Array<{ controlId: string; responsible: Array<{ deviceId: string; checkId: string; expiredDeviation?: unknown }> }> };
  const sc28 = drift.controls.find((c) => c.controlId === 'sc-28.1')!;
  // More pairs than either report shows, one of them under an expired deviation.
  expect(sc28.responsible.length).toBeGreaterThan(12);
  const expired = sc28.responsible.filter((r) => r.expiredDeviation).map((r) => `${r.deviceId}/${r.checkId}`);
  expect(expired).toContain('CT-01/BITLOCKER-PREBOOT');

  const md = readFileSync(join(dir, 'nov', 'drift.md'), 'utf8').replace(/\\([\\*_`<>[\]|])/g, '$1');
  const line = md.split('\n').find((l) => l.startsWith('- sc-28.1 '))!;
  const pdf = (await pdfPageTexts(join(dir, 'nov', 'monitoring-report.pdf'))).join(' ');
  for (const pair of expired) {
    expect(line).toMatch(new RegExp(`${pair} \\(fail → fail; deviation expired`));
    expect(pdf).toMatch(new RegExp(`${pair} \\(fail → fail; deviation expired`));
  }
  // The same count of pairs left unnamed in both.
  const mdMore = /and (\d+) more/.exec(line)?.[1];
  expect(mdMore).toBeDefined();
  expect(pdf).toContain(`and ${mdMore} more`);
  // Every pair drift.md names, the PDF names too.
  for (const m of line.matchAll(/([A-Z]{2}-\d\d\/[A-Z0-9-]+) \(/g)) expect(pdf.replace(/\s+/g, ' ')).toContain(`${m[1]} (`);
}, 300_000);
