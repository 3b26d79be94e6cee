// A deterministic synthetic ReportInput for the PDF benchmark: `devices` consoles × 36 checks in
// the six layers (about 2.1 pages per device: 950 devices ≈ 2,000 pages). The
// results are generated on each call of results(), never held, like a large fleet read back
// from disk.
import { mulberry32 } from './synthetic-fleet.js';
import { sha256Hex } from '../oscal/ids.js';
import { LAYERS, type Layer } from '../snapshot/types.js';
import type { ReportCheck, ReportControl, ReportDevice, ReportInput, ReportPoamItem, ReportResult } from '../report/model.js';
import { DEVICES_CSV, devicesCsvLines } from '../report/fleet.js';

const CHECKS_PER_LAYER = 6;
const CONTROL_POOL: Record<Layer, string[]> = {
  firewall: ['sc-7', 'sc-7.5', 'cm-7', 'ac-4'],
  hardening: ['cm-6', 'cm-7', 'cm-7.2', 'si-2', 'cm-11'],
  malware: ['si-3', 'si-4', 'si-8'],
  access: ['ac-2', 'ac-7', 'ac-11', 'ia-2', 'ia-5', 'ia-5.1', 'ac-6'],
  audit: ['au-2', 'au-3', 'au-4', 'au-9', 'au-12', 'au-8'],
  encryption: ['sc-28', 'sc-28.1', 'sc-13', 'mp-5'],
};
const SEVERITIES = ['CAT I', 'CAT II', 'CAT III'] as const;

const sha = (text: string): string => sha256Hex(text);
const deadlineOf = (check: ReportCheck): string => (check.severity === 'CAT I' ? '2025-04-13' : '2025-06-12');

const rng = mulberry32;

/**
 * `configurations`: how many distinct configurations the fleet has (device i gives the results of
 * configuration i mod that number), as a fleet of a few models and images does. Absent: the worst
 * case, every device its own random mix (about 100 distinct values per check).
 */
