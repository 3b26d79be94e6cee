// buildPoam / parsePreviousPoam / parseDeadlineDays on a hand-made two-device, three-check
// assessment: reopening, devices not re-assessed, a check dropped from the catalog, and bad input.
import { describe, expect, it } from 'vitest';
import type { Check } from '../src/catalog/types.js';
import type { CheckStatus, DeviationRecord } from '../src/evaluate/evaluate-check.js';
import { ControlAggregator } from '../src/assess/controls.js';
import type { AssessedDevice, Assessment, DeviceOutcome } from '../src/assess/model.js';
import { StreamedArray, StringSink, writeJsonStream } from '../src/io/json-stream.js';
import { buildPoam, DEFAULT_DEADLINE_DAYS, newItemUuid, parseDeadlineDays, parsePreviousPoam, PreviousPoamReader, type PoamOptions } from '../src/oscal/poam.js';
import { RunIds } from '../src/oscal/run-ids.js';
import { loadTemplates } from '../src/oscal/templates.js';
import { buildReportInput } from '../src/report/assemble.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { checkProducerRules } from '../src/oscal/rules.js';
import { inventoryItems } from '../src/oscal/assessment-results.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';
import { expectUserError, userErrorOf } from './support/user-error.js';
import { propOf } from './support/oscal-json.js';

type Json = Record<string, any>;
const templates = loadTemplates();

const check = (id: string, controls: string[], severity: Check['severity']): Check =>
  ({ id, layer: 'access', title: `${id} title`, description: '', test: {}, controls, severity, method: 'TEST', remediation: `Fix ${id}.` }) as unknown as Check;
const CHECKS = [check('LOCKOUT', ['ac-7'], 'CAT II'), check('ADMIN', ['ac-6.5', 'ac-2'], 'CAT I'), check('LOGSIZE', ['au-4'], 'CAT III')];
const DEVICE_IDS = ['D-1', 'D-2'];

/** statuses[device] = one status per check, catalog order. */
function assessment(now: string, statuses: Record<string, CheckStatus[]>, checks = CHECKS): Assessment {
  const devices: AssessedDevice[] = Object.keys(statuses).map((id) => ({
    id, device: { id } as AssessedDevice['device'], collectedAt: `${now.slice(0, 10)}T08:00:00Z`, sourceFile: `${id}.json`,
    sourceSha256: 'a'.repeat(64), evidenceHref: `evidence/${id}.json`, evidenceSha256: 'b'.repeat(64), redacted: false, superseded: [],
  }));
  const deviation = (deviceId: string, checkId: string): DeviationRecord => ({ checkId, deviceId, justification: 'vendor-locked', approver: 'CISO', expires: '2027-12-31', source: 'dev.csv line 2' });
  const outcomes = new Map<string, DeviceOutcome>(Object.entries(statuses).map(([id, st]) => [id, {
    statuses: st,
    details: new Map(st.flatMap((s, i) => (s === 'fail' || s === 'deviation'
      ? [[checks[i]!.id, { observed: `bad value on ${id}`, expected: 'good value', ...(s === 'deviation' ? { deviation: deviation(id, checks[i]!.id) } : {}) }]]
      : []))),
  }]));
  const agg = new ControlAggregator(checks, (cid) => ({ title: `Control ${cid}`, objective: `${cid}_obj`, baselines: ['moderate'] }), 'moderate');
  for (const [id, o] of outcomes) agg.addDevice(id, o.statuses, (checkId) => o.details.get(checkId)?.deviation);
  const ids = new RunIds(`config ${now}`, checks.map((c) => c.id));
  for (const d of devices) ids.setSnapshot(d.id, d.sourceSha256);
  ids.setRunKey(`run ${now}`);
  return {
    now, baseline: 'moderate', toolVersion: 'test', systemName: 'Test fleet', devices, checks, outcomes,
    observations: new StreamedArray(function* () {}), findings: agg.findings(), manual: [], params: [], catalogSource: 'test', runKey: `run ${now}`, ids,
  };
}

