// The evidence store on its own: objects, the hash-chained ledger, the lock, recovery after a
// torn append, and `verify --store` naming each kind of tampering.
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, verify as cryptoVerify } from 'node:crypto';
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
  it('a path that is no folder is said as such (a typo was reported as a store found NOT intact)', () => {
    expect(userErrorOf(() => verifyStore(join(dir, 'no-such-store'))).message).toBe(`${join(dir, 'no-such-store')}: no such folder`);
    writeFileSync(join(dir, 'a-file'), 'x');
    expect(userErrorOf(() => verifyStore(join(dir, 'a-file'))).message).toBe(`${join(dir, 'a-file')}: is not a folder (expected the evidence store's folder)`);
    mkdirSync(store);
    expect(verifyStore(store).problems.map((p) => p.detail)).toEqual(['missing: this folder is not an evidence store']); // a folder: checked as a store
  });

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
  it('after an interrupted run, removes the temp files it left while replacing in-progress, head.json or store.json, and says so', () => {
    fiveEntryStore();
    writeFileSync(join(store, IN_PROGRESS_FILE), '{}\n');
    // A kill (or a full disk) inside writeFileAtomic leaves these; nothing renamed them into place.
    for (const f of ['.head.json.tmp-4194305', '.store.json.tmp-4194305', '.in-progress.tmp-4194306']) writeFileSync(join(store, f), '{"entr');
    mkdirSync(join(store, '.head.json.tmp-1')); // not a file a run writes: left as it is
    writeFileSync(join(store, 'notes.head.json.tmp-1'), 'x');
    const s = EvidenceStore.open(store, AT);
    s.close();
    expect(s.notes.join('\n')).toContain('removed .head.json.tmp-4194305, .in-progress.tmp-4194306, .store.json.tmp-4194305, left by an interrupted run');
    expect(readdirSync(store).filter((f) => f.includes('.tmp-')).sort()).toEqual(['.head.json.tmp-1', 'notes.head.json.tmp-1']);
    expect(verifyStore(store).ok).toBe(true);
  });

  it('cuts off a torn last line and says so, then appends after the intact chain', () => {
    fiveEntryStore();
    writeFileSync(join(store, IN_PROGRESS_FILE), '{}\n'); // what the killed run that tore it leaves
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

  // Found by hand: a lock holding "{}" or garbage was taken over as stale, and deleted (by the run
  // that took it over, also when that run was then refused): no proof that no run holds the store.
  it('a lock that cannot be parsed is refused, named, and left as it is', () => {
    fiveEntryStore();
    for (const text of ['{}', 'garbage', '', '{"pid":12}']) {
      writeFileSync(join(store, 'lock'), text);
      const e = userErrorOf(() => EvidenceStore.open(store, AT));
      expect(e.exitCode).toBe(1);
      expect(e.message).toMatch(/lock: (is not JSON|is empty|names no process \("pid"\)|names no host), so it does not say which monitor run holds the store.*If no monitor run is active on this store \(on any host\), remove .*lock by hand/);
      expect(readFileSync(join(store, 'lock'), 'utf8')).toBe(text);
      expect(existsSync(join(store, IN_PROGRESS_FILE))).toBe(false);
    }
    rmSync(join(store, 'lock'));
    EvidenceStore.open(store, AT).close();
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

describe('truncation of the history: seen without trusting one file', () => {
  it('the last line and head.json deleted: store.json\'s copy of the head, and the object left behind', () => {
    fiveEntryStore();
    writeLines(ledgerLines().slice(0, -1));
    rmSync(join(store, 'head.json'));
    const r = verifyStore(store);
    expect(r.problems.map((p) => [p.kind, p.where])).toEqual([['head', 'head.json'], ['head', 'ledger.jsonl line 6'], ['object-unnamed', 'objects/']]);
    expect(r.problems[1]!.detail).toMatch(/store\.json records 6 entries but the ledger ends after 5/);
    const before = readFileSync(join(store, LEDGER_FILE));
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toMatch(/head\.json: is missing \(store\.json records a head of 6 entries\)/);
    expect(readFileSync(join(store, LEDGER_FILE)).equals(before)).toBe(true);
    expect(existsSync(join(store, 'head.json'))).toBe(false); // not rewritten
  });

  it('an emptied ledger without head.json: every object is named as left behind', () => {
    fiveEntryStore();
    writeFileSync(join(store, LEDGER_FILE), '');
    rmSync(join(store, 'head.json'));
    const r = verifyStore(store);
    expect(r.ok).toBe(false);
    expect(r.problems.find((p) => p.kind === 'object-unnamed')?.detail).toMatch(/^6 object\(s\) no ledger entry names/);
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toMatch(/head\.json: is missing/);
  });

  it('a damaged head.json is refused and never rewritten', () => {
    fiveEntryStore();
    writeFileSync(join(store, 'head.json'), '{"entries":6}');
    expect(verifyStore(store).problems).toEqual([expect.objectContaining({ kind: 'head', where: 'head.json' })]);
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toMatch(/head\.json: "hash" is not a SHA-256.*never rewritten unchecked/);
    expect(readFileSync(join(store, 'head.json'), 'utf8')).toBe('{"entries":6}');
  });

  it('a head that names an edited entry is refused', () => {
    fiveEntryStore();
    const lines = ledgerLines();
    lines[5] = lines[5]!.replace('"previous":null', '"previous":"r0"');
    writeLines(lines);
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toMatch(/does not reach the head recorded in head\.json: line 6 .*its hash is not the one head\.json records for entry 6/);
  });

  // Found by a tamper driver: an entry chained after the head and appended by hand passed verify
  // (a note) and the next run's head (and signature) covered it, although a version 2 run records
  // its head before it removes in-progress, so only an interrupted run leaves entries past it.
  it('an entry appended after the head with no run in progress is a problem, and no run adopts it', () => {
    const { objects } = fiveEntryStore();
    const last = parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries.at(-1)!;
    appendFileSync(join(store, LEDGER_FILE), formatEntry(7, AT, last.hash, snapshotBody('FAKE-01', 9, objects[0]!)) + '\n');
    const r = verifyStore(store);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'head', where: 'ledger.jsonl line 7' })]);
    expect(r.problems[0]!.detail).toMatch(/FAKE-01.*1 entry after the head recorded in head\.json and store\.json \(entry 6\), and no run is in progress/);
    const before = readFileSync(join(store, LEDGER_FILE));
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toMatch(/holds 1 entry after the head recorded in head\.json.*line 7.*FAKE-01.*appended outside a run/);
    expect(readFileSync(join(store, LEDGER_FILE)).equals(before)).toBe(true);
    expect(JSON.parse(readFileSync(join(store, 'head.json'), 'utf8')).entries).toBe(6);
    // The same entry left by a run that was killed (in-progress present) is a note, as before.
    writeFileSync(join(store, IN_PROGRESS_FILE), '{}\n');
    expect(verifyStore(store)).toMatchObject({ ok: true, problems: [] });
  });

  it('a torn last line with no run in progress is a problem, and no run cuts it off', () => {
    fiveEntryStore();
    appendFileSync(join(store, LEDGER_FILE), '{"seq":7,"at":"2026-11-2');
    const r = verifyStore(store);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'chain', where: 'ledger.jsonl line 7' })]);
    expect(r.problems[0]!.detail).toMatch(/incomplete last line .* no run is in progress/);
    const before = readFileSync(join(store, LEDGER_FILE));
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toMatch(/ends with an incomplete line \(line 7/);
    expect(readFileSync(join(store, LEDGER_FILE)).equals(before)).toBe(true);
  });

  it('entries after the head (a run that did not finish them) are a note, and the next head covers them', () => {
    fiveEntryStore();
    const s = EvidenceStore.open(store, AT);
    s.append(AT, snapshotBody('CT-01', 9, s.put('ct').sha));
    s.abandon(); // a failed run: entries it appended are complete, so its head is recorded
    expect(JSON.parse(readFileSync(join(store, 'head.json'), 'utf8')).entries).toBe(7);
    // An older version's failed run did not record it: the head is behind the ledger.
    writeFileSync(join(store, 'head.json'), JSON.stringify({ entries: 6, hash: parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries[5]!.hash }) + '\n');
    writeFileSync(join(store, 'store.json'), JSON.stringify({ format: 'ato-evidence evidence store', version: 1 }));
    const r = verifyStore(store);
    expect(r.ok).toBe(true);
    expect(r.notes.join('\n')).toMatch(/1 entry after the recorded head/);
    expect(r.notes.join('\n')).toMatch(/store\.json is version 1/);
    const again = EvidenceStore.open(store, AT);
    expect(again.notes.join('\n')).toMatch(/1 ledger entry after the head recorded in head\.json.*this run's head covers them/);
    expect(again.notes.join('\n')).toMatch(/upgrades it to version 2/);
    again.commitHead();
    again.close();
    expect(JSON.parse(readFileSync(join(store, 'store.json'), 'utf8'))).toMatchObject({ version: 2, head: { entries: 7 } });
    expect(verifyStore(store)).toMatchObject({ ok: true, notes: [] });
  });
});

