// Outputs whose place cannot hold them: a path through a file, a pseudo file system (/proc) where
// mkdir answers ENOENT under a folder that exists. Node's recursive mkdir loops forever there, so
// a scheduled monitor run hung; every command now says which output and why, exit 1, no stack.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemRefusal } from '../src/cli/output.js';
import { makeDirs } from '../src/io/make-dirs.js';
import { finalPathOf } from '../src/io/package-dir.js';
import { BIN, ROOT } from './support/cli-scratch.js';
import { tmpfsMount } from './support/tmpfs.js';

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
    // In a child process with a time limit: the loop this guards against is synchronous, so in this
    // process it would stall the whole suite instead of failing this test.
    const script = `import { makeDirs } from ${JSON.stringify(join(ROOT, 'dist/io/make-dirs.js'))};
      try { makeDirs('/proc/ato-evidence-test/sub'); console.log('created'); } catch (e) { console.log(e.code); }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(r.error, 'makeDirs under /proc did not return within 30 s (the mkdir loop)').toBeUndefined();
    expect(r.stdout.trim()).toBe('ENOENT');
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

describe('the machine refusing a write (a full disk, a read-only file system)', () => {
  it('is said as the system refusal, naming the output as it would be once in place, not as an internal error', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/srv/pkgs/.2026-11.tmp-4242/poam.json' });
    expect(systemRefusal(full)).toMatch(/^\/srv\/pkgs\/2026-11\/poam\.json: the system refused to write: no space left on the device \(ENOSPC\)\. /);
    // A copy fails at its destination, which Node gives as `dest`.
    const copy = Object.assign(new Error('EROFS'), { code: 'EROFS', syscall: 'copyfile', path: '/work/report/drift.json', dest: '/store/objects/tmp/ab.1' });
    expect(systemRefusal(copy)).toMatch(/^\/store\/objects\/tmp\/ab\.1: the system refused to copyfile: the file system is read-only \(EROFS\)/);
    // Not the machine's refusal: left to the internal-error path (a bug to report).
    expect(systemRefusal(new TypeError('x is undefined'))).toBeUndefined();
    expect(systemRefusal(Object.assign(new Error('gone'), { code: 'ENOENT' }))).toBeUndefined();
  });

  it('finalPathOf names a staged file by its final place, and leaves other paths alone', () => {
    expect(finalPathOf('/a/.pkg.tmp-12/evidence/MR-01.json')).toBe('/a/pkg/evidence/MR-01.json');
    expect(finalPathOf('.pkg.tmp-12')).toBe('pkg');
    expect(finalPathOf('/a/.pkg.tmp-x/f')).toBe('/a/.pkg.tmp-x/f');
    expect(finalPathOf('/a/pkg/f.tmp-3')).toBe('/a/pkg/f.tmp-3');
  });

  // A real full disk: a 300 KiB tmpfs (root only, where mount is allowed).
  const { path: tiny, mounted } = tmpfsMount('ato-tiny', '300k');

  it('assess on a full disk: exit 1, the refusal said, nothing left behind', (ctx) => {
    if (!mounted()) ctx.skip('needs root and mount, to make a small tmpfs');
    const r = cli(['assess', join(ROOT, 'samples'), '--out', join(tiny, 'pkg'), ...NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*the system refused to \w+: no space left on the device \(ENOSPC\)/m);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(tiny)).toEqual([]);
  });
});
