// The evidence package's POA&M section, in eMASS's shape, against the poam.json of the same package:
// the sample fleet assessed after a first POA&M of MR-02 in October (its LOCKOUT-RESET fixed since),
// with one more deviation so that DICOM-TLS (failing on CT-01 only) is accepted. Every figure the
// test expects is read from poam.json, never from the PDF. Also: the OSCAL risks and POA&M items
// say what was found in plain words, not in the test language of controls/checks.yaml.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLanguageIn } from '../support/check-language.js';
import { elementText, findRoles, readPdf, type ReadPdf, type StructNode } from '../support/pdf-layout.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = process.env.ATO_EVIDENCE_BIN ?? join(ROOT, 'dist/cli/main.js');
const NOW = '2026-11-28T12:00:00Z';
const samples = (f: string) => join(ROOT, 'samples', f);
const ACCEPTED_UNTIL = '2027-05-31';

type Prop = { name: string; value: string };
type Item = { uuid: string; title: string; description: string; props: Prop[] };
const props = (x: { props?: Prop[] }, name: string) => (x.props ?? []).filter((p) => p.name === name).map((p) => p.value);
const one = (x: { props?: Prop[] }, name: string) => props(x, name)[0];
const squash = (s: string) => s.replace(/\s+/g, '');

describe.runIf(existsSync(BIN))('the POA&M section of the evidence package', () => {
  let dir: string;
  let pdf: ReadPdf;
  let items: Item[];
  let poamDoc: { risks: Array<{ title: string; description: string; statement: string }>; 'poam-items': Item[] };
  let arRisks: Array<{ title: string; description: string; statement: string }>;
  /** Every table row after the POA&M heading, with the sub-heading it falls under. */
  let rows: Array<{ group: string; text: string }>;


  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 0) throw new Error(`ato-evidence ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ato-poam-section-'));
    cli(['assess', samples('MR-02/MR-02_2026-10-05.json'), '--out', 'october', '--now', '2026-10-06T12:00:00Z', '--system', samples('system.yaml')]);
    const deviations = readFileSync(samples('deviations.csv'), 'utf8').trimEnd() + `\nDICOM-TLS,CT-01,Vendor qualifies DICOM TLS in the next software release.,Jonas Lindqvist (Authorizing Official),${ACCEPTED_UNTIL},Modality network segment reachable only from the PACS.\n`;
    writeFileSync(join(dir, 'deviations.csv'), deviations);
    cli(['assess', join(ROOT, 'samples'), '--out', 'pkg', '--now', NOW, '--system', samples('system.yaml'), '--attestations', samples('attestations.yaml'), '--deviations', 'deviations.csv', '--previous-poam', 'october/poam.json']);
    poamDoc = JSON.parse(readFileSync(join(dir, 'pkg', 'poam.json'), 'utf8'))['plan-of-action-and-milestones'];
    items = poamDoc['poam-items'];
    arRisks = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'))['assessment-results'].results[0].risks;
    pdf = await readPdf(readFileSync(join(dir, 'pkg', 'evidence-package.pdf')));
    // The section's rows in reading order, each under the last sub-heading seen before its table.
    rows = [];
    let inSection = false;
    let group = '';
    for (const page of pdf.pages) {
      const h1 = findRoles(page.struct, 'H1').map((n) => elementText(page, n));
      // The page that opens Appendix A is walked too: a table's last rows can be tagged in the
      // structure of the page where the table closes. Appendix rows never start with an item key.
      const last = h1.includes('Appendix A — Organisation parameters');
      if (!inSection && !last && !h1.includes('Plan of action and milestones (POA&M)')) continue;
      inSection = true;
      // Sub-headings and tables in structure order: a table belongs to the last sub-heading before it.
      const walk = (node: StructNode | null): void => {
        if (!node) return;
        if (node.role === 'H2') {
          const m = /^(Open items|Accepted by approved deviation|Attestations lapsed, awaiting review or not supplied|Closed by this assessment) \(\d+\)$/.exec(elementText(page, node));
          group = m ? m[1]! : '';
          return;
        }
        if (node.role === 'TR') {
          const cells = (node.children ?? []).filter((c): c is StructNode => 'role' in c && c.role === 'TD').map((c) => elementText(page, c));
          if (group && /^(check|objective|attestation):/.test(cells[0] ?? '')) rows.push({ group, text: cells.join(' | ') });
          return;
        }
        for (const c of node.children ?? []) if (!('type' in c)) walk(c as StructNode);
      };
      walk(page.struct);
      if (last) break;
    }
  }, 240_000);
  afterAll(async () => {
    await pdf?.pdf.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const rowOf = (item: Item) => rows.filter((r) => squash(r.text).includes(item.uuid));

  it('lists every open item of poam.json once, with its detection date and scheduled completion as poam.json has them', () => {
    const open = items.filter((i) => one(i, 'poam-status') === 'open');
    expect(open.length).toBeGreaterThan(20);
    for (const item of open) {
      const found = rowOf(item);
      expect(found, `${one(item, 'weakness-key')} ${item.uuid}`).toHaveLength(1);
      const text = squash(found[0]!.text);
      expect(text).toContain(squash(one(item, 'weakness-key')!));
      expect(text).toContain(`Detected${one(item, 'first-detected')}`);
      expect(text).toContain(`Scheduledcompletion${one(item, 'deadline')}`);
      for (const c of props(item, 'control-id')) expect(text).toContain(c);
      expect(found[0]!.group).toBe(one(item, 'weakness-key')!.startsWith('attestation:') ? 'Attestations lapsed, awaiting review or not supplied' : 'Open items');
      // Past its deadline at the assessment: said so.
      if (one(item, 'deadline')! < NOW.slice(0, 10)) expect(text).toContain('Overdue');
    }
    // No other row: the section lists poam.json's items, not a derivation of its own.
    const listed = new Set(items.map((i) => i.uuid));
    for (const r of rows) expect([...listed].some((u) => squash(r.text).includes(u)), r.text.slice(0, 80)).toBe(true);
  });

  it('lists the item accepted by deviation with the expiry poam.json gives it', () => {
    const accepted = items.filter((i) => one(i, 'poam-status') === 'deviation-approved');
    expect(accepted.map((i) => one(i, 'weakness-key'))).toEqual(['check:DICOM-TLS']);
    expect(one(accepted[0]!, 'deadline')).toBe(ACCEPTED_UNTIL);
    const [row] = rowOf(accepted[0]!);
    expect(row?.group).toBe('Accepted by approved deviation');
    expect(squash(row!.text)).toContain(squash(`Accepted until ${ACCEPTED_UNTIL}`));
    expect(row!.text).toMatch(/Deviation for CT-01 approved by Jonas Lindqvist/);
  });

  it('lists the item the previous POA&M had and that no longer fails as closed by this assessment', () => {
    const closed = items.filter((i) => one(i, 'poam-status') === 'closed');
    const lockout = closed.find((i) => one(i, 'weakness-key') === 'check:LOCKOUT-RESET');
    expect(lockout, 'LOCKOUT-RESET closed in poam.json (MR-02 fixed it in November)').toBeDefined();
    for (const item of closed) {
      const [row] = rowOf(item);
      expect(row?.group, one(item, 'weakness-key')).toBe('Closed by this assessment');
      expect(squash(row!.text)).toContain(`Closed${one(item, 'closed')}`);
    }
  });

  it('says what was found in plain words in the OSCAL risks and POA&M items, never in the test language', () => {
    const hits: string[] = [];
    const scan = (where: string, text: string) => {
      for (const what of checkLanguageIn(text)) hits.push(`${where}: ${what}: ${text.slice(0, 200)}`);
    };
    for (const r of [...arRisks, ...poamDoc.risks]) {
      scan(`risk ${r.title}`, r.title);
      scan(`risk ${r.title}`, r.description);
      for (const line of r.statement.split('\n')) scan(`risk ${r.title} statement`, line);
    }
    for (const i of items) {
      scan(`item ${i.title}`, i.title);
      scan(`item ${i.title}`, i.description);
    }
    expect(hits).toEqual([]);
    // LAB-01's lockout threshold of 0, as Windows says it, in the risk and the item.
    const risk = poamDoc.risks.find((r) => r.title.startsWith('LOCKOUT-THRESHOLD'))!;
    expect(risk.statement).toMatch(/- LAB-01: Account lockout threshold: 0 \(never locks\)\. Required: /);
    const item = items.find((i) => one(i, 'weakness-key') === 'check:LOCKOUT-THRESHOLD')!;
    expect(item.description).toMatch(/Found on LAB-01: Account lockout threshold: 0 \(never locks\)\./);
    // An attestation item says whether it lapsed (pl-4, samples/attestations.yaml) or awaits review (pe-3).
    const attested = (key: string) => items.find((i) => one(i, 'weakness-key') === key)!.description;
    expect(attested('attestation:pl-4')).toContain('The attestation lapsed');
    expect(attested('attestation:pe-3')).toContain('awaiting review');
    expect(attested('attestation:pe-3')).not.toContain('lapsed');
    // The raw values stay in the observations' props.
    const obs = (JSON.parse(readFileSync(join(dir, 'pkg', 'poam.json'), 'utf8'))['plan-of-action-and-milestones'].observations as Array<{ props: Prop[] }>).find((o) => one(o, 'check-id') === 'LOCKOUT-THRESHOLD');
    expect(one(obs!, 'observed-value')).toBeDefined();
  });
});
