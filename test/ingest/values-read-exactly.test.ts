// Exports whose value was changed or taken from a broken file without a word:
// - numbers in the console's regional format: manage-bde's "Size: 1.862,89 GB" (an English
//   manage-bde on a German console) read as 1.86 GB, "99,5%" dropped; Export-Csv's "1862,89" and
//   "99,5" dropped. Each is now read by its own separators, and one that reads two ways ("1,862 GB")
//   is refused;
// - a secedit export joined with itself (values agree) was read as one export;
// - a byte-order mark at the start of a later line (two exports joined) hid in the first value;
// - a CSV header with one column twice in different case ("StartType", "starttype") kept the first;
// - a firewall RemoteAddress word that is none of Windows' keywords ("anywhere") was accepted and
//   left for the evaluator to call unjudgeable.
// Each refusal names the file and the line, exit 1, nothing written (one CLI run shows it).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestInputs, type ExportInput } from '../../src/ingest/index.js';
import { parseLocaleDecimal } from '../../src/ingest/parsers/common.js';
import { cliScratch, errorLine } from '../support/cli-scratch.js';
import { userErrorOf } from '../support/user-error.js';
import { encodeAs, input, mr01FolderWith, mr01Input, mr01Text, utf16 } from './fixture-folder.js';

const ingest = (...files: ExportInput[]) => ingestInputs([...files, mr01Input('collection.json')], 'MR-01');
const volumeC = (files: ExportInput[]) => (ingest(...files).snapshot.encryption?.volumes ?? []).find((v) => v.mountPoint === 'C:');
const bde = (size: string, pct = '100.0%'): ExportInput => {
  const text = mr01Text('bitlocker.txt');
  expect(text).toContain('    Size:                 237.87 GB\n');
  return input('bitlocker.txt', utf16(text.replace('237.87 GB', size).replace('Percentage Encrypted: 100.0%', `Percentage Encrypted: ${pct}`)));
};
const sizeLine = mr01Text('bitlocker.txt').split('\n').findIndex((l) => l.includes('237.87 GB')) + 1;
const volumesCsv = (capacity: string, pct: string): ExportInput => {
  const text = mr01Text('bitlocker-volumes.csv');
  expect(text).toContain('"100","237.87"');
  return input('bitlocker-volumes.csv', encodeAs(text.replace('"100","237.87"', `"${pct}","${capacity}"`), 'utf-8-bom'));
};

