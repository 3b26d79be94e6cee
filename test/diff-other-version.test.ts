// `diff` re-evaluates both sides with this run's rules. When a package compared was made by another
// version of ato-evidence (its AR's metadata prop `generator`), its own report may have said
// otherwise: drift.json's side `reassessed`, drift.md and the PDF say so, as monitor does.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Drift } from '../src/drift/types.js';
import { pdfPageTexts } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;
const bin = process.env.ATO_CLI ?? join(root, 'dist/cli/main.js');
const VERSION = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
let dir: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** An assessment folder of one sample, as another version would have left it (unsealed: the manifest would no longer match). */
function packageOf(name: string, month: string, now: string, generator?: string): string {
  const out = join(dir, name);
  cli(['assess', join(root, 'samples', 'MR-02', `MR-02_2026-${month}.json`), '--out', out, '--now', now, '--no-pdf']);
  if (generator) {
    const ar = join(out, 'assessment-results.json');
    const doc = JSON.parse(readFileSync(ar, 'utf8'));
    const prop = doc['assessment-results'].metadata.props.find((p: { name: string }) => p.name === 'generator');
    expect(prop.value).toBe(`ato-evidence ${VERSION}`);
    prop.value = generator;
    writeFileSync(ar, JSON.stringify(doc));
    rmSync(join(out, 'manifest.json'));
  }
  return out;
}

function diff(oldDir: string, newDir: string, out: string) {
  cli(['diff', oldDir, newDir, '--out', join(dir, out), '--now', '2026-11-03T00:00:00Z']);
  return {
    json: JSON.parse(readFileSync(join(dir, out, 'drift.json'), 'utf8')) as Drift,
    md: readFileSync(join(dir, out, 'drift.md'), 'utf8'),
    pdf: join(dir, out, 'monitoring-report.pdf'),
  };
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npm run build" (npm test does it)`);
  dir = mkdtempSync(join(tmpdir(), 'ato-diff-version-'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diff of packages made by another version', () => {
  it("says OLD's rules changed when OLD was made by another version", async () => {
    const r = diff(packageOf('old-other', '10-05', '2026-10-06T00:00:00Z', 'ato-evidence 0.0.9'), packageOf('new-same', '11-02', '2026-11-03T00:00:00Z'), 'd1');
    expect(r.json.old.reassessed).toEqual({ tool: '0.0.9' });
    expect(r.json.new.reassessed).toBeUndefined();
    expect(r.md).toContain('**Rules changed since the old run.** It was recorded by ato-evidence 0.0.9.');
    expect(r.md).not.toContain('Rules changed since the new run');
    const text = (await pdfPageTexts(r.pdf)).join(' ');
    expect(text).toContain('Rules changed since the old run: it was recorded by ato-evidence 0.0.9.');
    // diff's trend is this run's evaluation of both sides, not each run as reported.
    expect(text).not.toContain('shows each run as it was reported');
  }, 120_000);

  it("says NEW's rules changed when NEW was made by another version", async () => {
    const r = diff(packageOf('old-same', '10-05', '2026-10-06T00:00:00Z'), packageOf('new-other', '11-02', '2026-11-03T00:00:00Z', 'ato-evidence 0.2.0'), 'd2');
    expect(r.json.old.reassessed).toBeUndefined();
    expect(r.json.new.reassessed).toEqual({ tool: '0.2.0' });
    expect(r.md).toContain('**Rules changed since the new run.** It was recorded by ato-evidence 0.2.0.');
    expect(r.md).not.toContain('Rules changed since the old run');
    expect((await pdfPageTexts(r.pdf)).join(' ')).toContain('Rules changed since the new run: it was recorded by ato-evidence 0.2.0.');
  }, 120_000);

  it('says nothing when both packages were made by this version', () => {
    const r = diff(join(dir, 'old-same'), join(dir, 'new-same'), 'd3');
    expect(r.json.old.reassessed).toBeUndefined();
    expect(r.json.new.reassessed).toBeUndefined();
    expect(r.md).not.toContain('Rules changed');
  }, 120_000);
});
