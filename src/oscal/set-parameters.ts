// OSCAL set-parameters from ato-evidence parameter values: the organisation's (SSP) or the
// vendor's (component definition). One set-parameter per SP 800-53 ODP, whatever number of
// ato-evidence parameters fill it (ia-05.01_odp.02 holds the minimum length, the history and the
// minimum age), each value labelled with what it is, and the origin of each in the remarks.
// Pure.
import type { ControlIndex } from '../catalog/control-index.js';
import type { ParameterDef } from '../catalog/types.js';
import type { Json } from './common.js';
import { definesOdp } from '../params/resolve.js';
import { singular } from '../catalog/check-texts.js';
import { PROJECT_NS } from './ids.js';

/**
 * The SSP's metadata prop saying its set-parameters state every ODP its run defined, none left out:
 * what a later diff reads to judge that run's attested controls by its own values (src/drift/run.ts).
 */
export const ODPS_STATED_PROP = 'defined-odps';
export const ODPS_STATED_ALL = 'all-in-set-parameters';

export interface ParameterValue {
  def: ParameterDef;
  value: unknown;
  /** Where the value came from ("default (DISA …)", "params file site.csv (line 3)", …). */
  origin: string;
}

export interface SetParameter {
  /** The ODP id ("ac-07_odp.01"). */
  paramId: string;
  /** The control whose parameter it is, in the control index. */
  controlId: string;
  values: string[];
  remarks: string;
}

/** "Largest acceptable number of bad logon attempts before lockout: 3 attempts". */
export function parameterValueText(def: ParameterDef, value: unknown): string {
  const shown = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  // "1 day", not "1 days".
  const unit = def.unit && value === 1 ? singular(def.unit) : def.unit;
  return `${def.title}: ${shown === '' ? '(none)' : shown}${unit && !Array.isArray(value) ? ` ${unit}` : ''}`;
}

/**
 * The set-parameters the values fill, in ODP order. Values of parameters without an ODP are not
 * set-parameters (their `basis` names the ODP they only relate to); ODPs the index does not know
 * (a --catalog without their control) are returned in `unknown`.
 */
export function setParametersOf(values: readonly ParameterValue[], index: ControlIndex): { setParameters: SetParameter[]; unknown: string[] } {
  const owner = new Map<string, string>();
  for (const [id, e] of Object.entries(index.controls)) for (const p of e.params) owner.set(p, id);
  const byOdp = new Map<string, ParameterValue[]>();
  for (const v of values) {
    // A value nobody defined (no default, none given, an empty list) sets nothing: the ODP stays the organisation's to define.
    if (!v.def.odp || !definesOdp(v.value, v.origin)) continue;
    byOdp.set(v.def.odp, [...(byOdp.get(v.def.odp) ?? []), v]);
  }
  const setParameters: SetParameter[] = [];
  const unknown: string[] = [];
  for (const odp of [...byOdp.keys()].sort()) {
    const controlId = owner.get(odp);
    if (!controlId) {
      unknown.push(odp);
      continue;
    }
    const list = byOdp.get(odp)!;
    setParameters.push({
      paramId: odp,
      controlId,
      values: list.map((v) => parameterValueText(v.def, v.value)),
      remarks: `${list.length > 1 ? 'Values' : 'Value'} of the ato-evidence parameter${list.length > 1 ? 's' : ''} ${list.map((v) => `${v.def.id} from ${v.origin}`).join('; ')}.`,
    });
  }
  return { setParameters, unknown };
}

/**
 * The organisation's values of ODPs no check parameter fills (at-02_odp.01, the frequency of
 * awareness training), as the run judged attestations against them: a --params entry or a
 * --profile's set-parameters value (the index entries' paramValues, assess/config.ts). Those
 * `taken` (set by a check parameter) are left to setParametersOf. In ODP order.
 */
export function catalogSetParametersOf(index: ControlIndex, taken: ReadonlySet<string>): SetParameter[] {
  const out: SetParameter[] = [];
  for (const [controlId, e] of Object.entries(index.controls)) {
    for (const [paramId, value] of Object.entries(e.paramValues ?? {})) {
      if (!paramId.includes('_odp') || taken.has(paramId) || !value.trim()) continue;
      const origin = e.paramOrigins?.[paramId];
      out.push({ paramId, controlId, values: [value], remarks: `The organisation's value${origin ? ` from ${origin}` : ''}; no ato-evidence parameter fills it: manual attestations of ${controlId} are judged against it.` });
    }
  }
  return out.sort((a, b) => (a.paramId < b.paramId ? -1 : a.paramId > b.paramId ? 1 : 0));
}

export function setParameterJson(p: SetParameter): Json {
  return { 'param-id': p.paramId, values: p.values, remarks: p.remarks };
}

/**
 * The organisation-defined parameters a run defined, with their values, as its ssp.json text states
 * them: its set-parameters (values joined by "; "), where its metadata says they are every one the
 * run defined (ODPS_STATED_PROP). Undefined where it does not say so (a plan written before it
 * stated them) or cannot be read: its run's values are then not recorded, never read as none made.
 * A set-parameter without a value sets nothing (the SSP never writes one; a hand-edited plan might).
 * One reader for `diff` (each side judged with its own) and `export hdf` (the package's checks).
 */
export function statedOdpValues(sspText: string): Map<string, string> | undefined {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  let ssp: unknown;
  try {
    ssp = (JSON.parse(sspText) as Record<string, unknown> | null)?.['system-security-plan'];
  } catch {
    return undefined;
  }
  if (!isObj(ssp) || !isObj(ssp.metadata) || !Array.isArray(ssp.metadata.props)) return undefined;
  if (!ssp.metadata.props.some((p) => isObj(p) && p.name === ODPS_STATED_PROP && p.ns === PROJECT_NS && p.value === ODPS_STATED_ALL)) return undefined;
  const impl = ssp['control-implementation'];
  const out = new Map<string, string>();
  for (const sp of isObj(impl) && Array.isArray(impl['set-parameters']) ? impl['set-parameters'] : []) {
    if (!isObj(sp) || typeof sp['param-id'] !== 'string' || !Array.isArray(sp.values)) continue;
    const values = sp.values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (values.length) out.set(sp['param-id'], values.join('; '));
  }
  return out;
}
