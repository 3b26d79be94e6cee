// secedit /export INF and GPO GptTmpl.inf: encodings, case, comments, malformed input.
import { describe, expect, it } from 'vitest';
import { parserFor, recognise, sniffKind, type ParsedExport } from '../../src/ingest/index.js';
import { encodeAs, input, mr01Input, mr01Text, utf16 } from './fixture-folder.js';
import { expectUserError } from '../support/user-error.js';

const parser = parserFor('secedit-export');
const values = (p: ParsedExport): Record<string, unknown> =>
  Object.fromEntries(p.facts.map((f) => [f.path.map((s) => (typeof s === 'string' ? s : 'el' in s ? `[${s.el}]` : `{${s.key}}`)).join('/'), f.value]));

const MINIMAL = `[Unicode]
Unicode=yes
[System Access]
MinimumPasswordLength = 14
LockoutBadCount = 0
RequireLogonToChangePassword = 0
[Version]
signature="$CHICAGO$"
Revision=1
`;

describe('secedit /export INF', () => {
  it('reads the fixture export as Windows writes it (UTF-16LE + BOM + CRLF) and recognises it as the console\'s own export', () => {
    const inp = mr01Input('secedit.inf');
    expect(inp.bytes.subarray(0, 4)).toEqual(Buffer.from([0xff, 0xfe, 0x5b, 0x00]));
    expect(inp.bytes.includes(Buffer.from('\r\0\n\0', 'latin1'))).toBe(true);
    expect(sniffKind(inp)).toBe('secedit-export');
    const v = values(parser.parse(inp));
    expect(v['access/passwordPolicy/local/minLength']).toBe(12);
    expect(v['access/lockoutPolicy/local/threshold']).toBe(5);
    expect(v['access/accounts/[builtin:administrator]/name']).toBe('mradmin');
    expect(v['access/accounts/[builtin:administrator]/enabled']).toBe(false);
    expect(v['access/accounts/[builtin:guest]/enabled']).toBe(false);
    expect(v['audit/securityPrivilegeHolders']).toEqual(['S-1-5-32-544']);
    expect(v['hardening/registry/{hklm\\software\\microsoft\\windows\\currentversion\\policies\\system\\legalnoticecaption}']).toBe('Authorized use only');
    // REG_MULTI_SZ (type 7): commas separate lines, a quoted "," is a literal comma
    expect(v['hardening/registry/{hklm\\software\\microsoft\\windows\\currentversion\\policies\\system\\legalnoticetext}']).toBe('This console is for authorized clinical use only.\nActivity is logged, and monitored.');
  });

  it('gives the same values for a UTF-8 re-save (with and without BOM, LF or CRLF) as for the UTF-16 original', () => {
    const text = mr01Text('secedit.inf');
    const reference = values(parser.parse(input('secedit.inf', utf16(text))));
    for (const bytes of [encodeAs(text, 'utf-8'), encodeAs(text, 'utf-8-bom'), Buffer.from(text, 'utf8')]) {
      const inp = input('secedit.inf', bytes);
      expect(sniffKind(inp)).toBe('secedit-export');
      expect(values(parser.parse(inp))).toEqual(reference);
    }
  });

  it('treats section and key names case-insensitively and skips ; comments and blank lines', () => {
    const text = `; exported by hand
[unicode]
unicode=yes

[SYSTEM ACCESS]
; the DISA value
minimumpasswordlength = 15
LOCKOUTBADCOUNT=3
requirelogontochangepassword = 0
[registry values]
machine\\software\\microsoft\\windows\\currentversion\\policies\\system\\InactivityTimeoutSecs=4,600
[version]
Signature="$CHICAGO$"
`;
    const v = values(parser.parse(input('policy.inf', utf16(text))));
    expect(v['access/passwordPolicy/local/minLength']).toBe(15);
    expect(v['access/lockoutPolicy/local/threshold']).toBe(3);
    expect(v['hardening/registry/{hklm\\software\\microsoft\\windows\\currentversion\\policies\\system\\inactivitytimeoutsecs}']).toBe(600);
  });

  it('records section, key and line in the provenance', () => {
    const p = parser.parse(input('secedit.inf', utf16(MINIMAL)));
    const f = p.facts.find((x) => x.path.join('/') === 'access/lockoutPolicy/local/threshold');
    expect(f?.provenance).toEqual({ file: 'secedit.inf', sha256: input('x', utf16(MINIMAL)).sha256, location: '[System Access] LockoutBadCount, line 5' });
    expect(f?.value).toBe(0); // 0 = never locks: kept as 0, not "small"
  });

  it('tells a GPO template from the console\'s export by content, not by name', () => {
    const gpo = MINIMAL.replace('RequireLogonToChangePassword = 0\n', '');
    expect(sniffKind(input('secedit.inf', utf16(gpo)))).toBe('gpo-template');
    expect(sniffKind(input('GptTmpl.inf', utf16(MINIMAL)))).toBe('secedit-export');
    expect(sniffKind(input('anything.bin', utf16(MINIMAL)))).toBe('secedit-export');
  });

  it('keeps MaximumPasswordAge -1 and LockoutDuration -1 (never expires / until an administrator unlocks)', () => {
    const text = MINIMAL.replace('LockoutBadCount = 0', 'LockoutBadCount = 3\nLockoutDuration = -1\nMaximumPasswordAge = -1');
    const v = values(parser.parse(input('secedit.inf', utf16(text))));
    expect(v['access/lockoutPolicy/local/durationMinutes']).toBe(-1);
    expect(v['access/passwordPolicy/local/maxAgeDays']).toBe(-1);
  });
});

