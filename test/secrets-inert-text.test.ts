// The fast path of redaction at load: a string `textRulesCannotTouch` passes skips the text rules.
// That is only sound if the full rules would neither change it nor find a secret in it: held here on
// random strings (fast-check, from the pieces the rules look for) and on every string of the secret
// tests and fixtures (each text whole and each of its runs of word characters).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactText, secretsInText, textRulesCannotTouch } from '../src/snapshot/secrets.js';

const ROOT = new URL('..', import.meta.url).pathname;

/** True when the full text rules leave `s` as it is and find nothing in it. */
const untouched = (s: string): boolean => redactText(s) === s && secretsInText(s).length === 0;

/** Where the fast path and the full rules disagree: strings passed by the test that the rules change. */
const disagreements = (texts: Iterable<string>): string[] => [...texts].filter((s) => textRulesCannotTouch(s) && !untouched(s));

// What the rules look for in text without separators: token forms, base64 key bodies, secret words.
const PIECES = ['AKIA', 'ASIA', 'eyJ', 'ghp_', 'gho_', 'github_pat_', 'glpat-', 'xoxb-', 'xoxp-', 'Bearer', 'basic', 'MIIEvQIBADA', 'MIIEpAIBAAK', 'MHcCAQEE', 'MC4CAQAwBQYDK2Vw',
  'pass', 'Password', 'pw', 'PIN', 'token', 'secret', 'key', 'hash', 'NT', 'LM', 'sig', 'REG_', 'communities', 'TrapConfiguration', '-p', 'p', '_', '-', '.', '0', '9'];
const WORD_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-';
const wordChar = fc.constantFrom(...WORD_CHARS);
const word = (min: number, max: number): fc.Arbitrary<string> => fc.array(wordChar, { minLength: min, maxLength: max }).map((a) => a.join(''));
/** Random base64-alphabet runs of the lengths the rules count (an AWS secret key is 40). */
const run = fc.oneof(word(1, 12), fc.array(fc.constantFrom(...WORD_CHARS.slice(0, 62)), { minLength: 16, maxLength: 40 }).map((a) => a.join('')));
const pieced = fc.array(fc.oneof(fc.constantFrom(...PIECES), run), { minLength: 1, maxLength: 6 }).map((a) => a.join(''));

/** Every string and key of a parsed JSON document. */
function* stringsOf(v: unknown): Generator<string> {
  if (typeof v === 'string') yield v;
  else if (Array.isArray(v)) for (const x of v) yield* stringsOf(x);
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) {
    yield k;
    yield* stringsOf(x);
  }
}

function* filesUnder(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* filesUnder(p);
    else yield p;
  }
}

/** A text, its lines, and its runs of word characters (what a snapshot may hold as one value). */
function* partsOf(text: string): Generator<string> {
  yield text;
  for (const line of text.split(/\r?\n/)) {
    yield line;
    yield line.trim();
  }
  yield* text.split(/[^A-Za-z0-9._-]+/);
}

/** String literals of a test's source ('…', "…", `…` without substitutions). */
function* literalsOf(source: string): Generator<string> {
  for (const m of source.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.)*)`/g)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? '';
    yield raw.replace(/\\(.)/g, '$1');
  }
}

describe('textRulesCannotTouch: the fast path gives what the full rules give', () => {
  it('passes plain words and refuses what a rule may read', () => {
    for (const s of ['enabled', 'passwordRequired', 'Win11-23H2', 'remoteAddresses', '']) expect(textRulesCannotTouch(s), s).toBe(true);
    // A token of its own form, a bare AWS secret key, text with a separator: the full rules decide.
    for (const s of ['AKIAIOSFODNN7EXAMPLE', 'xoxb-1234567890', 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY9a', 'Password=x', 'pw hunter22', 'a\\b']) expect(textRulesCannotTouch(s), s).toBe(false);
  });

  it('on random strings: whatever it passes, the full rules leave unchanged', () => {
    fc.assert(fc.property(fc.oneof(pieced, word(0, 45), fc.string({ maxLength: 40 })), (s) => !textRulesCannotTouch(s) || untouched(s)), { numRuns: 20_000 });
  });

  it('on every string of the secret tests, the samples and the fixtures', () => {
    const texts = new Set<string>();
    for (const f of readdirSync(join(ROOT, 'test')).filter((n) => /secret|mask|redact/.test(n) && n.endsWith('.ts'))) {
      for (const lit of literalsOf(readFileSync(join(ROOT, 'test', f), 'utf8'))) for (const p of partsOf(lit)) texts.add(p);
    }
    for (const dir of ['samples', 'test/fixtures']) {
      for (const f of filesUnder(join(ROOT, dir))) {
        const text = readFileSync(f, 'utf8');
        for (const p of partsOf(text)) texts.add(p);
        if (f.endsWith('.json')) {
          try {
            for (const s of stringsOf(JSON.parse(text))) for (const p of partsOf(s)) texts.add(p);
          } catch {
            // A fixture that is malformed on purpose: its text is read above.
          }
        }
      }
    }
    expect(texts.size).toBeGreaterThan(1000);
    expect(disagreements(texts)).toEqual([]);
  });
});
