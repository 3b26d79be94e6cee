// Every document of one package read side by side, as an assessor does, on the runs that take the
// rarer paths: --keep-going with an input that cannot be read, a device whose every check is not
// collected, an approved and an expired deviation, attestations, an organisation's parameter. A
// fact stated in two documents must be the same fact in both: a device × check result (AR,
// results.csv, HDF), a POA&M item's devices and dates (poam.json, PDF, eMASS workbook), a control
// Heimdall shows passed (HDF, AR), a STIG rule not a finding (CKL, the values judged against).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { contextualizeEvaluation } from 'inspecjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runExport } from '../src/export/run.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { checkProducerRules } from '../src/oscal/rules.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';
import { pdfPageTexts } from './support/pdf-text.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
const NOW = '2026-11-02T18:00:00Z';
const propsOf = (o: Json, name: string): string[] => (o.props ?? []).filter((p: Json) => p.name === name).map((p: Json) => p.value);

let dir: string;
let poam: Json;
let pdfPages: string[];
let highPdfPages: string[];
/** MR-02 alone (most of its checks pass): its AR and its HDF export. */
let cleanAr: Json;
let cleanHdf: Json;
/** WN10-AC-000010 (lockout after 3 or fewer bad attempts) on MR-01, per params file. */
const lockoutRule: Record<string, { status: string; details: string; hdfNote?: string }> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-documents-reconcile-'));
  const inputs = join(dir, 'inputs');
  const mr02 = JSON.parse(readFileSync(sample('MR-02/MR-02_2026-11-02.json'), 'utf8'));
  // A console whose snapshot holds nothing but its identity: every check is not collected.
  const empty = { schemaVersion: mr02.schemaVersion, device: { ...mr02.device, id: 'EMPTY-01', serial: 'X-1', hostname: 'E1' }, collectedAt: '2026-11-01T10:00:00Z' };
  mkdirSync(inputs);
  writeFileSync(join(inputs, 'EMPTY-01.json'), JSON.stringify(empty));
  // An input that cannot be read (--keep-going: its every check is not collected, with the reason).
  writeFileSync(join(inputs, 'BROKEN-01.json'), '{"schemaVersion": 1, "device": ');
  await runAssess({
    inputs: [sample('MR-01/MR-01_2026-11-02.json'), sample('CT-01/CT-01_2026-11-02.json'), sample('MR-02/MR-02_2026-11-02.json'), inputs],
    out: join(dir, 'pkg'), force: false, baseline: 'moderate', toolVersion: 'test', pdf: true, now: NOW, keepGoing: true, warn: () => {},
    deviations: sample('deviations.csv'), attestations: sample('attestations.yaml'), system: sample('system.yaml'), capabilities: sample('vendor-capabilities.yaml'),
  });
  poam = JSON.parse(readFileSync(join(dir, 'pkg/poam.json'), 'utf8'))['plan-of-action-and-milestones'];
  pdfPages = await pdfPageTexts(join(dir, 'pkg/evidence-package.pdf'));
  await runExport({ format: 'hdf', pkg: join(dir, 'pkg'), out: join(dir, 'pkg-hdf'), force: false, toolVersion: 'test', now: NOW });
  await runExport({ format: 'emass-poam', pkg: join(dir, 'pkg'), out: join(dir, 'pkg-emass'), force: false, toolVersion: 'test', now: NOW, resources: 'Site IT staff time' });
  await runAssess({
    inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, 'clean'), force: false, baseline: 'moderate', toolVersion: 'test', pdf: false, now: NOW, warn: () => {},
  });
  await runExport({ format: 'hdf', pkg: join(dir, 'clean'), out: join(dir, 'clean-hdf'), force: false, toolVersion: 'test', now: NOW });
  // The HIGH baseline (more controls left to manual assessment), with attestations and deviations.
  await runAssess({
    inputs: [sample('MR-01/MR-01_2026-11-02.json'), sample('CT-01/CT-01_2026-11-02.json'), sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, 'high'), force: false, baseline: 'high', toolVersion: 'test', pdf: true, now: NOW, warn: () => {},
    deviations: sample('deviations.csv'), attestations: sample('attestations.yaml'), system: sample('system.yaml'),
  });
  highPdfPages = await pdfPageTexts(join(dir, 'high/evidence-package.pdf'));
  cleanAr = JSON.parse(readFileSync(join(dir, 'clean/assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  cleanHdf = JSON.parse(readFileSync(join(dir, 'clean-hdf/hdf.json'), 'utf8'));
  // MR-01 locking after 5 bad attempts, where the STIG rule allows 3 at most; the organisation's
  // params file allows 10 (AC-7's ODP is the organisation's), or states the STIG's 3 itself.
  const mr01 = JSON.parse(readFileSync(sample('MR-01/MR-01_2026-11-02.json'), 'utf8'));
  mr01.access.lockoutPolicy.local.threshold = 5;
  writeFileSync(join(dir, 'mr01-5.json'), JSON.stringify(mr01));
  const five = join(dir, 'mr01-5.json');
  const three = sample('MR-01/MR-01_2026-11-02.json');
  for (const [name, value, input] of [['org-10', '10', five], ['org-3', '3', three], ['none', undefined, five]] as const) {
    const params = join(dir, `${name}.csv`);
    if (value) writeFileSync(params, `parameter,value\nlockout-threshold-max,${value}\n`);
    await runAssess({
      inputs: [input], out: join(dir, name), force: false, baseline: 'moderate', toolVersion: 'test', pdf: false, now: NOW, warn: () => {},
      ...(value ? { params } : {}),
    });
    await runExport({ format: 'ckl', pkg: join(dir, name), out: join(dir, `${name}-ckl`), force: false, toolVersion: 'test', now: NOW });
    const vuln = readFileSync(join(dir, `${name}-ckl/MR-01.ckl`), 'utf8').split('<VULN>').find((v) => v.includes('>WN10-AC-000010<'))!;
    await runExport({ format: 'hdf', pkg: join(dir, name), out: join(dir, `${name}-hdf`), force: false, toolVersion: 'test', now: NOW });
    const hdf = JSON.parse(readFileSync(join(dir, `${name}-hdf/hdf.json`), 'utf8'));
    const control = (hdf.profiles[0].controls as Json[]).find((c) => c.id === 'LOCKOUT-THRESHOLD')!;
    lockoutRule[name] = {
      status: /<STATUS>([^<]*)</.exec(vuln)![1]!, details: /<FINDING_DETAILS>([^<]*)</.exec(vuln)![1]!,
      hdfNote: (control.descriptions as Json[]).find((d) => d.label === 'stig_not_shown')?.data,
    };
  }
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the POA&M in poam.json and in the PDF', () => {
  it('names every affected device of an open item in its PDF row, also one whose input could not be read', () => {
    // The PDF's POA&M section: from its heading to the end of the items.
    const first = pdfPages.findIndex((t) => t.includes('poam.json holds'));
    expect(first).toBeGreaterThan(0);
    const section = pdfPages.slice(first).join(' ');
    const open = (poam['poam-items'] as Json[]).filter((it) => propsOf(it, 'poam-status')[0] === 'open' && propsOf(it, 'weakness-key')[0]!.startsWith('objective:'));
    const broken = open.filter((it) => propsOf(it, 'affected-device').includes('BROKEN-01'));
    const withEmpty = broken.filter((it) => propsOf(it, 'affected-device').includes('EMPTY-01'));
    // The run has items for both kinds: BROKEN-01 alone, and BROKEN-01 beside EMPTY-01's findings.
    expect(withEmpty.length).toBeGreaterThan(0);
    expect(broken.length).toBeGreaterThan(withEmpty.length);
    // Each such item's row names BROKEN-01 once (its findings are one text, the unreadable input).
    const mentions = section.split('BROKEN-01').length - 1;
    expect(mentions, 'rows naming BROKEN-01 against items affecting it').toBeGreaterThanOrEqual(broken.length);
    // And poam.json's own description gives BROKEN-01 its reason, not a bare "input not read".
    for (const it of broken) expect(it.description, it.title).toMatch(/Found on BROKEN-01: the input \S*BROKEN-01\.json could not be read/);
  });
});

describe('a control\'s devices in the AR and in the PDF', () => {
  it('each control page states as many failing and not-collected devices as the AR\'s finding relates', () => {
    const ar = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'))['assessment-results'].results[0];
    const observations = new Map((ar.observations as Json[]).map((o) => [o.uuid, o]));
    const text = pdfPages.join(' ').replace(/\s+/g, ' ');
    let compared = 0;
    for (const f of ar.findings as Json[]) {
      if (propsOf(f, 'objective-id').length) continue;
      const controlId = propsOf(f, 'control-id')[0]!;
      const devices = (result: string) => new Set((f['related-observations'] ?? []).flatMap((r: Json) => {
        const o = observations.get(r['observation-uuid'])!;
        return propsOf(o, 'result')[0] === result ? (o.subjects as Json[]).filter((s) => s.type === 'inventory-item').map((s) => s['subject-uuid']) : [];
      })).size;
      // The control's page (not its line in the contents): its id, title, then its status mark.
      const at = new RegExp(` ${controlId.replace('.', '\\.')} — [^✗✓◐≈]{0,160}Status [✗✓◐≈]`).exec(text);
      expect(at, controlId).not.toBeNull();
      const page = text.slice(at!.index, at!.index + 900);
      const assessment = /Assessment (.*?) Objectives decided/.exec(page)?.[1] ?? page;
      const failed = /failed on (\d+) of \d+ device/.exec(assessment);
      expect(failed ? Number(failed[1]) : 0, `${controlId}: ${assessment}`).toBe(devices('fail'));
      const missing = /evidence not collected on (\d+) device/.exec(assessment);
      if (missing) expect(Number(missing[1]), `${controlId}: ${assessment}`).toBe(devices('not-collected'));
      else if (devices('not-collected') && !/evidence is missing/.test(assessment)) expect(assessment, controlId).toMatch(/not collected/);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });
});

describe('one result stated in results.csv and hdf.json', () => {
  it('gives every device × check the same status, an unreadable input and an empty snapshot included', () => {
    const rows: Json[] = parse(readFileSync(join(dir, 'pkg/results.csv'), 'utf8'), { columns: true });
    const csv = new Map(rows.map((r) => [`${r.device}|${r.check}`, r.status as string]));
    const hdf = JSON.parse(readFileSync(join(dir, 'pkg-hdf/hdf.json'), 'utf8'));
    const word: Record<string, string> = { pass: 'passed', fail: 'failed', deviation: 'failed', 'not-applicable': 'skipped', 'not-collected': 'error' };
    let n = 0;
    for (const c of hdf.profiles[0].controls as Json[]) {
      // Not collected is an error, or skipped (saying so) where another device fails: Heimdall
      // would otherwise show the control as Profile Error and hide the fail.
      const failing = (c.results as Json[]).some((r) => r.status === 'failed');
      for (const r of c.results as Json[]) {
        n++;
        const status = csv.get(`${r.resource}|${c.id}`)!;
        if (status === 'not-collected' && failing) {
          expect(r.status, `${c.id} on ${r.resource}`).toBe('skipped');
          expect(r.skip_message, `${c.id} on ${r.resource}`).toMatch(/Evidence not collected on |holds no result/);
        } else expect(r.status, `${c.id} on ${r.resource}`).toBe(word[status]);
      }
    }
    expect(n).toBe(rows.length);
    expect(rows.filter((r) => r.device === 'BROKEN-01').every((r) => r.status === 'not-collected')).toBe(true);
  });
});

describe('a POA&M item\'s dates in poam.json and the eMASS workbook', () => {
  it('schedules each open item on poam.json\'s deadline, its milestones on that day', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'pkg-emass/emass-poam.xlsx'));
    const sheet = wb.worksheets[0]!;
    const header = sheet.getRow(7).values as string[];
    const col = (name: string) => header.findIndex((h) => typeof h === 'string' && h.trim() === name);
    const items = new Map((poam['poam-items'] as Json[]).map((it) => [it.uuid as string, it]));
    let open = 0;
    sheet.eachRow((row, r) => {
      const comments = String(row.getCell(col('Comments')).value ?? '');
      const uuid = /poam\.json item ([0-9a-f-]{36})/.exec(comments)?.[1];
      if (r <= 7 || !uuid) return;
      const it = items.get(uuid)!;
      if (propsOf(it, 'poam-status')[0] !== 'open') return;
      open++;
      const deadline = propsOf(it, 'deadline')[0]!;
      const scheduled = row.getCell(col('Scheduled Completion Date')).value as Date;
      expect(scheduled.toISOString().slice(0, 10), it.title).toBe(deadline);
      const [y, m, d] = deadline.split('-');
      expect(String(row.getCell(col('Milestone with Completion Dates')).value), it.title).toMatch(new RegExp(`${m}/${d}/${y}$`));
    });
    expect(open).toBe((poam['poam-items'] as Json[]).filter((it) => propsOf(it, 'poam-status')[0] === 'open').length);
  });
});

