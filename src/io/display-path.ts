// Paths as reports show them. A report travels (it is attached to an ATO package, mailed by a
// scheduler): an absolute path would name the folders of the machine that ran it, so it is shown
// by its last two components; a relative path is shown as the user gave it.
import { isAbsolute } from 'node:path';

export function portablePath(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  if (!isAbsolute(path) && !/^[A-Za-z]:\//.test(slashed) && !slashed.startsWith('/')) return slashed;
  return slashed.split('/').filter((s) => s !== '' && !/^[A-Za-z]:$/.test(s)).slice(-2).join('/') || '/';
}
