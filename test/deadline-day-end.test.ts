// Every date that ends a day (a severity deadline, an accepted deviation's expiry, a milestone, an
// attestation's expiry) is a calendar day with no zone. One rule for all of them: the day ends at
// its first end anywhere, UTC+14:00, written `YYYY-MM-DDT23:59:59+14:00`, and an item is overdue
// once the clock is past that instant. Severity deadlines were written at 23:59:59Z, 14 hours after
// accepted items' deadlines ended, and counted overdue only from the next UTC day.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess, type AssessOutcome } from '../src/assess/run.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';

const root = new URL('..', import.meta.url).pathname;
type Json = Record<string, any>;

// The samples' CAT II items were detected 2026-09-07: their deadline is 2026-12-06 (90 days).
const DAY = '2026-12-06';
const BEFORE = '2026-12-06T09:00:00Z'; // the day lasts everywhere
const BETWEEN = '2026-12-06T12:00:00Z'; // over at UTC+14:00 (09:59:59Z), still on in UTC
const HOUR = 3_600_000;
/** The day's end at UTC+14:00, computed from the day alone. */
const firstEnd = (day: string): number => Date.parse(`${day}T00:00:00Z`) + 24 * HOUR - 14 * HOUR - 1000;

let dir: string;
const runs: Record<string, { ar: Json; poam: Json; outcome: AssessOutcome }> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-deadline-day-end-'));
  for (const now of [BEFORE, BETWEEN]) {
    const out = join(dir, now.replace(/:/g, ''));
    const outcome = await runAssess({
      inputs: [join(root, 'samples')], out, force: false, baseline: 'moderate', now, toolVersion: 'test', pdf: false,
      deviations: join(root, 'samples/deviations.csv'), attestations: join(root, 'samples/attestations.yaml'), system: join(root, 'samples/system.yaml'),
      warn: () => {},
    });
    runs[now] = {
      ar: JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8')),
      poam: JSON.parse(readFileSync(join(out, 'poam.json'), 'utf8')),
      outcome,
    };
  }
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every string field of a document that `wanted` picks (by key, value and the path of its parent): [path, value]. */
function fieldsWhere(doc: Json, wanted: (k: string, v: string, parent: string) => boolean): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (x: unknown, path: string): void => {
    if (Array.isArray(x)) { x.forEach((v, i) => walk(v, `${path}[${i}]`)); return; }
    if (!x || typeof x !== 'object') return;
    for (const [k, v] of Object.entries(x as Json)) {
      const p = `${path}.${k}`;
      if (typeof v === 'string' && wanted(k, v, path)) found.push([p, v]);
      else walk(v, p);
    }
  };
  walk(doc, '');
  return found;
}

/** Every field of a document that states when a day ends: [path, value]. */
const dayEndFields = (doc: Json) => fieldsWhere(doc, (k, v, parent) =>
  k === 'deadline' || (k === 'date' && /on-date$/.test(parent)) || (k === 'end' && /within-date-range$/.test(parent))
  // An attestation's observation expires on its day; other observations expire at an instant of evidence age.
  || (k === 'expires' && /T23:59:59/.test(v)));

/**
 * Every field of a document that states when a range of days starts: [path, value]. The rule
 * (docs/poam.md): a day starts where it starts first, UTC+14:00, the zone its end is stated in.
 */
const dayStartFields = (doc: Json) => fieldsWhere(doc, (k, _v, parent) => k === 'start' && /within-date-range$/.test(parent));

const propOf = (o: Json, name: string): string | undefined => (o.props ?? []).find((p: Json) => p.name === name)?.value;

