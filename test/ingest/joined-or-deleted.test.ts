// One export file saying two things about one fact, where the reader kept one silently:
// - a .reg file giving a value and also deleting it ("Name"=- or [-Key]), which reg export never
//   writes: the value was read as set (InactivityTimeoutSecs 900 passed SCREEN-LOCK-TIMEOUT), the
//   deletion skipped, though regedit would apply it;
// - two exports joined into one file: a CSV whose header row comes again mid-file was read as one
//   table (local-group-members.csv silently; auditpol.csv with its header read as a per-user row),
//   and two .reg files joined said only 'expected "Name"=value' at the second header.
// Each is refused, exit 1, naming the file and the line(s); nothing written. Assessed through the CLI.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor, errorLine } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { buildPReg, fixturesDir, materialiseDevice, mr01FolderWith, mr01Files, mr01Text } from './fixture-folder.js';

const NOW = '2024-03-01T12:00:00Z';
const { assess, cli, dir } = arAssessor('ato-joined-or-deleted-', NOW);
const POLICIES_SYSTEM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System';

function refused(folder: string, tag: string): string {
  const out = join(dir(), tag);
  const r = cli(['assess', folder, '--out', out, '--now', NOW, '--no-pdf']);
  expect(r.code).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
  return errorLine(r.stderr);
}

