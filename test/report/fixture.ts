// A small ReportInput for the PDF tests: three consoles in "Radiologie, bâtiment Sud", a few
// checks in every layer (ten in hardening, so its results table spans pages), one observed value
// of 400 words (a row taller than a page), a long remediation that wraps, and a value carrying
// control and bidi characters that must not reach the page.
import { createHash } from 'node:crypto';
import type { Layer } from '../../src/snapshot/types.js';
import type { ReportCheck, ReportControl, ReportInput, ReportPoamItem, ReportResult, ReportSystem } from '../../src/report/model.js';

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export const SYSTEM_NAME = 'Radiologie, bâtiment Sud';
export const MARKING = 'CUI//SP-HLTH';
/** The system description: no ISSM is named (the front matter must say so, not invent one). */
export const SYSTEM: ReportSystem = {
  name: SYSTEM_NAME,
  shortName: 'RAD-SUD',
  systemId: 'CHU-ISSO-2025-007',
  description: 'Les consoles d’imagerie du service de radiologie du bâtiment Sud.',
  status: 'operational',
  categorization: { confidentiality: 'moderate', integrity: 'high', availability: 'low', overall: 'high' },
  boundary: 'Les consoles IRM-01, SCAN-02 et ECHO-03 et le VLAN des modalités; le PACS est hors du périmètre.',
  roles: [
    { roleId: 'system-owner', roleTitle: 'System Owner', name: 'Dr Claire Fontaine', organization: 'CHU, radiologie' },
    { roleId: 'authorizing-official', roleTitle: 'Authorizing Official', name: 'Étienne Marchand', organization: 'CHU, direction générale', email: 'e.marchand@chu.example' },
    { roleId: 'information-system-security-officer', roleTitle: 'Information System Security Officer', name: 'Nadia Benali' },
  ],
  assessor: { name: 'Inès Duval', organization: 'Auditeurs Associés' },
  team: [{ name: 'Hugo Lemaire', role: 'revue de configuration' }],
  placeholder: false,
};
export const DEVICES = ['IRM-01', 'SCAN-02', 'ECHO-03'] as const;
/** A control evidenced only by checks of that layer. */
export const LAYER_CONTROL: Record<Layer, string> = {
  firewall: 'sc-7.5',
  hardening: 'cm-6',
  malware: 'si-3',
  access: 'ac-7',
  audit: 'au-4',
  encryption: 'sc-28.1',
};
export const LONG_ROW = { deviceId: 'IRM-01', checkId: 'HARD-05', words: Array.from({ length: 400 }, (_, i) => `mot${String(i + 1).padStart(3, '0')}`) };
export const DIRTY = { deviceId: 'SCAN-02', checkId: 'HARD-02', raw: 'ligne 1\r\nligne 2\u0007\u202Eévité\ttab\u0000', clean: 'ligne 1 ligne 2\\x07\\u{202E}évité tab\\x00' };
export const LONG_REMEDIATION =
  'Ouvrir la console de gestion des stratégies de groupe, puis Configuration ordinateur > Stratégies > Modèles d’administration > Composants Windows > Stratégies d’exécution automatique : activer « Désactiver l’exécution automatique » pour tous les lecteurs, appliquer la stratégie à l’unité d’organisation des consoles d’imagerie, redémarrer la console en dehors des vacations, puis collecter un nouvel instantané et vérifier que la valeur NoDriveTypeAutoRun vaut 255 (0xFF) sur chaque console du parc.';

const CHECKS: Array<[string, Layer, string, string[], ReportCheck['severity']]> = [
  ['FW-ENABLED', 'firewall', 'Pare-feu activé pour chaque profil', ['sc-7', 'cm-7'], 'CAT II'],
  ['FW-INBOUND-BLOCK', 'firewall', 'Inbound connections blocked by default', ['sc-7.5'], 'CAT II'],
  ...Array.from({ length: 10 }, (_, i): [string, Layer, string, string[], ReportCheck['severity']] => [
    `HARD-${String(i + 1).padStart(2, '0')}`,
    'hardening',
    `Hardening setting ${i + 1} meets the STIG`,
    i === 0 ? ['cm-6', 'cm-7'] : ['cm-6'],
    i % 3 === 0 ? 'CAT I' : 'CAT III',
  ]),
  ['AV-REALTIME', 'malware', 'Real-time protection is on', ['si-3'], 'CAT I'],
  ['AV-SIGNATURES', 'malware', 'Signatures are at most 7 days old', ['si-3', 'si-2'], 'CAT II'],
  ['ACC-LOCKOUT', 'access', 'Account lockout after ≥ 3 invalid attempts', ['ac-7'], 'CAT II'],
  ['ACC-PW-LENGTH', 'access', 'Minimum password length', ['ia-5.1'], 'CAT II'],
  ['AUD-LOGON', 'audit', 'Logon events are audited', ['au-2', 'au-12'], 'CAT II'],
  ['AUD-LOG-SIZE', 'audit', 'Security log is large enough', ['au-4'], 'CAT III'],
  ['ENC-BITLOCKER', 'encryption', 'BitLocker protects the patient-data volume', ['sc-28', 'sc-28.1'], 'CAT I'],
  ['ENC-TLS', 'encryption', 'TLS 1.2 or later only', ['sc-8'], 'CAT II'],
];