describe('store.json put back to version 1', () => {
  const V1 = JSON.stringify({ format: 'ato-evidence evidence store', version: 1 });
  /** A store whose runs were filed as version 2 files them: their drift.json records the store's head. */
  function version2Store(runs = 1): void {
    for (let i = 1; i <= runs; i++) {
      const s = EvidenceStore.open(store, AT, { create: true });
      const o = s.put(`{"device":"MR-0${i}"}\n`).sha;
      s.append(AT, snapshotBody(`MR-0${i}`, i, o));
      const drift = s.put(JSON.stringify({ new: { label: `run r${i}`, store: { entries: s.head().entries, head: s.head().hash } } })).sha;
      s.append(AT, { kind: 'run', run: `r${i}`, now: AT, manifest: s.put(JSON.stringify({ files: [{ name: 'drift.json', object: drift, size: 1 }] })).sha, previous: i > 1 ? `r${i - 1}` : null });
      s.commitHead();
      s.close();
    }
  }

  // Found by hand: store.json rewritten as version 1 over a store version 2 made, and a forged
  // entry appended after the head: verify noted it, and monitor adopted it under its new head.
  it('over runs version 2 filed: a problem for verify, refused by monitor, and entries after the head stay problems', () => {
    version2Store();
    const last = parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries.at(-1)!;
    appendFileSync(join(store, LEDGER_FILE), formatEntry(3, AT, last.hash, snapshotBody('FAKE-01', 9, last.manifest)) + '\n');
    writeFileSync(join(store, 'store.json'), V1);
    const r = verifyStore(store);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.kind, p.where])).toEqual([['store', 'store.json'], ['head', 'ledger.jsonl line 3']]);
    expect(r.problems[0]!.detail).toMatch(/^has version 1, but ledger\.jsonl line 2 \(seq 2, run r1\) was filed by version 2: its report \(drift\.json\) records the store's head/);
    const before = ['store.json', 'head.json', LEDGER_FILE].map((f) => readFileSync(join(store, f), 'utf8'));
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toMatch(/store\.json: has version 1, but ledger\.jsonl line 2 .*was filed by version 2.*Restore store\.json from a backup/);
    expect(['store.json', 'head.json', LEDGER_FILE].map((f) => readFileSync(join(store, f), 'utf8'))).toEqual(before);
    expect(existsSync(join(store, IN_PROGRESS_FILE))).toBe(false);

    // Not to be confused with a version 2 run killed before it upgraded a version 1 store: its
    // entries are past the head, and in-progress is there.
    store = join(dir, 'upgrading');
    version2Store();
    writeFileSync(join(store, 'head.json'), JSON.stringify({ entries: 1, hash: parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries[0]!.hash }) + '\n');
    writeFileSync(join(store, 'store.json'), V1);
    writeFileSync(join(store, IN_PROGRESS_FILE), '{}\n');
    expect(verifyStore(store)).toMatchObject({ ok: true });
    const s = EvidenceStore.open(store, AT);
    expect(s.notes.join('\n')).toMatch(/upgrades it to version 2/);
    s.commitHead();
    s.close();
    expect(verifyStore(store)).toMatchObject({ ok: true, notes: [] });
  });

  it('with head.json removed and in-progress made (as a killed run leaves them): only the last run is excused', () => {
    version2Store(2);
    rmSync(join(store, 'head.json'));
    writeFileSync(join(store, 'store.json'), V1);
    writeFileSync(join(store, IN_PROGRESS_FILE), '{}\n');
    expect(verifyStore(store).problems).toEqual([expect.objectContaining({ kind: 'store', where: 'store.json', detail: expect.stringMatching(/line 2 \(seq 2, run r1\) was filed by version 2/) })]);
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toMatch(/store\.json: has version 1, but ledger\.jsonl line 2 \(seq 2, run r1\) was filed by version 2/);
  });

  it('over a signed head: refused', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const signKey = { pem: Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' })), label: 'k.pem' };
    const s = EvidenceStore.open(store, AT, { create: true, signKey });
    s.append(AT, snapshotBody('MR-01', 1, s.put('x').sha));
    s.commitHead();
    s.close();
    writeFileSync(join(store, 'store.json'), V1);
    expect(verifyStore(store).problems).toEqual([expect.objectContaining({ kind: 'store', where: 'store.json', detail: expect.stringMatching(/head\.json carries a head signature, which only version 2 writes/) })]);
    expect(userErrorOf(() => EvidenceStore.open(store, AT, { signKey })).message).toMatch(/store\.json: has version 1, but head\.json carries a head signature/);
  });
});