describe('a .reg value given and deleted in one file', () => {
  const text = mr01Text('reg-policies-system.reg');
  const lineOf = (needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

  it('the premise: InactivityTimeoutSecs as exported passes SCREEN-LOCK-TIMEOUT', () => {
    expect(text).toContain('"InactivityTimeoutSecs"=dword:');
    const ar = assess(mr01FolderWith({ 'reg-policies-system.reg': text }));
    expect(propOf(observationOf(ar, 'MR-01', 'SCREEN-LOCK-TIMEOUT'), 'result')).toBe('pass');
  });

  it.each([
    ['the value deleted after it', `${text}\n[${POLICIES_SYSTEM}]\n"InactivityTimeoutSecs"=-\n`, /deletes the value .*"InactivityTimeoutSecs"=-, and line (\d+) gives .*"InactivityTimeoutSecs"/],
    ['its key deleted after it', `${text}\n[-${POLICIES_SYSTEM}]\n`, /deletes the key \[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\], and line (\d+) gives/],
    ['the value deleted before it', text.replace(`[${POLICIES_SYSTEM}]\n`, `[${POLICIES_SYSTEM}]\n"InactivityTimeoutSecs"=-\n`), /deletes the value .*"InactivityTimeoutSecs"=-, and line (\d+) gives .*"InactivityTimeoutSecs"/],
  ])('%s: refused naming both lines, never read as set', (tag, edited, message) => {
    const line = refused(mr01FolderWith({ 'reg-policies-system.reg': edited }), tag.replace(/\W+/g, '-'));
    expect(line).toMatch(/reg-policies-system\.reg at line \d+: line \d+ deletes/);
    expect(line).toMatch(message);
    expect(line).toContain('reg export writes no deletion');
  });

  it('a deletion of a value or key the file does not give is read as before (absent)', () => {
    const edited = `${text}\n[${POLICIES_SYSTEM}]\n"NoSuchValue"=-\n\n[-${POLICIES_SYSTEM}\\NoSuchKey]\n`;
    const ar = assess(mr01FolderWith({ 'reg-policies-system.reg': edited }));
    expect(propOf(observationOf(ar, 'MR-01', 'SCREEN-LOCK-TIMEOUT'), 'result')).toBe('pass');
  });

  it('two .reg files joined into one (the second header mid-file, with or without its BOM) are refused as joined, naming the line', () => {
    const lsa = mr01Text('reg-lsa.reg');
    const second = lsa.split('\n').length;
    const line = refused(mr01FolderWith({ 'reg-lsa.reg': `${lsa}${mr01Text('reg-usbstor.reg')}` }), 'joined-reg');
    expect(line).toContain(`/reg-lsa.reg at line ${second}: a second header "Windows Registry Editor Version 5.00" (the first is on line 1): two .reg files were joined`);
    // The second file's byte-order mark is where the join shows first (text.ts refuses it in any export).
    const withBom = refused(mr01FolderWith({ 'reg-lsa.reg': `${lsa}\uFEFF${mr01Text('reg-usbstor.reg')}` }), 'joined-reg-bom');
    expect(withBom).toContain(`/reg-lsa.reg at line ${second}: a byte-order mark (U+FEFF) at the start of this line: it begins a file, so two files were joined here`);
  });
});

describe('a CSV export with its header row again mid-file (two exports joined)', () => {
  it.each(['local-group-members.csv', 'auditpol.csv', 'services.csv', 'firewall-rules.csv'])('%s: refused naming the line of the second header', (file) => {
    const text = mr01Text(file).replace(/^\uFEFF/, '');
    const second = text.replace(/\n+$/, '').split('\n').length + 1;
    const line = refused(mr01FolderWith({ [file]: `${text.replace(/\n*$/, '\n')}${text}` }), `joined-${file}`);
    expect(line).toContain(`/${file} at line ${second}: the header row of line 1 again: two exports were joined into one file, and which of their rows hold would be a guess; give each export on its own`);
  });

  it("PowerShell 5.1's #TYPE line again mid-file is refused the same way", () => {
    const text = `#TYPE Selected.Microsoft.PowerShell.Commands.LocalGroupMember\n${mr01Text('local-group-members.csv')}`;
    const line = refused(mr01FolderWith({ 'local-group-members.csv': `${text.replace(/\n*$/, '\n')}${text}` }), 'joined-type');
    expect(line).toMatch(/local-group-members\.csv at line \d+: a "#TYPE" line again: two exports were joined/);
  });
});

describe('a registry.pol value both set and deleted ("**del.Name" in its key)', () => {
  type Records = Parameters<typeof buildPReg>[0];
  const records = (JSON.parse(readFileSync(join(fixturesDir, 'mr-01-registry-pol.json'), 'utf8')) as { records: Records }).records;
  const withPol = (recs: Records): string => {
    const files = mr01Files();
    files.set('registry.pol', buildPReg(recs));
    return materialiseDevice(files);
  };
  const del = records.findIndex((r) => r.value === '**del.MinimumPIN');

  it('the premise: MR-01\'s policy deletes MinimumPIN and sets no MinimumPIN: read as before', () => {
    expect(del).toBeGreaterThanOrEqual(0);
    const r = cli(['ingest', withPol(records), '--out', join(dir(), 'pol-premise.json')]);
    expect(r.code).toBe(0);
  });

  it.each([['after', 1], ['before', 0]])('MinimumPIN set %s its deletion: refused naming both records', (tag, after) => {
    const set = { key: records[del]!.key, value: 'MinimumPIN', type: 'REG_DWORD' as const, data: 6 };
    const recs = [...records];
    recs.splice(del + after, 0, set);
    const line = refused(withPol(recs), `pol-${tag}`);
    const delRecord = del + 1 + (after ? 0 : 1);
    const setRecord = del + 1 + after;
    expect(line).toContain(`registry.pol at record ${delRecord}: [Software\\Policies\\Microsoft\\FVE;**del.MinimumPIN] record ${delRecord} deletes the value [Software\\Policies\\Microsoft\\FVE;MinimumPIN] record ${setRecord} sets`);
  });
});

describe('an XML attribute given twice in one element (AppLocker)', () => {
  it.each([['Allow', 'Deny'], ['Deny', 'Allow']])('Action="%s" Action="%s" on one rule: refused as not well-formed, naming the attribute and the line, never the last one kept', (a, b) => {
    const text = mr01Text('applocker.xml');
    const rule = 'UserOrGroupSid="S-1-1-0" Action="Allow"';
    expect(text).toContain(rule);
    const edited = text.replace(rule, `UserOrGroupSid="S-1-1-0" Action="${a}" Action="${b}"`);
    const line = refused(mr01FolderWith({ 'applocker.xml': edited }), `xml-${a}-${b}`);
    expect(line).toMatch(/applocker\.xml at line 1: not well-formed XML: expected attribute Action once in <FilePathRule> \(XML allows each attribute once\), found it again$/);
  });
});
