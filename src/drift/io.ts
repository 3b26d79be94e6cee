// Reading one side of a diff: a snapshot file, a folder of snapshots or export folders, or an
// assessment output folder (assessment-results.json + the evidence/*.json it cites). The edge:
// reads files. Assessment folders are re-evaluated from their evidence snapshots with the current
// catalog (see docs/drift.md: both sides are then judged by the same rules).
import { closeSync, existsSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { AR_FILE } from '../oscal/assessment-results.js';
import { UserError } from '../io/errors.js';
import { readUserFile } from '../io/file-queue.js';
import { expandInputs, unreachablePath } from '../io/inputs.js';
import type { NamedPath } from '../io/output-safety.js';
import { PROJECT_NS, sha256Hex } from '../oscal/ids.js';
import { RULES_DIGEST_PROP } from '../assess/rules-digest.js';
import { parseJsonBytes } from '../io/json-text.js';
import { JsonSelector, JsonSyntaxError } from '../io/json-select.js';
import { readSnapshot, type SnapshotRead } from '../snapshot/load.js';
import { displayPath, MANIFEST_FILE, openIntactPackage } from '../seal/seal.js';
import type { Snapshot } from '../snapshot/types.js';
import { buildSide } from './side.js';
import type { AssessedSide, DriftContext, SideInfo } from './types.js';

export interface Ingester {
  looksLikeExportFolder(dir: string): boolean;
  ingestFolder(dir: string): Promise<{ snapshot: Snapshot; skipped?: Array<{ file: string; reason: string }>; warnings?: string[] }>;
}

export interface SideInput {
  path: string;
  /** Turns an export folder into a snapshot (src/ingest); absent = export folders are refused. */
  ingest?: Ingester;
  /** Told about what is skipped inside the side's folder (links, FIFOs, unrecognised exports). */
  warn?: (message: string) => void;
  /** The run's outputs: an input reached through a link may not be, hold or lie inside one. */
  outputs?: readonly NamedPath[];
  /** diff --public-key: an assessment folder must be a sealed package signed with this key (as verify and export check it). */
  publicKeyFile?: string;
  /** Above this size assessment-results.json is streamed rather than parsed whole (default 256 MiB; tests lower it). */
  maxArBytes?: number;
  /** Files the run reads through its options (--attestations, --deviations, ...): not named as left unread. */
  known?: readonly string[];
}

/** A sealed package a side was read from, as verified before anything of it was read. */
export interface VerifiedSide {
  dir: string;
  /** The sealed SHA-256 of each file: what is read afterwards must still have it. */
  sealed: ReadonlyMap<string, string>;
  packageDigest: string;
  /** verify's status: `valid` (checked with --public-key), `not-checked` (signed, no key given), `unsigned`. */
  signature: string;
}

/** One snapshot of a side, not yet read. */
export interface SideEntry {
  /** As shown to the user. */
  file: string;
  /**
   * A guess at the device this entry holds (its path without dates, or the device id the
   * assessment results record), used to pair OLD and NEW entries so that each snapshot is read
   * once. Only a hint: pairs are checked by device id after reading.
   */
  pairKey: string;
  /** The snapshot's bytes (export folders are ingested first). */
  read(): Promise<Buffer>;
  /** SHA-256 the assessment results recorded for this file, checked on reading. */
  expectedSha256?: string;
  /**
   * The file whose bytes are the snapshot, when `read` only reads it (not an export folder to
   * ingest): such an entry can be re-made from this plain description by a worker thread
   * (`diff --jobs`, ./pool.ts) with `fileEntry`.
   */
  path?: string;
}

/** What a worker thread needs to read an entry as the main thread would: plain, cloneable. */
export interface FileEntryDescription {
  file: string;
  path: string;
  expectedSha256?: string;
}

/** An entry whose snapshot is the bytes of one file. */
export function fileEntry(d: FileEntryDescription, pairKey = ''): SideEntry {
  return { file: d.file, pairKey, path: d.path, read: async () => readBytes(d.path), ...(d.expectedSha256 ? { expectedSha256: d.expectedSha256 } : {}) };
}

/** The plain description of an entry a worker can read, else undefined (an export folder). */
export function describeEntry(e: SideEntry): FileEntryDescription | undefined {
  return e.path === undefined ? undefined : { file: e.file, path: e.path, ...(e.expectedSha256 ? { expectedSha256: e.expectedSha256 } : {}) };
}

export interface SideListing {
  kind: SideInfo['kind'];
  label: string;
  /** The side's assessment time when the input records one (an assessment folder). */
  at?: string;
  entries: SideEntry[];
  /** Set when the side is a sealed package (verified). */
  package?: VerifiedSide;
  /**
   * An assessment folder: the version of ato-evidence that made it (the AR's metadata prop
   * `generator`, or, for an AR too large to parse whole, the sealed manifest's `tool`), without
   * the tool's name: "0.1.0".
   */
  generator?: string;
  /**
   * An assessment folder: the rules its checks were judged with (the AR's metadata prop
   * `rules-digest`, or the sealed manifest's `rulesDigest`; src/assess/rules-digest.ts). Absent
   * in packages made before it was recorded.
   */
  rulesDigest?: string;
  /** Set by `runDiff` when the side was judged by other rules than this run's (SideInfo.reassessed). */
  reassessed?: SideInfo['reassessed'];
  /** Set by `runDiff`: the ODPs the side's run defined and their values, where its SSP records them (SideInfo.ownOdps). */
  odps?: ReadonlyMap<string, string>;
}

/** "ato-evidence 0.1.0" as the version alone; undefined for anything else. */
function generatorVersion(v: unknown): string | undefined {
  const m = typeof v === 'string' ? /^ato-evidence (\S+)$/.exec(v.trim()) : null;
  return m ? m[1] : undefined;
}

/** A SHA-256 as recorded (64 hex digits); undefined for anything else. */
function digestValue(v: unknown): string | undefined {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? v : undefined;
}

function readBytes(file: string): Buffer {
  return readUserFile(file);
}

/** Above this, assessment-results.json is not parsed whole: the manifest lists the evidence instead. */
const MAX_AR_BYTES = 256 * 2 ** 20;
/** Where assess copies the attestations' evidence files (src/assess/run.ts): evidence, but no snapshot. */
const ATTESTATION_EVIDENCE = 'evidence/attestations/';

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * A sealed package (assess writes manifest.json) is verified first, as `export` does: a file
 * changed, added or removed since sealing refuses the folder, so the report never compares
 * altered evidence, results, POA&M or SSP as if they were the assessment's; with `publicKeyFile`
 * its signature too. Returns the sealed SHA-256 of each file, which what is read afterwards must
 * still have. A folder without manifest.json is not a package as assess writes it: it is compared,
 * with a warning that only the hashes its assessment-results.json records (editable with it) vouch
 * for its evidence; with `publicKeyFile` it is refused (there is no signature to check).
 */
function sealedPackage(dir: string, warn?: (message: string) => void, publicKeyFile?: string): VerifiedSide | undefined {
  let st;
  try {
    st = lstatSync(join(dir, MANIFEST_FILE));
  } catch {
    if (publicKeyFile !== undefined) throw new UserError(`holds no ${MANIFEST_FILE}: it is not a sealed package, so its signature cannot be checked against ${publicKeyFile} (--public-key); it is not compared`, { file: dir });
    warn?.(`${dir}: holds no ${MANIFEST_FILE}, so it is not a sealed package and cannot be verified: its evidence is checked only against the SHA-256 values its ${AR_FILE} records, which whoever edits the folder can edit too`);
    return undefined;
  }
  if (!st.isFile()) throw new UserError(`is not a regular file, so the package cannot be verified and is not compared`, { file: displayPath(dir, MANIFEST_FILE) });
  const { manifest, result } = openIntactPackage(dir, 'it is not compared', publicKeyFile);
  return { dir, sealed: new Map(manifest.files.map((f) => [f.path, f.sha256])), packageDigest: result.packageDigest, signature: result.signature };
}

/**
 * A file of a side's folder read whole (poam.json, ssp.json): in a verified package, its bytes
 * must still be the sealed ones (a file changed after verification is refused, naming it).
 */
export function readSideFile(listing: SideListing, file: string, rel: string): Buffer {
  const bytes = readBytes(file);
  const want = listing.package?.sealed.get(rel);
  if (listing.package && want === undefined) throw new UserError(`is not in the package's ${MANIFEST_FILE}, so it was added after the package was verified; nothing is compared`, { file });
  if (want !== undefined && sha256Hex(bytes) !== want) throw new UserError(`changed after the package was verified (SHA-256 ${sha256Hex(bytes)}, sealed ${want}); nothing is compared`, { file });
  return bytes;
}

/**
 * The clock of an assessment results file too large to parse whole: its last result's end (else
 * start), as the parsed path takes it, read in 1 MiB chunks through a JSON selector (every byte
 * checked against JSON's grammar) and hashed against the sealed SHA-256 when there is one. The
 * manifest's createdAt is not covered by the package digest, so it is not the side's clock.
 */
function streamedResultsClock(file: string, shown: string, want: string | undefined): string | undefined {
  const times = new Map<number, { start?: string; end?: string }>();
  const selector = new JsonSelector({
    select: (path) => {
      if (path.length === 0 || (path.length === 1 && path[0] === 'assessment-results')) return 'descend';
      if (path[0] !== 'assessment-results' || path[1] !== 'results') return 'skip';
      if (path.length <= 3) return 'descend';
      return path.length === 4 && (path[3] === 'start' || path[3] === 'end') ? 'capture' : 'skip';
    },
    captured: (path, value) => {
      if (typeof value !== 'string') return;
      const t = times.get(path[2] as number) ?? {};
      t[path[3] as 'start' | 'end'] = value;
      times.set(path[2] as number, t);
    },
  });
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
      selector.write(chunk.subarray(0, n));
    }
    selector.end();
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new UserError(`is not JSON (${e.message})`, { file: shown });
    throw e;
  } finally {
    closeSync(fd);
  }
  const sha = hash.digest('hex');
  if (want !== undefined && sha !== want) throw new UserError(`changed after the package was verified (SHA-256 ${sha}, sealed ${want}); nothing is compared`, { file: shown });
  const last = times.get(Math.max(-1, ...times.keys()));
  return last?.end ?? last?.start;
}

