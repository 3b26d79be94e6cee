// An objective a check shows whole, whose statement inserts an assignment ODP no check compares
// with, was satisfied by the pass alone: AC-02(03)(d) ("accounts are disabled within {ac-02.03_odp.01
// time period} when the accounts have been inactive for {ac-02.03_odp.02}") by ACCOUNT-INACTIVE,
// which reads the idle days (ac-02.03_odp.02) but not when the idle accounts were disabled; MP-07a
// ("the use of {mp-07_odp.01 types of media} is {restricted} on {mp-07_odp.03 components} using
// {mp-07_odp.04 controls}") by OS-USB-STORAGE; and 21 more pairs overclaim45 listed. Now
// catalog/selection-shown.ts shows such an objective only in part unless a parameter compared by
// the check, or by another check naming the objective whose pass it needs, fills the ODP, or the
// check declares `shows-any-value` for it; the why names the ODP by its label.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunConfig, type RunConfig } from '../src/assess/config.js';
import { runAssess } from '../src/assess/run.js';
import { bundledObjectives, insertedParams, objectiveTextOf, selectionChoices } from '../src/catalog/objectives.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
import { allPassFinding } from './support/all-pass.js';
const root = new URL('..', import.meta.url).pathname;

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'overclaim46-assignments-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each objective's state on one console passing every check, and the in-part whys naming it. */
const allPass = (config: RunConfig, controlId: string) => {
  const { finding: f, state } = allPassFinding(config, controlId);
  const whys = (o: string) => f.objectives.find((x) => x.objectiveId === o)?.inPart?.join('\n') ?? '';
  return { state, whys, control: f.state };
};

// overclaim45's list: [check, objective, the assignment ODPs its statement inserts that no check compares with].
const PAIRS: Array<[string, string, string[]]> = [
  ['ACCOUNT-INACTIVE', 'ac-2.3_obj.d', ['ac-02.03_odp.01']],
  ['AUDIT-SUBCATEGORIES', 'au-12_obj.a', ['au-12_odp.01']],
  ['FW-LOGGING', 'au-12_obj.a', ['au-12_odp.01']],
  ...['BITLOCKER-PIN-LENGTH', 'BITLOCKER-PREBOOT', 'DISK-ENCRYPTION', 'OS-MEDIA-ENCRYPT'].map((c): [string, string, string[]] => [c, 'sc-28.1_obj-1', ['sc-28.01_odp.01', 'sc-28.01_odp.02']]),
  ['DICOM-NO-PLAIN-LISTENER', 'cm-7_obj.b-2', ['cm-07_odp.03']],
  ['FW-ENABLED', 'cm-7_obj.b-2', ['cm-07_odp.03']],
  ['FW-ALLOWED-PORTS', 'cm-7_obj.b-2', ['cm-07_odp.03']],
  ['FW-ALLOWED-PORTS', 'cm-7.1_obj.b-2', ['cm-07.01_odp.03']],
  ['FW-ALLOWED-PROTOCOLS', 'cm-7_obj.b-3', ['cm-07_odp.04']],
  ['FW-ALLOWED-PROTOCOLS', 'cm-7.1_obj.b-3', ['cm-07.01_odp.04']],
  ['FW-DEFAULT-DENY-IN', 'cm-7_obj.b-2', ['cm-07_odp.03']],
  ['FW-DEFAULT-DENY-IN', 'cm-7_obj.b-3', ['cm-07_odp.04']],
  ['FW-DEFAULT-DENY-IN', 'cm-7.1_obj.b-2', ['cm-07.01_odp.03']],
  ['FW-DEFAULT-DENY-IN', 'cm-7.1_obj.b-3', ['cm-07.01_odp.04']],
  ['OS-FEATURES', 'cm-7.1_obj.b-4', ['cm-07.01_odp.05']],
  ['OS-SERVICES', 'cm-7.1_obj.b-5', ['cm-07.01_odp.06']],
  ...['OS-AUTORUN-OFF', 'OS-MEDIA-EXPORT', 'OS-USB-STORAGE'].map((c): [string, string, string[]] => [c, 'mp-7_obj.a', ['mp-07_odp.01', 'mp-07_odp.03', 'mp-07_odp.04']]),
  ['OS-MEDIA-EXPORT', 'mp-2_obj-1', ['mp-02_odp.01', 'mp-02_odp.02']],
];

