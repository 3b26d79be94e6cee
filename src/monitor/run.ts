// `ato-evidence monitor`: the edge. Files new snapshots into the evidence store, compares each
// device with the previous run's snapshot (src/drift), and writes the report of the run into --out
// and into the store (so it can be regenerated from the store alone: regenerateRun).
//
// Order, so that a refused run changes nothing and a kill at any moment leaves a store `verify`
// accepts and a re-run completes: (1) every input read, judged and written under objects/tmp;
// (2) the report computed into a staged --out (reading, and checking, the older objects it needs);
// (3) the snapshot objects placed and made durable, then their ledger entries; (4) the report's
// objects and the run's manifest object; (5) the run's ledger entry, then the head (head.json,
// store.json); (6) --out renamed into place. A failure before (3) leaves the store as it was
// (StoreSession.abandon, store/backend.ts). A re-run with the same inputs and clock finds its snapshots filed
// (nothing added twice) and, if step 5 was reached, its run recorded: it then only regenerates
// --out from the store.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { requiredNamer } from '../evaluate/plain-wording.js';
import { observedNamer, wordingFileFor } from '../catalog/check-wording.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FolderIngester } from '../assess/load-input.js';
import { withSelectionsShown } from '../catalog/selection-shown.js';
import { odpsOfRun, loadRunConfig, withMaskedTexts, type RunConfig } from '../assess/config.js';
import { checkDeviationDevices } from '../evaluate/deviations.js';
import { baselineControls, lookupControl, type Baseline } from '../catalog/control-index.js';
import { assessmentOf, controlInfo, objectiveTextOf } from '../catalog/objectives.js';
import { buildMonitoringReport, driftAttachment, driftToMarkdown, DriftBuilder, failOnExit, makeDriftContext, renderMonitoringPdf, writeDriftJson, type Drift, type DriftContext, type FailOn, type SideInfo, type TrendPoint } from '../drift/index.js';
import { compareTimes, instantMs } from '../io/dates.js';
import { readUserFile } from '../io/file-queue.js';
import { isDeepStrictEqual } from 'node:util';
import { keptBytes, sameParse, type KeptForm } from './keep.js';
import { isUserError, portableMessage, RefusedMidway, systemReason, UserError } from '../io/errors.js';
import { expandInputs, refuseSecretOptionPaths } from '../io/inputs.js';
import { FileSink } from '../io/json-stream.js';
import { stageOutputDir } from '../io/package-dir.js';
import { AR_FILE } from '../oscal/common.js';
import { sha256Hex } from '../oscal/ids.js';
import { loadTemplates } from '../oscal/templates.js';
import { decodeUtf8 } from '../io/utf8.js';
import type { LedgerEntry, RunBody, SnapshotBody } from '../store/ledger.js';
import { checkSigningKey } from '../seal/manifest.js';
import { readKey } from '../seal/seal.js';
import { yamlReadLimit } from '../io/yaml-text.js';
import { objectPath, readLedgerForReading, readObject, type HeadSigningKey } from '../store/store.js';
import { objectRel, objectsLayout, referencedObjects } from '../store/read.js';
import { openStore, type Abandoned, type StoreSession } from '../store/backend.js';
import { bufferLines, scanObjectLines, type ObjectLines, type OnLine } from '../store/object-lines.js';
import { compareStored, jsonObject, objectReader, parseResultsJson, parseResultsLine, type CachedResults, type CompareEnv, type DeviceJob, type ObjectReader } from './device.js';
import { asBuffer } from '../io/threads.js';
import { devicePool, filingPool, type MonitorThreads } from './pool.js';
import { readForFiling, type FiledInput } from './filing.js';
import { programDigest, rulesDigestOf } from '../assess/rules-digest.js';
import { writeSeriesResults } from './series.js';
import { judgedWithProps, selectionName } from '../oscal/assessment-results.js';
import { manualControlsOf } from '../assess/controls.js';
import { inputFileName } from '../io/display-path.js';
import { SummaryBuilder, type RunSummary, type SummaryDevice } from './summary.js';
import { portablePath } from '../io/display-path.js';
import { attestationsWithoutPlaces, checkReviewers, loadAttestationsFile, type Attestation } from '../attest/attestations.js';
import { parseSystemDescription, teamNames, type SystemDescription } from '../assess/system-description.js';
import { expectedAttestations } from '../assess/system-declarations.js';
import { DEFAULT_SYSTEM_NAME } from '../drift/report-model.js';
import { reportSystem } from '../report/assemble.js';
import { otherConsole } from '../snapshot/serial.js';
import { IdSpellings } from '../snapshot/id-case.js';
import { maskMovedSecrets, REDACTED, redactText } from '../snapshot/secrets.js';
import type { Snapshot } from '../snapshot/types.js';

export { resultsLine } from './device.js';


export const DRIFT_JSON = 'drift.json';
export const DRIFT_MD = 'drift.md';
export const MONITORING_PDF = 'monitoring-report.pdf';
/** The report files of a run, in the order they are written and stored. */
export const REPORT_FILES = [DRIFT_JSON, DRIFT_MD, AR_FILE, MONITORING_PDF] as const;
export const MANIFEST_FORMAT = 'ato-evidence run manifest 1';
/** Scratch file of the run's per-device results in the staged folder; filed into the store, then removed. */
const RESULTS_SCRATCH = '.results.jsonl';
/** Runs shown in the trend chart. */
export const TREND_RUNS = 12;

/** The configuration options a run is given. */
type OptionRole = 'checks' | 'params' | 'catalog' | 'profile' | 'deviations';
const CONFIG_ROLES: readonly OptionRole[] = ['checks', 'params', 'catalog', 'profile', 'deviations'];
/**
 * What the store keeps of a run's configuration: the files given, the check wording the check
 * catalog is read with (check-wording.yaml beside --checks): it is part of the checks (their
 * wording is in the configuration digest and the reports), and each catalog or profile a --profile
 * imports (`import`, by the path it was read at): they decide the controls and parameter values,
 * so --regenerate needs them too.
 */
type ConfigRole = OptionRole | 'wording' | 'import';

/** What the store keeps of a run besides its ledger entry: enough to recompute its report. */
export interface RunManifest {
  format: typeof MANIFEST_FORMAT;
  run: string;
  now: string;
  tool: string;
  baseline: Baseline;
  systemName: string;
  previous: string | null;
  configDigest: string;
  /**
   * What the checks were judged with (src/assess/rules-digest.ts): the version, the configuration
   * and the bundled reference data. Absent in runs recorded before it was.
   */
  rulesDigest?: string;
  /** The code that evaluated the run (rules-digest.ts programDigest). Absent in runs recorded before it was. */
  program?: string;
  /** The configuration files as the user named them, and their bytes in the store. */
  config: Array<{ role: ConfigRole; file: string; object: string }>;
  /** The run's summary (summary.ts): per-control verdicts and the trend point. */
  summary: { object: string };
  /** Each device's check results (JSON lines), reused by the next run when its rules and program digests are the same (previousRun). */
  results?: { object: string };
  files: Array<{ name: string; object: string; size: number }>;
  /** monitor --keep-going: the inputs of this run that could not be read, and why (so --regenerate reports them too). */
  unreadable?: Array<{ input: string; error: string }>;
  /**
   * What the report shows beside the drift (--system, --attestations, --marking): the system
   * description's bytes, the attestations as read (their evidence was hashed then), the marking.
   */
  report?: { system?: { file: string; object: string }; attestations?: { file: string; object: string }; marking?: string };
}

export interface MonitorOptions {
  store: string;
  inputs: string[];
  out: string;
  force: boolean;
  /** The run's clock (RFC 3339 UTC). */
  now: string;
  /** The wall clock, for the lock file only. */
  wallClock: string;
  toolVersion: string;
  baseline: Baseline;
  systemName?: string;
  params?: string;
  profile?: string;
  /** OSCAL catalog a --profile imports (and control titles): kept in the store like the other configuration files. */
  catalog?: string;
  deviations?: string;
  checks?: string;
  failOn?: FailOn;
  /** fsync objects (default true). */
  durable?: boolean;
  /**
   * The digest of the program making the run (default: the running code's, ../assess/rules-digest.ts).
   * The run records it, and reuses cached results only from a run of the same program. A caller
   * that runs this code from elsewhere than the CLI's build (the tests, from src/) gives the CLI's
   * so that its runs and the CLI's are of one program.
   */
  program?: string;
  /** Write the PDF (default true; the benchmark measures the rest). */
  pdf?: boolean;
  /**
   * Threads reading the inputs and comparing each device with the previous run (`--jobs`): 'auto'
   * = every core for 5,000 devices or more (./pool.ts); default 1. The report is the same for any number.
   */
  jobs?: number | 'auto';
  /** Ed25519 private key (PEM file) to sign the store's head with. */
  signKey?: string;
  /** Sign a store whose head was never signed although it holds entries (monitor --start-signing; docs/store.md). */
  startSigning?: boolean;
  /** The system description (YAML or JSON, docs/ssp.md): the report's system name and front matter. */
  system?: string;
  /** Manual attestations (docs/attestations.md): the control verdicts take them into account, as in `assess`. */
  attestations?: string;
  /** A marking (e.g. CUI) printed at the top and bottom of every page of the PDF. */
  marking?: string;
  ingest?: FolderIngester;
  /**
   * --keep-going: an input that cannot be read is reported (the run's summary, drift.json, drift.md,
   * the report's PDF) and the others are filed and compared. Without it the run stops, untouched.
   */
  keepGoing?: boolean;
  warn?: (message: string) => void;
  /** Test hook: called between steps (the fault test kills the process around them). */
  onStep?: (step: string) => void;
}

