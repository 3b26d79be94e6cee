// Secrets reaching a report by paths the other secret tests do not try: a key that holds a pair,
// a secret an export states but ingest does not read (its copies elsewhere in the same collection),
// and a label ending a list item with its value on the next line.
import { describe, expect, it } from 'vitest';
import { diffSettings } from '../src/drift/settings.js';
import { ingestInputs } from '../src/ingest/index.js';
import { isUserError } from '../src/io/errors.js';
import { REDACTED, redactSnapshot, redactText } from '../src/snapshot/secrets.js';
import { readFileSync } from 'node:fs';
import type { Snapshot } from '../src/snapshot/types.js';
import { input, mr01Files, mr01NamedAs, mr01Text, utf16 } from './ingest/fixture-folder.js';

const LSA = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa';

describe('a secret in a key, not a value', () => {
  it('a registry value named "Password=…" is masked in its key, its provenance pointer and every copy; its neighbours stay', () => {
    const snap = {
      schemaVersion: '1.0',
      device: { id: 'MR-01' },
      hardening: { registry: { [`${LSA}\\Password=Kq7-rv2Lx9`]: 1, [`${LSA}\\LimitBlankPasswordUse`]: 1, [`${LSA}\\Password=hunter`]: 1 } },
      provenance: { [`/hardening/registry/${LSA}\\Password=Kq7-rv2Lx9`]: { file: 'reg-lsa.reg', location: 'line 16' } },
      coverage: [{ keys: [`${LSA}`], note: 'the note repeats Kq7-rv2Lx9' }],
    } as unknown as Snapshot;
    const out = redactSnapshot(snap) as unknown as { hardening: { registry: Record<string, unknown> }; provenance: Record<string, unknown> };
    const text = JSON.stringify(out);
    expect(text).not.toContain('Kq7-rv2Lx9');
    // A word of letters alone is masked in the key that holds it as a pair's value (not elsewhere: it may be a setting's word).
    expect(text).not.toContain('hunter');
    expect(out.hardening.registry[`${LSA}\\LimitBlankPasswordUse`]).toBe(1);
    // Three members in, three out: two keys masked alike keep their own members.
    expect(Object.keys(out.hardening.registry)).toHaveLength(3);
    expect(Object.keys(out.hardening.registry)).toContain(`${LSA}\\Password=${REDACTED}`);
    expect(Object.keys(out.provenance)).toEqual([`/hardening/registry/${LSA}\\Password=${REDACTED}`]);
  });
});

