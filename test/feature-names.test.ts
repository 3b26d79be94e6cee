// OS-FEATURES passed on an enabled Telnet client named as Windows Server names it
// (`Telnet-Client`, Get-WindowsFeature) or by its display name (`Telnet Client`): the denied
// features are optional-feature names (`TelnetClient`) and the where compared them exactly.
// `feature-names: true` compares feature names however spelled (docs/checks.md). Assessed
// through the CLI; the ARs are valid against NIST. The loader refuses the key where it could
// make a check pass more.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/snapshot/types.js';
import { arAssessor, editedSnapshot } from './support/cli-scratch.js';
import { observationOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';
import { describeArsValid } from './support/oscal-schema.js';

const ROOT = new URL('..', import.meta.url).pathname;
// The verdicts are the point: each snapshot folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on snapshots is
// test/cli.test.ts's "writes the package, a human summary on stderr, and --json on stdout only".
const run = arAssessor('ato-feature-names-', '2026-11-10T00:00:00Z', { warm: true });

/** MR-01 (every denied feature disabled or absent) with `features` added, TelnetClient, SMB1Protocol and `drop` taken out. */
function mr01With(name: string, features: Array<{ name: string; state: 'enabled' | 'disabled' }>, drop: string[] = []): string {
  return editedSnapshot(run.dir(), name, join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), (s) => {
    const out = ['TelnetClient', 'SMB1Protocol', ...drop];
    const kept = (s as Snapshot).hardening!.optionalFeatures!.filter((f) => !out.includes(f.name));
    (s as Snapshot).hardening!.optionalFeatures = [...kept, ...features];
  });
}
const resultOf = (dir: string): string | undefined => propOf(observationOf(run.assess(dir), 'MR-01', 'OS-FEATURES'), 'result');

describe('OS-FEATURES: a denied feature is found however the export spells its name', () => {
  it('the premise: TelnetClient enabled under its optional-feature name fails, disabled passes', () => {
    expect(resultOf(mr01With('optional-name', [{ name: 'TelnetClient', state: 'enabled' }]))).toBe('fail');
    expect(resultOf(mr01With('optional-name-off', [{ name: 'TelnetClient', state: 'disabled' }]))).toBe('pass');
  });
  it('the Windows Server name (Telnet-Client) enabled: fail', () => {
    expect(resultOf(mr01With('server-name', [{ name: 'Telnet-Client', state: 'enabled' }]))).toBe('fail');
  });
  it('the display name (Telnet Client) enabled: fail', () => {
    expect(resultOf(mr01With('display-name', [{ name: 'Telnet Client', state: 'enabled' }]))).toBe('fail');
  });
  it('SMBv1 as the server names it (FS-SMB1) or with an underscore (smb1_protocol), enabled: fail', () => {
    expect(resultOf(mr01With('fs-smb1', [{ name: 'FS-SMB1', state: 'enabled' }]))).toBe('fail');
    expect(resultOf(mr01With('underscore', [{ name: 'smb1_protocol', state: 'enabled' }]))).toBe('fail');
  });
  it('a display name with its parenthesis enabled (Simple Network Management Protocol (SNMP), Web Server (IIS)): fail', () => {
    // The key ignored blanks and hyphens but not parentheses, so neither display name matched the
    // feature it is: an enabled SNMP or IIS listed only so passed.
    expect(resultOf(mr01With('snmp-display', [{ name: 'Simple Network Management Protocol (SNMP)', state: 'enabled' }], ['SNMP']))).toBe('fail');
    expect(resultOf(mr01With('iis-display', [{ name: 'Web Server (IIS)', state: 'enabled' }]))).toBe('fail');
  });
  it('the server name disabled, and an allowed feature enabled: pass', () => {
    expect(resultOf(mr01With('server-name-off', [{ name: 'Telnet-Client', state: 'disabled' }, { name: 'Telnet Server Extensions', state: 'enabled' }]))).toBe('pass');
  });
});

describeArsValid('feature-names ARs', run.written);
