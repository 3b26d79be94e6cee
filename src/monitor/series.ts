// The assessment-results document `monitor` writes: one OSCAL result per run in the store, oldest
// first, each with its devices (inventory items) and its per-control findings. Pure. The
// observations of each device and check are not repeated here: they are in the store (the
// snapshots, by SHA-256) and `assess` on those snapshots reproduces them; a series of monthly runs
// over a fleet would otherwise grow by the fleet's full results every month.
import { RULES_DIGEST_PROP } from '../assess/rules-digest.js';
import { OSCAL_VERSION, oscalString, prop, type Json } from '../oscal/common.js';
import { FileSink, StreamedArray, writeJsonStream } from '../io/json-stream.js';
import { timeWindow } from '../io/dates.js';
import { inputFileName } from '../io/display-path.js';
import { UuidScope } from '../oscal/ids.js';
import { controlFindingStatus, controlFindingText, objectiveFailing, objectiveFindingText, resultCounts, reviewedControlSelections } from '../oscal/assessment-results.js';
import type { Templates } from '../oscal/templates.js';
import { CCI_PROP } from '../oscal/cci.js';
import type { RunSummary, SummaryAttestation, SummaryCci } from './summary.js';
import { LISTED } from './summary.js';

export interface SeriesOptions {
  systemName: string;
  toolVersion: string;
  /** The rules digest of the newest run (src/assess/rules-digest.ts), recorded as a metadata prop. */
  rulesDigest?: string;
  /** The report clock: the latest run's. */
  now: string;
  /**
   * The newest run's configuration files as the evidence store keeps them (its manifest's `config`;
   * role checks, params, catalog, profile, deviations, wording beside the checks, a profile's import).
   */
  inputs?: ReadonlyArray<{ role: string; file: string; object: string }>;
}

/** The option a configuration role was given by, as assess's `assessment-input` prop names it. */
const OPTION_OF: Record<string, string> = { wording: '--checks wording', import: '--profile import' };

/**
 * A back-matter resource per configuration file of the newest run, as assess cites its option
 * files (docs/documents.md): by the store object that keeps it, whose name is the SHA-256 of the
 * bytes kept (a file holding a secret is kept masked: then not of the bytes read).
 */
function inputResources(scope: UuidScope, run: string, inputs: SeriesOptions['inputs']): Json[] {
  return (inputs ?? []).map((x, i) => {
    const option = OPTION_OF[x.role] ?? `--${x.role}`;
    const name = inputFileName(x.file);
    return {
      uuid: scope.uuid('resource', `input ${i}`),
      title: `Monitoring input ${name} (${option})`,
      description: x.role === 'attestations'
        ? `The attestations monitoring run ${run} read from this file (${option}), as the evidence store keeps them: their records as JSON (not the file's bytes) in store object ${x.object}, its name the SHA-256 of that JSON. It is not copied beside this document; "ato-evidence verify --store" checks the object.`
        : `A file monitoring run ${run} read (${option}), as the evidence store keeps it: store object ${x.object}, the SHA-256 of the bytes kept (masked where the file held text the reports mask as a secret). It is not copied beside this document; "ato-evidence verify --store" checks the object.`,
      props: [prop('assessment-input', option), prop('source-file', name), prop('store-object', x.object)],
    };
  });
}

function runScope(run: string): UuidScope {
  return new UuidScope(`ato-evidence monitor run ${run}`);
}

/** The CCI props a run's summary kept, as assess states them on the finding (oscal/cci.ts). */
function cciProps(cci: readonly SummaryCci[] | undefined): Json[] {
  return (cci ?? []).map((c) => ({ ...prop(CCI_PROP, c.cci), ...(c.remarks ? { remarks: c.remarks } : {}) }));
}

/** Assess's prop `attestations` (key, status, until when), from runs that kept keys and statuses. */
function attestationsProp(list: readonly SummaryAttestation[]): Json[] {
  const named = list.filter((x) => x.key && x.status);
  return named.length && named.length === list.length ? [prop('attestations', named.map((x) => `${x.key} ${x.status} until ${x.expires}`).join('; '))] : [];
}

