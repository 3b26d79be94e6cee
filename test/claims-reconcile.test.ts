// The package claims only what its evidence shows, read across its documents (an assessor's
// reading, beside test/package-reconciles.test.ts): a satisfied finding rests only on passing or
// attested observations and has no risk or POA&M item; results.csv says, device by device and
// check by check, what the assessment results say; and with every snapshot stale at the clock
// (the samples assessed on 2027-03-01) nothing passes and no control is satisfied by a check.
// results.csv is written with the PDF (it is the PDF's per-device detail): pdf is on.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { propOf } from './support/oscal-json.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
const common = {
  force: false, baseline: 'moderate' as const, toolVersion: 'test', pdf: true, inputs: [join(root, 'samples')],
  deviations: sample('deviations.csv'), attestations: sample('attestations.yaml'), system: sample('system.yaml'), capabilities: sample('vendor-capabilities.yaml'),
};

interface Pkg {
  label: string;
  ar: Json;
  poam: Json;
  ssp: Json;
  csv: Array<Record<string, string>>;
}

let dir: string;
const pkgs: Record<'current' | 'stale', Pkg> = {} as never;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-claims-'));
  for (const [label, now] of [['current', '2026-11-02T18:00:00Z'], ['stale', '2027-03-01T18:00:00Z']] as const) {
    const out = join(dir, label);
    await runAssess({ ...common, out, now });
    const j = (f: string) => JSON.parse(readFileSync(join(out, f), 'utf8'));
    pkgs[label] = { label, ar: j('assessment-results.json'), poam: j('poam.json'), ssp: j('ssp.json'), csv: parse(readFileSync(join(out, 'results.csv'), 'utf8'), { columns: true }) };
  }
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const result = (p: Pkg): Json => p.ar['assessment-results'].results[0];

/** Device id (asset-id) by inventory-item uuid, from the SSP that defines the devices. */
const assetIds = (p: Pkg): Map<string, string> =>
  new Map(p.ssp['system-security-plan']['system-implementation']['inventory-items'].map((i: Json) => [i.uuid, propOf(i, 'asset-id')!]));

/** "device check" -> the AR's check observation of it (five devices: one observation per device and check). */
function arObservations(p: Pkg): Map<string, Json> {
  const ids = assetIds(p);
  const out = new Map<string, Json>();
  for (const o of result(p).observations) {
    const check = propOf(o, 'check-id');
    if (!check) continue;
    for (const s of o.subjects) {
      const key = `${ids.get(s['subject-uuid'])} ${check}`;
      expect(out.has(key), `${p.label}: ${key} has one result in the AR`).toBe(false);
      out.set(key, o);
    }
  }
  return out;
}

/** "device check" -> the result the AR's check observations give it. */
function arResults(p: Pkg): Map<string, string> {
  return new Map([...arObservations(p)].map(([key, o]) => [key, propOf(o, 'result')!]));
}

