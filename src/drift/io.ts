// Reading one side of a diff: a snapshot file, a folder of snapshots or export folders, or an
// assessment output folder (assessment-results.json + evidence/*.json). The edge: reads files.
import type { AssessedSide, DriftContext } from './types.js';

export interface SideInput {
  path: string;
  /** Turns an export folder into a snapshot (src/ingest); absent = export folders are refused. */
  ingest?: {
    looksLikeExportFolder(dir: string): boolean;
    ingestFolder(dir: string): Promise<{ snapshot: import('../snapshot/types.js').Snapshot }>;
  };
}

export async function readSide(_input: SideInput, _ctx: DriftContext): Promise<AssessedSide> {
  throw new Error('not implemented yet');
}
