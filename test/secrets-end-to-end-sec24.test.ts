// sec24's end-to-end sweep: secrets planted in a console's export folder, in the phrasings notes use, must reach no
// byte `assess` writes (evidence copies, OSCAL documents, results.csv) and no message on stderr. Each case here is
// one the sweep found leaking; the built CLI is run as a user would (dist/ must be built).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireBuiltCli, runCli } from './support/cli.js';
import { allText } from './support/written-text.js';

const FIXTURE = join(repoRoot, 'test/fixtures/exports/mr-01');
const NOW = '--now=2024-03-02T12:00:00Z';
const dirs: string[] = [];
beforeAll(() => requireBuiltCli());
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** A copy of the mr-01 export folder with `edit` applied to its files, in a fresh folder. */
function folderWith(edit: (dir: string) => void): string {
  const base = mkdtempSync(join(tmpdir(), 'sec24-e2e-'));
  dirs.push(base);
  const dir = join(base, 'MR-01');
  cpSync(FIXTURE, dir, { recursive: true });
  edit(dir);
  return base;
}
function appendAfter(file: string, anchor: string, text: string): void {
  const t = readFileSync(file, 'utf8');
  expect(t).toContain(anchor);
  writeFileSync(file, t.replace(anchor, anchor + text));
}

describe('a registry value of a note holding "P/W: X" (a phrase written with a slash, not first on its line)', () => {
  it('assess writes the value masked: the evidence copy keeps the label and hides the password', () => {
    const base = folderWith((d) => appendAfter(join(d, 'reg-desktop.reg'), '"CaretWidth"=dword:00000001', '\r\n"ScreenNote"="Service desk note (P/W: Zq7slash01) for the vendor"'));
    const out = join(base, 'pkg');
    const r = runCli(base, ['assess', 'MR-01', '--out', out, '--no-pdf', NOW]);
    expect(r.stderr).not.toMatch(/internal error/);
    const written = allText(out);
    expect(written).toContain('ScreenNote');
    expect(written).toContain('Service desk note (P/W: [REDACTED]) for the vendor');
    expect(written + r.stdout + r.stderr).not.toContain('Zq7slash01');
  });

  it("a message quoting the value (two different values for one registry name) masks it and keeps the message's words after it", () => {
    const base = folderWith((d) => appendAfter(join(d, 'reg-desktop.reg'), '"CaretWidth"=dword:00000001', '\r\n"Wallpaper"="P/W: Zq7slash02"'));
    const r = runCli(base, ['assess', 'MR-01', '--out', join(base, 'pkg'), '--no-pdf', NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is given twice, differently: "P\/W: \[REDACTED\]" here, "C:.*wallpaper\.jpg" at .*which one holds would be a guess/);
    expect(r.stderr).not.toContain('Zq7slash02');
  });
});

describe('prose sec23 left: a value between commas, letters alone after a password\'s word', () => {
  it('a deviation justification and a vendor file\'s text reach no output with the value; the prose around it stays', () => {
    const base = folderWith((d) => {
      const v = JSON.parse(readFileSync(join(d, 'vendor-settings.json'), 'utf8')) as { serviceAccess: { method: string }; device: { location: string } };
      v.serviceAccess.method = 'TOTP via portal; fallback login admin password zqxmarkvendor';
      v.device.location = 'Radiology; the password, Zq7comma03, was given to the vendor';
      writeFileSync(join(d, 'vendor-settings.json'), JSON.stringify(v, null, 2));
    });
    writeFileSync(join(base, 'deviations.csv'), 'check_id,device_id,justification,approver,expires,compensating_controls\n'
      + 'AUDIT-LOG-SIZE,MR-01,"Vendor requirement: the service passcode, zqxmarkdev, is shared; password required",Jonas Lindqvist (Authorizing Official),2027-06-30,\n');
    const out = join(base, 'pkg');
    const r = runCli(base, ['assess', 'MR-01', '--out', out, '--no-pdf', '--deviations', 'deviations.csv', NOW]);
    expect(r.code, r.stderr).toBe(0);
    const written = allText(out) + r.stdout + r.stderr;
    for (const secret of ['zqxmarkvendor', 'Zq7comma03', 'zqxmarkdev']) expect(written).not.toContain(secret);
    expect(written).toContain('the password, [REDACTED], was given to the vendor');
    expect(written).toContain('the service passcode, [REDACTED], is shared; password required');
  });
});
