// reg export (.reg, UTF-16LE) and registry.pol (binary PReg).
import { describe, expect, it } from 'vitest';
import { parserFor, recognise, registryValue, sniffKind, type ParsedExport } from '../../src/ingest/index.js';
import { buildPReg, input, mr01Input, mr01Text, utf16 } from './fixture-folder.js';
import { expectUserError } from '../support/user-error.js';

const reg = (p: ParsedExport): Record<string, unknown> =>
  Object.fromEntries(p.facts.map((f) => {
    const last = f.path[f.path.length - 1];
    return [typeof last === 'object' && 'label' in last ? last.label : '?', f.value];
  }));

describe('reg export files', () => {
  const parser = parserFor('reg-export');
  it('reads dword, string, hex(2), hex(7) and hex values, with "\\" continuation lines, under canonical hive names', () => {
    const inp = mr01Input('reg-policies.reg');
    expect(inp.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(sniffKind(inp)).toBe('reg-export');
    const v = reg(parser.parse(inp));
    expect(v['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\EventLog\\Security\\MaxSize']).toBe(1024000);
    expect(v['HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002\\EccCurves']).toBe('NistP384\nNistP256');
    expect(v['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell\\Transcription\\OutputDirectory']).toBe('C:\\ProgramData\\PS_Transcript');
    const lsa = reg(parser.parse(mr01Input('reg-lsa.reg')));
    expect(lsa['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy\\Enabled']).toBe(1);
    expect(lsa['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Bounds']).toBe('hex:0030000000200000');
    expect(lsa['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Authentication Packages']).toBe('msv1_0');
    const desk = reg(parser.parse(mr01Input('reg-desktop.reg')));
    expect(desk['HKCU\\Control Panel\\Desktop\\ScreenSaveTimeOut']).toBe('600');
    expect(desk['HKCU\\Control Panel\\Desktop\\WallPaper']).toBe('C:\\Program Files\\Acme\\Lumen\\res\\wallpaper.jpg');
  });
  it('records key, value name and line in the provenance', () => {
    const p = parser.parse(mr01Input('reg-policies-system.reg'));
    const f = p.facts.find((x) => JSON.stringify(x.path).includes('inactivitytimeoutsecs'));
    expect(f?.value).toBe(900);
    expect(f?.provenance.location).toBe('[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System] "InactivityTimeoutSecs", line 42');
  });
  it('reads the default value (@) and skips deleted keys and values', () => {
    const text = 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n@="d"\n"Gone"=-\n\n[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Y]\n\n';
    expect(reg(parser.parse(input('x.reg', utf16(text))))).toEqual({ 'HKLM\\SOFTWARE\\X\\(Default)': 'd' });
  });
  it('a file cut inside a continued hex list is a UserError', () => {
    const text = mr01Text('reg-usbstor.reg');
    const cut = text.slice(0, text.indexOf('\\\n', text.indexOf('"ImagePath"')) + 2);
    expectUserError(() => parser.parse(input('reg-usbstor.reg', utf16(cut))), 'reg-usbstor.reg', /^line \d+$/, /cut short|continued/);
  });
  it('a hex value continued with "\\" whose continuation lines are missing is a UserError naming the line, never decoded from what is left', () => {
    const text = mr01Text('reg-usbstor.reg');
    // Owners=hex(7) ends with "\" on line 12; its continuation (line 13) deleted, the blank line, a key header or a comment follows.
    const lost = text.replace('  00,00,00,00,00\n', '');
    expectUserError(() => parser.parse(input('reg-usbstor.reg', utf16(lost))), 'reg-usbstor.reg', /^line 13$/, /expected hex bytes continuing the value on line 12, which ends with "\\", found an empty line/);
    const beforeKey = text.replace('  00,00,00,00,00\n\n', '');
    expectUserError(() => parser.parse(input('reg-usbstor.reg', utf16(beforeKey))), 'reg-usbstor.reg', /^line 13$/, /continuing the value on line 12.*found "\[HKEY_LOCAL_MACHINE/);
    // ImagePath=hex(2) over lines 7-10: its last line deleted, line 9's "\" is followed by the next value.
    const imagePath = text.replace('  52,00,2e,00,53,00,59,00,53,00,00,00\n', '');
    expectUserError(() => parser.parse(input('reg-usbstor.reg', utf16(imagePath))), 'reg-usbstor.reg', /^line 10$/, /continuing the value of line 7 \(line 9 ends with "\\"\), found the value line "\\"DisplayName\\"="/);
  });
  it('a UTF-16 file without its final line break (cut mid-line) is a UserError', () => {
    const text = mr01Text('reg-usbstor.reg');
    const cut = text.slice(0, text.indexOf('"Start"') + 12);
    expectUserError(() => parser.parse(input('reg-usbstor.reg', utf16(cut))), 'reg-usbstor.reg', /^line 5$/, /cut short: its last line has no line break/);
  });
  it('re-saved as UTF-8 without its final line break it is read, but a last line stopping inside a value is refused (driver: reg-lsa.reg cut at "dword:00000" read EveryoneIncludesAnonymous as 0)', () => {
    const text = mr01Text('reg-lsa.reg');
    const at = text.indexOf('"everyoneincludesanonymous"=dword:');
    const line = text.slice(0, at).split('\n').length;
    for (const cut of [at + '"everyoneincludesanonymous"=dword:00000'.length, at + '"everyoneincludesanonymous"=dword:'.length]) {
      expectUserError(() => parser.parse(input('reg-lsa.reg', Buffer.from(text.slice(0, cut), 'utf8'))), 'reg-lsa.reg', new RegExp(`^line ${line}$`), /cut short: its last line has no line break and stops inside a value/);
    }
    const usb = mr01Text('reg-usbstor.reg');
    const hexCut = usb.slice(0, usb.indexOf('  00,00,00,00,00') + '  00,00,0'.length);
    expectUserError(() => parser.parse(input('reg-usbstor.reg', Buffer.from(hexCut, 'utf8'))), 'reg-usbstor.reg', /^line \d+$/, /cut short/);
    // Whole values without the final line break: read as they are.
    const whole = text.slice(0, at + '"everyoneincludesanonymous"=dword:00000000'.length);
    expect(reg(parser.parse(input('reg-lsa.reg', Buffer.from(whole, 'utf8'))))['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\everyoneincludesanonymous']).toBe(0);
  });
  it('a malformed dword is a UserError with its line', () => {
    const text = mr01Text('reg-usbstor.reg').replace('"Start"=dword:00000004', '"Start"=dword:4x');
    expectUserError(() => parser.parse(input('reg-usbstor.reg', utf16(text))), 'reg-usbstor.reg', /^line 5$/, /expected dword:xxxxxxxx/);
  });
  it('a .reg file that is not a reg export is a UserError, not "skipped"', () => {
    expectUserError(() => recognise(input('reg-lsa.reg', utf16('just some notes\n'))), 'reg-lsa.reg', /^line 1$/, /expected reg export file/);
  });
});

describe('registry.pol (PReg)', () => {
  const parser = parserFor('registry-pol');
  const pol = buildPReg([
    { key: 'Software\\Policies\\Microsoft\\FVE', value: 'UseTPMPIN', type: 'REG_DWORD', data: 1 },
    { key: 'Software\\Policies\\Microsoft\\FVE', value: '**del.MinimumPIN', type: 'REG_SZ', data: ' ' },
    { key: 'Software\\Policies\\Microsoft\\Windows\\System', value: 'ShellSmartScreenLevel', type: 'REG_SZ', data: 'Block' },
    { key: 'Software\\Policies\\Test', value: 'Big', type: 'REG_QWORD', data: 2 ** 40 },
    { key: 'Software\\Policies\\Test', value: 'Bin', type: 'REG_BINARY', data: '00ff' },
  ]);
  it('reads records as HKLM values and skips ** instructions', () => {
    const p = parser.parse(input('registry.pol', pol));
    expect(reg(p)).toEqual({
      'HKLM\\Software\\Policies\\Microsoft\\FVE\\UseTPMPIN': 1,
      'HKLM\\Software\\Policies\\Microsoft\\Windows\\System\\ShellSmartScreenLevel': 'Block',
      'HKLM\\Software\\Policies\\Test\\Big': 2 ** 40,
      'HKLM\\Software\\Policies\\Test\\Bin': 'hex:00ff',
    });
    expect(p.facts[0]?.provenance.location).toMatch(/^\[Software\\Policies\\Microsoft\\FVE;UseTPMPIN\] record 1, bytes 8-\d+$/);
  });
  it('is recognised by its "PReg" signature whatever its name', () => {
    expect(sniffKind(input('whatever.bin', pol))).toBe('registry-pol');
  });
  it('every truncation is a UserError naming a byte offset', () => {
    for (const n of [9, 20, 60, 100, pol.length - 1]) {
      expectUserError(() => parser.parse(input('registry.pol', pol.subarray(0, n))), 'registry.pol', /^byte \d+ \(record \d+\)$/, /cut short/);
    }
  });
  it('a corrupted delimiter is a UserError', () => {
    const bad = Buffer.from(pol);
    bad.writeUInt16LE(0x21, 8); // "[" -> "!"
    expectUserError(() => parser.parse(input('registry.pol', bad)), 'registry.pol', /^byte 8 \(record 1\)$/, /expected "\[" opening a record/);
  });
  it('a .pol file without the PReg signature is a UserError', () => {
    expectUserError(() => recognise(input('registry.pol', Buffer.from('REGF0000garbage-garbage'))), 'registry.pol', /^line 1$/, /expected registry.pol \(PReg\)/);
  });
});

describe('registryValue (lookup for checks)', () => {
  it('finds a value case-insensitively and with any hive spelling', () => {
    const reg = { 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\InactivityTimeoutSecs': 900 };
    expect(registryValue(reg, 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\InactivityTimeoutSecs')).toBe(900);
    expect(registryValue(reg, 'MACHINE\\software\\microsoft\\windows\\currentversion\\policies\\system\\inactivitytimeoutsecs')).toBe(900);
    expect(registryValue(reg, 'HKLM\\SOFTWARE\\Other')).toBeUndefined();
    expect(registryValue(undefined, 'HKLM\\X')).toBeUndefined();
  });
});
