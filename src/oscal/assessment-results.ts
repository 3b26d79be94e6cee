// OSCAL 1.1.3 assessment results (and the assessment plan it imports) from an Assessment. Pure:
// no clock, no files. Observations arrive already serialised (oscal/observations.ts).
import { paramText } from './observations.js';
import { RefArray, StreamedArray } from '../io/json-stream.js';
import { timeWindow } from '../io/dates.js';
import { isCatalogObjective, partialWhyCounts, partialWhys, partialWhyText, uncoveredNames, type ControlFinding, type ObjectiveFinding, type PartialWhy } from '../assess/controls.js';
import type { AssessedDevice, Assessment } from '../assess/model.js';
import type { OptionFileRead } from '../assess/option-files.js';
import { LAYER_TITLES } from '../snapshot/types.js';
import { inputFileName, portablePath } from '../io/display-path.js';
import { AP_FILE, oscalString, prop, SSP_FILE, type Json } from './common.js';
import type { RunIds } from './run-ids.js';
import type { Templates } from './templates.js';
import { controlCciProps } from './cci.js';
import { distinctObservations, observationIndexOf } from './observation-groups.js';
import { attestationObservation, attestationObservationUuid, attestationResources, attesterParties } from './attestations.js';
import { RULES_DIGEST_PROP } from '../assess/rules-digest.js';
import { metadata, streamedEvidenceResources } from './document-parts.js';
import { assessmentAssets, automatedActors, toolComponent } from './assessors.js';
import { controlFindingUuid, objectiveFindingUuid, risksByFinding } from './weaknesses.js';
import { DEFAULT_DEADLINE_DAYS, planPoam, riskContext, riskJson, type PoamItemState, type RiskContext } from './poam.js';

/** Above this many devices the result's description gives the collection window, not each device (as the PDF: report/fleet.ts). */
const LIST_DEVICES_UP_TO = 25;

export { AP_FILE, AR_FILE, OSCAL_VERSION, oscalString } from './common.js';


/**
 * The SSP's inventory items for the devices (default: every device assessed): defined there once;
 * the plan, the results and the POA&M reference them by uuid through their imports (docs/documents.md).
 * They hold what the device is; what this run collected from it is on its evidence resource.
 */
export function inventoryItems(a: Assessment, ids: RunIds, devices = a.devices): Json[] {
  return devices.map((d) => inventoryItem(d, ids));
}

function inventoryItem(d: AssessedDevice, ids: RunIds): Json {
  const props: Json[] = [{ name: 'asset-id', value: oscalString(d.id) }];
  if (d.device.model) props.push({ name: 'model', value: oscalString(d.device.model) });
  if (d.device.manufacturer) props.push({ name: 'vendor-name', value: oscalString(d.device.manufacturer) });
  if (d.device.serial) props.push({ name: 'serial-number', value: oscalString(d.device.serial) });
  if (d.device.softwareVersion) props.push({ name: 'software-version', value: oscalString(d.device.softwareVersion) });
  if (d.device.os) props.push(prop('os', `${d.device.os.name}${d.device.os.build ? ` build ${d.device.os.build}` : ''}`));
  if (d.device.kind) props.push(prop('device-kind', d.device.kind));
  const what = [d.device.manufacturer, d.device.model].filter(Boolean).join(' ');
  return {
    uuid: ids.item(d.id),
    // The console's own words in one line (oscalString), as in its props.
    description: `Imaging-device console ${d.id}${what ? ` (${oscalString(what)})` : ''}${d.device.location ? `, ${oscalString(d.device.location)}` : ''}.`,
    props,
  };
}

/**
 * One resource per file an option named (--params, --deviations, …): not evidence (no type
 * "evidence": diff and monitor read those as snapshots) and not in the package, so no rlink (its
 * href would have to name a file beside the AR); the hash is a prop, as a snapshot's original's is.
 * Named by base name only (io/display-path.ts inputFileName): the folders are no part of it.
 */
