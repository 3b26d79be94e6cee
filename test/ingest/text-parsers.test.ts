// Text outputs: netsh advfirewall, manage-bde -status, net accounts, w32tm /query /status.
import { describe, expect, it } from 'vitest';
import { ingestInputs, parserFor, recognise, sniffKind, type ParsedExport } from '../../src/ingest/index.js';
import { input, mr01Input, mr01Text, utf16 } from './fixture-folder.js';
import { expectUserError } from '../support/user-error.js';

const flat = (p: ParsedExport): Record<string, unknown> =>
  Object.fromEntries(p.facts.map((f) => [f.path.map((s) => (typeof s === 'string' ? s : 'el' in s ? `[${s.el}]` : `{${s.key}}`)).join('/'), f.value]));

describe('netsh advfirewall show allprofiles', () => {
  const parser = parserFor('netsh-firewall');
  it('reads the three profiles: state, default actions, logging', () => {
    const inp = mr01Input('firewall-netsh.txt');
    expect(sniffKind(inp)).toBe('netsh-firewall');
    const v = flat(parser.parse(inp));
    expect(v['firewall/profiles/[domain]/enabled']).toBe(true);
    expect(v['firewall/profiles/[public]/defaultInboundAction']).toBe('block');
    expect(v['firewall/profiles/[public]/defaultOutboundAction']).toBe('allow');
    expect(v['firewall/profiles/[domain]/logDroppedPackets']).toBe(true);
    expect(v['firewall/profiles/[public]/logDroppedPackets']).toBe(false);
    expect(v['firewall/profiles/[private]/logMaxSizeKB']).toBe(16384);
    expect(v['firewall/profiles/[public]/logMaxSizeKB']).toBe(4096);
  });
  it('reads State OFF and AllowInbound', () => {
    const text = mr01Text('firewall-netsh.txt').replace(/State {33}ON/, 'State                                 OFF').replace('BlockInbound,AllowOutbound', 'AllowInbound,BlockOutbound');
    const v = flat(parser.parse(input('fw.txt', utf16(text))));
    expect(v['firewall/profiles/[domain]/enabled']).toBe(false);
    expect(v['firewall/profiles/[domain]/defaultInboundAction']).toBe('allow');
    expect(v['firewall/profiles/[domain]/defaultOutboundAction']).toBe('block');
  });
  it('a profile block cut before its State line is a UserError naming the block\'s line', () => {
    const text = mr01Text('firewall-netsh.txt');
    const cut = text.slice(0, text.indexOf('State', text.indexOf('Public Profile Settings')));
    expectUserError(() => parser.parse(input('firewall-netsh.txt', utf16(cut))), 'firewall-netsh.txt', /^line 34$/, /expected "State" and "Firewall Policy" lines in the public profile/);
  });
  it('an unknown Firewall Policy value is a UserError with its line', () => {
    const text = mr01Text('firewall-netsh.txt').replace('BlockInbound,AllowOutbound', 'Sometimes');
    expectUserError(() => parser.parse(input('fw.txt', utf16(text))), 'fw.txt', /^line 5$/, /expected Firewall Policy like BlockInbound,AllowOutbound/);
  });
  it('a MaxFileSize Windows does not accept (1 to 32767 KB) is a UserError with its line', () => {
    const text = mr01Text('firewall-netsh.txt');
    const line = text.slice(0, text.indexOf('MaxFileSize')).split('\n').length;
    for (const bad of ['40000', '0', '-5']) {
      const changed = text.replace(/MaxFileSize( +)\d+/, `MaxFileSize$1${bad}`);
      expectUserError(() => parser.parse(input('fw.txt', utf16(changed))), 'fw.txt', new RegExp(`^line ${line}$`), new RegExp(`expected MaxFileSize in KB \\(1 to 32767.*found "${bad}"`));
    }
  });
});

