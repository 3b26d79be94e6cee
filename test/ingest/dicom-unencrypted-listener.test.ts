// A local DICOM AE accepting TLS for authentication only (a NULL cipher: the peer is
// authenticated, the data cross the network in the clear) beside the TLS listener: only "none"
// counted as a listener in the clear, so DICOM-NO-PLAIN-LISTENER passed and claimed SC-8 (no
// unencrypted way in) while a sender could still deliver patient data unencrypted. DICOM-TLS
// judges remote nodes only, so nothing failed it. Assessed from an export folder through the CLI;
// the AR stays valid against NIST's schemas.
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
const { assess, written } = arAssessor('ato-dicom-unencrypted-listener-', '2024-03-01T12:00:00Z', { warm: true });

/**
 * MR-01's vendor settings with the local plain AE (MR01, port 104) given TLS mode `tls` on port
 * 11113, and its inbound firewall rule moved with it: a rule still allowing 104 leaves the pass
 * not collected (test/ingest/dicom-hidden-listener.test.ts).
 */
function localAe(tls: string): string {
  const d = JSON.parse(mr01Text('vendor-settings.json')) as Json;
  const ae = (d.dicom.applicationEntities as Json[]).find((a) => a.aeTitle === 'MR01');
  expect(ae).toMatchObject({ role: 'local', tls: 'none', port: 104 });
  ae!.tls = tls;
  ae!.port = 11113;
  const rules = mr01Text('firewall-rules.csv').replace(/("DICOM Storage SCP","True","Inbound","Allow","Domain, Private","TCP",)"104"/, '$1"11113"');
  expect(rules).toContain('"TCP","11113"');
  // and a TLS listener beside it, as the fixture has
  expect((d.dicom.applicationEntities as Json[]).some((a) => a.role === 'local' && a.tls === 'authentication-and-encryption')).toBe(true);
  return mr01FolderWith({ 'vendor-settings.json': JSON.stringify(d, null, 2), 'firewall-rules.csv': rules });
}
const observed = (ar: Json) => {
  const o = observationOf(ar, 'MR-01', 'DICOM-NO-PLAIN-LISTENER');
  return { result: propOf(o, 'result'), text: String(o?.description ?? '') };
};

describe('DICOM-NO-PLAIN-LISTENER: a local AE with TLS for authentication only', () => {
  it('the premise: the plain AE on 104 beside the TLS one fails', () => {
    expect(observed(assess(localAe('none'))).result).toBe('fail');
  });

  it('the same AE switched to TLS authentication only (NULL cipher) still fails, naming it unencrypted', () => {
    const { result, text } = observed(assess(localAe('authentication')));
    expect(result).toBe('fail');
    expect(text).toMatch(/MR01 \(TLS mode: TLS without encryption/);
  });

  it.each(['encryption', 'authentication-and-encryption'])('switched to TLS %s: no listener in the clear, a pass', (tls) => {
    expect(observed(assess(localAe(tls))).result).toBe('pass');
  });
});

describeArsValid('DICOM unencrypted listener: the AR stays valid', written);