describe('every deadline of a package ends its day at UTC+14:00', () => {
  it('AR and POA&M: deadlines, milestone dates and ranges, attestation expiries', () => {
    for (const now of [BEFORE, BETWEEN]) {
      for (const doc of [runs[now]!.ar, runs[now]!.poam]) {
        const fields = dayEndFields(doc);
        expect(fields.filter(([p]) => p.endsWith('.deadline')).length).toBeGreaterThan(0);
        expect(fields.filter(([p]) => /on-date\.date$/.test(p)).length).toBeGreaterThan(0);
        expect(fields.filter(([p]) => /within-date-range\.end$/.test(p)).length).toBeGreaterThan(0);
        const off = fields.filter(([, v]) => !/^\d{4}-\d{2}-\d{2}T23:59:59\+14:00$/.test(v));
        expect(off).toEqual([]);
      }
    }
  });

  it('every within-date-range starts its day at UTC+14:00, where it starts first, and never after its end', () => {
    for (const now of [BEFORE, BETWEEN]) {
      for (const doc of [runs[now]!.ar, runs[now]!.poam]) {
        const starts = dayStartFields(doc);
        expect(starts.length).toBeGreaterThan(0);
        // The earliest instant of the day in any zone: 14 hours before its start at UTC.
        const off = starts.filter(([, v]) => !/^\d{4}-\d{2}-\d{2}T00:00:00\+14:00$/.test(v) || Date.parse(v) !== Date.parse(`${v.slice(0, 10)}T00:00:00Z`) - 14 * HOUR);
        expect(off).toEqual([]);
        const ends = new Map(dayEndFields(doc));
        for (const [p, v] of starts) expect(Date.parse(v)).toBeLessThan(Date.parse(ends.get(p.replace(/\.start$/, '.end'))!));
      }
    }
  });

  it('the risk deadline is the item\'s deadline day, ending at UTC+14:00', () => {
    const body = runs[BEFORE]!.poam['plan-of-action-and-milestones'];
    const risks = new Map((body.risks as Json[]).map((r) => [r.uuid, r]));
    let n = 0;
    for (const item of body['poam-items'] as Json[]) {
      const day = propOf(item, 'deadline');
      const risk = risks.get(item['related-risks']?.[0]?.['risk-uuid']);
      if (!day || !risk) continue;
      expect(Date.parse(risk.deadline)).toBe(firstEnd(day));
      n++;
    }
    expect(n).toBeGreaterThan(0);
  });

  it(`an item whose deadline is ${DAY} is overdue once that day is over at UTC+14:00, not from the next UTC day`, () => {
    for (const now of [BEFORE, BETWEEN]) {
      const body = runs[now]!.poam['plan-of-action-and-milestones'];
      const open = (body['poam-items'] as Json[]).filter((i) => propOf(i, 'poam-status') === 'open');
      const onDay = open.filter((i) => propOf(i, 'deadline') === DAY);
      expect(onDay.length).toBeGreaterThan(0);
      const expectOverdue = Date.parse(now) > firstEnd(DAY);
      expect(expectOverdue).toBe(now === BETWEEN);
      const risks = new Map((body.risks as Json[]).map((r) => [r.uuid, r]));
      for (const item of onDay) {
        const risk = risks.get(item['related-risks'][0]['risk-uuid'])!;
        const remediated = (risk.remediations[0].tasks as Json[])[0]!;
        expect(propOf(remediated, 'milestone-status')).toBe(expectOverdue ? 'overdue' : 'planned');
      }
      // The summary (assess's line, --json) counts the same items overdue as the milestones say.
      const overdue = open.filter((i) => Date.parse(now) > firstEnd(propOf(i, 'deadline')!)).length;
      expect(runs[now]!.outcome.poam.overdue).toBe(overdue);
    }
  });
});

describeWithShared('the documents validate against NIST', () => {
  it('AR and POA&M, OSCAL 1.1.3 and 1.2.2', () => {
    for (const now of [BEFORE, BETWEEN]) {
      for (const version of ['1.1.3', '1.2.2'] as const) {
        expect(validateOscal(runs[now]!.ar, version)).toEqual([]);
        expect(validateOscal(runs[now]!.poam, version)).toEqual([]);
      }
    }
  });
});
