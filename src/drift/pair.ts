// One OLD/NEW pair of `diff` (entries whose names match): read both, compare, and keep only what
// the main thread needs. Depends only on the pair and the context, so it runs on the main thread
// (`--jobs 1`) or in a worker (./worker.ts) with the same code and gives the same result.
import { maskedAgainst } from '../snapshot/secrets.js';
import { evidenceAge } from '../evaluate/evaluate-check.js';
import { checkCollectedBy, type SnapshotRead } from '../snapshot/load.js';
import type { Snapshot } from '../snapshot/types.js';
import type { DeviceComparer, DeviceEntry } from './compute.js';
import { loadEntry, type SideEntry } from './io.js';
import { diffSettings, sameSnapshot } from './settings.js';
import { assessAgainst, assessDevice, redoChecks } from './side.js';
import type { AssessedDevice, DriftContext, SettingChange } from './types.js';

/** The clock each side's deviations (`*Today`, RFC 3339) and evidence (`*At`) are judged at (see diffListings); absent = each snapshot's own collection time. */
export interface SideDays {
  oldToday?: string;
  newToday?: string;
  oldAt?: string;
  newAt?: string;
}

/** An assessed device without its snapshot: what is kept of an OLD device between passes. */
export type LiteDevice = Omit<AssessedDevice, 'snapshot'>;

/** What `diff` keeps of a NEW snapshot: enough to pick the latest of a device seen twice. */
export interface NewSeen {
  id: string;
  collectedAt: string;
  sha256: string;
  file: string;
  serial?: string;
}

/**
 * A pair's result: plain, cloneable data (no snapshot). `mismatch`: the names matched but the
 * devices do not (OLD assessed in full; NEW is compared later, by id).
 */
export type PairOutcome =
  | { kind: 'mismatch'; old: LiteDevice }
  | { kind: 'pair'; old: LiteDevice; neu: NewSeen; entry: DeviceEntry };

export function liteOf(d: AssessedDevice): LiteDevice {
  const { snapshot: _dropped, ...lite } = d;
  void _dropped;
  return lite;
}

/** Reads an entry; a snapshot collected after the report's clock is a wrong --now or device clock (assess and monitor refuse it too). */
export async function loadChecked(e: SideEntry, ctx: DriftContext): Promise<SnapshotRead> {
  const r = await loadEntry(e);
  checkCollectedBy(r.snapshot, ctx.now, e.file, 'the report time');
  return r;
}

/** Evaluates an OLD snapshot on its side's day; `textsFor` as in assessDevice. */
export function assessOldDevice(snapshot: Snapshot, file: string, sha256: string, ctx: DriftContext, days: SideDays, textsFor?: ReadonlySet<string>): AssessedDevice {
  return assessDevice(snapshot, { file, sha256 }, ctx, days.oldToday ?? snapshot.collectedAt, textsFor, days.oldAt);
}

/** Evaluates a NEW snapshot, against its OLD counterpart when known (only what can have changed). */
export function assessNewDevice(snapshot: Snapshot, file: string, sha256: string, ctx: DriftContext, days: SideDays, old?: AssessedDevice, settings?: readonly SettingChange[]): AssessedDevice {
  const today = days.newToday ?? snapshot.collectedAt;
  const source = { file, sha256 };
  // diff reads a NEW check's texts only where its status changed (DeviceComparer.entryOf).
  return old ? assessAgainst(old, snapshot, source, settings!, ctx, today, days.newAt, true) : assessDevice(snapshot, source, ctx, today, undefined, days.newAt);
}

/**
 * The checks OLD's texts are made for when OLD is evaluated beside NEW (assessDevice's textsFor;
 * undefined: every check). Texts are shown only for a check whose status changes, which only the
 * checks of redoChecks can do, but for evidence age: OLD's evidence stale at its clock and NEW's
 * not turns OLD's passes into "not collected" that pass again in NEW, and their rows show OLD's
 * texts. (The other way round, a stale NEW, changes only checks that passed in OLD, whose texts
 * entryOf takes from NEW.)
 */
export function oldTextsFor(redo: Set<string>, a: Snapshot, b: Snapshot, ctx: DriftContext, days: SideDays): Set<string> | undefined {
  const stale = (s: Snapshot, at?: string): boolean => at !== undefined && evidenceAge(s, ctx.params, { now: at }).stale;
  return stale(a, days.oldAt) && !stale(b, days.newAt) ? undefined : redo;
}

/**
 * Reads OLD, then NEW, and compares them. Errors (a bad snapshot) are thrown as when the pair is
 * read on the main thread: OLD's first.
 */
export async function comparePair(o: SideEntry, n: SideEntry, ctx: DriftContext, days: SideDays, comparer: DeviceComparer): Promise<PairOutcome> {
  const a = await loadChecked(o, ctx);
  const read = await loadChecked(n, ctx);
  // NEW as compared with OLD: OLD's secrets masked in it, or a secret that moved from its place (maskedAgainst).
  const b = { ...read, snapshot: maskedAgainst(a.snapshot, read.snapshot) };
  if (a.snapshot.device.id !== b.snapshot.device.id) return { kind: 'mismatch', old: liteOf(assessOldDevice(a.snapshot, o.file, a.sha256, ctx, days)) };
  // Both snapshots at hand: OLD's texts are made only for the checks whose status can change
  // (the others' texts are never shown), which is most of the evaluation's cost.
  const settings = sameSnapshot(a, b) ? [] : diffSettings(a.snapshot, b.snapshot, ctx);
  const redo = redoChecks(a.snapshot.device.id, settings, ctx, a.snapshot, b.snapshot);
  const old = assessOldDevice(a.snapshot, o.file, a.sha256, ctx, days, oldTextsFor(redo, a.snapshot, b.snapshot, ctx, days));
  const neu = assessNewDevice(b.snapshot, n.file, b.sha256, ctx, days, old, settings);
  return {
    kind: 'pair',
    old: liteOf(old),
    neu: { id: neu.id, collectedAt: neu.collectedAt, sha256: neu.sha256, file: neu.file, ...(neu.serial !== undefined ? { serial: neu.serial } : {}) },
    entry: comparer.entryOf(old, neu, settings, redo),
  };
}
