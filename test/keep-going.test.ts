// assess --keep-going (issue 11 §5): a device whose input cannot be read is reported (summary,
// its checks not collected with the error, a PDF section) and the rest of the fleet is assessed.
// Without the flag nothing changes: exit 1, nothing written.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess, type AssessOutcome } from '../src/assess/run.js';
import * as ingest from '../src/ingest/index.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { checkProducerRules } from '../src/oscal/rules.js';
import { pdfPageTexts } from './support/pdf-text.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';
import { observationOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const NOW = '2026-11-02T18:00:00Z';
type Json = Record<string, any>;

let dir: string;
let fleet: string;
let outcome: AssessOutcome;
let ar: Json;
const warnings: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-keep-'));
  fleet = join(dir, 'fleet');
  mkdirSync(fleet);
  for (const id of ['MR-01', 'MR-02']) cpSync(join(root, 'samples', id, `${id}_2026-11-02.json`), join(fleet, `${id}.json`));
  // A snapshot file with a JSON syntax error, and an export folder whose secedit.inf is cut inside a line.
  writeFileSync(join(fleet, 'XR-01.json'), '{ "schemaVersion": "1.0", "device": { "id": "XR-01" }, "collectedAt": "2026-11-02T08:00:00Z",\n  "access": { ');
  const ex = join(fleet, 'CT-02');
  cpSync(join(root, 'test/fixtures/exports/mr-01'), ex, { recursive: true });
  writeFileSync(join(ex, 'secedit.inf'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordLength = 14\r\nLockoutBad', 'utf16le')]));
  outcome = await runAssess({ inputs: [fleet], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', keepGoing: true, ingest, warn: (m) => warnings.push(m) });
  ar = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const observation = (device: string, check: string): Json => observationOf(ar, device, check);

describe('assess --keep-going', () => {
  it('without the flag: exit 1 naming the first unreadable input, nothing written', () => {
    const r = spawnSync(process.execPath, [bin, 'assess', fleet, '--out', join(dir, 'strict'), '--now', NOW, '--no-pdf'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/CT-02/);
    expect(existsSync(join(dir, 'strict'))).toBe(false);
  });

  it('the readable devices are assessed; each unreadable input is a device named after it, in the summary with its error', () => {
    expect(outcome.devices.map((d) => d.id)).toEqual(['CT-02', 'MR-01', 'MR-02', 'XR-01']);
    expect(outcome.summary.unreadable.map((u) => [u.deviceId, u.input.replace(fleet, 'fleet')])).toEqual([['CT-02', 'fleet/CT-02'], ['XR-01', 'fleet/XR-01.json']]);
    expect(outcome.summary.unreadable[0]!.error).toMatch(/CT-02\/secedit\.inf at line 5: .*cut short/);
    expect(outcome.summary.unreadable[1]!.error).toMatch(/XR-01\.json at line 2/);
    expect(warnings.filter((w) => w.startsWith('could not read '))).toHaveLength(2);
    // the readable ones are judged as usual
    expect(propOf(observation('MR-01', 'PWD-MAX-LENGTH'), 'result')).toBe('fail');
  });

  it('every check of an unreadable device is not collected, with the error as the reason; it makes no control satisfied', () => {
    const obs = ar['assessment-results'].results[0].observations.filter((o: Json) => o.title.endsWith(' on XR-01'));
    expect(obs).toHaveLength(outcome.summary.checks);
    for (const o of obs) {
      expect(propOf(o, 'result')).toBe('not-collected');
      expect(propOf(o, 'not-collected-reason')).toMatch(/^the input .*XR-01\.json could not be read: /);
    }
    expect(outcome.summary.results.pass).toBeGreaterThan(0);
    expect(outcome.findings.filter((f) => f.state === 'satisfied')).toEqual([]);
  });

  it('the evidence resource says the input could not be read; no evidence copy is claimed', () => {
    const res = ar['assessment-results']['back-matter'].resources.find((r: Json) => propOf(r, 'device-id') === 'CT-02');
    expect(propOf(res, 'unreadable-input')).toMatch(/secedit\.inf/);
    expect(propOf(res, 'source-file')).toMatch(/CT-02/);
    expect(res.rlinks).toBeUndefined();
    expect(res.title).toBe('Input for CT-02 that could not be read');
    expect(outcome.files.filter((f) => f.startsWith('evidence/'))).toEqual(['evidence/MR-01_20261102T092100Z.json', 'evidence/MR-02_20261102T103700Z.json']);
  });

  it('the PDF evidence package has a section naming each unreadable input and its error', async () => {
    const text = (await pdfPageTexts(join(dir, 'pkg/evidence-package.pdf'))).join(' ');
    expect(text).toContain('Inputs that could not be read (--keep-going)');
    expect(text).toMatch(/XR-01: .*XR-01\.json: .*line 2/);
  });
});

describeWithShared('assess --keep-going: the documents stay valid', () => {
  it('the assessment results validate against NIST 1.1.3 and 1.2.2 and the producer rules', () => {
    expect(validateOscal(ar, '1.1.3')).toEqual([]);
    expect(validateOscal(ar, '1.2.2')).toEqual([]);
    const readFile = (rel: string) => (existsSync(join(dir, 'pkg', rel)) ? readFileSync(join(dir, 'pkg', rel)) : undefined);
    expect(checkProducerRules(ar, { controlIndex: loadControlIndex(), expectedOscalVersion: '1.1.3', strictRefs: true, readFile })).toEqual([]);
  });
});

describe('assess --keep-going with no readable input', () => {
  it('exit 1 saying that none of the inputs could be read, with each error; nothing written', async () => {
    const only = join(dir, 'only-unreadable');
    mkdirSync(only);
    writeFileSync(join(only, 'XR-01.json'), '{ "schemaVersion": "1.0", "device": { "id": "XR-01" }, "collectedAt": "2026-11-02T08:00:00Z",\n  "access": { ');
    const out = join(dir, 'pkg-none');
    const run = runAssess({ inputs: [only], out, force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', keepGoing: true, ingest, pdf: false, warn: () => {} });
    await expect(run).rejects.toThrow(/^none of the 1 input\(s\) could be read \(--keep-going assesses the readable ones\): .*XR-01\.json at line 2/);
    await run.catch((e: { exitCode?: number }) => expect(e.exitCode).toBe(1));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});

describe('assess --keep-going: a deviation for a device the run cannot name', () => {
  it('is warned of and not applied where an input could not be read; refused where every input was read', async () => {
    const deviations = join(dir, 'deviation-unknown.csv');
    // CT-2 is no device read, and no unreadable input is named after it (they are CT-02 and XR-01): it may be either.
    writeFileSync(deviations, 'check_id,device_id,justification,approver,expires\nLOCKOUT-THRESHOLD,CT-2,Vendor limit,A. Officer (Authorizing Official),2027-06-30\n');
    const seen: string[] = [];
    const r = await runAssess({ inputs: [fleet], out: join(dir, 'pkg-dev'), force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', keepGoing: true, ingest, pdf: false, deviations, warn: (m) => seen.push(m) });
    expect(r.devices.map((d) => d.id)).toEqual(['CT-02', 'MR-01', 'MR-02', 'XR-01']);
    expect(seen.filter((w) => w.startsWith(`${deviations} at line 2: the deviation for LOCKOUT-THRESHOLD names device "CT-2", which is not among the assessed devices (CT-02, MR-01, MR-02, XR-01); 2 input(s) could not be read (--keep-going), so it may be one of them: not applied in this run`))).toHaveLength(1);
    // Not applied: no result is a deviation, and LOCKOUT-THRESHOLD is judged on each device as without the file.
    expect(r.summary.results.deviation).toBe(0);
    expect(r.summary.results).toEqual(outcome.summary.results);
    const readable = join(dir, 'readable-only');
    mkdirSync(readable);
    for (const id of ['MR-01', 'MR-02']) cpSync(join(fleet, `${id}.json`), join(readable, `${id}.json`));
    const out = join(dir, 'pkg-dev-refused');
    await expect(runAssess({ inputs: [readable], out, force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', keepGoing: true, ingest, pdf: false, deviations, warn: () => {} }))
      .rejects.toThrow(/names device "CT-2", which is not among the assessed devices \(MR-01, MR-02\); correct the id/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('monitor --keep-going', () => {
  const monitorOpts = (out: string, keepGoing: boolean) => ({
    store: join(dir, 'store'), inputs: [fleet], out: join(dir, out), force: true, now: NOW, wallClock: NOW,
    toolVersion: 'test', baseline: 'moderate' as const, pdf: true, ingest, keepGoing,
  });

  it('without the flag the run stops at the unreadable input and files nothing', async () => {
    const { runMonitor } = await import('../src/monitor/run.js');
    await expect(runMonitor(monitorOpts('m-strict', false))).rejects.toThrow(/CT-02\/secedit\.inf at line 5/);
    expect(existsSync(join(dir, 'm-strict'))).toBe(false);
    expect(existsSync(join(dir, 'store/ledger.jsonl')) ? readFileSync(join(dir, 'store/ledger.jsonl'), 'utf8') : '').not.toMatch(/"kind":"snapshot"/);
  });

  it('with it: the readable devices are filed and compared, the unreadable inputs are in the outcome, drift.json, drift.md and the PDF; --regenerate reproduces them', async () => {
    const { runMonitor, regenerateRun } = await import('../src/monitor/run.js');
    const r = await runMonitor(monitorOpts('m-keep', true));
    expect(r.devices).toBe(2);
    expect(r.unreadable.map((u) => u.input.replace(fleet, 'fleet'))).toEqual(['fleet/CT-02', 'fleet/XR-01.json']);
    const drift = JSON.parse(readFileSync(join(dir, 'm-keep/drift.json'), 'utf8'));
    expect(drift.unreadable.map((u: Json) => u.error)).toEqual([expect.stringMatching(/CT-02\/secedit\.inf at line 5/), expect.stringMatching(/XR-01\.json at line 2/)]);
    expect(readFileSync(join(dir, 'm-keep/drift.md'), 'utf8')).toMatch(/## Inputs that could not be read \(--keep-going\)[\s\S]*XR-01\.json/);
    const text = (await pdfPageTexts(join(dir, 'm-keep/monitoring-report.pdf'))).join(' ');
    expect(text).toContain('Inputs that could not be read (--keep-going)');
    const regen = await regenerateRun(join(dir, 'store'), r.run, join(dir, 'm-regen'), true);
    expect(regen.differs).toEqual([]);
  });
});
