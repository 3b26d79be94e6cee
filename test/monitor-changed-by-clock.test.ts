// monitor's terminal said "devices changed: 1" of a console filed again unchanged whose passes
// lapsed as its evidence aged (MAL-SIG-AGE, AUDIT-FORWARD: cause "time" in drift.json), and drift.md
// and the monitoring PDF said "1 changed" alike: read as a console whose configuration changed. Each
// now says how many of the changed devices moved only by the clock (summary.devices.byClock), the
// count drift.json's own causes give. Such a device's time message said the value beside its
// requirement "at" the collection, where the value met it then: it now says the pass lapsed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { pdfPageTexts } from './support/pdf-text.js';
import type { DeviceDrift, Drift } from '../src/drift/types.js';

const { dir, cli } = cliScratch('ato-monitor-clock-');
const sample = (device: string, day: string) => join(ROOT, 'samples', device, `${device}_${day}.json`);

/** The devices in both runs whose every change drift.json gives is a check moved by the clock (no setting but timestamps). */
const byClockInData = (d: Drift) => d.devices.filter((x: DeviceDrift) => x.presence === 'both' && x.checks.length > 0
  && x.checks.every((c) => c.cause === 'time') && x.settings.every((s) => s.volatile)).map((x) => x.deviceId);

describe('monitor: devices that changed only by the clock are said so', () => {
  let out: { stderr: string; drift: Drift; md: string; pdf: string };
  let alone: { stderr: string; drift: Drift; md: string };
  const run = (store: string, inputs: string[], now: string, outDir: string, pdf = false) => {
    const r = cli(['monitor', ...inputs, '--system', join(ROOT, 'samples/system.yaml'), '--store', join(dir(), store), '--out', join(dir(), outDir), '--now', now, ...(pdf ? [] : ['--no-pdf'])]);
    expect(r.code, r.stderr).toBe(0);
    return { stderr: r.stderr + r.stdout, drift: JSON.parse(readFileSync(join(dir(), outDir, 'drift.json'), 'utf8')) as Drift, md: readFileSync(join(dir(), outDir, 'drift.md'), 'utf8') };
  };
  beforeAll(async () => {
    // MR-02 filed again as it was, 17 days later; MR-01 collected again with other settings.
    run('store', [sample('MR-02', '2026-11-02'), sample('MR-01', '2026-10-05')], '2026-11-03T00:00:00Z', 'one');
    const two = run('store', [sample('MR-02', '2026-11-02'), sample('MR-01', '2026-11-02')], '2026-11-20T00:00:00Z', 'two', true);
    out = { ...two, pdf: (await pdfPageTexts(join(dir(), 'two', 'monitoring-report.pdf'))).join(' ') };
    run('alone', [sample('MR-02', '2026-11-02')], '2026-11-03T00:00:00Z', 'alone-1');
    alone = run('alone', [sample('MR-02', '2026-11-02')], '2026-11-20T00:00:00Z', 'alone-2');
  }, 240_000);

  it('the premise: MR-02 moved by the clock alone, MR-01 by its settings', () => {
    expect(byClockInData(out.drift)).toEqual(['MR-02']);
    const mr01 = out.drift.devices.find((x) => x.deviceId === 'MR-01')!;
    expect(mr01.settings.some((s) => !s.volatile)).toBe(true);
    expect(out.drift.summary.devices.changed).toBe(2);
  });

  it('drift.json counts them as its causes do', () => {
    expect(out.drift.summary.devices.byClock).toBe(byClockInData(out.drift).length);
    expect(alone.drift.summary.devices.byClock).toBe(byClockInData(alone.drift).length);
  });

  it('the terminal, drift.md and the PDF say how many changed only by the clock', () => {
    expect(out.stderr).toMatch(/devices: 2 changed, 1 of them only by the clock/);
    expect(out.md).toMatch(/- Devices: 2 compared \(2 changed, 1 of them only by the clock; 0 unchanged\)/);
    expect(out.pdf).toMatch(/Devices: 2 compared \(2 changed, 1 of them only by the clock; 0 unchanged\), 0 new, 0 missing from the new run/);
  });

  it('a run whose only changed device moved by the clock says it changed only by the clock', () => {
    expect(alone.stderr).toMatch(/devices: 1 changed, only by the clock/);
    expect(alone.stderr).not.toMatch(/devices changed: 1/);
    expect(alone.md).toMatch(/\(1 changed, only by the clock; 0 unchanged\)/);
  });

  // Its time messages read "at 2026-11-02T10:37:00Z, with no configuration change: 2026-10-30T10:37:00Z;
  // 1 checked, all compliant (required: updated no more than 7 days before collection …)": a value
  // beside its requirement at the collection, where the value met it then and the pass lapsed later.
  it('a pass that lapsed with the clock is said as lapsed, as the check change\'s reason gives it, not as a value failing at collection', () => {
    const lapsed = alone.drift.devices.flatMap((d) => d.checks.filter((c) => c.cause === 'time' && c.new === 'not-collected' && c.newReason).map((c) => ({ d, c })));
    expect(lapsed.length).toBeGreaterThan(0);
    for (const { d, c } of lapsed) {
      const t = d.time.find((x) => x.checkId === c.checkId)!;
      expect(c.newReason).toMatch(/^passed at collection/);
      expect(t.message, c.checkId).toContain(c.newReason!);
      expect(t.message, c.checkId).not.toMatch(/^at \S+, with no configuration change: .*\(required: /);
      expect(alone.md.replace(/\\/g, ''), c.checkId).toContain(`${c.checkId} ${c.old} → ${c.new}: ${t.message}`);
    }
  });
});
