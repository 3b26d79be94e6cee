// A self-signed certificate whose issuer is its subject written another way: Windows writes
// "CN=host, O=X", OpenSSL "CN = host, O = X" or "/O=X/CN=host", certutil may quote a value. Issuer
// and subject were compared as texts, so TLS-CERTIFICATE's "not self-signed" passed on the same
// name spelt twice. They are now compared as distinguished names (src/evaluate/distinguished-name.ts).
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
const { assess, written } = arAssessor('ato-self-signed-dn-', '2024-03-01T12:00:00Z', { warm: true });

/** MR-01's vendor settings with its one certificate given `subject` and `issuer`. */
function certificate(subject: string, issuer: string): string {
  const d = JSON.parse(mr01Text('vendor-settings.json')) as Json;
  expect(d.certificates).toHaveLength(1);
  Object.assign(d.certificates[0], { subject, issuer });
  return mr01FolderWith({ 'vendor-settings.json': JSON.stringify(d, null, 2) });
}
const result = (ar: Json): string | undefined => propOf(observationOf(ar, 'MR-01', 'TLS-CERTIFICATE'), 'result');
const SUBJECT = 'CN=mr01.hospital.local, O=Hospital, C=DE';

describe('TLS-CERTIFICATE: issuer and subject compared as names', () => {
  it('the premise: issued by the hospital CA, the certificate passes; issuer written as the subject fails', () => {
    expect(result(assess(certificate(SUBJECT, 'CN=Hospital Issuing CA 1, O=Hospital, C=DE')))).toBe('pass');
    expect(result(assess(certificate(SUBJECT, SUBJECT)))).toBe('fail');
  });

  it.each([
    ['no space after the commas', 'CN=mr01.hospital.local,O=Hospital,C=DE'],
    ['spaces around "=" (OpenSSL)', 'CN = mr01.hospital.local, O = Hospital, C = DE'],
    ['the other order, OpenSSL\'s slashes', '/C=DE/O=Hospital/CN=mr01.hospital.local'],
    ['a quoted value, a type by its OID', 'OID.2.5.4.3="mr01.hospital.local", O=Hospital, C=DE'],
  ])('self-signed, the issuer with %s: fails', (_what, issuer) => {
    expect(result(assess(certificate(SUBJECT, issuer)))).toBe('fail');
  });

  it('another name written with other spacing is still another issuer: a pass', () => {
    expect(result(assess(certificate(SUBJECT, 'CN = Hospital Issuing CA 1,O=Hospital,C=DE')))).toBe('pass');
  });
});

describeArsValid('self-signed by another spelling: the AR stays valid', written);
