// Dates a person writes (deviation and attestation expiries, --now): checked against the calendar.
// Date.parse("2027-02-30") is a valid time (2 March), so a form check alone lets an impossible
// date through into OSCAL verbatim.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/i;

function realDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** True for a YYYY-MM-DD that is a day of the calendar (not 2027-02-30, not 2026-13-01). */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  return !!m && realDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True for an RFC 3339 date-time with a timezone whose day and time exist (seconds up to 60 for a leap second). */
export function isCalendarDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m || !realDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60) return false;
  return m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
}

/** A time at the very start of its day, in its own zone ("2026-06-30T00:00:00Z", "…T00:00:00.000+02:00"). */
const MIDNIGHT = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * Whether two date texts state the same fact: one instant written with another offset or other
 * digits ("…T10:00:00+01:00" and "…T09:00:00.000Z"), or a calendar day and that day's midnight,
 * the instant a day was written as before it could be written as a day (latestReleasedOn
 * "2026-06-30" and "2026-06-30T00:00:00Z"). Any other pair, or a text that is no date, is not.
 */
export function sameMoment(a: string, b: string): boolean {
  if (isCalendarDateTime(a) && isCalendarDateTime(b)) {
    const t = instantMs(a);
    // instantMs reads a leap second as the second before it; the two are still different facts.
    return !Number.isNaN(t) && t === instantMs(b) && LEAP.test(a) === LEAP.test(b);
  }
  const [day, time] = isCalendarDate(a) ? [a, b] : [b, a];
  return isCalendarDate(day) && MIDNIGHT.exec(time)?.[1] === day;
}

const LEAP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):60(?=[.Zz+-])/;

/**
 * The instant (ms) of an RFC 3339 date-time with its zone (isCalendarDateTime), NaN for any other
 * text, however Date.parse would read it. A leap second ("2016-12-31T23:59:60Z",
 * which isCalendarDateTime accepts and Date.parse does not) is read as the second before it: one
 * second older, never younger, so an age or an expiry judged on it errs toward the stricter side.
 */
export function instantMs(text: string | undefined): number {
  // Only a text with "60" where the seconds are is rewritten (a diff of 1,000 devices called this
  // ~100,000 times: the replace on every call cost a quarter of a second).
  // Not a text (a certificate without notAfter): no instant, as Date.parse said before every read came here.
  // A text in any other form than RFC 3339 with its zone is none either: Date.parse reads
  // "2026-11-02 10:00" or "2026-11-02T10:00:00" in the process's zone and "Nov 2 2026" as it
  // guesses, so one input would name another instant on another machine.
  if (typeof text !== 'string' || !isCalendarDateTime(text)) return NaN;
  if (text.charCodeAt(17) !== 0x36 || text.charCodeAt(18) !== 0x30) return Date.parse(text);
  return Date.parse(text.replace(LEAP, '$1:59'));
}

/**
 * The day (YYYY-MM-DD, UTC) of an RFC 3339 time: days of times with different offsets then order
 * as their instants do ("2026-11-11T01:00:00+05:00" is 2026-11-10). A bare date is itself.
 */
export function utcDay(iso: string): string {
  const ms = instantMs(iso);
  return iso.length <= 10 || Number.isNaN(ms) ? iso.slice(0, 10) : new Date(ms).toISOString().slice(0, 10);
}

/**
 * The earliest and the latest of date-times, by the instant they name (text order is wrong across
 * offsets: "09:00+05:00" is before "06:00Z"); of two texts for one instant, the smaller text first
 * and the larger last, so the result does not depend on the order given. One pass: a fleet's
 * collection times are 10,000. Undefined when there are none.
 */
export function timeWindow(times: Iterable<string>): { first: string; last: string } | undefined {
  let first: TimeText | undefined;
  let last: TimeText | undefined;
  for (const text of times) {
    const x = { at: instantMs(text) || 0, text };
    if (isEarlier(x, first)) first = x;
    if (!last || x.at > last.at || (x.at === last.at && x.text > last.text)) last = x;
  }
  return first && last ? { first: first.text, last: last.text } : undefined;
}

