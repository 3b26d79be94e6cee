// Sealing and verifying a package folder, at the edge: walks the folder, hashes its files, writes
// manifest.json (and manifest.json.sig), or checks them. The manifest's format, the package digest
// and the signature are defined in ./manifest.ts.
//
// A package is sealed while it is still staged (src/io/package-dir.ts), after every other file is
// written and before the rename, so the folder is never seen complete but unsealed.
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UserError } from '../io/errors.js';
import { readError, readUserFile, type ReadLimit } from '../io/file-queue.js';
import { decodeUtf8 } from '../io/utf8.js';
import {
  type Manifest, checkPublicKey, checkSigningKey, compareManifest, comparePaths, decodeSignature, invalidPathReason, isSealFile, manifestFromEntries,
  manifestText, MANIFEST_FILE, packageDigestOf, parseManifest, reportDigestOf, SIGNATURE_FILE, signManifest, verifySignature,
  type ManifestEntry, type Problem,
} from './manifest.js';
import { readPdfDigest } from './pdf-digest.js';

export { MANIFEST_FILE, SIGNATURE_FILE } from './manifest.js';
export type { Problem, ProblemKind } from './manifest.js';

/** `rel` inside the folder `dir`, as the user named the folder: "pkg/evidence/MR-01.json". */
export function displayPath(dir: string, rel: string): string {
  const base = dir.replace(/[/\\]+$/, '');
  const shown = base === '' ? `/${rel}` : `${base}/${rel}`;
  // A name with a newline or an escape sequence must not rewrite the terminal.
  return /[\u0000-\u001f\u007f]/.test(shown) ? JSON.stringify(shown) : shown;
}

export interface SealOptions {
  /** When the package was sealed (the assessment clock), RFC 3339. */
  createdAt: string;
  /** e.g. "ato-evidence 0.1.0". */
  tool: string;
  /** The rules the checks were judged with (manifest `rulesDigest`; src/assess/rules-digest.ts). */
  rulesDigest?: string;
  /** An Ed25519 private key (PEM, PKCS#8): also write manifest.json.sig. */
  signKeyFile?: string;
  /** A report in the package whose cover prints the digest of the other files (manifest `reportDigest`). */
  reportFile?: string;
  /** Digests of files the caller wrote, taken instead of reading them back (see WrittenDigests). */
  written?: WrittenDigests;
}

/**
 * SHA-256 and size of files a run wrote, by package path, computed from the very bytes as they
 * were written: sealing a fleet's package (gigabytes of evidence copies and results) would
 * otherwise read it all back, and the PDF's appendix a second time. A file whose size on disk is
 * not the one recorded is hashed from disk; `verify` re-hashes everything whatever the seal took.
 */
export type WrittenDigests = ReadonlyMap<string, FileDigest>;

export interface FileDigest {
  sha256: string;
  size: number;
}

export interface SealResult {
  manifestPath: string;
  /** Set when signed. */
  signaturePath?: string;
  packageDigest: string;
  /** How many files the manifest lists. */
  files: number;
}

/**
 * Writes `dir`/manifest.json listing every regular file under `dir` (recursively; manifest.json and
 * manifest.json.sig excepted), and `dir`/manifest.json.sig when `signKeyFile` is given. Refuses
 * (UserError naming the file) a symbolic link or other non-regular file, a name that cannot be a
 * package path, an unreadable file, a folder already sealed, and unusable key material.
 */
