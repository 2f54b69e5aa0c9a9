import { DateTime } from 'luxon';
import type { BusinessCalendar } from './business-calendar';
import { parseWallClock, type WallClock } from './wall-clock';

export interface WorkingWindow {
  open: number;
  close: number;
}

// A calendar with a working day left in it has one within a few weeks; this only stops a runaway.
const MAX_DAYS_SCANNED = 366 * 200;

/** The working windows (epoch ms) of each local day, from the day that holds `from` onwards. */
export function* workingWindowsFrom(
  from: Date,
  calendar: BusinessCalendar,
): Generator<WorkingWindow, never> {
  const opening = requireClock(calendar.workingHours.start, calendar);
  const closing = requireClock(calendar.workingHours.end, calendar);
  const workingDays = new Set(calendar.workingDays);
  const holidays = new Set(calendar.holidays);
  let day = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf('day');
  if (!day.isValid) throw new RangeError(`unknown time zone '${calendar.timeZone}'`);
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned += 1) {
    if (workingDays.has(day.weekday) && !holidays.has(day.toISODate() as string)) {
      const open = at(day, opening);
      const close = at(day, closing);
      // A window whose ends fall into a DST gap can collapse; it then has no working time.
      if (close > open) yield { open, close };
    }
    day = day.plus({ days: 1 });
  }
  throw new RangeError(`calendar '${calendar.id}' has no working time in ${MAX_DAYS_SCANNED} days`);
}

function at(day: DateTime, clock: WallClock): number {
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: clock.hour, minute: clock.minute },
    { zone: day.zone },
  ).toMillis();
}

function requireClock(text: string, calendar: BusinessCalendar): WallClock {
  const clock = parseWallClock(text);
  if (!clock) throw new RangeError(`calendar '${calendar.id}' has a bad working hour '${text}'`);
  return clock;
}
