// `monitor` reads the previous run's check results back instead of evaluating its snapshots again
// (src/monitor/run.ts previousRun), and takes from them every check no setting changed. Those
// results hold only for the version of ato-evidence that computed them: another version (a check's
// logic fixed, a wording changed) must evaluate the previous run's snapshots again, or the older
// version's verdicts are carried on as this one's.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pdfPageTexts } from './support/pdf-text.js';

// An "older version" is simulated by an evaluation that passed LAB-01's lockout threshold (0:
// accounts never lock), which this version fails.
const legacy = vi.hoisted(() => ({ on: false }));
vi.mock('../src/drift/side.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/drift/side.js')>();
  return {
    ...real,
    assessDevice: (...args: Parameters<typeof real.assessDevice>) => {
      const d = real.assessDevice(...args);
      if (!legacy.on || d.id !== 'LAB-01') return d;
      const i = args[2].checks.findIndex((c) => c.id === 'LOCKOUT-THRESHOLD');
      const statuses = [...d.statuses];
      statuses[i] = 'pass';
      const details = new Map(d.details);
      details.delete('LOCKOUT-THRESHOLD');
      return { ...d, statuses, details };
    },
  };
});

// Another build of the same version: its program digest, or its bundled reference data (a rules
// digest of other controls/ bytes), as that build would have recorded them.
const build = vi.hoisted(() => ({ program: undefined as string | undefined, bundled: undefined as string | undefined }));
vi.mock('../src/assess/rules-digest.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/assess/rules-digest.js')>();
  return {
    ...real,
    programDigest: () => build.program ?? real.programDigest(),
    rulesDigestOf: (config: string, tool: string) => real.rulesDigestOf(config, tool, build.bundled ?? real.bundledDataDigest()),
  };
});
const digests = await import('../src/assess/rules-digest.js');

const { runMonitor } = await import('../src/monitor/run.js');
type MonitorOptions = import('../src/monitor/run.js').MonitorOptions;

const root = new URL('..', import.meta.url).pathname;
const NOV = ['CT-01', 'LAB-01', 'MR-01', 'MR-02'].map((d) => join(root, 'samples', d, `${d}_2026-11-02.json`));

let dir: string;
const base = (over: Partial<MonitorOptions>): MonitorOptions => ({
  store: join(dir, 'store'), inputs: NOV, out: '', force: false, now: '2026-11-02T18:00:00Z', wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate', pdf: false, ...over,
});
type Responsible = { deviceId: string; checkId: string; old?: string; new?: string };
const driftOf = (out: string) => JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8'));
const lockout = (out: string): Responsible | undefined => {
  const drift = JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as { controls: Array<{ controlId: string; responsible?: Responsible[] }> };
  return drift.controls.find((c) => c.controlId === 'ac-7')?.responsible?.find((r) => r.deviceId === 'LAB-01' && r.checkId === 'LOCKOUT-THRESHOLD');
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-monitor-cache-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the previous run\'s results are reused only from the same version', () => {
  // The first run, by the "older version": its results say LAB-01 passes LOCKOUT-THRESHOLD.
  const first = async (store: string) => {
    legacy.on = true;
    try {
      await runMonitor(base({ store, toolVersion: '0.0.9', out: `${store}-r1` }));
    } finally {
      legacy.on = false;
    }
    expect(lockout(`${store}-r1`)).toBeUndefined();
  };

  it('premise: the same version takes the previous results as stored', async () => {
    const store = join(dir, 'same');
    await first(store);
    await runMonitor(base({ store, toolVersion: '0.0.9', out: join(dir, 'same-r2'), now: '2026-11-03T18:00:00Z' }));
    expect(lockout(join(dir, 'same-r2'))).toBeUndefined();
    expect(driftOf(join(dir, 'same-r2')).old.reassessed).toBeUndefined();
  });

  it('another version evaluates the previous run again: its own verdict (fail, as assess says), not the older one\'s', async () => {
    const store = join(dir, 'upgraded');
    await first(store);
    await runMonitor(base({ store, toolVersion: '0.1.0', out: join(dir, 'upgraded-r2'), now: '2026-11-03T18:00:00Z' }));
    expect(lockout(join(dir, 'upgraded-r2'))).toMatchObject({ new: 'fail' });
    // The report says the old run was judged again, by this version, rather than as it reported itself.
    expect(driftOf(join(dir, 'upgraded-r2')).old.reassessed).toEqual({ tool: '0.0.9' });
    expect(readFileSync(join(dir, 'upgraded-r2', 'drift.md'), 'utf8')).toMatch(/Rules changed since the old run\.\*\* It was recorded by ato-evidence 0\.0\.9\./);
  });
});

