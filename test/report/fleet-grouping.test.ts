// Fleet scale: results grouped by check × verdict × what was found, device ids as ranges, and the
// per-device CSV neutralised against formula injection.
import { describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { compactIds, groupResults } from '../../src/report/group.js';
import { csvCell, resultsCsvLines } from '../../src/report/results-csv.js';
import { devicesCsvLines, foldManifest } from '../../src/report/fleet.js';
import type { ReportResult } from '../../src/report/model.js';

const result = (deviceId: string, checkId: string, status: ReportResult['status'], found: string): ReportResult => ({
  deviceId, checkId, status, observed: 'raw', expected: 'raw expected', evidence: [{ file: `evidence/${deviceId}.json`, sha256: 'ab'.repeat(32) }],
  plain: { found, required: 'Required text', where: 'Local Security Policy' },
});

describe('grouped results', () => {
  it('names 17 consecutive consoles as one range, and keeps others apart', () => {
    const ids = [...Array.from({ length: 17 }, (_, i) => `MR-${String(i + 1).padStart(2, '0')}`), 'CT-07', 'CT-09', 'LAB-01'];
    expect(compactIds(ids.reverse()).runs).toEqual(['CT-07', 'CT-09', 'LAB-01', 'MR-01–MR-17']);
    const many = compactIds(Array.from({ length: 100 }, (_, i) => `D-${i * 2}`), 10);
    expect(many.runs).toHaveLength(10);
    expect(many.more).toBe(90);
  });

  it('makes one group per check × verdict × finding: the number of groups follows distinct failures, not devices', () => {
    const fleet = (n: number) => {
      const out: ReportResult[] = [];
      for (let i = 0; i < n; i++) {
        const id = `IMG-${String(i).padStart(5, '0')}`;
        out.push(result(id, 'LOCKOUT-THRESHOLD', i % 10 === 0 ? 'fail' : 'pass', i % 20 === 0 ? 'Account lockout threshold: 0 (never locks).' : i % 10 === 0 ? 'Account lockout threshold: 10.' : `Account lockout threshold: ${1 + (i % 3)}.`));
        out.push(result(id, 'FW-ENABLED', 'pass', 'Windows Defender Firewall state: as required.'));
      }
      return out;
    };
    const small = groupResults(fleet(100), ['FW-ENABLED', 'LOCKOUT-THRESHOLD'], () => 'As required.');
    const large = groupResults(fleet(10_000), ['FW-ENABLED', 'LOCKOUT-THRESHOLD'], () => 'As required.');
    expect(large.length).toBe(small.length);
    expect(large.map((g) => [g.checkId, g.status, g.found])).toEqual([
      ['FW-ENABLED', 'pass', 'As required.'],
      ['LOCKOUT-THRESHOLD', 'fail', 'Account lockout threshold: 0 (never locks).'],
      ['LOCKOUT-THRESHOLD', 'fail', 'Account lockout threshold: 10.'],
      ['LOCKOUT-THRESHOLD', 'pass', 'As required.'],
    ]);
    expect(large.find((g) => g.found.includes('never locks'))!.devices).toHaveLength(500);
  });
});

describe('results.csv', () => {
  it('neutralises every cell a spreadsheet would run as a formula', () => {
    for (const bad of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(bad).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('MR-01')).toBe('MR-01');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
  });

  it('neutralises a formula right after a ";" or a tab: no field of the rows, split as Excel splits them in a ";" locale (German, French) or as tab-separated, starts a formula', () => {
    const hostile = ["Vendor rule;=cmd|' /C calc'!A0", 'Local ports: 1 of 2 rules not as required: x;@SUM(A1), "y";+1', 'a\t=1+1', 'a;-1', 'z;"=1+1"'];
    const text = [...resultsCsvLines(hostile.map((h) => result('MR-01', 'FW-ALLOWED-PORTS', 'fail', h)), new Map())].slice(1).join('');
    for (const delimiter of [',', ';', '\t']) {
      // Excel reads a quote only at the start of a field; elsewhere it is text (relax_quotes).
      const rows = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true }) as string[][];
      expect(rows.flat().filter((f) => /^[=+\-@]/.test(f)), `split at ${JSON.stringify(delimiter)}`).toEqual([]);
    }
    // Read as written (","), each cell keeps its text, an apostrophe before the formula.
    expect((parseCsv(text) as string[][]).map((r) => r[4])).toEqual(["Vendor rule;'=cmd|' /C calc'!A0", "Local ports: 1 of 2 rules not as required: x;'@SUM(A1), \"y\";'+1", "a\t'=1+1", "a;'-1", "z;\"'=1+1\""]);
    // Text without a formula after a separator is as it was.
    expect(csvCell('255; 1; -1')).toBe('255; 1; -1');
  });

  it('shows control characters and bidi overrides in a cell as \\xNN and \\u{NNNN}: cat results.csv runs no escape sequence, a spreadsheet reorders no name; tab and line breaks stay inside the quoted cell', () => {
    const found = 'Rule Vendor\u001b]0;owned\u0007\u001b[2J\u202eexe.txt\u2066\u0085\u007f\u0000 ok\ttab\r\nnext';
    const lines = [...resultsCsvLines([result('MR-01\u202e', 'FW-ALLOWED-PORTS', 'fail', found)], new Map())];
    const text = lines.join('');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    const row = (parseCsv(text) as string[][])[1]!;
    expect(row[0]).toBe('MR-01\\u{202E}');
    expect(row[4]).toBe('Rule Vendor\\x1B]0;owned\\x07\\x1B[2J\\u{202E}exe.txt\\u{2066}\\x85\\x7F\\x00 ok\ttab\r\nnext');
    // The same in devices.csv; a formula behind an escape stays inert, one at the start is still neutralised.
    const dev = [...devicesCsvLines([{ id: 'CT-01', model: '\u202e=1+1', location: '=cmd\u001b', collectedAt: '2026-11-02T09:21:00Z', sourceFile: 'in/a\u0007.json', sourceSha256: 'ab'.repeat(32), evidenceHref: 'evidence/a.json', superseded: [] }])].join('');
    expect(dev).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(dev).toContain(",\\u{202E}=1+1,");
    expect(dev).toContain(",'=cmd\\x1B,");
    expect(dev).toContain('in/a\\x07.json');
  });

  it('writes one row per device and check, with a device id from the snapshot neutralised', () => {
    const lines = [...resultsCsvLines([result('=cmd|calc', 'FW-ENABLED', 'fail', '@found'), result('MR-01', 'FW-ENABLED', 'pass', 'ok')], new Map([['MR-01', '2026-11-02T09:21:00Z']]))];
    expect(lines).toHaveLength(3);
    expect(lines[1]!.startsWith("'=cmd|calc,,FW-ENABLED,fail,'@found,")).toBe(true);
    expect(lines[2]).toContain('MR-01,2026-11-02T09:21:00Z,FW-ENABLED,pass,ok');
    for (const l of lines) expect(l.endsWith('\r\n')).toBe(true);
  });

  it('the deviation_expired column (last) is neutralised like every text column: an approver a spreadsheet would run after a ; gets the apostrophe', () => {
    const r: ReportResult = { ...result('MR-01', 'SCREEN-LOCK-TIMEOUT', 'fail', 'found'), expiredDeviation: { approver: 'Ops;=cmd|calc', expires: '2026-09-30' } };
    const [header, line] = [...resultsCsvLines([r], new Map())];
    expect(header!.trimEnd().split(',').at(-1)).toBe('deviation_expired');
    // The text holds a comma (the moment the day ended): the cell is quoted.
    expect(line!.trimEnd().endsWith(',"expired 2026-09-30 (that day ended at UTC+14:00, 2026-09-30T09:59:59Z; approved by Ops;\'=cmd|calc); no longer applies"')).toBe(true);
  });
});

