// drift.json: JSON.stringify(drift, null, 2) byte for byte, but the device list is streamed, so a
// large fleet's drift is never one string in memory.
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { fileSize, MAX_ATTACHMENT_BYTES } from '../report/package-files.js';
import { FileSink, StreamedArray, StringSink, writeJsonStream, type TextSink } from '../io/json-stream.js';
import type { Drift } from './types.js';

export const DRIFT_JSON = 'drift.json';

function streamed(drift: Drift): unknown {
  const devices = drift.devices;
  const due = drift.due;
  return { ...drift, devices: new StreamedArray(() => devices), due: new StreamedArray(() => due) };
}

export function writeDrift(drift: Drift, sink: TextSink): void {
  writeJsonStream(streamed(drift), sink);
}

export function serializeDrift(drift: Drift): string {
  const sink = new StringSink();
  writeDrift(drift, sink);
  return sink.toString();
}

/** Writes drift.json to `file`: a temporary name first, renamed once complete. */
export function writeDriftJson(drift: Drift, file: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  const sink = new FileSink(tmp);
  try {
    writeDrift(drift, sink);
  } finally {
    sink.close();
  }
  renameSync(tmp, file);
}

/** drift.json (written at `file`) as an attachment of the monitoring report, when it is small enough to embed. */
export function driftAttachment(file: string): Array<{ name: string; bytes: Buffer; description: string; mediaType: string }> {
  if (fileSize(file) > MAX_ATTACHMENT_BYTES) return [];
  return [{ name: DRIFT_JSON, bytes: readFileSync(file), description: 'The drift this report shows, machine-readable (drift.json)', mediaType: 'application/json' }];
}
