// A params file setting denied-services to [] made OS-SERVICES pass ("no denied services to
// check"): a check that none of a list's entries is present proved nothing with no entry. The
// lists of what must not be present are marked `deny-list: true` (controls/parameters.yaml);
// empty, every check comparing with one is not collected, the reason naming the parameter. An
// empty allow list (approved-inbound-ports) is strict and stays judged. Assessed through the CLI
// on samples/MR-01 (every such check passes there with the defaults); the ARs are valid against NIST.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor, ROOT } from './support/cli-scratch.js';
import { observationOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';
import { describeArsValid } from './support/oscal-schema.js';

// The verdicts are the point: each snapshot folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on snapshots is
// test/cli.test.ts's "writes the package, a human summary on stderr, and --json on stdout only".
const run = arAssessor('ato-empty-deny-', '2026-11-10T00:00:00Z', { warm: true });
const SAMPLE = join(ROOT, 'samples/MR-01');

/** The AR of samples/MR-01 assessed with `params` (none: the defaults). */
function assessWith(params?: Record<string, unknown>): Record<string, any> {
  if (!params) return run.assess(SAMPLE);
  const file = join(run.dir(), `params-${Object.keys(params).join('-')}.json`);
  writeFileSync(file, JSON.stringify(params));
  return run.assess(SAMPLE, { args: ['--params', file] });
}
const verdict = (ar: Record<string, any>, check: string): string | undefined => propOf(observationOf(ar, 'MR-01', check), 'result');
const reason = (ar: Record<string, any>, check: string): string | undefined => propOf(observationOf(ar, 'MR-01', check), 'not-collected-reason');

const CASES: Array<[param: string, checks: string[]]> = [
  ['denied-services', ['OS-SERVICES']],
  ['denied-features', ['OS-FEATURES']],
  ['administrator-groups', ['ROLE-CLINICAL-NOT-ADMIN']],
  ['service-groups', ['ROLE-SERVICE-ONLY-TECHNICIANS']],
];

describe('an empty deny list proves nothing', () => {
  it('the premise: with the default lists each check is judged and passes', () => {
    const defaults = assessWith();
    for (const [, checks] of CASES) for (const c of checks) expect(verdict(defaults, c), c).toBe('pass');
    expect(verdict(defaults, 'FW-ALLOWED-PORTS')).toBe('pass');
  });
  for (const [param, checks] of CASES) {
    it(`${param} = []: ${checks.join(', ')} not collected, the reason naming ${param}`, () => {
      const ar = assessWith({ [param]: [] });
      for (const c of checks) {
        expect(verdict(ar, c), c).toBe('not-collected');
        expect(reason(ar, c), c).toContain(`parameter ${param}) is an empty list`);
      }
    });
  }
  it('an empty allow list is strict: approved-inbound-ports = [] leaves FW-ALLOWED-PORTS judged (a listening port is not approved)', () => {
    expect(verdict(assessWith({ 'approved-inbound-ports': [] }), 'FW-ALLOWED-PORTS')).toBe('fail');
  });
  it('an empty exception list is strict too: reviewed-directory-groups (default []) leaves ROLE-CLINICAL-NOT-ADMIN judged', () => {
    expect(verdict(assessWith({ 'reviewed-directory-groups': [] }), 'ROLE-CLINICAL-NOT-ADMIN')).toBe('pass');
  });
});

describeArsValid('empty-deny-list ARs', run.written);
