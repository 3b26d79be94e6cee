// A CSV line of a million commas (a garbled or hostile file) was read as a million fields (4.4 s, 550 MB) before
// anything refused it. A record of more than 1,000 fields is refused, naming the file and the line it starts on;
// a record of 1,000 fields (far more than any export's columns) is still read.
import { describe, expect, it } from 'vitest';
import { ingestInputs } from '../../src/ingest/index.js';
import { readCsvTable } from '../../src/ingest/csv.js';
import { userErrorOf } from '../support/user-error.js';
import { input, mr01Files } from './fixture-folder.js';

const header = (n: number) => Array.from({ length: n }, (_, i) => `C${i}`).join(',');

describe('a CSV record of too many fields', () => {
  it('1,000 columns are read', () => {
    const t = readCsvTable(`${header(1000)}\n${'x,'.repeat(999)}x\n`, 'wide.csv', 'a CSV export', ['C0']);
    expect(t.header).toHaveLength(1000);
    expect(t.rows[0]!.get('C999')).toBe('x');
  });

  it('1,001 fields in the header, or in a row after a quoted line break, are refused naming the line the record starts on', () => {
    const e = userErrorOf(() => readCsvTable(`${header(1001)}\n`, 'wide.csv', 'a CSV export', []));
    expect(e.file).toBe('wide.csv');
    expect(e.where).toBe('line 1');
    expect(e.message).toMatch(/more than 1000 fields on one record/);
    const row = userErrorOf(() => readCsvTable(`"a","b"\n"1","two\nlines"\n"3",${','.repeat(1000)}\n`, 'wide.csv', 'a CSV export', []));
    expect(row.where).toBe('line 4');
  });

  it('a million commas in an export of the folder: refused naming the export and its line, quickly', () => {
    const files = mr01Files();
    files.set('firewall-rules.csv', Buffer.from(`Name,DisplayName,Enabled,Direction,Action${','.repeat(1_000_000)}\r\n`, 'utf8'));
    const started = Date.now();
    const e = userErrorOf(() => ingestInputs([...files].map(([n, b]) => input(n, b)), 'exports/MR-01'));
    expect(e.file).toBe('firewall-rules.csv');
    expect(e.where).toBe('line 1');
    expect(e.message).toMatch(/more than 1000 fields/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
