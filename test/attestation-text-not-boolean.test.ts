// A YAML boolean (or a list, a mapping) where text is expected: `statement: true` was refused as
// "missing or empty", and an optional text (the reviewer's role) given `false` was dropped without a
// word. Each is refused naming the file, the place and what YAML read, with advice to quote it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAttestations } from '../src/attest/attestations.js';
import { parseSystemDescription } from '../src/assess/system-description.js';
import { parseCapabilities } from '../src/catalog/capabilities.js';
import { userErrorOf } from './support/user-error.js';

const root = new URL('..', import.meta.url).pathname;
const SYSTEM = readFileSync(`${root}samples/system.yaml`, 'utf8');
const record = (fields: string) => `attestations:\n  - control: at-2\n${fields}`;
const BASE = { statement: 'statement: Training is given yearly.', who: 'who: { name: Dana, role: ISSO }', rest: '    when: 2026-01-05\n    expires: 2027-01-05\n    evidence: e.md\n    method: EXAMINE\n' };
const attest = (text: string) => userErrorOf(() => parseAttestations(text, 'attestations.yaml', () => true, '2026-02-01'));

describe('a boolean, list or mapping where an attestation, system or capabilities file expects text', () => {
  it('statement: true is refused as a boolean to quote, at /attestations/0/statement, never "missing or empty"', () => {
    const e = attest(record(`    statement: true\n    ${BASE.who}\n${BASE.rest}`));
    expect(e.file).toBe('attestations.yaml');
    expect(e.where).toMatch(/\/attestations\/0\/statement/);
    expect(e.message).toMatch(/"statement" is text, but YAML reads true there as a boolean: quote it \("true"\)/);
    expect(e.message).not.toMatch(/missing or empty/);
  });

  it('who/role: false and a statement given as a list say so', () => {
    const role = attest(record(`    ${BASE.statement}\n    who: { name: Dana, role: false }\n${BASE.rest}`));
    expect(role.where).toMatch(/\/attestations\/0\/who\/role/);
    expect(role.message).toMatch(/"who\/role" is text, but YAML reads false there as a boolean/);
    const list = attest(record(`    statement: [a, b]\n    ${BASE.who}\n${BASE.rest}`));
    expect(list.message).toMatch(/"statement" is text, but a list is given there/);
  });

  it('objectives: true is refused as a boolean, not as "empty"', () => {
    const e = attest(record(`    ${BASE.statement}\n    ${BASE.who}\n${BASE.rest}    objectives: true\n`));
    expect(e.where).toMatch(/\/attestations\/0\/objectives/);
    expect(e.message).toMatch(/"objectives" is a list of objective or statement ids, but YAML reads true there as a boolean/);
    expect(e.message).not.toMatch(/is empty/);
  });

  it('an optional text (the reviewer\'s role) given false is refused, not dropped', () => {
    const e = attest(record(`    ${BASE.statement}\n    ${BASE.who}\n${BASE.rest}    reviewed-by: { name: Lee, role: false }\n`));
    expect(e.where).toMatch(/\/attestations\/0\/reviewed-by\/role/);
    expect(e.message).toMatch(/"reviewed-by\/role" is text, but YAML reads false there as a boolean/);
  });

  it('system.yaml system-id: true and a capabilities file description: false say boolean and quote it', () => {
    const s = userErrorOf(() => parseSystemDescription(SYSTEM.replace(/^system-id: .*$/m, 'system-id: true'), 'system.yaml'));
    expect(s.where).toBe('/system-id');
    expect(s.message).toMatch(/"system-id" is text, but YAML reads true there as a boolean: quote it/);
    const c = userErrorOf(() => parseCapabilities('vendor: V\nmodels:\n  - name: M\n    description: false\n    capabilities:\n      - { name: n, description: d, checks: [A] }\n', 'caps.yaml', new Set(['A'])));
    expect(c.where).toBe('/models/0/description');
    expect(c.message).toMatch(/"description" is text, but YAML reads false there as a boolean: quote it/);
  });

  it('the same records with text parse', () => {
    const [a] = parseAttestations(record(`    ${BASE.statement}\n    ${BASE.who}\n${BASE.rest}    reviewed-by: { name: Lee, role: "false" }\n`), 'attestations.yaml', () => true, '2026-02-01');
    expect(a!.statement).toBe('Training is given yearly.');
    expect(a!.reviewedBy?.role).toBe('false');
  });
});
