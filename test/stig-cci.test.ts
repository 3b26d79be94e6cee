// The bundled STIG rule data (controls/stig-rules.json) and the CCI route: check → the STIG rules
// it cites → those rules' CCIs → the CCIs' SP 800-53 references, compared with the check's own
// controls; and the CCIs on the OSCAL observations and findings `assess` writes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssess } from '../src/assess/run.js';
import { loadCatalog } from '../src/catalog/load-checks.js';
import { ccisForControl, checkRoute, controlLabel, controlOfReference, loadStigData, routeDisagreement } from '../src/catalog/stig.js';
import { describeWithShared, sharedDir } from './support/oscal-schema.js';
import { checkIdOf, observationOf } from './support/observations.js';

const root = new URL('..', import.meta.url).pathname;
const data = loadStigData();
const checks = loadCatalog().checks;
const check = (id: string) => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};
const rule = (stigId: string) => data.rules.find((r) => r.stigId === stigId);

describe('the bundled Windows 10 STIG rule data', () => {
  it('is the V3R6 benchmark with every rule (267: 28 high, 221 medium, 18 low, as ../shared/interop/README.md counts them)', () => {
    expect(`V${data.stig.version}R${data.stig.release}`).toBe('V3R6');
    expect(data.stig.id).toBe('MS_Windows_10_STIG');
    expect(data.rules).toHaveLength(267);
    const count = (s: string) => data.rules.filter((r) => r.severity === s).length;
    expect([count('high'), count('medium'), count('low')]).toEqual([28, 221, 18]);
    expect(new Set(data.rules.map((r) => r.vulnId)).size).toBe(267);
    expect(Object.keys(data.cci)).toHaveLength(80);
  });

  it('carries what a checklist needs for WN10-AC-000010 (bad logon attempts)', () => {
    const r = rule('WN10-AC-000010')!;
    expect(r.vulnId).toBe('V-220740');
    expect(r.ruleId).toBe('SV-220740r958388_rule');
    expect(r.severity).toBe('medium');
    expect(r.cci).toEqual(['CCI-000044']);
    expect(r.legacyIds).toEqual(['SV-77899', 'V-63409']);
    expect(r.checkContent).toMatch(/Account Lockout Policy/);
    expect(r.fixText).toMatch(/"Account lockout threshold" to "3" or less/);
    expect(data.cci['CCI-000044']!.rev5).toEqual(['AC-7 a']);
  });

  it('every rule has its texts and a CCI that the CCI table holds', () => {
    for (const r of data.rules) {
      expect(r.discussion, r.stigId).not.toBe('');
      expect(r.checkContent, r.stigId).not.toBe('');
      expect(r.fixText, r.stigId).not.toBe('');
      expect(r.cci.length, r.stigId).toBeGreaterThan(0);
      for (const c of r.cci) expect(data.cci[c], `${r.stigId} ${c}`).toBeDefined();
    }
  });
});

describeWithShared('the STIG rule data against its sources in ../shared/interop', () => {
  it('is current: scripts/build-stig-rules.mjs --check rebuilds the same bytes', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts/build-stig-rules.mjs'), '--check', '--shared', sharedDir], { encoding: 'utf8' });
    expect(out).toMatch(/is current \(267 rules, 80 CCIs\)/);
  });

  it('agrees rule by rule with the ids, severities, titles and CCIs of win10-stig-rules.json (derived independently)', () => {
    const theirs = JSON.parse(readFileSync(join(sharedDir, 'interop/stig/win10-stig-rules.json'), 'utf8')) as Array<Record<string, unknown>>;
    expect(data.rules.map((r) => [r.stigId, r.vulnId, r.ruleId, r.severity, r.title, r.cci, r.legacyIds]))
      .toEqual(theirs.map((r) => [r.stigId, r.vulnId, r.ruleId, r.severity, r.title, r.cci, r.legacyIds]));
  });

  it('has the XCCDF\'s fix text of WN10-AC-000010 verbatim', () => {
    const xml = readFileSync(join(sharedDir, 'interop/stig/U_MS_Windows_10_STIG_V3R6_Manual-xccdf.xml'), 'utf8');
    const at = xml.indexOf('<version>WN10-AC-000010</version>');
    const fix = /<fixtext[^>]*>([\s\S]*?)<\/fixtext>/.exec(xml.slice(at))![1]!.replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
    expect(rule('WN10-AC-000010')!.fixText).toBe(fix);
  });

  it('is not a byte copy of any file in ../shared/interop', () => {
    const ours = execFileSync('sha256sum', [join(root, 'controls/stig-rules.json')], { encoding: 'utf8' }).split(' ')[0];
    expect(readFileSync(join(sharedDir, 'interop/SHA256SUMS'), 'utf8')).not.toContain(ours);
  });
});

