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
    expect(found.map((r) => ns(r, 'assessment-input'))).toEqual(['--params', '--deviations']);
    const [p, d] = found as [Json, Json];
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