describe('manage-bde -status', () => {
  const parser = parserFor('manage-bde-status');
  it('reads each volume: type, conversion, percentage, method, protection, key protectors', () => {
    const v = flat(parser.parse(mr01Input('bitlocker.txt')));
    expect(v['encryption/volumes/[vol:c:]/mountPoint']).toBe('C:');
    expect(v['encryption/volumes/[vol:c:]/volumeType']).toBe('os');
    // "Used Space Only Encrypted": every used block is encrypted
    expect(v['encryption/volumes/[vol:c:]/conversionStatus']).toBe('fully-encrypted');
    expect(v['encryption/volumes/[vol:c:]/percentageEncrypted']).toBe(100);
    expect(v['encryption/volumes/[vol:c:]/method']).toBe('XTS-AES 128');
    expect(v['encryption/volumes/[vol:c:]/protectionStatus']).toBe('on');
    expect(v['encryption/volumes/[vol:c:]/keyProtectors']).toEqual(['TPM', 'Numerical Password']);
    expect(v['encryption/volumes/[vol:c:]/sizeGB']).toBe(237.87);
    expect(v['encryption/volumes/[vol:d:]/volumeType']).toBe('data');
    expect(v['encryption/volumes/[vol:d:]/conversionStatus']).toBe('fully-decrypted');
    expect(v['encryption/volumes/[vol:d:]/protectionStatus']).toBe('off');
    expect(v['encryption/volumes/[vol:d:]/keyProtectors']).toEqual([]);
    // A stated "None" is a value: compared with Get-BitLockerVolume's, and the catalog's "None" fails.
    expect(v['encryption/volumes/[vol:d:]/method']).toBe('None');
  });
  it('a file cut inside a line is refused, not read as the volumes before the cut (found by mutation-fuzzing: cut in C:\'s key protectors, D: went missing and DISK-ENCRYPTION passed)', () => {
    const text = mr01Text('bitlocker.txt');
    const cut = text.slice(0, text.indexOf('Numerical Password') + 5);
    expectUserError(() => parser.parse(input('bitlocker.txt', utf16(cut))), 'bitlocker.txt', /^line 19$/, /the file is cut short: its last line has no line break/);
    // Cut on a line break, or re-saved as UTF-8 without the final one, it is read.
    expect(flat(parser.parse(input('bitlocker.txt', utf16(text))))['encryption/volumes/[vol:d:]/protectionStatus']).toBe('off');
    expect(flat(parser.parse(input('bitlocker.txt', Buffer.from(text.trimEnd(), 'utf8'))))['encryption/volumes/[vol:d:]/protectionStatus']).toBe('off');
  });
  it('reads suspended protection ("Protection Off (1 reboots left)") as off, and in-progress conversion', () => {
    const text = mr01Text('bitlocker.txt').replace('Protection On', 'Protection Off (1 reboots left)').replace('Used Space Only Encrypted', 'Encryption in Progress').replace('100.0%', '42.5%');
    const v = flat(parser.parse(input('bitlocker.txt', utf16(text))));
    expect(v['encryption/volumes/[vol:c:]/protectionStatus']).toBe('off');
    expect(v['encryption/volumes/[vol:c:]/conversionStatus']).toBe('encryption-in-progress');
    expect(v['encryption/volumes/[vol:c:]/percentageEncrypted']).toBe(42.5);
  });
  it('another language is recognised as manage-bde output and refused: "unsupported language"', () => {
    const german = `BitLocker-Laufwerkverschlüsselung: Konfigurationstool, Version 10.0.17763
Copyright (C) 2013 Microsoft Corporation. Alle Rechte vorbehalten.

Datenträgervolumes, die mit BitLocker-Laufwerkverschlüsselung geschützt werden können:
Volume "C:" [OS]
[Betriebssystemvolume]

    Größe:                        237,87 GB
    BitLocker-Version:            2.0
    Konvertierungsstatus:         Nur verwendeter Speicherplatz ist verschlüsselt
    Verschlüsselt (Prozent):      100,0 %
    Verschlüsselungsmethode:      XTS-AES 128
    Schutzstatus:                 Der Schutz ist aktiviert.
`;
    const inp = input('bitlocker.txt', utf16(german));
    expect(sniffKind(inp)).toBe('manage-bde-status');
    expectUserError(() => parser.parse(inp), 'bitlocker.txt', /^line 1$/, /unsupported language: manage-bde output must be in English/);
    expectUserError(() => ingestInputs([inp, mr01Input('collection.json')], 'MR-01'), 'bitlocker.txt', /^line 1$/, /unsupported language/);
  });
  it('"ERROR: ..." (not run elevated) is a UserError', () => {
    const text = 'BitLocker Drive Encryption: Configuration Tool version 10.0.17763\nCopyright (C) 2013 Microsoft Corporation. All rights reserved.\n\nERROR: An attempt to access a required resource was denied.\n';
    expectUserError(() => parser.parse(input('bitlocker.txt', utf16(text))), 'bitlocker.txt', /^line 4$/, /reported an error/);
  });
  it('a volume cut before its Protection Status is a UserError naming the volume line', () => {
    const text = mr01Text('bitlocker.txt');
    // cut on the line break before it (a cut inside a line is refused as such, below)
    const cut = text.slice(0, text.lastIndexOf('\n', text.indexOf('Protection Status', text.indexOf('Volume D:'))) + 1);
    expectUserError(() => parser.parse(input('bitlocker.txt', utf16(cut))), 'bitlocker.txt', /^line 21$/, /expected "Conversion Status" and "Protection Status" for volume D:/);
  });
});

