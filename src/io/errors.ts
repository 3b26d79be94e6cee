import { redactText } from '../snapshot/secrets.js';
import { portablePath } from './display-path.js';

/**
 * An error caused by the user's input (a file, a flag, a folder). The CLI prints its message and
 * exits 1 without a stack trace; anything else that escapes is a bug and shows its stack. The
 * message passes through the snapshot's text redaction: it may quote a value from any input (a
 * cell, a path, a line), and it reaches the terminal, logs and (--keep-going) every report.
 */
export class UserError extends Error {
  /** The file concerned, as the user named it (to act on; messages show it masked, see `portableMessage`). */
  readonly file: string | undefined;
  /**
   * Where in the file: a JSON pointer, "line 12", "[System Access] LockoutBadCount"; masked like
   * the message, since it is only ever shown (a pointer through a key named "password=…").
   */
  readonly where: string | undefined;
  readonly exitCode: number;
  /** The message alone, without "file at where: " (for callers that show the place themselves). */
  readonly detail: string;

  constructor(text: string, opts: { file?: string; where?: string; exitCode?: number } = {}) {
    const message = redactText(text);
    // The file's name and the place are input too ("MR-02 pw=….json", a pointer through a key).
    const where = opts.where === undefined ? undefined : redactText(opts.where);
    super(formatUserMessage(message, opts.file === undefined ? undefined : redactText(opts.file), where));
    this.name = 'UserError';
    this.file = opts.file;
    this.where = where;
    this.exitCode = opts.exitCode ?? 1;
    this.detail = message;
  }
}

/**
 * Characters no output can carry as they are: a surrogate without its pair (JSON.stringify writes
 * "\\ud800", which strict JSON readers refuse; UTF-8 has no bytes for it, so XML and the PDF would
 * get U+FFFD or nothing) and the noncharacters U+FFFE, U+FFFF (not allowed in XML). Every pattern of
 * characters shown as \\xNN / \\u{NNNN} includes them, so a checklist, HDF, the OSCAL documents and
 * the PDF show the same "\\u{D800}" where a console's text held one.
 */
export const UNPAIRED = String.raw`[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]`;

/** The pattern of `chars` (a character class) and UNPAIRED, global. */
export const shownPattern = (chars: RegExp): RegExp => new RegExp(`${chars.source}|${UNPAIRED}`, 'g');

/** One such character as shown: \\xNN up to U+00FF, else \\u{NNNN}. */
export const shownChar = (c: string): string => {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).toUpperCase().padStart(2, '0')}` : `\\u{${n.toString(16).toUpperCase()}}`;
};

/**
 * C0 and C1 controls (line breaks included), DEL, the line and paragraph separators, the invisible characters that
 * reorder a line (bidi marks, overrides, isolates), and those that are there unseen (soft hyphen, Mongolian vowel
 * separator, zero-width space, joiners, word joiner, invisible operators, BOM): a hostname "RAD-MR01\u200B-CON" is
 * not the "RAD-MR01-CON" an OSCAL reader would render, so every output shows it.
 */
const NOT_ONE_LINE = shownPattern(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/);

/**
 * Untrusted text (a file name, a place, a collector's error message) shown as one line of the
 * tool's own sentence: those characters as \\xNN or \\u{NNNN}, as the terminal shows them. A file
 * named "a\\nwarning: all fine.json" would otherwise print a line of its own. The terminal's
 * sanitize keeps line breaks, which messages use; no file name needs one.
 */
export const oneLine = (s: string): string => s.replace(NOT_ONE_LINE, shownChar);

/**
 * A console's words (a rule's or an account's name, a logon banner) quoted in one of the tool's
 * sentences: a line break or a tab with the blanks around it is one space, so a banner's lines
 * read on and a name "x\r\n=cmd" starts no line of its own; any other control or bidi character
 * is shown as `oneLine` shows it.
 */
export const inOneLine = (s: string): string => oneLine(s.replace(/[ ]*[\t\n\v\f\r\u0085\u2028\u2029][\s\u0085]*/g, ' '));

/** "samples/MR-01.json at /access/lockoutPolicy: must be an object" */
export function formatUserMessage(message: string, file?: string, where?: string): string {
  if (!file) return message;
  return where ? `${oneLine(file)} at ${oneLine(where)}: ${message}` : `${oneLine(file)}: ${message}`;
}

/** The message as a report shows it (assess --keep-going): its file as reports show paths (display-path.ts), masked as in `message`. */
export function portableMessage(e: UserError): string {
  return formatUserMessage(e.detail, e.file === undefined ? undefined : redactText(portablePath(e.file)), e.where);
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

const SYSTEM_REFUSALS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EIO: 'the device reported an input/output error',
  EMFILE: 'too many files are open in this process',
  ENFILE: 'too many files are open on this system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

/** Why the operating system refused (a full disk, a read-only file system, …) in words and its code, or undefined when `e` is no such refusal. */
export function systemReason(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const why = typeof code === 'string' ? SYSTEM_REFUSALS[code] : undefined;
  return why && `${why} (${code})`;
}

/**
 * The operating system's refusal (`cause`, see systemReason) of a run that had already written part
 * of what it writes where that stays (an evidence store): `aftermath` says what was and was not
 * written, in place of "none was left half-written".
 */
export class RefusedMidway extends Error {
  constructor(
    override readonly cause: unknown,
    readonly aftermath: string,
  ) {
    super((cause as Error | undefined)?.message ?? String(cause));
    this.name = 'RefusedMidway';
  }
}
