// `diff --jobs N`: the device pairs compared by worker threads give the same report, byte for
// byte, as one thread (drift.json, drift.md, monitoring-report.pdf): on a synthetic fleet with real
// changes and every irregular case the pairing has (names that pair different devices, a device
// twice on either side, devices on one side only), on the samples (folders of snapshots and
// assessment folders), and the same first error, exit code and no output for a bad snapshot.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { syntheticNextMonth, syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import { diffCommand } from '../src/cli/diff.js';
import { runDiff, type DiffOptions } from '../src/drift/run.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { DEVICES, ROOT, ROUND1, ROUND2, samplePath } from './support/drift.js';

const NOW = '2027-06-01T00:00:00Z';
const dir = mkdtempSync(join(tmpdir(), 'ato-diff-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (path: string, s: Snapshot | string) => writeFileSync(path, typeof s === 'string' ? s : JSON.stringify(s, null, 2) + '\n');
/** The snapshot as collected `hours` later (a later collection of the same device). */
function later(s: Snapshot, hours: number): Snapshot {
  return { ...s, collectedAt: new Date(Date.parse(s.collectedAt) + hours * 3_600_000).toISOString().replace('.000Z', 'Z') };
}

/** A setting change of the device's own: its local lockout threshold moved between 0 (never) and 3. */
function flipLockout(s: Snapshot): void {
  const local = s.access!.lockoutPolicy!.local!;
  local.threshold = local.threshold === 0 ? 3 : 0;
}
const lockoutChanged = (d: { settings: Array<{ path: string }> } | undefined) => d?.settings.some((x) => x.path.includes('lockoutPolicy.local.threshold')) ?? false;

/** Every file of an output folder, by name. */
function files(out: string): Map<string, Buffer> {
  return new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
}

function expectSame(a: string, b: string): void {
  const fa = files(a);
  const fb = files(b);
  expect([...fb.keys()].sort()).toEqual([...fa.keys()].sort());
  for (const [name, bytes] of fa) expect(fb.get(name)!.equals(bytes), `${name} of ${b} differs from ${a}`).toBe(true);
}

describe('diff --jobs on a synthetic fleet', () => {
  const oldDir = join(dir, 'fleet-old');
  const newDir = join(dir, 'fleet-new');
  const COUNT = 80;
  const ids: string[] = [];
  beforeAll(() => {
    // Half the fleet one folder down (a site): its files are shown relative to the side's folder.
    for (const d of [oldDir, newDir]) mkdirSync(join(d, 'site-a'), { recursive: true });
    for (let i = 0; i < COUNT; i++) {
      const name = `${i < COUNT / 2 ? 'site-a/' : ''}${String(i).padStart(6, '0')}.json`;
      const s = syntheticSnapshot(i);
      ids[i] = s.device.id;
      write(join(oldDir, name), s);
      // A month later, with real changes (firewall rules, local administrators, public profile off).
      if (i !== 70) write(join(newDir, name), syntheticNextMonth(structuredClone(s), i, { publicProfileOff: true })); // 70: only in OLD
    }
    // Only in NEW.
    write(join(newDir, '000090.json'), syntheticNextMonth(syntheticSnapshot(90), 90));
    // Names that pair different devices: OLD swap-a holds 81 and swap-b 82; NEW the other way round.
    write(join(oldDir, 'swap-a.json'), syntheticSnapshot(81));
    write(join(oldDir, 'swap-b.json'), syntheticSnapshot(82));
    write(join(newDir, 'swap-a.json'), syntheticNextMonth(syntheticSnapshot(82), 82, { publicProfileOff: true }));
    write(join(newDir, 'swap-b.json'), syntheticNextMonth(syntheticSnapshot(81), 81, { publicProfileOff: true }));
    // Device 10 twice in NEW: a later copy, unpaired, supersedes the paired one (with a change of its own).
    const again = later(syntheticNextMonth(syntheticSnapshot(10), 10), 1);
    flipLockout(again);
    write(join(newDir, 'site-a/000010-again.json'), again);
    // Device 20 twice in OLD: a later copy, unpaired, read first; the pair's comparison is redone against it.
    const oldAgain = later(syntheticSnapshot(20), 2);
    flipLockout(oldAgain);
    write(join(oldDir, '000020-again.json'), oldAgain);
  });

  it('gives byte-identical drift.json, drift.md and PDF with 1, 2 and 3 threads', async () => {
    const threads: Record<number, number> = {};
    const base: Omit<DiffOptions, 'out'> = { old: oldDir, new: newDir, force: false, now: NOW, toolVersion: 'test', config: {} };
    for (const jobs of [1, 2, 3]) {
      const r = await runDiff({ ...base, out: join(dir, `fleet-${jobs}`), jobs, pdf: jobs !== 3 });
      threads[jobs] = r.threads;
      if (jobs === 1) {
        // The fleet holds what the test is about: every irregular case, and real changes.
        const s = r.drift.summary.devices;
        expect(s.removed).toBe(1); // 70
        expect(s.added).toBe(1); // 90
        expect(s.changed).toBeGreaterThan(10);
        const byId = new Map(r.drift.devices.map((d) => [d.deviceId, d]));
        expect(byId.get(ids[70]!)?.presence).toBe('removed');
        expect(byId.get(syntheticSnapshot(90).device.id)?.presence).toBe('added');
        for (const i of [81, 82]) expect(byId.get(syntheticSnapshot(i).device.id)?.presence, `device ${i}, paired by id`).toBe('both');
        expect(byId.get(ids[10]!)?.new?.file).toMatch(/000010-again\.json$/);
        expect(lockoutChanged(byId.get(ids[10]!))).toBe(true);
        expect(byId.get(ids[20]!)?.old?.file).toBe('fleet-old/000020-again.json');
        expect(byId.get(ids[3]!)?.new?.file).toBe('fleet-new/site-a/000003.json');
        expect(lockoutChanged(byId.get(ids[20]!))).toBe(true);
      }
    }
    // The pairs were compared by that many worker threads (one thread: this one).
    expect(threads).toEqual({ 1: 1, 2: 2, 3: 3 });
    expectSame(join(dir, 'fleet-1'), join(dir, 'fleet-2'));
    const withoutPdf = (out: string) => [...files(out).keys()].filter((f) => f.endsWith('.pdf')).length;
    expect(withoutPdf(join(dir, 'fleet-1'))).toBe(1);
    for (const f of ['drift.json', 'drift.md']) expect(readFileSync(join(dir, 'fleet-3', f)).equals(readFileSync(join(dir, 'fleet-1', f))), f).toBe(true);
  }, 300_000);
});

describe('diff --jobs on the samples', () => {
  const round = (name: string, day: string) => {
    const d = join(dir, name);
    mkdirSync(d);
    for (const dev of DEVICES) writeFileSync(join(d, `${dev}.json`), readFileSync(samplePath(dev, day)));
    return d;
  };
  const options = {
    force: false, now: '2026-11-28T00:00:00Z', toolVersion: 'test', config: { deviations: join(ROOT, 'samples/deviations.csv') },
    attestations: join(ROOT, 'samples/attestations.yaml'), system: join(ROOT, 'samples/system.yaml'),
  };

  it('two rounds of snapshots: the same report, PDF included, with 2 threads as with 1', async () => {
    const r1 = round('r1', ROUND1);
    const r2 = round('r2', ROUND2);
    const one = await runDiff({ ...options, old: r1, new: r2, out: join(dir, 'samples-1'), jobs: 1 });
    const two = await runDiff({ ...options, old: r1, new: r2, out: join(dir, 'samples-2'), jobs: 2 });
    expect(two.threads).toBe(2);
    expect(one.drift.summary.controls.regressed + one.drift.summary.controls.remediated).toBeGreaterThan(0);
    expectSame(join(dir, 'samples-1'), join(dir, 'samples-2'));
  }, 300_000);

  it('two assessment folders (evidence checked against the recorded SHA-256 in the workers): the same report', async () => {
    const pkgs = [ROUND1, ROUND2].map((day, i) => join(dir, `pkg-${i}`));
    for (const [i, day] of [ROUND1, ROUND2].entries()) {
      await runAssess({ inputs: DEVICES.map((d) => samplePath(d, day)), out: pkgs[i]!, force: false, baseline: 'moderate', now: `${day}T23:00:00Z`, toolVersion: 'test', pdf: false, jobs: 1 });
    }
    const one = await runDiff({ ...options, old: pkgs[0]!, new: pkgs[1]!, out: join(dir, 'pkgs-1'), jobs: 1 });
    const two = await runDiff({ ...options, old: pkgs[0]!, new: pkgs[1]!, out: join(dir, 'pkgs-2'), jobs: 2 });
    expect(two.threads).toBe(2);
    expect(one.drift.old.kind).toBe('assessment');
    expectSame(join(dir, 'pkgs-1'), join(dir, 'pkgs-2'));
    // An evidence file changed after the assessment: the same refusal on threads as on one. The
    // manifest is removed first: a sealed package would be refused by its verification before any
    // worker reads the evidence (test/diff-cli.test.ts), and this checks the workers' own check.
    rmSync(join(pkgs[1]!, 'manifest.json'));
    const evidence = join(pkgs[1]!, 'evidence', readdirSync(join(pkgs[1]!, 'evidence')).find((f) => f.endsWith('.json'))!);
    writeFileSync(evidence, readFileSync(evidence, 'utf8').replace(/\n$/, '\n\n'));
    const errors = [];
    for (const jobs of [1, 2]) errors.push(await runDiff({ ...options, old: pkgs[0]!, new: pkgs[1]!, out: join(dir, `pkgs-bad-${jobs}`), jobs }).then(() => 'no error', (e: Error) => e.message));
    expect(errors[0]).toMatch(/the evidence was changed after the assessment/);
    expect(errors[1]).toBe(errors[0]);
  }, 300_000);
});

describe('diff --jobs: a bad snapshot', () => {
  /** A fleet of 12 pairs with the given files replaced. */
  function fleet(name: string, bad: { old?: Record<number, string>; new?: Record<number, string>; heavyFirst?: boolean; oldOnly?: string }): { old: string; new: string } {
    const sides = { old: join(dir, `${name}-old`), new: join(dir, `${name}-new`) };
    mkdirSync(sides.old);
    mkdirSync(sides.new);
    for (let i = 0; i < 12; i++) {
      const file = `${String(i).padStart(6, '0')}.json`;
      const s = syntheticSnapshot(i);
      if (i === 0 && bad.heavyFirst) heavy(s);
      write(join(sides.old, file), bad.old?.[i] ?? s);
      write(join(sides.new, file), bad.new?.[i] ?? syntheticNextMonth(s, i));
    }
    if (bad.oldOnly) write(join(sides.old, 'retired.json'), bad.oldOnly);
    return sides;
  }
  /** A snapshot with thousands of firewall rules: slow to read and compare. */
  const heavy = (s: Snapshot) => {
    const rule = s.firewall!.rules![0]!;
    for (let k = 0; k < 4000; k++) s.firewall!.rules!.push({ ...rule, name: `Extra rule ${k}`, localPorts: [String(20000 + k)] });
    return s;
  };
  const CUT = '{ "schemaVersion": "1.0", "device": { "id": "CUT" }, "collectedAt": "2027-05-01T00:00:00Z",\n  "access": { ';
  const NO_DEVICE = JSON.stringify({ ...syntheticSnapshot(4), device: undefined }, null, 2);

  /** Runs `diff` in-process as the CLI does: exit code and what it printed on stderr. */
  async function diff(sides: { old: string; new: string }, out: string, jobs: number) {
    const err: string[] = [];
    const se = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    try {
      const code = await diffCommand(sides.old, sides.new, { out, now: NOW, pdf: false, jobs }, '0.0.0-test');
      return { code, stderr: err.join('') };
    } finally {
      se.mockRestore();
    }
  }

  it.each([
    ['NEW cut short in the middle', { new: { 6: CUT } }, /fleet-a-new\/000006\.json/],
    ['OLD without a device, before a bad NEW: OLD\'s error (first in input order)', { old: { 4: NO_DEVICE }, new: { 6: CUT } }, /fleet-b-old\/000004\.json/],
    ['NEW bad before a bad OLD: NEW\'s error', { old: { 8: NO_DEVICE }, new: { 3: CUT } }, /fleet-c-new\/000003\.json/],
    // Pairs go to the two workers in turn (0, 2 to one; 1, 3 to the other): pair 3's error comes
    // back long before pair 2's (read after the slow pair 0, then refused only after both of its
    // snapshots were read), and still pair 2's is the one reported.
    ['a NEW collected after --now, before an OLD cut short whose error a worker finds first: NEW\'s error', { heavyFirst: true, new: { 2: JSON.stringify(later(syntheticNextMonth(syntheticSnapshot(2), 2), 24 * 200), null, 2) }, old: { 3: CUT } }, /fleet-d-new\/000002\.json at \/collectedAt: collected at .*after the report time/],
    // Read on the main thread before any pair, while the workers start: they are stopped.
    ['an OLD without a NEW partner, cut short, and a bad pair: the unpaired OLD\'s error', { oldOnly: CUT, new: { 1: CUT } }, /fleet-e-old\/retired\.json/],
  ] as const)('%s: the same message, exit code 1 and no output folder for 1 and 2 threads', async (_name, bad, names) => {
    const tag = String.fromCharCode(97 + ['NEW cut', 'OLD with', 'NEW bad', 'a NEW coll', 'an OLD without'].findIndex((p) => _name.startsWith(p)));
    const sides = fleet(`fleet-${tag}`, bad);
    const runs = [];
    for (const jobs of [1, 2]) {
      const out = join(dir, `bad-${tag}-${jobs}`);
      runs.push({ ...(await diff(sides, out, jobs)), written: existsSync(out) });
    }
    expect(runs[0]!.code).toBe(1);
    expect(runs[0]!.stderr).toMatch(names);
    expect(runs[0]!.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(runs[0]!.written).toBe(false);
    expect(runs[1]).toEqual(runs[0]);
  }, 120_000);
});

describe('diff --jobs on the command line', () => {
  const BIN = process.env.ATO_EVIDENCE_BIN ?? join(ROOT, 'dist/cli/main.js');
  it.each(['0', '1000', '2.5', 'two'])('refuses --jobs %s as assess does: exit 2, nothing written', (jobs) => {
    const out = join(dir, `cli-jobs-${jobs}`);
    const r = spawnSync(process.execPath, [BIN, 'diff', samplePath('MR-01', ROUND1), samplePath('MR-01', ROUND2), '--out', out, '--jobs', jobs, '--no-pdf'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--jobs must be a whole number from 1 to 999/);
    expect(existsSync(out)).toBe(false);
  });
});
