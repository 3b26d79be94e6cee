// Expands the INPUT arguments of `assess` into snapshot files and export folders.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from './errors.js';

export interface InputItem {
  kind: 'snapshot' | 'exports';
  /** Path as shown to the user (relative to the working directory where possible). */
  path: string;
}

function display(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

/**
 * A file is a snapshot; a folder is searched recursively for *.json snapshots, except that a
 * folder recognised as native exports (by `isExportFolder`) is one device's exports.
 */
export function expandInputs(inputs: readonly string[], isExportFolder: (dir: string) => boolean = () => false): InputItem[] {
  if (inputs.length === 0) throw new UserError('no INPUT given: name snapshot files, export folders or a folder of them', { exitCode: 2 });
  const out: InputItem[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new UserError('no such file or folder', { file: input });
    }
    if (st.isFile()) {
      out.push({ kind: 'snapshot', path: display(input) });
      continue;
    }
    if (!st.isDirectory()) throw new UserError('is neither a file nor a folder', { file: input });
    const found: InputItem[] = [];
    walk(input, found, isExportFolder);
    if (found.length === 0) throw new UserError('contains no snapshot (*.json) and no recognised export folder', { file: input });
    out.push(...found);
  }
  const seen = new Set<string>();
  return out.filter((i) => (seen.has(i.path) ? false : (seen.add(i.path), true)));
}

function walk(dir: string, out: InputItem[], isExportFolder: (dir: string) => boolean): void {
  if (isExportFolder(dir)) {
    out.push({ kind: 'exports', path: display(dir) });
    return;
  }
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UserError(`cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: dir });
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out, isExportFolder);
    else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) out.push({ kind: 'snapshot', path: display(p) });
  }
}
