// sec25's end-to-end sweep: secrets planted in a sample snapshot's registry values, in forms sec24 left, must reach no
// byte `assess` writes and no message; the text around each mask stays. The built CLI is run as a user would (dist/ built).
import { describe, expect, it } from 'vitest';
import { plantedRegistry } from './support/planted-registry.js';

const { snapshotWith, assessed } = plantedRegistry('sec25-e2e');

describe('forms sec24 left, in a registry value of a snapshot', () => {
  it('an LM:NT hash pair and a captured NetNTLMv2 response reach no output; the note around them stays', () => {
    const nt = '7a21990fcd3d759941e45c490f143d5f';
    const proof = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    const base = snapshotWith({
      Note1: `svc hash aad3b435b51404eeaad3b435b51404ee:${nt} from the old console`,
      Note2: `svc::HOSP:1122334455667788:${proof}:0101000000000000c0ffee`,
    });
    const { written, said } = assessed(base);
    for (const secret of [nt, proof, nt.toUpperCase()]) expect(written + said).not.toContain(secret);
    expect(written).toContain('svc hash [REDACTED]:[REDACTED] from the old console');
  });

  it("a P/W note, letters shaped like a plural after a passcode's word and a pair inside a quotation reach no output", () => {
    const base = snapshotWith({
      Note3: 'Service desk P/W Zqxm25pw01 for the FSE',
      Note4: 'the passcode zqxmarksys was given',
      Note5: '"user: admin pass: Zq25quoted02" per vendor',
    });
    const { written, said } = assessed(base);
    for (const secret of ['Zqxm25pw01', 'zqxmarksys', 'Zq25quoted02']) expect(written + said).not.toContain(secret);
    expect(written).toContain('Service desk P/W [REDACTED] for the FSE');
    expect(written).toContain('the passcode [REDACTED] was given');
    expect(written).toContain('\\"user: admin pass: [REDACTED]\\" per vendor');
  });
});

describe("phrasings sec25's sweep found kept, in a registry value of a snapshot", () => {
  it('an Authorization header of the NTLM or Negotiate scheme reaches no output; the header name stays', () => {
    const base = snapshotWith({ Note6: 'Authorization: NTLM TlRMTVNTUAADZqxmNtlmHdr', Note7: 'Authorization: Negotiate YIIGZqxmNegoHdr0a' });
    const { written, said } = assessed(base);
    for (const secret of ['ZqxmNtlmHdr', 'ZqxmNegoHdr']) expect(written + said).not.toContain(secret);
    expect(written).toContain('Authorization: NTLM [REDACTED]');
  });

  it("an snmpd.conf's com2sec community and createUser passphrases, and a JSON authKey, reach no output", () => {
    const base = snapshotWith({
      Note8: 'com2sec readonly default zqxc2sE2E1',
      Note9: 'createUser svcmon SHA "zqxauthE2E2" AES "zqxprivE2E3"',
      Note10: '{"user":"svcmon","authKey":"zqxauthE2E4"}',
    });
    const { written, said } = assessed(base);
    for (const secret of ['zqxc2sE2E1', 'zqxauthE2E2', 'zqxprivE2E3', 'zqxauthE2E4']) expect(written + said).not.toContain(secret);
    expect(written).toContain('com2sec readonly default [REDACTED]');
  });

  it('com2sec and createUser quoted in a note mid-line reach no output; the text after them stays', () => {
    const base = snapshotWith({ Note13: 'snmpd note (com2sec ro 10.0.0.0/8 zqxc2sE2E7) kept', Note14: 'note: createUser svcmon SHA zqxauthE2E8 AES zqxprivE2E9' });
    const { written, said } = assessed(base);
    for (const secret of ['zqxc2sE2E7', 'zqxauthE2E8', 'zqxprivE2E9']) expect(written + said).not.toContain(secret);
    expect(written).toContain('snmpd note (com2sec ro 10.0.0.0/8 [REDACTED]) kept');
  });

  it("a .NET settings file's <setting name=\"Password\"><value> and an element named as the password reach no output", () => {
    const base = snapshotWith({
      Note11: '<setting name="Password" serializeAs="String"><value>zqxxmlE2E5</value></setting>',
      Note12: '<password value="zqxxmlE2E6"/>',
    });
    const { written, said } = assessed(base);
    for (const secret of ['zqxxmlE2E5', 'zqxxmlE2E6']) expect(written + said).not.toContain(secret);
    expect(written).toContain('<value>[REDACTED]</value>');
  });

  it('sec26: crypt and Kerberos hashes, a Digest response and an SNMP line between backticks reach no output; the text around them stays', () => {
    const base = snapshotWith({
      Note15: 'svc hash $krb5tgs$23$*svcpacs$HOSP.LOCAL$http/pacs01*$3e156ada591263b8aab0965f5aebd837$0e2e26zqxkrbE2E10aaaa seen',
      Note16: 'roasted $krb5asrep$23$jdoe@HOSP.LOCAL:9c4a8e2d31f0b7a6e5d4c3b2a1908f7e$zqxasrepE2E11bbbbbbbb',
      Note17: 'shadow $6$Zq7saltX$zqxsha512E2E12Gk1Ew9Zq2mPq8Rr4Tt6Uu0Vv3Ww5Xx7 and bcrypt $2b$12$zqxbcryptE2E13R9hcIPz0gi.URNNX3kh2 kept',
      Note18: 'Authorization: Digest username="svc", realm="pacs", uri="/", response="6629fae49393a05397450978507c4ef1"',
      Note19: 'run `createUser svc SHA zqxauthE2E14 AES zqxprivE2E15` then restart',
    });
    const { written, said } = assessed(base);
    for (const secret of ['zqxkrbE2E10', 'zqxasrepE2E11', 'zqxsha512E2E12', 'zqxbcryptE2E13', '6629fae49393a053', 'zqxauthE2E14', 'zqxprivE2E15']) expect(written + said).not.toContain(secret);
    expect(written).toContain('svc hash $krb5tgs$[REDACTED] seen');
    expect(written).toContain('AES [REDACTED]` then restart');
  });
});
