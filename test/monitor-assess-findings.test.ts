// `monitor` and `assess` judge the same fleet with the same files at the same clock: the findings
// of monitor's AR (its newest result) must say what assess's AR says. Both go through the CLI; the
// documents are compared finding by finding (target, status, props) after removing only what
// differs by design, each listed below with why. Monitor's control finding of a control only an
// attestation speaks for carried a prop `checks` "(empty)", a check list assess does not state.
// Monitor's findings stated no `cci` props and no `attestations` prop (key, status, until when)
// where assess's did: its stored summary now keeps both for each run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { describeArsValid } from './support/oscal-schema.js';
import { sampleAt2Yaml } from './support/attestations.js';

type Json = Record<string, any>;
const NOW = '2026-11-03T00:00:00Z';
const FLEET = ['CT-01/CT-01_2026-11-02.json', 'LAB-01/LAB-01_2026-11-02.json', 'MR-01/MR-01_2026-11-02.json', 'MR-02/MR-02_2026-11-02.json'];
const FILES = ['--deviations', join(ROOT, 'samples/deviations.csv'), '--attestations', join(ROOT, 'samples/attestations.yaml'), '--system', join(ROOT, 'samples/system.yaml')];

/**
 * Props that differ by design:
 * - `monitoring-run`: monitor's own, naming the run of the series each finding belongs to.
 */
const BY_DESIGN = new Set(['monitoring-run']);

/**
 * target type and id → title, description, status, the props not by design, as sorted "name=value"
 * texts, and the remarks (why a not-satisfied finding has no POA&M item: monitor's control findings
 * had none). Monitor titled an objective's finding by its id ("ac-2.3_obj.d ...") where assess uses
 * the catalog's label ("AC-02(03)(d) ..."), and described it in its own sentence; its control
 * findings outside the baseline read "(Not in the ; assessed because ...)".
 */
function findingsOf(ar: Json): Map<string, { title: string; description: string; status: Json; props: string[]; remarks?: string }> {
  const results = ar['assessment-results'].results as Json[];
  return new Map((results[results.length - 1]!.findings as Json[]).map((f) => [
    `${f.target.type} ${f.target['target-id']}`,
    { title: f.title, description: f.description, status: f.target.status, props: (f.props as Json[] ?? []).filter((p) => !BY_DESIGN.has(p.name)).map((p) => `${p.name}=${p.value}${p.remarks ? ` (${p.remarks})` : ''}`).sort(), ...(f.remarks !== undefined ? { remarks: f.remarks } : {}) },
  ]));
}