const body = (d: Json): Json => d['plan-of-action-and-milestones'];
const propsOf = (o: Json, name: string): string[] => (o.props ?? []).filter((p: Json) => p.name === name).map((p: Json) => p.value);
const itemOf = (d: Json, key: string): Json | undefined => body(d)['poam-items'].find((x: Json) => propOf(x, 'weakness-key') === key);
const riskOf = (d: Json, it: Json): Json => body(d).risks.find((r: Json) => r.uuid === it['related-risks'][0]['risk-uuid']);

/** Builds, then round-trips through JSON text as the next month would read it. */
function month(a: Assessment, previous?: Json, opts: Partial<PoamOptions> = {}): Json {
  const prev = previous ? parsePreviousPoam(JSON.stringify(previous), 'prev.json') : undefined;
  return text(buildPoam(a, templates, { deadlineDays: DEFAULT_DEADLINE_DAYS, ...(prev ? { previous: prev } : {}), ...opts }).document);
}

/** The document as poam.json holds it (its observations are streamed while writing). */
function serialise(doc: Json): string {
  const sink = new StringSink();
  writeJsonStream(doc, sink);
  return sink.toString();
}
const text = (doc: Json): Json => JSON.parse(serialise(doc));

describe('buildPoam', () => {
  it('one item per weakness (a failing check across its controls) with the failing devices, deadline by severity from detection', () => {
    const d = month(assessment('2026-01-10T12:00:00Z', { 'D-1': ['fail', 'fail', 'pass'], 'D-2': ['fail', 'pass', 'pass'] }));
    const keys = body(d)['poam-items'].map((x: Json) => propOf(x, 'weakness-key')).sort();
    // ADMIN maps to two controls: one weakness listing both.
    expect(keys).toEqual(['check:ADMIN', 'check:LOCKOUT']);
    expect(propsOf(itemOf(d, 'check:ADMIN')!, 'control-id')).toEqual(['ac-2', 'ac-6.5']);
    const lockout = itemOf(d, 'check:LOCKOUT')!;
    expect(propsOf(lockout, 'affected-device')).toEqual(['D-1', 'D-2']);
    expect(propOf(lockout, 'deadline')).toBe('2026-04-10'); // CAT II, 90 days after 2026-01-10
    expect(propOf(itemOf(d, 'check:ADMIN')!, 'deadline')).toBe('2026-02-09'); // CAT I, 30 days
    expect(lockout.uuid).toBe(newItemUuid('Test fleet', 'check:LOCKOUT'));
    const risk = riskOf(d, lockout);
    expect(risk.remediations[0].description).toBe('Fix LOCKOUT.');
    expect(risk.remediations[0].tasks.map((t: Json) => t.type)).toEqual(['milestone', 'milestone']);
    expect(risk.remediations[0].tasks[0].timing['within-date-range']).toEqual({ start: '2026-01-10T00:00:00+14:00', end: '2026-04-10T23:59:59+14:00' });
    // Observations only for the failing pairs: LOCKOUT on two devices, ADMIN on one.
    expect(body(d).observations.map((o: Json) => o.title).sort()).toEqual(['ADMIN on D-1', 'LOCKOUT on D-1', 'LOCKOUT on D-2']);
    expect(body(d)['import-ssp']).toEqual({ href: 'ssp.json' });
  });

  it('first detected is the earliest collection by instant, as a UTC day, not the smallest text (offsets differ)', () => {
    const a = assessment('2026-01-20T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'], 'D-2': ['fail', 'pass', 'pass'] });
    // D-1's text sorts first, but D-2 was collected earlier: 2026-01-10T01:00+05:00 is 2026-01-09T20:00Z.
    a.devices[0]!.collectedAt = '2026-01-10T00:30:00Z';
    a.devices[1]!.collectedAt = '2026-01-10T01:00:00+05:00';
    const lockout = itemOf(month(a), 'check:LOCKOUT')!;
    expect(propOf(lockout, 'first-detected')).toBe('2026-01-09');
    expect(propOf(lockout, 'deadline')).toBe('2026-04-09'); // CAT II: 90 days from the earliest collection's day
    // The same instant stated with an offset is the same day: no day is skipped or invented.
    a.devices[0]!.collectedAt = '2026-01-10T02:00:00+05:00'; // 2026-01-09T21:00Z, after D-2
    expect(propOf(itemOf(month(a), 'check:LOCKOUT')!, 'first-detected')).toBe('2026-01-09');
  });

  it('the current run of failures is walked newest first by instant, not by text, in the older snapshots given', () => {
    const a = assessment('2026-01-20T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'] });
    // By instant: 2026-01-09T22:00Z passed, after 2026-01-10T01:00+05:00 (2026-01-09T20:00Z) failed.
    // By text the failure would look the newer, and the weakness detected on 01-09 without a break.
    const history = new Map([['D-1', [
      { collectedAt: '2026-01-10T01:00:00+05:00', statuses: ['fail', 'pass', 'pass'] as CheckStatus[] },
      { collectedAt: '2026-01-09T22:00:00Z', statuses: ['pass', 'pass', 'pass'] as CheckStatus[] },
    ]]]);
    const lockout = itemOf(month(a, undefined, { history }), 'check:LOCKOUT')!;
    expect([propOf(lockout, 'detected'), propOf(lockout, 'first-detected')]).toEqual(['2026-01-20', '2026-01-09']);
  });

  it('deadlines follow --poam-days', () => {
    const d = month(assessment('2026-01-10T12:00:00Z', { 'D-1': ['fail', 'pass', 'fail'] }), undefined, { deadlineDays: parseDeadlineDays('CAT II=15, CAT III=365') });
    expect(propOf(itemOf(d, 'check:LOCKOUT')!, 'deadline')).toBe('2026-01-25');
    expect(propOf(itemOf(d, 'check:LOGSIZE')!, 'deadline')).toBe('2027-01-10');
  });

  it('deviation-only weaknesses are deviation-approved until the expiry, with one review milestone; a failing device makes them open', () => {
    const d = month(assessment('2026-01-10T12:00:00Z', { 'D-1': ['deviation', 'pass', 'pass'], 'D-2': ['pass', 'pass', 'pass'] }));
    const it1 = itemOf(d, 'check:LOCKOUT')!;
    expect([propOf(it1, 'poam-status'), riskOf(d, it1).status]).toEqual(['deviation-approved', 'deviation-approved']);
    // The deviation (dev.csv) runs to 2027-12-31: that is the deadline, and the only milestone is its review.
    // The deviation (dev.csv) runs to 2027-12-31: that is the deadline, and the only milestone is its review, due when the day ends at UTC+14:00 (the deviation stops applying then).
    expect(riskOf(d, it1).remediations[0].tasks.map((t: Json) => t.timing['on-date']?.date)).toEqual(['2027-12-31T23:59:59+14:00']);
    // No compensating controls recorded: the mitigating factor says so and quotes the justification.
    expect(riskOf(d, it1)['mitigating-factors'][0].description).toMatch(/^No compensating control recorded; .*vendor-locked/);
    const next = month(assessment('2026-02-10T12:00:00Z', { 'D-1': ['deviation', 'pass', 'pass'], 'D-2': ['fail', 'pass', 'pass'] }), d);
    const it2 = itemOf(next, 'check:LOCKOUT')!;
    expect([it2.uuid, propOf(it2, 'poam-status'), propOf(it2, 'first-detected')]).toEqual([it1.uuid, 'open', '2026-01-10']);
    expect(riskOf(next, it2)['risk-log'].entries.map((e: Json) => e['status-change'])).toEqual(['deviation-approved', 'open']);
  });

  it('a closed item that fails again is reopened with the same uuid and first-detected date; its deadline counts from the reopening', () => {
    const jan = month(assessment('2026-01-10T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'] }));
    const feb = month(assessment('2026-02-10T12:00:00Z', { 'D-1': ['pass', 'pass', 'pass'] }), jan);
    expect(propOf(itemOf(feb, 'check:LOCKOUT')!, 'closed')).toBe('2026-02-10');
    const mar = month(assessment('2026-03-10T12:00:00Z', { 'D-1': ['pass', 'pass', 'pass'] }), feb);
    expect(propOf(itemOf(mar, 'check:LOCKOUT')!, 'closed')).toBe('2026-02-10'); // stays closed, with its date
    const apr = month(assessment('2026-04-10T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'] }), mar);
    const it = itemOf(apr, 'check:LOCKOUT')!;
    expect(it.uuid).toBe(itemOf(jan, 'check:LOCKOUT')!.uuid);
    expect([propOf(it, 'poam-status'), propOf(it, 'first-detected'), propOf(it, 'detected'), propOf(it, 'deadline'), propOf(it, 'closed')])
      .toEqual(['open', '2026-01-10', '2026-04-10', '2026-07-09', undefined]);
    expect(it.description).toMatch(/reopened 2026-04-10/);
    expect(riskOf(apr, it)['risk-log'].entries.map((e: Json) => [e['status-change'], e.start.slice(0, 10)]))
      .toEqual([['open', '2026-01-10'], ['closed', '2026-02-10'], ['open', '2026-04-10']]);
  });

  it('a reopened item is detected again on evidence collected since its closure, never on a snapshot older than the closure', () => {
    const jan = month(assessment('2026-01-10T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'] }));
    const feb = month(assessment('2026-02-10T12:00:00Z', { 'D-1': ['pass', 'pass', 'pass'], 'D-2': ['pass', 'pass', 'pass'] }), jan);
    const closed = propOf(itemOf(feb, 'check:LOCKOUT')!, 'closed')!;
    // April: D-1's snapshot is from before the closure, D-2's from after it; an older D-2 snapshot
    // (before the closure) failing too does not take the episode back past the closure.
    const apr = assessment('2026-04-10T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'], 'D-2': ['fail', 'pass', 'pass'] });
    apr.devices[0]!.collectedAt = '2026-02-01T08:00:00Z';
    apr.devices[1]!.collectedAt = '2026-03-20T08:00:00Z';
    const history = new Map([['D-2', [{ collectedAt: '2026-02-05T08:00:00Z', statuses: ['fail', 'pass', 'pass'] as CheckStatus[] }, { collectedAt: '2026-03-01T08:00:00Z', statuses: ['fail', 'pass', 'pass'] as CheckStatus[] }]]]);
    const both = itemOf(month(apr, feb, { history }), 'check:LOCKOUT')!;
    expect([propOf(both, 'detected'), propOf(both, 'first-detected')]).toEqual(['2026-03-01', '2026-01-10']);
    expect(both.description).not.toMatch(/before the item was closed/);
    // Only D-1, whose evidence predates the closure: detected again by this assessment, and said so.
    const only = month(assessment('2026-04-10T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'] }), feb);
    const older = assessment('2026-04-10T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'] });
    older.devices[0]!.collectedAt = '2026-02-01T08:00:00Z';
    const it = itemOf(month(older, feb), 'check:LOCKOUT')!;
    expect([propOf(it, 'detected'), propOf(it, 'deadline')]).toEqual([propOf(itemOf(only, 'check:LOCKOUT')!, 'detected'), '2026-07-09']);
    expect(it.description).toContain(`collected 2026-02-01, before the item was closed ${closed}`);
  });

  it('an item stays open while a device it failed on is not re-assessed (or its evidence not collected)', () => {
    const jan = month(assessment('2026-01-10T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'], 'D-2': ['fail', 'pass', 'pass'] }));
    const feb = month(assessment('2026-02-10T12:00:00Z', { 'D-1': ['pass', 'pass', 'pass'] }), jan); // D-2 missing
    const it = itemOf(feb, 'check:LOCKOUT')!;
    expect([propOf(it, 'poam-status'), propsOf(it, 'affected-device')]).toEqual(['open', ['D-2']]);
    expect(it.description).toMatch(/Not shown fixed on D-2/);
    const mar = month(assessment('2026-03-10T12:00:00Z', { 'D-1': ['pass', 'pass', 'pass'], 'D-2': ['not-collected', 'pass', 'pass'] }), feb);
    expect(propOf(itemOf(mar, 'check:LOCKOUT')!, 'poam-status')).toBe('open');
    const apr = month(assessment('2026-04-10T12:00:00Z', { 'D-1': ['pass', 'pass', 'pass'], 'D-2': ['not-applicable', 'pass', 'pass'] }), mar);
    expect(propOf(itemOf(apr, 'check:LOCKOUT')!, 'closed')).toBe('2026-04-10');
  });

  it('an item whose check left the catalog is kept open, with its last title and remediation', () => {
    const jan = month(assessment('2026-01-10T12:00:00Z', { 'D-1': ['pass', 'pass', 'fail'] }));
    const feb = month(assessment('2026-02-10T12:00:00Z', { 'D-1': ['pass', 'pass'] }, CHECKS.slice(0, 2)), jan);
    const it = itemOf(feb, 'check:LOGSIZE')!;
    expect([propOf(it, 'poam-status'), it.title]).toEqual(['open', itemOf(jan, 'check:LOGSIZE')!.title]);
    expect(riskOf(feb, it).remediations[0].description).toBe('Fix LOGSIZE.');
  });

  it('a large fleet: the risk statement names 50 devices, the item and its observations all of them', () => {
    const statuses = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`D-${String(i).padStart(2, '0')}`, ['fail', 'pass', 'pass'] as CheckStatus[]]));
    const d = month(assessment('2026-01-10T12:00:00Z', statuses));
    const it = itemOf(d, 'check:LOCKOUT')!;
    expect(propsOf(it, 'affected-device')).toHaveLength(60);
    expect(it['related-observations']).toHaveLength(60);
    const statement = riskOf(d, it).statement as string;
    expect(statement.match(/^- D-\d\d: observed/gm)).toHaveLength(50);
    expect(statement).toMatch(/- and 10 more device\(s\): see the related observations/);
  });

  it('is deterministic, and the PDF lists the same items and deadlines (first-detected based)', () => {
    const jan = month(assessment('2026-01-10T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'] }));
    const a = assessment('2026-02-10T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'] });
    const opts = { deadlineDays: DEFAULT_DEADLINE_DAYS, previous: parsePreviousPoam(JSON.stringify(jan), 'jan.json') };
    const built = buildPoam(a, templates, opts);
    expect(serialise(buildPoam(a, templates, opts).document)).toBe(serialise(built.document));
    const report = buildReportInput(a, {
      index: { source: 'test', controls: {} } as never, parameterDefs: [], deviations: [], files: [], manifestDigest: '', attachments: [], results: () => [], poam: built.items,
    });
    expect(report.poam).toEqual([{ controlId: 'ac-7', controls: ['ac-7'], checkId: 'LOCKOUT', kind: 'check', severity: 'CAT II', deadline: '2026-04-10', remediation: 'Fix LOCKOUT.', devices: ['D-1'] }]);
  });
});