export function optionFileResources(files: readonly OptionFileRead[], ids: RunIds): Json[] {
  // A file an option's file pulled in ("--profile import"): several per option, numbered in the order read.
  const count = new Map<string, number>();
  return files.map((f) => {
    const n = (count.get(f.option) ?? 0) + 1;
    count.set(f.option, n);
    const [option, how] = f.option.split(' ') as [string, string | undefined];
    const given = how === undefined ? `The file given as ${option}`
      : how === 'import' ? `A catalog or profile the ${option} file imports (directly or through another profile)`
      : how === 'defaults' ? `The parameter definitions whose defaults apply where neither --params nor --profile gives a value`
      : `The check-wording.yaml beside the ${option} file`;
    return {
      uuid: ids.optionFile(n === 1 ? f.option : `${f.option} ${n}`),
      title: `Assessment input ${inputFileName(f.file)} (${f.option})`,
      description: f.sha256
        ? `${given}, as this assessment read it (SHA-256 of the bytes read). It is not copied into the package.`
        : `The file given as ${f.option}. It holds text the reports mask as a secret: its SHA-256 is withheld, because with the masked text the documents quote it would let anyone test guesses of the secret. It is not copied into the package.`,
      props: [prop('assessment-input', f.option), prop('source-file', inputFileName(f.file)), ...(f.sha256 ? [prop('source-sha256', f.sha256)] : [])],
    };
  });
}

/** A finding names at most this many device/check pairs; its risk lists them all. */
const NAMED_IN_FINDING = 50;

/**
 * No assessor and no assessment team named (--system, --assessor): a reviewer other than the
 * attester is taken, but the tool cannot tell whether they are an assessor, so no text may say so.
 */
export function reviewerUnconfirmed(a: Pick<Assessment, 'team'>): boolean {
  return !a.team?.assessor && !a.team?.members.length;
}

/** An attestation as the finding templates word it (monitor's run summary keeps these words). */
export interface AttestationWords {
  name: string; role: string; method: string; when: string; expires: string;
  expired: boolean;
  /** Current, not yet reviewed. */
  awaiting: boolean;
  reviewer: string;
  /** Reviewed, but no assessor or assessment team is named to confirm the reviewer is one. */
  unconfirmed: boolean;
}

/**
 * What a control's own finding says (templates/finding-description.hbs). assess's AR and monitor's
 * series both word it from this, through controlFindingText: every field is required, so a builder
 * that leaves one out does not compile (monitor's left `selection` out: "(Not in the ; assessed ...").
 */
export interface ControlFindingWords {
  controlId: string; title: string; state: string; satisfied: boolean; partial: boolean;
  checkIds: readonly string[]; deviceCount: number; resultCount: number; passCount: number; inBaseline: boolean;
  failing: ReadonlyArray<{ deviceId: string; checkId: string }>; failingMore: number;
  /** Only its length is said. */
  failingDevices: { length: number };
  deviations: ReadonlyArray<{ deviceId: string; checkId: string; approver: string; expires: string }>;
  notCollected: ReadonlyArray<{ deviceId: string; checkId: string }>; notCollectedMore: number;
  baseline: string; selection: string;
  attestationOnly: boolean; wholeControl: boolean; anyExpired: boolean; reviewerUnconfirmed: boolean;
  attestations: readonly AttestationWords[]; attestationMissing: boolean;
  undefinedOdps: readonly string[]; undefinedOdpNames: readonly string[];
  objectiveCount: number; addedCount: number; leafCount: number;
  failedObjectives: readonly string[]; shownObjectives: readonly string[];
  uncovered: readonly string[]; uncoveredMore: number;
}

/** A control finding's title and description, as assess and monitor both state them. */
export function controlFindingText(templates: Templates, w: ControlFindingWords): { title: string; description: string } {
  return { title: `${w.controlId.toUpperCase()} ${w.title}`, description: templates.render('finding-description', w) };
}

/**
 * What an objective's finding says (templates/objective-finding-description.hbs), as assess and
 * monitor both state it through objectiveFindingText (monitor wrote "ac-2.3_obj.d ..." and its own
 * sentence where assess writes the catalog's label "AC-02(03)(d)" and names the failing devices).
 */
export interface ObjectiveFindingWords {
  controlId: string; controlTitle: string; objectiveId: string;
  /** The catalog's label of the objective ("AC-02(03)(d)"), its id where the catalog gives none. */
  label: string;
  state: string; reason: string; checkIds: readonly string[]; deviceCount: number;
  /** Device/check pairs of its checks that failed (the first NAMED_IN_FINDING), how many more, and on how many devices. */
  failing: ReadonlyArray<{ deviceId: string; checkId: string }>; failingMore: number; failingCount: number;
  deviationCount: number; notCollectedCount: number;
  attestations: readonly AttestationWords[]; attestationMissing: boolean; undefinedOdpNames: readonly string[];
}

export function objectiveFindingText(templates: Templates, w: ObjectiveFindingWords): { title: string; description: string } {
  return { title: `${w.label} ${w.controlTitle}`, description: templates.render('objective-finding-description', w) };
}

