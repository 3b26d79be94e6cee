// OS-SMB1 reads one value, LanmanServer\Parameters SMB1: the SMB server's SMBv1. It claimed "off in
// the SMB server and client configuration" and the client STIG rules (WN10-00-000160 feature,
// -000170 client driver mrxsmb10), though neither the client driver nor the feature is read. The
// claim now names the server only, and a pass shows its CM-7 objective in part.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { inPartOf } from '../src/catalog/types.js';

const smb1 = loadCatalog().checks.find((c) => c.id === 'OS-SMB1')!;

describe('OS-SMB1 claims only the SMB server it reads', () => {
  it('reads the server value alone (the premise)', () => {
    expect(JSON.stringify(smb1.test)).toMatch(/hardening\.smb1Enabled/);
    expect(JSON.stringify(smb1.test)).not.toMatch(/mrxsmb10|optionalFeatures/i);
  });
  it('names no STIG rule about the client driver or the feature, and its title says server', () => {
    expect(smb1.stig).not.toContain('WN10-00-000170');
    expect(smb1.stig).not.toContain('WN10-00-000160');
    expect(smb1.title).toMatch(/server/i);
  });
  it('shows CM-7 only in part, saying the client is not collected', () => {
    expect(inPartOf(smb1, 'cm-7')).toMatch(/client/);
  });
});
