// The free text a command line gives (--assessor, --system-name, --model, --marking, --office,
// --resources: every option whose placeholder is <name> or <text>) is printed into every document
// and the terminal. A control character, a line break or a bidi override ("Eve\u202Eevil" shows
// reversed in the PDF and the assessor's name in the AR) or a megabyte of it is a usage error
// (exit 2) naming the option and the character, never the value itself. Every other value given on
// the command line (paths, dates, lists) is bounded too: the messages that refuse them quote them.
import type { Command } from 'commander';
import { UserError } from '../io/errors.js';

/** Placeholders of the options that are free text printed into the documents. */
const TEXT_PLACEHOLDERS = new Set(['name', 'text']);

/** The most a name (--assessor, --system-name, --model) may hold; a longer text option (--office) gets MAX_TEXT. */
export const MAX_NAME = 256;
export const MAX_TEXT = 1000;
/** PATH_MAX on Linux: no path, date or list given on a command line is longer. */
export const MAX_VALUE = 4096;

// C0 and C1 controls (NUL, ESC, tab, line breaks), DEL, the line and paragraph separators, the
// byte-order mark, every bidi control (embeddings, overrides, isolates, marks), and the characters
// that are there unseen (soft hyphen, Mongolian vowel separator, zero-width space, word joiner,
// invisible operators): a system name "Radiology\u200BFleet" is not the one a reader sees. The
// joiners U+200C / U+200D stay: names in Persian or Indic scripts need them.
const NOT_PRINTABLE = /[\p{Cc}\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\p{Cs}/u;

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `value`, given to `option`, is refused as free text; undefined when it is fine. */
export function textProblem(option: string, value: string, max: number): string | undefined {
  const length = [...value].length;
  if (length > max) return `${option} is ${length} characters; it is printed in every document, and may hold at most ${max}`;
  if (value.trim() === '') return `${option} must not be empty`;
  const bad = NOT_PRINTABLE.exec(value);
  if (bad) {
    const at = [...value.slice(0, bad.index)].length + 1;
    return `${option} holds ${codePoint(bad[0])} at character ${at} (a control, line-break, bidi or invisible character): it must be one line of printable text, as every document prints it`;
  }
  return undefined;
}

/** Refuses (exit 2) a free-text option that is not one bounded line of printable text, and any over-long value. */
export function refuseBadTexts(cmd: Command): void {
  const opts = cmd.opts() as Record<string, unknown>;
  for (const opt of cmd.options) {
    const value = opts[opt.attributeName()];
    if (typeof value !== 'string') continue;
    const name = opt.long ?? opt.flags;
    const placeholder = /<([a-z-]+)(?:\.\.\.)?>/.exec(opt.flags)?.[1];
    const problem = placeholder && TEXT_PLACEHOLDERS.has(placeholder)
      ? textProblem(name, value, opt.long === '--office' || opt.long === '--resources' ? MAX_TEXT : MAX_NAME)
      : [...value].length > MAX_VALUE ? `${name} is ${[...value].length} characters, more than any path or value this tool reads (${MAX_VALUE})` : undefined;
    if (problem) throw new UserError(problem, { exitCode: 2 });
  }
  cmd.registeredArguments.forEach((arg, i) => {
    const value = cmd.processedArgs[i] as unknown;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && [...v].length > MAX_VALUE) throw new UserError(`${arg.name().toUpperCase()} is ${[...v].length} characters, more than any path this tool reads (${MAX_VALUE})`, { exitCode: 2 });
    }
  });
}
