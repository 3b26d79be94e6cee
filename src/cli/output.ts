// Terminal output: colours only on a terminal and never under NO_COLOR; errors as one clear line.
import { isUserError } from '../io/errors.js';

export function useColour(stream: NodeJS.WriteStream): boolean {
  return !!stream.isTTY && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
}

export function paint(stream: NodeJS.WriteStream) {
  const on = useColour(stream);
  const wrap = (code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap(31), green: wrap(32), yellow: wrap(33), bold: wrap(1), dim: wrap(2) };
}

/** Prints an error and returns the exit code: 1 (or the error's own) for user input, 1 with a stack otherwise. */
export function reportFailure(e: unknown): number {
  const c = paint(process.stderr);
  if (isUserError(e)) {
    process.stderr.write(`${c.red('error:')} ${e.message}\n`);
    return e.exitCode;
  }
  // Not the user's fault: show everything, it is a bug to report.
  process.stderr.write(`${c.red('internal error:')} ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return 1;
}

/** A progress bar on stderr, only on a terminal and only once a run has lasted a second. */
export function progressBar(label: string): { update(done: number, total: number): void; end(): void } {
  const stream = process.stderr;
  if (!stream.isTTY) return { update() {}, end() {} };
  const started = Date.now();
  let shown = false;
  let lastDraw = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < 1000 || (now - lastDraw < 100 && done < total)) return;
      lastDraw = now;
      shown = true;
      const width = 30;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
    },
    end() {
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
