// Secrets the text rules did not read: a password's label in a language outside Western Europe's
// ("пароль: X", "パスワード：X", "Hasło: X") or a non-ASCII name before "=" ("contraseña=X"), German's
// "Geheimnis", French "Clé privée"; a URL whose userinfo is a token alone ("https://TOKEN@host");
// network devices' "enable secret 5 …" / "username x password 7 …"; a .pgpass line. Each reached the
// evidence copies and the store. Settings, user names, times and prose stay visible.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSnapshot, redactText } from '../src/snapshot/secrets.js';
import type { Snapshot } from '../src/snapshot/types.js';

const SECRET = 'Wq4Zt9Lm2x';

describe('secret labels in other languages and scripts', () => {
  it.each([
    'Clé privée: %',
    'Geheimnis: %',
    'contraseña=%',
    'Contraseña = %',
    'パスワード: %',
    'パスワード：%',
    'пароль: %',
    'Пароль администратора: %',
    'Hasło: %',
    '密码: %',
    '비밀번호: %',
    'Kennung/Passwort: admin/%',
    'Paßwort: %',
  ])('masks the value of %j', (form) => {
    const out = redactText(form.replace('%', SECRET));
    expect(out).not.toContain(SECRET);
    expect(out).toContain(REDACTED);
  });

  it.each([
    'Password length: 14',
    'Password (PACS): Yes',
    'пароль: Yes',
    'Минимальная длина пароля: 14',
    'Clé publique: AAAAB3NzaC1yc2E',
    'Geheimnisprinzip: Vertraulichkeit',
  ])('leaves the setting or the public value %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('a token as a URL\'s whole userinfo', () => {
  it('is masked when it has letters and digits and 12 characters or more; a user name stays', () => {
    expect(redactText(`git clone https://${SECRET}tok@git.example/org/repo.git`)).toBe(`git clone https://${REDACTED}@git.example/org/repo.git`);
    expect(redactText(`git+https://user:${SECRET}@git.example/x.git`)).toBe(`git+https://user:${REDACTED}@git.example/x.git`);
    expect(redactText(`smb://svc:${SECRET}@nas/share`)).toBe(`smb://svc:${REDACTED}@nas/share`);
    for (const t of ['ssh://git@github.com/org/repo.git', 'ftp://anonymous@ftp.example/pub', 'https://svc_pacs_backup@host/x']) expect(redactText(t)).toBe(t);
  });
});

describe('network device configuration lines and .pgpass', () => {
  it.each([
    ['enable secret 5 $1$Wq4Z$t9Lm2xabcd', 'enable secret 5 %'],
    ['enable password 0 cisco', 'enable password 0 %'],
    ['username admin password 7 0822455D0A16Wq4Z', 'username admin password 7 %'],
    ['username admin privilege 15 secret 9 $9$Wq4Zt9Lm2x', 'username admin privilege 15 secret 9 %'],
    ['tacacs-server key 7 0822455D0A16', 'tacacs-server key 7 %'],
    ['db.example:5432:pacs:pacsuser:Wq4Zt9Lm2x', 'db.example:5432:pacs:pacsuser:%'],
    ['*:*:*:replicator:pw\\:with\\:colons', '*:*:*:replicator:%'],
  ])('masks the secret of %j', (text, shown) => {
    expect(redactText(text)).toBe(shown.replace('%', REDACTED));
  });

  it.each(['Maximum password 7 days', 'collected 2026-11-02 09:21:00', 'MAC 00:1a:2b:3c:4d:5e', 'at 12:30:45:10:22'])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('masks every copy of a secret found so in a snapshot', () => {
    const snap = {
      schemaVersion: '1.0',
      device: { id: 'MR-01', location: `rack 3 (${SECRET})` },
      coverage: [{ scope: 'x', source: 'pgpass', note: `backup.example:5432:pacs:pacs:${SECRET}` }, { scope: 'y', source: 'ios', note: 'пароль: Zr8-Kq2Lx7' }],
      provenance: { '/device/location': { file: 'a.txt', location: 'Zr8-Kq2Lx7 line 3' } },
    } as unknown as Snapshot;
    const text = JSON.stringify(redactSnapshot(snap));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('Zr8-Kq2Lx7');
    expect(text).toContain('rack 3');
  });
});
