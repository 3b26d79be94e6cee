// A snapshot is dated by its oldest part (load.ts datedByOldestPart): another collection time its
// provenance keeps for /collectedAt (a vendor export's own) dates it older when it is. One whose
// time cannot be read at all ("yesterday", a month 13, a number) dated nothing: the snapshot may
// be older than it says, and its values passed as current. It is refused, naming the file, the
// pointer and the value; every time that read before reads as before.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../src/io/errors.js';
import { readSnapshot } from '../src/snapshot/load.js';
import { requireBuiltCli, runCli } from './support/cli.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-03T00:00:00Z';
const WHERE = '/provenance/~1collectedAt/alternatives/0/value';

/** MR-01's sample (collected 2026-11-02T09:21:00Z) with a vendor export's own time `value` kept beside collection.json's. */
function withPartTime(value: unknown): Json {
  const s = JSON.parse(readFileSync('samples/MR-01/MR-01_2026-11-02.json', 'utf8'));
  const listed = (file: string) => s.sources.find((x: Json) => x.file === file);
  const manifest = listed('MR-01_2026-11-02/winlogon.json');
  const vendor = listed('MR-01_2026-11-02/vendor-config.xml');
  s.provenance['/collectedAt'] = {
    file: manifest.file, sha256: manifest.sha256, location: '/collectedAt, line 3',
    alternatives: [{ file: vendor.file, sha256: vendor.sha256, location: '<Exported>, line 2', value }],
  };
  return s;
}

function refusal(value: unknown): { detail: string; file?: string; where?: string } {
  try {
    readSnapshot(Buffer.from(JSON.stringify(withPartTime(value))), 'MR-01.json');
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  throw new Error(`${JSON.stringify(value)} was read`);
}

const UNREADABLE: unknown[] = ['yesterday', '2026-13-45T10:00:00Z', '1 May', '2026-02-30T10:00:00', 1730000000, null, true, { localDateTime: 'last week' }, ''];

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'overclaim41-part-time-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a collection time in the provenance that cannot be read', () => {
  it('is refused, naming the file, the pointer and the value', () => {
    for (const value of UNREADABLE) {
      const e = refusal(value);
      expect(e.file, JSON.stringify(value)).toBe('MR-01.json');
      expect(e.where, JSON.stringify(value)).toBe(WHERE);
      expect(e.detail, JSON.stringify(value)).toContain(`MR-01_2026-11-02/vendor-config.xml (<Exported>, line 2) says it was written ${JSON.stringify(value)}, which is no date and time this tool can read`);
      expect(e.detail, JSON.stringify(value)).toContain('the snapshot may be older than its collectedAt 2026-11-02T09:21:00Z says');
    }
  });

  it('assess exits 1 with that message and writes nothing', () => {
    const d = join(dir, 'in');
    mkdirSync(d);
    writeFileSync(join(d, 'MR-01.json'), JSON.stringify(withPartTime('yesterday'), null, 2));
    const r = runCli(dir, ['assess', d, '--out', join(dir, 'out'), '--now', NOW, '--no-pdf']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"yesterday", which is no date and time this tool can read');
    expect(r.stderr).toContain(WHERE);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('what read before reads as before: RFC 3339, zoneless, a local date-time object, a culture\'s date; an old one re-dates the snapshot', () => {
    const read = (v: unknown) => readSnapshot(Buffer.from(JSON.stringify(withPartTime(v))), 'MR-01.json').snapshot.collectedAt;
    expect(read('2026-11-02T08:00:00Z')).toBe('2026-11-02T09:21:00Z');
    expect(read('2026-11-02T08:00:00')).toBe('2026-11-02T09:21:00Z');
    expect(read({ localDateTime: '2026-11-02T08:00:00' })).toBe('2026-11-02T09:21:00Z');
    expect(read('2024-11-02T09:15:00+01:00')).toBe('2024-11-02T09:15:00+01:00');
    expect(read('13/10/2026 10:00')).toBe('2026-10-13T10:00:00-12:00');
  });
});
