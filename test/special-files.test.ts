// A FIFO, socket or device named where a file is read: reading a FIFO waits for a writer and
// /dev/zero never ends, so every command hung on one named by an option (--deviations, --checks,
// --capabilities, --sign-key, --public-key, validate's --schema and FILES, ingest's EXPORTS…).
// Every path the command line names is now checked before anything is read.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './support/cli-scratch.js';

let dir: string;
let fifo: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-special-'));
  fifo = join(dir, 'pipe.yaml');
  const made = spawnSync('mkfifo', [fifo]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** With a time limit: a run that hangs fails its test instead of the suite. */
function cli(args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, input: '', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stderr: r.stderr };
}

const sample = join(ROOT, 'samples', 'MR-02', 'MR-02_2026-11-02.json');
const haveDevZero = existsSync('/dev/zero');

describe('a FIFO or a device where a file is read is refused, naming it and the option, exit 1', () => {
  const cases: Array<[string, (special: string) => string[], string]> = [
    ['assess --deviations', (f) => ['assess', sample, '--out', 'pkg', '--deviations', f], '--deviations'],
    ['assess --attestations', (f) => ['assess', sample, '--out', 'pkg', '--attestations', f], '--attestations'],
    ['checks --checks', (f) => ['checks', '--checks', f], '--checks'],
    ['diff OLD', (f) => ['diff', f, sample, '--out', 'drift'], 'OLD'],
    ['monitor --params', (f) => ['monitor', sample, '--store', 'store', '--out', 'report', '--params', f], '--params'],
    ['ingest EXPORTS', (f) => ['ingest', f, '--out', 'snapshot.json'], 'EXPORTS'],
    ['validate FILES', (f) => ['validate', f], 'FILES'],
    ['validate --schema', (f) => ['validate', join(ROOT, 'samples', 'system.yaml'), '--schema', f], '--schema'],
    ['verify --public-key', (f) => ['verify', join(ROOT, 'out'), '--public-key', f], '--public-key'],
    ['component-definition --capabilities', (f) => ['component-definition', '--model', 'Magnara Vida 3T', '--capabilities', f, '--out', 'cd.json'], '--capabilities'],
  ];
  for (const [what, args, option] of cases) {
    it(`${what}: a FIFO`, () => {
      const r = cli(args(fifo));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`error: ${fifo}: is a FIFO (named pipe), not a file or a folder (${option}): it is never opened`);
    });
  }

  it.skipIf(!haveDevZero)('assess --checks /dev/zero and monitor --sign-key /dev/zero: a device', () => {
    for (const [args, option] of [[['assess', sample, '--out', 'pkg', '--checks', '/dev/zero'], '--checks'], [['monitor', sample, '--store', 'store', '--out', 'report', '--sign-key', '/dev/zero'], '--sign-key']] as const) {
      const r = cli([...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`error: /dev/zero: is a device, not a file or a folder (${option})`);
    }
  });

  it('nothing was written', () => {
    expect(readdirSync(dir)).toEqual(['pipe.yaml']);
  });
});
