/**
 * Test helper (not shipped): the built CLI run in a scratch folder of its own, as a user would
 * (NO_COLOR, exit code, stdout, stderr). The folder is made before the file's tests and removed after.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { warmAssess } from './warm-assess.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const BIN = join(ROOT, 'dist/cli/main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Registers the scratch folder; `dir()` gives its path, `cli(args)` runs the CLI in it. */
export function cliScratch(prefix: string): { dir: () => string; cli: (args: string[], env?: Record<string, string>) => CliRun } {
  let dir = '';
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error('dist/cli/main.js is missing: run "npm run build" (npm test does it)');
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir: () => dir,
    cli: (args, env = {}) => {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

/** The "error: …" line of a run's stderr. */
export function errorLine(stderr: string): string {
  return stderr.split('\n').find((l) => l.startsWith('error: ')) ?? `(no error line in: ${stderr})`;
}

/**
 * `assess` of one export folder through the CLI, in a scratch folder of its own (cliScratch):
 * `assess(dir)` gives the AR (and where the package was written; `pdf` for the PDF and
 * results.csv too; `args` for more options, --params); `written` keeps every AR, for a schema test.
 * `how.warm`: run in one worker thread instead of a process each (warm-assess.ts), for files about
 * the verdicts whose CLI path another file covers.
 */
export function arAssessor(prefix: string, now: string, how: { warm?: boolean } = {}): { assess: (exportsDir: string, opts?: { pdf?: boolean; args?: string[] }) => Record<string, any>; out: () => string; written: Array<Record<string, any>>; cli: ReturnType<typeof cliScratch>['cli']; dir: () => string } {
  const { dir, cli } = cliScratch(prefix);
  // warm: each run by one worker thread loaded once (warm-assess.ts), not a process each; `cli` still spawns.
  const warm = how.warm ? warmAssess() : undefined;
  const run = (args: string[]): CliRun => (warm ? warm(args, dir()) : cli(args));
  const written: Array<Record<string, any>> = [];
  let runs = 0;
  const out = (): string => join(dir(), `pkg-${runs}`);
  const assess = (exportsDir: string, opts: { pdf?: boolean; args?: string[] } = {}): Record<string, any> => {
    runs++;
    const r = run(['assess', exportsDir, '--out', out(), '--now', now, ...(opts.pdf ? [] : ['--no-pdf']), ...(opts.args ?? [])]);
    expect(r.code, r.stderr).toBe(0);
    const ar = JSON.parse(readFileSync(join(out(), 'assessment-results.json'), 'utf8')) as Record<string, any>;
    written.push(ar);
    return ar;
  };
  return { assess, out, written, cli, dir };
}

/**
 * A copy of the snapshot file `sample` with `edit` applied, written as MR-01.json in the folder
 * `name` below `dir` (a scratch folder): the folder, for `assess`.
 */
export function editedSnapshot(dir: string, name: string, sample: string, edit: (s: Record<string, any>) => void): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  const s = JSON.parse(readFileSync(sample, 'utf8')) as Record<string, any>;
  edit(s);
  // Named after the sample's folder (samples/MR-02/… → MR-02.json), as reasons quote the file.
  writeFileSync(join(d, `${basename(dirname(sample))}.json`), JSON.stringify(s, null, 2));
  return d;
}

/**
 * A folder `into/name` holding a copy of the export folder `from` as device MR-01, with
 * `edit(text)` applied to each file named in `edits` (each edit must change its file).
 */
export function mr01With(into: string, name: string, from: string, edits: Record<string, (text: string) => string>): string {
  const d = join(into, name);
  const dev = join(d, 'MR-01');
  mkdirSync(d, { recursive: true });
  cpSync(from, dev, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dev, file);
    const before = readFileSync(path, 'utf8');
    const after = edit(before);
    expect(after, `${file} changed`).not.toBe(before);
    writeFileSync(path, after);
  }
  return d;
}
