// The assessment clock is an input: --now, else SOURCE_DATE_EPOCH, else the system clock.
import { isCalendarDateTime } from '../io/dates.js';
import { UserError } from '../io/errors.js';

/** Normalises to UTC without milliseconds: 2026-11-28T09:00:00Z. */
export function resolveNow(now: string | undefined, env: NodeJS.ProcessEnv, clock: () => number = Date.now): string {
  let ms: number;
  if (now !== undefined) {
    if (!isCalendarDateTime(now) || Number.isNaN(Date.parse(now))) {
      throw new UserError(`--now must be an RFC 3339 date-time with a timezone, e.g. 2026-11-28T09:00:00Z; got "${now}"`, { exitCode: 2 });
    }
    ms = Date.parse(now);
  } else if (env.SOURCE_DATE_EPOCH !== undefined && env.SOURCE_DATE_EPOCH !== '') {
    if (!/^\d+$/.test(env.SOURCE_DATE_EPOCH)) throw new UserError(`SOURCE_DATE_EPOCH must be whole seconds since 1970; got "${env.SOURCE_DATE_EPOCH}"`, { exitCode: 2 });
    ms = Number(env.SOURCE_DATE_EPOCH) * 1000;
  } else {
    ms = clock();
  }
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
