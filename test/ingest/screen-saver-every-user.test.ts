// The screen saver's settings count only where they are in force for every interactive user.
// reg-desktop.reg is HKCU\Control Panel\Desktop of the account that ran the collection script (an
// administrator), not the clinical users' profiles; Group Policy's per-user key
// (HKCU\Software\Policies\...\Control Panel\Desktop, reg-desktop-policy.reg) applies to every user.
// A pass, or a satisfying not-applicable, on the collecting account's own preference proves
// nothing about the clinical sessions: not collected, saying why.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-checks.js';
import { evaluateCheck, type ResolvedParams } from '../../src/evaluate/evaluate-check.js';
import { ingestFolder } from '../../src/ingest/index.js';
import { resolveParameters } from '../../src/params/resolve.js';
import { encodeAs, materialiseDevice, mr01Files } from './fixture-folder.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const check = (id: string) => catalog.checks.find((c) => c.id === id)!;
const AT = { now: '2024-03-01T12:00:00Z' };
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const POLICY_HEAD = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop]\r\n';
const USER_HEAD = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Control Panel\\Desktop]\r\n';

/** MR-01's exports with the two desktop keys replaced by the given value lines (null: file not collected). */
async function withDesktop(policy: string | null, user: string | null) {
  const files = mr01Files();
  for (const [name, head, body] of [['reg-desktop-policy.reg', POLICY_HEAD, policy], ['reg-desktop.reg', USER_HEAD, user]] as const) {
    if (body === null) files.delete(name);
    else files.set(name, encodeAs(`${head}${body}\r\n`, 'utf-16le-bom'));
  }
  const dir = materialiseDevice(files);
  made.push(dir);
  return ingestFolder(dir);
}

const SECURE_PREF = '"ScreenSaveActive"="1"\r\n"ScreenSaveTimeOut"="600"\r\n"ScreenSaverIsSecure"="1"';
const WHY = /counts only as Group Policy sets it for every user \(HKCU\\Software\\Policies\\.*own setting of the account that ran the collection/;

describe('SCREEN-LOCK-SECURE reads only values in force for every user', () => {
  it('the premise: Group Policy sets a secure screen saver for every user: pass', async () => {
    const r = await withDesktop('"ScreenSaveActive"="1"\r\n"ScreenSaverIsSecure"="1"', '"ScreenSaveActive"="0"\r\n"ScreenSaverIsSecure"="0"');
    expect(evaluateCheck(check('SCREEN-LOCK-SECURE'), r.snapshot, params, AT).status).toBe('pass');
  });

  it('a secure screen saver in the collecting account\'s own profile, no policy key collected: not collected, saying why', async () => {
    const r = await withDesktop(null, SECURE_PREF);
    const res = evaluateCheck(check('SCREEN-LOCK-SECURE'), r.snapshot, params, AT);
    expect(res.status).toBe('not-collected');
    expect(res.reason).toMatch(WHY);
  });

  it('the policy key exported without screen saver values, a secure one in the collecting account\'s profile: not collected, saying why', async () => {
    const r = await withDesktop('"SCRNSAVE.EXE"="scrnsave.scr"', SECURE_PREF);
    const res = evaluateCheck(check('SCREEN-LOCK-SECURE'), r.snapshot, params, AT);
    expect(res.status).toBe('not-collected');
    expect(res.reason).toMatch(WHY);
  });

  it('the screen saver off in the collecting account\'s profile only: not "not applicable" (which satisfies ac-11), not collected', async () => {
    const r = await withDesktop('"SCRNSAVE.EXE"="scrnsave.scr"', '"ScreenSaveActive"="0"');
    const res = evaluateCheck(check('SCREEN-LOCK-SECURE'), r.snapshot, params, AT);
    expect(res.status).toBe('not-collected');
    expect(res.reason).toMatch(WHY);
  });

  it('policy turns the screen saver on, the password only in the collecting account\'s profile: not collected', async () => {
    const r = await withDesktop('"ScreenSaveActive"="1"', SECURE_PREF);
    const res = evaluateCheck(check('SCREEN-LOCK-SECURE'), r.snapshot, params, AT);
    expect(res.status).toBe('not-collected');
    expect(res.reason).toMatch(WHY);
  });

  it('policy sets the screen saver without a password, the profile says secure: fail (the policy decides)', async () => {
    const r = await withDesktop('"ScreenSaveActive"="1"\r\n"ScreenSaverIsSecure"="0"', SECURE_PREF);
    expect(evaluateCheck(check('SCREEN-LOCK-SECURE'), r.snapshot, params, AT).status).toBe('fail');
  });
});
