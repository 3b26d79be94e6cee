// How many worker threads a command uses (`assess --jobs`, `diff --jobs`): one rule for both.
import { availableParallelism } from 'node:os';

/** With --jobs unset, fewer inputs than this per worker are not worth a thread's start-up (~0.2 s). */
const MIN_PER_WORKER = 32;

/** How many workers `jobs` gives for `count` inputs (1: work on the main thread); 'auto': every core, where worth it. */
export function workersFor(jobs: number | 'auto', count: number): number {
  if (jobs === 'auto') return Math.max(1, Math.min(availableParallelism(), Math.floor(count / MIN_PER_WORKER)));
  return Math.max(1, Math.min(jobs, count));
}
