// diff reads an assessment-results.json above 256 MiB without parsing it whole (src/drift/io.ts);
// its clock (the day OLD's deviations and evidence age are judged on, drift.json's old.at) was
// then taken from manifest.json's createdAt, which the package digest does not cover: an edited
// createdAt passed verification and moved OLD's clock. It is now the results' own last result
// end, streamed and hashed against the sealed SHA-256, as for a results file parsed whole.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { listSide } from '../src/drift/io.js';

const root = new URL('..', import.meta.url).pathname;
let dir: string;
let pkg: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-diff-large-ar-'));
  pkg = join(dir, 'pkg');
  await runAssess({ inputs: [join(root, 'samples', 'MR-02', 'MR-02_2026-11-02.json')], out: pkg, force: false, baseline: 'moderate', toolVersion: 't', pdf: false, now: '2026-11-02T18:00:00Z' });
  // createdAt is descriptive (not in the package digest): the package still verifies.
  const mf = join(pkg, 'manifest.json');
  writeFileSync(mf, readFileSync(mf, 'utf8').replace('"createdAt": "2026-11-02T18:00:00Z"', '"createdAt": "2027-06-01T00:00:00Z"'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the clock of an assessment results file too large to parse whole', () => {
  it('is the results\' own (the last result\'s end), as when parsed whole, not the manifest\'s createdAt', () => {
    expect(readFileSync(join(pkg, 'manifest.json'), 'utf8')).toContain('2027-06-01T00:00:00Z');
    const whole = listSide({ path: pkg });
    const streamed = listSide({ path: pkg, maxArBytes: 0 });
    expect(whole.at).toBe('2026-11-02T18:00:00Z');
    expect(streamed.at).toBe(whole.at);
    expect(streamed.entries.map((e) => e.file)).toEqual(whole.entries.map((e) => e.file));
  });
});
