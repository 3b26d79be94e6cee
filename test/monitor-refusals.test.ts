// `monitor` refuses what it cannot vouch for, and a refused run touches nothing: every input is
// judged before the first object is placed, and a damaged store (its tail cut, a changed or
// missing object, a file that is not what it should be) is named and not written to.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonitor, type MonitorOptions } from '../src/monitor/run.js';
import { formatEntry, parseLedger, type RunBody } from '../src/store/ledger.js';
import { HEAD_FILE, LEDGER_FILE, objectPath, STORE_MARKER } from '../src/store/store.js';
import { verifyStore } from '../src/store/verify.js';
import { sha256Hex } from '../src/oscal/ids.js';
import { userErrorOfAsync } from './support/user-error.js';
import * as ingest from '../src/ingest/index.js';

const root = new URL('..', import.meta.url).pathname;
const bin = process.env.ATO_CLI ?? join(root, 'dist/cli/main.js');
const sample = JSON.parse(readFileSync(join(root, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8'));
const NOW = '2026-11-03T00:00:00Z';
let dir: string;

/** Every file and folder under `p` with its bytes; null when `p` does not exist. */
function tree(p: string): Map<string, string> | null {
  if (!existsSync(p)) return null;
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(p, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = statSync(join(p, r));
      if (st.isDirectory()) {
        out.set(`${r}/`, '');
        walk(r);
      } else if (!st.isFile()) {
        out.set(r, 'not a regular file'); // a FIFO put there by a test: reading it would wait forever
      } else {
        out.set(r, readFileSync(join(p, r)).toString('base64'));
      }
    }
  };
  walk('');
  return out;
}

function snap(device: string, collectedAt: string, edit: (s: typeof sample) => void = () => {}): string {
  const s = structuredClone(sample);
  s.device.id = device;
  s.collectedAt = collectedAt;
  edit(s);
  return JSON.stringify(s, null, 2) + '\n';
}

/** A folder of snapshots; the names sort so that the bad one (if any) comes last, after good ones were read. */
function fleet(name: string, files: Record<string, string>): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
}

const opts = (over: Partial<MonitorOptions>): MonitorOptions => ({
  store: join(dir, 'store'), inputs: [], out: join(dir, 'out'), force: false, now: NOW, wallClock: new Date().toISOString(),
  toolVersion: 'test', baseline: 'moderate', pdf: false, ingest, ...over,
});

let good: string;
let existing: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-monitor-refusals-'));
  good = fleet('good', { 'a-MR-10.json': snap('MR-10', '2026-11-01T08:00:00Z'), 'b-MR-11.json': snap('MR-11', '2026-11-01T08:00:00Z') });
  // An existing store holding one run (MR-10 and MR-11 in October).
  existing = join(dir, 'existing');
  const oct = fleet('oct', { 'a.json': snap('MR-10', '2026-10-01T08:00:00Z'), 'b.json': snap('MR-11', '2026-10-01T08:00:00Z') });
  await runMonitor(opts({ store: existing, inputs: [oct], out: join(dir, 'oct-out'), now: '2026-10-02T00:00:00Z' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a rejected run touches nothing: no store created, no object, no entry, no --out', () => {
  const bad = (name: string, text: string) => fleet(`bad-${name}`, { 'a-MR-10.json': snap('MR-10', '2026-11-01T08:00:00Z'), 'b-MR-11.json': snap('MR-11', '2026-11-01T08:00:00Z'), 'z-bad.json': text });
  const cfg = (name: string, text: string) => {
    const p = join(dir, `cfg-${name}`);
    writeFileSync(p, text);
    return p;
  };
  const cases: Array<[string, () => Partial<MonitorOptions>, RegExp]> = [
    ['a snapshot that is not JSON', () => ({ inputs: [bad('json', '{"schemaVersion": 1,')] }), /z-bad\.json/],
    ['a snapshot the schema refuses', () => ({ inputs: [bad('schema', snap('MR-12', '2026-11-01T08:00:00Z', (s) => (s.firewall = 'off')))] }), /z-bad\.json at \/firewall/],
    ['a snapshot collected after --now', () => ({ inputs: [bad('future', snap('MR-12', '2026-12-01T08:00:00Z'))] }), /after the run's time/],
    ['two different snapshots of one device at one time', () => ({ inputs: [bad('twin', snap('MR-10', '2026-11-01T08:00:00Z', (s) => (s.firewall.profiles[0].enabled = !s.firewall.profiles[0].enabled)))] }), /two different snapshots of device MR-10/],
    ['a snapshot that is not a file but a dangling name', () => ({ inputs: [good, join(dir, 'no-such-file.json')] }), /no-such-file\.json/],
    ['a bad parameters file', () => ({ inputs: [good], params: cfg('params.csv', 'parameter,value\nno-such-parameter,3\n') }), /no-such-parameter/],
    ['a bad profile', () => ({ inputs: [good], profile: cfg('profile.json', '{"profile": 7}') }), /profile\.json/],
    ['a bad deviations file', () => ({ inputs: [good], deviations: cfg('deviations.csv', 'who,what\nx,y\n') }), /deviations\.csv/],
    ['a bad check catalog', () => ({ inputs: [good], checks: cfg('checks.yaml', '- id: X\n  layer: nowhere\n') }), /checks\.yaml/],
    ['a bad --sign-key', () => ({ inputs: [good], signKey: cfg('key.pem', 'not a key') }), /key\.pem: is not a usable PEM private key/],
    ['an --out that exists and is not empty', () => {
      mkdirSync(join(dir, 'full-out'), { recursive: true });
      writeFileSync(join(dir, 'full-out', 'keep.txt'), 'x');
      return { inputs: [good], out: join(dir, 'full-out') };
    }, /already exists and is not empty/],
    ['an export folder holding a malformed export', () => {
      const ex = join(dir, 'bad-export', 'mr-01');
      cpSync(join(root, 'test/fixtures/exports/mr-01'), ex, { recursive: true });
      writeFileSync(join(ex, 'net-accounts.txt'), 'Lockout threshold: many\n');
      return { inputs: [good, join(dir, 'bad-export')] };
    }, /net-accounts\.txt/],
  ];

  for (const [what, over, message] of cases) {
    it(`${what}: a new store is not created, an existing one is byte-identical`, async () => {
      const o = over();
      const out = o.out ?? join(dir, `out-${what.replace(/\W+/g, '-')}`);
      const outBefore = tree(out);
      const fresh = join(dir, `new-${what.replace(/\W+/g, '-')}`);
      const e1 = await userErrorOfAsync(() => runMonitor(opts({ ...o, store: fresh, out })));
      expect(e1.message).toMatch(message);
      expect(existsSync(fresh)).toBe(false);
      const before = tree(existing);
      const e2 = await userErrorOfAsync(() => runMonitor(opts({ ...o, store: existing, out })));
      expect(e2.message).toMatch(message);
      expect(tree(existing)).toEqual(before);
      expect(tree(out)).toEqual(outBefore);
    });
  }

  it('an empty folder named as the store stays an empty folder', async () => {
    const empty = join(dir, 'empty-store');
    mkdirSync(empty);
    await userErrorOfAsync(() => runMonitor(opts({ store: empty, inputs: [join(dir, 'bad-future')], out: join(dir, 'out-empty') })));
    expect(tree(empty)).toEqual(new Map());
  });

  it('on the command line: a bad --now, exit 2, and the store folder is not created', () => {
    const store = join(dir, 'cli-store');
    const r = spawnSync(process.execPath, [bin, 'monitor', '--store', store, good, '--out', join(dir, 'cli-out'), '--now', '2026-13-45', '--no-pdf'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--now/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(store)).toBe(false);
    expect(existsSync(join(dir, 'cli-out'))).toBe(false);
  });
});

describe('evidence older than what the store already compared', () => {
  it('a device whose snapshot was collected before the previous run\'s is refused by name (it would show the newer fail as fixed); the store is untouched', async () => {
    // The existing store's run compared MR-10 and MR-11 collected 2026-10-01.
    const older = fleet('older', { 'a.json': snap('MR-10', '2026-09-15T08:00:00Z'), 'b.json': snap('MR-11', '2026-11-01T08:00:00Z') });
    const before = tree(existing);
    const out = join(dir, 'out-older');
    const e = await userErrorOfAsync(() => runMonitor(opts({ store: existing, inputs: [older], out })));
    expect(e.file).toBe(join(older, 'a.json'));
    expect(e.where).toBe('/collectedAt');
    expect(e.message).toMatch(/device MR-10: this snapshot was collected at 2026-09-15T08:00:00Z, before the latest one the store holds \(compared by run .*\), collected at 2026-10-01T08:00:00Z/);
    expect(tree(existing)).toEqual(before);
    expect(existsSync(out)).toBe(false);
  });

  it('--keep-going leaves the late device out (named, both times, counted as missing for --fail-on), files the rest, and a later run still refuses that older evidence', async () => {
    const store = join(dir, 'late-store');
    cpSync(existing, store, { recursive: true });
    const before = parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries.length;
    const older = fleet('older-kg', { 'a.json': snap('MR-10', '2026-09-15T08:00:00Z'), 'b.json': snap('MR-11', '2026-11-01T08:00:00Z') });
    const warnings: string[] = [];
    const r = await runMonitor(opts({ store, inputs: [older], out: join(dir, 'out-late'), keepGoing: true, failOn: ['missing'], warn: (m) => warnings.push(m) }));
    const why = /device MR-10: this snapshot was collected at 2026-09-15T08:00:00Z, before the latest one the store holds \(compared by run .*\), collected at 2026-10-01T08:00:00Z .*left out of this run/;
    expect(warnings.some((w) => w.startsWith(`${join(older, 'a.json')} /collectedAt: `) && why.test(w))).toBe(true);
    // Recorded as assess names an input (bcc9fa5): never the machine's absolute folders.
    expect(r.unreadable).toEqual([{ input: 'older-kg/a.json', error: expect.stringMatching(why) }]);
    expect(r.devices).toBe(1);
    expect(r.missing).toEqual(['MR-10']);
    expect(r.gate).toBe(3);
    expect(r.summary!.controls.remediated).toBe(0);
    // Filed: MR-11's November snapshot and the run; nothing of MR-10's September one (no entry, no object).
    const ledger = parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries;
    expect(ledger.slice(before).map((e) => (e.kind === 'snapshot' ? `${e.device} ${e.collectedAt}` : e.kind))).toEqual(['MR-11 2026-11-01T08:00:00Z', 'run']);
    expect(existsSync(objectPath(store, sha256Hex(snap('MR-10', '2026-09-15T08:00:00Z'))))).toBe(false);
    expect(verifyStore(store).ok).toBe(true);
    const again = await runMonitor(opts({ store, inputs: [older], out: join(dir, 'out-late-again'), keepGoing: true, warn: () => undefined }));
    expect(again).toMatchObject({ run: r.run, alreadyRecorded: true, filed: 0 });
    const md = readFileSync(join(dir, 'out-late', 'drift.md'), 'utf8');
    expect(readFileSync(join(dir, 'out-late-again', 'drift.md'), 'utf8')).toBe(md);
    expect(md).toMatch(/Missing from the new run:\n- \*\*MR-10\*\*/);
    expect(md.slice(md.indexOf('## Inputs that could not be read'))).toMatch(/a\.json: device MR-10: this snapshot was collected at 2026-09-15T08:00:00Z/);
    // The store's latest MR-10 is still October's: the next run (whose previous run lacks MR-10) leaves
    // the September file out again rather than comparing it as a new device.
    const next = fleet('older-kg-2', { 'a.json': snap('MR-10', '2026-09-15T08:00:00Z'), 'b.json': snap('MR-11', '2026-11-02T08:00:00Z') });
    const r2 = await runMonitor(opts({ store, inputs: [next], out: join(dir, 'out-late-2'), now: '2026-11-04T00:00:00Z', keepGoing: true, warn: () => undefined }));
    expect(r2.unreadable.map((u) => u.input)).toEqual(['older-kg-2/a.json']);
    expect(r2.added).toEqual([]);
    const e = await userErrorOfAsync(() => runMonitor(opts({ store, inputs: [next], out: join(dir, 'out-late-3'), now: '2026-11-05T00:00:00Z' })));
    expect(e.message).toMatch(/collected at 2026-10-01T08:00:00Z/);
    // A deviation naming the late device (in neither this run's comparison nor the previous run) is no misspelt id:
    // the run goes on with the device left out. A deviation naming a device given nowhere is still refused.
    const dev = (id: string) => {
      const p = join(dir, `late-deviation-${id}.csv`);
      writeFileSync(p, `check_id,device_id,justification,approver,expires\nLOCKOUT-THRESHOLD,${id},Vendor limit,A. Officer (Authorizing Official),2027-06-30\n`);
      return p;
    };
    const r3 = await runMonitor(opts({ store, inputs: [next], out: join(dir, 'out-late-4'), now: '2026-11-05T00:00:00Z', keepGoing: true, deviations: dev('MR-10'), warn: () => undefined }));
    expect(r3.unreadable.map((u) => u.input)).toEqual(['older-kg-2/a.json']);
    expect(r3.missing).toEqual([]);
    const typo = await userErrorOfAsync(() => runMonitor(opts({ store, inputs: [next], out: join(dir, 'out-late-5'), now: '2026-11-05T00:00:00Z', keepGoing: true, deviations: dev('MR-1O'), warn: () => undefined })));
    expect(typo.message).toMatch(/names device "MR-1O", which is not among the devices of this run or the previous one \(MR-10, MR-11\)/);
  });

  it('--keep-going with an input that could not be read at all: a deviation naming a device no input is known to be is warned of and not applied, not a refusal; with every input read it is refused', async () => {
    const store = join(dir, 'unknown-device-store');
    cpSync(existing, store, { recursive: true });
    const deviations = join(dir, 'unknown-device-deviation.csv');
    writeFileSync(deviations, 'check_id,device_id,justification,approver,expires\nLOCKOUT-THRESHOLD,MR-12,Vendor limit,A. Officer (Authorizing Official),2027-06-30\n');
    // z.json is MR-12's export cut short: which device it is, no one can tell.
    const broken = fleet('unknown-device', { 'a.json': snap('MR-10', '2026-11-01T08:00:00Z'), 'b.json': snap('MR-11', '2026-11-01T08:00:00Z'), 'z.json': snap('MR-12', '2026-11-01T08:00:00Z').slice(0, 200) });
    const warnings: string[] = [];
    const r = await runMonitor(opts({ store, inputs: [broken], out: join(dir, 'out-unknown-device'), keepGoing: true, deviations, warn: (m) => warnings.push(m) }));
    expect(r.unreadable.map((u) => u.input)).toEqual(['unknown-device/z.json']);
    expect(r.devices).toBe(2);
    expect(warnings.filter((w) => /names device "MR-12", which is not among the devices of this run or the previous one \(MR-10, MR-11\); 1 input\(s\) could not be read \(--keep-going\), so it may be one of them: not applied in this run/.test(w))
      .map((w) => w.slice(0, w.indexOf(': the deviation')))).toEqual([`${deviations} at line 2`]);
    expect(verifyStore(store).ok).toBe(true);
    // Every input read: the same deviation is a mistake, refused, and nothing is filed.
    const whole = fleet('unknown-device-whole', { 'a.json': snap('MR-10', '2026-11-02T08:00:00Z'), 'b.json': snap('MR-11', '2026-11-02T08:00:00Z') });
    const before = tree(store);
    const e = await userErrorOfAsync(() => runMonitor(opts({ store, inputs: [whole], out: join(dir, 'out-unknown-device-2'), now: '2026-11-04T00:00:00Z', keepGoing: true, deviations, warn: () => undefined })));
    expect(e.message).toMatch(/names device "MR-12", which is not among the devices of this run or the previous one \(MR-10, MR-11\); correct the id/);
    expect(tree(store)).toEqual(before);
  });

  it('a --now before the last run\'s clock is refused (the same evidence judged younger: lapsed passes would read as remediated); the store is untouched', async () => {
    // The existing store's run is at 2026-10-02; the same October snapshots a day earlier.
    const oct = fleet('oct-again', { 'a.json': snap('MR-10', '2026-10-01T08:00:00Z'), 'b.json': snap('MR-11', '2026-10-01T08:00:00Z') });
    const before = tree(existing);
    const out = join(dir, 'out-backwards');
    const e = await userErrorOfAsync(() => runMonitor(opts({ store: existing, inputs: [oct], out, now: '2026-10-01T12:00:00Z' })));
    expect(e.file).toBe(existing);
    expect(e.message).toMatch(/--now 2026-10-01T12:00:00Z is before the clock of the store's last run \(.*, 2026-10-02T00:00:00Z\)/);
    expect(tree(existing)).toEqual(before);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a damaged store: named, never a stack trace, and nothing is filed', () => {
  /** A copy of the existing store, damaged by `harm`; monitor must refuse it naming `file`, and leave it as damaged. */
  async function refused(name: string, harm: (store: string, ledger: ReturnType<typeof parseLedger>['entries']) => void, file: RegExp, message: RegExp) {
    const store = join(dir, `damaged-${name}`);
    cpSync(existing, store, { recursive: true });
    harm(store, parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries);
    const before = tree(store);
    const e = await userErrorOfAsync(() => runMonitor(opts({ store, inputs: [good], out: join(dir, `out-damaged-${name}`) })));
    expect(e.file ?? '').toMatch(file);
    expect(e.message).toMatch(message);
    expect(tree(store)).toEqual(before);
    expect(existsSync(join(dir, `out-damaged-${name}`))).toBe(false);
    return { store, e };
  }
  const runEntry = (entries: ReturnType<typeof parseLedger>['entries']) => entries.find((e): e is typeof e & RunBody => e.kind === 'run')!;
  const manifestOf = (store: string, entries: ReturnType<typeof parseLedger>['entries']) => JSON.parse(readFileSync(objectPath(store, runEntry(entries).manifest), 'utf8'));

  it('the last ledger line and head.json deleted: store.json\'s copy of the head names the cut', async () => {
    await refused('tail-and-head', (s) => {
      const lines = readFileSync(join(s, LEDGER_FILE), 'utf8').split('\n').filter(Boolean);
      writeFileSync(join(s, LEDGER_FILE), lines.slice(0, -1).map((l) => `${l}\n`).join(''));
      rmSync(join(s, HEAD_FILE));
    }, /head\.json$/, /is missing \(store\.json records a head of 3 entries\)/);
  });

  it('an emptied ledger without head.json', async () => {
    await refused('emptied', (s) => {
      writeFileSync(join(s, LEDGER_FILE), '');
      rmSync(join(s, HEAD_FILE));
    }, /head\.json$/, /is missing/);
  });

  it('the ledger cut with both heads rewritten to match: verify names the objects left behind', async () => {
    const store = join(dir, 'cut-rewritten');
    cpSync(existing, store, { recursive: true });
    const lines = readFileSync(join(store, LEDGER_FILE), 'utf8').split('\n').filter(Boolean).slice(0, -1);
    writeFileSync(join(store, LEDGER_FILE), lines.map((l) => `${l}\n`).join(''));
    const head = { entries: lines.length, hash: sha256Hex(lines[lines.length - 1]!) };
    writeFileSync(join(store, HEAD_FILE), JSON.stringify(head) + '\n');
    writeFileSync(join(store, STORE_MARKER), JSON.stringify({ format: 'ato-evidence evidence store', version: 2, head }, null, 2) + '\n');
    const v = verifyStore(store);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.kind)).toEqual(['object-unnamed']);
    expect(v.problems[0]!.detail).toMatch(/^\d+ object\(s\) no ledger entry names .*entries naming these were removed from the ledger/);
  });

  it('head.json damaged: refused, and head.json is not rewritten', async () => {
    await refused('head-garbage', (s) => writeFileSync(join(s, HEAD_FILE), '{"entries": 3, "hash": "garbage"}\n'), /head\.json$/, /"hash" is not a SHA-256.*never rewritten unchecked/);
  });

  it('store.json not JSON, or of an unknown version', async () => {
    await refused('marker-garbage', (s) => writeFileSync(join(s, STORE_MARKER), '\u0000\u0001 not json'), /store\.json$/, /is UTF-16BE \(starts 00 01\), not UTF-8/);
    await refused('marker-version', (s) => writeFileSync(join(s, STORE_MARKER), JSON.stringify({ format: 'ato-evidence evidence store', version: 9 })), /store\.json$/, /has version 9; this ato-evidence reads versions 1 and 2/);
  });

  it('the ledger replaced by a folder', async () => {
    await refused('ledger-folder', (s) => {
      rmSync(join(s, LEDGER_FILE));
      mkdirSync(join(s, LEDGER_FILE));
    }, /ledger\.jsonl$/, /is a folder, not a file/);
  });

  it('the lock replaced by a folder', async () => {
    await refused('lock-folder', (s) => mkdirSync(join(s, 'lock')), /lock$/, /is a folder, not the lock file a monitor run writes/);
  });

  it('a changed old object (the previous run\'s snapshot of MR-10)', async () => {
    await refused('changed-object', (s, entries) => {
      const e = entries.find((x) => x.kind === 'snapshot' && x.device === 'MR-10')!;
      const p = objectPath(s, e.kind === 'snapshot' ? e.object : '');
      writeFileSync(p, readFileSync(p, 'utf8').replace('"MR-10"', '"MR-99"'));
    }, /objects\/[0-9a-f]{2}\/[0-9a-f]{62}$/, /its content no longer matches its name/);
  });

  // The previous run's check results are read by position after one pass that hashes them
  // (src/store/object-lines.ts): refused as any object read whole, before a device is compared.
  it('the previous run\'s check results changed, missing, or a folder: refused naming the object, nothing filed', async () => {
    const resultsOf = (s: string, entries: ReturnType<typeof parseLedger>['entries']) => objectPath(s, manifestOf(s, entries).results.object);
    const changed = await refused('results-changed', (s, entries) => {
      const p = resultsOf(s, entries);
      // One status letter of MR-11 changed: still JSON lines, every id where it was.
      const text = readFileSync(p, 'utf8');
      const at = text.indexOf('"s":"', text.indexOf('"MR-11"')) + 5;
      writeFileSync(p, text.slice(0, at) + (text[at] === 'p' ? 'f' : 'p') + text.slice(at + 1));
    }, /objects\/[0-9a-f]{2}\/[0-9a-f]{62}$/, /its content no longer matches its name: it was changed after it was filed; nothing was filed/);
    expect(changed.e.file).toBe(resultsOf(changed.store, parseLedger(readFileSync(join(changed.store, LEDGER_FILE), 'utf8')).entries));
    await refused('results-missing', (s, entries) => rmSync(resultsOf(s, entries)), /objects\//, /is missing from the store/);
    await refused('results-folder', (s, entries) => {
      const p = resultsOf(s, entries);
      rmSync(p);
      mkdirSync(p);
    }, /objects\//, /is a folder, not an object file/);
  });

  it('a missing old object (the previous run\'s summary)', async () => {
    await refused('missing-object', (s, entries) => rmSync(objectPath(s, manifestOf(s, entries).summary.object)), /objects\//, /is missing from the store/);
  });

  it('an old object replaced by a folder (the previous run\'s manifest)', async () => {
    await refused('object-folder', (s, entries) => {
      const p = objectPath(s, runEntry(entries).manifest);
      rmSync(p);
      mkdirSync(p);
    }, /objects\//, /is a folder, not an object file/);
  });

  // An object opened as a file waited forever for a writer when it was a FIFO (the run hung,
  // holding the lock): refused now as a folder is, whether it is read whole or by position.
  it('an old object replaced by a FIFO (the previous run\'s manifest, its check results): refused naming it, not waited on', async () => {
    const fifo = (p: string) => {
      rmSync(p);
      const made = spawnSync('mkfifo', [p]);
      if (made.status !== 0) throw new Error(`mkfifo failed: ${String(made.stderr)}`);
    };
    await refused('manifest-fifo', (s, entries) => fifo(objectPath(s, runEntry(entries).manifest)), /objects\/[0-9a-f]{2}\/[0-9a-f]{62}$/, /is not an object file but a FIFO, device or socket/);
    await refused('results-fifo', (s, entries) => fifo(objectPath(s, manifestOf(s, entries).results.object)), /objects\/[0-9a-f]{2}\/[0-9a-f]{62}$/, /is not an object file but a FIFO, device or socket/);
  }, 60_000);

  it('a store object that is not JSON (a run entry naming it, the chain and heads made consistent)', async () => {
    await refused('object-not-json', (s, entries) => {
      // A forger's work: a non-JSON "manifest" object, the run entry pointing at it, the heads updated.
      const bytes = Buffer.from('this is not a manifest\n');
      const sha = sha256Hex(bytes);
      mkdirSync(join(s, 'objects', sha.slice(0, 2)), { recursive: true });
      writeFileSync(objectPath(s, sha), bytes);
      const run = runEntry(entries);
      const lines = readFileSync(join(s, LEDGER_FILE), 'utf8').split('\n').filter(Boolean);
      lines[run.seq - 1] = formatEntry(run.seq, run.at, run.prev, { kind: 'run', run: run.run, now: run.now, manifest: sha, previous: run.previous });
      rmSync(objectPath(s, run.manifest));
      writeFileSync(join(s, LEDGER_FILE), lines.map((l) => `${l}\n`).join(''));
      const head = { entries: lines.length, hash: sha256Hex(lines[lines.length - 1]!) };
      writeFileSync(join(s, HEAD_FILE), JSON.stringify(head) + '\n');
      writeFileSync(join(s, STORE_MARKER), JSON.stringify({ format: 'ato-evidence evidence store', version: 2, head }, null, 2) + '\n');
    }, /objects\//, /the manifest of run .* is not JSON/);
  });

  // Found by hand: an older run's report object changed (or removed) was filed over without a
  // word, since this run does not read it; only verify --store named it.
  it('an object this run does not read (the previous run\'s drift.md changed, drift.json removed): filed, with a warning naming them', async () => {
    const store = join(dir, 'damaged-unread');
    cpSync(existing, store, { recursive: true });
    const entries = parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries;
    const files = manifestOf(store, entries).files as Array<{ name: string; object: string }>;
    const md = files.find((f) => f.name === 'drift.md')!.object;
    const json = files.find((f) => f.name === 'drift.json')!.object;
    writeFileSync(objectPath(store, md), readFileSync(objectPath(store, md), 'utf8') + 'edited\n');
    rmSync(objectPath(store, json));
    const warnings: string[] = [];
    const r = await runMonitor(opts({ store, inputs: [good], out: join(dir, 'out-damaged-unread'), warn: (m) => warnings.push(m) }));
    expect(r.filed).toBe(2);
    const said = warnings.filter((w) => /damaged object/.test(w));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(new RegExp(`holds 2 damaged object\\(s\\) this run does not read: objects/${json.slice(0, 2)}/${json.slice(2)} \\(drift\\.json of run ${runEntry(entries).run}\\): missing; objects/${md.slice(0, 2)}/${md.slice(2)} \\(drift\\.md of run .*\\): \\d+ bytes where \\d+ were filed.*verify --store`));
    expect(r.warnings).toEqual(expect.arrayContaining(said));
    expect(verifyStore(store).problems.map((p) => p.kind).sort()).toEqual(['object-changed', 'object-missing']);
  });
});

describe('the store\'s head in each run\'s report (an anchor kept outside the store)', () => {
  it('drift.json and drift.md name the ledger entry up to this run\'s snapshots; verify --expect-head checks it is still there', async () => {
    const store = join(dir, 'anchored');
    const r = await runMonitor(opts({ store, inputs: [good], out: join(dir, 'anchored-out') }));
    const drift = JSON.parse(readFileSync(join(dir, 'anchored-out', 'drift.json'), 'utf8'));
    const entries = parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries;
    // Two snapshot entries, then the run's: the report anchors the second.
    expect(entries.map((e) => e.kind)).toEqual(['snapshot', 'snapshot', 'run']);
    expect(drift.new.store).toEqual({ entries: 2, head: entries[1]!.hash });
    expect(readFileSync(join(dir, 'anchored-out', 'drift.md'), 'utf8')).toContain(`filed up to ledger entry 2, hash \`${entries[1]!.hash}\``);
    expect(r.head).toEqual({ entries: 3, hash: entries[2]!.hash, signed: false });
    expect(verifyStore(store, { expectHead: drift.new.store.head }).ok).toBe(true);
    // Cut the history back before the anchor, heads rewritten to match, the objects removed:
    // nothing in the store shows it any more; the anchor kept outside does.
    const lines = readFileSync(join(store, LEDGER_FILE), 'utf8').split('\n').filter(Boolean).slice(0, 1);
    writeFileSync(join(store, LEDGER_FILE), `${lines[0]}\n`);
    const head = { entries: 1, hash: sha256Hex(lines[0]!) };
    writeFileSync(join(store, HEAD_FILE), JSON.stringify(head) + '\n');
    writeFileSync(join(store, STORE_MARKER), JSON.stringify({ format: 'ato-evidence evidence store', version: 2, head }, null, 2) + '\n');
    const named = new Set([entries[0]!.kind === 'snapshot' ? entries[0]!.object : '']);
    for (const sub of readdirSync(join(store, 'objects'))) {
      if (sub === 'tmp') continue;
      for (const f of readdirSync(join(store, 'objects', sub))) if (!named.has(sub + f)) rmSync(join(store, 'objects', sub, f));
    }
    expect(verifyStore(store).ok).toBe(true);
    const v = verifyStore(store, { expectHead: drift.new.store.head });
    expect(v.ok).toBe(false);
    expect(v.problems[0]!.detail).toContain(`holds no entry whose hash is ${drift.new.store.head}`);
  });
});

describe('a symbolic link in the store\'s objects folder reads what lies outside the store; a stray entry is nothing a run wrote', () => {
  /** A copy of the existing store, with `edit` applied to it. */
  const storeCopy = (name: string, edit: (s: string) => void): string => {
    const s = join(dir, name);
    cpSync(existing, s, { recursive: true, verbatimSymlinks: true });
    edit(s);
    return s;
  };
  it('objects/ a link to a folder outside: monitor refuses naming the store and the entry, writes nothing; verify --store names it too', async () => {
    const s = storeCopy('linked-objects', (p) => {
      renameSync(join(p, 'objects'), join(dir, 'linked-objects-outside'));
      symlinkSync(join(dir, 'linked-objects-outside'), join(p, 'objects'));
    });
    const before = readFileSync(join(s, LEDGER_FILE), 'utf8');
    const out = join(dir, 'linked-objects-out');
    const e = await userErrorOfAsync(() => runMonitor(opts({ store: s, inputs: [good], out })));
    expect(e.file).toBe(s);
    expect(e.message).toMatch(/in the store, objects is a symbolic link/);
    expect(readFileSync(join(s, LEDGER_FILE), 'utf8')).toBe(before);
    expect(existsSync(out)).toBe(false);
    const v = verifyStore(s);
    expect(v.ok).toBe(false);
    expect(v.problems).toContainEqual(expect.objectContaining({ where: 'objects', detail: expect.stringMatching(/is a symbolic link/) }));
  });
  it('an object a link to a file outside (its content the very object\'s): monitor refuses naming it', async () => {
    const s = storeCopy('linked-object', () => {});
    const sub = readdirSync(join(s, 'objects')).find((n) => /^[0-9a-f]{2}$/.test(n))!;
    const name = readdirSync(join(s, 'objects', sub))[0]!;
    renameSync(join(s, 'objects', sub, name), join(dir, 'linked-object-outside'));
    symlinkSync(join(dir, 'linked-object-outside'), join(s, 'objects', sub, name));
    const e = await userErrorOfAsync(() => runMonitor(opts({ store: s, inputs: [good], out: join(dir, 'linked-object-out') })));
    expect(e.message).toContain(`objects/${sub}/${name} is a symbolic link`);
  });
  it('a stray file objects/zz: monitor warns naming it, verify --store reports it', async () => {
    const s = storeCopy('stray', (p) => writeFileSync(join(p, 'objects', 'zz'), 'notes\n'));
    const v = verifyStore(s);
    expect(v.ok).toBe(false);
    expect(v.problems).toContainEqual(expect.objectContaining({ where: 'objects/zz' }));
    const r = await runMonitor(opts({ store: s, inputs: [good], out: join(dir, 'stray-out') }));
    expect(r.warnings.some((w) => /objects folder holds 1 entry no run writes \(objects\/zz\)/.test(w))).toBe(true);
  });
});
