// HDF beside the AR on a console without LDAP, where an objective is named whole by the LDAP password
// checks and in part by the local ones (a catalog where the LDAP ones still show ia-5.1_obj.h whole). There the LDAP checks are not applicable (satisfying) and
// the local ones pass, so the AR leaves the objective to the assessor on that device (in part,
// assess/controls.ts). Heimdall's NIST view colours IA-5(1) by the checks tagged with it (passed
// and skipped: Passed), so the HDF must say the same beside the tag of every check naming it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { ControlAggregator, leavesNoCheckShows } from '../src/assess/controls.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { controlInfo } from '../src/catalog/objectives.js';
import type { CheckStatus } from '../src/evaluate/evaluate-check.js';
import { buildHdf, shownInPartBy } from '../src/export/hdf.js';
import type { ExportDevice } from '../src/export/results.js';
import { StringSink, writeJsonStream } from '../src/io/json-stream.js';

const root = new URL('..', import.meta.url).pathname;
// The LDAP password checks show ia-5.1_obj.h only in part now (their policy examines no account);
// a catalog where they still show it whole stands for any objective named whole by checks that may
// not apply on a device.
const LDAP = ['PWD-MIN-LENGTH-LDAP', 'PWD-HISTORY-LDAP', 'PWD-MIN-AGE-LDAP', 'PWD-COMPLEXITY-LDAP'];
const shipped = loadCatalog().checks;
const checks = shipped.map((c) => {
  if (!LDAP.includes(c.id)) return c;
  const { inPart: _left, ...rest } = c;
  return rest;
});
const index = loadControlIndex();
const info = (id: string) => controlInfo(index, id);
const statusesOf = (ldapOff: boolean): CheckStatus[] => checks.map((c) => (ldapOff && LDAP.includes(c.id) ? 'not-applicable' : 'pass'));
type Json = Record<string, any>;

/** The AR's finding of ia-5.1 and the HDF's controls, from the same statuses. */
function both(fleet: Record<string, CheckStatus[]>) {
  const agg = new ControlAggregator(checks, info, 'moderate');
  for (const [id, s] of Object.entries(fleet)) agg.addDevice(id, s, () => undefined);
  const ia51 = agg.findings().find((f) => f.controlId === 'ia-5.1')!;
  const devices: ExportDevice[] = Object.keys(fleet).map((id, i) => ({ uuid: `00000000-0000-4000-8000-00000000000${i}`, id }));
  const status = (d: number, c: number) => fleet[devices[d]!.id]![c];
  const hdf = buildHdf({
    systemName: 'Test', toolVersion: 'test', devices, checks, status, result: () => undefined,
    leftToAssessor: (id) => leavesNoCheckShows(id, checks, info(id)),
    shownInPartOn: shownInPartBy(checks, devices, status, info),
  });
  const sink = new StringSink();
  writeJsonStream(hdf, sink);
  const controls = (JSON.parse(sink.toString()) as Json).profiles[0].controls as Json[];
  return { ia51, naming: controls.filter((c) => c.tags.nist.includes('IA-5(1)') && checks.find((x) => x.id === c.id)!.objectives.includes('ia-5.1_obj.h')) };
}

const inPartText = (c: Json) => ((c.descriptions as Json[]).find((d) => d.label === 'nist_in_part')?.data as string | undefined) ?? '';

describe('export hdf: an objective a device shows only in part', () => {
  it('the premise: with LDAP on every device the AR shows ia-5.1_obj.h, and the LDAP checks\' HDF tags say nothing of it', () => {
    const { ia51, naming } = both({ D1: statusesOf(false), D2: statusesOf(false) });
    expect(ia51.uncovered.map((u) => u.objectiveId)).not.toContain('ia-5.1_obj.h');
    for (const id of LDAP) expect(inPartText(naming.find((c) => c.id === id)!), id).not.toMatch(/ia-5\.1_obj\.h/);
  });

  it('D1 without LDAP: the AR leaves ia-5.1_obj.h to the assessor in part, and every check naming it says so for D1 beside IA-5(1)', () => {
    const { ia51, naming } = both({ D1: statusesOf(true), D2: statusesOf(false) });
    expect(ia51.uncovered).toContainEqual({ objectiveId: 'ia-5.1_obj.h', why: 'in-part' });
    expect(ia51.state).not.toBe('satisfied');
    expect(naming.map((c) => c.id)).toEqual(expect.arrayContaining(LDAP));
    for (const c of naming) {
      expect(c.tags.nist_in_part ?? [], c.id).toContain('IA-5(1)');
      expect(inPartText(c), c.id).toMatch(/IA-5\(1\): assessed only in part by this check \(.*ia-5\.1_obj\.h is shown only in part on D1 \(the checks showing it whole did not apply there\): left to the assessor/);
      expect(inPartText(c), c.id).not.toMatch(/on D1, D2|on D2/);
    }
  });
});

// Through the CLI on the shipped catalog, LDAP in use (MR-02): every check naming ia-5.1_obj.h
// shows it only in part (the directory's policy examines no account), so however they fare the AR
// leaves it to the assessor, and the HDF says so beside IA-5(1) of the LDAP checks too.
describe('export hdf on a package whose consoles use LDAP', () => {
  it('the AR leaves ia-5.1_obj.h to the assessor in part, naming what the directory checks leave out, and the HDF tags them in part', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ato-hdf-inpart-'));
    try {
      const snap = JSON.parse(readFileSync(join(root, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8'));
      expect(snap.access.ldap.enabled).toBe(true);
      await runAssess({
        inputs: [join(root, 'samples/CT-01'), join(root, 'samples/MR-02')], out: join(dir, 'pkg'), force: false, baseline: 'moderate',
        now: '2026-11-28T12:00:00Z', toolVersion: 'test', pdf: false,
      });
      const ar = readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8');
      expect(ar).toMatch(/show only in part, whatever their results[^"]*\\nia-5\.1_obj\.h: [^"]*PWD-COMPLEXITY-LDAP: the directory's complexity filter[^"]*are not examined/);
      const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'export', 'hdf', 'pkg', '--out', 'hdf'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const controls = (JSON.parse(readFileSync(join(dir, 'hdf/hdf.json'), 'utf8')) as Json).profiles[0].controls as Json[];
      for (const id of [...LDAP, 'PWD-MIN-LENGTH']) {
        const c = controls.find((x) => x.id === id)!;
        expect(c.tags.nist_in_part ?? [], id).toContain('IA-5(1)');
        expect(inPartText(c), id).toMatch(/IA-5\(1\): assessed only in part by this check/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
