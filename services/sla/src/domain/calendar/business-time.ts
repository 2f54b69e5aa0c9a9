import type { BusinessCalendar } from './business-calendar';
import { minutesOfDay, parseWallClock } from './wall-clock';
import { workingWindowsFrom } from './working-windows';

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
  const from = start.getTime();
  let remaining = durationMs;
  for (const window of workingWindowsFrom(start, calendar)) {
    const begin = Math.max(window.open, from);
    if (begin >= window.close) continue;
    const available = window.close - begin;
    if (remaining <= available) return new Date(begin + remaining);
    remaining -= available;
  }
  throw new Error('unreachable: working windows never end');
}

/** Business time, in ms, within [from, to); 0 when `to` is not after `from`. */
export function businessTimeBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const begin = from.getTime();
  const end = to.getTime();
  if (end <= begin) return 0;
  let total = 0;
  for (const window of workingWindowsFrom(from, calendar)) {
    if (window.open >= end) break;
    total += Math.max(0, Math.min(window.close, end) - Math.max(window.open, begin));
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
