// One snapshot from bytes to a compact outcome: validate, evaluate, write its evidence copy and
// its serialised observations to the spool. assess/run.ts then merges the records in input order.
// By default the observations are grouped by result (oscal/observation-groups.ts): the record then
// holds the device's group per check instead of a span of serialised observations.
// Evaluation (SnapshotEvaluator) runs on any thread; keeping what it leaves (SnapshotProcessor:
// evidence copy, spools, groups) is the main thread's (./pool.ts for worker threads).
import { basename, join } from 'node:path';
import { internCheck } from '../catalog/interned.js';
import type { Check } from '../catalog/types.js';
import type { CheckResult, DeviationRecord, ResolvedParams } from '../evaluate/evaluate-check.js';
import { evaluateDevice } from '../evaluate/evaluate-device.js';
import { PlainWording } from '../evaluate/plain-wording.js';
import { isUserError, portableMessage } from '../io/errors.js';
import { portablePath } from '../io/display-path.js';
import { WriteQueue } from '../io/file-queue.js';
import { Spool, type Span } from '../io/spool.js';
import { serializeObservations } from '../oscal/observations.js';
import { GroupKeyer, ObservationGrouper, type DeviceGroups, type ResultKey } from '../oscal/observation-groups.js';
import { RunIds } from '../oscal/run-ids.js';
import type { Json } from '../oscal/common.js';
import { checkCollectedBy, type SnapshotRead } from '../snapshot/load.js';
import type { AssessedDevice, DeviceOutcome } from './model.js';
import type { ReportResult } from '../report/model.js';
import { automatedActors, type AssessmentTeam } from '../oscal/assessors.js';

/** One input read through the snapshot boundary (secrets redacted; `bytes` and `sha256` are what outputs carry). */
export interface Loaded extends SnapshotRead {
  file: string;
}

/** Distinct detail texts one SnapshotProcessor keeps shared (see SnapshotProcessor.texts). */
const TEXTS_MAX = 200_000;

/** What the merge needs of one processed snapshot. Plain data. */
export interface ProcessedRecord {
  index: number;
  device: AssessedDevice;
  outcome: DeviceOutcome;
  /** Where its observations are: which spool, and where in it (one observation per device and check). */
  spool: number;
  span: Span;
  /** Grouped observations: the group of each of its results. */
  groups?: DeviceGroups;
  /** Where its results for the PDF are (a JSON array of ReportResult), when a report is wanted. */
  reportSpan?: Span;
  /** The evidence copy's provisional name (renamed once the merge has chosen the snapshot). */
  stagedEvidence: string;
  /** Its size in bytes (its SHA-256 is device.evidenceSha256): the seal need not read it back. */
  evidenceSize: number;
}

export interface ProcessError {
  index: number;
  message: string;
  /** A user error's message as reports show it (assess --keep-going): the file as reports show paths. */
  portable?: string;
  exitCode: number;
  /** Not the user's input: a bug, with its stack. */
  internal?: boolean;
}

/**
 * The device an input that could not be read stands for (assess --keep-going): the snapshot's own
 * device id where the file is JSON that names one, else the export folder's or file's name.
 */
export function unreadableDeviceId(path: string, bytes?: Buffer): string {
  try {
    const id = (JSON.parse((bytes ?? Buffer.alloc(0)).toString('utf8')) as { device?: { id?: unknown } })?.device?.id;
    if (typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) return id;
  } catch {
    // not JSON: named after the input
  }
  const base = basename(path).replace(/\.json$/i, '').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[^A-Za-z0-9]+/, '');
  return base || 'unreadable-input';
}

export interface ProcessContext {
  checks: readonly Check[];
  params: ResolvedParams;
  deviations: readonly DeviationRecord[];
  /** Assessment date (YYYY-MM-DD) and time (RFC 3339). */
  today: string;
  nowIso: string;
  configKey: string;
  stagedPath: string;
  spoolId: number;
  /** Keep each device's results for the PDF evidence package. */
  report: boolean;
  /** Who assessed: named with the tool in every observation's origins. */
  team?: AssessmentTeam;
  /** One observation per device and check (the form before grouping), instead of grouped. */
  perDevice?: boolean;
}

/**
 * Keeps the status of every check and, for fails and deviations, what was seen (`found`: the same
 * in plain words, where the check has wording).
 */