describe('monitor\'s AR and assess\'s AR state the same findings for the same fleet, files and clock', () => {
  const { dir, cli } = cliScratch('ato-monitor-assess-');
  const written: Json[] = [];
  const pair: Json[] = [];

  it('every finding: the same targets, titles, descriptions, statuses and props (apart from those listed as by design)', () => {
    const fleet = FLEET.map((f) => join(ROOT, 'samples', f));
    const a = cli(['assess', ...fleet, '--out', 'pkg', '--now', NOW, '--no-pdf', ...FILES]);
    expect(a.code, a.stderr).toBe(0);
    const m = cli(['monitor', ...fleet, '--store', 'store', '--out', 'mon', '--now', NOW, '--no-pdf', ...FILES]);
    expect(m.code, m.stderr).toBe(0);
    const assessed = JSON.parse(readFileSync(join(dir(), 'pkg/assessment-results.json'), 'utf8')) as Json;
    const monitored = JSON.parse(readFileSync(join(dir(), 'mon/assessment-results.json'), 'utf8')) as Json;
    written.push(monitored);
    const A = findingsOf(assessed);
    const M = findingsOf(monitored);
    // Premises: a fleet with failures, a deviation and an attestation-only control (at-2).
    expect(A.size).toBeGreaterThan(50);
    expect([...A.values()].some((f) => f.status.state === 'not-satisfied')).toBe(true);
    expect(A.has('objective-id at-2_obj')).toBe(true);
    // ... and findings with CCIs and attestation keys to compare.
    expect([...A.values()].some((f) => f.props.some((p) => p.startsWith('cci=')))).toBe(true);
    expect([...A.values()].some((f) => f.props.some((p) => p.startsWith('attestations=')))).toBe(true);
    // ... an objective the catalog labels apart from its id, failed on a named device, and a control outside the baseline.
    expect(A.get('objective-id ac-2.3_obj.d')?.title).toBe('AC-02(03)(d) Disable Accounts');
    expect(A.get('objective-id ac-2.3_obj.d')?.description).toMatch(/^AC-02\(03\)\(d\) \(ac-2\.3_obj\.d\), an assessment objective of ac-2\.3 .* failed on 1 device\(s\): CT-01 \(ACCOUNT-INACTIVE\)\.$/);
    expect([...A.values()].some((f) => f.description.includes('(Not in the MODERATE baseline; assessed because a check cites it.)'))).toBe(true);
    expect([...M.keys()].sort()).toEqual([...A.keys()].sort());
    for (const [target, f] of A) expect(M.get(target), target).toEqual(f);
    pair.push(assessed, monitored);
  });

  // Monitor's result stated only its baseline: not the parameter values its verdicts rest on, the
  // control selection, the catalog or how many attestations it read, which assess's result states.
  it('the newest result states what its verdicts were judged with, as assess\'s result does', () => {
    const [assessed, monitored] = pair;
    expect(monitored, 'the first test wrote both ARs').toBeDefined();
    const own = new Set(['monitoring-run', 'previous-run', 'devices-missing']);
    const resultProps = (ar: Json) => {
      const results = ar['assessment-results'].results as Json[];
      return (results[results.length - 1]!.props as Json[]).filter((p) => !own.has(p.name)).map((p) => `${p.name}=${p.value}`);
    };
    const A = resultProps(assessed!);
    // Premises: parameters with their values, and the attestations read (one expired at this clock).
    expect(A).toContain('parameter=lockout-threshold-max = 3 (default; basis: DISA Windows 10 STIG V3R2 WN10-AC-000010 (3 or less, and not 0))');
    expect(A.some((p) => /^attestations=\d+ \(1 expired\)$/.test(p))).toBe(true);
    expect(resultProps(monitored!)).toEqual(A);
  });

  // Monitor's back-matter cited no input file: an assessor could not tell which deviations,
  // attestations or system description its verdicts rest on, which assess's back-matter says.
  it('the back-matter cites each file the run read, as assess\'s does, by an object the store holds', () => {
    const [assessed, monitored] = pair;
    expect(monitored, 'the first test wrote both ARs').toBeDefined();
    const cited = (ar: Json) => new Map((ar['assessment-results']['back-matter'].resources as Json[])
      .map((r) => Object.fromEntries((r.props as Json[] ?? []).map((p) => [p.name, p.value])))
      .filter((p) => p['assessment-input'] !== undefined)
      .map((p) => [`${p['assessment-input']} ${p['source-file']}`, p]));
    // The parameter definitions bundled with the tool are no file monitor is given (the rules digest covers them).
    const A = new Map([...cited(assessed!)].filter(([k]) => !k.startsWith('--params defaults')));
    const M = cited(monitored!);
    expect([...A.keys()].sort()).toEqual(['--attestations attestations.yaml', '--deviations deviations.csv', '--system system.yaml']);
    expect([...M.keys()].sort()).toEqual([...A.keys()].sort());
    for (const [key, m] of M) {
      const object = m['store-object'] as string;
      expect(existsSync(join(dir(), 'store/objects', object.slice(0, 2), object.slice(2))), key).toBe(true);
      // A file holding no secret is kept as read: its object is the SHA-256 assess cites (attestations are kept as records, not bytes).
      if (!key.startsWith('--attestations')) expect(object, key).toBe(A.get(key)!['source-sha256']);
    }
  });

  // Monitor's result description counted satisfied, not satisfied and partially assessed controls
  // but not those left to manual assessment nor those an attestation alone decides, which assess's
  // states. Each count is read from the text and held to the document's own arrays.
  it('the newest result\'s description states the manual and attestation-only counts, as its arrays and assess\'s do', () => {
    const [assessed, monitored] = pair;
    expect(monitored, 'the first test wrote both ARs').toBeDefined();
    const newest = (ar: Json): Json => { const r = ar['assessment-results'].results as Json[]; return r[r.length - 1]!; };
    const has = (f: Json, name: string, value?: string) => (f.props as Json[] ?? []).some((p) => p.name === name && (value === undefined || p.value === value));
    /** What the result's arrays show: control findings by state, those with no check but attestations, the manual selection. */
    const arrays = (r: Json) => {
      const controls = (r.findings as Json[]).filter((f) => !has(f, 'objective-id'));
      const manual = (r['reviewed-controls']['control-selections'] as Json[]).filter((c) => (c.props as Json[] ?? []).some((p) => p.name === 'assessment-method' && p.value === 'manual') && !has(c, 'assessment-state'));
      return {
        assessed: controls.length,
        satisfied: controls.filter((f) => f.target.status.state === 'satisfied').length,
        partial: controls.filter((f) => has(f, 'assessment-state', 'partially-assessed')).length,
        attestedOnly: controls.filter((f) => !has(f, 'checks') && has(f, 'attestations')).length,
        manual: manual.flatMap((c) => c['include-controls'] as Json[]).length,
      };
    };
    /** What the description says. */
    const stated = (text: string) => ({
      assessed: Number(/(\d+) controls assessed/.exec(text)?.[1]),
      satisfied: Number(/: (\d+) satisfied/.exec(text)?.[1]),
      partial: Number(/(\d+) partially assessed/.exec(text)?.[1] ?? 0),
      attestedOnly: Number(/\((\d+) of them by manual attestation alone/.exec(text)?.[1] ?? 0),
      manual: Number(/(\d+) (?:baseline controls|controls of the [^;]*?) have no automated check and need manual assessment/.exec(text)?.[1]),
    });
    const A = arrays(newest(assessed!));
    // Premises: controls left to manual assessment, one decided by attestation alone (at-2), partial ones.
    expect(A.manual).toBeGreaterThan(0);
    expect(A.attestedOnly).toBeGreaterThan(0);
    expect(A.partial).toBeGreaterThan(0);
    expect(stated(newest(assessed!).description)).toEqual(A);
    expect(arrays(newest(monitored!))).toEqual(A);
    expect(stated(newest(monitored!).description)).toEqual(A);
  });

  // Monitor's result description (and assess's) added the controls a check cites outside the
  // selection to "N controls assessed" beside "M controls of the MODERATE baseline ... need manual
  // assessment", as the PDF did before aa41bfc: N + M read as the baseline's size. Both now say how
  // many of the assessed are in the selection, counted from the findings' own in-baseline props.
  it('the newest result\'s description says how many assessed controls are in the selection and how many outside it, as its findings\' in-baseline props count them', () => {
    const [assessed, monitored] = pair;
    expect(monitored, 'the first test wrote both ARs').toBeDefined();
    const newest = (ar: Json): Json => { const r = ar['assessment-results'].results as Json[]; return r[r.length - 1]!; };
    const prop = (f: Json, name: string) => (f.props as Json[] ?? []).find((p) => p.name === name)?.value as string | undefined;
    for (const [name, ar] of [['assess', assessed!], ['monitor', monitored!]] as const) {
      const r = newest(ar);
      const controls = (r.findings as Json[]).filter((f) => prop(f, 'objective-id') === undefined);
      const inside = controls.filter((f) => prop(f, 'in-baseline') === 'yes').length;
      const outside = controls.filter((f) => prop(f, 'in-baseline') === 'no').length;
      const manual = (r['reviewed-controls']['control-selections'] as Json[])
        .filter((c) => /need manual assessment/.test(c.description) && !(c.props as Json[] ?? []).some((p) => p.name === 'assessment-state'))
        .flatMap((c) => c['include-controls'] as Json[]).length;
      // Premises: controls a check cites outside the MODERATE baseline (MR-01's), and the manual ones.
      expect(outside, name).toBeGreaterThan(1);
      expect(manual, name).toBeGreaterThan(0);
      expect(inside + outside, name).toBe(controls.length);
      expect(r.description, name).toContain(`${controls.length} controls assessed`);
      expect(r.description, name).toContain(`The MODERATE baseline holds ${inside + manual} controls: the ${inside} of them assessed and the ${manual} for manual assessment; the other ${outside} controls assessed, cited by checks, are outside it.`);
    }
  });

  // Monitor's reviewed-controls listed the controls an attestation alone decides, and those whose
  // expected attestation was never supplied, under "evidenced by the automated checks", where
  // assess's result separates them (and the partially assessed ones) each with its own method.
  it('the newest result\'s reviewed-controls select the same controls, with the same words and methods, as assess\'s', () => {
    const [assessed, monitored] = pair;
    expect(monitored, 'the first test wrote both ARs').toBeDefined();
    const selections = (ar: Json): Json[] => { const r = ar['assessment-results'].results as Json[]; return r[r.length - 1]!['reviewed-controls']['control-selections'] as Json[]; };
    const A = selections(assessed!);
    const automated = A.find((c) => c.description.includes('automated checks of the ato-evidence catalog'))!;
    const attested = A.find((c) => (c.props as Json[] ?? []).some((p) => p.name === 'assessment-method' && p.value === 'attestation'));
    // Premises: at-2 is decided by attestation alone, so it is in assess's attestation selection, not its automated one.
    expect(attested?.['include-controls']).toContainEqual({ 'control-id': 'at-2' });
    expect(automated['include-controls']).not.toContainEqual({ 'control-id': 'at-2' });
    expect(selections(monitored!)).toEqual(A);
  });

  // at-2 attested as a whole with none of its ODPs defined: attested objectives whose statement
  // inserts an undefined ODP are not satisfied (withUndefinedOdps), the control partially assessed.
  // Monitor's objective findings said why they have no POA&M item, as assess's do, but its control
  // finding said nothing where assess's remarks say it.
  it('at-2 attested with its ODPs undefined: its control and objective findings say what assess\'s say, remarks too', () => {
    const sample = (p: string) => join(ROOT, 'samples', p);
    writeFileSync(join(dir(), 'at2.yaml'), sampleAt2Yaml(join(ROOT, 'samples')));
    const files = ['--attestations', join(dir(), 'at2.yaml'), '--system', sample('system.yaml')];
    const input = sample('MR-02/MR-02_2026-11-02.json');
    const a = cli(['assess', input, '--out', 'pkg-at2', '--now', NOW, '--no-pdf', ...files]);
    expect(a.code, a.stderr).toBe(0);
    const m = cli(['monitor', input, '--store', 'store-at2', '--out', 'mon-at2', '--now', NOW, '--no-pdf', ...files]);
    expect(m.code, m.stderr).toBe(0);
    const assessed = JSON.parse(readFileSync(join(dir(), 'pkg-at2/assessment-results.json'), 'utf8')) as Json;
    const monitored = JSON.parse(readFileSync(join(dir(), 'mon-at2/assessment-results.json'), 'utf8')) as Json;
    written.push(monitored);
    const A = findingsOf(assessed);
    const M = findingsOf(monitored);
    // Premises: at-2 partially assessed, an attested objective not satisfied for an undefined ODP, each with remarks.
    expect(A.get('objective-id at-2_obj')?.props).toContain('assessment-state=partially-assessed');
    expect(A.get('objective-id at-2_obj')?.remarks).toMatch(/no POA&M item or risk/);
    expect(A.get('objective-id at-2_obj.a.1-3')).toMatchObject({ status: { state: 'not-satisfied', reason: 'other' } });
    expect(A.get('objective-id at-2_obj.a.1-3')?.props).toContain('assessment-state=partially-assessed');
    expect([...M.keys()].sort()).toEqual([...A.keys()].sort());
    for (const [target, f] of A) expect(M.get(target), target).toEqual(f);
  });

  describeArsValid('monitor\'s AR', written);
});
