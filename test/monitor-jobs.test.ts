// `monitor --jobs N`: the inputs read for filing and the devices compared by worker threads give
// the same store and the same report, byte for byte, as one thread: on a synthetic fleet with real
// changes and the irregular cases (a device twice in a run, devices in one run only, a snapshot
// holding a secret, an export folder ingested on the main thread), and the same first error, exit
// code and untouched store for a bad snapshot or a changed object.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticNextMonth, syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import * as ingest from '../src/ingest/index.js';
import { regenerateRun, runMonitor, type MonitorOptions } from '../src/monitor/run.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { objectPath } from '../src/store/store.js';
import { ROOT } from './support/drift.js';

const MAY = '2027-05-01T00:00:00Z';
const JUNE = '2027-06-01T00:00:00Z';
const SECRET = 'Sup3r-Secr3t-Bind!';
const dir = mkdtempSync(join(tmpdir(), 'ato-monitor-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (path: string, s: Snapshot | string) => writeFileSync(path, typeof s === 'string' ? s : JSON.stringify(s, null, 2) + '\n');
function later(s: Snapshot, hours: number): Snapshot {
  return { ...s, collectedAt: new Date(Date.parse(s.collectedAt) + hours * 3_600_000).toISOString().replace('.000Z', 'Z') };
}

/** Every file under a folder, by path relative to it. */
function tree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p));
    }
  };
  walk(root);
  return out;
}

/** The same files with the same bytes (`a` and `b`: folders, or their trees read earlier). */
function expectSameTree(a: string | Map<string, Buffer>, b: string | Map<string, Buffer>, what = `${String(b)} against ${String(a)}`): void {
  const ta = typeof a === 'string' ? tree(a) : a;
  const tb = typeof b === 'string' ? tree(b) : b;
  expect([...tb.keys()].sort(), what).toEqual([...ta.keys()].sort());
  for (const [name, bytes] of ta) expect(tb.get(name)!.equals(bytes), `${name} differs: ${what}`).toBe(true);
}

const opts = (store: string, inputs: string[], out: string, now: string, jobs: number, over: Partial<MonitorOptions> = {}): MonitorOptions => ({
  store, inputs, out, force: false, now, wallClock: '2027-06-01T00:00:00Z', toolVersion: 'test', baseline: 'moderate', pdf: false, ingest, jobs, ...over,
});

const COUNT = 80;
const may = join(dir, 'may');
const june = join(dir, 'june');
const exportsDir = join(dir, 'june-exports');
const deviations = join(dir, 'deviations.csv');

beforeAll(() => {
  mkdirSync(join(may, 'site-a'), { recursive: true });
  mkdirSync(join(june, 'site-a'), { recursive: true });
  for (let i = 0; i < COUNT; i++) {
    const name = `${i < COUNT / 2 ? 'site-a/' : ''}${String(i).padStart(6, '0')}.json`;
    const s = syntheticSnapshot(i);
    write(join(may, name), s);
    if (i !== 70) write(join(june, name), syntheticNextMonth(structuredClone(s), i, { publicProfileOff: true })); // 70: not collected in June
  }
  // Only in June.
  write(join(june, '000090.json'), syntheticNextMonth(syntheticSnapshot(90), 90));
  // Device 10 twice in June: the later snapshot is the one compared.
  const again = later(syntheticNextMonth(syntheticSnapshot(10), 10), 1);
  again.access!.lockoutPolicy!.local!.threshold = 0;
  write(join(june, 'site-a/000010-again.json'), again);
  // A snapshot holding a secret: filed redacted, whichever thread read it.
  const secret = syntheticNextMonth(syntheticSnapshot(30), 30);
  secret.access = { ...secret.access, ldap: { ...secret.access?.ldap, enabled: true, transport: 'ldaps', bindPassword: SECRET } } as Snapshot['access'];
  write(join(june, 'site-a/000030.json'), secret);
  // An export folder among the inputs: ingested on the main thread.
  mkdirSync(exportsDir);
  cpSync(join(ROOT, 'test/fixtures/exports/mr-01'), join(exportsDir, 'mr-01'), { recursive: true });
  // Deviations (one current, one expired by June) reach the worker threads' evaluation too.
  writeFileSync(deviations, [
    'check_id,device_id,justification,approver,expires',
    'FW-ENABLED,*,Firewall managed by the network segment during the pilot,AO,2027-12-31',
  ].join('\n') + '\n');
});

