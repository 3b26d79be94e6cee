// The assessment clock is an input: --now, else SOURCE_DATE_EPOCH, else the system clock.
import { isCalendarDateTime } from '../io/dates.js';
import { UserError } from '../io/errors.js';

/**
 * Normalises to UTC in whole seconds: 2026-11-28T09:00:00Z. A --now with a fraction of a second is
 * refused (exit 2); the system clock is taken up to the next whole second.
 */
export function resolveNow(now: string | undefined, env: NodeJS.ProcessEnv, clock: () => number = Date.now): string {
  let ms: number;
  if (now !== undefined) {
    if (!isCalendarDateTime(now) || Number.isNaN(Date.parse(now))) {
      throw new UserError(`--now must be an RFC 3339 date-time with a timezone, e.g. 2026-11-28T09:00:00Z; got "${now}"`, { exitCode: 2 });
    }
    // Every output shows the clock in whole seconds: a fraction would be judged at one instant and
    // shown as another (a pass lapsing within that second called lapsed "before" the time shown).
    const fraction = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(now)?.[1];
    if (fraction !== undefined && /[1-9]/.test(fraction)) {
      const up = new Date(Math.floor(Date.parse(now) / 1000) * 1000 + 1000).toISOString().replace('.000Z', 'Z');
      throw new UserError(`--now must be whole seconds (every report shows the assessment time so, and judges evidence at the time it shows); got "${now}": give ${up}, the next whole second, so that no evidence is judged younger than it is`, { exitCode: 2 });
    }
    ms = Date.parse(now);
  } else if (env.SOURCE_DATE_EPOCH !== undefined && env.SOURCE_DATE_EPOCH !== '') {
    if (!/^\d+$/.test(env.SOURCE_DATE_EPOCH)) throw new UserError(`SOURCE_DATE_EPOCH must be whole seconds since 1970; got "${env.SOURCE_DATE_EPOCH}"`, { exitCode: 2 });
    ms = Number(env.SOURCE_DATE_EPOCH) * 1000;
  } else {
    // The system clock up to the next whole second: judged never before the run's instant, so
    // evidence is never judged younger than it is (at 09:15:22.9, at 09:15:23, not 22).
    ms = Math.ceil(clock() / 1000) * 1000;
  }
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
