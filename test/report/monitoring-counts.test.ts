// The monitoring report's control counts come from the one summary model (assess/summary.ts): for
// the same snapshot, clock and attestations, `diff`'s new side says what `assess` says (satisfied,
// not satisfied, partially assessed), in drift.json and on the report's summary page.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageText, readPdf } from '../support/pdf-layout.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = process.env.ATO_EVIDENCE_BIN ?? join(ROOT, 'dist/cli/main.js');
const NOW = '2026-11-28T12:00:00Z';
const samples = (f: string) => join(ROOT, 'samples', f);

describe.runIf(existsSync(BIN))('monitoring report counts', () => {
  let dir: string;
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 0) throw new Error(`ato-evidence ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
    return r;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ato-monitor-counts-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("equal the package's for the same inputs: diff's new side and assess of the same snapshot", async () => {
    const common = ['--now', NOW, '--system', samples('system.yaml'), '--attestations', samples('attestations.yaml')];
    const oldSnap = samples('MR-02/MR-02_2026-10-05.json');
    const newSnap = samples('MR-02/MR-02_2026-11-02.json');
    const assessed = JSON.parse(cli(['assess', newSnap, '--out', 'pkg', ...common, '--json']).stdout).summary.controls;
    cli(['diff', oldSnap, newSnap, '--out', 'drift', ...common]);
    const drift = JSON.parse(readFileSync(join(dir, 'drift', 'drift.json'), 'utf8'));
    // The samples make these differ from what counting only controls with results gives.
    expect(assessed.notSatisfied).toBeGreaterThan(0);
    expect(drift.trend.new.controls).toEqual({ satisfied: assessed.satisfied, notSatisfied: assessed.notSatisfied, partial: assessed.partial });
    expect(drift.summary.controls.satisfiedNew).toBe(assessed.satisfied);
    expect(drift.summary.controls.partialNew).toBe(assessed.partial);
    // The report's summary page says the same.
    const pdf = await readPdf(readFileSync(join(dir, 'drift', 'monitoring-report.pdf')));
    try {
      const text = pdf.pages.map((p) => pageText(p)).join(' ').replace(/\s+/g, ' ');
      expect(text).toContain(`satisfied before, ${assessed.satisfied} now`);
    } finally {
      await pdf.pdf.destroy();
    }
  }, 180_000);
});
