// The text rules' pre-tests that only save time (`textFastPaths`: a text with no capital, small letter or digit holds no
// random key, a text with no ":" no LM:NT pair) must mask exactly what the full rules mask. Held here on generated texts
// built from what those rules look for: random base64 runs of a key's lengths (40, 64, 76) and texts lacking one kind of
// character, hex digests and LM:NT pairs, CSV cells and wrapped lines, ISO times, GUIDs, labels and pairs.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { mayHoldRandomKey, redactText, secretsInText, textFastPaths } from '../src/snapshot/secrets.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const BASE64 = `${UPPER}${LOWER}${DIGITS}+/`;
const HEX = `${DIGITS}abcdef`;

const runOf = (alphabet: string, lengths: number[]): fc.Arbitrary<string> =>
  fc.constantFrom(...lengths).chain((n) => fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: n }).map((a) => a.join('')));
const KEY_LENGTHS = [2, 16, 39, 40, 41, 63, 64, 65, 76];
/** Runs the random-key rules read (a key has all three kinds) and runs lacking one kind (a digest, a time's capitals). */
const run = fc.oneof(
  runOf(BASE64, KEY_LENGTHS),
  runOf(`${UPPER}${LOWER}${DIGITS}`, KEY_LENGTHS),
  runOf(`${UPPER}${DIGITS}+/`, KEY_LENGTHS),
  runOf(`${LOWER}${DIGITS}`, KEY_LENGTHS),
  runOf(`${UPPER}${LOWER}`, KEY_LENGTHS),
  runOf(HEX, [32, 40, 64]),
  runOf(HEX.toUpperCase(), [32, 64]),
  // An LM and an NT hash joined as secretsdump writes them, or apart.
  fc.tuple(runOf(HEX, [32]), fc.constantFrom(':', '::', ' '), runOf(HEX, [32])).map((p) => p.join('')),
);
const PIECES = ['==', '=', ':', '::', ':::', ',', ';', '\t', '|', ' ', '  ', '\n', '\r\n', '"', "'", '","', 'Password=', 'password: ', 'secret.key: a symbolic link ',
  'skipped ', 'AWS_SECRET_ACCESS_KEY=', 'NT hash: ', 'svc:1001:', '2026-05-06T14:36:00Z', '{0f8fad5b-d9cb-469f-a165-70867728950e}', '-----BEGIN PRIVATE KEY-----\n', 'sig=', '[REDACTED]'];
const text = fc.array(fc.oneof(run, fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));

/** What the rules make of a text, and the secrets they find in it, with the fast paths on or off. */
function masked(s: string, fast: boolean): { out: string; found: readonly string[] } {
  textFastPaths.on = fast;
  try {
    return { out: redactText(s), found: secretsInText(s) };
  } finally {
    textFastPaths.on = true;
  }
}

describe('the text rules fast paths mask what the full rules mask', () => {
  afterEach(() => {
    textFastPaths.on = true;
  });

  it('alike on generated texts of key runs, digests, hash pairs and separators', () => {
    fc.assert(fc.property(text, (s) => {
      expect(masked(s, true)).toEqual(masked(s, false));
    }), { numRuns: 4_000 });
  });

  it('a random key standing alone, in CSV cells or wrapped, is masked with the fast paths on', () => {
    const key = 'Qm9vR3x7Lp2Zt8Kw4Nd6Yh1Vb5Xc3Fj0Sg9Ar2Ue7Io4Pl6Mn8Bq1Wd5Ek3Ty0Hz';
    for (const s of [key.slice(0, 40), key, `"${key}","${key}"`, `${key}\n${key.slice(0, 20)}==`]) {
      expect(redactText(s)).not.toContain(key.slice(0, 40));
      expect(mayHoldRandomKey(s)).toBe(true);
    }
  });

  it('a lower-case digest, an ISO time and a GUID hold no random key and stay as written', () => {
    for (const s of ['bcacd7b636b068886451f1ea8c018196a334e8702c9a20cab9e02288a256bf50', '2026-05-06T14:36:00Z', '{0F8FAD5B-D9CB-469F-A165-70867728950E}']) {
      expect(mayHoldRandomKey(s)).toBe(false);
      expect(redactText(s)).toBe(s);
    }
  });
});
