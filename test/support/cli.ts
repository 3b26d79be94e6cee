/** Test helper (not shipped): the built CLI (dist/cli/main.js) run as a user would, in a folder. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = new URL('../..', import.meta.url).pathname;
export const cliBin = join(repoRoot, 'dist/cli/main.js');

export interface CliResult {
  code: number | null;
  /** Set when the run was killed (the timeout): a command that blocked, e.g. on a FIFO. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Fails clearly when dist/ is missing (npm test builds it). */
export function requireBuiltCli(): void {
  if (!existsSync(cliBin)) throw new Error('dist/cli/main.js is missing: run "npm run build" (npm test does it)');
}

/** Runs `ato-evidence ARGS` in `cwd` without colours; killed after 60 s. */
export function runCli(cwd: string, args: readonly string[]): CliResult {
  const r = spawnSync(process.execPath, [cliBin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
