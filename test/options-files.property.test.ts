// The option files a person writes (params, deviations, attestations), fuzzed with a fixed seed:
// whatever a field holds (NaN, -0, 1e309 as text, huge numbers, impossible dates, a secret, an
// object where text belongs), the reader returns values a run can use or throws a UserError naming
// the file; it never throws anything else and never quotes the secret. A params value it accepts
// stays on the calendar once added to a collection time (1e29 days was an internal error).
// The test's timeout is a hang guard only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { UserError } from '../src/io/errors.js';
import { isCalendarDate } from '../src/io/dates.js';
import { parseDeviations } from '../src/evaluate/deviations.js';
import { parseAttestations } from '../src/attest/attestations.js';
import { parseParamsFile, resolveParameters } from '../src/params/resolve.js';

const SECRET = 'Zq7-hunter2-Zq7';
const catalog = loadCatalog();
const checkIds = new Set(catalog.checks.map((c) => c.id));
const paramIds = catalog.parameters.map((p) => p.id);
const UNIT_MS: Record<string, number> = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000 };
const COLLECTED = Date.parse('2026-11-02T09:21:00Z');

/** A value anywhere a person may type one, hostile ones weighted in. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -0, 1, 30, -1, 1e308, 1.2345678901234568e29, Number.MAX_SAFE_INTEGER, 0.5, 1e-300),
  fc.double(),
  fc.integer(),
  fc.constantFrom('NaN', 'Infinity', '-0', '1e309', '123456789012345678901234567890', '2026-02-30', '10000-01-01', '2016-12-31T23:59:60Z', '0000-01-01', '', ' ', `password=${SECRET}`, `=HYPERLINK("x")`, '"quoted"', 'a,b;c', '\u0000', '\uFEFF'),
  fc.string({ maxLength: 20 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  fc.constant(null),
  fc.constant({ nested: { password: SECRET } }),
  fc.boolean(),
);

/** Runs fn: returns its value, or undefined when it threw a UserError naming `file` that does not quote the secret. */
function readOrRefuse<T>(file: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof UserError)) throw new Error(`not a UserError: ${String((e as Error)?.stack ?? e)}`);
    expect(e.file).toBe(file);
    expect(e.message).not.toContain(SECRET);
    return undefined;
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
const csvCell = (v: unknown): string => `"${text(v).replace(/"/g, '""')}"`;

describe('option files, fuzzed (fixed seed)', () => {
  it('a params file (JSON or CSV): refused with a UserError, or every value it sets is usable', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paramIds, 'no-such-parameter'), anyValue), { minLength: 1, maxLength: 4 }), fc.boolean(), (pairs, asCsv) => {
        const file = asCsv ? 'org-params.csv' : 'org-params.json';
        const body = asCsv ? `parameter,value\n${pairs.map(([k, v]) => `${k},${csvCell(v)}`).join('\n')}\n` : `{${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v) ?? 'null'}`).join(', ')}}`;
        const resolved = readOrRefuse(file, () => resolveParameters(catalog.parameters, [], parseParamsFile(body, file)));
        if (!resolved) return;
        for (const def of catalog.parameters) {
          const value = resolved.params.get(def.id)?.value;
          if (def.type === 'number' && value !== null) expect(Number.isFinite(value), `${def.id} = ${String(value)}`).toBe(true);
          const unit = def.unit !== undefined ? UNIT_MS[def.unit] : undefined;
          // A span of time is added to a collection time: it must name a date.
          if (unit !== undefined && typeof value === 'number') expect(() => new Date(COLLECTED + value * unit).toISOString(), `${def.id} = ${value}`).not.toThrow();
        }
      }),
      { seed: 20261205, numRuns: 400 },
    );
  }, 120_000);

  it('a deviations file (JSON): refused with a UserError, or every deviation expires on a day of the calendar', () => {
    const field = fc.oneof(anyValue, fc.constantFrom('SCREEN-LOCK-TIMEOUT', 'MR-01', '2027-06-30', 'Jonas Lindqvist'));
    fc.assert(
      fc.property(fc.array(fc.record({ check_id: field, device_id: field, justification: field, approver: field, expires: field, compensating_controls: field }, { requiredKeys: [] }), { maxLength: 3 }), (rows) => {
        const records = readOrRefuse('deviations.json', () => parseDeviations(JSON.stringify(rows), 'deviations.json', checkIds));
        for (const d of records ?? []) expect(isCalendarDate(d.expires), d.expires).toBe(true);
      }),
      { seed: 20261205, numRuns: 300 },
    );
  }, 120_000);

  it('an attestations file (YAML): refused with a UserError, or its dates are days of the calendar', () => {
    const field = fc.oneof(anyValue, fc.constantFrom('at-2', 'EXAMINE', '2026-09-15', '2027-09-14', 'roster.md'));
    fc.assert(
      fc.property(fc.array(fc.record({ control: field, statement: field, who: fc.oneof(field, fc.record({ name: field, role: field })), when: field, expires: field, method: field, evidence: field }, { requiredKeys: [] }), { maxLength: 3 }), (rows) => {
        const records = readOrRefuse('att.yaml', () => parseAttestations(JSON.stringify({ attestations: rows }), 'att.yaml', (id) => id === 'at-2', '2026-11-05'));
        for (const a of records ?? []) {
          expect(isCalendarDate(a.when), a.when).toBe(true);
          expect(isCalendarDate(a.expires), a.expires).toBe(true);
        }
      }),
      { seed: 20261205, numRuns: 300 },
    );
  }, 120_000);
});
