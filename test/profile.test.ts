// OSCAL profile resolution: NIST's baselines against their own resolved catalogs, an
// organisation's tailored profile on top of MODERATE, and the mistakes a user can make.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alterStatement, loadProfileFile, resolveProfileDoc, type ImportSource, type LoadedDoc } from '../src/catalog/profile.js';
import { describeWithShared, rev5, sharedProfileFixture } from './support/shared.js';
import { expectUserError, userErrorOf } from './support/user-error.js';

// Paths only: the shared files are read inside the tests (or their beforeAll), never at load.
const profileFile = rev5.profile;
const resolvedFile = rev5.resolved;

type Json = Record<string, any>;

/** Control ids of a catalog in document order, with each one's parent and parameter ids. */
function catalogControls(doc: Json): Array<{ id: string; parent?: string; params: string[]; parts: Json[] }> {
  const out: Array<{ id: string; parent?: string; params: string[]; parts: Json[] }> = [];
  const walk = (list: Json[] | undefined, parent?: string) => {
    for (const c of list ?? []) {
      out.push({ id: c.id, ...(parent ? { parent } : {}), params: (c.params ?? []).map((p: Json) => p.id), parts: c.parts ?? [] });
      walk(c.controls, c.id);
    }
  };
  const groups = (list: Json[] | undefined) => {
    for (const g of list ?? []) {
      walk(g.controls);
      groups(g.groups);
    }
  };
  groups(doc.catalog.groups);
  walk(doc.catalog.controls);
  return out;
}

const readDoc = (file: string): LoadedDoc => ({ file, doc: JSON.parse(readFileSync(file, 'utf8')) });

describeWithShared('NIST baseline profiles resolve to the controls of their resolved catalogs', () => {
  // HIGH's resolved catalog holds every control of LOW and MODERATE, so it stands in for NIST's
  // full catalog (not in the shared folder) as the catalog the profiles import.
  let high: LoadedDoc;
  beforeAll(() => {
    high = readDoc(resolvedFile('HIGH'));
  });
  for (const b of ['LOW', 'MODERATE', 'HIGH']) {
    it(`${b}: the same control ids, in catalog order, with no parameter values or added parts`, () => {
      const r = loadProfileFile(profileFile(b), high);
      const resolved = catalogControls(readDoc(resolvedFile(b)).doc as Json);
      expect(r.controls).toEqual(resolved.map((c) => c.id));
      // NIST's baselines set no parameter and alter nothing; their resolved catalogs carry no values.
      expect(r.setParameters).toEqual([]);
      expect(r.alters).toEqual([]);
      const paramValues = JSON.stringify((readDoc(resolvedFile(b)).doc as Json).catalog).match(/"values":/g);
      expect(paramValues).toBeNull();
      expect(r.catalogs).toEqual([resolvedFile('HIGH')]);
      expect(r.warnings).toEqual([]);
    });
  }

  it('LOW resolved against MODERATE\'s resolved catalog works too (a subset importing a superset)', () => {
    const r = loadProfileFile(profileFile('LOW'), readDoc(resolvedFile('MODERATE')));
    expect(r.controls).toEqual(catalogControls(readDoc(resolvedFile('LOW')).doc as Json).map((c) => c.id));
  });

  it('HIGH against LOW\'s resolved catalog names the first control LOW lacks, at its pointer', () => {
    const low = readDoc(resolvedFile('LOW'));
    const highIds: string[] = (readDoc(profileFile('HIGH')).doc as Json).profile.imports[0]['include-controls'][0]['with-ids'];
    const lowIds = new Set(catalogControls(low.doc as Json).map((c) => c.id));
    const k = highIds.findIndex((id) => !lowIds.has(id));
    expectUserError(() => loadProfileFile(profileFile('HIGH'), low), profileFile('HIGH'), new RegExp(`^/profile/imports/0/include-controls/0/with-ids/${k}$`), new RegExp(`unknown control id "${highIds[k]!.replace('.', '\\.')}": .*LOW IMPACT BASELINE`));
  });

  it('without --catalog, an import of NIST\'s catalog says to download it and pass --catalog', () => {
    expectUserError(() => loadProfileFile(profileFile('MODERATE')), profileFile('MODERATE'), /^\/profile\/imports\/0\/href$/, /download NIST's SP 800-53 rev5 catalog .* pass it with --catalog FILE/);
  });
});

describeWithShared('an organisation profile tailoring MODERATE', () => {
  let highControls: ReturnType<typeof catalogControls>;
  let moderate: string[];
  let r: ReturnType<typeof loadProfileFile>;
  /** The fixture, its import of MODERATE pointed at the shared folder in use. */
  let tailored: string;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ato-profile-'));
    const high = readDoc(resolvedFile('HIGH'));
    highControls = catalogControls(high.doc as Json);
    moderate = catalogControls(readDoc(resolvedFile('MODERATE')).doc as Json).map((c) => c.id);
    tailored = sharedProfileFixture('org-moderate-tailored.json', dir);
    r = loadProfileFile(tailored, high);
  });
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('is MODERATE without the excluded controls, plus ac-2.11, au-9.2 and ac-6 with all its enhancements, in catalog order', () => {
    const ac6Children = highControls.filter((c) => c.parent === 'ac-6').map((c) => c.id);
    expect(ac6Children).toContain('ac-6.3'); // HIGH only: the with-child-controls brings it
    expect(moderate).not.toContain('ac-6.3');
    const excluded = ['pe-17', 'at-2.3', 'sc-28.1'];
    for (const id of excluded) expect(moderate).toContain(id);
    const expected = new Set([...moderate.filter((id) => !excluded.includes(id)), 'ac-2.11', 'au-9.2', 'ac-6', ...ac6Children]);
    expect(r.controls).toEqual(highControls.map((c) => c.id).filter((id) => expected.has(id)));
    expect(r.controls).not.toContain('pe-17');
    expect(r.controls.indexOf('ac-2.11')).toBe(r.controls.indexOf('ac-2.5') + 1);
  });

  it('sets parameters with values and labels, naming the profile that set them', () => {
    expect(r.setParameters).toEqual([
      { paramId: 'ac-07_odp.01', values: ['3'], file: tailored, where: 'set-parameters ac-07_odp.01' },
      { paramId: 'ac-08_odp.01', label: 'hospital log-on banner', file: tailored, where: 'set-parameters ac-08_odp.01' },
      { paramId: 'ac-02.11_odp.01', values: ['clinical-hours only'], file: tailored, where: 'set-parameters ac-02.11_odp.01' },
    ]);
    // Each set parameter belongs to a selected control of the catalog.
    const params = new Set(highControls.filter((c) => r.controls.includes(c.id)).flatMap((c) => c.params));
    for (const p of r.setParameters) expect(params.has(p.paramId)).toBe(true);
  });

  it('carries the added ac-8 part into the statement, after the catalog text', () => {
    expect(r.alters.map((a) => [a.controlId, a.position, a.parts.map((p) => p.id)])).toEqual([['ac-8', 'ending', ['ac-8_smt.org']]]);
    const text = alterStatement('a. Display the banner.', r.alters);
    expect(text).toBe('a. Display the banner.\norg. Imaging consoles show the hospital banner on the acquisition screen as well as at log-on.');
  });

  it('reads the catalog once for both imports', () => {
    expect(r.catalogs).toEqual([resolvedFile('HIGH')]);
  });
});

