// The component definition names no organisation: a selection no one has made there was worded as a
// run's ("ac-07_odp.03 … is not defined, and a pass shows only …"), as though an organisation had
// failed to define it. Now it says where the pass shows the objective: "only where the organisation
// selects …". And its requirements' and statements' uuids hashed vendor, model and control only: two
// definitions saying different things of what a check leaves out shared one uuid for two statements.
import { describe, expect, it } from 'vitest';
import { checksByParameterName } from '../src/catalog/check-texts.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadResponsibility } from '../src/catalog/responsibility.js';
import type { Check } from '../src/catalog/types.js';
import { buildComponentDefinition } from '../src/oscal/component-definition.js';
import { loadTemplates } from '../src/oscal/templates.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const loaded = loadCatalog();
const all = checksByParameterName(loaded.checks, loaded.parameters);
const index = loadControlIndex();
const templates = loadTemplates();

/** A component definition of one model whose one capability names these checks. */
function definition(checks: readonly Check[], ids: readonly string[]): Json[] {
  const model = {
    name: 'Sweep 1', vendor: 'Sweep', description: 'A model for the test.', where: '/models/0',
    capabilities: [{ name: 'Everything', description: 'The checks named.', checks: [...ids] }], parameters: [],
  } as unknown as Parameters<typeof buildComponentDefinition>[0]['model'];
  const doc = buildComponentDefinition({
    model, checks, index, source: 'https://example.org/catalog.json', capabilitiesFile: 'sweep.yaml',
    now: '2026-11-02T18:00:00Z', toolVersion: 'test', responsibility: loadResponsibility(),
  }, templates);
  return doc['component-definition'].components[0]['control-implementations'][0]['implemented-requirements'];
}
const inPartRemarks = (r: Json): string[] => (r.props as Json[]).filter((p) => p.name === 'check-in-part').map((p) => p.remarks as string);
const texts = (r: Json): string[] => [r.description, ...(r.statements ?? []).map((s: Json) => s.description)];

describe('an unmade selection in the component definition', () => {
  const reqs = definition(all, all.map((c) => c.id));

  it('no why, prop or text says a selection "is not defined": no organisation could have defined it', () => {
    for (const r of reqs) for (const t of [...inPartRemarks(r), ...texts(r)]) expect(t, r['control-id']).not.toMatch(/is not defined|not every choice the organisation may make/);
  });

  it('it says where the pass shows the objective: only where the organisation selects the choices it shows', () => {
    const ac7 = reqs.find((r) => r['control-id'] === 'ac-7')!;
    const shows = all.find((c) => c.id === 'LOCKOUT-DURATION')!.showsChoices!['ac-07_odp.03']!;
    const why = inPartRemarks(ac7).find((t) => t.includes('ac-07_odp.03'))!;
    expect(why).toContain(`a pass shows only '${shows[0]}`);
    expect(why).toContain(`only where the organisation selects '${shows[0]}`);
    expect(why).toContain('and no other of its choices');
    // Every selection why says it so (a check naming a selection's choices).
    const selectionWhys = reqs.flatMap(inPartRemarks).filter((t) => /Selection/.test(t));
    expect(selectionWhys.length).toBeGreaterThan(1);
    for (const t of selectionWhys) expect(t).toMatch(/shows the objective (only where the organisation selects|for no choice the organisation may select)/);
  });
});

describe('the component definition\'s uuids name one statement', () => {
  const ids = ['FW-DEFAULT-DENY-IN', 'OS-AUTORUN-OFF', 'AUDIT-LOG-SIZE'].filter((id) => all.some((c) => c.id === id));
  const fw = all.find((c) => c.id === 'FW-DEFAULT-DENY-IN')!;
  // The same checks, FW-DEFAULT-DENY-IN saying another thing of what it leaves out of SC-7(5).
  const other = all.map((c) => (c === fw ? { ...c, inPart: { objectives: fw.inPart!.objectives, why: 'a different reason' } } : c));
  const before = definition(all, ids);
  const after = definition(other, ids);
  const byControl = (reqs: Json[]) => new Map(reqs.map((r) => [r['control-id'] as string, r] as const));

  it('a requirement and its provider statements whose in-part texts differ get other uuids', () => {
    const a = byControl(before).get('sc-7.5')!;
    const b = byControl(after).get('sc-7.5')!;
    expect(inPartRemarks(a)).not.toEqual(inPartRemarks(b));
    expect(b.uuid).not.toBe(a.uuid);
    const stated = (r: Json) => new Map((r.statements ?? []).filter((s: Json) => s.description.includes('in part')).map((s: Json) => [s['statement-id'], s.uuid]));
    expect(stated(a).size).toBeGreaterThan(0);
    for (const [id, uuid] of stated(a)) expect(stated(b).get(id), id).not.toBe(uuid);
  });

  it('a requirement saying the same keeps its uuid, and so does the whole-control one', () => {
    const a = byControl(before);
    const b = byControl(after);
    let same = 0;
    for (const [control, r] of a) {
      if (control === 'sc-7.5') continue;
      if (JSON.stringify(texts(r)) !== JSON.stringify(texts(b.get(control)!))) continue;
      expect(b.get(control)!.uuid, control).toBe(r.uuid);
      same++;
    }
    expect(same).toBeGreaterThan(0);
  });
});
