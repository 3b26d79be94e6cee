// OSCAL 1.1.3 system security plan: what the system is and how each control is implemented, in
// the RMF order. Implementation statuses come from declarations: the vendor's capability file
// (which controls each device model implements, split by controls/responsibility.yaml between the
// product and the customer) and the system description (how the organisation implements,
// inherits or shares the rest). The assessment results are linked from the SSP, never used to set
// a status: the SSP says what is implemented, the assessment says whether it works. Controls
// nobody declared are planned and need a narrative. Pure: no clock, no files. See docs/ssp.md.
import type { ModelCapabilities } from '../catalog/capabilities.js';
import { baselineControls, lookupControl, type ControlIndex } from '../catalog/control-index.js';
import { responsibilityOf, type Party, type ResponsibilityTable } from '../catalog/responsibility.js';
import { assessmentOf } from '../catalog/objectives.js';
import { fillStatement } from '../catalog/statement-text.js';
import { inPartOf, type ParameterDef } from '../catalog/types.js';
import { compareControlIds, leftByWhy, partialLeftText, type ControlFinding } from '../assess/controls.js';
import type { Assessment, AssessedDevice } from '../assess/model.js';
import type { ControlDeclaration, DeclaredStatus, Interconnection } from '../assess/system-declarations.js';
import { highWaterMark, ROLE_TITLES, type Impact, type SystemDescription } from '../assess/system-description.js';
import { inventoryItems, selectionName } from './assessment-results.js';
import { thisSystemUuid } from './attestations.js';
import { AR_FILE, checkInPartProp, OSCAL_VERSION, oscalString, prop, type Json } from './common.js';
import { controlsOfModel } from './component-definition.js';
import { PROJECT_NAMESPACE, uuidV5 } from './ids.js';
import { nistBaselineProfileUrl, pathAsHref } from './nist-urls.js';
import { inputFileName } from '../io/display-path.js';
import { dayFirstStart } from '../io/dates.js';
import { catalogSetParametersOf, ODPS_STATED_ALL, ODPS_STATED_PROP, setParameterJson, setParametersOf } from './set-parameters.js';
import type { Templates } from './templates.js';

export { SSP_FILE } from './common.js';

export type ImplementationStatus = DeclaredStatus;

export interface SspOptions {
  system: SystemDescription;
  index: ControlIndex;
  /** The OSCAL profile the user gave (--profile): import-profile names it; else NIST's baseline profile. */
  profile?: string;
  /** The vendor capability file (--capabilities): which controls each device model implements. */
  capabilities?: { file: string; models: readonly ModelCapabilities[] };
  /** Which statements of each control are the product's and which the organisation's. */
  responsibility: ResponsibilityTable;
  /** controls/parameters.yaml: how the run's parameter values become set-parameters. */
  parameters: readonly ParameterDef[];
  /** The assessment results written beside the SSP: linked (with their SHA-256), never a status. */
  assessmentResults?: { href: string; sha256: string };
}

/**
 * A requirement's overall status from its parts: implemented when every part is (alternative when
 * one is met by an alternative, not-applicable when none applies), planned when no part is
 * implemented yet, partial otherwise.
 */
export function combineStatuses(parts: readonly ImplementationStatus[]): ImplementationStatus {
  if (parts.length === 0) return 'planned';
  if (parts.every((s) => s === 'not-applicable')) return 'not-applicable';
  if (parts.every((s) => s === 'implemented' || s === 'alternative' || s === 'not-applicable')) return parts.includes('alternative') ? 'alternative' : 'implemented';
  if (parts.every((s) => s === 'planned' || s === 'not-applicable')) return 'planned';
  return 'partial';
}

/** At most this many devices of a model are named in a statement. */
const NAMED = 10;
/**
 * A control's finding in the assessment results, as the SSP's link to them states it; a partially
 * assessed one with what it still needs (objectives left, parameters undefined, requirements the
 * profile adds, checks that did not apply: partialLeftText), as the AR's finding names it.
 */
function findingWords(f: Pick<ControlFinding, 'state' | 'uncovered' | 'undefinedOdps'>): string {
  if (f.state !== 'partial') return f.state === 'satisfied' ? 'satisfied' : 'not satisfied';
  return `partially assessed, so not satisfied (nothing failed; not all is shown: ${partialLeftOf(f)})`;
}

