// Windows' SNMP service keeps each community as a registry NAME, not as data: the value
// "…\SNMP\Parameters\ValidCommunities\<community>" = 4 (read-only) and the subkey
// "…\SNMP\Parameters\TrapConfiguration\<community>" holding the trap destinations. Masking the
// data alone left the community in the snapshot's keys, its provenance and every copy (evidence,
// store, drift). The managers, the destinations and Group Policy's index names stay visible.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSnapshot, redactText, secretFingerprint } from '../src/snapshot/secrets.js';
import type { Snapshot } from '../src/snapshot/types.js';

const SNMP = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters';

function snapshot(community: string): Snapshot {
  return {
    schemaVersion: 1,
    device: { id: 'MR-01' },
    hardening: {
      registry: {
        [`${SNMP}\\ValidCommunities\\${community}`]: 4,
        [`${SNMP}\\ValidCommunities\\snmp5`]: 8,
        [`${SNMP}\\TrapConfiguration\\${community}\\1`]: '10.9.8.7',
        [`${SNMP}\\PermittedManagers\\1`]: '10.20.30.40',
        [`${SNMP}\\EnableAuthenticationTraps`]: 1,
        'HKLM\\SOFTWARE\\Policies\\SNMP\\Parameters\\ValidCommunities\\1': 'GpoComm77x',
      },
    },
    firewall: { profiles: [{ name: 'public', enabled: true }] },
    provenance: {
      [`/hardening/registry/${SNMP}\\ValidCommunities\\${community}`]: {
        file: 'reg-snmp.reg',
        location: `[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\ValidCommunities] "${community}", line 4`,
      },
    },
    coverage: [{ keys: [`${SNMP}\\TrapConfiguration\\${community}`, `${SNMP}\\ValidCommunities`] }],
  } as unknown as Snapshot;
}

describe('registry names that are secrets (SNMP communities)', () => {
  it('are masked in keys, provenance and texts of a snapshot; every value keeps its own member; neighbours stay', () => {
    const out = redactSnapshot(snapshot('Qz7commZ')) as unknown as { hardening: { registry: Record<string, unknown> } };
    const text = JSON.stringify(out);
    expect(text).not.toContain('Qz7commZ');
    // Shorter than a copied secret (6 characters): masked as a name all the same.
    expect(text).not.toContain('snmp5');
    expect(text).not.toContain('GpoComm77x');
    const keys = Object.keys(out.hardening.registry);
    // Six values in, six out: two masked names do not overwrite each other.
    expect(keys).toHaveLength(6);
    expect(keys).toContain(`${SNMP}\\ValidCommunities\\${REDACTED}`);
    expect(out.hardening.registry[`${SNMP}\\TrapConfiguration\\${REDACTED}\\1`]).toBe('10.9.8.7');
    expect(out.hardening.registry[`${SNMP}\\PermittedManagers\\1`]).toBe('10.20.30.40');
    expect(out.hardening.registry[`${SNMP}\\EnableAuthenticationTraps`]).toBe(1);
    // Group Policy's form: the name is an index and stays, its data is the community and is masked.
    expect(out.hardening.registry['HKLM\\SOFTWARE\\Policies\\SNMP\\Parameters\\ValidCommunities\\1']).toBe(REDACTED);
    expect(text).toContain(JSON.stringify(`${SNMP}\\ValidCommunities`));
  });

  it('a community that is an ordinary word is masked as a name only, not wherever the word appears', () => {
    const text = JSON.stringify(redactSnapshot(snapshot('public')));
    expect(text).not.toContain('ValidCommunities\\\\public');
    expect(text).toContain('"name":"public"');
  });

  it('a community replaced is a change drift can tell, though both read [REDACTED]', () => {
    const key = `${SNMP}\\ValidCommunities\\${REDACTED}`;
    const a = (redactSnapshot(snapshot('Qz7commZ')) as unknown as { hardening: { registry: object } }).hardening.registry;
    const b = (redactSnapshot(snapshot('Qz8other')) as unknown as { hardening: { registry: object } }).hardening.registry;
    expect(secretFingerprint(a, key)).toBeDefined();
    expect(secretFingerprint(a, key)).not.toBe(secretFingerprint(b, key));
  });

  it('are masked in .reg and reg query text (a message, a note) by the key line above them', () => {
    const reg = `[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\ValidCommunities]\r\n"Qz7commZ"=dword:00000004\r\n"1"=dword:00000004\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\PermittedManagers]\r\n"1"="10.20.30.40"\r\n`;
    const r = redactText(reg);
    expect(r).not.toContain('Qz7commZ');
    expect(r).toContain(`"${REDACTED}"=`);
    expect(r).toContain('"1"="10.20.30.40"');
    const q = `HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\ValidCommunities\n    Qz7commZ    REG_DWORD    0x4\n\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\n    EnableAuthenticationTraps    REG_DWORD    0x1\n`;
    const rq = redactText(q);
    expect(rq).not.toContain('Qz7commZ');
    expect(rq).toContain('EnableAuthenticationTraps    REG_DWORD    0x1');
    expect(redactText(`${SNMP}\\TrapConfiguration\\Qz7commZ: two files disagree`)).toBe(`${SNMP}\\TrapConfiguration\\${REDACTED}: two files disagree`);
  });
});

describe('an SNMP community named in prose with its form ("community string")', () => {
  it('is masked as a password said so is; ordinary prose about a community stays', () => {
    const masked: Array<[string, string]> = [
      ['snmp community string is Zk8pub77', `snmp community string is ${REDACTED}`],
      ['SNMP community string Zk8pub77', `SNMP community string ${REDACTED}`],
      ['SNMP community string set to Zk8pub77', `SNMP community string set to ${REDACTED}`],
      ['the snmp community string is public', `the snmp community string is ${REDACTED}`],
      ['SNMP community name is Zk8pub77', `SNMP community name is ${REDACTED}`],
      ['the password value is Zk8pw!77', `the password value is ${REDACTED}`],
    ];
    for (const [text, want] of masked) expect(redactText(text), text).toBe(want);
    for (const t of [
      'the user community is informed of changes', 'the community of practice meets monthly', 'community strings is maintained',
      'the community string was changed', 'SecretName is db-main', 'the community string is required',
    ]) expect(redactText(t), t).toBe(t);
  });
});

describe("a service's or scheduled task's command line", () => {
  it('masks a secret switch written "/pass:X", and one that opens a task\'s <Arguments>, up to its end tag; neighbours stay', () => {
    expect(redactText('"C:\\Vendor\\agent.exe" /pass:Zk8pw!1 /port:5')).toBe(`"C:\\Vendor\\agent.exe" /pass:${REDACTED} /port:5`);
    expect(redactText('<Exec><Command>agent.exe</Command><Arguments>--password Zk8pw!1</Arguments></Exec>'))
      .toBe(`<Exec><Command>agent.exe</Command><Arguments>--password ${REDACTED}</Arguments></Exec>`);
    expect(redactText('<Arguments>/password "Zk8 pw!1" --sync</Arguments>')).toBe(`<Arguments>/password ${REDACTED} --sync</Arguments>`);
    for (const t of ['a lapsed pass: renew it', 'Pass: 5 of 5', '<Arguments>--port 5 --verbose</Arguments>', 'C:\\Windows\\bypass:x', 'agent.exe /passes:3']) expect(redactText(t), t).toBe(t);
  });
});