describe('the CCI route', () => {
  it('reads a CCI reference as a rev5 control id', () => {
    expect(controlOfReference('AC-7 a')).toBe('ac-7');
    expect(controlOfReference('IA-5 (1) (a)')).toBe('ia-5.1');
    expect(controlOfReference('AC-17 (2)')).toBe('ac-17.2');
    expect(controlOfReference('AU-12 c')).toBe('au-12');
    expect(controlOfReference('not a control')).toBeUndefined();
    expect(controlLabel('ac-3')).toBe('AC-3');
    expect(controlLabel('ia-5.1')).toBe('IA-5(1)');
  });

  it('takes LOCKOUT-THRESHOLD to CCI-000044 and AC-7 a (rev 5)', () => {
    const r = checkRoute(check('LOCKOUT-THRESHOLD'));
    expect(r.rules.map((x) => x.stigId)).toEqual(['WN10-AC-000010']);
    expect(r.ccis).toEqual([{ cci: 'CCI-000044', refs: ['AC-7 a'], revision: 5 }]);
    expect(routeDisagreement(check('LOCKOUT-THRESHOLD'), r)).toBeUndefined();
  });

  it('falls back to rev 4 and says so where DISA\'s list has no rev 5 reference (password complexity)', () => {
    const r = checkRoute(check('PWD-COMPLEXITY'));
    const c = r.ccis.find((x) => x.cci === 'CCI-000192')!;
    expect(c.revision).toBe(4);
    expect(c.refs).toEqual(['IA-5 (1) (a)']);
  });

  it('keeps STIG ids of other STIGs (or retired rules) apart instead of inventing their CCIs', () => {
    const r = checkRoute(check('FW-DEFAULT-DENY-IN'));
    expect(r.rules).toEqual([]);
    expect(r.outside).toEqual(['WNFWA-000004', 'WNFWA-000012', 'WNFWA-000020']);
    expect(r.ccis).toEqual([]);
    expect(checkRoute(check('ACCOUNT-BUILTIN')).outside).toEqual(['WN10-SO-000005']); // dropped in V3R6
  });

  // Where the CCIs' 800-53 references and the check's own controls differ. Each was reviewed; the
  // check's controls stay as they are (they say what the check evidences), and the CCIs are
  // reported as DISA maps them. A change to the catalog or the STIG data that moves this list
  // fails here, so that someone looks at it again.
  const REVIEWED: Record<string, { cciOnly: string[]; checkOnly: string[] }> = {
    // CCI-000366 is DISA's catch-all "configuration settings" CCI (CM-6 b): the check's own
    // controls are the more specific claim.
    'FW-ENABLED': { cciOnly: ['cm-6'], checkOnly: ['cm-7', 'sc-7'] },
    'FW-ALLOWED-PORTS': { cciOnly: ['cm-6'], checkOnly: ['cm-7', 'cm-7.1'] },
    'FW-ALLOWED-PROTOCOLS': { cciOnly: ['cm-6'], checkOnly: ['cm-7', 'cm-7.1'] },
    'FW-REMOTE-SCOPE': { cciOnly: ['cm-6'], checkOnly: ['sc-7', 'sc-7.5'] },
    'MAL-AV-ON': { cciOnly: ['cm-6'], checkOnly: ['si-3'] },
    'AUTH-NTLMV2-ONLY': { cciOnly: ['cm-6'], checkOnly: ['ia-5'] },
    'CENTRAL-AUTH': { cciOnly: ['cm-6'], checkOnly: ['ac-2.1', 'ia-2'] },
    // The check claims more controls than its STIG rules' CCIs name (the rules are one part of it).
    'OS-AUTORUN-OFF': { cciOnly: [], checkOnly: ['mp-7'] },
    'OS-SERVICES': { cciOnly: [], checkOnly: ['cm-7.1'] },
    'OS-FEATURES': { cciOnly: [], checkOnly: ['cm-7.1'] },
    'MAL-ALLOWLIST': { cciOnly: [], checkOnly: ['cm-7.2'] },
    'SCREEN-LOCK-TIMEOUT': { cciOnly: [], checkOnly: ['ac-11.1'] }, // the machine lock also hides the display
    'ROLE-CLINICAL-NOT-ADMIN': { cciOnly: [], checkOnly: ['ac-5', 'ac-6.5'] },
    // Rev 5 moved the requirement to an enhancement (or a base control) the check does not name.
    'OS-INSTALLER-NO-ELEVATION': { cciOnly: ['cm-11.2'], checkOnly: ['ac-6.10', 'cm-11'] },
    'PWD-MAX-AGE': { cciOnly: ['ia-5.1'], checkOnly: ['ia-5'] },
    'PWD-MAX-AGE-LDAP': { cciOnly: ['ia-5.1'], checkOnly: ['ia-5'] },
    'BITLOCKER-PREBOOT': { cciOnly: ['sc-28'], checkOnly: [] },
    'BITLOCKER-PIN-LENGTH': { cciOnly: ['sc-28'], checkOnly: [] }, // as BITLOCKER-PREBOOT: the PIN guards the key, the cryptographic part (sc-28(1))
    'ACCOUNT-INACTIVE': { cciOnly: ['ia-4'], checkOnly: [] },
    'ACCOUNT-BUILTIN': { cciOnly: ['ia-8'], checkOnly: ['ac-2', 'ia-2'] },
    'TLS-CERTIFICATE': { cciOnly: ['ia-5.2', 'sc-23.5'], checkOnly: ['sc-12', 'sc-17'] },
    // The check's objectives were read against rev 5's text (docs/checks.md, "Assessment objectives"):
    // IA-5(1) d asks for an approved salted key derivation function, which the stores these checks
    // turn off do not prove (Windows keeps an unsalted NT hash), so they claim IA-5 g only; the
    // certificate check shows the console's own certificates, not how it validates others (IA-5(2) b).
    'PWD-REVERSIBLE': { cciOnly: ['ia-5.1'], checkOnly: ['ia-5'] },
    'PWD-REVERSIBLE-LDAP': { cciOnly: ['ia-5.1'], checkOnly: ['ia-5'] },
    'PWD-NO-LM-HASH': { cciOnly: ['ia-5.1'], checkOnly: ['ia-5'] },
    // The audit checks cite many STIG rules; their CCIs name the controls those events serve.
    'AUDIT-SUBCATEGORIES': { cciOnly: ['ac-17.1', 'ac-2.4', 'ac-6.9', 'au-3', 'cm-5.1'], checkOnly: ['au-2'] },
    'AUDIT-ACCOUNT-MGMT': { cciOnly: ['ac-6.9', 'au-12'], checkOnly: ['au-2'] },
    'AUDIT-PRIVILEGE-USE': { cciOnly: ['au-12'], checkOnly: ['au-2'] },
    'AUDIT-PROTECT': { cciOnly: ['au-12.3'], checkOnly: ['au-9.4'] },
  };

  it('lists every check whose CCIs name other controls than its own (reviewed list)', () => {
    const found: Record<string, { cciOnly: string[]; checkOnly: string[] }> = {};
    for (const c of checks) {
      const d = routeDisagreement(c, checkRoute(c));
      if (d) found[c.id] = { cciOnly: d.cciOnly, checkOnly: d.checkOnly };
    }
    expect(found).toEqual(REVIEWED);
  });

  it('names the checks with no CCI: they cite no rule of the Windows 10 STIG V3R6', () => {
    const none = checks.filter((c) => checkRoute(c).ccis.length === 0);
    for (const c of none) expect(checkRoute(c).rules, c.id).toEqual([]);
    expect(none.map((c) => c.id)).toContain('DICOM-TLS'); // vendor application setting: no Windows STIG rule
    expect(none.map((c) => c.id)).toContain('FW-LOGGING'); // Windows Firewall STIG rules only
  });
});

