// The `assess` command's work, at the edge: read inputs, call the pure stages, write the package.
// Files, threads and the clock are touched here and nowhere deeper.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baselineControls, loadControlIndex, lookupControl, type Baseline } from '../catalog/control-index.js';
import { assessmentOf, controlInfo, objectiveTextOf } from '../catalog/objectives.js';
import { compareTimes, dayFirstEndUtc, dayIsOver, holdsThroughDay, instantMs } from '../io/dates.js';
import { UserError } from '../io/errors.js';
import { expandInputs, refuseSecretOptionPaths, type InputItem } from '../io/inputs.js';
import { withMaskedTexts } from './config.js';
import { inputFileName } from '../io/display-path.js';
import { readAhead, readChunks, readUserFile } from '../io/file-queue.js';
import { FileSink, RawJson, StreamedArray, writeJsonStream } from '../io/json-stream.js';
import { Spool } from '../io/spool.js';
import { textLimit, Utf8Stream } from '../io/utf8.js';
import { MAX_YAML_BYTES } from '../io/yaml-text.js';
import { RunIds } from '../oscal/run-ids.js';
import { perDeviceIndex, type ObservationGrouper } from '../oscal/observation-groups.js';
import { stageOutputDir } from '../io/package-dir.js';
import { refuseOverlaps } from '../io/output-safety.js';
import { sha256Hex } from '../oscal/ids.js';
import { AP_FILE, AR_FILE, buildAssessmentPlan, buildAssessmentResults, selectionName } from '../oscal/assessment-results.js';
import { loadTemplates } from '../oscal/templates.js';
import { buildSsp, declarationOf, SSP_FILE } from '../oscal/ssp.js';
import { highWaterMark, parseSystemDescription, placeholderSystem, teamNames, type SystemDescription } from './system-description.js';
import { checkDeclaredControls, expectedAttestations } from './system-declarations.js';
import { rulesDigestOf } from './rules-digest.js';
import { parseCapabilities, undescribedModelsWarning, type CapabilityFile } from '../catalog/capabilities.js';
import { loadResponsibility } from '../catalog/responsibility.js';
import { buildPoam, planPoam, riskContext, DEFAULT_DEADLINE_DAYS, POAM_FILE, PreviousPoamReader, type DeadlineDays, type PoamItemState, type PreviousPoam } from '../oscal/poam.js';
import { loadInputSnapshot, type FolderIngester } from './load-input.js';
import { OptionFileLog } from './option-files.js';
import { odpsOfRun, loadRunConfig, type ConfigOptions, type RunConfig } from './config.js';
import { ControlAggregator, leftByWhy, manualControlsOf, missingAttestations, partialWhys, withAttestations, withMissingAttestations, withUndefinedOdps, type PartialWhy } from './controls.js';
import { attestationsWithoutPlaces, checkReviewers, evidenceAsChecked, loadAttestationsFile, type Attestation } from '../attest/attestations.js';
import { checkDeviationApprovers, checkDeviationDevices } from '../evaluate/deviations.js';
import { evidenceMediaType } from '../oscal/attestations.js';
import type { AssessmentTeam } from '../oscal/assessors.js';
import type { AssessedDevice, Assessment, AssessmentSummary } from './model.js';
import { reportSpoolPath, spoolPath, SnapshotProcessor, toProcessError, unreadableDeviceId, type Loaded, type ProcessContext, type ProcessedRecord, type ProcessError } from './process.js';
import { isUserError, portableMessage } from '../io/errors.js';
import { summarise } from './summary.js';
import { processWithWorkers } from './pool.js';
import { workersFor } from '../io/threads.js';
import { EVIDENCE_MAX_AGE_PARAM } from '../evaluate/evaluate-check.js';
import { checkSigningKey, MANIFEST_FILE, packageDigestOf, SIGNATURE_FILE } from '../seal/manifest.js';
import { buildReportInput, reportDevices } from '../report/assemble.js';
import type { ReportResult } from '../report/model.js';
import { listPackageFiles, MAX_ATTACHMENT_BYTES } from '../report/package-files.js';
import { readKey, sealFolder, type FileDigest } from '../seal/seal.js';
import { otherConsole } from '../snapshot/serial.js';
import { IdSpellings } from '../snapshot/id-case.js';
import { redactText } from '../snapshot/secrets.js';

export { loadRunConfig } from './config.js';