/** An objective's failing pairs as its finding names them: those of its checks, the first NAMED_IN_FINDING, and how many more. */
export function objectiveFailing(failing: ReadonlyArray<{ deviceId: string; checkId: string }>, checkIds: readonly string[]): { failing: Array<{ deviceId: string; checkId: string }>; failingMore: number } {
  const own = failing.filter((x) => checkIds.includes(x.checkId));
  return { failing: own.slice(0, NAMED_IN_FINDING).map((x) => ({ deviceId: x.deviceId, checkId: x.checkId })), failingMore: Math.max(0, own.length - NAMED_IN_FINDING) };
}

/** An attestation as the finding templates word it. */
function attestationData(x: NonNullable<ControlFinding['attestations']>[number], a: Pick<Assessment, 'team'>): AttestationWords {
  return {
    name: x.who.name, role: x.who.role, method: x.method, when: x.when, expires: x.expires, expired: x.status === 'expired',
    awaiting: x.status === 'valid' && !x.reviewedBy, reviewer: x.reviewedBy?.name ?? '', unconfirmed: !!x.reviewedBy && reviewerUnconfirmed(a),
  };
}

function findingData(f: ControlFinding, a: Assessment): ControlFindingWords {
  const failingDevices = [...new Set(f.failing.map((x) => x.deviceId))];
  const uncovered = uncoveredNames(f, a.devices.length);
  return {
    ...f,
    failing: f.failing.slice(0, NAMED_IN_FINDING),
    failingMore: Math.max(0, f.failing.length - NAMED_IN_FINDING),
    notCollected: f.notCollected.slice(0, NAMED_IN_FINDING),
    notCollectedMore: Math.max(0, f.notCollected.length - NAMED_IN_FINDING),
    satisfied: f.state === 'satisfied',
    deviceCount: a.devices.length,
    failingDevices,
    baseline: a.baseline.toUpperCase(),
    deviations: f.deviations.map((d) => ({ deviceId: d.deviceId, checkId: d.checkId, approver: d.deviation.approver, expires: d.deviation.expires, justification: d.deviation.justification })),
    selection: selectionName(a),
    attestationOnly: f.checkIds.length === 0 && (f.attestations?.length ?? 0) > 0,
    // An attestation naming no objectives covers them all by rule, not because its evidence showed each.
    wholeControl: f.leaves.length > 1 && (f.attestations ?? []).some((x) => !x.objectives?.length),
    anyExpired: (f.attestations ?? []).some((x) => x.status === 'expired'),
    reviewerUnconfirmed: reviewerUnconfirmed(a),
    undefinedOdps: f.undefinedOdps ?? [],
    undefinedOdpNames: f.undefinedOdpNames ?? f.undefinedOdps ?? [],
    attestations: (f.attestations ?? []).map((x) => attestationData(x, a)),
    attestationMissing: f.attestationMissing === true,
    leafCount: f.leaves.length,
    // Of the leaves, the requirements a --profile adds are not assessment objectives: counted apart.
    objectiveCount: f.leaves.length - (f.added?.length ?? 0),
    addedCount: f.added?.length ?? 0,
    failedObjectives: f.objectives.filter((o) => o.state === 'not-satisfied').map((o) => o.objectiveId),
    partial: f.state === 'partial',
    shownObjectives: f.objectives.filter((o) => o.state === 'satisfied').map((o) => o.objectiveId),
    uncovered: uncovered.slice(0, NAMED_IN_FINDING),
    uncoveredMore: Math.max(0, uncovered.length - NAMED_IN_FINDING),
  };
}

/**
 * The objective findings a control gets: its covered objectives with a verdict, except one that is
 * the control's own target, and a requirement the profile added (no SP 800-53A objective id: the
 * control's own finding states it).
 */
export function objectiveFindingsOf(f: ControlFinding): ObjectiveFinding[] {
  return f.objectives.filter((o) => o.state !== 'not-shown' && o.objectiveId !== f.targetId && isCatalogObjective(f, o.objectiveId));
}

/**
 * The status of a control's own finding. Every assessed control has one, so the results alone count
 * what the PDF counts. OSCAL has no "partially assessed": a control is satisfied only when every
 * objective is, so one with objectives left to the assessor is not-satisfied, reason other (nothing
 * failed), and says so by its assessment-state prop (also monitor's series).
 */
export function controlFindingStatus(f: { state: 'satisfied' | 'not-satisfied' | 'partial'; reason: 'pass' | 'fail' | 'other' }): { status: Json; props: Json[] } {
  return f.state === 'partial'
    ? { status: { state: 'not-satisfied', reason: 'other' }, props: [prop('assessment-state', 'partially-assessed')] }
    : { status: { state: f.state, reason: f.reason }, props: [] };
}

