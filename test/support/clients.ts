/**
 * Test helper (not shipped): external programs the interop tests run as real clients (xmllint,
 * LibreOffice). Where one is absent the test is skipped with a message saying how to install it,
 * except under CI=true, where it fails (.ci/run installs them).
 */
import { spawnSync } from 'node:child_process';

const found = new Map<string, boolean>();

export function haveTool(cmd: string): boolean {
  let ok = found.get(cmd);
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
    found.set(cmd, ok);
  }
  return ok;
}

/** Inside a test: skip it (fail under CI=true) when `cmd` is not on PATH. */
export function requireTool(ctx: { skip: (note?: string) => void }, cmd: string, debianPackage: string): void {
  if (haveTool(cmd)) return;
  const why = `${cmd} is not installed (Debian: apt-get install ${debianPackage}); the test that uses it as a real client cannot run`;
  if (process.env.CI === 'true') throw new Error(`${why}; under CI=true this is a failure, not a skip`);
  ctx.skip(why);
}