export interface MonitorOutcome {
  run: string;
  previous: string | null;
  /** True when this run was already in the store (a re-run): --out was regenerated from it. */
  alreadyRecorded: boolean;
  filed: number;
  alreadyFiled: number;
  devices: number;
  missing: string[];
  added: string[];
  summary: Drift['summary'] | null;
  /** The controls that regressed, for the terminal's "Regressed: …" line (drift/causes.ts, as diff prints it); empty on a first run. */
  regressed: Drift['controls'];
  /** monitor --keep-going: inputs that could not be read, and why. */
  unreadable: Array<{ input: string; error: string }>;
  /** 3 when --fail-on tripped, else 0. */
  gate: 0 | 3;
  outDir: string;
  files: string[];
  notes: string[];
  warnings: string[];
  /** The store's head after this run: keep the hash elsewhere to anchor the history (verify --store --expect-head). */
  head: { entries: number; hash: string; signed: boolean };
  /** Worker threads that compared the devices (`--jobs`; 1: this thread did). */
  threads: number;
}

function regressedOf(drift: Drift | null): Drift['controls'] {
  return drift ? drift.controls.filter((x) => x.transition === 'regressed') : [];
}

function readInput(file: string): Buffer {
  return readUserFile(file);
}

function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
}

/** A run's id: its clock and a digest of its configuration and chosen snapshots. The same inputs and clock give the same id. */
export function runIdOf(now: string, configDigest: string, baseline: string, sources: readonly string[], reportDigest?: string): string {
  // reportDigest (--system, --attestations, --marking) only when given: earlier runs keep their ids.
  return `${compactTime(now)}-${sha256Hex([now, configDigest, baseline, ...[...sources].sort(), ...(reportDigest ? [`report ${reportDigest}`] : [])].join('\n')).slice(0, 12)}`;
}

/** What the report shows beside the drift, as the run uses it (RunManifest.report, read back). */
interface ReportExtras {
  system?: { file: string; bytes: Buffer; description: SystemDescription };
  attestations?: { file: string; list: Attestation[] };
  marking?: string;
}

/** The attestations as stored with a run: without the local path of their evidence (not needed to judge them). */
function storedAttestations(list: readonly Attestation[]): string {
  return JSON.stringify(attestationsWithoutPlaces(list)) + '\n';
}

function reportDigestOf(x: ReportExtras): string | undefined {
  if (!x.system && !x.attestations && x.marking === undefined) return undefined;
  return sha256Hex(JSON.stringify({ system: x.system ? sha256Hex(x.system.bytes) : null, attestations: x.attestations ? sha256Hex(storedAttestations(x.attestations.list)) : null, marking: x.marking ?? null }));
}

interface StoreIndex {
  bySource: Map<string, SnapshotBody & { seq: number }>;
  byDeviceTime: Map<string, SnapshotBody>;
  /** Per device, its latest snapshot in the store: the one the last run that had the device compared. */
  latest: Map<string, SnapshotBody>;
  /** Per device, every snapshot the store holds of it (movedSecretsMasked finds the one before a new one). */
  byDevice: Map<string, SnapshotBody[]>;
  runs: Array<RunBody & { seq: number }>;
}

/**
 * The snapshot's bytes with a secret that moved masked (maskMovedSecrets), judged against the store's snapshot
 * of the device collected last before it (so filing the same input again gives the same object); undefined
 * when there is none, it holds nothing masked, or nothing is masked.
 */
function movedSecretsMasked(ix: StoreIndex, get: (sha: string) => Buffer, device: string, collectedAt: string, bytes: Buffer): Buffer | undefined {
  // The collection before this one by the instant named, as every choice of 'later' (docs/store.md).
  let before: SnapshotBody | undefined;
  for (const e of ix.byDevice.get(device) ?? []) {
    if (compareTimes(e.collectedAt, collectedAt) < 0 && (!before || compareTimes(before.collectedAt, e.collectedAt) < 0)) before = e;
  }
  if (!before) return undefined;
  const old = get(before.object);
  if (!old.includes(REDACTED)) return undefined;
  const masked = maskMovedSecrets(JSON.parse(old.toString('utf8')) as unknown, JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) as Snapshot);
  return masked ? Buffer.from(JSON.stringify(masked, null, 2) + '\n') : undefined;
}

function indexLedger(entries: readonly LedgerEntry[]): StoreIndex {
  const ix: StoreIndex = { bySource: new Map(), byDeviceTime: new Map(), latest: new Map(), byDevice: new Map(), runs: [] };
  for (const e of entries) {
    if (e.kind === 'snapshot') {
      (ix.byDevice.get(e.device) ?? ix.byDevice.set(e.device, []).get(e.device)!).push(e);
      if (!ix.bySource.has(e.source)) ix.bySource.set(e.source, e);
      ix.byDeviceTime.set(`${e.device}|${instantMs(e.collectedAt)}`, e);
      const last = ix.latest.get(e.device);
      if (!last || compareTimes(last.collectedAt, e.collectedAt) < 0) ix.latest.set(e.device, e);
    } else {
      ix.runs.push(e);
    }
  }
  return ix;
}

/** Everything a run's report is computed from; the same whether the run is new or regenerated. */
interface RunSpec {
  run: string;
  now: string;
  toolVersion: string;
  /** The run's rules digest (rules-digest.ts): the series AR records it. Absent when regenerating a run recorded before it was. */
  rulesDigest?: string;
  baseline: Baseline;
  systemName: string;
  config: RunConfig;
  devices: SummaryDevice[];
  previous: PreviousRun | null;
  /** Summaries of the runs before this one, oldest first. */
  history: RunSummary[];
  /** --keep-going: inputs that could not be read (reported in drift.json, drift.md and the PDF). */
  unreadable?: Array<{ input: string; error: string }>;
  /** The store's ledger just before this run's entry (its snapshots filed): printed in drift.json and drift.md as an anchor kept outside the store. */
  storeHead: { entries: number; head: string };
  extras: ReportExtras;
  /** The configuration files the run read, as the store keeps them (the manifest's `config`): the AR's back-matter cites them. */
  inputs?: ReadonlyArray<{ role: ConfigRole; file: string; object: string }>;
}

interface PreviousRun {
  run: string;
  now: string;
  devices: SummaryDevice[];
  /** That run's check results per device (see resultsLine), when they hold for this run's configuration; open until computeReport ends. */
  results?: ResultsIndex;
  /** What that run judged its controls with: the attestations it read and those its system description expected. */
  attested: { attestations: Attestation[]; expectedAttestations: string[] };
  /** The ODPs that run defined, where its summary records them (RunSummary.definedOdps): its attested controls are judged with these. */
  odps?: ReadonlySet<string>;
  /** Their values, where its summary records them (RunSummary.definedOdpValues): its checks' selection objectives are shown with these. */
  odpValues?: ReadonlyMap<string, string>;
  /** What that run recorded where it differs from this run (SideInfo.reassessed): its snapshots are judged by this run's rules. */
  reassessed?: SideInfo['reassessed'];
  resultsObject?: string;
  /** The program that run recorded (its filings masked its snapshots by that program's rules). */
  program?: string;
}

/** What starts each results line (resultsLine): the id, a JSON string, comes first and is followed by the statuses. */
const LINE_HEAD = Buffer.from('{"id":"');
const AFTER_ID = Buffer.from(',"s":"');

/** How many bytes of a line's head are read for its id; a line whose id runs past them is parsed whole. */
const ID_HEAD_BYTES = 1024;

/** The previous run's results, by device id: each one's line read when its device is compared. */
export interface ResultsIndex {
  get(id: string): CachedResults | undefined;
  line(id: string): string | undefined;
  /** Closes the results object (ObjectLines.close). */
  close(): void;
}

/**
 * The previous run's results, indexed by device: each line is read and parsed when its device is
 * compared, then forgotten. (Parsed all at once, a 10,000-device fleet's results took ~240 MB of
 * heap for the whole run; held whole as bytes, ~325 MB.) `open` makes one pass over the lines
 * (scanObjectLines: the object's hash is checked at its end) giving each one's place and head;
 * the index keeps the places only. A line's id is read from its head: JSON.stringify escapes
 * every quote inside the id, so the first `,"s":"` ends it. Where the same id appears twice, the
 * last line counts.
 */
export function indexResultLines(open: (onLine: OnLine) => ObjectLines, where: () => UserError): ResultsIndex {
  const lines: Array<{ start: number; end: number; id?: string }> = [];
  const source = open((start, end, head) => {
    const idEnd = head.indexOf(AFTER_ID);
    let id: unknown;
    if (head.length >= LINE_HEAD.length && head.compare(LINE_HEAD, 0, LINE_HEAD.length, 0, LINE_HEAD.length) === 0 && idEnd > 0) {
      try {
        id = JSON.parse(head.toString('utf8', LINE_HEAD.length - 1, idEnd));
      } catch {
        id = undefined;
      }
    }
    lines.push({ start, end, ...(typeof id === 'string' ? { id } : {}) });
  });
  const at = new Map<string, [number, number]>();
  try {
    for (const l of lines) {
      // A line written otherwise (another key order, an id longer than the head read) is parsed whole to find its id.
      const id = l.id ?? parseResultsJson(source.read(l.start, l.end).toString('utf8'), where).id;
      if (typeof id !== 'string') throw where();
      at.set(id, [l.start, l.end]);
    }
    lines.length = 0;
  } catch (e) {
    source.close();
    throw e;
  }
  const line = (id: string): string | undefined => {
    const span = at.get(id);
    return span && source.read(span[0], span[1]).toString('utf8');
  };
  return {
    line,
    get(id) {
      const text = line(id);
      return text === undefined ? undefined : parseResultsLine(text, where);
    },
    close: () => source.close(),
  };
}

