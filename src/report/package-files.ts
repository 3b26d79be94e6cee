// The files of a staged package with their SHA-256 and size, read in chunks (an assessment-results
// file can be larger than any string), for the PDF's evidence appendix and cover digest.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export function hashFile(path: string): { sha256: string; size: number } {
  const fd = openSync(path, 'r');
  try {
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 22);
    let size = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      size += n;
    }
    return { sha256: h.digest('hex'), size };
  } finally {
    closeSync(fd);
  }
}

/** Every regular file below `dir` except those `skip` names (paths '/'-separated, sorted). */
export function listPackageFiles(dir: string, skip: (path: string) => boolean): Array<{ path: string; sha256: string; size: number }> {
  const out: Array<{ path: string; sha256: string; size: number }> = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !skip(p)) out.push({ path: p, ...hashFile(join(dir, p)) });
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
