// An attestation's evidence file is copied into the package byte for byte, and its path may be
// absolute or climb out with "..": a key or credential store named as evidence (by mistake, or a
// hostile attestations file) would reach the Authorizing Official. Such a file is refused by its
// content, whatever its name; evidence reached through ".." or a symbolic link is warned of.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceAsChecked, loadAttestationsFile } from '../src/attest/attestations.js';
import { credentialKind } from '../src/attest/credential-content.js';
import { userErrorOf } from './support/user-error.js';

const TODAY = '2026-11-02';
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A folder `att/` holding attestations.yaml whose one attestation names `evidence`; returns the root. */
function setup(evidence: string): string {
  const root = mkdtempSync(join(tmpdir(), 'ato-attcontent-'));
  roots.push(root);
  mkdirSync(join(root, 'att'));
  writeFileSync(join(root, 'att', 'attestations.yaml'), `attestations:\n  - control: at-2\n    statement: Every user completed the course.\n    who: { name: Dana Whitfield, role: ISSO }\n    when: 2026-09-15\n    expires: 2027-09-14\n    method: EXAMINE\n    evidence: "${evidence}"\n`);
  return root;
}
const load = (root: string, warn?: (m: string) => void) => loadAttestationsFile(join(root, 'att', 'attestations.yaml'), () => true, TODAY, undefined, warn);

/** A DER element: tag, length (short or long form), content. */
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const len = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const hex = (h: string) => Buffer.from(h, 'hex');

const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');

// Keys and credential stores, each as its format writes it.
const CREDENTIALS: Array<[string, Buffer]> = [
  ['PKCS#8 DER private key', rsa.privateKey.export({ format: 'der', type: 'pkcs8' })],
  ['PKCS#1 DER RSA private key', rsa.privateKey.export({ format: 'der', type: 'pkcs1' })],
  ['SEC1 DER EC private key', ec.privateKey.export({ format: 'der', type: 'sec1' })],
  ['Ed25519 PKCS#8 DER private key', ed.privateKey.export({ format: 'der', type: 'pkcs8' })],
  ['encrypted PKCS#8 DER private key', rsa.privateKey.export({ format: 'der', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'x' })],
  // PFX: SEQUENCE { version 3, ContentInfo { pkcs7-data, ... }, ... }
  ['PKCS#12 (.pfx)', der(0x30, der(0x02, hex('03')), der(0x30, der(0x06, hex('2a864886f70d010701')), der(0xa0, der(0x04, Buffer.alloc(40, 7)))))],
  ['KeePass KDBX 4 database', Buffer.concat([hex('03d9a29a67fb4bb5'), hex('00000400'), Buffer.alloc(64, 1)])],
  ['KeePass 1 database', Buffer.concat([hex('03d9a29a65fb4bb5'), Buffer.alloc(64, 1)])],
  ['Windows registry hive (SAM)', Buffer.concat([Buffer.from('regf'), hex('0100000001000000'), Buffer.alloc(64, 0)])],
  ['Java keystore', Buffer.concat([hex('feedfeed00000002'), Buffer.alloc(32, 0)])],
  ['OpenSSH binary private key', Buffer.concat([Buffer.from('openssh-key-v1\0'), Buffer.alloc(32, 0)])],
  ['PEM private key inside a binary file', Buffer.concat([Buffer.from('%PDF-1.7\n\0\xff'), Buffer.from(String(rsa.privateKey.export({ format: 'pem', type: 'pkcs8' })))])],
  ['/etc/shadow', Buffer.from('root:$6$Gk2x$Zq7vWinter2026hash:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n')],
  ['/etc/shadow with locked accounts only', Buffer.from('daemon:*:19700:0:99999:7:::\nbin:!:19700:0:99999:7:::\n')],
  ['htpasswd', Buffer.from('alice:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/\n')],
];

describe('a key or credential store is recognised by its content', () => {
  it.each(CREDENTIALS)('%s', (_name, bytes) => {
    expect(credentialKind(bytes)).toBeDefined();
  });
  it('documents that are not keys are not taken for one', () => {
    // A certificate opens with its tbsCertificate SEQUENCE, a signed PKCS#7 with an OID: public, not refused.
    const cert = der(0x30, der(0x30, der(0xa0, der(0x02, hex('02'))), der(0x02, hex('1234'))), der(0x30, der(0x06, hex('2a864886f70d01010b'))), der(0x03, hex('00aabb')));
    expect(credentialKind(cert)).toBeUndefined();
    expect(credentialKind(der(0x30, der(0x06, hex('2a864886f70d010702')), der(0xa0, Buffer.alloc(8))))).toBeUndefined();
    expect(credentialKind(rsa.publicKey.export({ format: 'der', type: 'spki' }))).toBeUndefined();
    expect(credentialKind(Buffer.from('%PDF-1.7\n\0\xff binary stream'))).toBeUndefined();
    expect(credentialKind(Buffer.from('Roster 2026\nTime: 10:30:00\nDana: done: 2026-09-15\nSession:1:2:3:4:5:6:7 of the agenda\n'))).toBeUndefined();
    expect(credentialKind(Buffer.from('Price: $6$ per seat\nnote: $6$ each\n'))).toBeUndefined();
  });
});