/** indexResultLines over results in memory. */
export function indexResults(bytes: Buffer, where: () => UserError): ResultsIndex {
  return indexResultLines((onLine) => bufferLines(bytes, onLine, ID_HEAD_BYTES), where);
}

/**
 * A run's results object, indexed (indexResultLines): read by position from the store's file
 * where the store can say where it is, else (a store whose objects are not local files) whole.
 */
export function storedResults(read: ObjectReader, sha: string, where: () => UserError): ResultsIndex {
  const at = read.locate?.(sha);
  return indexResultLines((onLine) => (at ? scanObjectLines(at, sha, read.display, onLine, ID_HEAD_BYTES) : bufferLines(read(sha), onLine, ID_HEAD_BYTES)), where);
}

/** The error a previous run's results line that is not JSON is (naming that object). */
function badResultsOf(run: string | undefined, sha: string | undefined, display: string): { message: string; file: string } {
  return { message: `the check results of run ${run} are not JSON lines; run "ato-evidence verify --store ${display}"`, file: sha ? join(display, objectRel(sha)) : '' };
}

/** What a run's results were computed with: compared with what the previous run recorded (previousRun). */
interface JudgedBy {
  configDigest: string;
  tool: string;
  /** Absent when regenerating a run recorded before rules digests were. */
  rulesDigest?: string;
  program?: string;
}

/**
 * The previous run as this one compares with it. Its devices were evaluated by that run on its
 * own date; with the same rules (the rules digest: version, configuration, bundled reference
 * data) and the same code (the program digest) the results are the same, so they are read back
 * instead of evaluating every old snapshot again. Other rules or another build may judge or word
 * a check differently, and this run takes every check no setting changed from the previous side:
 * results of the other rules would be carried on as this one's. A run recorded before these
 * digests were is compared by its configuration digest and version string, all it recorded: a
 * build of the same version with other bundled data or code is then taken for the same.
 */
function previousRun(run: RunBody, read: ObjectReader, now: JudgedBy): PreviousRun {
  const manifest = jsonObject<RunManifest>(read, run.manifest, `the manifest of run ${run.run}`);
  const summary = jsonObject<RunSummary>(read, manifest.summary.object, `the summary of run ${run.run}`);
  const devices = summary.devices;
  // A run stored before summaries recorded its ODPs (or a list not of ids) records none.
  const odps = Array.isArray(summary.definedOdps) && summary.definedOdps.every((x) => typeof x === 'string') ? new Set(summary.definedOdps) : undefined;
  // Their values likewise (a run stored before recorded ids only); read only beside the ids they belong to.
  const recorded = summary.definedOdpValues as unknown;
  const odpValues = odps && Array.isArray(recorded) && recorded.every((x) => typeof x === 'object' && x !== null && typeof x.id === 'string' && typeof x.value === 'string' && odps.has(x.id))
    ? new Map((recorded as Array<{ id: string; value: string }>).map((x) => [x.id, x.value]))
    : undefined;
  const configChanged = manifest.configDigest !== now.configDigest;
  const toolChanged = manifest.tool !== now.tool;
  const rulesChanged = manifest.rulesDigest !== undefined && now.rulesDigest !== undefined ? manifest.rulesDigest !== now.rulesDigest : configChanged || toolChanged;
  const programChanged = manifest.program !== undefined && now.program !== undefined && manifest.program !== now.program;
  const reuse = manifest.results && !rulesChanged && !programChanged;
  // Said by the plainest difference: the configuration and the version first, then the bundled data, then the build.
  const reassessed: NonNullable<PreviousRun['reassessed']> = { ...(configChanged ? { configDigest: manifest.configDigest } : {}), ...(toolChanged ? { tool: manifest.tool } : {}) };
  if (!configChanged && !toolChanged && rulesChanged) reassessed.rules = { recorded: manifest.rulesDigest!, current: now.rulesDigest! };
  else if (!rulesChanged && programChanged) reassessed.program = { recorded: manifest.program!, current: now.program! };
  const extras = storedExtras(manifest, read);
  const bad = badResultsOf(run.run, manifest.results?.object, read.display);
  return {
    run: run.run, now: run.now, devices,
    attested: { attestations: extras.attestations?.list ?? [], expectedAttestations: extras.system ? expectedAttestations(extras.system.description) : [] },
    ...(odps ? { odps } : {}),
    ...(odpValues ? { odpValues } : {}),
    // Read in one pass before any device is compared (a changed object is refused here, with nothing written), then line by line.
    ...(reuse ? { results: storedResults(read, manifest.results!.object, () => new UserError(bad.message, { file: bad.file })), resultsObject: manifest.results!.object } : {}),
    ...(Object.keys(reassessed).length ? { reassessed } : {}),
    ...(manifest.program !== undefined ? { program: manifest.program } : {}),
  };
}

/** The staged output folder; when it cannot be made, the previous run's results are closed (computeReport closes them otherwise). */
function stagedOrClose(out: string, force: boolean, previous: PreviousRun | null, note?: (message: string) => void): ReturnType<typeof stageOutputDir> {
  try {
    return stageOutputDir(out, force, note);
  } catch (e) {
    previous?.results?.close();
    throw e;
  }
}

interface Computed {
  /**
   * A file (in the staged folder; the caller removes it) of each new device's results
   * (resultsLine), kept in the store so the next run need not evaluate them again.
   */
  resultsFile: string;
  summary: RunSummary;
  drift: Drift;
  /** Report files written into `dir`, in REPORT_FILES order. */
  files: string[];
}

/**
 * Assesses both sides device by device (read, parse, evaluate, compare, forget: a fleet's
 * snapshots are never all in memory) and writes the report files into `dir`.
 */
/**
 * Which stored snapshots this build's rules masked already, so that compareStored does not mask
 * them again: `written`, the objects this run filed; and, on a side whose run was made by this same
 * program (`old`, `neu`), every object stored under its own source hash, the very bytes that run's
 * filing made (an object filed earlier from other bytes, by another build, is masked again). The
 * redaction rules are code only (src/snapshot/secrets.ts), so the program digest names them.
 */
interface AlreadyMasked {
  written: ReadonlySet<string>;
  old: boolean;
  neu: boolean;
}

const NONE_MASKED: AlreadyMasked = { written: new Set(), old: false, neu: false };

/**
 * A recorded run regenerated: which side's snapshots this build's rules masked already, as the run
 * itself decided (an object stored under its own source hash by a run of this same program). The
 * objects that run filed are not known, so one it masked into other bytes is masked again (a no-op).
 * Masking every stored snapshot again was 15% of a regeneration's CPU.
 */
function regeneratedMasked(runProgram: string | undefined, previousProgram: string | undefined): AlreadyMasked {
  const program = programDigest();
  return { written: new Set(), old: previousProgram !== undefined && previousProgram === program, neu: runProgram !== undefined && runProgram === program };
}

async function computeReport(spec: RunSpec, read: ObjectReader, dir: string, pdf: boolean, masked: AlreadyMasked = NONE_MASKED, threads?: MonitorThreads): Promise<Computed> {
  try {
    return await computeReportOf(spec, read, dir, pdf, masked, threads);
  } finally {
    spec.previous?.results?.close(); // whether the report was computed or not
  }
}

