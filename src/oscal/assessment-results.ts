// OSCAL 1.1.3 assessment results (and the assessment plan it imports) from an Assessment. Pure:
// no clock, no files; observations are produced lazily (see io/json-stream.ts).
import type { Check } from '../catalog/types.js';
import type { CheckResult } from '../evaluate/evaluate-check.js';
import { StreamedArray } from '../io/json-stream.js';
import type { ControlFinding } from '../assess/controls.js';
import type { AssessedDevice, Assessment } from '../assess/model.js';
import { LAYER_TITLES } from '../snapshot/types.js';
import { PROJECT_NS, UuidScope } from './ids.js';
import type { Templates } from './templates.js';

export const OSCAL_VERSION = '1.1.3';
export const AP_FILE = 'assessment-plan.json';
export const AR_FILE = 'assessment-results.json';

type Json = Record<string, unknown>;

const NEEDS_CLEANING = /^\s|\s$|\s\s|[\t\n\r\f\v]/;

/** OSCAL strings (StringDatatype) must be non-empty, one line, no outer whitespace. */
export function oscalString(s: string): string {
  if (s !== '' && !NEEDS_CLEANING.test(s)) return s;
  const t = s.replace(/\s+/g, ' ').trim();
  return t === '' ? '(empty)' : t;
}

/**
 * The uuids of a run, each hashed once: an observation's uuid is needed by the observation and
 * again by every finding and risk that relates to it.
 */
class RunIds {
  private readonly items = new Map<string, string>();
  private readonly resources = new Map<string, string>();
  private readonly observations = new Map<string, Map<string, string>>();
  constructor(readonly scope: UuidScope) {}
  item(deviceId: string): string {
    let u = this.items.get(deviceId);
    if (!u) this.items.set(deviceId, (u = this.scope.uuid('inventory-item', deviceId)));
    return u;
  }
  resource(deviceId: string): string {
    let u = this.resources.get(deviceId);
    if (!u) this.resources.set(deviceId, (u = this.scope.uuid('resource', deviceId)));
    return u;
  }
  observation(deviceId: string, checkId: string): string {
    let perDevice = this.observations.get(deviceId);
    if (!perDevice) this.observations.set(deviceId, (perDevice = new Map()));
    let u = perDevice.get(checkId);
    if (!u) perDevice.set(checkId, (u = this.scope.uuid('observation', deviceId, checkId)));
    return u;
  }
}

function prop(name: string, value: string): Json {
  return { name, ns: PROJECT_NS, value: oscalString(value) };
}

/** The scope every uuid of a run derives from: shared by the AR and the AP so devices keep one uuid. */
export function runScope(a: Assessment): UuidScope {
  return new UuidScope(`ato-evidence run ${a.runKey}`);
}

function inventoryItems(a: Assessment, ids: RunIds): Json[] {
  return a.devices.map((d) => {
    const props: Json[] = [{ name: 'asset-id', value: oscalString(d.id) }];
    if (d.device.model) props.push({ name: 'model', value: oscalString(d.device.model) });
    if (d.device.manufacturer) props.push({ name: 'vendor-name', value: oscalString(d.device.manufacturer) });
    if (d.device.serial) props.push({ name: 'serial-number', value: oscalString(d.device.serial) });
    if (d.device.softwareVersion) props.push({ name: 'software-version', value: oscalString(d.device.softwareVersion) });
    if (d.device.os) props.push(prop('os', `${d.device.os.name}${d.device.os.build ? ` build ${d.device.os.build}` : ''}`));
    if (d.device.kind) props.push(prop('device-kind', d.device.kind));
    props.push(prop('snapshot-collected', d.collectedAt));
    const what = [d.device.manufacturer, d.device.model].filter(Boolean).join(' ');
    return {
      uuid: ids.item(d.id),
      description: `Imaging-device console ${d.id}${what ? ` (${what})` : ''}${d.device.location ? `, ${d.device.location}` : ''}.`,
      props,
    };
  });
}

function evidenceResources(a: Assessment, ids: RunIds): Json[] {
  return a.devices.map((d) => {
    const props: Json[] = [{ name: 'type', value: 'evidence' }, prop('device-id', d.id), prop('source-file', d.sourceFile), prop('source-sha256', d.sourceSha256)];
    if (d.redacted) props.push(prop('redacted', 'secrets replaced by [REDACTED] in this copy; source-sha256 is the original file'));
    return {
      uuid: ids.resource(d.id),
      title: `Configuration snapshot of ${d.id} collected ${d.collectedAt}`,
      props,
      rlinks: [{ href: d.evidenceHref, 'media-type': 'application/json', hashes: [{ algorithm: 'SHA-256', value: d.evidenceSha256 }] }],
    };
  });
}

