// One device of a `monitor` run's report: its snapshot in the previous run and in this one, read
// back from the store, evaluated and compared. Depends only on the job and the environment, so it
// runs on the main thread or in a worker (./worker.ts, `monitor --jobs`) with the same code and
// gives the same result; what it returns is plain, cloneable data.
import { UserError } from '../io/errors.js';
import type { DeviceComparer, DeviceEntry } from '../drift/compute.js';
import { diffSettings } from '../drift/settings.js';
import { assessAgainst, assessDevice } from '../drift/side.js';
import type { AssessedDevice, DriftContext } from '../drift/types.js';
import type { CheckStatus } from '../evaluate/evaluate-check.js';
import { redactSnapshot } from '../snapshot/secrets.js';
import type { Snapshot } from '../snapshot/types.js';
import { readJsonObject, type ObjectAt } from '../store/store.js';
import type { SummaryDevice } from './summary.js';

/** Reads store objects: bytes (checked against their names, where the store says so) and how the store is named. */
export interface ObjectReader {
  (sha: string): Buffer;
  display: string;
  /** Where a worker thread reads an object itself (a local store); absent: only this thread can. */
  locate?: (sha: string) => ObjectAt;
}

export function objectReader(read: (sha: string) => Buffer, display: string, locate?: (sha: string) => ObjectAt): ObjectReader {
  return Object.assign(read, { display }, locate ? { locate } : {});
}

export function jsonObject<T>(read: ObjectReader, sha: string, what: string): T {
  return readJsonObject<T>(read, sha, read.display, what);
}

/** One side of a device as the store holds it. */
export interface StoredSide {
  device: SummaryDevice;
  /**
   * Already masked by this build's rules, so not masked again: filed by this run from the snapshot
   * boundary's redacted output, or the very bytes a filing by a run of this same program made
   * (computeReport decides, src/monitor/run.ts).
   */
  masked: boolean;
  /** Where a worker reads the object (set for jobs sent to one). */
  at?: ObjectAt;
}

/** A device to compare: either side may be absent (added, or not collected again). */
export interface DeviceJob {
  id: string;
  /** `cached`: the previous run's results line for the device (its results reused, not evaluated again). */
  old?: StoredSide & { cached?: string };
  neu?: StoredSide;
}

/** What the main thread keeps of a device: the drift builder's entry, and this run's results line. */
export interface DeviceOutcome {
  entry: DeviceEntry;
  /** The device's results in this run (resultsLine), when it is in this run. */
  line?: string;
}

/** Everything a device's comparison depends on besides the job. */
export interface CompareEnv {
  ctx: DriftContext;
  comparer: DeviceComparer;
  read: ObjectReader;
  /** The previous run's clock for deviations (*Today) and evidence (*At), and this run's. */
  oldToday: string;
  oldAt: string;
  newToday: string;
  newAt: string;
  /** The error a damaged line of the previous run's results is (naming that object). */
  badResults: { message: string; file: string };
}

const STATUS_CODE: Record<CheckStatus, string> = { pass: 'p', fail: 'f', 'not-applicable': 'n', 'not-collected': 'c', deviation: 'd' };
const CODE_STATUS = Object.fromEntries(Object.entries(STATUS_CODE).map(([k, v]) => [v, k])) as Record<string, CheckStatus>;

/** One device's results as one JSON line: statuses as one letter per check, details of the others. */
export function resultsLine(d: AssessedDevice): string {
  return JSON.stringify({ id: d.id, s: d.statuses.map((x) => STATUS_CODE[x]).join(''), d: [...d.details], ...(d.stale ? { st: 1 } : {}) });
}

export type CachedResults = Pick<AssessedDevice, 'statuses' | 'details' | 'stale'>;
type ResultsLine = { id: string; s: string; d: Array<[string, AssessedDevice['details'] extends Map<string, infer V> ? V : never]>; st?: 1 };

/** A results line as parsed JSON; `where` is the error a line that is not JSON is. */
export function parseResultsJson(text: string, where: () => UserError): ResultsLine {
  try {
    return JSON.parse(text) as ResultsLine;
  } catch {
    throw where();
  }
}

/** A device's results read back from its line (resultsLine). */
export function parseResultsLine(text: string, where: () => UserError): CachedResults {
  const o = parseResultsJson(text, where);
  return { statuses: [...o.s].map((c) => CODE_STATUS[c]!), details: new Map(o.d), ...(o.st === 1 ? { stale: true as const } : {}) };
}

/**
 * Compares one device (the previous run's side, from its cached results or evaluated again, and
 * this run's, evaluated against it: only the checks that can have changed).
 */
export function compareStored(job: DeviceJob, env: CompareEnv): DeviceOutcome {
  const { ctx } = env;
  // Validated when filed; the reader checks the bytes against their name, so the schema is not run
  // again. An object this build's rules masked is readSnapshot's own redacted output; any other
  // goes through the redaction boundary again, as a store filed by an older version may hold a secret.
  const storedSnapshot = (side: StoredSide): Snapshot => {
    const s = jsonObject<Snapshot>(env.read, side.device.object, `the stored snapshot of ${side.device.id}`);
    return side.masked ? s : redactSnapshot(s);
  };
  // Each side is judged at its run's clock (deviations on its date, evidence age at its time).
  const assess = (side: StoredSide, today: string, at: string): AssessedDevice => assessDevice(storedSnapshot(side), { file: side.device.file, sha256: side.device.source }, ctx, today, undefined, at);
  const { old: o, neu: n, id } = job;
  const hit = o?.cached !== undefined ? parseResultsLine(o.cached, () => new UserError(env.badResults.message, { file: env.badResults.file })) : undefined;
  const oldA = o ? (hit ? { id, snapshot: storedSnapshot(o), collectedAt: o.device.collectedAt, file: o.device.file, sha256: o.device.source, ...hit } : assess(o, env.oldToday, env.oldAt)) : undefined;
  let newA: AssessedDevice | undefined;
  let entry: DeviceEntry;
  if (n && oldA) {
    // Only the checks that can have changed are evaluated again (src/drift assessAgainst).
    const snapshot = o!.device.object === n.device.object ? oldA.snapshot : storedSnapshot(n);
    const settings = o!.device.source === n.device.source ? [] : diffSettings(oldA.snapshot, snapshot, ctx);
    newA = assessAgainst(oldA, snapshot, { file: n.device.file, sha256: n.device.source }, settings, ctx, env.newToday, env.newAt);
    entry = env.comparer.entryOf(oldA, newA, settings);
  } else {
    newA = n ? assess(n, env.newToday, env.newAt) : undefined;
    entry = env.comparer.entryOf(oldA, newA);
  }
  return { entry, ...(newA && n ? { line: resultsLine(newA) } : {}) };
}
