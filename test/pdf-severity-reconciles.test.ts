// A control not satisfied without a failed check (evidence not collected, an attestation lapsed,
// awaiting review or never supplied) has a severity: that of its risk in assessment-results.json and
// of its POA&M item, and the PDF's executive summary counted it under that CAT. The PDF's table
// "Controls not satisfied" showed "—" for it and its control entry had no Severity row, so the
// table's CATs did not add up to the summary's counts and disagreed with the AR and the POA&M.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mr01PdfPackage } from './support/pdf-package.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const RANK = ['CAT I', 'CAT II', 'CAT III'];
let dir: string;
let ar: Json;
let poam: Json;
let text: string;

// MR-01 alone: sc-45.1 not collected, pe-3 awaiting review, pl-4 lapsed, ps-6 expected and not supplied.
beforeAll(async () => {
  ({ dir, ar, poam, text } = await mr01PdfPackage('ato-pdf-severity-', {
    attestations: join(root, 'samples', 'attestations.yaml'), system: join(root, 'samples', 'system.yaml'),
  }));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const prop = (o: Json, name: string): string[] => (o.props ?? []).filter((p: Json) => p.name === name).map((p: Json) => p.value);
const highest = (list: string[]): string | undefined => list.sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))[0];

/** Per control not satisfied: the highest severity of the risks its AR finding names. */
function arSeverities(): Map<string, { title: string; severity: string | undefined; failed: boolean }> {
  const risks = new Map<string, Json>(ar.risks.map((r: Json) => [r.uuid, r]));
  const out = new Map<string, { title: string; severity: string | undefined; failed: boolean }>();
  for (const f of ar.findings) {
    const id = prop(f, 'control-id')[0];
    if (f.target['target-id'] !== `${id}_obj` || f.target.status.state !== 'not-satisfied') continue;
    // A partially assessed control's own finding (8a156eb: nothing failed, objectives left to the
    // assessor) has no risk and no severity; the PDF counts it apart from the controls not satisfied.
    if (prop(f, 'assessment-state')[0] === 'partially-assessed') continue;
    const sev = (f['related-risks'] ?? []).flatMap((r: Json) => prop(risks.get(r['risk-uuid'])!, 'severity'));
    out.set(id!, { title: f.title.replace(/^\S+ /, ''), severity: highest(sev), failed: f.target.status.reason === 'fail' });
  }
  return out;
}

describe('the severity of a control not satisfied without a failed check', () => {
  it('is the same in the AR, the POA&M and both places of the PDF, and the summary counts add up', () => {
    const controls = arSeverities();
    const without = [...controls].filter(([, c]) => !c.failed);
    // The case under test is there: controls not satisfied with no check failed, each with a risk.
    expect(without.map(([id]) => id)).toEqual(expect.arrayContaining(['pe-3', 'pl-4', 'ps-6', 'sc-45.1']));
    const counts: Record<string, number> = { 'CAT I': 0, 'CAT II': 0, 'CAT III': 0 };
    for (const [id, c] of controls) {
      expect(c.severity, id).toBeDefined();
      counts[c.severity!]!++;
      // The POA&M's open items naming the control: their highest severity is the AR's.
      const items = poam['poam-items'].filter((i: Json) => prop(i, 'control-id').includes(id) && prop(i, 'poam-status')[0] === 'open');
      expect(highest(items.flatMap((i: Json) => prop(i, 'severity'))), id).toBe(c.severity);
      // The PDF's table of controls not satisfied: the row's severity column.
      const row = new RegExp(`${id.replace('.', '\\.')} ${c.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (CAT I{1,3}|—) `).exec(text);
      expect(row?.[1], `${id} in the table of controls not satisfied`).toBe(c.severity);
      // The control's own entry in Assessed controls.
      const at = text.lastIndexOf(`${id} — ${c.title} Status `);
      expect(at, id).toBeGreaterThan(0);
      const entry = text.slice(at, text.indexOf(' Assessment ', at));
      expect(entry, id).toContain(`Severity ${c.severity}`);
    }
    const summary = /Open findings \(controls not satisfied\) by severity: CAT I (\d+), CAT II (\d+), CAT III (\d+)/.exec(text);
    expect(summary?.slice(1).map(Number)).toEqual([counts['CAT I'], counts['CAT II'], counts['CAT III']]);
  });
});
