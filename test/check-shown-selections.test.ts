// An objective a check shows whole, whose statement inserts a selection ODP the organisation has not
// made, was satisfied by the check's pass, the check standing in for one choice: AC-11a ("further
// access to the system is prevented by {ac-11_odp.01}", a selection of "initiating a device lock
// after … of inactivity" and "requiring the user to initiate a device lock …") by
// SCREEN-LOCK-TIMEOUT, which reads the inactivity lock only. Now a pass proves such an objective
// only where it shows every choice the organisation could make, or, the selection defined, each
// choice the value makes (catalog/selection-shown.ts); otherwise the objective is shown in part,
// its why naming the selection as the catalog labels it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunConfig, type RunConfig } from '../src/assess/config.js';
import { runAssess } from '../src/assess/run.js';
import { runExport } from '../src/export/run.js';
import { bundledObjectives, choicesNamed, choicesOfValue, insertedParams, objectiveTextOf, selectionChoices } from '../src/catalog/objectives.js';
import { describeArsValid } from './support/oscal-schema.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
import { allPassFinding } from './support/all-pass.js';
const root = new URL('..', import.meta.url).pathname;
const choicesOf = (control: string, odp: string): string[] => selectionChoices(bundledObjectives().controls[control]!.params![odp])!;

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'overclaim44-selections-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The run's configuration with these ODP values in a params file (none: no params file). */
const configWith = (values?: Record<string, string>): RunConfig => {
  if (!values) return loadRunConfig({});
  const file = join(dir, `params-${Object.values(values).join('-').replace(/[^a-z0-9]+/gi, '_').slice(0, 80)}.json`);
  writeFileSync(file, JSON.stringify(values));
  return loadRunConfig({ params: file });
};

/** Each objective's state on one console passing every check, and the in-part whys of its control. */
const allPass = (config: RunConfig, controlId: string) => {
  const checks = config.catalog.checks;
  const { state } = allPassFinding(config, controlId);
  const whys = checks.filter((c) => c.inPart?.objectives.some((o) => o.startsWith(`${controlId}_obj`))).map((c) => `${c.id}: ${c.inPart!.why}`).join('\n');
  return { state, whys };
};

describe('the premise, from the catalog', () => {
  it('AC-11a, AC-07b, SI-03a, SI-03c.01[02], SI-03c.02[01] insert selection ODPs', () => {
    const text = objectiveTextOf(loadRunConfig({}).index);
    expect(insertedParams(text('ac-11_obj.a').prose)).toEqual(['ac-11_odp.01']);
    expect(insertedParams(text('ac-7_obj.b').prose)).toEqual(['ac-07_odp.03']);
    expect(insertedParams(text('si-3_obj.a-1').prose)).toEqual(['si-03_odp.01']);
    expect(insertedParams(text('si-3_obj.c.1-2').prose)).toEqual(['si-03_odp.03']);
    for (const [c, o] of [['ac-11', 'ac-11_odp.01'], ['ac-7', 'ac-07_odp.03'], ['si-3', 'si-03_odp.01'], ['si-3', 'si-03_odp.03'], ['si-3', 'si-03_odp.04']]) {
      expect(choicesOf(c!, o!).length).toBeGreaterThan(1);
    }
  });
});

describe('choicesOfValue and choicesNamed', () => {
  const si = choicesOf('si-3', 'si-03_odp.01');
  const ac7 = choicesOf('ac-7', 'ac-07_odp.03');
  it('reads a value as the catalog\'s choices, one inside another not mistaken, a filled blank read', () => {
    expect(choicesOfValue(si, 'signature-based')).toEqual([0]);
    expect(choicesOfValue(si, 'non-signature-based')).toEqual([1]);
    expect(choicesOfValue(si, 'Signature-based and non-signature-based')).toEqual([0, 1]);
    expect(choicesOfValue(ac7, 'lock the account or node for 30 minutes; notify system administrator')).toEqual([0, 3]);
  });
  it('a value a part of which reads as no choice, or which is empty of choices, is unknown', () => {
    expect(choicesOfValue(si, 'signature-based, heuristics')).toBeUndefined();
    expect(choicesOfValue(si, '900')).toBeUndefined();
    expect(choicesOfValue(si, ' and ')).toBeUndefined();
  });
  it('a check names a choice by the words it begins with; an ambiguous or unknown text names none', () => {
    expect(choicesNamed(ac7, ['lock the account or node for'])).toEqual([0]);
    expect(choicesNamed(ac7, ['lock the account or node'])).toEqual([]);
    expect(choicesNamed(ac7, ['lock it'])).toEqual([]);
  });
});

