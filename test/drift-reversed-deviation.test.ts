// `diff OLD NEW` where OLD was judged at a later clock than NEW (two assessment folders given the later
// first): a deviation in force at NEW's clock that OLD's clock found expired (fail → deviation) was
// labelled `deviation-granted`, "the organisation granted a deviation", and counted among the
// organisation's decisions, though only the calendar moved; and the mirror, a deviation only the
// later OLD has (deviation → fail), was "withdrawn" where it was granted in between. Causes now read in
// the calendar's direction: the expiry stays time-based, the later grant is a grant, the later
// withdrawal a withdrawal, each message saying the runs are compared backwards and naming both clocks.
// And diff said nothing of a later run given first: its transitions read backwards in time without a
// word; now a warning names the device, both collection times and files (the diff is still written).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runDiff } from '../src/drift/run.js';
import { ROUND1, ROUND2, samplePath } from './support/drift.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { controlInfo } from '../src/catalog/objectives.js';
import type { CheckStatus, DeviationRecord } from '../src/evaluate/evaluate-check.js';
import { computeDrift } from '../src/drift/compute.js';
import { driftToMarkdown } from '../src/drift/markdown.js';
import type { AssessedDevice, AssessedSide, DriftContext } from '../src/drift/types.js';
import { resolveParameters } from '../src/params/resolve.js';

const { checks, parameters } = loadCatalog();
const index = loadControlIndex();
const CHECK = 'OS-MEDIA-EXPORT';
const DEV: DeviationRecord = { checkId: CHECK, deviceId: 'D1', justification: 'Referrals need CD export.', approver: 'J. Lindqvist (AO)', expires: '2026-10-20', source: 'deviations.csv line 2' };
const ctx: DriftContext = {
  checks, params: resolveParameters(parameters, [], []).params, deviations: [], lookupControl: (id) => controlInfo(index, id), baseline: 'moderate', now: '2026-12-01T00:00:00Z', configDigest: 'x',
  readsByCheck: new Map(checks.map((c) => [c.id, c.reads])), timeChecks: new Set(),
};
const EARLY = '2026-10-06T00:00:00Z';
const LATE = '2026-11-03T00:00:00Z';
const snapshot = { schemaVersion: '1.0', device: { id: 'D1' }, collectedAt: '2026-10-05T00:00:00Z' } as AssessedDevice['snapshot'];

/** One device, its snapshot unchanged, judged at `deviationsAt`. */
function side(label: string, deviationsAt: string, status: CheckStatus, detail: { deviation?: DeviationRecord; expiredDeviation?: DeviationRecord }): AssessedSide {
  const statuses = checks.map((c) => (c.id === CHECK ? status : 'pass'));
  const details = new Map([[CHECK, { observed: 'true', expected: 'false', ...detail }]]);
  const d: AssessedDevice = { id: 'D1', snapshot, collectedAt: snapshot.collectedAt, file: `${label}.json`, sha256: 'a'.repeat(64), statuses, details, deviationsAt };
  return { info: { label, kind: 'assessment', at: deviationsAt, devices: 1 }, devices: new Map([['D1', d]]) };
}

