// A partially assessed control (nothing failed, objectives left to the assessor) has its own
// not-satisfied finding and no POA&M item: every document says why in the same sentence, so a
// reader counting not-satisfied control findings in the AR reconciles them with the POA&M's items
// and the PDF from the documents alone. The same counts are then taken on a mixed fleet (accepted,
// "false positive" and expired deviations, attestations, a stale device, checks not applicable,
// --system-name): AR, PDF, results.csv, POA&M, SSP, CKL and HDF must tell one story.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runExport } from '../src/export/run.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';
import { pdfPageTexts } from './support/pdf-text.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
const propOf = (o: Json, name: string): string | undefined => (o.props ?? []).find((p: Json) => p.name === name)?.value;
const flat = (s: string) => s.replace(/\s+/g, ' ');

let dir: string;
let ar: Json;
let poam: Json;
let pdf: string;
let ssp: Json;
/** The mixed fleet's package. */
const mix = {} as { ar: Json; poam: Json; ssp: Json; pdf: string; csv: Json[]; hdf: Json; ckl: Map<string, string>; cklb: Map<string, Json>; emassComments: string[] };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-partial-reconciles-'));
  await runAssess({
    inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', toolVersion: 'test', pdf: true,
    now: '2026-11-02T18:00:00Z', warn: () => {}, attestations: sample('attestations.yaml'), system: sample('system.yaml'),
  });
  ar = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'))['assessment-results'];
  ssp = JSON.parse(readFileSync(join(dir, 'pkg/ssp.json'), 'utf8'))['system-security-plan'];
  poam = JSON.parse(readFileSync(join(dir, 'pkg/poam.json'), 'utf8'))['plan-of-action-and-milestones'];
  pdf = flat((await pdfPageTexts(join(dir, 'pkg/evidence-package.pdf'))).join(' '));

  // The mixed fleet: every sample device (US-01's evidence is stale, LAB-01 has checks that do not
  // apply), the samples' accepted and expired deviations, one the AO approved as a false positive
  // (a failing check on LAB-01 only) and one on US-01's stale TIME-SYNC.
  const devs = join(dir, 'deviations.csv');
  copyFileSync(sample('deviations.csv'), devs);
  writeFileSync(devs, readFileSync(devs, 'utf8') + [
    'PWD-HISTORY,LAB-01,False positive: the clinical application enforces its own password history.,Jonas Lindqvist (Authorizing Official),2027-03-31,',
    'TIME-SYNC,US-01,Accepted risk: the portable ultrasound is synchronised at docking.,Jonas Lindqvist (Authorizing Official),2027-01-31,',
  ].join('\n') + '\n');
  // Two more devices: one whose snapshot holds nothing but its identity (every value not
  // collected), and one whose id holds characters Markdown and XML treat apart ("_", ".") and
  // that fails PWD-MAX-AGE on an account (another failing value than CT-01's and LAB-01's policy).
  const mr02 = JSON.parse(readFileSync(sample('MR-02/MR-02_2026-11-02.json'), 'utf8'));
  const empty = { schemaVersion: mr02.schemaVersion, device: { ...mr02.device, id: 'EMPTY-01' }, collectedAt: mr02.collectedAt, collector: mr02.collector };
  writeFileSync(join(dir, 'empty.json'), JSON.stringify(empty));
  const odd = { ...mr02, device: { ...mr02.device, id: 'Rad_02.x-1' } };
  odd.access.accounts.find((a: Json) => a.enabled && a.source === 'local').passwordLastSet = '2025-01-01T00:00:00Z';
  writeFileSync(join(dir, 'odd.json'), JSON.stringify(odd));
  const out = join(dir, 'mix');
  await runAssess({
    inputs: [join(root, 'samples'), join(dir, 'empty.json'), join(dir, 'odd.json')], out, force: false, baseline: 'moderate', toolVersion: 'test', pdf: true, now: '2026-11-02T18:00:00Z', warn: () => {},
    deviations: devs, attestations: sample('attestations.yaml'), system: sample('system.yaml'), systemName: 'Radiology Scratch Fleet', capabilities: sample('vendor-capabilities.yaml'),
  });
  const j = (f: string) => JSON.parse(readFileSync(join(out, f), 'utf8'));
  mix.ar = j('assessment-results.json')['assessment-results'];
  mix.poam = j('poam.json')['plan-of-action-and-milestones'];
  mix.ssp = j('ssp.json')['system-security-plan'];
  mix.pdf = flat((await pdfPageTexts(join(out, 'evidence-package.pdf'))).join(' '));
  mix.csv = parse(readFileSync(join(out, 'results.csv'), 'utf8'), { columns: true });
  for (const format of ['hdf', 'ckl', 'cklb'] as const) await runExport({ format, pkg: out, out: join(dir, `mix-${format}`), force: false, toolVersion: 'test', now: '2026-11-02T18:00:00Z' });
  await runExport({ format: 'emass-poam', pkg: out, out: join(dir, 'mix-emass'), force: false, toolVersion: 'test', now: '2026-11-02T18:00:00Z', resources: 'Site IT staff time', relevance: 'Moderate' });
  mix.hdf = JSON.parse(readFileSync(join(dir, 'mix-hdf/hdf.json'), 'utf8'));
  mix.ckl = new Map(readdirSync(join(dir, 'mix-ckl')).filter((f) => f.endsWith('.ckl')).map((f) => [f.slice(0, -4), readFileSync(join(dir, 'mix-ckl', f), 'utf8')]));
  mix.cklb = new Map(readdirSync(join(dir, 'mix-cklb')).filter((f) => f.endsWith('.cklb')).map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(dir, 'mix-cklb', f), 'utf8'))]));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, 'mix-emass/emass-poam.xlsx'));
  const ws = wb.worksheets[0]!;
  mix.emassComments = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const v = ws.getRow(r).getCell(13).value;
    if (typeof v === 'string' && v.includes('(poam.json item ')) mix.emassComments.push(v);
  }
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const controlFindingsOf = (a: Json): Json[] => (a.results[0].findings as Json[]).filter((f) => propOf(f, 'control-id') && !propOf(f, 'objective-id'));

