// A secret that changed behind its mask is drift: two snapshots that read alike once redacted
// (the same "[REDACTED]", the same masked note, an SNMP community renamed under the same masked
// key) but held different secrets are "changed", never "no change", and never show either secret.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSettings, sameSnapshot } from '../src/drift/settings.js';
import { readSnapshot } from '../src/snapshot/load.js';
import { runDiff } from '../src/drift/run.js';
import { redactSnapshot } from '../src/snapshot/secrets.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { clone, context, ROUND2, sample } from './support/drift.js';

const ctx = context();
const base = sample('MR-01', ROUND2);
const SNMP = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\';
const NOTE = 'HKLM\\SOFTWARE\\Acme\\Console\\Notes';

/** A snapshot of MR-01 holding `community` as Windows keeps it (value and trap subkey names) and a note with `notePassword`. */
function withSecrets(community: string, notePassword: string, bind = 'S3cr3t-LDAP-bind!'): Snapshot {
  const s = clone(base);
  s.hardening!.registry![`${SNMP}ValidCommunities\\${community}`] = 4;
  s.hardening!.registry![`${SNMP}TrapConfiguration\\${community}\\1`] = 'trap.hospital.local';
  s.hardening!.registry![NOTE] = `Server=db01;User ID=sa;Password=${notePassword};`;
  s.access!.ldap!.bindPassword = bind;
  return s;
}

const changedPaths = (a: Snapshot, b: Snapshot): string[] => diffSettings(redactSnapshot(a), redactSnapshot(b), ctx).filter((c) => c.kind === 'changed').map((c) => c.path);

describe('diffSettings: a secret behind a mask', () => {
  it('an SNMP community renamed, its rights and trap destination unchanged, is a changed secret at each masked name', () => {
    const changes = diffSettings(redactSnapshot(withSecrets('Comm-Old-7731', 'N0te-Pw-1')), redactSnapshot(withSecrets('Comm-New-4410', 'N0te-Pw-1')), ctx);
    const snmp = changes.filter((c) => c.path.includes('SNMP'));
    expect(snmp.map((c) => c.path).sort()).toEqual([`hardening.registry[${SNMP}TrapConfiguration\\[REDACTED]\\1]`, `hardening.registry[${SNMP}ValidCommunities\\[REDACTED]]`]);
    for (const c of snmp) expect(c).toMatchObject({ kind: 'changed', old: '[REDACTED]', new: '[REDACTED]', secret: true });
    expect(JSON.stringify(changes)).not.toMatch(/Comm-(Old|New)/);
  });

  it('a password inside a note changed: the masked note is a changed secret, its text as masked', () => {
    const changes = diffSettings(redactSnapshot(withSecrets('Comm-7731', 'N0te-Pw-1')), redactSnapshot(withSecrets('Comm-7731', 'N0te-Pw-2')), ctx);
    expect(changes).toEqual([expect.objectContaining({ path: `hardening.registry[${NOTE}]`, kind: 'changed', old: 'Server=db01;User ID=sa;Password=[REDACTED];', new: 'Server=db01;User ID=sa;Password=[REDACTED];', secret: true })]);
  });

  it('nothing changed behind the masks: no change', () => {
    expect(changedPaths(withSecrets('Comm-7731', 'N0te-Pw-1'), withSecrets('Comm-7731', 'N0te-Pw-1'))).toEqual([]);
  });
});

describe('diff of raw snapshots whose only difference is behind masks (the CLI path: the same redacted bytes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drift-secret-mask-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the bind password, the community and the note as changed, and neither side\'s secrets', async () => {
    for (const [side, s] of [['old', withSecrets('Comm-Old-7731', 'N0te-Pw-1', 'Bind-Old-9981!')], ['new', withSecrets('Comm-New-4410', 'N0te-Pw-2', 'Bind-New-1177!')]] as const) {
      mkdirSync(join(dir, side));
      writeFileSync(join(dir, side, 'MR-01.json'), JSON.stringify(s, null, 2));
    }
    const r = await runDiff({ old: join(dir, 'old'), new: join(dir, 'new'), out: join(dir, 'out'), force: false, now: '2026-11-10T00:00:00Z', toolVersion: 't', config: {}, pdf: false, jobs: 1 });
    const settings = r.drift.devices[0]!.settings.filter((c) => c.secret);
    expect(settings.map((c) => c.path).sort()).toEqual([
      'access.ldap.bindPassword',
      `hardening.registry[${NOTE}]`,
      `hardening.registry[${SNMP}TrapConfiguration\\[REDACTED]\\1]`,
      `hardening.registry[${SNMP}ValidCommunities\\[REDACTED]]`,
    ]);
    for (const f of ['drift.json', 'drift.md']) expect(readFileSync(join(dir, 'out', f), 'utf8')).not.toMatch(/Comm-(Old|New)|N0te-Pw|Bind-(Old|New)/);
  }, 120_000);
});

describe('sameSnapshot: two reads of redacted snapshots', () => {
  const read = (s: Snapshot) => readSnapshot(Buffer.from(JSON.stringify(s, null, 2)), 'MR-01.json');

  it('the same bytes, secrets included, are the same snapshot without a member-by-member walk', () => {
    const a = read(withSecrets('Comm-7731', 'N0te-Pw-1'));
    const b = read(withSecrets('Comm-7731', 'N0te-Pw-1'));
    expect(a.redacted && b.redacted).toBe(true);
    expect(sameSnapshot(a, b)).toBe(true);
  });

  it('bytes that differ only behind the masks (same redacted hash) are not the same snapshot', () => {
    const a = read(withSecrets('Comm-7731', 'N0te-Pw-1', 'Bind-Old-9981!'));
    const b = read(withSecrets('Comm-7731', 'N0te-Pw-1', 'Bind-New-1177!'));
    expect(a.sha256).toBe(b.sha256);
    expect(sameSnapshot(a, b)).toBe(false);
  });
});
