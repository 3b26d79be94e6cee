// Grouped observations (docs/scale.md) lose nothing: on a random fleet, the result of every device
// and check read back from the grouped assessment results (through each observation's subjects) is
// the one the ungrouped run (--per-device-observations) writes for it, and every finding and risk
// cites observations covering exactly the same device/check results.
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { formatDays } from '../src/evaluate/evaluate-check.js';
import { syntheticNextMonth, syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import { checkIdOf, deviceUuids } from './support/observations.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';

type Json = Record<string, any>;
const dir = mkdtempSync(join(tmpdir(), 'ato-groups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let run = 0;
/** Writes the fleet, assesses it both ways, returns both assessment-results documents. */
async function assessBothWays(fleet: ReadonlyArray<{ index: number; changed: boolean }>, now = '2026-12-28T00:00:00Z'): Promise<{ grouped: Json; perDevice: Json }> {
  const base = join(dir, String(run++));
  const input = join(base, 'fleet');
  mkdirSync(input, { recursive: true });
  for (const { index, changed } of fleet) {
    const s = syntheticSnapshot(index);
    writeFileSync(join(input, `${index}.json`), JSON.stringify(changed ? syntheticNextMonth(s, index, { publicProfileOff: true }) : s));
  }
  const opts = { inputs: [input], force: false, baseline: 'moderate' as const, now, toolVersion: 'test', pdf: false };
  await runAssess({ ...opts, out: join(base, 'grouped') });
  await runAssess({ ...opts, out: join(base, 'per-device'), perDeviceObservations: true });
  const read = (f: string) => readFileSync(join(base, f, 'assessment-results.json'), 'utf8');
  const out = { grouped: JSON.parse(read('grouped')), perDevice: JSON.parse(read('per-device')) };
  rmSync(base, { recursive: true, force: true });
  return out;
}

/** The result, with its devices by inventory item uuid (named by the back-matter evidence resources). */
const resultOf = (doc: Json): Json => ({ ...doc['assessment-results'].results[0], deviceOf: new Map([...deviceUuids(doc)].map(([d, u]) => [u, d])), resources: doc['assessment-results']['back-matter']?.resources ?? [] });

/** observation uuid → the "device|check" results it holds. */
function pairsByObservation(result: Json): Map<string, string[]> {
  const deviceOf = result.deviceOf as Map<string, string>;
  return new Map((result.observations as Json[]).map((o) => [o.uuid, (o.subjects as Json[]).map((s) => `${deviceOf.get(s['subject-uuid'])}|${checkIdOf(o) ?? o.uuid}`)]));
}

/** device id → when its snapshot was collected (its back-matter evidence resource). */
function collectedOf(result: Json): Map<string, string> {
  const own = (r: Json, name: string) => (r.props as Json[] | undefined)?.find((p) => p.name === name)?.value;
  return new Map((result.resources as Json[]).filter((r) => own(r, 'device-id') !== undefined).map((r) => [own(r, 'device-id'), own(r, 'snapshot-collected')]));
}

/** A group's stale mark, "collected T (the earliest of the N devices)[, AGE before the assessment]". */
const GROUP_STALE = /collected (\S+) \(the earliest of the (\d+) devices\)(?:, .+? before the assessment)?/g;

const ownProp = (x: Json | undefined, name: string): string | undefined => (x?.props as Json[] | undefined)?.find((p) => p.name === name)?.value;

/**
 * Where the observation says this device's values were read: its own observation's (or the
 * group's evidence entry for the run of subjects it is in) "values at P", else the group's "read at
 * P in each device's snapshot" / "Values read at P".
 */
function placesRead(o: Json, own: Json | undefined): string | undefined {
  const from = (text: string | undefined, re: RegExp) => (text ? re.exec(text)?.[1] : undefined);
  return from(own?.description, /values at (.+?)(?:; \d+ checked)?(?:, each in its own snapshot)?\.$/) ?? from(o.description, /(?:read at|Values read at) (.+?)(?: in each device's snapshot(?: \(.*?\))?)?\.(?: Where each value|$)/);
}

/** The group's evidence entry for the run of subjects holding position k (0-based), if any. */
const runEntry = (evidence: Json[], k: number): Json | undefined =>
  evidence.slice(1).find((e) => {
    const from = Number(ownProp(e, 'first-subject'));
    return k + 1 >= from && k + 1 < from + Number(ownProp(e, 'subject-count'));
  });

/**
 * "device|check" → what the observation says of that result. A stale group states its oldest
 * evidence; each device's own collection time (its evidence resource) and age at `now` put back give
 * what the device's own observation says. A group whose members were counted differently ("2 to 3
 * checked per device") gets each device's own count back from the evidence entry of its run of
 * subjects (or the group's first entry for the first run), and each device's places read are that entry's or the group's.
 */
function verdicts(result: Json, now?: string): Map<string, Json> {
  const pairs = pairsByObservation(result);
  const collected = collectedOf(result);
  const out = new Map<string, Json>();
  for (const o of result.observations as Json[]) {
    if (!checkIdOf(o)) continue;
    const subjects = o.subjects as Json[];
    const evidence = (o['relevant-evidence'] ?? []) as Json[];
    for (const [k, key] of pairs.get(o.uuid)!.entries()) {
      expect(out.has(key), `${key} is in one observation only`).toBe(false);
      const own = collected.get(key.split('|')[0]!)!;
      const entry = subjects.length > 1 ? runEntry(evidence, k) : undefined;
      const count = ownProp(entry ?? evidence[0], 'items-checked');
      const counted = (text: string) => (count === undefined ? text : text.replace(/\b\d+ to \d+ checked per device\b/g, `${count} checked`));
      const back = (text: string) => text.replace(GROUP_STALE, (whole, oldest: string, n: string) => {
        // The group's stated time is its oldest member's; its count is its subjects'.
        expect(Number(n), whole).toBe(o.subjects.length);
        expect(oldest, whole).toBe(o.collected);
        expect(Date.parse(oldest) <= Date.parse(own), whole).toBe(true);
        return whole.includes('before the assessment') ? `collected ${own}, ${formatDays(Date.parse(now!) - Date.parse(own))} before the assessment` : `collected ${own}`;
      });
      out.set(key, { props: (o.props as Json[]).map((p) => ({ ...p, value: counted(back(p.value)) })), methods: o.methods, description: counted(back(o.description)), at: placesRead(o, entry ?? (subjects.length === 1 ? evidence[0] : undefined)) });
    }
  }
  return out;
}

/** For each finding or risk (by uuid): the device/check results its related observations hold. */
function citedPairs(result: Json, kind: 'findings' | 'risks'): Map<string, string[]> {
  const pairs = pairsByObservation(result);
  return new Map(((result[kind] ?? []) as Json[]).map((x) => [x.uuid, (x['related-observations'] ?? []).flatMap((r: Json) => pairs.get(r['observation-uuid']) ?? [`missing ${r['observation-uuid']}`]).sort()]));
}

describe('grouped observations', () => {
  it('give back, device by device, the ungrouped evaluation of a random fleet; findings and risks cite the same results', async () => {
    // At this clock the first collections' evidence is stale and the changed (a month later) is not: both kinds.
    const now = '2026-12-28T00:00:00Z';
    const fleet = fc.uniqueArray(fc.record({ index: fc.nat({ max: 400 }), changed: fc.boolean() }), { minLength: 1, maxLength: 6, selector: (d) => d.index });
    await fc.assert(
      fc.asyncProperty(fleet, async (devices) => {
        const { grouped, perDevice } = await assessBothWays(devices, now);
        const g = resultOf(grouped);
        const p = resultOf(perDevice);
        const fromGrouped = verdicts(g, now);
        const ungrouped = verdicts(p);
        expect(fromGrouped.size).toBe(ungrouped.size);
        for (const [key, v] of ungrouped) {
          const got = fromGrouped.get(key);
          expect({ props: got?.props, methods: got?.methods }, key).toEqual({ props: v.props, methods: v.methods });
          // Each device's values are found where its own observation says they were read.
          expect(got!.at, key).toBe(v.at);
          // The grouped description adds how many devices and where the values were read.
          expect(got!.description.startsWith(v.description), key).toBe(true);
        }
        // Never more observations than the ungrouped form; findings and risks state the same verdicts.
        expect(g.observations.length).toBeLessThanOrEqual(p.observations.length);
        const strip = (x: Json) => ({ ...x, 'related-observations': undefined });
        expect(g.findings.map(strip)).toEqual(p.findings.map(strip));
        expect((g.risks ?? []).map(strip)).toEqual((p.risks ?? []).map(strip));
        expect(citedPairs(g, 'findings')).toEqual(citedPairs(p, 'findings'));
        expect(citedPairs(g, 'risks')).toEqual(citedPairs(p, 'risks'));
      }),
      { numRuns: 6, seed: 15, endOnFailure: true },
    );
  }, 600_000);

  it('hold each device once per check, as many devices as share a result in one observation', async () => {
    // Ten devices of one synthetic model, none of their evidence stale: many share their settings.
    const { grouped } = await assessBothWays(Array.from({ length: 10 }, (_, i) => ({ index: i * 4, changed: false })), '2026-11-28T00:00:00Z');
    const r = resultOf(grouped);
    const automated = (r.observations as Json[]).filter((o) => checkIdOf(o));
    const checks = new Set(automated.map((o) => checkIdOf(o)));
    expect(automated.reduce((n, o) => n + o.subjects.length, 0)).toBe(10 * checks.size);
    expect(automated.length).toBeLessThan(10 * checks.size / 2);
    const several = automated.find((o) => o.subjects.length > 1)!;
    expect(several.title).toBe(`${checkIdOf(several)} on ${several.subjects.length} devices`);
    expect(several.description).toContain(`${several.subjects.length} devices gave this result`);
  }, 120_000);

  it('group stale evidence too: a stale fleet of one configuration gives one observation per check, which states its oldest evidence', async () => {
    // One snapshot collected at N times over eleven hours, all stale at the clock: only the time
    // differs. The times start at the synthetic snapshot's own (2026-11-08T03:04Z), none before
    // an event it records (a date more than a day after collection is not judged:
    // evaluate/test-eval.ts futureDated), and end before its 24-hour rules (time sync, log
    // forwarding) would lapse, so every device has the same results.
    const base = join(dir, String(run++));
    mkdirSync(join(base, 'fleet'), { recursive: true });
    const n = 12;
    const times: string[] = [];
    for (let i = 0; i < n; i++) {
      const s = syntheticSnapshot(7);
      const at = new Date(Date.UTC(2026, 10, 8, 3 + i, 4 + i)).toISOString().replace('.000Z', 'Z');
      times.push(at);
      writeFileSync(join(base, 'fleet', `${i}.json`), JSON.stringify({ ...s, collectedAt: at, device: { ...s.device, id: `STALE-${String(i).padStart(2, '0')}` } }));
    }
    await runAssess({ inputs: [join(base, 'fleet')], out: join(base, 'pkg'), force: false, baseline: 'moderate', now: '2027-02-01T00:00:00Z', toolVersion: 'test', pdf: false });
    const r = resultOf(JSON.parse(readFileSync(join(base, 'pkg', 'assessment-results.json'), 'utf8')));
    const automated = (r.observations as Json[]).filter((o) => checkIdOf(o));
    const checks = new Set(automated.map((o) => checkIdOf(o)));
    // O(1) in the devices: one observation per check, each holding the twelve.
    expect(automated.length).toBe(checks.size);
    for (const o of automated) expect(o.subjects.length).toBe(n);
    const oldest = [...times].sort((a, b) => Date.parse(a) - Date.parse(b))[0]!;
    const stale = automated.filter((o) => o.props.some((p: Json) => p.name === 'evidence-stale'));
    expect(stale.length).toBe(checks.size);
    for (const o of stale) {
      // Never fresher than its oldest evidence: the earliest collection, and expiring no later than it does (30 days on).
      expect(o.collected).toBe(oldest);
      expect(Date.parse(o.expires)).toBeLessThanOrEqual(Date.parse(oldest) + 30 * 86_400_000);
      expect(o.props.find((p: Json) => p.name === 'evidence-stale').value).toBe(`collected ${oldest} (the earliest of the ${n} devices), older than the accepted evidence age at the assessment`);
    }
    // A pass at collection is not collected at the clock, and says why, with the oldest time and its age.
    expect(stale.filter((o) => Date.parse(o.expires) === Date.parse(oldest) + 30 * 86_400_000).length).toBeGreaterThan(checks.size / 2);
    const wasPass = stale.find((o) => / at collection the result was pass/.test(o.props.find((p: Json) => p.name === 'not-collected-reason')?.value ?? ''))!;
    expect(wasPass.props.find((p: Json) => p.name === 'result').value).toBe('not-collected');
    expect(wasPass.props.find((p: Json) => p.name === 'not-collected-reason').value).toContain(`the evidence is stale: collected ${oldest} (the earliest of the ${n} devices), 84 days 20 hours before the assessment (2027-02-01T00:00:00Z)`);
    rmSync(base, { recursive: true, force: true });
  }, 120_000);
});

describeWithShared('grouped assessment results under NIST\'s schemas', () => {
  it('validate against 1.1.3 and 1.2.2', async () => {
    const { grouped } = await assessBothWays(Array.from({ length: 5 }, (_, i) => ({ index: i, changed: i % 2 === 0 })));
    expect(validateOscal(grouped, '1.1.3')).toEqual([]);
    expect(validateOscal(grouped, '1.2.2')).toEqual([]);
  }, 120_000);
});