async function computeReportOf(spec: RunSpec, read: ObjectReader, dir: string, pdf: boolean, masked: AlreadyMasked, threads?: MonitorThreads): Promise<Computed> {
  const expected = spec.extras.system ? expectedAttestations(spec.extras.system.description) : [];
  const odps = odpsOfRun(spec.config);
  // The previous run's attested controls judged with the ODPs it recorded defining (as diff judges a
  // package by its SSP's): a control that moves only because one run defined them names them as the cause.
  const ownOld = spec.previous?.odps;
  // Its checks' objectives that insert a selection, shown with the values it recorded (as its own
  // report showed them; diff does a package's with its SSP's): a change of choice moves the control.
  const ownValues = spec.previous?.odpValues;
  // Both flags only where this run's checks show an objective a selection's choice can change: drift.md
  // names those objectives on their strength (templates/odps-own.hbs), never where there are none.
  const ctx: DriftContext = { ...makeDriftContext(spec.config, { now: spec.now, baseline: spec.baseline }), ...(spec.extras.attestations ? { attestations: spec.extras.attestations.list } : {}), ...(expected.length ? { expectedAttestations: expected } : {}), old: spec.previous?.attested ?? { attestations: [], expectedAttestations: [] },
    // What NEW's findings rest on, worded as the run's own results word them (the summary below).
    odps: { ...odps, ...(ownOld ? { bySide: { old: ownOld } } : {}), ...(ownValues ? { valuesBySide: { old: ownValues, new: odps.values } } : {}) }, team: spec.extras.system ? teamNames(spec.extras.system.description) : [],
    ...(ownValues ? { sideChecks: { old: withSelectionsShown(spec.config.checksUnshown, spec.config.index, (odp) => ownValues.get(odp)) } } : {}) };
  const oldDevices = new Map((spec.previous?.devices ?? []).map((d) => [d.id, d]));
  const newDevices = new Map(spec.devices.map((d) => [d.id, d]));
  const oldInfo: SideInfo = spec.previous
    ? { label: `run ${spec.previous.run}`, kind: 'store', at: spec.previous.now, devices: oldDevices.size, ...(spec.previous.reassessed ? { reassessed: spec.previous.reassessed } : {}), ...(ownOld ? { ownOdps: true as const } : {}), ...(!ctx.selectionObjectives ? {} : ownValues ? { ownSelections: true as const } : { selectionsThisRun: true as const }) }
    : { label: '(no earlier run in the store)', kind: 'store', at: spec.now, devices: 0 };
  const newInfo: SideInfo = { label: `run ${spec.run}`, kind: 'store', at: spec.now, devices: newDevices.size, store: spec.storeHead };
  const builder = new DriftBuilder(ctx, oldInfo, newInfo);
  const objectiveText = objectiveTextOf(spec.config.index);
  const summaries = new SummaryBuilder(ctx.checks, (id) => controlInfo(spec.config.index, id), spec.baseline, ctx.selected, (id) => objectiveText(id).label);
  const prevResults = spec.previous?.resultsObject;
  const badResults = badResultsOf(spec.previous?.run, prevResults, read.display);
  const cached = spec.previous?.results;
  const env: CompareEnv = { ctx, comparer: builder.comparer, read, oldToday: oldInfo.at, oldAt: oldInfo.at, newToday: spec.now, newAt: spec.now, badResults };
  const ids = [...new Set([...oldDevices.keys(), ...newDevices.keys()])].sort();
  const jobs = ids.map((id): DeviceJob => {
    const o = oldDevices.get(id);
    const n = newDevices.get(id);
    const isMasked = (d: SummaryDevice, byThisProgram: boolean): boolean => masked.written.has(d.object) || (byThisProgram && d.object === d.source);
    return { id, ...(o ? { old: { device: o, masked: isMasked(o, masked.old) } } : {}), ...(n ? { neu: { device: n, masked: isMasked(n, masked.neu) } } : {}) };
  });
  // The previous run's line of a device is cut from its results when the device's turn comes (a
  // fleet's lines all at once would double their memory).
  const withCached = (job: DeviceJob): DeviceJob => {
    const line = job.old && cached?.line(job.id);
    return line === undefined ? job : { ...job, old: { ...job.old!, cached: line } };
  };
  const pool = devicePool(jobs, withCached, env, { old: oldInfo.label, new: newInfo.label }, threads);
  // Written as they come: a large fleet's results are tens of MB.
  const resultsFile = join(dir, RESULTS_SCRATCH);
  const results = new FileSink(resultsFile);
  let resultLines = 0;
  try {
    for (const job of jobs) {
      const { entry, line } = pool ? await pool.take((sent) => sent === job) : compareStored(withCached(job), env);
      builder.accept(entry);
      if (line !== undefined) {
        summaries.add(job.id, entry.drift.new!.collectedAt, entry.new!, job.neu!.device);
        results.write(line + '\n');
        resultLines++;
      }
    }
    if (resultLines === 0) results.write('\n'); // as the lines joined used to be
  } finally {
    results.close();
    await pool?.close();
  }
  const drift = builder.finish();
  if (spec.unreadable?.length) drift.unreadable = spec.unreadable;
  const config = spec.config;
  const summary: RunSummary = {
    ...summaries.finish(
      { run: spec.run, now: spec.now, previous: spec.previous?.run ?? null, previousDevices: [...oldDevices.keys()] },
      {
        all: spec.extras.attestations?.list ?? [], expected, team: spec.extras.system ? teamNames(spec.extras.system.description) : [],
        odps,
      },
    ),
    definedOdps: [...odps.defined].sort(),
    definedOdpValues: [...odps.values].map(([id, value]) => ({ id, value })),
    // Stated by the series as assess's result states them: the controls left to manual assessment, and the values the verdicts rest on.
    manual: manualControlsOf(config.profile ? config.profile.controls : baselineControls(config.index, spec.baseline), ctx.checks, spec.extras.attestations?.list ?? [], expected),
    selection: selectionName({ baseline: spec.baseline, ...(config.profile ? { profile: { file: inputFileName(config.profile.file), ...(config.profile.title ? { title: config.profile.title } : {}), controlCount: config.profile.controls.length } } : {}) }),
    judgedWith: judgedWithProps({
      ...(config.profile ? { profile: { file: inputFileName(config.profile.file), ...(config.profile.title ? { title: config.profile.title } : {}), controlCount: config.profile.controls.length } } : {}),
      catalogSource: config.index.source,
      params: [...config.params.params.values()],
      ...(spec.extras.attestations?.list.length ? { attestations: spec.extras.attestations.list } : {}),
    }),
  };

  writeDriftJson(drift, join(dir, DRIFT_JSON));
  // The store's runs as each run's report gave them: drift.md's trend and the PDF's chart, the same points.
  const trend: TrendPoint[] = [...spec.history.slice(-(TREND_RUNS - 1)).map((s) => s.trend), summary.trend];
  writeFileSync(join(dir, DRIFT_MD), driftToMarkdown(drift, trend, observedNamer(ctx.checks)), { flag: 'wx' });
  writeSeriesResults([...spec.history, summary], loadTemplates(), { systemName: spec.systemName, toolVersion: spec.toolVersion, now: spec.now, ...(spec.rulesDigest ? { rulesDigest: spec.rulesDigest } : {}), inputs: [...spec.inputs ?? [], ...extrasInputs(spec.extras)] }, join(dir, AR_FILE));
  const files: string[] = [DRIFT_JSON, DRIFT_MD, AR_FILE];
  if (pdf) {
    const x = spec.extras;
    await renderMonitoringPdf(buildMonitoringReport(drift, {
      systemName: spec.systemName,
      toolVersion: spec.toolVersion,
      trend,
      ...(x.system ? { system: reportSystem(x.system.description) } : {}),
      ...(x.marking ? { marking: x.marking } : {}),
      checkTitles: Object.fromEntries(ctx.checks.map((c) => [c.id, c.title])),
      observedName: observedNamer(ctx.checks),
      requiredName: requiredNamer(ctx.checks, ctx.params.values()),
      attachments: driftAttachment(join(dir, DRIFT_JSON)),
    }), join(dir, MONITORING_PDF));
    files.push(MONITORING_PDF);
  }
  return { summary, drift, files, resultsFile };
}

/** The objects of a store opened for this run (and where a worker finds them, when the store can say). */
function sessionReader(store: StoreSession, display: string): ObjectReader {
  return objectReader((sha) => store.get(sha), display, store.locate && ((sha) => store.locate!(sha)));
}

/** The system description and attestations the run read, by the objects the manifest's `report` keeps them in. */
function extrasInputs(x: ReportExtras): Array<{ role: string; file: string; object: string }> {
  return [
    ...(x.attestations ? [{ role: 'attestations', file: x.attestations.file, object: sha256Hex(storedAttestations(x.attestations.list)) }] : []),
    ...(x.system ? [{ role: 'system', file: x.system.file, object: sha256Hex(x.system.bytes) }] : []),
  ];
}

/** The run's configuration files and the store objects keeping them (the object's name is its SHA-256, as store.put names it). */
function configEntries(opts: Pick<MonitorOptions, OptionRole>, kept: { kept: ReadonlyMap<ConfigRole, Buffer>; imports: ReadonlyMap<string, Buffer> }): Array<{ role: ConfigRole; file: string; bytes: Buffer; object: string }> {
  return [
    ...configFiles(opts).map(({ role, file }) => ({ role, file, bytes: kept.kept.get(role)! })),
    ...[...kept.imports].map(([file, bytes]) => ({ role: 'import' as const, file, bytes })),
  ].map((e) => ({ ...e, object: sha256Hex(e.bytes) }));
}

function configFiles(o: Pick<MonitorOptions, OptionRole>): Array<{ role: ConfigRole; file: string }> {
  const given: Array<{ role: ConfigRole; file: string }> = CONFIG_ROLES.filter((r) => o[r] !== undefined).map((role) => ({ role, file: o[role]! }));
  const wording = o.checks !== undefined ? wordingFileFor(o.checks) : undefined;
  return wording !== undefined && existsSync(wording) ? [...given, { role: 'wording', file: wording }] : given;
}

/** Writes the check catalog (and its wording, when kept) into `dir` as the loader finds them: checks.yaml, check-wording.yaml beside it. */
function checksInto(dir: string, checks: Buffer, wording: Buffer | undefined): string {
  const path = join(dir, 'checks.yaml');
  writeFileSync(path, checks);
  const beside = wordingFileFor(path);
  if (wording) writeFileSync(beside, wording);
  else rmSync(beside, { force: true });
  return path;
}

/**
 * The objects this run does not read (older runs' snapshots and reports), checked quickly: each
 * one an entry or a manifest names must exist, and a report file must have the size its manifest
 * records. What is found is warned of (the run goes on: nothing it reports rests on those
 * objects); `verify --store` hashes every object and names the rest. Returns the warning, if any.
 */
