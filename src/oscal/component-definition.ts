// OSCAL 1.1.3 component definition of one device model, from a vendor capability file and the
// check catalog: each capability names the checks that verify it, and the checks name the controls.
// Pure: no clock, no files.
import type { ModelCapabilities } from '../catalog/capabilities.js';
import { lookupControl, type ControlIndex } from '../catalog/control-index.js';
import type { Check } from '../catalog/types.js';
import { compareControlIds } from '../assess/controls.js';
import { LAYER_TITLES } from '../snapshot/types.js';
import { OSCAL_VERSION, oscalString, prop, type Json } from './common.js';
import { sha256Hex, UuidScope } from './ids.js';
import type { Templates } from './templates.js';

export interface ComponentDefinitionInput {
  model: ModelCapabilities;
  checks: readonly Check[];
  index: ControlIndex;
  /** control-implementation `source`: the catalog or profile the control ids come from (URL or path as an href). */
  source: string;
  /** RFC 3339 UTC. */
  now: string;
  toolVersion: string;
}

/** The controls a model's capabilities implement, each with the capabilities (and their checks) behind it. */
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

export function buildComponentDefinition(input: ComponentDefinitionInput, templates: Templates): Json {
  const { model, checks, index, source, now, toolVersion } = input;
  const byId = new Map(checks.map((c) => [c.id, c] as const));
  // The component and vendor keep their uuids across versions (an SSP may cite them); the document's
  // uuid changes with any input or the clock.
  const stable = new UuidScope(`ato-evidence component ${model.vendor}\u001f${model.name}`);
  const doc = new UuidScope(`ato-evidence component-definition ${sha256Hex(JSON.stringify({ model, checks: checks.map((c) => [c.id, c.controls, c.title]), source, now, toolVersion }))}`);
  const vendorParty = stable.uuid('party', 'vendor');
  const controls = controlsOfModel(model, checks);

  const requirements = [...controls].map(([controlId, caps]) => {
    const title = lookupControl(index, controlId)?.title ?? controlId;
    const relevant = caps.map((cap) => ({
      name: cap.name, description: cap.description, narrative: cap.narrative ?? '',
      checks: cap.checks.map((id) => byId.get(id)!).filter((c) => c.controls.includes(controlId)).map((c) => ({ id: c.id, title: c.title, layerTitle: LAYER_TITLES[c.layer] })),
    }));
    const checkIds = [...new Set(relevant.flatMap((r) => r.checks.map((c) => c.id)))];
    return {
      uuid: stable.uuid('implemented-requirement', controlId),
      'control-id': controlId,
      description: templates.render('cd-requirement', { controlId, title, vendor: model.vendor, model: model.name, capabilities: relevant }),
      props: [prop('checks', checkIds.join(' ')), prop('capabilities', caps.map((c) => c.name).join('; '))],
    };
  });

  return {
    'component-definition': {
      uuid: doc.uuid('document'),
      metadata: {
        title: oscalString(`Component definition: ${model.vendor} ${model.name}`),
        'last-modified': now,
        version: now,
        'oscal-version': OSCAL_VERSION,
        roles: [{ id: 'provider', title: 'Provider' }],
        parties: [{ uuid: vendorParty, type: 'organization', name: oscalString(model.vendor) }],
        props: [prop('generator', `ato-evidence ${toolVersion}`)],
      },
      components: [{
        uuid: stable.uuid('component'),
        type: 'hardware',
        title: oscalString(model.name),
        description: model.description,
        purpose: oscalString(`Imaging-device console (${model.vendor}); its security capabilities and the SP 800-53 rev5 controls they implement, verified by ato-evidence checks.`),
        props: [{ name: 'vendor-name', value: oscalString(model.vendor) }, { name: 'model', value: oscalString(model.name) }],
        'responsible-roles': [{ 'role-id': 'provider', 'party-uuids': [vendorParty] }],
        'control-implementations': [{
          uuid: stable.uuid('control-implementation', source),
          source,
          description: `The SP 800-53 rev5 controls the ${model.name}'s ${model.capabilities.length} security capabilities implement: each capability names the ato-evidence checks that verify it (controls/checks.yaml), and the controls are those the checks evidence.`,
          'implemented-requirements': requirements,
        }],
      }],
    },
  };
}
