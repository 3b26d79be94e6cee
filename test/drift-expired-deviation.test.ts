// A check whose deviation has expired fails on both monitor runs: drift.md's "Still failing" and the
// monitoring PDF's table list it as "fail → fail" and, in the words of the AR's expired-deviation
// (results.csv's deviation_expired, src/oscal/observations.ts expiredDeviationText), say that the
// deviation behind it has expired: nothing but the AR said so before. Both list the same
// still-failing controls (the PDF listed only those with an expired deviation).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runMonitor, type MonitorOptions } from '../src/monitor/run.js';
import { pdfPageTexts } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;
const sample = (device: string, month: '10-05' | '11-02') => join(root, 'samples', device, `${device}_2026-${month}.json`);
const OCT = ['CT-01', 'MR-01', 'MR-02'].map((d) => sample(d, '10-05'));
const NOV = ['CT-01', 'MR-01', 'MR-02'].map((d) => sample(d, '11-02'));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-drift-expired-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Prop = { name: string; value: string };
type Observation = { title: string; props?: Prop[] };

describe('a deviation that expired, in drift.md and the monitoring PDF', () => {
  it('CT-01/BITLOCKER-PREBOOT (its deviation expired 2026-09-30) is said to fail with the expired deviation, as the AR says', async () => {
    const base: MonitorOptions = { store: join(dir, 'store'), inputs: [], out: '', force: false, now: '', wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate', deviations: join(root, 'samples', 'deviations.csv'), pdf: true };
    await runMonitor({ ...base, inputs: OCT, out: join(dir, 'oct'), now: '2026-10-06T00:00:00Z' });
    await runMonitor({ ...base, inputs: NOV, out: join(dir, 'nov'), now: '2026-11-03T00:00:00Z' });
    // The AR's own words for it: assess of this run's inputs, with the same deviations and clock.
    await runAssess({ inputs: NOV, out: join(dir, 'ar'), force: false, baseline: 'moderate', now: '2026-11-03T00:00:00Z', toolVersion: 'test', deviations: base.deviations, pdf: false });
    const ar = JSON.parse(readFileSync(join(dir, 'ar', 'assessment-results.json'), 'utf8')) as { 'assessment-results': { results: Array<{ observations: Observation[] }> } };
    const obs = ar['assessment-results'].results[0]!.observations.filter((o) => o.props?.some((p) => p.name === 'check-id' && p.value === 'BITLOCKER-PREBOOT') && o.props?.some((p) => p.name === 'expired-deviation'));
    expect(obs.length).toBeGreaterThan(0);
    const said = obs[0]!.props!.find((p) => p.name === 'expired-deviation')!.value;
    expect(said).toMatch(/^expired 2026-09-30 /);
    // drift.md: under "Still failing", sc-28.1's line names the pair with the AR's words.
    const md = readFileSync(join(dir, 'nov', 'drift.md'), 'utf8');
    const still = md.slice(md.indexOf('## Still failing'));
    expect(still.indexOf('## Still failing')).toBe(0);
    const sc28 = still.split('\n').find((l) => l.startsWith('- sc-28.1 '));
    // drift.md escapes Markdown in input texts (the approver): compare unescaped.
    expect(sc28?.replace(/\\([\\*_`<>[\]|])/g, '$1')).toContain(`CT-01/BITLOCKER-PREBOOT (fail → fail; deviation ${said})`);
    // The monitoring PDF's table row says the same.
    const pdf = (await pdfPageTexts(join(dir, 'nov', 'monitoring-report.pdf'))).join(' ');
    expect(pdf).toContain(`CT-01/BITLOCKER-PREBOOT (fail → fail; deviation ${said})`.replace(/\s+/g, ' '));
    // Both list the same still-failing controls: every one drift.md lists (those without an expired
    // deviation too) is in the PDF's "Still failing" table, and the table holds no other.
    const mdStill = still.slice(0, still.indexOf('\n## ', 3) < 0 ? undefined : still.indexOf('\n## ', 3)).split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2).split(' ')[0]!);
    const drift = JSON.parse(readFileSync(join(dir, 'nov', 'drift.json'), 'utf8')) as { controls: Array<{ controlId: string; transition: string }> };
    expect(new Set(mdStill)).toEqual(new Set(drift.controls.filter((c) => c.transition === 'still-failing').map((c) => c.controlId)));
    expect(mdStill.length).toBeGreaterThan(1);
    // The table ends where the next one (unchanged controls' basis) or section begins.
    const from = pdf.indexOf('Still failing');
    const to = Math.min(...['Controls whose state did not change', 'Devices added and missing'].map((h) => pdf.indexOf(h, from)).filter((i) => i > 0));
    const table = pdf.slice(from, to);
    expect(table.length).toBeGreaterThan(0);
    const idsInTable = new Set([...table.matchAll(/(?<![\w.-])([a-z]{2}-\d+(?:\.\d+)?)(?= )/g)].map((m) => m[1]!));
    for (const id of mdStill) expect(idsInTable, id).toContain(id);
    for (const id of idsInTable) expect(mdStill, id).toContain(id);
  }, 180_000);
});
