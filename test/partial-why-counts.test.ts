// A control is partially assessed for more than objectives left to the assessor: at-2 attested whole
// with no ODP defined has a finding for every objective and is partial only because nobody set its
// parameters (ec02d21). The AR's result description, the PDF's summary and manual section,
// monitor's result, drift.md and the monitoring PDF's summary said of every partially assessed control "objectives are left to the assessor".
// Each now counts them by why; the counts are computed here from the AR's own control findings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { sampleAttestationsWithAt2Whole } from './support/attestations.js';
import { pdfPageTexts } from './support/pdf-text.js';

type Json = Record<string, any>;
const flat = (s: string) => s.replace(/\s+/g, ' ');
const NOW = '2026-11-02T18:00:00Z';
const props = (o: Json, name: string): string[] => ((o.props as Json[] | undefined) ?? []).filter((p) => p.name === name).map((p) => p.value as string);

/** Why each partially assessed control is so, read from its AR finding (its description and props). */
function whysFromAr(result: Json): { partial: string[]; left: string[]; odps: string[]; added: string[]; notApplied: string[] } {
  const own = (result.findings as Json[]).filter((f) => props(f, 'objective-id').length === 0 && props(f, 'assessment-state').includes('partially-assessed'));
  const ids = (f: Json) => props(f, 'control-id')[0]!;
  const leftList = (f: Json) => /Objectives left to the assessor \(no check shows them on every device\): (.*?)\.(?: |$)/.exec(f.description as string)?.[1] ?? '';
  return {
    partial: own.map(ids),
    left: own.filter((f) => leftList(f).split(', ').some((x) => /^[a-z]{2}-\d+(\.\d+)?_obj\S*$/.test(x))).map(ids),
    odps: own.filter((f) => (f.description as string).includes('Organisation-defined parameters not defined:')).map(ids),
    added: own.filter((f) => props(f, 'profile-added').length > 0).map(ids),
    notApplied: own.filter((f) => leftList(f).includes('did not apply')).map(ids),
  };
}

