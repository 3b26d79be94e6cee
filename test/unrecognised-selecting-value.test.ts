// A list's `where` leaves an item out only on a value it knows: one it selects or another the item's
// field is known to hold (src/snapshot/known-values.ts). An enabled inbound allow rule opening 3389
// whose protocol reads "0x6", "TCP/IP", "Tcp6" or "6.0" (TCP written otherwise, or by a tool the
// ingest does not know) was not selected by FW-ALLOWED-PORTS (TCP, UDP, Any, 6, 17) and the check
// passed; the rule is now not collected, naming the rule and the value. Known other values (ICMPv4,
// a protocol number, outbound, block) still leave the item out.
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ControlAggregator, type ControlFinding } from '../src/assess/controls.js';
import { loadControlIndex } from '../src/catalog/control-index.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { controlInfo } from '../src/catalog/objectives.js';
import { evaluateCheck, type CheckResult, type ResolvedParams } from '../src/evaluate/evaluate-check.js';
import { ingestFiles } from '../src/ingest/index.js';
import { resolveParameters } from '../src/params/resolve.js';
import { KNOWN_ITEM_VALUES } from '../src/snapshot/known-values.js';
import { readSnapshot } from '../src/snapshot/load.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { mr01SourceDir, utf16 } from './ingest/fixture-folder.js';
import { describeWithRealSamples, realSample } from './ingest/shared-samples.js';