export function compactOutcome(results: readonly CheckResult[], found?: (r: CheckResult) => string | undefined): DeviceOutcome {
  const details: DeviceOutcome['details'] = new Map();
  let lapsed = 0;
  let stale = false;
  for (const r of results) {
    if (r.lapsedAt) lapsed++;
    if (r.stale) stale = true;
    // Not collected too: an objective whose evidence was not collected is a POA&M weakness whose
    // observations the POA&M copies (with their expiry).
    if (r.status === 'fail' || r.status === 'deviation' || r.status === 'not-collected') {
      const words = found?.(r);
      details.set(r.checkId, {
        observed: r.observed, expected: r.expected, ...(words !== undefined ? { found: words } : {}), ...(r.deviation ? { deviation: r.deviation } : {}), ...(r.expiredDeviation ? { expiredDeviation: r.expiredDeviation } : {}), ...(r.expires ? { expires: r.expires } : {}), ...(r.stale ? { stale: true as const } : {}),
      });
    }
  }
  return { statuses: results.map((r) => r.status), details, ...(stale ? { stale } : {}), ...(lapsed ? { lapsed } : {}) };
}

function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
}

/** The evidence copy's final name inside the package. */
export function evidenceName(deviceId: string, collectedAt: string): string {
  return `evidence/${deviceId}_${compactTime(collectedAt)}.json`;
}

export function toProcessError(index: number, e: unknown): ProcessError {
  if (isUserError(e)) return { index, message: e.message, portable: portableMessage(e), exitCode: e.exitCode };
  return { index, message: e instanceof Error ? (e.stack ?? e.message) : String(e), exitCode: 1, internal: true };
}

/** What evaluating one snapshot gives, on whichever thread evaluated it: plain, cloneable data. */
export interface Evaluated {
  index: number;
  device: AssessedDevice;
  outcome: DeviceOutcome;
  /** The bytes assessed (redacted if they held a secret): the evidence copy. */
  evidence: Buffer;
  /** Grouped observations: each result's group key. */
  keys?: ResultKey[];
  /** One observation per device and check: this device's, serialised. */
  observations?: string;
  /** The PDF's results of this device (a JSON array of ReportResult). */
  report?: string;
}

/** The part of the context evaluation needs (what a worker thread is given). */
export type EvaluateContext = Pick<ProcessContext, 'checks' | 'params' | 'deviations' | 'today' | 'nowIso' | 'configKey' | 'report' | 'perDevice' | 'team'>;

/** Validates and evaluates snapshots: pure apart from the clock it is given; one per thread. */
export class SnapshotEvaluator {
  private readonly ids: RunIds;
  private readonly keyer: GroupKeyer | undefined;
  /** The checks' plain wording with this run's parameter values (one per evaluator: it caches). */
  private readonly plain: PlainWording;
  /** The tool and the assessor, named in every automated observation's origins. */
  private readonly actors: Json[];

  constructor(private readonly ctx: EvaluateContext) {
    // A worker's copy of the catalog: its texts made the engine's own, as the main thread's are.
    for (const c of ctx.checks) internCheck(c);
    this.ids = new RunIds(ctx.configKey, ctx.checks.map((c) => c.id));
    this.plain = new PlainWording(ctx.params.values());
    this.actors = automatedActors(this.ids, ctx.team);
    this.keyer = ctx.perDevice ? undefined : new GroupKeyer(ctx.checks, this.actors, this.plain);
  }

  evaluate(index: number, loaded: Loaded): Evaluated {
    const { ctx } = this;
    const s = loaded.snapshot;
    checkCollectedBy(s, ctx.nowIso, loaded.file, 'the assessment time');
    const device: AssessedDevice = {
      id: s.device.id, device: s.device, collectedAt: s.collectedAt, sourceFile: loaded.file, sourceSha256: loaded.sha256,
      evidenceHref: evidenceName(s.device.id, s.collectedAt), evidenceSha256: loaded.sha256, redacted: loaded.redacted, superseded: [],
    };
    const results = evaluateDevice(s, ctx.checks, ctx.params, ctx.deviations, ctx.nowIso, { now: ctx.nowIso });
    this.ids.setSnapshot(device.id, device.sourceSha256);
    const out: Evaluated = { index, device, outcome: compactOutcome(results, (r) => this.foundText(r)), evidence: loaded.bytes };
    if (this.keyer) out.keys = this.keyer.keys(results, device);
    else {
      const parts: string[] = [];
      serializeObservations(results, ctx.checks, device, this.ids, (text) => parts.push(text), this.actors, this.plain);
      out.observations = parts.join('');
    }
    if (ctx.report) out.report = JSON.stringify(reportResults(results, device, ctx.checks, this.plain));
    return out;
  }