export function sealFolder(dir: string, opts: SealOptions): SealResult {
  checkFolder(dir);
  const manifestPath = join(dir, MANIFEST_FILE);
  const signaturePath = join(dir, SIGNATURE_FILE);
  for (const name of [MANIFEST_FILE, SIGNATURE_FILE]) {
    if (lstatOrUndefined(join(dir, name))) throw new UserError('already exists: the folder is already sealed (a package is sealed once, when it is written)', { file: displayPath(dir, name) });
  }
  let keyPem: Buffer | undefined;
  if (opts.signKeyFile !== undefined) {
    keyPem = readKey(opts.signKeyFile);
    checkSigningKey(keyPem, opts.signKeyFile); // before hashing a whole package
  }
  const { files, others } = walkPackage(dir, opts.written);
  const odd = others[0];
  if (odd) throw new UserError(`${odd.what}; a sealed package holds regular files only`, { file: displayPath(dir, odd.path) });
  const manifest = manifestFromEntries(files, { createdAt: opts.createdAt, tool: opts.tool, ...(opts.rulesDigest !== undefined ? { rulesDigest: opts.rulesDigest } : {}), ...(opts.reportFile !== undefined ? { reportFile: opts.reportFile } : {}) });
  if (manifest.reportDigest) {
    // The report was made from these very files: if it carries another digest (or none), `verify`
    // would fail the package it is about to seal; that is a bug, not the user's input.
    const carried = readCarried(dir, manifest.reportDigest.file);
    if (!('digest' in carried) || carried.digest !== manifest.reportDigest.digest) {
      throw new Error(`sealing ${dir}: ${manifest.reportDigest.file} carries ${'digest' in carried ? carried.digest : `no digest (${carried.absent})`}, not the digest of the other files ${manifest.reportDigest.digest}`);
    }
  }
  const text = manifestText(manifest);
  const signature = keyPem && opts.signKeyFile !== undefined ? signManifest(text, keyPem, opts.signKeyFile) + '\n' : undefined;
  writeNew(manifestPath, text, displayPath(dir, MANIFEST_FILE));
  if (signature !== undefined) writeNew(signaturePath, signature, displayPath(dir, SIGNATURE_FILE));
  return {
    manifestPath,
    ...(signature !== undefined ? { signaturePath } : {}),
    packageDigest: manifest.packageDigest,
    files: manifest.files.length,
  };
}

/**
 * - `valid` / `invalid` / `missing`: checked against --public-key;
 * - `not-checked`: manifest.json.sig exists but no public key was given;
 * - `unsigned`: no public key and no manifest.json.sig.
 */
export type SignatureStatus = 'valid' | 'invalid' | 'missing' | 'not-checked' | 'unsigned';

export interface VerifyResult {
  ok: boolean;
  /** Sorted: the manifest's and signature's own problems first, then the files' by path. */
  problems: Problem[];
  /** How many files the manifest lists. */
  files: number;
  /** The package digest the manifest records. */
  packageDigest: string;
  createdAt: string;
  tool: string;
  signature: SignatureStatus;
  /** The digest a report in the package prints on its cover, when the manifest records one. */
  reportDigest?: { file: string; digest: string };
  /** The report's digest as read from the PDF itself and as recomputed from the files (see checkReportDigest). */
  report?: ReportDigests;
  /** The manifest as read and checked (the one the files were compared with). */
  manifest: Manifest;
}

/**
 * Recomputes every file's SHA-256 and size under `dir` and compares them with `dir`/manifest.json;
 * checks that the manifest's packageDigest matches its file list; with `publicKeyFile`, checks
 * manifest.json.sig. A missing, unreadable or malformed manifest.json, a missing folder and
 * unusable key material are UserErrors naming the file; everything else found is a problem.
 */
