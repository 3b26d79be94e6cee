// A fail becoming a documented deviation between two runs, the console unchanged: the organisation
// granted the deviation. drift.json gave it cause `deviation` and listed it in the device's `time`
// (what "deviation-expiry"), drift.md said "Time-based (no configuration change)", the summary counted
// it among the time-based changes and the monitoring PDF's cause read "a deviation was granted or
// expired". It is the organisation's decision, not the clock's: its own cause (`deviation-granted`),
// its own list (`decisions`) and count, and the same words in drift.md, the PDF and the terminals.
// A deviation that expired stays time-based. The devices line reads alike in drift.md and the PDF.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { controlInfo } from '../src/catalog/objectives.js';
import type { CheckStatus, DeviationRecord } from '../src/evaluate/evaluate-check.js';
import { causeCounts } from '../src/drift/causes.js';
import { computeDrift } from '../src/drift/compute.js';
import { driftToMarkdown } from '../src/drift/markdown.js';
import { buildMonitoringReport } from '../src/drift/report-model.js';
import type { AssessedDevice, AssessedSide, Drift, DriftContext } from '../src/drift/types.js';
import { resolveParameters } from '../src/params/resolve.js';
import { renderMonitoringPdfBytes } from '../src/report/monitoring/render.js';
import { pdfBytesText } from './support/pdf-text.js';

const { checks, parameters } = loadCatalog();
const index = loadControlIndex();
const CHECK = 'OS-MEDIA-EXPORT';
const GRANTED: DeviationRecord = { checkId: CHECK, deviceId: 'D1', justification: 'Referrals need CD export.', approver: 'J. Lindqvist (AO)', expires: '2027-06-30', source: 'deviations.csv line 2' };
const ctx: DriftContext = {
  checks, params: resolveParameters(parameters, [], []).params, deviations: [], lookupControl: (id) => controlInfo(index, id), baseline: 'moderate', now: '2026-12-01T00:00:00Z', configDigest: 'x',
  readsByCheck: new Map(checks.map((c) => [c.id, c.reads])), timeChecks: new Set(),
};
const at = '2026-11-01T00:00:00Z';
const snapshot = { schemaVersion: '1.0', device: { id: 'D1' }, collectedAt: at } as AssessedDevice['snapshot'];

function side(label: string, status: CheckStatus, detail: { deviation?: DeviationRecord; expiredDeviation?: DeviationRecord }): AssessedSide {
  const statuses = checks.map((c) => (c.id === CHECK ? status : 'pass'));
  const details = new Map([[CHECK, { observed: 'true', expected: 'false', ...detail }]]);
  // One snapshot on both sides: nothing of the console changed.
  const d: AssessedDevice = { id: 'D1', snapshot, collectedAt: at, file: `${label}.json`, sha256: 'a'.repeat(64), statuses, details };
  return { info: { label, kind: 'snapshots', at, devices: 1 }, devices: new Map([['D1', d]]) };
}

async function pdfText(drift: Drift): Promise<string> {
  const { bytes } = await renderMonitoringPdfBytes(buildMonitoringReport(drift, { toolVersion: 't' }));
  return pdfBytesText(bytes);
}

describe('a deviation newly granted is the organisation\'s decision, not a time-based change', () => {
  const granted = computeDrift(side('old', 'fail', {}), side('new', 'deviation', { deviation: GRANTED }), ctx);
  const device = granted.devices.find((d) => d.deviceId === 'D1')!;

  it('drift.json: its own cause and list, no time-based change, counted apart', () => {
    expect(device.checks.find((c) => c.checkId === CHECK)).toMatchObject({ old: 'fail', new: 'deviation', cause: 'deviation-granted' });
    expect(device.time).toEqual([]);
    expect(device.decisions?.map((x) => [x.checkId, x.what])).toEqual([[CHECK, 'deviation-granted']]);
    expect(device.decisions?.[0]?.message).toMatch(/the organisation granted a deviation \(deviations\.csv line 2, expires 2027-06-30\): OS-MEDIA-EXPORT still fails/);
    expect(granted.summary).toMatchObject({ time: 0, decisions: 1 });
  });

  it('drift.md: never "Time-based"; a line and a count of the organisation\'s decisions', () => {
    const md = driftToMarkdown(granted);
    expect(md).not.toMatch(/Time-based \(no configuration change\): OS-MEDIA-EXPORT/);
    expect(md).toMatch(/- The organisation's decision \(not the console's, not the clock's\): OS-MEDIA-EXPORT fail → deviation: the organisation granted a deviation/);
    expect(md).toMatch(/Time-based changes: 0\. Changes by the organisation's decision \(deviations granted or withdrawn\): 1\./);
  });

  it('the terminals (diff, monitor) count it as drift.md does', () => {
    expect(causeCounts(granted.summary)).toBe("0 clock-only, 1 by the organisation's decision (deviations granted or withdrawn)");
  });

  it('the monitoring PDF: its line under the device and the cover\'s count say the same', async () => {
    const text = await pdfText(granted);
    expect(text).toMatch(/The organisation's decision \(not the console's, not the clock's\): OS-MEDIA-EXPORT \(fail → deviation\): the organisation granted a deviation/);
    expect(text).toMatch(/0 change\(s\) came from the clock alone; 1 from the organisation's decision \(deviations granted or withdrawn\)/);
  }, 60_000);

  it('the devices line reads the same in drift.md and on the PDF\'s cover', async () => {
    const md = driftToMarkdown(granted);
    const line = /- Devices: ([^\n]*)\./.exec(md)![1]!;
    expect(line).toBe('1 compared (1 changed; 0 unchanged), 0 new, 0 missing from the new run');
    expect(await pdfText(granted)).toContain(`Devices: ${line}.`);
  }, 60_000);

  it('a deviation withdrawn before it expired is the organisation\'s decision too; one that expired stays time-based', () => {
    const withdrawn = computeDrift(side('old', 'deviation', { deviation: GRANTED }), side('new', 'fail', {}), ctx);
    const w = withdrawn.devices[0]!;
    expect(w.checks[0]).toMatchObject({ cause: 'deviation-withdrawn' });
    expect(w.time).toEqual([]);
    expect(w.decisions?.[0]?.message).toMatch(/no longer applies and had not expired/);
    const expired = computeDrift(side('old', 'deviation', { deviation: GRANTED }), side('new', 'fail', { expiredDeviation: GRANTED }), ctx);
    const e = expired.devices[0]!;
    expect(e.checks[0]).toMatchObject({ cause: 'deviation' });
    expect(e.time.map((t) => t.what)).toEqual(['deviation-expiry']);
    expect(e.decisions ?? []).toEqual([]);
    expect(expired.summary).toMatchObject({ time: 1, decisions: 0 });
  });
});
