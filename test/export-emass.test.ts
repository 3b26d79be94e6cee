// `export emass-poam`: the eMASS POA&M import workbook, read back by a different program than the
// one that wrote it (LibreOffice headless, converting it to CSV) and compared cell by cell with the
// package's poam.json; the .xlsm template's macro part kept byte for byte; LibreOffice's open-and-
// save keeping every value; eMASS's status rules, its risk matrix (as the template's own macro has
// it) and formula neutralisation.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadStigData } from '../src/catalog/stig.js';
import { checkEmassRules, excelDate, fitCell, LIKELIHOOD, neutralise, RESIDUAL_RISK, type EmassItem } from '../src/export/emass.js';
import { legacyTemplate } from '../src/export/emass-legacy.js';
import { UserError } from '../src/io/errors.js';
import { haveTool, requireTool } from './support/clients.js';
import { openAndSave, sheetsAsCsv } from './support/libreoffice.js';
import { describeWithShared, requireShared, sharedDir } from './support/oscal-schema.js';
import { templateMatrices } from './support/vba-matrix.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const TEMPLATE = join(sharedDir, 'interop/emass/eMASS_POAM_Template.xlsm');
const checks = loadCatalog().checks;
const stig = loadStigData();
type Json = Record<string, any>;

const OFFICE = '=HYPERLINK("http://x.example","EUH ISSO"), Priya Raman';
const RESOURCES = '+ Site IT staff time';
let dir: string;
let profile: string;
let poam: Json;
/** Each device's OS as the package's SSP inventory names it ("NAME build N"), by asset id. */
let osOf: Map<string, string | undefined>;
/** Each weakness's devices in last month's POA&M (m1), by weakness key: those a closed item of m2 was on. */
let devicesLastMonth: Map<string, string[]>;
let legacyNotes: string;
let legacyCsv: string[][];
let templateOutCsv: string[][];
let stockCsv: string[][];
let legacyResavedCsv: string[][];
let templateResavedCsv: string[][];

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build" (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'ato-emass-'));
  profile = join(dir, 'lo-profile');
  const month = (day: string) => ['CT-01', 'LAB-01', 'MR-01', 'MR-02'].map((d) => join(root, 'samples', d, `${d}_${day}.json`));
  // LAB-01 fails SCREEN-LOCK-TIMEOUT too (a per-user screen saver does not decide): accepted here as
  // well, so that ac-11's item is accepted by deviation as a whole (the Risk Accepted row below).
  const deviations = join(dir, 'deviations.csv');
  writeFileSync(deviations, readFileSync(join(root, 'samples/deviations.csv'), 'utf8') + 'SCREEN-LOCK-TIMEOUT,LAB-01,Laboratory analyser console: the operator\'s own screen saver locks it; the machine-wide limit follows the vendor update.,Jonas Lindqvist (Authorizing Official),2027-03-31,\n');
  const common = { force: false, baseline: 'moderate' as const, toolVersion: 'test', deviations, system: join(root, 'samples/system.yaml'), pdf: false };
  await runAssess({ ...common, inputs: month('2026-10-05'), out: join(dir, 'm1'), now: '2026-10-06T00:00:00Z' });
  // A month later, with last month's POA&M: open, accepted-by-deviation and closed items.
  await runAssess({ ...common, inputs: month('2026-11-02'), out: join(dir, 'm2'), now: '2026-11-28T00:00:00Z', previousPoam: join(dir, 'm1/poam.json') });
  poam = JSON.parse(readFileSync(join(dir, 'm2/poam.json'), 'utf8'))['plan-of-action-and-milestones'];
  const poam1 = JSON.parse(readFileSync(join(dir, 'm1/poam.json'), 'utf8'))['plan-of-action-and-milestones'];
  devicesLastMonth = new Map((poam1['poam-items'] as Json[]).map((i) => [ourProp(i, 'weakness-key')!, ourProps(i, 'affected-device')]));
  const inventory = JSON.parse(readFileSync(join(dir, 'm2/ssp.json'), 'utf8'))['system-security-plan']['system-implementation']['inventory-items'] as Json[];
  osOf = new Map(inventory.map((i) => [ourProp(i, 'asset-id')!, ourProp(i, 'os')]));

  // The two workbooks every test below reads: the legacy layout, and the eMASS template filled.
  let r = cli(['export', 'emass-poam', 'm2', '--out', 'legacy', '--office', OFFICE, '--resources', RESOURCES, '--relevance', 'High', '--now', '2026-11-29T00:00:00Z']);
  if (r.code !== 0) throw new Error(r.stderr);
  legacyNotes = r.stderr;
  if (existsSync(TEMPLATE)) {
    r = cli(['export', 'emass-poam', 'm2', '--out', 'template', '--template', TEMPLATE, '--resources', 'Site IT staff time', '--now', '2026-11-29T00:00:00Z']);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  if (!haveTool('soffice')) return; // the tests that need it skip (or fail under CI)
  // LibreOffice reads them (and the blank template), then opens and saves them and reads them again.
  mkdirSync(join(dir, 'lo'));
  const legacy = join(dir, 'lo/legacy.xlsx');
  copyFileSync(join(dir, 'legacy/emass-poam.xlsx'), legacy);
  const files = [legacy];
  if (existsSync(TEMPLATE)) {
    files.push(join(dir, 'lo/filled.xlsm'), join(dir, 'lo/stock.xlsm'));
    copyFileSync(join(dir, 'template/emass-poam.xlsm'), files[1]!);
    copyFileSync(TEMPLATE, files[2]!);
  }
  [legacyCsv, templateOutCsv, stockCsv] = sheetsAsCsv(files, join(dir, 'lo/csv'), profile) as [string[][], string[][], string[][]];
  const resaved = openAndSave(files.slice(0, 2), join(dir, 'lo/resaved'), profile);
  [legacyResavedCsv, templateResavedCsv] = sheetsAsCsv(resaved, join(dir, 'lo/resaved-csv'), profile) as [string[][], string[][]];
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ourProp = (x: Json, name: string): string | undefined => x.props?.find((p: Json) => p.name === name)?.value;
const ourProps = (x: Json, name: string): string[] => (x.props ?? []).filter((p: Json) => p.name === name).map((p: Json) => p.value);
const status = (item: Json) => ourProp(item, 'poam-status');
/** The devices a weakness is on: an open item's affected devices; a closed one's, last month's (m1's item, open then). */
const weaknessDevices = (item: Json): string[] => (status(item) === 'closed' ? devicesLastMonth.get(ourProp(item, 'weakness-key')!) ?? [] : ourProps(item, 'affected-device'));
/**
 * DISA's Windows 10 STIG covers Windows 10 (not Server), builds 10240 (1507) to 19045 (22H2); Windows 11
 * starts at build 22000 (it may still call itself "Windows 10"). A device whose OS is not named is not covered.
 */
const win10Stig = (os: string | undefined) => {
  const m = /^(.*) build (?:10\.0\.)?(\d+)(?:\.\d+)?$/.exec(os ?? '');
  return !!m && /\bWindows 10\b/.test(m[1]!) && !/Server/.test(m[1]!) && Number(m[2]) >= 10240 && Number(m[2]) < 22000;
};
const label = (id: string) => id.replace(/^([a-z]{2})-(\d+)(?:\.(\d+))?$/, (_m, f: string, n: string, e?: string) => `${f.toUpperCase()}-${n}${e ? `(${e})` : ''}`);
/** As LibreOffice shows a date cell formatted m/d/yyyy (the template's H column). */
const shownMdy = (iso: string) => `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}/${iso.slice(0, 4)}`;
const mmddyyyy = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
const LEVEL: Record<string, string> = { 'CAT I': 'High', 'CAT II': 'Moderate', 'CAT III': 'Low' };
const ROMAN: Record<string, string> = { 'CAT I': 'I', 'CAT II': 'II', 'CAT III': 'III' };

/** What each item's rows must hold, computed from poam.json and the STIG data (not from the exporter). */
function expectedRows(o: { office: string; resources: string; relevance?: string; dateShown: (iso: string) => string }, matrices?: { likelihood: Json; residual: Json }) {
  const rows: Array<Record<string, string>> = [];
  for (const item of poam['poam-items'] as Json[]) {
    const status = ourProp(item, 'poam-status')!;
    const risk = (poam.risks as Json[]).find((r) => r.uuid === item['related-risks'][0]['risk-uuid'])!;
    const tasks = (risk.remediations[0].tasks as Json[]).filter((t) => t.type === 'milestone');
    const severity = ourProp(item, 'severity')!;
    // A weakness that is not a check (evidence not collected, a lapsed attestation) has no STIG rules.
    const check = checks.find((c) => c.id === ourProp(item, 'check-id'));
    const rules = (check?.stig ?? []).map((s) => stig.rules.find((r) => r.stigId === s)).filter((r) => r !== undefined);
    const ccis = [...new Set(rules.flatMap((r) => r.cci))];
    // A STIG rule is cited only for a weakness on at least one device whose OS the STIG covers (a
    // closed one: on a device it was on last month, when it was open).
    const devices = weaknessDevices(item);
    const cited = devices.length === 0 || devices.some((d) => win10Stig(osOf.get(d))) ? rules : [];
    const accepted = status === 'deviation-approved';
    const first: Record<string, string> = {
      C: `${item.title}. ${item.description}`,
      D: label(ourProp(item, 'control-id')!),
      E: o.office,
      F: [...cited.map((r) => r.ruleId), ...ccis].join('; '),
      G: accepted ? '' : o.resources,
      H: accepted ? '' : o.dateShown(ourProp(item, 'deadline')!),
      L: status === 'open' ? 'Ongoing' : accepted ? 'Risk Accepted' : `Completed ${mmddyyyy(ourProp(item, 'closed')!)}`,
      N: ROMAN[severity]!,
      P: LEVEL[severity]!,
      S: LEVEL[severity]!,
      V: risk.remediations[0].description,
    };
    if (o.relevance && matrices) {
      first.Q = o.relevance;
      first.R = matrices.likelihood[LEVEL[severity]!][o.relevance];
      first.U = matrices.residual[first.R!][LEVEL[severity]!];
    }
    const milestone = (t: Json) => `${t.title} ${mmddyyyy((ourProp(t, 'completed') ?? t.timing['on-date']?.date ?? t.timing['within-date-range'].end).slice(0, 10))}`;
    if (!accepted) first.I = milestone(tasks[0]!);
    rows.push({ ...first, key: ourProp(item, 'weakness-key')!, devices: ourProps(item, 'affected-device').join('; ') });
    if (!accepted) for (const t of tasks.slice(1)) rows.push({ I: milestone(t) });
  }
  return rows;
}

const col = (letter: string) => letter.charCodeAt(0) - 65;

function compareSheet(csv: string[][], firstDataRow: number, want: Array<Record<string, string>>, columns = 'CDEFGHILNPQRSUV') {
  for (let i = 0; i < want.length; i++) {
    const got = csv[firstDataRow - 1 + i] ?? [];
    const w = want[i]!;
    for (const c of columns) {
      const expected = w[c] ?? '';
      expect(got[col(c)] ?? '', `row ${firstDataRow + i} column ${c}${w.key ? ` (${w.key})` : ''}`).toBe(expected);
    }
    if (w.key) {
      expect(got[col('K')]).toMatch(/^ato-evidence automated assessment of 2026-11-28, (check |weakness )/);
      expect(got[col('M')]).toContain(`ato-evidence weakness ${w.key}`);
    }
  }
  // Nothing below the last item.
  expect(csv.slice(firstDataRow - 1 + want.length).every((r) => r.every((x) => x === ''))).toBe(true);
}

describe('export emass-poam: eMASS\'s status rules come first', () => {
  it('refuses to write a workbook whose Ongoing items lack Resources Required, saying so once with the option that supplies it', () => {
    const r = cli(['export', 'emass-poam', 'm2', '--out', 'no-resources', '--now', '2026-11-29T00:00:00Z']);
    expect(r.code).toBe(1);
    // Every Ongoing item lacks it: one line, its advice once (it was repeated on each item's line).
    expect(r.stderr).toMatch(/^ {2}all \d+ Ongoing POA&M items need Resources Required \(pass --resources TEXT\)$/m);
    expect(r.stderr.split('pass --resources').length - 1).toBe(1);
    expect(r.stderr.startsWith('error: ')).toBe(true);
    expect(existsSync(join(dir, 'no-resources'))).toBe(false);
  });

  it('names each missing thing once, with the items lacking it where only some do (unit)', () => {
    const ongoing = (key: string, cells: EmassItem['cells'], milestones: string[]): EmassItem => ({ key, status: 'Ongoing', cells: { description: 'd', scheduledDate: { date: '2027-01-01' }, source: 's', ...cells }, milestones });
    const items = [ongoing('check:A', {}, []), ongoing('check:B', {}, ['m 01/01/2027']), ongoing('check:C', {}, []), ongoing('check:D', { office: 'o' }, ['m 01/01/2027'])];
    let message = '';
    try {
      checkEmassRules(items);
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split('\n').slice(1).map((l) => l.trim());
    expect(lines.filter((l) => l.includes('Office/Org'))).toEqual([expect.stringMatching(/^3 of the 4 Ongoing POA&M items need Office\/Org \(pass --office .*\): check:A, check:B, check:C$/)]);
    expect(lines.filter((l) => l.includes('Resources Required'))).toEqual(['all 4 Ongoing POA&M items need Resources Required (pass --resources TEXT)']);
    expect(lines.filter((l) => l.includes('milestone'))).toEqual(['2 of the 4 Ongoing POA&M items need a milestone: check:A, check:C']);
    expect(lines).toHaveLength(3);
  });

  it('checks each status\'s rule (unit): Risk Accepted needs comments and no milestones; Completed needs its date; Ongoing needs an office', () => {
    const item = (status: EmassItem['status'], cells: EmassItem['cells'], milestones: string[]): EmassItem => ({ key: 'ac-7:X', status, cells: { description: 'd', ...cells }, milestones });
    expect(() => checkEmassRules([item('Risk Accepted', { comments: 'why' }, ['fix 01/01/2027'])])).toThrow(/ac-7:X \(Risk Accepted\) needs no milestones/);
    expect(() => checkEmassRules([item('Risk Accepted', {}, [])])).toThrow(/needs Comments/);
    expect(() => checkEmassRules([item('Completed', { status: 'Completed' }, [])])).toThrow(/needs its completion date/);
    expect(() => checkEmassRules([item('Ongoing', { scheduledDate: { date: '2027-01-01' }, resources: 'r', source: 's' }, ['m 01/01/2027'])])).toThrow(/needs Office\/Org/);
    expect(() => checkEmassRules([item('Ongoing', { scheduledDate: { date: '2027-01-01' }, resources: 'r', source: 's', office: 'o' }, [])])).toThrow(/needs a milestone/);
    expect(() => checkEmassRules([item('Completed', { status: 'Completed 11/28/2026' }, [])])).not.toThrow();
  });
});

describe('export emass-poam into the legacy layout (no --template)', () => {
  it('cites WN10 STIG rules in Security Checks only for devices whose OS the STIG covers, and says so in Comments', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'legacy/emass-poam.xlsx'));
    const ws = wb.worksheets[0]!;
    const text = (row: number, c: string) => String(ws.getCell(`${c}${row}`).value ?? '');
    const seen = { none: 0, mixed: 0, closed: 0 };
    for (const item of poam['poam-items'] as Json[]) {
      const key = ourProp(item, 'weakness-key')!;
      const check = checks.find((c) => c.id === ourProp(item, 'check-id'));
      // Only rules of the bundled STIG are cited (a check may name others).
      if (!(check?.stig ?? []).some((id) => stig.rules.some((r) => r.stigId === id))) continue;
      let row = 8;
      while (row <= ws.rowCount && !text(row, 'M').includes(`weakness ${key} `)) row++;
      const security = text(row, 'F');
      const comments = text(row, 'M');
      // A closed item affects no device now: it is scoped by the devices it was on last month.
      const devices = weaknessDevices(item);
      expect(devices.length, key).toBeGreaterThan(0);
      if (status(item) === 'closed') seen.closed++;
      const covered = devices.filter((d) => win10Stig(osOf.get(d)));
      const outside = devices.filter((d) => !win10Stig(osOf.get(d)));
      if (!covered.length) {
        expect(security, key).not.toMatch(/SV-\d+r\d+_rule/);
        seen.none++;
      } else {
        expect(security, key).toMatch(/SV-\d+r\d+_rule/);
      }
      if (!outside.length) {
        expect(comments, key).not.toMatch(/does not cover/);
        continue;
      }
      // Each device the STIG does not cover is named, with the OS its collection gives.
      expect(comments, key).toContain(`does not cover ${outside.join('; ')}.`);
      for (const d of outside) expect(comments, key).toContain(`${d} runs ${osOf.get(d) ?? 'an operating system its collection does not name'}`);
      if (covered.length) {
        expect(comments, key).toContain(`The STIG rules in Security Checks stand for ${covered.join('; ')} only`);
        seen.mixed++;
      } else {
        expect(comments, key).toContain('No STIG rule is cited in Security Checks');
      }
    }
    // The samples hold both cases (LAB-01 runs Windows 7, MR-02 Windows 11): the test is not empty.
    expect(seen.none).toBeGreaterThan(0);
    expect(seen.mixed).toBeGreaterThan(0);
    // ... and a Completed item (LOCKOUT-RESET, on MR-02 last month): its rules were cited as WN10's.
    expect(seen.closed).toBeGreaterThan(0);
  });

  it('is deterministic: the same package, options and --now give the same bytes', () => {
    const r = cli(['export', 'emass-poam', 'm2', '--out', 'legacy-again', '--office', OFFICE, '--resources', RESOURCES, '--relevance', 'High', '--now', '2026-11-29T00:00:00Z']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'legacy-again/emass-poam.xlsx')).equals(readFileSync(join(dir, 'legacy/emass-poam.xlsx')))).toBe(true);
  });

  it('refuses control characters and bidi overrides in --office (exit 2, the option named, the value never echoed, nothing written)', () => {
    const office = 'ISSO\u001b]0;x\u0007 \u202eevil\u0085';
    const r = cli(['export', 'emass-poam', 'm2', '--out', 'legacy-ctl', '--office', office, '--resources', RESOURCES, '--now', '2026-11-29T00:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--office holds U\+001B/);
    expect(r.stderr).not.toContain('evil');
    expect(existsSync(join(dir, 'legacy-ctl/emass-poam.xlsx'))).toBe(false);
  });

  it('shows control characters and bidi overrides in a cell as \\xNN and \\u{NNNN} where a library caller passes them: Excel reorders no name, the sheet XML stays valid', async () => {
    const zip = await JSZip.loadAsync(await legacyTemplate({ now: '2026-11-29T00:00:00Z', systemName: 'ISSO\u001b]0;x\u0007 \u202eevil\u0085' }));
    const xml = await zip.file('xl/sharedStrings.xml')!.async('string');
    expect(xml).toContain('ISSO\\x1B]0;x\\x07 \\u{202E}evil\\x85');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffd]/);
  });

  it('the same for the system name in the legacy header block', async () => {
    const zip = await JSZip.loadAsync(await legacyTemplate({ now: '2026-11-29T00:00:00Z', systemName: 'PACS\u001b[2J \u202eevil' }));
    const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
    expect(strings).toContain('PACS\\x1B[2J \\u{202E}evil');
    expect(strings).not.toMatch(/[\u202a-\u202e]/);
  });

  it('neutralises a system name that a spreadsheet would run as a formula, in the legacy header block too', async () => {
    const zip = await JSZip.loadAsync(await legacyTemplate({ now: '2026-11-29T00:00:00Z', systemName: '=HYPERLINK("http://x","PACS")' }));
    const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
    expect(strings).toContain('&apos;=HYPERLINK(&quot;http://x&quot;,&quot;PACS&quot;)');
    expect(strings).not.toMatch(/<t[^>]*>=/);
  });

  it('says it wrote the legacy layout and why --template is better', () => {
    expect(legacyNotes).toMatch(/no --template: the legacy eMASS POA&M layout was written/);
    expect(legacyNotes).toMatch(/eMASS rejects templates that are not current/);
  });

  it('LibreOffice reads the header block and the 22 legacy headers on row 7', (ctx) => {
    requireTool(ctx, 'soffice', 'libreoffice-calc');
    expect(legacyCsv[0]![0]).toBe('***** UNCLASSIFIED//FOR OFFICIAL USE ONLY *****');
    expect(legacyCsv[1]![3]).toBe('11/29/2026'); // Date Exported
    expect(legacyCsv[6]).toHaveLength(22);
    expect(legacyCsv[6]![2]).toBe('Control Vulnerability Description');
    expect(legacyCsv[6]![10]).toBe('Source Identifying Vulnerability ');
    expect(legacyCsv[6]![13]).toBe(' Raw Severity');
  });

  it('LibreOffice reads every item cell by cell as poam.json has it, one row per milestone, formulas neutralised', async (ctx) => {
    requireShared(ctx);
    requireTool(ctx, 'soffice', 'libreoffice-calc');
    const matrices = await templateMatrices(readFileSync(TEMPLATE));
    const want = expectedRows({ office: `'${OFFICE}`, resources: `'${RESOURCES}`, relevance: 'High', dateShown: mmddyyyy }, matrices);
    compareSheet(legacyCsv, 8, want);
    // The devices go into Comments (the legacy layout has no Devices Affected column), ;-separated.
    const withDevices = want.filter((w) => w.key && w.devices);
    for (const w of withDevices) expect(legacyCsv.find((r) => r[col('M')]?.includes(`weakness ${w.key} `))![col('M')]).toContain(`Devices affected: ${w.devices}.`);
  });

  it('keeps a risk-accepted item\'s deviation in Comments and Mitigations, with no milestone and no date', (ctx) => {
    requireTool(ctx, 'soffice', 'libreoffice-calc');
    const row = legacyCsv.find((r) => r[col('L')] === 'Risk Accepted')!;
    expect(row[col('M')]).toContain('Jonas Lindqvist');
    expect(row[col('M')]).toContain('2027-06-30');
    expect(row[col('O')]).toContain('Vendor safety requirement');
    expect(row[col('I')]).toBe('');
    expect(row[col('H')]).toBe('');
  });

  it('opening and saving in LibreOffice keeps every value', (ctx) => {
    requireTool(ctx, 'soffice', 'libreoffice-calc');
    expect(legacyResavedCsv).toEqual(legacyCsv);
  });
});