describe('Heimdall\'s NIST view of hdf.json and the AR', () => {
  /**
   * NIST control (rev 5 label, `SC-7(5)`) -> the statuses inspecjs gives the checks tagged with it:
   * Heimdall's NIST treemap draws a cell per check under the control, coloured by that status.
   */
  function nistView(doc: Json): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const p of contextualizeEvaluation(doc as never).contains) {
      for (const c of p.contains) for (const tag of (c.data as Json).tags.nist as string[]) out.set(tag, [...(out.get(tag) ?? []), c.root.hdf.status]);
    }
    return out;
  }
  /** Every cell of the control green (passed, or not applicable beside a pass). */
  const shownPassed = (statuses: string[]) => statuses.includes('Passed') && statuses.every((s) => s === 'Passed' || s === 'Not Applicable');
  const label = (id: string) => id.toUpperCase().replace(/\.(\d+)/g, '($1)');

  it('shows a control Passed only where the AR holds it satisfied, or every check tagged with it says it is covered in part', () => {
    const satisfied = new Set((cleanAr.findings as Json[]).filter((f) => !propsOf(f, 'objective-id').length && f.target.status.state === 'satisfied').map((f) => label(propsOf(f, 'control-id')[0]!)));
    const view = nistView(cleanHdf);
    const controls = cleanHdf.profiles[0].controls as Json[];
    const passedNotSatisfied = [...view].filter(([id, st]) => shownPassed(st) && !satisfied.has(id)).map(([id]) => id);
    // MR-02 passes every check of SC-7 (FW-ENABLED, FW-DEFAULT-DENY-IN, FW-REMOTE-SCOPE), whose
    // other objectives are the assessor's: the AR holds it partially assessed, never satisfied.
    expect(passedNotSatisfied).toContain('SC-7');
    // A control the AR holds satisfied, for the check below (AC-7 no longer is: its action on
    // lockout, ac-07_odp.03, is the organisation's selection, which this run leaves unmade).
    expect(satisfied.has('AU-4')).toBe(true);
    for (const id of passedNotSatisfied) {
      for (const c of controls.filter((x) => x.tags.nist.includes(id))) {
        expect(c.tags.nist_in_part ?? [], `${c.id} tags ${id}, which Heimdall shows Passed and the AR does not hold satisfied`).toContain(id);
        expect((c.descriptions as Json[]).find((d) => d.label === 'nist_in_part')?.data, c.id).toMatch(new RegExp(`${id.replace(/[()]/g, '\\$&')}: assessed only in part`));
      }
    }
    // And never the other way: a control the AR holds satisfied is not said to be covered in part.
    for (const c of controls) for (const id of c.tags.nist_in_part ?? []) expect(satisfied.has(id), `${c.id}: ${id}`).toBe(false);
  });
});

