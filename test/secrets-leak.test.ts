// Property: a secret planted anywhere a snapshot can hold one (a secret-named value, a registry
// value, a provenance alternative at any depth, text holding a connection string, a private key
// or a URL password) never appears in any byte `assess`, `diff` or `monitor` write: the OSCAL
// documents, evidence copies, both PDFs (raw bytes, inflated streams, page text, attachments),
// drift.json/drift.md, the evidence store, and the CLI's stdout and stderr.
//
// Kept fast: each property run plants a random secret in each of four devices of two fleets and
// runs every command once over them, in process (2 runs: 16 placements); one CLI run per command
// checks the terminal. (On a loaded machine this still takes minutes: hence the long timeouts.)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfTexts } from './support/pdf-text.js';
import { runAssess } from '../src/assess/run.js';
import { runDiff } from '../src/drift/run.js';
import { runMonitor } from '../src/monitor/run.js';
import type { Snapshot } from '../src/snapshot/types.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'dist/cli/main.js');
const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\';
const SHA = 'c'.repeat(64);
const sample = JSON.parse(readFileSync(join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8')) as Snapshot;

type Placement =
  | { kind: 'bind' }
  | { kind: 'registry'; name: string; numeric: boolean }
  | { kind: 'alternative'; pointer: string; direct: boolean; path: string[]; leaf: string; numeric: boolean; location: string }
  | { kind: 'text'; field: 'banner' | 'location' | 'rule' | 'syslog'; form: 'connection' | 'pem' | 'url' | 'pair' };
interface Plant { placement: Placement; secret: string; number: number }

const secretNames = fc.constantFrom('DefaultPassword', 'AltDefaultPassword', 'DbPassword', 'ServicePwd', 'ApiToken', 'clientSecret', 'startupPin', 'PreSharedKey', 'private_key', 'bindPassword');
// Provenance alternatives, the place redaction used to miss, are drawn most often.
const placement: fc.Arbitrary<Placement> = fc.oneof(
  fc.constant({ kind: 'bind' as const }),
  fc.record({ kind: fc.constant('registry' as const), name: secretNames, numeric: fc.boolean() }),
  { weight: 3, arbitrary: fc.record({
    kind: fc.constant('alternative' as const),
    // Half under a secret pointer (the value itself is the secret when `direct`), half under an
    // ordinary one (the secret sits below a secret name, `path` levels down).
    pointer: fc.oneof(
      fc.constantFrom('/access/ldap/bindPassword', `/hardening/registry/${WINLOGON}DefaultPassword`, `/hardening/registry/${WINLOGON}AltDefaultPassword`),
      fc.constantFrom('/device/model', '/access/screenLock', '/firewall/rules/0', '/hardening/registry', '/access/ldap'),
    ),
    direct: fc.boolean(),
    path: fc.array(fc.constantFrom('vendor', 'settings', 'db', 'config', 'items', 'x'), { maxLength: 6 }),
    leaf: secretNames,
    numeric: fc.boolean(),
    location: fc.constantFrom('line 3', 'record 19', '[Winlogon] value 2', 'bytes 10-20'),
  }) },
  fc.record({ kind: fc.constant('text' as const), field: fc.constantFrom('banner' as const, 'location' as const, 'rule' as const, 'syslog' as const), form: fc.constantFrom('connection' as const, 'pem' as const, 'url' as const, 'pair' as const) }),
);
// Distinctive enough never to occur in an output by chance.
const plant: fc.Arbitrary<Plant> = fc.record({
  placement,
  secret: fc.stringMatching(/^[A-Za-z0-9]{16,24}$/).map((s) => `Zq${s}`),
  number: fc.integer({ min: 1_000_000_000, max: 2_147_483_647 }),
});

/** Applies one planting; returns the secret as it appears in the snapshot's JSON. */
function plantInto(s: Snapshot, p: Plant): string {
  const pl = p.placement;
  s.provenance ??= {};
  let secret = p.secret;
  switch (pl.kind) {
    case 'bind':
      s.access = { ...s.access, ldap: { enabled: true, transport: 'ldaps', bindPassword: secret } };
      break;
    case 'registry': {
      const value = pl.numeric ? p.number : secret;
      secret = String(value);
      s.hardening = { ...s.hardening, registry: { ...s.hardening?.registry, [`${WINLOGON}${pl.name}`]: value } };
      break;
    }
    case 'alternative': {
      const scalar = pl.numeric ? p.number : secret;
      secret = String(scalar);
      const secretPointer = pl.pointer.includes('bindPassword') || pl.pointer.endsWith('DefaultPassword');
      let value: unknown = secretPointer && pl.direct ? scalar : { [pl.leaf]: scalar };
      if (!(secretPointer && pl.direct)) for (const k of [...pl.path].reverse()) value = { [k]: value };
      s.provenance[pl.pointer] = { file: 'vendor.json', sha256: SHA, location: pl.location, alternatives: [{ file: 'other.json', sha256: SHA, location: pl.location, value }] };
      break;
    }
    case 'text': {
      const text = pl.form === 'connection' ? `Server=pacs-db;Database=pacs;User Id=svc;Password=${secret};Encrypt=true`
        : pl.form === 'pem' ? `key follows\n-----BEGIN PRIVATE KEY-----\n${secret}\n-----END PRIVATE KEY-----\n`
        : pl.form === 'url' ? `ldaps://svc-bind:${secret}@dc01.hospital.example:636`
        : `token=${secret}`;
      if (pl.field === 'banner') s.access = { ...s.access, logonBanner: { caption: 'Notice', text } };
      else if (pl.field === 'location') s.device.location = text;
      else if (pl.field === 'syslog') s.audit = { ...s.audit, syslog: { ...s.audit?.syslog, server: text } };
      else s.provenance['/device/model'] = { file: 'vendor.json', sha256: SHA, rule: text };
      break;
    }
  }
  return secret;
}

/** A copy of the sample with several plantings; the secrets a later one did not overwrite. */
function planted(id: string, collectedAt: string, plants: readonly Plant[]): { snapshot: Snapshot; secrets: string[] } {
  const s = structuredClone(sample);
  s.device.id = id;
  s.collectedAt = collectedAt;
  const all = plants.map((p) => plantInto(s, p));
  const text = JSON.stringify(s);
  return { snapshot: s, secrets: all.filter((x) => text.includes(x)) };
}

const filesUnder = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)]));


