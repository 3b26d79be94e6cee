// A vendor capability file (YAML or JSON): per device model, the security capabilities it offers,
// each naming the ato-evidence checks that verify it on a console, and the parameter values the
// vendor configures. The component definition
// (src/oscal/component-definition.ts) derives the controls from those checks. Format: docs/component-definition.md.
import { notTextMessage, numberTextReader, parseYamlText } from '../io/yaml-text.js';
import { UserError } from '../io/errors.js';
import { refuseUnknownKeys } from '../io/known-keys.js';
import { redactText } from '../snapshot/secrets.js';
import { coerce } from '../params/resolve.js';
import type { ParameterDef } from './types.js';

export interface Capability {
  name: string;
  description: string;
  /** Check ids of the check catalog that verify this capability. */
  checks: string[];
  /** Optional words of the vendor's own on how the capability implements its controls. */
  narrative?: string;
}

/** A value the vendor configures the model with, for a parameter of controls/parameters.yaml that fills an ODP. */
export interface VendorParameter {
  def: ParameterDef;
  value: unknown;
  /** Pointer of the value in the file, for messages and the set-parameter's origin. */
  where: string;
}

export interface ModelCapabilities {
  name: string;
  vendor: string;
  description: string;
  /** Pointer of the model in the file, for messages. */
  where: string;
  capabilities: Capability[];
  /** The vendor's parameter values (the component definition's set-parameters), in file order. */
  parameters: VendorParameter[];
}

