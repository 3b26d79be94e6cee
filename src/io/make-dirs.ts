// Creating a folder and its missing parents. Node's own `mkdirSync(p, { recursive: true })` never
// returns when mkdir answers ENOENT under a parent that exists (/proc, /sys, a parent removed
// meanwhile): it creates the parent again (EEXIST), retries, and loops. A scheduled monitor run
// would hang there. This walks up once, creates each missing folder once, and throws the
// system's error (ENOENT, EACCES, EROFS, ENOTDIR) instead.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Creates `path` and its missing parents; an existing folder is fine. Throws the first failure. */
export function makeDirs(path: string): void {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      missing.push(p);
      if (dirname(p) === p) break; // the root itself is missing: mkdir says why
      continue;
    }
    if (!isDir) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR', path: p });
    break;
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (e) {
      // Made meanwhile by another process (two monitor runs creating one store): fine if a folder.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(p).isDirectory()) throw e;
    }
  }
}
