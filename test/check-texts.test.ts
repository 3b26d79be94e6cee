// A check's title, description and remediation state the organisation's parameter values, never the defaults'
// digits: with lockout-threshold-max = 10 no document of the package (AR, plan, POA&M, SSP, PDF,
// results.csv, CKL, CKLB, HDF, eMASS) says "at most 3"; without params the texts are the defaults';
// the component definition, tied to no run, names the parameter.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { runExport } from '../src/export/run.js';
import { loadCatalog, paramsCompared, parseChecks } from '../src/catalog/load-checks.js';
import { checksByParameterName, checksWithValues, paramTitlesOf, renderCheckText, TEMPLATE_OF, TEMPLATED, templateProblem } from '../src/catalog/check-texts.js';
import { pdfPageTexts } from './support/pdf-text.js';
import { haveShared, validateOscal } from './support/oscal-schema.js';
import { expectUserError } from './support/user-error.js';

const root = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-02T18:00:00Z';
const sample = (p: string) => join(root, 'samples', p);
type Json = Record<string, any>;
let dir: string;

/** Every text a folder's files hold: JSON, CSV, CKL(B) as text, the PDF's pages, the workbook's cells. */
async function textsOf(folder: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of readdirSync(folder, { recursive: true }) as string[]) {
    const file = join(folder, name);
    if (!statSync(file).isFile() || name.startsWith('evidence/')) continue;
    if (name.endsWith('.pdf')) out.set(name, (await pdfPageTexts(file)).join('\n').replace(/\s+/g, ' '));
    else if (name.endsWith('.xlsx')) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const cells: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => { if (typeof c.value === "string") cells.push(c.value); })));
      out.set(name, cells.join('\n'));
    } else out.set(name, readFileSync(file, 'utf8'));
  }
  return out;
}

async function assessAndExport(name: string, params?: string): Promise<Map<string, string>> {
  const pkg = join(dir, name);
  await runAssess({
    inputs: [sample('')], out: pkg, force: false, baseline: 'moderate', toolVersion: 'test', pdf: true, now: NOW, warn: () => {},
    deviations: sample('deviations.csv'), attestations: sample('attestations.yaml'), system: sample('system.yaml'), capabilities: sample('vendor-capabilities.yaml'),
    ...(params ? { params } : {}),
  });
  for (const format of ['ckl', 'cklb', 'hdf'] as const) await runExport({ format, pkg, out: join(dir, `${name}-${format}`), force: false, toolVersion: 'test', now: NOW });
  await runExport({ format: 'emass-poam', pkg, out: join(dir, `${name}-emass`), force: false, toolVersion: 'test', now: NOW, resources: 'Site IT staff time' });
  const all = new Map<string, string>();
  for (const sub of ['', '-ckl', '-cklb', '-hdf', '-emass']) for (const [f, t] of await textsOf(join(dir, `${name}${sub}`))) all.set(`${name}${sub}/${f}`, t);
  return all;
}

