// The package read as a whole, as an assessor reads it (issue 12, "Done means"): the `npm start`
// package, and a September -> October -> November chain where each month's assess gets the
// previous month's poam.json. Each must reconcile: one risk per weakness with the same uuid in the
// results and the POA&M, every not-satisfied finding answered by an item, first-detected no later
// than the earliest collection that showed the weakness, the plan's methods covering the results',
// each inventory item defined once per document and never by the plan, set-parameters ids that the
// catalog has, and deviations approved by the system's Authorizing Official.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { checkProducerRules } from '../src/oscal/rules.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';
import { propOf } from './support/oscal-json.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const sample = (p: string) => join(root, 'samples', p);
const ROUNDS = ['2026-09-07', '2026-10-05', '2026-11-02'] as const;

interface Pkg {
  ar: Json;
  ap: Json;
  ssp: Json;
  poam: Json;
}

let dir: string;
let startPkg: Pkg;
const chain: Pkg[] = [];

function read(out: string): Pkg {
  const j = (f: string) => JSON.parse(readFileSync(join(out, f), 'utf8'));
  return { ar: j('assessment-results.json'), ap: j('assessment-plan.json'), ssp: j('ssp.json'), poam: j('poam.json') };
}

/** Every snapshot collected up to `date` (the latest per device is assessed, the older ones are history). */
function snapshotsUpTo(date: string): string[] {
  return readdirSync(join(root, 'samples'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'attestations')
    .flatMap((e) => readdirSync(sample(e.name)).filter((f) => /_\d{4}-\d{2}-\d{2}\.json$/.test(f) && f.slice(-15, -5) <= date).map((f) => sample(join(e.name, f))));
}

const common = {
  force: false, baseline: 'moderate' as const, toolVersion: 'test', pdf: false,
  deviations: sample('deviations.csv'), attestations: sample('attestations.yaml'), system: sample('system.yaml'), capabilities: sample('vendor-capabilities.yaml'),
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-reconcile-'));
  // As `npm start`: every sample snapshot, with the samples' deviations, attestations, system and capabilities.
  await runAssess({ ...common, inputs: [join(root, 'samples')], out: join(dir, 'start'), now: '2026-11-02T18:00:00Z' });
  startPkg = read(join(dir, 'start'));
  for (let i = 0; i < ROUNDS.length; i++) {
    // The sample attestations were signed in September and October: November's run takes them.
    const { attestations, ...rest } = common;
    await runAssess({
      ...rest, ...(i === 2 ? { attestations } : {}), inputs: snapshotsUpTo(ROUNDS[i]!), out: join(dir, `m${i}`), now: `${ROUNDS[i]}T18:00:00Z`,
      ...(i > 0 ? { previousPoam: join(dir, `m${i - 1}`, 'poam.json') } : {}),
    });
    chain.push(read(join(dir, `m${i}`)));
  }
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const result = (p: Pkg): Json => p.ar['assessment-results'].results[0];
const body = (p: Pkg): Json => p.poam['plan-of-action-and-milestones'];
const propsOf = (o: Json, name: string): string[] => (o.props ?? []).filter((x: Json) => x.name === name).map((x: Json) => x.value);
const uuids = (list: Json[] | undefined): Set<string> => new Set((list ?? []).map((x) => x.uuid));

/** Every uuid defined under `key` anywhere in a document. */
function definedUnder(doc: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(doc)) for (const x of doc) definedUnder(x, key, out);
  else if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      if (k === key && Array.isArray(v)) for (const x of v) if (x && typeof x.uuid === 'string') out.push(x.uuid);
      definedUnder(v, key, out);
    }
  }
  return out;
}

