// samples/system.yaml declares ps-6 evidenced by attestation and none is supplied: assess's finding
// says "Attestation expected, none supplied". diff of two runs listed it under "Still failing" as
// "- ps-6 Access Agreements: " with nothing after the colon (drift.json's transition had no failing
// pair and no reason), and the monitoring PDF's row alike: a not satisfied control the reader could
// not account for. drift.json now says `attestationMissing`, and drift.md and the PDF name it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../src/drift/run.js';
import type { Drift } from '../src/drift/types.js';
import { writeSampleSides } from './support/drift.js';
import { buildMonitoringReport } from '../src/drift/report-model.js';
import { renderMonitoringPdfBytes } from '../src/report/monitoring/render.js';
import { pdfBytesText } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;
let dir: string;
let drift: Drift;
let md: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-drift-attestation-missing-'));
  writeSampleSides(dir);
  drift = (await runDiff({ old: join(dir, 'old'), new: join(dir, 'new'), out: join(dir, 'out'), force: false, now: '2026-11-02T18:00:00Z', toolVersion: 't', config: {}, pdf: false, system: join(root, 'samples/system.yaml') })).drift;
  md = readFileSync(join(dir, 'out', 'drift.md'), 'utf8');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a control not satisfied for want of the attestation the system description expects', () => {
  it('drift.json says why: no failing pair, the attestation missing', () => {
    const t = drift.controls.find((c) => c.controlId === 'ps-6')!;
    expect(t).toMatchObject({ transition: 'still-failing', new: 'not-satisfied', responsible: [] });
    expect(t.attestationMissing).toBe(true);
  });

  it('every listed control not satisfied in NEW gives a reason in drift.md: a failing pair or what else keeps it', () => {
    for (const t of drift.controls.filter((c) => c.transition === 'still-failing')) {
      const line = md.split('\n').find((l) => l.startsWith(`- ${t.controlId} `))!;
      expect(line, t.controlId).not.toMatch(/: $/);
    }
    expect(md).toMatch(/^- ps-6 Access Agreements: attestation expected, none supplied/m);
  });

  it('the monitoring PDF\'s row names it too', async () => {
    const { bytes } = await renderMonitoringPdfBytes(buildMonitoringReport(drift, { toolVersion: 't' }));
    expect(await pdfBytesText(bytes)).toMatch(/ps-6 Access Agreements.{0,200}attestation expected, none supplied/);
  });
});
