import { describe, expect, it } from 'vitest';
import type { ParameterDef } from '../src/catalog/types.js';
import { parseDeviations } from '../src/evaluate/deviations.js';
import { userErrorOf } from './support/user-error.js';
import { parseParamsFile, profileOverrides, resolveParameters } from '../src/params/resolve.js';
import { resolveNow } from '../src/cli/clock.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { UserError } from '../src/io/errors.js';

const defs: ParameterDef[] = [
  { id: 'lockout-threshold-max', title: 'Lockout threshold', type: 'number', default: 3, odp: 'ac-07_odp.01', basis: 'DISA Windows 10 STIG V3R2 WN10-AC-000010' },
  { id: 'password-min-length', title: 'Min length', type: 'number', default: 14, odp: 'ia-05.01_odp.02', basis: 'WN10-AC-000035' },
  { id: 'password-history', title: 'History', type: 'number', default: 24, odp: 'ia-05.01_odp.02', basis: 'WN10-AC-000020' },
  { id: 'approved-inbound-ports', title: 'Ports', type: 'string-list', default: ['104'], odp: 'cm-07_odp.03', basis: 'site' },
  { id: 'denied-services', title: 'Services', type: 'string-list', default: ['seclogon'], odp: 'cm-07_odp.06', basis: 'WN10-00-000175', fromProfile: true },
];


describe('organisation parameters: precedence params file > profile > default', () => {
  // The set-parameters as the profile loader gives them (catalog/profile.ts, test/profile.test.ts).
  const set = (paramId: string, values: string[], file = 'org-profile.json') => ({ paramId, values, file, where: `set-parameters ${paramId}` });
  const profile = profileOverrides([
    set('ac-07_odp.01', ['5']),
    set('ia-05.01_odp.02', ['passwords of at least 15 characters']),
    set('cm-07_odp.03', ['104', '2762']),
    set('cm-07_odp.06', ['seclogon', 'RemoteRegistry']),
  ]);

  it('defaults carry their basis', () => {
    const { params } = resolveParameters(defs, [], []);
    expect(params.get('lockout-threshold-max')).toEqual({ id: 'lockout-threshold-max', value: 3, source: 'default; basis: DISA Windows 10 STIG V3R2 WN10-AC-000010' });
  });

  it('a profile set-parameter overrides the default of the parameter filling that ODP', () => {
    const { params, warnings } = resolveParameters(defs, profile, []);
    expect(params.get('lockout-threshold-max')?.value).toBe(5);
    expect(params.get('lockout-threshold-max')?.source).toBe('profile org-profile.json (set-parameters ac-07_odp.01)');
    // A list parameter takes profile values only where it opts in (from-profile: true).
    expect(params.get('denied-services')?.value).toEqual(['seclogon', 'RemoteRegistry']);
    expect(params.get('approved-inbound-ports')?.value).toEqual(['104']);
    // An ODP that several parameters share cannot be applied: the defaults stay, with a warning.
    expect(params.get('password-min-length')?.value).toBe(14);
    expect(params.get('password-history')?.value).toBe(24);
    expect(warnings).toEqual([
      'profile org-profile.json (set-parameters ia-05.01_odp.02): not applied: ia-05.01_odp.02 is filled by several parameters (password-min-length, password-history); set them in a params file',
      "profile org-profile.json (set-parameters cm-07_odp.03): not applied to approved-inbound-ports: a profile's string-list value is prose for people, not a list the checks can use; set it in a params file",
    ]);
  });

  it('a real NIST baseline profile (no set-parameters values) changes nothing', () => {
    expect(profileOverrides([{ paramId: 'ac-07_odp.01', file: 'baseline.json', where: 'set-parameters ac-07_odp.01' }])).toEqual([]);
  });

  it('a params file (CSV) overrides the profile and names its line', () => {
    const file = parseParamsFile('parameter,value\n# site policy\nlockout-threshold-max,2\n', 'site.csv');
    const { params } = resolveParameters(defs, profile, file);
    expect(params.get('lockout-threshold-max')).toEqual({ id: 'lockout-threshold-max', value: 2, source: 'params file site.csv (line 3)' });
  });

  it('a JSON params file works too, and lists split on commas', () => {
    const file = parseParamsFile('{"approved-inbound-ports": "104, 11112"}', 'site.json');
    expect(resolveParameters(defs, [], file).params.get('approved-inbound-ports')?.value).toEqual(['104', '11112']);
  });

  it('rejects an unknown parameter or a wrong type, naming file and line', () => {
    const unknown = userErrorOf(() => resolveParameters(defs, [], parseParamsFile('parameter,value\nlockout-treshold,2\n', 'site.csv')));
    expect(unknown.message).toBe('site.csv at line 2: unknown parameter "lockout-treshold"; "ato-evidence checks --params" lists them');
    const wrong = userErrorOf(() => resolveParameters(defs, [], parseParamsFile('{"lockout-threshold-max": "three"}', 'site.json')));
    expect(wrong.message).toMatch(/^site\.json at \/lockout-threshold-max: lockout-threshold-max must be a number/);
    const shared = userErrorOf(() => resolveParameters(defs, [], parseParamsFile('{"ia-05.01_odp.02": 15}', 'site.json')));
    expect(shared.message).toMatch(/filled by several parameters: password-min-length, password-history/);
  });

  it('a profile value of the wrong type for a single parameter is skipped with a warning', () => {
    const p = profileOverrides([set('ac-07_odp.01', ['three'], 'p.json')]);
    const { params, warnings } = resolveParameters(defs, p, []);
    expect(params.get('lockout-threshold-max')?.value).toBe(3);
    expect(warnings[0]).toMatch(/value for lockout-threshold-max ignored: must be a number/);
  });
});

