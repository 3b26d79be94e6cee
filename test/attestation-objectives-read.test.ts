// attestations.yaml `objectives:` holding numbers ([1, 2], `- 3.10`, a mixed list) or one number
// was refused with "objectives must be a list of objective or statement ids", naming neither the
// entry nor what YAML read. Now the message names the entry's place and says what was read (the
// number as written), with the form an id takes.
import { describe, expect, it } from 'vitest';
import { parseAttestations } from '../src/attest/attestations.js';
import { userErrorOf } from './support/user-error.js';

const record = (objectives: string) =>
  `attestations:\n  - control: at-2\n    statement: Training is given yearly.\n    who: { name: Dana, role: ISSO }\n    when: 2026-01-05\n    expires: 2027-01-05\n    evidence: e.md\n    method: EXAMINE\n    objectives: ${objectives}\n`;
const attest = (objectives: string) => userErrorOf(() => parseAttestations(record(objectives), 'attestations.yaml', () => true, '2026-02-01'));

describe('attestation objectives that are no ids say where and what YAML read', () => {
  it('a list of numbers names its first entry and the number', () => {
    const e = attest('[1, 2]');
    expect(e.file).toBe('attestations.yaml');
    expect(e.where).toBe('/attestations/0/objectives/0');
    expect(e.message).toMatch(/objectives entry 1 is no objective or statement id: YAML reads the number 1 there/);
  });

  it('a mixed list names the entry that is no id, its number as written (3.10, not 3.1)', () => {
    const e = attest('\n      - at-2_obj.a\n      - 3.10\n');
    expect(e.where).toBe('/attestations/0/objectives/1');
    expect(e.message).toMatch(/objectives entry 2 .* the number 3\.10 there/);
  });

  it('a boolean or an empty entry in the list says so', () => {
    expect(attest('[at-2_obj.a, true]').message).toMatch(/entry 2 .* reads true as a boolean/);
    expect(attest('[at-2_obj.a, null]').message).toMatch(/entry 2 .* reads an empty value/);
  });

  it('one number for the whole key says the number read there', () => {
    const e = attest('7');
    expect(e.where).toBe('/attestations/0/objectives');
    expect(e.message).toMatch(/YAML reads the number 7 there/);
  });
});