describe('numbers in the console\'s regional format', () => {
  it.each([
    ['German', '1.862,89 GB', '99,5%'],
    ['French (no-break space)', '1\u00a0862,89 GB', '99,5%'],
    ['French (narrow no-break space)', '1\u202f862,89 GB', '99,5%'],
    ['Swiss', "1'862.89 GB", '99.5%'],
    ['English, grouped', '1,862.89 GB', '99.5%'],
    ['no grouping, decimal comma', '1862,89 GB', '99,5%'],
  ])('manage-bde (English labels), %s digits: the size and percentage are read as written', (_tag, size, pct) => {
    const c = volumeC([bde(size, pct)]);
    expect(c?.sizeGB).toBeCloseTo(1862.89, 5);
    expect(c?.percentageEncrypted).toBeCloseTo(99.5, 5);
  });

  it.each(['1,862 GB', '1.862 GB'])('manage-bde: %s reads as 1862 or 1.862 by culture: refused naming the line, never guessed', (size) => {
    const e = userErrorOf(() => ingest(bde(size)));
    expect(e.file).toBe('bitlocker.txt');
    expect(e.where).toBe(`line ${sizeLine}`);
    expect(e.message).toMatch(/Size of volume C: is "1[.,]862 GB", which reads as two numbers .*\(1862 or 1\.862/);
  });

  it("Get-BitLockerVolume's CSV in a decimal-comma culture: CapacityGB and EncryptionPercentage are read, not dropped", () => {
    const c = volumeC([volumesCsv('1862,89', '99,5')]);
    expect(c?.sizeGB).toBeCloseTo(1862.89, 5);
    expect(c?.percentageEncrypted).toBeCloseTo(99.5, 5);
  });

  it('the CSV: a grouped "1.862,89" (Export-Csv never groups) is refused naming the line and column', () => {
    const e = userErrorOf(() => ingest(volumesCsv('1.862,89', '100')));
    expect(e.file).toBe('bitlocker-volumes.csv');
    expect(e.where).toBe('line 2');
    expect(e.message).toMatch(/column "CapacityGB".*found "1\.862,89"/);
  });

  it('parseLocaleDecimal: one reading, two readings, or none', () => {
    expect(parseLocaleDecimal('1.862.890', true)).toEqual({ value: 1862890 });
    expect(parseLocaleDecimal('0,862', true)).toEqual({ value: 0.862 });
    expect(parseLocaleDecimal('12.345', true)).toEqual({ ambiguous: '12.345' });
    for (const bad of ['1.862.89', '1,2,3', '1.862,89,1', 'abc', '']) expect(parseLocaleDecimal(bad, true), bad).toBeUndefined();
    expect(parseLocaleDecimal('1862,89', false)).toEqual({ value: 1862.89 });
    expect(parseLocaleDecimal('1,862.89', false)).toBeUndefined();
  });
});

describe('two exports joined into one file', () => {
  const secedit = mr01Text('secedit.inf');
  const seceditLines = secedit.replace(/\n$/, '').split('\n').length;

  it('a secedit export joined with itself (every value agrees) is refused at the second [Unicode]', () => {
    const e = userErrorOf(() => ingest(input('secedit.inf', utf16(`${secedit}${secedit}`))));
    expect(e.file).toBe('secedit.inf');
    expect(e.where).toBe(`line ${seceditLines + 1}`);
    expect(e.message).toMatch(/a second \[Unicode\] section \(the first is on line 1\).*two files were joined/);
  });

  it('a secedit export with a second [System Access] (secedit writes each section once) is refused naming it', () => {
    const edited = secedit.replace('[Event Audit]\n', '[System Access]\nMinimumPasswordLength = 12\n[Event Audit]\n');
    const e = userErrorOf(() => ingest(input('secedit.inf', utf16(edited))));
    expect(e.where).toBe(`line ${secedit.split('\n').indexOf('[Event Audit]') + 1}`);
    expect(e.message).toMatch(/a second \[System Access\] section \(the first is on line 3\): secedit \/export writes each section once/);
  });

  it.each([
    ['services.csv', 'utf-8-bom'],
    ['reg-lsa.reg', 'utf-16le-bom'],
  ] as const)('%s: a byte-order mark at the start of a later line is refused naming that line', (name, encoding) => {
    const text = mr01Text(name);
    const second = mr01Text(name === 'services.csv' ? 'services.csv' : 'reg-usbstor.reg');
    const bytes = Buffer.concat([encodeAs(text, encoding), encodeAs(second, encoding)]);
    const e = userErrorOf(() => ingest(input(name, bytes)));
    expect(e.file).toBe(name);
    expect(e.where).toBe(`line ${text.replace(/\n$/, '').split('\n').length + 1}`);
    expect(e.message).toMatch(/a byte-order mark \(U\+FEFF\) at the start of this line: it begins a file, so two files were joined/);
  });
});

describe('a CSV header naming one column twice', () => {
  it('"StartType" and "starttype" (PowerShell names ignore case) are refused naming both columns', () => {
    const rows = mr01Text('services.csv').replace(/\n$/, '').split('\n');
    const edited = rows.map((l, i) => `${l},${i === 0 ? '"starttype"' : '"Disabled"'}`).join('\n');
    const e = userErrorOf(() => ingest(input('services.csv', encodeAs(edited, 'utf-8-bom'))));
    expect(e.file).toBe('services.csv');
    expect(e.where).toBe('line 1');
    expect(e.message).toMatch(/column "starttype" \(column 5\) repeats column "StartType" \(column 4\)/);
  });
});

describe('a firewall rule RemoteAddress word that is none of Windows\' keywords', () => {
  const rules = (remote: string): ExportInput => {
    const text = mr01Text('firewall-rules.csv');
    expect(text).toContain('"10.20.0.0/255.255.0.0"');
    return input('firewall-rules.csv', encodeAs(text.replace('"10.20.0.0/255.255.0.0"', JSON.stringify(remote)), 'utf-8-bom'));
  };

  it.each(['anywhere', 'all', 'Intranet2'])('%s: refused naming the line and the entry', (word) => {
    const e = userErrorOf(() => ingest(rules(word)));
    expect(e.file).toBe('firewall-rules.csv');
    expect(e.where).toBe('line 2');
    expect(e.message).toContain(`found "${word}"`);
    expect(e.message).toMatch(/one of the keywords Any \(\*\), LocalSubnet, .*IntranetRemoteAccess, PlayToDevice, CaptivePortal/);
  });

  it.each(['Intranet', 'LocalSubnet4', 'RmtIntrAnet', 'Ply2Renders'])('%s, a keyword Windows writes, is read', (word) => {
    const rule = ingest(rules(word)).snapshot.firewall?.rules?.find((r) => r.remoteAddresses?.includes(word));
    expect(rule).toBeDefined();
  });
});

describe('through the CLI', () => {
  const { cli, dir } = cliScratch('ato-values-read-exactly-');
  it('an ambiguous size: exit 1, one error line naming file and line, no stack trace, no snapshot written', () => {
    const folder = mr01FolderWith({ 'bitlocker.txt': mr01Text('bitlocker.txt').replace('237.87 GB', '1.862 GB') });
    const out = join(dir(), 'MR-01.json');
    const r = cli(['ingest', folder, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(errorLine(r.stderr)).toMatch(new RegExp(`bitlocker\\.txt at line ${sizeLine}: the Size of volume C: is "1\\.862 GB"`));
    expect(existsSync(out)).toBe(false);
  });
});

describe('a value of megabytes (an export garbled into one line)', () => {
  // 1 MB in a .reg string took 6 s in masking, 50 MB minutes and then an internal error; a 50 MB
  // CSV cell 40 s and 2 GB. No setting is near MAX_VALUE_CHARS (65,536): refused naming the place.
  const long = 'A'.repeat(100_000);
  const refusedWith = (name: string, text: string) => userErrorOf(() => ingest(input(name, encodeAs(text, name.endsWith('.csv') ? 'utf-8-bom' : 'utf-16le-bom'))));

  it('a .reg string value: refused naming its key, name and line, never quoting it', () => {
    const text = mr01Text('reg-policies-system.reg').replace('"InactivityTimeoutSecs"=dword:', `"LegalNoticeText"="${long}"\n"InactivityTimeoutSecs"=dword:`);
    const e = refusedWith('reg-policies-system.reg', text);
    expect(e.file).toBe('reg-policies-system.reg');
    expect(e.where).toMatch(/\\Policies\\System\] "LegalNoticeText", line \d+$/);
    expect(e.message).toMatch(/: a value of 100000 characters: no setting Windows exports is longer than 65536/);
    expect(`${e.where} ${e.message}`).not.toContain('AAAAAAAAAA'.repeat(20));
  });

  it('a CSV cell: refused naming line, item and column', () => {
    const e = refusedWith('services.csv', mr01Text('services.csv').replace('"Application Identity"', `"${long}"`));
    expect(e.where).toBe('line 2, service "AppIDSvc", column DisplayName');
    expect(e.message).toMatch(/: a value of 100000 characters/);
  });

  it('a place that quotes the value (w32tm\'s source with its flags) is cut in the message', () => {
    const e = refusedWith('w32tm.txt', mr01Text('w32tm.txt').replace('Source: ntp1', `Source: ${long}ntp1`));
    expect(e.where!.length).toBeLessThan(200);
    expect(e.where).toMatch(/^Source, line 8 \("A+…$/);
  });
});

describe('a ZIP archive in place of the folder or of an export', () => {
  // The first bytes of a ZIP archive holding services.csv (local file header "PK\3\4").
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), Buffer.alloc(40, 0x9c)]);
  const { cli, dir } = cliScratch('ato-values-zip-');

  it('named as an export: refused saying it is a ZIP archive, not "binary data"', () => {
    const e = userErrorOf(() => ingest(input('services.csv', zip)));
    expect(e.file).toBe('services.csv');
    expect(e.message).toMatch(/found a ZIP archive: extract the collection into the device folder/);
  });

  it('given as the exports: exit 1, the reason names the ZIP archive', () => {
    const path = join(dir(), 'MR-01.zip');
    writeFileSync(path, zip);
    const r = cli(['ingest', path, '--out', join(dir(), 'MR-01.json')]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/MR-01\.zip: a ZIP archive, which is not read: extract the collection/);
    expect(existsSync(join(dir(), 'MR-01.json'))).toBe(false);
  });
});
