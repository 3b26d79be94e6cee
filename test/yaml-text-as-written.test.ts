// A text field of a YAML input (system description, vendor capabilities) written as a plain
// scalar YAML reads as a number: `system-id: 2026.10` loads as 2026.1, `0o17` as 15, `1e3` as
// 1000. The SSP and the component definition state these fields as what the user wrote, so the
// text as written is kept; where it cannot be found (a number through an alias) the field is
// refused naming file and place, with advice to quote it. Numeric fields stay numbers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAttestations } from '../src/attest/attestations.js';
import { parseSystemDescription } from '../src/assess/system-description.js';
import { parseCapabilities } from '../src/catalog/capabilities.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { userErrorOf } from './support/user-error.js';

const root = new URL('..', import.meta.url).pathname;
const SAMPLE = readFileSync(`${root}samples/system.yaml`, 'utf8');

describe('a YAML text field written as a number keeps its text', () => {
  it('the system description states system-id, short-name and an interconnection name as written', () => {
    const text = SAMPLE.replace(/^system-id: .*$/m, 'system-id: 2026.10').replace(/^short-name: .*$/m, 'short-name: 0o17').replace('- name: Radiology PACS', '- name: 1e3');
    const d = parseSystemDescription(text, 'system.yaml');
    expect(d.systemId).toBe('2026.10');
    expect(d.shortName).toBe('0o17');
    expect(d.interconnections?.[0]?.name).toBe('1e3');
    // A number field is still a number.
    expect(d.interconnections?.[0]?.ports).toEqual([2762]);
  });

  it('a value in a flow mapping, and a file with a byte-order mark, keep their text too', () => {
    const text = '\ufeff' + SAMPLE.replace(/^system-id: .*$/m, 'system-id: 1.10').replace('isa: { title: Radiology PACS interconnection agreement,', 'isa: { title: 3.50,');
    const d = parseSystemDescription(text, 'system.yaml');
    expect(d.systemId).toBe('1.10');
    expect(d.interconnections?.[0]?.isa?.title).toBe('3.50');
  });

  it('a number reached through an alias is refused naming the place, with "quote it"', () => {
    const text = SAMPLE.replace(/^name: .*$/m, 'name: &v 1.10').replace(/^system-id: .*$/m, 'system-id: *v');
    const e = userErrorOf(() => parseSystemDescription(text, 'system.yaml'));
    expect(e.file).toBe('system.yaml');
    // The name itself (line 4) is kept as written; the alias has no text of its own to keep: the
    // refusal names the line of "*v", where the value must be quoted.
    const aliasLine = text.split('\n').findIndex((l) => l.startsWith('system-id: *v')) + 1;
    expect(aliasLine).toBeGreaterThan(0);
    expect(e.where).toBe(`line ${aliasLine} (/system-id)`);
    expect(e.message).toMatch(/reached through an alias/);
    expect(e.message).toMatch(/"system-id" is text, but YAML reads 1\.1 there as a number/);
    expect(e.message).toMatch(/quote it/);
  });

  it('a vendor capabilities file states a model name and description as written', () => {
    const caps = 'vendor: 2.0\nmodels:\n  - name: 7.10\n    description: 1e3\n    capabilities:\n      - { name: n, description: d, checks: [A] }\n';
    const c = parseCapabilities(caps, 'caps.yaml', new Set(['A']));
    expect(c.models[0]!.vendor).toBe('2.0');
    expect(c.models[0]!.name).toBe('7.10');
    expect(c.models[0]!.description).toBe('1e3');
  });

  it('a vendor capabilities file states a text parameter given as a number as written (1.50, not 1.5)', () => {
    const caps = 'vendor: V\nmodels:\n  - name: M\n    description: D\n    capabilities:\n      - { name: n, description: d, checks: [A] }\n    parameters:\n      logon-banner-text: 1.50\n';
    const c = parseCapabilities(caps, 'caps.yaml', new Set(['A']), loadCatalog().parameters);
    expect(c.models[0]!.parameters.find((p) => p.def.id === 'logon-banner-text')?.value).toBe('1.50');
  });

  it('an attestations file states the statement, roles and evidence name as written', () => {
    const body = 'attestations:\n  - control: at-2\n    statement: 1e3\n    who: { name: Dana, role: 2.10 }\n    when: 2026-01-05\n    expires: 2027-01-05\n    evidence: 0o17\n    method: EXAMINE\n    reviewed-by: { name: Lee, role: 3.50 }\n';
    const [a] = parseAttestations(body, 'attestations.yaml', () => true, '2026-02-01');
    expect(a!.statement).toBe('1e3');
    expect(a!.who.role).toBe('2.10');
    expect(a!.evidence).toBe('0o17');
    expect(a!.reviewedBy?.role).toBe('3.50');
    const aliased = 'attestations:\n  - control: at-2\n    statement: &s 1.10\n    who: { name: Dana, role: *s }\n    when: 2026-01-05\n    expires: 2027-01-05\n    evidence: e.md\n    method: EXAMINE\n';
    const e = userErrorOf(() => parseAttestations(aliased, 'attestations.yaml', () => true, '2026-02-01'));
    expect(e.where).toBe('line 4 (/attestations/0/who/role)');
    expect(e.message).toMatch(/"role" is text, but YAML reads 1\.1 there as a number.*quote it/);
  });
});