export interface AssessOptions {
  inputs: string[];
  out: string;
  force: boolean;
  baseline: Baseline;
  /** The assessment clock, RFC 3339 UTC. */
  now: string;
  toolVersion: string;
  systemName?: string;
  /** The system description file (YAML or JSON) the SSP's system characteristics come from. */
  system?: string;
  /** The vendor capability file: what the SSP says each device model implements (docs/component-definition.md). */
  capabilities?: string;
  profile?: string;
  catalog?: string;
  params?: string;
  deviations?: string;
  /** Manual attestations (YAML or CSV; docs/attestations.md). */
  attestations?: string;
  checks?: string;
  /** Ed25519 private key (PEM) to sign the manifest with. */
  signKey?: string;
  /** The assessor's name (overrides the system description's `assessor`). */
  assessor?: string;
  /** Last month's poam.json: its items keep their uuids and first-detected dates. */
  previousPoam?: string;
  /** Days from detection to a POA&M deadline, by severity (default 30 / 90 / 180). */
  poamDays?: DeadlineDays;
  /** Write the PDF evidence package (default true). */
  pdf?: boolean;
  /** One observation per device and check, as before grouping (default: grouped by result; docs/scale.md). */
  perDeviceObservations?: boolean;
  /** Threads evaluating snapshots (default 1; 'auto', the CLI's default: every core where the fleet is large enough): the output is the same for any number. */
  jobs?: number | 'auto';
  /** A marking (e.g. CUI) printed at the top and bottom of every page of the PDF. */
  marking?: string;
  /** Turns an export folder into a snapshot (the ingest stage); absent = export folders are not accepted. */
  ingest?: FolderIngester;
  /**
   * --keep-going: an input that cannot be read (a malformed snapshot, a broken export folder) is
   * reported as a device whose checks are not collected, and the rest of the fleet is assessed.
   * Without it, the first such input stops the run (exit 1, nothing written).
   */
  keepGoing?: boolean;
  onProgress?: (done: number, total: number) => void;
  warn?: (message: string) => void;
}

export interface AssessOutcome {
  outDir: string;
  /** SHA-256 over the manifest's file list (see seal/manifest.ts). */
  packageDigest: string;
  files: string[];
  summary: AssessmentSummary;
  devices: Array<{ id: string; collectedAt: string; file: string; superseded: Array<{ file: string; collectedAt: string }> }>;
  /**
   * state: satisfied | not-satisfied | partial (partially assessed); objectivesLeft: leaf objectives
   * left to the assessor; undefinedOdps (an attested control only, when any): its ODPs no value of
   * the run defines, which alone make an attested control partial (objectivesLeft may then be empty).
   * A partial control also says why (partialWhys, as the AR's result counts them) and how many of
   * objectivesLeft are so for each reason (objectivesLeftBy), so the CLI says what the AR says.
   */
  findings: Array<{ control: string; state: string; failingDevices: string[]; objectivesLeft: string[]; undefinedOdps?: string[]; partialWhys?: PartialWhy[]; objectivesLeftBy?: Partial<Record<PartialWhy, number>> }>;
  manual: string[];
  /** The control selection in the AR's words ("MODERATE baseline", "profile <title>"). */
  selection: string;
  /** POA&M items by status; `overdue` = open items past their deadline; `new` = not in the previous POA&M (all, without one). */
  poam: { open: number; deviationApproved: number; closed: number; overdue: number; new: number };
  warnings: string[];
}

/** Last month's POA&M, read in chunks: only its items and risks are kept (see PreviousPoamReader); UTF-8 only. */
function readPreviousPoam(file: string, log: OptionFileLog, now: string): PreviousPoam {
  const reader = new PreviousPoamReader(file, now);
  const utf8 = new Utf8Stream(file, 'JSON');
  const hash = createHash('sha256');
  readChunks(file, (chunk) => {
    utf8.write(chunk);
    reader.write(chunk);
    hash.update(chunk);
  });
  utf8.end();
  log.noteDigest(file, hash.digest('hex'));
  return reader.finish();
}

async function loadItem(item: InputItem, prefetched: Buffer | undefined, ingest: AssessOptions['ingest'], warn: (m: string) => void): Promise<Loaded> {
  return { ...(await loadInputSnapshot(item, ingest, warn, prefetched)), file: item.path };
}

type Indexed = InputItem & { index: number };
type Outcome = ProcessedRecord | ProcessError;

/**
 * Processes items in input order; stops at the first error (recorded, not thrown: the merge
 * reports errors in input order), unless `keepGoing`: then an input the user must fix becomes an
 * unreadable device and the others go on (a bug still stops the run).
 */
async function processInputs(items: readonly Indexed[], ctx: ProcessContext, ingest: AssessOptions['ingest'], warn: (m: string) => void, progress: () => void, keepGoing = false): Promise<{ outcomes: Outcome[]; grouper: ObservationGrouper | undefined }> {
  const processor = new SnapshotProcessor(ctx);
  const out: Outcome[] = [];
  const grouper = processor.grouper;
  for await (const { item, bytes, error } of readAhead(items, (i) => i.kind === 'snapshot')) {
    try {
      if (error) throw error;
      out.push(await processor.process(item.index, await loadItem(item, bytes, ingest, warn)));
    } catch (e) {
      if (keepGoing && isUserError(e)) {
        warn(`could not read ${item.path}, assessed as not collected (--keep-going): ${e.message}`);
        out.push(processor.unreadable(item.index, item.path, unreadableDeviceId(item.path, bytes), portableMessage(e), sha256Hex(bytes ?? Buffer.from(`unreadable input ${item.path}`))));
        progress();
        continue;
      }
      out.push(toProcessError(item.index, e));
      await processor.abandon();
      return { outcomes: out, grouper };
    }
    progress();
  }
  await processor.finish();
  return { outcomes: out, grouper };
}

