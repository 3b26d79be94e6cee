// A check naming several controls carried its whole in-part why under each of them: SC-28 showed
// BITLOCKER-*'s and DISK-ENCRYPTION's sc-28.1 selection why ("sc-28.01_odp…"), MP-7 OS-AUTORUN-OFF's
// CM-7(2) why, and every document (AR objectives, SSP, POA&M, component definition, HDF, drift) gave a
// reader an unrelated ODP as the reason a control is partly shown. Now the why is kept per objective
// (Check.inPart.parts) and inPartOf(check, control) reads only that control's parts.
//
// The sweep: every check x control of the shipped catalog, on a console passing every check (the AR's
// objectives), under inPartOf (the SSP, POA&M, HDF, drift and report read it) and in a component
// definition of one model whose capability names every check; every ODP or objective id a why
// names belongs to that control.
import { describe, expect, it } from 'vitest';
import { loadRunConfig } from '../src/assess/config.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { checksByParameterName } from '../src/catalog/check-texts.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { validateCheckIds } from '../src/catalog/check-objectives.js';
import { UserError } from '../src/io/errors.js';
import { loadResponsibility } from '../src/catalog/responsibility.js';
import { controlOfObjective, inPartOf } from '../src/catalog/types.js';
import { buildComponentDefinition } from '../src/oscal/component-definition.js';
import { loadTemplates } from '../src/oscal/templates.js';
import { allPassFinding } from './support/all-pass.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The control an ODP id (sc-28.01_odp.02, ac-02.03_odp) or objective id (sc-28.1_obj-2) names, as the catalog spells controls. */
const controlNamed = (id: string): string =>
  /_obj/.test(id) ? controlOfObjective(id)! : id.replace(/_(?:odp|prm).*$/, '').replace(/-0*(\d+)/, '-$1').replace(/\.0*(\d+)/, '.$1');
/** The ODP and objective ids a why names. */
const idsIn = (why: string): string[] => why.match(/\b[a-z]{2}-\d+(?:\.\d+)?_(?:odp|obj|prm)[\w.-]*/g) ?? [];
/** The ids of another control than `controlId` a why names. */
const foreign = (why: string, controlId: string) => idsIn(why).filter((id) => controlNamed(id) !== controlId);

const config = loadRunConfig({});
const checks = config.catalog.checks;

describe('the id reading the sweep relies on', () => {
  it('reads an ODP and an objective as their control', () => {
    expect(controlNamed('sc-28.01_odp.02')).toBe('sc-28.1');
    expect(controlNamed('ac-02.03_odp.01')).toBe('ac-2.3');
    expect(controlNamed('cm-07_odp.04')).toBe('cm-7');
    expect(controlNamed('cm-7.2_obj')).toBe('cm-7.2');
    expect(foreign('sc-28.1_obj-1: no check parameter compares with sc-28.01_odp.01 (organization-defined information)', 'sc-28')).toEqual(['sc-28.1_obj-1', 'sc-28.01_odp.01']);
  });
});

