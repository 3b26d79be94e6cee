// An expected value is what an assessor reads against what was found (the AR's expected-value,
// results.csv, the POA&M, the PDF). Composed from a field's plain name and its operator's phrase,
// it read "Valid until valid for at least 30 more days", "Anti-malware signatures updated on at
// most 7 days old", "every firewall.profiles: enabled = true" and "applies only when = true".
// Gone over for every check of controls/checks.yaml, on an empty snapshot (not collected) and on
// each of its examples (passes, fails, not applicable), with what is required and what was found
// in plain words: no snapshot path, no camelCase field name, no word said twice, no date phrase
// after a name that already ends in a preposition, no double blank, no "..", no "((".
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { readFields } from '../src/catalog/check-wording.js';
import type { Check } from '../src/catalog/types.js';
import { evaluateCheck, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { PlainWording } from '../src/evaluate/plain-wording.js';
import type { ParamUse } from '../src/evaluate/test-eval.js';
import { emptySnapshot, exampleParams, exampleSnapshot } from './support/check-example.js';

const { checks, parameters } = loadCatalog();
const defaults: ResolvedParams = new Map<string, ParamUse>(parameters.map((p) => [p.id, { id: p.id, value: p.default, source: 'default' }]));
const plain = new PlainWording(defaults.values());

/** The snapshot's top-level sections, as the catalog's paths begin ("firewall", "hardening", ...). */
const ROOTS = new Set(checks.flatMap((c) => [...readFields(c)].filter((f) => f.includes('.')).map((f) => f.split('.')[0]!)));
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const DOTTED = new RegExp(`(?<![\\w.\\\\-])(?:${[...ROOTS].map(escape).join('|')})\\.[A-Za-z]`);
/** A field name as the snapshot spells it: lower case, then a capital ("lastLogon", "maxSizeKB"). */
const CAMEL = /(?<![\w\\/-])[a-z]+[A-Z][A-Za-z0-9]*(?![\w-])/;
/** The same word twice in a row ("and and"), or on both sides of a preposition ("Valid until valid for"). */
const DOUBLED = /\b([A-Za-z]+) \1\b|\b([A-Za-z]{3,}) (?:until|on|since|before|after|at|of|by|for):? \2\b/i;
/** A date's name ending in a preposition followed straight by a comparison ("updated on at most 7 days old"). */
const PREPOSITION_THEN_OPERATOR = /\b(?:on|until|since|before|after)(?: at most| at least| more than| less than| within| valid)\b/i;
/** Two full stops (an ellipsis aside). */
const TWO_STOPS = /(?<!\.)\.\.(?!\.)/;

/** The texts a person reads about a check's results: expected values, and the plain wording (what is required, what was found). */
function textsOf(check: Check): { expected: Set<string>; required: Set<string>; found: Set<string> } {
  const expected = new Set<string>();
  const required = new Set<string>();
  const found = new Set<string>();
  const runs = [{ snapshot: emptySnapshot(), params: defaults }, ...check.examples.map((e) => ({ snapshot: exampleSnapshot(e), params: exampleParams(defaults, e) }))];
  for (const { snapshot, params } of runs) {
    const r = evaluateCheck(check, snapshot, params);
    expected.add(r.expected);
    const plainWords = plain.describe(check, r);
    if (plainWords) {
      required.add(plainWords.required);
      found.add(plainWords.found);
    }
  }
  return { expected, required, found };
}

it('the catalog has checks with examples, TLS-CERTIFICATE and FW-ENABLED among them', () => {
  expect(checks.filter((c) => c.examples.length > 0).map((c) => c.id)).toEqual(expect.arrayContaining(['TLS-CERTIFICATE', 'FW-ENABLED', 'MAL-SIG-AGE']));
  expect(ROOTS).toContain('firewall');
});

describe.each(checks.map((c) => [c.id, c] as [string, Check]))('%s', (_id, check) => {
  const { expected, required, found } = textsOf(check);
  const all = [...expected, ...required, ...found];

  it('states no snapshot path, and its expected value no camelCase field name', () => {
    for (const t of all) {
      for (const f of readFields(check)) if (f.includes('.')) expect(t.includes(f), `${f} in: ${t}`).toBe(false);
      expect(DOTTED.exec(t)?.[0], t).toBeUndefined();
    }
    // What is required may quote a value so spelled ("rsaEncryption"); an expected value names fields.
    for (const t of expected) expect(CAMEL.exec(t)?.[0], t).toBeUndefined();
  });

  it('says no word twice, and no comparison straight after a preposition', () => {
    for (const t of all) {
      expect(DOUBLED.exec(t)?.[0], t).toBeUndefined();
      expect(PREPOSITION_THEN_OPERATOR.exec(t)?.[0], t).toBeUndefined();
    }
  });

  it('has no double blank, no ".." and no "((" in its expected value or what is required', () => {
    // What was found quotes the console's own text (a banner with two blanks after a sentence).
    for (const t of [...expected, ...required]) {
      expect(t.includes('  '), t).toBe(false);
      expect(TWO_STOPS.test(t), t).toBe(false);
      expect(t.includes('(('), t).toBe(false);
    }
  });
});

it('TLS-CERTIFICATE, MAL-SIG-AGE, FW-ENABLED and AUDIT-FORWARD-TLS read as an assessor would say them', () => {
  const expected = (id: string, e = 0): string => {
    const check = checks.find((c) => c.id === id)!;
    const ex = check.examples[e]!;
    return evaluateCheck(check, exampleSnapshot(ex), exampleParams(defaults, ex)).expected;
  };
  const byId = (id: string): Check => checks.find((c) => c.id === id)!;
  // Each names its field by the wording's name, then its phrase.
  expect(expected('TLS-CERTIFICATE')).toContain(`${byId('TLS-CERTIFICATE').wording!.fields!['notAfter']}: at least 30 days after collection`);
  expect(expected('MAL-SIG-AGE')).toBe(`${byId('MAL-SIG-AGE').wording!.setting}: within the 7 days before collection`);
  expect(expected('FW-ENABLED').startsWith(`each of the ${byId('FW-ENABLED').wording!.items}: `)).toBe(true);
  // Not applicable where forwarding is off: the condition names its field.
  const tls = byId('AUDIT-FORWARD-TLS');
  const off = evaluateCheck(tls, exampleSnapshot({ values: { 'audit.syslog.enabled': false } }), defaults);
  expect(off.status).toBe('not-applicable');
  expect(off.expected).toBe(`applies only when ${tls.wording!.fields!['audit.syslog.enabled']} = true`);
});
