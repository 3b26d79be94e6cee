// sec29's end-to-end cases: secrets planted in a sample snapshot's registry values, in forms the masking kept before
// sec29, must reach no byte `assess` writes and no message; the text around each mask stays. The built CLI is run
// as a user would (dist/ built).
import { describe, expect, it } from 'vitest';
import { plantedRegistry } from './support/planted-registry.js';

const { snapshotWith, assessed } = plantedRegistry('sec29-e2e');

describe('a quoted value that runs on past its closing quote', () => {
  it("text right after the close, and a doubled quote's escape, reach no output; the pair after the value stays", () => {
    const base = snapshotWith({
      Note1: 'Password: "Zq29a"Zq29tail01',
      Note2: "pwd='Zq29b'Zq29tail02",
      Note3: 'Server=db;Password="Zq29c""Zq29tail03";Uid=sa',
      Note4: "Password: 'Zq29d''Zq29tail04'",
      Note5: 'run.exe --password "Zq29e"Zq29tail05 --verbose',
    });
    const { written, said } = assessed(base);
    for (const tail of ['Zq29tail01', 'Zq29tail02', 'Zq29tail03', 'Zq29tail04', 'Zq29tail05']) expect(written + said).not.toContain(tail);
    expect(written).toContain('Server=db;Password=[REDACTED];Uid=sa');
    expect(written).toContain('run.exe --password [REDACTED] --verbose');
  });
});

describe("a password's hash named with a setting's word, and a directory attribute holding one", () => {
  it("reach no output; the policy's own settings beside them stay", () => {
    const base = snapshotWith({
      Note6: 'PasswordHash=7a21990fcd3d759941e45c490f143d5e',
      Note7: 'svc ntPwdHistory: 0f1e2d3c4b5a69788796a5b4c3d2e1f1',
      Note8: 'The NT hash of svc is 1f1e2d3c4b5a69788796a5b4c3d2e1f2',
      Note9: 'NoLMHash = 1; PasswordHistorySize = 24',
    });
    const { written, said } = assessed(base);
    for (const hash of ['7a21990fcd3d759941e45c490f143d5e', '0f1e2d3c4b5a69788796a5b4c3d2e1f1', '1f1e2d3c4b5a69788796a5b4c3d2e1f2']) expect(written + said).not.toContain(hash);
    expect(written).toContain('svc ntPwdHistory: [REDACTED]');
    expect(written).toContain('NoLMHash = 1; PasswordHistorySize = 24');
  });
});

describe("a label above its value, a user's name beside it", () => {
  it("a PIN of digits under its label reaches no output, as beside its label; the label and the user stay", () => {
    const base = snapshotWith({ Note10: 'Service login\nUser: svc-pacs\nPassword:\n947', Note11: 'User: svc-ris\nPIN (door):\n58' });
    const { written } = assessed(base);
    expect(written).toContain('User: svc-pacs\\nPassword:\\n[REDACTED]');
    expect(written).toContain('User: svc-ris\\nPIN (door):\\n[REDACTED]');
    // Whatever a format writes a line break as: JSON's "\\n", a text's own.
    expect(written).not.toMatch(/Password:(?:\\n|\r?\n)947/);
    expect(written).not.toMatch(/\(door\):(?:\\n|\r?\n)58/);
  });
});

describe('a DPAPI blob', () => {
  it("a PSCredential saved by Export-Clixml and an .rdp file's saved password reach no output; the user stays", () => {
    const blob = '01000000d08c9ddf0115d1118c7a00c04fc297eb01000000c0ffee29dd0a1b2c3d4e5f60718293a4b5c6';
    const base = snapshotWith({
      Note12: `<Props><S N="UserName">HOSP\\svc-pacs</S><SS N="Password">${blob}</SS></Props>`,
      Note13: `full address:s:pacs01\npassword 51:b:${blob.toUpperCase()}`,
    });
    const { written, said } = assessed(base);
    for (const t of ['c0ffee29dd0a1b2c3d4e5f', 'C0FFEE29DD0A1B2C3D4E5F']) expect(written + said).not.toContain(t);
    expect(written).toContain('svc-pacs');
  });
});

describe("PowerShell's CLIXML", () => {
  it('a password property named by its N attribute reaches no output; the user and a policy switch beside it stay', () => {
    const base = snapshotWith({ Note14: '<Props><S N="UserName">svc-ris</S><S N="Password">Zq29Clixml</S><B N="PasswordNeverExpires">true</B></Props>' });
    const { written, said } = assessed(base);
    expect(written + said).not.toContain('Zq29Clixml');
    expect(written).toContain('<S N=\\"Password\\">[REDACTED]</S><B N=\\"PasswordNeverExpires\\">true</B>');
  });
});
