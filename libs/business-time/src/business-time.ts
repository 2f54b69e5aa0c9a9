import type { BusinessCalendar } from './business-calendar';
import { dayRuns } from './day-runs';
import { BusinessTimeOutOfRangeError, LATEST_INSTANT_MS } from './platform-range';
import { minutesOfDay, parseWallClock } from './wall-clock';
import { nthWorkingDay, workingDaysBetween } from './working-days';
import {
  localDayOf,
  offsetOnSteadyDay,
  openingOnSteadyDay,
  rulesOf,
  windowOn,
} from './working-windows';

/**
 * The instant at which `durationMs` of business time has elapsed after `start`. A start outside
 * working hours counts from the next opening; a duration that ends at closing time gives the
 * closing time. Runs of days without a UTC offset change are counted, not walked, so any duration
 * costs about the same; one that would end after 2199-12-31 is a BusinessTimeOutOfRangeError.
 */
export function addBusinessTime(start: Date, durationMs: number, calendar: BusinessCalendar): Date {
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`a business duration is a finite number of ms >= 0, got ${durationMs}`);
  }
  if (durationMs === 0) return new Date(start.getTime());
  const rules = rulesOf(calendar);
  const from = start.getTime();
  const inRange = (due: number) => {
    if (due > LATEST_INSTANT_MS) throw new BusinessTimeOutOfRangeError(calendar.id);
    return new Date(due);
  };
  let remaining = durationMs;
  /** The day's working time from `from` on: the due instant if it ends there, else used up. */
  const spend = (day: number): Date | undefined => {
    const window = windowOn(day, rules);
    const begin = Math.max(window?.open ?? 0, from);
    const available = window ? window.close - begin : 0;
    if (available <= 0) return undefined;
    if (remaining <= available) return inRange(begin + remaining);
    remaining -= available;
    return undefined;
  };
  const firstDay = localDayOf(from, rules);
  const onFirstDay = spend(firstDay);
  if (onFirstDay) return onFirstDay;
  for (const run of dayRuns(firstDay + 1, localDayOf(LATEST_INSTANT_MS, rules), rules)) {
    if (!run.steady) {
      const due = spend(run.day);
      if (due) return due;
      continue;
    }
    const runMs = workingDaysBetween(run.from, run.to, rules) * rules.dayMs;
    if (runMs < remaining) {
      remaining -= runMs;
      continue;
    }
    const days = Math.ceil(remaining / rules.dayMs);
    const day = nthWorkingDay(run.from, days, run.to - 1, rules)!;
    const opening = openingOnSteadyDay(day, offsetOnSteadyDay(day, rules), rules);
    return inRange(opening + remaining - (days - 1) * rules.dayMs);
  }
  throw new BusinessTimeOutOfRangeError(calendar.id);
}

/** Business time, in ms, within [from, to); 0 when `to` is not after `from`. */
export function businessTimeBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const begin = from.getTime();
  const end = to.getTime();
  if (end <= begin) return 0;
  const rules = rulesOf(calendar);
  const within = (day: number) => {
    const window = windowOn(day, rules);
    return window ? Math.max(0, Math.min(window.close, end) - Math.max(window.open, begin)) : 0;
  };
  const firstDay = localDayOf(begin, rules);
  const lastDay = localDayOf(end, rules);
  let total = within(firstDay);
  if (lastDay <= firstDay) return total;
  for (const run of dayRuns(firstDay + 1, lastDay - 1, rules))
    total += run.steady
      ? workingDaysBetween(run.from, run.to, rules) * rules.dayMs
      : within(run.day);
  return total + within(lastDay);
}

/** The business time of one working day as the calendar's hours state it (DST days aside). */
export function businessDayMs(calendar: BusinessCalendar): number {
  const opening = parseWallClock(calendar.workingHours.start);
  const closing = parseWallClock(calendar.workingHours.end);
  if (!opening || !closing) throw new RangeError(`calendar '${calendar.id}' has bad working hours`);
  return (minutesOfDay(closing) - minutesOfDay(opening)) * 60_000;
}

/** `days` business days as a business duration, e.g. the SPEC §4 defaults. */
export function businessDays(days: number, calendar: BusinessCalendar): number {
  return days * businessDayMs(calendar);
}
