// Snapshots ingested before 7595c67 hold screen-saver values ingest took from the collecting
// account's own HKCU\Control Panel\Desktop (reg-desktop.reg), their provenance naming that key.
// Re-assessed (`assess`) or compared (`diff`), a pass or a satisfying not-applicable of
// SCREEN-LOCK-SECURE resting on one is not collected, with the reason 7595c67 gives; values whose
// provenance names Group Policy's key, or hand-written snapshots without provenance, are judged as before.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/snapshot/types.js';
import { requireBuiltCli, runCli } from './support/cli.js';
import { assessedStored } from './support/stored-snapshot.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-03T00:00:00Z';
const SHA = 'a'.repeat(64);
const WHY = /counts only as Group Policy sets it for every user \(HKCU\\Software\\Policies\\.*own setting of the account that ran the collection/;
const USER_KEY = 'HKEY_CURRENT_USER\\Control Panel\\Desktop';
const POLICY_KEY = 'HKEY_CURRENT_USER\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop';
const NAMES = { screenSaverActive: 'ScreenSaveActive', screenSaverIsSecure: 'ScreenSaverIsSecure', screenSaverTimeoutSecs: 'ScreenSaveTimeOut' } as const;
type Field = keyof typeof NAMES;

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'overclaim31-one-profile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * MR-01's sample snapshot (its GPO template dropped, so no policy file is among the sources) with
 * the screen saver as given, each field's provenance naming the key given (a .reg export's location
 * and ingest's rule, as an older ingest wrote them), or none.
 */
function snapshot(screen: Partial<Record<Field, boolean | number>>, keys: Partial<Record<Field, string | { location: string; rule?: string }>>, lock: Partial<Snapshot['access']['screenLock']> = {}): Snapshot {
  const s = JSON.parse(readFileSync('samples/MR-01/MR-01_2026-11-02.json', 'utf8')) as Json;
  s.sources = s.sources.filter((x: Json) => x.kind !== 'gpo-template');
  delete s.intended;
  Object.assign(s.access.screenLock, screen, lock);
  // The registry value the limit is read from says the same (else the snapshot contradicts itself).
  for (const k of Object.keys(s.hardening.registry ?? {})) if (/InactivityTimeoutSecs$/i.test(k) && lock.inactivityTimeoutSecs !== undefined) s.hardening.registry[k] = lock.inactivityTimeoutSecs;
  s.sources.push({ file: 'reg-desktop.reg', sha256: SHA, kind: 'reg-export' }, { file: 'reg-desktop-policy.reg', sha256: SHA, kind: 'reg-export' });
  for (const [field, key] of Object.entries(keys) as Array<[Field, string | { location: string; rule?: string }]>) {
    const name = NAMES[field];
    const at = typeof key === 'string' ? { location: `[${key}] "${name}", line 4`, rule: `derived from registry value ${key.replace('HKEY_CURRENT_USER', 'HKCU')}\\${name}` } : key;
    s.provenance[`/access/screenLock/${field}`] = { file: key === POLICY_KEY ? 'reg-desktop-policy.reg' : 'reg-desktop.reg', sha256: SHA, ...at };
  }
  return s as Snapshot;
}

let n = 0;
/** `assess` of the snapshot through the built CLI: the check's result and its not-collected reason. */
function assessed(s: Snapshot, checkId = 'SCREEN-LOCK-SECURE'): { result: string; reason?: string } {
  return assessedStored(dir, `a${n++}`, s, checkId, NOW);
}

describe('assess: a stored snapshot whose screen saver came from the collecting account\'s own profile', () => {
  it('the premise: the same values from Group Policy\'s key pass', () => {
    expect(assessed(snapshot({ screenSaverActive: true, screenSaverIsSecure: true }, { screenSaverActive: POLICY_KEY, screenSaverIsSecure: POLICY_KEY })).result).toBe('pass');
  });

  it('the premise: a hand-written snapshot without provenance on the fields is judged as it is', () => {
    expect(assessed(snapshot({ screenSaverActive: true, screenSaverIsSecure: true }, {})).result).toBe('pass');
  });

  it('a secure screen saver read from HKCU\\Control Panel\\Desktop: not collected, naming why', () => {
    const r = assessed(snapshot({ screenSaverActive: true, screenSaverIsSecure: true }, { screenSaverActive: USER_KEY, screenSaverIsSecure: USER_KEY }));
    expect(r.result).toBe('not-collected');
    expect(r.reason).toMatch(WHY);
    expect(r.reason).toContain('HKCU\\Control Panel\\Desktop\\ScreenSaverIsSecure is the own setting of the account that ran the collection');
  });

  it('the screen saver off in that profile only: not "not applicable" (which satisfies ac-11), not collected', () => {
    const r = assessed(snapshot({ screenSaverActive: false }, { screenSaverActive: USER_KEY }));
    expect(r.result).toBe('not-collected');
    expect(r.reason).toMatch(WHY);
    expect(r.reason).toContain('HKCU\\Control Panel\\Desktop\\ScreenSaveActive');
  });

  it('Group Policy sets the password, the screen saver "on" only in that profile: the pass rests on it too, not collected', () => {
    const r = assessed(snapshot({ screenSaverActive: true, screenSaverIsSecure: true }, { screenSaverActive: USER_KEY, screenSaverIsSecure: POLICY_KEY }));
    expect(r.result).toBe('not-collected');
    expect(r.reason).toContain('HKCU\\Control Panel\\Desktop\\ScreenSaveActive');
  });

  it('the profile\'s key by any spelling of its hive (a user\'s hive under HKEY_USERS, secedit\'s USER\\): not collected', () => {
    const hku = assessed(snapshot({ screenSaverActive: true, screenSaverIsSecure: true }, { screenSaverActive: POLICY_KEY, screenSaverIsSecure: { location: '[HKEY_USERS\\S-1-5-21-1-2-3-1001\\control panel\\desktop] "ScreenSaverIsSecure", line 9' } }));
    expect(hku.result).toBe('not-collected');
    expect(hku.reason).toMatch(WHY);
    const bare = assessed(snapshot({ screenSaverActive: true, screenSaverIsSecure: true }, { screenSaverActive: POLICY_KEY, screenSaverIsSecure: { location: 'USER\\Control Panel\\Desktop\\ScreenSaverIsSecure, line 3' } }));
    expect(bare.result).toBe('not-collected');
  });

  it('a fail on Group Policy\'s values stays a fail', () => {
    expect(assessed(snapshot({ screenSaverActive: true, screenSaverIsSecure: false }, { screenSaverActive: POLICY_KEY, screenSaverIsSecure: USER_KEY })).result).toBe('fail');
  });

  it('SCREEN-LOCK-TIMEOUT, where that screen saver is supporting evidence only, still passes on the machine-wide limit', () => {
    const s = snapshot({ screenSaverActive: true, screenSaverIsSecure: true, screenSaverTimeoutSecs: 600 }, { screenSaverActive: USER_KEY, screenSaverIsSecure: USER_KEY, screenSaverTimeoutSecs: USER_KEY }, { inactivityTimeoutSecs: 600, noLockDuringAcquisition: false });
    const r = assessed(s, 'SCREEN-LOCK-TIMEOUT');
    expect(r.result, r.reason).toBe('pass');
  });
});

describe('diff: such snapshots are judged as assess judges them', () => {
  function diff(old: Snapshot, neu: Snapshot): Json {
    const d = join(dir, `d${n++}`);
    for (const [side, s, at] of [['old', old, '2026-10-05T09:14:00Z'], ['new', neu, '2026-11-02T09:21:00Z']] as const) {
      mkdirSync(join(d, side), { recursive: true });
      writeFileSync(join(d, side, 'MR-01.json'), JSON.stringify({ ...s, collectedAt: at }, null, 2));
    }
    const r = runCli(dir, ['diff', join(d, 'old'), join(d, 'new'), '--out', join(d, 'out'), '--now', NOW]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(readFileSync(join(d, 'out', 'drift.json'), 'utf8'));
  }
  /** The check's transition on MR-01 (listed where its status changed). */
  const transition = (drift: Json): Json => drift.devices.find((x: Json) => x.deviceId === 'MR-01').checks.find((c: Json) => c.checkId === 'SCREEN-LOCK-SECURE');
  /** The check's statuses on both sides as ac-11.1 lists them (SCREEN-LOCK-TIMEOUT fails on both: the control is still failing, each check named). */
  const underControl = (drift: Json): Json => drift.controls.find((c: Json) => c.controlId === 'ac-11.1').responsible.find((r: Json) => r.deviceId === 'MR-01' && r.checkId === 'SCREEN-LOCK-SECURE');
  const secure = { screenSaverActive: true, screenSaverIsSecure: true };

  it('the same values, now read from the profile\'s key: the pass of OLD is not reused, NEW is not collected, naming why', () => {
    const c = transition(diff(snapshot(secure, { screenSaverActive: POLICY_KEY, screenSaverIsSecure: POLICY_KEY }), snapshot(secure, { screenSaverActive: USER_KEY, screenSaverIsSecure: USER_KEY })));
    expect(c.old).toBe('pass');
    expect(c.new).toBe('not-collected');
    expect(c.newReason).toMatch(WHY);
    // No setting changed: the cause is where the value came from.
    expect(c.cause).toBe('one-profile-source');
  });

  it('two snapshots both read from the profile\'s key: neither side passes', () => {
    const drift = diff(snapshot(secure, { screenSaverActive: USER_KEY, screenSaverIsSecure: USER_KEY }), snapshot(secure, { screenSaverActive: USER_KEY, screenSaverIsSecure: USER_KEY }));
    expect(underControl(drift)).toMatchObject({ old: 'not-collected', new: 'not-collected' });
    expect(transition(drift)).toBeUndefined();
  });
});
