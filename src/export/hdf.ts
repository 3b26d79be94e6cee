// Heimdall Data Format (InSpec exec JSON): one profile, one control per check, one result per
// device. Pure: the document is returned with its controls and results as StreamedArrays (a
// 10,000-device fleet has 700,000 results), written by the edge with writeJsonStream.
//
// Results: pass → passed; fail → failed; deviation → failed (the setting differs from the
// requirement; the approved deviation is in the message); not-applicable → skipped; not-collected
// → error, so that Heimdall shows the control as "Profile Error" rather than "Passed" when some
// device's evidence is missing (Heimdall calls a control with passed and skipped results Passed).
// But Heimdall (inspecjs) ranks any error above a failure: a check failing on one device and not
// collected on another would show "Profile Error", the fail hidden, where the AR's finding is not
// satisfied. Where some device fails, a not-collected result is skipped instead (its message says
// the evidence was not collected): the control shows Failed.
// Impact: CAT I 0.7, CAT II 0.5, CAT III 0.3 (Heimdall's high / medium / low), and 0 when the check
// applies to no device (Heimdall's Not Applicable). Tag nist_in_part: the controls this check, or
// the whole catalog, shows only in part, so a Passed in Heimdall's NIST view is not read as satisfied.
// STIG scope: the results are the checks' (as the AR's), but on a device whose OS the Windows 10
// STIG does not cover (stig-scope.ts stigScope) a result does not show the rules of tag stig_id
// met: its message says so, and a description labelled stig_scope names those devices.
import { namedObserved } from '../catalog/check-wording.js';
import { createHash } from 'node:crypto';
import { ControlAggregator, type ControlInfo, type ShownInPartOn } from '../assess/controls.js';
import { inPartOf, type Check, type ParameterDef, type Severity } from '../catalog/types.js';
import { paramsOffCatalog } from './checklist.js';
import { stigScope, type StigScope } from './stig-scope.js';
import { checkRoute, controlLabel, loadStigData } from '../catalog/stig.js';
import type { CheckStatus } from '../evaluate/evaluate-check.js';
import { StreamedArray } from '../io/json-stream.js';
import { LAYER_TITLES } from '../snapshot/types.js';
import { showControls } from './emass.js';
import { evidenceLine, requiredOf, staleLine, type DeviceResult, type ExportDevice } from './results.js';

export const IMPACT: Record<Severity, number> = { 'CAT I': 0.7, 'CAT II': 0.5, 'CAT III': 0.3 };
export const HDF_SEVERITY: Record<Severity, string> = { 'CAT I': 'high', 'CAT II': 'medium', 'CAT III': 'low' };

export type HdfResultStatus = 'passed' | 'failed' | 'skipped' | 'error';

export function hdfStatus(s: CheckStatus): HdfResultStatus {
  switch (s) {
    case 'pass': return 'passed';
    case 'fail':
    case 'deviation': return 'failed';
    case 'not-applicable': return 'skipped';
    default: return 'error';
  }
}

export interface HdfInput {
  systemName: string;
  toolVersion: string;
  devices: readonly ExportDevice[];
  checks: readonly Check[];
  /** Status of check c on device d (no spool read), and the full result. */
  status(d: number, c: number): CheckStatus | undefined;
  result(d: number, c: number): DeviceResult | undefined;
  /**
   * The objectives of a control (rev 5 id, `cm-7.2`) that no check of the catalog shows whole
   * (assess/controls.ts leavesNoCheckShows): the AR leaves them to the assessor whatever the results.
   */
  leftToAssessor?(controlId: string): readonly string[];
  /**
   * The objectives of a control some devices showed only in part, given these results
   * (ControlAggregator.shownInPartOn): the AR leaves them to the assessor as well.
   */
  shownInPartOn?(controlId: string): readonly ShownInPartOn[];
  /** The catalog's parameters, by id: a pass judged against another value does not show the STIG rules met. */
  parameters?: ReadonlyMap<string, ParameterDef>;
  /** The run's parameters by id, as the AR's results state them (PackageResults.runParameters): the "Required:" line's values. */
  runParameters?: ReadonlyMap<string, string>;
}

/**
 * Per control, the objectives some device showed only in part given the package's statuses: the
 * AR's own aggregation (assess/controls.ts) run again over them, so the HDF says what the AR says.
 */
