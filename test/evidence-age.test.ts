// Evidence age (issue 11 §2): a snapshot is judged current at the assessment clock. Stale evidence
// never yields a pass; a pass whose clock rule has lapsed by the clock is not a pass then; every
// result says until when it holds (OSCAL `expires`). The catalog's own checks and parameters.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import type { Check, Test } from '../src/catalog/types.js';
import { checkStatus, evaluateCheck, makeContext, EVIDENCE_MAX_AGE_PARAM, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { evaluateDevice } from '../src/evaluate/evaluate-device.js';
import { holdsUntil } from '../src/evaluate/test-eval.js';
import { resolveParameters } from '../src/params/resolve.js';
import type { Snapshot } from '../src/snapshot/types.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const byId = (id: string): Check => catalog.checks.find((c) => c.id === id)!;
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function snap(collectedAt: string, extra: Record<string, unknown>): Snapshot {
  return { schemaVersion: '1.0', device: { id: 'D-1' }, collectedAt, ...extra } as Snapshot;
}

/** Defender's service running: MAL-SIG-AGE reads it beside the signature date. */
const DEFENDER_RUNNING = { services: [{ name: 'WinDefend', startType: 'automatic', state: 'running' }] };

/** A console collected in 2014 whose clock-based values were all fresh at the time. */
const OLD = '2014-03-01T10:00:00Z';
const old = snap(OLD, {
  hardening: DEFENDER_RUNNING, malware: { antimalware: { signatureUpdatedAt: '2014-02-28T03:00:00Z' } },
  audit: {
    timeSync: { source: 'dc01.hospital.example', leapIndicator: 0, stratum: 3, lastSuccessfulSyncAt: '2014-03-01T09:30:00Z' },
    syslog: { enabled: true, server: 'siem.hospital.example', lastSuccessfulSendAt: '2014-03-01T09:58:00Z' },
  },
  access: { lockoutPolicy: { local: { threshold: 0 } }, ldap: { enabled: false } },
});

describe('stale evidence (older than evidence-max-age-days at the assessment clock)', () => {
  it('the default is 30 days, from parameters.yaml', () => {
    expect(params.get(EVIDENCE_MAX_AGE_PARAM)?.value).toBe(30);
    expect(catalog.parameters.find((p) => p.id === EVIDENCE_MAX_AGE_PARAM)?.basis).toMatch(/monthly continuous-monitoring/);
  });

  it('a 2014 snapshot assessed on 2026-12-01: signature age, time sync and log forwarding are not collected, with the age', () => {
    const clock = { now: '2026-12-01T00:00:00Z' };
    for (const id of ['MAL-SIG-AGE', 'TIME-SYNC', 'AUDIT-FORWARD']) {
      // passes at collection ...
      expect(evaluateCheck(byId(id), old, params).status, id).toBe('pass');
      // ... not at the clock
      const r = evaluateCheck(byId(id), old, params, clock);
      expect(r.status, id).toBe('not-collected');
      expect(r.stale).toBe(true);
      expect(r.reason).toMatch(/stale: collected 2014-03-01T10:00:00Z, 4657 days 14 hours before the assessment \(2026-12-01T00:00:00Z\), older than the 30 days accepted/);
      expect(r.params.map((p) => p.id)).toContain(EVIDENCE_MAX_AGE_PARAM);
    }
  });

  it('a fail stays a fail, marked stale; a not-applicable is not kept either', () => {
    const clock = { now: '2026-12-01T00:00:00Z' };
    const lockout = evaluateCheck(byId('LOCKOUT-THRESHOLD'), old, params, clock);
    expect(lockout.status).toBe('fail');
    expect(lockout.stale).toBe(true);
    expect(lockout.reason).toBeUndefined();
    // LDAP off, only a local account listed and no directory group in a local group (an empty list of
    // nested groups; absent, applicability is not collected since 3c3eeee): the LDAP policy does not apply
    const localOnly = { ...old, access: { ...old.access, accounts: [{ name: 'radtech', enabled: true, source: 'local' }], nestedGroups: [] } } as Snapshot;
    const ldap = evaluateCheck(byId('LOCKOUT-THRESHOLD-LDAP'), localOnly, params);
    expect(ldap.status).toBe('not-applicable');
    expect(evaluateCheck(byId('LOCKOUT-THRESHOLD-LDAP'), localOnly, params, clock).status).toBe('not-collected');
  });

  it('30 days exactly is still current; 30 days and a second is stale', () => {
    const at = (ms: number) => evaluateCheck(byId('LOCKOUT-THRESHOLD'), snap(OLD, { access: { lockoutPolicy: { local: { threshold: 3 } } } }), params, { now: iso(ms) });
    const edge = at(Date.parse(OLD) + 30 * DAY);
    expect([edge.status, edge.stale]).toEqual(['pass', undefined]);
    expect(edge.expires).toBe('2014-03-31T10:00:00Z');
    const after = at(Date.parse(OLD) + 30 * DAY + 1000);
    expect([after.status, after.stale]).toEqual(['not-collected', true]);
  });
});

describe('a pass that lapses before the assessment clock', () => {
  const fresh = snap('2026-11-02T10:00:00Z', { hardening: DEFENDER_RUNNING, malware: { antimalware: { signatureUpdatedAt: '2026-10-30T10:00:00Z' } } });

  it('signatures 3 days old at collection pass until they are 7 days old: expires then, and is not a pass after', () => {
    const check = byId('MAL-SIG-AGE');
    const before = evaluateCheck(check, fresh, params, { now: '2026-11-06T10:00:00Z' });
    expect(before.status).toBe('pass');
    expect(before.expires).toBe('2026-11-06T10:00:00Z'); // 2026-10-30T10:00 + 7 days, earlier than collection + 30 days
    const after = evaluateCheck(check, fresh, params, { now: '2026-11-06T10:00:01Z' });
    expect(after.status).toBe('not-collected');
    expect(after.stale).toBeUndefined();
    expect(after.lapsedAt).toBe('2026-11-06T10:00:00Z');
    expect(after.reason).toMatch(/passed at collection .* its time limit \(Signatures updated on: within the 7 days before collection\) lapsed at 2026-11-06T10:00:00Z/);
  });

  it('a console-local time whose zone is unknown: the pass expires at the earliest moment it may lapse (UTC+14:00), and the reason says when it has lapsed in every zone', () => {
    // Signatures updated 2026-10-30T10:00 by the console's clock: an instant from 2026-10-29T20:00Z (+14:00) to 2026-10-30T22:00Z (-12:00).
    const local = snap('2026-11-02T10:00:00Z', { hardening: DEFENDER_RUNNING, malware: { antimalware: { signatureUpdatedAt: '2026-10-30T10:00:00' } } });
    const check = byId('MAL-SIG-AGE');
    const before = evaluateCheck(check, local, params, { now: '2026-11-05T20:00:00Z' });
    expect(before.status).toBe('pass');
    expect(before.expires).toBe('2026-11-05T20:00:00Z'); // the earliest instant + 7 days
    const between = evaluateCheck(check, local, params, { now: '2026-11-06T12:00:00Z' });
    expect(between.status).toBe('not-collected');
    expect(between.lapsedAt).toBe('2026-11-05T20:00:00Z');
    expect(between.reason).toMatch(/may have lapsed from 2026-11-05T20:00:00Z \(at UTC\+14:00; at UTC-12:00 it lapses at 2026-11-06T22:00:00Z: it depends on the zone\)/);
    const after = evaluateCheck(check, local, params, { now: '2026-11-07T00:00:00Z' });
    expect(after.reason).toMatch(/lapsed by 2026-11-06T22:00:00Z whatever the zone \(from 2026-11-05T20:00:00Z at UTC\+14:00\)/);
    expect(checkStatus(check, local, makeContext(local, params, { now: '2026-11-06T12:00:00Z' }))).toBe('not-collected');
  });

  it('a fail has no lapse: it expires with the evidence (collection + 30 days)', () => {
    const stale = snap('2026-11-02T10:00:00Z', { hardening: DEFENDER_RUNNING, malware: { antimalware: { signatureUpdatedAt: '2026-10-01T00:00:00Z' } } });
    const r = evaluateCheck(byId('MAL-SIG-AGE'), stale, params, { now: '2026-11-20T00:00:00Z' });
    expect([r.status, r.expires, r.lapsedAt]).toEqual(['fail', '2026-12-02T10:00:00Z', undefined]);
  });

  it('an idle-account rule (none ... older-than-days) lapses when the most recently idle account turns idle', () => {
    const accounts = snap('2026-11-02T10:00:00Z', {
      access: {
        accounts: [
          { name: 'a', enabled: true, lastLogon: '2026-10-20T10:00:00Z' },
          { name: 'b', enabled: true, lastLogon: '2026-11-01T10:00:00Z' },
          { name: 'old-but-disabled', enabled: false, lastLogon: '2020-01-01T00:00:00Z' },
        ],
      },
    });
    const r = evaluateCheck(byId('ACCOUNT-INACTIVE'), accounts, params, { now: '2026-11-03T00:00:00Z' });
    expect(r.status).toBe('pass');
    // account "a" turns idle 35 days after 2026-10-20T10:00: the first moment the pass no longer holds
    expect(r.expires).toBe('2026-11-24T10:00:00Z');
    expect(evaluateCheck(byId('ACCOUNT-INACTIVE'), accounts, params, { now: '2026-11-24T10:00:01Z' }).status).toBe('not-collected');
  });

  it('a certificate (min-remaining-days) lapses 30 days before its notAfter', () => {
    const certs = snap('2026-11-02T10:00:00Z', {
      encryption: { certificates: [{ subject: 'CN=x', issuer: 'CN=CA', notAfter: '2026-12-20T00:00:00Z', keyAlgorithm: 'RSA', keySize: 2048, trustedIssuer: true }] },
    });
    const r = evaluateCheck(byId('TLS-CERTIFICATE'), certs, params, { now: '2026-11-10T00:00:00Z' });
    expect([r.status, r.expires]).toEqual(['pass', '2026-11-20T00:00:00Z']);
    expect(evaluateCheck(byId('TLS-CERTIFICATE'), certs, params, { now: '2026-11-21T00:00:00Z' }).lapsedAt).toBe('2026-11-20T00:00:00Z');
  });

  it('any-of holds as long as one passing part does; all-of as long as every part does', () => {
    const t = (field: string, days: number): Test => ({ field, operator: 'max-age-days', expected: days });
    const s = snap('2026-11-02T00:00:00Z', { audit: { syslog: { lastSuccessfulSendAt: '2026-11-01T00:00:00Z' }, timeSync: { lastSuccessfulSyncAt: '2026-10-31T00:00:00Z' } } });
    const ctx = makeContext(s, params);
    const a = t('audit.syslog.lastSuccessfulSendAt', 2); // holds until 2026-11-03
    const b = t('audit.timeSync.lastSuccessfulSyncAt', 5); // holds until 2026-11-05
    expect(iso(holdsUntil({ operator: 'any-of', tests: [a, b] }, s, ctx).ms)).toBe('2026-11-05T00:00:00Z');
    expect(iso(holdsUntil({ operator: 'all-of', tests: [a, b] }, s, ctx).ms)).toBe('2026-11-03T00:00:00Z');
    // a rule that does not read the clock never lapses
    expect(holdsUntil({ field: 'audit.syslog.lastSuccessfulSendAt', operator: 'not-empty' }, s, ctx).ms).toBe(Infinity);
  });
});

describe('checkStatus (the status-only path) decides as evaluateCheck does at the clock', () => {
  it('on fresh, lapsing and stale evidence, for every check of the catalog', () => {
    const base = snap('2026-11-02T10:00:00Z', {
      malware: { antimalware: { serviceRunning: true, realTimeProtection: true, signatureUpdatedAt: '2026-10-31T10:00:00Z', lastFullScanAt: '2026-11-01T02:00:00Z' } },
      audit: { timeSync: { source: 'ntp', leapIndicator: 0, lastSuccessfulSyncAt: '2026-11-02T09:00:00Z' }, syslog: { enabled: true, server: 's', transport: 'tls', lastSuccessfulSendAt: '2026-11-02T09:59:00Z' } },
      access: { lockoutPolicy: { local: { threshold: 3, durationMinutes: 15, resetMinutes: 15 } }, ldap: { enabled: false }, accounts: [{ name: 'x', enabled: true, lastLogon: '2026-10-15T00:00:00Z' }] },
    });
    let differ = 0;
    for (const now of ['2026-11-02T12:00:00Z', '2026-11-04T00:00:00Z', '2026-11-20T00:00:00Z', '2027-01-01T00:00:00Z']) {
      const full = evaluateDevice(base, catalog.checks, params, [], now.slice(0, 10), { now });
      const ctx = makeContext(base, params, { now });
      catalog.checks.forEach((c, i) => expect(checkStatus(c, base, ctx), `${c.id} at ${now}`).toBe(full[i]!.status));
      differ += full.filter((r, i) => r.status !== evaluateDevice(base, catalog.checks, params, [], now.slice(0, 10))[i]!.status).length;
    }
    expect(differ).toBeGreaterThan(0); // the clock changed some verdicts
  });
});

describe('dates after collection (a wrong clock, not a fresh event)', () => {
  const AT = '2026-11-02T10:00:00Z';
  const accounts = (lastLogon: string) => ({
    access: { accounts: [{ name: 'radtech', enabled: true, lastLogon: '2026-11-01T08:00:00Z' }, { name: 'service', enabled: true, lastLogon }] },
  });

  it('signatures "updated" a year after collection: MAL-SIG-AGE not collected, the date and why named, never a pass', () => {
    const r = evaluateCheck(byId('MAL-SIG-AGE'), snap(AT, { hardening: DEFENDER_RUNNING, malware: { antimalware: { signatureUpdatedAt: '2027-11-01T10:00:00Z' } } }), params, { now: '2026-11-02T12:00:00Z' });
    expect(r.status).toBe('not-collected');
    expect(r.reason).toContain(`${byId('MAL-SIG-AGE').wording!.fields!['malware.antimalware.signatureUpdatedAt']} = 2027-11-01T10:00:00Z is dated more than a day after the collection (2026-11-02T10:00:00Z)`);
  });

  it('the same for the last time sync and the last log forwarded', () => {
    const s = snap(AT, {
      audit: {
        timeSync: { source: 'dc01.hospital.example', leapIndicator: 0, lastSuccessfulSyncAt: '2026-11-04T10:00:00Z' },
        syslog: { enabled: true, server: 'siem.hospital.example', lastSuccessfulSendAt: '2026-12-02T10:00:00Z' },
      },
    });
    for (const id of ['TIME-SYNC', 'AUDIT-FORWARD']) expect(evaluateCheck(byId(id), s, params).status, id).toBe('not-collected');
  });

  it('an enabled account whose last logon is dated after collection: ACCOUNT-INACTIVE not collected, naming the account', () => {
    const r = evaluateCheck(byId('ACCOUNT-INACTIVE'), snap(AT, accounts('2027-06-01T00:00:00Z')), params);
    expect(r.status).toBe('not-collected');
    const w = byId('ACCOUNT-INACTIVE').wording!;
    expect(r.reason).toContain(`service, one of the ${w.items}: ${w.fields!['lastLogon']} = 2027-06-01T00:00:00Z is dated more than a day after the collection`);
  });

  it('clock skew (within a day after collection) is age 0 from collection: the pass lapses the allowed age after collection, not after the skewed date', () => {
    const s = snap(AT, { hardening: DEFENDER_RUNNING, malware: { antimalware: { signatureUpdatedAt: '2026-11-02T22:00:00Z' } } });
    const check = byId('MAL-SIG-AGE');
    expect(evaluateCheck(check, s, params).status).toBe('pass');
    // 7 days after collection and one minute: lapsed (measured from the skewed date it would still hold for 12 hours)
    const later = evaluateCheck(check, s, params, { now: iso(Date.parse(AT) + 7 * DAY + 60_000) });
    expect(later.status).toBe('not-collected');
    expect(later.lapsedAt).toBe('2026-11-09T10:00:00Z');
  });

  it('a date within the skew after collection but after --now: not collected, naming the assessment time, on both paths; once the clock has passed it, a pass', () => {
    // Collected 10:00, the last log "forwarded" 10:30, judged at 10:15: the run has not reached 10:30.
    const s = snap(AT, { audit: { syslog: { enabled: true, server: 'siem.hospital.example', lastSuccessfulSendAt: '2026-11-02T10:30:00Z' } } });
    const check = byId('AUDIT-FORWARD');
    const early = { now: '2026-11-02T10:15:00Z' };
    const r = evaluateCheck(check, s, params, early);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toContain(`${check.wording!.fields!['audit.syslog.lastSuccessfulSendAt']} = 2026-11-02T10:30:00Z is dated after the assessment time (2026-11-02T10:15:00Z)`);
    expect(checkStatus(check, s, makeContext(s, params, early))).toBe('not-collected');
    expect(evaluateCheck(check, s, params, { now: '2026-11-02T11:00:00Z' }).status).toBe('pass');
  });
});
