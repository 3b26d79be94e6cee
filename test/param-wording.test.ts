// How a parameter's value and origin read where an assessor reads them: one bracket level for a
// default's basis, "not defined by the organisation" for a parameter with no default and no value,
// the unit inside a by-name default's bracket, and the singular where a run's value is 1.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { checksByParameterName, checksWithValues, PLURAL_UNITS, renderCheckText, templateProblem } from '../src/catalog/check-texts.js';
import { PlainWording } from '../src/evaluate/plain-wording.js';
import { parameterValueText } from '../src/oscal/set-parameters.js';
import { paramValueText, resolveParameters } from '../src/params/resolve.js';
import { paramText, wholeParamText } from '../src/oscal/observations.js';
// @ts-expect-error: a plain script, no type declarations
import { sweepFiles, textDefects } from '../scripts/text-sweep.mjs';

const { checks, parameters } = loadCatalog();
const defs = new Map(parameters.map((p) => [p.id, p]));
const defectsOf = (text: string): string[] => (textDefects(text) as Array<{ defect: string; excerpt: string }>).map((d) => `${d.defect}: ${d.excerpt}`);

describe('a parameter\'s origin', () => {
  const { params } = resolveParameters(parameters, [], []);

  it('states a default\'s basis with no bracket inside a bracket', () => {
    const use = params.get('lockout-threshold-max')!;
    const text = paramText(use, true);
    expect(text.startsWith('lockout-threshold-max = 3 (default; basis: ')).toBe(true);
    expect(text).not.toMatch(/\(default \(/);
    // Each observation states the kind alone.
    expect(paramText(use)).toBe('lockout-threshold-max = 3 (default)');
  });

  it('a list with no default and no value reads "not defined by the organisation", not "default"', () => {
    for (const def of parameters.filter((p) => p.default === null || (Array.isArray(p.default) && p.default.length === 0))) {
      const use = params.get(def.id)!;
      expect(paramValueText(use), def.id).toBe('(not defined by the organisation)');
      // Said once: the value no one defined is its origin ("(not defined …) (not defined …)" said it twice).
      expect(paramText(use), def.id).toBe(`${def.id} = (not defined by the organisation)`);
      expect(paramText(use, true), def.id).toMatch(new RegExp(`^${def.id} = \\(not defined by the organisation; basis: `));
      expect(paramText(use, true), def.id).not.toMatch(/\bdefault \(/);
      // The checklists state an observation's parameter whole, from the result's own prop.
      expect(wholeParamText(paramText(use), new Map([[def.id, paramText(use, true)]])), def.id).toBe(paramText(use, true));
    }
    expect(params.get('reviewed-directory-groups')!.source).toMatch(/^not defined by the organisation; basis: /);
  });

  it('an empty list the organisation sets is its value: none, from its file', () => {
    const { params: set } = resolveParameters(parameters, [], [{ id: 'reviewed-directory-groups', raw: [], file: 'site.json', where: '/reviewed-directory-groups' }]);
    expect(paramText(set.get('reviewed-directory-groups')!)).toBe('reviewed-directory-groups = (none) (params file site.json (/reviewed-directory-groups))');
  });
});

describe('check texts', () => {
  it('every plural unit of parameters.yaml is one the singular rule knows', () => {
    for (const p of parameters) if (p.unit?.endsWith('s')) expect(PLURAL_UNITS as readonly string[], p.id).toContain(p.unit);
  });


  it('by name, every unit the template writes after a value stands inside the default\'s bracket', () => {
    let named = 0;
    for (const c of checksByParameterName(checks, parameters)) {
      for (const text of [c.title, c.description, c.remediation]) {
        if (!text || !/default \d/.test(text)) continue;
        named++;
        expect(defectsOf(text), c.id).toEqual([]);
      }
    }
    expect(named).toBeGreaterThan(20);
    expect(templateProblem('valid for at least {{cert-min-remaining-days}} more days', defs, new Set(['cert-min-remaining-days']))).toMatch(/more days/);
    expect(renderCheckText('must not expire within {{cert-min-remaining-days}} days of collection', defs, undefined))
      .toBe("must not expire within the organisation's cert-min-remaining-days (default 30 days) of collection");
  });

  it('a run that sets every number parameter to 1 says each unit in the singular, in every template', () => {
    const ones = new Map(parameters.filter((p) => p.type === 'number').map((p) => [p.id, 1 as unknown]));
    let rendered = 0;
    const templated = checks.filter((c) => c.titleTemplate || c.descriptionTemplate || c.remediationTemplate);
    for (const c of checksWithValues(templated, parameters, ones)) {
      for (const text of [c.title, c.description, c.remediation]) {
        if (!text) continue;
        rendered++;
        expect(defectsOf(text), c.id).toEqual([]);
      }
    }
    expect(rendered).toBeGreaterThan(40);
    const one = (t: string, id: string) => renderCheckText(t, defs, new Map([[id, 1]]));
    expect(one('at most {{lockout-threshold-max}} bad logon attempts', 'lockout-threshold-max')).toBe('at most 1 bad logon attempt');
    expect(one('The last {{password-history-min}} passwords cannot be reused', 'password-history-min')).toBe('The last 1 password cannot be reused');
    expect(one('at least {{lockout-duration-min-minutes}} minutes', 'lockout-duration-min-minutes')).toBe('at least 1 minute');
    expect(one('at most {{minutes screen-lock-timeout-max-secs}}', 'screen-lock-timeout-max-secs')).toBe('at most 1 second');
    expect(one('at least {{password-min-length}} characters long', 'password-min-length')).toBe('at least 1 character long');
    // What is required (check-wording.yaml), with the same run.
    const plain = new PlainWording(parameters.map((p) => ({ id: p.id, value: p.type === 'number' ? 1 : p.default, source: 'params file ones.json (/x)' })));
    let required = 0;
    for (const c of checks.filter((x) => x.wording?.required.includes('{{'))) {
      required++;
      expect(defectsOf(plain.required(c)!), c.id).toEqual([]);
    }
    expect(required).toBeGreaterThan(20);
    // The SSP's set-parameter values state the unit after the value too.
    for (const p of parameters.filter((x) => x.type === 'number' && x.unit)) expect(defectsOf(parameterValueText(p, 1)), p.id).toEqual([]);
    expect(parameterValueText(defs.get('password-min-age-days')!, 1)).toMatch(/: 1 day$/);
    // 2 stays plural.
    expect(renderCheckText('at most {{lockout-threshold-max}} bad logon attempts', defs, new Map([['lockout-threshold-max', 2]]))).toBe('at most 2 bad logon attempts');
  });
});

describe('a package assessed with every number parameter at 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ato-param-wording-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says no "1 days", "1 minutes" or "1 bad logon attempts" in any of its OSCAL documents (expected values and reasons too)', async () => {
    const sample = (p: string) => new URL(`../samples/${p}`, import.meta.url).pathname;
    const params = join(dir, 'ones.json');
    writeFileSync(params, JSON.stringify(Object.fromEntries(parameters.filter((p) => p.type === 'number').map((p) => [p.id, 1]))));
    const out = join(dir, 'pkg');
    await runAssess({
      inputs: [sample('')], out, force: false, baseline: 'moderate', toolVersion: 'test', pdf: false, now: '2026-11-02T18:00:00Z', warn: () => {},
      deviations: sample('deviations.csv'), attestations: sample('attestations.yaml'), system: sample('system.yaml'), capabilities: sample('vendor-capabilities.yaml'), params,
    });
    const files = readdirSync(out).filter((f) => f.endsWith('.json') && f !== 'manifest.json').map((f) => join(out, f));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const found = (sweepFiles(files) as Array<{ where: string; defect: string; excerpt: string }>).map((d) => `${d.where}: ${d.defect}: ${d.excerpt}`);
    expect(found).toEqual([]);
  }, 120_000);
});
