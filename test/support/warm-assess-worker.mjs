// The worker of test/support/warm-assess.ts: the built CLI's command line (dist/cli/program.js, what
// dist/cli/main.js runs on its arguments), loaded once and run on each request's arguments,
// with what it writes on stdout and stderr kept for the answer. The caller blocks on `flag` until
// the answer is posted (Atomics), so its tests stay synchronous as with spawnSync.
import { workerData } from 'node:worker_threads';

const { port, flag, root } = workerData;
const { runCli } = await import(new URL('dist/cli/program.js', root).href);

port.on('message', async ({ args }) => {
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
    code = await runCli(['node', 'ato-evidence', ...args]);
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
