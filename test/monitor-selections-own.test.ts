// monitor of a run after one whose --params made ac-11's selection ac-11_odp.01 (how further access
// is prevented) the device lock SCREEN-LOCK-TIMEOUT's pass shows: ac-11 satisfied in that run's
// report. The store recorded the ids of the ODPs a run defined, not their values, so the next run
// showed the previous run's checks' selection objectives with its own values (none, or another
// choice): ac-11 partially assessed on both sides, in no transition, where diff of two packages names
// the change (test/drift-selections-own.test.ts). Each run's summary now records the values too
// (definedOdpValues); a store written before keeps today's wording and judgement. (ac-7 and
// ac-07_odp.03 stood here until its lockout checks became in part, leaving ac-7 never satisfied.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliScratch, ROOT } from './support/cli-scratch.js';
import { asStoreWithoutSummaryField } from './support/older-store.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FIRST = '2026-11-03T00:00:00Z';
const SECOND = '2026-11-04T00:00:00Z';
const { dir, cli } = cliScratch('ato-monitor-selections-own-');

describe("monitor after a run whose --params made ac-11_odp.01 the lock SCREEN-LOCK-TIMEOUT shows", () => {
  const monitor = (store: string, now: string, out: string, extra: string[] = []) => {
    const r = cli(['monitor', join(ROOT, 'samples/MR-02/MR-02_2026-11-02.json'), '--no-pdf', '--store', join(dir(), store), '--out', join(dir(), out), '--now', now, ...extra]);
    expect(r.code, r.stderr).toBe(0);
    const drift = JSON.parse(readFileSync(join(dir(), out, 'drift.json'), 'utf8')) as Json;
    const md = readFileSync(join(dir(), out, 'drift.md'), 'utf8');
    return { r, drift, md, ac11: drift.controls.find((c: Json) => c.controlId === 'ac-11') as Json | undefined, row: md.split('\n').find((l) => l.startsWith('| ac-11 |')) };
  };
  const ac11Status = (out: string): Json => {
    const results = JSON.parse(readFileSync(join(dir(), out, 'assessment-results.json'), 'utf8'))['assessment-results'].results as Json[];
    return results[results.length - 1]!.findings.find((f: Json) => f.target['target-id'] === 'ac-11_obj').target.status;
  };
  const rulesParagraph = (md: string) => md.split('\n\n').find((p) => p.startsWith('**Rules changed since the old run.**'));
  const params = (name: string) => ['--params', join(dir(), `${name}.json`)];
  beforeAll(() => {
    // The choice SCREEN-LOCK-TIMEOUT's pass shows, and one it does not.
    writeFileSync(join(dir(), 'lock.json'), JSON.stringify({ 'ac-11_odp.01': 'initiating a device lock after 15 minutes of inactivity' }));
    writeFileSync(join(dir(), 'manual.json'), JSON.stringify({ 'ac-11_odp.01': 'requiring the user to initiate a device lock before leaving the system unattended' }));
    for (const store of ['none', 'manual', 'same', 'older', 'ancient', 'soon']) monitor(store, FIRST, `${store}-1`, params('lock'));
    asStoreWithoutSummaryField(join(dir(), 'older'), 'definedOdpValues');
    asStoreWithoutSummaryField(join(dir(), 'ancient'), 'definedOdps');
  }, 240_000);

  it('the premise: the first run, with the device lock chosen, had ac-11 satisfied', () => {
    expect(ac11Status('none-1').state).toBe('satisfied');
  });

  let none: ReturnType<typeof monitor>;
  it('the next run without a choice judges the first with the values it recorded: ac-11 regressed, ac-11_odp.01 named as the cause', () => {
    none = monitor('none', SECOND, 'none-2');
    const { drift, md, ac11, row } = none;
    expect(ac11Status('none-2').state).toBe('not-satisfied');
    expect(ac11).toMatchObject({ transition: 'regressed', old: 'satisfied', new: 'partial' });
    expect(ac11!.odpsChanged.definedOnlyOld.map((n: string) => n.split(' ')[0])).toEqual(['ac-11_odp.01']);
    expect(ac11!.odpsChanged.definedOnlyNew).toEqual([]);
    expect(ac11!.odpsChanged.shownByChecks).toBe(true);
    expect(drift.old.ownSelections).toBe(true);
    expect(row).toContain('satisfied → partially assessed');
    expect(row).toMatch(/ac-11\\_odp\.01 .* defined in the old run, not in the new one \(a check's pass shows an objective inserting a selection only where the organisation chose what the pass shows\)/);
    // Nothing is attested: the paragraph speaks of the selection objectives alone.
    expect(rulesParagraph(md)).toMatch(/run's rules: no change below comes from the rules, and the old run's results here may differ from those its own report gave\. The objectives its checks show that insert a selection are judged here with the organisation-defined parameters the old run defined, as the evidence store's record of that run states them: a check's pass shows such an objective only where the organisation chose what the pass shows/);
    expect(rulesParagraph(md)).not.toMatch(/attested|attestation/);
  });

  it("the terminal names ac-11's cause as diff's does: the organisation's parameters", () => {
    const line = none.r.stderr.split('\n').find((l) => l.startsWith('Regressed: '));
    expect(line).toBeDefined();
    expect(line!.slice('Regressed: '.length).split('; ').find((p) => p.startsWith('ac-11'))).toBe("ac-11 (the organisation's parameters)");
  });

  it("what else regressed in that run moved with the clock, not with the ODP, and says so; the counts are the lists'", () => {
    const { drift, md } = none;
    const regressed = (drift.controls as Json[]).filter((c) => c.transition === 'regressed');
    const checks = (drift.devices as Json[]).flatMap((d) => (d.checks as Json[]).filter((c) => c.transition === 'regressed').map((c) => ({ ...c, deviceId: d.deviceId })));
    expect(drift.summary.controls.regressed).toBe(regressed.length);
    expect(drift.summary.checks.regressed).toBe(checks.length);
    // The selection ac-11_odp.01 is compared by no check: no check's outcome moves with it.
    for (const c of checks) {
      expect(c.checkId).not.toMatch(/^SCREEN-LOCK-TIMEOUT/);
      expect(c.cause, c.checkId).toBe('time');
      expect(c.newReason, c.checkId).toMatch(/time limit .* lapsed at .*before the assessment/);
      expect(md).toMatch(new RegExp(`\\| ${c.checkId} \\| [^|]+ \\| ${c.old} → ${c.new} \\(regressed\\) \\| time \\|`));
    }
    // Every other regressed control rests on one of those checks on its device, and names it.
    for (const c of regressed.filter((x) => x.controlId !== 'ac-11')) {
      expect(c.odpsChanged, c.controlId).toBeUndefined();
      expect(c.responsible.length, c.controlId).toBeGreaterThan(0);
      for (const r of c.responsible as Json[]) expect(checks.some((k) => k.deviceId === r.deviceId && k.checkId === r.checkId), `${c.controlId} ${r.checkId}`).toBe(true);
    }
  });

  it('the next run without a choice, before any time limit lapses: ac-11 alone regresses, no check moves', () => {
    const { drift, r } = monitor('soon', '2026-11-03T00:00:01Z', 'soon-2');
    expect((drift.controls as Json[]).filter((c) => c.transition === 'regressed').map((c) => c.controlId)).toEqual(['ac-11']);
    expect(drift.summary.controls.regressed).toBe(1);
    expect(drift.summary.checks.regressed).toBe(0);
    expect(drift.summary.checks.changed).toBe(0);
    expect(r.stderr).toContain("Regressed: ac-11 (the organisation's parameters)\n");
  });

  it('the next run with a choice no pass shows: ac-11 regressed, the selection named as defined otherwise', () => {
    const { ac11, row } = monitor('manual', SECOND, 'manual-2', params('manual'));
    expect(ac11).toMatchObject({ transition: 'regressed', old: 'satisfied', new: 'partial' });
    expect(ac11!.odpsChanged.definedOtherwise.map((n: string) => n.split(' ')[0])).toEqual(['ac-11_odp.01']);
    expect(row).toMatch(/ac-11\\_odp\.01 .* defined otherwise in the old run than in the new one/);
  });

  it('the same choice in both runs: ac-11 in no transition', () => {
    expect(monitor('same', SECOND, 'same-2', params('lock')).ac11).toBeUndefined();
  });

  it("a store whose previous run recorded the ids, not the values (written before): its checks shown with this run's values, no cause invented, and drift.md says so", () => {
    const { drift, md, ac11 } = monitor('older', SECOND, 'older-2');
    expect(drift.old.ownSelections).toBeUndefined();
    expect(ac11).toBeUndefined();
    // It recorded which ODPs it defined, nothing is attested: the paragraph says its selection objectives were judged with this run's values.
    expect(rulesParagraph(md)).toMatch(/the evidence store's record of the old run states which of them it defined, not their values, so the objectives its checks show that insert a selection are judged here with this run's values, and a change of that choice between the runs shows in no transition below \(a control that record gave as satisfied may be partially assessed here, or the reverse\)/);
    expect(rulesParagraph(md)).not.toMatch(/attested|attestation|judged here with the organisation-defined parameters the old run defined/);
  });

  it("a store whose previous run recorded no ODPs at all: drift.md says its checks' selection objectives were judged with this run's values", () => {
    const { drift, md, ac11 } = monitor('ancient', SECOND, 'ancient-2');
    expect(drift.old.ownOdps).toBeUndefined();
    expect(drift.old.selectionsThisRun).toBe(true);
    expect(ac11).toBeUndefined();
    expect(rulesParagraph(md)).toMatch(/the organisation-defined parameters whose choice decides whether a check's pass shows an objective inserting a selection \(docs\/checks\.md\): the evidence store's record of the old run does not state which of them it defined, so its checks' objectives that insert a selection are judged here with this run's values, and a change in those values between the runs shows in no transition/);
    expect(rulesParagraph(md)).not.toMatch(/run's report|its own report gave as satisfied/);
  });
});
