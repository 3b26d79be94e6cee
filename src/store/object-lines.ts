// An object of JSON lines read by position instead of whole: `monitor` reads the previous run's
// check results this way (../monitor/run.ts indexResults), ~325 MB at 10,000 devices, which held
// whole for the run were most of its peak memory (docs/store.md, "Reading an object by position").
//
// One pass reads the object in chunks, hashes it as readObjectAt does and gives the caller each
// line's place and head; the hash is compared with the object's name when the pass ends, before
// the caller may use any line. A line is then read by position from the file the pass read, kept
// open.
//
// Why a line read later is the one the pass hashed:
// - the file stays open from the pass to close(): a file renamed over the object's name, or the
//   name removed, does not change what is read (the open file is still the one hashed);
// - no writer that follows the store's rules writes into an object's file: objects are immutable,
//   putting bytes the store holds is a no-op, new objects are written under objects/tmp and renamed
//   to a name nothing holds yet, and recovery removes only objects no ledger entry names (a run's
//   results object is named by its manifest). `monitor` holds the store's lock besides, so no
//   other run writes at all; `--regenerate` takes no lock, and another run filing meanwhile only
//   adds objects;
// - what could change the bytes is a process writing into the file in place (an editor, a faulty
//   tool, tampering). Every write sets the file's change time (ctime), which no one can set back,
//   and its modification time: each read checks that the file's size and both times are those it
//   had before the pass, and that the read was not cut short; otherwise it is refused as a changed
//   object, with nothing filed (monitor files only after its report is computed).
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, type BigIntStats } from 'node:fs';
import { changedObject, unreadableObject, type ObjectAt } from './store.js';

/** An object's lines, read by position once their object was checked. */
export interface ObjectLines {
  /** The object's bytes from `start` to `end` (a line the pass gave), checked unchanged since the pass. */
  read(start: number, end: number): Buffer;
  /** Closes the object's file (again: nothing). */
  close(): void;
}

/**
 * What the pass gives for each line that is not empty: where it starts and ends (the newline
 * excluded) and its first bytes (at most the `headBytes` asked for; a view valid during the call
 * only). Called before the object's hash is checked: record, do not act.
 */
export type OnLine = (start: number, end: number, head: Buffer) => void;

const CHUNK = 1 << 20;

/**
 * Reads the object at `at` in one pass (hashing it when `at.check`, as readObjectAt does), calling
 * `onLine` for each line; refused as readObjectAt refuses (missing, a folder, changed) after the
 * pass. The caller closes what is returned.
 */
export function scanObjectLines(at: ObjectAt, sha: string, display: string, onLine: OnLine, headBytes: number): ObjectLines {
  let fd: number;
  try {
    // Without waiting: a FIFO put in an object's place is refused below, not read forever.
    fd = openSync(at.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw unreadableObject(e, sha, display);
  }
  try {
    const before = fstatSync(fd, { bigint: true });
    if (!before.isFile()) throw unreadableObject(Object.assign(new Error('not a regular file'), { code: before.isDirectory() ? 'EISDIR' : 'ENOTREG' }), sha, display);
    const hash = at.check ? createHash('sha256') : undefined;
    const buf = Buffer.allocUnsafe(CHUNK);
    const head = Buffer.allocUnsafe(headBytes);
    let headLen = 0;
    let lineStart = 0;
    let pos = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, pos);
      } catch (e) {
        throw unreadableObject(e, sha, display);
      }
      if (n === 0) break;
      hash?.update(buf.subarray(0, n));
      for (let i = 0; i < n;) {
        const nl = buf.indexOf(10, i);
        const segEnd = nl < 0 || nl >= n ? n : nl;
        if (headLen < headBytes) headLen += buf.copy(head, headLen, i, Math.min(segEnd, i + headBytes - headLen));
        if (segEnd === n) break;
        if (pos + nl > lineStart) onLine(lineStart, pos + nl, head.subarray(0, headLen));
        lineStart = pos + nl + 1;
        headLen = 0;
        i = nl + 1;
      }
      pos += n;
    }
    if (pos > lineStart) onLine(lineStart, pos, head.subarray(0, headLen));
    if (hash && hash.digest('hex') !== sha) throw changedObject(sha, display);
    return openLines(fd, before, sha, display);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

function unchanged(a: BigIntStats, b: BigIntStats): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

function openLines(fd: number, before: BigIntStats, sha: string, display: string): ObjectLines {
  let open = true;
  return {
    read(start, end) {
      if (!open) throw new Error('object lines read after close()');
      const out = Buffer.allocUnsafe(end - start);
      let got = 0;
      try {
        for (let n; got < out.length && (n = readSync(fd, out, got, out.length - got, start + got)) > 0;) got += n;
      } catch (e) {
        throw unreadableObject(e, sha, display);
      }
      // Checked after the read: a write that overlapped it has set the times by now.
      if (got < out.length || !unchanged(before, fstatSync(fd, { bigint: true }))) throw changedObject(sha, display);
      return out;
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** The same over bytes already in memory (a store whose objects are not local files). */
export function bufferLines(bytes: Buffer, onLine: OnLine, headBytes: number): ObjectLines {
  for (let from = 0; from < bytes.length;) {
    let to = bytes.indexOf(10, from);
    if (to < 0) to = bytes.length;
    if (to > from) onLine(from, to, bytes.subarray(from, Math.min(to, from + headBytes)));
    from = to + 1;
  }
  return { read: (start, end) => bytes.subarray(start, end), close() {} };
}
