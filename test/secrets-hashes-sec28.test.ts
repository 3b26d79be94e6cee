// Forms sec27 left: LDAP and htpasswd hashes in the "{SCHEME}…" form (alone, after a user, in an LDIF line, base64 after
// "userPassword::"), and crypt hashes whose mask ran over a shadow line's fields or lost its "$id$" in a label's value.
// Each masking case plants a hash and asserts it is gone and exactly which text around it stays.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';

const R = REDACTED;
const SHA = 'W6ph5Mm5Pz8GgiULbPgzG37mj9g=';
const SSHA = 'DkMTwBl+a/3DQTxCYEApdUtNXGgdUac3';
const SSHA512 = 'SvnvUHOLNG1UfQ+hPU3nbQ9Mgqy8qRsVXY4cvl3sZhYBLZoXHUN+gmnbkbVRMQqf8+yR/kuOaXMwC3VwzpLf6OS7y6lA0KB6';
const SHA512CRYPT = '$6$Zq7saltX$Gk1Ew9Zq2mPq8Rr4Tt6Uu0Vv3Ww5Xx7Yy9Zz1Aa3Bb5Cc7Dd9Ee1Ff3Gg5Hh7Ii9Jj1Kk3Ll5Mm7Nn9Oo1Pp3Qq5Rr7Ss9';
const PBKDF2 = 'AAAIAHqGzQm1oN0ZcxY2e9yZQWHmVZ5cBRH3Y8NKHk1tQ2+qXjsTgWbUq0dkAj8ZPf2x';
/** base64 of "{SSHA}" + SSHA's hash bytes as LDIF writes it after "userPassword::". */
const LDIF_B64 = Buffer.from(`{SSHA}${SSHA}`, 'latin1').toString('base64');

