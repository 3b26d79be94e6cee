// A check that shows a control only in part (controls/checks.yaml `in-part`) must be named so
// wherever a document cites it as evidence of that control: the SSP and the component definition
// are read alone, and "verified by FW-DEFAULT-DENY-IN" under SC-7(5) would otherwise claim the whole
// control where the check sees inbound traffic only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { controlOfObjective, inPartOf, type Check } from '../src/catalog/types.js';
import { withSelectionsOfAnyOrganisation, withSelectionsShown } from '../src/catalog/selection-shown.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const NOW = '2026-11-02T18:00:00Z';
type Json = Record<string, any>;

// The catalog's checks as a run without the organisation's selections judges them (samples/ defines
// none), and as the component definition states them (no organisation, so no selection is made):
// a check showing an objective that inserts an unmade selection shows it only in part
// (catalog/selection-shown.ts), as LOCKOUT-DURATION shows ac-7_obj.b, in both documents alike.
const catalogChecks = loadCatalog().checks;
const runChecks = withSelectionsShown(catalogChecks, loadControlIndex(), () => undefined);
const runById = new Map(runChecks.map((c) => [c.id, c] as const));
// The component definition names no organisation: an unmade selection is worded as where a pass shows it.
const cdById = new Map(withSelectionsOfAnyOrganisation(catalogChecks, loadControlIndex()).map((c) => [c.id, c] as const));
/** From the check catalog, not from the output: the controls a check shows only in part. */
const partlyShown = (c: Check) => new Set((c.inPart?.objectives ?? []).map((o) => controlOfObjective(o)!));
const inPartProps = (r: Json): Json[] => (r.props as Json[]).filter((p) => p.name === 'check-in-part');
const checksProp = (r: Json): string[] => ((r.props as Json[]).find((p) => p.name === 'checks')?.value ?? '').split(' ').filter(Boolean);
/** Every by-component text under a requirement (its statements' and its own). */
const texts = (r: Json): string[] => [r.description ?? '', ...(r['by-components'] ?? []).map((b: Json) => b.description), ...(r.statements ?? []).flatMap((s: Json) => [s.description ?? '', ...(s['by-components'] ?? []).map((b: Json) => b.description)])];