describe('documents count the partially assessed controls by why, as the AR\'s findings show it', () => {
  const { dir, cli } = cliScratch('ato-partial-why-');

  it('at-2 attested whole without ODPs: counted among undefined parameters, not among objectives left', async () => {
    const att = sampleAttestationsWithAt2Whole(ROOT, join(dir(), 'att'));
    const common = ['--attestations', att, '--system', join(ROOT, 'samples/system.yaml'), '--now', NOW];
    const r = cli(['assess', join(ROOT, 'samples'), '--out', 'pkg', ...common]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(dir(), 'pkg/assessment-results.json'), 'utf8'))['assessment-results'].results[0] as Json;
    const w = whysFromAr(result);
    // Premises, from the AR: at-2 partial for its ODPs alone; some control partial with objectives left.
    expect(w.partial).toContain('at-2');
    expect(w.odps).toContain('at-2');
    expect(w.left).not.toContain('at-2');
    expect(w.left.length).toBeGreaterThan(0);
    expect(w.left.length).toBeLessThan(w.partial.length);

    const expected = [`${w.left.length} with objectives left to the assessor`, `${w.odps.length} with parameters the organisation has not defined`];
    const desc = (result.description as string).replace(/\s+/g, ' ');
    expect(desc).toContain(`${w.partial.length} partially assessed (nothing failed, but not all is shown: ${expected.join(', ')}`);
    expect(desc).not.toContain('objectives are left to the assessor');
    // The SSP's link to at-2's findings and its remark say what its AR finding names (the ODPs
    // nobody defined), not '0 objective(s) are left to the assessor'.
    const at2 = (result.findings as Json[]).find((f) => props(f, 'control-id')[0] === 'at-2' && props(f, 'objective-id').length === 0)!;
    const odpIds = /Organisation-defined parameters not defined: (.*?); no --params/.exec(at2.description as string)?.[1]?.match(/\b[a-z]{2}-\d+(?:\.\d+)?_odp\.\d+/g) ?? [];
    expect(odpIds.length).toBeGreaterThan(1);
    const req = (JSON.parse(readFileSync(join(dir(), 'pkg/ssp.json'), 'utf8'))['system-security-plan']['control-implementation']['implemented-requirements'] as Json[]).find((x) => x['control-id'] === 'at-2')!;
    const sspText = flat(`${((req.links as Json[]) ?? []).map((l) => l.text as string).join(' ')} ${(req.remarks as string | undefined) ?? ''}`);
    expect(sspText).toContain(`partially assessed, so not satisfied (nothing failed; not all is shown: ${odpIds.length} parameters the organisation has not defined)`);
    expect(sspText).not.toContain('objectives left to the assessor');
    expect(sspText).not.toMatch(/\d+ objective\(s\) are left to the assessor/);
    // The CLI's summary counts them as the AR does (it named objectives left and parameters, uncounted).
    expect(r.stderr.replace(/\s+/g, ' ')).toContain(`Partially assessed (nothing failed, but not all is shown: ${expected.join(', ')}`);

    const pdf = (await pdfPageTexts(join(dir(), 'pkg/evidence-package.pdf'))).join('\n').replace(/\s+/g, ' ');
    const summary = /controls? (?:is|are) partially assessed \(([^)]*)\)/.exec(pdf)?.[1] ?? '';
    for (const e of expected) expect(summary).toContain(e);
    expect(pdf).not.toContain('partially assessed (nothing failed, but objectives are left to the assessor)');
    const manual = new RegExp(`${w.partial.length} assessed controls are only partially assessed: nothing failed, but not all is shown \\(([^)]*)\\)`).exec(pdf)?.[1] ?? '';
    for (const e of expected) expect(manual).toContain(e);
    // The POA&M section sent every partial control's 'objectives left to the assessor' to the manual section.
    expect(pdf).not.toContain('their objectives left to the assessor are in the manual assessment section');
    expect(pdf).toContain('what each still needs (objectives left to the assessor, parameters to define) is in the manual assessment section');

    const m = cli(['monitor', join(ROOT, 'samples'), '--store', 'store', '--out', 'mon', ...common]);
    expect(m.code, m.stderr).toBe(0);
    const runs = JSON.parse(readFileSync(join(dir(), 'mon/assessment-results.json'), 'utf8'))['assessment-results'].results as Json[];
    const last = runs[runs.length - 1]!;
    const mw = whysFromAr(last);
    expect(mw).toEqual(w);
    expect((last.description as string).replace(/\s+/g, ' ')).toContain(`${w.partial.length} partially assessed (${expected.join(', ')}`);
    // The drift's summary (drift.md and the monitoring PDF) says the same of the new run's partial controls.
    const md = readFileSync(join(dir(), 'mon/drift.md'), 'utf8').replace(/\s+/g, ' ');
    expect(md).toContain(`→ ${w.partial.length} partially assessed, now ${expected.join(', ')}`);
    expect(md).not.toContain('their other objectives left to the assessor');
    const mpdf = (await pdfPageTexts(join(dir(), 'mon/monitoring-report.pdf'))).join('\n').replace(/\s+/g, ' ');
    expect(mpdf).toContain(`${w.partial.length} now (${expected.join(', ')}`);
    expect(mpdf).not.toContain('their other objectives left to the assessor');
  });

  it('the samples as shipped: every partial control with objectives left is counted so', () => {
    const r = cli(['assess', join(ROOT, 'samples'), '--out', 'plain', '--attestations', join(ROOT, 'samples/attestations.yaml'), '--system', join(ROOT, 'samples/system.yaml'), '--now', NOW, '--no-pdf']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(dir(), 'plain/assessment-results.json'), 'utf8'))['assessment-results'].results[0] as Json;
    const w = whysFromAr(result);
    expect(w.partial).toEqual(expect.arrayContaining(['at-2', 'at-3']));
    expect(w.left).toEqual(w.partial);
    const desc = (result.description as string).replace(/\s+/g, ' ');
    expect(desc).toContain(`${w.partial.length} partially assessed (nothing failed, but not all is shown: ${w.left.length} with objectives left to the assessor`);
  });
});