describe('profile mistakes are UserErrors naming the file and the place', () => {
  const catalog: LoadedDoc = {
    file: 'cat.json',
    doc: { catalog: { uuid: 'c', metadata: { title: 'Tiny' }, groups: [{ id: 'ac', controls: [{ id: 'ac-1', title: 'A', params: [{ id: 'ac-01_odp.01' }], parts: [{ id: 'ac-1_smt', name: 'statement' }] }, { id: 'ac-2', title: 'B', controls: [{ id: 'ac-2.1', title: 'B1' }] }] }] } },
  };
  const profile = (imports: Json[], extra: Json = {}) => ({ profile: { uuid: 'p', metadata: { title: 'P' }, imports, ...extra } });
  const source = (docs: Record<string, unknown>, external?: LoadedDoc): ImportSource => ({
    readLocal: (href) => (href in docs ? { file: href, doc: docs[href] } : undefined),
    ...(external ? { external } : {}),
  });

  it('resolves include-all, with-child-controls and exclude over a tiny catalog', () => {
    const all = resolveProfileDoc({ file: 'p.json', doc: profile([{ href: 'cat.json', 'include-all': {}, 'exclude-controls': [{ 'with-ids': ['ac-1'] }] }]) }, source({ 'cat.json': catalog.doc }));
    expect(all.controls).toEqual(['ac-2', 'ac-2.1']);
    const kids = resolveProfileDoc({ file: 'p.json', doc: profile([{ href: 'cat.json', 'include-controls': [{ 'with-ids': ['ac-2'], 'with-child-controls': 'yes' }] }]) }, source({ 'cat.json': catalog.doc }));
    expect(kids.controls).toEqual(['ac-2', 'ac-2.1']);
    const only = resolveProfileDoc({ file: 'p.json', doc: profile([{ href: 'cat.json', 'include-controls': [{ 'with-ids': ['ac-2'] }] }]) }, source({ 'cat.json': catalog.doc }));
    expect(only.controls).toEqual(['ac-2']);
  });

  it('a missing import', () => {
    expectUserError(() => resolveProfileDoc({ file: 'p.json', doc: profile([{ href: 'gone.json', 'include-all': {} }]) }, source({})), 'p.json', /^\/profile\/imports\/0\/href$/, /imports "gone\.json", which does not exist/);
  });

  it('a back-matter import whose resource is absent', () => {
    expectUserError(() => resolveProfileDoc({ file: 'p.json', doc: profile([{ href: '#nope', 'include-all': {} }]) }, source({})), 'p.json', /^\/profile\/imports\/0\/href$/, /no resource with uuid nope/);
  });

  it('a back-matter import whose rlink is a local file is read from there', () => {
    const doc = profile([{ href: '#r1', 'include-all': {} }], { 'back-matter': { resources: [{ uuid: 'r1', rlinks: [{ href: 'cat.xml' }, { href: 'cat.json' }] }] } });
    expect(resolveProfileDoc({ file: 'p.json', doc }, source({ 'cat.json': catalog.doc })).controls).toEqual(['ac-1', 'ac-2', 'ac-2.1']);
  });

  it('a cycle between profiles, with the chain', () => {
    const a = profile([{ href: 'b.json', 'include-all': {} }]);
    const b = profile([{ href: 'a.json', 'include-all': {} }]);
    expectUserError(() => resolveProfileDoc({ file: 'a.json', doc: a }, source({ 'a.json': a, 'b.json': b })), 'b.json', /^\/profile\/imports\/0\/href$/, /import cycle: a\.json → b\.json → a\.json/);
  });

  it('an unknown control id in with-ids, in exclude-controls, and in an alter', () => {
    const src = source({ 'cat.json': catalog.doc });
    expectUserError(() => resolveProfileDoc({ file: 'p.json', doc: profile([{ href: 'cat.json', 'include-controls': [{ 'with-ids': ['ac-1', 'ac-99'] }] }]) }, src), 'p.json', /^\/profile\/imports\/0\/include-controls\/0\/with-ids\/1$/, /unknown control id "ac-99": cat\.json \(Tiny\) has no such control/);
    expectUserError(() => resolveProfileDoc({ file: 'p.json', doc: profile([{ href: 'cat.json', 'include-all': {}, 'exclude-controls': [{ 'with-ids': ['xx-1'] }] }]) }, src), 'p.json', /^\/profile\/imports\/0\/exclude-controls\/0\/with-ids\/0$/, /unknown control id "xx-1"/);
    const alter = profile([{ href: 'cat.json', 'include-controls': [{ 'with-ids': ['ac-1'] }] }], { modify: { alters: [{ 'control-id': 'ac-2', adds: [{ parts: [{ name: 'item', prose: 'x' }] }] }] } });
    expectUserError(() => resolveProfileDoc({ file: 'p.json', doc: alter }, src), 'p.json', /^\/profile\/modify\/alters\/0\/control-id$/, /alters ac-2, which this profile does not select/);
    const byId = profile([{ href: 'cat.json', 'include-all': {} }], { modify: { alters: [{ 'control-id': 'ac-1', adds: [{ 'by-id': 'ac-1_smt.z', parts: [{ name: 'item', prose: 'x' }] }] }] } });
    expectUserError(() => resolveProfileDoc({ file: 'p.json', doc: byId }, src), 'p.json', /^\/profile\/modify\/alters\/0\/adds\/0\/by-id$/, /by-id ac-1_smt\.z is not a part of ac-1/);
    // An added requirement under an id the control has would be taken for that part (shown by its checks).
    const taken = profile([{ href: 'cat.json', 'include-all': {} }], { modify: { alters: [{ 'control-id': 'ac-1', adds: [{ parts: [{ id: 'ac-1_new', name: 'item', prose: 'x', parts: [{ id: 'ac-1_smt', name: 'item', prose: 'y' }] }] }] }] } });
    expectUserError(() => resolveProfileDoc({ file: 'p.json', doc: taken }, src), 'p.json', /^\/profile\/modify\/alters\/0\/adds\/0\/parts\/0$/, /an added part's id ac-1_smt is already a part of ac-1/);
  });

  it('an importing profile\'s parameter value replaces the imported one; a label set below is kept', () => {
    const inner = profile([{ href: 'cat.json', 'include-all': {} }], { modify: { 'set-parameters': [{ 'param-id': 'ac-01_odp.01', values: ['yearly'], label: 'review period' }] } });
    const outer = profile([{ href: 'inner.json', 'include-all': {} }], { modify: { 'set-parameters': [{ 'param-id': 'ac-01_odp.01', values: ['quarterly'] }, { 'param-id': 'zz-01_odp.01', values: ['x'] }] } });
    const r = resolveProfileDoc({ file: 'outer.json', doc: outer }, source({ 'cat.json': catalog.doc, 'inner.json': inner }));
    expect(r.setParameters).toEqual([{ paramId: 'ac-01_odp.01', values: ['quarterly'], label: 'review period', file: 'outer.json', where: 'set-parameters ac-01_odp.01' }]);
    expect(r.warnings).toEqual(['outer.json at /profile/modify/set-parameters/1: sets zz-01_odp.01, a parameter of no selected control; ignored']);
  });

  it('a catalog given as a profile, and a file that is neither', () => {
    expect(userErrorOf(() => resolveProfileDoc(catalog, source({}))).message).toMatch(/^cat\.json: is an OSCAL catalog, not a profile/);
    expectUserError(() => resolveProfileDoc({ file: 'x.json', doc: { foo: 1 } }, source({})), 'x.json', /^\/profile$/, /not an OSCAL profile/);
  });
});
