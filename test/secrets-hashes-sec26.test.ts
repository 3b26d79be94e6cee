// Forms sec25 left: password hashes in crypt's "$id$" form and Kerberos hashes roasted from tickets, standing alone in a
// note; an HTTP Digest response; XML whose name attribute names a password while its value is a switch's; an SNMP line
// quoted in docs text between backticks. Each masking case plants a value and asserts it is gone and the text around it
// stays; each other case asserts the text stays whole.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

describe("a password hash in crypt's $id$ form or roasted from a Kerberos ticket, wherever it stands", () => {
  const R = REDACTED;
  it.each([
    ['svc hash $krb5tgs$23$*svcpacs$HOSP.LOCAL$http/pacs01*$3e156ada591263b8aab0965f5aebd837$00749a7cb51b6c8116d6407a782ea0e1c5402b1 seen',
      `svc hash $krb5tgs$${R} seen`, 'aab0965f5aebd837'],
    ['roasted: $krb5asrep$23$jdoe@HOSP.LOCAL:9c4a8e2d31f0b7a6e5d4c3b2a1908f7e$1d2c3b4a59687f6e5d4c3b2a19080706f5e4d3c2b1a0',
      `roasted: $krb5asrep$${R}`, '9c4a8e2d31f0b7a6'],
    ['shadow copy $6$rounds=5000$Zq7saltX$Gk1Ew9Zq2mPq8Rr4Tt6Uu0Vv3Ww5Xx7Yy9Zz1Aa3Bb5Cc7Dd9Ee1Ff3Gg5Hh7Ii9Jj1Kk3Ll5Mm7Nn9Oo1Pp3Qq5Rr7Ss9 kept',
      `shadow copy $6$${R} kept`, 'Gk1Ew9Zq2mPq8Rr4'],
    ['bcrypt $2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW. in the db', `bcrypt $2b$${R} in the db`, 'R9h/cIPz0gi'],
    ['the NT hash ($NT$7a21990fcd3d759941e45c490f143d5f).', `the NT hash ($NT$${R}).`, '7a21990fcd3d7599'],
    ['htpasswd entry $apr1$Zq7salt1$Hk2Fx8Yq3nRp9Ss5Tt7Uu1', `htpasswd entry $apr1$${R}`, 'Hk2Fx8Yq3nRp9'],
  ])('masks %j', (text, want, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toBe(want);
  });

  it.each([
    '$env:PATH and $env:ProgramData are set', 'the upgrade costs $5 and the licence $6 per seat', 'PS> $cred = Get-Credential; $6$x',
    'Hash algorithm: $6$ (SHA-512) is required', 'the $1$ prefix marks md5crypt',
  ])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('an HTTP Digest response', () => {
  it('masks response="<hex>" in a pasted header; username, realm and nonce stay', () => {
    const text = 'Authorization: Digest username="svc", realm="pacs", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dicom", response="6629fae49393a05397450978507c4ef1", qop=auth';
    const out = redactText(text);
    expect(out).not.toContain('6629fae49393a053');
    expect(out).toBe(text.replace('6629fae49393a05397450978507c4ef1', REDACTED));
  });
  it.each(['response="200"', 'responseTime=6629fae49393a05397450978507c4ef1', 'the response was slow'])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("XML naming a password by a name attribute, its value a switch's", () => {
  it.each([
    '<add key="Password" value="true"/>', '<add key="RequirePassword" value="1"/>', '<Property Name="Password" Value="false"/>',
    '<setting name="Password" serializeAs="String"><value>True</value></setting>', '<Setting Name="Password">no</Setting>',
  ])('leaves %j as the element-named rule leaves <password value="true"/>', (text) => {
    expect(redactText(text)).toBe(text);
  });
  it.each([
    ['<add key="Password" value="zqxSw1tch"/>', `<add key="Password" value="${REDACTED}"/>`],
    ['<add key="Password" value="eNabled"/>', `<add key="Password" value="${REDACTED}"/>`],
    ['<Setting Name="Password">zqxSw2</Setting>', `<Setting Name="Password">${REDACTED}</Setting>`],
  ])('still masks %j', (text, want) => {
    expect(redactText(text)).toBe(want);
  });
});

describe('an SNMP line quoted in docs text between backticks', () => {
  it.each([
    ['run `snmp-server user mon grp v3 auth sha zqxA1 priv aes 128 zqxA2` on the switch', `run \`snmp-server user mon grp v3 auth sha ${REDACTED} priv aes 128 ${REDACTED}\` on the switch`],
    ['add `createUser svc SHA zqxA3 AES zqxA4` to snmpd.conf', `add \`createUser svc SHA ${REDACTED} AES ${REDACTED}\` to snmpd.conf`],
    ['add `com2sec ro default zqxA5` to snmpd.conf', `add \`com2sec ro default ${REDACTED}\` to snmpd.conf`],
    ['createUser svc SHA zq`x1 AES zqxA6', `createUser svc SHA ${REDACTED} AES ${REDACTED}`],
  ])('masks the passphrases of %j and keeps the closing backtick', (text, want) => {
    expect(redactText(text)).toBe(want);
  });
});
