// Runs every check's own examples (controls/checks.yaml `examples:`) through the real evaluator.
// One generic test: adding a check with examples adds its tests, no code needed. Each example's
// snapshot is built from its dotted-path values, validated against the published snapshot schema
// (so an example cannot use a field that does not exist), and evaluated with the parameters at
// their documented defaults, or the values an example gives the organisation (`params:`).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import type { Check, CheckExample } from '../src/catalog/types.js';
import { evaluateCheck, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import type { ParamUse } from '../src/evaluate/test-eval.js';
import { emptySnapshot, exampleParams, exampleSnapshot } from './support/check-example.js';

const { checks, parameters } = loadCatalog();
const params: ResolvedParams = new Map<string, ParamUse>(parameters.map((p) => [p.id, { id: p.id, value: p.default, source: 'default' }]));

const schemaFile = fileURLToPath(new URL('../schema/snapshot-v1.schema.json', import.meta.url));
let validateSnapshot: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!validateSnapshot) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats.default(ajv);
    validateSnapshot = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  }
  return validateSnapshot;
}

const snapshotOf = exampleSnapshot;
const paramsOf = (example: CheckExample): ResolvedParams => exampleParams(params, example);

function exampleName(e: CheckExample, i: number): string {
  return `#${i + 1} expect ${e.expect}${e.edge ? ` (edge: ${e.edge})` : ''}`;
}

it('the catalog has checks to test', () => {
  expect(checks.length).toBeGreaterThan(0);
});

describe.each(checks.map((c) => [c.id, c] as [string, Check]))('%s', (_id, check) => {
  it('has a passing, a failing and an edge example', () => {
    expect(check.examples.some((e) => e.expect === 'pass'), 'an example with expect: pass').toBe(true);
    expect(check.examples.some((e) => e.expect === 'fail'), 'an example with expect: fail').toBe(true);
    expect(check.examples.some((e) => e.edge !== undefined), 'an example with edge: text').toBe(true);
  });

  it('an empty snapshot (no sections) is not-collected, never a pass', () => {
    const result = evaluateCheck(check, emptySnapshot(), params);
    expect(result.status).toBe('not-collected');
    expect(result.missing.length).toBeGreaterThan(0);
  });

  it.each(check.examples.map((e, i) => [exampleName(e, i), e] as [string, CheckExample]))('example %s', (_name, example) => {
    const snapshot = snapshotOf(example);
    const validate = validator();
    const valid = validate(snapshot);
    expect(valid ? [] : validate.errors, 'example values must form a valid snapshot (schema/snapshot-v1.schema.json)').toEqual([]);
    const result = evaluateCheck(check, snapshot, paramsOf(example));
    expect(result.status, `observed: ${result.observed}; expected: ${result.expected}; problems: ${result.problems.join(' | ')}; missing: ${result.missing.join(', ')}`)
      .toBe(example.expect);
  });
});
