#!/usr/bin/env node
// Entry point: the command line of program.ts on this process's arguments, its exit code the process's.
import { runCli } from './program.js';

// `ato-evidence checks | head` closes the pipe early: that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await runCli(process.argv);
