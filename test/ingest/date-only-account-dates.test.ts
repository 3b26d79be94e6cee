// A culture date with no time in Get-LocalUser's LastLogon or PasswordLastSet ("3/1/2024",
// "01.03.2024": Export-Csv in a culture whose format drops the time) was refused: ingest failed and
// the device was lost from the run. It is now read as the whole day (from its first instant to its
// last; read several ways, from the earliest reading's start to the latest's end), so ACCOUNT-INACTIVE
// and PWD-MAX-AGE judge at both ends: a fail when both fail, not collected when they disagree.
// Collected 2024-03-01T10:15:22+01:00 (MR-01): 60 days before is 2024-01-01 10:15 +01:00, 35 days
// before 2024-01-26 10:15 +01:00. The ARs stay valid against NIST.
import { describe, expect, it } from 'vitest';
import { arAssessor } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { describeArsValid } from '../support/oscal-schema.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const { assess, written } = arAssessor('ato-date-only-', '2024-03-05T12:00:00Z', { warm: true });

/** MR-01's users with every enabled account recent (passwords set and logons within the limits), then `service`'s cells as given. */
function users(service: { passwordLastSet?: string; lastLogon?: string }): string {
  const text = mr01Text('local-users.csv')
    .replace('"2024-01-10T14:45:37.0000000+01:00"', '"2024-02-28T14:45:37.0000000+01:00"')
    .replace('"Local","User","True","2023-11-02T08:00:00.0000000+01:00",""', `"Local","User","True","${service.passwordLastSet ?? '2024-02-20T08:00:00.0000000+01:00'}","${service.lastLogon ?? '2024-02-29T08:00:00.0000000+01:00'}"`);
  expect(text).toContain(service.passwordLastSet ?? '2024-02-20T08:00:00');
  return text;
}
/**
 * The directory users whose last logon is nowhere in the exports left out (ACCOUNT-INACTIVE would
 * be not collected whatever the local dates): the vendor's dr.meyer disabled, HOSPITAL\\jdoe out of
 * the Administrators group.
 */
const vendor = (): string => {
  const t = mr01Text('vendor-settings.json').replace('"name": "dr.meyer", "role": "clinical", "enabled": true', '"name": "dr.meyer", "role": "clinical", "enabled": false');
  expect(t).toContain('"enabled": false');
  return t;
};
const members = (): string => {
  const t = mr01Text('local-group-members.csv').split('\n').filter((l) => !l.includes('jdoe')).join('\n');
  expect(t).not.toContain('jdoe');
  return t;
};
const folder = (files: Record<string, string>) => mr01FolderWith({ 'vendor-settings.json': vendor(), 'local-group-members.csv': members(), ...files });
/** collection.json naming no culture: every culture's date order is tried. */
const noCulture = (): string => JSON.stringify({ ...JSON.parse(mr01Text('collection.json')), culture: undefined });
const result = (ar: Record<string, unknown>, id: string) => {
  const o = observationOf(ar, 'MR-01', id);
  return { result: propOf(o, 'result'), text: String(o?.description ?? '') };
};

describe('a date with no time in Get-LocalUser LastLogon / PasswordLastSet', () => {
  it('the premise: every enabled account recent, both checks pass', () => {
    const ar = assess(folder({ 'local-users.csv': users({}) }));
    expect(result(ar, 'PWD-MAX-AGE').result).toBe('pass');
    expect(result(ar, 'ACCOUNT-INACTIVE').result).toBe('pass');
  });

  it('PasswordLastSet "11/2/2023" (en-US named): the device is assessed and PWD-MAX-AGE fails naming service', () => {
    const r = result(assess(folder({ 'local-users.csv': users({ passwordLastSet: '11/2/2023' }) })), 'PWD-MAX-AGE');
    expect(r.result).toBe('fail');
    expect(r.text).toMatch(/service/);
  });

  it('PasswordLastSet "1/1/2024": 60 days old at its start, not at its end: not collected, never a pass or a fail', () => {
    const r = result(assess(folder({ 'local-users.csv': users({ passwordLastSet: '1/1/2024' }) })), 'PWD-MAX-AGE');
    expect(r.result).toBe('not-collected');
    expect(r.text).toMatch(/no time/);
  });

  it('LastLogon "1/20/2024": inactive at both ends, ACCOUNT-INACTIVE fails; "1/26/2024" (the limit falls within the day) is not collected', () => {
    expect(result(assess(folder({ 'local-users.csv': users({ lastLogon: '1/20/2024' }) })), 'ACCOUNT-INACTIVE').result).toBe('fail');
    expect(result(assess(folder({ 'local-users.csv': users({ lastLogon: '1/26/2024' }) })), 'ACCOUNT-INACTIVE').result).toBe('not-collected');
    expect(result(assess(folder({ 'local-users.csv': users({ lastLogon: '2/27/2024' }) })), 'ACCOUNT-INACTIVE').result).toBe('pass');
  });

  it('no culture named: "20.01.2024" reads one way (day first) and fails; "1/2/2024" (2 January or 1 February) spans both readings: not collected', () => {
    const c = noCulture();
    expect(c).not.toMatch(/shortDatePattern/);
    expect(result(assess(folder({ 'collection.json': c, 'local-users.csv': users({ lastLogon: '20.01.2024' }) })), 'ACCOUNT-INACTIVE').result).toBe('fail');
    expect(result(assess(folder({ 'collection.json': c, 'local-users.csv': users({ lastLogon: '1/2/2024' }) })), 'ACCOUNT-INACTIVE').result).toBe('not-collected');
  });
});

describeArsValid('date-only account dates: the ARs stay valid', written);
