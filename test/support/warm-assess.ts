/**
 * Test helper (not shipped): `ato-evidence assess` of the built CLI, without a process per run.
 * Starting node, loading the modules and reading controls/*.yaml again cost a spawned run about
 * 1.8 s of CPU where the assessment itself takes under 0.5 s; a file assessing dozens of export
 * folders for their verdicts spent most of its time there. Here one worker thread loads
 * dist/cli/program.js (the command line main.js runs: the same commander program, options,
 * defaults and exit codes) once and runs each command line in it, in the caller's folder (cwd),
 * giving the exit code, stdout and stderr as spawnSync did. For tests about the assessment's result: the command line itself (option
 * parsing, exit codes of a process) stays covered by the files that spawn the CLI.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { afterAll } from 'vitest';
import type { CliRun } from './cli-scratch.js';

const ROOT = new URL('../..', import.meta.url);

/** `assess(['assess', ...args], cwd)`: `ato-evidence assess ARGS` run in `cwd` by the one worker of the calling test file. */
export function warmAssess(): (args: readonly string[], cwd: string) => CliRun {
  let worker: { thread: Worker; port: MessagePort; flag: Int32Array } | undefined;
  afterAll(async () => {
    await worker?.thread.terminate();
  });
  return (args, cwd) => {
    if (!worker) {
      const { port1, port2 } = new MessageChannel();
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const thread = new Worker(new URL('./warm-assess-worker.mjs', import.meta.url), {
        workerData: { port: port2, flag, root: ROOT.href },
        transferList: [port2],
        env: { ...process.env, NO_COLOR: '1' },
      });
      worker = { thread, port: port1, flag };
    }
    const { thread, port, flag } = worker;
    if (args[0] !== 'assess') throw new Error(`warm-assess: runs "assess" only, got ${args[0]}`);
    const back = process.cwd();
    // The worker shares this process's folder: the run sees `cwd` as the spawned CLI did.
    process.chdir(cwd);
    try {
      Atomics.store(flag, 0, 0);
      port.postMessage({ args: [...args] });
      // Blocks as spawnSync did; a run that never answers fails after 120 s (the suite's test limit).
      if (Atomics.wait(flag, 0, 0, 120_000) === 'timed-out') throw new Error(`warm-assess: no answer in 120 s to assess ${args.join(' ')}`);
    } finally {
      process.chdir(back);
    }
    const answer = receiveMessageOnPort(port) as { message: CliRun } | undefined;
    if (!answer) throw new Error(`warm-assess: the worker (thread ${thread.threadId}) gave no answer`);
    return answer.message;
  };
}
