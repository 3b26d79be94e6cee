// collection.json's "errors" are the collection script's own messages: untrusted text that becomes
// not-collected reasons in every report (the AR, results.csv, the PDF, drift.md). A message holding
// a line break, a pipe, a formula start, a password, a right-to-left override and other control
// characters is masked and shown in one line, the same in each: no report starts a forged line,
// none shows the secret, none hides the override that another shows.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from './support/cli.js';
import { pdfPageTexts } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;
const SECRET = 'Zq9collErrMk7';
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const NOW = ['--now', '2024-03-02T00:00:00Z'];

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'ato-coll-errors-'));
  cpSync(join(root, 'test/fixtures/exports/mr-01'), join(dir, 'old'), { recursive: true });
  cpSync(join(root, 'test/fixtures/exports/mr-01'), join(dir, 'new'), { recursive: true });
  // NEW: bitlocker.txt not written (the script's error says why), local-group-members.csv written in part.
  for (const f of ['bitlocker.txt', 'bitlocker-volumes.csv']) rmSync(join(dir, 'new', f));
  const manifest = JSON.parse(readFileSync(join(dir, 'new', 'collection.json'), 'utf8').replace(/^\uFEFF/, '')) as { files: string[]; errors: unknown[] };
  manifest.files = manifest.files.filter((f) => !f.startsWith('bitlocker'));
  manifest.errors = [
    { file: 'bitlocker.txt', message: `=HYPERLINK("http://x")|PIPE1|\nLINE2 password=${SECRET} \u202eBIDI\u202c \u0007BEL` },
    { file: 'local-group-members.csv', message: '+CMD|PIPE2| @SUM(1)\r\n-LINE3 \u2066ISO\u2069' },
  ];
  writeFileSync(join(dir, 'new', 'collection.json'), JSON.stringify(manifest, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the collection script's error messages in the reports", () => {
  it('reach the AR, results.csv, the PDF and drift.md masked and in one line, the override shown as \\u{202E} in each', async () => {
    const a = runCli(dir, ['assess', 'new', '--out', 'out', ...NOW]);
    expect(a.code, a.stderr).toBe(0);
    const d = runCli(dir, ['diff', 'old', 'new', '--out', 'drift', ...NOW]);
    expect(d.code, d.stderr).toBe(0);
    const texts = {
      ar: readFileSync(join(dir, 'out', 'assessment-results.json'), 'utf8'),
      csv: readFileSync(join(dir, 'out', 'results.csv'), 'utf8'),
      md: readFileSync(join(dir, 'drift', 'drift.md'), 'utf8'),
      pdf: (await pdfPageTexts(join(dir, 'out', 'evidence-package.pdf'))).join('\n'),
    };
    for (const [name, text] of Object.entries(texts)) {
      expect(text.includes(SECRET), name).toBe(false);
      expect(text.includes('PIPE1'), name).toBe(true);
    }
    // The AR's not-collected reasons: each message one line, no control or bidi character in it.
    const reasons = [...texts.ar.matchAll(/"name":"not-collected-reason","ns":"[^"]*","value":("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]!) as string).filter((r) => r.includes('PIPE'));
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(r, r).not.toMatch(UNSAFE);
    expect(reasons.some((r) => r.includes('PIPE1|\\x0ALINE2 password=[REDACTED] \\u{202E}BIDI\\u{202C} \\x07BEL'))).toBe(true);
    // results.csv: one record per line (no line break inside a cell), so no line a reader splitting
    // at line breaks takes for a row starts with the message's "-LINE3" (a formula start).
    for (const line of texts.csv.split('\r\n')) expect(line, line).not.toMatch(/[\r\n]/);
    expect(texts.csv).not.toMatch(/^[=+\-@]/m);
    // The PDF shows the override where the AR names it, not a silently cleaned text.
    expect(texts.pdf).toContain('\\u{202E}BIDI');
    // drift.md: the message is inside its table cell (pipes escaped), no line of its own.
    const mdLines = texts.md.split('\n').filter((l) => l.includes('PIPE'));
    expect(mdLines.length).toBeGreaterThan(0);
    for (const l of mdLines) expect(l).toMatch(/^\|.*PIPE\d\\\|/);
    expect(texts.md).not.toMatch(/^(LINE2|-LINE3)/m);
  }, 120_000);
});
