// OS-SUPPORTED judges a build against its last day of support, not a static list: one build is
// several releases with different end dates (19044: Windows 10 Enterprise LTSC 2021 to 2027-01-12,
// IoT Enterprise LTSC 2021 to 2032-01-13), and a list that was right when written passes a console
// for ever after. Each list entry carries its day ("19044 until 2027-01-12", operator listed-until):
// a console collected after it fails; a pass collected before it lapses, at the assessment clock,
// into not collected.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, parseChecks } from '../src/catalog/load-checks.js';
import type { Check } from '../src/catalog/types.js';
import { checkStatus, evaluateCheck, makeContext, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { UserError } from '../src/io/errors.js';
import { parseParamsFile, resolveParameters } from '../src/params/resolve.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { cliScratch, errorLine } from './support/cli-scratch.js';

const catalog = loadCatalog();
const OS = catalog.checks.find((c) => c.id === 'OS-SUPPORTED')!;
const defaults: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const withParams = (json: string): ResolvedParams => resolveParameters(catalog.parameters, [], parseParamsFile(json, 'site-params.json')).params;

function consoleOn(name: string, build: string, collectedAt: string): Snapshot {
  return { schemaVersion: '1.0', device: { id: 'CT-9', os: { name, build } }, collectedAt } as Snapshot;
}

/** evaluateCheck's status, checked against the status-only path diff and monitor use. */
function statusAt(check: Check, s: Snapshot, params: ResolvedParams, now: string): string {
  const full = evaluateCheck(check, s, params, { now }).status;
  expect(checkStatus(check, s, makeContext(s, params, { now })), 'the status-only path agrees').toBe(full);
  return full;
}

describe('OS-SUPPORTED: each build until its last day of support', () => {
  const enterprise21 = (at: string) => consoleOn('Windows 10 Enterprise LTSC 2021', '19044', at);

  // 2027-01-12 is a calendar day with no zone: it ends at 2027-01-12T10:00Z at UTC+14:00 and at
  // 2027-01-13T12:00Z at UTC-12:00. A pass must hold in every zone; a fail needs the day over in all.
  it('Windows 10 Enterprise LTSC 2021 passes until its last day (2027-01-12) ends at UTC+14:00, is not collected while the day lasts somewhere, fails once it is over at UTC-12:00', () => {
    expect(statusAt(OS, enterprise21('2027-01-12T09:59:59Z'), defaults, '2027-01-12T09:59:59Z')).toBe('pass');
    for (const at of ['2027-01-12T10:00:00Z', '2027-01-12T23:00:00Z', '2027-01-13T11:59:59Z']) {
      expect(statusAt(OS, enterprise21(at), defaults, at), at).toBe('not-collected');
    }
    const within = evaluateCheck(OS, enterprise21('2027-01-12T23:00:00Z'), defaults, { now: '2027-01-12T23:30:00Z' });
    expect(within.reason).toMatch(/listed until 2027-01-12, a calendar day with no time zone, which ends from 2027-01-12T09:59:59Z \(at UTC\+14:00\) to 2027-01-13T11:59:59Z \(at UTC-12:00\).*depends on the zone/);
    expect(statusAt(OS, enterprise21('2027-01-13T12:00:00Z'), defaults, '2027-01-13T12:00:00Z')).toBe('fail');
    // A collection time with its offset is the instant it names: 2027-01-12T23:00:00+14:00 is 09:00Z.
    expect(statusAt(OS, enterprise21('2027-01-12T23:00:00+14:00'), defaults, '2027-01-12T09:30:00Z')).toBe('pass');
  });

  it('a pass collected before the end expires when the day ends at UTC+14:00: not collected at a later clock, with the day named', () => {
    const s = enterprise21('2027-01-10T08:00:00Z');
    const before = evaluateCheck(OS, s, defaults, { now: '2027-01-11T08:00:00Z' });
    expect(before.status).toBe('pass');
    expect(before.expires).toBe('2027-01-12T09:59:59Z');
    // The day over at UTC+14:00 but not at UTC-12:00: the pass may have lapsed, which is no pass.
    const during = evaluateCheck(OS, s, defaults, { now: '2027-01-12T20:00:00Z' });
    expect(during.status).toBe('not-collected');
    expect(during.reason).toMatch(/may have lapsed from 2027-01-12T09:59:59Z/);
    const after = evaluateCheck(OS, s, defaults, { now: '2027-02-01T08:00:00Z' });
    expect(after.status).toBe('not-collected');
    expect(after.reason).toMatch(/passed at collection \(2027-01-10T08:00:00Z\), but its time limit \(Build 19044 listed until 2027-01-12\) lapsed/);
    expect(statusAt(OS, s, defaults, '2027-02-01T08:00:00Z')).toBe('not-collected');
  });

  it('the IoT edition of the same build has its own list: supported to 2032-01-13', () => {
    expect(statusAt(OS, consoleOn('Windows 10 IoT Enterprise LTSC 2021', '19044', '2031-06-01T08:00:00Z'), defaults, '2031-06-02T08:00:00Z')).toBe('pass');
    expect(statusAt(OS, consoleOn('Windows 10 IoT Enterprise LTSC 2021', '19044', '2032-01-14T12:00:00Z'), defaults, '2032-01-14T13:00:00Z')).toBe('fail');
    // An Enterprise console cannot borrow the IoT list, nor an IoT console that is not LTSC.
    expect(statusAt(OS, consoleOn('Windows 10 IoT Enterprise', '19044', '2026-11-02T08:00:00Z'), defaults, '2026-11-02T09:00:00Z')).toBe('fail');
  });

  it('Windows Server 2016 (14393) fails once 2027-01-12 has passed; Windows 11 24H2 Enterprise once 2027-10-12 has', () => {
    expect(statusAt(OS, consoleOn('Windows Server 2016 Standard', '14393', '2026-12-01T08:00:00Z'), defaults, '2026-12-01T09:00:00Z')).toBe('pass');
    expect(statusAt(OS, consoleOn('Windows Server 2016 Standard', '14393', '2027-03-01T08:00:00Z'), defaults, '2027-03-01T09:00:00Z')).toBe('fail');
    expect(statusAt(OS, consoleOn('Windows 11 Enterprise', '26100', '2027-10-13T12:00:00Z'), defaults, '2027-10-13T13:00:00Z')).toBe('fail');
  });

  it("an organisation's entry without a date is accepted with no end; with its own date, that date decides", () => {
    const s = enterprise21('2028-06-01T13:00:00Z');
    expect(statusAt(OS, s, defaults, '2028-06-01T14:00:00Z')).toBe('fail');
    expect(statusAt(OS, s, withParams('{"supported-ltsc-builds": ["19044"]}'), '2028-06-01T14:00:00Z')).toBe('pass');
    expect(statusAt(OS, s, withParams('{"supported-ltsc-builds": ["19044 until 2028-05-31"]}'), '2028-06-01T14:00:00Z')).toBe('fail');
    // Listed twice: the later day is the one the organisation accepted.
    expect(statusAt(OS, s, withParams('{"supported-ltsc-builds": ["19044 until 2027-01-12", "19044 until 2028-12-31"]}'), '2028-06-01T14:00:00Z')).toBe('pass');
  });

  it('a params file entry that is not "build" or "build until YYYY-MM-DD" is refused, naming the entry', () => {
    for (const [value, why] of [
      ['19044 until 2027-02-30', /names no such day: 2027-02-30/],
      ['19044 till 2030-01-01', /must be a value, optionally followed by "until YYYY-MM-DD"/],
      ['19044 until 12/01/2027', /must be a value, optionally followed by "until YYYY-MM-DD"/],
    ] as const) {
      let err: unknown;
      try {
        withParams(JSON.stringify({ 'supported-gac-builds': ['26100', value] }));
      } catch (e) {
        err = e;
      }
      expect(err, value).toBeInstanceOf(UserError);
      expect((err as UserError).message).toMatch(/^site-params\.json at \/supported-gac-builds: supported-gac-builds entry/);
      expect((err as UserError).message).toMatch(why);
    }
  });

  it('the catalog refuses listed-until on a parameter not declared dated, and a malformed literal entry', () => {
    const check = (expected: unknown) => [{
      id: 'X-LISTED', layer: 'hardening', title: 'x', controls: ['sa-22'], objectives: ['sa-22_obj.a'], severity: 'CAT II', remediation: 'x', examples: [],
      test: { field: 'device.os.build', operator: 'listed-until', expected },
    }];
    expect(() => parseChecks(check({ param: 'approved-inbound-ports' }), 'checks.yaml', catalog.parameters)).toThrow(/check X-LISTED\.test: listed-until reads parameter "approved-inbound-ports", which is not declared "entries: dated"/);
    expect(() => parseChecks(check(['19044 until soon']), 'checks.yaml', catalog.parameters)).toThrow(/listed-until entry "19044 until soon" must be a value/);
  });
});

describe('OS-SUPPORTED: a malformed date in a params file stops assess before anything is written', () => {
  const { dir, cli } = cliScratch('ato-os-dates-');
  it('exit 1, the file and the entry named, no output folder', () => {
    writeFileSync(join(dir(), 'CT-9.json'), JSON.stringify(consoleOn('Windows 10 Enterprise LTSC 2021', '19044', '2026-11-02T08:00:00Z')));
    writeFileSync(join(dir(), 'params.json'), JSON.stringify({ 'supported-ltsc-builds': ['19044 until 2027-13-01'] }));
    const r = cli(['assess', 'CT-9.json', '--params', 'params.json', '--out', 'pkg', '--now', '2026-11-03T00:00:00Z', '--no-pdf']);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/params\.json at \/supported-ltsc-builds: .*"19044 until 2027-13-01" names no such day/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir(), 'pkg'))).toBe(false);
  });
});