describe('devices.csv and the folded manifest', () => {
  it('writes one row per device, its values from the snapshot neutralised', () => {
    const lines = [...devicesCsvLines([
      { id: '=cmd|calc', model: '+Model', location: 'Radiology, room 3', collectedAt: '2026-11-02T09:21:00Z', sourceFile: 'in/a.json', sourceSha256: 'ab'.repeat(32), evidenceHref: 'evidence/a.json', superseded: [] },
      { id: 'MR-01', collectedAt: '2026-11-02T09:22:00Z', sourceFile: 'in/b.json', sourceSha256: 'cd'.repeat(32), evidenceHref: 'evidence/b.json', superseded: [{ file: 'in/old.json', collectedAt: '2026-10-01T00:00:00Z' }] },
    ])];
    expect(lines).toHaveLength(3);
    expect(lines[1]!.startsWith("'=cmd|calc,,,'+Model,,\"Radiology, room 3\",")).toBe(true);
    expect(lines[2]).toContain('MR-01,');
    expect(lines[2]).toContain('in/old.json (2026-10-01T00:00:00Z)');
  });

  it('folds a folder of more than 25 files into one entry whose listing holds each of them; others stay listed', () => {
    const files = [
      { path: 'assessment-results.json', sha256: 'a'.repeat(64), size: 10 },
      ...Array.from({ length: 30 }, (_, i) => ({ path: `evidence/D-${i}.json`, sha256: String(i % 10).repeat(64), size: 100 + i })),
      ...Array.from({ length: 3 }, (_, i) => ({ path: `evidence/attestations/${i}.pdf`, sha256: 'b'.repeat(64), size: 5 })),
    ];
    const { listed, folded } = foldManifest(files);
    expect(listed.map((f) => f.path)).toEqual(['assessment-results.json', 'evidence/attestations/0.pdf', 'evidence/attestations/1.pdf', 'evidence/attestations/2.pdf']);
    expect(folded).toHaveLength(1);
    expect(folded[0]).toMatchObject({ folder: 'evidence/', count: 30, bytes: 30 * 100 + (29 * 30) / 2 });
    const rows = folded[0]!.listing.bytes.toString('utf8').split('\r\n').filter(Boolean);
    expect(rows.slice(1)).toEqual(files.slice(1, 31).map((f) => `${f.path},${f.size},${f.sha256}`));
  });
});