/** Checks every SSP statement against the AR finding of its control; the count of partially assessed controls declared implemented. */
function sspExplained(a: Json, s: Json): number {
  const byControl = new Map(controlFindingsOf(a).map((f) => [propOf(f, 'control-id'), f]));
  let partialDeclared = 0;
  for (const r of s['control-implementation']['implemented-requirements'] as Json[]) {
    const f = byControl.get(r['control-id']);
    const status = propOf(r, 'implementation-status');
    if (!f || !status) continue;
    const remarks = String(r.remarks ?? '');
    if (f.target.status.state === 'not-satisfied' && ['implemented', 'partial', 'alternative'].includes(status)) {
      if (propOf(f, 'assessment-state') === 'partially-assessed') {
        partialDeclared++;
        expect(remarks, r['control-id']).toMatch(/not-satisfied \(reason other, assessment-state partially-assessed\).*no POA&M item/);
      } else expect(remarks, r['control-id']).toMatch(/found it not satisfied/);
    }
    if (f.target.status.state === 'satisfied' && status === 'planned') expect(remarks, r['control-id']).toMatch(/Declared planned, but .* found it satisfied/);
  }
  return partialDeclared;
}

describe('a partially assessed control across the package', () => {
  const controlFindings = () => (ar.results[0].findings as Json[]).filter((f) => propOf(f, 'control-id') && !propOf(f, 'objective-id'));

  it('every not-satisfied control finding either has a risk on a POA&M item or says why it has none', () => {
    const itemRisks = new Set((poam['poam-items'] as Json[]).flatMap((i) => (i['related-risks'] ?? []).map((r: Json) => r['risk-uuid'])));
    const notSatisfied = controlFindings().filter((f) => f.target.status.state === 'not-satisfied');
    const partial = notSatisfied.filter((f) => propOf(f, 'assessment-state') === 'partially-assessed');
    expect(partial.length).toBeGreaterThan(0);
    for (const f of notSatisfied) {
      const risks = (f['related-risks'] ?? []).map((r: Json) => r['risk-uuid']);
      if (partial.includes(f)) {
        expect(risks, f.title).toEqual([]);
        expect(f.remarks, f.title).toMatch(/no POA&M item or risk: nothing failed/);
      } else {
        expect(risks.some((u: string) => itemRisks.has(u)), f.title).toBe(true);
      }
    }
  });

  it('the PDF says the same sentence in the control entry and names the controls in its POA&M section', () => {
    const partial = controlFindings().filter((f) => propOf(f, 'assessment-state') === 'partially-assessed');
    for (const f of partial) expect(pdf).toContain(flat(f.remarks));
    const ids = partial.map((f) => propOf(f, 'control-id')).join(', ');
    expect(pdf).toContain(`The ${partial.length} partially assessed control(s) (${ids}) have a not-satisfied finding in assessment-results.json`);
  });

  it('the SSP says why wherever its declared status and the AR finding of the same run disagree', () => {
    expect(sspExplained(ar, ssp)).toBeGreaterThan(0);
  });

  it('no rendered text of the package has doubled words or units, undefined, NaN, [object Object], "()" or a by-name default', () => {
    writeFileSync(join(dir, 'pdf.txt'), pdf);
    const files = ['assessment-results.json', 'poam.json', 'ssp.json', 'assessment-plan.json'].map((f) => join(dir, 'pkg', f));
    const r = spawnSync(process.execPath, [join(root, 'scripts/text-sweep.mjs'), ...files, join(dir, 'pdf.txt')], { encoding: 'utf8' });
    // The PDF's extracted text runs table cells together ("Moderate Moderate" across columns): words doubled there are layout.
    expect(r.stdout.split('\n').filter((l) => l && !(l.startsWith(join(dir, 'pdf.txt')) && l.includes(': doubled word: ')))).toEqual([]);
    // A run states its values: a parameter named with its default is the component definition's form only.
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/\(default \d/);
    expect(pdf).not.toMatch(/\(default \d/);
  });

  describeWithShared('schemas', () => {
    it('the mixed fleet\'s results and POA&M stay valid against NIST 1.1.3 and 1.2.2', () => {
      for (const doc of [{ 'assessment-results': mix.ar }, { 'plan-of-action-and-milestones': mix.poam }]) {
        expect(validateOscal(doc, '1.1.3')).toEqual([]);
        expect(validateOscal(doc, '1.2.2')).toEqual([]);
      }
    });
  });

  describeWithShared('schemas', () => {
    it('the results stay valid against NIST 1.1.3 and 1.2.2', () => {
      const doc = { 'assessment-results': ar };
      expect(validateOscal(doc, '1.1.3')).toEqual([]);
      expect(validateOscal(doc, '1.2.2')).toEqual([]);
    });
  });
});

describe('a mixed fleet across the package', () => {
  const result = () => mix.ar.results[0];
  /** Inventory item uuid -> device id, from the AR's evidence resources. */
  const deviceOf = () => new Map((mix.ar['back-matter'].resources as Json[]).filter((r) => propOf(r, 'device-id')).map((r) => [propOf(r, 'inventory-item-uuid'), propOf(r, 'device-id')]));
  /** Every device × check result the AR states, from its observations' subjects. */
  const arResults = () => {
    const dev = deviceOf();
    const out = new Map<string, string>();
    for (const o of result().observations as Json[]) {
      const check = propOf(o, 'check-id');
      if (!check) continue;
      for (const sub of o.subjects ?? []) out.set(`${dev.get(sub['subject-uuid'])}|${check}`, propOf(o, 'result')!);
    }
    return out;
  };
  const count = (values: Iterable<string>) => {
    const c: Record<string, number> = {};
    for (const v of values) c[v] = (c[v] ?? 0) + 1;
    return c;
  };

  it('results.csv, the AR and the PDF summary count the same device × check results', () => {
    const ars = arResults();
    expect(mix.csv.length).toBe(ars.size);
    for (const r of mix.csv) expect(ars.get(`${r.device}|${r.check}`), `${r.check} on ${r.device}`).toBe(r.status);
    const c = count(mix.csv.map((r) => r.status as string));
    // The mix holds every status, deviations included.
    for (const s of ['pass', 'fail', 'deviation', 'not-applicable', 'not-collected']) expect(c[s], s).toBeGreaterThan(0);
    expect(mix.pdf).toContain(`(${mix.csv.length} device × check results: ${c.pass} passed, ${c.fail} failed)`);
  });

  it('the PDF counts the control findings by status as the AR states them', () => {
    const fs = controlFindingsOf(mix.ar);
    const partial = fs.filter((f) => propOf(f, 'assessment-state') === 'partially-assessed').length;
    const satisfied = fs.filter((f) => f.target.status.state === 'satisfied').length;
    const notSatisfied = fs.filter((f) => f.target.status.state === 'not-satisfied').length - partial;
    expect(mix.pdf).toContain(`${satisfied} controls are satisfied (every objective shown), ${notSatisfied} controls are not satisfied, and ${partial} controls are partially assessed`);
    expect(mix.pdf).toMatch(new RegExp(`✓ Satisfied ${satisfied} ✗ Not satisfied ${notSatisfied} ≈ Not satisfied: approved deviation \\d+ ◐ Partially assessed ${partial} `));
  });

  it('every not-satisfied control finding is answered by a POA&M item (open or accepted) or is partially assessed, and the PDF counts the items by status', () => {
    const items = mix.poam['poam-items'] as Json[];
    const byRisk = new Map(items.flatMap((i) => (i['related-risks'] ?? []).map((r: Json) => [r['risk-uuid'], i] as const)));
    const arRisks = new Set((result().risks as Json[]).map((r) => r.uuid));
    const poamRisks = new Set((mix.poam.risks as Json[]).map((r) => r.uuid));
    // One risk per weakness, the same uuids in both documents, each on exactly one item.
    expect([...poamRisks].sort()).toEqual([...arRisks].sort());
    expect(byRisk.size).toBe(poamRisks.size);
    let partial = 0;
    for (const f of controlFindingsOf(mix.ar).filter((x) => x.target.status.state === 'not-satisfied')) {
      const risks = (f['related-risks'] ?? []).map((r: Json) => r['risk-uuid']);
      if (propOf(f, 'assessment-state') === 'partially-assessed') {
        partial++;
        expect(risks, f.title).toEqual([]);
      } else {
        expect(risks.length, f.title).toBeGreaterThan(0);
        for (const u of risks) expect(byRisk.has(u), `${f.title}: ${u}`).toBe(true);
      }
    }
    // Every risk the POA&M holds is one a finding of the AR names.
    const cited = new Set((result().findings as Json[]).flatMap((f) => (f['related-risks'] ?? []).map((r: Json) => r['risk-uuid'])));
    for (const u of arRisks) expect(cited.has(u), u).toBe(true);
    const status = count(items.map((i) => propOf(i, 'poam-status')!));
    expect(status['deviation-approved']).toBeGreaterThan(0);
    expect(mix.pdf).toContain(`poam.json holds ${items.length} item(s), one per weakness: ${status.open} open`);
    expect(mix.pdf).toContain(`${status['deviation-approved']} accepted by approved deviation, ${status.closed ?? 0} closed by this assessment`);
    expect(partial).toBeGreaterThan(0);
    expect(mix.pdf).toContain(`The ${partial} partially assessed control(s)`);
  });

  it('every POA&M item cites observations and findings the AR holds, and an accepted item only results under an approved deviation', () => {
    const obs = new Map((result().observations as Json[]).map((o) => [o.uuid, o]));
    const findings = new Set((result().findings as Json[]).map((f) => f.uuid));
    for (const i of mix.poam['poam-items'] as Json[]) {
      for (const o of i['related-observations'] ?? []) expect(obs.has(o['observation-uuid']), `${i.title}: ${o['observation-uuid']}`).toBe(true);
      for (const f of i['related-findings'] ?? []) expect(findings.has(f['finding-uuid']), `${i.title}: ${f['finding-uuid']}`).toBe(true);
      // Accepted by deviation: the deviation accepts the devices it names. Another device's
      // evidence not collected (stale) cited by the item would be accepted with it.
      if (propOf(i, 'poam-status') === 'deviation-approved') {
        for (const o of i['related-observations'] ?? []) {
          const ob = obs.get(o['observation-uuid']);
          if (ob && propOf(ob, 'check-id')) expect(propOf(ob, 'result'), `${i.title}: ${ob.title}`).toBe('deviation');
        }
      }
    }
  });

  it('the SSP says why wherever its declared status and the AR finding disagree', () => {
    sspExplained(mix.ar, mix.ssp);
    expect(mix.ssp.metadata.title).toContain('Radiology Scratch Fleet');
    expect(mix.ssp['system-characteristics']['system-name']).toBe('Radiology Scratch Fleet');
  });

  it('hdf.json and each device\'s CKL state the results.csv status of every check they name', () => {
    const csv = new Map(mix.csv.map((r) => [`${r.device}|${r.check}`, r.status as string]));
    const word: Record<string, string> = { pass: 'passed', fail: 'failed', deviation: 'failed', 'not-applicable': 'skipped', 'not-collected': 'error' };
    for (const c of mix.hdf.profiles[0].controls as Json[]) {
      const failing = (c.results as Json[]).some((r) => r.status === 'failed');
      for (const r of c.results as Json[]) {
        const status = csv.get(`${r.resource}|${c.id}`)!;
        // Not collected beside a fail is skipped, saying so (export-hdf).
        if (!(status === 'not-collected' && failing)) expect(r.status, `${c.id} on ${r.resource}`).toBe(word[status]);
      }
    }
    const phrase: Record<string, string> = { pass: 'passed', fail: 'failed', deviation: 'failed (approved deviation)', 'not-applicable': 'does not apply', 'not-collected': 'not collected' };
    // Every rule's details, in CKL (XML) and CKLB (JSON): "ato-evidence check ID (title): result on DEVICE."
    // A title may hold brackets of its own ("(local policy)").
    // On a device the Windows 10 STIG does not cover (docs/interop.md "STIG scope") every rule is
    // Not_Reviewed, its COMMENTS say so, and the checks' results stay in the details.
    const checked = (device: string, rules: Array<{ status: string; details: string; comments: string }>, open: string, done: string, notReviewed: string) => {
      let named = 0;
      for (const { status, details, comments } of rules) {
        const outside = comments.startsWith('Not reviewed against this STIG: ');
        if (outside) expect(status, `${device}: ${details.slice(0, 80)}`).toBe(notReviewed);
        const statuses: string[] = [];
        for (const m of details.matchAll(/ato-evidence check ([A-Z0-9-]+) \((?:[^()]|\([^()]*\))*\): (.+?) on (\S+)\.(?:\n|$)/g)) {
          named++;
          const s = csv.get(`${device}|${m[1]}`)!;
          statuses.push(s);
          expect(m[3], `${m[1]} in ${device}'s checklist`).toBe(device);
          expect(m[2], `${m[1]} on ${device}`).toBe(phrase[s]);
          if (m[2].startsWith('failed')) expect(status, `${m[1]} on ${device}`).toBe(outside ? notReviewed : open);
        }
        // A rule is not a finding only where every check it names passed or does not apply.
        if (status === done) expect(statuses.filter((x) => x !== 'pass' && x !== 'not-applicable'), `${device}: ${details.slice(0, 80)}`).toEqual([]);
      }
      return named;
    };
    for (const [device, ckl] of mix.ckl) {
      const rules = ckl.split('<VULN>').slice(1).map((v) => ({ status: /<STATUS>(.*?)<\/STATUS>/.exec(v)![1]!, details: /<FINDING_DETAILS>([\s\S]*?)<\/FINDING_DETAILS>/.exec(v)?.[1] ?? '', comments: /<COMMENTS>([\s\S]*?)<\/COMMENTS>/.exec(v)?.[1] ?? '' }));
      expect(checked(device, rules, 'Open', 'NotAFinding', 'Not_Reviewed'), device).toBeGreaterThan(0);
    }
    for (const [device, cklb] of mix.cklb) {
      const rules = (cklb.stigs as Json[]).flatMap((s) => (s.rules as Json[]).map((r) => ({ status: r.status as string, details: (r.finding_details as string) ?? '', comments: (r.comments as string) ?? '' })));
      expect(checked(device, rules, 'open', 'not_a_finding', 'not_reviewed'), device).toBeGreaterThan(0);
    }
  });

  it('every document names the same devices: a stale one, one with nothing collected, one whose id Markdown and XML treat apart', () => {
    const devices = [...new Set(mix.csv.map((r) => r.device as string))].sort();
    expect(devices).toEqual(expect.arrayContaining(['US-01', 'EMPTY-01', 'Rad_02.x-1']));
    expect([...new Set([...deviceOf().values()])].sort()).toEqual(devices);
    const items = (mix.ssp['system-implementation']['inventory-items'] as Json[]).map((i) => propOf(i, 'asset-id')).sort();
    expect(items).toEqual(devices);
    expect([...new Set((mix.hdf.profiles[0].controls as Json[]).flatMap((c) => (c.results as Json[]).map((r) => r.resource)))].sort()).toEqual(devices);
    expect([...mix.ckl.keys()].sort()).toEqual(devices);
    expect([...mix.cklb.keys()].sort()).toEqual(devices);
    for (const d of devices) expect(mix.pdf, d).toContain(d);
    // EMPTY-01 holds its identity alone: a check reading anything else is not collected there
    // (only one reading the device's own description, such as its Windows release, can be judged).
    const reads = new Map(loadCatalog().checks.map((c) => [c.id, c.reads]));
    const judged = mix.csv.filter((r) => r.device === 'EMPTY-01' && r.status !== 'not-collected');
    for (const r of judged) expect(reads.get(r.check)!.every((f) => f.startsWith('device.')), `${r.check} ${r.status} on EMPTY-01`).toBe(true);
    expect(mix.csv.filter((r) => r.device === 'EMPTY-01' && r.status === 'not-collected').length).toBeGreaterThan(judged.length);
  });

  it('the eMASS workbook lists each POA&M item\'s affected devices, no more and no fewer', () => {
    const items = new Map((mix.poam['poam-items'] as Json[]).map((i) => [i.uuid, i]));
    const seen = new Set<string>();
    for (const c of mix.emassComments) {
      const uuid = /\(poam\.json item ([0-9a-f-]+)\)/.exec(c)![1]!;
      seen.add(uuid);
      const item = items.get(uuid)!;
      expect(item, uuid).toBeDefined();
      const affected = ((item.props as Json[]).filter((p) => p.name === 'affected-device').map((p) => p.value as string)).sort();
      const listed = /Devices affected: (.*)\./.exec(c)?.[1]?.split('; ').sort() ?? [];
      expect(listed, item.title).toEqual(affected);
    }
    expect(seen.size).toBe(items.size);
  });

  it('every failing device\'s value in results.csv is stated by the POA&M item covering it (description, risk and observation copy)', () => {
    const items = mix.poam['poam-items'] as Json[];
    const risks = new Map((mix.poam.risks as Json[]).map((r) => [r.uuid, r]));
    const copies = mix.poam.observations as Json[];
    const uuidOf = new Map((mix.ssp['system-implementation']['inventory-items'] as Json[]).map((i) => [propOf(i, 'asset-id'), i.uuid]));
    let failing = 0;
    for (const r of mix.csv.filter((x) => x.status === 'fail')) {
      failing++;
      const item = items.find((i) => propOf(i, 'check-id') === r.check && (i.props as Json[]).some((p) => p.name === 'affected-device' && p.value === r.device));
      expect(item, `${r.check} on ${r.device}`).toBeDefined();
      const statement = (item!['related-risks'] as Json[]).map((x) => risks.get(x['risk-uuid'])!.statement as string).join('\n');
      // The item and its risk state this device's own finding, with the device named.
      expect(flat(item!.description), `${r.check} on ${r.device}: item`).toContain(flat(r.found));
      expect(flat(statement), `${r.check} on ${r.device}: risk`).toContain(`${r.device}: ${flat(r.found)}`);
      // The copy of the observation whose subjects hold the device states the device's observed value.
      const copy = copies.find((o) => propOf(o, 'check-id') === r.check && (o.subjects as Json[]).some((s) => s['subject-uuid'] === uuidOf.get(r.device)));
      expect(copy, `${r.check} on ${r.device}: copy`).toBeDefined();
      // results.csv puts an apostrophe before a value a spreadsheet would read as a formula ("-1").
      expect(propOf(copy!, 'observed-value'), `${r.check} on ${r.device}: copy`).toBe((r.observed_value as string).replace(/^'(?=[=+\-@\t\r])/, ''));
    }
    // PWD-MAX-AGE fails on three devices with three different values.
    expect(new Set(mix.csv.filter((x) => x.check === 'PWD-MAX-AGE' && x.status === 'fail').map((x) => x.observed_value)).size).toBeGreaterThanOrEqual(3);
    expect(failing).toBeGreaterThan(0);
  });

  it('states a parameter nobody defined once, and a time source once', () => {
    const texts = JSON.stringify([mix.ar, mix.poam, mix.ssp]) + mix.pdf;
    expect(texts).not.toMatch(/not defined by the organisation\)? \(not defined by the organisation/);
    const ct01 = JSON.parse(readFileSync(sample('CT-01/CT-01_2026-11-02.json'), 'utf8'));
    const source: string = ct01.audit.timeSync.source;
    const o = (result().observations as Json[]).find((x) => x.title === 'TIME-SYNC on CT-01')!;
    expect(propOf(o, 'observed-value')!.split('; ').filter((p) => p === source)).toHaveLength(1);
    // audit.timeSync is one object, not a list of "time synchronisation states" to count.
    expect(o.description).not.toMatch(/states: 1 checked|1 checked, all compliant/);
  });
});
