// Registry values under a "\Policies\" key are mostly Group Policy switches, but vendors' templates
// put real secrets there too ("…\Policies\Vendor\App\ProxyPassword" = "S3cr3t!…"). Such a value,
// read from a .reg export, registry.pol, GptTmpl/secedit [Registry Values] or a snapshot given
// directly, reaches no byte of any output (assess package with its PDF, diff), while the switches
// with secret-like names ("RememberPassword" = "no", "OSPassphrase" = 1) stay shown.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfTexts } from '../support/pdf-text.js';
import { runAssess } from '../../src/assess/run.js';
import { runDiff } from '../../src/drift/run.js';
import * as ingest from '../../src/ingest/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { buildPReg, input, mr01Files, mr01RegistryPol, mr01Text, utf16 } from './fixture-folder.js';
import { userErrorOf } from '../support/user-error.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const APP = 'HKLM\\SOFTWARE\\Policies\\Vendor\\App';
const EDGE = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\MicrosoftEdge\\Main\\FormSuggest Passwords';
// One secret per source, so a leak names the path it took.
const REG_SECRET = 'S3cr3t!RegZq7v';
const POL_SECRET = 'S3cr3t!PolZq7v';
const POL_ONLY_SECRET = 'S3cr3t!LdapZq7v';
const INF_SECRET = 'S3cr3t!InfZq7v';
const JSON_SECRET = 'S3cr3t!JsonZq7v';
const OLD_SECRET = 'S3cr3t!OldZq7v';
const NEW_SECRET = 'S3cr3t!NewZq7v';
const SECRETS = [REG_SECRET, POL_SECRET, POL_ONLY_SECRET, INF_SECRET, JSON_SECRET];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const scratch = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ato-policies-'));
  dirs.push(d);
  return d;
};

/** MR-01's export folder with vendor policy values in its .reg export, registry.pol and secedit.inf. */
function mr01WithVendorPolicies(): Map<string, Buffer> {
  const files = mr01Files();
  const reg = `${mr01Text('reg-policies.reg')}
[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\MicrosoftEdge\\Main]
"FormSuggest Passwords"="no"

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vendor\\App]
"ProxyPassword"="${REG_SECRET}"
"RememberPassword"="no"
"OSPassphrase"=dword:00000001

`;
  files.set('reg-policies.reg', utf16(reg));
  const pol = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/exports/mr-01-registry-pol.json'), 'utf8')) as { records: Parameters<typeof buildPReg>[0] };
  files.set('registry.pol', buildPReg([
    ...pol.records,
    // Disagrees with the live value: an alternative in the provenance.
    { key: 'Software\\Policies\\Vendor\\App', value: 'ProxyPassword', type: 'REG_SZ', data: POL_SECRET },
    // Only the policy file has it: an intended value, never copied.
    { key: 'Software\\Policies\\Vendor\\App', value: 'LdapBindPassword', type: 'REG_SZ', data: POL_ONLY_SECRET },
  ]));
  expect(files.get('registry.pol')!.equals(mr01RegistryPol())).toBe(false);
  const inf = mr01Text('secedit.inf').replace('[Registry Values]\n', `[Registry Values]\nMACHINE\\Software\\Policies\\Vendor\\App\\ProxyPassword=1,"${INF_SECRET}"\n`);
  expect(inf).toContain(INF_SECRET);
  files.set('secedit.inf', utf16(inf));
  return files;
}


const filesUnder = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)]));

/** The files under `dir` (and the texts inside each PDF) holding any of `secrets`, with the secret. */
async function leaks(dir: string, secrets: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const f of filesUnder(dir)) {
    const texts = f.endsWith('.pdf') ? await pdfTexts(f) : [readFileSync(f)];
    expect(texts.length).toBeGreaterThan(0);
    for (const s of secrets) if (texts.some((t) => t.includes(s))) found.push(`${f.slice(dir.length + 1)}: ${s}`);
  }
  return found;
}

