// The built binary, run as a user would: exit codes, messages, nothing half-written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itWithShared, sharedPath } from './support/shared.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
let dir: string;

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sample = JSON.parse(readFileSync(join(root, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8'));
function writeSnap(name: string, value: unknown): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return p;
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build" (npm test does it)');
  dir = mkdtempSync(join(tmpdir(), 'ato-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('basics', () => {
  it('--version prints the package version', () => {
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('every command has --help with a worked example', () => {
    for (const cmd of [[], ['assess'], ['checks'], ['ingest'], ['verify'], ['validate'], ['schema', 'fetch']]) {
      const r = cli([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Example:\n\s+\$ ato-evidence /);
    }
  });

  it('usage errors exit 2', () => {
    expect(cli(['assess', 'samples']).code).toBe(2); // no --out
    expect(cli(['assess', '--bogus']).code).toBe(2);
    expect(cli(['assess', 'x', '--out', 'y', '--baseline', 'extreme']).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['schema']).code).toBe(2); // a command group without its subcommand
    expect(cli(['schema', 'fetch', '--version', '9.9.9']).code).toBe(2);
  });

  it('checks lists the catalog as a table and as JSON', () => {
    const table = cli(['checks']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^LOCKOUT-THRESHOLD\s+access\s+CAT II\s+ac-7/m);
    const json = JSON.parse(cli(['checks', '--json']).stdout);
    expect(json.count).toBeGreaterThanOrEqual(45);
    expect(json.checks.find((c: { id: string }) => c.id === 'LOCKOUT-THRESHOLD')).toMatchObject({ controls: ['ac-7'], objectives: ['ac-7_obj.a'], notApplicable: 'not-shown', method: 'EXAMINE' });
    expect(json.checks.find((c: { id: string }) => c.id === 'LOCKOUT-THRESHOLD-LDAP').notApplicable).toBe('satisfies');
    const params = cli(['checks', '--params']);
    expect(params.stdout).toMatch(/^lockout-threshold-max\s+3\s+ac-07_odp\.01/m);
    // A parameter with no default (null or an empty list) reads as every report states it.
    expect(params.stdout).toMatch(/^reviewed-directory-groups\s+\(not defined by the organisation\)\s+Directory groups/m);
    expect(params.stdout).toMatch(/^authoritative-time-sources\s+\(not defined by the organisation\)\s+sc-45\.01_odp\.02/m);
  });

  it('checks states the values of a params file as assess does, and says which values it shows', () => {
    writeFileSync(join(dir, 'org-params.json'), JSON.stringify({ 'lockout-threshold-max': 10 }));
    const table = cli(['checks', '--params', 'org-params.json']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^LOCKOUT-THRESHOLD\s+.*at most 10 bad logon attempts/m);
    expect(table.stdout).toMatch(/Titles state the parameter values of org-params\.json/);
    expect(cli(['checks']).stdout).toMatch(/Titles state the default parameter values/);
    const json = JSON.parse(cli(['checks', '--json', '--params', 'org-params.json']).stdout);
    const lockout = json.checks.find((c: { id: string }) => c.id === 'LOCKOUT-THRESHOLD');
    expect(json.valuesFrom).toBe('params file org-params.json');
    expect(lockout.title).toMatch(/at most 10 bad logon/);
    expect(lockout.description).toMatch(/organisation's maximum \(10\)/);
    expect(JSON.parse(cli(['checks', '--json']).stdout).valuesFrom).toBe('defaults');
    // A params file that does not fit is refused as assess refuses it.
    writeFileSync(join(dir, 'bad-params.json'), JSON.stringify({ 'lockout-threshold-max': 'many' }));
    const bad = cli(['checks', '--params', 'bad-params.json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad-params\.json/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('assess', () => {
  it('writes the package, a human summary on stderr, and --json on stdout only', () => {
    const r = cli(['assess', join(root, 'samples'), '--out', 'pkg', '--deviations', join(root, 'samples/deviations.csv'), '--now', '2026-11-02T18:00:00Z', '--json']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.summary.devices).toBe(5);
    expect(summary.summary.evidence).toEqual({ maxAgeDays: 30, staleDevices: ['US-01'], lapsedPasses: 1 });
    // ac-7: the lockout checks show both its objectives (a, b), so none is left to the assessor.
    expect(summary.controls.find((c: { control: string }) => c.control === 'ac-7')).toEqual({ control: 'ac-7', state: 'not-satisfied', failingDevices: ['CT-01', 'LAB-01'], objectivesLeft: [] });
    // au-9: nothing fails, but AUDIT-LOG-PERMISSIONS was not collected on LAB-01 (no event-log ACLs in its
    // collection) and US-01 is stale: not satisfied, and au-9 b (alerts on tampering) still named for the assessor.
    expect(summary.controls.find((c: { control: string }) => c.control === 'au-9')).toEqual({ control: 'au-9', state: 'not-satisfied', failingDevices: [], objectivesLeft: ['au-9_obj.b'] });
    // Without attestations, no control is partially assessed: every technical control has a not-collected check on the stale US-01.
    expect(summary.partialControls).toEqual([]);
    expect(summary.summary.controls.partial).toBe(0);
    expect(readdirSync(join(dir, 'pkg')).sort()).toEqual(['assessment-plan.json', 'assessment-results.json', 'evidence', 'evidence-package.pdf', 'manifest.json', 'poam.json', 'results.csv', 'ssp.json']);
    expect(r.stdout).not.toContain('\u001b[');

    const human = cli(['assess', join(root, 'samples'), '--out', 'pkg-h', '--now', '2026-11-02T18:00:00Z']);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/Evidence at 2026-11-02T18:00:00Z: 1 device\(s\) with stale evidence \(older than 30 days: US-01\): their passes are not collected; 1 pass\(es\) lapsed/);
    expect(human.stderr).toMatch(/Assessed 5 device\(s\)/);
    expect(human.stderr).toMatch(/Controls: \d+ assessed( \([^)]*\))?: \d+ satisfied, \d+ not satisfied( \(\d+ of them only because of approved deviations\))?, 0 partially assessed; \d+ controls need manual assessment/);
    // The controls a check cites outside the MODERATE baseline are named apart, as the AR counts them
    // (in-baseline = no), and the baseline's own total stated: assessed + manual is not its size.
    const arH = JSON.parse(readFileSync(join(dir, 'pkg-h/assessment-results.json'), 'utf8'))['assessment-results'].results[0];
    const inBaselineOf = (f: { props?: Array<{ name: string; value: string }> }) => f.props?.find((p) => p.name === 'in-baseline')?.value;
    const outsideH = arH.findings.filter((f: never) => inBaselineOf(f) === 'no').length;
    const insideH = arH.findings.filter((f: never) => inBaselineOf(f) === 'yes').length;
    const manualH = arH['reviewed-controls']['control-selections'].find((x: { description: string }) => /need manual assessment/.test(x.description))['include-controls'].length;
    expect(outsideH).toBeGreaterThan(0);
    expect(human.stderr).toContain(`Controls: ${insideH + outsideH} assessed (${insideH} in the MODERATE baseline + ${outsideH} outside it, cited by checks): `);
    expect(human.stderr).toContain(`; ${manualH} controls need manual assessment (${insideH + manualH} in the MODERATE baseline in all)\n`);
    expect(human.stderr).toMatch(/Wrote pkg-h\/: assessment-results\.json, assessment-plan\.json, ssp\.json, poam\.json, results\.csv, evidence-package\.pdf, manifest\.json and 5 evidence file\(s\)/);
  });

  it('refuses to overwrite a package without --force, and replaces it with --force', () => {
    const again = cli(['assess', join(root, 'samples'), '--out', 'pkg', '--now', '2026-11-28T00:00:00Z']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/pkg: already exists and is not empty; choose another --out or pass --force/);
    const forced = cli(['assess', join(root, 'samples'), '--out', 'pkg', '--now', '2026-11-28T00:00:00Z', '--force']);
    expect(forced.code).toBe(0);
  });
});

describe('the sealed package', () => {
  it('verify passes on a fresh package and names each changed, missing and added file after tampering', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, 'sign.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'sign.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    const made = cli(['assess', join(root, 'samples'), '--out', 'sealed', '--now', '2026-11-28T00:00:00Z', '--sign-key', 'sign.pem']);
    expect(made.code).toBe(0);
    const ok = cli(['verify', 'sealed', '--public-key', 'sign.pub.pem']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^intact: 11 files, package digest [0-9a-f]{64} \(evidence-package\.pdf carries [0-9a-f]{64}, read from the PDF: the digest of the other files\); signature valid/);
    const ev = readdirSync(join(dir, 'sealed/evidence'))[0]!;
    writeFileSync(join(dir, 'sealed/evidence', ev), readFileSync(join(dir, 'sealed/evidence', ev), 'utf8').replace('"collectedAt"', ' "collectedAt"'));
    rmSync(join(dir, 'sealed/assessment-plan.json'));
    writeFileSync(join(dir, 'sealed/notes.txt'), 'added later');
    const bad = cli(['verify', 'sealed', '--public-key', 'sign.pub.pem']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`changed: sealed/evidence/${ev.replace('.', '\\.')}`));
    expect(bad.stderr).toMatch(/missing: sealed\/assessment-plan\.json/);
    expect(bad.stderr).toMatch(/unexpected: sealed\/notes\.txt/);
  });

  it('a bad signing key stops assess before any work, with nothing written', () => {
    writeFileSync(join(dir, 'not-a-key.pem'), 'hello');
    const r = cli(['assess', join(root, 'samples'), '--out', 'never', '--sign-key', 'not-a-key.pem']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not-a-key\.pem/);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('a signing key file holding two private keys stops assess, naming the file, with nothing written', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(join(dir, 'two-keys.pem'), pem() + pem());
    const r = cli(['assess', join(root, 'samples'), '--out', 'never2', '--sign-key', 'two-keys.pem']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/two-keys\.pem: holds 2 private keys/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'never2'))).toBe(false);
  });
});

describe('validate', () => {
  const schema = sharedPath('oscal', 'schema', 'oscal_complete_schema-1.1.3.json');
  itWithShared('our own package is valid; a broken copy is named with its pointer', () => {
    const made = cli(['assess', join(root, 'samples'), '--out', 'tovalidate', '--no-pdf', '--now', '2026-11-28T00:00:00Z']);
    expect(made.code).toBe(0);
    const env = { ATO_EVIDENCE_CACHE: join(dir, 'cache') };
    const ok = cli(['validate', 'tovalidate/assessment-results.json', 'tovalidate/assessment-plan.json', '--schema', schema], env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const ar = JSON.parse(readFileSync(join(dir, 'tovalidate/assessment-results.json'), 'utf8'));
    delete ar['assessment-results'].results[0].observations[0].methods;
    writeFileSync(join(dir, 'tovalidate/broken.json'), JSON.stringify(ar));
    const bad = cli(['validate', 'tovalidate/broken.json', '--schema', schema, '--no-file-checks'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/tovalidate\/broken\.json.*\/assessment-results\/results\/0\/observations\/0.*methods/);
  });
});

describe('bad input: exit 1, one clear message naming the file and place, nothing written', () => {
  const cases: Array<[string, () => string[], RegExp]> = [
    ['malformed JSON', () => [writeSnap('bad/syntax.json', '{"schemaVersion": "1.0",\n  "device": {"id": "X"\n')], /bad\/syntax\.json at line \d+, column \d+: not valid JSON/],
    ['a wrong type', () => [writeSnap('bad/type.json', { ...sample, access: { ...sample.access, lockoutPolicy: { local: { threshold: 'three' } } } })], /bad\/type\.json at \/access\/lockoutPolicy\/local\/threshold: must be integer/],
    ['an unknown schemaVersion', () => [writeSnap('bad/version.json', { ...sample, schemaVersion: '9.0' })], /bad\/version\.json at \/schemaVersion: unknown schemaVersion "9\.0"/],
    ['a missing device id', () => [writeSnap('bad/noid.json', { ...sample, device: { model: 'x' } })], /bad\/noid\.json at \/device\/id: missing device id/],
    ['two snapshots of the same device and time', () => [writeSnap('dup/a.json', sample), writeSnap('dup/b.json', sample)], /two snapshots of device MR-02 collected at the same time .*dup\/a\.json and .*dup\/b\.json/],
    ['an empty folder', () => { mkdirSync(join(dir, 'empty'), { recursive: true }); return ['empty']; }, /empty: contains no snapshot/],
    ['a file that does not exist', () => ['missing.json'], /missing\.json: no such file or folder/],
    ['a dangling link', () => { symlinkSync(join(dir, 'nowhere.json'), join(dir, 'dangling.json')); return ['dangling.json']; }, /dangling\.json: is a dangling symbolic link \(to .*nowhere\.json, which does not exist\)/],
    ['an unknown check in the deviations file', () => [writeSnap('dev/ok.json', sample), '--deviations', writeSnap('dev.csv', 'check_id,device_id,justification,approver,expires\nNO-SUCH-CHECK,MR-02,j,a,2027-01-01\n')], /dev\.csv at line 2: unknown check id "NO-SUCH-CHECK"/],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const out = `out-${Math.random().toString(36).slice(2)}`;
    const r = cli(['assess', ...args(), '--out', out, '--now', '2026-11-28T00:00:00Z']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(dir, out))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
