// Vectors sec19 left open: Italian's "parola d'ordine" before "=", a label and its value in columns
// (a tab or several blanks between them), an SNMP community quoted in prose, a Kerberos keytab in
// base64, and a secret-named value of another form than text (a number, a list, an object) quoted in
// a message. Each kept its value. Settings and counts in the same shapes stay visible.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { quoted, REDACTED, redactSnapshot, redactText } from '../src/snapshot/secrets.js';
import type { Snapshot } from '../src/snapshot/types.js';

const SECRET = 'Zq9sec20Mk7';

describe('a phrase of several words before "="', () => {
  it.each(['mot de passe = segretissima', 'كلمة المرور = segretissima', 'private key = segretissima', 'Note: mot de passe=segretissima;x=1'])('masks the value of %j', (text) => {
    const out = redactText(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain('segretissima');
  });

  it.each(['api key rotation = 90', 'the house key = blue'])('leaves %j (the phrase does not end at the name)', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("Italian's label before '='", () => {
  it.each([`parola d'ordine = ${SECRET}`, `parola d'ordine=${SECRET}`, `Nota: parola d\u2019ordine = ${SECRET}`, "parola d'ordine = segretissima"])('masks the value of %j', (text) => {
    const out = redactText(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toMatch(/Zq9sec20Mk7|segretissima/);
  });

  it.each(["numero d'ordine = 12345", 'ordine = 12'])('leaves %j (an order, not a password)', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('a label and its value in columns', () => {
  it.each([
    [`Bind password\t${SECRET}`],
    ['Bind password\tsecretword'],
    ['Password        plainword'],
    [`  Admin PIN\t4821`],
    [`Service account:\tsvc\nLDAP bind password\t\t${SECRET}\n`],
  ])('masks the value of %j', (text) => {
    const out = redactText(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toMatch(/Zq9sec20Mk7|secretword|plainword|4821/);
  });

  it.each([
    'Password length\t14',
    'Password never expires\tNo',
    'Password required            Yes',
    'User may change password     Yes',
    'Password expires             Never',
    'Password changeable          11/3/2026',
    'Password last set            11/2/2026 10:00:00 AM',
    '    DefaultPassword    REG_SZ    ',
    'Password (PACS): Yes',
    'community: 2 configured',
  ])('leaves the setting %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('an SNMP community quoted in prose', () => {
  it.each([
    'community "Xyzqq"',
    "the SNMP community string is 'public' on sw-01",
    'set the community name \u201Cpublic\u201D on the agent',
    'uses community = "Xyzqq" for traps',
  ])('masks the community of %j', (text) => {
    const out = redactText(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toMatch(/Xyzqq|public/);
  });

  it.each(['the community of practice "Imaging" meets monthly', 'SNMP communities: none defined'])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('a Kerberos keytab in base64', () => {
  // A keytab's bytes begin 05 02 and an entry's length: base64 "BQIAAA".
  const keytab = Buffer.concat([Buffer.from([5, 2, 0, 0, 0, 0x47, 0, 2]), Buffer.from(`HOSPITAL.EXAMPLE\0host\0${SECRET}-key-bytes-0123456789`)]).toString('base64');
  it('is masked in a note, on its own line or after words', () => {
    expect(redactText(`keytab for svc-pacs: ${keytab}`)).toBe(`keytab for svc-pacs: ${REDACTED}`);
    expect(redactText(`pasted:\n${keytab}\n`)).not.toContain(keytab.slice(0, 30));
  });
  it('a short BQIAAA word is no keytab', () => {
    expect(redactText('id BQIAAAxyz')).toBe('id BQIAAAxyz');
  });
});

describe('a secret-named value of any form', () => {
  it('is masked in a quoted message value: a number, a list, an object, a boolean-looking string', () => {
    const q = quoted({ bindPassword: 98765432101, apiKey: ['ArrSecretQ1'], token: { inner: 'ObjSecretQ2' }, passphrase: 'true', privateKey: false, server: 'siem' });
    expect(q).not.toMatch(/98765432101|ArrSecretQ1|ObjSecretQ2/);
    expect(JSON.parse(q)).toEqual({ bindPassword: REDACTED, apiKey: REDACTED, token: REDACTED, passphrase: REDACTED, privateKey: false, server: 'siem' });
  });

  it('is masked in a snapshot in every form (as before)', () => {
    const s = { schemaVersion: '1.0', device: { id: 'X-1' }, collectedAt: '2026-11-02T10:00:00Z', access: { ldap: { bindPassword: 98765432101 } },
      hardening: { registry: { 'HKLM\\SOFTWARE\\Vendor\\App\\apiKey': ['ArrSecretQ1'], 'HKLM\\SOFTWARE\\Vendor\\App\\Token': 'true', 'HKLM\\SOFTWARE\\Vendor\\App\\community': 12345 } } } as unknown as Snapshot;
    expect(JSON.stringify(redactSnapshot(s))).not.toMatch(/98765432101|ArrSecretQ1|"true"|12345/);
  });
});

describe('a private key split across CSV cells or lines', () => {
  // A key's PEM lines each in a cell of their own (an export's row), or pasted without its BEGIN line and first line.
  const pemLines = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().trim().split('\n');
  const body = pemLines.slice(1, -1);

  it('masks each body line alone, as a cell holds it', () => {
    for (const line of body.slice(0, -1)) expect(redactText(line)).toBe(REDACTED);
  });

  it('masks the body lines after a note, its BEGIN and first line lost', () => {
    const out = redactText(`pasted from the vendor's mail:\n${body.slice(1).join('\n')}\n${pemLines.at(-1)}`);
    for (const line of body.slice(1)) expect(out).not.toContain(line);
  });

  it.each(['C:\\Program Files\\Vendor\\aVeryLongFolderNameWithManyWordsInCamelCaseAndMore1234567890', 'a'.repeat(64), 'ab12'.repeat(16)])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});
