// A five-field cron schedule ("minute hour day-of-month month day-of-week"), evaluated in UTC.
// Small and pure: `*`, lists, ranges, steps, month and weekday names, 7 = Sunday, and cron's rule
// that when both day fields are restricted a day matching either one runs.
import { UserError } from '../io/errors.js';

export interface CronSchedule {
  source: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Offset of names[0]. */
  nameBase?: number;
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, nameBase: 0 },
];

function bad(source: string, why: string): UserError {
  return new UserError(`--schedule "${source}": ${why} (five fields: minute hour day-of-month month day-of-week, e.g. "0 6 * * 1" for Mondays 06:00 UTC)`, { exitCode: 2 });
}

function parseField(text: string, spec: FieldSpec, source: string): Set<number> {
  const value = (t: string): number => {
    const lower = t.toLowerCase();
    const named = spec.names?.indexOf(lower) ?? -1;
    if (named >= 0) return named + (spec.nameBase ?? 0);
    if (!/^\d+$/.test(t)) throw bad(source, `${spec.name}: "${t}" is not a number${spec.names ? ' or a name' : ''}`);
    const n = Number(t);
    if (n < spec.min || n > spec.max) throw bad(source, `${spec.name}: ${n} is outside ${spec.min}-${spec.max}`);
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '') throw bad(source, `${spec.name}: "${part}" is not a value, range or step`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw bad(source, `${spec.name}: step "${stepText}" must be a positive whole number`);
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (range === '*') {
      lo = spec.min;
      hi = spec.max === 7 ? 6 : spec.max;
    } else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined || !a || !b) throw bad(source, `${spec.name}: "${range}" is not a range`);
      lo = value(a);
      hi = value(b);
      if (lo > hi) throw bad(source, `${spec.name}: range ${range} runs backwards`);
    } else {
      lo = value(range);
      hi = stepText !== undefined ? (spec.max === 7 ? 6 : spec.max) : lo;
    }
    for (let v = lo; v <= hi; v += step) out.add(spec.max === 7 && v === 7 ? 0 : v);
  }
  return out;
}

export function parseCron(source: string): CronSchedule {
  const fields = source.trim().split(/\s+/);
  if (fields.length !== 5 || fields[0] === '') throw bad(source, `has ${fields[0] === '' ? 0 : fields.length} field(s)`);
  const [m, h, dom, mon, dow] = fields.map((f, i) => parseField(f, FIELDS[i]!, source)) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  return {
    source, minutes: m, hours: h, days: dom, months: mon, weekdays: dow,
    daysRestricted: fields[2] !== '*' && !fields[2]!.startsWith('*/'), weekdaysRestricted: fields[4] !== '*' && !fields[4]!.startsWith('*/'),
  };
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.days.has(d.getUTCDate());
  const dow = s.weekdays.has(d.getUTCDay());
  if (s.daysRestricted && s.weekdaysRestricted) return dom || dow;
  return dom && dow;
}

/** The first time strictly after `afterMs` (whole minutes, UTC) the schedule fires. */
export function nextRun(s: CronSchedule, afterMs: number): number {
  const d = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
  const limit = afterMs + 5 * 366 * 86_400_000;
  while (d.getTime() <= limit) {
    if (!s.months.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(s, d)) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
    } else if (!s.hours.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
    } else if (!s.minutes.has(d.getUTCMinutes())) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
    } else {
      return d.getTime();
    }
  }
  throw bad(s.source, 'never fires (no such date in the next five years)');
}

export interface ScheduleDeps {
  /** Milliseconds since 1970 (the system clock in the CLI; a fake one in tests). */
  clock(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** One run at the scheduled time (RFC 3339); returns its exit code. */
  run(nowIso: string): Promise<number>;
  signal: AbortSignal;
  /** Told before each wait. */
  onWait?(nextIso: string): void;
  /** Stop after this many runs (tests). */
  maxRuns?: number;
}

/**
 * Runs on the schedule until `signal` aborts (SIGINT/SIGTERM in the CLI). An abort during a run
 * lets the run finish: the store is never left mid-run by a polite stop. Returns the exit code of
 * the last run (0 if none ran), so a gate that tripped is not hidden.
 */
export async function runOnSchedule(s: CronSchedule, deps: ScheduleDeps): Promise<{ runs: number; lastExit: number }> {
  let runs = 0;
  let lastExit = 0;
  while (!deps.signal.aborted && (deps.maxRuns === undefined || runs < deps.maxRuns)) {
    const next = nextRun(s, deps.clock());
    const iso = new Date(next).toISOString().replace('.000Z', 'Z');
    deps.onWait?.(iso);
    // Wake up as often as needed: a sleeping machine or a changed clock does not skip a run.
    while (!deps.signal.aborted && deps.clock() < next) await deps.sleep(Math.min(next - deps.clock(), 60_000), deps.signal);
    if (deps.signal.aborted) break;
    lastExit = await deps.run(iso);
    runs++;
  }
  return { runs, lastExit };
}
