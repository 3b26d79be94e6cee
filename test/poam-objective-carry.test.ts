// An "evidence not collected" item of last month's POA&M may be closed only when that evidence is
// collected now. October: si-3_obj.b not satisfied only because US-01's evidence (stale) was not
// collected: item objective:si-3_obj.b on US-01. November: US-01 still stale, and MAL-SIG-AGE now
// fails on CT-01, which explains the objective first, so no objective weakness is current: the
// item was closed ("no longer shown on any affected device") while November's results still say
// the evidence was not collected on US-01.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { propOf } from './support/oscal-json.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
const snapshots = (date: string): string[] => ['CT-01', 'LAB-01', 'MR-01', 'MR-02']
  .map((d) => join(root, 'samples', d, `${d}_${date}.json`))
  .concat(join(root, 'samples', 'US-01', 'US-01_2026-09-07.json'));

let dir: string;
const pkg: Record<'oct' | 'nov', { ar: Json; poam: Json }> = {} as never;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-carry-'));
  const common = { force: false, baseline: 'moderate' as const, toolVersion: 't', pdf: false };
  await runAssess({ ...common, inputs: snapshots('2026-10-05'), out: join(dir, 'oct'), now: '2026-10-05T18:00:00Z' });
  await runAssess({ ...common, inputs: snapshots('2026-11-02'), out: join(dir, 'nov'), now: '2026-11-02T18:00:00Z', previousPoam: join(dir, 'oct', 'poam.json') });
  for (const m of ['oct', 'nov'] as const) {
    const j = (f: string) => JSON.parse(readFileSync(join(dir, m, f), 'utf8'));
    pkg[m] = { ar: j('assessment-results.json')['assessment-results'].results[0], poam: j('poam.json')['plan-of-action-and-milestones'] };
  }
  expect(readdirSync(join(dir, 'nov')).length).toBeGreaterThan(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const propsOf = (o: Json, name: string): string[] => (o.props ?? []).filter((x: Json) => x.name === name).map((x: Json) => x.value);
const item = (m: 'oct' | 'nov', key: string): Json | undefined => pkg[m].poam['poam-items'].find((it: Json) => propOf(it, 'weakness-key') === key);
const finding = (m: 'oct' | 'nov', target: string): Json => pkg[m].ar.findings.find((f: Json) => f.target['target-id'] === target);

describe('an "evidence not collected" item stays open while the evidence is still not collected', () => {
  it('si-3_obj.b: October\'s item on US-01 is not closed in November, whose results still lack US-01\'s evidence', () => {
    // October: the objective is not satisfied for evidence not collected on US-01 alone.
    expect(finding('oct', 'si-3_obj.b').target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
    expect(propsOf(item('oct', 'objective:si-3_obj.b')!, 'affected-device')).toEqual(['US-01']);
    // November: a check fails on it now (CT-01), and US-01's evidence is still not collected.
    const nov = finding('nov', 'si-3_obj.b');
    expect(nov.target.status).toEqual({ state: 'not-satisfied', reason: 'fail' });
    expect(nov.description).toMatch(/The evidence was not collected on 1 device\(s\)/);
    const it = item('nov', 'objective:si-3_obj.b')!;
    expect(propOf(it, 'poam-status')).toBe('open');
    expect(propOf(it, 'closed')).toBeUndefined();
    expect(propsOf(it, 'affected-device')).toEqual(['US-01']);
    expect(it.description).toMatch(/Not shown fixed on US-01/);
    // Its title names its control once, as October's did.
    expect(it.title).toBe(item('oct', 'objective:si-3_obj.b')!.title);
  });
});
