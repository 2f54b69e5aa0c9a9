import type { BusinessCalendar } from './business-calendar';
import { minutesOfDay, parseWallClock } from './wall-clock';
import { dayOf, ordinaryWeekFrom, rulesOf, windowOn } from './working-windows';

// A calendar with a working day left in it has one within weeks; this only stops a runaway.
const MAX_STEPS = 366 * 400;
const WEEK_MS = 7 * 86_400_000;

/**
 * The instant at which `durationMs` of business time has elapsed after `start`. A start outside
 * working hours counts from the next opening; a duration that ends at closing time gives the
 * closing time.
 */
export function addBusinessTime(start: Date, durationMs: number, calendar: BusinessCalendar): Date {
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`a business duration is a finite number of ms >= 0, got ${durationMs}`);
  }
  if (durationMs === 0) return new Date(start.getTime());
  const rules = rulesOf(calendar);
  const from = start.getTime();
  let remaining = durationMs;
  let day = dayOf(start, rules);
  for (let step = 0; step < MAX_STEPS; step += 1) {
    if (remaining > rules.weekMs && day.toMillis() >= from) {
      const week = ordinaryWeekFrom(day, rules);
      if (week && week.businessMs < remaining) {
        remaining -= week.businessMs;
        day = week.next;
        continue;
      }
    }
    const window = windowOn(day, rules);
    const begin = Math.max(window?.open ?? 0, from);
    const available = window ? window.close - begin : 0;
    if (available > 0) {
      if (remaining <= available) return new Date(begin + remaining);
      remaining -= available;
    }
    day = day.plus({ days: 1 });
  }
  throw new RangeError(`calendar '${calendar.id}' has no working time left to add`);
}

/** Business time, in ms, within [from, to); 0 when `to` is not after `from`. */
export function businessTimeBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const begin = from.getTime();
  const end = to.getTime();
  if (end <= begin) return 0;
  const rules = rulesOf(calendar);
  let total = 0;
  let day = dayOf(from, rules);
  while (day.toMillis() < end) {
    if (day.toMillis() >= begin && end - day.toMillis() > WEEK_MS) {
      const week = ordinaryWeekFrom(day, rules);
      if (week && week.next.toMillis() <= end) {
        total += week.businessMs;
        day = week.next;
        continue;
      }
    }
    const window = windowOn(day, rules);
    if (window) total += Math.max(0, Math.min(window.close, end) - Math.max(window.open, begin));
    day = day.plus({ days: 1 });
  }
  return total;
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