export function shownInPartBy(checks: readonly Check[], devices: readonly ExportDevice[], status: (d: number, c: number) => CheckStatus | undefined, lookup: (controlId: string) => ControlInfo | undefined): (controlId: string) => readonly ShownInPartOn[] {
  const agg = new ControlAggregator(checks, lookup, '');
  for (let d = 0; d < devices.length; d++) {
    // A result the package lacks is undefined: the aggregator reads it as missing evidence.
    agg.addDevice(devices[d]!.id, checks.map((_, c) => status(d, c)) as CheckStatus[], () => undefined);
  }
  return (controlId) => agg.shownInPartOn(controlId);
}

/** A result's HDF status; `failing`: another device's result of the check failed (see the head comment). */
function statusOf(s: CheckStatus | undefined, failing: boolean): HdfResultStatus {
  const status = s === undefined ? 'error' : hdfStatus(s);
  return status === 'error' && failing ? 'skipped' : status;
}

function resultOf(r: DeviceResult | undefined, device: ExportDevice, check: Check, failing: boolean, run: ReadonlyMap<string, string>, scope: StigScope, stigIds: readonly string[]): Record<string, unknown> {
  const start = r?.collected || device.collectedAt || '';
  // Only where the check cites a rule of the STIG does the result read as one of its determinations.
  const scopeLine = !scope.covered && stigIds.length && r && r.status !== 'not-applicable' && r.status !== 'not-collected'
    ? `STIG scope: ${scope.why} This result is the check's: it does not show ${stigIds.join(', ')} ${r.status === 'pass' ? 'met' : 'open'} under that STIG.`
    : undefined;
  if (!r) {
    const text = `The package holds no result of ${check.id} for ${device.id}.`;
    return {
      status: statusOf(undefined, failing), code_desc: `${check.id} on ${device.id}`, run_time: 0, start_time: start, resource: device.id, resource_id: device.id,
      ...(failing ? { skip_message: text } : { message: text }),
    };
  }
  const status = statusOf(r.status, failing);
  const required = requiredOf(check, r, run);
  const lines = [`Observed: ${namedObserved(check, r.observed)}`, `Required: ${required}`];
  for (const p of r.params) lines.push(`Parameter: ${p}`);
  if (r.deviation) lines.push(`Approved deviation: ${r.deviation}`);
  if (r.expiredDeviation) lines.push(`A deviation ${r.expiredDeviation}`);
  const stale = staleLine(r, device);
  if (stale) lines.push(stale);
  if (r.notCollected) lines.push(`Not collected: ${r.notCollected}`);
  for (const p of r.provenance) lines.push(`Source: ${p.source}${p.sha256 ? `, SHA-256 ${p.sha256}` : ''}`);
  const evidence = evidenceLine(r, device, false);
  if (evidence) lines.push(evidence);
  if (scopeLine) lines.push(scopeLine);
  const out: Record<string, unknown> = {
    status,
    // Heimdall shows code_desc to people: the requirement in the words of the "Required:" line.
    code_desc: showControls(`${check.id} on ${device.id}: ${required}`),
    run_time: 0,
    start_time: start,
    resource: device.id,
    resource_id: device.id,
  };
  // As in the checklists: control characters and bidi overrides of a console's value are shown, not passed to Heimdall.
  const notCollected = r.status === 'not-collected' ? `Evidence not collected on ${device.id}: nothing is claimed.\n` : '';
  if (status === 'skipped') out.skip_message = showControls(notCollected ? notCollected + lines.join('\n') : `Does not apply to ${device.id}. ${lines.join('\n')}`);
  else out.message = showControls(notCollected + lines.join('\n'));
  return out;
}

