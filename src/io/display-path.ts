// Paths as reports show them. A report travels (it is attached to an ATO package, mailed by a
// scheduler): an absolute path would name the folders of the machine that ran it. A file inside
// the folder the user named is shown from that folder's name on ("r2/CT-01.json"); another
// absolute path by its last two components; a relative path as the user gave it.
import { isAbsolute, relative } from 'node:path';

const slashed = (p: string) => p.replace(/\\/g, '/');
const absolute = (p: string) => isAbsolute(p) || /^[A-Za-z]:\//.test(slashed(p)) || slashed(p).startsWith('/');

function lastParts(p: string, n: number): string {
  return slashed(p).split('/').filter((s) => s !== '' && s !== '.' && s !== '..' && !/^[A-Za-z]:$/.test(s)).slice(-n).join('/') || '/';
}

export function portablePath(path: string, root?: string): string {
  if (root !== undefined && absolute(path)) {
    const rel = slashed(relative(root, path));
    if (rel !== '' && !rel.startsWith('../') && rel !== '..' && !absolute(rel)) return `${lastParts(root, 1)}/${rel}`;
  }
  return absolute(path) ? lastParts(path, 2) : slashed(path);
}

/**
 * A file an option names (--deviations, --attestations, --params, --profile, --catalog, --system,
 * --capabilities, --previous-poam), as every document names it: by its own name alone, however it
 * was typed. The folders it lies in are no part of the evidence (the same inputs copied elsewhere
 * give the same documents); its content is, and the run's digests cover that.
 */
export function inputFileName(path: string): string {
  return lastParts(path, 1);
}

/** A folder or file the user named, as a report labels it: an absolute one by its last component. */
export function portableLabel(path: string): string {
  return absolute(path) ? lastParts(path, 1) : slashed(path);
}

/**
 * A device's snapshot or export as the drift names it: from the side's folder name on when it lies
 * inside the folder the user named ("r2/CT-01.json", "pkg/evidence/CT-01_….json"), else by its own
 * name. Never by the folders above: the same inputs copied elsewhere give the same report.
 */
export function sideFilePath(path: string, root?: string): string {
  if (root !== undefined) {
    const rel = slashed(relative(root, path));
    if (rel !== '' && !rel.startsWith('../') && rel !== '..' && !absolute(rel)) return `${portableLabel(root)}/${rel}`;
  }
  return lastParts(path, 1);
}