/**
 * Walks the processed records in input order:
 * the first error wins; two snapshots of one device at one time are an error; otherwise the most
 * recent snapshot of each device is kept and the others are listed as superseded.
 */
function merge(outcomes: Outcome[]): { chosen: Map<string, ProcessedRecord>; dropped: ProcessedRecord[]; unreadable: AssessmentSummary['unreadable'] } {
  const byIndex = [...outcomes].sort((a, b) => a.index - b.index);
  const chosen = new Map<string, ProcessedRecord>();
  const dropped: ProcessedRecord[] = [];
  const seenAt = new Map<string, string>();
  const spellings = new IdSpellings();
  const unreadable: AssessmentSummary['unreadable'] = [];
  const unread: ProcessedRecord[] = [];
  for (const o of byIndex) {
    if (!('device' in o)) {
      if (o.internal) throw new Error(o.message);
      throw new UserError(o.message, { exitCode: o.exitCode });
    }
    if (o.device.unreadable !== undefined) {
      unreadable.push({ input: o.device.sourceFile, deviceId: o.device.id, error: o.device.unreadable });
      unread.push(o);
      continue;
    }
    const d = o.device;
    // Ids that differ in case only (MR-01, mr-01) are one console to Windows, and their evidence
    // files (evidence/<id>_<time>.json) one file on a case-insensitive disk, where the second
    // would replace the first: refused, never two devices nor a silent merge.
    spellings.check(d.id, d.sourceFile);
    const key = `${d.id}|${instantMs(d.collectedAt)}`;
    const twin = seenAt.get(key);
    if (twin) throw new UserError(`two snapshots of device ${d.id} collected at the same time (${d.collectedAt}): ${twin} and ${d.sourceFile}`, { file: d.sourceFile, where: '/collectedAt' });
    seenAt.set(key, d.sourceFile);
    const prev = chosen.get(d.id);
    // Two consoles under one id (a -DeviceId copied to another console): the older would be
    // "superseded" and the other console left out of the package without a word.
    if (prev && otherConsole(prev.device.device.serial, d.device.serial)) {
      throw new UserError(`two devices claim the id ${d.id}: ${prev.device.sourceFile} has serial ${prev.device.device.serial}, ${d.sourceFile} has serial ${d.device.serial}; give each device its own id`, { file: d.sourceFile, where: '/device/serial' });
    }
    if (!prev) {
      chosen.set(d.id, o);
    } else if (compareTimes(prev.device.collectedAt, d.collectedAt) > 0) {
      prev.device.superseded.push({ file: d.sourceFile, collectedAt: d.collectedAt });
      dropped.push(o);
    } else {
      o.device.superseded.push(...prev.device.superseded, { file: prev.device.sourceFile, collectedAt: prev.device.collectedAt });
      dropped.push(prev);
      chosen.set(d.id, o);
    }
  }
  // An unreadable input stands for its device only where no readable input gave that device.
  for (const o of unread) {
    if (chosen.has(o.device.id)) dropped.push(o);
    else chosen.set(o.device.id, o);
  }
  return { chosen, dropped, unreadable };
}

/** The accepted evidence age the run used (evidence-max-age-days), for the summary. */
function maxAgeDaysOf(config: RunConfig): number | undefined {
  const v = config.params.params.get(EVIDENCE_MAX_AGE_PARAM)?.value;
  return typeof v === 'number' ? v : undefined;
}

export const PDF_FILE = 'evidence-package.pdf';
export const RESULTS_FILE = 'results.csv';
const ATTESTATION_DIR = 'evidence/attestations/';

/**
 * The PDF evidence package, from the assessment and each device's results read back from the
 * report spool. Its cover carries the digest of every other file of the package (the PDF cannot
 * carry a digest of itself); manifest.json then seals all files, the PDF included.
 */
