// Keys and tokens told by their own form, with no secret name before them, as a console export can
// carry them (a backup script's argument, a cloud uploader's connection string, a note): an AWS
// secret access key alone, Azure's AccountKey= and shared access signatures, GitHub's fine-grained
// and GitLab's tokens, a PKCS#12 (.pfx) file in base64. Hashes, thumbprints and GUIDs exports carry stay.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSnapshot, redactText } from '../src/snapshot/secrets.js';
import type { Snapshot } from '../src/snapshot/types.js';

const AWS_SECRET = 'q8Lr2Xv/T0nPb7YmKc4Zs9Wd+Ha1Ge5JfRu3Ni6B'; // 40 characters, random-looking, made up
const PFX_B64 = `MIIJzwIBAzCCCYUGCSqGSIb3DQEHAaCCCXYEggly${'MIIJbjCCBa8GCSqGSIb3DQEHBqCCBaAwggWcAgEA'.repeat(3)}`;

describe('keys and tokens told by their form', () => {
  it('are masked where they stand; hashes, thumbprints (40 hex digits), GUIDs, paths and identifiers exports carry stay visible', () => {
    const masked: Array<[string, string]> = [
      [`aws s3 cp backup.zip s3://hosp-bkp --profile x # ${AWS_SECRET}`, `aws s3 cp backup.zip s3://hosp-bkp --profile x # ${REDACTED}`],
      [AWS_SECRET, REDACTED],
      ['DefaultEndpointsProtocol=https;AccountName=hospbkp;AccountKey=Zq9Mk7Pw4rT2bX8nC5vL1sD6fG3hJ0kA9mN4qR7tY2w=;EndpointSuffix=core.windows.net',
        `DefaultEndpointsProtocol=https;AccountName=hospbkp;AccountKey=${REDACTED};EndpointSuffix=core.windows.net`],
      ['BlobEndpoint=https://hospbkp.blob.core.windows.net;SharedAccessSignature=sv=2022-11-02&ss=b&sig=Zq9Mk7Pw4rT2bX8n%2BC5vL1s%3D',
        // The SAS's version and services stay; what grants access, its signature, is masked.
        `BlobEndpoint=https://hospbkp.blob.core.windows.net;SharedAccessSignature=${REDACTED}&ss=b&sig=${REDACTED}`],
      ['upload to https://hospbkp.blob.core.windows.net/dicom?sv=2022-11-02&sp=rw&sig=Zq9Mk7Pw4rT2bX8n%2BC5vL1s%3D done',
        `upload to https://hospbkp.blob.core.windows.net/dicom?sv=2022-11-02&sp=rw&sig=${REDACTED} done`],
      ['git clone with github_pat_11AZQ9MK7PW4R0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS', `git clone with ${REDACTED}`],
      ['token glpat-Zq9Mk7Pw4rT2bX8nC5vL in the runner', `token ${REDACTED} in the runner`],
      [`vendor cert ${PFX_B64}`, `vendor cert ${REDACTED}`],
    ];
    for (const [text, shown] of masked) expect(redactText(text), text).toBe(shown);
    for (const t of [
      'Thumbprint: 80BD3D529FEAC3AB16C0E46CA3A8F30E526F59D5',
      'thumbprint 80bd3d529feac3ab16c0e46ca3a8f30e526f59d5',
      'CertHash=80BD3D529FEAC3AB16C0E46CA3A8F30E526F59D5',
      'SHA256 5E884898DA28047151D0E56F8DC6292773603D0D6AABBDD62A11EF721D1542D8',
      'sha256 XohImNooBHFR0OVvjcYpJ3NgPQ1qq73WKhHvch0VQtg=',
      '{6F9619FF-8B86-D011-B42D-00C04FC964FF}',
      'C:/ProgramData/Vendor/Console/Config/Logs',
      'SOFTWARE/Microsoft/Windows/CurrentVersio',
      'HKLMSoftwarePoliciesMicrosoftWindowsNT12',
      'AccountName=hospbkp;EndpointSuffix=core.windows.net',
      'the signature is valid; sig=short',
    ]) expect(redactText(t), t).toBe(t);
  });

  it("name a key's, secret's or token's name (…KeyName, SecretName) without masking it; the key beside it is masked, and a password's name stays a secret", () => {
    const sb = 'Endpoint=sb://hosp.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=Qz9Mk7Pw4rT2bX8nC5vL1sD6fG3hJ0kA9mN4qR7tY2w=';
    expect(redactText(sb)).toBe(`Endpoint=sb://hosp.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${REDACTED}`);
    expect(redactText('SecretName=db-main;ClientSecret=Qx7pz9Lk')).toBe(`SecretName=db-main;ClientSecret=${REDACTED}`);
    expect(redactText('ApiKeyName: prod-upload')).toBe('ApiKeyName: prod-upload');
    // Nothing names a password: under such a label the value is likely one.
    expect(redactText('Password Name: Zx9!kkq2')).toBe(`Password Name: ${REDACTED}`);
    // In a snapshot, by the path: the name is shown, the key masked, and the name is no copy of a secret elsewhere.
    const s = { schemaVersion: 1, device: { id: 'MR-01', location: 'RootManageSharedAccessKey' }, vendor: { bus: { sharedAccessKeyName: 'RootManageSharedAccessKey', sharedAccessKey: 'Qz9Mk7Pw4rT2bX8nC5vL1sD6fG3hJ0kA9mN4qR7tY2w=' } } } as unknown as Snapshot;
    const r = redactSnapshot(s) as unknown as { device: { location: string }; vendor: { bus: Record<string, string> } };
    expect(r.vendor.bus).toEqual({ sharedAccessKeyName: 'RootManageSharedAccessKey', sharedAccessKey: REDACTED });
    expect(r.device.location).toBe('RootManageSharedAccessKey');
  });

  it("an SNMP community and a Wi-Fi profile's key are masked where an export or a note names them; the managers and the profile's name stay", () => {
    const shown: Array<[string, string]> = [
      ['SNMP community: Zk8pubLic77', `SNMP community: ${REDACTED}`],
      ['rocommunity Zk8pubLic77 10.0.0.0/8', `rocommunity ${REDACTED} 10.0.0.0/8`],
      ['<name>RadWLAN</name><keyMaterial>Zk8wifi!!</keyMaterial>', `<name>RadWLAN</name><keyMaterial>${REDACTED}</keyMaterial>`],
      ['    Key Content            : Zk8wifi!!', `    Key Content            : ${REDACTED}`],
      ['the user community is informed of changes', 'the user community is informed of changes'],
    ];
    for (const [text, want] of shown) expect(redactText(text), text).toBe(want);
    const s = {
      schemaVersion: 1, device: { id: 'MR-01' },
      hardening: { registry: { 'HKLM\\SOFTWARE\\Policies\\SNMP\\Parameters\\ValidCommunities\\1': 'Zk8pubLic77', 'HKLM\\SOFTWARE\\Policies\\SNMP\\Parameters\\PermittedManagers\\1': '10.20.30.40' } },
      notes: ['trap community Zk8pubLic77 (see GPO)'],
    } as unknown as Snapshot;
    const text = JSON.stringify(redactSnapshot(s));
    expect(text).not.toContain('Zk8pubLic77');
    expect(text).toContain('10.20.30.40');
  });

  it('a Windows password hash (a SAM dump line, an NT/NTLM/LM hash so named) is masked, and its copies; hashes of files and policy switches stay', () => {
    const NT = '8846f7eaee8fb117ad06bdd830b7586c';
    const masked: Array<[string, string]> = [
      [`Administrator:500:aad3b435b51404eeaad3b435b51404ee:${NT}:::`, `Administrator:500:${REDACTED}:${REDACTED}:::`],
      [`NTLM hash ${NT}`, `NTLM hash ${REDACTED}`],
      [`NTHash=${NT}`, `NTHash=${REDACTED}`],
      [`the NT hash is ${NT}.`, `the NT hash is ${REDACTED}.`],
    ];
    for (const [text, want] of masked) expect(redactText(text), text).toBe(want);
    for (const t of ['NoLMHash=1', 'LM hash storage: disabled', `md5 ${NT}`, 'at 10:20:30:::']) expect(redactText(t), t).toBe(t);
    const s = { schemaVersion: 1, device: { id: 'MR-01', location: `vendor note: svc:1001:aad3b435b51404eeaad3b435b51404ee:${NT}:::` }, notes: [`again ${NT}`] } as unknown as Snapshot;
    const text = JSON.stringify(redactSnapshot(s));
    expect(text).not.toContain(NT);
    expect(text).toContain('vendor note: svc:1001:');
  });

  it('are masked in a snapshot under a name that says nothing, and their copies with them', () => {
    const s = { schemaVersion: 1, device: { id: 'MR-01', location: `uploader ${AWS_SECRET}` }, notes: [`again: ${AWS_SECRET}`] } as unknown as Snapshot;
    const text = JSON.stringify(redactSnapshot(s));
    expect(text).not.toContain(AWS_SECRET);
    expect(text).toContain(`uploader ${REDACTED}`);
  });
});
