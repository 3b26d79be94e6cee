// One input of `assess` or `monitor` as a validated snapshot and the bytes that stand for it:
// a snapshot file as read, or an export folder ingested on the fly.
import type { InputItem } from '../io/inputs.js';
import { join } from 'node:path';
import { isUserError, UserError } from '../io/errors.js';
import { readUserFile } from '../io/file-queue.js';
import { readSnapshot, type SnapshotRead } from '../snapshot/load.js';
import type { Snapshot } from '../snapshot/types.js';

/** Turns an export folder into a snapshot (the ingest stage); absent = export folders are refused. */
export interface FolderIngester {
  looksLikeExportFolder(dir: string): boolean;
  ingestFolder(dir: string): Promise<{ snapshot: Snapshot; skipped: Array<{ file: string; reason: string }>; warnings?: string[] }>;
}

/**
 * An ingest error names the file inside the device folder ("secedit.inf at line 5"); in a fleet the
 * folder must be named too ("exports/CT-02/secedit.inf at line 5").
 */
function inFolder(e: unknown, folder: string): unknown {
  if (!isUserError(e) || !e.file || /[\\/]/.test(e.file)) return e;
  return new UserError(e.detail, { file: join(folder, e.file), ...(e.where ? { where: e.where } : {}), exitCode: e.exitCode });
}

/**
 * Reads one input through the snapshot boundary (src/snapshot/load.ts readSnapshot): validated,
 * secrets redacted, with the bytes outputs may carry.
 */
export async function loadInputSnapshot(item: InputItem, ingest: FolderIngester | undefined, warn: (m: string) => void, prefetched?: Buffer): Promise<SnapshotRead> {
  if (item.kind === 'exports') {
    if (!ingest) throw new UserError('is an export folder, but this build cannot ingest exports', { file: item.path });
    const { snapshot, skipped, warnings } = await ingest.ingestFolder(item.path).catch((e: unknown) => {
      throw inFolder(e, item.path);
    });
    for (const s of skipped) warn(`${item.path}: skipped ${s.file}: ${s.reason}`);
    for (const w of warnings ?? []) warn(`${item.path}: ${w}`);
    // Held to the same schema as a snapshot file: an ingester bug must not slip through.
    return readSnapshot(Buffer.from(JSON.stringify(snapshot, null, 2) + '\n'), `snapshot ingested from ${item.path}`);
  }
  const read = readSnapshot(prefetched ?? readUserFile(item.path), item.path);
  if (read.redated) warn(`${item.path}: ${read.redated}`);
  return read;
}