function observation(r: CheckResult, check: Check, device: AssessedDevice, ids: RunIds): Json {
  const props: Json[] = [
    prop('check-id', check.id),
    prop('layer', check.layer),
    prop('result', r.status),
    prop('observed-value', r.observed),
    prop('expected-value', r.expected),
  ];
  for (const p of r.params) props.push(prop('parameter', `${p.id} = ${Array.isArray(p.value) ? p.value.join(', ') : String(p.value)} (${p.source})`));
  if (r.deviation) props.push(prop('deviation', `approved by ${r.deviation.approver} until ${r.deviation.expires}: ${r.deviation.justification}`));
  if (r.expiredDeviation) props.push(prop('expired-deviation', `expired ${r.expiredDeviation.expires} (approved by ${r.expiredDeviation.approver}); no longer applies`));
  if (r.missing.length) props.push(prop('not-collected', r.missing.join(', ')));
  let description = `${check.title}: ${r.status}. Observed: ${r.observed}. Expected: ${r.expected}.`;
  if (r.deviation) description += ` Approved deviation (${r.deviation.approver}, until ${r.deviation.expires}): ${r.deviation.justification}.`;
  if (r.expiredDeviation) description += ` A deviation existed but expired on ${r.expiredDeviation.expires}; it no longer applies.`;
  const evidence: Json = {
    href: `#${ids.resource(device.id)}`,
    description: `Snapshot of ${device.id} collected ${device.collectedAt}; values at ${r.pointers.length ? r.pointers.join(', ') : '(none)'}.`,
  };
  if (r.provenance.length) {
    evidence.props = r.provenance.flatMap((p) => [
      prop('source-file', `${p.pointer}: ${p.file}${p.location ? ` (${p.location})` : ''}`),
      prop('source-sha256', `${p.pointer}: ${p.sha256}`),
    ]);
  }
  return {
    uuid: ids.observation(device.id, check.id),
    title: `${check.id} on ${device.id}`,
    description,
    props,
    methods: [check.method],
    subjects: [{ 'subject-uuid': ids.item(device.id), type: 'inventory-item' }],
    'relevant-evidence': [evidence],
    collected: device.collectedAt,
  };
}

function findingData(f: ControlFinding, a: Assessment) {
  const failingDevices = [...new Set(f.failing.map((x) => x.deviceId))];
  return {
    ...f,
    satisfied: f.state === 'satisfied',
    deviceCount: a.devices.length,
    failingDevices,
    baseline: a.baseline.toUpperCase(),
    deviations: f.deviations.map((d) => ({ deviceId: d.deviceId, checkId: d.checkId, approver: d.deviation.approver, expires: d.deviation.expires, justification: d.deviation.justification })),
  };
}

/** Builds the assessment-results document. Observations are a StreamedArray: write with writeJsonStream. */
export function buildAssessmentResults(a: Assessment, templates: Templates): Json {
  const scope = runScope(a);
  const ids = new RunIds(scope);
  const checksById = new Map(a.checks.map((c) => [c.id, c]));
  const devicesById = new Map(a.devices.map((d) => [d.id, d]));
  const resultFor = (deviceId: string, checkId: string) => a.resultsByDevice.get(deviceId)?.find((r) => r.checkId === checkId);

  const findings: Json[] = [];
  const risks: Json[] = [];
  for (const f of a.findings) {
    // Streamed: a large fleet relates every control to tens of thousands of observations.
    const related = new StreamedArray(function* () {
      for (const d of a.devices) for (const c of f.checkIds) yield { 'observation-uuid': ids.observation(d.id, c) };
    });
    const finding: Json = {
      uuid: scope.uuid('finding', f.controlId),
      title: `${f.controlId.toUpperCase()} ${f.title}`,
      description: templates.render('finding-description', findingData(f, a)),
      props: [prop('control-id', f.controlId), prop('in-baseline', f.inBaseline ? 'yes' : 'no'), prop('checks', f.checkIds.join(' '))],
      target: {
        type: f.targetType,
        'target-id': f.targetId,
        status: { state: f.state, reason: f.reason },
      },
      'related-observations': related,
    };
    if (f.failing.length || f.deviations.length) {
      const riskUuid = scope.uuid('risk', f.controlId);
      finding['related-risks'] = [{ 'risk-uuid': riskUuid }];
      const failing = f.failing.map((x) => {
        const r = resultFor(x.deviceId, x.checkId);
        return { ...x, observed: r?.observed ?? '', expected: r?.expected ?? '', remediation: checksById.get(x.checkId)?.remediation ?? '' };
      });
      const data = { ...findingData(f, a), failing };
      const onlyDeviations = f.failing.length === 0;
      risks.push({
        uuid: riskUuid,
        title: `${f.controlId.toUpperCase()} ${f.title}: ${onlyDeviations ? 'accepted by approved deviation' : `not met on ${data.failingDevices.length} device(s)`}`,
        description: `Automated checks ${f.checkIds.join(', ')} ${onlyDeviations ? 'failed under an approved deviation' : 'failed'} for ${f.controlId}.`,
        statement: templates.render('risk-statement', data),
        props: [prop('severity', f.severity ?? 'CAT III'), prop('control-id', f.controlId)],
        status: onlyDeviations ? 'deviation-approved' : 'open',
        'related-observations': [...f.failing, ...f.deviations].map((x) => ({ 'observation-uuid': ids.observation(x.deviceId, x.checkId) })),
      });
    }
    findings.push(finding);
  }

  const assessed = a.findings.map((f) => f.controlId);
  const satisfied = a.findings.filter((f) => f.state === 'satisfied').length;
  const controlSelections: Json[] = [{
    description: 'Controls evidenced by the automated checks of the ato-evidence catalog.',
    'include-controls': assessed.map((id) => ({ 'control-id': id })),
  }];
  if (a.manual.length) {
    controlSelections.push({
      description: `Controls of the ${a.baseline.toUpperCase()} baseline that no automated check covers: they need manual assessment, and no finding is claimed for them.`,
      props: [prop('assessment-method', 'manual')],
      'include-controls': a.manual.map((id) => ({ 'control-id': id })),
    });
  }

  const result: Json = {
    uuid: scope.uuid('result', 'latest'),
    title: `Automated assessment of ${a.devices.length} imaging-device console(s)`,
    description: templates.render('result-description', {
      deviceCount: a.devices.length, checkCount: a.checks.length, baseline: a.baseline.toUpperCase(),
      assessed: assessed.length, satisfied, notSatisfied: assessed.length - satisfied, manual: a.manual.length,
      now: a.now, devices: a.devices.map((d) => ({ id: d.id, collectedAt: d.collectedAt, file: d.sourceFile })),
    }),
    start: a.devices.reduce((min, d) => (d.collectedAt < min ? d.collectedAt : min), a.now),
    end: a.now,
    props: [prop('baseline', a.baseline), prop('catalog-source', a.catalogSource)],
    'local-definitions': { 'inventory-items': inventoryItems(a, ids) },
    'reviewed-controls': { 'control-selections': controlSelections },
    observations: new StreamedArray(function* () {
      for (const d of a.devices) {
        for (const r of a.resultsByDevice.get(d.id) ?? []) {
          const check = checksById.get(r.checkId);
          if (check) yield observation(r, check, devicesById.get(d.id)!, ids);
        }
      }
    }),
    findings,
  };
  if (risks.length) result.risks = risks;

  return {
    'assessment-results': {
      uuid: scope.uuid('document', 'assessment-results'),
      metadata: metadata(a, `Assessment results: ${a.systemName}`),
      'import-ap': { href: AP_FILE },
      results: [result],
      'back-matter': { resources: evidenceResources(a, ids) },
    },
  };
}

