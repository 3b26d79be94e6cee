// A file cut or edited after collection reads as whole when it is cut between two records: the
// MR-01 fixture's bitlocker.txt cut before "Volume D:" leaves only the encrypted OS volume, and
// DISK-ENCRYPTION passed on it. collect.ps1 records each file's SHA-256 in collection.json
// (`digests`); ingest refuses a file that no longer has it, naming the file.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { ingestFolder } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { materialiseDevice, mr01Files } from './fixture-folder.js';
import { isUserError } from '../../src/io/errors.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const diskCheck = catalog.checks.find((c) => c.id === 'DISK-ENCRYPTION')!;
const AT = { now: '2024-03-01T12:00:00Z' };
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** MR-01's folder whose collection.json records the digests of the files as given, then `after` applied to the files. */
function folder(after: (files: Map<string, Buffer>) => void, digest: (name: string, b: Buffer) => string = (_n, b) => sha(b)): string {
  const files = mr01Files();
  const manifest = JSON.parse(files.get('collection.json')!.toString('utf8').replace(/^\uFEFF/, ''));
  manifest.digests = Object.fromEntries((manifest.files as string[]).filter((f) => files.has(f)).map((f) => [f, digest(f, files.get(f)!)]));
  files.set('collection.json', Buffer.from(`\uFEFF${JSON.stringify(manifest, null, 2)}`, 'utf8'));
  after(files);
  const dir = materialiseDevice(files);
  made.push(dir);
  return dir;
}

const cutBeforeVolumeD = (files: Map<string, Buffer>): void => {
  const bytes = files.get('bitlocker.txt')!;
  const enc = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf16le' : 'utf8'; // as the script writes it, or as given
  const text = bytes.toString(enc);
  const at = text.indexOf('Volume D:');
  expect(at).toBeGreaterThan(0);
  files.set('bitlocker.txt', Buffer.from(text.slice(0, at), enc));
};

describe('collection.json records each file\'s SHA-256', () => {
  it('the premise: without digests, bitlocker.txt cut before volume D: reads as whole and DISK-ENCRYPTION is judged on C: alone (a pass)', async () => {
    const files = mr01Files();
    cutBeforeVolumeD(files);
    files.delete('bitlocker-volumes.csv'); // the other export of the volumes (a console without it)
    const dir = materialiseDevice(files);
    made.push(dir);
    const r = await ingestFolder(dir);
    expect(r.snapshot.encryption?.volumes?.map((v: { mountPoint?: string }) => v.mountPoint)).not.toContain('D:');
    expect(evaluateCheck(diskCheck, r.snapshot, params, AT).status).toBe('pass');
  });

  it('files as the script wrote them: ingested as before', async () => {
    const r = await ingestFolder(folder(() => {}));
    expect(r.snapshot.device?.id).toBe('MR-01');
  });

  it('bitlocker.txt cut after collection: refused, naming the file and both digests', async () => {
    const dir = folder(cutBeforeVolumeD);
    const err = await ingestFolder(dir).then(() => undefined, (e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    const e = err as { message: string; file?: string };
    expect(e.file).toBe('bitlocker.txt');
    expect(e.message).toMatch(/collection\.json records its SHA-256 as [0-9a-f]{64} .*the file now has [0-9a-f]{64}: it was cut, edited or replaced after collection/);
  });

  it('a digest that is not a SHA-256: refused naming collection.json', async () => {
    const err = await ingestFolder(folder(() => {}, (n, b) => (n === 'auditpol.csv' ? 'abc' : sha(b)))).then(() => undefined, (e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/collection\.json.*expected the SHA-256 of "auditpol\.csv"/s);
  });
});

// A CSV cut exactly at a line break leaves no trace in the file: only a digest shows it. A folder
// no digest vouches for (hand-made, no collection.json; or collect.ps1 before 1.2.0) must say that
// its exports' completeness could not be verified, naming them, rather than stay silent.
describe('exports no digest vouches for', () => {
  const unverified = (warnings: readonly string[]) => warnings.filter((w) => /cannot be verified/.test(w));

  it('a hand-made folder without collection.json: a warning names the exports without an end mark and says their completeness cannot be verified', async () => {
    const files = mr01Files();
    files.delete('collection.json');
    const dir = materialiseDevice(files);
    made.push(dir);
    const [w, ...more] = unverified((await ingestFolder(dir)).warnings);
    expect(more).toEqual([]);
    expect(w).toMatch(/^whether .*\beventlog-acl\.csv\b.* are whole as collected cannot be verified: there is no collection\.json\./);
    for (const f of ['auditpol.csv', 'firewall-rules.csv', 'local-group-members.csv', 'reg-lsa.reg', 'bitlocker.txt', 'registry.pol']) expect(w).toContain(f);
    // Formats whose cut shows in the file are not named.
    for (const f of ['defender.json', 'applocker.xml', 'secedit.inf', 'vendor-settings.json']) expect(w).not.toContain(f);
  });

  it('collection.json without digests (collect.ps1 1.0.0, as the fixture): the same warning, naming the manifest', async () => {
    const dir = materialiseDevice(mr01Files());
    made.push(dir);
    expect(unverified((await ingestFolder(dir)).warnings)).toEqual([expect.stringMatching(/cannot be verified: collection\.json records no SHA-256 digests \(collect\.ps1 1\.2\.0 and later do\)/)]);
  });

  it('every export digested: no such warning; one file added by hand beside them: named alone', async () => {
    expect(unverified((await ingestFolder(folder(() => {}))).warnings)).toEqual([]);
    const added = folder((files) => files.set('services-extra.csv', Buffer.from('\uFEFF"Name","Status","StartType"\r\n"Spooler","Running","Automatic"\r\n', 'utf8')));
    expect(unverified((await ingestFolder(added)).warnings)).toEqual(['whether services-extra.csv is whole as collected cannot be verified: collection.json records no SHA-256 for them. A file cut exactly between two records (a CSV row with its line break, a reg value, a manage-bde volume) reads as whole, so a check passing on what a list lacks could pass on it; collect again with collect.ps1 1.2.0 or later where that matters']);
  });
});
