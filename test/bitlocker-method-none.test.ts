// DISK-ENCRYPTION-ALGORITHM passed on a volume the two BitLocker exports disagree on: both readers
// dropped an encryption method of "None", so manage-bde's "Fully Decrypted, Encryption Method: None"
// for D: beside Get-BitLockerVolume's FullyEncrypted / XtsAes256 disputed nothing, and the check
// passed on the CSV's method. A stated "None" is now a value: compared (disputed, not collected)
// and, where both exports say it, a fail naming D: (the catalog's "None" fails).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor, mr01With as copyMr01 } from './support/cli-scratch.js';
import { observationOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';

type Json = Record<string, any>;
const ROOT = new URL('..', import.meta.url).pathname;
const MR01 = join(ROOT, 'test/fixtures/exports/mr-01');
// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const mr01 = arAssessor('ato-bitlocker-none-', '2024-03-01T12:00:00Z', { warm: true });

const mr01With = (name: string, edits: Record<string, (text: string) => string>): string => copyMr01(mr01.dir(), name, MR01, edits);

const D_ROW = '"D:","Data","FullyDecrypted","Off","None","0","1862.89",""';
const obsOf = (ar: Json): Json => observationOf(ar, 'MR-01', 'DISK-ENCRYPTION-ALGORITHM');

describe('DISK-ENCRYPTION-ALGORITHM: an encryption method "None" is a stated value', () => {
  it('manage-bde says D: is decrypted with method None, the CSV says XtsAes256: not collected, naming both', () => {
    const ar = mr01.assess(mr01With('disputed', {
      'bitlocker-volumes.csv': (t) => t.replace(D_ROW, '"D:","Data","FullyEncrypted","On","XtsAes256","100","1862.89",""'),
    }));
    const obs = obsOf(ar);
    expect(propOf(obs, 'result')).toBe('not-collected');
    const text = JSON.stringify(obs);
    expect(text).toContain('bitlocker.txt');
    expect(text).toMatch(/says \\?"None\\?"/);
    expect(text).toMatch(/XTS-AES 256/);
  });
  it('the CSV says XtsAes256 for D: and manage-bde does too: the method is agreed, D: is not the reason', () => {
    // The premise of the test above: the difference decides, not the edit of the CSV.
    const ar = mr01.assess(mr01With('agreed', {
      'bitlocker-volumes.csv': (t) => t.replace(D_ROW, '"D:","Data","FullyEncrypted","On","XtsAes256","100","1862.89",""'),
      'bitlocker.txt': (t) => t.replace('Encryption Method:    None', 'Encryption Method:    XTS-AES 256'),
    }));
    expect(JSON.stringify(obsOf(ar))).not.toMatch(/method: .*says \\?"None/);
  });
  it('both exports say D: has method None: fail, naming D:', () => {
    const obs = obsOf(mr01.assess(mr01With('as-is', {})));
    expect(propOf(obs, 'result')).toBe('fail');
    expect(obs.description).toMatch(/D: None/);
  });
});
