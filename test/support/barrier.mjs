// A preload (node --import) for tests that start several CLI processes "at one instant": it loads
// the modules a monitor run needs (so loading time does not spread the start), then waits until
// the file named by ATO_TEST_BARRIER exists. The test creates that file once every process waits.
import { existsSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const barrier = process.env.ATO_TEST_BARRIER;
if (barrier) {
  // The build being run (ATO_CLI may name another one than this checkout's).
  const dist = new URL('../', pathToFileURL(process.argv[1]));
  for (const m of ['cli/monitor.js', 'monitor/run.js', 'store/store.js', 'ingest/index.js']) await import(new URL(m, dist).href);
  writeFileSync(`${barrier}.ready-${process.pid}`, '');
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(barrier)) Atomics.wait(sleep, 0, 0, 1);
}
