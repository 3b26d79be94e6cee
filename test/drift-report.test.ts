// The monitoring-report PDF from a model: the trend series as given (monitor passes the store's
// history), POA&M changes only when given, section order, determinism.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeDrift } from '../src/drift/compute.js';
import { buildMonitoringReport } from '../src/drift/report-model.js';
import { buildSide } from '../src/drift/side.js';
import type { Drift, TrendPoint } from '../src/drift/types.js';
import { renderMonitoringPdfBytes } from '../src/report/monitoring/render.js';
import { context, DEVICES, ROUND1, ROUND2, sample, sha } from './support/drift.js';

async function text(bytes: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) pages.push((await (await pdf.getPage(n)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' '));
  await pdf.destroy();
  return pages;
}

let drift: Drift;
beforeAll(() => {
  const ctx = context({ deviations: true, now: '2026-11-28T00:00:00Z' });
  const side = (day: string, label: string) => buildSide(DEVICES.map((d) => sample(d, day)).map((s) => ({ snapshot: s, file: `${label}/${s.device.id}.json`, sha256: sha(s) })), ctx, { label, kind: 'snapshots' });
  drift = computeDrift(side(ROUND1, 'r1'), side(ROUND2, 'r2'), ctx);
});

describe('monitoring report', () => {
  it('draws the trend over every point given, oldest first, and lists POA&M changes when given', async () => {
    const point = (at: string, pass: number): TrendPoint => ({ ...drift.trend.old, at, layers: { ...drift.trend.old.layers, firewall: { pass, fail: 24 - pass, other: 0 } } });
    const trend = [point('2026-08-03T00:00:00Z', 10), point('2026-09-07T00:00:00Z', 12), drift.trend.old, drift.trend.new];
    const model = buildMonitoringReport(drift, {
      toolVersion: 't',
      trend,
      poamChanges: [
        { kind: 'opened', controlId: 'ac-5', deviceId: 'LAB-01', checkId: 'ROLE-CLINICAL-NOT-ADMIN', title: 'Clinical account labtech2 holds administrator rights', deadline: '2026-12-28' },
        { kind: 'closed', controlId: 'si-2', deviceId: 'MR-01', checkId: 'OS-PATCH-LEVEL', title: 'Vendor software behind the latest service pack' },
      ],
    });
    const pages = await text((await renderMonitoringPdfBytes(model)).bytes);
    const all = pages.join('\n');
    const trendPage = pages.find((p) => p.includes('Compliance trend per layer'))!;
    // The firewall chart: 10/24 = 42 %, 12/24 = 50 %, then the two runs.
    expect(trendPage.indexOf('42%')).toBeLessThan(trendPage.indexOf('50%'));
    for (const d of ['2026-08-03', '2026-09-07', '2026-10-05', '2026-11-02']) expect(trendPage).toContain(d);
    const poam = all.slice(all.indexOf('POA&M changes'));
    expect(poam).toContain('Clinical account labtech2 holds administrator rights');
    expect(poam).toContain('2026-12-28');
    expect(poam).toMatch(/closed .*si-2/);
  });

  it('without POA&M changes there is no POA&M section; sections come in order, regressions first', async () => {
    const pages = await text((await renderMonitoringPdfBytes(buildMonitoringReport(drift, { toolVersion: 't' }))).bytes);
    const all = pages.join('\n');
    expect(all).not.toContain('POA&M changes');
    const order = ['Regressions', 'Remediations', 'Devices added and missing', 'Changes per device', 'Due by the report date', 'Compliance trend per layer'].map((t) => all.indexOf(t));
    expect(order.every((x) => x >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Every page has its footer with the page count.
    pages.forEach((p, i) => expect(p).toContain(`${i + 1} / ${pages.length}`));
  });

  it('caps per-device sections for large fleets and says how many are left out', async () => {
    const pages = await text((await renderMonitoringPdfBytes(buildMonitoringReport(drift, { toolVersion: 't', maxDevices: 1 }))).bytes);
    expect(pages.join(' ')).toContain('… and 3 more device(s) with changes: see drift.json.');
  });

  it('the same model gives the same bytes', async () => {
    const m = buildMonitoringReport(drift, { toolVersion: 't' });
    const [a, b] = [await renderMonitoringPdfBytes(m), await renderMonitoringPdfBytes(m)];
    expect(a.bytes.equals(b.bytes)).toBe(true);
  });
});
