// monitor --regenerate refuses a run whose configuration, read again, does not give the digest it
// recorded. It said "regenerate it with ato-evidence X" even when X was the version running: advice
// that cannot help. The store keeps the run's files unchanged, so what differs is what the
// installation gives beside them (here its controls/parameters.yaml): the message says so, names
// those files and says to restore them; only another version is told to use the run's version.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regenerateRun } from '../src/monitor/run.js';
import { userErrorOfAsync } from './support/user-error.js';
import { cliScratch, errorLine, ROOT } from './support/cli-scratch.js';

const { dir, cli } = cliScratch('ato-regen-config-');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A copy of this build's installation in the scratch folder, and a runner of its CLI. */
function installation(name: string): { root: string; run: (args: string[]) => { code: number | null; stderr: string } } {
  const root = join(dir(), name);
  mkdirSync(root);
  for (const d of ['dist', 'controls', 'templates', 'schema', 'package.json']) cpSync(join(ROOT, d), join(root, d), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return {
    root,
    run: (args) => {
      const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), ...args], { cwd: dir(), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      return { code: r.status, stderr: r.stderr };
    },
  };
}
const runOf = (store: string): string => readFileSync(join(dir(), store, 'ledger.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.kind === 'run').run as string;

describe('monitor --regenerate when the configuration reads differently', () => {
  it('same version: names the installation\'s files and says they changed since the run, never "regenerate it with" the running version', async () => {
    // An installation of this build whose parameter defaults differ from the worktree's.
    const inst = installation('inst');
    const params = join(inst.root, 'controls/parameters.yaml');
    const text = readFileSync(params, 'utf8');
    const edited = text.replace(/(\n\s+default: )(\d+)/, (_m, a: string, n: string) => `${a}${Number(n) + 7}`);
    expect(edited).not.toBe(text);
    writeFileSync(params, edited);
    // Recorded by that installation (cliScratch runs the worktree's build).
    const rec = inst.run(['monitor', join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), '--store', 'store-inst', '--out', 'first-inst', '--now', '2026-11-03T00:00:00Z', '--no-pdf']);
    expect(rec.code, rec.stderr).toBe(0);
    const run = runOf('store-inst');

    // The worktree's build is the same version, with the parameter defaults as shipped.
    const r = cli(['monitor', '--store', 'store-inst', '--regenerate', run, '--out', 'again', '--no-pdf']);
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).not.toContain(`regenerate it with ato-evidence ${VERSION}`);
    expect(line).toContain('controls/parameters.yaml');
    expect(line).toContain(`ato-evidence ${VERSION}, the version that made the run, is running`);
    expect(line).toMatch(/changed since that run: restore them/);

    // Another version running: that one is told to use the run's version.
    const e = await userErrorOfAsync(() => regenerateRun(join(dir(), 'store-inst'), run, join(dir(), 'again2'), false, 1, undefined, '99.0.0'));
    expect(e.message).toContain(`The run was made with ato-evidence ${VERSION}, this is 99.0.0: regenerate it with ato-evidence ${VERSION}`);
    expect(e.message).toContain('controls/parameters.yaml');
  });

  it('a regenerated report that differs, by the version that made the run: says what of the installation differs, not "another version?"', () => {
    const inst = installation('inst-templates');
    const rec = inst.run(['monitor', join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), '--store', 'store-t', '--out', 'first-t', '--now', '2026-11-03T00:00:00Z', '--no-pdf']);
    expect(rec.code, rec.stderr).toBe(0);
    // Same version, code and controls/; the reports' wording edited since.
    const tpl = join(inst.root, 'templates/drift-markdown.hbs');
    writeFileSync(tpl, readFileSync(tpl, 'utf8').replace('# Configuration drift:', '# Configuration drift (edited):'));
    const r = inst.run(['monitor', '--store', 'store-t', '--regenerate', runOf('store-t'), '--out', 'again-t', '--no-pdf']);
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toContain('drift.md differ(s) from the bytes stored with the run');
    expect(line).not.toContain('another version of ato-evidence?');
    expect(line).toContain(`ato-evidence ${VERSION}, the version that made the run, is running with the run's code and controls/, so this installation's templates/`);
  });
});
