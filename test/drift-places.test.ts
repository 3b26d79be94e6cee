// Where the inputs lie is no part of a drift report: the same snapshots copied into two folders
// (a temp folder, a user's home, deeper or not) give byte-identical drift.json and drift.md. A
// device's file is named from the side's folder on, or by its own name (display-path.ts sideFilePath).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../src/drift/run.js';
import type { Drift } from '../src/drift/types.js';
import { DEVICES, ROUND1, ROUND2, samplePath } from './support/drift.js';

const NOW = '2026-12-20T00:00:00Z';
let dir: string;

/** old/ and new/ folders of snapshots, and old.json / new.json (MR-01), under `base`. */
function lay(base: string): string {
  mkdirSync(join(base, 'old'), { recursive: true });
  mkdirSync(join(base, 'new'), { recursive: true });
  for (const dev of DEVICES) {
    copyFileSync(samplePath(dev, ROUND1), join(base, 'old', `${dev}_${ROUND1}.json`));
    copyFileSync(samplePath(dev, ROUND2), join(base, 'new', `${dev}_${ROUND2}.json`));
  }
  copyFileSync(samplePath('MR-01', ROUND1), join(base, 'old.json'));
  copyFileSync(samplePath('MR-01', ROUND2), join(base, 'new.json'));
  return base;
}

async function outputs(old: string, neu: string, out: string): Promise<{ json: string; md: string }> {
  await runDiff({ old, new: neu, out, force: false, now: NOW, toolVersion: '0.0.0-test', config: {}, pdf: false });
  return { json: readFileSync(join(out, 'drift.json'), 'utf8'), md: readFileSync(join(out, 'drift.md'), 'utf8') };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-drift-places-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('drift names no folder above its inputs', () => {
  const bases = () => [lay(join(dir, 'tmp-copy')), lay(join(dir, 'home', 'alice', 'exports', 'november'))];

  it('two folders of snapshots, copied to two places: byte-identical drift.json and drift.md', async () => {
    const [a, b] = bases();
    const x = await outputs(join(a!, 'old'), join(a!, 'new'), join(dir, 'out-a'));
    const y = await outputs(join(b!, 'old'), join(b!, 'new'), join(dir, 'out-b'));
    expect(y.json).toBe(x.json);
    expect(y.md).toBe(x.md);
    const drift = JSON.parse(x.json) as Drift;
    const mr = drift.devices.find((d) => d.deviceId === 'MR-01')!;
    // From the side's folder on: the device and its export are named, nothing above.
    expect(mr.new!.file).toBe(`new/MR-01_${ROUND2}.json`);
  });

  it('two snapshot files, copied to two places: byte-identical, each named by its own name', async () => {
    const [a, b] = [join(dir, 'tmp-copy'), join(dir, 'home', 'alice', 'exports', 'november')];
    const x = await outputs(join(a, 'old.json'), join(a, 'new.json'), join(dir, 'out-c'));
    const y = await outputs(join(b, 'old.json'), join(b, 'new.json'), join(dir, 'out-d'));
    expect(y.json).toBe(x.json);
    expect(y.md).toBe(x.md);
    expect(x.json).not.toMatch(/tmp-copy|alice|november/);
    const drift = JSON.parse(x.json) as Drift;
    expect(drift.devices[0]!.old!.file).toBe('old.json');
  });
});
