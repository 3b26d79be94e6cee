// Setting-level drift: every keyed collection compared by identity, reorders are no change,
// secrets never appear.
import { describe, expect, it } from 'vitest';
import { diffSettings } from '../src/drift/settings.js';
import { redactSnapshot } from '../src/snapshot/secrets.js';
import type { SettingChange } from '../src/drift/types.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { clone, context, ROUND2, sample } from './support/drift.js';

const ctx = context();
const base = sample('MR-01', ROUND2);

/** Both sides as the pipeline reads them: through the redaction boundary (src/snapshot/load.ts). */
function diff(mutate: (s: Snapshot) => void, from: Snapshot = base): SettingChange[] {
  const next = clone(from);
  mutate(next);
  return diffSettings(redactSnapshot(from), redactSnapshot(next), ctx);
}

const reversed = <T>(xs: T[] | undefined): T[] => [...(xs ?? [])].reverse();

describe('keyed collections: a reorder is no change', () => {
  it('the same snapshot, nothing changes', () => {
    expect(diffSettings(base, clone(base), ctx)).toEqual([]);
  });

  it('every list reversed (rules, profiles, accounts and their groups, services, volumes, AEs, certificates, subcategories, logs, registry order) gives no change', () => {
    const changes = diff((s) => {
      s.firewall!.rules = reversed(s.firewall!.rules);
      s.firewall!.profiles = reversed(s.firewall!.profiles);
      s.access!.accounts = reversed(s.access!.accounts).map((a) => ({ ...a, groups: reversed(a.groups) }));
      s.hardening!.services = reversed(s.hardening!.services);
      s.hardening!.optionalFeatures = reversed(s.hardening!.optionalFeatures);
      s.encryption!.volumes = reversed(s.encryption!.volumes).map((v) => ({ ...v, keyProtectors: reversed(v.keyProtectors) }));
      s.encryption!.dicom!.applicationEntities = reversed(s.encryption!.dicom!.applicationEntities);
      s.encryption!.certificates = reversed(s.encryption!.certificates);
      s.audit!.subcategories = reversed(s.audit!.subcategories);
      s.audit!.logs = reversed(s.audit!.logs);
      s.access!.ldap!.servers = reversed(s.access!.ldap!.servers);
      s.access!.nestedGroups = reversed(s.access!.nestedGroups);
      s.hardening!.registry = Object.fromEntries(reversed(Object.entries(s.hardening!.registry!)));
      s.sources = reversed(s.sources);
    });
    expect(changes).toEqual([]);
  });

  it('collection metadata (collectedAt, collector, sources, provenance) is not a setting', () => {
    expect(diff((s) => {
      s.collectedAt = '2026-12-01T00:00:00Z';
      s.collector = { name: 'other', version: '9' };
      s.sources = [];
      s.provenance = {};
    })).toEqual([]);
  });
});