export function verifyFolder(dir: string, opts: { publicKeyFile?: string }): VerifyResult {
  checkFolder(dir);
  const manifestLabel = displayPath(dir, MANIFEST_FILE);
  const manifestFile = join(dir, MANIFEST_FILE);
  const st = lstatOrUndefined(manifestFile);
  if (!st) throw new UserError('is missing: this folder was not sealed (ato-evidence assess writes manifest.json into the package), or the manifest was removed', { file: manifestLabel });
  if (!st.isFile()) throw new UserError(`is ${describe(st)}, not a regular file`, { file: manifestLabel });
  let bytes: Buffer;
  try {
    bytes = readFileSync(manifestFile);
  } catch (e) {
    throw readError(manifestLabel, e);
  }
  const manifest = parseManifest(decodeUtf8(bytes, manifestLabel, 'JSON'), manifestLabel);

  let publicKeyPem: Buffer | undefined;
  if (opts.publicKeyFile !== undefined) {
    publicKeyPem = readKey(opts.publicKeyFile);
    checkPublicKey(publicKeyPem, opts.publicKeyFile);
  }

  const sealProblems: Problem[] = [];
  const recomputed = packageDigestOf(manifest.files);
  if (recomputed !== manifest.packageDigest) {
    sealProblems.push({
      kind: 'manifest',
      path: MANIFEST_FILE,
      detail: `its packageDigest ${manifest.packageDigest} does not match its own file list (which gives ${recomputed}): the manifest was edited after sealing`,
    });
  }

  // Only `files` is covered by the digest; anything else in the file (a field added or repeated,
  // the entries reordered, the text reformatted) is an edit the digest cannot show. ato-evidence
  // writes one canonical text for the fields it reads, so any other text was not written by it.
  const edited = firstDifference(bytes.toString('utf8'), manifestText(manifest));
  if (edited) {
    sealProblems.push({
      kind: 'manifest',
      path: MANIFEST_FILE,
      detail: `is not the text ato-evidence writes for the fields it holds (line ${edited.line}: ${edited.found}, where it writes ${edited.expected}): a field was added, repeated or reordered, or the file reformatted, after sealing`,
    });
  }

  if (manifest.reportDigest) {
    const again = reportDigestOf(manifest.files, manifest.reportDigest.file);
    if (again !== manifest.reportDigest.digest) {
      sealProblems.push({
        kind: 'manifest',
        path: MANIFEST_FILE,
        detail: `its reportDigest ${manifest.reportDigest.digest} (printed on ${manifest.reportDigest.file}) does not match its own file list (which gives ${again}): the manifest was edited after sealing`,
      });
    }
  }

  let signature: SignatureStatus;
  const sigFile = join(dir, SIGNATURE_FILE);
  const sigStat = lstatOrUndefined(sigFile);
  if (publicKeyPem === undefined || opts.publicKeyFile === undefined) {
    signature = sigStat ? 'not-checked' : 'unsigned';
  } else if (!sigStat) {
    signature = 'missing';
    sealProblems.push({ kind: 'signature', path: SIGNATURE_FILE, detail: `is missing, so manifest.json cannot be checked against ${opts.publicKeyFile}: the package was not signed, or its signature was removed` });
  } else {
    let sigText: string | undefined;
    if (sigStat.isFile()) {
      try {
        sigText = readFileSync(sigFile, 'utf8');
      } catch (e) {
        throw readError(displayPath(dir, SIGNATURE_FILE), e);
      }
    }
    if (sigText === undefined) {
      signature = 'invalid';
      sealProblems.push({ kind: 'signature', path: SIGNATURE_FILE, detail: `is ${describe(sigStat)}, not a signature file` });
    } else if (!decodeSignature(sigText)) {
      signature = 'invalid';
      sealProblems.push({ kind: 'signature', path: SIGNATURE_FILE, detail: 'is not an Ed25519 signature (64 bytes in base64 on one line)' });
    } else if (!verifySignature(bytes, sigText, publicKeyPem, opts.publicKeyFile)) {
      signature = 'invalid';
      sealProblems.push({ kind: 'signature', path: SIGNATURE_FILE, detail: `does not verify manifest.json with the public key ${opts.publicKeyFile}: the manifest was changed after signing, or it was signed with another key` });
    } else {
      signature = 'valid';
    }
  }

  const { files: found, others } = walkPackage(dir);
  const listed = new Set(manifest.files.map((f) => f.path));
  const fileProblems = compareManifest(manifest, found);
  for (const o of others) {
    fileProblems.push(listed.has(o.path)
      ? { kind: 'changed', path: o.path, detail: `${o.what} now; the manifest records a regular file` }
      : { kind: 'unexpected', path: o.path, detail: `${o.what}, not listed in the manifest: added after the package was sealed` });
  }
  // A listed path now held by a link or a folder was also reported missing by compareManifest.
  const replaced = new Set(others.map((o) => o.path));
  const report = checkReportDigest(dir, manifest, found);
  const problems = [
    ...sealProblems,
    ...(report?.problem ? [report.problem] : []),
    ...fileProblems.filter((p) => !(p.kind === 'missing' && replaced.has(p.path))).sort((a, b) => comparePaths(a.path, b.path)),
  ];
  return {
    ok: problems.length === 0,
    problems,
    files: manifest.files.length,
    packageDigest: manifest.packageDigest,
    createdAt: manifest.createdAt,
    tool: manifest.tool,
    signature,
    ...(manifest.reportDigest ? { reportDigest: manifest.reportDigest } : {}),
    ...(report ? { report: report.digests } : {}),
    manifest,
  };
}