const TITLES: Record<string, string> = {
  'sc-7': 'Boundary Protection',
  'sc-7.5': 'Deny by Default — Allow by Exception',
  'cm-7': 'Least Functionality',
  'cm-6': 'Configuration Settings',
  'si-3': 'Malicious Code Protection',
  'si-2': 'Flaw Remediation',
  'ac-7': 'Unsuccessful Logon Attempts',
  'ia-5.1': 'Password-based Authentication',
  'au-2': 'Event Logging',
  'au-12': 'Audit Record Generation',
  'au-4': 'Audit Log Storage Capacity',
  'sc-28': 'Protection of Information at Rest',
  'sc-28.1': 'Cryptographic Protection',
  'sc-8': 'Transmission Confidentiality and Integrity',
};

function statusOf(device: string, check: string): ReportResult['status'] {
  if (device === 'SCAN-02' && check === 'FW-ENABLED') return 'fail';
  if (device === 'ECHO-03' && check === 'ACC-LOCKOUT') return 'fail';
  if (device === 'SCAN-02' && check === 'HARD-07') return 'fail';
  if (device === 'IRM-01' && check === 'ENC-TLS') return 'deviation';
  if (device === 'ECHO-03' && check === 'AUD-LOG-SIZE') return 'not-collected';
  if (device === 'IRM-01' && check === 'AV-SIGNATURES') return 'not-applicable';
  return 'pass';
}

/** The partially assessed control of the fixture and the objectives it leaves to the assessor. */
export const PARTIAL_CONTROL = {
  id: 'ia-5.1',
  uncovered: [
    { id: 'ia-5.1_obj.a', label: 'IA-05(01)(a)', prose: 'for password-based authentication, a list of commonly used, expected, or compromised passwords is maintained and updated [quarterly];' },
    { id: 'ia-5.1_obj.b', label: 'IA-05(01)(b)', prose: 'passwords are verified not to be found on the list when users create or update them;' },
  ],
};

/** The text that identifies one result row in the PDF. */
export const rowMarker = (device: string, check: string) => `obs-${device}-${check}`;

