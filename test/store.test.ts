// The evidence store on its own: objects, the hash-chained ledger, the lock, recovery after a
// torn append, and `verify --store` naming each kind of tampering.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatEntry, GENESIS, parseLedger, type SnapshotBody } from '../src/store/ledger.js';
import { acquireLock } from '../src/store/lock.js';
import { EvidenceStore, IN_PROGRESS_FILE, LEDGER_FILE, objectPath } from '../src/store/store.js';
import { verifyStore } from '../src/store/verify.js';
import { userErrorOf } from './support/user-error.js';

const AT = '2026-11-28T00:00:00Z';
const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

let dir: string;
let store: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-store-'));
  store = join(dir, 'store');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function snapshotBody(device: string, day: number, object: string): SnapshotBody {
  return { kind: 'snapshot', run: 'r1', device, collectedAt: `2026-11-${String(day).padStart(2, '0')}T08:00:00Z`, object, source: object, file: `${device}.json`, redacted: false };
}

/** A store with five snapshot entries (MR-01..MR-05) and one run; head committed. */
function fiveEntryStore(): { objects: string[] } {
  const s = EvidenceStore.open(store, AT, { create: true });
  const objects: string[] = [];
  for (let i = 1; i <= 5; i++) {
    const { sha: o } = s.put(`{"device":"MR-0${i}"}\n`);
    objects.push(o);
    s.append(AT, snapshotBody(`MR-0${i}`, i, o));
  }
  const manifest = s.put(JSON.stringify({ files: [{ name: 'drift.json', object: objects[0] }] }));
  s.append(AT, { kind: 'run', run: 'r1', now: AT, manifest: manifest.sha, previous: null });
  s.commitHead();
  s.close();
  return { objects };
}

const ledgerLines = () => readFileSync(join(store, LEDGER_FILE), 'utf8').split('\n').filter(Boolean);
const writeLines = (lines: string[]) => writeFileSync(join(store, LEDGER_FILE), lines.map((l) => l + '\n').join(''));

describe('ledger chain (pure)', () => {
  it('each entry names the SHA-256 of the line before it, starting from all zeros', () => {
    const l1 = formatEntry(1, AT, GENESIS, snapshotBody('MR-01', 1, sha('a')));
    const l2 = formatEntry(2, AT, sha(l1), snapshotBody('MR-02', 2, sha('b')));
    const parsed = parseLedger(`${l1}\n${l2}\n`);
    expect(parsed.problem).toBeUndefined();
    expect(parsed.entries.map((e) => [e.seq, e.prev, e.hash])).toEqual([[1, GENESIS, sha(l1)], [2, sha(l1), sha(l2)]]);
  });

  it('a last line without newline is a torn append, not history and not damage', () => {
    const l1 = formatEntry(1, AT, GENESIS, snapshotBody('MR-01', 1, sha('a')));
    const parsed = parseLedger(`${l1}\n{"seq":2,"at":"20`);
    expect(parsed.problem).toBeUndefined();
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.tornTail).toEqual({ line: 2, bytes: '{"seq":2,"at":"20'.length });
  });
});

describe('objects', () => {
  it('are named by the SHA-256 of their bytes, stored once', () => {
    const s = EvidenceStore.open(store, AT, { create: true });
    const a = s.put('hello\n');
    const again = s.put(Buffer.from('hello\n'));
    expect(existsSync(objectPath(store, a.sha))).toBe(false); // placed only by flush/sync, right before an entry names it
    s.sync();
    s.close();
    expect(a).toEqual({ sha: sha('hello\n'), added: true });
    expect(again).toEqual({ sha: sha('hello\n'), added: false });
    expect(readFileSync(objectPath(store, a.sha), 'utf8')).toBe('hello\n');
    expect(objectPath(store, a.sha)).toBe(join(store, 'objects', a.sha.slice(0, 2), a.sha.slice(2)));
    expect(readdirSync(join(store, 'objects', 'tmp'))).toEqual([]);
  });
});