describe('a signed head (--sign-key): the signature covers the head in both places', () => {
  const keys = () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const priv = join(dir, `k-${Math.random().toString(36).slice(2)}.pem`);
    const pub = `${priv}.pub`;
    writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
    return { priv, pub, signKey: { pem: readFileSync(priv), label: priv } };
  };
  function signedStore(k: ReturnType<typeof keys>): void {
    const s = EvidenceStore.open(store, AT, { create: true, signKey: k.signKey });
    const o = s.put('{"device":"MR-01"}\n').sha;
    s.append(AT, snapshotBody('MR-01', 1, o));
    s.commitHead();
    s.close();
  }

  it('is an Ed25519 signature of "ato-evidence-store-head/1\\n<entries> <hash>\\n" (checkable without this tool), and verifies', () => {
    const k = keys();
    signedStore(k);
    const head = JSON.parse(readFileSync(join(store, 'head.json'), 'utf8'));
    const text = `ato-evidence-store-head/1\n${head.entries} ${head.hash}\n`;
    expect(cryptoVerify(null, Buffer.from(text), createPublicKey(readFileSync(k.pub)), Buffer.from(head.signature, 'base64'))).toBe(true);
    expect(JSON.parse(readFileSync(join(store, 'store.json'), 'utf8')).head).toEqual(head);
    expect(verifyStore(store, { publicKeyFile: k.pub })).toMatchObject({ ok: true, signature: 'valid' });
    expect(verifyStore(store)).toMatchObject({ ok: true, signature: 'not-checked' });
  });

  it('cut and re-anchored by someone without the key: the signature no longer verifies', () => {
    const k = keys();
    signedStore(k);
    const s = EvidenceStore.open(store, AT, { signKey: k.signKey });
    s.append(AT, snapshotBody('MR-02', 2, s.put('{"device":"MR-02"}\n').sha));
    s.commitHead();
    s.close();
    const signed = readFileSync(join(store, 'head.json'), 'utf8');
    // Back to one entry; both heads rewritten (keeping the old signature, or none).
    writeLines(ledgerLines().slice(0, 1));
    const head = { entries: 1, hash: sha(ledgerLines()[0]!), signature: JSON.parse(signed).signature };
    writeFileSync(join(store, 'head.json'), JSON.stringify(head) + '\n');
    writeFileSync(join(store, 'store.json'), JSON.stringify({ format: 'ato-evidence evidence store', version: 2, head }));
    const r = verifyStore(store, { publicKeyFile: k.pub });
    expect(r.signature).toBe('invalid');
    expect(r.problems.filter((p) => p.kind === 'signature').map((p) => p.where)).toEqual(['head.json', 'store.json']);
    expect(userErrorOf(() => EvidenceStore.open(store, AT, { signKey: k.signKey })).message).toMatch(/head\.json: carries a head signature that does not verify with the public key of/);
    const { signature: _dropped, ...unsigned } = head;
    writeFileSync(join(store, 'head.json'), JSON.stringify(unsigned) + '\n');
    writeFileSync(join(store, 'store.json'), JSON.stringify({ format: 'ato-evidence evidence store', version: 2, head: unsigned }));
    const unsignedProblems = verifyStore(store, { publicKeyFile: k.pub }).problems;
    expect(unsignedProblems.map((p) => [p.kind, p.where])).toEqual([['signature', 'head.json'], ['signature', 'store.json'], ['object-unnamed', 'objects/']]);
    expect(unsignedProblems[0]!.detail).toMatch(/^its head \(entry 1\) is not signed, so it cannot be checked against/);
  });

  it('a signed store refuses a run without the key, or with another key', () => {
    const k = keys();
    signedStore(k);
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toMatch(/head\.json: is signed .*give --sign-key with the same key/);
    expect(userErrorOf(() => EvidenceStore.open(store, AT, { signKey: keys().signKey })).message).toMatch(/does not verify with the public key/);
    expect(existsSync(join(store, 'lock'))).toBe(false);
  });

  // Found by a tamper driver: with the signature removed from head.json only, the next signing
  // run noted "not signed before" and signed the head again.
  it('a signature removed from one copy of the head: the signing run refuses to sign over it', () => {
    const k = keys();
    signedStore(k);
    const { signature: _dropped, ...bare } = JSON.parse(readFileSync(join(store, 'head.json'), 'utf8'));
    writeFileSync(join(store, 'head.json'), JSON.stringify(bare) + '\n');
    const before = readFileSync(join(store, LEDGER_FILE));
    expect(userErrorOf(() => EvidenceStore.open(store, AT, { signKey: k.signKey })).message).toMatch(/head\.json: carries no head signature while store\.json's head does/);
    expect(readFileSync(join(store, LEDGER_FILE)).equals(before)).toBe(true);
    expect(JSON.parse(readFileSync(join(store, 'head.json'), 'utf8')).signature).toBeUndefined();
  });

  /** A signed store with a snapshot and a run entry (the run records its key). */
  function signedRunStore(k: ReturnType<typeof keys>): void {
    const s = EvidenceStore.open(store, AT, { create: true, signKey: k.signKey });
    const o = s.put('{"device":"MR-01"}\n').sha;
    s.append(AT, snapshotBody('MR-01', 1, o));
    s.append(AT, { kind: 'run', run: 'r1', now: AT, manifest: s.put(JSON.stringify({ files: [] })).sha, previous: null });
    s.commitHead();
    s.close();
  }
  const stripSignatures = () => {
    const { signature: _h, ...head } = JSON.parse(readFileSync(join(store, 'head.json'), 'utf8'));
    writeFileSync(join(store, 'head.json'), JSON.stringify(head) + '\n');
    writeFileSync(join(store, 'store.json'), JSON.stringify({ format: 'ato-evidence evidence store', version: 2, head }));
  };

  // Found by hand: with the signature removed from both copies of the head, the next signing run
  // noted "not signed before" and signed the head (over a ledger that may have been cut).
  it('both signatures removed: the ledger records the signing run, so no run signs or files over it', () => {
    const k = keys();
    signedRunStore(k);
    const run = parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries[1]!;
    const spki = createPublicKey(readFileSync(k.pub)).export({ type: 'spki', format: 'der' });
    expect(run).toMatchObject({ kind: 'run', headKey: sha(spki) });
    stripSignatures();
    const files = () => ['head.json', 'store.json', LEDGER_FILE].map((f) => readFileSync(join(store, f), 'utf8'));
    const before = files();
    for (const opts of [{ signKey: k.signKey }, { signKey: k.signKey, startSigning: true }, {}]) {
      expect(userErrorOf(() => EvidenceStore.open(store, AT, opts)).message).toMatch(/head\.json: carries no head signature \(nor does store\.json\), while ledger\.jsonl line 2 \(seq 2, run r1\) records that its run signed the head.*signatures were removed/);
    }
    expect(files()).toEqual(before);
    expect(existsSync(join(store, 'lock'))).toBe(false);
    const r = verifyStore(store);
    expect(r).toMatchObject({ ok: false, signature: 'missing' });
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'signature', where: 'ledger.jsonl line 2', detail: expect.stringMatching(/run r1 records that its run signed the head .* neither head\.json nor store\.json carries a signature/) })]);
  });

  it('both signatures removed, both heads moved back to the empty ledger and an in-progress made: the earlier runs are not taken for an interrupted one', () => {
    const k = keys();
    signedRunStore(k);
    const empty = { entries: 0, hash: GENESIS };
    writeFileSync(join(store, 'head.json'), JSON.stringify(empty) + '\n');
    writeFileSync(join(store, 'store.json'), JSON.stringify({ format: 'ato-evidence evidence store', version: 2, head: empty }));
    writeFileSync(join(store, IN_PROGRESS_FILE), '{}\n');
    // A second, killed run's entries (another run id) past the head.
    const last = parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries.at(-1)!;
    appendFileSync(join(store, LEDGER_FILE), formatEntry(3, AT, last.hash, { ...snapshotBody('MR-02', 2, last.manifest), run: 'r2' }) + '\n');
    expect(userErrorOf(() => EvidenceStore.open(store, AT, { signKey: k.signKey })).message).toMatch(/records that its run signed the head/);
    expect(verifyStore(store).problems).toEqual([expect.objectContaining({ kind: 'signature', where: 'ledger.jsonl line 2' })]);

    // What a killed first run of a new store leaves (its own entries past the empty head) is signed by the re-run, without --start-signing.
    store = join(dir, 'killed-first-run');
    const s = EvidenceStore.open(store, AT, { create: true, signKey: k.signKey });
    s.append(AT, snapshotBody('MR-01', 1, s.put('{"device":"MR-01"}\n').sha));
    s.append(AT, { kind: 'run', run: 'r1', now: AT, manifest: s.put('{"files":[]}').sha, previous: null });
    // killed here: no head recorded, in-progress left
    rmSync(join(store, 'lock')); // gone with the killed process (a dead pid's lock is taken over)
    const again = EvidenceStore.open(store, AT, { signKey: k.signKey });
    again.commitHead();
    again.close();
    expect(verifyStore(store, { publicKeyFile: k.pub })).toMatchObject({ ok: true, signature: 'valid' });
  });

  it('a store holding unsigned entries is signed only with --start-signing, once; a new store signs without it', () => {
    const k = keys();
    fiveEntryStore();
    const before = readFileSync(join(store, 'head.json'), 'utf8');
    expect(userErrorOf(() => EvidenceStore.open(store, AT, { signKey: k.signKey })).message).toMatch(/head\.json: carries no head signature .* holds 6 entries of earlier runs: either the store was never signed, or its signatures were removed.*give --start-signing once/);
    expect(readFileSync(join(store, 'head.json'), 'utf8')).toBe(before);
    const s = EvidenceStore.open(store, AT, { signKey: k.signKey, startSigning: true });
    expect(s.notes.join('\n')).toMatch(/was not signed before; it is signed from this run on/);
    s.commitHead();
    s.close();
    expect(verifyStore(store, { publicKeyFile: k.pub })).toMatchObject({ ok: true, signature: 'valid' });
    // Left in the command, it is refused: it would re-sign the store once its signatures were removed.
    expect(userErrorOf(() => EvidenceStore.open(store, AT, { signKey: k.signKey, startSigning: true })).message).toMatch(/head\.json: is signed already: --start-signing is only for the first signed run/);
    EvidenceStore.open(store, AT, { signKey: k.signKey }).close();
    // A new store has nothing to vouch for yet.
    store = join(dir, 'new-store');
    signedRunStore(k);
    expect(verifyStore(store, { publicKeyFile: k.pub })).toMatchObject({ ok: true, signature: 'valid' });
  });

  it('verify --public-key on a store never signed: the signature is missing', () => {
    fiveEntryStore();
    const r = verifyStore(store, { publicKeyFile: keys().pub });
    expect(r).toMatchObject({ ok: false, signature: 'missing' });
  });
});

