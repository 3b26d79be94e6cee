// `monitor` in process: filing into the store, the comparison with the previous run, the
// assessment-results series (NIST schemas + producer rules), idempotent filing, regeneration.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunConfig } from '../src/assess/config.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { assessDevice, makeDriftContext } from '../src/drift/index.js';
import { regenerateRun, runMonitor, type MonitorOptions, type MonitorOutcome } from '../src/monitor/run.js';
import { checkProducerRules } from '../src/oscal/rules.js';
import { parseLedger } from '../src/store/ledger.js';
import { LEDGER_FILE } from '../src/store/store.js';
import { verifyStore } from '../src/store/verify.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';
import { syntheticNextMonth, syntheticSnapshot } from '../src/bench/synthetic-fleet.js';
import { pdfPageTexts } from './support/pdf-text.js';
import { userErrorOfAsync } from './support/user-error.js';

const root = new URL('..', import.meta.url).pathname;
const sample = (device: string, month: '10-05' | '11-02') => join(root, 'samples', device, `${device}_2026-${month}.json`);
const OCT = ['CT-01', 'LAB-01', 'MR-01', 'MR-02'].map((d) => sample(d, '10-05'));
// The November collection lost LAB-01 (the console was off the network).
const NOV = ['CT-01', 'MR-01', 'MR-02'].map((d) => sample(d, '11-02'));
const DEVIATIONS = join(root, 'samples', 'deviations.csv');

let dir: string;
let store: string;
let run1: MonitorOutcome;
let run2: MonitorOutcome;

