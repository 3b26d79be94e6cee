// at-2 attested whole and reviewed, none of its ODPs defined, is partially assessed (48aa716): every
// one of its objectives has a finding in the AR, and what is missing is the organisation's values.
// The PDF's worksheet "Partially assessed controls" gave it the row for a control the catalog has
// no objectives for: "The control catalog gives no assessment objectives for this control:
// determine it from its statement", a false statement beside the AR's ten objective findings. It
// now names the undefined ODPs, read here from the AR.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { sampleAttestationsWithAt2Whole } from './support/attestations.js';
import { pdfPageTexts } from './support/pdf-text.js';

type Json = Record<string, any>;
const prop = (o: Json, name: string) => (o.props as Json[] ?? []).filter((p) => p.name === name).map((p) => p.value as string);

describe('the PDF\'s worksheet row of a control partial only for its undefined ODPs', () => {
  const { dir, cli } = cliScratch('ato-pdf-partial-odps-');

  it('names the ODPs the AR names, and never says the catalog gives the control no objectives', async () => {
    const att = sampleAttestationsWithAt2Whole(ROOT, join(dir(), 'att'));
    const r = cli(['assess', join(ROOT, 'samples'), '--out', 'pkg', '--attestations', att, '--system', join(ROOT, 'samples/system.yaml'), '--now', '2026-11-02T18:00:00Z']);
    expect(r.code, r.stderr).toBe(0);
    const ar = JSON.parse(readFileSync(join(dir(), 'pkg/assessment-results.json'), 'utf8'))['assessment-results'].results[0] as Json;
    const at2 = (ar.findings as Json[]).filter((f) => prop(f, 'control-id').includes('at-2'));
    const own = at2.find((f) => prop(f, 'objective-id').length === 0)!;
    // Premises, from the AR: partially assessed, its objectives each with a finding, the undefined ODPs named.
    expect(prop(own, 'assessment-state')).toEqual(['partially-assessed']);
    expect(at2.filter((f) => prop(f, 'objective-id').length > 0).length).toBeGreaterThan(0);
    // Named with their labels ('at-02_odp.01 (organization-defined frequency), ...'): every id.
    const odps = /Organisation-defined parameters not defined: (.*?); no --params/.exec(own.description)?.[1]?.match(/\b[a-z]{2}-\d+(?:\.\d+)?_odp\.\d+/g) ?? [];
    expect(odps.length).toBeGreaterThan(1);
    expect(odps.length).toBeGreaterThan(0);

    const text = (await pdfPageTexts(join(dir(), 'pkg/evidence-package.pdf'))).join('\n').replace(/\s+/g, ' ');
    const at = text.indexOf('Partially assessed controls: objectives left to the assessor');
    expect(at).toBeGreaterThan(0);
    const rows = text.slice(at);
    const row = rows.slice(rows.indexOf('at-2 '), rows.indexOf('at-3 ') > 0 ? rows.indexOf('at-3 ') : undefined);
    expect(row).not.toContain('gives no assessment objectives');
    expect(row).toContain('Every assessment objective has a finding; the organisation has not defined');
    for (const id of odps) expect(row).toContain(id);
  });
});