function result(s: RunSummary, templates: Templates): Json {
  const scope = runScope(s.run);
  // Counted as assess's result counts them (one function); a run stored before kept no manual list, and states none.
  // A run stored before it kept why a control was partial: its objectives left and undefined ODPs say it.
  const counts = resultCounts(s.findings, s.manual ?? [], (f) => f.partialWhys ?? [
    ...((f.uncoveredTotal ?? f.uncovered?.length ?? 0) > 0 ? ['objectives-left' as const] : []),
    ...(f.undefinedOdps?.length ? ['odps-undefined' as const] : []),
  ]);
  const items = s.devices.map((d) => ({
    uuid: scope.uuid('inventory-item', d.id),
    description: `Imaging-device console ${d.id}, snapshot collected ${d.collectedAt}.`,
    props: [
      { name: 'asset-id', value: oscalString(d.id) },
      prop('snapshot-collected', d.collectedAt),
      prop('source-sha256', d.source),
      prop('store-object', d.object),
    ],
  }));
  // As in assess: every assessed control has its own finding (a partially assessed one not-satisfied,
  // reason other: controlFindingStatus), and each objective the checks decided has one of type objective-id.
  const findings = s.findings.flatMap((f) => {
    const own = controlFindingStatus(f);
    const control = [{
      uuid: scope.uuid('finding', f.controlId),
      ...controlFindingText(templates, {
        ...f,
        selection: s.selection ?? `${s.baseline.toUpperCase()} baseline`,
        satisfied: f.state === 'satisfied',
        partial: f.state === 'partial',
        shownObjectives: (f.objectives ?? []).filter((o) => o.state === 'satisfied').map((o) => o.id),
        failingMore: f.failingTotal - f.failing.length,
        notCollectedMore: f.notCollectedTotal - f.notCollected.length,
        failingDevices: { length: f.failingDevicesTotal },
        deviceCount: s.devices.length,
        baseline: s.baseline.toUpperCase(),
        failedObjectives: (f.objectives ?? []).filter((o) => o.state === 'not-satisfied').map((o) => o.id),
        uncovered: f.uncovered ?? [],
        uncoveredMore: Math.max(0, (f.uncoveredTotal ?? 0) - (f.uncovered?.length ?? 0)),
        // Worded as assess words them (a run stored before summaries kept attestations has none).
        attestationOnly: f.checkIds.length === 0 && (f.attestations?.length ?? 0) > 0,
        attestations: f.attestations ?? [],
        anyExpired: (f.attestations ?? []).some((x) => x.expired),
        reviewerUnconfirmed: (f.attestations ?? []).some((x) => x.unconfirmed),
        wholeControl: f.wholeControl === true,
        leafCount: f.leafCount ?? 0,
        objectiveCount: (f.leafCount ?? 0) - (f.addedCount ?? 0),
        addedCount: f.addedCount ?? 0,
        attestationMissing: f.attestationMissing === true,
        undefinedOdps: f.undefinedOdps ?? [],
        undefinedOdpNames: f.undefinedOdpNames ?? f.undefinedOdps ?? [],
      }),
      // No checks prop where no check speaks for the control (attested only), as assess: an empty one read "(empty)".
      props: [prop('control-id', f.controlId), prop('in-baseline', f.inBaseline ? 'yes' : 'no'), ...own.props, ...(f.checkIds.length ? [prop('checks', f.checkIds.join(' '))] : []), ...(f.added ?? []).map((id) => prop('profile-added', id)), ...cciProps(f.cci), ...attestationsProp(f.attestations ?? []), prop('monitoring-run', s.run)],
      target: { type: f.targetType, 'target-id': f.targetId, status: own.status },
      // Not satisfied with no POA&M item or risk: why, in assess's words (assessment-results.ts), with the
      // objectives left to the assessor as the summary counted them; a run stored before kept only the
      // first ones listed, not how many, so its count is not stated.
      ...(f.state === 'partial' ? { remarks: templates.render('partially-assessed-no-poam', { uncoveredCount: f.uncoveredTotal ?? 0 }) } : {}),
    }];
    const objectives = (f.objectives ?? []).filter((o) => o.id !== f.targetId).map((o) => ({
      uuid: scope.uuid('finding', o.id),
      // In assess's words (one builder). A run stored before kept no label, failing pairs or counts of
      // deviations and evidence not collected: its id, the control's listed pairs of its checks, none.
      ...objectiveFindingText(templates, {
        controlId: f.controlId, controlTitle: f.title, objectiveId: o.id, label: o.label ?? o.id, state: o.state, reason: o.reason, checkIds: o.checkIds,
        deviceCount: s.devices.length,
        ...(o.failing ? { failing: o.failing, failingMore: Math.max(0, (o.failingPairs ?? 0) - o.failing.length) } : objectiveFailing(f.failing, o.checkIds)),
        failingCount: o.failingTotal, deviationCount: o.deviationCount ?? 0, notCollectedCount: o.notCollectedCount ?? 0,
        attestations: (f.attestations ?? []).filter((x) => x.key && o.attestedBy?.includes(x.key)),
        attestationMissing: o.attestationMissing === true, undefinedOdpNames: o.undefinedOdpNames ?? [],
      }),
      props: [
        prop('control-id', f.controlId), prop('objective-id', o.id), ...(o.checkIds.length ? [prop('checks', o.checkIds.join(' '))] : []), ...cciProps(o.cci),
        ...attestationsProp((f.attestations ?? []).filter((x) => x.key && o.attestedBy?.includes(x.key))),
        ...(o.undefinedOdpNames?.length ? [prop('assessment-state', 'partially-assessed')] : []),
        prop('monitoring-run', s.run),
      ],
      target: { type: 'objective-id', 'target-id': o.id, status: { state: o.state, reason: o.reason } },
      ...(o.undefinedOdpNames?.length ? { remarks: templates.render('partially-assessed-no-poam', { uncoveredCount: 0 }) } : {}),
    }));
    return [...control, ...objectives];
  });
  const out: Json = {
    uuid: scope.uuid('result'),
    title: `Monitoring run ${s.run}: ${s.devices.length} imaging-device console(s)`,
    description: templates.render('monitor-result-description', {
      run: s.run, now: s.now, previous: s.previous ?? '', deviceCount: s.devices.length, checkCount: s.checks, baseline: s.baseline.toUpperCase(),
      ...counts, manualKnown: s.manual !== undefined, selection: s.selection ?? `${s.baseline.toUpperCase()} baseline`,
      missing: s.missing.slice(0, LISTED), missingMore: Math.max(0, s.missing.length - LISTED),
      added: s.added.slice(0, LISTED), addedMore: Math.max(0, s.added.length - LISTED),
    }),
    // The earliest evidence of the run, by instant (text order is wrong across offsets).
    start: timeWindow([s.now, ...s.devices.map((d) => d.collectedAt)])!.first,
    end: s.now,
    props: [prop('baseline', s.baseline), ...(s.judgedWith ?? []).map((p) => prop(p.name, p.value)), prop('monitoring-run', s.run), ...(s.previous ? [prop('previous-run', s.previous)] : []), ...(s.missing.length ? [prop('devices-missing', String(s.missing.length))] : [])],
    // The same selections as assess's result, worded by the same function, so both documents say the same of each control.
    'reviewed-controls': { 'control-selections': reviewedControlSelections(s.findings, s.manual ?? [], s.selection ?? `${s.baseline.toUpperCase()} baseline`) },
  };
  if (items.length) out['local-definitions'] = { 'inventory-items': items };
  if (findings.length) out.findings = findings;
  return out;
}