describe('a STIG checklist and the values the checks were judged with', () => {
  it('claims NotAFinding only where the check passed against the catalog\'s (the STIG\'s) value', () => {
    // The STIG's value: 5 attempts fail it.
    expect(lockoutRule.none!.status).toBe('Open');
    // The organisation's 10: the check passes (the AR's AC-7 is the organisation's to define), but
    // the STIG's rule of 3 is not shown met, so the checklist claims nothing.
    expect(lockoutRule['org-10']!.details).toMatch(/LOCKOUT-THRESHOLD .*: passed on MR-01/);
    expect(lockoutRule['org-10']!.status).toBe('Not_Reviewed');
    expect(lockoutRule['org-10']!.details).toMatch(/^Not reviewed: the check passed against a value the organisation set.*lockout-threshold-max = 10/);
    // The organisation stating the STIG's own value changes nothing: MR-01 as sampled (3) passes.
    expect(lockoutRule['org-3']!.status).toBe('NotAFinding');
  });

  it('has hdf.json say of a pass what the checklist says: the STIG rule it is tagged with is not shown met', () => {
    // HDF's result is the check's (passed, against the organisation's 10); its stig_id tag would
    // read as the rule met (a checklist converted from it says NotAFinding) without this.
    expect(lockoutRule['org-10']!.hdfNote).toMatch(/lockout-threshold-max = 10 .*does not show WN10-AC-000010 met/);
    expect(lockoutRule['org-3']!.hdfNote).toBeUndefined();
    expect(lockoutRule.none!.hdfNote).toBeUndefined();
  });
});

