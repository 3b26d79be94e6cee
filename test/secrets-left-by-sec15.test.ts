// Secrets sec15 left: a label of several words alone on its line, keys under a secret container
// named by a message, a location cut through its mask, and the reason a masked copy gives.
import { describe, expect, it } from 'vitest';
import { cell } from '../src/drift/markdown.js';
import { ingestInputs } from '../src/ingest/index.js';
import { shown } from '../src/report/monitoring/document.js';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';
import { input, mr01Files, mr01Text } from './ingest/fixture-folder.js';
import { userErrorOf } from './support/user-error.js';

describe('a label of several words alone on its line, the value on the next', () => {
  it('is masked when the line reads as a label; a sentence ending in "password:" stays', () => {
    expect(redactText('LDAP bind password:\nS3cr3t-1')).toBe(`LDAP bind password:\n${REDACTED}`);
    expect(redactText('Service account password for PACS:\r\n  S3cr3t-2\r\nUser: svc')).toBe(`Service account password for PACS:\r\n  ${REDACTED}\r\nUser: svc`);
    expect(redactText('Notes; Admin password of svc:\nS3cr3t-3')).not.toContain('S3cr3t-3');
    expect(redactText('Enter new password:\nS3cr3t-4')).not.toContain('S3cr3t-4');
    // Prose: an article, a pronoun or "to" makes the line a sentence.
    for (const prose of ['Call the vendor to reset the password:\nthey answer in a day', 'If you forget your password:\ncall us', 'To change the service password for PACS:\nopen the console', 'reset the password:\nsee the manual']) {
      expect(redactText(prose)).toBe(prose);
    }
    // A setting about the password, named as a label, is evidence.
    expect(redactText('Password required for PACS:\n  Yes')).toBe('Password required for PACS:\n  Yes');
    expect(redactText('Minimum password length for PACS:\n  14')).toBe('Minimum password length for PACS:\n  14');
    // A long line is no label.
    expect(redactText('Remote service engineers log on with a shared password:\nit rotates monthly')).toBe('Remote service engineers log on with a shared password:\nit rotates monthly');
  });
});

describe('a key under a secret container, named by a message', () => {
  it('the key after a secret name in a quoted key path is masked; a path without one stays', () => {
    expect(redactText('unknown key "ldap.passwords.S3cr3t-21" (see docs/ingest.md)')).toBe(`unknown key "ldap.passwords.${REDACTED}" (see docs/ingest.md)`);
    expect(redactText('unknown key "secrets[S3cr3t-22].role"')).toBe(`unknown key "secrets[${REDACTED}].role"`);
    expect(redactText('at "/vendor/credentials/S3cr3t-23/user"')).not.toContain('S3cr3t-23');
    expect(redactText('unknown key "ldap.bindPassword" (see docs/ingest.md)')).toBe('unknown key "ldap.bindPassword" (see docs/ingest.md)');
    expect(redactText('unknown key "users[radtech].role"')).toBe('unknown key "users[radtech].role"');
    expect(redactText('unknown key "access.passwordPolicy.local.minLength"')).toBe('unknown key "access.passwordPolicy.local.minLength"');
  });
});

describe('ingest: an unknown key under a secret container in the vendor file', () => {
  it('is refused with a message that names the container, not the key', () => {
    const vendor = JSON.parse(mr01Text('vendor-settings.json')) as { ldap: Record<string, unknown> };
    vendor.ldap.passwords = { 'S3cr3t-24': 'svc' };
    const told = userErrorOf(() => ingestInputs([...mr01Files()].map(([name, bytes]) => input(name, name === 'vendor-settings.json' ? Buffer.from(JSON.stringify(vendor, null, 1)) : bytes)), 'mr-01')).message;
    expect(told).toContain('ldap.passwords');
    expect(told).not.toContain('S3cr3t-24');
  });
});

describe('a pair quoted whole, punctuation after its closing quote', () => {
  it('keeps its closing quote: the mask ends the value, not the location', () => {
    expect(redactText('[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa] "Password=S3cr3t-31", line 16')).toBe(`[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa] "Password=${REDACTED}", line 16`);
    expect(redactText('user "svc" with "Password=S3cr3t 32"; port 389')).toBe(`user "svc" with "Password=${REDACTED}"; port 389`);
    expect(redactText('the note (pwd=S3cr3t 33).')).toBe(`the note (pwd=${REDACTED}).`);
    expect(redactText('got \\"pwd=S3cr3t-34\\", then')).toBe(`got \\"pwd=${REDACTED}\\", then`);
  });
});

describe('a shortened value never cuts a mask', () => {
  it('drift.md\'s cell and the monitoring PDF\'s value drop a mask the cut would split, whole', () => {
    const value = `${'x'.repeat(150)} Password=${REDACTED} and more`;
    const md = cell(value);
    expect(md.endsWith('…')).toBe(true);
    // The cell escapes "[" and "]": what is left of the mask, if anything, is all of it.
    expect(md).not.toMatch(/\\\[REDAC(?!TED\\\])/);
    const pdf = shown(`${'y'.repeat(295)}${REDACTED}`);
    expect(pdf).toBe(`${'y'.repeat(295)}…`);
    expect(shown(`${'y'.repeat(280)}${REDACTED}`)).toBe(`${'y'.repeat(280)}${REDACTED}`);
  });
});
