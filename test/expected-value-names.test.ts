// OS-AUTORUN-OFF's expected value read "= 255 and = 1 and = 1" in the AR, results.csv and the PDF:
// an all-of joined its parts' texts without their fields, so an assessor could not tell what was
// required of what. Every part of a compound test (all-of / any-of, at any depth, on the snapshot
// or on a list's items) must name its field: the check's plain name for it
// (controls/check-wording.yaml `fields`), else the snapshot path.
// Gone over for every check in controls/checks.yaml, on its own examples (a pass and a fail, with
// the values present) and on an empty snapshot (not collected).
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import type { Check, Test } from '../src/catalog/types.js';
import { evaluateCheck, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import type { ParamUse } from '../src/evaluate/test-eval.js';
import { emptySnapshot, exampleParams, exampleSnapshot } from './support/check-example.js';

const { checks, parameters } = loadCatalog();
const defaults: ResolvedParams = new Map<string, ParamUse>(parameters.map((p) => [p.id, { id: p.id, value: p.default, source: 'default' }]));

const COMBINATORS = new Set(['all-of', 'any-of']);
const hasCompound = (t: Test | undefined): boolean => !!t && (COMBINATORS.has(t.operator) || (t.tests ?? []).some(hasCompound) || (t.where ?? []).some(hasCompound));

/** How describing an operator begins (the evaluator's texts): a part starting so names no field. */
const OPERATOR_START = /^(?:= |not |at least |at most |more than |less than |includes |does not |between |one of|none of|only: |set \(not empty\)|matches \/|valid for |version at least |the same text |all-of |any-of )/;

/** The parts of an expected text that start with an operator: at its start, after " and ", " or ", ": " or " with ". */
function unnamedParts(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(/ and | or |: | with /)) if (OPERATOR_START.test(piece)) out.push(piece);
  // "between 1 and 3" splits into "between 1" and "3": the first half is the operator's own part only if it starts the text.
  return out;
}

const compound = checks.filter((c) => hasCompound(c.test));

it('the catalog has compound checks, OS-AUTORUN-OFF among them', () => {
  expect(compound.map((c) => c.id)).toContain('OS-AUTORUN-OFF');
});

describe.each(compound.map((c) => [c.id, c] as [string, Check]))('%s', (_id, check) => {
  it("every part of its expected value names the part's field", () => {
    const texts = new Set<string>();
    texts.add(evaluateCheck(check, emptySnapshot(), defaults).expected);
    for (const e of check.examples) texts.add(evaluateCheck(check, exampleSnapshot(e), exampleParams(defaults, e)).expected);
    for (const text of texts) expect(unnamedParts(text), text).toEqual([]);
  });
});

it("OS-AUTORUN-OFF names each setting it requires a value of, in the wording's plain names", () => {
  const check = checks.find((c) => c.id === 'OS-AUTORUN-OFF')!;
  const pass = check.examples.find((e) => e.expect === 'pass')!;
  const text = evaluateCheck(check, exampleSnapshot(pass), exampleParams(defaults, pass)).expected;
  for (const name of Object.values(check.wording!.fields!)) expect(text).toContain(`${name} = `);
});
