// A "not applicable" reached because a check's `applies-when` read a value is withheld (not
// collected) by the same rules as a pass (src/evaluate/evaluate-check.ts): when that value came from
// a policy file only, was masked by redaction, came from one profile's own setting (a snapshot of an
// older ingest), or contradicts its own registry value. Judged alike by `assess` (the built CLI), by
// evaluateCheck and checkStatus (the full and status-only paths), and by `diff` when only that
// value's provenance changes between the two snapshots (drift/side.ts must not reuse OLD's verdict).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { checkStatus, evaluateCheck, makeContext } from '../src/evaluate/evaluate-check.js';
import { resolveParameters } from '../src/params/resolve.js';
import { readSnapshot } from '../src/snapshot/load.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { requireBuiltCli, runCli } from './support/cli.js';
import { assessedStored } from './support/stored-snapshot.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = '2026-11-03T00:00:00Z';
const SHA = 'a'.repeat(64);
const catalog = loadCatalog();
const params = resolveParameters(catalog.parameters, [], []).params;
const USER_DESKTOP = 'HKEY_CURRENT_USER\\Control Panel\\Desktop';
const POLICY_DESKTOP = 'HKEY_CURRENT_USER\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop';

/** MR-01's sample snapshot, without its GPO template unless `keepTemplate`, edited by `edit`. */
function mr01(edit: (s: Json) => void, keepTemplate = false): Json {
  const s = JSON.parse(readFileSync('samples/MR-01/MR-01_2026-11-02.json', 'utf8')) as Json;
  if (!keepTemplate) s.sources = s.sources.filter((x: Json) => x.kind !== 'gpo-template');
  delete s.intended;
  edit(s);
  return s;
}

/** The screen saver off, read as the field's provenance says (a .reg export of `key`). */
function screenSaverOff(key: string, registry?: Record<string, unknown>): Json {
  return mr01((s) => {
    s.access.screenLock.screenSaverActive = false;
    s.sources.push({ file: 'reg-desktop.reg', sha256: SHA, kind: 'reg-export' });
    s.provenance['/access/screenLock/screenSaverActive'] = { file: 'reg-desktop.reg', sha256: SHA, location: `[${key}] "ScreenSaveActive", line 4`, rule: `derived from registry value ${key.replace('HKEY_CURRENT_USER', 'HKCU')}\\ScreenSaveActive` };
    Object.assign(s.hardening.registry, registry ?? {});
  });
}

/** LDAP sign-in off, no directory account listed, and a group in Administrators whose SID is as given. */
function ldapOff(sid: string): Json {
  return mr01((s) => {
    s.access.ldap.enabled = false;
    s.access.accounts = s.access.accounts.filter((a: Json) => a.source !== 'ldap');
    s.access.nestedGroups.push({ group: 'Administrators', groupSid: 'S-1-5-32-544', member: 'BUILTIN\\Backup Operators', sid, kind: 'group' });
  });
}

/** Accounts never lock (threshold 0), that value read from the file given. */
function neverLocks(file: string): Json {
  return mr01((s) => {
    s.access.lockoutPolicy.local.threshold = 0;
    s.provenance['/access/lockoutPolicy/local/threshold'] = { ...s.provenance['/access/lockoutPolicy/local/threshold'], file, location: '[System Access] LockoutBadCount (line 11)' };
  }, true);
}

interface Case {
  rule: string;
  checkId: string;
  /** The snapshot whose condition value is sound: not applicable. */
  sound: () => Json;
  /** The same condition value, with evidence that does not prove it. */
  unsound: () => Json;
  /** What the reason must say. */
  why: RegExp;
}