describe('the premise, from the catalog', () => {
  const config = loadRunConfig({});
  const text = objectiveTextOf(config.index);
  it.each(PAIRS)('%s names %s, whose statement inserts %j, assignments no parameter of the catalog fills', (check, objective, odps) => {
    expect(config.checksUnshown.find((c) => c.id === check)!.objectives).toContain(objective);
    for (const odp of odps) {
      expect(insertedParams(text(objective).prose)).toContain(odp);
      const control = objective.replace(/_obj.*/, '');
      expect(bundledObjectives().controls[control]!.params![odp]).toMatch(/^Assignment: organization-defined /);
      expect(selectionChoices(bundledObjectives().controls[control]!.params![odp])).toBeUndefined();
      expect(config.catalog.parameters.filter((p) => p.odp === odp)).toEqual([]);
    }
  });
});

describe('a console passing every check, no ODP defined', () => {
  const config = loadRunConfig({});
  it.each(PAIRS)('%s shows %s only in part, its why naming %j by label', (check, objective, odps) => {
    const c = config.catalog.checks.find((x) => x.id === check)!;
    expect(c.inPart?.objectives).toContain(objective);
    for (const odp of odps) expect(c.inPart!.why).toMatch(new RegExp(`no check parameter compares with [^;]*${odp.replace(/\./g, '\\.')} \\(organization-defined `));
  });

  it('AC-02(03)(d) and MP-07a are not satisfied, left to the assessor with the ODPs named; ac-2.3 and mp-7 not satisfied', () => {
    const ac23 = allPass(config, 'ac-2.3');
    expect(ac23.state('ac-2.3_obj.d')).toBe('in-part');
    expect(ac23.whys('ac-2.3_obj.d')).toMatch(/^ACCOUNT-INACTIVE: no check parameter compares with ac-02\.03_odp\.01 \(organization-defined time period\): a pass does not show the statement holds for the organisation's value$/);
    expect(ac23.control).not.toBe('satisfied');
    const mp7 = allPass(config, 'mp-7');
    expect(mp7.state('mp-7_obj.a')).toBe('in-part');
    expect(mp7.whys('mp-7_obj.a')).toMatch(/OS-USB-STORAGE: no check parameter compares with mp-07_odp\.01 \(organization-defined types of system media\), mp-07_odp\.03 \(organization-defined systems or system components\) or mp-07_odp\.04 \(organization-defined controls\): a pass does not show the statement holds for the organisation's values/);
    // USB storage refused shows both choices of the selection mp-07_odp.02: no selection why for it.
    expect(mp7.whys('mp-7_obj.a')).not.toMatch(/OS-USB-STORAGE:[^\n]*mp-07_odp\.02/);
    expect(mp7.control).not.toBe('satisfied');
  });

  it('an assignment a parameter of the checks compares with stays whole: CM-07b.[05] by OS-SERVICES (denied-services, cm-07_odp.06), AC-07a by the lockout checks together', () => {
    expect(allPass(config, 'cm-7').state('cm-7_obj.b-5')).toBe('satisfied');
    expect(allPass(config, 'cm-7').state('cm-7_obj.b-4')).toBe('satisfied');
    // ac-07_odp.01 (LOCKOUT-THRESHOLD's limit) and ac-07_odp.02 (LOCKOUT-RESET's window): each
    // check compares with one, and the objective needs both passes (neither satisfies when not
    // applicable), so no why says an assignment is not compared. The objective is in part for the
    // checks' own why only: the built-in Administrator's exemption, the vendor application's logons.
    expect(allPass(config, 'ac-7').state('ac-7_obj.a')).toBe('in-part');
    expect(allPass(config, 'ac-7').whys('ac-7_obj.a')).toMatch(/built-in Administrator/);
    expect(allPass(config, 'ac-7').whys('ac-7_obj.a')).not.toMatch(/no check parameter compares with|ac-07_odp\.0[12]/);
    // si-03_odp.02 (scan frequency): MAL-FULL-SCAN-RECENT compares with it beside MAL-SCAN.
    expect(allPass(config, 'si-3').state('si-3_obj.c.1-1')).toBe('satisfied');
  });

  it('defining an assignment no check compares with does not make the objective whole', () => {
    const file = join(dir, 'params-ac23.json');
    writeFileSync(file, JSON.stringify({ 'ac-02.03_odp.01': '24 hours' }));
    const defined = loadRunConfig({ params: file });
    expect(allPass(defined, 'ac-2.3').state('ac-2.3_obj.d')).toBe('in-part');
  });
});

describe('the assessment results of MR-02 (ACCOUNT-INACTIVE passes)', () => {
  it('leave AC-02(03)(d) to the assessor, the why naming ac-02.03_odp.01 by its label', async () => {
    await runAssess({
      inputs: [join(root, 'samples/MR-02/MR-02_2026-11-02.json')], out: join(dir, 'mr02'), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z',
      toolVersion: 'test', pdf: false, warn: () => {},
    });
    const ar = JSON.parse(readFileSync(join(dir, 'mr02', 'assessment-results.json'), 'utf8'))['assessment-results'];
    const findings = ar.results[0].findings as Json[];
    expect(findings.find((f) => f.target['target-id'] === 'ac-2.3_obj.d')?.target.status.state).not.toBe('satisfied');
    const ac23 = findings.find((f) => f.target['target-id'] === 'ac-2.3_obj')!;
    expect(ac23.target.status.state).toBe('not-satisfied');
    expect(ac23.description).toMatch(/Objectives left to the assessor[^:]*:[^\n]*\bac-2\.3_obj\.d\b/);
    expect(JSON.stringify(ar)).toMatch(/ac-2\.3_obj\.d: ACCOUNT-INACTIVE: no check parameter compares with ac-02\.03_odp\.01 \(organization-defined time period\)/);
  }, 60_000);
});

describe('shows-any-value: a check declaring its pass proves the objective whatever the value', () => {
  const yaml = readFileSync(join(root, 'controls/checks.yaml'), 'utf8');
  const anchor = '  objectives: [ac-2.3_obj.d]\n';
  const withDeclaration = (body: string) => {
    const file = join(dir, `checks-${body.replace(/[^a-z0-9]+/gi, '_').slice(0, 60)}.yaml`);
    const changed = yaml.replace(anchor, `${anchor}  shows-any-value:\n${body}`);
    expect(changed).not.toBe(yaml);
    writeFileSync(file, changed);
    return file;
  };

  it('declared with a reason: AC-02(03)(d) is whole again on a console passing every check', () => {
    const config = loadRunConfig({ checks: withDeclaration('    ac-02.03_odp.01: "a test: the idle accounts are disabled at once"\n') });
    expect(allPass(config, 'ac-2.3').state('ac-2.3_obj.d')).toBe('satisfied');
  });

  it('refuses an ODP id the control catalog does not know, naming the file, the check and the id', () => {
    const file = withDeclaration('    ac-02.03_odp.9: "a slip"\n');
    expect(() => loadRunConfig({ checks: file })).toThrow(/checks-[^:]*\.yaml.*check ACCOUNT-INACTIVE shows-any-value: ac-02\.03_odp\.9: the control catalog \([^)]*\) defines no parameter ac-02\.03_odp\.9/s);
  });

  it('refuses a selection, an ODP none of its objectives inserts, and a declaration without its reason', () => {
    expect(() => loadRunConfig({ checks: withDeclaration('    ac-07_odp.03: "x"\n') })).toThrow(/check ACCOUNT-INACTIVE shows-any-value: ac-07_odp\.03 is a selection/);
    expect(() => loadRunConfig({ checks: withDeclaration('    ac-02.13_odp.01: "x"\n') })).toThrow(/check ACCOUNT-INACTIVE shows-any-value: ac-02\.13_odp\.01: none of the check's objectives \(ac-2\.3_obj\.d\) inserts it/);
    expect(() => loadRunConfig({ checks: withDeclaration('    ac-02.03_odp.01: ""\n') })).toThrow(/check ACCOUNT-INACTIVE\.shows-any-value\.ac-02\.03_odp\.01.*one line why/s);
  });
});
