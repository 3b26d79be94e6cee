// A CSV table whose header names a password's column (a roster, an export, an attestation's evidence file): before
// sec28 only the first row under such a header was masked, whole (the user's name with it), and only when the column
// was the header's last; other rows, other positions, quoted and tab- or ';'-separated tables kept the password. Each
// case asserts which cells are masked and which stay.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAttestationsFile } from '../src/attest/attestations.js';
import { REDACTED, redactText } from '../src/snapshot/secrets.js';
import { userErrorOf } from './support/user-error.js';

const R = REDACTED;

describe("a CSV header naming a password's column: that column's cells masked in every row, the others kept", () => {
  it.each([
    ['the last column, two rows', 'Name,Password\nsvc,Zq7Winter26\nbob,Kx9Summer25\n', `Name,Password\nsvc,${R}\nbob,${R}\n`],
    ['the middle column', 'Name,Password,Role\nsvc,Zq7Winter26,admin\n', `Name,Password,Role\nsvc,${R},admin\n`],
    ['the first column', 'Password,Name\nZq7Winter26,svc\n', `Password,Name\n${R},svc\n`],
    ['quoted cells, a comma inside one', '"Name","Password","Note"\r\n"svc","Zq7,Winter26","a, b"\r\n', `"Name","Password","Note"\r\n"svc","${R}","a, b"\r\n`],
    ['a quoted cell with a doubled quote and a line break', '"User","Password","Role"\n"svc","Zq7""Win\nter26","ops"\n', `"User","Password","Role"\n"svc","${R}","ops"\n`],
    ["';' between cells (a German Excel)", 'Benutzer;Kennwort;Rolle\nsvc;Zq7Winter26;ops\n', `Benutzer;Kennwort;Rolle\nsvc;${R};ops\n`],
    ['tabs between cells', 'Account\tBind Password\tHost\nsvc\tZq7Winter26\tldap01\n', `Account\tBind Password\tHost\nsvc\t${R}\tldap01\n`],
    ['a qualified header cell', 'Name,Password (PACS),Site\nsvc,Zq7Winter26,MR suite\n', `Name,Password (PACS),Site\nsvc,${R},MR suite\n`],
    ['two secret columns', 'User,Password,PIN\nsvc,Zq7Winter26,4821\n', `User,Password,PIN\nsvc,${R},${R}\n`],
    // An unquoted comma in a cell: each cell the password could have moved to is masked, the user's name before it kept.
    ['a row with an unquoted comma', 'Name,Password,Role\nsvc,Zq7,Winter26,admin\n', `Name,Password,Role\nsvc,${R},${R},admin\n`],
    ['a short row', 'Name,Password,Role,Site\nsvc,Zq7Winter26,ops\n', `Name,Password,Role,Site\nsvc,${R},${R}\n`],
  ])('%s', (_what, text, want) => {
    const out = redactText(text);
    for (const secret of ['Zq7', 'Winter26', 'Kx9Summer25', '4821']) expect(out).not.toContain(secret);
    expect(out).toBe(want);
  });

  it.each([
    ['a byte order mark before the header (Export-Csv in UTF-8)', '\uFEFFName,Password\r\nsvc,Zq7Winter26\r\n', `\uFEFFName,Password\r\nsvc,${R}\r\n`],
    ['blanks between quoted cells', '"Name", "Password", "Role"\n"svc", "Zq7Winter26", "ops"\n', `"Name", "Password", "Role"\n"svc", "${R}", "ops"\n`],
    ["'|' between cells", 'Name|Password|Role\nsvc|Zq7Winter26|ops\n', `Name|Password|Role\nsvc|${R}|ops\n`],
    ['a Markdown table, its rule row kept', '| Name | Password |\n|---|:---:|\n| svc | Zq7Winter26 |\n| bob | true |\n', `| Name | Password |\n|---|:---:|\n| svc | ${R} |\n| bob | true |\n`],
  ])('%s', (_what, text, want) => {
    const out = redactText(text);
    expect(out).not.toContain('Winter26');
    expect(out).toBe(want);
  });

  it("keeps a switch's data in the column (a flag), as after every password word; a PIN's digits are masked", () => {
    expect(redactText('Name,Password\nsvc,true\nbob,false\n')).toBe('Name,Password\nsvc,true\nbob,false\n');
    expect(redactText('Name,Password,Role\nsvc,Enabled,ops\n')).toBe('Name,Password,Role\nsvc,Enabled,ops\n');
    expect(redactText('Name,PIN\nsvc,482913\nbob,true\n')).toBe(`Name,PIN\nsvc,${R}\nbob,true\n`);
  });

  it('ends the table at a blank line or a line of one cell; text after it is read as ever', () => {
    expect(redactText('Name,Password\nsvc,Zq7Winter26\n\nNotes, kept as written\n')).toBe(`Name,Password\nsvc,${R}\n\nNotes, kept as written\n`);
    // A label ending a longer line after ',' over a value alone on the next (8919e89) is still masked.
    expect(redactText('Radiology, Building B, MR suite 1 password\nZq7Winter26\n')).toBe(`Radiology, Building B, MR suite 1 password\n${R}\n`);
  });

  it.each([
    'Name,PasswordRequired,PasswordExpires,PasswordLastSet\nsvc,True,12/1/2026,11/2/2026 9:00:00 AM\n',
    'Check,Pass,Fail\nMR-01,12,3\n',
    'MinimumPasswordLength,PasswordComplexity\n14,1\n',
    '  const x = password(a); b\n  });\n',
    '- the password, token and key columns\n- are masked, as written\n',
    '| Name | Role |\n|---|---|\n| svc | admin |\n', 'ls | grep password\n| awk x | y\n',
  ])('leaves %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("an attestation's evidence file that is such a CSV", () => {
  const setup = (content: string): string => {
    const root = mkdtempSync(join(tmpdir(), 'ato-csvsecret-'));
    writeFileSync(join(root, 'roster.csv'), content);
    writeFileSync(join(root, 'attestations.yaml'), 'attestations:\n  - control: at-2\n    statement: Every user completed the course.\n    who: { name: Dana Whitfield, role: ISSO }\n    when: 2026-09-15\n    expires: 2027-09-14\n    method: EXAMINE\n    evidence: "roster.csv"\n    reviewed-by: { name: Tomas Ibarra, role: Assessor, when: 2026-10-01 }\n');
    return root;
  };
  it('is refused when a row below the first holds a password, naming that line, not quoting it', () => {
    const root = setup('Name,Password,Completed\nann,true,2026-09-01\nsvc,Zq7Winter26,2026-09-02\n');
    try {
      const e = userErrorOf(() => loadAttestationsFile(join(root, 'attestations.yaml'), () => true, '2026-11-02'));
      expect(e.message).toMatch(/holds what reads as a secret on its line 3 /);
      expect(e.message).not.toContain('Zq7Winter26');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  it("is accepted when the column holds a switch's data only (the users' names were read as secrets before)", () => {
    const root = setup('Name,Password,Completed\nann,true,2026-09-01\nsvc,false,2026-09-02\n');
    try {
      expect(loadAttestationsFile(join(root, 'attestations.yaml'), () => true, '2026-11-02')).toHaveLength(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
