// An expected value is what an assessor reads against what was found (the AR's expected-value,
// results.csv, the POA&M, the PDF). Composed from a field's plain name and its operator's phrase,
// it read "Valid until valid for at least 30 more days", "Anti-malware signatures updated on at
// most 7 days old", "every firewall.profiles: enabled = true" and "applies only when = true".
// Gone over for every check of controls/checks.yaml, on an empty snapshot (not collected) and on
// each of its examples (passes, fails, not applicable), with what is required and what was found
// in plain words: no snapshot path, no camelCase field name, no word said twice, no date phrase
// after a name that already ends in a preposition, no double blank, no "..", no "((".
// What was observed (a failing item's problem: "public: logDroppedPackets = false"), the problems
// and the reasons a result is not collected ("access.screenLock.inactivityTimeoutSecs is read from
// the registry value ...", "hardening.services holds only part of the list") are read beside it:
// gone over too, also on each example with every scope it reads collected only in part, they name
// no snapshot path, no camelCase field, and an organisation parameter by its title, its id only as
// "parameter <id>" (the key a params file sets).
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { plainNames, readFields } from '../src/catalog/check-wording.js';
import type { Check } from '../src/catalog/types.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { evaluateCheck, lapseWords, makeContext, passLapse, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
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
/** The camelCase names of the fields checks read ("logDroppedPackets", "screenSaverActive"), as whole words: observed values quote console values, so only field names are refused. */
const FIELD_WORDS = new Set(checks.flatMap((c) => [...readFields(c), ...c.reads, ...supportingOf(c.test)].flatMap((f) => f.replace(/\[\]/g, '').split('.'))).filter((w) => /^[a-z]+[A-Z]/.test(w)));
const FIELD_WORD = new RegExp(`(?<![\\w\\\\/-])(?:${[...FIELD_WORDS].map(escape).join('|')})(?![\\w-])`);
/** An organisation parameter's id, except as "parameter <id>". */
const PARAM_ID = new RegExp(`(?<!parameter )(?<![\\w-])(?:${parameters.map((p) => escape(p.id)).join('|')})(?![\\w-])`);

/** The fields the `where` lists of a test choose items by, at any depth. */
function whereFields(t: Check['test'] | undefined): string[] {
  if (!t) return [];
  return [...(t.where ?? []).flatMap((w) => [...(w.field ? [w.field] : []), ...whereFields(w)]), ...(t.tests ?? []).flatMap(whereFields)];
}

function supportingOf(t: Check['test'] | undefined): string[] {
  return t ? [...(t.supporting ?? []), ...[...(t.tests ?? []), ...(t.where ?? [])].flatMap(supportingOf)] : [];
}

/** The snapshot with every scope the check reads collected only in part, and the registry read elsewhere: coverage's reasons. */
function partlyCollected(check: Check, snapshot: Snapshot): Snapshot {
  const scopes = new Set(check.reads.flatMap((r) => [r.replace(/\[\]/g, ''), ...(r.includes('[]') ? [r.slice(0, r.indexOf('[]'))] : [])]));
  return {
    ...snapshot,
    coverage: [
      ...[...scopes].map((scope) => ({ scope, source: 'partial-export.csv', complete: false, note: 'holds only the rows it could read' })),
      { scope: 'hardening.registry', source: 'other-keys.reg', effective: true, complete: true, keys: ['HKLM\\SOFTWARE\\Elsewhere'] },
    ],
  };
}