/** Two runs (May, then June) into a fresh store with `jobs` threads. */
async function twoRuns(name: string, jobs: number, pdf: boolean) {
  mkdirSync(join(dir, name));
  const store = join(dir, name, 'store');
  const first = await runMonitor(opts(store, [may], join(dir, name, 'may-out'), MAY, jobs, { deviations }));
  const second = await runMonitor(opts(store, [june, exportsDir], join(dir, name, 'june-out'), JUNE, jobs, { pdf, deviations }));
  return { store, first, second };
}

describe('monitor --jobs on a synthetic fleet', () => {
  let one: Awaited<ReturnType<typeof twoRuns>>;
  let three: Awaited<ReturnType<typeof twoRuns>>;
  beforeAll(async () => {
    one = await twoRuns('one', 1, true);
    three = await twoRuns('three', 3, true);
  });

  it('used worker threads where asked, and one thread where not', () => {
    expect(one.second.threads).toBe(1);
    expect(three.first.threads).toBe(3);
    expect(three.second.threads).toBe(3);
  });

  it('gives a byte-identical store and reports (drift.json, drift.md, assessment-results.json, PDF) with 1 and 3 threads', () => {
    expectSameTree(join(dir, 'one', 'may-out'), join(dir, 'three', 'may-out'));
    expectSameTree(join(dir, 'one', 'june-out'), join(dir, 'three', 'june-out'));
    expect(readdirSync(join(dir, 'three', 'june-out'))).toContain('monitoring-report.pdf');
    expectSameTree(one.store, three.store);
  });

  it('reports what the fleet did: the device not collected again, the new ones, the later of two snapshots', () => {
    const drift = JSON.parse(readFileSync(join(dir, 'three', 'june-out', 'drift.json'), 'utf8'));
    expect(three.second.missing).toEqual([syntheticSnapshot(70).device.id]);
    expect(three.second.added).toEqual(expect.arrayContaining([syntheticSnapshot(90).device.id, 'MR-01']));
    const ten = drift.devices.find((d: { deviceId: string }) => d.deviceId === syntheticSnapshot(10).device.id);
    expect(ten.new.file).toMatch(/000010-again\.json$/);
    expect(ten.settings.some((s: { path: string }) => s.path.includes('lockoutPolicy.local.threshold'))).toBe(true);
    // The deviation reached the workers' evaluation: a firewall profile switched off in June is a
    // documented deviation, not a failure.
    const fw = drift.devices.flatMap((d: { checks: Array<{ checkId: string; new?: string }> }) => d.checks.filter((c) => c.checkId === 'FW-ENABLED'));
    expect(fw.length).toBeGreaterThan(0);
    expect(fw.every((c: { new?: string }) => c.new !== 'fail')).toBe(true);
    expect(fw.some((c: { new?: string }) => c.new === 'deviation')).toBe(true);
  });

  it('never files or reports the secret, whichever thread read it', () => {
    for (const [name, bytes] of tree(three.store)) expect(bytes.includes(SECRET), `${name} holds the secret`).toBe(false);
    for (const [name, bytes] of tree(join(dir, 'three', 'june-out'))) expect(bytes.includes(SECRET), `${name} holds the secret`).toBe(false);
  });

  it('regenerates the June report from the store with 3 threads, identical to the one stored', async () => {
    const r = await regenerateRun(three.store, three.second.run, join(dir, 'three', 'regen'), false, 3);
    expect(r.differs).toEqual([]);
  });
});