function reconciles(p: Pkg, label: string): void {
  const r = result(p);
  const pm = body(p);
  const arRisks = new Map<string, Json>((r.risks ?? []).map((x: Json) => [x.uuid, x]));
  const pmRisks = new Map<string, Json>((pm.risks ?? []).map((x: Json) => [x.uuid, x]));
  const items: Json[] = pm['poam-items'];
  const itemRisk = (it: Json): string => it['related-risks'][0]['risk-uuid'];
  const live = items.filter((it) => propOf(it, 'poam-status') !== 'closed' && it['related-findings']);

  // Every risk of the results is a risk and an item of the POA&M, and the reverse for items shown now.
  for (const u of arRisks.keys()) {
    expect(pmRisks.has(u), `${label}: AR risk ${u} in the POA&M's risks`).toBe(true);
    expect(items.some((it) => itemRisk(it) === u), `${label}: AR risk ${u} has a POA&M item`).toBe(true);
  }
  for (const it of live) expect(arRisks.has(itemRisk(it)), `${label}: item ${it.title} has its risk in the results`).toBe(true);
  // Counts agree: one risk per weakness shown now, one item per risk.
  expect(arRisks.size).toBe(live.length);
  expect(new Set(items.map(itemRisk)).size).toBe(items.length);
  // The same risk in both: status, deadline and characterization agree with the item.
  for (const it of live) {
    const a = arRisks.get(itemRisk(it))!;
    const b = pmRisks.get(itemRisk(it))!;
    expect(a.status).toBe(propOf(it, 'poam-status'));
    expect(b.status).toBe(a.status);
    expect(b.deadline).toBe(a.deadline);
    expect(a.deadline.slice(0, 10)).toBe(propOf(it, 'deadline'));
    expect(b.characterizations).toEqual(a.characterizations);
    const facets = a.characterizations[0].facets.map((f: Json) => f.name);
    expect(facets).toEqual(expect.arrayContaining(['likelihood', 'impact']));
  }
  // Every not-satisfied finding of the results is answered by a risk that has a POA&M item, but
  // a partially assessed control's: nothing failed, its objectives left are the assessor's, no weakness.
  const findings: Json[] = r.findings;
  const arFindingUuids = uuids(findings);
  for (const f of findings.filter((x) => x.target.status.state === 'not-satisfied')) {
    if (propOf(f, 'assessment-state') === 'partially-assessed') {
      expect(f.target.status.reason, `${label}: ${f.target['target-id']}`).toBe('other');
      expect(f['related-risks'], `${label}: ${f.target['target-id']} names no risk`).toBeUndefined();
      continue;
    }
    const risks: string[] = (f['related-risks'] ?? []).map((x: Json) => x['risk-uuid']);
    expect(risks.length, `${label}: not-satisfied finding ${f.target['target-id']} names a risk`).toBeGreaterThan(0);
    for (const u of risks) expect(items.some((it) => itemRisk(it) === u), `${label}: ${f.target['target-id']}'s risk has an item`).toBe(true);
  }
  // No item lacks a finding; the findings and observations it names are the results' (same uuids).
  const arObs = uuids(r.observations);
  for (const it of live) {
    const fs: string[] = it['related-findings'].map((x: Json) => x['finding-uuid']);
    expect(fs.length, `${label}: ${it.title} names a finding`).toBeGreaterThan(0);
    for (const u of fs) expect(arFindingUuids.has(u), `${label}: ${it.title}'s finding ${u} is in the results`).toBe(true);
    for (const o of it['related-observations'] ?? []) expect(arObs.has(o['observation-uuid'])).toBe(true);
  }
  for (const f of pm.findings ?? []) expect(arFindingUuids.has(f.uuid)).toBe(true);
  for (const o of pm.observations ?? []) expect(arObs.has(o.uuid)).toBe(true);
  // Duplicates collapse: one item per weakness key.
  const keys = items.map((it) => propOf(it, 'weakness-key'));
  expect(new Set(keys).size).toBe(keys.length);

  // First detected is never later than the collection of the observations showing the weakness.
  const obsById = new Map<string, Json>((r.observations ?? []).map((o: Json) => [o.uuid, o]));
  for (const it of live) {
    const first = propOf(it, 'first-detected')!;
    for (const o of it['related-observations'] ?? []) {
      const ob = obsById.get(o['observation-uuid'])!;
      // An attestation shows the weakness once it has lapsed: first detected is after its expiry.
      // An attestation awaiting review shows it from the day it was attested.
      if (propOf(ob, 'attestation-status') === 'expired') {
        expect(first > ob.expires.slice(0, 10), `${label}: ${it.title} first detected after the lapse`).toBe(true);
        continue;
      }
      // A check item also cites the evidence not collected under its objectives (US-01's stale
      // snapshot): that observation shows no failure of the check, so it dates nothing.
      if (propOf(it, 'check-id') && propOf(ob, 'result') === 'not-collected') continue;
      expect(first <= ob.collected.slice(0, 10), `${label}: ${it.title} first detected ${first}, shown by a collection of ${ob.collected}`).toBe(true);
    }
  }

  // The plan's methods cover the results' methods.
  const planMethods = new Set<string>();
  for (const a of p.ap['assessment-plan']['local-definitions'].activities) for (const m of propsOf(a, 'method')) planMethods.add(m);
  const resultMethods = new Set<string>((r.observations ?? []).flatMap((o: Json) => o.methods));
  for (const m of resultMethods) expect(planMethods.has(m), `${label}: method ${m} of the results is in the plan`).toBe(true);

  // Inventory: no inventory uuid is defined in more than one document of the package (the SSP
  // defines the devices; the plan, results and POA&M reference them through their imports), and
  // every subject or inventory uuid they reference resolves to the SSP's.
  const definedIn = new Map<string, string[]>();
  for (const [name, doc] of [['ar', p.ar], ['ssp', p.ssp], ['poam', p.poam], ['ap', p.ap]] as const) {
    for (const u of definedUnder(doc, 'inventory-items')) definedIn.set(u, [...(definedIn.get(u) ?? []), name]);
  }
  for (const [u, docs] of definedIn) expect(docs, `${label}: inventory item ${u} is defined once, in the SSP`).toEqual(['ssp']);
  const sspItems = new Set(p.ssp['system-security-plan']['system-implementation']['inventory-items'].map((x: Json) => x.uuid));
  expect(sspItems.size).toBeGreaterThan(0);
  const referenced: string[] = [];
  (function walk(x: unknown) {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Json;
      if (o.type === 'inventory-item' && typeof o['subject-uuid'] === 'string') referenced.push(o['subject-uuid']);
      for (const pr of o.props ?? []) if (pr?.name === 'inventory-item-uuid') referenced.push(pr.value);
      Object.values(o).forEach(walk);
    }
  })([p.ar, p.ap, p.poam]);
  expect(referenced.length, `${label}: the documents reference the devices`).toBeGreaterThan(0);
  for (const u of new Set(referenced)) expect(sspItems.has(u), `${label}: referenced inventory item ${u} is the SSP's`).toBe(true);

  // Every set-parameters id is a parameter of the catalog.
  const index = loadControlIndex();
  const catalogParams = new Set(Object.values(index.controls).flatMap((c) => c.params));
  const set: string[] = [];
  (function walk(x: unknown) {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) {
      if (k === 'set-parameters' && Array.isArray(v)) for (const s of v) set.push(s['param-id']);
      walk(v);
    }
  })(p.ssp);
  expect(set.length).toBeGreaterThan(0);
  for (const id of set) expect(catalogParams.has(id), `${label}: set-parameter ${id} is in the catalog`).toBe(true);

  // The approver of every deviation is the SSP's Authorizing Official.
  const md = p.ssp['system-security-plan'].metadata;
  const aoUuids: string[] = md['responsible-parties'].find((x: Json) => x['role-id'] === 'authorizing-official')['party-uuids'];
  const ao = md.parties.filter((x: Json) => aoUuids.includes(x.uuid)).map((x: Json) => x.name);
  for (const risk of pmRisks.values()) {
    for (const m of risk['mitigating-factors'] ?? []) expect(ao).toContain(propOf(m, 'approver')!.replace(/\s*\(.*$/, ''));
  }
}

