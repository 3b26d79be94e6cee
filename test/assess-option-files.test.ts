// The AR's back-matter cites every file an assess option named, by the SHA-256 of the bytes the
// run read (so an assessor can tell which params or deviations file was used), by base name only,
// never as evidence; a file holding a masked secret gets no hash. Valid against NIST 1.1.3 and 1.2.2.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OptionFileLog } from '../src/assess/option-files.js';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { describeArsValid } from './support/oscal-schema.js';

const NOW = '2026-11-02T18:00:00Z';
type Json = Record<string, any>;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const ns = (r: Json, name: string) => (r.props as Json[]).find((p) => p.name === name)?.value as string | undefined;
const inputsOf = (ar: Json): Json[] => (ar['assessment-results']['back-matter'].resources as Json[]).filter((r) => ns(r, 'assessment-input') !== undefined);

describe('assess cites the option files it read in the AR back-matter', () => {
  const { dir, cli } = cliScratch('ato-option-files-');
  const written: Json[] = [];
  // A byte-order mark: the hash must be of the bytes read, not of the text decoded from them.
  const params = Buffer.from('\uFEFF{"lockout-threshold-max": 10}\n', 'utf8');
  const deviations = readFileSync(join(ROOT, 'samples/deviations.csv'));
  const assess = (out: string, paramsFile: string, deviationsFile: string, extra: string[] = []): Json => {
    const r = cli(['assess', join(ROOT, 'samples'), '--out', out, '--now', NOW, '--no-pdf', '--params', paramsFile, '--deviations', deviationsFile, ...extra]);
    expect(r.code, r.stderr).toBe(0);
    const ar = JSON.parse(readFileSync(join(dir(), out, 'assessment-results.json'), 'utf8')) as Json;
    written.push(ar);
    return ar;
  };

  it('one resource per option file, with the SHA-256 of its bytes and its base name', () => {
    mkdirSync(join(dir(), 'conf'), { recursive: true });
    writeFileSync(join(dir(), 'conf/org-params.json'), params);
    writeFileSync(join(dir(), 'conf/deviations.csv'), deviations);
    const ar = assess('pkg-a', 'conf/org-params.json', 'conf/deviations.csv');
    const found = inputsOf(ar);
    // The parameter definitions whose defaults fill what --params leaves out decide verdicts too.
    expect(found.map((r) => ns(r, 'assessment-input'))).toEqual(['--params', '--params defaults', '--deviations']);
    const [p, defaults, d] = found as [Json, Json, Json];
    expect(ns(defaults, 'source-file')).toBe('parameters.yaml');
    expect(ns(defaults, 'source-sha256')).toBe(sha256(readFileSync(join(ROOT, 'controls/parameters.yaml'))));
    expect(ns(p, 'source-sha256')).toBe(sha256(params));
    expect(ns(d, 'source-sha256')).toBe(sha256(deviations));
    expect(ns(p, 'source-file')).toBe('org-params.json');
    expect(p.title).toContain('--params');
    expect(p.title).toContain('org-params.json');
    expect(d.title).toContain('--deviations');
    // Not evidence: diff and monitor read resources of type "evidence" as device snapshots.
    for (const r of found) expect((r.props as Json[]).some((x) => x.name === 'type' && x.value === 'evidence')).toBe(false);
    // The uuids are the document's own, unique among its resources.
    const uuids = (ar['assessment-results']['back-matter'].resources as Json[]).map((r) => r.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it('the same files given from another folder, by absolute path, give the same AR byte for byte', () => {
    mkdirSync(join(dir(), 'elsewhere/deeper'), { recursive: true });
    writeFileSync(join(dir(), 'elsewhere/deeper/org-params.json'), params);
    writeFileSync(join(dir(), 'elsewhere/deeper/deviations.csv'), deviations);
    assess('pkg-b', join(dir(), 'elsewhere/deeper/org-params.json'), join(dir(), 'elsewhere/deeper/deviations.csv'));
    const a = readFileSync(join(dir(), 'pkg-a/assessment-results.json'));
    const b = readFileSync(join(dir(), 'pkg-b/assessment-results.json'));
    expect(b.includes(Buffer.from(dir()))).toBe(false);
    expect(b.equals(a)).toBe(true);
  });

  it('a deviations file holding a secret is cited without its hash', () => {
    const secret = Buffer.from(`${deviations.toString('utf8').split('\n')[0]}\nBITLOCKER-PREBOOT,CT-01,LDAP bind password=Hunter2x is kept by the vendor.,Jonas Lindqvist (Authorizing Official),2027-09-30,\n`);
    writeFileSync(join(dir(), 'conf/dev-secret.csv'), secret);
    const ar = assess('pkg-c', 'conf/org-params.json', 'conf/dev-secret.csv');
    const d = inputsOf(ar).find((r) => ns(r, 'assessment-input') === '--deviations')!;
    expect(ns(d, 'source-file')).toBe('dev-secret.csv');
    expect(ns(d, 'source-sha256')).toBeUndefined();
    expect(JSON.stringify(ar)).not.toContain(sha256(secret));
    expect(ns(inputsOf(ar).find((r) => ns(r, 'assessment-input') === '--params')!, 'source-sha256')).toBe(sha256(params));
  });

  it('cites every file the options pull in: the catalogs and profiles a --profile imports, the wording beside --checks, the parameter defaults; one byte changed in any changes its citation', () => {
    // A profile importing a profile (in another folder) that imports a catalog: all three decide
    // which controls are assessed, so all three are cited, each by the bytes read.
    const meta = { title: 'T', 'last-modified': '2026-01-01T00:00:00Z', version: '1', 'oscal-version': '1.1.3' };
    const profile = (uuid: string, href: string) => JSON.stringify({ profile: { uuid, metadata: meta, imports: [{ href, 'include-all': {} }] } });
    mkdirSync(join(dir(), 'rules'), { recursive: true });
    mkdirSync(join(dir(), 'conf'), { recursive: true });
    writeFileSync(join(dir(), 'conf/org-params.json'), params);
    writeFileSync(join(dir(), 'conf/deviations.csv'), deviations);
    const files: Record<string, string> = {
      'rules/tiny-catalog.json': JSON.stringify({ catalog: { uuid: '11111111-1111-4111-8111-111111111111', metadata: meta, groups: [{ id: 'ac', title: 'AC', controls: [{ id: 'ac-7', title: 'Unsuccessful Logon Attempts' }] }, { id: 'ia', title: 'IA', controls: [{ id: 'ia-5', title: 'Authenticator Management' }] }] } }),
      'rules/inner.json': profile('22222222-2222-4222-8222-222222222222', 'tiny-catalog.json'),
      'outer.json': profile('33333333-3333-4333-8333-333333333333', 'rules/inner.json'),
      'rules/checks.yaml': readFileSync(join(ROOT, 'controls/checks.yaml'), 'utf8'),
      'rules/check-wording.yaml': readFileSync(join(ROOT, 'controls/check-wording.yaml'), 'utf8'),
    };
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir(), f), text);
    const cited = (ar: Json) => new Map(inputsOf(ar).map((r) => [ns(r, 'source-file')!, { option: ns(r, 'assessment-input'), sha256: ns(r, 'source-sha256'), uuid: r.uuid as string }]));
    const run = (out: string) => cited(assess(out, 'conf/org-params.json', 'conf/deviations.csv', ['--profile', 'outer.json', '--checks', 'rules/checks.yaml']));
    const before = run('pkg-pulled');
    const expected: Record<string, string> = { 'outer.json': '--profile', 'inner.json': '--profile import', 'tiny-catalog.json': '--profile import', 'checks.yaml': '--checks', 'check-wording.yaml': '--checks wording' };
    for (const [f, option] of Object.entries(expected)) {
      const path = Object.keys(files).find((p) => p.endsWith(f))!;
      expect(before.get(f), f).toEqual(expect.objectContaining({ option, sha256: sha256(readFileSync(join(dir(), path))) }));
    }
    expect(new Set([...before.values()].map((x) => x.uuid)).size).toBe(before.size);
    // One byte more in each file in turn: that file's citation changes, no other's.
    for (const [i, path] of Object.keys(files).entries()) {
      writeFileSync(join(dir(), path), `${files[path]}\n`);
      const after = run(`pkg-byte-${i}`);
      writeFileSync(join(dir(), path), files[path]!);
      const name = path.replace(/^.*\//, '');
      for (const [f, x] of before) {
        if (f === name) expect(after.get(f)!.sha256, f).not.toBe(x.sha256);
        else expect(after.get(f)!.sha256, `${f} when ${name} changed`).toBe(x.sha256);
      }
    }
  });

  describeArsValid('the ARs with option-file resources', written);
});

describe('OptionFileLog', () => {
  const { dir } = cliScratch('ato-option-log-');
  it('hashes the bytes it read, not the file as it is later', () => {
    const file = join(dir(), 'p.json');
    writeFileSync(file, '{"lockout-threshold-max": 10}');
    const log = new OptionFileLog([file]);
    log.read(file);
    writeFileSync(file, '{"lockout-threshold-max": 99}');
    expect(log.files([['--params', file]])).toEqual([{ option: '--params', file, sha256: sha256('{"lockout-threshold-max": 10}'), masked: false }]);
  });
});