function control(input: HdfInput, c: number, scopes: readonly StigScope[]): Record<string, unknown> {
  const check = input.checks[c]!;
  const route = checkRoute(check);
  let appliesSomewhere = false;
  let any = false;
  let passed = -1;
  let failing = false;
  for (let d = 0; d < input.devices.length; d++) {
    const s = input.status(d, c);
    if (s === undefined) continue;
    any = true;
    if (s !== 'not-applicable') appliesSomewhere = true;
    if (s === 'pass' && passed < 0) passed = d;
    if (hdfStatus(s) === 'failed') failing = true;
  }
  const impact = any && !appliesSomewhere ? 0 : IMPACT[check.severity];
  const tags: Record<string, unknown> = {
    severity: HDF_SEVERITY[check.severity],
    cat: check.severity,
    nist: check.controls.map(controlLabel),
    cci: route.ccis.map((x) => x.cci),
    stig_id: route.rules.map((r) => r.stigId),
    gid: route.rules.map((r) => r.vulnId),
    rid: route.rules.map((r) => r.ruleId),
    layer: check.layer,
  };
  const rev4 = route.ccis.filter((x) => x.revision !== 5);
  if (rev4.length) tags.cci_without_rev5 = rev4.map((x) => `${x.cci}: ${x.refs.length ? `rev 4 ${x.refs.join('; ')}` : 'no 800-53 reference'}`);
  if (route.outside.length) tags.stig_id_other = route.outside;
  if (check.mds2?.length) tags.mds2 = check.mds2;
  const descriptions = [{ label: 'default', data: check.description ?? check.title }];
  if (check.remediation) descriptions.push({ label: 'fix', data: check.remediation });
  // HDF has no "partially assessed": Heimdall's NIST view colours each tagged control by the
  // results of the checks tagged with it, Passed when they all pass. Where this check covers a
  // control only in part, or the catalog's checks leave objectives of it to the assessor (SC-7 by
  // FW-ENABLED and its like: the AR holds it partially assessed at best), say so beside the tag.
  const inPart = check.controls.flatMap((id) => {
    const own = inPartOf(check, id);
    const left = input.leftToAssessor?.(id) ?? [];
    // On a device where the checks showing an objective whole did not apply, the in-part ones'
    // passes leave it to the assessor there (assess/controls.ts): as the AR says, per device.
    const onDevices = (input.shownInPartOn?.(id) ?? []).filter((o) => !left.includes(o.objectiveId)).map((o) => {
      const more = o.count - o.devices.length;
      return `${o.objectiveId} is shown only in part on ${o.devices.join(', ')}${more > 0 ? ` and ${more} more device(s)` : ''} (the checks showing it whole did not apply there): left to the assessor`;
    });
    const why = [own, left.length ? `no check shows ${left.join(', ')}: left to the assessor` : undefined, ...onDevices].filter((x) => x !== undefined).join('; ');
    return why ? [{ id: controlLabel(id), why }] : [];
  });
  if (inPart.length) {
    tags.nist_in_part = inPart.map((x) => x.id);
    descriptions.push({
      label: 'nist_in_part',
      data: `${inPart.map((x) => `${x.id}: assessed only in part by this check (${x.why})`).join('; ')}. A passed result here does not show the control satisfied: its other objectives are another check's or the assessor's, and assessment-results.json holds the control's finding.`,
    });
  }
  // As the checklists (checklist.ts): a pass against a value the organisation set, not the
  // catalog's (the STIG's), does not show the rules of stig_id met. The run's values are the same
  // for every device, so one passing result names them.
  const own = passed >= 0 && input.parameters && route.rules.length ? paramsOffCatalog(input.result(passed, c), input.parameters) : [];
  if (own.length) {
    descriptions.push({
      label: 'stig_not_shown',
      data: `Judged against ${own.join('; ')}, set by the organisation, not the catalog's (the STIG's) value: a passed result does not show ${route.rules.map((r) => r.stigId).join(', ')} met, and the checklists leave those rules Not_Reviewed.`,
    });
  }
  const outside = route.rules.length ? input.devices.filter((_, d) => !scopes[d]!.covered && input.status(d, c) !== undefined).map((d) => d.id) : [];
  if (outside.length) {
    const stig = loadStigData().stig;
    const shown = outside.slice(0, 50).join(', ') + (outside.length > 50 ? ` and ${outside.length - 50} more device(s)` : '');
    descriptions.push({
      label: 'stig_scope',
      data: `The ${stig.title} covers Windows 10; ${shown} ${outside.length === 1 ? 'runs' : 'run'} another or an unnamed operating system (each result's message names it): there, a result of this check does not show ${route.rules.map((r) => r.stigId).join(', ')} met or open, and the checklists leave those rules Not_Reviewed.`,
    });
  }
  return {
    id: check.id,
    title: check.title,
    desc: check.description ?? check.title,
    descriptions,
    impact,
    refs: [],
    tags,
    code: `# ato-evidence check ${check.id} (controls/checks.yaml), method ${check.method}`,
    source_location: { ref: 'controls/checks.yaml' },
    results: new StreamedArray(function* () {
      const run = input.runParameters ?? new Map<string, string>();
      const ids = route.rules.map((r) => r.stigId);
      for (let d = 0; d < input.devices.length; d++) yield resultOf(input.result(d, c), input.devices[d]!, check, failing, run, scopes[d]!, ids);
    }),
  };
}

/** A digest of what the profile's controls are (the checks as exported), for the profile's sha256. */
function profileDigest(checks: readonly Check[]): string {
  const h = createHash('sha256');
  for (const c of checks) h.update(JSON.stringify([c.id, c.title, c.severity, c.controls, c.stig ?? []]));
  return h.digest('hex');
}

