// The SSP links each control to "Findings for <control> in the assessment results": the link must
// land on findings that exist. MR-02 assessed alone leaves controls partially assessed with no
// objective shown (their checks do not apply or pass only in part); the results once held no
// finding of them at all and the SSP linked 23 of them to findings that did not exist. Every
// assessed control now has its own finding (a partially assessed one not-satisfied, reason other).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { propOf } from './support/oscal-json.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;

let dir: string;
let ar: Json;
let ssp: Json;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-ssp-links-'));
  await runAssess({ inputs: [join(root, 'samples', 'MR-02', 'MR-02_2026-11-02.json')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', toolVersion: 't', pdf: false, now: '2026-11-02T18:00:00Z' });
  ar = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  ssp = JSON.parse(readFileSync(join(dir, 'pkg', 'ssp.json'), 'utf8'))['system-security-plan'];
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const linksFindings = (r: Json): boolean => (r.links ?? []).some((l: Json) => /^Findings for /.test(l.text));

describe('the SSP links a control to its findings only where the assessment results have them', () => {
  it('every "Findings for" link names a control with a finding in the results, and every control with one is linked', () => {
    const withFindings = new Set<string>(ar.findings.map((f: Json) => propOf(f, 'control-id')!));
    const reqs: Json[] = ssp['control-implementation']['implemented-requirements'];
    const linked = reqs.filter(linksFindings).map((r) => r['control-id']);
    expect(linked.length).toBeGreaterThan(0);
    for (const c of linked) expect(withFindings.has(c), `${c} is linked to findings the results do not have`).toBe(true);
    for (const c of withFindings) expect(linked, `${c} has findings but no link`).toContain(c);
  });

  it('ac-2, partially assessed with no objective shown: listed as such in the results, its own finding not-satisfied (reason other), linked as partially assessed', () => {
    const partial = ar['reviewed-controls']['control-selections'].find((s: Json) => propOf(s, 'assessment-state') === 'partially-assessed');
    expect(partial['include-controls'].map((x: Json) => x['control-id'])).toContain('ac-2');
    const own = ar.findings.filter((f: Json) => propOf(f, 'control-id') === 'ac-2');
    expect(own.map((f: Json) => [f.target['target-id'], f.target.status.state, f.target.status.reason, propOf(f, 'assessment-state')])).toEqual([['ac-2_obj', 'not-satisfied', 'other', 'partially-assessed']]);
    const req = ssp['control-implementation']['implemented-requirements'].find((r: Json) => r['control-id'] === 'ac-2');
    expect(linksFindings(req)).toBe(true);
    expect(propOf(req, 'assessment-finding')).toBe('partially-assessed');
  });
});
