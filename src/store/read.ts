// Reading an evidence store's files, shared by the writer (store.ts, under its lock) and by
// `verify --store` (verify.ts, without one). Each reader says what is wrong with a file in words
// rather than throwing: the writer turns that into a refusal, verify into a problem.
//
//   STORE/store.json     {"format", "version": 2, "head": {entries, hash[, signature]}}
//   STORE/head.json      {entries, hash[, signature]}: the chain's head after the last complete run
//   STORE/ledger.jsonl   the hash-chained ledger (ledger.ts)
//   STORE/objects/ab/…   content-addressed objects
//   STORE/in-progress    present while a run writes, and after a run was interrupted
//   STORE/lock           the writer's lock (lock.ts)
//
// The head is recorded twice (head.json and store.json) so that cutting the ledger's tail needs
// two files changed, not one; with --sign-key both carry an Ed25519 signature of the head, which
// no one without the key can make for a shortened ledger.
import { createHash, createPublicKey } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isUserError, type UserError } from '../io/errors.js';
import { parseJson } from '../io/json-text.js';
import { decodeUtf8 } from '../io/utf8.js';
import { GENESIS, settledEntries, type LedgerEntry } from './ledger.js';

export const STORE_MARKER = 'store.json';
export const LEDGER_FILE = 'ledger.jsonl';
export const HEAD_FILE = 'head.json';
export const OBJECTS_DIR = 'objects';
export const IN_PROGRESS_FILE = 'in-progress';
export const STORE_FORMAT = 'ato-evidence evidence store';
/** 1: store.json without the head (read, and upgraded by the next run); 2: with it. */
export const STORE_VERSION = 2;
/** What a head signature signs: this line, the entry count and the hash (see headText). */
export const HEAD_SIGNATURE_METHOD = 'ato-evidence-store-head/1';

/** The chain's head: how many entries, the last one's hash; optionally signed. */
export interface Head {
  entries: number;
  hash: string;
  /** Base64 Ed25519 signature of headText(entries, hash). */
  signature?: string;
}

export interface StoreMarker {
  version: 1 | 2;
  /** Version 2 only. */
  head?: Head;
}

export type Found<T> = { value: T } | { absent: true } | { problem: string };

const HEX64 = /^[0-9a-f]{64}$/;

export function objectPath(store: string, sha: string): string {
  return join(store, OBJECTS_DIR, sha.slice(0, 2), sha.slice(2));
}

/** An object's path relative to the store, as messages name it. */
export function objectRel(sha: string): string {
  return `${OBJECTS_DIR}/${sha.slice(0, 2)}/${sha.slice(2)}`;
}

/** The exact bytes a head signature covers: "ato-evidence-store-head/1\n<entries> <hash>\n". */
export function headText(entries: number, hash: string): string {
  return `${HEAD_SIGNATURE_METHOD}\n${entries} ${hash}\n`;
}

/** What a run entry records of the key that signed its head (ledger `headKey`): the SHA-256 of its public half, SubjectPublicKeyInfo DER. */
export function headKeyFingerprint(keyPem: string | Buffer): string {
  return createHash('sha256').update(createPublicKey(keyPem).export({ type: 'spki', format: 'der' })).digest('hex');
}

