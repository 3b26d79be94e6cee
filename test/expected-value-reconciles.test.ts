// results.csv's expected_value for OS-SERVICES read "… with  running or not disabled": the wording
// of a collection test put a blank field name before an unnamed any-of part, and only the AR's
// token normalisation collapsed it, so the CSV and the AR stated one requirement in two texts.
// Every expected_value of results.csv must be one the AR states for that check, word for word.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';

type Json = Record<string, any>;
const root = new URL('..', import.meta.url).pathname;
let dir: string;
let ar: Json;
let rows: Array<Record<string, string>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ato-expected-value-'));
  const out = join(dir, 'pkg');
  // LAB-01 alone: OS-SERVICES fails there (seclogon running). results.csv is written with the PDF.
  await runAssess({
    inputs: [join(root, 'samples', 'LAB-01')], out, force: false, baseline: 'moderate', toolVersion: 't', pdf: true, now: '2026-11-02T18:00:00Z', warn: () => {},
  });
  ar = JSON.parse(readFileSync(join(out, 'assessment-results.json'), 'utf8'))['assessment-results'].results[0];
  rows = parse(readFileSync(join(out, 'results.csv'), 'utf8'), { columns: true });
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("results.csv's expected_value is the AR's expected-value, word for word", () => {
  const arValues = new Set<string>();
  for (const o of ar.observations) for (const p of o.props ?? []) if (p.name === 'expected-value') arValues.add(p.value);
  const services = rows.filter((r) => r.check === 'OS-SERVICES');
  expect(services.length).toBe(1);
  expect(services[0].expected_value).toMatch(/ with State = running or Startup type not disabled$/);
  const withValue = rows.filter((r) => r.expected_value);
  expect(withValue.length).toBeGreaterThan(20);
  // A cell starting with a formula character carries the apostrophe that keeps a spreadsheet from running it.
  const text = (cell: string) => cell.replace(/^'(?=[=+\-@])/, '');
  for (const r of withValue) expect(arValues.has(text(r.expected_value)), `${r.check}: ${r.expected_value}`).toBe(true);
});