/** The checks with a result on at least one device (the profile's controls), as indices. */
export function presentChecks(input: Pick<HdfInput, 'devices' | 'checks' | 'status'>): number[] {
  const out: number[] = [];
  for (let c = 0; c < input.checks.length; c++) {
    for (let d = 0; d < input.devices.length; d++) {
      if (input.status(d, c) !== undefined) {
        out.push(c);
        break;
      }
    }
  }
  return out;
}

/** Ids shown in a sentence: the first 50, then how many more. */
function shownIds(ids: readonly string[]): string {
  return ids.slice(0, 50).join(', ') + (ids.length > 50 ? ` and ${ids.length - 50} more device(s)` : '');
}

/**
 * The profile's summary: the checks are against NIST SP 800-53 rev5 for every device, against the
 * Windows 10 STIG only for the devices it covers (stig-scope.ts stigScope), named, so the whole fleet
 * is not read as assessed under the STIG.
 */
export function profileSummary(deviceIds: readonly string[], scopes: readonly StigScope[]): string {
  const covered = deviceIds.filter((_, i) => scopes[i]?.covered);
  const outside = deviceIds.filter((_, i) => !scopes[i]?.covered);
  const base = 'Configuration checks of imaging-device consoles against NIST SP 800-53 rev5';
  if (!deviceIds.length) return `${base}, one result per device; no device was assessed.`;
  if (!outside.length) return `${base} and the DISA Windows 10 STIG, one result per device: the STIG covers every device's operating system (Windows 10).`;
  // Devices whose OS the package does not name (not collected, or an older package) are not said to
  // be outside the STIG: whether it covers them is not known.
  const unknown = deviceIds.filter((_, i) => { const sc = scopes[i]; return !!sc && !sc.covered && sc.unknown; });
  if (unknown.length) {
    const known = outside.filter((d) => !unknown.includes(d));
    const coveredPart = covered.length ? `, and against the DISA Windows 10 STIG for the ${covered.length} of ${deviceIds.length} devices it covers (Windows 10: ${shownIds(covered)})` : '';
    const knownPart = known.length ? ` It does not cover ${shownIds(known)} (another operating system; each result's message names it).` : '';
    return `${base}, one result per device${coveredPart}.${knownPart} Whether the DISA Windows 10 STIG covers ${shownIds(unknown)} is not known: the package names no operating system, or no release, for ${unknown.length === 1 ? 'it' : 'them'} (not collected). ${known.length ? 'On the devices it does not cover or is not known to cover' : `On ${unknown.length === 1 ? 'it' : 'them'}`}, no result shows the rules of its stig_id tags met or open.`;
  }
  const notCovered = `(another or an unnamed operating system; each result's message names it): there, no result shows the rules of its stig_id tags met or open`;
  if (!covered.length) return `${base}, one result per device. The DISA Windows 10 STIG covers Windows 10 and none of the ${deviceIds.length} device(s) ${notCovered}.`;
  return `${base}, one result per device, and against the DISA Windows 10 STIG for the ${covered.length} of ${deviceIds.length} devices it covers (Windows 10: ${shownIds(covered)}); it does not cover ${shownIds(outside)} ${notCovered}.`;
}

export function buildHdf(input: HdfInput): Record<string, unknown> {
  const present = presentChecks(input);
  const checks = present.map((c) => input.checks[c]!);
  const layers = [...new Set(checks.map((c) => c.layer))];
  const stig = loadStigData().stig;
  const scopes = input.devices.map((d) => stigScope(stig.id, stig.title, d.id, d.os));
  return {
    platform: { name: 'windows', release: `${input.devices.length} imaging-device console(s)`, target_id: input.systemName },
    profiles: [{
      name: 'ato-evidence',
      title: `ato-evidence automated checks: ${input.systemName}`,
      maintainer: 'ato-evidence',
      summary: profileSummary(input.devices.map((d) => d.id), scopes),
      version: input.toolVersion,
      sha256: profileDigest(checks),
      supports: [{ 'platform-family': 'windows' }],
      attributes: [],
      groups: layers.map((layer) => ({ id: layer, title: LAYER_TITLES[layer], controls: checks.filter((c) => c.layer === layer).map((c) => c.id) })),
      status: 'loaded',
      controls: new StreamedArray(function* () {
        for (const c of present) yield control(input, c, scopes);
      }, true),
    }],
    statistics: {},
    version: input.toolVersion,
  };
}