export function describeStat(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** A small file's bytes; `absent` when it does not exist; a problem when it is a folder, a link, unreadable. */
function readSmallBytes(path: string): Found<Buffer> {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { absent: true };
    return { problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
  if (!st.isFile()) return { problem: `is ${describeStat(st)}, not a file` };
  try {
    return { value: readFileSync(path) };
  } catch (e) {
    return { problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
}

/** A small file's text (the ledger's bytes as they are: its lines are hashed); see readSmallBytes. */
export function readSmallFile(path: string): Found<string> {
  const bytes = readSmallBytes(path);
  return 'value' in bytes ? { value: bytes.value.toString('utf8') } : bytes;
}

function parseHeadValue(v: unknown): Head | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'is not an object { entries, hash }';
  const o = v as Record<string, unknown>;
  if (typeof o.entries !== 'number' || !Number.isSafeInteger(o.entries) || o.entries < 0) return '"entries" is not a count of ledger entries';
  if (typeof o.hash !== 'string' || !HEX64.test(o.hash)) return '"hash" is not a SHA-256 (64 lowercase hex digits)';
  if (o.entries === 0 && o.hash !== GENESIS) return '"hash" of an empty ledger must be 64 zeros';
  if (o.signature !== undefined && typeof o.signature !== 'string') return '"signature" is not a base64 string';
  return { entries: o.entries, hash: o.hash, ...(o.signature !== undefined ? { signature: o.signature as string } : {}) };
}

/** A UserError's message without its file, which the caller names: "line 2, column 5: …". */
function placed(e: UserError): string {
  return e.where ? `${e.where}: ${e.detail}` : e.detail;
}

/**
 * head.json's or store.json's value, read as every JSON input is (io/utf8.ts, io/json-text.ts):
 * UTF-16 named as such, syntax errors by line and column, a member written twice refused (which
 * "entries" or "version" holds would be the reader's guess).
 */
function readStoreJson(path: string): Found<unknown> {
  const bytes = readSmallBytes(path);
  if (!('value' in bytes)) return bytes;
  try {
    return { value: parseJson(decodeUtf8(bytes.value, path, 'JSON'), path) };
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { problem: placed(e) };
  }
}

/** STORE/head.json. */
export function readHeadFile(store: string): Found<Head> {
  const json = readStoreJson(join(store, HEAD_FILE));
  if (!('value' in json)) return json;
  const head = parseHeadValue(json.value);
  return typeof head === 'string' ? { problem: head } : { value: head };
}

/** STORE/store.json: the format marker, and (version 2) the head's second copy. */
export function readStoreMarker(store: string): Found<StoreMarker> {
  const json = readStoreJson(join(store, STORE_MARKER));
  if (!('value' in json)) return json;
  const o = json.value as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || Array.isArray(o) || o.format !== STORE_FORMAT) return { problem: `is not an evidence store's marker ("format" is not "${STORE_FORMAT}")` };
  if (o.version === 1) return { value: { version: 1 } };
  if (o.version !== 2) return { problem: `has version ${JSON.stringify(o.version) ?? 'nothing'}; this ato-evidence reads versions 1 and ${STORE_VERSION} (a newer ato-evidence made this store?)` };
  const head = parseHeadValue(o.head);
  if (typeof head === 'string') return { problem: `"head" ${head}` };
  return { value: { version: 2, head } };
}

export function storeMarkerText(head: Head): string {
  return JSON.stringify({ format: STORE_FORMAT, version: STORE_VERSION, head }, null, 2) + '\n';
}

export function headFileText(head: Head): string {
  return JSON.stringify(head) + '\n';
}

/** The ledger's text ('' when absent); a problem when it is a folder or unreadable. */
export function readLedgerFile(store: string): Found<string> {
  return readSmallFile(join(store, LEDGER_FILE));
}

/**
 * Why `head` (recorded in `where`) does not name an entry of the ledger, or undefined when it
 * does. A head behind the ledger's end is not a problem here (see the callers): entries written
 * after it by a run that did not finish are still a chain.
 */
export function headMismatch(head: Head, entries: readonly LedgerEntry[], where: string): { line: number; detail: string } | undefined {
  if (head.entries > entries.length) {
    return { line: entries.length + 1, detail: `${where} records ${head.entries} entries but the ledger ends after ${entries.length}: entries were removed from its end` };
  }
  if (head.entries > 0 && entries[head.entries - 1]!.hash !== head.hash) {
    return { line: head.entries, detail: `its hash is not the one ${where} records for entry ${head.entries}: the line was edited, or the ledger rewritten` };
  }
  return undefined;
}

export interface ObjectFile {
  sha: string;
  /** Set when the name is not a regular file (a folder, a link…). */
  notFile?: string;
}

/** What the objects folder holds besides objects: symbolic links, and entries no run writes. */
export interface ObjectsLayout {
  /** objects/, a two-hex folder or an object that is a symbolic link (paths relative to the store), sorted. */
  links: string[];
  /** Entries no run writes (objects/zz, objects/ab/notes.txt, a two-hex name that is a file), sorted. */
  stray: string[];
}

/**
 * The objects folder's layout, listed with the entries' types (one listing per folder, no stat
 * per object). A symbolic link there makes the store read what lies outside it (another folder's
 * files taken for the store's evidence); a stray entry is nothing any run wrote. Both are named
 * by monitor (links refused, strays warned of) and by verify --store.
 */
export function objectsLayout(store: string): ObjectsLayout {
  const links: string[] = [];
  const stray: string[] = [];
  const dir = join(store, OBJECTS_DIR);
  let st: Stats;
  try {
    st = lstatSync(dir);
  } catch {
    return { links, stray }; // none yet
  }
  if (st.isSymbolicLink()) return { links: [OBJECTS_DIR], stray };
  if (!st.isDirectory()) return { links, stray: [OBJECTS_DIR] };
  for (const sub of readdirSync(dir, { withFileTypes: true })) {
    const rel = `${OBJECTS_DIR}/${sub.name}`;
    if (sub.isSymbolicLink()) {
      links.push(rel);
      continue;
    }
    if (sub.name === 'tmp' && sub.isDirectory()) continue;
    if (!/^[0-9a-f]{2}$/.test(sub.name) || !sub.isDirectory()) {
      stray.push(rel);
      continue;
    }
    let names;
    try {
      names = readdirSync(join(dir, sub.name), { withFileTypes: true });
    } catch {
      continue; // removed meanwhile
    }
    for (const n of names) {
      if (n.isSymbolicLink()) links.push(`${rel}/${n.name}`);
      else if (!/^[0-9a-f]{62}$/.test(n.name)) stray.push(`${rel}/${n.name}`);
    }
  }
  return { links: links.sort(), stray: stray.sort() };
}

/** Every object file's name under STORE/objects (objects/tmp excepted), sorted. */
export function listObjects(store: string): ObjectFile[] {
  const dir = join(store, OBJECTS_DIR);
  const out: ObjectFile[] = [];
  let subs: string[];
  try {
    subs = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const sub of subs) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    let names: string[];
    try {
      names = readdirSync(join(dir, sub)).sort();
    } catch {
      continue; // not a folder: nothing the ledger can name lives there
    }
    for (const name of names) {
      if (!/^[0-9a-f]{62}$/.test(name)) continue;
      const sha = sub + name;
      let st: Stats | undefined;
      try {
        st = lstatSync(join(dir, sub, name));
      } catch {
        continue; // removed meanwhile (a writer recovering)
      }
      out.push(st.isFile() ? { sha } : { sha, notFile: describeStat(st) });
    }
  }
  return out;
}

/** Every 64-hex value under a key named "object" or "manifest", at any depth (a run manifest's references). */
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

export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Why `entries` (a ledger) holds a run that only version 2 could have filed, or undefined: a run
 * recording `headKey`, or one whose report (its manifest's drift.json) records the store's head
 * (`new.store`), which every version 2 run writes and version 1 never did. A version 2 run leaves
 * store.json at version 2, so such a run under a store.json of version 1 means store.json was
 * replaced or edited (bringing back version 1's leniency). `read` gives an object's bytes, or
 * undefined when they cannot be trusted (that run is then not counted). Newest run first: a store
 * upgraded long ago is told by its latest run, without reading the older ones.
 */
export function version2Run(entries: readonly LedgerEntry[], read: (sha: string) => Buffer | undefined): { entry: LedgerEntry; why: string } | undefined {
  const json = (sha: string): unknown => {
    const bytes = read(sha);
    if (!bytes) return undefined;
    try {
      return JSON.parse(bytes.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  };
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.kind !== 'run') continue;
    if (e.headKey !== undefined) return { entry: e, why: 'it records the key that signed its head (headKey)' };
    const manifest = json(e.manifest) as { files?: Array<{ name?: unknown; object?: unknown }> } | undefined;
    // The report file monitor names drift.json (monitor/run.ts DRIFT_JSON).
    const drift = Array.isArray(manifest?.files) ? manifest!.files.find((f) => f?.name === 'drift.json') : undefined;
    if (typeof drift?.object !== 'string' || !HEX64.test(drift.object)) continue;
    const doc = json(drift.object) as { new?: { store?: unknown } } | undefined;
    const anchor = doc?.new?.store;
    if (anchor && typeof anchor === 'object') return { entry: e, why: 'its report (drift.json) records the store\'s head, which only version 2 writes' };
  }
  return undefined;
}

/**
 * For a store.json of version 1: what in the store only version 2 writes (a signed head.json, a
 * run filed by version 2: version2Run), described, or undefined. Every version 2 run leaves
 * store.json at version 2, so this means store.json was put back or edited. A version 2 run
 * killed before it upgraded store.json (`interrupted`) leaves its entries past head.json's head,
 * the ledger's last: those are not counted then (settledEntries; only they: head.json removed
 * would otherwise hide every run).
 */
export function version2Evidence(store: string, entries: readonly LedgerEntry[], interrupted: boolean, read: (sha: string) => Buffer | undefined): string | undefined {
  const head = readHeadFile(store);
  if ('value' in head && head.value.signature !== undefined) return `${HEAD_FILE} carries a head signature, which only version 2 writes`;
  const covered = 'value' in head ? head.value.entries : 0;
  const v2 = version2Run(entries.slice(0, settledEntries(entries, covered, interrupted)), read);
  return v2 ? `${LEDGER_FILE} line ${v2.entry.line} (${v2.entry.kind === 'run' ? `seq ${v2.entry.seq}, run ${v2.entry.run}` : `seq ${v2.entry.seq}`}) was filed by version 2: ${v2.why}` : undefined;
}

/** The problem named when version2Evidence finds something. */
export function downgradeDetail(evidence: string): string {
  return `has version 1, but ${evidence}; version 2 leaves ${STORE_MARKER} at version 2 after every run, so ${STORE_MARKER} was put back or edited, which would bring back version 1's leniency (entries after the head, or a torn last line, taken for an interrupted run's)`;
}
