// Free text given on the command line (--assessor, --system-name, --model, --marking, --office,
// --resources) reaches every document: a control, line-break or bidi character, or a megabyte of
// text, is a usage error (exit 2) naming the option, never echoing the value; any other value is
// bounded by PATH_MAX. Each refused before anything is written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, errorLine, ROOT } from './support/cli-scratch.js';
import { MAX_NAME, textProblem } from '../src/cli/text-options.js';

const scratch = cliScratch('ato-texts-');
const snap = join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json');
const now = ['--now', '2026-11-28T00:00:00Z'];

describe('free-text options', () => {
  it('text-options: what is refused, and what a name from any script keeps', () => {
    expect(textProblem('--assessor', 'José Müller-Ørsted (ISSO), 王小明', MAX_NAME)).toBeUndefined();
    expect(textProblem('--assessor', 'Eve\u202Eevil', MAX_NAME)).toMatch(/^--assessor holds U\+202E at character 4 /);
    expect(textProblem('--assessor', 'a\u2066b', MAX_NAME)).toMatch(/U\+2066 at character 2/);
    // Unseen characters: the name a reader sees is not the one written.
    expect(textProblem('--system-name', 'Radiology\u200BFleet', MAX_NAME)).toMatch(/U\+200B at character 10 \(a control, line-break, bidi or invisible character\)/);
    expect(textProblem('--system-name', 'Radio\u00ADlogy', MAX_NAME)).toMatch(/U\+00AD at character 6/);
    expect(textProblem('--assessor', 'Ann\u2060Lee', MAX_NAME)).toMatch(/U\+2060 at character 4/);
    // A Persian name needs its zero-width non-joiner.
    expect(textProblem('--assessor', 'می\u200Cخواهم', MAX_NAME)).toBeUndefined();
    expect(textProblem('--system-name', 'x\ny', MAX_NAME)).toMatch(/U\+000A at character 2/);
    expect(textProblem('--system-name', '   ', MAX_NAME)).toMatch(/must not be empty/);
    expect(textProblem('--system-name', 'A'.repeat(MAX_NAME + 1), MAX_NAME)).toMatch(new RegExp(`is ${MAX_NAME + 1} characters.*at most ${MAX_NAME}`));
  });

  const bad: Array<[string, string[], string, RegExp]> = [
    ['assess --assessor with a right-to-left override', ['assess', snap, '--out', 'out-a', '--no-pdf', ...now, '--assessor', 'Eve\u202Eevil'], 'out-a', /^error: --assessor holds U\+202E at character 4/],
    ['assess --assessor with an escape sequence', ['assess', snap, '--out', 'out-b', '--no-pdf', ...now, '--assessor', 'x\u001b[2Jy'], 'out-b', /^error: --assessor holds U\+001B/],
    ['assess --system-name of 100,000 characters (Linux passes at most 128 KiB an argument)', ['assess', snap, '--out', 'out-c', '--no-pdf', ...now, '--system-name', 'S'.repeat(100_000)], 'out-c', /^error: --system-name is 100000 characters.*at most 256$/],
    ['diff --system-name with a line break', ['diff', snap, snap, '--out', 'out-d', ...now, '--system-name', 'a\r\nb'], 'out-d', /^error: --system-name holds U\+000D/],
    ['component-definition --model with a bell', ['component-definition', '--model', 'Vida\u0007', '--out', 'cd.json', ...now], 'cd.json', /^error: --model holds U\+0007/],
    ['assess --now of 100,000 characters, a value its own message echoes', ['assess', snap, '--out', 'out-e', '--no-pdf', '--now', '2'.repeat(100_000)], 'out-e', /^error: --now is 100000 characters, more than any path or value this tool reads \(4096\)$/],
  ];
  for (const [name, args, out, message] of bad) {
    it(`${name}: exit 2, the option named, nothing written`, () => {
      const r = scratch.cli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(errorLine(r.stderr)).toMatch(message);
      expect(r.stderr.length).toBeLessThan(2000); // the value is never echoed
      expect(r.stderr).not.toMatch(/\u202E|\u001b\[2J|\n\s+at /);
      expect(existsSync(join(scratch.dir(), out))).toBe(false);
    });
  }
});