  private checksById: Map<string, Check> | undefined;

  /** What was found, in plain words (undefined for a check without wording). */
  private foundText(r: CheckResult): string | undefined {
    const check = (this.checksById ??= new Map(this.ctx.checks.map((c) => [c.id, c]))).get(r.checkId);
    return check ? this.plain.found(check, r) : undefined;
  }
}

/** Keeps what each evaluated snapshot leaves (evidence copy, spools, groups): on the main thread. */
export class SnapshotProcessor {
  private readonly spool: Spool;
  private readonly reportSpool: Spool | undefined;
  private readonly writes = new WriteQueue();
  private evaluator: SnapshotEvaluator | undefined;
  /** For inputs that could not be read (--keep-going). */
  private ids: RunIds | undefined;
  /** Grouped observations (unless ctx.perDevice): their shared parts wait in `spool`. */
  readonly grouper: ObservationGrouper | undefined;

  constructor(private readonly ctx: ProcessContext) {
    this.spool = new Spool(spoolPath(ctx.stagedPath, ctx.spoolId));
    this.grouper = ctx.perDevice ? undefined : new ObservationGrouper(ctx.checks, this.spool, ctx.nowIso);
    this.reportSpool = ctx.report ? new Spool(reportSpoolPath(ctx.stagedPath, ctx.spoolId)) : undefined;
  }

  /** Evaluates on this thread and keeps the result. */
  async process(index: number, loaded: Loaded): Promise<ProcessedRecord> {
    this.evaluator ??= new SnapshotEvaluator(this.ctx);
    return this.accept(this.evaluator.evaluate(index, loaded));
  }

  /**
   * One string per distinct text of the devices' details (what was seen and required of a failing
   * check), kept until the run's documents are written: a fleet repeats the same few texts device
   * after device, and each device's came as copies of their own (from a worker, or built anew by
   * the evaluation), about 14 KB a device. Bounded: past TEXTS_MAX distinct texts, new ones stay as they came.
   */
  private readonly texts = new Map<string, string>();

  private shared(s: string): string {
    const t = this.texts.get(s);
    if (t !== undefined) return t;
    if (this.texts.size < TEXTS_MAX) this.texts.set(s, s);
    return s;
  }

  /** Keeps a snapshot evaluated here or by a worker. Called in input order. */
  async accept(e: Evaluated): Promise<ProcessedRecord> {
    const { ctx } = this;
    for (const d of e.outcome.details.values()) {
      d.observed = this.shared(d.observed);
      d.expected = this.shared(d.expected);
      if (d.found !== undefined) d.found = this.shared(d.found);
    }
    // Provisional name: two inputs may claim the same final name (the merge reports that).
    const stagedEvidence = `evidence/.${e.index}.json`;
    const evidenceSize = e.evidence.length;
    // The bytes that were hashed and assessed (redacted if they held a secret), not a second read of a file that may have changed.
    await this.writes.add(join(ctx.stagedPath, stagedEvidence), e.evidence);
    let record: ProcessedRecord;
    if (this.grouper) {
      record = { index: e.index, device: e.device, outcome: e.outcome, spool: ctx.spoolId, span: { offset: 0, length: 0 }, groups: this.grouper.addKeys(e.keys ?? []), stagedEvidence, evidenceSize };
    } else {
      this.spool.begin();
      this.spool.write(e.observations ?? '');
      record = { index: e.index, device: e.device, outcome: e.outcome, spool: ctx.spoolId, span: this.spool.end(), stagedEvidence, evidenceSize };
    }
    if (this.reportSpool && e.report !== undefined) {
      this.reportSpool.begin();
      this.reportSpool.write(e.report);
      record.reportSpan = this.reportSpool.end();
    }
    return record;
  }