/** MR-02's sample snapshot with registry values added (a snapshot given directly). */
function mr02With(registry: Record<string, string | number>, collectedAt?: string): Snapshot {
  const s = JSON.parse(readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8')) as Snapshot;
  s.hardening = { ...s.hardening, registry: { ...s.hardening?.registry, ...registry } };
  if (collectedAt) s.collectedAt = collectedAt;
  return s;
}

const registryOf = (evidence: string): Record<string, unknown> => (JSON.parse(readFileSync(evidence, 'utf8')) as Snapshot).hardening!.registry!;
const entry = (registry: Record<string, unknown>, name: string): unknown => Object.entries(registry).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

describe('a secret under a Policies registry key', () => {
  it('assess: no byte of the package (PDF included) holds it, from any source; the policy switches stay shown', async () => {
    const root = scratch();
    const fleet = join(root, 'fleet');
    mkdirSync(join(fleet, 'MR-01'), { recursive: true });
    for (const [name, bytes] of mr01WithVendorPolicies()) writeFileSync(join(fleet, 'MR-01', name), bytes);
    writeFileSync(join(fleet, 'MR-02.json'), JSON.stringify(mr02With({ [`${APP}\\ProxyPassword`]: JSON_SECRET, [`${APP}\\RememberPassword`]: 'no', [`${APP}\\OSPassphrase`]: 1 }), null, 2));
    // The inputs do hold every secret (else the test proves nothing).
    const given = filesUnder(fleet).map((f) => readFileSync(f));
    for (const s of SECRETS) expect(given.some((b) => b.includes(s) || b.includes(Buffer.from(s, 'utf16le'))), s).toBe(true);

    const out = join(root, 'pkg');
    const said: string[] = [];
    const outcome = await runAssess({ inputs: [fleet], out, force: false, baseline: 'moderate', now: '2026-11-04T00:00:00Z', toolVersion: 'test', ingest, warn: (m) => said.push(m) });
    expect(outcome.summary.unreadable).toEqual([]);
    expect(filesUnder(out).some((f) => f.endsWith('evidence-package.pdf'))).toBe(true);
    expect(await leaks(out, SECRETS)).toEqual([]);
    for (const s of SECRETS) expect(JSON.stringify([said, outcome])).not.toContain(s);

    // Where the values were shown before (the evidence copies), the switches still are, and the
    // secret is there as collected-and-masked, not dropped.
    const evidence = filesUnder(join(out, 'evidence')).filter((f) => f.endsWith('.json'));
    const mr01 = registryOf(evidence.find((f) => f.includes('MR-01'))!);
    const mr02 = registryOf(evidence.find((f) => f.includes('MR-02'))!);
    for (const r of [mr01, mr02]) {
      expect(entry(r, `${APP}\\ProxyPassword`)).toBe('[REDACTED]');
      expect(entry(r, `${APP}\\RememberPassword`)).toBe('no');
      expect(entry(r, `${APP}\\OSPassphrase`)).toBe(1);
    }
    expect(entry(mr01, EDGE)).toBe('no');
    expect(entry(mr01, `${APP}\\LdapBindPassword`)).toBeUndefined();
  }, 300_000);

  it('diff: a changed secret is reported changed with both values masked; a changed switch shows both values', async () => {
    const root = scratch();
    for (const [side, secret, remember, at] of [['old', OLD_SECRET, 'no', '2026-10-05T09:00:00Z'], ['new', NEW_SECRET, 'yes', '2026-11-02T09:00:00Z']] as const) {
      mkdirSync(join(root, side));
      writeFileSync(join(root, side, 'MR-02.json'), JSON.stringify(mr02With({ [`${APP}\\ProxyPassword`]: secret, [`${APP}\\RememberPassword`]: remember }, at), null, 2));
    }
    const out = join(root, 'drift');
    await runDiff({ old: join(root, 'old'), new: join(root, 'new'), out, force: false, now: '2026-11-04T00:00:00Z', toolVersion: 'test', config: {}, warn: () => {} });
    expect(filesUnder(out).some((f) => f.endsWith('.pdf'))).toBe(true);
    expect(await leaks(out, [OLD_SECRET, NEW_SECRET])).toEqual([]);
    const drift = JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as { devices: Array<{ settings: Array<{ path: string; old?: unknown; new?: unknown; secret?: boolean; kind: string }> }> };
    const settings = drift.devices.flatMap((d) => d.settings);
    const about = (name: string) => settings.filter((c) => c.path.toLowerCase().includes(`${APP}\\${name}`.toLowerCase()));
    expect(about('ProxyPassword')).toEqual([expect.objectContaining({ kind: 'changed', old: '[REDACTED]', new: '[REDACTED]', secret: true })]);
    expect(about('RememberPassword')).toEqual([expect.objectContaining({ kind: 'changed', old: 'no', new: 'yes' })]);
    expect(about('RememberPassword')[0]!.secret).toBeUndefined();
  }, 300_000);

  it('messages (assess --keep-going carries them into reports) quote a switch, never a secret', () => {
    const policies = (name: string, value: string) => input(name, utf16(`Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vendor\\App]\n"OSPassphrase"=dword:00000001\n${value}\n\n`));
    const parser = ingest.parserFor('reg-export');
    const bad = userErrorOf(() => parser.parse(policies('reg-policies.reg', `"ProxyPassword"=${REG_SECRET}`)));
    expect(bad.message).toMatch(/for "ProxyPassword", found \(not shown: the value is a secret\)$/);
    expect(userErrorOf(() => parser.parse(policies('reg-policies.reg', '"RememberPassword"=no'))).message).toMatch(/for "RememberPassword", found "no"$/);
    // Two exports of one kind disagreeing.
    const files = (a: string, b: string) => [input('collection.json', mr01Files().get('collection.json')!), policies('reg-policies-a.reg', a), policies('reg-policies-b.reg', b)];
    const e = userErrorOf(() => ingest.ingestInputs(files(`"ProxyPassword"="${REG_SECRET}"`, `"ProxyPassword"="${POL_SECRET}"`), 'MR-01'));
    expect(e.message).toMatch(/disagree on .*ProxyPassword: reg-policies-a\.reg .* says \(not shown: the value is a secret\), reg-policies-b\.reg .* says \(not shown/);
    expect(e.message).not.toContain('S3cr3t');
    expect(userErrorOf(() => ingest.ingestInputs(files('"RememberPassword"="no"', '"RememberPassword"="yes"'), 'MR-01')).message).toMatch(/says "no", reg-policies-b\.reg .* says "yes"/);
  });
});
