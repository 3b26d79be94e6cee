// A --previous-poam dated after this assessment's clock (its last-modified, an item's closed or
// detected day, a risk-log entry) was accepted: an item it closed on a later day was then reopened
// as detected on the assessment's day, before that closure. As a snapshot collected after the clock
// is (docs/checks.md, "Evidence age"), such a POA&M is now refused: exit 1, the message names the
// file, the place, the item and the date, and nothing is written. A POA&M of the same clock, or an
// item closed on the assessment's own day, is still carried forward.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, errorLine, ROOT } from './support/cli-scratch.js';
import { propOf } from './support/oscal-json.js';

type Json = Record<string, any>;
const KEY = 'check:LOCKOUT-RESET';
const DEVICES = ['CT-01', 'LAB-01', 'MR-01', 'MR-02'];
const snap = (d: string, day: string) => join(ROOT, 'samples', d, `${d}_${day}.json`);
const COMMON = ['--no-pdf', '--deviations', join(ROOT, 'samples/deviations.csv'), '--system', join(ROOT, 'samples/system.yaml')];
const NOV_NOW = '2026-11-03T18:00:00Z';
/** Earlier on the day November's run closed the item. */
const EARLIER = '2026-11-03T12:00:00Z';

describe('--previous-poam dated after this assessment\'s clock', () => {
  const { dir, cli } = cliScratch('ato-poam-future-');
  let nov: Json | undefined;
  /** November's POA&M with its document and log times moved to `logAt`, then `edit` applied; written as `name`. */
  const variant = (name: string, logAt: string, edit: (p: Json) => void = () => {}): string => {
    const p = structuredClone(nov!) as Json;
    const body = p['plan-of-action-and-milestones'];
    body.metadata['last-modified'] = logAt;
    for (const r of body.risks as Json[]) for (const e of r['risk-log']?.entries ?? []) { e.start = logAt; if (e.end) e.end = logAt; }
    edit(p);
    writeFileSync(join(dir(), name), JSON.stringify(p, null, 2));
    return name;
  };
  /** December: MR-02's October snapshot (failing LOCKOUT-RESET) with the others' November ones, at `now`. */
  const december = (previous: string, out: string, now = EARLIER) =>
    cli(['assess', ...DEVICES.slice(0, 3).map((d) => snap(d, '2026-11-02')), snap('MR-02', '2026-10-05'), '--out', out, '--now', now, '--previous-poam', previous, ...COMMON]);
  const itemOf = (p: Json, key: string): Json => (p['plan-of-action-and-milestones']['poam-items'] as Json[]).find((x) => propOf(x, 'weakness-key') === key)!;

  it('premise: November\'s run closes the item on 2026-11-03', () => {
    expect(cli(['assess', ...DEVICES.map((d) => snap(d, '2026-10-05')), '--out', 'oct', '--now', '2026-10-05T18:00:00Z', ...COMMON]).code).toBe(0);
    const r = cli(['assess', ...DEVICES.map((d) => snap(d, '2026-11-02')), '--out', 'nov', '--now', NOV_NOW, '--previous-poam', 'oct/poam.json', ...COMMON]);
    expect(r.code, r.stderr).toBe(0);
    nov = JSON.parse(readFileSync(join(dir(), 'nov/poam.json'), 'utf8'));
    expect(propOf(itemOf(nov!, KEY), 'closed')).toBe('2026-11-03');
  }, 120_000);

  it('the POA&M as written at 18:00, given to a run at 12:00 the same day: refused by its last-modified', () => {
    expect(nov, 'the premise wrote November\'s POA&M').toBeDefined();
    const r = december('nov/poam.json', 'dec');
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toContain('poam.json');
    expect(line).toContain('/plan-of-action-and-milestones/metadata/last-modified');
    expect(line).toContain(`last modified ${NOV_NOW}`);
    expect(line).toContain(`--now ${EARLIER}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir(), 'dec'))).toBe(false);
  }, 120_000);

  it('an item closed the day after the clock: refused, naming the item and its closed day', () => {
    expect(nov).toBeDefined();
    const file = variant('closed-later.json', '2026-11-03T00:00:00Z', (p) => {
      const closed = (itemOf(p, KEY).props as Json[]).find((x) => x.name === 'closed')!;
      closed.value = '2026-11-04';
    });
    const r = december(file, 'dec');
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toContain('closed-later.json');
    expect(line).toMatch(/poam-items\/\d+\/props/);
    expect(line).toContain(`item ${KEY} was closed 2026-11-04`);
    expect(existsSync(join(dir(), 'dec'))).toBe(false);
  }, 120_000);

  it('a risk-log entry dated after the clock: refused, naming the item, the entry and its time', () => {
    expect(nov).toBeDefined();
    const file = variant('log-later.json', '2026-11-03T00:00:00Z', (p) => {
      const body = p['plan-of-action-and-milestones'];
      const risk = (body.risks as Json[]).find((x) => x.uuid === itemOf(p, KEY)['related-risks'][0]['risk-uuid'])!;
      risk['risk-log'].entries[risk['risk-log'].entries.length - 1].start = '2026-11-03T12:00:01Z';
    });
    const r = december(file, 'dec');
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toContain('log-later.json');
    expect(line).toMatch(/\/risks\/\d+\/risk-log\/entries\/\d+\/start/);
    expect(line).toContain(`item ${KEY}'s risk-log entry`);
    expect(line).toContain('2026-11-03T12:00:01Z');
    expect(existsSync(join(dir(), 'dec'))).toBe(false);
  }, 120_000);

  it('dated no later than the clock (closed on the assessment\'s own day): carried forward, reopened no earlier than its closure', () => {
    expect(nov).toBeDefined();
    const file = variant('same-day.json', '2026-11-03T00:00:00Z');
    const r = december(file, 'dec-ok');
    expect(r.code, r.stderr).toBe(0);
    const it = itemOf(JSON.parse(readFileSync(join(dir(), 'dec-ok/poam.json'), 'utf8')), KEY);
    expect(propOf(it, 'poam-status')).toBe('open');
    expect(propOf(it, 'detected')! >= '2026-11-03').toBe(true);
    // And the POA&M as written, at its own clock.
    expect(december('nov/poam.json', 'dec-same', NOV_NOW).code).toBe(0);
  }, 120_000);
});
