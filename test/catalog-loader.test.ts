import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { UserError } from '../src/io/errors.js';

describe('catalog files a compliance officer edits', () => {
  it('a YAML syntax error names the file and the line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cat-'));
    try {
      const file = join(dir, 'checks.yaml');
      writeFileSync(file, '- id: X-1\n  layer: access\n  title: [unclosed\n');
      let err: unknown;
      try {
        loadCatalog({ checksFile: file });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at line \\d+: not valid YAML: `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The message of the UserError loading this checks.yaml gives ('' when it loads). */
function loadError(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cat-'));
  try {
    const file = join(dir, 'checks.yaml');
    writeFileSync(file, yaml);
    try {
      loadCatalog({ checksFile: file });
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as UserError).message;
    }
    return '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('if-found in the check language', () => {
  const test = (extra: string) => `- id: X-1
  layer: access
  title: t
  description: d
  test:
    operator: none
    field: access.nestedGroups
    where:
      - {field: group, operator: equals, expected: Administrators}
    tests:
      - {field: kind, operator: equals, expected: group}
${extra}
  controls: [ac-6.5]
  objectives: [ac-6.5_obj]
  severity: CAT I
  method: EXAMINE
  remediation: r
`;

  it('needs found-means (the reason a person reads), and found-means needs if-found', () => {
    expect(loadError(test('    if-found: not-collected'))).toMatch(/"if-found" needs "found-means"/);
    expect(loadError(test("    found-means: '{member} is unknown'"))).toMatch(/"found-means" only goes with "if-found"/);
    expect(loadError(test('    if-found: fail'))).toMatch(/"if-found" must be not-collected/);
  });

  it('found-means names only item fields the test reads: a typo would print "not collected" in the reason', () => {
    expect(loadError(test("    if-found: not-collected\n    found-means: '{membr} is unknown'"))).toMatch(/"found-means" names \{membr\}, which its where and tests do not read \(group, kind\)/);
    // fields it reads pass, and loading goes on to the next rule (this fixture has no examples)
    expect(loadError(test("    if-found: not-collected\n    found-means: '{group} holds {kind}'"))).toMatch(/"examples" must list/);
  });

  it('goes only with none (an every or some item found has no such meaning)', () => {
    const every = test("    if-found: not-collected\n    found-means: '{member}'").replace('operator: none', 'operator: every');
    expect(loadError(every)).toMatch(/"if-found" applies only to operator none/);
  });
});

describe('in-part in a check', () => {
  const check = (inPart: string) => `- id: X-1
  layer: encryption
  title: t
  description: d
  test: {field: encryption.dicom.enabled, operator: equals, expected: true}
  controls: [sc-8]
  objectives: [sc-8_obj]
${inPart}
  severity: CAT II
  method: EXAMINE
  remediation: r
  examples: []
`;

  it('names only objectives the check claims, and says what a pass leaves out', () => {
    expect(loadError(check('  in-part:\n    objectives: [sc-8.1_obj]\n    why: w'))).toMatch(/"sc-8\.1_obj" is not among the check's objectives \(sc-8_obj\)/);
    expect(loadError(check('  in-part:\n    objectives: [sc-8_obj]'))).toMatch(/"why" must be a non-empty text/);
    expect(loadError(check('  in-part: [sc-8_obj]'))).toMatch(/must be a mapping with "objectives"/);
  });
});

describe('principal-names in the check language', () => {
  // A DOMAIN\name taken for a listed bare name is a match more: allowed only where a match more
  // makes the check stricter, so it can never turn a fail into a pass.
  const check = (test: string) => `- id: X-1
  layer: access
  title: t
  description: d
  test:
${test}
  controls: [ac-6.5]
  objectives: [ac-6.5_obj]
  severity: CAT I
  method: EXAMINE
  remediation: r
`;
  const every = (where: string, tests: string, extra = '') => check(`    operator: every
    field: access.accounts
${extra}    where:
      - ${where}
    tests:
      - ${tests}`);
  const none = (where: string, tests: string) => every(where, tests).replace('operator: every', 'operator: none');
  const refused = /"principal-names" would let/;

  it('goes with contains-none among the tests of every, and one-of in the where of every or none', () => {
    expect(loadError(every('{field: role, operator: equals, expected: clinical}', '{field: groups, operator: contains-none, expected: [Administrators], principal-names: true}'))).toMatch(/"examples" must list/);
    expect(loadError(every('{field: group, operator: one-of, expected: [Administrators], principal-names: true}', '{field: kind, operator: equals, expected: group}'))).toMatch(/"examples" must list/);
    expect(loadError(none('{field: group, operator: one-of, expected: [Administrators], principal-names: true}', '{field: kind, operator: equals, expected: group}'))).toMatch(/"examples" must list/);
  });

  it('is refused where a match more would pass more: one-of as a test, none-of in a where, contains-none in the tests of none', () => {
    expect(loadError(every('{field: role, operator: equals, expected: clinical}', '{field: groups, operator: contains-any, expected: [Users], principal-names: true}'))).toMatch(refused);
    expect(loadError(every('{field: group, operator: none-of, expected: [Users], principal-names: true}', '{field: kind, operator: equals, expected: group}'))).toMatch(refused);
    expect(loadError(none('{field: role, operator: equals, expected: clinical}', '{field: groups, operator: contains-none, expected: [Administrators], principal-names: true}'))).toMatch(refused);
    // an every whose empty selection fails: an item more chosen could turn that fail into a pass
    expect(loadError(every('{field: group, operator: one-of, expected: [Administrators], principal-names: true}', '{field: kind, operator: equals, expected: group}', '    if-empty: fail\n'))).toMatch(refused);
    expect(loadError(every('{field: role, operator: equals, expected: clinical}', '{field: role, operator: equals, expected: clinical, principal-names: true}'))).toMatch(/goes with one-of, none-of, contains-any or contains-none/);
  });

  it('feature-names (a feature name matched however spelled) follows the same rule', () => {
    const feature = /"feature-names" would let/;
    expect(loadError(none('{field: name, operator: one-of, expected: [TelnetClient], feature-names: true}', '{field: state, operator: equals, expected: enabled}'))).toMatch(/"examples" must list/);
    expect(loadError(every('{field: name, operator: none-of, expected: [TelnetClient], feature-names: true}', '{field: state, operator: equals, expected: disabled}'))).toMatch(feature);
    expect(loadError(every('{field: role, operator: equals, expected: clinical}', '{field: name, operator: one-of, expected: [TelnetClient], feature-names: true}'))).toMatch(feature);
    expect(loadError(every('{field: role, operator: equals, expected: clinical}', '{field: name, operator: equals, expected: TelnetClient, feature-names: true}'))).toMatch(/"feature-names" goes with one-of/);
    expect(loadError(none('{field: name, operator: one-of, expected: [TelnetClient], feature-names: yes}', '{field: state, operator: equals, expected: enabled}'))).toMatch(/"feature-names" is true or absent/);
  });
});
