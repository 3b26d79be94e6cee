// AUDIT-FORWARD and TIME-SYNC passed on a server or time source written as a word that says there
// is none ("none", "disabled", "(none)", "not configured"): the host-name shape and the loopback
// tests let a bare word through, so forwarding "on" to "none" with a recent delivery was a pass
// of AU-9(2). Such a word names no server: the check fails. A real host whose name starts with
// one of these words, and the sample's own servers, still pass. Assessed through the CLI; the
// ARs are valid against NIST.
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
const run = arAssessor('ato-no-server-words-', '2026-11-03T00:00:00Z', { warm: true });

/** MR-01 (forwarding and time sync passing) with the syslog server and time source both `host`. */
function mr01With(name: string, host: string): string {
  return editedSnapshot(run.dir(), name, join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), (s) => {
    (s as Snapshot).audit!.syslog!.server = host;
    (s as Snapshot).audit!.timeSync!.source = host;
  });
}
const results = (dir: string): [string | undefined, string | undefined] => {
  const ar = run.assess(dir);
  return [propOf(observationOf(ar, 'MR-01', 'AUDIT-FORWARD'), 'result'), propOf(observationOf(ar, 'MR-01', 'TIME-SYNC'), 'result')];
};

describe('a server named by a word saying there is none is no server', () => {
  it('the premise: a named host passes both checks', () => {
    expect(results(mr01With('named', 'logs01.hospital.example'))).toEqual(['pass', 'pass']);
  });
  it.each(['none', 'None', 'disabled', '(none)', '<not set>', 'not configured', 'NOT_CONFIGURED', 'no server', 'off'])('"%s": AUDIT-FORWARD and TIME-SYNC fail', (word) => {
    expect(results(mr01With(`word-${word.replace(/\W/g, '_')}`, word))).toEqual(['fail', 'fail']);
  });
  it('a host whose name starts with such a word is a host: pass', () => {
    expect(results(mr01With('prefix', 'none01.hospital.example'))).toEqual(['pass', 'pass']);
    expect(results(mr01With('prefix2', 'offsite-siem'))).toEqual(['pass', 'pass']);
  });
});

describeArsValid('no-server-words ARs', run.written);