/** The MR-01 fixture as Windows writes it, with these files' texts replaced (UTF-16LE where Windows writes them so). */
function mr01With(edits: Record<string, Buffer | string>) {
  const files = mr01Files();
  for (const [name, bytes] of Object.entries(edits)) files.set(name, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  return [...files].map(([name, bytes]) => input(name, bytes));
}

describe('a secret an export states that the snapshot does not carry', () => {
  it('a vendor file\'s bind password, not read, is masked where the collection repeats it (the hostname)', () => {
    const vendor = JSON.parse(mr01Text('vendor-settings.json')) as { ldap: Record<string, unknown> };
    vendor.ldap.bindPassword = 'Mr01-Bind#77';
    // The console renamed to the secret in every file naming it (auditpol.csv and defender.json name it too).
    const manifest = mr01NamedAs('Mr01-Bind#77');
    const r = ingestInputs(mr01With({ 'vendor-settings.json': JSON.stringify(vendor), ...manifest }), 'mr-01');
    expect(JSON.stringify(r)).not.toContain('Mr01-Bind#77');
    expect(r.snapshot.device.hostname).toBe(REDACTED);
  });

  it('a name spelt with JSON escapes ("bind\\u0050assword") is a secret name, its copies masked too', () => {
    const vendor = mr01Text('vendor-settings.json').replace('"bindDn":', '"bind\\u0050assword": "Esc-4pe!Pw", "bindDn":');
    // The console renamed to the secret in every file naming it (auditpol.csv and defender.json name it too).
    const manifest = mr01NamedAs('Esc-4pe!Pw');
    const r = ingestInputs(mr01With({ 'vendor-settings.json': vendor, ...manifest }), 'mr-01');
    expect(JSON.stringify(r)).not.toContain('Esc-4pe!Pw');
  });

  it('a UTF-16 export (as Windows writes secedit.inf) is read for its secrets: a section no parser reads still states one', () => {
    const inf = mr01Text('secedit.inf').replace('[Event Audit]', '[Acme Ldap]\nBindPassword = Utf16-Pw#8\n[Event Audit]');
    // The console renamed to the secret in every file naming it (auditpol.csv and defender.json name it too).
    const manifest = mr01NamedAs('Utf16-Pw#8');
    const r = ingestInputs(mr01With({ 'secedit.inf': utf16(inf), ...manifest }), 'mr-01');
    expect(JSON.stringify(r)).not.toContain('Utf16-Pw#8');
  });

  it('a warning quoting a copy of a secret the snapshot holds in secedit\'s form (`…\\BindPassword=1,"…"`) masks it', () => {
    const inf = mr01Text('secedit.inf')
      .replace('[Registry Values]', '[Registry Values]\nMACHINE\\Software\\Acme\\Ldap\\BindPassword=1,"Utf16-Pw#9"')
      .replace('ClearTextPassword = 0', 'ClearTextPassword = 0\nMinimumPasswordLength = Utf16-Pw#9');
    let told = '';
    try {
      const r = ingestInputs(mr01With({ 'secedit.inf': utf16(inf) }), 'mr-01');
      // The snapshot is redacted as every reader reads it (readSnapshot); the warnings are told as they are.
      told = JSON.stringify({ ...r, snapshot: redactSnapshot(r.snapshot) });
    } catch (e) {
      if (!isUserError(e)) throw e;
      told = e.message;
    }
    expect(told).toContain('MinimumPasswordLength');
    expect(told).not.toContain('Utf16-Pw#9');
  });
});

describe('a label ending a list item, its value on the next line', () => {
  it('"TOTP; password:" then the password on the next line is masked, as it is first on its line; prose ending "the password:" stays', () => {
    expect(redactText('TOTP; password:\nNxt-L1ne9')).toBe(`TOTP; password:\n${REDACTED}`);
    expect(redactText('method=TOTP; Password:\r\n  Nxt-L1ne9')).not.toContain('Nxt-L1ne9');
    expect(redactText('Please type the password:\nthen press Enter')).toBe('Please type the password:\nthen press Enter');
    expect(redactText('TOTP; password:\nUser: svc')).toBe('TOTP; password:\nUser: svc');
    // A label of two words alone on its line ("Bind Password:", "temp pw:") too; a sentence's last words still not.
    expect(redactText('LDAP account\nBind Password:\n  Nxt-L1ne9\nUser: svc')).toBe(`LDAP account\nBind Password:\n  ${REDACTED}\nUser: svc`);
    expect(redactText('temp pw:\r\nNxt-L1ne9')).not.toContain('Nxt-L1ne9');
    expect(redactText('Call the vendor to reset the password:\nthey answer in a day')).toBe('Call the vendor to reset the password:\nthey answer in a day');
    expect(redactText('Password required:\n  Yes')).toBe('Password required:\n  Yes');
  });
});

describe('diff: a secret of one side stated plainly by the other', () => {
  const sample = (): Snapshot => JSON.parse(readFileSync(new URL('../samples/MR-01/MR-01_2026-11-02.json', import.meta.url), 'utf8')) as Snapshot;
  // No check's reads (diffSettings lists the checks a change can move: none here, the rows are what is asserted).
  const ctx = { readsByCheck: new Map<string, string[]>(), checks: [] };
  const located = (where: string, bind?: string): Snapshot => {
    const s = sample() as unknown as { device: { location: string }; access: { ldap: Record<string, unknown> } };
    s.device.location = where;
    if (bind === undefined) delete s.access.ldap.bindPassword;
    else s.access.ldap.bindPassword = bind;
    return s as unknown as Snapshot;
  };
  it('OLD\'s bind password moved into NEW\'s location (and the other way round) is masked in the setting rows', () => {
    const moved = diffSettings(redactSnapshot(located('Room 1', 'Mv-0ld#Pw5')), redactSnapshot(located('Mv-0ld#Pw5')), ctx);
    expect(JSON.stringify(moved)).not.toContain('Mv-0ld#Pw5');
    const row = moved.find((c) => c.path === 'device.location');
    expect(row).toMatchObject({ kind: 'changed', old: 'Room 1', new: REDACTED });
    const back = diffSettings(redactSnapshot(located('Mv-0ld#Pw5')), redactSnapshot(located('Room 1', 'Mv-0ld#Pw5')), ctx);
    expect(JSON.stringify(back)).not.toContain('Mv-0ld#Pw5');
  });
});