function damagedUnreadObjects(store: StoreSession, read: ObjectReader): string | undefined {
  const found: string[] = [];
  // One listing of the folders rather than a stat per object: a store of a year holds hundreds of thousands.
  const names = store.objectNames?.();
  const has = names ? (sha: string) => names.has(sha) : (sha: string) => store.has(sha);
  const size = (sha: string): number | undefined => {
    if (!store.locate) return undefined;
    try {
      const st = statSync(store.locate(sha).path);
      return st.isFile() ? st.size : -1;
    } catch {
      return undefined;
    }
  };
  for (const e of store.entries) {
    if (e.kind === 'snapshot') {
      if (!has(e.object)) found.push(`${objectRel(e.object)} (snapshot ${e.device} ${e.collectedAt}): missing`);
      continue;
    }
    const manifest = jsonObject<RunManifest>(read, e.manifest, `the manifest of run ${e.run}`);
    for (const f of Array.isArray(manifest.files) ? manifest.files : []) {
      if (!has(f.object)) found.push(`${objectRel(f.object)} (${f.name} of run ${e.run}): missing`);
      else {
        const n = size(f.object);
        if (n !== undefined && n !== f.size) found.push(`${objectRel(f.object)} (${f.name} of run ${e.run}): ${n < 0 ? 'not a file' : `${n} bytes where ${f.size} were filed`}`);
      }
    }
    const listed = new Set((manifest.files ?? []).map((f) => f.object));
    for (const o of referencedObjects(manifest)) if (!listed.has(o) && !has(o)) found.push(`${objectRel(o)} (named by the manifest of run ${e.run}): missing`);
  }
  if (!found.length) return undefined;
  return `the store holds ${found.length} damaged object(s) this run does not read: ${found.slice(0, 5).join('; ')}${found.length > 5 ? `; and ${found.length - 5} more` : ''}. Filed anyway (nothing this run reports rests on them); run "ato-evidence verify --store ${store.display}" (it hashes every object) and restore them from a backup`;
}

/** The history a run's report draws on: summaries of the runs before `upTo` (exclusive), oldest first. */
function historyOf(runs: ReadonlyArray<RunBody>, upTo: number, read: ObjectReader): RunSummary[] {
  return runs.slice(0, upTo).map((r) => jsonObject<RunSummary>(read, jsonObject<RunManifest>(read, r.manifest, `the manifest of run ${r.run}`).summary.object, `the summary of run ${r.run}`));
}

/**
 * The system description as the store keeps it (./keep.ts): its bytes, or, when a text in it reads
 * as a secret, the same YAML with each such text masked as the report masks it. Refused when the
 * masked text would read as another description (the regenerated report would differ).
 */
function systemToKeep(file: string): { file: string; bytes: Buffer; description: SystemDescription } {
  // At most 16 MiB, refused on its size before it is read, as assess refuses it.
  const given = readUserFile(file, yamlReadLimit('YAML'));
  const description = parseSystemDescription(decodeUtf8(given, file, 'YAML'), file);
  const bytes = keptBytes(file, given, 'yaml', sameParse((t) => parseSystemDescription(t, file), description));
  return { file, bytes, description };
}

/** The form a configuration file is read in (as its reader tells them apart). */
function formOf(role: ConfigRole, bytes: Buffer): KeptForm {
  const start = bytes.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (role === 'checks' || role === 'wording') return 'yaml';
  if (role === 'params') return start.startsWith('{') ? 'json' : 'csv';
  if (role === 'deviations') return start.startsWith('[') ? 'json' : 'csv';
  return 'json';
}

/**
 * The configuration files as the store keeps them (./keep.ts): each one's bytes, or, when a text in
 * it reads as a secret, the file with that text masked, provided the run's whole configuration
 * read with it is the one read from the files given (so --regenerate's report, the configuration
 * digest and the run id are the same). Every file's texts are masked as the run reads them; a
 * text that masking would change (a secret in a check's test) refuses the run.
 */
