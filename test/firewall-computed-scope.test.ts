// FW-REMOTE-SCOPE passed on an inbound allow rule whose remote scope was the keyword Intranet,
// IntranetRemoteAccess, PlayToDevice or CaptivePortal: not "Any", and no subnet spanning every
// address, so the rule looked "limited to named remote hosts". Windows works those addresses out
// on the console (the network isolation policy's intranet ranges, which it may also discover; any
// Play To renderer that answers), and no export here collects them: the rule may accept a whole
// hospital network. The check is not collected, naming the keyword. LocalSubnet and the console's
// own servers (DNS, DefaultGateway) still pass; Any written out beside such a keyword still fails.
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
const run = arAssessor('ato-fw-computed-scope-', '2026-11-02T18:00:00Z', { warm: true });

/** MR-01 (FW-REMOTE-SCOPE passing) with its first enabled inbound allow rule's remote scope `scope`. */
function mr01With(name: string, scope: string[]): string {
  return editedSnapshot(run.dir(), name, join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), (s) => {
    const rule = (s as Snapshot).firewall!.rules!.find((r) => r.direction === 'inbound' && r.action === 'allow' && r.enabled === true)!;
    rule.remoteAddresses = scope;
  });
}
const observation = (dir: string) => observationOf(run.assess(dir), 'MR-01', 'FW-REMOTE-SCOPE');

describe('FW-REMOTE-SCOPE: a remote scope whose addresses Windows works out on the console', () => {
  it('the premise: a named subnet passes', () => {
    expect(propOf(observation(mr01With('subnet', ['10.20.30.0/24'])), 'result')).toBe('pass');
  });
  it.each([['Intranet'], ['IntranetRemoteAccess'], ['PlayToDevice'], ['Ply2Renderers'], ['CaptivePortal'], ['intranet4'], ['10.20.30.0/24', 'Intranet']])('%s: not collected, naming the keyword', (...scope) => {
    const obs = observation(mr01With(`kw-${scope.join('_').replace(/\W/g, '_')}`, scope));
    expect(propOf(obs, 'result')).toBe('not-collected');
    const text = JSON.stringify(obs);
    expect(text).toContain(`holds ${scope[scope.length - 1]}`);
    expect(text).toMatch(/not collected: whether the rule is limited to named remote hosts is not known/);
  });
  it.each([['LocalSubnet'], ['DNS', 'DefaultGateway'], ['LocalSubnet6']])('%s, the console\'s own subnet or servers: pass', (...scope) => {
    expect(propOf(observation(mr01With(`own-${scope.join('_')}`, scope)), 'result')).toBe('pass');
  });
  it('Intranet beside every IPv4 address written out: fail', () => {
    expect(propOf(observation(mr01With('intranet-any', ['Intranet', '0.0.0.0/1', '128.0.0.0/1'])), 'result')).toBe('fail');
  });
  it('Intranet beside Any: fail', () => {
    expect(propOf(observation(mr01With('intranet-any-word', ['Intranet', 'Any'])), 'result')).toBe('fail');
  });
});

describeArsValid('firewall-computed-scope ARs', run.written);
