// Registry values read as Windows reads them, and named by the type read.
// - A REG_MULTI_SZ ends at its first empty string: Windows' consumers stop there, so in
//   "A", "", "B" the B is not in force. The reader kept "A\n\nB", and an allow or deny list, or a
//   list of servers, counted B. It is now read up to the empty entry, with a warning and a note in
//   the value's location (reg export, REGEDIT4 and registry.pol alike; secedit's type 7 is its own
//   text, where ",," is a banner's blank line, and stays whole).
// - A string where Windows reads a DWORD was named "(REG_SZ)" whatever its type: the message and
//   the not-collected note now name the type read (REG_MULTI_SZ, REG_EXPAND_SZ, REG_BINARY).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parserFor } from '../../src/ingest/index.js';
import { buildPReg, input, mr01FolderWith, mr01Text, utf16 } from './fixture-folder.js';
import { BIN } from '../support/cli-scratch.js';
import { expectUserError } from '../support/user-error.js';

const POLICIES = 'reg-policies-system.reg';
const SERVERS = '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vendor\\Servers]';
// "A", "", "B", then the list's end: the empty second entry ends the list for Windows.
const A_EMPTY_B = 'hex(7):41,00,00,00,00,00,42,00,00,00,00,00';
const registryOf = (facts: ReadonlyArray<{ value: unknown; provenance: { location: string } }>, name: string) => facts.find((f) => f.provenance.location.includes(`"${name}"`) || f.provenance.location.includes(`;${name}]`));

