// `ato-evidence component-definition`, run as a vendor would: exit codes, the document's validity,
// and that its controls are exactly those the named checks evidence.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCapabilities } from '../src/catalog/capabilities.js';
import { loadCatalogFile, loadControlIndex } from '../src/catalog/control-index.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { NIST_REV5_CATALOG_URL } from '../src/oscal/nist-urls.js';
import { checkProducerRules } from '../src/oscal/rules.js';
import { describeWithShared, sharedDir, validateOscal } from './support/oscal-schema.js';
import { expectUserError } from './support/user-error.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const NOW = '2026-11-28T12:00:00Z';
const NS = 'https://ato-evidence.dev/ns/oscal';
type Json = Record<string, any>;
let dir: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'component-definition', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const { checks, parameters: parameterDefs } = loadCatalog();
const capsText = readFileSync(join(root, 'samples/vendor-capabilities.yaml'), 'utf8');
const caps = parseYaml(capsText) as { models: Array<{ name: string; capabilities: Array<{ checks: string[] }> }> };
/** The controls the sample file's checks for `model` evidence, from controls/checks.yaml. */
function expectedControls(model: string): string[] {
  const m = caps.models.find((x) => x.name === model)!;
  const ids = new Set(m.capabilities.flatMap((c) => c.checks));
  return [...new Set(checks.filter((c) => ids.has(c.id)).flatMap((c) => c.controls))].sort();
}

let vida: Json;
let vidaRun: ReturnType<typeof cli>;

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build" (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'ato-cd-'));
  vidaRun = cli(['--model', 'Magnara Vida 3T', '--out', 'vida.json', '--now', NOW, '--json']);
  vida = JSON.parse(readFileSync(join(dir, 'vida.json'), 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const component = (doc: Json) => doc['component-definition'].components[0] as Json;
const impl = (doc: Json) => component(doc)['control-implementations'][0] as Json;

describe('the component definition of every sample model reads as written text', () => {
  // scripts/text-sweep.mjs: doubled words or units ("(default 15) minutes"), undefined, NaN, [object Object], "()", double spaces.
  for (const model of caps.models.map((m) => m.name)) {
    it(model, () => {
      const out = `sweep-${model.replace(/\W+/g, '-')}.json`;
      expect(cli(['--model', model, '--out', out, '--now', NOW]).code).toBe(0);
      const r = spawnSync(process.execPath, [join(root, 'scripts/text-sweep.mjs'), join(dir, out)], { encoding: 'utf8' });
      expect(r.stdout).toBe('');
      expect(r.status).toBe(0);
    });
  }
});

describeWithShared('the component definition passes NIST schemas and the producer rules', () => {
  for (const version of ['1.1.3', '1.2.2'] as const) {
    it(`validates against ${version}`, () => expect(validateOscal(vida, version)).toEqual([]));
  }
  it('is clean under the producer rules', () => {
    expect(checkProducerRules(vida, { controlIndex: loadControlIndex(), expectedOscalVersion: '1.1.3', strictRefs: true })).toEqual([]);
  });
  it('every statement id and set-parameter id is in NIST\'s catalog (checked against its parts)', () => {
    const catalog = loadCatalogFile(join(sharedDir, 'oscal/nist-800-53-rev5/NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json'));
    for (const model of ['Magnara Vida 3T', 'Magnara Sola 1.5T', 'Tomora Edge 128', 'ChemaLyte CX-800']) {
      const r = cli(['--model', model, '--out', 'each.json', '--now', NOW, '--force']);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(join(dir, 'each.json'), 'utf8'));
      expect(checkProducerRules(doc, { controlIndex: catalog, expectedOscalVersion: '1.1.3', strictRefs: true }), model).toEqual([]);
      const reqs: Json[] = impl(doc)['implemented-requirements'];
      for (const req of reqs) {
        for (const s of req.statements ?? []) expect(catalog.controls[req['control-id']]!.partIds, model).toContain(s['statement-id']);
        for (const p of req['set-parameters'] ?? []) expect(catalog.controls[req['control-id']]!.params, model).toContain(p['param-id']);
      }
    }
  });
  it('with --profile, source names the profile', () => {
    const profile = join(sharedDir, 'oscal/nist-800-53-rev5/NIST_SP-800-53_rev5_MODERATE-baseline_profile.json');
    const r = cli(['--model', 'Tomora Edge 128', '--out', 'ct.json', '--now', NOW, '--profile', profile]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'ct.json'), 'utf8'));
    // Named as reports show paths (its folder and name), not by the absolute path of the machine that made it.
    expect(impl(doc).source).toBe('NIST_SP-800-53_rev5_MODERATE-baseline_profile.json');
    expect(JSON.stringify(doc)).not.toContain(sharedDir);
    expect(validateOscal(doc, '1.1.3')).toEqual([]);
  });
});

