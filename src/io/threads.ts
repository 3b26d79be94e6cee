// Worker threads of `assess --jobs`, `diff --jobs` and `monitor --jobs`: how many, and which script each runs.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** With --jobs unset, fewer inputs than this per worker are not worth a thread's start-up (~0.2 s). */
const MIN_PER_WORKER = 32;

/**
 * How many workers `jobs` gives for `count` inputs (1: work on the main thread); 'auto': every
 * core, where worth it: at least `minPerWorker` inputs each.
 */
export function workersFor(jobs: number | 'auto', count: number, minPerWorker = MIN_PER_WORKER): number {
  if (jobs === 'auto') return Math.max(1, Math.min(availableParallelism(), Math.floor(count / minPerWorker)));
  return Math.max(1, Math.min(jobs, count));
}

/** The buffer to move with a message when `bytes` is all of it; otherwise nothing (the message copies the bytes). */
export function movable(bytes: Uint8Array): ArrayBuffer[] {
  const buffer = bytes.buffer;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? [buffer] : [];
}

/** Bytes that arrived in a message (a Uint8Array), as a Buffer over the same memory. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The worker script beside a pool module (`moduleUrl`: its import.meta.url). Run from the
 * TypeScript sources (the tests), the compiled worker is the one in dist/ (`distPath` below it).
 */
export function workerScript(moduleUrl: string, distPath: string): URL {
  const here = new URL('./worker.js', moduleUrl);
  return existsSync(here) ? here : new URL(`../../dist/${distPath}`, moduleUrl);
}
