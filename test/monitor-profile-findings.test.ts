// `monitor --profile P` and `assess --profile P` judge the same fleet with the same files at the same
// clock. Monitor's control verdicts (its stored run summary and its drift) took "in the selection"
// from the MODERATE baseline, not from the profile, as assess does: a control the profile excluded
// (sc-28.1) was stated `in-baseline` yes, one it added (au-9.2) no, and an attestation's control was
// in scope by the baseline's list. Both now take the profile's list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { describeArsValid } from './support/oscal-schema.js';
import { describeWithShared, rev5, sharedProfileFixture } from './support/shared.js';

type Json = Record<string, any>;
const NOW = '2026-11-03T00:00:00Z';
const FLEET = ['CT-01/CT-01_2026-11-02.json', 'LAB-01/LAB-01_2026-11-02.json', 'MR-01/MR-01_2026-11-02.json', 'MR-02/MR-02_2026-11-02.json'];
const FILES = ['--deviations', join(ROOT, 'samples/deviations.csv'), '--attestations', join(ROOT, 'samples/attestations.yaml'), '--system', join(ROOT, 'samples/system.yaml')];

const newest = (ar: Json): Json => { const r = ar['assessment-results'].results as Json[]; return r[r.length - 1]!; };
const prop = (f: Json, name: string): string | undefined => (f.props as Json[] ?? []).find((p) => p.name === name)?.value;

/** target → status and props, apart from monitor's own `monitoring-run`. */
function findingsOf(ar: Json): Map<string, { status: Json; props: string[] }> {
  return new Map((newest(ar).findings as Json[]).map((f) => [
    `${f.target.type} ${f.target['target-id']}`,
    { status: f.target.status, props: (f.props as Json[] ?? []).filter((p) => p.name !== 'monitoring-run').map((p) => `${p.name}=${p.value}${p.remarks ? ` (${p.remarks})` : ''}`).sort() },
  ]));
}

describeWithShared('monitor --profile states the control findings assess --profile states', () => {
  const { dir, cli } = cliScratch('ato-monitor-profile-');
  const written: Json[] = [];

  it('in-baseline follows the profile (excluded sc-28.1: no; added au-9.2: yes), as assess says, in the AR and drift.json', () => {
    const profile = sharedProfileFixture('org-moderate-tailored.json', dir());
    // HIGH's resolved catalog stands in for NIST's full catalog (not in the shared folder).
    const sel = ['--profile', profile, '--catalog', rev5.resolved('HIGH')];
    const fleet = FLEET.map((f) => join(ROOT, 'samples', f));
    const a = cli(['assess', ...fleet, '--out', 'pkg', '--now', NOW, '--no-pdf', ...FILES, ...sel]);
    expect(a.code, a.stderr).toBe(0);
    const m = cli(['monitor', ...fleet, '--store', 'store', '--out', 'mon', '--now', NOW, '--no-pdf', ...FILES, ...sel]);
    expect(m.code, m.stderr).toBe(0);
    const assessed = JSON.parse(readFileSync(join(dir(), 'pkg/assessment-results.json'), 'utf8')) as Json;
    const monitored = JSON.parse(readFileSync(join(dir(), 'mon/assessment-results.json'), 'utf8')) as Json;
    written.push(monitored);
    // The meaning: the profile excludes sc-28.1 (MODERATE holds it) and adds au-9.2 (MODERATE does not).
    for (const [ar, who] of [[assessed, 'assess'], [monitored, 'monitor']] as const) {
      const control = (id: string) => (newest(ar).findings as Json[]).find((f) => prop(f, 'control-id') === id && !prop(f, 'objective-id'))!;
      expect(prop(control('sc-28.1'), 'in-baseline'), who).toBe('no');
      expect(prop(control('au-9.2'), 'in-baseline'), who).toBe('yes');
    }
    const A = findingsOf(assessed);
    const M = findingsOf(monitored);
    expect([...M.keys()].sort()).toEqual([...A.keys()].sort());
    for (const [target, f] of A) expect(M.get(target), target).toEqual(f);
    // The manual selection and the counts the description states, as assess's.
    const manual = (ar: Json) => (newest(ar)['reviewed-controls']['control-selections'] as Json[])
      .filter((c) => prop(c, 'assessment-method') === 'manual' && !prop(c, 'assessment-state')).flatMap((c) => (c['include-controls'] as Json[]).map((x) => x['control-id']));
    expect(manual(monitored)).toEqual(manual(assessed));
    expect(manual(assessed)).toContain('ac-2.11'); // added by the profile, no check covers it
    expect(manual(assessed)).not.toContain('pe-17'); // excluded by the profile
    // The counts the description states, number by number, up to the manual count.
    const counts = (ar: Json) => (/\d+ controls assessed.*?need manual assessment/.exec(newest(ar).description)?.[0] ?? '').match(/\d+/g);
    expect(counts(assessed)).not.toBeNull();
    expect(counts(monitored)).toEqual(counts(assessed));
    // Both name the profile as what the controls were selected by, never the baseline it replaces.
    const title = (JSON.parse(readFileSync(profile, 'utf8')) as Json).profile.metadata.title as string;
    for (const [ar, who] of [[assessed, 'assess'], [monitored, 'monitor']] as const) {
      expect(newest(ar).description, who).toContain(`NIST SP 800-53 rev5 (profile ${title})`);
      expect(newest(ar).description, who).toMatch(/controls of the profile .* have no automated check/);
      expect(newest(ar).description, who).not.toMatch(/MODERATE baseline|baseline controls/);
    }
    // drift.json's control findings say the same of the selection.
    const drift = JSON.parse(readFileSync(join(dir(), 'mon/drift.json'), 'utf8')) as Json;
    const inSel = (id: string) => (drift.controls as Json[]).find((c) => c.controlId === id)?.inBaseline;
    expect(inSel('sc-28.1')).toBe(false);
    expect(inSel('au-9.2')).toBe(true);
  }, 300_000);

  describeArsValid('monitor --profile\'s AR', written);
});
