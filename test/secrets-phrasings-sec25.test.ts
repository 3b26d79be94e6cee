// Phrasings sec25's sweep found kept: credentials an HTTP Authorization header carries under other schemes, an SNMP
// agent's communities and v3 passphrases as its configuration writes them, and XML that names a secret by its element.
// Each masking case plants a value and asserts it is gone; each setting's case asserts the text stays whole.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

describe('an Authorization header of the Negotiate or NTLM scheme, and a Bearer token of letters alone', () => {
  it.each([
    ['Authorization: Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnagMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgY', 'Authorization: Negotiate '],
    ['Authorization: NTLM TlRMTVNTUAADAAAAGAAYAEgAAAA', 'Authorization: NTLM '],
    ['Proxy-Authorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==', 'Proxy-Authorization: NTLM '],
    ['Authorization: Bearer ZqxmAbCdEfGhIjKlMn', 'Authorization: Bearer '],
  ])('masks the credentials of %j', (text, kept) => {
    expect(redactText(text)).toBe(`${kept}${REDACTED}`);
  });

  it.each(['NTLM authentication is disabled', 'NTLM Authentication', 'the NTLM SSP settings', 'Negotiate protocol NTLMv2 only', 'bearer instrument',
    'Network security: Restrict NTLM: Audit NTLM authentication in this domain', 'Allow Basic authentication'])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("an SNMP agent's community in com2sec, and an SNMPv3 user's passphrases", () => {
  it.each([
    ['com2sec readonly default zqxc2s01', 'com2sec readonly default '],
    ['com2sec -Cn ctx local 10.0.0.0/8 zqxc2s02', 'com2sec -Cn ctx local 10.0.0.0/8 '],
  ])('masks the community of %j', (text, kept) => {
    expect(redactText(text)).toBe(`${kept}${REDACTED}`);
  });

  it.each([
    ['createUser svcmon SHA "zqxauth01" AES "zqxpriv01"', `createUser svcmon SHA "${REDACTED}" AES "${REDACTED}"`],
    ['createUser -e 0x8000 svcmon SHA-256 zqxauth02 AES zqxpriv02', `createUser -e 0x8000 svcmon SHA-256 ${REDACTED} AES ${REDACTED}`],
    ['snmp-server user mon grp v3 auth sha zqxauth03 priv aes 128 zqxpriv03 access 10', `snmp-server user mon grp v3 auth sha ${REDACTED} priv aes 128 ${REDACTED} access 10`],
    ['snmp-agent usm-user v3 mon authentication-mode sha zqxauth04 privacy-mode aes128 zqxpriv04', `snmp-agent usm-user v3 mon authentication-mode sha ${REDACTED} privacy-mode aes128 ${REDACTED}`],
    ['{"authKey":"zqxauth05","privKey":"zqxpriv05"}', `{"authKey":"${REDACTED}","privKey":"${REDACTED}"}`],
  ])('masks both passphrases of %j', (text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it.each(['rouser svcmon authpriv', 'snmp-server user mon grp v3', 'SHA-256 hashing is used', 'AuthKeyLength = 20', 'com2sec'])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('XML naming a secret by its element, or holding its value in a child', () => {
  it.each([
    ['<password value="zqxxml01"/>', `<password value="${REDACTED}"/>`],
    ['<SmtpPassword Value="zqxxml02" Encrypted="false"/>', `<SmtpPassword Value="${REDACTED}" Encrypted="false"/>`],
    ['<setting name="Password" serializeAs="String"><value>zqxxml03</value></setting>', `<setting name="Password" serializeAs="String"><value>${REDACTED}</value></setting>`],
    ['<setting name="DbPassword" serializeAs="String">\n  <value>zqx xml04</value>\n</setting>', `<setting name="DbPassword" serializeAs="String">\n  <value>${REDACTED}</value>\n</setting>`],
  ])('masks the value of %j', (text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it.each([
    '<setting name="ServerName" serializeAs="String"><value>pacs01</value></setting>', '<PasswordPolicy value="14"/>', '<MinimumPasswordLength value="14"/>',
    '<Password required="true"/>', '<password value="true"/>', '<PasswordComplexity value="1"/>',
  ])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('com2sec and createUser quoted in a note, not first on its line', () => {
  it.each([
    ['SNMP: com2sec ro default zqxc2s03', `SNMP: com2sec ro default ${REDACTED}`],
    ['snmpd note (com2sec ro 10.0.0.0/8 zqxc2s04) kept', `snmpd note (com2sec ro 10.0.0.0/8 ${REDACTED}) kept`],
    ['note: com2sec ro mon.hospital.example zqxc2s05, done', `note: com2sec ro mon.hospital.example ${REDACTED}, done`],
    ['note: createUser svcmon SHA zqxauth06 AES zqxpriv06', `note: createUser svcmon SHA ${REDACTED} AES ${REDACTED}`],
  ])('masks the secret of %j and keeps what follows', (text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it.each(['the com2sec directive maps communities', 'api.createUser(name, SHA, x)'])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});
