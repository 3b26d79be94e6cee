// sec32's end-to-end cases, the built CLI run as a user would (dist/ built): an XML value run on into the next attribute
// and a quoted value run on in a .reg line, planted in a snapshot's registry values, reach no output; key and key-store
// files in an export folder are warned about by name and reason, a private key's text in them reaches no output.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/cli.js';
import { plantedRegistry } from './support/planted-registry.js';

const { snapshotWith, assessed } = plantedRegistry('sec32-e2e');

describe('a value run on past a quote inside it', () => {
  it('no part of it reaches any output; the attribute after it stays', () => {
    const base = snapshotWith({
      Note1: '<add key="Password" value="Zq32head01"Zq32tail01"x="pacs01-sec32"/>',
      Note2: '"Password"="Zq32head02"Zq32tail02',
    });
    const { written, said } = assessed(base);
    for (const secret of ['Zq32head01', 'Zq32tail01', 'Zq32head02', 'Zq32tail02']) expect(written + said).not.toContain(secret);
    expect(written).toContain('pacs01-sec32');
  });
});

describe('key and key-store files in an export folder', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it("each warning names the file and why it is skipped; the key's text is nowhere", () => {
    const base = mkdtempSync(join(tmpdir(), 'sec32-keys-'));
    dirs.push(base);
    const dev = join(base, 'MR-01');
    cpSync(join(repoRoot, 'test/fixtures/exports/mr-01'), dev, { recursive: true });
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Zq32keybody';
    writeFileSync(join(dev, 'password.pem'), `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`);
    writeFileSync(join(dev, 'passwords.kdbx'), 'kdbx');
    writeFileSync(join(base, 'y.txt'), 'y');
    symlinkSync(join(base, 'y.txt'), join(dev, 'secret.key'));
    const r = runCli(base, ['ingest', 'MR-01', '--out', 'snap.json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('skipped password.pem: content matches no known export format (first line: "[REDACTED]")');
    expect(r.stderr).toContain('skipped passwords.kdbx: content matches no known export format');
    expect(r.stderr).toMatch(/skipped secret\.key: a symbolic link to "[^"\n]*y\.txt", outside the folder: not read/);
    const all = r.stdout + r.stderr + readFileSync(join(base, 'snap.json'), 'utf8');
    expect(all).not.toContain(body);
    expect(all).not.toContain('BEGIN PRIVATE KEY');
  });
});
