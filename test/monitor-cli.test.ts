// `monitor` and `verify --store` as a user runs them: exit codes (0, 1, 2, 3 for --fail-on),
// the lock's message for a second run, tampering named on the command line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../src/store/lock.js';
import { LEDGER_FILE } from '../src/store/store.js';

const root = new URL('..', import.meta.url).pathname;
// ATO_CLI lets a helper run these against a private build; npm test builds dist/.
const bin = process.env.ATO_CLI ?? join(root, 'dist/cli/main.js');
let dir: string;

function cli(args: string[], timeout?: number) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...(timeout ? { timeout } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const snapshot = JSON.parse(readFileSync(join(root, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8'));
function writeSnap(name: string, collectedAt: string, edit: (s: typeof snapshot) => void = () => {}): string {
  const s = structuredClone(snapshot);
  s.collectedAt = collectedAt;
  edit(s);
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, JSON.stringify(s, null, 2));
  return p;
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npm run build" (npm test does it)`);
  dir = mkdtempSync(join(tmpdir(), 'ato-monitor-cli-'));
  // A catalog of one check (FW-ENABLED: sc-7, cm-7), so a firewall profile switched off is
  // exactly one regression of those two controls.
  const lines = readFileSync(join(root, 'controls/checks.yaml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l === '- id: FW-ENABLED');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('- id: '));
  writeFileSync(join(dir, 'fw.yaml'), lines.slice(start, end).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('help', () => {
  it('monitor --help explains the store, the exit codes and shows examples', () => {
    const r = cli(['monitor', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--store <store>/);
    expect(r.stdout).toMatch(/3 --fail-on tripped/);
    expect(r.stdout).toMatch(/Example:\n\s+\$ ato-evidence monitor --store/);
    expect(cli(['verify', '--help']).stdout).toMatch(/\$ ato-evidence verify --store/);
  });
});

describe('--fail-on', () => {
  let store: string;
  beforeAll(() => {
    store = join(dir, 'gate-store');
    writeSnap('gate/oct.json', '2026-10-05T09:00:00Z');
    writeSnap('gate/nov-same.json', '2026-11-02T09:00:00Z');
    writeSnap('gate/dec-off.json', '2026-12-01T09:00:00Z', (s) => (s.firewall.profiles.find((p: { name: string }) => p.name === 'public').enabled = false));
  });

  it('exit 0 when nothing regressed (the first run, then an unchanged device)', () => {
    const first = cli(['monitor', '--store', store, 'gate/oct.json', '--out', 'g1', '--checks', 'fw.yaml', '--no-pdf', '--now', '2026-10-06T00:00:00Z', '--fail-on', 'regression']);
    expect(first.stderr).toContain('First run in the store');
    expect(first.code).toBe(0);
    const same = cli(['monitor', '--store', store, 'gate/nov-same.json', '--out', 'g2', '--checks', 'fw.yaml', '--no-pdf', '--now', '2026-11-03T00:00:00Z', '--fail-on', 'regression', '--json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ gate: 0, drift: { controls: { regressed: 0 } } });
  });

  it('exit 3 when a control regressed, and the report names it (sc-7 on MR-02 by FW-ENABLED)', () => {
    const r = cli(['monitor', '--store', store, 'gate/dec-off.json', '--out', 'g3', '--checks', 'fw.yaml', '--no-pdf', '--now', '2026-12-02T00:00:00Z', '--fail-on', 'regression']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--fail-on tripped');
    const drift = JSON.parse(readFileSync(join(dir, 'g3', 'drift.json'), 'utf8'));
    const sc7 = drift.controls.find((c: { controlId: string }) => c.controlId === 'sc-7');
    // FW-ENABLED alone shows sc-7 a[02] only, so sc-7 was partially assessed before the fail.
    expect(sc7).toMatchObject({ transition: 'regressed', old: 'partial', new: 'not-satisfied' });
    expect(sc7.responsible).toEqual([expect.objectContaining({ deviceId: 'MR-02', checkId: 'FW-ENABLED', new: 'fail' })]);
    // The report was still written in full: the gate is about the exit code only.
    expect(existsSync(join(dir, 'g3', 'assessment-results.json'))).toBe(true);
  });

  it('--fail-on fail: exit 3 while any check fails, even without a new regression; without --fail-on, 0', () => {
    writeSnap('gate/jan-off.json', '2027-01-04T09:00:00Z', (s) => (s.firewall.profiles.find((p: { name: string }) => p.name === 'public').enabled = false));
    const still = cli(['monitor', '--store', store, 'gate/jan-off.json', '--out', 'g4', '--checks', 'fw.yaml', '--no-pdf', '--now', '2027-01-05T00:00:00Z', '--fail-on', 'regression']);
    expect(still.code).toBe(0); // still failing is not a regression
    const fail = cli(['monitor', '--store', store, 'gate/jan-off.json', '--out', 'g5', '--checks', 'fw.yaml', '--no-pdf', '--now', '2027-01-06T00:00:00Z', '--fail-on', 'fail']);
    expect(fail.code).toBe(3);
    const none = cli(['monitor', '--store', store, 'gate/jan-off.json', '--out', 'g6', '--checks', 'fw.yaml', '--no-pdf', '--now', '2027-01-07T00:00:00Z']);
    expect(none.code).toBe(0);
  });

  it('a bad --fail-on value or a bad schedule is a usage error (2)', () => {
    expect(cli(['monitor', '--store', store, 'gate/oct.json', '--out', 'gx', '--fail-on', 'sometimes']).code).toBe(2);
    const bad = cli(['monitor', '--store', store, 'gate/oct.json', '--out', 'gx', '--schedule', '0 6 * *']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--schedule "0 6 \* \*": has 4 field/);
  });

  it('refuses to overwrite a report folder without --force', () => {
    const r = cli(['monitor', '--store', store, 'gate/jan-off.json', '--out', 'g6', '--checks', 'fw.yaml', '--no-pdf', '--now', '2027-01-08T00:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/g6: already exists and is not empty/);
  });
});

describe('the lock', () => {
  it('a second run while the store is held gets a clear message and exit 1; the store is untouched', () => {
    const store = join(dir, 'locked-store');
    writeSnap('lock/a.json', '2026-10-05T09:00:00Z');
    expect(cli(['monitor', '--store', store, 'lock/a.json', '--out', 'l1', '--checks', 'fw.yaml', '--no-pdf', '--now', '2026-10-06T00:00:00Z']).code).toBe(0);
    const before = readFileSync(join(store, LEDGER_FILE));
    const held = acquireLock(store, store, '2026-11-28T10:00:00Z'); // this test process is the live holder
    try {
      writeSnap('lock/b.json', '2026-11-02T09:00:00Z');
      const r = cli(['monitor', '--store', store, 'lock/b.json', '--out', 'l2', '--checks', 'fw.yaml', '--no-pdf', '--now', '2026-11-03T00:00:00Z']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`is in use by another monitor run (pid ${process.pid}`);
      expect(r.stderr).toContain('since 2026-11-28T10:00:00Z');
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
      expect(readFileSync(join(store, LEDGER_FILE)).equals(before)).toBe(true);
      expect(existsSync(join(dir, 'l2'))).toBe(false);
    } finally {
      held.release();
    }
  });

  it('two runs started together: each finishes or is refused with the message; the store verifies', async () => {
    const store = join(dir, 'race-store');
    for (let i = 0; i < 30; i++) writeSnap(`race/${i}.json`, '2026-10-05T09:00:00Z', (s) => (s.device.id = `MR-${100 + i}`));
    const run = (out: string) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [bin, 'monitor', '--store', store, 'race', '--out', out, '--checks', 'fw.yaml', '--no-pdf', '--now', '2026-10-06T00:00:00Z'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      let stderr = '';
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (code) => resolve({ code, stderr }));
    });
    const results = await Promise.all([run('r1'), run('r2')]);
    for (const r of results) {
      if (r.code !== 0) {
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('is in use by another monitor run');
      }
    }
    expect(results.some((r) => r.code === 0)).toBe(true);
    const v = cli(['verify', '--store', store, '--json']);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, snapshots: 30, runs: 1 });
  });
});

describe('verify --store on the command line', () => {
  it('exit 0 and the counts when intact; exit 1 naming the object when a byte changed', () => {
    const store = join(dir, 'gate-store');
    const ok = cli(['verify', '--store', store]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^intact: \d+ ledger entries \(4 snapshots, 6 runs\)/);
    const ledger = readFileSync(join(store, LEDGER_FILE), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const dec = ledger.find((e) => e.kind === 'snapshot' && e.collectedAt.startsWith('2026-12-01'));
    const p = join(store, 'objects', dec.object.slice(0, 2), dec.object.slice(2));
    const bytes = readFileSync(p);
    bytes[bytes.length - 2] ^= 0x20;
    writeFileSync(p, bytes);
    const bad = cli(['verify', '--store', store]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`object-changed: objects/${dec.object.slice(0, 2)}/${dec.object.slice(2)}: its content no longer matches its name`);
    expect(bad.stderr).toContain(`named by ledger.jsonl line ${dec.seq} (seq ${dec.seq}, snapshot MR-02 2026-12-01T09:00:00Z)`);
    const j = cli(['verify', '--store', store, '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, problems: [{ kind: 'object-changed' }] });
  });

  it('a package folder and --store together, or neither, is a usage error', () => {
    expect(cli(['verify']).code).toBe(2);
    expect(cli(['verify', 'pkg', '--store', 'x']).code).toBe(2);
  });
});

describe('the store\'s head on the command line', () => {
  it('monitor --sign-key signs the head and prints it; verify --store --public-key checks it; --expect-head finds the entry', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, 'store.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'store.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    const store = join(dir, 'signed-store');
    writeSnap('signed/a.json', '2026-10-05T09:00:00Z');
    const r = cli(['monitor', '--store', store, 'signed/a.json', '--out', 's1', '--checks', 'fw.yaml', '--no-pdf', '--now', '2026-10-06T00:00:00Z', '--sign-key', 'store.pem']);
    expect(r.code).toBe(0);
    const head = JSON.parse(readFileSync(join(store, 'head.json'), 'utf8'));
    expect(r.stderr).toContain(`Store head: 2 ledger entries, hash ${head.hash} (signed)`);
    const v = cli(['verify', '--store', store, '--public-key', 'store.pub.pem', '--expect-head', head.hash]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(new RegExp(`^intact: 2 ledger entries .*; head ${head.hash}; head signature valid \\(store\\.pub\\.pem\\); holds the entry ${head.hash} you kept\\n$`));
    // The next run without the key is refused: it would leave the head unsigned.
    writeSnap('signed/b.json', '2026-11-02T09:00:00Z');
    const unsigned = cli(['monitor', '--store', store, 'signed/b.json', '--out', 's2', '--checks', 'fw.yaml', '--no-pdf', '--now', '2026-11-03T00:00:00Z']);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toMatch(/head\.json: is signed .*give --sign-key/);
    expect(existsSync(join(dir, 's2'))).toBe(false);
    // --start-signing starts signing: without a key it means nothing.
    expect(cli(['monitor', '--store', store, 'signed/b.json', '--out', 's2', '--checks', 'fw.yaml', '--no-pdf', '--now', '2026-11-03T00:00:00Z', '--start-signing']).stderr).toMatch(/--start-signing .*give it with --sign-key/);
    const scheduled = cli(['monitor', '--store', store, 'signed/b.json', '--out', 's2', '--checks', 'fw.yaml', '--no-pdf', '--schedule', '0 6 * * 1', '--sign-key', 'store.pem', '--start-signing'], 20_000); // would wait for Monday
    expect(scheduled.code).toBe(2);
    expect(scheduled.stderr).toMatch(/--start-signing is for one run, not a schedule/);
    const unknown = cli(['verify', '--store', store, '--expect-head', 'f'.repeat(64)]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`holds no entry whose hash is ${'f'.repeat(64)}`);
    expect(cli(['verify', '--store', store, '--expect-head', 'xyz']).code).toBe(2);
  });
});
