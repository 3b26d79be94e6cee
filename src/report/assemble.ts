// The PDF's input from an assessment. Pure: the per-device results arrive as an iterable the
// caller reads back from disk, and files, digests and attachments are given.
import { inPartOf, type ParameterDef } from '../catalog/types.js';
import type { ControlIndex } from '../catalog/control-index.js';
import type { DeviationRecord } from '../evaluate/evaluate-check.js';
import type { Assessment, AssessmentSummary } from '../assess/model.js';
import { highWaterMark, ROLE_TITLES, type SystemDescription } from '../assess/system-description.js';
import { portablePath } from '../io/display-path.js';
import { holdsThroughDay } from '../io/dates.js';
import type { ReportInput, ReportPoamItem, ReportResult, ReportSystem, WorksheetEntry } from './model.js';

import { itemFindings, itemMilestones, type PoamItemState } from '../oscal/poam.js';
import { reviewerUnconfirmed } from '../oscal/assessment-results.js';
import { checkRoute } from '../catalog/stig.js';
import { assessmentOf, leafObjectives } from '../catalog/objectives.js';
import { fillStatement } from '../catalog/statement-text.js';

export { fillStatement };
import { partialWhys } from '../assess/controls.js';
import { awaitingReview } from '../attest/attestations.js';
import { paramValueText } from '../params/resolve.js';

/**
 * The device/check pairs a control's entry names where evidence was not collected (the AR finding
 * names up to 50, results.csv each): a few, then "and N more", so a fleet's entry stays short.
 */
export const NOT_COLLECTED_LISTED = 10;

export interface ReportExtras {
  index: ControlIndex;
  parameterDefs: readonly ParameterDef[];
  deviations: readonly DeviationRecord[];
  files: ReportInput['files'];
  manifestDigest: string;
  attachments: ReportInput['attachments'];
  results: () => Iterable<ReportResult>;
  /** The items of poam.json (oscal/poam.ts): the PDF lists those failing now, with the same deadlines. */
  poam: readonly PoamItemState[];
  /** The one summary of the run (assess/summary.ts), which the CLI prints too. */
  summary?: AssessmentSummary;
  /** The system description (--system, or the placeholder one). */
  system?: SystemDescription;
  /** --marking */
  marking?: string;
  /** The PDF's own file name in the package. */
  selfName?: string;
  /** The POA&M items' point of contact, as poam.json's risks name it. */
  pointOfContact?: string;
  /** The source sentence of the bundled control index: the reader sees NIST's name for it instead. */
  bundledCatalogSource?: string;
}

/** The system description as the reports show it. */
export function reportSystem(d: SystemDescription): ReportSystem {
  const titleOf = (id: string) => ROLE_TITLES[id] ?? id.split('-').map((w) => (w[0] ?? '').toUpperCase() + w.slice(1)).join(' ');
  return {
    name: d.name,
    ...(d.shortName ? { shortName: d.shortName } : {}),
    ...(d.systemId ? { systemId: d.systemId } : {}),
    description: d.description,
    status: d.status,
    categorization: { ...d.categorization, overall: highWaterMark(d.categorization) },
    boundary: d.authorizationBoundary,
    roles: d.responsibleParties.map((r) => ({ roleId: r.role, roleTitle: titleOf(r.role), name: r.name, ...(r.organization ? { organization: r.organization } : {}), ...(r.email ? { email: r.email } : {}) })),
    ...(d.assessor ? { assessor: d.assessor } : {}),
    team: d.assessmentTeam,
    placeholder: d.placeholder,
  };
}

/**
 * The control catalog as a reader should see it: the bundled index's source sentence says how the
 * index was derived (a note for developers); the reader gets the publication and its version.
 */
export function catalogForReader(source: string, bundledSource: string | undefined): string {
  if (bundledSource === undefined || source !== bundledSource) return source;
  const version = /version ([0-9][^\s),]*)/.exec(source)?.[1];
  return `NIST SP 800-53 Rev. 5${version ? `, release ${version}` : ''} (NIST's published controls and Low, Moderate and High baselines)`;
}