describe('keyed collections: changes by identity', () => {
  it('a group nested in Administrators is one added item, named by group and member, with the role checks it affects', () => {
    const changes = diff((s) => {
      s.access!.nestedGroups = [{ group: 'Administrators', member: 'HOSP\\Domain Admins', sid: 'S-1-5-21-1-2-3-512', kind: 'group' }, ...reversed(s.access!.nestedGroups)];
    });
    expect(changes.map((c) => [c.kind, c.path])).toEqual([['added', 'access.nestedGroups[Administrators holds HOSP\\Domain Admins]']]);
    expect(changes[0]!.checks).toEqual(expect.arrayContaining(['ROLE-CLINICAL-NOT-ADMIN', 'ROLE-SERVICE-ONLY-TECHNICIANS']));
  });

  it('firewall rules by name and direction: a rule enabled, with the checks it affects', () => {
    const changes = diff((s) => {
      s.firewall!.rules = reversed(s.firewall!.rules);
      s.firewall!.rules!.find((r) => r.name === 'File and Printer Sharing (SMB-In)')!.enabled = true;
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'changed', path: 'firewall.rules[File and Printer Sharing (SMB-In)|inbound].enabled', field: 'firewall.rules[].enabled', old: false, new: true, layer: 'firewall' });
    expect(changes[0]!.checks).toContain('FW-ALLOWED-PORTS');
  });

  it('an inbound and an outbound rule of the same name are different rules', () => {
    const changes = diff((s) => {
      s.firewall!.rules!.push({ name: 'EMS Remote Service (TCP-In)', enabled: true, direction: 'outbound', action: 'allow', protocol: 'TCP', localPorts: ['any'] });
    });
    expect(changes.map((c) => [c.kind, c.path])).toEqual([['added', 'firewall.rules[EMS Remote Service (TCP-In)|outbound]']]);
  });

  it('firewall profiles by name', () => {
    const changes = diff((s) => {
      s.firewall!.profiles!.find((p) => p.name === 'public')!.enabled = false;
    });
    expect(changes.map((c) => [c.path, c.old, c.new])).toEqual([['firewall.profiles[public].enabled', true, false]]);
    expect(changes[0]!.checks).toContain('FW-ENABLED');
  });

  it('accounts by name: a new local administrator, an account removed, a group added (set semantics)', () => {
    const changes = diff((s) => {
      s.access!.accounts!.push({ name: 'tmpadmin', enabled: true, role: 'clinical', groups: ['Administrators'], source: 'local' });
      s.access!.accounts = s.access!.accounts!.filter((a) => a.name !== 'HOSP\\r.okafor');
      s.access!.accounts!.find((a) => a.name === 'radadmin')!.groups!.unshift('Administrators');
    });
    const byPath = Object.fromEntries(changes.map((c) => [c.path, c]));
    expect(Object.keys(byPath).sort()).toEqual(['access.accounts[HOSP\\r.okafor]', 'access.accounts[radadmin].groups[Administrators]', 'access.accounts[tmpadmin]'].sort());
    expect(byPath['access.accounts[tmpadmin]']).toMatchObject({ kind: 'added', new: { name: 'tmpadmin', groups: ['Administrators'] } });
    expect(byPath['access.accounts[tmpadmin]']!.checks).toContain('ROLE-CLINICAL-NOT-ADMIN');
    expect(byPath['access.accounts[HOSP\\r.okafor]']).toMatchObject({ kind: 'removed', old: { name: 'HOSP\\r.okafor' } });
    expect(byPath['access.accounts[radadmin].groups[Administrators]']).toMatchObject({ kind: 'added', new: 'Administrators', field: 'access.accounts[].groups[]' });
  });

  it('account names match without case (Windows ignores it)', () => {
    expect(diff((s) => {
      s.access!.accounts!.find((a) => a.name === 'radadmin')!.name = 'RadAdmin';
    })).toEqual([]);
  });

  it('services by name: TermService started', () => {
    const changes = diff((s) => {
      s.hardening!.services = reversed(s.hardening!.services);
      s.hardening!.services!.find((x) => x.name === 'TermService')!.state = 'running';
    });
    // a service's state is read by OS-SERVICES (every service), by MAL-ALLOWLIST (AppIDSvc alone), by
    // every FW-* check and DICOM-NO-PLAIN-LISTENER (MpsSvc alone) and by MAL-AV-ON, MAL-SIG-AGE and MAL-SCAN (WinDefend alone):
    // TermService's change can move only OS-SERVICES, so only it is listed (selected-items.ts)
    expect(changes.map((c) => [c.path, c.old, c.new, c.checks])).toEqual([['hardening.services[TermService].state', 'stopped', 'running', ['OS-SERVICES']]]);
  });

  it('services by name: MpsSvc stopped lists the checks that select it (firewall, the plain DICOM listener) and OS-SERVICES', () => {
    const changes = diff((s) => {
      s.hardening!.services!.find((x) => x.name === 'MpsSvc')!.state = 'stopped';
    });
    const fw = ['FW-ENABLED', 'FW-DEFAULT-DENY-IN', 'FW-ALLOWED-PORTS', 'FW-ALLOWED-PROTOCOLS', 'FW-REMOTE-SCOPE', 'FW-LOGGING'];
    // DICOM-NO-PLAIN-LISTENER reads MpsSvc since 2044b3a: a stopped firewall lets a plain listener's port in
    expect(changes.map((c) => [c.path, c.checks])).toEqual([['hardening.services[MpsSvc].state', [...fw, 'OS-SERVICES', 'DICOM-NO-PLAIN-LISTENER']]]);
  });

  it('volumes by mount point: BitLocker suspended on D:, a protector removed on C:', () => {
    const changes = diff((s) => {
      s.encryption!.volumes = reversed(s.encryption!.volumes);
      s.encryption!.volumes!.find((v) => v.mountPoint === 'C:')!.protectionStatus = 'off';
      s.encryption!.volumes!.find((v) => v.mountPoint === 'C:')!.keyProtectors = ['Numerical Password'];
    });
    expect(changes.map((c) => [c.kind, c.path])).toEqual([
      ['removed', 'encryption.volumes[C:].keyProtectors[TPM]'],
      ['changed', 'encryption.volumes[C:].protectionStatus'],
    ]);
    expect(changes[1]!.checks).toContain('DISK-ENCRYPTION');
  });

  it('DICOM application entities by AE title: TLS dropped on one, one AE added', () => {
    const changes = diff((s) => {
      const aes = s.encryption!.dicom!.applicationEntities!;
      aes.find((a) => a.aeTitle === 'PACS_ARCH')!.tls = 'none';
      aes.unshift({ aeTitle: 'NEW_WS', role: 'remote', host: '10.0.0.9', port: 104, tls: 'none' });
    });
    expect(changes.map((c) => [c.kind, c.path, c.old, c.new])).toEqual([
      ['added', 'encryption.dicom.applicationEntities[NEW_WS]', undefined, { aeTitle: 'NEW_WS', role: 'remote', host: '10.0.0.9', port: 104, tls: 'none' }],
      ['changed', 'encryption.dicom.applicationEntities[PACS_ARCH].tls', 'authentication-and-encryption', 'none'],
    ]);
    expect(changes.every((c) => c.checks.includes('DICOM-TLS'))).toBe(true);
  });

  it('audit subcategories by GUID, without case or braces', () => {
    const s1 = clone(base);
    const s2 = clone(base);
    s2.audit!.subcategories = s2.audit!.subcategories!.map((x) => ({ ...x, guid: `{${x.guid.replace(/[{}]/g, '').toUpperCase()}}` })).reverse();
    expect(diffSettings(s1, s2, ctx)).toEqual([]);
    const first = s2.audit!.subcategories![0]!;
    first.success = !first.success;
    const changes = diffSettings(s1, s2, ctx);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.field).toBe('audit.subcategories[].success');
    expect(changes[0]!.checks).toContain('AUDIT-SUBCATEGORIES');
  });

  it('registry values by name without case; a new value is "added"', () => {
    const changes = diff((s) => {
      const reg = s.hardening!.registry!;
      const v = reg['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel'];
      delete reg['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel'];
      reg['HKLM\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel'] = v!;
      reg['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer\\AlwaysInstallElevated'] = 1;
    });
    expect(changes.map((c) => [c.kind, c.path])).toEqual([['changed', 'hardening.registry[HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Installer\\AlwaysInstallElevated]']]);
    expect(changes[0]!.checks).toContain('OS-INSTALLER-NO-ELEVATION');
  });

  it('certificates by subject and purpose; a renewed certificate is a changed notAfter', () => {
    const changes = diff((s) => {
      s.encryption!.certificates![0]!.notAfter = '2028-09-14T12:00:00Z';
    });
    expect(changes.map((c) => [c.path, c.old, c.new])).toEqual([['encryption.certificates[CN=rad-mr01-con.rad.hospital.example|DICOM TLS node certificate].notAfter', '2027-09-14T12:00:00Z', '2028-09-14T12:00:00Z']]);
    expect(changes[0]!.checks).toContain('TLS-CERTIFICATE');
  });

  it('two items with the same identity are both kept (#2), not merged', () => {
    const changes = diff((s) => {
      const r = s.firewall!.rules![0]!;
      s.firewall!.rules!.push({ ...r, localPorts: ['4444'] });
    });
    expect(changes.map((c) => [c.kind, c.path])).toEqual([['added', `firewall.rules[${base.firewall!.rules![0]!.name}|inbound#2]`]]);
  });

  it('a whole section appearing or disappearing is one change', () => {
    const changes = diff((s) => {
      delete s.malware!.allowlisting;
    });
    expect(changes.map((c) => [c.kind, c.path])).toEqual([['removed', 'malware.allowlisting']]);
    expect(changes[0]!.checks).toContain('MAL-ALLOWLIST');
  });

  it('timestamps that move with each collection are flagged volatile', () => {
    const changes = diff((s) => {
      s.malware!.antimalware!.signatureUpdatedAt = '2026-11-02T08:00:00Z';
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]!.volatile).toBe(true);
    expect(changes[0]!.checks).toContain('MAL-SIG-AGE');
  });
});