function partialLeftOf(f: Pick<ControlFinding, 'uncovered' | 'undefinedOdps'>): string {
  return partialLeftText(leftByWhy(f.uncovered), f.undefinedOdps?.length ?? 0);
}

interface ModelGroup {
  key: string;
  title: string;
  manufacturer?: string;
  model?: string;
  devices: AssessedDevice[];
  uuid: string;
  /** The capability file's entry for this model, when it has one. */
  declared?: ModelCapabilities;
  /** The controls the declared capabilities implement or support, with those capabilities. */
  controls: Map<string, ModelCapabilities['capabilities']>;
}

const fips = (i: Impact) => `fips-199-${i}`;
const same = (a: string | undefined, b: string | undefined) => (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

/** The capability file's entry for a device's manufacturer and model (case-insensitive), if any. */
export function declarationOf(models: readonly ModelCapabilities[] | undefined, manufacturer: string | undefined, model: string | undefined): ModelCapabilities | undefined {
  return model ? models?.find((m) => same(m.vendor, manufacturer) && same(m.name, model)) : undefined;
}

function modelGroups(a: Assessment, opts: SspOptions): ModelGroup[] {
  const scope = a.ids.run;
  const groups = new Map<string, ModelGroup>();
  for (const d of a.devices) {
    const { manufacturer, model } = d.device;
    const key = `${manufacturer ?? ''}\u001f${model ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      const title = [manufacturer, model].filter(Boolean).join(' ') || 'Unidentified device model';
      const declared = declarationOf(opts.capabilities?.models, manufacturer, model);
      g = {
        key, title, devices: [], uuid: scope.uuid('ssp', 'component', key),
        controls: declared ? controlsOfModel(declared, a.checks) : new Map(),
        ...(declared ? { declared } : {}), ...(manufacturer ? { manufacturer } : {}), ...(model ? { model } : {}),
      };
      groups.set(key, g);
    }
    g.devices.push(d);
  }
  return [...groups.values()].sort((x, y) => x.title.localeCompare(y.title));
}

export function buildSsp(a: Assessment, templates: Templates, opts: SspOptions): Json {
  const { system, index } = opts;
  const scope = a.ids.run;
  // What chose the controls, in the AR's words: a --profile's controls replace the baseline's.
  const selection = selectionName(a);
  const groups = modelGroups(a, opts);
  const thisSystem = thisSystemUuid(a.ids); // attestation observations name it as their subject
  const findings = new Map(a.findings.map((f) => [f.controlId, f] as const));
  const declared = new Map((system.controls ?? []).map((c) => [c.controlId, c] as const));
  const checksOf = (controlId: string) => a.checks.filter((c) => c.controls.includes(controlId)).map((c) => c.id);
  // Of the checks named for a control, those that show it only in part and what each leaves out
  // (controls/checks.yaml `in-part`): the plan says so wherever it names them.
  const checkById = new Map(a.checks.map((c) => [c.id, c] as const));
  const inPartAmong = (checkIds: readonly string[], controlId: string) =>
    checkIds.flatMap((id) => { const check = checkById.get(id); const why = check ? inPartOf(check, controlId) : undefined; return why ? [{ id, why }] : []; });

  // Parties: one per person, one per organisation named, one per common control provider.
  const orgs = [...new Set(system.responsibleParties.map((p) => p.organization).filter((o): o is string => !!o))];
  const orgUuid = (o: string) => scope.uuid('ssp', 'party', 'organization', o);
  const personUuid = (i: number) => scope.uuid('ssp', 'party', 'person', String(i));
  const providers = [...new Set((system.controls ?? []).map((c) => c.provider).filter((p): p is string => !!p))];
  const providerUuid = (p: string) => (orgs.includes(p) ? orgUuid(p) : scope.uuid('ssp', 'party', 'provider', p));
  const parties: Json[] = [
    ...orgs.map((o) => ({ uuid: orgUuid(o), type: 'organization', name: oscalString(o) })),
    ...system.responsibleParties.map((p, i) => ({
      uuid: personUuid(i), type: 'person', name: oscalString(p.name),
      ...(p.email ? { 'email-addresses': [p.email] } : {}),
      ...(p.organization ? { 'member-of-organizations': [orgUuid(p.organization)] } : {}),
    })),
    ...providers.filter((p) => !orgs.includes(p)).map((p) => ({ uuid: providerUuid(p), type: 'organization', name: oscalString(p) })),
  ];
  const partyRoles = [...new Set(system.responsibleParties.map((p) => p.role))];
  const declaredRoles = [...new Set((system.controls ?? []).flatMap((c) => c.roles))].filter((r) => !partyRoles.includes(r));
  const roleIds = [...partyRoles, ...declaredRoles, ...(providers.length ? ['common-control-provider'] : [])];
  const titleOf = (id: string) => (id === 'common-control-provider' ? 'Common Control Provider' : ROLE_TITLES[id] ?? id.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '));
  const roles = roleIds.map((id) => ({ id, title: titleOf(id) }));
  const holders = (role: string) => system.responsibleParties.flatMap((p, i) => (p.role === role ? [personUuid(i)] : []));
  const responsibleParties = partyRoles.map((id) => ({ 'role-id': id, 'party-uuids': holders(id) }));

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
      description: `The system as a whole: ${a.devices.length} imaging-device console(s) of ${groups.length} model(s). What the organisation implements (policies, procedures, common controls it inherits) is answered here.`,
      status: { state: 'operational' },
    },
    ...groups.map((g) => {
      const props: Json[] = [];
      if (g.manufacturer) props.push({ name: 'vendor-name', value: oscalString(g.manufacturer) });
      if (g.model) props.push({ name: 'model', value: oscalString(g.model) });
      props.push(prop('device-count', String(g.devices.length)));
      props.push(prop('vendor-declaration', g.declared ? `${opts.capabilities!.file} ${g.declared.where}` : 'none'));
      return {
        uuid: g.uuid, type: 'hardware', title: oscalString(g.title),
        description: `Imaging-device console model ${oscalString(g.title)}: ${g.devices.length} device(s) in this system (${g.devices.slice(0, NAMED).map((d) => d.id).join(', ')}${g.devices.length > NAMED ? ', …' : ''}).${g.declared ? ` ${g.declared.description}` : ' No vendor capability declaration describes this model, so the plan credits it with no control.'}`,
        props, status: { state: 'operational' },
      };
    }),
    ...(system.interconnections ?? []).map((ic) => interconnectionComponent(ic)),
  ];
  const modelOf = new Map<string, string>();
  for (const g of groups) for (const d of g.devices) modelOf.set(d.id, g.uuid);
  const items = inventoryItems(a, a.ids).map((item, i) => ({ ...item, 'implemented-components': [{ 'component-uuid': modelOf.get(a.devices[i]!.id)! }] }));

  function interconnectionComponent(ic: Interconnection): Json {
    const ways = ic.direction === 'both' ? ['incoming', 'outgoing'] : [ic.direction];
    const props: Json[] = [
      { name: 'isa-remote-system-name', value: oscalString(ic.name) },
      ...(ic.isa ? [{ name: 'isa-title', value: oscalString(ic.isa.title) }, ...(ic.isa.date ? [{ name: 'isa-date', value: dayFirstStart(ic.isa.date) }] : [])] : []),
      ...(ic.remoteAddress ? [{ name: ic.remoteAddress.includes(':') ? 'ipv6-address' : 'ipv4-address', class: 'remote', value: ic.remoteAddress }] : []),
      ...ways.map((d) => ({ name: 'direction', value: d })),
    ];
    return {
      uuid: scope.uuid('ssp', 'component', 'interconnection', ic.name),
      type: 'interconnection',
      title: oscalString(ic.name),
      description: ic.description,
      props,
      protocols: [{
        uuid: scope.uuid('ssp', 'protocol', ic.name, ic.protocol),
        name: ic.protocol,
        ...(ic.protocolTitle ? { title: ic.protocolTitle } : {}),
        'port-ranges': ic.ports.map((p) => ({ start: p, end: p, transport: ic.transport })),
      }],
      status: { state: 'operational' },
    };
  }

  // The controls of the selection (the --profile's, else the baseline's), then any control outside
  // it that someone declared or a check assessed (marked in-baseline = no).
  const baselineIds = a.selectedControls ?? baselineControls(index, a.baseline);
  const inBaseline = new Set(baselineIds);
  const vendorControls = new Set(groups.flatMap((g) => [...g.controls.keys()]));
  const outside = [...new Set([...a.findings.map((f) => f.controlId), ...vendorControls, ...declared.keys()])]
    .filter((id) => !inBaseline.has(id) && lookupControl(index, id))
    .sort(compareControlIds);

  const arResource = opts.assessmentResults ? scope.uuid('ssp', 'resource', 'assessment-results') : undefined;
  const requirements = [...baselineIds, ...outside].map((id) => requirement(id, inBaseline.has(id)));

  /** One control: device-model parts (vendor declarations), the organisation's parts (system description). */
  function requirement(controlId: string, baseline: boolean): Json {
    const entry = lookupControl(index, controlId);
    const title = entry?.title ?? controlId;
    const finding = findings.get(controlId);
    const org = declared.get(controlId);
    const resp = responsibilityOf(opts.responsibility, controlId);
    const declaring = groups.filter((g) => g.controls.has(controlId));
    const vendorDeclared = declaring.length > 0;
    // Statement level where a vendor declares the control and the table splits it; else the control as a whole.
    const parts: Array<{ statementId?: string; by: Party }> = vendorDeclared && resp.statements.length ? resp.statements : [{ by: vendorDeclared ? resp.overall : 'customer' }];
    let needsNarrative = false;
    const statuses: ImplementationStatus[] = [];

    const modelPart = (g: ModelGroup, statementId: string | undefined): Json => {
      const caps = g.controls.get(controlId);
      const key = [controlId, statementId ?? '', g.key];
      const data = {
        controlId, title, statementId, model: g.title, vendor: g.declared?.vendor ?? g.manufacturer ?? '', deviceCount: g.devices.length,
        devices: g.devices.slice(0, NAMED).map((d) => d.id), devicesMore: Math.max(0, g.devices.length - NAMED),
        capabilitiesFile: opts.capabilities?.file ?? '', modelDescribed: !!g.declared, checkIds: checksOf(controlId), inPart: inPartAmong(checksOf(controlId), controlId),
      };
      if (!caps) {
        statuses.push('planned');
        return {
          'component-uuid': g.uuid, uuid: scope.uuid('ssp', 'by-component', ...key),
          description: templates.render('ssp-model-undeclared', data),
          'implementation-status': { state: 'planned', remarks: 'No vendor declaration: the plan cannot claim this part for this model.' },
        };
      }
      statuses.push('implemented');
      const capChecks = [...new Set(caps.flatMap((c) => c.checks))].filter((id) => a.checks.find((c) => c.id === id)?.controls.includes(controlId));
      return {
        'component-uuid': g.uuid, uuid: scope.uuid('ssp', 'by-component', ...key),
        description: templates.render('ssp-model', { ...data, checkIds: capChecks, inPart: inPartAmong(capChecks, controlId), capabilities: caps.map((c) => ({ name: c.name, description: c.description, narrative: c.narrative ?? '' })) }),
        'implementation-status': { state: 'implemented' },
      };
    };
    const orgPart = (statementId: string | undefined): Json => {
      const key = [controlId, statementId ?? '', 'this-system'];
      const customerPart = vendorDeclared ? resp.customerPart ?? '' : '';
      const support = vendorDeclared && parts.every((p) => p.by === 'customer') ? declaring.map((g) => ({ model: g.title, capabilities: g.controls.get(controlId)!.map((c) => c.name) })) : [];
      if (org) {
        statuses.push(org.status);
        return orgByComponent(org, key, { controlId, title, statementId, customerPart });
      }
      needsNarrative = true;
      statuses.push('planned');
      return {
        'component-uuid': thisSystem, uuid: scope.uuid('ssp', 'by-component', ...key),
        description: templates.render('ssp-manual', { controlId, title, statementId, selection, inBaseline: baseline, customerPart, support, statement: statementId || !entry?.statement ? '' : fillStatement(entry.statement, entry.paramLabels ?? {}, () => undefined, assessmentOf(index, controlId)?.params ?? {}) }),
        'implementation-status': { state: 'planned', remarks: 'Nobody has declared how this is implemented: it stays planned until the system owner describes it (system description "controls", docs/ssp.md) and an assessor examines it.' },
      };
    };
    const byParts = parts.map((p) => {
      const bys: Json[] = [];
      if (p.by !== 'customer') for (const g of groups) bys.push(modelPart(g, p.statementId));
      if (p.by !== 'provider') bys.push(orgPart(p.statementId));
      return { statementId: p.statementId, bys };
    });
    // The organisation declared a control the products implement alone: its words stand beside theirs.
    const orgAlongside = org && parts.every((p) => p.by === 'provider') ? [orgPart(undefined)] : [];
    const statementLevel = parts.some((p) => p.statementId);
    const status = combineStatuses(statuses);
    const findingInPart = inPartAmong(finding?.checkIds ?? [], controlId);
    const method = finding ? (finding.checkIds.length ? 'automated' : finding.attestations?.length || finding.attestationMissing ? 'attestation' : 'manual') : 'manual';
    const reasons = [
      ...(vendorDeclared ? ['a vendor declares it'] : []),
      ...(org ? ['the system description declares it'] : []),
      ...(finding?.checkIds.length ? [`the automated checks ${finding.checkIds.join(', ')} evidence it${findingInPart.map((c) => ` (${c.id} in part: ${c.why})`).join('')}`] : []),
    ];
    // Every assessed control has its own finding in the results (partially assessed ones too).
    const linked = !!arResource && !!finding;
    // The status stays the declared one (the RMF order, docs/ssp.md); the finding is stated beside
    // it, so a control declared implemented that the assessment found not satisfied says so here.
    const verdict = linked ? findingWords(finding!) : undefined;
    const contradicted = linked && finding!.state === 'not-satisfied' && status !== 'planned' && status !== 'not-applicable';
    // The AR's finding of a partially assessed control is not-satisfied too (OSCAL has no third state): say why, without a POA&M.
    const partialBeside = linked && finding!.state === 'partial' && status !== 'planned' && status !== 'not-applicable';
    // Satisfied though declared planned: the evidence is the run's; the declaration is the organisation's to update.
    const aheadOfPlan = linked && finding!.state === 'satisfied' && status === 'planned';
    const remarks = [
      ...(baseline ? [] : [`Not in the ${selection}: included because ${reasons.join(' and ') || 'it was assessed'}.`]),
      ...(partialBeside ? [`Declared ${status}; the assessment of ${a.now} assessed it only in part: its finding in ${AR_FILE} is not-satisfied (reason other, assessment-state partially-assessed) because not all is shown (${partialLeftOf(finding!)}), not because anything failed, so it has no POA&M item.`] : []),
      ...(aheadOfPlan ? [`Declared planned, but the assessment of ${a.now} found it satisfied (see its findings in ${AR_FILE}): the evidence shows it in place; the declaration is the organisation's to update.`] : []),
      ...(contradicted ? [`Declared ${status}, but the assessment of ${a.now} found it not satisfied (see its findings in ${AR_FILE} and the POA&M): the declaration says what is in place, the finding that it does not work as required yet.`] : []),
      ...(needsNarrative ? [`NARRATIVE NEEDED: nobody has declared how ${controlId}${vendorDeclared && resp.overall !== 'provider' ? ` (the organisation's part)` : ''} is implemented; describe it in the system description's controls (docs/ssp.md).`] : []),
    ];
    return {
      uuid: scope.uuid('ssp', 'requirement', controlId),
      'control-id': controlId,
      props: [
        prop('implementation-status', status),
        prop('assessment-method', method),
        ...(needsNarrative ? [prop('narrative-needed', 'yes')] : []),
        prop('in-baseline', baseline ? 'yes' : 'no'),
        ...(finding?.checkIds.length ? [prop('checks', finding.checkIds.join(' ')), ...findingInPart.map((c) => checkInPartProp(c.id, c.why))] : []),
        ...(vendorDeclared ? [prop('responsibility', resp.overall)] : []),
        ...(linked ? [prop('assessment-finding', finding!.state === 'partial' ? 'partially-assessed' : finding!.state)] : []),
      ],
      ...(linked ? { links: [{ href: `#${arResource}`, rel: 'reference', text: oscalString(`Findings for ${controlId} in the assessment results of ${a.now} (${AR_FILE}): ${verdict}; they say whether it works, not whether it is implemented`) }] } : {}),
      ...(statementLevel
        ? {
            ...(orgAlongside.length ? { 'by-components': orgAlongside } : {}),
            statements: byParts.map((p) => ({ 'statement-id': p.statementId!, uuid: scope.uuid('ssp', 'statement', controlId, p.statementId!), 'by-components': p.bys })),
          }
        : { 'by-components': [...byParts.flatMap((p) => p.bys), ...orgAlongside] }),
      ...(remarks.length ? { remarks: remarks.join(' ') } : {}),
    };
  }

  /** The organisation's declaration of a control (or of its customer part). */
  function orgByComponent(org: ControlDeclaration, key: string[], data: { controlId: string; title: string; statementId?: string; customerPart: string }): Json {
    const roleRefs = [
      ...org.roles.map((r) => ({ 'role-id': r, ...(holders(r).length ? { 'party-uuids': holders(r) } : {}) })),
      ...(org.provider ? [{ 'role-id': 'common-control-provider', 'party-uuids': [providerUuid(org.provider)] }] : []),
    ];
    return {
      'component-uuid': thisSystem,
      uuid: scope.uuid('ssp', 'by-component', ...key),
      description: templates.render('ssp-declared', { ...data, status: org.status, origin: org.origin, provider: org.provider ?? '', narrative: org.narrative ?? '' }),
      props: [prop('control-origin', org.origin)],
      'implementation-status': { state: org.status },
      ...(roleRefs.length ? { 'responsible-roles': roleRefs } : {}),
    };
  }

  // The organisation's parameter values (controls/parameters.yaml defaults, profile, params file).
  const defs = new Map(opts.parameters.map((d) => [d.id, d] as const));
  const ofChecks = setParametersOf(a.params.flatMap((p) => (defs.has(p.id) ? [{ def: defs.get(p.id)!, value: p.value, origin: p.source }] : [])), index);
  const unknown = ofChecks.unknown;
  // And the ODPs no check parameter fills that a --params file or --profile set (at-2's
  // frequency): the values the attestations were judged against, which the plan must state too.
  const setParameters = [...ofChecks.setParameters, ...catalogSetParametersOf(index, new Set(ofChecks.setParameters.map((p) => p.paramId)))]
    .sort((x, y) => (x.paramId < y.paramId ? -1 : x.paramId > y.paramId ? 1 : 0));

  const undeclared = requirements.filter((r) => (r.props as Json[]).some((p) => p.name === 'narrative-needed')).length;
  const vendorCount = groups.filter((g) => g.declared).length;
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
        // Says that set-parameters state every ODP the run defined (the checks' and the catalog's, since
        // f417ada): diff judges this run's attested controls by them (src/drift/run.ts recordedOdps). A plan
        // without it may omit some, so it is read as recording none.
        props: [prop('generator', `ato-evidence ${a.toolVersion}`), prop('baseline', a.baseline), prop(ODPS_STATED_PROP, ODPS_STATED_ALL)],
      },
      // The profile as reports show paths: an absolute one would name the folders of the machine that ran it.
      'import-profile': { href: opts.profile ? pathAsHref(inputFileName(opts.profile)) : nistBaselineProfileUrl(a.baseline) },
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
        description: `How each control of the ${selection} is implemented, as declared: device models by their vendor's capability declaration (${opts.capabilities ? `${opts.capabilities.file}, ${vendorCount} of ${groups.length} model(s)` : 'none given'}), split between product and organisation by controls/responsibility.yaml; the organisation's part by the system description. ${undeclared} control(s) have a part nobody declared: planned, narrative needed. Whether the implementation works is the assessment's to say (${AR_FILE}), not this plan's.${unknown.length ? ` Parameters filling ${unknown.join(', ')} are not set here: the control catalog used does not define them.` : ''}`,
        ...(setParameters.length ? { 'set-parameters': setParameters.map(setParameterJson) } : {}),
        'implemented-requirements': requirements,
      },
      ...(arResource ? {
        'back-matter': {
          resources: [{
            uuid: arResource,
            title: 'Assessment results',
            description: `The OSCAL assessment results of ${a.now}, written with this plan: whether the implemented controls work. They do not set any status in this plan.`,
            rlinks: [{ href: opts.assessmentResults!.href, 'media-type': 'application/json', hashes: [{ algorithm: 'SHA-256', value: opts.assessmentResults!.sha256 }] }],
          }],
        },
      } : {}),
    },
  };
}