/** The devices as the report shows them (no absolute path of the machine that ran the assessment). */
export function reportDevices(a: Pick<Assessment, 'devices'>): ReportInput['devices'] {
  return a.devices.map((d) => ({
    id: d.id,
    model: d.device.model,
    manufacturer: d.device.manufacturer,
    kind: d.device.kind,
    os: d.device.os ? `${d.device.os.name}${d.device.os.build ? ` build ${d.device.os.build}` : ''}` : undefined,
    ...(d.device.location ? { location: d.device.location } : {}),
    collectedAt: d.collectedAt,
    // The reader gets no absolute path of the machine that ran the assessment.
    sourceFile: portablePath(d.sourceFile),
    sourceSha256: d.redacted ? `${d.sourceSha256} (of the redacted copy: the file held secrets)` : d.sourceSha256,
    evidenceHref: d.evidenceHref,
    superseded: d.superseded.map((x) => ({ ...x, file: portablePath(x.file) })),
    ...(d.unreadable !== undefined ? { unreadable: d.unreadable } : {}),
  }));
}

export function buildReportInput(a: Assessment, x: ReportExtras): ReportInput {
  const checksById = new Map(a.checks.map((c) => [c.id, c]));
  const odpOf = new Map(x.parameterDefs.map((p) => [p.id, p.odp]));
  // ODP -> the organisation's value, where one parameter alone fills it.
  const byOdp = new Map<string, string[]>();
  for (const p of x.parameterDefs) if (p.odp) byOdp.set(p.odp, [...(byOdp.get(p.odp) ?? []), p.id]);
  const unitById = new Map(x.parameterDefs.map((p) => [p.id, p.unit]));
  // A parameter nobody defined (no default) fills no ODP: the worksheet prints NIST's placeholder.
  const valueById = new Map(a.params.filter((p) => p.value !== null && p.value !== undefined).map((p) => {
    const v = Array.isArray(p.value) ? p.value.join(', ') : String(p.value);
    const unit = unitById.get(p.id);
    return [p.id, unit ? `${v} ${unit}` : v];
  }));
  const odpValue = (odp: string) => {
    const ids = byOdp.get(odp);
    return ids?.length === 1 ? valueById.get(ids[0]!) : undefined;
  };
  // A --profile's set-parameter values fill the ODPs no project parameter fills.
  const valueFor = (controlId: string) => (odp: string) => odpValue(odp) ?? x.index.controls[controlId]?.paramValues?.[odp];
  const placeholdersOf = (controlId: string) => assessmentOf(x.index, controlId)?.params ?? {};
  const objective = (controlId: string, id: string) => {
    const entry = x.index.controls[controlId];
    // A requirement the --profile added: no SP 800-53A objective; its text is the added part's.
    const added = entry?.added?.find((r) => r.id === id);
    const t = added ? { label: 'added by the profile', prose: added.text } : a.objectiveText?.(id) ?? {};
    return { id, ...(t.label ? { label: t.label } : {}), ...(t.prose ? { prose: fillStatement(t.prose, entry?.paramLabels ?? {}, valueFor(controlId), placeholdersOf(controlId)) } : {}) };
  };
  // The same items and deadlines as poam.json (first-detected based). Items open only because a
  // device was not re-assessed, accepted by deviation, or closed are in poam.json, not in this table.
  const poam: ReportInput['poam'] = x.poam
    .filter((i) => i.status === 'open' && i.weakness)
    .map((i) => ({ controlId: i.controlId, controls: i.controls, checkId: i.checkId || i.subject, kind: i.kind, severity: i.severity, deadline: i.deadline, remediation: i.remediation, devices: i.failing }));
  // Every item of poam.json, from the same plan (ids, dates, statuses, milestones), in eMASS's shape.
  const poamItems = x.poam.map((i): ReportPoamItem => {
    // The checks behind it: its own, or those whose evidence was not collected.
    const routes = (i.kind === 'check' ? [i.checkId] : i.weakness?.missingChecks ?? []).map((k) => checksById.get(k)).filter((c) => c !== undefined).map((c) => checkRoute(c));
    return {
      uuid: i.uuid, key: i.key, kind: i.kind, checkId: i.checkId, status: i.status, closedNow: i.status === 'closed' && i.carried?.status !== 'closed',
      title: i.checkTitle, findings: itemFindings(a, i), controls: i.controls,
      ccis: [...new Set(routes.flatMap((r) => r.ccis.map((c) => c.cci)))], stigRules: [...new Set(routes.flatMap((r) => r.rules.map((r) => r.ruleId)))],
      severity: i.severity, firstDetected: i.firstDetected, detected: i.detected, deadline: i.deadline, ...(i.closed ? { closed: i.closed } : {}), ...(i.reopenedOn ? { reopenedOn: i.reopenedOn } : {}),
      devices: [...i.failing, ...i.deviating], unverified: i.unverified, remediation: i.remediation,
      milestones: itemMilestones(i, a.now).map((m) => ({ title: m.title, date: m.completed ?? m.date, status: m.status })),
      deviations: i.deviations.map((d) => ({ deviceId: d.deviceId, approver: d.approver, expires: d.expires })),
    };
  });
  // The worksheet: the catalog's methods and objectives, the system description's declaration.
  const titleOfRole = (id: string) => ROLE_TITLES[id] ?? id;
  const declarations = new Map((x.system?.controls ?? []).map((d) => [d.controlId, d]));
  const worksheet = (controlId: string): Omit<WorksheetEntry, 'objectives'> => {
    const d = declarations.get(controlId);
    return {
      methods: assessmentOf(x.index, controlId)?.methods ?? {},
      ...(d ? { declared: { status: d.status, origin: d.origin, ...(d.provider ? { provider: d.provider } : {}), roles: d.roles.map(titleOfRole) } } : {}),
    };
  };
  const manualEntry = (id: string) => {
    const a = assessmentOf(x.index, id);
    return { id, title: x.index.controls[id]?.title ?? id, objectives: a ? leafObjectives(a.objective).map((n) => objective(id, n.id)) : [], ...worksheet(id) };
  };
  const deviationOnly = new Map((x.summary?.notSatisfied ?? []).map((n) => [n.control, n.deviationOnly]));
  // A control not satisfied takes the severity the run's summary gives it (the highest of its
  // risks, as in the AR and the POA&M), also when no check failed (evidence missing, an attestation).
  const summarySeverity = new Map((x.summary?.notSatisfied ?? []).map((n) => [n.control, n.severity]));
  const severityOf = (f: (typeof a.findings)[number]) => {
    const severity = summarySeverity.get(f.controlId) ?? f.severity;
    return severity ? { severity } : {};
  };
  // The checks that show a control only in part, by the function the SSP and component definition name them with.
  const checkOf = new Map(a.checks.map((c) => [c.id, c] as const));
  const inPartOfControl = (controlId: string, checkIds: readonly string[]) => {
    const inPart = checkIds.flatMap((id) => { const c = checkOf.get(id); const why = c ? inPartOf(c, controlId) : undefined; return why ? [{ id, why }] : []; });
    return inPart.length ? { inPart } : {};
  };
  return {
    systemName: a.systemName,
    ...(x.system ? { system: reportSystem(x.system) } : {}),
    ...(x.marking ? { marking: x.marking } : {}),
    ...(x.summary ? { summary: x.summary } : {}),
    ...(x.selfName ? { selfName: x.selfName } : {}),
    now: a.now,
    toolVersion: a.toolVersion,
    ...(a.rulesDigest ? { rulesDigest: a.rulesDigest } : {}),
    baseline: a.baseline,
    catalogSource: catalogForReader(a.catalogSource, x.bundledCatalogSource),
    devices: reportDevices(a),
    checks: a.checks.map((c) => ({ id: c.id, layer: c.layer, title: c.title, severity: c.severity, controls: c.controls, remediation: c.remediation })),
    controls: a.findings.map((f) => ({
      id: f.controlId,
      title: f.title,
      family: f.controlId.split('-')[0] ?? f.controlId,
      state: f.state,
      reason: f.reason,
      ...(deviationOnly.has(f.controlId) ? { deviationOnly: deviationOnly.get(f.controlId) } : {}),
      objectives: f.objectives.flatMap((o) => (o.state === 'not-shown' ? [] : [{ ...objective(f.controlId, o.objectiveId), state: o.state, ...(o.undefinedOdps?.length ? { undefinedOdps: true as const } : {}) }])),
      uncovered: f.uncovered.map((u) => {
        const inPart = u.why === 'in-part' ? f.objectives.find((o) => o.objectiveId === u.objectiveId)?.inPart : undefined;
        return { ...objective(f.controlId, u.objectiveId), ...(inPart ? { inPart } : {}) };
      }),
      leafCount: f.leaves.length,
      ...(f.added?.length ? { addedCount: f.added.length } : {}),
      ...severityOf(f),
      checkIds: f.checkIds,
      failingChecks: f.checkIds.filter((k) => f.failing.some((x) => x.checkId === k)),
      deviationChecks: f.checkIds.filter((k) => f.deviations.some((x) => x.checkId === k) && !f.failing.some((x) => x.checkId === k)),
      failingDevices: [...new Set(f.failing.map((p) => p.deviceId))],
      deviationDevices: [...new Set(f.deviations.map((p) => p.deviceId))],
      inBaseline: f.inBaseline,
      ...(x.index.controls[f.controlId]?.statement
        ? { statement: fillStatement(x.index.controls[f.controlId]!.statement!, x.index.controls[f.controlId]!.paramLabels ?? {}, valueFor(f.controlId), placeholdersOf(f.controlId)) }
        : {}),
      ...(f.attestations?.length ? { attestations: { count: f.attestations.length, expired: f.attestations.filter((t) => t.status === 'expired').length, awaiting: f.attestations.filter(awaitingReview).length, ...(f.leaves.length > 1 && f.attestations.some((t) => !t.objectives?.length) ? { wholeControl: true as const } : {}) } } : {}),
      ...(f.notCollected.length ? { notCollected: true as const, notCollectedDevices: new Set(f.notCollected.map((p) => p.deviceId)).size, notCollectedPairs: f.notCollected.slice(0, NOT_COLLECTED_LISTED).map((p) => ({ deviceId: p.deviceId, checkId: p.checkId })), notCollectedPairsTotal: f.notCollected.length } : {}),
      ...(f.attestationMissing ? { attestationMissing: true as const } : {}),
      ...(f.undefinedOdps?.length ? { undefinedOdps: f.undefinedOdps, undefinedOdpNames: f.undefinedOdpNames ?? f.undefinedOdps } : {}),
      ...inPartOfControl(f.controlId, f.checkIds),
      ...(f.state === 'partial' ? { worksheet: worksheet(f.controlId), partialWhys: partialWhys(f) } : {}),
    })),
    manual: a.manual.map(manualEntry),
    ...(a.profile ? { profile: a.profile } : {}),
    ...(a.attestations?.length
      ? {
        attestations: a.attestations.map((t) => ({
          controlId: t.controlId,
          controlTitle: x.index.controls[t.controlId]?.title ?? t.controlId,
          statement: t.statement,
          who: t.who.name,
          role: t.who.role,
          method: t.method,
          when: t.when,
          expires: t.expires,
          status: t.status === 'valid' && !t.reviewedBy ? 'awaiting-review' as const : t.status,
          ...(t.reviewedBy ? { reviewer: t.reviewedBy.name } : {}),
          evidenceHref: t.evidenceHref,
          evidenceSha256: t.evidenceSha256,
        })),
      }
      : {}),
    ...(reviewerUnconfirmed(a) ? { reviewerUnconfirmed: true as const } : {}),
    parameters: a.params.map((p) => ({ id: p.id, value: paramValueText(p), source: p.source, odp: odpOf.get(p.id) })),
    deviations: x.deviations.map((d) => ({ checkId: d.checkId, deviceId: d.deviceId, justification: d.justification, approver: d.approver, expires: d.expires, expired: !holdsThroughDay(d.expires, a.now) })),
    poam,
    poamItems,
    ...(x.pointOfContact ? { pointOfContact: x.pointOfContact } : {}),
    files: x.files,
    manifestDigest: x.manifestDigest,
    attachments: x.attachments,
    results: x.results,
  };
}
