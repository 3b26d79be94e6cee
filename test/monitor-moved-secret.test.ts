// A secret that moves between fields across two monitor runs: the bind password in
// access.ldap.bindPassword in run 1 (masked by its name), in a free-text field in run 2 (where no rule
// reads it as secret). Run 2's drift printed it as the new value; the store kept it. The store keeps no
// hash of run 1's password (one would let anyone test guesses), so run 2 masks, in what it files, the
// password-looking words of new texts whenever a masked value left its place (maskMovedSecrets).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../src/drift/run.js';
import { runMonitor, type MonitorOptions } from '../src/monitor/run.js';
import { maskMovedSecrets, REDACTED, redactSnapshot } from '../src/snapshot/secrets.js';
import type { Snapshot } from '../src/snapshot/types.js';

const root = new URL('..', import.meta.url).pathname;
const sample = JSON.parse(readFileSync(join(root, 'samples/MR-02/MR-02_2026-11-02.json'), 'utf8')) as Snapshot;
const SECRET = 'Hq7vTr2Wxk';
const copy = (): Snapshot => JSON.parse(JSON.stringify(sample)) as Snapshot;
/** Run 1 with the bind password in its field, and the device's next collection, without it. */
function bindThenLater(): [Snapshot, Snapshot] {
  const run1 = copy();
  run1.access!.ldap = { ...run1.access!.ldap!, bindPassword: SECRET };
  const run2 = copy();
  run2.collectedAt = '2026-11-09T10:00:00Z';
  return [run1, run2];
}

const filesUnder = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)]));
const holding = (d: string, text: string): string[] => filesUnder(d).filter((f) => {
  const b = readFileSync(f);
  return b.includes(text) || b.includes(Buffer.from(text, 'utf16le')) || b.includes(Buffer.from(text).toString('base64').replace(/=+$/, '')) || b.includes(Buffer.from(text).toString('hex'));
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ato-moved-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a secret that moves from its field into free text between two monitor runs', () => {
  it('reaches neither run\'s drift, report nor the store; the change is still reported', async () => {
    const [run1, run2] = bindThenLater();
    run2.device.location = `bind account moved, pw ${SECRET} until rotation`;
    run2.audit!.syslog = { ...run2.audit!.syslog!, server: SECRET };
    for (const [i, s] of [run1, run2].entries()) {
      mkdirSync(join(dir, `in${i}`));
      writeFileSync(join(dir, `in${i}`, 'MR-02.json'), JSON.stringify(s, null, 2));
    }
    const base = (i: number, now: string): MonitorOptions => ({
      store: join(dir, 'store'), inputs: [join(dir, `in${i}`)], out: join(dir, `out${i}`), force: false, now, wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate', pdf: true,
    });
    await runMonitor(base(0, '2026-11-03T00:00:00Z'));
    await runMonitor(base(1, '2026-11-10T00:00:00Z'));
    expect(holding(dir, SECRET).filter((f) => !f.includes('/in'))).toEqual([]);
    const drift = readFileSync(join(dir, 'out1', 'drift.md'), 'utf8');
    // The field's change is still drift, its new text shown with the password masked where it stands.
    expect(drift).toMatch(/changed \| device\.location \|[^\n]*bind account moved, pw \\\[REDACTED\\\] until rotation/);
    expect(drift).toMatch(/removed \| access\.ldap\.bindPassword/);
    // Filing run 2's input again gives the same object: the run is the one recorded.
    const again = await runMonitor({ ...base(1, '2026-11-10T00:00:00Z'), out: join(dir, 'out1b') });
    expect(again.alreadyRecorded).toBe(true);
    expect(readFileSync(join(dir, 'out1b', 'drift.md'), 'utf8')).toBe(drift);
  }, 120_000);
});

describe('diff of an earlier snapshot masked on disk (an evidence copy) and a later one holding the moved secret', () => {
  it('prints neither the secret nor the word where it moved, in setting rows or check details; both snapshots raw, it is masked as a copy', async () => {
    const [run1, run2] = bindThenLater();
    run2.device.location = SECRET;
    // AUDIT-FORWARD's detail quotes the syslog server: a check's text, not a setting row.
    run2.audit!.syslog = { ...run2.audit!.syslog!, server: SECRET };
    const d = join(dir, 'diff');
    mkdirSync(d);
    writeFileSync(join(d, 'masked.json'), JSON.stringify(redactSnapshot(run1), null, 2));
    writeFileSync(join(d, 'raw1.json'), JSON.stringify(run1, null, 2));
    writeFileSync(join(d, 'raw2.json'), JSON.stringify(run2, null, 2));
    for (const old of ['masked.json', 'raw1.json']) {
      const out = join(d, `out-${old}`);
      await runDiff({ old: join(d, old), new: join(d, 'raw2.json'), out, force: false, now: '2026-11-10T00:00:00Z', toolVersion: 'test', config: {}, warn: () => {} });
      expect(holding(out, SECRET), old).toEqual([]);
      expect(readFileSync(join(out, 'drift.md'), 'utf8')).toMatch(/changed \| device\.location \|[^\n]*\\\[REDACTED\\\]/);
    }
  }, 120_000);
});

describe('maskMovedSecrets', () => {
  const old = redactSnapshot((() => {
    const s = copy();
    s.access!.ldap = { ...s.access!.ldap!, bindPassword: SECRET };
    return s;
  })());

  it('masks nothing while the masked value stays in its place (the password changed or not)', () => {
    const s = copy();
    s.access!.ldap = { ...s.access!.ldap!, bindPassword: 'Other9Pw77' };
    s.device.location = 'Room Zx81k2q';
    expect(maskMovedSecrets(old, redactSnapshot(s))).toBeUndefined();
  });

  it('masks a password-looking word of a new text once the masked value left; old texts, identifiers and digests stay', () => {
    const s = copy();
    s.device.location = `moved: ${SECRET}`;
    s.audit!.syslog = { ...s.audit!.syslog!, server: 'siem.hospital.local' };
    const out = maskMovedSecrets(old, redactSnapshot(s))!;
    expect(out.device.location).toBe(`moved: ${REDACTED}`);
    expect(out.device.id).toBe(sample.device.id);
    expect(out.access!.ldap!.bindDn).toBe(sample.access!.ldap!.bindDn);
    expect(JSON.stringify(out.hardening)).toBe(JSON.stringify(sample.hardening));
  });
});