const CASES: Case[] = [
  {
    rule: 'policy file only (intentOnly)',
    checkId: 'LOCKOUT-DURATION',
    sound: () => neverLocks('MR-01_2026-11-02/policy.inf'),
    unsound: () => neverLocks('MR-01_2026-11-02/GptTmpl.inf'),
    why: /only a policy file gives the values read \(MR-01_2026-11-02\/GptTmpl\.inf\)/,
  },
  {
    // Only the source's kind says what the file is: the same file, declared a GPO template.
    rule: 'policy file only, by its kind alone (intentOnly)',
    checkId: 'LOCKOUT-DURATION',
    sound: () => neverLocks('MR-01_2026-11-02/policy.inf'),
    unsound: () => {
      const s = neverLocks('MR-01_2026-11-02/policy.inf');
      s.sources.find((x: Json) => x.file === 'MR-01_2026-11-02/policy.inf').kind = ' GPO-Template ';
      return s;
    },
    why: /only a policy file gives the values read \(MR-01_2026-11-02\/policy\.inf\)/,
  },
  {
    rule: 'masked value (maskedRead)',
    checkId: 'LOCKOUT-THRESHOLD-LDAP',
    sound: () => ldapOff('S-1-5-32-551'),
    unsound: () => ldapOff('[REDACTED]'),
    why: /\/access\/nestedGroups\/\d+\/sid/,
  },
  {
    rule: 'one profile\'s own setting (oneProfileRead)',
    checkId: 'SCREEN-LOCK-SECURE',
    sound: () => screenSaverOff(POLICY_DESKTOP),
    unsound: () => screenSaverOff(USER_DESKTOP),
    why: /own setting of the account that ran the collection/,
  },
  {
    rule: 'contradicted by its own registry value (contradictedRead)',
    checkId: 'SCREEN-LOCK-SECURE',
    sound: () => screenSaverOff(POLICY_DESKTOP, { 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop\\ScreenSaveActive': '0' }),
    unsound: () => screenSaverOff(POLICY_DESKTOP, { 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop\\ScreenSaveActive': '1' }),
    why: /cannot all be in force.*ScreenSaveActive/,
  },
];

let dir: string;
let n = 0;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'applies-when-withheld-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The snapshot as every command reads it (validated, redacted). */
const loaded = (s: Json): Snapshot => readSnapshot(Buffer.from(JSON.stringify(s)), 'MR-01.json').snapshot;
const checkOf = (id: string) => catalog.checks.find((c) => c.id === id)!;

function assessed(s: Json, checkId: string): { result: string; reason?: string } {
  return assessedStored(dir, `a${n++}`, s, checkId, NOW);
}

function diffed(old: Json, neu: Json, checkId: string): { old: string; new: string; newReason?: string; oldReason?: string } {
  const d = join(dir, `d${n++}`);
  for (const [side, s, at] of [['old', old, '2026-10-05T09:14:00Z'], ['new', neu, '2026-11-02T09:21:00Z']] as const) {
    mkdirSync(join(d, side), { recursive: true });
    writeFileSync(join(d, side, 'MR-01.json'), JSON.stringify({ ...s, collectedAt: at }, null, 2));
  }
  const r = runCli(dir, ['diff', join(d, 'old'), join(d, 'new'), '--out', join(d, 'out'), '--now', NOW]);
  expect(r.code, r.stderr).toBeLessThan(4);
  const drift = JSON.parse(readFileSync(join(d, 'out', 'drift.json'), 'utf8'));
  const c = drift.devices.find((x: Json) => x.deviceId === 'MR-01')?.checks.find((x: Json) => x.checkId === checkId);
  return c ?? { old: 'unchanged', new: 'unchanged' };
}

describe.each(CASES)('a not applicable through applies-when on a value read: $rule', ({ checkId, sound, unsound, why }) => {
  it('the premise: on sound evidence the check is not applicable (evaluateCheck, checkStatus, assess)', () => {
    const s = loaded(sound());
    expect(evaluateCheck(checkOf(checkId), s, params).status).toBe('not-applicable');
    expect(checkStatus(checkOf(checkId), s, makeContext(s, params))).toBe('not-applicable');
    expect(assessed(sound(), checkId).result).toBe('not-applicable');
  });

  it('on evidence that does not prove the value: not collected in both paths, naming why', () => {
    const s = loaded(unsound());
    const r = evaluateCheck(checkOf(checkId), s, params);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toMatch(why);
    expect(checkStatus(checkOf(checkId), s, makeContext(s, params))).toBe('not-collected');
  });

  it('assess: not collected, naming why', () => {
    const a = assessed(unsound(), checkId);
    expect(a.result).toBe('not-collected');
    expect(a.reason).toMatch(why);
  });

  it('diff: only that value\'s evidence changes; OLD\'s not applicable is not reused for NEW, and back', () => {
    const fwd = diffed(sound(), unsound(), checkId);
    expect(fwd.old).toBe('not-applicable');
    expect(fwd.new).toBe('not-collected');
    expect(fwd.newReason).toMatch(why);
    const back = diffed(unsound(), sound(), checkId);
    expect(back.old).toBe('not-collected');
    expect(back.new).toBe('not-applicable');
  });
});
