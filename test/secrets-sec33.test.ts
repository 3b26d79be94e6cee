// Forms sec32 left: a single-quoted dict value run on straight into the next key (no comma), a single-quoted
// 'name': value pair standing without braces, and the reasons ingest writes after a '.key' file's name. Each masking
// case plants a secret and asserts exactly what stays; the property cases plant a random one and assert no part of it
// reaches the output while the neighbouring pair stays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { INGEST_SKIP_REASON, REDACTED, redactText } from '../src/snapshot/secrets.js';

const R = REDACTED;
/** A password-like text: letters and digits, never a setting's word or a run of digits alone. */
const secretPart = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{3,11}$/).map((t) => `Q${t}7`);

describe('a quoted dict value run on straight into the next key, no comma', () => {
  it.each([
    ['run on into a plain key', "{'password': 'Zq31'a'x': '1'}", `{'password': '${R}''x': '1'}`],
    // Double quotes are JSON's rule first (as sec32's '"Value":"Zq31"a"x":"1"'): the key's quote goes with the value.
    ['double-quoted keys', '{"password": "Zq31"a"x": "1"}', `{"password": "${R}"x": "1"}`],
    ['a plain value run on into the secret key', "{'user': 'bob'a'password': 'Zq7x'}", `{'user': 'bob'a'password': '${R}'}`],
    ['more members after', "{'password': 'Zq31'a'x': '1', 'y': 'bob'}", `{'password': '${R}''x': '1', 'y': 'bob'}`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it('a random secret run on into the next key never reaches the output; the next pair stays', () => {
    fc.assert(fc.property(secretPart, secretPart, (a, b) => {
      const out = redactText(`{'password': '${a}'${b}'user': 'bob'}`);
      expect(out).not.toContain(a);
      expect(out).not.toContain(b);
      expect(out).toContain("'user': 'bob'");
    }), { numRuns: 200, seed: 33 });
  });
});

describe("a single-quoted 'name': value pair without braces", () => {
  it.each([
    ['alone', "'password': 'Zq7x'", `'password': '${R}'`],
    ['before a plain pair', "'password': 'Zq7x', 'user': 'bob'", `'password': '${R}', 'user': 'bob'`],
    ['after a plain pair, in a line', "opts 'user': 'bob', 'password': 'Zq7x' set", `opts 'user': 'bob', 'password': '${R}' set`],
    ['no blank', "'password':'Zq7x'", `'password':'${R}'`],
    ['a double-quoted value', `'password': "Zq7x"`, `'password': "${R}"`],
    ['a bare value', "'password': Zq7x", `'password': ${R}`],
    ['run on into the next key', "'password': 'Zq31'a'x': '1'", `'password': '${R}''x': '1'`],
  ])('%s', (_, text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it.each([
    ['an empty value', "'password': ''"],
    ['a switch', "'password': True"],
    ['a dash alone', "'password': '-'"],
    ['a number under a setting name', "'password_length': 12"],
    ['a quoted word in prose, no pair', "the 'password' field: 'required'"],
  ])('%s stays as written', (_, text) => {
    expect(redactText(text)).toBe(text);
  });

  it('a random secret in the pair never reaches the output; the neighbouring pair stays', () => {
    fc.assert(fc.property(secretPart, fc.constantFrom("'", '"'), (a, q) => {
      const out = redactText(`'user': 'bob', 'password': ${q}${a}${q}, 'port': '104'`);
      expect(out).not.toContain(a);
      expect(out).toContain("'user': 'bob'");
      expect(out).toContain("'port': '104'");
    }), { numRuns: 200, seed: 33 });
  });
});

describe("a '.key' file's name before the reason ingest writes when it skips the file", () => {
  it.each([
    ['broken symbolic link', 'skipped secret.key: broken symbolic link'],
    ['a symbolic link that loops', 'skipped secret.key: a symbolic link that loops'],
    ['a subfolder', 'skipped secret.key: subfolder (one folder per device; subfolders are not read)'],
    ['an empty file', 'skipped secret.key: empty file'],
    ['a hidden file', 'skipped .secret.key: hidden file'],
    ['a binary file', 'skipped password.key: binary file of no known export format'],
  ])('%s keeps its reason', (_, text) => {
    expect(redactText(text)).toBe(text);
  });

  it("a setting named '.key' keeps its value masked, whatever word it is", () => {
    expect(redactText('app.secret.key: broken')).toBe(`app.secret.key: ${R}`);
    expect(redactText('app.secret.key: Zq7x')).toBe(`app.secret.key: ${R}`);
    expect(redactText('secret.key: Zq7x symbolic link')).toBe(`secret.key: ${R}`);
  });

  it('each reason ingest writes after a skipped file is one INGEST_SKIP_REASON reads', () => {
    // The reasons as ingest's source writes them: a quoted literal, or a template's text before its first ${…}.
    const sources = ['src/ingest/index.ts', 'src/ingest/parsers/index.ts'].map((f) => readFileSync(new URL(`../${f}`, import.meta.url), 'utf8'));
    const reasons = sources.flatMap((t) => [...t.matchAll(/(?:reason|skip): (?:'((?:[^'\\]|\\.)*)'|`([^`$]*))/g)].map((m) => (m[1] ?? m[2]!).replace(/\\'/g, "'")));
    const literal = reasons.filter((r) => r !== '' && !r.startsWith('odd'));
    expect(literal.length).toBeGreaterThanOrEqual(7);
    for (const r of literal) expect(INGEST_SKIP_REASON.test(r), r).toBe(true);
  });
});