describe('CCIs on the OSCAL documents assess writes', () => {
  let dir: string;
  let result: Record<string, any>;
  let arBackMatter: Record<string, any>;
  let poam: Record<string, any>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ato-cci-'));
    await runAssess({
      inputs: [join(root, 'samples')], out: join(dir, 'pkg'), force: false, baseline: 'moderate', now: '2026-11-28T12:00:00Z',
      toolVersion: 'test', deviations: join(root, 'samples/deviations.csv'), pdf: false,
    });
    const doc = JSON.parse(readFileSync(join(dir, 'pkg/assessment-results.json'), 'utf8'))['assessment-results'];
    result = doc.results[0];
    arBackMatter = doc['back-matter'];
    poam = JSON.parse(readFileSync(join(dir, 'pkg/poam.json'), 'utf8'))['plan-of-action-and-milestones'];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ccis = (x: Record<string, any>) => (x.props ?? []).filter((p: any) => p.name === 'cci').map((p: any) => p.value);

  it('every observation of LOCKOUT-THRESHOLD carries CCI-000044', () => {
    const obs = result.observations.filter((o: any) => checkIdOf(o) === 'LOCKOUT-THRESHOLD');
    // Grouped by result: together they hold one device per sample console (US-01 included).
    expect(obs.reduce((n: number, o: any) => n + o.subjects.length, 0)).toBe(5);
    for (const o of obs) expect(ccis(o)).toEqual(['CCI-000044']);
  });

  it('a CCI known only by its rev 4 reference says so in the prop', () => {
    const o = observationOf({ 'assessment-results': { results: [result], 'back-matter': arBackMatter } }, 'MR-01', 'PWD-COMPLEXITY');
    const p = o.props.find((x: any) => x.name === 'cci' && x.value === 'CCI-000192');
    expect(p.remarks).toMatch(/no NIST SP 800-53 rev 5 reference; its rev 4 reference: IA-5 \(1\) \(a\)/);
  });

  it('the ac-7 finding carries the CCIs of its checks that name AC-7, and no others', () => {
    const f = result.findings.find((x: any) => x.props.some((p: any) => p.name === 'control-id' && p.value === 'ac-7'));
    expect(ccis(f).sort()).toEqual(['CCI-000044', 'CCI-002238']);
    const sc7 = result.findings.find((x: any) => x.props.some((p: any) => p.name === 'control-id' && p.value === 'sc-7'));
    expect(ccis(sc7)).toEqual([]); // FW-ENABLED's only CCI (CCI-000366) names CM-6, not SC-7
  });

  it('an objective finding carries the CCIs of the checks that show it (ac-7 b: the lockout duration checks)', () => {
    const f = result.findings.find((x: any) => x.target['target-id'] === 'ac-7_obj.b');
    const expected = new Set(['LOCKOUT-DURATION', 'LOCKOUT-DURATION-LDAP'].flatMap((id) => ccisForControl(checkRoute(check(id)), 'ac-7').map((c) => c.cci)));
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(ccis(f))).toEqual(expected);
  });

  it('the POA&M\'s observations and findings carry them too', () => {
    const o = poam.observations.find((x: any) => x.props.some((p: any) => p.name === 'check-id' && p.value === 'LOCKOUT-THRESHOLD'));
    expect(ccis(o)).toEqual(['CCI-000044']);
    // The finding LOCKOUT-THRESHOLD's item names for ac-7 a (the results' uuid) carries its CCI.
    const item = poam['poam-items'].find((x: any) => x.props.some((p: any) => p.name === 'weakness-key' && p.value === 'check:LOCKOUT-THRESHOLD'));
    const f = poam.findings.find((x: any) => item['related-findings'].some((r: any) => r['finding-uuid'] === x.uuid) && x.target['target-id'] === 'ac-7_obj.a');
    expect(ccis(f)).toContain('CCI-000044');
  });
});
