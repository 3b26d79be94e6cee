// Secrets planted in a sample snapshot's registry values, then `assess` run as a user would (dist/ built):
// the end-to-end secrets tests read every byte written and every message (support/written-text.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { repoRoot, requireBuiltCli, runCli } from './cli.js';
import { allText } from './written-text.js';

const SNAPSHOT = join(repoRoot, 'samples/MR-01/MR-01_2026-11-02.json');
const NOW = '--now=2026-11-02T18:00:00Z';

/**
 * Registers the built-CLI check and the folders' cleanup for the calling test file, and returns
 * `snapshotWith` (a folder holding MR-01's latest sample snapshot with `values` added under
 * HKLM\SOFTWARE\Example Medical Systems\Notes) and `assessed` (what `assess --no-pdf` writes and says).
 */
export function plantedRegistry(prefix: string): {
  snapshotWith: (values: Record<string, string>) => string;
  assessed: (base: string) => { written: string; said: string };
} {
  const dirs: string[] = [];
  beforeAll(() => requireBuiltCli());
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
  return {
    snapshotWith(values) {
      const base = mkdtempSync(join(tmpdir(), `${prefix}-`));
      dirs.push(base);
      const snap = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { hardening: { registry: Record<string, unknown> } };
      for (const [name, data] of Object.entries(values)) snap.hardening.registry[`HKLM\\SOFTWARE\\Example Medical Systems\\Notes\\${name}`] = data;
      writeFileSync(join(base, 'MR-01.json'), JSON.stringify(snap, null, 2));
      return base;
    },
    assessed(base) {
      const out = join(base, 'pkg');
      const r = runCli(base, ['assess', 'MR-01.json', '--out', out, '--no-pdf', NOW]);
      expect(r.code, r.stderr).toBe(0);
      return { written: allText(out), said: r.stdout + r.stderr };
    },
  };
}