/** Each control's own finding in an AR result (the one without an objective-id), as its verdict: satisfied, not-satisfied or partially-assessed. */
function controlVerdicts(result: Json): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of result.findings as Json[]) {
    if (propsOf(f, 'objective-id').length) continue;
    const id = propsOf(f, 'control-id')[0]!;
    expect(out.has(id), `${id} has two findings of its own`).toBe(false);
    out.set(id, propsOf(f, 'assessment-state')[0] ?? f.target.status.state);
  }
  return out;
}
const assessedIn = (result: Json): string[] => (result['reviewed-controls']['control-selections'] as Json[])
  .filter((s) => !(propsOf(s, 'assessment-method')[0] === 'manual' && !propsOf(s, 'assessment-state').length))
  .flatMap((s) => s['include-controls'].map((c: Json) => c['control-id']));
const pkgDoc = (pkg: string, file: string) => JSON.parse(readFileSync(join(dir, pkg, file), 'utf8'));

describe('each assessed control\'s verdict in the AR alone, the SSP and the PDF', () => {
  it('the AR gives every assessed control a finding of its own, satisfied only when every objective is, and the SSP states the same verdict', () => {
    for (const pkg of ['pkg', 'clean', 'high']) {
      const result = pkgDoc(pkg, 'assessment-results.json')['assessment-results'].results[0];
      const verdicts = controlVerdicts(result);
      expect([...verdicts.keys()].sort(), pkg).toEqual([...new Set(assessedIn(result))].sort());
      expect([...verdicts.values()], pkg).toContain('partially-assessed');
      for (const f of result.findings as Json[]) {
        if (propsOf(f, 'objective-id').length) continue;
        const id = propsOf(f, 'control-id')[0]!;
        const objectives = (result.findings as Json[]).filter((o) => propsOf(o, 'objective-id').length && propsOf(o, 'control-id')[0] === id);
        if (f.target.status.state === 'satisfied') {
          // Satisfied: no objective of it left to the assessor, none not satisfied.
          expect(objectives.every((o) => o.target.status.state === 'satisfied'), id).toBe(true);
          expect(f.description, id).not.toMatch(/left to the assessor/);
        }
        if (propsOf(f, 'assessment-state')[0] === 'partially-assessed') {
          expect(f.target.status, id).toEqual({ state: 'not-satisfied', reason: 'other' });
          // Nothing failed: each objective satisfied, or itself partially assessed (attested, its
          // statement's ODP undefined: withUndefinedOdps), never one with a weakness.
          expect(objectives.every((o) => o.target.status.state === 'satisfied' || propsOf(o, 'assessment-state')[0] === 'partially-assessed'), `${id}: nothing failed`).toBe(true);
        }
      }
      // The result's own description counts what the findings hold.
      const [assessed, satisfied, notSatisfied, partial] = /(\d+) controls assessed.*?: (\d+) satisfied, (\d+) not satisfied, (\d+) partially assessed/.exec(result.description)!.slice(1).map(Number);
      const count = (v: string) => [...verdicts.values()].filter((x) => x === v).length;
      expect([assessed, satisfied, notSatisfied, partial], pkg).toEqual([verdicts.size, count('satisfied'), count('not-satisfied'), count('partially-assessed')]);
      const ssp = pkgDoc(pkg, 'ssp.json')['system-security-plan'];
      for (const r of ssp['control-implementation']['implemented-requirements'] as Json[]) {
        const said = propsOf(r, 'assessment-finding')[0];
        expect(said, `${pkg} ${r['control-id']}`).toBe(verdicts.get(r['control-id']));
        const link = (r.links as Json[] | undefined)?.find((l) => /^Findings for /.test(l.text));
        if (said) expect(link?.text, r['control-id']).toMatch(said === 'satisfied' ? /: satisfied;/ : said === 'not-satisfied' ? /: not satisfied;/ : /: partially assessed, so not satisfied/);
      }
    }
  });

  it('the PDF counts the controls the AR has findings for and those left to manual assessment, and marks each as the AR states it', () => {
    for (const [pkg, pages] of [['pkg', pdfPages], ['high', highPdfPages]] as const) pdfStatesTheAr(pkg, pages);
  });
});

