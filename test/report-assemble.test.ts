// Control statements in the PDF come from the user's catalog, with the organisation's values.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../src/catalog/control-index.js';
import { fillStatement } from '../src/report/assemble.js';
import { describeWithShared, sharedDir } from './support/oscal-schema.js';

describe('fillStatement', () => {
  it('puts the organisation value where one parameter fills the ODP, and NIST wording elsewhere', () => {
    const text = 'a. Enforce a limit of {{ insert: param, ac-07_odp.01 }} attempts during {{ insert: param, ac-07_odp.02 }};';
    const filled = fillStatement(text, { 'ac-07_odp.02': 'time period' }, (odp) => (odp === 'ac-07_odp.01' ? '3' : undefined));
    expect(filled).toBe('a. Enforce a limit of [3] attempts during [Assignment: organization-defined time period];');
  });
  it('fills parameters nested in a selection\'s choices', () => {
    const filled = fillStatement('b. {{ insert: param, x }}', { x: 'one of: lock for {{ insert: param, y }}; notify' }, (odp) => (odp === 'y' ? '15 minutes' : undefined));
    expect(filled).toBe('b. [Assignment: organization-defined one of: lock for [15 minutes]; notify]');
  });
});

describeWithShared('statements from NIST\'s catalog', () => {
  it('reads ac-7\'s statement with its item labels and parameter slots', () => {
    const index = loadCatalogFile(join(sharedDir, 'oscal/nist-800-53-rev5/NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json'));
    const ac7 = index.controls['ac-7']!;
    expect(ac7.statement).toMatch(/^a\. Enforce a limit of \{\{ insert: param, ac-07_odp\.01 \}\} consecutive invalid logon attempts/);
    expect(ac7.statement).toMatch(/\nb\. Automatically /);
    expect(ac7.paramLabels?.['ac-07_odp.01']).toBe('number');
  });
});
