// Every place a calendar day (no zone) becomes an OSCAL date-time, in every document a run writes
// (AR, plan, POA&M, SSP, component definition), follows one rule (docs/documents.md): the day as
// written, at UTC+14:00, where it starts and ends first; a start or a point known only to the day is
// its first start (…T00:00:00+14:00), an end or a deadline its first end (…T23:59:59+14:00). An
// attestation's `collected` and the SSP's `isa-date` were the day's midnight at UTC, 14 hours after
// the day had begun east of it (an attestation read 14 hours younger than it can be).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { describeWithShared, validateOscal } from './support/oscal-schema.js';

const root = new URL('..', import.meta.url).pathname;
type Json = Record<string, any>;
// Neither the clock nor any sample collection lies at a day's edge: every date-time at 00:00:00 or
// 23:59:59 in the documents then comes from a day.
const NOW = '2026-11-02T18:00:00Z';
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const EDGE = /T(00:00:00|23:59:59)/;

let dir: string;
const docs: Record<string, Json> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-day-fields-'));
  const out = join(dir, 'pkg');
  await runAssess({
    inputs: [join(root, 'samples')], out, force: false, baseline: 'moderate', now: NOW, toolVersion: 'test', pdf: false,
    deviations: join(root, 'samples/deviations.csv'), attestations: join(root, 'samples/attestations.yaml'), system: join(root, 'samples/system.yaml'),
    capabilities: join(root, 'samples/vendor-capabilities.yaml'), warn: () => {},
  });
  for (const f of ['assessment-results', 'assessment-plan', 'poam', 'ssp']) docs[f] = JSON.parse(readFileSync(join(out, `${f}.json`), 'utf8'));
  const bin = join(root, 'dist/cli/main.js');
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run "npm run build"');
  const cd = join(dir, 'cd.json');
  const r = spawnSync(process.execPath, [bin, 'component-definition', '--model', 'Magnara Vida 3T', '--capabilities', join(root, 'samples/vendor-capabilities.yaml'), '-o', cd, '--now', NOW], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  docs['component-definition'] = JSON.parse(readFileSync(cd, 'utf8'));
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every date-time string of a document: [path with list indexes dropped and a prop named, value]. */
function dateTimes(doc: Json): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (x: unknown, path: string): void => {
    if (Array.isArray(x)) { x.forEach((v) => walk(v, `${path}[]`)); return; }
    if (!x || typeof x !== 'object') return;
    const o = x as Json;
    for (const [k, v] of Object.entries(o)) {
      const p = k === 'value' && typeof o.name === 'string' ? `${path}(${o.name}).value` : `${path}.${k}`;
      if (typeof v === 'string') { if (DATE_TIME.test(v)) found.push([p, v]); } else walk(v, p);
    }
  };
  walk(doc, '');
  return found;
}

/** The fields that state a day, by document, and whether each is the day's start (or a point in it) or its end. */
const DAY_FIELDS: Record<string, Record<string, 'start' | 'end'>> = {
  'assessment-results': {
    '.assessment-results.results[].observations[].collected': 'start', // an attestation's day (attested-on)
    '.assessment-results.results[].observations[].expires': 'end', // an attestation's last day
    '.assessment-results.results[].risks[].deadline': 'end',
    '.assessment-results.results[].risks[].remediations[].tasks[].timing.within-date-range.start': 'start',
    '.assessment-results.results[].risks[].remediations[].tasks[].timing.within-date-range.end': 'end',
    '.assessment-results.results[].risks[].remediations[].tasks[].timing.on-date.date': 'end',
  },
  'assessment-plan': {},
  poam: {
    '.plan-of-action-and-milestones.observations[].collected': 'start',
    '.plan-of-action-and-milestones.observations[].expires': 'end',
    '.plan-of-action-and-milestones.risks[].deadline': 'end',
    '.plan-of-action-and-milestones.risks[].remediations[].tasks[].timing.within-date-range.start': 'start',
    '.plan-of-action-and-milestones.risks[].remediations[].tasks[].timing.within-date-range.end': 'end',
    '.plan-of-action-and-milestones.risks[].remediations[].tasks[].timing.on-date.date': 'end',
  },
  ssp: {
    '.system-security-plan.system-implementation.components[].props[](isa-date).value': 'start', // the agreement's signing day
  },
  'component-definition': {},
};

describe('a day becomes a date-time at UTC+14:00 in every document', () => {
  for (const [name, fields] of Object.entries(DAY_FIELDS)) {
    it(`${name}: every field stating a day is listed, and states its day's first start or first end`, () => {
      const edges = dateTimes(docs[name]!).filter(([, v]) => EDGE.test(v));
      // The list is exactly the fields holding a day: a new one is decided here, not left at UTC.
      expect([...new Set(edges.map(([p]) => p))].sort()).toEqual(Object.keys(fields).sort());
      for (const [p, v] of edges) {
        const want = fields[p] === 'start' ? / = \d{4}-\d{2}-\d{2}T00:00:00\+14:00$/ : / = \d{4}-\d{2}-\d{2}T23:59:59\+14:00$/;
        expect(`${p} = ${v}`).toMatch(want);
      }
    });
  }

  it('a point known only to its day keeps the day as written: attested-on beside collected, the ISA date as system.yaml gives it', () => {
    const obs = (docs['assessment-results']!['assessment-results'].results[0].observations as Json[]).filter((o) => o.props?.some((p: Json) => p.name === 'attested-on'));
    expect(obs.length).toBeGreaterThan(0);
    for (const o of obs) {
      const day = o.props.find((p: Json) => p.name === 'attested-on').value;
      expect(o.collected).toBe(`${day}T00:00:00+14:00`);
      // The earliest instant of that day anywhere: 14 hours before the day starts at UTC.
      expect(Date.parse(o.collected)).toBe(Date.parse(`${day}T00:00:00Z`) - 14 * 3_600_000);
    }
    const isa = dateTimes(docs.ssp!).filter(([p]) => p.endsWith('(isa-date).value')).map(([, v]) => v.slice(0, 10)).sort();
    expect(isa).toEqual(['2024-11-18', '2025-03-14']);
  });
});

describeWithShared('the documents validate against NIST', () => {
  it('AR, POA&M and SSP, OSCAL 1.1.3 and 1.2.2', () => {
    for (const version of ['1.1.3', '1.2.2'] as const) {
      for (const name of ['assessment-results', 'poam', 'ssp']) expect(validateOscal(docs[name]!, version)).toEqual([]);
    }
  });
});