describe('net accounts', () => {
  const parser = parserFor('net-accounts');
  it('reads the local policy, with Never/Unlimited/None words', () => {
    expect(flat(parser.parse(mr01Input('net-accounts.txt')))).toEqual({
      'access/passwordPolicy/local/minAgeDays': 1,
      'access/passwordPolicy/local/maxAgeDays': 60,
      'access/passwordPolicy/local/minLength': 12,
      'access/passwordPolicy/local/history': 24,
      'access/lockoutPolicy/local/threshold': 5,
      'access/lockoutPolicy/local/durationMinutes': 15,
      'access/lockoutPolicy/local/resetMinutes': 15,
    });
    const text = mr01Text('net-accounts.txt').replace(/(Maximum password age \(days\):\s+)60/, '$1Unlimited').replace(/(Lockout threshold:\s+)5/, '$1Never').replace(/(history maintained:\s+)24/, '$1None');
    const v = flat(parser.parse(input('net-accounts.txt', utf16(text))));
    expect(v['access/passwordPolicy/local/maxAgeDays']).toBe(-1);
    expect(v['access/lockoutPolicy/local/threshold']).toBe(0);
    expect(v['access/passwordPolicy/local/history']).toBe(0);
  });
  it('lists "net accounts /domain" output as skipped: it is the domain\'s policy, not the console\'s', () => {
    const text = `The request will be processed at a domain controller for domain hospital.local.\n\n${mr01Text('net-accounts.txt')}`;
    const r = ingestInputs([input('net-accounts.txt', utf16(text)), mr01Input('collection.json'), mr01Input('w32tm.txt')], 'MR-01');
    expect(r.skipped).toEqual([{ file: 'net-accounts.txt', reason: expect.stringMatching(/domain's policy/) }]);
    expect(r.snapshot.access?.passwordPolicy).toBeUndefined();
  });
  it('a bad value is a UserError with its line', () => {
    const text = mr01Text('net-accounts.txt').replace(/(Minimum password length:\s+)12/, '$1twelve');
    expectUserError(() => parser.parse(input('net-accounts.txt', utf16(text))), 'net-accounts.txt', /^line 4$/, /expected a number.*"Minimum password length", found "twelve"/);
  });
  it('a number beyond the 32 bits Windows keeps it in is refused (found by mutation-fuzzing: 4294967296 was read as a minimum length)', () => {
    const text = mr01Text('net-accounts.txt').replace(/(Minimum password length:\s+)12/, '$14294967296');
    expectUserError(() => parser.parse(input('net-accounts.txt', utf16(text))), 'net-accounts.txt', /^line 4$/, /"Minimum password length", found "4294967296" \(beyond the 32 bits/);
  });
});

describe('w32tm /query /status', () => {
  const parser = parserFor('w32tm-status');
  it('reads the fixture (UTF-16 as Out-File writes it)', () => {
    const v = flat(parser.parse(mr01Input('w32tm.txt')));
    expect(v).toEqual({
      'audit/timeSync/leapIndicator': 0,
      'audit/timeSync/stratum': 3,
      'audit/timeSync/source': 'ntp1.hospital.local',
      'audit/timeSync/lastSuccessfulSyncAt': { localDateTime: '3/1/2024 9:58:01 AM' },
      'audit/timeSync/pollIntervalSecs': 1024,
    });
  });
  it('two outputs in one file that differ are a UserError naming both lines; the same output twice is read', () => {
    const one = mr01Text('w32tm.txt');
    const unsynced = 'Leap Indicator: 3(not synchronized)\nStratum: 0 (unspecified)\nLast Successful Sync Time: unspecified\nSource: Local CMOS Clock\nPoll Interval: 10 (1024s)\n';
    const lines = one.split('\n').length;
    expectUserError(() => parser.parse(input('w32tm.txt', utf16(`${one}${unsynced}`))), 'w32tm.txt', new RegExp(`^line ${lines}$`), /"Leap Indicator:" is given twice, differently: "0\(no warning\)" on line 1, "3\(not synchronized\)" here/);
    expect(flat(parser.parse(input('w32tm.txt', utf16(`${one}${one}`))))['audit/timeSync/stratum']).toBe(3);
  });
  it('the NTP flags after the source name are dropped however the comma is spaced; a comma in a name that is not flags stays', () => {
    const withSource = (source: string) => flat(parser.parse(input('w32tm.txt', utf16(mr01Text('w32tm.txt').replace(/^Source: .*$/m, `Source: ${source}`)))))['audit/timeSync/source'];
    for (const s of ['ntp1.hospital.local,0x9', 'ntp1.hospital.local, 0x9', 'ntp1.hospital.local ,0X8 ']) expect(withSource(s), s).toBe('ntp1.hospital.local');
    expect(withSource('ntp1.hospital.local, primary')).toBe('ntp1.hospital.local, primary');
  });
  it('output cut before "Source:" is a UserError', () => {
    const text = mr01Text('w32tm.txt').split('\n').slice(0, 6).join('\n');
    expectUserError(() => parser.parse(input('w32tm.txt', utf16(text))), 'w32tm.txt', /^line \d+$/, /expected a "Source:" line/);
  });
  it('a file named like a known text export whose content is not one is a UserError, not "skipped"', () => {
    expectUserError(() => recognise(input('w32tm.txt', utf16('Der Befehl wurde erfolgreich ausgeführt.\n'))), 'w32tm.txt', /^line 1$/, /expected w32tm \/query \/status text .*first line: "Der Befehl/);
  });
});