/** What reviewedControlSelections reads of a control's finding: assess's and monitor's both have it. */
export interface ReviewedFinding {
  controlId: string;
  state: string;
  checkIds: readonly string[];
  attestations?: readonly unknown[];
}

/**
 * The control selections of a result's reviewed-controls: what each holds and how it was (or is to be)
 * assessed. One function for assess's result and monitor's, so both say the same of the same controls.
 */
export function reviewedControlSelections(findings: readonly ReviewedFinding[], manual: readonly string[], selection: string): Json[] {
  const partial = findings.filter((f) => f.state === 'partial');
  const automated = findings.filter((f) => f.checkIds.length > 0).map((f) => f.controlId);
  // No check covers them: decided by the attestations given, or not satisfied because the one the
  // system description expects was never supplied (nothing was examined: not "by attestation").
  const attestedOnly = findings.filter((f) => f.checkIds.length === 0 && (f.attestations?.length ?? 0) > 0).map((f) => f.controlId);
  const unattested = findings.filter((f) => f.checkIds.length === 0 && !(f.attestations?.length ?? 0)).map((f) => f.controlId);
  const controls = (description: string, ids: readonly string[], props: Json[] = []): Json => ({ description, ...(props.length ? { props } : {}), 'include-controls': ids.map((id) => ({ 'control-id': id })) });
  const controlSelections: Json[] = [];
  if (automated.length || (!attestedOnly.length && !unattested.length)) controlSelections.push(controls('Controls evidenced by the automated checks of the ato-evidence catalog.', automated));
  if (attestedOnly.length) {
    controlSelections.push(controls('Controls no automated check covers, evidenced by manual attestations (interview or examination), each with its evidence file.', attestedOnly, [prop('assessment-method', 'attestation')]));
  }
  if (unattested.length) {
    controlSelections.push(controls('Controls no automated check covers that the system description declares evidenced by attestation, for which no attestation was supplied: not satisfied ("attestation expected, none supplied"), with nothing examined.', unattested, [prop('assessment-method', 'attestation'), prop('assessment-state', 'attestation-missing')]));
  }
  if (manual.length) {
    controlSelections.push(controls(`Controls of the ${selection} that no automated check covers and no attestation speaks for: they need manual assessment, and no finding is claimed for them.`, manual, [prop('assessment-method', 'manual')]));
  }
  if (partial.length) {
    controlSelections.push(controls(
      'Controls partially assessed: nothing failed, but some of their assessment objectives were not shown by any check or attestation. The objectives shown have findings; the control\'s own finding is not-satisfied, reason other (a control is satisfied only when every objective is), with the prop assessment-state partially-assessed, and no risk or POA&M item (nothing failed), and their objectives no check or attestation showed need manual assessment.',
      partial.map((f) => f.controlId),
      [prop('assessment-method', 'manual'), prop('assessment-state', 'partially-assessed')],
    ));
  }
  return controlSelections;
}

/** "MODERATE baseline" or "profile <title>": what chose the controls. */
export function selectionName(a: Pick<Assessment, 'baseline' | 'profile'>): string {
  return a.profile ? `profile ${a.profile.title ?? a.profile.file}` : `${a.baseline.toUpperCase()} baseline`;
}

/**
 * How the assessed controls stand to the selection, counted from each finding's in-baseline flag
 * (the AR's prop): `outside` controls a check cites beyond the selection, `inSelection` the others,
 * `selectionTotal` the selection's size (in it assessed + manual). Assessed + manual is not the
 * selection's size when any lie outside, so every document that states both names them apart
 * (the AR's and monitor's result descriptions, the PDF's cover, system row and status total).
 */
export function selectionCounts(findings: ReadonlyArray<{ inBaseline: boolean }>, manual: readonly unknown[]) {
  const outside = findings.filter((f) => !f.inBaseline).length;
  const inSelection = findings.length - outside;
  return { outside, outsideOne: outside === 1, inSelection, selectionTotal: inSelection + manual.length };
}

/**
 * What a result's description counts, from its control findings and the controls left to manual
 * assessment: assess's result and each of monitor's (monitor/series.ts) state these, computed here once.
 * attestedOnly: no check covers it, attestations decide it; unattested: no check, and the
 * attestation the system description expects was never supplied.
 */