describe('the `npm start` package reconciles', () => {
  it('one risk per weakness, the same uuid in the results and the POA&M; every failed finding has an item', () => reconciles(startPkg, 'npm start'));

  it('DICOM-TLS is one item listing its four controls; PL-4\'s lapsed attestation and PE-3\'s unreviewed one are items', () => {
    const items: Json[] = body(startPkg)['poam-items'];
    // A check mapped to two controls is one item listing both (DICOM-NODE-AUTH: ia-3 and sc-23).
    const dicom = items.filter((it) => propOf(it, 'check-id') === 'DICOM-NODE-AUTH');
    expect(dicom).toHaveLength(1);
    expect(propsOf(dicom[0]!, 'control-id')).toEqual(['ia-3', 'sc-23']);
    expect(propsOf(dicom[0]!, 'affected-device')).toEqual(['CT-01', 'MR-02']);
    const pl4 = items.find((it) => propOf(it, 'weakness-key') === 'attestation:pl-4')!;
    expect(propOf(pl4, 'poam-status')).toBe('open');
    // Lapsed 2026-09-30: first shown the day after, not the run's clock.
    expect(propOf(pl4, 'first-detected')).toBe('2026-10-01');
    // pe-3 is attested (2026-10-20) but no assessor reviewed it: awaiting review, an item; at-2 was reviewed: none.
    const pe3 = items.find((it) => propOf(it, 'weakness-key') === 'attestation:pe-3')!;
    expect([propOf(pe3, 'poam-status'), propOf(pe3, 'first-detected')]).toEqual(['open', '2026-10-20']);
    expect(items.some((it) => propOf(it, 'weakness-key') === 'attestation:at-2')).toBe(false);
    const f = result(startPkg).findings.find((x: Json) => x.target['target-id'] === 'pe-3_obj');
    expect(f.target.status.state).toBe('not-satisfied');
    expect(f.description).toMatch(/attested, awaiting review/);
  });

  it('PS-6, declared evidenced by attestation in system.yaml with none supplied: not satisfied, one risk (same uuid in results and POA&M), one item first detected at the run\'s earliest collection', () => {
    // system.yaml declares ps-6 `evidence: attestation`; attestations.yaml has no ps-6 (read both, not the output).
    expect(readFileSync(sample('system.yaml'), 'utf8')).toMatch(/\n {2}ps-6:\n(?: {4}.*\n| *#.*\n)*? {4}evidence: attestation\n/);
    expect(readFileSync(sample('attestations.yaml'), 'utf8')).not.toMatch(/control: ps-6\b/);
    const items: Json[] = body(startPkg)['poam-items'];
    const ps6 = items.filter((it) => propOf(it, 'weakness-key') === 'attestation:ps-6');
    expect(ps6).toHaveLength(1);
    expect(propsOf(ps6[0]!, 'control-id')).toEqual(['ps-6']);
    expect(propOf(ps6[0]!, 'poam-status')).toBe('open');
    expect(ps6[0]!.description).toMatch(/attestation expected, none supplied/i);
    // No collection shows an absence: first detected is the start of the assessment window, the
    // earliest collection of the snapshots assessed (the latest per device), never the clock.
    const latestPerDevice = readdirSync(join(root, 'samples'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'attestations')
      .map((e) => readdirSync(sample(e.name)).filter((f) => /_\d{4}-\d{2}-\d{2}\.json$/.test(f)).map((f) => f.slice(-15, -5)).sort().pop()!);
    expect(propOf(ps6[0]!, 'first-detected')).toBe(latestPerDevice.sort()[0]);
    const riskUuid = ps6[0]!['related-risks'][0]['risk-uuid'];
    const arRisk = result(startPkg).risks.find((r: Json) => r.uuid === riskUuid);
    expect(arRisk, 'the same risk in the assessment results').toBeDefined();
    expect(body(startPkg).risks.some((r: Json) => r.uuid === riskUuid)).toBe(true);
    expect(arRisk.statement).toMatch(/none supplied/);
    // Nothing was observed, so the risk cites no observation; the control's finding is not satisfied and cites the risk.
    expect(arRisk['related-observations']).toBeUndefined();
    const f = result(startPkg).findings.find((x: Json) => x.target['target-id'] === 'ps-6_obj');
    expect(f.target.status.state).toBe('not-satisfied');
    expect(f['related-risks'].map((r: Json) => r['risk-uuid'])).toContain(riskUuid);
    // It is no longer "left to the assessor".
    const manual = result(startPkg)['reviewed-controls']['control-selections'].filter((c: Json) => propOf(c, 'assessment-method') === 'manual' && !propOf(c, 'assessment-state'));
    expect(manual.flatMap((c: Json) => c['include-controls'].map((x: Json) => x['control-id']))).not.toContain('ps-6');
  });

  it('the ac-11 deviation on MR-01: its compensating controls are the risk\'s mitigating factor, approved by the AO; LAB-01 fails too, so the item is open with fix milestones', () => {
    const items: Json[] = body(startPkg)['poam-items'];
    const lock = items.find((it) => propOf(it, 'check-id') === 'SCREEN-LOCK-TIMEOUT')!;
    expect(propOf(lock, 'poam-status')).toBe('open');
    expect(propsOf(lock, 'affected-device')).toEqual(['LAB-01', 'MR-01']);
    const risk = body(startPkg).risks.find((r: Json) => r.uuid === lock['related-risks'][0]['risk-uuid']);
    expect(risk['mitigating-factors']).toHaveLength(1);
    expect(risk['mitigating-factors'][0].description).toMatch(/^Badge-controlled MR suite staffed by a technologist/);
    expect(propOf(risk['mitigating-factors'][0], 'approver')).toBe('Jonas Lindqvist (Authorizing Official)');
    expect(propOf(risk['mitigating-factors'][0], 'expires')).toBe('2027-06-30');
    expect(risk.remediations[0].tasks).toHaveLength(2);
  });

  it('first detected comes from the oldest snapshot showing the weakness (2026-09-07), never the clock', () => {
    const items: Json[] = body(startPkg)['poam-items'];
    // LOCKOUT-THRESHOLD fails on LAB-01 in all three sample months.
    const lockout = items.find((it) => propOf(it, 'check-id') === 'LOCKOUT-THRESHOLD')!;
    expect(propOf(lockout, 'first-detected')).toBe('2026-09-07');
    for (const it of items) expect(propOf(it, 'first-detected')! < '2026-11-02T18:00:00Z'.slice(0, 10) || propOf(it, 'first-detected') === '2026-11-02').toBe(true);
  });
});

describe('who assessed', () => {
  it('every automated observation names the tool (a component) and the assessor of --system (a party with the assessor role)', () => {
    const md = startPkg.ar['assessment-results'].metadata;
    expect(md.roles.map((r: Json) => r.id)).toEqual(['assessor', 'assessment-team']);
    const party = (uuid: string) => md.parties.find((p: Json) => p.uuid === uuid);
    const assessor = md['responsible-parties'].find((r: Json) => r['role-id'] === 'assessor')['party-uuids'][0];
    expect(party(assessor).name).toBe('Dr. Helena Voss');
    expect(party(md['responsible-parties'].find((r: Json) => r['role-id'] === 'assessment-team')['party-uuids'][0]).name).toBe('Tomás Ibarra');
    const tool = result(startPkg)['local-definitions'].components[0];
    expect([tool.type, tool.title]).toEqual(['software', 'ato-evidence']);
    const automated = result(startPkg).observations.filter((o: Json) => propOf(o, 'check-id'));
    expect(automated.length).toBeGreaterThan(0);
    for (const o of automated) expect(o.origins[0].actors).toEqual([{ type: 'tool', 'actor-uuid': tool.uuid }, { type: 'party', 'actor-uuid': assessor, 'role-id': 'assessor' }]);
    // The plan's assessment platform uses the tool.
    expect(startPkg.ap['assessment-plan']['assessment-assets']['assessment-platforms'][0]['uses-components'][0]['component-uuid']).toBe(tool.uuid);
  });

  it('--assessor NAME names the assessor without a system description', async () => {
    await runAssess({ inputs: [sample('MR-02/MR-02_2026-11-02.json')], out: join(dir, 'assessor'), force: false, baseline: 'moderate', toolVersion: 'test', pdf: false, now: '2026-11-02T18:00:00Z', assessor: 'Sam Okoro' });
    const p = read(join(dir, 'assessor'));
    const md = p.ar['assessment-results'].metadata;
    const uuid = md['responsible-parties'][0]['party-uuids'][0];
    expect(md.parties.find((x: Json) => x.uuid === uuid).name).toBe('Sam Okoro');
    expect(result(p).observations[0].origins[0].actors[1]).toEqual({ type: 'party', 'actor-uuid': uuid, 'role-id': 'assessor' });
    // The POA&M's risks carry likelihood and impact from the matrix, and the same origins.
    const risk = body(p).risks[0];
    expect(risk.origins[0].actors[1]['actor-uuid']).toBe(uuid);
  });
});

describe('September -> October -> November with --previous-poam reconciles every month', () => {
  it('each month reconciles', () => chain.forEach((p, i) => reconciles(p, ROUNDS[i]!)));

  it('item uuids are stable month to month, and first detected never moves later', () => {
    const byKey = (p: Pkg) => new Map<string, Json>(body(p)['poam-items'].map((it: Json) => [propOf(it, 'weakness-key'), it]));
    const [sep, oct, nov] = chain.map(byKey);
    for (const [key, it] of nov!) {
      const before = oct!.get(key) ?? sep!.get(key);
      if (!before) continue;
      expect(it.uuid, key).toBe(before.uuid);
      expect(propOf(it, 'first-detected')! <= propOf(before, 'first-detected')!).toBe(true);
    }
    // A weakness shown in September keeps September as its first detection in November.
    for (const [key, it] of sep!) if (nov!.has(key) && propOf(nov!.get(key)!, 'poam-status') !== 'closed') expect(propOf(nov!.get(key)!, 'first-detected')).toBe(propOf(it, 'first-detected'));
  });
});

describeWithShared('the reconciled documents stay clean', () => {
  it('under NIST 1.1.3 and 1.2.2 and the producer rules', () => {
    const index = loadControlIndex();
    for (const p of [startPkg, ...chain]) {
      for (const doc of [p.ar, p.ap, p.poam]) {
        expect(validateOscal(doc, '1.1.3')).toEqual([]);
        expect(validateOscal(doc, '1.2.2')).toEqual([]);
        expect(checkProducerRules(doc, { controlIndex: index })).toEqual([]);
      }
    }
  });
});
