// TIME-SYNC passed on w32tm's leap indicator 0 and a recent last sync while the stratum read 16
// (NTP's "unsynchronised") or 0 (w32tm's "unspecified"): the stratum was read into the snapshot but
// judged by no check, and either says the clock has no source now. Both now fail. AR valid.
import { describe, expect, it } from 'vitest';
import { arAssessor } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { describeArsValid } from '../support/oscal-schema.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

const { assess, written } = arAssessor('ato-time-sync-stratum-', '2024-03-01T12:00:00Z');
const sync = (stratum: string) => {
  const w32tm = mr01Text('w32tm.txt').replace(/^Stratum: .*$/m, `Stratum: ${stratum}`);
  expect(w32tm).toContain(`Stratum: ${stratum}`);
  return propOf(observationOf(assess(mr01FolderWith({ 'w32tm.txt': w32tm })), 'MR-01', 'TIME-SYNC'), 'result');
};

describe('TIME-SYNC and the stratum w32tm reports', () => {
  it('the premise: stratum 3 (a secondary reference) passes', () => expect(sync('3 (secondary reference - syncd by (S)NTP)')).toBe('pass'));
  it('stratum 16 (unsynchronised) with leap indicator 0 fails', () => expect(sync('16 (unspecified)')).toBe('fail'));
  it('stratum 0 (unspecified) fails', () => expect(sync('0 (unspecified)')).toBe('fail'));
});

describeArsValid('time-sync stratum: the ARs stay valid', written);