describe('monitor --jobs: the same first error, and nothing filed', () => {
  const storeWithMay = async (name: string, jobs: number) => {
    const store = join(dir, name);
    await runMonitor(opts(store, [may], join(dir, `${name}-may-out`), MAY, jobs));
    return store;
  };

  it('a snapshot cut short in the middle of the fleet: the same message with 1 and 3 threads, the store as it was', async () => {
    const bad = join(dir, 'june-bad');
    cpSync(june, bad, { recursive: true });
    // Two bad files: the first in input order is the one reported.
    write(join(bad, '000050.json'), readFileSync(join(june, '000050.json'), 'utf8').slice(0, 900));
    write(join(bad, '000075.json'), '{"not": "a snapshot"}\n');
    const messages: string[] = [];
    for (const jobs of [1, 3]) {
      const store = await storeWithMay(`bad-${jobs}`, jobs);
      const before = tree(store);
      const out = join(dir, `bad-${jobs}-out`);
      const e = await runMonitor(opts(store, [bad], out, JUNE, jobs)).then(() => undefined, (x: Error) => x);
      expect(e, `jobs ${jobs}`).toBeInstanceOf(Error);
      messages.push(e!.message);
      expect(existsSync(out)).toBe(false);
      expectSameTree(before, store, `the store after the refused run, jobs ${jobs}`);
    }
    expect(messages[0]).toMatch(/000050\.json at line \d+, column \d+: not valid JSON/);
    expect(messages[1]).toBe(messages[0]);
  });

  it('--keep-going: the unreadable input reported the same way, the rest filed and compared', async () => {
    const bad = join(dir, 'june-bad-kg');
    cpSync(june, bad, { recursive: true });
    write(join(bad, '000050.json'), readFileSync(join(june, '000050.json'), 'utf8').slice(0, 900));
    const outs: string[] = [];
    for (const jobs of [1, 3]) {
      const store = await storeWithMay(`kg-${jobs}`, jobs);
      const out = join(dir, `kg-${jobs}-out`);
      const r = await runMonitor(opts(store, [bad], out, JUNE, jobs, { keepGoing: true, warn: () => undefined }));
      expect(r.unreadable.map((u) => u.input)).toEqual(['june-bad-kg/000050.json']);
      outs.push(out);
    }
    expectSameTree(outs[0]!, outs[1]!);
  });

  // Filing reads each device's previous object (a secret masked there and gone from its place may have
  // moved: maskMovedSecrets), in the inputs' order: june/'s own files before site-a/'s, so 000060's May
  // object is read, and refused, before site-a/000020's.
  it('an object of the previous run changed in the store: the same refusal, naming the first object read in the inputs\' order, with 1 and 3 threads', async () => {
    const messages: string[] = [];
    for (const jobs of [1, 3]) {
      const store = await storeWithMay(`tamper-${jobs}`, jobs);
      const ledger = readFileSync(join(store, 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; device?: string; object?: string });
      const objectOf = (i: number) => ledger.find((e) => e.kind === 'snapshot' && e.device === syntheticSnapshot(i).device.id)!.object!;
      for (const i of [60, 20]) {
        const p = objectPath(store, objectOf(i));
        writeFileSync(p, readFileSync(p, 'utf8').replace('"collectedAt"', '"collectedAt" '));
      }
      const e = await runMonitor(opts(store, [june], join(dir, `tamper-${jobs}-out`), JUNE, jobs)).then(() => undefined, (x: Error) => x);
      expect(e, `jobs ${jobs}`).toBeInstanceOf(Error);
      expect(e!.message).toContain(objectOf(60).slice(2));
      expect(e!.message).toMatch(/no longer matches its name/);
      messages.push(e!.message.replaceAll(store, 'STORE'));
    }
    expect(messages[1]).toBe(messages[0]);
  });
});

describe('monitor --jobs on the command line', () => {
  it('refuses a number of threads that is not a whole number from 1 to 999 (exit code 2)', () => {
    for (const bad of ['0', '1000', '2.5', 'two']) {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'monitor', '--store', join(dir, 'cli-store'), may, '--out', join(dir, 'cli-out'), '--jobs', bad], { encoding: 'utf8' });
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toContain('--jobs must be a whole number from 1 to 999');
      expect(existsSync(join(dir, 'cli-store'))).toBe(false);
    }
  });
});