function configToKeep(opts: Pick<MonitorOptions, OptionRole>, imports: ReadonlyMap<string, Buffer>): { kept: Map<ConfigRole, Buffer>; imports: Map<string, Buffer> } {
  const files = new Map(configFiles(opts).map(({ role, file }) => [role, file] as const));
  const given = new Map([...files].map(([role, file]) => [role, readInput(file)] as const));
  const kept = new Map(given);
  const keptImports = new Map(imports);
  // The check catalog is read by path: each version read is written to one scratch file, so that the
  // configurations compared differ in nothing but the bytes.
  let scratch: string | undefined;
  const viewOf = (bytes: ReadonlyMap<ConfigRole, Buffer>, importBytes: ReadonlyMap<string, Buffer> = imports): RunConfig => {
    let checks: string | undefined;
    if (bytes.has('checks')) {
      scratch ??= mkdtempSync(join(tmpdir(), 'ato-keep-'));
      checks = checksInto(scratch, bytes.get('checks')!, bytes.get('wording'));
    }
    const byFile = new Map([...files].map(([role, file]) => [file, bytes.get(role)!]));
    return loadRunConfig({ checks, params: opts.params, catalog: opts.catalog, profile: opts.profile, deviations: opts.deviations, imports: (file) => importBytes.get(file) }, (file) => {
      const b = byFile.get(file);
      if (!b) throw new Error(`configToKeep: no bytes for ${file}`);
      return decodeUtf8(b, file);
    });
  };
  try {
    let original: RunConfig | undefined;
    // Whether the configuration read with one file's text changed is the one read from the files given.
    const readsSameAs = (changed: (text: string) => RunConfig) => (text: string): boolean => {
      original ??= viewOf(given);
      try {
        return isDeepStrictEqual(changed(text), original);
      } catch (e) {
        if (isUserError(e)) return false;
        throw e;
      }
    };
    for (const [role, bytes] of given) {
      kept.set(role, keptBytes(files.get(role)!, bytes, formOf(role, bytes), readsSameAs((t) => viewOf(new Map(given).set(role, Buffer.from(t, 'utf8'))))));
    }
    for (const [file, bytes] of imports) {
      keptImports.set(file, keptBytes(file, bytes, 'json', readsSameAs((t) => viewOf(given, new Map(imports).set(file, Buffer.from(t, 'utf8'))))));
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  return { kept, imports: keptImports };
}

/**
 * Runs, then hands the run's warnings to `warn`: only once the run is recorded and its report
 * written, so a refused run prints the refusal alone (as assess: src/assess/run.ts runAssess).
 */
export async function runMonitor(given: MonitorOptions): Promise<MonitorOutcome> {
  const outcome = await monitorRun(given);
  if (given.warn) for (const m of outcome.warnings) given.warn(m);
  return outcome;
}

async function monitorRun(given: MonitorOptions): Promise<MonitorOutcome> {
  const opts = withMaskedTexts(given);
  const warnings: string[] = [];
  // A warning may quote any input (a cell, a line, a path) and reaches the reports: masked as a message is.
  // Kept, not printed: runMonitor hands them on once the run has succeeded.
  const warn = (text: string) => {
    warnings.push(redactText(text));
  };
  const step = opts.onStep ?? (() => undefined);
  // Configuration first: a bad parameters file is reported before the store is touched.
  refuseSecretOptionPaths([['--checks', opts.checks], ['--params', opts.params], ['--profile', opts.profile], ['--catalog', opts.catalog], ['--deviations', opts.deviations],
    ['--attestations', opts.attestations], ['--system', opts.system]]);
  // The catalogs and profiles a --profile imports, as read (kept in the store for --regenerate).
  const imports = new Map<string, Buffer>();
  const config = loadRunConfig({ checks: opts.checks, params: opts.params, catalog: opts.catalog, profile: opts.profile, deviations: opts.deviations }, undefined, (option, file, bytes) => {
    if (option === '--profile') imports.set(file, bytes);
  });
  config.params.warnings.forEach(warn);
  config.warnings.forEach(warn);
  // What the store will keep of them, decided before the store is touched (a refusal changes nothing).
  const keptConfig = configToKeep(opts, imports);
  const extras: ReportExtras = {
    ...(opts.system ? { system: systemToKeep(opts.system) } : {}),
    ...(opts.attestations ? { attestations: { file: opts.attestations, list: loadAttestationsFile(opts.attestations, (id) => lookupControl(config.index, id) !== undefined, opts.now, (id) => assessmentOf(config.index, id)?.objective, warn) } } : {}),
    ...(opts.marking !== undefined ? { marking: opts.marking } : {}),
  };
  // Only an assessor's review makes an attestation count, as in assess: where the system description
  // names who assessed, a reviewer who is none of them is refused.
  if (extras.system && extras.attestations) checkReviewers(extras.attestations.list, teamNames(extras.system.description), opts.system ?? '');
  const systemName = opts.systemName ?? extras.system?.description.name ?? DEFAULT_SYSTEM_NAME;
  const items = expandInputs(opts.inputs, {
    ...(opts.ingest ? { isExportFolder: (d: string) => opts.ingest!.looksLikeExportFolder(d) } : {}),
    warn,
    outputs: [{ name: '--out', path: opts.out }, { name: '--store', path: opts.store }],
    // Read through options, so not named as left unread when they lie inside an INPUT folder.
    known: [opts.checks, opts.catalog, opts.profile, opts.params, opts.deviations, opts.attestations, opts.system, ...(extras.attestations?.list ?? []).map((a) => a.evidencePath)].filter((p): p is string => p !== undefined),
  });
  const signKey = opts.signKey === undefined ? undefined : readSigningKey(opts.signKey);
  // Refused now rather than after the fleet is filed.
  stageOutputDir(opts.out, opts.force).discard();

  // From here on, a failure leaves the store as it was (abandon(): what this run wrote and nothing
  // names is removed; a store it created is removed again), so every input is judged before the
  // first object is placed: objects wait under objects/tmp until the whole input was read.
  const store = openStore(opts.store, opts.wallClock, { create: true, durable: opts.durable, display: opts.store, ...(signKey ? { signKey } : {}), ...(opts.startSigning ? { startSigning: true } : {}) });
  let completed = false;
  let threads = 1;
  /** Snapshot entries appended, and whether the run's own entry was: what a failure leaves in the store. */
  let filed = 0;
  let recorded = false;
  try {
    const notes = [...store.notes];
    const ix = indexLedger(store.entries);
    step('locked');
    // A symbolic link in objects/ would have the run read (and file over) what lies outside the store.
    if (store.locate) {
      const layout = objectsLayout(opts.store);
      if (layout.links.length) throw new UserError(`in the store, ${layout.links.slice(0, 5).join(', ')}${layout.links.length > 5 ? ` and ${layout.links.length - 5} more` : ''} ${layout.links.length > 1 ? 'are symbolic links' : 'is a symbolic link'}: the store would read objects from outside it. Replace each with what it points to (or restore the store from a backup); "ato-evidence verify --store ${opts.store}" names them too`, { file: opts.store });
      if (layout.stray.length) warn(`the store's objects folder holds ${layout.stray.length} entr${layout.stray.length > 1 ? 'ies' : 'y'} no run writes (${layout.stray.slice(0, 5).join(', ')}${layout.stray.length > 5 ? `, and ${layout.stray.length - 5} more` : ''}): move ${layout.stray.length > 1 ? 'them' : 'it'} out of the store (${opts.store})`);
    }
    const damage = damagedUnreadObjects(store, sessionReader(store, opts.store));
    if (damage) warn(damage);

    // 1. Read each input; store its (redacted) bytes as an object. Ledger entries wait for the run id.
    let alreadyFiled = 0;
    const pending: Array<Omit<SnapshotBody, 'run'>> = [];
    const pendingSources = new Set<string>();
    /** Objects this run filed: readSnapshot's redacted output already (see computeReport). */
    const written = new Set<string>();
    const chosen = new Map<string, SummaryDevice>();
    const seenAt = new Map<string, string>();
    const spellings = new IdSpellings();
    /** Per device id: the first serial number this run's inputs gave, and where. */
    const serials = new Map<string, { serial: string; path: string }>();
    const unreadable: Array<{ input: string; error: string }> = [];
    /** Per device, each input of it this run read (a device left out drops them all). */
    const inputsOf = new Map<string, Array<{ path: string; collectedAt: string; object: string; added: boolean }>>();
    // Files a worker can read go to a pool (`--jobs`), taken back in the inputs' order.
    const filing = filingPool(items, opts.now, opts.jobs ?? 1);
    try {
      for (const item of items) {
        let loaded: FiledInput;
        try {
          // Secrets are redacted here: `bytes` (what the store keeps) and `sha256` (its hash) never hold one.
          loaded = filing && item.kind === 'snapshot' ? await filing.take((sent) => sent.path === item.path) : await readForFiling(item, opts.now, opts.ingest, warn);
        } catch (e) {
          // --keep-going: reported, and the rest of the fleet is filed and compared.
          if (!opts.keepGoing || !isUserError(e)) throw e;
          // Named as assess names an unreadable input (display-path.ts): never the machine's folders.
          unreadable.push({ input: portablePath(item.path), error: portableMessage(e) });
          warn(`could not read ${item.path}, not filed (--keep-going): ${e.message}`);
          continue;
        }
        const { device, collectedAt } = loaded;
        let { sha256: source, redacted } = loaded;
        let bytes = asBuffer(loaded.bytes);
        // A secret masked in the device's collection before this one, gone from its place now, may have moved
        // into a field no rule reads as secret: masked before it is filed (maskMovedSecrets; docs/store.md).
        const moved = movedSecretsMasked(ix, (sha) => store.get(sha), device, collectedAt, bytes);
        if (moved) {
          bytes = moved;
          source = sha256Hex(moved);
          redacted = true;
        }
        const key = `${device}|${instantMs(collectedAt)}`;
        const twin = seenAt.get(key);
        if (twin && twin !== source) throw new UserError(`two different snapshots of device ${device} collected at the same time (${collectedAt}) in this run`, { file: item.path, where: '/collectedAt' });
        seenAt.set(key, source);
        // MR-01 and mr-01 in one run: one console to Windows, two in the report (assess and diff refuse them too).
        spellings.check(device, item.path);
        // Two consoles under one id in this run (a device id copied to another console): the
        // later would be compared and the other left out without a word (assess and diff refuse it too).
        if (loaded.serial !== undefined) {
          const first = serials.get(device);
          if (first && otherConsole(first.serial, loaded.serial)) {
            throw new UserError(`two devices claim the id ${device} in this run: ${first.path} has serial ${first.serial}, ${item.path} has serial ${loaded.serial}; give each device its own id`, { file: item.path, where: '/device/serial' });
          }
          if (!first) serials.set(device, { serial: loaded.serial, path: item.path });
        }
        let stored: SummaryDevice;
        const known = ix.bySource.get(source);
        if (known) {
          alreadyFiled++;
          stored = { id: device, collectedAt: known.collectedAt, source, object: known.object, file: known.file };
        } else {
          const clash = ix.byDeviceTime.get(key);
          if (clash) {
            throw new UserError(`the store already holds a different snapshot of device ${device} collected at ${collectedAt} (filed from ${clash.file}); a snapshot's content cannot change after it is filed`, { file: item.path, where: '/collectedAt' });
          }
          const { sha, added } = store.put(bytes, source);
          if (added) written.add(sha);
          step('object');
          const body = { kind: 'snapshot' as const, device, collectedAt: collectedAt, object: sha, source, file: item.path, redacted };
          if (!pendingSources.has(source)) {
            pendingSources.add(source);
            pending.push(body);
          }
          stored = { id: device, collectedAt: collectedAt, source, object: sha, file: item.path };
        }
        (inputsOf.get(device) ?? inputsOf.set(device, []).get(device)!).push({ path: item.path, collectedAt: stored.collectedAt, object: stored.object, added: written.has(stored.object) && !known });
        const prev = chosen.get(device);
        // The later by the instant named (docs/store.md "Which snapshot is the later"), whatever the input order.
        if (!prev || compareTimes(prev.collectedAt, stored.collectedAt) < 0) chosen.set(device, stored);
      }
    } finally {
      await filing?.close();
    }
    step('objects');
    if (items.length > 0 && unreadable.length === items.length) {
      throw new UserError(`none of the ${items.length} input(s) could be read (--keep-going files the readable ones): ${unreadable.map((u) => u.error).join('; ')}`, { exitCode: 1 });
    }
    // Inputs whose device no one can tell (not read at all); leaveOutLate adds the late ones, whose device is known.
    const unknownInputs = unreadable.length;
    leaveOutLate(chosen, ix.latest, inputsOf, { keepGoing: opts.keepGoing === true, unreadable, warn, discard: (sha) => {
      store.discard(sha);
      written.delete(sha);
    }, pending });
    if (items.length > 0 && chosen.size === 0) {
      throw new UserError(`no device of the ${items.length} input(s) is left to compare (--keep-going left out what could not be read or was collected before what the store holds): ${unreadable.map((u) => u.error).join('; ')}. Nothing was filed`, { exitCode: 1 });
    }
    const devices = [...chosen.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // A deviation must name a device this run compares: one of this run's or of the previous run's.
    // A device given but left out as late (--keep-going) is one of this run's: its deviation is no misspelt id.
    if (config.deviations.some((d) => d.deviceId !== '*' && !inputsOf.has(d.deviceId))) {
      const last = ix.runs.length ? ix.runs[ix.runs.length - 1]! : null;
      const before = last ? previousRun(last, sessionReader(store, opts.store), { configDigest: '', tool: '' }).devices.map((d) => d.id) : [];
      checkDeviationDevices(config.deviations, new Set([...inputsOf.keys(), ...before]), 'the devices of this run or the previous one', { unreadable: unknownInputs, warn });
    }
    // What could not be read is part of the run: a later run that reads it is another run.
    const runId = runIdOf(opts.now, config.inputDigest, opts.baseline, [...devices.map((d) => d.source), ...unreadable.map((u) => `unreadable ${u.input} ${sha256Hex(u.error)}`)], reportDigestOf(extras));

    const bodies = pending.map((p) => ({ ...p, run: runId }) as SnapshotBody);

    const existing = ix.runs.findIndex((r) => r.run === runId);
    if (existing >= 0) {
      // Recorded by an earlier invocation (e.g. one killed after step 5): regenerate --out from the store.
      await store.flush();
      for (const b of bodies) store.append(opts.now, b);
      filed = bodies.length;
      store.commitHead();
      const regen = await regenerateFrom(opts.store, store.entries, runId, opts.out, opts.force, sessionReader(store, opts.store), opts.pdf !== false, opts.toolVersion, { jobs: opts.jobs ?? 1, started: (n) => (threads = n) }, warn);
      notes.push(`run ${runId} was already recorded in the store; ${opts.out} was regenerated from it`);
      completed = true;
      return { ...regen, regressed: regressedOf(regen.drift), filed, alreadyFiled, alreadyRecorded: true, unreadable: regen.drift.unreadable ?? [], gate: opts.failOn ? failOnExit(regen.drift, opts.failOn) : 0, notes, warnings, head: headOf(store, signKey), threads };
    }

    // 2. The report, before anything is appended: it reads (and checks against their names) the
    // older objects it draws on, so a damaged store is refused with nothing filed. Its anchor is
    // the head the snapshots' entries will give, computed ahead.
    const previous = ix.runs.length ? ix.runs[ix.runs.length - 1]! : null;
    // A clock before the previous run's judges the same evidence younger than that run did: its
    // lapsed passes would pass again and read as remediated, and the history would run backwards.
    if (previous && instantMs(opts.now) < instantMs(previous.now)) {
      throw new UserError(`--now ${opts.now} is before the clock of the store's last run (${previous.run}, ${previous.now}); a run cannot be filed before one already recorded. Nothing was filed`, { file: opts.store, exitCode: 1 });
    }
    const read = sessionReader(store, opts.store);
    const judgedBy: JudgedBy = { configDigest: config.inputDigest, tool: opts.toolVersion, rulesDigest: rulesDigestOf(config.inputDigest, opts.toolVersion), program: opts.program ?? programDigest() };
    const prevSpec = previous ? previousRun(previous, read, judgedBy) : null;
    const storeHead = store.headAfter(opts.now, bodies);
    const inputs = configEntries(opts, keptConfig);
    const staged = stagedOrClose(opts.out, opts.force, prevSpec, warn);
    try {
      const computed = await computeReport({
        run: runId, now: opts.now, toolVersion: opts.toolVersion, rulesDigest: judgedBy.rulesDigest, baseline: opts.baseline, systemName,
        config, devices, previous: prevSpec, history: historyOf(ix.runs, ix.runs.length, read), storeHead: { entries: storeHead.entries, head: storeHead.hash }, extras, ...(unreadable.length ? { unreadable } : {}),
        inputs: inputs.map(({ role, file, object }) => ({ role, file, object })),
      }, read, staged.path, opts.pdf !== false, { written, old: prevSpec?.program !== undefined && prevSpec.program === judgedBy.program, neu: true }, { jobs: opts.jobs ?? 1, started: (n) => (threads = n) });
      step('report');

      // 3. Every input read and accepted: the snapshots' objects placed and made durable, then
      // their ledger entries (one append each).
      await store.flush();
      for (const b of bodies) {
        store.append(opts.now, b);
        filed++;
        step('entry');
      }
      step('snapshots');

      // 4. The report's objects and the manifest.
      const manifest: RunManifest = {
        format: MANIFEST_FORMAT,
        run: runId,
        now: opts.now,
        tool: opts.toolVersion,
        baseline: opts.baseline,
        systemName,
        previous: previous?.run ?? null,
        configDigest: config.inputDigest,
        rulesDigest: judgedBy.rulesDigest!,
        program: judgedBy.program!,
        config: inputs.map(({ role, file, bytes, object }) => ({ role, file, object: store.put(bytes, object).sha })),
        summary: { object: store.put(JSON.stringify(computed.summary) + '\n').sha },
        results: { object: store.putFile(computed.resultsFile).sha },
        files: computed.files.map((name) => {
          const { sha, size } = store.putFile(join(staged.path, name));
          return { name, object: sha, size };
        }),
        ...(unreadable.length ? { unreadable } : {}),
        ...(reportDigestOf(extras) ? {
          report: {
            ...(extras.system ? { system: { file: extras.system.file, object: store.put(extras.system.bytes).sha } } : {}),
            ...(extras.attestations ? { attestations: { file: extras.attestations.file, object: store.put(storedAttestations(extras.attestations.list)).sha } } : {}),
            ...(extras.marking !== undefined ? { marking: extras.marking } : {}),
          },
        } : {}),
      };
      const manifestSha = store.put(JSON.stringify(manifest, null, 2) + '\n').sha;
      await store.flush();
      step('manifest');
      // 5. The run's entry: from here on the run is part of the history; then the head.
      store.append(opts.now, { kind: 'run', run: runId, now: opts.now, manifest: manifestSha, previous: previous?.run ?? null });
      recorded = true;
      step('run');
      store.commitHead();
      step('head');
      rmSync(computed.resultsFile);
      staged.commit();
      completed = true;
      return {
        run: runId, previous: previous?.run ?? null, alreadyRecorded: false, filed, alreadyFiled, devices: devices.length,
        missing: computed.summary.missing, added: computed.summary.added, summary: computed.drift.summary, regressed: regressedOf(computed.drift), unreadable,
        gate: opts.failOn ? failOnExit(computed.drift, opts.failOn) : 0, outDir: opts.out, files: computed.files, notes, warnings, head: headOf(store, signKey), threads,
      };
    } catch (e) {
      staged.discard();
      throw e;
    }
  } catch (e) {
    // The machine refused (a full disk): what the store now holds is said, not "nothing half-written".
    if (systemReason(e)) throw new RefusedMidway(e, refusedAftermath(opts.store, opts.out, filed, recorded, store.abandon()));
    throw e;
  } finally {
    if (completed) store.close();
    else store.abandon();
  }
}

/** What a monitor run refused by the machine left: in the store (`filed` entries, the run's own if `recorded`, how abandon() left it) and in --out. */
function refusedAftermath(storeName: string, out: string, filed: number, recorded: boolean, left: Abandoned): string {
  const inStore = left === 'removed'
    ? `Nothing was filed: the store ${storeName}, created by this run, was removed again`
    : filed === 0 && !recorded
      ? `Nothing was filed in the store ${storeName}`
      : `${filed} snapshot entr${filed === 1 ? 'y' : 'ies'} of this run ${filed === 1 ? 'was' : 'were'} filed in the store ${storeName}, each complete, ${recorded ? 'and so was the run itself' : 'but not the run itself (a run with the same inputs and --now finds them filed)'}`;
  const tidy = left === 'unfinished' ? `; the store could not be tidied up after the failure and is left marked in progress, which the next run on it recovers` : '';
  const report = recorded ? `--out ${out} was not written: the same command run again writes it from the store` : `--out ${out} was not written${left === 'removed' ? '' : ' (what was already there is as it was)'}`;
  return `${inStore}${tidy}. ${report}`;
}

/**
 * A device whose latest snapshot in this run was collected before the latest the store holds of it
 * (the one the last run that had it compared): the older evidence would be reported as this run's,
 * and what the newer one showed (a fail) as fixed; and, filed, it would move the device's state
 * back. Without --keep-going the run is refused. With it, the device is left out like an input
 * that could not be read: each of its inputs is reported (unreadable), nothing of it is filed
 * (its pending entries dropped, its new objects discarded), and it is compared as missing.
 */
function leaveOutLate(
  chosen: Map<string, SummaryDevice>,
  latest: ReadonlyMap<string, SnapshotBody>,
  inputsOf: ReadonlyMap<string, ReadonlyArray<{ path: string; collectedAt: string; object: string; added: boolean }>>,
  o: { keepGoing: boolean; unreadable: Array<{ input: string; error: string }>; warn: (m: string) => void; discard: (sha: string) => void; pending: Array<Omit<SnapshotBody, 'run'>> },
): void {
  const late = [...chosen.values()].filter((d) => {
    const last = latest.get(d.id);
    return last !== undefined && compareTimes(d.collectedAt, last.collectedAt) < 0;
  }).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const d of late) {
    const last = latest.get(d.id)!;
    const why = (at: string) => `device ${d.id}: this snapshot was collected at ${at}, before the latest one the store holds (compared by run ${last.run}), collected at ${last.collectedAt} (filed from ${last.file}); an older collection cannot show what changed since`;
    if (!o.keepGoing) {
      throw new UserError(`${why(d.collectedAt)}. Give a newer collection of ${d.id}, or leave it out of this run (--keep-going leaves it out and files the rest). Nothing was filed`, { file: d.file, where: '/collectedAt' });
    }
    chosen.delete(d.id);
    for (const given of inputsOf.get(d.id) ?? []) {
      if (given.added) o.discard(given.object);
      const error = `${why(given.collectedAt)}; left out of this run (--keep-going): not filed, not compared`;
      o.unreadable.push({ input: portablePath(given.path), error });
      o.warn(`${given.path} /collectedAt: ${error}`);
    }
    for (let i = o.pending.length - 1; i >= 0; i--) if (o.pending[i]!.device === d.id) o.pending.splice(i, 1);
  }
}

function headOf(store: StoreSession, signKey: HeadSigningKey | undefined): MonitorOutcome['head'] {
  return { ...store.head(), signed: signKey !== undefined };
}

/** The --sign-key file, checked before anything is written. */
function readSigningKey(file: string): HeadSigningKey {
  const pem = readKey(file);
  checkSigningKey(pem, file);
  return { pem, label: file };
}

interface Regenerated {
  run: string;
  previous: string | null;
  devices: number;
  missing: string[];
  added: string[];
  summary: Drift['summary'];
  drift: Drift;
  outDir: string;
  files: string[];
  /** Files whose recomputed bytes differ from the stored ones (empty: byte-identical). */
  differs: string[];
  /** Where files differ: what of this installation is not the run's (version, build, bundled data), as a message says it. */
  whyDiffers?: string;
}

/**
 * What may make a regenerated report differ from the stored one: another version (its output
 * differs by design), another build of the same version, other bundled data (controls/), or else
 * other report templates (templates/, in no digest) or a fault. "Another version?" was the only
 * word, even when the version running made the run.
 */
function whyReportDiffers(manifest: RunManifest, toolVersion: string | undefined): string {
  if (toolVersion !== undefined && toolVersion !== manifest.tool) return `the run was made with ato-evidence ${manifest.tool}, this is ${toolVersion}, whose output differs by design: regenerate it with ato-evidence ${manifest.tool}`;
  const made = `ato-evidence ${manifest.tool}, the version that made the run`;
  if (manifest.program !== undefined && manifest.program !== programDigest()) return `${made}, is running, but another build of it: its code differs from the run's`;
  if (manifest.rulesDigest !== undefined && rulesDigestOf(manifest.configDigest, manifest.tool) !== manifest.rulesDigest) return `${made}, is running, but this installation's controls/ is not the one the run was judged with`;
  // templates/ (the reports' wording) is in neither digest: the one part of the installation left.
  return toolVersion === undefined ? `the run was made with ato-evidence ${manifest.tool}` : `${made}, is running with the run's code and controls/, so this installation's templates/ (the reports' wording) differ from the run's, or, if they are as shipped, ato-evidence has a fault: report it with the run id`;
}

/**
 * Why a recorded run's configuration, read again, does not give the digest it recorded, and what to
 * do. The files the store kept are the run's bytes (objects are named by their hash), so what
 * differs is what this installation gives in their place: the bundled checks, parameter
 * definitions and control catalog where the run named none, a profile's imports read from disk,
 * or the code reading them. Naming the run's version as the one to use is advice only when it is
 * another version than the one running: the same version means those files changed since.
 */
function configDiffers(runId: string, manifest: RunManifest, digest: string, toolVersion: string | undefined): string {
  const has = (r: ConfigRole) => manifest.config.some((c) => c.role === r);
  const kept = manifest.config.filter((c) => c.role !== 'import' && c.role !== 'wording').map((c) => `--${c.role} ${c.file}`);
  const installed = [
    ...(has('checks') ? [] : ['the default checks and their wording (controls/checks.yaml, check-wording.yaml)']),
    'the parameter definitions whose defaults apply (controls/parameters.yaml)',
    ...(has('catalog') ? [] : ['the control catalog (controls/rev5-index.json)']),
    ...(has('profile') && !has('import') ? ['any catalog or profile the profile imports, read from disk (the store keeps imports only of runs recorded since it does)'] : []),
  ];
  const head = `run ${runId}'s configuration does not read as it did when the run was recorded (digest ${digest} now, ${manifest.configDigest} recorded)`;
  const keptText = kept.length ? `the files the store kept of it (${kept.join(', ')}) are as they were, so what differs is what this installation gives beside them` : 'the run named no configuration file, so what differs is what this installation gives';
  const what = `${keptText}: ${installed.join('; ')}, or the code that reads them`;
  const dataChanged = manifest.rulesDigest !== undefined && rulesDigestOf(manifest.configDigest, manifest.tool) !== manifest.rulesDigest;
  const dataText = dataChanged ? `; this installation's controls/ is not the one the run was judged with (the run's rules digest differs)` : '';
  if (toolVersion === undefined || toolVersion !== manifest.tool) {
    return `${head}: ${what}${dataText}. The run was made with ato-evidence ${manifest.tool}${toolVersion !== undefined ? `, this is ${toolVersion}` : ''}: regenerate it with ato-evidence ${manifest.tool}. The report stored with the run stands as filed`;
  }
  const codeChanged = manifest.program !== undefined && manifest.program !== programDigest();
  return `${head}: ${what}${dataText}. ato-evidence ${toolVersion}, the version that made the run, is running${codeChanged ? ' (another build of it: its code differs from the run\'s)' : ''}, so these files changed since that run: restore them as they were when it was made (or regenerate with the installation that made it). The report stored with the run stands as filed; \`ato-evidence verify --store\` checks it`;
}

/**
 * Recomputes a recorded run's report from the store alone (its snapshots, configuration bytes,
 * clock, and the runs before it) into `out`, and compares each file with the bytes stored then.
 */
async function regenerateFrom(storeDir: string, entries: readonly LedgerEntry[], runId: string, out: string, force: boolean, read: ObjectReader, pdf: boolean, toolVersion: string | undefined, threads?: MonitorThreads, note?: (message: string) => void): Promise<Regenerated> {
  const runs = entries.filter((e): e is LedgerEntry & RunBody => e.kind === 'run');
  const at = runs.findIndex((r) => r.run === runId);
  if (at < 0) throw new UserError(`no run ${runId} in the store (runs: ${runs.map((r) => r.run).join(', ') || 'none'})`, { file: storeDir, exitCode: 1 });
  const manifest = jsonObject<RunManifest>(read, runs[at]!.manifest, `the manifest of run ${runId}`);
  const own = jsonObject<RunSummary>(read, manifest.summary.object, `the summary of run ${runId}`);
  const configBytes = new Map(manifest.config.map((c) => [c.file, read(c.object)]));
  // The check catalog is read by path: it is written to a scratch file (its name is not part of the output).
  const scratch = mkdtempSync(join(tmpdir(), 'ato-regen-'));
  try {
    const checks = manifest.config.find((c) => c.role === 'checks');
    const roleFile = (r: ConfigRole) => manifest.config.find((c) => c.role === r)?.file;
    // The wording the checks were read with (runs recorded before it was kept have none: their digest says so below).
    const wording = roleFile('wording');
    const checksPath = checks ? checksInto(scratch, configBytes.get(checks.file)!, wording !== undefined ? configBytes.get(wording) : undefined) : undefined;
    // A profile's imports as kept (runs recorded before they were kept read them from disk).
    const imports = new Map(manifest.config.filter((c) => c.role === 'import').map((c) => [c.file, read(c.object)] as const));
    const config = loadRunConfig({ checks: checksPath, params: roleFile('params'), catalog: roleFile('catalog'), profile: roleFile('profile'), deviations: roleFile('deviations'), imports: (file) => imports.get(file) }, (file) => {
      const b = configBytes.get(file);
      if (!b) throw new Error(`regenerate: no stored bytes for ${file}`);
      return b.toString('utf8');
    });
    if (config.inputDigest !== manifest.configDigest) throw new UserError(configDiffers(runId, manifest, config.inputDigest, toolVersion), { file: storeDir });
    const prevRun = at > 0 ? runs[at - 1]! : null;
    // Judged again as the run was: by what it recorded (not by this build), so the report comes out the same.
    const prevSpec = prevRun ? previousRun(prevRun, read, { configDigest: config.inputDigest, tool: manifest.tool, ...(manifest.rulesDigest ? { rulesDigest: manifest.rulesDigest } : {}), ...(manifest.program ? { program: manifest.program } : {}) }) : null;
    const staged = stagedOrClose(out, force, prevSpec, note);
    try {
      const computed = await computeReport({
        run: runId, now: manifest.now, toolVersion: manifest.tool, ...(manifest.rulesDigest ? { rulesDigest: manifest.rulesDigest } : {}), baseline: manifest.baseline, systemName: manifest.systemName,
        config, devices: own.devices, previous: prevSpec, history: historyOf(runs, at, read), storeHead: { entries: runs[at]!.seq - 1, head: runs[at]!.prev }, extras: storedExtras(manifest, read), ...(manifest.unreadable?.length ? { unreadable: manifest.unreadable } : {}), inputs: manifest.config,
      }, read, staged.path, pdf && manifest.files.some((f) => f.name === MONITORING_PDF), regeneratedMasked(manifest.program, prevSpec?.program), threads);
      const differs = manifest.files.filter((f) => sha256Hex(readFileSync(join(staged.path, f.name))) !== f.object).map((f) => f.name);
      rmSync(computed.resultsFile);
      staged.commit();
      return {
        run: runId, previous: manifest.previous, devices: own.devices.length, missing: own.missing, added: own.added,
        summary: computed.drift.summary, drift: computed.drift, outDir: out, files: computed.files, differs, ...(differs.length ? { whyDiffers: whyReportDiffers(manifest, toolVersion) } : {}),
      };
    } catch (e) {
      staged.discard();
      throw e;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The report extras a run recorded, read back from the store. */
function storedExtras(manifest: RunManifest, read: ObjectReader): ReportExtras {
  const r = manifest.report;
  if (!r) return {};
  const system = r.system ? (() => {
    const bytes = read(r.system.object);
    return { file: r.system.file, bytes, description: parseSystemDescription(bytes.toString('utf8'), r.system.file) };
  })() : undefined;
  const attestations = r.attestations
    ? { file: r.attestations.file, list: jsonObject<Array<Omit<Attestation, 'evidencePath'>>>(read, r.attestations.object, 'the run\'s attestations').map((a) => ({ ...a, evidencePath: '' })) }
    : undefined;
  return { ...(system ? { system } : {}), ...(attestations ? { attestations } : {}), ...(r.marking !== undefined ? { marking: r.marking } : {}) };
}

/** `monitor --store S --regenerate RUN --out DIR`: reads the store without locking it (the ledger only grows). */
export async function regenerateRun(storeDir: string, runId: string, out: string, force: boolean, jobs: number | 'auto' = 1, note?: (message: string) => void, toolVersion?: string): Promise<Regenerated> {
  const parsed = readLedgerForReading(storeDir);
  const read = objectReader((sha) => readObject(storeDir, sha), storeDir, (sha) => ({ path: objectPath(storeDir, sha), check: true }));
  return regenerateFrom(storeDir, parsed.entries, runId, out, force, read, true, toolVersion, { jobs }, note);
}
