// sec30's end-to-end cases: secrets planted in a sample snapshot's registry values, in forms the masking kept before
// sec30, must reach no byte `assess` writes and no message; the text around each mask stays. The built CLI is run
// as a user would (dist/ built).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireBuiltCli, runCli } from './support/cli.js';
import { allText } from './support/written-text.js';

const SNAPSHOT = join(repoRoot, 'samples/MR-01/MR-01_2026-11-02.json');
const NOW = '--now=2026-11-02T18:00:00Z';
const dirs: string[] = [];
beforeAll(() => requireBuiltCli());
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** A folder holding MR-01's latest sample snapshot with `values` added to its registry values. */
function snapshotWith(values: Record<string, string>): string {
  const base = mkdtempSync(join(tmpdir(), 'sec30-e2e-'));
  dirs.push(base);
  const snap = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { hardening: { registry: Record<string, unknown> } };
  for (const [name, data] of Object.entries(values)) snap.hardening.registry[`HKLM\\SOFTWARE\\Example Medical Systems\\Notes\\${name}`] = data;
  writeFileSync(join(base, 'MR-01.json'), JSON.stringify(snap, null, 2));
  return base;
}
function assessed(base: string): { written: string; said: string } {
  const out = join(base, 'pkg');
  const r = runCli(base, ['assess', 'MR-01.json', '--out', out, '--no-pdf', NOW]);
  expect(r.code, r.stderr).toBe(0);
  return { written: allText(out), said: r.stdout + r.stderr };
}

describe('a JSON string that runs on past an unescaped quote', () => {
  it('its tail reaches no output; the member after it stays', () => {
    const base = snapshotWith({
      Note1: '{"Password": "Zq30a"Zq30tail01, "Server": "pacs01-sec30"}',
      Note2: 'settings: "Password": "Zq30b"Zq30tail02',
    });
    const { written, said } = assessed(base);
    for (const tail of ['Zq30tail01', 'Zq30tail02']) expect(written + said).not.toContain(tail);
    expect(written).toContain('pacs01-sec30');
  });
});

describe('an XML attribute that runs on past an unescaped quote', () => {
  it('its text reaches no output; the element around it stays', () => {
    const base = snapshotWith({
      Note3: '<add key="Password" value="Zq30c"Zq30tail03" /><add key="Server" value="pacs02-sec30" />',
      Note4: "<add key='LdapPassword' value='Zq30d'Zq30tail04'/>",
    });
    const { written, said } = assessed(base);
    for (const tail of ['Zq30tail03', 'Zq30tail04']) expect(written + said).not.toContain(tail);
    expect(written).toContain('pacs02-sec30');
  });
});
