// Dates that can mislead: a date compared by what it means, not by how it is written, and dates
// a Windows export writes in a form that does not say which day it is, or that it is no day at all.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { diffSettings, quietFields } from '../src/drift/settings.js';
import { evaluateCheck } from '../src/evaluate/evaluate-check.js';
import { ingestFolder } from '../src/ingest/index.js';
import { resolveParameters } from '../src/params/resolve.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { clone, context, ROUND2, sample } from './support/drift.js';

const ctx = context();
const base = sample('MR-01', ROUND2);

function withSettings(set: (s: Snapshot) => void): Snapshot {
  const s = clone(base);
  set(s);
  return s;
}

describe('diff: one date written two ways is no change', () => {
  const release = (v: string) => withSettings((s) => { s.hardening!.updates!.vendorSoftware!.latestReleasedOn = v; });
  const sync = (v: string) => withSettings((s) => { s.audit!.timeSync!.lastSuccessfulSyncAt = v; });

  it('a release day and that day at midnight UTC (the form days were once written in) are the same release', () => {
    for (const instant of ['2026-06-30T00:00:00Z', '2026-06-30T00:00:00.000Z', '2026-06-30T00:00:00+00:00']) {
      for (const [a, b] of [[release('2026-06-30'), release(instant)], [release(instant), release('2026-06-30')]] as const) {
        const changes = diffSettings(a, b, ctx);
        expect(changes.filter((c) => c.field.endsWith('latestReleasedOn'))).toEqual([]);
        // Still judged again: its check's text quotes the date as written.
        expect(quietFields(changes)).toContain('hardening.updates.vendorSoftware.latestReleasedOn');
      }
    }
  });

  it('one instant written at two offsets is the same time', () => {
    const changes = diffSettings(sync('2026-11-02T08:33:00Z'), sync('2026-11-02T09:33:00.0000000+01:00'), ctx);
    expect(changes.filter((c) => c.field.endsWith('lastSuccessfulSyncAt'))).toEqual([]);
  });

  it('another day, another time of the day, or another instant is still a change', () => {
    for (const [a, b] of [
      [release('2026-06-30'), release('2026-07-01T00:00:00Z')],
      [release('2026-06-30'), release('2026-06-30T12:00:00Z')],
      [release('2026-06-30'), release('2026-06-29T00:00:00Z')],
      [sync('2026-11-02T08:33:00Z'), sync('2026-11-02T08:33:00+01:00')],
    ] as const) {
      expect(diffSettings(a, b, ctx).filter((c) => /latestReleasedOn|lastSuccessfulSyncAt/.test(c.field)).map((c) => c.kind)).toEqual(['changed']);
    }
  });
});

