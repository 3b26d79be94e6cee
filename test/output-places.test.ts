// Outputs whose place cannot hold them: a path through a file, a pseudo file system (/proc) where
// mkdir answers ENOENT under a folder that exists. Node's recursive mkdir loops forever there, so
// a scheduled monitor run hung; every command now says which output and why, exit 1, no stack.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDirs } from '../src/io/make-dirs.js';
import { BIN, ROOT } from './support/cli-scratch.js';

// Linux's /proc refuses new entries with ENOENT: the case that hung.
const haveProc = existsSync('/proc/self');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-out-places-'));
  writeFileSync(join(dir, 'a-file'), 'not a folder\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI with a time limit: a run that hangs fails the test instead of the suite. */
function cli(args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 90_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stderr: r.stderr };
}

const sample = join(ROOT, 'samples', 'MR-02', 'MR-02_2026-11-02.json');
const exportsDir = join(ROOT, 'test', 'fixtures', 'exports', 'mr-01');
const NOW = ['--now', '2026-11-02T18:00:00Z'];

describe('makeDirs', () => {
  it('creates missing parents, accepts an existing folder, and refuses a path through a file', () => {
    const own = mkdtempSync(join(tmpdir(), 'ato-make-dirs-'));
    try {
      const deep = join(own, 'x', 'y', 'z');
      makeDirs(deep);
      expect(statSync(deep).isDirectory()).toBe(true);
      expect(() => makeDirs(deep)).not.toThrow();
      writeFileSync(join(own, 'a-file'), '');
      expect(() => makeDirs(join(own, 'a-file', 'sub'))).toThrow(/ENOTDIR/);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it.skipIf(!haveProc)('throws ENOENT where mkdir refuses under an existing folder, instead of looping', () => {
    expect(() => makeDirs('/proc/ato-evidence-test/sub')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('an output the file system cannot hold is refused with its name, exit 1', () => {
  it('assess --out under a file, or on /proc', () => {
    const r = cli(['assess', sample, '--out', 'a-file/pkg', ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: a-file\/pkg: .*a-file is a file, not a folder$/m);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    if (haveProc) {
      const p = cli(['assess', sample, '--out', '/proc/ato-evidence-pkg', ...NOW]);
      expect(p.code).toBe(1);
      expect(p.stderr).toMatch(/^error: \/proc\/ato-evidence-pkg: cannot create a folder in \/proc \(ENOENT\)/m);
    }
    expect(readdirSync(dir).sort()).toEqual(['a-file']);
  });

  it.skipIf(!haveProc)('monitor --store on /proc ends with an error (it looped forever), and removes what it began', () => {
    const r = cli(['monitor', sample, '--store', '/proc/ato-evidence-store/st', '--out', 'report', ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: \/proc\/ato-evidence-store\/st: cannot be created in \/proc\/ato-evidence-store \(ENOENT\)$/m);
    expect(readdirSync(dir).sort()).toEqual(['a-file']);
  });

  it('ingest and component-definition --out under a file', () => {
    const r = cli(['ingest', exportsDir, '--out', 'a-file/snapshot.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: a-file\/snapshot\.json: .*a-file is not a folder$/m);
    const caps = join(ROOT, 'samples', 'vendor-capabilities.yaml');
    const c = cli(['component-definition', '--model', 'Magnara Vida 3T', '--capabilities', caps, '--out', 'a-file/cd.json', ...NOW]);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/^error: a-file\/cd\.json: .*a-file is not a folder$/m);
    for (const x of [r, c]) expect(x.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(dir).sort()).toEqual(['a-file']);
  });
});
