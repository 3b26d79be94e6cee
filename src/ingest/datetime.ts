// Times in exports. Windows tools print local wall-clock time in the console's culture
// ("10/24/2012 8:25:56 AM" from w32tm and from Export-Csv of a DateTime). The snapshot needs
// RFC 3339 with an offset, so the merge reads such times with the culture's date/time patterns
// and the console's UTC offset from the collection manifest. Never the current time, never mtimes.
import { isCalendarDateTime } from '../io/dates.js';

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fraction of a second as written (digits only), or ''. */
  fraction: string;
}

/** The patterns of en-US, used when the manifest does not give the console's own. */
export const DEFAULT_SHORT_DATE = 'M/d/yyyy';
export const DEFAULT_LONG_TIME = 'h:mm:ss tt';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

interface Compiled {
  re: RegExp;
  groups: string[];
}
const compiledCache = new Map<string, Compiled>();

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles a .NET custom date/time pattern (d, dd, M, MM, MMM, MMMM, yy, yyyy, h, hh, H, HH, m, mm, s, ss, f..., t, tt, quoted literals). */
function compile(pattern: string): Compiled {
  const hit = compiledCache.get(pattern);
  if (hit) return hit;
  let re = '^\\s*';
  const groups: string[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "'" || c === '"') {
      const j = pattern.indexOf(c, i + 1);
      const lit = j < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, j);
      re += escapeRe(lit);
      i = j < 0 ? pattern.length : j + 1;
      continue;
    }
    if (c === '\\') {
      re += escapeRe(pattern[i + 1] ?? '');
      i += 2;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === c) n++;
    i += n;
    switch (c) {
      case 'd':
        if (n <= 2) {
          re += n === 1 ? '(\\d{1,2})' : '(\\d{2})';
          groups.push('day');
        } else re += '[^\\s\\d,.]+';
        break;
      case 'M':
        if (n <= 2) {
          re += n === 1 ? '(\\d{1,2})' : '(\\d{2})';
          groups.push('month');
        } else {
          re += '([A-Za-z]+)\\.?';
          groups.push('monthName');
        }
        break;
      case 'y':
        re += n <= 2 ? '(\\d{1,2})' : '(\\d{4})';
        groups.push(n <= 2 ? 'year2' : 'year');
        break;
      case 'h':
        re += n === 1 ? '(\\d{1,2})' : '(\\d{2})';
        groups.push('hour12');
        break;
      case 'H':
        re += n === 1 ? '(\\d{1,2})' : '(\\d{2})';
        groups.push('hour');
        break;
      case 'm':
        re += n === 1 ? '(\\d{1,2})' : '(\\d{2})';
        groups.push('minute');
        break;
      case 's':
        re += n === 1 ? '(\\d{1,2})' : '(\\d{2})';
        groups.push('second');
        break;
      case 'f':
      case 'F':
        re += `(\\d{0,${n}})`;
        groups.push('fraction');
        break;
      case 't':
        re += '([AaPp]\\.?[Mm]?\\.?)';
        groups.push('ampm');
        break;
      case ' ':
        re += '\\s+';
        break;
      default:
        re += escapeRe(c.repeat(n));
    }
  }
  re += '\\s*$';
  const out = { re: new RegExp(re), groups };
  compiledCache.set(pattern, out);
  return out;
}

/**
 * Reads local wall-clock text with a .NET pattern. Returns null if it does not match or is no real
 * date. A two-digit year ("yy") is read in `century` (readingsOf asks for both 1900 and 2000).
 */
