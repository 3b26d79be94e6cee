// Two builds of the same version can judge differently: here build B bundles a check catalog whose
// lockout threshold is stricter (controls/parameters.yaml: lockout-threshold-max 2 instead of 3).
// A package records the rules it was judged with (src/assess/rules-digest.ts: the AR's metadata
// prop `rules-digest`, the sealed manifest's `rulesDigest`), and `diff`, which evaluates both
// sides again with its own rules, says a side was judged by other rules even when the version
// string is the same; the evidence PDF prints the same digest. A package made before the digest was recorded is compared by version alone.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Drift } from '../src/drift/types.js';
import { pdfPageTexts } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;
const binA = join(root, 'dist/cli/main.js');
const VERSION = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const CT01 = join(root, 'samples', 'CT-01', 'CT-01_2026-11-02.json');
let dir: string;
let binB: string;

function cli(bin: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** The AR's metadata props by name, the CSV status of a check on CT-01, and the sealed manifest. */
function packageFacts(out: string) {
  const ar = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'));
  const props = ar['assessment-results'].metadata.props as Array<{ name: string; ns?: string; value: string }>;
  const csv = readFileSync(join(out, 'results.csv'), 'utf8').split('\n');
  const lockout = csv.find((l) => l.startsWith('CT-01,') && l.split(',')[2] === 'LOCKOUT-THRESHOLD')?.split(',')[3];
  return {
    generator: props.find((p) => p.name === 'generator')?.value,
    rules: props.find((p) => p.name === 'rules-digest' && p.ns === 'https://ato-evidence.dev/ns/oscal')?.value,
    manifestRules: (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { rulesDigest?: string }).rulesDigest,
    lockout,
  };
}

function diff(bin: string, oldDir: string, newDir: string, out: string) {
  cli(bin, ['diff', oldDir, newDir, '--out', join(dir, out), '--now', '2026-11-03T00:00:00Z']);
  return {
    json: JSON.parse(readFileSync(join(dir, out, 'drift.json'), 'utf8')) as Drift,
    md: readFileSync(join(dir, out, 'drift.md'), 'utf8'),
    pdf: join(dir, out, 'monitoring-report.pdf'),
  };
}

beforeAll(() => {
  if (!existsSync(binA)) throw new Error(`${binA} is missing: run "npm run build" (npm test does it)`);
  dir = mkdtempSync(join(tmpdir(), 'ato-rules-digest-'));
  // Build B: this build's files, with one threshold of the bundled catalog changed.
  const b = join(dir, 'build-b');
  for (const part of ['dist', 'controls', 'templates', 'schema', 'package.json']) cpSync(join(root, part), join(b, part), { recursive: true });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(b, 'node_modules'));
  const params = join(b, 'controls', 'parameters.yaml');
  const text = readFileSync(params, 'utf8');
  const changed = text.replace(/(- id: lockout-threshold-max\n(?:  .*\n)*?  default: )3\n/, '$12\n');
  expect(changed).not.toBe(text);
  writeFileSync(params, changed);
  binB = join(b, 'dist/cli/main.js');
  cli(binA, ['assess', CT01, '--out', join(dir, 'pkg-a'), '--now', '2026-11-02T18:00:00Z']);
  cli(binB, ['assess', CT01, '--out', join(dir, 'pkg-b'), '--now', '2026-11-02T18:00:00Z']);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('two builds of one version with different catalogs', () => {
  it('premise: same version string, different verdicts; each package records its own rules digest, the same in its AR and its manifest', () => {
    const a = packageFacts(join(dir, 'pkg-a'));
    const b = packageFacts(join(dir, 'pkg-b'));
    expect(a.generator).toBe(`ato-evidence ${VERSION}`);
    expect(b.generator).toBe(a.generator);
    expect(a.lockout).toBe('pass');
    expect(b.lockout).toBe('fail');
    expect(a.rules).toMatch(/^[0-9a-f]{64}$/);
    expect(b.rules).toMatch(/^[0-9a-f]{64}$/);
    expect(b.rules).not.toBe(a.rules);
    expect(a.manifestRules).toBe(a.rules);
    expect(b.manifestRules).toBe(b.rules);
  });

  it('the evidence PDF gives the digest its AR and manifest record', async () => {
    for (const pkg of ['pkg-a', 'pkg-b']) {
      const text = (await pdfPageTexts(join(dir, pkg, 'evidence-package.pdf'))).join(' ');
      const rules = packageFacts(join(dir, pkg)).rules!;
      expect(text, pkg).toContain(rules);
      expect(text, pkg).toContain('Rules digest: the version, configuration');
    }
  }, 120_000);

  it('diff by build A says NEW (made by build B) was judged by other rules, in drift.json, drift.md and the PDF', async () => {
    const a = packageFacts(join(dir, 'pkg-a')).rules!;
    const b = packageFacts(join(dir, 'pkg-b')).rules!;
    const r = diff(binA, join(dir, 'pkg-a'), join(dir, 'pkg-b'), 'by-a');
    expect(r.json.old.reassessed).toBeUndefined();
    expect(r.json.new.reassessed).toEqual({ rules: { recorded: b, current: a } });
    expect(r.md).toContain(`**Rules changed since the new run.** It was recorded with other rules (the checks, parameters, deviations, catalog or profile given, or the reference data bundled in controls/: rules digest \`${b}\`, this run's \`${a}\`).`);
    expect(r.md).not.toContain('Rules changed since the old run');
    const text = (await pdfPageTexts(r.pdf)).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('Rules changed since the new run: it was recorded with other rules');
  }, 120_000);

  it('diff by build B says it of OLD (made by build A)', () => {
    const a = packageFacts(join(dir, 'pkg-a')).rules!;
    const b = packageFacts(join(dir, 'pkg-b')).rules!;
    const r = diff(binB, join(dir, 'pkg-a'), join(dir, 'pkg-b'), 'by-b');
    expect(r.json.old.reassessed).toEqual({ rules: { recorded: a, current: b } });
    expect(r.json.new.reassessed).toBeUndefined();
    expect(r.md).toContain('**Rules changed since the old run.** It was recorded with other rules');
  }, 120_000);

  it('a package made before the digest was recorded is compared by its version alone (the same version: the same rules assumed)', () => {
    const old = join(dir, 'pkg-b-old');
    cpSync(join(dir, 'pkg-b'), old, { recursive: true });
    const arFile = join(old, 'assessment-results.json');
    const doc = JSON.parse(readFileSync(arFile, 'utf8'));
    const meta = doc['assessment-results'].metadata;
    meta.props = meta.props.filter((p: { name: string }) => p.name !== 'rules-digest');
    writeFileSync(arFile, JSON.stringify(doc));
    rmSync(join(old, 'manifest.json'));
    const r = diff(binA, join(dir, 'pkg-a'), old, 'by-a-old');
    expect(r.json.new.reassessed).toBeUndefined();
    expect(r.md).not.toContain('Rules changed');
  }, 120_000);
});
