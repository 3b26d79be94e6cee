// FEATURE_ALIASES moved from the evaluator to src/catalog/windows-features.ts, written as Windows
// spells the names, without changing what matches: every key the evaluator's table held before the
// move reads as the same optional feature, and no other name became an alias. Each alias names a
// feature parameters.yaml's denied-features lists by default (the names its source, the STIG, uses).
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { FEATURE_ALIASES } from '../src/catalog/windows-features.js';
import { featureName } from '../src/evaluate/test-eval.js';

// The evaluator's table before the move (key → optional feature's key).
const BEFORE: ReadonlyArray<[string, string]> = [
  ['fssmb1', 'smb1protocol'], ['smb10cifsfilesharingsupport', 'smb1protocol'], ['smb10cifsfilesharing', 'smb1protocol'],
  ['webserver', 'iiswebserverrole'], ['internetinformationservices', 'iiswebserverrole'],
  ['tftpclient', 'tftp'], ['simpletcpip', 'simpletcp'], ['simpletcpipservices', 'simpletcp'],
  ['snmpservice', 'snmp'], ['simplenetworkmanagementprotocol', 'snmp'], ['simplenetworkmanagementprotocolsnmp', 'snmp'],
  ['powershellv2', 'microsoftwindowspowershellv2'], ['windowspowershell20', 'microsoftwindowspowershellv2root'],
  ['windowspowershell20engine', 'microsoftwindowspowershellv2'], ['webwebserver', 'iiswebserver'],
];

describe('Windows feature aliases (src/catalog/windows-features.ts)', () => {
  it('every name the evaluator read as another feature before the move still reads as that feature', () => {
    for (const [key, feature] of BEFORE) expect(featureName(key), key).toBe(feature);
  });
  it('each alias reads as its feature, and there are as many as before and Web Server (IIS)', () => {
    for (const a of FEATURE_ALIASES) expect(featureName(a.name), a.name).toBe(featureName(a.feature));
    expect(FEATURE_ALIASES.length).toBe(BEFORE.length + 1);
  });
  it('each alias names a feature denied-features lists by default', () => {
    const denied = loadCatalog().parameters.find((p) => p.id === 'denied-features')!.default as string[];
    for (const a of FEATURE_ALIASES) expect(denied, a.name).toContain(a.feature);
  });
});