/** The texts a person reads about a check's results: expected values, and the plain wording (what is required, what was found). */
function textsOf(check: Check): { expected: Set<string>; required: Set<string>; found: Set<string>; observed: Set<string> } {
  const expected = new Set<string>();
  const required = new Set<string>();
  const found = new Set<string>();
  const observed = new Set<string>();
  const examples = check.examples.map((e) => ({ snapshot: exampleSnapshot(e), params: exampleParams(defaults, e) }));
  const runs = [{ snapshot: emptySnapshot(), params: defaults }, ...examples, ...[{ snapshot: emptySnapshot(), params: defaults }, ...examples].map((r) => ({ ...r, snapshot: partlyCollected(check, r.snapshot) }))];
  for (const { snapshot, params } of runs) {
    const r = evaluateCheck(check, snapshot, params);
    expected.add(r.expected);
    for (const t of [r.observed, ...r.problems, ...(r.reason ? [r.reason] : [])]) observed.add(t);
    // Judged later too: a pass whose time limit lapsed (20 days on), evidence stale (400 days on).
    for (const days of [20, 400]) {
      const late = evaluateCheck(check, snapshot, params, { now: new Date(Date.parse(snapshot.collectedAt) + days * 86_400_000).toISOString() });
      if (late.reason) observed.add(late.reason);
    }
    const plainWords = plain.describe(check, r);
    if (plainWords) {
      required.add(plainWords.required);
      found.add(plainWords.found);
    }
  }
  return { expected, required, found, observed };
}

it('the catalog has checks with examples, TLS-CERTIFICATE and FW-ENABLED among them', () => {
  expect(checks.filter((c) => c.examples.length > 0).map((c) => c.id)).toEqual(expect.arrayContaining(['TLS-CERTIFICATE', 'FW-ENABLED', 'MAL-SIG-AGE']));
  expect(ROOTS).toContain('firewall');
});