let tuned: Map<string, string>;
let plain: Map<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'check-texts-'));
  const params = join(dir, 'params.json');
  writeFileSync(params, JSON.stringify({ 'lockout-threshold-max': 10 }));
  tuned = await assessAndExport('tuned', params);
  plain = await assessAndExport('plain');
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check titles and remediations follow the run\'s parameter values', () => {
  it('with lockout-threshold-max = 10 no document of the package or its exports says "at most 3" or "= 3 invalid logon attempts"', () => {
    expect(tuned.size).toBeGreaterThan(10);
    for (const [file, text] of tuned) {
      expect(text, file).not.toMatch(/at most 3 bad logon/);
      expect(text, file).not.toMatch(/= 3 invalid logon attempts/);
    }
    // The documents that title the check state the run's value beside what is required.
    for (const f of ['tuned/assessment-results.json', 'tuned/poam.json', 'tuned/assessment-plan.json', 'tuned/evidence-package.pdf', 'tuned-ckl/MR-01.ckl', 'tuned-hdf/hdf.json']) {
      expect(tuned.get(f), f).toContain('Accounts lock after at most 10 bad logon attempts (local policy)');
    }
    expect(tuned.get('tuned/assessment-results.json')).toMatch(/Accounts lock after at most 10 bad logon attempts \(local policy\): fail\. Account lockout threshold: 0 \(never locks\)\. Required: 1 to 10 /);
    expect(tuned.get('tuned/poam.json')).toContain('Account lockout threshold\\" = 10 invalid logon attempts or fewer');
  });

  it('a check\'s description states the run\'s value too, in every document that shows it (plan, HDF, eMASS): never the default beside the run\'s title', () => {
    for (const [file, text] of tuned) expect(text, file).not.toMatch(/\(3 by default\)|organisation's maximum \(3\)/);
    for (const f of ['tuned/assessment-plan.json', 'tuned-hdf/hdf.json', 'tuned-emass/emass-poam.xlsx']) {
      expect(tuned.get(f), f).toContain("The account lockout threshold must be between 1 and the organisation's maximum (10)");
    }
  });

  it('with params, the AR, results.csv and hdf.json give each device × check one status, and the eMASS workbook one row set per POA&M item', () => {
    const ar = JSON.parse(tuned.get('tuned/assessment-results.json')!)['assessment-results'].results[0];
    const ssp = JSON.parse(tuned.get('tuned/ssp.json')!)['system-security-plan'];
    const prop = (o: Json, name: string) => (o.props ?? []).find((p: Json) => p.name === name)?.value;
    const device = new Map((ssp['system-implementation']['inventory-items'] as Json[]).map((i) => [i.uuid, prop(i, 'asset-id')]));
    const fromAr = new Map<string, string>();
    for (const o of ar.observations as Json[]) {
      if (!prop(o, 'check-id')) continue;
      for (const s of o.subjects as Json[]) if (s.type === 'inventory-item') fromAr.set(`${device.get(s['subject-uuid'])}|${prop(o, 'check-id')}`, prop(o, 'result'));
    }
    const rows: Json[] = parse(tuned.get('tuned/results.csv')!, { columns: true });
    expect(rows.length).toBe(fromAr.size);
    for (const r of rows) expect(r.status, `${r.device} ${r.check}`).toBe(fromAr.get(`${r.device}|${r.check}`));
    const word: Record<string, string[]> = { pass: ['passed'], fail: ['failed'], deviation: ['failed'], 'not-applicable': ['skipped'], 'not-collected': ['error', 'skipped'] };
    for (const c of JSON.parse(tuned.get('tuned-hdf/hdf.json')!).profiles[0].controls as Json[]) {
      for (const r of c.results as Json[]) expect(word[fromAr.get(`${r.resource}|${c.id}`)!], `${r.resource} ${c.id}`).toContain(r.status);
    }
    const items = JSON.parse(tuned.get('tuned/poam.json')!)['plan-of-action-and-milestones']['poam-items'] as Json[];
    const weaknesses = new Set([...tuned.get('tuned-emass/emass-poam.xlsx')!.matchAll(/ato-evidence weakness (\S+)/g)].map((m) => m[1]));
    expect(weaknesses.size).toBe(items.length);
  });

  it('no text of a bundled check states a compared parameter\'s default in digits: each inserts the parameter', () => {
    const { checks, parameters } = loadCatalog();
    const numbers = new Map(parameters.filter((p) => p.type === 'number' && typeof p.default === 'number').map((p) => [p.id, p.default as number]));
    // Numbers that are not the parameter's value: a source's own figure (NIST's 64 characters),
    // a curve's size (P-256), said beside the parameter.
    const cited = [/permit at least 64 characters/, /P-256, P-384, P-521 are 256, 384, 521/];
    const found: string[] = [];
    for (const c of checks) {
      for (const k of TEMPLATED) {
        let text = c[TEMPLATE_OF[k]] ?? c[k];
        if (!text) continue;
        for (const r of cited) text = text.replace(r, '');
        for (const id of paramsCompared(c.test, c.appliesWhen)) {
          const v = numbers.get(id);
          if (v === undefined) continue;
          const digits = [String(v), v.toLocaleString('en-US')].map((d) => d.replace(/[.,]/g, '\\$&'));
          if (new RegExp(`(?<![\\w.,{-])(${digits.join('|')})(?![\\d,])`).test(text.replace(/\{\{[^}]*\}\}/g, ''))) found.push(`${c.id} ${k} states ${id}'s default ${v}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('without params the titles are the defaults\'', () => {
    for (const f of ['plain/assessment-results.json', 'plain/poam.json', 'plain/evidence-package.pdf', 'plain-ckl/MR-01.ckl']) {
      expect(plain.get(f), f).toContain('Accounts lock after at most 3 bad logon attempts (local policy)');
    }
    expect(plain.get('plain/assessment-results.json')).toContain('The screen locks after at most 15 minutes of inactivity');
    expect(plain.get('plain/assessment-results.json')).toContain('Passwords are at least 14 characters long (local policy)');
    for (const text of plain.values()) expect(text).not.toMatch(/\{\{|the organisation's lockout-threshold-max/);
  });

  it.runIf(haveShared())('the OSCAL documents with the run\'s titles stay valid against NIST\'s schema', () => {
    for (const f of ['assessment-results.json', 'poam.json', 'ssp.json', 'assessment-plan.json']) {
      expect(validateOscal(JSON.parse(tuned.get(`tuned/${f}`)!), '1.1.3'), f).toEqual([]);
    }
  });
});

describe('a document tied to no run names the parameter', () => {
  it('renders a placeholder by value, by name with its default, with units', () => {
    const { parameters } = loadCatalog();
    const defs = new Map(parameters.map((p) => [p.id, p]));
    expect(renderCheckText('at most {{lockout-threshold-max}} bad logon attempts', defs, new Map([['lockout-threshold-max', 10]]))).toBe('at most 10 bad logon attempts');
    expect(renderCheckText('at most {{lockout-threshold-max}} bad logon attempts', defs, undefined)).toBe("at most the organisation's lockout-threshold-max (default 3) bad logon attempts");
    // Already bracketed after "the organisation's maximum (": said once, not nested brackets.
    expect(renderCheckText("between 1 and the organisation's maximum ({{lockout-threshold-max}}).", defs, undefined)).toBe("between 1 and the organisation's maximum (lockout-threshold-max, default 3).");
    expect(renderCheckText('at most {{minutes screen-lock-timeout-max-secs}}', defs, new Map([['screen-lock-timeout-max-secs', 600]]))).toBe('at most 10 minutes');
    expect(renderCheckText('at most {{minutes screen-lock-timeout-max-secs}}', defs, new Map([['screen-lock-timeout-max-secs', 90]]))).toBe('at most 90 seconds');
    expect(renderCheckText('kept {{days password-min-age-days}}', defs, new Map([['password-min-age-days', 2]]))).toBe('kept 2 days');
    // The unit the template writes after a placeholder belongs to the value: inside the bracket, not after it ("(default 15) minutes").
    expect(renderCheckText('locked for at least {{lockout-duration-min-minutes}} minutes (local policy)', defs, undefined)).toBe("locked for at least the organisation's lockout-duration-min-minutes (default 15 minutes) (local policy)");
    expect(renderCheckText('locked for at least {{lockout-duration-min-minutes}} minutes', defs, new Map())).toBe("locked for at least the organisation's lockout-duration-min-minutes (not set, in minutes)");
    expect(renderCheckText('locked for at least {{lockout-duration-min-minutes}} minutes', defs, new Map([['lockout-duration-min-minutes', 30]]))).toBe('locked for at least 30 minutes');
    // A unit stated by the helper and written again would read "15 minutes minutes": the catalog refuses it.
    expect(templateProblem('at most {{minutes screen-lock-timeout-max-secs}} minutes', defs, new Set(['screen-lock-timeout-max-secs']))).toMatch(/states the unit/);
    expect(templateProblem('at most {{minutes screen-lock-timeout-max-secs}} of inactivity', defs, new Set(['screen-lock-timeout-max-secs']))).toBeUndefined();
  });

  it('every check text tied to no run reads as a sentence where it names a parameter: no owner after a determiner, no bracket in a bracket', () => {
    const { checks, parameters } = loadCatalog();
    const defs = new Map(parameters.map((p) => [p.id, p]));
    let named = 0;
    for (const c of checksByParameterName(checks, parameters)) {
      for (const text of [c.title, c.description, c.remediation]) {
        if (!text || !/\(default \d|, default \d/.test(text)) continue;
        named++;
        expect(text, c.id).not.toMatch(/\b(?:the|a|an|last|first) the organisation's/i);
        // "(the organisation's x (default 14) characters)": a bracket opened inside a bracket.
        expect(text, c.id).not.toMatch(/\([^()]*\([^()]*default/);
      }
    }
    expect(named).toBeGreaterThan(20);
    expect(renderCheckText('A full scan ran within the last {{days full-scan-max-age-days}}', defs, undefined)).toBe("A full scan ran within the last full-scan-max-age-days (the organisation's value, default 7 days)");
    expect(renderCheckText('at least the organisation\'s minimum ({{password-min-length}} characters).', defs, undefined)).toBe("at least the organisation's minimum (password-min-length, default 14 characters).");
  });

  it('a check rendered with a run\'s values still names parameters by their titles (a result\'s texts read them from the check)', () => {
    const { checks, parameters } = loadCatalog();
    const lockout = checks.find((c) => c.id === 'LOCKOUT-THRESHOLD')!;
    const run = checksWithValues(checks, parameters, new Map([['lockout-threshold-max', 10]])).find((c) => c.id === 'LOCKOUT-THRESHOLD')!;
    expect(run).not.toBe(lockout);
    expect(run.title).toMatch(/at most 10 bad logon/);
    const title = parameters.find((p) => p.id === 'lockout-threshold-max')!.title;
    expect(title).toBeTruthy();
    expect(paramTitlesOf(run)?.['lockout-threshold-max']).toBe(title);
  });

  it('the component definition states "at most the organisation\'s lockout-threshold-max (default 3)"', () => {
    const { checks, parameters } = loadCatalog();
    const lockout = checksByParameterName(checks, parameters).find((c) => c.id === 'LOCKOUT-THRESHOLD')!;
    expect(lockout.title).toBe("Accounts lock after at most the organisation's lockout-threshold-max (default 3) bad logon attempts (local policy)");
    const out = join(dir, 'cd.json');
    const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'component-definition', '--model', 'Magnara Vida 3T', '--out', out, '--now', NOW], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain("Accounts lock after at most the organisation's lockout-threshold-max (default 3) bad logon attempts");
    expect(text).not.toMatch(/at most 3 bad logon/);
    if (haveShared()) expect(validateOscal(JSON.parse(text) as Json, '1.1.3')).toEqual([]);
  });

  it('a title inserting what is not one of the check\'s number parameters is refused, naming the check', () => {
    const { parameters } = loadCatalog();
    const base = { id: 'X-ONE', layer: 'access', test: { field: 'access.lockoutPolicy.local.threshold', operator: 'between', expected: [1, { param: 'lockout-threshold-max' }] }, controls: ['ac-7'], objectives: ['ac-7_obj.a'], severity: 'CAT II', remediation: 'Set it.', examples: [{ expect: 'pass', values: { 'access.lockoutPolicy.local.threshold': 1 } }] };
    expectUserError(() => parseChecks([{ ...base, title: 'at most {{password-min-length}}' }], 'checks.yaml', parameters), 'checks.yaml', /check X-ONE/, /"title" inserts "password-min-length", which the check's test does not compare with/);
    expectUserError(() => parseChecks([{ ...base, title: 'at most {{nope}}' }], 'checks.yaml', parameters), 'checks.yaml', /check X-ONE/, /not an organisation parameter/);
    expect(parseChecks([{ ...base, title: 'at most {{lockout-threshold-max}}' }], 'checks.yaml', parameters)[0]!.title).toBe('at most 3');
  });
});
