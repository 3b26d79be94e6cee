// One writer at a time: STORE/lock holds the owner's pid and the process start time. It is written
// whole under a private name and then hard-linked into place (link() fails if the name exists), so
// no other run ever sees it empty or half-written. A lock whose process is gone (or whose pid now
// belongs to a newer process) is stale and is taken over; a live one is refused with a message
// naming its owner.
import { linkSync, lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { systemReason, UserError } from '../io/errors.js';
import { describeStat } from './read.js';

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

/**
 * What the lock file says, or why it is not a lock this version can judge (not JSON, or without a
 * pid and host): null when it is gone.
 */
function readLock(path: string): { text: string; info: LockInfo | null; problem?: string } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  let o: Partial<LockInfo>;
  try {
    o = JSON.parse(text) as Partial<LockInfo>;
  } catch {
    return { text, info: null, problem: text.length ? 'is not JSON' : 'is empty' };
  }
  if (typeof o !== 'object' || o === null || !Number.isSafeInteger(o.pid) || (o.pid as number) <= 0) return { text, info: null, problem: 'names no process ("pid")' };
  if (typeof o.host !== 'string' || !o.host) return { text, info: null, problem: 'names no host' };
  const startTicks = typeof o.startTicks === 'number' ? o.startTicks : null;
  return { text, info: { pid: o.pid as number, host: o.host, startTicks, since: typeof o.since === 'string' ? o.since : 'an unknown time' } };
}

export interface StoreLock {
  release(): void;
  /** What was found and taken over, if the previous holder had died. */
  tookOver?: LockInfo;
}

/** The store folder went away while the lock was being taken (a run that had just created it removed it again). */
export class StoreVanished extends Error {}

/**
 * Takes STORE/lock or throws a UserError naming the holder. `since` is the wall clock (the caller's).
 * A lock file that cannot be parsed (written by an older version, which could be seen half-written,
 * or damaged: a power cut right after it was linked can leave it empty) is read again after a
 * moment; if it still names no process, it is refused and left where it is: it is no proof that no
 * run holds the store, and only whoever knows no run is active may remove it.
 */
export function acquireLock(store: string, displayStore: string, since: string): StoreLock {
  const path = join(store, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), startTicks: processStartTicks('self'), since };
  const text = JSON.stringify(mine) + '\n';
  const draft = join(store, `.${LOCK_FILE}.${process.pid}.tmp`);
  let tookOver: LockInfo | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      try {
        writeFileSync(draft, text);
        linkSync(draft, path);
      } finally {
        rmSync(draft, { force: true });
      }
      return {
        ...(tookOver ? { tookOver } : {}),
        release() {
          const now = readLock(path);
          if (now?.info?.pid === mine.pid && now.info.startTicks === mine.startTicks) rmSync(path, { force: true });
        },
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new StoreVanished(store);
      // A read-only store, a full disk: the store named (not the lock's private draft) and what failed.
      const why = systemReason(e);
      if (why) throw new UserError(`cannot be locked for this run: the system refused to write its lock file (${LOCK_FILE}): ${why}. A monitor run writes into the store; nothing was filed and the store is as it was ("ato-evidence verify --store ${displayStore}" reads it without writing)`, { file: displayStore });
      if (code !== 'EEXIST') throw e;
    }
    const st = lstatOrNull(path);
    if (st && !st.isFile()) {
      throw new UserError(`is ${describeStat(st)}, not the lock file a monitor run writes; no run can take the store while it is there: remove it`, { file: join(displayStore, LOCK_FILE) });
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
      // Written by an older version (which could be seen half-written), or damaged: give it a moment.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    if (!held.info) {
      throw new UserError(
        `${held.problem ?? 'cannot be read'}, so it does not say which monitor run holds the store, nor whether that run still runs; it was left as it is. ` +
          `If no monitor run is active on this store (on any host), remove ${join(displayStore, LOCK_FILE)} by hand and run again`,
        { file: join(displayStore, LOCK_FILE) },
      );
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
    tookOver = held.info;
  }
  throw new UserError(`could not take ${join(displayStore, LOCK_FILE)}: other runs keep taking it; try again`, { file: displayStore });
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
