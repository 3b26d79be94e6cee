// An attestation the previous run counted and this run's attestations file no longer holds (gone,
// not lapsed). Each side of monitor's drift must say what that side's own assessment said: the
// previous run is judged with the attestations (and system description) it recorded, not with this
// run's, which would take the attestation away from it too and show no change at all.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonitor, type MonitorOptions } from '../src/monitor/run.js';
import { pdfPageTexts } from './support/pdf-text.js';
import { odpParamsJson, sampleAttestationsWithAt2Whole } from './support/attestations.js';

const root = new URL('..', import.meta.url).pathname;
const NOV = ['CT-01', 'LAB-01', 'MR-01', 'MR-02'].map((d) => join(root, 'samples', d, `${d}_2026-11-02.json`));
const SYSTEM = join(root, 'samples', 'system.yaml');

let dir: string;
/** samples/attestations.yaml with at-2's attestation taken for the whole control (its objectives line removed): at-2 satisfied. */
let withAt2: string;
/** The same without at-2's attestation (Dana Whitfield, 2026-09-15, reviewed: at-2 satisfied). */
let withoutAt2: string;
/** samples/system.yaml declaring at-2 evidenced by attestation. */
let expectingAt2: string;

// at-2's ODPs defined (written in beforeAll), so its reviewed attestation satisfies it while given.
let odps: string;
const base = (over: Partial<MonitorOptions>): MonitorOptions => ({
  store: '', inputs: NOV, out: '', force: false, now: '2026-11-02T18:00:00Z', wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate', pdf: false, params: odps, ...over,
});
const driftOf = (out: string) => JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8'));
const at2 = (out: string) => driftOf(out).controls.find((c: { controlId: string }) => c.controlId === 'at-2');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-monitor-att-'));
  withAt2 = sampleAttestationsWithAt2Whole(root, dir);
  odps = join(dir, 'odps.json');
  writeFileSync(odps, odpParamsJson(['at-2']));
  const text = readFileSync(withAt2, 'utf8');
  withoutAt2 = join(dir, 'attestations.yaml');
  writeFileSync(withoutAt2, text.slice(0, text.indexOf('  - control: at-2')) + text.slice(text.indexOf('  - control: pe-3')));
  const sys = readFileSync(SYSTEM, 'utf8');
  const at = sys.indexOf('  pl-4:');
  expectingAt2 = join(dir, 'system.yaml');
  writeFileSync(expectingAt2, sys.slice(0, at) + '    evidence: attestation\n' + sys.slice(at));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an attestation removed from the attestations file since the previous run', () => {
  it('the previous side keeps it, as its report did: at-2 satisfied then, not assessed now, and the report says the attestation is gone', async () => {
    const store = join(dir, 'store');
    await runMonitor(base({ store, out: join(dir, 'r1'), system: SYSTEM, attestations: withAt2 }));
    // Premise: the first run reported at-2 satisfied (by the reviewed attestation alone).
    expect(at2(join(dir, 'r1'))).toMatchObject({ transition: 'newly-assessed', new: 'satisfied' });
    const r2 = join(dir, 'r2');
    await runMonitor(base({ store, out: r2, now: '2026-11-02T19:00:00Z', system: SYSTEM, attestations: withoutAt2, pdf: true }));
    expect(at2(r2)).toMatchObject({ transition: 'no-longer-assessed', old: 'satisfied', withdrawn: [{ name: 'Dana Whitfield', when: '2026-09-15' }] });
    expect(at2(r2).new).toBeUndefined();
    expect(driftOf(r2).summary.controls.satisfiedOld).toBe(driftOf(join(dir, 'r1')).summary.controls.satisfiedNew);
    expect(readFileSync(join(r2, 'drift.md'), 'utf8')).toContain('- at-2 Literacy Training and Awareness (was satisfied): attestation by Dana Whitfield of 2026-09-15 no longer in the attestations file');
    const pdf = (await pdfPageTexts(join(r2, 'monitoring-report.pdf'))).join(' ');
    expect(pdf).toContain('attestation by Dana Whitfield of 2026-09-15 no longer in the attestations file');
  });

  it('when the system description expects it, the control regressed (satisfied -> not satisfied) and --fail-on regression trips', async () => {
    const store = join(dir, 'store-expected');
    await runMonitor(base({ store, out: join(dir, 'e1'), system: expectingAt2, attestations: withAt2 }));
    expect(at2(join(dir, 'e1'))).toMatchObject({ new: 'satisfied' });
    const e2 = join(dir, 'e2');
    const r = await runMonitor(base({ store, out: e2, now: '2026-11-02T19:00:00Z', system: expectingAt2, attestations: withoutAt2, failOn: ['regression'] }));
    expect(at2(e2)).toMatchObject({ transition: 'regressed', old: 'satisfied', new: 'not-satisfied', withdrawn: [{ name: 'Dana Whitfield', when: '2026-09-15' }] });
    expect(r.gate).toBe(3);
  });
});