function listAssessment(dir: string, label: string, warn?: (message: string) => void, publicKeyFile?: string, maxArBytes = MAX_AR_BYTES): SideListing {
  const arFile = join(dir, AR_FILE);
  const shown = relative(process.cwd(), arFile) || arFile;
  const pkg = sealedPackage(dir, warn, publicKeyFile);
  const sealed = pkg?.sealed;
  const entries: SideEntry[] = [];
  let at: string | undefined;
  let generator: string | undefined;
  let rulesDigest: string | undefined;
  const evidenceEntry = (href: string, sha: string | undefined, where: string, deviceId?: string): SideEntry => {
    if (href.includes('..') || href.startsWith('/') || href.includes('\\')) throw new UserError(`evidence link "${href}" leaves the assessment folder`, { file: shown, where });
    const path = join(dir, href);
    if (!existsSync(path)) throw new UserError(`cites evidence ${href}, which is missing from the folder`, { file: shown, where });
    // In a verified package the sealed hash is checked on reading (a file changed since verification is refused).
    const expected = sealed?.get(href) ?? sha?.toLowerCase();
    return fileEntry({ file: path, path, ...(expected ? { expectedSha256: expected } : {}) }, deviceId ?? pairKeyOf(href));
  };
  const readSealed = (file: string, rel: string, label: string): Buffer => {
    const bytes = readBytes(file);
    const want = sealed?.get(rel);
    if (want !== undefined && sha256Hex(bytes) !== want) throw new UserError(`changed after the package was verified (SHA-256 ${sha256Hex(bytes)}, sealed ${want}); nothing is compared`, { file: label });
    return bytes;
  };
  if (statSync(arFile).size <= maxArBytes) {
    const doc = parseJsonBytes(readSealed(arFile, AR_FILE, shown), shown);
    const ar = isObj(doc) ? doc['assessment-results'] : undefined;
    if (!isObj(ar)) throw new UserError('is not an OSCAL assessment-results document', { file: shown, where: '/assessment-results' });
    const meta = isObj(ar.metadata) && Array.isArray(ar.metadata.props) ? ar.metadata.props : [];
    generator = generatorVersion((meta.find((p) => isObj(p) && p.name === 'generator') as Json | undefined)?.value);
    rulesDigest = digestValue((meta.find((p) => isObj(p) && p.name === RULES_DIGEST_PROP && p.ns === PROJECT_NS) as Json | undefined)?.value);
    const results = Array.isArray(ar.results) ? ar.results : [];
    const last = results[results.length - 1];
    if (isObj(last)) at = (typeof last.end === 'string' ? last.end : typeof last.start === 'string' ? last.start : undefined);
    const resources = isObj(ar['back-matter']) && Array.isArray((ar['back-matter'] as Json).resources) ? ((ar['back-matter'] as Json).resources as unknown[]) : [];
    resources.forEach((r, i) => {
      if (!isObj(r) || !Array.isArray(r.props) || !r.props.some((p) => isObj(p) && p.name === 'type' && p.value === 'evidence')) return;
      const link = Array.isArray(r.rlinks) ? r.rlinks.find((l) => isObj(l) && typeof l.href === 'string' && !String(l.href).startsWith('#')) : undefined;
      if (!isObj(link) || String(link.href).startsWith(ATTESTATION_EVIDENCE)) return;
      const hash = Array.isArray(link.hashes) ? link.hashes.find((h) => isObj(h) && h.algorithm === 'SHA-256') : undefined;
      const idProp = r.props.find((p) => isObj(p) && p.name === 'device-id');
      entries.push(evidenceEntry(String(link.href), isObj(hash) ? String(hash.value) : undefined, `/assessment-results/back-matter/resources/${i}`, isObj(idProp) ? String(idProp.value) : undefined));
    });
  } else {
    // Too large to parse whole: the sealed manifest lists the evidence files and their SHA-256;
    // the clock is the results' own, streamed (not the manifest's createdAt, which no digest covers).
    at = streamedResultsClock(arFile, shown, sealed?.get(AR_FILE));
    const mf = join(dir, MANIFEST_FILE);
    const doc = parseJsonBytes(readSealed(mf, MANIFEST_FILE, mf), mf);
    if (isObj(doc)) {
      generator = generatorVersion(doc.tool);
      rulesDigest = digestValue(doc.rulesDigest);
      for (const [i, f] of (Array.isArray(doc.files) ? doc.files : []).entries()) {
        if (isObj(f) && typeof f.path === 'string' && f.path.startsWith('evidence/') && !f.path.startsWith(ATTESTATION_EVIDENCE)) entries.push(evidenceEntry(f.path, typeof f.sha256 === 'string' ? f.sha256 : undefined, `/files/${i}`));
      }
    }
  }
  if (entries.length === 0) throw new UserError('cites no evidence snapshot (no back-matter resource of type "evidence")', { file: shown });
  return { kind: 'assessment', label, ...(at ? { at } : {}), entries, ...(pkg ? { package: pkg } : {}), ...(generator ? { generator } : {}), ...(rulesDigest ? { rulesDigest } : {}) };
}