function satisfiedRestsOnEvidence(p: Pkg): void {
  const r = result(p);
  const obs = new Map<string, Json>(r.observations.map((o: Json) => [o.uuid, o]));
  const satisfied = r.findings.filter((f: Json) => f.target.status.state === 'satisfied');
  for (const f of satisfied) {
    const id = f.target['target-id'];
    expect(f['related-risks'] ?? [], `${p.label}: satisfied ${id} carries no risk`).toEqual([]);
    const cited = (f['related-observations'] ?? []).map((x: Json) => obs.get(x['observation-uuid'])!);
    expect(cited.length, `${p.label}: satisfied ${id} cites its evidence`).toBeGreaterThan(0);
    for (const o of cited) {
      const check = propOf(o, 'check-id');
      if (check) expect(['pass', 'not-applicable'], `${p.label}: satisfied ${id} cites ${o.title}`).toContain(propOf(o, 'result'));
      else expect(propOf(o, 'attestation-status'), `${p.label}: satisfied ${id} cites attestation ${o.title}`).toBe('valid');
    }
  }
  // No POA&M item answers a satisfied finding, nor a control whose control-level finding is satisfied.
  const satisfiedUuids = new Set(satisfied.map((f: Json) => f.uuid));
  const satisfiedControls = new Set(satisfied.filter((f: Json) => f.target['target-id'] === `${propOf(f, 'control-id')}_obj`).map((f: Json) => propOf(f, 'control-id')));
  const findingControl = new Map<string, string | undefined>(r.findings.map((f: Json) => [f.uuid, propOf(f, 'control-id')]));
  for (const it of p.poam['plan-of-action-and-milestones']['poam-items']) {
    for (const rf of it['related-findings'] ?? []) {
      expect(satisfiedUuids.has(rf['finding-uuid']), `${p.label}: POA&M item ${it.title} names a satisfied finding`).toBe(false);
      const control = findingControl.get(rf['finding-uuid']);
      expect(control !== undefined && satisfiedControls.has(control), `${p.label}: POA&M item ${it.title} for satisfied ${control}`).toBe(false);
    }
  }
}

function csvAgrees(p: Pkg): void {
  const ar = arResults(p);
  const devices = new Set(assetIds(p).values());
  const csvDevices = new Set(p.csv.map((row) => row.device));
  expect([...csvDevices].sort()).toEqual([...devices].sort());
  const checks = new Set(p.csv.map((row) => row.check));
  expect(p.csv.length, `${p.label}: one row per device and check`).toBe(devices.size * checks.size);
  const csv = new Map(p.csv.map((row) => [`${row.device} ${row.check}`, row.status]));
  expect(csv.size).toBe(p.csv.length);
  expect(new Map([...csv].sort()), `${p.label}: results.csv and the AR give each device and check the same result`).toEqual(new Map([...ar].sort()));
  // What the observation says beside its result, the CSV says too: why it is not collected, and
  // that its evidence is stale (a fail too). An observation of several devices states the earliest
  // collection among them and its age; a row states its device's own (as the AR's observation of
  // that device alone would: the dedicated test below checks the time): compared without the time.
  const obs = arObservations(p);
  const timeless = (text: string) => text.replace(/collected [^,]*, (?:[^,]* before the assessment|older than)/, 'collected (time)');
  for (const row of p.csv) {
    const o = obs.get(`${row.device} ${row.check}`)!;
    expect(timeless(row.reason), `${p.label}: ${row.device} ${row.check} reason`).toBe(timeless(propOf(o, 'not-collected-reason') ?? ''));
    expect(timeless(row.evidence_stale), `${p.label}: ${row.device} ${row.check} evidence_stale`).toBe(timeless(propOf(o, 'evidence-stale') ?? ''));
    expect(row.deviation_expired, `${p.label}: ${row.device} ${row.check} deviation_expired`).toBe(propOf(o, 'expired-deviation') ?? '');
  }
}

describe('the `npm start` package (2026-11-02)', () => {
  it('a satisfied finding rests only on passing checks or valid attestations; no risk, no POA&M item for it or its control', () => satisfiedRestsOnEvidence(pkgs.current));
  it('results.csv gives every device and check the result the assessment results give it', () => csvAgrees(pkgs.current));
  it("results.csv's row of a result whose deviation expired says so, as the AR's observation does (CT-01 BITLOCKER-PREBOOT, deviation expired 2026-09-30)", () => {
    const row = pkgs.current.csv.find((r) => r.device === 'CT-01' && r.check === 'BITLOCKER-PREBOOT')!;
    const o = arObservations(pkgs.current).get('CT-01 BITLOCKER-PREBOOT')!;
    // The deviation no longer excuses it: the AR's result is a fail, and it names the deviation that expired.
    expect(propOf(o, 'result')).toBe('fail');
    // Its day has no zone: it lapsed when that day ended at UTC+14:00, which the text names.
    expect(propOf(o, 'expired-deviation')).toMatch(/^expired 2026-09-30 \(that day ended at UTC\+14:00, 2026-09-30T09:59:59Z; approved by Jonas Lindqvist \(Authorizing Official\)\); no longer applies$/);
    expect(row.status).toBe('fail');
    expect(row.deviation_approver, 'no approved deviation applies').toBe('');
    expect(row.deviation_expired).toBe(propOf(o, 'expired-deviation'));
    // The columns before it keep their names and order (a contract): the new one comes last.
    expect(Object.keys(row).slice(-3)).toEqual(['reason', 'evidence_stale', 'deviation_expired']);
  });
});

