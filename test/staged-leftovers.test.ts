// A run killed before its end (kill -9, a power cut) leaves its staged output (`.pkg.tmp-PID`),
// or, killed between commit()'s two renames, the output it was replacing (`.pkg.old-PID`). Hidden,
// and looked for by no one, they piled up beside --out run after run (a package per kill). Once an
// output of that name is complete, those of processes that no longer run are removed and said.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stageOutputDir } from '../src/io/package-dir.js';

// Above Linux's largest pid_max (2^22): never a running process, so no timing is involved.
const DEAD = 4_194_305;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-staged-leftovers-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function leftover(name: string): void {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'assessment-results.json'), '{"partial": ');
}

describe('what interrupted runs left beside --out', () => {
  it('is removed and said once the new output is in place; a live process\'s and another output\'s are kept', () => {
    leftover(`.pkg.tmp-${DEAD}`);
    leftover(`.pkg.old-${DEAD + 1}`);
    leftover(`.pkg.tmp-${process.ppid}`); // a run still writing
    leftover(`.other.tmp-${DEAD}`); // another output's: its own next run removes it
    leftover(`.pkg.tmp-${DEAD}x`); // not a name a run writes
    const notes: string[] = [];
    const staged = stageOutputDir(join(dir, 'pkg'), false, (m) => notes.push(m));
    writeFileSync(join(staged.path, 'manifest.json'), '{}');
    expect(readdirSync(dir)).toContain(`.pkg.tmp-${DEAD}`); // nothing removed before the output is complete
    staged.commit();
    expect(readdirSync(dir).sort()).toEqual([`.other.tmp-${DEAD}`, `.pkg.tmp-${DEAD}x`, `.pkg.tmp-${process.ppid}`, 'pkg'].sort());
    expect(notes).toHaveLength(2);
    expect(notes.join('\n')).toContain(`.pkg.old-${DEAD + 1}: the output being replaced of a run that was interrupted (pid ${DEAD + 1}, which no longer runs)`);
    expect(notes.join('\n')).toContain(`.pkg.tmp-${DEAD}: the unfinished output of a run that was interrupted`);
  });

  it('is left as it was when the run fails (discard)', () => {
    leftover(`.pkg.tmp-${DEAD}`);
    const notes: string[] = [];
    stageOutputDir(join(dir, 'pkg'), false, (m) => notes.push(m)).discard();
    expect(readdirSync(dir)).toEqual([`.pkg.tmp-${DEAD}`]);
    expect(notes).toEqual([]);
  });
});
