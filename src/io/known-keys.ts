// Keys and columns of files people write (attestations, deviations, params, the system
// description, capability and check files). A key the tool does not know is refused, never
// ignored: `objective:` for `objectives:` would otherwise attest the whole control, `expiry:` for
// `expires:` lose the deviation's end. The refusal names the nearest known key when one is close.
// Pure.

/** The longest name a message quotes whole, in characters (a key may be anything a file holds). */
const QUOTED_CHARS = 60;

function quote(name: string): string {
  return JSON.stringify(name.length > QUOTED_CHARS ? `${name.slice(0, QUOTED_CHARS)}…` : name);
}

/** A name without case, blanks, `_` or `-`: `Reviewed_By` and `reviewed-by` are one. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Edit distance (insertions, deletions, substitutions, swaps of two neighbours), stopped above `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The known name `name` is likely a slip for, or undefined: the same name but for case, blanks,
 * `_` or `-`, else the nearest within two edits (one for names of four letters or fewer, where two
 * edits make another word), the first in `known`'s order on a tie.
 */
export function closestKey(name: string, known: readonly string[]): string | undefined {
  const f = fold(name);
  if (f === '') return undefined;
  const same = known.find((k) => fold(k) === f);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const limit = Math.min(f.length, fold(k).length) <= 4 ? 1 : 2;
    const d = distance(f, fold(k), limit);
    if (d <= limit && d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/**
 * The refusal of an unknown key (`what`: "key", "column"): `unknown key "objective": did you mean
 * "objectives"? (known keys: …)`; without a close known key, the known keys alone.
 */
export function unknownKeyMessage(name: string, known: readonly string[], what = 'key'): string {
  const near = closestKey(name, known);
  const hint = near !== undefined ? `: did you mean ${quote(near)}?` : '';
  return `unknown ${what} ${quote(name)}${hint} (known ${what}s: ${known.join(', ')})`;
}

/**
 * Refuses the first key of `obj` not in `known`: `fail(place, message)` with the place
 * `<where>/<key>` (a JSON pointer; the key escaped as RFC 6901 says).
 */
export function refuseUnknownKeys(obj: Readonly<Record<string, unknown>>, known: readonly string[], where: string, fail: (where: string, message: string) => never): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) fail(`${where}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, unknownKeyMessage(k, known));
  }
}
