// DICOM-NO-PLAIN-LISTENER read only the vendor's AE list: a plain listener on 104 that the list
// leaves out passed, SC-8 claimed (no unencrypted way in), while an inbound firewall rule still
// let 104 in. No list of listening ports is collected, so a rule allowing a plain DICOM port (104,
// 11112) or every port leaves the pass not collected, naming the rule's port; without such a rule
// the pass stands, its in-part reason saying the listening ports were not read. Assessed from an
// export folder through the CLI; the ARs stay valid against NIST's schemas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arAssessor } from '../support/cli-scratch.js';
import { observationOf } from '../support/observations.js';
import { propOf } from '../support/oscal-json.js';
import { describeArsValid } from '../support/oscal-schema.js';
import { mr01FolderWith, mr01Text } from './fixture-folder.js';

type Json = Record<string, any>;
// The verdicts are the point: each folder is assessed by the built CLI's assess command in one warm
// worker (warm-assess.ts), not a process each. The command line on an export folder is
// test/ingest-cli.test.ts's "ingests on the fly and traces each verdict to the export file it came from".
const { assess, written, out } = arAssessor('ato-dicom-hidden-listener-', '2024-03-01T12:00:00Z', { warm: true });

/** MR-01's vendor settings without the plain local AE MR01 (104): the TLS listener alone is declared. */
function withoutPlainAe(): string {
  const d = JSON.parse(mr01Text('vendor-settings.json')) as Json;
  const before = (d.dicom.applicationEntities as Json[]).length;
  d.dicom.applicationEntities = (d.dicom.applicationEntities as Json[]).filter((a) => !(a.role === 'local' && a.tls === 'none'));
  expect(d.dicom.applicationEntities).toHaveLength(before - 1);
  return JSON.stringify(d, null, 2);
}
/** MR-01's firewall rules with the DICOM Storage SCP rule's port 104 replaced by `port`. */
const rulesWithPort = (port: string): string => {
  const t = mr01Text('firewall-rules.csv');
  expect(t).toMatch(/"DICOM Storage SCP","True","Inbound","Allow","Domain, Private","TCP","104"/);
  return t.replace(/("DICOM Storage SCP","True","Inbound","Allow","Domain, Private","TCP",)"104"/, `$1"${port}"`);
};
const observed = (ar: Json) => {
  const o = observationOf(ar, 'MR-01', 'DICOM-NO-PLAIN-LISTENER');
  return { result: propOf(o, 'result'), text: String(o?.description ?? '') };
};

describe('DICOM-NO-PLAIN-LISTENER: a plain listener the AE list leaves out', () => {
  it('an enabled inbound rule still allowing 104: not collected, naming the port, never a pass', () => {
    const { result, text } = observed(assess(mr01FolderWith({ 'vendor-settings.json': withoutPlainAe() })));
    expect(result).toBe('not-collected');
    expect(text).toMatch(/allows port 104/);
    expect(text).toMatch(/no list of listening ports is collected/);
  });

  it('a rule allowing 11112 (IANA\'s DICOM port) does the same', () => {
    expect(observed(assess(mr01FolderWith({ 'vendor-settings.json': withoutPlainAe(), 'firewall-rules.csv': rulesWithPort('11112') }))).result).toBe('not-collected');
  });

  // The port was matched as a text: a range or a list holding 104 or 11112 let the check pass.
  it.each(['100-110', '1-65535', 'Any', '80,104,443', '11000-12000'])('a rule allowing %s lets a plain DICOM port in as 104 does: not collected, naming it', (port) => {
    const { result, text } = observed(assess(mr01FolderWith({ 'vendor-settings.json': withoutPlainAe(), 'firewall-rules.csv': rulesWithPort(port) })));
    expect(result).toBe('not-collected');
    expect(text).toMatch(/allows port/);
  });

  it('ranges around the DICOM ports (100-103, 105-11111) let neither in: the pass stands', () => {
    expect(observed(assess(mr01FolderWith({ 'vendor-settings.json': withoutPlainAe(), 'firewall-rules.csv': rulesWithPort('100-103,105-11111') }))).result).toBe('pass');
  });

  it('no rule for a plain DICOM port: the pass stands, saying the listening ports were not read', () => {
    const ar = assess(mr01FolderWith({ 'vendor-settings.json': withoutPlainAe(), 'firewall-rules.csv': rulesWithPort('2762') }));
    expect(observed(ar).result).toBe('pass');
    // The check's in-part reason (SSP, and the AR wherever SC-8 rests on passes) names what the pass did not read.
    const ssp = readFileSync(join(out(), 'ssp.json'), 'utf8');
    expect(ssp).toMatch(/in part: that no DICOM listener is left in the clear[^"]*listening ports \(netstat\) are not read/);
  });
});

describeArsValid('DICOM hidden listener: the ARs stay valid', written);