async function everyByteUnder(dir: string): Promise<Array<{ file: string; bytes: Buffer }>> {
  const out: Array<{ file: string; bytes: Buffer }> = [];
  for (const f of filesUnder(dir)) {
    if (f.endsWith('.pdf')) for (const b of await pdfTexts(f)) out.push({ file: f, bytes: b });
    else out.push({ file: f, bytes: readFileSync(f) });
  }
  return out;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-leak-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IDS = ['P-01', 'P-02', 'P-03', 'P-04'];

/** One folder of four devices, each with its plantings. */
function writeFleet(name: string, collectedAt: string, plants: Plant[][]): { folder: string; secrets: string[] } {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const secrets = plants.flatMap((p, i) => {
    const { snapshot, secrets: held } = planted(IDS[i]!, collectedAt, p);
    writeFileSync(join(folder, `${IDS[i]}.json`), JSON.stringify(snapshot, null, 2));
    return held;
  });
  return { folder, secrets };
}

/** Four devices, each with one to four secrets planted. */
const fleet = fc.array(fc.array(plant, { minLength: 1, maxLength: 4 }), { minLength: 4, maxLength: 4 });

function expectAbsent(where: Array<{ file: string; bytes: Buffer }>, secrets: readonly string[]): void {
  for (const s of secrets) {
    const hits = where.filter((w) => w.bytes.includes(s)).map((w) => w.file);
    expect(hits, `secret ${s}`).toEqual([]);
  }
}

describe('no planted secret reaches any output', () => {
  let round = 0;
  it('assess, diff and monitor, in process (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fleet, fleet, async (plantsA, plantsB) => {
        const r = `r${round++}`;
        const a = writeFleet(`${r}-oct`, '2026-10-05T09:00:00Z', plantsA);
        const b = writeFleet(`${r}-nov`, '2026-11-02T09:00:00Z', plantsB);
        const secrets = [...a.secrets, ...b.secrets];
        // The inputs do hold them (else the property proves nothing).
        const inputs = [...a.secrets.map((x) => [a.folder, x]), ...b.secrets.map((x) => [b.folder, x])];
        for (const [folder, x] of inputs) expect(IDS.some((id) => readFileSync(join(folder!, `${id}.json`)).includes(x!))).toBe(true);
        expect(secrets.length).toBeGreaterThanOrEqual(8);
        const said: string[] = [];
        const warn = (m: string) => said.push(m);
        const now = '2026-11-28T00:00:00Z';
        const outcome = await runAssess({ inputs: [a.folder, b.folder], out: join(dir, `${r}-pkg`), force: false, baseline: 'moderate', now, toolVersion: 'test', warn });
        await runDiff({ old: a.folder, new: b.folder, out: join(dir, `${r}-drift`), force: false, now, toolVersion: 'test', config: {}, warn });
        const store = join(dir, `${r}-store`);
        const common = { store, force: false, wallClock: now, toolVersion: 'test', baseline: 'moderate' as const, warn };
        await runMonitor({ ...common, inputs: [a.folder], out: join(dir, `${r}-m1`), now: '2026-10-06T00:00:00Z' });
        const m2 = await runMonitor({ ...common, inputs: [b.folder], out: join(dir, `${r}-m2`), now });
        const outputs = [
          ...(await everyByteUnder(join(dir, `${r}-pkg`))),
          ...(await everyByteUnder(join(dir, `${r}-drift`))),
          ...(await everyByteUnder(store)),
          ...(await everyByteUnder(join(dir, `${r}-m1`))),
          ...(await everyByteUnder(join(dir, `${r}-m2`))),
          { file: 'warnings and outcomes', bytes: Buffer.from(JSON.stringify([said, outcome, m2])) },
        ];
        expect(outputs.some((o) => o.file.endsWith('evidence-package.pdf'))).toBe(true);
        expect(outputs.some((o) => o.file.endsWith('monitoring-report.pdf'))).toBe(true);
        expectAbsent(outputs, secrets);
      }),
      { numRuns: 2, endOnFailure: true },
    );
  }, 600_000);

  it('a password found in a connection string, repeated in an unrelated field, reaches no document assess writes', async () => {
    const pw = 'Xy7!pq9Lm';
    const s = structuredClone(sample);
    s.audit = { ...s.audit, syslog: { ...s.audit?.syslog, server: `Server=pacs-db;User Id=svc;Password=${pw};Encrypt=true` } };
    s.device.location = `MR suite 2, ${pw}`;
    s.access = { ...s.access, logonBanner: { caption: 'Notice', text: `Authorised use only (${pw})` } };
    const folder = join(dir, 'copied-text-secret');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'MR-02.json'), JSON.stringify(s, null, 2));
    const out = join(dir, 'copied-text-secret-pkg');
    const said: string[] = [];
    await runAssess({ inputs: [folder], out, force: false, baseline: 'moderate', now: '2026-11-28T00:00:00Z', toolVersion: 'test', warn: (m) => said.push(m) });
    const outputs = [...(await everyByteUnder(out)), { file: 'warnings', bytes: Buffer.from(said.join('\n')) }];
    // The documents a reader files: assessment results, POA&M, CSV, the evidence copy, the PDF's text.
    for (const kind of ['assessment-results', 'poam', '.csv', 'evidence', '.pdf']) expect(outputs.some((o) => o.file.includes(kind)), kind).toBe(true);
    // The unrelated field does reach the documents (else absence proves nothing): its other words do.
    expect(outputs.some((o) => o.bytes.includes('MR suite 2, '))).toBe(true);
    expectAbsent(outputs, [pw]);
  }, 600_000);

  it('the CLI\'s stdout and stderr (assess, diff, monitor; --json and text)', () => {
    const plants = fc.sample(fleet, { numRuns: 2, seed: 10 });
    const a = writeFleet('cli-oct', '2026-10-05T09:00:00Z', plants[0]!);
    const b = writeFleet('cli-nov', '2026-11-02T09:00:00Z', plants[1]!);
    const cli = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const now = ['--now', '2026-11-28T00:00:00Z'];
    const runs = [
      cli(['assess', a.folder, b.folder, '--out', 'cli-pkg', '--no-pdf', '--json', ...now]),
      cli(['diff', a.folder, b.folder, '--out', 'cli-drift', '--no-pdf', ...now]),
      cli(['monitor', '--store', 'cli-store', a.folder, b.folder, '--out', 'cli-mon', '--no-pdf', '--json', ...now]),
      // A run that fails on its input must not echo the secret either.
      cli(['assess', join(a.folder, 'P-01.json'), '--out', 'cli-bad', '--now', '2026-01-01T00:00:00Z']),
    ];
    expect(runs.map((r) => r.status)).toEqual([0, 0, 0, 1]);
    expectAbsent(runs.flatMap((r, i) => [{ file: `run ${i} stdout`, bytes: Buffer.from(r.stdout) }, { file: `run ${i} stderr`, bytes: Buffer.from(r.stderr) }]), [...a.secrets, ...b.secrets]);
  }, 600_000);
});
