// Go's or Pascal's ":=" masked with its "=" (it wrote "password :[REDACTED]"), and shapes masked that hold no secret: a
// variable as the value ("'password' = $null", "= $pw"), a placeholder in a Markdown code span, a reason ingest gives for
// skipping a file. Each masking case plants a secret and asserts exactly what stays.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INGEST_SKIP_REASON, REDACTED, redactText } from '../src/snapshot/secrets.js';

const R = REDACTED;
const PLANTED = /Zq7x|Winterpass|Old1x/;

/** A case whose planted secret is masked: the output is exactly `want`, and no planted secret is left in it. */
function masksTo(_: string, text: string, want: string): void {
  const out = redactText(text);
  expect(out).toBe(want);
  expect(out).not.toMatch(PLANTED);
}
/** A case with nothing to mask: the text comes out as written. */
function staysAsWritten(_: string, text: string): void {
  expect(redactText(text)).toBe(text);
}

describe("Go's and Pascal's :=", () => {
  it.each([
    ["Go's :=", 'password := "Zq7x9k"', `password := ${R}`],
    ["Pascal's :=", "Password := 'Zq7x9k';", `Password := ${R};`],
  ])('%s', masksTo);
});

describe('no secret: a variable, a placeholder in a code span', () => {
  it.each([
    ["PowerShell's $null", "'password' = $null"],
    ['a variable named for the secret', 'password = $pw'],
    ['a variable of the same name', '$cfg.password = $password'],
    ['after ":"', 'Password: $pw'],
    ['an environment variable', 'Password: $env:DB_PASSWORD'],
    ['a braced variable', 'password = ${DB_PASSWORD}'],
    ['a member', '$h["Password"] = $cred.Password'],
    ['a placeholder in a code span', '`Password: (none)`'],
    ['a placeholder in a code span mid-line', 'write `Password: (none)` when none is set'],
    ['a variable in a code span', "write `'password' = $null` when none is set"],
    ['the placeholder outside one', 'Password: (none)'],
  ])('%s stays as written', staysAsWritten);

  it.each([
    ['a value of a password\'s form after "$"', 'password = $Winter2026', `password = ${R}`],
    ['a variable not named for a secret', "'password' = $Winterpass", `'password' = ${R}`],
    ['a code span\'s password, its close kept', 'set `Password: Zq7x9k` first', `set \`Password: ${R}\` first`],
  ])('%s is masked', masksTo);
});

/** The reasons src/ingest writes for a skipped file: every literal after "reason:", "skip:", "skipReason:" or in a "…Reason" function. */
function ingestReasons(): string[] {
  const files = (function walk(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  })(new URL('../src/ingest', import.meta.url).pathname);
  const out: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const at = /(?:\b(?:skipReason|reason|skip)\s*:|Reason\s*=\s*\([^)]*\)\s*(?::\s*string\s*)?=>)\s*(?:'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*?)(?:`|\$\{(?!\s*[\w.]+\s*\})))/g;
    for (const m of text.matchAll(at)) {
      // A template's placeholders read as a plain word (a manifest's name); its text is cut at the first nested expression.
      const r = (m[1] ?? m[2]!).replace(/\\'/g, "'").replace(/\$\{[\w.() ]+\}/g, 'collection.json');
      if (r.trim() !== '' && !r.startsWith('odd')) out.push(r);
    }
  }
  return out;
}

describe('every reason ingest gives for a skipped file', () => {
  const reasons = ingestReasons();
  it('is found in the sources (the net accounts parser\'s and the manifest\'s among them)', () => {
    expect(reasons.length).toBeGreaterThanOrEqual(10);
    expect(reasons.some((r) => r.startsWith('"net accounts /domain"'))).toBe(true);
    expect(reasons.some((r) => r.includes('says this collection did not write it'))).toBe(true);
  });
  it.each(reasons.map((r) => [r]))('%s: read as a reason, kept whole after a ".key" file\'s name', (reason) => {
    expect(INGEST_SKIP_REASON.test(reason)).toBe(true);
    const line = `skipped secret.key: ${reason}`;
    expect(redactText(line)).toBe(line);
  });
});

describe('linear time on each new shape', () => {
  // A shape repeated, and a fragment that opens it and never closes: doubling the text must not near-quadruple the time.
  const units = ['password :', "'password' = $", '`Password: '];
  it.each(units.map((u) => [u]))('%s', (unit) => {
    const time = (n: number): number => {
      const text = unit.repeat(n);
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const t0 = performance.now();
        redactText(text);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time(2_000);
    // Four times the text: linear is ~4x, quadratic ~16x; 10x leaves room for a loaded machine, and a pause of the machine's
    // (a collection, another process) is measured again: a quadratic rule fails each time.
    let ratio = Infinity;
    for (let tries = 0; tries < 3 && ratio >= 10; tries++) ratio = time(40_000) / Math.max(time(10_000), 1);
    expect(ratio).toBeLessThan(10);
  });
});
