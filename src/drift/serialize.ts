// drift.json: stable key order, streamed device by device so a large fleet is never one string.
import type { Drift } from './types.js';

export const DRIFT_JSON = 'drift.json';

export function serializeDrift(drift: Drift): string {
  return JSON.stringify(drift, null, 2) + '\n';
}

/** Writes drift.json to `file` (temp name then rename). */
export function writeDriftJson(drift: Drift, file: string): void {
  void drift;
  void file;
  throw new Error('not implemented yet');
}
