// `monitor` reads each device's previous snapshot back from the store. A snapshot this build's rules
// already masked (filed by a run of this same program, as that filing made it) is not masked again;
// one a build with other rules filed is, as that build may have let a secret through
// (src/monitor/run.ts AlreadyMasked, src/monitor/device.ts compareStored).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// "Another build" is simulated by rules that mask nothing; every masking pass is counted.
const rules = vi.hoisted(() => ({ maskNothing: false, passes: 0 }));
vi.mock('../src/snapshot/secrets.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/snapshot/secrets.js')>();
  return {
    ...real,
    redactSnapshot: (s: Parameters<typeof real.redactSnapshot>[0]) => {
      rules.passes++;
      return rules.maskNothing ? s : real.redactSnapshot(s);
    },
  };
});
const { regenerateRun, runMonitor } = await import('../src/monitor/run.js');
const { programDigest } = await import('../src/assess/rules-digest.js');
type MonitorOptions = import('../src/monitor/run.js').MonitorOptions;

const root = new URL('..', import.meta.url).pathname;
const SECRET = 'Zq9oldBindMk7Pw4r';

let dir: string;
let oct: string;
const NOV = ['MR-01', 'MR-02'].map((d) => join(root, 'samples', d, `${d}_2026-11-02.json`));
const base = (over: Partial<MonitorOptions>): MonitorOptions => ({
  store: '', inputs: [], out: '', force: false, now: '2026-11-03T00:00:00Z', wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate', pdf: false, ...over,
});
const filesUnder = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)]));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-masked-once-'));
  // MR-01 in October with a password in its software version, which has changed by November: the
  // drift quotes the October value.
  const s = JSON.parse(readFileSync(join(root, 'samples', 'MR-01', 'MR-01_2026-10-05.json'), 'utf8'));
  s.device.softwareVersion = `${s.device.softwareVersion} service password=${SECRET}`;
  oct = join(dir, 'MR-01_2026-10-05.json');
  writeFileSync(oct, JSON.stringify(s, null, 2) + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first run, by `program` (masking nothing when `maskNothing`), then the second by "current": its masking passes. */
async function twoRuns(name: string, first: { program: string; maskNothing: boolean }, second = 'current'): Promise<{ out: string; passes: number }> {
  const store = join(dir, name);
  rules.maskNothing = first.maskNothing;
  try {
    await runMonitor(base({ store, inputs: [oct, NOV[1]!.replace('11-02', '10-05')], out: `${store}-r1`, now: '2026-10-06T00:00:00Z', program: first.program }));
  } finally {
    rules.maskNothing = false;
  }
  rules.passes = 0;
  const out = `${store}-r2`;
  await runMonitor(base({ store, inputs: NOV, out, program: second }));
  return { out, passes: rules.passes };
}

describe('monitor masks a stored snapshot again unless this build masked it', () => {
  it('a store filed by a build with other rules: the previous side is masked again, its secret reaches no report', async () => {
    const { out, passes } = await twoRuns('other', { program: 'older', maskNothing: true });
    // Premise: the older build's filing kept the secret in the store.
    expect(filesUnder(join(dir, 'other', 'objects')).some((f) => readFileSync(f).includes(SECRET))).toBe(true);
    expect(filesUnder(out).filter((f) => readFileSync(f).includes(SECRET))).toEqual([]);
    // The setting is still reported, its secret masked.
    const drift = JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as { devices: Array<{ deviceId: string; settings: Array<{ path: string; old?: unknown }> }> };
    const version = drift.devices.find((d) => d.deviceId === 'MR-01')!.settings.find((x) => x.path === 'device.softwareVersion');
    expect(version?.old).toContain('[REDACTED]');
    // Each of this run's two inputs, then each of the previous run's two snapshots.
    expect(passes).toBe(4);
  });

  it('a store filed by this same build: the previous side is read as stored, masked once when filed', async () => {
    const { out, passes } = await twoRuns('same', { program: 'current', maskNothing: false });
    expect(filesUnder(join(dir, 'same', 'objects')).some((f) => readFileSync(f).includes(SECRET))).toBe(false);
    // Only this run's two inputs, through the snapshot boundary.
    expect(passes).toBe(2);
    expect(filesUnder(out).filter((f) => readFileSync(f).includes(SECRET))).toEqual([]);
  });
});

// --regenerate reads both sides back from the store: it masks them again on the same terms.
describe('monitor --regenerate masks a stored snapshot again unless this build masked it', () => {
  const regenerate = async (store: string, out: string): Promise<{ passes: number; differs: string[] }> => {
    const run = (JSON.parse(readFileSync(join(`${store}-r2`, 'drift.json'), 'utf8')) as { new: { label: string } }).new.label.replace(/^run /, '');
    rules.passes = 0;
    const r = await regenerateRun(store, run, out, false);
    return { passes: rules.passes, differs: r.differs };
  };

  it('runs filed by this build: neither side is masked again, and the report is byte-identical', async () => {
    const store = join(dir, 'regen-same');
    await twoRuns('regen-same', { program: programDigest(), maskNothing: false }, programDigest());
    const out = `${store}-again`;
    expect(await regenerate(store, out)).toEqual({ passes: 0, differs: [] });
    expect(filesUnder(out).filter((f) => readFileSync(f).includes(SECRET))).toEqual([]);
  });

  it('runs filed by a build with other rules: both sides are masked again, the secret reaches no report', async () => {
    const store = join(dir, 'regen-other');
    await twoRuns('regen-other', { program: 'older', maskNothing: true });
    const out = `${store}-again`;
    // The two snapshots of each run.
    expect((await regenerate(store, out)).passes).toBe(4);
    expect(filesUnder(out).filter((f) => readFileSync(f).includes(SECRET))).toEqual([]);
  });
});