describe('an LDAP or htpasswd hash in the {SCHEME} form: the hash masked, the user and the scheme kept', () => {
  it.each([
    [`svc:{SHA}${SHA}`, `svc:{SHA}${R}`, SHA],
    [`{SSHA}${SSHA}`, `{SSHA}${R}`, SSHA],
    [`note: hash {SSHA512}${SSHA512} copied`, `note: hash {SSHA512}${R} copied`, SSHA512.slice(0, 20)],
    [`{CRYPT}${SHA512CRYPT}`, `{CRYPT}$6$${R}`, 'Gk1Ew9Zq2mPq8Rr4'],
    ['{CRYPT}abJnggxhB/yWI', `{CRYPT}${R}`, 'abJnggxhB'],
    [`{PBKDF2-SHA256}${PBKDF2}`, `{PBKDF2-SHA256}${R}`, PBKDF2.slice(0, 16)],
    [`{ssha}${SSHA}`, `{ssha}${R}`, SSHA],
    [`userPassword: {SHA}${SHA}`, `userPassword: {SHA}${R}`, SHA],
    [`userPassword={SSHA}${SSHA}`, `userPassword={SSHA}${R}`, SSHA],
    [`.htpasswd: svc:{SHA}${SHA}`, `.htpasswd: svc:{SHA}${R}`, SHA],
    [`{"userPassword": "{SSHA}${SSHA}"}`, `{"userPassword": "{SSHA}${R}"}`, SSHA],
    [`<userPassword>{SSHA}${SSHA}</userPassword>`, `<userPassword>{SSHA}${R}</userPassword>`, SSHA],
    [`<add key="BindPassword" value="{SSHA}${SSHA}"/>`, `<add key="BindPassword" value="{SSHA}${R}"/>`, SSHA],
    [`Password (PACS): {SSHA}${SSHA}`, `Password (PACS): {SSHA}${R}`, SSHA],
    // The cleartext schemes hold the password itself, however short.
    ['scheme {PLAIN}pw1 and {CLEARTEXT}Winter2026', `scheme {PLAIN}${R} and {CLEARTEXT}${R}`, 'Winter2026'],
    // A cracked hash's password after ":" (a potfile's line) goes with the hash.
    [`{SHA}${SHA}:Winter2026`, `{SHA}${R}`, 'Winter2026'],
  ])('%j', (text, want, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toBe(want);
  });

  it.each([
    ['htpasswd entry svc:$apr1$Zq7salt1$Hk2Fx8Yq3nRp9Ss5Tt7Uu1', `htpasswd entry svc:$apr1$${R}`, 'Hk2Fx8Yq3nRp9'],
    [`htpasswd entry: ${SHA512CRYPT}`, `htpasswd entry: $6$${R}`, 'Gk1Ew9Zq2mPq8Rr4'],
    [`Service password: {SSHA}${SSHA}`, `Service password: {SSHA}${R}`, SSHA],
  ])("keeps a crypt hash's $id$ or a scheme as a label's value, alone: %j", (text, want, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toBe(want);
  });

  it('masks the base64 of a {SCHEME} hash after "userPassword::" and alone, an LDIF wrapped line with it', () => {
    const ldif = `dn: uid=svc,ou=people,dc=hosp\nuserPassword:: ${LDIF_B64.slice(0, 30)}\n ${LDIF_B64.slice(30)}\ncn: svc`;
    const out = redactText(ldif);
    expect(out).not.toContain(LDIF_B64.slice(0, 12));
    expect(out).not.toContain(LDIF_B64.slice(30));
    expect(out).toMatch(/^dn: uid=svc,ou=people,dc=hosp\nuserPassword:.*\[REDACTED\]\ncn: svc$/);
    expect(redactText(`copy ${LDIF_B64} here`)).toBe(`copy ${R} here`);
  });

  it.each([
    'the {0} format string and {1} more', '{GUID} and {6F9619FF-8B86-D011-B42D-00C04FC964FF}', '${VAR} and ${SHA}abcdefghijklmnop',
    '{"sha": "abc", "n": 1}', 'the {SSHA} scheme, {SHA}-based, {SSHA}/{SHA} both', 'Dovecot schemes {PLAIN}, {SHA512-CRYPT}.',
    'e1NIQX0= alone (no hash after the scheme)', 'the cleartext `{PLAIN}…` and `{CLEARTEXT}…` schemes', 'eventlog e0fa3c9b2d7e41aa channel',
  ])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("a crypt or LDAP hash in a shadow line: its mask stops where the hash does, the line's fields stay", () => {
  it.each([
    [`svc:${SHA512CRYPT}:19000:0:99999:7:::`, `svc:$6$${R}:19000:0:99999:7:::`],
    [`root:$1$Gk2x$Zq7vWinter2026hash:19700::::::.`, `root:$1$${R}:19700::::::.`],
    [`Password: svc:${SHA512CRYPT}:19000:0:99999:7:::`, `Password: svc:$6$${R}:19000:0:99999:7:::`],
    [`svc:{SSHA}${SSHA}:19000:0::`, `svc:{SSHA}${R}:19000:0::`],
  ])('%j', (text, want) => {
    const out = redactText(text);
    expect(out).not.toContain('Gk1Ew9Zq2mPq8Rr4');
    expect(out).not.toContain('Zq7vWinter2026hash');
    expect(out).not.toContain('Hk2Fx8Yq3nRp9');
    expect(out).toBe(want);
  });

  it.each([
    // A cracked hash's password after ":" is no shadow field: masked with the hash.
    [`${SHA512CRYPT}:Winter2026`, `$6$${R}`, 'Winter2026'],
    [`Password: svc:${SHA512CRYPT}:Winter2026`, `Password: svc:$6$${R}`, 'Winter2026'],
    // A roasted Kerberos hash's fields hold ":" (an SPN's port, the user's realm): masked whole as before.
    ['$krb5tgs$23$*svc$HOSP$MSSQLSvc/db01:1433*$3e156ada591263b8aab0965f5aebd837$00749a7cb51b6c8116d6407a782ea0e1c5402b1', `$krb5tgs$${R}`, '3e156ada591263b8'],
    ['roasted: $krb5asrep$23$jdoe@HOSP.LOCAL:9c4a8e2d31f0b7a6e5d4c3b2a1908f7e$1d2c3b4a59687f6e5d4c3b2a19080706f5e4d3c2b1a0', `roasted: $krb5asrep$${R}`, '1d2c3b4a59687f6e'],
  ])('still masks what follows ":" in %j', (text, want, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toBe(want);
  });
});

describe("a secret's braced value with text after its close: the text is the value's too", () => {
  it.each([
    ['userPassword: {SSHA}abc12', `userPassword: ${R}`, 'abc12'],
    ['Password: {abc}Zq7Secret', `Password: ${R}`, 'Zq7Secret'],
    ['Pwd={a;b}Zq7x', `Pwd=${R}`, 'Zq7x'],
    // ODBC doubles a "}" inside braces.
    ['Server=db;Pwd={p;w}}Zq7};Uid=sa', `Server=db;Pwd=${R};Uid=sa`, 'Zq7'],
  ])('%j', (text, want, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toBe(want);
  });
  it.each([
    ['Server=db;Pwd={p;w};Uid=sa', `Server=db;Pwd=${R};Uid=sa`],
    ['Password: {abc} is fine', `Password: ${R} is fine`],
  ])('still ends a braced value at its close before a blank or ";": %j', (text, want) => {
    expect(redactText(text)).toBe(want);
  });
});
