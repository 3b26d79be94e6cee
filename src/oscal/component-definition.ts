// OSCAL 1.1.3 component definition of one device model, from a vendor capability file, the check
// catalog and the responsibility table: each capability names the checks that verify it, the
// checks name the controls, and controls/responsibility.yaml says which statements of each control
// the product implements and which are the customer's (docs/component-definition.md).
// Pure: no clock, no files.
import type { ModelCapabilities, VendorParameter } from '../catalog/capabilities.js';
import { lookupControl, type ControlIndex } from '../catalog/control-index.js';
import { responsibilityOf, type ResponsibilityTable } from '../catalog/responsibility.js';
import { withSelectionsOfAnyOrganisation } from '../catalog/selection-shown.js';
import { inPartOf, type Check } from '../catalog/types.js';
import { compareControlIds } from '../assess/controls.js';
import { LAYER_TITLES } from '../snapshot/types.js';
import { checkInPartProp, OSCAL_VERSION, oscalString, prop, type Json } from './common.js';
import { sha256Hex, UuidScope } from './ids.js';
import { setParameterJson, setParametersOf, type SetParameter } from './set-parameters.js';
import type { Templates } from './templates.js';

export interface ComponentDefinitionInput {
  model: ModelCapabilities;
  checks: readonly Check[];
  index: ControlIndex;
  /** Which statements of each control are the product's and which the customer's. */
  responsibility: ResponsibilityTable;
  /** control-implementation `source`: the catalog or profile the control ids come from (URL or path as an href). */
  source: string;
  /**
   * Controls `source` does not define (a baseline's resolved catalog lacks them), listed under
   * another source, NIST's rev5 catalog, in a control-implementation of their own.
   */
  otherSource?: { source: string; controls: ReadonlySet<string> };
  /** The capability file as the user named it (the origin of the vendor's parameter values). */
  capabilitiesFile: string;
  /** RFC 3339 UTC. */
  now: string;
  toolVersion: string;
}

/** The controls a model's capabilities evidence, each with the capabilities (and their checks) behind it. */
export function controlsOfModel(model: ModelCapabilities, checks: readonly Check[]): Map<string, ModelCapabilities['capabilities']> {
  const byId = new Map(checks.map((c) => [c.id, c] as const));
  const out = new Map<string, ModelCapabilities['capabilities']>();
  for (const cap of model.capabilities) {
    for (const id of new Set(cap.checks.flatMap((c) => byId.get(c)?.controls ?? []))) {
      const list = out.get(id) ?? [];
      list.push(cap);
      out.set(id, list);
    }
  }
  return new Map([...out].sort(([a], [b]) => compareControlIds(a, b)));
}

/** The vendor's parameter values as set-parameters, with the control each belongs to. */
export function vendorSetParameters(model: ModelCapabilities, index: ControlIndex, capabilitiesFile: string): { setParameters: SetParameter[]; unknown: string[] } {
  return setParametersOf(model.parameters.map((p) => ({ def: p.def, value: p.value, origin: `the vendor's capability file ${capabilitiesFile} (${p.where})` })), index);
}

/**
 * Vendor parameter values whose control the model implements none of: a set-parameter there would
 * answer a control the component does not claim. The caller reports them with their place.
 */
export function misplacedParameters(model: ModelCapabilities, checks: readonly Check[], index: ControlIndex): VendorParameter[] {
  const controls = controlsOfModel(model, checks);
  const owner = new Map<string, string>();
  for (const [id, e] of Object.entries(index.controls)) for (const p of e.params) owner.set(p, id);
  return model.parameters.filter((p) => !controls.has(owner.get(p.def.odp!) ?? ''));
}

