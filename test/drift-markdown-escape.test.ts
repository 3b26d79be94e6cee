// drift.md escapes every text that comes from a snapshot (device id, hostname, rule names, values,
// reasons) for Markdown: no value opens emphasis, a link or HTML, and none breaks a table row or a
// list line. Through diff and through monitor, which write drift.md with the same code.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../src/drift/run.js';
import { runMonitor } from '../src/monitor/run.js';
import { ROUND1, ROUND2, samplePath } from './support/drift.js';

/** As hostile as a device id may be (letters, digits, ".", "_", "-"): "__b__" after "." would be bold, "_y_" emphasis. */
const ID = 'CT.__b__.x_y_';
/** A hostname and a firewall rule name: anything a console's export may hold. */
const TEXT = 'RDP | *b* `c` [x](javascript:alert(1)) <img src=x> #h\nline2 _u_';
const NOW = '2026-12-20T00:00:00Z';
let dir: string;

function snapshotFile(day: string, into: string, hostile: boolean): void {
  const s = JSON.parse(readFileSync(samplePath('MR-01', day), 'utf8'));
  s.device.id = ID;
  if (hostile) {
    s.device.hostname = TEXT;
    s.firewall.rules[0].name = TEXT;
  }
  mkdirSync(into, { recursive: true });
  writeFileSync(join(into, `${ID}_${day}.json`), JSON.stringify(s));
}

/** What a Markdown reader would take for markup, outside backslash escapes. */
function unescaped(line: string, re: RegExp): boolean {
  return re.test(line.replace(/\\./g, ''));
}

function expectInert(md: string): void {
  const lines = md.split('\n');
  // The id is never shown raw (it would render bold and emphasised), always escaped.
  expect(md).not.toContain(ID);
  expect(md).toContain('CT.\\_\\_b\\_\\_.x\\_y\\_');
  for (const line of lines) {
    expect(unescaped(line, /\]\(javascript:/), line).toBe(false);
    expect(unescaped(line, /<img/), line).toBe(false);
    expect(unescaped(line, /\*b\*|`c`|__b__|_y_/), line).toBe(false);
    // A newline inside a value never starts a line of its own.
    expect(line.startsWith('line2')).toBe(false);
  }
  // Every row of a table has its header's cells: no value adds a cell.
  let cells = 0;
  for (const line of lines) {
    if (!line.startsWith('|')) {
      cells = 0;
      continue;
    }
    const n = line.replace(/\\./g, '').split('|').length;
    if (cells === 0) cells = n;
    expect(n, line).toBe(cells);
  }
  expect(md).toContain('\\[x\\](javascript:alert(1))');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-drift-md-'));
  snapshotFile(ROUND1, join(dir, 'old'), false);
  snapshotFile(ROUND2, join(dir, 'new'), true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('drift.md with a hostile device id and hostile values', () => {
  it('diff: every snapshot text is escaped; no table row is broken', async () => {
    const out = join(dir, 'diff-out');
    await runDiff({ old: join(dir, 'old'), new: join(dir, 'new'), out, force: false, now: NOW, toolVersion: '0.0.0-test', config: {}, pdf: false });
    const md = readFileSync(join(out, 'drift.md'), 'utf8');
    // The device is listed (its section, its due rows, the pairs responsible).
    expect(md).toContain('### CT.\\_\\_b\\_\\_.x\\_y\\_');
    expectInert(md);
  });

  it('monitor: the same', async () => {
    const store = join(dir, 'store');
    const run = (input: string, out: string, now: string) =>
      runMonitor({ store, inputs: [input], out, force: false, now, wallClock: now, toolVersion: 'test', baseline: 'moderate', pdf: false, program: 'test' });
    await run(join(dir, 'old'), join(dir, 'm1'), '2026-10-06T00:00:00Z');
    await run(join(dir, 'new'), join(dir, 'm2'), NOW);
    const md = readFileSync(join(dir, 'm2', 'drift.md'), 'utf8');
    expect(md).toContain('### CT.\\_\\_b\\_\\_.x\\_y\\_');
    expectInert(md);
  });
});