describe('a previous POA&M in the older control x check form', () => {
  it('collapses its items into one per weakness: earliest first detection, every control, the absorbed uuids kept', () => {
    const jan = month(assessment('2026-01-10T12:00:00Z', { 'D-1': ['pass', 'fail', 'pass'] }));
    // Rewrite January as an older version wrote it: ADMIN as two items, ac-2 detected in December.
    const admin = itemOf(jan, 'check:ADMIN')!;
    const legacy = (control: string, uuid: string, first: string): Json => ({
      ...admin, uuid,
      props: [
        ...admin.props.filter((p: Json) => !['weakness-key', 'control-id', 'first-detected', 'detected'].includes(p.name)),
        { ...admin.props[0], name: 'weakness-key', value: `${control}:ADMIN` },
        { ...admin.props[0], name: 'first-detected', value: first },
        { ...admin.props[0], name: 'detected', value: first },
      ],
    });
    const older = JSON.parse(JSON.stringify(jan));
    const A = '11111111-1111-4111-8111-111111111111';
    const B = '22222222-2222-4222-8222-222222222222';
    body(older)['poam-items'] = [legacy('ac-6.5', B, '2026-01-10'), legacy('ac-2', A, '2025-12-08')];
    const prev = parsePreviousPoam(JSON.stringify(older), 'old.json');
    expect([...prev.items.keys()]).toEqual(['check:ADMIN']);
    const item = prev.items.get('check:ADMIN')!;
    expect([item.uuid, item.firstDetected, item.controls, item.absorbed]).toEqual([A, '2025-12-08', ['ac-2', 'ac-6.5'], [B]]);
    // Next month: one item, the kept uuid, the earliest first detection, the absorbed uuid recorded.
    const feb = month(assessment('2026-02-10T12:00:00Z', { 'D-1': ['pass', 'fail', 'pass'] }), older);
    const it = itemOf(feb, 'check:ADMIN')!;
    expect([it.uuid, propOf(it, 'first-detected'), propsOf(it, 'absorbed-item-uuid')]).toEqual([A, '2025-12-08', [B]]);
    expect(riskOf(feb, it)['risk-log'].entries.some((e: Json) => /Collapsed from 2 control × check items/.test(e.title) && e.description.includes(B))).toBe(true);
  });
});

