// AppLocker XML, Get-MpComputerStatus JSON, the vendor settings file (JSON and CSV), collection.json,
// and the helpers they rest on (XML reader, located JSON, local times).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parserFor, sniffKind, type ParsedExport } from '../../src/ingest/index.js';
import { parseXml } from '../../src/ingest/xml.js';
import { parseJsonLocated } from '../../src/ingest/json-located.js';
import { fromMsJsonDate, parseLocal, toRfc3339 } from '../../src/ingest/datetime.js';
import { fixturesDir, input, mr01Input, mr01Text, utf16 } from './fixture-folder.js';
import { expectUserError } from '../support/user-error.js';

const flat = (p: ParsedExport): Record<string, unknown> =>
  Object.fromEntries(p.facts.map((f) => [f.path.map((s) => (typeof s === 'string' ? s : 'el' in s ? `[${s.el}]` : `{${s.key}}`)).join('/'), f.value]));

describe('AppLocker policy XML', () => {
  const parser = parserFor('applocker-policy');
  it('maps EnforcementMode per collection; NotConfigured with rules is enforced, without rules not configured', () => {
    const v = flat(parser.parse(mr01Input('applocker.xml')));
    expect(v['malware/allowlisting/collections/[exe]/enforcementMode']).toBe('enabled');
    expect(v['malware/allowlisting/collections/[exe]/ruleCount']).toBe(4);
    expect(v['malware/allowlisting/collections/[script]/enforcementMode']).toBe('audit-only');
    expect(v['malware/allowlisting/collections/[msi]/enforcementMode']).toBe('not-configured');
    const withRules = mr01Text('applocker.xml').replace('<RuleCollection Type="Script" EnforcementMode="AuditOnly">', '<RuleCollection Type="Script" EnforcementMode="NotConfigured">');
    expect(flat(parser.parse(input('a.xml', utf16(withRules))))['malware/allowlisting/collections/[script]/enforcementMode']).toBe('enabled');
  });
  it('a policy cut short is a UserError naming the unclosed element', () => {
    const text = mr01Text('applocker.xml');
    const cut = text.slice(0, text.indexOf('<RuleCollection Type="Msi"'));
    expectUserError(() => parser.parse(input('applocker.xml', utf16(cut))), 'applocker.xml', /^line 1$/, /not well-formed XML: expected <\/AppLockerPolicy> closing the element opened at line 1/);
  });
  it('an unknown EnforcementMode is a UserError', () => {
    const text = mr01Text('applocker.xml').replace('EnforcementMode="AuditOnly"', 'EnforcementMode="Sometimes"');
    expectUserError(() => parser.parse(input('applocker.xml', utf16(text))), 'applocker.xml', /^line 1$/, /expected EnforcementMode Enabled, AuditOnly or NotConfigured, found "Sometimes"/);
  });
});

describe('XML reader', () => {
  it('reads attributes with entities, skips comments, counts lines', () => {
    const root = parseXml('\ufeff<?xml version="1.0"?>\n<!-- <B/> -->\n<A x="1 &amp; &#65;&#x42;">\n  <B y=\'2\'/>\n  <![CDATA[<not-a-tag>]]>\n</A>\n', 'f.xml');
    expect(root.name).toBe('A');
    expect(root.attrs.x).toBe('1 & AB');
    expect(root.children.map((c) => [c.name, c.line])).toEqual([['B', 4]]);
    expect(root.text).toContain('<not-a-tag>');
  });
  it('mismatched tags are a UserError with the line', () => {
    expectUserError(() => parseXml('<A>\n<B>\n</A>', 'f.xml'), 'f.xml', /^line 3$/, /expected <\/B> \(opened at line 2\), found <\/A>/);
  });
});