/**
 * For the commands that read a package (export, diff): verifies `dir` as `verify` does and
 * returns its manifest, or refuses it (UserError naming the folder and each problem, at most 20)
 * unless it is intact. `refusal` says what is not done: "nothing is exported".
 */
export function openIntactPackage(dir: string, refusal: string, publicKeyFile?: string): { manifest: Manifest; result: VerifyResult } {
  const r = verifyFolder(dir, publicKeyFile !== undefined ? { publicKeyFile } : {});
  if (!r.ok) {
    const shown = r.problems.slice(0, 20).map((p) => `  ${p.kind}: ${p.path}: ${p.detail}`);
    if (r.problems.length > 20) shown.push(`  … and ${r.problems.length - 20} more`);
    throw new UserError(`is not as it was sealed, so ${refusal} (ato-evidence verify ${dir} lists the same):\n${shown.join('\n')}`, { file: dir });
  }
  return { manifest: r.manifest, result: r };
}

/** The first line where `actual` and `expected` differ, each shown quoted and cut to 80 characters. */
function firstDifference(actual: string, expected: string): { line: number; found: string; expected: string } | undefined {
  if (actual === expected) return undefined;
  const a = actual.split('\n');
  const e = expected.split('\n');
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) i++;
  const show = (line: string | undefined) => (line === undefined ? 'the end of the file' : JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line));
  return { line: i + 1, found: show(a[i]), expected: show(e[i]) };
}

/** What `verify` read and recomputed for a report that prints a digest of the package on its cover. */
export interface ReportDigests {
  file: string;
  /** The digest the PDF itself carries (its document information), when it could be read. */
  carried?: string;
  /** The digest of every other file as found now. */
  files: string;
  /** What manifest.json records as reportDigest, if anything. */
  manifest?: string;
}

/**
 * The report the manifest names (or a top-level PDF carrying a digest, when a rebuilt manifest
 * names none): the digest read from the PDF itself against the files found beside it and against
 * the manifest. A manifest rebuilt after a file was edited agrees with the files; the PDF, made
 * before, does not.
 */
function checkReportDigest(dir: string, manifest: Manifest, found: readonly ManifestEntry[]): { digests: ReportDigests; problem?: Problem } | undefined {
  const present = (path: string) => found.some((f) => f.path === path);
  let file = manifest.reportDigest?.file;
  let carried: ReturnType<typeof readPdfDigest> | undefined;
  if (file === undefined) {
    for (const f of found) {
      if (f.path.includes('/') || !/\.pdf$/i.test(f.path)) continue;
      const d = readCarried(dir, f.path);
      if ('digest' in d) {
        file = f.path;
        carried = d;
        break;
      }
    }
    if (file === undefined) return undefined;
  }
  if (!present(file)) return undefined; // reported as missing (or replaced) with the other files
  carried ??= readCarried(dir, file);
  const digests: ReportDigests = { file, files: reportDigestOf(found, file), ...(manifest.reportDigest ? { manifest: manifest.reportDigest.digest } : {}) };
  if (!('digest' in carried)) {
    return { digests, problem: { kind: 'report', path: file, detail: `carries no digest that can be read (${carried.absent}); the digest of the other files (${digests.files}) cannot be checked against the PDF` } };
  }
  digests.carried = carried.digest;
  const wrong: string[] = [];
  if (carried.digest !== digests.files) wrong.push(`the other files of the package give ${digests.files}: a file was changed, added or removed after the PDF was made`);
  if (digests.manifest !== undefined && digests.manifest !== carried.digest) wrong.push(`manifest.json records ${digests.manifest} as its digest`);
  if (!wrong.length) return { digests };
  const rebuilt = carried.digest !== digests.files && digests.manifest === digests.files ? ' (manifest.json agrees with the files: it was rebuilt after the change)' : '';
  return { digests, problem: { kind: 'report', path: file, detail: `carries the digest ${carried.digest} (in its document information, as printed on its cover), but ${wrong.join('; and ')}${rebuilt}` } };
}