describe('a diff whose OLD side was judged later than its NEW side', () => {
  it('a deviation that expired between them (fail → deviation) is time-based, never "granted"', () => {
    const drift = computeDrift(side('later', LATE, 'fail', { expiredDeviation: DEV }), side('earlier', EARLY, 'deviation', { deviation: DEV }), ctx);
    const d = drift.devices[0]!;
    expect(d.checks.find((c) => c.checkId === CHECK)).toMatchObject({ old: 'fail', new: 'deviation', cause: 'deviation' });
    expect(d.decisions ?? []).toEqual([]);
    expect(d.time.map((t) => t.what)).toEqual(['deviation-expiry']);
    expect(drift.summary).toMatchObject({ time: 1, decisions: 0 });
    const md = driftToMarkdown(drift);
    expect(md).not.toMatch(/granted a deviation/);
    expect(md).toContain(`Time-based (no configuration change): ${CHECK} fail → deviation: deviation deviations.csv line 2 expired on 2026-10-20, between NEW's clock (${EARLY}) and OLD's (${LATE}), the later one (the runs are compared backwards)`);
  });

  it('a deviation only the later OLD has (deviation → fail) was granted in between, not withdrawn', () => {
    const drift = computeDrift(side('later', LATE, 'deviation', { deviation: { ...DEV, expires: '2027-06-30' } }), side('earlier', EARLY, 'fail', {}), ctx);
    const d = drift.devices[0]!;
    expect(d.checks[0]).toMatchObject({ old: 'deviation', new: 'fail', cause: 'deviation-granted' });
    expect(d.decisions?.[0]?.message).toBe(`the organisation granted a deviation (deviations.csv line 2, expires 2027-06-30) between NEW's clock (${EARLY}) and OLD's (${LATE}), the later one (the runs are compared backwards): ${CHECK} fails in NEW and is a documented deviation in OLD`);
  });

  it('a deviation the earlier NEW has and the later OLD lacks, not expired, was withdrawn in between, not granted', () => {
    const drift = computeDrift(side('later', LATE, 'fail', {}), side('earlier', EARLY, 'deviation', { deviation: { ...DEV, expires: '2027-06-30' } }), ctx);
    const d = drift.devices[0]!;
    expect(d.checks[0]).toMatchObject({ old: 'fail', new: 'deviation', cause: 'deviation-withdrawn' });
    expect(d.decisions?.[0]?.message).toMatch(/^the deviation for OS-MEDIA-EXPORT \(deviations\.csv line 2\) was withdrawn before it expired, between NEW's clock/);
  });

  it('read forwards, the same changes keep their labels', () => {
    const granted = computeDrift(side('earlier', EARLY, 'fail', {}), side('later', LATE, 'deviation', { deviation: { ...DEV, expires: '2027-06-30' } }), ctx);
    expect(granted.devices[0]!.checks[0]).toMatchObject({ cause: 'deviation-granted' });
    expect(granted.devices[0]!.decisions?.[0]?.message).toMatch(/^the organisation granted a deviation \(deviations\.csv line 2, expires 2027-06-30\): OS-MEDIA-EXPORT still fails/);
    const expired = computeDrift(side('earlier', EARLY, 'deviation', { deviation: DEV }), side('later', LATE, 'fail', { expiredDeviation: DEV }), ctx);
    expect(expired.devices[0]!.checks[0]).toMatchObject({ cause: 'deviation' });
    expect(expired.devices[0]!.time[0]?.message).toBe(`deviation deviations.csv line 2 expired on 2026-10-20: ${CHECK} now fails`);
  });
});

describe('diff given the later collection first', () => {
  it('warns naming the device, both collection times and files, and still writes the comparison', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ato-reversed-'));
    try {
      for (const [side, round] of [['old', ROUND2], ['new', ROUND1]] as const) {
        mkdirSync(join(dir, side));
        copyFileSync(samplePath('MR-02', round), join(dir, side, 'MR-02.json'));
      }
      const warnings: string[] = [];
      const r = await runDiff({ old: join(dir, 'old'), new: join(dir, 'new'), out: join(dir, 'out'), force: false, now: '2026-11-28T00:00:00Z', toolVersion: 't', config: {}, pdf: false, warn: (m) => warnings.push(m) });
      const device = r.drift.devices.find((d) => d.deviceId === 'MR-02')!;
      const said = warnings.find((w) => w.startsWith('OLD holds a later collection than NEW'));
      expect(said).toMatch(new RegExp(`^OLD holds a later collection than NEW: device MR-02 was collected at ${ROUND2}T\\S+ in OLD \\(\\S*old/MR-02\\.json\\) and at ${ROUND1}T\\S+ in NEW \\(\\S*new/MR-02\\.json\\)\\. The changes read from the later run back to the earlier one`));
      expect(said).toContain('give the earlier run first');
      expect(device.presence).toBe('both');
      // Given the earlier run first, nothing is said.
      const forwards: string[] = [];
      await runDiff({ old: join(dir, 'new'), new: join(dir, 'old'), out: join(dir, 'out2'), force: false, now: '2026-11-28T00:00:00Z', toolVersion: 't', config: {}, pdf: false, warn: (m) => forwards.push(m) });
      expect(forwards.filter((w) => w.startsWith('OLD holds a later collection'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('diff of two assessment folders, the later first', () => {
  it('a deviation that expired between the two assessments is a time-based change, not the organisation granting one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ato-reversed-pkg-'));
    try {
      // SCREEN-LOCK-TIMEOUT fails on MR-01 in both rounds; its deviation expires on 2026-10-20, between the two assessments.
      const deviations = join(dir, 'deviations.csv');
      writeFileSync(deviations, 'check_id,device_id,justification,approver,expires\nSCREEN-LOCK-TIMEOUT,MR-01,Vendor safety requirement.,J. Lindqvist (AO),2026-10-20\n');
      const pkgs: string[] = [];
      for (const [round, now] of [[ROUND1, EARLY], [ROUND2, LATE]] as const) {
        const src = join(dir, `in-${round}`);
        mkdirSync(src);
        copyFileSync(samplePath('MR-01', round), join(src, 'MR-01.json'));
        const out = join(dir, `pkg-${round}`);
        await runAssess({ inputs: [src], out, force: false, baseline: 'moderate', now, toolVersion: '0.0.0-test', pdf: false, deviations });
        pkgs.push(out);
      }
      const r = await runDiff({ old: pkgs[1]!, new: pkgs[0]!, out: join(dir, 'out'), force: false, now: '2026-12-01T00:00:00Z', toolVersion: '0.0.0-test', config: { deviations }, pdf: false });
      const mr = r.drift.devices.find((d) => d.deviceId === 'MR-01')!;
      expect(mr.checks.find((c) => c.checkId === 'SCREEN-LOCK-TIMEOUT')).toMatchObject({ old: 'fail', new: 'deviation', cause: 'deviation' });
      expect(mr.decisions ?? []).toEqual([]);
      expect(r.drift.summary.decisions ?? 0).toBe(0);
      expect(mr.time.find((t) => t.checkId === 'SCREEN-LOCK-TIMEOUT')?.message).toContain(`expired on 2026-10-20, between NEW's clock (${EARLY}) and OLD's (${LATE})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