export function parseWithPattern(text: string, pattern: string, century = 2000): LocalParts | null {
  const { re, groups } = compile(pattern);
  const m = re.exec(text);
  if (!m) return null;
  let year = NaN;
  let month = NaN;
  let day = NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = '';
  let hour12: number | undefined;
  let pm: boolean | undefined;
  groups.forEach((g, k) => {
    const v = m[k + 1] ?? '';
    switch (g) {
      case 'day': day = Number(v); break;
      case 'month': month = Number(v); break;
      case 'monthName': {
        const idx = MONTHS.findIndex((name) => name.startsWith(v.toLowerCase()) && v.length >= 3);
        month = idx + 1 || NaN;
        break;
      }
      case 'year': year = Number(v); break;
      case 'year2': year = century + Number(v); break;
      case 'hour': hour = Number(v); break;
      case 'hour12': hour12 = Number(v); break;
      case 'minute': minute = Number(v); break;
      case 'second': second = Number(v); break;
      case 'fraction': fraction = v; break;
      case 'ampm': pm = /^p/i.test(v); break;
    }
  });
  if (hour12 !== undefined) {
    if (hour12 < 1 || hour12 > 12) return null;
    hour = pm === undefined ? hour12 : (hour12 % 12) + (pm ? 12 : 0);
  }
  const parts = { year, month, day, hour, minute, second, fraction };
  return validParts(parts) ? parts : null;
}

function validParts(p: LocalParts): boolean {
  if (![p.year, p.month, p.day].every(Number.isInteger)) return false;
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 59) return false;
  const dim = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
  return p.day <= dim;
}

const ISO_LOCAL = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*$/;

/**
 * Reads a local time: first the culture's "short date + long time" pattern, then ISO 8601
 * without offset. Null if neither matches.
 */
export function parseLocal(text: string, shortDate = DEFAULT_SHORT_DATE, longTime = DEFAULT_LONG_TIME, century = 2000): LocalParts | null {
  const byPattern = parseWithPattern(text, `${shortDate} ${longTime}`, century);
  if (byPattern) return byPattern;
  const m = ISO_LOCAL.exec(text);
  if (m) {
    const p = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0), fraction: m[7] ?? '' };
    return validParts(p) ? p : null;
  }
  return null;
}

/**
 * Date orders of the cultures Windows ships, and their time formats: what a local time may be
 * written in when the export does not name its culture ("3/1/2024" is 1 March in en-US, 3 January
 * in en-GB or en-AU). Day first with dots or dashes, year first with dashes or slashes.
 */
const UNNAMED_DATES = ['M/d/yyyy', 'd/M/yyyy', 'd.M.yyyy', 'd-M-yyyy', 'yyyy-M-d', 'yyyy/M/d'];
const UNNAMED_TIMES = ['h:mm:ss tt', 'H:mm:ss'];

/** A local time read one way, and the pattern that read it. */
export interface Reading {
  parts: LocalParts;
  pattern: string;
}

/**
 * Every distinct reading of a local time: with the culture's patterns when the export names them
 * (one reading at most), else with every culture's date order (several when the text fits more
 * than one: "3/1/2024" is 1 March or 3 January). Ordered earliest first; empty when none fits.
 */