describe.each(checks.map((c) => [c.id, c] as [string, Check]))('%s', (_id, check) => {
  const { expected, required, found, observed } = textsOf(check);
  const all = [...expected, ...required, ...found];

  it('states no snapshot path, and its expected value no camelCase field name', () => {
    for (const t of all) {
      for (const f of readFields(check)) if (f.includes('.')) expect(t.includes(f), `${f} in: ${t}`).toBe(false);
      expect(DOTTED.exec(t)?.[0], t).toBeUndefined();
    }
    // What is required may quote a value so spelled ("rsaEncryption"); an expected value names fields.
    for (const t of expected) expect(CAMEL.exec(t)?.[0], t).toBeUndefined();
  });

  it('observes, and gives reasons, by plain names: no snapshot path, no camelCase field, no parameter id', () => {
    for (const t of observed) {
      expect(DOTTED.exec(t)?.[0], t).toBeUndefined();
      expect(FIELD_WORD.exec(t)?.[0], t).toBeUndefined();
    }
    for (const t of [...observed, ...expected]) expect(PARAM_ID.exec(t)?.[0], t).toBeUndefined();
  });

  it('says no word twice, and no comparison straight after a preposition', () => {
    for (const t of all) {
      expect(DOUBLED.exec(t)?.[0], t).toBeUndefined();
      expect(PREPOSITION_THEN_OPERATOR.exec(t)?.[0], t).toBeUndefined();
    }
  });

  it('names every field its `where` chooses items by in plain words, in what it requires and what it found', () => {
    const names = plainNames(check) ?? {};
    for (const f of whereFields(check.test)) {
      expect(names[f], `${check.id}: where ${f} has no plain name in controls/check-wording.yaml`).toBeDefined();
      // Never the bare field: "no collections where type = Exe", "where builtin = administrator".
      for (const t of [...all, ...observed]) expect(new RegExp(`\\bwhere ${escape(f)}\\b`).test(t), t).toBe(false);
    }
  });

  it('a list held only in part agrees with its name: "firewall profiles hold", "the list of accounts holds"', () => {
    for (const t of observed) expect(/\b\w+[^sui]s holds only part\b|\b\w+(?:ss|us|is|[^s]) hold only part\b/.exec(t)?.[0], t).toBeUndefined();
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
  expect(expected('MAL-SIG-AGE')).toBe(`${byId('MAL-SIG-AGE').wording!.fields!['malware.antimalware.signatureUpdatedAt']}: within the 7 days before collection and the product states no signature age over the limit and Microsoft Defender Antivirus: its service (WinDefend) is running, its start type not Disabled`);
  expect(expected('FW-ENABLED')).toMatch(new RegExp(`^each of the ${byId('FW-ENABLED').wording!.fields!['firewall.profiles']}: ${byId('FW-ENABLED').wording!.fields!['enabled']} = true \\(On\\) and the Windows Defender Firewall service \\(MpsSvc\\) is running`));
  // Not applicable where forwarding is off: the condition names its field.
  const tls = byId('AUDIT-FORWARD-TLS');
  const off = evaluateCheck(tls, exampleSnapshot({ values: { 'audit.syslog.enabled': false } }), defaults);
  expect(off.status).toBe('not-applicable');
  expect(off.expected).toBe(`applies only when ${tls.wording!.fields!['audit.syslog.enabled']} = true`);
});

it('values are named wherever the compared field has names (a list item, a one-of), and the problems name fields and values alike', () => {
  const byId = (id: string): Check => checks.find((c) => c.id === id)!;
  const run = (check: Check, e: number) => evaluateCheck(check, exampleSnapshot(check.examples[e]!), exampleParams(defaults, check.examples[e]!));
  // FW-ENABLED: its wording says On / Off; the list item's equals states them beside the raw value.
  const fw = byId('FW-ENABLED');
  const on = fw.wording!.values!['true']!;
  const off = fw.wording!.values!['false']!;
  expect(run(fw, 0).expected).toContain(`each of the ${fw.wording!.fields!['firewall.profiles']}: ${fw.wording!.fields!['enabled']} = true (${on})`);
  const failing = fw.examples.findIndex((e) => e.expect === 'fail');
  const r = run(fw, failing);
  expect(r.status).toBe('fail');
  expect(r.problems.join(' ')).toContain(`${fw.wording!.fields!['enabled']} = false (${off}), expected = true (${on})`);
  // A one-of names each value listed.
  const tls = byId('DICOM-TLS');
  expect(run(tls, 0).expected).toContain(`encryption (${tls.wording!.values!['encryption']})`);
});

it('a parameter no organisation defined is named by its title in the expected value, which says the result waits for it', () => {
  const check = checks.find((c) => c.id === 'TIME-SOURCE')!;
  const param = parameters.find((p) => p.id === 'authoritative-time-sources')!;
  expect(param.default).toBeNull();
  const r = evaluateCheck(check, exampleSnapshot(check.examples[0]!), defaults);
  expect(r.status).toBe('not-collected');
  const title = param.title[0]!.toLowerCase() + param.title.slice(1);
  expect(r.expected).toContain(`${check.wording!.fields!['audit.timeSync.source']} one of the hosts: ${title}, which the organisation has not defined (not collected until it does)`);
  expect(r.expected).not.toContain(param.id);
  expect(r.reason).toContain(`the organisation has not defined ${title.slice(0, -1)}; parameter ${param.id})`);
});

// What comes due (drift.json, drift.md, the monitoring PDF): a clock check's pass lapsing is stated
// as drift states it (passLapse on a context made for the device, lapseWords), by the check's plain
// names: "its time limit (Last successful synchronisation at most 24 hours old)", never
// "audit.timeSync.lastSuccessfulSyncAt". Every example that passes, with the clock 400 days on.
describe('what comes due, by plain names', () => {
  const sentences = checks.flatMap((check) => check.examples.flatMap((ex) => {
    const snapshot = exampleSnapshot(ex);
    const params = exampleParams(defaults, ex);
    if (evaluateCheck(check, snapshot, params).status !== 'pass') return [];
    const ctx = makeContext(snapshot, params, { now: snapshot.collectedAt });
    const lapse = passLapse(check, snapshot, ctx);
    return lapse ? [[check.id, lapseWords(lapse, Date.parse(snapshot.collectedAt) + 400 * 86_400_000)] as const] : [];
  }));

  it('the catalog has clock checks whose pass lapses (time sync, signatures, certificates)', () => {
    const ids = new Set(sentences.map(([id]) => id));
    expect(ids.size).toBeGreaterThan(3);
  });

  it.each(sentences)('%s: its lapse names no snapshot path and no camelCase field', (_id, t) => {
    expect(DOTTED.exec(t)?.[0], t).toBeUndefined();
    expect(FIELD_WORD.exec(t)?.[0], t).toBeUndefined();
  });
});
