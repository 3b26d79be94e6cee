// sec31's end-to-end cases, the built CLI run as a user would (dist/ built): an XML pair written without a blank between
// its attributes, planted in a snapshot's registry value, reaches no output; a link in an export folder named like a
// secret is warned about by its name, only a value in the warning masked.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/cli.js';
import { plantedRegistry } from './support/planted-registry.js';

const { snapshotWith, assessed } = plantedRegistry('sec31-e2e');

describe('an XML pair with no blank between its attributes', () => {
  it('its value reaches no output; the element around it stays', () => {
    const base = snapshotWith({
      Note1: '<add key="Password"value="Zq31tail01" /><add key="Server" value="pacs01-sec31" />',
      Note2: "<add VALUE='Zq31tail02'KEY='LdapPassword'/>",
    });
    const { written, said } = assessed(base);
    for (const secret of ['Zq31tail01', 'Zq31tail02']) expect(written + said).not.toContain(secret);
    expect(written).toContain('pacs01-sec31');
  });
});

describe('a link in an export folder named like a secret', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it("the warning names the file and the reason; a value in the link's target is masked", () => {
    const base = mkdtempSync(join(tmpdir(), 'sec31-link-'));
    dirs.push(base);
    const dev = join(base, 'MR-01');
    cpSync(join(repoRoot, 'test/fixtures/exports/mr-01'), dev, { recursive: true });
    const other = join(base, 'pwd=Zq31tail03');
    mkdirSync(other);
    writeFileSync(join(other, 'x.txt'), 'x');
    writeFileSync(join(base, 'y.txt'), 'y');
    symlinkSync(join(other, 'x.txt'), join(dev, 'password.txt'));
    symlinkSync(join(base, 'y.txt'), join(dev, 'db-password.csv'));
    const r = runCli(base, ['ingest', 'MR-01', '--out', 'snap.json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('skipped db-password.csv: a symbolic link to "');
    expect(r.stderr).toMatch(/skipped db-password\.csv: a symbolic link to "[^"\n]*y\.txt", outside the folder: not read/);
    expect(r.stderr).toMatch(/skipped password\.txt: a symbolic link to "[^"\n]*pwd=\[REDACTED\]", outside the folder: not read/);
    expect(r.stdout + r.stderr).not.toContain('Zq31tail03');
  });
});
