// SC-45(1) is claimed only for what the evidence shows. TIME-SYNC passes for any real time source
// synchronised recently (time.windows.com too): it shows SC-45 alone. Whether the source is the
// organisation's authoritative one (SC-45(1)(a), sc-45.01_odp.02) is TIME-SOURCE's test, against
// authoritative-time-sources, a parameter with no default: until the organisation names its
// sources the result is not collected, with the parameter named, never a pass. SC-45(1)(b) (the
// time-difference threshold) is shown by no collected value, so no check claims it.
import { describe, expect, it } from 'vitest';
import { ControlAggregator } from '../src/assess/controls.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { controlInfo } from '../src/catalog/objectives.js';
import type { Check, Test } from '../src/catalog/types.js';
import { checkStatus, evaluateCheck, makeContext, type CheckStatus, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { evaluateTest, statusOf } from '../src/evaluate/test-eval.js';
import { setParametersOf } from '../src/oscal/set-parameters.js';
import { parseParamsFile, resolveParameters } from '../src/params/resolve.js';
import type { Snapshot } from '../src/snapshot/types.js';

const catalog = loadCatalog();
const byId = (id: string): Check => catalog.checks.find((c) => c.id === id)!;
const defaults: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const withSources = (json: string): ResolvedParams => resolveParameters(catalog.parameters, [], parseParamsFile(json, 'site-params.json')).params;

/** A console synchronised 1 hour before collection with `source`, as w32tm names it. */
function console(source: string): Snapshot {
  return {
    schemaVersion: '1.0',
    device: { id: 'D-1' },
    collectedAt: '2026-11-02T12:00:00Z',
    audit: { timeSync: { source, leapIndicator: 0, stratum: 3, lastSuccessfulSyncAt: '2026-11-02T11:00:00Z' } },
  } as Snapshot;
}

describe('TIME-SYNC shows SC-45 only', () => {
  it('passes for time.windows.com, and claims no objective of sc-45.1', () => {
    const sync = byId('TIME-SYNC');
    expect(evaluateCheck(sync, console('time.windows.com,0x8'), defaults).status).toBe('pass');
    expect(sync.controls).toEqual(['sc-45']);
    expect(sync.objectives).toEqual(['sc-45_obj']);
  });

  it('no check claims sc-45.1_obj.b (the time-difference threshold no collected value shows)', () => {
    expect(catalog.checks.filter((c) => c.objectives.includes('sc-45.1_obj.b')).map((c) => c.id)).toEqual([]);
  });

  it('a console on time.windows.com, every other check passing: sc-45 satisfied, sc-45.1 never satisfied', () => {
    const index = loadControlIndex();
    const statuses = (ts: CheckStatus): CheckStatus[] => catalog.checks.map((c) => (c.id === 'TIME-SOURCE' ? ts : 'pass'));
    for (const ts of ['fail', 'not-collected'] as const) {
      const agg = new ControlAggregator(catalog.checks, (id) => controlInfo(index, id), 'moderate');
      agg.addDevice('D-1', statuses(ts), () => undefined);
      const f = new Map(agg.findings().map((x) => [x.controlId, x]));
      expect(f.get('sc-45')?.state, ts).toBe('satisfied');
      expect(f.get('sc-45.1')?.state, ts).toBe('not-satisfied');
    }
    // Even TIME-SOURCE passing leaves (b) to the assessor, and shows (a) only in part (its statement
    // compares clocks at the organisation's frequency, sc-45.01_odp.01, which no check shows: ebfe012):
    // partially assessed, not satisfied.
    const agg = new ControlAggregator(catalog.checks, (id) => controlInfo(index, id), 'moderate');
    agg.addDevice('D-1', statuses('pass'), () => undefined);
    const sc451 = agg.findings().find((x) => x.controlId === 'sc-45.1')!;
    expect(sc451.state).toBe('partial');
    expect(sc451.uncovered.map((u) => u.objectiveId)).toEqual(['sc-45.1_obj.a', 'sc-45.1_obj.b']);
    expect(sc451.uncovered).toContainEqual({ objectiveId: 'sc-45.1_obj.a', why: 'in-part' });
  });
});

describe('TIME-SOURCE: the organisation\'s authoritative time source (sc-45.1_obj.a)', () => {
  const check = byId('TIME-SOURCE');

  it('without the organisation\'s list it is not collected, naming the parameter, on any source', () => {
    expect(defaults.get('authoritative-time-sources')?.value).toBeNull();
    for (const source of ['dc02.hospital.example', 'time.windows.com,0x8']) {
      const r = evaluateCheck(check, console(source), defaults);
      expect(r.status, source).toBe('not-collected');
      // By the parameter's title; its id only as the key a params file sets.
      expect(r.reason, source).toContain(`the organisation has not defined the organisation's authoritative time sources`);
      expect(r.reason, source).toContain('parameter authoritative-time-sources)');
      expect(r.expected, source).not.toContain('authoritative-time-sources');
      expect(r.expected, source).toContain('which the organisation has not defined (not collected until it does)');
      expect(r.params.find((p) => p.id === 'authoritative-time-sources')?.source, source).toMatch(/^not defined by the organisation/);
      expect(checkStatus(check, console(source), makeContext(console(source), defaults)), `${source}: the status-only path agrees`).toBe('not-collected');
    }
  });

  it('a source the organisation did not name fails; its own passes, without case and w32tm\'s ",0x8"', () => {
    const site = withSources('{"authoritative-time-sources": ["ntp1.hospital.example", "dc02.hospital.example"]}');
    expect(evaluateCheck(check, console('time.windows.com,0x8'), site).status).toBe('fail');
    expect(evaluateCheck(check, console('ntp1.hospital.example.evil.test'), site).status).toBe('fail');
    expect(evaluateCheck(check, console('NTP1.Hospital.Example,0x8'), site).status).toBe('pass');
    // A domain hierarchy (NT5DS): w32tm names the domain controller it took its time from.
    expect(evaluateCheck(check, console('dc02.hospital.example'), site).status).toBe('pass');
    expect(checkStatus(check, console('time.windows.com,0x8'), makeContext(console('time.windows.com,0x8'), site))).toBe('fail');
    expect(checkStatus(check, console('NTP1.Hospital.Example,0x8'), makeContext(console('NTP1.Hospital.Example,0x8'), site))).toBe('pass');
  });

  it("a profile's prose for the ODP is not applied (a warning says so): not collected, never a fail on a value nobody gave", () => {
    const prose = [{ id: 'sc-45.01_odp.02', raw: 'the DoD-approved time servers', file: 'profile.json', where: '/profile/modify/set-parameters/3' }];
    const { params, warnings } = resolveParameters(catalog.parameters, prose, []);
    expect(params.get('authoritative-time-sources')?.value).toBeNull();
    expect(warnings.join('\n')).toMatch(/authoritative-time-sources.*"the DoD-approved time servers" is not a host name or address/);
    expect(evaluateCheck(check, console('time.windows.com,0x8'), params).status).toBe('not-collected');
    // Host names from a profile are applied as before.
    const hosts = resolveParameters(catalog.parameters, [{ ...prose[0]!, raw: 'ntp1.hospital.example, 10.20.0.5' }], []).params;
    expect(hosts.get('authoritative-time-sources')?.value).toEqual(['ntp1.hospital.example', '10.20.0.5']);
    expect(evaluateCheck(check, console('ntp1.hospital.example,0x8'), hosts).status).toBe('pass');
  });

  it('a params file naming a source in prose is refused, naming the entry', () => {
    expect(() => withSources('{"authoritative-time-sources": ["ntp1.hospital.example", "our stratum 1 clock"]}')).toThrow(/site-params\.json at \/authoritative-time-sources: authoritative-time-sources entry "our stratum 1 clock" is not a host name or address/);
  });

  it('a list the organisation gives is its ODP sc-45.01_odp.02 in the SSP; an undefined one sets nothing', () => {
    const index = loadControlIndex();
    const def = catalog.parameters.find((p) => p.id === 'authoritative-time-sources')!;
    expect(setParametersOf([{ def, value: null, origin: 'not defined' }], index).setParameters).toEqual([]);
    const set = setParametersOf([{ def, value: ['ntp1.hospital.example'], origin: 'params file' }], index).setParameters;
    expect(set.map((s) => [s.paramId, s.controlId])).toEqual([['sc-45.01_odp.02', 'sc-45.1']]);
  });
});

describe('any test against a parameter nobody defined is not collected, never a pass', () => {
  const unset: ResolvedParams = new Map([['approved', { id: 'approved', value: null, source: 'not defined by the organisation' }]]);
  const snap = { schemaVersion: '1.0', device: { id: 'D-1' }, collectedAt: '2026-11-02T12:00:00Z', name: 'a', items: [{ name: 'a' }, { name: 'b' }] } as unknown as Snapshot;
  const tests: Array<[string, Test]> = [
    ['scalar one-of', { field: 'name', operator: 'one-of', expected: { param: 'approved' } }],
    ['every item none-of', { field: 'items', operator: 'every', tests: [{ field: 'name', operator: 'none-of', expected: { param: 'approved' } }] }],
    ['every item one-of', { field: 'items', operator: 'every', tests: [{ field: 'name', operator: 'one-of', expected: { param: 'approved' } }] }],
    ['no item one-of', { field: 'items', operator: 'none', tests: [{ field: 'name', operator: 'one-of', expected: { param: 'approved' } }] }],
  ];
  it.each(tests)('%s', (_name, test) => {
    const ctx = makeContext(snap, unset);
    const o = evaluateTest(test, snap, ctx);
    expect(o.status).toBe('not-collected');
    expect(o.reasons?.join(' ')).toMatch(/has not defined the organisation parameter approved/);
    expect(statusOf(test, snap, makeContext(snap, unset))).toBe('not-collected');
  });
});
