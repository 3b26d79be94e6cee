// `export ckl` and `export cklb` on the bundled samples, read back by real clients: DISA's
// checklist schema through xmllint, MITRE's own checklist parser (@mitre/hdf-converters), DISA's
// CKLB JSON schema through ajv's draft 2019-09 class; and the meaning of what they say, rule by
// rule, against the package's own observations.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { ChecklistResults } from '@mitre/hdf-converters';
import { contextualizeEvaluation } from 'inspecjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { exportCommand } from '../src/cli/export.js';
import { runAssess } from '../src/assess/run.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadStigData } from '../src/catalog/stig.js';
import { writeCkl } from '../src/export/ckl.js';
import { sealFolder, verifyFolder } from '../src/seal/seal.js';
import { readCkl } from './support/ckl-reader.js';
import { requireTool } from './support/clients.js';
import { describeWithShared, requireShared, sharedDir } from './support/oscal-schema.js';
import { observationOf, deviceUuids } from './support/observations.js';
import { propOf } from './support/oscal-json.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const NOW = '2026-11-28T12:00:00Z';
const stig = loadStigData();
const checks = loadCatalog().checks;
type Json = Record<string, any>;

let dir: string;
let pkg: string;
let arResult: Json;
let arDoc: Json;
let observations: Json[];
let deviceOf: Map<string, string>; // inventory uuid → device id

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build" (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'ato-export-'));
  pkg = join(dir, 'pkg');
  await runAssess({
    inputs: [join(root, 'samples')], out: pkg, force: false, baseline: 'moderate', now: NOW, toolVersion: 'test',
    deviations: join(root, 'samples/deviations.csv'), attestations: join(root, 'samples/attestations.yaml'), pdf: false,
  });
  const ar = JSON.parse(readFileSync(join(pkg, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  observations = ar.observations;
  arResult = JSON.parse(readFileSync(join(pkg, 'assessment-results.json'), 'utf8'));
  arDoc = JSON.parse(readFileSync(join(pkg, 'assessment-results.json'), 'utf8'))['assessment-results'];
  deviceOf = new Map([...deviceUuids(arResult)].map(([d, u]) => [u, d]));
  for (const f of ['ckl', 'cklb']) {
    const r = cli(['export', f, 'pkg', '--out', f]);
    if (r.code !== 0) throw new Error(`export ${f} failed: ${r.stderr}`);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The package's result of each check on each device, straight from its observations. */
function packageStatuses(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const o of observations) {
    const check = propOf(o, 'check-id');
    if (!check) continue;
    for (const s of o.subjects) {
      const d = deviceOf.get(s['subject-uuid'])!;
      if (!out.has(d)) out.set(d, new Map());
      out.get(d)!.set(check, propOf(o, 'result')!);
    }
  }
  return out;
}

/**
 * Whether DISA's Windows 10 STIG covers a sample device, from its snapshot's own `os` (Windows 10
 * by name, build below Windows 11's 22000): LAB-01 runs Windows 7, MR-02 Windows 11.
 */
function sampleCovered(device: string): boolean {
  const file = readdirSync(join(root, 'samples', device)).filter((f) => f.endsWith('.json')).sort().pop()!;
  const os = JSON.parse(readFileSync(join(root, 'samples', device, file), 'utf8')).device.os as { name: string; build: string };
  return /Windows 10/.test(os.name) && Number(os.build) < 22000;
}

/** The checklist status of each rule as the issue states the rule, computed here independently. */
function expectedRuleStatus(results: Map<string, string>, stigId: string, covered = true): string {
  // A device the STIG does not cover gets no STIG determination: every rule Not_Reviewed.
  if (!covered) return 'Not_Reviewed';
  const citing = checks.filter((c) => (c.stig ?? []).includes(stigId)).map((c) => results.get(c.id));
  if (!citing.length) return 'Not_Reviewed';
  if (citing.some((s) => s === 'fail' || s === 'deviation')) return 'Open';
  if (citing.some((s) => s === undefined || s === 'not-collected')) return 'Not_Reviewed';
  if (citing.every((s) => s === 'not-applicable')) return 'Not_Applicable';
  return 'NotAFinding';
}

const vulnOf = (doc: ReturnType<typeof readCkl>, stigId: string) => {
  const v = doc.stigs[0]!.vulns.find((x) => x.stigData.some(([a, d]) => a === 'Rule_Ver' && d === stigId));
  if (!v) throw new Error(`no vuln ${stigId}`);
  return v;
};
const attr = (v: { stigData: ReadonlyArray<readonly [string, string]> }, name: string) => v.stigData.filter(([a]) => a === name).map(([, d]) => d);
const readDeviceCkl = (device: string) => readCkl(readFileSync(join(dir, 'ckl', `${device}.ckl`), 'utf8'));
/** MITRE's checklist parser on a device's .ckl (slow: parsed once per device). */
const mitreParsed = new Map<string, Json>();
function mitreHdf(device: string): Json {
  let hdf = mitreParsed.get(device);
  if (!hdf) mitreParsed.set(device, (hdf = new ChecklistResults(readFileSync(join(dir, 'ckl', `${device}.ckl`), 'utf8')).toHdf() as Json));
  return hdf;
}

describe('export ckl: one STIG Viewer 2 checklist per device', () => {
  it('writes one checklist per assessed device, each with every rule of the Windows 10 STIG V3R6', () => {
    expect(readdirSync(join(dir, 'ckl')).sort()).toEqual(['CT-01.ckl', 'LAB-01.ckl', 'MR-01.ckl', 'MR-02.ckl', 'US-01.ckl', 'export.json']);
    // export.json lists what the export wrote (for --force), and nothing else.
    expect(JSON.parse(readFileSync(join(dir, 'ckl', 'export.json'), 'utf8')).files).toEqual(['CT-01.ckl', 'LAB-01.ckl', 'MR-01.ckl', 'MR-02.ckl', 'US-01.ckl']);
    for (const d of ['CT-01', 'LAB-01', 'MR-01', 'MR-02', 'US-01']) {
      const doc = readDeviceCkl(d);
      expect(doc.stigs[0]!.vulns.map((v) => attr(v, 'Vuln_Num')[0])).toEqual(stig.rules.map((r) => r.vulnId));
    }
  });

  it('gives each rule the status the checks citing it earned on that device (Open / NotAFinding / Not_Applicable / Not_Reviewed)', () => {
    const all = packageStatuses();
    for (const [device, results] of all) {
      const doc = readDeviceCkl(device);
      const got = doc.stigs[0]!.vulns.map((v) => [attr(v, 'Rule_Ver')[0], v.status]);
      const want = stig.rules.map((r) => [r.stigId, expectedRuleStatus(results, r.stigId, sampleCovered(device))]);
      expect(got, device).toEqual(want);
    }
  });

  it('gives WN10-AC-000010 the failed LOCKOUT-THRESHOLD\'s observed and required values and the snapshot they were read from (Open on a Windows 10 console; the failing sample runs Windows 7: Not_Reviewed)', () => {
    const all = packageStatuses();
    const failing = [...all].find(([, r]) => r.get('LOCKOUT-THRESHOLD') === 'fail');
    expect(failing, 'a sample device fails LOCKOUT-THRESHOLD').toBeDefined();
    const [device] = failing!;
    const obs = observationOf(arResult, device, 'LOCKOUT-THRESHOLD');
    const v = vulnOf(readDeviceCkl(device), 'WN10-AC-000010');
    expect(v.status).toBe(sampleCovered(device) ? 'Open' : 'Not_Reviewed');
    expect(v.findingDetails).toContain(`Observed: ${propOf(obs, 'observed-value')}`);
    // What is required in the AR description's words (docs/documents.md: named for people); the raw
    // expected-value stays in the AR prop for programs.
    const required = /Required: (.*?)\. (?:Values read|Change it in|Where each)/.exec(String(obs.description))?.[1];
    expect(required, String(obs.description)).toBeDefined();
    expect(v.findingDetails).toContain(`Required: ${required}\n`);
    expect(v.findingDetails).not.toContain(`Required: ${propOf(obs, 'expected-value')}`);
    // The device's snapshot, as the back-matter cites it (the observation may hold several devices).
    const resource = arDoc['back-matter'].resources.find((r: Json) => r.props.some((p: Json) => p.name === 'device-id' && p.value === device));
    expect(v.findingDetails).toContain(`Evidence: ${resource.rlinks[0].href} (SHA-256 ${resource.rlinks[0].hashes[0].value})`);
    // The parameter with its whole origin: the observation names the default by its kind, and
    // the result states its basis once (the checklist is read alone: it carries the basis).
    expect(propOf(obs, 'parameter')).toBe('lockout-threshold-max = 3 (default)');
    const basis = loadCatalog().parameters.find((d) => d.id === 'lockout-threshold-max')!.basis;
    expect(v.findingDetails).toContain(`Parameter: lockout-threshold-max = 3 (default; basis: ${basis})`);
    expect(attr(v, 'CCI_REF')).toEqual(['CCI-000044']);
    expect(attr(v, 'Rule_ID')).toEqual(['SV-220740r958388_rule']);
    expect(attr(v, 'Severity')).toEqual(['medium']);
  });

  it('puts the approved deviation\'s justification, approver and expiry in COMMENTS (MR-01 screen lock), and keeps the rule Open', () => {
    const v = vulnOf(readDeviceCkl('MR-01'), 'WN10-SO-000070');
    expect(v.status).toBe('Open');
    expect(v.comments).toContain('Jonas Lindqvist');
    expect(v.comments).toContain('2027-06-30');
    expect(v.comments).toContain('Vendor safety requirement');
  });

  it('claims no Windows 10 STIG determination on a device running another OS (LAB-01 Windows 7, MR-02 Windows 11): every rule Not_Reviewed, the evidence kept, COMMENTS naming the OS', () => {
    expect(['CT-01', 'LAB-01', 'MR-01', 'MR-02'].filter((d) => !sampleCovered(d))).toEqual(['LAB-01', 'MR-02']);
    const all = packageStatuses();
    for (const device of ['LAB-01', 'MR-02']) {
      const os = JSON.parse(readFileSync(join(root, `samples/${device}/${device}_2026-11-02.json`), 'utf8')).device.os;
      const vulns = readDeviceCkl(device).stigs[0]!.vulns;
      expect(new Set(vulns.map((v) => v.status)), device).toEqual(new Set(['Not_Reviewed']));
      for (const v of vulns) {
        expect(v.comments).toContain('the Microsoft Windows 10 Security Technical Implementation Guide covers Windows 10');
        expect(v.comments).toContain(`${device} runs ${os.name} build ${os.build}`);
      }
      // The check's result is still there as evidence for the reviewer: LOCKOUT-THRESHOLD's on WN10-AC-000010.
      const result = all.get(device)!.get('LOCKOUT-THRESHOLD')!;
      const word = { pass: 'passed', fail: 'failed' }[result as 'pass' | 'fail'];
      expect(word, `${device} LOCKOUT-THRESHOLD ${result}`).toBeDefined();
      expect(vulnOf(readDeviceCkl(device), 'WN10-AC-000010').findingDetails).toContain(`LOCKOUT-THRESHOLD (`);
      expect(vulnOf(readDeviceCkl(device), 'WN10-AC-000010').findingDetails).toContain(`: ${word} on ${device}.`);
    }
    // A Windows 10 console's rules keep their determinations and no such comment.
    const ct = readDeviceCkl('CT-01').stigs[0]!.vulns;
    expect(ct.some((v) => v.status === 'NotAFinding')).toBe(true);
    expect(ct.some((v) => /Not reviewed against this STIG/.test(v.comments))).toBe(false);
  });

  it('leaves a rule no check covers Not_Reviewed and says why', () => {
    const v = vulnOf(readDeviceCkl('MR-01'), 'WN10-00-000005');
    expect(v.status).toBe('Not_Reviewed');
    expect(v.findingDetails).toMatch(/No ato-evidence check evaluates this rule/);
  });

  it('fills the asset section from the snapshot: host name, role, technology area; no IP or MAC (not collected)', () => {
    const asset = new Map(readDeviceCkl('MR-01').asset);
    const snap = JSON.parse(readFileSync(join(root, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8'));
    expect(asset.get('HOST_NAME')).toBe(snap.device.hostname);
    expect(asset.get('ROLE')).toBe('Workstation');
    expect(asset.get('TECH_AREA')).toBe('Windows OS');
    expect(asset.get('HOST_IP')).toBe('');
    expect(asset.get('TARGET_COMMENT')).toMatch(/IP and MAC addresses are not collected/);
    expect(asset.get('TARGET_COMMENT')).toContain(snap.device.serial);
  });

  it('every checklist validates against DISA\'s checklist schema (xmllint)', (ctx) => {
    requireShared(ctx);
    requireTool(ctx, 'xmllint', 'libxml2-utils');
    const files = readdirSync(join(dir, 'ckl')).filter((f) => f.endsWith('.ckl')).map((f) => join(dir, 'ckl', f));
    const r = spawnSync('xmllint', ['--noout', '--schema', join(sharedDir, 'interop/checklist/U_Checklist_Schema_V2.xsd'), ...files], { encoding: 'utf8' });
    expect(r.stderr.trim().split('\n').sort()).toEqual(files.map((f) => `${f} validates`).sort());
    expect(r.status).toBe(0);
  });

  it('MITRE\'s checklist parser reads each checklist back with the same status, rule by rule', () => {
    const toHdf: Record<string, string> = { Open: 'failed', NotAFinding: 'passed', Not_Applicable: 'skipped', Not_Reviewed: 'skipped' };
    for (const device of ['CT-01', 'LAB-01', 'MR-01', 'MR-02']) {
      const text = readFileSync(join(dir, 'ckl', `${device}.ckl`), 'utf8');
      const hdf = mitreHdf(device);
      const controls = hdf.profiles[0].controls as Json[];
      const ours = readCkl(text).stigs[0]!.vulns;
      expect(controls.map((c) => c.tags.gid)).toEqual(ours.map((v) => attr(v, 'Vuln_Num')[0]));
      controls.forEach((c, i) => {
        const v = ours[i]!;
        expect(c.results.map((r: Json) => r.status), `${device} ${c.tags.gid}`).toEqual([toHdf[v.status]]);
        if (v.status === 'Not_Applicable') expect(c.impact).toBe(0);
        expect(c.tags.cci).toEqual(attr(v, 'CCI_REF'));
      });
      // And Heimdall's own status roll-up (inspecjs) agrees with the checklist's counts.
      const counts: Record<string, number> = {};
      for (const p of contextualizeEvaluation(hdf as never).contains) for (const c of p.contains) counts[c.root.hdf.status] = (counts[c.root.hdf.status] ?? 0) + 1;
      const want = { Open: 0, NotAFinding: 0, Not_Applicable: 0, Not_Reviewed: 0 } as Record<string, number>;
      for (const v of ours) want[v.status]!++;
      expect({ failed: counts.Failed ?? 0, passed: counts.Passed ?? 0, na: counts['Not Applicable'] ?? 0, nr: counts['Not Reviewed'] ?? 0 })
        .toEqual({ failed: want.Open, passed: want.NotAFinding, na: want.Not_Applicable, nr: want.Not_Reviewed });
    }
  }, 240_000);

  it('is deterministic: a second export of the same package is byte-identical', () => {
    const r = cli(['export', 'ckl', 'pkg', '--out', 'ckl-again']);
    expect(r.code).toBe(0);
    for (const f of readdirSync(join(dir, 'ckl'))) expect(readFileSync(join(dir, 'ckl-again', f)).equals(readFileSync(join(dir, 'ckl', f))), f).toBe(true);
  });

  // --force refused every folder export had written ("ato-evidence did not write it"): an export
  // folder held no manifest.json or drift.json. Its export.json now names it, and only its files.
  it('--force replaces a folder export wrote, and refuses it once it holds a file export did not write', () => {
    const again = cli(['export', 'ckl', 'pkg', '--out', 'ckl-again', '--force']);
    expect(again.code, again.stderr).toBe(0);
    writeFileSync(join(dir, 'ckl-again', 'notes.txt'), 'mine\n');
    const refused = cli(['export', 'ckl', 'pkg', '--out', 'ckl-again', '--force']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/ckl-again: --force replaces only a folder ato-evidence wrote .* it holds notes\.txt, which its export\.json does not list/);
    expect(readFileSync(join(dir, 'ckl-again', 'notes.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('export cklb: one STIG Viewer 3 checklist per device', () => {
  const cklb = (d: string) => JSON.parse(readFileSync(join(dir, 'cklb', `${d}.cklb`), 'utf8')) as Json;

  it('every checklist validates against DISA\'s CKLB schema (draft 2019-09), which rejects the sample CKLB in ../shared', (ctx) => {
    requireShared(ctx);
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(sharedDir, 'interop/checklist/SV3_CKLB_1_0_JSON_SCHEMA.json'), 'utf8')));
    for (const d of ['CT-01', 'LAB-01', 'MR-01', 'MR-02']) {
      expect(validate(cklb(d)), `${d}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
    // The validator is not vacuous: the sample from elsewhere lacks stigs[].uuid and carries "version".
    expect(validate(JSON.parse(readFileSync(join(sharedDir, 'interop/checklist/samples/converted-rhel8_sample_oneOfEachControlStatus.cklb'), 'utf8')))).toBe(false);
  });

  it('says the same as the CKL (read by MITRE\'s parser) rule by rule: status, CCIs, details and comments', () => {
    const word: Record<string, string> = { failed: 'open', passed: 'not_a_finding' };
    for (const d of ['CT-01', 'LAB-01', 'MR-01', 'MR-02']) {
      const text = readFileSync(join(dir, 'ckl', `${d}.ckl`), 'utf8');
      const mitre = mitreHdf(d).profiles[0].controls as Json[];
      const ckl = readCkl(text).stigs[0]!.vulns;
      const doc = cklb(d);
      const rules = doc.stigs[0].rules as Json[];
      expect(rules.map((r) => r.group_id)).toEqual(mitre.map((c) => c.tags.gid));
      rules.forEach((r, i) => {
        const status = mitre[i]!.results[0].status as string;
        const expected = word[status] ?? (mitre[i]!.impact === 0 ? 'not_applicable' : 'not_reviewed');
        expect(r.status, `${d} ${r.group_id}`).toBe(expected);
        expect(r.ccis).toEqual(mitre[i]!.tags.cci);
        expect(r.finding_details).toBe(ckl[i]!.findingDetails);
        expect(r.comments).toBe(ckl[i]!.comments);
        expect(r.stig_uuid).toBe(doc.stigs[0].uuid);
      });
    }
  }, 240_000);

  it('names the host and the STIG release', () => {
    const doc = cklb('MR-01');
    expect(doc.target_data.host_name).toBe(JSON.parse(readFileSync(join(root, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8')).device.hostname);
    expect(doc.stigs[0].release_info).toBe('Release: 6 Benchmark Date: 05 Jan 2026');
    expect(doc.stigs[0].size).toBe(267);
  });
});

describeWithShared('the real checklists in ../shared round-trip through the reader and writer', () => {
  for (const name of ['small_ckl_overrides.ckl', 'converted-rhel8_sample_oneOfEachControlStatus.ckl']) {
    it(`${name}: read and written back byte for byte, so no field is lost`, () => {
      const text = readFileSync(join(sharedDir, 'interop/checklist/samples', name), 'utf8');
      const doc = readCkl(text);
      expect(doc.stigs[0]!.vulns.length).toBeGreaterThan(0);
      expect(writeCkl(doc)).toBe(text);
    });
  }
  it('the overrides sample keeps its severity override, justification and repeated LEGACY_IDs', () => {
    const doc = readCkl(readFileSync(join(sharedDir, 'interop/checklist/samples/small_ckl_overrides.ckl'), 'utf8'));
    const overridden = doc.stigs[0]!.vulns.filter((v) => v.severityOverride !== '');
    expect(overridden.length).toBeGreaterThan(0);
    expect(overridden.every((v) => v.severityJustification !== '')).toBe(true);
    expect(attr(doc.stigs[0]!.vulns[0]!, 'LEGACY_ID')).toHaveLength(2);
    expect(doc.comment).toBe('DISA STIG Viewer :: 2.17');
  });
});

describe('export reads a package whose observations name several devices (grouped observations)', () => {
  it('gives each subject device the observation\'s result', () => {
    // Group the package: one observation per check and result where devices agree, with all of
    // them as subjects (the form issue 15 will write); then seal it again.
    const grouped = join(dir, 'grouped');
    cpSync(pkg, grouped, { recursive: true });
    rmSync(join(grouped, 'manifest.json'));
    const doc = JSON.parse(readFileSync(join(grouped, 'assessment-results.json'), 'utf8'));
    const result = doc['assessment-results'].results[0];
    const byKey = new Map<string, Json>();
    const kept: Json[] = [];
    for (const o of result.observations) {
      const key = `${propOf(o, 'check-id')}|${propOf(o, 'result')}`;
      const first = byKey.get(key);
      if (first && propOf(o, 'check-id')) first.subjects.push(...o.subjects);
      else {
        byKey.set(key, o);
        kept.push(o);
      }
    }
    expect(kept.length).toBeLessThan(result.observations.length);
    result.observations = kept;
    for (const f of result.findings) if (f['related-observations']) f['related-observations'] = f['related-observations'].filter((r: Json) => kept.some((o) => o.uuid === r['observation-uuid']));
    writeFileSync(join(grouped, 'assessment-results.json'), JSON.stringify(doc, null, 2));
    // poam.json cites observations of the original form; it is not read by the checklist export.
    sealFolder(grouped, { createdAt: NOW, tool: 'test' });
    const r = cli(['export', 'ckl', 'grouped', '--out', 'ckl-grouped']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    for (const d of ['CT-01', 'LAB-01', 'MR-01', 'MR-02']) {
      const a = readDeviceCkl(d).stigs[0]!.vulns.map((v) => v.status);
      const b = readCkl(readFileSync(join(dir, 'ckl-grouped', `${d}.ckl`), 'utf8')).stigs[0]!.vulns.map((v) => v.status);
      expect(b, d).toEqual(a);
    }
  });
});

describe('grouped checklists keep the per-value "Source:" lines of the per-device form', () => {
  // The same samples assessed with --per-device-observations: each observation lists where each
  // value was read (source-file / source-sha256 props). The default, grouped package does not; its
  // checklists rebuild the lines from each device's evidence copy (its provenance table).
  let perDevice: Json;
  const sourceLines = (details: string) => details.split('\n').filter((l) => l.startsWith('Source: '));
  beforeAll(async () => {
    await runAssess({
      inputs: [join(root, 'samples')], out: join(dir, 'pkg-per-device'), force: false, baseline: 'moderate', now: NOW, toolVersion: 'test',
      deviations: join(root, 'samples/deviations.csv'), attestations: join(root, 'samples/attestations.yaml'), pdf: false, perDeviceObservations: true,
    });
    perDevice = JSON.parse(readFileSync(join(dir, 'pkg-per-device', 'assessment-results.json'), 'utf8'));
    for (const f of ['ckl', 'cklb']) {
      const r = cli(['export', f, 'pkg-per-device', '--out', `${f}-per-device`]);
      if (r.code !== 0) throw new Error(`export ${f} failed: ${r.stderr}`);
    }
  }, 120_000);

  it('MR-01\'s LOCKOUT-THRESHOLD (an observation of several devices) cites policy.inf\'s line in WN10-AC-000010, read back by MITRE\'s parser', () => {
    const grouped = observationOf(arResult, 'MR-01', 'LOCKOUT-THRESHOLD');
    expect(grouped.subjects.length, 'the grouped observation holds several devices').toBeGreaterThan(1);
    expect(grouped['relevant-evidence'][0].props?.some((p: Json) => p.name === 'source-file'), 'the grouped observation does not list the sources itself').toBeFalsy();
    // What the per-device observation says, independently of the checklist writer.
    const own = observationOf(perDevice, 'MR-01', 'LOCKOUT-THRESHOLD')['relevant-evidence'][0].props as Json[];
    const files = own.filter((p) => p.name === 'source-file').map((p) => p.value as string);
    const shas = new Map(own.filter((p) => p.name === 'source-sha256').map((p) => (p.value as string).split(': ') as [string, string]));
    const expected = files.map((f) => `Source: ${f}, SHA-256 ${shas.get(f.slice(0, f.indexOf(': ')))}`);
    expect(expected).toHaveLength(1);
    expect(expected[0]).toMatch(/^Source: \/access\/lockoutPolicy\/local\/threshold: MR-01_2026-11-02\/policy\.inf \(\[System Access\] LockoutBadCount \(line \d+\)\), SHA-256 [0-9a-f]{64}$/);
    const vulnId = stig.rules.find((r) => r.stigId === 'WN10-AC-000010')!.vulnId;
    const control = (mitreHdf('MR-01').profiles[0].controls as Json[]).find((c) => c.id === vulnId)!;
    const block = (control.results[0].code_desc as string).split('\n\n').find((b) => b.startsWith('ato-evidence check LOCKOUT-THRESHOLD '))!;
    expect(sourceLines(block)).toEqual(expected);
  }, 120_000);

  it('every device\'s checklists (CKL and CKLB) give each rule the same Source lines as the per-device form', () => {
    let total = 0;
    for (const d of ['CT-01', 'LAB-01', 'MR-01', 'MR-02', 'US-01']) {
      const a = readCkl(readFileSync(join(dir, 'ckl-per-device', `${d}.ckl`), 'utf8')).stigs[0]!.vulns;
      const b = readDeviceCkl(d).stigs[0]!.vulns;
      expect(b.length).toBe(a.length);
      a.forEach((v, i) => {
        total += sourceLines(v.findingDetails).length;
        expect(sourceLines(b[i]!.findingDetails), `${d} ${attr(v, 'Rule_Ver')[0]}`).toEqual(sourceLines(v.findingDetails));
      });
      const ra = JSON.parse(readFileSync(join(dir, 'cklb-per-device', `${d}.cklb`), 'utf8')).stigs[0].rules as Json[];
      const rb = JSON.parse(readFileSync(join(dir, 'cklb', `${d}.cklb`), 'utf8')).stigs[0].rules as Json[];
      ra.forEach((r, i) => expect(sourceLines(rb[i]!.finding_details), `${d} ${r.rule_version} (cklb)`).toEqual(sourceLines(r.finding_details)));
    }
    expect(total, 'the samples read values from ingested exports').toBeGreaterThan(10);
  }, 120_000);
});

describe('a group whose devices were read at other list positions and counted differently', () => {
  // At npm start's clock MR-01 and MR-02 pass PWD-MAX-AGE with 3 and 2 enabled local accounts at
  // other positions: one grouped observation (docs/scale.md), whose checklists must still say what
  // each device's own observation says (its count, its Source lines).
  const START = '2026-11-02T18:00:00Z';
  const uuids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  beforeAll(async () => {
    for (const [name, perDeviceObservations] of [['start-grouped', false], ['start-per-device', true]] as const) {
      await runAssess({ inputs: [join(root, 'samples')], out: join(dir, name), force: false, baseline: 'moderate', now: START, toolVersion: 'test', pdf: false, perDeviceObservations });
      const r = cli(['export', 'ckl', name, '--out', `${name}-ckl`]);
      if (r.code !== 0) throw new Error(`export ckl failed: ${r.stderr}`);
    }
  }, 120_000);

  it('gives each device its own count and Source lines in its checklist (PWD-MAX-AGE on MR-01 and MR-02)', () => {
    const ar = JSON.parse(readFileSync(join(dir, 'start-grouped', 'assessment-results.json'), 'utf8'));
    expect(observationOf(ar, 'MR-01', 'PWD-MAX-AGE').uuid, 'MR-01 and MR-02 share the observation').toBe(observationOf(ar, 'MR-02', 'PWD-MAX-AGE').uuid);
    const block = (details: string) => details.split('\n\n').find((x) => x.startsWith('ato-evidence check PWD-MAX-AGE ('));
    for (const d of ['MR-01', 'MR-02']) {
      const a = readCkl(readFileSync(join(dir, 'start-per-device-ckl', `${d}.ckl`), 'utf8')).stigs[0]!.vulns;
      const b = readCkl(readFileSync(join(dir, 'start-grouped-ckl', `${d}.ckl`), 'utf8')).stigs[0]!.vulns;
      const i = a.findIndex((v) => block(v.findingDetails));
      expect(i, d).toBeGreaterThanOrEqual(0);
      expect(block(a[i]!.findingDetails), d).toMatch(/\b\d checked, all compliant/);
      expect(block(b[i]!.findingDetails)!.replace(uuids, 'U'), d).toBe(block(a[i]!.findingDetails)!.replace(uuids, 'U'));
    }
  }, 120_000);
});

describe('why a result was not collected', () => {
  it('a stale device\'s checklist says why a rule is not reviewed (the evidence is stale), as the results do', () => {
    // The package's own reason for a not-collected result of a stale device (US-01 at NOW).
    const o = observations.find((x) => propOf(x, 'evidence-stale') !== undefined && propOf(x, 'result') === 'not-collected' && x.subjects.some((s: Json) => deviceOf.get(s['subject-uuid']) === 'US-01'))!;
    expect(o).toBeDefined();
    const reason = propOf(o, 'not-collected-reason')!;
    expect(reason).toMatch(/stale/);
    const check = propOf(o, 'check-id')!;
    const cklb = JSON.parse(readFileSync(join(dir, 'cklb', 'US-01.cklb'), 'utf8'));
    const rule = cklb.stigs[0].rules.find((r: Json) => r.finding_details.includes(`ato-evidence check ${check} (`));
    expect(rule.status).toBe('not_reviewed');
    const block = rule.finding_details.split('\n\n').find((b: string) => b.startsWith(`ato-evidence check ${check} (`));
    expect(block).toContain(reason);
  });
});

describe('a result on stale evidence', () => {
  it('a failed rule on stale evidence says so in CKL, CKLB and HDF, with the device\'s collection time; a rule not collected for its age says it once', () => {
    // US-01's snapshot (collected 2026-09-07, stale at NOW) with its domain firewall profile off: FW-ENABLED fails, on stale evidence.
    const fleet = join(dir, 'stale-fleet');
    const snap = JSON.parse(readFileSync(join(root, 'samples/US-01/US-01_2026-09-07.json'), 'utf8'));
    snap.firewall.profiles[0].enabled = false;
    rmSync(fleet, { recursive: true, force: true });
    cpSync(join(root, 'samples/US-01'), fleet, { recursive: true });
    writeFileSync(join(fleet, 'US-01_2026-09-07.json'), JSON.stringify(snap));
    const r = cli(['assess', 'stale-fleet', '--out', 'stale-pkg', '--now', NOW, '--no-pdf']);
    expect(r.code, r.stderr).toBe(0);
    const obs = JSON.parse(readFileSync(join(dir, 'stale-pkg/assessment-results.json'), 'utf8'))['assessment-results'].results[0].observations as Json[];
    const o = obs.find((x) => propOf(x, 'check-id') === 'FW-ENABLED')!;
    expect(propOf(o, 'result')).toBe('fail');
    expect(propOf(o, 'evidence-stale')).toBeDefined();
    for (const f of ['ckl', 'cklb', 'hdf']) expect(cli(['export', f, 'stale-pkg', '--out', `stale-${f}`]).code).toBe(0);
    const said = /Stale evidence: collected 2026-09-07T15:20:00Z, older than the evidence age accepted at the assessment/;
    const vuln = readCkl(readFileSync(join(dir, 'stale-ckl', 'US-01.ckl'), 'utf8')).stigs[0]!.vulns.find((v) => v.findingDetails.includes('ato-evidence check FW-ENABLED ('))!;
    expect(vuln.status).toBe('Open');
    expect(vuln.findingDetails.split('\n\n').find((b) => b.startsWith('ato-evidence check FW-ENABLED ('))).toMatch(said);
    const rule = JSON.parse(readFileSync(join(dir, 'stale-cklb', 'US-01.cklb'), 'utf8')).stigs[0].rules.find((x: Json) => x.finding_details.includes('ato-evidence check FW-ENABLED ('));
    expect(rule.status).toBe('open');
    expect(rule.finding_details).toMatch(said);
    const hdf = JSON.parse(readFileSync(join(dir, 'stale-hdf', 'hdf.json'), 'utf8'));
    const result = hdf.profiles[0].controls.find((c: Json) => c.id === 'FW-ENABLED').results.find((x: Json) => x.resource === 'US-01');
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(said);

    // A rule that passed at collection is not collected now, because of the age alone: its text
    // says the evidence is stale once, in the line that gives the collection time, the age and the limit.
    const nc = obs.find((x) => propOf(x, 'check-id') === 'LOCKOUT-THRESHOLD')!;
    expect(propOf(nc, 'result')).toBe('not-collected');
    expect(propOf(nc, 'evidence-stale')).toBeDefined();
    // (The evidence-max-age-days parameter's own line describes the rule, "… marked stale": not a statement about this result.)
    const staleLines = (text: string) => text.split('\n').filter((l) => /stale evidence|evidence is stale/i.test(l));
    const block = (text: string) => text.split('\n\n').find((b) => b.startsWith('ato-evidence check LOCKOUT-THRESHOLD ('))!;
    const texts = {
      ckl: block(readCkl(readFileSync(join(dir, 'stale-ckl', 'US-01.ckl'), 'utf8')).stigs[0]!.vulns.find((v) => v.findingDetails.includes('ato-evidence check LOCKOUT-THRESHOLD ('))!.findingDetails),
      cklb: block(JSON.parse(readFileSync(join(dir, 'stale-cklb', 'US-01.cklb'), 'utf8')).stigs[0].rules.find((x: Json) => x.finding_details.includes('ato-evidence check LOCKOUT-THRESHOLD (')).finding_details),
      hdf: hdf.profiles[0].controls.find((c: Json) => c.id === 'LOCKOUT-THRESHOLD').results.find((x: Json) => x.resource === 'US-01').message as string,
    };
    for (const [format, text] of Object.entries(texts)) {
      const lines = staleLines(text);
      expect(lines, format).toHaveLength(1);
      expect(lines[0], format).toMatch(/^Not collected: .*collected 2026-09-07T15:20:00Z, .* before the assessment .* older than the 30 days accepted/);
    }
  });
});

// Found by a tamper driver: a signed package exported without --public-key said "Verified" like
// one whose signature was checked, although its manifest could have been rebuilt after an edit.
describe('what "Verified" covered', () => {
  async function exportLine(format: string, folder: string, o: Record<string, unknown>): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(((x: string | Uint8Array) => { stdout += String(x); return true; }) as typeof process.stdout.write);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((() => true) as typeof process.stderr.write);
    try {
      const code = await exportCommand(format, folder, o, 'test');
      return { code, stdout };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  it('says whether the signature was checked: not checked without --public-key, valid with it, not signed', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const priv = join(dir, 'export-sign.pem');
    const pub = join(dir, 'export-sign.pub.pem');
    writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
    const signed = join(dir, 'pkg-signed');
    cpSync(pkg, signed, { recursive: true });
    rmSync(join(signed, 'manifest.json'));
    sealFolder(signed, { createdAt: NOW, tool: 'ato-evidence test', signKeyFile: priv });
    const unchecked = await exportLine('hdf', signed, { out: join(dir, 'hdf-signed-1') });
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toMatch(/^Verified .*pkg-signed \(package digest [0-9a-f]{64}; signature present but NOT checked: pass --public-key to check it\)/);
    const checked = await exportLine('hdf', signed, { out: join(dir, 'hdf-signed-2'), publicKey: pub });
    expect(checked.stdout).toContain(`; signature valid (${pub}))`);
    const unsigned = await exportLine('hdf', pkg, { out: join(dir, 'hdf-unsigned') });
    expect(unsigned.stdout).toMatch(/\(package digest [0-9a-f]{64}; not signed\)/);
  });
});

describe('export refuses what it must not do', () => {
  it('refuses a tampered package, naming the changed file, and writes nothing', () => {
    const bad = join(dir, 'tampered');
    cpSync(pkg, bad, { recursive: true });
    const ev = readdirSync(join(bad, 'evidence')).find((f) => f.startsWith('MR-01'))!;
    const p = join(bad, 'evidence', ev);
    writeFileSync(p, readFileSync(p, 'utf8').replace('"MR-01"', '"MR-09"'));
    const r = cli(['export', 'ckl', 'tampered', '--out', 'from-tampered']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`evidence/${ev}`);
    expect(r.stderr).toMatch(/not as it was sealed/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(dir, 'from-tampered'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('from-tampered'))).toEqual([]);
  });

  it('refuses an --out inside the package (usage error) and leaves the package verifiable', () => {
    const r = cli(['export', 'hdf', 'pkg', '--out', 'pkg/hdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/inside the package folder/);
    expect(existsSync(join(pkg, 'hdf'))).toBe(false);
    expect(verifyFolder(pkg, {}).ok).toBe(true);
  });

  it('refuses an --out that contains the package (--force would remove it)', () => {
    const r = cli(['export', 'hdf', 'pkg', '--out', '.', '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/contains the package/);
    expect(existsSync(join(pkg, 'manifest.json'))).toBe(true);
  });

  it('refuses an unknown format as a usage error', () => {
    const r = cli(['export', 'xccdf', 'pkg', '--out', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format "xccdf"; choose one of ckl, cklb, hdf, emass-poam/);
  });

  it('notices a package assessed with another check catalog (its recorded CCIs differ)', () => {
    const yaml = readFileSync(join(root, 'controls/checks.yaml'), 'utf8').replace('stig: [WN10-AC-000010]', 'stig: [WN10-AC-000015]');
    writeFileSync(join(dir, 'other-checks.yaml'), yaml);
    const r = cli(['export', 'ckl', 'pkg', '--out', 'other', '--checks', 'other-checks.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/assessed with another check catalog/);
    expect(r.stderr).toMatch(/LOCKOUT-THRESHOLD/);
  });

  it('--help gives an example for every format', () => {
    const r = cli(['export', '--help']);
    expect(r.code).toBe(0);
    for (const f of ['ckl', 'cklb', 'hdf', 'emass-poam']) expect(r.stdout).toMatch(new RegExp(`\\$ ato-evidence export ${f} `));
  });
});