describe('deviations file', () => {
  const known = new Set(['SCREEN-LOCK-TIMEOUT']);
  it('reads CSV rows with their line numbers', () => {
    const d = parseDeviations('check_id,device_id,justification,approver,expires\nSCREEN-LOCK-TIMEOUT,MR-01,"Cannot lock during acquisition",ISSM J. Doe,2027-06-30\n', 'dev.csv', known);
    expect(d).toEqual([{ checkId: 'SCREEN-LOCK-TIMEOUT', deviceId: 'MR-01', justification: 'Cannot lock during acquisition', approver: 'ISSM J. Doe', expires: '2027-06-30', source: 'dev.csv line 2', at: { file: 'dev.csv', where: 'line 2' } }]);
  });
  it('a deviation names its file by its own name (the folders it lies in are no part of a report); messages keep the path the user gave', () => {
    const d = parseDeviations('check_id,device_id,justification,approver,expires\nSCREEN-LOCK-TIMEOUT,MR-01,why,me,2027-06-30\n', '/home/alice/site/dev.csv', known);
    expect(d[0]!.source).toBe('dev.csv line 2');
    expect(d[0]!.at).toEqual({ file: '/home/alice/site/dev.csv', where: 'line 2' });
  });
  it('rejects a missing column, an empty approver, a bad date and an unknown check', () => {
    expect(userErrorOf(() => parseDeviations('check_id,device_id,justification,expires\nX,Y,Z,2027-01-01\n', 'd.csv', known)).message).toBe('d.csv at line 1: the header is "check_id,device_id,justification,expires", but it must name the columns check_id,device_id,justification,approver,expires (missing: approver)');
    expect(userErrorOf(() => parseDeviations('check_id,device_id,justification,approver,expires\nSCREEN-LOCK-TIMEOUT,MR-01,why,,2027-01-01\n', 'd.csv', known)).message).toBe('d.csv at line 2: "approver" is missing or empty');
    expect(userErrorOf(() => parseDeviations('check_id,device_id,justification,approver,expires\nSCREEN-LOCK-TIMEOUT,MR-01,why,me,30/06/2027\n', 'd.csv', known)).message).toMatch(/expires must be a date as YYYY-MM-DD/);
    expect(userErrorOf(() => parseDeviations('[{"check_id":"NOPE","device_id":"A","justification":"j","approver":"a","expires":"2027-01-01"}]', 'd.json', known)).message).toMatch(/^d\.json at \/0: unknown check id "NOPE"/);
  });
});

