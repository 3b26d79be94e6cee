// `net accounts` on a console whose accounts never lock prints "Lockout threshold: Never" and still
// the duration and observation window Windows keeps (30 and 30 by default). LOCKOUT-DURATION and
// LOCKOUT-RESET passed on those numbers: a lockout of 30 minutes claimed for accounts that are never
// locked. They are now not applicable there, without satisfying ac-7 (LOCKOUT-THRESHOLD fails on
// the 0; secedit's LockoutBadCount = 0 is read the same way), and not collected where no threshold
// was read.
import { describe, expect, it } from 'vitest';
import { arAssessor } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { describeArsValid } from '../support/oscal-schema.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const { assess, written } = arAssessor('ato-lockout-threshold-never-', '2024-03-01T12:00:00Z', { warm: true });

const USED = ['LOCKOUT-DURATION', 'LOCKOUT-RESET'] as const;
const result = (ar: Record<string, unknown>, id: string) => {
  const o = observationOf(ar, 'MR-01', id);
  return { result: propOf(o, 'result'), text: String(o?.description ?? '') };
};

/** secedit /export of a console without lockout: LockoutBadCount 0, and no duration or window (Windows leaves them out). */
const seceditNoLockout = (): string =>
  mr01Text('secedit.inf').replace(/^LockoutBadCount = \d+\n/m, 'LockoutBadCount = 0\n').replace(/^(ResetLockoutCount|LockoutDuration) = \d+\n/gm, '');
/** net accounts of the same console: the threshold "Never", the duration and window it keeps (at least the minimum). */
const netNever = (): string =>
  mr01Text('net-accounts.txt')
    .replace(/^(Lockout threshold:\s+)\d+$/m, '$1Never')
    .replace(/^(Lockout duration \(minutes\):\s+)\d+$/m, '$130')
    .replace(/^(Lockout observation window \(minutes\):\s+)\d+$/m, '$130');

describe('a lockout duration and window where accounts never lock', () => {
  it('the premise: MR-01 (threshold 5, duration and window 15) passes both', () => {
    const ar = assess(mr01FolderWith({}));
    for (const id of USED) expect(result(ar, id).result, id).toBe('pass');
  });

  it('net accounts "Lockout threshold: Never" with a 30-minute duration and window: neither passes (not applicable, ac-7 not satisfied)', () => {
    expect(netNever()).toMatch(/Lockout threshold:\s+Never/);
    const ar = assess(mr01FolderWith({ 'secedit.inf': seceditNoLockout(), 'net-accounts.txt': netNever() }));
    expect(result(ar, 'LOCKOUT-THRESHOLD').result).toBe('fail');
    for (const id of USED) {
      expect(result(ar, id).result, id).toBe('not-applicable');
      expect(result(ar, id).text, id).toMatch(/never lock/i);
    }
    // Not applicable without satisfying: no ac-7 finding (the control or objective b) reads satisfied.
    const ac7 = (ar['assessment-results'].results[0].findings as Array<{ target: { 'target-id': string; status: { state: string } } }>).filter((f) => /^ac-7_obj/.test(f.target['target-id']));
    expect(ac7.length).toBeGreaterThan(0);
    for (const f of ac7) expect(f.target.status.state, f.target['target-id']).not.toBe('satisfied');
  });

  it('secedit alone, LockoutBadCount = 0 beside a duration and window: neither passes', () => {
    const inf = mr01Text('secedit.inf').replace(/^LockoutBadCount = \d+$/m, 'LockoutBadCount = 0').replace(/^(ResetLockoutCount|LockoutDuration) = \d+$/gm, '$1 = 30');
    const ar = assess(mr01FolderWith({ 'secedit.inf': inf, 'net-accounts.txt': null }));
    for (const id of USED) expect(result(ar, id).result, id).toBe('not-applicable');
  });

  it('no threshold read at all (secedit without LockoutBadCount, no net accounts): not collected, never a pass', () => {
    const inf = mr01Text('secedit.inf').replace(/^LockoutBadCount = \d+\n/m, '').replace(/^(ResetLockoutCount|LockoutDuration) = \d+$/gm, '$1 = 30');
    const ar = assess(mr01FolderWith({ 'secedit.inf': inf, 'net-accounts.txt': null }));
    for (const id of USED) expect(result(ar, id).result, id).toBe('not-collected');
  });
});

describeArsValid('lockout threshold never: the ARs stay valid', written);
