// TIME-SYNC passed on any text w32tm named as the source but the local clocks it listed: a Hyper-V
// guest on "VM IC Time Synchronization Provider" (the host's clock, whose own source is unknown),
// VMware's tools, "(null)" all passed. A source must now read as a host name or address (an NTP
// server or a domain controller): a hypervisor's integration service is not collected, naming why;
// any other text naming no host fails. Through the CLI on the sample MR-01; the ARs stay valid.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor } from './support/cli-scratch.js';
import { observationOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';
import { describeArsValid } from './support/oscal-schema.js';

type Json = Record<string, any>;
const ROOT = new URL('..', import.meta.url).pathname;
// The verdicts are the point: each snapshot is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on snapshots is test/cli.test.ts's
// "writes the package, a human summary on stderr, and --json on stdout only".
const { assess, written, dir } = arAssessor('ato-time-sync-kind-', '2026-11-02T18:00:00Z', { warm: true });

/** MR-01 (2026-11-02), in sync and recent, with w32tm's source `source` (and stratum `stratum`). */
function mr01With(source: string, name: string, stratum = 4): string {
  const s = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8')) as Json;
  s.audit.timeSync = { ...s.audit.timeSync, source, stratum };
  const d = join(dir(), name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'MR-01.json'), JSON.stringify(s, null, 2));
  return d;
}
const timeSync = (ar: Json): Json => observationOf(ar, 'MR-01', 'TIME-SYNC');
const result = (ar: Json): string | undefined => propOf(timeSync(ar), 'result');

describe('TIME-SYNC: a source that is no NTP or domain source never passes', () => {
  it('the premise: the domain controller, and an NTP server by its address, pass', () => {
    expect(result(assess(mr01With('dc01.hospital.example', 'dc')))).toBe('pass');
    expect(result(assess(mr01With('10.20.10.5', 'ip')))).toBe('pass');
  });

  it('a Hyper-V guest ("VM IC Time Synchronization Provider") and VMware\'s tools: not collected, naming the hypervisor and the unknown host source', () => {
    for (const source of ['VM IC Time Synchronization Provider', 'VMware Tools time synchronization']) {
      const o = timeSync(assess(mr01With(source, source.replace(/\W+/g, '-'))));
      expect(propOf(o, 'result'), source).toBe('not-collected');
      const reason = propOf(o, 'not-collected-reason') ?? '';
      expect(reason, source).toContain(source);
      expect(reason, source).toMatch(/hypervisor.*whether that host synchronises with a time source is not in the snapshot/);
    }
  });

  it('a hypervisor\'s clock with stratum 16 (unsynchronised): the definite fail decides', () => {
    expect(result(assess(mr01With('VM IC Time Synchronization Provider', 'vmic-16', 16)))).toBe('fail');
  });

  it('texts naming no host fail: the free-running clock, "(null)", a look-alike of a local clock', () => {
    for (const source of ['Free-running System Clock', '(null)', 'Local Clock (CMOS)', 'the console itself']) {
      const o = timeSync(assess(mr01With(source, source.replace(/\W+/g, '-') || 'x')));
      expect(propOf(o, 'result'), source).toBe('fail');
    }
  });
});

describeArsValid('TIME-SYNC source kinds: the ARs stay valid', written);