describe('a console passing every check', () => {
  it('no selection defined: AC-11a, AC-07b, SI-03a[01]/[02], SI-03c.01[02], SI-03c.02[01] are shown only in part, the why naming the selection by its label', () => {
    const config = configWith();
    const ac11 = allPass(config, 'ac-11');
    expect(ac11.state('ac-11_obj.a')).toBe('in-part');
    expect(ac11.state('ac-11_obj.b')).toBe('satisfied');
    expect(ac11.whys).toMatch(/SCREEN-LOCK-TIMEOUT: ac-11_odp\.01 \(Selection \(one or more\): initiating a device lock after \[Assignment: organization-defined time period\] of inactivity; requiring the user to initiate a device lock before leaving the system unattended\) is not defined/);
    expect(ac11.whys).not.toMatch(/\{\{/);
    expect(allPass(config, 'ac-7').state('ac-7_obj.b')).toBe('in-part');
    expect(allPass(config, 'ac-7').whys).toMatch(/ac-07_odp\.03 \(Selection \(one or more\): lock the account or node for \[Assignment: organization-defined time period\];/);
    const si3 = allPass(config, 'si-3');
    for (const o of ['si-3_obj.a-1', 'si-3_obj.a-2', 'si-3_obj.c.1-2', 'si-3_obj.c.2-1']) expect(si3.state(o)).toBe('in-part');
    expect(si3.state('si-3_obj.c.1-1')).toBe('satisfied');
    // One "one" selection (mp-07_odp.02: restrict; prohibit) whose every choice USB storage refused
    // shows: no selection why for it (mp-7_obj.a is in part for its assignments: check-shown-assignments).
    expect(config.catalog.checks.find((c) => c.id === 'OS-USB-STORAGE')!.inPart?.why).not.toMatch(/mp-07_odp\.02/);
  });

  it('each selection defined as the choice the check shows: those objectives are whole again', () => {
    const config = configWith({
      'ac-11_odp.01': 'initiating a device lock after 15 minutes of inactivity',
      'ac-07_odp.03': 'lock the account or node for 15 minutes',
      'si-03_odp.01': 'signature-based',
      'si-03_odp.03': 'endpoint',
      'si-03_odp.04': 'block malicious code',
    });
    expect(allPass(config, 'ac-11').state('ac-11_obj.a')).toBe('satisfied');
    expect(allPass(config, 'ac-7').state('ac-7_obj.b')).toBe('satisfied');
    const si3 = allPass(config, 'si-3');
    for (const o of ['si-3_obj.a-1', 'si-3_obj.a-2', 'si-3_obj.c.1-2', 'si-3_obj.c.2-1']) expect(si3.state(o)).toBe('satisfied');
  });

  it('a defined selection with a choice the check does not show, or a value no choice reads as: still in part, naming it', () => {
    const config = configWith({
      'ac-11_odp.01': 'initiating a device lock after 15 minutes of inactivity; requiring the user to initiate a device lock before leaving the system unattended',
      'ac-07_odp.03': 'notify system administrator',
      'si-03_odp.01': 'signature-based; non-signature-based',
      'si-03_odp.03': 'at the firewall',
    });
    const ac11 = allPass(config, 'ac-11');
    expect(ac11.state('ac-11_obj.a')).toBe('in-part');
    expect(ac11.whys).toMatch(/ac-11_odp\.01 is defined as .*not 'requiring the user to initiate a device lock before leaving the system unattended'/);
    expect(allPass(config, 'ac-7').state('ac-7_obj.b')).toBe('in-part');
    expect(allPass(config, 'ac-7').whys).toMatch(/not 'notify system administrator'/);
    const si3 = allPass(config, 'si-3');
    expect(si3.state('si-3_obj.a-1')).toBe('in-part');
    expect(si3.state('si-3_obj.c.1-2')).toBe('in-part');
    expect(si3.whys).toMatch(/si-03_odp\.03 is defined as 'at the firewall'.*does not read as the catalog's choices/);
  });
});

describe('the assessment results of MR-02 (SCREEN-LOCK-TIMEOUT passes), with and without --params defining ac-11_odp.01', () => {
  const written: Json[] = [];
  const run = async (out: string, params?: Record<string, string>) => {
    if (params) writeFileSync(join(dir, `${out}.json`), JSON.stringify(params));
    await runAssess({
      inputs: [join(root, 'samples/MR-02/MR-02_2026-11-02.json')], out: join(dir, out), force: false, baseline: 'moderate', now: '2026-11-02T18:00:00Z',
      toolVersion: 'test', pdf: false, ...(params ? { params: join(dir, `${out}.json`) } : {}), warn: () => {},
    });
    const ar = JSON.parse(readFileSync(join(dir, out, 'assessment-results.json'), 'utf8'))['assessment-results'];
    written.push({ 'assessment-results': ar });
    return ar;
  };
  const finding = (ar: Json, id: string): Json | undefined => ar.results[0].findings.find((x: Json) => x.target['target-id'] === id);

  it('undefined: AC-11a is not satisfied, left to the assessor, its why naming ac-11_odp.01 by its label', async () => {
    const ar = await run('undefined');
    expect(finding(ar, 'ac-11_obj.a')?.target.status.state).not.toBe('satisfied');
    expect(finding(ar, 'ac-11_obj.b')!.target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    const ac11 = finding(ar, 'ac-11_obj')!;
    expect(ac11.props.find((p: Json) => p.name === 'assessment-state')?.value).toBe('partially-assessed');
    expect(ac11.description).toMatch(/left to the assessor[^.]*: ac-11_obj\.a\b/);
    const text = JSON.stringify(ar);
    expect(text).toMatch(/ac-11_obj\.a: SCREEN-LOCK-TIMEOUT: ac-11_odp\.01 \(Selection \(one or more\): initiating a device lock after \[Assignment: organization-defined time period\] of inactivity;[^"]*is not defined/);
    expect(text).not.toMatch(/\{\{\s*insert/);
  }, 60_000);

  it('defined as the inactivity lock: AC-11a satisfied, ac-11 satisfied', async () => {
    const ar = await run('defined', { 'ac-11_odp.01': 'initiating a device lock after 15 minutes of inactivity' });
    expect(finding(ar, 'ac-11_obj.a')!.target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect(finding(ar, 'ac-11_obj')!.target.status).toEqual({ state: 'satisfied', reason: 'pass' });
  }, 60_000);

  it('export hdf says what the AR says: AC-11 flagged in part by SCREEN-LOCK-TIMEOUT without the selection, not with it', async () => {
    const flagged = async (pkg: string): Promise<string | undefined> => {
      await runExport({ format: 'hdf', pkg: join(dir, pkg), out: join(dir, `${pkg}-hdf`), force: false, toolVersion: 'test', now: '2026-11-02T18:00:00Z' });
      const c = (JSON.parse(readFileSync(join(dir, `${pkg}-hdf/hdf.json`), 'utf8')).profiles[0].controls as Json[]).find((x) => x.id === 'SCREEN-LOCK-TIMEOUT')!;
      return (c.tags.nist_in_part ?? []).includes('AC-11') ? (c.descriptions as Json[]).find((d) => d.label === 'nist_in_part')!.data : undefined;
    };
    expect(await flagged('undefined')).toMatch(/AC-11: assessed only in part by this check \(ac-11_odp\.01 \(Selection \(one or more\)/);
    expect(await flagged('defined')).toBeUndefined();
  }, 60_000);

  describeArsValid('the ARs of MR-02 with and without ac-11_odp.01', written);
});

// overclaim45: a shows-choices text that begins none of the selection's choices, or more than one,
// was dropped silently (choicesNamed), the check then showing no choice for a reason nobody meant.
// The catalog is refused when it loads, naming the check, the ODP and the text.
describe('shows-choices texts are checked against the catalog when it loads', () => {
  const yaml = readFileSync(join(root, 'controls/checks.yaml'), 'utf8');
  const loadWith = (replacement: string) => {
    const file = join(dir, `checks-${replacement.replace(/[^a-z0-9]+/gi, '_')}.yaml`);
    const changed = yaml.replace('mp-07_odp.02: [restrict]\n', `mp-07_odp.02: ${replacement}\n`);
    expect(changed).not.toBe(yaml);
    writeFileSync(file, changed);
    return () => loadRunConfig({ checks: file });
  };

  it('refuses a text beginning none of the choices, naming the check, the ODP, the text and the choices', () => {
    expect(loadWith('[restrictt]')).toThrow(/check OS-MEDIA-EXPORT shows-choices: mp-07_odp\.02: "restrictt" begins none of its choices \('restrict'; 'prohibit'\)/);
  });

  it('refuses a text beginning more than one choice, naming those it begins', () => {
    // ac-07_odp.03: "lock the account or node for {period}" and "... until released by an administrator".
    const file = join(dir, 'checks-ac7-ambiguous.yaml');
    const changed = yaml.replace('ac-07_odp.03: [lock the account or node for]\n', 'ac-07_odp.03: [lock the account]\n');
    expect(changed).not.toBe(yaml);
    writeFileSync(file, changed);
    expect(() => loadRunConfig({ checks: file })).toThrow(/check LOCKOUT-DURATION[\w-]* shows-choices: ac-07_odp\.03: "lock the account" begins 2 choices \('lock the account or node for [^']*'; 'lock the account or node until released by an administrator'\)/);
  });

  it('accepts the shipped catalog, each text naming one choice', () => {
    expect(() => loadRunConfig({})).not.toThrow();
  });
});