export function resultCounts<F extends { state: string; checkIds: readonly string[]; attestations?: readonly unknown[]; inBaseline: boolean }>(findings: readonly F[], manual: readonly string[], whysOf: (f: F) => readonly PartialWhy[]) {
  const satisfied = findings.filter((f) => f.state === 'satisfied').length;
  const partials = findings.filter((f) => f.state === 'partial');
  const partial = partials.length;
  return {
    assessed: findings.length, satisfied, notSatisfied: findings.length - satisfied - partial, partial, manual: manual.length,
    // Why they are partial, counted from the findings (objectives left are only one reason).
    partialWhy: partialWhyText(partialWhyCounts(partials.map(whysOf)), partial),
    ...selectionCounts(findings, manual),
    attestedOnly: findings.filter((f) => f.checkIds.length === 0 && (f.attestations?.length ?? 0) > 0).length,
    unattested: findings.filter((f) => f.checkIds.length === 0 && !(f.attestations?.length ?? 0)).length,
  };
}

/** The POA&M items of the run and how their risks are written: the results carry the same risks. */
export interface ResultsRisks {
  items: readonly PoamItemState[];
  ctx: RiskContext;
}

/**
 * What a result states its verdicts were judged with, beside its baseline: the control selection,
 * the catalog, each parameter's value and whole origin, the attestations. One list for assess's
 * result and each run of monitor's series (kept in the run's summary), so the two say the same.
 */
export function judgedWithProps(a: Pick<Assessment, 'profile' | 'catalogSource' | 'params' | 'attestations'>): Array<{ name: string; value: string }> {
  return [
    // Which list made the in-baseline flags and the manual list: the --baseline or the --profile.
    { name: 'control-selection', value: a.profile ? 'profile' : 'baseline' },
    ...(a.profile ? [{ name: 'profile', value: `${a.profile.file}${a.profile.title ? ` (${a.profile.title})` : ''}; ${a.profile.controlCount} controls` }] : []),
    { name: 'catalog-source', value: a.catalogSource },
    // Each parameter's value and whole origin, said once: the observations name the origin's kind.
    ...a.params.map((p) => ({ name: 'parameter', value: paramText(p, true) })),
    ...(a.attestations?.length ? [{ name: 'attestations', value: `${a.attestations.length} (${a.attestations.filter((x) => x.status === 'expired').length} expired)` }] : []),
  ];
}

/**
 * Builds the assessment-results document. Observations are a StreamedArray: write with
 * writeJsonStream. Its risks are those of the POA&M's current items (`risks`, planned once for
 * both documents; without it, planned here with the default deadlines): one per weakness.
 */
