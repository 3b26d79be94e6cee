// Shapes sec36 left: a Markdown code span kept a secret that the same text outside one has masked ("`password 51:b:b:X`"),
// a double-backquoted span lost a backquote when its pair was masked, and a quoted variable reference ('password="$PW"')
// was masked though it holds no secret. Each masking case plants a secret and asserts exactly what stays; the property
// wraps masking texts in code spans and asserts the span's text is masked as it is outside one, both delimiters kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';
import { MASKING_SHAPES, maskingCases } from './support/masking-cases.js';

const R = REDACTED;
const PLANTED = /Zq7/;

const { masksTo, staysAsWritten } = maskingCases(PLANTED);

describe('a secret inside a code span', () => {
  it.each([
    ['a label with a qualifier, single backquotes', '`password 51:b:b:Zq7`', `\`password 51:${R}\``],
    ['the same mid-sentence', 'set `password 51:b:b:Zq7` on the console', `set \`password 51:${R}\` on the console`],
    ['double backquotes, both kept', '``Password: Zq7x9k``', `\`\`Password: ${R}\`\``],
    ['double backquotes around a qualified label', 'type ``password 51:b:b:Zq7`` then', `type \`\`password 51:${R}\`\` then`],
    ['three backquotes, all kept', '```Password: Zq7x9k```', `\`\`\`Password: ${R}\`\`\``],
    ['a single span inside a double one', '``x `Password: Zq7x9k` y``', `\`\`x \`Password: ${R}\` y\`\``],
    ['two spans on a line', '`a` and `password 51:b:b:Zq7`', `\`a\` and \`password 51:${R}\``],
    ['a span on the second line', 'first\n`password 51:b:b:Zq7`', `first\n\`password 51:${R}\``],
    ['a name in a span, then "="', '`password`=Zq7x9k1', `\`password\`=${R}`],
    ['a name in a span, then ":"', '`pw`: Zq7x9k1', `\`pw\`: ${R}`],
    ['a name in a double span, then " = "', '``DB_PASSWORD`` = Zq7x9k1', `\`\`DB_PASSWORD\`\` = ${R}`],
  ])('%s', masksTo);

  it.each([
    ['a placeholder in a double span', '``Password: (none)``'],
    ['a placeholder in a span of three backquotes', '```Password: (none)```'],
    ['an unclosed backquote', 'the ` password policy is 14 characters'],
    ['a variable in a span', '`password = $PW`'],
    ['a name in a span, then prose after ":"', 'the `password`: the one the vendor set'],
    ['a name in a span, then a state', '`password`: required'],
  ])('%s stays as written', staysAsWritten);
});

describe('a quoted variable reference', () => {
  it.each([
    ['a shell variable in double quotes', 'password="$PW"'],
    ['a braced variable in single quotes', "password='${DB_PASSWORD}'"],
    ["cmd's variable in double quotes", 'password="%PW%"'],
    ['an environment variable quoted after ":"', 'Password: "$env:DB_PASSWORD"'],
  ])('%s stays as written', staysAsWritten);

  it.each([
    ['literal text before the variable', 'password="Zq7$PW"', `password=${R}`],
    ['literal text after the variable', 'password="$PWZq7x"', `password=${R}`],
    ['quotes that do not match', `password="$PW'Zq7`, `password=${R}`],
    ['a variable not named for a secret', 'password="$Zq7abc"', `password=${R}`],
  ])('%s', masksTo);
});

describe('a code span masks as the same text outside one', () => {
  it('for random secrets behind masking shapes, in single, double or triple backquotes', () => {
    // The shapes of one line with no backquote of their own: a span around them is the span the property means.
    const shapes = MASKING_SHAPES.map((shape) => shape.text).filter((text) => !/[`\n]/.test(text('x')));
    const password = fc.tuple(fc.stringMatching(/^[A-Za-z]{4,8}$/), fc.stringMatching(/^[A-Za-z0-9!*+]{0,6}$/)).map(([a, b]) => `Qz${a}${b}`);
    fc.assert(fc.property(password, fc.constantFrom('`', '``', '```'), fc.integer({ min: 0, max: shapes.length - 1 }), fc.constantFrom(['', ''], ['run ', ' once'], ['1. ', '']), (v, tick, i, [before, after]) => {
      const text = shapes[i]!(v);
      const alone = redactText(text);
      const out = redactText(`${before}${tick}${text}${tick}${after}`);
      expect(alone).not.toContain(v);
      expect(out).toBe(`${before}${tick}${alone}${tick}${after}`);
    }), { numRuns: 400, seed: 37 });
  });
});