describeWithShared('export emass-poam into the eMASS template (.xlsm)', () => {
  const out = () => join(dir, 'template/emass-poam.xlsm');

  it('keeps the macro project (xl/vbaProject.bin) and every other part but the sheet, strings and styles byte for byte', async () => {
    const before = await JSZip.loadAsync(readFileSync(TEMPLATE));
    const after = await JSZip.loadAsync(readFileSync(out()));
    expect(Object.keys(after.files).sort()).toEqual(Object.keys(before.files).sort());
    const changed: string[] = [];
    for (const name of Object.keys(before.files)) {
      if (before.files[name]!.dir) continue;
      const a = await before.file(name)!.async('nodebuffer');
      const b = await after.file(name)!.async('nodebuffer');
      if (!a.equals(b)) changed.push(name);
    }
    expect(changed.sort()).toEqual(['xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml']);
  });

  it('writes the deadline as a real Excel date (a number in a date-formatted cell), which LibreOffice shows as that date', async (ctx) => {
    const zip = await JSZip.loadAsync(readFileSync(out()));
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const h8 = /<c r="H8"([^>]*)><v>([^<]*)<\/v><\/c>/.exec(sheet)!;
    expect(h8[1]).not.toMatch(/t="/);
    const first = (poam['poam-items'] as Json[])[0]!;
    expect(Number(h8[2])).toBe(excelDate(ourProp(first, 'deadline')!));
    expect(excelDate('2024-01-01')).toBe(45292); // Excel's DATE(2024,1,1)
    requireTool(ctx, 'soffice', 'libreoffice-calc');
    expect(templateOutCsv[7]![col('H')]).toBe(shownMdy(ourProp(first, 'deadline')!));
  });

  it('leaves rows 1-7 as the template has them, never adding or moving a column', (ctx) => {
    requireTool(ctx, 'soffice', 'libreoffice-calc');
    expect(templateOutCsv.slice(0, 7)).toEqual(stockCsv.slice(0, 7));
    expect(Math.max(...templateOutCsv.map((r) => r.length))).toBe(Math.max(...stockCsv.map((r) => r.length)));
  });

  it('LibreOffice reads every item cell by cell as poam.json has it (Office/Org from the SSP\'s ISSO)', (ctx) => {
    requireTool(ctx, 'soffice', 'libreoffice-calc');
    const want = expectedRows({ office: 'Example University Hospital - Information Security, Priya Raman', resources: 'Site IT staff time', dateShown: shownMdy });
    compareSheet(templateOutCsv, 8, want, 'CDEFGHILNPQRSUV');
    expect(templateOutCsv.filter((r) => r[col('L')]?.startsWith('Completed ')).length).toBeGreaterThan(0);
    expect(templateOutCsv.slice(7).every((r) => (r[0] ?? '') === '' && (r[1] ?? '') === '')).toBe(true); // A and B (eMASS assigns the id) stay blank
  });

  it('opening and saving in LibreOffice keeps every value', (ctx) => {
    requireTool(ctx, 'soffice', 'libreoffice-calc');
    expect(templateResavedCsv).toEqual(templateOutCsv);
  });

  it('the risk matrices are eMASS\'s: the template\'s own macro (read, never run) computes the same', async () => {
    const m = await templateMatrices(readFileSync(TEMPLATE));
    expect(Object.keys(m.likelihood)).toHaveLength(5);
    expect(m.likelihood).toEqual(LIKELIHOOD);
    expect(m.residual).toEqual(RESIDUAL_RISK);
  });
});

describe('export emass-poam finds the header row by its text in another layout', () => {
  it('fills a template whose headers are on row 4, reordered, with "Controls / APs" and "Devices Affected", without adding a column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('POA&M');
    ws.getCell('A1').value = 'CUI';
    const headers = ['POA&M Item ID', 'Status', 'Controls / APs', 'Devices Affected', 'Control Vulnerability Description', 'Local Tracking No', 'Scheduled Completion Date', 'Milestone with Completion Dates', 'Raw Severity', 'Office/Org', 'Resources Required', 'Source Identifying Vulnerability', 'Comments', 'Security Checks'];
    headers.forEach((h, i) => (ws.getRow(4).getCell(i + 1).value = h));
    writeFileSync(join(dir, 'navy.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const r = cli(['export', 'emass-poam', 'm2', '--out', 'navy', '--template', 'navy.xlsx', '--resources', 'staff', '--office', 'EUH, Priya Raman', '--now', '2026-11-29T00:00:00Z']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/columns left blank \(ato-evidence has nothing for them\): F: Local Tracking No/);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(readFileSync(join(dir, 'navy/emass-poam.xlsx')) as never);
    const sheet = back.worksheets[0]!;
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual(headers);
    expect(sheet.actualColumnCount).toBe(headers.length);
    const first = (poam['poam-items'] as Json[])[0]!;
    const row5 = sheet.getRow(5);
    expect(row5.getCell(2).value).toBe('Ongoing');
    expect(row5.getCell(3).value).toBe(label(ourProp(first, 'control-id')!));
    expect(row5.getCell(4).value).toBe(ourProps(first, 'affected-device').join('; '));
    expect(row5.getCell(6).value ?? null).toBeNull();
    expect(row5.getCell(1).value ?? null).toBeNull();
    expect(row5.getCell(9).value).toBe(ROMAN[ourProp(first, 'severity')!]);
    expect(row5.getCell(7).value).toBeInstanceOf(Date); // a real date, also for exceljs
  });

  it('refuses a template that is not blank below its header row, and one with no POA&M header row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('POA&M');
    ['Control Vulnerability Description', 'Status', 'Scheduled Completion Date', 'Milestone with Completion Dates'].forEach((h, i) => (ws.getRow(2).getCell(i + 1).value = h));
    ws.getCell('B5').value = 'Ongoing';
    writeFileSync(join(dir, 'used.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    let r = cli(['export', 'emass-poam', 'm2', '--out', 'used', '--template', 'used.xlsx', '--resources', 'x', '--office', 'y']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/used\.xlsx: is not blank: cell B5 below the header row \(row 2\) holds a value/);
    const wb2 = new ExcelJS.Workbook();
    wb2.addWorksheet('Data').getCell('A1').value = 'Name';
    writeFileSync(join(dir, 'other.xlsx'), Buffer.from(await wb2.xlsx.writeBuffer()));
    r = cli(['export', 'emass-poam', 'm2', '--out', 'other', '--template', 'other.xlsx', '--resources', 'x', '--office', 'y']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/other\.xlsx: has no POA&M header row in its first sheet/);
    writeFileSync(join(dir, 'junk.xlsx'), 'not a zip');
    r = cli(['export', 'emass-poam', 'm2', '--out', 'junk', '--template', 'junk.xlsx', '--resources', 'x', '--office', 'y']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/junk\.xlsx: is not an Excel workbook/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Read whole before it was judged: a 400 MB file took 15 s and 500 MB of memory. Sparse: no disk.
    writeFileSync(join(dir, 'huge.xlsx'), '');
    truncateSync(join(dir, 'huge.xlsx'), 400 * 2 ** 20);
    r = cli(['export', 'emass-poam', 'm2', '--out', 'huge', '--template', 'huge.xlsx', '--resources', 'x', '--office', 'y']);
    rmSync(join(dir, 'huge.xlsx'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/huge\.xlsx: is 419430400 bytes, larger than 64 MiB, the most an eMASS POA&M template may be/);
    for (const d of ['used', 'other', 'junk', 'huge']) expect(existsSync(join(dir, d))).toBe(false);
  });
});

describe('cell values (unit)', () => {
  it('neutralises what a spreadsheet would run as a formula: = + - @ tab CR', () => {
    for (const s of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`);
    expect(neutralise('AC-7')).toBe('AC-7');
    expect(neutralise('Ongoing')).toBe('Ongoing');
  });

  it('keeps a cell within Excel\'s 32,767 characters and says how much was left out', () => {
    const long = 'MR-0001; '.repeat(10_000);
    const fitted = fitCell(long);
    expect(fitted.length).toBeLessThanOrEqual(32_767);
    expect(fitted).toMatch(/more characters: the full text is in poam\.json\)$/);
    expect(fitCell('short')).toBe('short');
  });

  it('the POA&M of a large fleet: an error is a UserError, never a crash', () => {
    expect(() => checkEmassRules([{ key: 'k', status: 'Ongoing', cells: {}, milestones: [] }])).toThrow(UserError);
  });
});