describe('malformed INF files are UserErrors naming file, line and what was expected', () => {
  it('truncated UTF-16 file: cut inside a line (no final CRLF)', () => {
    const full = utf16(mr01Text('secedit.inf'));
    const cut = full.subarray(0, 2 + 2 * 200);
    expectUserError(() => parser.parse(input('secedit.inf', cut)), 'secedit.inf', /^line \d+$/, /cut short.*expected a security template INF/);
  });

  it('truncated UTF-16 file: odd number of bytes', () => {
    const full = utf16(mr01Text('secedit.inf'));
    expectUserError(() => parser.parse(input('secedit.inf', full.subarray(0, 301))), 'secedit.inf', /^line \d+$/, /cut short.*even number of bytes/);
  });

  it('no [Version] section but every line whole (a hand-edited template, or a file cut at a line end): read, with a warning naming the last line', () => {
    const text = mr01Text('secedit.inf');
    const cut = text.slice(0, text.indexOf('[Privilege Rights]'));
    const lines = cut.split('\n').length - 1;
    const p = parser.parse(input('secedit.inf', utf16(cut)));
    expect(values(p)['access/lockoutPolicy/local/threshold']).toBe(5);
    expect(p.warnings).toEqual([`secedit.inf: no [Version] section (signature="$CHICAGO$"): read as a hand-edited template. secedit and Group Policy always write one, so if Windows wrote this file it was cut short after line ${lines} and its last section, [Registry Values], may be incomplete`]);
  });

  it('no [Version] section and the last line cut inside (UTF-8, no final line break): an error naming that line', () => {
    const text = MINIMAL.slice(0, MINIMAL.indexOf('[Version]')) + 'LockoutDura';
    const lines = text.split('\n').length;
    expectUserError(() => parser.parse(input('secedit.inf', Buffer.from(text, 'utf8'))), 'secedit.inf', new RegExp(`^line ${lines}$`), /cut short: no \[Version\] section, and its last line has no line break/);
  });

  it('a file cut mid-section, inside a key, is an error with its line even when it ends with a line break', () => {
    const text = MINIMAL.slice(0, MINIMAL.indexOf('LockoutBadCount')) + 'LockoutBad\n';
    expectUserError(() => parser.parse(input('secedit.inf', utf16(text))), 'secedit.inf', /^\[System Access\], line 5$/, /expected "Key = value" in \[System Access\], found "LockoutBad"/);
  });

  it('a [Version] section with a wrong signature is still an error', () => {
    const text = MINIMAL.replace('signature="$CHICAGO$"', 'signature="$WHATEVER$"');
    expectUserError(() => parser.parse(input('secedit.inf', utf16(text))), 'secedit.inf', /^\[Version\], line 7$/, /expected signature="\$CHICAGO\$" in the \[Version\] section/);
  });

  it('binary garbage named .inf', () => {
    const garbage = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256));
    const inp = input('policy.inf', garbage);
    expectUserError(() => recognise(inp), 'policy.inf', /^line \d+$/, /expected secedit \/export INF .*found binary data/);
  });

  it('a key line without "="', () => {
    const text = MINIMAL.replace('LockoutBadCount = 0', 'LockoutBadCount 0');
    expectUserError(() => parser.parse(input('secedit.inf', utf16(text))), 'secedit.inf', /^\[System Access\], line 5$/, /expected "Key = value"/);
  });

  it('a non-integer policy value', () => {
    const text = MINIMAL.replace('LockoutBadCount = 0', 'LockoutBadCount = three');
    expectUserError(() => parser.parse(input('secedit.inf', utf16(text))), 'secedit.inf', /^\[System Access\] LockoutBadCount, line 5$/, /expected an integer for LockoutBadCount, found "three"/);
  });

  it('a policy number beyond the 32 bits Windows keeps it in is refused, not read as a long password rule', () => {
    // Found by mutation-fuzzing the fixture folder: MinimumPasswordLength = 4294967296 (2^32) was
    // read as such and PWD-MIN-LENGTH passed; Windows stores the value in a DWORD, so no secedit
    // export carries it: the file was edited or garbled.
    const big = MINIMAL.replace('MinimumPasswordLength = 14', 'MinimumPasswordLength = 4294967296');
    expectUserError(() => parser.parse(input('secedit.inf', utf16(big))), 'secedit.inf', /^\[System Access\] MinimumPasswordLength, line 4$/, /expected an integer for MinimumPasswordLength, found "4294967296" \(beyond the 32 bits/);
    const reg = MINIMAL.replace('[Version]', '[Registry Values]\nMACHINE\\Software\\X\\Y=4,99999999999\n[Version]');
    expectUserError(() => parser.parse(input('secedit.inf', utf16(reg))), 'secedit.inf', /^\[Registry Values\] MACHINE\\Software\\X\\Y, line 8$/, /expected a decimal DWORD after "4,"/);
    // The 32-bit range itself, signed (-1: never) or unsigned, is read.
    const edge = MINIMAL.replace('MinimumPasswordLength = 14', 'MinimumPasswordLength = 4294967295\nMaximumPasswordAge = -1');
    const v = values(parser.parse(input('secedit.inf', utf16(edge))));
    expect(v['access/passwordPolicy/local/minLength']).toBe(4294967295);
    expect(v['access/passwordPolicy/local/maxAgeDays']).toBe(-1);
  });

  it('a registry value without type', () => {
    const text = MINIMAL.replace('[Version]', '[Registry Values]\nMACHINE\\Software\\X\\Y=900\n[Version]');
    expectUserError(() => parser.parse(input('secedit.inf', utf16(text))), 'secedit.inf', /^\[Registry Values\] MACHINE\\Software\\X\\Y, line 8$/, /expected "path=type,value"/);
  });

  it('an unclosed section header', () => {
    const text = MINIMAL.replace('[System Access]', '[System Access');
    expectUserError(() => parser.parse(input('secedit.inf', utf16(text))), 'secedit.inf', /^line 3$/, /expected a section header "\[Name\]"/);
  });

  it('an empty file named .inf', () => {
    expectUserError(() => recognise(input('secedit.inf', Buffer.alloc(0))), 'secedit.inf', /^line 1$/, /the file is empty; expected secedit \/export INF/);
  });
});
