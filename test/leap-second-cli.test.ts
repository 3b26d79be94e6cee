// A leap second (…T23:59:60Z) is a valid RFC 3339 time (isCalendarDateTime). Every reading of a
// time from input goes through instantMs (the second before it); Date.parse gives NaN for it, and
// NaN compares false both ways, so a time read that way silently drops out of a comparison. From
// the CLI: ingest, assess and diff, each on a value stated at a leap second.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sameMoment } from '../src/io/dates.js';
import { cliScratch, editedSnapshot } from './support/cli-scratch.js';
import { pdfPageTexts } from './support/pdf-text.js';
import { ROUND1, ROUND2, samplePath } from './support/drift.js';

const { dir, cli } = cliScratch('ato-leap-second-');

describe('a leap second read from input, through the CLI', () => {
  it('ingest: collection.json at a leap second is read, and an export two months older still dates the snapshot', () => {
    const folder = join(dir(), 'exports');
    cpSync('test/fixtures/exports/mr-01', folder, { recursive: true });
    const edit = (file: string, from: string, to: string) => {
      const t = readFileSync(join(folder, file), 'utf8');
      expect(t).toContain(from);
      writeFileSync(join(folder, file), t.replace(from, to));
    };
    edit('collection.json', '"2024-03-01T10:15:22.1234567+01:00"', '"2024-03-01T23:59:60Z"');
    edit('vendor-settings.json', '"collectedAt": "2024-03-01T10:09:40+01:00"', '"collectedAt": "2024-01-05T10:09:40+01:00"');
    const r = cli(['ingest', folder, '--out', 'ingested.json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(dir(), 'ingested.json'), 'utf8'));
    // A snapshot is no fresher than its oldest export: the vendor's values are two months old.
    expect(s.collectedAt).toBe('2024-01-05T10:09:40+01:00');
    expect(r.stdout + r.stderr).toMatch(/sources disagree by more than a day|vendor-settings\.json/);
  });

  it('assess: stale evidence collected at a leap second states its age in days, never NaN (AR, CSV, PDF)', async () => {
    const exportsDir = editedSnapshot(dir(), 'leap', samplePath('MR-01', ROUND2), (s) => { s.collectedAt = '2026-06-30T23:59:60Z'; });
    const r = cli(['assess', exportsDir, '--out', 'pkg', '--now', '2026-11-02T18:00:00Z']);
    expect(r.code, r.stderr).toBe(0);
    const ar = readFileSync(join(dir(), 'pkg', 'assessment-results.json'), 'utf8');
    const csv = readFileSync(join(dir(), 'pkg', 'results.csv'), 'utf8');
    // 2026-06-30T23:59:59Z to 2026-11-02T18:00:00Z: 124 whole days and 18 hours.
    expect(ar).toMatch(/collected 2026-06-30T23:59:60Z, 124 days 18 hours before the assessment/);
    expect(ar).not.toMatch(/NaN/);
    expect(csv).not.toMatch(/NaN/);
    const pdf = (await pdfPageTexts(join(dir(), 'pkg', 'evidence-package.pdf'))).join('\n');
    expect(pdf).toMatch(/2026-06-30T23:59:60Z/);
    expect(pdf).not.toMatch(/NaN/);
  });

  it('diff: a certificate whose notAfter is a leap second within the window is listed as coming due', () => {
    for (const side of ['c1', 'c2']) mkdirSync(join(dir(), side));
    writeFileSync(join(dir(), 'c1', 'MR-01.json'), readFileSync(samplePath('MR-01', ROUND1)));
    const s = JSON.parse(readFileSync(samplePath('MR-01', ROUND2), 'utf8'));
    s.encryption.certificates = [{ ...s.encryption.certificates[0], subject: 'CN=leap', notAfter: '2026-11-20T23:59:60Z' }];
    writeFileSync(join(dir(), 'c2', 'MR-01.json'), JSON.stringify(s, null, 2));
    const r = cli(['diff', 'c1', 'c2', '--out', 'cout', '--now', '2026-11-10T00:00:00Z', '--no-pdf']);
    expect(r.code, r.stderr).toBe(0);
    const drift = JSON.parse(readFileSync(join(dir(), 'cout', 'drift.json'), 'utf8'));
    const due = drift.due.filter((x: any) => x.what === 'certificate-expiry' && /CN=leap/.test(x.message));
    expect(due).toHaveLength(1);
    expect(due[0].due).toBe('2026-11-20');
  });
});

describe('sameMoment and a leap second', () => {
  it('one leap second at two offsets is one instant; the second before it is another', () => {
    expect(sameMoment('2016-12-31T23:59:60Z', '2017-01-01T00:59:60+01:00')).toBe(true);
    expect(sameMoment('2016-12-31T23:59:60Z', '2016-12-31T23:59:59Z')).toBe(false);
  });
});
