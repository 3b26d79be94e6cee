// `assess --jobs N`: snapshots evaluated by worker threads give the same package, byte for byte,
// as one thread: on the samples (seven inputs, export folders included) and on a synthetic fleet.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAssess, type AssessOptions } from '../src/assess/run.js';
import * as ingest from '../src/ingest/index.js';
import { syntheticSnapshot } from '../src/bench/synthetic-fleet.js';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ato-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file of a package folder, by relative path. */
function files(pkg: string, rel = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(join(pkg, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of files(pkg, p)) out.set(k, v);
    else out.set(p, readFileSync(join(pkg, p)));
  }
  return out;
}

function expectSame(a: string, b: string): void {
  const fa = files(a);
  const fb = files(b);
  expect([...fb.keys()].sort()).toEqual([...fa.keys()].sort());
  for (const [name, bytes] of fa) expect(fb.get(name)!.equals(bytes), name).toBe(true);
}

describe('assess --jobs', () => {
  it('gives the samples byte-identical packages with 1, 2 and 3 threads (PDF included)', async () => {
    const opts: Omit<AssessOptions, 'out'> = {
      inputs: [join(root, 'samples')], force: false, baseline: 'moderate', now: '2026-12-01T00:00:00Z', toolVersion: 'test',
      deviations: join(root, 'samples/deviations.csv'), attestations: join(root, 'samples/attestations.yaml'),
      system: join(root, 'samples/system.yaml'), capabilities: join(root, 'samples/vendor-capabilities.yaml'), ingest,
    };
    const warnings: Record<number, string[]> = {};
    for (const jobs of [1, 2, 3]) {
      warnings[jobs] = [];
      await runAssess({ ...opts, out: join(dir, `samples-${jobs}`), jobs, warn: (m) => warnings[jobs]!.push(m) });
    }
    expectSame(join(dir, 'samples-1'), join(dir, 'samples-2'));
    expectSame(join(dir, 'samples-1'), join(dir, 'samples-3'));
    expect(warnings[2]).toEqual(warnings[1]);
  }, 300_000);

  it('gives a 70-device fleet the same assessment results grouped and per device, with 2 threads as with 1', async () => {
    const input = join(dir, 'fleet');
    mkdirSync(input);
    for (let i = 0; i < 70; i++) writeFileSync(join(input, `${i}.json`), JSON.stringify(syntheticSnapshot(i)));
    for (const perDeviceObservations of [false, true]) {
      const base = { inputs: [input], force: false, baseline: 'moderate' as const, now: '2027-01-15T00:00:00Z', toolVersion: 'test', pdf: false, perDeviceObservations };
      const a = join(dir, `fleet-1-${perDeviceObservations}`);
      const b = join(dir, `fleet-2-${perDeviceObservations}`);
      await runAssess({ ...base, out: a, jobs: 1 });
      await runAssess({ ...base, out: b, jobs: 2 });
      expectSame(a, b);
    }
    // The grouped writer splices each group's stored text into the observation: a device's grouped
    // observation has the fields of its per-device one (JSON.stringify of the object), in its order.
    type Obs = { props?: Array<{ name: string; value: string }>; subjects: Array<{ 'subject-uuid': string }> };
    const observations = (pkg: string) => (JSON.parse(readFileSync(join(pkg, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0].observations as Obs[])
      .filter((o) => o.props?.some((p) => p.name === 'check-id'));
    const checkOf = (o: Obs) => o.props!.find((p) => p.name === 'check-id')!.value;
    const perDevice = new Map(observations(join(dir, 'fleet-1-true')).map((o) => [`${checkOf(o)} ${o.subjects[0]!['subject-uuid']}`, Object.keys(o)]));
    const grouped = observations(join(dir, 'fleet-1-false'));
    expect(grouped.some((o) => o.subjects.length > 1)).toBe(true);
    expect(grouped.some((o) => 'expires' in o)).toBe(true);
    for (const o of grouped) expect(Object.keys(o), checkOf(o)).toEqual(perDevice.get(`${checkOf(o)} ${o.subjects[0]!['subject-uuid']}`));
  }, 300_000);

  it('--keep-going on threads: the unreadable inputs become devices, the package byte-identical to one thread\'s', async () => {
    const input = join(dir, 'keep');
    mkdirSync(input);
    for (let i = 0; i < 5; i++) writeFileSync(join(input, `${i}.json`), JSON.stringify(syntheticSnapshot(i)));
    // A snapshot cut short, a file that is not JSON, an export folder whose secedit.inf is cut.
    writeFileSync(join(input, '1.json'), '{ "schemaVersion": "1.0", "device": { "id": "CUT-01" }, "collectedAt": "2026-11-02T08:00:00Z",\n  "access": { ');
    writeFileSync(join(input, '3.json'), 'not json');
    const ex = join(input, 'CT-02');
    cpSync(join(root, 'test/fixtures/exports/mr-01'), ex, { recursive: true });
    writeFileSync(join(ex, 'secedit.inf'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordLength = 14\r\nLockoutBad', 'utf16le')]));
    const base = { inputs: [input], force: false, baseline: 'moderate' as const, now: '2026-11-28T00:00:00Z', toolVersion: 'test', keepGoing: true, ingest };
    const warnings: Record<number, string[]> = { 1: [], 2: [] };
    const outcomes = [];
    for (const jobs of [1, 2]) outcomes.push(await runAssess({ ...base, out: join(dir, `keep-${jobs}`), jobs, warn: (m) => warnings[jobs]!.push(m) }));
    expect(outcomes[1]!.summary.unreadable.map((u) => u.deviceId).sort()).toEqual(['1', '3', 'CT-02']);
    expect(outcomes[1]!.summary.devices).toBe(6);
    expect(warnings[2]!.filter((w) => w.includes('--keep-going')).length).toBe(3);
    expect(warnings[2]).toEqual(warnings[1]);
    expectSame(join(dir, 'keep-1'), join(dir, 'keep-2'));
  }, 300_000);

  it('stops at the first bad snapshot in input order, naming it, and writes nothing', async () => {
    const input = join(dir, 'bad');
    mkdirSync(input);
    for (let i = 0; i < 6; i++) writeFileSync(join(input, `${i}.json`), JSON.stringify(syntheticSnapshot(i)));
    writeFileSync(join(input, '3.json'), '{"schemaVersion": ');
    const out = join(dir, 'bad-out');
    await expect(runAssess({ inputs: [input], out, force: false, baseline: 'moderate', now: '2027-01-15T00:00:00Z', toolVersion: 'test', pdf: false, jobs: 2 })).rejects.toThrow(/3\.json/);
    expect(readdirSync(dir).filter((f) => f.includes('bad-out'))).toEqual([]);
  }, 120_000);
});