const catalog = loadCatalog();
const check = (id: string) => catalog.checks.find((c) => c.id === id)!;
const defaults = resolveParameters(catalog.parameters, [], []).params;
const tmp = mkdtempSync(join(tmpdir(), 'ato-date-meaning-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const NOW = { now: '2024-03-02T00:00:00Z' };

/** The mr-01 export fixture (collected 2024-03-01T10:15:22+01:00) with texts replaced, ingested. */
async function ingestEdited(name: string, edits: Array<[file: string, from: string | RegExp, to: string]>) {
  const dir = join(tmp, name);
  cpSync('test/fixtures/exports/mr-01', dir, { recursive: true });
  for (const [file, from, to] of edits) {
    const t = readFileSync(join(dir, file), 'utf8');
    const next = t.replace(from, to);
    expect(next, `${file}: ${String(from)}`).not.toBe(t);
    writeFileSync(join(dir, file), next);
  }
  return ingestFolder(dir);
}
const noCulture: [string, RegExp, string] = ['collection.json', /"culture":\s*\{[^}]*\},/, ''];
const signature = (text: string): [string, RegExp, string] => ['defender.json', /"AntivirusSignatureLastUpdated":\s*"[^"]*"/, `"AntivirusSignatureLastUpdated": "${text}"`];

describe("a Defender signature date written in the console's culture", () => {
  it('"01/03/2024 09:58:01" with no culture named: read both ways, MAL-SIG-AGE does not pass on 1 March', async () => {
    const { snapshot, warnings } = await ingestEdited('sig-ambiguous', [noCulture, signature('01/03/2024 09:58:01')]);
    expect(snapshot.malware?.antimalware?.signatureUpdatedAt).toBe('2024-01-03T09:58:01+01:00/2024-03-01T09:58:01+01:00');
    expect(warnings.join('\n')).toMatch(/defender\.json: the local time "01\/03\/2024 09:58:01" reads as/);
    const r = evaluateCheck(check('MAL-SIG-AGE'), snapshot, defaults, NOW);
    expect(r.status).toBe('not-collected');
    expect(JSON.stringify(r)).toMatch(/depends on how the date is read/);
  });

  it('a day only one order has ("13/02/2024") is that day, and judged: 17 days old fails', async () => {
    const { snapshot } = await ingestEdited('sig-one-reading', [noCulture, signature('13/02/2024 09:58:01')]);
    expect(snapshot.malware?.antimalware?.signatureUpdatedAt).toBe('2024-02-13T09:58:01+01:00');
    expect(evaluateCheck(check('MAL-SIG-AGE'), snapshot, defaults, NOW).status).toBe('fail');
  });
});

describe('Windows\' "never" is never, not a date', () => {
  const users = (from: string, to: string): [string, string, string] => ['local-users.csv', from, to];
  // radtech: enabled, LastLogon 2024-02-29T16:12:09+01:00; hospadmin: enabled, PasswordLastSet 2024-01-15T09:00:00+01:00.
  const RADTECH_LOGON = '"2024-02-29T16:12:09.0000000+01:00"';
  const HOSPADMIN_SET = '"2024-01-15T09:00:00.0000000+01:00"';
  for (const never of ['Never', '1/1/1601 1:00:00 AM', '1600-12-31T19:00:00.0000000-05:00', '1/1/0001 12:00:00 AM', '1970-01-01T00:00:00Z', '12/31/1969 11:59:59 PM']) {
    it(`LastLogon ${JSON.stringify(never)}: never logged on (null), so ACCOUNT-INACTIVE fails on radtech; PasswordLastSet ${JSON.stringify(never)}: no date, so PWD-MAX-AGE does not pass on it`, async () => {
      const { snapshot } = await ingestEdited(`never-${never.replace(/\W/g, '')}`, [users(RADTECH_LOGON, `"${never}"`), users(HOSPADMIN_SET, `"${never}"`)]);
      const account = (name: string) => snapshot.access!.accounts!.find((a) => a.name === name)!;
      expect(account('radtech').lastLogon).toBeNull();
      expect(snapshot.provenance?.['/access/accounts/2/lastLogon']?.location ?? '').toMatch(/never logged on/);
      expect(account('hospadmin')).not.toHaveProperty('passwordLastSet');
      const inactive = evaluateCheck(check('ACCOUNT-INACTIVE'), snapshot, defaults, NOW);
      expect(inactive.status).toBe('fail');
      expect(JSON.stringify(inactive)).toMatch(/radtech/);
      expect(evaluateCheck(check('PWD-MAX-AGE'), snapshot, defaults, NOW).status).not.toBe('pass');
    });
  }
});

describe('edge dates judged by what they are', () => {
  const collectedAt = '2026-01-15T12:00:00Z';
  const DEFENDER_RUNNING = { services: [{ name: 'WinDefend', startType: 'automatic', state: 'running' }] };
  const snap = (values: Partial<Snapshot>): Snapshot => ({ schemaVersion: '1.0', device: { id: 'X' }, collectedAt, ...values }) as Snapshot;
  const judge = (id: string, v: string) => {
    // MAL-SIG-AGE also needs Defender's service running (a stopped one updates nothing).
    const s = id === 'MAL-SIG-AGE' ? snap({ malware: { antimalware: { signatureUpdatedAt: v } }, hardening: DEFENDER_RUNNING } as Partial<Snapshot>)
      : id === 'OS-UPDATES-RECENT' ? snap({ hardening: { updates: { lastOsUpdateInstalledOn: v } } } as Partial<Snapshot>)
        : snap({ access: { accounts: [{ name: 'tech', enabled: true, lastLogon: v }] } } as Partial<Snapshot>);
    return evaluateCheck(check(id), s, defaults, { now: '2026-01-16T00:00:00Z' }).status;
  };
  const IDS = ['MAL-SIG-AGE', 'OS-UPDATES-RECENT', 'ACCOUNT-INACTIVE'];

  it('a leap second a day before collection is that recent instant (read as the second before it), not an unreadable date', () => {
    // 2026-01-14T23:59:60Z: 36 hours before collection, well within every window.
    for (const id of IDS) expect(judge(id, '2026-01-14T23:59:60Z'), id).toBe('pass');
    // An old leap second is old.
    for (const id of IDS) expect(judge(id, '2016-12-31T23:59:60Z'), id).toBe('fail');
  });

  it("Windows' zeros (FILETIME 0, DateTime.MinValue, Unix 0 and -1) are old, never recent: each check fails", () => {
    for (const v of ['1601-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z']) {
      for (const id of IDS) expect(judge(id, v), `${id} ${v}`).toBe('fail');
    }
  });

  it('DateTime.MaxValue (9999-12-31) lies after the collection: its age is unknown, not collected', () => {
    for (const id of IDS) expect(judge(id, '9999-12-31T23:59:59Z'), id).toBe('not-collected');
  });

  it('a leap day counts as a day: 2024-02-29 to 2024-03-07 is 7 days, within MAL-SIG-AGE\'s 7', () => {
    const s = { ...snap({ malware: { antimalware: { signatureUpdatedAt: '2024-02-29T12:00:00Z' } }, hardening: DEFENDER_RUNNING } as Partial<Snapshot>), collectedAt: '2024-03-07T12:00:00Z' };
    expect(evaluateCheck(check('MAL-SIG-AGE'), s, defaults, { now: s.collectedAt }).status).toBe('pass');
    const late = { ...s, collectedAt: '2024-03-07T12:00:01Z' };
    expect(evaluateCheck(check('MAL-SIG-AGE'), late, defaults, { now: late.collectedAt }).status).toBe('fail');
  });
});