describe('the assessment clock', () => {
  it('takes --now, else SOURCE_DATE_EPOCH, else the clock; always UTC in whole seconds', () => {
    expect(resolveNow('2026-11-28T10:00:00+01:00', {})).toBe('2026-11-28T09:00:00Z');
    expect(resolveNow('2026-11-28T09:00:00.000Z', {})).toBe('2026-11-28T09:00:00Z');
    expect(resolveNow(undefined, { SOURCE_DATE_EPOCH: '1700000000' })).toBe('2023-11-14T22:13:20Z');
  });
  it('never judges before the instant meant: the system clock is taken up to the next whole second', () => {
    const at = Date.parse('2026-01-02T03:04:05.678Z');
    expect(Date.parse(resolveNow(undefined, {}, () => at))).toBeGreaterThanOrEqual(at);
    expect(resolveNow(undefined, {}, () => at)).toMatch(/:\d{2}Z$/);
    expect(resolveNow(undefined, {}, () => Date.parse('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05Z');
  });
  it('refuses a --now with a fraction of a second (exit 2), naming the next whole second, rather than judging at another instant than it shows', () => {
    for (const now of ['2026-11-02T09:15:22.9Z', '2026-11-02T09:15:22.0001+01:00']) {
      const e = userErrorOf(() => resolveNow(now, {}));
      expect(e.exitCode).toBe(2);
      expect(e.message).toContain(now);
      expect(e.message).toMatch(/whole seconds/);
    }
    expect(userErrorOf(() => resolveNow('2026-11-02T09:15:22.9Z', {})).message).toContain('2026-11-02T09:15:23Z');
  });
  it('rejects a date without a timezone (exit 2, a usage error)', () => {
    const e = userErrorOf(() => resolveNow('2026-11-28 10:00', {}));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/RFC 3339/);
  });
  it('refuses a clock outside 1970 to 9999 in UTC (exit 2), which the documents cannot state: no "+010000-…", no stack trace', () => {
    // Year 10000 once in UTC; far past Date's range; before 1970 through its offset.
    const late = userErrorOf(() => resolveNow('9999-12-31T23:59:59-23:59', {}));
    expect(late.exitCode).toBe(2);
    expect(late.message).toBe('--now "9999-12-31T23:59:59-23:59" is after 9999-12-31T23:59:59Z in UTC: the assessment clock must lie from 1970 to 9999, the years the documents can state');
    expect(userErrorOf(() => resolveNow(undefined, { SOURCE_DATE_EPOCH: '99999999999999' })).message).toMatch(/^SOURCE_DATE_EPOCH "99999999999999" is after 9999-12-31T23:59:59Z in UTC/);
    expect(userErrorOf(() => resolveNow('1970-01-01T00:30:00+01:00', {})).message).toMatch(/^--now "1970-01-01T00:30:00\+01:00" is before 1970-01-01T00:00:00Z in UTC/);
    expect(resolveNow('9999-12-31T23:59:59Z', {})).toBe('9999-12-31T23:59:59Z');
    expect(resolveNow('1970-01-01T00:00:00Z', {})).toBe('1970-01-01T00:00:00Z');
  });
});

describe('a parameter whose meaning changed under a new id', () => {
  it('supported-os-builds in an old params file is refused, naming the three lists that replace it (never read as the general channel list, where 19044 would pass Windows 10 21H2)', () => {
    const cat = loadCatalog();
    let err: unknown;
    try {
      resolveParameters(cat.parameters, [], [{ id: 'supported-os-builds', raw: ['17763', '19044', '26100', '19045'], file: 'site-params.json', where: '/supported-os-builds' }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/^site-params\.json at \/supported-os-builds: parameter "supported-os-builds" was split in three: supported-ltsc-builds .*, supported-gac-builds .* and supported-server-builds/);
  });
});

describe('a time parameter beyond the calendar', () => {
  const timeDefs: ParameterDef[] = [
    { id: 'evidence-max-age-days', title: 'Oldest evidence', type: 'number', default: 30, unit: 'days', basis: 'monthly' },
    { id: 'time-sync-max-age-hours', title: 'Last sync', type: 'number', default: 24, unit: 'hours', basis: 'site' },
    { id: 'password-min-length', title: 'Min length', type: 'number', default: 14, unit: 'characters', basis: 'WN10-AC-000035' },
  ];
  const set = (id: string, raw: unknown) => resolveParameters(timeDefs, [], [{ id, raw, file: 'org-params.json', where: `/${id}` }]);

  it('a number of days no date can be that far from is refused, naming the file and the parameter (it was an internal error: "Invalid time value")', () => {
    const e = userErrorOf(() => set('evidence-max-age-days', 1.2345678901234568e29));
    expect(e.message).toMatch(/^org-params\.json at \/evidence-max-age-days: evidence-max-age-days must be at most 1,000,000 days/);
    expect(userErrorOf(() => set('evidence-max-age-days', '-5000000')).message).toMatch(/at most 1,000,000 days, whether ahead or back/);
    expect(userErrorOf(() => set('time-sync-max-age-hours', 1e12)).message).toMatch(/at most 24,000,000 hours \(1,000,000 days\)/);
  });

  it('a long span within the calendar is kept, and a count that is not a time has no such bound', () => {
    expect(set('evidence-max-age-days', 999_999).params.get('evidence-max-age-days')?.value).toBe(999_999);
    expect(set('password-min-length', 1e12).params.get('password-min-length')?.value).toBe(1e12);
  });
});
