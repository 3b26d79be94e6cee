// One copy of each text a fleet's device entries repeat. An entry posted back by a worker thread
// (diff/monitor --jobs) arrives as a structured clone, and a clone copies every string it holds:
// each "not-collected" of each device's statuses, each check id, each expected text and each
// device's stale-evidence sentence under every check it is given to became a string of its own on
// the main thread, which keeps every entry until the drift is finished (at 3,000 devices, 200,000
// copies of "not-collected" alone). Made on one thread, the same texts were mostly shared already;
// interning there changes nothing but costs a lookup per text.
import type { CheckStatus } from '../evaluate/evaluate-check.js';
import type { DeviceEntry } from './compute.js';

const STATUSES: ReadonlyMap<string, CheckStatus> = new Map((['pass', 'fail', 'not-applicable', 'not-collected', 'deviation'] as const).map((s) => [s, s]));

/** The first copy seen of each text given to `of`. */
export class Interner {
  private readonly seen = new Map<string, string>();

  of<T extends string | undefined>(s: T): T {
    if (s === undefined) return s;
    const had = this.seen.get(s);
    if (had !== undefined) return had as T;
    this.seen.set(s, s);
    return s;
  }
}

/** A status as the one constant string of that status (unknown values are kept as given). */
function status<T extends CheckStatus | undefined>(s: T): T {
  return (s === undefined ? s : (STATUSES.get(s) ?? s)) as T;
}

/**
 * `entry` with its repeated texts shared through `strings` (changed in place, and returned): the
 * statuses, and in the drift the texts that recur across checks and devices. Per-device values
 * (file names, digests, dates, setting values) are left as they are. The content is unchanged.
 */
export function internEntry(entry: DeviceEntry, strings: Interner): DeviceEntry {
  for (const kept of [entry.old, entry.new]) {
    if (kept) (kept as { statuses: CheckStatus[] }).statuses = kept.statuses.map(status);
  }
  const d = entry.drift;
  for (const c of d.checks) {
    c.checkId = strings.of(c.checkId);
    c.layer = strings.of(c.layer);
    if (c.old !== undefined) c.old = status(c.old);
    if (c.new !== undefined) c.new = status(c.new);
    c.transition = strings.of(c.transition);
    c.cause = strings.of(c.cause);
    if (c.oldObserved !== undefined) c.oldObserved = strings.of(c.oldObserved);
    if (c.newObserved !== undefined) c.newObserved = strings.of(c.newObserved);
    if (c.expected !== undefined) c.expected = strings.of(c.expected);
    if (c.oldReason !== undefined) c.oldReason = strings.of(c.oldReason);
    if (c.newReason !== undefined) c.newReason = strings.of(c.newReason);
  }
  for (const s of d.settings) {
    s.path = strings.of(s.path);
    s.field = strings.of(s.field);
    s.kind = strings.of(s.kind);
    s.layer = strings.of(s.layer);
    s.checks = s.checks.map((id) => strings.of(id));
  }
  for (const t of d.time) {
    t.checkId = strings.of(t.checkId);
    t.layer = strings.of(t.layer);
    t.what = strings.of(t.what);
    if (t.old !== undefined) t.old = status(t.old);
    if (t.new !== undefined) t.new = status(t.new);
  }
  for (const t of d.decisions ?? []) {
    t.checkId = strings.of(t.checkId);
    t.layer = strings.of(t.layer);
    t.what = strings.of(t.what);
    if (t.old !== undefined) t.old = status(t.old);
    if (t.new !== undefined) t.new = status(t.new);
  }
  for (const u of entry.due) {
    if (u.checkId !== undefined) u.checkId = strings.of(u.checkId);
    u.what = strings.of(u.what);
  }
  return entry;
}
