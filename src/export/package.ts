// The edge of `export`: the package folder is verified against its manifest first (a tampered or
// incomplete package is refused, naming what changed), then the documents are read in chunks, each
// hashed as it is read and compared with the manifest again, so a file changed after the check is
// refused too. Nothing here writes into the package.
import { closeSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UserError } from '../io/errors.js';
import { readError, readUserFile } from '../io/file-queue.js';
import { JsonSelector, JsonSyntaxError, type JsonSelectHandler } from '../io/json-select.js';
import type { Manifest, ManifestEntry } from '../seal/manifest.js';
import { displayPath, openIntactPackage } from '../seal/seal.js';

export interface VerifiedPackage {
  dir: string;
  manifest: Manifest;
  /** The manifest's entries by path. */
  entries: Map<string, ManifestEntry>;
  /** The package digest the manifest records (and the files match). */
  packageDigest: string;
  signature: string;
}

/**
 * Verifies the package folder (every file against manifest.json; the signature with a public key)
 * and refuses it, naming each problem, unless it is intact.
 */
export function openVerifiedPackage(dir: string, publicKeyFile?: string): VerifiedPackage {
  const { manifest, result: r } = openIntactPackage(dir, 'nothing is exported', publicKeyFile);
  return { dir, manifest, entries: new Map(manifest.files.map((f) => [f.path, f])), packageDigest: r.packageDigest, signature: r.signature };
}

/**
 * Reads `rel` in 1 MiB chunks through a JSON selector, hashing the bytes, and checks the hash
 * against the manifest. `handler` sees the selected values; a syntax error or a hash that differs
 * from the sealed one is a UserError naming the file.
 */
export function readSealedJson(pkg: VerifiedPackage, rel: string, handler: JsonSelectHandler): void {
  const label = displayPath(pkg.dir, rel);
  const entry = pkg.entries.get(rel);
  if (!entry) throw new UserError(`is not in the package's manifest: this folder is not a package written by ato-evidence assess, or it lacks ${rel}`, { file: label });
  let fd: number;
  try {
    fd = openSync(join(pkg.dir, rel), 'r');
  } catch (e) {
    throw readError(label, e);
  }
  const hash = createHash('sha256');
  const selector = new JsonSelector(handler);
  const chunk = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const bytes = chunk.subarray(0, n);
      hash.update(bytes);
      selector.write(bytes);
    }
    selector.end();
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new UserError(`is not JSON (${e.message})`, { file: label });
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code) throw readError(label, e);
    throw e;
  } finally {
    closeSync(fd);
  }
  const sha = hash.digest('hex');
  if (sha !== entry.sha256) throw new UserError(`changed while it was being exported (SHA-256 ${sha}, sealed ${entry.sha256}); nothing is exported`, { file: label });
}

/** Reads a small sealed file whole (an evidence snapshot), checking its hash against the manifest. */
export function readSealedFile(pkg: VerifiedPackage, rel: string): Buffer {
  const label = displayPath(pkg.dir, rel);
  const entry = pkg.entries.get(rel);
  if (!entry) throw new UserError('is cited by the assessment results but not listed in the package\'s manifest', { file: label });
  const bytes = readUserFile(join(pkg.dir, rel));
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== entry.sha256) throw new UserError(`changed while it was being exported (SHA-256 ${sha}, sealed ${entry.sha256}); nothing is exported`, { file: label });
  return bytes;
}