export interface CapabilityFile {
  vendor: string;
  models: ModelCapabilities[];
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and checks a capability file; check ids are checked against `knownChecks`, parameter ids
 * and values against `parameterDefs` (controls/parameters.yaml).
 */
export function parseCapabilities(text: string, file: string, knownChecks: ReadonlySet<string>, parameterDefs: readonly ParameterDef[] = []): CapabilityFile {
  const doc = parseYamlText(text, file);
  const asWritten = numberTextReader(text, file);
  const fail = (where: string, message: string): never => {
    throw new UserError(message, { file, where });
  };
  // A key the tool does not read is refused, naming the nearest known key (io/known-keys.ts).
  const known = (o: Raw, keys: readonly string[], where: string) => refuseUnknownKeys(o, keys, where, fail);
  const str = (o: Raw, key: string, where: string, required: boolean): string | undefined => {
    const v = o[key];
    if (v === undefined || v === null) return required ? fail(`${where}/${key}`, `"${key}" is required`) : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') fail(`${where}/${key}`, notTextMessage(key, v) ?? `"${key}" must be text`);
    // A number here is text YAML read as one (version: 1.10 as 1.1): keep it as written.
    const s = (typeof v === 'number' ? asWritten(v, `${where}/${key}`, key) : (v as string)).replace(/\s+/g, ' ').trim();
    if (s === '') fail(`${where}/${key}`, `"${key}" must not be empty`);
    return redactText(s);
  };

  if (!isObject(doc)) fail('/', 'must be a mapping with "vendor" and "models"');
  const root = doc as Raw;
  known(root, ['vendor', 'models'], '');
  const vendor = str(root, 'vendor', '', true)!;
  if (!Array.isArray(root.models) || root.models.length === 0) fail('/models', '"models" must be a non-empty list of { name, description, capabilities }');
  const seen = new Map<string, string>();
  const models = (root.models as unknown[]).map((m, i): ModelCapabilities => {
    const w = `/models/${i}`;
    if (!isObject(m)) fail(w, 'must be a mapping with name, description and capabilities');
    const o = m as Raw;
    known(o, ['name', 'vendor', 'description', 'capabilities', 'parameters'], w);
    const name = str(o, 'name', w, true)!;
    const prev = seen.get(name.toLowerCase());
    if (prev) fail(`${w}/name`, `model "${name}" is already described at ${prev}`);
    seen.set(name.toLowerCase(), w);
    if (!Array.isArray(o.capabilities) || o.capabilities.length === 0) fail(`${w}/capabilities`, '"capabilities" must be a non-empty list of { name, description, checks }');
    const capabilities = (o.capabilities as unknown[]).map((c, j): Capability => {
      const cw = `${w}/capabilities/${j}`;
      if (!isObject(c)) fail(cw, 'must be a mapping with name, description and checks');
      const co = c as Raw;
      known(co, ['name', 'description', 'checks', 'narrative'], cw);
      if (!Array.isArray(co.checks) || co.checks.length === 0) fail(`${cw}/checks`, '"checks" must be a non-empty list of check ids (see `ato-evidence checks`)');
      const checks = (co.checks as unknown[]).map((id, k) => {
        if (typeof id !== 'string' || !knownChecks.has(id)) fail(`${cw}/checks/${k}`, `${JSON.stringify(id)} is not a check of the check catalog (see \`ato-evidence checks\`)`);
        return id as string;
      });
      const narrative = str(co, 'narrative', cw, false);
      return { name: str(co, 'name', cw, true)!, description: str(co, 'description', cw, true)!, checks, ...(narrative ? { narrative } : {}) };
    });
    const parameters: VendorParameter[] = [];
    if (o.parameters !== undefined) {
      if (!isObject(o.parameters)) fail(`${w}/parameters`, '"parameters" must be a mapping of parameter id (see `ato-evidence checks --params`) to the value the vendor configures');
      for (const [id, raw] of Object.entries(o.parameters as Raw)) {
        const pw = `${w}/parameters/${id}`;
        const def = parameterDefs.find((d) => d.id === id);
        if (!def) fail(pw, `"${id}" is not a parameter of controls/parameters.yaml (see \`ato-evidence checks --params\`)`);
        if (!def!.odp) fail(pw, `${id} fills no SP 800-53 ODP (its basis names the ODP it only relates to), so it cannot be a set-parameter of the component definition`);
        // A text parameter given as a YAML number keeps its text as written (1.50, not 1.5), or is refused where that cannot be found.
        const text = def!.type === 'string' || def!.type === 'string-list';
        const written = !text ? raw : typeof raw === 'number' ? asWritten(raw, pw, id) : Array.isArray(raw) ? raw.map((x, i) => (typeof x === 'number' ? asWritten(x, `${pw}/${i}`, `${id}[${i}]`) : x)) : raw;
        const c = coerce(def!, raw, written);
        if (!c.ok) fail(pw, `${id} ${c.why}`);
        parameters.push({ def: def!, value: (c as { value: unknown }).value, where: pw });
      }
    }
    return { name, vendor: str(o, 'vendor', w, false) ?? vendor, description: str(o, 'description', w, true)!, where: w, capabilities, parameters };
  });
  return { vendor, models };
}

/** The model named (case-insensitive), or a UserError listing the models the file describes. */
export function findModel(caps: CapabilityFile, name: string, file: string): ModelCapabilities {
  const m = caps.models.find((x) => x.name.toLowerCase() === name.trim().toLowerCase());
  if (!m) throw new UserError(`describes no model "${name}"; known models: ${caps.models.map((x) => `"${x.name}"`).join(', ')}`, { file, where: '/models' });
  return m;
}

/**
 * The warning when a capability file describes none of some assessed devices' models: each model by
 * name, and the devices that name no manufacturer or model counted apart (they cannot be matched to
 * any declaration), in a sentence that reads for one, several or both.
 */
export function undescribedModelsWarning(file: string, sspFile: string, models: readonly string[], unidentified: number): string | undefined {
  const said: string[] = [];
  const credited: string[] = [];
  if (models.length === 1) said.push(`describes no model "${models[0]}"`);
  else if (models.length > 1) said.push(`describes none of the models ${models.map((m) => `"${m}"`).join(', ')}`);
  if (models.length) credited.push(models.length === 1 ? 'that model' : 'those models');
  if (unidentified > 0) {
    said.push(`cannot describe ${unidentified === 1 ? 'the device that names' : `the ${unidentified} devices that name`} no manufacturer or model`);
    credited.push(unidentified === 1 ? 'that device' : 'those devices');
  }
  if (!said.length) return undefined;
  return `${file} ${said.join(', and ')}: ${sspFile} credits ${credited.join(' and ')} with no control`;
}
