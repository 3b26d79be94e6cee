// The evidence package and the monitoring report of the bundled sample fleet, made by the built
// CLI as a user would (--system, --attestations, --deviations, --marking), read back: the front
// matter from samples/system.yaml, the marking on every page, no word broken across lines, nothing
// under 7 pt, no developer note, tagged; and the same bytes whatever the time zone and locale.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLanguageIn } from '../support/check-language.js';
import { requireShared, rev5 } from '../support/shared.js';
import { brokenWords, findRoles, pageText, readPdf, tables, vocabularyOf, type ReadPdf } from '../support/pdf-layout.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = process.env.ATO_EVIDENCE_BIN ?? join(ROOT, 'dist/cli/main.js');
const NOW = '2026-11-28T12:00:00Z';
const samples = (f: string) => join(ROOT, 'samples', f);

let dir: string;
function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } });
  if (r.status !== 0) throw new Error(`ato-evidence ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r;
}
const assessArgs = (out: string) => ['assess', ROOT + 'samples', '--out', out, '--now', NOW, '--system', samples('system.yaml'), '--attestations', samples('attestations.yaml'), '--deviations', samples('deviations.csv'), '--marking', 'CUI'];

describe.runIf(existsSync(BIN))('the sample fleet, through the CLI', () => {
  let pkg: ReadPdf;
  let report: ReadPdf;
  let human = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ato-sample-pdf-'));
    human = cli(assessArgs('pkg')).stderr;
    cli(['diff', samples('MR-02/MR-02_2026-10-05.json'), samples('MR-02/MR-02_2026-11-02.json'), '--out', 'drift', '--now', NOW, '--system', samples('system.yaml'), '--attestations', samples('attestations.yaml'), '--marking', 'CUI']);
  }, 180_000);
  beforeAll(async () => {
    pkg = await readPdf(readFileSync(join(dir, 'pkg', 'evidence-package.pdf')));
    report = await readPdf(readFileSync(join(dir, 'drift', 'monitoring-report.pdf')));
  });
  afterAll(async () => {
    await pkg?.pdf.destroy();
    await report?.pdf.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("puts the AO's name from system.yaml on the System and assessment page, with the other roles and the assessor", () => {
    const page = pkg.pages.find((p) => findRoles(p.struct, 'H1').length && pageText(p).includes('System and assessment System'))!;
    expect(page, 'the System and assessment page').toBeDefined();
    const roles = tables(page).find((t) => t.rows[0]?.[0]?.text === 'Role')!;
    const names = Object.fromEntries(roles.rows.slice(1).map((r) => [r[0]!.text, r[1]!.text]));
    expect(names).toMatchObject({
      'System Owner': 'Dr. Amara Okafor',
      'Authorizing Official': 'Jonas Lindqvist',
      'Information System Security Officer (ISSO)': 'Priya Raman',
      'Information System Security Manager (ISSM)': 'Marcus Feld',
    });
    const text = pkg.pages.slice(page.number - 1, page.number + 1).map((p) => pageText(p)).join(' ');
    expect(text).toContain('EUH-ISSO-2026-014');
    expect(text).toContain('Dr. Helena Voss Example Independent Assessors LLC');
  });

  it('prints the marking at the top and bottom of every page of both PDFs', () => {
    for (const [name, doc] of [['package', pkg], ['report', report]] as const) {
      for (const p of doc.pages) expect(p.items.filter((i) => i.str === 'CUI' && i.tag === 'Artifact'), `${name} page ${p.number}`).toHaveLength(2);
    }
  });

  it('breaks no word across lines and sets nothing under 7 pt, in either PDF', () => {
    for (const doc of [pkg, report]) {
      expect(brokenWords(doc.pages, vocabularyOf(doc.pages))).toEqual([]);
      expect(doc.pages.flatMap((p) => p.items.filter((i) => i.size < 6.99).map((i) => `page ${p.number}: ${i.str}`))).toEqual([]);
    }
  });

  it('shows no developer note and no absolute path to the reader', () => {
    for (const doc of [pkg, report]) {
      const all = doc.pages.map((p) => pageText(p)).join('\n');
      expect(all).not.toMatch(/Derived by scripts|build-control-index|\.mjs\b/);
      expect(all).not.toContain(dir);
      expect(all).not.toContain(ROOT);
    }
    // The catalog is named as NIST publishes it.
    expect(pkg.pages.map((p) => pageText(p)).join(' ')).toMatch(/Control catalog NIST SP 800-53 Rev\. 5, release 5\.1\.1\+u4/);
  });

  it('prints no test language in any table cell of the package: found, required and where to change it in plain words', () => {
    const hits: string[] = [];
    let resultRows = 0;
    for (const page of pkg.pages) {
      for (const t of tables(page)) {
        for (const row of t.rows) {
          for (const c of row) for (const what of checkLanguageIn(c.text)) hits.push(`page ${page.number}: ${what}: ${c.text.slice(0, 160)}`);
          if (row.some((c) => c.text.includes('Required:'))) resultRows++;
        }
      }
    }
    expect(hits).toEqual([]);
    // The scan read the results tables (not an empty document).
    expect(resultRows).toBeGreaterThan(60);
    // LAB-01's lockout threshold of 0 is said as Windows says it.
    const all = pkg.pages.map((p) => pageText(p)).join(' ');
    expect(all).toMatch(/Account lockout threshold: 0 \(never locks\)\./);
  });

  it('prints the same counts in the CLI, --json and the PDF, and they are what the assessment results say', () => {
    const json = JSON.parse(cli([...assessArgs('pkg-json'), '--json']).stdout);
    // Counted independently from the OSCAL assessment results: a control is not satisfied when one of
    // its objective findings is; its severity is the highest of its risks.
    const ar = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
    const prop = (x: { props?: Array<{ name: string; value: string }> }, name: string) => x.props?.find((p) => p.name === name)?.value;
    // Not satisfied for a failure: a partially assessed control's own finding is not-satisfied too
    // (8a156eb: nothing failed, objectives left to the assessor), counted apart in the CLI and the PDF.
    const notSatisfied = new Set<string>(ar.findings.filter((f: { target: { status: { state: string } } }) => f.target.status.state === 'not-satisfied' && prop(f as never, 'assessment-state') !== 'partially-assessed').map((f: never) => prop(f, 'control-id')));
    const rank = ['CAT I', 'CAT II', 'CAT III'];
    const severity = new Map<string, string>();
    // A risk is one weakness, which may touch several controls (one control-id prop each).
    for (const r of ar.risks ?? []) {
      const s = prop(r, 'severity')!;
      for (const c of (r.props ?? []).filter((p: { name: string }) => p.name === 'control-id').map((p: { value: string }) => p.value)) {
        if (!severity.has(c) || rank.indexOf(s) < rank.indexOf(severity.get(c)!)) severity.set(c, s);
      }
    }
    const cat = { 'CAT I': 0, 'CAT II': 0, 'CAT III': 0, unrated: 0 };
    for (const c of notSatisfied) cat[(severity.get(c) ?? 'unrated') as keyof typeof cat]++;
    expect(notSatisfied.size).toBeGreaterThan(10);
    expect(json.summary.controls.notSatisfied).toBe(notSatisfied.size);
    expect(json.summary.openFindings).toEqual(cat);
    expect(json.summary.notSatisfied.map((n: { control: string }) => n.control).sort()).toEqual([...notSatisfied].sort());
    // The CLI's lines.
    expect(human).toContain(`${notSatisfied.size} not satisfied`);
    expect(human).toContain(`Open findings: ${notSatisfied.size} controls are not satisfied: CAT I ${cat['CAT I']}, CAT II ${cat['CAT II']}, CAT III ${cat['CAT III']}`);
    const more = /Not satisfied: (.*); and (\d+) more/.exec(human)!;
    expect(more[1]!.split('; ').length + Number(more[2])).toBe(notSatisfied.size);
    // The PDF's executive summary.
    const text = pkg.pages.map((p) => pageText(p)).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain(`Open findings (controls not satisfied) by severity: CAT I ${cat['CAT I']}, CAT II ${cat['CAT II']}, CAT III ${cat['CAT III']}`);
    expect(text).toContain(`${notSatisfied.size} in all`);
    expect(text).toContain(`${notSatisfied.size} controls are not satisfied`);
    expect(text).toMatch(/Overall risk shown by the automated evidence: HIGH/);
    // Lapsed evidence: pl-4's attestation expired (samples/attestations.yaml), in both.
    expect(human).toMatch(/Lapsed evidence: 1 attestation expired \(pl-4\)/);
    expect(text).toContain('1 attestation has expired (pl-4)');
    // ps-6: system.yaml says it is evidenced by attestation; attestations.yaml has none. Said in words, in both.
    expect(human).toMatch(/1 attestation expected, none supplied \(ps-6\)/);
    expect(text).toContain('the system description expects 1 control (ps-6) to be attested, and no attestation was supplied, so it is not satisfied and on the POA&M');
    expect(text).toMatch(/Not satisfied: attestation expected, none supplied\. The system description says this control is evidenced by a person's attestation/);
    expect(notSatisfied.has('ps-6')).toBe(true);
    // Grammar: no "1 controls" or "1 are".
    const mine = human.split('\n').filter((l) => !l.startsWith('warning:')).join('\n');
    expect(`${mine} ${text}`).not.toMatch(/\b1 (controls|attestations|deviations|objectives)\b|\b1 \w+ are\b/);
  }, 180_000);

  it('lists under "Controls not satisfied" only the checks that failed for each control, with its objectives', () => {
    const ar = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
    const prop = (x: { props?: Array<{ name: string; value: string }> }, name: string) => x.props?.find((p) => p.name === name)?.value;
    // Failed, or failing under an approved deviation (listed apart in the same cell).
    const failed = new Set<string>(ar.observations.filter((o: never) => ['fail', 'deviation'].includes(prop(o, 'result')!)).map((o: never) => prop(o, 'check-id')));
    const checksOf = new Map<string, string[]>();
    for (const f of ar.findings) checksOf.set(prop(f, 'control-id')!, [...(checksOf.get(prop(f, 'control-id')!) ?? []), ...(prop(f, 'checks')?.split(/[\s,]+/) ?? [])]);
    // Every row of the table, on every page (its header is tagged on its first page only).
    const rows = pkg.pages.flatMap((p) => tables(p)).flatMap((t) => t.rows).filter((r) => r.length === 6 && /^Objectives in all/.test(r[5]!.text));
    // One row per control not satisfied in the assessment results, deviation-only ones included.
    // (A partially assessed control's own not-satisfied finding, 8a156eb, is listed apart: nothing failed.)
    expect(rows.map((r) => r[0]!.text.split(/\s/)[0]).sort()).toEqual([...new Set<string>(ar.findings.filter((f: { target: { status: { state: string } } }) => f.target.status.state === 'not-satisfied' && prop(f as never, 'assessment-state') !== 'partially-assessed').map((f: never) => prop(f, 'control-id')))].sort());
    let fewer = 0;
    for (const row of rows) {
      const control = row[0]!.text;
      const listed = [...row[4]!.text.matchAll(/[A-Z0-9]+(?:-[A-Z0-9]+)+/g)].map((m) => m[0]);
      const expected = [...new Set(checksOf.get(control) ?? [])].filter((k) => failed.has(k));
      expect(listed.filter((k) => !/^CAT/.test(k)).sort(), control).toEqual(expected.sort());
      if (expected.length < new Set(checksOf.get(control)).size) fewer++;
      expect(row[5]?.text ?? '', `${control}: ${row.map((c) => c.text).join(' | ')}`).toMatch(/Objectives in all: \d+; shown: \d+; not satisfied: \d+; left to the assessor: \d+/);
    }
    // Some control maps more checks than failed, and those are not listed.
    expect(fewer).toBeGreaterThan(0);
  });

  it("gives the assessor a worksheet: each manual control's objectives and assessment objects from the catalog data, its owner from system.yaml, a box for the determination", () => {
    // The catalog data as shipped (controls/rev5-objectives.json), walked here on its own.
    type Node = { id: string; label?: string; prose?: string; parts?: Node[] };
    const data = JSON.parse(readFileSync(join(ROOT, 'controls', 'rev5-objectives.json'), 'utf8')) as { controls: Record<string, { objective: Node; methods: Record<string, string[]> }> };
    const leaves = (n: Node): Node[] => [...(!n.parts?.length || n.prose ? [n] : []), ...(n.parts ?? []).flatMap(leaves)];
    // A worksheet row ends with the determination box (a table's header is tagged on its first page only).
    const rows = pkg.pages.flatMap((p) => tables(p)).flatMap((t) => t.rows).filter((r) => r.length === 4 && r[3]!.text.startsWith('☐ Satisfied'));
    const rowOf = (id: string) => rows.filter((r) => r[0]?.text.split(/\s/)[0] === id);
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    // ca-3: no check, no attestation; system.yaml declares it implemented by the system owner.
    const ca3 = rowOf('ca-3');
    expect(ca3.length, 'the ca-3 row').toBeGreaterThan(0);
    const ca3Text = flat(ca3.map((r) => r.map((c) => c.text).join(' | ')).join(' '));
    const ca3Leaves = leaves(data.controls['ca-3']!.objective);
    expect(ca3Leaves.length).toBeGreaterThan(1);
    for (const leaf of ca3Leaves) expect(ca3Text).toContain(`☐ ${leaf.label}`);
    expect(ca3Text).toContain(`EXAMINE: ${flat(data.controls['ca-3']!.methods.EXAMINE![0]!)}`);
    expect(ca3Text).toContain(`INTERVIEW: ${flat(data.controls['ca-3']!.methods.INTERVIEW![0]!)}`);
    expect(ca3Text).toMatch(/System-specific Owner: System Owner Declared in the system description: implemented/);
    expect(ca3Text).toContain('☐ Satisfied');
    // A control the system description does not declare says so.
    expect(flat(rowOf('ac-1').map((r) => r[0]!.text).join(' '))).toContain('Not declared in the system description');
    // at-3 is partially assessed (samples/README): only the objectives nothing showed are on its row.
    const au9 = flat(rowOf('at-3').map((r) => r[1]!.text).join(' '));
    const au9Leaves = leaves(data.controls['at-3']!.objective).map((n) => n.label!);
    const onRow = au9Leaves.filter((l) => au9.includes(`☐ ${l}`));
    expect(onRow.length).toBeGreaterThan(0);
    expect(onRow.length).toBeLessThan(au9Leaves.length);
  });

  it("prints an objective's unset parameters as NIST does, with the catalog's label, never the raw ODP id", (ctx) => {
    requireShared(ctx);
    // ac-1 (a manual control of the samples): its objectives insert parameters no organisation value fills.
    type Part = { id?: string; prose?: string; parts?: Part[] };
    type Control = { id: string; params?: Array<{ id: string; label?: string }>; parts?: Part[]; controls?: Control[] };
    const catalog = JSON.parse(readFileSync(rev5.resolved('MODERATE'), 'utf8')).catalog as { groups: Array<{ controls: Control[] }> };
    const ac1 = catalog.groups.flatMap((g) => g.controls).find((c) => c.id === 'ac-1')!;
    const prose = (p: Part): string[] => [...(p.prose ? [p.prose] : []), ...(p.parts ?? []).flatMap(prose)];
    const objectives = prose(ac1.parts!.find((p) => p.id === 'ac-1_obj')!);
    // One objective that inserts a labelled parameter: "... disseminated to {{ insert: param, ac-01_odp.01 }};"
    const inserted = objectives.map((t) => /\{\{ insert: param, ([^ ]+) \}\}/.exec(t)?.[1]).find((id) => id && ac1.params!.find((p) => p.id === id)?.label)!;
    const label = ac1.params!.find((p) => p.id === inserted)!.label!;
    const rows = pkg.pages.flatMap((p) => tables(p)).flatMap((t) => t.rows).filter((r) => r.length === 4 && r[0]?.text.split(/\s/)[0] === 'ac-1');
    const text = rows.map((r) => r[1]!.text).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain(`[Assignment: organization-defined ${label}]`);
    expect(text).not.toMatch(/_odp\.\d+|_prm_\d+/);
  });

  it("has an evidence freshness section: each device's collection date and its age at the assessment, oldest first, and the lapsed evidence", () => {
    const text = pkg.pages.map((p) => pageText(p)).join(' ').replace(/\s+/g, ' ');
    const section = text.slice(text.indexOf('Evidence freshness Each device'));
    // The newest snapshot of each sample device, read from the samples themselves.
    const collected = readdirSync(samples('')).filter((d) => /^[A-Z]+-\d+$/.test(d)).map((id) => {
      const file = readdirSync(samples(id)).filter((f) => f.endsWith('.json')).sort().pop()!;
      const at = JSON.parse(readFileSync(join(samples(id), file), 'utf8')).collectedAt as string;
      return { id, at, age: Math.floor((Date.parse(NOW) - Date.parse(at)) / 86_400_000) };
    });
    for (const d of collected) expect(section).toContain(`${d.id} ${d.at} ${d.age}`);
    expect(section).toContain(`The oldest evidence is ${Math.max(...collected.map((d) => d.age))} day(s) old`);
    expect(section).toContain('1 attestation expired (pl-4); 1 deviation expired');
    expect(section).toContain('Evidence expected and never supplied: no attestation of ps-6');
    // The stale device of the samples (US-01, collected long before the others) is named as stale.
    const json = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'));
    expect(json).toBeDefined();
    const oldest = collected.sort((a, b) => b.age - a.age)[0]!;
    expect(oldest.id).toBe('US-01');
    expect(section).toMatch(new RegExp(`1 device is stale \\(US-01\\)`));
    expect(section).toMatch(/US-01 \S+ \d+ Stale: older than \d+ days/);
  });

  it('the monitoring report shows the new value of the remediated LOCKOUT-RESET (15, was 10)', () => {
    const row = report.pages.flatMap((p) => tables(p)).flatMap((t) => t.rows).find((r) => r[0]?.text === 'MR-02' && r[1]?.text.startsWith('LOCKOUT-RESET'))!;
    expect(row[4]!.text).toMatch(/^15\b.*was: 10/);
  });

  it('the same package, byte for byte, in another time zone and locale', () => {
    cli(assessArgs('pkg-tz'), { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' });
    expect(readFileSync(join(dir, 'pkg-tz', 'evidence-package.pdf')).equals(readFileSync(join(dir, 'pkg', 'evidence-package.pdf')))).toBe(true);
  }, 180_000);
});
