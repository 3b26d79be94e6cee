// secedit /export (and GptTmpl.inf) write a number in plain decimal. 'LockoutBadCount = -0' read as
// 0 (never lock out), '+15' and '015' as 15 (015 is octal 13 to a reader of C's numbers): a shape
// secedit never writes is an edit or another tool's output, refused naming the file, section, key
// and line. Plain numbers (0, 15, -1, 4294967295) read as before.
import { describe, expect, it } from 'vitest';
import { parserFor, type ParsedExport } from '../../src/ingest/index.js';
import { input } from './fixture-folder.js';
import { expectUserError } from '../support/user-error.js';

const parser = parserFor('secedit-export');
const values = (p: ParsedExport): Record<string, unknown> =>
  Object.fromEntries(p.facts.map((f) => [f.path.map((s) => (typeof s === 'string' ? s : 'el' in s ? `[${s.el}]` : `{${s.key}}`)).join('/'), f.value]));

const inf = (systemAccess: string, registry = 'MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\EnableLUA=4,1') => `[Unicode]
Unicode=yes
[System Access]
MinimumPasswordLength = 14
${systemAccess}
[Registry Values]
${registry}
[Version]
signature="$CHICAGO$"
Revision=1
`;

describe('secedit numbers in plain decimal only', () => {
  for (const shape of ['-0', '+15', '015', '00', '15 x', '15.0', '0x0F']) {
    it(`LockoutBadCount = ${shape} is refused naming the key and line`, () => {
      const e = expectUserError(() => parser.parse(input('secedit.inf', inf(`LockoutBadCount = ${shape}`))), 'secedit.inf', /^\[System Access\] LockoutBadCount, line 5$/, new RegExp(`expected an integer for LockoutBadCount, found "${shape.replace(/[+.]/g, '\\$&')}"`));
      if (/^[-+0]/.test(shape) && !/x/.test(shape)) expect(e.message).toContain('secedit writes a number in plain decimal');
    });
  }

  it('EnableGuestAccount = 01 and a DWORD "4,+1" are refused', () => {
    expectUserError(() => parser.parse(input('secedit.inf', inf('EnableGuestAccount = 01'))), 'secedit.inf', /line 5$/, /expected 0 or 1 for EnableGuestAccount, found "01" \(secedit writes a number in plain decimal/);
    expectUserError(() => parser.parse(input('secedit.inf', inf('LockoutBadCount = 5', 'MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\EnableLUA=4,+1'))), 'secedit.inf', /EnableLUA, line 7$/, /expected a decimal DWORD after "4,", found "\+1" \(secedit writes a number in plain decimal/);
  });

  it('plain numbers read as before', () => {
    expect(values(parser.parse(input('secedit.inf', inf('LockoutBadCount = 15'))))['access/lockoutPolicy/local/threshold']).toBe(15);
    expect(values(parser.parse(input('secedit.inf', inf('LockoutBadCount = 0'))))['access/lockoutPolicy/local/threshold']).toBe(0);
    const v = values(parser.parse(input('secedit.inf', inf('MaximumPasswordAge = -1'))));
    expect(v['access/passwordPolicy/local/maxAgeDays']).toBe(-1);
  });
});