describe('secrets', () => {
  const SECRET = 'S3cr3t-LDAP-bind!';
  it('the sample holds the bind password this test looks for', () => {
    expect(base.access?.ldap?.bindPassword).toBe(SECRET);
  });

  it('a changed bind password is "changed" with redacted values', () => {
    const changes = diff((s) => {
      s.access!.ldap!.bindPassword = 'N3w-pa55word-2026';
    });
    expect(changes).toEqual([{ path: 'access.ldap.bindPassword', field: 'access.ldap.bindPassword', kind: 'changed', old: '[REDACTED]', new: '[REDACTED]', layer: 'access', checks: [], secret: true }]);
  });

  it('no secret anywhere: the LDAP section removed whole, a password-like registry value added', () => {
    const changes = diff((s) => {
      delete s.access!.ldap;
      s.hardening!.registry!['HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\DefaultPassword'] = 'autologon-Pw-77';
    });
    const text = JSON.stringify(changes);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('autologon-Pw-77');
    const removed = changes.find((c) => c.path === 'access.ldap')!;
    expect(removed).toMatchObject({ kind: 'removed', old: { bindPassword: '[REDACTED]', transport: 'ldaps' } });
    expect(changes.find((c) => c.path.endsWith('DefaultPassword]'))).toMatchObject({ kind: 'added', new: '[REDACTED]', secret: true });
  });

  it('a copy of the snapshot\'s secret in another field is masked there too', () => {
    const changes = diff((s) => {
      s.access!.logonBanner = { caption: `note ${SECRET}`, text: 'x' };
    });
    expect(JSON.stringify(changes)).not.toContain(SECRET);
    expect(changes.find((c) => c.path === 'access.logonBanner.caption')!.new).toBe('note [REDACTED]');
  });

  it('a secret that did not change is no change, and one redacted on disk already cannot be compared (no change claimed)', () => {
    expect(diff(() => undefined)).toEqual([]);
    const onDisk = redactSnapshot(JSON.parse(JSON.stringify(redactSnapshot(base))) as Snapshot); // an evidence copy: no fingerprint
    const next = clone(base);
    next.access!.ldap!.bindPassword = 'N3w-pa55word-2026';
    expect(diffSettings(onDisk, redactSnapshot(next), ctx)).toEqual([]);
  });
});
