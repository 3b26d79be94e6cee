// DICOM-NO-PLAIN-LISTENER passed on MR-02 (only its TLS AE declared, its inbound rule for 104
// disabled) while a firewall profile was off, or allowed inbound connections by default, or the
// firewall service (MpsSvc) was stopped: every port is let in then, 104 among them, as by a rule
// for every port (which the check already reads as not collected). No list of listening ports is
// collected, so whether a plain listener the AE list leaves out answers there is unknown.
// Assessed through the CLI; the ARs are valid against NIST.
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
const run = arAssessor('ato-plain-listener-fw-', '2026-11-02T18:00:00Z', { warm: true });

/** MR-02 with its inbound rule for 104 disabled (the premise passes), then `edit` applied. */
function mr02With(name: string, edit: (s: Snapshot) => void): string {
  return editedSnapshot(run.dir(), name, join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), (s) => {
    for (const r of (s as Snapshot).firewall!.rules!) if (r.direction === 'inbound' && r.localPorts?.includes('104')) r.enabled = false;
    edit(s as Snapshot);
  });
}
const resultOf = (dir: string): string | undefined => propOf(observationOf(run.assess(dir), 'MR-02', 'DICOM-NO-PLAIN-LISTENER'), 'result');

describe('DICOM-NO-PLAIN-LISTENER: a firewall that lets every port in is no evidence that 104 is closed', () => {
  it('the premise: only the TLS AE, no enabled rule for 104, every profile on and blocking, MpsSvc running: pass', () => {
    expect(resultOf(mr02With('as-is', () => {}))).toBe('pass');
  });
  it('the public profile off: not collected', () => {
    expect(resultOf(mr02With('public-off', (s) => { s.firewall!.profiles!.find((p) => p.name === 'public')!.enabled = false; }))).toBe('not-collected');
  });
  it('the domain profile allowing inbound connections by default: not collected, naming why', () => {
    const dir = mr02With('domain-allow', (s) => { s.firewall!.profiles!.find((p) => p.name === 'domain')!.defaultInboundAction = 'allow'; });
    const obs = observationOf(run.assess(dir), 'MR-02', 'DICOM-NO-PLAIN-LISTENER');
    expect(propOf(obs, 'result')).toBe('not-collected');
    expect(JSON.stringify(obs)).toMatch(/allows inbound connections by default/);
  });
  it('the firewall service stopped, every profile still on: not collected', () => {
    expect(resultOf(mr02With('mpssvc-stopped', (s) => { s.hardening!.services!.find((x) => x.name === 'MpsSvc')!.state = 'stopped'; }))).toBe('not-collected');
  });
  it('a plain local AE still fails whatever the firewall', () => {
    expect(resultOf(mr02With('plain-ae-public-off', (s) => {
      s.firewall!.profiles!.find((p) => p.name === 'public')!.enabled = false;
      s.encryption!.dicom!.applicationEntities!.push({ aeTitle: 'MR02_LEGACY', role: 'local', port: 104, tls: 'none' });
    }))).toBe('fail');
  });
});

describeArsValid('plain-listener-open-firewall ARs', run.written);
