// `diff` of sealed packages reads poam.json (both sides) and ssp.json (NEW) after verifying the
// package: what it reads must be the bytes that were verified. The package is changed right
// after verification (the hook below), as a writer racing the diff would.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runDiff } from '../src/drift/run.js';
import { DEVICES, ROUND1, ROUND2, samplePath } from './support/drift.js';
import { userErrorOfAsync } from './support/user-error.js';

/** Called with the package folder each time one has been verified. */
let afterVerify: ((dir: string) => void) | undefined;
vi.mock('../src/seal/seal.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/seal/seal.js')>();
  return {
    ...real,
    openIntactPackage: (...args: Parameters<typeof real.openIntactPackage>) => {
      const r = real.openIntactPackage(...args);
      afterVerify?.(args[0]);
      return r;
    },
  };
});

let dir: string;
let p1: string;
let p2: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-diff-sealed-'));
  for (const [name, day, now] of [['p1', ROUND1, '2026-10-06T00:00:00Z'], ['p2', ROUND2, '2026-11-03T00:00:00Z']] as const) {
    const src = join(dir, `${name}-src`);
    mkdirSync(src);
    for (const dev of DEVICES) writeFileSync(join(src, `${dev}.json`), readFileSync(samplePath(dev, day)));
    await runAssess({ inputs: [src], out: join(dir, name), force: false, baseline: 'moderate', now, toolVersion: '0.0.0-test', pdf: false });
  }
  p1 = join(dir, 'p1');
  p2 = join(dir, 'p2');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diff reads of a sealed package are the verified bytes', () => {
  const diff = (out: string) => runDiff({ old: p1, new: p2, out: join(dir, out), force: false, now: '2026-11-28T00:00:00Z', toolVersion: 't', config: {}, pdf: true });

  it.each([
    ['poam.json', 'p1'],
    ['poam.json', 'p2'],
    ['ssp.json', 'p2'],
  ])('%s of %s changed after verification is refused, naming it', async (file, side) => {
    const target = join(dir, side, file);
    const original = readFileSync(target);
    // A field edited, still valid JSON of the same shape: only the hash shows it.
    afterVerify = (pkg) => {
      if (pkg === join(dir, side)) writeFileSync(target, original.toString('utf8').replace(/"title": "/, '"title": "Edited '));
    };
    try {
      const out = `o-${side}-${file}`;
      const e = await userErrorOfAsync(() => diff(out));
      expect(e.file).toBe(target);
      expect(e.message).toMatch(/changed after the package was verified \(SHA-256 [0-9a-f]{64}, sealed [0-9a-f]{64}\); nothing is compared/);
      expect(existsSync(join(dir, out))).toBe(false);
    } finally {
      afterVerify = undefined;
      writeFileSync(target, original);
    }
  });

  it('unchanged, the same packages are compared', async () => {
    const r = await diff('o-ok');
    expect(r.packages.map((p) => [p.side, p.signature])).toEqual([['OLD', 'unsigned'], ['NEW', 'unsigned']]);
  });
});
