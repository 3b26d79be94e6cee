// A secret that is one of the snapshot's own setting words (an LDAP bind password "enabled") had
// every other "enabled" masked as its copy, typed fields and field names alike: the checks reading
// them became not collected (8 more on the sample MR-01) and 10 of its controls flipped to not satisfied. A typed field's
// own word (a schema enum) and a field name of the format are no copies (src/snapshot/enum-words.ts);
// the secret's own field and free text holding the word stay masked. Assessed through the CLI; the
// ARs stay valid against NIST's schemas.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor } from './support/cli-scratch.js';
import { checkIdOf, itemUuidOf } from './support/observations.js';
import { propOf } from './support/oscal-json.js';
import { describeArsValid } from './support/oscal-schema.js';

type Json = Record<string, any>;
const ROOT = new URL('..', import.meta.url).pathname;
// The verdicts are the point: each snapshot folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on snapshots is
// test/cli.test.ts's "writes the package, a human summary on stderr, and --json on stdout only".
const { assess, written, out, dir } = arAssessor('ato-secret-setting-word-', '2026-11-03T12:00:00Z', { warm: true });
const FREE_TEXT = 'Radiology, remote export enabled';

/** A folder holding MR-01 (2026-11-02) with the given bind password and a location naming "enabled" in prose. */
function mr01With(bindPassword: string, name: string): string {
  const s = JSON.parse(readFileSync(join(ROOT, 'samples/MR-01/MR-01_2026-11-02.json'), 'utf8')) as Json;
  expect(s.access.ldap.bindPassword).toBeTypeOf('string');
  s.access.ldap.bindPassword = bindPassword;
  s.device.location = FREE_TEXT;
  const d = join(dir(), name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'MR-01.json'), JSON.stringify(s, null, 2));
  return d;
}
const results = (ar: Json): Map<string, string | undefined> => {
  const uuid = itemUuidOf(ar, 'MR-01');
  const obs = (ar['assessment-results'].results[0].observations as Json[]).filter((o) => o.subjects?.some((x: Json) => x['subject-uuid'] === uuid));
  return new Map(obs.map((o) => [checkIdOf(o)!, propOf(o, 'result')]));
};
const filesUnder = (d: string): string[] => readdirSync(d, { recursive: true, encoding: 'utf8' }).map((f) => join(d, f)).filter((f) => statSync(f).isFile());

describe('a secret that is a setting word of the snapshot', () => {
  it('the bind password "enabled" leaves every check of MR-01 as an unrelated password does, and no output holds it as the password', () => {
    const other = results(assess(mr01With('Qz7!unrelated-bind', 'other')));
    const ar = assess(mr01With('enabled', 'word'));
    const word = results(ar);
    expect(other.size).toBeGreaterThan(50);
    expect(other.get('FW-ENABLED')).toBe('pass'); // the premise: a check reading "enabled" fields passes
    expect([...word.entries()].filter(([id, r]) => other.get(id) !== r)).toEqual([]);
    const pkg = out();
    const evidence = readdirSync(join(pkg, 'evidence')).map((f) => JSON.parse(readFileSync(join(pkg, 'evidence', f), 'utf8')) as Json);
    expect(evidence.map((e) => e.access.ldap.bindPassword)).toEqual(['[REDACTED]']);
    // In free text the word is still the secret's copy: masked there, in every output.
    expect(evidence[0]!.device.location).toBe('Radiology, remote export [REDACTED]');
    for (const f of filesUnder(pkg)) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toContain(FREE_TEXT);
      expect(text, f).not.toMatch(/"bindPassword":\s*"enabled"/);
    }
  });
});

describeArsValid('secret setting word: the ARs stay valid', written);
