// Reports travel (attached to an ATO package, mailed by a scheduler): an input named by its
// absolute path must not put the folders of the machine that ran the assessment into any document
// (io/display-path.ts). The package's files are shown as reports show paths ("fleet/MR-01.json").
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { itWithShared, rev5, sharedProfileFixture } from './support/shared.js';
import { pdfPageTexts } from './support/pdf-text.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/main.js');
const NOW = '2026-11-02T18:00:00Z';
type Json = Record<string, any>;

let dir: string;
let home: string;
const pkg = () => join(dir, 'pkg');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-portable-'));
  // Everything the user names lies under an absolute folder outside the working directory.
  home = join(dir, 'home', 'alice');
  const fleet = join(home, 'fleet');
  mkdirSync(fleet, { recursive: true });
  for (const id of ['MR-01', 'CT-01']) cpSync(join(root, 'samples', id, `${id}_2026-11-02.json`), join(fleet, `${id}.json`));
  writeFileSync(join(fleet, 'XR-01.json'), '{ "device": ');
  for (const f of ['deviations.csv', 'attestations.yaml', 'system.yaml', 'vendor-capabilities.yaml']) cpSync(join(root, 'samples', f), join(home, f));
  cpSync(join(root, 'samples/attestations'), join(home, 'attestations'), { recursive: true });
  writeFileSync(join(home, 'org-params.csv'), 'parameter,value\nlockout-threshold-max,3\n');
  const common = {
    inputs: [fleet], force: false, baseline: 'moderate' as const, now: NOW, toolVersion: 'test', keepGoing: true, warn: () => {},
    deviations: join(home, 'deviations.csv'), attestations: join(home, 'attestations.yaml'), system: join(home, 'system.yaml'), capabilities: join(home, 'vendor-capabilities.yaml'),
    params: join(home, 'org-params.csv'),
  };
  await runAssess({ ...common, out: join(dir, 'first') });
  cpSync(join(dir, 'first/poam.json'), join(home, 'poam-last-month.json'));
  await runAssess({ ...common, out: pkg(), previousPoam: join(home, 'poam-last-month.json') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paths in the package', () => {
  it('no document names the absolute folder of an input', async () => {
    const texts = readdirSync(pkg()).filter((f) => /\.(json|csv)$/.test(f)).map((f) => [f, readFileSync(join(pkg(), f), 'utf8')] as const);
    texts.push(['evidence-package.pdf', (await pdfPageTexts(join(pkg(), 'evidence-package.pdf'))).join('\n')]);
    for (const [f, text] of texts) expect(text.includes(dir), `${f} names ${dir}`).toBe(false);
  });

  it('the evidence resource names the input as reports show paths, and the unreadable input too', () => {
    const ar: Json = JSON.parse(readFileSync(join(pkg(), 'assessment-results.json'), 'utf8'));
    const sourceOf = (id: string) => {
      const r = ar['assessment-results']['back-matter'].resources.find((x: Json) => x.props?.some((p: Json) => p.name === 'device-id' && p.value === id));
      return r.props.find((p: Json) => p.name === 'source-file').value;
    };
    expect(sourceOf('MR-01')).toBe('fleet/MR-01.json');
    expect(sourceOf('XR-01')).toBe('fleet/XR-01.json');
    expect(JSON.stringify(ar)).toContain('the input fleet/XR-01.json could not be read: fleet/XR-01.json at line 1');
  });

  it('diff and the checklist export still read the package (they follow the evidence links, not source-file)', () => {
    const d = spawnSync(process.execPath, [bin, 'diff', join(dir, 'first'), pkg(), '--out', join(dir, 'drift'), '--now', NOW], { encoding: 'utf8' });
    expect(d.status, d.stderr).toBe(0);
    const e = spawnSync(process.execPath, [bin, 'export', 'ckl', pkg(), '--out', join(dir, 'ckl')], { encoding: 'utf8' });
    expect(e.status, e.stderr).toBe(0);
    for (const f of readdirSync(join(dir, 'ckl'))) expect(readFileSync(join(dir, 'ckl', f), 'utf8').includes(dir)).toBe(false);
  });

  itWithShared('a --profile and a --catalog named by absolute paths: the results, SSP and PDF show them portably', async () => {
    const profile = sharedProfileFixture('org-moderate-tailored.json', home);
    cpSync(rev5.resolved('HIGH'), join(home, 'catalog.json'));
    const out = join(dir, 'pkg-profile');
    await runAssess({ inputs: [join(home, 'fleet', 'MR-01.json')], out, force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', profile, catalog: join(home, 'catalog.json'), warn: () => {} });
    const texts = readdirSync(out).filter((f) => /\.(json|csv)$/.test(f)).map((f) => [f, readFileSync(join(out, f), 'utf8')] as const);
    texts.push(['evidence-package.pdf', (await pdfPageTexts(join(out, 'evidence-package.pdf'))).join('\n')]);
    for (const [f, text] of texts) expect(text.includes(dir), `${f} names ${dir}: ${text.slice(Math.max(0, text.indexOf(dir) - 200), text.indexOf(dir) + 100)}`).toBe(false);
    const ar: Json = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'));
    const props = ar['assessment-results'].results[0].props as Json[];
    expect(props.find((p) => p.name === 'profile').value).toMatch(/^org-moderate-tailored\.json /);
    expect(props.find((p) => p.name === 'catalog-source').value).toMatch(/^catalog\.json/);
    const ssp: Json = JSON.parse(readFileSync(join(out, 'ssp.json'), 'utf8'));
    expect(ssp['system-security-plan']['import-profile'].href).toBe('org-moderate-tailored.json');
  });
});