function metadata(a: Assessment, title: string): Json {
  return {
    title,
    'last-modified': a.now,
    version: a.now,
    'oscal-version': OSCAL_VERSION,
    props: [prop('generator', `ato-evidence ${a.toolVersion}`)],
  };
}

/** The assessment plan the results import: what was to be assessed, on which devices, by which checks. */
export function buildAssessmentPlan(a: Assessment): Json {
  const scope = runScope(a);
  const ids = new RunIds(scope);
  const sspResource = scope.uuid('resource', 'system-security-plan');
  const layers = [...new Set(a.checks.map((c) => c.layer))];
  return {
    'assessment-plan': {
      uuid: scope.uuid('document', 'assessment-plan'),
      metadata: metadata(a, `Assessment plan: ${a.systemName}`),
      'import-ssp': { href: `#${sspResource}` },
      'local-definitions': {
        'inventory-items': inventoryItems(a, ids),
        activities: layers.map((layer) => ({
          uuid: scope.uuid('activity', layer),
          title: `Automated checks: ${LAYER_TITLES[layer]}`,
          description: a.checks.filter((c) => c.layer === layer).map((c) => `${c.id}: ${c.title}`).join('\n\n'),
          props: [prop('layer', layer), { name: 'method', value: 'TEST' }],
        })),
      },
      'reviewed-controls': {
        'control-selections': [{
          description: `Controls cited by the automated checks${a.manual.length ? `, and the ${a.baseline.toUpperCase()} baseline controls left for manual assessment` : ''}.`,
          'include-controls': [...a.findings.map((f) => f.controlId), ...a.manual].map((id) => ({ 'control-id': id })),
        }],
      },
      'assessment-subjects': [{
        type: 'inventory-item',
        description: 'The imaging-device consoles whose snapshots were assessed.',
        'include-subjects': a.devices.map((d) => ({ 'subject-uuid': ids.item(d.id), type: 'inventory-item' })),
      }],
      tasks: [{
        uuid: scope.uuid('task', 'automated'),
        type: 'action',
        title: 'Evaluate the latest snapshot of each device against the check catalog',
        'associated-activities': layers.map((layer) => ({
          'activity-uuid': scope.uuid('activity', layer),
          subjects: [{ type: 'inventory-item', 'include-all': {} }],
        })),
      }],
      'back-matter': {
        resources: [{
          uuid: sspResource,
          title: `System security plan of ${a.systemName}`,
          description: 'The system security plan this assessment is planned against. ato-evidence does not produce it in this package; the organisation holds it.',
          props: [{ name: 'type', value: 'plan' }],
        }],
      },
    },
  };
}