function ingest(edits: Record<string, string>): { code: number | null; stderr: string; snapshot: Record<string, any> | undefined } {
  const folder = mr01FolderWith(edits);
  const outDir = mkdtempSync(join(tmpdir(), 'ato-read-as-windows-'));
  try {
    const out = join(outDir, 'out.json');
    const r = spawnSync(process.execPath, [BIN, 'ingest', folder, '--out', out], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    let snapshot: Record<string, any> | undefined;
    try {
      snapshot = JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      snapshot = undefined;
    }
    return { code: r.status, stderr: r.stderr, snapshot };
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}

describe('a REG_MULTI_SZ is read up to its first empty string, as Windows reads it', () => {
  it('reg export (UTF-16): "A", "", "B" reads as "A"; the location and a warning say the entry after the empty one is not in force', () => {
    const text = `${mr01Text(POLICIES)}\n${SERVERS}\n"Allowed"=${A_EMPTY_B}\n"Whole"=hex(7):41,00,00,00,42,00,00,00,00,00\n`;
    const p = parserFor('reg-export').parse(input(POLICIES, utf16(text)));
    const allowed = registryOf(p.facts, 'Allowed')!;
    expect(allowed.value).toBe('A');
    expect(allowed.provenance.location).toMatch(/REG_MULTI_SZ read up to its empty entry 2.*the 1 entry after it not in force/);
    expect(p.warnings.join('\n')).toMatch(/"Allowed".*holds an empty string as entry 2: .*the 1 entry after it is not in force/);
    // A list without an empty entry is read whole, as before, without a word.
    expect(registryOf(p.facts, 'Whole')!.value).toBe('A\nB');
    expect(p.warnings.join('\n')).not.toMatch(/"Whole"/);
  });

  it('an empty entry first leaves no entry in force; trailing empty strings (the list\'s end) are no cut', () => {
    const text = `${mr01Text(POLICIES)}\n${SERVERS}\n"First"=hex(7):00,00,41,00,00,00,00,00\n"Ends"=hex(7):41,00,00,00,00,00,00,00\n`;
    const p = parserFor('reg-export').parse(input(POLICIES, utf16(text)));
    expect(registryOf(p.facts, 'First')!.value).toBe('');
    expect(registryOf(p.facts, 'Ends')!.value).toBe('A');
    expect(p.warnings.join('\n')).toMatch(/"First".*entry 1/);
    expect(p.warnings.join('\n')).not.toMatch(/"Ends"/);
  });

  it('REGEDIT4 (ANSI) export: one byte a character, the same rule', () => {
    const text = `REGEDIT4\n\n${SERVERS}\n"Allowed"=hex(7):41,00,00,42,00,00\n`;
    const p = parserFor('reg-export').parse(input(POLICIES, Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1')));
    expect(registryOf(p.facts, 'Allowed')!.value).toBe('A');
    expect(p.warnings.join('\n')).toMatch(/entry 2/);
  });

  it('registry.pol: a type-7 record "A", "", "B" reads as "A", naming the record', () => {
    const pol = buildPReg([{ key: 'Software\\Policies\\Vendor\\Servers', value: 'Allowed', type: 'REG_MULTI_SZ', data: ['A', '', 'B'] }]);
    const p = parserFor('registry-pol').parse(input('registry.pol', pol));
    const allowed = registryOf(p.facts, 'Allowed')!;
    expect(allowed.value).toBe('A');
    expect(allowed.provenance.location).toMatch(/record 1.*empty entry 2/);
    expect(p.warnings.join('\n')).toMatch(/record 1: .*\[Software\\Policies\\Vendor\\Servers;Allowed\].*entry 2/);
  });

  it('secedit\'s type 7 keeps an empty entry: there it is a banner\'s blank line, not the end of registry data', () => {
    const text = mr01Text('secedit.inf').replace(/LegalNoticeText=7,[^\n]*/, 'LegalNoticeText=7,Para one.,,Para two.');
    const p = parserFor('secedit-export').parse(input('secedit.inf', utf16(text)));
    expect(p.facts.map((f) => f.value)).toContain('Para one.\n\nPara two.');
  });

  it('through the CLI: the snapshot holds "A" with the note in its provenance, and ingest warns', () => {
    const r = ingest({ [POLICIES]: `${mr01Text(POLICIES)}\n${SERVERS}\n"Allowed"=${A_EMPTY_B}\n` });
    expect(r.code, r.stderr).toBe(0);
    const key = Object.keys(r.snapshot!.hardening.registry).find((k) => k.endsWith('\\Servers\\Allowed'))!;
    expect(r.snapshot!.hardening.registry[key]).toBe('A');
    expect(r.snapshot!.provenance[`/hardening/registry/${key}`].location).toMatch(/empty entry 2/);
    expect(r.stderr).toMatch(/warning: reg-policies-system\.reg: .*"Allowed".*not in force/);
  });
});

describe('a string where Windows reads a DWORD is named by the type read', () => {
  const timeout = (data: string) => ingest({ [POLICIES]: mr01Text(POLICIES).replace(/^"InactivityTimeoutSecs"=.*$/m, `"InactivityTimeoutSecs"=${data}`) });

  for (const [data, type, what] of [
    ['hex(7):39,00,30,00,30,00,00,00,00,00', 'REG_MULTI_SZ', 'multi-string'],
    ['hex(2):39,00,30,00,30,00,00,00', 'REG_EXPAND_SZ', 'expandable string'],
    ['"900"', 'REG_SZ', 'string'],
    ['hex:84,03,00,00', 'REG_BINARY', 'binary data'],
  ] as const) {
    it(`${type}: the warning and the not-collected note say ${type}, never another type`, () => {
      const r = timeout(data);
      expect(r.code, r.stderr).toBe(0);
      const warning = r.stderr.split('\n').find((l) => l.includes('InactivityTimeoutSecs') && l.includes('where Windows reads a DWORD'))!;
      expect(warning).toContain(`is the ${what} `);
      expect(warning).toContain(`(${type})`);
      const note = (r.snapshot!.coverage as Array<{ scope: string; note?: string }>).find((c) => /InactivityTimeoutSecs$/i.test(c.scope))!.note!;
      expect(note).toContain(`(${type})`);
      for (const other of ['REG_SZ', 'REG_MULTI_SZ', 'REG_EXPAND_SZ', 'REG_BINARY'].filter((t) => t !== type)) expect(`${warning}\n${note}`).not.toContain(`(${other})`);
      expect(r.snapshot!.access?.screenLock?.inactivityTimeoutSecs).toBeUndefined();
    });
  }
});

describe('a registry.pol record of the wrong size is named by its own type', () => {
  it('a REG_DWORD_BIG_ENDIAN (type 5) of 3 bytes is refused as such, not as a REG_DWORD', () => {
    const pol = buildPReg([{ key: 'Software\\Policies\\Vendor', value: 'Big', type: 'REG_BINARY', data: '000003', code: 5 }]);
    expectUserError(() => parserFor('registry-pol').parse(input('registry.pol', pol)), 'registry.pol', /record 1/, /expected 4 bytes of data for a REG_DWORD_BIG_ENDIAN, found 3/);
  });
});