describe('damaged store files: named, never a stack trace', () => {
  it('store.json that is not JSON, of an unknown version, or a folder', () => {
    fiveEntryStore();
    writeFileSync(join(store, 'store.json'), 'garbage');
    expect(verifyStore(store).problems).toEqual([expect.objectContaining({ kind: 'store', where: 'store.json', detail: expect.stringMatching(/^line 1, column 1: not valid JSON: unexpected 'g'/) })]);
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toMatch(/store\.json: line 1, column 1: not valid JSON/);
    writeFileSync(join(store, 'store.json'), JSON.stringify({ format: 'ato-evidence evidence store', version: 3 }));
    expect(verifyStore(store).problems[0]!.detail).toMatch(/has version 3/);
    rmSync(join(store, 'store.json'));
    mkdirSync(join(store, 'store.json'));
    expect(verifyStore(store).problems[0]!.detail).toMatch(/is a folder, not a file/);
  });

  it('a ledger or a lock that is a folder', () => {
    fiveEntryStore();
    mkdirSync(join(store, 'lock'));
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toBe(`${store}/lock: is a folder, not the lock file a monitor run writes; no run can take the store while it is there: remove it`);
    rmSync(join(store, 'lock'), { recursive: true });
    rmSync(join(store, LEDGER_FILE));
    mkdirSync(join(store, LEDGER_FILE));
    expect(verifyStore(store).problems).toEqual([expect.objectContaining({ kind: 'store', where: LEDGER_FILE, detail: 'is a folder, not a file' })]);
    expect(userErrorOf(() => EvidenceStore.open(store, AT)).message).toMatch(/ledger\.jsonl: is a folder, not a file/);
  });

  it('an object replaced by a folder', () => {
    const { objects } = fiveEntryStore();
    rmSync(objectPath(store, objects[1]!));
    mkdirSync(objectPath(store, objects[1]!));
    const r = verifyStore(store);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'object-changed', where: `objects/${objects[1]!.slice(0, 2)}/${objects[1]!.slice(2)}`, detail: expect.stringMatching(/^is a folder, not an object file; named by ledger\.jsonl line 2/) })]);
  });
});
