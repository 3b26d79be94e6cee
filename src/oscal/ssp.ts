// OSCAL 1.1.3 system security plan from an Assessment and a system description. Pure: no clock,
// no files. Every control of the baseline gets an implemented requirement whose status comes from
// the assessment; controls no check covers are planned and flagged as needing a narrative.
import { baselineControls, lookupControl, type ControlIndex } from '../catalog/control-index.js';
import { compareControlIds, type ControlFinding } from '../assess/controls.js';
import type { Assessment, AssessedDevice } from '../assess/model.js';
import { highWaterMark, ROLE_TITLES, type Impact, type SystemDescription } from '../assess/system-description.js';
import type { CheckStatus } from '../evaluate/evaluate-check.js';
import { LAYER_TITLES } from '../snapshot/types.js';
import { inventoryItems } from './assessment-results.js';
import { OSCAL_VERSION, oscalString, prop, type Json } from './common.js';
import { PROJECT_NAMESPACE, uuidV5 } from './ids.js';
import { nistBaselineProfileUrl, pathAsHref } from './nist-urls.js';
import type { Templates } from './templates.js';

export { SSP_FILE } from './common.js';

export type ImplementationStatus = 'implemented' | 'partial' | 'planned' | 'not-applicable';

export interface SspOptions {
  system: SystemDescription;
  index: ControlIndex;
  /** The OSCAL profile the user gave (--profile): import-profile names it; else NIST's baseline profile. */
  profile?: string;
}

interface Counts {
  pass: number;
  fail: number;
  deviation: number;
  notCollected: number;
  notApplicable: number;
}

/**
 * implemented: every result passed or did not apply, and one passed; partial: some passed, others
 * failed (or deviate, or were not collected); planned: nothing passed; not-applicable: nothing applied.
 */
export function implementationStatus(c: Counts): ImplementationStatus {
  const bad = c.fail + c.deviation + c.notCollected;
  if (bad === 0) return c.pass > 0 ? 'implemented' : c.notApplicable > 0 ? 'not-applicable' : 'planned';
  return c.pass > 0 ? 'partial' : 'planned';
}

/** At most this many failing devices are named per check or control; the AR's risks list them all. */
const NAMED = 10;

interface ModelGroup {
  key: string;
  title: string;
  manufacturer?: string;
  model?: string;
  devices: AssessedDevice[];
  uuid: string;
  /** Per check (catalog index): counts over this model's devices, and the failing device ids. */
  counts: Counts[];
  failing: string[][];
}

const fips = (i: Impact) => `fips-199-${i}`;
const emptyCounts = (): Counts => ({ pass: 0, fail: 0, deviation: 0, notCollected: 0, notApplicable: 0 });

function tally(c: Counts, s: CheckStatus): void {
  if (s === 'pass') c.pass++;
  else if (s === 'fail') c.fail++;
  else if (s === 'deviation') c.deviation++;
  else if (s === 'not-collected') c.notCollected++;
  else c.notApplicable++;
}