/** A date-time as written, with its instant parsed once (ms). */
export interface TimeText {
  at: number;
  text: string;
}

/** Sort order of date-times: by instant, then by text (timeWindow's order). */
export function compareTimes(a: string, b: string): number {
  return (instantMs(a) || 0) - (instantMs(b) || 0) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Whether `x` comes before `than` (or there is none): by instant, then the smaller text (timeWindow's order). */
export function isEarlier(x: TimeText, than: TimeText | undefined): boolean {
  return !than || x.at < than.at || (x.at === than.at && x.text < than.text);
}

// A calendar day with no time zone (a deviation's or an attestation's last day, a vendor's or
// Microsoft's end date) ends at a different instant in each zone: first where it ends at UTC+14:00,
// last at UTC-12:00. What holds "through" such a day holds everywhere only until its first end; it
// is over everywhere only after its last (docs/checks.md, `listed-until`).
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The day's first and last end (whole seconds, …T09:59:59Z and the next …T11:59:59Z), or undefined for a day the calendar lacks. */
export function dayEnds(day: string): { firstMs: number; lastMs: number } | undefined {
  if (!isCalendarDate(day)) return undefined;
  const start = Date.parse(`${day}T00:00:00Z`);
  return { firstMs: start + DAY_MS - 14 * HOUR_MS - 1000, lastMs: start + DAY_MS + 12 * HOUR_MS - 1000 };
}

/** The day's first end as documents state it: the day as written, at UTC+14:00 (the instant of dayEnds' firstMs). */
export function dayFirstEnd(day: string): string {
  return `${day}T23:59:59+14:00`;
}

/**
 * The day's first start as documents state it: the day as written, at UTC+14:00, where it begins
 * first (an OSCAL within-date-range's start). The same zone as dayFirstEnd, so a range states
 * whole days of one zone: a one-day range starting at UTC-12:00 would start 2 hours after it ends.
 */
export function dayFirstStart(day: string): string {
  return `${day}T00:00:00+14:00`;
}

/** The instant of a clock given as RFC 3339, or as a bare YYYY-MM-DD read as that day's start at UTC. */
function clockMs(at: string): number {
  return instantMs(at.length <= 10 ? `${at.slice(0, 10)}T00:00:00Z` : at);
}

/**
 * The latest day begun somewhere at the clock `at` (RFC 3339; a bare YYYY-MM-DD is that day's start
 * at UTC): the day at UTC+14:00, where each day begins first. A day a person writes (an
 * attestation's `when`, its review's day) is placed at its first start (dayFirstStart), so it lies
 * in the past at `at` exactly when it is no later than this day: an attester at UTC+02:00 dates
 * today's attestation 2026-03-01 while it is still 2026-02-28 at UTC.
 */
export function latestDayBegun(at: string): string {
  const ms = clockMs(at);
  return Number.isNaN(ms) ? at.slice(0, 10) : new Date(ms + 14 * HOUR_MS).toISOString().slice(0, 10);
}

/**
 * True while something valid through `day` holds in every zone at the clock `at` (RFC 3339; a bare
 * YYYY-MM-DD is read as that day's start at UTC): until the day ends at UTC+14:00.
 */
export function holdsThroughDay(day: string, at: string): boolean {
  const end = dayEnds(day);
  const ms = clockMs(at);
  return end !== undefined && !Number.isNaN(ms) && ms <= end.firstMs;
}

/** Whether the day is over somewhere at the clock `at` (past its first end): a deadline on that day is overdue. */
export function dayIsOver(day: string, at: string): boolean {
  return !holdsThroughDay(day, at);
}

/** The day's first end in UTC ("2027-01-12" → "2027-01-12T09:59:59Z"), for messages beside a clock in UTC. */
export function dayFirstEndUtc(day: string): string {
  const end = dayEnds(day);
  return end ? new Date(end.firstMs).toISOString().replace('.000Z', 'Z') : day;
}
