// A secret's label with a qualifier or in another language ("Password (PACS): X", "PW for AD bind - X",
// "Kennwort: X", "mot de passe : X") kept its value: the pair rule read only the word right before ":"
// ("(PACS)" is no name at all, "bind" names nothing secret) and knew only English words. Now a label
// first on its line is judged as one alone on its line is (the words before its qualifier), a dash
// separates a label from a password-looking word, and a password's words in German, French, Dutch,
// Spanish, Portuguese and the Nordic languages are secret names. Settings and sentences stay.
import { describe, expect, it } from 'vitest';
import { isSecretName, redactSnapshot, redactText, REDACTED } from '../src/snapshot/secrets.js';
import type { Snapshot } from '../src/snapshot/types.js';

const SECRET = 'Zq7Lbl-4242x';

describe('a secret label with a qualifier, a dash or in another language', () => {
  it.each([
    'Password (PACS): %',
    'Password [service]: %',
    'PW for AD bind: %',
    'PW for AD bind - %',
    'Password for PACS = %',
    'Password \u2014 %',
    'Pass phrase: %',
    'PIN (badge): %',
    'Note: rotated; Password (PACS): %; next',
    'Password (PACS):\n  %',
    'Kennwort: %',
    'Passwort=%',
    'mot de passe : %',
    'Contraseña: %',
    'senha: %',
    'wachtwoord: %',
  ])('masks the value of %j', (form) => {
    const out = redactText(form.replace('%', SECRET));
    expect(out).not.toContain(SECRET);
    expect(out).toContain(REDACTED);
  });

  it.each([
    'Password (PACS): Yes',
    'Password complexity (GPO): Enabled',
    'Minimum password length (characters): 14',
    'Password for admins: must be 15 characters',
    'Password last set: 2026-01-01',
    'Checks pass: 12 of 12',
    'Test pass - Win11-23H2',
    'Password - see vault',
    'Password expires - never',
    'logon password stored = false (no DefaultPassword value)',
  ])('keeps a setting or a sentence: %j', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('a password\'s word in another language names a secret; its settings stay settings', () => {
    for (const name of ['Kennwort', 'BindKennwort', 'Passwort', 'motDePasse', 'Contraseña', 'senha', 'wachtwoord', 'lösenord', 'passord', 'salasana']) expect(isSecretName(name), name).toBe(true);
    for (const name of ['MinimumKennwortLength', 'KennwortPolicy', 'Hasenhaus', 'sensor']) expect(isSecretName(name), name).toBe(false);
  });

  it('the value found under such a label is masked in every other field of the snapshot', () => {
    const s = {
      schemaVersion: '1',
      device: { id: 'MR-09', kind: 'mri', location: `Room 2\nPassword (PACS): ${SECRET}`, hostname: 'mr09' },
      access: { logonBanner: { caption: 'Notice', text: `call support, quote ${SECRET}` } },
    } as unknown as Snapshot;
    expect(JSON.stringify(redactSnapshot(s))).not.toContain(SECRET);
  });
});