describe('Get-MpComputerStatus | ConvertTo-Json', () => {
  const parser = parserFor('defender-status');
  it('reads PowerShell 5.1\'s "\\/Date(ms)\\/" dates as UTC and ignores the CIM noise', () => {
    const p = parser.parse(mr01Input('defender.json'));
    expect(flat(p)).toEqual({
      'malware/antimalware/product': 'Microsoft Defender Antivirus',
      'malware/antimalware/serviceRunning': true,
      'malware/antimalware/realTimeProtection': true,
      'malware/antimalware/signatureVersion': '1.405.412.0',
      'malware/antimalware/signatureUpdatedAt': '2024-02-28T08:01:00Z',
      'malware/antimalware/signatureAgeDays': 2,
      'malware/antimalware/lastFullScanAt': '2024-02-24T07:30:00Z',
    });
    expect(p.facts.find((f) => f.path[2] === 'signatureVersion')?.provenance.location).toBe('/AntivirusSignatureVersion, line 14');
  });
  it('reads PowerShell 7\'s ISO dates (with offset as given; without offset as local time)', () => {
    const text = '{ "AMServiceEnabled": true, "AntivirusSignatureVersion": "1.2.3.4", "AntivirusSignatureLastUpdated": "2024-02-28T09:01:00+01:00", "FullScanEndTime": "2024-02-24T08:30:00.1234567", "RealTimeProtectionEnabled": false }';
    const v = flat(parser.parse(input('defender.json', text)));
    expect(v['malware/antimalware/signatureUpdatedAt']).toBe('2024-02-28T09:01:00+01:00');
    expect(v['malware/antimalware/lastFullScanAt']).toEqual({ localDateTime: '2024-02-24T08:30:00.1234567' });
    expect(v['malware/antimalware/realTimeProtection']).toBe(false);
  });
  // Passive mode keeps RealTimeProtectionEnabled as configured while another product scans: the
  // setting was read as protection and MAL-AV-ON passed on a Defender that scans nothing on access.
  it('Defender in passive mode or with its antivirus disabled: real-time protection not read, with a warning naming why', () => {
    for (const [from, to, why] of [
      ['"AMRunningMode":  "Normal"', '"AMRunningMode":  "Passive Mode"', /AMRunningMode is "Passive Mode"/],
      ['"AMRunningMode":  "Normal"', '"AMRunningMode":  "EDR Block Mode"', /AMRunningMode is "EDR Block Mode"/],
      ['"AntivirusEnabled":  true', '"AntivirusEnabled":  false', /AntivirusEnabled is false/],
    ] as const) {
      const text = mr01Text('defender.json');
      expect(text).toContain(from);
      const p = parser.parse(input('defender.json', text.replace(from, to)));
      const v = flat(p);
      expect(v['malware/antimalware/realTimeProtection']).toBeUndefined();
      expect(v['malware/antimalware/serviceRunning']).toBe(true);
      expect(p.warnings.join('\n')).toMatch(why);
      expect(p.warnings.join('\n')).toMatch(/not the console's active on-access scanner/);
      // Its preferences (scan schedule, threat actions) and signature date are not the active product's either.
      expect(p.withhold?.map((w) => w.path.join('.'))).toEqual(['realTimeProtection', 'scheduledScan', 'scanDay', 'defaultAction', 'signatureUpdatedAt', 'signatureAgeDays'].map((f) => `malware.antimalware.${f}`));
    }
    // Passive mode without RealTimeProtectionEnabled: the other values stay (the service state was lost once).
    const without = mr01Text('defender.json').replace('"AMRunningMode":  "Normal"', '"AMRunningMode":  "Passive Mode"').replace(/\s*"RealTimeProtectionEnabled":\s*true,?/, '');
    expect(without).not.toContain('RealTimeProtectionEnabled');
    const w = flat(parser.parse(input('defender.json', without)));
    expect(w['malware/antimalware/serviceRunning']).toBe(true);
    expect(w['malware/antimalware/product']).toBe('Microsoft Defender Antivirus');
    // Normal mode with the antivirus on: read as before.
    expect(flat(parser.parse(mr01Input('defender.json')))['malware/antimalware/realTimeProtection']).toBe(true);
  });
  it('invalid JSON is a UserError with the line', () => {
    const text = mr01Text('defender.json').replace('"AMServiceEnabled":  true,', '"AMServiceEnabled":  true');
    expectUserError(() => parser.parse(input('defender.json', text)), 'defender.json', /^line 6$/, /not valid JSON: expected ',' or '}'/);
  });
  it('a wrong type is a UserError with the line', () => {
    const text = mr01Text('defender.json').replace('"RealTimeProtectionEnabled":  true', '"RealTimeProtectionEnabled":  "yes"');
    expectUserError(() => parser.parse(input('defender.json', text)), 'defender.json', /^line 45$/, /expected true or false for "RealTimeProtectionEnabled"/);
  });
});

describe('vendor settings file', () => {
  const parser = parserFor('vendor-settings');
  const json = mr01Input('vendor-settings.json');
  const csvBytes = readFileSync(join(fixturesDir, 'vendor-settings.csv'));
  it('JSON and CSV spellings give the same values', () => {
    expect(sniffKind(json)).toBe('vendor-settings');
    expect(sniffKind(input('vendor-settings.csv', csvBytes))).toBe('vendor-settings');
    const a = flat(parser.parse(json));
    const b = flat(parser.parse(input('vendor-settings.csv', csvBytes)));
    expect(b).toEqual(a);
    expect(a['device/id']).toBe('MR-01');
    expect(a['hardening/updates/vendorSoftware/installedVersion']).toBe('VX60A SP2');
    expect(a['encryption/dicom/applicationEntities/[ae:worklist]/tls']).toBe('none');
    expect(a['encryption/dicom/applicationEntities/[ae:pacs_main]/aeTitle']).toBe('PACS_MAIN');
    expect(a['access/accounts/[user:radtech]/role']).toBe('clinical');
    expect(a['access/ldap/servers']).toEqual(['dc01.hospital.local', 'dc02.hospital.local']);
    expect(a['encryption/certificates/[cert:1]/keySize']).toBe(2048);
  });
  it('locations name the JSON pointer or CSV key, and the line', () => {
    const pj = parser.parse(json).facts.find((f) => f.path.join('/') === 'audit/syslog/port');
    expect(pj?.provenance.location).toBe('/syslog/port, line 23');
    const pc = parser.parse(input('vendor-settings.csv', csvBytes)).facts.find((f) => f.path.join('/') === 'audit/syslog/port');
    expect(pc?.provenance.location).toBe('syslog.port, line 37');
  });
  it('an unknown key (a typo) is a UserError, not a silently dropped setting', () => {
    const text = mr01Text('vendor-settings.json').replace('"twoFactor": true', '"twoFactr": true');
    expectUserError(() => parser.parse(input('vendor-settings.json', text)), 'vendor-settings.json', /^line 24$/, /unknown key "serviceAccess.twoFactr"/);
    const csv = csvBytes.toString('utf8').replace('dicom.ae[WORKLIST].tls,none', 'dicom.ae[WORKLIST].tsl,none');
    expectUserError(() => parser.parse(input('vendor-settings.csv', csv)), 'vendor-settings.csv', /^line 33$/, /unknown key "dicom.ae\[WORKLIST\].tsl"/);
  });
  it('a wrong enum value, port or date is a UserError', () => {
    const bad = (from: string, to: string) => input('vendor-settings.json', mr01Text('vendor-settings.json').replace(from, to));
    expectUserError(() => parser.parse(bad('"tls": "none", "purpose": "modality worklist"', '"tls": "off", "purpose": "modality worklist"')), 'vendor-settings.json', /^line \d+$/, /expected one of none, authentication, encryption, authentication-and-encryption/);
    expectUserError(() => parser.parse(bad('"port": 6514', '"port": 70000')), 'vendor-settings.json', /^line 23$/, /expected a port number 1-65535/);
    expectUserError(() => parser.parse(bad('"collectedAt": "2024-03-01T10:09:40+01:00"', '"collectedAt": "2024-03-01 10:09"')), 'vendor-settings.json', /^line 12$/, /expected an RFC 3339 date-time with offset/);
  });
  it('a DICOM AE without its TLS mode is a UserError', () => {
    const csv = csvBytes.toString('utf8').replace('dicom.ae[WORKLIST].tls,none\n', '');
    expectUserError(() => parser.parse(input('vendor-settings.csv', csv)), 'vendor-settings.csv', /^line \d+$/, /dicom.ae\[WORKLIST\] is missing "tls"/);
  });
  it('a CSV missing its "value" column is a UserError', () => {
    const csv = 'key\nformat\n';
    expectUserError(() => parser.parse(input('vendor-settings.csv', csv)), 'vendor-settings.csv', /^line 1$/, /missing required column "value"/);
  });
});

describe('collection.json', () => {
  const parser = parserFor('collection-manifest');
  it('gives device id, host name, collection time, OS and the culture to read local times', () => {
    const p = parser.parse(mr01Input('collection.json'));
    expect(flat(p)).toMatchObject({ 'device/id': 'MR-01', 'device/hostname': 'MR01-CONSOLE', collectedAt: '2024-03-01T10:15:22.1234567+01:00', 'device/os/name': 'Microsoft Windows 10 Enterprise LTSC' });
    expect(p.context).toMatchObject({ utcOffset: '+01:00', shortDatePattern: 'M/d/yyyy', longTimePattern: 'h:mm:ss tt' });
  });
  it('a collection time without offset is a UserError', () => {
    const text = mr01Text('collection.json').replace('2024-03-01T10:15:22.1234567+01:00', '2024-03-01T10:15:22');
    expectUserError(() => parser.parse(input('collection.json', text)), 'collection.json', /^line 9$/, /expected "collectedAt" as an RFC 3339 date-time with offset/);
  });
});

describe('located JSON and local times', () => {
  it('records the line of every value', () => {
    const j = parseJsonLocated('{\n "a": [\n  1,\n  {"b": "x"}\n ]\n}', 'f.json');
    expect([j.lineOf(''), j.lineOf('/a'), j.lineOf('/a/0'), j.lineOf('/a/1/b')]).toEqual([1, 2, 3, 4]);
  });
  it('reads culture patterns (en-US, en-GB, de-DE) and converts with the offset', () => {
    expect(toRfc3339(parseLocal('10/24/2012 8:25:56 PM')!, '+01:00')).toBe('2012-10-24T20:25:56+01:00');
    expect(toRfc3339(parseLocal('10/24/2012 12:05:00 AM')!, '-05:00')).toBe('2012-10-24T00:05:00-05:00');
    expect(toRfc3339(parseLocal('24/10/2012 08:25:56', 'dd/MM/yyyy', 'HH:mm:ss')!, '+00:00')).toBe('2012-10-24T08:25:56+00:00');
    expect(toRfc3339(parseLocal('24.10.2012 08:25:56', 'dd.MM.yyyy', 'HH:mm:ss')!, '+02:00')).toBe('2012-10-24T08:25:56+02:00');
    expect(parseLocal('24/10/2012 8:25:56 AM')).toBeNull(); // month 24 under en-US
    expect(parseLocal('2/30/2024 8:25:56 AM')).toBeNull();
  });
  it('reads "\\/Date(ms)\\/"', () => {
    expect(fromMsJsonDate('/Date(1709107260000)/')).toBe('2024-02-28T08:01:00Z');
    expect(fromMsJsonDate('/Date(1709107260123+0100)/')).toBe('2024-02-28T08:01:00.123Z');
    expect(fromMsJsonDate('1709107260000')).toBeNull();
  });
});
