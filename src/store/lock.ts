// One writer at a time: STORE/lock is created with O_EXCL and holds the owner's pid and the
// process start time. A lock whose process is gone (or whose pid now belongs to a newer process)
// is stale and is taken over; a live one is refused with a message naming its owner.
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../io/errors.js';

export const LOCK_FILE = 'lock';

export interface LockInfo {
  pid: number;
  host: string;
  /** Process start time in clock ticks since boot (/proc/PID/stat field 22), to tell a reused pid apart. */
  startTicks: number | null;
  /** Wall-clock time the lock was taken (informational only). */
  since: string;
}

function processStartTicks(pid: number | 'self'): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const v = Number(fields[19]);
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

/** True while the process that wrote `info` runs (same host only; another host's lock is never judged stale). */
export function lockHolderAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true;
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (info.startTicks !== null) {
    const now = processStartTicks(info.pid);
    if (now !== null && now !== info.startTicks) return false; // the pid was reused
  }
  return true;
}

function readLock(path: string): { text: string; info: LockInfo | null } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const o = JSON.parse(text) as LockInfo;
    return { text, info: typeof o.pid === 'number' ? o : null };
  } catch {
    return { text, info: null };
  }
}

export interface StoreLock {
  release(): void;
  /** What was found and taken over, if the previous holder had died. */
  tookOver?: LockInfo;
}

/**
 * Takes STORE/lock or throws a UserError naming the holder. `since` is the wall clock (the caller's).
 * A lock file that cannot be parsed (a writer killed between create and write) counts as stale
 * only once it is older than a few seconds, so a run that is just starting is not robbed.
 */
export function acquireLock(store: string, displayStore: string, since: string): StoreLock {
  const path = join(store, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), startTicks: processStartTicks('self'), since };
  let tookOver: LockInfo | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify(mine) + '\n');
      } finally {
        closeSync(fd);
      }
      return {
        ...(tookOver ? { tookOver } : {}),
        release() {
          const now = readLock(path);
          if (now?.info?.pid === mine.pid && now.info.startTicks === mine.startTicks) rmSync(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const held = readLock(path);
    if (!held) continue; // released meanwhile
    if (held.info && lockHolderAlive(held.info)) {
      const who = held.info;
      throw new UserError(
        `is in use by another monitor run (pid ${who.pid} on ${who.host}, since ${who.since}); wait for it to finish and run again. ` +
          `If that process no longer exists, remove ${join(displayStore, LOCK_FILE)}`,
        { file: displayStore },
      );
    }
    if (!held.info && attempt === 0) {
      // Half-written by a starting run, or by one killed at that instant: give it a moment.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    // Stale: move it aside atomically; if what we moved is not what we judged (another process
    // took over first), put it back and try again.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    const moved = readLock(aside);
    if (moved && moved.text !== held.text) {
      try {
        linkSync(aside, path);
      } catch {
        // someone holds the lock again; we lose this round
      }
      rmSync(aside, { force: true });
      continue;
    }
    rmSync(aside, { force: true });
    if (held.info) tookOver = held.info;
  }
  throw new UserError(`could not take ${join(displayStore, LOCK_FILE)}: other runs keep taking it; try again`, { file: displayStore });
}