function readCarried(dir: string, path: string): ReturnType<typeof readPdfDigest> {
  try {
    return readPdfDigest(join(dir, path));
  } catch (e) {
    throw readError(displayPath(dir, path), e);
  }
}

interface Walked {
  /** Regular files, with hash and size (the seal's own files at the top excepted). */
  files: ManifestEntry[];
  /** Anything that cannot be part of a package: links, devices, sockets, unusable names. */
  others: Array<{ path: string; what: string }>;
}

/**
 * Every regular file under `dir`, recursively, in path order; symbolic links are not followed. A
 * folder holding no file at any depth is listed in `others` (the outermost one only): a manifest
 * lists files, so such a folder cannot have been part of what was sealed.
 */
function walkPackage(dir: string, written?: WrittenDigests): Walked {
  const out: Walked = { files: [], others: [] };
  /** Whether anything but folders was found under `rel`. */
  const visit = (rel: string): boolean => {
    const abs = rel === '' ? dir : join(dir, rel);
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch (e) {
      throw readError(rel === '' ? dir : displayPath(dir, rel), e);
    }
    let found = false;
    const empty: string[] = [];
    for (const name of names.sort(comparePaths)) {
      const path = rel === '' ? name : `${rel}/${name}`;
      if (rel === '' && isSealFile(path)) continue;
      const child = join(abs, name);
      let st: Stats;
      try {
        st = lstatSync(child);
      } catch (e) {
        throw readError(displayPath(dir, path), e);
      }
      const why = invalidPathReason(path);
      if (why) {
        out.others.push({ path, what: `has a name that cannot be a package path (it ${why})` });
      } else if (st.isDirectory()) {
        if (visit(path)) found = true;
        else empty.push(path);
        continue;
      } else if (st.isFile()) {
        const known = written?.get(path);
        out.files.push({ path, ...(known && known.size === st.size ? known : hashFile(child, displayPath(dir, path))) });
      } else {
        out.others.push({ path, what: `is ${describe(st)}` });
      }
      found = true;
    }
    // Only the outermost of nested empty folders is named.
    if (found || rel === '') for (const path of empty) out.others.push({ path, what: 'is an empty folder (no file at any depth)' });
    return found;
  };
  visit('');
  return out;
}

function describe(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'a device file';
  return st.isFile() ? 'a regular file' : 'not a regular file';
}

let chunk: Buffer | undefined;

/** SHA-256 and size of a file, read in 1 MiB chunks (a package's PDF may be large). */
export function hashFile(abs: string, label: string = abs): { sha256: string; size: number } {
  chunk ??= Buffer.allocUnsafe(1 << 20);
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (e) {
    throw readError(label, e);
  }
  try {
    const h = createHash('sha256');
    let size = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      h.update(chunk.subarray(0, n));
      size += n;
    }
    return { sha256: h.digest('hex'), size };
  } catch (e) {
    throw readError(label, e);
  } finally {
    closeSync(fd);
  }
}

/** `dir` is a folder: else a UserError (no such folder, not a folder, unreadable) naming it. */
export function checkFolder(dir: string, expected = 'an evidence package folder'): void {
  let st: Stats;
  try {
    st = statSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? 'no such folder' : `cannot be read (${code ?? (e as Error).message})`, { file: dir });
  }
  if (!st.isDirectory()) throw new UserError(`is not a folder (expected ${expected})`, { file: dir });
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** A PEM key is a few hundred bytes: a larger file is no key, and is refused before it is read. */
const KEY_READ_LIMIT: ReadLimit = { bytes: 64 * 1024, what: '64 KiB, more than any PEM key file holds' };

export function readKey(file: string): Buffer {
  return readUserFile(file, KEY_READ_LIMIT);
}

function writeNew(path: string, text: string, label: string): void {
  try {
    writeFileSync(path, text, { flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UserError('already exists: the folder is already sealed', { file: label });
    throw new UserError(`cannot be written (${code ?? (e as Error).message})`, { file: label });
  }
}