describeWithShared('a POA&M with open, deviation-approved, reopened, unverified and closed items is valid OSCAL', () => {
  it('against both NIST schemas and the producer rules', () => {
    const janA = assessment('2026-01-10T12:00:00Z', { 'D-1': ['fail', 'fail', 'deviation'], 'D-2': ['fail', 'pass', 'pass'] });
    const febA = assessment('2026-02-10T12:00:00Z', { 'D-1': ['pass', 'pass', 'deviation'] });
    const marA = assessment('2026-03-10T12:00:00Z', { 'D-1': ['pass', 'fail', 'deviation'], 'D-2': ['pass', 'pass', 'pass'] });
    const jan = month(janA);
    const feb = month(febA, jan);
    const mar = month(marA, feb);
    const statuses = body(mar)['poam-items'].map((x: Json) => propOf(x, 'poam-status')).sort();
    expect(statuses).toEqual(['closed', 'deviation-approved', 'open']); // LOCKOUT closed; ADMIN (one item, two controls) reopened
    expect(body(feb)['poam-items'].map((x: Json) => propOf(x, 'poam-status')).sort()).toEqual(['closed', 'deviation-approved', 'open']);
    // The devices are the SSP's inventory items (the POA&M's import-ssp): an ssp.json beside it defines them.
    const ssp = (a: Assessment) => Buffer.from(JSON.stringify({ 'system-security-plan': { 'system-implementation': { 'inventory-items': inventoryItems(a, a.ids) } } }));
    const months: Array<[Json, Assessment]> = [[jan, janA], [feb, febA], [mar, marA]];
    for (const [d, a] of months) {
      for (const v of ['1.1.3', '1.2.2'] as const) expect(validateOscal(d, v)).toEqual([]);
      expect(checkProducerRules(d, { controlIndex: loadControlIndex(), expectedOscalVersion: '1.1.3', strictRefs: true, readFile: (rel) => (rel === 'ssp.json' ? ssp(a) : undefined) }).filter((p) => p.rule !== 'file-missing')).toEqual([]);
    }
    // Without the SSP, strictRefs finds the devices nowhere: the POA&M does not redefine them.
    expect(checkProducerRules(jan, { strictRefs: true }).some((p) => p.rule === 'ref-unresolved' && /subjects\/0\/subject-uuid$/.test(p.pointer))).toBe(true);
  });
});

