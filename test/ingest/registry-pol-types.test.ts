// registry.pol records of a value type the parser does not read (not a string, DWORD, QWORD or
// binary type): the value must not be read as something it is not, nor vanish. It is left out of
// the snapshot, ingest warns naming the file and the record, and a check reading it is not
// collected with the record named in the reason.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ingest from '../../src/ingest/index.js';
import { runAssess } from '../../src/assess/run.js';
import { observationOf } from '../support/observations.js';
import { absenceNotes } from '../../src/snapshot/coverage.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { buildPReg, input, materialiseDevice, mr01Files, mr01Text, utf16 } from './fixture-folder.js';

type Json = Record<string, any>;
// 0x99 is no registry value type: a damaged or foreign record.
const pol = buildPReg([
  { key: 'Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System', value: 'LegalNoticeCaption', type: 'REG_SZ', data: 'Authorized use only' },
  { key: 'System\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy', value: 'Enabled', type: 'REG_DWORD', data: 1, code: 0x99 },
  { key: 'Software\\Policies\\Test', value: 'Other', type: 'REG_DWORD', data: 1, code: 0x1234 },
]);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-pol-types-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('registry.pol records of a type the parser does not read', () => {
  it('are not read as values; each is warned of, naming the file and the record', () => {
    const p = ingest.parserFor('registry-pol').parse(input('registry.pol', pol));
    const labels = p.facts.map((f) => JSON.stringify(f.path));
    expect(labels.some((l) => /legalnoticecaption/i.test(l))).toBe(true);
    expect(labels.some((l) => /fipsalgorithmpolicy|\\\\other/i.test(l))).toBe(false);
    expect(p.warnings).toEqual([
      expect.stringMatching(/^registry\.pol: record 2 \[System\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy;Enabled\].*type 0x99.*not collected/),
      expect.stringMatching(/^registry\.pol: record 3 \[Software\\Policies\\Test;Other\].*type 0x1234.*not collected/),
    ]);
  });

  it('a check reading such a value is not collected, the record named in the reason; assess warns', async () => {
    const files = mr01Files();
    // FIPS mode comes from registry.pol alone here (not from the live registry's reg-lsa.reg, nor secedit.inf's [Registry Values]).
    files.delete('reg-lsa.reg');
    files.set('secedit.inf', utf16(mr01Text('secedit.inf').replace(/^MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled=.*\n/m, '')));
    files.set('registry.pol', pol);
    const made = materialiseDevice(files);
    const warnings: string[] = [];
    await runAssess({ inputs: [made], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: '2024-03-02T10:00:00Z', toolVersion: 'test', ingest, pdf: false, warn: (m) => warnings.push(m) });
    rmSync(made, { recursive: true, force: true });
    expect(warnings.some((w) => /registry\.pol: record 2 \[.*FIPSAlgorithmPolicy;Enabled\]/.test(w))).toBe(true);
    const ar: Json = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'));
    const o = observationOf(ar, 'MR-01', 'OS-FIPS');
    const prop = (n: string) => o.props.find((p: Json) => p.name === n)?.value as string | undefined;
    expect(prop('result')).toBe('not-collected');
    expect(`${prop('not-collected') ?? ''} ${prop('not-collected-reason') ?? ''}`).toMatch(/record 2 \[.*FIPSAlgorithmPolicy;Enabled\].*type 0x99/);
  });

  it('a check reading the registry value itself is told why too (any spelling of the hive and case)', () => {
    const snapshot = { coverage: [{ scope: 'hardening.registry.HKLM\\Software\\Policies\\Test\\Other', source: 'registry.pol', complete: false, note: 'not collected: record 3' }] } as unknown as Snapshot;
    expect(absenceNotes(snapshot, 'hardening.registry.HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Test\\Other')).toEqual(['the registry value HKLM\\Software\\Policies\\Test\\Other: registry.pol not collected: record 3']);
    expect(absenceNotes(snapshot, 'hardening.registry.HKLM\\SOFTWARE\\Policies\\Test\\Another')).toEqual([]);
  });
});
