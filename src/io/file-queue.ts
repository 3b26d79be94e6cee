// File reads and writes overlapped with computation: while one snapshot is evaluated, the next
// ones are read and the previous evidence copies are written by libuv's thread pool. On a fleet
// of thousands of small files this keeps the disk off the critical path.
import { constants as bufferConstants } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';
import { writeFile } from 'node:fs';
import { open } from 'node:fs/promises';
import { UserError } from './errors.js';

/** The most a file read whole may hold: the longest string (every such input is decoded as text). */
export const MAX_TEXT_BYTES = bufferConstants.MAX_STRING_LENGTH;

// Non-blocking: opening a FIFO put where a file was listed returns at once (it would wait for a writer).
const OPEN_READ = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Why the file opened as `st` is not read whole: judged on the open file, so a file swapped
 * between listing and reading (for a FIFO or a device, which could be read forever) or too large
 * to hold (a 1.5 GB file was read whole, then refused) is refused before a byte is read.
 */
function notReadable(file: string, st: Stats, limit?: ReadLimit): UserError | undefined {
  if (st.isDirectory()) return new UserError('is a folder, not a file', { file });
  if (!st.isFile()) return new UserError('is not a regular file (a FIFO, device or socket): it is not read, because reading it could wait or run forever', { file });
  if (st.size > MAX_TEXT_BYTES) return new UserError(`is ${st.size} bytes: inputs are read whole, and the most this program can hold is ${MAX_TEXT_BYTES} bytes`, { file });
  if (limit && st.size > limit.bytes) return new UserError(`is ${st.size} bytes, larger than ${limit.what}`, { file });
  return undefined;
}

/**
 * A bound below the longest string for an input whose form has one (a YAML or CSV file: 16 MiB),
 * checked on the file's size before a byte is read: a 400 MB CSV took 860 MB of memory to be told
 * it was over 16 MiB. `what` completes "is N bytes, larger than …".
 */
export interface ReadLimit {
  bytes: number;
  what: string;
}

export function readError(file: string, e: unknown): UserError {
  if (e instanceof UserError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'EACCES' ? 'cannot read: permission denied'
    : code === 'ENOENT' ? 'no such file'
    : code === 'EISDIR' ? 'is a folder, not a file'
    : code === 'ERR_FS_FILE_TOO_LARGE' ? 'is larger than 2 GiB, more than can be read whole'
    : code === 'ENAMETOOLONG' ? 'the name is too long for the file system'
    : code === 'ELOOP' ? 'is a symbolic link that loops'
    : code === 'ENOTREG' ? 'is not a regular file (a FIFO, device or socket): it is not read, because reading it could wait or run forever'
    : `cannot read (${code ?? (e as Error).message})`;
  return new UserError(why, { file });
}

/** Reads a file the user named; a failure is a UserError naming it (no such file, a folder, …). */
export function readUserFile(file: string, limit?: ReadLimit): Buffer {
  let fd: number;
  try {
    fd = openSync(file, OPEN_READ);
  } catch (e) {
    throw readError(file, e);
  }
  try {
    const refused = notReadable(file, fstatSync(fd), limit);
    if (refused) throw refused;
    return readFileSync(fd);
  } catch (e) {
    throw readError(file, e);
  } finally {
    closeSync(fd);
  }
}

/**
 * A regular file's bytes, opened without waiting: a FIFO or a device found where a file belongs
 * (put in a store's objects, or swapped in after a stat) is refused, not read forever. Errors are
 * the file system's, a non-regular file's with code 'ENOTREG' and one over `maxBytes` (judged on
 * its size before a byte is read) with code 'EFBIG' and its `size`, for callers that word their
 * own refusal (readError, unreadableObject, an attestation's evidence).
 */
export function readRegularFile(file: string, maxBytes = MAX_TEXT_BYTES): Buffer {
  const fd = openSync(file, OPEN_READ);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: st.isDirectory() ? 'EISDIR' : 'ENOTREG' });
    if (st.size > maxBytes) throw Object.assign(new Error(`${st.size} bytes`), { code: 'EFBIG', size: st.size });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** readUserFile without blocking the thread (readAhead); errors are thrown as they come. */
async function readUserFileAsync(file: string): Promise<Buffer> {
  const handle = await open(file, OPEN_READ);
  try {
    const refused = notReadable(file, await handle.stat());
    if (refused) throw refused;
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Yields each path with its bytes (or the UserError reading it gave), in order, keeping up to
 * `window` reads in flight. Items not `wanted` are yielded without bytes.
 */
export async function* readAhead<T extends { path: string }>(items: readonly T[], wanted: (item: T) => boolean, window = 16): AsyncGenerator<{ item: T; bytes?: Buffer; error?: UserError }> {
  const pending: Array<Promise<Buffer> | undefined> = [];
  const start = (i: number) => {
    const item = items[i]!;
    if (!wanted(item)) return undefined;
    const p = readUserFileAsync(item.path);
    p.catch(() => undefined); // handled when its turn comes
    return p;
  };
  for (let i = 0; i < Math.min(window, items.length); i++) pending.push(start(i));
  for (let i = 0; i < items.length; i++) {
    const p = pending[i];
    pending[i] = undefined;
    if (i + window < items.length) pending[i + window] = start(i + window);
    const item = items[i]!;
    if (!p) {
      yield { item };
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await p;
    } catch (e) {
      yield { item, error: readError(item.path, e) };
      continue;
    }
    yield { item, bytes };
  }
}

/** Writes files in the background, at most `limit` at a time; `drain` waits and reports the first error. */
export class WriteQueue {
  private inFlight = new Set<Promise<void>>();
  private error: unknown;
  constructor(private readonly limit = 16) {}

  async add(path: string, data: string | Buffer): Promise<void> {
    if (this.error) throw this.error;
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    // The callback writeFile (open, write, close on the thread pool): the promise one made a
    // FileHandle and a promise per step, most of the main thread's time on each evidence copy (perf28).
    const p: Promise<void> = new Promise<void>((done) => {
      writeFile(path, data, { flag: 'wx' }, (e) => {
        if (e) this.error ??= e;
        this.inFlight.delete(p);
        done();
      });
    });
    this.inFlight.add(p);
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.error) throw this.error;
  }
}

/**
 * Hands a file to `consume` in chunks of one reused buffer (copy what must outlive the call):
 * for files too big to hold whole, such as last month's POA&M of a large fleet.
 */
export function readChunks(file: string, consume: (chunk: Buffer) => void, size = 1 << 20): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw readError(file, e);
  }
  try {
    const buf = Buffer.allocUnsafe(size);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, size, null);
      } catch (e) {
        throw readError(file, e);
      }
      if (n === 0) break;
      consume(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}