  /**
   * assess --keep-going: an input that could not be read becomes a device whose every check is
   * not collected, with the error as the reason. No evidence copy (nothing was read to copy).
   */
  unreadable(index: number, path: string, deviceId: string, message: string, sourceSha256: string): ProcessedRecord {
    const { ctx } = this;
    const device: AssessedDevice = {
      id: deviceId, device: { id: deviceId }, collectedAt: ctx.nowIso, sourceFile: path, sourceSha256,
      evidenceHref: '', evidenceSha256: '', redacted: false, superseded: [], unreadable: message,
    };
    const reason = `the input ${portablePath(path)} could not be read: ${message}`;
    const results: CheckResult[] = ctx.checks.map((c) => ({
      checkId: c.id, deviceId, status: 'not-collected', observed: 'input not read', expected: '', problems: [], missing: [], params: [], pointers: [], provenance: [], reason,
    }));
    const ids = (this.ids ??= new RunIds(ctx.configKey, ctx.checks.map((c) => c.id)));
    ids.setSnapshot(deviceId, sourceSha256);
    let record: ProcessedRecord;
    // The reason is what was found: results.csv, the POA&M and the PDF name the device with it.
    const outcome = { ...compactOutcome(results, (r) => r.reason), unreadable: message };
    if (this.grouper) {
      record = { index, device, outcome, spool: ctx.spoolId, span: { offset: 0, length: 0 }, groups: this.grouper.add(results, device), stagedEvidence: '', evidenceSize: 0 };
    } else {
      this.spool.begin();
      serializeObservations(results, ctx.checks, device, ids, (text) => this.spool.write(text));
      record = { index, device, outcome, spool: ctx.spoolId, span: this.spool.end(), stagedEvidence: '', evidenceSize: 0 };
    }
    if (this.reportSpool) {
      this.reportSpool.begin();
      this.reportSpool.write(JSON.stringify(results.map((r): ReportResult => ({ deviceId, checkId: r.checkId, status: r.status, observed: reason, expected: '', evidence: [], notCollectedReason: reason }))));
      record.reportSpan = this.reportSpool.end();
    }
    return record;
  }

  /** Waits for the evidence writes and makes the spool readable by others. */
  async finish(): Promise<void> {
    await this.writes.drain();
    this.spool.close();
    this.reportSpool?.close();
  }

  /** After an error: lets in-flight writes land (the caller removes the folder). */
  async abandon(): Promise<void> {
    await this.writes.drain().catch(() => undefined);
    this.spool.close();
    this.reportSpool?.close();
  }
}

/** What the PDF shows of each result: verdict, values, and the files they came from. */
function reportResults(results: readonly CheckResult[], device: AssessedDevice, checks: readonly Check[], plain: PlainWording): ReportResult[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  return results.map((r) => {
    const check = byId.get(r.checkId);
    const words = check ? plain.describe(check, r) : undefined;
    const out: ReportResult = {
      deviceId: r.deviceId, checkId: r.checkId, status: r.status, observed: r.reason ? `${r.observed} (${r.reason})` : r.observed, expected: r.expected,
      ...(words ? { plain: words } : {}),
      evidence: [{ file: device.evidenceHref, sha256: device.evidenceSha256 }, ...r.provenance.map((p) => (p.location ? { file: p.file, sha256: p.sha256, location: p.location } : { file: p.file, sha256: p.sha256 }))],
    };
    if (r.deviation) out.deviation = { approver: r.deviation.approver, expires: r.deviation.expires, justification: r.deviation.justification };
    if (r.expiredDeviation) out.expiredDeviation = { approver: r.expiredDeviation.approver, expires: r.expiredDeviation.expires };
    // The plain wording of a result not collected says "see the reason": the PDF gives it (observed, which holds it, is not shown beside the wording).
    if (r.status === 'not-collected' && r.reason && !r.stale && !r.lapsedAt) out.reason = r.reason;
    if (r.reason) out.notCollectedReason = r.reason;
    if (r.stale) out.stale = true;
    return out;
  });
}

export function spoolPath(stagedPath: string, spoolId: number): string {
  return join(stagedPath, `.observations-${spoolId}.tmp`);
}

export function reportSpoolPath(stagedPath: string, spoolId: number): string {
  return join(stagedPath, `.report-${spoolId}.tmp`);
}