/** What a side is made of, without reading the snapshots yet. */
export function listSide(input: SideInput): SideListing {
  const { path, ingest, warn } = input;
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw unreachablePath(path, e);
  }
  if (st.isDirectory() && existsSync(join(path, AR_FILE))) return listAssessment(path, path, warn, input.publicKeyFile, input.maxArBytes);
  const items = expandInputs([path], {
    ...(ingest ? { isExportFolder: (d: string) => ingest.looksLikeExportFolder(d) } : {}),
    ...(warn ? { warn } : {}),
    ...(input.outputs ? { outputs: input.outputs } : {}),
    ...(input.known ? { known: input.known } : {}),
  });
  const kind: SideInfo['kind'] = items.some((i) => i.kind === 'exports') ? 'exports' : 'snapshots';
  return {
    kind,
    label: path,
    entries: items.map((it) => it.kind === 'snapshot' ? fileEntry({ file: it.path, path: it.path }, pairKeyOf(relative(path, it.path) || it.path)) : ({
      file: it.path,
      pairKey: pairKeyOf(relative(path, it.path) || it.path),
      read: async () => {
        if (!ingest) throw new UserError('is an export folder, but this build cannot ingest exports', { file: it.path });
        const { snapshot, skipped, warnings } = await ingest.ingestFolder(it.path);
        for (const s of skipped ?? []) warn?.(`${it.path}: skipped ${s.file}: ${s.reason}`);
        // What ingest noticed (two files disagreeing, parts of different visits, values left out), as assess says it.
        for (const w of warnings ?? []) warn?.(`${it.path}: ${w}`);
        return Buffer.from(JSON.stringify(snapshot, null, 2) + '\n');
      },
    })),
  };
}