const catalog = loadCatalog();
const params: ResolvedParams = resolveParameters(catalog.parameters, [], []).params;
const run = (id: string, s: Snapshot): CheckResult => evaluateCheck(catalog.checks.find((c) => c.id === id)!, s, params);
const ports = catalog.checks.find((c) => c.id === 'FW-ALLOWED-PORTS')!;
const tmp = mkdtempSync(join(tmpdir(), 'ato-unrecognised-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** MR-02's latest snapshot with one more firewall rule, read through the loader every command uses. */
function withRule(rule: Record<string, unknown>): Snapshot {
  const s = JSON.parse(readFileSync(new URL('../samples/MR-02/MR-02_2026-11-02.json', import.meta.url), 'utf8'));
  s.firewall.rules.push({ name: 'Remote Desktop (odd protocol)', enabled: true, direction: 'inbound', action: 'allow', localPorts: ['3389'], remoteAddresses: ['10.20.30.0/24'], ...rule });
  return readSnapshot(Buffer.from(JSON.stringify(s)), 'MR-02.json').snapshot;
}

/** The finding `assess` would give the control on this one device. */
function finding(control: string, s: Snapshot): ControlFinding {
  const index = loadControlIndex();
  const agg = new ControlAggregator(catalog.checks, (id) => controlInfo(index, id), 'moderate');
  agg.addDevice(s.device.id, catalog.checks.map((c) => evaluateCheck(c, s, params).status), () => undefined);
  return agg.findings().find((f) => f.controlId === control)!;
}
const objectiveState = (f: ControlFinding, id: string): string | undefined => f.objectives.find((o) => o.objectiveId === id)?.state;

describe('FW-ALLOWED-PORTS: a rule whose protocol is in a form the check does not recognise is not left out', () => {
  it.each(['0x6', 'TCP/IP', 'Tcp6', '6.0', 'tcp6 '])('protocol %j: not collected, naming the rule and the value, and cm-7.1 b-2 is not shown', (protocol) => {
    const clean = withRule({ enabled: false, protocol: 'TCP' });
    expect(run('FW-ALLOWED-PORTS', clean).status).toBe('pass');
    const odd = withRule({ protocol });
    const r = run('FW-ALLOWED-PORTS', odd);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toContain(`Remote Desktop (odd protocol), one of the ${ports.wording!.fields!['firewall.rules']}: ${ports.wording!.fields!['protocol']} is ${JSON.stringify(protocol)}`);
    // The control's objective the check shows: satisfied on the clean console, not on this one.
    expect(objectiveState(finding('cm-7.1', clean), 'cm-7.1_obj.b-2')).toBe('satisfied');
    expect(objectiveState(finding('cm-7.1', odd), 'cm-7.1_obj.b-2')).not.toBe('satisfied');
    expect(finding('cm-7.1', odd).notCollected).toContainEqual({ deviceId: 'MR-02', checkId: 'FW-ALLOWED-PORTS' });
  });

  it('a value the where selects, written with blanks or in another case, is judged: " tcp " opening 3389 fails', () => {
    expect(run('FW-ALLOWED-PORTS', withRule({ protocol: ' tcp ' })).status).toBe('fail');
  });

  it.each(['ICMPv4', 'ICMPV6', '1', '47', 'GRE'])('a known other protocol (%j) still leaves the rule out: pass', (protocol) => {
    expect(run('FW-ALLOWED-PORTS', withRule({ protocol })).status).toBe('pass');
  });

  it('an item another where-entry leaves out on a known value stays out, whatever its protocol: an outbound or block rule with protocol "0x6"', () => {
    expect(run('FW-ALLOWED-PORTS', withRule({ protocol: '0x6', direction: 'outbound' })).status).toBe('pass');
    expect(run('FW-ALLOWED-PORTS', withRule({ protocol: '0x6', action: 'block' })).status).toBe('pass');
    expect(run('FW-ALLOWED-PORTS', withRule({ protocol: '0x6', enabled: false })).status).toBe('pass');
  });

  it('through ingest: a Get-NetFirewallRule CSV row with Protocol 0x6 is not collected, not a pass', async () => {
    const csv = join(tmp, 'firewall-rules.csv');
    writeFileSync(csv, utf16('"Name","DisplayName","Enabled","Direction","Action","Protocol","LocalPort","RemoteAddress"\n"RDP-odd","Remote Desktop (odd protocol)","True","Inbound","Allow","0x6","3389","10.20.30.0/24"\n"DICOM","DICOM Storage SCP","True","Inbound","Allow","TCP","104","10.20.30.0/24"\n'));
    const s = (await ingestFiles([csv, join(mr01SourceDir, 'collection.json')], 'fw')).snapshot;
    const r = run('FW-ALLOWED-PORTS', s);
    expect(r.status).toBe('not-collected');
    expect(r.reason).toContain('Remote Desktop (odd protocol), one of the');
  });
});

describeWithRealSamples('MAL-ALLOWLIST: a rule collection Windows writes is a known value, never a reason for not collected', () => {
  it('NSA\'s AppLocker starter policy enforced, with the ManagedInstaller collection a managed-installer setup adds: pass', async () => {
    // Get-AppLockerPolicy -Xml writes <RuleCollection Type="ManagedInstaller"> where a managed
    // installer (Intune, Configuration Manager) is configured: a sixth collection of Windows',
    // which MAL-ALLOWLIST (Exe, Msi, Script) leaves out on a known value.
    const xml = realSample('applocker/Windows10_AppLocker_Starter_Policy.xml').bytes.toString('utf8').replace(/^\uFEFF/, '');
    const managed = '<RuleCollection Type="ManagedInstaller" EnforcementMode="AuditOnly"><FilePublisherRule Id="6cc9a840-b0fd-4f86-aca7-8424a22b4b93" Name="CCMEXEC.EXE, Microsoft signed" Description="" UserOrGroupSid="S-1-1-0" Action="Allow"><Conditions><FilePublisherCondition PublisherName="O=MICROSOFT CORPORATION, L=REDMOND, S=WASHINGTON, C=US" ProductName="*" BinaryName="CCMEXEC.EXE"><BinaryVersionRange LowSection="*" HighSection="*" /></FilePublisherCondition></Conditions></FilePublisherRule></RuleCollection>';
    // Its %WINDIR%\* rules also excepting MachineKeys and System32\Tasks_Migrated, which users can write (as published they
    // do not, and MAL-ALLOWLIST fails: applocker-allows-every-file.test.ts).
    const enforced = xml.replace(/EnforcementMode="AuditOnly"/g, 'EnforcementMode="Enabled"')
      .replace(/<Exceptions>(\s*)(?=<FilePathCondition Path="%SYSTEM32%\\catroot2\\\*" \/>)/g, '<Exceptions>$1<FilePathCondition Path="%SYSTEM32%\\Microsoft\\Crypto\\RSA\\MachineKeys\\*" />$1<FilePathCondition Path="%SYSTEM32%\\Tasks_Migrated\\*" />$1');
    expect(enforced).toContain('MachineKeys');
    const ingest = async (text: string): Promise<Snapshot> => {
      const file = join(tmp, 'applocker.xml');
      writeFileSync(file, text);
      const others = readdirSync(mr01SourceDir).filter((f) => f !== 'applocker.xml').map((f) => join(mr01SourceDir, f));
      return (await ingestFiles([file, ...others], 'applocker')).snapshot;
    };
    expect(run('MAL-ALLOWLIST', await ingest(enforced)).status).toBe('pass');
    const r = run('MAL-ALLOWLIST', await ingest(enforced.replace('</AppLockerPolicy>', `${managed}</AppLockerPolicy>`)));
    expect(r.reason ?? '').not.toContain('ManagedInstaller');
    expect(r.status).toBe('pass');
  });
});

describe('the known values agree with the snapshot schema', () => {
  it('where the schema lists a field\'s values (enum, or boolean), the table lists the same', () => {
    const schema = JSON.parse(readFileSync(new URL('../schema/snapshot-v1.schema.json', import.meta.url), 'utf8'));
    for (const [scope, known] of KNOWN_ITEM_VALUES) {
      // "firewall.rules[].protocol" -> properties.firewall.properties.rules.items.properties.protocol
      let node = schema;
      for (const seg of scope.replace('[]', '.[]').split('.')) node = seg === '[]' ? node.items : node.properties[seg];
      expect(node, scope).toBeDefined();
      if (node.enum) expect([...known.values].sort(), scope).toEqual([...node.enum].sort());
      else if (node.type === 'boolean') expect([...known.values].sort(), scope).toEqual([false, true]);
      else expect(node.type, scope).toBe('string');
    }
  });
});