describe('an object cut short by a crash', () => {
  it('is a note while nothing names it, and is rewritten when filed again', () => {
    const s0 = EvidenceStore.open(store, AT, { create: true });
    s0.close();
    const good = sha('hello\n');
    mkdirSync(join(store, 'objects', good.slice(0, 2)), { recursive: true });
    writeFileSync(objectPath(store, good), ''); // renamed into place, data never reached the disk
    writeFileSync(join(store, IN_PROGRESS_FILE), '{}\n'); // the run was cut off by the power cut
    const before = verifyStore(store);
    expect(before.problems).toEqual([]);
    expect(before.notes.join('\n')).toMatch(/1 object\(s\) no ledger entry names yet/);
    const s = EvidenceStore.open(store, AT);
    expect(s.notes.join('\n')).toMatch(/removed 1 object\(s\) an interrupted run wrote and no ledger entry names/);
    expect(s.put('hello\n')).toEqual({ sha: good, added: true });
    s.append(AT, snapshotBody('MR-01', 1, good));
    s.commitHead();
    s.close();
    expect(readFileSync(objectPath(store, good), 'utf8')).toBe('hello\n');
    expect(verifyStore(store)).toMatchObject({ ok: true, notes: [] });
  });
});

describe('verify --store', () => {
  it('accepts an intact store and counts entries by kind', () => {
    fiveEntryStore();
    const r = verifyStore(store);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, entries: 6, snapshots: 5, runs: 1, objects: 6 });
  });

  it('names the object whose byte was changed, and the ledger line that names it', () => {
    const { objects } = fiveEntryStore();
    const p = objectPath(store, objects[2]!);
    const bytes = readFileSync(p);
    bytes[3] ^= 0x01;
    writeFileSync(p, bytes);
    const r = verifyStore(store);
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ kind: 'object-changed', where: `objects/${objects[2]!.slice(0, 2)}/${objects[2]!.slice(2)}` });
    expect(r.problems[0]!.detail).toContain('ledger.jsonl line 3 (seq 3, snapshot MR-03 2026-11-03T08:00:00Z)');
  });

  it('names the line after a deleted ledger line', () => {
    fiveEntryStore();
    const lines = ledgerLines();
    lines.splice(2, 1); // seq 3 (MR-03) removed
    writeLines(lines);
    const r = verifyStore(store);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ kind: 'chain', where: 'ledger.jsonl line 3' });
    expect(r.problems[0]!.detail).toMatch(/seq 4, snapshot MR-04.*its seq is 4 where 3 belongs/);
    expect(r.entries).toBe(2); // intact up to entry 2
  });

  it('names a deleted last line through head.json and store.json (a chain alone cannot show a cut-off tail), and the object it named', () => {
    fiveEntryStore();
    writeLines(ledgerLines().slice(0, -1));
    const r = verifyStore(store);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.kind, p.where])).toEqual([['head', 'ledger.jsonl line 6'], ['head', 'ledger.jsonl line 6'], ['object-unnamed', 'objects/']]);
    expect(r.problems[0]!.detail).toMatch(/head\.json records 6 entries but the ledger ends after 5/);
    expect(r.problems[1]!.detail).toMatch(/store\.json records 6 entries but the ledger ends after 5/);
  });

  it('names the first of two swapped lines', () => {
    fiveEntryStore();
    const lines = ledgerLines();
    [lines[1], lines[2]] = [lines[2]!, lines[1]!];
    writeLines(lines);
    const r = verifyStore(store);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ kind: 'chain', where: 'ledger.jsonl line 2' });
    expect(r.problems[0]!.detail).toMatch(/seq 3, snapshot MR-03.*its seq is 3 where 2 belongs/);
  });

  it('names an edited line (its successor no longer chains to it)', () => {
    fiveEntryStore();
    const lines = ledgerLines();
    lines[1] = lines[1]!.replace('MR-02.json', 'MR-99.json');
    writeLines(lines);
    const r = verifyStore(store);
    expect(r.problems[0]).toMatchObject({ kind: 'chain', where: 'ledger.jsonl line 3' });
    expect(r.problems[0]!.detail).toMatch(/not the hash of line 2 .*line 2 was edited/);
  });

  it('names an object a manifest needs that is gone', () => {
    const { objects } = fiveEntryStore();
    rmSync(objectPath(store, objects[0]!));
    const r = verifyStore(store);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'object-missing', where: `objects/${objects[0]!.slice(0, 2)}/${objects[0]!.slice(2)}` })]);
    expect(r.problems[0]!.detail).toContain('seq 1, snapshot MR-01');
  });

  it('accepts the leftovers of a kill (torn last line, temp files, unreferenced objects) as notes', () => {
    fiveEntryStore();
    writeFileSync(join(store, IN_PROGRESS_FILE), '{}\n'); // what a killed run leaves
    appendFileSync(join(store, LEDGER_FILE), '{"seq":7,"at":"2026-11-2');
    writeFileSync(join(store, 'objects', 'tmp', 'half-written'), 'x');
    const s2 = sha('orphan');
    mkdirSync(join(store, 'objects', s2.slice(0, 2)), { recursive: true });
    writeFileSync(join(store, 'objects', s2.slice(0, 2), s2.slice(2)), 'orphan');
    const r = verifyStore(store);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.notes.join('\n')).toMatch(/line 7: an incomplete append/);
    expect(r.notes.join('\n')).toMatch(/1 temporary file/);
    expect(r.notes.join('\n')).toMatch(/1 object\(s\) no ledger entry names/);
  });
});

