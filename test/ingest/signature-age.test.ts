// MAL-SIG-AGE judged when the signatures were applied (AntivirusSignatureLastUpdated) and passed
// when an old offline package was applied two days before collection: Get-MpComputerStatus's
// AntivirusSignatureAge (the signatures' own age in days at collection) was not read. It is now,
// and a stated age over the limit fails the check; a product that states none is judged on the
// update time alone. The ARs stay valid against NIST.
import { describe, expect, it } from 'vitest';
import { arAssessor } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { describeArsValid } from '../support/oscal-schema.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const { assess, written } = arAssessor('ato-signature-age-', '2024-03-01T12:00:00Z', { warm: true });
const sigAge = (ar: Record<string, unknown>) => {
  const o = observationOf(ar, 'MR-01', 'MAL-SIG-AGE');
  return { result: propOf(o, 'result'), text: String(o?.description ?? '') };
};
const withAge = (age: string) => mr01Text('defender.json').replace(/"AntivirusSignatureAge":\s*2,/, `"AntivirusSignatureAge":  ${age},`);

describe('MAL-SIG-AGE and the signatures\' own age', () => {
  it('the premise: MR-01 (updated and 2 days old at collection) passes', () => {
    expect(mr01Text('defender.json')).toMatch(/"AntivirusSignatureAge":\s*2,/);
    expect(sigAge(assess(mr01FolderWith({}))).result).toBe('pass');
  });

  it('applied recently, but 40 days old by the product\'s own count: a fail naming the age', () => {
    const { result, text } = sigAge(assess(mr01FolderWith({ 'defender.json': withAge('40') })));
    expect(result).toBe('fail');
    expect(text).toMatch(/40/);
  });

  it('no AntivirusSignatureAge: judged on the update time alone (pass)', () => {
    const without = mr01Text('defender.json').replace(/\s*"AntivirusSignatureAge":\s*2,/, '');
    expect(without).not.toMatch(/AntivirusSignatureAge/);
    expect(sigAge(assess(mr01FolderWith({ 'defender.json': without }))).result).toBe('pass');
  });
});

describeArsValid('signature age: the ARs stay valid', written);