describe('component-definition', () => {
  it('names an absolute --capabilities file by its own name, never by the folders it lies in', () => {
    const site = join(dir, 'home', 'vendor');
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, 'caps.yaml'), capsText);
    const r = cli(['--model', 'Magnara Vida 3T', '--out', 'abs.json', '--now', NOW, '--capabilities', join(site, 'caps.yaml')]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'abs.json'), 'utf8');
    expect(text).not.toContain(dir);
    expect(text).toContain('caps.yaml');
    expect(text).not.toContain('vendor/caps.yaml');
  });
  it('exits 0 and describes the model as its vendor\'s component', () => {
    expect(vidaRun.code, vidaRun.stderr).toBe(0);
    const c = component(vida);
    expect(c.title).toBe('Magnara Vida 3T');
    expect(c.props).toContainEqual({ name: 'vendor-name', value: 'Example Medical Systems' });
    const vendor = vida['component-definition'].metadata.parties.find((p: Json) => p.uuid === c['responsible-roles'][0]['party-uuids'][0]);
    expect(vendor.name).toBe('Example Medical Systems');
  });

  it('implements exactly the controls that the capabilities\' checks evidence (controls/checks.yaml)', () => {
    const got = impl(vida)['implemented-requirements'].map((r: Json) => r['control-id']);
    expect([...got].sort()).toEqual(expectedControls('Magnara Vida 3T'));
    // BITLOCKER-PREBOOT evidences sc-28.1; nothing in its capabilities touches the screen lock (ac-11).
    expect(got).toContain('sc-28.1');
    expect(got).not.toContain('ac-11');
    expect(JSON.parse(vidaRun.stdout).controls).toEqual(got);
  });

  it('claims only what the product implements: ac-2 (account management, an organisational process) is the customer\'s alone', () => {
    const r0 = cli(['--model', 'Tomora Edge 128', '--out', 'tomora.json', '--now', NOW]);
    expect(r0.code, r0.stderr).toBe(0);
    const tomora = JSON.parse(readFileSync(join(dir, 'tomora.json'), 'utf8'));
    const r = impl(tomora)['implemented-requirements'].find((x: Json) => x['control-id'] === 'ac-2');
    expect(r.props).toContainEqual({ name: 'responsibility', ns: NS, value: 'customer' });
    expect(r['responsible-roles']).toEqual([{ 'role-id': 'customer' }]);
    const letters = 'abcdefghijkl'.split('');
    expect(r.statements.map((s: Json) => [s['statement-id'], s['responsible-roles'].map((x: Json) => x['role-id'])])).toEqual(letters.map((l) => [`ac-2_smt.${l}`, ['customer']]));
    expect(r.description).toMatch(/does not implement ac-2 .*: it is the customer's responsibility/);
  });

  it('splits cm-7.1: the periodic review (a) is the customer\'s, disabling what it names (b) the product\'s', () => {
    const r = impl(vida)['implemented-requirements'].find((x: Json) => x['control-id'] === 'cm-7.1');
    expect(r.props).toContainEqual({ name: 'responsibility', ns: NS, value: 'shared' });
    const roles = Object.fromEntries(r.statements.map((s: Json) => [s['statement-id'], s['responsible-roles'].map((x: Json) => x['role-id'])]));
    expect(roles).toEqual({ 'cm-7.1_smt.a': ['customer'], 'cm-7.1_smt.b': ['provider'] });
    const vendor = component(vida)['responsible-roles'].find((x: Json) => x['role-id'] === 'provider')['party-uuids'][0];
    expect(r.statements[1]['responsible-roles'][0]['party-uuids']).toEqual([vendor]);
    expect(r.statements[0].description).toMatch(/^Customer responsibility: The organisation reviews the console/);
  });

  it('a control whose every statement the product implements is the provider\'s only (ac-7: lockout)', () => {
    const r = impl(vida)['implemented-requirements'].find((x: Json) => x['control-id'] === 'ac-7');
    expect(r.props).toContainEqual({ name: 'responsibility', ns: NS, value: 'provider' });
    expect(r['responsible-roles'].map((x: Json) => x['role-id'])).toEqual(['provider']);
    expect(r.statements.map((s: Json) => s['statement-id'])).toEqual(['ac-7_smt.a', 'ac-7_smt.b']);
  });

  it('the vendor\'s parameter values are set-parameters of the control they belong to, with their origin', () => {
    const r = impl(vida)['implemented-requirements'].find((x: Json) => x['control-id'] === 'ac-7');
    const sp = Object.fromEntries(r['set-parameters'].map((p: Json) => [p['param-id'], p]));
    // lockout-threshold-max: 3 in samples/vendor-capabilities.yaml fills ac-07_odp.01 (controls/parameters.yaml).
    expect(sp['ac-07_odp.01'].values).toEqual(['Largest acceptable number of bad logon attempts before lockout: 3 attempts']);
    expect(sp['ac-07_odp.01'].remarks).toContain('/models/0/parameters/lockout-threshold-max');
    for (const id of Object.keys(sp)) expect(loadControlIndex().controls['ac-7']!.params).toContain(id);
    // No other requirement carries the lockout values.
    const elsewhere = impl(vida)['implemented-requirements'].filter((x: Json) => x !== r).flatMap((x: Json) => (x['set-parameters'] ?? []).map((p: Json) => p['param-id']));
    expect(elsewhere).toEqual(['au-09.02_odp']);
  });

  it('a vendor value for a control none of the model\'s capabilities implements exits 1 with its place', () => {
    writeFileSync(join(dir, 'misplaced.yaml'), capsText.replace('      screen-lock-timeout-max-secs: 900\n', '      screen-lock-timeout-max-secs: 900\n      lockout-threshold-max: 5\n'));
    const r = cli(['--model', 'Tomora Edge 128', '--capabilities', 'misplaced.yaml', '--out', 'mis.json', '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/misplaced\.yaml at \/models\/2\/parameters\/lockout-threshold-max: lockout-threshold-max fills ac-07_odp\.01, a parameter of a control none of "Tomora Edge 128"'s capabilities implements/);
    expect(existsSync(join(dir, 'mis.json'))).toBe(false);
  });

  it('each requirement names the capabilities and the checks behind it', () => {
    const r = impl(vida)['implemented-requirements'].find((x: Json) => x['control-id'] === 'sc-28.1');
    expect(r.description).toMatch(/BitLocker full-volume encryption with TPM and PIN/);
    expect(r.description).toMatch(/BITLOCKER-PREBOOT/);
    expect(r.description).not.toMatch(/MAL-ALLOWLIST/); // AppLocker does not evidence sc-28.1
    const checksProp = r.props.find((p: Json) => p.name === 'checks').value.split(' ');
    for (const id of checksProp) expect(checks.find((c) => c.id === id)!.controls).toContain('sc-28.1');
  });

  it('source defaults to NIST\'s published rev5 catalog', () => {
    expect(impl(vida).source).toBe(NIST_REV5_CATALOG_URL);
  });

  it('the same inputs and --now give the same bytes', () => {
    expect(cli(['--model', 'Magnara Vida 3T', '--out', 'vida2.json', '--now', NOW]).code).toBe(0);
    expect(readFileSync(join(dir, 'vida2.json'), 'utf8')).toBe(readFileSync(join(dir, 'vida.json'), 'utf8'));
  });

  it('an unknown model exits 1 listing the models the file knows, and writes nothing', () => {
    const r = cli(['--model', 'MR console v5', '--out', 'none.json', '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/vendor-capabilities\.yaml at \/models: describes no model "MR console v5"; known models: "Magnara Vida 3T", "Magnara Sola 1\.5T", "Tomora Edge 128", "ChemaLyte CX-800"/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(dir, 'none.json'))).toBe(false);
  });

  it('refuses to overwrite without --force, and replaces with it', () => {
    writeFileSync(join(dir, 'keep.json'), 'mine\n');
    const r = cli(['--model', 'Magnara Vida 3T', '--out', 'keep.json', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/keep\.json: already exists; .*--force/);
    expect(readFileSync(join(dir, 'keep.json'), 'utf8')).toBe('mine\n');
    expect(cli(['--model', 'Magnara Vida 3T', '--out', 'keep.json', '--now', NOW, '--force']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'keep.json'), 'utf8'))['component-definition']).toBeDefined();
  });

  it('--force never replaces a FIFO (or device) with the file: exit 2, left as it was', () => {
    expect(spawnSync('mkfifo', [join(dir, 'pipe')]).status).toBe(0);
    const r = cli(['--model', 'Magnara Vida 3T', '--out', 'pipe', '--now', NOW, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipe: is not a regular file \(a device, FIFO or socket\)/);
    expect(lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);
  });

  it('usage errors exit 2, and --help has an example', () => {
    expect(cli(['--out', 'x.json']).code).toBe(2); // no --model
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Example:\n\s+\$ ato-evidence component-definition --model/);
  });

  it('a capability file naming an unknown check exits 1 with the place', () => {
    writeFileSync(join(dir, 'bad.yaml'), capsText.replace('checks: [MAL-ALLOWLIST]', 'checks: [MAL-ALLOWLST]'));
    const r = cli(['--model', 'Magnara Vida 3T', '--capabilities', 'bad.yaml', '--out', 'bad.json', '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml at \/models\/0\/capabilities\/1\/checks\/0: "MAL-ALLOWLST" is not a check/);
    expect(existsSync(join(dir, 'bad.json'))).toBe(false);
  });
});

describe('capability file errors', () => {
  const known = new Set(checks.map((c) => c.id));
  const F = 'caps.yaml';
  it('the sample covers every model of the sample fleet', () => {
    const models = parseCapabilities(capsText, F, known, parameterDefs).models.map((m) => `${m.vendor} ${m.name}`);
    for (const f of ['MR-01/MR-01_2026-11-02.json', 'MR-02/MR-02_2026-11-02.json', 'CT-01/CT-01_2026-11-02.json', 'LAB-01/LAB-01_2026-11-02.json']) {
      const d = JSON.parse(readFileSync(join(root, 'samples', f), 'utf8')).device;
      expect(models).toContain(`${d.manufacturer} ${d.model}`);
    }
  });
  it('a model described twice', () => {
    const twice = capsText.replace('  - name: Magnara Sola 1.5T', '  - name: magnara vida 3t');
    expectUserError(() => parseCapabilities(twice, F, known, parameterDefs), F, /^\/models\/1\/name$/, /already described at \/models\/0/);
  });
  it('a capability without checks', () => {
    expectUserError(() => parseCapabilities('vendor: V\nmodels:\n  - name: M\n    description: d\n    capabilities:\n      - {name: n, description: d, checks: []}\n', F, known), F, /^\/models\/0\/capabilities\/0\/checks$/, /non-empty list of check ids/);
  });
  it('a parameter that is not one of controls/parameters.yaml, or whose value does not fit', () => {
    expectUserError(() => parseCapabilities(capsText.replace('lockout-threshold-max: 3', 'lockout-treshold-max: 3'), F, known, parameterDefs), F, /^\/models\/0\/parameters\/lockout-treshold-max$/, /is not a parameter of controls\/parameters\.yaml/);
    expectUserError(() => parseCapabilities(capsText.replace('lockout-threshold-max: 3', 'lockout-threshold-max: three'), F, known, parameterDefs), F, /^\/models\/0\/parameters\/lockout-threshold-max$/, /must be a number/);
    // approved-inbound-ports fills no ODP (its basis says why): it cannot be a set-parameter.
    expectUserError(() => parseCapabilities(capsText.replace('lockout-threshold-max: 3', "approved-inbound-ports: ['104']"), F, known, parameterDefs), F, /^\/models\/0\/parameters\/approved-inbound-ports$/, /fills no SP 800-53 ODP/);
  });
  it('no vendor', () => {
    expectUserError(() => parseCapabilities('models: []\n', F, known), F, /^\/vendor$/, /"vendor" is required/);
  });
});

describe('a capability file whose path holds a secret', () => {
  it('is refused before anything is written (the document cites the file by its path), the message masking it', () => {
    const secret = 'Zq7vWinter2026';
    writeFileSync(join(dir, `caps secret=${secret}.yaml`), capsText);
    const r = cli(['--model', 'Magnara Vida 3T', '--capabilities', `caps secret=${secret}.yaml`, '--out', 'secret-caps.json', '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the path given to --capabilities holds what reads as a secret/);
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(existsSync(join(dir, 'secret-caps.json'))).toBe(false);
  });
});