export function buildAssessmentResults(a: Assessment, templates: Templates, risks?: ResultsRisks): Json {
  const ids = a.ids;
  const plan = risks ?? (() => {
    const opts = { deadlineDays: DEFAULT_DEADLINE_DAYS };
    return { items: planPoam(a, opts), ctx: riskContext(a, templates, opts, { actors: automatedActors(ids, a.team) }) };
  })();
  // Only weaknesses shown now are risks of this assessment; closed or merely carried items are the POA&M's.
  const current = plan.items.filter((it) => it.weakness);
  const riskRefs = risksByFinding(ids, current.map((it) => ({ targets: it.weakness!.targets, riskUuid: it.riskUuid })));
  const relatedRisks = (findingUuid: string): Json => {
    const list = riskRefs.get(findingUuid);
    return list?.length ? { 'related-risks': list.map((u) => ({ 'risk-uuid': u })) } : {};
  };
  const scope = ids.run;
  const checksById = new Map(a.checks.map((c) => [c.id, c]));
  const detailFor = (deviceId: string, checkId: string) => a.outcomes.get(deviceId)?.details.get(checkId);
  // Grouped observations (one per distinct result) or one per device and check: findings and risks cite whichever the document holds.
  const observations = observationIndexOf(a);

  // Findings and risks are made while writing, one at a time: at 10,000 devices a risk statement
  // lists thousands of devices, and together they are tens of megabytes.
  const finding = (f: ControlFinding): Json => {
    // Streamed: a large fleet relates every control to tens of thousands of observations.
    const related = new RefArray('observation-uuid', function* () {
      yield* observations.ofChecks(f.checkIds);
      for (const x of f.attestations ?? []) yield attestationObservationUuid(ids, x);
    });
    const own = controlFindingStatus(f);
    const out: Json = {
      uuid: controlFindingUuid(ids, f.controlId),
      ...controlFindingText(templates, findingData(f, a)),
      props: [
        prop('control-id', f.controlId),
        prop('in-baseline', f.inBaseline ? 'yes' : 'no'),
        ...own.props,
        ...(f.checkIds.length ? [prop('checks', f.checkIds.join(' '))] : []),
        // The requirements a --profile adds (part ids): leaves no check shows, which export hdf reads back.
        ...(f.added ?? []).map((id) => prop('profile-added', id)),
        ...controlCciProps(f.controlId, f.checkIds.map((c) => checksById.get(c))),
        ...(f.attestations?.length ? [prop('attestations', f.attestations.map((x) => `${x.key} ${x.status} until ${x.expires}`).join('; '))] : []),
      ],
      target: {
        type: f.targetType,
        'target-id': f.targetId,
        status: own.status,
      },
      // A control evidenced only by an attestation nobody supplied: nothing was observed.
      ...(f.checkIds.length || f.attestations?.length ? { 'related-observations': related } : {}),
      // Not-satisfied with no related risk: say why, as the PDF does, so the counts reconcile.
      ...(f.state === 'partial' ? { remarks: templates.render('partially-assessed-no-poam', { uncoveredCount: f.uncovered.length }) } : {}),
    };
    return { ...out, ...relatedRisks(out.uuid as string) };
  };
  const attestationsOf = (f: ControlFinding, keys: readonly string[] | undefined) => (f.attestations ?? []).filter((x) => keys?.includes(x.key));
  // One finding per objective the checks (or attestations) decided, target type objective-id.
  const objectiveFinding = (f: ControlFinding, o: ObjectiveFinding): Json => {
    const attested = attestationsOf(f, o.attestedBy);
    const label = a.objectiveText?.(o.objectiveId).label ?? o.objectiveId;
    const related = new RefArray('observation-uuid', function* () {
      yield* observations.ofChecks(o.checkIds);
      for (const x of attested) yield attestationObservationUuid(ids, x);
    });
    const out: Json = {
      uuid: objectiveFindingUuid(ids, o.objectiveId),
      ...objectiveFindingText(templates, {
        controlId: f.controlId, controlTitle: f.title, objectiveId: o.objectiveId, label, state: o.state, reason: o.reason, checkIds: o.checkIds,
        deviceCount: a.devices.length, ...objectiveFailing(f.failing, o.checkIds), failingCount: o.failingCount,
        deviationCount: o.deviationCount, notCollectedCount: o.notCollectedCount,
        attestations: attested.map((x) => attestationData(x, a)), attestationMissing: o.attestationMissing === true, undefinedOdpNames: o.undefinedOdpNames ?? [],
      }),
      props: [
        prop('control-id', f.controlId),
        prop('objective-id', o.objectiveId),
        ...(o.checkIds.length ? [prop('checks', o.checkIds.join(' '))] : []),
        // The CCIs of the checks that show this objective, where they name its control (oscal/cci.ts).
        ...controlCciProps(f.controlId, o.checkIds.map((c) => checksById.get(c))),
        ...(attested.length ? [prop('attestations', attested.map((x) => `${x.key} ${x.status} until ${x.expires}`).join('; '))] : []),
        // Attested, its statement's ODP undefined (withUndefinedOdps): partially assessed as its control is.
        ...(o.undefinedOdps?.length ? [prop('assessment-state', 'partially-assessed')] : []),
      ],
      target: { type: 'objective-id', 'target-id': o.objectiveId, status: { state: o.state, reason: o.reason } },
      ...(o.checkIds.length || attested.length ? { 'related-observations': related } : {}),
      ...(o.undefinedOdps?.length ? { remarks: templates.render('partially-assessed-no-poam', { uncoveredCount: 0 }) } : {}),
    };
    return { ...out, ...relatedRisks(out.uuid as string) };
  };
  const findings = new StreamedArray(function* () {
    for (const f of a.findings) {
      yield finding(f);
      for (const o of objectiveFindingsOf(f)) yield objectiveFinding(f, o);
    }
  }, true);
  const riskArray = new StreamedArray(function* () {
    for (const it of current) yield riskJson(plan.ctx, it);
  }, true);

  const controlSelections = reviewedControlSelections(a.findings, a.manual, selectionName(a));
  const objectives = (description: string, ids: readonly string[], props: Json[] = []): Json => ({ description, ...(props.length ? { props } : {}), 'include-objectives': ids.map((id) => ({ 'objective-id': id })) });
  const shownObjectives = a.findings.flatMap((f) => f.objectives.filter((o) => o.state !== 'not-shown').map((o) => o.objectiveId));
  // Only catalog objectives can be selected: a requirement the profile added is named in its control's finding.
  const leftObjectives = a.findings.flatMap((f) => f.uncovered.filter((u) => u.why !== 'in-part' && u.why !== 'added').map((u) => u.objectiveId));
  const inPart = a.findings.flatMap((f) => f.uncovered.filter((u) => u.why === 'in-part').map((u) => f.objectives.find((o) => o.objectiveId === u.objectiveId)!));
  const objectiveSelections: Json[] = [];
  if (shownObjectives.length) objectiveSelections.push(objectives('Assessment objectives (SP 800-53A) the automated checks or the attestations decided: each has a finding of type objective-id.', shownObjectives));
  if (leftObjectives.length) {
    objectiveSelections.push(objectives('Assessment objectives of the assessed controls that no check showed on every device and no attestation covers: left to the assessor, and no finding is claimed for them.', leftObjectives, [prop('assessment-method', 'manual')]));
  }
  if (inPart.length) {
    const why = inPart.map((o) => `${o.objectiveId}: ${(o.inPart ?? []).join('; ')}`).join('\n');
    objectiveSelections.push(objectives(`Assessment objectives the automated checks show only in part, whatever their results: left to the assessor for the rest, and no finding is claimed for them. What each check leaves out:\n${why}`, inPart.map((o) => o.objectiveId), [prop('assessment-method', 'manual')]));
  }

  // The collection window: the result starts at its earliest evidence (by instant, not text).
  const collected = timeWindow(a.devices.map((d) => d.collectedAt));
  const result: Json = {
    uuid: scope.uuid('result', 'latest'),
    title: `Automated assessment of ${a.devices.length} imaging-device console(s)`,
    description: templates.render('result-description', {
      deviceCount: a.devices.length, checkCount: a.checks.length, baseline: a.baseline.toUpperCase(), selection: selectionName(a),
      ...resultCounts(a.findings, a.manual, partialWhys),
      now: a.now,
      // A fleet's list would make one description of a megabyte: its back-matter resources hold it.
      ...(a.devices.length > LIST_DEVICES_UP_TO
        ? { earliest: collected?.first, latest: collected?.last }
        : { devices: a.devices.map((d) => ({ id: d.id, collectedAt: d.collectedAt, file: portablePath(d.sourceFile) })) }),
    }),
    start: timeWindow([a.now, ...(collected ? [collected.first] : [])])!.first,
    end: a.now,
    props: [prop('baseline', a.baseline), ...judgedWithProps(a).map((p) => prop(p.name, p.value))],
    // The tool is defined here because every observation's origins name it (oscal/assessors.ts)
    // and it is no part of the system. The devices are the SSP's inventory items, reached through
    // import-ap -> import-ssp: never redefined here (docs/documents.md).
    'local-definitions': { components: [toolComponent(ids, a.toolVersion)] },
    'reviewed-controls': { 'control-selections': controlSelections, ...(objectiveSelections.length ? { 'control-objective-selections': objectiveSelections } : {}) },
    observations: a.attestations?.length
      ? new StreamedArray(function* () {
        yield* a.observations.items();
        for (const x of a.attestations ?? []) yield attestationObservation(x, ids, a.team);
      })
      : a.observations,
    findings,
  };
  if (current.length) result.risks = riskArray;

  return {
    'assessment-results': {
      uuid: scope.uuid('document', 'assessment-results'),
      metadata: metadata(a, `Assessment results: ${a.systemName}`, attesterParties(a.attestations ?? [], ids, a.team), a.rulesDigest ? [prop(RULES_DIGEST_PROP, a.rulesDigest)] : []),
      'import-ap': { href: AP_FILE },
      results: [result],
      'back-matter': { resources: streamedEvidenceResources(ids, a.devices, [...attestationResources(a.attestations ?? [], ids), ...optionFileResources(a.optionFiles ?? [], ids)]) },
    },
  };
}

