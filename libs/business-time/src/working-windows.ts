import { DateTime } from 'luxon';
import type { BusinessCalendar } from './business-calendar';
import { minutesOfDay, parseWallClock, type WallClock } from './wall-clock';

export interface WorkingWindow {
  open: number;
  close: number;
}

export interface OrdinaryWeek {
  /** The local midnight seven days on. */
  next: DateTime;
  businessMs: number;
}

export interface CalendarRules {
  calendar: BusinessCalendar;
  opening: WallClock;
  closing: WallClock;
  workingDays: Set<number>;
  holidays: Set<string>;
  holidayEpochDays: number[];
  /** Business time of a week with no holiday and no DST change. */
  weekMs: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export function rulesOf(calendar: BusinessCalendar): CalendarRules {
  const opening = requireClock(calendar.workingHours.start, calendar);
  const closing = requireClock(calendar.workingHours.end, calendar);
  const workingDays = new Set(calendar.workingDays);
  return {
    calendar,
    opening,
    closing,
    workingDays,
    holidays: new Set(calendar.holidays),
    holidayEpochDays: calendar.holidays.map(epochDayOfIsoDate).sort((a, b) => a - b),
    weekMs: workingDays.size * (minutesOfDay(closing) - minutesOfDay(opening)) * 60_000,
  };
}

/** The local midnight of the day that holds `instant`. */
export function dayOf(instant: Date, rules: CalendarRules): DateTime {
  const day = DateTime.fromJSDate(instant, { zone: rules.calendar.timeZone }).startOf('day');
  if (!day.isValid) throw new RangeError(`unknown time zone '${rules.calendar.timeZone}'`);
  return day;
}

/** The working window (epoch ms) of a local day, or undefined when nobody works that day. */
export function windowOn(day: DateTime, rules: CalendarRules): WorkingWindow | undefined {
  if (!rules.workingDays.has(day.weekday) || rules.holidays.has(day.toISODate() as string)) {
    return undefined;
  }
  const open = at(day, rules.opening);
  const close = at(day, rules.closing);
  // An opening moved past the gap can pass a closing just after it: no working time that day.
  return close > open ? { open, close } : undefined;
}

/**
 * The seven days from `day` (a local midnight) when they hold no holiday and no DST change, so
 * their business time is the calendar's nominal week; lets long durations skip a week at a time.
 */
export function ordinaryWeekFrom(day: DateTime, rules: CalendarRules): OrdinaryWeek | undefined {
  const start = day.toMillis();
  const next = day.plus({ weeks: 1 });
  if (next.toMillis() - start !== WEEK_MS) return undefined;
  // Equal length could still hide a change and its reversal; the offset at each midday rules it out.
  for (let midday = start + DAY_MS / 2; midday < start + WEEK_MS; midday += DAY_MS) {
    if (day.zone.offset(midday) !== day.offset) return undefined;
  }
  if (holidayWithin(epochDayOf(day), rules.holidayEpochDays)) return undefined;
  return { next, businessMs: rules.weekMs };
}

function holidayWithin(firstEpochDay: number, sortedHolidays: number[]): boolean {
  let low = 0;
  let high = sortedHolidays.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sortedHolidays[mid] < firstEpochDay) low = mid + 1;
    else high = mid;
  }
  return low < sortedHolidays.length && sortedHolidays[low] < firstEpochDay + 7;
}

function epochDayOf(day: DateTime): number {
  return Date.UTC(day.year, day.month - 1, day.day) / DAY_MS;
}

function epochDayOfIsoDate(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

function at(day: DateTime, clock: WallClock): number {
  // A wall-clock time inside a DST gap resolves later by the gap, as Temporal's 'compatible' does.
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
