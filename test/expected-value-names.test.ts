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
const OPERATOR_START = /^(?:= |not |at least |at most |more than |less than |includes |does not |between |one of|none of|only: |set \(not empty\)|matches \/|within the |valid for |version at least |the same text |all-of |any-of )/;
/** A date's phrase, which follows its field's name after a colon ("Valid until: at least 30 days after collection"). */
const DATE_PHRASE = /^(?:within the \d+ (?:days|hours) before collection|at least \d+ days after collection|more than \d+ days before collection)/;

/** The parts of an expected text that start with an operator: at its start, after " and ", " or ", ": " or " with ". */
function unnamedParts(text: string): string[] {
  const out: string[] = [];
  const pieces = text.split(/( and | or |: | with )/);
  for (let i = 0; i < pieces.length; i += 2) {
    const piece = pieces[i]!;
    // "Name: <date phrase>" names its field before the colon.
    if (pieces[i - 1] === ': ' && DATE_PHRASE.test(piece) && i >= 2 && !OPERATOR_START.test(pieces[i - 2]!)) continue;
    if (OPERATOR_START.test(piece)) out.push(piece);
  }
  // "between 1 and 3" splits into "between 1" and "3": the first half is the operator's own part only if it starts the text.
  return out;
}

const compound = checks.filter((c) => hasCompound(c.test));

it('the catalog has compound checks, OS-AUTORUN-OFF among them', () => {
  expect(compound.map((c) => c.id)).toContain('OS-AUTORUN-OFF');
});

/** Every field a check's tests compare (at any depth, items' fields relative to their list). */
function fieldsOf(t: Test | undefined, out = new Set<string>()): Set<string> {
  if (!t) return out;
  if (t.field) out.add(t.field);
  for (const p of [...(t.tests ?? []), ...(t.where ?? [])]) fieldsOf(p, out);
  return out;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Single-field checks read "at least 24" with no name, and a list's item tests named their fields
// by snapshot path ("approved = true"): every check's expected value names each field it states,
// by the wording's plain name where check-wording.yaml has one.
describe.each(checks.map((c) => [c.id, c] as [string, Check]))('%s', (_id, check) => {
  const texts = (): Set<string> => {
    const out = new Set<string>();
    out.add(evaluateCheck(check, emptySnapshot(), defaults).expected);
    for (const e of check.examples) out.add(evaluateCheck(check, exampleSnapshot(e), exampleParams(defaults, e)).expected);
    return out;
  };

  it("every part of its expected value names the part's field", () => {
    for (const text of texts()) expect(unnamedParts(text), text).toEqual([]);
  });

  it('a field the wording names is never stated by its snapshot path', () => {
    const named = Object.keys(check.wording?.fields ?? {}).filter((f) => fieldsOf(check.test).has(f));
    for (const text of texts()) {
      for (const f of named) {
        // The path as a part's name: at a part's start, followed by an operator's words.
        const byPath = new RegExp(`(?:^|: | and | or | with | where )${escape(f)}:? (?:=|not |at least|at most|more than|less than|includes|does not|between|one of|none of|only:|set |matches|within the|valid for|version at least|the same text|names)`);
        expect(byPath.test(text), `${f} in: ${text}`).toBe(false);
      }
    }
  });
});

// (LOCKOUT-RESET was this example until it applied only where accounts lock: on an empty snapshot its expected text names that condition first.)
it('a single-field check names its setting: LOCKOUT-THRESHOLD requires "Account lockout threshold between 1 and 3"', () => {
  const check = checks.find((c) => c.id === 'LOCKOUT-THRESHOLD')!;
  expect(check.test.field).toBeDefined();
  const text = evaluateCheck(check, emptySnapshot(), defaults).expected;
  expect(text.startsWith(`${check.wording!.fields?.[check.test.field!] ?? check.wording!.setting} `), text).toBe(true);
});

it("OS-AUTORUN-OFF names each setting it requires a value of, in the wording's plain names", () => {
  const check = checks.find((c) => c.id === 'OS-AUTORUN-OFF')!;
  const pass = check.examples.find((e) => e.expect === 'pass')!;
  const text = evaluateCheck(check, exampleSnapshot(pass), exampleParams(defaults, pass)).expected;
  for (const name of Object.values(check.wording!.fields!)) expect(text).toContain(`${name} = `);
});

// "USB mass storage = true" reads as storage allowed: a check of one value that the wording names
// ("true" -> "Blocked") states the name with it, for every such check of the catalog.
it('a check of one value states the required value by the name the wording gives it (OS-USB-STORAGE: Blocked)', () => {
  const named = checks.filter((c) => c.test.operator === 'equals' && !c.test.tests && c.wording?.values?.[String(c.test.expected)] !== undefined && typeof c.test.expected !== 'object');
  expect(named.map((c) => c.id)).toContain('OS-USB-STORAGE');
  for (const check of named) {
    const raw = String(check.test.expected);
    const name = check.wording!.values![raw]!;
    const text = evaluateCheck(check, emptySnapshot(), defaults).expected;
    if (name.toLowerCase() === raw.toLowerCase()) continue;
    expect(text, check.id).toContain(name);
  }
  const usb = checks.find((c) => c.id === 'OS-USB-STORAGE')!;
  expect(evaluateCheck(usb, emptySnapshot(), defaults).expected).toMatch(/= true \(Blocked\)$/);
});