/** The series document. `summaries` oldest first (the ledger's order); the last is the run being reported. */
export function buildSeriesResults(summaries: readonly RunSummary[], templates: Templates, opts: SeriesOptions): Json {
  return seriesDocument(summaries, opts, summaries.map((s) => result(s, templates)));
}

/**
 * Writes the series document to `file` (refusing to overwrite), byte for byte
 * JSON.stringify(buildSeriesResults(...), null, 2) + "\n", with one run's result in memory at a
 * time: each run lists every device, and a year of monthly runs over a large fleet is hundreds of MB.
 */
export function writeSeriesResults(summaries: readonly RunSummary[], templates: Templates, opts: SeriesOptions, file: string): void {
  const doc = seriesDocument(summaries, opts, new StreamedArray(function* () {
    for (const s of summaries) yield result(s, templates);
  }));
  const sink = new FileSink(file);
  try {
    writeJsonStream(doc, sink);
  } finally {
    sink.close();
  }
}

function seriesDocument(summaries: readonly RunSummary[], opts: SeriesOptions, results: unknown): Json {
  if (summaries.length === 0) throw new Error('buildSeriesResults: no run');
  const last = summaries[summaries.length - 1]!;
  // The document is keyed by its newest run, which (through the ledger) fixes every earlier one.
  const scope = new UuidScope(`ato-evidence monitor series ${last.run}`);
  const apResource = scope.uuid('resource', 'assessment-plan');
  return {
    'assessment-results': {
      uuid: scope.uuid('document', 'assessment-results'),
      metadata: {
        title: `Continuous monitoring: assessment results of ${opts.systemName}, ${summaries.length} run(s)`,
        'last-modified': opts.now,
        version: opts.now,
        'oscal-version': OSCAL_VERSION,
        props: [prop('generator', `ato-evidence ${opts.toolVersion}`), ...(opts.rulesDigest ? [prop(RULES_DIGEST_PROP, opts.rulesDigest)] : [])],
      },
      'import-ap': { href: `#${apResource}` },
      results,
      'back-matter': {
        resources: [{
          uuid: apResource,
          title: `Assessment plan of ${opts.systemName}`,
          description: 'Each monitoring run evaluates every device\'s snapshot against the ato-evidence check catalog; "ato-evidence assess" on the snapshots a run names writes that run\'s full assessment plan and results.',
          props: [{ name: 'type', value: 'plan' }],
        }, ...inputResources(scope, last.run, opts.inputs)],
      },
    },
  };
}
