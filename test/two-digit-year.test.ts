// A console whose culture writes the year with two digits ("M/d/yy": w32tm prints "3/1/24 9:58:01
// AM") was read in 2000-2099 silently: the century is a guess (Windows' own cut-off is a setting
// the export does not give). It is now read both ways, 1924 and 2024, and a check decides only
// when both readings agree (else not collected), as for a date whose culture is not named.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { evaluateCheck } from '../src/evaluate/evaluate-check.js';
import { readingsOf } from '../src/ingest/datetime.js';
import { ingestFolder } from '../src/ingest/index.js';
import { resolveParameters } from '../src/params/resolve.js';

const catalog = loadCatalog();
const SYNC = catalog.checks.find((c) => c.id === 'TIME-SYNC')!;
const defaults = resolveParameters(catalog.parameters, [], []).params;
const root = mkdtempSync(join(tmpdir(), 'ato-yy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a two-digit year names no century', () => {
  it('is read in both centuries, earliest first; a day only one of them has gives one reading', () => {
    const years = (text: string, pattern: string) => readingsOf(text, pattern, 'h:mm:ss tt').map((r) => r.parts.year);
    expect(years('3/1/24 9:58:01 AM', 'M/d/yy')).toEqual([1924, 2024]);
    // 29 February 1900 did not exist (not a leap year), 29 February 2000 did.
    expect(years('2/29/00 9:58:01 AM', 'M/d/yy')).toEqual([2000]);
    expect(years('3/1/2024 9:58:01 AM', 'M/d/yyyy')).toEqual([2024]);
  });

  it('w32tm\'s last sync "3/1/24" under a "M/d/yy" culture: kept as both readings, TIME-SYNC not collected', async () => {
    const dir = join(root, 'mr-01');
    cpSync('test/fixtures/exports/mr-01', dir, { recursive: true });
    const edit = (file: string, a: string, b: string) => {
      const t = readFileSync(join(dir, file), 'utf8');
      expect(t.includes(a), `${file} holds ${a}`).toBe(true);
      writeFileSync(join(dir, file), t.replace(a, b));
    };
    edit('collection.json', '"M/d/yyyy"', '"M/d/yy"');
    edit('w32tm.txt', '3/1/2024 9:58:01 AM', '3/1/24 9:58:01 AM');
    const { snapshot, warnings } = await ingestFolder(dir);
    expect(snapshot.audit?.timeSync?.lastSuccessfulSyncAt).toBe('1924-03-01T09:58:01+01:00/2024-03-01T09:58:01+01:00');
    expect(warnings.join('\n')).toMatch(/writes the year with two digits/);
    const r = evaluateCheck(SYNC, snapshot, defaults, { now: '2024-03-02T00:00:00Z' });
    expect(r.status).toBe('not-collected');
    expect(JSON.stringify(r)).toMatch(/depends on how the date is read/);
  });
});
