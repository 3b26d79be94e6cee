// A fleet of one model mostly shares its configuration: most of its devices read the same values
// for a check, and get the same outcome. An outcome depends only on what the check reads (the
// values at the paths its tests name, spelled as the snapshot spells them), the collection time
// when a rule reads the clock, the snapshot's coverage (what an absent value means) and the run's
// parameters. The cache keys an outcome by exactly those, so a device whose values read equal
// another's reuses its outcome instead of evaluating the check again. What is the device's own
// (its id, the provenance of each value, evidence age at the assessment clock, deviations) is added
// per device by evaluateCheck.
//
// Snapshots reach the evaluator as parsed JSON (src/snapshot/load.ts readSnapshot), so two values
// with the same JSON text are the same to it. A cache belongs to one run: one parameter set.
import type { Check, Test } from '../catalog/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { actualPath, askCoverage, fieldRefs, getPath, type CoverageQuestion, type ParamUse, type TestOutcome, type TestStatus } from './test-eval.js';

/** An outcome as evaluated for the first device that read these values. */
export interface CachedOutcome {
  outcome: TestOutcome;
  /** The parameters it used (EvalContext.used), restored on a hit. */
  used: readonly ParamUse[];
  /** outcome.pointers without repeats. */
  pointers: readonly string[];
  /** The questions the evaluation put to the snapshot's coverage, with their answers. */
  asked: readonly CoverageQuestion[];
}

/** Distinct outcomes kept per check. */
const KEPT_PER_CHECK = 128;
/** A check is no longer cached once this many lookups found fewer hits than misses (values unique per device). */
const GIVE_UP_AFTER = 64;

const TIME_OPERATORS = new Set(['max-age-days', 'max-age-hours', 'min-remaining-days', 'older-than-days']);

interface Reads {
  /** Dotted paths from the snapshot root whose values decide the outcome. */
  paths: string[];
  /** A rule compares a time with the collection time. */
  clock: boolean;
}

/**
 * What a test reads from the snapshot root: the field of each scalar test and each list (its items'
 * tests read inside that list's value), the fields an expected value refers to, supporting fields.
 * Undefined when a test reads the whole snapshot (a list test without a field).
 */
function readsOf(test: Test, out: Reads): Reads | undefined {
  if (TIME_OPERATORS.has(test.operator)) out.clock = true;
  for (const f of test.supporting ?? []) out.paths.push(f);
  switch (test.operator) {
    case 'all-of':
    case 'any-of':
      for (const t of test.tests ?? []) if (!readsOf(t, out)) return undefined;
      return out;
    case 'every':
    case 'none':
    case 'some':
      if (!test.field) return undefined;
      out.paths.push(test.field);
      // Inside the list only the clock matters beyond its value.
      if ([...(test.where ?? []), ...(test.tests ?? [])].some(readsClock)) out.clock = true;
      return out;
    default:
      out.paths.push(test.field ?? '', ...fieldRefs(test.expected));
      return out.paths.includes('') ? undefined : out;
  }
}

function readsClock(t: Test): boolean {
  return TIME_OPERATORS.has(t.operator) || [...(t.where ?? []), ...(t.tests ?? [])].some(readsClock);
}

/**
 * The outcomes for one set of values read, each with the questions its evaluation put to the
 * snapshot's coverage (what an absent value means, whether a list is whole) and their answers.
 * Which question comes next depends only on the values read and the answers so far, so a device
 * whose values are the same and whose coverage answers the same questions alike gets the same
 * outcome. (Coverage itself names each device's export files: compared whole, it would never repeat.)
 */
type Slot = CachedOutcome[];

/** A status at collection (checkStatus, without texts), with the coverage questions asked. */
interface CachedStatus {
  status: TestStatus;
  asked: readonly CoverageQuestion[];
}

interface CheckEntry {
  reads: Reads | undefined;
  slots: Map<string, Slot>;
  statuses: Map<string, CachedStatus[]>;
  kept: number;
  hits: number;
  misses: number;
}

/** One run's outcomes, by check and by the values each check read. */
export class OutcomeCache {
  private readonly checks = new Map<Check, CheckEntry>();
  /**
   * The key text of each path read on the snapshot being evaluated (several checks read the same
   * list), and its coverage answers. Only the last snapshot's: a device's checks are evaluated
   * together, and a snapshot is not kept alive by the cache.
   */
  private current: { snapshot: Snapshot; texts: Map<string, string> } | undefined;

