// The package manifest: every file of an evidence package with its SHA-256 and size, and one digest
// for the whole package. Pure functions over bytes and text; src/seal/seal.ts reads and writes files.
//
// manifest.json (written by `manifestText`, 2-space JSON and a final newline, keys in this order):
//   {
//     "manifestVersion": 1,
//     "tool": "ato-evidence 0.1.0",
//     "rulesDigest": "<64 hex>",            (optional: what the checks were judged with, below)
//     "createdAt": "2026-11-28T00:00:00Z",
//     "packageDigestMethod": "ato-evidence-package-digest/1",
//     "packageDigest": "<64 hex>",
//     "files": [ { "path": "assessment-plan.json", "sha256": "<64 hex>", "size": 1234 }, ... ]
//   }
// `path` is relative to the package folder, '/'-separated, with no '.', '..' or empty segment, no
// backslash and no control character; `files` is sorted by the UTF-8 bytes of `path` (the order of
// `LC_ALL=C sort`), and a path appears once. manifest.json and manifest.json.sig (at the top of the
// package) are not listed: they are the seal, not its content.
//
// The package digest ("ato-evidence-package-digest/1"): the lowercase hex SHA-256 of the UTF-8 text
//     "ato-evidence-package-digest/1\n"
//   followed, for each entry of `files` in the order above, by the line
//     "<sha256> <size> <path>\n"
//   (sha256 lowercase hex, size in decimal bytes without leading zeros, the path as is; it is the
//   last field and cannot contain a newline, so the text reads back unambiguously).
// So the digest changes when any byte of any file, any size, any path, or the set of files
// changes, and is the same for the same files whatever the order they were found in. It can be
// recomputed without this tool:
//     jq -j '"ato-evidence-package-digest/1\n", (.files[] | "\(.sha256) \(.size) \(.path)\n")' \
//       manifest.json | sha256sum
// THE SEALED CONTENT of manifest.json is exactly this: its `files` list, which `packageDigest`
// covers. `tool` and `createdAt` are descriptive and not covered by the digest (the same files
// sealed at another time have the same digest); the optional signature covers them too.
// `rulesDigest` (written by assess; src/assess/rules-digest.ts) is descriptive in the same way: the
// sealed copy is the AR's metadata prop `rules-digest`, which the package digest covers.
//
// The signature (manifest.json.sig): an Ed25519 detached signature (node:crypto, RFC 8032) over the
// exact bytes of manifest.json, in base64 on one line. Keys are PEM: a PKCS#8 private key to sign
// (`openssl genpkey -algorithm ed25519 -out key.pem`), an SPKI public key to verify
// (`openssl pkey -in key.pem -pubout -out key.pub.pem`). Checkable without this tool:
//     base64 -d manifest.json.sig > sig.bin
//     openssl pkeyutl -verify -pubin -inkey key.pub.pem -rawin -in manifest.json -sigfile sig.bin
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { UserError } from '../io/errors.js';
import { withArticle } from '../io/english.js';
import { sha256Hex } from '../oscal/ids.js';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.json.sig';
export const PACKAGE_DIGEST_METHOD = 'ato-evidence-package-digest/1';

export interface ManifestEntry {
  /** Relative to the package folder, '/'-separated. */
  path: string;
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: string;
  /** In bytes. */
  size: number;
}

export interface Manifest {
  manifestVersion: 1;
  /** The tool and version that sealed the package, e.g. "ato-evidence 0.1.0". */
  tool: string;
  /** The rules the package's checks were judged with (src/assess/rules-digest.ts); absent in packages sealed before it was recorded. */
  rulesDigest?: string;
  /** When the package was sealed (the assessment clock), RFC 3339. */
  createdAt: string;
  packageDigestMethod: typeof PACKAGE_DIGEST_METHOD;
  /** See the file header: SHA-256 over the sorted `files`. */
  packageDigest: string;
  /**
   * The digest a report inside the package prints on its cover: the same computation over every
   * file except the report itself (a file cannot carry a digest of its own bytes).
   */
  reportDigest?: { file: string; digest: string };
  files: ManifestEntry[];
}

/** The package digest of every entry but `reportFile`. */
export function reportDigestOf(entries: readonly ManifestEntry[], reportFile: string): string {
  return packageDigestOf(entries.filter((e) => e.path !== reportFile));
}

/** `report`: the digest a report in the package carries does not match the files beside it (or cannot be read). */
export type ProblemKind = 'changed' | 'missing' | 'unexpected' | 'signature' | 'manifest' | 'report';

