// A device whose input could not be read (assess --keep-going) has no evidence: its checklist and
// its HDF results say so and claim no collection. Its observations carry the assessment's time as
// `collected` (OSCAL requires one); the exports used to write it as the snapshot's collection time.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { readCkl } from './support/ckl-reader.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const NOW = '2026-11-02T18:00:00Z';
type Json = Record<string, any>;

let dir: string;
let unreadableId: string;

function exportTo(format: string): void {
  const r = spawnSync(process.execPath, [bin, 'export', format, 'pkg', '--out', format], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`export ${format} failed: ${r.stderr}`);
}

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build"');
  dir = mkdtempSync(join(tmpdir(), 'ato-export-unreadable-'));
  const fleet = join(dir, 'fleet');
  mkdirSync(fleet);
  cpSync(join(root, 'samples/MR-01/MR-01_2026-11-02.json'), join(fleet, 'MR-01.json'));
  writeFileSync(join(fleet, 'XR-01.json'), '{ "schemaVersion": "1.0", "device": { "id": "XR-01" }, "collectedAt": "2026-11-02T08:00:00Z",\n  "access": { ');
  await runAssess({ inputs: [fleet], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', keepGoing: true, pdf: false, warn: () => {} });
  // The device id the AR gives the unreadable input, read from its evidence resource.
  const ar = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'))['assessment-results'];
  const res = (ar['back-matter'].resources as Json[]).find((r) => (r.props ?? []).some((p: Json) => p.name === 'unreadable-input'))!;
  unreadableId = res.props.find((p: Json) => p.name === 'device-id').value;
  exportTo('ckl');
  exportTo('hdf');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export of a device whose input could not be read', () => {
  it('its checklist reviews nothing and names no collection; a readable device keeps its own', () => {
    const doc = readCkl(readFileSync(join(dir, 'ckl', `${unreadableId}.ckl`), 'utf8'));
    const vulns = doc.stigs[0]!.vulns;
    expect(vulns.every((v) => v.status === 'Not_Reviewed')).toBe(true);
    const covered = vulns.filter((v) => v.findingDetails.startsWith('ato-evidence check'));
    expect(covered.length).toBeGreaterThan(0);
    for (const v of covered) {
      expect(v.findingDetails).toMatch(/could not be read/);
      expect(v.findingDetails).toMatch(/^Evidence: none collected/m);
      // No line claims the snapshot was collected (the time in the observation is the assessment's).
      expect(v.findingDetails).not.toMatch(/collected \d{4}-\d\d-\d\dT/);
    }
    const mr = readCkl(readFileSync(join(dir, 'ckl', 'MR-01.ckl'), 'utf8')).stigs[0]!.vulns.find((v) => v.findingDetails.startsWith('ato-evidence check'))!;
    expect(mr.findingDetails).toMatch(/^Evidence: evidence\/MR-01_\S+ \(SHA-256 [0-9a-f]{64}\), collected 2026-11-02T09:21:00Z\.$/m);
  });

  it('its HDF results are errors (skipped where another device fails the check) that say no evidence was collected', () => {
    const hdf = JSON.parse(readFileSync(join(dir, 'hdf/hdf.json'), 'utf8'));
    const controls = hdf.profiles[0].controls as Json[];
    const results = controls.flatMap((c) => c.results as Json[]).filter((r) => r.resource === unreadableId);
    expect(results.length).toBeGreaterThan(0);
    for (const c of controls) {
      const r = (c.results as Json[]).find((x) => x.resource === unreadableId)!;
      // error; skipped where another device fails the check (Heimdall then shows Failed, not Profile Error).
      const failing = (c.results as Json[]).some((x) => x.status === 'failed');
      expect(r.status).toBe(failing ? 'skipped' : 'error');
      const text = r.message ?? r.skip_message;
      expect(text).toMatch(/could not be read/);
      expect(text).toMatch(/^Evidence: none collected/m);
    }
  });
});