/** The objectives the checks name, each once, in catalog order of the checks. */
function plannedObjectives(checks: Assessment['checks']): string[] {
  return [...new Set(checks.flatMap((c) => c.objectives ?? []))];
}

/**
 * One activity per layer: its checks as steps, the SP 800-53A method of each (EXAMINE:
 * configuration read; TEST: a mechanism exercised), and the controls and objectives they are to show.
 */
function activity(a: Assessment, layer: Assessment['checks'][number]['layer']): Json {
  const checks = a.checks.filter((c) => c.layer === layer);
  const methods = [...new Set(checks.map((c) => c.method))].sort();
  const controls = [...new Set(checks.flatMap((c) => c.controls))];
  const objectives = plannedObjectives(checks);
  return {
    uuid: a.ids.run.uuid('activity', layer),
    title: `Automated checks: ${LAYER_TITLES[layer]}`,
    description: checks.map((c) => `${c.id} (${c.method}): ${c.title}`).join('\n\n'),
    props: [prop('layer', layer), ...methods.map((m) => ({ name: 'method', value: m }))],
    steps: checks.map((c) => ({
      uuid: a.ids.run.uuid('step', c.id),
      title: `${c.id} (${c.method}): ${c.title}`,
      description: oscalString(c.description || c.title),
      props: [prop('check-id', c.id), { name: 'method', value: c.method }],
      'reviewed-controls': {
        'control-selections': [{ 'include-controls': c.controls.map((id) => ({ 'control-id': id })) }],
        ...(c.objectives?.length ? { 'control-objective-selections': [{ 'include-objectives': c.objectives.map((id) => ({ 'objective-id': id })) }] } : {}),
      },
    })),
    'related-controls': {
      'control-selections': [{ 'include-controls': controls.map((id) => ({ 'control-id': id })) }],
      ...(objectives.length ? { 'control-objective-selections': [{ 'include-objectives': objectives.map((id) => ({ 'objective-id': id })) }] } : {}),
    },
  };
}

