// --now as a user may write it: in UTC, at an offset (here across the UTC day's boundary), with a
// zero fraction, in lower case. Every document of the run states the one instant it names, in UTC:
// the AR's result end and last-modified, the POA&M's last-modified, the manifest's createdAt, every
// assessment time results.csv quotes, and the PDF cover, which gave the day alone. A form that names
// no instant (no zone, a day only) or one the documents cannot show (a fraction) is refused, exit 2,
// nothing written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPageTexts } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const INSTANT = '2026-11-02T18:00:00Z';
const OFFSET = '2026-11-02t23:00:00.000+05:00'; // the same instant: 2026-11-02 18:00 in UTC
type Json = Record<string, any>;

let dir: string;
function assess(out: string, now: string) {
  return spawnSync(process.execPath, [bin, 'assess', join(root, 'samples'), '--out', out, '--deviations', join(root, 'samples/deviations.csv'),
    '--attestations', join(root, 'samples/attestations.yaml'), '--system', join(root, 'samples/system.yaml'), '--now', now], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}
const json = (out: string, f: string): Json => JSON.parse(readFileSync(join(dir, out, f), 'utf8'));

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build"');
  dir = mkdtempSync(join(tmpdir(), 'ato-now-forms-'));
  for (const [out, now] of [['utc', INSTANT], ['offset', OFFSET]]) {
    const r = assess(join(dir, out!), now!);
    expect(r.status, r.stderr).toBe(0);
  }
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every document states the instant --now names', () => {
  it('AR end and last-modified, POA&M last-modified, manifest createdAt: the instant in UTC', () => {
    const ar = json('utc', 'assessment-results.json')['assessment-results'];
    expect(ar.results[0].end).toBe(INSTANT);
    expect(ar.metadata['last-modified']).toBe(INSTANT);
    expect(json('utc', 'poam.json')['plan-of-action-and-milestones'].metadata['last-modified']).toBe(INSTANT);
    expect(json('utc', 'manifest.json').createdAt).toBe(INSTANT);
  });

  it('results.csv quotes no other assessment time', () => {
    const csv = readFileSync(join(dir, 'utc', 'results.csv'), 'utf8');
    const quoted = [...csv.matchAll(/before the assessment \(([^)]*)\)/g)].map((m) => m[1]);
    expect(quoted.length).toBeGreaterThan(0);
    expect(new Set(quoted)).toEqual(new Set([INSTANT]));
  });

  it('the PDF cover states the instant beside its day', async () => {
    const cover = (await pdfPageTexts(join(dir, 'utc', 'evidence-package.pdf')))[0]!;
    expect(cover).toMatch(new RegExp(`Assessment date\\s+2026-11-02 \\(results computed at ${INSTANT}\\)`));
  }, 120_000);

  it('the same instant written at an offset with a zero fraction gives byte-identical files', () => {
    const files = readdirSync(join(dir, 'utc')).filter((f) => f !== 'evidence');
    expect(files).toContain('evidence-package.pdf');
    for (const f of files) expect(readFileSync(join(dir, 'offset', f)).equals(readFileSync(join(dir, 'utc', f))), f).toBe(true);
  });

  for (const now of ['2026-11-02T18:00:00', '2026-11-02', '2026-11-02T18:00:00.5Z']) {
    it(`--now "${now}" is refused, exit 2, nothing written`, () => {
      const out = join(dir, `refused-${now.replace(/[:.]/g, '')}`);
      const r = assess(out, now);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`"${now}"`);
      expect(existsSync(out)).toBe(false);
    });
  }
});
