// Terminal output: colours only on a terminal and never under NO_COLOR; errors as one clear line.
// Everything the commands print goes through `write`, which escapes control characters: a file
// name or a value from garbage input must not move the cursor, retitle the window or hide text.
import { randomBytes } from 'node:crypto';
import { isUserError, RefusedMidway, shownChar, shownPattern, systemReason, UserError } from '../io/errors.js';
import { finalPathOf } from '../io/package-dir.js';
import { redactText } from '../snapshot/secrets.js';

export function useColour(stream: NodeJS.WriteStream): boolean {
  return !!stream.isTTY && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
}

// paint() marks its colours with a per-process nonce that input cannot contain; `write` turns the
// marks into escape sequences after escaping everything else.
const NONCE = randomBytes(8).toString('hex');
const MARK = new RegExp(`\u0000${NONCE}(\\d+)\u0000`);

export function paint(stream: NodeJS.WriteStream) {
  const on = useColour(stream);
  const wrap = (code: number) => (s: string) => (on ? `\u0000${NONCE}${code}\u0000${s}\u0000${NONCE}0\u0000` : s);
  return { red: wrap(31), green: wrap(32), yellow: wrap(33), bold: wrap(1), dim: wrap(2) };
}

/**
 * C0 and C1 controls (but tab and newline), DEL, the invisible characters that reorder a
 * line (bidirectional overrides and isolates) and those there unseen (zero-width, soft hyphen, BOM, as
 * io/errors.ts oneLine), shown as \xNN or \u{NNNN}.
 */
const CONTROLS = shownPattern(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/);

export function sanitize(text: string): string {
  return text.replace(CONTROLS, shownChar);
}

/** Writes text for a person: control characters escaped (see sanitize), paint()'s colours kept. */
export function write(stream: NodeJS.WritableStream, text: string): void {
  const parts = text.split(MARK);
  // split() with a group: text, colour code, text, colour code, …
  stream.write(parts.map((p, i) => (i % 2 === 0 ? sanitize(p) : `\u001b[${p}m`)).join(''));
}

/** "warning: …" on stderr, masked as a UserError's message is (a warning quotes input: a file name, a line, a cell). */
export function warn(message: string): void {
  write(process.stderr, `${paint(process.stderr).yellow('warning:')} ${redactText(message)}\n`);
}

/** Prints an error and returns the exit code: 1 (or the error's own) for user input, 1 with a stack otherwise. */
export function reportFailure(e: unknown): number {
  const c = paint(process.stderr);
  if (isUserError(e)) {
    write(process.stderr, `${c.red('error:')} ${e.message}\n`);
    return e.exitCode;
  }
  // The machine refused (a full disk, a read-only file system, too many open files): no bug to
  // report, so no stack; what and where, so the operator can act.
  const system = systemRefusal(e);
  if (system) {
    write(process.stderr, `${c.red('error:')} ${system}\n`);
    return 1;
  }
  // Not the user's fault: show everything, it is a bug to report; masked all the same (a library's
  // message may quote the input it choked on: a YAML line, a JSON snippet, a path).
  write(process.stderr, `${c.red('internal error:')} ${redactText(e instanceof Error ? (e.stack ?? e.message) : String(e))}\n`);
  return 1;
}

/** The message for an error the operating system gave (not one of this tool's), or undefined. */
export function systemRefusal(e: unknown): string | undefined {
  // A run that had written part of its work when refused says what (RefusedMidway).
  const after = e instanceof RefusedMidway ? e.aftermath : 'Outputs are moved into place only when complete, so none was left half-written';
  const err = (e instanceof RefusedMidway ? e.cause : e) as NodeJS.ErrnoException | undefined;
  const why = systemReason(err);
  if (!why) return undefined;
  const text = `the system refused to ${err!.syscall ?? 'write'}: ${why}. ${after}; fix the cause and run again`;
  // A copy fails at its destination (Node names the source as `path`).
  const dest = (err as { dest?: unknown }).dest;
  const file = typeof dest === 'string' ? dest : err!.path;
  // As a UserError: the path is masked like any other (it may hold what the user typed).
  return new UserError(text, typeof file === 'string' ? { file: finalPathOf(file) } : {}).message;
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

/** DEL, C1, the reordering characters and the unseen ones (zero-width, soft hyphen, BOM), which JSON.stringify leaves as they are. */
const JSON_UNSAFE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Writes a value as JSON (indented by 2 unless `indent` = 0) with every control character escaped as \uNNNN. */
export function writeJson(stream: NodeJS.WritableStream, value: unknown, indent = 2): void {
  stream.write(JSON.stringify(value, null, indent || undefined).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n');
}
