// A --profile that adds a requirement to a control (an alter's added `item`: "the device lock is
// tested every quarter") asks more of it than the catalog's objectives. A control its checks show
// whole (ac-11 on a console passing every screen-lock check, its selection made) was satisfied
// although nothing showed the added requirement; it is now one leaf more, left to the assessor
// (partially assessed) unless an attestation of the whole control covers it. Added guidance asks
// nothing, and changes no verdict. (ac-7 stood here until its lockout checks became in part: they
// leave the built-in Administrator's exemption and the vendor application's logons to the assessor.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { describeArsValid } from './support/oscal-schema.js';
import { describeWithShared, rev5 } from './support/shared.js';
import { odpParamsJson } from './support/attestations.js';
import { ControlAggregator } from '../src/assess/controls.js';
import type { Check } from '../src/catalog/types.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-02T18:00:00Z';
const { dir, cli } = cliScratch('ato-profile-added-');
const written: Json[] = [];

function profileFile(): string {
  const doc = {
    profile: {
      uuid: '0d1c1b4e-4f0e-4a51-9d2b-6a8b3e2f1c01',
      metadata: { title: 'Added requirements', 'last-modified': '2026-10-01T00:00:00Z', version: '1', 'oscal-version': '1.1.3' },
      imports: [{ href: rev5.resolved('MODERATE'), 'include-all': {} }],
      modify: {
        // The selection SCREEN-LOCK-TIMEOUT shows, made: ac-11 is then left in part by nothing but
        // what the profile adds.
        'set-parameters': [
          { 'param-id': 'ac-11_odp.01', values: ['initiating a device lock after 15 minutes of inactivity'] },
        ],
        alters: [
          { 'control-id': 'ac-11', adds: [{ position: 'ending', parts: [{ id: 'ac-11_smt.org', name: 'item', props: [{ name: 'label', value: 'org.' }], prose: 'The device lock of every imaging console is tested by the ISSO every quarter.' }] }] },
          { 'control-id': 'au-4', adds: [{ position: 'ending', parts: [{ name: 'item', prose: 'Logs are kept on the console for 90 days.' }] }] },
          { 'control-id': 'ac-11.1', adds: [{ position: 'ending', parts: [{ id: 'ac-11.1_gdn.org', name: 'guidance', prose: 'Consoles in the MR suite show a blank screen when locked.' }] }] },
        ],
      },
    },
  };
  const file = join(dir(), 'profile.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

function attestationsFile(objectives?: string[]): string {
  writeFileSync(join(dir(), 'ev.md'), 'Quarterly device lock test log, 2026.\n');
  const lines = [
    'attestations:',
    '  - control: ac-11',
    '    statement: The ISSO tests every console\'s device lock each quarter; the log lists each test.',
    '    who: { name: Dana Whitfield, role: ISSO }',
    '    when: 2026-09-15',
    '    expires: 2027-09-14',
    '    method: EXAMINE',
    '    evidence: ev.md',
    '    reviewed-by: { name: Tomas Ibarra, role: Assessor, when: 2026-10-01 }',
    ...(objectives ? [`    objectives: [${objectives.join(', ')}]`] : []),
  ];
  const file = join(dir(), objectives ? 'att-part.yaml' : 'att-whole.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A --params file defining ac-11's organisation-defined parameters no check parameter fills: an attestation of the whole control cannot be satisfied while they are undefined. */
function ac11Params(): string {
  const file = join(dir(), 'ac11-params.json');
  writeFileSync(file, odpParamsJson(['ac-11']));
  return file;
}

function assess(name: string, extra: string[] = []): { ar: Json; ssp: Json; stdout: string } {
  const out = join(dir(), name);
  // MR-02 passes every lockout, screen-lock and log-size check (samples/README.md).
  const r = cli(['assess', join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), '--out', out, '--now', NOW, '--no-pdf', '--profile', profileFile(), ...extra]);
  expect(r.code, r.stderr).toBe(0);
  const ar = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8')) as Json;
  written.push(ar);
  return { ar, ssp: JSON.parse(readFileSync(join(out, 'ssp.json'), 'utf8')) as Json, stdout: `${r.stdout}${r.stderr}` };
}

const result = (ar: Json): Json => ar['assessment-results'].results[0];
const prop = (x: Json, name: string): string | undefined => ((x.props ?? []) as Json[]).find((p) => p.name === name)?.value;
const controlFinding = (ar: Json, id: string): Json => (result(ar).findings as Json[]).find((f) => prop(f, 'control-id') === id && !prop(f, 'objective-id') && f.target['target-id'] === `${id}_obj`)!;
const sspState = (ssp: Json, id: string): string | undefined => prop((ssp['system-security-plan']['control-implementation']['implemented-requirements'] as Json[]).find((r) => r['control-id'] === id)!, 'assessment-finding');

/** Every assessment-objective id of NIST's HIGH resolved catalog (a superset of MODERATE's). */
function catalogObjectiveIds(): Set<string> {
  const ids = new Set<string>();
  const walk = (parts: Json[] | undefined): void => { for (const p of parts ?? []) { if (p.name === 'assessment-objective') ids.add(p.id); walk(p.parts); } };
  const controls = (cs: Json[] | undefined): void => { for (const c of cs ?? []) { walk(c.parts); controls(c.controls); } };
  for (const g of JSON.parse(readFileSync(rev5.resolved('HIGH'), 'utf8')).catalog.groups as Json[]) controls(g.controls);
  return ids;
}

describe('a requirement a profile adds is a leaf no check shows (aggregator)', () => {
  const check = { id: 'LOCK', controls: ['ac-7'], objectives: ['ac-7_obj.a'], severity: 'CAT II' } as unknown as Check;
  const info = (added?: string[]) => () => ({ title: 'Unsuccessful Logon Attempts', objective: 'ac-7_obj', baselines: ['moderate'], leaves: ['ac-7_obj.a'], ...(added ? { added } : {}) });

  it('every check passing leaves the control partially assessed, the added requirement uncovered', () => {
    const agg = new ControlAggregator([check], info(['ac-7_smt.org']), 'moderate');
    agg.addDevice('D1', ['pass'], () => undefined);
    const [f] = agg.findings();
    expect(f!.state).toBe('partial');
    expect(f!.uncovered).toEqual([{ objectiveId: 'ac-7_smt.org', why: 'added' }]);
    expect(f!.objectives.map((o) => [o.objectiveId, o.state])).toEqual([['ac-7_obj.a', 'satisfied']]);
  });

  it('without an added requirement the same pass satisfies it', () => {
    const agg = new ControlAggregator([check], info(), 'moderate');
    agg.addDevice('D1', ['pass'], () => undefined);
    expect(agg.findings()[0]!.state).toBe('satisfied');
  });
});

describeWithShared('assess --profile with requirements added to controls', () => {
  it('ac-11 (every screen-lock check passes) is partially assessed in the AR and SSP, naming what the profile added; guidance changes nothing', () => {
    const { ar, ssp, stdout } = assess('plain');
    const ac11 = controlFinding(ar, 'ac-11');
    expect(ac11.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(prop(ac11, 'assessment-state')).toBe('partially-assessed');
    expect(ac11.description).toMatch(/left to the assessor[^.]*: ac-11_smt\.org \(a requirement the profile adds\)/);
    // Its catalog objectives are still shown, each with its own finding.
    const byTarget = new Map((result(ar).findings as Json[]).map((f) => [f.target['target-id'], f.target.status.state]));
    expect(byTarget.get('ac-11_obj.a')).toBe('satisfied');
    expect(byTarget.get('ac-11_obj.b')).toBe('satisfied');
    // An added part without an id is named by its control and place.
    const au4 = controlFinding(ar, 'au-4');
    expect(prop(au4, 'assessment-state')).toBe('partially-assessed');
    expect(au4.description).toContain('au-4, added part 1 (a requirement the profile adds)');
    // Added guidance asks nothing more: ac-11.1 stays satisfied.
    expect(controlFinding(ar, 'ac-11.1').target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect(sspState(ssp, 'ac-11')).toBe('partially-assessed');
    expect(sspState(ssp, 'au-4')).toBe('partially-assessed');
    expect(sspState(ssp, 'ac-11.1')).toBe('satisfied');
    // The terminal names the first 8 partially assessed controls (others, in part for objectives
    // their checks leave out, may come before ac-11): it counts ac-11's and au-4's reason, and never
    // gives ac-11 objectives left.
    expect(stdout).toContain('2 with requirements the profile adds that no check shows');
    expect(stdout).not.toMatch(/ac-11 \(\d+ objectives? left/);
    // Every objective id the AR names is one of the catalog's: the added parts are no objective.
    const known = catalogObjectiveIds();
    const named = [
      ...(result(ar).findings as Json[]).filter((f) => f.target.type === 'objective-id').map((f) => f.target['target-id'] as string),
      ...((result(ar)['reviewed-controls']['control-objective-selections'] ?? []) as Json[]).flatMap((s) => (s['include-objectives'] as Json[]).map((o) => o['objective-id'] as string)),
    ];
    expect(named.filter((id) => !known.has(id) && !/^sc-45/.test(id))).toEqual([]);
  }, 120_000);

  it('export hdf reads the added requirements from the package: nist_in_part flags ac-11 and au-4, not ac-11(1) (guidance)', () => {
    assess('for-hdf');
    const r = cli(['export', 'hdf', join(dir(), 'for-hdf'), '--out', join(dir(), 'for-hdf-hdf')]);
    expect(r.code, r.stderr).toBe(0);
    const controls = JSON.parse(readFileSync(join(dir(), 'for-hdf-hdf/hdf.json'), 'utf8')).profiles[0].controls as Json[];
    for (const [nist, flagged] of [['AC-11', true], ['AU-4', true], ['AC-11(1)', false]] as const) {
      const tagged = controls.filter((c) => (c.tags.nist as string[]).includes(nist));
      expect(tagged.length, nist).toBeGreaterThan(0);
      for (const c of tagged) {
        const inPart = (c.tags.nist_in_part ?? []) as string[];
        // With its selection made no check tagged AC-11 shows it in part: the flag is the added requirement's.
        if (flagged) expect(inPart, `${c.id} ${nist}`).toContain(nist);
        else expect(inPart, `${c.id} ${nist}`).not.toContain(nist);
      }
    }
    const lock = controls.find((c) => (c.tags.nist as string[]).includes('AC-11'))!;
    expect((lock.descriptions as Json[]).find((d) => d.label === 'nist_in_part')?.data).toMatch(/AC-11: assessed only in part by this check \(no check shows [^)]*ac-11_smt\.org/);
  }, 120_000);

  it('an attestation of the whole control covers the added requirement; one naming the catalog objectives only does not', () => {
    const whole = assess('whole', ['--attestations', attestationsFile(), '--params', ac11Params()]).ar;
    expect(controlFinding(whole, 'ac-11').target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    // The added requirement is no assessment objective: counted apart, never as one more objective.
    // ac-11's leaf objectives from NIST's catalog, not from the output under test.
    const leafIds = (p: Json): string[] => (p.parts?.length ? (p.parts as Json[]).flatMap(leafIds) : [p.id as string]);
    const catalogLeaves = leafIds(JSON.parse(readFileSync(join(ROOT, 'controls/rev5-objectives.json'), 'utf8')).controls['ac-11'].objective);
    expect(catalogLeaves.length).toBeGreaterThan(0);
    const said = controlFinding(whole, 'ac-11').description as string;
    expect(said).toContain(`each of its ${catalogLeaves.length} assessment objective${catalogLeaves.length === 1 ? '' : 's'} and 1 requirement the profile adds is shown`);
    expect(said).not.toMatch(/each of its \d+ assessment objective\(s\) is shown/);
    const part = assess('part', ['--attestations', attestationsFile(['ac-11_obj.a', 'ac-11_obj.b'])]);
    const ac11 = controlFinding(part.ar, 'ac-11');
    expect(ac11.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(prop(ac11, 'assessment-state')).toBe('partially-assessed');
    expect(sspState(part.ssp, 'ac-11')).toBe('partially-assessed');
  }, 120_000);

  it('monitor says what assess says: the added requirement named in ac-11\'s finding, never a finding of its own, also when attested', () => {
    const run = (name: string, extra: string[]): Json => {
      const r = cli(['monitor', join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), '--store', join(dir(), `${name}-store`), '--out', join(dir(), name), '--now', NOW, '--no-pdf', '--profile', profileFile(), ...extra]);
      expect(r.code, r.stderr).toBe(0);
      const ar = JSON.parse(readFileSync(join(dir(), name, 'assessment-results.json'), 'utf8')) as Json;
      written.push(ar);
      const results = ar['assessment-results'].results as Json[];
      return results[results.length - 1]!;
    };
    const own = (r: Json) => (r.findings as Json[]).find((f) => f.target['target-id'] === 'ac-11_obj')!;
    const plain = run('mon-plain', []);
    expect(own(plain).target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(own(plain).description).toContain('ac-11_smt.org (a requirement the profile adds)');
    const whole = run('mon-whole', ['--attestations', attestationsFile(), '--params', ac11Params()]);
    expect(own(whole).target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect((whole.findings as Json[]).map((f) => f.target['target-id'])).not.toContain('ac-11_smt.org');
    // Worded as assess words it: the added requirement counted apart from the objectives.
    expect(own(whole).description).toMatch(/assessment objectives? and 1 requirement the profile adds is shown/);
  }, 120_000);

  describeArsValid('the ARs written with added requirements', written);
});
