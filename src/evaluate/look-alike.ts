// Texts that look like the names a check rules out but are written with other letters: a Cyrillic
// "А" in "Аdministrators", full-width "Ｌｏｃａｌ", a zero-width space. A test that passes because a
// value is NOT one of some names (none-of, contains-none, not-contains, not-matches, not-equals)
// would pass on such a look-alike while a reader sees the very name ruled out ("Lоcal CMOS Clock"
// passed TIME-SYNC, a product "АppLocker" spared MAL-ALLOWLIST the Application Identity service, a
// clinical account in "Аdministrators" passed ROLE-CLINICAL-NOT-ADMIN). Which of the two the
// console holds cannot be told from the text (a renamed group, a tampered or mistyped snapshot),
// so the comparison is not judged: not collected, naming the characters. Tests that pass on a
// match (equals, one-of, matches) fail on a look-alike, and are left alone where that fail stands;
// where it decides for the check (a `where` leaving "TelnetClient\u200B" out of the denied
// features, an item test under `none`), it is not judged either. Pure.
import { canonicalDn } from './distinguished-name.js';

/** Letters of other scripts drawn like Latin ones (Unicode's confusables, the common ones). */
const CONFUSABLE: Record<string, string> = {
  // Cyrillic
  'А': 'a', 'а': 'a', 'В': 'b', 'С': 'c', 'с': 'c', 'Е': 'e', 'е': 'e', 'Н': 'h', 'һ': 'h', 'І': 'i', 'і': 'i',
  'Ј': 'j', 'ј': 'j', 'К': 'k', 'М': 'm', 'О': 'o', 'о': 'o', 'Р': 'p', 'р': 'p', 'Ѕ': 's', 'ѕ': 's', 'Т': 't',
  'Х': 'x', 'х': 'x', 'У': 'y', 'у': 'y', 'Ү': 'y', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l', 'Ԁ': 'd',
  // Greek
  'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'i', 'ι': 'i', 'Κ': 'k', 'Μ': 'm', 'Ν': 'n', 'Ο': 'o',
  'ο': 'o', 'Ρ': 'p', 'ρ': 'p', 'Τ': 't', 'Υ': 'y', 'Χ': 'x', 'ν': 'v',
  // Latin letters that read as others
  'ı': 'i', 'ȷ': 'j',
};

/** Format characters (zero-width space, joiners, word joiner, BOM, soft hyphen): invisible in any report. */
const INVISIBLE = /[\p{Cf}]/gu;
const PLAIN = /^[\x20-\x7e]*$/;

/** The text as it reads: NFKC (full-width, ligatures), no invisible characters, look-alikes as Latin, lower case. */
export function skeleton(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFKC').replace(INVISIBLE, '')) out += CONFUSABLE[ch] ?? ch;
  return out.toLowerCase();
}

const isPlain = (v: unknown): boolean => typeof v !== 'string' || PLAIN.test(v);

/** The characters of `s` that are not plain ASCII, named (U+0410), for a reason. */
function oddCharacters(s: string): string {
  const seen = new Set<string>();
  for (const ch of s) if (!PLAIN.test(ch)) seen.add(`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return [...seen].join(', ');
}

/** Operators whose pass says a value is not some name. */
export const NEGATIVE_OPERATORS: ReadonlySet<string> = new Set(['not-equals', 'not-same-dn', 'none-of', 'not-contains', 'contains-none', 'not-matches']);
/** Operators whose fail says a value is not some name. */
export const POSITIVE_OPERATORS: ReadonlySet<string> = new Set(['equals', 'one-of', 'contains', 'contains-any', 'matches']);

const lowerOf = (x: unknown): unknown => (typeof x === 'string' ? x.toLowerCase() : x);

/**
 * Why a negative comparison that passes on `v` cannot be judged: `v` (or an item of it, or the
 * compared value) is a look-alike of a name ruled out. Undefined when the texts are plain or no
 * look-alike is involved (nearly always: plain ASCII values are not examined).
 */
export function lookAlike(op: string, field: string, v: unknown, e: unknown, regexOf: (src: string) => RegExp, missed = false): string | undefined {
  // `missed`: the verdict to examine is a positive operator's fail (a name not matched), not a negative one's pass.
  if (!(missed ? POSITIVE_OPERATORS : NEGATIVE_OPERATORS).has(op)) return undefined;
  // Only a value holding other characters than plain ASCII is examined (a field reference: either side).
  const toField = op === 'not-equals' || op === 'not-same-dn' || op === 'equals';
  // A plain text alone (nearly every call: each item a `where` leaves out) is decided before any array is made.
  if (!Array.isArray(v) && isPlain(v) && (!toField || (Array.isArray(e) ? e.every(isPlain) : isPlain(e)))) return undefined;
  const values = Array.isArray(v) ? v : [v];
  const expected = Array.isArray(e) ? e : [e];
  if (values.every(isPlain) && (!toField || expected.every(isPlain))) return undefined;
  // Distinguished names are the same name whatever their spacing and order (distinguished-name.ts).
  const asName = (t: string): string => (op === 'not-same-dn' ? canonicalDn(t) ?? t : t);
  const hit = (x: unknown): string | undefined => {
    if (typeof x !== 'string') return undefined;
    const sx = asName(skeleton(x));
    if (op === 'not-matches' || op === 'matches') return typeof e === 'string' && !regexOf(e).test(x) && regexOf(e).test(sx) ? `a name matching /${e}/` : undefined;
    for (const y of expected) {
      if (typeof y !== 'string' || lowerOf(y) === lowerOf(x)) continue;
      if (asName(skeleton(y)) === sx) return JSON.stringify(y);
    }
    return undefined;
  };
  for (const x of values) {
    const like = hit(x);
    if (like === undefined) continue;
    const odd = oddCharacters(toField && isPlain(x) ? String(e) : String(x));
    return `${field} = ${JSON.stringify(x)} reads as ${like} but is written with other characters (${odd || 'letters of another script'}): a look-alike of a name the check rules out, so whether it is that name cannot be told from the text`;
  }
  return undefined;
}
