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
import { loadWording } from '../src/report/pdf/wording.js';
import { PARTIAL_WHYS, partialNeedsText, type PartialWhy } from '../src/assess/controls.js';

type Json = Record<string, any>;
const none = Object.fromEntries(PARTIAL_WHYS.map((w) => [w, 0])) as Record<PartialWhy, number>;
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
    // The worksheet's heading (the PDF's own label) is over at-2's row too: it names no objectives left.
    const heading = loadWording().label('manual.partial');
    expect(heading).not.toMatch(/objectives left/i);
    const at = text.indexOf(heading);
    expect(at).toBeGreaterThan(0);
    const rows = text.slice(at);
    const row = rows.slice(rows.indexOf('at-2 '), rows.indexOf('at-3 ') > 0 ? rows.indexOf('at-3 ') : undefined);
    expect(row).not.toContain('gives no assessment objectives');
    expect(row).toContain('Every assessment objective has a finding; the organisation has not defined');
    for (const id of odps) expect(row).toContain(id);

    // The controls section's definition of a partially assessed control names every reason one can
    // be (assess/controls.ts PARTIAL_WHYS), at-2's undefined parameters among them, not objectives alone.
    const intro = text.slice(text.indexOf('NIST SP 800-53 rev5 controls evidenced by at least one automated check'));
    const definition = /[^.]*is partially assessed[^.]*\./.exec(intro)?.[0] ?? '';
    for (const w of PARTIAL_WHYS) expect(definition, w).toContain(partialNeedsText({ ...none, [w]: 1 }));
    expect(definition).not.toContain('its other objectives are left to the assessor');
  });
});