describe('a parameter changed since the previous run', () => {
  it('the old run is judged with this run\'s parameters, and drift.json, drift.md and the PDF say so', async () => {
    const store = join(dir, 'params');
    await runMonitor(base({ store, out: join(dir, 'params-r1') }));
    // Premise: with the default (at most 3), CT-01's threshold of 3 passes.
    expect(driftOf(join(dir, 'params-r1')).controls.find((c: { controlId: string }) => c.controlId === 'ac-7').responsible.some((r: Responsible) => r.deviceId === 'CT-01' && r.checkId === 'LOCKOUT-THRESHOLD')).toBe(false);
    const params = join(dir, 'params.csv');
    writeFileSync(params, 'parameter,value\nlockout-threshold-max,2\n');
    await runMonitor(base({ store, params, out: join(dir, 'params-r2'), now: '2026-11-03T18:00:00Z', pdf: true }));
    const drift = driftOf(join(dir, 'params-r2'));
    // Both sides by the new rule: CT-01 fails it on both, so the rule change is no device's drift...
    const ac7 = drift.controls.find((c: { controlId: string }) => c.controlId === 'ac-7');
    expect(ac7.responsible.find((r: Responsible) => r.deviceId === 'CT-01' && r.checkId === 'LOCKOUT-THRESHOLD')).toMatchObject({ old: 'fail', new: 'fail' });
    // ...and the old run's "fail" here is not what its own report said: the report says why.
    const before = driftOf(join(dir, 'params-r1')).configDigest;
    expect(drift.old.reassessed).toEqual({ configDigest: before });
    expect(drift.configDigest).not.toBe(before);
    const md = readFileSync(join(dir, 'params-r2', 'drift.md'), 'utf8');
    expect(md).toContain(`It was recorded with another configuration (checks, parameters, deviations, catalog or profile: digest \`${before}\``);
    const pdf = (await pdfPageTexts(join(dir, 'params-r2', 'monitoring-report.pdf'))).join(' ');
    expect(pdf).toContain('Rules changed since the old run: it was recorded with another configuration');
    expect(pdf).toContain(before);
  });
});

describe('another build of the same version, with the same configuration', () => {
  // The first run, by the other build (legacy evaluation): LAB-01 passes LOCKOUT-THRESHOLD.
  const firstBy = async (store: string, other: { program?: string; bundled?: string }) => {
    legacy.on = true;
    Object.assign(build, other);
    try {
      await runMonitor(base({ store, toolVersion: '0.1.0', out: `${store}-r1` }));
    } finally {
      legacy.on = false;
      build.program = undefined;
      build.bundled = undefined;
    }
    expect(lockout(`${store}-r1`)).toBeUndefined();
  };
  const OTHER = 'b'.repeat(64);

  it('other code: the previous run is evaluated again, and the report says it was another build', async () => {
    const store = join(dir, 'rebuilt');
    await firstBy(store, { program: OTHER });
    const out = join(dir, 'rebuilt-r2');
    await runMonitor(base({ store, toolVersion: '0.1.0', out, now: '2026-11-03T18:00:00Z', pdf: true }));
    expect(lockout(out)).toMatchObject({ new: 'fail' });
    const current = digests.programDigest();
    expect(current).not.toBe(OTHER);
    expect(driftOf(out).old.reassessed).toEqual({ program: { recorded: OTHER, current } });
    expect(readFileSync(join(out, 'drift.md'), 'utf8')).toContain(`**Rules changed since the old run.** It was recorded by another build of the same version of ato-evidence (program digest \`${OTHER}\`, this run's \`${current}\`).`);
    expect((await pdfPageTexts(join(out, 'monitoring-report.pdf'))).join(' ').replace(/\s+/g, ' ')).toContain('Rules changed since the old run: it was recorded by another build of the same version of ato-evidence');
  });

  it('other bundled reference data (controls/): the previous run is evaluated again, and the report gives both rules digests', async () => {
    const store = join(dir, 'rebundled');
    await firstBy(store, { bundled: OTHER });
    const out = join(dir, 'rebundled-r2');
    await runMonitor(base({ store, toolVersion: '0.1.0', out, now: '2026-11-03T18:00:00Z' }));
    expect(lockout(out)).toMatchObject({ new: 'fail' });
    const reassessed = driftOf(out).old.reassessed;
    expect(Object.keys(reassessed)).toEqual(['rules']);
    expect(reassessed.rules.recorded).not.toBe(reassessed.rules.current);
    expect(readFileSync(join(out, 'drift.md'), 'utf8')).toContain(`It was recorded with other rules (the checks, parameters, deviations, catalog or profile given, or the reference data bundled in controls/: rules digest \`${reassessed.rules.recorded}\`, this run's \`${reassessed.rules.current}\`)`);
  });
});
