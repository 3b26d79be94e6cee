// `validate`: NIST's schema (cached generated validator) + the producer rules, on the project's own
// output, on NIST's examples, on broken documents; the cache; the command's exit codes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { validateCommand } from '../src/cli/validate.js';
import { cacheFileFor, defaultCacheDir, loadSchemaValidator, type LoadedValidator } from '../src/validate/cache.js';
import { validateFile, type ValidationProblem } from '../src/validate/document.js';
import { describeWithShared, examplesDir, schemaFile } from './support/oscal-schema.js';
import { NIST_EXAMPLE_FLAWS } from './support/nist-examples.js';
import { rev5 } from './support/shared.js';

const root = new URL('..', import.meta.url).pathname;
type Json = Record<string, any>;
const VERSIONS = ['1.1.3', '1.2.2'] as const;

let dir: string;
let cacheDir: string;
const validators = new Map<string, LoadedValidator>();
const index = loadControlIndex();

function v(version: (typeof VERSIONS)[number]): LoadedValidator {
  return validators.get(version)!;
}
function brief(ps: ValidationProblem[]): [string, string][] {
  return ps.map((p) => [p.code, p.pointer]);
}
function writeDoc(name: string, doc: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(doc, null, 2));
  return f;
}

describeWithShared('validate', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ato-validate-'));
    cacheDir = join(dir, 'cache');
    for (const version of VERSIONS) validators.set(version, await loadSchemaValidator(schemaFile(version), { cacheDir }));
    await runAssess({
      inputs: [join(root, 'samples')],
      out: join(dir, 'pkg'),
      force: false,
      baseline: 'moderate',
      now: '2026-11-28T12:00:00Z',
      toolVersion: 'test',
      deviations: join(root, 'samples/deviations.csv'),
      attestations: join(root, 'samples/attestations.yaml'),
      system: join(root, 'samples/system.yaml'),
      pdf: false,
    });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates one cached module per schema, named by its SHA-256, and knows its version', () => {
    expect(v('1.1.3').source).toBe('generated');
    expect(v('1.1.3').oscalVersion).toBe('1.1.3');
    expect(v('1.2.2').oscalVersion).toBe('1.2.2');
    const sha = v('1.2.2').schemaSha256;
    expect(v('1.2.2').cacheFile).toBe(cacheFileFor(sha, cacheDir));
    expect(v('1.2.2').cacheFile).toContain(sha);
  });

  const EMITTED = ['assessment-results.json', 'assessment-plan.json', 'ssp.json', 'poam.json'];
  it('every emitted OSCAL document (AR, AP, SSP, POA&M) is clean under 1.1.3', () => {
    for (const name of EMITTED) {
      expect(validateFile(join(dir, 'pkg', name), v('1.1.3'), { controlIndex: index })).toEqual([]);
    }
  });

  it('the emitted documents (OSCAL 1.1.3) are valid under 1.2.2 too: the older version is a note, not a problem', () => {
    for (const name of EMITTED) {
      const r = Object.keys(JSON.parse(readFileSync(join(dir, 'pkg', name), 'utf8')))[0]!;
      const found = validateFile(join(dir, 'pkg', name), v('1.2.2'), { controlIndex: index });
      expect(found.map((p) => [p.kind, p.code, p.pointer])).toEqual([['note', 'oscal-version', `/${r}/metadata/oscal-version`]]);
      expect(found[0]!.message).toMatch(/older than the OSCAL 1\.2\.2 schema .* a note, not a problem/);
    }
  });

  it('a document newer than the schema (1.2.2 under 1.1.3) is a real problem', () => {
    const doc = JSON.parse(readFileSync(join(dir, 'pkg', 'ssp.json'), 'utf8')) as Json;
    doc['system-security-plan'].metadata['oscal-version'] = '1.2.2';
    const f = join(dir, 'pkg', 'v122-ssp.json'); // beside the original: its rlinks still resolve
    writeFileSync(f, JSON.stringify(doc));
    const found = validateFile(f, v('1.1.3'), { controlIndex: index });
    expect(found.map((p) => [p.kind, p.code])).toEqual([['rule', 'oscal-version']]);
    expect(found[0]!.message).toMatch(/newer than the OSCAL 1\.1\.3 schema/);
    expect(validateFile(f, v('1.2.2'), { controlIndex: index })).toEqual([]);
    rmSync(f);
  });

  it('a relative rlink that does not match its file is reported', () => {
    const doc = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8')) as Json;
    const res = (doc['assessment-results']['back-matter']?.resources ?? []) as Json[];
    const withFile = res.find((r) => r.rlinks?.some((l: Json) => !String(l.href).startsWith('#') && l.hashes));
    expect(withFile).toBeDefined();
    const f = join(dir, 'pkg', 'tampered.json');
    const link = withFile!.rlinks.find((l: Json) => l.hashes);
    link.hashes[0].value = '0'.repeat(64);
    writeFileSync(f, JSON.stringify(doc));
    expect(validateFile(f, v('1.1.3'), { controlIndex: index }).map((p) => p.code)).toEqual(['file-hash-mismatch']);
    rmSync(f);
  });

  // NIST's examples declare OSCAL 1.1.2: under either schema that is a note, never a problem.
  // The problems are exactly the known flaws: the plan's dangling activity-uuid, the POA&M's risk
  // that points at a mitigating factor, the component definition's duplicate uuid.
  const EXPECTED = NIST_EXAMPLE_FLAWS;
  for (const version of VERSIONS) {
    for (const [name, expected] of Object.entries(EXPECTED)) {
      it(`NIST's ${name} under ${version}: the known flaws and nothing else; the version is a note`, () => {
        // checkFiles: their relative rlinks name files of NIST's repository layout, not copied to ../shared.
        const found = validateFile(join(examplesDir, name), v(version), { controlIndex: index, checkFiles: false });
        const doc = JSON.parse(readFileSync(join(examplesDir, name), 'utf8')) as Json;
        const root = Object.keys(doc).find((k) => k !== '$schema')!;
        expect(doc[root].metadata['oscal-version']).toBe('1.1.2');
        expect(brief(found.filter((p) => p.kind !== 'note'))).toEqual(expected);
        expect(brief(found.filter((p) => p.kind === 'note'))).toEqual([['oscal-version', `/${root}/metadata/oscal-version`]]);
      });
    }
  }

  it("with file checks, the examples' relative rlinks to NIST's repository (absent here) are reported as missing", () => {
    const ps = validateFile(join(examplesDir, 'ssp-example.json'), v('1.1.3'), { controlIndex: index });
    expect(ps.filter((p) => p.code === 'file-missing').map((p) => p.pointer)).toEqual([0, 1, 2].map((i) => `/system-security-plan/back-matter/resources/0/rlinks/${i}/href`));
  });

  it('the POA&M flaw says the risk-uuid points at a mitigating factor', () => {
    const ps = validateFile(join(examplesDir, 'ifa_plan-of-action-and-milestones.json'), v('1.1.3'), { controlIndex: index });
    expect(ps.find((p) => p.code === 'ref-wrong-kind')!.message).toContain('mitigating-factor');
  });

  it('schema errors are plain sentences with their pointer', () => {
    const doc = JSON.parse(readFileSync(join(dir, 'pkg', 'assessment-results.json'), 'utf8')) as Json;
    const obs = doc['assessment-results'].results[0].observations[0];
    delete obs.methods;
    obs.uuid = 'not-a-uuid';
    doc['assessment-results'].results[0].start = '2026-11-28 12:00';
    const ps = validateFile(writeDoc('broken.json', doc), v('1.1.3'), { controlIndex: index }).filter((p) => p.kind === 'schema');
    const O = '/assessment-results/results/0/observations/0';
    expect(ps).toEqual(expect.arrayContaining([
      expect.objectContaining({ pointer: O, message: "must have required property 'methods'" }),
      expect.objectContaining({ pointer: `${O}/uuid`, message: 'must be a version 4 or 5 UUID' }),
      expect.objectContaining({ pointer: '/assessment-results/results/0/start', message: 'must be an RFC 3339 date-time with a timezone' }),
    ]));
    for (const p of ps) {
      expect(p.message.length).toBeLessThan(200);
      expect(p.message).not.toMatch(/oneOf|anyOf|\^\(/);
    }
  });

  it('an unknown root is one problem, not a schema dump', () => {
    const ps = validateFile(writeDoc('odd.json', { 'assessment-result': {} }), v('1.1.3'));
    expect(ps).toHaveLength(1);
    expect(ps[0]!.message).toContain('exactly one root of assessment-results');
  });

  it('a second load imports the cached module without regenerating it', async () => {
    const file = v('1.1.3').cacheFile!;
    const before = statSync(file).mtimeMs;
    const again = await loadSchemaValidator(schemaFile('1.1.3'), { cacheDir });
    expect(again.source).toBe('cache');
    expect(again.cacheFile).toBe(file);
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it('the cached module works from another working directory, in a fresh process', () => {
    const other = mkdtempSync(join(tmpdir(), 'ato-validate-cwd-'));
    try {
      const script = join(other, 'probe.mjs');
      const file = v('1.1.3').cacheFile!;
      // Import the cached module directly (no TypeScript needed): it must resolve ajv's runtime itself.
      writeFileSync(script, `const m = await import(${JSON.stringify(pathToFileURL(file).href)});
const ok = m.assessment_results({});
console.log(JSON.stringify({ version: m.oscalVersion, ok, n: m.assessment_results.errors.length }));`);
      const out = execFileSync(process.execPath, [script], { cwd: other, encoding: 'utf8' });
      const r = JSON.parse(out) as { version: string; ok: boolean; n: number };
      expect(r.version).toBe('1.1.3');
      expect(r.ok).toBe(false);
      expect(r.n).toBeGreaterThan(0);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a damaged cache entry is regenerated', async () => {
    const other = join(dir, 'cache2');
    const file = cacheFileFor(v('1.1.3').schemaSha256, other);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, 'export const nothing = 1;\n');
    const second = await loadSchemaValidator(schemaFile('1.1.3'), { cacheDir: other });
    expect(second.source).toBe('generated');
    expect(second.validate({ 'assessment-results': {} }).length).toBeGreaterThan(0);
  }, 30_000);

  it('the cache folder: ATO_EVIDENCE_CACHE, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(defaultCacheDir({ ATO_EVIDENCE_CACHE: '/x/c', XDG_CACHE_HOME: '/y' })).toBe('/x/c');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/y' })).toBe('/y/ato-evidence');
    expect(defaultCacheDir({})).toMatch(/\.cache\/ato-evidence$/);
  });

  describeWithShared('validateCommand', () => {
    let out: string[];
    let err: string[];
    const saved = process.env.ATO_EVIDENCE_CACHE;
    beforeAll(() => {
      process.env.ATO_EVIDENCE_CACHE = cacheDir;
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.ATO_EVIDENCE_CACHE;
      else process.env.ATO_EVIDENCE_CACHE = saved;
    });
    async function run(files: string[], o: Record<string, unknown>): Promise<number> {
      out = [];
      err = [];
      const so = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
      const se = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
      try {
        return await validateCommand(files, o);
      } finally {
        so.mockRestore();
        se.mockRestore();
      }
    }

    it('exit 0 on a clean document', async () => {
      expect(await run([join(dir, 'pkg', 'assessment-results.json')], { schema: schemaFile('1.1.3') })).toBe(0);
      expect(out.join('')).toContain('valid: 1 document(s) against OSCAL 1.1.3');
    });

    it('exit 1 with problems, each line naming the file and pointer', async () => {
      const f = join(examplesDir, 'ifa_plan-of-action-and-milestones.json');
      expect(await run([f], { schema: schemaFile('1.1.3') })).toBe(1);
      const text = err.join('');
      expect(text).toContain('ref-wrong-kind:');
      expect(text).toContain('ifa_plan-of-action-and-milestones.json: /plan-of-action-and-milestones/poam-items/0/related-risks/0/risk-uuid');
    });

    it('--json lists the problems on stdout', async () => {
      const f = join(examplesDir, 'example-component-definition.json');
      expect(await run([f], { schema: schemaFile('1.2.2'), json: true, fileChecks: false })).toBe(1);
      const r = JSON.parse(out.join('')) as { ok: boolean; schema: { oscalVersion: string }; problems: ValidationProblem[]; notes: ValidationProblem[] };
      expect(r.ok).toBe(false);
      expect(r.schema.oscalVersion).toBe('1.2.2');
      expect(r.problems.map((p) => p.code)).toEqual(['duplicate-uuid']);
      expect(r.problems[0]!.file).toBe(f);
      expect(r.notes.map((p) => [p.kind, p.code])).toEqual([['note', 'oscal-version']]);
    });

    it('a note alone exits 0 and is printed as a note', async () => {
      const f = join(examplesDir, 'ifa_assessment-results-example.json');
      expect(await run([f], { schema: schemaFile('1.1.3'), fileChecks: false })).toBe(0);
      expect(err.join('')).toMatch(/^note: .*ifa_assessment-results-example\.json: \/assessment-results\/metadata\/oscal-version oscal-version is "1\.1\.2", older than the OSCAL 1\.1\.3 schema/m);
      expect(out.join('')).toContain('valid: 1 document(s) against OSCAL 1.1.3');
    });

    it('--catalog takes control ids from a catalog file', async () => {
      const cat = rev5.resolved('LOW');
      const code = await run([join(dir, 'pkg', 'assessment-results.json')], { schema: schemaFile('1.1.3'), catalog: cat, json: true });
      const r = JSON.parse(out.join('')) as { problems: ValidationProblem[] };
      // The moderate-baseline results cite controls that the LOW catalog does not have.
      expect(code).toBe(1);
      expect(r.problems.length).toBeGreaterThan(0);
      for (const p of r.problems) expect(['control-id-unknown', 'target-id-unknown']).toContain(p.code);
    });

    it('--profile checks control ids against the tailored baseline: what it excludes is reported, what its alters add is known', async () => {
      const profile = join(root, 'test/fixtures/profiles/org-moderate-tailored.json');
      const cat = join(root, '..', 'shared', 'oscal', 'nist-800-53-rev5', 'NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json');
      const ssp = JSON.parse(readFileSync(join(dir, 'pkg', 'ssp.json'), 'utf8')) as Json;
      const reqs = ssp['system-security-plan']['control-implementation']['implemented-requirements'] as Json[];
      // ac-8_smt.org is the part the profile's alter adds to ac-8; ac-8_smt.zz exists nowhere.
      const ac8 = reqs.find((r) => r['control-id'] === 'ac-8')!;
      ac8.statements = [
        { 'statement-id': 'ac-8_smt.org', uuid: '0b7d3c52-3f0e-4a8e-9a51-6a3f4c1d2e01', 'by-components': [{ 'component-uuid': ac8['by-components'][0]['component-uuid'], uuid: '0b7d3c52-3f0e-4a8e-9a51-6a3f4c1d2e02', description: 'The banner is on the acquisition screen.' }] },
        { 'statement-id': 'ac-8_smt.zz', uuid: '0b7d3c52-3f0e-4a8e-9a51-6a3f4c1d2e03', 'by-components': [{ 'component-uuid': ac8['by-components'][0]['component-uuid'], uuid: '0b7d3c52-3f0e-4a8e-9a51-6a3f4c1d2e04', description: 'No such statement.' }] },
      ];
      const f = writeDoc('tailored-ssp.json', ssp);
      expect(await run([f], { schema: schemaFile('1.1.3'), profile, catalog: cat, json: true, fileChecks: false })).toBe(1);
      const r = JSON.parse(out.join('')) as { controls: { label: string }; problems: ValidationProblem[] };
      expect(r.controls.label).toBe(`profile ${profile}`);
      const unknown = r.problems.filter((p) => p.code === 'control-id-unknown').map((p) => reqs[Number(/implemented-requirements\/(\d+)\//.exec(p.pointer)![1])]!['control-id']);
      // The tailoring excludes pe-17, at-2.3 and sc-28.1; sc-45.1 is in no NIST baseline at all.
      expect(unknown).toEqual(expect.arrayContaining(['pe-17', 'sc-28.1', 'sc-45.1']));
      expect(unknown).not.toContain('ac-8');
      expect(unknown).not.toContain('ac-6.7'); // added with ac-6's children
      const statements = r.problems.filter((p) => p.code === 'target-id-unknown');
      expect(statements).toHaveLength(1);
      expect(statements[0]!.message).toMatch(/^statement-id "ac-8_smt\.zz" is not a statement of ac-8 in /);
      // Without --profile, the bundled index knows no statement ids: only the controls are checked.
      expect(await run([f], { schema: schemaFile('1.1.3'), json: true, fileChecks: false })).toBe(0);
    });

    it('--catalog checks statement and objective ids against the catalog\'s parts', async () => {
      const cat = join(root, '..', 'shared', 'oscal', 'nist-800-53-rev5', 'NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json');
      const ar = JSON.parse(readFileSync(join(examplesDir, 'ifa_assessment-results-example.json'), 'utf8')) as Json;
      const finding = (ar['assessment-results'].results[0].findings as Json[])[0]!;
      const original = finding.target['target-id'];
      finding.target = { ...finding.target, type: 'objective-id', 'target-id': 'ac-7_obj.z' };
      const f = writeDoc('bad-objective.json', ar);
      expect(await run([f], { schema: schemaFile('1.1.3'), catalog: cat, json: true, fileChecks: false })).toBe(1);
      const r = JSON.parse(out.join('')) as { problems: ValidationProblem[] };
      expect(r.problems.map((p) => [p.code, p.pointer])).toEqual([['target-id-unknown', '/assessment-results/results/0/findings/0/target/target-id']]);
      expect(r.problems[0]!.message).toMatch(/"ac-7_obj\.z" is not an assessment objective of ac-7/);
      finding.target['target-id'] = 'ac-7_obj.a';
      writeDoc('bad-objective.json', ar);
      expect(await run([f], { schema: schemaFile('1.1.3'), catalog: cat, json: true, fileChecks: false }), `was ${original}`).toBe(0);
    });

    it('exit 2 without --schema or without files; a missing document is a problem naming it', async () => {
      expect(await run([join(dir, 'pkg', 'assessment-results.json')], {})).toBe(2);
      expect(err.join('')).toContain('--schema');
      expect(await run([], { schema: schemaFile('1.1.3') })).toBe(2);
      expect(await run([join(dir, 'nope.json')], { schema: schemaFile('1.1.3') })).toBe(1);
      expect(err.join('')).toContain('nope.json');
      expect(await run([join(dir, 'pkg', 'assessment-results.json')], { schema: join(dir, 'no-schema.json') })).toBe(2);
      expect(err.join('')).toContain('no-schema.json');
    });
  });
});