export interface Problem {
  kind: ProblemKind;
  /** The file concerned, relative to the package folder. */
  path: string;
  /** What is wrong, in words. */
  detail: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
// C0 controls and DEL; a path with one could not be written on one line of the digest text.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `path` cannot be a manifest path, or undefined if it can. */
export function invalidPathReason(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (CONTROL.test(path)) return 'contains a control character (such as a newline)';
  if (path.includes('\\')) return "contains a backslash (package paths are '/'-separated)";
  if (path.startsWith('/')) return 'is absolute (package paths are relative to the package folder)';
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') return `has a "${seg}" segment (package paths are plain relative paths)`;
  }
  return undefined;
}

/** Orders paths by their UTF-8 bytes (what `LC_ALL=C sort` does), which JS string order is not for every character. */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The package digest of `entries` (any order; see the file header for the definition). */
export function packageDigestOf(entries: readonly ManifestEntry[]): string {
  const h = createHash('sha256').update(`${PACKAGE_DIGEST_METHOD}\n`, 'utf8');
  for (const e of sortEntries(entries)) h.update(`${e.sha256} ${e.size} ${e.path}\n`, 'utf8');
  return h.digest('hex');
}

function sortEntries(entries: readonly ManifestEntry[]): ManifestEntry[] {
  return [...entries].sort((a, b) => comparePaths(a.path, b.path));
}

/**
 * The manifest of already-hashed files (what the edge uses, so a large file need not be held in
 * memory). Refuses invalid and repeated paths: UserError naming the path.
 */
export function manifestFromEntries(entries: readonly ManifestEntry[], meta: { createdAt: string; tool: string; reportFile?: string; rulesDigest?: string }): Manifest {
  const seen = new Set<string>();
  for (const e of entries) {
    const why = invalidPathReason(e.path);
    if (why) throw new UserError(`cannot be listed in a package manifest: the path ${why}`, { file: JSON.stringify(e.path) });
    if (seen.has(e.path)) throw new UserError('appears twice in the package file list', { file: e.path });
    seen.add(e.path);
    if (!HEX64.test(e.sha256)) throw new Error(`manifest entry ${e.path}: sha256 must be 64 lowercase hex digits`);
    if (!Number.isSafeInteger(e.size) || e.size < 0) throw new Error(`manifest entry ${e.path}: size must be a non-negative integer`);
  }
  const files = sortEntries(entries).map((e) => ({ path: e.path, sha256: e.sha256, size: e.size }));
  const m: Manifest = {
    manifestVersion: 1,
    tool: meta.tool,
    ...(meta.rulesDigest !== undefined ? { rulesDigest: meta.rulesDigest } : {}),
    createdAt: meta.createdAt,
    packageDigestMethod: PACKAGE_DIGEST_METHOD,
    packageDigest: packageDigestOf(files),
    files,
  };
  if (meta.reportFile !== undefined && files.some((f) => f.path === meta.reportFile)) {
    m.reportDigest = { file: meta.reportFile, digest: reportDigestOf(files, meta.reportFile) };
  }
  return m;
}

/** The manifest of `files` (paths relative, '/'-separated; any order). Deterministic. */
export function buildManifest(files: ReadonlyArray<{ path: string; bytes: Buffer }>, meta: { createdAt: string; tool: string }): Manifest {
  return manifestFromEntries(files.map((f) => ({ path: f.path, sha256: sha256Hex(f.bytes), size: f.bytes.length })), meta);
}