/** A path without dates and times ("MR-01/MR-01_2026-10-05.json" -> "MR-01/MR-01.json"). */
export function pairKeyOf(path: string): string {
  return path.replace(/\\/g, '/').replace(/[_.-]?\d{4}-?\d{2}-?\d{2}(T\d{2}:?\d{2}:?\d{2}Z?)?/g, '').replace(/^evidence\//, '').replace(/\.json$/i, '');
}

/**
 * Reads one entry through the snapshot boundary (src/snapshot/load.ts readSnapshot): validated,
 * secrets redacted; `sha256` identifies the snapshot in the report (of the redacted bytes when it
 * held a secret). An assessment's evidence copy is first checked against the hash it recorded.
 */
export async function loadEntry(e: SideEntry): Promise<SnapshotRead> {
  const raw = await e.read();
  const rawSha256 = sha256Hex(raw);
  if (e.expectedSha256 && e.expectedSha256 !== rawSha256) {
    throw new UserError(`SHA-256 is ${rawSha256}, but the assessment results record ${e.expectedSha256}: the evidence was changed after the assessment`, { file: e.file });
  }
  return readSnapshot(raw, e.file, { rawSha256 });
}

/**
 * The second read of a snapshot validated once already (a large diff does not hold every
 * snapshot): the bytes must be the same ones, else the file changed during the run.
 */
export async function reread(e: SideEntry, sha256: string): Promise<Snapshot> {
  const changed = () => new UserError('changed while the diff was running', { file: e.file });
  let again: SnapshotRead;
  try {
    again = readSnapshot(await e.read(), e.file, { validated: true });
  } catch {
    throw changed();
  }
  if (again.sha256 !== sha256) throw changed();
  return again.snapshot;
}

/**
 * A whole side in memory (small fleets, tests, `monitor`'s previous run). The clock for deviations:
 * the assessment folder's time, else `today` if given, else each snapshot's collection time.
 */
export async function readSide(input: SideInput, ctx: DriftContext, today?: string): Promise<AssessedSide> {
  const listing = listSide(input);
  const loaded: Array<{ snapshot: Snapshot; file: string; sha256: string }> = [];
  for (const e of listing.entries) {
    const { snapshot, sha256 } = await loadEntry(e);
    loaded.push({ snapshot, file: e.file, sha256 });
  }
  return buildSide(loaded, ctx, { label: listing.label, kind: listing.kind, ...(listing.at ? { at: listing.at } : {}) }, listing.at ?? today, listing.at);
}
