// Every text of the sample package, and of what is made from it, shows an organisation-defined
// parameter by its label or NIST's print ("[Assignment: organization-defined time period]"), never
// the catalog's markup ("{{ insert: param, ac-07_odp.04 }}"). The bundled catalog's placeholders
// (controls/rev5-objectives.json `params`) hold that markup inside selections; a user's catalog
// (--catalog, NIST's resolved MODERATE baseline) also labels a selection by its raw choices and
// carries each control's statement with it. Before, with --catalog, the AR, POA&M and PDF named
// ac-7's selection as "one of: lock the account or node for {{ insert: param, ac-07_odp.04 }} ; …"
// (objectives.ts odpLabel), and the SSP's "The control requires:" printed the statement raw.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pageText, readPdf } from './support/pdf-layout.js';
import { describeWithShared, rev5 } from './support/shared.js';
import { BIN as BUILT, ROOT } from './support/cli-scratch.js';

const BIN = process.env.ATO_EVIDENCE_BIN ?? BUILT;

const NOW = '2026-11-28T12:00:00Z';
const samples = (f: string) => join(ROOT, 'samples', f);
const MARKUP = /\{\{\s*insert|insert:\s*param/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

/** Every text a folder holds: its PDFs' pages as read back, its other files as UTF-8 (evidence copies aside: they are the user's). */
async function textsOf(dir: string): Promise<Array<{ file: string; text: string }>> {
  const out: Array<{ file: string; text: string }> = [];
  for (const file of filesUnder(dir).filter((f) => !f.includes('/evidence/'))) {
    if (file.endsWith('.pdf')) {
      const pdf = await readPdf(readFileSync(file));
      out.push({ file, text: pdf.pages.map((p) => pageText(p)).join('\n') });
      await pdf.pdf.destroy();
    } else if (!file.endsWith('.xlsx')) out.push({ file, text: readFileSync(file, 'utf8') });
  }
  return out;
}

for (const [name, extra] of [['the bundled catalog', () => []], ["NIST's MODERATE catalog (--catalog)", () => ['--catalog', rev5.resolved('MODERATE')]]] as const) {
  describeWithShared(`organisation-defined parameters as every document shows them, with ${name}`, () => {
    let dir = '';
    const cli = (args: string[]) => {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status, r.stderr).toBe(0);
      return r;
    };
    let texts: Array<{ file: string; text: string }> = [];
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ato-odp-markup-'));
      const common = ['--now', NOW, '--system', samples('system.yaml'), '--attestations', samples('attestations.yaml'), ...extra()];
      cli(['assess', join(ROOT, 'samples'), '--out', 'pkg', '--deviations', samples('deviations.csv'), ...common]);
      cli(['diff', samples('MR-02/MR-02_2026-10-05.json'), samples('MR-02/MR-02_2026-11-02.json'), '--out', 'drift', ...common]);
      cli(['export', 'hdf', 'pkg', '--out', 'hdf', ...extra()]);
      cli(['export', 'ckl', 'pkg', '--out', 'ckl']);
      texts = await textsOf(dir);
    }, 300_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('no text holds the catalog markup', () => {
      expect(texts.map((t) => t.file.slice(dir.length + 1)).sort()).toEqual(expect.arrayContaining(['pkg/assessment-results.json', 'pkg/ssp.json', 'pkg/poam.json', 'pkg/evidence-package.pdf', 'drift/drift.md', 'drift/monitoring-report.pdf', 'hdf/hdf.json']));
      const found = texts.flatMap((t) => {
        const m = MARKUP.exec(t.text);
        return m ? [`${t.file.slice(dir.length + 1)}: …${t.text.slice(Math.max(0, m.index - 120), m.index + 60)}…`] : [];
      });
      expect(found).toEqual([]);
    });

    it("a selection whose choice inserts a parameter shows that parameter as NIST prints it (pe-03_odp.02's '[Assignment: organization-defined systems or devices]; guards')", () => {
      const ar = texts.find((t) => t.file.endsWith('pkg/assessment-results.json'))!.text;
      expect(ar).toMatch(/pe-03_odp\.02 \((?:Selection \(one or more\)|one of): \[Assignment: organization-defined systems or devices\]; guards\)/);
    });
  });
}

describeWithShared("the SSP's 'The control requires:' of a control nobody declared, with NIST's catalog", () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ato-odp-markup-ssp-'));
    const r = spawnSync(process.execPath, [BIN, 'assess', samples('MR-02/MR-02_2026-11-02.json'), '--out', 'pkg', '--now', NOW, '--no-pdf', '--catalog', rev5.resolved('MODERATE')], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("states ac-1's parameters by their labels and NIST's selection print", () => {
    const ssp = readFileSync(join(dir, 'pkg', 'ssp.json'), 'utf8');
    const requires = (JSON.parse(ssp) as { 'system-security-plan': { 'control-implementation': { 'implemented-requirements': Array<{ 'control-id': string; 'by-components'?: Array<{ description: string }> }> } } })['system-security-plan']['control-implementation']['implemented-requirements']
      .find((r) => r['control-id'] === 'ac-1')!['by-components']!.map((b) => b.description).find((d) => d.includes('The control requires:'))!;
    expect(requires).toMatch(/a\. Develop, document, and disseminate to \[Assignment: organization-defined personnel or roles\]:/);
    expect(requires).toMatch(/1\. \[Selection \(one or more\): organization-level; mission\/business process-level; system-level\] access control policy/);
    expect(requires).not.toMatch(MARKUP);
  });
});