/** The text of manifest.json: 2-space JSON, keys in a fixed order, files by path, a final newline. */
export function manifestText(m: Manifest): string {
  const ordered = {
    manifestVersion: m.manifestVersion,
    tool: m.tool,
    ...(m.rulesDigest !== undefined ? { rulesDigest: m.rulesDigest } : {}),
    createdAt: m.createdAt,
    packageDigestMethod: m.packageDigestMethod,
    packageDigest: m.packageDigest,
    ...(m.reportDigest ? { reportDigest: { file: m.reportDigest.file, digest: m.reportDigest.digest } } : {}),
    // Sorted here too, so that the text is the one canonical text of its fields (verify compares).
    files: sortEntries(m.files).map((e) => ({ path: e.path, sha256: e.sha256, size: e.size })),
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

/**
 * Reads manifest.json's text. A malformed manifest is a UserError naming `label` and, as a JSON
 * pointer, the place. Whether `packageDigest` matches `files` is not checked here: that is a
 * finding of verification (see `compareManifest`'s caller), not a syntax error.
 */
export function parseManifest(text: string, label: string): Manifest {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UserError(`is not valid JSON (${(e as Error).message})`, { file: label });
  }
  const bad = (where: string, message: string) => new UserError(message, { file: label, where });
  if (!isObject(v)) throw bad('/', 'must be a JSON object (an ato-evidence package manifest)');
  if (v.manifestVersion !== 1) throw bad('/manifestVersion', `must be 1 (found ${JSON.stringify(v.manifestVersion) ?? 'nothing'}); this version of ato-evidence reads manifest version 1`);
  for (const k of ['tool', 'createdAt'] as const) {
    if (typeof v[k] !== 'string') throw bad(`/${k}`, 'must be a string');
  }
  if (v.rulesDigest !== undefined && (typeof v.rulesDigest !== 'string' || !HEX64.test(v.rulesDigest))) throw bad('/rulesDigest', 'must be a SHA-256: 64 lowercase hex digits');
  if (v.packageDigestMethod !== PACKAGE_DIGEST_METHOD) throw bad('/packageDigestMethod', `must be "${PACKAGE_DIGEST_METHOD}"`);
  if (typeof v.packageDigest !== 'string' || !HEX64.test(v.packageDigest)) throw bad('/packageDigest', 'must be a SHA-256: 64 lowercase hex digits');
  if (!Array.isArray(v.files)) throw bad('/files', 'must be an array of { path, sha256, size }');
  const seen = new Set<string>();
  const files: ManifestEntry[] = v.files.map((f: unknown, i: number) => {
    const at = `/files/${i}`;
    if (!isObject(f)) throw bad(at, 'must be an object { path, sha256, size }');
    if (typeof f.path !== 'string') throw bad(`${at}/path`, 'must be a string');
    const why = invalidPathReason(f.path);
    if (why) throw bad(`${at}/path`, `${JSON.stringify(f.path)} ${why}`);
    if (seen.has(f.path)) throw bad(`${at}/path`, `${f.path} is listed twice`);
    seen.add(f.path);
    if (typeof f.sha256 !== 'string' || !HEX64.test(f.sha256)) throw bad(`${at}/sha256`, 'must be a SHA-256: 64 lowercase hex digits');
    if (typeof f.size !== 'number' || !Number.isSafeInteger(f.size) || f.size < 0) throw bad(`${at}/size`, 'must be a non-negative integer (bytes)');
    return { path: f.path, sha256: f.sha256, size: f.size };
  });
  const m: Manifest = {
    manifestVersion: 1,
    tool: v.tool as string,
    ...(typeof v.rulesDigest === 'string' ? { rulesDigest: v.rulesDigest } : {}),
    createdAt: v.createdAt as string,
    packageDigestMethod: PACKAGE_DIGEST_METHOD,
    packageDigest: v.packageDigest,
    files,
  };
  if (v.reportDigest !== undefined) {
    const r = v.reportDigest;
    if (!isObject(r) || typeof r.file !== 'string' || typeof r.digest !== 'string' || !HEX64.test(r.digest)) {
      throw bad('/reportDigest', 'must be { file, digest } with a SHA-256 of 64 lowercase hex digits');
    }
    const why = invalidPathReason(r.file);
    if (why) throw bad('/reportDigest/file', `${JSON.stringify(r.file)} ${why}`);
    m.reportDigest = { file: r.file, digest: r.digest };
  }
  return m;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for the seal's own files, which are never part of the content. */
export function isSealFile(path: string): boolean {
  return path === MANIFEST_FILE || path === SIGNATURE_FILE;
}

/**
 * What differs between the manifest and the files found: `changed` (hash or size), `missing`
 * (listed, not found) and `unexpected` (found, not listed; the seal's own files excepted), sorted
 * by path.
 */
export function compareManifest(m: Manifest, actual: ReadonlyArray<{ path: string; sha256: string; size: number }>): Problem[] {
  const found = new Map(actual.filter((a) => !isSealFile(a.path)).map((a) => [a.path, a] as const));
  const problems: Problem[] = [];
  for (const e of m.files) {
    const a = found.get(e.path);
    found.delete(e.path);
    if (!a) {
      problems.push({ kind: 'missing', path: e.path, detail: `listed in the manifest (${e.size} bytes, SHA-256 ${e.sha256}) but not in the package` });
    } else if (a.sha256 !== e.sha256 || a.size !== e.size) {
      const size = a.size !== e.size ? `size is ${a.size} bytes, the manifest records ${e.size}` : `size unchanged (${e.size} bytes)`;
      problems.push({ kind: 'changed', path: e.path, detail: `content differs from the manifest: SHA-256 is ${a.sha256}, the manifest records ${e.sha256}; ${size}` });
    }
  }
  for (const a of found.values()) {
    problems.push({ kind: 'unexpected', path: a.path, detail: `not listed in the manifest (${a.size} bytes, SHA-256 ${a.sha256}): added after the package was sealed` });
  }
  return problems.sort((x, y) => comparePaths(x.path, y.path));
}

/** A key's type as a reader knows it, with its article: "an RSA", "an EC", "an X25519" (Node names them rsa, ec, x25519); "an unknown" where Node gives none. */
function keyTypeText(type: string | undefined): string {
  return withArticle(type === undefined ? 'unknown' : type.toUpperCase());
}

const KEY_HELP = 'generate one with `openssl genpkey -algorithm ed25519 -out key.pem`; its public key with `openssl pkey -in key.pem -pubout -out key.pub.pem`';

/** A PEM private key's BEGIN line (PKCS#8, encrypted PKCS#8, PKCS#1 RSA, SEC1 EC, OpenSSH…). */
const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/g;

function privateKey(pem: string | Buffer, keyLabel: string): KeyObject {
  // createPrivateKey reads the first block and ignores the rest: a file holding two keys would sign
  // with whichever comes first, without a word, and `verify` would then fail for the other one's holder.
  const keys = pem.toString('latin1').match(PRIVATE_KEY_BEGIN)?.length ?? 0;
  if (keys > 1) throw new UserError(`holds ${keys} private keys; signing needs a file with exactly one Ed25519 private key, so that which key signed is not a guess: ${KEY_HELP}`, { file: keyLabel });
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new UserError(`is not a usable PEM private key (${(e as Error).message}); signing needs an unencrypted Ed25519 private key in PEM (PKCS#8): ${KEY_HELP}`, { file: keyLabel });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UserError(`is ${keyTypeText(key.asymmetricKeyType)} key; signing needs an Ed25519 private key: ${KEY_HELP}`, { file: keyLabel });
  return key;
}

function publicKey(pem: string | Buffer, keyLabel: string): KeyObject {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem.toString())) {
    throw new UserError('holds a private key; verification needs only the public key (`openssl pkey -in key.pem -pubout -out key.pub.pem`); keep the private key with the signer', { file: keyLabel });
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new UserError(`is not a usable PEM public key (${(e as Error).message}); verification needs an Ed25519 public key in PEM (SPKI): ${KEY_HELP}`, { file: keyLabel });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UserError(`is ${keyTypeText(key.asymmetricKeyType)} key; verification needs an Ed25519 public key: ${KEY_HELP}`, { file: keyLabel });
  return key;
}

/** Checks a private key early (before anything is written): UserError naming `keyLabel` if it cannot sign. */
export function checkSigningKey(privateKeyPem: string | Buffer, keyLabel: string): void {
  privateKey(privateKeyPem, keyLabel);
}

/** Checks a public key: UserError naming `keyLabel` if it cannot verify. */
export function checkPublicKey(publicKeyPem: string | Buffer, keyLabel: string): void {
  publicKey(publicKeyPem, keyLabel);
}

/** The base64 Ed25519 detached signature over the exact bytes of `text` (a string is taken as UTF-8). */
export function signManifest(text: string | Buffer, privateKeyPem: string | Buffer, keyLabel = 'the signing key'): string {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return sign(null, data, privateKey(privateKeyPem, keyLabel)).toString('base64');
}

/** The 64 signature bytes of a base64 Ed25519 signature (surrounding whitespace allowed), or undefined if it is not one. */
export function decodeSignature(signatureB64: string): Buffer | undefined {
  const s = signatureB64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(s, 'base64');
  return bytes.length === 64 ? bytes : undefined;
}

/**
 * True if `signatureB64` is an Ed25519 signature of exactly `text`'s bytes by the holder of
 * `publicKeyPem`. A malformed signature is false; unusable key material is a UserError naming `keyLabel`.
 */
export function verifySignature(text: string | Buffer, signatureB64: string, publicKeyPem: string | Buffer, keyLabel = 'the public key'): boolean {
  const key = publicKey(publicKeyPem, keyLabel);
  const sig = decodeSignature(signatureB64);
  if (!sig) return false;
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return verify(null, data, key, sig);
}
