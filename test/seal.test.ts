// The package manifest and `verify`: the digest is what it says it is, and tampering is named.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyCommand } from '../src/cli/verify.js';
import { userErrorOf } from './support/user-error.js';
import {
  buildManifest, checkSigningKey, compareManifest, manifestText, parseManifest, signManifest, verifySignature, type Manifest,
} from '../src/seal/manifest.js';
import { sealFolder, verifyFolder } from '../src/seal/seal.js';

const META = { createdAt: '2026-11-28T00:00:00Z', tool: 'ato-evidence 0.1.0' };
const file = (path: string, text: string) => ({ path, bytes: Buffer.from(text, 'utf8') });
const PACKAGE = [
  file('assessment-results.json', '{"assessment-results":{"uuid":"r"}}\n'),
  file('assessment-plan.json', '{"assessment-plan":{"uuid":"p"}}\n'),
  file('evidence/MR-01.json', '{"deviceId":"MR-01","values":[1,2,3]}\n'),
  file('evidence/CT-01.json', '{"deviceId":"CT-01","values":[4,5,6]}\n'),
];
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The digest as the documentation in src/seal/manifest.ts defines it, computed independently. */
function documentedDigest(files: Array<{ path: string; bytes: Buffer }>): string {
  const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const text = 'ato-evidence-package-digest/1\n' + sorted.map((f) => `${sha(f.bytes)} ${f.bytes.length} ${f.path}\n`).join('');
  return sha(Buffer.from(text, 'utf8'));
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pub: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
const keyA = keyPair();
const keyB = keyPair();


describe('buildManifest', () => {
  it('lists every file with its SHA-256 and size, sorted by the UTF-8 bytes of the path', () => {
    const files = [
      ...PACKAGE,
      file('a/b.json', 'ab'), file('a.json', ''), file('B.json', 'B'), file('z.json', 'z'),
      file('\u{1F600}.json', 'emoji'), file('\uFF21.json', 'fullwidth A'), // JS string order puts the emoji first; UTF-8 order does not
    ];
    const m = buildManifest(files, META);
    expect(m.files.map((f) => f.path)).toEqual([
      'B.json', 'a.json', 'a/b.json', 'assessment-plan.json', 'assessment-results.json',
      'evidence/CT-01.json', 'evidence/MR-01.json', 'z.json', '\uFF21.json', '\u{1F600}.json',
    ]);
    for (const f of files) {
      expect(m.files.find((e) => e.path === f.path)).toEqual({ path: f.path, sha256: sha(f.bytes), size: f.bytes.length });
    }
    expect(m.files.find((e) => e.path === 'a.json')).toEqual({ path: 'a.json', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', size: 0 });
  });

  it('the package digest is the documented SHA-256 over "<sha256> <size> <path>" lines', () => {
    const m = buildManifest(PACKAGE, META);
    expect(m.packageDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(m.packageDigest).toBe(documentedDigest(PACKAGE));
  });

  it('is deterministic: the same files in any order give the same manifest text', () => {
    const pathArb = fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { minLength: 1, maxLength: 3 }).map((segs) => segs.join('/'));
    fc.assert(fc.property(
      fc.uniqueArray(fc.record({ path: pathArb, bytes: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) }), { selector: (f) => f.path, minLength: 1, maxLength: 12 })
        // A path cannot be both a file and a folder on disk; keep the generated sets realistic.
        .filter((fs) => !fs.some((a) => fs.some((b) => b.path.startsWith(`${a.path}/`)))),
      fc.integer(),
      (files, seed) => {
        const shuffled = [...files].sort((a, b) => sha(`${seed}${a.path}`).localeCompare(sha(`${seed}${b.path}`)));
        const t1 = manifestText(buildManifest(files, META));
        const t2 = manifestText(buildManifest(shuffled, META));
        expect(t2).toBe(t1);
        expect(buildManifest(files, META).packageDigest).toBe(documentedDigest(files));
      },
    ), { numRuns: 200 });
  });

  it('the digest changes when any single byte of any file changes', () => {
    const base = buildManifest(PACKAGE, META).packageDigest;
    let variants = 0;
    PACKAGE.forEach((f, i) => {
      for (let at = 0; at < f.bytes.length; at++) {
        const bytes = Buffer.from(f.bytes);
        bytes[at] = bytes[at]! ^ 0x01;
        const changed = PACKAGE.map((g, j) => (j === i ? { path: g.path, bytes } : g));
        expect(buildManifest(changed, META).packageDigest, `${f.path} byte ${at}`).not.toBe(base);
        variants++;
      }
    });
    expect(variants).toBeGreaterThan(100);
  });

  it('the digest changes when a path changes, a file is added or removed, or two files swap contents', () => {
    const base = buildManifest(PACKAGE, META).packageDigest;
    const renamed = PACKAGE.map((f) => (f.path === 'evidence/MR-01.json' ? { ...f, path: 'evidence/MR-02.json' } : f));
    const added = [...PACKAGE, file('evidence/empty.json', '')];
    const removed = PACKAGE.filter((f) => f.path !== 'assessment-plan.json');
    const [r, p, ...rest] = PACKAGE;
    const swapped = [{ path: r!.path, bytes: p!.bytes }, { path: p!.path, bytes: r!.bytes }, ...rest];
    const digests = [base, ...[renamed, added, removed, swapped].map((fs) => buildManifest(fs, META).packageDigest)];
    expect(new Set(digests).size).toBe(digests.length);
  });

  it('covers the file list, not the sealing time or tool: those change the text, not the digest', () => {
    const a = buildManifest(PACKAGE, META);
    const b = buildManifest(PACKAGE, { createdAt: '2027-01-01T00:00:00Z', tool: 'ato-evidence 9.9.9' });
    expect(b.packageDigest).toBe(a.packageDigest);
    expect(manifestText(b)).not.toBe(manifestText(a));
  });

  it('refuses a path listed twice and paths that are not plain relative paths, naming them', () => {
    expect(userErrorOf(() => buildManifest([...PACKAGE, file('evidence/MR-01.json', 'again')], META)).message).toContain('evidence/MR-01.json');
    for (const bad of ['../outside.json', '/etc/passwd', 'evidence\\MR-01.json', 'a//b.json', './a.json', 'line\nbreak.json', '']) {
      const e = userErrorOf(() => buildManifest([file(bad, 'x')], META));
      expect(e.message, bad).toContain(JSON.stringify(bad));
    }
  });
});

describe('manifestText and parseManifest', () => {
  it('is 2-space JSON with a final newline that reads back to the same manifest', () => {
    const m = buildManifest(PACKAGE, META);
    const text = manifestText(m);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "manifestVersion": 1,');
    expect(parseManifest(text, 'pkg/manifest.json')).toEqual(m);
  });

  it('a malformed manifest is a UserError naming the file and the place', () => {
    expect(userErrorOf(() => parseManifest('{"manifestVersion": 1, "files": [', 'pkg/manifest.json')).message).toMatch(/^pkg\/manifest\.json: is not valid JSON/);
    const m = JSON.parse(manifestText(buildManifest(PACKAGE, META))) as Record<string, unknown> & { files: Array<Record<string, unknown>> };
    m.files[1]!.sha256 = 'not-a-hash';
    expect(userErrorOf(() => parseManifest(JSON.stringify(m), 'pkg/manifest.json')).message).toBe('pkg/manifest.json at /files/1/sha256: must be a SHA-256: 64 lowercase hex digits');
    m.files[1]!.sha256 = sha('x');
    m.files[2]!.size = -1;
    expect(userErrorOf(() => parseManifest(JSON.stringify(m), 'pkg/manifest.json')).message).toContain('/files/2/size');
    expect(userErrorOf(() => parseManifest('[]', 'pkg/manifest.json')).message).toContain('pkg/manifest.json');
    expect(userErrorOf(() => parseManifest(JSON.stringify({ ...m, manifestVersion: 2 }), 'pkg/manifest.json')).message).toContain('/manifestVersion');
  });
});

describe('compareManifest', () => {
  const m = buildManifest(PACKAGE, META);
  const actualOf = (man: Manifest) => man.files.map((f) => ({ ...f }));

  it('finds nothing when the files are as sealed; the seal files at the top are not unexpected', () => {
    const actual = [...actualOf(m), { path: 'manifest.json', sha256: sha('m'), size: 1 }, { path: 'manifest.json.sig', sha256: sha('s'), size: 1 }];
    expect(compareManifest(m, actual)).toEqual([]);
  });

  it('names each changed (hash or size), missing and unexpected file', () => {
    const actual = actualOf(m)
      .filter((f) => f.path !== 'assessment-plan.json')
      .map((f) => (f.path === 'evidence/MR-01.json' ? { ...f, sha256: sha('tampered') } : f))
      .map((f) => (f.path === 'evidence/CT-01.json' ? { ...f, size: f.size + 1 } : f));
    actual.push({ path: 'evidence/manifest.json', sha256: sha('x'), size: 1 }); // only the top-level manifest is the seal
    const problems = compareManifest(m, actual);
    expect(problems.map((p) => [p.kind, p.path])).toEqual([
      ['missing', 'assessment-plan.json'],
      ['changed', 'evidence/CT-01.json'],
      ['changed', 'evidence/MR-01.json'],
      ['unexpected', 'evidence/manifest.json'],
    ]);
    expect(problems.find((p) => p.path === 'evidence/MR-01.json')!.detail).toContain(sha('tampered'));
  });
});

describe('signManifest and verifySignature', () => {
  const text = manifestText(buildManifest(PACKAGE, META));

  it('a signature verifies with the signer\'s public key, over exactly these bytes', () => {
    const sig = signManifest(text, keyA.priv, 'keys/a.pem');
    expect(Buffer.from(sig, 'base64')).toHaveLength(64);
    expect(verifySignature(text, sig, keyA.pub, 'keys/a.pub.pem')).toBe(true);
    expect(verifySignature(Buffer.from(text), sig, keyA.pub)).toBe(true);
    expect(verifySignature(text.replace('"size": ', '"size":  '), sig, keyA.pub)).toBe(false);
    expect(verifySignature(text, sig, keyB.pub)).toBe(false);
    expect(verifySignature(text, signManifest(text, keyB.priv), keyA.pub)).toBe(false);
    expect(verifySignature(text, 'not base64!', keyA.pub)).toBe(false);
  });

  it('unusable key material is a UserError naming the key file', () => {
    expect(userErrorOf(() => signManifest(text, 'not a key', 'keys/sign.pem')).message).toMatch(/^keys\/sign\.pem: /);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(userErrorOf(() => signManifest(text, rsa, 'keys/rsa.pem')).message).toMatch(/^keys\/rsa\.pem: is an RSA key; signing needs an Ed25519/);
    expect(userErrorOf(() => signManifest(text, keyA.pub, 'keys/a.pub.pem')).message).toMatch(/^keys\/a\.pub\.pem: /);
    expect(userErrorOf(() => verifySignature(text, 'AAAA', keyA.priv, 'keys/a.pem')).message).toMatch(/^keys\/a\.pem: holds a private key/);
    expect(userErrorOf(() => verifySignature(text, 'AAAA', 'garbage', 'keys/x.pem')).message).toMatch(/^keys\/x\.pem: /);
  });

  it('a PEM holding two private keys is refused, not signed with the first', () => {
    // Both Ed25519: each alone signs; together, which one signed would be a guess.
    const both = `${keyA.priv}${keyB.priv}`;
    expect(userErrorOf(() => signManifest(text, both, 'keys/both.pem')).message).toMatch(/^keys\/both\.pem: holds 2 private keys; signing needs a file with exactly one/);
    expect(userErrorOf(() => checkSigningKey(both, 'keys/both.pem')).message).toMatch(/holds 2 private keys/);
    // One key and its certificate or public key beside it is still one key.
    expect(() => signManifest(text, `${keyA.priv}${keyA.pub}`, 'keys/a.pem')).not.toThrow();
  });
});

describe('sealFolder and verifyFolder on a package', () => {
  let root: string;
  let pkg: string;
  let n = 0;
  const keyFile = (name: string, pem: string) => {
    const p = join(root, name);
    writeFileSync(p, pem);
    return p;
  };
  let privA: string;
  let pubA: string;
  let privB: string;
  let pubB: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ato-seal-'));
    privA = keyFile('a.pem', keyA.priv);
    pubA = keyFile('a.pub.pem', keyA.pub);
    privB = keyFile('b.pem', keyB.priv);
    pubB = keyFile('b.pub.pem', keyB.pub);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => {
    pkg = join(root, `pkg-${n++}`);
    for (const f of PACKAGE) {
      mkdirSync(join(pkg, f.path, '..'), { recursive: true });
      writeFileSync(join(pkg, f.path), f.bytes);
    }
  });
  const seal = (signKeyFile?: string) => sealFolder(pkg, { ...META, ...(signKeyFile ? { signKeyFile } : {}) });
  const kinds = (r: { problems: Array<{ kind: string; path: string }> }) => r.problems.map((p) => [p.kind, p.path]);

  it('writes manifest.json with every file, and an intact package verifies', () => {
    const s = seal();
    expect(s.manifestPath).toBe(join(pkg, 'manifest.json'));
    expect(s.files).toBe(4);
    expect(readFileSync(s.manifestPath, 'utf8')).toBe(manifestText(buildManifest(PACKAGE, META)));
    expect(s.packageDigest).toBe(documentedDigest(PACKAGE));
    expect(existsSync(join(pkg, 'manifest.json.sig'))).toBe(false);
    const r = verifyFolder(pkg, {});
    expect(r).toMatchObject({ ok: true, problems: [], files: 4, packageDigest: s.packageDigest, signature: 'unsigned' });
  });

  it('takes the digest of a file the run hashed as it wrote it, and hashes from disk a file whose size is not the one recorded', () => {
    const results = PACKAGE[0]!;
    const evidence = PACKAGE[2]!;
    // A recorded digest is used as given when the size matches: a wrong one shows that it was not
    // read back, and `verify` (which always reads) then finds the file changed.
    const planted = 'f'.repeat(64);
    // The evidence copy's recorded size is off by one: the seal must not trust it and reads the file.
    const written = new Map([
      [results.path, { sha256: planted, size: results.bytes.length }],
      [evidence.path, { sha256: planted, size: evidence.bytes.length + 1 }],
    ]);
    sealFolder(pkg, { ...META, written });
    const m = parseManifest(readFileSync(join(pkg, 'manifest.json'), 'utf8'), 'manifest.json');
    expect(m.files.find((f) => f.path === results.path)?.sha256).toBe(planted);
    expect(m.files.find((f) => f.path === evidence.path)?.sha256).toBe(sha(evidence.bytes));
    expect(m.files.find((f) => f.path === 'assessment-plan.json')?.sha256).toBe(sha(PACKAGE[1]!.bytes));
    expect(kinds(verifyFolder(pkg, {}))).toEqual([['changed', results.path]]);
  });

  it('refuses to seal twice (manifest.json is written with wx)', () => {
    seal();
    const before = readFileSync(join(pkg, 'manifest.json'));
    expect(userErrorOf(() => seal()).message).toBe(`${pkg}/manifest.json: already exists: the folder is already sealed (a package is sealed once, when it is written)`);
    expect(readFileSync(join(pkg, 'manifest.json'))).toEqual(before);
  });

  it('refuses to seal a folder holding a symbolic link, naming it, and writes nothing', () => {
    symlinkSync(join(pkg, 'evidence/MR-01.json'), join(pkg, 'evidence/link.json'));
    expect(userErrorOf(() => seal()).message).toBe(`${pkg}/evidence/link.json: is a symbolic link; a sealed package holds regular files only`);
    expect(existsSync(join(pkg, 'manifest.json'))).toBe(false);
  });

  it('one changed byte is named as changed, even when the size is the same', () => {
    seal();
    const p = join(pkg, 'evidence/MR-01.json');
    const bytes = readFileSync(p);
    bytes[20] = bytes[20]! ^ 0x01;
    writeFileSync(p, bytes);
    const r = verifyFolder(pkg, {});
    expect(r.ok).toBe(false);
    expect(kinds(r)).toEqual([['changed', 'evidence/MR-01.json']]);
    expect(r.problems[0]!.detail).toContain(sha(bytes));
  });

  it('a deleted file is named as missing', () => {
    seal();
    unlinkSync(join(pkg, 'assessment-plan.json'));
    const r = verifyFolder(pkg, {});
    expect(r.ok).toBe(false);
    expect(kinds(r)).toEqual([['missing', 'assessment-plan.json']]);
  });

  it('an added file (or link, or folder of files) is named as unexpected', () => {
    seal();
    writeFileSync(join(pkg, 'evidence/extra.json'), '{}');
    mkdirSync(join(pkg, 'more'));
    writeFileSync(join(pkg, 'more/notes.txt'), 'hello');
    symlinkSync(join(pkg, 'assessment-plan.json'), join(pkg, 'plan-link.json'));
    const r = verifyFolder(pkg, {});
    expect(r.ok).toBe(false);
    expect(kinds(r)).toEqual([['unexpected', 'evidence/extra.json'], ['unexpected', 'more/notes.txt'], ['unexpected', 'plan-link.json']]);
  });

  it('a listed file replaced by a symbolic link is changed, not followed', () => {
    seal();
    const target = join(root, `copy-${n}.json`);
    writeFileSync(target, readFileSync(join(pkg, 'evidence/CT-01.json')));
    unlinkSync(join(pkg, 'evidence/CT-01.json'));
    symlinkSync(target, join(pkg, 'evidence/CT-01.json'));
    expect(kinds(verifyFolder(pkg, {}))).toEqual([['changed', 'evidence/CT-01.json']]);
  });

  it('a manifest edited to match a tampered file is caught by its own digest', () => {
    seal();
    writeFileSync(join(pkg, 'evidence/MR-01.json'), '{"deviceId":"MR-01","values":[9]}\n');
    const m = JSON.parse(readFileSync(join(pkg, 'manifest.json'), 'utf8')) as Manifest;
    const entry = m.files.find((f) => f.path === 'evidence/MR-01.json')!;
    entry.sha256 = sha(readFileSync(join(pkg, 'evidence/MR-01.json')));
    entry.size = readFileSync(join(pkg, 'evidence/MR-01.json')).length;
    writeFileSync(join(pkg, 'manifest.json'), manifestText(m));
    const r = verifyFolder(pkg, {});
    expect(r.ok).toBe(false);
    expect(kinds(r)).toEqual([['manifest', 'manifest.json']]);
  });

  it('a signed package verifies with the signer\'s public key', () => {
    const s = seal(privA);
    expect(s.signaturePath).toBe(join(pkg, 'manifest.json.sig'));
    expect(verifyFolder(pkg, { publicKeyFile: pubA })).toMatchObject({ ok: true, problems: [], signature: 'valid' });
    expect(verifyFolder(pkg, {})).toMatchObject({ ok: true, signature: 'not-checked' });
  });

  it('a wrong signature is a signature problem naming the signature file', () => {
    seal(privA);
    writeFileSync(join(pkg, 'manifest.json.sig'), signManifest('some other manifest', keyA.priv) + '\n');
    const r = verifyFolder(pkg, { publicKeyFile: pubA });
    expect(r.ok).toBe(false);
    expect(kinds(r)).toEqual([['signature', 'manifest.json.sig']]);
    writeFileSync(join(pkg, 'manifest.json.sig'), 'garbage\n');
    expect(kinds(verifyFolder(pkg, { publicKeyFile: pubA }))).toEqual([['signature', 'manifest.json.sig']]);
  });

  it('a signature made with another key fails, whichever way round', () => {
    seal(privB);
    const r = verifyFolder(pkg, { publicKeyFile: pubA });
    expect(r).toMatchObject({ ok: false, signature: 'invalid' });
    expect(kinds(r)).toEqual([['signature', 'manifest.json.sig']]);
    expect(r.problems[0]!.detail).toContain(pubA);
    expect(verifyFolder(pkg, { publicKeyFile: pubB }).ok).toBe(true);
  });

  it('a removed signature fails when a public key is given', () => {
    seal(privA);
    unlinkSync(join(pkg, 'manifest.json.sig'));
    const r = verifyFolder(pkg, { publicKeyFile: pubA });
    expect(r).toMatchObject({ ok: false, signature: 'missing' });
    expect(kinds(r)).toEqual([['signature', 'manifest.json.sig']]);
  });

  it('a changed byte in manifest.json outside the file list is caught by the signature only', () => {
    seal(privA);
    const p = join(pkg, 'manifest.json');
    writeFileSync(p, readFileSync(p, 'utf8').replace('2026-11-28', '2026-11-29'));
    expect(verifyFolder(pkg, {}).ok).toBe(true); // createdAt is not sealed content
    expect(kinds(verifyFolder(pkg, { publicKeyFile: pubA }))).toEqual([['signature', 'manifest.json.sig']]);
  });

  // Found by a tamper driver: only `files` is covered by the digest, so a claim added to an
  // unsigned manifest.json (or a key repeated, whose first value a reader sees and JSON.parse
  // drops) passed verify.
  it('manifest.json edited outside its fields (a field added or repeated, reordered, reformatted) fails, naming the line', () => {
    seal();
    const p = join(pkg, 'manifest.json');
    const original = readFileSync(p, 'utf8');
    const edits: Array<[string, string, RegExp]> = [
      ['a claim added', original.replace('"tool":', '"approvedBy": "J. Smith, AO",\n  "tool":'), /line 3: "  \\"approvedBy\\": \\"J\. Smith, AO\\","/],
      ['a key repeated', original.replace('"packageDigest":', `"packageDigest": "${'0'.repeat(64)}",\n  "packageDigest":`), /line 6: .*packageDigest.*"0{40}/],
      ['the file list reordered', JSON.stringify({ ...JSON.parse(original), files: [...JSON.parse(original).files].reverse() }, null, 2) + '\n', /line \d+: /],
      ['reformatted', JSON.stringify(JSON.parse(original)), /line 1: /],
    ];
    for (const [what, text, where] of edits) {
      writeFileSync(p, text);
      const r = verifyFolder(pkg, {});
      expect([what, kinds(r)]).toEqual([what, [['manifest', 'manifest.json']]]);
      expect(r.problems[0]!.detail).toMatch(/is not the text ato-evidence writes for the fields it holds/);
      expect(r.problems[0]!.detail).toMatch(where);
    }
    writeFileSync(p, original);
    expect(verifyFolder(pkg, {}).ok).toBe(true);
  });

  it('a reportDigest naming a path outside the package is refused as malformed', () => {
    seal();
    const p = join(pkg, 'manifest.json');
    const m = JSON.parse(readFileSync(p, 'utf8'));
    m.reportDigest = { file: '../x\u001b[2J.pdf', digest: sha('') };
    writeFileSync(p, JSON.stringify(m, null, 2) + '\n');
    expect(userErrorOf(() => verifyFolder(pkg, {})).message).toBe(`${pkg}/manifest.json at /reportDigest/file: "../x\\u001b[2J.pdf" contains a control character (such as a newline)`);
  });

  it('file problems and signature problems are all reported together', () => {
    seal(privA);
    writeFileSync(join(pkg, 'manifest.json.sig'), signManifest(readFileSync(join(pkg, 'manifest.json')), keyB.priv) + '\n');
    unlinkSync(join(pkg, 'evidence/CT-01.json'));
    writeFileSync(join(pkg, 'assessment-results.json'), '{}');
    expect(kinds(verifyFolder(pkg, { publicKeyFile: pubA }))).toEqual([
      ['signature', 'manifest.json.sig'], ['changed', 'assessment-results.json'], ['missing', 'evidence/CT-01.json'],
    ]);
  });

  it('a missing or malformed manifest.json is a UserError naming it', () => {
    expect(userErrorOf(() => verifyFolder(pkg, {})).message).toMatch(new RegExp(`^${pkg}/manifest\\.json: is missing`));
    writeFileSync(join(pkg, 'manifest.json'), '{"manifestVersion": 1, "files": [');
    expect(userErrorOf(() => verifyFolder(pkg, {})).message).toMatch(new RegExp(`^${pkg}/manifest\\.json: is not valid JSON`));
    writeFileSync(join(pkg, 'manifest.json'), JSON.stringify({ manifestVersion: 1, tool: 't', createdAt: 'c', packageDigestMethod: 'ato-evidence-package-digest/1', packageDigest: sha(''), files: [{ path: 'a.json', sha256: sha(''), size: '0' }] }));
    expect(userErrorOf(() => verifyFolder(pkg, {})).message).toBe(`${pkg}/manifest.json at /files/0/size: must be a non-negative integer (bytes)`);
    expect(userErrorOf(() => verifyFolder(join(root, 'no-such-pkg'), {})).message).toBe(`${join(root, 'no-such-pkg')}: no such folder`);
  });

  it('unusable or absent key files are UserErrors naming them, and nothing is written', () => {
    const bad = keyFile('bad.pem', 'not a key\n');
    expect(userErrorOf(() => seal(bad)).message).toMatch(new RegExp(`^${bad}: is not a usable PEM private key`));
    expect(userErrorOf(() => seal(join(root, 'absent.pem'))).message).toBe(`${join(root, 'absent.pem')}: no such file`);
    expect(existsSync(join(pkg, 'manifest.json'))).toBe(false);
    seal(privA);
    expect(userErrorOf(() => verifyFolder(pkg, { publicKeyFile: bad })).message).toMatch(new RegExp(`^${bad}: is not a usable PEM public key`));
    expect(userErrorOf(() => verifyFolder(pkg, { publicKeyFile: privA })).message).toMatch(new RegExp(`^${privA}: holds a private key`));
  });

  describe('verifyCommand', () => {
    function run(o: Record<string, unknown>) {
      let stdout = '';
      let stderr = '';
      const out = vi.spyOn(process.stdout, 'write').mockImplementation(((s: string | Uint8Array) => { stdout += String(s); return true; }) as typeof process.stdout.write);
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(((s: string | Uint8Array) => { stderr += String(s); return true; }) as typeof process.stderr.write);
      try {
        const code = verifyCommand(pkg, o);
        return { code, stdout, stderr };
      } finally {
        out.mockRestore();
        err.mockRestore();
      }
    }

    it('an intact package: exit 0 and one line with the file count and digest', () => {
      const s = seal(privA);
      const r = run({ publicKey: pubA });
      expect(r).toEqual({ code: 0, stdout: `intact: 4 files, package digest ${s.packageDigest}; signature valid (${pubA})\n`, stderr: '' });
    });

    it('a tampered package: exit 1, one line per problem naming the file', () => {
      seal();
      unlinkSync(join(pkg, 'assessment-plan.json'));
      writeFileSync(join(pkg, 'evidence/extra.json'), '{}');
      const r = run({});
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(new RegExp(`^missing: ${pkg}/assessment-plan\\.json: `));
      expect(lines[1]).toMatch(new RegExp(`^unexpected: ${pkg}/evidence/extra\\.json: `));
      expect(lines[2]).toMatch(/^NOT intact: 2 problem\(s\) \(1 missing, 1 unexpected\)/);
    });

    it('the manifest\'s tool and date are shown as what it says, not as sealed, and cannot rewrite the terminal', () => {
      seal();
      const p = join(pkg, 'manifest.json');
      writeFileSync(p, readFileSync(p, 'utf8').replace(/"tool": "[^"]*"/, '"tool": "x\\u001b[2Jy"'));
      unlinkSync(join(pkg, 'assessment-plan.json'));
      const r = run({});
      expect(r.code).toBe(1);
      expect(r.stderr).not.toContain('\u001b[2J');
      expect(r.stderr).toContain('(which says it was written 2026-11-28T00:00:00Z by "x\\u001b[2Jy": fields the digest does not cover)');
    });

    it('--json prints ok, problems, files and the digest on stdout', () => {
      const s = seal();
      writeFileSync(join(pkg, 'evidence/MR-01.json'), 'changed');
      const r = run({ json: true });
      expect(r.code).toBe(1);
      const j = JSON.parse(r.stdout) as { ok: boolean; problems: Array<{ kind: string; path: string; detail: string }>; files: number; packageDigest: string };
      expect(j).toMatchObject({ ok: false, files: 4, packageDigest: s.packageDigest });
      expect(j.problems.map((p) => [p.kind, p.path])).toEqual([['changed', 'evidence/MR-01.json']]);
    });

    it('a missing manifest: exit 1 with an error naming it', () => {
      const r = run({});
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`error: ${pkg}/manifest.json: is missing: this folder was not sealed (ato-evidence assess writes manifest.json into the package), or the manifest was removed\n`);
    });
  });
});

describe('reportDigest: the digest a report in the package prints on its cover', () => {
  it('is the package digest of every file but the report, and an edited one is a manifest problem', async () => {
    const { mkdtempSync, writeFileSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { sealFolder, verifyFolder } = await import('../src/seal/seal.js');
    const { parseManifest, packageDigestOf } = await import('../src/seal/manifest.js');
    const { PDF_DIGEST_KEY } = await import('../src/seal/pdf-digest.js');
    const d = mkdtempSync(join(tmpdir(), 'seal-report-'));
    try {
      writeFileSync(join(d, 'a.json'), '{"a":1}');
      // A report carrying the digest of a.json, where the renderer puts it (test/seal-report.test.ts reads it back).
      const digest = packageDigestOf([{ path: 'a.json', sha256: sha('{"a":1}'), size: 7 }]);
      const body = `%PDF-1.7\n1 0 obj\n<< /${PDF_DIGEST_KEY} (${digest}) >>\nendobj\n`;
      writeFileSync(join(d, 'report.pdf'), `${body}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Info 1 0 R >>\nstartxref\n${body.length}\n%%EOF\n`);
      sealFolder(d, { createdAt: '2026-11-28T00:00:00Z', tool: 'test', reportFile: 'report.pdf' });
      const m = parseManifest(readFileSync(join(d, 'manifest.json'), 'utf8'), 'manifest.json');
      expect(m.reportDigest).toEqual({ file: 'report.pdf', digest: packageDigestOf(m.files.filter((f) => f.path === 'a.json')) });
      expect(verifyFolder(d, {}).ok).toBe(true);
      const edited = readFileSync(join(d, 'manifest.json'), 'utf8').replace(m.reportDigest!.digest, '0'.repeat(64));
      writeFileSync(join(d, 'manifest.json'), edited);
      const r = verifyFolder(d, {});
      expect(r.ok).toBe(false);
      // The manifest contradicts its own file list, and the PDF carries another digest than it records.
      expect(r.problems.map((p) => [p.kind, p.path])).toEqual([['manifest', 'manifest.json'], ['report', 'report.pdf']]);
      expect(r.problems[0]!.detail).toMatch(/reportDigest/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
