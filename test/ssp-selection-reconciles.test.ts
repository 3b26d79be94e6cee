// With --profile, the controls are chosen by the profile, and the assessment results say so ("Not in
// the profile <title>; assessed because a check cites it", "Controls of the profile <title> that no
// automated check covers"). The SSP said "Not in the MODERATE baseline: included because …" and
// "a control of the MODERATE baseline" instead: another selection than the AR's, and false of
// controls NIST's MODERATE baseline holds that the profile excluded (sc-28.1, pe-17).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { describeWithShared, rev5, sharedProfileFixture } from './support/shared.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
let dir: string;
let profileTitle: string;
let ar: Json;
let ssp: Json;

describeWithShared('the SSP names the control selection the AR names', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ato-ssp-selection-'));
    const profile = sharedProfileFixture('org-moderate-tailored.json', dir);
    profileTitle = JSON.parse(readFileSync(profile, 'utf8')).profile.metadata.title;
    const out = join(dir, 'pkg');
    await runAssess({
      inputs: [join(root, 'samples', 'MR-01')], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: false, now: '2026-11-02T18:00:00Z',
      // HIGH's resolved catalog stands in for NIST's full catalog (not in the shared folder).
      catalog: rev5.resolved('HIGH'), profile, system: join(root, 'samples', 'system.yaml'), warn: () => {},
    });
    ar = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
    ssp = JSON.parse(readFileSync(join(out, 'ssp.json'), 'utf8'))['system-security-plan'];
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const prop = (o: Json, name: string): string | undefined => (o.props ?? []).find((p: Json) => p.name === name)?.value;

  it('outside the selection and inside it, in the same words as the AR', () => {
    const selection = `profile ${profileTitle}`;
    // The AR's own words for the selection, read from its manual group and its findings.
    const manualGroup = ar['reviewed-controls']['control-selections'].find((s: Json) => /that no automated check covers and no attestation/.test(s.description));
    expect(manualGroup.description).toContain(`Controls of the ${selection} that`);
    const arOutside = ar.findings.filter((f: Json) => /\(Not in the /.test(f.description));
    expect(arOutside.length).toBeGreaterThan(0);
    for (const f of arOutside) expect(f.description).toContain(`(Not in the ${selection};`);

    const reqs: Json[] = ssp['control-implementation']['implemented-requirements'];
    const outside = reqs.filter((r) => prop(r, 'in-baseline') === 'no');
    // Excluded by the profile though in NIST's MODERATE baseline: assessed (sc-28.1) or declared (pe-17).
    expect(outside.map((r) => r['control-id'])).toEqual(expect.arrayContaining(['sc-28.1', 'pe-17']));
    for (const r of outside) {
      expect(r.remarks, r['control-id']).toMatch(new RegExp(`^Not in the ${selection.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: included because`));
      expect(r.remarks, r['control-id']).not.toMatch(/MODERATE baseline/);
    }
    // A control of the selection nobody declared: its narrative-needed text names the same selection.
    const undeclared = reqs.filter((r) => prop(r, 'in-baseline') === 'yes' && prop(r, 'narrative-needed') === 'yes');
    expect(undeclared.length).toBeGreaterThan(0);
    for (const r of undeclared) {
      const text = JSON.stringify(r['by-components'] ?? r.statements);
      expect(text, r['control-id']).toContain(`a control of the ${selection},`);
      expect(text, r['control-id']).not.toMatch(/MODERATE baseline/);
    }
  });
});