describe('--previous-poam errors name the file and the JSON pointer', () => {
  const good = month(assessment('2026-01-10T12:00:00Z', { 'D-1': ['fail', 'pass', 'pass'] }));
  const mutated = (mutate: (d: Json) => void) => {
    const d = JSON.parse(JSON.stringify(good));
    mutate(d);
    return JSON.stringify(d);
  };
  it('not JSON', () => {
    const e = userErrorOf(() => parsePreviousPoam('{"plan-of', 'old.json'));
    expect(e.file).toBe('old.json');
    expect(e.message).toMatch(/^old\.json: is not JSON/);
  });
  it('a number in a risk-log entry carried forward that JSON reads as another value (an integer beyond 2^53): refused, naming the file and where, never carried forward changed', () => {
    const t = mutated((d) => { (d['plan-of-action-and-milestones'].risks[0]['risk-log'].entries[0] as Json).count = 1; }).replace('"count":1', '"count":18446744073709551615');
    const e = userErrorOf(() => parsePreviousPoam(t, 'old.json'));
    expect(e.file).toBe('old.json');
    expect(e.message).toMatch(/^old\.json: is not JSON \(the integer 18446744073709551615 at \/plan-of-action-and-milestones\/risks\/0\/risk-log\/entries\/0\/count cannot be read exactly/);
  });
  it('another OSCAL root', () => {
    expectUserError(() => parsePreviousPoam('{"assessment-results":{}}', 'old.json'), 'old.json', /^\/$/, /root must be "plan-of-action-and-milestones"/);
  });
  it('poam-items missing', () => {
    expectUserError(() => parsePreviousPoam(mutated((d) => delete body(d)['poam-items']), 'old.json'), 'old.json', /^\/plan-of-action-and-milestones\/poam-items$/, /must be an array/);
  });
  it('an item without our weakness-key prop', () => {
    const t = mutated((d) => { body(d)['poam-items'][0].props = body(d)['poam-items'][0].props.filter((p: Json) => p.name !== 'weakness-key'); });
    expectUserError(() => parsePreviousPoam(t, 'old.json'), 'old.json', /^\/plan-of-action-and-milestones\/poam-items\/0\/props$/, /no "weakness-key" prop .*not written by ato-evidence/);
  });
  it('a bad first-detected date and a bad status', () => {
    const date = mutated((d) => { body(d)['poam-items'][0].props.find((p: Json) => p.name === 'first-detected').value = '10/01/2026'; });
    expectUserError(() => parsePreviousPoam(date, 'old.json'), 'old.json', /poam-items\/0\/props$/, /"first-detected" prop "10\/01\/2026" is not valid/);
    const status = mutated((d) => { body(d)['poam-items'][0].props.find((p: Json) => p.name === 'poam-status').value = 'done'; });
    expectUserError(() => parsePreviousPoam(status, 'old.json'), 'old.json', /poam-items\/0\/props$/, /"poam-status" prop "done"/);
  });
  it('a member written twice in an item (its uuid: which item the history belongs to was a guess; JSON.parse kept the last)', () => {
    const t = mutated(() => undefined).replace(/("poam-items":\[\{)/, '$1"uuid":"11111111-2222-4333-8444-555555555555",');
    const e = userErrorOf(() => parsePreviousPoam(t, 'old.json'));
    expect(e.message).toMatch(/^old\.json: is not JSON \(member "uuid" is written twice in one object; JSON readers disagree on which value holds, so neither is taken \(at byte \d+\)\)/);
  });
  it('the same weakness twice', () => {
    const t = mutated((d) => body(d)['poam-items'].push(body(d)['poam-items'][0]));
    expectUserError(() => parsePreviousPoam(t, 'old.json'), 'old.json', /poam-items\/1\/props$/, /appears twice/);
  });
});

describe('reading the previous POA&M in chunks (a large fleet\'s is hundreds of megabytes)', () => {
  const jan = month(assessment('2026-01-10T12:00:00Z', { 'D-1': ['fail', 'fail', 'pass'], 'D-2': ['deviation', 'pass', 'pass'] }));
  const febText = serialise(buildPoam(assessment('2026-02-10T12:00:00Z', { 'D-1': ['pass', 'fail', 'pass'] }), templates, { deadlineDays: DEFAULT_DEADLINE_DAYS, previous: parsePreviousPoam(JSON.stringify(jan), 'jan.json') }).document);
  const chunked = (text: string, size: number) => {
    const reader = new PreviousPoamReader('feb.json');
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += size) reader.write(bytes.subarray(at, at + size));
    return reader.finish();
  };

  it('gives the history of each item: status, dates, devices, remediation and log', () => {
    const prev = chunked(febText, 7);
    expect([...prev.items.keys()].sort()).toEqual(['check:ADMIN', 'check:LOCKOUT']);
    expect(prev.items.get('check:ADMIN')!.controls).toEqual(['ac-2', 'ac-6.5']);
    const lockout = prev.items.get('check:LOCKOUT')!;
    // Jan: deviation on D-2 and a fail on D-1; Feb: D-1 passes, D-2 not assessed: stays open on D-2.
    expect([lockout.status, lockout.firstDetected, lockout.devices, lockout.remediation]).toEqual(['open', '2026-01-10', ['D-2'], 'Fix LOCKOUT.']);
    expect(lockout.log.map((e) => e['status-change'])).toEqual(['open']);
    expect(lockout.uuid).toBe(newItemUuid('Test fleet', 'check:LOCKOUT'));
    // Any chunk size reads the same as one piece.
    for (const size of [1, 64, 4096]) expect(chunked(febText, size)).toEqual(parsePreviousPoam(febText, 'feb.json'));
  });

  it('keeps checking what it does not keep: a syntax error in the observations, or after the items, is "not JSON" before any item error', () => {
    const doc = JSON.parse(febText);
    body(doc)['poam-items'][0].props = [];
    const text = JSON.stringify(doc, null, 2);
    expectUserError(() => chunked(text, 100), 'feb.json', /poam-items\/0\/props$/, /no "weakness-key" prop/);
    const observations = text.indexOf('"observations"');
    const backMatter = text.indexOf('"back-matter"');
    expect(observations).toBeGreaterThan(0);
    expect(backMatter).toBeGreaterThan(text.indexOf('"poam-items"'));
    for (const at of [observations, backMatter]) {
      const broken = text.slice(0, at) + text.slice(at).replace('"media-type": ', '"media-type" ').replace('"collected": ', '"collected" ');
      const e = userErrorOf(() => chunked(broken, 100));
      expect(e.message).toMatch(/^feb\.json: is not JSON \(Unexpected .* at byte \d+/);
    }
  });
});

describe('--poam-days', () => {
  it('accepts any subset, keeps the defaults for the rest', () => {
    expect(parseDeadlineDays('CAT I=15')).toEqual({ 'CAT I': 15, 'CAT II': 90, 'CAT III': 180 });
    expect(parseDeadlineDays('cat iii = 365 ,CAT II=60')).toEqual({ 'CAT I': 30, 'CAT II': 60, 'CAT III': 365 });
  });
  it('refuses what it cannot read, as a usage error', () => {
    for (const [spec, msg] of [['CAT IV=10', /"CAT IV=10" is not SEVERITY=DAYS/], ['CAT I=thirty', /is not SEVERITY=DAYS/], ['CAT I=0', /between 1 and 3650/]] as const) {
      const e = userErrorOf(() => parseDeadlineDays(spec));
      expect(e.message).toMatch(msg);
      expect(e.exitCode).toBe(2);
    }
  });
});