  private entry(check: Check): CheckEntry {
    let e = this.checks.get(check);
    if (!e) {
      const reads = readsOf(check.test, { paths: [], clock: false });
      const all = reads && check.appliesWhen ? readsOf(check.appliesWhen, reads) : reads;
      this.checks.set(check, (e = { reads: all && { paths: [...new Set(all.paths)].sort(), clock: all.clock }, slots: new Map(), statuses: new Map(), kept: 0, hits: 0, misses: 0 }));
    }
    return e;
  }

  /** The key of what `check` reads on `snapshot`, or undefined where the check is not cached. */
  key(check: Check, snapshot: Snapshot, collectedAtMs: number): string | undefined {
    const e = this.entry(check);
    if (!e.reads) return undefined;
    if (e.misses >= GIVE_UP_AFTER && e.hits < e.misses) {
      // Values unique device by device (a timestamp, a host name): keeping them would only cost memory.
      e.reads = undefined;
      e.slots.clear();
      e.statuses.clear();
      return undefined;
    }
    const texts = this.textsOf(snapshot);
    const single = e.reads.paths.length === 1 && !e.reads.clock;
    let key = e.reads.clock ? String(collectedAtMs) : '';
    for (const path of e.reads.paths) {
      let t = texts.get(path);
      if (t === undefined) {
        const v = getPath(snapshot, path);
        // The spelling as found: pointers (and so provenance) are built from it.
        t = `${actualPath(snapshot, path)}\u0001${v === undefined ? '\u0002' : JSON.stringify(v)}`;
        texts.set(path, t);
      }
      // One path: its text is the key (no new string per lookup; the map hashes it once).
      if (single) return t;
      key += `\u0000${t}`;
    }
    return key;
  }

  private textsOf(snapshot: Snapshot): Map<string, string> {
    if (this.current?.snapshot !== snapshot) this.current = { snapshot, texts: new Map() };
    return this.current.texts;
  }

  /** The snapshot's answer to a question another device's evaluation asked (asked once per snapshot). */
  private answer(snapshot: Snapshot, q: CoverageQuestion): string {
    const texts = this.textsOf(snapshot);
    const k = `\u0003${q.kind}\u0000${q.field}`;
    let a = texts.get(k);
    if (a === undefined) texts.set(k, (a = JSON.stringify(askCoverage(snapshot, q.kind, q.field))));
    return a;
  }

  get(check: Check, key: string, snapshot: Snapshot): CachedOutcome | undefined {
    return this.found(check, this.entry(check).slots.get(key), snapshot);
  }

  /** The status at collection another device with the same values read was given (checkStatus). */
  getStatus(check: Check, key: string, snapshot: Snapshot): TestStatus | undefined {
    return this.found(check, this.entry(check).statuses.get(key), snapshot)?.status;
  }

  private found<T extends { asked: readonly CoverageQuestion[] }>(check: Check, slot: readonly T[] | undefined, snapshot: Snapshot): T | undefined {
    const e = this.entry(check);
    const hit = slot?.find((c) => c.asked.every((q) => this.answer(snapshot, q) === q.answer));
    if (hit) e.hits++;
    else e.misses++;
    return hit;
  }

  /** How many lookups found an outcome, and how many did not (over every check). */
  stats(): { hits: number; misses: number } {
    let hits = 0;
    let misses = 0;
    for (const e of this.checks.values()) {
      hits += e.hits;
      misses += e.misses;
    }
    return { hits, misses };
  }

  set(check: Check, key: string, value: CachedOutcome): void {
    this.keep(this.entry(check).slots, check, key, value);
  }

  setStatus(check: Check, key: string, value: CachedStatus): void {
    this.keep(this.entry(check).statuses, check, key, value);
  }

  private keep<T>(map: Map<string, T[]>, check: Check, key: string, value: T): void {
    const e = this.entry(check);
    if (e.kept >= KEPT_PER_CHECK) return;
    e.kept++;
    const slot = map.get(key);
    if (slot) slot.push(value);
    else map.set(key, [value]);
  }
}
