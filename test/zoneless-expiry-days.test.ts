// A deviation's and an attestation's `expires` is a calendar day with no zone. It ends first at
// UTC+14:00 (for 2026-11-03: 2026-11-03T09:59:59Z) and last at UTC-12:00 (2026-11-04T11:59:59Z).
// Accepting a risk or an attested objective after the first end claims it where the day is already
// over: both hold only until the day ends at UTC+14:00, and every document states that moment.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { applyDeviations, type CheckResult, type DeviationRecord } from '../src/evaluate/evaluate-check.js';
import { attestationStatus } from '../src/attest/attestations.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';

const root = new URL('..', import.meta.url).pathname;
type Json = Record<string, any>;
const propOf = (o: Json, name: string): string[] => (o.props ?? []).filter((p: Json) => p.name === name).map((p: Json) => p.value);

const DAY = '2026-11-03';
const FIRST_END = Date.parse('2026-11-03T09:59:59Z'); // the day's end at UTC+14:00
const INSIDE = '2026-11-03T08:00:00Z'; // the day lasts everywhere
const BETWEEN = '2026-11-03T12:00:00Z'; // over at UTC+14:00, still on at UTC

describe('a zoneless last day, unit', () => {
  const fail: CheckResult = { checkId: 'SCREEN-LOCK-TIMEOUT', deviceId: 'MR-01', status: 'fail', observed: '0', expected: '', problems: [], missing: [], params: [], pointers: [], provenance: [] };
  const dev: DeviationRecord = { checkId: 'SCREEN-LOCK-TIMEOUT', deviceId: 'MR-01', justification: 'acquisition', approver: 'AO', expires: DAY, source: 'd.csv line 2' };

  it('a deviation applies until its day ends at UTC+14:00, not after', () => {
    expect(applyDeviations(fail, [dev], '2026-11-03T09:59:59Z').status).toBe('deviation');
    const after = applyDeviations(fail, [dev], '2026-11-03T10:00:00Z');
    expect(after.status).toBe('fail');
    expect(after.expiredDeviation?.expires).toBe(DAY);
    // The same moment written with an offset is the same instant.
    expect(applyDeviations(fail, [dev], '2026-11-03T23:00:00+14:00').status).toBe('deviation');
    expect(applyDeviations(fail, [dev], '2026-11-03T01:00:00-12:00').status).toBe('fail');
  });

  it('an attestation is valid until its day ends at UTC+14:00, not after', () => {
    expect(attestationStatus(DAY, '2026-11-03T09:59:59Z')).toBe('valid');
    expect(attestationStatus(DAY, '2026-11-03T10:00:00Z')).toBe('expired');
    expect(attestationStatus(DAY, '2026-11-02T23:00:00Z')).toBe('valid');
  });
});

let dir: string;
const runs: Record<string, { ar: Json; poam: Json; warnings: string[] }> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-zoneless-expiry-'));
  // Every device's SCREEN-LOCK-TIMEOUT fail under one deviation: the POA&M item is accepted.
  writeFileSync(join(dir, 'deviations.csv'), `check_id,device_id,justification,approver,expires\nSCREEN-LOCK-TIMEOUT,*,Vendor safety requirement,Jonas Lindqvist (Authorizing Official),${DAY}\n`);
  // pl-4's attestation (with its evidence folder) made to end on the same day.
  cpSync(join(root, 'samples/attestations'), join(dir, 'attestations'), { recursive: true });
  const yaml = readFileSync(join(root, 'samples/attestations.yaml'), 'utf8');
  const changed = yaml.replace('expires: 2026-09-30', `expires: ${DAY}`);
  expect(changed).not.toBe(yaml);
  writeFileSync(join(dir, 'attestations.yaml'), changed);
  for (const now of [INSIDE, BETWEEN]) {
    const out = join(dir, now.replace(/:/g, ''));
    const warnings: string[] = [];
    await runAssess({
      inputs: [join(root, 'samples')], out, force: false, baseline: 'moderate', now, toolVersion: 'test', pdf: false,
      deviations: join(dir, 'deviations.csv'), attestations: join(dir, 'attestations.yaml'), system: join(root, 'samples/system.yaml'),
      warn: (m) => warnings.push(m),
    });
    runs[now] = {
      ar: JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8')),
      poam: JSON.parse(readFileSync(join(out, 'poam.json'), 'utf8')),
      warnings,
    };
  }
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const observations = (now: string, check: string): Json[] => (runs[now]!.ar['assessment-results'].results[0].observations as Json[]).filter((o) => propOf(o, 'check-id')[0] === check);
const screenLockRisk = (now: string): Json | undefined => (runs[now]!.poam['plan-of-action-and-milestones'].risks as Json[]).find((r) => /SCREEN-LOCK-TIMEOUT/.test(r.title));
const pl4 = (now: string): Json[] => (runs[now]!.ar['assessment-results'].results[0].observations as Json[]).filter((o) => propOf(o, 'attestation-source').length && /pl-4/i.test(JSON.stringify(o)));