export function readingsOf(text: string, shortDate: string | undefined, longTime: string | undefined): Reading[] {
  if (shortDate !== undefined || longTime !== undefined) {
    const sd = shortDate ?? DEFAULT_SHORT_DATE;
    const lt = longTime ?? DEFAULT_LONG_TIME;
    // A two-digit year ("M/d/yy": "3/1/24") names no century: Windows' own cut-off (2049) is a
    // setting the export does not give, so it is read in both (1924 and 2024), never guessed.
    const centuries = hasTwoDigitYear(`${sd} ${lt}`) ? [1900, 2000] : [2000];
    const out = new Map<string, Reading>();
    for (const c of centuries) {
      const parts = parseLocal(text, sd, lt, c);
      const key = parts && toRfc3339(parts, '');
      if (parts && key && !out.has(key)) out.set(key, { parts, pattern: `${sd} ${lt}` });
    }
    return [...out.values()];
  }
  const iso = ISO_LOCAL.exec(text) ? parseLocal(text, '', '') : null;
  if (iso) return [{ parts: iso, pattern: 'ISO 8601' }];
  const out = new Map<string, Reading>();
  for (const sd of UNNAMED_DATES) {
    for (const lt of UNNAMED_TIMES) {
      const parts = parseLocal(text, sd, lt);
      const key = parts && toRfc3339(parts, '');
      if (parts && key && !out.has(key)) out.set(key, { parts, pattern: `${sd} ${lt}` });
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/**
 * The readings of a date written with no time ("3/1/2024", "01.03.2024"), as readingsOf reads a
 * date and time: the culture's short date when the export names it, else every culture's date
 * order, and ISO 8601's "yyyy-MM-dd". Each reading is the day's first instant (00:00:00); the
 * caller widens the last to the day's end, since no time of that day is known. Earliest first.
 */
export function dayReadingsOf(text: string, shortDate: string | undefined, longTime: string | undefined): Reading[] {
  const named = shortDate !== undefined || longTime !== undefined;
  const patterns = named ? [shortDate ?? DEFAULT_SHORT_DATE] : ['yyyy-MM-dd', ...UNNAMED_DATES];
  const out = new Map<string, Reading>();
  for (const sd of patterns) {
    for (const c of hasTwoDigitYear(sd) ? [1900, 2000] : [2000]) {
      const parts = parseWithPattern(text, sd, c);
      const key = parts && toRfc3339(parts, '');
      if (parts && key && !out.has(key)) out.set(key, { parts, pattern: sd });
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** The last instant of a reading's day (a date with no time is the whole day: dayReadingsOf). */
export function endOfDay(p: LocalParts): LocalParts {
  return { ...p, hour: 23, minute: 59, second: 59, fraction: '999' };
}

/** Whether a .NET pattern writes the year with one or two digits ("yy"). */
export function hasTwoDigitYear(pattern: string): boolean {
  return compile(pattern).groups.includes('year2');
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** "2012-10-24T08:25:56+01:00": the wall-clock time as written, with the console's offset. */
export function toRfc3339(p: LocalParts, offset: string): string {
  const frac = p.fraction ? `.${p.fraction}` : '';
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${frac}${offset === 'Z' ? '+00:00' : offset}`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * An RFC 3339 date-time with a time zone (what the snapshot schema accepts): the one reading of
 * io/dates, so a leap second (…T23:59:60Z) an export states is read, not refused at ingest while a
 * snapshot stating it is assessed.
 */
export function isRfc3339(s: string): boolean {
  return isCalendarDateTime(s);
}

/** The offset of an RFC 3339 date-time ("+01:00"; "Z" gives "+00:00"). */
export function offsetOf(rfc3339: string): string | undefined {
  const m = RFC3339.exec(rfc3339);
  if (!m) return undefined;
  const off = m[8] as string;
  return off === 'Z' || off === 'z' ? '+00:00' : off;
}

export function isUtcOffset(s: string): boolean {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(s);
  return !!m && Number(m[2]) <= 23 && Number(m[3]) <= 59;
}

/**
 * Whether a date an export writes for an event (a last logon, a password last set) is Windows'
 * "never" rather than a date: the word ("Never", net user's), or a year of 1970 or before, which
 * no event on a Windows console has: FILETIME 0 (1601-01-01, "1/1/1601 1:00:00 AM" in UTC+01:00),
 * DateTime.MinValue (0001-01-01) and Unix time 0 or -1 (1970-01-01, 1969-12-31), each shown in
 * any zone. The year is the text's first four-digit number (ISO 8601 and every culture's order).
 */
export function isNeverDate(text: string): boolean {
  if (/^\s*never\s*$/i.test(text)) return true;
  const year = /(?<!\d)\d{4}(?!\d)/.exec(text);
  return year !== null && Number(year[0]) <= 1970;
}

/**
 * PowerShell 5.1's ConvertTo-Json writes DateTime as "\/Date(1709280000000)\/" (UTC milliseconds,
 * optionally followed by an offset that does not change the instant). Returns RFC 3339 in UTC.
 */
export function fromMsJsonDate(s: string): string | null {
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(s);
  if (!m) return null;
  const ms = Number(m[1]);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace('.000Z', 'Z');
}
