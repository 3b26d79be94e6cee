// A transport the vendor settings declare, contradicted by the server addresses in the same file:
// syslog "tls" forwarding to udp://siem:514 passed AUDIT-FORWARD-TLS, LDAP "ldaps" to
// ldap://dc01 or dc01:389 (AD's plain port) passed CENTRAL-AUTH. Which transport is used is
// unknown: a pass reading it is not collected, naming both values (src/snapshot/policy-combinations.ts).
// Assessed from an export folder through the CLI; the AR stays valid against NIST's schemas.
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
const { assess, written } = arAssessor('ato-transport-contradicted-', '2024-03-01T12:00:00Z', { warm: true });

/** MR-01's vendor settings with `edit` applied to the parsed JSON. */
function vendorWith(edit: (d: Json) => void): string {
  const d = JSON.parse(mr01Text('vendor-settings.json')) as Json;
  edit(d);
  return mr01FolderWith({ 'vendor-settings.json': JSON.stringify(d, null, 2) });
}
const observed = (ar: Json, check: string) => {
  const o = observationOf(ar, 'MR-01', check);
  return { result: propOf(o, 'result'), reason: propOf(o, 'not-collected-reason') ?? '' };
};

describe('syslog: "tls" declared, the server written udp:// or tcp://', () => {
  it('the premise: MR-01 as exported (tls, a plain host name) passes AUDIT-FORWARD-TLS', () => {
    expect(observed(assess(vendorWith(() => {})), 'AUDIT-FORWARD-TLS').result).toBe('pass');
  });

  it.each(['udp://siem.hospital.local:514', 'TCP://siem.hospital.local'])('%s: AUDIT-FORWARD-TLS is not collected, naming the transport and the server', (server) => {
    const { result, reason } = observed(assess(vendorWith((d) => (d.syslog.server = server))), 'AUDIT-FORWARD-TLS');
    expect(result).toBe('not-collected');
    expect(reason).toContain('/audit/syslog/transport');
    expect(reason).toContain(server);
  });

  it('a tls:// server beside "tls" is no contradiction: still a pass', () => {
    expect(observed(assess(vendorWith((d) => (d.syslog.server = 'tls://siem.hospital.local:6514'))), 'AUDIT-FORWARD-TLS').result).toBe('pass');
  });
});

describe('LDAP: "ldaps" declared, a server written ldap:// or on the plain port', () => {
  const plainSigning = (d: Json) => (d.ldap.signing = 'negotiate');

  it('the premise: ldaps with signing only negotiated passes CENTRAL-AUTH on LDAPS alone', () => {
    expect(observed(assess(vendorWith(plainSigning)), 'CENTRAL-AUTH').result).toBe('pass');
  });

  it.each([['ldap://dc01.hospital.local'], ['dc01.hospital.local:389'], ['dc02.hospital.local:3268']])('%s: CENTRAL-AUTH is not collected, naming the server', (server) => {
    const ar = assess(vendorWith((d) => { plainSigning(d); d.ldap.servers = ['dc01.hospital.local:636', server]; }));
    const { result, reason } = observed(ar, 'CENTRAL-AUTH');
    expect(result).toBe('not-collected');
    expect(reason).toContain('/access/ldap/transport');
    expect(reason).toContain(server);
  });

  it('LDAPS on 636 and 3269, or ldaps://, is no contradiction: still a pass', () => {
    const ar = assess(vendorWith((d) => { plainSigning(d); d.ldap.servers = ['dc01.hospital.local:636', 'ldaps://dc02.hospital.local:3269']; }));
    expect(observed(ar, 'CENTRAL-AUTH').result).toBe('pass');
  });

  it('signing required beside it: still not collected (the pass read the doubted transport too)', () => {
    const ar = assess(vendorWith((d) => (d.ldap.servers = ['ldap://dc01.hospital.local:389'])));
    expect(observed(ar, 'CENTRAL-AUTH').result).toBe('not-collected');
  });
});

describeArsValid('transport contradicted: the AR stays valid', written);
