// Vectors sec18 left open: an SNMP community on a device's configuration line whatever its form
// ("snmp-server community public RO": a letters-only community is still the password), a URL's
// token userinfo under 12 characters ("https://ab12cd34@host/"), a password's label in Turkish,
// Greek, Arabic, Hebrew and Italian. Each kept its value in evidence copies and the store. A count of
// what is configured ("community: 2 configured") is a setting and stays visible, as do the settings
// the earlier tests keep.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSnapshot, redactText } from '../src/snapshot/secrets.js';
import type { Snapshot } from '../src/snapshot/types.js';

describe('an SNMP community on a configuration line, whatever its form', () => {
  it.each([
    ['snmp-server community public RO', 'public'],
    ['snmp-server community Xyz RW', 'Xyz'],
    ['snmp-server community "public" Unrestricted', 'public'],
    ['set snmp community Xyz authorization read-only', 'Xyz'],
    ['snmp-agent community read cipher Xyz', 'Xyz'],
    ['rocommunity public default', 'public'],
    ['rwcommunity Xyz 10.0.0.0/8', 'Xyz'],
    ['interface Gi0/1\n snmp-server community Xyz RO 10\n', 'Xyz'],
    ['switch sw-03 has snmp-server community Xyz RO', 'Xyz'],
  ])('masks the community of %j', (text, community) => {
    const out = redactText(text);
    expect(out).toContain(REDACTED);
    expect(out.split(/[\s"]+/)).not.toContain(community);
  });

  it('masks the value where JSON and the Windows SNMP registry name it', () => {
    expect(redactText('{"snmp": {"community": "public"}}')).not.toContain('public');
    const s = { schemaVersion: '1.0', device: { id: 'X-1' }, collectedAt: '2026-11-02T10:00:00Z', hardening: { registry: {
      'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\ValidCommunities\\Xyz': 4,
    } } } as unknown as Snapshot;
    expect(JSON.stringify(redactSnapshot(s))).not.toContain('Xyz');
  });

  it.each([
    'community: 2 configured',
    'SNMP communities: none defined',
    'the snmp community of practice meets monthly',
    'Password length: 14',
    'Password (PACS): Yes',
  ])('leaves the setting or prose %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("a URL's userinfo token under 12 characters", () => {
  it.each(['https://ab12cd34@host/', 'git clone https://x7k2m9q@git.example/org/repo.git'])('masks the token of %j', (text) => {
    const out = redactText(text);
    expect(out).toContain(`//${REDACTED}@`);
  });

  it.each(['https://svc01@host/', 'https://user2024@host/x', 'ssh://git@host/repo', 'https://anonymous@host/'])('leaves the user name of %j', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it.each([
    'ldap://admin:Qw7zxp@dc.hosp/', 'ldaps://admin:Qw7zxp@dc.hosp/', 'smb://svc:Qw7zxp@fs/share', 'sftp://svc:Qw7zxp@fs/x',
    'jdbc:postgresql://svc:Qw7zxp@db:5432/pacs', 'https://h/api?password=Qw7zxp&x=1', 'https://h/api?token=Qw7zxp', 'Server=x;Password=Qw7zxp;',
  ])('masks the password of %j (as before)', (text) => {
    expect(redactText(text)).not.toContain('Qw7zxp');
  });
});

describe("a password's label in Turkish, Greek, Arabic, Hebrew and Italian", () => {
  const SECRET = 'Wq4Zt9Lm2x';
  it.each(['şifre: %', 'ŞİFRE: %', 'κωδικός: %', 'ΚΩΔΙΚΟΣ: %', 'Κωδικός πρόσβασης: %', 'كلمة المرور: %', 'كلمة السر: %', 'סיסמה: %', "parola d'ordine: %", 'Parola d’ordine: %',
    'wachtwoord: %', 'lösenord: %', 'senha: %'])('masks the value of %j', (form) => {
    const out = redactText(form.replace('%', SECRET));
    expect(out).not.toContain(SECRET);
    expect(out).toContain(REDACTED);
  });

  it.each(['Parola: evidenza', 'ordine: 3', 'şifre: Yes', 'Şifre uzunluğu: 14'])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});
