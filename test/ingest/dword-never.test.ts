// A secedit template's MaximumPasswordAge / LockoutDuration of 4294967295: the same 32-bit number as
// -1 ("never"), as some tools write it unsigned. It stopped the whole ingest (schema: "must be <=
// 999"); it is read as -1, so PWD-MAX-AGE fails on passwords that never expire, never passes.
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { ingestFolder, parserFor, type ParsedExport } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { input, mr01FolderWith, mr01Text, utf16 } from './fixture-folder.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const parser = parserFor('secedit-export');
const valueAt = (p: ParsedExport, path: string): unknown => p.facts.find((f) => f.path.join('/') === path)?.value;

describe('a DWORD "never" written unsigned (4294967295) in secedit\'s [System Access]', () => {
  it('MaximumPasswordAge and LockoutDuration read as -1 (never), the location saying why; other keys keep the number', () => {
    const text = mr01Text('secedit.inf')
      .replace(/^MaximumPasswordAge = .*$/m, 'MaximumPasswordAge = 4294967295')
      .replace(/^LockoutDuration = .*$/m, 'LockoutDuration = 4294967295');
    const p = parser.parse(input('secedit.inf', utf16(text)));
    expect(valueAt(p, 'access/passwordPolicy/local/maxAgeDays')).toBe(-1);
    expect(valueAt(p, 'access/lockoutPolicy/local/durationMinutes')).toBe(-1);
    const at = p.facts.find((f) => f.path.join('/') === 'access/passwordPolicy/local/maxAgeDays')!.provenance.location;
    expect(at).toMatch(/MaximumPasswordAge, line 5 \(4294967295: the 32-bit -1, never\)/);
    // 4294967294 is no "never": kept as the number, which the snapshot's schema refuses by name.
    const other = parser.parse(input('secedit.inf', utf16(text.replace('MaximumPasswordAge = 4294967295', 'MaximumPasswordAge = 4294967294'))));
    expect(valueAt(other, 'access/passwordPolicy/local/maxAgeDays')).toBe(4294967294);
  });

  it('through ingest: the export is read whole and PWD-MAX-AGE fails (passwords never expire)', async () => {
    const dir = mr01FolderWith({
      'secedit.inf': mr01Text('secedit.inf').replace(/^MaximumPasswordAge = .*$/m, 'MaximumPasswordAge = 4294967295'),
      'net-accounts.txt': mr01Text('net-accounts.txt').replace(/^Maximum password age \(days\):.*$/m, 'Maximum password age (days):                          Unlimited'),
    });
    try {
      const { snapshot } = await ingestFolder(dir);
      expect(snapshot.access?.passwordPolicy?.local?.maxAgeDays).toBe(-1);
      expect(snapshot.access?.passwordPolicy?.local?.minLength).toBe(12);
      const r = evaluateCheck(catalog.checks.find((c) => c.id === 'PWD-MAX-AGE')!, snapshot, params, { now: snapshot.collectedAt });
      expect(r.status).toBe('fail');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