/** The PDF's summary counts and each control page's mark, against the AR's own findings and selections and the SSP. */
function pdfStatesTheAr(pkg: string, pages: readonly string[]): void {
  const result = pkgDoc(pkg, 'assessment-results.json')['assessment-results'].results[0];
  const verdicts = controlVerdicts(result);
  const text = pages.join(' ').replace(/\s+/g, ' ');
  const manual = (result['reviewed-controls']['control-selections'] as Json[]).find((s) => propsOf(s, 'assessment-method')[0] === 'manual' && !propsOf(s, 'assessment-state').length)?.['include-controls'].length ?? 0;
  const manualReqs = (pkgDoc(pkg, 'ssp.json')['system-security-plan']['control-implementation']['implemented-requirements'] as Json[]).filter((r) => propsOf(r, 'assessment-method')[0] === 'manual').length;
  expect(manualReqs, pkg).toBe(manual);
  expect(text, pkg).toContain(`${manual} controls of the ${pkg === 'high' ? 'HIGH' : 'MODERATE'} baseline need manual assessment`);
  const count = (v: string) => [...verdicts.values()].filter((x) => x === v).length;
  const summary = /(\d+) controls? (?:was|were) assessed on .*?(\d+) controls? (?:is|are) satisfied .*?(\d+) controls? (?:is|are) not satisfied.*?(\d+) controls? (?:is|are) partially assessed/.exec(text);
  expect(summary, pkg).not.toBeNull();
  expect(summary!.slice(1).map(Number), pkg).toEqual([verdicts.size, count('satisfied'), count('not-satisfied'), count('partially-assessed')]);
  const marks: Record<string, string> = { '✓': 'satisfied', '✗': 'not-satisfied', '≈': 'not-satisfied', '◐': 'partially-assessed' };
  for (const [id, verdict] of verdicts) {
    const at = new RegExp(` ${id.replace('.', '\\.')} — [^✗✓◐≈]{0,160}Status ([✗✓◐≈])`).exec(text);
    expect(at, id).not.toBeNull();
    expect(marks[at![1]!], `${pkg} ${id}`).toBe(verdict);
  }
}

describeWithShared('the ARs of the rarer paths', () => {
  it('validate against NIST 1.1.3 and 1.2.2 and the producer rules', () => {
    for (const pkg of ['pkg', 'clean', 'high']) {
      const ar = pkgDoc(pkg, 'assessment-results.json');
      expect(validateOscal(ar, '1.1.3'), pkg).toEqual([]);
      expect(validateOscal(ar, '1.2.2'), pkg).toEqual([]);
      const readFile = (rel: string) => {
        try {
          return readFileSync(join(dir, pkg, rel));
        } catch {
          return undefined;
        }
      };
      expect(checkProducerRules(ar, { controlIndex: loadControlIndex(), expectedOscalVersion: '1.1.3', strictRefs: true, readFile }), pkg).toEqual([]);
    }
  });
});