let dir: string;
let ssp: Json;
let cd: Json;

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build"');
  dir = mkdtempSync(join(tmpdir(), 'ato-inpart-'));
  await runAssess({
    inputs: [join(root, 'samples')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', pdf: false,
    system: join(root, 'samples/system.yaml'), capabilities: join(root, 'samples/vendor-capabilities.yaml'),
  });
  ssp = JSON.parse(readFileSync(join(dir, 'pkg/ssp.json'), 'utf8'));
  const r = spawnSync(process.execPath, [bin, 'component-definition', '--model', 'Magnara Vida 3T', '--out', join(dir, 'vida.json'), '--now', NOW], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  cd = JSON.parse(readFileSync(join(dir, 'vida.json'), 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sspRequirements = (): Json[] => ssp['system-security-plan']['control-implementation']['implemented-requirements'];
const cdRequirements = (): Json[] => cd['component-definition'].components[0]['control-implementations'][0]['implemented-requirements'];

/** Each requirement naming a check in part for its control: the prop with the why, and the text saying it. */
function expectInPartSaid(requirements: Json[], byId: ReadonlyMap<string, Check>): number {
  let seen = 0;
  for (const r of requirements) {
    const control = r['control-id'] as string;
    const named = checksProp(r);
    const partial = named.filter((id) => partlyShown(byId.get(id)!).has(control));
    // The prop names exactly the checks the catalog says show this control in part, no more.
    expect(inPartProps(r).map((p) => p.value).sort(), control).toEqual([...partial].sort());
    for (const id of partial) {
      // What the check leaves out of this control only (a check naming several says each its own).
      const why = inPartOf(byId.get(id)!, control)!;
      expect(inPartProps(r).find((p) => p.value === id)!.remarks, `${control} ${id}`).toBe(`in part: ${why}`);
      // Every text that names the check says what it leaves out of the control.
      for (const t of texts(r).filter((t) => t.includes(id))) expect(t, `${control} ${id}`).toContain(`in part: ${why}`);
      seen++;
    }
  }
  return seen;
}

describe('a check that shows a control only in part is said so where it is named', () => {
  it('in the component definition (SC-7(5) by FW-DEFAULT-DENY-IN: inbound only)', () => {
    const sc75 = cdRequirements().find((r) => r['control-id'] === 'sc-7.5')!;
    expect(checksProp(sc75)).toContain('FW-DEFAULT-DENY-IN');
    expect(inPartProps(sc75).map((p) => p.value)).toContain('FW-DEFAULT-DENY-IN');
    expect(expectInPartSaid(cdRequirements(), cdById)).toBeGreaterThan(0);
    // A selection only some of whose choices the pass shows: LOCKOUT-DURATION under AC-7, as in the SSP.
    expect(inPartProps(cdRequirements().find((r) => r['control-id'] === 'ac-7')!).map((p) => p.value)).toContain('LOCKOUT-DURATION');
    // CM-7b's prohibited ports and protocols are the organisation's (an assignment no check parameter compares
    // with): since the assignment rule the check is named in part under CM-7 too, the why naming that ODP.
    const cm7 = cdRequirements().find((r) => r['control-id'] === 'cm-7')!;
    const cm7Why = inPartProps(cm7).find((p) => p.value === 'FW-DEFAULT-DENY-IN');
    expect(cm7Why?.remarks).toMatch(/cm-07_odp\.0[34]/);
  });
  it('in the SSP, in its props and in every by-component naming the check', () => {
    expect(partlyShown(runById.get('LOCKOUT-DURATION')!).has('ac-7')).toBe(true);
    const sc75 = sspRequirements().find((r) => r['control-id'] === 'sc-7.5')!;
    expect(inPartProps(sc75).map((p) => p.value)).toContain('FW-DEFAULT-DENY-IN');
    expect(texts(sc75).some((t) => t.includes('FW-DEFAULT-DENY-IN shows sc-7.5 in part: inbound traffic only'))).toBe(true);
    expect(expectInPartSaid(sspRequirements(), runById)).toBeGreaterThan(0);
  });
});

describeWithShared('the documents with check-in-part props stay valid', () => {
  for (const version of ['1.1.3', '1.2.2'] as const) {
    it(`SSP and component definition validate against ${version}`, () => {
      expect(validateOscal(ssp, version)).toEqual([]);
      expect(validateOscal(cd, version)).toEqual([]);
    });
  }
});

describe('the SSP and the component definition reconcile', () => {
  it('a check named under a control in both is in part in both, for the same why, or in neither', () => {
    const ssp7 = new Map(sspRequirements().map((r) => [r['control-id'] as string, r] as const));
    let both = 0;
    for (const r of cdRequirements()) {
      const s = ssp7.get(r['control-id']);
      if (!s) continue;
      for (const id of checksProp(r).filter((c) => checksProp(s).includes(c))) {
        const why = (x: Json) => inPartProps(x).find((p) => p.value === id)?.remarks as string | undefined;
        const ids = (t: string | undefined) => t?.match(/\b[a-z]{2}-\d+(?:\.\d+)?_(?:odp|obj)[\w.-]*\w/g) ?? [];
        expect(why(r) === undefined, `${r['control-id']} ${id}`).toBe(why(s) === undefined);
        // An unmade selection is worded for no organisation in the component definition ("only where the
        // organisation selects"), for the run in the SSP ("is not defined"): the same ODPs and objectives.
        if (/Selection/.test(why(s) ?? '')) expect(ids(why(r)), `${r['control-id']} ${id}`).toEqual(ids(why(s)));
        else expect(why(r), `${r['control-id']} ${id}`).toBe(why(s));
        both++;
      }
    }
    expect(both).toBeGreaterThan(0);
    // LOCKOUT-DURATION under AC-7 is among them (the sample run defines no ac-07_odp.03).
    const ac7 = ssp7.get('ac-7')!;
    expect(checksProp(ac7)).toContain('LOCKOUT-DURATION');
    expect(inPartProps(ac7).map((p) => p.value)).toContain('LOCKOUT-DURATION');
  });
});
