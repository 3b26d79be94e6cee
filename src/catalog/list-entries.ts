// Entries of a list parameter whose items have a form (`entries:` in controls/parameters.yaml).
//
// dated (read by the `listed-until` operator):
// "19044" is accepted with no end; "19044 until 2027-01-12" through that day. A vendor's or
// Microsoft's end date is a calendar day with no zone, so it ends at a different instant in each
// zone: first at UTC+14:00 (2027-01-12T09:59:59Z), last at UTC-12:00 (2027-01-13T11:59:59Z). A pass
// must hold in every reading, so it holds through the earliest end only (`lastMs`); a fail needs
// the day over everywhere (`latestMs`); between the two the result depends on the zone and is not
// collected (docs/checks.md, `listed-until`).
import { dayEnds } from '../io/dates.js';
import { quoted } from '../snapshot/secrets.js';

const DATED_ENTRY = /^\s*(\S+)(?:\s+until\s+(\d{4}-\d{2}-\d{2}))?\s*$/i;

export interface DatedEntry {
  /** The value, in lower case. */
  value: string;
  /** The last day, as written, where the entry gives one. */
  day?: string;
  /**
   * The last instant the value is accepted in every zone (the day's end at UTC+14:00): Infinity
   * without a day, -Infinity for a day that does not exist.
   */
  lastMs: number;
  /** The last instant of the day in any zone (its end at UTC-12:00): after it the day is over everywhere. */
  latestMs: number;
}

/** The entry as read, or undefined when it is not "value" or "value until YYYY-MM-DD". */
export function parseDatedEntry(entry: unknown): DatedEntry | undefined {
  const m = typeof entry === 'string' || typeof entry === 'number' ? DATED_ENTRY.exec(String(entry)) : null;
  if (!m) return undefined;
  const value = m[1]!.toLowerCase();
  const day = m[2];
  if (day === undefined) return { value, lastMs: Infinity, latestMs: Infinity };
  const ends = dayEnds(day);
  if (ends === undefined) return { value, day, lastMs: -Infinity, latestMs: -Infinity };
  return { value, day, lastMs: ends.firstMs, latestMs: ends.lastMs };
}

/** Why an entry is malformed, or undefined (a params file's value and the catalog's default are refused with it). */
export function datedEntryProblem(entry: unknown): string | undefined {
  const e = parseDatedEntry(entry);
  if (!e) return `entry ${JSON.stringify(entry)} must be a value, optionally followed by "until YYYY-MM-DD"`;
  if (e.lastMs === -Infinity) return `entry ${JSON.stringify(entry)} names no such day: ${e.day}`;
  return undefined;
}

/**
 * A host name or an address as w32tm names a time source: no spaces, optionally with its NTP flags
 * (",0x8"). Prose ("the DoD time servers") is not one: a check comparing with it would fail every
 * console on a value nobody gave.
 */
const HOST_ENTRY = /^(?:\[[0-9a-f:.%]+\]|[a-z0-9_](?:[a-z0-9_.:%-]*[a-z0-9_.])?)(?:,0x[0-9a-f]+)?$/i;

export type EntryForm = 'dated' | 'hosts';
export const ENTRY_FORMS: readonly EntryForm[] = ['dated', 'hosts'];

/** Why an entry does not have the form its list requires, or undefined. */
export function entryProblem(form: EntryForm, entry: unknown): string | undefined {
  if (form === 'dated') return datedEntryProblem(entry);
  return typeof entry === 'string' && HOST_ENTRY.test(entry.trim()) ? undefined : `entry ${quoted(entry)} is not a host name or address`;
}