export function buildComponentDefinition(input: ComponentDefinitionInput, templates: Templates): Json {
  const { model, checks, index, source, now, toolVersion, responsibility } = input;
  // No organisation stands behind a component definition, so none of its selection ODPs is made: a
  // check whose pass shows only some of a selection's choices (LOCKOUT-DURATION: 'lock the account
  // or node for …' of ac-07_odp.03) shows that objective only where the organisation makes those
  // choices, and is named in part, as the SSP of a run defining none names it (catalog/selection-shown.ts),
  // its why saying where the pass shows it ("only where the organisation selects …"), never that the
  // selection is "not defined": no organisation could have defined it here.
  const byId = new Map(withSelectionsOfAnyOrganisation(checks, index).map((c) => [c.id, c] as const));
  // The component and vendor keep their uuids across versions (an SSP may cite them); the document's
  // uuid changes with any input or the clock.
  const stable = new UuidScope(`ato-evidence component ${model.vendor}\u001f${model.name}`);
  const doc = new UuidScope(`ato-evidence component-definition ${sha256Hex(JSON.stringify({ model, checks: checks.map((c) => [c.id, c.controls, c.title, c.inPart ?? null]), source, now, toolVersion, responsibility: [...responsibility.values()] }))}`);
  const vendorParty = stable.uuid('party', 'vendor');
  const controls = controlsOfModel(model, checks);
  const params = vendorSetParameters(model, index, input.capabilitiesFile).setParameters;
  const provider = { 'role-id': 'provider', 'party-uuids': [vendorParty] };
  // The customer is whoever deploys the model: no party, the consuming SSP names it.
  const customer = { 'role-id': 'customer' };
  const rolesFor = (by: 'provider' | 'customer' | 'shared') => (by === 'provider' ? [provider] : by === 'customer' ? [customer] : [provider, customer]);

  const requirementOf = ([controlId, caps]: [string, ModelCapabilities['capabilities']]) => {
    const title = lookupControl(index, controlId)?.title ?? controlId;
    const resp = responsibilityOf(responsibility, controlId);
    const relevant = caps.map((cap) => ({
      name: cap.name, description: cap.description, narrative: cap.narrative ?? '',
      checks: cap.checks.map((id) => byId.get(id)!).filter((c) => c.controls.includes(controlId)).map((c) => ({ id: c.id, title: c.title, layerTitle: LAYER_TITLES[c.layer], inPart: inPartOf(c, controlId) ?? '' })),
    }));
    const checkIds = [...new Set(relevant.flatMap((r) => r.checks.map((c) => c.id)))];
    // The checks that show this control only in part, and what each leaves out (controls/checks.yaml `in-part`).
    const inPart = checkIds.flatMap((id) => { const why = inPartOf(byId.get(id)!, controlId); return why ? [{ id, why }] : []; });
    const capabilityNames = caps.map((c) => c.name);
    // A uuid names one statement: where the checks show the control only in part, what they leave out
    // is part of what the requirement and its provider's statements say, and a definition saying
    // another thing there gets another uuid (one showing it whole keeps the model's stable one).
    const inPartKey = inPart.length ? [sha256Hex(JSON.stringify(inPart))] : [];
    const statements = resp.statements.map((s) => ({
      'statement-id': s.statementId,
      uuid: stable.uuid('statement', controlId, s.statementId, ...(s.by === 'customer' ? [] : inPartKey)),
      description: templates.render('cd-statement', { by: s.by, statementId: s.statementId, controlId, model: model.name, vendor: model.vendor, capabilities: capabilityNames, checkIds, inPart, customerPart: resp.customerPart ?? '' }),
      'responsible-roles': rolesFor(s.by),
    }));
    const own = params.filter((p) => p.controlId === controlId);
    return {
      uuid: stable.uuid('implemented-requirement', controlId, ...inPartKey),
      'control-id': controlId,
      description: templates.render('cd-requirement', {
        controlId, title, vendor: model.vendor, model: model.name, capabilities: relevant, responsibility: resp.overall,
        customerPart: resp.customerPart ?? '', statementCount: statements.length,
        providerStatements: resp.statements.filter((s) => s.by === 'provider').map((s) => s.statementId),
        sharedStatements: resp.statements.filter((s) => s.by === 'shared').map((s) => s.statementId),
        customerStatements: resp.statements.filter((s) => s.by === 'customer').map((s) => s.statementId),
      }),
      props: [prop('checks', checkIds.join(' ')), ...inPart.map((c) => checkInPartProp(c.id, c.why)), prop('capabilities', capabilityNames.join('; ')), prop('responsibility', resp.overall)],
      ...(own.length ? { 'set-parameters': own.map(setParameterJson) } : {}),
      'responsible-roles': rolesFor(resp.overall),
      ...(statements.length ? { statements } : {}),
      ...(resp.unrecorded ? { remarks: resp.customerPart } : {}),
    };
  };
  const other = input.otherSource;
  const requirements = [...controls].filter(([id]) => !other?.controls.has(id)).map(requirementOf);
  const otherRequirements = other ? [...controls].filter(([id]) => other.controls.has(id)).map(requirementOf) : [];
  const description = `The SP 800-53 rev5 controls the ${model.name}'s ${model.capabilities.length} security capabilities implement or support: each capability names the ato-evidence checks that verify it (controls/checks.yaml), the controls are those the checks evidence, and each control's statements are split between the provider (the product) and the customer (the organisation operating it) as controls/responsibility.yaml records.`;

  return {
    'component-definition': {
      uuid: doc.uuid('document'),
      metadata: {
        title: oscalString(`Component definition: ${model.vendor} ${model.name}`),
        'last-modified': now,
        version: now,
        'oscal-version': OSCAL_VERSION,
        roles: [{ id: 'provider', title: 'Provider' }, { id: 'customer', title: 'Customer' }],
        parties: [{ uuid: vendorParty, type: 'organization', name: oscalString(model.vendor) }],
        props: [prop('generator', `ato-evidence ${toolVersion}`)],
      },
      components: [{
        uuid: stable.uuid('component'),
        type: 'hardware',
        title: oscalString(model.name),
        description: model.description,
        purpose: oscalString(`Imaging-device console (${model.vendor}); its security capabilities, the SP 800-53 rev5 controls they implement or support, and which parts of each control remain the customer's.`),
        props: [{ name: 'vendor-name', value: oscalString(model.vendor) }, { name: 'model', value: oscalString(model.name) }],
        'responsible-roles': [provider, customer],
        'control-implementations': [
          ...(requirements.length ? [{ uuid: stable.uuid('control-implementation', source), source, description, 'implemented-requirements': requirements }] : []),
          ...(other && otherRequirements.length ? [{
            uuid: stable.uuid('control-implementation', other.source),
            source: other.source,
            description: `${description} These controls are not in ${source}, the catalog the others come from: their ids and statements are those of this catalog.`,
            'implemented-requirements': otherRequirements,
          }] : []),
        ],
      }],
    },
  };
}