describe('a check naming several controls: each control shows only its own in-part why', () => {
  it('the premise: some check shows objectives of two controls in part, with ODP whys of one', () => {
    const several = checks.filter((c) => new Set((c.inPart?.objectives ?? []).map((o) => controlOfObjective(o))).size > 1 || (c.inPart && c.controls.some((x) => !inPartOf(c, x))));
    expect(several.map((c) => c.id)).toEqual(expect.arrayContaining(['DISK-ENCRYPTION', 'OS-AUTORUN-OFF']));
    expect(checks.find((c) => c.id === 'OS-AUTORUN-OFF')!.controls).toEqual(expect.arrayContaining(['cm-7.2', 'mp-7']));
  });

  it('inPartOf: for every check x control, the why names only ODPs and objectives of that control', () => {
    let named = 0;
    for (const c of checks) {
      for (const controlId of c.controls) {
        const why = inPartOf(c, controlId);
        if (!why) continue;
        named += idsIn(why).length;
        expect(foreign(why, controlId), `${c.id} under ${controlId}: ${why}`).toEqual([]);
      }
    }
    expect(named).toBeGreaterThan(0);
  });

  it('a control none of whose objectives the check shows in part gets no why at all', () => {
    for (const c of checks) {
      const partly = new Set((c.inPart?.objectives ?? []).map((o) => controlOfObjective(o)));
      for (const controlId of c.controls) expect(inPartOf(c, controlId) !== undefined, `${c.id} ${controlId}`).toBe(partly.has(controlId));
    }
  });

  it('OS-AUTORUN-OFF under MP-7 carries no CM-7(2) text, under CM-7(2) its own; DISK-ENCRYPTION under SC-28 no sc-28.1 selection', () => {
    const autorun = checks.find((c) => c.id === 'OS-AUTORUN-OFF')!;
    expect(inPartOf(autorun, 'cm-7.2')).toMatch(/autorun only/);
    expect(inPartOf(autorun, 'mp-7') ?? '').not.toMatch(/autorun only|cm-07\.02/);
    const sc28 = checks.filter((c) => c.controls.includes('sc-28') && c.controls.includes('sc-28.1') && inPartOf(c, 'sc-28.1'));
    expect(sc28.map((c) => c.id)).toContain('DISK-ENCRYPTION');
    for (const c of sc28) {
      expect(inPartOf(c, 'sc-28.1'), c.id).toMatch(/sc-28\.01_odp/);
      expect(inPartOf(c, 'sc-28') ?? '', c.id).not.toMatch(/sc-28\.01_odp/);
    }
  });

  it('on a console passing every check, each objective\'s in-part whys (the AR) name only its control', () => {
    const controls = [...new Set(checks.flatMap((c) => c.controls))];
    let seen = 0;
    for (const controlId of controls) {
      const { finding } = allPassFinding(config, controlId);
      if (!finding) continue;
      for (const o of finding.objectives) {
        for (const why of o.inPart ?? []) {
          seen++;
          expect(foreign(why, controlOfObjective(o.objectiveId)!), `${o.objectiveId}: ${why}`).toEqual([]);
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('a component definition naming every check: each requirement\'s in-part props and texts name only its control', () => {
    const loaded = loadCatalog();
    const all = checksByParameterName(loaded.checks, loaded.parameters);
    const model = {
      name: 'Every Check', vendor: 'Sweep', description: 'A model whose one capability names every check.', where: '/models/0',
      capabilities: [{ name: 'Everything', description: 'Every check.', checks: all.map((c) => c.id) }], parameters: [],
    } as unknown as Parameters<typeof buildComponentDefinition>[0]['model'];
    const doc = buildComponentDefinition({
      model, checks: all, index: loadControlIndex(), source: 'https://example.org/catalog.json', capabilitiesFile: 'sweep.yaml',
      now: '2026-11-02T18:00:00Z', toolVersion: 'test', responsibility: loadResponsibility(),
    }, loadTemplates());
    const requirements: Json[] = doc['component-definition'].components[0]['control-implementations'][0]['implemented-requirements'];
    let props = 0;
    for (const r of requirements) {
      const controlId = r['control-id'] as string;
      for (const p of (r.props as Json[]).filter((x) => x.name === 'check-in-part')) {
        props++;
        expect(foreign(p.remarks, controlId), `${controlId} ${p.value}: ${p.remarks}`).toEqual([]);
      }
      for (const text of [r.description, ...(r.statements ?? []).map((s: Json) => s.description)]) {
        expect(foreign(text, controlId), `${controlId}: ${text}`).toEqual([]);
      }
    }
    expect(props).toBeGreaterThan(0);
  });
});

describe('checks.yaml\'s own in-part why', () => {
  const catalog = loadCatalog().checks;
  const index = loadControlIndex();
  const autorun = catalog.find((c) => c.id === 'OS-AUTORUN-OFF')!;

  it('naming an ODP or objective of a control none of its objectives belongs to: refused, naming the file, check and id', () => {
    const odp = [{ ...autorun, inPart: { objectives: ['cm-7.2_obj'], why: 'autorun only; the media mp-07_odp.01 names are not read' } }];
    expect(() => validateCheckIds(odp, index, 'c.yaml', 'i.json')).toThrow(UserError);
    expect(() => validateCheckIds(odp, index, 'c.yaml', 'i.json')).toThrow(/c\.yaml at check OS-AUTORUN-OFF in-part: "why" names mp-07_odp\.01, of mp-7, but its objectives are of cm-7\.2/);
    const objective = [{ ...autorun, inPart: { objectives: ['cm-7.2_obj'], why: 'autorun only, not mp-7_obj.a-1' } }];
    expect(() => validateCheckIds(objective, index, 'c.yaml', 'i.json')).toThrow(/names mp-7_obj\.a-1, of mp-7/);
  });

  it('naming its own control\'s ids, or covering objectives of several controls: kept, whole, under each of them', () => {
    expect(() => validateCheckIds(catalog, index, 'controls/checks.yaml', 'controls/rev5-index.json')).not.toThrow();
    const own = [{ ...autorun, inPart: { objectives: ['cm-7.2_obj'], why: 'autorun only (cm-07.02_odp.01 is not compared)' } }];
    expect(() => validateCheckIds(own, index, 'c.yaml', 'i.json')).not.toThrow();
    // A hand-written why over two controls' objectives (MAL-ALLOWLIST: cm-7.5_obj.b and cm-7.2_obj) is the
    // author's about both; a selection why added for one of them stays that one's.
    const several = catalog.filter((c) => new Set((c.inPart?.objectives ?? []).map((o) => controlOfObjective(o))).size > 1);
    expect(several.length).toBeGreaterThan(0);
    for (const c of several) for (const o of c.inPart!.objectives) expect(inPartOf(c, controlOfObjective(o)!), `${c.id} ${o}`).toBe(c.inPart!.why);
  });
});