describe('opening for writing', () => {
  it('cuts off a torn last line and says so, then appends after the intact chain', () => {
    fiveEntryStore();
    appendFileSync(join(store, LEDGER_FILE), '{"seq":7,"at":"2026-11-2');
    const s = EvidenceStore.open(store, AT);
    expect(s.notes.join('\n')).toMatch(/removed an incomplete last ledger line \(line 7/);
    s.append(AT, snapshotBody('CT-01', 9, sha('ct')));
    s.commitHead();
    s.close();
    const parsed = parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8'));
    expect(parsed.problem).toBeUndefined();
    expect(parsed.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses to write after a broken chain', () => {
    fiveEntryStore();
    const lines = ledgerLines();
    lines.splice(1, 1);
    writeLines(lines);
    const e = userErrorOf(() => EvidenceStore.open(store, AT));
    expect(e.message).toMatch(/ledger\.jsonl: is broken at line 2/);
    expect(existsSync(join(store, 'lock'))).toBe(false);
  });

  it('refuses a non-empty folder that is not a store', () => {
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(userErrorOf(() => EvidenceStore.open(dir, AT, { create: true })).message).toMatch(/not an evidence store/);
  });
});

describe('lock', () => {
  it('a second writer gets a clear message naming the holder', () => {
    const s = EvidenceStore.open(store, AT, { create: true });
    try {
      const e = userErrorOf(() => EvidenceStore.open(store, AT));
      expect(e.exitCode).toBe(1);
      expect(e.message).toContain(`is in use by another monitor run (pid ${process.pid} on ${hostname()}, since ${AT})`);
    } finally {
      s.close();
    }
    expect(existsSync(join(store, 'lock'))).toBe(false);
    EvidenceStore.open(store, AT).close(); // free again
  });

  it('takes over the lock of a process that has died, and says so', () => {
    fiveEntryStore();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    writeFileSync(join(store, 'lock'), JSON.stringify({ pid, host: hostname(), startTicks: null, since: '2026-11-01T00:00:00Z' }));
    const s = EvidenceStore.open(store, AT);
    expect(s.notes.join('\n')).toContain(`took over the lock of pid ${pid}`);
    s.close();
  });

  it('a reused pid (same number, other start time) is stale too', () => {
    const lock = acquireLock(dir, dir, AT);
    const info = JSON.parse(readFileSync(join(dir, 'lock'), 'utf8'));
    lock.release();
    writeFileSync(join(dir, 'lock'), JSON.stringify({ ...info, startTicks: (info.startTicks ?? 0) + 12345 }));
    const again = acquireLock(dir, dir, AT);
    expect(again.tookOver?.pid).toBe(process.pid);
    again.release();
  });
});
