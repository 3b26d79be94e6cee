// `ato-evidence verify --store STORE`: walks the ledger's chain and every object. Reads only; no
// lock needed (a concurrent writer only appends, and what it has not finished is tolerated as it
// would be after a kill).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../oscal/ids.js';
import { describeEntry, parseLedger, type LedgerEntry } from './ledger.js';
import { HEAD_FILE, LEDGER_FILE, OBJECTS_DIR, objectPath, readHead, readLedgerText, STORE_MARKER } from './store.js';

export interface StoreProblem {
  kind: 'chain' | 'head' | 'object-changed' | 'object-missing' | 'manifest' | 'store';
  /** Ledger line or object path (relative to the store). */
  where: string;
  detail: string;
}

export interface StoreVerifyResult {
  ok: boolean;
  problems: StoreProblem[];
  /** Harmless leftovers of an interrupted run: a torn last line, temp files, unreferenced objects. */
  notes: string[];
  entries: number;
  snapshots: number;
  runs: number;
  objects: number;
  head: string | null;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Every 64-hex value under a key named "object" or "manifest", at any depth. */
export function referencedObjects(doc: unknown, out: string[] = []): string[] {
  if (Array.isArray(doc)) {
    for (const v of doc) referencedObjects(v, out);
  } else if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      if ((k === 'object' || k === 'manifest') && typeof v === 'string' && HEX64.test(v)) out.push(v);
      else referencedObjects(v, out);
    }
  }
  return out;
}

function rel(sha: string): string {
  return `${OBJECTS_DIR}/${sha.slice(0, 2)}/${sha.slice(2)}`;
}

export function verifyStore(store: string): StoreVerifyResult {
  const problems: StoreProblem[] = [];
  const notes: string[] = [];
  const result = (entries: LedgerEntry[], objects: number): StoreVerifyResult => ({
    ok: problems.length === 0,
    problems,
    notes,
    entries: entries.length,
    snapshots: entries.filter((e) => e.kind === 'snapshot').length,
    runs: entries.filter((e) => e.kind === 'run').length,
    objects,
    head: entries.length ? entries[entries.length - 1]!.hash : null,
  });
  if (!existsSync(join(store, STORE_MARKER))) {
    problems.push({ kind: 'store', where: STORE_MARKER, detail: 'missing: this folder is not an evidence store' });
    return result([], 0);
  }

  const parsed = parseLedger(readLedgerText(store));
  const entries = parsed.entries;
  if (parsed.problem) {
    const p = parsed.problem;
    problems.push({ kind: 'chain', where: `${LEDGER_FILE} line ${p.line}`, detail: `${p.entry ? `${p.entry}: ` : ''}${p.detail}` });
  }
  if (parsed.tornTail) notes.push(`${LEDGER_FILE} line ${parsed.tornTail.line}: an incomplete append (${parsed.tornTail.bytes} bytes, no newline) from an interrupted run; not part of the history; the next monitor run removes it`);

  // The tail anchor: a chain cannot show that its last entries were cut off; head.json can.
  const head = readHead(store);
  if (head && !parsed.problem) {
    if (head.entries < 0) {
      problems.push({ kind: 'head', where: HEAD_FILE, detail: 'is not readable JSON { entries, hash }' });
    } else if (head.entries > entries.length) {
      problems.push({ kind: 'head', where: `${LEDGER_FILE} line ${entries.length + 1}`, detail: `missing: ${HEAD_FILE} records ${head.entries} entries but the ledger ends after ${entries.length}: entries were removed from its end` });
    } else if (head.entries > 0 && entries[head.entries - 1]!.hash !== head.hash) {
      problems.push({ kind: 'head', where: `${LEDGER_FILE} line ${head.entries}`, detail: `${describeEntry(entries[head.entries - 1]!)}: its hash is not the one ${HEAD_FILE} recorded: the line was edited` });
    }
  }

  // Objects the ledger names (directly, or through a run's manifest), with the entry that names them.
  const referencedBy = new Map<string, string>();
  for (const e of entries) {
    const objs = e.kind === 'snapshot' ? [e.object] : [e.manifest];
    for (const o of objs) if (!referencedBy.has(o)) referencedBy.set(o, `${LEDGER_FILE} line ${e.line} (${describeEntry(e)})`);
  }
  const objectsDir = join(store, OBJECTS_DIR);
  const present = new Set<string>();
  const changed = new Map<string, string>();
  let count = 0;
  if (existsSync(objectsDir)) {
    for (const sub of readdirSync(objectsDir).sort()) {
      if (sub === 'tmp') {
        const left = readdirSync(join(objectsDir, sub)).length;
        if (left) notes.push(`${OBJECTS_DIR}/tmp: ${left} temporary file(s) from an interrupted run; the next monitor run removes them`);
        continue;
      }
      if (!/^[0-9a-f]{2}$/.test(sub)) continue;
      for (const name of readdirSync(join(objectsDir, sub)).sort()) {
        const sha = sub + name;
        count++;
        present.add(sha);
        const actual = sha256Hex(readFileSync(join(objectsDir, sub, name)));
        if (actual !== sha) changed.set(sha, actual);
      }
    }
  }
  // Manifests name further objects (report files, configuration, the run's summary).
  for (const e of entries) {
    if (e.kind !== 'run') continue;
    if (!present.has(e.manifest)) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(objectPath(store, e.manifest), 'utf8'));
    } catch {
      problems.push({ kind: 'manifest', where: rel(e.manifest), detail: `the manifest of ${describeEntry(e)} is not JSON` });
      continue;
    }
    for (const o of referencedObjects(doc)) if (!referencedBy.has(o)) referencedBy.set(o, `the manifest of ${describeEntry(e)} (${LEDGER_FILE} line ${e.line})`);
  }
  for (const [sha, actual] of changed) {
    const by = referencedBy.get(sha);
    // An object nothing names yet may be one a crash caught before it reached the disk: the next
    // run rewrites it. One the history names is evidence changed.
    if (by) problems.push({ kind: 'object-changed', where: rel(sha), detail: `its content no longer matches its name (SHA-256 now ${actual}); named by ${by}` });
    else notes.push(`${rel(sha)}: content does not match its name, and no ledger entry names it (a write cut short by a crash?); the next run that files it rewrites it`);
  }
  for (const [sha, by] of referencedBy) {
    if (!present.has(sha)) problems.push({ kind: 'object-missing', where: rel(sha), detail: `missing; named by ${by}` });
  }
  const orphans = [...present].filter((s) => !referencedBy.has(s) && !changed.has(s)).length;
  if (orphans) notes.push(`${orphans} object(s) no ledger entry names yet (written by a run that did not finish; harmless, reused when filed again)`);
  return result(entries, count);
}

export { objectPath };
