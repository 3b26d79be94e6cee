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