export function syntheticReportInput(devices: number, opts: { configurations?: number } = {}): ReportInput {
  const config = (d: number) => (opts.configurations ? d % opts.configurations : d);
  const now = '2025-03-14T09:30:00Z';
  const deviceList: ReportDevice[] = [];
  for (let i = 0; i < devices; i++) {
    const id = `IMG-${String(i + 1).padStart(5, '0')}`;
    const kind = ['MR', 'CT', 'US', 'XR', 'NM'][i % 5] as string;
    deviceList.push({
      id,
      model: `${kind} console ${100 + (i % 7)}`,
      manufacturer: ['Siemens Healthineers', 'GE HealthCare', 'Philips', 'Canon Medical'][i % 4] as string,
      kind,
      os: i % 3 === 0 ? 'Windows 10 IoT Enterprise LTSC 2019' : 'Windows 10 Enterprise LTSC 2021',
      // 5 departments × 40 rooms: more sites than the fleet summary shows.
      location: `${['Radiology', 'Emergency Department', 'Cardiology', 'Oncology', 'Outpatient Imaging'][(i >> 3) % 5]}, room ${1 + ((i * 7) % 40)}`,
      collectedAt: `2025-03-${String(1 + (i % 12)).padStart(2, '0')}T0${i % 10}:15:00Z`,
      sourceFile: `snapshots/${id}.json`,
      sourceSha256: sha(`snapshot ${id}`),
      evidenceHref: `evidence/${id}.json`,
      superseded: i % 9 === 0 ? [{ file: `snapshots/old/${id}.json`, collectedAt: '2024-11-02T10:00:00Z' }] : [],
    });
  }

  const checks: ReportCheck[] = [];
  for (const layer of LAYERS) {
    const pool = CONTROL_POOL[layer];
    for (let k = 0; k < CHECKS_PER_LAYER; k++) {
      checks.push({
        id: `${layer.slice(0, 3).toUpperCase()}-CHECK-${k + 1}`,
        layer,
        title: `Synthetic ${layer} check ${k + 1}: the console's ${layer} setting number ${k + 1} is configured as the baseline requires`,
        severity: SEVERITIES[(k + layer.length) % 3] as ReportCheck['severity'],
        controls: [pool[k % pool.length] as string, pool[(k + 1) % pool.length] as string],
        remediation: `Computer Configuration > Administrative Templates > ${layer} > Setting ${k + 1}: set the value required by the organisation parameter, then collect a new snapshot.`,
      });
    }
  }

  const statusOf = (d: number, c: number): ReportResult['status'] => {
    const r = rng(config(d) * 1000 + c)();
    return r < 0.78 ? 'pass' : r < 0.88 ? 'fail' : r < 0.92 ? 'deviation' : r < 0.96 ? 'not-applicable' : 'not-collected';
  };
  const evidenceSha = deviceList.map((d) => sha(`evidence ${d.id}`));
  function* results(): Iterable<ReportResult> {
    for (let d = 0; d < deviceList.length; d++) {
      const dev = deviceList[d] as ReportDevice;
      const evidence = evidenceSha[d] as string;
      for (let c = 0; c < checks.length; c++) {
        const check = checks[c] as ReportCheck;
        const status = statusOf(d, c);
        const long = (config(d) + c) % 11 === 0;
        const r: ReportResult = {
          deviceId: dev.id,
          checkId: check.id,
          status,
          observed:
            status === 'not-collected'
              ? 'not collected'
              : long
                ? `rules: ${Array.from({ length: 8 }, (_, i) => `allow-inbound-${i}:tcp/${104 + i}`).join(', ')}`
                : `value ${(config(d) * 7 + c * 3) % 97}`,
          expected: c % 2 === 0 ? `≥ ${(c * 3) % 50}` : 'equals true on every profile',
          evidence: [{ file: dev.evidenceHref, sha256: evidence, location: `${check.layer}.setting${c % CHECKS_PER_LAYER}` }],
        };
        if (status === 'deviation') r.deviation = { approver: 'CISO', expires: '2025-12-31', justification: 'vendor constraint' };
        yield r;
      }
    }
  }

  // Controls and their outcomes, from one pass over the results.
  const controlIds = [...new Set(checks.flatMap((c) => c.controls))].sort();
  const failing = new Map<string, Set<string>>();
  const deviating = new Map<string, Set<string>>();
  const poamDevices = new Map<string, string[]>();
  // One weakness per failing check, as assess plans the POA&M: its devices by what was found.
  const foundByCheck = new Map<string, Map<string, string[]>>();
  const checkById = new Map(checks.map((c) => [c.id, c]));
  for (const r of results()) {
    const check = checkById.get(r.checkId) as ReportCheck;
    if (r.status === 'fail') {
      const byFound = foundByCheck.get(check.id) ?? foundByCheck.set(check.id, new Map()).get(check.id)!;
      const found = r.plain?.found ?? r.observed;
      (byFound.get(found) ?? byFound.set(found, []).get(found))?.push(r.deviceId);
    }
    for (const ctl of check.controls) {
      if (r.status === 'fail') {
        (failing.get(ctl) ?? failing.set(ctl, new Set()).get(ctl))?.add(r.deviceId);
        const key = `${ctl}\u0000${check.id}`;
        (poamDevices.get(key) ?? poamDevices.set(key, []).get(key))?.push(r.deviceId);
      }
      if (r.status === 'deviation') (deviating.get(ctl) ?? deviating.set(ctl, new Set()).get(ctl))?.add(r.deviceId);
    }
  }
  const controls: ReportControl[] = controlIds.map((id) => {
    const checkIds = checks.filter((c) => c.controls.includes(id)).map((c) => c.id);
    const fails = [...(failing.get(id) ?? [])];
    const devs = [...(deviating.get(id) ?? [])];
    const sev = checks
      .filter((c) => checkIds.includes(c.id))
      .map((c) => c.severity)
      .sort()[0];
    const control: ReportControl = {
      id,
      title: `Synthetic control ${id}`,
      family: (/^[a-z]+/.exec(id) as RegExpExecArray)[0],
      state: fails.length === 0 && devs.length === 0 ? 'satisfied' : 'not-satisfied',
      reason: fails.length > 0 ? 'fail' : devs.length > 0 ? 'other' : 'pass',
      checkIds,
      failingDevices: fails,
      deviationDevices: devs,
      statement: `The organization configures the system to meet ${id}: a statement of several words, long enough to wrap over more than one line of the control entry.`,
      inBaseline: true,
      // One objective per control, decided by its checks (the bench measures rendering, not verdicts).
      objectives: [{ id: `${id}_obj`, label: id.toUpperCase(), state: fails.length === 0 && devs.length === 0 ? 'satisfied' : 'not-satisfied' }],
      uncovered: [],
      leafCount: 1,
    };
    if (sev && fails.length > 0) control.severity = sev;
    return control;
  });

  const poam = [...poamDevices.entries()].map(([key, devs]) => {
    const [controlId, checkId] = key.split('\u0000') as [string, string];
    const check = checkById.get(checkId) as ReportCheck;
    return { controlId, controls: [controlId], checkId, kind: 'check' as const, severity: check.severity, deadline: deadlineOf(check), remediation: check.remediation, devices: devs };
  });
  const poamItems = checks.filter((c) => foundByCheck.has(c.id)).map((check): ReportPoamItem => {
    const findings = [...foundByCheck.get(check.id)!].map(([found, devs]) => ({ found, devices: devs }));
    const deadline = deadlineOf(check);
    const h = sha(`poam ${check.id}`);
    return {
      uuid: `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`,
      key: `check:${check.id}`, kind: 'check', checkId: check.id, status: 'open', closedNow: false,
      title: `${check.id}: ${check.title}`, findings, controls: check.controls, ccis: [], stigRules: [],
      severity: check.severity, firstDetected: '2025-03-14', detected: '2025-03-14', deadline,
      devices: findings.flatMap((f) => f.devices), unverified: [], remediation: check.remediation,
      milestones: [
        { title: `${check.id} remediated on every affected device`, date: deadline, status: 'planned' },
        { title: 'Fix verified: the check passes on every affected device in an automated assessment', date: deadline, status: 'planned' },
      ],
      deviations: [],
    };
  });

  const files = deviceList.flatMap((d) => [
    { path: d.evidenceHref, sha256: sha(`evidence ${d.id}`), size: 20_000 + (d.id.length * 37) },
    { path: `observations/${d.id}.json`, sha256: sha(`obs ${d.id}`), size: 8_000 },
  ]);
  // As assess writes them at fleet scale: devices.csv attached; results.csv (about 250 bytes per
  // device × check) in the package but, like the OSCAL documents, too large to attach here.
  const devicesCsv = Buffer.from([...devicesCsvLines(deviceList)].join(''), 'utf8');
  files.push(
    { path: 'assessment-results.json', sha256: sha('ar'), size: 1_000_000 },
    { path: 'assessment-plan.json', sha256: sha('ap'), size: 50_000 },
    { path: DEVICES_CSV, sha256: sha256Hex(devicesCsv), size: devicesCsv.length },
    { path: 'results.csv', sha256: sha('results'), size: devices * checks.length * 250 },
  );
  const attachments = [
    { name: DEVICES_CSV, bytes: devicesCsv, description: 'Every device assessed (CSV)', mediaType: 'text/csv' },
    { name: 'assessment-plan.json', bytes: Buffer.from(JSON.stringify({ 'assessment-plan': { uuid: 'synthetic' } })), description: 'OSCAL assessment plan', mediaType: 'application/json' },
    { name: 'assessment-results.json', bytes: Buffer.from(JSON.stringify({ 'assessment-results': { uuid: 'synthetic', devices } })), description: 'OSCAL assessment results', mediaType: 'application/json' },
  ];

  return {
    systemName: 'Synthetic imaging fleet',
    now,
    toolVersion: '0.1.0',
    baseline: 'moderate',
    catalogSource: 'NIST SP 800-53 rev5 (bundled index)',
    devices: deviceList,
    checks,
    controls,
    manual: [
      { id: 'pe-3', title: 'Physical Access Control' },
      { id: 'ir-4', title: 'Incident Handling' },
      { id: 'cp-9', title: 'System Backup' },
    ],
    parameters: [
      { id: 'lockout-threshold', value: '3', source: 'default', odp: 'ac-07_odp.01' },
      { id: 'min-password-length', value: '15', source: 'params file', odp: 'ia-05.01_odp.02' },
    ],
    deviations: [],
    poam,
    poamItems,
    files,
    manifestDigest: sha('manifest'),
    attachments,
    results,
  };
}
