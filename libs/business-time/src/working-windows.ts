import { DateTime, IANAZone } from 'luxon';
import type { BusinessCalendar } from './business-calendar';
import { dateOf, epochDayOfIsoDate, localDayAt, weekdayOf } from './local-days';
import { minutesOfDay, parseWallClock, type WallClock } from './wall-clock';

export interface WorkingWindow {
  open: number;
  close: number;
}

export interface CalendarRules {
  calendar: BusinessCalendar;
  zone: IANAZone;
  opening: WallClock;
  closing: WallClock;
  /** Indexed by ISO weekday, 1 = Monday .. 7 = Sunday. */
  workingWeekdays: boolean[];
  workingDaysPerWeek: number;
  /** Epoch days of the holidays that fall on a working weekday, ascending. */
  workingHolidays: number[];
  holidays: Set<number>;
  /** Business time of a working day with no UTC offset change, as its hours state it. */
  dayMs: number;
}

export function rulesOf(calendar: BusinessCalendar): CalendarRules {
  const zone = IANAZone.create(calendar.timeZone);
  if (!zone.isValid) throw new RangeError(`unknown time zone '${calendar.timeZone}'`);
  const opening = requireClock(calendar.workingHours.start, calendar);
  const closing = requireClock(calendar.workingHours.end, calendar);
  const workingWeekdays = Array.from({ length: 8 }, (_, weekday) =>
    calendar.workingDays.includes(weekday),
  );
  const holidays = new Set(calendar.holidays.map(epochDayOfIsoDate));
  return {
    calendar,
    zone,
    opening,
    closing,
    workingWeekdays,
    workingDaysPerWeek: workingWeekdays.filter(Boolean).length,
    workingHolidays: [...holidays]
      .filter((day) => workingWeekdays[weekdayOf(day)])
      .sort((a, b) => a - b),
    holidays,
    dayMs: (minutesOfDay(closing) - minutesOfDay(opening)) * 60_000,
  };
}

/** The local date (epoch day) that holds `instant` in the calendar's zone. */
export function localDayOf(instantMs: number, rules: CalendarRules): number {
  return localDayAt(instantMs, rules.zone.offset(instantMs));
}

/** The working window (epoch ms) of a local day, or undefined when nobody works that day. */
export function windowOn(epochDay: number, rules: CalendarRules): WorkingWindow | undefined {
  if (!rules.workingWeekdays[weekdayOf(epochDay)] || rules.holidays.has(epochDay)) return undefined;
  const date = dateOf(epochDay);
  const open = at(date, rules.opening, rules);
  const close = at(date, rules.closing, rules);
  // An opening moved past the gap can pass a closing just after it: no working time that day.
  return close > open ? { open, close } : undefined;
}

/**
 * The opening instant of a working day on which the UTC offset does not change, from its offset
 * alone: a day of a run that nextOffsetChangeDay found no change in.
 */
export function openingOnSteadyDay(epochDay: number, offsetMinutes: number, rules: CalendarRules) {
  return epochDay * 86_400_000 + (minutesOfDay(rules.opening) - offsetMinutes) * 60_000;
}

/** The UTC offset, in minutes, throughout a local day on which it does not change. */
export function offsetOnSteadyDay(epochDay: number, rules: CalendarRules): number {
  // Local noon by a guessed offset, until the offset there confirms the guess.
  const noon = epochDay * 86_400_000 + 43_200_000;
  let offset = rules.zone.offset(noon);
  for (let tries = 0; tries < 3; tries++) {
    const there = rules.zone.offset(noon - offset * 60_000);
    if (there === offset) break;
    offset = there;
  }
  return offset;
}

function at(
  date: { year: number; month: number; day: number },
  clock: WallClock,
  rules: CalendarRules,
) {
  // A wall-clock time inside a DST gap resolves later by the gap, as Temporal's 'compatible' does.
  return DateTime.fromObject(
    { ...date, hour: clock.hour, minute: clock.minute },
    { zone: rules.zone },
  ).toMillis();
}

function requireClock(text: string, calendar: BusinessCalendar): WallClock {
  const clock = parseWallClock(text);
  if (!clock) throw new RangeError(`calendar '${calendar.id}' has a bad working hour '${text}'`);
  return clock;
}
