// A fleet of one model mostly shares its configuration: for most checks most devices read the
// same values and get the same outcome. An outcome at collection (evaluate-check.ts outcomeOf)
// depends only on what the check's tests read: the values at the paths they name, spelled as the
// snapshot spells them (pointers are built from the spelling), the collection time where a rule
// reads the clock, the answers the snapshot's coverage gives to the questions the evaluation asks,
// and the run's parameters. This cache keys an outcome by exactly those, so a device that reads
// what another read reuses its outcome. Everything after the outcome that is the device's own
// (its id, provenance, policy sources, masked values, intended values, the evidence's age at the
// assessment clock, deviations) is still computed per device by evaluateCheck.
//
// Snapshots reach the evaluator as parsed JSON (snapshot/load.ts), so two values with the same JSON
// text are the same to it. One cache per thread and run (one parameter set).
import type { Check, Test } from '../catalog/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { actualPath, askCoverage, fieldRefs, getPath, type CoverageQuestion, type ParamUse, type TestOutcome } from './test-eval.js';

/** An outcome as evaluated for the first device that read these values. */
export interface CachedOutcome {
  outcome: TestOutcome;
  /** The parameters it used (EvalContext.used), restored on a hit. */
  used: readonly ParamUse[];
  /** outcome.pointers without repeats. */
  pointers: string[];
  /** The questions the evaluation put to the snapshot's coverage, with their answers. */
  asked: readonly CoverageQuestion[];
}

/** Distinct outcomes kept per check: memory stays bounded. */
const KEPT_PER_CHECK = 128;
/** A check is no longer cached once this many lookups found fewer hits than misses (values unique per device). */
const GIVE_UP_AFTER = 64;

/** Rules that read the collection time (evaluate-check.ts TIME_OPERATORS; test-eval.ts compare). */
const CLOCK_OPERATORS: ReadonlySet<string> = new Set(['max-age-days', 'max-age-hours', 'min-remaining-days', 'older-than-days', 'listed-until']);

interface Reads {
  /** Dotted paths from the snapshot root whose values decide the outcome. */
  paths: string[];
  /** A rule compares a time with the collection time. */
  clock: boolean;
}

/**
 * What a test reads from the snapshot root: the field of each scalar test and of each list (its
 * items' tests read inside that list's value), the fields an expected value refers to, supporting
 * fields. Undefined when a test reads the whole snapshot (no field): such a check is not cached.
 */
function readsOf(test: Test, out: Reads): Reads | undefined {
  if (CLOCK_OPERATORS.has(test.operator)) out.clock = true;
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
      // Inside the list only the clock matters beyond the list's value.
      if ([...(test.where ?? []), ...(test.tests ?? [])].some(readsClock)) out.clock = true;
      return out;
    default:
      if (!test.field) return undefined;
      out.paths.push(test.field, ...fieldRefs(test.expected));
      return out;
  }
}

function readsClock(t: Test): boolean {
  return CLOCK_OPERATORS.has(t.operator) || [...(t.where ?? []), ...(t.tests ?? [])].some(readsClock);
}

interface CheckEntry {
  reads: Reads | undefined;
  slots: Map<string, CachedOutcome[]>;
  kept: number;
  hits: number;
  misses: number;
}

/** One run's outcomes, by check and by the values each check read. */
export class OutcomeCache {
  private readonly checks = new Map<Check, CheckEntry>();
  /** The key text of each path read on the snapshot being evaluated, and its coverage answers (the last snapshot's only). */
  private current: { snapshot: Snapshot; texts: Map<string, string> } | undefined;

  private entry(check: Check): CheckEntry {
    let e = this.checks.get(check);
    if (!e) {
      const reads = readsOf(check.test, { paths: [], clock: false });
      const all = reads && check.appliesWhen ? readsOf(check.appliesWhen, reads) : reads;
      this.checks.set(check, (e = { reads: all && { paths: [...new Set(all.paths)].sort(), clock: all.clock }, slots: new Map(), kept: 0, hits: 0, misses: 0 }));
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
      return undefined;
    }
    const texts = this.textsOf(snapshot);
    let key = e.reads.clock ? String(collectedAtMs) : '';
    for (const path of e.reads.paths) {
      let t = texts.get(path);
      if (t === undefined) {
        const v = getPath(snapshot, path);
        // The spelling as found (pointers, and so provenance, are built from it) and the value.
        t = `${actualPath(snapshot, path)}\u0001${v === undefined ? '\u0002' : JSON.stringify(v)}`;
        texts.set(path, t);
      }
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
    if (a === undefined) {
      const asked: CoverageQuestion[] = [];
      if (q.kind === 'notes') askCoverage(snapshot, 'notes', q.field, asked);
      else askCoverage(snapshot, q.kind, q.field, asked);
      texts.set(k, (a = asked[0]!.answer));
    }
    return a;
  }

  /**
   * The outcome of a device that read the same values and whose coverage answered the same
   * questions alike: which question comes next depends only on the values and the answers so far.
   */
  get(check: Check, key: string, snapshot: Snapshot): CachedOutcome | undefined {
    const e = this.entry(check);
    const hit = e.slots.get(key)?.find((c) => c.asked.every((q) => this.answer(snapshot, q) === q.answer));
    if (hit) e.hits++;
    else e.misses++;
    return hit;
  }

  set(check: Check, key: string, value: CachedOutcome): void {
    const e = this.entry(check);
    if (e.kept >= KEPT_PER_CHECK) return;
    e.kept++;
    const slot = e.slots.get(key);
    if (slot) slot.push(value);
    else e.slots.set(key, [value]);
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
}