const base = (over: Partial<MonitorOptions>): MonitorOptions => ({
  store, inputs: [], out: '', force: false, now: '2026-10-06T00:00:00Z', wallClock: new Date().toISOString(), toolVersion: 'test', baseline: 'moderate',
  deviations: DEVIATIONS, pdf: false, ...over,
});
const ledger = () => parseLedger(readFileSync(join(store, LEDGER_FILE), 'utf8')).entries;
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const filesUnder = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-monitor-'));
  store = join(dir, 'store');
  run1 = await runMonitor(base({ inputs: OCT, out: join(dir, 'oct'), now: '2026-10-06T00:00:00Z' }));
  run2 = await runMonitor(base({ inputs: NOV, out: join(dir, 'nov'), now: '2026-11-03T00:00:00Z' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a snapshot saved with a UTF-8 byte-order mark (Windows PowerShell 5.1 writes one)', () => {
  it('is filed as given and compared in the next run, as assess and diff read it', async () => {
    const d = mkdtempSync(join(tmpdir(), 'ato-monitor-bom-'));
    try {
      // A snapshot holding no secret: the store keeps its bytes as given, the mark included.
      const bom = Buffer.from([0xef, 0xbb, 0xbf]);
      const first = syntheticSnapshot(11);
      writeFileSync(join(d, 'first.json'), Buffer.concat([bom, Buffer.from(JSON.stringify(first, null, 2))]));
      const s = join(d, 'store');
      const r1 = await runMonitor(base({ store: s, deviations: undefined, inputs: [join(d, 'first.json')], out: join(d, 'r1'), now: '2027-01-01T00:00:00Z' }));
      expect(r1).toMatchObject({ filed: 1, devices: 1 });
      const kept = parseLedger(readFileSync(join(s, LEDGER_FILE), 'utf8')).entries.find((e) => e.kind === 'snapshot')!;
      expect(kept).toMatchObject({ redacted: false });
      syntheticNextMonth(first, 11, { publicProfileOff: true });
      writeFileSync(join(d, 'second.json'), Buffer.concat([bom, Buffer.from(JSON.stringify(first, null, 2))]));
      const r2 = await runMonitor(base({ store: s, deviations: undefined, inputs: [join(d, 'second.json')], out: join(d, 'r2'), now: '2027-02-01T00:00:00Z' }));
      expect(r2).toMatchObject({ previous: r1.run, filed: 1, devices: 1 });
      const drift = json(join(d, 'r2', 'drift.json'));
      expect(drift.devices[0].settings.map((x: { path: string }) => x.path)).toContain('firewall.profiles[public].enabled');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('filing and comparing', () => {
  it('the first run files every snapshot and has nothing to compare with', () => {
    expect(run1).toMatchObject({ previous: null, filed: 4, alreadyFiled: 0, devices: 4, missing: [] });
  });

  it('the second run compares with the first and reports the device that is missing', () => {
    expect(run2).toMatchObject({ previous: run1.run, filed: 3, devices: 3, missing: ['LAB-01'] });
    const drift = json(join(dir, 'nov', 'drift.json'));
    const lab = drift.devices.find((d: { deviceId: string }) => d.deviceId === 'LAB-01');
    expect(lab.presence).toBe('removed');
    expect(lab.old.collectedAt.slice(0, 10)).toBe('2026-10-05');
    expect(lab.new).toBeUndefined();
    expect(drift.new.devices).toBe(3);
    expect(drift.old.devices).toBe(4);
    expect(readFileSync(join(dir, 'nov', 'drift.md'), 'utf8')).toContain('LAB-01');
  });

  it('the ledger holds one entry per snapshot and per run, chained, and verify accepts it', () => {
    const e = ledger();
    expect(e.filter((x) => x.kind === 'snapshot').map((x) => x.kind === 'snapshot' && `${x.device} ${x.collectedAt.slice(0, 10)}`)).toEqual([
      'CT-01 2026-10-05', 'LAB-01 2026-10-05', 'MR-01 2026-10-05', 'MR-02 2026-10-05', 'CT-01 2026-11-02', 'MR-01 2026-11-02', 'MR-02 2026-11-02',
    ]);
    expect(e.filter((x) => x.kind === 'run').map((x) => x.kind === 'run' && [x.run, x.previous])).toEqual([[run1.run, null], [run2.run, run1.run]]);
    const v = verifyStore(store);
    expect(v.problems).toEqual([]);
    expect(v.notes).toEqual([]);
  });

  it('secrets never reach the store or the report: MR-01\'s LDAP bind password is redacted before filing', () => {
    const secret = 'S3cr3t-LDAP-bind!';
    expect(readFileSync(sample('MR-01', '10-05'), 'utf8')).toContain(secret); // the input has it
    const mr01 = ledger().filter((x) => x.kind === 'snapshot' && x.device === 'MR-01');
    expect(mr01.map((x) => x.kind === 'snapshot' && x.redacted)).toEqual([true, true]);
    for (const x of mr01) {
      if (x.kind !== 'snapshot') continue;
      const kept = readFileSync(join(store, 'objects', x.object.slice(0, 2), x.object.slice(2)), 'utf8');
      expect(kept).not.toContain(secret);
      expect(JSON.parse(kept).access.ldap.bindPassword).toBe('[REDACTED]');
    }
    const holding = [store, join(dir, 'oct'), join(dir, 'nov')].flatMap((d) => filesUnder(d)).filter((f) => readFileSync(f).includes(secret));
    expect(holding).toEqual([]);
  });

  it('filing the same snapshot again adds no snapshot entry and no object', async () => {
    const before = ledger();
    // The same bytes under another name count as the same snapshot.
    const copy = join(dir, 'copy-of-CT-01.json');
    writeFileSync(copy, readFileSync(NOV[0]!));
    const r = await runMonitor(base({ inputs: [...NOV, copy], out: join(dir, 'again'), now: '2026-11-04T00:00:00Z' }));
    expect(r).toMatchObject({ filed: 0, alreadyFiled: 4, devices: 3, missing: [] });
    const after = ledger();
    expect(after.filter((x) => x.kind === 'snapshot')).toHaveLength(before.filter((x) => x.kind === 'snapshot').length);
    expect(after.filter((x) => x.kind === 'run')).toHaveLength(3); // a new run (new clock), but no new snapshot
    // Same run again (same inputs, same clock): nothing at all is added; the report is regenerated.
    const again = await runMonitor(base({ inputs: NOV, out: join(dir, 'again2'), now: '2026-11-04T00:00:00Z' }));
    expect(again).toMatchObject({ run: r.run, alreadyRecorded: true, filed: 0 });
    expect(ledger()).toHaveLength(after.length);
    expect(readFileSync(join(dir, 'again2', 'drift.json'))).toEqual(readFileSync(join(dir, 'again', 'drift.json')));
  });

  it('the results a run keeps for the next one are those the evaluator gives (so reusing them changes nothing)', () => {
    const runEntry = ledger().find((x) => x.kind === 'run' && x.run === run1.run)!;
    const read = (sha: string) => readFileSync(join(store, 'objects', sha.slice(0, 2), sha.slice(2)));
    const manifest = JSON.parse(read(runEntry.kind === 'run' ? runEntry.manifest : '').toString());
    const kept = read(manifest.results.object).toString().trim().split('\n').map((l) => JSON.parse(l));
    const ctx = makeDriftContext(loadRunConfig({ deviations: DEVIATIONS }), { now: '2026-10-06T00:00:00Z', baseline: 'moderate' });
    const codes: Record<string, string> = { pass: 'p', fail: 'f', 'not-applicable': 'n', 'not-collected': 'c', deviation: 'd' };
    expect(kept.map((k) => k.id)).toEqual(['CT-01', 'LAB-01', 'MR-01', 'MR-02']);
    for (const k of kept) {
      const fresh = assessDevice(json(sample(k.id, '10-05')), { file: 'x', sha256: 'x' }, ctx, '2026-10-06');
      expect(k.s).toBe(fresh.statuses.map((x) => codes[x]).join(''));
      expect(new Map(k.d)).toEqual(fresh.details);
    }
    // CT-01's BitLocker deviation expired on 2026-09-30: kept as a failure with the expired deviation.
    const ct = new Map(kept[0].d) as Map<string, { expiredDeviation?: { expires: string } }>;
    expect(ct.get('BITLOCKER-PREBOOT')?.expiredDeviation?.expires).toBe('2026-09-30');
  });

  it('a different snapshot claiming a filed device and time is refused, naming both', async () => {
    const changed = json(NOV[1]!);
    changed.device.location = 'moved';
    const p = join(dir, 'MR-01-changed.json');
    writeFileSync(p, JSON.stringify(changed, null, 2));
    const e = await userErrorOfAsync(() => runMonitor(base({ inputs: [p], out: join(dir, 'clash'), now: '2026-11-05T00:00:00Z' })));
    expect(e.message).toMatch(/already holds a different snapshot of device MR-01 collected at 2026-11-02.*filed from .*MR-01_2026-11-02\.json/);
  });
});

describeWithShared('the assessment-results series', () => {
  let ar: { 'assessment-results': { results: Array<Record<string, unknown>> } };
  beforeAll(() => {
    ar = json(join(dir, 'nov', 'assessment-results.json'));
  });

  it('holds one result per run, oldest first, with distinct uuids', () => {
    const results = ar['assessment-results'].results;
    expect(results.map((r) => r.title)).toEqual([`Monitoring run ${run1.run}: 4 imaging-device console(s)`, `Monitoring run ${run2.run}: 3 imaging-device console(s)`]);
    expect(String(results[1]!.description)).toContain('Not in this run but in the previous one: LAB-01');
    const text = JSON.stringify(ar);
    const uuids = text.match(/"uuid":"[0-9a-f-]{36}"/g)!;
    expect(uuids.length).toBeGreaterThan(50);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it('each result carries a finding per control whose state matches that run', () => {
    const results = ar['assessment-results'].results as Array<{ findings: Array<{ target: { 'target-id': string; status: { state: string } }; props: Array<{ name: string; value: string }> }> }>;
    for (const r of results) expect(r.findings.length).toBeGreaterThan(10);
    // The deviation for BITLOCKER-PREBOOT on CT-01 expired 2026-09-30: both runs see CT-01 fail it.
    const sc28 = results.map((r) => r.findings.find((f) => f.props.some((p) => p.name === 'control-id' && p.value === 'sc-28')));
    expect(sc28.map((f) => f?.target.status.state)).toEqual(['not-satisfied', 'not-satisfied']);
  });

  it('each result carries its objective findings, and a partially assessed control (au-9 in November) is not satisfied, reason other, nothing failed', () => {
    const results = ar['assessment-results'].results as Array<{ findings: Array<{ target: { type: string; 'target-id': string; status: { state: string; reason?: string } } }> }>;
    const targets = results.map((r) => new Map(r.findings.map((f) => [f.target['target-id'], f.target])));
    for (const byTarget of targets) expect(byTarget.get('ac-7_obj.a')).toMatchObject({ type: 'objective-id' });
    // October: LAB-01's collection holds no event-log file ACLs, so AUDIT-LOG-PERMISSIONS (au-9 a) is not collected there.
    const [oct, nov] = [targets[0]!, targets[targets.length - 1]!];
    expect(oct.get('au-9_obj.a')?.status.state).toBe('not-satisfied');
    expect(oct.get('au-9_obj')?.status.state).toBe('not-satisfied');
    // November (CT-01, MR-01, MR-02): AUDIT-PROTECT and AUDIT-LOG-PERMISSIONS pass, but they show au-9 a
    // only in part (the Windows event logs, not the vendor's audit trail): it is left to the assessor
    // like au-9 b (alerts): it gets no verdict, and au-9 itself is partially assessed, so not satisfied (as assess says it).
    expect(nov.has('au-9_obj.a')).toBe(false);
    expect(nov.get('au-9_obj')?.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    // ac-7 a, which its checks show whole, gets a verdict of its own: not satisfied, since CT-01's
    // lockout counter resets after 15 minutes while its lockout lasts 10, a pair Windows does not
    // hold, so its LOCKOUT-RESET is not collected (src/snapshot/policy-combinations.ts).
    expect(nov.get('ac-7_obj.a')?.status.state).toBe('not-satisfied');
    for (const byTarget of targets) expect(byTarget.has('au-9_obj.b')).toBe(false);
  });

  for (const version of ['1.1.3', '1.2.2'] as const) {
    it(`validates against NIST's ${version} schema`, () => expect(validateOscal(ar, version)).toEqual([]));
  }

  it('passes the producer rules', () => {
    expect(checkProducerRules(ar, { controlIndex: loadControlIndex(), expectedOscalVersion: '1.1.3', strictRefs: true })).toEqual([]);
  });
});

describe('regenerating a past run from the store alone', () => {
  it('recomputes the October report byte for byte after November was filed', async () => {
    const out = join(dir, 'oct-again');
    const r = await regenerateRun(store, run1.run, out, false);
    expect(r.differs).toEqual([]);
    for (const f of ['drift.json', 'drift.md', 'assessment-results.json']) {
      expect(readFileSync(join(out, f)).equals(readFileSync(join(dir, 'oct', f))), f).toBe(true);
    }
  });

  it('with the PDF: the monitoring report is kept and regenerated byte for byte too', async () => {
    const pstore = join(dir, 'pdf-store');
    await runMonitor(base({ store: pstore, inputs: OCT, out: join(dir, 'p1'), now: '2026-10-06T00:00:00Z', pdf: true }));
    const second = await runMonitor(base({ store: pstore, inputs: NOV, out: join(dir, 'p2'), now: '2026-11-03T00:00:00Z', pdf: true }));
    expect(second.files).toEqual(['drift.json', 'drift.md', 'assessment-results.json', 'monitoring-report.pdf']);
    const pdf = readFileSync(join(dir, 'p2', 'monitoring-report.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const r = await regenerateRun(pstore, second.run, join(dir, 'p2-again'), false);
    expect(r.differs).toEqual([]);
    expect(readFileSync(join(dir, 'p2-again', 'monitoring-report.pdf')).equals(pdf)).toBe(true);
  });

  it('with --system, --attestations and --marking: the report uses them, and regenerates byte for byte from the store alone', async () => {
    const xstore = join(dir, 'extras-store');
    const extras = { system: join(root, 'samples', 'system.yaml'), attestations: join(root, 'samples', 'attestations.yaml'), marking: 'CUI', pdf: true };
    // An attestation dated after a run's clock is a mistake in the input (pe-3's is of 2026-10-20).
    const early = await userErrorOfAsync(() => runMonitor(base({ store: xstore, inputs: OCT, out: join(dir, 'x0'), now: '2026-10-06T00:00:00Z', ...extras })));
    expect(early.where).toBe('/attestations/1/when');
    const first = await runMonitor(base({ store: xstore, inputs: OCT, out: join(dir, 'x1'), now: '2026-10-06T00:00:00Z', system: extras.system, marking: 'CUI', pdf: true }));
    const second = await runMonitor(base({ store: xstore, inputs: NOV, out: join(dir, 'x2'), now: '2026-11-03T00:00:00Z', ...extras }));
    // What the report shows is part of the run's identity (the same snapshots and clock without it are another run).
    expect(first.run).not.toBe(run1.run);
    const pages = await pdfPageTexts(join(dir, 'x2', 'monitoring-report.pdf'));
    for (const p of pages) expect(p).toContain('Example University Hospital Imaging Device Fleet · Continuous monitoring report');
    expect(pages.join(' ')).not.toContain('Imaging-device fleet');
    // pe-3 was attested on 2026-10-20: assessed in November, not in October (not satisfied: it awaits review).
    const drift = json(join(dir, 'x2', 'drift.json'));
    expect(drift.controls.find((c: { controlId: string }) => c.controlId === 'pe-3')).toMatchObject({ transition: 'newly-assessed', new: 'not-satisfied' });
    const r = await regenerateRun(xstore, second.run, join(dir, 'x2-again'), false);
    expect(r.differs).toEqual([]);
    expect(readFileSync(join(dir, 'x2-again', 'monitoring-report.pdf')).equals(readFileSync(join(dir, 'x2', 'monitoring-report.pdf')))).toBe(true);
  });

  it('names an unknown run', async () => {
    const e = await userErrorOfAsync(() => regenerateRun(store, 'nope', join(dir, 'x'), false));
    expect(e.message).toMatch(/no run nope in the store \(runs: 2026/);
  });
});

describe('a device whose coverage changed, settings alike', () => {
  it('the checks that passed on a list now known to be partial regress, as assess judges the new snapshot', async () => {
    const d = mkdtempSync(join(tmpdir(), 'ato-monitor-coverage-'));
    try {
      const s = json(sample('CT-01', '11-02'));
      const later = { ...s, collectedAt: '2026-11-03T10:00:00Z', coverage: [...s.coverage, { scope: 'access.accounts', source: 'CT-01/local-users.csv', kind: 'localuser-csv', effective: true, complete: false }] };
      writeFileSync(join(d, 'new.json'), JSON.stringify(later, null, 2) + '\n');
      const st = join(d, 'store');
      const opts = (over: Partial<MonitorOptions>) => base({ store: st, deviations: undefined, ...over } as Partial<MonitorOptions>);
      await runMonitor(opts({ inputs: [sample('CT-01', '11-02')], out: join(d, 'r1'), now: '2026-11-02T20:00:00Z' }));
      await runMonitor(opts({ inputs: [join(d, 'new.json')], out: join(d, 'r2'), now: '2026-11-04T00:00:00Z' }));
      const checks = json(join(d, 'r2', 'drift.json')).devices[0].checks as Array<{ checkId: string; old: string; new: string }>;
      for (const id of ['ROLE-CLINICAL-NOT-ADMIN', 'ROLE-ADMIN-NO-PATIENT-DATA', 'ROLE-SERVICE-ONLY-TECHNICIANS']) {
        expect(checks.find((c) => c.checkId === id), id).toMatchObject({ old: 'pass', new: 'not-collected' });
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
