// The machine refusing a monitor run part-way, and what killed runs leave beside a store:
// - a full disk once the snapshots were filed: the message said "none was left half-written",
//   though the store then held this run's snapshot entries; it now says what was and was not written;
// - a read-only store: the message named the lock's private draft (.lock.PID.tmp), not the store;
// - `.STORE.new-PID-hex` (a store being created) and `.STORE.removed-PID-hex` of killed runs stayed
//   beside the store for ever; the next run that opens it removes those of dead processes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemRefusal } from '../src/cli/output.js';
import { runMonitor, type MonitorOptions } from '../src/monitor/run.js';
import { parseLedger } from '../src/store/ledger.js';
import { LEDGER_FILE } from '../src/store/store.js';
import { requireBuiltCli, runCli } from './support/cli.js';
import { tmpfsMount } from './support/tmpfs.js';

const root = new URL('..', import.meta.url).pathname;
const MR01 = ['10-05', '11-02'].map((m) => join(root, 'samples', 'MR-01', `MR-01_2026-${m}.json`));
// Above Linux's largest pid_max (2^22): never a running process.
const DEAD = 4_194_305;
let dir: string;

const base = (store: string, out: string): MonitorOptions => ({
  store: join(dir, store), inputs: MR01, out: join(dir, out), force: false, now: '2026-11-03T00:00:00Z', wallClock: new Date().toISOString(),
  toolVersion: 'test', baseline: 'moderate', pdf: false,
});
const entries = (store: string) => parseLedger(readFileSync(join(dir, store, LEDGER_FILE), 'utf8')).entries;
const full = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });

/** The run refused by a full disk at `step`, and the message the CLI prints for it. */
async function refusedAt(store: string, out: string, step: string): Promise<string> {
  const e = await runMonitor({ ...base(store, out), onStep: (s) => {
    if (s === step) throw full();
  } }).then(() => undefined, (x: unknown) => x);
  expect(e, `a refusal at ${step}`).toBeDefined();
  const message = systemRefusal(e);
  expect(message, String(e)).toBeDefined();
  return message!;
}

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'ato-store-refused-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a full disk part-way through a monitor run: the message says what the store now holds', () => {
  it('after the snapshot entries were filed: their number, the run not recorded, --out not written', async () => {
    const m = await refusedAt('st1', 'r1', 'snapshots');
    const snapshots = entries('st1').filter((e) => e.kind === 'snapshot').length;
    expect(snapshots).toBe(2);
    expect(entries('st1').some((e) => e.kind === 'run')).toBe(false);
    expect(m).toContain('no space left on the device (ENOSPC)');
    expect(m).not.toMatch(/none was left half-written/);
    expect(m).toContain(`2 snapshot entries of this run were filed in the store ${join(dir, 'st1')}, each complete, but not the run itself`);
    expect(m).toContain(`--out ${join(dir, 'r1')} was not written`);
    expect(existsSync(join(dir, 'r1'))).toBe(false);
  });

  it('after the run was recorded: --out not written, and the same command writes it from the store', async () => {
    const m = await refusedAt('st2', 'r2', 'run');
    expect(entries('st2').filter((e) => e.kind === 'run')).toHaveLength(1);
    expect(m).toContain('and so was the run itself');
    expect(m).toContain(`--out ${join(dir, 'r2')} was not written: the same command run again writes it from the store`);
    const again = await runMonitor(base('st2', 'r2'));
    expect(again.alreadyRecorded).toBe(true);
    expect(existsSync(join(dir, 'r2', 'drift.json'))).toBe(true);
  });

  it('before anything was filed into a store it created: the store removed again', async () => {
    const m = await refusedAt('st3', 'r3', 'report');
    expect(existsSync(join(dir, 'st3'))).toBe(false);
    expect(m).toContain(`Nothing was filed: the store ${join(dir, 'st3')}, created by this run, was removed again`);
  });
});

describe('a read-only store', () => {
  const { path: ro, mounted } = tmpfsMount('ato-ro-store', '4m');

  it('is named with what failed, not the lock file\'s private draft; exit 1, nothing written', (ctx) => {
    if (!mounted()) ctx.skip('needs root and mount, to make a read-only tmpfs');
    const first = runCli(dir, ['monitor', '--store', join(ro, 'st'), MR01[0]!, '--out', 'ro-r1', '--now', '2026-11-03T00:00:00Z', '--no-pdf']);
    expect(first.code, first.stderr).toBe(0);
    expect(spawnSync('mount', ['-o', 'remount,ro', ro]).status).toBe(0);
    const r = runCli(dir, ['monitor', '--store', join(ro, 'st'), MR01[1]!, '--out', 'ro-r2', '--now', '2026-11-04T00:00:00Z', '--no-pdf']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: ${join(ro, 'st')}: cannot be locked for this run: the system refused to write its lock file (lock): the file system is read-only (EROFS)`);
    expect(r.stderr).toContain('nothing was filed and the store is as it was');
    expect(r.stderr).not.toMatch(/\.lock\.\d+\.tmp|internal error|\n\s+at /);
    expect(existsSync(join(dir, 'ro-r2'))).toBe(false);
  });
});

describe('what killed runs left beside a store', () => {
  it('a dead run\'s store being created or removed is removed once the store is open, and said; a live run\'s is kept', async () => {
    mkdirSync(join(dir, 'beside'));
    const leave = (name: string) => {
      mkdirSync(join(dir, 'beside', name, 'objects'), { recursive: true });
      writeFileSync(join(dir, 'beside', name, 'store.json'), '{"format": ');
    };
    leave(`.st.new-${DEAD}-0a1b2c3d`);
    leave(`.st.removed-${DEAD + 1}-deadbeef`);
    leave(`.st.new-${process.ppid}-00000000`); // a run still creating it
    leave(`.other.new-${DEAD}-0a1b2c3d`); // another store's: its own next run removes it
    const r = await runMonitor({ ...base('beside/st', 'beside/rep') });
    expect(readdirSync(join(dir, 'beside')).sort()).toEqual([`.other.new-${DEAD}-0a1b2c3d`, `.st.new-${process.ppid}-00000000`, 'rep', 'st']);
    const notes = r.notes.join('\n');
    expect(notes).toContain(`.st.new-${DEAD}-0a1b2c3d: the store being created of a run that was interrupted (pid ${DEAD}, which no longer runs)`);
    expect(notes).toContain(`.st.removed-${DEAD + 1}-deadbeef: the store being removed`);
  });
});