export function fixtureInput(): ReportInput {
  const checks: ReportCheck[] = CHECKS.map(([id, layer, title, controls, severity]) => ({
    id,
    layer,
    title,
    controls,
    severity,
    remediation: id === 'HARD-03' ? LONG_REMEDIATION : `Set ${id} as required, then collect a new snapshot.`,
  }));
  const results: ReportResult[] = [];
  for (const d of DEVICES) {
    for (const c of checks) {
      const status = statusOf(d, c.id);
      let observed = `${rowMarker(d, c.id)} ${c.layer === 'firewall' ? 'activé (domaine, privé, public)' : 'value 5'}`;
      if (d === LONG_ROW.deviceId && c.id === LONG_ROW.checkId) observed = LONG_ROW.words.join(' ');
      if (d === DIRTY.deviceId && c.id === DIRTY.checkId) observed = DIRTY.raw;
      const r: ReportResult = {
        deviceId: d,
        checkId: c.id,
        status,
        observed,
        expected: c.id === 'ACC-LOCKOUT' ? '≥ 3' : 'enabled',
        evidence: [{ file: `evidence/${d}.json`, sha256: sha256(`evidence ${d}`), location: `$.${c.layer}` }],
      };
      if (status === 'deviation') r.deviation = { approver: 'RSSI', expires: '2025-12-31', justification: 'Le fabricant ne supporte pas TLS 1.2' };
      results.push(r);
    }
  }
  const controlIds = [...new Set(checks.flatMap((c) => c.controls))].sort();
  const controls: ReportControl[] = controlIds.map((id) => {
    const checkIds = checks.filter((c) => c.controls.includes(id)).map((c) => c.id);
    const mine = results.filter((r) => checkIds.includes(r.checkId));
    const failing = [...new Set(mine.filter((r) => r.status === 'fail').map((r) => r.deviceId))];
    const deviating = [...new Set(mine.filter((r) => r.status === 'deviation').map((r) => r.deviceId))];
    const missing = mine.some((r) => r.status === 'not-collected');
    const verdict = failing.length || deviating.length || missing ? 'not-satisfied' : 'satisfied';
    // ia-5.1 is partially assessed: its check shows objective h on every device; a and b are left to the assessor.
    const partial = id === PARTIAL_CONTROL.id;
    const c: ReportControl = {
      id,
      title: TITLES[id] ?? id,
      family: (/^[a-z]+/.exec(id) as RegExpExecArray)[0],
      state: partial ? 'partial' : verdict,
      reason: failing.length ? 'fail' : deviating.length || missing || partial ? 'other' : 'pass',
      checkIds,
      failingDevices: failing,
      deviationDevices: deviating,
      inBaseline: id !== 'sc-7.5',
      objectives: partial ? [{ id: 'ia-5.1_obj.h', label: 'IA-05(01)(h)', state: 'satisfied' }] : [{ id: `${id}_obj`, state: verdict }],
      uncovered: partial ? PARTIAL_CONTROL.uncovered : [],
      leafCount: partial ? 3 : 1,
    };
    if (failing.length) c.severity = checks.filter((k) => checkIds.includes(k.id)).map((k) => k.severity).sort()[0] as ReportCheck['severity'];
    if (id === 'ac-7') c.statement = 'a. Enforce a limit of 3 consecutive invalid logon attempts by a user during a 15 minutes period;\nb. Automatically lock the account for 15 minutes when the maximum number of unsuccessful attempts is exceeded.';
    return c;
  });
  const poam = results
    .filter((r) => r.status === 'fail')
    .flatMap((r) => {
      const check = checks.find((c) => c.id === r.checkId) as ReportCheck;
      return check.controls.map((controlId) => ({ controlId, controls: [controlId], checkId: check.id, kind: 'check' as const, severity: check.severity, deadline: '2025-04-13', remediation: check.remediation, devices: [r.deviceId] }));
    });
  // poam.json's items as assess plans them: one per failing check, across its controls.
  const poamItems = checks.filter((c) => results.some((r) => r.checkId === c.id && r.status === 'fail')).map((check): ReportPoamItem => {
    const devices = results.filter((r) => r.checkId === check.id && r.status === 'fail').map((r) => r.deviceId);
    return {
      uuid: `00000000-0000-5000-8000-${sha256(check.id).slice(0, 12)}`, key: `check:${check.id}`, kind: 'check', checkId: check.id, status: 'open', closedNow: false,
      title: `${check.id}: ${check.title}`, findings: [], controls: check.controls, ccis: [], stigRules: [], severity: check.severity,
      firstDetected: '2025-03-14', detected: '2025-03-14', deadline: '2025-04-13', devices, unverified: [], remediation: check.remediation,
      milestones: [{ title: `${check.id} remediated on every affected device`, date: '2025-04-13', status: 'planned' }],
      deviations: [],
    };
  });
  const attachments = [
    { name: 'assessment-results.json', bytes: Buffer.from(JSON.stringify({ 'assessment-results': { title: SYSTEM_NAME } }, null, 2)), description: 'OSCAL assessment results', mediaType: 'application/json' },
    { name: 'snapshots/IRM-01.json', bytes: Buffer.from('{"device":"IRM-01","site":"bâtiment Sud"}\n'), description: 'Snapshot of IRM-01', mediaType: 'application/json' },
  ];
  const files = [
    ...DEVICES.map((d) => ({ path: `evidence/${d}.json`, sha256: sha256(`evidence ${d}`), size: 12_345 })),
    { path: 'assessment-results.json', sha256: sha256(attachments[0]?.bytes as Buffer), size: attachments[0]?.bytes.length as number },
  ];
  return {
    systemName: SYSTEM_NAME,
    system: SYSTEM,
    marking: MARKING,
    selfName: 'evidence-package.pdf',
    now: '2025-03-14T09:30:00Z',
    toolVersion: '0.1.0-test',
    baseline: 'moderate',
    catalogSource: 'NIST_SP-800-53_rev5_catalog.json',
    devices: DEVICES.map((id, i) => ({
      id,
      manufacturer: ['Siemens Healthineers', 'GE HealthCare', 'Philips'][i] as string,
      model: ['MAGNETOM Skyra', 'Revolution CT', 'EPIQ Elite échographe'][i] as string,
      kind: ['MR', 'CT', 'US'][i] as string,
      os: 'Windows 10 IoT Enterprise LTSC 2019',
      collectedAt: `2025-03-1${i}T08:00:00Z`,
      sourceFile: `exports/${id}/collection.json`,
      sourceSha256: sha256(`snapshot ${id}`),
      evidenceHref: `evidence/${id}.json`,
      superseded: i === 0 ? [{ file: `exports/${id}-old/collection.json`, collectedAt: '2024-12-01T08:00:00Z' }] : [],
    })),
    checks,
    controls,
    manual: [
      { id: 'pe-3', title: 'Physical Access Control' },
      { id: 'ir-4', title: 'Incident Handling' },
    ],
    parameters: [
      { id: 'lockout-threshold', value: '3', source: 'params file', odp: 'ac-07_odp.01' },
      { id: 'min-password-length', value: '15', source: 'default' },
    ],
    deviations: [{ checkId: 'ENC-TLS', deviceId: 'IRM-01', justification: 'Le fabricant ne supporte pas TLS 1.2 sur cette version du logiciel.', approver: 'RSSI', expires: '2025-12-31', expired: false }],
    poam,
    poamItems,
    files,
    manifestDigest: sha256('manifest'),
    attachments,
    results: () => results,
  };
}