async function writeEvidencePdf(a: Assessment, config: RunConfig, dir: string, records: readonly ProcessedRecord[], reportSpool: Spool, poam: readonly PoamItemState[], summary: AssessmentSummary, front: { system: SystemDescription; marking?: string; pointOfContact?: string }, digests: Map<string, FileDigest>): Promise<string[]> {
  const { renderEvidencePdf } = await import('../report/pdf/render.js');
  const results = function* () {
    for (const r of records) if (r.reportSpan) yield* JSON.parse(reportSpool.read(r.reportSpan).toString('utf8')) as ReportResult[];
  };
  // The per-device detail of the grouped PDF: results.csv, in the package and attached.
  const { RESULTS_CSV, resultsCsvLines } = await import('../report/results-csv.js');
  const csv = new FileSink(join(dir, RESULTS_CSV), { sha256: true });
  try {
    for (const line of resultsCsvLines(results(), new Map(a.devices.map((d) => [d.id, d.collectedAt])))) csv.write(line);
  } finally {
    csv.close();
  }
  digests.set(RESULTS_CSV, { sha256: csv.sha256(), size: csv.size });
  // At fleet scale the PDF summarises the devices: devices.csv lists them one by one.
  const { DEVICES_CSV, GROUP_ABOVE, devicesCsvLines } = await import('../report/fleet.js');
  const written = [RESULTS_CSV];
  if (a.devices.length > GROUP_ABOVE) {
    const sink = new FileSink(join(dir, DEVICES_CSV), { sha256: true });
    try {
      for (const line of devicesCsvLines(reportDevices(a))) sink.write(line);
    } finally {
      sink.close();
    }
    digests.set(DEVICES_CSV, { sha256: sink.sha256(), size: sink.size });
    written.push(DEVICES_CSV);
  }
  const files = listPackageFiles(dir, (p) => p.startsWith('.') || p === PDF_FILE, digests);
  const total = files.reduce((n, f) => n + f.size, 0);
  // Too much to attach everything: the per-device CSVs still travel with the PDF while they fit.
  let attached = files;
  if (total > MAX_ATTACHMENT_BYTES) {
    attached = [];
    let room = MAX_ATTACHMENT_BYTES;
    for (const f of [DEVICES_CSV, RESULTS_CSV].flatMap((name) => files.filter((x) => x.path === name))) {
      if (f.size > room) continue;
      attached.push(f);
      room -= f.size;
    }
  }
  const attachments = attached.map((f) => {
    const attested = f.path.startsWith(ATTESTATION_DIR);
    const description = attested ? `Attestation evidence ${f.path}` : f.path.startsWith('evidence/') ? `Configuration snapshot ${f.path}` : `OSCAL ${f.path}`;
    if (f.path === RESULTS_CSV) return { name: f.path, bytes: readFileSync(join(dir, f.path)), description: 'Every device × check result (CSV)', mediaType: 'text/csv' };
    if (f.path === DEVICES_CSV) return { name: f.path, bytes: readFileSync(join(dir, f.path)), description: 'Every device assessed (CSV)', mediaType: 'text/csv' };
    return { name: f.path.replace(/\//g, '_'), bytes: readFileSync(join(dir, f.path)), description, mediaType: attested ? evidenceMediaType(f.path) : 'application/json' };
  });
  const input = buildReportInput(a, {
    index: config.index,
    parameterDefs: config.catalog.parameters,
    deviations: config.deviations,
    files,
    manifestDigest: packageDigestOf(files), // = manifest.json's reportDigest (every file but this PDF)
    attachments,
    poam,
    summary,
    system: front.system,
    ...(front.marking ? { marking: front.marking } : {}),
    ...(front.pointOfContact ? { pointOfContact: front.pointOfContact } : {}),
    selfName: PDF_FILE,
    bundledCatalogSource: loadControlIndex().source,
    results,
  });
  await renderEvidencePdf(input, join(dir, PDF_FILE));
  return written;
}

/** Whom a risk's owner asks: the ISSO of the system description, else its system owner. */
function pointOfContact(system: SystemDescription): string | undefined {
  const p = system.responsibleParties.find((x) => x.role === 'information-system-security-officer') ?? system.responsibleParties.find((x) => x.role === 'system-owner');
  return p ? `${p.name}${p.email ? ` <${p.email}>` : ''} (${p.role})` : undefined;
}

/**
 * Assesses, then hands the run's warnings to `warn`: only once the run produced its package, so a
 * run refused (an input found wrong after an expiry was warned of) prints the refusal alone, not
 * warnings about a package that was never written. A successful run's warnings are the same, in order.
 */
export async function runAssess(given: AssessOptions): Promise<AssessOutcome> {
  const outcome = await assess(given);
  if (given.warn) for (const m of outcome.warnings) given.warn(m);
  return outcome;
}

async function assess(given: AssessOptions): Promise<AssessOutcome> {
  const opts = withMaskedTexts(given);
  const warnings: string[] = [];
  // A warning may quote any input (a cell, a line, a path) and reaches the reports: masked as a message is.
  // Kept, not printed: runAssess hands them on once the run has succeeded.
  const warn = (text: string) => {
    warnings.push(redactText(text));
  };
  refuseSecretOptionPaths([['--checks', opts.checks], ['--params', opts.params], ['--profile', opts.profile], ['--catalog', opts.catalog], ['--deviations', opts.deviations],
    ['--attestations', opts.attestations], ['--system', opts.system], ['--capabilities', opts.capabilities], ['--previous-poam', opts.previousPoam]]);
  const today = opts.now.slice(0, 10);
  const configOptions: ConfigOptions = { checks: opts.checks, params: opts.params, profile: opts.profile, deviations: opts.deviations, catalog: opts.catalog };
  // Every option file is read once through this log: the AR cites each by the SHA-256 of the bytes used.
  const optionLog = new OptionFileLog([opts.params, opts.deviations, opts.attestations, opts.system, opts.capabilities]);
  const config: RunConfig = loadRunConfig(configOptions, optionLog.read, optionLog.noteVia);
  config.params.warnings.forEach(warn);
  config.warnings.forEach(warn);
  const checks = config.catalog.checks;
  const known = (id: string) => lookupControl(config.index, id) !== undefined;
  const attestations: Attestation[] = opts.attestations ? loadAttestationsFile(opts.attestations, known, opts.now, (id) => assessmentOf(config.index, id)?.objective, warn, optionLog.read) : [];
  // The evidence files the attestations name are inputs too: --out may not hold them (output-safety.ts).
  refuseOverlaps([{ name: '--out', path: opts.out }], attestations.map((a) => ({ name: `the evidence file of ${a.file} at ${a.where}`, path: a.evidencePath })));
  for (const a of attestations) if (a.status === 'expired') warn(`attestation of ${a.controlId} by ${a.who.name} (${a.file} at ${a.where}) expired on ${a.expires} (that day ended at UTC+14:00, ${dayFirstEndUtc(a.expires)}); ${a.controlId} is not satisfied`);
  // A --profile's controls replace the baseline's for the manual list and the in-baseline flags.
  const selected = config.profile ? config.profile.controls : baselineControls(config.index, opts.baseline);
  const selectedSet = new Set(selected);

  // A bad signing key is found now, not after the whole fleet has been assessed.
  if (opts.signKey) checkSigningKey(readKey(opts.signKey), opts.signKey);
  const systemText = opts.system ? optionLog.read(opts.system, textLimit(MAX_YAML_BYTES, 'YAML'), 'YAML') : undefined;
  const systemName = opts.systemName ?? (systemText !== undefined ? undefined : 'Imaging-device fleet');
  // --system-name names the system in every document: the SSP's system-name and the PDF's System
  // section too, not only the titles (they named the --system file's system beside it).
  const system: SystemDescription = systemText !== undefined
    ? withName(parseSystemDescription(systemText, opts.system!), opts.systemName)
    : placeholderSystem(systemName!, opts.baseline);
  if (systemText !== undefined) {
    checkDeclaredControls(system, known, opts.system!);
    // Only the AO accepts a risk: every deviation's approver must be the system's Authorizing Official.
    checkDeviationApprovers(config.deviations, system.responsibleParties.filter((p) => p.role === 'authorizing-official').map((p) => p.name), opts.system!);
  } else if (config.deviations.length) {
    warn(`no --system file: the approvers of the deviations (${opts.deviations}) cannot be checked against the Authorizing Official`);
  }
  const capabilitiesText = opts.capabilities ? optionLog.read(opts.capabilities, textLimit(MAX_YAML_BYTES, 'YAML'), 'YAML') : undefined;
  const capabilities: CapabilityFile | undefined = capabilitiesText !== undefined
    ? parseCapabilities(capabilitiesText, opts.capabilities!, new Set(checks.map((c) => c.id)), config.catalog.parameters)
    : undefined;
  const previousPoam = opts.previousPoam ? readPreviousPoam(opts.previousPoam, optionLog, opts.now) : undefined;
  // The signing key is not cited: it is a secret, and the signature names its public key.
  const optionFiles = optionLog.files([['--checks', opts.checks], ['--catalog', opts.catalog], ['--profile', opts.profile], ['--params', opts.params], ['--deviations', opts.deviations],
    ['--attestations', opts.attestations], ['--system', opts.system], ['--capabilities', opts.capabilities], ['--previous-poam', opts.previousPoam]]);
  // Who assessed: --assessor, else the system description's assessor; its assessment team.
  const assessorName = opts.assessor?.trim();
  const team: AssessmentTeam = { ...(assessorName ? { assessor: { name: assessorName } } : system.assessor ? { assessor: system.assessor } : {}), members: system.assessmentTeam };
  // Only an assessor's review makes an attestation count: the reviewer must be one of them.
  const assessors = teamNames({ assessor: team.assessor, assessmentTeam: team.members });
  const namedIn = assessorName ? (team.members.length ? `--assessor and ${opts.system}` : '--assessor') : opts.system ?? '';
  checkReviewers(attestations, assessors, namedIn);
  // Nobody named to compare with: the review is taken (the rule), but not as an assessor's (docs/attestations.md).
  const unconfirmed = assessors.length ? [] : [...new Set(attestations.flatMap((x) => (x.reviewedBy ? [x.reviewedBy.name] : [])))];
  if (unconfirmed.length) {
    warn(`no assessor or assessment team named (--system's assessor and assessment-team, or --assessor): the reviewer(s) of the attestations (${unconfirmed.join(', ')}) cannot be confirmed as assessors; their reviews are taken, and the findings say "not confirmed as an assessor"`);
  }

  const items: Indexed[] = expandInputs(opts.inputs, {
    ...(opts.ingest ? { isExportFolder: (d: string) => opts.ingest!.looksLikeExportFolder(d) } : {}),
    warn,
    outputs: [{ name: '--out', path: opts.out }],
    // Read through options, so not named as left unread when they lie inside an INPUT folder.
    known: [opts.checks, opts.catalog, opts.profile, opts.params, opts.deviations, opts.attestations, opts.system, opts.capabilities, opts.previousPoam, ...attestations.map((a) => a.evidencePath)].filter((p): p is string => p !== undefined),
  }).map((it, index) => ({ ...it, index }));
  const staged = stageOutputDir(opts.out, opts.force, warn);
  try {
    mkdirSync(join(staged.path, 'evidence'));
    if (attestations.length) {
      mkdirSync(join(staged.path, ATTESTATION_DIR));
      for (const [href, a] of new Map(attestations.map((x) => [x.evidenceHref, x]))) writeFileSync(join(staged.path, href), evidenceAsChecked(a));
    }
    // Device-level uuids need only the clock and configuration: observations are written as each
    // device is evaluated, and only a compact outcome per device is kept.
    // What the checks are judged with, recorded in the AR so a later diff or monitor can tell (rules-digest.ts).
    const rulesDigest = rulesDigestOf(config.inputDigest, opts.toolVersion);
    const configKey = sha256Hex([opts.now, opts.baseline, opts.toolVersion, opts.systemName ?? '', assessorName ?? '', config.inputDigest, systemText === undefined ? '' : sha256Hex(systemText), ...(capabilitiesText === undefined ? [] : [sha256Hex(capabilitiesText)])].join('\n'));
    const ctx: ProcessContext = {
      team,
      checks, params: config.params.params, deviations: config.deviations, today, nowIso: opts.now, configKey, stagedPath: staged.path, spoolId: 0, report: opts.pdf !== false,
      ...(opts.perDeviceObservations ? { perDevice: true } : {}),
    };
    let done = 0;
    const progress = (n = 1) => opts.onProgress?.((done += n), items.length);

    const workers = workersFor(opts.jobs ?? 1, items.length);
    const { outcomes, grouper } = workers > 1
      ? await processWithWorkers(items, ctx, workers, opts.ingest !== undefined, warn, progress, opts.keepGoing === true)
      : await processInputs(items, ctx, opts.ingest, warn, progress, opts.keepGoing === true);

    const { chosen, dropped, unreadable } = merge(outcomes);
    // Nothing to assess: said as such (the package would have no evidence; sealing its empty
    // evidence folder failed with a message about a temporary folder).
    if (items.length > 0 && unreadable.length === items.length) {
      throw new UserError(`none of the ${items.length} input(s) could be read (--keep-going assesses the readable ones): ${unreadable.map((u) => u.error).join('; ')}`, { exitCode: 1 });
    }
    for (const r of dropped) if (r.stagedEvidence) rmSync(join(staged.path, r.stagedEvidence));
    const deviceIds = [...chosen.keys()].sort();
    checkDeviationDevices(config.deviations, new Set(deviceIds), undefined, { unreadable: unreadable.length, warn });
    const records = deviceIds.map((id) => chosen.get(id)!);
    for (const r of records) if (r.stagedEvidence) renameSync(join(staged.path, r.stagedEvidence), join(staged.path, r.device.evidenceHref));
    // What this run writes, hashed as written: the seal and the PDF's appendix do not read it back.
    const written = new Map<string, FileDigest>();
    for (const r of records) if (r.stagedEvidence) written.set(r.device.evidenceHref, { sha256: r.device.evidenceSha256, size: r.evidenceSize });
    const devices: AssessedDevice[] = records.map((r) => r.device);
    // Oldest first, by instant (text order is wrong across offsets).
    for (const d of devices) d.superseded.sort((a, b) => compareTimes(a.collectedAt, b.collectedAt));
    const outcomesById = new Map(records.map((r) => [r.device.id, r.outcome] as const));
    const info = (id: string) => controlInfo(config.index, id);
    const aggregator = new ControlAggregator(checks, info, opts.baseline, config.profile ? selectedSet : undefined);
    for (const r of records) aggregator.addDevice(r.device.id, r.outcome.statuses, (id) => r.outcome.details.get(id)?.deviation);
    // Controls the system description says are attested and no attestation names: not satisfied, and a weakness.
    const missing = missingAttestations(expectedAttestations(system), attestations);
    for (const id of missing) warn(`${opts.system} declares ${id} evidenced by attestation, but no attestation of it was supplied${opts.attestations ? ` in ${opts.attestations}` : ' (no --attestations)'}; ${id} is not satisfied`);
    // An attestation naming no objectives is taken for the whole control (docs/attestations.md): say
    // so where that is more than one objective, so nobody reads the breadth as something its evidence showed.
    for (const t of attestations) {
      const leaves = info(t.controlId)?.leaves?.length ?? 0;
      if (!t.objectives?.length && leaves > 1) warn(`attestation of ${t.controlId} by ${t.who.name} (${t.file} at ${t.where}) names no objectives: it is taken for all ${leaves} assessment objectives of ${t.controlId}; name in "objectives" the parts its evidence shows`);
    }
    const odps = odpsOfRun(config);
    const findings = withUndefinedOdps(
      withMissingAttestations(withAttestations(aggregator.findings(), attestations, info, (id) => selectedSet.has(id)), missing, info, (id) => selectedSet.has(id)),
      odps.of, odps.defined, odps.label, odps.inserts,
    );
    const manual = manualControlsOf(selected, checks, attestations, expectedAttestations(system));
    for (const d of config.deviations) {
      if (!holdsThroughDay(d.expires, opts.now)) warn(`deviation for ${d.checkId} on ${d.deviceId} (${d.source}) expired on ${d.expires} (that day ended at UTC+14:00, ${dayFirstEndUtc(d.expires)}, before ${opts.now}); it no longer applies`);
    }

    const attestationKey = attestations.length ? sha256Hex(JSON.stringify(attestationsWithoutPlaces(attestations))) : '';
    const runKey = sha256Hex([configKey, ...devices.map((d) => d.sourceSha256), ...(attestationKey ? [attestationKey] : [])].join('\n'));
    const ids = new RunIds(configKey, checks.map((c) => c.id));
    for (const d of devices) ids.setSnapshot(d.id, d.sourceSha256);
    ids.setRunKey(runKey);
    const spool = new Spool(spoolPath(staged.path, ctx.spoolId), 'open');
    // Grouped by result (the default), or one observation per device and check copied from the spool.
    const grouped = grouper?.finish(records.map((r) => ({ device: r.device, groups: r.groups! })), ids, spool);
    const assessment: Assessment = {
      now: opts.now,
      baseline: opts.baseline,
      toolVersion: opts.toolVersion,
      rulesDigest,
      systemName: systemName ?? system.name,
      devices,
      checks,
      outcomes: outcomesById,
      observations: grouped
        ? grouped.observations
        : new StreamedArray(function* () {
          for (const r of records) yield new RawJson(spool.read(r.span));
        }),
      observationIndex: grouped ? grouped.index : perDeviceIndex(ids, devices),
      findings,
      manual,
      objectiveText: objectiveTextOf(config.index),
      selectedControls: selected,
      ...(config.profile ? { profile: { file: inputFileName(opts.profile!), ...(config.profile.title ? { title: config.profile.title } : {}), controlCount: config.profile.controls.length } } : {}),
      ...(attestations.length ? { attestations } : {}),
      ...(optionFiles.length ? { optionFiles } : {}),
      params: [...config.params.params.values()],
      catalogSource: config.index.source,
      runKey,
      ids,
      team,
    };
    const templates = loadTemplates();
    // One plan of the weaknesses for both documents: the results' risks are the POA&M's (same uuids).
    // First detected looks back through the older snapshots given (evaluated, then superseded).
    const history = new Map<string, Array<{ collectedAt: string; statuses: ProcessedRecord['outcome']['statuses'] }>>();
    for (const r of dropped) history.set(r.device.id, [...(history.get(r.device.id) ?? []), { collectedAt: r.device.collectedAt, statuses: r.outcome.statuses }]);
    const poamOptions = { ...(previousPoam ? { previous: previousPoam } : {}), deadlineDays: opts.poamDays ?? DEFAULT_DEADLINE_DAYS, history };
    const planned = planPoam(assessment, poamOptions);
    // An item the previous POA&M closed, failing again only on evidence older than the closure: it is
    // reopened from today, and the assessor is told the evidence does not show the weakness back.
    for (const it of planned) {
      if (it.reopenedOn?.attestation) {
        const what = it.reopenedOn.attestation === 'lapsed' ? `lapsed ${it.reopenedOn.collected}` : `awaiting review, was made ${it.reopenedOn.collected}`;
        warn(`${it.key} was closed ${it.reopenedOn.closed} in ${opts.previousPoam}, but the attestation showing it now ${what}, before that closure: it is reopened as detected ${it.detected} (this assessment); give the attestations current since the closure to tell whether the weakness is back`);
      } else if (it.reopenedOn) warn(`${it.key} was closed ${it.reopenedOn.closed} in ${opts.previousPoam}, but the evidence failing it now was collected ${it.reopenedOn.collected}, before that closure: it is reopened as detected ${it.detected} (this assessment); assess evidence collected since the closure to tell whether the weakness is back`);
    }
    const riskCtx = riskContext(assessment, templates, poamOptions, { ...(pointOfContact(system) ? { pointOfContact: pointOfContact(system)! } : {}) });
    const arSink = new FileSink(join(staged.path, AR_FILE), { sha256: true });
    try {
      writeJsonStream(buildAssessmentResults(assessment, templates, { items: planned, ctx: riskCtx }), arSink);
    } finally {
      arSink.close();
    }
    written.set(AR_FILE, { sha256: arSink.sha256(), size: arSink.size });
    writeFileSync(join(staged.path, AP_FILE), JSON.stringify(buildAssessmentPlan(assessment), null, 2) + '\n', { flag: 'wx' });
    // The SSP links the assessment results (with their digest); it takes no status from them.
    const ssp = buildSsp(assessment, templates, {
      system, index: config.index, profile: opts.profile, responsibility: loadResponsibility(), parameters: config.catalog.parameters,
      ...(capabilities ? { capabilities: { file: inputFileName(opts.capabilities!), models: capabilities.models } } : {}),
      assessmentResults: { href: AR_FILE, sha256: written.get(AR_FILE)!.sha256 },
    });
    writeFileSync(join(staged.path, SSP_FILE), JSON.stringify(ssp, null, 2) + '\n', { flag: 'wx' });
    // Said once the package is being written, so a run that fails says only why it failed.
    if (capabilities) {
      const undeclared = devices.filter((d) => !declarationOf(capabilities.models, d.device.manufacturer, d.device.model)).map((d) => [d.device.manufacturer, d.device.model].filter(Boolean).join(' '));
      const message = undescribedModelsWarning(opts.capabilities!, SSP_FILE, [...new Set(undeclared.filter(Boolean))], undeclared.filter((n) => !n).length);
      if (message) warn(message);
    }
    if (system.placeholder) warn(`no --system file: ${SSP_FILE}'s system characteristics are placeholders to complete (see docs/ssp.md)`);
    else if (highWaterMark(system.categorization) !== opts.baseline) {
      warn(`${opts.system} categorises the system ${highWaterMark(system.categorization).toUpperCase()} (FIPS 199 high-water mark) but the ${opts.baseline.toUpperCase()} baseline is assessed`);
    }
    const poam = buildPoam(assessment, templates, poamOptions, planned, { ...(riskCtx.pointOfContact ? { pointOfContact: riskCtx.pointOfContact } : {}) });
    const poamSink = new FileSink(join(staged.path, POAM_FILE), { sha256: true });
    try {
      writeJsonStream(poam.document, poamSink);
    } finally {
      poamSink.close();
    }
    written.set(POAM_FILE, { sha256: poamSink.sha256(), size: poamSink.size });
    spool.remove();
    // The one summary the CLI, --json and the PDF print.
    const summary = summarise(devices.length, checks, outcomesById, findings, manual, maxAgeDaysOf(config), unreadable, {
      attestations: [...new Set(attestations.filter((t) => t.status === 'expired').map((t) => t.controlId))],
      deviations: config.deviations.filter((d) => !holdsThroughDay(d.expires, opts.now)).length,
      ...(missing.length ? { missingAttestations: missing } : {}),
    }, weaknessSeverityByControl(planned));
    let reportFiles: string[] = [];
    if (ctx.report) {
      const reportSpool = new Spool(reportSpoolPath(staged.path, ctx.spoolId), 'open');
      reportFiles = await writeEvidencePdf(assessment, config, staged.path, records, reportSpool, poam.items, summary, { system, ...(opts.marking ? { marking: opts.marking } : {}), ...(riskCtx.pointOfContact ? { pointOfContact: riskCtx.pointOfContact } : {}) }, written);
      reportSpool.remove();
    }
    // Sealed last: the manifest covers every file the package holds.
    const seal = sealFolder(staged.path, { createdAt: opts.now, tool: `ato-evidence ${opts.toolVersion}`, rulesDigest, signKeyFile: opts.signKey, ...(ctx.report ? { reportFile: PDF_FILE } : {}), written });
    staged.commit();
    return {
      outDir: opts.out,
      files: [AR_FILE, AP_FILE, SSP_FILE, POAM_FILE, ...(ctx.report ? [...reportFiles, PDF_FILE] : []), MANIFEST_FILE, ...(seal.signaturePath ? [SIGNATURE_FILE] : []), ...devices.filter((d) => d.evidenceHref).map((d) => d.evidenceHref), ...new Set(attestations.map((a) => a.evidenceHref))],
      packageDigest: seal.packageDigest,
      summary,
      devices: devices.map((d) => ({ id: d.id, collectedAt: d.collectedAt, file: d.sourceFile, superseded: d.superseded })),
      findings: findings.map((f) => ({ control: f.controlId, state: f.state, failingDevices: [...new Set(f.failing.map((x) => x.deviceId))], objectivesLeft: f.uncovered.map((u) => u.objectiveId), ...(f.undefinedOdps?.length ? { undefinedOdps: f.undefinedOdps } : {}), ...(f.state === 'partial' ? { partialWhys: partialWhys(f), objectivesLeftBy: leftByWhy(f.uncovered) } : {}) })),
      manual,
      selection: selectionName(assessment),
      poam: {
        open: poam.items.filter((i) => i.status === 'open').length,
        deviationApproved: poam.items.filter((i) => i.status === 'deviation-approved').length,
        closed: poam.items.filter((i) => i.status === 'closed').length,
        overdue: poam.items.filter((i) => i.status === 'open' && dayIsOver(i.deadline, opts.now)).length,
        new: poam.items.filter((i) => i.status !== 'closed' && !previousPoam?.items.has(i.key)).length,
      },
      warnings,
    };
  } catch (e) {
    staged.discard();
    throw e;
  }
}

/** Per control, the highest severity of the current weaknesses (the risks both documents carry). */
function weaknessSeverityByControl(items: readonly PoamItemState[]): Map<string, string> {
  const rank = (x: string | undefined) => (x === undefined ? 9 : ['CAT I', 'CAT II', 'CAT III'].indexOf(x));
  const out = new Map<string, string>();
  for (const it of items) {
    if (!it.weakness) continue;
    for (const c of it.controls) if (rank(it.severity) < rank(out.get(c))) out.set(c, it.severity);
  }
  return out;
}

/** A system description under the name --system-name gives, when it gives one. */
function withName(system: SystemDescription, name: string | undefined): SystemDescription {
  return name === undefined ? system : { ...system, name };
}
