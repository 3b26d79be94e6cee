// The monitoring-report PDF from a model: the trend series as given (monitor passes the store's
// history), POA&M changes only when given, section order, determinism.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportSystem } from '../src/report/model.js';
import { serializeDrift } from '../src/drift/serialize.js';
import { brokenWords, findRoles, pageText, readPdf, tables, vocabularyOf, type ReadPdf } from './support/pdf-layout.js';
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
    const bytes = (await renderMonitoringPdfBytes(model)).bytes;
    const pages = await text(bytes);
    const all = pages.join('\n');
    // The firewall chart (its alternative text): 10/24 = 42 %, 12/24 = 50 %, then the two runs, oldest first.
    const r = await readPdf(bytes);
    const firewall = r.pages.flatMap((p) => findRoles(p.struct, 'Figure')).map((f) => f.alt ?? '').find((a) => a.startsWith('Firewall'))!;
    await r.pdf.destroy();
    expect(firewall).toMatch(/^Firewall: share of results that passed at each run: 2026-08-03 42%, 2026-09-07 50%, 2026-10-05 \d+%, 2026-11-02 \d+%$/);
    const trendPage = pages.find((p) => p.includes('Compliance trend per layer') && p.includes('% passed'))!;
    for (const d of ['2026-08-03', '2026-09-07', '2026-10-05', '2026-11-02']) expect(trendPage).toContain(d);
    const poam = all.slice(all.indexOf('POA&M changes'));
    expect(poam).toContain('Clinical account labtech2 holds administrator rights');
    expect(poam).toContain('2026-12-28');
    expect(poam).toMatch(/closed .*si-2/);
  });

  it('a console filed under another console\'s id is named with both serials, and what that means', async () => {
    const ctx = context({ deviations: true, now: '2026-11-28T00:00:00Z' });
    const r2 = DEVICES.map((d) => sample(d, ROUND2));
    const swapped = r2.map((s) => ({ ...s, device: { ...s.device, id: s.device.id === 'LAB-01' ? 'MR-02' : s.device.id === 'MR-02' ? 'LAB-01' : s.device.id } }));
    const side = (snaps: typeof r2, label: string) => buildSide(snaps.map((s) => ({ snapshot: s, file: `${label}/${s.device.id}.json`, sha256: sha(s) })), ctx, { label, kind: 'snapshots' });
    const d = computeDrift(side(r2, 'r2'), side(swapped, 'swapped'), ctx);
    const all = (await text((await renderMonitoringPdfBytes(buildMonitoringReport(d, { toolVersion: 't' }))).bytes)).join('\n');
    expect(all).toContain('Another console under the same id');
    expect(all).toMatch(new RegExp(`MR-02: old serial ${r2.find((s) => s.device.id === 'MR-02')!.device.serial} ; new serial ${r2.find((s) => s.device.id === 'LAB-01')!.device.serial} , which the old run gave as LAB-01`.replace(/ ([;,])/g, ' ?$1')));
    // Its checks that got better are not listed as remediated.
    expect(all).not.toContain('Checks remediated');
  });

  it('without POA&M changes there is no POA&M section; sections come in order, regressions first', async () => {
    const pages = await text((await renderMonitoringPdfBytes(buildMonitoringReport(drift, { toolVersion: 't' }))).bytes);
    const all = pages.join('\n');
    expect(all).not.toContain('POA&M changes');
    // After the contents (which lists them all), the sections in this order.
    const body = all.slice(all.indexOf('Summary', all.indexOf('Embedded attachments')));
    const order = ['Regressions', 'Remediations', 'Devices added and missing', 'Changes per device', 'What comes due by the report date', 'Compliance trend per layer'].map((t) => body.indexOf(t));
    expect(order.every((x) => x >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Every page has its footer with the page count.
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages.length}`));
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

describe('monitoring report: front matter, chrome, structure', () => {
  const MARKING = 'CUI';
  const system: ReportSystem = {
    name: 'Example University Hospital Imaging Device Fleet', systemId: 'EUH-ISSO-2026-014', description: 'd', status: 'operational',
    categorization: { confidentiality: 'moderate', integrity: 'moderate', availability: 'low', overall: 'moderate' }, boundary: 'b',
    roles: [{ roleId: 'authorizing-official', roleTitle: 'Authorizing Official', name: 'Jonas Lindqvist' }], team: [], placeholder: false,
  };
  const driftJson = () => Buffer.from(serializeDrift(drift));
  let read: ReadPdf;
  let bytes: Buffer;
  beforeAll(async () => {
    const titles = Object.fromEntries(context().checks.map((c) => [c.id, c.title]));
    ({ bytes } = await renderMonitoringPdfBytes(buildMonitoringReport(drift, { toolVersion: 't', system, marking: MARKING, checkTitles: titles, attachments: [{ name: 'drift.json', bytes: driftJson(), description: 'drift', mediaType: 'application/json' }] })));
    read = await readPdf(bytes);
  });
  afterAll(async () => {
    await read?.pdf.destroy();
  });
  const all = () => read.pages.map((p) => pageText(p)).join('\n');

  it('a remediated check shows the value observed now (LOCKOUT-RESET on MR-02: 15, was 10)', () => {
    const rows = read.pages.flatMap((p) => tables(p)).flatMap((t) => t.rows);
    const header = rows.find((r) => r[4]?.text === 'Now observed')!;
    expect(header.every((c) => c.role === 'TH')).toBe(true);
    const row = rows.find((r) => r[0]?.text === 'MR-02' && r[1]?.text.startsWith('LOCKOUT-RESET'))!;
    expect(row[2]?.text).toMatch(/^fail → pass/);
    expect(row[4]?.text).toMatch(/^15\b/);
    expect(row[4]?.text).toContain('was: 10');
  });

  it('names the system from its description, never "Imaging-device fleet", in the title, the cover and every footer', async () => {
    const { info } = (await read.pdf.getMetadata()) as { info: Record<string, string> };
    expect(info.Title).toBe(`Continuous monitoring report: ${system.name}`);
    expect(all()).not.toContain('Imaging-device fleet');
    expect(pageText(read.pages[0]!)).toMatch(/Authorizing Official Jonas Lindqvist/);
    read.pages.forEach((p, i) => expect(pageText(p, (x) => x.tag === 'Artifact')).toContain(`${system.name} · Continuous monitoring report · ${drift.now} · Page ${i + 1} of ${read.pages.length}`));
  });

  it('prints the marking at the top and the bottom of every page', () => {
    for (const p of read.pages) expect(p.items.filter((i) => i.str === MARKING && i.tag === 'Artifact'), `page ${p.number}`).toHaveLength(2);
  });

  it('has a contents page whose page numbers are where its links lead', async () => {
    const contents = read.pages.find((p) => pageText(p).includes('Contents Section Page'))!;
    const page = await read.pdf.getPage(contents.number);
    let checked = 0;
    for (const a of (await page.getAnnotations()) as Array<{ subtype: string; dest?: string; rect: number[] }>) {
      if (a.subtype !== 'Link' || !a.dest) continue;
      const [x1, y1, x2, y2] = a.rect as [number, number, number, number];
      const number = contents.items.find((i) => /^\d+$/.test(i.str) && i.x >= x1 - 1 && i.x <= x2 && i.y >= y1 - 1 && i.y <= y2 + 1);
      if (!number) continue;
      const dest = await read.pdf.getDestination(a.dest);
      expect(Number(number.str), a.dest).toBe((await read.pdf.getPageIndex(dest![0] as Parameters<typeof read.pdf.getPageIndex>[0])) + 1);
      checked++;
    }
    // Ten sections and the four changed devices.
    expect(checked).toBeGreaterThanOrEqual(12);
  });

  it('embeds drift.json, byte for byte', async () => {
    const attachments = (await read.pdf.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>;
    const files = Object.values(attachments);
    expect(files.map((f) => f.filename)).toEqual(['drift.json']);
    expect(Buffer.from(files[0]!.content).equals(driftJson())).toBe(true);
  });

  it('says what comes due by naming the check, with a date in every row', () => {
    const rows = read.pages.flatMap((p) => tables(p)).flatMap((t) => t.rows).filter((r) => r.length === 4 && r[0]?.role === 'TD' && /^\d{4}-\d{2}-\d{2}$|^—$/.test(r[2]?.text ?? ''));
    expect(rows.length).toBe(drift.due.length);
    for (const r of rows) {
      expect(r[2]!.text, r.map((c) => c.text).join(' | ')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r[1]!.text).not.toMatch(/^other\b/);
    }
    const sig = rows.find((r) => r[1]!.text.endsWith('MAL-SIG-AGE'))!;
    expect(sig[1]!.text).toBe(`${context().checks.find((c) => c.id === 'MAL-SIG-AGE')!.title} MAL-SIG-AGE`);
  });

  it('draws the trend on a labelled y-axis, each chart a figure with the shares as alternative text', () => {
    const page = read.pages.find((p) => pageText(p).includes('% passed'))!;
    const text = pageText(page);
    for (const t of ['0%', '50%', '100%']) expect(text).toContain(t);
    const figures = read.pages.flatMap((p) => findRoles(p.struct, 'Figure'));
    expect(figures).toHaveLength(6);
    const fw = drift.trend.new.layers.firewall;
    expect(figures[0]!.alt).toContain(`Firewall: share of results that passed at each run: ${drift.trend.old.at.slice(0, 10)}`);
    expect(figures[0]!.alt).toContain(`${drift.trend.new.at.slice(0, 10)} ${Math.round((100 * fw.pass) / (fw.pass + fw.fail + fw.other))}%`);
  });

  it('breaks no word across lines, sets nothing under 7 pt, and is tagged', () => {
    expect(brokenWords(read.pages, vocabularyOf(read.pages))).toEqual([]);
    expect(read.pages.flatMap((p) => p.items).filter((i) => i.size < 6.99).map((i) => i.str)).toEqual([]);
    const roles = new Set(read.pages.flatMap((p) => ['H1', 'H2', 'Table', 'TH', 'TD', 'Figure', 'Link'].filter((r) => findRoles(p.struct, r).length)));
    expect([...roles].sort()).toEqual(['Figure', 'H1', 'H2', 'Link', 'TD', 'TH', 'Table']);
  });
});