describe('assess with a deviation and an attestation ending on one zoneless day', () => {
  it('while the day lasts everywhere, the deviation is accepted and the POA&M deadline is the day\'s end at UTC+14:00', () => {
    expect(observations(INSIDE, 'SCREEN-LOCK-TIMEOUT').some((o) => propOf(o, 'result')[0] === 'deviation')).toBe(true);
    const risk = screenLockRisk(INSIDE)!;
    expect(risk.status).toBe('deviation-approved');
    expect(Date.parse(risk.deadline)).toBe(FIRST_END);
    expect(runs[INSIDE]!.warnings.join('\n')).not.toMatch(/deviation for SCREEN-LOCK-TIMEOUT/);
  });

  it('once the day is over at UTC+14:00 (still on at UTC), the check fails and says the deviation lapsed then', () => {
    const obs = observations(BETWEEN, 'SCREEN-LOCK-TIMEOUT');
    expect(obs.some((o) => propOf(o, 'result')[0] === 'deviation')).toBe(false);
    const expired = obs.filter((o) => propOf(o, 'result')[0] === 'fail').flatMap((o) => propOf(o, 'expired-deviation'));
    expect(expired.length).toBeGreaterThan(0);
    for (const e of expired) expect(e).toMatch(/UTC\+14:00, 2026-11-03T09:59:59Z/);
    expect(screenLockRisk(BETWEEN)!.status).toBe('open');
    expect(runs[BETWEEN]!.warnings.join('\n')).toMatch(/deviation for SCREEN-LOCK-TIMEOUT .* expired on 2026-11-03/);
  });

  it('the attestation counts while the day lasts everywhere, has lapsed after, and its expiry is that moment', () => {
    const inside = pl4(INSIDE);
    expect(inside.length).toBeGreaterThan(0);
    for (const o of inside) expect(Date.parse(o.expires)).toBe(FIRST_END);
    expect(runs[INSIDE]!.warnings.join('\n')).not.toMatch(/attestation of pl-4 .* expired/);
    expect(runs[BETWEEN]!.warnings.join('\n')).toMatch(/attestation of pl-4 .* expired/);
  });
});

describeWithShared('the documents of both runs validate against NIST', () => {
  it('AR and POA&M, OSCAL 1.1.3 and 1.2.2', () => {
    for (const now of [INSIDE, BETWEEN]) {
      for (const version of ['1.1.3', '1.2.2'] as const) {
        expect(validateOscal(runs[now]!.ar, version)).toEqual([]);
        expect(validateOscal(runs[now]!.poam, version)).toEqual([]);
      }
    }
  });
});

describe("a vendor's release day with no zone", () => {
  /** Ingests the mr-01 fixture with its latestReleasedOn written as `v`; the snapshot's value. */
  function releasedOn(v: string, name: string): unknown {
    const ex = join(dir, `export-${name}`);
    cpSync(join(root, 'test/fixtures/exports/mr-01'), ex, { recursive: true });
    const file = join(ex, 'vendor-settings.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/"latestReleasedOn": "[^"]*"/, `"latestReleasedOn": "${v}"`));
    const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'ingest', ex, '--out', join(dir, `mr-01-${name}.json`)], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    return JSON.parse(readFileSync(join(dir, `mr-01-${name}.json`), 'utf8')).hardening.updates.vendorSoftware.latestReleasedOn;
  }

  it('is read as written (YYYY-MM-DD), not refused for lacking a time and offset', () => {
    expect(releasedOn('2024-01-22', 'day')).toBe('2024-01-22');
  });

  it('the instant form (midnight UTC, as release days were once written) is still read, as that instant', () => {
    expect(releasedOn('2024-01-22T00:00:00Z', 'instant')).toBe('2024-01-22T00:00:00Z');
  });
});

describe("drift's due list", () => {
  it("names the moment a deviation stops applying, the same as the POA&M deadline: its day's end at UTC+14:00", () => {
    const dev = join(dir, 'mr01-deviation.csv');
    writeFileSync(dev, `check_id,device_id,justification,approver,expires\nSCREEN-LOCK-TIMEOUT,MR-01,Vendor safety requirement,Jonas Lindqvist (Authorizing Official),${DAY}\n`);
    const out = join(dir, 'drift');
    const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'diff', join(root, 'samples/MR-01/MR-01_2026-10-05.json'), join(root, 'samples/MR-01/MR-01_2026-11-02.json'), '--out', out, '--deviations', dev, '--now', '2026-11-02T18:00:00Z'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const due = (JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')).due as Json[]).filter((x) => x.what === 'deviation-expiry');
    expect(due.map((x) => x.checkId)).toEqual(['SCREEN-LOCK-TIMEOUT']);
    expect(Date.parse(due[0]!.at)).toBe(FIRST_END);
  });
});
