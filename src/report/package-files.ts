// The files of a staged package with their SHA-256 and size, read in chunks (an assessment-results
// file can be larger than any string), for the PDF's evidence appendix and cover digest.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hashFile, type WrittenDigests } from '../seal/seal.js';

/** Every regular file below `dir` except those `skip` names (paths '/'-separated, sorted). */
export function listPackageFiles(dir: string, skip: (path: string) => boolean, written?: WrittenDigests): Array<{ path: string; sha256: string; size: number }> {
  const out: Array<{ path: string; sha256: string; size: number }> = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !skip(p)) {
        // A file this run wrote and hashed as it wrote it (seal.ts: WrittenDigests) is not read back.
        const known = written?.get(p);
        out.push({ path: p, ...(known && known.size === lstatSync(join(dir, p)).size ? known : hashFile(join(dir, p))) });
      }
    }
  };
  walk('');
  return out;
}

/** Above this, the files of a package (or a report's drift.json) are listed in the PDF but not embedded in it. */
export const MAX_ATTACHMENT_BYTES = 64 * 2 ** 20;

export function fileSize(path: string): number {
  return statSync(path).size;
}