describe('an attestation\'s evidence file that is a key or credential store is refused, whatever its name', () => {
  it('a PKCS#12 store named ".pdf", outside the folder through "..", is refused naming the file and place', () => {
    const root = setup('../signed-roster.pdf');
    writeFileSync(join(root, 'signed-roster.pdf'), CREDENTIALS.find(([n]) => n.startsWith('PKCS#12'))![1]);
    const e = userErrorOf(() => load(root));
    expect(e.file).toBe(join(root, 'att', 'attestations.yaml'));
    expect(e.where).toBe('/attestations/0/evidence');
    expect(e.message).toMatch(/"\.\.\/signed-roster\.pdf".* is a PKCS#12 key store by its content/);
  });
  it('a symbolic link to a registry hive is refused', () => {
    const root = setup('roster.pdf');
    writeFileSync(join(root, 'SAM'), CREDENTIALS.find(([n]) => n.includes('registry'))![1]);
    symlinkSync(join(root, 'SAM'), join(root, 'att', 'roster.pdf'));
    expect(userErrorOf(() => load(root)).message).toMatch(/is a Windows registry hive by its content/);
  });
  it('an /etc/shadow-like file named by an absolute path is refused', () => {
    const root = setup('PLACEHOLDER');
    writeFileSync(join(root, 'shadow'), CREDENTIALS.find(([n]) => n === '/etc/shadow')![1]);
    writeFileSync(join(root, 'att', 'attestations.yaml'), `- control: at-2\n  statement: x\n  who: { name: Dana, role: ISSO }\n  when: 2026-09-15\n  expires: 2027-09-14\n  method: EXAMINE\n  evidence: "${join(root, 'shadow')}"\n`);
    const e = userErrorOf(() => load(root));
    expect(e.where).toBe('/0/evidence');
    expect(e.message).toMatch(/is a password hash file/);
    expect(e.message).not.toContain('Zq7vWinter2026');
  });
});

describe('evidence outside the attestations file\'s folder', () => {
  it('through ".." or a symbolic link it is loaded with a warning naming the file and place; inside the folder or by an absolute path, without', () => {
    const root = setup('../roster.md');
    writeFileSync(join(root, 'roster.md'), 'LMS roster, 2026\n');
    const warnings: string[] = [];
    expect(load(root, (m) => warnings.push(m))).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/evidence file "\.\.\/roster\.md" of .*attestations\.yaml at \/attestations\/0\/evidence lies outside the attestations file's folder through "\.\."/);

    writeFileSync(join(root, 'att', 'attestations.yaml'), `- control: at-2\n  statement: x\n  who: { name: Dana, role: ISSO }\n  when: 2026-09-15\n  expires: 2027-09-14\n  method: EXAMINE\n  evidence: linked.md\n`);
    symlinkSync(join(root, 'roster.md'), join(root, 'att', 'linked.md'));
    warnings.length = 0;
    load(root, (m) => warnings.push(m));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/through a symbolic link to .*roster\.md/);

    writeFileSync(join(root, 'att', 'own.md'), 'LMS roster, 2026\n');
    for (const evidence of ['own.md', join(root, 'roster.md')]) {
      writeFileSync(join(root, 'att', 'attestations.yaml'), `- control: at-2\n  statement: x\n  who: { name: Dana, role: ISSO }\n  when: 2026-09-15\n  expires: 2027-09-14\n  method: EXAMINE\n  evidence: "${evidence}"\n`);
      warnings.length = 0;
      expect(load(root, (m) => warnings.push(m))).toHaveLength(1);
      expect(warnings).toEqual([]);
    }
  });
});

describe('the copy is the file checked', () => {
  it('evidence changed after it was checked and hashed is refused when the package copies it, naming the file and place', () => {
    const root = setup('roster.md');
    writeFileSync(join(root, 'att', 'roster.md'), '# Roster\n\nEvery user completed the course.\n');
    const [a] = load(root);
    // As read at load time: the same bytes.
    expect(evidenceAsChecked(a!).toString('utf8')).toContain('Every user completed the course.');
    // Swapped afterwards (after the secret and key checks): a key would reach the package unchecked.
    writeFileSync(join(root, 'att', 'roster.md'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const e = userErrorOf(() => evidenceAsChecked(a!));
    expect(e.message).toMatch(/evidence file "roster\.md" .* changed while the run read it/);
    expect(e.file).toBe(join(root, 'att', 'attestations.yaml'));
    expect(e.where).toBe('/attestations/0/evidence');
    rmSync(join(root, 'att', 'roster.md'));
    expect(userErrorOf(() => evidenceAsChecked(a!)).message).toMatch(/cannot be read any more \(ENOENT/);
  });
});
