// The system security plan written by `assess`, read as an assessor would: NIST's schemas, the
// producer rules, and the meaning of each status against samples/README.md.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess, type AssessOptions } from '../src/assess/run.js';
import { parseSystemDescription } from '../src/assess/system-description.js';
import { baselineControls, loadControlIndex } from '../src/catalog/control-index.js';
import { checkProducerRules } from '../src/oscal/rules.js';
import { nistBaselineProfileUrl } from '../src/oscal/nist-urls.js';
import { implementationStatus } from '../src/oscal/ssp.js';
import { describeWithShared, sharedDir, validateOscal } from './support/oscal-schema.js';
import { expectUserError, userErrorOfAsync } from './support/user-error.js';

const root = new URL('..', import.meta.url).pathname;
/** The package clock npm start uses (package.json). */
const NOW = '2026-11-02T18:00:00Z';
const NS = 'https://ato-evidence.dev/ns/oscal';
type Json = Record<string, any>;

let dir: string;
let ssp: Json;
let ap: Json;
let placeholder: Json;
let placeholderWarnings: string[];

function run(out: string, extra: Partial<AssessOptions> = {}) {
  return runAssess({
    inputs: [join(root, 'samples')], out, force: false, baseline: 'moderate', now: NOW, toolVersion: 'test',
    deviations: join(root, 'samples/deviations.csv'), pdf: false, ...extra,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-ssp-'));
  await run(join(dir, 'pkg'), { system: join(root, 'samples/system.yaml') });
  ssp = JSON.parse(readFileSync(join(dir, 'pkg/ssp.json'), 'utf8'));
  ap = JSON.parse(readFileSync(join(dir, 'pkg/assessment-plan.json'), 'utf8'));
  placeholderWarnings = [];
  await run(join(dir, 'bare'), { warn: (m) => placeholderWarnings.push(m) });
  placeholder = JSON.parse(readFileSync(join(dir, 'bare/ssp.json'), 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const body = () => ssp['system-security-plan'] as Json;
const requirements = (doc: Json = ssp): Json[] => doc['system-security-plan']['control-implementation']['implemented-requirements'];
const requirement = (id: string): Json => {
  const r = requirements().find((x) => x['control-id'] === id);
  if (!r) throw new Error(`no implemented requirement for ${id}`);
  return r;
};
const propOf = (o: Json, name: string): string | undefined => o.props?.find((p: Json) => p.name === name)?.value;
const components = (): Json[] => body()['system-implementation'].components;
const thisSystem = () => components().find((c) => c.type === 'this-system')!;
const modelComponent = (model: string): Json => components().find((c) => propOf(c, 'model') === model)!;
const byComponent = (r: Json, component: Json): Json => r['by-components'].find((b: Json) => b['component-uuid'] === component.uuid);

describeWithShared('ssp.json passes NIST schemas and the producer rules', () => {
  for (const version of ['1.1.3', '1.2.2'] as const) {
    it(`with a system description, validates against ${version}`, () => expect(validateOscal(ssp, version)).toEqual([]));
    it(`without one (placeholders), validates against ${version}`, () => expect(validateOscal(placeholder, version)).toEqual([]));
  }
  it('is clean under the producer rules (every reference resolves inside the SSP)', () => {
    const opts = { controlIndex: loadControlIndex(), expectedOscalVersion: '1.1.3', strictRefs: true, projectNs: NS };
    expect(checkProducerRules(ssp, opts)).toEqual([]);
    expect(checkProducerRules(placeholder, opts)).toEqual([]);
  });
  it('with a tailored --profile and attestations: the profile\'s controls, attested controls by their attestations', async () => {
    const profile = join(root, 'test/fixtures/profiles/org-moderate-tailored.json');
    const catalog = join(sharedDir, 'oscal/nist-800-53-rev5/NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json');
    await run(join(dir, 'prof'), { profile, catalog, system: join(root, 'samples/system.yaml'), attestations: join(root, 'samples/attestations.yaml') });
    const doc = JSON.parse(readFileSync(join(dir, 'prof/ssp.json'), 'utf8'));
    expect(doc['system-security-plan']['import-profile'].href).toBe(encodeURI(profile));
    for (const version of ['1.1.3', '1.2.2'] as const) expect(validateOscal(doc, version)).toEqual([]);
    const ids = requirements(doc).map((r) => r['control-id']);
    // The tailoring excludes pe-17 and adds ac-2.11 (outside MODERATE); ac-6's children come with it.
    expect(ids).not.toContain('pe-17');
    expect(ids).toContain('ac-2.11');
    expect(ids).toContain('ac-6.7');
    const req = (id: string) => requirements(doc).find((r) => r['control-id'] === id)!;
    // at-2: a current attestation (valid until 2027-09-14) is the evidence: implemented, not "narrative needed".
    expect(propOf(req('at-2'), 'implementation-status')).toBe('implemented');
    expect(propOf(req('at-2'), 'assessment-method')).toBe('attestation');
    expect(propOf(req('at-2'), 'narrative-needed')).toBeUndefined();
    expect(req('at-2')['by-components'][0].description).toContain('Dana Whitfield');
    // pl-4: its attestation expired on 2026-09-30, before the assessment (2026-11-28): planned again.
    expect(propOf(req('pl-4'), 'implementation-status')).toBe('planned');
    expect(req('pl-4').remarks).toMatch(/expired/);
    expect(req('pl-4')['by-components'][0].description).toContain('EXPIRED on 2026-09-30');
  });
});

describe('what the SSP says about the system', () => {
  it('imports NIST\'s MODERATE baseline profile (the baseline assessed)', () => {
    expect(body()['import-profile'].href).toBe(nistBaselineProfileUrl('moderate'));
    expect(body()['import-profile'].href).toMatch(/NIST_SP-800-53_rev5_MODERATE-baseline_profile\.json$/);
  });
  it('takes the system characteristics from samples/system.yaml', () => {
    const sc = body()['system-characteristics'];
    expect(sc['system-name']).toBe('Example University Hospital Imaging Device Fleet');
    expect(sc['system-name-short']).toBe('EUH-IMG');
    expect(sc['system-ids'].map((x: Json) => x.id)).toContain('EUH-ISSO-2026-014');
    // MODERATE/MODERATE/MODERATE: the high-water mark is moderate.
    expect(sc['security-sensitivity-level']).toBe('fips-199-moderate');
    expect(sc['security-impact-level']['security-objective-availability']).toBe('fips-199-moderate');
    const lab = sc['system-information']['information-types'].find((t: Json) => t.title === 'Laboratory results');
    expect(lab.categorizations[0]['information-type-ids']).toEqual(['D.14.1']);
    expect(lab['availability-impact'].base).toBe('fips-199-low');
    expect(sc['authorization-boundary'].description).toMatch(/MR-01, MR-02, CT-01 and LAB-01/);
    expect(propOf(sc, 'placeholder')).toBeUndefined();
  });
  it('names the responsible parties by role, with their e-mail', () => {
    const md = body().metadata;
    const partyOf = (role: string) => {
      const rp = body()['system-characteristics']['responsible-parties'].find((r: Json) => r['role-id'] === role);
      return md.parties.find((p: Json) => p.uuid === rp['party-uuids'][0]);
    };
    expect(partyOf('system-owner').name).toBe('Dr. Amara Okafor');
    expect(partyOf('authorizing-official')['email-addresses']).toEqual(['jonas.lindqvist@hospital.example']);
    expect(partyOf('information-system-security-officer').name).toBe('Priya Raman');
    expect(md.roles.map((r: Json) => r.id).sort()).toEqual(['authorizing-official', 'information-system-security-officer', 'system-owner']);
  });
  it('has users (required by OSCAL 1.1.3) and a this-system component', () => {
    expect(body()['system-implementation'].users.length).toBeGreaterThan(0);
    expect(components().filter((c) => c.type === 'this-system')).toHaveLength(1);
  });
  it('has one component per device model, and each device is an inventory item implemented by its model\'s component', () => {
    expect(components().filter((c) => c.type !== 'this-system').map((c) => propOf(c, 'model')).sort()).toEqual(['ChemaLyte CX-800', 'Magnara Sola 1.5T', 'Magnara Vida 3T', 'Sonara P7 portable ultrasound', 'Tomora Edge 128']);
    const items: Json[] = body()['system-implementation']['inventory-items'];
    expect(items.map((i) => propOf(i, 'asset-id')).sort()).toEqual(['CT-01', 'LAB-01', 'MR-01', 'MR-02', 'US-01']);
    for (const item of items) {
      const refs = item['implemented-components'].map((x: Json) => x['component-uuid']);
      expect(refs).toHaveLength(1);
      const c = components().find((x) => x.uuid === refs[0]);
      expect(c, propOf(item, 'asset-id')).toBeDefined();
      expect(propOf(c!, 'model')).toBe(propOf(item, 'model'));
      expect(propOf(c!, 'vendor-name')).toBe(propOf(item, 'vendor-name'));
    }
  });
  it('the assessment plan imports ssp.json, which is in the package, and its inventory items are the SSP\'s', () => {
    expect(ap['assessment-plan']['import-ssp']).toEqual({ href: 'ssp.json' });
    expect(existsSync(join(dir, 'pkg/ssp.json'))).toBe(true);
    const apItems = ap['assessment-plan']['local-definitions']['inventory-items'].map((i: Json) => i.uuid).sort();
    expect(body()['system-implementation']['inventory-items'].map((i: Json) => i.uuid).sort()).toEqual(apItems);
  });
});

describe('implemented requirements and their statuses', () => {
  it('covers every control of the MODERATE baseline once, in baseline order, then the assessed controls outside it', () => {
    const baseline = baselineControls(loadControlIndex(), 'moderate');
    const ids = requirements().map((r) => r['control-id']);
    expect(ids.slice(0, baseline.length)).toEqual(baseline);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of requirements().slice(baseline.length)) {
      expect(propOf(r, 'in-baseline')).toBe('no');
      expect(propOf(r, 'assessment-method')).toBe('automated');
      expect(r.remarks).toMatch(/Not in the MODERATE baseline/);
    }
    // TIME-SYNC cites sc-45.1, which is in no NIST baseline: listed, marked outside.
    expect(ids.slice(baseline.length)).toContain('sc-45.1');
  });

  it('ac-2 fails on LAB-01 only (ACCOUNT-BUILTIN: built-in Administrator enabled): partial; planned for the ChemaLyte model, implemented for the others', () => {
    const r = requirement('ac-2');
    expect(propOf(r, 'implementation-status')).toBe('partial');
    expect(byComponent(r, thisSystem())['implementation-status'].state).toBe('partial');
    const lab = byComponent(r, modelComponent('ChemaLyte CX-800'));
    expect(lab['implementation-status'].state).toBe('planned');
    expect(lab.description).toMatch(/ACCOUNT-BUILTIN \(Authorization, user management and authentication\)/);
    expect(lab.description).toMatch(/failed on 1: LAB-01/);
    for (const m of ['Magnara Vida 3T', 'Magnara Sola 1.5T', 'Tomora Edge 128']) {
      expect(byComponent(r, modelComponent(m))['implementation-status'].state, m).toBe('implemented');
    }
  });

  it('cm-2 fails everywhere (OS-BASELINE fails on all four consoles): planned', () => {
    const r = requirement('cm-2');
    expect(propOf(r, 'implementation-status')).toBe('planned');
    expect(byComponent(r, thisSystem()).description).toMatch(/Failing on 4 device\(s\)/);
  });

  it('ac-3 passes on every current console (ROLE-ADMIN-NO-PATIENT-DATA): implemented for their models; US-01\'s evidence is stale, so the system is partial', () => {
    const r = requirement('ac-3');
    for (const m of ['ChemaLyte CX-800', 'Magnara Sola 1.5T', 'Magnara Vida 3T', 'Tomora Edge 128']) {
      expect(byComponent(r, modelComponent(m))['implementation-status'].state, m).toBe('implemented');
    }
    // stale evidence (collected 56 days before the clock) shows nothing in force: no result for US-01's model
    expect(byComponent(r, modelComponent('Sonara P7 portable ultrasound'))['implementation-status'].state).toBe('planned');
    expect(byComponent(r, thisSystem())['implementation-status'].state).toBe('partial');
  });

  it('ac-11 fails only under MR-01\'s approved screen-lock deviation: partial, and the statement says so', () => {
    const r = requirement('ac-11');
    expect(propOf(r, 'implementation-status')).toBe('partial');
    expect(byComponent(r, thisSystem()).description).toMatch(/fail under an approved deviation/);
    expect(byComponent(r, modelComponent('Magnara Vida 3T')).description).toMatch(/approved deviation on 1/);
  });

  it('ac-7 on the ChemaLyte: LOCKOUT-THRESHOLD fails, DURATION and RESET pass, the -LDAP checks do not apply: partial for that model', () => {
    const lab = byComponent(requirement('ac-7'), modelComponent('ChemaLyte CX-800'));
    expect(lab['implementation-status'].state).toBe('partial');
    expect(lab.description).toMatch(/LOCKOUT-THRESHOLD-LDAP .*not applicable on 1/);
  });

  it('status rules: nothing applied is not-applicable, missing evidence beside passes is partial, no results is planned', () => {
    expect(implementationStatus({ pass: 0, fail: 0, deviation: 0, notCollected: 0, notApplicable: 3 })).toBe('not-applicable');
    expect(implementationStatus({ pass: 2, fail: 0, deviation: 0, notCollected: 1, notApplicable: 0 })).toBe('partial');
    expect(implementationStatus({ pass: 0, fail: 0, deviation: 0, notCollected: 0, notApplicable: 0 })).toBe('planned');
  });

  it('controls no check covers are planned, on this-system only, and flagged as needing a narrative', () => {
    const r = requirement('ac-1');
    expect(propOf(r, 'implementation-status')).toBe('planned');
    expect(r.props.find((p: Json) => p.name === 'narrative-needed')).toEqual({ name: 'narrative-needed', ns: NS, value: 'yes' });
    expect(r['by-components']).toHaveLength(1);
    expect(r['by-components'][0]['component-uuid']).toBe(thisSystem().uuid);
    expect(r['by-components'][0].description).toMatch(/^NARRATIVE NEEDED: .*ac-1 \(Policy and Procedures\)/);
    expect(r.remarks).toMatch(/NARRATIVE NEEDED/);
    // Exactly the manual controls carry the flag.
    const flagged = requirements().filter((x) => propOf(x, 'narrative-needed') === 'yes').map((x) => x['control-id']);
    const manual = requirements().filter((x) => propOf(x, 'assessment-method') === 'manual').map((x) => x['control-id']);
    expect(flagged).toEqual(manual);
    expect(manual).not.toContain('ac-2');
    expect(manual.length).toBeGreaterThan(200);
  });
});

describe('without --system', () => {
  it('writes placeholders clearly marked to complete, and warns', () => {
    const sc = placeholder['system-security-plan']['system-characteristics'];
    expect(propOf(sc, 'placeholder')).toBeDefined();
    expect(sc.remarks).toMatch(/Placeholder: no system description was given/);
    expect(sc.description).toMatch(/PLACEHOLDER/);
    expect(sc['system-name']).toBe('Imaging-device fleet');
    expect(placeholderWarnings.some((w) => /no --system file: ssp\.json's system characteristics are placeholders/.test(w))).toBe(true);
    // The statuses do not depend on the description.
    expect(requirements(placeholder).map((r) => [r['control-id'], propOf(r, 'implementation-status')])).toEqual(requirements().map((r) => [r['control-id'], propOf(r, 'implementation-status')]));
  });
});

describe('system description errors name the file and the place', () => {
  const good = readFileSync(join(root, 'samples/system.yaml'), 'utf8');
  const F = 'system.yaml';
  it('accepts the sample', () => expect(parseSystemDescription(good, F).informationTypes).toHaveLength(3));
  it('a missing name', () => {
    expectUserError(() => parseSystemDescription(good.replace(/^name: .*$/m, ''), F), F, /^\/name$/, /"name" is required/);
  });
  it('an impact that is not low, moderate or high', () => {
    expectUserError(() => parseSystemDescription(good.replace('  integrity: moderate', '  integrity: severe'), F), F, /^\/categorization\/integrity$/, /low, moderate or high/);
  });
  it('an e-mail address that is not one', () => {
    expectUserError(() => parseSystemDescription(good.replace('jonas.lindqvist@hospital.example', 'jonas at hospital'), F), F, /^\/responsible-parties\/1\/email$/, /not an e-mail address/);
  });
  it('a misspelt key', () => {
    expectUserError(() => parseSystemDescription(good.replace('authorization-boundary:', 'authorisation-boundary:'), F), F, /^\/authorisation-boundary$/, /unknown key/);
  });
  it('a bad SP 800-60 id', () => {
    expectUserError(() => parseSystemDescription(good.replace('[C.3.5.8]', '[monitoring]'), F), F, /^\/information-types\/2\/sp800-60-ids\/0$/, /not an SP 800-60 information type id/);
  });
  it('no information types', () => {
    expectUserError(() => parseSystemDescription('name: x\ndescription: y\ncategorization: {confidentiality: low, integrity: low, availability: low}\nauthorization-boundary: z\ninformation-types: []\n', F), F, /^\/information-types$/, /non-empty list/);
  });
  it('YAML that does not parse, with its line', () => {
    expectUserError(() => parseSystemDescription('name: x\ndescription: [unclosed\n', F), F, /^line \d+$/, /not valid YAML/);
  });
  it('assess refuses a bad --system before writing anything', async () => {
    const bad = join(dir, 'bad-system.yaml');
    writeFileSync(bad, good.replace('status: operational', 'status: retired'));
    const e = await userErrorOfAsync(() => run(join(dir, 'never'), { system: bad }));
    expect(e.file).toBe(bad);
    expect(e.where).toBe('/status');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
  it('assess warns when the categorisation and the baseline differ', async () => {
    const high = join(dir, 'high-system.yaml');
    writeFileSync(high, good.replace('  availability: moderate\nauthorization', '  availability: high\nauthorization'));
    const warnings: string[] = [];
    await run(join(dir, 'high'), { system: high, warn: (m) => warnings.push(m) });
    expect(warnings.some((w) => /categorises the system HIGH .* MODERATE baseline is assessed/.test(w))).toBe(true);
  });
});