/**
 * The manual attestations as one activity: each attestation a step with its method (INTERVIEW or
 * EXAMINE) and the control or objectives it speaks for; an assessor reviews each (docs/attestations.md).
 */
function attestationActivity(a: Assessment): Json | undefined {
  const list = a.attestations ?? [];
  if (!list.length) return undefined;
  const methods = [...new Set(list.map((x) => x.method))].sort();
  return {
    uuid: a.ids.run.uuid('activity', 'attestations'),
    title: 'Manual attestations: interview and examination of what no console setting shows',
    description: 'Each attestation is read with its evidence file; an assessor other than the attester reviews it before it counts toward a satisfied objective.',
    props: methods.map((m) => ({ name: 'method', value: m })),
    steps: list.map((x) => ({
      uuid: a.ids.run.uuid('step', 'attestation', x.key),
      title: `${x.controlId.toUpperCase()} (${x.method}): attested by ${x.who.name}`,
      description: oscalString(x.statement),
      props: [{ name: 'method', value: x.method }],
      'reviewed-controls': {
        'control-selections': [{ 'include-controls': [{ 'control-id': x.controlId }] }],
        ...(x.objectives?.length ? { 'control-objective-selections': [{ 'include-objectives': x.objectives.map((id) => ({ 'objective-id': id })) }] } : {}),
      },
    })),
    'related-controls': { 'control-selections': [{ 'include-controls': [...new Set(list.map((x) => x.controlId))].map((id) => ({ 'control-id': id })) }] },
  };
}

/** The assessment plan the results import: what was to be assessed, on which devices, by which checks. */
export function buildAssessmentPlan(a: Assessment): Json {
  const ids = a.ids;
  const scope = ids.run;
  const layers = [...new Set(a.checks.map((c) => c.layer))];
  const attested = attestationActivity(a);
  return {
    'assessment-plan': {
      uuid: scope.uuid('document', 'assessment-plan'),
      metadata: metadata(a, `Assessment plan: ${a.systemName}`),
      'import-ssp': { href: SSP_FILE },
      // The devices are the SSP's inventory items (import-ssp): the plan names them as subjects, never redefines them.
      'local-definitions': {
        activities: [...layers.map((layer) => activity(a, layer)), ...(attested ? [attested] : [])],
      },
      'reviewed-controls': {
        'control-selections': [{
          description: `Controls cited by the automated checks${a.manual.length ? `, and the ${a.baseline.toUpperCase()} baseline controls left for manual assessment` : ''}.`,
          'include-controls': [...a.findings.map((f) => f.controlId), ...a.manual].map((id) => ({ 'control-id': id })),
        }],
        ...(plannedObjectives(a.checks).length
          ? { 'control-objective-selections': [{ description: 'The assessment objectives (SP 800-53A) the automated checks are to show: each check names the objectives a pass shows on a console.', 'include-objectives': plannedObjectives(a.checks).map((id) => ({ 'objective-id': id })) }] }
          : {}),
      },
      'assessment-assets': assessmentAssets(ids, a.toolVersion),
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
      }, ...(attested ? [{
        uuid: scope.uuid('task', 'attestations'),
        type: 'action',
        title: 'Review the manual attestations and their evidence',
        'associated-activities': [{ 'activity-uuid': attested.uuid as string, subjects: [{ type: 'component', 'include-all': {} }] }],
      }] : [])],
    },
  };
}