describe('the same samples assessed on 2027-03-01: every snapshot is stale', () => {
  it('no check passes or is not applicable, in the AR or in results.csv; fails stay fails', () => {
    const p = pkgs.stale;
    const results = [...arResults(p).values()];
    expect(results.filter((s) => s === 'pass' || s === 'not-applicable')).toEqual([]);
    expect(p.csv.filter((row) => row.status === 'pass' || row.status === 'not-applicable').map((row) => `${row.device} ${row.check}`)).toEqual([]);
    // The fails found on 2026-11-02 are still fails (or the same deviation) on the stale evidence.
    const before = arResults(pkgs.current);
    for (const [key, status] of before) if (status === 'fail' || status === 'deviation') expect(arResults(p).get(key), key).toBe(status);
  });
  it('only an attestation can still satisfy anything: no satisfied finding cites a check', () => {
    satisfiedRestsOnEvidence(pkgs.stale);
    const r = result(pkgs.stale);
    const obs = new Map<string, Json>(r.observations.map((o: Json) => [o.uuid, o]));
    for (const f of r.findings.filter((x: Json) => x.target.status.state === 'satisfied')) {
      for (const x of f['related-observations'] ?? []) expect(propOf(obs.get(x['observation-uuid'])!, 'check-id'), f.target['target-id']).toBeUndefined();
    }
  });
  it('results.csv agrees with the AR', () => csvAgrees(pkgs.stale));
  it('results.csv says why a value the snapshot holds is not a pass: stale, never "the snapshot does not hold this value"', () => {
    const before = arResults(pkgs.current);
    const held = pkgs.stale.csv.filter((row) => before.get(`${row.device} ${row.check}`) === 'pass');
    expect(held.length).toBeGreaterThan(0);
    for (const row of held) {
      expect(row.status).toBe('not-collected');
      expect(row.found, `${row.device} ${row.check}`).toMatch(/: not collected at the assessment \(the evidence is stale\)\.$/);
    }
  });
  it("results.csv's row for a stale device's check carries the stale reason, and a stale fail says it is stale", () => {
    const collected = new Map(pkgs.stale.csv.map((row) => [row.device, row.collected_at]));
    const before = arResults(pkgs.current);
    const once = pkgs.stale.csv.filter((row) => before.get(`${row.device} ${row.check}`) === 'pass');
    expect(once.length).toBeGreaterThan(0);
    for (const row of once) {
      // Why, in the CSV alone: collected when, how long before the assessment, the age accepted, the verdict then.
      expect(row.reason, `${row.device} ${row.check}`).toMatch(new RegExp(`^the evidence is stale: collected ${collected.get(row.device)}, .* before the assessment \\(2027-03-01T18:00:00Z\\), older than the 30 days accepted \\(parameter evidence-max-age-days\\); at collection the result was pass$`));
    }
    const fails = pkgs.stale.csv.filter((row) => row.status === 'fail');
    expect(fails.length).toBeGreaterThan(0);
    for (const row of fails) {
      expect(row.reason, `${row.device} ${row.check}: a fail has no not-collected reason`).toBe('');
      expect(row.evidence_stale, `${row.device} ${row.check}`).toBe(`collected ${collected.get(row.device)}, older than the accepted evidence age at the assessment`);
    }
  });
});
