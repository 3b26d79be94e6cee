// The worker of test/support/warm-assess.ts: the built CLI's `assess` command (dist/cli/assess.js,
// what `ato-evidence assess` runs once its options are parsed), loaded once and run for each request,
// with what it writes on stdout and stderr kept for the answer. The caller blocks on `flag` until
// the answer is posted (Atomics), so its tests stay synchronous as with spawnSync.
import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

const { port, flag, root } = workerData;
const { assessCommand } = await import(new URL('dist/cli/assess.js', root).href);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

port.on('message', async ({ inputs, options }) => {
  const said = { stdout: '', stderr: '' };
  const streams = { stdout: process.stdout, stderr: process.stderr };
  const kept = { stdout: streams.stdout.write, stderr: streams.stderr.write };
  for (const name of ['stdout', 'stderr']) {
    streams[name].write = (chunk) => {
      said[name] += String(chunk);
      return true;
    };
  }
  let code;
  try {
    code = await assessCommand(inputs, options, version);
  } catch (e) {
    code = 1;
    said.stderr += `internal error: ${e instanceof Error ? e.stack : String(e)}\n`;
  } finally {
    streams.stdout.write = kept.stdout;
    streams.stderr.write = kept.stderr;
  }
  port.postMessage({ code, ...said });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