function modelGroups(a: Assessment): ModelGroup[] {
  const scope = a.ids.run;
  const groups = new Map<string, ModelGroup>();
  for (const d of a.devices) {
    const { manufacturer, model } = d.device;
    const key = `${manufacturer ?? ''}\u001f${model ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      const title = [manufacturer, model].filter(Boolean).join(' ') || 'Unidentified device model';
      g = {
        key, title, devices: [], uuid: scope.uuid('ssp', 'component', key),
        counts: a.checks.map(emptyCounts), failing: a.checks.map(() => []),
        ...(manufacturer ? { manufacturer } : {}), ...(model ? { model } : {}),
      };
      groups.set(key, g);
    }
    g.devices.push(d);
    // One pass over each device's statuses; controls then only add up per-check counts.
    const statuses = a.outcomes.get(d.id)?.statuses ?? [];
    statuses.forEach((s, i) => {
      tally(g!.counts[i]!, s);
      if (s === 'fail') g!.failing[i]!.push(d.id);
    });
  }
  return [...groups.values()].sort((x, y) => x.title.localeCompare(y.title));
}

export function buildSsp(a: Assessment, templates: Templates, opts: SspOptions): Json {
  const { system, index } = opts;
  const scope = a.ids.run;
  const baselineUpper = a.baseline.toUpperCase();
  const groups = modelGroups(a);
  const thisSystem = scope.uuid('ssp', 'component', 'this-system');
  const checkIndex = new Map(a.checks.map((c, i) => [c.id, i] as const));
  const findings = new Map(a.findings.map((f) => [f.controlId, f] as const));

  // Parties: one per person, one per organisation named; roles are those the description uses.
  const orgs = [...new Set(system.responsibleParties.map((p) => p.organization).filter((o): o is string => !!o))];
  const orgUuid = (o: string) => scope.uuid('ssp', 'party', 'organization', o);
  const personUuid = (i: number) => scope.uuid('ssp', 'party', 'person', String(i));
  const parties: Json[] = [
    ...orgs.map((o) => ({ uuid: orgUuid(o), type: 'organization', name: oscalString(o) })),
    ...system.responsibleParties.map((p, i) => ({
      uuid: personUuid(i), type: 'person', name: oscalString(p.name),
      ...(p.email ? { 'email-addresses': [p.email] } : {}),
      ...(p.organization ? { 'member-of-organizations': [orgUuid(p.organization)] } : {}),
    })),
  ];
  const roleIds = [...new Set(system.responsibleParties.map((p) => p.role))];
  const roles = roleIds.map((id) => ({ id, title: ROLE_TITLES[id] ?? id.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') }));
  const responsibleParties = roleIds.map((id) => ({
    'role-id': id,
    'party-uuids': system.responsibleParties.flatMap((p, i) => (p.role === id ? [personUuid(i)] : [])),
  }));

  const placeholderRemark = 'Placeholder: no system description was given (ato-evidence assess --system FILE). The system owner must complete the name, description, categorisation, boundary, information types and responsible parties; see docs/ssp.md.';
  const cia = system.categorization;
  const characteristics: Json = {
    'system-ids': [
      { 'identifier-type': 'https://ietf.org/rfc/rfc4122', id: uuidV5(`system ${system.name}`, PROJECT_NAMESPACE) },
      ...(system.systemId ? [{ id: oscalString(system.systemId) }] : []),
    ],
    'system-name': oscalString(system.name),
    ...(system.shortName ? { 'system-name-short': oscalString(system.shortName) } : {}),
    description: system.description,
    props: [prop('device-count', String(a.devices.length)), prop('device-models', String(groups.length)), ...(system.placeholder ? [prop('placeholder', 'system characteristics to be completed')] : [])],
    'security-sensitivity-level': fips(highWaterMark(cia)),
    'system-information': {
      'information-types': system.informationTypes.map((t, i) => ({
        uuid: scope.uuid('ssp', 'information-type', String(i)),
        title: oscalString(t.title),
        description: t.description,
        ...(t.sp80060Ids.length ? { categorizations: [{ system: 'https://doi.org/10.6028/NIST.SP.800-60v2r1', 'information-type-ids': t.sp80060Ids }] } : {}),
        'confidentiality-impact': { base: fips(t.impact.confidentiality) },
        'integrity-impact': { base: fips(t.impact.integrity) },
        'availability-impact': { base: fips(t.impact.availability) },
      })),
    },
    'security-impact-level': {
      'security-objective-confidentiality': fips(cia.confidentiality),
      'security-objective-integrity': fips(cia.integrity),
      'security-objective-availability': fips(cia.availability),
    },
    status: { state: system.status },
    'authorization-boundary': { description: system.authorizationBoundary },
  };
  if (responsibleParties.length) characteristics['responsible-parties'] = responsibleParties;
  if (system.placeholder) characteristics.remarks = placeholderRemark;

  const components: Json[] = [
    {
      uuid: thisSystem, type: 'this-system', title: oscalString(system.name),
      description: `The system as a whole: ${a.devices.length} imaging-device console(s) of ${groups.length} model(s). Controls no device setting can evidence are implemented here, by the organisation.`,
      status: { state: 'operational' },
    },
    ...groups.map((g) => {
      const props: Json[] = [];
      if (g.manufacturer) props.push({ name: 'vendor-name', value: oscalString(g.manufacturer) });
      if (g.model) props.push({ name: 'model', value: oscalString(g.model) });
      props.push(prop('device-count', String(g.devices.length)));
      return {
        uuid: g.uuid, type: 'hardware', title: oscalString(g.title),
        description: `Imaging-device console model ${g.title}: ${g.devices.length} device(s) in this system (${g.devices.slice(0, NAMED).map((d) => d.id).join(', ')}${g.devices.length > NAMED ? ', …' : ''}).`,
        props, status: { state: 'operational' },
      };
    }),
  ];
  const modelOf = new Map<string, string>();
  for (const g of groups) for (const d of g.devices) modelOf.set(d.id, g.uuid);
  const items = inventoryItems(a, a.ids).map((item, i) => ({ ...item, 'implemented-components': [{ 'component-uuid': modelOf.get(a.devices[i]!.id)! }] }));

  // The controls of the selection: the --profile's when one chose them, else the baseline's.
  const baselineIds = a.selectedControls ?? baselineControls(index, a.baseline);
  const inBaseline = new Set(baselineIds);
  const outside = a.findings.filter((f) => !inBaseline.has(f.controlId)).map((f) => f.controlId).sort(compareControlIds);
  const requirements = [...baselineIds, ...outside].map((id) => {
    const f = findings.get(id);
    if (!f) return manualRequirement(id);
    return f.checkIds.length === 0 && f.attestations?.length ? attestedRequirement(f, inBaseline.has(id)) : assessedRequirement(f, inBaseline.has(id));
  });

  function assessedRequirement(f: ControlFinding, baseline: boolean): Json {
    const idx = f.checkIds.map((c) => checkIndex.get(c)!).filter((i) => i !== undefined);
    const byModel = groups.map((g) => {
      const total = emptyCounts();
      const checks = idx.map((i) => {
        const c = g.counts[i]!;
        for (const k of Object.keys(total) as Array<keyof Counts>) total[k] += c[k];
        const check = a.checks[i]!;
        return {
          id: check.id, title: check.title, layer: check.layer, layerTitle: LAYER_TITLES[check.layer], ...c,
          failingDevices: g.failing[i]!.slice(0, NAMED), failingMore: Math.max(0, g.failing[i]!.length - NAMED),
        };
      });
      const status = implementationStatus(total);
      return {
        'component-uuid': g.uuid,
        uuid: scope.uuid('ssp', 'by-component', f.controlId, g.key),
        description: templates.render('ssp-component', { controlId: f.controlId, title: f.title, model: g.title, deviceCount: g.devices.length, status, checks }),
        'implementation-status': { state: status },
      };
    });
    const failingDevices = [...new Set(f.failing.map((x) => x.deviceId))];
    const automated = implementationStatus({
      pass: f.passCount, fail: f.failing.length, deviation: f.deviations.length, notCollected: f.notCollected.length,
      notApplicable: f.resultCount - f.passCount - f.failing.length - f.deviations.length - f.notCollected.length,
    });
    // An expired attestation of the same control, or objectives no check shows (a partially
    // assessed control), keep it from being claimed as fully implemented.
    const lapsed = (f.attestations ?? []).some((x) => x.status === 'expired');
    const uncovered = f.uncovered.map((u) => u.objectiveId);
    const overall = (lapsed || uncovered.length) && automated === 'implemented' ? 'partial' : automated;
    const remarks = [
      ...(uncovered.length ? [`NARRATIVE NEEDED: the automated checks show ${f.leaves.length - uncovered.length} of the ${f.leaves.length} assessment objectives of ${f.controlId}; describe how the organisation meets ${uncovered.join(', ')}.`] : []),
      ...(baseline ? [] : [`Not in the ${baselineUpper} baseline: included because the automated checks ${f.checkIds.join(', ')} evidence it.`]),
    ];
    const whole: Json = {
      'component-uuid': thisSystem,
      uuid: scope.uuid('ssp', 'by-component', f.controlId, 'this-system'),
      description: templates.render('ssp-system', {
        controlId: f.controlId, title: f.title, status: overall, deviceCount: a.devices.length, passCount: f.passCount, resultCount: f.resultCount,
        failingDevices: failingDevices.slice(0, NAMED), failingMore: Math.max(0, failingDevices.length - NAMED), failingDeviceCount: failingDevices.length,
        deviationCount: f.deviations.length, notCollectedCount: f.notCollected.length, checkIds: f.checkIds, inBaseline: baseline, baseline: baselineUpper, assessedAt: a.now,
        leafCount: f.leaves.length, shownCount: f.objectives.filter((o) => o.state === 'satisfied').length, uncovered,
      }),
      'implementation-status': { state: overall },
    };
    return {
      uuid: scope.uuid('ssp', 'requirement', f.controlId),
      'control-id': f.controlId,
      props: [
        prop('implementation-status', overall), prop('assessment-method', 'automated'), prop('checks', f.checkIds.join(' ')),
        prop('in-baseline', baseline ? 'yes' : 'no'),
        ...(uncovered.length ? [prop('narrative-needed', 'yes'), prop('objectives-not-evidenced', uncovered.join(' '))] : []),
      ],
      'by-components': [whole, ...byModel],
      ...(remarks.length ? { remarks: remarks.join('\n\n') } : {}),
    };
  }

  /**
   * A control evidenced only by manual attestations: implemented while every one is current and
   * they cover every objective; partial while they cover only some.
   */
  function attestedRequirement(f: ControlFinding, baseline: boolean): Json {
    const list = f.attestations ?? [];
    const status = f.state === 'satisfied' ? 'implemented' : f.state === 'partial' ? 'partial' : 'planned';
    return {
      uuid: scope.uuid('ssp', 'requirement', f.controlId),
      'control-id': f.controlId,
      props: [prop('implementation-status', status), prop('assessment-method', 'attestation'), prop('in-baseline', baseline ? 'yes' : 'no')],
      'by-components': [{
        'component-uuid': thisSystem,
        uuid: scope.uuid('ssp', 'by-component', f.controlId, 'this-system'),
        description: templates.render('ssp-attested', {
          controlId: f.controlId, title: f.title, status,
          attestations: list.map((x) => ({ statement: x.statement, name: x.who.name, role: x.who.role, when: x.when, expires: x.expires, method: x.method, expired: x.status === 'expired', evidence: x.evidenceHref })),
        }),
        'implementation-status': { state: status },
      }],
      ...(status === 'planned' ? { remarks: `An attestation of ${f.controlId} has expired: it must be renewed before the control can be claimed again.` } : {}),
      ...(status === 'partial' ? { remarks: `NARRATIVE NEEDED: the attestations cover ${f.leaves.length - f.uncovered.length} of the ${f.leaves.length} assessment objectives of ${f.controlId}; describe how the organisation meets ${f.uncovered.map((u) => u.objectiveId).join(', ')}.` } : {}),
    };
  }

  function manualRequirement(id: string): Json {
    const entry = lookupControl(index, id);
    const title = entry?.title ?? id;
    return {
      uuid: scope.uuid('ssp', 'requirement', id),
      'control-id': id,
      props: [prop('implementation-status', 'planned'), prop('assessment-method', 'manual'), prop('narrative-needed', 'yes'), prop('in-baseline', 'yes')],
      'by-components': [{
        'component-uuid': thisSystem,
        uuid: scope.uuid('ssp', 'by-component', id, 'this-system'),
        description: templates.render('ssp-manual', { controlId: id, title, baseline: baselineUpper, statement: entry?.statement ?? '' }),
        'implementation-status': { state: 'planned', remarks: 'No automated evidence: the status stays planned until the system owner writes the narrative and an assessor examines it.' },
      }],
      remarks: `NARRATIVE NEEDED: ${id} is assessed manually; replace the placeholder statement with how the organisation implements it.`,
    };
  }

  const manualCount = requirements.length - a.findings.length;
  return {
    'system-security-plan': {
      uuid: scope.uuid('ssp', 'document'),
      metadata: {
        title: oscalString(`System security plan: ${system.name}`),
        'last-modified': a.now,
        version: a.now,
        'oscal-version': OSCAL_VERSION,
        ...(roles.length ? { roles } : {}),
        ...(parties.length ? { parties } : {}),
        ...(responsibleParties.length ? { 'responsible-parties': responsibleParties } : {}),
        props: [prop('generator', `ato-evidence ${a.toolVersion}`), prop('baseline', a.baseline)],
      },
      'import-profile': { href: opts.profile ? pathAsHref(opts.profile) : nistBaselineProfileUrl(a.baseline) },
      'system-characteristics': characteristics,
      'system-implementation': {
        users: system.users.map((u, i) => ({
          uuid: scope.uuid('ssp', 'user', String(i)), title: oscalString(u.title), description: u.description,
          props: [{ name: 'type', value: u.type }, { name: 'privilege-level', value: u.privilege }],
        })),
        components,
        ...(items.length ? { 'inventory-items': items } : {}),
      },
      'control-implementation': {
        description: `How each control of the ${baselineUpper} baseline is implemented. Statuses of the ${a.findings.length} control(s) evidenced by automated checks come from the assessment of ${a.now} (assessment-results.json); the ${manualCount} control(s) no check covers are planned and need a narrative from the system owner.`,
        'implemented-requirements': requirements,
      },
    },
  };
}
