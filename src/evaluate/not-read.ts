// Texts an export writes where it read nothing: an empty or blank cell, "N/A", "(null)", "Not
// Defined", "unknown". Such a text is no value: compared as one, it passed every test that asks what
// a value is NOT (`none-of`, `not-equals`, `not-matches`, `not-empty`...: a time source "(null)" is not
// "Local CMOS Clock", a syslog server "N/A" is not localhost) and dropped a list item from a `where`
// (a firewall rule with protocol "", a service named "N/A", so never judged). A test reading one is
// not collected, with the reason, as for an absent value (never `if-absent`: the value was not read,
// which is not "not set"). Unless the test names the text itself (`matches: "^$"` selects an empty
// SID; MAL-ALLOWLIST's `not-matches` lists "unknown" and "n/a" to fail them): then the check's author
// decided what it means. A text of invisible characters alone (a zero-width space, word joiner, soft
// hyphen, bidi mark, BOM, Hangul filler, braille blank) reads as the empty text it shows: a directory
// server "\u200B" names no server, as "" does not. The one list of such texts: every path (a test
// against a constant, a `where`, a comparison with another field; evaluateTest, statusOf and the
// compiled tests) reads it here. Pure.

/** Lower-case, trimmed texts that say a value was not read. "none" is not one: it is a setting (tls: none). */
const NOT_READ: ReadonlySet<string> = new Set(['', 'n/a', 'na', 'unknown', 'null', '(null)', '<null>', 'undefined', 'not defined', 'not available', '-', '--', '?']);

/** The first characters (either case) of NOT_READ's texts. */
const FIRST_CHARS: ReadonlySet<number> = new Set([...NOT_READ].filter((t) => t !== '').flatMap((t) => [t.charCodeAt(0), t.toUpperCase().charCodeAt(0)]));
/**
 * Characters that show nothing: format characters (\p{Cf}: soft hyphen, zero-width space and joiners,
 * bidi marks, word joiner, invisible operators, BOM, tags), variation selectors, the combining
 * grapheme joiner and the blank-looking letters (Hangul fillers, braille blank). White space is trim's.
 */
const INVISIBLE = /[\p{Cf}\u034f\u115f\u1160\u2800\u3164\uffa0\ufe00-\ufe0f]/gu;

/** The text as a reader sees it, trimmed: invisible characters removed ("\u200B" is ""). */
export function visibleText(x: string): string {
  return x.replace(INVISIBLE, '').trim();
}

/** Whether a text shows nothing: empty, white space, or invisible characters alone. */
export function isBlank(x: string): boolean {
  return visibleText(x) === '';
}

function notRead(x: unknown): x is string {
  if (typeof x !== 'string') return false;
  // Most values begin with a visible ASCII character none of NOT_READ begins with, so cannot trim
  // and lower-case to one: decided without building those two copies for every value a test reads.
  const c = x.charCodeAt(0);
  if (c > 32 && c < 127 && !FIRST_CHARS.has(c)) return false;
  return NOT_READ.has(visibleText(x).toLowerCase());
}

/** The text (or list item) of `v` that says nothing was read, or undefined. */
export function notReadText(v: unknown): string | undefined {
  if (notRead(v)) return v;
  if (Array.isArray(v)) return v.find(notRead);
  return undefined;
}

/**
 * Whether a text compared with another field (`expected: {field: ...}`) shows nothing: one that says
 * nothing was read, or "none", which is a setting's value against a constant (tls: none) but no
 * value two fields can share: installed version "none" = latest version "none" shows no release.
 */
export function showsNothingCompared(x: unknown): boolean {
  return typeof x === 'string' && (notRead(x) || visibleText(x).toLowerCase() === 'none');
}

/** Whether the test's own expectation names the text: a literal or regular expression that holds it. */
function named(op: string, text: string, e: unknown, regexOf: (src: string) => RegExp): boolean {
  // A pattern names the text only if it holds both as written and as shown: \S holds a zero-width
  // space by accident, and a pattern for the empty text (^$, -*) was not asked about "\u200B".
  if (op === 'matches' || op === 'not-matches') return typeof e === 'string' && regexOf(e).test(text) && regexOf(e).test(visibleText(text));
  const t = visibleText(text).toLowerCase();
  return (Array.isArray(e) ? e : [e]).some((x) => typeof x === 'string' && x.trim().toLowerCase() === t);
}

/** Why `field` = `v` cannot be judged by the test: it holds a text that says nothing was read. Undefined when it can. */
export function notReadReason(op: string, field: string, v: unknown, e: unknown, regexOf: (src: string) => RegExp): string | undefined {
  const text = notReadText(v);
  if (text === undefined || named(op, text, e, regexOf)) return undefined;
  const what = text.trim() === '' ? 'an empty text' : isBlank(text) ? 'a text of invisible characters only' : `"${text}"`;
  return `${field} ${Array.isArray(v) ? 'holds' : 'is'} ${what}, which says the value was not read: it cannot be judged`;
}
