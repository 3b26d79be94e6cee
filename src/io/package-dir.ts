// Output folders are written whole or not at all: everything goes to a temporary sibling folder,
// which is renamed into place at the end. Existing evidence is never overwritten silently.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';
import { whyNotReplaceable } from './output-safety.js';

export interface StagedDir {
  /** Where to write now. */
  readonly path: string;
  /** Moves the staged folder to its final place. */
  commit(): void;
  /** Removes the staged folder (after an error). */
  discard(): void;
}

const stagedName = (name: string): string => `.${name}.tmp-${process.pid}`;

/** False only when no process `pid` runs on this machine (EPERM: one runs, owned by another user). */
function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * What runs killed before their end left beside `final`: their staged folder (`.NAME.tmp-PID`) and
 * the output they were replacing (`.NAME.old-PID`, a kill between commit()'s renames). Neither is
 * ever seen again (hidden, and no run looks for it), so once an output of that name is complete
 * they are removed and said, when their process no longer runs here.
 */
function removeLeftovers(parent: string, name: string, shownParent: string, note: (message: string) => void): void {
  removeDeadLeftovers(parent, name, { tmp: 'the unfinished output', old: 'the output being replaced' }, shownParent, note);
}

/**
 * Removes what killed runs left beside `name` in `parent` under `.NAME.KIND-PID` (then `tail`, a
 * regular expression: the store's `-hex`), `what` naming each KIND, when process PID no longer runs
 * on this machine; each is said through `note`. One that cannot be removed is left: the next run
 * tries again.
 */
export function removeDeadLeftovers(parent: string, name: string, what: Readonly<Record<string, string>>, shownParent: string, note: (message: string) => void, tail = ''): void {
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const leftover = new RegExp(`^\\.${escape(name)}\\.(${Object.keys(what).map(escape).join('|')})-(\\d+)${tail}$`);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names.sort()) {
    const m = leftover.exec(n);
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || !Number.isSafeInteger(pid) || pidRuns(pid)) continue;
    try {
      rmSync(join(parent, n), { recursive: true, force: true });
    } catch {
      continue;
    }
    note(`removed ${join(shownParent, n)}: ${what[m[1]!]} of a run that was interrupted (pid ${pid}, which no longer runs)`);
  }
}

/** A path inside a folder being staged, as it will be once moved into place (for messages). */
export function finalPathOf(path: string): string {
  return path.replace(/(^|[/\\])\.([^/\\]+)\.tmp-\d+(?=$|[/\\])/, '$1$2');
}

/**
 * Prepares to write the folder `out`. Refuses a non-empty existing folder unless `force`, and even
 * with `force` unless ato-evidence wrote it (output-safety.ts); the old folder is replaced only
 * once the new one is complete. Refusals are usage errors (exit 2): nothing has been written.
 * Once committed, what interrupted runs left beside `out` is removed, each said through `note`.
 */
export function stageOutputDir(out: string, force: boolean, note: (message: string) => void = () => undefined): StagedDir {
  const final = resolve(out);
  if (existsSync(final)) {
    if (!statSync(final).isDirectory()) throw new UserError('exists and is not a folder', { file: out, exitCode: 2 });
    if (readdirSync(final).length > 0) {
      if (!force) throw new UserError('already exists and is not empty; choose another --out or pass --force to replace it (only a folder ato-evidence wrote can be replaced)', { file: out, exitCode: 2 });
      const why = whyNotReplaceable(final);
      if (why) throw new UserError(`--force replaces only a folder ato-evidence wrote (an evidence package, a drift or monitoring report, or an export), and ${why}; choose another --out, or move it away yourself`, { file: out, exitCode: 2 });
    }
  }
  const parent = dirname(final);
  if (!existsSync(parent)) throw new UserError(`the parent folder ${parent} does not exist`, { file: out });
  if (!statSync(parent).isDirectory()) throw new UserError(`${parent} is a file, not a folder`, { file: out });
  const staged = join(parent, stagedName(basename(final)));
  try {
    rmSync(staged, { recursive: true, force: true });
    mkdirSync(staged);
  } catch (e) {
    // A read-only disk, a folder without write permission, a pseudo file system (/proc): nothing was written.
    throw new UserError(`cannot create a folder in ${parent} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}), where the output is staged before it is moved into place`, { file: out });
  }
  return {
    path: staged,
    commit() {
      if (existsSync(final)) {
        const old = join(parent, `.${basename(final)}.old-${process.pid}`);
        renameSync(final, old);
        renameSync(staged, final);
        rmSync(old, { recursive: true, force: true });
      } else {
        renameSync(staged, final);
      }
      removeLeftovers(parent, basename(final), dirname(out), note);
    },
    discard() {
      rmSync(staged, { recursive: true, force: true });
    },
  };
}

/**
 * Writes the single file `out` (a snapshot, a component definition) whole or not at all: to a
 * temporary sibling, renamed over `out` at the end. A failure to write (a missing or read-only
 * folder, a full disk) is a UserError naming `out`, and leaves nothing behind.
 */
export function writeOutputFile(out: string, bytes: string | Buffer, kind: string): void {
  const parent = dirname(resolve(out));
  const tmp = join(parent, `.${process.pid}.${kind}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, out);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Never made (the folder is not one): nothing to remove.
    }
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' && !existsSync(parent) ? `the folder ${parent} does not exist`
      : code === 'ENOTDIR' ? `${parent} is not a folder`
      : `cannot be written (${code ?? (e as Error).message})`;
    throw new UserError(why, { file: out });
  }
}
