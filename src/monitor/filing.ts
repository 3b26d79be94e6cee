// One input of a `monitor` run on its way into the store: read through the snapshot boundary
// (validated, secrets redacted) and checked against the run's clock. What the run files of it is
// plain data, so a worker thread (./worker.ts, `monitor --jobs`) can read it with the same code
// and hand back the bytes (moved, not copied).
import { loadInputSnapshot, type FolderIngester } from '../assess/load-input.js';
import type { InputItem } from '../io/inputs.js';
import { checkCollectedBy } from '../snapshot/load.js';
import { serialOf } from '../snapshot/serial.js';

/** What the store keeps of an input, and what the run needs to know of it. */
export interface FiledInput {
  device: string;
  collectedAt: string;
  /** The bytes as given, or the redacted snapshot as JSON when it held a secret: never the secret. */
  bytes: Uint8Array;
  sha256: string;
  redacted: boolean;
  /** The console's serial number, where the snapshot gives one. */
  serial?: string;
}

/** Reads one input (an export folder needs `ingest`, on the main thread); a UserError names what is wrong. */
export async function readForFiling(item: InputItem, now: string, ingest: FolderIngester | undefined, warn: (m: string) => void): Promise<FiledInput> {
  const { snapshot, bytes, sha256, redacted } = await loadInputSnapshot(item, ingest, warn);
  checkCollectedBy(snapshot, now, item.path);
  return { device: snapshot.device.id, collectedAt: snapshot.collectedAt, bytes, sha256, redacted, ...serialOf(snapshot) };
}
